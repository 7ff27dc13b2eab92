import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import type { OrgUnitKind } from '../api/types';
import { useOrgUnits } from '../features/org/org-api';
import { buildOrgTree, toTreeSelectData } from '../features/org/org-tree';

type Props = {
  value?: string | null;
  onChange?: (value: string | null) => void;
  /** Only units of these kinds can be chosen; their ancestors are shown for context. */
  kinds?: readonly OrgUnitKind[];
  /** Units that are shown but cannot be chosen (e.g. the unit being moved and its subtree). */
  disabledIds?: ReadonlySet<string>;
  placeholder?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  'data-testid'?: string;
  id?: string;
};

/** Chooses one open org unit from the tree. */
export function OrgUnitTreeSelect({ value, onChange, kinds, disabledIds, placeholder, allowClear = true, style, id, ...rest }: Props) {
  const units = useOrgUnits();
  const treeData = useMemo(
    () => toTreeSelectData(buildOrgTree(units.data ?? [], { includeClosed: false }), { kinds, disabledIds }),
    [units.data, kinds, disabledIds],
  );
  return (
    <TreeSelect
      id={id}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      treeData={treeData}
      loading={units.isPending}
      placeholder={placeholder}
      allowClear={allowClear}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll
      popupMatchSelectWidth={false}
      style={{ minWidth: 180, ...style }}
      data-testid={rest['data-testid']}
    />
  );
}
