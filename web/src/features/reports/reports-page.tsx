import { PlusOutlined } from '@ant-design/icons';
import { listPagination } from '../../components/list-pagination';
import { Button, Empty, InputNumber, Space, Table, Tag, Typography, type TableProps } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useUrlParams } from '../../components/use-url-params';
import type { QueryParams } from '../../api/client';
import { OrgUnitTreeSelect } from '../../components/org-unit-tree-select';
import { ErrorResult } from '../../components/result-pages';
import { MaterialKindTag, ReportStateTag } from './report-labels';
import { useReports, type ReportSummary } from './reports-api';
import './reports.css';
import { ParamSelect } from '../../components/param-select';

/** The materials the user may see, newest first, with filters by unit, year and kind. */
export function ReportsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { params, page, pageSize, update } = useUrlParams();
  const query: QueryParams = {
    orgUnitId: params.get('orgUnitId') ?? undefined,
    year: params.get('year') ?? undefined,
    kind: params.get('kind') ?? undefined,
    page,
    pageSize,
  };
  const reports = useReports(query);
  const filtered = Boolean(query.orgUnitId || query.year || query.kind);


  const columns: TableProps<ReportSummary>['columns'] = [
    {
      key: 'title',
      title: t('reports.field.title'),
      dataIndex: 'title',
      render: (title: string, r) => (
        <Link to={`/reports/${r.id}`} data-testid="report-link">
          {title}
        </Link>
      ),
    },
    { key: 'orgUnit', title: t('reports.field.orgUnit'), dataIndex: 'orgUnitName' },
    { key: 'year', title: t('reports.field.year'), dataIndex: 'year', width: 80 },
    { key: 'campaign', title: t('reports.field.campaign'), dataIndex: 'campaign' },
    {
      key: 'kind',
      title: t('reports.field.kind'),
      dataIndex: 'kind',
      render: (kind: ReportSummary['kind'], r) => (
        <Space size={4} wrap>
          <MaterialKindTag kind={kind} />
          {r.personName ? <Typography.Text type="secondary">{r.personName}</Typography.Text> : null}
        </Space>
      ),
    },
    {
      key: 'counts',
      title: t('reports.field.counts'),
      render: (_: unknown, r) => t('reports.countsValue', { problems: r.counts.problems, causes: r.counts.causes, measures: r.counts.measures }),
    },
    {
      key: 'findings',
      title: t('reports.field.findings'),
      render: (_: unknown, r) => (
        <Space size={4} wrap>
          {r.counts.findings ? <Tag color="orange">{t('reports.findingsValue', { count: r.counts.findings })}</Tag> : <Tag color="green">{t('reports.quality.noFindings')}</Tag>}
          {r.counts.repeats ? <Tag color="red">{t('reports.repeatsValue', { count: r.counts.repeats })}</Tag> : null}
        </Space>
      ),
    },
    { key: 'state', title: t('reports.field.state'), render: (_: unknown, r) => <ReportStateTag report={r} /> },
    { key: 'updatedAt', title: t('reports.field.updatedAt'), dataIndex: 'updatedAt', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
  ];

  if (reports.error && !reports.data) return <ErrorResult error={reports.error} onRetry={() => void reports.refetch()} />;

  const thisYear = new Date().getFullYear();
  const empty =
    !filtered && !reports.isFetching ? (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={<span data-testid="reports-empty">{t('reports.emptyHint')}</span>}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/reports/new')} data-testid="reports-empty-new">
          {t('reports.new')}
        </Button>
      </Empty>
    ) : (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reports.empty')} />
    );

  return (
    <div className="page">
      <div className="page-header">
        <Typography.Title level={3}>{t('reports.title')}</Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/reports/new')} data-testid="reports-new">
          {t('reports.new')}
        </Button>
      </div>
      <div className="filter-bar">
        <OrgUnitTreeSelect
          value={params.get('orgUnitId')}
          onChange={(v) => update({ orgUnitId: v })}
          placeholder={t('reports.filter.orgUnit')}
          style={{ width: 220 }}
          data-testid="reports-filter-org"
        />
        <InputNumber
          value={params.get('year') ? Number(params.get('year')) : null}
          onChange={(v) => update({ year: v ?? null })}
          min={1990}
          max={2100}
          placeholder={`${t('reports.filter.year')}（${thisYear}）`}
          style={{ width: 140 }}
          data-testid="reports-filter-year"
        />
        <ParamSelect
          name="kind"
          options={(['team', 'personal'] as const).map((k) => ({ value: k, label: t(`reports.kind.${k}`) }))}
          placeholder={t('reports.filter.kind')}
          style={{ width: 140 }}
          data-testid="reports-filter-kind"
        />
      </div>
      <Table<ReportSummary>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={reports.data?.items ?? []}
        loading={reports.isFetching}
        scroll={{ x: 'max-content' }}
        onRow={(r) => ({ 'data-testid': 'report-row', 'data-report-id': r.id }) as React.HTMLAttributes<HTMLElement>}
        locale={{ emptyText: empty }}
        onChange={(pagination) => update({ page: pagination.current ?? 1, pageSize: pagination.pageSize === 20 ? null : pagination.pageSize }, false)}
        pagination={listPagination(t, { page, pageSize, total: reports.data?.total ?? 0 })}
        data-testid="reports-table"
      />
    </div>
  );
}
