import mammoth from 'mammoth';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestContext } from '../../../../test/helpers/test-app';
import type { LedgerItemDetail } from '../../../contracts/ledger';
import { PDF, buildLedgerOrg, createItem, type LedgerOrg } from './ledger.test-support';

let ctx: TestContext;
let org: LedgerOrg;
let a: LedgerOrg['agents'];

const REPORT = '/api/v1/ledger-items/progress-report.docx';
const url = (id: string, tail = '') => `/api/v1/ledger-items/${id}${tail}`;

async function ok(p: Promise<{ statusCode: number; body: string; json: () => unknown }>): Promise<LedgerItemDetail> {
  const res = await p;
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as LedgerItemDetail;
}
const move = (agent: Agent, item: { id: string; version: number }, to: string, note?: string) =>
  ok(agent.post(url(item.id, '/transitions'), { to, note: note ?? null, version: item.version }));

/**
 * Moves an item's history back in time (each event kind to noon, China Standard Time, of the day given), as if it
 * had been recorded then. The timeline is append-only, so the guard is lifted for this fixture's transaction only.
 */
async function backdate(itemId: string, days: Record<string, string>) {
  await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`ALTER TABLE ledger_events DISABLE TRIGGER ledger_events_no_update`);
    for (const [kind, day] of Object.entries(days)) {
      await tx.execute(sql`UPDATE ledger_events SET at = ${`${day}T12:00:00+08:00`}::timestamptz WHERE item_id = ${itemId} AND kind = ${kind}`);
    }
    await tx.execute(sql`ALTER TABLE ledger_events ENABLE TRIGGER ledger_events_no_update`);
  });
}

