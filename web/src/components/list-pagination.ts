import type { TablePaginationConfig } from 'antd';
import type { TFunction } from 'i18next';

/** The server-side pagination every list uses: page sizes, the total, compact on phones. */
export function listPagination(
  t: TFunction,
  opts: { page: number; pageSize: number; total: number; onChange?: (page: number, pageSize: number) => void },
): TablePaginationConfig {
  return {
    current: opts.page,
    pageSize: opts.pageSize,
    total: opts.total,
    showSizeChanger: true,
    pageSizeOptions: [10, 20, 50, 100],
    showTotal: (total) => t('common.total', { count: total }),
    onChange: opts.onChange,
    size: 'small',
  };
}
