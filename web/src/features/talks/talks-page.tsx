import { PlusOutlined } from '@ant-design/icons';
import { Button, Tabs, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { FullPageSpin } from '../../components/full-page-spin';
import { hasPermission, useMe } from '../auth/session';
import { CarePanel } from '../care/care-panel';
import { TalkDuePanel } from './talk-due-panel';
import { TalkRulesPanel } from './talk-rules-panel';
import { TalksListPanel } from './talks-list-panel';
import './talks.css';

// ECharts is large: coverage loads only when its tab opens.
const CoveragePanel = lazy(() => import('./coverage-panel').then((m) => ({ default: m.CoveragePanel })));

const TABS = ['due', 'list', 'coverage', 'care', 'rules'] as const;
type Tab = (typeof TABS)[number];

/** 谈心谈话: my talks due, the list, coverage, care and the rules, one tab each (/talks/:tab). */
export function TalksPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const { tab: raw } = useParams();
  const canRecord = hasPermission(me, 'talks.record');
  const canCoverage = hasPermission(me, 'talks.coverage');
  const allowed = TABS.filter((k) => {
    switch (k) {
      case 'due':
        return canRecord && !!me.personId;
      case 'list':
        return canCoverage || !!me.personId;
      case 'coverage':
        return canCoverage;
      case 'care':
        return hasPermission(me, 'care.write');
      case 'rules':
        return hasPermission(me, 'talks.policy');
    }
  });
  const tab: Tab = allowed.includes(raw as Tab) ? (raw as Tab) : (allowed[0] ?? 'list');
  // The home unit for coverage: the first unit the user holds a role on.
  const homeUnit = me.roles[0]?.orgUnitId ?? null;
  const content = (key: Tab) => {
    if (key !== tab) return null;
    switch (key) {
      case 'due':
        return <TalkDuePanel canRaise={canRecord} />;
      case 'list':
        return <TalksListPanel canFilterUnit={canCoverage} />;
      case 'coverage':
        return (
          <Suspense fallback={<FullPageSpin />}>
            <CoveragePanel defaultUnitId={homeUnit} />
          </Suspense>
        );
      case 'care':
        return <CarePanel />;
      case 'rules':
        return <TalkRulesPanel />;
    }
  };
  return (
    <div className="page talks-page">
      <div className="page-header">
        <Typography.Title level={3}>{t('talks.title')}</Typography.Title>
        {canRecord && tab !== 'due' ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/talks/new')} data-testid="talk-new">
            {t('talks.new')}
          </Button>
        ) : null}
      </div>
      <Tabs
        activeKey={tab}
        onChange={(key) => navigate(`/talks/${key}`)}
        items={allowed.map((key) => ({
          key,
          label: <span data-testid={`talks-tab-${key}`}>{t(`talks.tab.${key}`)}</span>,
          children: content(key),
        }))}
      />
    </div>
  );
}
