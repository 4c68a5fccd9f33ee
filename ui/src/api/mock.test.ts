import { describe, expect, it } from 'vitest';
import { MockBackend } from './mock';
import { isApiError } from './backend';
import { emptyActivity, emptyActivityQuery } from './enums';
import type { ApiError } from './types';

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

  it('refuses a stale update with conflict and an unknown id with not_found', async () => {
    const b = backend();
    const d = await b.getActivity('PA-0002');
    await b.updateActivity({ ...d.activity, owner: 'A' }, d.version);
    expect((await rejection(b.updateActivity({ ...d.activity, owner: 'B' }, d.version))).code).toBe('conflict');
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
