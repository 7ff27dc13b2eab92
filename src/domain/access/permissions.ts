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
  | 'audit.read';

// Rules as data: one row per role. `member` reaches only their own record (handled by the caller).
const GRANTS: Record<Role, readonly Permission[]> = {
  admin: ['org.read', 'org.write', 'people.read', 'people.write', 'people.read_sensitive', 'people.import', 'users.read', 'users.write', 'audit.read'],
  secretary: ['org.read', 'org.write', 'people.read', 'people.write', 'people.read_sensitive', 'people.import', 'users.read'],
  committee_member: ['org.read', 'people.read'],
  department_head: ['org.read', 'people.read'],
  grid_leader: ['org.read', 'people.read'],
  inspector: ['org.read', 'people.read', 'people.read_sensitive', 'audit.read'],
  member: ['org.read'],
  viewer: ['org.read', 'people.read'],
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
