import { z } from 'zod';
import { ZDate, ZId, ZPageQuery, ZVersion } from './common';

export const TALK_KINDS = ['routine', 'triggered', 'requested'] as const;
export const CONCERN_CATEGORIES = ['ideological', 'psychological', 'family_hardship', 'health', 'discipline_risk', 'financial', 'other'] as const;
export const CONCERN_SEVERITIES = ['low', 'medium', 'high'] as const;
export const FOLLOW_UP_KINDS = ['care', 'focus_file', 'ledger_item', 'talk'] as const;
export const TALK_TRIGGER_VALUES = ['post_change', 'discipline_case', 'early_warning', 'hardship', 'own_request', 'low_morale', 'other'] as const;
export const TALKER_ROLE_VALUES = ['general_branch_secretary', 'leadership_member', 'branch_secretary', 'committee_member', 'unit_head', 'grid_leader'] as const;
export const POPULATION_VALUES = ['leadership', 'unit_heads', 'committee', 'branch_members', 'department_people', 'grid_people'] as const;
export const CADENCE_VALUES = ['month', 'quarter', 'half_year', 'year'] as const;

export const ZTalkKind = z.enum(TALK_KINDS);
export const ZConcernCategory = z.enum(CONCERN_CATEGORIES);
export const ZConcern = z.object({ personId: ZId.optional(), category: ZConcernCategory, severity: z.enum(CONCERN_SEVERITIES) });
export const ZFollowUp = z.object({
  kind: z.enum(FOLLOW_UP_KINDS),
  note: z.string().trim().min(1, '请填写后续事项').max(500),
  refId: ZId.optional(),
});

export const ZTalkCreate = z.object({
  heldOn: ZDate,
  place: z.string().trim().max(100).nullable().optional(),
  kind: ZTalkKind.default('routine'),
  talkerPersonIds: z.array(ZId).min(1, '至少一名谈话人').max(10),
  talkeePersonIds: z.array(ZId).min(1, '至少一名谈话对象').max(20),
  topics: z.array(z.string().trim().min(1).max(100)).max(20).default([]),
  notes: z.string().max(20_000).nullable().optional(),
  concerns: z.array(ZConcern).max(20).default([]),
  followUps: z.array(ZFollowUp).max(20).default([]),
  /** Closes this triggered talk due (kind triggered); without it the open due of the talkee is closed. */
  talkDueId: ZId.optional(),
});
export type TalkCreate = z.infer<typeof ZTalkCreate>;
export const ZTalkUpdate = ZTalkCreate.omit({ talkDueId: true, talkerPersonIds: true, talkeePersonIds: true, kind: true, heldOn: true })
  .partial()
  .extend({ heldOn: ZDate.optional(), version: ZVersion });
export type TalkUpdate = z.infer<typeof ZTalkUpdate>;

