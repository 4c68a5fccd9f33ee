// The mock's letters and reminder settings answer like the core (crates/cockpit-domain/src/letters.rs,
// reminders.rs, crates/cockpit-api/src/letters.rs): placeholders filled, unknown ones refused, letters
// that cannot be written yet refused with `conflict`, a saved letter recorded with its SHA-256.
import { describe, expect, it } from 'vitest';
import { MockBackend } from './mock';
import { isApiError } from './backend';
import { emptyRequestListQuery } from './enums';
import type { ApiError } from './types';
import { letterDate, renderLetter, sampleContext } from './mocklib/letters';
import { sha256Hex } from './mocklib/sha256';

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

/** The id of the seeded request of this requester. */
async function idOf(m: MockBackend, name: string): Promise<string> {
  const page = await m.listRequests({ ...emptyRequestListQuery(), text: name });
  const row = page.items.find((r) => r.requester_name === name);
  if (!row) throw new Error(`no seeded request of ${name}`);
  return row.id;
}

describe('the mock template renderer', () => {
  it('fills placeholders, conditions and loops', () => {
    const ctx = sampleContext();
    const { subject, body } = renderLetter(
      'Subject: Hello {{ request.id }}\nDear {{ request.requester_name | upper }},\n{% for a in activities %}{{ loop.index }}. {{ a.name }} ({{ a.data_categories | map(attribute="name") | join("; ") }}){% if not loop.last %}, {% endif %}{% endfor %}\n{% if note %}Note: {{ note }}{% else %}none{% endif %}\n',
      ctx,
    );
    expect(subject).toBe('Hello DSR-2026-0001');
    expect(body).toBe('Dear ALEX EXAMPLE,\n1. Payroll (Bank details)\nNote: which account\n');
  });

  it('refuses unknown placeholders, unknown filters, unclosed blocks and a missing subject line', () => {
    const ctx = sampleContext();
    expect(() => renderLetter('Subject: x\n{{ request.idd }}', ctx)).toThrow(/^the template cannot be used: undefined value: request\.idd/);
    expect(() => renderLetter('Subject: x\n{{ nothing }}', ctx)).toThrow(/cannot be used/);
    expect(() => renderLetter('Subject: x\n{{ note | shout }}', ctx)).toThrow(/unknown filter/);
    expect(() => renderLetter('Subject: x\n{% if note %}open', ctx)).toThrow(/cannot be used: syntax error/);
    expect(() => renderLetter('Subject: x\n{{ note ', ctx)).toThrow(/cannot be used: syntax error/);
    expect(() => renderLetter('No subject line\n', ctx)).toThrow(/first line must be "Subject: …"/);
  });

  it('writes dates in the reader’s language', () => {
    expect(['en', 'es', 'de', 'fr'].map((l) => letterDate(l as 'en', '2026-03-01'))).toEqual([
      '1 March 2026',
      '1 de marzo de 2026',
      '1. März 2026',
      '1er mars 2026',
    ]);
  });
});

