import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../api/client';
import type { OrgUnit, Page } from '../../api/types';

export const ORG_UNITS_KEY = ['org-units'] as const;

/** Every unit the user can see, closed ones included; pages filter them as they need. */
export function useOrgUnits(enabled = true) {
  return useQuery({
    queryKey: ORG_UNITS_KEY,
    queryFn: () => apiFetch<Page<OrgUnit>>('/org-units', { query: { includeClosed: true } }),
    select: (page) => page.items,
    enabled,
    staleTime: 60_000,
  });
}

export const leadershipKey = (id: string) => ['org-units', id, 'leadership'] as const;
