// Ledger items from an Excel sheet as units keep them: headers in any order and under common synonyms, a title
// above the header, merged cells (a merged 方面 applies to every row it spans), dates as dates or as text.
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { Db } from '../../../db/connection';
import { ZLedgerItemCreate, type LedgerItemType } from '../../../contracts/ledger';
import {
  LEDGER_SOURCE_LABELS,
  LEDGER_TYPE_LABELS,
  type LedgerImportQuery,
  type LedgerImportReport,
  type LedgerImportRow,
} from '../../../contracts/ledger-files';
import { AppError } from '../../../domain/shared/app-error';
import { assertInScope, scopeOf } from '../../lib/access';
import { appendAuditIn } from '../../lib/audit';
import type { Actor } from '../../lib/context';
import { buildSheet, cellText, loadWorkbook, workbookBuffer } from '../../lib/xlsx';
import { findUnit } from '../org-units/org-units.repo';
import { normaliseDate } from '../people/people.excel';
import * as repo from './ledger.repo';
import { insertCreatedItemIn, type NewItemFields } from './ledger.service';

export const MAX_IMPORT_ROWS = 5000;
/** How far down the sheet the header row may sit (title rows, notes above it). */
const HEADER_SEARCH_ROWS = 20;

type Key =
  | 'aspect' | 'source' | 'problem' | 'cause' | 'target' | 'measure' | 'type'
  | 'leader' | 'leadDepartment' | 'owner' | 'cooperating' | 'deadline' | 'remarks';

/** The template's header first, then the synonyms met in real ledgers. */
export const IMPORT_HEADERS: Record<Key, readonly string[]> = {
  aspect: ['方面', '问题类别', '问题方面', '类别', '所属方面', '问题类别（方面）', '问题类别(方面)'],
  source: ['来源', '问题来源'],
  problem: ['问题描述', '问题', '存在问题', '问题表现', '具体问题', '查摆问题', '问题清单'],
  cause: ['原因', '原因分析', '问题原因', '产生原因'],
  target: ['整改目标', '目标', '整改标准', '整改目标（标准）', '整改目标(标准)', '目标要求'],
  measure: ['整改措施', '措施', '整改举措', '具体措施', '任务清单'],
  type: ['类型', '整改类型'],
  leader: ['责任领导', '分管领导', '牵头领导', '领导'],
  leadDepartment: ['牵头部门', '责任部门', '牵头单位', '责任单位', '责任科室'],
  owner: ['责任人', '具体责任人', '承办人'],
  cooperating: ['配合部门', '配合单位', '协办部门', '协同部门'],
  deadline: ['整改时限', '时限', '完成时限', '整改期限', '完成期限', '整改时间'],
  remarks: ['备注'],
};

const headerLabel = (k: Key) => IMPORT_HEADERS[k][0]!;
const normaliseHeader = (t: string) => t.replace(/[\s*＊:：]/g, '');
const HEADER_KEY = new Map<string, Key>();
for (const [k, names] of Object.entries(IMPORT_HEADERS) as [Key, readonly string[]][]) for (const n of names) HEADER_KEY.set(normaliseHeader(n), k);

