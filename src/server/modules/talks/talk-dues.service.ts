import { and, eq, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/connection';
import { talkDues } from '../../../db/schema';
import type { TalkDue } from '../../../contracts/talks';
import { assignTriggeredTalk, dueDate, isTalkDueOverdue, type TalkTrigger } from '../../../domain/talks/triggers';
import { isHeadPost } from '../../../domain/talks/policy';
import { AppError } from '../../../domain/shared/app-error';
import { assertInScope, hasPermission, inScope, scopeOf } from '../../lib/access';
import { appendAuditIn } from '../../lib/audit';
import type { Actor } from '../../lib/context';

const today = () => new Date().toISOString().slice(0, 10);

type DueRow = {
  id: string; personId: string; personName: string; orgUnitId: string; trigger: string; reason: string | null; raisedOn: string; dueOn: string;
  talkerPersonId: string | null; talkerName: string | null; talkId: string | null; status: string; version: number;
};

export const DUE_SELECT = sql`
  SELECT d.id, d.person_id AS "personId", p.name AS "personName", d.org_unit_id AS "orgUnitId", d.trigger, d.reason, d.raised_on AS "raisedOn",
         d.due_on AS "dueOn", d.talker_person_id AS "talkerPersonId", tp.name AS "talkerName", d.talk_id AS "talkId", d.status, d.version
  FROM talk_dues d JOIN people p ON p.id = d.person_id LEFT JOIN people tp ON tp.id = d.talker_person_id`;

export function presentDue(r: DueRow, asOf = today()): TalkDue {
  return { ...r, trigger: r.trigger as TalkDue['trigger'], status: r.status as TalkDue['status'], overdue: isTalkDueOverdue(r, asOf) };
}

/** The people the rules could assign a triggered talk about `personId` to. */
async function assigneeCandidates(db: Queryable, personId: string) {
  const res = await db.execute<{ branchId: string | null; departmentId: string | null; branchPath: string | null; departmentPath: string | null; gridLeaderId: string | null }>(sql`
    SELECT p.branch_id AS "branchId", p.department_id AS "departmentId", b.path AS "branchPath", d.path AS "departmentPath",
           (SELECT g.leader_person_id FROM grid_members gm JOIN grids g ON g.id = gm.grid_id
             WHERE gm.person_id = p.id AND gm.left_on IS NULL AND g.closed_at IS NULL ORDER BY gm.joined_on DESC LIMIT 1) AS "gridLeaderId"
    FROM people p LEFT JOIN org_units b ON b.id = p.branch_id LEFT JOIN org_units d ON d.id = p.department_id WHERE p.id = ${personId}`);
  const p = res.rows[0];
  if (!p) throw new AppError('NOT_FOUND', { entity: 'person', id: personId });
  // Secretaries on the chain of units above the person's branch: the nearest branch's and the general branch's.
  const chain = [...new Set([...(p.branchPath ?? '').split('/'), ...(p.departmentPath ?? '').split('/')].filter(Boolean))];
  const secs = chain.length
    ? (await db.execute<{ personId: string; kind: string; depth: number }>(sql`
        SELECT l.person_id AS "personId", o.kind, length(o.path) AS depth FROM leaders l JOIN org_units o ON o.id = l.org_unit_id
        WHERE l.party_post = 'secretary' AND l.org_unit_id = ANY(${sql.param(chain)}::uuid[]) ORDER BY depth DESC`)).rows
    : [];
  const head = p.departmentId
    ? (await db.execute<{ id: string; post: string | null }>(sql`SELECT id, post FROM people WHERE department_id = ${p.departmentId} AND status = 'active' AND id <> ${personId}`)).rows.find((r) => isHeadPost(r.post))?.id ?? null
    : null;
  return {
    unit: { orgUnitId: p.branchId ?? p.departmentId, paths: [p.branchPath, p.departmentPath] },
    candidates: {
      gridLeaderId: p.gridLeaderId,
      branchSecretaryId: secs.find((s) => s.kind === 'branch')?.personId ?? null,
      unitHeadId: head,
      generalBranchSecretaryId: secs.find((s) => s.kind === 'general_branch')?.personId ?? null,
    },
  };
}

export type RaiseTalkDueInput = { personId: string; trigger: TalkTrigger; reason?: string | null; dueInDays?: number; raisedOn?: string };

/**
 * Raises a triggered talk (六必谈) for other modules to call, inside their transaction. An open due of the same
 * trigger for the person is returned instead of a second one. No access check: callers check their own.
 */
export async function raiseTalkDue(db: Queryable, actor: Actor | null, input: RaiseTalkDueInput): Promise<TalkDue> {
  const existing = await db.execute<DueRow>(sql`${DUE_SELECT} WHERE d.person_id = ${input.personId} AND d.trigger = ${input.trigger} AND d.status = 'open' LIMIT 1`);
  if (existing.rows[0]) return presentDue(existing.rows[0]);
  const { unit, candidates } = await assigneeCandidates(db, input.personId);
  if (!unit.orgUnitId) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'personId', message: '该人员未分配支部或科室' }] }, '该人员未分配支部或科室');
  const raisedOn = input.raisedOn ?? today();
  const [row] = await db.insert(talkDues).values({
    personId: input.personId, orgUnitId: unit.orgUnitId, trigger: input.trigger, reason: input.reason ?? null, raisedOn,
    dueOn: dueDate(raisedOn, input.dueInDays), talkerPersonId: assignTriggeredTalk(input.trigger, input.personId, candidates), createdBy: actor?.userId ?? null,
  }).returning({ id: talkDues.id });
  await appendAuditIn(db, actor, [{ action: 'talk_due.create', entityType: 'talk_due', entityId: row!.id, orgUnitId: unit.orgUnitId, after: { personId: input.personId, trigger: input.trigger, reason: input.reason ?? null } }]);
  const res = await db.execute<DueRow>(sql`${DUE_SELECT} WHERE d.id = ${row!.id}`);
  return presentDue(res.rows[0]!);
}

