import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, intersect, periodContaining, periodsIn } from './periods';

describe('periodContaining', () => {
  it.each([
    ['month', '2025-02-14', '2025-02-01', '2025-02-28', '2025-02'],
    ['month', '2024-02-29', '2024-02-01', '2024-02-29', '2024-02'],
    ['quarter', '2025-03-31', '2025-01-01', '2025-03-31', '2025-Q1'],
    ['quarter', '2025-04-01', '2025-04-01', '2025-06-30', '2025-Q2'],
    ['quarter', '2025-12-31', '2025-10-01', '2025-12-31', '2025-Q4'],
    ['half_year', '2025-06-30', '2025-01-01', '2025-06-30', '2025-H1'],
    ['half_year', '2025-07-01', '2025-07-01', '2025-12-31', '2025-H2'],
    ['year', '2025-07-01', '2025-01-01', '2025-12-31', '2025'],
  ] as const)('%s containing %s is %s..%s (%s)', (cadence, date, start, end, key) => {
    expect(periodContaining(cadence, date)).toMatchObject({ start, end, key });
  });
});

describe('periodsIn', () => {
  it('clips months to a range across a year boundary', () => {
    const ps = periodsIn('month', { from: '2024-11-15', to: '2025-01-10' });
    expect(ps.map((p) => [p.key, p.from, p.to])).toEqual([
      ['2024-11', '2024-11-15', '2024-11-30'],
      ['2024-12', '2024-12-01', '2024-12-31'],
      ['2025-01', '2025-01-01', '2025-01-10'],
    ]);
  });
  it('quarters of a year and a range inside one quarter', () => {
    expect(periodsIn('quarter', { from: '2025-01-01', to: '2025-12-31' }).map((p) => p.key)).toEqual(['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']);
    expect(periodsIn('quarter', { from: '2025-05-05', to: '2025-05-06' })).toEqual([{ start: '2025-04-01', end: '2025-06-30', from: '2025-05-05', to: '2025-05-06', key: '2025-Q2' }]);
  });
  it('years across a boundary, half years, an empty range', () => {
    expect(periodsIn('year', { from: '2024-07-01', to: '2025-06-30' }).map((p) => [p.key, p.from, p.to])).toEqual([
      ['2024', '2024-07-01', '2024-12-31'],
      ['2025', '2025-01-01', '2025-06-30'],
    ]);
    expect(periodsIn('half_year', { from: '2025-01-01', to: '2025-12-31' }).map((p) => p.key)).toEqual(['2025-H1', '2025-H2']);
    expect(periodsIn('month', { from: '2025-02-01', to: '2025-01-01' })).toEqual([]);
  });
});

describe('date helpers', () => {
  it('adds days over month ends and leap days; measures ranges', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(daysBetween('2025-01-01', '2025-03-01')).toBe(59);
    expect(intersect({ from: '2025-01-01', to: '2025-01-31' }, { from: '2025-02-01', to: '2025-02-28' })).toBeNull();
    expect(intersect({ from: '2025-01-01', to: '2025-01-31' }, { from: '2025-01-20', to: '2025-02-28' })).toEqual({ from: '2025-01-20', to: '2025-01-31' });
  });
});
