import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { hasErrorCode } from '../api/client';
import { errorText } from '../api/errors';

type Options<TVars, TData> = {
  mutationFn: (vars: TVars) => Promise<TData>;
  /** Queries to refresh after success and after a version conflict. */
  invalidate: QueryKey[];
  successMessage?: string;
  onSuccess?: (data: TData, vars: TVars) => void;
  /** Return true when the error was shown elsewhere (e.g. on form fields). */
  onError?: (e: unknown) => boolean | void;
};

/**
 * A write that carries `version`: on success refreshes the given queries; on 409 VERSION_CONFLICT
 * tells the user that someone else changed the data and reloads it.
 */
export function useWriteMutation<TVars, TData>(opts: Options<TVars, TData>) {
  const client = useQueryClient();
  const { message } = App.useApp();
  const { t } = useTranslation();
  const refresh = () => Promise.all(opts.invalidate.map((queryKey) => client.invalidateQueries({ queryKey })));
  return useMutation({
    mutationFn: opts.mutationFn,
    onSuccess: async (data, vars) => {
      await refresh();
      if (opts.successMessage) void message.success(opts.successMessage);
      opts.onSuccess?.(data, vars);
    },
    onError: (e) => {
      if (hasErrorCode(e, 'VERSION_CONFLICT')) {
        void message.warning(t('error.code.VERSION_CONFLICT'));
        void refresh();
        return;
      }
      if (opts.onError?.(e) === true) return;
      void message.error(errorText(t, e));
    },
  });
}
