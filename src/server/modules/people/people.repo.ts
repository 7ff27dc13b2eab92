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

const COLUMNS = sql`
  SELECT p.id, p.name, p.name_pinyin AS "namePinyin", p.name_initials AS "nameInitials", p.gender, p.ethnicity,
         p.birth_date AS "birthDate", p.native_place AS "nativePlace", p.education, p.party_status AS "partyStatus",
         p.party_joined_on AS "partyJoinedOn", p.party_confirmed_on AS "partyConfirmedOn",
         p.work_started_on AS "workStartedOn", p.service_started_on AS "serviceStartedOn", p.post, p.rank,
         p.post_since AS "postSince", p.department_id AS "departmentId", d.name AS "departmentName",
         p.branch_id AS "branchId", b.name AS "branchName", p.status, p.transferred_in_on AS "transferredInOn",
         p.transferred_out_on AS "transferredOutOn", p.phone, p.national_id AS "nationalId", p.version,
         p.created_at AS "createdAt", p.updated_at AS "updatedAt"`;
const JOINS = sql`
  LEFT JOIN org_units d ON d.id = p.department_id
  LEFT JOIN org_units b ON b.id = p.branch_id`;
const SELECT = sql`${COLUMNS} FROM people p ${JOINS}`;

/** Scopes up to this many units (a county) hold few people: sorting them beats walking the name index. */
const SMALL_SCOPE_UNITS = 50;
const COUNT_TTL_MS = 10_000;
const counts = new Map<string, { n: number; at: number }>();

/** Totals are kept for a few seconds; every write to people through this module drops them. */
export function invalidatePeopleCounts() {
  counts.clear();
}

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
      : sql`(string_to_array(p.name || coalesce(p.post, ''), NULL) @> string_to_array(${f.q}, NULL)
             AND (p.name LIKE ${'%' + q + '%'} OR p.post LIKE ${'%' + q + '%'}))`);
  }
  return sql.join(parts, sql` AND `);
}

export async function listPeople(db: Queryable, f: PeopleFilter, page: { page: number; pageSize: number; sort: PeopleQuery['sort']; order: 'asc' | 'desc' }) {
  const w = where(f);
  const dir = page.order === 'desc' ? sql`DESC` : sql`ASC`;
  const key = SORT_COLUMNS[page.sort];
  const limit = sql`LIMIT ${page.pageSize} OFFSET ${(page.page - 1) * page.pageSize}`;
  // A name search or a small scope matches few rows, which may all sit at one end of the name order: collect their
  // ids and sort keys first (OFFSET 0 keeps the planner from walking the name index and filtering), sort those, and
  // join the unit names for the page only. The whole list, or a large scope, reads the page off the name index.
  const scopeUnits = Math.min(f.unitIds?.length ?? Infinity, f.subtreeIds?.length ?? Infinity);
  const few = Boolean(f.q) || scopeUnits <= SMALL_SCOPE_UNITS;
  const query = few
    ? sql`${COLUMNS} FROM (
          SELECT m.id FROM (SELECT p.id, ${key} AS k FROM people p WHERE ${w} OFFSET 0) m
          ORDER BY m.k ${dir} NULLS LAST, m.id ${limit}) pg
        JOIN people p ON p.id = pg.id ${JOINS}
        ORDER BY ${key} ${dir} NULLS LAST, p.id`
    : sql`${SELECT} WHERE ${w} ORDER BY ${key} ${dir} NULLS LAST, p.id ${limit}`;
  const items = (await db.execute<PersonRow>(query)).rows;
  // A first page that is not full is the whole answer.
  if (page.page === 1 && items.length < page.pageSize) return { items, total: items.length };
  const cacheKey = JSON.stringify(f);
  const hit = counts.get(cacheKey);
  if (hit && Date.now() - hit.at < COUNT_TTL_MS) return { items, total: hit.n };
  const n = (await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM people p WHERE ${w}`)).rows[0]!.n;
  if (counts.size >= 5000) counts.clear();
  counts.set(cacheKey, { n, at: Date.now() });
  return { items, total: n };
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
  invalidatePeopleCounts();
  return out;
}

export async function updatePerson(db: Queryable, id: string, version: number, patch: Partial<PersonInsert>) {
  const r = await db
    .update(people)
    .set({ ...patch, version: sql`${people.version} + 1`, updatedAt: new Date() })
    .where(and(eq(people.id, id), eq(people.version, version)))
    .returning({ id: people.id });
  invalidatePeopleCounts();
  return r.length > 0;
}

export async function findByNationalIds(db: Queryable, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const res = await db.execute<{ id: string; nationalId: string }>(
    sql`SELECT id, national_id AS "nationalId" FROM people WHERE national_id = ANY(${sql.param(ids)}::text[])`,
  );
  return new Map(res.rows.map((r) => [r.nationalId, r.id]));
}
