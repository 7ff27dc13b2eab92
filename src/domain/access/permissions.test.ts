import { describe, expect, it } from 'vitest';
import { ROLES } from '../../contracts/auth';
import { collectPermissions, roleGrants } from './permissions';

describe('role grants', () => {
  // The table the product promises: who may do what (within their subtree).
  const table: [string, string[]][] = [
    ['admin', ['org.write', 'people.write', 'people.read_sensitive', 'users.write', 'audit.read']],
    ['secretary', ['org.write', 'people.write', 'people.read_sensitive', 'people.import', 'users.read']],
    ['inspector', ['people.read', 'people.read_sensitive', 'audit.read']],
    ['viewer', ['org.read', 'people.read']],
    ['member', ['org.read']],
  ];
  it.each(table)('%s has %j', (role, perms) => {
    for (const p of perms) expect(roleGrants(role as never, p as never)).toBe(true);
  });
  it.each([
    ['viewer', 'people.write'],
    ['viewer', 'org.write'],
    ['member', 'people.read'],
    ['secretary', 'users.write'],
    ['secretary', 'audit.read'],
    ['grid_leader', 'people.write'],
    ['committee_member', 'people.read_sensitive'],
    // Confidential talk notes and focus files are need-to-know: not the system administrator's, not a viewer's.
    ['admin', 'talks.record'],
    ['admin', 'focus.manage'],
    ['viewer', 'talks.record'],
    ['inspector', 'talks.record'],
    ['grid_leader', 'focus.manage'],
    ['secretary', 'settings.write'],
  ])('%s lacks %s', (role, perm) => {
    expect(roleGrants(role as never, perm as never)).toBe(false);
  });
  it('every role can at least read the organisation tree', () => {
    for (const r of ROLES) expect(roleGrants(r, 'org.read')).toBe(true);
  });
  it('collects distinct, sorted permissions', () => {
    expect(collectPermissions(['viewer', 'member'])).toEqual(['org.read', 'people.read', 'talks.coverage']);
  });
});
