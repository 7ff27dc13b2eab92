import { z } from 'zod';
import { ZId } from './common';

export const ROLES = [
  'admin',
  'secretary',
  'committee_member',
  'department_head',
  'grid_leader',
  'inspector',
  'member',
  'viewer',
] as const;
export const ZRole = z.enum(ROLES);
export type Role = z.infer<typeof ZRole>;

export const ZRoleAssignment = z.object({ role: ZRole, orgUnitId: ZId });
export type RoleAssignment = z.infer<typeof ZRoleAssignment>;

export const ZLoginBody = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(256),
});

export const ZPasswordPolicy = z
  .string()
  .min(10, '密码至少 10 位')
  .max(256)
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), '密码须同时包含字母和数字');

export const ZChangePasswordBody = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: ZPasswordPolicy,
});

export const ZMe = z.object({
  id: ZId,
  username: z.string(),
  personId: ZId.nullable(),
  displayName: z.string(),
  roles: z.array(ZRoleAssignment),
  mustChangePassword: z.boolean(),
  permissions: z.array(z.string()),
});
export type Me = z.infer<typeof ZMe>;

export const ZSession = z.object({ user: ZMe, csrfToken: z.string() });

export const ZApiTokenCreate = z.object({
  name: z.string().trim().min(1, '请填写令牌名称').max(64),
  expiresInDays: z.number().int().min(1).max(3650).default(90),
});
export const ZApiToken = z.object({
  id: ZId,
  name: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export const ZApiTokenCreated = ZApiToken.extend({ token: z.string() });
