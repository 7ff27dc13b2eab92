import { createHash, randomUUID } from 'node:crypto';
import type { Db, Queryable, Tx } from '../../../db/connection';
import type {
  LedgerCheckIn,
  LedgerItem,
  LedgerItemCreate,
  LedgerItemDetail,
  LedgerItemPatch,
  LedgerItemQuery,
  LedgerRecheckCreate,
  LedgerTransition,
} from '../../../contracts/ledger';
import {
  assertCanCheckIn,
  assertCanRecheck,
  assertTransition,
  doesRecheckReopen,
  isItemStatus,
  planTransition,
  type ActorFacts,
  type RecheckRating,
} from '../../../domain/ledger/item-status';
import { calendarDay, deriveLateness, nextCheckInDay } from '../../../domain/ledger/overdue';
import { AppError } from '../../../domain/shared/app-error';
import { assertInScope, hasPermission, inScope, scopeOf, unitIdsInScope } from '../../lib/access';
import { appendAuditIn } from '../../lib/audit';
import type { Actor } from '../../lib/context';
import type { FileStore } from '../../lib/file-store';
import { assertOfficePackage, readZipDirectory } from '../../lib/zip-guard';
import { findUnit } from '../org-units/org-units.repo';
import { authorPaths, isSecretaryAbove } from '../reports/reports.access';
import * as repo from './ledger.repo';

const iso = (v: string | Date) => new Date(v).toISOString();

/** Today as the ledger counts days (China Standard Time). */
export const todayInLedger = () => calendarDay(new Date());

/** JSON with object keys sorted: jsonb does not keep key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    return `{${Object.keys(v as object).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k] ?? null)}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

export function presentLedgerItem(r: repo.LedgerItemRow): LedgerItem {
  return presentItemOn(r, todayInLedger());
}

/** The item with overdue and days late as of `today` (YYYY-MM-DD). */
function presentItemOn(r: repo.LedgerItemRow, today: string): LedgerItem {
  const { signOffSnapshot: _s, lastCheckInAt: _l, ...rest } = r;
  const completedOn = r.completedAt ? calendarDay(new Date(r.completedAt)) : null;
  return {
    ...rest,
    source: r.source as LedgerItem['source'],
    type: r.type as LedgerItem['type'],
    cooperatingDepartmentIds: r.cooperatingDepartmentIds ?? [],
    problemRefs: r.problemRefs ?? [],
    ...deriveLateness(r.deadline, completedOn, today),
    completedAt: r.completedAt ? iso(r.completedAt) : null,
    signedOffAt: r.signedOffAt ? iso(r.signedOffAt) : null,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  };
}

/** Paths of the units where the actor is a secretary: personal materials below them are open to the actor. */
export function secretaryPaths(actor: Actor): string[] {
  return [...new Set(actor.roles.filter((r) => r.role === 'secretary').map((r) => r.path))];
}

/**
 * What the actor may see of the ledger: items tracked in units within their people.read scope, their own items,
 * and items of personal materials they may read (their own, or of people under a unit where they are secretary).
 */
export async function resolveLedgerFilter(db: Db, actor: Actor, q: Partial<Omit<LedgerItemQuery, 'page' | 'pageSize'>>): Promise<repo.LedgerFilter> {
  const filter: repo.LedgerFilter = {
    unitIds: [],
    ownerPersonId: actor.personId,
    selfPersonId: actor.personId,
    secretaryPrefixes: secretaryPaths(actor),
    asReviewer: q.reviewer === 'me',
    reviewerPersonId: actor.personId,
    headOfDepartmentIds: actor.roles.filter((r) => r.role === 'department_head').map((r) => r.orgUnitId),
    reportId: q.reportId,
    status: q.status,
    type: q.type,
    source: q.source,
    overdue: q.overdue,
    today: todayInLedger(),
    ownerFilter: q.ownerPersonId,
    leadDepartmentId: q.leadDepartmentId,
    aspect: q.aspect,
    q: q.q,
  };
  if (hasPermission(actor, 'people.read')) filter.unitIds = await unitIdsInScope(db, scopeOf(actor, 'people.read'));
  if (q.orgUnitId) {
    const unit = await findUnit(db, q.orgUnitId);
    if (!unit) throw new AppError('NOT_FOUND', { entity: 'org_unit', id: q.orgUnitId });
    filter.subtreePrefix = unit.path;
  }
  return filter;
}

