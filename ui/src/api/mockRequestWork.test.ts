// The mock's request work (tasks per system, the Art. 19 ledger) answers like the core
// (crates/cockpit-domain/src/request_work.rs, crates/cockpit-api/src/requests.rs): same entries, same
// refusals, `stale` for a changed request and `conflict` for what the state does not allow.
import { describe, expect, it } from 'vitest';
import { MockBackend } from './mock';
import { isApiError } from './backend';
import type { ApiError, NewRequest } from './types';
import { workingDaysBefore } from './mocklib/requestWork';

const today = '2026-11-29';
const backend = () => new MockBackend({ today, now: () => new Date('2026-11-29T10:00:00Z') });

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    expect(isApiError(e)).toBe(true);
    return e as ApiError;
  }
  throw new Error('expected a rejection');
}

function newRequest(extra: Partial<NewRequest> = {}): NewRequest {
  return {
    regime: 'gdpr',
    request_type: 'erasure',
    channel: 'email',
    received_at: '2026-11-02T09:30:00',
    establishment: null,
    calendar: 'none',
    requester: { name: 'Ana Ruiz', email: 'ana@example.org', reference: '' },
    summary: '',
    activities: [],
    events: [],
    ...extra,
  };
}

describe('MockBackend request work', () => {
  it('counts working days back, never before receipt', () => {
    // Five working days before Wed 2 Dec 2026: 1 Dec, 30 Nov, 27, 26, 25 Nov.
    expect(workingDaysBefore('2026-12-02', 5, '2026-11-02')).toBe('2026-11-25');
    expect(workingDaysBefore('2026-12-02', 50, '2026-11-20')).toBe('2026-11-20');
  });

  it('links activities: one task per system (per owner without one), one ledger entry per recipient', async () => {
    const b = backend();
    const { request, version } = await b.addRequest(newRequest());
    expect(request.tasks).toBeUndefined();
    const v = await b.linkRequestActivities(request.id, ['PA-0001', 'PA-0009'], version);
    expect(v.version).toBe(version + 1);
    expect(v.request.activities).toEqual(['PA-0001', 'PA-0009']);
    // Due five working days before the safe date (Wed 2 Dec).
    expect(v.request.tasks).toEqual([
      { system: 'HRIS', owner: 'HR', activities: ['PA-0001'], due: '2026-11-25' },
      { system: 'Payroll system', owner: 'Finance', activities: ['PA-0001'], due: '2026-11-25' },
      { system: '', owner: 'Marketing lead', activities: ['PA-0009'], due: '2026-11-25' },
    ]);
    expect(v.request.recipients).toEqual([
      { recipient: 'HR team', external: false, activities: ['PA-0001'], status: 'pending' },
      { recipient: 'Payroll provider', external: true, country: 'ES', activities: ['PA-0001'], status: 'pending' },
      { recipient: 'Tax authority', external: true, country: 'ES', activities: ['PA-0001'], status: 'pending' },
      { recipient: 'Social security', external: true, country: 'ES', activities: ['PA-0001'], status: 'pending' },
    ]);
    // Linking more adds to the existing entries and keeps what was done.
    await b.completeRequestTask(request.id, 'hris', '2026-11-20', 'Profile erased, ticket IT-42', v.version);
    const w = await b.linkRequestActivities(request.id, ['PA-0002', 'PA-0001'], null);
    expect(w.request.activities).toEqual(['PA-0001', 'PA-0009', 'PA-0002']);
    expect(w.request.tasks?.[0]).toEqual({
      system: 'HRIS',
      owner: 'HR',
      activities: ['PA-0001', 'PA-0002'],
      due: '2026-11-25',
      done_on: '2026-11-20',
      evidence: 'Profile erased, ticket IT-42',
    });
    expect(w.request.tasks).toHaveLength(3);
    expect(w.request.recipients?.map((n) => [n.recipient, n.activities.join(' ')])).toEqual([
      ['HR team', 'PA-0001 PA-0002'],
      ['Payroll provider', 'PA-0001'],
      ['Tax authority', 'PA-0001'],
      ['Social security', 'PA-0001'],
      ['Recruitment agency', 'PA-0002'],
    ]);
    const audit = await b.auditLog({ object_type: 'request', object_id: request.id, before_seq: null, limit: null });
    expect(audit.map((e) => e.action)).toEqual(['link', 'task', 'link', 'create']);
  });

  it('keeps no ledger for rights Art. 19 does not concern; a new request plans its work at once', async () => {
    const b = backend();
    const v = await b.addRequest(newRequest({ request_type: 'access', activities: ['PA-0001'] }));
    expect(v.request.tasks?.map((t) => t.system)).toEqual(['HRIS', 'Payroll system']);
    expect(v.request.recipients).toBeUndefined();
  });

  it('refuses an unknown activity, a closed request and a stale version', async () => {
    const b = backend();
    const { request, version } = await b.addRequest(newRequest());
    const unknown = await rejection(b.linkRequestActivities(request.id, ['PA-0001', 'PA-9999'], version));
    expect(unknown).toMatchObject({ code: 'validation', fields: [{ field: 'activities[1]', code: 'unknown_reference', message: 'no processing activity PA-9999' }] });
    await b.addRequestEvent(request.id, { kind: 'started', date: '2026-11-03', note: '' }, version);
    const stale = await rejection(b.linkRequestActivities(request.id, ['PA-0001'], version));
    expect(stale).toMatchObject({ code: 'stale', message: `request ${request.id} changed meanwhile (version 2, you edited 1): reload it` });
    await b.addRequestEvent(request.id, { kind: 'withdrawn', date: '2026-11-04', note: '' }, null);
    expect(await rejection(b.linkRequestActivities(request.id, ['PA-0001'], null))).toMatchObject({ code: 'conflict', message: `${request.id} is closed` });
    expect((await b.getRequest(request.id)).request.activities).toEqual([]);
  });

  it('closes a task only with evidence and a date between receipt and today', async () => {
    const b = backend();
    const { request } = await b.addRequest(newRequest({ activities: ['PA-0001', 'PA-0009'] }));
    const id = request.id;
    expect(await rejection(b.completeRequestTask(id, 'HRIS', '2026-11-20', '  ', null))).toMatchObject({
      code: 'conflict',
      message: `${id}: say what was done and where the evidence is`,
    });
    expect(await rejection(b.completeRequestTask(id, 'ERP', '2026-11-20', 'x', null))).toMatchObject({
      code: 'conflict',
      message: `${id}: no task for "ERP"; the tasks are: HRIS, Payroll system, Marketing lead`,
    });
    for (const date of ['2026-11-01', '2026-11-30']) {
      expect(await rejection(b.completeRequestTask(id, 'HRIS', date, 'x', null))).toMatchObject({
        code: 'validation',
        fields: [{ field: 'date', code: 'invalid_format', message: `${date} is not between receipt and today` }],
      });
    }
    // A task without a system is closed by its owner's name.
    const v = await b.completeRequestTask(id, 'marketing lead', '2026-11-10', ' Unsubscribed in the mailing tool ', 1);
    expect(v.request.tasks?.[2]).toMatchObject({ owner: 'Marketing lead', done_on: '2026-11-10', evidence: 'Unsubscribed in the mailing tool' });
    expect(await rejection(b.completeRequestTask(id, 'Marketing lead', '2026-11-11', 'again', null))).toMatchObject({
      code: 'conflict',
      message: `${id}: the task for Marketing lead is already done`,
    });
    expect(await rejection(b.completeRequestTask(id, 'HRIS', '2026-11-11', 'x', 1))).toMatchObject({ code: 'stale' });
  });

  it('refuses to complete a request while tasks are open', async () => {
    const b = backend();
    const { request } = await b.addRequest(newRequest({ activities: ['PA-0001'] }));
    const done = { kind: 'completed' as const, date: '2026-11-20', note: '' };
    expect(await rejection(b.addRequestEvent(request.id, done, null))).toMatchObject({
      code: 'conflict',
      message: `${request.id}: 2 task(s) still open: HRIS, Payroll system (close each with its evidence first)`,
    });
    await b.completeRequestTask(request.id, 'HRIS', '2026-11-19', 'Erased', null);
    await b.completeRequestTask(request.id, 'Payroll system', '2026-11-19', 'Erased', null);
    expect((await b.addRequestEvent(request.id, done, null)).due.status).toBe('completed');
  });

  it('records where telling each recipient stands; impossible and disproportionate need a reason', async () => {
    const b = backend();
    const { request } = await b.addRequest(newRequest({ activities: ['PA-0001'] }));
    const id = request.id;
    expect(await rejection(b.recordRecipientNotice(id, 'Tax authority', 'disproportionate-effort', '2026-11-20', ' ', null))).toMatchObject({
      code: 'conflict',
      message: `${id}: give the reason why telling this recipient is impossible or disproportionate (Art. 19)`,
    });
    expect(await rejection(b.recordRecipientNotice(id, 'Tax authority', 'acknowledged', '2026-11-20', '', null))).toMatchObject({
      code: 'conflict',
      message: `${id}: Tax authority has not been notified yet`,
    });
    expect(await rejection(b.recordRecipientNotice(id, 'Nobody', 'notified', '2026-11-20', '', null))).toMatchObject({
      code: 'conflict',
      message: `${id}: "Nobody" is not a recipient of the linked activities`,
    });
    expect(await rejection(b.recordRecipientNotice(id, 'HR team', 'pending', '2026-11-20', '', null))).toMatchObject({ code: 'conflict' });
    expect(await rejection(b.recordRecipientNotice(id, 'HR team', 'notified', '2026-12-01', '', null))).toMatchObject({ code: 'validation' });
    await b.recordRecipientNotice(id, 'tax authority', 'notified', '2026-11-20', '', 1);
    await b.recordRecipientNotice(id, 'Tax authority', 'acknowledged', '2026-11-23', '', 2);
    const v = await b.recordRecipientNotice(id, 'Social security', 'impossible', '2026-11-24', ' No channel for this kind of notice ', 3);
    expect(v.request.recipients?.map((n) => [n.recipient, n.status, n.date ?? null, n.reason ?? ''])).toEqual([
      ['HR team', 'pending', null, ''],
      ['Payroll provider', 'pending', null, ''],
      ['Tax authority', 'acknowledged', '2026-11-23', ''],
      ['Social security', 'impossible', '2026-11-24', 'No channel for this kind of notice'],
    ]);
    expect(await rejection(b.recordRecipientNotice(id, 'HR team', 'notified', '2026-11-24', '', 3))).toMatchObject({ code: 'stale' });
  });

  it('gives every request view its next steps', async () => {
    const b = backend();
    const { request, next_steps } = await b.addRequest(newRequest());
    expect(next_steps).toEqual(['identity-requested', 'clarification-requested', 'started', 'extended', 'completed', 'refused', 'withdrawn', 'note']);
    const started = await b.addRequestEvent(request.id, { kind: 'started', date: '2026-11-03', note: '' }, null);
    expect(started.next_steps).not.toContain('started');
    const linked = await b.linkRequestActivities(request.id, ['PA-0001'], null);
    expect(linked.next_steps).toEqual(started.next_steps);
    const [bulk] = await b.bulkRequestEvent([request.id], { kind: 'withdrawn', date: '2026-11-04', note: '' });
    expect(bulk!.next_steps).toEqual(['note']);
    expect((await b.getRequest(request.id)).next_steps).toEqual(['note']);
  });

  it('seeds the demo requests with the work of their activities', async () => {
    const b = backend();
    const page = await b.listRequests({
      open: null,
      statuses: [],
      regime: null,
      request_type: null,
      overdue: false,
      due_within_days: null,
      text: 'Lucía',
      sort: null,
      desc: false,
      offset: 0,
      limit: null,
    });
    const v = await b.getRequest(page.items[0]!.id);
    expect(v.request.tasks?.map((t) => [t.system, t.owner])).toEqual([['Patient records system', 'Medical']]);
  });
});
