import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type {
  Dashboard,
  LedgerBulkEdit,
  LedgerBulkResult,
  LedgerSavedView,
  LedgerSavedViewCreate,
  Rollup,
} from '../../../../src/contracts/ledger-views';
import { apiFetch, type QueryParams } from '../../api/client';

export type { Dashboard, DashboardUnit, LedgerSavedView, Rollup, RollupNode } from '../../../../src/contracts/ledger-views';

// Endpoints of the ledger views API (roll-up, dashboard, saved views, bulk edit).
const PATHS = {
  rollup: '/ledger/rollup',
  dashboard: '/ledger/dashboard',
  views: '/ledger/saved-views',
  bulk: '/ledger-items/bulk',
};

export const SAVED_VIEWS_KEY = ['ledger-saved-views'] as const;

export function useSavedViews() {
  return useQuery({
    queryKey: SAVED_VIEWS_KEY,
    queryFn: ({ signal }) => apiFetch<{ items: LedgerSavedView[] }>(PATHS.views, { signal }).then((r) => r.items),
  });
}

export function createSavedView(body: LedgerSavedViewCreate): Promise<LedgerSavedView> {
  return apiFetch<LedgerSavedView>(PATHS.views, { method: 'POST', body });
}

export function deleteSavedView(id: string): Promise<unknown> {
  return apiFetch<unknown>(`${PATHS.views}/${id}`, { method: 'DELETE' });
}

export function bulkEditLedgerItems(body: LedgerBulkEdit): Promise<LedgerBulkResult> {
  return apiFetch<LedgerBulkResult>(PATHS.bulk, { method: 'POST', body });
}

export function useDashboard(query: QueryParams, enabled: boolean) {
  return useQuery({
    queryKey: ['ledger-items', 'dashboard', query],
    queryFn: ({ signal }) => apiFetch<Dashboard>(PATHS.dashboard, { query, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useRollup(query: QueryParams, enabled: boolean) {
  return useQuery({
    queryKey: ['ledger-items', 'rollup', query],
    queryFn: ({ signal }) => apiFetch<Rollup>(PATHS.rollup, { query, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}
