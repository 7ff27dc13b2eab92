import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestContext } from '../../../../test/helpers/test-app';
import type { LedgerItem, LedgerItemDetail } from '../../../contracts/ledger';
import { calendarDay, deriveLateness } from '../../../domain/ledger/overdue';
import { PDF, buildLedgerOrg, countRowsOf, createItem, type LedgerOrg } from './ledger.test-support';

let ctx: TestContext;
let org: LedgerOrg;
let a: LedgerOrg['agents'];

beforeAll(async () => {
  ctx = await createTestApp();
  org = await buildLedgerOrg(ctx);
  a = org.agents;
});
afterAll(() => ctx.close());

const url = (id: string, tail = '') => `/api/v1/ledger-items/${id}${tail}`;
const move = (agent: Agent, item: { id: string; version: number }, to: string, note?: string | null) =>
  agent.post(url(item.id, '/transitions'), { to, note: note ?? null, version: item.version });
const addEvidence = (agent: Agent, item: { id: string }, name = '学习记录.pdf', data = PDF) => agent.upload(url(item.id, '/evidence'), { name, data });
const errorOf = (res: { json: () => { error: { code: string; details?: { reason?: string } } } }) => {
  const e = res.json().error;
  return e.details?.reason ? `${e.code}:${e.details.reason}` : e.code;
};

/** Runs a step that must succeed and returns the item it gives back. */
async function ok(p: Promise<{ statusCode: number; body: string; json: () => unknown }>): Promise<LedgerItemDetail> {
  const res = await p;
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as LedgerItemDetail;
}

/** An item taken through start, evidence and submission: awaiting the first review. */
async function submitted(over: Record<string, unknown> = {}) {
  let item = await createItem(org, over);
  item = await ok(move(a.owner, item, 'in_progress'));
  item = await ok(addEvidence(a.owner, item));
  return ok(move(a.owner, item, 'awaiting_review', '已开展集中学习 3 次'));
}

async function signedOff(over: Record<string, unknown> = {}) {
  let item = await submitted(over);
  item = await ok(move(a.head, item, 'reviewed'));
  return ok(move(a.leader, item, 'signed_off'));
}

