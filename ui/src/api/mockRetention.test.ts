// The retention test double behaves like the core where the screens depend on it: catalogue checks
// with the core's messages, approval before a run, runs that progress over time and stop on cancel,
// evidence whose digests add up, and legal holds that keep entries out of a run.
import { afterEach, describe, expect, it } from 'vitest';
import { MockBackend } from './mock';
import type { RetentionRule, RunRow } from './types';
import { mockCutoff, nextCron } from './mocklib/retention';
import { sha256Hex } from './mocklib/sha256';

const backends: MockBackend[] = [];
function mock(batchMs = 5) {
  const b = new MockBackend({ today: '2026-11-29', now: () => new Date('2026-11-29T12:00:00Z'), retentionBatchMs: batchMs });
  backends.push(b);
  return b;
}
afterEach(() => {
  backends.splice(0).forEach((b) => b.retention.dispose());
});

const rule = (over: Partial<RetentionRule> = {}): RetentionRule => ({
  name: 'crm-test',
  datastore: 'crm',
  activity: null,
  data_category: null,
  target: { kind: 'table', table: 'customers', time_column: 'created_at', time_format: 'auto', key_column: 'id', filters: [] },
  keep: { kind: 'elapsed', amount: 3, unit: 'years' },
  action: { kind: 'delete' },
  batch_size: 300,
  schedule: null,
  timezone: 'Europe/Madrid',
  enabled: true,
  description: '',
  ...over,
});

async function until(b: MockBackend, id: number, done: (r: RunRow) => boolean): Promise<RunRow> {
  for (let i = 0; i < 400; i++) {
    const r = await b.retentionRun(id);
    if (done(r)) return r;
    await new Promise((res) => setTimeout(res, 5));
  }
  throw new Error('run did not finish');
}

