import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import pg from 'pg';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, chooseSingleOption, chooseTreeNode, createAccounts, hasBrowser, logIn as logInAt, newPage, readInitialPassword, shot, type RunningServer, insertPerson, insertUnit, tearDown, openBrowserTest } from './harness';

const enabled = hasBrowser();
const ADMIN_PASSWORD = 'Talks-Flow-2026';
const USER_PASSWORD = 'Talks-User-2026';
const NEW_USER_PASSWORD = 'Talks-Mine-2026';
const NOTES = '近期家中老人住院，夜班较多，睡眠不好，情绪低落。约定下周再谈。';

let server: RunningServer;

const logIn = (p: Page, username: string, password: string, newPassword?: string) => logInAt(server, p, username, password, newPassword);
const api = (p: Page, method: 'GET' | 'POST' | 'PATCH', path: string, data?: unknown) => apiAs(server, p, method, path, data);
let browser: Browser;
let admin: Page;
let secretary: Page;
let phone: Page;
let db: pg.Client;
let talkId = '';
let coverageBefore = 0;
const ids = { gb: '', branch: '', secretary: '', leader: '', leader2: '', li: '', wang: '', zhao: '', sun: '', grid1: '', grid2: '' };
const contexts: BrowserContext[] = [];
/** Uncaught errors in any page: a flow that "passes" over a crashed page is a failure. */
const pageErrors: string[] = [];

/** Today in the server's calendar (UTC dates, as the API checks "not in the future"). */
const today = () => new Date().toISOString().slice(0, 10);
const firstOfMonth = () => `${today().slice(0, 8)}01`;

/** 城南分局党总支 → 第一党支部 with a secretary, two grid leaders and four officers. */
async function seed(client: pg.Client): Promise<void> {
  const root = (await client.query<{ id: string; path: string }>(`SELECT id, path FROM org_units WHERE parent_id IS NULL LIMIT 1`)).rows[0]!;
  const unit = (parent: { id: string; path: string }, kind: string, name: string) => insertUnit(client, parent, kind, name);
  const person = (name: string, branchId: string, post: string | null) => insertPerson(client, name, branchId, null, post);
  const gb = await unit(root, 'general_branch', '城南分局党总支');
  const branch = await unit(gb, 'branch', '第一党支部');
  ids.gb = gb.id;
  ids.branch = branch.id;
  ids.secretary = await person('陈书记', branch.id, '支部书记');
  ids.leader = await person('张网格', branch.id, '网格长');
  ids.leader2 = await person('周网格', branch.id, '网格长');
  ids.li = await person('李民警', branch.id, null);
  ids.wang = await person('王民警', branch.id, null);
  ids.zhao = await person('赵民警', branch.id, null);
  ids.sun = await person('孙民警', branch.id, null);
  await client.query(`INSERT INTO leaders (id, org_unit_id, person_id, party_post, sort_order) VALUES ($1, $2, $3, 'secretary', 0)`, [randomUUID(), branch.id, ids.secretary]);
}

async function openAs(username: string, phone = false): Promise<Page> {
  const { context, page: p } = await newPage(browser, { phone });
  contexts.push(context);
  p.on('pageerror', (e) => pageErrors.push(`${username}: ${e.message}`));
  await logIn(p, username, USER_PASSWORD, NEW_USER_PASSWORD);
  return p;
}

/** Polls with room for a loaded machine (the default gives up after one second). */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000, interval: 200 });

const percentOf = async (p: Page) => Number(((await p.getByTestId('coverage-percent').locator('.ant-statistic-content-value').textContent()) ?? '').replace(/[^\d.]/g, ''));

async function openCoverage(p: Page): Promise<number> {
  await p.goto(`${server.url}/talks/coverage?unit=${ids.branch}&from=${firstOfMonth()}&to=${today()}`);
  await p.getByTestId('coverage-panel').waitFor();
  await poll(() => p.getByTestId('coverage-required').locator('.ant-statistic-content-value').textContent()).not.toBe('0');
  return percentOf(p);
}

