import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildOrgUnit, buildUser, createTestApp, login, type Agent, type TestContext } from '../../../../test/helpers/test-app';
import type { LedgerItem, LedgerItemDetail } from '../../../contracts/ledger';
import type { Dashboard, LedgerSavedView, Rollup, RollupNode } from '../../../contracts/ledger-views';
import { inspectionReports, ledgerItems } from '../../../db/schema';
import { addDays } from '../../../domain/ledger/dashboard';
import { calendarDay } from '../../../domain/ledger/overdue';
import { PDF, buildLedgerOrg, createItem, type LedgerOrg } from './ledger.test-support';
import { clearDashboardCache, DASHBOARD_CACHE_MS, DASHBOARD_STALE_MS } from './ledger.views.service';

let ctx: TestContext;
let org: LedgerOrg;
let a: LedgerOrg['agents'];

beforeAll(async () => {
  ctx = await createTestApp();
  org = await buildLedgerOrg(ctx);
  a = org.agents;
});
afterAll(() => ctx.close());

const itemUrl = (id: string, tail = '') => `/api/v1/ledger-items/${id}${tail}`;

async function ok<T>(p: Promise<{ statusCode: number; body: string; json: () => unknown }>): Promise<T> {
  const res = await p;
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as T;
}

async function expectError(p: Promise<{ statusCode: number; body: string; json: () => unknown }>, status: number, code: string) {
  const res = await p;
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json() as { error: { code: string; message: string; details?: unknown } };
  expect(body.error.code).toBe(code);
  return body.error;
}

/** A general branch with two branches and a secretary on each level, apart from the shared fixtures. */
async function buildTree(name: string) {
  const gb = await buildOrgUnit(ctx.db, { parent: ctx.root, kind: 'general_branch', name });
  const bA = await buildOrgUnit(ctx.db, { parent: gb, kind: 'branch', name: `${name}甲支部` });
  const bB = await buildOrgUnit(ctx.db, { parent: gb, kind: 'branch', name: `${name}乙支部` });
  const top = await buildUser(ctx.db, { roles: [{ role: 'secretary', orgUnitId: gb.id }] });
  const branchSecretary = await buildUser(ctx.db, { roles: [{ role: 'secretary', orgUnitId: bA.id }] });
  return { gb, bA, bB, top: await login(ctx.app, top.username), branch: await login(ctx.app, branchSecretary.username) };
}

async function newItem(agent: Agent, body: Record<string, unknown>): Promise<LedgerItemDetail> {
  return ok(agent.post('/api/v1/ledger-items', { source: 'self_inspection', type: 'deadline', problem: '问题', ...body }));
}

async function buildReport(orgUnitId: string, title: string): Promise<string> {
  const [r] = await ctx.db
    .insert(inspectionReports)
    .values({ orgUnitId, kind: 'team', year: 2026, campaign: '队伍教育整顿', title, sourceKind: 'text', sourceText: '正文', parsed: {}, structure: {} })
    .returning({ id: inspectionReports.id });
  return r!.id;
}

