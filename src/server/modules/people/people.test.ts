import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildOrgUnit, buildPerson, buildUser, createTestApp, login, type Agent, type TestContext } from '../../../../test/helpers/test-app';

let ctx: TestContext;
let b1: { id: string; path: string };
let b2: { id: string; path: string };
let dept: { id: string; path: string };
let sec1: Agent;
let admin: Agent;
let ids: Record<string, string> = {};

beforeAll(async () => {
  ctx = await createTestApp();
  const gb = await buildOrgUnit(ctx.db, { parent: ctx.root, kind: 'general_branch', name: '党总支' });
  b1 = await buildOrgUnit(ctx.db, { parent: gb, kind: 'branch', name: '第一党支部' });
  b2 = await buildOrgUnit(ctx.db, { parent: gb, kind: 'branch', name: '第二党支部' });
  dept = await buildOrgUnit(ctx.db, { parent: gb, kind: 'department', name: '综合科' });
  const people = [
    ['张三丰', b1.id, '1980-03-01'],
    ['张伟', b1.id, '1995-07-15'],
    ['李娜', b1.id, '1988-12-01'],
    ['王芳', b2.id, '1990-01-20'],
    ['赵强', b2.id, '1975-06-30'],
  ] as const;
  for (const [name, branchId, birthDate] of people) {
    ids[name] = (await buildPerson(ctx.db, { name, branchId, birthDate, departmentId: dept.id, phone: '13812345678', nationalId: null })).id;
  }
  await buildUser(ctx.db, { username: 'sec1', roles: [{ role: 'secretary', orgUnitId: b1.id }] });
  await buildUser(ctx.db, { username: 'admin1', roles: [{ role: 'admin', orgUnitId: ctx.root.id }] });
  await buildUser(ctx.db, { username: 'viewer1', roles: [{ role: 'viewer', orgUnitId: ctx.root.id }] });
  await buildUser(ctx.db, { username: 'member1', roles: [{ role: 'member', orgUnitId: b1.id }], personId: ids['李娜'] });
  sec1 = await login(ctx.app, 'sec1');
  admin = await login(ctx.app, 'admin1');
});
afterAll(() => ctx.close());

const names = (res: { json: () => { items: { name: string }[] } }) => res.json().items.map((p) => p.name);

describe('list: scope, search, filters, sorting, pagination', () => {
  it('a branch secretary sees only their branch', async () => {
    const res = await sec1.get('/api/v1/people?pageSize=50');
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBe(3);
    expect(names(res).sort()).toEqual(['张三丰', '张伟', '李娜'].sort());
  });

  it('finds people by pinyin initials, full pinyin and Chinese substring', async () => {
    expect(names(await admin.get('/api/v1/people?q=zsf'))).toEqual(['张三丰']);
    expect(names(await admin.get('/api/v1/people?q=ZW'))).toEqual(['张伟']);
    expect(names(await admin.get('/api/v1/people?q=wangfang'))).toEqual(['王芳']);
    expect(names(await admin.get(`/api/v1/people?q=${encodeURIComponent('张')}`)).sort()).toEqual(['张三丰', '张伟'].sort());
    expect(names(await admin.get('/api/v1/people?q=%25'))).toEqual([]); // LIKE wildcards are literal
  });

  it('sorts by pinyin of the name and by birth date, and paginates', async () => {
    const byName = await admin.get('/api/v1/people?sort=name&order=asc');
    expect(names(byName)).toEqual(['李娜', '王芳', '张三丰', '张伟', '赵强']);
    const oldestFirst = await admin.get('/api/v1/people?sort=birthDate&order=asc&pageSize=2&page=1');
    expect(names(oldestFirst)).toEqual(['赵强', '张三丰']);
    expect(oldestFirst.json().total).toBe(5);
    const page3 = await admin.get('/api/v1/people?sort=birthDate&order=asc&pageSize=2&page=3');
    expect(names(page3)).toEqual(['张伟']);
  });

  it('filters by unit subtree', async () => {
    expect(names(await admin.get(`/api/v1/people?orgUnitId=${b2.id}&sort=name`))).toEqual(['王芳', '赵强']);
  });

  it('rejects bad query parameters', async () => {
    const res = await admin.get('/api/v1/people?pageSize=1000');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });
});

