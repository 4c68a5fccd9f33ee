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
    expect(atob(r.pdf_base64).startsWith('%PDF')).toBe(true);
    expect(r.suggested_file_name).toBe('audit-2026-11-29.pdf');
    expect(await b.saveReport(r.id)).toEqual({ pdf: '/home/dpo/Documents/audit-2026-11-29.pdf', minisig: '/home/dpo/Documents/audit-2026-11-29.pdf.minisig', xlsx: null });
    await expect(b.saveReport(99)).rejects.toMatchObject({ code: 'not_found' });
    await expect(b.generateReport('k', { scope: 'requests', as_of: '2026-01-01', language: 'en', paper: 'a4', xlsx: false })).rejects.toMatchObject({ code: 'validation' });
    expect(await b.reportProgress('k')).toBeNull();
    expect((await new MockBackend({ verifyPath: null }).verifyReportFile())).toBeNull();
  });
});
