import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../../db/connection';
import { talkConcerns, talkParticipants, talkRules, talks } from '../../../db/schema';
import type { Talk, TalkCreate, TalkListItem, TalkUpdate, TalksQuery } from '../../../contracts/talks';
import type { z } from 'zod';
import type { ZTalkRule, ZTalkRulesPut } from '../../../contracts/talks';
import { DEFAULT_TALK_RULES, isValidRule } from '../../../domain/talks/policy';
import { AppError } from '../../../domain/shared/app-error';
import { assertInScope, assertPermission, hasPermission, scopeOf, unitIdsInScope } from '../../lib/access';
import { appendAudit, appendAuditIn } from '../../lib/audit';
import type { Actor } from '../../lib/context';
import type { SecretBox } from '../../lib/secret-box';
import { findUnit } from '../org-units/org-units.repo';
import { assertTalkReadable, canEditTalk, isSecretaryAbove, talkAccessOf, type TalkAccess } from './talks.access';
import * as repo from './talks.repo';
import { closeDuesForTalk } from './talk-dues.service';

export const notesAad = (id: string) => `talks:${id}:notes_cipher`;

function factsOf(r: repo.TalkRow) {
  return {
    unitPath: r.orgUnitPath,
    talkerIds: r.participants.filter((p) => p.side === 'talker').map((p) => p.personId),
    talkeeIds: r.participants.filter((p) => p.side === 'talkee').map((p) => p.personId),
    concernCategories: r.concernCategories,
  };
}

function presentListItem(r: repo.TalkRow, access: Exclude<TalkAccess, 'none'>): TalkListItem {
  const side = (s: 'talker' | 'talkee') => r.participants.filter((p) => p.side === s).map(({ personId, name }) => ({ personId, name }));
  return {
    id: r.id,
    orgUnitId: r.orgUnitId,
    orgUnitName: r.orgUnitName,
    heldOn: r.heldOn,
    place: r.place,
    kind: r.kind as Talk['kind'],
    talkers: side('talker'),
    talkees: side('talkee'),
    topics: access === 'participant' ? null : r.topics,
    followUps: r.followUps,
    concernCategories: access === 'full' ? (r.concernCategories as Talk['concernCategories']) : null,
    access,
    version: r.version,
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}

async function concernsOf(db: Queryable, talkId: string) {
  const rows = await db.select({ personId: talkConcerns.personId, category: talkConcerns.category, severity: talkConcerns.severity }).from(talkConcerns).where(eq(talkConcerns.talkId, talkId));
  return rows as NonNullable<Talk['concerns']>;
}

async function present(db: Queryable, box: SecretBox, r: repo.TalkRow, access: Exclude<TalkAccess, 'none'>): Promise<Talk> {
  const full = access === 'full';
  return {
    ...presentListItem(r, access),
    notes: full && r.notesCipher ? box.open(r.notesCipher, notesAad(r.id)) : null,
    concerns: full ? await concernsOf(db, r.id) : null,
  };
}

/** The unit a talk belongs to: the first talkee's branch (or department). */
async function checkParticipants(db: Queryable, actor: Actor, input: { talkerPersonIds: string[]; talkeePersonIds: string[] }) {
  const talkers = [...new Set(input.talkerPersonIds)];
  const talkees = [...new Set(input.talkeePersonIds)];
  if (talkers.some((t) => talkees.includes(t))) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'talkeePersonIds', message: '谈话人与谈话对象不能是同一人' }] }, '谈话人与谈话对象不能是同一人');
  const rows = await repo.findPeopleUnits(db, [...talkers, ...talkees]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const missing = [...talkers, ...talkees].filter((id) => !byId.has(id));
  if (missing.length) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'talkeePersonIds', message: '人员不存在' }], missing }, '所选人员不存在');
  const first = byId.get(talkees[0]!)!;
  const orgUnitId = first.branchId ?? first.departmentId;
  if (!orgUnitId) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'talkeePersonIds', message: '谈话对象未分配支部或科室' }] }, '谈话对象未分配支部或科室');
  const unitPath = (first.branchId ? first.branchPath : first.departmentPath)!;
  // Every talkee must be in the recorder's scope.
  for (const id of talkees) {
    const p = byId.get(id)!;
    assertInScope(actor, 'talks.record', [p.branchPath, p.departmentPath]);
  }
  // The recorder must be one of the talkers, unless a secretary above the talk's unit records it for them.
  if (!(actor.personId && talkers.includes(actor.personId)) && !isSecretaryAbove(actor, unitPath)) {
    throw new AppError('FORBIDDEN', { reason: 'not_a_talker' }, '只能记录本人参加的谈话（书记可代为登记）');
  }
  return { talkers, talkees, orgUnitId, unitPath };
}

