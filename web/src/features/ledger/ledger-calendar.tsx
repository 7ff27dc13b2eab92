import { Alert, Badge, Calendar, Card, Checkbox, Empty, Grid, List, Space, Spin, Typography } from 'antd';
import type { CalendarProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { OrgUnitTreeSelect } from '../../components/org-unit-tree-select';
import { useUrlParams } from '../../components/use-url-params';
import { useAllLedgerItems, type LedgerItem } from './ledger-api';
import { LedgerStatusTag, OverdueTag, PartialNotice } from './ledger-labels';

/** Deadlines on a month calendar: the items due each day, overdue ones in red; the chosen day listed below. */
export function LedgerCalendar() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const isPhone = Grid.useBreakpoint().md === false;
  const { params, update } = useUrlParams();
  // ?month=YYYY-MM opens that month (a bookmark, or a link from elsewhere).
  const month = params.get('month');
  const [day, setDay] = useState<Dayjs>(() => (month && /^\d{4}-\d{2}$/.test(month) ? dayjs(`${month}-01`) : dayjs()));
  const hideDone = params.get('open') !== 'all';
  const items = useAllLedgerItems({ orgUnitId: params.get('orgUnitId') ?? undefined, sort: 'deadline' });

  const byDay = useMemo(() => {
    const map = new Map<string, LedgerItem[]>();
    for (const i of items.data?.items ?? []) {
      if (!i.deadline || (hideDone && i.status === 'signed_off')) continue;
      const list = map.get(i.deadline) ?? [];
      list.push(i);
      map.set(i.deadline, list);
    }
    return map;
  }, [items.data, hideDone]);

  const cellRender: CalendarProps<Dayjs>['cellRender'] = (date, info) => {
    if (info.type === 'month') {
      const prefix = date.format('YYYY-MM');
      let count = 0;
      for (const [k, v] of byDay) if (k.startsWith(prefix)) count += v.length;
      return count ? <Badge count={count} color="#b71c1c" /> : null;
    }
    if (info.type !== 'date') return info.originNode;
    const list = byDay.get(date.format('YYYY-MM-DD')) ?? [];
    if (list.length === 0) return null;
    if (isPhone) return <Badge count={list.length} size="small" color={list.some((i) => i.overdue) ? '#cf1322' : '#1677ff'} />;
    return (
      <ul className="ledger-calendar-items">
        {list.slice(0, 3).map((i) => (
          <li
            key={i.id}
            className={i.overdue ? 'ledger-calendar-item overdue' : 'ledger-calendar-item'}
            onClick={(e) => {
              e.stopPropagation();
              navigate(`/ledger/items/${i.id}`);
            }}
            title={i.problem}
            data-testid="ledger-calendar-item"
            data-overdue={i.overdue}
          >
            {i.problem}
          </li>
        ))}
        {list.length > 3 ? <li className="ledger-calendar-more">{t('ledgerViews.calendar.more', { count: list.length - 3 })}</li> : null}
      </ul>
    );
  };

  const chosen = byDay.get(day.format('YYYY-MM-DD')) ?? [];
  return (
    <div data-testid="ledger-calendar">
      <div className="filter-bar">
        <OrgUnitTreeSelect value={params.get('orgUnitId')} onChange={(v) => update({ orgUnitId: v })} placeholder={t('ledger.field.orgUnit')} style={{ width: 200 }} data-testid="ledger-calendar-org" />
        <Checkbox checked={!hideDone} onChange={(e) => update({ open: e.target.checked ? 'all' : null })} data-testid="ledger-calendar-all">
          {t('ledgerViews.calendar.showSignedOff')}
        </Checkbox>
      </div>
      {items.error ? <Alert type="error" showIcon title={t('ledgerViews.loadFailed')} /> : null}
      <PartialNotice shown={items.data?.items.length} total={items.data?.total} />
      <Spin spinning={items.isPending}>
        <Card size="small" className="ledger-calendar">
          <Calendar
            value={day}
            onSelect={(d) => setDay(d)}
            onPanelChange={(d) => update({ month: d.format('YYYY-MM') }, false)}
            cellRender={cellRender}
            fullscreen={!isPhone}
          />
        </Card>
      </Spin>
      <Card size="small" title={t('ledgerViews.calendar.dueOn', { date: day.format('YYYY-MM-DD') })} style={{ marginTop: 12 }} data-testid="ledger-calendar-day">
        <List
          dataSource={chosen}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ledgerViews.calendar.noneDue')} /> }}
          renderItem={(i) => (
            <List.Item data-testid="ledger-calendar-day-item">
              <Space direction="vertical" size={2} style={{ width: '100%' }}>
                <Link to={`/ledger/items/${i.id}`}>
                  <Typography.Text type={i.overdue ? 'danger' : undefined}>{i.problem}</Typography.Text>
                </Link>
                <Space wrap size={4}>
                  <LedgerStatusTag item={i} />
                  <OverdueTag item={i} />
                  <Typography.Text type="secondary">{i.ownerName ?? t('ledgerViews.unassigned')}</Typography.Text>
                </Space>
              </Space>
            </List.Item>
          )}
        />
      </Card>
    </div>
  );
}
