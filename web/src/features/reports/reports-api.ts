import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiFetch, type QueryParams } from '../../api/client';
import type { Page } from '../../api/types';
import type { Report, ReportSummary } from '../../../../src/contracts/reports';
import type { LedgerDraftItemDto, LedgerItem } from '../../../../src/contracts/ledger';

export type { Report, ReportSummary } from '../../../../src/contracts/reports';
export type { LedgerDraftItemDto as DraftItem, LedgerItem } from '../../../../src/contracts/ledger';
export type Structure = Report['structure'];
export type StructureLink = Structure['links'][number];
export type MaterialKind = Report['kind'];

export const REPORTS_KEY = ['reports'] as const;
export const reportKey = (id: string) => ['reports', 'one', id] as const;
export const ledgerItemsKey = (reportId: string) => ['ledger-items', { reportId }] as const;

export function useReports(query: QueryParams) {
  return useQuery({
    queryKey: [...REPORTS_KEY, 'list', query],
    queryFn: ({ signal }) => apiFetch<Page<ReportSummary>>('/reports', { query, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useReport(id: string | undefined) {
  return useQuery({
    queryKey: reportKey(id ?? ''),
    queryFn: ({ signal }) => apiFetch<Report>(`/reports/${id}`, { signal }),
    enabled: !!id,
    staleTime: 0,
  });
}

export function useLedgerItems(reportId: string, enabled: boolean) {
  return useQuery({
    queryKey: ledgerItemsKey(reportId),
    queryFn: ({ signal }) => apiFetch<Page<LedgerItem>>('/ledger-items', { query: { reportId, pageSize: 200 }, signal }),
    enabled,
  });
}

export function putStructure(id: string, structure: Structure, version: number): Promise<Report> {
  return apiFetch<Report>(`/reports/${id}/structure`, { method: 'PUT', body: { structure, version } });
}

export type DraftBasis = 'measure' | 'problem';

export function generateDraft(id: string, body: { version: number; basis: DraftBasis; baseDate?: string }): Promise<Report> {
  return apiFetch<Report>(`/reports/${id}/ledger-draft`, { method: 'POST', body });
}

export function putDraft(id: string, items: LedgerDraftItemDto[], version: number): Promise<Report> {
  return apiFetch<Report>(`/reports/${id}/ledger-draft`, { method: 'PUT', body: { items, version } });
}

export function commitDraft(id: string, version: number): Promise<{ report: Report; items: LedgerItem[] }> {
  return apiFetch<{ report: Report; items: LedgerItem[] }>(`/reports/${id}/ledger-draft/commit`, { method: 'POST', body: { version } });
}
