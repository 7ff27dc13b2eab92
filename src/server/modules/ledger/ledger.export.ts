// The ledger as an .xlsx, streamed: rows are read in keyset batches and written as they come, so memory stays
// flat however many items match.
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type { Db } from '../../../db/connection';
import { LEDGER_SOURCE_LABELS, LEDGER_STATUS_LABELS, LEDGER_TYPE_LABELS, type LedgerExportQuery } from '../../../contracts/ledger-files';
import { calendarDay, deriveLateness } from '../../../domain/ledger/overdue';
import { appendAudit } from '../../lib/audit';
import { createXlsxStream, type XlsxCell } from '../../lib/xlsx-stream';
import type { Actor } from '../../lib/context';
import { listUnits } from '../org-units/org-units.repo';
import * as repo from './ledger.repo';
import { resolveLedgerFilter, todayInLedger } from './ledger.service';

export const EXPORT_BATCH = 1000;

type Col = { key: string; header: string; width: number; date?: boolean };
export const EXPORT_COLUMNS: Col[] = [
  { key: 'no', header: '序号', width: 6 },
  { key: 'source', header: '来源', width: 10 },
  { key: 'aspect', header: '方面', width: 18 },
  { key: 'problem', header: '问题描述', width: 40 },
  { key: 'cause', header: '原因', width: 28 },
  { key: 'target', header: '整改目标', width: 24 },
  { key: 'measure', header: '整改措施', width: 40 },
  { key: 'type', header: '类型', width: 10 },
  { key: 'leader', header: '责任领导', width: 10 },
  { key: 'leadDepartment', header: '牵头部门', width: 14 },
  { key: 'owner', header: '责任人', width: 10 },
  { key: 'cooperating', header: '配合部门', width: 18 },
  { key: 'deadline', header: '整改时限', width: 12, date: true },
  { key: 'progress', header: '进度%', width: 7 },
  { key: 'status', header: '状态', width: 9 },
  { key: 'overdue', header: '是否逾期/逾期天数', width: 16 },
  { key: 'completedAt', header: '完成时间', width: 12, date: true },
  { key: 'signedOffAt', header: '销号时间', width: 12, date: true },
  { key: 'remarks', header: '备注', width: 20 },
];

const dayAsDate = (d: string) => new Date(`${d}T00:00:00Z`);
const dayOf = (v: string | Date | null) => (v ? calendarDay(new Date(v)) : null);

/** 「是（逾期 N 天）」 while open and late; a finished item keeps how late it was. */
export function overdueText(deadline: string | null, completedOn: string | null, today: string): string {
  const { overdue, daysLate } = deriveLateness(deadline, completedOn, today);
  if (overdue) return `是（逾期${daysLate}天）`;
  if (daysLate > 0) return `否（完成时逾期${daysLate}天）`;
  return '否';
}

export function exportRowOf(r: repo.LedgerItemRow, no: number, unitNames: Map<string, string>, today: string): Record<string, unknown> {
  const completedOn = dayOf(r.completedAt);
  const signedOn = dayOf(r.signedOffAt);
  return {
    no,
    source: LEDGER_SOURCE_LABELS[r.source as keyof typeof LEDGER_SOURCE_LABELS] ?? r.source,
    aspect: r.aspect,
    problem: r.problem,
    cause: r.cause,
    target: r.target,
    measure: r.measure,
    type: LEDGER_TYPE_LABELS[r.type as keyof typeof LEDGER_TYPE_LABELS] ?? r.type,
    leader: r.leaderName,
    leadDepartment: r.leadDepartmentName,
    owner: r.ownerName,
    cooperating: (r.cooperatingDepartmentIds ?? []).map((id) => unitNames.get(id) ?? id).join('、') || null,
    deadline: r.deadline ? dayAsDate(r.deadline) : null,
    progress: r.progress,
    status: LEDGER_STATUS_LABELS[r.status as keyof typeof LEDGER_STATUS_LABELS] ?? r.status,
    overdue: overdueText(r.deadline, completedOn, today),
    completedAt: completedOn ? dayAsDate(completedOn) : null,
    signedOffAt: signedOn ? dayAsDate(signedOn) : null,
    remarks: r.remarks,
  };
}

/** Every item the filter matches, batch by batch in id order. */
export async function* walkLedger(db: Db, filter: repo.LedgerFilter, batch = EXPORT_BATCH): AsyncGenerator<repo.LedgerItemRow[]> {
  let cursor: repo.LedgerCursor | null = null;
  for (;;) {
    const rows = await repo.listLedgerItemsAfter(db, filter, cursor, batch);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < batch) return;
    const last = rows.at(-1)!;
    cursor = { id: last.id };
  }
}

export function exportFileName(today: string): string {
  return `整改台账_${today}.xlsx`;
}

/**
 * Starts the export and returns the stream to send; the workbook is written into it while the client reads.
 * `done` settles with the row count once the last byte is written and the export audited.
 */
export async function streamLedgerExport(db: Db, actor: Actor, q: LedgerExportQuery): Promise<{ stream: PassThrough; fileName: string; done: Promise<number> }> {
  const filter = await resolveLedgerFilter(db, actor, q);
  const today = todayInLedger();
  const units = await listUnits(db, { includeClosed: true, prefixes: null });
  const unitNames = new Map(units.map((u) => [u.id, u.name]));
  // The workbook goes into `inner`; the response (`stream`) ends only once the audit entry is written.
  const inner = new PassThrough({ highWaterMark: 256 * 1024 });
  const stream = new PassThrough({ highWaterMark: 256 * 1024 });
  inner.pipe(stream, { end: false });
  const progress = { rows: 0 };
  const audit = (after: Record<string, unknown>) => appendAudit(db, actor, [{ action: 'ledger.export', entityType: 'ledger_item', after: { filter: q, ...after } }]);
  // A client that goes away stops the export; what it had received is still on record.
  stream.on('close', () => {
    if (!stream.writableFinished) inner.destroy();
  });
  const done = (async () => {
    const ended = once(inner, 'end');
    ended.catch(() => undefined);
    const count = await writeWorkbook(db, filter, inner, unitNames, today, progress);
    await ended;
    await audit({ rows: count });
    stream.end();
    return count;
  })();
  done.catch(async (e) => {
    inner.destroy();
    stream.destroy(e as Error);
    await audit({ rows: progress.rows, aborted: true }).catch(() => undefined);
  });
  return { stream, fileName: exportFileName(today), done };
}

async function writeWorkbook(db: Db, filter: repo.LedgerFilter, stream: PassThrough, unitNames: Map<string, string>, today: string, progress: { rows: number }): Promise<number> {
  const xlsx = createXlsxStream({
    sheetName: '整改台账',
    widths: EXPORT_COLUMNS.map((c) => c.width),
    title: `整改台账（导出日期：${today}）`,
    header: EXPORT_COLUMNS.map((c) => c.header),
    autoFilter: true,
  });
  xlsx.stream.pipe(stream);
  const piped = once(xlsx.stream, 'end');
  piped.catch(() => undefined);
  let no = 0;
  for await (const rows of walkLedger(db, filter)) {
    for (const r of rows) {
      const values = exportRowOf(r, ++no, unitNames, today);
      await xlsx.addRow(EXPORT_COLUMNS.map((c) => values[c.key] as XlsxCell));
    }
    progress.rows = no;
    if (stream.destroyed) throw new Error('ledger export: the client went away');
  }
  await xlsx.end();
  await piped; // the pipe ends `stream` too
  return no;
}
