import { createHash, randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../../../db/connection';
import { ZInspectionReport } from '../../../contracts/inspection-report';
import type { LedgerDraftView } from '../../../contracts/ledger';
import type { Report, ReportCreate, ReportListQuery, ReportMeta, ReportStructureDto, ReportSummary } from '../../../contracts/reports';
import { parseInspectionReport } from '../../../domain/inspection';
import { structureFromReport } from '../../../domain/ledger/structure-from-report';
import type { ReportStructure } from '../../../domain/ledger/types';
import { AppError } from '../../../domain/shared/app-error';
import { assertInScope, hasPermission, scopeOf, unitIdsInScope } from '../../lib/access';
import { appendAudit, appendAuditIn } from '../../lib/audit';
import type { Actor } from '../../lib/context';
import type { FileStore } from '../../lib/file-store';
import { extractText, type ExtractedFormat } from '../inspection/extract-text';
import { secretaryPaths } from '../ledger/ledger.service';
import { findUnit } from '../org-units/org-units.repo';
import { assertCanRead, assertCanWrite, authorPaths, isSecretaryAbove } from './reports.access';
import * as repo from './reports.repo';

/** How many problems of earlier materials the repeat check compares against. */
const EARLIER_PROBLEMS_LIMIT = 1000;

const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());

export function presentSummary(r: repo.ReportSummaryRow): ReportSummary {
  return {
    id: r.id,
    orgUnitId: r.orgUnitId,
    orgUnitName: r.orgUnitName,
    kind: r.kind,
    personId: r.personId,
    personName: r.personName,
    year: r.year,
    campaign: r.campaign,
    title: r.title,
    detectedKind: r.detectedKind,
    sourceKind: r.sourceKind,
    fileName: r.fileName,
    fileSize: r.fileSize,
    fileSha256: r.fileSha256,
    counts: { aspects: r.aspects, problems: r.problems, causes: r.causes, measures: r.measures, links: r.links, findings: r.findings, repeats: r.repeats },
    hasLedgerDraft: r.hasLedgerDraft,
    ledgerCommittedAt: iso(r.ledgerCommittedAt),
    version: r.version,
    createdAt: iso(r.createdAt)!,
    updatedAt: iso(r.updatedAt)!,
  };
}

/** The draft with the names of the people and units it refers to, for display. */
export async function presentDraft(db: Queryable, draft: repo.ReportRow['ledgerDraft']): Promise<LedgerDraftView | null> {
  if (!draft) return null;
  const personIds = new Set<string>();
  const unitIds = new Set<string>();
  for (const item of draft.items) {
    if (item.leaderPersonId) personIds.add(item.leaderPersonId);
    if (item.leadDepartmentId) unitIds.add(item.leadDepartmentId);
    for (const o of item.owners) {
      personIds.add(o.personId);
      if (o.orgUnitId) unitIds.add(o.orgUnitId);
    }
    for (const d of item.cooperatingDepartmentIds) unitIds.add(d);
  }
  const [people, units] = await Promise.all([repo.peopleNames(db, [...personIds]), repo.unitsByIds(db, [...unitIds])]);
  return { ...draft, names: { people, units: units.map((u) => ({ id: u.id, name: u.name, kind: u.kind })) } };
}

export async function presentReport(db: Queryable, r: repo.ReportRow): Promise<Report> {
  return {
    ...presentSummary(r),
    parsed: r.parsed,
    earlierProblems: r.earlierProblems,
    structure: r.structure,
    ledgerDraft: await presentDraft(db, r.ledgerDraft),
  };
}

/** A personal material's every read is recorded: who looked, at what, for what purpose. */
async function auditPersonalRead(db: Db, actor: Actor, r: repo.ReportSummaryRow, purpose: string) {
  if (r.kind !== 'personal') return;
  await appendAudit(db, actor, [
    { action: 'report.read_personal', entityType: 'inspection_report', entityId: r.id, orgUnitId: r.orgUnitId, after: { purpose, personId: r.personId } },
  ]);
}

