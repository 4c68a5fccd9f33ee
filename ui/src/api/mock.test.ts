import { describe, expect, it } from 'vitest';
import { MockBackend } from './mock';
import { isApiError } from './backend';
import { emptyActivity, emptyActivityQuery, emptyDeadlineQuery, isBreachDeadline } from './enums';
import type { ApiError, DeadlineQuery, RequestDeadline } from './types';

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

describe('MockBackend', () => {
  it('is seeded with an organisation, vocabularies and nine activities', async () => {
    const b = backend();
    expect((await b.getOrganisation())?.name).toBe('Clínica Lumen S.L.');
    const page = await b.listActivities(emptyActivityQuery(), null);
    expect(page.total).toBe(9);
    const scores = new Set(page.items.map((s) => s.band));
    expect(scores).toEqual(new Set(['complete', 'partial', 'poor']));
    expect((await b.getVocabularies()).departments).toContain('Human Resources');
  });

  it('refuses an empty name with a validation error on the field', async () => {
    const err = await rejection(backend().createActivity(emptyActivity('', '  ')));
    expect(err.code).toBe('validation');
    expect(err.fields).toEqual([{ field: 'name', code: 'required', message: 'must not be empty' }]);
  });

  it('refuses unknown references and duplicates, naming each path', async () => {
    const a = { ...emptyActivity('', 'X'), recipients: ['HR team', 'hr TEAM', 'Nobody'], data_categories: [{ category: 'Ghost', retention: { period: null, criteria: '' } }] };
    const err = await rejection(backend().createActivity(a));
    expect(err.fields.map((f) => [f.field, f.code])).toEqual([
      ['data_categories[0]', 'unknown_reference'],
      ['recipients[1]', 'duplicate'],
      ['recipients[2]', 'unknown_reference'],
    ]);
  });

  it('refuses a transfer without a valid country', async () => {
    const a = { ...emptyActivity('', 'X'), transfers: [{ country: '', recipient: null, mechanism: null, safeguards: '' }, { country: 'XX', recipient: null, mechanism: null, safeguards: '' }] };
    const err = await rejection(backend().createActivity(a));
    expect(err.fields.map((f) => [f.field, f.code])).toEqual([
      ['transfers[0].country', 'required'],
      ['transfers[1].country', 'invalid_country'],
    ]);
  });

  it('assigns the next id, bumps versions, keeps history with field diffs', async () => {
    const b = backend();
    const created = await b.createActivity({ ...emptyActivity('', 'Visitor log'), department: 'Facilities' });
    expect(created.activity.id).toBe('PA-0010');
    expect(created.version).toBe(1);
    const updated = await b.updateActivity({ ...created.activity, name: 'Visitor register', recipients: ['HR team'] }, 1);
    expect(updated.version).toBe(2);
    const retired = await b.retireActivity('PA-0010');
    expect(retired.version).toBe(3);
    expect(retired.activity.status).toBe('retired');
    const history = await b.activityHistory('PA-0010');
    expect(history.map((v) => [v.version, v.action])).toEqual([
      [1, 'create'],
      [2, 'update'],
      [3, 'retire'],
    ]);
    expect(history[1]!.changes).toEqual([
      { path: 'name', before: 'Visitor log', after: 'Visitor register' },
      { path: 'recipients', before: [], after: ['HR team'] },
    ]);
    expect(history[2]!.changes).toEqual([{ path: 'status', before: 'draft', after: 'retired' }]);
    expect(history[0]!.changes[0]?.path).toBe('');
  });

  it('refuses a stale update with stale and an unknown id with not_found', async () => {
    const b = backend();
    const d = await b.getActivity('PA-0002');
    await b.updateActivity({ ...d.activity, owner: 'A' }, d.version);
    const stale = await rejection(b.updateActivity({ ...d.activity, owner: 'B' }, d.version));
    expect(stale.code).toBe('stale');
    expect(stale.message).toBe(
      `activity PA-0002 was changed by someone else (version ${d.version} is now ${d.version + 1}); reload it and apply your change again`,
    );
    expect((await rejection(b.getActivity('PA-9999'))).code).toBe('not_found');
  });

  it('computes completeness findings with references', async () => {
    const b = backend();
    const c = await b.checkActivity({
      ...emptyActivity('', 'Draft'),
      data_categories: [{ category: 'Health data', retention: { period: null, criteria: '' } }],
      transfers: [{ country: 'US', recipient: null, mechanism: null, safeguards: '' }],
      next_review: '2020-01-01',
    });
    const codes = c.findings.map((f) => f.code);
    expect(codes).toEqual(
      expect.arrayContaining(['no_purpose', 'no_lawful_basis', 'retention_missing', 'special_category_without_condition', 'transfer_without_mechanism', 'no_security_measures', 'review_overdue']),
    );
    const retention = c.findings.find((f) => f.code === 'retention_missing');
    expect(retention).toMatchObject({ field: 'data_categories[0].retention', subject: 'Health data', reference: 'Art. 30(1)(f), Art. 5(1)(e)' });
    expect(c.score).toBe(0);
    // Missing before weak.
    const sev = c.findings.map((f) => f.severity);
    expect(sev.indexOf('weak')).toBeGreaterThan(sev.lastIndexOf('missing'));
  });

  it('shows the register as it stood on a date', async () => {
    const b = backend();
    expect((await b.listActivities(emptyActivityQuery(), '2025-01-16')).items.map((s) => s.id)).toEqual(['PA-0001', 'PA-0009']);
    const before = await b.listActivities({ ...emptyActivityQuery(), search: 'PA-0009' }, '2025-06-30');
    expect(before.items[0]?.status).toBe('active');
    const after = await b.listActivities({ ...emptyActivityQuery(), search: 'PA-0009' }, '2025-07-02');
    expect(after.items[0]?.status).toBe('retired');
  });

  it('keeps a verifiable audit chain and detects tampering', async () => {
    const b = backend();
    await b.createActivity(emptyActivity('', 'Audited'));
    const ok = await b.verifyAudit();
    expect(ok.ok).toBe(true);
    expect(ok.head_hash).toMatch(/^[0-9a-f]{64}$/);
    const newest = await b.auditLog({ object_type: null, object_id: null, before_seq: null, limit: 2 });
    expect(newest[0]).toMatchObject({ object_type: 'activity', object_id: 'PA-0010', action: 'create' });
    expect(newest[0]!.prev_hash).toBe(newest[1]!.hash);
    const older = await b.auditLog({ object_type: null, object_id: null, before_seq: newest[1]!.seq, limit: 1 });
    expect(older[0]!.seq).toBe(newest[1]!.seq - 1);
    b.tamper = (entries) => {
      entries[3]!.actor = 'mallory';
    };
    const broken = await b.verifyAudit();
    expect(broken).toMatchObject({ ok: false, first_broken_seq: 4, head_hash: null });
  });

  it('known SHA-256 vector', async () => {
    const { sha256Hex } = await import('./mocklib/sha256');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('renames vocabulary entries everywhere and refuses to delete one in use', async () => {
    const b = backend();
    await b.saveVocabularyEntry({ kind: 'recipient', entry: { name: 'People team', kind: 'internal', processor: false, country: '', description: '' } }, 'HR team');
    expect((await b.getActivity('PA-0001')).activity.recipients).toContain('People team');
    const err = await rejection(b.deleteVocabularyEntry('recipient', 'People team'));
    expect(err.code).toBe('conflict');
    await b.saveVocabularyEntry({ kind: 'measure', entry: { name: 'Shredding', kind: 'organisational', description: '' } }, null);
    await b.deleteVocabularyEntry('measure', 'Shredding');
    const dup = await rejection(b.saveVocabularyEntry({ kind: 'measure', entry: { name: 'staff TRAINING', kind: 'organisational', description: '' } }, null));
    expect(dup.fields[0]).toMatchObject({ field: 'name', code: 'duplicate' });
    expect((await b.verifyAudit()).ok).toBe(true);
  });

  it('validates the organisation', async () => {
    const b = backend();
    const org = (await b.getOrganisation())!;
    const err = await rejection(b.setOrganisation({ ...org, name: '', dpo_email: 'nope', establishments: [{ ...org.establishments[0]!, timezone: 'CEST' }] }));
    expect(err.fields.map((f) => [f.field, f.code])).toEqual([
      ['name', 'required'],
      ['dpo_email', 'invalid_format'],
      ['establishments[0].timezone', 'invalid_time_zone'],
    ]);
  });

  it('dashboard counts', async () => {
    const d = await backend().dashboard();
    expect(d.activities).toBe(9);
    expect(d.by_band.map((c) => c.key)).toEqual(['complete', 'partial', 'poor']);
    expect(d.by_band.reduce((n, c) => n + c.count, 0)).toBe(9);
    expect(d.transfers_by_country.find((c) => c.key === 'US')?.count).toBe(2);
    expect(d.reviews_overdue).toBe(2);
    expect(d.art30_5_headcount_exemption).toBe(true);
  });

  it('fails an import of an invalid file with row errors', async () => {
    const err = await rejection(backend().importRegister('/tmp/invalid.xlsx'));
    expect(err.code).toBe('import');
    expect(err.rows).toHaveLength(2);
  });
});

describe('MockBackend deadlines', () => {
  const ask = (q: Partial<DeadlineQuery>) => backend().computeDeadline({ ...emptyDeadlineQuery(), calendar: 'none', ...q });
  const request = async (q: Partial<DeadlineQuery>): Promise<RequestDeadline> => {
    const a = await ask(q);
    if (isBreachDeadline(a)) throw new Error('expected a request deadline');
    return a;
  };

  it('clamps to the month end and rolls a weekend forward (ICO: 31 Jan 2026 → Mon 2 Mar 2026)', async () => {
    for (const regime of ['gdpr', 'uk-gdpr']) {
      const a = await request({ regime, received: '2026-01-31' });
      expect(a.legal_due).toBe('2026-03-02');
      expect(a.safe_due).toBe('2026-03-02');
      expect(new Date(`${a.legal_due}T00:00:00Z`).getUTCDay()).toBe(1);
      expect(a.explanation).toBe('received Sat 31 Jan 2026 → 28 Feb (February has no 31st) → Saturday → Mon 2 Mar');
      expect(a.extension_notice_due).toBe('2026-03-02');
      expect(a).not.toHaveProperty('extended_legal_due');
    }
  });

  it('keeps the date number when the month has it (3 Sep 2025 → Fri 3 Oct 2025)', async () => {
    const a = await request({ regime: 'gdpr', received: '2025-09-03' });
    expect(a.legal_due).toBe('2025-10-03');
    expect(a.explanation).toBe('received Wed 3 Sep 2025 → Fri 3 Oct');
    expect(a.candidates).toEqual([expect.objectContaining({ label: 'legal', date: '2025-10-03' })]);
    // Another input, another answer: not a canned reply.
    expect((await request({ regime: 'gdpr', received: '2025-09-05' })).legal_due).toBe('2025-10-06');
  });

  it('extends by three months from the start, with the earlier two-months-after-the-first alternative', async () => {
    const a = await request({ regime: 'gdpr', received: '2026-01-31', extended: true });
    expect(a.extended_legal_due).toBe('2026-04-30');
    expect(a.extended_safe_due).toBe('2026-04-28');
  });

  it('UK: the clock starts when identity arrives and stops for clarification; EU: guidance pause, safe date ignores it', async () => {
    const waits = { received: '2025-09-03', id_requested: '2025-09-04', id_received: '2025-09-10' };
    const uk = await request({ regime: 'uk-gdpr', ...waits, clarification_asked: '2025-09-15', clarification_received: '2025-09-20' });
    expect([uk.clock_start, uk.legal_due, uk.safe_due, uk.paused_days]).toEqual(['2025-09-10', '2025-10-16', '2025-10-10', 6]);
    const eu = await request({ regime: 'gdpr', ...waits });
    expect([eu.clock_start, eu.legal_due, eu.safe_due, eu.paused_days]).toEqual(['2025-09-03', '2025-10-10', '2025-10-03', 7]);
    expect(eu.explanation).toContain('safe date Fri 3 Oct ignores the pause');
  });

  it('counts the fixed-day regimes in plain days', async () => {
    const ccpa = await request({ regime: 'ccpa', received: '2025-09-03' });
    expect([ccpa.legal_due, ccpa.safe_due]).toEqual(['2025-10-18', '2025-10-17']);
    expect(ccpa.other_dates[0]).toMatchObject({ label: 'acknowledge receipt', date: '2025-09-17' });
    expect((await request({ regime: 'ccpa', received: '2025-09-03', extended: true })).extended_legal_due).toBe('2025-12-02');
    const lgpd = await request({ regime: 'lgpd', received: '2025-09-03' });
    expect([lgpd.legal_due, lgpd.extension_notice_due]).toEqual(['2025-09-18', null]);
    expect((await request({ regime: 'pipeda', received: '2025-09-03' })).legal_due).toBe('2025-10-03');
    // Quebec moves a Sunday end only: 30 days after 3 Sep 2026 is Sat 3 Oct, which stays.
    expect((await request({ regime: 'quebec', received: '2026-09-03' })).legal_due).toBe('2026-10-03');
    expect((await request({ regime: 'fadp', received: '2026-09-03' })).legal_due).toBe('2026-10-05');
  });

  it('the breach clock is 72 hours exactly, in UTC, across a clock change', async () => {
    const a = await ask({ regime: 'gdpr-breach', calendar: null, aware_at: '2026-03-28T10:00:00', tz: 'Europe/Berlin' });
    if (!isBreachDeadline(a)) throw new Error('expected a breach deadline');
    expect(a.aware_at).toBe('2026-03-28T10:00:00+01:00');
    expect(a.legal_due).toBe('2026-03-31T11:00:00+02:00');
    expect(a.legal_due_utc).toBe('2026-03-31T09:00:00Z');
    expect(Date.parse(a.legal_due) - Date.parse(a.aware_at)).toBe(72 * 3600 * 1000);
    expect(a.explanation).toContain('clocks changed');
    const b = await ask({ regime: 'gdpr-breach', aware_at: '2026-06-05T16:45:00Z', tz: 'Europe/Berlin' });
    expect(b.legal_due).toBe('2026-06-08T18:45:00+02:00');
    expect((await rejection(ask({ regime: 'gdpr-breach', aware_at: '2026-03-29T02:30', tz: 'Europe/Berlin' }))).message).toContain('does not exist');
    expect((await rejection(ask({ regime: 'gdpr-breach', aware_at: '2026-10-25T02:30:00', tz: 'Europe/Berlin' }))).message).toContain('happens twice');
    expect((await rejection(ask({ regime: 'gdpr-breach', aware_at: '2026-03-28T10:00', tz: 'Mars/Olympus' }))).message).toContain('unknown time zone');
  });

  it('refuses bad questions with a validation error that says what is valid', async () => {
    const regime = await rejection(ask({ regime: 'gpdr', received: '2025-09-03' }));
    expect(regime).toMatchObject({ code: 'validation', fields: [], rows: [] });
    expect(regime.message).toContain('valid regimes: gdpr, uk-gdpr');
    expect((await rejection(ask({ calendar: 'XX', received: '2025-09-03' }))).message).toContain('DE-BY');
    expect((await rejection(ask({ received: '2025-02-30' }))).message).toContain('YYYY-MM-DD');
    expect((await rejection(ask({ received: null }))).message).toContain('received is required');
    expect((await rejection(ask({ regime: 'quebec', received: '2025-09-03', extended: true }))).message).toContain('no extension');
    expect((await rejection(ask({ calendar: 'ES', received: '2005-01-10' }))).message).toContain('2008–2050');
    expect((await rejection(ask({ regime: 'uk-gdpr', received: '2025-09-03', id_requested: '2025-09-04' }))).message).toContain('give both');
  });

  it('lists calendars, none first', async () => {
    const cals = await backend().listCalendars();
    expect(cals[0]).toEqual({ code: 'none', label: 'Weekends only, no public holidays (none)', first_year: null, last_year: null });
    expect(cals.find((c) => c.code === 'GB-ENG')?.first_year).toBe(2000);
  });
});
