// The mock's request register answers like the core on the cases the Rust tests pin
// (src-tauri/tests/commands.rs): the same dates, the same refusals, all-or-nothing bulk events.
import { describe, expect, it } from 'vitest';
import { MockBackend } from './mock';
import { isApiError } from './backend';
import { emptyRequestListQuery, requestTypesFor } from './enums';
import type { ApiError, NewRequest } from './types';
import { nextSteps, replay } from '../lib/requestFlow';

const today = '2026-11-29';
const backend = (opts = {}) => new MockBackend({ today, now: () => new Date('2026-11-29T10:00:00Z'), ...opts });

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    expect(isApiError(e)).toBe(true);
    return e as ApiError;
  }
  throw new Error('expected a rejection');
}

function newRequest(name: string, receivedAt: string, extra: Partial<NewRequest> = {}): NewRequest {
  return {
    regime: 'gdpr',
    request_type: 'access',
    channel: 'email',
    received_at: receivedAt,
    establishment: null,
    calendar: 'none',
    requester: { name, email: 'ana@example.org', reference: '' },
    summary: '',
    activities: [],
    events: [],
    ...extra,
  };
}

describe('MockBackend requests', () => {
  it('is seeded with requests in every state, listed open first by due date', async () => {
    const page = await backend().listRequests(emptyRequestListQuery());
    expect(page.today).toBe(today);
    expect(page.total).toBe(13);
    const open = page.items.filter((r) => r.closed_on === null);
    expect(page.items.slice(0, open.length)).toEqual(open);
    expect(open.map((r) => r.due)).toEqual([...open.map((r) => r.due)].sort());
    expect(new Set(page.items.map((r) => r.status))).toEqual(
      new Set(['received', 'identity-check', 'in-progress', 'waiting-for-requester', 'extended', 'completed', 'refused', 'withdrawn']),
    );
    // The Madrid headquarters' calendar and zone.
    const view = await backend().getRequest(page.items[0]!.id);
    expect(view.request.calendar).toBe('ES-MD');
    expect(view.request.timezone).toBe('Europe/Madrid');
  });

  it('computes the due date from receipt, like the core (ICO example)', async () => {
    const b = backend({ empty: true });
    const view = await b.addRequest(newRequest('Ana', '2026-01-31T10:15:00'));
    expect(view.request.id).toBe('DSR-2026-0001');
    expect(view.version).toBe(1);
    expect(view.due.status).toBe('received');
    expect(view.due.due).toBe('2026-03-02');
    expect(view.due.deadline.explanation).toContain('Mon 2 Mar');
    expect(view.due.overdue).toBe(true);
    expect(view.due.days_left).toBe(-272);
    expect((await b.addRequest(newRequest('Bruno', '2026-02-02T09:00:00'))).request.id).toBe('DSR-2026-0002');
  });

  it('refuses a right of another regime and a missing requester with field errors', async () => {
    const err = await rejection(backend().addRequest(newRequest('', '2026-02-02T09:00:00', { request_type: 'opt-out' })));
    expect(err.code).toBe('validation');
    expect(err.fields.map((f) => f.field)).toEqual(['request_type', 'requester.name']);
    expect(err.fields[0]!.message).toBe('opt-out is not a right under EU GDPR');
    const err2 = await rejection(backend().addRequest(newRequest('X', '2026-12-24T09:00:00', { activities: ['PA-0001', 'PA-9999'] })));
    expect(err2.fields).toEqual([
      { field: 'received_at', code: 'out_of_range', message: '2026-12-24 is in the future' },
      { field: 'activities[1]', code: 'unknown_reference', message: 'no processing activity PA-9999' },
    ]);
  });

  it('refuses an event on a stale version, and an impossible step with the core message', async () => {
    const b = backend({ empty: true });
    const { request } = await b.addRequest(newRequest('Ana', '2026-03-02T09:00:00'));
    const asked = await b.addRequestEvent(request.id, { kind: 'identity-requested', date: '2026-03-03', note: '' }, 1);
    expect([asked.version, asked.due.status]).toEqual([2, 'identity-check']);
    const received = { kind: 'identity-received' as const, date: '2026-03-10', note: '' };
    const stale = await rejection(b.addRequestEvent(request.id, received, 1));
    expect(stale.code).toBe('stale');
    expect(stale.message).toBe('request DSR-2026-0001 changed meanwhile (version 2, you edited 1): reload it');
    expect((await b.getRequest(request.id)).version).toBe(2);
    const view = await b.addRequestEvent(request.id, received, null);
    expect([view.version, view.due.status, view.due.due, view.due.safe_due]).toEqual([3, 'in-progress', '2026-04-10', '2026-04-02']);
    const again = await rejection(b.addRequestEvent(request.id, { ...received, date: '2026-03-11' }, 3));
    expect(again.code).toBe('conflict');
    expect(again.message).toBe('DSR-2026-0001: event 3 (identity-received on 2026-03-11): no proof of identity was asked for');
  });

  it('adds a bulk event to all or none', async () => {
    const b = backend({ empty: true });
    const ids: string[] = [];
    for (const name of ['Ana', 'Bruno', 'Carla']) ids.push((await b.addRequest(newRequest(name, '2026-03-02T09:00:00'))).request.id);
    for (const id of ids.slice(0, 2)) await b.addRequestEvent(id, { kind: 'identity-requested', date: '2026-03-03', note: '' }, 1);
    const verified = { kind: 'identity-received' as const, date: '2026-03-05', note: '' };
    const err = await rejection(b.bulkRequestEvent(ids, verified));
    expect(err.code).toBe('conflict');
    expect(err.message.startsWith(`${ids[2]}: `)).toBe(true);
    for (const id of ids.slice(0, 2)) expect((await b.getRequest(id)).due.status).toBe('identity-check');
    const views = await b.bulkRequestEvent(ids.slice(0, 2), verified);
    expect(views.map((v) => [v.request.id, v.version, v.due.status])).toEqual([
      [ids[0], 3, 'in-progress'],
      [ids[1], 3, 'in-progress'],
    ]);
    const refused = await rejection(b.bulkRequestEvent([ids[2]!], { kind: 'refused', date: '2026-03-06', note: ' ' }));
    expect(refused.message).toContain('give the reason for the refusal (Art. 12(4))');
  });

  it('filters like the store and counts like its figures', async () => {
    const b = backend();
    const q = emptyRequestListQuery();
    const all = await b.listRequests(q);
    const overdue = await b.listRequests({ ...q, overdue: true });
    expect(overdue.items.every((r) => r.closed_on === null && !r.clock_stopped && r.due < today)).toBe(true);
    const closed = await b.listRequests({ ...q, open: false });
    expect(closed.total).toBe(all.items.filter((r) => r.closed_on !== null).length);
    expect((await b.listRequests({ ...q, text: 'rossi' })).items.map((r) => r.requester_name)).toEqual(['Marco Rossi']);
    expect((await b.listRequests({ ...q, regime: 'ccpa' })).items.map((r) => r.request_type)).toEqual(['know']);
    const paged = await b.listRequests({ ...q, sort: 'id', offset: 2, limit: 3 });
    expect([paged.total, paged.items.length]).toEqual([13, 3]);
    const stats = await b.requestStats();
    expect(stats.open).toBe(all.total - closed.total);
    expect(stats.overdue).toBe(overdue.total);
    expect(stats.closed_in_window).toBe(4);
    expect(stats.median_days_to_close).not.toBeNull();
  });

  it('makes 100,000 generated requests lazily and opens one as an ordinary request', async () => {
    const b = backend({ extraRequests: 100_000 });
    const page = await b.listRequests({ ...emptyRequestListQuery(), limit: 50 });
    expect(page.total).toBe(100_013);
    expect(page.items).toHaveLength(50);
    const view = await b.getRequest('DSR-2000-000042');
    expect(view.request.requester.name).toMatch(/ 42$/);
    const row = (await b.listRequests({ ...emptyRequestListQuery(), text: 'DSR-2000-000042' })).items[0]!;
    expect([row.due, row.status]).toEqual([view.due.due, view.due.status]);
  });
});

