import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { loadConfig, type Config } from '../../src/config';
import { createDb, type Db } from '../../src/db/connection';
import { orgUnits, people, roleAssignments, users } from '../../src/db/schema';
import type { Role } from '../../src/contracts/auth';
import type { OrgUnitKind } from '../../src/contracts/org-units';
import type { PersonFields } from '../../src/contracts/people';
import { computeNameKeys } from '../../src/domain/people/name-keys';
import { buildApp, type App } from '../../src/server/app';
import { hashPassword } from '../../src/server/lib/passwords';
import { createTestDatabase } from './test-db';

export const TEST_PASSWORD = 'Test-Passw0rd-1';
let passwordHash: Promise<string> | null = null;

export type TestContext = {
  app: App;
  db: Db;
  config: Config;
  root: { id: string; path: string };
  close: () => Promise<void>;
};

/** A fresh database and an app on it; build once per test file. */
export async function createTestApp(overrides: Partial<Config> = {}): Promise<TestContext> {
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'rectify-test-data-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv, { databaseUrl: database.url, ...overrides });
  const db = createDb(database.url, 5);
  const app = await buildApp({ db, config, databaseKind: database.kind }, { logger: false });
  await app.ready();
  const root = await buildOrgUnit(db, { parent: null, kind: 'committee', name: '测试党委' });
  return {
    app,
    db,
    config,
    root,
    close: async () => {
      await app.close();
      await db.$client.end();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function buildOrgUnit(db: Db, opts: { parent: { id: string; path: string } | null; kind?: OrgUnitKind; name?: string }) {
  const id = randomUUID();
  const path = (opts.parent?.path ?? '/') + id + '/';
  await db.insert(orgUnits).values({ id, parentId: opts.parent?.id ?? null, kind: opts.kind ?? 'branch', name: opts.name ?? `单位${id.slice(0, 4)}`, path });
  return { id, path };
}

export async function buildPerson(db: Db, fields: Partial<PersonFields> & { name?: string } = {}) {
  const name = fields.name ?? '测试人员';
  const keys = computeNameKeys(name);
  const [r] = await db
    .insert(people)
    .values({ gender: 'male', partyStatus: 'full_member', status: 'active', ...fields, name, namePinyin: keys.pinyin, nameInitials: keys.initials } as typeof people.$inferInsert)
    .returning();
  return r!;
}

export async function buildUser(db: Db, opts: { username?: string; roles: { role: Role; orgUnitId: string }[]; personId?: string | null; mustChangePassword?: boolean }) {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const [u] = await db
    .insert(users)
    .values({ username: opts.username ?? `u${randomUUID().slice(0, 8)}`, passwordHash: await passwordHash, personId: opts.personId ?? null, mustChangePassword: opts.mustChangePassword ?? false })
    .returning();
  if (opts.roles.length) await db.insert(roleAssignments).values(opts.roles.map((r) => ({ userId: u!.id, ...r })));
  return u!;
}

type InjectResponse = Awaited<ReturnType<App['inject']>>;
export type Agent = {
  cookie: string;
  csrf: string;
  get: (url: string) => Promise<InjectResponse>;
  post: (url: string, body?: unknown) => Promise<InjectResponse>;
  patch: (url: string, body?: unknown) => Promise<InjectResponse>;
  put: (url: string, body?: unknown) => Promise<InjectResponse>;
  del: (url: string) => Promise<InjectResponse>;
  upload: (url: string, file: { name: string; data: Buffer; type?: string }) => Promise<InjectResponse>;
};

/** Logs in through the API and returns a client that sends the session cookie and the CSRF token. */
export async function login(app: App, username: string, password = TEST_PASSWORD): Promise<Agent> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const csrf = res.json().csrfToken as string;
  const headers = { cookie, 'x-csrf-token': csrf };
  return {
    cookie,
    csrf,
    get: (url) => app.inject({ method: 'GET', url, headers }),
    post: (url, body) => app.inject({ method: 'POST', url, headers, payload: body as object }),
    patch: (url, body) => app.inject({ method: 'PATCH', url, headers, payload: body as object }),
    put: (url, body) => app.inject({ method: 'PUT', url, headers, payload: body as object }),
    del: (url) => app.inject({ method: 'DELETE', url, headers }),
    upload: (url, file) => {
      const boundary = '----rectify' + randomUUID();
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`),
        file.data,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return app.inject({ method: 'POST', url, headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    },
  };
}

/** A branch under the root with a secretary account, a common starting point. */
export async function buildBranchWithSecretary(ctx: TestContext, name = '第一党支部') {
  const branch = await buildOrgUnit(ctx.db, { parent: ctx.root, kind: 'branch', name });
  const secretary = await buildUser(ctx.db, { roles: [{ role: 'secretary', orgUnitId: branch.id }] });
  return { branch, secretary, agent: await login(ctx.app, secretary.username) };
}
