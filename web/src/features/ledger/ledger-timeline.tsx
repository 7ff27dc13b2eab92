import { Empty, Table, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { i18n } from '../../i18n';
import type { LedgerItemDetail } from './ledger-api';

type Event = LedgerItemDetail['events'][number];

const when = (at: string) => at.slice(0, 16).replace('T', ' ');

function valueText(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (Array.isArray(v)) return v.length ? v.map(valueText).join('、') : '—';
  if (typeof v === 'object') return JSON.stringify(v);
  const s = String(v);
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
}

function fieldLabel(key: string): string {
  for (const k of [`ledger.field.${key}`, `ledgerViews.field.${key}`]) if (i18n.exists(k)) return i18n.t(k as 'ledger.title');
  return key;
}

/** before → after for the fields an event changed. */
function Changes({ event }: { event: Event }) {
  const before = (event.before && typeof event.before === 'object' ? event.before : {}) as Record<string, unknown>;
  const after = (event.after && typeof event.after === 'object' ? event.after : {}) as Record<string, unknown>;
  if (event.kind === 'created' || event.kind === 'evidence_added') {
    const name = event.kind === 'evidence_added' ? (after.fileName as string | undefined) : undefined;
    return name ? <Typography.Text type="secondary">{name}</Typography.Text> : null;
  }
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  if (keys.length === 0) return null;
  return (
    <ul className="ledger-changes" data-testid="ledger-timeline-changes">
      {keys.map((k) => (
        <li key={k}>
          <span className="ledger-change-field">{fieldLabel(k)}</span>
          <span className="ledger-change-before">{valueText(before[k])}</span>
          {' → '}
          <span className="ledger-change-after">{valueText(after[k])}</span>
        </li>
      ))}
    </ul>
  );
}

/** The item's history, newest first: who, when, what, and the values before and after. */
export function ItemTimeline({ item }: { item: LedgerItemDetail }) {
  const { t } = useTranslation();
  const events = [...item.events].reverse();
  if (events.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Timeline
      data-testid="ledger-timeline"
      items={events.map((e) => ({
        key: e.id,
        color: e.kind === 'returned' ? 'red' : e.kind === 'signed_off' ? 'green' : 'blue',
        content: (
          <div data-testid="ledger-timeline-event" data-kind={e.kind}>
            <div>
              <Typography.Text strong>{t(`ledgerViews.event.${e.kind}`, { defaultValue: e.kind })}</Typography.Text>
              {e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus ? (
                <Tag style={{ marginInlineStart: 8 }}>
                  {t(`ledger.status.${e.fromStatus as 'not_started'}`)} → {t(`ledger.status.${e.toStatus as 'not_started'}`)}
                </Tag>
              ) : null}
            </div>
            <Typography.Text type="secondary">
              {e.actorName ?? t('ledgerViews.system')} · {when(e.at)} · v{e.version}
            </Typography.Text>
            {e.note ? <Typography.Paragraph style={{ margin: '4px 0 0' }}>{e.note}</Typography.Paragraph> : null}
            <Changes event={e} />
          </div>
        ),
      }))}
    />
  );
}

export function ReviewsTable({ item }: { item: LedgerItemDetail }) {
  const { t } = useTranslation();
  return (
    <Table
      rowKey="id"
      size="small"
      pagination={false}
      scroll={{ x: 'max-content' }}
      dataSource={item.reviews}
      locale={{ emptyText: t('ledgerViews.review.empty') }}
      data-testid="ledger-reviews"
      columns={[
        { key: 'round', title: t('ledgerViews.review.round'), dataIndex: 'round' },
        { key: 'level', title: t('ledgerViews.review.level'), dataIndex: 'level', render: (v: number) => t(v === 1 ? 'ledgerViews.review.level1' : 'ledgerViews.review.level2') },
        {
          key: 'decision',
          title: t('ledgerViews.review.decision'),
          dataIndex: 'decision',
          render: (v: string) => <Tag color={v === 'approve' ? 'green' : 'red'}>{t(v === 'approve' ? 'ledgerViews.review.approve' : 'ledgerViews.review.return')}</Tag>,
        },
        { key: 'reviewer', title: t('ledgerViews.review.reviewer'), dataIndex: 'reviewerName', render: (v: string | null) => v ?? '—' },
        { key: 'note', title: t('ledgerViews.review.note'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
        { key: 'at', title: t('ledgerViews.review.at'), dataIndex: 'at', render: when },
      ]}
    />
  );
}

export function RechecksTable({ item }: { item: LedgerItemDetail }) {
  const { t } = useTranslation();
  return (
    <Table
      rowKey="id"
      size="small"
      pagination={false}
      scroll={{ x: 'max-content' }}
      dataSource={item.rechecks}
      locale={{ emptyText: t('ledgerViews.recheck.empty') }}
      data-testid="ledger-rechecks"
      columns={[
        { key: 'round', title: t('ledgerViews.review.round'), dataIndex: 'round' },
        {
          key: 'rating',
          title: t('ledgerViews.recheck.rating'),
          dataIndex: 'rating',
          render: (v: string) => <Tag color={v === 'good' || v === 'fair' ? 'green' : 'orange'}>{t(`ledgerViews.rating.${v as 'good'}`)}</Tag>,
        },
        { key: 'reopened', title: t('ledgerViews.recheck.reopened'), dataIndex: 'reopened', render: (v: boolean) => (v ? t('ledgerViews.yes') : t('ledgerViews.no')) },
        { key: 'by', title: t('ledgerViews.review.reviewer'), dataIndex: 'byName', render: (v: string | null) => v ?? '—' },
        { key: 'note', title: t('ledgerViews.review.note'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
        { key: 'at', title: t('ledgerViews.review.at'), dataIndex: 'at', render: when },
      ]}
    />
  );
}
