import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../../db/connection';
import { ledgerEvents, ledgerEvidence, ledgerItems, ledgerRechecks, ledgerReviews } from '../../../db/schema';
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
  weight: number;
  milestones: { title: string; dueOn: string | null; doneOn: string | null }[];
  remarks: string | null;
  problemRefs: ProblemRef[];
  progressNote: string | null;
  reviewLevel: number;
  round: number;
  completedAt: string | null;
  signedOffAt: string | null;
  signOffSnapshot: unknown;
  checkInMonths: number;
  lastCheckInAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
};

const SELECT = sql`
  SELECT li.id, li.org_unit_id AS "orgUnitId", o.name AS "orgUnitName", li.report_id AS "reportId", li.source, li.aspect,
         li.problem, li.cause, li.target, li.measure, li.type, li.leader_person_id AS "leaderPersonId", lp.name AS "leaderName",
         li.lead_department_id AS "leadDepartmentId", ld.name AS "leadDepartmentName", li.owner_person_id AS "ownerPersonId",
         op.name AS "ownerName", li.cooperating_department_ids AS "cooperatingDepartmentIds", li.deadline, li.status, li.progress,
         li.weight, li.milestones, li.remarks, li.problem_refs AS "problemRefs", li.progress_note AS "progressNote", li.review_level AS "reviewLevel",
         li.round, li.completed_at AS "completedAt", li.signed_off_at AS "signedOffAt", li.sign_off_snapshot AS "signOffSnapshot",
         li.check_in_months AS "checkInMonths", li.last_check_in_at AS "lastCheckInAt",
         li.version, li.created_at AS "createdAt", li.updated_at AS "updatedAt"
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
  invalidateLedgerCounts();
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
  /** Only the items the caller reviews (as leader in charge, or head of the lead department), in scope or not. */
  asReviewer?: boolean;
  reviewerPersonId?: string | null;
  headOfDepartmentIds?: string[];
  reportId?: string;
  subtreePrefix?: string;
  ids?: string[];
  status?: string;
  type?: string;
  source?: string;
  /** With `today` (YYYY-MM-DD): past the deadline and not signed off, or the opposite. */
  overdue?: boolean;
  today?: string;
  ownerFilter?: string;
  leadDepartmentId?: string;
  aspect?: string;
  q?: string;
};

const ORDER: Record<string, SQL> = {
  created: sql`li.created_at ASC, li.report_id, li.draft_key, li.id`,
  '-created': sql`li.created_at DESC, li.report_id, li.draft_key, li.id`,
  deadline: sql`li.deadline ASC NULLS LAST, li.id`,
  '-deadline': sql`li.deadline DESC NULLS LAST, li.id`,
  updated: sql`li.updated_at ASC, li.id`,
  '-updated': sql`li.updated_at DESC, li.id`,
  status: sql`array_position(ARRAY['not_started','in_progress','awaiting_review','signed_off'], li.status), li.deadline NULLS LAST, li.id`,
};

const likeText = (q: string) => '%' + q.replace(/[\\%_]/g, (c) => '\\' + c) + '%';

function where(f: LedgerFilter): SQL {
  const like = sql.param(f.secretaryPrefixes.map((p) => p + '%'));
  const reviewed = sql`(li.leader_person_id = ${f.reviewerPersonId ?? null} OR li.lead_department_id = ANY(${sql.param(f.headOfDepartmentIds ?? [])}::uuid[]))`;
  // Items from a personal material are need-to-know, like the material itself.
  const personal = sql`(r.person_id = ${f.selfPersonId} OR rpb.path LIKE ANY(${like}::text[]) OR rpd.path LIKE ANY(${like}::text[])
    OR (rpb.path IS NULL AND rpd.path IS NULL AND o.path LIKE ANY(${like}::text[])))`;
  const parts: SQL[] = [
    sql`((r.kind = 'personal' AND ${personal})
      OR (r.kind IS DISTINCT FROM 'personal' AND (${f.unitIds === null} OR li.org_unit_id = ANY(${sql.param(f.unitIds ?? [])}::uuid[])
        OR li.owner_person_id = ${f.ownerPersonId}${f.asReviewer ? sql` OR ${reviewed}` : sql``})))`,
  ];
  if (f.asReviewer) parts.push(reviewed);
  else if (f.unitIds !== null) {
    // Implied by the scope above, in a form the unit, owner and material indexes can answer (a BitmapOr), so that a
    // county's list does not filter every matching item of the province: the scope's units, the caller's own
    // items, and the personal materials whose items the caller might see (the exact test stays above).
    const personalReports = sql`ARRAY(SELECT pr.id FROM inspection_reports pr
      LEFT JOIN people pp ON pp.id = pr.person_id
      LEFT JOIN org_units pb ON pb.id = pp.branch_id
      LEFT JOIN org_units pd ON pd.id = pp.department_id
      WHERE pr.kind = 'personal' AND (pr.person_id = ${f.selfPersonId} OR pb.path LIKE ANY(${like}::text[]) OR pd.path LIKE ANY(${like}::text[])
        OR (pb.path IS NULL AND pd.path IS NULL)))`;
    parts.push(sql`(li.org_unit_id = ANY(${sql.param(f.unitIds)}::uuid[]) OR li.owner_person_id = ${f.ownerPersonId} OR li.report_id = ANY(${personalReports}))`);
  }
  if (f.reportId) parts.push(sql`li.report_id = ${f.reportId}`);
  if (f.subtreePrefix) parts.push(sql`li.org_unit_id = ANY(ARRAY(SELECT id FROM org_units WHERE path LIKE ${f.subtreePrefix + '%'}))`);
  if (f.ids) parts.push(sql`li.id = ANY(${sql.param(f.ids)}::uuid[])`);
  if (f.status) parts.push(sql`li.status = ${f.status}`);
  if (f.type) parts.push(sql`li.type = ${f.type}`);
  if (f.source) parts.push(sql`li.source = ${f.source}`);
  if (f.ownerFilter) parts.push(sql`li.owner_person_id = ${f.ownerFilter}`);
  if (f.leadDepartmentId) parts.push(sql`li.lead_department_id = ${f.leadDepartmentId}`);
  if (f.aspect) parts.push(sql`li.aspect ILIKE ${likeText(f.aspect)}`);
  if (f.q) {
    const q = likeText(f.q);
    parts.push(sql`(li.problem ILIKE ${q} OR li.measure ILIKE ${q} OR li.target ILIKE ${q} OR li.cause ILIKE ${q})`);
  }
  if (f.overdue !== undefined && f.today) {
    // Completed (submitted for review or signed off) items are no longer overdue; their lateness stays on record.
    const late = sql`(li.deadline < ${f.today}::date AND li.completed_at IS NULL)`;
    parts.push(f.overdue ? late : sql`NOT ${late}`);
  }
  return sql.join(parts, sql` AND `);
}

/** FROM … WHERE of the list for `f` (alias li for the item, o for its unit), for aggregates over the same items. */
export function visibleItemsFrom(f: LedgerFilter): SQL {
  return sql`FROM ledger_items li
  JOIN org_units o ON o.id = li.org_unit_id
  LEFT JOIN inspection_reports r ON r.id = li.report_id
  LEFT JOIN people rp ON rp.id = r.person_id
  LEFT JOIN org_units rpb ON rpb.id = rp.branch_id
  LEFT JOIN org_units rpd ON rpd.id = rp.department_id
  WHERE ${where(f)}`;
}

const COUNT_TTL_MS = 10_000;
const counts = new Map<string, { n: number; at: number }>();

/** Totals are kept for a few seconds; every item write through this module drops them (other processes: the TTL). */
export function invalidateLedgerCounts() {
  counts.clear();
}

export async function listLedgerItems(db: Queryable, f: LedgerFilter, page: { page: number; pageSize: number; sort?: string }) {
  const order = ORDER[page.sort ?? '-created'] ?? ORDER['-created']!;
  // The page's ids first, from the tables the filter needs; the names are joined for those rows only.
  const ids = (
    await db.execute<{ id: string }>(sql`SELECT li.id ${visibleItemsFrom(f)}
      ORDER BY ${order} LIMIT ${page.pageSize} OFFSET ${(page.page - 1) * page.pageSize}`)
  ).rows.map((r) => r.id);
  const items = ids.length
    ? (await db.execute<LedgerItemRow>(sql`${SELECT} WHERE li.id = ANY(${sql.param(ids)}::uuid[]) ORDER BY ${order}`)).rows
    : [];
  // A first page that is not full is the whole answer.
  if (page.page === 1 && items.length < page.pageSize) return { items, total: items.length };
  const cacheKey = JSON.stringify(f);
  const hit = counts.get(cacheKey);
  if (hit && Date.now() - hit.at < COUNT_TTL_MS) return { items, total: hit.n };
  const n = (await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n ${visibleItemsFrom(f)}`)).rows[0]!.n;
  if (counts.size >= 5000) counts.clear();
  counts.set(cacheKey, { n, at: Date.now() });
  return { items, total: n };
}