describe.runIf(enabled)('grids, talks, focus files and care in the browser', () => {
  beforeAll(async () => {
    ({ server, db, browser } = await openBrowserTest(seed));
    ({ page: admin } = await newPage(browser));
    const ctx = admin.context();
    contexts.push(ctx);
  });
  afterAll(() => tearDown({ contexts, db, browser, server }));

  it('sets up the secretary and two grid leaders, each linked to a person', async () => {
    await logIn(admin, 'admin', readInitialPassword(server), ADMIN_PASSWORD);
    const accounts = [
      { username: 'secretary1', personId: ids.secretary, roles: [{ role: 'secretary', orgUnitId: ids.branch }] },
      { username: 'leader1', personId: ids.leader, roles: [{ role: 'grid_leader', orgUnitId: ids.branch }] },
      { username: 'leader2', personId: ids.leader2, roles: [{ role: 'grid_leader', orgUnitId: ids.branch }] },
    ];
    await createAccounts(server, admin, USER_PASSWORD, accounts);
    // The administrator runs accounts, not grids or talks: no menu for them.
    await admin.goto(`${server.url}/org`);
    await admin.getByTestId('side-menu').waitFor();
    expect(await admin.getByTestId('menu-grids').count()).toBe(0);
    expect(await admin.getByTestId('menu-talks').count()).toBe(0);
  });

  it('the secretary builds two grids and drags a person from one to the other', async () => {
    secretary = await openAs('secretary1');
    const grid = async (name: string, leaderPersonId: string, members: string[]) => {
      const created = await api(secretary, 'POST', '/grids', { branchId: ids.branch, name, leaderPersonId });
      expect(created.status, JSON.stringify(created.body)).toBe(200);
      const added = await api(secretary, 'POST', `/grids/${created.body.id as string}/members`, { personIds: members, joinedOn: firstOfMonth(), version: created.body.version });
      expect(added.status, JSON.stringify(added.body)).toBe(200);
      return created.body.id as string;
    };
    ids.grid1 = await grid('第一网格', ids.leader, [ids.li, ids.wang]);
    ids.grid2 = await grid('第二网格', ids.leader2, [ids.zhao, ids.sun]);

    await secretary.getByTestId('menu-grids').click();
    await secretary.waitForURL(/\/grids/);
    await chooseTreeNode(secretary, secretary.getByTestId('grids-branch'), '第一党支部');
    const col1 = secretary.locator(`[data-testid="grid-column"][data-grid-id="${ids.grid1}"]`);
    const col2 = secretary.locator(`[data-testid="grid-column"][data-grid-id="${ids.grid2}"]`);
    await poll(() => col1.getByTestId('grid-person').count()).toBe(2);
    await poll(() => col2.getByTestId('grid-person').count()).toBe(2);
    // Coverage check: the secretary and the two grid leaders are in no grid.
    await poll(() => secretary.getByTestId('grid-unassigned-person').count()).toBe(3);

    // Drag 孙民警 from 第二网格 to 第一网格.
    await col2.locator(`[data-testid="grid-person"][data-person-id="${ids.sun}"]`).dragTo(col1);
    await poll(() => col1.getByTestId('grid-person').count()).toBe(3);
    await poll(() => col2.getByTestId('grid-person').count()).toBe(1);
    await shot(secretary, 'talks-01-grids');
    const rows = await db.query<{ grid_id: string; left_on: string | null }>(`SELECT grid_id, left_on::text FROM grid_members WHERE person_id = $1 ORDER BY joined_on, left_on NULLS LAST`, [ids.sun]);
    expect(rows.rows.find((r) => r.left_on === null)?.grid_id).toBe(ids.grid1);
    expect(rows.rows.find((r) => r.grid_id === ids.grid2)?.left_on).not.toBeNull();

    // "移至…" does the same without dragging: back to 第二网格.
    await col1.locator(`[data-testid="grid-person"][data-person-id="${ids.sun}"]`).getByTestId('grid-person-move').click();
    const target = secretary.locator('.ant-dropdown:visible [data-testid="grid-move-target"]', { hasText: '第二网格' });
    await target.waitFor();
    await target.click();
    await poll(() => col2.getByTestId('grid-person').count()).toBe(2);
    await poll(() => col1.getByTestId('grid-person').count()).toBe(2);
  });

  it('records the coverage of the branch before any talk', async () => {
    coverageBefore = await openCoverage(secretary);
    expect(coverageBefore).toBeLessThan(100);
    await shot(secretary, 'talks-02-coverage-before');
  });

  it('the grid leader, on a phone, records a talk with one of their people flagging a psychological concern', async () => {
    phone = await openAs('leader1', true);
    await phone.getByTestId('menu-toggle').click();
    await phone.getByTestId('menu-talks').click();
    await phone.waitForURL(/\/talks/);
    await phone.getByTestId('talk-due').waitFor();
    // My talks due lists the people of my grid; one tap opens the form with the person filled in.
    const due = phone.getByTestId('talk-due-item').filter({ hasText: '李民警' });
    await due.waitFor();
    expect(await phone.getByTestId('talk-due-item').filter({ hasText: '赵民警' }).count()).toBe(0);
    await shot(phone, 'talks-03-phone-due');
    await due.click();
    await phone.waitForURL(/\/talks\/new\?/);
    await poll(() => phone.getByTestId('talk-talkee-0').textContent()).toContain('李民警');
    await phone.getByTestId('talk-place').fill('值班室');
    await phone.getByTestId('talk-notes').fill(NOTES);
    await phone.getByTestId('talk-concern-add').click();
    await chooseSingleOption(phone, phone.getByTestId('talk-concern-category'), '心理问题');
    await chooseSingleOption(phone, phone.getByTestId('talk-concern-severity'), '重');
    await phone.getByTestId('talk-follow-up-add').click();
    await phone.getByTestId('talk-follow-up-note').fill('联系心理咨询，下周回访');
    // Nothing spills sideways at 390 px.
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await shot(phone, 'talks-04-phone-form');
    await phone.getByTestId('talk-submit').click();
    await phone.waitForURL(/\/talks\/record\/[0-9a-f-]{36}$/);
    talkId = phone.url().split('/').pop()!;
    await poll(() => phone.getByTestId('talk-notes-text').textContent()).toBe(NOTES);
    expect(await phone.getByTestId('talk-detail-concerns').textContent()).toContain('心理问题');
    await shot(phone, 'talks-05-phone-detail');

    // Stored: the notes only as cipher text, the concern as a row.
    const talk = (await db.query<{ notes_cipher: string | null; kind: string; held_on: string }>(`SELECT notes_cipher, kind, held_on::text FROM talks WHERE id = $1`, [talkId])).rows[0]!;
    expect(talk.kind).toBe('routine');
    expect(talk.notes_cipher).toBeTruthy();
    expect(talk.notes_cipher).not.toContain('住院');
    const concerns = await db.query<{ category: string; severity: string; person_id: string }>(`SELECT category, severity, person_id FROM talk_concerns WHERE talk_id = $1`, [talkId]);
    expect(concerns.rows).toEqual([{ category: 'psychological', severity: 'high', person_id: ids.li }]);
    const sides = await db.query<{ person_id: string; side: string }>(`SELECT person_id, side FROM talk_participants WHERE talk_id = $1 ORDER BY side`, [talkId]);
    expect(sides.rows).toEqual([
      { person_id: ids.li, side: 'talkee' },
      { person_id: ids.leader, side: 'talker' },
    ]);
  });

  it('another grid leader sees that the talk happened, but not its notes', async () => {
    const other = await openAs('leader2');
    await other.goto(`${server.url}/talks/record/${talkId}`);
    await other.getByTestId('talk-detail').waitFor();
    expect(await other.getByTestId('talk-notes-hidden').textContent()).toContain('谈话内容仅谈话人及上级书记可见');
    expect(await other.getByTestId('talk-notes-text').count()).toBe(0);
    expect(await other.getByTestId('talk-detail-concerns').count()).toBe(0);
    expect(await other.getByTestId('focus-new').count()).toBe(0);
    // No focus file of their own: no focus menu either.
    expect(await other.getByTestId('menu-focus').count()).toBe(0);
    await shot(other, 'talks-06-other-leader');
  });

  it('the secretary sees the concern, and the coverage of the branch went up', async () => {
    const after = await openCoverage(secretary);
    expect(after).toBeGreaterThan(coverageBefore);
    const item = secretary.getByTestId('concerns-list').getByTestId('concerns-item').filter({ hasText: '李民警' });
    await item.waitFor();
    expect(await item.textContent()).toContain('心理问题');
    await shot(secretary, 'talks-07-coverage-after');
  });

  it('the secretary opens a focus file from the talk, with a care action', async () => {
    const item = secretary.getByTestId('concerns-list').getByTestId('concerns-item').filter({ hasText: '李民警' });
    await item.getByRole('link').click();
    await secretary.waitForURL(new RegExp(`/talks/record/${talkId}$`));
    // The secretary above reads the notes (and the read is audited).
    await poll(() => secretary.getByTestId('talk-notes-text').textContent()).toBe(NOTES);
    await secretary.getByTestId('focus-new').click();
    await secretary.getByTestId('focus-form').waitFor();
    expect(await secretary.getByTestId('focus-person-name').textContent()).toBe('李民警');
    // The category comes from the concern.
    expect(await secretary.getByTestId('focus-reason-category').textContent()).toContain('心理问题');
    // Empty reason is refused on the form.
    await secretary.getByTestId('focus-submit').click();
    await secretary.locator('.ant-form-item-explain-error').first().waitFor();
    await secretary.getByTestId('focus-reason').fill('谈话中反映情绪低落、睡眠差，家中老人住院');
    await secretary.getByTestId('focus-plan').fill('网格长每周谈心一次；联系心理咨询；协调调整夜班');
    await secretary.getByTestId('focus-submit').click();
    await secretary.waitForURL(/\/focus\/[0-9a-f-]{36}$/);
    const fileId = secretary.url().split('/').pop()!;
    await secretary.getByTestId('focus-confidential').waitFor();
    expect(await secretary.getByTestId('focus-file-plan').textContent()).toContain('心理咨询');
    await poll(() => secretary.getByTestId('focus-linked-talks').textContent()).toContain(today());

    await secretary.getByTestId('care-new').click();
    await secretary.getByTestId('care-form').waitFor();
    await chooseSingleOption(secretary, secretary.getByTestId('care-kind'), '心理疏导转介');
    await secretary.getByTestId('care-description').fill('联系市局心理咨询室，预约下周一面谈');
    await secretary.getByTestId('care-submit').click();
    await poll(() => secretary.getByTestId('focus-care-list').textContent()).toContain('联系市局心理咨询室');
    await shot(secretary, 'talks-08-focus-file');

    const file = (await db.query<{ person_id: string; reason_category: string; reason_cipher: string; owner_person_id: string }>(
      `SELECT person_id, reason_category, reason_cipher, owner_person_id FROM focus_files WHERE id = $1`,
      [fileId],
    )).rows[0]!;
    expect(file.person_id).toBe(ids.li);
    expect(file.reason_category).toBe('psychological');
    expect(file.owner_person_id).toBe(ids.secretary);
    expect(file.reason_cipher).not.toContain('睡眠');
    const care = await db.query<{ kind: string; focus_file_id: string | null; person_id: string }>(`SELECT kind, focus_file_id, person_id FROM care_records`);
    expect(care.rows).toEqual([{ kind: 'counselling', focus_file_id: fileId, person_id: ids.li }]);
    // Both the notes and the file were read, and each read left a trace.
    const reads = await db.query<{ action: string }>(`SELECT action FROM audit_log WHERE action IN ('talk.notes.read', 'focus_file.read')`);
    expect(reads.rows.map((r) => r.action)).toEqual(expect.arrayContaining(['talk.notes.read', 'focus_file.read']));
  });

  it('the person page shows the care record to the secretary', async () => {
    await secretary.goto(`${server.url}/people/${ids.li}`);
    await secretary.getByTestId('person-care').waitFor();
    await poll(() => secretary.getByTestId('person-care-list').textContent()).toContain('心理疏导转介');
    expect(await secretary.getByTestId('person-focus-link').count()).toBe(1);
  });

  it('a triggered talk (六必谈) raised by the secretary goes to the grid leader and closes when held', async () => {
    await secretary.goto(`${server.url}/talks/due`);
    await secretary.getByTestId('talk-due-raise').click();
    await secretary.getByTestId('talk-due-form').waitFor();
    // Without a person the form does not go out.
    await secretary.getByTestId('talk-due-submit').click();
    await secretary.getByTestId('talk-due-form').locator('.ant-form-item-explain-error').first().waitFor();
    await chooseSingleOption(secretary, secretary.getByTestId('talk-due-person'), '王民警', '王民警');
    await secretary.getByTestId('talk-due-reason').fill('调整至社区警务岗位');
    await secretary.getByTestId('talk-due-submit').click();
    // Assigned by the rules to the grid leader of 王民警's grid.
    await secretary.locator('.ant-message', { hasText: '已指派 张网格' }).waitFor();
    expect((await db.query(`SELECT talker_person_id, status FROM talk_dues WHERE person_id = $1`, [ids.wang])).rows).toEqual([{ talker_person_id: ids.leader, status: 'open' }]);

    await phone.goto(`${server.url}/talks/due`);
    const item = phone.getByTestId('talk-due-triggered-item').filter({ hasText: '王民警' });
    await item.waitFor();
    expect(await item.textContent()).toContain('岗位调整');
    await item.click();
    await phone.waitForURL(/dueId=/);
    await poll(() => phone.getByTestId('talk-kind').textContent()).toContain('必谈');
    await phone.getByTestId('talk-notes').fill('谈调岗后的想法和困难');
    await phone.getByTestId('talk-submit').click();
    await phone.waitForURL(/\/talks\/record\/[0-9a-f-]{36}$/);
    const heldId = phone.url().split('/').pop()!;
    const due = (await db.query<{ status: string; talk_id: string | null }>(`SELECT status, talk_id FROM talk_dues WHERE person_id = $1`, [ids.wang])).rows[0]!;
    expect(due).toEqual({ status: 'done', talk_id: heldId });
    await phone.goto(`${server.url}/talks/due`);
    await phone.getByTestId('talk-due-triggered').waitFor();
    expect(await phone.getByTestId('talk-due-triggered-item').count()).toBe(0);
  });

  it('an edit over a newer version is refused and the newer notes are shown', async () => {
    await secretary.goto(`${server.url}/talks/record/${talkId}`);
    await secretary.getByTestId('talk-edit').click();
    await secretary.getByTestId('talk-edit-form').waitFor();
    await secretary.getByTestId('talk-edit-notes').fill('书记补充：已协调减少夜班。');
    // Meanwhile the grid leader changes the talk.
    const current = await api(phone, 'GET', `/talks/${talkId}`);
    const newer = `${NOTES}（补记：已联系家属）`;
    const patched = await api(phone, 'PATCH', `/talks/${talkId}`, { notes: newer, version: current.body.version });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    await secretary.getByTestId('talk-edit-submit').click();
    await secretary.locator('.ant-message', { hasText: '数据已被他人修改' }).waitFor();
    // Nothing was overwritten, and the page shows the newer version.
    expect((await api(phone, 'GET', `/talks/${talkId}`)).body.notes).toBe(newer);
    await secretary.keyboard.press('Escape');
    await poll(() => secretary.getByTestId('talk-notes-text').textContent()).toBe(newer);
  });

  it('imports grid members from .xlsx: the row report first, then the valid rows', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('网格成员');
    ws.addRow(['网格', '网格长', '姓名', '身份证号后四位', '加入日期']);
    ws.addRow(['第一网格', '', '孙民警', '', '']);
    ws.addRow(['第一网格', '', '查无此人', '', '']);
    ws.addRow(['第三网格', '', '赵民警', '', '']);
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());

    await secretary.goto(`${server.url}/grids?branch=${ids.branch}`);
    await secretary.getByTestId('grid-columns').waitFor();
    await secretary.getByTestId('grid-import-open').click();
    await secretary.getByTestId('grid-import').locator('input[type=file]').setInputFiles({ name: '网格.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer });
    await secretary.getByTestId('grid-import-report').waitFor();
    expect(await secretary.getByTestId('grid-import-invalid').textContent()).toContain('1');
    expect(await secretary.getByTestId('grid-import-problems').textContent()).toContain('查无此人');
    expect(await secretary.getByTestId('grid-import-report').textContent()).toContain('第三网格');
    await shot(secretary, 'talks-09-grid-import');
    // The dry run changed nothing.
    expect((await db.query(`SELECT 1 FROM grids WHERE name = '第三网格'`)).rowCount).toBe(0);
    await secretary.getByTestId('grid-import-commit').click();
    await secretary.getByTestId('grid-import-result').waitFor();
    await secretary.getByTestId('grid-import-close').click();
    await poll(() => secretary.getByTestId('grid-column').count()).toBe(3);
    const col2 = secretary.locator(`[data-testid="grid-column"][data-grid-id="${ids.grid2}"]`);
    await poll(() => col2.getByTestId('grid-person').count()).toBe(0);
    const current = await db.query<{ name: string }>(
      `SELECT g.name FROM grid_members gm JOIN grids g ON g.id = gm.grid_id WHERE gm.person_id = ANY($1::uuid[]) AND gm.left_on IS NULL ORDER BY g.name`,
      [[ids.sun, ids.zhao]],
    );
    expect(current.rows.map((r) => r.name).sort()).toEqual(['第一网格', '第三网格']);
  });

  it('no page threw an uncaught error', () => {
    expect(pageErrors).toEqual([]);
  });
});

