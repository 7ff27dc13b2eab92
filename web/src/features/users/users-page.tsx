import { CheckCircleOutlined, EditOutlined, KeyOutlined, PlusOutlined, SearchOutlined, StopOutlined, UnlockOutlined } from '@ant-design/icons';
import { listPagination } from '../../components/list-pagination';
import { App, Button, Input, Space, Table, Tag, Typography, type TableProps } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { apiFetch } from '../../api/client';
import type { PasswordReset, User, UserCreated } from '../../api/types';
import { ErrorResult } from '../../components/result-pages';
import { SecretModal } from '../../components/secret-modal';
import { useWriteMutation } from '../../components/use-write-mutation';
import { useCan } from '../auth/session';
import { useOrgUnits } from '../org/org-api';
import { CreateUserModal, EditUserModal } from './user-form-modal';
import { USERS_KEY, useUsers } from './users-api';

function isLocked(u: User): boolean {
  return !!u.lockedUntil && dayjs(u.lockedUntil).isAfter(dayjs());
}

type Secret = { title: string; value: string };

export function UsersPage() {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const canWrite = useCan('users.write');
  const canReadPeople = useCan('people.read');
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [secret, setSecret] = useState<Secret | null>(null);
  const users = useUsers({ q: search || undefined, page, pageSize });
  const units = useOrgUnits();
  const unitNames = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u.name])), [units.data]);

  const patch = useWriteMutation({
    mutationFn: ({ user, changes }: { user: User; changes: { disabled?: boolean; unlock?: boolean } }) =>
      apiFetch<User>(`/users/${user.id}`, { method: 'PATCH', body: { version: user.version, ...changes } }),
    invalidate: [USERS_KEY],
    successMessage: t('users.saved'),
  });
  const reset = useWriteMutation({
    mutationFn: (user: User) => apiFetch<PasswordReset>(`/users/${user.id}/reset-password`, { method: 'POST' }),
    invalidate: [USERS_KEY],
    onSuccess: (r) => setSecret({ title: t('users.temporaryPasswordTitle'), value: r.temporaryPassword }),
  });

  const confirm = (content: string, onOk: () => Promise<unknown>, danger = false) =>
    modal.confirm({
      title: t('common.confirmTitle'),
      content,
      okButtonProps: { danger },
      okText: t('common.ok'),
      cancelText: t('common.cancel'),
      onOk: () => onOk().catch(() => undefined),
    });

  const columns: TableProps<User>['columns'] = [
    { key: 'username', title: t('users.field.username'), dataIndex: 'username', fixed: 'left', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
    {
      key: 'person',
      title: t('users.field.person'),
      dataIndex: 'personName',
      render: (name: string | null, u) =>
        name && u.personId && canReadPeople ? <Link to={`/people/${u.personId}`}>{name}</Link> : (name ?? '—'),
    },
    {
      key: 'roles',
      title: t('users.field.roles'),
      dataIndex: 'roles',
      render: (roles: User['roles']) =>
        roles.length ? (
          <Space size={[4, 4]} wrap>
            {roles.map((r) => (
              <Tag key={`${r.role}@${r.orgUnitId}`} color={r.role === 'admin' ? 'red' : 'blue'} data-testid="user-role-tag">
                {t(`users.role.${r.role}`)}@{unitNames.get(r.orgUnitId) ?? '…'}
              </Tag>
            ))}
          </Space>
        ) : (
          '—'
        ),
    },
    {
      key: 'status',
      title: t('users.field.status'),
      render: (_, u) => (
        <Space size={[4, 4]} wrap>
          {u.disabled ? <Tag color="default">{t('users.state.disabled')}</Tag> : <Tag color="green">{t('users.state.active')}</Tag>}
          {isLocked(u) ? <Tag color="orange">{t('users.state.locked')}</Tag> : null}
          {u.mustChangePassword ? <Tag color="gold">{t('users.state.mustChangePassword')}</Tag> : null}
        </Space>
      ),
    },
    {
      key: 'lastLoginAt',
      title: t('users.field.lastLoginAt'),
      dataIndex: 'lastLoginAt',
      render: (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—'),
    },
    ...(canWrite
      ? [
          {
            key: 'actions',
            title: t('common.actions'),
            render: (_: unknown, u: User) => (
              <Space size={0} wrap>
                <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(u)} data-testid="user-edit">
                  {t('users.editRoles')}
                </Button>
                {u.disabled ? (
                  <Button type="link" size="small" icon={<CheckCircleOutlined />} onClick={() => patch.mutate({ user: u, changes: { disabled: false } })} data-testid="user-enable">
                    {t('users.enable')}
                  </Button>
                ) : (
                  <Button
                    type="link"
                    size="small"
                    danger
                    icon={<StopOutlined />}
                    onClick={() => confirm(t('users.disableConfirm', { name: u.username }), () => patch.mutateAsync({ user: u, changes: { disabled: true } }), true)}
                    data-testid="user-disable"
                  >
                    {t('users.disable')}
                  </Button>
                )}
                {isLocked(u) ? (
                  <Button type="link" size="small" icon={<UnlockOutlined />} onClick={() => patch.mutate({ user: u, changes: { unlock: true } })} data-testid="user-unlock">
                    {t('users.unlock')}
                  </Button>
                ) : null}
                <Button
                  type="link"
                  size="small"
                  icon={<KeyOutlined />}
                  onClick={() => confirm(t('users.resetConfirm', { name: u.username }), () => reset.mutateAsync(u))}
                  data-testid="user-reset-password"
                >
                  {t('users.resetPassword')}
                </Button>
              </Space>
            ),
          },
        ]
      : []),
  ];

  if (users.error && !users.data) return <ErrorResult error={users.error} onRetry={() => void users.refetch()} />;

  return (
    <div className="page">
      <div className="page-header">
        <Typography.Title level={3}>{t('users.title')}</Typography.Title>
        {canWrite ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="users-new">
            {t('users.new')}
          </Button>
        ) : null}
      </div>
      <div className="filter-bar">
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('users.searchPlaceholder')}
          onChange={(e) => {
            if (!e.target.value) {
              setSearch('');
              setPage(1);
            }
          }}
          onPressEnter={(e) => {
            setSearch(e.currentTarget.value.trim());
            setPage(1);
          }}
          style={{ width: 260 }}
          data-testid="users-search"
        />
      </div>
      <Table<User>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={users.data?.items ?? []}
        loading={users.isFetching}
        scroll={{ x: 'max-content' }}
        onRow={(u) => ({ 'data-testid': 'user-row', 'data-username': u.username }) as React.HTMLAttributes<HTMLElement>}
        pagination={listPagination(t, {
          page,
          pageSize,
          total: users.data?.total ?? 0,
          onChange: (p, s) => {
            setPage(s !== pageSize ? 1 : p);
            setPageSize(s);
          },
        })}
        data-testid="users-table"
      />
      <CreateUserModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(c: UserCreated) =>
          c.initialPassword ? setSecret({ title: t('users.initialPasswordTitle'), value: c.initialPassword }) : undefined
        }
      />
      <EditUserModal user={editing} onClose={() => setEditing(null)} />
      <SecretModal
        open={!!secret}
        title={secret?.title ?? ''}
        notice={t('users.passwordOnce')}
        secret={secret?.value ?? null}
        onClose={() => setSecret(null)}
        data-testid="user-secret-password"
      />
    </div>
  );
}
