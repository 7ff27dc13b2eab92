import { sql } from 'drizzle-orm';
import type { Queryable } from '../../../db/connection';
import type { MembershipPeriod } from '../../../domain/grids/coverage-check';

export type GridRow = {
  id: string;
  branchId: string;
  branchName: string;
  branchPath: string;
  name: string;
  leaderPersonId: string | null;
  leaderName: string | null;
  deputyPersonId: string | null;
  deputyName: string | null;
  sortOrder: number;
  closedAt: string | null;
  version: number;
  updatedAt: string;
};

export type MemberRow = { membershipId: string; gridId: string; personId: string; name: string; post: string | null; joinedOn: string; leftOn: string | null };

const SELECT = sql`
  SELECT g.id, g.branch_id AS "branchId", b.name AS "branchName", b.path AS "branchPath", g.name,
         g.leader_person_id AS "leaderPersonId", lp.name AS "leaderName", g.deputy_person_id AS "deputyPersonId",
         dp.name AS "deputyName", g.sort_order AS "sortOrder", g.closed_at AS "closedAt", g.version, g.updated_at AS "updatedAt"
  FROM grids g
  JOIN org_units b ON b.id = g.branch_id
  LEFT JOIN people lp ON lp.id = g.leader_person_id
  LEFT JOIN people dp ON dp.id = g.deputy_person_id`;

export async function findGrid(db: Queryable, id: string, lock = false): Promise<GridRow | null> {
  if (lock) await db.execute(sql`SELECT 1 FROM grids WHERE id = ${id} FOR UPDATE`);
  const res = await db.execute<GridRow>(sql`${SELECT} WHERE g.id = ${id}`);
  return res.rows[0] ?? null;
}

export async function listGrids(db: Queryable, branchIds: string[], includeClosed: boolean): Promise<GridRow[]> {
  const res = await db.execute<GridRow>(sql`${SELECT}
    WHERE g.branch_id = ANY(${sql.param(branchIds)}::uuid[]) AND (${includeClosed} OR g.closed_at IS NULL)
    ORDER BY b.path, g.sort_order, g.name, g.id`);
  return res.rows;
}

/** Grids of the unit and of the units below it (a general branch sees its branches' grids). */
export async function listGridsUnder(db: Queryable, prefix: string, includeClosed: boolean): Promise<GridRow[]> {
  const res = await db.execute<GridRow>(sql`${SELECT}
    WHERE b.path LIKE ${prefix + '%'} AND (${includeClosed} OR g.closed_at IS NULL)
    ORDER BY b.path, g.sort_order, g.name, g.id`);
  return res.rows;
}

export async function findGridByName(db: Queryable, branchId: string, name: string): Promise<GridRow | null> {
  const res = await db.execute<GridRow>(sql`${SELECT} WHERE g.branch_id = ${branchId} AND g.name = ${name} AND g.closed_at IS NULL`);
  return res.rows[0] ?? null;
}

export async function insertGrid(
  db: Queryable,
  row: { branchId: string; name: string; leaderPersonId: string | null; deputyPersonId: string | null; sortOrder: number },
): Promise<string> {
  const res = await db.execute<{ id: string }>(sql`
    INSERT INTO grids (branch_id, name, leader_person_id, deputy_person_id, sort_order)
    VALUES (${row.branchId}, ${row.name}, ${row.leaderPersonId}, ${row.deputyPersonId}, ${row.sortOrder}) RETURNING id`);
  return res.rows[0]!.id;
}

/** Writes the fields (and bumps the version) only if the grid still has `version`; false when someone else changed it. */
export async function updateGrid(
  db: Queryable,
  id: string,
  version: number,
  patch: Partial<{ name: string; leaderPersonId: string | null; deputyPersonId: string | null; sortOrder: number; closedAt: Date }>,
): Promise<boolean> {
  const sets = [sql`version = version + 1`, sql`updated_at = now()`];
  if (patch.name !== undefined) sets.push(sql`name = ${patch.name}`);
  if (patch.leaderPersonId !== undefined) sets.push(sql`leader_person_id = ${patch.leaderPersonId}`);
  if (patch.deputyPersonId !== undefined) sets.push(sql`deputy_person_id = ${patch.deputyPersonId}`);
  if (patch.sortOrder !== undefined) sets.push(sql`sort_order = ${patch.sortOrder}`);
  if (patch.closedAt !== undefined) sets.push(sql`closed_at = ${patch.closedAt.toISOString()}`);
  const res = await db.execute(sql`UPDATE grids SET ${sql.join(sets, sql`, `)} WHERE id = ${id} AND version = ${version}`);
  return (res.rowCount ?? 0) > 0;
}

