import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildOrgUnit, buildPerson, buildUser, createTestApp, login, type Agent, type TestContext } from '../../../../test/helpers/test-app';
import { makeXlsx } from '../../../../test/helpers/xlsx';

let ctx: TestContext;
let admin: Agent;
let gb: { id: string; path: string };

beforeAll(async () => {
  ctx = await createTestApp();
  gb = await buildOrgUnit(ctx.db, { parent: ctx.root, kind: 'general_branch', name: '党总支' });
  await buildUser(ctx.db, { username: 'admin', roles: [{ role: 'admin', orgUnitId: ctx.root.id }] });
  admin = await login(ctx.app, 'admin');
});
afterAll(() => ctx.close());

type Unit = { id: string; parentId: string | null; name: string; version: number; sortOrder: number; kind: string; closedAt: string | null };
const list = async (agent: Agent, q = ''): Promise<Unit[]> => (await agent.get(`/api/v1/org-units${q}`)).json().items;

describe('organisation tree', () => {
  it('creates, renames, reorders and moves units; paths follow a move', async () => {
    const created = await admin.post('/api/v1/org-units', { parentId: gb.id, kind: 'branch', name: '第一支部' });
    expect(created.statusCode).toBe(200);
    const b1: Unit = created.json();
    expect(b1).toMatchObject({ parentId: gb.id, kind: 'branch', name: '第一支部', version: 1 });
    const group = (await admin.post('/api/v1/org-units', { parentId: b1.id, kind: 'group', name: '党小组' })).json() as Unit;
    const renamed = await admin.patch(`/api/v1/org-units/${b1.id}`, { version: 1, name: '第一党支部', sortOrder: 3 });
    expect(renamed.json()).toMatchObject({ name: '第一党支部', sortOrder: 3, version: 2 });
    const b2 = (await admin.post('/api/v1/org-units', { parentId: gb.id, kind: 'branch', name: '第二党支部' })).json() as Unit;
    const moved = await admin.patch(`/api/v1/org-units/${group.id}`, { version: group.version, parentId: b2.id });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().parentId).toBe(b2.id);
    const paths = await ctx.db.execute<{ id: string; path: string }>(sql`SELECT id, path FROM org_units WHERE id IN (${group.id}, ${b2.id})`);
    const byId = Object.fromEntries(paths.rows.map((r) => [r.id, r.path]));
    expect(byId[group.id]).toBe(`${byId[b2.id]}${group.id}/`);
    const tree = await list(admin);
    expect(tree.find((u) => u.id === group.id)!.parentId).toBe(b2.id);
  });

  it('refuses to move a unit under itself or its descendants', async () => {
    const parent = (await admin.post('/api/v1/org-units', { parentId: gb.id, kind: 'branch', name: '环测试' })).json() as Unit;
    const child = (await admin.post('/api/v1/org-units', { parentId: parent.id, kind: 'group', name: '环测试小组' })).json() as Unit;
    const res = await admin.patch(`/api/v1/org-units/${parent.id}`, { version: parent.version, parentId: child.id });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('INVALID_MOVE');
    const self = await admin.patch(`/api/v1/org-units/${parent.id}`, { version: parent.version, parentId: parent.id });
    expect(self.json().error.code).toBe('INVALID_MOVE');
  });

  it('refuses to close a unit that still has people, then closes it once empty', async () => {
    const unit = (await admin.post('/api/v1/org-units', { parentId: gb.id, kind: 'department', name: '待撤销科' })).json() as Unit;
    const p = await buildPerson(ctx.db, { name: '留守', departmentId: unit.id });
    const refused = await admin.post(`/api/v1/org-units/${unit.id}/close`, { version: unit.version });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'UNIT_NOT_EMPTY', details: { people: 1, children: 0 } });
    await ctx.db.execute(sql`UPDATE people SET status = 'transferred_out' WHERE id = ${p.id}`);
    const closed = await admin.post(`/api/v1/org-units/${unit.id}/close`, { version: unit.version });
    expect(closed.statusCode).toBe(200);
    expect(closed.json().closedAt).not.toBeNull();
    expect((await list(admin)).some((u) => u.id === unit.id)).toBe(false);
    expect((await list(admin, '?includeClosed=true')).some((u) => u.id === unit.id)).toBe(true);
  });

  it('detects a stale version on rename', async () => {
    const unit = (await admin.post('/api/v1/org-units', { parentId: gb.id, kind: 'branch', name: '版本测试' })).json() as Unit;
    expect((await admin.patch(`/api/v1/org-units/${unit.id}`, { version: 1, name: '甲' })).statusCode).toBe(200);
    const stale = await admin.patch(`/api/v1/org-units/${unit.id}`, { version: 1, name: '乙' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.details.current.name).toBe('甲');
  });

  it('keeps the leadership team with party posts and 一岗双责 areas', async () => {
    const sec = await buildPerson(ctx.db, { name: '书记甲' });
    const dep = await buildPerson(ctx.db, { name: '副书记乙' });
    const res = await admin.put(`/api/v1/org-units/${gb.id}/leadership`, {
      leaders: [
        { personId: dep.id, partyPost: 'deputy_secretary', dualResponsibility: ['执法监督'] },
        { personId: sec.id, partyPost: 'secretary', dualResponsibility: ['全面工作', '队伍建设'] },
      ],
    });
    expect(res.statusCode).toBe(200);
    const got = (await admin.get(`/api/v1/org-units/${gb.id}/leadership`)).json();
    expect(got.leaders).toEqual([
      { personId: sec.id, personName: '书记甲', partyPost: 'secretary', dualResponsibility: ['全面工作', '队伍建设'] },
      { personId: dep.id, personName: '副书记乙', partyPost: 'deputy_secretary', dualResponsibility: ['执法监督'] },
    ]);
    const dup = await admin.put(`/api/v1/org-units/${gb.id}/leadership`, { leaders: [{ personId: sec.id, partyPost: 'secretary' }, { personId: sec.id, partyPost: 'member' }] });
    expect(dup.statusCode).toBe(409);
  });
});