/** The items committed from one material, in draft order (access already checked by the caller). */
export async function listItemsOfReport(db: Queryable, reportId: string): Promise<LedgerItemRow[]> {
  const res = await db.execute<LedgerItemRow>(sql`${SELECT} WHERE li.report_id = ${reportId} ORDER BY li.created_at, li.draft_key, li.id`);
  return res.rows;
}

// ---------------------------------------------------------------------------------------------
// Tracking one item

/** The item with the unit paths and the material facts its access rules need. */
export type LedgerItemAccessRow = LedgerItemRow & {
  unitPath: string;
  leadDepartmentPath: string | null;
  reportKind: string | null;
  reportPersonId: string | null;
  personBranchPath: string | null;
  personDepartmentPath: string | null;
};

export async function findItemWithAccess(db: Queryable, id: string): Promise<LedgerItemAccessRow | null> {
  const res = await db.execute<LedgerItemAccessRow>(sql`
    SELECT x.*, o.path AS "unitPath", ld.path AS "leadDepartmentPath", r.kind AS "reportKind", r.person_id AS "reportPersonId",
           rpb.path AS "personBranchPath", rpd.path AS "personDepartmentPath"
    FROM (${SELECT} WHERE li.id = ${id}) x
    JOIN org_units o ON o.id = x."orgUnitId"
    LEFT JOIN org_units ld ON ld.id = x."leadDepartmentId"
    LEFT JOIN inspection_reports r ON r.id = x."reportId"
    LEFT JOIN people rp ON rp.id = r.person_id
    LEFT JOIN org_units rpb ON rpb.id = rp.branch_id
    LEFT JOIN org_units rpd ON rpd.id = rp.department_id`);
  return res.rows[0] ?? null;
}

