import { randomUUID } from 'node:crypto';
import type { Db } from '../../../db/connection';
import { ORG_UNIT_KINDS, type OrgUnitKind } from '../../../contracts/org-units';
import type { ImportReport } from '../../../contracts/people';
import { AppError } from '../../../domain/shared/app-error';
import { inScope, scopeOf } from '../../lib/access';
import { appendAuditIn } from '../../lib/audit';
import type { Actor } from '../../lib/context';
import { buildSheet, loadWorkbook, readSheetRows, workbookBuffer } from '../../lib/xlsx';
import * as repo from './org-units.repo';

export const KIND_LABELS: Record<OrgUnitKind, string> = {
  committee: '党委',
  general_branch: '党总支',
  branch: '党支部',
  group: '党小组',
  department: '科室',
  duty_group: '值班组',
};
const KIND_BY_LABEL = new Map<string, OrgUnitKind>([
  ...ORG_UNIT_KINDS.map((k) => [KIND_LABELS[k], k] as const),
  ...ORG_UNIT_KINDS.map((k) => [k, k] as const),
  ['支部', 'branch'],
  ['总支', 'general_branch'],
  ['部门', 'department'],
]);

const HEADERS = {
  name: ['组织名称', '名称', '单位名称'],
  parent: ['上级组织', '上级', '上级单位'],
  kind: ['类型', '组织类型'],
  sortOrder: ['排序', '序号'],
} as const;

export async function orgImportTemplate(): Promise<Buffer> {
  const { wb, ws } = buildSheet('组织架构', [
    { header: '组织名称', key: 'name', width: 24 },
    { header: '上级组织', key: 'parent', width: 24 },
    { header: '类型', key: 'kind', width: 12 },
    { header: '排序', key: 'sortOrder', width: 8 },
  ]);
  ws.addRow({ name: '第一党支部', parent: '（填写已有或本表中上方的组织名称）', kind: '党支部', sortOrder: 1 });
  ws.getColumn('kind').eachCell((c, row) => {
    if (row > 1) c.dataValidation = { type: 'list', allowBlank: false, formulae: [`"${Object.values(KIND_LABELS).join(',')}"`] };
  });
  return workbookBuffer(wb);
}

/** Validates every row first; writes nothing in dry_run, or when all_or_nothing meets a bad row. */
export async function importOrgUnits(db: Db, actor: Actor, buffer: Buffer, mode: ImportReport['mode']): Promise<ImportReport> {
  const wb = await loadWorkbook(buffer);
  const { rows, missingHeaders } = readSheetRows(wb, HEADERS, ['name', 'parent', 'kind']);
  if (missingHeaders.length) throw new AppError('MALFORMED_FILE', { missingHeaders }, `缺少必需的列：${missingHeaders.join('、')}`);
  const scope = scopeOf(actor, 'org.write');
  const existing = await repo.listUnits(db, { includeClosed: false, prefixes: null });
  const byName = new Map<string, { id: string; path: string }[]>();
  for (const u of existing) byName.set(u.name, [...(byName.get(u.name) ?? []), { id: u.id, path: u.path }]);
  const problems: ImportReport['problems'] = [];
  const planned: { id: string; parentId: string; kind: OrgUnitKind; name: string; sortOrder: number; path: string }[] = [];
  const badRows = new Set<number>();
  for (const { rowNumber, values } of rows) {
    const bad = (column: string, message: string) => {
      problems.push({ row: rowNumber, column, message });
      badRows.add(rowNumber);
    };
    if (!values.name) bad('组织名称', '组织名称不能为空');
    else if (values.name.length > 100) bad('组织名称', '组织名称不超过 100 字');
    const kind = KIND_BY_LABEL.get(values.kind);
    if (!kind) bad('类型', `类型「${values.kind}」无效，应为：${Object.values(KIND_LABELS).join('/')}`);
    const parents = byName.get(values.parent) ?? [];
    if (!values.parent) bad('上级组织', '上级组织不能为空');
    else if (parents.length === 0) bad('上级组织', `找不到上级组织「${values.parent}」`);
    else if (parents.length > 1) bad('上级组织', `有多个名为「${values.parent}」的组织，无法确定上级`);
    else if (!inScope(scope, parents[0]!.path)) bad('上级组织', `无权在「${values.parent}」下创建组织`);
    if (values.name && parents.length === 1 && (byName.get(values.name) ?? []).some((u) => u.path.startsWith(parents[0]!.path) && u.path.split('/').length === parents[0]!.path.split('/').length + 1)) {
      bad('组织名称', `「${values.parent}」下已有「${values.name}」`);
    }
    const sortOrder = values.sortOrder ? Number(values.sortOrder) : 0;
    if (!Number.isInteger(sortOrder) || sortOrder < 0) bad('排序', '排序应为非负整数');
    if (badRows.has(rowNumber)) continue;
    const id = randomUUID();
    const parent = parents[0]!;
    const path = parent.path + id + '/';
    planned.push({ id, parentId: parent.id, kind: kind!, name: values.name, sortOrder, path });
    // Later rows may name this unit as their parent.
    byName.set(values.name, [...(byName.get(values.name) ?? []), { id, path }]);
  }
  const report: ImportReport = {
    mode,
    totalRows: rows.length,
    validRows: planned.length,
    invalidRows: badRows.size,
    imported: 0,
    problems,
  };
  if (mode === 'dry_run' || (mode === 'all_or_nothing' && badRows.size > 0) || planned.length === 0) return report;
  await db.transaction(async (tx) => {
    for (const u of planned) await repo.insertUnit(tx, u);
    await appendAuditIn(tx, actor, [{ action: 'org_unit.import', entityType: 'org_unit', after: { count: planned.length, names: planned.map((u) => u.name) } }]);
  });
  return { ...report, imported: planned.length };
}