describe('scope', () => {
  it('a branch secretary sees their subtree plus its ancestors, and can write only inside it', async () => {
    const mine = await buildOrgUnit(ctx.db, { parent: gb, kind: 'branch', name: '我的支部' });
    const theirs = await buildOrgUnit(ctx.db, { parent: gb, kind: 'branch', name: '别人的支部' });
    await buildUser(ctx.db, { username: 'sec', roles: [{ role: 'secretary', orgUnitId: mine.id }] });
    const sec = await login(ctx.app, 'sec');
    const names = (await list(sec)).map((u) => u.name);
    expect(names).toEqual(expect.arrayContaining(['测试党委', '党总支', '我的支部']));
    expect(names).not.toContain('别人的支部');
    expect((await sec.post('/api/v1/org-units', { parentId: mine.id, kind: 'group', name: '新小组' })).statusCode).toBe(200);
    const outside = await sec.post('/api/v1/org-units', { parentId: theirs.id, kind: 'group', name: '越权小组' });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().error.code).toBe('OUT_OF_SCOPE');
    expect((await sec.post('/api/v1/org-units', { parentId: null, kind: 'committee', name: '顶级' })).statusCode).toBe(403);
  });

  it('a viewer cannot change the tree', async () => {
    await buildUser(ctx.db, { username: 'viewer', roles: [{ role: 'viewer', orgUnitId: ctx.root.id }] });
    const viewer = await login(ctx.app, 'viewer');
    const res = await viewer.post('/api/v1/org-units', { parentId: gb.id, kind: 'branch', name: '只读' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
  });
});

describe('import the tree from .xlsx', () => {
  it('creates units in order, resolving parents from the database or earlier rows', async () => {
    const data = await makeXlsx([
      ['组织名称', '上级组织', '类型', '排序'],
      ['导入支部', '党总支', '党支部', 1],
      ['导入小组', '导入支部', '党小组', 1],
      ['坏类型', '党总支', '委员会', ''],
      ['孤儿', '不存在的组织', '科室', ''],
      ['导入科室', '党总支', '科室', 'x'],
    ]);
    const dry = (await admin.upload('/api/v1/org-units/import?mode=dry_run', { name: '组织.xlsx', data })).json();
    expect(dry).toMatchObject({ totalRows: 5, validRows: 2, invalidRows: 3, imported: 0 });
    expect(dry.problems).toEqual([
      { row: 4, column: '类型', message: expect.stringContaining('类型「委员会」无效') },
      { row: 5, column: '上级组织', message: '找不到上级组织「不存在的组织」' },
      { row: 6, column: '排序', message: '排序应为非负整数' },
    ]);
    const done = (await admin.upload('/api/v1/org-units/import?mode=valid_rows', { name: '组织.xlsx', data })).json();
    expect(done.imported).toBe(2);
    const units = await list(admin);
    const branch = units.find((u) => u.name === '导入支部')!;
    expect(branch.parentId).toBe(gb.id);
    expect(units.find((u) => u.name === '导入小组')!.parentId).toBe(branch.id);
  });
});