describe('manual entry', () => {
  it('is open to secretaries in scope, with a first timeline event', async () => {
    const item = await createItem(org, { source: 'inspection_tour' });
    expect(item).toMatchObject({
      status: 'not_started',
      version: 1,
      source: 'inspection_tour',
      orgUnitName: '机关党总支',
      leaderName: '李领导',
      leadDepartmentName: '综合科',
      ownerName: '陈责任',
      overdue: false,
      daysLate: 0,
      reviews: [],
      evidence: [],
      changedSinceSignOff: false,
    });
    expect(item.events).toMatchObject([{ version: 1, kind: 'created', toStatus: 'not_started' }]);
    const audit = await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'ledger_item.create' AND entity_id = ${item.id}`);
    expect(audit.rows[0]!.n).toBe(1);
  });

  it.each([
    ['the owner (a member)', 'owner', 'FORBIDDEN'],
    ['a viewer', 'viewer', 'FORBIDDEN'],
    ['a secretary of another branch', 'otherSecretary', 'OUT_OF_SCOPE'],
  ] as const)('is refused to %s', async (_label, who, code) => {
    const before = await countRowsOf(ctx, 'ledger_items');
    const res = await a[who].post('/api/v1/ledger-items', { orgUnitId: org.gb.id, source: 'audit', problem: '问题', type: 'immediate' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe(code);
    expect(await countRowsOf(ctx, 'ledger_items')).toBe(before);
  });

  it('validates the source and the problem', async () => {
    const res = await a.secretary.post('/api/v1/ledger-items', { orgUnitId: org.gb.id, source: 'rumour', problem: '', type: 'immediate' });
    expect(res.statusCode).toBe(400);
    const paths = res.json().error.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['source', 'problem']));
  });
});

describe('the main flow to two-level sign-off', () => {
  it('allows each step to the right person only, and refuses the rest', async () => {
    let item = await createItem(org);
    // Starting: not by a viewer or an outsider.
    expect(errorOf(await move(a.viewer, item, 'in_progress'))).toBe('FORBIDDEN');
    expect(errorOf(await move(a.otherSecretary, item, 'in_progress'))).toBe('OUT_OF_SCOPE');
    expect(errorOf(await move(a.owner, item, 'awaiting_review', '进展'))).toBe('LEDGER_BAD_TRANSITION');
    item = await ok(move(a.owner, item, 'in_progress'));
    expect(item).toMatchObject({ status: 'in_progress', version: 2 });

    // Submitting: needs a progress note, then evidence.
    const noNote = await move(a.owner, item, 'awaiting_review');
    expect([noNote.statusCode, errorOf(noNote)]).toEqual([400, 'LEDGER_NOTE_REQUIRED']);
    const noEvidence = await move(a.owner, item, 'awaiting_review', '已开展集中学习');
    expect([noEvidence.statusCode, errorOf(noEvidence)]).toEqual([409, 'LEDGER_EVIDENCE_REQUIRED']);
    expect(errorOf(await move(a.head, item, 'reviewed'))).toBe('LEDGER_BAD_TRANSITION');
    item = await ok(addEvidence(a.owner, item));
    item = await ok(move(a.owner, item, 'awaiting_review', '已开展集中学习 3 次'));
    expect(item).toMatchObject({ status: 'awaiting_review', reviewLevel: 0, progressNote: '已开展集中学习 3 次' });

    // Signing off cannot skip the first review; the owner never reviews; reviewers act only in their role.
    const skip = await move(a.leader, item, 'signed_off');
    expect([skip.statusCode, errorOf(skip)]).toEqual([409, 'LEDGER_REVIEW_ORDER']);
    expect(errorOf(await move(a.owner, item, 'reviewed'))).toBe('FORBIDDEN:owner_cannot_review');
    expect(errorOf(await move(a.leader, item, 'reviewed'))).toBe('FORBIDDEN:not_department_reviewer');
    expect(errorOf(await move(a.viewer, item, 'reviewed'))).toBe('FORBIDDEN');
    expect(errorOf(await move(a.otherSecretary, item, 'reviewed'))).toBe('OUT_OF_SCOPE');
    item = await ok(move(a.head, item, 'reviewed', '同意'));
    expect(item).toMatchObject({ status: 'awaiting_review', reviewLevel: 1 });

    expect(errorOf(await move(a.owner, item, 'signed_off'))).toBe('FORBIDDEN:owner_cannot_review');
    expect(errorOf(await move(a.head, item, 'signed_off'))).toBe('FORBIDDEN:not_leader');
    expect(errorOf(await move(a.head, item, 'reviewed'))).toBe('LEDGER_REVIEW_ORDER');
    item = await ok(move(a.leader, item, 'signed_off', '同意销号'));
    expect(item).toMatchObject({ status: 'signed_off', reviewLevel: 2, overdue: false, daysLate: 0, changedSinceSignOff: false });
    expect(item.signedOffAt).not.toBeNull();
    expect(item.completedAt).not.toBeNull();
    expect(item.reviews.map((r) => [r.level, r.decision, r.reviewerPersonId])).toEqual([
      [1, 'approve', org.people.head.id],
      [2, 'approve', org.people.leader.id],
    ]);
    // The snapshot holds the evidence hashes; the timeline has one event per version.
    expect((item.signOffSnapshot as { evidence: { sha256: string }[] }).evidence.map((e) => e.sha256)).toEqual([item.evidence[0]!.sha256]);
    expect(item.events.map((e) => e.kind)).toEqual(['created', 'started', 'evidence_added', 'submitted', 'reviewed', 'signed_off']);
    expect(item.events.map((e) => e.version)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(item.version).toBe(6);
    expect(errorOf(await move(a.leader, item, 'signed_off'))).toBe('LEDGER_BAD_TRANSITION');
    expect(errorOf(await move(a.owner, item, 'in_progress'))).toBe('LEDGER_BAD_TRANSITION');
  });

  it('lets a secretary above the lead department do the first review, but not both levels', async () => {
    // The secretary leads this item too: the second level must come from someone else.
    let item = await submitted({ leaderPersonId: org.people.secretary.id });
    item = await ok(move(a.secretary, item, 'reviewed'));
    expect(errorOf(await move(a.secretary, item, 'signed_off'))).toBe('FORBIDDEN:same_reviewer');
  });

  it('marks a signed-off item changed when it is edited or its evidence changes', async () => {
    let item = await signedOff();
    expect(item.changedSinceSignOff).toBe(false);
    item = await ok(a.secretary.patch(url(item.id), { version: item.version, measure: '每月开展一次集中学习，每季度专题研讨' }));
    expect(item).toMatchObject({ status: 'signed_off', changedSinceSignOff: true });
    expect(item.events.at(-1)).toMatchObject({ kind: 'edited', before: { measure: '每月开展一次集中学习' }, after: { measure: '每月开展一次集中学习，每季度专题研讨' } });

    let other = await signedOff();
    other = await ok(addEvidence(a.owner, other, '补充材料.pdf', Buffer.concat([PDF, Buffer.from('%补充')])));
    expect(other.changedSinceSignOff).toBe(true);
  });
});

describe('sending back', () => {
  it('needs a reason and returns the item to work, at either level', async () => {
    let item = await submitted();
    expect(errorOf(await move(a.head, item, 'returned'))).toBe('LEDGER_NOTE_REQUIRED');
    item = await ok(move(a.head, item, 'returned', '佐证材料不能反映整改成效'));
    expect(item).toMatchObject({ status: 'in_progress', reviewLevel: 0 });
    item = await ok(move(a.owner, item, 'awaiting_review', '补充了学习笔记'));
    item = await ok(move(a.head, item, 'reviewed'));
    expect(errorOf(await move(a.head, item, 'returned', '再看看'))).toBe('FORBIDDEN:not_leader');
    item = await ok(move(a.leader, item, 'returned', '措施还不够具体'));
    expect(item).toMatchObject({ status: 'in_progress', reviewLevel: 0 });
    expect(item.reviews.map((r) => [r.level, r.decision, r.note])).toEqual([
      [1, 'return', '佐证材料不能反映整改成效'],
      [1, 'approve', null],
      [2, 'return', '措施还不够具体'],
    ]);
    // A fresh round of reviews starts over at the first level.
    item = await ok(move(a.owner, item, 'awaiting_review'));
    expect(errorOf(await move(a.leader, item, 'signed_off'))).toBe('LEDGER_REVIEW_ORDER');
  });
});

describe('re-checks (回头看)', () => {
  it('rates signed-off items; 一般 and 差 reopen them for a second round', async () => {
    let item = await signedOff();
    const early = await createItem(org);
    expect(errorOf(await a.secretary.post(url(early.id, '/rechecks'), { rating: 'good', version: early.version }))).toBe('LEDGER_BAD_TRANSITION');
    expect(errorOf(await a.owner.post(url(item.id, '/rechecks'), { rating: 'good', version: item.version }))).toBe('FORBIDDEN:owner_cannot_review');
    expect(errorOf(await a.viewer.post(url(item.id, '/rechecks'), { rating: 'good', version: item.version }))).toBe('FORBIDDEN');

    item = await ok(a.secretary.post(url(item.id, '/rechecks'), { rating: 'fair', note: '成效基本巩固', version: item.version }));
    expect(item).toMatchObject({ status: 'signed_off', round: 1 });
    item = await ok(a.leader.post(url(item.id, '/rechecks'), { rating: 'poor', note: '问题反弹', version: item.version }));
    expect(item).toMatchObject({ status: 'in_progress', round: 2, reviewLevel: 0, signedOffAt: null, completedAt: null, signOffSnapshot: null });
    expect(item.rechecks.map((r) => [r.rating, r.reopened, r.round])).toEqual([
      ['fair', false, 1],
      ['poor', true, 1],
    ]);
    // The second round goes through both reviews again.
    item = await ok(move(a.owner, item, 'awaiting_review', '第二轮整改完成'));
    expect(errorOf(await move(a.leader, item, 'signed_off'))).toBe('LEDGER_REVIEW_ORDER');
    item = await ok(move(a.head, item, 'reviewed'));
    item = await ok(move(a.leader, item, 'signed_off'));
    expect(item.reviews.filter((r) => r.round === 2).map((r) => r.level)).toEqual([1, 2]);
    expect(item.events.length).toBe(item.version);
  });

  it('keeps 长期坚持 items open to monthly check-ins after sign-off', async () => {
    let item = await signedOff({ type: 'ongoing' });
    const today = calendarDay(new Date());
    expect(item.nextCheckInDue).not.toBeNull();
    expect(item.nextCheckInDue! > today).toBe(true);
    expect(errorOf(await a.viewer.post(url(item.id, '/check-ins'), { note: '本月坚持', version: item.version }))).toBe('FORBIDDEN');
    item = await ok(a.owner.post(url(item.id, '/check-ins'), { note: '本月开展集中学习一次', version: item.version }));
    expect(item.lastCheckInAt).not.toBeNull();
    expect(item.events.at(-1)).toMatchObject({ kind: 'checked_in', note: '本月开展集中学习一次' });

    const plain = await signedOff({ type: 'deadline' });
    expect(plain.nextCheckInDue).toBeNull();
    expect(errorOf(await a.owner.post(url(plain.id, '/check-ins'), { note: '报告', version: plain.version }))).toBe('LEDGER_BAD_TRANSITION');
  });
});

describe('edits and versions', () => {
  it('lets the owner report progress only', async () => {
    let item = await createItem(org);
    item = await ok(a.owner.patch(url(item.id), { version: item.version, progress: 40, progressNote: '已学习两次' }));
    expect(item).toMatchObject({ progress: 40, progressNote: '已学习两次', version: 2 });
    expect(errorOf(await a.owner.patch(url(item.id), { version: item.version, deadline: '2031-01-01' }))).toBe('FORBIDDEN:owner_fields_only');
    expect(errorOf(await a.viewer.patch(url(item.id), { version: item.version, progress: 50 }))).toBe('FORBIDDEN');
    expect(errorOf(await a.head.patch(url(item.id), { version: item.version, progress: 50 }))).toBe('FORBIDDEN:not_owner');
    // Sending the same values changes nothing and costs no version.
    const same = await ok(a.owner.patch(url(item.id), { version: item.version, progress: 40 }));
    expect(same.version).toBe(2);
  });

  it('gives the second of two writers from one version a 409 with the current item, losing nothing', async () => {
    const item = await createItem(org);
    const first = await ok(a.secretary.patch(url(item.id), { version: item.version, remarks: '第一位' }));
    const second = await a.owner.patch(url(item.id), { version: item.version, progressNote: '第二位' });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('VERSION_CONFLICT');
    expect(second.json().error.details.current).toMatchObject({ id: item.id, version: first.version, remarks: '第一位', progressNote: null });
    const transition = await move(a.owner, item, 'in_progress');
    expect(transition.statusCode).toBe(409);
    const now: LedgerItemDetail = (await a.secretary.get(url(item.id))).json();
    expect(now).toMatchObject({ version: 2, remarks: '第一位', status: 'not_started' });
  });

  it('lets exactly one of 20 parallel writers from one version win, and logs one event per version', async () => {
    let item = await createItem(org);
    const edits = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a.secretary : a.owner).patch(url(item.id), { version: item.version, progress: i + 1 })),
    );
    expect(edits.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(edits.filter((r) => r.statusCode === 409)).toHaveLength(19);
    const winner = edits.find((r) => r.statusCode === 200)!.json() as LedgerItemDetail;
    item = (await a.secretary.get(url(item.id))).json();
    expect(item).toMatchObject({ version: 2, progress: winner.progress });

    const moves = await Promise.all(Array.from({ length: 20 }, (_, i) => move(i % 2 ? a.secretary : a.owner, item, 'in_progress')));
    expect(moves.map((r) => r.statusCode).sort()).toEqual([200, ...Array(19).fill(409)]);
    item = (await a.secretary.get(url(item.id))).json();
    expect(item).toMatchObject({ version: 3, status: 'in_progress' });
    expect(item.events.map((e) => e.version)).toEqual([1, 2, 3]);
    expect(await countRowsOf(ctx, 'ledger_events', item.id)).toBe(item.version);
    const audits = await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ${item.id}`);
    expect(audits.rows[0]!.n).toBe(item.version);
  });

  it('keeps the timeline append-only', async () => {
    const item = await createItem(org);
    await expect(ctx.db.execute(sql`UPDATE ledger_events SET note = 'x' WHERE item_id = ${item.id}`)).rejects.toThrow();
    await expect(ctx.db.execute(sql`DELETE FROM ledger_events WHERE item_id = ${item.id}`)).rejects.toThrow();
    expect(await countRowsOf(ctx, 'ledger_events', item.id)).toBe(1);
  });
});

