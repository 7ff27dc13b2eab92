import dayjs from 'dayjs';

export type MonthSlice = { key: string; from: string; to: string };

/** The calendar months of a period (the last 12 at most), the first and last clipped to the period. */
export function monthsOf(from: string, to: string): MonthSlice[] {
  const out: MonthSlice[] = [];
  const start = dayjs(from);
  const end = dayjs(to);
  if (!start.isValid() || !end.isValid() || end.isBefore(start, 'day')) return out;
  let m = start.startOf('month');
  while (!m.isAfter(end, 'month')) {
    const first = m.isBefore(start, 'day') ? from : m.format('YYYY-MM-DD');
    const last = m.endOf('month').isAfter(end, 'day') ? to : m.endOf('month').format('YYYY-MM-DD');
    out.push({ key: m.format('YYYY-MM'), from: first, to: last });
    m = m.add(1, 'month');
  }
  return out.slice(-12);
}

type Obligation = { personId: string; name: string; to: string; overdue: boolean };

/** One line per person: overdue first, then the nearest period end, then the name. */
export function obligationsByPerson<T extends Obligation>(list: readonly T[]): T[] {
  const seen = new Map<string, T>();
  for (const o of list) {
    const cur = seen.get(o.personId);
    if (!cur || (o.overdue && !cur.overdue) || (o.overdue === cur.overdue && o.to < cur.to)) seen.set(o.personId, o);
  }
  return [...seen.values()].sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.to.localeCompare(b.to) || a.name.localeCompare(b.name, 'zh-CN'));
}
