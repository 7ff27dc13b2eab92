import { describe, expect, it } from 'vitest';
import { canMoveOn, checkCoverage, isMemberOn, type MembershipPeriod } from './coverage-check';

const people = [
  { id: 'p1', name: '张伟' },
  { id: 'p2', name: '李娜' },
  { id: 'p3', name: '王强' },
  { id: 'p4', name: '赵敏' },
];
const grids = [
  { id: 'g1', name: '第一网格' },
  { id: 'g2', name: '第二网格' },
  { id: 'closed', name: '已撤销网格' },
];
const m = (personId: string, gridId: string, joinedOn: string, leftOn: string | null = null): MembershipPeriod => ({ personId, gridId, joinedOn, leftOn });

describe('isMemberOn', () => {
  it.each([
    ['before joining', m('p1', 'g1', '2026-03-01'), '2026-02-28', false],
    ['on the day of joining', m('p1', 'g1', '2026-03-01'), '2026-03-01', true],
    ['open membership years later', m('p1', 'g1', '2026-03-01'), '2030-01-01', true],
    ['the day before leaving', m('p1', 'g1', '2026-03-01', '2026-06-15'), '2026-06-14', true],
    ['the day of leaving belongs to the next grid', m('p1', 'g1', '2026-03-01', '2026-06-15'), '2026-06-15', false],
    ['a zero-length membership never holds', m('p1', 'g1', '2026-03-01', '2026-03-01'), '2026-03-01', false],
  ])('%s', (_label, membership, on, expected) => {
    expect(isMemberOn(membership, on)).toBe(expected);
  });
});

describe('checkCoverage', () => {
  it('lists the unassigned and the double-assigned, counts the assigned', () => {
    const r = checkCoverage(people, [m('p1', 'g1', '2026-01-01'), m('p2', 'g1', '2026-01-01'), m('p2', 'g2', '2026-02-01')], grids.slice(0, 2), '2026-03-01');
    expect(r.total).toBe(4);
    expect(r.assigned).toBe(2);
    expect(r.unassigned.map((p) => p.id)).toEqual(['p3', 'p4']);
    expect(r.doubleAssigned).toEqual([{ person: people[1], grids: [grids[0], grids[1]] }]);
  });

  it('judges memberships on the day: a move mid-period is single assignment on either side', () => {
    const moved = [m('p1', 'g1', '2026-01-01', '2026-05-10'), m('p1', 'g2', '2026-05-10')];
    for (const on of ['2026-05-09', '2026-05-10', '2026-12-31']) {
      const r = checkCoverage(people.slice(0, 1), moved, grids, on);
      expect(r).toMatchObject({ unassigned: [], doubleAssigned: [], assigned: 1 });
    }
    expect(checkCoverage(people.slice(0, 1), moved, grids, '2025-12-31').unassigned).toHaveLength(1);
  });

  it('ignores memberships of closed grids (not passed in) and of people outside the population', () => {
    const r = checkCoverage(people.slice(0, 2), [m('p1', 'closed', '2026-01-01'), m('p9', 'g1', '2026-01-01'), m('p2', 'g1', '2026-01-01')], grids.slice(0, 2), '2026-03-01');
    expect(r.unassigned.map((p) => p.id)).toEqual(['p1']);
    expect(r).toMatchObject({ total: 2, assigned: 1, doubleAssigned: [] });
  });

  it('does not count a repeated membership in the same grid as double assignment', () => {
    const r = checkCoverage(people.slice(0, 1), [m('p1', 'g1', '2026-01-01', '2026-02-01'), m('p1', 'g1', '2026-01-15')], grids, '2026-01-20');
    expect(r.doubleAssigned).toEqual([]);
    expect(r.assigned).toBe(1);
  });

  it('an empty population is fully covered with zero totals', () => {
    expect(checkCoverage([], [], grids, '2026-01-01')).toEqual({ unassigned: [], doubleAssigned: [], total: 0, assigned: 0 });
  });
});

describe('canMoveOn', () => {
  it.each([
    ['mid-period', '2026-04-01', true],
    ['on the joining day', '2026-01-01', true],
    ['before the person joined', '2025-12-31', false],
  ])('%s', (_l, on, ok) => {
    expect(canMoveOn(m('p1', 'g1', '2026-01-01'), on)).toBe(ok);
  });
  it('refuses a membership that has already ended', () => {
    expect(canMoveOn(m('p1', 'g1', '2026-01-01', '2026-03-01'), '2026-04-01')).toBe(false);
  });
});
