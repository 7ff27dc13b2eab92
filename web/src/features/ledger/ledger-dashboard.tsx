import { Alert, Card, Col, Empty, Progress, Row, Select, Spin, Statistic, Table, Tag, Typography, type TableProps } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { OrgUnitTreeSelect } from '../../components/org-unit-tree-select';
import { useUrlParams } from '../../components/use-url-params';
import { useMe } from '../auth/session';
import { useOrgUnits } from '../org/org-api';
import { useReports } from '../reports/reports-api';
import { useDashboard, useRollup, type Dashboard, type RollupNode } from './ledger-views-api';
import { buildRollupTree, type TreeRow } from './ledger-rules';
import { useECharts, type ChartOption } from './use-echarts';

const STATUSES = ['not_started', 'in_progress', 'awaiting_review', 'signed_off'] as const;
const STATUS_COLORS = ['#bfbfbf', '#1677ff', '#faad14', '#52c41a'];
const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 1000) / 10}%`);

function Chart({ option, testId, height = 280 }: { option: ChartOption | null; testId: string; height?: number }) {
  const ref = useECharts(option);
  return <div ref={ref} style={{ width: '100%', height }} data-testid={testId} />;
}

function trendOption(d: Dashboard, t: TFunction): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 40, right: 40, top: 30, bottom: 40 },
    xAxis: { type: 'category', data: d.trend.map((p) => p.period) },
    yAxis: [
      { type: 'value', name: t('ledgerViews.dashboard.items'), minInterval: 1 },
      { type: 'value', name: '%', max: 100, min: 0 },
    ],
    series: [
      { name: t('ledgerViews.dashboard.completed'), type: 'bar', data: d.trend.map((p) => p.completed), itemStyle: { color: '#52c41a' } },
      { name: t('ledgerViews.dashboard.created'), type: 'bar', data: d.trend.map((p) => p.created), itemStyle: { color: '#91caff' } },
      { name: t('ledgerViews.dashboard.overdueAtEnd'), type: 'line', data: d.trend.map((p) => p.overdueAtEnd), itemStyle: { color: '#cf1322' } },
      {
        name: t('ledgerViews.dashboard.completionRate'),
        type: 'line',
        yAxisIndex: 1,
        smooth: true,
        data: d.trend.map((p) => Math.round(p.completionRate * 1000) / 10),
        itemStyle: { color: '#b71c1c' },
      },
    ],
  };
}

function statusOption(d: Dashboard, t: TFunction): ChartOption {
  return {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['40%', '68%'],
        center: ['50%', '45%'],
        // The legend names the statuses; beside the ring only the counts, which fit on a narrow card.
        label: { formatter: '{c}' },
        data: STATUSES.map((s, i) => ({ name: t(`ledger.status.${s}`), value: d.byStatus[s], itemStyle: { color: STATUS_COLORS[i] } })),
      },
    ],
  };
}

function unitsOption(d: Dashboard, t: TFunction): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 40, right: 40, top: 30, bottom: 60, containLabel: true },
    xAxis: { type: 'category', data: d.units.map((u) => u.name), axisLabel: { interval: 0, rotate: d.units.length > 5 ? 30 : 0 } },
    yAxis: [
      { type: 'value', name: '%', min: 0, max: 100 },
      { type: 'value', name: t('ledgerViews.dashboard.items'), minInterval: 1 },
    ],
    series: [
      { name: t('ledgerViews.dashboard.completionRate'), type: 'bar', data: d.units.map((u) => Math.round(u.completionRate * 1000) / 10), itemStyle: { color: '#b71c1c' } },
      { name: t('ledgerViews.dashboard.onTimeRate'), type: 'bar', data: d.units.map((u) => (u.onTimeRate === null ? null : Math.round(u.onTimeRate * 1000) / 10)), itemStyle: { color: '#52c41a' } },
      { name: t('ledgerViews.dashboard.overdue'), type: 'line', yAxisIndex: 1, data: d.units.map((u) => u.overdue), itemStyle: { color: '#fa8c16' } },
    ],
  };
}

function RollupTable({ nodes }: { nodes: readonly RollupNode[] }) {
  const { t } = useTranslation();
  const tree = useMemo(() => buildRollupTree(nodes), [nodes]);
  const columns: TableProps<TreeRow>['columns'] = [
    {
      key: 'label',
      title: t('ledgerViews.rollup.name'),
      render: (_: unknown, n) => (
        <span data-testid="ledger-rollup-node" data-kind={n.kind}>
          <Tag>{t(`ledgerViews.rollup.kind.${n.kind}`)}</Tag>
          {n.label || (n.kind === 'report' ? t('ledgerViews.rollup.manual') : t('ledgerViews.rollup.unclassified'))}
        </span>
      ),
    },
    { key: 'total', title: t('ledgerViews.rollup.total'), dataIndex: 'total', width: 70 },
    { key: 'weight', title: t('ledgerViews.field.weight'), dataIndex: 'weight', width: 70 },
    { key: 'progress', title: t('ledgerViews.rollup.progress'), dataIndex: 'progress', width: 160, render: (v: number) => <Progress percent={v} size="small" /> },
    { key: 'signedOff', title: t('ledger.status.signed_off'), width: 80, render: (_: unknown, n) => n.byStatus.signed_off },
    { key: 'overdue', title: t('ledgerViews.dashboard.overdue'), dataIndex: 'overdue', width: 70, render: (v: number) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : 0) },
  ];
  return (
    <Table<TreeRow>
      rowKey="key"
      size="small"
      columns={columns}
      dataSource={tree}
      pagination={false}
      scroll={{ x: 'max-content' }}
      expandable={{ defaultExpandedRowKeys: tree.map((r) => r.key) }}
      locale={{ emptyText: t('ledgerViews.empty.table') }}
      data-testid="ledger-dashboard-rollup"
    />
  );
}

/** A unit's figures: KPI cards, trend, statuses, its child units compared, and the weighted roll-up tree. */
export function LedgerDashboard() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const units = useOrgUnits();
  const { params, update } = useUrlParams();
  const fallbackUnit = me.roles[0]?.orgUnitId ?? units.data?.find((u) => !u.parentId)?.id ?? null;
  const unitId = params.get('orgUnitId') ?? fallbackUnit;
  const reportId = params.get('reportId');
  const reports = useReports({ pageSize: 100 });
  const dashboard = useDashboard({ orgUnitId: unitId ?? undefined }, !!unitId);
  const rollup = useRollup(reportId ? { reportId } : { orgUnitId: unitId ?? undefined }, !!(reportId || unitId));
  const d = dashboard.data;

  const trend = useMemo(() => (d ? trendOption(d, t) : null), [d, t]);
  const status = useMemo(() => (d ? statusOption(d, t) : null), [d, t]);
  const compared = useMemo(() => (d ? unitsOption(d, t) : null), [d, t]);

  return (
    <div data-testid="ledger-dashboard">
      <div className="filter-bar">
        <OrgUnitTreeSelect value={unitId} onChange={(v) => update({ orgUnitId: v })} allowClear={false} placeholder={t('ledger.field.orgUnit')} style={{ width: 220 }} data-testid="ledger-dashboard-unit" />
        <Select
          allowClear
          value={reportId ?? undefined}
          onChange={(v: string | undefined) => update({ reportId: v })}
          options={(reports.data?.items ?? []).map((r) => ({ value: r.id, label: `${r.year} ${r.title || r.orgUnitName}` }))}
          placeholder={t('ledgerViews.dashboard.rollupOfReport')}
          popupMatchSelectWidth={false}
          style={{ width: 220 }}
          data-testid="ledger-dashboard-report"
        />
      </div>
      {dashboard.error ? <Alert type="error" showIcon title={t('ledgerViews.loadFailed')} style={{ marginBottom: 12 }} /> : null}
      {d ? (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }} data-testid="ledger-dashboard-computed-at">
          {t('ledgerViews.dashboard.computedAt', { time: new Date(d.computedAt).toLocaleTimeString(i18n.language, { hour12: false }) })}
        </Typography.Paragraph>
      ) : null}
      <Spin spinning={dashboard.isFetching && !d}>
        {d ? (
          <>
            <Row gutter={[12, 12]}>
              <Col xs={12} md={6}>
                <Card size="small" data-testid="ledger-dashboard-kpi-total">
                  <Statistic title={t('ledgerViews.dashboard.total')} value={d.total} />
                </Card>
              </Col>
              <Col xs={12} md={6}>
                <Card size="small" data-testid="ledger-dashboard-kpi-completion">
                  <Statistic title={t('ledgerViews.dashboard.completionRate')} value={pct(d.completionRate)} />
                </Card>
              </Col>
              <Col xs={12} md={6}>
                <Card size="small" data-testid="ledger-dashboard-kpi-overdue">
                  <Statistic title={t('ledgerViews.dashboard.overdueCount')} value={d.overdueCount} styles={{ content: { color: d.overdueCount ? '#cf1322' : undefined } }} />
                </Card>
              </Col>
              <Col xs={12} md={6}>
                <Card size="small" data-testid="ledger-dashboard-kpi-ontime">
                  <Statistic title={t('ledgerViews.dashboard.onTimeRate')} value={pct(d.onTimeRate)} />
                </Card>
              </Col>
            </Row>
            <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
              <Col xs={24} lg={16}>
                <Card size="small" title={t('ledgerViews.dashboard.trend', { from: d.from, to: d.to })}>
                  <Chart option={trend} testId="ledger-dashboard-trend" />
                </Card>
              </Col>
              <Col xs={24} lg={8}>
                <Card size="small" title={t('ledgerViews.dashboard.byStatus')}>
                  <Chart option={status} testId="ledger-dashboard-status" />
                </Card>
              </Col>
              <Col xs={24}>
                <Card size="small" title={t('ledgerViews.dashboard.units')}>
                  {d.units.length ? <Chart option={compared} testId="ledger-dashboard-units" /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ledgerViews.dashboard.noUnits')} />}
                </Card>
              </Col>
            </Row>
          </>
        ) : !unitId ? (
          <Empty description={t('ledgerViews.dashboard.pickUnit')} />
        ) : null}
      </Spin>
      <Card size="small" title={t('ledgerViews.rollup.title')} style={{ marginTop: 12 }} extra={rollup.data ? t('ledgerViews.rollup.asOf', { date: rollup.data.asOf }) : null}>
        {rollup.error ? <Alert type="error" showIcon title={t('ledgerViews.loadFailed')} /> : null}
        <Spin spinning={rollup.isFetching && !rollup.data}>
          <RollupTable nodes={rollup.data?.nodes ?? []} />
        </Spin>
      </Card>
    </div>
  );
}
