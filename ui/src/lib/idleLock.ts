// App lock after inactivity: the idle time is a UI preference (localStorage, default 15 minutes; 0 =
// never), set in Settings. The lock gate (components/LockGate.tsx) runs the timer; it only applies to an
// encrypted database (a plain one cannot be locked).
import { useEffect, useRef, useSyncExternalStore } from 'react';

/** The choices offered in Settings, in minutes; 0 = never. */
export const IDLE_CHOICES = [5, 15, 30, 60, 0] as const;
export const DEFAULT_IDLE_MINUTES = 15;

const STORAGE_KEY = 'cockpit.idleLockMinutes';
const CHANGED = 'cockpit-idle-lock-changed';

/** The activity that keeps the app unlocked (in the window only). */
export const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

export function storedIdleMinutes(): number {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (v !== null) {
      const n = Number(v);
      if (Number.isInteger(n) && n >= 0) return n;
    }
  } catch {
    /* storage unavailable */
  }
  return DEFAULT_IDLE_MINUTES;
}

export function setIdleMinutes(minutes: number): void {
  try {
    localStorage.setItem(STORAGE_KEY, String(minutes));
  } catch {
    /* storage unavailable: the choice lasts until the window closes */
  }
  window.dispatchEvent(new Event(CHANGED));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener(CHANGED, onChange);
  window.addEventListener('storage', onChange);
  return () => {
    window.removeEventListener(CHANGED, onChange);
    window.removeEventListener('storage', onChange);
  };
}

/** The idle minutes (0 = never), following changes made in Settings. */
export function useIdleMinutes(): number {
  return useSyncExternalStore(subscribe, storedIdleMinutes, () => DEFAULT_IDLE_MINUTES);
}

/** Calls `onIdle` once after `minutes` without pointer, keyboard, wheel or touch activity in the window;
 *  `minutes` 0 or `enabled` false: never. Activity only records the time (no timer churn on every
 *  pointer move); the timer checks it when it fires and waits for the rest. */
export function useIdleTimer(minutes: number, enabled: boolean, onIdle: () => void): void {
  const callback = useRef(onIdle);
  useEffect(() => {
    callback.current = onIdle;
  });
  useEffect(() => {
    if (!enabled || minutes <= 0) return;
    const limit = minutes * 60_000;
    let last = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = () => {
      const idle = Date.now() - last;
      if (idle >= limit) {
        timer = undefined;
        callback.current();
      } else {
        timer = setTimeout(check, limit - idle);
      }
    };
    const active = () => {
      last = Date.now();
    };
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, active, { capture: true, passive: true });
    timer = setTimeout(check, limit);
    return () => {
      if (timer !== undefined) clearTimeout(timer);
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, active, { capture: true });
    };
  }, [minutes, enabled]);
}
