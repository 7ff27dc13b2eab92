import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrgUnitKind } from '../../api/types';

const KIND_COLORS: Record<OrgUnitKind, string> = {
  committee: 'red',
  general_branch: 'volcano',
  branch: 'orange',
  group: 'gold',
  department: 'blue',
  duty_group: 'cyan',
};

export function OrgKindTag({ kind }: { kind: OrgUnitKind }) {
  const { t } = useTranslation();
  return (
    <Tag color={KIND_COLORS[kind]} style={{ marginInlineEnd: 0 }}>
      {t(`org.kind.${kind}`)}
    </Tag>
  );
}

export const PARTY_POST_ORDER = { secretary: 0, deputy_secretary: 1, member: 2 } as const;
