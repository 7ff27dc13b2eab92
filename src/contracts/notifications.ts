import { z } from 'zod';
import { ZId, ZPageQuery } from './common';

// ---------------------------------------------------------------------------------------------
// The bell: the caller's own notifications

export const ZNotification = z.object({
  id: ZId,
  kind: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  link: z.string().nullable(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof ZNotification>;

export const ZNotificationsQuery = ZPageQuery.extend({
  unread: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
});
export type NotificationsQuery = z.infer<typeof ZNotificationsQuery>;

export const ZUnreadCount = z.object({ count: z.number().int() });
export const ZReadAll = z.object({ updated: z.number().int() });

// ---------------------------------------------------------------------------------------------
// Settings (admin): SMTP, group robot webhook, reminder rules

const ZHost = z.string().trim().max(255);

/** What the admin sends: the password and the secret are write-only (omit: keep; empty string: clear). */
export const ZNotificationSettingsInput = z.object({
  /** 0 while nothing has been saved yet. */
  version: z.number().int().min(0),
  smtp: z.object({
    enabled: z.boolean(),
    host: ZHost,
    port: z.number().int().min(1).max(65535),
    secure: z.boolean(),
    user: z.string().trim().max(255),
    password: z.string().max(512).optional(),
    from: z.string().trim().max(255),
  }),
  webhook: z.object({
    enabled: z.boolean(),
    kind: z.enum(['wecom', 'dingtalk']),
    url: z.union([z.literal(''), z.url({ protocol: /^https?$/, error: '机器人地址须为 http(s) 网址' }).max(2000)]),
    secret: z.string().max(512).optional(),
  }),
  reminders: z.object({
    daysBefore: z.array(z.number().int().min(1).max(365)).max(10),
    inactivityDays: z.number().int().min(0).max(365),
    digestHour: z.number().int().min(0).max(23),
  }),
});
export type NotificationSettingsInput = z.infer<typeof ZNotificationSettingsInput>;

/** What the API returns: never the password or the secret, only whether one is set. */
export const ZNotificationSettings = z.object({
  version: z.number().int(),
  smtp: z.object({
    enabled: z.boolean(),
    host: z.string(),
    port: z.number().int(),
    secure: z.boolean(),
    user: z.string(),
    passwordSet: z.boolean(),
    from: z.string(),
  }),
  webhook: z.object({
    enabled: z.boolean(),
    kind: z.enum(['wecom', 'dingtalk']),
    url: z.string(),
    secretSet: z.boolean(),
  }),
  reminders: z.object({
    daysBefore: z.array(z.number().int()),
    inactivityDays: z.number().int(),
    digestHour: z.number().int(),
  }),
  updatedAt: z.string().nullable(),
});
export type NotificationSettings = z.infer<typeof ZNotificationSettings>;

export const ZNotificationTest = z.object({
  channel: z.enum(['email', 'webhook']),
  /** E-mail only: the address to send to (default: the caller's own). */
  to: z.email('电子邮箱格式不正确').optional(),
});
export type NotificationTest = z.infer<typeof ZNotificationTest>;

export const ZNotificationTestResult = z.object({ ok: z.boolean(), message: z.string() });
