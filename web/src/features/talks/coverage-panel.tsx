import { Alert, Card, Col, DatePicker, Empty, InputNumber, List, Progress, Row, Select, Space, Statistic, Table, Tag, Typography, type TableProps } from 'antd';
import { useQueries } from '@tanstack/react-query';
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { HeatmapChart } from 'echarts/charts';
import { VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CONCERN_CATEGORIES } from '../../../../src/contracts/talks';
import { apiFetch } from '../../api/client';
import { OrgUnitTreeSelect } from '../../components/org-unit-tree-select';
import { ErrorResult } from '../../components/result-pages';
import { useUrlParams } from '../../components/use-url-params';
import { useECharts, type ChartOption } from '../ledger/use-echarts';
import { ConcernTag, type ConcernCategory } from './talk-labels';
import { monthsOf } from './talk-periods';
import { TALKS_KEY, todayIso, useCoverage, useTalks, useTalkStats, type Coverage, type TalkStats } from './talks-api';

// The shared hook registers bar, line and pie; the heat map needs two more pieces.
echarts.use([HeatmapChart, VisualMapComponent]);

function Chart({ option, testId, height = 280 }: { option: ChartOption | null; testId: string; height?: number }) {
  const ref = useECharts(option);
  return <div ref={ref} style={{ width: '100%', height }} data-testid={testId} />;
}

function heatmapOption(months: string[], perMonth: (Coverage | undefined)[], t: TFunction): ChartOption | null {
  const grids = new Map<string, string>();
  for (const c of perMonth) for (const g of c?.byGrid ?? []) grids.set(g.gridId, g.name);
  if (grids.size === 0) return null;
  const gridIds = [...grids.keys()];
  const data: [number, number, number | null][] = [];
  perMonth.forEach((c, x) => {
    gridIds.forEach((id, y) => {
      const g = c?.byGrid.find((b) => b.gridId === id);
      data.push([x, y, g && g.required > 0 ? g.coveragePercent : null]);
    });
  });
  return {
    tooltip: { position: 'top', formatter: (p: { data: [number, number, number | null] }) => `${[...grids.values()][p.data[1]]} ${months[p.data[0]]}: ${p.data[2] ?? '—'}%` },
    grid: { left: 10, right: 10, top: 10, bottom: 60, containLabel: true },
    xAxis: { type: 'category', data: months, splitArea: { show: true } },
    yAxis: { type: 'category', data: [...grids.values()], splitArea: { show: true } },
    visualMap: { min: 0, max: 100, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, text: ['100%', '0%'], inRange: { color: ['#fff1f0', '#ffa39e', '#73d13d', '#237804'] } },
    series: [{ name: t('talks.coverage.heatmap'), type: 'heatmap', data, label: { show: true, formatter: (p: { data: [number, number, number | null] }) => (p.data[2] === null ? '' : `${Math.round(p.data[2])}`) } }],
  };
}

function concernsOption(stats: TalkStats, t: TFunction): ChartOption | null {
  if (stats.concernsByMonth.length === 0) return null;
  const months = [...new Set(stats.concernsByMonth.map((c) => c.month))].sort();
  const cats = CONCERN_CATEGORIES.filter((c) => stats.concernsByMonth.some((x) => x.category === c));
  return {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 30, right: 20, top: 20, bottom: 50, containLabel: true },
    xAxis: { type: 'category', data: months },
    yAxis: { type: 'value', minInterval: 1 },
    series: cats.map((c) => ({
      name: t(`talks.concern.${c}`),
      type: 'bar',
      stack: 'concerns',
      data: months.map((m) => stats.concernsByMonth.find((x) => x.month === m && x.category === c)?.count ?? 0),
    })),
  };
}

