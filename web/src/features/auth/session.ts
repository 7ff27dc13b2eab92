import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Permission } from '../../../../src/domain/access/permissions';
import { apiFetch, isApiError, setCsrfToken } from '../../api/client';
import type { Me, Session } from '../../api/types';

export const SESSION_KEY = ['session'] as const;

/** The signed-in session, or null when nobody is signed in. */
export async function fetchSession(): Promise<Session | null> {
  try {
    const session = await apiFetch<Session>('/auth/me');
    setCsrfToken(session.csrfToken);
    return session;
  } catch (e) {
    if (isApiError(e) && e.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw e;
  }
}

export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: Infinity, retry: false });
}

/** Stores a session just answered by login or change-password. */
export function useStoreSession() {
  const client = useQueryClient();
  return (session: Session | null) => {
    setCsrfToken(session?.csrfToken ?? null);
    client.setQueryData(SESSION_KEY, session);
  };
}

/** The signed-in user; only valid under RequireAuth. */
export function useMe(): Me {
  const { data } = useSession();
  if (!data) throw new Error('useMe outside an authenticated route');
  return data.user;
}

export function hasPermission(me: Me | null | undefined, permission: Permission): boolean {
  return !!me && me.permissions.includes(permission);
}

export function useCan(permission: Permission): boolean {
  const { data } = useSession();
  return hasPermission(data?.user, permission);
}

/** The first page the user may open, for the home redirect. */
export function homePathOf(me: Me): string | null {
  if (hasPermission(me, 'org.read')) return '/org';
  if (hasPermission(me, 'people.read')) return '/people';
  if (me.personId) return `/people/${me.personId}`;
  if (hasPermission(me, 'users.read')) return '/users';
  if (hasPermission(me, 'audit.read')) return '/audit';
  return null;
}
