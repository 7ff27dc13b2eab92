import { z } from 'zod';
import { ZId } from './common';
import { ZCalendarDate, ZLedgerItemQuery } from './ledger';

// Views over the rectification ledger (整改台账): the weighted roll-up, the unit dashboard, saved filter sets
// and bulk edits. docs/ledger-views.md defines every figure.

/** Item counts by status; every status is present (0 when none). */
export const ZStatusCounts = z.object({
  not_started: z.number().int(),
  in_progress: z.number().int(),
  awaiting_review: z.number().int(),
  signed_off: z.number().int(),
});
export type StatusCounts = z.infer<typeof ZStatusCounts>;

// ---------------------------------------------------------------------------------------------
// Roll-up: item → problem → aspect → report → unit (and up the org tree)

export const ROLLUP_NODE_KINDS = ['unit', 'report', 'aspect', 'problem'] as const;
export const ZRollupNodeKind = z.enum(ROLLUP_NODE_KINDS);
export type RollupNodeKind = z.infer<typeof ZRollupNodeKind>;

/**
 * One node of the roll-up tree. The tree is sent flat, depth first (a parent before its children), each node
 * naming its parent by `parentKey` (null for the root).
 */
export const ZRollupNode = z.object({
  /** Unique within the response, stable between calls (e.g. `u:<unitId>`, `u:<unitId>/r:<reportId>/a:<aspect>`). */
  key: z.string(),
  parentKey: z.string().nullable(),
  depth: z.number().int(),
  kind: ZRollupNodeKind,
  /** Unit id, report id, or the problem's id in the material (p3); null for aspects, free-text problems and "no report". */
  refId: z.string().nullable(),
  /** Unit name, report title, aspect, problem title; '' when the item has no aspect / no report (the web shows 未分类 / 手工录入). */
  label: z.string(),
  /** Number of items under the node. */
  total: z.number().int(),
  /** Sum of the items' weights. */
  weight: z.number().int(),
  /** Σ(weight × item progress) / Σ weight, item progress = 100 when signed off, else its progress; 0–100, one decimal. */
  progress: z.number(),
  byStatus: ZStatusCounts,
  /** Items past their deadline and not completed, as of today. */
  overdue: z.number().int(),
});
export type RollupNode = z.infer<typeof ZRollupNode>;

/** Exactly one of reportId and orgUnitId. */
export const ZRollupQuery = z
  .object({ reportId: ZId.optional(), orgUnitId: ZId.optional() })
  .refine((q) => (q.reportId ? 1 : 0) + (q.orgUnitId ? 1 : 0) === 1, { message: '请指定对照检查材料或组织（二选一）' });
export type RollupQuery = z.infer<typeof ZRollupQuery>;

export const ZRollup = z.object({
  /** The day overdue was counted on (YYYY-MM-DD, China Standard Time). */
  asOf: z.string(),
  /** nodes[0] is the root (the report or the unit asked for). */
  nodes: z.array(ZRollupNode),
});
export type Rollup = z.infer<typeof ZRollup>;

// ---------------------------------------------------------------------------------------------
// Dashboard of a unit

/** Default span when from/to are not given: the 90 days up to today. A span up to 92 days is shown by week, longer by month. */
export const DASHBOARD_MAX_SPAN_DAYS = 1100;

export const ZDashboardQuery = z
  .object({
    orgUnitId: ZId,
    /** First day of the trend (YYYY-MM-DD); default 89 days before `to`. */
    from: ZCalendarDate.optional(),
    /** Last day of the trend (YYYY-MM-DD); default today. */
    to: ZCalendarDate.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: '开始日期不能晚于结束日期', path: ['from'] });
export type DashboardQuery = z.infer<typeof ZDashboardQuery>;

export const ZDashboardTrendPoint = z.object({
  /** '2026-W09' (ISO week) or '2026-03' (month). */
  period: z.string(),
  /** First and last day of the period, clipped to from/to. */
  start: z.string(),
  end: z.string(),
  /** Items whose completion date falls in the period. */
  completed: z.number().int(),
  /** Items created in the period. */
  created: z.number().int(),
  /** Items existing at the end of the period, past their deadline then and not completed by then. */
  overdueAtEnd: z.number().int(),
  /** Items signed off by the end of the period / items existing then (0–1; 0 when none). */
  completionRate: z.number(),
});
export type DashboardTrendPoint = z.infer<typeof ZDashboardTrendPoint>;

