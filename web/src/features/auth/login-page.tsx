import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { apiFetch } from '../../api/client';
import { errorText } from '../../api/errors';
import type { Session } from '../../api/types';
import { FullPageSpin } from '../../components/full-page-spin';
import { AuthShell } from './auth-shell';
import { useSession, useStoreSession } from './session';

type LoginForm = { username: string; password: string };

function safeNext(next: string | null): string {
  // Only same-site paths: never follow ?next=//evil.example.
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const session = useSession();
  const storeSession = useStoreSession();
  const client = useQueryClient();
  const login = useMutation({
    mutationFn: (body: LoginForm) => apiFetch<Session>('/auth/login', { method: 'POST', body }),
    onSuccess: (s) => {
      // Nothing cached for a previous account may show through.
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
      storeSession(s);
      navigate(s.user.mustChangePassword ? '/change-password' : safeNext(params.get('next')), { replace: true });
    },
  });

  if (session.isPending) return <FullPageSpin />;
  if (session.data && !login.isPending) {
    return <Navigate to={session.data.user.mustChangePassword ? '/change-password' : safeNext(params.get('next'))} replace />;
  }

  return (
    <AuthShell title={t('auth.login.title')}>
      <Form<LoginForm> layout="vertical" requiredMark={false} onFinish={(v) => login.mutate(v)} data-testid="login-form">
        {login.error ? (
          <Alert type="error" showIcon title={errorText(t, login.error)} style={{ marginBottom: 16 }} data-testid="login-error" />
        ) : null}
        <Form.Item
          name="username"
          label={t('auth.login.username')}
          rules={[{ required: true, whitespace: true, message: t('auth.login.usernameRequired') }]}
        >
          <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" data-testid="login-username" />
        </Form.Item>
        <Form.Item name="password" label={t('auth.login.password')} rules={[{ required: true, message: t('auth.login.passwordRequired') }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" data-testid="login-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={login.isPending} data-testid="login-submit">
          {t('auth.login.submit')}
        </Button>
      </Form>
    </AuthShell>
  );
}
