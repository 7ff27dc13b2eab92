import { useQuery } from '@tanstack/react-query';
import { Select, Spin, TreeSelect } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '../../api/client';
import type { Page, Person } from '../../api/types';
import { useOrgUnits } from '../org/org-api';
import { buildOrgTree, toTreeSelectData } from '../org/org-tree';

type MultiPersonProps = {
  value: string[];
  onChange: (ids: string[]) => void;
  /** Names of the people already chosen, so they show before any search. */
  names: ReadonlyMap<string, string>;
  disabled?: boolean;
  'data-testid'?: string;
};

/** Picks several people by name or pinyin initials, searching on the server. */
export function MultiPersonPicker({ value, onChange, names, disabled, ...rest }: MultiPersonProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(search.trim()), 250);
    return () => clearTimeout(timer);
  }, [search]);
  const results = useQuery({
    queryKey: ['people', 'picker', q],
    queryFn: ({ signal }) => apiFetch<Page<Person>>('/people', { query: { q: q || undefined, pageSize: 20, status: 'active' }, signal }),
    enabled: !disabled,
    staleTime: 30_000,
  });
  const options = useMemo(() => {
    const list = (results.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }));
    for (const id of value) if (!list.some((o) => o.value === id)) list.unshift({ value: id, label: names.get(id) ?? id });
    return list;
  }, [results.data, value, names]);
  return (
    <Select
      mode="multiple"
      value={value}
      onChange={onChange}
      options={options}
      disabled={disabled}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      notFoundContent={results.isFetching ? <Spin size="small" /> : undefined}
      placeholder={t('ledger.ownerPlaceholder')}
      style={{ width: '100%' }}
      data-testid={rest['data-testid']}
    />
  );
}

const DEPARTMENT_KINDS = ['department', 'duty_group'] as const;

/** Several departments or duty groups from the unit tree. */
export function DepartmentsSelect({ value, onChange, disabled, ...rest }: { value: string[]; onChange: (ids: string[]) => void; disabled?: boolean; 'data-testid'?: string }) {
  const { t } = useTranslation();
  const units = useOrgUnits();
  const treeData = useMemo(() => toTreeSelectData(buildOrgTree(units.data ?? [], { includeClosed: false }), { kinds: DEPARTMENT_KINDS }), [units.data]);
  return (
    <TreeSelect
      multiple
      value={value}
      onChange={(v: string[]) => onChange(v)}
      treeData={treeData}
      disabled={disabled}
      loading={units.isPending}
      placeholder={t('ledger.departmentPlaceholder')}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll
      popupMatchSelectWidth={false}
      style={{ width: '100%' }}
      data-testid={rest['data-testid']}
    />
  );
}

export { DEPARTMENT_KINDS };
