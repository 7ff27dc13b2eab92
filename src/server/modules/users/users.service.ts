import type { z } from 'zod';
import type { Db } from '../../../db/connection';
import type { User, ZUserCreate, ZUserUpdate } from '../../../contracts/users';
import { AppError } from '../../../domain/shared/app-error';
import { assertPermission, inScope, scopeOf, unitIdsInScope } from '../../lib/access';
import { appendAuditIn } from '../../lib/audit';
import type { Actor } from '../../lib/context';
import { hashPassword } from '../../lib/passwords';
import { generatePassword } from '../../lib/tokens';
import { deleteUserSessions } from '../auth/auth.repo';
import { findUnit } from '../org-units/org-units.repo';
import * as repo from './users.repo';

export function presentUser(r: repo.UserRow): User {
  return {
    id: r.id,
    username: r.username,
    personId: r.personId,
    personName: r.personName,
    email: r.email ?? null,
    roles: r.roles,
    disabled: r.disabled,
    mustChangePassword: r.mustChangePassword,
    lockedUntil: r.lockedUntil && new Date(r.lockedUntil) > new Date() ? new Date(r.lockedUntil).toISOString() : null,
    lastLoginAt: r.lastLoginAt ? new Date(r.lastLoginAt).toISOString() : null,
    version: r.version,
  };
}

export async function listUsers(db: Db, actor: Actor, q: { page: number; pageSize: number; q?: string }) {
  assertPermission(actor, 'users.read');
  const unitIds = await unitIdsInScope(db, scopeOf(actor, 'users.read'));
  const r = await repo.listUsers(db, { ...q, unitIds });
  return { items: r.items.map(presentUser), total: r.total };
}

async function assertRolesInScope(db: Db, actor: Actor, roles: { orgUnitId: string }[]) {
  const scope = scopeOf(actor, 'users.write');
  for (const r of roles) {
    const unit = await findUnit(db, r.orgUnitId);
    if (!unit) throw new AppError('NOT_FOUND', { entity: 'org_unit', id: r.orgUnitId }, '角色所属组织不存在');
    if (!inScope(scope, unit.path)) throw new AppError('OUT_OF_SCOPE', { orgUnitId: r.orgUnitId });
  }
}

/** Creates an account; without a password given, a one-time password is generated and must be changed at first login. */
export async function createUser(db: Db, actor: Actor | null, input: z.infer<typeof ZUserCreate>, opts: { mustChange?: boolean } = {}) {
  if (actor) {
    assertPermission(actor, 'users.write');
    await assertRolesInScope(db, actor, input.roles);
  }
  if (await repo.findUserByName(db, input.username)) throw new AppError('DUPLICATE', { field: 'username' }, `用户名「${input.username}」已存在`);
  const initialPassword = input.password ? null : generatePassword();
  const passwordHash = await hashPassword(input.password ?? initialPassword!);
  return db.transaction(async (tx) => {
    const id = await repo.insertUser(tx, {
      username: input.username,
      passwordHash,
      personId: input.personId ?? null,
      email: input.email ?? null,
      mustChangePassword: opts.mustChange ?? true,
    });
    await repo.replaceRoles(tx, id, input.roles);
    const user = presentUser((await repo.findUser(tx, id))!);
    await appendAuditIn(tx, actor, [{ action: 'user.create', entityType: 'user', entityId: id, after: { username: user.username, personId: user.personId, email: user.email, roles: user.roles } }]);
    return { user, initialPassword };
  });
}

export async function updateUser(db: Db, actor: Actor, id: string, input: z.infer<typeof ZUserUpdate>) {
  assertPermission(actor, 'users.write');
  if (input.roles) await assertRolesInScope(db, actor, input.roles);
  return db.transaction(async (tx) => {
    const before = await repo.findUser(tx, id);
    if (!before) throw new AppError('NOT_FOUND', { entity: 'user', id });
    if (before.version !== input.version) throw new AppError('VERSION_CONFLICT', { current: presentUser(before) });
    if (id === actor.userId && (input.disabled || (input.roles && !input.roles.some((r) => r.role === 'admin') && before.roles.some((r) => r.role === 'admin')))) {
      throw new AppError('FORBIDDEN', undefined, '不能停用自己或撤销自己的管理员角色');
    }
    const patch: Parameters<typeof repo.updateUser>[3] = {};
    if (input.personId !== undefined) patch.personId = input.personId;
    if (input.email !== undefined) patch.email = input.email;
    if (input.disabled !== undefined) patch.disabled = input.disabled;
    if (input.unlock) Object.assign(patch, { failedAttempts: 0, lockedUntil: null });
    if (!(await repo.updateUser(tx, id, input.version, patch))) throw new AppError('VERSION_CONFLICT');
    if (input.roles) await repo.replaceRoles(tx, id, input.roles);
    if (input.disabled) await deleteUserSessions(tx, id);
    const after = (await repo.findUser(tx, id))!;
    await appendAuditIn(tx, actor, [
      {
        action: 'user.update',
        entityType: 'user',
        entityId: id,
        before: { personId: before.personId, email: before.email, roles: before.roles, disabled: before.disabled },
        after: { personId: after.personId, email: after.email, roles: after.roles, disabled: after.disabled, unlocked: input.unlock ?? false },
      },
    ]);
    return presentUser(after);
  });
}

/** Sets a new one-time password; the user must change it at next login and all their sessions end. */
export async function resetPassword(db: Db, actor: Actor | null, id: string) {
  if (actor) assertPermission(actor, 'users.write');
  const user = await repo.findUser(db, id);
  if (!user) throw new AppError('NOT_FOUND', { entity: 'user', id });
  const temporaryPassword = generatePassword();
  const passwordHash = await hashPassword(temporaryPassword);
  await db.transaction(async (tx) => {
    await repo.updateUser(tx, id, user.version, { passwordHash, mustChangePassword: true, failedAttempts: 0, lockedUntil: null });
    await deleteUserSessions(tx, id);
    await appendAuditIn(tx, actor, [{ action: 'user.reset_password', entityType: 'user', entityId: id }]);
  });
  return { temporaryPassword };
}
