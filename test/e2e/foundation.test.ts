import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import pg from 'pg';
import { makeXlsx } from '../helpers/xlsx';
import { chooseSingleOption, hasBrowser, launchBrowser, newPage, readInitialPassword, shot, SHOTS, startServer, type RunningServer } from './harness';

const enabled = hasBrowser();
const NEW_PASSWORD = 'Branch-Secretary-2026';

let server: RunningServer;
let browser: Browser;
let page: Page;

describe.runIf(enabled)('foundation in the browser', () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    ({ page } = await newPage(browser));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('logs in with the one-time password and must change it first', async () => {
    await page.goto(server.url);
    await page.waitForURL(/\/login/);
    await shot(page, '01-login');
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill('wrong-password-1');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('用户名或密码');
    await page.getByTestId('login-password').fill(readInitialPassword(server));
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/change-password/);
    await page.getByTestId('cp-current').fill(readInitialPassword(server));
    await page.getByTestId('cp-new').fill(NEW_PASSWORD);
    await page.getByTestId('cp-confirm').fill(NEW_PASSWORD);
    await shot(page, '02-change-password');
    await page.getByTestId('cp-submit').click();
    await page.getByTestId('menu-org').waitFor();
    expect(await page.getByTestId('menu-people').count()).toBe(1);
    expect(await page.getByTestId('menu-audit').count()).toBe(1);
  });

  it('creates a branch in the organisation tree', async () => {
    await page.getByTestId('menu-org').click();
    await page.getByTestId('org-node').filter({ hasText: '本级党委' }).click();
    await page.getByTestId('org-create-child').click();
    await page.getByTestId('org-form-name').fill('第一党支部');
    await chooseSingleOption(page, page.locator('[data-testid=org-form-kind]'), '党支部');
    await page.getByTestId('org-create-submit').click();
    await page.getByTestId('org-node').filter({ hasText: '第一党支部' }).waitFor();
    await shot(page, '03-org-tree');
  });

  it('imports people from .xlsx after a row-by-row report, keeping only the valid rows', async () => {
    const file = join(SHOTS, '..', 'people-import.xlsx');
    writeFileSync(
      file,
      await makeXlsx([
        ['姓名', '性别', '出生日期', '政治面貌', '所在支部', '身份证号'],
        ['张三丰', '男', '1985-03-12', '中共党员', '第一党支部', ''],
        ['李秀英', '女', '1992-07-01', '中共预备党员', '第一党支部', ''],
        ['王错号', '男', '', '群众', '第一党支部', '110105194912310021'],
      ]),
    );
    await page.getByTestId('menu-people').click();
    await page.getByTestId('people-import').click();
    await page.locator('[data-testid=import-upload] input[type=file]').setInputFiles(file);
    await page.getByTestId('import-report').waitFor();
    await expect.poll(() => page.getByTestId('import-problems').textContent()).toContain('身份证号码校验位不正确');
    expect(await page.getByTestId('import-valid-count').textContent()).toContain('2');
    expect(await page.getByTestId('import-invalid-count').textContent()).toContain('1');
    await shot(page, '04-import-report');
    await page.getByTestId('import-valid-rows').click();
    await page.getByTestId('import-result').waitFor();
    await page.getByTestId('import-close').click();
    await expect.poll(() => page.getByTestId('people-row').count()).toBe(2);
  });

  it('finds a person by pinyin initials and edits them', async () => {
    await page.getByTestId('people-search').fill('zsf');
    await page.getByTestId('people-search').press('Enter');
    await expect.poll(() => page.getByTestId('people-row').count()).toBe(1);
    await shot(page, '05-people-search');
    await page.getByTestId('people-name-link').filter({ hasText: '张三丰' }).click();
    await page.getByTestId('person-detail').waitFor();
    await page.getByTestId('person-edit').click();
    await page.getByTestId('person-field-post').fill('副科长');
    await page.getByTestId('person-form-save').click();
    await expect.poll(() => page.getByTestId('person-detail').textContent()).toContain('副科长');
    await shot(page, '06-person-detail');
    const db = new pg.Client({ connectionString: server.databaseUrl });
    await db.connect();
    const row = await db.query<{ post: string; version: number }>(`SELECT post, version FROM people WHERE name = '张三丰'`);
    await db.end();
    expect(row.rows[0]).toEqual({ post: '副科长', version: 2 });
  });

  it('shows the edit in the audit log', async () => {
    await page.getByTestId('menu-audit').click();
    await page.getByTestId('audit-filter-action').fill('person.update');
    await page.getByTestId('audit-filter-action').press('Enter');
    await expect.poll(() => page.getByTestId('audit-row').count()).toBe(1);
    await page.getByTestId('audit-row').first().locator('.ant-table-row-expand-icon').click();
    await expect.poll(() => page.getByTestId('audit-diff').first().textContent()).toContain('副科长');
    await page.getByTestId('audit-verify').click();
    await expect.poll(() => page.getByTestId('audit-verify-result').textContent()).toMatch(/完整|通过|intact/);
    await shot(page, '07-audit');
  });

  it('switches to English', async () => {
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('lang-en').click();
    await expect.poll(() => page.getByTestId('menu-people').textContent()).toBe('People');
    await shot(page, '08-english');
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('lang-zh-CN').click();
    await expect.poll(() => page.getByTestId('menu-people').textContent()).toBe('人员管理');
  });

  it('is usable at phone width', async () => {
    const { context, page: phone } = await newPage(browser, { phone: true });
    await phone.goto(server.url + '/login');
    await phone.getByTestId('login-username').fill('admin');
    await phone.getByTestId('login-password').fill(NEW_PASSWORD);
    await phone.getByTestId('login-submit').click();
    await phone.getByTestId('menu-toggle').click();
    await phone.getByTestId('menu-people').click();
    await expect.poll(() => phone.getByTestId('people-row').count()).toBe(2);
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await shot(phone, '09-phone-people');
    await context.close();
  });
});