function checkConcerns(concerns: TalkCreate['concerns'], talkees: string[]) {
  return concerns.map((c) => {
    const personId = c.personId ?? talkees[0]!;
    if (!talkees.includes(personId)) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'concerns', message: '关注事项须对应谈话对象' }] }, '关注事项须对应谈话对象');
    return { ...c, personId };
  });
}

export async function createTalk(db: Db, box: SecretBox, actor: Actor, input: TalkCreate): Promise<Talk> {
  assertPermission(actor, 'talks.record');
  if (input.heldOn > new Date().toISOString().slice(0, 10)) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'heldOn', message: '谈话日期不能晚于今天' }] }, '谈话日期不能晚于今天');
  return db.transaction(async (tx) => {
    const { talkers, talkees, orgUnitId } = await checkParticipants(tx, actor, input);
    const concerns = checkConcerns(input.concerns, talkees);
    const id = randomUUID();
    const categories = [...new Set(concerns.map((c) => c.category))];
    await tx.insert(talks).values({
      id, orgUnitId, heldOn: input.heldOn, place: input.place ?? null, kind: input.kind, topics: input.topics,
      notesCipher: input.notes ? box.seal(input.notes, notesAad(id)) : null, notesKeyId: input.notes ? box.activeKeyId : null,
      followUps: input.followUps, concernCategories: categories, createdBy: actor.userId,
    });
    await tx.insert(talkParticipants).values([
      ...talkers.map((personId) => ({ talkId: id, personId, side: 'talker', heldOn: input.heldOn })),
      ...talkees.map((personId) => ({ talkId: id, personId, side: 'talkee', heldOn: input.heldOn })),
    ]);
    if (concerns.length) await tx.insert(talkConcerns).values(concerns.map((c) => ({ talkId: id, personId: c.personId, orgUnitId, category: c.category, severity: c.severity, heldOn: input.heldOn })));
    const closed = input.kind === 'triggered' ? await closeDuesForTalk(tx, actor, { talkId: id, talkeeIds: talkees, talkDueId: input.talkDueId }) : [];
    await appendAuditIn(tx, actor, [{
      action: 'talk.create', entityType: 'talk', entityId: id, orgUnitId,
      // The audit log never holds the notes, only that there are some.
      after: { heldOn: input.heldOn, kind: input.kind, talkers, talkees, concernCategories: categories, hasNotes: !!input.notes, followUps: input.followUps.length, closedDues: closed },
    }]);
    const row = (await repo.findTalk(tx, id))!;
    return present(tx, box, row, 'full');
  });
}

export async function getTalk(db: Db, box: SecretBox, actor: Actor, id: string): Promise<Talk> {
  const row = await repo.findTalk(db, id);
  if (!row) throw new AppError('NOT_FOUND', { entity: 'talk', id });
  const access = talkAccessOf(actor, factsOf(row));
  assertTalkReadable(access);
  const talk = await present(db, box, row, access);
  if (access === 'full' && row.notesCipher) {
    await appendAudit(db, actor, [{ action: 'talk.notes.read', entityType: 'talk', entityId: id, orgUnitId: row.orgUnitId, after: { concernCategories: row.concernCategories } }]);
  }
  return talk;
}

