import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../domain/shared/app-error';

/**
 * Encryption at rest for confidential text (talk notes, focus files): AES-256-GCM with keys from a keyring file
 * outside the database, so that a database dump or a backup file alone reveals nothing.
 *
 * Sealed form: `rk1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts). The key id travels with the value, so old
 * values stay readable after a rotation until they are re-sealed (`npx rectify keys rotate`). `aad` binds a value to
 * its row (e.g. `talks:<id>:notes`): a sealed value copied into another row does not open.
 *
 * Keyring file (JSON, mode 0600): `{ "active": "k2", "keys": { "k1": "<32 bytes base64>", "k2": "…" } }`, created with
 * one random key on first use. Its path is SECRETS_KEYRING (default DATA_DIR/keys/keyring.json).
 */
export type SecretBox = {
  readonly activeKeyId: string;
  seal(plaintext: string, aad: string): string;
  open(sealed: string, aad: string): string;
  keyIdOf(sealed: string): string;
};

type KeyringFile = { active: string; keys: Record<string, string> };

const PREFIX = 'rk1';
const b64u = (b: Buffer) => b.toString('base64url');

function writeKeyring(path: string, ring: KeyringFile): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(ring, null, 2) + '\n', { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

function readKeyring(path: string): KeyringFile {
  if (!existsSync(path)) {
    const ring: KeyringFile = { active: 'k1', keys: { k1: randomBytes(32).toString('base64') } };
    // Exclusive create: two processes starting together must not each write a different first key.
    try {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      writeFileSync(path, JSON.stringify(ring, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  let ring: KeyringFile;
  try {
    ring = JSON.parse(readFileSync(path, 'utf8')) as KeyringFile;
  } catch (e) {
    throw new Error(`密钥文件 ${path} 无法读取：${(e as Error).message}`);
  }
  const active = ring.keys?.[ring.active];
  if (!active || Buffer.from(active, 'base64').length !== 32) throw new Error(`密钥文件 ${path} 缺少有效的当前密钥（active）`);
  return ring;
}

function boxOf(ring: KeyringFile): SecretBox {
  const keys = new Map(Object.entries(ring.keys).map(([id, k]) => [id, Buffer.from(k, 'base64')]));
  const keyIdOf = (sealed: string) => {
    const parts = sealed.split('.');
    if (parts.length !== 5 || parts[0] !== PREFIX) throw new AppError('INTERNAL', {}, '加密内容格式不正确');
    return parts[1]!;
  };
  return {
    activeKeyId: ring.active,
    keyIdOf,
    seal(plaintext, aad) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keys.get(ring.active)!, iv);
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [PREFIX, ring.active, b64u(iv), b64u(cipher.getAuthTag()), b64u(ct)].join('.');
    },
    open(sealed, aad) {
      const keyId = keyIdOf(sealed);
      const key = keys.get(keyId);
      if (!key) throw new AppError('INTERNAL', { keyId }, `缺少密钥 ${keyId}，无法解密（请检查密钥文件）`);
      const [, , iv, tag, ct] = sealed.split('.');
      try {
        const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv!, 'base64url'));
        d.setAAD(Buffer.from(aad, 'utf8'));
        d.setAuthTag(Buffer.from(tag!, 'base64url'));
        return Buffer.concat([d.update(Buffer.from(ct!, 'base64url')), d.final()]).toString('utf8');
      } catch {
        throw new AppError('INTERNAL', { keyId }, '加密内容校验失败（密钥不符或内容被改动）');
      }
    },
  };
}

const cache = new Map<string, SecretBox>();

/** The box for a keyring path, loaded once per process (and created with a first key when missing). */
export function secretBox(keyringPath: string): SecretBox {
  let box = cache.get(keyringPath);
  if (!box) {
    box = boxOf(readKeyring(keyringPath));
    cache.set(keyringPath, box);
  }
  return box;
}

/**
 * Adds a new random key and makes it active; earlier keys stay so that old values still open. Returns the new id.
 * Other running processes keep sealing with the old key until they restart; re-sealing handles both.
 */
export function addKeyringKey(keyringPath: string): string {
  const ring = readKeyring(keyringPath);
  let n = Object.keys(ring.keys).length + 1;
  while (ring.keys[`k${n}`]) n++;
  const id = `k${n}`;
  ring.keys[id] = randomBytes(32).toString('base64');
  ring.active = id;
  writeKeyring(keyringPath, ring);
  cache.delete(keyringPath);
  return id;
}

/** Removes keys no value uses any more (after re-sealing); the active key always stays. */
export function retireKeyringKeys(keyringPath: string, keep: ReadonlySet<string>): string[] {
  const ring = readKeyring(keyringPath);
  const removed = Object.keys(ring.keys).filter((id) => id !== ring.active && !keep.has(id));
  for (const id of removed) delete ring.keys[id];
  writeKeyring(keyringPath, ring);
  cache.delete(keyringPath);
  return removed;
}
