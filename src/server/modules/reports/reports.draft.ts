// The ledger draft of a material: suggested from the reviewed structure, edited, then committed into ledger_items.
import type { z } from 'zod';
import type { Db, Queryable, Tx } from '../../../db/connection';
import type { LedgerDraftDto, LedgerDraftItemDto, ProblemRef } from '../../../contracts/ledger';
import type { Report, ZDraftGenerate } from '../../../contracts/reports';
import { DEFAULT_DEADLINE_RULE, suggestLedgerDraft } from '../../../domain/ledger/suggest-draft';
import type { OwnerDirectory, ReportStructure } from '../../../domain/ledger/types';
import { AppError } from '../../../domain/shared/app-error';
import { appendAuditIn } from '../../lib/audit';
import type { Actor } from '../../lib/context';
import * as ledgerRepo from '../ledger/ledger.repo';
import { presentLedgerItem } from '../ledger/ledger.service';
import { assertCanWrite } from './reports.access';
import * as repo from './reports.repo';
import { canonical, presentReport } from './reports.service';

const today = () => new Date().toISOString().slice(0, 10);

/** Loads the material for a draft write: locked, writable by the actor, at the version given, not yet committed. */
async function loadForDraft(tx: Tx, actor: Actor, id: string, version: number): Promise<repo.ReportRow> {
  const row = await repo.findReport(tx, id, true);
  if (!row) throw new AppError('NOT_FOUND', { entity: 'inspection_report', id });
  assertCanWrite(actor, row);
  if (row.version !== version) throw new AppError('VERSION_CONFLICT', { current: await presentReport(tx, row) });
  if (row.ledgerCommittedAt) throw new AppError('LEDGER_DRAFT_COMMITTED', { committedAt: new Date(row.ledgerCommittedAt).toISOString() });
  return row;
}

/** The people the owner rules may name, read from the organisation around the material's unit. */
export async function buildOwnerDirectory(db: Queryable, row: repo.ReportRow): Promise<OwnerDirectory> {
  const departments = await repo.listDepartments(db, row.orgUnitPath);
  const unitLeadership = await repo.listLeadership(db, row.orgUnitId);
  const unitSecretary = unitLeadership.find((l) => l.partyPost === 'secretary')?.personId ?? null;
  if (row.kind === 'personal' && row.personId) {
    // The author owns their items; the secretary of their branch leads, or else the unit's.
    const author = await repo.findPersonUnits(db, row.personId);
    const branchSecretary = author?.branchId ? (await repo.listLeadership(db, author.branchId)).find((l) => l.partyPost === 'secretary')?.personId : null;
    return {
      roles: { branch_secretaries: [], department_heads: [], leadership: [], grid_leaders: [] },
      leaderPersonId: (branchSecretary !== row.personId ? branchSecretary : null) ?? (unitSecretary !== row.personId ? unitSecretary : null),
      departments,
      personalOwner: { personId: row.personId, orgUnitId: null },
    };
  }
  // One after another: `db` is a transaction here, whose single connection cannot run queries side by side.
  const branchSecretaries = await repo.listBranchSecretaries(db, row.orgUnitPath);
  const departmentHeads = await repo.listDepartmentHeads(db, row.orgUnitPath);
  const gridLeaders = await repo.listGridLeaders(db, row.orgUnitPath);
  return {
    roles: {
      branch_secretaries: branchSecretaries,
      department_heads: departmentHeads,
      leadership: unitLeadership.map((l) => ({ personId: l.personId, orgUnitId: null })),
      grid_leaders: gridLeaders,
    },
    leaderPersonId: unitSecretary,
    departments,
    personalOwner: null,
  };
}

/** Suggests a fresh draft from the structure as it stands (replacing an uncommitted one). */
export async function generateDraft(db: Db, actor: Actor, id: string, input: z.infer<typeof ZDraftGenerate>): Promise<Report> {
  return db.transaction(async (tx) => {
    const row = await loadForDraft(tx, actor, id, input.version);
    const baseDate = input.baseDate ?? today();
    const deadlineRule = input.deadlineRule ?? DEFAULT_DEADLINE_RULE;
    const items = suggestLedgerDraft(row.structure, { basis: input.basis, baseDate, deadlineRule, directory: await buildOwnerDirectory(tx, row) });
    const draft: LedgerDraftDto = { basis: input.basis, baseDate, deadlineRule, generatedAt: new Date().toISOString(), items };
    await saveDraft(tx, row, input.version, draft);
    await appendAuditIn(tx, actor, [
      {
        action: 'report.ledger_draft.generate',
        entityType: 'inspection_report',
        entityId: id,
        orgUnitId: row.orgUnitId,
        before: row.ledgerDraft ? { items: row.ledgerDraft.items.length } : null,
        after: { basis: input.basis, baseDate, deadlineRule, items: items.length },
      },
    ]);
    return presentReport(tx, (await repo.findReport(tx, id))!);
  });
}

