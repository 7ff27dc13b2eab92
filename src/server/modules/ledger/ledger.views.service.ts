import type { Db } from '../../../db/connection';
import type { Dashboard, DashboardQuery, LedgerBulkEdit, LedgerBulkResult, LedgerSavedView, LedgerSavedViewCreate, Rollup, RollupQuery } from '../../../contracts/ledger-views';
import { ZSavedViewFilters } from '../../../contracts/ledger-views';
import { addDays, assembleTrend, rate, spanDays, trendPeriods } from '../../../domain/ledger/dashboard';
import { ITEM_STATUSES } from '../../../domain/ledger/item-status';
import { buildRollup } from '../../../domain/ledger/rollup';
import { AppError } from '../../../domain/shared/app-error';
import { DASHBOARD_MAX_SPAN_DAYS } from '../../../contracts/ledger-views';
import { assertInScope, hasPermission } from '../../lib/access';
import { appendAuditIn, type AuditEntryInput } from '../../lib/audit';
import type { Actor } from '../../lib/context';
import { findUnit } from '../org-units/org-units.repo';
import { assertCanRead } from '../reports/reports.access';
import * as repo from './ledger.repo';
import { actorFactsOf, resolveLedgerFilter, todayInLedger } from './ledger.service';
import * as views from './ledger.views.repo';

// ---------------------------------------------------------------------------------------------
// Roll-up

/**
 * The weighted roll-up of one material (its items the actor may see) or of one unit and everything below it
 * (the unit must be within the actor's people.read scope).
 */
export async function getRollup(db: Db, actor: Actor, q: RollupQuery): Promise<Rollup> {
  const today = todayInLedger();
  if (q.reportId) {
    const report = await views.findReportHead(db, q.reportId);
    if (!report) throw new AppError('NOT_FOUND', { entity: 'inspection_report', id: q.reportId });
    assertCanRead(actor, report);
    // Whoever may read the material sees the roll-up of all its items, wherever they are tracked.
    const all: repo.LedgerFilter = { unitIds: null, ownerPersonId: null, selfPersonId: null, secretaryPrefixes: [''], reportId: report.id };
    const entries = await views.rollupEntries(db, all, today);
    return { asOf: today, nodes: buildRollup(entries, { kind: 'report', reportId: report.id, title: report.title }) };
  }
  const unit = await findUnit(db, q.orgUnitId!);
  if (!unit) throw new AppError('NOT_FOUND', { entity: 'org_unit', id: q.orgUnitId });
  assertInScope(actor, 'people.read', [unit.path]);
  const filter = await resolveLedgerFilter(db, actor, { orgUnitId: unit.id });
  const [entries, units] = await Promise.all([views.rollupEntries(db, filter, today), views.unitsUnder(db, unit.path)]);
  return { asOf: today, nodes: buildRollup(entries, { kind: 'unit', unitId: unit.id }, units) };
}

// ---------------------------------------------------------------------------------------------
// Dashboard

/**
 * Dashboards are read far more often than the ledger changes, and one of a whole province aggregates every item:
 * figures are shared between callers for a few seconds, and concurrent requests for the same unit and span wait
 * for one query (the scope check still runs per caller, before the cache). Once that time is up, the next caller
 * starts one refresh and, like everyone until it lands, is answered with the figures it replaces (stale while
 * revalidate, up to DASHBOARD_STALE_MS); `computedAt` says how old they are. Only the very first request of a
 * unit and span waits for the query.
 */
export const DASHBOARD_CACHE_MS = 10_000;
export const DASHBOARD_STALE_MS = 120_000;
type CachedDashboard = { at: number; value: Promise<Dashboard>; settled: boolean; refreshing: boolean };
const dashboardCache = new Map<string, CachedDashboard>();

/** Forgets every shared dashboard (tests). */
export function clearDashboardCache() {
  dashboardCache.clear();
}

function startDashboard(key: string, compute: () => Promise<Dashboard>): CachedDashboard {
  const entry: CachedDashboard = { at: Date.now(), value: compute(), settled: false, refreshing: false };
  entry.value.then(
    () => (entry.settled = true),
    () => dashboardCache.get(key) === entry && dashboardCache.delete(key),
  );
  if (dashboardCache.size >= 1000 && !dashboardCache.has(key)) dashboardCache.clear();
  dashboardCache.set(key, entry);
  return entry;
}

