// A tiny hash router: routes are "#/register", "#/activity/PA-0001?asOf=2025-06-01" ... Hash routing
// works the same under Vite, `vite preview` and Tauri's asset protocol.
import { useEffect, useState } from 'react';

export type Route =
  | { name: 'dashboard' }
  | { name: 'register' }
  | { name: 'activity'; id: string; asOf: string | null; tab: 'details' | 'history' }
  | { name: 'edit'; id: string }
  | { name: 'new' }
  /** `focus`: open the list on the overdue requests, or those due within 7 days (`#/requests?show=overdue`). */
  | { name: 'requests'; focus?: RequestsFocus }
  | { name: 'request'; id: string }
  | { name: 'request-new' }
  | { name: 'deadlines' }
  | { name: 'retention' }
  | { name: 'reports' }
  | { name: 'audit' }
  | { name: 'settings' };

export type RequestsFocus = 'overdue' | 'due-soon';

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [path = '', queryString = ''] = raw.split('?');
  const params = new URLSearchParams(queryString);
  const parts = path.split('/').filter((p) => p !== '').map(decodeURIComponent);
  switch (parts[0]) {
    case undefined:
    case 'dashboard':
      return { name: 'dashboard' };
    case 'register':
      return { name: 'register' };
    case 'new':
      return { name: 'new' };
    case 'activity': {
      const id = parts[1];
      if (id === undefined) return { name: 'register' };
      if (parts[2] === 'edit') return { name: 'edit', id };
      return { name: 'activity', id, asOf: params.get('asOf'), tab: parts[2] === 'history' ? 'history' : 'details' };
    }
    case 'request': {
      const id = parts[1];
      return id === undefined ? { name: 'requests' } : { name: 'request', id };
    }
    case 'request-new':
      return { name: 'request-new' };
    case 'requests': {
      const show = params.get('show');
      return show === 'overdue' || show === 'due-soon' ? { name: 'requests', focus: show } : { name: 'requests' };
    }
    case 'deadlines':
    case 'retention':
    case 'reports':
    case 'audit':
    case 'settings':
      return { name: parts[0] };
    default:
      return { name: 'dashboard' };
  }
}

export function href(route: Route): string {
  switch (route.name) {
    case 'activity': {
      const base = `#/activity/${encodeURIComponent(route.id)}${route.tab === 'history' ? '/history' : ''}`;
      return route.asOf ? `${base}?asOf=${route.asOf}` : base;
    }
    case 'edit':
      return `#/activity/${encodeURIComponent(route.id)}/edit`;
    case 'request':
      return `#/request/${encodeURIComponent(route.id)}`;
    case 'requests':
      return route.focus ? `#/requests?show=${route.focus}` : '#/requests';
    default:
      return `#/${route.name}`;
  }
}

export function navigate(route: Route, replace = false) {
  const h = href(route);
  if (replace) window.history.replaceState(null, '', h);
  else window.location.hash = h;
  if (replace) window.dispatchEvent(new HashChangeEvent('hashchange'));
}

export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parseHash(window.location.hash));
  useEffect(() => {
    const on = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
