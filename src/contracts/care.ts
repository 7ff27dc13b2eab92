import { z } from 'zod';
import { ZDate, ZId, ZPageQuery, ZVersion } from './common';

export const CARE_KINDS = ['visit_ill', 'hardship_subsidy', 'counselling', 'family_support', 'other'] as const;
export const CARE_KIND_LABELS: Record<(typeof CARE_KINDS)[number], string> = {
  visit_ill: '看望慰问',
  hardship_subsidy: '困难补助',
  counselling: '心理疏导转介',
  family_support: '家庭帮扶',
  other: '其他',
};
export const ZCareKind = z.enum(CARE_KINDS);

const ZDescription = z.string().trim().min(1, '请填写关爱内容').max(2000, '关爱内容不超过 2000 字');

export const ZCareCreate = z.object({
  personId: ZId,
  kind: ZCareKind,
  description: ZDescription,
  amountYuan: z.number().int().min(0).max(10_000_000).nullable().optional(),
  givenByPersonId: ZId,
  givenOn: ZDate,
  followUpOn: ZDate.nullable().optional(),
  talkId: ZId.nullable().optional(),
  focusFileId: ZId.nullable().optional(),
});
export type CareCreate = z.infer<typeof ZCareCreate>;

export const ZCareUpdate = z.object({
  kind: ZCareKind.optional(),
  description: ZDescription.optional(),
  amountYuan: z.number().int().min(0).max(10_000_000).nullable().optional(),
  givenByPersonId: ZId.optional(),
  givenOn: ZDate.optional(),
  /** null: the follow-up is done or no longer needed. */
  followUpOn: ZDate.nullable().optional(),
  version: ZVersion,
});
export type CareUpdate = z.infer<typeof ZCareUpdate>;

export const ZCareRecord = z.object({
  id: ZId,
  personId: ZId,
  personName: z.string(),
  orgUnitId: ZId,
  orgUnitName: z.string(),
  kind: ZCareKind,
  description: z.string(),
  amountYuan: z.number().int().nullable(),
  givenByPersonId: ZId.nullable(),
  givenByName: z.string().nullable(),
  givenOn: z.string(),
  followUpOn: z.string().nullable(),
  /** The follow-up date has come (today or earlier). */
  followUpDue: z.boolean(),
  talkId: ZId.nullable(),
  /** Only for those who may read focus-person files in the unit; null for everyone else. */
  focusFileId: ZId.nullable(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type CareRecord = z.infer<typeof ZCareRecord>;

export const ZCareQuery = ZPageQuery.extend({
  orgUnitId: ZId.optional(),
  personId: ZId.optional(),
  kind: ZCareKind.optional(),
  followUpDue: z.enum(['true', 'false']).optional().transform((v) => (v === undefined ? undefined : v === 'true')),
});
export type CareQuery = z.infer<typeof ZCareQuery>;