/** The unit's figures now, its trend over from…to and its direct children; counts only, no item is loaded. */
export async function getDashboard(db: Db, actor: Actor, q: DashboardQuery, opts: { fresh?: boolean } = {}): Promise<Dashboard> {
  const unit = await findUnit(db, q.orgUnitId);
  if (!unit) throw new AppError('NOT_FOUND', { entity: 'org_unit', id: q.orgUnitId });
  assertInScope(actor, 'people.read', [unit.path]);
  const today = todayInLedger();
  const to = q.to ?? (q.from && q.from > today ? q.from : today);
  const from = q.from ?? addDays(to, -89);
  if (from > to) throw new AppError('VALIDATION_FAILED', { field: 'from' }, '开始日期不能晚于结束日期');
  if (spanDays(from, to) > DASHBOARD_MAX_SPAN_DAYS) {
    throw new AppError('VALIDATION_FAILED', { field: 'to', maxDays: DASHBOARD_MAX_SPAN_DAYS }, `统计区间不能超过 ${DASHBOARD_MAX_SPAN_DAYS} 天`);
  }
  const key = `${unit.id}|${from}|${to}|${today}`;
  const compute = () => computeDashboard(db, unit, { from, to, today });
  const hit = opts.fresh ? undefined : dashboardCache.get(key);
  const age = hit ? Date.now() - hit.at : Infinity;
  if (hit && age < DASHBOARD_CACHE_MS) return hit.value;
  if (hit && hit.settled && age < DASHBOARD_STALE_MS) {
    if (!hit.refreshing) {
      hit.refreshing = true;
      const next: CachedDashboard = { at: Date.now(), value: compute(), settled: false, refreshing: false };
      next.value.then(
        () => {
          next.settled = true;
          dashboardCache.set(key, next);
        },
        // A failed refresh leaves the old figures until they are too old; the next caller tries again.
        () => (hit.refreshing = false),
      );
    }
    return hit.value;
  }
  return startDashboard(key, compute).value;
}