export async function listTalks(db: Db, actor: Actor, q: TalksQuery) {
  const filter: repo.TalkFilter = { unitIds: null, personId: q.personId, talkerPersonId: q.talkerPersonId, from: q.from, to: q.to, kind: q.kind, concern: q.concern };
  if (hasPermission(actor, 'talks.coverage')) filter.unitIds = await unitIdsInScope(db, scopeOf(actor, 'talks.coverage'));
  else if (actor.personId) filter.participantId = actor.personId;
  else throw new AppError('FORBIDDEN', { permission: 'talks.coverage' });
  if (q.orgUnitId) {
    const unit = await findUnit(db, q.orgUnitId);
    filter.subtreeIds = unit ? ((await unitIdsInScope(db, { all: false, paths: [unit.path] })) ?? []) : [];
  }
  // A concern filter reveals concerns: secretaries (and the inspector for discipline risk) filter freely, anyone
  // else only over the talks they held themselves.
  if (q.concern) {
    const free = actor.roles.some((r) => r.role === 'secretary') || (q.concern === 'discipline_risk' && actor.roles.some((r) => r.role === 'inspector'));
    if (!free) {
      if (!actor.personId || (q.talkerPersonId && q.talkerPersonId !== actor.personId)) throw new AppError('FORBIDDEN', { reason: 'concern_filter' }, '无权按关注事项筛选他人的谈话');
      filter.talkerPersonId = actor.personId;
    }
  }
  const { items, total } = await repo.listTalks(db, filter, q);
  return {
    items: items.map((r) => {
      const access = talkAccessOf(actor, factsOf(r));
      return presentListItem(r, access === 'none' ? 'participant' : access);
    }),
    total,
  };
}

export async function updateTalk(db: Db, box: SecretBox, actor: Actor, id: string, input: TalkUpdate): Promise<Talk> {
  return db.transaction(async (tx) => {
    const before = await repo.findTalk(tx, id, true);
    if (!before) throw new AppError('NOT_FOUND', { entity: 'talk', id });
    const facts = factsOf(before);
    if (!canEditTalk(actor, facts)) {
      assertTalkReadable(talkAccessOf(actor, facts));
      throw new AppError('FORBIDDEN', { reason: 'not_a_talker' }, '只有谈话人或上级书记可以修改谈话记录');
    }
    if (before.version !== input.version) throw new AppError('VERSION_CONFLICT', { current: await present(tx, box, before, 'full') });
    if (input.heldOn && input.heldOn > new Date().toISOString().slice(0, 10)) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'heldOn', message: '谈话日期不能晚于今天' }] }, '谈话日期不能晚于今天');
    const heldOn = input.heldOn ?? before.heldOn;
    const set: Partial<typeof talks.$inferInsert> = { heldOn, updatedAt: new Date() } as never;
    if (input.place !== undefined) set.place = input.place;
    if (input.topics !== undefined) set.topics = input.topics;
    if (input.followUps !== undefined) set.followUps = input.followUps;
    if (input.notes !== undefined) {
      set.notesCipher = input.notes ? box.seal(input.notes, notesAad(id)) : null;
      set.notesKeyId = input.notes ? box.activeKeyId : null;
    }
    let categories = before.concernCategories;
    if (input.concerns !== undefined) {
      const concerns = checkConcerns(input.concerns, facts.talkeeIds);
      categories = [...new Set(concerns.map((c) => c.category))];
      set.concernCategories = categories;
      await tx.delete(talkConcerns).where(eq(talkConcerns.talkId, id));
      if (concerns.length) await tx.insert(talkConcerns).values(concerns.map((c) => ({ talkId: id, personId: c.personId, orgUnitId: before.orgUnitId, category: c.category, severity: c.severity, heldOn })));
    }
    const res = await tx.update(talks).set({ ...set, version: sql`${talks.version} + 1` }).where(and(eq(talks.id, id), eq(talks.version, input.version))).returning({ id: talks.id });
    if (res.length === 0) throw new AppError('VERSION_CONFLICT', { current: await present(tx, box, (await repo.findTalk(tx, id))!, 'full') });
    if (heldOn !== before.heldOn) {
      await tx.update(talkParticipants).set({ heldOn }).where(eq(talkParticipants.talkId, id));
      await tx.update(talkConcerns).set({ heldOn }).where(eq(talkConcerns.talkId, id));
    }
    const changed = Object.keys(input).filter((k) => k !== 'version');
    await appendAuditIn(tx, actor, [{
      action: 'talk.update', entityType: 'talk', entityId: id, orgUnitId: before.orgUnitId,
      before: { heldOn: before.heldOn, concernCategories: before.concernCategories }, after: { heldOn, concernCategories: categories, changed },
    }]);
    return present(tx, box, (await repo.findTalk(tx, id))!, 'full');
  });
}