/** findItemWithAccess for many items at once (in no particular order). */
export async function findItemsWithAccess(db: Queryable, ids: string[]): Promise<LedgerItemAccessRow[]> {
  const res = await db.execute<LedgerItemAccessRow>(sql`
    SELECT x.*, o.path AS "unitPath", ld.path AS "leadDepartmentPath", r.kind AS "reportKind", r.person_id AS "reportPersonId",
           rpb.path AS "personBranchPath", rpd.path AS "personDepartmentPath"
    FROM (${SELECT} WHERE li.id = ANY(${sql.param(ids)}::uuid[])) x
    JOIN org_units o ON o.id = x."orgUnitId"
    LEFT JOIN org_units ld ON ld.id = x."leadDepartmentId"
    LEFT JOIN inspection_reports r ON r.id = x."reportId"
    LEFT JOIN people rp ON rp.id = r.person_id
    LEFT JOIN org_units rpb ON rpb.id = rp.branch_id
    LEFT JOIN org_units rpd ON rpd.id = rp.department_id`);
  return res.rows;
}

type ItemSet = Partial<Omit<LedgerItemInsert, 'id' | 'version' | 'createdAt' | 'updatedAt'>>;

/**
 * Writes the fields when the row is still at `version`; returns the new version, or null when someone was first.
 * Every write to an item comes through here, so it also marks the item active (for the inactivity reminder).
 */
export async function updateItemAtVersion(db: Queryable, id: string, version: number, set: ItemSet): Promise<number | null> {
  invalidateLedgerCounts();
  const r = await db
    .update(ledgerItems)
    .set({ ...set, version: sql`${ledgerItems.version} + 1`, updatedAt: sql`now()`, lastActivityAt: sql`now()` })
    .where(and(eq(ledgerItems.id, id), eq(ledgerItems.version, version)))
    .returning({ version: ledgerItems.version });
  return r[0]?.version ?? null;
}

export type LedgerEventInsert = typeof ledgerEvents.$inferInsert;
export async function insertEvent(db: Queryable, e: LedgerEventInsert) {
  await db.insert(ledgerEvents).values(e);
}
export async function insertEvents(db: Queryable, rows: LedgerEventInsert[]) {
  for (let i = 0; i < rows.length; i += 500) await db.insert(ledgerEvents).values(rows.slice(i, i + 500));
}
export async function insertReview(db: Queryable, r: typeof ledgerReviews.$inferInsert) {
  await db.insert(ledgerReviews).values(r);
}
export async function insertRecheck(db: Queryable, r: typeof ledgerRechecks.$inferInsert) {
  await db.insert(ledgerRechecks).values(r);
}
export async function insertEvidence(db: Queryable, r: typeof ledgerEvidence.$inferInsert) {
  await db.insert(ledgerEvidence).values(r);
}

