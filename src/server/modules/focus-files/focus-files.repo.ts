import { sql } from 'drizzle-orm';
import type { Queryable } from '../../../db/connection';

export type FocusFileRow = {
  id: string;
  personId: string;
  personName: string;
  orgUnitId: string;
  orgUnitName: string;
  unitPath: string;
  reasonCategory: string;
  reasonCipher: string | null;
  planCipher: string | null;
  keyId: string | null;
  ownerPersonId: string;
  ownerName: string;
  reviewEveryMonths: number;
  nextReviewOn: string;
  openedOn: string;
  closedOn: string | null;
  closeReason: string | null;
  linkedTalkIds: string[];
  version: number;
  updatedAt: string;
};

const SELECT = sql`
  SELECT f.id, f.person_id AS "personId", p.name AS "personName", f.org_unit_id AS "orgUnitId", o.name AS "orgUnitName",
         o.path AS "unitPath", f.reason_category AS "reasonCategory", f.reason_cipher AS "reasonCipher", f.plan_cipher AS "planCipher",
         f.key_id AS "keyId", f.owner_person_id AS "ownerPersonId", op.name AS "ownerName", f.review_every_months AS "reviewEveryMonths",
         f.next_review_on AS "nextReviewOn", f.opened_on AS "openedOn", f.closed_on AS "closedOn", f.close_reason AS "closeReason",
         f.linked_talk_ids AS "linkedTalkIds", f.version, f.updated_at AS "updatedAt"
  FROM focus_files f
  JOIN people p ON p.id = f.person_id
  JOIN people op ON op.id = f.owner_person_id
  JOIN org_units o ON o.id = f.org_unit_id`;

export async function findFocusFile(db: Queryable, id: string, lock = false): Promise<FocusFileRow | null> {
  if (lock) await db.execute(sql`SELECT 1 FROM focus_files WHERE id = ${id} FOR UPDATE`);
  const res = await db.execute<FocusFileRow>(sql`${SELECT} WHERE f.id = ${id}`);
  return res.rows[0] ?? null;
}

export type FocusFilter = {
  /** The caller's person: files they own are visible, files about them never. */
  selfPersonId: string | null;
  prefixes: string[];
  status: 'open' | 'closed' | 'all';
  subtreePrefix?: string;
  personId?: string;
  reviewOverdue?: boolean;
  today: string;
};

function where(f: FocusFilter) {
  const like = sql.param(f.prefixes.map((p) => p + '%'));
  const parts = [
    sql`(f.owner_person_id = ${f.selfPersonId} OR o.path LIKE ANY(${like}::text[]))`,
    sql`f.person_id IS DISTINCT FROM ${f.selfPersonId}`,
  ];
  if (f.status === 'open') parts.push(sql`f.closed_on IS NULL`);
  if (f.status === 'closed') parts.push(sql`f.closed_on IS NOT NULL`);
  if (f.subtreePrefix) parts.push(sql`o.path LIKE ${f.subtreePrefix + '%'}`);
  if (f.personId) parts.push(sql`f.person_id = ${f.personId}`);
  if (f.reviewOverdue === true) parts.push(sql`(f.closed_on IS NULL AND f.next_review_on < ${f.today})`);
  if (f.reviewOverdue === false) parts.push(sql`NOT (f.closed_on IS NULL AND f.next_review_on < ${f.today})`);
  return sql.join(parts, sql` AND `);
}

