import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ZPasswordPolicy } from '../../../../src/contracts/auth';
import { apiFetch, hasErrorCode } from '../../api/client';
import { errorText } from '../../api/errors';
import type { Session } from '../../api/types';
import { AuthShell } from './auth-shell';
import { useSession, useStoreSession } from './session';
import { useLogout } from './use-logout';

type ChangeForm = { currentPassword: string; newPassword: string; confirm: string };

function ChangePasswordForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ChangeForm>();
  const storeSession = useStoreSession();
  const { message } = App.useApp();
  const change = useMutation({
    mutationFn: (v: ChangeForm) =>
      apiFetch<Session>('/auth/change-password', {
        method: 'POST',
        body: { currentPassword: v.currentPassword, newPassword: v.newPassword },
      }),
    onSuccess: (s) => {
      storeSession(s);
      void message.success(t('auth.changePassword.done'));
      onDone();
    },
    onError: (e) => {
      if (hasErrorCode(e, 'INVALID_CREDENTIALS')) {
        form.setFields([{ name: 'currentPassword', errors: [errorText(t, e)] }]);
      }
    },
  });

  return (
    <Form<ChangeForm> form={form} layout="vertical" requiredMark={false} onFinish={(v) => change.mutate(v)}>
      {change.error && !hasErrorCode(change.error, 'INVALID_CREDENTIALS') ? (
        <Alert type="error" showIcon title={errorText(t, change.error)} style={{ marginBottom: 16 }} data-testid="cp-error" />
      ) : null}
      <Form.Item name="currentPassword" label={t('auth.changePassword.current')} rules={[{ required: true, message: t('common.required') }]}>
        <Input.Password autoComplete="current-password" data-testid="cp-current" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('auth.changePassword.next')}
        extra={t('auth.changePassword.policy')}
        dependencies={['currentPassword']}
        rules={[
          { required: true, message: t('common.required') },
          {
            validator: (_, value: string | undefined) => {
              if (!value || ZPasswordPolicy.safeParse(value).success) return Promise.resolve();
              const key = value.length < 10 ? 'auth.changePassword.tooShort' : 'auth.changePassword.lettersAndDigits';
              return Promise.reject(new Error(t(key)));
            },
          },
          ({ getFieldValue }) => ({
            validator: (_, value: string | undefined) =>
              !value || value !== getFieldValue('currentPassword')
                ? Promise.resolve()
                : Promise.reject(new Error(t('auth.changePassword.sameAsCurrent'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="cp-new" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('auth.changePassword.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('common.required') },
          ({ getFieldValue }) => ({
            validator: (_, value: string | undefined) =>
              !value || value === getFieldValue('newPassword')
                ? Promise.resolve()
                : Promise.reject(new Error(t('auth.changePassword.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="cp-confirm" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={change.isPending} data-testid="cp-submit">
        {t('auth.changePassword.submit')}
      </Button>
    </Form>
  );
}

/** Standalone page shown while the account must change its password. */
export function ForcedChangePasswordPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const logout = useLogout();
  const { data } = useSession();
  return (
    <AuthShell
      title={t('auth.changePassword.title')}
      extra={
        <Button type="text" onClick={() => void logout()} data-testid="cp-logout">
          {t('auth.logout')}
        </Button>
      }
    >
      {data?.user.mustChangePassword ? (
        <Alert type="warning" showIcon title={t('auth.changePassword.forcedHint')} style={{ marginBottom: 16 }} />
      ) : null}
      <ChangePasswordForm onDone={() => navigate('/', { replace: true })} />
    </AuthShell>
  );
}

/** The same form inside the main layout, opened from the user menu. */
export function ChangePasswordPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <div className="page narrow">
      <Typography.Title level={3}>{t('auth.changePassword.title')}</Typography.Title>
      <Card style={{ maxWidth: 440 }}>
        <ChangePasswordForm onDone={() => navigate('/', { replace: true })} />
      </Card>
    </div>
  );
}
