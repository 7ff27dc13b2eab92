import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseSingleOption, chooseTreeNode, hasBrowser, newPage, readInitialPassword, shot, type RunningServer, insertPerson, insertUnit, openBrowserTest, tearDown } from './harness';

const enabled = hasBrowser();
const ROOT = join(import.meta.dirname, '..', '..');
const NEW_PASSWORD = 'Reports-Flow-2026';
const EDITED_TITLE = '整治突破重难点问题的力度还不够大，重点难点问题整改不彻底';

/** The sample material: from ../shared beside the repository when present, else the copy in the fixtures. */
function readSample(): string {
  const shared = join(ROOT, '..', 'shared', 'samples', 'leadership-self-inspection.txt');
  const file = existsSync(shared) ? shared : join(ROOT, 'test', 'fixtures', 'inspection', 'leadership-self-inspection.txt');
  return readFileSync(file, 'utf8');
}

let server: RunningServer;
let browser: Browser;
let page: Page;
let db: pg.Client;
let reportId = '';

/**
 * A general branch under the root committee with its leadership team, two branches with secretaries and a
 * department with a head: the people the draft suggests as owners.
 */
async function seedUnits(client: pg.Client): Promise<void> {
  const root = (await client.query<{ id: string; path: string }>(`SELECT id, path FROM org_units WHERE parent_id IS NULL LIMIT 1`)).rows[0]!;
  const unit = (parent: { id: string; path: string }, kind: string, name: string, sortOrder: number) => insertUnit(client, parent, kind, name, sortOrder);
  const person = (name: string, branchId: string, departmentId: string | null, post: string | null) => insertPerson(client, name, branchId, departmentId, post);
  const leader = (orgUnitId: string, personId: string, post: string, order: number) =>
    client.query(`INSERT INTO leaders (id, org_unit_id, person_id, party_post, sort_order) VALUES ($1, $2, $3, $4, $5)`, [randomUUID(), orgUnitId, personId, post, order]);

  const gb = await unit(root, 'general_branch', '机关党总支', 10);
  const b1 = await unit(gb, 'branch', '第一党支部', 10);
  const b2 = await unit(gb, 'branch', '第二党支部', 20);
  const dept = await unit(gb, 'department', '综合科', 30);
  await unit(gb, 'duty_group', '第一值班组', 40);
  await leader(gb.id, await person('王总书', gb.id, null, '党总支书记'), 'secretary', 0);
  await leader(gb.id, await person('李委员', gb.id, dept.id, null), 'member', 1);
  await leader(b1.id, await person('陈一书', b1.id, null, null), 'secretary', 0);
  await leader(b2.id, await person('周二书', b2.id, null, null), 'secretary', 0);
  await person('孙科长', b1.id, dept.id, '科长');
  await person('刘党员', b1.id, dept.id, null);
}

async function logIn(p: Page, password: string) {
  await p.goto(`${server.url}/login`);
  await p.getByTestId('login-username').fill('admin');
  await p.getByTestId('login-password').fill(password);
  await p.getByTestId('login-submit').click();
}

const item = (p: Page, id: string) => p.locator(`[data-testid=report-item][data-item-id="${id}"]`);
const countPart = (p: Page, part: string) => p.locator(`[data-testid=report-item][data-part=${part}]`).count();