describe('mock retention', () => {
  it('checks a rule against the catalogue with the core’s messages', async () => {
    const b = mock();
    const target = (t: Partial<Extract<RetentionRule['target'], { kind: 'table' }>>) => ({
      kind: 'table' as const,
      table: 'customers',
      time_column: 'created_at',
      time_format: 'auto' as const,
      key_column: 'id',
      filters: [],
      ...t,
    });
    await expect(b.addRetentionRule(rule({ target: target({ table: 'clients' }) }))).rejects.toMatchObject({
      code: 'validation',
      message: "table 'clients' is not in datastore 'crm' (it has: customers, orders, web_log)",
    });
    await expect(b.addRetentionRule(rule({ target: target({ key_column: 'name' }) }))).rejects.toMatchObject({
      message: "key column 'name' is not a unique key of table 'customers' (unique columns: id, email)",
    });
    await expect(b.addRetentionRule(rule({ schedule: 'every night' }))).rejects.toMatchObject({ code: 'validation', message: expect.stringMatching(/^invalid schedule/) });
    await expect(b.addRetentionRule(rule({ name: '-bad' }))).rejects.toMatchObject({ message: expect.stringMatching(/^invalid rule name/) });
    await expect(b.addRetentionRule(rule({ activity: 'PA-0003', data_category: 'Health data' }))).rejects.toMatchObject({
      message: "activity PA-0003 has no data category 'Health data' (it has: Contact details)",
    });
    const saved = await b.addRetentionRule(rule());
    expect(saved).toMatchObject({ version: 1, approved: false, last_run: null });
    // `auto` is made concrete when saved, as the core does.
    expect(saved.rule.target).toMatchObject({ time_format: 'iso_text' });
    await expect(b.addRetentionRule(rule())).rejects.toMatchObject({ code: 'conflict' });
  });

  it('needs an approved plan, then runs in batches over time to completion with consistent evidence', async () => {
    const b = mock();
    await b.addRetentionRule(rule());
    await expect(b.startRetentionRun('crm-test')).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('is not approved') });
    const plan = await b.retentionPlan('crm-test');
    expect(plan.cutoff).toBe('2023-11-29T00:00:00Z');
    expect(plan.affected).toBeGreaterThan(600);
    expect(plan.sample_keys).toHaveLength(10);
    expect(plan.statements[1]).toMatch(/^DELETE FROM "customers" WHERE "id" IN \(:batch\) AND "created_at" < '2023-11-29T00:00:00Z'$/);
    expect((await b.approveRetention('crm-test')).approved).toBe(true);

    const started = await b.startRetentionRun('crm-test');
    expect(started).toMatchObject({ status: 'running', affected: 0, batches: 0, planned: plan.affected });
    await expect(b.startRetentionRun('crm-test')).rejects.toMatchObject({ code: 'conflict' });
    const middle = await until(b, started.id, (r) => r.batches >= 1);
    expect(middle.status === 'running' || middle.status === 'completed').toBe(true);
    const done = await until(b, started.id, (r) => r.status !== 'running');
    expect(done).toMatchObject({ status: 'completed', affected: plan.affected, batches: Math.ceil(plan.affected / 300) });

    const cert = await b.retentionCertificate(started.id);
    expect(cert.evidence_consistent).toBe(true);
    expect(cert.batches.reduce((n, x) => n + x.count, 0)).toBe(plan.affected);
    expect(cert.recomputed_digest).toBe(sha256Hex(cert.batches.map((x) => `${x.digest}\n`).join('')));
    expect(cert.audited_digest).toBe(cert.recomputed_digest);
    // What is gone no longer matches.
    expect((await b.retentionPlan('crm-test')).affected).toBe(0);
    expect((await b.retentionRule('crm-test')).last_run?.id).toBe(started.id);
    const actions = (await b.auditLog({ object_type: 'retention_run', object_id: null, before_seq: null, limit: 10 })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['start', 'finish']));
  });

  it('stops a run on cancel after the current batch', async () => {
    const b = mock(30);
    await b.addRetentionRule(rule({ batch_size: 50 }));
    await b.approveRetention('crm-test');
    const r = await b.startRetentionRun('crm-test');
    await until(b, r.id, (x) => x.batches >= 1);
    expect(await b.cancelRetentionRun(r.id)).toBe(true);
    const done = await until(b, r.id, (x) => x.status !== 'running');
    expect(done.status).toBe('cancelled');
    expect(done.affected).toBeLessThan(done.planned);
    expect(done.affected).toBe(done.batches * 50);
    expect(await b.cancelRetentionRun(r.id)).toBe(false);
    expect((await b.retentionPlan('crm-test')).affected).toBe(done.planned - done.affected);
  });

  it('a changed rule needs approval again', async () => {
    const b = mock();
    const v1 = await b.addRetentionRule(rule());
    await b.approveRetention('crm-test');
    const same = await b.updateRetentionRule(v1.rule, 1);
    expect(same).toMatchObject({ version: 1, approved: true });
    const v2 = await b.updateRetentionRule({ ...v1.rule, batch_size: 10 }, 1);
    expect(v2).toMatchObject({ version: 2, approved: false });
    await expect(b.updateRetentionRule({ ...v1.rule, batch_size: 20 }, 1)).rejects.toMatchObject({
      code: 'stale',
      message: "rule 'crm-test' was changed meanwhile (version 2 now, 1 expected)",
    });
    await expect(b.updateRetentionRule({ ...v1.rule, datastore: 'hr' }, 2)).rejects.toMatchObject({ code: 'validation' });
  });

  it('legal holds keep entries out of plans and runs; release needs a reason', async () => {
    const b = mock();
    await b.addRetentionRule(rule());
    const before = await b.retentionPlan('crm-test');
    const keys = before.sample_keys.slice(0, 3);
    await expect(b.addHold({ kind: 'keys', rule: 'crm-test', keys }, '  ', null, null)).rejects.toMatchObject({ code: 'validation' });
    await expect(b.addHold({ kind: 'keys', rule: 'crm-test', keys: [] }, 'Claim', null, null)).rejects.toMatchObject({ code: 'validation' });
    await expect(b.addHold({ kind: 'rule', rule: 'crm-test' }, 'Claim', null, '2020-01-01')).rejects.toMatchObject({ message: "the hold's end date 2020-01-01 is in the past" });
    const h = await b.addHold({ kind: 'keys', rule: 'crm-test', keys }, 'Claim 12', null, null);
    expect(h.owner).toBe('dpo@localhost');
    const held = await b.retentionPlan('crm-test');
    expect(held.affected).toBe(before.affected - 3);
    expect(held.held).toBe(3);
    expect(held.sample_keys).not.toContain(keys[0]);

    const whole = await b.addHold({ kind: 'rule', rule: 'crm-test' }, 'Inspection', 'Legal', null);
    const plan = await b.retentionPlan('crm-test');
    expect(plan).toMatchObject({ affected: 0, held: before.affected, whole_rule_holds: [whole.id] });
    await b.approveRetention('crm-test');
    const run = await b.startRetentionRun('crm-test');
    expect((await until(b, run.id, (r) => r.status !== 'running')).status).toBe('held');

    await expect(b.releaseHold(whole.id, '')).rejects.toMatchObject({ code: 'validation' });
    const released = await b.releaseHold(whole.id, 'Inspection closed');
    expect(released.release_reason).toBe('Inspection closed');
    await expect(b.releaseHold(whole.id, 'again')).rejects.toMatchObject({ code: 'not_found' });
    expect((await b.listHolds(false)).map((x) => x.id)).not.toContain(whole.id);
    expect((await b.listHolds(true)).map((x) => x.id)).toContain(whole.id);
  });

  it('computes calendar cutoffs, fiscal-year cutoffs and cron slots', () => {
    const now = new Date('2026-08-31T10:00:00Z');
    expect(mockCutoff({ kind: 'elapsed', amount: 18, unit: 'months' }, now).toISOString()).toBe('2025-02-28T00:00:00.000Z');
    expect(mockCutoff({ kind: 'elapsed', amount: 30, unit: 'days' }, now).toISOString()).toBe('2026-08-01T00:00:00.000Z');
    // Kept until 10 years after the fiscal year's end: on 2026-08-31 entries of 2015 and before are due.
    expect(mockCutoff({ kind: 'after_fiscal_year_end', years: 10, fy_end_month: 12, fy_end_day: 31 }, now).toISOString()).toBe('2016-01-01T00:00:00.000Z');
    expect(nextCron('0 3 * * *', now)?.toISOString()).toBe('2026-09-01T03:00:00.000Z');
    expect(nextCron('30 2 * * 0', now)?.toISOString()).toBe('2026-09-06T02:30:00.000Z');
    expect(nextCron('61 * * * *', now)).toBeNull();
  });

  it('tests datastores and refuses passwords for files; a new datastore is audited', async () => {
    const b = mock();
    expect(await b.testDatastore('hr')).toMatchObject({ kind: 'postgres', tables: ['applicants'] });
    await expect(b.testDatastore('nope')).rejects.toMatchObject({ code: 'not_found' });
    await expect(b.addDatastore('files2', 'sqlite', '/tmp/x.db', 'secret')).rejects.toMatchObject({ message: 'SQLite files and folders take no password' });
    await expect(b.addDatastore('down', 'postgres', 'postgres://u@unreachable/db', 'pw')).rejects.toMatchObject({ code: 'validation' });
    const [row] = await b.addDatastore('billing', 'postgres', 'postgres://app@db/billing', 'pw');
    expect(row).toMatchObject({ name: 'billing', has_secret: true, url: 'postgres://app@db/billing' });
    expect(JSON.stringify(await b.auditLog({ object_type: 'datastore', object_id: null, before_seq: null, limit: null }))).not.toContain('pw"');
  });
});
