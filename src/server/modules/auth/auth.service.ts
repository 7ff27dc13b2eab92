import type { Db } from '../../../db/connection';
import { collectPermissions } from '../../../domain/access/permissions';
import { AppError } from '../../../domain/shared/app-error';
import type { Me } from '../../../contracts/auth';
import { appendAudit, appendAuditIn } from '../../lib/audit';
import type { Actor, AppContext } from '../../lib/context';
import { burnVerifyTime, hashPassword, verifyPassword } from '../../lib/passwords';
import { hashToken, newToken } from '../../lib/tokens';
import * as repo from './auth.repo';

export function presentMe(actor: Actor): Me {
  return {
    id: actor.userId,
    username: actor.username,
    personId: actor.personId,
    displayName: actor.displayName,
    roles: actor.roles.map(({ role, orgUnitId }) => ({ role, orgUnitId })),
    mustChangePassword: actor.mustChangePassword,
    permissions: collectPermissions(actor.roles.map((r) => r.role)),
  };
}

export function actorFromRow(row: repo.ActorRow, via: Actor['via'], ip: string | null): Actor {
  return {
    userId: row.userId,
    username: row.username,
    personId: row.personId,
    displayName: row.personName ?? row.username,
    mustChangePassword: row.mustChangePassword,
    roles: row.roles,
    via,
    csrfToken: row.csrfToken,
    ip,
  };
}

export async function resolveSession(db: Db, token: string, ip: string | null): Promise<Actor | null> {
  const row = await repo.findActorBySession(db, hashToken(token));
  if (!row || row.disabled) return null;
  return actorFromRow(row, 'session', ip);
}

export async function resolveApiToken(db: Db, token: string, ip: string | null): Promise<Actor | null> {
  const row = await repo.findActorByApiToken(db, hashToken(token));
  if (!row || row.disabled) return null;
  return actorFromRow(row, 'token', ip);
}

/** Checks the password, counting failures towards a temporary lock; returns a new session token. */
export async function login(
  ctx: AppContext,
  input: { username: string; password: string; ip: string | null; userAgent: string | null },
): Promise<{ token: string; actor: Actor }> {
  const { db, config } = ctx;
  const user = await repo.findUserForLogin(db, input.username);
  if (!user) {
    await burnVerifyTime(input.password);
    await appendAudit(db, null, [{ action: 'auth.login_failed', entityType: 'user', after: { username: input.username, reason: 'unknown_user', ip: input.ip } }]);
    throw new AppError('INVALID_CREDENTIALS');
  }
  const auditActor = { userId: user.id, displayName: user.personName ?? user.username, ip: input.ip };
  if (user.lockedUntil && user.lockedUntil > new Date()) {
    throw new AppError('ACCOUNT_LOCKED', { lockedUntil: user.lockedUntil.toISOString() });
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    const r = await repo.recordLoginFailure(db, user.id, config.loginMaxFailures, config.loginLockMinutes);
    const locked = r.lockedUntil !== null && r.lockedUntil > new Date();
    await appendAudit(db, auditActor, [
      { action: locked ? 'auth.locked' : 'auth.login_failed', entityType: 'user', entityId: user.id, after: { failedAttempts: r.failedAttempts } },
    ]);
    if (locked) throw new AppError('ACCOUNT_LOCKED', { lockedUntil: r.lockedUntil!.toISOString() });
    throw new AppError('INVALID_CREDENTIALS', { remainingAttempts: Math.max(0, config.loginMaxFailures - r.failedAttempts) });
  }
  if (user.disabled) throw new AppError('ACCOUNT_DISABLED');
  const token = newToken();
  const csrf = newToken();
  await db.transaction(async (tx) => {
    await repo.recordLoginSuccess(tx, user.id);
    await repo.insertSession(tx, {
      tokenHash: hashToken(token),
      userId: user.id,
      csrfToken: csrf,
      expiresAt: new Date(Date.now() + config.sessionTtlHours * 3600_000),
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    });
    await appendAuditIn(tx, auditActor, [{ action: 'auth.login', entityType: 'user', entityId: user.id }]);
  });
  const actor = await resolveSession(db, token, input.ip);
  return { token, actor: actor! };
}

export async function logout(db: Db, actor: Actor, token: string) {
  await repo.deleteSession(db, hashToken(token));
  await appendAudit(db, actor, [{ action: 'auth.logout', entityType: 'user', entityId: actor.userId }]);
}

export async function changePassword(db: Db, actor: Actor, currentToken: string | null, current: string, next: string) {
  const user = await repo.findUserForLogin(db, actor.username);
  if (!user || !(await verifyPassword(user.passwordHash, current))) {
    throw new AppError('INVALID_CREDENTIALS', { field: 'currentPassword' }, '当前密码不正确');
  }
  if (current === next) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'newPassword', message: '新密码不能与当前密码相同' }] });
  if (next.toLowerCase().includes(actor.username.toLowerCase())) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'newPassword', message: '密码不能包含用户名' }] });
  }
  const h = await hashPassword(next);
  await db.transaction(async (tx) => {
    await repo.setPassword(tx, actor.userId, h, false);
    // Other sessions of this user end: whoever knew the old password is logged out.
    await repo.deleteUserSessions(tx, actor.userId, currentToken ? hashToken(currentToken) : undefined);
    await appendAuditIn(tx, actor, [{ action: 'auth.password_changed', entityType: 'user', entityId: actor.userId }]);
  });
}

export async function createApiToken(db: Db, actor: Actor, name: string, expiresInDays: number) {
  const token = newToken('rct_');
  const row = await db.transaction(async (tx) => {
    const r = await repo.insertApiToken(tx, {
      userId: actor.userId,
      name,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + expiresInDays * 86400_000),
    });
    await appendAuditIn(tx, actor, [{ action: 'auth.token_created', entityType: 'api_token', entityId: r.id, after: { name } }]);
    return r;
  });
  return { ...presentToken(row), token };
}

export function presentToken(r: Awaited<ReturnType<typeof repo.listApiTokens>>[number]) {
  return {
    id: r.id,
    name: r.name,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt?.toISOString() ?? null,
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
  };
}

export async function revokeApiToken(db: Db, actor: Actor, id: string) {
  const ok = await repo.revokeApiToken(db, actor.userId, id);
  if (!ok) throw new AppError('NOT_FOUND');
  await appendAudit(db, actor, [{ action: 'auth.token_revoked', entityType: 'api_token', entityId: id }]);
}
