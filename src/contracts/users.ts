import { z } from 'zod';
import { ZId, ZPageQuery } from './common';
import { ZPasswordPolicy, ZRoleAssignment } from './auth';

export const ZUser = z.object({
  id: ZId,
  username: z.string(),
  personId: ZId.nullable(),
  personName: z.string().nullable(),
  email: z.string().nullable(),
  roles: z.array(ZRoleAssignment),
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  version: z.number().int(),
});
export type User = z.infer<typeof ZUser>;

export const ZUsersQuery = ZPageQuery.extend({ q: z.string().trim().max(64).optional() });

export const ZUsername = z
  .string()
  .trim()
  .min(2, '用户名至少 2 位')
  .max(64)
  .regex(/^[a-zA-Z0-9_.-]+$/, '用户名只能包含字母、数字、下划线、点和连字符');

/** Where e-mail reminders go; empty clears it. */
export const ZUserEmail = z
  .string()
  .trim()
  .max(254)
  .transform((v) => v || null)
  .pipe(z.email('电子邮箱格式不正确').nullable());

export const ZUserCreate = z.object({
  username: ZUsername,
  personId: ZId.nullable().optional(),
  email: ZUserEmail.nullable().optional(),
  roles: z.array(ZRoleAssignment).max(50).default([]),
  /** Omit to generate a one-time password that must be changed at first login. */
  password: ZPasswordPolicy.optional(),
});
export const ZUserUpdate = z.object({
  version: z.number().int().min(1),
  personId: ZId.nullable().optional(),
  email: ZUserEmail.nullable().optional(),
  roles: z.array(ZRoleAssignment).max(50).optional(),
  disabled: z.boolean().optional(),
  unlock: z.boolean().optional(),
});
export const ZUserCreated = z.object({ user: ZUser, initialPassword: z.string().nullable() });
export const ZPasswordReset = z.object({ temporaryPassword: z.string() });
