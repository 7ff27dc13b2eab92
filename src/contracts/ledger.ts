import { z } from 'zod';
import { ZDate, ZId, ZPageQuery } from './common';

// The rectification ledger (整改台账) and the draft a self-inspection material suggests for it.
// The draft shapes mirror src/domain/ledger/types.ts; a type test keeps the two equal.

export const LEDGER_SOURCES = ['self_inspection', 'opinion', 'inspection_tour', 'supervision', 'audit', 'higher_notice', 'other'] as const;
export const ZLedgerSource = z.enum(LEDGER_SOURCES);
export const LEDGER_ITEM_TYPES = ['immediate', 'deadline', 'ongoing'] as const;
export const ZLedgerItemType = z.enum(LEDGER_ITEM_TYPES);
export type LedgerItemType = z.infer<typeof ZLedgerItemType>;

/** The problem, cause or measure of the source material an item answers. */
export const ZProblemRef = z.object({ kind: z.enum(['problem', 'cause', 'measure']), id: z.string(), title: z.string() });
export type ProblemRef = z.infer<typeof ZProblemRef>;

/** YYYY-MM-DD that names a real day (2024-02-30 is refused). */
export const ZCalendarDate = ZDate.refine((d) => {
  const date = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === d;
}, '日期无效');

/** 阶段性目标: a step of an item with its own due day and the day it was done. */
export const ZLedgerMilestone = z.object({
  title: z.string().trim().min(1, '阶段目标不能为空').max(200, '阶段目标不超过 200 字'),
  dueOn: ZCalendarDate.nullable(),
  doneOn: ZCalendarDate.nullable(),
});
export type LedgerMilestone = z.infer<typeof ZLedgerMilestone>;
export const ZLedgerMilestones = z.array(ZLedgerMilestone).max(20, '阶段目标不超过 20 个');
/** Weight of an item in the roll-up (1–100, default 1). */
export const ZLedgerWeight = z.number().int('权重应为整数').min(1, '权重应在 1 到 100 之间').max(100, '权重应在 1 到 100 之间');