async function computeDashboard(db: Db, unit: { id: string; name: string; path: string }, span: { from: string; to: string; today: string }): Promise<Dashboard> {
  const { from, to, today } = span;
  const { granularity, periods } = trendPeriods(from, to);
  const [figures, children] = await Promise.all([
    views.dashboardFigures(db, unit.path, { periodStarts: periods.map((p) => p.start), to, today }),
    views.childUnitsOf(db, unit.id),
  ]);

  const byStatus = Object.fromEntries(ITEM_STATUSES.map((s) => [s, 0])) as Dashboard['byStatus'];
  const perChild = new Map<string, { total: number; signedOff: number; overdue: number; completed: number; onTime: number }>();
  let overdueCount = 0;
  let completed = 0;
  let onTime = 0;
  for (const r of figures.byChild) {
    byStatus[r.status] += r.n;
    overdueCount += r.overdue;
    completed += r.completed;
    onTime += r.onTime;
    const c = perChild.get(r.child) ?? { total: 0, signedOff: 0, overdue: 0, completed: 0, onTime: 0 };
    c.total += r.n;
    if (r.status === 'signed_off') c.signedOff += r.n;
    c.overdue += r.overdue;
    c.completed += r.completed;
    c.onTime += r.onTime;
    perChild.set(r.child, c);
  }
  const total = ITEM_STATUSES.reduce((n, s) => n + byStatus[s], 0);
  return {
    orgUnitId: unit.id,
    name: unit.name,
    asOf: today,
    computedAt: new Date().toISOString(),
    from,
    to,
    granularity,
    total,
    byStatus,
    completionRate: rate(byStatus.signed_off, total),
    overdueCount,
    onTimeRate: completed > 0 ? rate(onTime, completed) : null,
    trend: assembleTrend(periods, figures.buckets),
    units: children.map((u) => {
      const c = perChild.get(u.id) ?? { total: 0, signedOff: 0, overdue: 0, completed: 0, onTime: 0 };
      return {
        orgUnitId: u.id,
        name: u.name,
        kind: u.kind,
        total: c.total,
        signedOff: c.signedOff,
        overdue: c.overdue,
        completionRate: rate(c.signedOff, c.total),
        onTimeRate: c.completed > 0 ? rate(c.onTime, c.completed) : null,
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Saved views

type SavedViewRow = Awaited<ReturnType<typeof views.listSavedViews>>[number];
const presentView = (r: SavedViewRow): LedgerSavedView => ({ id: r.id, name: r.name, query: r.query, createdAt: new Date(r.createdAt).toISOString() });

export async function listSavedViews(db: Db, actor: Actor): Promise<{ items: LedgerSavedView[] }> {
  return { items: (await views.listSavedViews(db, actor.userId)).map(presentView) };
}

/** Saves the filters (validated as the list's; values kept as the query string has them) under a name unique to the user. */
export async function createSavedView(db: Db, actor: Actor, input: LedgerSavedViewCreate): Promise<LedgerSavedView> {
  const parsed = ZSavedViewFilters.safeParse(input.query);
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', { field: 'query' }, '筛选条件无效');
  const query = Object.fromEntries(Object.entries(input.query).filter(([, v]) => v !== ''));
  return db.transaction(async (tx) => {
    const row = await views.insertSavedView(tx, { userId: actor.userId, name: input.name, query });
    if (!row) throw new AppError('DUPLICATE', { field: 'name', name: input.name }, `已有名为「${input.name}」的视图，请换一个名称`);
    await appendAuditIn(tx, actor, [{ action: 'ledger_saved_view.create', entityType: 'ledger_saved_view', entityId: row.id, after: { name: row.name, query } }]);
    return presentView(row);
  });
}

/** Deletes one of the actor's own views; another user's view is reported as not found. */
export async function deleteSavedView(db: Db, actor: Actor, id: string): Promise<{ ok: true }> {
  await db.transaction(async (tx) => {
    const gone = await views.deleteSavedView(tx, actor.userId, id);
    if (!gone) throw new AppError('NOT_FOUND', { entity: 'ledger_saved_view', id });
    await appendAuditIn(tx, actor, [{ action: 'ledger_saved_view.delete', entityType: 'ledger_saved_view', entityId: id, before: gone }]);
  });
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// Bulk edit

class BulkConflict extends Error {
  constructor(readonly conflicts: { id: string; version: number }[]) {
    super('bulk version conflict');
  }
}

/**
 * Sets the owner and/or the deadline of many items at once, all or nothing: every item must exist, be the
 * actor's to edit (as a manager, the rule of the single edit for these fields) and be at the version sent.
 * Each changed item gets its next version, a ledger event and an audit entry.
 */
export async function bulkEditItems(db: Db, actor: Actor, input: LedgerBulkEdit): Promise<LedgerBulkResult> {
  const ids = input.items.map((i) => i.id);
  const sentVersion = new Map(input.items.map((i) => [i.id, i.version]));
  const set = input.set;
  try {
    return await db.transaction(async (tx) => {
      const found = new Set(await views.lockItems(tx, ids));
      const missing = ids.filter((id) => !found.has(id));
      if (missing.length) throw new AppError('NOT_FOUND', { entity: 'ledger_item', ids: missing }, `有 ${missing.length} 条事项不存在或已被删除`);
      if (set.ownerPersonId && !(await views.personExists(tx, set.ownerPersonId))) {
        throw new AppError('VALIDATION_FAILED', { field: 'ownerPersonId' }, '所选责任人不存在');
      }
      const rows = await repo.findItemsWithAccess(tx, ids);
      const refused = rows.filter((r) => !actorFactsOf(actor, r).isManager).map((r) => r.id);
      if (refused.length) {
        if (!hasPermission(actor, 'people.write')) throw new AppError('FORBIDDEN', { permission: 'people.write', ids: refused }, '您没有修改整改事项的权限');
        throw new AppError('OUT_OF_SCOPE', { permission: 'people.write', ids: refused }, `有 ${refused.length} 条事项不在您的管理范围内，未做任何修改`);
      }
      const conflicts = rows.filter((r) => r.version !== sentVersion.get(r.id)).map((r) => ({ id: r.id, version: r.version }));
      if (conflicts.length) throw new BulkConflict(conflicts);

      const out = new Map<string, number>();
      const events: Parameters<typeof views.insertEvents>[1] = [];
      const audit: AuditEntryInput[] = [];
      for (const row of rows) {
        const before: Record<string, unknown> = {};
        const after: Record<string, unknown> = {};
        if (set.ownerPersonId !== undefined && set.ownerPersonId !== row.ownerPersonId) {
          before.ownerPersonId = row.ownerPersonId;
          after.ownerPersonId = set.ownerPersonId;
        }
        if (set.deadline !== undefined && set.deadline !== row.deadline) {
          before.deadline = row.deadline;
          after.deadline = set.deadline;
        }
        if (Object.keys(after).length === 0) {
          out.set(row.id, row.version);
          continue;
        }
        const version = await repo.updateItemAtVersion(tx, row.id, row.version, after);
        if (version === null) throw new BulkConflict([{ id: row.id, version: row.version }]);
        out.set(row.id, version);
        events.push({ itemId: row.id, version, kind: 'edited', fromStatus: row.status, toStatus: row.status, note: '批量修改', before, after, actorUserId: actor.userId, actorName: actor.displayName });
        audit.push({
          action: 'ledger_item.bulk_update',
          entityType: 'ledger_item',
          entityId: row.id,
          orgUnitId: row.orgUnitId,
          before: { version: row.version, ...before },
          after: { version, ...after },
        });
      }
      await views.insertEvents(tx, events);
      if (audit.length) await appendAuditIn(tx, actor, audit);
      return { updated: events.length, items: ids.map((id) => ({ id, version: out.get(id)! })) };
    });
  } catch (e) {
    if (e instanceof BulkConflict) {
      throw new AppError('VERSION_CONFLICT', { conflicts: e.conflicts }, `有 ${e.conflicts.length} 条事项已被他人修改，未做任何修改，请刷新后重试`);
    }
    throw e;
  }
}
