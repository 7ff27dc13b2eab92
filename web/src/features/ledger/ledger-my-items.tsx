import { Alert, Button, Empty, List, Segmented, Space, Spin, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useMe } from '../auth/session';
import { useAllLedgerItems, type LedgerItem } from './ledger-api';
import { LedgerStatusTag, LedgerTypeTag, nextActionOf, OverdueTag, ProgressBar, type NextAction } from './ledger-labels';

type Scope = 'todo' | 'owned' | 'reviewing';
const URGENT: readonly NextAction[] = ['start', 'submit', 'review', 'sign_off', 'check_in'];

/** Items the caller owns or reviews, with the next thing to do, the most urgent first. */
export function MyLedgerItems() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const [scope, setScope] = useState<Scope>('todo');
  const owned = useAllLedgerItems({ ownerPersonId: me.personId ?? undefined, sort: 'deadline' }, { enabled: !!me.personId });
  const reviewing = useAllLedgerItems({ reviewer: 'me', sort: 'deadline' });
  const ownedItems = me.personId ? (owned.data?.items ?? []) : [];

  const rows = useMemo(() => {
    const byId = new Map<string, LedgerItem>();
    if (scope !== 'reviewing') for (const i of ownedItems) byId.set(i.id, i);
    if (scope !== 'owned') for (const i of reviewing.data?.items ?? []) byId.set(i.id, i);
    const list = [...byId.values()].map((item) => ({ item, action: nextActionOf(me, item) }));
    const filtered = scope === 'todo' ? list.filter((r) => URGENT.includes(r.action)) : list;
    // Overdue first, then by deadline.
    return filtered.sort(
      (a, b) => Number(b.item.overdue) - Number(a.item.overdue) || (a.item.deadline ?? '9999').localeCompare(b.item.deadline ?? '9999'),
    );
  }, [scope, ownedItems, reviewing.data, me]);

  const loading = (!!me.personId && owned.isPending) || reviewing.isPending;
  const error = owned.error ?? reviewing.error;
  return (
    <div data-testid="ledger-my">
      {!me.personId ? <Alert type="info" showIcon title={t('ledgerViews.my.noPerson')} style={{ marginBottom: 12 }} /> : null}
      <Segmented<Scope>
        value={scope}
        onChange={setScope}
        options={[
          { value: 'todo', label: <span data-testid="ledger-my-todo">{t('ledgerViews.my.todo')}</span> },
          { value: 'owned', label: <span data-testid="ledger-my-owned">{t('ledgerViews.my.owned')}</span> },
          { value: 'reviewing', label: <span data-testid="ledger-my-reviewing">{t('ledgerViews.my.reviewing')}</span> },
        ]}
        style={{ marginBottom: 12 }}
      />
      {error ? <Alert type="error" showIcon title={t('ledgerViews.loadFailed')} style={{ marginBottom: 12 }} /> : null}
      <Spin spinning={loading}>
        <List
          dataSource={rows}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(`ledgerViews.my.empty.${scope}`)} /> }}
          renderItem={({ item, action }) => (
            <List.Item
              data-testid="ledger-my-row"
              data-item-id={item.id}
              actions={[
                <Button
                  key="go"
                  size="small"
                  type={URGENT.includes(action) ? 'primary' : 'default'}
                  onClick={() => navigate(`/ledger/items/${item.id}`)}
                  data-testid="ledger-my-action"
                >
                  {t(`ledgerViews.next.${action}`)}
                </Button>,
              ]}
            >
              <List.Item.Meta
                title={
                  <Link to={`/ledger/items/${item.id}`} className="ledger-problem-link">
                    {item.problem}
                  </Link>
                }
                description={
                  <Space wrap size={[8, 4]}>
                    <LedgerStatusTag item={item} />
                    <LedgerTypeTag type={item.type} />
                    <OverdueTag item={item} />
                    {item.deadline ? <Typography.Text type="secondary">{t('ledgerViews.deadlineOn', { date: item.deadline })}</Typography.Text> : null}
                    {item.ownerName ? <Tag>{t('ledgerViews.ownerIs', { name: item.ownerName })}</Tag> : null}
                    <ProgressBar value={item.status === 'signed_off' ? 100 : item.progress} />
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      </Spin>
    </div>
  );
}
