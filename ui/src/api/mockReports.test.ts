// The report test double: a well-formed PDF (its cross-reference table points at its objects), coarse
// stages over time, the "as of" rules of the core, and save/verify answers.
import { describe, expect, it } from 'vitest';
import { MockBackend } from './mock';
import { mockPdf } from './mocklib/reports';

describe('mock reports', () => {
  it('writes a PDF whose xref offsets point at its objects', () => {
    const bytes = mockPdf([['Title', 'line'], ['Second page']], 'a4');
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith('%PDF-1.7\n')).toBe(true);
    const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)?.[1]);
    expect(text.slice(startxref, startxref + 4)).toBe('xref');
    const offsets = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(offsets).toHaveLength(7);
    offsets.forEach((o, i) => expect(text.slice(o, o + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`));
    expect(text).toContain('/Count 2');
  });

  it('reports its stages while generating, then done; saves and verifies', async () => {
    const b = new MockBackend({ today: '2026-11-29', reportStageMs: 30 });
    const pending = b.generateReport('j', { scope: 'audit', as_of: null, language: 'en', paper: 'a4', xlsx: false });
    expect(await b.reportProgress('j')).toBe('collecting');
    const r = await pending;
    expect(await b.reportProgress('j')).toBe('done');
    expect(r).not.toHaveProperty('pdf_base64');
    const pdf = await b.reportPdf(r.id);
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe('%PDF-');
    expect(pdf.length).toBe(r.bytes);
    // Each call hands out its own copy: changing one changes nothing the backend keeps.
    pdf[0] = 0;
    expect((await b.reportPdf(r.id))[0]).toBe('%'.charCodeAt(0));
    await expect(b.reportPdf(99)).rejects.toMatchObject({ code: 'not_found', message: 'generated report 99 (generate it again)' });
    expect(r.suggested_file_name).toBe('audit-2026-11-29.pdf');
    expect(await b.saveReport(r.id)).toEqual({ pdf: '/home/dpo/Documents/audit-2026-11-29.pdf', minisig: '/home/dpo/Documents/audit-2026-11-29.pdf.minisig', xlsx: null });
    await expect(b.saveReport(99)).rejects.toMatchObject({ code: 'not_found' });
    await expect(b.generateReport('k', { scope: 'requests', as_of: '2026-01-01', language: 'en', paper: 'a4', xlsx: false })).rejects.toMatchObject({ code: 'validation' });
    expect(await b.reportProgress('k')).toBeNull();
    expect((await new MockBackend({ verifyPath: null }).verifyReportFile())).toBeNull();
  });
});

describe('mock signing certificates', () => {
  const now = () => new Date('2026-11-29T10:00:00Z');

  it('the installation’s self-signed certificate signs until one is imported; import, replace, retire, history', async () => {
    const b = new MockBackend({ today: '2026-11-29', now });
    const own = await b.reportKeys();
    expect(own).toMatchObject({ certificate_imported: false, certificate_valid_until: '2036-11-29' });
    expect(own.certificate_issuer).toBe(own.certificate_subject);
    expect(await b.signingCertificates()).toEqual([]);
    expect(await b.retireSigningCertificate()).toBe(false);

    const first = await b.importSigningCertificate('secret');
    expect(first).toMatchObject({
      id: 1,
      active: true,
      retired_at: null,
      self_issued: false,
      key_algorithm: 'RSA 3072',
      not_before: '2026-11-29T00:00:00Z',
      not_after: '2028-11-29T23:59:59Z',
      imported_at: '2026-11-29T10:00:00Z',
    });
    expect(first!.fingerprint).toMatch(/^([0-9A-F]{4} ){15}[0-9A-F]{4}$/);
    expect(first!.issuers).toHaveLength(2);
    const keys = await b.reportKeys();
    expect(keys).toMatchObject({
      certificate_imported: true,
      certificate_subject: first!.subject,
      certificate_issuer: first!.issuer,
      certificate_valid_until: '2028-11-29',
      minisign_public_key: own.minisign_public_key,
    });

    // A second import retires the first.
    const second = await b.importSigningCertificate(null);
    expect((await b.signingCertificates()).map((c) => [c.id, c.active, c.retired_at])).toEqual([
      [1, false, '2026-11-29T10:00:00Z'],
      [2, true, null],
    ]);
    expect(second!.fingerprint).not.toBe(first!.fingerprint);

    expect(await b.retireSigningCertificate()).toBe(true);
    expect((await b.reportKeys()).certificate_imported).toBe(false);
    expect((await b.signingCertificates()).every((c) => !c.active && c.retired_at !== null)).toBe(true);
    const audited = await b.auditLog({ object_type: 'signing_certificate', object_id: null, before_seq: null, limit: 10 });
    expect(audited.map((e) => `${e.object_id} ${e.action}`).sort()).toEqual(['1 import', '1 retire', '2 import', '2 retire']);
  });

  it('a wrong password, a refused file and a cancelled dialog store nothing', async () => {
    const b = new MockBackend({ today: '2026-11-29', now });
    await expect(b.importSigningCertificate('wrong')).rejects.toMatchObject({ code: 'wrong_passphrase' });
    b.signing.file = { refuse: 'the certificate of CN=Old expired on 2025-01-31 00:00 UTC' };
    await expect(b.importSigningCertificate('secret')).rejects.toMatchObject({
      code: 'validation',
      message: 'the certificate of CN=Old expired on 2025-01-31 00:00 UTC',
    });
    expect(await new MockBackend({ certificateFile: 'cancel' }).importSigningCertificate('secret')).toBeNull();
    expect(await b.signingCertificates()).toEqual([]);
    expect((await b.reportKeys()).certificate_imported).toBe(false);
  });
});
