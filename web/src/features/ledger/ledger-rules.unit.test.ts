import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import type { Me } from '../../api/types';
import type { LedgerItemDetail } from './ledger-api';
import { allowedActions, buildRollupTree, conflictIdsOf, itemRoleOf, nextActionOf } from './ledger-rules';
import type { RollupNode } from './ledger-views-api';

const DEPT = '00000000-0000-4000-8000-00000000000d';
const OWNER = '00000000-0000-4000-8000-000000000001';
const LEADER = '00000000-0000-4000-8000-000000000002';
const HEAD = '00000000-0000-4000-8000-000000000003';

const me = (personId: string | null, roles: Me['roles'], permissions: string[] = ['org.read']): Me => ({
  id: 'u',
  username: 'u',
  personId,
  displayName: 'u',
  roles,
  mustChangePassword: false,
  permissions,
});
const owner = me(OWNER, [{ role: 'member', orgUnitId: 'b' }]);
const head = me(HEAD, [{ role: 'department_head', orgUnitId: DEPT }], ['org.read', 'people.read']);
const otherHead = me('00000000-0000-4000-8000-000000000009', [{ role: 'department_head', orgUnitId: 'x' }], ['org.read', 'people.read']);
const leader = me(LEADER, [{ role: 'committee_member', orgUnitId: 'gb' }], ['org.read', 'people.read']);
const secretary = me(null, [{ role: 'secretary', orgUnitId: 'gb' }], ['org.read', 'people.read', 'people.write']);

function item(over: Partial<LedgerItemDetail>): LedgerItemDetail {
  return {
    id: 'i',
    ownerPersonId: OWNER,
    leaderPersonId: LEADER,
    leadDepartmentId: DEPT,
    status: 'not_started',
    reviewLevel: 0,
    type: 'deadline',
    evidence: [],
    ...over,
  } as LedgerItemDetail;
}

describe('what the caller may do with an item', () => {
  const cases: [string, Me, Partial<LedgerItemDetail>, string[]][] = [
    ['owner starts', owner, { status: 'not_started' }, ['in_progress']],
    ['owner submits', owner, { status: 'in_progress' }, ['awaiting_review']],
    ['owner never reviews their own item', owner, { status: 'awaiting_review' }, []],
    ['head of the lead department reviews first', head, { status: 'awaiting_review', reviewLevel: 0 }, ['reviewed', 'returned']],
    ['head cannot sign off', head, { status: 'awaiting_review', reviewLevel: 1 }, []],
    ['another department head does nothing', otherHead, { status: 'awaiting_review', reviewLevel: 0 }, []],
    ['leader waits for the first level', leader, { status: 'awaiting_review', reviewLevel: 0 }, []],
    ['leader signs off after it', leader, { status: 'awaiting_review', reviewLevel: 1 }, ['signed_off', 'returned']],
    ['leader re-checks a signed-off item', leader, { status: 'signed_off' }, ['recheck']],
    ['owner reports on an ongoing item after sign-off', owner, { status: 'signed_off', type: 'ongoing' }, ['check_in']],
    ['owner has no re-check of a deadline item', owner, { status: 'signed_off', type: 'deadline' }, []],
    ['secretary manages and reviews', secretary, { status: 'awaiting_review', reviewLevel: 0 }, ['reviewed', 'returned']],
    ['secretary may start for the owner', secretary, { status: 'not_started' }, ['in_progress']],
  ];
  it.each(cases)('%s', (_name, who, over, expected) => {
    const i = item(over);
    expect(allowedActions(i, itemRoleOf(who, i))).toEqual(expected);
  });

  it('names the next step for the 我的事项 list', () => {
    expect(nextActionOf(owner, item({ status: 'not_started' }))).toBe('start');
    expect(nextActionOf(owner, item({ status: 'awaiting_review' }))).toBe('wait_review');
    expect(nextActionOf(head, item({ status: 'awaiting_review', reviewLevel: 0 }))).toBe('review');
    expect(nextActionOf(leader, item({ status: 'awaiting_review', reviewLevel: 0 }))).toBe('wait_review');
    expect(nextActionOf(leader, item({ status: 'awaiting_review', reviewLevel: 1 }))).toBe('sign_off');
    expect(nextActionOf(head, item({ status: 'awaiting_review', reviewLevel: 1 }))).toBe('wait_leader');
    expect(nextActionOf(owner, item({ status: 'signed_off', type: 'ongoing' }))).toBe('check_in');
    expect(nextActionOf(leader, item({ status: 'signed_off' }))).toBe('done');
  });
});

describe('the roll-up tree', () => {
  const node = (key: string, parentKey: string | null, depth: number): RollupNode => ({
    key,
    parentKey,
    depth,
    kind: depth === 0 ? 'unit' : 'aspect',
    refId: null,
    label: key,
    total: 1,
    weight: 1,
    progress: 0,
    byStatus: { not_started: 1, in_progress: 0, awaiting_review: 0, signed_off: 0 },
    overdue: 0,
  });

  it('nests the flat depth-first list under each parent', () => {
    const tree = buildRollupTree([node('u', null, 0), node('u/r', 'u', 1), node('u/r/a', 'u/r', 2), node('u/r2', 'u', 1)]);
    expect(tree.map((n) => n.key)).toEqual(['u']);
    expect(tree[0]!.children!.map((n) => n.key)).toEqual(['u/r', 'u/r2']);
    expect(tree[0]!.children![0]!.children!.map((n) => n.key)).toEqual(['u/r/a']);
    expect(tree[0]!.children![1]!.children).toBeUndefined();
  });

  it('keeps a node whose parent is missing as a root instead of dropping it', () => {
    expect(buildRollupTree([node('a', 'gone', 1)]).map((n) => n.key)).toEqual(['a']);
  });
});

describe('a bulk-edit conflict', () => {
  it('names the rows that changed', () => {
    const e = new ApiError(409, 'VERSION_CONFLICT', 'x', { conflicts: [{ id: 'a', version: 3 }, { id: 'b', version: 2 }] });
    expect(conflictIdsOf(e)).toEqual(['a', 'b']);
  });
  it('names none for other errors or malformed details', () => {
    expect(conflictIdsOf(new Error('x'))).toEqual([]);
    expect(conflictIdsOf(new ApiError(409, 'VERSION_CONFLICT', 'x', { conflicts: 'nope' }))).toEqual([]);
    expect(conflictIdsOf(new ApiError(409, 'VERSION_CONFLICT', 'x', null))).toEqual([]);
  });
});
