import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/connection';
import { ledgerEvents, ledgerSavedViews } from '../../../db/schema';
import type { ItemStatus } from '../../../domain/ledger/item-status';
import type { RollupEntry, RollupUnit } from '../../../domain/ledger/rollup';
import { visibleItemsFrom, type LedgerFilter } from './ledger.repo';

// ---------------------------------------------------------------------------------------------
// Roll-up

/** The visible items grouped by unit, report, aspect, problem (first linked problem, else its text) and status. */
export async function rollupEntries(db: Queryable, f: LedgerFilter, today: string): Promise<RollupEntry[]> {
  const res = await db.execute<RollupEntry>(sql`
    SELECT x.org_unit_id AS "unitId", x.report_id AS "reportId", coalesce(x.title, '') AS "reportTitle", x.aspect,
           x.ref->>'id' AS "problemRefId", coalesce(x.ref->>'title', x.problem) AS "problemText", x.status,
           count(*)::int AS count, sum(x.weight)::int AS weight,
           sum(x.weight * CASE WHEN x.status = 'signed_off' THEN 100 ELSE x.progress END)::float8 AS "weightedProgress",
           (count(*) FILTER (WHERE x.deadline < ${today}::date AND x.completed_at IS NULL))::int AS overdue
    FROM (
      SELECT li.org_unit_id, li.report_id, r.title, li.aspect, li.problem, li.status, li.weight, li.progress, li.deadline,
             li.completed_at,
             (SELECT e FROM jsonb_array_elements(CASE WHEN jsonb_typeof(li.problem_refs) = 'array' THEN li.problem_refs ELSE '[]'::jsonb END)
                WITH ORDINALITY AS pr(e, n)
              WHERE e->>'kind' = 'problem' ORDER BY n LIMIT 1) AS ref
      ${visibleItemsFrom(f)}
    ) x
    GROUP BY 1, 2, 3, 4, 5, 6, 7`);
  return res.rows;
}

/** The units at and below a path (open or closed: closed units may still hold items). */
export async function unitsUnder(db: Queryable, path: string): Promise<RollupUnit[]> {
  const res = await db.execute<RollupUnit>(sql`
    SELECT id, parent_id AS "parentId", name, sort_order AS "sortOrder" FROM org_units WHERE path LIKE ${path + '%'}`);
  return res.rows;
}

/** A material's title and the facts its read rule needs. */
export async function findReportHead(db: Queryable, id: string) {
  const res = await db.execute<{
    id: string;
    title: string;
    kind: 'team' | 'personal';
    orgUnitPath: string;
    personId: string | null;
    personBranchPath: string | null;
    personDepartmentPath: string | null;
  }>(sql`
    SELECT r.id, r.title, r.kind, o.path AS "orgUnitPath", r.person_id AS "personId", pb.path AS "personBranchPath", pd.path AS "personDepartmentPath"
    FROM inspection_reports r
    JOIN org_units o ON o.id = r.org_unit_id
    LEFT JOIN people p ON p.id = r.person_id
    LEFT JOIN org_units pb ON pb.id = p.branch_id
    LEFT JOIN org_units pd ON pd.id = p.department_id
    WHERE r.id = ${id}`);
  return res.rows[0] ?? null;
}

// ---------------------------------------------------------------------------------------------
// Dashboard

/** The span of the trend: its periods' first days (in order) and the last day of the last one, YYYY-MM-DD. */
export type DashboardSpan = { periodStarts: string[]; to: string; today: string };

export type ChildFigures = {
  /** The direct child's id; '' for items tracked in the unit itself. */
  child: string;
  status: ItemStatus;
  n: number;
  overdue: number;
  completed: number;
  onTime: number;
};

export type DashboardFigures = {
  byChild: ChildFigures[];
  buckets: Record<'created' | 'completed' | 'lateFrom' | 'lateDone' | 'signedOff', number[]>;
};

