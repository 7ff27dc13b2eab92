import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import pg from 'pg';
import { expect } from 'vitest';
import { computeNameKeys } from '../../src/domain/people/name-keys';
import { createTestDatabase } from '../helpers/test-db';

const ROOT = join(import.meta.dirname, '..', '..');
export const SHOTS = join(ROOT, 'test-results', 'screenshots');

export type RunningServer = { url: string; dataDir: string; databaseUrl: string; stop: () => Promise<void>; output: () => string };

/** Starts `rectify serve` as a user would, on a fresh database, on a free port. */
export async function startServer(): Promise<RunningServer> {
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'rectify-e2e-'));
  let out = '';
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin', 'rectify.mjs'), 'serve'], {
    env: { ...process.env, DATABASE_URL: database.url, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    const check = () => {
      const m = /http:\/\/localhost:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
  return {
    url,
    dataDir,
    databaseUrl: database.url,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGINT');
        await new Promise((r) => child.once('exit', r));
      }
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function readInitialPassword(server: RunningServer): string {
  return readFileSync(join(server.dataDir, 'initial-admin-password'), 'utf8').trim();
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless. Without it the browser tests are skipped locally; under CI=true they fail. */
export function hasBrowser(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(`Chromium not found at ${CHROMIUM}: browser tests must run in CI`);
  return false;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function newPage(browser: Browser, opts: { phone?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: opts.phone ? { width: 390, height: 844 } : { width: 1366, height: 860 },
    locale: 'zh-CN',
    acceptDownloads: true,
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  return { context, page };
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
}

/** Logs in through the login page; with `newPassword`, also makes the forced first password change. */
export async function logIn(server: RunningServer, p: Page, username: string, password: string, newPassword?: string) {
  await p.goto(`${server.url}/login`);
  await p.getByTestId('login-username').fill(username);
  await p.getByTestId('login-password').fill(password);
  await p.getByTestId('login-submit').click();
  if (newPassword) {
    await p.waitForURL(/\/change-password/);
    await p.getByTestId('cp-current').fill(password);
    await p.getByTestId('cp-new').fill(newPassword);
    await p.getByTestId('cp-confirm').fill(newPassword);
    await p.getByTestId('cp-submit').click();
  }
  await p.getByTestId('side-menu').or(p.getByTestId('menu-toggle')).first().waitFor();
}

/** A JSON call to /api/v1 with the page's session (its cookie and CSRF token). */
export async function apiAs(server: RunningServer, p: Page, method: 'GET' | 'POST' | 'PATCH', path: string, data?: unknown) {
  const me = await p.request.get(`${server.url}/api/v1/auth/me`);
  const csrf = ((await me.json()) as { csrfToken: string }).csrfToken;
  const res = await p.request.fetch(`${server.url}/api/v1${path}`, { method, data, headers: { 'x-csrf-token': csrf } });
  return { status: res.status(), body: (await res.json().catch(() => null)) as Record<string, unknown> };
}

/**
 * The set-up every browser test file shares: the server on a fresh database, a client on that database with
 * `seed` run over it, and a browser.
 */
export async function openBrowserTest(seed: (db: pg.Client) => Promise<unknown>): Promise<{ server: RunningServer; db: pg.Client; browser: Browser }> {
  const server = await startServer();
  const db = new pg.Client({ connectionString: server.databaseUrl });
  await db.connect();
  await seed(db);
  return { server, db, browser: await launchBrowser() };
}

/** Closes what a browser test opened, whichever of it exists (after a failed set-up some may not). */
export async function tearDown(t: { contexts?: BrowserContext[]; db?: { end: () => Promise<void> }; browser?: Browser; server?: RunningServer }) {
  for (const c of t.contexts ?? []) await c.close().catch(() => undefined);
  await t.db?.end();
  await t.browser?.close();
  await t.server?.stop();
}

/** Creates user accounts through the API as the administrator logged in on `p`; each must be accepted. */
export async function createAccounts(server: RunningServer, p: Page, password: string, accounts: { username: string; personId: string; roles: { role: string; orgUnitId: string }[] }[]) {
  for (const a of accounts) {
    const res = await apiAs(server, p, 'POST', '/users', { ...a, password });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
}

/** Picks an option of an antd Select opened by clicking `trigger` (typing `typed` first to filter). */
export async function chooseOption(p: Page, trigger: Locator, option: string, typed?: string) {
  await trigger.click();
  if (typed) await p.keyboard.type(typed);
  const item = p.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first();
  await item.waitFor();
  await p.waitForTimeout(150); // the dropdown animates in
  await item.click();
}

/**
 * `chooseOption` for a single-choice select, checked: under load a click can land while the dropdown still
 * animates and be lost, so the option is clicked again (once) when the select does not show it.
 */
export async function chooseSingleOption(p: Page, trigger: Locator, option: string, typed?: string) {
  await chooseOption(p, trigger, option, typed);
  const shows = () =>
    expect
      .poll(async () => (await trigger.textContent()) ?? '', { timeout: 3_000 })
      .toContain(option)
      .then(() => true, () => false);
  if (await shows()) return;
  const item = p.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first();
  if (await item.isVisible()) await item.click();
  else await chooseOption(p, trigger, option, typed);
  if (!(await shows())) throw new Error(`the select did not take the option 「${option}」`);
}

/** Picks a node of an antd TreeSelect opened by clicking `trigger`, checked and clicked again once like `chooseSingleOption`. */
export async function chooseTreeNode(p: Page, trigger: Locator, node: string) {
  const item = p.locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper', { hasText: node }).first();
  const shows = () =>
    expect
      .poll(async () => (await trigger.textContent()) ?? '', { timeout: 3_000 })
      .toContain(node)
      .then(() => true, () => false);
  await trigger.click();
  await item.waitFor();
  await p.waitForTimeout(150); // the dropdown animates in
  await item.click();
  if (await shows()) return;
  if (!(await item.isVisible())) await trigger.click();
  await item.waitFor();
  await item.click();
  if (!(await shows())) throw new Error(`the tree select did not take the node 「${node}」`);
}

type Queryable = { query: (text: string, values?: unknown[]) => Promise<unknown> };

/** Inserts an org unit under `parent` straight into the database (set-up that is not what a test is about). */
export async function insertUnit(client: Queryable, parent: { id: string; path: string }, kind: string, name: string, sortOrder = 10) {
  const id = randomUUID();
  const path = `${parent.path}${id}/`;
  await client.query(`INSERT INTO org_units (id, parent_id, kind, name, sort_order, path) VALUES ($1, $2, $3, $4, $5, $6)`, [id, parent.id, kind, name, sortOrder, path]);
  return { id, path };
}

/** Inserts an active party member straight into the database; returns the id. */
export async function insertPerson(client: Queryable, name: string, branchId: string, departmentId: string | null, post: string | null) {
  const id = randomUUID();
  const keys = computeNameKeys(name);
  await client.query(
    `INSERT INTO people (id, name, name_pinyin, name_initials, gender, party_status, status, branch_id, department_id, post)
     VALUES ($1, $2, $3, $4, 'male', 'full_member', 'active', $5, $6, $7)`,
    [id, name, keys.pinyin, keys.initials, branchId, departmentId, post],
  );
  return id;
}
