import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, List, Popover, Space, Spin, Switch, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useShowError } from '../../components/use-api-error';
import { useMarkAllRead, useMarkRead, useNotifications, useUnreadCount, type Notification } from './notifications-api';

const KIND_COLOR: Record<string, string> = { due_soon: 'gold', due_today: 'orange', overdue: 'red', inactive: 'purple', digest: 'blue' };
const KNOWN_KINDS = ['due_soon', 'due_today', 'overdue', 'inactive', 'digest'] as const;

function NotificationList({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const showError = useShowError();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [pageSize, setPageSize] = useState(10);
  const list = useNotifications({ unread: unreadOnly, page: 1, pageSize });
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();

  const open = async (n: Notification) => {
    try {
      if (!n.readAt) await markRead.mutateAsync(n.id);
    } catch (e) {
      showError(e);
    }
    onDone();
    if (n.link) navigate(n.link);
  };
  const kindLabel = (kind: string) => t(`notify.kind.${(KNOWN_KINDS as readonly string[]).includes(kind) ? (kind as (typeof KNOWN_KINDS)[number]) : 'other'}`);

  return (
    <div style={{ width: 360, maxWidth: 'calc(100vw - 32px)' }} data-testid="notify-panel">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }}>
        <Space size={6}>
          <Switch size="small" checked={unreadOnly} onChange={setUnreadOnly} data-testid="notify-unread-only" />
          <Typography.Text type="secondary">{t('notify.unreadOnly')}</Typography.Text>
        </Space>
        <Button
          size="small"
          type="link"
          loading={markAll.isPending}
          onClick={() => markAll.mutate(undefined, { onError: showError })}
          data-testid="notify-read-all"
        >
          {t('notify.readAll')}
        </Button>
      </Space>
      {list.isError ? (
        <Typography.Text type="danger">{t('notify.loadFailed')}</Typography.Text>
      ) : list.isLoading ? (
        <div style={{ textAlign: 'center', padding: 24 }}>
          <Spin />
        </div>
      ) : (list.data?.items.length ?? 0) === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notify.empty')} />
      ) : (
        <List
          size="small"
          style={{ maxHeight: 420, overflowY: 'auto' }}
          dataSource={list.data?.items ?? []}
          renderItem={(n) => (
            <List.Item
              key={n.id}
              onClick={() => void open(n)}
              style={{ cursor: 'pointer', opacity: n.readAt ? 0.6 : 1, paddingInline: 4 }}
              data-testid="notify-item"
              data-read={n.readAt ? 'true' : 'false'}
            >
              <List.Item.Meta
                title={
                  <Space size={4} wrap>
                    {!n.readAt ? <Badge status="processing" /> : null}
                    <Tag color={KIND_COLOR[n.kind] ?? 'default'}>{kindLabel(n.kind)}</Tag>
                    <Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>
                  </Space>
                }
                description={
                  <>
                    {n.body ? (
                      <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ marginBottom: 2, whiteSpace: 'pre-line' }}>
                        {n.body}
                      </Typography.Paragraph>
                    ) : null}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {dayjs(n.createdAt).format('YYYY-MM-DD HH:mm')}
                    </Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
      {list.data && list.data.total > list.data.items.length ? (
        <Button block type="link" onClick={() => setPageSize((s) => s + 10)} data-testid="notify-more">
          {t('notify.more')}
        </Button>
      ) : null}
    </div>
  );
}

/** The bell in the header: the unread count, and a list that marks read and opens the item. */
export function NotificationBell() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const unread = useUnreadCount();
  const count = unread.data?.count ?? 0;
  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={setOpen}
      title={t('notify.title')}
      content={open ? <NotificationList onDone={() => setOpen(false)} /> : null}
      destroyOnHidden
    >
      <Button type="text" aria-label={t('notify.bell')} data-testid="notify-bell" style={{ color: '#fff', position: 'relative' }}>
        <BellOutlined style={{ color: '#fff', fontSize: 18 }} />
        <span
          data-testid="notify-count"
          data-count={count}
          aria-label={t('notify.title')}
          style={{
            position: 'absolute',
            top: 2,
            right: 0,
            minWidth: 16,
            height: 16,
            padding: '0 4px',
            borderRadius: 8,
            background: '#faad14',
            color: '#fff',
            fontSize: 11,
            lineHeight: '16px',
            textAlign: 'center',
            display: count > 0 ? 'inline-block' : 'none',
          }}
        >
          {count > 99 ? '99+' : count}
        </span>
      </Button>
    </Popover>
  );
}
