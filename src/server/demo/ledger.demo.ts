import { asciiPdf } from '../lib/minimal-pdf';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/connection';
import type { LedgerDraftItemDto, LedgerItemDetail } from '../../contracts/ledger';
import type { ItemStatus } from '../../domain/ledger/item-status';
import type { ReportStructure } from '../../domain/ledger/types';
import type { Actor, AppContext } from '../lib/context';
import { localFileStore } from '../lib/file-store';
import * as ledgerRepo from '../modules/ledger/ledger.repo';
import { addEvidence, presentLedgerItem, recheckLedgerItem, transitionLedgerItem, updateLedgerItem } from '../modules/ledger/ledger.service';
import { commitDraft, generateDraft, putDraft } from '../modules/reports/reports.draft';
import { createReportFromText } from '../modules/reports/reports.service';
import type { DemoFoundation } from './foundation.demo';

export const DEMO_CAMPAIGN = '队伍教育整顿';

/** The sample leadership self-inspection material the demo files as the general branch's team report. */
export function demoSampleText(): string {
  return readFileSync(new URL('./samples/leadership-self-inspection.txt', import.meta.url), 'utf8');
}

export type LedgerDemoSummary = {
  reportId: string;
  total: number;
  byStatus: Record<ItemStatus, number>;
  overdue: number;
  signedOffLate: number;
  reopened: number;
  evidenceFiles: number;
};

/**
 * Where each committed item ends up, in the order of the draft. Items past this list stay not started.
 * `late`: the deadline lies in the past (overdue while open, signed off late once done).
 */
type Plan = 'signed_off' | 'reopened' | 'reviewed' | 'awaiting' | 'in_progress' | 'not_started';
const PLANS: { plan: Plan; lateDays?: number }[] = [
  { plan: 'signed_off' },
  { plan: 'reopened' },
  { plan: 'signed_off', lateDays: 20 },
  { plan: 'reviewed' },
  { plan: 'in_progress', lateDays: 12 },
  { plan: 'awaiting' },
  { plan: 'signed_off' },
  { plan: 'not_started' },
  { plan: 'not_started', lateDays: 5 },
];

/** An account of the demo organisation as the services see a logged-in caller. */
async function actorOf(db: Db, username: string): Promise<Actor> {
  const res = await db.execute<{ userId: string; username: string; personId: string | null; personName: string | null; roles: Actor['roles'] }>(sql`
    SELECT u.id AS "userId", u.username, u.person_id AS "personId", p.name AS "personName",
           COALESCE((SELECT json_agg(json_build_object('role', ra.role, 'orgUnitId', ra.org_unit_id, 'path', o.path))
                     FROM role_assignments ra JOIN org_units o ON o.id = ra.org_unit_id
                     WHERE ra.user_id = u.id AND o.closed_at IS NULL), '[]'::json) AS roles
    FROM users u LEFT JOIN people p ON p.id = u.person_id
    WHERE u.username = ${username}`);
  const row = res.rows[0];
  if (!row) throw new Error(`demo account ${username} is missing`);
  return {
    userId: row.userId,
    username: row.username,
    personId: row.personId,
    displayName: row.personName ?? row.username,
    mustChangePassword: false,
    roles: row.roles,
    via: 'token',
    csrfToken: null,
    ip: null,
  };
}

const day = (d: Date, offset: number) => {
  const x = new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate() + offset));
  return x.toISOString().slice(0, 10);
};


const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A small solid-colour PNG (a stand-in for a photo of the work done). */
export function demoPng(rgb: [number, number, number], size = 16): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, () => rgb).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: size }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

/** The problem a measure answers best: its strongest link not turned down, else the aspect, else the measure's title. */
function fillProblem(structure: ReportStructure, item: LedgerDraftItemDto): string {
  if (item.problem.trim()) return item.problem;
  const links = structure.links
    .filter((l): l is Extract<typeof l, { kind: 'measure_problem' }> => l.kind === 'measure_problem' && item.refs.measureIds.includes(l.measureId) && l.accepted !== false)
    .sort((a, b) => (b.score ?? 0) - (a.score ?? 0));
  const best = links[0] ? structure.problems.find((p) => p.id === links[0]!.problemId) : undefined;
  const measure = structure.measures.find((m) => item.refs.measureIds.includes(m.id));
  return best?.title || item.aspect?.trim() || measure?.title || '对照检查发现的问题';
}

/**
 * Files the sample material as the general branch's team report, commits its ledger and drives the items
 * through the ledger service as the people who would do each step: some not started, some in progress,
 * awaiting review, reviewed, signed off (one late), one reopened by a re-check, and some overdue.
 */
