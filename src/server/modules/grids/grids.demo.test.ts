import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, login, type TestContext } from '../../../../test/helpers/test-app';
import { seedFoundationDemo, type DemoFoundation } from '../../demo/foundation.demo';
import { seedFocusCareDemo, type FocusCareDemoSummary } from '../../demo/focus-care.demo';
import { seedGridsDemo, type GridsDemoSummary } from '../../demo/grids.demo';

const PASSWORD = 'Demo-Passw0rd-1';
let ctx: TestContext;
let demo: DemoFoundation;
let grids: GridsDemoSummary;
let focus: FocusCareDemoSummary;

beforeAll(async () => {
  ctx = await createTestApp();
  demo = await seedFoundationDemo(ctx.db, { password: PASSWORD });
  const app = { db: ctx.db, config: ctx.config, databaseKind: 'external' as const };
  grids = await seedGridsDemo(app, demo);
  focus = await seedFocusCareDemo(app, demo);
}, 120_000);
afterAll(() => ctx.close());

describe('grids demo', () => {
  it('covers every active person of the general branch exactly once', async () => {
    const active = (await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM people WHERE status = 'active'`)).rows[0]!.n;
    expect(grids).toMatchObject({ total: active, assigned: active, unassigned: 0, doubleAssigned: 0, moved: 1 });
    const gb = await login(ctx.app, 'gb.secretary', PASSWORD);
    const check = (await gb.get(`/api/v1/grids/coverage-check?orgUnitId=${demo.generalBranchId}`)).json();
    expect(check).toMatchObject({ unassigned: [], doubleAssigned: [], total: active, assigned: active });
  });

  it('gives each branch at least two grids led by people of that branch; grid1.leader leads the first', async () => {
    const rows = (await ctx.db.execute<{ name: string; branchId: string; leaderBranch: string | null; leaderInGrid: boolean; leader: string | null; members: number }>(sql`
      SELECT g.name, g.branch_id AS "branchId", lp.branch_id AS "leaderBranch", u.username AS leader,
             EXISTS (SELECT 1 FROM grid_members m WHERE m.grid_id = g.id AND m.person_id = g.leader_person_id AND m.left_on IS NULL) AS "leaderInGrid",
             (SELECT count(*)::int FROM grid_members m WHERE m.grid_id = g.id AND m.left_on IS NULL) AS members
      FROM grids g LEFT JOIN people lp ON lp.id = g.leader_person_id LEFT JOIN users u ON u.person_id = g.leader_person_id AND u.username = 'grid1.leader'
      ORDER BY g.name`)).rows;
    for (const b of demo.branchIds) expect(rows.filter((r) => r.branchId === b).length).toBeGreaterThanOrEqual(2);
    for (const r of rows) {
      // A leader is a member of the branch, or a non-member who is in the grid they lead.
      expect(r.leaderBranch === r.branchId || (r.leaderBranch === null && r.leaderInGrid), r.name).toBe(true);
      expect(r.leaderInGrid, r.name).toBe(true);
      expect(r.members, r.name).toBeGreaterThan(3);
    }
    expect(rows.find((r) => r.leader === 'grid1.leader')?.name).toBe('一支部第一网格');
    const history = (await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM grid_members WHERE left_on IS NOT NULL`)).rows[0]!.n;
    expect(history).toBe(1);
  });
});

describe('focus files and care demo', () => {
  it('opens two files, one review overdue, visible to their owners and secretaries only', async () => {
    expect(focus).toMatchObject({ focusFiles: 2, reviewOverdue: 1, contacts: 3 });
    const gb = await login(ctx.app, 'gb.secretary', PASSWORD);
    const list = (await gb.get('/api/v1/focus-files')).json();
    expect(list.total).toBe(2);
    expect(list.items.filter((f: { reviewOverdue: boolean }) => f.reviewOverdue)).toHaveLength(1);
    const owner = await login(ctx.app, 'grid1.leader', PASSWORD);
    const mine = (await owner.get('/api/v1/focus-files')).json().items;
    expect(mine).toHaveLength(1);
    const detail = (await owner.get(`/api/v1/focus-files/${mine[0].id}`)).json();
    expect(detail).toMatchObject({ reasonCategory: 'family_hardship', reviewOverdue: false });
    expect(detail.contacts.map((c: { relation: string }) => c.relation)).toEqual(['配偶', '兄长']);
    expect(detail.entries.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['review', 'family_visit', 'family_call', 'family_meeting']));
    for (const u of ['member1', 'member2', 'viewer', 'b3.secretary']) {
      const a = await login(ctx.app, u, PASSWORD);
      expect((await a.get('/api/v1/focus-files')).json().items, u).toEqual([]);
    }
  });

  it('records care with follow-ups due', async () => {
    expect(focus.care).toBeGreaterThanOrEqual(6);
    const gb = await login(ctx.app, 'gb.secretary', PASSWORD);
    const due = (await gb.get('/api/v1/care/follow-ups')).json();
    expect(due.total).toBe(focus.followUpsDue);
    expect(due.total).toBeGreaterThanOrEqual(3);
  });
});