describe('MockBackend letters', () => {
  it('every default template renders in every language against the sample data', async () => {
    const m = backend();
    for (const language of ['en', 'es', 'de', 'fr'] as const) {
      for (const kind of ['acknowledgement', 'identity-request', 'clarification-request', 'extension-notice', 'completion', 'refusal', 'access-answer'] as const) {
        const t = await m.letterTemplate(kind, language);
        expect(t.customised).toBe(false);
        expect(t.text.startsWith('Subject:')).toBe(true);
        const l = await m.previewLetterTemplate(kind, language, t.text, null, null);
        expect(l.subject, `${language}/${kind}`).toContain('DSR-2026-0001');
        expect(l.body).toContain('Example Ltd');
        expect(l.body).not.toMatch(/\{\{|\{%/);
      }
    }
  });

  it('writes an acknowledgement for a request, in Spanish, with its dates', async () => {
    const m = backend();
    const id = await idOf(m, 'Sofía García');
    const view = await m.getRequest(id);
    const l = await m.requestLetter(id, 'acknowledgement', 'es', null);
    expect(l.subject).toBe(`Hemos recibido su solicitud (${id})`);
    expect(l.body).toContain('Estimado/a Sofía García');
    expect(l.body).toContain(`el ${letterDate('es', view.due.due)}`);
    expect(l.body).toContain('(art. RGPD 20)');
    expect(l.warnings).toEqual([]);
  });

  it('refuses an extension notice before the extension and a refusal without reason (conflict)', async () => {
    const m = backend();
    const id = await idOf(m, 'Sofía García');
    const e = await rejection(m.requestLetter(id, 'extension-notice', 'en', null));
    expect(e.code).toBe('conflict');
    expect(e.message).toBe(`${id}: record the extension first (event "extended" with its reasons)`);
    const r = await rejection(m.requestLetter(id, 'refusal', 'en', '  '));
    expect(r).toMatchObject({ code: 'conflict', message: `${id}: give the reason for the refusal (Art. 12(4))` });
    // With a reason typed, the refusal is written.
    expect((await m.requestLetter(id, 'refusal', 'en', 'manifestly unfounded')).body).toContain('for this reason: manifestly unfounded.');
  });

  it('takes the reasons of a recorded extension or refusal', async () => {
    const m = backend();
    const extended = await idOf(m, 'Ana Martín');
    const l = await m.requestLetter(extended, 'extension-notice', 'en', null);
    expect(l.body).toContain('because of Records held in three archives must be checked');
    expect(l.body).toMatch(/by \d{1,2} [A-Z][a-z]+ \d{4} at the latest/);
    const refused = await idOf(m, 'Unknown caller');
    expect((await m.requestLetter(refused, 'refusal', 'es', null)).body).toContain('motivo: No authority to act for the data subject.');
  });

  it('warns when the access answer lists no activity or the request is not an access request', async () => {
    const m = backend();
    const noActivity = await idOf(m, 'João Silva');
    expect((await m.requestLetter(noActivity, 'access-answer', 'en', null)).warnings).toEqual([
      'No processing activity is linked to the request: the answer lists none.',
    ]);
    const withActivity = await idOf(m, 'Lucía Fernández');
    const ok = await m.requestLetter(withActivity, 'access-answer', 'en', null);
    expect(ok.warnings).toEqual([]);
    expect(ok.body).toMatch(/^1\. /m);
    const erasure = await idOf(m, 'Marco Rossi');
    expect((await m.requestLetter(erasure, 'access-answer', 'en', null)).warnings[0]).toBe('This is a erasure request, not an access request.');
  });

  it('saves a template only when it renders, and goes back to the default; both audited', async () => {
    const m = backend();
    const bad = await rejection(m.setLetterTemplate('acknowledgement', 'en', 'Subject: x\n{{ request.idd }}'));
    expect(bad.code).toBe('validation');
    expect(bad.message).toMatch(/^the template cannot be used: /);
    expect((await rejection(m.setLetterTemplate('acknowledgement', 'en', 'Hello\n'))).message).toContain('Subject');
    const saved = await m.setLetterTemplate('acknowledgement', 'en', 'Subject: Got it ({{ request.id }})\nHello {{ request.requester_name }}.\n');
    expect(saved.customised).toBe(true);
    const id = await idOf(m, 'Sofía García');
    expect(await m.requestLetter(id, 'acknowledgement', 'en', null)).toMatchObject({ subject: `Got it (${id})`, body: 'Hello Sofía García.\n' });
    // Other languages keep their default.
    expect((await m.letterTemplate('acknowledgement', 'es')).customised).toBe(false);
    const back = await m.setLetterTemplate('acknowledgement', 'en', null);
    expect(back.customised).toBe(false);
    const log = await m.auditLog({ object_type: 'letter_template', object_id: null, before_seq: null, limit: 10 });
    expect(log.filter((e) => e.object_id === 'letter.en.acknowledgement').length).toBe(2);
  });

  it('previews an unsaved template against a request, with the same checks', async () => {
    const m = backend();
    const id = await idOf(m, 'Eva Novak');
    const l = await m.previewLetterTemplate('clarification-request', 'en', 'Subject: {{ request.id }}\nQ: {{ note }}\n', id, 'which services?');
    expect(l).toMatchObject({ subject: id, body: 'Q: which services?\n' });
    expect((await rejection(m.previewLetterTemplate('completion', 'en', 'Subject: x\n{{ oops }}', id, null))).code).toBe('validation');
    expect((await rejection(m.previewLetterTemplate('extension-notice', 'en', 'Subject: x\n', id, null))).code).toBe('conflict');
  });

  it('sets a letter as a valid PDF and records it as issued with the SHA-256 of the bytes', async () => {
    const m = backend();
    const id = await idOf(m, 'Sofía García');
    const pdf = await m.requestLetterPdf(id, 'acknowledgement', 'es', null, 'letter');
    const text = new TextDecoder().decode(pdf);
    expect(text.startsWith('%PDF-1.7')).toBe(true);
    expect(text).toContain('/MediaBox [0 0 612 792]');
    expect(text).toContain('Sofia Garcia');
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    const before = (await m.auditLog({ object_type: 'letter', object_id: null, before_seq: null, limit: 10 })).length;
    expect(before).toBe(0);
    const saved = await m.saveRequestLetter(id, 'acknowledgement', 'es', null, 'a4');
    expect(saved).not.toBeNull();
    expect(saved!.pdf).toBe(`/home/dpo/Documents/${id}-acknowledgement-es.pdf`);
    const a4 = await m.requestLetterPdf(id, 'acknowledgement', 'es', null, 'a4');
    expect(saved!.sha256).toBe(sha256Hex(new TextDecoder().decode(a4)));
    const log = await m.auditLog({ object_type: 'letter', object_id: null, before_seq: null, limit: 10 });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ object_id: id, action: 'issue' });
    expect(log[0]!.after).toMatchObject({ kind: 'acknowledgement', language: 'es', sha256: saved!.sha256, file: `${id}-acknowledgement-es.pdf` });
    // A cancelled dialog records nothing.
    const cancelled = backend({ savePath: null });
    expect(await cancelled.saveRequestLetter(id, 'acknowledgement', 'es', null, 'a4')).toBeNull();
    expect(await cancelled.auditLog({ object_type: 'letter', object_id: null, before_seq: null, limit: 10 })).toHaveLength(0);
  });
});

describe('MockBackend reminder settings', () => {
  it('start with 7 and 1 days before and overdue; sorted, without duplicates; audited', async () => {
    const m = backend();
    expect(await m.reminderSettings()).toEqual({ enabled: true, days_before: [7, 1], overdue: true });
    expect(await m.setReminderSettings({ enabled: true, days_before: [0, 3, 3, 14], overdue: false })).toEqual({
      enabled: true,
      days_before: [14, 3, 0],
      overdue: false,
    });
    expect((await m.reminderSettings()).days_before).toEqual([14, 3, 0]);
    const log = await m.auditLog({ object_type: 'setting', object_id: null, before_seq: null, limit: 10 });
    expect(log.filter((e) => e.object_id === 'requests.reminders')).toHaveLength(1);
  });

  it('refuse more than 60 days, more than 5 reminders, and nothing chosen while on', async () => {
    const m = backend();
    expect((await rejection(m.setReminderSettings({ enabled: true, days_before: [61], overdue: true }))).message).toBe(
      '61 days before is too early: at most 60',
    );
    expect((await rejection(m.setReminderSettings({ enabled: true, days_before: [1, 2, 3, 4, 5, 6], overdue: true }))).message).toBe(
      'at most 5 reminders before a due date',
    );
    const none = await rejection(m.setReminderSettings({ enabled: true, days_before: [], overdue: false }));
    expect(none).toMatchObject({ code: 'validation', message: 'no reminder is chosen: give days before the due date, or overdue, or turn reminders off' });
    // Off, nothing needs choosing.
    expect(await m.setReminderSettings({ enabled: false, days_before: [], overdue: false })).toEqual({ enabled: false, days_before: [], overdue: false });
  });
});
