import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReportSummary } from './reports-api';

export function MaterialKindTag({ kind }: { kind: ReportSummary['kind'] }) {
  const { t } = useTranslation();
  return <Tag color={kind === 'personal' ? 'purple' : 'blue'}>{t(`reports.kind.${kind}`)}</Tag>;
}

/** Where the material stands on its way to the ledger. */
export function ReportStateTag({ report }: { report: Pick<ReportSummary, 'hasLedgerDraft' | 'ledgerCommittedAt'> }) {
  const { t } = useTranslation();
  if (report.ledgerCommittedAt) return <Tag color="green">{t('reports.state.committed')}</Tag>;
  if (report.hasLedgerDraft) return <Tag color="gold">{t('reports.state.draft')}</Tag>;
  return <Tag>{t('reports.state.noDraft')}</Tag>;
}