/** Talks with a concern in the period, newest first (only those who may see concerns get categories). */
function ConcernsList({ orgUnitId, from, to }: { orgUnitId: string; from: string; to: string }) {
  const { t } = useTranslation();
  const [category, setCategory] = useState<ConcernCategory | undefined>();
  const talks = useTalks({ orgUnitId, from, to, concern: category, pageSize: 200 });
  const items = (talks.data?.items ?? []).filter((x) => (x.concernCategories?.length ?? 0) > 0);
  return (
    <Card
      size="small"
      title={t('talks.coverage.concernsList')}
      extra={
        <Select
          allowClear
          size="small"
          value={category}
          onChange={setCategory}
          options={CONCERN_CATEGORIES.map((c) => ({ value: c, label: t(`talks.concern.${c}`) }))}
          placeholder={t('talks.filter.concern')}
          style={{ minWidth: 120 }}
        />
      }
    >
      {talks.error ? (
        <Alert type="info" showIcon title={t('talks.coverage.concernsHidden')} />
      ) : (
        <List
          size="small"
          loading={talks.isFetching}
          dataSource={items}
          locale={{ emptyText: t('talks.coverage.noConcerns') }}
          data-testid="concerns-list"
          renderItem={(x) => (
            <List.Item data-testid="concerns-item">
              <Space wrap size={4}>
                <Link to={`/talks/record/${x.id}`}>{x.heldOn}</Link>
                <span data-testid="concerns-person">{x.talkees.map((p) => p.name).join('、')}</span>
                {x.concernCategories!.map((c) => (
                  <ConcernTag key={c} category={c} />
                ))}
                <Typography.Text type="secondary">{t('talks.coverage.by', { name: x.talkers.map((p) => p.name).join('、') })}</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

/** 覆盖情况: KPI, per rule, heat map by grid × month, the people and talks behind the gaps, concerns. */
export function CoveragePanel({ defaultUnitId }: { defaultUnitId: string | null }) {
  const { t } = useTranslation();
  const { params, update } = useUrlParams();
  const unitId = params.get('unit') ?? defaultUnitId;
  const from = params.get('from') ?? `${dayjs().year()}-01-01`;
  const to = params.get('to') ?? todayIso();
  const [days, setDays] = useState(90);
  const coverage = useCoverage({ orgUnitId: unitId, from, to });
  const stats = useTalkStats({ orgUnitId: unitId, from, to, notTalkedDays: days });
  const months = useMemo(() => monthsOf(from, to), [from, to]);
  const monthly = useQueries({
    queries: months.map((m) => ({
      queryKey: [...TALKS_KEY, 'coverage', { orgUnitId: unitId, from: m.from, to: m.to, overdueLimit: 1 }],
      queryFn: () => apiFetch<Coverage>('/talks/coverage', { query: { orgUnitId: unitId, from: m.from, to: m.to, overdueLimit: 1 } }),
      enabled: !!unitId,
      staleTime: 60_000,
    })),
  });
  const heat = useMemo(() => heatmapOption(months.map((m) => m.key), monthly.map((q) => q.data), t), [months, monthly, t]);
  const concerns = useMemo(() => (stats.data ? concernsOption(stats.data, t) : null), [stats.data, t]);
  const c = coverage.data;

  const filters = (
    <div className="filter-bar">
      <OrgUnitTreeSelect value={unitId} onChange={(v) => update({ unit: v })} allowClear={false} placeholder={t('talks.filter.unit')} data-testid="coverage-unit" />
      <DatePicker.RangePicker
        value={[dayjs(from), dayjs(to)]}
        allowClear={false}
        onChange={(r) => r?.[0] && r[1] && update({ from: r[0].format('YYYY-MM-DD'), to: r[1].format('YYYY-MM-DD') })}
        data-testid="coverage-period"
      />
    </div>
  );
  if (!unitId) return <div>{filters}<Alert type="info" showIcon title={t('talks.coverage.chooseUnit')} /></div>;
  if (coverage.error && !c) return <div>{filters}<ErrorResult error={coverage.error} onRetry={() => void coverage.refetch()} /></div>;

  const ruleColumns: TableProps<Coverage['byRule'][number]>['columns'] = [
    { key: 'name', title: t('talks.coverage.rule'), dataIndex: 'name' },
    { key: 'required', title: t('talks.coverage.required'), dataIndex: 'required', width: 90 },
    { key: 'held', title: t('talks.coverage.held'), dataIndex: 'held', width: 90 },
    { key: 'pct', title: t('talks.coverage.percent'), dataIndex: 'coveragePercent', width: 160, render: (v: number) => <Progress percent={v} size="small" status={v < 60 ? 'exception' : 'normal'} /> },
  ];
  const s = stats.data;

  return (
    <div data-testid="coverage-panel">
      {filters}
      <Row gutter={[12, 12]} className="kpi-row">
        <Col xs={24} sm={8}>
          <Card size="small">
            <Statistic title={t('talks.coverage.percent')} value={c?.coveragePercent ?? 0} precision={1} suffix="%" loading={coverage.isFetching && !c} data-testid="coverage-percent" />
          </Card>
        </Col>
        <Col xs={12} sm={8}>
          <Card size="small">
            <Statistic title={t('talks.coverage.required')} value={c?.required ?? 0} data-testid="coverage-required" />
          </Card>
        </Col>
        <Col xs={12} sm={8}>
          <Card size="small">
            <Statistic title={t('talks.coverage.held')} value={c?.held ?? 0} data-testid="coverage-held" />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('talks.coverage.byRule')}>
            <Table size="small" rowKey="ruleCode" dataSource={c?.byRule ?? []} columns={ruleColumns} pagination={false} scroll={{ x: 'max-content' }} data-testid="coverage-by-rule" />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('talks.coverage.heatmap')}>
            {heat ? <Chart option={heat} testId="coverage-heatmap" height={Math.max(220, 60 + (c?.byGrid.length ?? 1) * 36)} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('talks.coverage.noGrids')} />}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('talks.coverage.overdue', { count: c?.overdueTotal ?? 0 })} data-testid="coverage-overdue">
            <List
              size="small"
              dataSource={c?.overdue ?? []}
              locale={{ emptyText: t('talks.coverage.noOverdue') }}
              pagination={(c?.overdue.length ?? 0) > 10 ? { pageSize: 10, size: 'small' } : false}
              renderItem={(o) => (
                <List.Item>
                  <Link to={`/people/${o.personId}`}>{o.name}</Link>
                  <Typography.Text type="secondary">
                    {o.lastTalkOn ? t('talks.coverage.lastTalk', { date: o.lastTalkOn, days: o.daysSinceLastTalk ?? 0 }) : t('talks.coverage.never')}
                  </Typography.Text>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card
            size="small"
            title={t('talks.coverage.notTalked')}
            extra={
              <Space size={4}>
                <InputNumber size="small" min={1} max={3650} value={days} onChange={(v) => v && setDays(v)} style={{ width: 80 }} data-testid="coverage-days" />
                <span>{t('talks.coverage.days')}</span>
              </Space>
            }
            data-testid="coverage-not-talked"
          >
            <List
              size="small"
              dataSource={s?.notTalkedWith ?? []}
              loading={stats.isFetching && !s}
              locale={{ emptyText: t('talks.coverage.noneNotTalked') }}
              pagination={(s?.notTalkedWith.length ?? 0) > 10 ? { pageSize: 10, size: 'small' } : false}
              renderItem={(p) => (
                <List.Item>
                  <Link to={`/people/${p.personId}`}>{p.name}</Link>
                  <Typography.Text type="secondary">{p.lastTalkOn ? t('talks.coverage.lastTalk', { date: p.lastTalkOn, days: p.days ?? 0 }) : t('talks.coverage.never')}</Typography.Text>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('talks.coverage.overdueTriggered', { count: s?.overdueTriggered.length ?? 0 })} data-testid="coverage-overdue-triggered">
            <List
              size="small"
              dataSource={s?.overdueTriggered ?? []}
              locale={{ emptyText: t('talks.coverage.noOverdueTriggered') }}
              renderItem={(d) => (
                <List.Item>
                  <span>
                    {d.name} <Tag color="red">{t(`talks.trigger.${d.trigger as 'other'}`)}</Tag>
                  </span>
                  <Typography.Text type="secondary">{t('talks.coverage.dueBy', { date: d.dueOn, name: d.talkerName ?? '—' })}</Typography.Text>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('talks.coverage.topTalkers')} data-testid="coverage-top-talkers">
            <List
              size="small"
              dataSource={s?.topOverdueTalkers ?? []}
              locale={{ emptyText: t('talks.coverage.noOverdue') }}
              renderItem={(x) => (
                <List.Item>
                  <span>{x.name}</span>
                  <Tag color="orange">{t('talks.coverage.overdueCount', { count: x.overdue })}</Tag>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('talks.coverage.concernsTrend')}>
            {concerns ? <Chart option={concerns} testId="coverage-concerns-chart" /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('talks.coverage.noConcerns')} />}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <ConcernsList orgUnitId={unitId} from={from} to={to} />
        </Col>
      </Row>
    </div>
  );
}