export async function seedLedgerDemo(ctx: AppContext, foundation: DemoFoundation, opts: { today?: Date } = {}): Promise<LedgerDemoSummary> {
  const { db } = ctx;
  const today = opts.today ?? new Date();
  const files = localFileStore(join(ctx.config.dataDir, 'files'));
  const [secretary, deputy, head2, head3] = await Promise.all(['gb.secretary', 'gb.deputy', 'dept2.head', 'dept3.head'].map((u) => actorOf(db, u)));
  const owners = await Promise.all(['member1', 'member2', 'grid1.leader', 'b1.committee'].map((u) => actorOf(db, u)));
  const [, d2, d3] = foundation.departmentIds;
  // Who leads and reviews: 管理教育科 and 执法监督科 (whose heads have accounts) lead in turn; the secretary and
  // the deputy secretary sign off in turn.
  const lead = (i: number) => (i % 2 === 0 ? { department: d2!, head: head2! } : { department: d3!, head: head3! });
  const leader = (i: number) => (i % 2 === 0 ? secretary! : deputy!);
  const owner = (i: number) => owners[i % owners.length]!;

  let report = await createReportFromText(db, files, secretary!, {
    orgUnitId: foundation.generalBranchId,
    year: today.getFullYear(),
    campaign: DEMO_CAMPAIGN,
    kind: 'team',
    text: demoSampleText(),
  });
  report = await generateDraft(db, secretary!, report.id, { version: report.version, basis: 'measure', baseDate: day(today, 0) });
  const draft = report.ledgerDraft!;
  let included = 0;
  const items = draft.items.map(({ ...item }) => {
    if (!item.include) return item;
    const i = included++;
    const late = PLANS[i]?.lateDays;
    return {
      ...item,
      problem: fillProblem(report.structure, item),
      leaderPersonId: leader(i).personId,
      leadDepartmentId: lead(i).department,
      cooperatingDepartmentIds: item.cooperatingDepartmentIds.filter((d) => d !== lead(i).department),
      owners: [{ personId: owner(i).personId!, orgUnitId: null }],
      deadline: late ? day(today, -late) : item.deadline && item.deadline >= day(today, 0) ? item.deadline : day(today, 30 + i * 5),
    };
  });
  report = await putDraft(db, secretary!, report.id, { items, version: report.version });
  const committed = await commitDraft(db, secretary!, report.id, report.version);
  // In draft order: one item per draft item, as each has one owner.
  const ledger = committed.items;

  let evidenceFiles = 0;
  for (const [i, first] of ledger.entries()) {
    const plan = PLANS[i]?.plan ?? 'not_started';
    if (plan === 'not_started') continue;
    const who = owner(i);
    let item: LedgerItemDetail | typeof first = first;
    const step = async (fn: (version: number) => Promise<LedgerItemDetail>) => {
      item = await fn(item.version);
    };
    await step((v) => transitionLedgerItem(db, who, item.id, { to: 'in_progress', version: v }));
    if (plan === 'in_progress') {
      await step((v) => updateLedgerItem(db, who, item.id, { progress: 40, progressNote: '已制定整改方案，正在按计划推进，完成约四成。', version: v }));
      continue;
    }
    const upload = async (name: string, buffer: Buffer) => {
      await step((v) => addEvidence(db, files, who, item.id, { buffer, fileName: name }, v));
      evidenceFiles++;
    };
    await upload('整改情况说明.pdf', asciiPdf([`Rectification report, item ${i + 1}`, `Submitted ${day(today, 0)}`]));
    if (i % 2 === 0) await upload('现场照片.png', demoPng([200, 40 + i * 20, 40]));
    await step((v) => transitionLedgerItem(db, who, item.id, { to: 'awaiting_review', note: '整改措施已落实，相关制度已印发，佐证材料已上传，申请验收。', version: v }));
    if (plan === 'awaiting') continue;
    await step((v) => transitionLedgerItem(db, lead(i).head, item.id, { to: 'reviewed', note: '经核查，整改措施落实到位，同意提请销号。', version: v }));
    if (plan === 'reviewed') continue;
    await step((v) => transitionLedgerItem(db, leader(i), item.id, { to: 'signed_off', note: '同意销号。', version: v }));
    if (plan === 'reopened') {
      // 回头看 by the general branch's secretary: the effect is only average, so a second round starts.
      await step((v) => recheckLedgerItem(db, secretary!, item.id, { rating: 'average', note: '回头看发现整改成效不够巩固，需继续整改。', version: v }));
      await step((v) => updateLedgerItem(db, who, item.id, { progress: 20, progressNote: '按回头看意见开展第二轮整改。', version: v }));
    }
  }

  const rows = (await ledgerRepo.listItemsOfReport(db, report.id)).map(presentLedgerItem);
  const byStatus: Record<ItemStatus, number> = { not_started: 0, in_progress: 0, awaiting_review: 0, signed_off: 0 };
  for (const r of rows) byStatus[r.status as ItemStatus]++;
  return {
    reportId: report.id,
    total: rows.length,
    byStatus,
    overdue: rows.filter((r) => r.overdue).length,
    signedOffLate: rows.filter((r) => r.status === 'signed_off' && (r.daysLate ?? 0) > 0).length,
    reopened: rows.filter((r) => r.round > 1).length,
    evidenceFiles,
  };
}
