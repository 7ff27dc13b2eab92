import { sql } from 'drizzle-orm';
import type { Db } from '../../db/connection';
import type { Actor, AppContext } from '../lib/context';
import { addMembers, coverageCheck, createGrid, moveMember, updateGrid } from '../modules/grids/grids.service';
import type { DemoFoundation } from './foundation.demo';

export type GridsDemoSummary = { grids: number; members: number; moved: number; total: number; assigned: number; unassigned: number; doubleAssigned: number };

/** A demo account as the services see a logged-in caller. */
export async function demoActor(db: Db, username: string): Promise<Actor> {
  const res = await db.execute<{ userId: string; username: string; personId: string | null; personName: string | null; roles: Actor['roles'] }>(sql`
    SELECT u.id AS "userId", u.username, u.person_id AS "personId", p.name AS "personName",
           COALESCE((SELECT json_agg(json_build_object('role', ra.role, 'orgUnitId', ra.org_unit_id, 'path', o.path))
                     FROM role_assignments ra JOIN org_units o ON o.id = ra.org_unit_id
                     WHERE ra.user_id = u.id AND o.closed_at IS NULL), '[]'::json) AS roles
    FROM users u LEFT JOIN people p ON p.id = u.person_id WHERE u.username = ${username}`);
  const row = res.rows[0];
  if (!row) throw new Error(`demo account ${username} is missing`);
  return { userId: row.userId, username: row.username, personId: row.personId, displayName: row.personName ?? row.username, mustChangePassword: false, roles: row.roles, via: 'token', csrfToken: null, ip: null };
}

const CN = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const ymd = (d: Date) => d.toISOString().slice(0, 10);
const shift = (iso: string, months: number, days = 0) => {
  const d = new Date(`${iso}T00:00:00Z`);
  return ymd(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate() + days)));
};

/**
 * Grids for every branch of the demo general branch, covering every active person: the branch's members and the
 * non-members of the departments whose members sit in that branch. About nine people a grid; the leaders come from
 * the branch's members (the grid1.leader account, whoever it is, leads the first grid of the first branch). One person moved between grids
 * three months ago, so the history shows a membership period. Deterministic: people are taken in the order the
 * foundation created them.
 */
export async function seedGridsDemo(ctx: AppContext, foundation: DemoFoundation, opts: { today?: Date } = {}): Promise<GridsDemoSummary> {
  const { db } = ctx;
  const todayIso = ymd(opts.today ?? new Date());
  const joinedOn = `${Number(todayIso.slice(0, 4)) - 1}-01-01`;
  const gbSecretary = await demoActor(db, 'gb.secretary');
  const order = new Map(foundation.personIds.map((id, i) => [id, i]));
  const people = (await db.execute<{ id: string; branchId: string | null; departmentId: string | null; status: string }>(sql`
    SELECT id, branch_id AS "branchId", department_id AS "departmentId", status FROM people
    WHERE id = ANY(${sql.param(foundation.personIds)}::uuid[])`)).rows
    .filter((p) => p.status === 'active')
    .sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  const excluded = new Set(
    (await db.execute<{ personId: string }>(sql`
      SELECT person_id AS "personId" FROM leaders WHERE org_unit_id = ${foundation.generalBranchId}
      UNION SELECT person_id FROM leaders WHERE org_unit_id = ANY(${sql.param(foundation.branchIds)}::uuid[]) AND party_post = 'secretary'`)).rows.map((r) => r.personId),
  );
  const gridLeaderAccount = (await db.execute<{ personId: string | null }>(sql`SELECT person_id AS "personId" FROM users WHERE username = 'grid1.leader'`)).rows[0]?.personId ?? null;

  // A department's non-members join the grids of the branch most of its members belong to.
  const branchOfDepartment = new Map<string, string>();
  for (const deptId of new Set(people.map((p) => p.departmentId).filter((d): d is string => !!d))) {
    const counts = new Map<string, number>();
    for (const p of people) if (p.departmentId === deptId && p.branchId) counts.set(p.branchId, (counts.get(p.branchId) ?? 0) + 1);
    const best = [...counts.entries()].sort((a, b) => b[1] - a[1] || foundation.branchIds.indexOf(a[0]) - foundation.branchIds.indexOf(b[0]))[0];
    branchOfDepartment.set(deptId, best?.[0] ?? foundation.branchIds[0]!);
  }
  const branchOf = (p: (typeof people)[number]) => p.branchId ?? (p.departmentId ? branchOfDepartment.get(p.departmentId)! : foundation.branchIds[0]!);

  let gridCount = 0;
  let memberCount = 0;
  let moved = 0;
  for (const [bi, branchId] of foundation.branchIds.entries()) {
    const population = people.filter((p) => branchOf(p) === branchId);
    const n = Math.max(2, Math.ceil(population.length / 9));
    const candidates = population.filter((p) => p.branchId === branchId && !excluded.has(p.id));
    const leaders: string[] = [];
    if (bi === 0 && gridLeaderAccount && population.some((c) => c.id === gridLeaderAccount)) leaders.push(gridLeaderAccount);
    for (const c of candidates) if (leaders.length < n && !leaders.includes(c.id)) leaders.push(c.id);
    const rest = population.filter((p) => !leaders.includes(p.id));
    const groups: string[][] = leaders.map((l) => [l]);
    rest.forEach((p, i) => groups[i % groups.length]!.push(p.id));
    const grids: { id: string; version: number }[] = [];
    for (const [gi, members] of groups.entries()) {
      const deputy = gi === 0 ? members.find((id) => id !== leaders[gi] && candidates.some((c) => c.id === id)) ?? null : null;
      // The leader is named once the members are in: a non-member leads only a grid of the branch they are in.
      const grid = await createGrid(db, gbSecretary, { branchId, name: `${CN[bi]}支部第${CN[gi]}网格`, sortOrder: gi });
      const filled = await addMembers(db, gbSecretary, grid.id, { personIds: members, joinedOn, version: grid.version });
      const led = await updateGrid(db, gbSecretary, grid.id, { leaderPersonId: leaders[gi] ?? null, deputyPersonId: deputy, version: filled.version });
      grids.push({ id: led.id, version: led.version });
      gridCount++;
      memberCount += members.length;
    }
    // The second branch: one person dragged from the first grid to the second three months ago.
    if (bi === 1 && groups[0]!.length > 2) {
      const personId = groups[0]!.find((id) => id !== leaders[0])!;
      const r = await moveMember(db, gbSecretary, {
        personId, fromGridId: grids[0]!.id, toGridId: grids[1]!.id, on: shift(todayIso, -3), fromVersion: grids[0]!.version, toVersion: grids[1]!.version,
      });
      grids[0]!.version = r.from.version;
      grids[1]!.version = r.to.version;
      moved++;
    }
  }
  const check = await coverageCheck(db, gbSecretary, { orgUnitId: foundation.generalBranchId, on: todayIso });
  return { grids: gridCount, members: memberCount, moved, total: check.total, assigned: check.assigned, unassigned: check.unassigned.length, doubleAssigned: check.doubleAssigned.length };
}
