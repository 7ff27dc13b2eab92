import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildOrgUnit, buildPerson, buildUser, createTestApp, login, type Agent, type TestContext } from '../../../../test/helpers/test-app';
import { makeXlsx, makeZipBomb, readXlsx } from '../../../../test/helpers/xlsx';

let ctx: TestContext;
let gb: { id: string; path: string };
let b1: { id: string; path: string };
let b2: { id: string; path: string };
let sec1: Agent;
let sec2: Agent;
let gbSec: Agent;
let viewer: Agent;
let leaderAgent: Agent;
const p: Record<string, { id: string; name: string }> = {};

const errorOf = (res: { json: () => { error?: { code: string } } }) => res.json().error?.code;

beforeAll(async () => {
  ctx = await createTestApp({ maxUploadBytes: 200 * 1024 });
  gb = await buildOrgUnit(ctx.db, { parent: ctx.root, kind: 'general_branch', name: '测试党总支' });
  b1 = await buildOrgUnit(ctx.db, { parent: gb, kind: 'branch', name: '一支部' });
  b2 = await buildOrgUnit(ctx.db, { parent: gb, kind: 'branch', name: '二支部' });
  const dept = await buildOrgUnit(ctx.db, { parent: gb, kind: 'department', name: '综合科' });
  for (const [key, name, branch] of [
    ['zhang', '张建国', b1], ['li', '李秀英', b1], ['wang', '王志强', b1], ['zhao', '赵丽', b1], ['sun', '孙浩', b1],
    ['zhou', '周敏', b2], ['wu', '吴刚', b2],
  ] as const) {
    p[key] = await buildPerson(ctx.db, { name, branchId: branch.id });
  }
  p.twin1 = await buildPerson(ctx.db, { name: '陈静', branchId: b1.id, nationalId: '11010519491231002X' });
  p.twin2 = await buildPerson(ctx.db, { name: '陈静', branchId: b1.id, nationalId: '440524198001010013' });
  // A non-member of the general office: belongs to the general branch's subtree through the department.
  p.clerk = await buildPerson(ctx.db, { name: '郑文', departmentId: dept.id, partyStatus: 'none' });
  p.retired = await buildPerson(ctx.db, { name: '钱老', branchId: b1.id, status: 'retired' });
  const u1 = await buildUser(ctx.db, { username: 'sec1', roles: [{ role: 'secretary', orgUnitId: b1.id }] });
  const u2 = await buildUser(ctx.db, { username: 'sec2', roles: [{ role: 'secretary', orgUnitId: b2.id }] });
  await buildUser(ctx.db, { username: 'gbsec', roles: [{ role: 'secretary', orgUnitId: gb.id }] });
  await buildUser(ctx.db, { username: 'viewer', roles: [{ role: 'viewer', orgUnitId: ctx.root.id }] });
  await buildUser(ctx.db, { username: 'gl', roles: [{ role: 'grid_leader', orgUnitId: b1.id }], personId: p.zhang!.id });
  sec1 = await login(ctx.app, u1.username);
  sec2 = await login(ctx.app, u2.username);
  gbSec = await login(ctx.app, 'gbsec');
  viewer = await login(ctx.app, 'viewer');
  leaderAgent = await login(ctx.app, 'gl');
});
afterAll(() => ctx.close());

