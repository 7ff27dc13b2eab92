import { describe, expect, it } from 'vitest';
import {
  computeObligations,
  DEFAULT_TALK_RULES,
  FAR_FUTURE,
  FAR_PAST,
  indexTalks,
  isMet,
  isValidRule,
  owningGrid,
  type PersonFacts,
  type PopulationFacts,
  type TalkRule,
} from './policy';

const person = (id: string, extra: Partial<PersonFacts> = {}): PersonFacts => ({
  id, name: id, active: { from: FAR_PAST, to: FAR_FUTURE }, branchId: 'B', departmentId: 'D', generalBranchId: 'GB', partyMember: true, isUnitHead: false, ...extra,
});
const rule = (code: string): TalkRule => DEFAULT_TALK_RULES.find((r) => r.code === code)!;
const gridRule = [rule('grid_people')];

/** Grid G1 led by L1, grid G2 led by L2; members given per test. */
function gridFacts(people: PersonFacts[], memberships: PopulationFacts['memberships']): PopulationFacts {
  return {
    people: [person('L1'), person('L2'), ...people],
    grids: [
      { id: 'G1', name: '一网格', branchId: 'B', leaderPersonId: 'L1', deputyPersonId: null },
      { id: 'G2', name: '二网格', branchId: 'B', leaderPersonId: 'L2', deputyPersonId: 'V2' },
    ],
    memberships,
    leaders: [],
  };
}

describe('the default rules', () => {
  it('are data with valid talker/population pairs and every cadence tier', () => {
    expect(DEFAULT_TALK_RULES.map((r) => [r.code, r.cadence])).toEqual([
      ['committee_mutual', 'year'], ['committee_members', 'year'], ['head_leadership', 'half_year'], ['leadership_unit_heads', 'quarter'], ['grid_people', 'month'],
    ]);
    expect(DEFAULT_TALK_RULES.every(isValidRule)).toBe(true);
    expect(isValidRule({ talkerRole: 'grid_leader', population: 'leadership' })).toBe(false);
  });
});

describe('grid leaders monthly', () => {
  it('one obligation per month across a quarter and a year boundary', () => {
    const facts = gridFacts([person('A')], [{ gridId: 'G1', personId: 'A', joinedOn: '2020-01-01', leftOn: null }]);
    const obs = computeObligations(gridRule, facts, { from: '2024-11-01', to: '2025-02-28' });
    expect(obs.map((o) => [o.periodKey, o.talkerId, o.from, o.to])).toEqual([
      ['2024-11', 'L1', '2024-11-01', '2024-11-30'],
      ['2024-12', 'L1', '2024-12-01', '2024-12-31'],
      ['2025-01', 'L1', '2025-01-01', '2025-01-31'],
      ['2025-02', 'L1', '2025-02-01', '2025-02-28'],
    ]);
    // The grid leader owes nothing to themself.
    expect(obs.some((o) => o.talkeeId === 'L1')).toBe(false);
  });

  it('a mover is owed by the grid they were in for the larger part of the month', () => {
    const facts = gridFacts([person('M')], [
      { gridId: 'G1', personId: 'M', joinedOn: '2020-01-01', leftOn: '2025-03-10' },
      { gridId: 'G2', personId: 'M', joinedOn: '2025-03-11', leftOn: null },
    ]);
    const obs = computeObligations(gridRule, facts, { from: '2025-02-01', to: '2025-04-30' });
    expect(obs.map((o) => [o.periodKey, o.gridId, o.talkerId])).toEqual([
      ['2025-02', 'G1', 'L1'],
      ['2025-03', 'G2', 'L2'], // 10 days in G1, 21 days in G2
      ['2025-04', 'G2', 'L2'],
    ]);
    expect(obs[1]!.acceptedTalkerIds).toEqual(['L2', 'V2']); // the deputy also counts
  });

  it('an even split goes to the grid joined later', () => {
    expect(owningGrid([
      { gridId: 'G1', personId: 'M', joinedOn: '2020-01-01', leftOn: '2025-04-15' },
      { gridId: 'G2', personId: 'M', joinedOn: '2025-04-16', leftOn: null },
    ], { from: '2025-04-01', to: '2025-04-30' })).toBe('G2');
    expect(owningGrid([{ gridId: 'G1', personId: 'M', joinedOn: '2025-05-01', leftOn: null }], { from: '2025-04-01', to: '2025-04-30' })).toBeNull();
  });

  it('newcomers are owed from joining, leavers until leaving', () => {
    const facts = gridFacts(
      [person('N', { active: { from: '2025-02-20', to: FAR_FUTURE } }), person('X', { active: { from: FAR_PAST, to: '2025-02-05' } })],
      [
        { gridId: 'G1', personId: 'N', joinedOn: '2025-02-20', leftOn: null },
        { gridId: 'G1', personId: 'X', joinedOn: '2020-01-01', leftOn: '2025-02-05' },
      ],
    );
    const obs = computeObligations(gridRule, facts, { from: '2025-01-01', to: '2025-03-31' });
    expect(obs.filter((o) => o.talkeeId === 'N').map((o) => [o.periodKey, o.from, o.to])).toEqual([
      ['2025-02', '2025-02-20', '2025-02-28'],
      ['2025-03', '2025-03-01', '2025-03-31'],
    ]);
    expect(obs.filter((o) => o.talkeeId === 'X').map((o) => [o.periodKey, o.from, o.to])).toEqual([
      ['2025-01', '2025-01-01', '2025-01-31'],
      ['2025-02', '2025-02-01', '2025-02-05'],
    ]);
  });

  it('a talk counts in either direction, only inside the clipped period', () => {
    const facts = gridFacts([person('N', { active: { from: '2025-02-20', to: FAR_FUTURE } })], [{ gridId: 'G1', personId: 'N', joinedOn: '2025-02-20', leftOn: null }]);
    const [feb] = computeObligations(gridRule, facts, { from: '2025-02-01', to: '2025-02-28' });
    expect(isMet(feb!, indexTalks([{ heldOn: '2025-02-10', talkerIds: ['L1'], talkeeIds: ['N'] }]))).toBe(false); // before joining
    expect(isMet(feb!, indexTalks([{ heldOn: '2025-02-21', talkerIds: ['N'], talkeeIds: ['L1'] }]))).toBe(true);
    expect(isMet(feb!, indexTalks([{ heldOn: '2025-02-21', talkerIds: ['L2'], talkeeIds: ['N'] }]))).toBe(false); // another grid leader
    expect(isMet(feb!, indexTalks([{ heldOn: '2025-03-01', talkerIds: ['L1'], talkeeIds: ['N'] }]))).toBe(false);
  });
});

