import { useEffect, useRef, useState } from 'react';

/** The value, once it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

export type Async<T> =
  | { state: 'loading'; data: T | null }
  | { state: 'ready'; data: T }
  | { state: 'error'; error: unknown; data: T | null };

/** Runs `load` whenever deps change; stale answers are dropped. `reload()` runs it again. */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): [Async<T>, () => void] {
  const [result, setResult] = useState<Async<T>>({ state: 'loading', data: null });
  const [nonce, setNonce] = useState(0);
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    setResult((r) => ({ state: 'loading', data: r.data }));
    load().then(
      (data) => mine === seq.current && setResult({ state: 'ready', data }),
      (error: unknown) => mine === seq.current && setResult((r) => ({ state: 'error', error, data: r.data })),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, nonce]);
  return [result, () => setNonce((n) => n + 1)];
}
