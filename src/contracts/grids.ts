import { z } from 'zod';
import { ZDate, ZId, ZVersion } from './common';
import { IMPORT_MODES, ZImportProblem } from './people';

const ZName = z.string().trim().min(1, '请填写网格名称').max(50, '网格名称不超过 50 字');

export const ZGridCreate = z.object({
  branchId: ZId,
  name: ZName,
  leaderPersonId: ZId.nullable().optional(),
  deputyPersonId: ZId.nullable().optional(),
  sortOrder: z.number().int().min(0).max(10_000).optional(),
});
export type GridCreate = z.infer<typeof ZGridCreate>;

export const ZGridUpdate = z.object({
  name: ZName.optional(),
  leaderPersonId: ZId.nullable().optional(),
  deputyPersonId: ZId.nullable().optional(),
  sortOrder: z.number().int().min(0).max(10_000).optional(),
  version: ZVersion,
});
export type GridUpdate = z.infer<typeof ZGridUpdate>;

export const ZGridVersionBody = z.object({ version: ZVersion });

export const ZGridMember = z.object({
  membershipId: ZId,
  personId: ZId,
  name: z.string(),
  post: z.string().nullable(),
  joinedOn: z.string(),
});

export const ZGrid = z.object({
  id: ZId,
  branchId: ZId,
  branchName: z.string(),
  name: z.string(),
  leaderPersonId: ZId.nullable(),
  leaderName: z.string().nullable(),
  deputyPersonId: ZId.nullable(),
  deputyName: z.string().nullable(),
  sortOrder: z.number().int(),
  closedAt: z.string().nullable(),
  /** Current members (on the day asked, today by default). */
  members: z.array(ZGridMember),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type Grid = z.infer<typeof ZGrid>;

export const ZGridListQuery = z.object({
  /** The unit whose grids (and those of the units below it) are listed. */
  branchId: ZId,
  /** The day the membership is read for; today by default. */
  on: ZDate.optional(),
  includeClosed: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

export const ZGridMembersAdd = z.object({
  personIds: z.array(ZId).min(1, '请选择人员').max(500),
  joinedOn: ZDate,
  version: ZVersion,
});

export const ZGridMemberRemoveParams = z.object({ id: ZId, personId: ZId });
export const ZGridMemberRemoveQuery = z.object({ leftOn: ZDate, version: z.coerce.number().int().min(1) });

/** A drag between two grid columns: the old membership ends on `on`, the new one starts that day. */
export const ZGridMove = z.object({
  personId: ZId,
  fromGridId: ZId,
  toGridId: ZId,
  on: ZDate,
  fromVersion: ZVersion,
  toVersion: ZVersion,
});
export const ZGridMoveResult = z.object({ from: ZGrid, to: ZGrid });

export const ZCoveragePerson = z.object({ id: ZId, name: z.string(), post: z.string().nullable(), branchName: z.string().nullable() });
export const ZCoverageQuery = z.object({ orgUnitId: ZId, on: ZDate.optional() });
export const ZCoverageCheck = z.object({
  on: z.string(),
  unassigned: z.array(ZCoveragePerson),
  doubleAssigned: z.array(z.object({ person: ZCoveragePerson, grids: z.array(z.object({ id: ZId, name: z.string() })) })),
  total: z.number().int(),
  assigned: z.number().int(),
});
export type CoverageCheckResult = z.infer<typeof ZCoverageCheck>;

export const ZGridImportQuery = z.object({ branchId: ZId, mode: z.enum(IMPORT_MODES).default('dry_run'), joinedOn: ZDate.optional() });
export const ZGridImportReport = z.object({
  mode: z.enum(IMPORT_MODES),
  totalRows: z.number().int(),
  validRows: z.number().int(),
  invalidRows: z.number().int(),
  imported: z.number().int(),
  problems: z.array(ZImportProblem),
  /** Grids named in the file that do not exist yet in the branch (created on import). */
  newGrids: z.array(z.string()),
  /** People already in another grid: moved on the import day. */
  moves: z.array(z.object({ row: z.number().int(), name: z.string(), fromGrid: z.string(), toGrid: z.string() })),
  /** People already in the named grid: left as they are. */
  unchanged: z.number().int(),
});
export type GridImportReport = z.infer<typeof ZGridImportReport>;
