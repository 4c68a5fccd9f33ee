// Backend selection: the Rust core inside Tauri, the in-memory MockBackend in a plain browser.
// Provided through React context so that tests inject their own.
import { createContext, createElement, useContext, type ReactNode } from 'react';
import type { Backend } from './backend';
import type { MockDatabase } from './mock';
import { TauriBackend } from './tauri';

export type { Backend, AppInfo, DatabaseState, LockStatus } from './backend';
export { isApiError, toApiError } from './backend';

declare global {
  interface Window {
    __TAURI_INTERNALS__?: unknown;
  }
}

export function isTauri(): boolean {
  return typeof window !== 'undefined' && window.__TAURI_INTERNALS__ !== undefined;
}

const MOCK_DATABASES: readonly MockDatabase[] = ['ready', 'missing', 'encrypted', 'plain'];
/** The mock's refusal of an expired certificate (worded like the core's, own_certificate.rs). */
const EXPIRED_CERTIFICATE = 'the certificate of CN=Old expired on 2025-01-31 00:00 UTC';

/** The backend for this environment: the Tauri one at once; in a plain browser the MockBackend, loaded
 *  on demand so that the test double (about 130 kB of code) is not part of the app's start-up bundle.
 *  In the browser, `?rows=10000` adds generated activities, `?requests=100000` generated requests, and
 *  `?latency=200` slows every mock call down (all for trying the UI by hand). `?db=missing` starts as
 *  the first run (create the database), `?db=encrypted` with an encrypted database that is locked (its
 *  passphrase is MOCK_PASSPHRASE), `?db=plain` with an unencrypted one; without it, an encrypted
 *  database that is already unlocked. `?remembered=1` starts with the passphrase in the pretend OS
 *  keyring. `?certificate=cancel` makes the certificate import dialog cancel, `?certificate=expired`
 *  pick a certificate that has expired (the mock refuses it). */
export async function createBackend(): Promise<Backend> {
  if (isTauri()) return new TauriBackend();
  const { MockBackend } = await import('./mock');
  const params = new URLSearchParams(window.location.search);
  const rows = Number(params.get('rows') ?? '0');
  const requests = Number(params.get('requests') ?? '0');
  const latency = Number(params.get('latency') ?? '0');
  const importPath = params.get('import');
  const db = params.get('db');
  const certificate = params.get('certificate');
  return new MockBackend({
    database: MOCK_DATABASES.find((d) => d === db) ?? 'ready',
    remembered: params.get('remembered') === '1',
    extraActivities: Number.isFinite(rows) ? Math.min(rows, 50_000) : 0,
    extraRequests: Number.isFinite(requests) ? Math.min(requests, 1_000_000) : 0,
    latencyMs: Number.isFinite(latency) ? latency : 0,
    ...(importPath !== null ? { importPath } : {}),
    ...(certificate === 'cancel' ? { certificateFile: 'cancel' as const } : {}),
    ...(certificate === 'expired' ? { certificateFile: { refuse: EXPIRED_CERTIFICATE } } : {}),
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