async function textOf(agent: Agent, query: string): Promise<string> {
  const res = await agent.get(`${REPORT}?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toContain('wordprocessingml');
  return (await mammoth.extractRawText({ buffer: res.rawPayload })).value;
}

let signed: LedgerItemDetail;
let started: LedgerItemDetail;

beforeAll(async () => {
  ctx = await createTestApp();
  org = await buildLedgerOrg(ctx);
  a = org.agents;
  // Signed off on 2026-02-15 after starting on 2026-01-20.
  let item = await createItem(org, { problem: '理论学习的自觉性还不够强', aspect: '理论学习方面', deadline: '2026-03-31', measure: '每月开展一次集中学习' });
  item = await move(a.owner, item, 'in_progress');
  item = await ok(a.owner.upload(url(item.id, '/evidence'), { name: '学习记录.pdf', data: PDF }));
  item = await move(a.owner, item, 'awaiting_review', '已开展集中学习 3 次');
  item = await move(a.head, item, 'reviewed');
  signed = await move(a.leader, item, 'signed_off');
  await backdate(signed.id, { created: '2026-01-10', started: '2026-01-20', evidence_added: '2026-02-01', submitted: '2026-02-10', reviewed: '2026-02-12', signed_off: '2026-02-15' });
  // Started on 2026-03-01, deadline 2026-02-28: late from March on.
  const second = await createItem(org, { problem: '谈心谈话开展得还不够经常', aspect: '组织生活方面', deadline: '2026-02-28', measure: '建立谈心谈话台账' });
  started = await move(a.owner, second, 'in_progress');
  await backdate(started.id, { created: '2026-01-12', started: '2026-03-01' });
  // Entered after the dates the report looks at.
  const later = await createItem(org, { problem: '后来才发现的问题' });
  await backdate(later.id, { created: '2026-06-01' });
});
afterAll(() => ctx.close());

describe('progress report', () => {
  it('counts each item by its status on the day asked, read back from its events', async () => {
    const jan = await textOf(a.secretary, `asOf=2026-01-15&orgUnitId=${org.gb.id}`);
    expect(jan).toContain('共有整改事项2项，已完成整改并销号0项，正在整改0项，尚未启动2项；逾期未完成0项');
    const feb = await textOf(a.secretary, `asOf=2026-02-11&orgUnitId=${org.gb.id}`);
    expect(feb).toContain('共有整改事项2项，已完成整改并销号0项，正在整改1项（其中已完成待验收1项），尚未启动1项；逾期未完成0项');
    const mar = await textOf(a.secretary, `asOf=2026-03-05&orgUnitId=${org.gb.id}`);
    expect(mar).toContain('共有整改事项2项，已完成整改并销号1项，正在整改1项，尚未启动0项；逾期未完成1项');
    expect(mar).toContain('整改销号率50%');
    // The transition day itself: the sign-off at noon on 2026-02-15 counts for that day, not the day before.
    expect(await textOf(a.secretary, `asOf=2026-02-14&orgUnitId=${org.gb.id}`)).toContain('已完成整改并销号0项');
    expect(await textOf(a.secretary, `asOf=2026-02-15&orgUnitId=${org.gb.id}`)).toContain('已完成整改并销号1项');
    const july = await textOf(a.secretary, `asOf=2026-07-01&orgUnitId=${org.gb.id}`);
    expect(july).toContain('共有整改事项3项');
  });

  it('lays out each item by aspect: problem, situation, measures and next steps', async () => {
    const text = await textOf(a.secretary, `kind=progress&asOf=2026-03-05&orgUnitId=${org.gb.id}`);
    expect(text).toContain('机关党总支整改进展情况报告');
    expect(text).toContain('（截至2026年3月5日）');
    expect(text).toMatch(/一、总体情况[\s\S]*二、逐项整改进展[\s\S]*（一）理论学习方面[\s\S]*（二）组织生活方面[\s\S]*三、下步工作打算/);
    expect(text).toContain('问题描述：理论学习的自觉性还不够强。');
    expect(text).toContain('整改情况：已完成整改，经审核销号。已开展集中学习 3 次。');
    expect(text).toContain('整改措施：每月开展一次集中学习。');
    expect(text).toContain('下步计划：巩固整改成果');
    expect(text).toContain('问题描述：谈心谈话开展得还不够经常。');
    expect(text).toContain('截至2026年3月5日已超过整改时限5天');
    expect(text).toContain('已超出整改时限，须加快进度、尽快完成');
    expect(text).not.toContain('后来才发现的问题');
  });

  it('shows an earlier day as it was: before the submission there was no progress note yet', async () => {
    const text = await textOf(a.secretary, `asOf=2026-01-25&orgUnitId=${org.gb.id}`);
    expect(text).toContain('整改情况：整改中。');
    expect(text).not.toContain('已开展集中学习 3 次');
    expect(text).toContain('确保于2026年3月31日前完成整改');
  });

  it('titles the implementation report and audits every report', async () => {
    const text = await textOf(a.secretary, `kind=implementation&asOf=2026-03-05&orgUnitId=${org.gb.id}`);
    expect(text).toContain('机关党总支整改落实情况报告');
    expect(text).toContain('逐项整改落实情况');
    const audit = await ctx.db.execute<{ after: { kind: string; asOf: string; counts: { total: number } } }>(
      sql`SELECT after FROM audit_log WHERE action = 'ledger.progress_report' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit.rows[0]!.after).toMatchObject({ kind: 'implementation', asOf: '2026-03-05', counts: { total: 2 } });
  });

  it('refuses callers outside the unit, and unknown units or materials', async () => {
    const out = await a.otherSecretary.get(`${REPORT}?asOf=2026-03-05&orgUnitId=${org.gb.id}`);
    expect(out.statusCode).toBe(403);
    expect(out.json().error.code).toBe('OUT_OF_SCOPE');
    const member = await a.owner.get(`${REPORT}?asOf=2026-03-05`);
    expect(member.statusCode).toBe(403);
    expect((await a.secretary.get(`${REPORT}?orgUnitId=00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
    expect((await a.secretary.get(`${REPORT}?reportId=00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
    expect((await a.secretary.get(`${REPORT}?asOf=2026-02-30`)).statusCode).toBe(400);
    expect((await a.secretary.get(`${REPORT}?kind=summary`)).statusCode).toBe(400);
  });

  it('gives the other branch’s secretary a report of their own scope without this branch’s items', async () => {
    const text = await textOf(a.otherSecretary, `asOf=2026-03-05`);
    expect(text).toContain('共有整改事项0项');
    expect(text).not.toContain('理论学习的自觉性还不够强');
  });
});
