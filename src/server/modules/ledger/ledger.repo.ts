import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../../db/connection';
import { ledgerItems } from '../../../db/schema';
import type { ProblemRef } from '../../../contracts/ledger';

export type LedgerItemInsert = typeof ledgerItems.$inferInsert;

export type LedgerItemRow = {
  id: string;
  orgUnitId: string;
  orgUnitName: string;
  reportId: string | null;
  source: string;
  aspect: string | null;
  problem: string;
  cause: string | null;
  target: string | null;
  measure: string | null;
  type: string;
  leaderPersonId: string | null;
  leaderName: string | null;
  leadDepartmentId: string | null;
  leadDepartmentName: string | null;
  ownerPersonId: string | null;
  ownerName: string | null;
  cooperatingDepartmentIds: string[];
  deadline: string | null;
  status: string;
  progress: number;
  remarks: string | null;
  problemRefs: ProblemRef[];
  version: number;
  createdAt: string;
  updatedAt: string;
};

const SELECT = sql`
  SELECT li.id, li.org_unit_id AS "orgUnitId", o.name AS "orgUnitName", li.report_id AS "reportId", li.source, li.aspect,
         li.problem, li.cause, li.target, li.measure, li.type, li.leader_person_id AS "leaderPersonId", lp.name AS "leaderName",
         li.lead_department_id AS "leadDepartmentId", ld.name AS "leadDepartmentName", li.owner_person_id AS "ownerPersonId",
         op.name AS "ownerName", li.cooperating_department_ids AS "cooperatingDepartmentIds", li.deadline, li.status, li.progress,
         li.remarks, li.problem_refs AS "problemRefs", li.version, li.created_at AS "createdAt", li.updated_at AS "updatedAt"
  FROM ledger_items li
  JOIN org_units o ON o.id = li.org_unit_id
  LEFT JOIN people lp ON lp.id = li.leader_person_id
  LEFT JOIN org_units ld ON ld.id = li.lead_department_id
  LEFT JOIN people op ON op.id = li.owner_person_id
  LEFT JOIN inspection_reports r ON r.id = li.report_id
  LEFT JOIN people rp ON rp.id = r.person_id
  LEFT JOIN org_units rpb ON rpb.id = rp.branch_id
  LEFT JOIN org_units rpd ON rpd.id = rp.department_id`;

export async function insertLedgerItems(db: Queryable, rows: LedgerItemInsert[]): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const r = await db.insert(ledgerItems).values(rows.slice(i, i + 500)).returning({ id: ledgerItems.id });
    out.push(...r.map((x) => x.id));
  }
  return out;
}

export type LedgerFilter = {
  /** Items of team materials (and of no material) tracked in these units; null: any unit. */
  unitIds: string[] | null;
  /** The caller's own items, whatever their unit. */
  ownerPersonId: string | null;
  /** Items of personal materials: the author's own, and those of people under these secretary paths. */
  selfPersonId: string | null;
  secretaryPrefixes: string[];
  reportId?: string;
  subtreePrefix?: string;
  ids?: string[];
};

function where(f: LedgerFilter): SQL {
  const like = sql.param(f.secretaryPrefixes.map((p) => p + '%'));
  // Items from a personal material are need-to-know, like the material itself.
  const personal = sql`(r.person_id = ${f.selfPersonId} OR rpb.path LIKE ANY(${like}::text[]) OR rpd.path LIKE ANY(${like}::text[])
    OR (rpb.path IS NULL AND rpd.path IS NULL AND o.path LIKE ANY(${like}::text[])))`;
  const parts: SQL[] = [
    sql`((r.kind = 'personal' AND ${personal})
      OR (r.kind IS DISTINCT FROM 'personal' AND (${f.unitIds === null} OR li.org_unit_id = ANY(${sql.param(f.unitIds ?? [])}::uuid[])
        OR li.owner_person_id = ${f.ownerPersonId})))`,
  ];
  if (f.reportId) parts.push(sql`li.report_id = ${f.reportId}`);
  if (f.subtreePrefix) parts.push(sql`o.path LIKE ${f.subtreePrefix + '%'}`);
  if (f.ids) parts.push(sql`li.id = ANY(${sql.param(f.ids)}::uuid[])`);
  return sql.join(parts, sql` AND `);
}

export async function listLedgerItems(db: Queryable, f: LedgerFilter, page: { page: number; pageSize: number }) {
  const w = where(f);
  const [items, count] = await Promise.all([
    db.execute<LedgerItemRow>(sql`${SELECT} WHERE ${w}
      ORDER BY li.created_at DESC, li.report_id, li.draft_key, li.id LIMIT ${page.pageSize} OFFSET ${(page.page - 1) * page.pageSize}`),
    db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM (${SELECT} WHERE ${w}) x`),
  ]);
  return { items: items.rows, total: count.rows[0]!.n };
}

/** The items committed from one material, in draft order (access already checked by the caller). */
export async function listItemsOfReport(db: Queryable, reportId: string): Promise<LedgerItemRow[]> {
  const res = await db.execute<LedgerItemRow>(sql`${SELECT} WHERE li.report_id = ${reportId} ORDER BY li.created_at, li.draft_key, li.id`);
  return res.rows;
}
