import { sql } from 'drizzle-orm';
import type { Queryable } from '../../../db/connection';

export type NotificationRow = {
  id: string;
  userId: string;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  entityType: string | null;
  entityId: string | null;
  dedupeKey: string;
  createdAt: Date;
  readAt: Date | null;
};

const COLUMNS = sql`id, user_id AS "userId", kind, title, body, link, entity_type AS "entityType", entity_id AS "entityId",
  dedupe_key AS "dedupeKey", created_at AS "createdAt", read_at AS "readAt"`;

export type NewNotification = {
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  entityType: string | null;
  entityId: string | null;
  dedupeKey: string;
};

/**
 * One notification for each user, skipping users who already have this dedupe key. Users are inserted in id order so
 * that two writers of the same reminder wait on each other instead of deadlocking. Returns the rows created.
 */
export async function insertNotifications(db: Queryable, userIds: string[], n: NewNotification): Promise<{ id: string; userId: string }[]> {
  const ids = [...new Set(userIds)].sort();
  if (ids.length === 0) return [];
  const res = await db.execute<{ id: string; userId: string }>(sql`
    INSERT INTO notifications (user_id, kind, title, body, link, entity_type, entity_id, dedupe_key)
    SELECT u, ${n.kind}, ${n.title}, ${n.body}, ${n.link}, ${n.entityType}, ${n.entityId}, ${n.dedupeKey}
    FROM unnest(${sql.param(ids)}::uuid[]) WITH ORDINALITY AS t(u, ord)
    ORDER BY ord
    ON CONFLICT (user_id, dedupe_key) DO NOTHING
    RETURNING id, user_id AS "userId"`);
  return res.rows;
}

/** The (user, dedupe key) pairs that already exist among these keys, as `userId|key`. */
export async function existingKeys(db: Queryable, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const res = await db.execute<{ k: string }>(sql`
    SELECT user_id || '|' || dedupe_key AS k FROM notifications WHERE dedupe_key = ANY(${sql.param([...new Set(keys)])}::text[])`);
  return new Set(res.rows.map((r) => r.k));
}

export async function listForUser(db: Queryable, userId: string, q: { unread?: boolean; page: number; pageSize: number }) {
  const w = q.unread ? sql`user_id = ${userId} AND read_at IS NULL` : sql`user_id = ${userId}`;
  const [items, count] = await Promise.all([
    db.execute<NotificationRow>(sql`SELECT ${COLUMNS} FROM notifications WHERE ${w}
      ORDER BY created_at DESC, id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`),
    db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM notifications WHERE ${w}`),
  ]);
  return { items: items.rows, total: count.rows[0]!.n };
}

export async function countUnread(db: Queryable, userId: string): Promise<number> {
  const res = await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM notifications WHERE user_id = ${userId} AND read_at IS NULL`);
  return res.rows[0]!.n;
}

/** Marks one of the user's notifications read (keeping the first read time); null when it is not theirs. */
export async function markRead(db: Queryable, userId: string, id: string): Promise<NotificationRow | null> {
  const res = await db.execute<NotificationRow>(sql`
    UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = ${id} AND user_id = ${userId} RETURNING ${COLUMNS}`);
  return res.rows[0] ?? null;
}

export async function markAllRead(db: Queryable, userId: string): Promise<number> {
  const res = await db.execute(sql`UPDATE notifications SET read_at = now() WHERE user_id = ${userId} AND read_at IS NULL`);
  return res.rowCount ?? 0;
}

/** A notification with what its deliveries need: the recipient's address and name. */
export async function findForDelivery(db: Queryable, id: string) {
  const res = await db.execute<NotificationRow & { email: string | null; username: string; personName: string | null; disabled: boolean }>(sql`
    SELECT n.id, n.user_id AS "userId", n.kind, n.title, n.body, n.link, n.entity_type AS "entityType", n.entity_id AS "entityId",
           n.dedupe_key AS "dedupeKey", n.created_at AS "createdAt", n.read_at AS "readAt",
           u.email, u.username, u.disabled, p.name AS "personName"
    FROM notifications n JOIN users u ON u.id = n.user_id LEFT JOIN people p ON p.id = u.person_id
    WHERE n.id = ${id}`);
  return res.rows[0] ?? null;
}

/** E-mail addresses of users, for deciding which deliveries to queue. */
export async function emailsOf(db: Queryable, userIds: string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const res = await db.execute<{ id: string; email: string }>(sql`
    SELECT id, email FROM users WHERE id = ANY(${sql.param(userIds)}::uuid[]) AND email IS NOT NULL AND email <> '' AND NOT disabled`);
  return new Map(res.rows.map((r) => [r.id, r.email]));
}

// ---------------------------------------------------------------------------------------------
// Settings (one jsonb row per key)

export async function readSetting<T>(db: Queryable, key: string): Promise<{ value: T; updatedAt: Date } | null> {
  const res = await db.execute<{ value: T; updatedAt: Date }>(sql`SELECT value, updated_at AS "updatedAt" FROM settings WHERE key = ${key}`);
  return res.rows[0] ?? null;
}

/**
 * Writes the value when the stored one is still at `version` (0: nothing stored yet); false when someone was first.
 * The version lives in the value itself.
 */
export async function writeSettingAtVersion(db: Queryable, key: string, version: number, value: { version: number }): Promise<boolean> {
  const json = JSON.stringify(value);
  const res =
    version === 0
      ? await db.execute(sql`INSERT INTO settings (key, value, updated_at) VALUES (${key}, ${json}::jsonb, now()) ON CONFLICT (key) DO NOTHING`)
      : await db.execute(sql`UPDATE settings SET value = ${json}::jsonb, updated_at = now()
          WHERE key = ${key} AND (value->>'version')::int = ${version}`);
  return (res.rowCount ?? 0) > 0;
}
