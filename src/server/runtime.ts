import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Config } from '../config';
import { createDb, type Db } from '../db/connection';
import { DataDirLockedError, lockDataDir, startEmbeddedPostgres } from '../db/embedded';
import { runMigrations } from '../db/migrate';
import { orgUnits } from '../db/schema';
import type { AppContext } from './lib/context';
import { createUser } from './modules/users/users.service';
import { countAdmins } from './modules/users/users.repo';
import { deleteExpiredSessions } from './modules/auth/auth.repo';

export type OpenDatabase = { url: string; kind: 'embedded' | 'external'; close: () => Promise<void> };

/**
 * Opens the database: DATABASE_URL when set, else the embedded server on DATA_DIR.
 * A server takes the data directory's lock; a command-line tool run beside a live server uses that server's database.
 */
export async function openDatabase(config: Config, opts: { purpose: 'server' | 'tool'; log?: (s: string) => void }): Promise<OpenDatabase> {
  if (config.databaseUrl) return { url: config.databaseUrl, kind: 'external', close: async () => undefined };
  const runtimeFile = join(config.dataDir, 'embedded-pg.json');
  let release: () => void;
  try {
    release = lockDataDir(config.dataDir);
  } catch (e) {
    if (e instanceof DataDirLockedError && opts.purpose === 'tool' && existsSync(runtimeFile)) {
      const { port } = JSON.parse(readFileSync(runtimeFile, 'utf8')) as { port: number };
      const password = readFileSync(join(config.dataDir, 'pg-password'), 'utf8').trim();
      return { url: `postgres://rectify:${encodeURIComponent(password)}@127.0.0.1:${port}/rectify`, kind: 'embedded', close: async () => undefined };
    }
    throw e;
  }
  try {
    const pg = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, log: opts.log });
    writeFileSync(runtimeFile, JSON.stringify({ pid: process.pid, port: Number(new URL(pg.url).port) }), { mode: 0o600 });
    return {
      url: pg.url,
      kind: 'embedded',
      close: async () => {
        try {
          await pg.stop();
        } finally {
          if (existsSync(runtimeFile)) unlinkSync(runtimeFile);
          release();
        }
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}

/** Opens, migrates and wraps the database for a command: the caller must call `close`. */
export async function openContext(config: Config, purpose: 'server' | 'tool'): Promise<AppContext & { close: () => Promise<void> }> {
  const database = await openDatabase(config, { purpose });
  try {
    await runMigrations(database.url);
  } catch (e) {
    await database.close();
    throw e;
  }
  const db = createDb(database.url, config.dbPoolSize);
  return {
    db,
    config,
    databaseKind: database.kind,
    close: async () => {
      await db.$client.end();
      await database.close();
    },
  };
}

export const INITIAL_PASSWORD_FILE = 'initial-admin-password';

/**
 * On an empty database: creates the root unit and the administrator `admin` with a random one-time password,
 * written to DATA_DIR/initial-admin-password (0600) and returned so it can be printed once.
 */
export async function ensureInitialAdmin(db: Db, config: Config): Promise<string | null> {
  if ((await countAdmins(db)) > 0) return null;
  const [root] = await db.select().from(orgUnits).where(sql`${orgUnits.parentId} IS NULL`).orderBy(orgUnits.createdAt).limit(1);
  let rootId = root?.id;
  if (!rootId) {
    const id = crypto.randomUUID();
    await db.insert(orgUnits).values({ id, parentId: null, kind: 'committee', name: '本级党委', sortOrder: 0, path: `/${id}/` });
    rootId = id;
  }
  const { initialPassword } = await createUser(db, null, { username: 'admin', roles: [{ role: 'admin', orgUnitId: rootId }] });
  writeFileSync(join(config.dataDir, INITIAL_PASSWORD_FILE), initialPassword + '\n', { mode: 0o600 });
  return initialPassword;
}

export async function cleanupSessions(db: Db) {
  await deleteExpiredSessions(db);
}
