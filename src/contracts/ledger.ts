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
  remarks: z.string().nullable(),
  problemRefs: z.array(ZProblemRef),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type LedgerItem = z.infer<typeof ZLedgerItem>;

export const ZLedgerItemQuery = ZPageQuery.extend({
  reportId: ZId.optional(),
  /** Items tracked in this unit or below it. */
  orgUnitId: ZId.optional(),
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

/** YYYY-MM-DD that names a real day (2024-02-30 is refused). */
export const ZCalendarDate = ZDate.refine((d) => {
  const date = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === d;
}, '日期无效');

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
