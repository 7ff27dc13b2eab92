import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Db, Queryable } from '../../../db/connection';
import type {
  FocusFileCreate,
  FocusFileDetail,
  FocusFileQuery,
  FocusFileSummary,
  FocusFileUpdate,
  ZFamilyContactCreate,
  ZFocusEntryCreate,
  ZFocusFileClose,
} from '../../../contracts/focus-files';
import { AppError } from '../../../domain/shared/app-error';
import { assertInScope } from '../../lib/access';
import { appendAudit, appendAuditIn } from '../../lib/audit';
import type { Actor } from '../../lib/context';
import { secretBox, type SecretBox } from '../../lib/secret-box';
import { findUnit } from '../org-units/org-units.repo';
import {
  assertCanManageFocus,
  assertCanReadFocus,
  assertCanRecordFocus,
  focusListPrefixes,
  type FocusFacts,
} from './focus-files.access';
import * as repo from './focus-files.repo';

export const today = () => new Date().toISOString().slice(0, 10);

/** The same day `months` later, clamped to the month's end (31 Jan + 1 → 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

/** aad binds each sealed value to its row and column, as key rotation expects. */
const aad = (table: string, id: string, column: string) => `${table}:${id}:${column}`;

const facts = (f: repo.FocusFileRow): FocusFacts => ({ personId: f.personId, ownerPersonId: f.ownerPersonId, unitPath: f.unitPath });

function invalid(path: string, message: string): never {
  throw new AppError('VALIDATION_FAILED', { issues: [{ path, message }] }, message);
}

export function presentSummary(f: repo.FocusFileRow, on = today()): FocusFileSummary {
  return {
    id: f.id,
    personId: f.personId,
    personName: f.personName,
    orgUnitId: f.orgUnitId,
    orgUnitName: f.orgUnitName,
    reasonCategory: f.reasonCategory as FocusFileSummary['reasonCategory'],
    ownerPersonId: f.ownerPersonId,
    ownerName: f.ownerName,
    reviewEveryMonths: f.reviewEveryMonths,
    nextReviewOn: f.nextReviewOn,
    reviewOverdue: f.closedOn === null && f.nextReviewOn < on,
    openedOn: f.openedOn,
    closedOn: f.closedOn,
    version: f.version,
    updatedAt: new Date(f.updatedAt).toISOString(),
  };
}

async function presentDetail(db: Queryable, box: SecretBox, f: repo.FocusFileRow): Promise<FocusFileDetail> {
  const entries = await repo.entriesOf(db, f.id);
  const contacts = await repo.contactsOf(db, f.id);
  const talks = await repo.talksByIds(db, f.linkedTalkIds);
  return {
    ...presentSummary(f),
    reason: f.reasonCipher ? box.open(f.reasonCipher, aad('focus_files', f.id, 'reason_cipher')) : '',
    plan: f.planCipher ? box.open(f.planCipher, aad('focus_files', f.id, 'plan_cipher')) : '',
    closeReason: f.closeReason,
    entries: entries.map((e) => ({
      id: e.id,
      kind: e.kind as FocusFileDetail['entries'][number]['kind'],
      on: e.on,
      content: e.contentCipher ? box.open(e.contentCipher, aad('focus_file_entries', e.id, 'content_cipher')) : '',
      byName: e.byName,
      createdAt: new Date(e.createdAt).toISOString(),
    })),
    contacts: contacts.map((c) => ({
      id: c.id,
      name: c.name,
      relation: c.relation,
      phone: c.phoneCipher ? box.open(c.phoneCipher, aad('family_contacts', c.id, 'phone_cipher')) : null,
      note: c.note,
    })),
    linkedTalks: talks.map((t) => ({ id: t.id, heldOn: t.heldOn, kind: t.kind, concernCategories: t.concernCategories ?? [] })),
  };
}

async function load(db: Queryable, id: string, lock = false): Promise<repo.FocusFileRow> {
  const f = await repo.findFocusFile(db, id, lock);
  if (!f) throw new AppError('NOT_FOUND', { entity: 'focus_file', id });
  return f;
}