async function saveDraft(tx: Tx, row: repo.ReportRow, version: number, draft: LedgerDraftDto) {
  if (!(await repo.updateLedgerDraft(tx, row.id, version, draft))) {
    throw new AppError('VERSION_CONFLICT', { current: await presentReport(tx, (await repo.findReport(tx, row.id))!) });
  }
}

type Issue = { path: string; message: string };

/** Checks what zod cannot: the people exist, owners' units lie under the material's unit, departments are departments. */
async function checkDraftItems(db: Queryable, row: repo.ReportRow, items: readonly LedgerDraftItemDto[]): Promise<void> {
  const personIds = new Set<string>();
  const unitIds = new Set<string>();
  for (const item of items) {
    if (item.leaderPersonId) personIds.add(item.leaderPersonId);
    if (item.leadDepartmentId) unitIds.add(item.leadDepartmentId);
    item.cooperatingDepartmentIds.forEach((d) => unitIds.add(d));
    for (const o of item.owners) {
      personIds.add(o.personId);
      if (o.orgUnitId) unitIds.add(o.orgUnitId);
    }
  }
  const people = new Set((await repo.peopleNames(db, [...personIds])).map((p) => p.id));
  const units = new Map((await repo.unitsByIds(db, [...unitIds])).map((u) => [u.id, u]));
  const issues: Issue[] = [];
  const isDepartment = (id: string) => {
    const u = units.get(id);
    return !!u && !u.closedAt && (u.kind === 'department' || u.kind === 'duty_group');
  };
  items.forEach((item, i) => {
    const at = (rest: string) => `items.${i}.${rest}`;
    if (item.leaderPersonId && !people.has(item.leaderPersonId)) issues.push({ path: at('leaderPersonId'), message: '责任领导不存在' });
    if (item.leadDepartmentId && !isDepartment(item.leadDepartmentId)) issues.push({ path: at('leadDepartmentId'), message: '牵头部门应为在用的科室或值班组' });
    item.cooperatingDepartmentIds.forEach((d, k) => {
      if (!isDepartment(d)) issues.push({ path: at(`cooperatingDepartmentIds.${k}`), message: '配合部门应为在用的科室或值班组' });
    });
    item.owners.forEach((o, k) => {
      if (!people.has(o.personId)) issues.push({ path: at(`owners.${k}.personId`), message: '责任人不存在' });
      const u = o.orgUnitId ? units.get(o.orgUnitId) : null;
      if (o.orgUnitId && (!u || u.closedAt || !u.path.startsWith(row.orgUnitPath))) {
        issues.push({ path: at(`owners.${k}.orgUnitId`), message: '责任单位应为本材料所属组织或其下级组织' });
      }
    });
    const seen = new Set<string>();
    item.owners.forEach((o, k) => {
      const key = `${o.personId}|${o.orgUnitId ?? ''}`;
      if (seen.has(key)) issues.push({ path: at(`owners.${k}`), message: '责任人重复' });
      seen.add(key);
    });
  });
  if (issues.length) throw new AppError('VALIDATION_FAILED', { issues }, issues.slice(0, 3).map((x) => x.message).join('；'));
}

/** Replaces the draft's items as a whole (a draft is created with today's base date if none was generated). */
export async function putDraft(db: Db, actor: Actor, id: string, input: { items: LedgerDraftItemDto[]; version: number }): Promise<Report> {
  return db.transaction(async (tx) => {
    const row = await loadForDraft(tx, actor, id, input.version);
    await checkDraftItems(tx, row, input.items);
    const previous = row.ledgerDraft;
    const draft: LedgerDraftDto = previous
      ? { ...previous, items: input.items }
      : { basis: 'measure', baseDate: today(), deadlineRule: DEFAULT_DEADLINE_RULE, generatedAt: new Date().toISOString(), items: input.items };
    await saveDraft(tx, row, input.version, draft);
    const before = new Map((previous?.items ?? []).map((x) => [x.id, canonical(x)]));
    await appendAuditIn(tx, actor, [
      {
        action: 'report.ledger_draft.update',
        entityType: 'inspection_report',
        entityId: id,
        orgUnitId: row.orgUnitId,
        before: { items: previous?.items.length ?? 0 },
        after: {
          items: input.items.length,
          changed: input.items.filter((x) => before.get(x.id) !== canonical(x)).map((x) => x.id),
          removed: [...before.keys()].filter((k) => !input.items.some((x) => x.id === k)),
        },
      },
    ]);
    return presentReport(tx, (await repo.findReport(tx, id))!);
  });
}

