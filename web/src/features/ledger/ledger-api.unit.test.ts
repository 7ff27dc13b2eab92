import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchAllLedgerItems } from './ledger-api';

/** A stand-in for the server's paginated list: `total` items, 200 a page. */
function serve(total: number) {
  const pages: number[] = [];
  vi.stubGlobal('fetch', async (url: string) => {
    const q = new URLSearchParams(url.split('?')[1]);
    const page = Number(q.get('page'));
    const size = Number(q.get('pageSize'));
    pages.push(page);
    const from = (page - 1) * size;
    const items = Array.from({ length: Math.max(0, Math.min(size, total - from)) }, (_, i) => ({ id: `item-${from + i}` }));
    return new Response(JSON.stringify({ items, total }), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  return pages;
}

afterEach(() => vi.unstubAllGlobals());

describe('fetchAllLedgerItems (board, calendar, my items)', () => {
  it('reads every page when the matches fit, and says how many match', async () => {
    const pages = serve(450);
    const r = await fetchAllLedgerItems({ sort: 'deadline' });
    expect(r.items).toHaveLength(450);
    expect(r.total).toBe(450);
    expect(pages).toEqual([1, 2, 3]);
  });

  it('stops at the limit and reports the full count, so the page can say it shows only part', async () => {
    const pages = serve(1_630);
    const r = await fetchAllLedgerItems({ sort: 'deadline' });
    expect(r.items).toHaveLength(1_000);
    expect(r.items.at(-1)).toEqual({ id: 'item-999' });
    expect(r.total).toBe(1_630);
    expect(pages).toEqual([1, 2, 3, 4, 5]);
  });

  it('returns nothing for no matches after one request', async () => {
    const pages = serve(0);
    expect(await fetchAllLedgerItems({})).toEqual({ items: [], total: 0 });
    expect(pages).toEqual([1]);
  });
});
