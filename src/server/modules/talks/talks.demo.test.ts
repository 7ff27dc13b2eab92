import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grids, gridMembers, roleAssignments, users } from '../../../db/schema';
import { eq } from 'drizzle-orm';
import { buildUser, createTestApp, login, type TestContext } from '../../../../test/helpers/test-app';
import { seedFoundationDemo, type DemoFoundation } from '../../demo/foundation.demo';
import { seedTalksDemo, type TalksDemoSummary } from '../../demo/talks.demo';

let ctx: TestContext;
let demo: DemoFoundation;
let summary: TalksDemoSummary;
const TODAY = new Date('2026-06-30T08:00:00Z');

beforeAll(async () => {
  ctx = await createTestApp();
  demo = await seedFoundationDemo(ctx.db, { password: null, today: TODAY });
  // Grids as the grids demo would make them: one per branch, led by a member, everyone of the branch in it.
  for (const [i, b] of demo.branchIds.entries()) {
    const ps = (await ctx.db.execute<{ id: string }>(sql`SELECT id FROM people WHERE branch_id = ${b} AND status = 'active' ORDER BY id`)).rows;
    const [g] = await ctx.db.insert(grids).values({ branchId: b, name: `第${i + 1}网格`, leaderPersonId: ps[0]!.id }).returning();
    await ctx.db.insert(gridMembers).values(ps.map((p) => ({ gridId: g!.id, personId: p.id, joinedOn: '2020-01-01' })));
  }
  summary = await seedTalksDemo({ db: ctx.db, config: ctx.config, databaseKind: 'external' }, demo, { today: TODAY });
});
afterAll(() => ctx.close());

describe('talks demo', () => {
  it('a year of talks with concerns and triggered talks, some pending and overdue', () => {
    expect(summary.grids).toBe(3);
    expect(summary.talks).toBeGreaterThan(300);
    expect(summary.concerns).toBeGreaterThan(20);
    expect(summary).toMatchObject({ duesOpen: 4, duesOverdue: 2, duesDone: 1 });
  });

  it('coverage on the default policy shows gaps and overdue people', async () => {
    const sec = (await ctx.db.select().from(users).where(eq(users.username, 'gb.secretary')))[0]!;
    const roles = await ctx.db.select().from(roleAssignments).where(eq(roleAssignments.userId, sec.id));
    const user = await buildUser(ctx.db, { roles: roles.map((r) => ({ role: r.role as 'secretary', orgUnitId: r.orgUnitId })), personId: sec.personId });
    const agent = await login(ctx.app, user.username);
    const c = (await agent.get(`/api/v1/talks/coverage?orgUnitId=${demo.generalBranchId}&from=2025-07-01&to=2026-06-30`)).json();
    expect(c.coveragePercent).toBeGreaterThan(50);
    expect(c.coveragePercent).toBeLessThan(95);
    expect(c.overdueTotal).toBeGreaterThan(0);
    expect(c.byRule.map((r: { ruleCode: string }) => r.ruleCode).sort()).toEqual(['committee_members', 'committee_mutual', 'grid_people', 'head_leadership', 'leadership_unit_heads']);
    expect(c.byGrid).toHaveLength(3);
    const cats = await ctx.db.execute<{ n: number }>(sql`SELECT count(DISTINCT category)::int AS n FROM talk_concerns`);
    expect(cats.rows[0]!.n).toBeGreaterThanOrEqual(5);
  });
});