function problemRefs(structure: ReportStructure, item: LedgerDraftItemDto): ProblemRef[] {
  const title = (list: { id: string; title: string }[], id: string) => list.find((x) => x.id === id)?.title ?? '';
  return [
    ...item.refs.problemIds.map((id) => ({ kind: 'problem' as const, id, title: title(structure.problems, id) })),
    ...item.refs.causeIds.map((id) => ({ kind: 'cause' as const, id, title: title(structure.causes, id) })),
    ...item.refs.measureIds.map((id) => ({ kind: 'measure' as const, id, title: title(structure.measures, id) })),
  ];
}

/**
 * Commits the included draft items into the ledger: one ledger item per owner (or one without an owner).
 * Runs once: the material is marked committed in the same transaction, and (report, draft key) is unique.
 */
export async function commitDraft(db: Db, actor: Actor, id: string, version: number) {
  return db.transaction(async (tx) => {
    const row = await loadForDraft(tx, actor, id, version);
    const draft = row.ledgerDraft;
    if (!draft) throw new AppError('LEDGER_DRAFT_MISSING');
    const included = draft.items.map((item, index) => ({ item, index })).filter((x) => x.item.include);
    if (included.length === 0) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'items', message: '没有要提交的事项' }] }, '没有要提交的事项');
    const issues: Issue[] = included.filter((x) => !x.item.problem.trim()).map((x) => ({ path: `items.${x.index}.problem`, message: `第 ${x.index + 1} 条未填写问题表现` }));
    if (issues.length) throw new AppError('VALIDATION_FAILED', { issues }, issues.slice(0, 3).map((x) => x.message).join('；'));
    // People or units may have changed since the draft was saved.
    await checkDraftItems(tx, row, included.map((x) => x.item));

    const rows: ledgerRepo.LedgerItemInsert[] = included.flatMap(({ item, index }) => {
      const owners = item.owners.length ? item.owners : [null];
      return owners.map((owner, k) => ({
        orgUnitId: owner?.orgUnitId ?? row.orgUnitId,
        reportId: row.id,
        draftKey: `${String(index + 1).padStart(4, '0')}:${item.id}:${k}`,
        source: 'self_inspection',
        aspect: item.aspect,
        problem: item.problem,
        cause: item.cause,
        target: item.target,
        measure: item.measure,
        type: item.type,
        leaderPersonId: item.leaderPersonId,
        leadDepartmentId: item.leadDepartmentId,
        ownerPersonId: owner?.personId ?? null,
        cooperatingDepartmentIds: item.cooperatingDepartmentIds,
        deadline: item.deadline,
        remarks: item.remarks,
        problemRefs: problemRefs(row.structure, item),
        createdBy: actor.userId,
      }));
    });
    const ids = await ledgerRepo.insertLedgerItems(tx, rows);
    // Each item's timeline starts with its creation, as for items entered by hand or imported.
    await ledgerRepo.insertEvents(
      tx,
      rows.map((r, i) => {
        const { createdBy: _by, orgUnitId: _unit, ...fields } = r;
        return { itemId: ids[i]!, version: 1, kind: 'created', fromStatus: null, toStatus: 'not_started', note: null, before: null, after: fields, actorUserId: actor.userId, actorName: actor.displayName };
      }),
    );
    if (!(await repo.markLedgerCommitted(tx, id, version))) throw new AppError('VERSION_CONFLICT');
    await appendAuditIn(tx, actor, [
      { action: 'report.ledger_draft.commit', entityType: 'inspection_report', entityId: id, orgUnitId: row.orgUnitId, after: { draftItems: included.length, ledgerItems: ids } },
      ...rows.map((r, i) => ({
        action: 'ledger_item.create',
        entityType: 'ledger_item',
        entityId: ids[i],
        orgUnitId: r.orgUnitId,
        after: { reportId: r.reportId, draftKey: r.draftKey, source: r.source, type: r.type, deadline: r.deadline, leaderPersonId: r.leaderPersonId, ownerPersonId: r.ownerPersonId, leadDepartmentId: r.leadDepartmentId },
      })),
    ]);
    const report = await presentReport(tx, (await repo.findReport(tx, id))!);
    const items = (await ledgerRepo.listItemsOfReport(tx, id)).map(presentLedgerItem);
    return { report, items };
  });
}