export const ZDashboardUnit = z.object({
  orgUnitId: ZId,
  name: z.string(),
  kind: z.string(),
  /** Items in this unit's subtree. */
  total: z.number().int(),
  signedOff: z.number().int(),
  overdue: z.number().int(),
  /** signedOff / total (0–1; 0 when no items). */
  completionRate: z.number(),
  /** Of the completed items, the share completed on or before the deadline (0–1); null when none completed. */
  onTimeRate: z.number().nullable(),
});
export type DashboardUnit = z.infer<typeof ZDashboardUnit>;

export const ZDashboard = z.object({
  orgUnitId: ZId,
  name: z.string(),
  asOf: z.string(),
  /** When these figures were counted: they are shared between callers and may be up to a couple of minutes old. */
  computedAt: z.string(),
  from: z.string(),
  to: z.string(),
  granularity: z.enum(['week', 'month']),
  /** Every figure below counts the items tracked in the unit and below it, as they stand now. */
  total: z.number().int(),
  byStatus: ZStatusCounts,
  /** signed off / total (0–1; 0 when no items). */
  completionRate: z.number(),
  /** Open items (not completed) past their deadline today. */
  overdueCount: z.number().int(),
  /** Of the completed items, the share completed on or before the deadline (an item without deadline is on time); null when none. */
  onTimeRate: z.number().nullable(),
  trend: z.array(ZDashboardTrendPoint),
  /** The unit's direct children (open ones), each counting its subtree. */
  units: z.array(ZDashboardUnit),
});
export type Dashboard = z.infer<typeof ZDashboard>;

// ---------------------------------------------------------------------------------------------
// Saved views (private to their user)

/** The list's filters and sort as they appear in the query string (page and pageSize are not saved). */
export const ZSavedViewFilters = ZLedgerItemQuery.omit({ page: true, pageSize: true });
const SAVED_VIEW_KEYS = Object.keys(ZSavedViewFilters.shape);

export const ZLedgerSavedViewQuery = z
  .record(z.string(), z.string().max(200))
  .refine((q) => Object.keys(q).every((k) => SAVED_VIEW_KEYS.includes(k)), { message: '筛选条件包含不支持的字段' })
  .refine((q) => ZSavedViewFilters.safeParse(q).success, { message: '筛选条件无效' });

export const ZLedgerSavedView = z.object({
  id: ZId,
  name: z.string(),
  /** Query-string values, e.g. { status: 'in_progress', overdue: 'true', orgUnitId: '…' }. */
  query: z.record(z.string(), z.string()),
  createdAt: z.string(),
});
export type LedgerSavedView = z.infer<typeof ZLedgerSavedView>;

export const ZLedgerSavedViewCreate = z.object({
  name: z.string().trim().min(1, '请填写视图名称').max(50, '视图名称不超过 50 字'),
  query: ZLedgerSavedViewQuery,
});
export type LedgerSavedViewCreate = z.infer<typeof ZLedgerSavedViewCreate>;

export const ZLedgerSavedViewList = z.object({ items: z.array(ZLedgerSavedView) });

// ---------------------------------------------------------------------------------------------
// Bulk edit

export const LEDGER_BULK_MAX = 500;

export const ZLedgerBulkEdit = z.object({
  items: z
    .array(z.object({ id: ZId, version: z.number().int().min(1) }))
    .min(1, '请选择事项')
    .max(LEDGER_BULK_MAX, `一次最多修改 ${LEDGER_BULK_MAX} 条事项`)
    .refine((xs) => new Set(xs.map((x) => x.id)).size === xs.length, { message: '事项重复' }),
  set: z
    .object({ ownerPersonId: ZId.nullable().optional(), deadline: ZCalendarDate.nullable().optional() })
    .refine((s) => s.ownerPersonId !== undefined || s.deadline !== undefined, { message: '请选择要修改的内容' }),
});
export type LedgerBulkEdit = z.infer<typeof ZLedgerBulkEdit>;

/**
 * The outcome: every item's new version (items already holding the values keep theirs).
 * A version mismatch is a 409 VERSION_CONFLICT with details { conflicts: [{ id, version }] } (current versions) and
 * nothing changed; an item out of scope is 403 with details { ids }.
 */
export const ZLedgerBulkResult = z.object({
  updated: z.number().int(),
  items: z.array(z.object({ id: ZId, version: z.number().int() })),
});
export type LedgerBulkResult = z.infer<typeof ZLedgerBulkResult>;
