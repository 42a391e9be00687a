// List state kept in the hash query (so "back" from a detail page returns to the same list)
// and paged fetching that drops stale answers. Marks `kiosk-search-input` when the text
// changes and `kiosk-search-painted` after the answer is on screen (benchmarks read these).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AsOf } from '#contract/content.js';
import { currentPath } from '../../router.js';

export function readQuery(): URLSearchParams {
  const q = currentPath().split('?')[1];
  return new URLSearchParams(q ?? '');
}

/** Rewrites the current hash's query without adding a history entry. */
export function writeQuery(params: Record<string, string | null>): void {
  const base = currentPath().split('?')[0]!;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  window.history.replaceState(window.history.state, '', `#${base}${s ? '?' + s : ''}`);
}

export interface PageResult<T> {
  items: T[];
  total: number;
  totalCapped: boolean;
  nextOffset: number | null;
  nothingSearchable: boolean;
  asOf: AsOf;
}

export function usePagedSearch<R extends PageResult<unknown>>(key: string, fetchPage: (offset: number) => Promise<R>) {
  const [data, setData] = useState<{ key: string; items: R['items']; last: R } | null>(null);
  const [error, setError] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const seq = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const painted = useRef<number | null>(null);

  useEffect(() => {
    const mine = ++seq.current;
    setError(false);
    fetchRef
      .current(0)
      .then((r) => {
        if (mine !== seq.current) return;
        painted.current = mine;
        setData({ key, items: r.items, last: r });
      })
      .catch(() => mine === seq.current && setError(true));
  }, [key]);

  useEffect(() => {
    if (painted.current === null) return;
    painted.current = null;
    requestAnimationFrame(() => {
      performance.mark('kiosk-search-painted');
      document.documentElement.dataset.searchPainted = String(performance.now());
    });
  }, [data]);

  const more = useCallback(() => {
    if (!data || data.last.nextOffset === null) return;
    const mine = seq.current;
    setLoadingMore(true);
    fetchRef
      .current(data.last.nextOffset)
      .then((r) => {
        if (mine !== seq.current) return;
        setData((d) => (d ? { key: d.key, items: [...d.items, ...r.items], last: r } : d));
      })
      .catch(() => setError(true))
      .finally(() => setLoadingMore(false));
  }, [data]);

  return { data, error, more, loadingMore, stale: data !== null && data.key !== key };
}

export function markSearchInput(): void {
  performance.mark('kiosk-search-input');
}