export async function listFocusFiles(db: Queryable, f: FocusFilter, page: { page: number; pageSize: number }) {
  const w = where(f);
  const res = await db.execute<FocusFileRow>(sql`${SELECT} WHERE ${w}
    ORDER BY (f.closed_on IS NULL) DESC, f.next_review_on, f.id LIMIT ${page.pageSize} OFFSET ${(page.page - 1) * page.pageSize}`);
  const total = await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM focus_files f JOIN org_units o ON o.id = f.org_unit_id WHERE ${w}`);
  return { items: res.rows, total: total.rows[0]!.n };
}

export async function insertFocusFile(
  db: Queryable,
  row: {
    id: string; personId: string; orgUnitId: string; reasonCategory: string; reasonCipher: string; planCipher: string; keyId: string;
    ownerPersonId: string; reviewEveryMonths: number; nextReviewOn: string; openedOn: string; createdBy: string;
  },
) {
  await db.execute(sql`
    INSERT INTO focus_files (id, person_id, org_unit_id, reason_category, reason_cipher, plan_cipher, key_id, owner_person_id,
                             review_every_months, next_review_on, opened_on, created_by)
    VALUES (${row.id}, ${row.personId}, ${row.orgUnitId}, ${row.reasonCategory}, ${row.reasonCipher}, ${row.planCipher}, ${row.keyId},
            ${row.ownerPersonId}, ${row.reviewEveryMonths}, ${row.nextReviewOn}, ${row.openedOn}, ${row.createdBy})`);
}

export type FocusPatch = Partial<{
  reasonCategory: string; reasonCipher: string; planCipher: string; keyId: string; ownerPersonId: string; reviewEveryMonths: number;
  nextReviewOn: string; closedOn: string; closeReason: string; linkedTalkIds: string[];
}>;

const COLUMN: Record<keyof FocusPatch, string> = {
  reasonCategory: 'reason_category', reasonCipher: 'reason_cipher', planCipher: 'plan_cipher', keyId: 'key_id',
  ownerPersonId: 'owner_person_id', reviewEveryMonths: 'review_every_months', nextReviewOn: 'next_review_on',
  closedOn: 'closed_on', closeReason: 'close_reason', linkedTalkIds: 'linked_talk_ids',
};

/** Writes the fields and bumps the version if the row still has `version` (any version when null). */
export async function updateFocusFile(db: Queryable, id: string, version: number | null, patch: FocusPatch): Promise<boolean> {
  const sets = [sql`version = version + 1`, sql`updated_at = now()`];
  for (const [k, v] of Object.entries(patch) as [keyof FocusPatch, unknown][]) {
    if (v === undefined) continue;
    sets.push(k === 'linkedTalkIds' ? sql`${sql.raw(COLUMN[k])} = ${JSON.stringify(v)}::jsonb` : sql`${sql.raw(COLUMN[k])} = ${v}`);
  }
  const res = await db.execute(sql`UPDATE focus_files SET ${sql.join(sets, sql`, `)} WHERE id = ${id} AND (${version}::int IS NULL OR version = ${version})`);
  return (res.rowCount ?? 0) > 0;
}

export type EntryRow = { id: string; kind: string; on: string; contentCipher: string | null; byName: string | null; createdAt: string };

export async function entriesOf(db: Queryable, fileId: string): Promise<EntryRow[]> {
  const res = await db.execute<EntryRow>(sql`
    SELECT id, kind, "on", content_cipher AS "contentCipher", by_name AS "byName", created_at AS "createdAt"
    FROM focus_file_entries WHERE file_id = ${fileId} ORDER BY "on" DESC, created_at DESC`);
  return res.rows;
}

export async function insertEntry(db: Queryable, row: { id: string; fileId: string; kind: string; on: string; contentCipher: string; keyId: string; byUserId: string; byName: string }) {
  await db.execute(sql`
    INSERT INTO focus_file_entries (id, file_id, kind, "on", content_cipher, key_id, by_user_id, by_name)
    VALUES (${row.id}, ${row.fileId}, ${row.kind}, ${row.on}, ${row.contentCipher}, ${row.keyId}, ${row.byUserId}, ${row.byName})`);
}

export type ContactRow = { id: string; name: string; relation: string; phoneCipher: string | null; note: string | null };

export async function contactsOf(db: Queryable, fileId: string): Promise<ContactRow[]> {
  const res = await db.execute<ContactRow>(sql`
    SELECT id, name, relation, phone_cipher AS "phoneCipher", note FROM family_contacts WHERE file_id = ${fileId} ORDER BY created_at, id`);
  return res.rows;
}

export async function insertContact(db: Queryable, row: { id: string; fileId: string; name: string; relation: string; phoneCipher: string | null; keyId: string | null; note: string | null }) {
  await db.execute(sql`
    INSERT INTO family_contacts (id, file_id, name, relation, phone_cipher, key_id, note)
    VALUES (${row.id}, ${row.fileId}, ${row.name}, ${row.relation}, ${row.phoneCipher}, ${row.keyId}, ${row.note})`);
}

export async function deleteContact(db: Queryable, fileId: string, contactId: string): Promise<ContactRow | null> {
  const res = await db.execute<ContactRow>(sql`
    DELETE FROM family_contacts WHERE id = ${contactId} AND file_id = ${fileId}
    RETURNING id, name, relation, phone_cipher AS "phoneCipher", note`);
  return res.rows[0] ?? null;
}

export async function talksByIds(db: Queryable, ids: string[]) {
  if (ids.length === 0) return [];
  const res = await db.execute<{ id: string; heldOn: string; kind: string; concernCategories: string[] }>(sql`
    SELECT id, held_on AS "heldOn", kind, concern_categories AS "concernCategories" FROM talks
    WHERE id = ANY(${sql.param(ids)}::uuid[]) ORDER BY held_on DESC`);
  return res.rows;
}

export async function isTalkee(db: Queryable, talkId: string, personId: string): Promise<boolean | null> {
  const talk = await db.execute<{ id: string }>(sql`SELECT id FROM talks WHERE id = ${talkId}`);
  if (!talk.rows[0]) return null;
  const res = await db.execute<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM talk_participants WHERE talk_id = ${talkId} AND person_id = ${personId} AND side = 'talkee'`);
  return res.rows[0]!.n > 0;
}

export async function personFacts(db: Queryable, id: string) {
  const res = await db.execute<{ id: string; name: string; status: string; unitId: string | null; unitPath: string | null }>(sql`
    SELECT p.id, p.name, p.status, COALESCE(p.branch_id, p.department_id) AS "unitId", COALESCE(b.path, d.path) AS "unitPath"
    FROM people p LEFT JOIN org_units b ON b.id = p.branch_id LEFT JOIN org_units d ON d.id = p.department_id
    WHERE p.id = ${id}`);
  return res.rows[0] ?? null;
}
