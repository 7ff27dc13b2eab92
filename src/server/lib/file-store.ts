import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

/**
 * Where uploaded files live, by key ('reports/<id>/original.docx'). Local disk today; object storage can
 * implement the same three calls.
 */
export type FileStore = {
  /** Stores the bytes under the key, replacing what was there; a failed write leaves nothing behind. */
  put(key: string, data: Buffer): Promise<void>;
  /** The bytes under the key, or null when there are none. */
  get(key: string): Promise<Buffer | null>;
  /** Removes the key; removing a missing key is not an error. */
  remove(key: string): Promise<void>;
};

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Throws unless the key is a relative path of plain segments (no '..', no absolute paths). */
export function assertFileKey(key: string): void {
  const parts = key.split('/');
  if (parts.length === 0 || parts.length > 8 || !parts.every((p) => SEGMENT.test(p) && !p.includes('..'))) {
    throw new Error(`invalid file key: ${JSON.stringify(key)}`);
  }
}

/**
 * Files under `root` (DATA_DIR/files). Writes go to a temporary file beside the root (so a backup of the
 * root never sees half a file) and are renamed into place.
 */
export function localFileStore(root: string, tmpDir = `${resolve(root)}.tmp`): FileStore {
  const base = resolve(root);
  const pathOf = (key: string) => {
    assertFileKey(key);
    const p = join(base, ...key.split('/'));
    if (!p.startsWith(base + sep)) throw new Error(`invalid file key: ${JSON.stringify(key)}`);
    return p;
  };
  return {
    async put(key, data) {
      const target = pathOf(key);
      await mkdir(dirname(target), { recursive: true });
      await mkdir(tmpDir, { recursive: true });
      const tmp = join(tmpDir, `${randomUUID()}.part`);
      try {
        await writeFile(tmp, data, { mode: 0o600 });
        try {
          await rename(tmp, target);
        } catch (e) {
          // A temp dir on another file system: copy next to the target, then rename there.
          if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
          const near = `${target}.${randomUUID()}.part`;
          try {
            await copyFile(tmp, near);
            await rename(near, target);
          } catch (inner) {
            await rm(near, { force: true });
            throw inner;
          }
        }
      } finally {
        await rm(tmp, { force: true });
      }
    },
    async get(key) {
      try {
        return await readFile(pathOf(key));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
    },
    async remove(key) {
      const target = pathOf(key);
      await rm(target, { force: true });
      // Tidy the directories the key created, up to the root, while they are empty.
      for (let dir = dirname(target); dir.startsWith(base + sep); dir = dirname(dir)) {
        try {
          await rmdir(dir);
        } catch {
          break;
        }
      }
    },
  };
}
