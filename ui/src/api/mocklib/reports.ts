// TEST DOUBLE of report generation for the MockBackend: a small, valid, UNSIGNED PDF with one page per
// section (title, contents, body), so that the preview renders real pages in browser tests. Stages
// advance on a timer, like the real coarse stages. It is NOT the product's report: inside Tauri the
// Rust core builds, renders and signs it.
import type { ReportOptions } from '../types';

const TITLES: Record<ReportOptions['scope'], string> = {
  ropa: 'Record of processing activities',
  requests: 'Data-subject requests',
  retention: 'Retention schedule and deletion evidence',
  audit: 'Audit trail',
  'inspection-pack': 'Inspection pack',
};

const escape = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);

/** A PDF whose pages carry the given lines (ASCII only), with a correct cross-reference table. */
export function mockPdf(pages: string[][], paper: ReportOptions['paper']): Uint8Array {
  const [w, h] = paper === 'letter' ? [612, 792] : [595, 842];
  const objects: string[] = [];
  const pageIds = pages.map((_, i) => 4 + i * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
  pages.forEach((lines, i) => {
    const id = pageIds[i]!;
    const text = lines
      .map((l, j) => `BT /F1 ${j === 0 ? 20 : 11} Tf 56 ${h - 80 - j * 24} Td (${escape(l)}) Tj ET`)
      .join('\n');
    objects[id] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w} ${h}] /Resources << /Font << /F1 3 0 R >> >> /Contents ${id + 1} 0 R >>`;
    objects[id + 1] = `<< /Length ${text.length} >>\nstream\n${text}\nendstream`;
  });
  let out = '%PDF-1.7\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = out.length;
    out += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = out.length;
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) out += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

export function mockReportPages(o: ReportOptions, organisation: string, asOf: string, auditEntries: number, head: string): string[][] {
  const title = TITLES[o.scope];
  const body = Array.from({ length: 6 }, (_, i) => [`${i + 3}. Section ${i + 3} of the ${o.scope} report`, 'Mock content: the real report is built by the Rust core.']);
  return [
    [title, organisation, `As of ${asOf} - language ${o.language} - paper ${o.paper}`, `Audit trail: ${auditEntries} entries, head ${head.slice(0, 16)}`, 'MOCK REPORT - NOT SIGNED'],
    ['Contents', '1. Title page', '2. Contents', ...body.map((b) => b[0] ?? '')],
    ...body,
  ];
}