/** Members on the day `on` of the given grids. */
export async function membersOn(db: Queryable, gridIds: string[], on: string): Promise<MemberRow[]> {
  if (gridIds.length === 0) return [];
  const res = await db.execute<MemberRow>(sql`
    SELECT m.id AS "membershipId", m.grid_id AS "gridId", m.person_id AS "personId", p.name, p.post, m.joined_on AS "joinedOn", m.left_on AS "leftOn"
    FROM grid_members m JOIN people p ON p.id = m.person_id
    WHERE m.grid_id = ANY(${sql.param(gridIds)}::uuid[]) AND m.joined_on <= ${on} AND (m.left_on IS NULL OR m.left_on > ${on})
    ORDER BY p.name_pinyin, p.id`);
  return res.rows;
}

/** The open memberships (no end date) of these people in open grids, with the grid's name. */
export async function openMembershipsOf(db: Queryable, personIds: string[]): Promise<(MemberRow & { gridName: string; branchId: string; branchPath: string })[]> {
  if (personIds.length === 0) return [];
  const res = await db.execute<MemberRow & { gridName: string; branchId: string; branchPath: string }>(sql`
    SELECT m.id AS "membershipId", m.grid_id AS "gridId", m.person_id AS "personId", p.name, p.post, m.joined_on AS "joinedOn",
           m.left_on AS "leftOn", g.name AS "gridName", g.branch_id AS "branchId", b.path AS "branchPath"
    FROM grid_members m JOIN people p ON p.id = m.person_id JOIN grids g ON g.id = m.grid_id JOIN org_units b ON b.id = g.branch_id
    WHERE m.person_id = ANY(${sql.param(personIds)}::uuid[]) AND m.left_on IS NULL AND g.closed_at IS NULL
    ORDER BY g.sort_order, g.name`);
  return res.rows;
}

export async function insertMemberships(db: Queryable, rows: { gridId: string; personId: string; joinedOn: string }[]): Promise<void> {
  for (const r of rows) {
    await db.execute(sql`INSERT INTO grid_members (grid_id, person_id, joined_on) VALUES (${r.gridId}, ${r.personId}, ${r.joinedOn})`);
  }
}

export async function endMembership(db: Queryable, membershipId: string, leftOn: string): Promise<void> {
  await db.execute(sql`UPDATE grid_members SET left_on = ${leftOn} WHERE id = ${membershipId}`);
}

export async function countOpenMembers(db: Queryable, gridId: string): Promise<number> {
  const res = await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM grid_members WHERE grid_id = ${gridId} AND left_on IS NULL`);
  return res.rows[0]!.n;
}

export type PopulationPerson = { id: string; name: string; post: string | null; branchName: string | null; status: string; unitPath: string | null; branchPath: string | null; nationalId: string | null };

const PERSON_SELECT = sql`
  SELECT p.id, p.name, p.post, b.name AS "branchName", p.status, COALESCE(b.path, d.path) AS "unitPath", b.path AS "branchPath",
         p.national_id AS "nationalId"
  FROM people p
  LEFT JOIN org_units b ON b.id = p.branch_id
  LEFT JOIN org_units d ON d.id = p.department_id`;

/**
 * The active people of a unit's subtree: those whose branch lies in it, and those in no branch (non-members)
 * whose department lies in it.
 */
export async function populationOf(db: Queryable, prefix: string): Promise<PopulationPerson[]> {
  const like = prefix + '%';
  const res = await db.execute<PopulationPerson>(sql`${PERSON_SELECT}
    WHERE p.status = 'active' AND (b.path LIKE ${like} OR (p.branch_id IS NULL AND d.path LIKE ${like}))
    ORDER BY p.name_pinyin, p.id`);
  return res.rows;
}

export async function findPeople(db: Queryable, ids: string[]): Promise<PopulationPerson[]> {
  if (ids.length === 0) return [];
  const res = await db.execute<PopulationPerson>(sql`${PERSON_SELECT} WHERE p.id = ANY(${sql.param(ids)}::uuid[])`);
  return res.rows;
}

/** Memberships (any period) of these people in open grids, for the coverage check. */
export async function membershipsOf(db: Queryable, personIds: string[]): Promise<(MembershipPeriod & { gridName: string; sortKey: string })[]> {
  if (personIds.length === 0) return [];
  const res = await db.execute<MembershipPeriod & { gridName: string; sortKey: string }>(sql`
    SELECT m.grid_id AS "gridId", m.person_id AS "personId", m.joined_on AS "joinedOn", m.left_on AS "leftOn", g.name AS "gridName",
           lpad(g.sort_order::text, 6, '0') || g.name AS "sortKey"
    FROM grid_members m JOIN grids g ON g.id = m.grid_id
    WHERE m.person_id = ANY(${sql.param(personIds)}::uuid[]) AND g.closed_at IS NULL`);
  return res.rows;
}
