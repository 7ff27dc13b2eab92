import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../../db/connection';
import { leaders, orgUnits } from '../../../db/schema';
import { invalidateScopeCache } from '../../lib/access';

export type OrgUnitRow = typeof orgUnits.$inferSelect;

export async function listUnits(db: Queryable, opts: { includeClosed: boolean; prefixes: string[] | null; ancestorIds?: string[] }) {
  const res = await db.execute<OrgUnitRow & { memberCount: number }>(sql`
    SELECT o.id, o.parent_id AS "parentId", o.kind, o.name, o.sort_order AS "sortOrder", o.path,
           o.closed_at AS "closedAt", o.version, o.created_at AS "createdAt", o.updated_at AS "updatedAt",
           COALESCE(c.n, 0)::int AS "memberCount"
    FROM org_units o
    LEFT JOIN (
      SELECT unit_id, count(*) AS n FROM (
        SELECT branch_id AS unit_id FROM people WHERE status = 'active' AND branch_id IS NOT NULL
        UNION ALL
        SELECT department_id FROM people WHERE status = 'active' AND department_id IS NOT NULL
          AND department_id IS DISTINCT FROM branch_id
      ) x GROUP BY unit_id
    ) c ON c.unit_id = o.id
    WHERE (${opts.includeClosed} OR o.closed_at IS NULL)
      AND (${opts.prefixes === null} OR o.path LIKE ANY(${sql.param(opts.prefixes ?? [])}::text[]) OR o.id = ANY(${sql.param(opts.ancestorIds ?? [])}::uuid[]))
    ORDER BY length(o.path) - length(replace(o.path, '/', '')), o.sort_order, o.name`);
  return res.rows;
}

export async function findUnit(db: Queryable, id: string): Promise<OrgUnitRow | null> {
  const [r] = await db.select().from(orgUnits).where(eq(orgUnits.id, id));
  return r ?? null;
}

export async function findUnitForUpdate(db: Queryable, id: string): Promise<OrgUnitRow | null> {
  const [r] = await db.select().from(orgUnits).where(eq(orgUnits.id, id)).for('update');
  return r ?? null;
}

export async function insertUnit(db: Queryable, row: { id: string; parentId: string | null; kind: string; name: string; sortOrder: number; path: string }) {
  const [r] = await db.insert(orgUnits).values(row).returning();
  invalidateScopeCache();
  return r!;
}

/** Writes the changed fields only if the row still has `version`; returns null when someone else changed it. */
export async function updateUnit(db: Queryable, id: string, version: number, patch: Partial<Pick<OrgUnitRow, 'name' | 'sortOrder' | 'kind' | 'parentId' | 'path' | 'closedAt'>>) {
  const [r] = await db
    .update(orgUnits)
    .set({ ...patch, version: sql`${orgUnits.version} + 1`, updatedAt: new Date() })
    .where(and(eq(orgUnits.id, id), eq(orgUnits.version, version)))
    .returning();
  invalidateScopeCache();
  return r ?? null;
}

/** Rewrites the paths of a moved subtree. */
export async function rewriteSubtreePaths(db: Queryable, oldPrefix: string, newPrefix: string) {
  await db.execute(sql`
    UPDATE org_units SET path = ${newPrefix} || substr(path, ${oldPrefix.length + 1})
    WHERE path LIKE ${oldPrefix + '%'} AND path <> ${oldPrefix}`);
  invalidateScopeCache();
}

export async function countOpenChildren(db: Queryable, id: string): Promise<number> {
  const res = await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM org_units WHERE parent_id = ${id} AND closed_at IS NULL`);
  return res.rows[0]!.n;
}

export async function countActivePeopleIn(db: Queryable, id: string): Promise<number> {
  const res = await db.execute<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM people WHERE status = 'active' AND (branch_id = ${id} OR department_id = ${id})`,
  );
  return res.rows[0]!.n;
}

export async function listLeaders(db: Queryable, orgUnitId: string) {
  const res = await db.execute<{ personId: string; personName: string; partyPost: 'secretary' | 'deputy_secretary' | 'member'; dualResponsibility: string[] }>(sql`
    SELECT l.person_id AS "personId", p.name AS "personName", l.party_post AS "partyPost", l.dual_responsibility AS "dualResponsibility"
    FROM leaders l JOIN people p ON p.id = l.person_id
    WHERE l.org_unit_id = ${orgUnitId}
    ORDER BY CASE l.party_post WHEN 'secretary' THEN 0 WHEN 'deputy_secretary' THEN 1 ELSE 2 END, l.sort_order`);
  return res.rows;
}

export async function replaceLeaders(db: Queryable, orgUnitId: string, rows: { personId: string; partyPost: string; dualResponsibility: string[] }[]) {
  await db.delete(leaders).where(eq(leaders.orgUnitId, orgUnitId));
  if (rows.length) {
    await db.insert(leaders).values(rows.map((r, i) => ({ orgUnitId, personId: r.personId, partyPost: r.partyPost, dualResponsibility: r.dualResponsibility, sortOrder: i })));
  }
}

export async function findUnitsByName(db: Queryable, name: string) {
  return db.select().from(orgUnits).where(and(eq(orgUnits.name, name), sql`${orgUnits.closedAt} IS NULL`));
}
