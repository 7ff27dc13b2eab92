import { Tag } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { FOCUS_ENTRY_KINDS, FOCUS_REASON_CATEGORIES } from '../../../../src/contracts/focus-files';

export type FocusReason = (typeof FOCUS_REASON_CATEGORIES)[number];
export type FocusEntryKind = (typeof FOCUS_ENTRY_KINDS)[number];

export function FocusReasonTag({ value }: { value: FocusReason }) {
  const { t } = useTranslation();
  return <Tag color={value === 'discipline_risk' ? 'red' : 'purple'}>{t(`talks.concern.${value}`)}</Tag>;
}

export function useFocusOptions() {
  const { t } = useTranslation();
  return useMemo(
    () => ({
      reason: FOCUS_REASON_CATEGORIES.map((v) => ({ value: v, label: t(`talks.concern.${v}`) })),
      entry: FOCUS_ENTRY_KINDS.map((v) => ({ value: v, label: t(`talks.focus.entryKind.${v}`) })),
      cadence: [1, 2, 3, 6, 12].map((m) => ({ value: m, label: t('talks.focus.everyMonths', { count: m }) })),
    }),
    [t],
  );
}