describe('weight and milestones', () => {
  it('are stored on create, shown in detail and list, and edited with a new version', async () => {
    const milestones = [
      { title: '制定学习计划', dueOn: '2030-03-31', doneOn: null },
      { title: '完成第一轮集中学习', dueOn: '2030-06-30', doneOn: null },
    ];
    const item = await createItem(org, { weight: 5, milestones, problem: '权重测试问题' });
    expect(item).toMatchObject({ weight: 5, milestones, version: 1 });
    const list = await ok<{ items: LedgerItem[] }>(a.secretary.get(`/api/v1/ledger-items?q=${encodeURIComponent('权重测试问题')}`));
    expect(list.items).toEqual([expect.objectContaining({ id: item.id, weight: 5, milestones })]);

    const edited = await ok<LedgerItemDetail>(a.secretary.patch(itemUrl(item.id), { version: 1, weight: 7, milestones: [{ ...milestones[0], doneOn: '2026-01-15' }] }));
    expect(edited).toMatchObject({ version: 2, weight: 7, milestones: [{ title: '制定学习计划', doneOn: '2026-01-15' }] });
    expect(edited.events.at(-1)).toMatchObject({ kind: 'edited', before: { weight: 5 }, after: { weight: 7 } });
    const defaulted = await createItem(org, { problem: '默认权重' });
    expect(defaulted).toMatchObject({ weight: 1, milestones: [] });
  });

  it.each([
    ['weight 0', { weight: 0 }, 'weight'],
    ['weight 101', { weight: 101 }, 'weight'],
    ['weight 1.5', { weight: 1.5 }, 'weight'],
    ['weight as text', { weight: '3' }, 'weight'],
    ['21 milestones', { milestones: Array.from({ length: 21 }, (_, i) => ({ title: `阶段${i}`, dueOn: null, doneOn: null })) }, 'milestones'],
    ['a milestone title of 201 characters', { milestones: [{ title: '长'.repeat(201), dueOn: null, doneOn: null }] }, 'milestones.0.title'],
    ['an empty milestone title', { milestones: [{ title: ' ', dueOn: null, doneOn: null }] }, 'milestones.0.title'],
    ['an impossible due day', { milestones: [{ title: '阶段', dueOn: '2026-02-30', doneOn: null }] }, 'milestones.0.dueOn'],
    ['a malformed done day', { milestones: [{ title: '阶段', dueOn: null, doneOn: '2026/01/01' }] }, 'milestones.0.doneOn'],
  ])('refuses %s', async (_label, over, path) => {
    const res = await a.secretary.post('/api/v1/ledger-items', { orgUnitId: org.gb.id, source: 'audit', problem: '校验', type: 'immediate', ...over });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.details.issues.map((i: { path: string }) => i.path)).toContain(path);
    const item = await createItem(org, { problem: '校验修改' });
    const patch = await a.secretary.patch(itemUrl(item.id), { version: 1, ...over });
    expect(patch.statusCode).toBe(400);
    expect((await a.secretary.get(itemUrl(item.id))).json()).toMatchObject({ version: 1, weight: 1, milestones: [] });
  });
});

describe('completion date on submission', () => {
  const today = calendarDay(new Date());
  const move = (agent: Agent, item: { id: string; version: number }, body: Record<string, unknown>) =>
    agent.post(itemUrl(item.id, '/transitions'), { version: item.version, ...body });

  /** An item in progress with evidence, created `createdOn` (set in the database), deadline given. */
  async function ready(deadline: string, createdOn?: string) {
    let item = await createItem(org, { deadline, problem: `完成日期${randomUUID().slice(0, 6)}` });
    if (createdOn) await ctx.db.execute(sql`UPDATE ledger_items SET created_at = ${`${createdOn}T09:00:00+08:00`}::timestamptz WHERE id = ${item.id}`);
    item = await ok(move(a.owner, item, { to: 'in_progress' }));
    return ok<LedgerItemDetail>(a.owner.upload(itemUrl(item.id, '/evidence'), { name: '记录.pdf', data: PDF }));
  }

  it('records the day given, counts days late from it, and is cleared by a return', async () => {
    let item = await ready('2020-01-01', '2019-12-01');
    expect(item).toMatchObject({ overdue: true });
    item = await ok(move(a.owner, item, { to: 'awaiting_review', note: '已整改', completedOn: '2020-01-11' }));
    expect(item).toMatchObject({ status: 'awaiting_review', overdue: false, daysLate: 10 });
    expect(calendarDay(new Date(item.completedAt!))).toBe('2020-01-11');
    const late = await ok<{ items: LedgerItem[] }>(a.secretary.get('/api/v1/ledger-items?overdue=true&pageSize=200'));
    expect(late.items.map((i) => i.id)).not.toContain(item.id);

    // Returned for more work: open and overdue again until the next submission.
    item = await ok(move(a.head, item, { to: 'returned', note: '佐证不足' }));
    expect(item).toMatchObject({ status: 'in_progress', completedAt: null, overdue: true });
    item = await ok(move(a.owner, item, { to: 'awaiting_review', note: '补充佐证', completedOn: '2020-01-21' }));
    expect(item).toMatchObject({ daysLate: 20 });
    // Sign-off keeps the completion day.
    item = await ok(move(a.head, item, { to: 'reviewed' }));
    item = await ok(move(a.leader, item, { to: 'signed_off' }));
    expect(item).toMatchObject({ status: 'signed_off', daysLate: 20 });
    expect(calendarDay(new Date(item.completedAt!))).toBe('2020-01-21');
    expect(calendarDay(new Date(item.signedOffAt!))).toBe(today);
  });

  it('defaults to today', async () => {
    let item = await ready('2099-01-01');
    item = await ok(move(a.owner, item, { to: 'awaiting_review', note: '已整改' }));
    expect(calendarDay(new Date(item.completedAt!))).toBe(today);
    expect(item).toMatchObject({ daysLate: 0, overdue: false });
  });

  it.each([
    ['in the future', () => addDays(today, 1), 400, 'VALIDATION_FAILED', '不能晚于今天'],
    ['before the item was created', () => '2019-11-30', 400, 'VALIDATION_FAILED', '不能早于事项创建日期'],
    ['not a real day', () => '2020-02-30', 400, 'VALIDATION_FAILED', ''],
    ['not a date', () => '11/01/2020', 400, 'VALIDATION_FAILED', ''],
  ])('is refused %s, and nothing changes', async (_label, day, status, code, message) => {
    const item = await ready('2020-01-01', '2019-12-01');
    const err = await expectError(move(a.owner, item, { to: 'awaiting_review', note: '已整改', completedOn: day() }), status, code);
    if (message) expect(err.message).toContain(message);
    expect((await a.owner.get(itemUrl(item.id))).json()).toMatchObject({ status: 'in_progress', version: item.version, completedAt: null });
  });

  it('is refused with any other transition', async () => {
    const item = await createItem(org, { problem: '开始时填完成日期' });
    await expectError(move(a.owner, item, { to: 'in_progress', completedOn: today }), 400, 'VALIDATION_FAILED');
    expect((await a.owner.get(itemUrl(item.id))).json()).toMatchObject({ status: 'not_started', version: 1 });
  });
});

