import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../../db/connection';

export type TalkRow = {
  id: string;
  orgUnitId: string;
  orgUnitName: string;
  orgUnitPath: string;
  heldOn: string;
  place: string | null;
  kind: string;
  topics: string[];
  notesCipher: string | null;
  followUps: { kind: 'care' | 'focus_file' | 'ledger_item' | 'talk'; note: string; refId?: string }[];
  concernCategories: string[];
  version: number;
  updatedAt: string;
  participants: { personId: string; name: string; side: 'talker' | 'talkee' }[];
};

const SELECT = sql`
  SELECT t.id, t.org_unit_id AS "orgUnitId", o.name AS "orgUnitName", o.path AS "orgUnitPath", t.held_on AS "heldOn", t.place, t.kind,
         t.topics, t.notes_cipher AS "notesCipher", t.follow_ups AS "followUps", t.concern_categories AS "concernCategories",
         t.version, t.updated_at AS "updatedAt",
         COALESCE((SELECT json_agg(json_build_object('personId', tp.person_id, 'name', p.name, 'side', tp.side) ORDER BY tp.side, p.name)
                   FROM talk_participants tp JOIN people p ON p.id = tp.person_id WHERE tp.talk_id = t.id), '[]'::json) AS participants
  FROM talks t JOIN org_units o ON o.id = t.org_unit_id`;

export async function findTalk(db: Queryable, id: string, forUpdate = false): Promise<TalkRow | null> {
  const res = await db.execute<TalkRow>(sql`${SELECT} WHERE t.id = ${id}${forUpdate ? sql` FOR UPDATE OF t` : sql``}`);
  return res.rows[0] ?? null;
}

export type TalkFilter = {
  /** null: no restriction by unit. */
  unitIds: string[] | null;
  /** Only talks this person took part in (a caller without talks.coverage). */
  participantId?: string;
  subtreeIds?: string[];
  personId?: string;
  talkerPersonId?: string;
  from?: string;
  to?: string;
  kind?: string;
  concern?: string;
};

function whereOf(f: TalkFilter): SQL {
  const conds: SQL[] = [sql`TRUE`];
  if (f.unitIds) conds.push(sql`t.org_unit_id = ANY(${sql.param(f.unitIds)}::uuid[])`);
  if (f.subtreeIds) conds.push(sql`t.org_unit_id = ANY(${sql.param(f.subtreeIds)}::uuid[])`);
  if (f.participantId) conds.push(sql`EXISTS (SELECT 1 FROM talk_participants x WHERE x.talk_id = t.id AND x.person_id = ${f.participantId})`);
  if (f.personId) conds.push(sql`EXISTS (SELECT 1 FROM talk_participants x WHERE x.talk_id = t.id AND x.person_id = ${f.personId} AND x.side = 'talkee')`);
  if (f.talkerPersonId) conds.push(sql`EXISTS (SELECT 1 FROM talk_participants x WHERE x.talk_id = t.id AND x.person_id = ${f.talkerPersonId} AND x.side = 'talker')`);
  if (f.from) conds.push(sql`t.held_on >= ${f.from}`);
  if (f.to) conds.push(sql`t.held_on <= ${f.to}`);
  if (f.kind) conds.push(sql`t.kind = ${f.kind}`);
  if (f.concern) conds.push(sql`t.concern_categories ? ${f.concern}`);
  return sql.join(conds, sql` AND `);
}

export async function listTalks(db: Queryable, f: TalkFilter, page: { page: number; pageSize: number }) {
  const where = whereOf(f);
  const [items, count] = await Promise.all([
    db.execute<TalkRow>(sql`${SELECT} WHERE ${where} ORDER BY t.held_on DESC, t.id LIMIT ${page.pageSize} OFFSET ${(page.page - 1) * page.pageSize}`),
    db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM talks t WHERE ${where}`),
  ]);
  return { items: items.rows, total: count.rows[0]?.n ?? 0 };
}

export type PersonUnitRow = { id: string; name: string; branchId: string | null; departmentId: string | null; status: string; branchPath: string | null; departmentPath: string | null };

export async function findPeopleUnits(db: Queryable, ids: string[]): Promise<PersonUnitRow[]> {
  if (ids.length === 0) return [];
  const res = await db.execute<PersonUnitRow>(sql`
    SELECT p.id, p.name, p.branch_id AS "branchId", p.department_id AS "departmentId", p.status, b.path AS "branchPath", d.path AS "departmentPath"
    FROM people p LEFT JOIN org_units b ON b.id = p.branch_id LEFT JOIN org_units d ON d.id = p.department_id
    WHERE p.id = ANY(${sql.param(ids)}::uuid[])`);
  return res.rows;
}

export type TalkRuleRow = { orgUnitId: string; code: string; name: string; talkerRole: string; population: string; cadence: string; enabled: boolean; version: number };

/** The rules of the nearest unit on `path` (itself first) that has any. */
export async function findEffectiveRules(db: Queryable, path: string): Promise<TalkRuleRow[]> {
  const ids = path.split('/').filter(Boolean);
  const res = await db.execute<TalkRuleRow & { depth: number }>(sql`
    SELECT r.org_unit_id AS "orgUnitId", r.code, r.name, r.talker_role AS "talkerRole", r.population, r.cadence, r.enabled, r.version,
           array_position(${sql.param(ids)}::uuid[], r.org_unit_id) AS depth
    FROM talk_rules r WHERE r.org_unit_id = ANY(${sql.param(ids)}::uuid[])
    ORDER BY depth DESC, r.sort_order, r.code`);
  const deepest = res.rows[0]?.depth;
  return res.rows.filter((r) => r.depth === deepest);
}
