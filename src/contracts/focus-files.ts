import { z } from 'zod';
import { ZDate, ZId, ZPageQuery, ZVersion } from './common';

/** Why a person needs attention; the codes match the concern categories of talks. */
export const FOCUS_REASON_CATEGORIES = ['ideological', 'psychological', 'family_hardship', 'financial', 'discipline_risk', 'health', 'other'] as const;
export const FOCUS_REASON_LABELS: Record<(typeof FOCUS_REASON_CATEGORIES)[number], string> = {
  ideological: '思想波动',
  psychological: '心理问题',
  family_hardship: '家庭困难',
  financial: '经济问题',
  discipline_risk: '违纪风险',
  health: '健康',
  other: '其他',
};
export const ZFocusReasonCategory = z.enum(FOCUS_REASON_CATEGORIES);

export const FOCUS_ENTRY_KINDS = ['review', 'family_visit', 'family_call', 'family_meeting', 'note'] as const;
export const FOCUS_ENTRY_LABELS: Record<(typeof FOCUS_ENTRY_KINDS)[number], string> = {
  review: '定期评估',
  family_visit: '家访',
  family_call: '家属电话联系',
  family_meeting: '家庭共建座谈',
  note: '记事',
};

const text = (max: number, label: string) => z.string().trim().min(1, `请填写${label}`).max(max, `${label}不超过 ${max} 字`);

export const ZFocusFileCreate = z.object({
  personId: ZId,
  reasonCategory: ZFocusReasonCategory,
  reason: text(2000, '列管原因'),
  plan: text(4000, '帮教措施'),
  ownerPersonId: ZId,
  reviewEveryMonths: z.number().int().min(1).max(12).default(1),
  openedOn: ZDate,
});
export type FocusFileCreate = z.infer<typeof ZFocusFileCreate>;

export const ZFocusFileUpdate = z.object({
  reasonCategory: ZFocusReasonCategory.optional(),
  reason: text(2000, '列管原因').optional(),
  plan: text(4000, '帮教措施').optional(),
  ownerPersonId: ZId.optional(),
  reviewEveryMonths: z.number().int().min(1).max(12).optional(),
  nextReviewOn: ZDate.optional(),
  version: ZVersion,
});
export type FocusFileUpdate = z.infer<typeof ZFocusFileUpdate>;

export const ZFocusFileSummary = z.object({
  id: ZId,
  personId: ZId,
  personName: z.string(),
  orgUnitId: ZId,
  orgUnitName: z.string(),
  reasonCategory: ZFocusReasonCategory,
  ownerPersonId: ZId,
  ownerName: z.string(),
  reviewEveryMonths: z.number().int(),
  nextReviewOn: z.string(),
  /** Open and the next review date has passed. */
  reviewOverdue: z.boolean(),
  openedOn: z.string(),
  closedOn: z.string().nullable(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type FocusFileSummary = z.infer<typeof ZFocusFileSummary>;

export const ZFocusEntry = z.object({
  id: ZId,
  kind: z.enum(FOCUS_ENTRY_KINDS),
  on: z.string(),
  content: z.string(),
  byName: z.string().nullable(),
  createdAt: z.string(),
});
export const ZFamilyContact = z.object({ id: ZId, name: z.string(), relation: z.string(), phone: z.string().nullable(), note: z.string().nullable() });
export const ZLinkedTalk = z.object({ id: ZId, heldOn: z.string(), kind: z.string(), concernCategories: z.array(z.string()) });

export const ZFocusFileDetail = ZFocusFileSummary.extend({
  reason: z.string(),
  plan: z.string(),
  closeReason: z.string().nullable(),
  entries: z.array(ZFocusEntry),
  contacts: z.array(ZFamilyContact),
  linkedTalks: z.array(ZLinkedTalk),
});
export type FocusFileDetail = z.infer<typeof ZFocusFileDetail>;

export const ZFocusFileQuery = ZPageQuery.extend({
  status: z.enum(['open', 'closed', 'all']).default('open'),
  orgUnitId: ZId.optional(),
  personId: ZId.optional(),
  reviewOverdue: z.enum(['true', 'false']).optional().transform((v) => (v === undefined ? undefined : v === 'true')),
});
export type FocusFileQuery = z.infer<typeof ZFocusFileQuery>;

export const ZFocusEntryCreate = z.object({
  kind: z.enum(FOCUS_ENTRY_KINDS),
  on: ZDate,
  content: text(4000, '内容'),
});
export const ZFamilyContactCreate = z.object({
  name: text(50, '姓名'),
  relation: text(20, '关系'),
  phone: z.string().trim().regex(/^(1\d{10}|0\d{2,3}-?\d{7,8})$/, '电话号码格式不正确').nullable().optional(),
  note: z.string().trim().max(200).nullable().optional(),
});
export const ZFocusContactParams = z.object({ id: ZId, contactId: ZId });
export const ZFocusFileClose = z.object({ reason: text(1000, '结档原因'), closedOn: ZDate, version: ZVersion });
export const ZFocusLinkCreate = z.object({ talkId: ZId });