describe('roll-up', () => {
  let t: Awaited<ReturnType<typeof buildTree>>;
  let reportId: string;

  beforeAll(async () => {
    t = await buildTree('汇总总支');
    reportId = await buildReport(t.gb.id, '汇总总支班子对照检查材料');
    const p1 = [{ kind: 'problem', id: 'p1', title: '理论学习不够深入' }];
    const p2 = [{ kind: 'problem', id: 'p2', title: '作风建设有差距' }];
    const i1 = await newItem(t.top, { orgUnitId: t.bA.id, aspect: '（一）学习方面', problem: '学习不深', weight: 1 });
    const i2 = await newItem(t.top, { orgUnitId: t.bA.id, aspect: '（一）学习方面', problem: '学习流于形式', weight: 3 });
    const i3 = await newItem(t.top, { orgUnitId: t.bB.id, aspect: '（二）作风方面', problem: '作风问题', weight: 2, deadline: '2020-01-01' });
    await newItem(t.top, { orgUnitId: t.gb.id, source: 'audit', problem: '审计发现问题', weight: 4 });
    await ok(t.top.patch(itemUrl(i1.id), { version: 1, progress: 50 }));
    await ok(t.top.patch(itemUrl(i3.id), { version: 1, progress: 20 }));
    const link = async (id: string, refs: unknown) =>
      ctx.db.execute(sql`UPDATE ledger_items SET report_id = ${reportId}, problem_refs = ${JSON.stringify(refs)}::jsonb WHERE id = ${id}`);
    await link(i1.id, p1);
    await link(i2.id, p1);
    await link(i3.id, p2);
    await ctx.db.execute(sql`UPDATE ledger_items SET status = 'signed_off', progress = 60, completed_at = now(), signed_off_at = now() WHERE id = ${i2.id}`);
  });

  const node = (r: Rollup, pred: (n: RollupNode) => boolean) => {
    const n = r.nodes.find(pred);
    if (!n) throw new Error('node missing');
    return n;
  };

  it('of a material matches the hand computation', async () => {
    const r = await ok<Rollup>(t.top.get(`/api/v1/ledger/rollup?reportId=${reportId}`));
    // (1×50 + 3×100 + 2×20) / 6 = 65
    expect(r.nodes[0]).toMatchObject({ kind: 'report', refId: reportId, label: '汇总总支班子对照检查材料', total: 3, weight: 6, progress: 65, overdue: 1 });
    // Progress is reported without starting the items: two not started, one signed off.
    expect(r.nodes[0]!.byStatus).toEqual({ not_started: 2, in_progress: 0, awaiting_review: 0, signed_off: 1 });
    // (50 + 300) / 4 = 87.5, both items under problem p1 whatever their own wording.
    expect(node(r, (n) => n.kind === 'aspect' && n.label === '（一）学习方面')).toMatchObject({ total: 2, weight: 4, progress: 87.5 });
    expect(node(r, (n) => n.kind === 'problem' && n.refId === 'p1')).toMatchObject({ label: '理论学习不够深入', total: 2, weight: 4, progress: 87.5, overdue: 0 });
    expect(node(r, (n) => n.kind === 'problem' && n.refId === 'p2')).toMatchObject({ total: 1, weight: 2, progress: 20, overdue: 1 });
    expect(r.nodes.map((n) => n.kind)).toEqual(['report', 'aspect', 'problem', 'aspect', 'problem']);
  });

  it('of a unit sums its branches and what is tracked in the unit itself', async () => {
    const r = await ok<Rollup>(t.top.get(`/api/v1/ledger/rollup?orgUnitId=${t.gb.id}`));
    // (50 + 300 + 40 + 4×0) / 10 = 39
    expect(r.nodes[0]).toMatchObject({ kind: 'unit', refId: t.gb.id, depth: 0, total: 4, weight: 10, progress: 39, overdue: 1 });
    expect(node(r, (n) => n.kind === 'unit' && n.refId === t.bA.id)).toMatchObject({ depth: 1, total: 2, weight: 4, progress: 87.5 });
    expect(node(r, (n) => n.kind === 'unit' && n.refId === t.bB.id)).toMatchObject({ depth: 1, total: 1, weight: 2, progress: 20, overdue: 1 });
    expect(node(r, (n) => n.kind === 'report' && n.parentKey === `u:${t.gb.id}`)).toMatchObject({ refId: null, total: 1, weight: 4, progress: 0 });
    expect(node(r, (n) => n.kind === 'report' && n.parentKey === `u:${t.bA.id}`)).toMatchObject({ refId: reportId, total: 2 });
  });

  it('is limited to the caller scope', async () => {
    const mine = await ok<Rollup>(t.branch.get(`/api/v1/ledger/rollup?orgUnitId=${t.bA.id}`));
    expect(mine.nodes[0]).toMatchObject({ total: 2, weight: 4, progress: 87.5 });
    await expectError(t.branch.get(`/api/v1/ledger/rollup?orgUnitId=${t.gb.id}`), 403, 'OUT_OF_SCOPE');
    await expectError(t.branch.get(`/api/v1/ledger/rollup?reportId=${reportId}`), 403, 'OUT_OF_SCOPE');
    await expectError(a.otherSecretary.get(`/api/v1/ledger/rollup?orgUnitId=${t.gb.id}`), 403, 'OUT_OF_SCOPE');
    await expectError(a.owner.get(`/api/v1/ledger/rollup?orgUnitId=${t.gb.id}`), 403, 'FORBIDDEN');
  });

  it('validates its query', async () => {
    await expectError(t.top.get('/api/v1/ledger/rollup'), 400, 'VALIDATION_FAILED');
    await expectError(t.top.get(`/api/v1/ledger/rollup?reportId=${reportId}&orgUnitId=${t.gb.id}`), 400, 'VALIDATION_FAILED');
    await expectError(t.top.get('/api/v1/ledger/rollup?orgUnitId=nope'), 400, 'VALIDATION_FAILED');
    await expectError(t.top.get(`/api/v1/ledger/rollup?orgUnitId=${randomUUID()}`), 404, 'NOT_FOUND');
    await expectError(t.top.get(`/api/v1/ledger/rollup?reportId=${randomUUID()}`), 404, 'NOT_FOUND');
  });
});

