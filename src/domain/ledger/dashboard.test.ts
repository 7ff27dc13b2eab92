import { describe, expect, it } from 'vitest';
import { addDays, assembleTrend, bucketOf, isoWeekLabel, mondayOf, rate, trendPeriods, type TrendBuckets } from './dashboard';

describe('isoWeekLabel and mondayOf', () => {
  it.each([
    ['2026-01-01', '2026-W01', '2025-12-29'],
    ['2025-12-29', '2026-W01', '2025-12-29'],
    ['2027-01-01', '2026-W53', '2026-12-28'],
    ['2026-03-01', '2026-W09', '2026-02-23'],
    ['2026-03-02', '2026-W10', '2026-03-02'],
  ])('%s is in %s starting %s', (d, label, monday) => {
    expect(isoWeekLabel(d)).toBe(label);
    expect(mondayOf(d)).toBe(monday);
  });
});

describe('trendPeriods', () => {
  it('splits a short span into weeks clipped to the span', () => {
    const { granularity, periods } = trendPeriods('2026-03-04', '2026-03-20');
    expect(granularity).toBe('week');
    expect(periods).toEqual([
      { period: '2026-W10', start: '2026-03-04', end: '2026-03-08' },
      { period: '2026-W11', start: '2026-03-09', end: '2026-03-15' },
      { period: '2026-W12', start: '2026-03-16', end: '2026-03-20' },
    ]);
  });

  it('uses weeks up to 92 days and months beyond', () => {
    expect(trendPeriods('2026-01-01', addDays('2026-01-01', 91)).granularity).toBe('week');
    const long = trendPeriods('2025-11-15', '2026-02-16');
    expect(long.granularity).toBe('month');
    expect(long.periods).toEqual([
      { period: '2025-11', start: '2025-11-15', end: '2025-11-30' },
      { period: '2025-12', start: '2025-12-01', end: '2025-12-31' },
      { period: '2026-01', start: '2026-01-01', end: '2026-01-31' },
      { period: '2026-02', start: '2026-02-01', end: '2026-02-16' },
    ]);
  });

  it('gives a one-day span one period', () => {
    expect(trendPeriods('2026-02-28', '2026-02-28').periods).toEqual([{ period: '2026-W09', start: '2026-02-28', end: '2026-02-28' }]);
  });
});

describe('bucketOf', () => {
  it.each([
    ['2026-03-03', 0],
    ['2026-03-04', 1],
    ['2026-03-08', 1],
    ['2026-03-09', 2],
    ['2026-03-20', 3],
    ['2026-03-21', null],
  ] as const)('week bucket of %s is %s', (d, b) => {
    expect(bucketOf(d, '2026-03-04', '2026-03-20', 'week')).toBe(b);
  });
  it('month buckets across a year end', () => {
    expect(bucketOf('2025-11-14', '2025-11-15', '2026-02-16', 'month')).toBe(0);
    expect(bucketOf('2025-11-30', '2025-11-15', '2026-02-16', 'month')).toBe(1);
    expect(bucketOf('2026-01-31', '2025-11-15', '2026-02-16', 'month')).toBe(3);
    expect(bucketOf('2026-02-17', '2025-11-15', '2026-02-16', 'month')).toBeNull();
  });
});

type Item = { created: string; deadline: string | null; completed: string | null; signedOff: string | null };
const max = (a: string, b: string) => (a > b ? a : b);

/** The buckets as the database computes them. */
function bucketsOf(items: Item[], from: string, to: string, g: 'week' | 'month', n: number): TrendBuckets {
  const b: TrendBuckets = { created: [], completed: [], lateFrom: [], lateDone: [], signedOff: [] };
  for (const k of Object.keys(b) as (keyof TrendBuckets)[]) b[k] = Array(n + 1).fill(0);
  const add = (k: keyof TrendBuckets, d: string | null) => {
    if (!d) return;
    const i = bucketOf(d, from, to, g);
    if (i !== null) b[k][i]! += 1;
  };
  for (const it of items) {
    add('created', it.created);
    add('completed', it.completed);
    const lateFrom = it.deadline ? max(it.created, addDays(it.deadline, 1)) : null;
    add('lateFrom', lateFrom);
    add('lateDone', lateFrom && it.completed ? max(lateFrom, it.completed) : null);
    add('signedOff', it.signedOff ? max(it.created, it.signedOff) : null);
  }
  return b;
}

describe('assembleTrend', () => {
  it('matches a hand count on three items over three weeks', () => {
    // W10 (03-04…03-08), W11 (03-09…03-15), W12 (03-16…03-20)
    const items: Item[] = [
      // created before the span, deadline 03-05, completed 03-10 (late in W10, done in W11), signed off 03-12
      { created: '2026-02-20', deadline: '2026-03-05', completed: '2026-03-10', signedOff: '2026-03-12' },
      // created in W10, deadline 03-10, never completed: overdue from 03-11
      { created: '2026-03-06', deadline: '2026-03-10', completed: null, signedOff: null },
      // created in W11, no deadline, completed in W12
      { created: '2026-03-12', deadline: null, completed: '2026-03-17', signedOff: null },
    ];
    const { periods, granularity } = trendPeriods('2026-03-04', '2026-03-20');
    const trend = assembleTrend(periods, bucketsOf(items, '2026-03-04', '2026-03-20', granularity, periods.length));
    expect(trend.map(({ period, completed, created, overdueAtEnd, completionRate }) => ({ period, completed, created, overdueAtEnd, completionRate }))).toEqual([
      { period: '2026-W10', completed: 0, created: 1, overdueAtEnd: 1, completionRate: 0 },
      { period: '2026-W11', completed: 1, created: 1, overdueAtEnd: 1, completionRate: rate(1, 3) },
      { period: '2026-W12', completed: 1, created: 0, overdueAtEnd: 1, completionRate: rate(1, 3) },
    ]);
  });

  it('agrees with a direct count at every period end on generated items', () => {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const base = '2025-10-01';
    const items: Item[] = Array.from({ length: 400 }, () => {
      const created = addDays(base, rnd(200));
      const deadline = rnd(5) === 0 ? null : addDays(created, rnd(60) - 10);
      const completed = rnd(3) === 0 ? null : addDays(created, rnd(90));
      const signedOff = completed && rnd(2) === 0 ? addDays(completed, rnd(10)) : null;
      return { created, deadline, completed, signedOff };
    });
    for (const [from, to] of [['2025-11-03', '2026-01-20'], ['2025-10-15', '2026-06-30']] as const) {
      const { periods, granularity } = trendPeriods(from, to);
      const trend = assembleTrend(periods, bucketsOf(items, from, to, granularity, periods.length));
      for (const p of trend) {
        const inP = (d: string | null) => !!d && d >= p.start && d <= p.end;
        const existing = items.filter((i) => i.created <= p.end);
        expect(p.created).toBe(items.filter((i) => inP(i.created)).length);
        expect(p.completed).toBe(items.filter((i) => inP(i.completed)).length);
        expect(p.overdueAtEnd).toBe(existing.filter((i) => i.deadline && i.deadline < p.end && !(i.completed && i.completed <= p.end)).length);
        expect(p.completionRate).toBe(rate(existing.filter((i) => i.signedOff && i.signedOff <= p.end).length, existing.length));
      }
    }
  });
});
