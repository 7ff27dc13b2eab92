import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCNLocale from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { RouterProvider } from 'react-router';
import { isApiError } from './api/client';
import { SESSION_KEY } from './features/auth/session';
import { router } from './routes/router';

function onApiError(error: unknown, queryKey?: readonly unknown[]): void {
  if (!isApiError(error) || queryKey?.[0] === SESSION_KEY[0]) return;
  // The session ended or must change its password: let the session query decide where to go.
  if (error.code === 'UNAUTHENTICATED') queryClient.setQueryData(SESSION_KEY, null);
  if (error.code === 'PASSWORD_CHANGE_REQUIRED' || error.code === 'CSRF_FAILED') {
    void queryClient.invalidateQueries({ queryKey: SESSION_KEY });
  }
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (error, query) => onApiError(error, query.queryKey) }),
  mutationCache: new MutationCache({ onError: (error) => onApiError(error) }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (count, error) => (isApiError(error) && error.status > 0 && error.status < 500 ? false : count < 2),
    },
  },
});

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider
      locale={i18n.language === 'en' ? enUS : zhCNLocale}
      theme={{
        algorithm: theme.defaultAlgorithm,
        token: { colorPrimary: '#b71c1c', borderRadius: 6 },
      }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
