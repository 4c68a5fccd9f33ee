// The request workflow as the core's `replay` (crates/cockpit-domain/src/request.rs) walks it: the
// status a list of events leads to, and the reason an impossible step is refused (same messages).
// The request detail uses it to offer only the steps that make sense next; the MockBackend uses it to
// refuse what the core refuses. The core stays the authority: it checks every event again.
import type { EventKind, NaiveDate, Regime, RequestEvent, RequestStatus } from '../api/types';
import { isClosedStatus } from '../api/enums';

export interface Progress {
  status: RequestStatus;
  extendedOn: NaiveDate | null;
  identityPending: NaiveDate | null;
  clarificationPending: NaiveDate | null;
  closedOn: NaiveDate | null;
}

/** Why an event cannot be added (`EventRefused` in Rust). */
export class EventRefused extends Error {}

const REGIME_TITLE: Partial<Record<Regime, string>> = { lgpd: 'Brazil LGPD', quebec: 'Quebec private-sector Act (P-39.1)' };

/** Replays events from receipt, refusing any step the workflow does not allow. */
export function replay(received: NaiveDate, regime: Regime, events: readonly RequestEvent[]): Progress {
  const p: Progress = { status: 'received', extendedOn: null, identityPending: null, clarificationPending: null, closedOn: null };
  let last = received;
  events.forEach((e, i) => {
    const refuse = (why: string): never => {
      throw new EventRefused(`event ${i + 1} (${e.kind} on ${e.date}): ${why}`);
    };
    if (e.date < last) refuse(`events must be in date order; the previous one is dated ${last}`);
    last = e.date;
    if (isClosedStatus(p.status) && e.kind !== 'note') refuse(`the request is already ${p.status}`);
    const running: RequestStatus = p.extendedOn !== null ? 'extended' : 'in-progress';
    switch (e.kind) {
      case 'note':
        break;
      case 'identity-requested':
        if (p.identityPending !== null) refuse('proof of identity is already awaited');
        p.identityPending = e.date;
        p.status = 'identity-check';
        break;
      case 'identity-received':
        if (p.identityPending === null) refuse('no proof of identity was asked for');
        p.identityPending = null;
        p.status = p.clarificationPending !== null ? 'waiting-for-requester' : running;
        break;
      case 'started':
        if (p.identityPending !== null) refuse("the requester's identity is not confirmed yet");
        if (p.clarificationPending === null) p.status = running;
        break;
      case 'clarification-requested':
        if (p.clarificationPending !== null) refuse('a clarification is already awaited');
        p.clarificationPending = e.date;
        p.status = 'waiting-for-requester';
        break;
      case 'clarification-received':
        if (p.clarificationPending === null) refuse('no clarification was asked for');
        p.clarificationPending = null;
        p.status = p.identityPending !== null ? 'identity-check' : running;
        break;
      case 'extended':
        if (p.extendedOn !== null) refuse('the period can be extended only once');
        if (regime === 'lgpd' || regime === 'quebec') refuse(`${REGIME_TITLE[regime]} provides no extension`);
        if (e.note.trim() === '') refuse('give the reasons for the extension (they are told to the requester)');
        p.extendedOn = e.date;
        if (p.identityPending === null && p.clarificationPending === null) p.status = 'extended';
        break;
      case 'completed':
      case 'refused':
      case 'withdrawn':
        if (e.kind === 'refused' && e.note.trim() === '') refuse('give the reason for the refusal (Art. 12(4))');
        p.status = e.kind;
        p.closedOn = e.date;
        break;
    }
  });
  return p;
}

/** The steps that make sense after these events, in workflow order: those the workflow allows, less a
 *  second "started" (it changes nothing). A note is always possible. */
export function nextSteps(received: NaiveDate, regime: Regime, events: readonly RequestEvent[]): EventKind[] {
  const lastDate = events.length > 0 ? events[events.length - 1]!.date : received;
  const order: EventKind[] = [
    'identity-requested',
    'identity-received',
    'clarification-requested',
    'clarification-received',
    'started',
    'extended',
    'completed',
    'refused',
    'withdrawn',
    'note',
  ];
  return order.filter((kind) => {
    if (kind === 'started' && events.some((e) => e.kind === 'started')) return false;
    try {
      replay(received, regime, [...events, { kind, date: lastDate, note: 'x' }]);
      return true;
    } catch {
      return false;
    }
  });
}

const DAY_MS = 86_400_000;

/** Whole days from `a` to `b` ("YYYY-MM-DD"), negative when `b` is earlier. */
export function daysBetween(a: NaiveDate, b: NaiveDate): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

export function addDays(d: NaiveDate, n: number): NaiveDate {
  return new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}