async function createGrid(agent: Agent, name: string, extra: Record<string, unknown> = {}) {
  return agent.post('/api/v1/grids', { branchId: b1.id, name, ...extra });
}
async function memberships(personId: string) {
  const res = await ctx.db.execute<{ grid: string; joinedOn: string; leftOn: string | null }>(sql`
    SELECT g.name AS grid, m.joined_on AS "joinedOn", m.left_on AS "leftOn" FROM grid_members m JOIN grids g ON g.id = m.grid_id
    WHERE m.person_id = ${personId} ORDER BY m.joined_on, m.left_on NULLS LAST`);
  return res.rows;
}
async function count(table: 'grids' | 'grid_members') {
  return (await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${sql.raw(table)}`)).rows[0]!.n;
}

describe('grid CRUD', () => {
  it('creates a grid with a leader and deputy from the branch, and audits it', async () => {
    const res = await createGrid(sec1, '一网格', { leaderPersonId: p.zhang!.id, deputyPersonId: p.li!.id });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: '一网格', branchName: '一支部', leaderName: '张建国', deputyName: '李秀英', members: [], version: 1 });
    const audit = await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'grid.create' AND entity_id = ${res.json().id}`);
    expect(audit.rows[0]!.n).toBe(1);
  });

  it.each([
    ['a leader from another branch', () => ({ leaderPersonId: p.zhou!.id }), '网格长应为本支部的人员'],
    ['a retired leader', () => ({ leaderPersonId: p.retired!.id }), '网格长不存在或已不在职'],
    ['the same person as leader and deputy', () => ({ leaderPersonId: p.wang!.id, deputyPersonId: p.wang!.id }), '网格长和副网格长不能是同一人'],
  ])('refuses %s', async (_l, extra, message) => {
    const res = await createGrid(sec1, '坏网格', extra());
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe(message);
  });

  it('refuses a duplicate name in the branch, a caller out of scope and read-only roles', async () => {
    expect(errorOf(await createGrid(sec1, '一网格'))).toBe('DUPLICATE');
    expect((await createGrid(sec2, '越权网格')).statusCode).toBe(403);
    expect(errorOf(await createGrid(viewer, '只读网格'))).toBe('FORBIDDEN');
    expect(errorOf(await createGrid(leaderAgent, '网格长建网格'))).toBe('FORBIDDEN');
    expect((await sec1.post('/api/v1/grids', { branchId: b1.id, name: '' })).statusCode).toBe(400);
  });

  it('edits with the version and refuses a stale version without overwriting', async () => {
    const g = (await createGrid(sec1, '二网格')).json();
    const ok = await sec1.patch(`/api/v1/grids/${g.id}`, { leaderPersonId: p.wang!.id, version: 1 });
    expect(ok.json()).toMatchObject({ leaderName: '王志强', version: 2 });
    const stale = await sec1.patch(`/api/v1/grids/${g.id}`, { name: '改名', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'VERSION_CONFLICT', details: { current: { name: '二网格', version: 2 } } });
    expect((await sec1.get(`/api/v1/grids/${g.id}`)).json().name).toBe('二网格');
  });
});