/** A header cell's key: exact synonym, or a synonym followed by a note in brackets (「整改时限（年月日）」). */
export function headerKeyOf(text: string): Key | undefined {
  const t = normaliseHeader(text);
  return HEADER_KEY.get(t) ?? HEADER_KEY.get(t.replace(/[（(【[].*$/, ''));
}

const SOURCE_BY_LABEL = new Map<string, keyof typeof LEDGER_SOURCE_LABELS>([
  ...(Object.entries(LEDGER_SOURCE_LABELS).flatMap(([k, v]) => [[v, k], [k, k]]) as [string, keyof typeof LEDGER_SOURCE_LABELS][]),
  ['对照检查材料', 'self_inspection'], ['自查', 'self_inspection'], ['查摆', 'self_inspection'], ['自查自纠', 'self_inspection'],
  ['意见建议', 'opinion'], ['巡视', 'inspection_tour'], ['巡视巡察', 'inspection_tour'], ['督查', 'supervision'], ['督察', 'supervision'],
  ['审计发现', 'audit'], ['通报', 'higher_notice'], ['上级通报', 'higher_notice'],
]);
const TYPE_BY_LABEL = new Map<string, LedgerItemType>(
  Object.entries(LEDGER_TYPE_LABELS).flatMap(([k, v]) => [[v, k], [k, k]]) as [string, LedgerItemType][],
);

/** Excel's day count (1900 system) for numbers typed into a cell formatted as General. */
function excelSerialDay(n: number): string | undefined {
  if (!Number.isInteger(n) || n < 20_000 || n > 80_000) return undefined;
  return new Date(Date.UTC(1899, 11, 30) + n * 86_400_000).toISOString().slice(0, 10);
}

/** A date cell as YYYY-MM-DD: Excel dates, serial numbers, 2026-12-31, 2026/12/31, 2026.12.31, 2026年12月31日. */
export function readDateCell(value: ExcelJS.CellValue): string | null | undefined {
  if (typeof value === 'number') return excelSerialDay(value);
  const text = cellText(value);
  if (!text) return null;
  if (/^\d{5}$/.test(text)) return excelSerialDay(Number(text));
  return normaliseDate(text);
}

type SheetRow = { rowNumber: number; cells: Partial<Record<Key, { value: ExcelJS.CellValue; text: string; ref: string }>> };

/** The header row (the first of the top rows naming the problem and another known column) and the rows below it. */
export function readLedgerSheet(wb: ExcelJS.Workbook): { headerRow: number; columns: Map<Key, number>; rows: SheetRow[] } {
  const ws = wb.worksheets[0]!;
  if (ws.actualRowCount === 0) throw new AppError('MALFORMED_FILE', { reason: 'empty_sheet' }, '工作表是空的，没有可导入的内容');
  let headerRow = 0;
  let columns = new Map<Key, number>();
  for (let r = 1; r <= Math.min(HEADER_SEARCH_ROWS, ws.rowCount) && !headerRow; r++) {
    const found = new Map<Key, number>();
    ws.getRow(r).eachCell((c, col) => {
      const k = headerKeyOf(cellText(c.value));
      if (k && !found.has(k)) found.set(k, col);
    });
    if (found.has('problem') && found.size >= 2) {
      headerRow = r;
      columns = found;
    }
  }
  if (!headerRow) {
    throw new AppError(
      'MALFORMED_FILE',
      { reason: 'no_header' },
      `找不到表头：第一张工作表的前 ${HEADER_SEARCH_ROWS} 行中没有同时包含「问题描述」（或「问题」「存在问题」）和其他台账列名的行，请使用导入模板`,
    );
  }
  const rows: SheetRow[] = [];
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells: SheetRow['cells'] = {};
    // A row whose only content comes from cells merged from above (a vertical 方面) is blank.
    let own = false;
    for (const [k, col] of columns) {
      const cell = row.getCell(col);
      const text = cellText(cell.value);
      if (!text) continue;
      cells[k] = { value: cell.value, text, ref: cell.address };
      if (cell.type !== ExcelJS.ValueType.Merge) own = true;
    }
    if (own) rows.push({ rowNumber: r, cells });
  }
  if (rows.length === 0) throw new AppError('MALFORMED_FILE', { reason: 'no_rows' }, '表头下没有可导入的数据行');
  if (rows.length > MAX_IMPORT_ROWS) throw new AppError('FILE_TOO_LARGE', { rows: rows.length }, `一次最多导入 ${MAX_IMPORT_ROWS} 行`);
  return { headerRow, columns, rows };
}

const splitNames = (t: string) => t.split(/[、,，;；/\s]+/).map((s) => s.trim()).filter(Boolean);

type Directory = {
  people: Map<string, { id: string; name: string }[]>;
  units: Map<string, { id: string; name: string; kind: string; path: string }[]>;
};

async function loadDirectory(db: Db, actor: Actor, rows: SheetRow[]): Promise<Directory> {
  const personNames = new Set<string>();
  const unitNames = new Set<string>();
  for (const r of rows) {
    if (r.cells.leader) personNames.add(r.cells.leader.text);
    if (r.cells.owner) personNames.add(r.cells.owner.text);
    if (r.cells.leadDepartment) unitNames.add(r.cells.leadDepartment.text);
    if (r.cells.cooperating) splitNames(r.cells.cooperating.text).forEach((n) => unitNames.add(n));
  }
  const scope = scopeOf(actor, 'people.read');
  const [people, units] = await Promise.all([
    repo.findPeopleByNames(db, [...personNames], scope.all ? null : scope.paths),
    repo.findUnitsByNames(db, [...unitNames]),
  ]);
  const dir: Directory = { people: new Map(), units: new Map() };
  for (const p of people) dir.people.set(p.name, [...(dir.people.get(p.name) ?? []), p]);
  for (const u of units) dir.units.set(u.name, [...(dir.units.get(u.name) ?? []), u]);
  return dir;
}

type Parsed = { row: LedgerImportRow; fields: NewItemFields | null };

function parseRow(r: SheetRow, orgUnitId: string, dir: Directory, actor: Actor): Parsed {
  const errors: LedgerImportRow['errors'] = [];
  const bad = (k: Key, message: string) => errors.push({ column: headerLabel(k), message: r.cells[k] ? `${r.cells[k].ref}：${message}` : message });
  const text = (k: Key) => r.cells[k]?.text ?? null;
  const writeScope = scopeOf(actor, 'people.write');

  const person = (k: 'leader' | 'owner'): string | null => {
    const name = text(k);
    if (!name) return null;
    if (splitNames(name).length > 1) {
      bad(k, `「${name}」填写了多人，每项只能有一名${headerLabel(k)}`);
      return null;
    }
    const matches = dir.people.get(name) ?? [];
    if (matches.length === 0) bad(k, `在您的管理范围内找不到名为「${name}」的人员`);
    else if (matches.length > 1) bad(k, `「${name}」有 ${matches.length} 人重名，无法确定是哪一位，请在系统中手工指定`);
    else return matches[0]!.id;
    return null;
  };
  const unit = (k: 'leadDepartment' | 'cooperating', name: string): string | null => {
    let matches = dir.units.get(name) ?? [];
    if (matches.length > 1) {
      const departments = matches.filter((u) => u.kind === 'department' || u.kind === 'duty_group');
      if (departments.length) matches = departments;
    }
    if (matches.length > 1) {
      const inScope = matches.filter((u) => writeScope.all || writeScope.paths.some((p) => u.path.startsWith(p)));
      if (inScope.length) matches = inScope;
    }
    if (matches.length === 0) bad(k, `找不到名为「${name}」的部门`);
    else if (matches.length > 1) bad(k, `有 ${matches.length} 个名为「${name}」的部门，无法确定是哪一个`);
    else return matches[0]!.id;
    return null;
  };

  const sourceText = text('source');
  const source = sourceText ? SOURCE_BY_LABEL.get(sourceText) : 'other';
  if (!source) bad('source', `「${sourceText}」无效，应为：${Object.values(LEDGER_SOURCE_LABELS).join('/')}`);
  const typeText = text('type');
  const type = typeText ? TYPE_BY_LABEL.get(typeText) : 'deadline';
  if (!type) bad('type', `「${typeText}」无效，应为：${Object.values(LEDGER_TYPE_LABELS).join('/')}`);
  const deadlineCell = r.cells.deadline;
  const deadline = deadlineCell ? readDateCell(deadlineCell.value) : null;
  if (deadline === undefined) bad('deadline', `日期「${deadlineCell!.text}」无法识别，请写作 2026-12-31、2026/12/31、2026.12.31 或 2026年12月31日`);
  const leaderPersonId = person('leader');
  const ownerPersonId = person('owner');
  const leadDepartmentId = text('leadDepartment') ? unit('leadDepartment', text('leadDepartment')!) : null;
  const cooperatingDepartmentIds = splitNames(text('cooperating') ?? '')
    .map((n) => unit('cooperating', n))
    .filter((id): id is string => !!id);

  const input = {
    orgUnitId,
    source: source ?? 'other',
    aspect: text('aspect'),
    problem: text('problem') ?? '',
    cause: text('cause'),
    target: text('target'),
    measure: text('measure'),
    type: type ?? 'deadline',
    leaderPersonId,
    leadDepartmentId,
    ownerPersonId,
    cooperatingDepartmentIds: [...new Set(cooperatingDepartmentIds)],
    deadline: deadline ?? null,
    remarks: text('remarks'),
  };
  const parsed = ZLedgerItemCreate.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'problem');
      const k = (field === 'leaderPersonId' ? 'leader' : field === 'ownerPersonId' ? 'owner' : field === 'leadDepartmentId' ? 'leadDepartment' : field) as Key;
      if (k === 'problem' && !input.problem) bad('problem', '必填');
      else if (k in IMPORT_HEADERS) bad(k, issue.message);
      else bad('problem', issue.message);
    }
  }
  const preview = {
    aspect: text('aspect'),
    problem: text('problem') ?? '',
    measure: text('measure'),
    source: source ? LEDGER_SOURCE_LABELS[source] : sourceText,
    type: type ? LEDGER_TYPE_LABELS[type] : typeText,
    deadline: deadline ?? (deadlineCell?.text || null),
    leaderName: text('leader'),
    leadDepartmentName: text('leadDepartment'),
    ownerName: text('owner'),
  };
  const ok = errors.length === 0 && parsed.success;
  const row: LedgerImportRow = { row: r.rowNumber, status: ok ? 'ok' : 'error', errors, preview };
  if (!ok) return { row, fields: null };
  const f = parsed.data;
  return {
    row,
    fields: {
      source: f.source,
      aspect: f.aspect ?? null,
      problem: f.problem,
      cause: f.cause ?? null,
      target: f.target ?? null,
      measure: f.measure ?? null,
      type: f.type,
      leaderPersonId: f.leaderPersonId ?? null,
      leadDepartmentId: f.leadDepartmentId ?? null,
      ownerPersonId: f.ownerPersonId ?? null,
      cooperatingDepartmentIds: f.cooperatingDepartmentIds ?? [],
      deadline: f.deadline ?? null,
      remarks: f.remarks ?? null,
      checkInMonths: 1,
    },
  };
}

