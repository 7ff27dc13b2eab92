import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../../db/connection';
import { people } from '../../../db/schema';
import type { PeopleQuery } from '../../../contracts/people';

export type PersonRow = typeof people.$inferSelect & { departmentName: string | null; branchName: string | null };
export type PersonInsert = typeof people.$inferInsert;

const SORT_COLUMNS: Record<PeopleQuery['sort'], SQL> = {
  name: sql`p.name_pinyin`,
  birthDate: sql`p.birth_date`,
  postSince: sql`p.post_since`,
  serviceStartedOn: sql`p.service_started_on`,
  updatedAt: sql`p.updated_at`,
};

const SELECT = sql`
  SELECT p.id, p.name, p.name_pinyin AS "namePinyin", p.name_initials AS "nameInitials", p.gender, p.ethnicity,
         p.birth_date AS "birthDate", p.native_place AS "nativePlace", p.education, p.party_status AS "partyStatus",
         p.party_joined_on AS "partyJoinedOn", p.party_confirmed_on AS "partyConfirmedOn",
         p.work_started_on AS "workStartedOn", p.service_started_on AS "serviceStartedOn", p.post, p.rank,
         p.post_since AS "postSince", p.department_id AS "departmentId", d.name AS "departmentName",
         p.branch_id AS "branchId", b.name AS "branchName", p.status, p.transferred_in_on AS "transferredInOn",
         p.transferred_out_on AS "transferredOutOn", p.phone, p.national_id AS "nationalId", p.version,
         p.created_at AS "createdAt", p.updated_at AS "updatedAt"
  FROM people p
  LEFT JOIN org_units d ON d.id = p.department_id
  LEFT JOIN org_units b ON b.id = p.branch_id`;

export type PeopleFilter = Omit<PeopleQuery, 'page' | 'pageSize' | 'sort' | 'order'> & {
  /** null: unrestricted; otherwise the person's branch or department must be one of these units. */
  unitIds: string[] | null;
  onlyPersonId?: string;
  /** Units under the filter's orgUnitId, resolved by the caller. */
  subtreeIds?: string[];
};

function where(f: PeopleFilter): SQL {
  const parts: SQL[] = [sql`TRUE`];
  if (f.onlyPersonId) parts.push(sql`p.id = ${f.onlyPersonId}`);
  if (f.unitIds) parts.push(sql`(p.branch_id = ANY(${sql.param(f.unitIds)}::uuid[]) OR p.department_id = ANY(${sql.param(f.unitIds)}::uuid[]))`);
  if (f.subtreeIds) parts.push(sql`(p.branch_id = ANY(${sql.param(f.subtreeIds)}::uuid[]) OR p.department_id = ANY(${sql.param(f.subtreeIds)}::uuid[]))`);
  if (f.status) parts.push(sql`p.status = ${f.status}`);
  if (f.partyStatus) parts.push(sql`p.party_status = ${f.partyStatus}`);
  if (f.gender) parts.push(sql`p.gender = ${f.gender}`);
  if (f.q) {
    const q = f.q.replace(/[\\%_]/g, (c) => '\\' + c);
    const lower = q.toLowerCase().replace(/\s+/g, '');
    parts.push(/^[a-z]+$/.test(lower)
      ? sql`(p.name_initials LIKE ${lower + '%'} OR p.name_pinyin LIKE ${lower + '%'})`
      : sql`(p.name LIKE ${'%' + q + '%'} OR p.post LIKE ${'%' + q + '%'})`);
  }
  return sql.join(parts, sql` AND `);
}

export async function listPeople(db: Queryable, f: PeopleFilter, page: { page: number; pageSize: number; sort: PeopleQuery['sort']; order: 'asc' | 'desc' }) {
  const w = where(f);
  const dir = page.order === 'desc' ? sql`DESC` : sql`ASC`;
  const [items, count] = await Promise.all([
    db.execute<PersonRow>(sql`${SELECT} WHERE ${w}
      ORDER BY ${SORT_COLUMNS[page.sort]} ${dir} NULLS LAST, p.id
      LIMIT ${page.pageSize} OFFSET ${(page.page - 1) * page.pageSize}`),
    db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM people p WHERE ${w}`),
  ]);
  return { items: items.rows, total: count.rows[0]!.n };
}

/** All matching rows, in batches, for export. */
export async function* iteratePeople(db: Queryable, f: PeopleFilter, batch = 2000) {
  let offset = 0;
  for (;;) {
    const res = await db.execute<PersonRow>(sql`${SELECT} WHERE ${where(f)} ORDER BY p.name_pinyin, p.id LIMIT ${batch} OFFSET ${offset}`);
    yield* res.rows;
    if (res.rows.length < batch) return;
    offset += batch;
  }
}

export async function findPerson(db: Queryable, id: string, forUpdate = false): Promise<PersonRow | null> {
  const res = await db.execute<PersonRow>(sql`${SELECT} WHERE p.id = ${id} ${forUpdate ? sql`FOR UPDATE OF p` : sql``}`);
  return res.rows[0] ?? null;
}

export async function insertPeople(db: Queryable, rows: PersonInsert[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const out: string[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const r = await db.insert(people).values(rows.slice(i, i + 500)).returning({ id: people.id });
    out.push(...r.map((x) => x.id));
  }
  return out;
}

export async function updatePerson(db: Queryable, id: string, version: number, patch: Partial<PersonInsert>) {
  const r = await db
    .update(people)
    .set({ ...patch, version: sql`${people.version} + 1`, updatedAt: new Date() })
    .where(and(eq(people.id, id), eq(people.version, version)))
    .returning({ id: people.id });
  return r.length > 0;
}

export async function findByNationalIds(db: Queryable, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const res = await db.execute<{ id: string; nationalId: string }>(
    sql`SELECT id, national_id AS "nationalId" FROM people WHERE national_id = ANY(${sql.param(ids)}::text[])`,
  );
  return new Map(res.rows.map((r) => [r.nationalId, r.id]));
}
