import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { runMigrations } from '../../src/db/migrate';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplateDb: string;
    pgKind: 'embedded' | 'external';
  }
}

/**
 * One PostgreSQL per test run: Debian's (or any) through DATABASE_URL, else the embedded server in a temp dir.
 * Migrations run once into a template database; each test file clones it (CREATE DATABASE … TEMPLATE).
 */
export default async function setup(project: TestProject) {
  const external = process.env.DATABASE_URL;
  let adminUrl: string;
  let stop: () => Promise<void> = async () => undefined;
  let dir: string | null = null;
  if (external) {
    adminUrl = external;
  } else {
    dir = mkdtempSync(join(tmpdir(), 'rectify-test-pg-'));
    const server = await startEmbeddedPostgres({ dataDir: dir });
    adminUrl = server.url;
    stop = server.stop;
  }
  const template = `rectify_tpl_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = '/' + template;
  await runMigrations(url.toString());
  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgTemplateDb', template);
  project.provide('pgKind', external ? 'external' : 'embedded');

  return async () => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    const dbs = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`, [`rt_${process.pid}_%`, template]);
    for (const { datname } of dbs.rows) await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`).catch(() => undefined);
    await c.end();
    await stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}
