import { describe, expect, it } from 'vitest';
import { monthsOf, obligationsByPerson } from './talk-periods';

describe('monthsOf', () => {
  it.each([
    ['2026-01-01', '2026-01-31', [['2026-01', '2026-01-01', '2026-01-31']]],
    ['2026-01-15', '2026-03-10', [['2026-01', '2026-01-15', '2026-01-31'], ['2026-02', '2026-02-01', '2026-02-28'], ['2026-03', '2026-03-01', '2026-03-10']]],
    // Across a year boundary, with a leap February.
    ['2027-12-20', '2028-02-29', [['2027-12', '2027-12-20', '2027-12-31'], ['2028-01', '2028-01-01', '2028-01-31'], ['2028-02', '2028-02-01', '2028-02-29']]],
    ['2026-05-05', '2026-05-05', [['2026-05', '2026-05-05', '2026-05-05']]],
  ])('%s – %s', (from, to, expected) => {
    expect(monthsOf(from, to).map((m) => [m.key, m.from, m.to])).toEqual(expected);
  });

  it('keeps only the last 12 months of a longer period', () => {
    const months = monthsOf('2025-01-01', '2026-06-30');
    expect(months).toHaveLength(12);
    expect(months[0]!.key).toBe('2025-07');
    expect(months[11]!.key).toBe('2026-06');
  });

  it('gives nothing for a reversed or malformed period', () => {
    expect(monthsOf('2026-03-01', '2026-02-01')).toEqual([]);
    expect(monthsOf('not a date', '2026-02-01')).toEqual([]);
  });
});

describe('obligationsByPerson', () => {
  const o = (personId: string, name: string, to: string, overdue: boolean, ruleCode = 'r') => ({ personId, name, to, overdue, ruleCode });

  it('shows a person once, preferring the overdue obligation, then the nearest period end', () => {
    const list = [
      o('a', '李民警', '2026-12-31', false, 'yearly'),
      o('a', '李民警', '2026-06-30', false, 'monthly'),
      o('b', '王民警', '2026-12-31', false),
      o('b', '王民警', '2026-05-31', true, 'late'),
    ];
    const out = obligationsByPerson(list);
    expect(out.map((x) => [x.personId, x.ruleCode])).toEqual([
      ['b', 'late'],
      ['a', 'monthly'],
    ]);
  });

  it('orders equal dates by name in Chinese collation', () => {
    const out = obligationsByPerson([o('z', '赵民警', '2026-06-30', false), o('c', '陈民警', '2026-06-30', false)]);
    expect(out.map((x) => x.name)).toEqual(['陈民警', '赵民警']);
  });
});