function assertOpen(f: repo.FocusFileRow): void {
  if (f.closedOn) throw new AppError('FOCUS_FILE_CLOSED', { closedOn: f.closedOn });
}

async function assertOwner(db: Queryable, ownerPersonId: string, personId: string): Promise<void> {
  if (ownerPersonId === personId) invalid('ownerPersonId', '帮教责任人不能是列管人员本人');
  const owner = await repo.personFacts(db, ownerPersonId);
  if (!owner || owner.status !== 'active') invalid('ownerPersonId', '帮教责任人不存在或已不在职');
}

export type FocusDeps = { db: Db; keyring: string };

export async function createFocusFile(deps: FocusDeps, actor: Actor, input: FocusFileCreate): Promise<FocusFileDetail> {
  const box = secretBox(deps.keyring);
  return deps.db.transaction(async (tx) => {
    const person = await repo.personFacts(tx, input.personId);
    if (!person) invalid('personId', '人员不存在');
    if (!person.unitId || !person.unitPath) invalid('personId', `${person.name}没有所在支部或科室，无法建档`);
    assertInScope(actor, 'focus.manage', [person.unitPath]);
    if (person.status !== 'active') invalid('personId', `${person.name}已不在职`);
    await assertOwner(tx, input.ownerPersonId, input.personId);
    const id = randomUUID();
    await repo.insertFocusFile(tx, {
      id,
      personId: input.personId,
      orgUnitId: person.unitId,
      reasonCategory: input.reasonCategory,
      reasonCipher: box.seal(input.reason, aad('focus_files', id, 'reason_cipher')),
      planCipher: box.seal(input.plan, aad('focus_files', id, 'plan_cipher')),
      keyId: box.activeKeyId,
      ownerPersonId: input.ownerPersonId,
      reviewEveryMonths: input.reviewEveryMonths,
      nextReviewOn: addMonths(input.openedOn, input.reviewEveryMonths),
      openedOn: input.openedOn,
      createdBy: actor.userId,
    });
    await appendAuditIn(tx, actor, [
      {
        action: 'focus_file.create',
        entityType: 'focus_file',
        entityId: id,
        orgUnitId: person.unitId,
        after: { personId: input.personId, reasonCategory: input.reasonCategory, ownerPersonId: input.ownerPersonId, reviewEveryMonths: input.reviewEveryMonths, openedOn: input.openedOn, sealed: ['reason', 'plan'] },
      },
    ]);
    return presentDetail(tx, box, (await repo.findFocusFile(tx, id))!);
  });
}

export async function listFocusFiles(db: Db, actor: Actor, q: FocusFileQuery): Promise<{ items: FocusFileSummary[]; total: number }> {
  let subtreePrefix: string | undefined;
  if (q.orgUnitId) {
    const unit = await findUnit(db, q.orgUnitId);
    if (!unit) throw new AppError('NOT_FOUND', { entity: 'org_unit', id: q.orgUnitId });
    subtreePrefix = unit.path;
  }
  const on = today();
  const { items, total } = await repo.listFocusFiles(
    db,
    { selfPersonId: actor.personId, prefixes: focusListPrefixes(actor), status: q.status, subtreePrefix, personId: q.personId, reviewOverdue: q.reviewOverdue, today: on },
    q,
  );
  // Even the list says who is on file: it is audited like a read.
  await appendAudit(db, actor, [
    { action: 'focus_file.list', entityType: 'focus_file', orgUnitId: q.orgUnitId ?? null, after: { filter: { status: q.status, orgUnitId: q.orgUnitId, personId: q.personId }, ids: items.map((f) => f.id) } },
  ]);
  return { items: items.map((f) => presentSummary(f, on)), total };
}

/** The whole file, decrypted; every read is audited. */
export async function getFocusFile(deps: FocusDeps, actor: Actor, id: string): Promise<FocusFileDetail> {
  const f = await load(deps.db, id);
  const access = assertCanReadFocus(actor, facts(f));
  const detail = await presentDetail(deps.db, secretBox(deps.keyring), f);
  await appendAudit(deps.db, actor, [{ action: 'focus_file.read', entityType: 'focus_file', entityId: id, orgUnitId: f.orgUnitId, after: { as: access } }]);
  return detail;
}

