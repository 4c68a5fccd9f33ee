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
