import { useQuery } from '@tanstack/react-query';
import { Select, Spin } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '../api/client';
import type { Page, Person } from '../api/types';

type Props = {
  value?: string | null;
  onChange?: (value: string | null, person?: Person) => void;
  /** Label for the current value, so it shows before any search. */
  initialLabel?: string | null;
  placeholder?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  'data-testid'?: string;
  id?: string;
};

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

function describe(p: Person): string {
  const unit = p.departmentName ?? p.branchName;
  return unit ? `${p.name}（${unit}）` : p.name;
}

/** Picks a person by name or pinyin initials, searching on the server. */
export function PersonPicker({ value, onChange, initialLabel, placeholder, allowClear = true, style, id, ...rest }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const results = useQuery({
    queryKey: ['people', 'picker', q],
    queryFn: ({ signal }) => apiFetch<Page<Person>>('/people', { query: { q: q || undefined, pageSize: 20, status: 'active' }, signal }),
    staleTime: 30_000,
  });
  const [known, setKnown] = useState<Map<string, Person>>(new Map());
  useEffect(() => {
    if (!results.data) return;
    setKnown((prev) => {
      const next = new Map(prev);
      for (const p of results.data.items) next.set(p.id, p);
      return next;
    });
  }, [results.data]);

  const options = useMemo(() => {
    const list = (results.data?.items ?? []).map((p) => ({ value: p.id, label: describe(p) }));
    if (value && !list.some((o) => o.value === value)) {
      const p = known.get(value);
      list.unshift({ value, label: p ? describe(p) : (initialLabel ?? value) });
    }
    return list;
  }, [results.data, value, known, initialLabel]);

  return (
    <Select
      id={id}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null, v ? known.get(v) : undefined)}
      options={options}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      notFoundContent={results.isFetching ? <Spin size="small" /> : undefined}
      placeholder={placeholder ?? t('people.pickerPlaceholder')}
      allowClear={allowClear}
      style={{ minWidth: 200, ...style }}
      data-testid={rest['data-testid']}
    />
  );
}
