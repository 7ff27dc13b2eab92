// Fixtures for the talk API tests: a general branch with two branches, grids, and an account for every access rule.
import { grids, gridMembers, leaders } from '../../../db/schema';
import { buildOrgUnit, buildPerson, buildUser, login, type Agent, type TestContext } from '../../../../test/helpers/test-app';

export type TalkOrg = Awaited<ReturnType<typeof buildTalkOrg>>;

/**
 * 城南党总支 (secretary 总书记) → 第一党支部 (secretary 一书记; grids 一网格 led by 网格长甲 with 张三 and 李四,
 * 二网格 led by 网格长乙 with 王五) and 第二党支部 (secretary 二书记, 赵六); 综合科 with its 科长.
 */
export async function buildTalkOrg(ctx: TestContext) {
  const gb = await buildOrgUnit(ctx.db, { parent: ctx.root, kind: 'general_branch', name: '城南党总支' });
  const b1 = await buildOrgUnit(ctx.db, { parent: gb, kind: 'branch', name: '第一党支部' });
  const b2 = await buildOrgUnit(ctx.db, { parent: gb, kind: 'branch', name: '第二党支部' });
  const dept = await buildOrgUnit(ctx.db, { parent: gb, kind: 'department', name: '综合科' });
  const p = {
    gbSec: await buildPerson(ctx.db, { name: '总书记', branchId: b1.id, post: '政委' }),
    b1Sec: await buildPerson(ctx.db, { name: '一书记', branchId: b1.id }),
    gl1: await buildPerson(ctx.db, { name: '网格长甲', branchId: b1.id, departmentId: dept.id }),
    gl2: await buildPerson(ctx.db, { name: '网格长乙', branchId: b1.id }),
    a: await buildPerson(ctx.db, { name: '张三', branchId: b1.id, departmentId: dept.id, post: '民警' }),
    b: await buildPerson(ctx.db, { name: '李四', branchId: b1.id }),
    c: await buildPerson(ctx.db, { name: '王五', branchId: b1.id }),
    b2Sec: await buildPerson(ctx.db, { name: '二书记', branchId: b2.id }),
    d: await buildPerson(ctx.db, { name: '赵六', branchId: b2.id }),
    head: await buildPerson(ctx.db, { name: '钱科长', departmentId: dept.id, post: '科长' }),
  };
  await ctx.db.insert(leaders).values([
    { orgUnitId: gb.id, personId: p.gbSec.id, partyPost: 'secretary' },
    { orgUnitId: b1.id, personId: p.b1Sec.id, partyPost: 'secretary' },
    { orgUnitId: b2.id, personId: p.b2Sec.id, partyPost: 'secretary' },
  ]);
  const [g1, g2] = await ctx.db.insert(grids).values([
    { branchId: b1.id, name: '一网格', leaderPersonId: p.gl1.id },
    { branchId: b1.id, name: '二网格', leaderPersonId: p.gl2.id },
  ]).returning();
  await ctx.db.insert(gridMembers).values([
    { gridId: g1!.id, personId: p.a.id, joinedOn: '2020-01-01' },
    { gridId: g1!.id, personId: p.b.id, joinedOn: '2020-01-01' },
    { gridId: g2!.id, personId: p.c.id, joinedOn: '2020-01-01' },
  ]);
  const u = {
    gl1: await buildUser(ctx.db, { roles: [{ role: 'grid_leader', orgUnitId: b1.id }], personId: p.gl1.id }),
    gl2: await buildUser(ctx.db, { roles: [{ role: 'grid_leader', orgUnitId: b1.id }], personId: p.gl2.id }),
    a: await buildUser(ctx.db, { roles: [{ role: 'member', orgUnitId: b1.id }], personId: p.a.id }),
    b1Sec: await buildUser(ctx.db, { roles: [{ role: 'secretary', orgUnitId: b1.id }], personId: p.b1Sec.id }),
    gbSec: await buildUser(ctx.db, { roles: [{ role: 'secretary', orgUnitId: gb.id }], personId: p.gbSec.id }),
    b2Sec: await buildUser(ctx.db, { roles: [{ role: 'secretary', orgUnitId: b2.id }], personId: p.b2Sec.id }),
    viewer: await buildUser(ctx.db, { roles: [{ role: 'viewer', orgUnitId: ctx.root.id }] }),
    inspector: await buildUser(ctx.db, { roles: [{ role: 'inspector', orgUnitId: gb.id }] }),
    admin: await buildUser(ctx.db, { roles: [{ role: 'admin', orgUnitId: ctx.root.id }] }),
  };
  const agents = {} as Record<keyof typeof u, Agent>;
  for (const [k, user] of Object.entries(u)) agents[k as keyof typeof u] = await login(ctx.app, user.username);
  return { gb, b1, b2, dept, grids: { g1: g1!, g2: g2! }, p, u, agents };
}

export function talkBody(org: TalkOrg, over: Record<string, unknown> = {}) {
  return {
    heldOn: '2025-03-10',
    place: '谈话室',
    kind: 'routine',
    talkerPersonIds: [org.p.gl1.id],
    talkeePersonIds: [org.p.a.id],
    topics: ['思想动态', '家庭情况'],
    notes: '张三反映母亲住院，经济压力较大，情绪低落。',
    concerns: [{ category: 'family_hardship', severity: 'medium' }],
    followUps: [{ kind: 'care', note: '协调困难补助' }],
    ...over,
  };
}

export async function recordTalk(agent: Agent, body: Record<string, unknown>) {
  const res = await agent.post('/api/v1/talks', body);
  if (res.statusCode !== 200) throw new Error(`record talk: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; version: number; notes: string | null };
}
