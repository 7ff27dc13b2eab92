import { Alert, Badge, Card, Empty, Spin, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { OrgUnitTreeSelect } from '../../components/org-unit-tree-select';
import { useUrlParams } from '../../components/use-url-params';
import { useAllLedgerItems, type LedgerItem } from './ledger-api';
import { LedgerTypeTag, OverdueTag, PartialNotice, ProgressBar, useLedgerOptions } from './ledger-labels';
import { ParamSelect } from '../../components/param-select';

type Lane = { key: string; title: string; items: LedgerItem[] };

function BoardCard({ item }: { item: LedgerItem }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const open = () => navigate(`/ledger/items/${item.id}`);
  return (
    <Card
      size="small"
      hoverable
      className={item.overdue ? 'ledger-card ledger-card-overdue' : 'ledger-card'}
      onClick={open}
      onKeyDown={(e) => {
        if (e.key === 'Enter') open();
      }}
      tabIndex={0}
      data-testid="ledger-board-card"
      data-item-id={item.id}
      data-status={item.status}
    >
      <Typography.Paragraph ellipsis={{ rows: 3 }} style={{ marginBottom: 6 }}>
        {item.problem}
      </Typography.Paragraph>
      <div className="ledger-card-meta">
        <LedgerTypeTag type={item.type} />
        <OverdueTag item={item} />
      </div>
      <div className="ledger-card-meta">
        <Typography.Text type="secondary">{t('ledgerViews.ownerIs', { name: item.ownerName ?? t('ledgerViews.unassigned') })}</Typography.Text>
        <Typography.Text type={item.overdue ? 'danger' : 'secondary'}>{item.deadline ?? t('ledgerViews.noDeadline')}</Typography.Text>
      </div>
      <ProgressBar value={item.status === 'signed_off' ? 100 : item.progress} width={180} />
    </Card>
  );
}

function LaneColumn({ lane }: { lane: Lane }) {
  const { t } = useTranslation();
  return (
    <div className="ledger-lane" data-testid="ledger-board-lane" data-lane={lane.key}>
      <div className="ledger-lane-head">
        <span>{lane.title}</span>
        <Badge count={lane.items.length} showZero color="#999" />
      </div>
      <div className="ledger-lane-body">
        {lane.items.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ledgerViews.board.emptyLane')} /> : null}
        {lane.items.map((i) => (
          <BoardCard key={i.id} item={i} />
        ))}
      </div>
    </div>
  );
}

/** The ledger by status: 未启动 · 整改中 · 待审核（一级 / 二级）· 已销号. */
export function LedgerBoard() {
  const { t } = useTranslation();
  const options = useLedgerOptions();
  const { params, update } = useUrlParams();
  const query = { orgUnitId: params.get('orgUnitId') ?? undefined, type: params.get('type') ?? undefined, sort: 'deadline' };
  const items = useAllLedgerItems(query);

  const lanes = useMemo<Lane[]>(() => {
    const all = items.data?.items ?? [];
    const of = (pred: (i: LedgerItem) => boolean) => all.filter(pred);
    return [
      { key: 'not_started', title: t('ledger.status.not_started'), items: of((i) => i.status === 'not_started') },
      { key: 'in_progress', title: t('ledger.status.in_progress'), items: of((i) => i.status === 'in_progress') },
      { key: 'review_1', title: t('ledgerViews.status.awaitingDepartment'), items: of((i) => i.status === 'awaiting_review' && i.reviewLevel < 1) },
      { key: 'review_2', title: t('ledgerViews.status.awaitingLeader'), items: of((i) => i.status === 'awaiting_review' && i.reviewLevel >= 1) },
      { key: 'signed_off', title: t('ledger.status.signed_off'), items: of((i) => i.status === 'signed_off') },
    ];
  }, [items.data, t]);

  return (
    <div data-testid="ledger-board">
      <div className="filter-bar">
        <OrgUnitTreeSelect value={params.get('orgUnitId')} onChange={(v) => update({ orgUnitId: v })} placeholder={t('ledger.field.orgUnit')} style={{ width: 200 }} data-testid="ledger-board-org" />
        <ParamSelect
          name="type"
          options={options.type}
          placeholder={t('ledger.field.type')}
          style={{ width: 140 }}
          data-testid="ledger-board-type"
        />
      </div>
      {items.error ? <Alert type="error" showIcon title={t('ledgerViews.loadFailed')} /> : null}
      <PartialNotice shown={items.data?.items.length} total={items.data?.total} />
      <Spin spinning={items.isPending}>
        {items.data && items.data.items.length === 0 ? (
          <Empty description={t('ledgerViews.empty.table')} data-testid="ledger-empty" />
        ) : (
          <div className="ledger-board">
            {lanes.map((lane) => (
              <LaneColumn key={lane.key} lane={lane} />
            ))}
          </div>
        )}
      </Spin>
    </div>
  );
}