export async function listLedgerItems(db: Db, actor: Actor, q: LedgerItemQuery) {
  const filter = await resolveLedgerFilter(db, actor, q);
  const { items, total } = await repo.listLedgerItems(db, filter, q);
  const today = todayInLedger();
  return { items: items.map((r) => presentItemOn(r, today)), total };
}

// ---------------------------------------------------------------------------------------------
// Tracking one item: who may do what, and the writes (each one version, one event, one audit entry)

const dateOf = (v: string | Date | null) => (v ? calendarDay(new Date(v)) : null);

/** The actor's standing on one item, for the rules in src/domain/ledger/item-status.ts. */
export function actorFactsOf(actor: Actor, row: repo.LedgerItemAccessRow): ActorFacts {
  const isOwner = !!actor.personId && row.ownerPersonId === actor.personId;
  const personal = row.reportKind === 'personal';
  const isManager = personal
    ? isSecretaryAbove(actor, authorPaths({ orgUnitPath: row.unitPath, personBranchPath: row.personBranchPath, personDepartmentPath: row.personDepartmentPath }))
    : inScope(scopeOf(actor, 'people.write'), row.unitPath);
  const reviewPath = row.leadDepartmentPath ?? row.unitPath;
  // A personal material's items stay need-to-know: only the secretaries above its author review the first level.
  const isDepartmentReviewer = personal
    ? isManager
    : (!!row.leadDepartmentId && actor.roles.some((r) => r.role === 'department_head' && r.orgUnitId === row.leadDepartmentId)) ||
      secretaryPaths(actor).some((p) => reviewPath.startsWith(p));
  const isLeader = !!actor.personId && row.leaderPersonId === actor.personId;
  return { personId: actor.personId, isOwner, isManager, isDepartmentReviewer, isLeader };
}

function assertInvolved(actor: Actor, row: repo.LedgerItemAccessRow, facts: ActorFacts): void {
  if (facts.isOwner || facts.isManager || facts.isDepartmentReviewer || facts.isLeader) return;
  if (row.reportKind === 'personal') throw new AppError('FORBIDDEN', { reason: 'personal_material' }, '个人对照检查材料形成的事项仅本人和上级党组织书记可以处理');
  if (!hasPermission(actor, 'people.write')) throw new AppError('FORBIDDEN', { permission: 'people.write' });
  throw new AppError('OUT_OF_SCOPE', { permission: 'people.write' });
}

/** What sign-off freezes: the item's substance and the SHA-256 of every evidence file. */
function snapshotOf(row: repo.LedgerItemRow, evidence: { fileName: string; fileVersion: number; sha256: string }[]) {
  return {
    aspect: row.aspect,
    problem: row.problem,
    cause: row.cause,
    target: row.target,
    measure: row.measure,
    type: row.type,
    deadline: row.deadline,
    leaderPersonId: row.leaderPersonId,
    leadDepartmentId: row.leadDepartmentId,
    ownerPersonId: row.ownerPersonId,
    cooperatingDepartmentIds: row.cooperatingDepartmentIds ?? [],
    progress: row.progress,
    progressNote: row.progressNote,
    remarks: row.remarks,
    evidence: evidence
      .map((e) => ({ fileName: e.fileName, fileVersion: e.fileVersion, sha256: e.sha256 }))
      .sort((a, b) => a.fileName.localeCompare(b.fileName) || a.fileVersion - b.fileVersion),
  };
}

async function presentDetail(db: Queryable, row: repo.LedgerItemRow): Promise<LedgerItemDetail> {
  // One after another: `db` is often a transaction, whose single connection cannot run queries side by side.
  const evidence = await repo.listEvidence(db, row.id);
  const reviews = await repo.listReviews(db, row.id);
  const rechecks = await repo.listRechecks(db, row.id);
  const events = await repo.listEvents(db, row.id);
  const changedSinceSignOff =
    row.status === 'signed_off' && row.signOffSnapshot != null && canonical(snapshotOf(row, evidence)) !== canonical(row.signOffSnapshot);
  const since = row.lastCheckInAt ?? row.signedOffAt;
  const nextCheckInDue = row.type === 'ongoing' && row.status === 'signed_off' && since ? nextCheckInDay(dateOf(since)!, row.checkInMonths) : null;
  return {
    ...presentLedgerItem(row),
    changedSinceSignOff,
    signOffSnapshot: row.signOffSnapshot ?? null,
    lastCheckInAt: row.lastCheckInAt ? iso(row.lastCheckInAt) : null,
    nextCheckInDue,
    reviews: reviews.map((r) => ({
      id: r.id,
      round: r.round,
      level: r.level,
      decision: r.decision as 'approve' | 'return',
      note: r.note,
      reviewerPersonId: r.reviewerPersonId,
      reviewerName: r.reviewerName,
      at: iso(r.at),
    })),
    evidence: evidence.map((e) => ({
      id: e.id,
      fileName: e.fileName,
      fileVersion: e.fileVersion,
      mime: e.mime,
      size: e.size,
      sha256: e.sha256,
      uploadedByName: e.uploadedByName,
      createdAt: iso(e.createdAt),
    })),
    rechecks: rechecks.map((r) => ({ id: r.id, round: r.round, rating: r.rating as RecheckRating, note: r.note, reopened: r.reopened, byName: r.byName, at: iso(r.at) })),
    events: events.map((e) => ({
      id: e.id,
      version: e.version,
      kind: e.kind,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      note: e.note,
      before: e.before ?? null,
      after: e.after ?? null,
      actorName: e.actorName,
      at: iso(e.at),
    })),
  };
}