/** Loads a material the actor may read; personal reads are audited with the purpose given. */
export async function loadReadable(db: Db, actor: Actor, id: string, purpose: string): Promise<repo.ReportRow> {
  const row = await repo.findReport(db, id);
  if (!row) throw new AppError('NOT_FOUND', { entity: 'inspection_report', id });
  assertCanRead(actor, row);
  await auditPersonalRead(db, actor, row, purpose);
  return row;
}

export async function getReport(db: Db, actor: Actor, id: string): Promise<Report> {
  return presentReport(db, await loadReadable(db, actor, id, 'view'));
}

export async function listReports(db: Db, actor: Actor, q: ReportListQuery) {
  const filter: repo.ReportFilter = {
    teamUnitIds: hasPermission(actor, 'people.read') ? await unitIdsInScope(db, scopeOf(actor, 'people.read')) : [],
    selfPersonId: actor.personId,
    secretaryPrefixes: secretaryPaths(actor),
    year: q.year,
    kind: q.kind,
    personId: q.personId,
  };
  if (q.orgUnitId) {
    const unit = await findUnit(db, q.orgUnitId);
    if (!unit) throw new AppError('NOT_FOUND', { entity: 'org_unit', id: q.orgUnitId });
    filter.subtreePrefix = unit.path;
  }
  const { items, total } = await repo.listReports(db, filter, q);
  const personal = items.filter((r) => r.kind === 'personal');
  if (personal.length) {
    await appendAudit(db, actor, [
      { action: 'report.list_personal', entityType: 'inspection_report', after: { ids: personal.map((r) => r.id), personIds: [...new Set(personal.map((r) => r.personId))] } },
    ]);
  }
  return { items: items.map(presentSummary), total };
}

export type MaterialSource = { kind: 'text'; text: string; title?: string } | { kind: 'file'; buffer: Buffer; fileName: string };

/** Checks the unit and who may file the material there; returns the unit and, for a personal one, the author. */
async function checkFiling(db: Db, actor: Actor, meta: ReportMeta) {
  const unit = await findUnit(db, meta.orgUnitId);
  if (!unit || unit.closedAt) throw new AppError('NOT_FOUND', { entity: 'org_unit', id: meta.orgUnitId }, '所选组织不存在或已撤销');
  if (meta.kind === 'team') {
    assertInScope(actor, 'people.write', [unit.path]);
    return { unit };
  }
  const person = await repo.findPersonUnits(db, meta.personId!);
  if (!person) throw new AppError('NOT_FOUND', { entity: 'person', id: meta.personId }, '所选人员不存在');
  const own = [person.branchPath, person.departmentPath].filter((p): p is string => !!p);
  if (own.length && !own.some((p) => p.startsWith(unit.path))) {
    const msg = '个人对照检查材料应归入本人所在的支部、科室或其上级组织';
    throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'orgUnitId', message: msg }] }, msg);
  }
  const paths = authorPaths({ orgUnitPath: unit.path, personBranchPath: person.branchPath, personDepartmentPath: person.departmentPath });
  if (actor.personId !== person.id && !isSecretaryAbove(actor, paths)) {
    throw new AppError('FORBIDDEN', { reason: 'personal_material' }, '个人对照检查材料只能由本人或上级党组织书记提交');
  }
  return { unit, person };
}

const FORMAT_EXT: Record<ExtractedFormat, string> = { txt: 'txt', docx: 'docx', pdf: 'pdf' };

/**
 * Files a material: extracts the text of an upload, parses it (comparing with the same unit's or person's
 * earlier problems), stores the row and the original file together; a failure leaves neither behind.
 */
