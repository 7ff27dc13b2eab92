import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { apiFetch, type QueryParams } from '../../api/client';
import type { Page } from '../../api/types';
import type { ZCareCreate, ZCareRecord, ZCareUpdate } from '../../../../src/contracts/care';

export type CareRecord = z.infer<typeof ZCareRecord>;
export type CareCreate = z.input<typeof ZCareCreate>;
export type CareUpdate = z.input<typeof ZCareUpdate>;

export const CARE_KEY = ['care'] as const;

export function useCareList(query: QueryParams, enabled = true) {
  return useQuery({
    queryKey: [...CARE_KEY, 'list', query],
    queryFn: ({ signal }) => apiFetch<Page<CareRecord>>('/care', { query, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function usePersonCare(personId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: [...CARE_KEY, 'person', personId],
    queryFn: () => apiFetch<Page<CareRecord>>(`/people/${personId}/care`, { query: { pageSize: 100 } }),
    enabled: !!personId && enabled,
    retry: false,
  });
}

export const createCare = (body: CareCreate) => apiFetch<CareRecord>('/care', { method: 'POST', body });
export const updateCare = (id: string, body: CareUpdate) => apiFetch<CareRecord>(`/care/${id}`, { method: 'PATCH', body });