/** One item with reviews, evidence, re-checks and timeline; 404 when missing, 403 when not the actor's to see. */
export async function getLedgerItem(db: Db, actor: Actor, id: string): Promise<LedgerItemDetail> {
  const filter = await resolveLedgerFilter(db, actor, {});
  const { items } = await repo.listLedgerItems(db, { ...filter, ids: [id] }, { page: 1, pageSize: 1 });
  if (!items[0]) {
    const row = await repo.findItemWithAccess(db, id);
    if (!row) throw new AppError('NOT_FOUND', { entity: 'ledger_item', id });
    // Reviewers read the items they review, wherever those are tracked.
    const facts = actorFactsOf(actor, row);
    if (row.reportKind !== 'personal' && (facts.isLeader || facts.isDepartmentReviewer)) return presentDetail(db, row);
    if (row.reportKind === 'personal') throw new AppError('FORBIDDEN', { reason: 'personal_material' }, '个人对照检查材料形成的事项仅本人和上级党组织书记可以查看');
    throw new AppError('OUT_OF_SCOPE', { permission: 'people.read' });
  }
  return presentDetail(db, items[0]);
}

class StaleVersion extends Error {}

type Change = {
  set: Parameters<typeof repo.updateItemAtVersion>[3];
  event: Omit<repo.LedgerEventInsert, 'itemId' | 'version' | 'actorUserId' | 'actorName'>;
  /** Rows beside the item (reviews, re-checks, evidence), written in the same transaction. */
  also?: (tx: Tx, newVersion: number) => Promise<void>;
};

/**
 * The one way an item changes: inside a transaction, check the actor and the version, let `decide` apply the
 * rules to the row as it is now, write at that version (none written: 409 with the current item), then the
 * event and the audit entry. `version` undefined: whatever the item is at (evidence uploads).
 */
async function changeItem(
  db: Db,
  actor: Actor,
  id: string,
  version: number | undefined,
  action: string,
  decide: (row: repo.LedgerItemAccessRow, facts: ActorFacts, tx: Tx) => Promise<Change | null>,
): Promise<LedgerItemDetail> {
  try {
    await db.transaction(async (tx) => {
      const row = await repo.findItemWithAccess(tx, id);
      if (!row) throw new AppError('NOT_FOUND', { entity: 'ledger_item', id });
      const facts = actorFactsOf(actor, row);
      assertInvolved(actor, row, facts);
      if (version !== undefined && row.version !== version) throw new StaleVersion();
      const change = await decide(row, facts, tx);
      if (!change) return;
      const newVersion = await repo.updateItemAtVersion(tx, id, row.version, change.set);
      if (newVersion === null) throw new StaleVersion();
      await repo.insertEvent(tx, { ...change.event, itemId: id, version: newVersion, actorUserId: actor.userId, actorName: actor.displayName });
      if (change.also) await change.also(tx, newVersion);
      await appendAuditIn(tx, actor, [
        {
          action,
          entityType: 'ledger_item',
          entityId: id,
          orgUnitId: row.orgUnitId,
          before: { version: row.version, status: row.status, ...(change.event.before as object | null) },
          after: { version: newVersion, status: change.event.toStatus ?? row.status, ...(change.event.after as object | null) },
        },
      ]);
    });
  } catch (e) {
    if (e instanceof StaleVersion) {
      const current = await repo.findItemWithAccess(db, id);
      throw new AppError('VERSION_CONFLICT', { current: current ? await presentDetail(db, current) : null });
    }
    throw e;
  }
  return presentDetail(db, (await repo.findItemWithAccess(db, id))!);
}

