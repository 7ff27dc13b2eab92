import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridMembers } from '../../../db/schema';
import { eq, and } from 'drizzle-orm';
import { buildPerson, createTestApp, type TestContext } from '../../../../test/helpers/test-app';
import { buildTalkOrg, recordTalk, talkBody, type TalkOrg } from './talks.test-support';
import { raiseTalkDue } from './talk-dues.service';

let ctx: TestContext;
let org: TalkOrg;

const talk = (talker: string, talkee: string, heldOn: string, extra: Record<string, unknown> = {}) =>
  talkBody(org, { talkerPersonIds: [talker], talkeePersonIds: [talkee], heldOn, concerns: [], notes: null, ...extra });

beforeAll(async () => {
  ctx = await createTestApp();
  org = await buildTalkOrg(ctx);
  const { p, agents } = org;
  // Only the monthly grid rule for the first branch, so the figures are easy to follow.
  const put = await agents.b1Sec.put('/api/v1/talks/rules', {
    orgUnitId: org.b1.id, version: 0, rules: [{ code: 'grid_people', name: '网格长每月谈心', talkerRole: 'grid_leader', population: 'grid_people', cadence: 'month' }],
  });
  if (put.statusCode !== 200) throw new Error(put.body);
  await recordTalk(agents.gl1, talk(p.gl1.id, p.a.id, '2025-01-15', { concerns: [{ category: 'health', severity: 'low' }] }));
  await recordTalk(agents.gl1, talk(p.gl1.id, p.a.id, '2025-02-10', { concerns: [{ category: 'health', severity: 'medium' }] }));
  await recordTalk(agents.gl1, talk(p.gl1.id, p.b.id, '2025-01-20', { concerns: [{ category: 'financial', severity: 'low' }] }));
  await recordTalk(agents.gl2, talk(p.gl2.id, p.c.id, '2025-03-05'));
  // Another grid's leader talking with 张三 does not meet 一网格's obligation.
  await recordTalk(agents.gl2, talk(p.gl2.id, p.a.id, '2025-02-20'));
});
afterAll(() => ctx.close());

const Q1 = 'from=2025-01-01&to=2025-03-31';

describe('GET /talks/coverage', () => {
  it('held/required, per rule and per grid, overdue people with days since their last talk', async () => {
    const res = await org.agents.b1Sec.get(`/api/v1/talks/coverage?orgUnitId=${org.b1.id}&${Q1}`);
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json();
    // 张三, 李四 in 一网格 and 王五 in 二网格, three months each: 9 required; held: 张三 Jan+Feb, 李四 Jan, 王五 Mar.
    expect(c).toMatchObject({ required: 9, held: 4, coveragePercent: 44.4, overdueTotal: 3 });
    expect(c.byRule).toEqual([{ ruleCode: 'grid_people', name: '网格长每月谈心', required: 9, held: 4, coveragePercent: 44.4 }]);
    expect(c.byGrid.map((g: { name: string; required: number; held: number; coveragePercent: number }) => [g.name, g.required, g.held, g.coveragePercent])).toEqual([
      ['二网格', 3, 1, 33.3],
      ['一网格', 6, 3, 50],
    ]);
    // Days counted to the end of the period; the talk with 网格长乙 is still 张三's last talk.
    expect(c.overdue.map((o: { name: string; daysSinceLastTalk: number }) => [o.name, o.daysSinceLastTalk])).toEqual([
      ['李四', 70],
      ['张三', 39],
      ['王五', 26],
    ]);
  });

  it('a mover mid-month is owed by the grid they spent most of the month in', async () => {
    const m = await buildPerson(ctx.db, { name: '孙七', branchId: org.b1.id });
    await ctx.db.insert(gridMembers).values([
      { gridId: org.grids.g1.id, personId: m.id, joinedOn: '2020-01-01', leftOn: '2025-04-10' },
      { gridId: org.grids.g2.id, personId: m.id, joinedOn: '2025-04-11' },
    ]);
    // 网格长甲 talked with 孙七 in April, but 孙七 spent 20 days of April in 二网格.
    await recordTalk(org.agents.gl1, talk(org.p.gl1.id, m.id, '2025-04-05'));
    const april = (await org.agents.b1Sec.get(`/api/v1/talks/coverage?orgUnitId=${org.b1.id}&from=2025-04-01&to=2025-04-30`)).json();
    const g2 = april.byGrid.find((g: { name: string }) => g.name === '二网格');
    expect(g2).toMatchObject({ required: 2, held: 0 });
    expect(april.overdue.map((o: { name: string }) => o.name)).toContain('孙七');
    await recordTalk(org.agents.gl2, talk(org.p.gl2.id, m.id, '2025-04-25'));
    const again = (await org.agents.b1Sec.get(`/api/v1/talks/coverage?orgUnitId=${org.b1.id}&from=2025-04-01&to=2025-04-30`)).json();
    expect(again.byGrid.find((g: { name: string }) => g.name === '二网格')).toMatchObject({ required: 2, held: 1 });
    expect(again.overdue.map((o: { name: string }) => o.name)).not.toContain('孙七');
    await ctx.db.delete(gridMembers).where(and(eq(gridMembers.personId, m.id)));
  });

  it('the defaults at the general branch: leadership with unit heads quarterly', async () => {
    await recordTalk(org.agents.gbSec, talk(org.p.gbSec.id, org.p.head.id, '2025-05-06'));
    const c = (await org.agents.gbSec.get(`/api/v1/talks/coverage?orgUnitId=${org.gb.id}&from=2025-01-01&to=2025-12-31`)).json();
    const rule = c.byRule.find((r: { ruleCode: string }) => r.ruleCode === 'leadership_unit_heads');
    expect(rule).toMatchObject({ required: 4, held: 1, coveragePercent: 25 });
    expect(c.byRule.map((r: { ruleCode: string }) => r.ruleCode)).toEqual(expect.arrayContaining(['committee_members', 'grid_people']));
  });

  it('the whole organisation, read a calendar year at a time, counts talks on both sides of a year end', async () => {
    await recordTalk(org.agents.gl1, talk(org.p.gl1.id, org.p.a.id, '2024-12-15'));
    const range = 'from=2024-12-01&to=2025-02-28';
    const root = (await org.agents.viewer.get(`/api/v1/talks/coverage?orgUnitId=${ctx.root.id}&${range}`)).json();
    const gb = (await org.agents.viewer.get(`/api/v1/talks/coverage?orgUnitId=${org.gb.id}&${range}`)).json();
    type G = { name: string; required: number; held: number };
    const g1 = (c: { byGrid: G[] }) => c.byGrid.find((g) => g.name === '一网格');
    // 张三 talked with in December, January and February, 李四 in January: 4 of 6 months.
    expect(g1(root)).toMatchObject({ required: 6, held: 4 });
    // The whole organisation and its general branch (read by its people, not by year) agree.
    expect(g1(gb)).toEqual(g1(root));
    const gridRule = (c: { byRule: { ruleCode: string }[] }) => c.byRule.find((r) => r.ruleCode === 'grid_people');
    expect(gridRule(root)).toEqual(gridRule(gb));
  });

  it('access: viewer yes; the member, another branch secretary and the admin no; bad ranges 400', async () => {
    expect((await org.agents.viewer.get(`/api/v1/talks/coverage?orgUnitId=${org.b1.id}&${Q1}`)).statusCode).toBe(200);
    expect((await org.agents.a.get(`/api/v1/talks/coverage?orgUnitId=${org.b1.id}&${Q1}`)).statusCode).toBe(403);
    expect((await org.agents.b2Sec.get(`/api/v1/talks/coverage?orgUnitId=${org.b1.id}&${Q1}`)).statusCode).toBe(403);
    expect((await org.agents.admin.get(`/api/v1/talks/coverage?orgUnitId=${org.b1.id}&${Q1}`)).statusCode).toBe(403);
    expect((await org.agents.b1Sec.get(`/api/v1/talks/coverage?orgUnitId=${org.b1.id}&from=2025-03-01&to=2025-01-01`)).statusCode).toBe(400);
    expect((await org.agents.b1Sec.get(`/api/v1/talks/coverage?orgUnitId=${org.b1.id}&from=2025-03-01`)).statusCode).toBe(400);
  });
});

