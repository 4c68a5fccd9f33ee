import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { ActivityForm, clientErrors, pathLabel } from './ActivityForm';
import { renderWith } from '../test/render';
import { MockBackend } from '../api/mock';
import { emptyActivity } from '../api/enums';
import { makeI18n } from '../i18n';
import type { Vocabularies } from '../api/types';

async function vocab(b: MockBackend): Promise<Vocabularies> {
  return b.getVocabularies();
}

describe('ActivityForm', () => {
  it('shows a required-name error beside the name field and focuses it', async () => {
    const backend = new MockBackend({ today: '2026-11-29' });
    const create = vi.spyOn(backend, 'createActivity');
    renderWith(<ActivityForm initial={emptyActivity()} version={null} vocab={await vocab(backend)} />, { backend });
    fireEvent.click(screen.getByTestId('save-activity'));
    const name = await screen.findByLabelText(/^Name/);
    await waitFor(() => expect(name).toHaveAttribute('aria-invalid', 'true'));
    const error = screen.getByTestId('error-f-name');
    expect(error).toHaveTextContent('Must not be empty.');
    expect(name.getAttribute('aria-describedby')).toContain(error.id);
    expect(name).toHaveFocus();
    expect(screen.getByRole('alert')).toHaveTextContent('1 field needs attention');
    expect(create).not.toHaveBeenCalled();
  });

  it('puts backend field errors beside their inputs (transfer country), in Spanish', async () => {
    const backend = new MockBackend({ today: '2026-11-29' });
    const a = { ...emptyActivity('', 'Copias de seguridad'), transfers: [{ country: '', recipient: null, mechanism: null, safeguards: '' }] };
    renderWith(<ActivityForm initial={a} version={null} vocab={await vocab(backend)} />, { backend, lang: 'es' });
    fireEvent.click(screen.getByTestId('save-activity'));
    const country = await screen.findByTestId('error-f-transfers-0-country');
    expect(country).toHaveTextContent('Este campo es obligatorio.');
    const select = document.getElementById('f-transfers-0-country')!;
    expect(select).toHaveAttribute('aria-invalid', 'true');
    await waitFor(() => expect(select).toHaveFocus());
    expect(screen.getByTestId('field-name')).not.toHaveAttribute('aria-invalid');
  });

  it('maps an unknown data category (data_categories[i]) to its select', async () => {
    const backend = new MockBackend({ today: '2026-11-29' });
    const a = { ...emptyActivity('', 'X'), data_categories: [{ category: 'Ghost', retention: { period: null, criteria: '' } }] };
    renderWith(<ActivityForm initial={a} version={null} vocab={await vocab(backend)} />, { backend });
    fireEvent.click(screen.getByTestId('save-activity'));
    expect(await screen.findByTestId('error-f-data_categories-0-category')).toHaveTextContent("No data category named 'Ghost'.");
  });

  it('shows live completeness while editing', async () => {
    const backend = new MockBackend({ today: '2026-11-29' });
    renderWith(<ActivityForm initial={emptyActivity('', 'New')} version={null} vocab={await vocab(backend)} />, { backend });
    const panel = await screen.findByTestId('completeness');
    await waitFor(() => expect(panel).toHaveTextContent('No purpose is recorded.'), { timeout: 2000 });
    expect(panel).toHaveTextContent('Art. 30(1)(b)');
  });

  it('checks the name on the client and labels paths readably', () => {
    expect(clientErrors(emptyActivity('', ' '))).toEqual([{ field: 'name', code: 'required', message: 'must not be empty' }]);
    expect(clientErrors(emptyActivity('', 'ok'))).toEqual([]);
    const i18n = makeI18n('en');
    expect(pathLabel(i18n, 'data_categories[1].retention.period.amount')).toBe('Categories of personal data 2 › Amount');
    expect(pathLabel(i18n, 'name')).toBe('Name');
  });
});
