import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCallback } from 'react';
import { errorText } from '../api/errors';

/** Shows an API error as a toast; returns the function that does it. */
export function useShowError() {
  const { message } = App.useApp();
  const { t } = useTranslation();
  return useCallback((e: unknown) => void message.error(errorText(t, e)), [message, t]);
}
