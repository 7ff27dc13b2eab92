// 逾期: derived from the deadline; once an item is done, how late it was stays on record.

const DAY_MS = 86_400_000;
const dayNumber = (d: string) => Math.floor(Date.parse(`${d}T00:00:00Z`) / DAY_MS);

export type Lateness = { overdue: boolean; daysLate: number };

/**
 * Overdue and days late from a deadline (YYYY-MM-DD), the day the item was completed (or null) and today.
 * An item is late from the day after its deadline; a completed item is never overdue but keeps its days late.
 */
export function deriveLateness(deadline: string | null, completedOn: string | null, today: string): Lateness {
  if (!deadline) return { overdue: false, daysLate: 0 };
  const end = completedOn ?? today;
  const daysLate = Math.max(0, dayNumber(end) - dayNumber(deadline));
  return { overdue: completedOn === null && daysLate > 0, daysLate };
}

/** The calendar day (YYYY-MM-DD) of an instant in a time zone (default China Standard Time). */
// One formatter per time zone: building an Intl.DateTimeFormat costs far more than using one, and its ICU memory
// lives outside the JavaScript heap (an export of 200,000 rows grew the process by gigabytes before this cache).
const dayFormats = new Map<string, Intl.DateTimeFormat>();

export function calendarDay(at: Date, timeZone = 'Asia/Shanghai'): string {
  let f = dayFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, f);
  }
  return f.format(at);
}

/** The day a periodic check-in falls due: `months` after the last one (or after sign-off). */
export function nextCheckInDay(lastDay: string, months: number): string {
  const [y, m, d] = lastDay.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastOfMonth = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastOfMonth));
  return target.toISOString().slice(0, 10);
}
