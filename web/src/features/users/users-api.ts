import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiFetch, type QueryParams } from '../../api/client';
import type { Page, User } from '../../api/types';

export const USERS_KEY = ['users'] as const;

export function useUsers(query: QueryParams) {
  return useQuery({
    queryKey: [...USERS_KEY, query],
    queryFn: ({ signal }) => apiFetch<Page<User>>('/users', { query, signal }),
    placeholderData: keepPreviousData,
  });
}
