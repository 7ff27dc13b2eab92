import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Form, Input, InputNumber, Modal, Table, Typography, type TableProps } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch, itemsOf } from '../../api/client';
import type { ApiToken, ApiTokenCreated } from '../../api/types';
import { ErrorResult } from '../../components/result-pages';
import { SecretModal } from '../../components/secret-modal';
import { useWriteMutation } from '../../components/use-write-mutation';
import { buttonTestId } from '../../components/test-id';

const TOKENS_KEY = ['auth', 'tokens'] as const;
type CreateForm = { name: string; expiresInDays: number };

function formatTime(v: string | null, empty: string): string {
  return v ? dayjs(v).format('YYYY-MM-DD HH:mm') : empty;
}

export function TokensPage() {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const [form] = Form.useForm<CreateForm>();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<ApiTokenCreated | null>(null);
  const tokens = useQuery({
    queryKey: TOKENS_KEY,
    queryFn: () => apiFetch<{ items: ApiToken[] } | ApiToken[]>('/auth/tokens'),
    select: itemsOf,
  });
  const create = useWriteMutation({
    mutationFn: (body: CreateForm) => apiFetch<ApiTokenCreated>('/auth/tokens', { method: 'POST', body }),
    invalidate: [TOKENS_KEY],
    onSuccess: (tok) => {
      setCreating(false);
      setCreated(tok);
    },
  });
  const revoke = useWriteMutation({
    mutationFn: (tok: ApiToken) => apiFetch(`/auth/tokens/${tok.id}`, { method: 'DELETE' }),
    invalidate: [TOKENS_KEY],
    successMessage: t('tokens.revoked'),
  });

  const columns: TableProps<ApiToken>['columns'] = [
    { key: 'name', title: t('tokens.name'), dataIndex: 'name', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
    { key: 'createdAt', title: t('tokens.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v, '—') },
    { key: 'expiresAt', title: t('tokens.expiresAt'), dataIndex: 'expiresAt', render: (v: string | null) => formatTime(v, t('tokens.noExpiry')) },
    { key: 'lastUsedAt', title: t('tokens.lastUsedAt'), dataIndex: 'lastUsedAt', render: (v: string | null) => formatTime(v, t('tokens.never')) },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_, tok) => (
        <Button
          type="link"
          danger
          size="small"
          icon={<DeleteOutlined />}
          onClick={() =>
            modal.confirm({
              title: t('common.confirmTitle'),
              content: t('tokens.revokeConfirm', { name: tok.name }),
              okButtonProps: { danger: true },
              okText: t('tokens.revoke'),
              cancelText: t('common.cancel'),
              onOk: () => revoke.mutateAsync(tok).catch(() => undefined),
            })
          }
          data-testid="token-revoke"
        >
          {t('tokens.revoke')}
        </Button>
      ),
    },
  ];

  return (
    <div className="page">
      <div className="page-header">
        <Typography.Title level={3}>{t('tokens.title')}</Typography.Title>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => {
            form.resetFields();
            setCreating(true);
          }}
          data-testid="tokens-new"
        >
          {t('tokens.new')}
        </Button>
      </div>
      <Typography.Paragraph type="secondary">{t('tokens.intro')}</Typography.Paragraph>
      {tokens.error ? (
        <ErrorResult error={tokens.error} onRetry={() => void tokens.refetch()} />
      ) : (
        <Table<ApiToken>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={tokens.data ?? []}
          loading={tokens.isPending}
          scroll={{ x: 'max-content' }}
          pagination={false}
          onRow={() => ({ 'data-testid': 'token-row' }) as React.HTMLAttributes<HTMLElement>}
          data-testid="tokens-table"
        />
      )}
      <Modal
        open={creating}
        title={t('tokens.new')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        okButtonProps={buttonTestId('token-create-submit')}
        forceRender
      >
        <Form<CreateForm> form={form} layout="vertical" initialValues={{ expiresInDays: 90 }} onFinish={(v) => create.mutate({ name: v.name.trim(), expiresInDays: v.expiresInDays })}>
          <Form.Item name="name" label={t('tokens.name')} rules={[{ required: true, whitespace: true, message: t('tokens.nameRequired') }, { max: 64 }]}>
            <Input maxLength={64} data-testid="token-name" />
          </Form.Item>
          <Form.Item name="expiresInDays" label={t('tokens.expiresInDays')} rules={[{ required: true, message: t('common.required') }]}>
            <InputNumber min={1} max={3650} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
      <SecretModal
        open={!!created}
        title={t('tokens.createdTitle')}
        notice={t('tokens.tokenOnce')}
        secret={created?.token ?? null}
        onClose={() => setCreated(null)}
        data-testid="token-value"
      />
    </div>
  );
}
