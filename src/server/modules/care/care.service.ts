import type { Db, Queryable } from '../../../db/connection';
import type { CareCreate, CareQuery, CareRecord, CareUpdate } from '../../../contracts/care';
import { AppError } from '../../../domain/shared/app-error';
import { assertInScope, assertPermission, inScope, scopeOf } from '../../lib/access';
import { appendAudit, appendAuditIn, diffFields } from '../../lib/audit';
import type { Actor } from '../../lib/context';
import { findUnit } from '../org-units/org-units.repo';
import { assertCanRecordFocus } from '../focus-files/focus-files.access';
import { findFocusFile, isTalkee, personFacts } from '../focus-files/focus-files.repo';
import * as repo from './care.repo';

export const today = () => new Date().toISOString().slice(0, 10);

function invalid(path: string, message: string): never {
  throw new AppError('VALIDATION_FAILED', { issues: [{ path, message }] }, message);
}

/**
 * The record as the caller may see it. The link to a focus-person file shows only to those who manage focus files in
 * the unit; the person helped sees what was given, when and by whom, but no link to a talk or a file.
 */
export function presentCare(r: repo.CareRow, actor: Actor, on = today()): CareRecord {
  const self = !!actor.personId && actor.personId === r.personId;
  const showFocus = !self && inScope(scopeOf(actor, 'focus.manage'), r.unitPath);
  return {
    id: r.id,
    personId: r.personId,
    personName: r.personName,
    orgUnitId: r.orgUnitId,
    orgUnitName: r.orgUnitName,
    kind: r.kind as CareRecord['kind'],
    description: r.description,
    amountYuan: r.amountYuan,
    givenByPersonId: r.givenByPersonId,
    givenByName: r.givenByName,
    givenOn: r.givenOn,
    followUpOn: r.followUpOn,
    followUpDue: r.followUpOn !== null && r.followUpOn <= on,
    talkId: self ? null : r.talkId,
    focusFileId: showFocus ? r.focusFileId : null,
    version: r.version,
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}

const auditView = (r: repo.CareRow) => ({
  personId: r.personId, kind: r.kind, amountYuan: r.amountYuan, givenByPersonId: r.givenByPersonId, givenOn: r.givenOn,
  followUpOn: r.followUpOn, talkId: r.talkId, focusFileId: r.focusFileId,
});

async function assertGiver(db: Queryable, id: string) {
  const giver = await personFacts(db, id);
  if (!giver) invalid('givenByPersonId', '关爱人不存在');
}

export async function createCare(db: Db, actor: Actor, input: CareCreate): Promise<CareRecord> {
  return db.transaction(async (tx) => {
    const person = await personFacts(tx, input.personId);
    if (!person) invalid('personId', '人员不存在');
    if (!person.unitId || !person.unitPath) invalid('personId', `${person.name}没有所在支部或科室`);
    assertInScope(actor, 'care.write', [person.unitPath]);
    await assertGiver(tx, input.givenByPersonId);
    if (input.givenOn > today()) invalid('givenOn', '关爱日期不能晚于今天');
    if (input.followUpOn && input.followUpOn < input.givenOn) invalid('followUpOn', '回访日期不能早于关爱日期');
    if (input.talkId) {
      const t = await isTalkee(tx, input.talkId, input.personId);
      if (t === null) invalid('talkId', '谈话记录不存在');
      if (!t) invalid('talkId', `该谈话的谈话对象不是${person.name}`);
    }
    if (input.focusFileId) {
      const f = await findFocusFile(tx, input.focusFileId);
      if (!f || f.personId !== input.personId) invalid('focusFileId', '专档不存在或不是此人的专档');
      assertCanRecordFocus(actor, { personId: f.personId, ownerPersonId: f.ownerPersonId, unitPath: f.unitPath });
    }
    const id = await repo.insertCare(tx, {
      personId: input.personId,
      orgUnitId: person.unitId,
      kind: input.kind,
      description: input.description,
      amountYuan: input.amountYuan ?? null,
      givenByPersonId: input.givenByPersonId,
      givenOn: input.givenOn,
      followUpOn: input.followUpOn ?? null,
      talkId: input.talkId ?? null,
      focusFileId: input.focusFileId ?? null,
      createdBy: actor.userId,
    });
    const row = (await repo.findCare(tx, id))!;
    await appendAuditIn(tx, actor, [{ action: 'care.create', entityType: 'care_record', entityId: id, orgUnitId: row.orgUnitId, after: auditView(row) }]);
    return presentCare(row, actor);
  });
}

export async function updateCare(db: Db, actor: Actor, id: string, input: CareUpdate): Promise<CareRecord> {
  return db.transaction(async (tx) => {
    const before = await repo.findCare(tx, id, true);
    if (!before) throw new AppError('NOT_FOUND', { entity: 'care_record', id });
    assertInScope(actor, 'care.write', [before.unitPath]);
    if (before.version !== input.version) throw new AppError('VERSION_CONFLICT', { current: presentCare(before, actor) });
    const { version, ...patch } = input;
    if (patch.givenByPersonId) await assertGiver(tx, patch.givenByPersonId);
    const givenOn = patch.givenOn ?? before.givenOn;
    const followUpOn = patch.followUpOn === undefined ? before.followUpOn : patch.followUpOn;
    if (givenOn > today()) invalid('givenOn', '关爱日期不能晚于今天');
    if (followUpOn && followUpOn < givenOn) invalid('followUpOn', '回访日期不能早于关爱日期');
    if (!(await repo.updateCare(tx, id, version, patch))) throw new AppError('VERSION_CONFLICT', { current: presentCare((await repo.findCare(tx, id))!, actor) });
    const after = (await repo.findCare(tx, id))!;
    const d = diffFields(auditView(before), auditView(after));
    await appendAuditIn(tx, actor, [
      { action: 'care.update', entityType: 'care_record', entityId: id, orgUnitId: after.orgUnitId, ...d, after: { ...d.after, descriptionChanged: before.description !== after.description } },
    ]);
    return presentCare(after, actor);
  });
}

export async function listCare(db: Db, actor: Actor, q: CareQuery): Promise<{ items: CareRecord[]; total: number }> {
  assertPermission(actor, 'care.write');
  const scope = scopeOf(actor, 'care.write');
  let subtreePrefix: string | undefined;
  if (q.orgUnitId) {
    const unit = await findUnit(db, q.orgUnitId);
    if (!unit) throw new AppError('NOT_FOUND', { entity: 'org_unit', id: q.orgUnitId });
    assertInScope(actor, 'care.write', [unit.path]);
    subtreePrefix = unit.path;
  }
  const on = today();
  const { items, total } = await repo.listCare(
    db,
    { prefixes: scope.all ? null : scope.paths, subtreePrefix, personId: q.personId, kind: q.kind, followUpDue: q.followUpDue, today: on },
    q,
  );
  return { items: items.map((r) => presentCare(r, actor, on)), total };
}

/**
 * The care given to one person: for those who record care where the person belongs, and for the person themself
 * (what was given to them). Reads by others are audited, since care touches health and family matters.
 */
export async function careOfPerson(db: Db, actor: Actor, personId: string, page: { page: number; pageSize: number }) {
  const person = await personFacts(db, personId);
  if (!person) throw new AppError('NOT_FOUND', { entity: 'person', id: personId });
  const self = actor.personId === personId;
  if (!self) assertInScope(actor, 'care.write', [person.unitPath]);
  const on = today();
  const { items, total } = await repo.listCare(db, { prefixes: null, personId, today: on }, page);
  if (!self) {
    await appendAudit(db, actor, [{ action: 'care.read', entityType: 'person', entityId: personId, orgUnitId: person.unitId, after: { count: items.length } }]);
  }
  return { items: items.map((r) => presentCare(r, actor, on)), total };
}
