import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/connection';
import { calendarDay } from '../../../domain/ledger/overdue';
import { buildOverdueDigest, isDigestHour, remindersDue, type DigestLine, type Reminder } from '../../../domain/ledger/reminder-rules';
import { loadNotificationSettings, reminderRulesOf, type StoredNotificationSettings } from './notification-settings';
import { createNotifications } from './notifications.service';
import * as repo from './notifications.repo';

const TIME_ZONE = 'Asia/Shanghai';

/** The hour (0–23) of an instant in China Standard Time. */
export function localHour(at: Date): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', hourCycle: 'h23' }).format(at));
}

export type ScanResult = { notifications: number; digests: number };

type OpenItemRow = {
  id: string;
  problem: string;
  deadline: string | null;
  lastActivityAt: Date;
  ownerUserIds: string[];
  leaderUserIds: string[];
};

/** Open items whose owner has an account, with the accounts of the owner and of the leader in charge. */
async function openItemsWithOwners(db: Db): Promise<OpenItemRow[]> {
  const res = await db.execute<OpenItemRow>(sql`
    SELECT li.id, li.problem, li.deadline, li.last_activity_at AS "lastActivityAt",
           ARRAY(SELECT u.id FROM users u WHERE u.person_id = li.owner_person_id AND NOT u.disabled ORDER BY u.id)::text[] AS "ownerUserIds",
           ARRAY(SELECT u.id FROM users u WHERE li.leader_person_id IS NOT NULL AND u.person_id = li.leader_person_id
                 AND NOT u.disabled ORDER BY u.id)::text[] AS "leaderUserIds"
    FROM ledger_items li
    WHERE li.status <> 'signed_off' AND li.owner_person_id IS NOT NULL
      AND EXISTS (SELECT 1 FROM users u WHERE u.person_id = li.owner_person_id AND NOT u.disabled)
    ORDER BY li.id`);
  return res.rows;
}

/** Per leader (secretaries over the item's unit, and the leader in charge), the overdue items in their scope. */
async function overdueByLeader(db: Db, today: string): Promise<Map<string, DigestLine[]>> {
  const res = await db.execute<DigestLine & { userId: string }>(sql`
    WITH overdue AS (
      SELECT li.id, li.problem, li.deadline, li.leader_person_id, o.path, o.name AS unit_name, op.name AS owner_name
      FROM ledger_items li JOIN org_units o ON o.id = li.org_unit_id LEFT JOIN people op ON op.id = li.owner_person_id
      WHERE li.status <> 'signed_off' AND li.deadline < ${today}::date)
    SELECT DISTINCT u.id AS "userId", ov.id, ov.problem, ov.deadline, ov.owner_name AS "ownerName", ov.unit_name AS "unitName"
    FROM users u JOIN overdue ov ON (
      (u.person_id IS NOT NULL AND u.person_id = ov.leader_person_id)
      OR EXISTS (SELECT 1 FROM role_assignments ra JOIN org_units ru ON ru.id = ra.org_unit_id
                 WHERE ra.user_id = u.id AND ra.role = 'secretary' AND ov.path LIKE ru.path || '%'))
    WHERE NOT u.disabled`);
  const out = new Map<string, DigestLine[]>();
  for (const r of res.rows) {
    const list = out.get(r.userId) ?? [];
    list.push({ problem: r.problem, deadline: r.deadline, ownerName: r.ownerName, unitName: r.unitName });
    out.set(r.userId, list);
  }
  return out;
}

async function deliver(db: Db, settings: StoredNotificationSettings, userIds: string[], r: Omit<Reminder, 'recipients' | 'stage'>, entity: { type: string; id: string } | null, webhook: boolean) {
  return db.transaction((tx) =>
    createNotifications(
      tx,
      settings,
      userIds,
      { kind: r.kind, title: r.title, body: r.body, link: r.link, entityType: entity?.type ?? null, entityId: entity?.id ?? null, dedupeKey: r.dedupeKey },
      { webhook },
    ),
  );
}

/**
 * One pass of the reminder rules over the open ledger items as of `now`, and the leaders' daily digest once the
 * configured hour has come. Safe to run from any number of processes at once: every reminder has a dedupe key, and a
 * notification (user, key) and a delivery job (key) are each stored once.
 */
export async function runReminderScan(db: Db, now = new Date()): Promise<ScanResult> {
  const settings = await loadNotificationSettings(db);
  const rules = reminderRulesOf(settings);
  const today = calendarDay(now, TIME_ZONE);
  const result: ScanResult = { notifications: 0, digests: 0 };

  const planned: { item: OpenItemRow; reminder: Reminder; userIds: string[] }[] = [];
  for (const item of await openItemsWithOwners(db)) {
    const due = remindersDue(
      { id: item.id, problem: item.problem, deadline: item.deadline, signedOff: false, lastActivityOn: calendarDay(new Date(item.lastActivityAt), TIME_ZONE) },
      today,
      rules,
    );
    for (const reminder of due) {
      const userIds = reminder.recipients.flatMap((to) => (to === 'owner' ? item.ownerUserIds : item.leaderUserIds));
      if (userIds.length) planned.push({ item, reminder, userIds: [...new Set(userIds)] });
    }
  }
  // Skip what every recipient already has, without a write per reminder on every tick.
  const have = await repo.existingKeys(db, planned.map((p) => p.reminder.dedupeKey));
  for (const p of planned) {
    const missing = p.userIds.filter((u) => !have.has(`${u}|${p.reminder.dedupeKey}`));
    if (missing.length === 0) continue;
    const created = await deliver(db, settings, p.userIds, p.reminder, { type: 'ledger_item', id: p.item.id }, true);
    result.notifications += created.length;
  }

  if (isDigestHour(localHour(now), settings.reminders.digestHour)) {
    const byLeader = await overdueByLeader(db, today);
    const key = `digest:${today}`;
    const have = await repo.existingKeys(db, [key]);
    for (const [userId, lines] of byLeader) {
      if (have.has(`${userId}|${key}`)) continue;
      const digest = buildOverdueDigest(lines, today);
      if (!digest) continue;
      // A digest is personal (the leader's scope): in-app and e-mail, not the group robot.
      const created = await deliver(db, settings, [userId], digest, null, false);
      result.digests += created.length;
      result.notifications += created.length;
    }
  }
  return result;
}
