// The request list's rows, fetched page by page as the table scrolls (offset/limit): the table knows the
// total at once and asks for the pages its visible window needs, so 100,000 requests cost a few pages.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Backend } from '../api';
import type { RequestListQuery, RequestRow } from '../api/types';

export const PAGE_SIZE = 200;

interface State {
  key: string;
  total: number | null;
  today: string | null;
  pages: ReadonlyMap<number, RequestRow[]>;
  error: unknown;
  loading: boolean;
}

export interface PagedRequests {
  total: number | null;
  today: string | null;
  error: unknown;
  /** Whether a page is being fetched. */
  loading: boolean;
  /** The row at an index, or undefined while its page has not arrived. */
  row(index: number): RequestRow | undefined;
  /** Every row fetched so far. */
  loaded(): RequestRow[];
  /** Asks for the pages covering rows start..end (inclusive). */
  ensure(start: number, end: number): void;
  /** Drops every page and fetches again (after a change). */
  reload(): void;
}

/** `query` without offset and limit: those are the hook's. */
export function usePagedRequests(backend: Backend, query: RequestListQuery): PagedRequests {
  const key = JSON.stringify(query);
  const [nonce, setNonce] = useState(0);
  const fullKey = `${key}#${nonce}`;
  const [state, setState] = useState<State>({ key: '', total: null, today: null, pages: new Map(), error: null, loading: true });
  const inFlight = useRef(new Set<number>());
  const current = useRef(fullKey);
  const queryRef = useRef(query);
  queryRef.current = query;

  const fetchPage = useCallback(
    (page: number, forKey: string) => {
      if (inFlight.current.has(page)) return;
      inFlight.current.add(page);
      setState((s) => (s.key === forKey ? { ...s, loading: true } : s));
      backend.listRequests({ ...queryRef.current, offset: page * PAGE_SIZE, limit: PAGE_SIZE }).then(
        (res) => {
          if (current.current !== forKey) return;
          inFlight.current.delete(page);
          setState((s) => {
            // Earlier answers of the same query are kept: they are the same rows.
            const pages = new Map(s.key === forKey ? s.pages : []);
            pages.set(page, res.items);
            return { key: forKey, total: res.total, today: res.today, pages, error: null, loading: inFlight.current.size > 0 };
          });
        },
        (error: unknown) => {
          if (current.current !== forKey) return;
          inFlight.current.delete(page);
          setState((s) => ({ ...s, key: forKey, error, loading: inFlight.current.size > 0 }));
        },
      );
    },
    [backend],
  );

  useEffect(() => {
    current.current = fullKey;
    inFlight.current = new Set();
    fetchPage(0, fullKey);
  }, [fullKey, fetchPage]);

  const fresh = state.key === fullKey;
  const pages = fresh ? state.pages : null;

  const ensure = useCallback(
    (start: number, end: number) => {
      if (state.key !== current.current || state.total === null) return;
      const last = Math.min(end, state.total - 1);
      for (let p = Math.floor(Math.max(0, start) / PAGE_SIZE); p <= Math.floor(last / PAGE_SIZE); p++) {
        if (!state.pages.has(p)) fetchPage(p, current.current);
      }
    },
    [state, fetchPage],
  );

  return {
    // While a new query loads, the old total and rows stay (no flash of an empty table).
    total: state.total,
    today: state.today,
    error: state.error,
    loading: state.loading || !fresh,
    row: (i) => (pages ?? state.pages).get(Math.floor(i / PAGE_SIZE))?.[i % PAGE_SIZE],
    loaded: () => [...(pages ?? state.pages).entries()].sort((a, b) => a[0] - b[0]).flatMap(([, rows]) => rows),
    ensure,
    reload: () => setNonce((n) => n + 1),
  };
}
