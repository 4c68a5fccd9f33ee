// Backend selection: the Rust core inside Tauri, the in-memory MockBackend in a plain browser.
// Provided through React context so that tests inject their own.
import { createContext, createElement, useContext, type ReactNode } from 'react';
import type { Backend } from './backend';
import { MockBackend } from './mock';
import { TauriBackend } from './tauri';

export type { Backend, AppInfo } from './backend';
export { isApiError, toApiError } from './backend';

declare global {
  interface Window {
    __TAURI_INTERNALS__?: unknown;
  }
}

export function isTauri(): boolean {
  return typeof window !== 'undefined' && window.__TAURI_INTERNALS__ !== undefined;
}

/** The backend for this environment. In the browser, `?rows=10000` adds generated activities,
 *  `?requests=100000` generated requests, and `?latency=200` slows every mock call down (all for trying
 *  the UI by hand). */
export function createBackend(): Backend {
  if (isTauri()) return new TauriBackend();
  const params = new URLSearchParams(window.location.search);
  const rows = Number(params.get('rows') ?? '0');
  const requests = Number(params.get('requests') ?? '0');
  const latency = Number(params.get('latency') ?? '0');
  const importPath = params.get('import');
  return new MockBackend({
    extraActivities: Number.isFinite(rows) ? Math.min(rows, 50_000) : 0,
    extraRequests: Number.isFinite(requests) ? Math.min(requests, 1_000_000) : 0,
    latencyMs: Number.isFinite(latency) ? latency : 0,
    ...(importPath !== null ? { importPath } : {}),
  });
}

const BackendContext = createContext<Backend | null>(null);

export function BackendProvider({ backend, children }: { backend: Backend; children: ReactNode }) {
  return createElement(BackendContext.Provider, { value: backend }, children);
}

export function useBackend(): Backend {
  const b = useContext(BackendContext);
  if (b === null) throw new Error('useBackend outside BackendProvider');
  return b;
}