async function firstReviewerOf(tx: Tx, row: repo.LedgerItemRow): Promise<string | null> {
  const reviews = await repo.listReviews(tx, row.id);
  const approvals = reviews.filter((r) => r.round === row.round && r.level === 1 && r.decision === 'approve');
  return approvals.at(-1)?.reviewerPersonId ?? null;
}

/**
 * The completion instant for a day given on submission (noon China Standard Time, so the day reads back the same);
 * now when no day is given. The day may be neither in the future nor before the item was created.
 */
function completionInstant(completedOn: string | undefined, createdAt: string | Date): Date {
  if (completedOn === undefined) return new Date();
  const today = todayInLedger();
  if (completedOn > today) throw new AppError('VALIDATION_FAILED', { field: 'completedOn', max: today }, '完成日期不能晚于今天');
  const createdOn = calendarDay(new Date(createdAt));
  if (completedOn < createdOn) throw new AppError('VALIDATION_FAILED', { field: 'completedOn', min: createdOn }, '完成日期不能早于事项创建日期');
  return completedOn === today ? new Date() : new Date(`${completedOn}T12:00:00+08:00`);
}

/** Moves an item along 未启动 → 整改中 → 待验收 → (牵头部门审核) → 已销号, or sends it back. */
export async function transitionLedgerItem(db: Db, actor: Actor, id: string, input: LedgerTransition): Promise<LedgerItemDetail> {
  return changeItem(db, actor, id, input.version, 'ledger_item.transition', async (row, facts, tx) => {
    if (!isItemStatus(row.status)) throw new AppError('INTERNAL', { status: row.status });
    const note = input.note?.trim() || null;
    const plan = planTransition(
      {
        status: row.status,
        reviewLevel: row.reviewLevel,
        evidenceCount: await repo.countEvidence(tx, row.id),
        progressNote: row.progressNote,
        firstReviewerPersonId: input.to === 'signed_off' ? await firstReviewerOf(tx, row) : null,
      },
      facts,
      input.to,
      note,
    );
    const set: Change['set'] = { status: plan.status, reviewLevel: plan.reviewLevel };
    if (plan.progressNote !== null) set.progressNote = plan.progressNote;
    // Completion is the day the work was submitted as done (or the day given); a return reopens it.
    if (input.completedOn !== undefined && plan.event !== 'submitted') {
      throw new AppError('VALIDATION_FAILED', { field: 'completedOn' }, '只有提交验收时可以填写完成日期');
    }
    if (plan.event === 'submitted') set.completedAt = completionInstant(input.completedOn, row.createdAt);
    if (plan.event === 'returned') set.completedAt = null;
    if (plan.status === 'signed_off') {
      const evidence = await repo.listEvidence(tx, row.id);
      const now = new Date();
      set.signedOffAt = now;
      set.completedAt = row.completedAt ? new Date(row.completedAt) : now;
      set.signOffSnapshot = snapshotOf({ ...row, progressNote: set.progressNote ?? row.progressNote }, evidence);
    }
    return {
      set,
      event: { kind: plan.event, fromStatus: row.status, toStatus: plan.status, note, before: { reviewLevel: row.reviewLevel }, after: { reviewLevel: plan.reviewLevel } },
      also: plan.review
        ? (t) =>
            repo.insertReview(t, {
              itemId: row.id,
              round: row.round,
              level: plan.review!.level,
              decision: plan.review!.decision,
              note,
              reviewerUserId: actor.userId,
              reviewerPersonId: actor.personId,
              reviewerName: actor.displayName,
            })
        : undefined,
    };
  });
}

const OWNER_FIELDS = new Set(['progress', 'progressNote']);

