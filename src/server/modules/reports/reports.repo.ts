import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../../db/connection';
import { inspectionReports } from '../../../db/schema';
import type { InspectionReport } from '../../../domain/inspection/types';
import type { DraftOwner, ReportStructure } from '../../../domain/ledger/types';
import type { EarlierProblemRef, MaterialKind } from '../../../contracts/reports';
import type { LedgerDraftDto } from '../../../contracts/ledger';

export type ReportInsert = typeof inspectionReports.$inferInsert;

/** What lists show, plus what access checks need (the unit's path, the person's units). */
export type ReportSummaryRow = {
  id: string;
  orgUnitId: string;
  orgUnitName: string;
  orgUnitPath: string;
  kind: MaterialKind;
  personId: string | null;
  personName: string | null;
  personBranchPath: string | null;
  personDepartmentPath: string | null;
  year: number;
  campaign: string;
  title: string;
  detectedKind: InspectionReport['kind'];
  sourceKind: 'file' | 'text';
  fileName: string | null;
  fileKey: string | null;
  fileSize: number | null;
  fileSha256: string | null;
  aspects: number;
  problems: number;
  causes: number;
  measures: number;
  links: number;
  findings: number;
  repeats: number;
  hasLedgerDraft: boolean;
  ledgerCommittedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type ReportRow = ReportSummaryRow & {
  parsed: InspectionReport;
  earlierProblems: EarlierProblemRef[];
  structure: ReportStructure;
  ledgerDraft: LedgerDraftDto | null;
};

const SUMMARY_COLUMNS = sql`
  r.id, r.org_unit_id AS "orgUnitId", o.name AS "orgUnitName", o.path AS "orgUnitPath", r.kind,
  r.person_id AS "personId", p.name AS "personName", pb.path AS "personBranchPath", pd.path AS "personDepartmentPath",
  r.year, r.campaign, r.title, r.parsed->>'kind' AS "detectedKind", r.source_kind AS "sourceKind",
  r.file_name AS "fileName", r.file_key AS "fileKey", r.file_size AS "fileSize", r.file_sha256 AS "fileSha256",
  jsonb_array_length(r.structure->'aspects') AS aspects, jsonb_array_length(r.structure->'problems') AS problems,
  jsonb_array_length(r.structure->'causes') AS causes, jsonb_array_length(r.structure->'measures') AS measures,
  jsonb_array_length(r.structure->'links') AS links,
  jsonb_array_length(r.parsed->'quality'->'findings') AS findings, jsonb_array_length(r.parsed->'quality'->'repeats') AS repeats,
  r.ledger_draft IS NOT NULL AS "hasLedgerDraft", r.ledger_committed_at AS "ledgerCommittedAt",
  r.version, r.created_at AS "createdAt", r.updated_at AS "updatedAt"`;

const FROM = sql`
  FROM inspection_reports r
  JOIN org_units o ON o.id = r.org_unit_id
  LEFT JOIN people p ON p.id = r.person_id
  LEFT JOIN org_units pb ON pb.id = p.branch_id
  LEFT JOIN org_units pd ON pd.id = p.department_id`;

export async function insertReport(db: Queryable, row: ReportInsert): Promise<void> {
  await db.insert(inspectionReports).values(row);
}

export async function findReport(db: Queryable, id: string, forUpdate = false): Promise<ReportRow | null> {
  const res = await db.execute<ReportRow>(sql`
    SELECT ${SUMMARY_COLUMNS}, r.parsed, r.earlier_problems AS "earlierProblems", r.structure, r.ledger_draft AS "ledgerDraft"
    ${FROM} WHERE r.id = ${id} ${forUpdate ? sql`FOR UPDATE OF r` : sql``}`);
  return res.rows[0] ?? null;
}

export type ReportFilter = {
  /** Team materials of these units (null: any unit). */
  teamUnitIds: string[] | null;
  /** Personal materials of this person… */
  selfPersonId: string | null;
  /** …and of people whose branch or department (or, lacking both, the material's unit) lies under these paths. */
  secretaryPrefixes: string[];
  subtreePrefix?: string;
  year?: number;
  kind?: MaterialKind;
  personId?: string;
};

function where(f: ReportFilter): SQL {
  const like = sql.param(f.secretaryPrefixes.map((p) => p + '%'));
  const parts: SQL[] = [
    sql`((r.kind = 'team' AND (${f.teamUnitIds === null} OR r.org_unit_id = ANY(${sql.param(f.teamUnitIds ?? [])}::uuid[])))
      OR (r.kind = 'personal' AND (r.person_id = ${f.selfPersonId}
        OR pb.path LIKE ANY(${like}::text[]) OR pd.path LIKE ANY(${like}::text[])
        OR (pb.path IS NULL AND pd.path IS NULL AND o.path LIKE ANY(${like}::text[])))))`,
  ];
  if (f.subtreePrefix) parts.push(sql`o.path LIKE ${f.subtreePrefix + '%'}`);
  if (f.year) parts.push(sql`r.year = ${f.year}`);
  if (f.kind) parts.push(sql`r.kind = ${f.kind}`);
  if (f.personId) parts.push(sql`r.person_id = ${f.personId}`);
  return sql.join(parts, sql` AND `);
}

export async function listReports(db: Queryable, f: ReportFilter, page: { page: number; pageSize: number }) {
  const w = where(f);
  const [items, count] = await Promise.all([
    db.execute<ReportSummaryRow>(sql`SELECT ${SUMMARY_COLUMNS} ${FROM} WHERE ${w}
      ORDER BY r.year DESC, r.created_at DESC, r.id LIMIT ${page.pageSize} OFFSET ${(page.page - 1) * page.pageSize}`),
    db.execute<{ n: number }>(sql`SELECT count(*)::int AS n ${FROM} WHERE ${w}`),
  ]);
  return { items: items.rows, total: count.rows[0]!.n };
}

/** Replaces the structure if the row still has `version`; false when someone else changed it first. */
export async function updateStructure(db: Queryable, id: string, version: number, structure: ReportStructure): Promise<boolean> {
  const res = await db.execute(sql`
    UPDATE inspection_reports SET structure = ${JSON.stringify(structure)}::jsonb, title = ${structure.title},
      version = version + 1, updated_at = now()
    WHERE id = ${id} AND version = ${version}`);
  return (res.rowCount ?? 0) > 0;
}

export async function updateLedgerDraft(db: Queryable, id: string, version: number, draft: LedgerDraftDto): Promise<boolean> {
  const res = await db.execute(sql`
    UPDATE inspection_reports SET ledger_draft = ${JSON.stringify(draft)}::jsonb, version = version + 1, updated_at = now()
    WHERE id = ${id} AND version = ${version} AND ledger_committed_at IS NULL`);
  return (res.rowCount ?? 0) > 0;
}

export async function markLedgerCommitted(db: Queryable, id: string, version: number): Promise<boolean> {
  const res = await db.execute(sql`
    UPDATE inspection_reports SET ledger_committed_at = now(), version = version + 1, updated_at = now()
    WHERE id = ${id} AND version = ${version} AND ledger_committed_at IS NULL`);
  return (res.rowCount ?? 0) > 0;
}

export async function deleteReport(db: Queryable, id: string, version: number): Promise<boolean> {
  const res = await db.execute(sql`DELETE FROM inspection_reports WHERE id = ${id} AND version = ${version} AND ledger_committed_at IS NULL`);
  return (res.rowCount ?? 0) > 0;
}

/**
 * Problems of the same unit's (team) or person's (personal) materials of earlier years, newest first, as the
 * reviewed structures hold them. Same-year materials are left out: a corrected re-upload is no repeat.
 */
export async function listEarlierProblems(
  db: Queryable,
  opts: { kind: MaterialKind; orgUnitId: string; personId: string | null; year: number; limit: number },
): Promise<(EarlierProblemRef & { body: string })[]> {
  const owner = opts.kind === 'personal' ? sql`r.person_id = ${opts.personId}` : sql`r.org_unit_id = ${opts.orgUnitId}`;
  const res = await db.execute<EarlierProblemRef & { body: string }>(sql`
    SELECT r.id AS "reportId", r.year, x.p->>'id' AS "problemId", x.p->>'title' AS title, COALESCE(x.p->>'body', '') AS body
    FROM inspection_reports r
    CROSS JOIN LATERAL jsonb_array_elements(r.structure->'problems') WITH ORDINALITY AS x(p, n)
    WHERE r.kind = ${opts.kind} AND ${owner} AND r.year < ${opts.year}
    ORDER BY r.year DESC, r.created_at DESC, x.n
    LIMIT ${opts.limit}`);
  return res.rows;
}

// ---------------------------------------------------------------------------------------------
// The people around a unit, for the owner suggestions of a ledger draft

/** The leading team (班子) of a unit, secretary first. */
export async function listLeadership(db: Queryable, orgUnitId: string): Promise<{ personId: string; partyPost: string }[]> {
  const res = await db.execute<{ personId: string; partyPost: string }>(sql`
    SELECT l.person_id AS "personId", l.party_post AS "partyPost"
    FROM leaders l JOIN people p ON p.id = l.person_id
    WHERE l.org_unit_id = ${orgUnitId} AND p.status = 'active'
    ORDER BY CASE l.party_post WHEN 'secretary' THEN 0 WHEN 'deputy_secretary' THEN 1 ELSE 2 END, l.sort_order`);
  return res.rows;
}

/**
 * Secretaries of the branches strictly under `path`: the branch's leading team (party post secretary),
 * or else the holders of the secretary role on the branch. In the branches' order.
 */
export async function listBranchSecretaries(db: Queryable, path: string): Promise<DraftOwner[]> {
  const res = await db.execute<{ personId: string; orgUnitId: string }>(sql`
    WITH branches AS (
      SELECT id, path, sort_order, name FROM org_units
      WHERE kind = 'branch' AND closed_at IS NULL AND path LIKE ${path + '%'} AND path <> ${path}
    ), by_post AS (
      SELECT l.person_id, l.org_unit_id FROM leaders l JOIN branches b ON b.id = l.org_unit_id JOIN people p ON p.id = l.person_id
      WHERE l.party_post = 'secretary' AND p.status = 'active'
    ), by_role AS (
      SELECT u.person_id, ra.org_unit_id FROM role_assignments ra JOIN branches b ON b.id = ra.org_unit_id
      JOIN users u ON u.id = ra.user_id JOIN people p ON p.id = u.person_id
      WHERE ra.role = 'secretary' AND NOT u.disabled AND p.status = 'active'
        AND NOT EXISTS (SELECT 1 FROM by_post x WHERE x.org_unit_id = ra.org_unit_id)
    )
    SELECT DISTINCT x.person_id AS "personId", x.org_unit_id AS "orgUnitId", b.sort_order, b.name, p.name_pinyin
    FROM (SELECT * FROM by_post UNION SELECT * FROM by_role) x JOIN branches b ON b.id = x.org_unit_id JOIN people p ON p.id = x.person_id
    ORDER BY b.sort_order, b.name, p.name_pinyin`);
  return res.rows.map((r) => ({ personId: r.personId, orgUnitId: r.orgUnitId }));
}

/**
 * Heads of the departments and duty groups under `path`: holders of the department-head role on the unit,
 * or else the people of the unit whose post is a head's post (科长/主任/组长/队长, not deputies).
 */
export async function listDepartmentHeads(db: Queryable, path: string): Promise<DraftOwner[]> {
  const res = await db.execute<{ personId: string; orgUnitId: string }>(sql`
    WITH depts AS (
      SELECT id, kind, name, sort_order FROM org_units WHERE kind IN ('department','duty_group') AND closed_at IS NULL AND path LIKE ${path + '%'}
    ), by_role AS (
      SELECT u.person_id, ra.org_unit_id FROM role_assignments ra JOIN depts d ON d.id = ra.org_unit_id
      JOIN users u ON u.id = ra.user_id JOIN people p ON p.id = u.person_id
      WHERE ra.role = 'department_head' AND NOT u.disabled AND p.status = 'active'
    ), by_post AS (
      SELECT p.id AS person_id, p.department_id AS org_unit_id FROM people p JOIN depts d ON d.id = p.department_id
      WHERE p.status = 'active' AND p.post ~ '(科长|主任|组长|队长)$' AND p.post !~ '副'
        AND NOT EXISTS (SELECT 1 FROM by_role x WHERE x.org_unit_id = p.department_id)
    )
    SELECT DISTINCT x.person_id AS "personId", x.org_unit_id AS "orgUnitId", d.kind, d.sort_order, d.name, p.name_pinyin
    FROM (SELECT * FROM by_role UNION SELECT * FROM by_post) x JOIN depts d ON d.id = x.org_unit_id JOIN people p ON p.id = x.person_id
    ORDER BY d.kind, d.sort_order, d.name, p.name_pinyin`);
  return res.rows.map((r) => ({ personId: r.personId, orgUnitId: r.orgUnitId }));
}

/** Holders of the grid-leader role on units under `path`. */
export async function listGridLeaders(db: Queryable, path: string): Promise<DraftOwner[]> {
  const res = await db.execute<{ personId: string; orgUnitId: string }>(sql`
    SELECT DISTINCT u.person_id AS "personId", ra.org_unit_id AS "orgUnitId", o.sort_order, o.name, p.name_pinyin
    FROM role_assignments ra JOIN org_units o ON o.id = ra.org_unit_id
    JOIN users u ON u.id = ra.user_id JOIN people p ON p.id = u.person_id
    WHERE ra.role = 'grid_leader' AND NOT u.disabled AND p.status = 'active' AND o.closed_at IS NULL AND o.path LIKE ${path + '%'}
    ORDER BY o.sort_order, o.name, p.name_pinyin`);
  return res.rows.map((r) => ({ personId: r.personId, orgUnitId: r.orgUnitId }));
}

export async function listDepartments(db: Queryable, path: string): Promise<{ id: string; name: string }[]> {
  const res = await db.execute<{ id: string; name: string }>(sql`
    SELECT id, name FROM org_units WHERE kind IN ('department','duty_group') AND closed_at IS NULL AND path LIKE ${path + '%'}
    ORDER BY kind, sort_order, name`);
  return res.rows;
}

export async function peopleNames(db: Queryable, ids: string[]): Promise<{ id: string; name: string }[]> {
  if (ids.length === 0) return [];
  const res = await db.execute<{ id: string; name: string }>(sql`SELECT id, name FROM people WHERE id = ANY(${sql.param(ids)}::uuid[])`);
  return res.rows;
}

export async function unitsByIds(db: Queryable, ids: string[]): Promise<{ id: string; name: string; kind: string; path: string; closedAt: string | null }[]> {
  if (ids.length === 0) return [];
  const res = await db.execute<{ id: string; name: string; kind: string; path: string; closedAt: string | null }>(
    sql`SELECT id, name, kind, path, closed_at AS "closedAt" FROM org_units WHERE id = ANY(${sql.param(ids)}::uuid[])`,
  );
  return res.rows;
}

export async function findPersonUnits(db: Queryable, personId: string) {
  const res = await db.execute<{ id: string; name: string; branchId: string | null; branchPath: string | null; departmentPath: string | null }>(sql`
    SELECT p.id, p.name, p.branch_id AS "branchId", b.path AS "branchPath", d.path AS "departmentPath"
    FROM people p LEFT JOIN org_units b ON b.id = p.branch_id LEFT JOIN org_units d ON d.id = p.department_id
    WHERE p.id = ${personId}`);
  return res.rows[0] ?? null;
}
