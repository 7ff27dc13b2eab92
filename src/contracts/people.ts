import { z } from 'zod';
import { ZDate, ZId, ZPageQuery, ZVersion } from './common';

export const GENDERS = ['male', 'female'] as const;
export const PARTY_STATUSES = ['full_member', 'probationary', 'activist', 'applicant', 'none'] as const;
export const PERSON_STATUSES = ['active', 'transferred_out', 'retired'] as const;
export const ZGender = z.enum(GENDERS);
export const ZPartyStatus = z.enum(PARTY_STATUSES);
export const ZPersonStatus = z.enum(PERSON_STATUSES);
export type PartyStatus = z.infer<typeof ZPartyStatus>;
export type PersonStatus = z.infer<typeof ZPersonStatus>;

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const optionalDate = ZDate.nullable().optional();

/** Fields a person record carries; all writable fields of create and update. */
export const ZPersonFields = z.object({
  name: z.string().trim().min(1, '请填写姓名').max(50, '姓名不超过 50 字'),
  gender: ZGender,
  ethnicity: optionalText(20),
  birthDate: optionalDate,
  nativePlace: optionalText(50),
  education: optionalText(30),
  partyStatus: ZPartyStatus,
  partyJoinedOn: optionalDate,
  partyConfirmedOn: optionalDate,
  workStartedOn: optionalDate,
  serviceStartedOn: optionalDate,
  post: optionalText(50),
  rank: optionalText(30),
  postSince: optionalDate,
  departmentId: ZId.nullable().optional(),
  branchId: ZId.nullable().optional(),
  status: ZPersonStatus,
  transferredInOn: optionalDate,
  transferredOutOn: optionalDate,
  phone: z
    .string()
    .trim()
    .regex(/^(1\d{10}|0\d{2,3}-?\d{7,8})$/, '电话号码格式不正确')
    .nullable()
    .optional(),
  nationalId: z.string().trim().toUpperCase().nullable().optional(),
});
/** Create: party status and status default; update: only what is sent changes (no defaults). */
export const ZPersonCreate = ZPersonFields.extend({
  partyStatus: ZPartyStatus.default('none'),
  status: ZPersonStatus.default('active'),
});
export type PersonFields = z.infer<typeof ZPersonCreate>;
export const ZPersonUpdate = ZPersonFields.partial().extend({ version: ZVersion });

export const ZPerson = z.object({
  id: ZId,
  name: z.string(),
  nameInitials: z.string(),
  gender: ZGender,
  ethnicity: z.string().nullable(),
  birthDate: z.string().nullable(),
  age: z.number().int().nullable(),
  nativePlace: z.string().nullable(),
  education: z.string().nullable(),
  partyStatus: ZPartyStatus,
  partyJoinedOn: z.string().nullable(),
  partyConfirmedOn: z.string().nullable(),
  workStartedOn: z.string().nullable(),
  serviceStartedOn: z.string().nullable(),
  post: z.string().nullable(),
  rank: z.string().nullable(),
  postSince: z.string().nullable(),
  departmentId: ZId.nullable(),
  departmentName: z.string().nullable(),
  branchId: ZId.nullable(),
  branchName: z.string().nullable(),
  status: ZPersonStatus,
  transferredInOn: z.string().nullable(),
  transferredOutOn: z.string().nullable(),
  /** Masked for display; the full value comes from GET /people/{id}/sensitive, which is audited. */
  phoneMasked: z.string().nullable(),
  nationalIdMasked: z.string().nullable(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type Person = z.infer<typeof ZPerson>;

export const PERSON_SORTS = ['name', 'birthDate', 'postSince', 'serviceStartedOn', 'updatedAt'] as const;
export const ZPeopleQuery = ZPageQuery.extend({
  q: z.string().trim().max(50).optional(),
  orgUnitId: ZId.optional(),
  status: ZPersonStatus.optional(),
  partyStatus: ZPartyStatus.optional(),
  gender: ZGender.optional(),
  sort: z.enum(PERSON_SORTS).default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
});
export type PeopleQuery = z.infer<typeof ZPeopleQuery>;

export const ZPersonSensitive = z.object({ id: ZId, phone: z.string().nullable(), nationalId: z.string().nullable() });

export const IMPORT_MODES = ['dry_run', 'valid_rows', 'all_or_nothing'] as const;
export const ZImportQuery = z.object({ mode: z.enum(IMPORT_MODES).default('dry_run') });
export const ZImportProblem = z.object({ row: z.number().int(), column: z.string(), message: z.string() });
export const ZImportReport = z.object({
  mode: z.enum(IMPORT_MODES),
  totalRows: z.number().int(),
  validRows: z.number().int(),
  invalidRows: z.number().int(),
  imported: z.number().int(),
  problems: z.array(ZImportProblem),
});
export type ImportReport = z.infer<typeof ZImportReport>;
