import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { apiFetch, type QueryParams } from '../../api/client';
import type { Page } from '../../api/types';
import type {
  ZCoverage,
  ZMyDue,
  ZTalk,
  ZTalkCreate,
  ZTalkDue,
  ZTalkDueCreate,
  ZTalkListItem,
  ZTalkRule,
  ZTalkRules,
  ZTalkStats,
  ZTalkUpdate,
} from '../../../../src/contracts/talks';

export type Talk = z.infer<typeof ZTalk>;
export type TalkListItem = z.infer<typeof ZTalkListItem>;
export type TalkCreate = z.input<typeof ZTalkCreate>;
export type TalkUpdate = z.input<typeof ZTalkUpdate>;
export type TalkDue = z.infer<typeof ZTalkDue>;
export type TalkDueCreate = z.input<typeof ZTalkDueCreate>;
export type MyDue = z.infer<typeof ZMyDue>;
export type Coverage = z.infer<typeof ZCoverage>;
export type TalkStats = z.infer<typeof ZTalkStats>;
export type TalkRule = z.infer<typeof ZTalkRule>;
export type TalkRules = z.infer<typeof ZTalkRules>;

export const TALKS_KEY = ['talks'] as const;
export const talkKey = (id: string) => ['talks', 'one', id] as const;

export function useTalks(query: QueryParams, enabled = true) {
  return useQuery({
    queryKey: [...TALKS_KEY, 'list', query],
    queryFn: ({ signal }) => apiFetch<Page<TalkListItem>>('/talks', { query, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useTalk(id: string | undefined) {
  return useQuery({ queryKey: talkKey(id ?? ''), queryFn: () => apiFetch<Talk>(`/talks/${id}`), enabled: !!id, retry: false });
}

export function useMyDue(enabled = true) {
  return useQuery({ queryKey: [...TALKS_KEY, 'due'], queryFn: () => apiFetch<MyDue>('/talks/due'), enabled, retry: false });
}

export function useCoverage(q: { orgUnitId?: string | null; from: string; to: string }) {
  return useQuery({
    queryKey: [...TALKS_KEY, 'coverage', q],
    queryFn: ({ signal }) => apiFetch<Coverage>('/talks/coverage', { query: { orgUnitId: q.orgUnitId, from: q.from, to: q.to }, signal }),
    enabled: !!q.orgUnitId,
    placeholderData: keepPreviousData,
  });
}

export function useTalkStats(q: { orgUnitId?: string | null; from: string; to: string; notTalkedDays: number }) {
  return useQuery({
    queryKey: [...TALKS_KEY, 'stats', q],
    queryFn: ({ signal }) => apiFetch<TalkStats>('/talks/stats', { query: q, signal }),
    enabled: !!q.orgUnitId,
    placeholderData: keepPreviousData,
  });
}

export function useTalkRules(orgUnitId: string | null | undefined) {
  return useQuery({
    queryKey: [...TALKS_KEY, 'rules', orgUnitId],
    queryFn: () => apiFetch<TalkRules>('/talks/rules', { query: { orgUnitId } }),
    enabled: !!orgUnitId,
  });
}

export const createTalk = (body: TalkCreate) => apiFetch<Talk>('/talks', { method: 'POST', body });
export const updateTalk = (id: string, body: TalkUpdate) => apiFetch<Talk>(`/talks/${id}`, { method: 'PATCH', body });
export const raiseTalkDue = (body: TalkDueCreate) => apiFetch<TalkDue>('/talk-dues', { method: 'POST', body });
export const putTalkRules = (body: { orgUnitId: string; rules: TalkRule[]; version: number }) => apiFetch<TalkRules>('/talks/rules', { method: 'PUT', body });

/** Today as YYYY-MM-DD in the browser's calendar. */
export const todayIso = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