/** Edits the fields sent; the owner may report progress, managers may change everything. */
export async function updateLedgerItem(db: Db, actor: Actor, id: string, input: LedgerItemPatch): Promise<LedgerItemDetail> {
  const { version, ...fields } = input;
  return changeItem(db, actor, id, version, 'ledger_item.update', async (row, facts) => {
    const sent = Object.entries(fields).filter(([, v]) => v !== undefined) as [keyof typeof fields, unknown][];
    if (!facts.isManager) {
      const refused = sent.map(([k]) => k).filter((k) => !OWNER_FIELDS.has(k));
      if (!facts.isOwner || refused.length) throw new AppError('FORBIDDEN', { reason: facts.isOwner ? 'owner_fields_only' : 'not_owner', fields: refused }, '责任人只能填写整改进展');
    }
    const current = row as unknown as Record<string, unknown>;
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const [k, v] of sent) {
      if (canonical(current[k] ?? null) !== canonical(v ?? null)) {
        before[k] = current[k] ?? null;
        after[k] = v ?? null;
      }
    }
    if (Object.keys(after).length === 0) return null;
    return { set: after as Change['set'], event: { kind: 'edited', fromStatus: row.status, toStatus: row.status, note: null, before, after } };
  });
}

/** 回头看: rates a signed-off item; 一般/差 reopen it for another round. */
export async function recheckLedgerItem(db: Db, actor: Actor, id: string, input: LedgerRecheckCreate): Promise<LedgerItemDetail> {
  return changeItem(db, actor, id, input.version, 'ledger_item.recheck', async (row, facts) => {
    if (!isItemStatus(row.status)) throw new AppError('INTERNAL', { status: row.status });
    assertCanRecheck({ status: row.status }, facts);
    const reopen = doesRecheckReopen(input.rating);
    if (reopen) assertTransition(row.status, 'in_progress');
    const note = input.note?.trim() || null;
    const set: Change['set'] = reopen
      ? { status: 'in_progress', reviewLevel: 0, round: row.round + 1, completedAt: null, signedOffAt: null, signOffSnapshot: null }
      : {};
    return {
      set,
      event: { kind: 'rechecked', fromStatus: row.status, toStatus: reopen ? 'in_progress' : row.status, note, before: { round: row.round }, after: { rating: input.rating, round: reopen ? row.round + 1 : row.round } },
      also: (t) => repo.insertRecheck(t, { itemId: row.id, round: row.round, rating: input.rating, note, reopened: reopen, byUserId: actor.userId, byName: actor.displayName }),
    };
  });
}

/** 长期坚持: a periodic report on a signed-off ongoing item. */
export async function checkInLedgerItem(db: Db, actor: Actor, id: string, input: LedgerCheckIn): Promise<LedgerItemDetail> {
  return changeItem(db, actor, id, input.version, 'ledger_item.check_in', async (row, facts) => {
    if (!isItemStatus(row.status)) throw new AppError('INTERNAL', { status: row.status });
    assertCanCheckIn({ status: row.status, type: row.type }, facts);
    return { set: { lastCheckInAt: new Date() }, event: { kind: 'checked_in', fromStatus: row.status, toStatus: row.status, note: input.note, before: null, after: null } };
  });
}

/** Enters an item by hand (sources other than a committed material, or a late addition). */
export async function createLedgerItem(db: Db, actor: Actor, input: LedgerItemCreate): Promise<LedgerItemDetail> {
  const unit = await findUnit(db, input.orgUnitId);
  if (!unit) throw new AppError('NOT_FOUND', { entity: 'org_unit', id: input.orgUnitId });
  assertInScope(actor, 'people.write', [unit.path]);
  const id = randomUUID();
  const fields = {
    source: input.source,
    aspect: input.aspect ?? null,
    problem: input.problem,
    cause: input.cause ?? null,
    target: input.target ?? null,
    measure: input.measure ?? null,
    type: input.type,
    leaderPersonId: input.leaderPersonId ?? null,
    leadDepartmentId: input.leadDepartmentId ?? null,
    ownerPersonId: input.ownerPersonId ?? null,
    cooperatingDepartmentIds: input.cooperatingDepartmentIds ?? [],
    deadline: input.deadline ?? null,
    remarks: input.remarks ?? null,
    checkInMonths: input.checkInMonths ?? 1,
    weight: input.weight ?? 1,
    milestones: input.milestones ?? [],
  };
  await db.transaction(async (tx) => {
    await insertCreatedItemIn(tx, actor, id, unit.id, fields);
    await appendAuditIn(tx, actor, [{ action: 'ledger_item.create', entityType: 'ledger_item', entityId: id, orgUnitId: unit.id, after: fields }]);
  });
  return presentDetail(db, (await repo.findItemWithAccess(db, id))!);
}

/** Fields of a new item as createLedgerItem and the Excel import store them. */
export type NewItemFields = Omit<repo.LedgerItemInsert, 'id' | 'orgUnitId' | 'createdBy'>;

