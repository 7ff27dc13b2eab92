import type { Config } from '../../../config';
import type { Db, Queryable } from '../../../db/connection';
import type { Notification, NotificationsQuery, NotificationTest } from '../../../contracts/notifications';
import { AppError } from '../../../domain/shared/app-error';
import { assertPermission } from '../../lib/access';
import { appendAudit } from '../../lib/audit';
import type { Actor } from '../../lib/context';
import { enqueueJob, type JobRow } from '../../jobs/jobs.repo';
import { PermanentJobError, type JobHandler } from '../../jobs/runner';
import { emailOfNotification, sendEmail } from './deliver-email';
import { postWebhook, webhookOfNotification } from './deliver-webhook';
import { loadNotificationSettings, openSmtpPassword, openWebhookSecret, type StoredNotificationSettings } from './notification-settings';
import * as repo from './notifications.repo';

export const EMAIL_JOB = 'notify.email';
export const WEBHOOK_JOB = 'notify.webhook';

// ---------------------------------------------------------------------------------------------
// The bell: a user only ever reaches their own notifications

export function presentNotification(r: repo.NotificationRow): Notification {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    body: r.body,
    link: r.link,
    entityType: r.entityType,
    entityId: r.entityId,
    createdAt: new Date(r.createdAt).toISOString(),
    readAt: r.readAt ? new Date(r.readAt).toISOString() : null,
  };
}

export async function listMyNotifications(db: Db, actor: Actor, q: NotificationsQuery) {
  const r = await repo.listForUser(db, actor.userId, q);
  return { items: r.items.map(presentNotification), total: r.total };
}

export async function countMyUnread(db: Db, actor: Actor) {
  return { count: await repo.countUnread(db, actor.userId) };
}

/** 404 for another user's notification as for a missing one: the bell does not tell whether it exists. */
export async function markMyNotificationRead(db: Db, actor: Actor, id: string): Promise<Notification> {
  const row = await repo.markRead(db, actor.userId, id);
  if (!row) throw new AppError('NOT_FOUND', { entity: 'notification', id });
  return presentNotification(row);
}

export async function markAllMyNotificationsRead(db: Db, actor: Actor) {
  return { updated: await repo.markAllRead(db, actor.userId) };
}

// ---------------------------------------------------------------------------------------------
// Creating notifications and queueing their deliveries

/**
 * Creates the notification for each user who does not have it yet (by dedupe key) and, in the same transaction,
 * queues one e-mail job per new notification (users with an address, when e-mail is on) and one robot job per
 * reminder (`webhook`, when the robot is on). Job dedupe keys make each delivery exist once.
 */
export async function createNotifications(
  tx: Queryable,
  settings: StoredNotificationSettings,
  userIds: string[],
  n: repo.NewNotification,
  opts: { webhook: boolean },
): Promise<{ id: string; userId: string }[]> {
  const created = await repo.insertNotifications(tx, userIds, n);
  if (created.length === 0) return created;
  if (settings.smtp.enabled) {
    const emails = await repo.emailsOf(tx, created.map((c) => c.userId));
    for (const c of created) {
      if (emails.has(c.userId)) await enqueueJob(tx, { kind: EMAIL_JOB, dedupeKey: `${EMAIL_JOB}:${c.id}`, payload: { notificationId: c.id } });
    }
  }
  if (opts.webhook && settings.webhook.enabled && settings.webhook.url) {
    await enqueueJob(tx, { kind: WEBHOOK_JOB, dedupeKey: `${WEBHOOK_JOB}:${n.dedupeKey}`, payload: { notificationId: created[0]!.id } });
  }
  return created;
}

async function notificationOf(db: Db, job: JobRow) {
  const id = job.payload.notificationId;
  if (typeof id !== 'string') throw new PermanentJobError('任务缺少 notificationId');
  const n = await repo.findForDelivery(db, id);
  if (!n) throw new PermanentJobError(`通知 ${id} 不存在`);
  return n;
}

/** The handlers the job runner needs for deliveries. A channel switched off since queueing sends nothing. */
export function deliveryHandlers(db: Db, config: Config): Record<string, JobHandler> {
  return {
    [EMAIL_JOB]: async (job) => {
      const n = await notificationOf(db, job);
      const s = await loadNotificationSettings(db);
      if (!s.smtp.enabled || !s.smtp.host || !n.email || n.disabled) return;
      await sendEmail({ ...s.smtp, password: openSmtpPassword(config, s) }, emailOfNotification(n, n.email, config.publicUrl));
    },
    [WEBHOOK_JOB]: async (job) => {
      const n = await notificationOf(db, job);
      const s = await loadNotificationSettings(db);
      if (!s.webhook.enabled || !s.webhook.url) return;
      await postWebhook({ kind: s.webhook.kind, url: s.webhook.url, secret: openWebhookSecret(config, s) }, webhookOfNotification(n, config.publicUrl));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Test message from the settings page

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 500);

/** Sends a test message right away with the saved settings (enabled or not) and tells how it went. */
export async function sendTestMessage(db: Db, config: Config, actor: Actor, input: NotificationTest): Promise<{ ok: boolean; message: string }> {
  assertPermission(actor, 'settings.write');
  const s = await loadNotificationSettings(db);
  const title = '整改通测试消息';
  const body = `这是一条测试消息，由 ${actor.displayName || actor.username} 于 ${new Date().toISOString()} 发送。收到即表示配置正确。`;
  let result: { ok: boolean; message: string };
  let to: string | null = null;
  if (input.channel === 'email') {
    to = input.to ?? (await repo.emailsOf(db, [actor.userId])).get(actor.userId) ?? null;
    if (!s.smtp.host || !s.smtp.from) result = { ok: false, message: '请先填写并保存 SMTP 服务器和发件人' };
    else if (!to) result = { ok: false, message: '请填写收件地址（您的账号没有电子邮箱）' };
    else {
      try {
        await sendEmail({ ...s.smtp, password: openSmtpPassword(config, s) }, emailOfNotification({ title, body, link: null }, to));
        result = { ok: true, message: `测试邮件已发送至 ${to}` };
      } catch (e) {
        result = { ok: false, message: `发送失败：${messageOf(e)}` };
      }
    }
  } else if (!s.webhook.url) {
    result = { ok: false, message: '请先填写并保存群机器人 Webhook 地址' };
  } else {
    try {
      await postWebhook({ kind: s.webhook.kind, url: s.webhook.url, secret: openWebhookSecret(config, s) }, { title, text: body });
      result = { ok: true, message: '测试消息已发送到群机器人' };
    } catch (e) {
      result = { ok: false, message: `发送失败：${messageOf(e)}` };
    }
  }
  await appendAudit(db, actor, [{ action: 'settings.test', entityType: 'settings', entityId: 'notifications', after: { channel: input.channel, to, ok: result.ok } }]);
  return result;
}
