import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../../../db/connection';
import { apiTokens, sessions, users } from '../../../db/schema';
import type { Role } from '../../../contracts/auth';

export type UserAuthRow = {
  id: string;
  username: string;
  passwordHash: string;
  personId: string | null;
  personName: string | null;
  mustChangePassword: boolean;
  disabled: boolean;
  failedAttempts: number;
  lockedUntil: Date | null;
};

export async function findUserForLogin(db: Queryable, username: string): Promise<UserAuthRow | null> {
  const res = await db.execute<UserAuthRow>(sql`
    SELECT u.id, u.username, u.password_hash AS "passwordHash", u.person_id AS "personId", p.name AS "personName",
           u.must_change_password AS "mustChangePassword", u.disabled, u.failed_attempts AS "failedAttempts",
           u.locked_until AS "lockedUntil"
    FROM users u LEFT JOIN people p ON p.id = u.person_id
    WHERE lower(u.username) = lower(${username})`);
  const row = res.rows[0];
  // Raw queries return timestamps as text.
  return row ? { ...row, lockedUntil: row.lockedUntil ? new Date(row.lockedUntil) : null } : null;
}

export async function recordLoginFailure(db: Queryable, userId: string, maxFailures: number, lockMinutes: number) {
  const res = await db.execute<{ failedAttempts: number; lockedUntil: Date | null }>(sql`
    UPDATE users SET failed_attempts = failed_attempts + 1,
      locked_until = CASE WHEN failed_attempts + 1 >= ${maxFailures}
                          THEN now() + make_interval(mins => ${lockMinutes}) ELSE locked_until END
    WHERE id = ${userId}
    RETURNING failed_attempts AS "failedAttempts", locked_until AS "lockedUntil"`);
  const row = res.rows[0]!;
  return { failedAttempts: row.failedAttempts, lockedUntil: row.lockedUntil ? new Date(row.lockedUntil) : null };
}

export async function recordLoginSuccess(db: Queryable, userId: string) {
  await db.update(users).set({ failedAttempts: 0, lockedUntil: null, lastLoginAt: new Date() }).where(eq(users.id, userId));
}

export type ActorRow = {
  userId: string;
  username: string;
  personId: string | null;
  personName: string | null;
  mustChangePassword: boolean;
  disabled: boolean;
  csrfToken: string | null;
  roles: { role: Role; orgUnitId: string; path: string }[];
};

const actorSelect = sql`
  u.id AS "userId", u.username, u.person_id AS "personId", p.name AS "personName",
  u.must_change_password AS "mustChangePassword", u.disabled,
  COALESCE((SELECT json_agg(json_build_object('role', ra.role, 'orgUnitId', ra.org_unit_id, 'path', o.path))
            FROM role_assignments ra JOIN org_units o ON o.id = ra.org_unit_id
            WHERE ra.user_id = u.id AND o.closed_at IS NULL), '[]'::json) AS roles`;

export async function findActorBySession(db: Queryable, tokenHash: string): Promise<ActorRow | null> {
  const res = await db.execute<ActorRow>(sql`
    SELECT ${actorSelect}, s.csrf_token AS "csrfToken"
    FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN people p ON p.id = u.person_id
    WHERE s.token_hash = ${tokenHash} AND s.expires_at > now()`);
  return res.rows[0] ?? null;
}

export async function findActorByApiToken(db: Queryable, tokenHash: string): Promise<ActorRow | null> {
  const res = await db.execute<ActorRow>(sql`
    WITH t AS (
      UPDATE api_tokens SET last_used_at = now()
      WHERE token_hash = ${tokenHash} AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
      RETURNING user_id)
    SELECT ${actorSelect}, NULL AS "csrfToken"
    FROM t JOIN users u ON u.id = t.user_id LEFT JOIN people p ON p.id = u.person_id`);
  return res.rows[0] ?? null;
}

export async function insertSession(db: Queryable, row: typeof sessions.$inferInsert) {
  await db.insert(sessions).values(row);
}

export async function deleteSession(db: Queryable, tokenHash: string) {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteUserSessions(db: Queryable, userId: string, exceptTokenHash?: string) {
  await db.execute(sql`DELETE FROM sessions WHERE user_id = ${userId} AND token_hash <> ${exceptTokenHash ?? ''}`);
}

export async function deleteExpiredSessions(db: Queryable) {
  await db.execute(sql`DELETE FROM sessions WHERE expires_at < now()`);
}

export async function setPassword(db: Queryable, userId: string, passwordHash: string, mustChange: boolean) {
  await db
    .update(users)
    .set({ passwordHash, mustChangePassword: mustChange, failedAttempts: 0, lockedUntil: null, updatedAt: new Date(), version: sql`${users.version} + 1` })
    .where(eq(users.id, userId));
}

export async function listApiTokens(db: Queryable, userId: string) {
  return db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt), sql`(${apiTokens.expiresAt} IS NULL OR ${apiTokens.expiresAt} > now())`))
    .orderBy(apiTokens.createdAt);
}

export async function insertApiToken(db: Queryable, row: typeof apiTokens.$inferInsert) {
  const [r] = await db.insert(apiTokens).values(row).returning();
  return r!;
}

export async function revokeApiToken(db: Queryable, userId: string, id: string) {
  const r = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt), gt(apiTokens.createdAt, new Date(0))))
    .returning({ id: apiTokens.id });
  return r.length > 0;
}
