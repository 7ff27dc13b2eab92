import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/app-error';
import {
  assertCanCheckIn,
  assertCanRecheck,
  assertTransition,
  doesRecheckReopen,
  ITEM_STATUSES,
  planTransition,
  type ActorFacts,
  type ItemFacts,
  type ItemStatus,
  type TransitionTarget,
} from './item-status';

const codeOf = (fn: () => unknown): string | null => {
  try {
    fn();
    return null;
  } catch (e) {
    if (e instanceof AppError) return e.code === 'FORBIDDEN' ? `FORBIDDEN:${(e.details as { reason: string }).reason}` : e.code;
    throw e;
  }
};

describe('assertTransition', () => {
  const allowed: [ItemStatus, ItemStatus][] = [
    ['not_started', 'in_progress'],
    ['in_progress', 'awaiting_review'],
    ['awaiting_review', 'awaiting_review'],
    ['awaiting_review', 'in_progress'],
    ['awaiting_review', 'signed_off'],
    ['signed_off', 'in_progress'],
  ];
  const key = (a: string, b: string) => `${a}->${b}`;
  const ok = new Set(allowed.map(([a, b]) => key(a, b)));
  for (const from of ITEM_STATUSES) {
    for (const to of ITEM_STATUSES) {
      const expected = ok.has(key(from, to)) ? null : 'LEDGER_BAD_TRANSITION';
      it(`${from} → ${to}: ${expected ?? 'allowed'}`, () => expect(codeOf(() => assertTransition(from, to))).toBe(expected));
    }
  }
});

const OWNER = 'p-owner';
const item = (over: Partial<ItemFacts> = {}): ItemFacts => ({
  status: 'in_progress',
  reviewLevel: 0,
  evidenceCount: 1,
  progressNote: '已完成整改，制定了学习制度',
  firstReviewerPersonId: null,
  ...over,
});
const who = (over: Partial<ActorFacts> = {}): ActorFacts => ({
  personId: 'p-x',
  isOwner: false,
  isManager: false,
  isDepartmentReviewer: false,
  isLeader: false,
  ...over,
});
const owner = who({ personId: OWNER, isOwner: true });
const secretary = who({ personId: 'p-sec', isManager: true, isDepartmentReviewer: true });
const head = who({ personId: 'p-head', isDepartmentReviewer: true });
const leader = who({ personId: 'p-leader', isLeader: true });
const stranger = who();
const ownerWhoLeads = who({ personId: OWNER, isOwner: true, isLeader: true, isDepartmentReviewer: true, isManager: true });

