import { SearchOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Empty, Input, Select, Space, Table, Typography, type TableProps } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LEDGER_SORTS } from '../../../../src/contracts/ledger';
import type { QueryParams } from '../../api/client';
import { listPagination } from '../../components/list-pagination';
import { OrgUnitTreeSelect } from '../../components/org-unit-tree-select';
import { PersonPicker } from '../../components/person-picker';
import { useUrlParams } from '../../components/use-url-params';
import { useReports } from '../reports/reports-api';
import { LedgerFilesActions } from './ledger-files-actions';
import { LEDGER_FILTER_KEYS, LEDGER_KEY, useLedgerList, type LedgerItem } from './ledger-api';
import { BulkEditBar } from './ledger-bulk-edit';
import { LedgerStatusTag, LedgerTypeTag, OverdueTag, ProgressBar, useLedgerOptions } from './ledger-labels';
import { SavedViewsBar } from './ledger-saved-views';
import { ParamSelect } from '../../components/param-select';

type Sort = (typeof LEDGER_SORTS)[number];
const DEPARTMENT_KINDS = ['department', 'duty_group'] as const;

/** The whole ledger as a table: filters kept in the URL, sorting, paging, saved views and bulk edits. */
export function LedgerTable() {
  const { t } = useTranslation();
  const options = useLedgerOptions();
  const client = useQueryClient();
  const { params, page, pageSize, update } = useUrlParams();
  const [searchText, setSearchText] = useState(params.get('q') ?? '');
  const [aspectText, setAspectText] = useState(params.get('aspect') ?? '');
  const [selected, setSelected] = useState<LedgerItem[]>([]);
  const reports = useReports({ pageSize: 100 });

  const sort: Sort = (LEDGER_SORTS as readonly string[]).includes(params.get('sort') ?? '') ? (params.get('sort') as Sort) : '-created';
  const filters = useMemo(() => {
    const out: Record<string, string> = {};
    for (const k of LEDGER_FILTER_KEYS) {
      const v = params.get(k);
      if (v) out[k] = v;
    }
    return out;
  }, [params]);
  const query: QueryParams = { ...filters, sort: sort === '-created' ? undefined : sort, page, pageSize };
  const list = useLedgerList(query);

  // Typed filters apply a moment after the last key.
  const currentQ = params.get('q') ?? '';
  const currentAspect = params.get('aspect') ?? '';
  useEffect(() => {
    const q = searchText.trim();
    const aspect = aspectText.trim();
    if (q === currentQ && aspect === currentAspect) return;
    const timer = setTimeout(() => update({ q, aspect }), 300);
    return () => clearTimeout(timer);
    // `update` only wraps setParams; re-running on its identity would restart the timer.
  }, [searchText, aspectText, currentQ, currentAspect]);

  const sortOrderOf = (key: 'deadline' | 'updated' | 'created' | 'status') =>
    sort === key ? ('ascend' as const) : sort === `-${key}` ? ('descend' as const) : null;

  const columns: TableProps<LedgerItem>['columns'] = [
    {
      key: 'problem',
      title: t('ledger.field.problem'),
      dataIndex: 'problem',
      width: 320,
      render: (v: string, item) => (
        <Link to={`/ledger/items/${item.id}`} className="ledger-problem-link" data-testid="ledger-row-link">
          <Typography.Paragraph ellipsis={{ rows: 2, tooltip: v }} style={{ margin: 0, color: 'inherit' }}>
            {v}
          </Typography.Paragraph>
        </Link>
      ),
    },
    {
      key: 'aspect',
      title: t('ledger.field.aspect'),
      dataIndex: 'aspect',
      render: (v: string | null) => (
        <Typography.Text ellipsis={{ tooltip: v }} style={{ maxWidth: 200 }}>
          {v || '—'}
        </Typography.Text>
      ),
    },
    { key: 'type', title: t('ledger.field.type'), dataIndex: 'type', render: (v: string) => <LedgerTypeTag type={v} /> },
    { key: 'status', title: t('ledger.field.status'), sorter: true, sortOrder: sortOrderOf('status'), render: (_: unknown, item) => <LedgerStatusTag item={item} /> },
    { key: 'owner', title: t('ledger.field.owner'), dataIndex: 'ownerName', render: (v: string | null) => v ?? '—' },
    { key: 'leadDepartment', title: t('ledger.field.leadDepartment'), dataIndex: 'leadDepartmentName', render: (v: string | null) => v ?? '—' },
    {
      key: 'deadline',
      title: t('ledger.field.deadline'),
      sorter: true,
      sortOrder: sortOrderOf('deadline'),
      render: (_: unknown, item) => (
        <Space size={4} wrap>
          <span>{item.deadline ?? '—'}</span>
          <OverdueTag item={item} />
        </Space>
      ),
    },
    {
      key: 'progress',
      title: t('ledgerViews.field.progress'),
      render: (_: unknown, item) => <ProgressBar value={item.status === 'signed_off' ? 100 : item.progress} width={100} />,
    },
    { key: 'updated', title: t('ledgerViews.field.updatedAt'), dataIndex: 'updatedAt', sorter: true, sortOrder: sortOrderOf('updated'), render: (v: string) => v.slice(0, 10) },
  ];

  const onTableChange: TableProps<LedgerItem>['onChange'] = (pagination, _filters, sorter, extra) => {
    if (extra.action === 'sort') {
      const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<LedgerItem> | undefined;
      const key = s?.order ? String(s.columnKey) : null;
      update({ sort: key ? (s?.order === 'descend' ? `-${key}` : key) : null });
      return;
    }
    update({ page: pagination.current ?? 1, pageSize: pagination.pageSize === 20 ? null : pagination.pageSize }, false);
  };

  const applyView = (query: Record<string, string> | null) => {
    const changes: Record<string, string | null> = { sort: null };
    for (const k of LEDGER_FILTER_KEYS) changes[k] = null;
    Object.assign(changes, query ?? {});
    setSearchText(query?.q ?? '');
    setAspectText(query?.aspect ?? '');
    update(changes);
  };
  const hasFilters = Object.keys(filters).length > 0;

  return (
    <div data-testid="ledger-table-view">
      <div className="ledger-toolbar">
        <SavedViewsBar current={{ ...filters, ...(sort !== '-created' ? { sort } : {}) }} onPick={applyView} />
        <div style={{ flex: 1 }} />
        <LedgerFilesActions filters={filters} onImported={() => void client.invalidateQueries({ queryKey: LEDGER_KEY })} />
      </div>
      <div className="filter-bar">
        <Input
          allowClear
          prefix={<SearchOutlined />}
          value={searchText}
          placeholder={t('ledgerViews.filter.keyword')}
          onChange={(e) => setSearchText(e.target.value)}
          style={{ width: 220 }}
          data-testid="ledger-filter-q"
        />
        <ParamSelect
          name="status"
          options={options.status}
          placeholder={t('ledger.field.status')}
          style={{ width: 150 }}
          data-testid="ledger-filter-status"
        />
        <ParamSelect
          name="type"
          options={options.type}
          placeholder={t('ledger.field.type')}
          style={{ width: 130 }}
          data-testid="ledger-filter-type"
        />
        <ParamSelect
          name="overdue"
          options={options.overdue}
          placeholder={t('ledgerViews.filter.overdue')}
          style={{ width: 120 }}
          data-testid="ledger-filter-overdue"
        />
        <PersonPicker
          value={params.get('ownerPersonId')}
          onChange={(v) => update({ ownerPersonId: v })}
          placeholder={t('ledger.field.owner')}
          style={{ width: 160 }}
          data-testid="ledger-filter-owner"
        />
        <OrgUnitTreeSelect
          value={params.get('leadDepartmentId')}
          onChange={(v) => update({ leadDepartmentId: v })}
          kinds={DEPARTMENT_KINDS}
          placeholder={t('ledger.field.leadDepartment')}
          style={{ width: 160 }}
          data-testid="ledger-filter-department"
        />
        <OrgUnitTreeSelect
          value={params.get('orgUnitId')}
          onChange={(v) => update({ orgUnitId: v })}
          placeholder={t('ledger.field.orgUnit')}
          style={{ width: 160 }}
          data-testid="ledger-filter-org"
        />
        <Input
          allowClear
          value={aspectText}
          placeholder={t('ledger.field.aspect')}
          onChange={(e) => setAspectText(e.target.value)}
          style={{ width: 160 }}
          data-testid="ledger-filter-aspect"
        />
        <ParamSelect
          name="source"
          options={options.source}
          placeholder={t('ledgerViews.field.source')}
          style={{ width: 140 }}
          data-testid="ledger-filter-source"
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          value={params.get('reportId') ?? undefined}
          onChange={(v: string | undefined) => update({ reportId: v })}
          options={(reports.data?.items ?? []).map((r) => ({ value: r.id, label: `${r.year} ${r.title || r.orgUnitName}` }))}
          placeholder={t('ledgerViews.field.report')}
          style={{ width: 200 }}
          popupMatchSelectWidth={false}
          data-testid="ledger-filter-report"
        />
        {hasFilters ? (
          <Button onClick={() => applyView(null)} data-testid="ledger-filter-clear">
            {t('ledgerViews.filter.clear')}
          </Button>
        ) : null}
      </div>
      <BulkEditBar selected={selected} onDone={() => setSelected([])} />
      <Table<LedgerItem>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        onChange={onTableChange}
        scroll={{ x: 'max-content' }}
        rowSelection={{
          selectedRowKeys: selected.map((i) => i.id),
          preserveSelectedRowKeys: true,
          onChange: (_keys, rows) => setSelected(rows.filter(Boolean)),
          getCheckboxProps: () => ({ 'data-testid': 'ledger-row-select' }) as Record<string, string>,
        }}
        onRow={(item) => ({ 'data-testid': 'ledger-row', 'data-item-id': item.id, 'data-status': item.status }) as React.HTMLAttributes<HTMLElement>}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={t(hasFilters ? 'ledgerViews.empty.filtered' : 'ledgerViews.empty.table')}
              data-testid="ledger-empty"
            />
          ),
        }}
        pagination={listPagination(t, { page, pageSize, total: list.data?.total ?? 0 })}
        data-testid="ledger-table"
      />
    </div>
  );
}