/** The item row and its `created` event, inside the caller's transaction (the caller audits). */
export async function insertCreatedItemIn(tx: Tx, actor: Actor, id: string, orgUnitId: string, fields: NewItemFields): Promise<void> {
  await repo.insertLedgerItems(tx, [{ id, orgUnitId, ...fields, createdBy: actor.userId }]);
  await repo.insertEvent(tx, { itemId: id, version: 1, kind: 'created', fromStatus: null, toStatus: 'not_started', note: null, before: null, after: fields, actorUserId: actor.userId, actorName: actor.displayName });
}

// ---------------------------------------------------------------------------------------------
// Evidence (佐证材料)

export const EVIDENCE_MIME = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
export type EvidenceKind = keyof typeof EVIDENCE_MIME;

const startsWith = (buf: Buffer, sig: number[] | string, at = 0) => {
  const bytes = typeof sig === 'string' ? Buffer.from(sig, 'latin1') : Buffer.from(sig);
  return buf.length >= at + bytes.length && buf.subarray(at, at + bytes.length).equals(bytes);
};

/** The kind of an evidence file read from its content (magic bytes; Office files by their package), never its name. */
export function detectEvidenceKind(buf: Buffer): EvidenceKind {
  if (startsWith(buf, '%PDF-')) return 'pdf';
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return 'jpg';
  if (startsWith(buf, 'GIF87a') || startsWith(buf, 'GIF89a')) return 'gif';
  if (startsWith(buf, 'RIFF') && startsWith(buf, 'WEBP', 8)) return 'webp';
  const entries = readZipDirectory(buf);
  if (entries) {
    const kind = entries.some((e) => e.name === 'xl/workbook.xml') ? 'xlsx' : 'docx';
    assertOfficePackage(buf, kind);
    return kind;
  }
  throw new AppError('UNSUPPORTED_FILE_TYPE', { allowed: Object.keys(EVIDENCE_MIME) }, '佐证材料只支持 PDF、图片（PNG/JPEG/GIF/WebP）、Word（.docx）和 Excel（.xlsx）');
}

/** Adds an evidence file (a same-named file becomes its next version); the file and the row are stored together or not at all. */
export async function addEvidence(
  db: Db,
  files: FileStore,
  actor: Actor,
  id: string,
  upload: { buffer: Buffer; fileName: string },
  version: number | undefined,
): Promise<LedgerItemDetail> {
  const kind = detectEvidenceKind(upload.buffer);
  const fileName = (upload.fileName.split(/[\\/]/).pop() ?? '').trim().slice(0, 255) || `evidence.${kind}`;
  const evidenceId = randomUUID();
  const storageKey = `ledger/${id}/${evidenceId}.${kind}`;
  const sha256 = createHash('sha256').update(upload.buffer).digest('hex');
  let stored = false;
  try {
    return await changeItem(db, actor, id, version, 'ledger_item.evidence', async (row, facts, tx) => {
      if (!facts.isOwner && !facts.isManager) throw new AppError('FORBIDDEN', { reason: 'not_owner' }, '只有责任人或管理人员可以上传佐证材料');
      const fileVersion = await repo.nextFileVersion(tx, row.id, fileName);
      const meta = { fileName, fileVersion, mime: EVIDENCE_MIME[kind], size: upload.buffer.length, sha256 };
      return {
        set: {},
        event: { kind: 'evidence_added', fromStatus: row.status, toStatus: row.status, note: null, before: null, after: { evidenceId, ...meta } },
        also: async (t) => {
          await repo.insertEvidence(t, { id: evidenceId, itemId: row.id, ...meta, storageKey, uploadedBy: actor.userId, uploadedByName: actor.displayName });
          stored = true;
          await files.put(storageKey, upload.buffer);
        },
      };
    });
  } catch (e) {
    if (stored) await files.remove(storageKey).catch(() => undefined);
    throw e;
  }
}

/** An evidence file's bytes for download, to whoever may read the item. */
export async function getEvidenceFile(db: Db, files: FileStore, actor: Actor, id: string, evidenceId: string) {
  await getLedgerItem(db, actor, id);
  const ev = await repo.findEvidence(db, id, evidenceId);
  if (!ev) throw new AppError('NOT_FOUND', { entity: 'ledger_evidence', id: evidenceId });
  const data = await files.get(ev.storageKey);
  if (!data) throw new AppError('NOT_FOUND', { entity: 'ledger_evidence_file', id: evidenceId });
  return { data, mime: ev.mime, fileName: ev.fileName };
}
