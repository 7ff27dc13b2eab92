import { SafetyCertificateOutlined } from '@ant-design/icons';
import { listPagination } from '../../components/list-pagination';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Col, DatePicker, Input, Row, Table, Tag, Typography, type TableProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch, type QueryParams } from '../../api/client';
import { errorText } from '../../api/errors';
import type { AuditEntry, AuditVerify, Page } from '../../api/types';
import { ErrorResult } from '../../components/result-pages';

type Filters = { action?: string; entityType?: string; actor?: string; range?: [Dayjs, Dayjs] | null };

function Json({ value }: { value: unknown }) {
  const { t } = useTranslation();
  if (value === null || value === undefined) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return <pre className="json-block">{JSON.stringify(value, null, 2)}</pre>;
}

function BeforeAfter({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  return (
    <Row gutter={[16, 8]} data-testid="audit-diff">
      <Col xs={24} md={12}>
        <div className="diff-label">{t('audit.field.before')}</div>
        <Json value={entry.before} />
      </Col>
      <Col xs={24} md={12}>
        <div className="diff-label">{t('audit.field.after')}</div>
        <Json value={entry.after} />
      </Col>
      <Col span={24}>
        <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
          {t('audit.field.hash')}: {entry.hash}
          {entry.ip ? ` · ${t('audit.field.ip')}: ${entry.ip}` : ''}
        </Typography.Text>
      </Col>
    </Row>
  );
}

function actionColor(action: string): string {
  if (/delete|close|revoke|disable/.test(action)) return 'red';
  if (/sensitive|export|login/.test(action)) return 'orange';
  if (/create|import/.test(action)) return 'green';
  return 'blue';
}

export function AuditPage() {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Filters>({});
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);

  const query: QueryParams = {
    page,
    pageSize,
    action: filters.action?.trim() || undefined,
    entityType: filters.entityType?.trim() || undefined,
    actor: filters.actor?.trim() || undefined,
    // The server reads both as calendar dates; `to` is inclusive.
    from: filters.range?.[0]?.format('YYYY-MM-DD'),
    to: filters.range?.[1]?.format('YYYY-MM-DD'),
  };
  const entries = useQuery({
    queryKey: ['audit', query],
    queryFn: ({ signal }) => apiFetch<Page<AuditEntry>>('/audit', { query, signal }),
    placeholderData: keepPreviousData,
  });
  const verify = useMutation({ mutationFn: () => apiFetch<AuditVerify>('/audit/verify') });

  const apply = (next: Filters) => {
    setFilters(next);
    setPage(1);
  };

  const columns: TableProps<AuditEntry>['columns'] = [
    { key: 'at', title: t('audit.field.at'), dataIndex: 'at', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm:ss'), width: 170 },
    { key: 'actor', title: t('audit.field.actor'), dataIndex: 'actorName', render: (v: string | null) => v ?? <Typography.Text type="secondary">{t('audit.system')}</Typography.Text> },
    { key: 'action', title: t('audit.field.action'), dataIndex: 'action', render: (v: string) => <Tag color={actionColor(v)}>{v}</Tag> },
    { key: 'entityType', title: t('audit.field.entityType'), dataIndex: 'entityType' },
    {
      key: 'entityId',
      title: t('audit.field.entityId'),
      dataIndex: 'entityId',
      render: (v: string | null) => (v ? <Typography.Text code copyable={{ text: v }}>{v.length > 13 ? `${v.slice(0, 8)}…` : v}</Typography.Text> : '—'),
    },
    { key: 'ip', title: t('audit.field.ip'), dataIndex: 'ip', render: (v: string | null) => v ?? '—', responsive: ['md'] },
  ];

  return (
    <div className="page">
      <div className="page-header">
        <Typography.Title level={3}>{t('audit.title')}</Typography.Title>
        <Button icon={<SafetyCertificateOutlined />} loading={verify.isPending} onClick={() => verify.mutate()} data-testid="audit-verify">
          {t('audit.verify')}
        </Button>
      </div>
      {verify.data ? (
        <Alert
          style={{ marginBottom: 12 }}
          showIcon
          closable={{ onClose: () => verify.reset() }}
          type={verify.data.ok ? 'success' : 'error'}
          title={
            verify.data.ok
              ? t('audit.verifyOk', { checked: verify.data.checked })
              : t('audit.verifyBroken', { id: verify.data.firstBrokenId ?? '?', checked: verify.data.checked })
          }
          description={!verify.data.ok && verify.data.reason ? t('audit.verifyReason', { reason: verify.data.reason }) : undefined}
          data-testid="audit-verify-result"
        />
      ) : null}
      {verify.error ? <Alert style={{ marginBottom: 12 }} showIcon type="error" title={errorText(t, verify.error)} /> : null}
      <div className="filter-bar">
        <Input
          allowClear
          placeholder={t('audit.actionPlaceholder')}
          value={draft.action}
          onChange={(e) => setDraft({ ...draft, action: e.target.value })}
          onPressEnter={() => apply(draft)}
          style={{ width: 200 }}
          data-testid="audit-filter-action"
        />
        <Input
          allowClear
          placeholder={t('audit.entityTypePlaceholder')}
          value={draft.entityType}
          onChange={(e) => setDraft({ ...draft, entityType: e.target.value })}
          onPressEnter={() => apply(draft)}
          style={{ width: 200 }}
          data-testid="audit-filter-entity"
        />
        <Input
          allowClear
          placeholder={t('audit.actorPlaceholder')}
          value={draft.actor}
          onChange={(e) => setDraft({ ...draft, actor: e.target.value })}
          onPressEnter={() => apply(draft)}
          style={{ width: 160 }}
          data-testid="audit-filter-actor"
        />
        <DatePicker.RangePicker
          value={draft.range ?? null}
          onChange={(v) => {
            const range = v && v[0] && v[1] ? ([v[0], v[1]] as [Dayjs, Dayjs]) : null;
            const next = { ...draft, range };
            setDraft(next);
            apply(next);
          }}
          style={{ width: 260 }}
          data-testid="audit-filter-range"
        />
        <Button type="primary" onClick={() => apply(draft)} data-testid="audit-search">
          {t('common.search')}
        </Button>
        <Button
          onClick={() => {
            setDraft({});
            apply({});
          }}
        >
          {t('common.reset')}
        </Button>
      </div>
      {entries.error && !entries.data ? (
        <ErrorResult error={entries.error} onRetry={() => void entries.refetch()} />
      ) : (
        <Table<AuditEntry>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={entries.data?.items ?? []}
          loading={entries.isFetching}
          scroll={{ x: 'max-content' }}
          expandable={{ expandedRowRender: (entry) => <BeforeAfter entry={entry} /> }}
          onRow={(e) => ({ 'data-testid': 'audit-row', 'data-audit-id': e.id }) as React.HTMLAttributes<HTMLElement>}
          pagination={listPagination(t, {
            page,
            pageSize,
            total: entries.data?.total ?? 0,
            onChange: (p, s) => {
              setPage(s !== pageSize ? 1 : p);
              setPageSize(s);
            },
          })}
          data-testid="audit-table"
        />
      )}
    </div>
  );
}