export async function countEvidence(db: Queryable, itemId: string): Promise<number> {
  const r = await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM ledger_evidence WHERE item_id = ${itemId}`);
  return r.rows[0]!.n;
}

export async function nextFileVersion(db: Queryable, itemId: string, fileName: string): Promise<number> {
  const r = await db.execute<{ v: number }>(sql`
    SELECT coalesce(max(file_version), 0)::int + 1 AS v FROM ledger_evidence WHERE item_id = ${itemId} AND file_name = ${fileName}`);
  return r.rows[0]!.v;
}

export async function listEvidence(db: Queryable, itemId: string) {
  return db.select().from(ledgerEvidence).where(eq(ledgerEvidence.itemId, itemId)).orderBy(asc(ledgerEvidence.createdAt), asc(ledgerEvidence.fileName), asc(ledgerEvidence.fileVersion));
}
export async function findEvidence(db: Queryable, itemId: string, evidenceId: string) {
  const r = await db.select().from(ledgerEvidence).where(and(eq(ledgerEvidence.itemId, itemId), eq(ledgerEvidence.id, evidenceId)));
  return r[0] ?? null;
}
export async function listReviews(db: Queryable, itemId: string) {
  return db.select().from(ledgerReviews).where(eq(ledgerReviews.itemId, itemId)).orderBy(asc(ledgerReviews.at), asc(ledgerReviews.level));
}
export async function listRechecks(db: Queryable, itemId: string) {
  return db.select().from(ledgerRechecks).where(eq(ledgerRechecks.itemId, itemId)).orderBy(asc(ledgerRechecks.at));
}
export async function listEvents(db: Queryable, itemId: string) {
  return db.select().from(ledgerEvents).where(eq(ledgerEvents.itemId, itemId)).orderBy(asc(ledgerEvents.version));
}

/** Keyset cursor for walking a filtered ledger in id order (the primary key index serves every batch). */
export type LedgerCursor = { id: string };

/** One batch of the items matching `f` after `cursor`, for exports and reports that walk the whole ledger. */
export async function listLedgerItemsAfter(db: Queryable, f: LedgerFilter, cursor: LedgerCursor | null, limit: number): Promise<LedgerItemRow[]> {
  const after = cursor ? sql` AND li.id > ${cursor.id}::uuid` : sql``;
  const res = await db.execute<LedgerItemRow>(sql`${SELECT} WHERE ${where(f)}${after} ORDER BY li.id LIMIT ${limit}`);
  return res.rows;
}

/** Active people with one of these names whose branch or department lies under one of the paths (null: anywhere). */
export async function findPeopleByNames(db: Queryable, names: string[], prefixes: string[] | null) {
  if (names.length === 0) return [];
  const res = await db.execute<{ id: string; name: string }>(sql`
    SELECT p.id, p.name FROM people p
    LEFT JOIN org_units b ON b.id = p.branch_id
    LEFT JOIN org_units d ON d.id = p.department_id
    WHERE p.name = ANY(${sql.param(names)}::text[]) AND p.status = 'active'
      AND (${prefixes === null} OR b.path LIKE ANY(${sql.param((prefixes ?? []).map((p) => p + '%'))}::text[])
        OR d.path LIKE ANY(${sql.param((prefixes ?? []).map((p) => p + '%'))}::text[]))`);
  return res.rows;
}

/** Open units with one of these names. */
export async function findUnitsByNames(db: Queryable, names: string[]) {
  if (names.length === 0) return [];
  const res = await db.execute<{ id: string; name: string; kind: string; path: string }>(sql`
    SELECT id, name, kind, path FROM org_units WHERE name = ANY(${sql.param(names)}::text[]) AND closed_at IS NULL`);
  return res.rows;
}

/** Per item, the last status change before `before` and the last progress note written before it (from the events). */
export async function statusesBefore(db: Queryable, itemIds: string[], before: Date) {
  if (itemIds.length === 0) return [];
  const res = await db.execute<{ itemId: string; status: string | null; note: string | null; changedLater: boolean }>(sql`
    SELECT i.id AS "itemId",
      (SELECT e.to_status FROM ledger_events e WHERE e.item_id = i.id AND e.at < ${before.toISOString()}::timestamptz AND e.to_status IS NOT NULL
        ORDER BY e.version DESC LIMIT 1) AS status,
      (SELECT coalesce(e.after->>'progressNote', e.note) FROM ledger_events e WHERE e.item_id = i.id AND e.at < ${before.toISOString()}::timestamptz
        AND (e.after ? 'progressNote' OR (e.kind = 'submitted' AND e.note IS NOT NULL))
        ORDER BY e.version DESC LIMIT 1) AS note,
      EXISTS (SELECT 1 FROM ledger_events e WHERE e.item_id = i.id AND e.at >= ${before.toISOString()}::timestamptz) AS "changedLater"
    FROM unnest(${sql.param(itemIds)}::uuid[]) AS i(id)`);
  return res.rows;
}
