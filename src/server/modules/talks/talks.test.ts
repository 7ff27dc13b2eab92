import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../../test/helpers/test-app';
import { DEFAULT_TALK_RULES } from '../../../domain/talks/policy';
import { buildTalkOrg, recordTalk, talkBody, type TalkOrg } from './talks.test-support';

let ctx: TestContext;
let org: TalkOrg;

beforeAll(async () => {
  ctx = await createTestApp();
  org = await buildTalkOrg(ctx);
});
afterAll(() => ctx.close());

describe('POST /talks', () => {
  it('stores participants, concerns and follow-ups and audits without the notes', async () => {
    const talk = await recordTalk(org.agents.gl1, talkBody(org, { talkeePersonIds: [org.p.a.id, org.p.b.id], concerns: [{ personId: org.p.b.id, category: 'health', severity: 'low' }] }));
    const parts = await ctx.db.execute<{ side: string; n: number }>(sql`SELECT side, count(*)::int AS n FROM talk_participants WHERE talk_id = ${talk.id} AND held_on = '2025-03-10' GROUP BY side ORDER BY side`);
    expect(parts.rows).toEqual([{ side: 'talkee', n: 2 }, { side: 'talker', n: 1 }]);
    const concerns = await ctx.db.execute<{ person_id: string; category: string; org_unit_id: string }>(sql`SELECT person_id, category, org_unit_id FROM talk_concerns WHERE talk_id = ${talk.id}`);
    expect(concerns.rows).toEqual([{ person_id: org.p.b.id, category: 'health', org_unit_id: org.b1.id }]);
    const audit = await ctx.db.execute<{ after: { hasNotes: boolean } }>(sql`SELECT after FROM audit_log WHERE action = 'talk.create' AND entity_id = ${talk.id}`);
    expect(audit.rows[0]!.after.hasNotes).toBe(true);
  });

  it.each([
    ['no talkee', { talkeePersonIds: [] }],
    ['talker is talkee', { talkeePersonIds: ['TALKER'] }],
    ['unknown person', { talkeePersonIds: ['00000000-0000-4000-8000-000000000000'] }],
    ['bad date', { heldOn: '2025-13-40x' }],
    ['future date', { heldOn: '2999-01-01' }],
    ['bad concern category', { concerns: [{ category: 'gossip', severity: 'low' }] }],
    ['concern on a non-talkee', { concerns: [{ personId: 'TALKER', category: 'health', severity: 'low' }] }],
    ['bad follow-up kind', { followUps: [{ kind: 'party', note: 'x' }] }],
    ['notes not a string', { notes: 42 }],
    ['oversize notes', { notes: 'x'.repeat(20_001) }],
  ])('rejects %s with 400', async (_name, over) => {
    const body = JSON.parse(JSON.stringify(talkBody(org, over)).replaceAll('TALKER', org.p.gl1.id));
    const before = (await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM talks`)).rows[0]!.n;
    const res = await org.agents.gl1.post('/api/v1/talks', body);
    expect(res.statusCode, res.body).toBe(400);
    expect((await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM talks`)).rows[0]!.n).toBe(before);
  });
});

