import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { apiFetch } from '../../api/client';
import type { Page } from '../../api/types';
import type {
  Notification,
  NotificationSettings,
  ZNotificationSettingsInput,
  ZNotificationTest,
  ZNotificationTestResult,
} from '../../../../src/contracts/notifications';

export type { Notification, NotificationSettings };
export type NotificationSettingsInput = z.input<typeof ZNotificationSettingsInput>;
export type NotificationTest = z.input<typeof ZNotificationTest>;
export type NotificationTestResult = z.infer<typeof ZNotificationTestResult>;

export const NOTIFICATIONS_KEY = ['notifications'] as const;
export const NOTIFICATION_SETTINGS_KEY = ['settings', 'notifications'] as const;

/** How often the bell asks for the unread count. */
const POLL_MS = 60_000;

export function useUnreadCount() {
  return useQuery({
    queryKey: [...NOTIFICATIONS_KEY, 'unread-count'],
    queryFn: ({ signal }) => apiFetch<{ count: number }>('/notifications/unread-count', { signal }),
    refetchInterval: POLL_MS,
    refetchOnWindowFocus: true,
  });
}

export function useNotifications(query: { unread?: boolean; page: number; pageSize: number }, enabled = true) {
  return useQuery({
    queryKey: [...NOTIFICATIONS_KEY, 'list', query],
    queryFn: ({ signal }) =>
      apiFetch<Page<Notification>>('/notifications', { query: { unread: query.unread ? 'true' : undefined, page: query.page, pageSize: query.pageSize }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<Notification>(`/notifications/${id}/read`, { method: 'POST' }),
    onSuccess: () => client.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
  });
}

export function useMarkAllRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<{ updated: number }>('/notifications/read-all', { method: 'POST' }),
    onSuccess: () => client.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
  });
}

export function useNotificationSettings() {
  return useQuery({
    queryKey: NOTIFICATION_SETTINGS_KEY,
    queryFn: ({ signal }) => apiFetch<NotificationSettings>('/settings/notifications', { signal }),
  });
}

export function sendTest(body: NotificationTest) {
  return apiFetch<NotificationTestResult>('/settings/notifications/test', { method: 'POST', body });
}
