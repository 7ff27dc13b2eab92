import { Tabs, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { FullPageSpin } from '../../components/full-page-spin';
import { hasPermission, useMe } from '../auth/session';
import { LedgerBoard } from './ledger-board';
import { LedgerCalendar } from './ledger-calendar';
import { MyLedgerItems } from './ledger-my-items';
import { LedgerTable } from './ledger-table';
import './ledger.css';

// ECharts is large: the dashboard loads only when its tab opens.
const LedgerDashboard = lazy(() => import('./ledger-dashboard').then((m) => ({ default: m.LedgerDashboard })));

const TABS = ['my', 'table', 'board', 'calendar', 'dashboard'] as const;
type Tab = (typeof TABS)[number];

/** 整改台账: my items, the table, the board, the deadline calendar and the dashboard, one tab each (/ledger/:tab). */
export function LedgerPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const { tab: raw } = useParams();
  // A member without people.read sees only their own items.
  const team = hasPermission(me, 'people.read');
  const allowed: readonly Tab[] = team ? TABS : ['my'];
  const tab: Tab = allowed.includes(raw as Tab) ? (raw as Tab) : 'my';
  const content = (key: Tab) => {
    if (key !== tab) return null;
    switch (key) {
      case 'my':
        return <MyLedgerItems />;
      case 'table':
        return <LedgerTable />;
      case 'board':
        return <LedgerBoard />;
      case 'calendar':
        return <LedgerCalendar />;
      case 'dashboard':
        return (
          <Suspense fallback={<FullPageSpin />}>
            <LedgerDashboard />
          </Suspense>
        );
    }
  };
  return (
    <div className="page ledger-page">
      <div className="page-header">
        <Typography.Title level={3}>{t('ledger.title')}</Typography.Title>
      </div>
      <Tabs
        activeKey={tab}
        onChange={(key) => navigate(key === 'my' ? '/ledger' : `/ledger/${key}`)}
        items={allowed.map((key) => ({
          key,
          label: <span data-testid={`ledger-tab-${key}`}>{t(`ledgerViews.tab.${key}`)}</span>,
          children: content(key),
        }))}
      />
    </div>
  );
}
