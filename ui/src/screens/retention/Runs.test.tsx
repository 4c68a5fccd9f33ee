import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import { renderWith } from '../../test/render';
import { EvidenceDialog } from './Runs';
import { MockBackend } from '../../api/mock';

const backends: MockBackend[] = [];
function backend() {
  const b = new MockBackend({ today: '2026-11-29', now: () => new Date('2026-11-29T12:00:00Z') });
  backends.push(b);
  return b;
}
afterEach(() => backends.splice(0).forEach((b) => b.retention.dispose()));

describe('the evidence of a run: saving the certificate PDF', () => {
  it('in the language and on the paper chosen; the language offered in the UI’s language, English by default', async () => {
    const b = backend();
    const save = vi.spyOn(b, 'saveRetentionCertificate');
    renderWith(<EvidenceDialog id={1} onClose={() => undefined} />, { backend: b });
    const dialog = await screen.findByTestId('evidence-dialog');
    await within(dialog).findByTestId('evidence');
    const language = within(dialog).getByLabelText('Language');
    expect(language).toHaveValue('en');
    expect(within(language).getAllByRole('option').map((o) => [o.getAttribute('value'), o.textContent])).toEqual([
      ['en', 'English'],
      ['es', 'Spanish'],
      ['de', 'German'],
      ['fr', 'French'],
    ]);
    fireEvent.click(within(dialog).getByTestId('cert-save'));
    await within(dialog).findByTestId('cert-saved');
    expect(save).toHaveBeenLastCalledWith(1, 'en', 'a4');

    fireEvent.change(language, { target: { value: 'de' } });
    fireEvent.change(within(dialog).getByLabelText('Paper'), { target: { value: 'letter' } });
    fireEvent.click(within(dialog).getByTestId('cert-save'));
    await within(dialog).findByTestId('cert-saved');
    expect(save).toHaveBeenLastCalledWith(1, 'de', 'letter');
  });

  it('in Spanish: Spanish by default, the languages named in Spanish', async () => {
    const b = backend();
    const save = vi.spyOn(b, 'saveRetentionCertificate');
    renderWith(<EvidenceDialog id={1} onClose={() => undefined} />, { backend: b, lang: 'es' });
    const dialog = await screen.findByTestId('evidence-dialog');
    await within(dialog).findByTestId('evidence');
    const language = within(dialog).getByLabelText('Idioma');
    expect(language).toHaveValue('es');
    expect(within(language).getAllByRole('option').map((o) => o.textContent)).toEqual(['Inglés', 'Español', 'Alemán', 'Francés']);
    fireEvent.change(language, { target: { value: 'fr' } });
    fireEvent.click(within(dialog).getByTestId('cert-save'));
    await within(dialog).findByTestId('cert-saved');
    expect(save).toHaveBeenCalledWith(1, 'fr', 'a4');
  });
});