export const ZLedgerItem = z.object({
  id: ZId,
  orgUnitId: ZId,
  orgUnitName: z.string(),
  reportId: ZId.nullable(),
  source: ZLedgerSource,
  aspect: z.string().nullable(),
  problem: z.string(),
  cause: z.string().nullable(),
  target: z.string().nullable(),
  measure: z.string().nullable(),
  type: ZLedgerItemType,
  leaderPersonId: ZId.nullable(),
  leaderName: z.string().nullable(),
  leadDepartmentId: ZId.nullable(),
  leadDepartmentName: z.string().nullable(),
  ownerPersonId: ZId.nullable(),
  ownerName: z.string().nullable(),
  cooperatingDepartmentIds: z.array(ZId),
  deadline: z.string().nullable(),
  status: z.string(),
  progress: z.number().int(),
  weight: z.number().int(),
  milestones: z.array(ZLedgerMilestone),
  progressNote: z.string().nullable(),
  remarks: z.string().nullable(),
  problemRefs: z.array(ZProblemRef),
  /** Approvals in the current review round: 0, 1 (lead department), 2 (signed off). */
  reviewLevel: z.number().int(),
  round: z.number().int(),
  checkInMonths: z.number().int(),
  /** Past the deadline and not done (derived from today). */
  overdue: z.boolean(),
  /** Days past the deadline: up to today while open, up to completion once done. */
  daysLate: z.number().int(),
  completedAt: z.string().nullable(),
  signedOffAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type LedgerItem = z.infer<typeof ZLedgerItem>;

export const LEDGER_ITEM_STATUSES = ['not_started', 'in_progress', 'awaiting_review', 'signed_off'] as const;
export const ZLedgerItemStatus = z.enum(LEDGER_ITEM_STATUSES);
export const LEDGER_SORTS = ['created', '-created', 'deadline', '-deadline', 'updated', '-updated', 'status'] as const;

const ZBoolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const ZLedgerItemQuery = ZPageQuery.extend({
  reportId: ZId.optional(),
  /** Items tracked in this unit or below it. */
  orgUnitId: ZId.optional(),
  status: ZLedgerItemStatus.optional(),
  type: ZLedgerItemType.optional(),
  source: ZLedgerSource.optional(),
  /** true: past the deadline and not signed off; false: the others. */
  overdue: ZBoolQuery.optional(),
  ownerPersonId: ZId.optional(),
  leadDepartmentId: ZId.optional(),
  aspect: z.string().trim().min(1).max(200).optional(),
  /** Words in the problem, measure, target or cause. */
  q: z.string().trim().min(1).max(200).optional(),
  /** 'me': only the items the caller reviews (as leader in charge or head of the lead department). */
  reviewer: z.literal('me').optional(),
  /** Field to sort by; a leading '-' sorts descending. Default: newest first. */
  sort: z.enum(LEDGER_SORTS).default('-created'),
});
export type LedgerItemQuery = z.infer<typeof ZLedgerItemQuery>;

// ---------------------------------------------------------------------------------------------
// The draft

export const DRAFT_BASES = ['measure', 'problem'] as const;
export const ZDraftBasis = z.enum(DRAFT_BASES);
export const OWNER_ROLES = ['branch_secretaries', 'department_heads', 'leadership', 'grid_leaders'] as const;
export const ZOwnerRole = z.enum(OWNER_ROLES);

/** Ids of the parts of a report structure: a1, p3, m12 as the parser names them, or any the editor makes up. */
export const ZItemId = z
  .string()
  .trim()
  .min(1, '编号不能为空')
  .max(64, '编号不超过 64 个字符')
  .regex(/^[A-Za-z0-9_-]+$/, '编号只能包含字母、数字、下划线和短横线');

const optionalText = (max: number) => z.string().trim().max(max, `不超过 ${max} 字`).nullable();

export const ZDeadlineStep = z.union([
  z.object({ addMonths: z.number().int().min(0).max(60) }),
  z.object({ endOf: z.enum(['quarter', 'half_year', 'year']) }),
]);
export const ZDeadlineRule = z.object({ immediate: ZDeadlineStep, deadline: ZDeadlineStep, ongoing: ZDeadlineStep });

export const ZDraftOwner = z.object({ personId: ZId, orgUnitId: ZId.nullable() });
export const ZDraftRefs = z.object({
  problemIds: z.array(ZItemId).max(2000),
  causeIds: z.array(ZItemId).max(1000),
  measureIds: z.array(ZItemId).max(2000),
});
export const ZDraftSuggestion = z.object({
  type: ZLedgerItemType,
  typeKeyword: z.string().max(50).nullable(),
  deadline: ZCalendarDate.nullable(),
  ownerRoles: z.array(ZOwnerRole).max(OWNER_ROLES.length),
  ownerKeywords: z.array(z.string().max(50)).max(50),
});

export const ZLedgerDraftItem = z.object({
  id: ZItemId,
  include: z.boolean(),
  refs: ZDraftRefs,
  // Generous limits: a suggestion joins whole titles and bodies of the material.
  aspect: optionalText(10_000),
  /** May be empty in a draft; must be filled before the draft is committed (unless the item is left out). */
  problem: z.string().trim().max(50_000, '不超过 50000 字'),
  cause: optionalText(50_000),
  target: optionalText(10_000),
  measure: optionalText(200_000),
  type: ZLedgerItemType,
  deadline: ZCalendarDate.nullable(),
  leaderPersonId: ZId.nullable(),
  leadDepartmentId: ZId.nullable(),
  owners: z.array(ZDraftOwner).max(1000),
  cooperatingDepartmentIds: z.array(ZId).max(200),
  remarks: optionalText(2000),
  suggestion: ZDraftSuggestion,
});
export type LedgerDraftItemDto = z.infer<typeof ZLedgerDraftItem>;

export const ZLedgerDraft = z.object({
  basis: ZDraftBasis,
  baseDate: ZCalendarDate,
  deadlineRule: ZDeadlineRule,
  generatedAt: z.string(),
  items: z.array(ZLedgerDraftItem),
});
export type LedgerDraftDto = z.infer<typeof ZLedgerDraft>;

/** The draft as the API returns it: with the names of the people and units its items refer to. */
export const ZLedgerDraftView = ZLedgerDraft.extend({
  names: z.object({
    people: z.array(z.object({ id: ZId, name: z.string() })),
    units: z.array(z.object({ id: ZId, name: z.string(), kind: z.string() })),
  }),
});
export type LedgerDraftView = z.infer<typeof ZLedgerDraftView>;

// ---------------------------------------------------------------------------------------------
// Tracking an item: detail, edits, transitions, evidence, re-checks

const ZOptText = (max: number) => z.string().trim().max(max, `不超过 ${max} 字`).nullable().optional();

export const ZLedgerReview = z.object({
  id: ZId,
  round: z.number().int(),
  level: z.number().int(),
  decision: z.enum(['approve', 'return']),
  note: z.string().nullable(),
  reviewerPersonId: ZId.nullable(),
  reviewerName: z.string().nullable(),
  at: z.string(),
});
export const ZLedgerEvidence = z.object({
  id: ZId,
  fileName: z.string(),
  fileVersion: z.number().int(),
  mime: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  uploadedByName: z.string().nullable(),
  createdAt: z.string(),
});
export type LedgerEvidence = z.infer<typeof ZLedgerEvidence>;
export const ZLedgerEvent = z.object({
  id: ZId,
  version: z.number().int(),
  kind: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  note: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  actorName: z.string().nullable(),
  at: z.string(),
});
export const RECHECK_RATINGS = ['good', 'fair', 'average', 'poor'] as const;
export const ZRecheckRating = z.enum(RECHECK_RATINGS);
export const ZLedgerRecheck = z.object({
  id: ZId,
  round: z.number().int(),
  rating: ZRecheckRating,
  note: z.string().nullable(),
  reopened: z.boolean(),
  byName: z.string().nullable(),
  at: z.string(),
});

/** One item with everything its page shows: reviews, evidence, re-checks and the timeline (oldest first). */
export const ZLedgerItemDetail = ZLedgerItem.extend({
  changedSinceSignOff: z.boolean(),
  signOffSnapshot: z.unknown().nullable(),
  lastCheckInAt: z.string().nullable(),
  /** 长期坚持 items after sign-off: the day the next periodic check-in falls due. */
  nextCheckInDue: z.string().nullable(),
  reviews: z.array(ZLedgerReview),
  evidence: z.array(ZLedgerEvidence),
  rechecks: z.array(ZLedgerRecheck),
  events: z.array(ZLedgerEvent),
});
export type LedgerItemDetail = z.infer<typeof ZLedgerItemDetail>;

const itemFields = {
  aspect: ZOptText(10_000),
  problem: z.string().trim().min(1, '问题表现不能为空').max(50_000),
  cause: ZOptText(50_000),
  target: ZOptText(10_000),
  measure: ZOptText(200_000),
  type: ZLedgerItemType,
  leaderPersonId: ZId.nullable().optional(),
  leadDepartmentId: ZId.nullable().optional(),
  ownerPersonId: ZId.nullable().optional(),
  cooperatingDepartmentIds: z.array(ZId).max(200).optional(),
  deadline: ZCalendarDate.nullable().optional(),
  remarks: ZOptText(2000),
  checkInMonths: z.number().int().min(1).max(12).optional(),
  weight: ZLedgerWeight.optional(),
  milestones: ZLedgerMilestones.optional(),
};

/** Manual entry (opinions, inspection tours, audits, notices…). */
export const ZLedgerItemCreate = z.object({ orgUnitId: ZId, source: ZLedgerSource, ...itemFields });
export type LedgerItemCreate = z.infer<typeof ZLedgerItemCreate>;

/** An edit: only the fields sent change. The owner may change only progress and progressNote. */
export const ZLedgerItemPatch = z.object({
  version: z.number().int().min(1),
  ...itemFields,
  problem: itemFields.problem.optional(),
  type: ZLedgerItemType.optional(),
  progress: z.number().int().min(0).max(100).optional(),
  progressNote: ZOptText(20_000),
});
export type LedgerItemPatch = z.infer<typeof ZLedgerItemPatch>;

export const ZTransitionTarget = z.enum(['in_progress', 'awaiting_review', 'reviewed', 'signed_off', 'returned']);
export const ZLedgerTransition = z.object({
  to: ZTransitionTarget,
  /** Progress note when submitting; reason when returning; comment otherwise. */
  note: z.string().trim().max(20_000).nullable().optional(),
  /** With `awaiting_review`: the day the work was completed (default today); not in the future nor before the item was created. */
  completedOn: ZCalendarDate.optional(),
  version: z.number().int().min(1),
});
export type LedgerTransition = z.infer<typeof ZLedgerTransition>;

export const ZLedgerRecheckCreate = z.object({
  rating: ZRecheckRating,
  note: z.string().trim().max(20_000).nullable().optional(),
  version: z.number().int().min(1),
});
export type LedgerRecheckCreate = z.infer<typeof ZLedgerRecheckCreate>;

export const ZLedgerCheckIn = z.object({ note: z.string().trim().min(1, '请填写报告内容').max(20_000), version: z.number().int().min(1) });
export type LedgerCheckIn = z.infer<typeof ZLedgerCheckIn>;

export const ZEvidenceUploadQuery = z.object({ version: z.coerce.number().int().min(1).optional() });
export const ZEvidenceParams = z.object({ id: ZId, evidenceId: ZId });