describe('the workflow', () => {
  it('offers only the steps that make sense next', () => {
    expect(nextSteps('2026-03-02', 'gdpr', [])).toEqual([
      'identity-requested',
      'clarification-requested',
      'started',
      'extended',
      'completed',
      'refused',
      'withdrawn',
      'note',
    ]);
    const asked = [{ kind: 'identity-requested' as const, date: '2026-03-03', note: '' }];
    expect(nextSteps('2026-03-02', 'gdpr', asked)).not.toContain('started');
    expect(nextSteps('2026-03-02', 'gdpr', asked)).toContain('identity-received');
    expect(nextSteps('2026-03-02', 'lgpd', [])).not.toContain('extended');
    expect(nextSteps('2026-03-02', 'gdpr', [{ kind: 'completed', date: '2026-03-03', note: '' }])).toEqual(['note']);
  });

  it('refuses events out of date order', () => {
    expect(() => replay('2026-03-02', 'gdpr', [{ kind: 'started', date: '2026-03-01', note: '' }])).toThrow(
      'event 1 (started on 2026-03-01): events must be in date order; the previous one is dated 2026-03-02',
    );
  });

  it('knows which rights each regime has', () => {
    expect(requestTypesFor('ccpa')).toEqual(['portability', 'know', 'delete', 'correct', 'opt-out', 'limit']);
    expect(requestTypesFor('gdpr')).toEqual(['access', 'rectification', 'erasure', 'restriction', 'portability', 'objection', 'automated-decision']);
  });
});
