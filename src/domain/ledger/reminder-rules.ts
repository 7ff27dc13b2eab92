// Reminders on open ledger items (整改事项): before the deadline, on it, after it, and after a long silence.
// Rules are data; each reminder carries a dedupe key so that it exists once, however often the scan runs.

const DAY_MS = 86_400_000;
const dayNumber = (d: string) => Math.floor(Date.parse(`${d}T00:00:00Z`) / DAY_MS);

export type ReminderRules = {
  /** Days before the deadline on which the owner is reminded (default 7, 3, 1). */
  daysBefore: readonly number[];
  /** Days without any write after which the owner is warned, and again after each further such period. */
  inactivityDays: number;
  /** After the deadline: the first reminder this many days late, then every `overdueEveryDays`. */
  overdueFirstDay: number;
  overdueEveryDays: number;
};

export const DEFAULT_REMINDER_RULES: ReminderRules = { daysBefore: [7, 3, 1], inactivityDays: 14, overdueFirstDay: 1, overdueEveryDays: 7 };

export type ReminderKind = 'due_soon' | 'due_today' | 'overdue' | 'inactive' | 'digest';
export type ReminderRecipient = 'owner' | 'leader';

/** The facts of one open item the rules look at. */
export type ReminderItem = {
  id: string;
  problem: string;
  /** YYYY-MM-DD, or null for items without a deadline. */
  deadline: string | null;
  signedOff: boolean;
  /** The calendar day of the last write to the item. */
  lastActivityOn: string;
};

export type Reminder = {
  kind: ReminderKind;
  /** The step of the rule: `d-3`, `d0`, `d+8`, `idle-2`. */
  stage: string;
  recipients: ReminderRecipient[];
  dedupeKey: string;
  title: string;
  body: string;
  link: string;
};

/** Days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

const shorten = (s: string, n = 40) => (s.length > n ? s.slice(0, n) + '…' : s);

/**
 * The reminders an item is due on `today` (YYYY-MM-DD). Only the latest step already reached is returned per rule,
 * so a scan that missed a day (server down) catches up with one reminder, not a burst; the dedupe key names the step
 * and the deadline (or the last activity day), so a changed deadline or new activity starts the steps again.
 */
export function remindersDue(item: ReminderItem, today: string, rules: ReminderRules = DEFAULT_REMINDER_RULES): Reminder[] {
  if (item.signedOff) return [];
  const out: Reminder[] = [];
  const link = `/ledger/items/${item.id}`;
  const what = `「${shorten(item.problem)}」`;
  if (item.deadline) {
    const left = daysBetween(today, item.deadline);
    if (left > 0) {
      const steps = [...new Set(rules.daysBefore)].filter((d) => d > 0 && d >= left).sort((a, b) => a - b);
      const step = steps[0];
      if (step !== undefined) {
        out.push({
          kind: 'due_soon',
          stage: `d-${step}`,
          recipients: ['owner'],
          dedupeKey: `ledger:${item.id}:d-${step}:${item.deadline}`,
          title: `整改事项还有 ${left} 天到期`,
          body: `您负责的整改事项${what}将于 ${item.deadline} 到期（还有 ${left} 天），请抓紧推进并及时上传佐证材料。`,
          link,
        });
      }
    } else if (left === 0) {
      out.push({
        kind: 'due_today',
        stage: 'd0',
        recipients: ['owner'],
        dedupeKey: `ledger:${item.id}:d0:${item.deadline}`,
        title: '整改事项今天到期',
        body: `您负责的整改事项${what}今天（${item.deadline}）到期，请及时完成并提交验收。`,
        link,
      });
    } else {
      const late = -left;
      if (late >= rules.overdueFirstDay) {
        const step = rules.overdueFirstDay + Math.floor((late - rules.overdueFirstDay) / rules.overdueEveryDays) * rules.overdueEveryDays;
        out.push({
          kind: 'overdue',
          stage: `d+${step}`,
          recipients: ['owner', 'leader'],
          dedupeKey: `ledger:${item.id}:d+${step}:${item.deadline}`,
          title: `整改事项已逾期 ${late} 天`,
          body: `整改事项${what}的整改时限为 ${item.deadline}，已逾期 ${late} 天，请责任人抓紧整改、责任领导督促落实。`,
          link,
        });
      }
    }
  }
  const silent = daysBetween(item.lastActivityOn, today);
  if (rules.inactivityDays > 0 && silent >= rules.inactivityDays) {
    const n = Math.floor(silent / rules.inactivityDays);
    out.push({
      kind: 'inactive',
      stage: `idle-${n}`,
      recipients: ['owner'],
      dedupeKey: `ledger:${item.id}:idle-${n}:${item.lastActivityOn}`,
      title: `整改事项已 ${silent} 天没有进展`,
      body: `您负责的整改事项${what}自 ${item.lastActivityOn} 以来已 ${silent} 天没有更新，请填写整改进展或上传佐证材料。`,
      link,
    });
  }
  return out;
}

export type DigestLine = { problem: string; deadline: string; ownerName: string | null; unitName: string };

/** Whether the daily digest may go out at this local hour. */
export function isDigestHour(localHour: number, digestHour: number): boolean {
  return localHour >= digestHour;
}

/** The leader's daily list of overdue items in their scope: one a day (`digest:<day>`), none when nothing is late. */
export function buildOverdueDigest(lines: readonly DigestLine[], today: string, maxLines = 10): Omit<Reminder, 'recipients' | 'stage'> | null {
  if (lines.length === 0) return null;
  const sorted = [...lines].sort((a, b) => a.deadline.localeCompare(b.deadline) || a.problem.localeCompare(b.problem));
  const shown = sorted.slice(0, maxLines).map((l) => {
    const late = daysBetween(l.deadline, today);
    return `· ${shorten(l.problem, 30)}（${l.unitName}，责任人 ${l.ownerName ?? '未定'}，逾期 ${late} 天）`;
  });
  if (sorted.length > maxLines) shown.push(`…另有 ${sorted.length - maxLines} 项`);
  return {
    kind: 'digest',
    dedupeKey: `digest:${today}`,
    title: `逾期整改事项日报：${lines.length} 项逾期`,
    body: `截至 ${today}，您分管或管理范围内有 ${lines.length} 项整改事项逾期未销号：\n${shown.join('\n')}`,
    link: '/ledger?overdue=true',
  };
}