describe('overdue and days late', () => {
  it('derives them from the deadline and keeps lateness after completion', async () => {
    const today = calendarDay(new Date());
    let item = await createItem(org, { deadline: '2020-01-01', problem: '逾期测试问题' });
    const expected = deriveLateness('2020-01-01', null, today);
    expect(expected.daysLate).toBeGreaterThan(1000);
    expect(item).toMatchObject({ overdue: true, daysLate: expected.daysLate });
    const future = await createItem(org, { deadline: '2099-01-01', problem: '未到期问题' });
    expect(future).toMatchObject({ overdue: false, daysLate: 0 });

    const late: { items: LedgerItem[]; total: number } = (await a.secretary.get('/api/v1/ledger-items?overdue=true&pageSize=200')).json();
    expect(late.items.map((i) => i.id)).toContain(item.id);
    expect(late.items.map((i) => i.id)).not.toContain(future.id);
    expect(late.items.every((i) => i.overdue)).toBe(true);
    const notLate: { items: LedgerItem[] } = (await a.secretary.get('/api/v1/ledger-items?overdue=false&pageSize=200')).json();
    expect(notLate.items.map((i) => i.id)).toContain(future.id);
    expect(notLate.items.map((i) => i.id)).not.toContain(item.id);

    item = await ok(move(a.owner, item, 'in_progress'));
    item = await ok(addEvidence(a.owner, item));
    item = await ok(move(a.owner, item, 'awaiting_review', '完成'));
    item = await ok(move(a.head, item, 'reviewed'));
    item = await ok(move(a.leader, item, 'signed_off'));
    expect(item).toMatchObject({ overdue: false, daysLate: expected.daysLate });
    // Completed ten days late: that stays the record, however much later one looks.
    await ctx.db.execute(sql`UPDATE ledger_items SET completed_at = '2020-01-11T04:00:00Z' WHERE id = ${item.id}`);
    expect((await a.secretary.get(url(item.id))).json()).toMatchObject({ overdue: false, daysLate: 10 });
  });
});

