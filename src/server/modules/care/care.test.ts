import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildOrgUnit, buildPerson, buildUser, createTestApp, login, type Agent, type TestContext } from '../../../../test/helpers/test-app';

let ctx: TestContext;
const who: Record<string, Agent> = {};
const person: Record<string, { id: string }> = {};
let focusFileId: string;
let talkId: string;
const today = new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  ctx = await createTestApp();
  const gb = await buildOrgUnit(ctx.db, { parent: ctx.root, kind: 'general_branch', name: '测试党总支' });
  const b1 = await buildOrgUnit(ctx.db, { parent: gb, kind: 'branch', name: '一支部' });
  const b2 = await buildOrgUnit(ctx.db, { parent: gb, kind: 'branch', name: '二支部' });
  for (const [key, name, unit] of [['sick', '周红', b1], ['peer', '郭亮', b1], ['giver', '一支书', b1], ['leader', '网格长甲', b1], ['far', '远方', b2]] as const) {
    person[key] = await buildPerson(ctx.db, { name, branchId: unit.id });
  }
  const accounts: [string, { role: 'secretary' | 'grid_leader' | 'member' | 'viewer'; orgUnitId: string }[], string | null][] = [
    ['sec', [{ role: 'secretary', orgUnitId: b1.id }], person.giver!.id],
    ['leader', [{ role: 'grid_leader', orgUnitId: b1.id }], person.leader!.id],
    ['b2sec', [{ role: 'secretary', orgUnitId: b2.id }], null],
    ['sick', [{ role: 'member', orgUnitId: b1.id }], person.sick!.id],
    ['peer', [{ role: 'member', orgUnitId: b1.id }], person.peer!.id],
    ['viewer', [{ role: 'viewer', orgUnitId: ctx.root.id }], null],
  ];
  for (const [key, roles, personId] of accounts) {
    await buildUser(ctx.db, { username: `c_${key}`, roles, personId });
    who[key] = await login(ctx.app, `c_${key}`);
  }
  const file = await who.sec!.post('/api/v1/focus-files', {
    personId: person.sick!.id, reasonCategory: 'health', reason: '重病住院', plan: '定期看望', ownerPersonId: person.giver!.id, openedOn: daysAgo(10),
  });
  focusFileId = file.json().id;
  talkId = (await ctx.db.execute<{ id: string }>(sql`INSERT INTO talks (org_unit_id, held_on, kind) VALUES (${b1.id}, ${daysAgo(5)}, 'routine') RETURNING id`)).rows[0]!.id;
  await ctx.db.execute(sql`INSERT INTO talk_participants (talk_id, person_id, side, held_on) VALUES (${talkId}, ${person.sick!.id}, 'talkee', ${daysAgo(5)})`);
});
afterAll(() => ctx.close());

const care = (extra: Record<string, unknown> = {}) => ({
  personId: person.sick!.id, kind: 'visit_ill', description: '住院期间到医院看望，送去慰问品', givenByPersonId: person.giver!.id, givenOn: daysAgo(3), ...extra,
});

