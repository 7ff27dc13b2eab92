import { lazy, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, useParams } from 'react-router';
import { AppLayout } from '../components/app-layout';
import { ForbiddenResult, NotFoundResult, RouteErrorResult } from '../components/result-pages';
import { Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { ChangePasswordPage, ForcedChangePasswordPage } from '../features/auth/change-password-page';
import { LoginPage } from '../features/auth/login-page';
import { RequireAuth, RequirePermission } from '../features/auth/require-auth';
import { hasPermission, homePathOf, useMe } from '../features/auth/session';

// Feature pages load on demand so the login page stays small.
const OrgPage = lazy(() => import('../features/org/org-page').then((m) => ({ default: m.OrgPage })));
const PeoplePage = lazy(() => import('../features/people/people-page').then((m) => ({ default: m.PeoplePage })));
const PersonDetailPage = lazy(() => import('../features/people/person-detail-page').then((m) => ({ default: m.PersonDetailPage })));
const UsersPage = lazy(() => import('../features/users/users-page').then((m) => ({ default: m.UsersPage })));
const AuditPage = lazy(() => import('../features/audit/audit-page').then((m) => ({ default: m.AuditPage })));
const ReportsPage = lazy(() => import('../features/reports/reports-page').then((m) => ({ default: m.ReportsPage })));
const ReportNewPage = lazy(() => import('../features/reports/report-new-page').then((m) => ({ default: m.ReportNewPage })));
const ReportReviewPage = lazy(() => import('../features/reports/report-review-page').then((m) => ({ default: m.ReportReviewPage })));
const LedgerDraftPage = lazy(() => import('../features/ledger/ledger-draft-page').then((m) => ({ default: m.LedgerDraftPage })));
const TokensPage = lazy(() => import('../features/auth/tokens-page').then((m) => ({ default: m.TokensPage })));

function HomeRedirect() {
  const me = useMe();
  const { t } = useTranslation();
  const path = homePathOf(me);
  if (!path) return <Result status="info" title={t('app.noModules')} />;
  return <Navigate to={path} replace />;
}

/** Materials: team ones need people.read; a member with a person record files and reads their own. */
function ReportsRoute({ children }: { children: ReactNode }) {
  const me = useMe();
  if (!hasPermission(me, 'people.read') && !me.personId) return <ForbiddenResult />;
  return <>{children}</>;
}

/** A person page: anyone with people.read, or a member looking at their own record. */
function PersonRoute() {
  const me = useMe();
  const { id } = useParams();
  if (!hasPermission(me, 'people.read') && id !== me.personId) return <ForbiddenResult />;
  return <PersonDetailPage />;
}

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage />, errorElement: <RouteErrorResult /> },
  {
    path: '/change-password',
    errorElement: <RouteErrorResult />,
    element: (
      <RequireAuth allowMustChange>
        <ForcedChangePasswordPage />
      </RequireAuth>
    ),
  },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    errorElement: <RouteErrorResult />,
    children: [
      {
        // Errors inside a page (including a chunk that fails to load) keep the header and menu.
        errorElement: <RouteErrorResult />,
        children: [
          { index: true, element: <HomeRedirect /> },
          {
            path: 'org',
            element: (
              <RequirePermission permission="org.read">
                <OrgPage />
              </RequirePermission>
            ),
          },
          {
            path: 'people',
            element: (
              <RequirePermission permission="people.read">
                <PeoplePage />
              </RequirePermission>
            ),
          },
          { path: 'people/:id', element: <PersonRoute /> },
          { path: 'reports', element: <ReportsRoute><ReportsPage /></ReportsRoute> },
          { path: 'reports/new', element: <ReportsRoute><ReportNewPage /></ReportsRoute> },
          { path: 'reports/:id', element: <ReportsRoute><ReportReviewPage /></ReportsRoute> },
          { path: 'reports/:id/draft', element: <ReportsRoute><LedgerDraftPage /></ReportsRoute> },
          {
            path: 'users',
            element: (
              <RequirePermission permission="users.read">
                <UsersPage />
              </RequirePermission>
            ),
          },
          {
            path: 'audit',
            element: (
              <RequirePermission permission="audit.read">
                <AuditPage />
              </RequirePermission>
            ),
          },
          { path: 'settings/password', element: <ChangePasswordPage /> },
          { path: 'settings/tokens', element: <TokensPage /> },
          { path: '*', element: <NotFoundResult /> },
        ],
      },
    ],
  },
]);
