// The three lists of a rectification plan (问题清单 · 任务清单 · 责任清单) as one workbook, a sheet each.
import type ExcelJS from 'exceljs';
import type { LedgerDraftItemDto } from '../../../contracts/ledger';
import { chooseLinks } from '../../../domain/ledger/suggest-draft';
import type { LedgerItemType, ReportStructure, StructureLink } from '../../../domain/ledger/types';
import { buildSheet, workbookBuffer } from '../../lib/xlsx';

export const ITEM_TYPE_LABELS: Record<LedgerItemType, string> = { immediate: '立行立改', deadline: '限期整改', ongoing: '长期坚持' };
export const SOURCE_LABEL = '对照检查';

type Column = { header: string; key: string; width: number };

const PROBLEM_COLUMNS: Column[] = [
  { header: '序号', key: 'no', width: 6 },
  { header: '问题类别（方面）', key: 'aspect', width: 28 },
  { header: '问题来源', key: 'source', width: 10 },
  { header: '问题表现', key: 'problem', width: 60 },
  { header: '原因', key: 'cause', width: 36 },
  { header: '整改措施', key: 'measure', width: 36 },
];

const TASK_COLUMNS: Column[] = [
  { header: '序号', key: 'no', width: 6 },
  { header: '问题类别（方面）', key: 'aspect', width: 24 },
  { header: '问题来源', key: 'source', width: 10 },
  { header: '问题表现', key: 'problem', width: 30 },
  { header: '原因', key: 'cause', width: 30 },
  { header: '整改目标', key: 'target', width: 24 },
  { header: '整改措施', key: 'measure', width: 60 },
  { header: '整改类型', key: 'type', width: 10 },
  { header: '整改时限', key: 'deadline', width: 12 },
];

const RESPONSIBILITY_COLUMNS: Column[] = [
  { header: '序号', key: 'no', width: 6 },
  { header: '问题表现', key: 'problem', width: 30 },
  { header: '整改措施', key: 'measure', width: 40 },
  { header: '整改类型', key: 'type', width: 10 },
  { header: '责任领导', key: 'leader', width: 10 },
  { header: '牵头部门', key: 'leadDepartment', width: 14 },
  { header: '责任人', key: 'owners', width: 24 },
  { header: '配合部门', key: 'cooperating', width: 20 },
  { header: '整改时限', key: 'deadline', width: 12 },
  { header: '备注', key: 'remarks', width: 20 },
];

/** Same look as buildSheet's first sheet: bold, shaded, frozen header; long text wraps. */
function addSheet(wb: ExcelJS.Workbook, title: string, columns: Column[]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(title, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns;
  styleSheet(ws);
  return ws;
}

function styleSheet(ws: ExcelJS.Worksheet) {
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8F0FE' } };
  ws.columns.forEach((c) => {
    c.alignment = { wrapText: true, vertical: 'top' };
  });
}

const full = (x: { title: string; body: string }) => (x.body ? `${x.title}。${x.body}` : x.title).replace(/。{2,}/g, '。');

export type ListsInput = {
  structure: ReportStructure;
  items: readonly LedgerDraftItemDto[];
  names: { people: Map<string, string>; units: Map<string, string> };
};

export async function buildListsWorkbook(input: ListsInput): Promise<Buffer> {
  const { structure: s, names } = input;
  const { wb, ws: problems } = buildSheet('问题清单', PROBLEM_COLUMNS);
  styleSheet(problems);
  const aspectTitle = new Map(s.aspects.map((a) => [a.id, a.title]));
  const causeTitle = new Map(s.causes.map((c) => [c.id, c.title]));
  const measureTitle = new Map(s.measures.map((m) => [m.id, m.title]));
  const linksOf = <K extends StructureLink['kind']>(kind: K, problemId: string) =>
    chooseLinks(s.links.filter((l): l is Extract<StructureLink, { kind: K }> => l.kind === kind && l.problemId === problemId));
  s.problems.forEach((p, i) => {
    problems.addRow({
      no: i + 1,
      aspect: (p.aspectId && aspectTitle.get(p.aspectId)) || '',
      source: SOURCE_LABEL,
      problem: full(p),
      cause: linksOf('cause_problem', p.id).map((l) => causeTitle.get(l.causeId) ?? '').filter(Boolean).join('；'),
      measure: linksOf('measure_problem', p.id).map((l) => measureTitle.get(l.measureId) ?? '').filter(Boolean).join('；'),
    });
  });

  const included = input.items.filter((x) => x.include);
  const person = (id: string | null) => (id ? (names.people.get(id) ?? '') : '');
  const unit = (id: string | null) => (id ? (names.units.get(id) ?? '') : '');
  const tasks = addSheet(wb, '任务清单', TASK_COLUMNS);
  const duties = addSheet(wb, '责任清单', RESPONSIBILITY_COLUMNS);
  included.forEach((x, i) => {
    tasks.addRow({
      no: i + 1,
      aspect: x.aspect ?? '',
      source: SOURCE_LABEL,
      problem: x.problem,
      cause: x.cause ?? '',
      target: x.target ?? '',
      measure: x.measure ?? '',
      type: ITEM_TYPE_LABELS[x.type],
      deadline: x.deadline ?? '',
    });
    duties.addRow({
      no: i + 1,
      problem: x.problem,
      measure: x.measure ?? '',
      type: ITEM_TYPE_LABELS[x.type],
      leader: person(x.leaderPersonId),
      leadDepartment: unit(x.leadDepartmentId),
      owners: x.owners.map((o) => person(o.personId) + (o.orgUnitId && unit(o.orgUnitId) ? `（${unit(o.orgUnitId)}）` : '')).join('、'),
      cooperating: x.cooperatingDepartmentIds.map(unit).filter(Boolean).join('、'),
      deadline: x.deadline ?? '',
      remarks: x.remarks ?? '',
    });
  });
  return workbookBuffer(wb);
}
