// 整改进展情况报告 / 整改落实情况报告 drawn from the ledger, in the official layout (GB/T 9704), as things stood on a
// given day: each item's status that day is read back from its events, not taken from the row as it is now.
import { AlignmentType, Paragraph } from 'docx';
import type { Db } from '../../../db/connection';
import { LEDGER_STATUS_LABELS, type ProgressReportKind, type ProgressReportQuery } from '../../../contracts/ledger-files';
import { deriveLateness } from '../../../domain/ledger/overdue';
import { AppError } from '../../../domain/shared/app-error';
import { assertPermission, inScope, scopeOf } from '../../lib/access';
import { appendAudit } from '../../lib/audit';
import type { Actor } from '../../lib/context';
import { findUnit } from '../org-units/org-units.repo';
import { heading1, heading2, packOfficialDocx, paragraph, run, spacing } from '../reports/reports.docx';
import { safeFileName } from '../reports/reports.export';
import { loadReadable } from '../reports/reports.service';
import { walkLedger } from './ledger.export';
import * as repo from './ledger.repo';
import { resolveLedgerFilter, todayInLedger } from './ledger.service';

export const MAX_REPORT_ITEMS = 5000;
const DAY_MS = 86_400_000;

type Status = keyof typeof LEDGER_STATUS_LABELS;

/** One item as it stood on the report's day. */
export type ItemAsOf = {
  row: repo.LedgerItemRow;
  status: Status;
  note: string | null;
  overdue: boolean;
  daysLate: number;
};

export type ReportCounts = { total: number; signedOff: number; inProgress: number; awaitingReview: number; notStarted: number; overdue: number };

/** The end of `asOf` in China Standard Time: events before it count. */
export function endOfDay(asOf: string): Date {
  return new Date(Date.parse(`${asOf}T00:00:00+08:00`) + DAY_MS);
}

/** The items that existed on `asOf`, each with the status its events give for that day. */
export async function itemsAsOf(db: Db, rows: repo.LedgerItemRow[], asOf: string): Promise<ItemAsOf[]> {
  const states = new Map((await repo.statusesBefore(db, rows.map((r) => r.id), endOfDay(asOf))).map((s) => [s.itemId, s]));
  const out: ItemAsOf[] = [];
  for (const row of rows) {
    const s = states.get(row.id);
    if (!s?.status) continue; // created after the day
    const status = s.status as Status;
    // The note is the one written by then; with nothing changed since, the row's own note is that one.
    const note = s.note ?? (s.changedLater ? null : row.progressNote);
    const lateness = deriveLateness(row.deadline, status === 'signed_off' ? asOf : null, asOf);
    out.push({ row, status, note, overdue: status !== 'signed_off' && lateness.overdue, daysLate: lateness.daysLate });
  }
  return out;
}

export function countItems(items: ItemAsOf[]): ReportCounts {
  return {
    total: items.length,
    signedOff: items.filter((i) => i.status === 'signed_off').length,
    inProgress: items.filter((i) => i.status === 'in_progress' || i.status === 'awaiting_review').length,
    awaitingReview: items.filter((i) => i.status === 'awaiting_review').length,
    notStarted: items.filter((i) => i.status === 'not_started').length,
    overdue: items.filter((i) => i.overdue).length,
  };
}

/** 2026-03-05 → 2026年3月5日 */
export function chineseDate(d: string): string {
  const [y, m, day] = d.split('-').map(Number);
  return `${y}年${m}月${day}日`;
}

const sentence = (s: string) => (/[。！？；.!?]$/.test(s.trim()) ? s.trim() : `${s.trim()}。`);

function labelled(label: string, text: string): Paragraph {
  return paragraph([run(`${label}：`, 'body', { bold: true }), run(text, 'body')]);
}

type Milestone = { title: string; dueOn: string | null; doneOn: string | null };