/**
 * Checks every row and reports row by row; dry_run writes nothing, all_or_nothing writes only a clean file,
 * valid_rows writes the good rows. Writes happen in one transaction: each item with its `created` event, one audit entry.
 */
export async function importLedgerItems(db: Db, actor: Actor, buffer: Buffer, q: LedgerImportQuery): Promise<LedgerImportReport> {
  const unit = await findUnit(db, q.orgUnitId);
  if (!unit) throw new AppError('NOT_FOUND', { entity: 'org_unit', id: q.orgUnitId });
  assertInScope(actor, 'people.write', [unit.path]);
  const wb = await loadWorkbook(buffer);
  const { rows } = readLedgerSheet(wb);
  const dir = await loadDirectory(db, actor, rows);
  const parsed = rows.map((r) => parseRow(r, unit.id, dir, actor));
  const good = parsed.filter((p) => p.fields);
  const report: LedgerImportReport = { mode: q.mode, rows: parsed.map((p) => p.row), valid: good.length, invalid: parsed.length - good.length, imported: 0 };
  if (q.mode === 'dry_run' || (q.mode === 'all_or_nothing' && report.invalid > 0) || good.length === 0) return report;
  const ids: string[] = [];
  await db.transaction(async (tx) => {
    for (const p of good) {
      const id = randomUUID();
      await insertCreatedItemIn(tx, actor, id, unit.id, p.fields!);
      ids.push(id);
    }
    await appendAuditIn(tx, actor, [
      {
        action: 'ledger_item.import',
        entityType: 'ledger_item',
        orgUnitId: unit.id,
        after: { mode: q.mode, count: ids.length, invalid: report.invalid, rows: good.map((p) => p.row.row), ids },
      },
    ]);
  });
  return { ...report, imported: ids.length };
}