// ---------------------------------------------------------------- rules

type RuleInput = z.infer<typeof ZTalkRule>;

export async function getTalkRules(db: Db, actor: Actor, orgUnitId: string) {
  const unit = await findUnit(db, orgUnitId);
  if (!unit) throw new AppError('NOT_FOUND', { entity: 'org_unit', id: orgUnitId });
  const canPolicy = hasPermission(actor, 'talks.policy');
  assertInScope(actor, canPolicy ? 'talks.policy' : 'talks.coverage', [unit.path]);
  const rows = await repo.findEffectiveRules(db, unit.path);
  const own = rows.length && rows[0]!.orgUnitId === orgUnitId;
  return {
    orgUnitId,
    sourceOrgUnitId: rows[0]?.orgUnitId ?? null,
    isDefault: rows.length === 0,
    rules: rows.length
      ? rows.map((r) => ({ code: r.code, name: r.name, talkerRole: r.talkerRole, population: r.population, cadence: r.cadence, enabled: r.enabled }) as RuleInput)
      : DEFAULT_TALK_RULES.map((r) => ({ ...r })),
    version: own ? rows[0]!.version : 0,
  };
}

/** Replaces the unit's own rules (an empty list returns it to the inherited or default rules). */
export async function putTalkRules(db: Db, actor: Actor, input: z.infer<typeof ZTalkRulesPut>) {
  const unit = await findUnit(db, input.orgUnitId);
  if (!unit) throw new AppError('NOT_FOUND', { entity: 'org_unit', id: input.orgUnitId });
  assertInScope(actor, 'talks.policy', [unit.path]);
  const issues: { path: string; message: string }[] = [];
  const codes = new Set<string>();
  input.rules.forEach((r, i) => {
    if (!isValidRule(r)) issues.push({ path: `rules.${i}.population`, message: `谈话人「${r.talkerRole}」与谈话对象「${r.population}」不能组合` });
    if (codes.has(r.code)) issues.push({ path: `rules.${i}.code`, message: `规则代码「${r.code}」重复` });
    codes.add(r.code);
  });
  if (issues.length) throw new AppError('VALIDATION_FAILED', { issues }, issues.map((i) => i.message).join('；'));
  await db.transaction(async (tx) => {
    const current = await tx.select({ version: talkRules.version, code: talkRules.code }).from(talkRules).where(eq(talkRules.orgUnitId, unit.id)).for('update');
    const version = current[0]?.version ?? 0;
    if (version !== input.version) throw new AppError('VERSION_CONFLICT', { current: await getTalkRules(db, actor, unit.id) });
    await tx.delete(talkRules).where(eq(talkRules.orgUnitId, unit.id));
    if (input.rules.length) {
      await tx.insert(talkRules).values(input.rules.map((r, i) => ({ orgUnitId: unit.id, ...r, sortOrder: i, version: version + 1 })));
    }
    await appendAuditIn(tx, actor, [{ action: 'talk_rules.update', entityType: 'org_unit', entityId: unit.id, orgUnitId: unit.id, before: { codes: current.map((c) => c.code) }, after: { rules: input.rules } }]);
  });
  return getTalkRules(db, actor, unit.id);
}