describe('members and moves', () => {
  let g1: { id: string; version: number };
  let g2: { id: string; version: number };
  const list = async (agent: Agent, on?: string) =>
    (await agent.get(`/api/v1/grids?branchId=${b1.id}${on ? `&on=${on}` : ''}`)).json().items as { name: string; version: number; members: { name: string }[] }[];

  beforeAll(async () => {
    g1 = (await sec1.get(`/api/v1/grids?branchId=${b1.id}`)).json().items.find((g: { name: string }) => g.name === '一网格');
    g2 = (await sec1.get(`/api/v1/grids?branchId=${b1.id}`)).json().items.find((g: { name: string }) => g.name === '二网格');
  });

  it('adds members with a joining date and lists them under the grid', async () => {
    const res = await sec1.post(`/api/v1/grids/${g1.id}/members`, { personIds: [p.zhang!.id, p.li!.id, p.wang!.id], joinedOn: '2026-01-01', version: g1.version });
    expect(res.statusCode).toBe(200);
    expect(res.json().members.map((m: { name: string }) => m.name).sort()).toEqual(['李秀英', '王志强', '张建国'].sort());
    g1 = res.json();
    // The grid leader of the branch reads the grids (talks.coverage) but may not edit them.
    expect((await list(leaderAgent)).find((g) => g.name === '一网格')!.members).toHaveLength(3);
    expect((await sec2.get(`/api/v1/grids?branchId=${b1.id}`)).statusCode).toBe(403);
  });

  it('refuses to add someone already in a grid, a leaver, or someone out of scope, and a stale version', async () => {
    const again = await sec1.post(`/api/v1/grids/${g2.id}/members`, { personIds: [p.zhang!.id], joinedOn: '2026-02-01', version: g2.version });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.message).toContain('张建国已在「一网格」网格');
    const retired = await sec1.post(`/api/v1/grids/${g2.id}/members`, { personIds: [p.retired!.id], joinedOn: '2026-02-01', version: g2.version });
    expect(retired.json().error.message).toContain('已不在职');
    const outside = await sec1.post(`/api/v1/grids/${g2.id}/members`, { personIds: [p.zhou!.id], joinedOn: '2026-02-01', version: g2.version });
    expect(outside.json().error.message).toContain('不在您的管理范围内');
    const stale = await sec1.post(`/api/v1/grids/${g1.id}/members`, { personIds: [p.zhao!.id], joinedOn: '2026-02-01', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(await memberships(p.zhao!.id)).toEqual([]);
  });

  it('moves a person mid-period: the old membership ends that day, the history stays', async () => {
    const res = await sec1.post('/api/v1/grids/move', {
      personId: p.wang!.id, fromGridId: g1.id, toGridId: g2.id, on: '2026-03-15', fromVersion: g1.version, toVersion: g2.version,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().from.members.map((m: { name: string }) => m.name)).not.toContain('王志强');
    expect(res.json().to.members.map((m: { name: string }) => m.name)).toEqual(['王志强']);
    expect(await memberships(p.wang!.id)).toEqual([
      { grid: '一网格', joinedOn: '2026-01-01', leftOn: '2026-03-15' },
      { grid: '二网格', joinedOn: '2026-03-15', leftOn: null },
    ]);
    // Read as of a day before the move, he is still in the first grid.
    const before = await list(sec1, '2026-03-14');
    expect(before.find((g) => g.name === '一网格')!.members.map((m) => m.name)).toContain('王志强');
    expect(before.find((g) => g.name === '二网格')!.members).toEqual([]);
    g1 = res.json().from;
    g2 = res.json().to;
  });

  it('refuses a move with a stale version, a move before joining, and a move of a non-member; nothing changes', async () => {
    const stale = await sec1.post('/api/v1/grids/move', { personId: p.li!.id, fromGridId: g1.id, toGridId: g2.id, on: '2026-04-01', fromVersion: g1.version - 1, toVersion: g2.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    const early = await sec1.post('/api/v1/grids/move', { personId: p.li!.id, fromGridId: g1.id, toGridId: g2.id, on: '2025-12-01', fromVersion: g1.version, toVersion: g2.version });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.message).toContain('调整日期不能早于');
    const none = await sec1.post('/api/v1/grids/move', { personId: p.zhao!.id, fromGridId: g1.id, toGridId: g2.id, on: '2026-04-01', fromVersion: g1.version, toVersion: g2.version });
    expect(none.statusCode).toBe(404);
    expect(await memberships(p.li!.id)).toEqual([{ grid: '一网格', joinedOn: '2026-01-01', leftOn: null }]);
  });

  it('refuses to close a grid with members, and closes it once emptied', async () => {
    const refused = await sec1.post(`/api/v1/grids/${g2.id}/close`, { version: g2.version });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'GRID_NOT_EMPTY', details: { members: 1 } });
    expect(refused.json().error.message).toContain('还有 1 名成员');
    const removed = await sec1.del(`/api/v1/grids/${g2.id}/members/${p.wang!.id}?leftOn=2026-05-01&version=${g2.version}`);
    expect(removed.statusCode).toBe(200);
    expect(removed.json().members).toEqual([]);
    const closed = await sec1.post(`/api/v1/grids/${g2.id}/close`, { version: removed.json().version });
    expect(closed.statusCode).toBe(200);
    expect(closed.json().closedAt).not.toBeNull();
    expect((await list(sec1)).map((g) => g.name)).not.toContain('二网格');
    // Put 王志强 back into the first grid for the coverage checks below.
    const g = (await list(sec1)).find((x) => x.name === '一网格')!;
    await sec1.post(`/api/v1/grids/${g1.id}/members`, { personIds: [p.wang!.id], joinedOn: '2026-05-01', version: g.version });
  });
});

describe('coverage check', () => {
  it('lists the unassigned and the double-assigned among active people, leaving leavers out', async () => {
    const other = (await sec1.post('/api/v1/grids', { branchId: b1.id, name: '三网格' })).json();
    // A retired person with an open membership and a double assignment written directly: the check must see through both.
    await ctx.db.execute(sql`INSERT INTO grid_members (grid_id, person_id, joined_on) VALUES (${other.id}, ${p.li!.id}, '2026-02-01'), (${other.id}, ${p.retired!.id}, '2026-02-01')`);
    const res = await sec1.get(`/api/v1/grids/coverage-check?orgUnitId=${b1.id}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.unassigned.map((x: { name: string }) => x.name).sort()).toEqual(['陈静', '陈静', '孙浩', '赵丽'].sort());
    expect(body.doubleAssigned).toHaveLength(1);
    expect(body.doubleAssigned[0].person.name).toBe('李秀英');
    expect(body.doubleAssigned[0].grids.map((g: { name: string }) => g.name).sort()).toEqual(['三网格', '一网格'].sort());
    expect(body).toMatchObject({ total: 7, assigned: 3 });
    expect(JSON.stringify(body)).not.toContain('钱老');
  });

  it('covers the subtree of a general branch including non-members through their department', async () => {
    const body = (await gbSec.get(`/api/v1/grids/coverage-check?orgUnitId=${gb.id}`)).json();
    expect(body.total).toBe(10);
    expect(body.unassigned.map((x: { name: string }) => x.name)).toContain('郑文');
  });

  it('is refused out of scope and readable by a viewer', async () => {
    expect((await sec2.get(`/api/v1/grids/coverage-check?orgUnitId=${b1.id}`)).statusCode).toBe(403);
    expect((await viewer.get(`/api/v1/grids/coverage-check?orgUnitId=${b1.id}`)).statusCode).toBe(200);
  });
});

describe('import and export', () => {
  const HEADER = ['姓名*', '身份证号后四位', '网格*', '网格长'];
  const file = () =>
    makeXlsx([
      HEADER,
      ['赵丽', '', '四网格', '孙浩'],
      ['孙浩', '', '四网格', ''],
      ['李秀英', '', '四网格', ''], // in two grids already: moved
      ['陈静', '', '四网格', ''], // two people of that name
      ['陈静', '002X', '四网格', ''],
      ['查无此人', '', '四网格', ''],
      ['周敏', '', '四网格', ''], // another branch: out of scope
      ['赵丽', '', '一网格', ''], // same person twice
      ['', '', '四网格', ''],
      ['孙浩', '', '', ''],
      ['王志强', '', '一网格', '吴刚'], // a leader from another branch
    ]);

  it('reports every bad row by name and column, writing nothing on a dry run', async () => {
    const before = [await count('grids'), await count('grid_members')];
    const res = await sec1.upload(`/api/v1/grids/import?branchId=${b1.id}&mode=dry_run&joinedOn=2026-06-01`, { name: '网格.xlsx', data: await file() });
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ mode: 'dry_run', totalRows: 11, validRows: 4, invalidRows: 7, imported: 0, newGrids: ['四网格'] });
    const at = (row: number) => r.problems.filter((x: { row: number }) => x.row === row).map((x: { column: string; message: string }) => `${x.column}:${x.message}`);
    expect(at(5)).toEqual(['姓名:有 2 名名为「陈静」的人员，请填写身份证号后四位加以区分']);
    expect(at(7)).toEqual(['姓名:找不到在职人员「查无此人」']);
    expect(at(8)).toEqual(['姓名:周敏不在您的管理范围内']);
    expect(at(9)).toEqual(['姓名:与第 2 行是同一人']);
    expect(at(10)).toEqual(['姓名:必填']);
    expect(at(11)).toEqual(['网格:必填', '姓名:与第 3 行是同一人']);
    expect(at(12)).toEqual(['网格长:找不到本支部在职人员「吴刚」']);
    expect(r.moves).toEqual([{ row: 4, name: '李秀英', fromGrid: expect.stringContaining('一网格'), toGrid: '四网格' }]);
    expect([await count('grids'), await count('grid_members')]).toEqual(before);
  });

  it('imports nothing in all-or-nothing mode when a row is bad', async () => {
    const before = await count('grid_members');
    const res = await sec1.upload(`/api/v1/grids/import?branchId=${b1.id}&mode=all_or_nothing`, { name: '网格.xlsx', data: await file() });
    expect(res.json()).toMatchObject({ imported: 0, invalidRows: 7 });
    expect(await count('grid_members')).toBe(before);
  });

  it('imports the valid rows: creates the grid with its leader and moves those already in a grid', async () => {
    const res = await sec1.upload(`/api/v1/grids/import?branchId=${b1.id}&mode=valid_rows&joinedOn=2026-06-01`, { name: '网格.xlsx', data: await file() });
    expect(res.json()).toMatchObject({ imported: 4, validRows: 4 });
    const grids = (await sec1.get(`/api/v1/grids?branchId=${b1.id}&on=2026-06-01`)).json().items;
    const four = grids.find((g: { name: string }) => g.name === '四网格');
    expect(four.leaderName).toBe('孙浩');
    expect(four.members.map((m: { name: string }) => m.name).sort()).toEqual(['陈静', '李秀英', '孙浩', '赵丽'].sort());
    expect((await memberships(p.li!.id)).filter((m) => m.leftOn === null)).toEqual([{ grid: '四网格', joinedOn: '2026-06-01', leftOn: null }]);
    const check = (await sec1.get(`/api/v1/grids/coverage-check?orgUnitId=${b1.id}&on=2026-06-01`)).json();
    expect(check.doubleAssigned).toEqual([]);
    expect(check.unassigned.map((x: { name: string }) => x.name)).toEqual(['陈静']);
  });

  it.each([
    ['a text file named .xlsx', Buffer.from('网格,姓名\n一网格,张三\n'), 415, 'UNSUPPORTED_FILE_TYPE'],
    ['a truncated workbook', Buffer.from('PK\u0003\u0004garbage-garbage-garbage'), 415, 'UNSUPPORTED_FILE_TYPE'],
    ['a zip bomb', makeZipBomb('xl/workbook.xml', 3_000_000_000), 413, 'FILE_TOO_LARGE'],
    ['an empty file', Buffer.alloc(0), 400, 'MALFORMED_FILE'],
  ])('refuses %s and stores nothing', async (_l, data, status, code) => {
    const before = await count('grid_members');
    const res = await sec1.upload(`/api/v1/grids/import?branchId=${b1.id}&mode=valid_rows`, { name: '网格.xlsx', data });
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
    expect(await count('grid_members')).toBe(before);
  });

  it('refuses a sheet without the required columns, another branch, and a viewer', async () => {
    const res = await sec1.upload(`/api/v1/grids/import?branchId=${b1.id}`, { name: 'x.xlsx', data: await makeXlsx([['编号', '备注'], ['1', '2']]) });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'MALFORMED_FILE', message: '缺少必需的列：网格、姓名' });
    expect((await sec2.upload(`/api/v1/grids/import?branchId=${b1.id}`, { name: 'x.xlsx', data: await file() })).statusCode).toBe(403);
    expect((await viewer.upload(`/api/v1/grids/import?branchId=${b1.id}`, { name: 'x.xlsx', data: await file() })).statusCode).toBe(403);
  });

  it('serves a template and exports the grid list in the template columns', async () => {
    const t = await sec1.get('/api/v1/grids/import-template.xlsx');
    expect(t.statusCode).toBe(200);
    expect((await readXlsx(t.rawPayload)).rows[0]).toEqual(expect.arrayContaining(['网格*', '姓名*', '网格长', '身份证号后四位']));
    const res = await sec1.get(`/api/v1/grids/export.xlsx?branchId=${b1.id}`);
    expect(res.statusCode).toBe(200);
    const { rows } = await readXlsx(res.rawPayload);
    expect(rows[0]).toEqual(expect.arrayContaining(['序号', '网格', '网格长', '姓名', '身份证号后四位']));
    const chen = rows.find((r) => r.includes('陈静'))!;
    expect(chen).toEqual(expect.arrayContaining(['四网格', '孙浩', '002X']));
    expect((await sec2.get(`/api/v1/grids/export.xlsx?branchId=${b1.id}`)).statusCode).toBe(403);
  });
});

describe('grid leaders who are not party members', () => {
  it('may lead a grid of the branch they are in, but not another branch’s', async () => {
    const g = (await gbSec.post('/api/v1/grids', { branchId: b1.id, name: '五网格' })).json();
    expect((await gbSec.patch(`/api/v1/grids/${g.id}`, { leaderPersonId: p.clerk!.id, version: g.version })).json().error.message).toBe('网格长应为本支部的人员');
    const filled = (await gbSec.post(`/api/v1/grids/${g.id}/members`, { personIds: [p.clerk!.id], joinedOn: '2026-06-01', version: g.version })).json();
    const led = await gbSec.patch(`/api/v1/grids/${g.id}`, { leaderPersonId: p.clerk!.id, version: filled.version });
    expect(led.statusCode).toBe(200);
    expect(led.json().leaderName).toBe('郑文');
    const other = (await gbSec.post('/api/v1/grids', { branchId: b2.id, name: '二支部网格' })).json();
    expect((await gbSec.patch(`/api/v1/grids/${other.id}`, { leaderPersonId: p.clerk!.id, version: other.version })).statusCode).toBe(400);
  });
});

describe('OpenAPI', () => {
  it('documents the grid, focus-file and care routes', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    for (const p of ['/api/v1/grids/move', '/api/v1/grids/coverage-check', '/api/v1/focus-files/{id}/entries', '/api/v1/care/follow-ups', '/api/v1/people/{id}/care']) {
      expect(paths).toContain(p);
    }
  });
});

describe('listing under a general branch', () => {
  it('shows the grids of every branch below it', async () => {
    const names = (await gbSec.get(`/api/v1/grids?branchId=${gb.id}`)).json().items.map((g: { name: string; branchName: string }) => `${g.branchName}/${g.name}`);
    expect(names).toEqual(expect.arrayContaining(['一支部/一网格', '一支部/四网格', '二支部/二支部网格']));
    expect(names).not.toContain('一支部/二网格'); // closed
  });
});
