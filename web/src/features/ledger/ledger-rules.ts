import { isApiError } from '../../api/client';
import type { Me } from '../../api/types';
import type { LedgerItem, LedgerItemDetail, LedgerStatus } from './ledger-api';
import type { RollupNode } from './ledger-views-api';

// Pure rules of the ledger pages: who the caller is for an item, what they may do next, and shaping API answers.

/** What the caller stands as for an item, guessed from the session the way the server decides it. */
export type ItemRole = { owner: boolean; leader: boolean; departmentReviewer: boolean; manager: boolean };

export function itemRoleOf(me: Me, item: Pick<LedgerItem, 'ownerPersonId' | 'leaderPersonId' | 'leadDepartmentId'>): ItemRole {
  const owner = !!me.personId && item.ownerPersonId === me.personId;
  const leader = !!me.personId && item.leaderPersonId === me.personId;
  const manager = me.permissions.includes('people.write');
  const departmentReviewer =
    me.roles.some((r) => r.role === 'department_head' && r.orgUnitId === item.leadDepartmentId) || me.roles.some((r) => r.role === 'secretary');
  return { owner, leader, departmentReviewer, manager };
}

export type NextAction = 'start' | 'submit' | 'wait_review' | 'review' | 'sign_off' | 'wait_leader' | 'check_in' | 'done';

/** The next thing the caller has to do with an item (the 我的事项 list shows it). */
export function nextActionOf(me: Me, item: LedgerItem): NextAction {
  const role = itemRoleOf(me, item);
  switch (item.status as LedgerStatus) {
    case 'not_started':
      return role.owner || role.manager ? 'start' : 'done';
    case 'in_progress':
      return role.owner || role.manager ? 'submit' : 'done';
    case 'awaiting_review':
      if (role.owner) return 'wait_review';
      if (item.reviewLevel >= 1) return role.leader ? 'sign_off' : 'wait_leader';
      return role.departmentReviewer ? 'review' : 'wait_review';
    case 'signed_off':
      return item.type === 'ongoing' && role.owner ? 'check_in' : 'done';
    default:
      return 'done';
  }
}

/** What a button asks the API for: a transition target, a re-check, or a periodic check-in. */
export type ItemAction = 'in_progress' | 'awaiting_review' | 'reviewed' | 'signed_off' | 'returned' | 'recheck' | 'check_in';

/** The actions the caller may take on the item now (the server checks again). */
export function allowedActions(item: LedgerItemDetail, role: ItemRole): ItemAction[] {
  const out: ItemAction[] = [];
  const status = item.status as LedgerStatus;
  const drives = role.owner || role.manager;
  if (status === 'not_started' && drives) out.push('in_progress');
  if (status === 'in_progress' && drives) out.push('awaiting_review');
  if (status === 'awaiting_review' && !role.owner) {
    if (item.reviewLevel < 1 && role.departmentReviewer) out.push('reviewed', 'returned');
    if (item.reviewLevel >= 1 && role.leader) out.push('signed_off', 'returned');
  }
  if (status === 'signed_off' && !role.owner && (role.manager || role.leader || role.departmentReviewer)) out.push('recheck');
  if (status === 'signed_off' && item.type === 'ongoing' && drives) out.push('check_in');
  return out;
}

export type TreeRow = RollupNode & { children?: TreeRow[] };

/** The flat, depth-first roll-up as a tree for the table. */
export function buildRollupTree(nodes: readonly RollupNode[]): TreeRow[] {
  const byKey = new Map<string, TreeRow>();
  const roots: TreeRow[] = [];
  for (const n of nodes) {
    const row: TreeRow = { ...n };
    byKey.set(n.key, row);
    const parent = n.parentKey ? byKey.get(n.parentKey) : undefined;
    if (parent) (parent.children ??= []).push(row);
    else roots.push(row);
  }
  return roots;
}

/** The rows of a bulk edit that someone else changed meanwhile, from the 409 details. */
export function conflictIdsOf(e: unknown): string[] {
  if (!isApiError(e) || typeof e.details !== 'object' || e.details === null) return [];
  const conflicts = (e.details as { conflicts?: unknown }).conflicts;
  return Array.isArray(conflicts) ? conflicts.map((c) => String((c as { id?: unknown }).id ?? '')).filter(Boolean) : [];
}
