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
const LedgerPage = lazy(() => import('../features/ledger/ledger-page').then((m) => ({ default: m.LedgerPage })));
const LedgerItemPage = lazy(() => import('../features/ledger/ledger-item-page').then((m) => ({ default: m.LedgerItemPage })));
const TokensPage = lazy(() => import('../features/auth/tokens-page').then((m) => ({ default: m.TokensPage })));
const GridsPage = lazy(() => import('../features/grids/grids-page').then((m) => ({ default: m.GridsPage })));
const TalksPage = lazy(() => import('../features/talks/talks-page').then((m) => ({ default: m.TalksPage })));
const TalkFormPage = lazy(() => import('../features/talks/talk-form-page').then((m) => ({ default: m.TalkFormPage })));
const TalkDetailPage = lazy(() => import('../features/talks/talk-detail-page').then((m) => ({ default: m.TalkDetailPage })));
const FocusPage = lazy(() => import('../features/focus/focus-page').then((m) => ({ default: m.FocusPage })));
const FocusFilePage = lazy(() => import('../features/focus/focus-file-page').then((m) => ({ default: m.FocusFilePage })));
const NotificationSettingsPage = lazy(() =>
  import('../features/notifications/notification-settings-page').then((m) => ({ default: m.NotificationSettingsPage })),
);

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
          // The ledger: team views need people.read; a member with a person record sees their own items.
          { path: 'ledger/items/:id', element: <ReportsRoute><LedgerItemPage /></ReportsRoute> },
          { path: 'ledger/:tab?', element: <ReportsRoute><LedgerPage /></ReportsRoute> },
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
          {
            path: 'grids',
            element: (
              <RequirePermission permission="talks.coverage">
                <GridsPage />
              </RequirePermission>
            ),
          },
          // Talks: a record's own page checks access on the server (the talked-with person sees theirs).
          { path: 'talks/new', element: <RequirePermission permission="talks.record"><TalkFormPage /></RequirePermission> },
          { path: 'talks/record/:id', element: <TalkDetailPage /> },
          { path: 'talks/:tab?', element: <TalksPage /> },
          // Focus files are need-to-know per file: the server decides.
          { path: 'focus', element: <FocusPage /> },
          { path: 'focus/:id', element: <FocusFilePage /> },
          { path: 'settings/password', element: <ChangePasswordPage /> },
          { path: 'settings/tokens', element: <TokensPage /> },
          {
            path: 'settings/notifications',
            element: (
              <RequirePermission permission="settings.write">
                <NotificationSettingsPage />
              </RequirePermission>
            ),
          },
          { path: '*', element: <NotFoundResult /> },
        ],
      },
    ],
  },
]);