/** The template: the export's input columns in the same order, an example row, pick lists and notes. */
export async function ledgerImportTemplate(): Promise<Buffer> {
  const keys: Key[] = ['source', 'aspect', 'problem', 'cause', 'target', 'measure', 'type', 'leader', 'leadDepartment', 'owner', 'cooperating', 'deadline', 'remarks'];
  const widths: Partial<Record<Key, number>> = { problem: 40, measure: 40, cause: 28, target: 24, aspect: 18, cooperating: 18, remarks: 20 };
  const { wb, ws } = buildSheet('整改台账', keys.map((k) => ({ header: headerLabel(k) + (k === 'problem' ? '*' : ''), key: k, width: widths[k] ?? 12 })));
  ws.addRow({
    source: '征求意见',
    aspect: '理论学习方面',
    problem: '理论学习的自觉性还不够强，集中学习存在以会代学现象',
    cause: '思想上重视不够',
    target: '学习制度落实到位',
    measure: '每月开展一次集中学习，班子成员带头领学',
    type: '限期整改',
    leader: '（系统中已有的人员姓名）',
    leadDepartment: '（系统中已有的部门名称）',
    owner: '（系统中已有的人员姓名）',
    cooperating: '',
    deadline: '2026-12-31',
    remarks: '',
  });
  const lists: Partial<Record<Key, string[]>> = { source: Object.values(LEDGER_SOURCE_LABELS), type: Object.values(LEDGER_TYPE_LABELS) };
  for (const [key, values] of Object.entries(lists)) {
    const col = ws.getColumn(key);
    for (let r = 2; r <= 1000; r++) ws.getCell(r, col.number).dataValidation = { type: 'list', allowBlank: true, formulae: [`"${values!.join(',')}"`] };
  }
  const notes = wb.addWorksheet('填写说明');
  notes.columns = [{ header: '说明', key: 'n', width: 100 }];
  for (const line of [
    '带 * 的列必填；第 2 行是示例，导入前请删除或覆盖。列的顺序可以调整，表头上方可以有标题行。',
    '列名也可写作：问题/存在问题、措施、时限/完成时限、责任部门、问题类别等；合并单元格（如同一方面的多行）会应用到所跨的每一行。',
    `来源填写：${Object.values(LEDGER_SOURCE_LABELS).join('、')}（空白为「其他」）；类型填写：${Object.values(LEDGER_TYPE_LABELS).join('、')}（空白为「限期整改」）。`,
    '整改时限可写作 2026-12-31、2026/12/31、2026.12.31 或 2026年12月31日，也可以是 Excel 日期。',
    '责任领导、责任人填写您管理范围内的人员姓名（每项一人）；牵头部门、配合部门填写系统中的部门名称，多个配合部门用顿号分隔。',
    '导入前系统会逐行校验并给出报告，可选择「全部不导入」或「仅导入有效行」。',
  ]) notes.addRow({ n: line });
  return workbookBuffer(wb);
}
