import { Alert, Progress, Tag } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { LEDGER_ITEM_STATUSES, LEDGER_ITEM_TYPES, LEDGER_SOURCES, RECHECK_RATINGS } from '../../../../src/contracts/ledger';
import type { LedgerItem, LedgerStatus } from './ledger-api';

export { itemRoleOf, nextActionOf, type ItemRole, type NextAction } from './ledger-rules';

const STATUS_COLORS: Record<LedgerStatus, string> = {
  not_started: 'default',
  in_progress: 'processing',
  awaiting_review: 'warning',
  signed_off: 'success',
};

export function LedgerStatusTag({ item }: { item: Pick<LedgerItem, 'status' | 'reviewLevel'> }) {
  const { t } = useTranslation();
  const status = item.status as LedgerStatus;
  const label =
    status === 'awaiting_review'
      ? t(item.reviewLevel >= 1 ? 'ledgerViews.status.awaitingLeader' : 'ledgerViews.status.awaitingDepartment')
      : t(`ledger.status.${status}`);
  return (
    <Tag color={STATUS_COLORS[status] ?? 'default'} data-testid="ledger-status" data-status={status}>
      {label}
    </Tag>
  );
}

export function LedgerTypeTag({ type }: { type: string }) {
  const { t } = useTranslation();
  const color = type === 'immediate' ? 'red' : type === 'ongoing' ? 'blue' : 'gold';
  return <Tag color={color}>{t(`ledger.type.${type as 'immediate'}`)}</Tag>;
}

/** 逾期 N 天 while open; 逾期完成 N 天 once done late (lateness stays on record). */
export function OverdueTag({ item }: { item: Pick<LedgerItem, 'overdue' | 'daysLate' | 'status'> }) {
  const { t } = useTranslation();
  if (item.overdue) {
    return (
      <Tag color="red" data-testid="ledger-overdue">
        {t('ledgerViews.overdueDays', { days: item.daysLate })}
      </Tag>
    );
  }
  if (item.daysLate > 0) return <Tag color="orange">{t('ledgerViews.lateDone', { days: item.daysLate })}</Tag>;
  return null;
}

export function ProgressBar({ value, width = 120 }: { value: number; width?: number }) {
  return <Progress percent={value} size="small" style={{ width, margin: 0 }} />;
}

/** Options for the filter and form selects, in the user's language. */
export function useLedgerOptions() {
  const { t } = useTranslation();
  return useMemo(
    () => ({
      status: LEDGER_ITEM_STATUSES.map((s) => ({ value: s, label: t(`ledger.status.${s}`) })),
      type: LEDGER_ITEM_TYPES.map((s) => ({ value: s, label: t(`ledger.type.${s}`) })),
      source: LEDGER_SOURCES.map((s) => ({ value: s, label: t(`ledgerViews.source.${s}`) })),
      rating: RECHECK_RATINGS.map((s) => ({ value: s, label: t(`ledgerViews.rating.${s}`) })),
      overdue: [
        { value: 'true', label: t('ledgerViews.filter.overdueYes') },
        { value: 'false', label: t('ledgerViews.filter.overdueNo') },
      ],
    }),
    [t],
  );
}

/** Says that a page shows only the first `shown` of `total` matching items (the board and the calendar). */
export function PartialNotice({ shown, total }: { shown: number | undefined; total: number | undefined }) {
  const { t } = useTranslation();
  if (shown === undefined || total === undefined || total <= shown) return null;
  return <Alert type="warning" showIcon title={t('ledgerViews.partial', { shown, total })} style={{ marginBottom: 12 }} data-testid="ledger-partial" />;
}
