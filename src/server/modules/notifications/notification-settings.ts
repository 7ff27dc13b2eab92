import type { Config } from '../../../config';
import type { Db, Queryable } from '../../../db/connection';
import type { NotificationSettings, NotificationSettingsInput } from '../../../contracts/notifications';
import { DEFAULT_REMINDER_RULES, type ReminderRules } from '../../../domain/ledger/reminder-rules';
import { AppError } from '../../../domain/shared/app-error';
import { assertPermission } from '../../lib/access';
import { appendAuditIn } from '../../lib/audit';
import type { Actor } from '../../lib/context';
import { secretBox } from '../../lib/secret-box';
import * as repo from './notifications.repo';

export const SETTINGS_KEY = 'notifications';
const PASSWORD_AAD = 'settings:smtp:password';
const SECRET_AAD = 'settings:webhook:secret';

/** As stored in `settings`: the SMTP password and the robot secret only sealed (secret-box), never in clear. */
export type StoredNotificationSettings = {
  version: number;
  smtp: { enabled: boolean; host: string; port: number; secure: boolean; user: string; passwordSealed: string | null; from: string };
  webhook: { enabled: boolean; kind: 'wecom' | 'dingtalk'; url: string; secretSealed: string | null };
  reminders: { daysBefore: number[]; inactivityDays: number; digestHour: number };
};

export const DEFAULT_NOTIFICATION_SETTINGS: StoredNotificationSettings = {
  version: 0,
  smtp: { enabled: false, host: '', port: 465, secure: true, user: '', passwordSealed: null, from: '' },
  webhook: { enabled: false, kind: 'wecom', url: '', secretSealed: null },
  reminders: { daysBefore: [...DEFAULT_REMINDER_RULES.daysBefore], inactivityDays: DEFAULT_REMINDER_RULES.inactivityDays, digestHour: 8 },
};

/** The stored settings over the defaults (a missing part or field takes its default). */
export async function loadNotificationSettings(db: Queryable): Promise<StoredNotificationSettings & { updatedAt: Date | null }> {
  const row = await repo.readSetting<Partial<StoredNotificationSettings>>(db, SETTINGS_KEY);
  const v = row?.value ?? {};
  const d = DEFAULT_NOTIFICATION_SETTINGS;
  return {
    version: v.version ?? 0,
    smtp: { ...d.smtp, ...v.smtp },
    webhook: { ...d.webhook, ...v.webhook },
    reminders: { ...d.reminders, ...v.reminders },
    updatedAt: row?.updatedAt ?? null,
  };
}

export function reminderRulesOf(s: StoredNotificationSettings): ReminderRules {
  return { ...DEFAULT_REMINDER_RULES, daysBefore: s.reminders.daysBefore, inactivityDays: s.reminders.inactivityDays };
}

export function presentSettings(s: StoredNotificationSettings & { updatedAt: Date | null }): NotificationSettings {
  const { passwordSealed, ...smtp } = s.smtp;
  const { secretSealed, ...webhook } = s.webhook;
  return {
    version: s.version,
    smtp: { ...smtp, passwordSet: !!passwordSealed },
    webhook: { ...webhook, secretSet: !!secretSealed },
    reminders: s.reminders,
    updatedAt: s.updatedAt ? new Date(s.updatedAt).toISOString() : null,
  };
}

export function openSmtpPassword(config: Config, s: StoredNotificationSettings): string | null {
  return s.smtp.passwordSealed ? secretBox(config.secretsKeyring).open(s.smtp.passwordSealed, PASSWORD_AAD) : null;
}

export function openWebhookSecret(config: Config, s: StoredNotificationSettings): string | null {
  return s.webhook.secretSealed ? secretBox(config.secretsKeyring).open(s.webhook.secretSealed, SECRET_AAD) : null;
}

export async function getNotificationSettings(db: Db, actor: Actor): Promise<NotificationSettings> {
  assertPermission(actor, 'settings.write');
  return presentSettings(await loadNotificationSettings(db));
}

/** Saves the settings at `version`; a password or secret left out keeps the stored one, an empty one clears it. */
export async function updateNotificationSettings(db: Db, config: Config, actor: Actor, input: NotificationSettingsInput): Promise<NotificationSettings> {
  assertPermission(actor, 'settings.write');
  if (input.smtp.enabled && (!input.smtp.host || !input.smtp.from)) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'smtp.host', message: '启用邮件须填写服务器和发件人' }] }, '启用邮件须填写 SMTP 服务器和发件人');
  }
  if (input.webhook.enabled && !input.webhook.url) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'webhook.url', message: '启用机器人须填写地址' }] }, '启用群机器人须填写 Webhook 地址');
  }
  const box = secretBox(config.secretsKeyring);
  return db.transaction(async (tx) => {
    const before = await loadNotificationSettings(tx);
    if (before.version !== input.version) throw new AppError('VERSION_CONFLICT', { current: presentSettings(before) });
    const { password, ...smtp } = input.smtp;
    const { secret, ...webhook } = input.webhook;
    const next: StoredNotificationSettings = {
      version: before.version + 1,
      smtp: {
        ...smtp,
        passwordSealed: password === undefined ? before.smtp.passwordSealed : password === '' ? null : box.seal(password, PASSWORD_AAD),
      },
      webhook: {
        ...webhook,
        secretSealed: secret === undefined ? before.webhook.secretSealed : secret === '' ? null : box.seal(secret, SECRET_AAD),
      },
      reminders: { ...input.reminders, daysBefore: [...new Set(input.reminders.daysBefore)].sort((a, b) => b - a) },
    };
    if (!(await repo.writeSettingAtVersion(tx, SETTINGS_KEY, input.version, next))) {
      throw new AppError('VERSION_CONFLICT', { current: presentSettings(await loadNotificationSettings(db)) });
    }
    const after = await loadNotificationSettings(tx);
    const { updatedAt: _b, ...auditBefore } = presentSettings(before);
    const { updatedAt: _a, ...auditAfter } = presentSettings(after);
    await appendAuditIn(tx, actor, [
      {
        action: 'settings.update',
        entityType: 'settings',
        entityId: SETTINGS_KEY,
        // Whether the password or secret changed, never their values.
        before: auditBefore,
        after: { ...auditAfter, passwordChanged: password !== undefined, secretChanged: secret !== undefined },
      },
    ]);
    return presentSettings(after);
  });
}
