import { ArrowLeftOutlined, EditOutlined, WarningOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Badge, Button, Card, Descriptions, Empty, Grid, Space, Steps, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { LedgerItemPatch } from '../../../../src/contracts/ledger';
import { isApiError } from '../../api/client';
import { applyFieldErrors, errorText } from '../../api/errors';
import { confirmConflictReload } from '../../components/confirm-conflict-reload';
import { FullPageSpin } from '../../components/full-page-spin';
import { ErrorResult } from '../../components/result-pages';
import { currentLanguage } from '../../i18n';
import { useMe } from '../auth/session';
import {
  checkInLedgerItem,
  LEDGER_KEY,
  ledgerItemKey,
  patchLedgerItem,
  recheckLedgerItem,
  transitionLedgerItem,
  useLedgerItem,
  type LedgerItemDetail,
} from './ledger-api';
import { EvidencePanel } from './ledger-evidence';
import { allowedActions, ItemActions, type ActionInput } from './ledger-item-actions';
import { EDITABLE_FIELDS, LedgerItemEditDrawer } from './ledger-item-edit';
import { itemRoleOf, LedgerStatusTag, LedgerTypeTag, OverdueTag, ProgressBar } from './ledger-labels';
import { ItemTimeline, RechecksTable, ReviewsTable } from './ledger-timeline';
import './ledger.css';

/** Which step of 未启动 → 整改中 → 待验收 → 一级审核 → 销号 the item is at. */
function stepIndex(item: LedgerItemDetail): number {
  switch (item.status) {
    case 'not_started':
      return 0;
    case 'in_progress':
      return 1;
    case 'awaiting_review':
      return item.reviewLevel >= 1 ? 3 : 2;
    default:
      return 4;
  }
}

/** One ledger item: its fields, steps, actions, evidence, reviews, re-checks and timeline. */
export function LedgerItemPage() {
  const { id = '' } = useParams();
  const item = useLedgerItem(id);
  if (item.isPending) return <FullPageSpin />;
  if (item.error || !item.data) return <ErrorResult error={item.error} onRetry={() => void item.refetch()} />;
  return <ItemView item={item.data} refetch={() => item.refetch()} />;
}

function ItemView({ item, refetch }: { item: LedgerItemDetail; refetch: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const me = useMe();
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState(false);
  const isPhone = Grid.useBreakpoint().md === false;
  // One column on phones: a span wider than the row would add an empty column.
  const wide = isPhone ? 1 : 2;
  const role = itemRoleOf(me, item);
  const actions = allowedActions(item, role);
  const canEditAll = role.manager;
  const canFillProgress = !canEditAll && role.owner && item.status !== 'signed_off';

  const stored = (next: LedgerItemDetail) => {
    client.setQueryData(ledgerItemKey(next.id), next);
    void client.invalidateQueries({ queryKey: [...LEDGER_KEY, 'list'] });
    void client.invalidateQueries({ queryKey: [...LEDGER_KEY, 'all'] });
  };
  // The server's own Chinese sentence says exactly what is missing (e.g. which review comes first).
  const showError = (e: unknown) => {
    if (confirmConflictReload(e, modal, t, refetch)) return;
    const text = isApiError(e) && currentLanguage() === 'zh-CN' && /[\u4e00-\u9fff]/.test(e.message) ? e.message : errorText(t, e);
    void message.error(text);
  };

  const run = async (input: ActionInput): Promise<boolean> => {
    setBusy(true);
    try {
      let next: LedgerItemDetail;
      if (input.action === 'recheck') next = await recheckLedgerItem(item.id, { rating: input.rating!, note: input.note, version: item.version });
      else if (input.action === 'check_in') next = await checkInLedgerItem(item.id, { note: input.note ?? '', version: item.version });
      else next = await transitionLedgerItem(item.id, { to: input.action, note: input.note, version: item.version, ...(input.completedOn ? { completedOn: input.completedOn } : {}) });
      stored(next);
      void message.success(t('ledgerViews.action.done'));
      return true;
    } catch (e) {
      showError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const save = async (patch: LedgerItemPatch, form: Parameters<Parameters<typeof LedgerItemEditDrawer>[0]['onSave']>[1]) => {
    setBusy(true);
    try {
      stored(await patchLedgerItem(item.id, patch));
      setEditing(false);
      void message.success(t('common.saved'));
    } catch (e) {
      if (!applyFieldErrors(form, t, e, EDITABLE_FIELDS)) showError(e);
    } finally {
      setBusy(false);
    }
  };

  const step = stepIndex(item);
  const returned = item.status === 'in_progress' && item.reviews.some((r) => r.round === item.round && r.decision === 'return');
  const stepItems = [
    { title: t('ledger.status.not_started') },
    { title: t('ledger.status.in_progress'), status: returned ? ('error' as const) : undefined, content: returned ? t('ledgerViews.steps.returned') : undefined },
    { title: t('ledgerViews.steps.submitted'), content: t('ledgerViews.steps.level1Pending') },
    { title: t('ledgerViews.steps.level1'), content: item.leadDepartmentName ?? undefined },
    { title: t('ledgerViews.steps.level2'), content: item.leaderName ?? undefined },
  ];

  const dash = (v: string | null | undefined) => (v && v.trim() ? v : '—');
  return (
    <div className="page ledger-item-page" data-testid="ledger-item" data-status={item.status} data-version={item.version}>
      <Space style={{ marginBottom: 8 }}>
        <Link to="/ledger/table">
          <ArrowLeftOutlined /> {t('ledgerViews.item.back')}
        </Link>
      </Space>
      <div className="page-header">
        <Typography.Title level={4} style={{ flex: '1 1 320px' }} data-testid="ledger-item-problem">
          {item.problem}
        </Typography.Title>
        <Space wrap>
          {canEditAll || canFillProgress ? (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="ledger-item-edit">
              {canEditAll ? t('ledgerViews.item.edit') : t('ledgerViews.item.fillProgress')}
            </Button>
          ) : null}
        </Space>
      </div>
      <Space wrap style={{ marginBottom: 12 }}>
        <LedgerStatusTag item={item} />
        <LedgerTypeTag type={item.type} />
        <OverdueTag item={item} />
        {item.changedSinceSignOff ? (
          <Badge status="warning" text={<Tag color="orange" icon={<WarningOutlined />} data-testid="ledger-changed-since-signoff">{t('ledgerViews.item.changedSinceSignOff')}</Tag>} />
        ) : null}
        {item.round > 1 ? <Tag>{t('ledgerViews.item.round', { round: item.round })}</Tag> : null}
        {item.nextCheckInDue ? <Tag color="blue">{t('ledgerViews.item.nextCheckIn', { date: item.nextCheckInDue })}</Tag> : null}
      </Space>

      <Card size="small" style={{ marginBottom: 12 }}>
        <Steps current={step} items={stepItems} size="small" responsive data-testid="ledger-item-steps" status={step === 4 ? 'finish' : undefined} />
        <div style={{ marginTop: 12 }}>
          <ItemActions item={item} actions={actions} busy={busy} onRun={run} />
          {actions.length === 0 ? <Typography.Text type="secondary">{t('ledgerViews.action.none')}</Typography.Text> : null}
        </div>
      </Card>

      <div className="ledger-item-grid">
        <Card size="small" title={t('ledgerViews.item.fields')}>
          <Descriptions column={{ xs: 1, sm: 1, md: 2 }} size="small" bordered={!isPhone} layout={isPhone ? 'vertical' : 'horizontal'}
            styles={{ label: { whiteSpace: 'nowrap' } }}
            data-testid="ledger-item-fields"
          >
            <Descriptions.Item label={t('ledger.field.orgUnit')}>{item.orgUnitName}</Descriptions.Item>
            <Descriptions.Item label={t('ledgerViews.field.source')}>{t(`ledgerViews.source.${item.source}`)}</Descriptions.Item>
            <Descriptions.Item label={t('ledger.field.aspect')} span={wide}>{dash(item.aspect)}</Descriptions.Item>
            <Descriptions.Item label={t('ledger.field.problem')} span={wide}>{item.problem}</Descriptions.Item>
            <Descriptions.Item label={t('ledger.field.cause')} span={wide}>{dash(item.cause)}</Descriptions.Item>
            <Descriptions.Item label={t('ledger.field.target')} span={wide}>{dash(item.target)}</Descriptions.Item>
            <Descriptions.Item label={t('ledger.field.measure')} span={wide}>
              <div className="ledger-pre">{dash(item.measure)}</div>
            </Descriptions.Item>
            <Descriptions.Item label={t('ledger.field.leader')}>{dash(item.leaderName)}</Descriptions.Item>
            <Descriptions.Item label={t('ledger.field.leadDepartment')}>{dash(item.leadDepartmentName)}</Descriptions.Item>
            <Descriptions.Item label={t('ledger.field.owner')}>{dash(item.ownerName)}</Descriptions.Item>
            <Descriptions.Item label={t('ledger.field.deadline')}>{dash(item.deadline)}</Descriptions.Item>
            <Descriptions.Item label={t('ledgerViews.field.progress')}>
              <ProgressBar value={item.status === 'signed_off' ? 100 : item.progress} width={160} />
            </Descriptions.Item>
            <Descriptions.Item label={t('ledgerViews.field.weight')}>{item.weight}</Descriptions.Item>
            <Descriptions.Item label={t('ledgerViews.field.progressNote')} span={wide}>
              <div className="ledger-pre" data-testid="ledger-item-progress-note">{dash(item.progressNote)}</div>
            </Descriptions.Item>
            <Descriptions.Item label={t('ledgerViews.field.completedAt')}>{item.completedAt ? item.completedAt.slice(0, 10) : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('ledgerViews.field.signedOffAt')}>{item.signedOffAt ? item.signedOffAt.slice(0, 10) : '—'}</Descriptions.Item>
            {item.type === 'ongoing' ? (
              <Descriptions.Item label={t('ledgerViews.field.checkInMonths')}>{t('ledgerViews.item.everyMonths', { months: item.checkInMonths })}</Descriptions.Item>
            ) : null}
            {item.type === 'ongoing' ? <Descriptions.Item label={t('ledgerViews.field.lastCheckInAt')}>{item.lastCheckInAt ? item.lastCheckInAt.slice(0, 10) : '—'}</Descriptions.Item> : null}
            <Descriptions.Item label={t('ledger.field.remarks')} span={wide}>{dash(item.remarks)}</Descriptions.Item>
            {item.problemRefs.length ? (
              <Descriptions.Item label={t('ledgerViews.field.refs')} span={wide}>
                {item.problemRefs.map((r) => (
                  <Tag key={`${r.kind}-${r.id}`} className="ledger-ref-tag">
                    {r.title}
                  </Tag>
                ))}
              </Descriptions.Item>
            ) : null}
          </Descriptions>
        </Card>

        <Card size="small" title={t('ledgerViews.field.milestones')} data-testid="ledger-milestones">
          {item.milestones.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ledgerViews.milestone.empty')} />
          ) : (
            <Table
              rowKey={(_, i) => String(i)}
              size="small"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={item.milestones}
              columns={[
                { key: 'title', title: t('ledgerViews.milestone.title'), dataIndex: 'title' },
                { key: 'dueOn', title: t('ledgerViews.milestone.dueOn'), dataIndex: 'dueOn', render: (v: string | null) => v ?? '—' },
                {
                  key: 'doneOn',
                  title: t('ledgerViews.milestone.doneOn'),
                  dataIndex: 'doneOn',
                  render: (v: string | null, m) =>
                    v ? <Tag color="green">{v}</Tag> : m.dueOn && m.dueOn < new Date().toISOString().slice(0, 10) ? <Tag color="red">{t('ledgerViews.milestone.late')}</Tag> : '—',
                },
              ]}
            />
          )}
        </Card>
      </div>

      <Card size="small" title={t('ledgerViews.evidence.title', { count: item.evidence.length })} style={{ marginTop: 12 }}>
        {item.status === 'in_progress' && item.evidence.length === 0 && role.owner ? (
          <Alert type="info" showIcon title={t('ledgerViews.action.evidenceFirst')} style={{ marginBottom: 12 }} />
        ) : null}
        <EvidencePanel item={item} canUpload={role.owner || role.manager} onUploaded={stored} onError={showError} />
      </Card>

      <div className="ledger-item-grid" style={{ marginTop: 12 }}>
        <Card size="small" title={t('ledgerViews.review.title')}>
          <ReviewsTable item={item} />
          {item.rechecks.length || item.status === 'signed_off' ? (
            <>
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                {t('ledgerViews.recheck.title')}
              </Typography.Title>
              <RechecksTable item={item} />
            </>
          ) : null}
        </Card>
        <Card size="small" title={t('ledgerViews.item.timeline')}>
          <ItemTimeline item={item} />
        </Card>
      </div>

      <LedgerItemEditDrawer
        item={item}
        open={editing}
        ownerOnly={!canEditAll}
        saving={busy}
        onClose={() => setEditing(false)}
        onSave={(patch, form) => void save(patch, form)}
      />
    </div>
  );
}
