import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Col, Form, Input, Modal, Row, Select } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES } from '../../../../src/contracts/auth';
import { ZUsername } from '../../../../src/contracts/users';
import { apiFetch } from '../../api/client';
import { applyFieldErrors } from '../../api/errors';
import type { Role, RoleAssignment, User, UserCreate, UserCreated, UserUpdate } from '../../api/types';
import { OrgUnitTreeSelect } from '../../components/org-unit-tree-select';
import { PersonPicker } from '../../components/person-picker';
import { useWriteMutation } from '../../components/use-write-mutation';
import { USERS_KEY } from './users-api';
import { buttonTestId } from '../../components/test-id';

type RoleRow = { role?: Role; orgUnitId?: string | null };
type FormValues = { username: string; email?: string | null; personId?: string | null; roles?: RoleRow[] };

function cleanRoles(rows: RoleRow[] | undefined): RoleAssignment[] {
  const seen = new Set<string>();
  const out: RoleAssignment[] = [];
  for (const r of rows ?? []) {
    if (!r?.role || !r.orgUnitId) continue;
    const key = `${r.role}@${r.orgUnitId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ role: r.role, orgUnitId: r.orgUnitId });
  }
  return out;
}

function RoleRows() {
  const { t } = useTranslation();
  const roleOptions = useMemo(() => ROLES.map((r) => ({ value: r, label: t(`users.role.${r}`) })), [t]);
  return (
    <Form.List name="roles">
      {(fields, { add, remove }) => (
        <>
          {fields.map((field) => (
            <Row key={field.key} gutter={8} align="top" data-testid="user-role-row">
              <Col xs={24} sm={9}>
                <Form.Item name={[field.name, 'role']} rules={[{ required: true, message: t('users.roleRowIncomplete') }]} style={{ marginBottom: 8 }}>
                  <Select options={roleOptions} placeholder={t('users.field.role')} data-testid="user-role-select" />
                </Form.Item>
              </Col>
              <Col xs={20} sm={13}>
                <Form.Item name={[field.name, 'orgUnitId']} rules={[{ required: true, message: t('users.roleRowIncomplete') }]} style={{ marginBottom: 8 }}>
                  <OrgUnitTreeSelect placeholder={t('users.field.orgUnit')} style={{ width: '100%' }} data-testid="user-role-unit" />
                </Form.Item>
              </Col>
              <Col xs={4} sm={2}>
                <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('common.delete')} />
              </Col>
            </Row>
          ))}
          <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({})} data-testid="user-role-add">
            {t('users.addRole')}
          </Button>
        </>
      )}
    </Form.List>
  );
}

export function CreateUserModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (c: UserCreated) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);
  const create = useWriteMutation({
    mutationFn: (body: UserCreate) => apiFetch<UserCreated>('/users', { method: 'POST', body }),
    invalidate: [USERS_KEY],
    successMessage: t('users.created'),
    onSuccess: (created) => {
      onClose();
      onCreated(created);
    },
    onError: (e) => applyFieldErrors(form, t, e, ['username', 'email', 'personId', 'roles']),
  });
  return (
    <Modal
      open={open}
      title={t('users.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      destroyOnHidden
      width={640}
      okButtonProps={buttonTestId('user-create-submit')}
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{ roles: [{}] }}
        onFinish={(v) => create.mutate({ username: v.username.trim(), email: v.email?.trim() || null, personId: v.personId ?? null, roles: cleanRoles(v.roles) })}
      >
        <Form.Item
          name="username"
          label={t('users.field.username')}
          extra={t('users.usernameRule')}
          rules={[
            { required: true, message: t('common.required') },
            {
              validator: (_, v: string | undefined) =>
                !v || ZUsername.safeParse(v).success ? Promise.resolve() : Promise.reject(new Error(t('users.usernameRule'))),
            },
          ]}
        >
          <Input autoComplete="off" maxLength={64} data-testid="user-form-username" />
        </Form.Item>
        <Form.Item name="email" label={t('users.field.email')} rules={[{ type: 'email', message: t('users.field.emailInvalid') }]}>
          <Input autoComplete="off" maxLength={254} data-testid="user-form-email" />
        </Form.Item>
        <Form.Item name="personId" label={t('users.field.person')}>
          <PersonPicker style={{ width: '100%' }} data-testid="user-form-person" />
        </Form.Item>
        <Form.Item label={t('users.field.roles')} required={false}>
          <RoleRows />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function EditUserModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  useEffect(() => {
    if (user) {
      form.resetFields();
      form.setFieldsValue({ username: user.username, email: user.email, personId: user.personId, roles: user.roles.map((r) => ({ ...r })) });
    }
  }, [user, form]);
  const save = useWriteMutation({
    mutationFn: (body: UserUpdate & { id: string }) => {
      const { id, ...rest } = body;
      return apiFetch<User>(`/users/${id}`, { method: 'PATCH', body: rest });
    },
    invalidate: [USERS_KEY],
    successMessage: t('users.saved'),
    onSuccess: onClose,
    onError: (e) => applyFieldErrors(form, t, e, ['email', 'personId', 'roles']),
  });
  return (
    <Modal
      open={!!user}
      title={user ? t('users.editTitle', { name: user.username }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={640}
      okButtonProps={buttonTestId('user-edit-submit')}
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={(v) => user && save.mutate({ id: user.id, version: user.version, email: v.email?.trim() || null, personId: v.personId ?? null, roles: cleanRoles(v.roles) })}
      >
        <Form.Item name="email" label={t('users.field.email')} rules={[{ type: 'email', message: t('users.field.emailInvalid') }]}>
          <Input autoComplete="off" maxLength={254} data-testid="user-form-email" />
        </Form.Item>
        <Form.Item name="personId" label={t('users.field.person')}>
          <PersonPicker initialLabel={user?.personName} style={{ width: '100%' }} data-testid="user-form-person" />
        </Form.Item>
        <Form.Item label={t('users.field.roles')}>
          <RoleRows />
        </Form.Item>
      </Form>
    </Modal>
  );
}
