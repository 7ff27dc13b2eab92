import { z } from 'zod';
import { ZId, ZVersion } from './common';

export const ORG_UNIT_KINDS = ['committee', 'general_branch', 'branch', 'group', 'department', 'duty_group'] as const;
export const ZOrgUnitKind = z.enum(ORG_UNIT_KINDS);
export type OrgUnitKind = z.infer<typeof ZOrgUnitKind>;

export const PARTY_POSTS = ['secretary', 'deputy_secretary', 'member'] as const;
export const ZPartyPost = z.enum(PARTY_POSTS);

export const ZLeader = z.object({
  personId: ZId,
  personName: z.string(),
  partyPost: ZPartyPost,
  /** 一岗双责: the areas of work this leader answers for besides team discipline. */
  dualResponsibility: z.array(z.string().max(64)).max(20),
});
export type Leader = z.infer<typeof ZLeader>;

export const ZOrgUnit = z.object({
  id: ZId,
  parentId: ZId.nullable(),
  kind: ZOrgUnitKind,
  name: z.string(),
  sortOrder: z.number().int(),
  closedAt: z.string().nullable(),
  version: z.number().int(),
  memberCount: z.number().int(),
});
export type OrgUnit = z.infer<typeof ZOrgUnit>;

export const ZOrgUnitListQuery = z.object({ includeClosed: z.coerce.boolean().default(false) });

export const ZOrgUnitCreate = z.object({
  parentId: ZId.nullable(),
  kind: ZOrgUnitKind,
  name: z.string().trim().min(1, '请填写组织名称').max(100, '组织名称不超过 100 字'),
  sortOrder: z.number().int().min(0).max(100000).optional(),
});

export const ZOrgUnitUpdate = z.object({
  version: ZVersion,
  name: z.string().trim().min(1, '请填写组织名称').max(100).optional(),
  parentId: ZId.nullable().optional(),
  sortOrder: z.number().int().min(0).max(100000).optional(),
  kind: ZOrgUnitKind.optional(),
});

export const ZOrgUnitClose = z.object({ version: ZVersion });

export const ZLeadershipPut = z.object({
  leaders: z
    .array(
      z.object({
        personId: ZId,
        partyPost: ZPartyPost,
        dualResponsibility: z.array(z.string().trim().min(1).max(64)).max(20).default([]),
      }),
    )
    .max(50),
});
export const ZLeadership = z.object({ orgUnitId: ZId, leaders: z.array(ZLeader) });
