import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderWith } from '../../test/render';
import { MockBackend } from '../../api/mock';
import type { Backend } from '../../api';
import { emptyRequestListQuery } from '../../api/enums';
import type { RequestView } from '../../api/types';
import { LetterPanel, letterKindsFor } from './LetterPanel';

// pdf.js does not run in jsdom: show the start of the bytes instead.
vi.mock('../../components/PdfPreview', () => ({
  PdfPreview: ({ bytes }: { bytes: Uint8Array }) => <div data-testid="pdf-preview">{new TextDecoder().decode(bytes.slice(0, 8))}</div>,
}));

const mock = () => new MockBackend({ today: '2026-11-29', now: () => new Date('2026-11-29T10:00:00Z') });

async function viewOf(m: Backend, name: string): Promise<RequestView> {
  const page = await m.listRequests({ ...emptyRequestListQuery(), text: name });
  const row = page.items.find((r) => r.requester_name === name);
  if (!row) throw new Error(name);
  return m.getRequest(row.id);
}

function kindOptions(): string[] {
  return within(screen.getByTestId('letter-kind'))
    .getAllByRole('option')
    .map((o) => (o as HTMLOptionElement).value);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('letterKindsFor', () => {
  it('offers the letters that make sense for where the request stands', async () => {
    const m = mock();
    const open = await viewOf(m, 'Sofía García'); // portability, just received
    expect(letterKindsFor(open)).toEqual(['acknowledgement', 'identity-request', 'clarification-request', 'completion', 'refusal']);
    const extended = await viewOf(m, 'Ana Martín');
    expect(letterKindsFor(extended)).toContain('extension-notice');
    const refused = await viewOf(m, 'Unknown caller'); // an access request, refused
    expect(letterKindsFor(refused)).toEqual(['acknowledgement', 'refusal', 'access-answer']);
    const access = await viewOf(m, 'Lucía Fernández');
    expect(letterKindsFor(access)).toContain('access-answer');
  });
});

describe('LetterPanel', () => {
  it('writes the acknowledgement in the UI language, and in Spanish when chosen', async () => {
    const m = mock();
    const view = await viewOf(m, 'Sofía García');
    renderWith(<LetterPanel view={view} />, { backend: m });
    expect(await screen.findByTestId('letter-subject')).toHaveTextContent(`We have received your request (${view.request.id})`);
    expect(screen.getByTestId('letter-body')).toHaveTextContent('Dear Sofía García,');
    expect(kindOptions()).not.toContain('extension-notice');
    expect(kindOptions()).not.toContain('access-answer');
    fireEvent.change(screen.getByLabelText('Language of the letter'), { target: { value: 'es' } });
    await waitFor(() => expect(screen.getByTestId('letter-subject')).toHaveTextContent(`Hemos recibido su solicitud (${view.request.id})`));
    expect(screen.getByTestId('letter-body')).toHaveTextContent('Estimado/a Sofía García:');
    expect(screen.getByTestId('letter-text')).toHaveAttribute('lang', 'es');
  });

  it('defaults to the UI language (Spanish)', async () => {
    const m = mock();
    const view = await viewOf(m, 'Sofía García');
    renderWith(<LetterPanel view={view} />, { backend: m, lang: 'es' });
    expect(await screen.findByTestId('letter-subject')).toHaveTextContent('Hemos recibido su solicitud');
    expect(screen.getByLabelText('Idioma de la carta')).toHaveValue('es');
  });

  it('a refusal not recorded waits for its reason, then uses it', async () => {
    const m = mock();
    const view = await viewOf(m, 'Sofía García');
    renderWith(<LetterPanel view={view} />, { backend: m });
    await screen.findByTestId('letter-subject');
    fireEvent.change(screen.getByLabelText('Letter'), { target: { value: 'refusal' } });
    expect(await screen.findByTestId('letter-needs-reason')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Reason for the refusal'), { target: { value: 'the request is manifestly unfounded' } });
    await waitFor(() => expect(screen.getByTestId('letter-body')).toHaveTextContent('for this reason: the request is manifestly unfounded.'));
    expect(screen.queryByTestId('letter-needs-reason')).not.toBeInTheDocument();
  });

  it('shows the warnings of an access answer prominently', async () => {
    const m = mock();
    const view = await viewOf(m, 'João Silva');
    renderWith(<LetterPanel view={view} />, { backend: m });
    await screen.findByTestId('letter-subject');
    fireEvent.change(screen.getByLabelText('Letter'), { target: { value: 'access-answer' } });
    const warnings = await screen.findByTestId('letter-warnings');
    expect(warnings).toHaveTextContent('Check before sending');
    expect(warnings).toHaveTextContent('No processing activity is linked to the request: the answer lists none.');
  });

  it('copies the subject and text to the clipboard and says so', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const m = mock();
    const view = await viewOf(m, 'Sofía García');
    renderWith(<LetterPanel view={view} />, { backend: m });
    await screen.findByTestId('letter-subject');
    fireEvent.click(screen.getByRole('button', { name: 'Copy text' }));
    expect(await screen.findByTestId('letter-copied')).toHaveTextContent('The subject and text are on the clipboard.');
    expect(writeText).toHaveBeenCalledTimes(1);
    const copied = (writeText.mock.calls[0] as unknown as [string])[0];
    expect(copied.startsWith(`We have received your request (${view.request.id})\n\nDear Sofía García,`)).toBe(true);
    // No clipboard: the user is told to copy by hand.
    Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
    fireEvent.click(screen.getByRole('button', { name: 'Copy text' }));
    expect(await screen.findByTestId('letter-copy-failed')).toBeInTheDocument();
  });

  it('previews the PDF, and saves it with its path and SHA-256, recorded in the audit trail', async () => {
    const m = mock();
    const view = await viewOf(m, 'Sofía García');
    renderWith(<LetterPanel view={view} />, { backend: m });
    await screen.findByTestId('letter-subject');
    fireEvent.change(screen.getByLabelText('Paper'), { target: { value: 'letter' } });
    fireEvent.click(screen.getByRole('button', { name: 'Preview PDF' }));
    expect(await screen.findByTestId('pdf-preview')).toHaveTextContent('%PDF-1.7');
    fireEvent.click(screen.getByRole('button', { name: 'Save PDF…' }));
    const saved = await screen.findByTestId('letter-saved');
    expect(within(saved).getByTestId('letter-saved-path')).toHaveTextContent(`/home/dpo/Documents/${view.request.id}-acknowledgement-en.pdf`);
    const sha = within(saved).getByTestId('letter-saved-sha256').textContent ?? '';
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    expect(saved).toHaveTextContent('Recorded in the audit trail as issued');
    const log = await m.auditLog({ object_type: 'letter', object_id: view.request.id, before_seq: null, limit: 5 });
    expect(log[0]?.after).toMatchObject({ sha256: sha, kind: 'acknowledgement', language: 'en' });
  });

  it('says nothing was saved when the dialog is cancelled', async () => {
    const m = new MockBackend({ today: '2026-11-29', savePath: null });
    const view = await viewOf(m, 'Sofía García');
    renderWith(<LetterPanel view={view} />, { backend: m });
    await screen.findByTestId('letter-subject');
    fireEvent.click(screen.getByRole('button', { name: 'Save PDF…' }));
    expect(await screen.findByTestId('letter-save-cancelled')).toBeInTheDocument();
  });

  it('shows why a letter cannot be written in a clear alert', async () => {
    const m = mock();
    const view = await viewOf(m, 'Ana Martín');
    vi.spyOn(m, 'requestLetter').mockRejectedValue({
      code: 'conflict',
      message: `${view.request.id}: record the extension first (event "extended" with its reasons)`,
      fields: [],
      rows: [],
    });
    renderWith(<LetterPanel view={view} />, { backend: m });
    const alert = await screen.findByTestId('letter-error');
    expect(alert).toHaveAttribute('role', 'alert');
    expect(alert).toHaveTextContent('This letter cannot be written:');
    expect(alert).toHaveTextContent('record the extension first (event "extended" with its reasons)');
    expect(screen.getByRole('button', { name: 'Save PDF…' })).toBeDisabled();
  });
});