describe('GET /talks/stats and /talks/due', () => {
  it('concerns by month, overdue triggered talks, talkers with the most overdue, people not talked with', async () => {
    await raiseTalkDue(ctx.db, null, { personId: org.p.b.id, trigger: 'hardship', reason: '家中变故', raisedOn: '2025-03-01' });
    const s = (await org.agents.b1Sec.get(`/api/v1/talks/stats?orgUnitId=${org.b1.id}&${Q1}&notTalkedDays=30`)).json();
    expect(s.concernsByMonth).toEqual([
      { month: '2025-01', category: 'financial', count: 1 },
      { month: '2025-01', category: 'health', count: 1 },
      { month: '2025-02', category: 'health', count: 1 },
    ]);
    expect(s.overdueTriggered).toHaveLength(1);
    expect(s.overdueTriggered[0]).toMatchObject({ name: '李四', trigger: 'hardship', dueOn: '2025-03-08', talkerName: '网格长甲' });
    expect(s.topOverdueTalkers.map((t: { name: string; overdue: number }) => [t.name, t.overdue])).toEqual([['网格长甲', 3], ['网格长乙', 2]]);
    const names = s.notTalkedWith.map((r: { name: string }) => r.name);
    expect(names).toEqual(expect.arrayContaining(['李四', '张三']));
    expect(names).not.toContain('王五'); // talked with 26 days before the end of the period
  });

  it('my talks due: this month unmet obligations and open triggered talks', async () => {
    const res = await org.agents.gl1.get('/api/v1/talks/due?mine=true&asOf=2025-03-20');
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d.obligations.map((o: { name: string; periodKey: string; overdue: boolean }) => [o.name, o.periodKey, o.overdue])).toEqual([
      ['李四', '2025-03', false],
      ['张三', '2025-03', false],
    ]);
    expect(d.triggered.map((t: { personName: string }) => t.personName)).toEqual(['李四']);
    // After a talk with 张三 this month only 李四 remains.
    await recordTalk(org.agents.gl1, talk(org.p.gl1.id, org.p.a.id, '2025-03-18'));
    const after = (await org.agents.gl1.get('/api/v1/talks/due?asOf=2025-03-20')).json();
    expect(after.obligations.map((o: { name: string }) => o.name)).toEqual(['李四']);
    expect((await org.agents.viewer.get('/api/v1/talks/due')).statusCode).toBe(403); // no person linked
    // mine=false: every open triggered talk in scope; not for another branch's secretary, nor for a bad flag.
    const all = (await org.agents.viewer.get('/api/v1/talks/due?mine=false&asOf=2025-03-20')).json();
    expect(all.triggered.map((t: { personName: string; overdue: boolean }) => [t.personName, t.overdue])).toEqual([['李四', true]]); // due 2025-03-08
    expect((await org.agents.b2Sec.get('/api/v1/talks/due?mine=false')).json().triggered).toEqual([]);
    expect((await org.agents.gl1.get('/api/v1/talks/due?mine=maybe')).statusCode).toBe(400);
  });
});
