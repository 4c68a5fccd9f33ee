// Theme preference: follow the system (prefers-color-scheme) or force light/dark. Stored in
// localStorage and applied as <html data-theme="...">; the CSS does the rest.
import { useCallback, useEffect, useState } from 'react';

export type ThemePref = 'system' | 'light' | 'dark';
export const THEMES: readonly ThemePref[] = ['system', 'light', 'dark'];
const KEY = 'cockpit.theme';

export function storedTheme(): ThemePref {
  try {
    const v = localStorage.getItem(KEY);
    if (v === 'light' || v === 'dark' || v === 'system') return v;
  } catch {
    /* storage unavailable */
  }
  return 'system';
}

export function applyTheme(pref: ThemePref) {
  const root = document.documentElement;
  if (pref === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', pref);
}

export function useTheme(): [ThemePref, (t: ThemePref) => void] {
  const [theme, setThemeState] = useState<ThemePref>(storedTheme);
  useEffect(() => applyTheme(theme), [theme]);
  const setTheme = useCallback((t: ThemePref) => {
    setThemeState(t);
    try {
      localStorage.setItem(KEY, t);
    } catch {
      /* storage unavailable */
    }
  }, []);
  return [theme, setTheme];
}