export async function createReport(db: Db, files: FileStore, actor: Actor, meta: ReportMeta, source: MaterialSource): Promise<Report> {
  const { unit } = await checkFiling(db, actor, meta);
  const extracted = source.kind === 'file' ? await extractText(source.buffer, source.fileName) : null;
  const text = extracted ? extracted.text : source.kind === 'text' ? source.text : '';
  if (!text.trim()) throw new AppError('MALFORMED_FILE', undefined, source.kind === 'file' ? '文件中没有可读取的文字' : '材料内容是空的');

  const earlier = await repo.listEarlierProblems(db, {
    kind: meta.kind,
    orgUnitId: unit.id,
    personId: meta.personId ?? null,
    year: meta.year,
    limit: EARLIER_PROBLEMS_LIMIT,
  });
  const parsed = parseInspectionReport(text, { earlierProblems: earlier.map((e) => ({ title: e.title, text: e.body })) });
  const checked = ZInspectionReport.safeParse(parsed);
  if (!checked.success) throw new AppError('INTERNAL', { issues: checked.error.issues.slice(0, 5) }, '解析结果不完整');

  const id = randomUUID();
  const baseName = source.kind === 'file' ? source.fileName.replace(/\.[^.]*$/, '').trim() : (source.title ?? '');
  const structure = structureFromReport(parsed, baseName || `${meta.year}年${meta.kind === 'personal' ? '个人' : '班子'}对照检查材料`);
  const file =
    source.kind === 'file' && extracted
      ? {
          fileName: source.fileName.slice(0, 255),
          fileKey: `reports/${id}/original.${FORMAT_EXT[extracted.format]}`,
          fileSize: source.buffer.length,
          fileSha256: createHash('sha256').update(source.buffer).digest('hex'),
        }
      : null;

  let stored = false;
  try {
    await db.transaction(async (tx) => {
      await repo.insertReport(tx, {
        id,
        orgUnitId: unit.id,
        kind: meta.kind,
        personId: meta.kind === 'personal' ? meta.personId! : null,
        year: meta.year,
        campaign: meta.campaign,
        title: structure.title,
        sourceKind: source.kind,
        ...(file ?? {}),
        sourceText: text,
        parsed,
        earlierProblems: earlier.map(({ body: _b, ...ref }) => ref),
        structure,
        createdBy: actor.userId,
      });
      if (file && source.kind === 'file') {
        stored = true;
        await files.put(file.fileKey, source.buffer);
      }
      await appendAuditIn(tx, actor, [
        {
          action: 'report.create',
          entityType: 'inspection_report',
          entityId: id,
          orgUnitId: unit.id,
          after: {
            kind: meta.kind,
            personId: meta.personId ?? null,
            year: meta.year,
            campaign: meta.campaign,
            title: structure.title,
            sourceKind: source.kind,
            fileName: file?.fileName ?? null,
            fileSize: file?.fileSize ?? null,
            fileSha256: file?.fileSha256 ?? null,
            counts: { problems: structure.problems.length, causes: structure.causes.length, measures: structure.measures.length },
            repeats: parsed.quality.repeats.length,
          },
        },
      ]);
    });
  } catch (e) {
    if (stored && file) await files.remove(file.fileKey).catch(() => undefined);
    throw e;
  }
  return presentReport(db, (await repo.findReport(db, id))!);
}

export async function createReportFromText(db: Db, files: FileStore, actor: Actor, input: ReportCreate): Promise<Report> {
  const { text, title, ...meta } = input;
  return createReport(db, files, actor, meta, { kind: 'text', text, title });
}

/** JSON with object keys sorted: jsonb does not keep key order, so plain JSON.stringify would see false changes. */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x,
  );
}

