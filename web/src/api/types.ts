// The API's request and response types, taken from the shared contracts.
import type { z } from 'zod';
import type { ZApiToken, ZApiTokenCreated, ZSession } from '../../../src/contracts/auth';
import type { ZLeadership, ZLeadershipPut, ZOrgUnitCreate, ZOrgUnitUpdate } from '../../../src/contracts/org-units';
import type { ZPersonCreate, ZPersonSensitive, ZPersonUpdate } from '../../../src/contracts/people';
import type { ZPasswordReset, ZUserCreate, ZUserCreated, ZUserUpdate } from '../../../src/contracts/users';

export type { Me, Role, RoleAssignment } from '../../../src/contracts/auth';
export type { OrgUnit, OrgUnitKind, Leader } from '../../../src/contracts/org-units';
export type { Person, PersonFields, PeopleQuery, PartyStatus, PersonStatus, ImportReport } from '../../../src/contracts/people';
export type { User } from '../../../src/contracts/users';
export type { AuditEntry, AuditVerify } from '../../../src/contracts/audit';

export type Session = z.infer<typeof ZSession>;
export type ApiToken = z.infer<typeof ZApiToken>;
export type ApiTokenCreated = z.infer<typeof ZApiTokenCreated>;
export type Leadership = z.infer<typeof ZLeadership>;
export type LeadershipPut = z.input<typeof ZLeadershipPut>;
export type OrgUnitCreate = z.input<typeof ZOrgUnitCreate>;
export type OrgUnitUpdate = z.input<typeof ZOrgUnitUpdate>;
export type PersonCreate = z.input<typeof ZPersonCreate>;
export type PersonUpdate = z.input<typeof ZPersonUpdate>;
export type PersonSensitive = z.infer<typeof ZPersonSensitive>;
export type UserCreate = z.input<typeof ZUserCreate>;
export type UserCreated = z.infer<typeof ZUserCreated>;
export type UserUpdate = z.input<typeof ZUserUpdate>;
export type PasswordReset = z.infer<typeof ZPasswordReset>;
export type Page<T> = { items: T[]; total: number };
export type ImportMode = 'dry_run' | 'valid_rows' | 'all_or_nothing';
export type Gender = 'male' | 'female';
