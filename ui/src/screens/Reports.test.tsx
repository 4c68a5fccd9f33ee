import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderWith } from '../test/render';
import { ReportsScreen } from './Reports';
import { MockBackend } from '../api/mock';

// pdf.js needs a canvas, which jsdom has not: the preview is checked in the browser tests (e2e).
vi.mock('../components/PdfPreview', () => ({
  PdfPreview: ({ bytes }: { bytes: Uint8Array }) => (
    <div data-testid="pdf-preview">{new TextDecoder().decode(bytes.slice(0, 8))}</div>
  ),
}));

const backends: MockBackend[] = [];
function backend(opts: ConstructorParameters<typeof MockBackend>[0] = {}) {
  const b = new MockBackend({ today: '2026-11-29', reportStageMs: 120, ...opts });
  backends.push(b);
  return b;
}
afterEach(() => backends.splice(0).forEach((b) => b.retention.dispose()));

describe('reports screen', () => {
  it('generates with the chosen options, shows the stages, previews and saves with the .minisig', { timeout: 10000 }, async () => {
    // Each stage lasts longer than one poll (250 ms), so every stage is seen.
    const b = backend({ reportStageMs: 400 });
    const generate = vi.spyOn(b, 'generateReport');
    renderWith(<ReportsScreen />, { backend: b });
    fireEvent.click(screen.getByLabelText(/Inspection pack/));
    fireEvent.change(screen.getByLabelText('As of'), { target: { value: '2026-06-30' } });
    fireEvent.change(screen.getByLabelText('Language of the report'), { target: { value: 'de' } });
    fireEvent.change(screen.getByLabelText('Paper'), { target: { value: 'letter' } });
    fireEvent.click(screen.getByLabelText('Also produce the tables as an XLSX workbook'));
    fireEvent.click(screen.getByTestId('report-generate'));
    expect(generate).toHaveBeenCalledWith(expect.stringMatching(/^report-/), {
      scope: 'inspection-pack',
      as_of: '2026-06-30',
      language: 'de',
      paper: 'letter',
      xlsx: true,
    });
    // The stages advance as the backend reports them.
    const progress = await screen.findByTestId('report-progress');
    expect(within(progress).getAllByRole('listitem').map((li) => li.textContent?.slice(2))).toEqual([
      'Collecting the register, requests, evidence and audit trail',
      'Laying out and rendering the pages',
      'Signing',
      'Writing the workbook',
    ]);
    await waitFor(() => expect(screen.getByTestId('report-stage-rendering')).toHaveAttribute('aria-current', 'step'), { timeout: 2000 });
    expect(screen.getByTestId('report-stage-collecting')).toHaveTextContent('✓');
    await waitFor(() => expect(screen.getByTestId('report-stage-tabulating')).toHaveAttribute('aria-current', 'step'), { timeout: 3000 });
    expect(screen.getByTestId('report-stage-signing')).toHaveTextContent('✓');
    const result = await screen.findByTestId('report-result', {}, { timeout: 3000 });
    expect(screen.queryByTestId('report-progress')).toBeNull();
    expect(within(result).getByTestId('report-summary')).toHaveTextContent('Inspection pack: 8 pages');
    expect(within(result).getByTestId('report-summary')).toHaveTextContent('inspection-pack-2026-06-30.pdf');
    expect(within(result).getByTestId('pdf-preview')).toHaveTextContent('%PDF-1.7');
    fireEvent.click(within(result).getByTestId('report-save'));
    const saved = await within(result).findByTestId('report-saved');
    expect(saved).toHaveTextContent('/home/dpo/Documents/inspection-pack-2026-06-30.pdf.minisig');
    expect(saved).toHaveTextContent('/home/dpo/Documents/inspection-pack-2026-06-30.xlsx');
    expect(saved).toHaveTextContent('minisign -Vm /home/dpo/Documents/inspection-pack-2026-06-30.pdf -P RWQ');
  });

  it('previews the signed PDF fetched by id once generated: the bytes the backend saves for that id', async () => {
    const b = backend();
    const generate = vi.spyOn(b, 'generateReport');
    // Bytes that only reportPdf hands out: the preview shows these, not something made in the UI.
    const pdf = vi.spyOn(b, 'reportPdf').mockImplementation(async (id) => new TextEncoder().encode(`%PDF-#${id} signed`));
    const save = vi.spyOn(b, 'saveReport');
    renderWith(<ReportsScreen />, { backend: b });
    fireEvent.click(screen.getByTestId('report-generate'));
    const result = await screen.findByTestId('report-result', {}, { timeout: 3000 });
    const generated = await generate.mock.results[0]!.value;
    expect(pdf).toHaveBeenCalledTimes(1);
    expect(pdf).toHaveBeenCalledWith(generated.id);
    expect(within(result).getByTestId('pdf-preview')).toHaveTextContent(`%PDF-#${generated.id}`);
    fireEvent.click(within(result).getByTestId('report-save'));
    await within(result).findByTestId('report-saved');
    // The file saved is the one previewed: the same generated report.
    expect(save).toHaveBeenCalledWith(generated.id);
  });

  it('the PDF of the mock is the one generated, byte for byte', async () => {
    const b = backend();
    const generate = vi.spyOn(b, 'generateReport');
    const pdf = vi.spyOn(b, 'reportPdf');
    renderWith(<ReportsScreen />, { backend: b });
    fireEvent.click(screen.getByTestId('report-generate'));
    const result = await screen.findByTestId('report-result', {}, { timeout: 3000 });
    const generated = await generate.mock.results[0]!.value;
    const bytes = await pdf.mock.results[0]!.value;
    expect(bytes.length).toBe(generated.bytes);
    expect(new TextDecoder().decode(bytes.slice(0, 8))).toBe('%PDF-1.7');
    expect(within(result).getByTestId('pdf-preview')).toHaveTextContent('%PDF-1.7');
  });

  it('a PDF that cannot be fetched: the error, and no preview', async () => {
    const b = backend();
    vi.spyOn(b, 'reportPdf').mockRejectedValue({ code: 'not_found', message: 'generated report 1 (generate it again)', fields: [], rows: [] });
    renderWith(<ReportsScreen />, { backend: b });
    fireEvent.click(screen.getByTestId('report-generate'));
    const error = await screen.findByTestId('report-pdf-error', {}, { timeout: 3000 });
    expect(error).toHaveAttribute('role', 'alert');
    expect(error).toHaveTextContent('The report was generated, but its PDF could not be fetched for the preview:');
    expect(error).toHaveTextContent('Generated report 1 (generate it again).');
    expect(screen.queryByTestId('report-result')).toBeNull();
    expect(screen.queryByTestId('report-error')).toBeNull();
    expect(screen.getByTestId('report-generate')).toBeEnabled();
    // Generating again clears it.
    vi.mocked(b.reportPdf).mockRestore();
    fireEvent.click(screen.getByTestId('report-generate'));
    await waitFor(() => expect(screen.queryByTestId('report-pdf-error')).toBeNull());
    expect(await screen.findByTestId('report-result', {}, { timeout: 3000 })).toBeInTheDocument();
  });

  it('the signing keys say which certificate signs: the self-signed one, or the organisation’s', async () => {
    const b = backend({ now: () => new Date('2026-11-29T09:00:00Z') });
    const { unmount } = renderWith(<ReportsScreen />, { backend: b });
    expect(await screen.findByTestId('report-certificate-kind')).toHaveTextContent('Self-signed by this installation (PDF readers show the issuer as unknown)');
    expect(screen.getByTestId('report-valid-until')).toHaveTextContent('Nov 29, 2036');
    unmount();
    const cert = await b.importSigningCertificate('secret');
    renderWith(<ReportsScreen />, { backend: b });
    expect(await screen.findByTestId('report-certificate-kind')).toHaveTextContent(`Issued by ${cert!.issuer} (the organisation’s own certificate)`);
    expect(screen.getByTestId('report-subject')).toHaveTextContent(cert!.subject);
    expect(screen.getByTestId('report-issuer')).toHaveTextContent(cert!.issuer);
    expect(screen.getByTestId('report-valid-until')).toHaveTextContent('Nov 29, 2028');
  });

  it('the "as of" date applies to the record and the pack only; the API’s refusal is shown', async () => {
    const b = backend();
    renderWith(<ReportsScreen />, { backend: b });
    fireEvent.change(screen.getByLabelText('As of'), { target: { value: '2030-01-01' } });
    fireEvent.click(screen.getByLabelText(/Audit trail/));
    expect(screen.getByLabelText('As of')).toBeDisabled();
    expect(screen.getByLabelText('As of')).toHaveValue('');
    expect(screen.queryByLabelText('Also produce the tables as an XLSX workbook')).toBeNull();
    fireEvent.click(screen.getByLabelText(/Record of processing activities/));
    fireEvent.click(screen.getByTestId('report-generate'));
    expect(await screen.findByTestId('report-error')).toHaveTextContent('Refused: --as-of 2030-01-01 is in the future (today is 2026-11-29).');
  });

  it('a cancelled save dialog saves nothing and says so', async () => {
    renderWith(<ReportsScreen />, { backend: backend({ savePath: null }) });
    fireEvent.click(screen.getByTestId('report-generate'));
    const result = await screen.findByTestId('report-result', {}, { timeout: 3000 });
    fireEvent.click(within(result).getByTestId('report-save'));
    expect(await within(result).findByText('Not saved: the dialog was cancelled.')).toBeInTheDocument();
    expect(within(result).queryByTestId('report-saved')).toBeNull();
  });

  it('shows the signing keys and verifies a PDF, good and tampered', async () => {
    const good = backend();
    const { unmount } = renderWith(<ReportsScreen />, { backend: good });
    expect(await screen.findByTestId('report-minisign-key')).toHaveTextContent(/^RW/);
    fireEvent.click(screen.getByTestId('report-verify'));
    const ok = await screen.findByTestId('report-verified');
    expect(ok).toHaveTextContent('Valid: signed by this installation and unchanged.');
    expect(ok).toHaveClass('callout-ok');
    unmount();
    renderWith(<ReportsScreen />, { backend: backend({ verifyPath: '/tmp/tampered.pdf' }) });
    fireEvent.click(screen.getByTestId('report-verify'));
    const bad = await screen.findByTestId('report-verified');
    expect(bad).toHaveTextContent('NOT valid');
    expect(bad).toHaveTextContent('Embedded signature: INVALID — the message digest does not match the signed bytes');
    expect(bad).toHaveClass('callout-error');
  });
});
