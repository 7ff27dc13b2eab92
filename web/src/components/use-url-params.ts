import { useSearchParams } from 'react-router';

export type UrlChanges = Record<string, string | number | null | undefined>;

function readInt(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/**
 * List state kept in the URL (filters, sort, page), so a view can be bookmarked and survives a reload.
 * `update` drops empty values and goes back to page 1 unless the change sets the page itself.
 */
export function useUrlParams() {
  const [params, setParams] = useSearchParams();
  const page = readInt(params.get('page'), 1);
  const pageSize = Math.min(readInt(params.get('pageSize'), 20), 200);
  const update = (changes: UrlChanges, resetPage = true) =>
    setParams(
      () => {
        // The address bar, not the last render: two updates in one tick must both land.
        const next = new URLSearchParams(window.location.search);
        for (const [k, v] of Object.entries(changes)) {
          if (v === null || v === undefined || v === '') next.delete(k);
          else next.set(k, String(v));
        }
        if (resetPage && !('page' in changes)) next.delete('page');
        return next;
      },
      { replace: true },
    );
  return { params, page, pageSize, update };
}