const DAY_MS = 86_400_000;
/** Days since 1970-01-01 of a YYYY-MM-DD. */
const dayNumber = (d: string) => Math.floor(Date.parse(`${d}T00:00:00Z`) / DAY_MS);
/**
 * Day number of a timestamptz in China Standard Time: a fixed UTC+8 (no daylight saving since 1991), in integer
 * arithmetic, cheaper per row than AT TIME ZONE.
 */
const cstDay = (col: SQL) => sql`floor((date_part('epoch', ${col}) + 28800) / 86400)::int`;

/**
 * Every count of the dashboard of the unit at `path` in one statement over its items: per unit and status (then
 * summed per direct child: the child of a unit is worked out once per unit, not once per item), and per trend
 * bucket for the five days of an item that the trend accumulates (see domain/ledger/dashboard.ts).
 * Bucket 0 is before the first period; n+1 after the last (ignored).
 */
export async function dashboardFigures(db: Db, path: string, span: DashboardSpan): Promise<DashboardFigures> {
  const bucketCount = span.periodStarts.length;
  const thresholds = [...span.periodStarts.map(dayNumber), dayNumber(span.to) + 1];
  const today = dayNumber(span.today);
  const bucket = (day: SQL) => sql`width_bucket(${day}, ${sql.param(thresholds)}::int[])`;
  // The whole organisation needs no filter on units.
  const isRoot = path.split('/').filter(Boolean).length === 1;
  // Each item's figures are computed once into a row set; small hash aggregates count it by unit and status and by
  // each bucket (a GROUPING SETS form was planned as four sorts of every row, and was no faster).
  const query = sql`
    WITH units AS MATERIALIZED (
      SELECT id, split_part(substr(path, ${path.length + 1}), '/', 1) AS child FROM org_units WHERE path LIKE ${path + '%'}
    ), z AS MATERIALIZED (
      SELECT u, status, dl, d,
             ${bucket(sql`c`)} AS bc,
             ${bucket(sql`d`)} AS bd,
             ${bucket(sql`CASE WHEN dl IS NULL THEN NULL ELSE greatest(c, dl + 1) END`)} AS bl,
             ${bucket(sql`CASE WHEN dl IS NULL OR d IS NULL THEN NULL ELSE greatest(c, dl + 1, d) END`)} AS bld,
             ${bucket(sql`CASE WHEN s IS NULL THEN NULL ELSE greatest(c, s) END`)} AS bs
      FROM (
        SELECT li.org_unit_id AS u, li.status, li.deadline - DATE '1970-01-01' AS dl,
               ${cstDay(sql`li.created_at`)} AS c, ${cstDay(sql`li.completed_at`)} AS d, ${cstDay(sql`li.signed_off_at`)} AS s
        FROM ledger_items li ${isRoot ? sql`` : sql`WHERE li.org_unit_id IN (SELECT id FROM units)`}
      ) y
    )
    SELECT 'child' AS k, un.child, g.status, NULL::int AS b, sum(g.n)::int AS n, sum(g.overdue)::int AS overdue,
           sum(g.completed)::int AS completed, sum(g.on_time)::int AS "onTime"
      FROM (
        SELECT u, status, count(*) AS n,
               count(*) FILTER (WHERE dl < ${today} AND d IS NULL) AS overdue,
               count(*) FILTER (WHERE d IS NOT NULL) AS completed,
               count(*) FILTER (WHERE d IS NOT NULL AND (dl IS NULL OR d <= dl)) AS on_time
        FROM z GROUP BY u, status
      ) g JOIN units un ON un.id = g.u
      GROUP BY un.child, g.status
    UNION ALL SELECT 'created', NULL, NULL, bc, count(*)::int, 0, 0, 0 FROM z WHERE bc IS NOT NULL GROUP BY bc
    UNION ALL SELECT 'completed', NULL, NULL, bd, count(*)::int, 0, 0, 0 FROM z WHERE bd IS NOT NULL GROUP BY bd
    UNION ALL SELECT 'lateFrom', NULL, NULL, bl, count(*)::int, 0, 0, 0 FROM z WHERE bl IS NOT NULL GROUP BY bl
    UNION ALL SELECT 'lateDone', NULL, NULL, bld, count(*)::int, 0, 0, 0 FROM z WHERE bld IS NOT NULL GROUP BY bld
    UNION ALL SELECT 'signedOff', NULL, NULL, bs, count(*)::int, 0, 0, 0 FROM z WHERE bs IS NOT NULL GROUP BY bs`;
  type Row = { k: 'child' | keyof DashboardFigures['buckets']; child: string | null; status: ItemStatus | null; b: number | null; n: number; overdue: number; completed: number; onTime: number };
  // A province's items (≈ 40 bytes each once computed) would spill to disk under the default work_mem.
  const res = await db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL work_mem = '64MB'`);
    return tx.execute<Row>(query);
  });
  const zeros = () => Array<number>(bucketCount + 1).fill(0);
  const buckets: DashboardFigures['buckets'] = { created: zeros(), completed: zeros(), lateFrom: zeros(), lateDone: zeros(), signedOff: zeros() };
  const byChild: ChildFigures[] = [];
  const put = (k: keyof DashboardFigures['buckets'], b: number | null, n: number) => {
    if (b !== null && b >= 0 && b <= bucketCount) buckets[k][b]! += n;
  };
  for (const r of res.rows) {
    if (r.k === 'child') byChild.push({ child: r.child ?? '', status: r.status!, n: r.n, overdue: r.overdue, completed: r.completed, onTime: r.onTime });
    else put(r.k, r.b, r.n);
  }
  return { byChild, buckets };
}

export async function childUnitsOf(db: Queryable, parentId: string) {
  const res = await db.execute<{ id: string; name: string; kind: string }>(sql`
    SELECT id, name, kind FROM org_units WHERE parent_id = ${parentId} AND closed_at IS NULL ORDER BY sort_order, name, id`);
  return res.rows;
}

// ---------------------------------------------------------------------------------------------
// Saved views

export async function listSavedViews(db: Queryable, userId: string) {
  return db.select().from(ledgerSavedViews).where(eq(ledgerSavedViews.userId, userId)).orderBy(asc(ledgerSavedViews.createdAt), asc(ledgerSavedViews.name));
}

/** Inserts the view; null when the user already has one of that name. */
export async function insertSavedView(db: Queryable, v: { userId: string; name: string; query: Record<string, string> }) {
  const r = await db.insert(ledgerSavedViews).values(v).onConflictDoNothing({ target: [ledgerSavedViews.userId, ledgerSavedViews.name] }).returning();
  return r[0] ?? null;
}

/** Deletes the user's own view; false when there is none with that id for the user. */
export async function deleteSavedView(db: Queryable, userId: string, id: string): Promise<{ name: string } | null> {
  const r = await db
    .delete(ledgerSavedViews)
    .where(and(eq(ledgerSavedViews.id, id), eq(ledgerSavedViews.userId, userId)))
    .returning({ name: ledgerSavedViews.name });
  return r[0] ?? null;
}

// ---------------------------------------------------------------------------------------------
// Bulk edit

/** Locks the items in id order (so two bulk edits cannot deadlock) and returns the ids found. */
export async function lockItems(db: Queryable, ids: string[]): Promise<string[]> {
  const res = await db.execute<{ id: string }>(sql`SELECT id FROM ledger_items WHERE id = ANY(${sql.param(ids)}::uuid[]) ORDER BY id FOR UPDATE`);
  return res.rows.map((r) => r.id);
}

export async function personExists(db: Queryable, id: string): Promise<boolean> {
  const res = await db.execute<{ one: number }>(sql`SELECT 1 AS one FROM people WHERE id = ${id}`);
  return res.rows.length > 0;
}

export async function insertEvents(db: Queryable, rows: (typeof ledgerEvents.$inferInsert)[]) {
  for (let i = 0; i < rows.length; i += 500) await db.insert(ledgerEvents).values(rows.slice(i, i + 500));
}
