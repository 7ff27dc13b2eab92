// Takes the user guide's screenshots from the real UI with the demo data:
//   node bin/tsx.mjs scripts/screenshots.ts   → docs/images/*.png
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'docs', 'images');
const PASSWORD = 'Demo-Pass-2026';
const dataDir = mkdtempSync(join(tmpdir(), 'rectify-shots-'));
const env = { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATABASE_URL: '' };
const bin = join(ROOT, 'bin', 'rectify.mjs');

const demo = spawnSync(process.execPath, [bin, 'demo', '--password', PASSWORD], { env, encoding: 'utf8' });
if (demo.status !== 0) throw new Error(demo.stdout + demo.stderr);
const server = spawn(process.execPath, [bin, 'serve'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
let out = '';
const url = await new Promise<string>((resolve) => {
  server.stdout!.on('data', (d) => {
    out += d;
    const m = /http:\/\/localhost:(\d+)/.exec(out);
    if (m) resolve(`http://127.0.0.1:${m[1]}`);
  });
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
mkdirSync(OUT, { recursive: true });
const save = (page: Page, name: string) => page.screenshot({ path: join(OUT, `${name}.png`) });

async function loginAs(username: string, phone = false): Promise<Page> {
  const context = await browser.newContext({ viewport: phone ? { width: 390, height: 844 } : { width: 1366, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(url + '/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return page;
}

try {
  const anon = await (await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: 'zh-CN' })).newPage();
  await anon.goto(url + '/login');
  await anon.getByTestId('login-username').waitFor();
  await save(anon, 'login');

  const sec = await loginAs('gb.secretary');
  await sec.goto(url + '/org');
  await sec.getByTestId('org-node').filter({ hasText: '城南分局党总支' }).click();
  await sec.getByTestId('org-leadership').waitFor();
  await sec.waitForTimeout(300);
  await save(sec, 'org');
  await sec.goto(url + '/people');
  await sec.getByTestId('people-row').first().waitFor();
  await save(sec, 'people');
  await sec.getByTestId('people-name-link').first().click();
  await sec.getByTestId('person-detail').waitFor();
  await sec.waitForTimeout(300);
  await save(sec, 'person');

  const admin = await loginAs('admin');
  await admin.goto(url + '/audit');
  await admin.getByTestId('audit-row').first().waitFor();
  await save(admin, 'audit');

  const phone = await loginAs('b1.secretary', true);
  await phone.goto(url + '/people');
  await phone.getByTestId('people-row').first().waitFor();
  await save(phone, 'people-phone');

  await sec.goto(url + '/reports');
  await sec.getByTestId('report-row').first().waitFor();
  await save(sec, 'reports');
  await sec.getByTestId('report-row').first().getByTestId('report-link').first().click();
  await sec.getByTestId('report-tree').waitFor();
  await sec.waitForTimeout(500);
  await save(sec, 'report-review');

  // 整改台账
  const settle = (p: Page, ms = 800) => p.waitForTimeout(ms);
  for (const [tab, name] of [['my', 'ledger-my'], ['table', 'ledger-table'], ['board', 'ledger-board'], ['calendar', 'ledger-calendar'], ['dashboard', 'ledger-dashboard']] as const) {
    await sec.goto(`${url}/ledger/${tab}`);
    await sec.waitForLoadState('networkidle');
    await settle(sec, tab === 'dashboard' ? 1500 : 800);
    await save(sec, name);
  }
  await sec.goto(`${url}/ledger/table`);
  await sec.getByTestId('ledger-row').first().waitFor();
  await sec.getByTestId('ledger-row-link').first().click();
  await sec.waitForURL(/\/ledger\/items\//);
  await sec.waitForLoadState('networkidle');
  await settle(sec);
  await save(sec, 'ledger-item');
  await sec.getByTestId('notify-bell').click();
  await settle(sec, 600);
  await save(sec, 'notify-bell');
  await sec.keyboard.press('Escape');

  // 网格、谈心谈话、重点人员
  await sec.goto(`${url}/grids`);
  await sec.getByTestId('grid-column').first().waitFor();
  await settle(sec);
  await save(sec, 'grids');
  await sec.goto(`${url}/talks/coverage`);
  await sec.getByTestId('coverage-percent').waitFor();
  await sec.waitForLoadState('networkidle');
  await settle(sec, 1500);
  await save(sec, 'talks-coverage');
  await sec.goto(`${url}/focus`);
  await sec.getByTestId('focus-row-link').first().waitFor();
  await save(sec, 'focus-list');
  await sec.getByTestId('focus-row-link').first().click();
  await sec.getByTestId('focus-page').waitFor();
  await sec.waitForLoadState('networkidle');
  await settle(sec);
  await save(sec, 'focus-file');

  const grid = await loginAs('grid1.leader', true);
  await grid.goto(`${url}/talks/due`);
  await grid.waitForLoadState('networkidle');
  await settle(grid);
  await save(grid, 'talks-due-phone');
  await grid.goto(`${url}/talks/new`);
  await grid.getByTestId('talk-form').waitFor();
  await settle(grid);
  await save(grid, 'talk-entry-phone');

  console.log(`screenshots written to ${OUT}`);
} finally {
  await browser.close();
  server.kill('SIGINT');
  await new Promise((r) => server.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
