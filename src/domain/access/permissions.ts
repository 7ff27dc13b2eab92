import type { Role } from '../../contracts/auth';

/** What a role may do within the subtree of the unit it is assigned to. */
export type Permission =
  | 'org.read'
  | 'org.write'
  | 'people.read'
  | 'people.write'
  | 'people.read_sensitive'
  | 'people.import'
  | 'users.read'
  | 'users.write'
  | 'audit.read'
  /** SMTP, webhook and other system settings. */
  | 'settings.write'
  /** Edit grids and the unit's talk rules (谈心谈话制度). */
  | 'talks.policy'
  /** Record talks and raise triggered talks; the notes stay need-to-know (talker, secretaries above, inspector). */
  | 'talks.record'
  /** Coverage figures and the list of talks without notes. */
  | 'talks.coverage'
  /** Open, review and close focus-person files (重点人员专档) — still need-to-know per file. */
  | 'focus.manage'
  /** Record care (关心关爱). */
  | 'care.write';

// Rules as data: one row per role. `member` reaches only their own record (handled by the caller).
const GRANTS: Record<Role, readonly Permission[]> = {
  // The system administrator runs accounts and settings; confidential talk notes and focus files are not theirs.
  admin: ['org.read', 'org.write', 'people.read', 'people.write', 'people.read_sensitive', 'people.import', 'users.read', 'users.write', 'audit.read', 'settings.write'],
  secretary: [
    'org.read', 'org.write', 'people.read', 'people.write', 'people.read_sensitive', 'people.import', 'users.read',
    'talks.policy', 'talks.record', 'talks.coverage', 'focus.manage', 'care.write',
  ],
  committee_member: ['org.read', 'people.read', 'talks.record', 'talks.coverage', 'care.write'],
  department_head: ['org.read', 'people.read', 'talks.record', 'talks.coverage', 'care.write'],
  grid_leader: ['org.read', 'people.read', 'talks.record', 'talks.coverage', 'care.write'],
  inspector: ['org.read', 'people.read', 'people.read_sensitive', 'audit.read', 'talks.coverage'],
  member: ['org.read'],
  viewer: ['org.read', 'people.read', 'talks.coverage'],
};

export function permissionsOf(role: Role): readonly Permission[] {
  return GRANTS[role];
}

export function roleGrants(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** Distinct permissions across all roles a user holds, for the UI to show or hide modules. */
export function collectPermissions(roles: readonly Role[]): Permission[] {
  return [...new Set(roles.flatMap((r) => GRANTS[r]))].sort();
}
