import { LockOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Select, Space, Switch, Table, Tag, Typography, type TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { listPagination } from '../../components/list-pagination';
import { OrgUnitTreeSelect } from '../../components/org-unit-tree-select';
import { ErrorResult } from '../../components/result-pages';
import { useUrlParams } from '../../components/use-url-params';
import { useCan } from '../auth/session';
import { useFocusFiles, type FocusFileSummary } from './focus-api';
import { FocusFormModal } from './focus-form-modal';
import { FocusReasonTag } from './focus-labels';

/** 重点人员: the files the caller may see (need-to-know), overdue reviews flagged. */
export function FocusPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canManage = useCan('focus.manage');
  const { params, page, pageSize, update } = useUrlParams();
  const [creating, setCreating] = useState(false);
  const status = params.get('status') ?? 'open';
  const query = {
    status,
    orgUnitId: params.get('unit') ?? undefined,
    personId: params.get('person') ?? undefined,
    reviewOverdue: params.get('overdue') === '1' ? 'true' : undefined,
    page,
    pageSize,
  };
  const list = useFocusFiles(query);
  if (list.error && !list.data) return <ErrorResult error={list.error} onRetry={() => void list.refetch()} />;

  const columns: TableProps<FocusFileSummary>['columns'] = [
    {
      key: 'person',
      title: t('talks.focus.person'),
      dataIndex: 'personName',
      render: (name: string, f) => (
        <Link to={`/focus/${f.id}`} data-testid="focus-row-link">
          {name}
        </Link>
      ),
    },
    { key: 'unit', title: t('talks.field.unit'), dataIndex: 'orgUnitName' },
    { key: 'reason', title: t('talks.focus.reasonCategory'), dataIndex: 'reasonCategory', render: (v: FocusFileSummary['reasonCategory']) => <FocusReasonTag value={v} /> },
    { key: 'owner', title: t('talks.focus.owner'), dataIndex: 'ownerName' },
    { key: 'openedOn', title: t('talks.focus.openedOn'), dataIndex: 'openedOn', width: 110 },
    {
      key: 'nextReviewOn',
      title: t('talks.focus.nextReview'),
      dataIndex: 'nextReviewOn',
      render: (v: string, f) =>
        f.closedOn ? (
          <Tag>{t('talks.focus.closedOn', { date: f.closedOn })}</Tag>
        ) : f.reviewOverdue ? (
          <Tag color="red" data-testid="focus-review-overdue">
            {t('talks.focus.reviewOverdue', { date: v })}
          </Tag>
        ) : (
          v
        ),
    },
  ];

  return (
    <div className="page" data-testid="focus-page">
      <div className="page-header">
        <Typography.Title level={3}>{t('talks.focus.title')}</Typography.Title>
        {canManage ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="focus-new">
            {t('talks.focus.new')}
          </Button>
        ) : null}
      </div>
      <Alert type="warning" showIcon icon={<LockOutlined />} title={t('talks.focus.confidential')} className="confidential-banner" data-testid="focus-confidential" />
      <div className="filter-bar">
        <OrgUnitTreeSelect value={params.get('unit')} onChange={(v) => update({ unit: v })} placeholder={t('talks.filter.unit')} />
        <Select
          value={status}
          onChange={(v) => update({ status: v === 'open' ? null : v })}
          options={(['open', 'closed', 'all'] as const).map((s) => ({ value: s, label: t(`talks.focus.status.${s}`) }))}
          data-testid="focus-filter-status"
        />
        <Space>
          <Switch checked={params.get('overdue') === '1'} onChange={(v) => update({ overdue: v ? '1' : null })} data-testid="focus-filter-overdue" />
          <Typography.Text>{t('talks.focus.onlyOverdue')}</Typography.Text>
        </Space>
      </div>
      <Table
        size="small"
        rowKey="id"
        dataSource={list.data?.items ?? []}
        columns={columns}
        loading={list.isFetching}
        scroll={{ x: 'max-content' }}
        rowClassName={(f) => (f.reviewOverdue ? 'row-overdue' : '')}
        pagination={listPagination(t, { page, pageSize, total: list.data?.total ?? 0 })}
        onChange={(p) => update({ page: p.current ?? 1, pageSize: p.pageSize === 20 ? null : p.pageSize }, false)}
        data-testid="focus-list"
      />
      <FocusFormModal open={creating} onClose={() => setCreating(false)} onSaved={(f) => navigate(`/focus/${f.id}`)} />
    </div>
  );
}