describe('detail and sensitive fields', () => {
  it('masks the phone and ID number in the profile', async () => {
    const res = await sec1.get(`/api/v1/people/${ids['张伟']}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: '张伟', phoneMasked: '138****5678', branchName: '第一党支部', departmentName: '综合科' });
    expect(res.body).not.toContain('13812345678');
  });

  it('reveals them on the audited sensitive endpoint', async () => {
    const before = await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'person.read_sensitive'`);
    const res = await sec1.get(`/api/v1/people/${ids['张伟']}/sensitive`);
    expect(res.statusCode).toBe(200);
    expect(res.json().phone).toBe('13812345678');
    const after = await ctx.db.execute<{ n: number; entity_id: string }>(sql`SELECT count(*)::int AS n, max(entity_id) AS entity_id FROM audit_log WHERE action = 'person.read_sensitive'`);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n + 1);
    expect(after.rows[0]!.entity_id).toBe(ids['张伟']);
  });

  it('a viewer may read profiles but not the sensitive fields', async () => {
    const viewer = await login(ctx.app, 'viewer1');
    expect((await viewer.get(`/api/v1/people/${ids['王芳']}`)).statusCode).toBe(200);
    const s = await viewer.get(`/api/v1/people/${ids['王芳']}/sensitive`);
    expect(s.statusCode).toBe(403);
  });

  it('a branch secretary cannot read another branch’s people', async () => {
    const res = await sec1.get(`/api/v1/people/${ids['王芳']}`);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('OUT_OF_SCOPE');
    expect((await sec1.get(`/api/v1/people/${ids['王芳']}/sensitive`)).statusCode).toBe(403);
  });

  it('a member sees their own profile only', async () => {
    const member = await login(ctx.app, 'member1');
    expect((await member.get(`/api/v1/people/${ids['李娜']}`)).statusCode).toBe(200);
    expect((await member.get(`/api/v1/people/${ids['张伟']}`)).statusCode).toBe(403);
    expect(names(await member.get('/api/v1/people'))).toEqual(['李娜']);
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    expect((await admin.get('/api/v1/people/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await admin.get('/api/v1/people/not-a-uuid')).statusCode).toBe(400);
  });
});

describe('create and edit', () => {
  it('creates a person with a valid ID number, deriving the birth date', async () => {
    const res = await sec1.post('/api/v1/people', { name: '陈静', gender: 'female', branchId: b1.id, nationalId: '11010519491231002x', partyStatus: 'probationary' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: '陈静', birthDate: '1949-12-31', nationalIdMasked: '110105********002X', nameInitials: 'cj', version: 1 });
    const audit = await ctx.db.execute<{ after: { nationalId: string } }>(sql`SELECT after FROM audit_log WHERE action = 'person.create' AND entity_id = ${res.json().id}`);
    expect(audit.rows[0]!.after.nationalId).toBe('110105********002X'); // the audit log keeps it masked too
  });

  it('rejects an ID number with a bad checksum, storing nothing', async () => {
    const res = await sec1.post('/api/v1/people', { name: '错号', gender: 'male', branchId: b1.id, nationalId: '110105194912310021' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'INVALID_NATIONAL_ID', message: '身份证号码校验位不正确', details: { field: 'nationalId' } });
    const n = await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM people WHERE name = '错号'`);
    expect(n.rows[0]!.n).toBe(0);
  });

  it('rejects wrong types and missing fields with field-level issues', async () => {
    const res = await sec1.post('/api/v1/people', { name: '', gender: 'x', branchId: b1.id, birthDate: '1990/01/01' });
    expect(res.statusCode).toBe(400);
    const paths = res.json().error.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'gender', 'birthDate']));
  });

  it('a branch secretary cannot write outside their branch', async () => {
    const create = await sec1.post('/api/v1/people', { name: '越权', gender: 'male', branchId: b2.id });
    expect(create.statusCode).toBe(403);
    const current = (await admin.get(`/api/v1/people/${ids['赵强']}`)).json();
    const edit = await sec1.patch(`/api/v1/people/${ids['赵强']}`, { version: current.version, post: '越权修改' });
    expect(edit.statusCode).toBe(403);
    // Nor move one of their own people into a branch they do not run.
    const mine = (await sec1.get(`/api/v1/people/${ids['张伟']}`)).json();
    const move = await sec1.patch(`/api/v1/people/${ids['张伟']}`, { version: mine.version, branchId: b2.id });
    expect(move.statusCode).toBe(403);
    const zq = await ctx.db.execute<{ post: string | null }>(sql`SELECT post FROM people WHERE id = ${ids['赵强']}`);
    expect(zq.rows[0]!.post).not.toBe('越权修改');
    const zw = await ctx.db.execute<{ branch_id: string }>(sql`SELECT branch_id FROM people WHERE id = ${ids['张伟']}`);
    expect(zw.rows[0]!.branch_id).toBe(b1.id);
  });

  it('two edits from the same version: the second gets 409 with the current record, nothing overwritten', async () => {
    const p = (await sec1.get(`/api/v1/people/${ids['李娜']}`)).json();
    const first = await sec1.patch(`/api/v1/people/${ids['李娜']}`, { version: p.version, post: '副科长' });
    expect(first.statusCode).toBe(200);
    expect(first.json().version).toBe(p.version + 1);
    const second = await admin.patch(`/api/v1/people/${ids['李娜']}`, { version: p.version, post: '科员' });
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatchObject({ code: 'VERSION_CONFLICT', details: { current: { post: '副科长', version: p.version + 1 } } });
    expect((await admin.get(`/api/v1/people/${ids['李娜']}`)).json().post).toBe('副科长');
  });

  it('records before and after of an edit in the audit log', async () => {
    const p = (await admin.get(`/api/v1/people/${ids['赵强']}`)).json();
    await admin.patch(`/api/v1/people/${ids['赵强']}`, { version: p.version, rank: '一级警长', phone: '13900001111' });
    const audit = await ctx.db.execute<{ before: Record<string, unknown>; after: Record<string, unknown> }>(
      sql`SELECT before, after FROM audit_log WHERE action = 'person.update' AND entity_id = ${ids['赵强']} ORDER BY id DESC LIMIT 1`,
    );
    expect(audit.rows[0]).toEqual({ before: { rank: null, phone: '138****5678' }, after: { rank: '一级警长', phone: '139****1111' } });
    // Fields not sent keep their values.
    expect((await admin.get(`/api/v1/people/${ids['赵强']}`)).json()).toMatchObject({ partyStatus: 'full_member', status: 'active' });
  });

  it('checks that the branch and department are of the right kind', async () => {
    const res = await admin.post('/api/v1/people', { name: '错单位', gender: 'male', branchId: dept.id });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.issues[0]).toEqual({ path: 'branchId', message: '所在支部应为党总支、党支部或党小组' });
  });
});

describe('a person in no unit', () => {
  it('is reachable by an administrator with the whole tree in scope, not by a branch secretary', async () => {
    const created = await admin.post('/api/v1/people', { name: '无单位', gender: 'male' });
    expect(created.statusCode).toBe(200);
    const id = created.json().id;
    expect((await admin.get(`/api/v1/people/${id}`)).statusCode).toBe(200);
    expect((await admin.patch(`/api/v1/people/${id}`, { version: 1, post: '待分配' })).statusCode).toBe(200);
    expect((await sec1.get(`/api/v1/people/${id}`)).statusCode).toBe(403);
  });
});
