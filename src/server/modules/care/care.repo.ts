import { sql } from 'drizzle-orm';
import type { Queryable } from '../../../db/connection';

export type CareRow = {
  id: string;
  personId: string;
  personName: string;
  orgUnitId: string;
  orgUnitName: string;
  unitPath: string;
  kind: string;
  description: string;
  amountYuan: number | null;
  givenByPersonId: string | null;
  givenByName: string | null;
  givenOn: string;
  followUpOn: string | null;
  talkId: string | null;
  focusFileId: string | null;
  version: number;
  updatedAt: string;
};

const SELECT = sql`
  SELECT c.id, c.person_id AS "personId", p.name AS "personName", c.org_unit_id AS "orgUnitId", o.name AS "orgUnitName",
         o.path AS "unitPath", c.kind, c.description, c.amount_yuan AS "amountYuan", c.given_by_person_id AS "givenByPersonId",
         g.name AS "givenByName", c.given_on AS "givenOn", c.follow_up_on AS "followUpOn", c.talk_id AS "talkId",
         c.focus_file_id AS "focusFileId", c.version, c.updated_at AS "updatedAt"
  FROM care_records c
  JOIN people p ON p.id = c.person_id
  JOIN org_units o ON o.id = c.org_unit_id
  LEFT JOIN people g ON g.id = c.given_by_person_id`;

export async function findCare(db: Queryable, id: string, lock = false): Promise<CareRow | null> {
  if (lock) await db.execute(sql`SELECT 1 FROM care_records WHERE id = ${id} FOR UPDATE`);
  const res = await db.execute<CareRow>(sql`${SELECT} WHERE c.id = ${id}`);
  return res.rows[0] ?? null;
}

export type CareFilter = {
  /** Unit path prefixes the caller may read; null: everywhere. */
  prefixes: string[] | null;
  subtreePrefix?: string;
  personId?: string;
  kind?: string;
  /** With `today`: follow-up date on or before today. */
  followUpDue?: boolean;
  today: string;
};

function where(f: CareFilter) {
  const parts = [sql`TRUE`];
  if (f.prefixes) parts.push(sql`o.path LIKE ANY(${sql.param(f.prefixes.map((p) => p + '%'))}::text[])`);
  if (f.subtreePrefix) parts.push(sql`o.path LIKE ${f.subtreePrefix + '%'}`);
  if (f.personId) parts.push(sql`c.person_id = ${f.personId}`);
  if (f.kind) parts.push(sql`c.kind = ${f.kind}`);
  if (f.followUpDue === true) parts.push(sql`c.follow_up_on <= ${f.today}`);
  if (f.followUpDue === false) parts.push(sql`(c.follow_up_on IS NULL OR c.follow_up_on > ${f.today})`);
  return sql.join(parts, sql` AND `);
}

export async function listCare(db: Queryable, f: CareFilter, page: { page: number; pageSize: number }) {
  const w = where(f);
  const order = f.followUpDue ? sql`c.follow_up_on, c.id` : sql`c.given_on DESC, c.created_at DESC, c.id`;
  const res = await db.execute<CareRow>(sql`${SELECT} WHERE ${w} ORDER BY ${order} LIMIT ${page.pageSize} OFFSET ${(page.page - 1) * page.pageSize}`);
  const total = await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM care_records c JOIN org_units o ON o.id = c.org_unit_id WHERE ${w}`);
  return { items: res.rows, total: total.rows[0]!.n };
}

export async function insertCare(
  db: Queryable,
  row: {
    personId: string; orgUnitId: string; kind: string; description: string; amountYuan: number | null; givenByPersonId: string;
    givenOn: string; followUpOn: string | null; talkId: string | null; focusFileId: string | null; createdBy: string;
  },
): Promise<string> {
  const res = await db.execute<{ id: string }>(sql`
    INSERT INTO care_records (person_id, org_unit_id, kind, description, amount_yuan, given_by_person_id, given_on, follow_up_on,
                              talk_id, focus_file_id, created_by)
    VALUES (${row.personId}, ${row.orgUnitId}, ${row.kind}, ${row.description}, ${row.amountYuan}, ${row.givenByPersonId}, ${row.givenOn},
            ${row.followUpOn}, ${row.talkId}, ${row.focusFileId}, ${row.createdBy})
    RETURNING id`);
  return res.rows[0]!.id;
}

export type CarePatch = Partial<{ kind: string; description: string; amountYuan: number | null; givenByPersonId: string; givenOn: string; followUpOn: string | null }>;
const COLUMN: Record<keyof CarePatch, string> = {
  kind: 'kind', description: 'description', amountYuan: 'amount_yuan', givenByPersonId: 'given_by_person_id', givenOn: 'given_on', followUpOn: 'follow_up_on',
};

export async function updateCare(db: Queryable, id: string, version: number, patch: CarePatch): Promise<boolean> {
  const sets = [sql`version = version + 1`, sql`updated_at = now()`];
  for (const [k, v] of Object.entries(patch) as [keyof CarePatch, unknown][]) {
    if (v !== undefined) sets.push(sql`${sql.raw(COLUMN[k])} = ${v}`);
  }
  const res = await db.execute(sql`UPDATE care_records SET ${sql.join(sets, sql`, `)} WHERE id = ${id} AND version = ${version}`);
  return (res.rowCount ?? 0) > 0;
}
