import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { Permission } from '../../../../src/domain/access/permissions';
import { FullPageSpin } from '../../components/full-page-spin';
import { ErrorResult, ForbiddenResult } from '../../components/result-pages';
import { hasPermission, useSession } from './session';

type Props = { children: ReactNode; allowMustChange?: boolean };

/** Renders children only for a signed-in user; sends others to the login page. */
export function RequireAuth({ children, allowMustChange = false }: Props) {
  const { data, isPending, error, refetch } = useSession();
  const location = useLocation();
  if (isPending) return <FullPageSpin />;
  if (error) return <ErrorResult error={error} onRetry={() => void refetch()} />;
  if (!data) {
    const next = location.pathname + location.search;
    return <Navigate to={`/login${next && next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`} replace />;
  }
  if (data.user.mustChangePassword && !allowMustChange) return <Navigate to="/change-password" replace />;
  return <>{children}</>;
}

export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { data } = useSession();
  if (!hasPermission(data?.user, permission)) return <ForbiddenResult />;
  return <>{children}</>;
}