describe('recording care', () => {
  let first: { id: string; version: number };
  it('records care with a follow-up, linked to a talk and a focus file, and audits it', async () => {
    const res = await who.sec!.post('/api/v1/care', care({ amountYuan: 500, followUpOn: daysAgo(1), talkId, focusFileId }));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ personName: '周红', givenByName: '一支书', amountYuan: 500, followUpDue: true, talkId, focusFileId, version: 1 });
    first = res.json();
    const audit = await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'care.create' AND entity_id = ${first.id}`);
    expect(audit.rows[0]!.n).toBe(1);
  });

  it('lets a grid leader record care but not link a focus file they may not see', async () => {
    const ok = await who.leader!.post('/api/v1/care', care({ kind: 'counselling', description: '联系心理咨询师', followUpOn: daysAgo(-20) }));
    expect(ok.statusCode).toBe(200);
    expect(ok.json().followUpDue).toBe(false);
    expect((await who.leader!.post('/api/v1/care', care({ focusFileId }))).statusCode).toBe(403);
  });

  it.each([
    ['another branch’s secretary', 'b2sec', {}, 403],
    ['a member', 'peer', {}, 403],
    ['a viewer', 'viewer', {}, 403],
    ['a follow-up before the care', 'sec', { followUpOn: daysAgo(4) }, 400],
    ['a date in the future', 'sec', { givenOn: daysAgo(-2) }, 400],
    ['an unknown kind', 'sec', { kind: 'bonus' }, 400],
    ['a negative amount', 'sec', { amountYuan: -5 }, 400],
    ['a talk with someone else', 'sec', { talkId: '00000000-0000-4000-8000-000000000000' }, 400],
  ])('refuses %s', async (_l, key, extra, status) => {
    const before = (await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM care_records`)).rows[0]!.n;
    expect((await who[key]!.post('/api/v1/care', care(extra))).statusCode).toBe(status);
    expect((await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM care_records`)).rows[0]!.n).toBe(before);
  });

  it('edits with the version; a stale version changes nothing; clearing the follow-up takes it off the due list', async () => {
    const due = async () => (await who.sec!.get('/api/v1/care/follow-ups')).json().items.map((c: { id: string }) => c.id);
    expect(await due()).toEqual([first.id]);
    const ok = await who.sec!.patch(`/api/v1/care/${first.id}`, { followUpOn: null, description: '已回访，恢复良好', version: 1 });
    expect(ok.json()).toMatchObject({ followUpOn: null, followUpDue: false, version: 2, description: '已回访，恢复良好' });
    const stale = await who.sec!.patch(`/api/v1/care/${first.id}`, { amountYuan: 9999, version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'VERSION_CONFLICT', details: { current: { version: 2, amountYuan: 500 } } });
    expect(await due()).toEqual([]);
    expect((await who.b2sec!.patch(`/api/v1/care/${first.id}`, { amountYuan: 1, version: 2 })).statusCode).toBe(403);
  });
});

describe('reading care', () => {
  beforeAll(async () => {
    await who.sec!.post('/api/v1/care', care({ kind: 'hardship_subsidy', description: '发放困难补助', amountYuan: 2000, followUpOn: daysAgo(0) }));
    await who.sec!.post('/api/v1/care', care({ personId: person.peer!.id, kind: 'family_support', description: '协调子女入学', followUpOn: daysAgo(2) }));
  });

  it('lists by unit and person, filters follow-ups due, and pages', async () => {
    const all = (await who.sec!.get('/api/v1/care')).json();
    expect(all.total).toBe(4);
    const mine = (await who.sec!.get(`/api/v1/care?personId=${person.peer!.id}`)).json();
    expect(mine.items.map((c: { personName: string }) => c.personName)).toEqual(['郭亮']);
    const due = (await who.sec!.get('/api/v1/care?followUpDue=true')).json();
    expect(due.items.map((c: { description: string }) => c.description)).toEqual(['协调子女入学', '发放困难补助']);
    const page = (await who.sec!.get('/api/v1/care?pageSize=1&page=2')).json();
    expect([page.items.length, page.total]).toEqual([1, 4]);
    expect((await who.b2sec!.get('/api/v1/care')).json().total).toBe(0);
    expect((await who.viewer!.get('/api/v1/care')).statusCode).toBe(403);
  });

  it('shows the focus-file link only to those who manage focus files', async () => {
    const forLeader = (await who.leader!.get('/api/v1/care?kind=visit_ill')).json().items;
    expect(forLeader).toHaveLength(1);
    expect(forLeader[0].focusFileId).toBeNull();
    expect((await who.sec!.get('/api/v1/care?kind=visit_ill')).json().items[0].focusFileId).toBe(focusFileId);
  });

  it('shows a person the care given to them, without links to talks or files; others in the branch may not look', async () => {
    const self = await who.sick!.get(`/api/v1/people/${person.sick!.id}/care`);
    expect(self.statusCode).toBe(200);
    expect(self.json().total).toBe(3);
    for (const c of self.json().items) expect([c.focusFileId, c.talkId]).toEqual([null, null]);
    expect(self.body).not.toContain(focusFileId);
    expect((await who.peer!.get(`/api/v1/people/${person.sick!.id}/care`)).statusCode).toBe(403);
    expect((await who.b2sec!.get(`/api/v1/people/${person.sick!.id}/care`)).statusCode).toBe(403);
    const before = (await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'care.read'`)).rows[0]!.n;
    const bySec = await who.sec!.get(`/api/v1/people/${person.sick!.id}/care`);
    expect(bySec.json().items.map((c: { kind: string }) => c.kind).sort()).toEqual(['counselling', 'hardship_subsidy', 'visit_ill']);
    expect((await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'care.read'`)).rows[0]!.n).toBe(before + 1);
  });
});
