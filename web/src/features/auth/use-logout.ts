import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { apiFetch, setCsrfToken } from '../../api/client';
import { SESSION_KEY } from './session';

export function useLogout() {
  const client = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { t } = useTranslation();
  return async () => {
    try {
      await apiFetch('/auth/logout', { method: 'POST' });
    } catch {
      // Signed out locally either way; the cookie expires on its own.
    }
    setCsrfToken(null);
    client.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
    client.setQueryData(SESSION_KEY, null);
    void message.success(t('auth.loggedOut'));
    navigate('/login', { replace: true });
  };
}