export async function updateFocusFile(deps: FocusDeps, actor: Actor, id: string, input: FocusFileUpdate): Promise<FocusFileDetail> {
  const box = secretBox(deps.keyring);
  return deps.db.transaction(async (tx) => {
    const before = await load(tx, id, true);
    assertCanManageFocus(actor, facts(before));
    if (before.version !== input.version) throw new AppError('VERSION_CONFLICT', { current: presentSummary(before) });
    assertOpen(before);
    if (input.ownerPersonId) await assertOwner(tx, input.ownerPersonId, before.personId);
    const patch: repo.FocusPatch = {
      reasonCategory: input.reasonCategory,
      ownerPersonId: input.ownerPersonId,
      reviewEveryMonths: input.reviewEveryMonths,
      nextReviewOn: input.nextReviewOn,
    };
    if (input.reason !== undefined || input.plan !== undefined) {
      // Re-seal both with the active key so the row keeps one key id.
      const reason = input.reason ?? (before.reasonCipher ? box.open(before.reasonCipher, aad('focus_files', id, 'reason_cipher')) : '');
      const plan = input.plan ?? (before.planCipher ? box.open(before.planCipher, aad('focus_files', id, 'plan_cipher')) : '');
      patch.reasonCipher = box.seal(reason, aad('focus_files', id, 'reason_cipher'));
      patch.planCipher = box.seal(plan, aad('focus_files', id, 'plan_cipher'));
      patch.keyId = box.activeKeyId;
    }
    if (!(await repo.updateFocusFile(tx, id, input.version, patch))) throw new AppError('VERSION_CONFLICT', { current: presentSummary((await load(tx, id))!) });
    const changed = Object.keys(input).filter((k) => k !== 'version' && input[k as keyof FocusFileUpdate] !== undefined);
    const clear = (f: repo.FocusFileRow) => ({ reasonCategory: f.reasonCategory, ownerPersonId: f.ownerPersonId, reviewEveryMonths: f.reviewEveryMonths, nextReviewOn: f.nextReviewOn });
    const after = await load(tx, id);
    await appendAuditIn(tx, actor, [
      { action: 'focus_file.update', entityType: 'focus_file', entityId: id, orgUnitId: before.orgUnitId, before: clear(before), after: { ...clear(after), fields: changed } },
    ]);
    return presentDetail(tx, box, after);
  });
}

export async function addEntry(deps: FocusDeps, actor: Actor, id: string, input: z.infer<typeof ZFocusEntryCreate>): Promise<FocusFileDetail> {
  const box = secretBox(deps.keyring);
  return deps.db.transaction(async (tx) => {
    const f = await load(tx, id, true);
    assertCanRecordFocus(actor, facts(f));
    assertOpen(f);
    if (input.on < f.openedOn) invalid('on', `日期不能早于建档日期 ${f.openedOn}`);
    if (input.on > today()) invalid('on', '日期不能晚于今天');
    const entryId = randomUUID();
    await repo.insertEntry(tx, {
      id: entryId,
      fileId: id,
      kind: input.kind,
      on: input.on,
      contentCipher: box.seal(input.content, aad('focus_file_entries', entryId, 'content_cipher')),
      keyId: box.activeKeyId,
      byUserId: actor.userId,
      byName: actor.displayName,
    });
    let nextReviewOn: string | undefined;
    if (input.kind === 'review') {
      // A review sets the next one a cadence later, never earlier than already planned.
      const next = addMonths(input.on, f.reviewEveryMonths);
      nextReviewOn = next > f.nextReviewOn ? next : f.nextReviewOn;
      await repo.updateFocusFile(tx, id, null, { nextReviewOn });
    }
    await appendAuditIn(tx, actor, [
      { action: 'focus_file.entry_add', entityType: 'focus_file', entityId: id, orgUnitId: f.orgUnitId, after: { entryId, kind: input.kind, on: input.on, nextReviewOn } },
    ]);
    return presentDetail(tx, box, await load(tx, id));
  });
}

