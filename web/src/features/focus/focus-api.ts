import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { apiFetch, type QueryParams } from '../../api/client';
import type { Page } from '../../api/types';
import type {
  ZFamilyContactCreate,
  ZFocusEntryCreate,
  ZFocusFileClose,
  ZFocusFileCreate,
  ZFocusFileDetail,
  ZFocusFileSummary,
  ZFocusFileUpdate,
} from '../../../../src/contracts/focus-files';

export type FocusFileSummary = z.infer<typeof ZFocusFileSummary>;
export type FocusFileDetail = z.infer<typeof ZFocusFileDetail>;
export type FocusFileCreate = z.input<typeof ZFocusFileCreate>;
export type FocusFileUpdate = z.input<typeof ZFocusFileUpdate>;
export type FocusEntryCreate = z.input<typeof ZFocusEntryCreate>;
export type FamilyContactCreate = z.input<typeof ZFamilyContactCreate>;
export type FocusFileClose = z.input<typeof ZFocusFileClose>;

export const FOCUS_KEY = ['focus-files'] as const;
export const focusKey = (id: string) => ['focus-files', 'one', id] as const;

export function useFocusFiles(query: QueryParams, enabled = true) {
  return useQuery({
    queryKey: [...FOCUS_KEY, 'list', query],
    queryFn: ({ signal }) => apiFetch<Page<FocusFileSummary>>('/focus-files', { query, signal }),
    placeholderData: keepPreviousData,
    enabled,
    retry: false,
  });
}

export function useFocusFile(id: string | undefined) {
  return useQuery({ queryKey: focusKey(id ?? ''), queryFn: () => apiFetch<FocusFileDetail>(`/focus-files/${id}`), enabled: !!id, retry: false });
}

export const createFocusFile = (body: FocusFileCreate) => apiFetch<FocusFileDetail>('/focus-files', { method: 'POST', body });
export const updateFocusFile = (id: string, body: FocusFileUpdate) => apiFetch<FocusFileDetail>(`/focus-files/${id}`, { method: 'PATCH', body });
export const addFocusEntry = (id: string, body: FocusEntryCreate) => apiFetch<FocusFileDetail>(`/focus-files/${id}/entries`, { method: 'POST', body });
export const addFamilyContact = (id: string, body: FamilyContactCreate) => apiFetch<FocusFileDetail>(`/focus-files/${id}/contacts`, { method: 'POST', body });
export const removeFamilyContact = (id: string, contactId: string) => apiFetch<FocusFileDetail>(`/focus-files/${id}/contacts/${contactId}`, { method: 'DELETE' });
export const closeFocusFile = (id: string, body: FocusFileClose) => apiFetch<FocusFileDetail>(`/focus-files/${id}/close`, { method: 'POST', body });
export const linkFocusTalk = (id: string, talkId: string) => apiFetch<FocusFileDetail>(`/focus-files/${id}/links`, { method: 'POST', body: { talkId } });

/**
 * Whether the focus-file menu shows: focus.manage, or anyone the list shows at least one file to
 * (an owner responsible for helping, the discipline inspector).
 */
export function useHasFocusFiles(enabled: boolean) {
  return useQuery({
    queryKey: [...FOCUS_KEY, 'any'],
    queryFn: () => apiFetch<Page<FocusFileSummary>>('/focus-files', { query: { status: 'all', pageSize: 1 } }),
    select: (p) => p.total > 0,
    enabled,
    staleTime: 5 * 60_000,
    retry: false,
  });
}
