// The start-up signal: the first screen tells the backend, once per page load, that it has rendered with
// its data. Inside Tauri this is the end mark of the cold-start benchmark (scripts/bench-window.sh, which
// sets COCKPIT_READY_FILE); otherwise the call does nothing.
import { useEffect } from 'react';
import type { Backend } from '../api';

let signalled = false;

/** Calls `backend.appReady()` once per page load, the first time `ready` is true, after the next frame
 *  (so that the screen has been painted, not only committed to the DOM). */
export function useReadySignal(backend: Backend, ready: boolean): void {
  useEffect(() => {
    if (!ready || signalled) return;
    signalled = true;
    requestAnimationFrame(() =>
      setTimeout(() => {
        // The signal is a measurement aid: a failure must not disturb the UI.
        backend.appReady().catch(() => undefined);
      }, 0),
    );
  }, [backend, ready]);
}

/** For tests: allow the next `useReadySignal` to fire again. */
export function resetReadySignal(): void {
  signalled = false;
}