export async function addContact(deps: FocusDeps, actor: Actor, id: string, input: z.infer<typeof ZFamilyContactCreate>): Promise<FocusFileDetail> {
  const box = secretBox(deps.keyring);
  return deps.db.transaction(async (tx) => {
    const f = await load(tx, id, true);
    assertCanRecordFocus(actor, facts(f));
    assertOpen(f);
    const contactId = randomUUID();
    await repo.insertContact(tx, {
      id: contactId,
      fileId: id,
      name: input.name,
      relation: input.relation,
      phoneCipher: input.phone ? box.seal(input.phone, aad('family_contacts', contactId, 'phone_cipher')) : null,
      keyId: input.phone ? box.activeKeyId : null,
      note: input.note ?? null,
    });
    await appendAuditIn(tx, actor, [
      { action: 'focus_file.contact_add', entityType: 'focus_file', entityId: id, orgUnitId: f.orgUnitId, after: { contactId, relation: input.relation, phone: input.phone ? 'sealed' : null } },
    ]);
    return presentDetail(tx, box, f);
  });
}

export async function removeContact(deps: FocusDeps, actor: Actor, id: string, contactId: string): Promise<FocusFileDetail> {
  const box = secretBox(deps.keyring);
  return deps.db.transaction(async (tx) => {
    const f = await load(tx, id, true);
    assertCanRecordFocus(actor, facts(f));
    assertOpen(f);
    const gone = await repo.deleteContact(tx, id, contactId);
    if (!gone) throw new AppError('NOT_FOUND', { entity: 'family_contact', id: contactId });
    await appendAuditIn(tx, actor, [
      { action: 'focus_file.contact_remove', entityType: 'focus_file', entityId: id, orgUnitId: f.orgUnitId, before: { contactId, relation: gone.relation } },
    ]);
    return presentDetail(tx, box, f);
  });
}

export async function closeFocusFile(deps: FocusDeps, actor: Actor, id: string, input: z.infer<typeof ZFocusFileClose>): Promise<FocusFileDetail> {
  const box = secretBox(deps.keyring);
  return deps.db.transaction(async (tx) => {
    const f = await load(tx, id, true);
    assertCanManageFocus(actor, facts(f));
    if (f.version !== input.version) throw new AppError('VERSION_CONFLICT', { current: presentSummary(f) });
    assertOpen(f);
    if (input.closedOn < f.openedOn) invalid('closedOn', `结档日期不能早于建档日期 ${f.openedOn}`);
    if (!(await repo.updateFocusFile(tx, id, input.version, { closedOn: input.closedOn, closeReason: input.reason }))) {
      throw new AppError('VERSION_CONFLICT', { current: presentSummary(await load(tx, id)) });
    }
    await appendAuditIn(tx, actor, [{ action: 'focus_file.close', entityType: 'focus_file', entityId: id, orgUnitId: f.orgUnitId, after: { closedOn: input.closedOn } }]);
    return presentDetail(tx, box, await load(tx, id));
  });
}

/** Links a talk held with the person on file, so its concerns show on the file. */
export async function linkTalk(deps: FocusDeps, actor: Actor, id: string, talkId: string): Promise<FocusFileDetail> {
  const box = secretBox(deps.keyring);
  return deps.db.transaction(async (tx) => {
    const f = await load(tx, id, true);
    assertCanRecordFocus(actor, facts(f));
    const talkee = await repo.isTalkee(tx, talkId, f.personId);
    if (talkee === null) throw new AppError('NOT_FOUND', { entity: 'talk', id: talkId }, '谈话记录不存在');
    if (!talkee) invalid('talkId', `该谈话的谈话对象不是${f.personName}`);
    if (!f.linkedTalkIds.includes(talkId)) {
      await repo.updateFocusFile(tx, id, null, { linkedTalkIds: [...f.linkedTalkIds, talkId] });
      await appendAuditIn(tx, actor, [{ action: 'focus_file.link_talk', entityType: 'focus_file', entityId: id, orgUnitId: f.orgUnitId, after: { talkId } }]);
    }
    return presentDetail(tx, box, await load(tx, id));
  });
}
