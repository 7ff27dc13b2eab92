import type { useAppProps } from 'antd/es/app/context';
import type { TFunction } from 'i18next';
import { hasErrorCode } from '../api/client';

/**
 * On a VERSION_CONFLICT, asks whether to drop local edits and load the newer version; returns whether it handled `e`.
 */
export function confirmConflictReload(e: unknown, modal: useAppProps['modal'], t: TFunction, reload: () => Promise<unknown> | void): boolean {
  if (!hasErrorCode(e, 'VERSION_CONFLICT')) return false;
  modal.confirm({
    title: t('error.code.VERSION_CONFLICT'),
    okText: t('reports.review.conflictReload'),
    cancelText: t('common.cancel'),
    onOk: async () => {
      await reload();
    },
  });
  return true;
}
