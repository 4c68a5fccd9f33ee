// The lock gate, in front of the whole app: it asks the backend for the database's lock status first,
// and renders the app (its children) only while the database is open. First run: create the database
// (with a passphrase, or explicitly without); encrypted and not open: unlock. While open it runs the
// idle timer (encrypted databases only) and offers `useLock()` to the shell for "Lock now". Screens are
// unmounted while locked, so nothing of the register stays on screen or in the DOM.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { BackendProvider, isApiError, isTauri, useBackend, type Backend, type LockStatus } from '../api';
import { useI18n } from '../i18n';
import { useIdleMinutes, useIdleTimer } from '../lib/idleLock';
import { ErrorBox, Loading } from './ui';
import { LanguageSelect } from './LanguageSelect';
import { CreateDatabaseForm, UnlockForm } from './LockForms';

export interface LockControl {
  /** Whether the open database is encrypted (only then can it be locked). */
  encrypted: boolean;
  /** Locks now: the screens go away and the Unlock screen shows. */
  lockNow(): void;
}

const LockContext = createContext<LockControl | null>(null);

/** The lock controls, or null outside the gate (component tests render the app without it). */
export function useLock(): LockControl | null {
  return useContext(LockContext);
}

/** The backend with every rejection watched: a `locked` one (the database was closed behind the UI's
 *  back) makes the gate ask for the lock status again. */
function watched(backend: Backend, onLocked: () => void): Backend {
  return new Proxy(backend, {
    get(target, prop) {
      const v: unknown = Reflect.get(target, prop, target);
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        const r: unknown = (v as (...a: unknown[]) => unknown).apply(target, args);
        if (r instanceof Promise) {
          r.catch((e: unknown) => {
            if (isApiError(e) && e.code === 'locked') onLocked();
          });
        }
        return r;
      };
    },
  });
}

type Gate = { kind: 'loading' } | { kind: 'error'; error: unknown } | { kind: 'status'; status: LockStatus };

export function LockGate({ children }: { children: ReactNode }) {
  const backend = useBackend();
  const { t } = useI18n();
  const [gate, setGate] = useState<Gate>({ kind: 'loading' });
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);
  const settle = useCallback((p: Promise<LockStatus>) => {
    p.then(
      (status) => alive.current && setGate({ kind: 'status', status }),
      (error: unknown) => alive.current && setGate({ kind: 'error', error }),
    );
  }, []);
  const refresh = useCallback(() => settle(backend.lockStatus()), [backend, settle]);
  useEffect(() => {
    refresh();
  }, [refresh]);

  const lockNow = useCallback(() => {
    // The screens go first; then the key leaves the backend's memory.
    setGate({ kind: 'loading' });
    settle(backend.lock());
  }, [backend, settle]);

  const guarded = useMemo(() => watched(backend, refresh), [backend, refresh]);
  const open = gate.kind === 'status' && gate.status.unlocked;
  const encrypted = open && gate.status.state === 'encrypted';
  const minutes = useIdleMinutes();
  useIdleTimer(minutes, encrypted, lockNow);
  const control = useMemo<LockControl>(() => ({ encrypted, lockNow }), [encrypted, lockNow]);

  if (open) {
    return (
      <BackendProvider backend={guarded}>
        <LockContext.Provider value={control}>{children}</LockContext.Provider>
      </BackendProvider>
    );
  }
  const opened = (status: LockStatus) => setGate({ kind: 'status', status });
  let body: ReactNode;
  if (gate.kind === 'loading') body = <Loading label={t('lock.opening')} />;
  else if (gate.kind === 'error') body = <ErrorBox error={gate.error} onRetry={refresh} />;
  else if (gate.status.state === 'missing') body = <CreateDatabaseForm status={gate.status} onOpened={opened} />;
  else if (gate.status.state === 'encrypted') body = <UnlockForm status={gate.status} onOpened={opened} />;
  else {
    // A plain database that is not open: nothing the UI can do but say so.
    body = (
      <div className="callout callout-error" role="alert">
        <p>{t('lock.notOpen', { path: gate.status.db_path })}</p>
        <button type="button" className="btn" onClick={refresh}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  return <GateFrame>{body}</GateFrame>;
}

/** The page around the gate's forms: brand, language, and the form in a card. */
function GateFrame({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="gate" data-testid="lock-gate">
      <header className="gate-head">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            ◆
          </span>
          <span className="brand-name">{t('app.title')}</span>
        </div>
        {!isTauri() ? (
          <p className="mock-notice" role="note">
            {t('app.mockNotice')}
          </p>
        ) : null}
        <LanguageSelect id="gate-lang" />
      </header>
      <main id="main" className="gate-main" tabIndex={-1}>
        <div className="card gate-card">{children}</div>
      </main>
    </div>
  );
}