/** 整改情况: the status that day, the progress note written by then, and lateness. */
export function situationText(i: ItemAsOf, asOf: string): string {
  const parts: string[] = [];
  const label = LEDGER_STATUS_LABELS[i.status] ?? i.status;
  if (i.status === 'signed_off') parts.push('已完成整改，经审核销号。');
  else if (i.status === 'awaiting_review') parts.push('已完成整改，待审核验收。');
  else if (i.status === 'in_progress') parts.push(`${label}${i.row.progress > 0 && i.row.progress < 100 ? `（进度约${i.row.progress}%）` : ''}。`);
  else parts.push('尚未启动整改。');
  if (i.note) parts.push(sentence(i.note));
  if (i.overdue) parts.push(`截至${chineseDate(asOf)}已超过整改时限${i.daysLate}天。`);
  return parts.join('');
}

/** 下步计划: what is left (remaining steps and the deadline) for open items; keeping it up for finished ones. */
export function nextStepText(i: ItemAsOf, asOf: string): string {
  if (i.status === 'signed_off') {
    return i.row.type === 'ongoing' ? '长期坚持，定期报告整改成效，建立长效机制，防止问题反弹。' : '巩固整改成果，适时开展「回头看」，防止问题反弹回潮。';
  }
  const milestones = ((i.row as { milestones?: Milestone[] }).milestones ?? []).filter((m) => !m.doneOn || m.doneOn > asOf);
  const parts: string[] = [];
  if (milestones.length) parts.push(`抓好${milestones.map((m) => `「${m.title}」${m.dueOn ? `（${chineseDate(m.dueOn)}前）` : ''}`).join('、')}等剩余工作`);
  else if (i.status === 'not_started') parts.push('尽快启动整改，细化任务分工');
  else if (i.status === 'awaiting_review') parts.push('补齐佐证材料，配合做好审核验收');
  else parts.push('对照整改措施逐项推进，抓好剩余工作');
  if (i.overdue) parts.push('已超出整改时限，须加快进度、尽快完成');
  else if (i.row.deadline) parts.push(`确保于${chineseDate(i.row.deadline)}前完成整改`);
  if (i.row.type === 'ongoing') parts.push('并长期坚持');
  return `${parts.join('，')}。`;
}

/** Items grouped under their aspect in the order aspects first appear; items without one go last under 其他方面. */
function byAspect(items: ItemAsOf[]): [string, ItemAsOf[]][] {
  const groups = new Map<string, ItemAsOf[]>();
  for (const i of items) {
    const key = i.row.aspect?.trim() || '';
    groups.set(key, [...(groups.get(key) ?? []), i]);
  }
  const named = [...groups].filter(([k]) => k);
  const loose = groups.get('');
  return loose ? [...named, [named.length ? '其他方面' : '整改事项', loose]] : named;
}

const TITLES: Record<ProgressReportKind, string> = { progress: '整改进展情况报告', implementation: '整改落实情况报告' };

