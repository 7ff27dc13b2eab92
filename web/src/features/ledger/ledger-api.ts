import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type {
  LedgerCheckIn,
  LedgerItem,
  LedgerItemDetail,
  LedgerItemPatch,
  LedgerRecheckCreate,
  LedgerTransition,
} from '../../../../src/contracts/ledger';
import { apiFetch, apiUrl, type QueryParams } from '../../api/client';
import type { Page } from '../../api/types';

export type { LedgerItem, LedgerItemDetail, LedgerEvidence } from '../../../../src/contracts/ledger';
export type LedgerStatus = 'not_started' | 'in_progress' | 'awaiting_review' | 'signed_off';

/** Every ledger query starts with this key, so one invalidation refreshes lists, board, calendar and items. */
export const LEDGER_KEY = ['ledger-items'] as const;
export const ledgerListKey = (query: QueryParams) => [...LEDGER_KEY, 'list', query] as const;
export const ledgerItemKey = (id: string) => [...LEDGER_KEY, 'item', id] as const;

/** The filters the table keeps in the URL and sends to the list endpoint. */
export const LEDGER_FILTER_KEYS = ['status', 'type', 'overdue', 'ownerPersonId', 'leadDepartmentId', 'aspect', 'source', 'reportId', 'orgUnitId', 'q'] as const;
export type LedgerFilterKey = (typeof LEDGER_FILTER_KEYS)[number];

export function useLedgerList(query: QueryParams, opts: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ledgerListKey(query),
    queryFn: ({ signal }) => apiFetch<Page<LedgerItem>>('/ledger-items', { query, signal }),
    placeholderData: keepPreviousData,
    enabled: opts.enabled ?? true,
  });
}

/** The board, the calendar and 「我的事项」 show at most this many items at once. */
export const ALL_ITEMS_LIMIT = 1000;

/**
 * The items matching the query, page by page (the board and the calendar show them together), up to `limit`;
 * `total` is how many match, so that a page can say when it shows only part of them.
 */
export async function fetchAllLedgerItems(query: QueryParams, signal?: AbortSignal, limit = ALL_ITEMS_LIMIT): Promise<{ items: LedgerItem[]; total: number }> {
  const out: LedgerItem[] = [];
  let total = 0;
  for (let page = 1; out.length < limit; page++) {
    const res = await apiFetch<Page<LedgerItem>>('/ledger-items', { query: { ...query, page, pageSize: 200 }, signal });
    out.push(...res.items);
    total = res.total;
    if (res.items.length < 200 || out.length >= res.total) break;
  }
  return { items: out.slice(0, limit), total: Math.max(total, out.length) };
}

export function useAllLedgerItems(query: QueryParams, opts: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: [...LEDGER_KEY, 'all', query],
    queryFn: ({ signal }) => fetchAllLedgerItems(query, signal),
    placeholderData: keepPreviousData,
    enabled: opts.enabled ?? true,
  });
}

export function useLedgerItem(id: string) {
  return useQuery({
    queryKey: ledgerItemKey(id),
    queryFn: ({ signal }) => apiFetch<LedgerItemDetail>(`/ledger-items/${id}`, { signal }),
  });
}

export function patchLedgerItem(id: string, body: LedgerItemPatch): Promise<LedgerItemDetail> {
  return apiFetch<LedgerItemDetail>(`/ledger-items/${id}`, { method: 'PATCH', body });
}

export function transitionLedgerItem(id: string, body: LedgerTransition): Promise<LedgerItemDetail> {
  return apiFetch<LedgerItemDetail>(`/ledger-items/${id}/transitions`, { method: 'POST', body });
}

export function recheckLedgerItem(id: string, body: LedgerRecheckCreate): Promise<LedgerItemDetail> {
  return apiFetch<LedgerItemDetail>(`/ledger-items/${id}/rechecks`, { method: 'POST', body });
}

export function checkInLedgerItem(id: string, body: LedgerCheckIn): Promise<LedgerItemDetail> {
  return apiFetch<LedgerItemDetail>(`/ledger-items/${id}/check-ins`, { method: 'POST', body });
}

export function uploadEvidence(id: string, file: File, version?: number): Promise<LedgerItemDetail> {
  const form = new FormData();
  form.append('file', file, file.name);
  return apiFetch<LedgerItemDetail>(`/ledger-items/${id}/evidence`, { method: 'POST', body: form, query: { version } });
}

export function evidenceUrl(itemId: string, evidenceId: string): string {
  return apiUrl(`/ledger-items/${itemId}/evidence/${evidenceId}`);
}
