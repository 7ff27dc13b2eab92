// Fixtures for the ledger API tests: a general branch with a department, the people an item names, and their accounts.
import { sql } from 'drizzle-orm';
import { buildOrgUnit, buildPerson, buildUser, login, type Agent, type TestContext } from '../../../../test/helpers/test-app';
import type { LedgerItemDetail } from '../../../contracts/ledger';

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
export const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
export const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 2)]);

export type LedgerOrg = Awaited<ReturnType<typeof buildLedgerOrg>>;

/**
 * 机关党总支 with 综合科 (its head), 第一党支部; the general branch's secretary (manages items), the leader in
 * charge (a 班子 member), an owner (a member of the branch), a viewer, and a secretary of an unrelated branch.
 */
export async function buildLedgerOrg(ctx: TestContext) {
  const gb = await buildOrgUnit(ctx.db, { parent: ctx.root, kind: 'general_branch', name: '机关党总支' });
  const dept = await buildOrgUnit(ctx.db, { parent: gb, kind: 'department', name: '综合科' });
  const branch = await buildOrgUnit(ctx.db, { parent: gb, kind: 'branch', name: '第一党支部' });
  const other = await buildOrgUnit(ctx.db, { parent: ctx.root, kind: 'branch', name: '其他党支部' });
  const people = {
    secretary: await buildPerson(ctx.db, { name: '王书记', branchId: branch.id }),
    leader: await buildPerson(ctx.db, { name: '李领导', branchId: branch.id }),
    head: await buildPerson(ctx.db, { name: '赵科长', departmentId: dept.id }),
    owner: await buildPerson(ctx.db, { name: '陈责任', branchId: branch.id, departmentId: dept.id }),
    otherSecretary: await buildPerson(ctx.db, { name: '孙书记', branchId: other.id }),
  };
  const users = {
    secretary: await buildUser(ctx.db, { roles: [{ role: 'secretary', orgUnitId: gb.id }], personId: people.secretary.id }),
    leader: await buildUser(ctx.db, { roles: [{ role: 'committee_member', orgUnitId: gb.id }], personId: people.leader.id }),
    head: await buildUser(ctx.db, { roles: [{ role: 'department_head', orgUnitId: dept.id }], personId: people.head.id }),
    owner: await buildUser(ctx.db, { roles: [{ role: 'member', orgUnitId: branch.id }], personId: people.owner.id }),
    viewer: await buildUser(ctx.db, { roles: [{ role: 'viewer', orgUnitId: ctx.root.id }] }),
    otherSecretary: await buildUser(ctx.db, { roles: [{ role: 'secretary', orgUnitId: other.id }], personId: people.otherSecretary.id }),
  };
  const agents: Record<keyof typeof users, Agent> = {} as Record<keyof typeof users, Agent>;
  for (const [k, u] of Object.entries(users)) agents[k as keyof typeof users] = await login(ctx.app, u.username);
  return { gb, dept, branch, other, people, users, agents };
}

/** A manually entered item tracked in the general branch, led by 综合科, owned by 陈责任 under 李领导. */
export async function createItem(org: LedgerOrg, over: Record<string, unknown> = {}): Promise<LedgerItemDetail> {
  const res = await org.agents.secretary.post('/api/v1/ledger-items', {
    orgUnitId: org.gb.id,
    source: 'opinion',
    aspect: '理论学习方面',
    problem: '理论学习的自觉性还不够强',
    measure: '每月开展一次集中学习',
    type: 'deadline',
    leaderPersonId: org.people.leader.id,
    leadDepartmentId: org.dept.id,
    ownerPersonId: org.people.owner.id,
    deadline: '2030-12-31',
    ...over,
  });
  if (res.statusCode !== 200) throw new Error(`create item: ${res.statusCode} ${res.body}`);
  return res.json();
}

export async function countRowsOf(ctx: TestContext, table: string, itemId?: string): Promise<number> {
  const where = itemId ? sql` WHERE item_id = ${itemId}` : sql``;
  return (await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)}${where}`)).rows[0]!.n;
}
