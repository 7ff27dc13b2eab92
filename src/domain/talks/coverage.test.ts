import { describe, expect, it } from 'vitest';
import { coverageAccumulator, percent, summariseCoverage } from './coverage';
import { indexTalks, type Obligation } from './policy';

const ob = (talkeeId: string, periodKey: string, from: string, to: string, extra: Partial<Obligation> = {}): Obligation => ({
  ruleCode: 'grid_people', talkeeId, talkerId: 'L', acceptedTalkerIds: ['L'], periodKey, from, to, gridId: 'G1', ...extra,
});

describe('coverage maths', () => {
  it('percent rounds to one decimal; nothing required is 100', () => {
    expect(percent(1, 3)).toBe(33.3);
    expect(percent(2, 3)).toBe(66.7);
    expect(percent(0, 0)).toBe(100);
    expect(percent(0, 5)).toBe(0);
  });

  it('held/required overall, per rule and per grid; overdue only for ended periods', () => {
    const obligations = [
      ob('A', '2025-01', '2025-01-01', '2025-01-31'),
      ob('A', '2025-02', '2025-02-01', '2025-02-28'),
      ob('B', '2025-01', '2025-01-01', '2025-01-31', { gridId: 'G2', talkerId: 'K', acceptedTalkerIds: ['K'] }),
      ob('B', '2025-02', '2025-02-01', '2025-02-28', { gridId: 'G2', talkerId: 'K', acceptedTalkerIds: ['K'] }),
      ob('C', '2025', '2025-01-01', '2025-12-31', { ruleCode: 'committee_members', gridId: null, talkerId: 'S', acceptedTalkerIds: ['S', 'L'] }),
    ];
    const held = indexTalks([
      { heldOn: '2025-01-10', talkerIds: ['L'], talkeeIds: ['A', 'C'] },
      { heldOn: '2025-02-03', talkerIds: ['K'], talkeeIds: ['B'] },
    ]);
    const s = summariseCoverage(obligations, held, '2025-02-15');
    expect({ required: s.required, held: s.held, coveragePercent: s.coveragePercent }).toEqual({ required: 5, held: 3, coveragePercent: 60 });
    expect(s.byRule).toEqual([
      { ruleCode: 'grid_people', required: 4, held: 2, coveragePercent: 50 },
      { ruleCode: 'committee_members', required: 1, held: 1, coveragePercent: 100 },
    ]);
    expect(s.byGrid).toEqual([
      { gridId: 'G1', required: 2, held: 1, coveragePercent: 50 },
      { gridId: 'G2', required: 2, held: 1, coveragePercent: 50 },
    ]);
    // B's January is unmet and ended; A's February is unmet but still running on 15 Feb.
    expect(s.overdueTalkeeIds).toEqual(['B']);
    expect([...s.overdueByTalker]).toEqual([['K', 1]]);
    expect(s.unmet.map((o) => `${o.talkeeId}:${o.periodKey}`)).toEqual(['A:2025-02', 'B:2025-01']);
    const later = summariseCoverage(obligations, held, '2025-03-01');
    expect(later.overdueTalkeeIds.sort()).toEqual(['A', 'B']);
  });

  it('the accumulator keeps copies of the unmet obligations, so a reused obligation object is safe', () => {
    const held = indexTalks([{ heldOn: '2025-01-10', talkerIds: ['L'], talkeeIds: ['A'] }]);
    const acc = coverageAccumulator(held, '2025-12-31');
    const o = ob('A', '2025-01', '2025-01-01', '2025-01-31');
    acc.add(o);
    // The same object refilled, as forEachObligation does for the grid rule.
    Object.assign(o, { periodKey: '2025-02', from: '2025-02-01', to: '2025-02-28' });
    acc.add(o);
    Object.assign(o, { talkeeId: 'B', periodKey: '2025-01', from: '2025-01-01', to: '2025-01-31' });
    acc.add(o);
    o.talkeeId = 'changed afterwards';
    const s = acc.result();
    expect({ required: s.required, held: s.held }).toEqual({ required: 3, held: 1 });
    expect(s.unmet.map((u) => `${u.talkeeId}:${u.periodKey}:${u.from}`)).toEqual(['A:2025-02:2025-02-01', 'B:2025-01:2025-01-01']);
    expect(s.overdueTalkeeIds).toEqual(['A', 'B']);
  });
});