describe.runIf(enabled)('self-inspection material in the browser', () => {
  beforeAll(async () => {
    ({ server, db, browser } = await openBrowserTest(seedUnits));
    ({ page } = await newPage(browser));
  });
  afterAll(() => tearDown({ db, browser, server }));

  it('opens the empty list from the menu', async () => {
    await logIn(page, readInitialPassword(server));
    await page.waitForURL(/\/change-password/);
    await page.getByTestId('cp-current').fill(readInitialPassword(server));
    await page.getByTestId('cp-new').fill(NEW_PASSWORD);
    await page.getByTestId('cp-confirm').fill(NEW_PASSWORD);
    await page.getByTestId('cp-submit').click();
    await page.getByTestId('menu-reports').click();
    await page.waitForURL(/\/reports$/);
    await page.getByTestId('reports-empty').waitFor();
    await shot(page, 'r01-reports-empty');
  });

  it('pastes the sample and lands on the review with 9 problems, 3 causes and 9 measures', async () => {
    await page.getByTestId('reports-new').click();
    await page.waitForURL(/\/reports\/new$/);
    await chooseTreeNode(page, page.getByTestId('report-org'), '机关党总支');
    expect(await page.getByTestId('report-campaign').inputValue()).toBe('队伍教育整顿');
    await page.getByTestId('report-text').fill(readSample());
    await shot(page, 'r02-new-report');
    await page.getByTestId('report-submit').click();
    await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
    reportId = page.url().split('/').pop()!;
    await page.getByTestId('report-tree').waitFor();
    expect(await countPart(page, 'problem')).toBe(9);
    expect(await countPart(page, 'cause')).toBe(3);
    expect(await countPart(page, 'measure')).toBe(9);
    expect(await page.locator('[data-testid=report-original] mark[data-part=problem]').count()).toBe(9);
    expect(await page.getByTestId('report-finding').count()).toBeGreaterThan(0);
    await shot(page, 'r03-review');
  });

  it('fixes a problem title, accepts a link and saves the structure', async () => {
    await item(page, 'p2').getByTestId('report-item-title').click();
    await item(page, 'p2').getByTestId('report-item-title-edit').click();
    await item(page, 'p2').getByTestId('report-item-title-input').fill(EDITED_TITLE);
    await item(page, 'p2').getByTestId('report-item-title-input').press('Enter');
    await expect.poll(() => item(page, 'p2').getByTestId('report-item-title').textContent()).toBe(EDITED_TITLE);
    const link = item(page, 'm2').getByTestId('report-link').first();
    await link.getByTestId('report-link-accept').click();
    await expect.poll(() => link.getAttribute('data-accepted')).toBe('true');
    await page.getByTestId('report-dirty').waitFor();
    await shot(page, 'r04-review-edited');
    await page.getByTestId('report-save').click();
    await page.getByTestId('report-dirty').waitFor({ state: 'detached' });
    const row = await db.query<{ structure: { problems: { id: string; title: string }[]; links: { measureId?: string; accepted: boolean | null }[] }; version: number }>(
      `SELECT structure, version FROM inspection_reports WHERE id = $1`,
      [reportId],
    );
    expect(row.rows[0]!.structure.problems.find((p) => p.id === 'p2')!.title).toBe(EDITED_TITLE);
    expect(row.rows[0]!.structure.links.some((l) => l.measureId === 'm2' && l.accepted === true)).toBe(true);
    expect(row.rows[0]!.version).toBe(2);
  });

  it('shows the review stacked at phone width without sideways scrolling', async () => {
    const { context, page: phone } = await newPage(browser, { phone: true });
    await logIn(phone, NEW_PASSWORD);
    await phone.getByTestId('menu-toggle').waitFor();
    await phone.goto(`${server.url}/reports/${reportId}`);
    await phone.getByTestId('report-tree').waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await shot(phone, 'r05-review-phone');
    await phone.getByTestId('report-tree').scrollIntoViewIfNeeded();
    await shot(phone, 'r06-review-phone-tree');
    await context.close();
  });

  it('generates the ledger draft, changes a type and commits it to the ledger', async () => {
    await page.getByTestId('report-generate-draft').click();
    await page.waitForURL(/\/draft$/);
    await page.getByTestId('draft-empty').waitFor();
    await page.getByTestId('draft-generate').click();
    await expect.poll(() => page.getByTestId('draft-row').count()).toBe(9);
    await shot(page, 'r07-draft');
    const first = page.getByTestId('draft-row').first();
    const measure = await first.getByTestId('draft-measure').inputValue();
    await chooseSingleOption(page, first.getByTestId('draft-type'), '立行立改');
    await page.getByTestId('draft-dirty').waitFor();
    // A measure that answers no problem gets an empty problem: the user writes it before committing.
    const problems = page.getByTestId('draft-problem');
    let filled = 0;
    for (let i = 0; i < (await problems.count()); i++) {
      if ((await problems.nth(i).inputValue()).trim()) continue;
      await problems.nth(i).fill('边改边建成效还不够明显');
      filled++;
    }
    expect(filled).toBeGreaterThan(0);
    await page.getByTestId('draft-save').click();
    await page.getByTestId('draft-dirty').waitFor({ state: 'detached' });
    const draft = await db.query<{ ledger_draft: { items: { type: string }[] } }>(`SELECT ledger_draft FROM inspection_reports WHERE id = $1`, [reportId]);
    expect(draft.rows[0]!.ledger_draft.items[0]!.type).toBe('immediate');
    await page.getByTestId('draft-commit').click();
    await page.getByTestId('draft-commit-ok').click();
    await page.getByTestId('draft-committed').waitFor();
    const stored = await db.query<{ measure: string; type: string }>(`SELECT measure, type FROM ledger_items WHERE report_id = $1`, [reportId]);
    expect(stored.rows.length).toBeGreaterThanOrEqual(9);
    await expect.poll(() => page.getByTestId('draft-committed-count').textContent()).toContain(String(stored.rows.length));
    await expect.poll(() => page.getByTestId('ledger-item-row').count()).toBe(Math.min(stored.rows.length, 20));
    expect(stored.rows.filter((r) => r.measure === measure).every((r) => r.type === 'immediate')).toBe(true);
    expect(await page.getByTestId('draft-save').count()).toBe(0);
    expect(await page.locator('.draft-table .ant-select-disabled').count()).toBeGreaterThan(0);
    await shot(page, 'r08-draft-committed');
  });

  it('downloads the material as .docx and the three lists as .xlsx', async () => {
    await page.goto(`${server.url}/reports/${reportId}`);
    await page.getByTestId('report-tree').waitFor();
    const [docx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-export-docx').click()]);
    expect(docx.suggestedFilename()).toMatch(/\.docx$/);
    const text = (await mammoth.extractRawText({ buffer: readFileSync((await docx.path())!) })).value;
    expect(text).toContain(EDITED_TITLE);
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-export-xlsx').click()]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync((await xlsx.path())!) as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['问题清单', '任务清单', '责任清单']);
    await page.getByTestId('menu-reports').click();
    await expect.poll(() => page.getByTestId('report-row').count()).toBe(1);
    await page.locator('[data-testid=reports-table] .ant-spin-spinning').waitFor({ state: 'detached' });
    await shot(page, 'r09-reports-list');
  });
});
