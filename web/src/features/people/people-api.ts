import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiFetch, type QueryParams } from '../../api/client';
import type { Page, Person } from '../../api/types';

export const PEOPLE_KEY = ['people'] as const;
export const personKey = (id: string) => ['people', 'one', id] as const;

export function usePeople(query: QueryParams) {
  return useQuery({
    queryKey: [...PEOPLE_KEY, 'list', query],
    queryFn: ({ signal }) => apiFetch<Page<Person>>('/people', { query, signal }),
    placeholderData: keepPreviousData,
  });
}

export function usePerson(id: string | undefined) {
  return useQuery({
    queryKey: personKey(id ?? ''),
    queryFn: () => apiFetch<Person>(`/people/${id}`),
    enabled: !!id,
  });
}