describe('reading', () => {
  it('filters, sorts and pages the list', async () => {
    const tag = '筛选专用';
    const x = await createItem(org, { problem: `${tag}甲`, source: 'audit', type: 'immediate', deadline: '2030-03-01', aspect: '作风建设方面' });
    const y = await createItem(org, { problem: `${tag}乙`, source: 'audit', type: 'deadline', deadline: '2030-01-01', ownerPersonId: null, leadDepartmentId: null });
    await ok(move(a.owner, x, 'in_progress'));
    const list = async (qs: string) => {
      const res = await a.secretary.get(`/api/v1/ledger-items?q=${encodeURIComponent(tag)}&${qs}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { items: LedgerItem[]; total: number };
    };
    expect((await list('')).total).toBe(2);
    expect((await list('sort=deadline')).items.map((i) => i.id)).toEqual([y.id, x.id]);
    expect((await list('sort=-deadline')).items.map((i) => i.id)).toEqual([x.id, y.id]);
    expect((await list('status=in_progress')).items.map((i) => i.id)).toEqual([x.id]);
    expect((await list('type=deadline')).items.map((i) => i.id)).toEqual([y.id]);
    expect((await list('source=audit')).total).toBe(2);
    expect((await list('source=opinion')).total).toBe(0);
    expect((await list(`ownerPersonId=${org.people.owner.id}`)).items.map((i) => i.id)).toEqual([x.id]);
    expect((await list(`leadDepartmentId=${org.dept.id}`)).items.map((i) => i.id)).toEqual([x.id]);
    expect((await list(`aspect=${encodeURIComponent('作风')}`)).items.map((i) => i.id)).toEqual([x.id]);
    expect((await list(`orgUnitId=${org.other.id}`)).total).toBe(0);
    const page = await list('sort=deadline&pageSize=1&page=2');
    expect(page).toMatchObject({ total: 2, items: [{ id: x.id }] });
    expect((await a.secretary.get('/api/v1/ledger-items?status=done')).statusCode).toBe(400);
    expect((await a.secretary.get('/api/v1/ledger-items?q=%25')).statusCode).toBe(200);
  });

  it('shows each person what is theirs to see', async () => {
    const item = await createItem(org, { problem: '可见性测试' });
    const ids = async (agent: Agent) => ((await agent.get('/api/v1/ledger-items?pageSize=200')).json() as { items: LedgerItem[] }).items.map((i) => i.id);
    for (const who of ['secretary', 'viewer', 'owner', 'leader'] as const) {
      expect(await ids(a[who]), who).toContain(item.id);
      expect((await a[who].get(url(item.id))).statusCode, who).toBe(200);
    }
    // The head of the lead department reads what they review, and lists it on asking for it.
    expect(await ids(a.head)).not.toContain(item.id);
    const seen = await a.head.get(url(item.id));
    expect(seen.statusCode).toBe(200);
    expect(Object.keys(seen.json())).not.toEqual(expect.arrayContaining(['unitPath']));
    expect(seen.json()).not.toHaveProperty('leadDepartmentPath');
    const mine = ((await a.head.get('/api/v1/ledger-items?reviewer=me&pageSize=200')).json() as { items: LedgerItem[] }).items;
    expect(mine.map((i) => i.id)).toContain(item.id);
    expect(mine.every((i) => i.leadDepartmentId === org.dept.id)).toBe(true);
    const led = ((await a.leader.get('/api/v1/ledger-items?reviewer=me&pageSize=200')).json() as { items: LedgerItem[] }).items;
    expect(led.length).toBeGreaterThan(0);
    expect(led.every((i) => i.leaderPersonId === org.people.leader.id)).toBe(true);
    expect(await ids(a.otherSecretary)).not.toContain(item.id);
    expect((await a.otherSecretary.get(url(item.id))).statusCode).toBe(403);
    expect((await a.secretary.get(url('00000000-0000-4000-8000-000000000000'))).statusCode).toBe(404);
  });
});