export async function buildProgressDocx(input: { kind: ProgressReportKind; asOf: string; unitName: string | null; items: ItemAsOf[] }): Promise<{ data: Buffer; title: string; counts: ReportCounts }> {
  const { kind, asOf, items } = input;
  const title = `${input.unitName ?? ''}${TITLES[kind]}`;
  const c = countItems(items);
  const day = chineseDate(asOf);
  const body: Paragraph[] = [
    new Paragraph({ children: [run(title, 'title')], alignment: AlignmentType.CENTER, spacing }),
    paragraph([run(`（截至${day}）`, 'body')], { indent: false, align: AlignmentType.CENTER }),
    new Paragraph({ children: [], spacing }),
  ];
  const rate = c.total ? Math.round((c.signedOff / c.total) * 1000) / 10 : 0;
  body.push(
    paragraph([
      run(
        kind === 'progress'
          ? `按照整改工作部署，我们对照问题清单、任务清单、责任清单逐条逐项推进整改。现将截至${day}的整改进展情况报告如下。`
          : `对照整改方案，我们坚持问题导向，逐条逐项抓好整改落实。现将截至${day}的整改落实情况报告如下。`,
        'body',
      ),
    ]),
  );
  let section = 0;
  body.push(heading1(++section, '总体情况'));
  body.push(
    paragraph([
      run(
        `截至${day}，共有整改事项${c.total}项，已完成整改并销号${c.signedOff}项，正在整改${c.inProgress}项` +
          `${c.awaitingReview ? `（其中已完成待验收${c.awaitingReview}项）` : ''}，尚未启动${c.notStarted}项；` +
          `逾期未完成${c.overdue}项。整改销号率${rate}%。`,
        'body',
      ),
    ]),
  );
  body.push(heading1(++section, kind === 'progress' ? '逐项整改进展' : '逐项整改落实情况'));
  if (items.length === 0) body.push(paragraph([run('截至该日没有整改事项。', 'body')]));
  byAspect(items).forEach(([aspect, group], g) => {
    body.push(heading2(g + 1, aspect));
    group.forEach((i, k) => {
      body.push(paragraph([run(`${k + 1}．问题描述：`, 'body', { bold: true }), run(sentence(i.row.problem), 'body')]));
      body.push(labelled('整改情况', situationText(i, asOf)));
      if (i.row.measure) body.push(labelled('整改措施', sentence(i.row.measure)));
      body.push(labelled('下步计划', nextStepText(i, asOf)));
    });
  });
  body.push(heading1(++section, '下步工作打算'));
  const open = c.total - c.signedOff;
  body.push(
    paragraph([
      run(
        (open
          ? `对尚未完成的${open}项问题，紧盯整改时限，实行挂图作战、逐项销号${c.overdue ? `，对逾期的${c.overdue}项问题督促责任单位说明原因、限期完成` : ''}；`
          : '') +
          (c.signedOff ? `对已销号的${c.signedOff}项问题，适时开展「回头看」，巩固整改成果，` : '') +
          '坚持一手抓整改落实、一手抓建章立制，推动整改常态化、长效化。',
        'body',
      ),
    ]),
  );
  return { data: await packOfficialDocx(title, body), title, counts: c };
}

/** The report for the caller's scope (a unit's subtree, or one material's items), audited. */
export async function exportProgressReport(db: Db, actor: Actor, q: ProgressReportQuery): Promise<{ data: Buffer; fileName: string }> {
  let unitName: string | null = null;
  if (q.reportId) {
    const report = await loadReadable(db, actor, q.reportId, 'ledger_progress_report');
    unitName = (await findUnit(db, report.orgUnitId))?.name ?? null;
  }
  if (q.orgUnitId) {
    const unit = await findUnit(db, q.orgUnitId);
    if (!unit) throw new AppError('NOT_FOUND', { entity: 'org_unit', id: q.orgUnitId });
    assertPermission(actor, 'people.read');
    if (!inScope(scopeOf(actor, 'people.read'), unit.path)) throw new AppError('OUT_OF_SCOPE', { permission: 'people.read' });
    unitName = unit.name;
  }
  if (!q.reportId && !q.orgUnitId) assertPermission(actor, 'people.read');
  const asOf = q.asOf ?? todayInLedger();
  const filter = await resolveLedgerFilter(db, actor, { orgUnitId: q.orgUnitId, reportId: q.reportId });
  const rows: repo.LedgerItemRow[] = [];
  for await (const batch of walkLedger(db, filter)) {
    rows.push(...batch);
    if (rows.length > MAX_REPORT_ITEMS) throw new AppError('VALIDATION_FAILED', { max: MAX_REPORT_ITEMS }, `报告最多包含 ${MAX_REPORT_ITEMS} 项，请按组织或材料缩小范围`);
  }
  // Batches come in id order; the report follows the order items were entered.
  rows.sort((x, y) => new Date(x.createdAt).getTime() - new Date(y.createdAt).getTime() || x.id.localeCompare(y.id));
  const items = await itemsAsOf(db, rows, asOf);
  const { data, title, counts } = await buildProgressDocx({ kind: q.kind, asOf, unitName, items });
  await appendAudit(db, actor, [
    { action: 'ledger.progress_report', entityType: 'ledger_item', orgUnitId: q.orgUnitId ?? null, after: { kind: q.kind, asOf, orgUnitId: q.orgUnitId ?? null, reportId: q.reportId ?? null, counts } },
  ]);
  return { data, fileName: safeFileName(`${title}_${asOf}`, '.docx') };
}