describe('planTransition', () => {
  // [case, item, actor, to, note, expected status/reviewLevel or error code]
  const table: [string, ItemFacts, ActorFacts, TransitionTarget, string | null, string][] = [
    ['owner starts', item({ status: 'not_started' }), owner, 'in_progress', null, 'in_progress/0'],
    ['secretary starts', item({ status: 'not_started' }), secretary, 'in_progress', null, 'in_progress/0'],
    ['a stranger may not start', item({ status: 'not_started' }), stranger, 'in_progress', null, 'FORBIDDEN:not_owner'],
    ['a started item cannot start again', item(), owner, 'in_progress', null, 'LEDGER_BAD_TRANSITION'],
    ['owner submits with a note and evidence', item(), owner, 'awaiting_review', null, 'awaiting_review/0'],
    ['submitting needs a progress note', item({ progressNote: null }), owner, 'awaiting_review', null, 'LEDGER_NOTE_REQUIRED'],
    ['a blank note is no note', item({ progressNote: '  ' }), owner, 'awaiting_review', '   ', 'LEDGER_NOTE_REQUIRED'],
    ['the transition note serves as progress note', item({ progressNote: null }), owner, 'awaiting_review', '已整改', 'awaiting_review/0'],
    ['submitting needs evidence', item({ evidenceCount: 0 }), owner, 'awaiting_review', null, 'LEDGER_EVIDENCE_REQUIRED'],
    ['a not-started item cannot be submitted', item({ status: 'not_started' }), owner, 'awaiting_review', null, 'LEDGER_BAD_TRANSITION'],
    ['a stranger may not submit', item(), stranger, 'awaiting_review', null, 'FORBIDDEN:not_owner'],
    ['department head reviews first', item({ status: 'awaiting_review' }), head, 'reviewed', null, 'awaiting_review/1'],
    ['a secretary above reviews first', item({ status: 'awaiting_review' }), secretary, 'reviewed', null, 'awaiting_review/1'],
    ['the leader is not the first reviewer', item({ status: 'awaiting_review' }), leader, 'reviewed', null, 'FORBIDDEN:not_department_reviewer'],
    ['the owner never reviews', item({ status: 'awaiting_review' }), ownerWhoLeads, 'reviewed', null, 'FORBIDDEN:owner_cannot_review'],
    ['the first review happens once', item({ status: 'awaiting_review', reviewLevel: 1 }), head, 'reviewed', null, 'LEDGER_REVIEW_ORDER'],
    ['no review before submission', item(), head, 'reviewed', null, 'LEDGER_BAD_TRANSITION'],
    ['leader signs off after the first review', item({ status: 'awaiting_review', reviewLevel: 1, firstReviewerPersonId: 'p-head' }), leader, 'signed_off', null, 'signed_off/2'],
    ['signing off cannot skip the first review', item({ status: 'awaiting_review', reviewLevel: 0 }), leader, 'signed_off', null, 'LEDGER_REVIEW_ORDER'],
    ['the owner cannot sign off', item({ status: 'awaiting_review', reviewLevel: 1 }), ownerWhoLeads, 'signed_off', null, 'FORBIDDEN:owner_cannot_review'],
    ['only the leader in charge signs off', item({ status: 'awaiting_review', reviewLevel: 1 }), head, 'signed_off', null, 'FORBIDDEN:not_leader'],
    ['the two levels need two people', item({ status: 'awaiting_review', reviewLevel: 1, firstReviewerPersonId: 'p-both' }), who({ personId: 'p-both', isLeader: true, isDepartmentReviewer: true }), 'signed_off', null, 'FORBIDDEN:same_reviewer'],
    ['no sign-off without evidence', item({ status: 'awaiting_review', reviewLevel: 1, evidenceCount: 0 }), leader, 'signed_off', null, 'LEDGER_EVIDENCE_REQUIRED'],
    ['an in-progress item cannot be signed off', item(), leader, 'signed_off', null, 'LEDGER_BAD_TRANSITION'],
    ['a signed-off item cannot be signed off again', item({ status: 'signed_off', reviewLevel: 2 }), leader, 'signed_off', null, 'LEDGER_BAD_TRANSITION'],
    ['head returns with a reason', item({ status: 'awaiting_review' }), head, 'returned', '佐证材料不足', 'in_progress/0'],
    ['leader returns after the first review', item({ status: 'awaiting_review', reviewLevel: 1 }), leader, 'returned', '措施不具体', 'in_progress/0'],
    ['returning needs a reason', item({ status: 'awaiting_review' }), head, 'returned', null, 'LEDGER_NOTE_REQUIRED'],
    ['the leader cannot return before the first review', item({ status: 'awaiting_review' }), leader, 'returned', '理由', 'FORBIDDEN:not_department_reviewer'],
    ['the owner cannot return', item({ status: 'awaiting_review' }), ownerWhoLeads, 'returned', '理由', 'FORBIDDEN:owner_cannot_review'],
    ['nothing to return when in progress', item(), head, 'returned', '理由', 'LEDGER_BAD_TRANSITION'],
  ];
  for (const [name, facts, actor, to, note, expected] of table) {
    it(name, () => {
      let got: string;
      try {
        const plan = planTransition(facts, actor, to, note);
        got = `${plan.status}/${plan.reviewLevel}`;
      } catch (e) {
        got = codeOf(() => {
          throw e;
        })!;
      }
      expect(got).toBe(expected);
    });
  }

  it('records reviews with their level and keeps the submitted note', () => {
    expect(planTransition(item({ status: 'awaiting_review' }), head, 'reviewed', null).review).toEqual({ level: 1, decision: 'approve' });
    expect(planTransition(item({ status: 'awaiting_review', reviewLevel: 1 }), leader, 'returned', '不够').review).toEqual({ level: 2, decision: 'return' });
    expect(planTransition(item({ progressNote: null }), owner, 'awaiting_review', '  建立制度3项 ').progressNote).toBe('建立制度3项');
  });
});

describe('re-checks and check-ins', () => {
  it('reopens on 一般 and 差 only', () => {
    expect((['good', 'fair', 'average', 'poor'] as const).map(doesRecheckReopen)).toEqual([false, false, true, true]);
  });
  const table: [string, ItemStatus, ActorFacts, string | null][] = [
    ['secretary re-checks a signed-off item', 'signed_off', secretary, null],
    ['leader re-checks', 'signed_off', leader, null],
    ['not before sign-off', 'awaiting_review', secretary, 'LEDGER_BAD_TRANSITION'],
    ['never the owner', 'signed_off', ownerWhoLeads, 'FORBIDDEN:owner_cannot_review'],
    ['not a stranger', 'signed_off', stranger, 'FORBIDDEN:not_reviewer'],
  ];
  for (const [name, status, actor, expected] of table) it(name, () => expect(codeOf(() => assertCanRecheck({ status }, actor))).toBe(expected));

  it('takes check-ins on signed-off 长期坚持 items only', () => {
    expect(codeOf(() => assertCanCheckIn({ status: 'signed_off', type: 'ongoing' }, owner))).toBeNull();
    expect(codeOf(() => assertCanCheckIn({ status: 'signed_off', type: 'deadline' }, owner))).toBe('LEDGER_BAD_TRANSITION');
    expect(codeOf(() => assertCanCheckIn({ status: 'in_progress', type: 'ongoing' }, owner))).toBe('LEDGER_BAD_TRANSITION');
    expect(codeOf(() => assertCanCheckIn({ status: 'signed_off', type: 'ongoing' }, head))).toBe('FORBIDDEN:not_owner');
  });
});