export const ZTalkPerson = z.object({ personId: ZId, name: z.string() });
/** What the caller may see: `notes` and `concerns` only when allowed (null otherwise); `access` says which view. */
export const ZTalk = z.object({
  id: ZId,
  orgUnitId: ZId,
  orgUnitName: z.string(),
  heldOn: z.string(),
  place: z.string().nullable(),
  kind: ZTalkKind,
  talkers: z.array(ZTalkPerson),
  talkees: z.array(ZTalkPerson),
  topics: z.array(z.string()).nullable(),
  followUps: z.array(ZFollowUp),
  concernCategories: z.array(ZConcernCategory).nullable(),
  concerns: z.array(ZConcern.extend({ personId: ZId })).nullable(),
  notes: z.string().nullable(),
  access: z.enum(['full', 'record', 'participant']),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type Talk = z.infer<typeof ZTalk>;
export const ZTalkListItem = ZTalk.omit({ notes: true, concerns: true });
export type TalkListItem = z.infer<typeof ZTalkListItem>;

export const ZTalksQuery = ZPageQuery.extend({
  orgUnitId: ZId.optional(),
  personId: ZId.optional(),
  talkerPersonId: ZId.optional(),
  from: ZDate.optional(),
  to: ZDate.optional(),
  kind: ZTalkKind.optional(),
  concern: ZConcernCategory.optional(),
});
export type TalksQuery = z.infer<typeof ZTalksQuery>;

export const ZTalkRule = z.object({
  code: z.string().trim().regex(/^[a-z0-9_]{1,40}$/, '规则代码只能包含小写字母、数字和下划线'),
  name: z.string().trim().min(1).max(100),
  talkerRole: z.enum(TALKER_ROLE_VALUES),
  population: z.enum(POPULATION_VALUES),
  cadence: z.enum(CADENCE_VALUES),
  enabled: z.boolean().default(true),
});
export const ZTalkRulesQuery = z.object({ orgUnitId: ZId });
export const ZTalkRules = z.object({
  orgUnitId: ZId,
  /** The unit whose rules apply (itself or the nearest ancestor with rules); null when the defaults apply. */
  sourceOrgUnitId: ZId.nullable(),
  isDefault: z.boolean(),
  rules: z.array(ZTalkRule),
  /** Sum of the rows' versions of the unit itself (0 when it has none), for optimistic locking of the whole set. */
  version: z.number().int(),
});
export const ZTalkRulesPut = z.object({ orgUnitId: ZId, rules: z.array(ZTalkRule).max(30), version: z.number().int().min(0) });

export const ZCoverageQuery = z.object({ orgUnitId: ZId, from: ZDate, to: ZDate, overdueLimit: z.coerce.number().int().min(1).max(5000).default(200) });
const ZCounts = z.object({ required: z.number().int(), held: z.number().int(), coveragePercent: z.number() });
export const ZCoverage = ZCounts.extend({
  orgUnitId: ZId,
  from: z.string(),
  to: z.string(),
  overdue: z.array(z.object({ personId: ZId, name: z.string(), daysSinceLastTalk: z.number().int().nullable(), lastTalkOn: z.string().nullable() })),
  overdueTotal: z.number().int(),
  byRule: z.array(ZCounts.extend({ ruleCode: z.string(), name: z.string() })),
  byGrid: z.array(ZCounts.extend({ gridId: ZId, name: z.string(), branchId: ZId })),
});
export type Coverage = z.infer<typeof ZCoverage>;

export const ZStatsQuery = z.object({ orgUnitId: ZId, from: ZDate, to: ZDate, notTalkedDays: z.coerce.number().int().min(1).max(3650).default(90) });
export const ZTalkStats = z.object({
  concernsByMonth: z.array(z.object({ month: z.string(), category: ZConcernCategory, count: z.number().int() })),
  overdueTriggered: z.array(z.object({ id: ZId, personId: ZId, name: z.string(), trigger: z.string(), dueOn: z.string(), talkerPersonId: ZId.nullable(), talkerName: z.string().nullable() })),
  topOverdueTalkers: z.array(z.object({ personId: ZId, name: z.string(), overdue: z.number().int() })),
  notTalkedWith: z.array(z.object({ personId: ZId, name: z.string(), lastTalkOn: z.string().nullable(), days: z.number().int().nullable() })),
});

export const ZTalkDueCreate = z.object({
  personId: ZId,
  trigger: z.enum(TALK_TRIGGER_VALUES),
  reason: z.string().trim().max(500).nullable().optional(),
  dueInDays: z.number().int().min(1).max(90).default(7),
});
export const ZTalkDue = z.object({
  id: ZId,
  personId: ZId,
  personName: z.string(),
  orgUnitId: ZId,
  trigger: z.enum(TALK_TRIGGER_VALUES),
  reason: z.string().nullable(),
  raisedOn: z.string(),
  dueOn: z.string(),
  talkerPersonId: ZId.nullable(),
  talkerName: z.string().nullable(),
  talkId: ZId.nullable(),
  status: z.enum(['open', 'done', 'cancelled']),
  overdue: z.boolean(),
  version: z.number().int(),
});
export type TalkDue = z.infer<typeof ZTalkDue>;

/** `mine=true` (default): the caller's own; `mine=false`: every open triggered talk in the caller's coverage scope. */
export const ZDueQuery = z.object({ mine: z.enum(['true', 'false']).default('true'), asOf: ZDate.optional() });
export const ZMyDue = z.object({
  obligations: z.array(z.object({ ruleCode: z.string(), ruleName: z.string(), personId: ZId, name: z.string(), periodKey: z.string(), from: z.string(), to: z.string(), overdue: z.boolean() })),
  triggered: z.array(ZTalkDue),
});
