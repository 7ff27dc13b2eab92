/** Calendar periods for talk cadences: aligned to month, quarter, half year or year, clipped to a range. */
export type Cadence = 'month' | 'quarter' | 'half_year' | 'year';
export const CADENCES: readonly Cadence[] = ['month', 'quarter', 'half_year', 'year'];

/** An inclusive range of ISO dates (YYYY-MM-DD). */
export type DateRange = { from: string; to: string };
export type Period = DateRange & { /** The calendar period's own bounds, before clipping. */ start: string; end: string; key: string };

const MONTHS: Record<Cadence, number> = { month: 1, quarter: 3, half_year: 6, year: 12 };

const pad = (n: number) => String(n).padStart(2, '0');
export const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
export const lastDayOfMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Days from `a` to `b` (b − a), both ISO dates. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(b + 'T00:00:00Z') - Date.parse(a + 'T00:00:00Z')) / 86_400_000);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(date + 'T00:00:00Z') + days * 86_400_000).toISOString().slice(0, 10);
}

/** A month index (year × 12 + month − 1) for compact month sets. */
export function monthIndex(date: string): number {
  return Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
}

export function periodKey(cadence: Cadence, date: string): string {
  const y = date.slice(0, 4);
  const m = Number(date.slice(5, 7));
  switch (cadence) {
    case 'month': return date.slice(0, 7);
    case 'quarter': return `${y}-Q${Math.ceil(m / 3)}`;
    case 'half_year': return `${y}-H${m <= 6 ? 1 : 2}`;
    case 'year': return y;
  }
}

/** The calendar period of the cadence that contains `date`. */
export function periodContaining(cadence: Cadence, date: string): Period {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const len = MONTHS[cadence];
  const firstMonth = Math.floor((m - 1) / len) * len + 1;
  const lastMonth = firstMonth + len - 1;
  const start = ymd(y, firstMonth, 1);
  const end = ymd(y, lastMonth, lastDayOfMonth(y, lastMonth));
  return { start, end, from: start, to: end, key: periodKey(cadence, date) };
}

/** The calendar periods of the cadence that overlap [from, to], each clipped to it. */
export function periodsIn(cadence: Cadence, range: DateRange): Period[] {
  if (range.from > range.to) return [];
  const out: Period[] = [];
  let cursor = range.from;
  while (cursor <= range.to) {
    const p = periodContaining(cadence, cursor);
    out.push({ ...p, from: p.start < range.from ? range.from : p.start, to: p.end > range.to ? range.to : p.end });
    cursor = addDays(p.end, 1);
  }
  return out;
}

/** The overlap of two ranges, or null when they do not meet. */
export function intersect(a: DateRange, b: DateRange): DateRange | null {
  const from = a.from > b.from ? a.from : b.from;
  const to = a.to < b.to ? a.to : b.to;
  return from <= to ? { from, to } : null;
}

/** Number of days in an inclusive range. */
export function lengthOf(r: DateRange): number {
  return daysBetween(r.from, r.to) + 1;
}