describe('GET /talks filters and pagination', () => {
  beforeAll(async () => {
    await recordTalk(org.agents.gl2, talkBody(org, { talkerPersonIds: [org.p.gl2.id], talkeePersonIds: [org.p.c.id], heldOn: '2025-05-01', kind: 'requested', concerns: [] }));
    await recordTalk(org.agents.b2Sec, talkBody(org, { talkerPersonIds: [org.p.b2Sec.id], talkeePersonIds: [org.p.d.id], heldOn: '2025-06-01', concerns: [] }));
  });
  const list = async (q: string) => (await org.agents.gbSec.get(`/api/v1/talks?${q}`)).json() as { total: number; items: { heldOn: string }[] };
  it('filters by unit, person, talker, period, kind and concern', async () => {
    expect((await list('')).total).toBe(3);
    expect((await list(`orgUnitId=${org.b2.id}`)).total).toBe(1);
    expect((await list(`personId=${org.p.c.id}`)).total).toBe(1);
    expect((await list(`talkerPersonId=${org.p.gl1.id}`)).total).toBe(1);
    expect((await list('from=2025-04-01&to=2025-05-31')).items.map((t) => t.heldOn)).toEqual(['2025-05-01']);
    expect((await list('kind=requested')).total).toBe(1);
    expect((await list('concern=health')).total).toBe(1);
  });
  it('paginates newest first and rejects bad queries', async () => {
    const p1 = await list('pageSize=2&page=1');
    const p2 = await list('pageSize=2&page=2');
    expect(p1.items.map((t) => t.heldOn)).toEqual(['2025-06-01', '2025-05-01']);
    expect(p2.items.map((t) => t.heldOn)).toEqual(['2025-03-10']);
    expect((await org.agents.gbSec.get('/api/v1/talks?pageSize=1000')).statusCode).toBe(400);
    expect((await org.agents.gbSec.get('/api/v1/talks?kind=chat')).statusCode).toBe(400);
    expect((await org.agents.gbSec.get('/api/v1/talks/not-a-uuid')).statusCode).toBe(400);
    expect((await org.agents.gbSec.get('/api/v1/talks/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });
});

describe('talk rules', () => {
  it('shows the defaults when a unit has none, inherited rules below a unit that has some', async () => {
    const res = (await org.agents.b1Sec.get(`/api/v1/talks/rules?orgUnitId=${org.b1.id}`)).json();
    expect(res).toMatchObject({ isDefault: true, version: 0, sourceOrgUnitId: null });
    expect(res.rules.map((r: { code: string }) => r.code)).toEqual(DEFAULT_TALK_RULES.map((r) => r.code));
    const put = await org.agents.gbSec.put('/api/v1/talks/rules', {
      orgUnitId: org.gb.id, version: 0,
      rules: [{ code: 'grid_monthly', name: '网格长每月谈心', talkerRole: 'grid_leader', population: 'grid_people', cadence: 'month' }],
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ isDefault: false, version: 1, sourceOrgUnitId: org.gb.id });
    const inherited = (await org.agents.viewer.get(`/api/v1/talks/rules?orgUnitId=${org.b1.id}`)).json();
    expect(inherited).toMatchObject({ isDefault: false, sourceOrgUnitId: org.gb.id, version: 0 });
    expect(inherited.rules).toHaveLength(1);
  });

  it('a stale version is 409; invalid pairs and duplicate codes are 400; nothing is written', async () => {
    const stale = await org.agents.gbSec.put('/api/v1/talks/rules', { orgUnitId: org.gb.id, version: 0, rules: [] });
    expect(stale.statusCode).toBe(409);
    const bad = await org.agents.gbSec.put('/api/v1/talks/rules', {
      orgUnitId: org.gb.id, version: 1,
      rules: [
        { code: 'x', name: '甲', talkerRole: 'grid_leader', population: 'leadership', cadence: 'month' },
        { code: 'x', name: '乙', talkerRole: 'grid_leader', population: 'grid_people', cadence: 'weekly' },
      ],
    });
    expect(bad.statusCode).toBe(400);
    const bad2 = await org.agents.gbSec.put('/api/v1/talks/rules', { orgUnitId: org.gb.id, version: 1, rules: [{ code: 'x', name: '甲', talkerRole: 'grid_leader', population: 'leadership', cadence: 'month' }] });
    expect(bad2.statusCode).toBe(400);
    expect((await org.agents.gbSec.get(`/api/v1/talks/rules?orgUnitId=${org.gb.id}`)).json().rules[0].code).toBe('grid_monthly');
  });

  it('only talks.policy in scope may edit: grid leader, viewer, another branch secretary are refused', async () => {
    const body = { orgUnitId: org.b1.id, version: 0, rules: [] };
    expect((await org.agents.gl1.put('/api/v1/talks/rules', body)).statusCode).toBe(403);
    expect((await org.agents.viewer.put('/api/v1/talks/rules', body)).statusCode).toBe(403);
    expect((await org.agents.b2Sec.put('/api/v1/talks/rules', body)).statusCode).toBe(403);
    expect((await org.agents.a.get(`/api/v1/talks/rules?orgUnitId=${org.b1.id}`)).statusCode).toBe(403);
  });

  it('an empty list returns the unit to the defaults', async () => {
    const res = await org.agents.gbSec.put('/api/v1/talks/rules', { orgUnitId: org.gb.id, version: 1, rules: [] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ isDefault: true, version: 0 });
  });
});
