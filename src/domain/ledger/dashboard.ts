// The unit dashboard's periods and figures. The database counts items per period bucket; this turns the
// buckets into the trend (cumulative figures at each period's end).

const DAY_MS = 86_400_000;
const dayNumber = (d: string) => Math.floor(Date.parse(`${d}T00:00:00Z`) / DAY_MS);
const dayOf = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

export type Granularity = 'week' | 'month';
export type TrendPeriod = { period: string; start: string; end: string };

/** Spans up to this many days are shown week by week, longer ones month by month. */
export const WEEKLY_MAX_DAYS = 92;

/** Days from `from` to `to`, both included. */
export function spanDays(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from) + 1;
}

/** `d` moved by `n` days. */
export function addDays(d: string, n: number): string {
  return dayOf(dayNumber(d) + n);
}

/** ISO 8601 week label of a day, e.g. 2026-W09 (weeks start on Monday; the year is the one of the week's Thursday). */
export function isoWeekLabel(d: string): string {
  const n = dayNumber(d);
  const weekday = (new Date(n * DAY_MS).getUTCDay() + 6) % 7; // Monday 0
  const thursday = new Date((n - weekday + 3) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((dayNumber(thursday.toISOString().slice(0, 10)) - dayNumber(`${year}-01-01`)) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Monday of the week of `d`. */
export function mondayOf(d: string): string {
  const n = dayNumber(d);
  return dayOf(n - ((new Date(n * DAY_MS).getUTCDay() + 6) % 7));
}

/**
 * The periods of a trend from `from` to `to` (both included): weeks (Monday to Sunday) when the span is at most
 * WEEKLY_MAX_DAYS days, else calendar months; the first and last periods are clipped to the span.
 */
export function trendPeriods(from: string, to: string): { granularity: Granularity; periods: TrendPeriod[] } {
  const clip = (start: string, end: string) => ({ start: start < from ? from : start, end: end > to ? to : end });
  const periods: TrendPeriod[] = [];
  if (spanDays(from, to) <= WEEKLY_MAX_DAYS) {
    for (let monday = mondayOf(from); monday <= to; monday = addDays(monday, 7)) {
      periods.push({ period: isoWeekLabel(monday), ...clip(monday, addDays(monday, 6)) });
    }
    return { granularity: 'week', periods };
  }
  let [y, m] = from.split('-').map(Number) as [number, number];
  for (;;) {
    const first = `${y}-${String(m).padStart(2, '0')}-01`;
    if (first > to) break;
    const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    periods.push({ period: first.slice(0, 7), ...clip(first, last) });
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return { granularity: 'month', periods };
}

/** The bucket of a day: 0 before `from`, 1…n the period it falls in, null after `to`. */
export function bucketOf(day: string, from: string, to: string, granularity: Granularity): number | null {
  if (day < from) return 0;
  if (day > to) return null;
  if (granularity === 'week') return Math.floor((dayNumber(day) - dayNumber(mondayOf(from))) / 7) + 1;
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [y, m] = day.split('-').map(Number) as [number, number];
  return y * 12 + m - (fy * 12 + fm) + 1;
}

/**
 * Item counts per bucket (index 0 = before the span, 1…n = the periods), each by a day of the item:
 * created: created; completed: completed; lateFrom: the first day it was overdue (the day after the deadline,
 * or its creation if later); lateDone: the later of lateFrom and its completion; signedOff: the later of its
 * creation and its sign-off.
 */
export type TrendBuckets = Record<'created' | 'completed' | 'lateFrom' | 'lateDone' | 'signedOff', number[]>;

export type TrendPoint = TrendPeriod & { completed: number; created: number; overdueAtEnd: number; completionRate: number };

/** share = part / whole, rounded to 4 decimals; 0 when whole is 0. */
export function rate(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : 0;
}

/**
 * The trend: per period the items completed and created in it, and at its end the items overdue (past the
 * deadline, not completed by then) and the share signed off of those existing.
 */
export function assembleTrend(periods: readonly TrendPeriod[], b: TrendBuckets): TrendPoint[] {
  const at = (xs: number[], i: number) => xs[i] ?? 0;
  const cum = { created: at(b.created, 0), lateFrom: at(b.lateFrom, 0), lateDone: at(b.lateDone, 0), signedOff: at(b.signedOff, 0) };
  return periods.map((p, idx) => {
    const i = idx + 1;
    cum.created += at(b.created, i);
    cum.lateFrom += at(b.lateFrom, i);
    cum.lateDone += at(b.lateDone, i);
    cum.signedOff += at(b.signedOff, i);
    return {
      ...p,
      completed: at(b.completed, i),
      created: at(b.created, i),
      overdueAtEnd: cum.lateFrom - cum.lateDone,
      completionRate: rate(cum.signedOff, cum.created),
    };
  });
}
