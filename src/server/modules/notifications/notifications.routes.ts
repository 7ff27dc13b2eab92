import { ZIdParams, pageOf } from '../../../contracts/common';
import {
  ZNotification,
  ZNotificationSettings,
  ZNotificationSettingsInput,
  ZNotificationsQuery,
  ZNotificationTest,
  ZNotificationTestResult,
  ZReadAll,
  ZUnreadCount,
} from '../../../contracts/notifications';
import { errorResponses, type Api } from '../../lib/api';
import type { AppContext } from '../../lib/context';
import { actorOf } from '../../lib/request';
import { getNotificationSettings, updateNotificationSettings } from './notification-settings';
import * as svc from './notifications.service';

export function registerNotificationRoutes(api: Api, ctx: AppContext) {
  const tags = ['notifications'];
  api.get(
    '/notifications',
    { schema: { tags, summary: '我的通知（铃铛）', querystring: ZNotificationsQuery, response: { 200: pageOf(ZNotification), ...errorResponses } } },
    async (req) => svc.listMyNotifications(ctx.db, actorOf(req), req.query),
  );
  api.get(
    '/notifications/unread-count',
    { schema: { tags, summary: '我的未读通知数', response: { 200: ZUnreadCount, ...errorResponses } } },
    async (req) => svc.countMyUnread(ctx.db, actorOf(req)),
  );
  api.post(
    '/notifications/read-all',
    { schema: { tags, summary: '全部标为已读', response: { 200: ZReadAll, ...errorResponses } } },
    async (req) => svc.markAllMyNotificationsRead(ctx.db, actorOf(req)),
  );
  api.post(
    '/notifications/:id/read',
    { schema: { tags, summary: '标为已读', params: ZIdParams, response: { 200: ZNotification, ...errorResponses } } },
    async (req) => svc.markMyNotificationRead(ctx.db, actorOf(req), req.params.id),
  );

  const settingsTags = ['settings'];
  api.get(
    '/settings/notifications',
    { schema: { tags: settingsTags, summary: '提醒与通知设置（邮件、群机器人、提醒规则）', response: { 200: ZNotificationSettings, ...errorResponses } } },
    async (req) => getNotificationSettings(ctx.db, actorOf(req)),
  );
  api.put(
    '/settings/notifications',
    {
      schema: {
        tags: settingsTags,
        summary: '保存提醒与通知设置（密码、密钥只写不读）',
        body: ZNotificationSettingsInput,
        response: { 200: ZNotificationSettings, ...errorResponses },
      },
    },
    async (req) => updateNotificationSettings(ctx.db, ctx.config, actorOf(req), req.body),
  );
  api.post(
    '/settings/notifications/test',
    { schema: { tags: settingsTags, summary: '发送测试消息', body: ZNotificationTest, response: { 200: ZNotificationTestResult, ...errorResponses } } },
    async (req) => svc.sendTestMessage(ctx.db, ctx.config, actorOf(req), req.body),
  );
}