/** POST /talk-dues: needs talks.record or talks.policy over the person. */
export async function createTalkDue(db: Db, actor: Actor, input: RaiseTalkDueInput): Promise<TalkDue> {
  return db.transaction(async (tx) => {
    const res = await tx.execute<{ branchPath: string | null; departmentPath: string | null }>(sql`
      SELECT b.path AS "branchPath", d.path AS "departmentPath" FROM people p LEFT JOIN org_units b ON b.id = p.branch_id
      LEFT JOIN org_units d ON d.id = p.department_id WHERE p.id = ${input.personId}`);
    const p = res.rows[0];
    if (!p) throw new AppError('NOT_FOUND', { entity: 'person', id: input.personId });
    const paths = [p.branchPath, p.departmentPath];
    const ok = (['talks.record', 'talks.policy'] as const).some((perm) => hasPermission(actor, perm) && paths.some((x) => inScope(scopeOf(actor, perm), x)));
    if (!ok) assertInScope(actor, 'talks.record', paths);
    return raiseTalkDue(tx, actor, input);
  });
}

/** A triggered talk closes the given due, or the oldest open due of each talkee. Returns the closed ids. */
export async function closeDuesForTalk(tx: Queryable, actor: Actor, t: { talkId: string; talkeeIds: string[]; talkDueId?: string }): Promise<string[]> {
  let ids: string[];
  if (t.talkDueId) {
    const [d] = await tx.select().from(talkDues).where(eq(talkDues.id, t.talkDueId));
    if (!d || !t.talkeeIds.includes(d.personId)) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'talkDueId', message: '该待谈话事项与谈话对象不符' }] }, '该待谈话事项与谈话对象不符');
    if (d.status !== 'open') throw new AppError('VERSION_CONFLICT', { current: { id: d.id, status: d.status } }, '该待谈话事项已关闭');
    ids = [d.id];
  } else {
    const res = await tx.execute<{ id: string }>(sql`
      SELECT DISTINCT ON (person_id) id FROM talk_dues WHERE person_id = ANY(${sql.param(t.talkeeIds)}::uuid[]) AND status = 'open'
      ORDER BY person_id, due_on, id`);
    ids = res.rows.map((r) => r.id);
  }
  for (const id of ids) {
    await tx.update(talkDues).set({ status: 'done', talkId: t.talkId, version: sql`${talkDues.version} + 1`, updatedAt: new Date() }).where(and(eq(talkDues.id, id), eq(talkDues.status, 'open')));
  }
  if (ids.length) await appendAuditIn(tx, actor, ids.map((id) => ({ action: 'talk_due.done', entityType: 'talk_due', entityId: id, after: { talkId: t.talkId } })));
  return ids;
}

/** Open triggered talks assigned to a person. */
export async function openDuesFor(db: Queryable, talkerPersonId: string, asOf = today()): Promise<TalkDue[]> {
  const res = await db.execute<DueRow>(sql`${DUE_SELECT} WHERE d.talker_person_id = ${talkerPersonId} AND d.status = 'open' ORDER BY d.due_on, d.id`);
  return res.rows.map((r) => presentDue(r, asOf));
}
