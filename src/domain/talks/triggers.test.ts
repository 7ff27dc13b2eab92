import { describe, expect, it } from 'vitest';
import { assignTriggeredTalk, dueDate, isTalkDueOverdue } from './triggers';

const c = { gridLeaderId: 'g', branchSecretaryId: 's', unitHeadId: 'h', generalBranchSecretaryId: 'gs' };

describe('triggered talks', () => {
  it('are due 7 days after being raised by default, across a month end', () => {
    expect(dueDate('2025-01-28')).toBe('2025-02-04');
    expect(dueDate('2025-12-30', 3)).toBe('2026-01-02');
  });
  it.each([
    ['post_change', c, 'p', 'g'],
    ['post_change', { ...c, gridLeaderId: null }, 'p', 's'],
    ['hardship', { ...c, gridLeaderId: null, branchSecretaryId: null }, 'p', 'h'],
    ['own_request', { gridLeaderId: null, branchSecretaryId: null, unitHeadId: null, generalBranchSecretaryId: 'gs' }, 'p', 'gs'],
    ['discipline_case', c, 'p', 's'],
    // the grid leader's own post change goes to the branch secretary, never to themself
    ['post_change', c, 'g', 's'],
  ] as const)('%s is assigned by the rules (%#)', (trigger, cand, person, expected) => {
    expect(assignTriggeredTalk(trigger, person, cand)).toBe(expected);
  });
  it('finds nobody when there is nobody', () => {
    expect(assignTriggeredTalk('other', 'p', { gridLeaderId: null, branchSecretaryId: null, unitHeadId: null, generalBranchSecretaryId: null })).toBeNull();
  });
  it('is overdue only when open and past due', () => {
    expect(isTalkDueOverdue({ status: 'open', dueOn: '2025-03-01' }, '2025-03-02')).toBe(true);
    expect(isTalkDueOverdue({ status: 'open', dueOn: '2025-03-01' }, '2025-03-01')).toBe(false);
    expect(isTalkDueOverdue({ status: 'done', dueOn: '2025-03-01' }, '2025-04-01')).toBe(false);
  });
});
