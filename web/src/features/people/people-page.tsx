import { DownloadOutlined, FileExcelOutlined, PlusOutlined, SearchOutlined, UploadOutlined } from '@ant-design/icons';
import { listPagination } from '../../components/list-pagination';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Empty, Input, Space, Table, Typography, type TableProps } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useUrlParams } from '../../components/use-url-params';
import { PERSON_SORTS } from '../../../../src/contracts/people';
import { downloadFile, type QueryParams } from '../../api/client';
import type { Person } from '../../api/types';
import { ImportDialog } from '../../components/import-dialog';
import { OrgUnitTreeSelect } from '../../components/org-unit-tree-select';
import { ErrorResult } from '../../components/result-pages';
import { useShowError } from '../../components/use-api-error';
import { useCan } from '../auth/session';
import { PEOPLE_KEY, usePeople } from './people-api';
import { PartyStatusTag, PersonStatusTag, usePeopleOptions } from './people-labels';
import { PersonFormDrawer } from './person-form-drawer';
import { ParamSelect } from '../../components/param-select';

type Sort = (typeof PERSON_SORTS)[number];
const FILTER_KEYS = ['q', 'orgUnitId', 'status', 'partyStatus', 'gender'] as const;

export function PeoplePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const showError = useShowError();
  const options = usePeopleOptions();
  const canWrite = useCan('people.write');
  const canImport = useCan('people.import');
  const { params, page, pageSize, update } = useUrlParams();
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [searchText, setSearchText] = useState(params.get('q') ?? '');

  const sort = (PERSON_SORTS as readonly string[]).includes(params.get('sort') ?? '') ? (params.get('sort') as Sort) : 'name';
  const order = params.get('order') === 'desc' ? 'desc' : 'asc';
  const filters: QueryParams = useMemo(
    () => Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? undefined])),
    [params],
  );
  const query: QueryParams = { ...filters, sort, order, page, pageSize };
  const people = usePeople(query);


  // Search as the user types, a moment after the last key.
  const currentQ = params.get('q') ?? '';
  useEffect(() => {
    const q = searchText.trim();
    if (q === currentQ) return;
    const timer = setTimeout(() => update({ q }), 300);
    return () => clearTimeout(timer);
    // `update` only wraps setParams; re-running on its identity would restart the timer.
  }, [searchText, currentQ]);

  const sortOrderOf = (key: Sort) => (sort === key ? (order === 'asc' ? 'ascend' : 'descend') : null);

  const columns: TableProps<Person>['columns'] = [
    {
      key: 'name',
      title: t('people.field.name'),
      dataIndex: 'name',
      fixed: 'left',
      sorter: true,
      sortOrder: sortOrderOf('name'),
      render: (name: string, p) => (
        <Link to={`/people/${p.id}`} data-testid="people-name-link">
          {name}
        </Link>
      ),
    },
    { key: 'gender', title: t('people.field.gender'), dataIndex: 'gender', render: (g: Person['gender']) => t(`people.gender.${g}`) },
    {
      key: 'birthDate',
      title: t('people.field.birthDate'),
      dataIndex: 'birthDate',
      sorter: true,
      sortOrder: sortOrderOf('birthDate'),
      render: (d: string | null, p) =>
        d ? (
          <span>
            {d}
            {p.age != null ? <Typography.Text type="secondary">{` (${t('people.ageValue', { age: p.age })})`}</Typography.Text> : null}
          </span>
        ) : (
          '—'
        ),
    },
    { key: 'partyStatus', title: t('people.field.partyStatus'), dataIndex: 'partyStatus', render: (v: Person['partyStatus']) => <PartyStatusTag value={v} /> },
    { key: 'department', title: t('people.field.departmentId'), dataIndex: 'departmentName', render: (v: string | null) => v ?? '—' },
    { key: 'branch', title: t('people.field.branchId'), dataIndex: 'branchName', render: (v: string | null) => v ?? '—' },
    { key: 'post', title: t('people.field.post'), dataIndex: 'post', render: (v: string | null) => v ?? '—' },
    { key: 'postSince', title: t('people.field.postSince'), dataIndex: 'postSince', sorter: true, sortOrder: sortOrderOf('postSince'), render: (v: string | null) => v ?? '—' },
    {
      key: 'serviceStartedOn',
      title: t('people.field.serviceStartedOn'),
      dataIndex: 'serviceStartedOn',
      sorter: true,
      sortOrder: sortOrderOf('serviceStartedOn'),
      render: (v: string | null) => v ?? '—',
    },
    { key: 'status', title: t('people.field.status'), dataIndex: 'status', render: (v: Person['status']) => <PersonStatusTag value={v} /> },
  ];

  const onTableChange: TableProps<Person>['onChange'] = (pagination, _filters, sorter, extra) => {
    if (extra.action === 'sort') {
      const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<Person> | undefined;
      const key = s?.order ? (s.columnKey as Sort) : null;
      update({ sort: key, order: s?.order === 'descend' ? 'desc' : null });
      return;
    }
    update({ page: pagination.current ?? 1, pageSize: pagination.pageSize === 20 ? null : pagination.pageSize }, false);
  };

  const exportExcel = async () => {
    setExporting(true);
    try {
      await downloadFile('/people/export.xlsx', { ...filters, sort, order }, 'people.xlsx');
    } catch (e) {
      showError(e);
    } finally {
      setExporting(false);
    }
  };
  const downloadTemplate = () => downloadFile('/people/import-template.xlsx', undefined, 'people-template.xlsx').catch(showError);

  if (people.error && !people.data) return <ErrorResult error={people.error} onRetry={() => void people.refetch()} />;

  return (
    <div className="page">
      <div className="page-header">
        <Typography.Title level={3}>{t('people.title')}</Typography.Title>
        <Space wrap>
          {canWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="people-new">
              {t('people.new')}
            </Button>
          ) : null}
          {canImport ? (
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="people-import">
              {t('people.import')}
            </Button>
          ) : null}
          <Button icon={<FileExcelOutlined />} loading={exporting} onClick={() => void exportExcel()} data-testid="people-export">
            {t('people.export')}
          </Button>
          {canImport ? (
            <Button icon={<DownloadOutlined />} onClick={() => void downloadTemplate()} data-testid="people-template">
              {t('people.template')}
            </Button>
          ) : null}
        </Space>
      </div>
      <div className="filter-bar">
        <Input
          allowClear
          prefix={<SearchOutlined />}
          value={searchText}
          placeholder={t('people.searchPlaceholder')}
          onChange={(e) => setSearchText(e.target.value)}
          onPressEnter={() => update({ q: searchText.trim() })}
          style={{ width: 260 }}
          data-testid="people-search"
        />
        <OrgUnitTreeSelect
          value={params.get('orgUnitId')}
          onChange={(v) => update({ orgUnitId: v })}
          placeholder={t('people.filter.orgUnit')}
          style={{ width: 200 }}
          data-testid="people-filter-org"
        />
        <ParamSelect
          name="status"
          options={options.status}
          placeholder={t('people.filter.status')}
          style={{ width: 130 }}
          data-testid="people-filter-status"
        />
        <ParamSelect
          name="partyStatus"
          options={options.partyStatus}
          placeholder={t('people.filter.partyStatus')}
          style={{ width: 150 }}
          data-testid="people-filter-party"
        />
        <ParamSelect
          name="gender"
          options={options.gender}
          placeholder={t('people.filter.gender')}
          style={{ width: 100 }}
          data-testid="people-filter-gender"
        />
      </div>
      <Table<Person>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={people.data?.items ?? []}
        loading={people.isFetching}
        onChange={onTableChange}
        scroll={{ x: 'max-content' }}
        onRow={(p) => ({ 'data-testid': 'people-row', 'data-person-id': p.id }) as React.HTMLAttributes<HTMLElement>}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('people.emptyHint')} /> }}
        pagination={listPagination(t, { page, pageSize, total: people.data?.total ?? 0 })}
        data-testid="people-table"
      />
      <PersonFormDrawer open={creating} person={null} onClose={() => setCreating(false)} onSaved={(p) => navigate(`/people/${p.id}`)} />
      <ImportDialog
        open={importing}
        title={t('people.importTitle')}
        endpoint="/people/import"
        templatePath="/people/import-template.xlsx"
        onClose={() => setImporting(false)}
        onImported={() => void client.invalidateQueries({ queryKey: PEOPLE_KEY })}
      />
    </div>
  );
}