/** Which items of each part were added, removed or changed, and how links were reviewed: the audit's record of an edit. */
function structureChanges(before: ReportStructure, after: ReportStructure) {
  const parts = ['aspects', 'problems', 'causes', 'measureGroups', 'measures'] as const;
  const out: Record<string, { added: string[]; removed: string[]; changed: string[] }> = {};
  for (const part of parts) {
    const b = new Map<string, unknown>(before[part].map((x) => [x.id, x]));
    const a = new Map<string, unknown>(after[part].map((x) => [x.id, x]));
    const added = [...a.keys()].filter((k) => !b.has(k));
    const removed = [...b.keys()].filter((k) => !a.has(k));
    const changed = [...a.keys()].filter((k) => b.has(k) && canonical(a.get(k)) !== canonical(b.get(k)));
    if (added.length || removed.length || changed.length) out[part] = { added, removed, changed };
  }
  const review = (s: ReportStructure) => ({
    total: s.links.length,
    accepted: s.links.filter((l) => l.accepted === true).length,
    rejected: s.links.filter((l) => l.accepted === false).length,
  });
  return {
    before: { title: before.title, links: review(before) },
    after: { title: after.title, links: review(after), parts: out },
  };
}

/** Replaces the reviewed structure as a whole, if nobody changed the material since `version`. */
export async function putStructure(db: Db, actor: Actor, id: string, input: { structure: ReportStructureDto; version: number }): Promise<Report> {
  return db.transaction(async (tx) => {
    const row = await repo.findReport(tx, id, true);
    if (!row) throw new AppError('NOT_FOUND', { entity: 'inspection_report', id });
    assertCanWrite(actor, row);
    if (row.version !== input.version) throw new AppError('VERSION_CONFLICT', { current: await presentReport(tx, row) });
    const ok = await repo.updateStructure(tx, id, input.version, input.structure);
    if (!ok) throw new AppError('VERSION_CONFLICT', { current: await presentReport(tx, (await repo.findReport(tx, id))!) });
    await appendAuditIn(tx, actor, [
      { action: 'report.structure', entityType: 'inspection_report', entityId: id, orgUnitId: row.orgUnitId, ...structureChanges(row.structure, input.structure) },
    ]);
    return presentReport(tx, (await repo.findReport(tx, id))!);
  });
}

/** Deletes a material that has not yet fed the ledger, and its original file. */
export async function deleteReport(db: Db, files: FileStore, actor: Actor, id: string, version: number): Promise<void> {
  const fileKey = await db.transaction(async (tx) => {
    const row = await repo.findReport(tx, id, true);
    if (!row) throw new AppError('NOT_FOUND', { entity: 'inspection_report', id });
    assertCanWrite(actor, row);
    if (row.ledgerCommittedAt) throw new AppError('LEDGER_DRAFT_COMMITTED', { committedAt: iso(row.ledgerCommittedAt) }, '已提交整改台账的材料不能删除');
    if (row.version !== version || !(await repo.deleteReport(tx, id, version))) {
      throw new AppError('VERSION_CONFLICT', { current: await presentReport(tx, row) });
    }
    await appendAuditIn(tx, actor, [
      {
        action: 'report.delete',
        entityType: 'inspection_report',
        entityId: id,
        orgUnitId: row.orgUnitId,
        before: { kind: row.kind, personId: row.personId, year: row.year, campaign: row.campaign, title: row.title, fileSha256: row.fileSha256 },
      },
    ]);
    return row.fileKey;
  });
  // The row is gone for good; a file left behind by a failed removal holds nothing reachable.
  if (fileKey) await files.remove(fileKey).catch(() => undefined);
}

const MIME: Record<string, string> = {
  txt: 'text/plain; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
};

/** The uploaded original, as it came. */
export async function getOriginalFile(db: Db, files: FileStore, actor: Actor, id: string) {
  const row = await loadReadable(db, actor, id, 'download_original');
  if (!row.fileKey) throw new AppError('NOT_FOUND', { entity: 'file', id }, '该材料是粘贴的文字，没有原始文件');
  const data = await files.get(row.fileKey);
  if (!data) throw new AppError('NOT_FOUND', { entity: 'file', id }, '原始文件已丢失');
  const ext = row.fileKey.split('.').pop() ?? '';
  return { data, fileName: row.fileName ?? `original.${ext}`, mime: MIME[ext] ?? 'application/octet-stream' };
}