describe('dashboard', () => {
  let t: Awaited<ReturnType<typeof buildTree>>;
  let grandchild: { id: string; path: string };
  const today = calendarDay(new Date());

  beforeAll(async () => {
    t = await buildTree('看板总支');
    grandchild = await buildOrgUnit(ctx.db, { parent: t.bA, kind: 'group', name: '看板党小组' });
    const at = (d: string | null) => (d ? new Date(`${d}T10:00:00+08:00`) : null);
    const row = (orgUnitId: string, status: string, created: string, deadline: string | null, completed: string | null, signedOff: string | null) => ({
      orgUnitId,
      source: 'self_inspection',
      problem: `看板事项${created}`,
      type: 'deadline',
      status,
      deadline,
      createdAt: at(created)!,
      completedAt: at(completed),
      signedOffAt: at(signedOff),
    });
    await ctx.db.insert(ledgerItems).values([
      // on time: done 01-08, deadline 01-10, signed off 01-12
      row(t.bA.id, 'signed_off', '2025-12-20', '2026-01-10', '2026-01-08', '2026-01-12'),
      // late: deadline 01-12, done 01-20
      row(grandchild.id, 'awaiting_review', '2026-01-06', '2026-01-12', '2026-01-20', null),
      // open, deadline 01-16 passed
      row(t.bB.id, 'in_progress', '2026-01-14', '2026-01-16', null, null),
      row(t.bB.id, 'not_started', '2026-01-21', null, null, null),
      // in the unit itself, created after the span, due far ahead
      row(t.gb.id, 'in_progress', '2026-02-01', '2099-01-01', null, null),
    ]);
  });

  const dash = (agent: Agent, unitId: string, qs = '') => agent.get(`/api/v1/ledger/dashboard?orgUnitId=${unitId}${qs}`);

  it('counts the unit as it stands and the trend week by week', async () => {
    const d = await ok<Dashboard>(dash(t.top, t.gb.id, '&from=2026-01-05&to=2026-01-25'));
    expect(d).toMatchObject({ orgUnitId: t.gb.id, asOf: today, from: '2026-01-05', to: '2026-01-25', granularity: 'week', total: 5 });
    expect(d.byStatus).toEqual({ not_started: 1, in_progress: 2, awaiting_review: 1, signed_off: 1 });
    expect(d.completionRate).toBe(0.2);
    expect(d.overdueCount).toBe(1);
    expect(d.onTimeRate).toBe(0.5);
    expect(d.trend).toEqual([
      { period: '2026-W02', start: '2026-01-05', end: '2026-01-11', completed: 1, created: 1, overdueAtEnd: 0, completionRate: 0 },
      { period: '2026-W03', start: '2026-01-12', end: '2026-01-18', completed: 0, created: 1, overdueAtEnd: 2, completionRate: 0.3333 },
      { period: '2026-W04', start: '2026-01-19', end: '2026-01-25', completed: 1, created: 1, overdueAtEnd: 1, completionRate: 0.25 },
    ]);
  });

  it('compares the direct children, each with its subtree', async () => {
    const d = await ok<Dashboard>(dash(t.top, t.gb.id, '&from=2026-01-05&to=2026-01-25'));
    expect(d.units).toHaveLength(2);
    expect(d.units.find((u) => u.orgUnitId === t.bA.id)).toEqual({
      orgUnitId: t.bA.id,
      name: '看板总支甲支部',
      kind: 'branch',
      total: 2,
      signedOff: 1,
      overdue: 0,
      completionRate: 0.5,
      onTimeRate: 0.5,
    });
    expect(d.units.find((u) => u.orgUnitId === t.bB.id)).toMatchObject({ total: 2, signedOff: 0, overdue: 1, completionRate: 0, onTimeRate: null });
  });

  it('counts the whole organisation at its root, each child with its subtree', async () => {
    const rootUser = await buildUser(ctx.db, { roles: [{ role: 'secretary', orgUnitId: ctx.root.id }] });
    const d = await ok<Dashboard>(dash(await login(ctx.app, rootUser.username), ctx.root.id, '&from=2026-01-05&to=2026-01-25'));
    const all = await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM ledger_items`);
    expect(d.total).toBe(all.rows[0]!.n);
    expect(d.units.find((u) => u.orgUnitId === t.gb.id)).toMatchObject({ total: 5, signedOff: 1, overdue: 1, completionRate: 0.2, onTimeRate: 0.5 });
    expect(d.units.reduce((n, u) => n + u.total, 0)).toBeLessThanOrEqual(d.total);
  });

  it('switches to months for a long span', async () => {
    const d = await ok<Dashboard>(dash(t.top, t.gb.id, '&from=2025-12-01&to=2026-03-31'));
    expect(d.granularity).toBe('month');
    expect(d.trend.map((p) => [p.period, p.created, p.completed])).toEqual([
      ['2025-12', 1, 0],
      ['2026-01', 3, 2],
      ['2026-02', 1, 0],
      ['2026-03', 0, 0],
    ]);
    expect(d.trend.at(-1)).toMatchObject({ overdueAtEnd: 1, completionRate: 0.2 });
  });

  it('defaults to the 90 days up to today', async () => {
    const d = await ok<Dashboard>(dash(t.top, t.gb.id));
    expect(d).toMatchObject({ to: today, from: addDays(today, -89), granularity: 'week', total: 5 });
  });

  it('shows a branch secretary their own subtree only', async () => {
    const d = await ok<Dashboard>(dash(t.branch, t.bA.id, '&from=2026-01-05&to=2026-01-25'));
    expect(d).toMatchObject({ total: 2, completionRate: 0.5, overdueCount: 0, onTimeRate: 0.5 });
    expect(d.units).toEqual([expect.objectContaining({ orgUnitId: grandchild.id, total: 1, signedOff: 0, onTimeRate: 0 })]);
    await expectError(dash(t.branch, t.gb.id), 403, 'OUT_OF_SCOPE');
    await expectError(dash(t.branch, t.bB.id), 403, 'OUT_OF_SCOPE');
    await expectError(dash(a.otherSecretary, t.gb.id), 403, 'OUT_OF_SCOPE');
    await expectError(dash(a.owner, org.branch.id), 403, 'FORBIDDEN');
  });

  it('shares figures for a few seconds, then answers with them while one refresh runs', async () => {
    const qs = '&from=2026-01-05&to=2026-01-25';
    clearDashboardCache();
    const first = await ok<Dashboard>(dash(t.top, t.gb.id, qs));
    expect(first.total).toBe(5);
    const [added] = await ctx.db.insert(ledgerItems).values({ orgUnitId: t.bB.id, source: 'self_inspection', problem: '看板缓存事项', type: 'deadline', status: 'not_started' }).returning();
    const now = Date.now();
    const clock = vi.spyOn(Date, 'now');
    try {
      // Within DASHBOARD_CACHE_MS: the same figures.
      clock.mockReturnValue(now + 1_000);
      expect(await ok<Dashboard>(dash(t.top, t.gb.id, qs))).toMatchObject({ total: 5, computedAt: first.computedAt });
      // Past it: the old figures at once, and a refresh in the background that the next caller sees.
      clock.mockReturnValue(now + DASHBOARD_CACHE_MS + 1_000);
      expect(await ok<Dashboard>(dash(t.top, t.gb.id, qs))).toMatchObject({ total: 5, computedAt: first.computedAt });
      await vi.waitFor(async () => expect((await ok<Dashboard>(dash(t.top, t.gb.id, qs))).total).toBe(6), { timeout: 5_000, interval: 50 });
      // Far too old (a server idle for minutes): the caller waits for fresh figures.
      await ctx.db.delete(ledgerItems).where(eq(ledgerItems.id, added!.id));
      clock.mockReturnValue(now + DASHBOARD_CACHE_MS + DASHBOARD_STALE_MS + 60_000);
      expect((await ok<Dashboard>(dash(t.top, t.gb.id, qs))).total).toBe(5);
    } finally {
      clock.mockRestore();
      await ctx.db.delete(ledgerItems).where(eq(ledgerItems.id, added!.id));
      clearDashboardCache();
    }
  });

  it('validates its query', async () => {
    await expectError(t.top.get('/api/v1/ledger/dashboard'), 400, 'VALIDATION_FAILED');
    await expectError(dash(t.top, t.gb.id, '&from=2026-02-01&to=2026-01-01'), 400, 'VALIDATION_FAILED');
    await expectError(dash(t.top, t.gb.id, '&from=2026-02-30'), 400, 'VALIDATION_FAILED');
    const long = await expectError(dash(t.top, t.gb.id, '&from=2020-01-01&to=2026-01-01'), 400, 'VALIDATION_FAILED');
    expect(long.message).toContain('统计区间不能超过');
    await expectError(dash(t.top, randomUUID()), 404, 'NOT_FOUND');
  });
});

describe('saved views', () => {
  const views = (agent: Agent) => ok<{ items: LedgerSavedView[] }>(agent.get('/api/v1/ledger/saved-views'));

  it('are created, listed and deleted by their owner only', async () => {
    const query = { status: 'in_progress', overdue: 'true', orgUnitId: org.gb.id, sort: 'deadline' };
    const v = await ok<LedgerSavedView>(a.secretary.post('/api/v1/ledger/saved-views', { name: '  逾期在办  ', query }));
    expect(v).toMatchObject({ name: '逾期在办', query });
    expect((await views(a.secretary)).items.map((x) => x.id)).toEqual([v.id]);
    expect((await views(a.head)).items).toEqual([]);

    // Names are unique per user, not across users.
    const dup = await expectError(a.secretary.post('/api/v1/ledger/saved-views', { name: '逾期在办', query: {} }), 409, 'DUPLICATE');
    expect(dup.message).toContain('已有名为「逾期在办」的视图');
    const theirs = await ok<LedgerSavedView>(a.head.post('/api/v1/ledger/saved-views', { name: '逾期在办', query: { type: 'immediate' } }));

    // Someone else's view is not found for them, and stays.
    await expectError(a.head.del(`/api/v1/ledger/saved-views/${v.id}`), 404, 'NOT_FOUND');
    expect((await views(a.secretary)).items).toHaveLength(1);
    await ok(a.secretary.del(`/api/v1/ledger/saved-views/${v.id}`));
    expect((await views(a.secretary)).items).toEqual([]);
    await expectError(a.secretary.del(`/api/v1/ledger/saved-views/${v.id}`), 404, 'NOT_FOUND');
    expect((await views(a.head)).items.map((x) => x.id)).toEqual([theirs.id]);
    const audit = await ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'ledger_saved_view' AND entity_id = ${v.id}`);
    expect(audit.rows[0]!.n).toBe(2);
  });

  it.each([
    ['an unknown status', { status: 'done' }],
    ['an unknown field', { colour: 'red' }],
    ['a bad unit id', { orgUnitId: 'abc' }],
    ['a bad overdue flag', { overdue: 'yes' }],
    ['a non-string value', { status: 1 }],
  ])('refuse %s', async (_label, query) => {
    await expectError(a.secretary.post('/api/v1/ledger/saved-views', { name: `视图${randomUUID().slice(0, 4)}`, query }), 400, 'VALIDATION_FAILED');
  });

  it('refuse an empty or too long name', async () => {
    await expectError(a.secretary.post('/api/v1/ledger/saved-views', { name: '   ', query: {} }), 400, 'VALIDATION_FAILED');
    await expectError(a.secretary.post('/api/v1/ledger/saved-views', { name: '名'.repeat(51), query: {} }), 400, 'VALIDATION_FAILED');
  });
});

describe('the OpenAPI document', () => {
  it('describes the ledger view routes with their schemas', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.paths['/api/v1/ledger/rollup'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['reportId', 'orgUnitId']));
    expect(doc.paths['/api/v1/ledger/dashboard'].get.responses['200']).toBeDefined();
    expect(doc.paths['/api/v1/ledger/saved-views'].post.requestBody).toBeDefined();
    expect(doc.paths['/api/v1/ledger/saved-views/{id}'].delete).toBeDefined();
    expect(doc.paths['/api/v1/ledger-items/bulk'].post.requestBody).toBeDefined();
  });
});
