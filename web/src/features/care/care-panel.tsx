import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Select, Space, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listPagination } from '../../components/list-pagination';
import { OrgUnitTreeSelect } from '../../components/org-unit-tree-select';
import { ErrorResult } from '../../components/result-pages';
import { useUrlParams } from '../../components/use-url-params';
import { useCareList } from './care-api';
import { CareFormModal, useCareKindOptions } from './care-form-modal';
import { CareTable } from './care-table';

/** The unit's care records, with a switch for the follow-ups that are due. */
export function CarePanel() {
  const { t } = useTranslation();
  const kinds = useCareKindOptions();
  const { params, page, pageSize, update } = useUrlParams();
  const [adding, setAdding] = useState(false);
  const followUpDue = params.get('due') === '1';
  const query = {
    orgUnitId: params.get('unit') ?? undefined,
    kind: params.get('careKind') ?? undefined,
    followUpDue: followUpDue ? 'true' : undefined,
    page,
    pageSize,
  };
  const list = useCareList(query);
  if (list.error && !list.data) return <ErrorResult error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <div data-testid="care-panel">
      <Flex justify="space-between" wrap gap={8} style={{ marginBottom: 12 }}>
        <div className="filter-bar" style={{ marginBottom: 0 }}>
          <OrgUnitTreeSelect value={params.get('unit')} onChange={(v) => update({ unit: v })} placeholder={t('talks.filter.unit')} data-testid="care-filter-unit" />
          <Select allowClear value={params.get('careKind') ?? undefined} onChange={(v) => update({ careKind: v })} options={kinds} placeholder={t('talks.care.kindLabel')} />
          <Space>
            <Switch checked={followUpDue} onChange={(v) => update({ due: v ? '1' : null })} data-testid="care-filter-due" />
            <Typography.Text>{t('talks.care.onlyDue')}</Typography.Text>
          </Space>
        </div>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="care-new">
          {t('talks.care.new')}
        </Button>
      </Flex>
      <CareTable
        items={list.data?.items ?? []}
        loading={list.isFetching}
        canWrite
        pagination={listPagination(t, { page, pageSize, total: list.data?.total ?? 0 })}
        onChange={(p) => update({ page: p.current ?? 1, pageSize: p.pageSize === 20 ? null : p.pageSize }, false)}
      />
      <CareFormModal open={adding} onClose={() => setAdding(false)} />
    </div>
  );
}