describe('role-based rules', () => {
  const facts: PopulationFacts = {
    people: [person('S'), person('D1'), person('M1'), person('H', { isUnitHead: true }), person('P'), person('Q', { partyMember: false }), person('GS'), person('GL')],
    grids: [],
    memberships: [],
    leaders: [
      { orgUnitId: 'GB', unitKind: 'general_branch', personId: 'GS', partyPost: 'secretary', sortOrder: 0 },
      { orgUnitId: 'GB', unitKind: 'general_branch', personId: 'GL', partyPost: 'member', sortOrder: 1 },
      { orgUnitId: 'B', unitKind: 'branch', personId: 'S', partyPost: 'secretary', sortOrder: 0 },
      { orgUnitId: 'B', unitKind: 'branch', personId: 'D1', partyPost: 'deputy_secretary', sortOrder: 1 },
      { orgUnitId: 'B', unitKind: 'branch', personId: 'M1', partyPost: 'member', sortOrder: 2 },
    ],
  };
  const year = { from: '2025-01-01', to: '2025-12-31' };

  it('committee members among themselves: each pair once a year', () => {
    const obs = computeObligations([rule('committee_mutual')], facts, year);
    expect(obs.map((o) => `${o.talkerId}->${o.talkeeId}`).sort()).toEqual(['D1->M1', 'S->D1', 'S->M1']);
  });

  it('committee with party members: any committee member meets it, the secretary is assigned', () => {
    const obs = computeObligations([rule('committee_members')], facts, year);
    expect(obs.map((o) => o.talkeeId).sort()).toEqual(['GL', 'GS', 'H', 'P']); // not Q (not a party member), not the committee
    const p = obs.find((o) => o.talkeeId === 'P')!;
    expect(p.talkerId).toBe('S');
    expect(isMet(p, indexTalks([{ heldOn: '2025-06-01', talkerIds: ['M1'], talkeeIds: ['P'] }]))).toBe(true);
  });

  it('head with leadership every half year, leadership with unit heads every quarter', () => {
    const half = computeObligations([rule('head_leadership')], facts, year);
    expect(half.map((o) => [o.talkerId, o.talkeeId, o.periodKey])).toEqual([['GS', 'GL', '2025-H1'], ['GS', 'GL', '2025-H2']]);
    const q = computeObligations([rule('leadership_unit_heads')], facts, { from: '2025-03-15', to: '2025-07-15' });
    expect(q.map((o) => [o.talkeeId, o.periodKey, o.from, o.to])).toEqual([
      ['H', '2025-Q1', '2025-03-15', '2025-03-31'],
      ['H', '2025-Q2', '2025-04-01', '2025-06-30'],
      ['H', '2025-Q3', '2025-07-01', '2025-07-15'],
    ]);
    expect(q[0]!.acceptedTalkerIds.sort()).toEqual(['GL', 'GS']);
  });

  it('disabled rules and invalid pairs create nothing', () => {
    expect(computeObligations([{ ...rule('committee_mutual'), enabled: false }], facts, year)).toEqual([]);
    expect(computeObligations([{ ...rule('committee_mutual'), talkerRole: 'grid_leader' }], facts, year)).toEqual([]);
  });
});
