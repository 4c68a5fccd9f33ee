// The first screen's figures, asked for as the page loads: at the same time as the lock gate's status
// and the shell's first render, instead of after them. The dashboard takes them once, when it first
// mounts; anything else (a locked database, an error, a later visit) asks the backend itself.
import type { Backend } from '../api';
import type { Dashboard, Organisation } from '../api/types';

export type DashboardData = [Dashboard, Organisation | null];

let pending: Promise<DashboardData> | null = null;

/** The dashboard's figures and the organisation they are about. */
export function loadDashboard(backend: Backend): Promise<DashboardData> {
  return Promise.all([backend.dashboard(), backend.getOrganisation()]);
}

/** Starts loading the dashboard's figures. A failure (typically `locked`) is kept quiet here: the
 *  dashboard then asks again through the lock gate's backend. */
export function prefetchDashboard(backend: Backend): void {
  const p = loadDashboard(backend);
  p.catch(() => undefined);
  pending = p;
}

/** The prefetched figures, once (null when none were started or they were already taken). */
export function takeDashboardPrefetch(): Promise<DashboardData> | null {
  const p = pending;
  pending = null;
  return p;
}
