import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderWith } from '../test/render';
import { MockBackend } from '../api/mock';
import { emptyRequestListQuery } from '../api/enums';
import { LettersSection } from './SettingsLetters';
import { SettingsScreen } from './Settings';

const mock = () => new MockBackend({ today: '2026-11-29', now: () => new Date('2026-11-29T10:00:00Z') });

const editor = () => screen.getByTestId('template-text') as HTMLTextAreaElement;

describe('Settings › Letters', () => {
  it('is a section of Settings, next to the reminders', async () => {
    renderWith(<SettingsScreen />, { backend: mock() });
    const section = await screen.findByTestId('settings-letters');
    expect(within(section).getByRole('heading', { level: 2, name: 'Letters to requesters' })).toBeInTheDocument();
    expect(await screen.findByTestId('settings-reminders')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByText('Loading…')).not.toBeInTheDocument());
  });

  it('shows the default template, previewed with sample data, and the placeholders', async () => {
    renderWith(<LettersSection />, { backend: mock() });
    await waitFor(() => expect(editor().value).toMatch(/^Subject: We have received your request \(\{\{ request\.id \}\}\)/));
    expect(screen.getByTestId('template-badge')).toHaveTextContent('Default');
    expect(await screen.findByTestId('template-preview-subject')).toHaveTextContent('We have received your request (DSR-2026-0001)');
    expect(screen.getByTestId('template-preview-body')).toHaveTextContent('Dear Alex Example,');
    const help = screen.getByTestId('template-help');
    for (const p of ['request.id', 'request.requester_name', 'dates.due', 'dates.extended_due', 'org.dpo_email', 'reasons', 'note', 'activities']) {
      expect(help).toHaveTextContent(`{{ ${p} }}`);
    }
    expect(help).toHaveTextContent('{% for a in activities %}');
  });

  it('the preview follows the text being typed', async () => {
    renderWith(<LettersSection />, { backend: mock() });
    await screen.findByTestId('template-preview-subject');
    fireEvent.change(editor(), { target: { value: 'Subject: Hello {{ request.requester_name }}\nWe at {{ org.name }} answer by {{ dates.due }}.\n' } });
    expect(screen.getByTestId('template-unsaved')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('template-preview-subject')).toHaveTextContent('Hello Alex Example'));
    expect(screen.getByTestId('template-preview-body')).toHaveTextContent('We at Example Ltd answer by 2 April 2026.');
  });

  it('an unknown placeholder is shown next to the editor, the text kept, and it cannot be saved', async () => {
    const m = mock();
    renderWith(<LettersSection />, { backend: m });
    await screen.findByTestId('template-preview-subject');
    const broken = 'Subject: Hello {{ request.requester_nme }}\nBody\n';
    fireEvent.change(editor(), { target: { value: broken } });
    const error = await screen.findByTestId('template-error');
    expect(error).toHaveTextContent('the template cannot be used: undefined value: request.requester_nme');
    expect(editor()).toHaveAttribute('aria-invalid', 'true');
    expect(editor().value).toBe(broken);
    // Saving is refused by the backend with the same reason; the text stays as typed.
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByTestId('template-error')).toHaveTextContent('the template cannot be used'));
    expect(editor().value).toBe(broken);
    expect(screen.getByTestId('template-badge')).toHaveTextContent('Default');
    expect((await m.letterTemplate('acknowledgement', 'en')).customised).toBe(false);
    // Fixing it clears the error.
    fireEvent.change(editor(), { target: { value: 'Subject: Hello {{ request.requester_name }}\nBody\n' } });
    await waitFor(() => expect(screen.queryByTestId('template-error')).not.toBeInTheDocument());
  });

  it('saves the wording, then goes back to the default after confirmation', async () => {
    const m = mock();
    renderWith(<LettersSection />, { backend: m });
    await screen.findByTestId('template-preview-subject');
    fireEvent.change(screen.getByLabelText('Language of the letter'), { target: { value: 'es' } });
    await waitFor(() => expect(editor().value).toMatch(/^Subject: Hemos recibido su solicitud/));
    fireEvent.change(editor(), { target: { value: 'Subject: Recibida ({{ request.id }})\nHola {{ request.requester_name }}.\n' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByTestId('template-saved')).toHaveTextContent('Template saved.');
    expect(screen.getByTestId('template-badge')).toHaveTextContent('Customised');
    expect(await m.letterTemplate('acknowledgement', 'es')).toMatchObject({ customised: true, text: 'Subject: Recibida ({{ request.id }})\nHola {{ request.requester_name }}.\n' });
    fireEvent.click(screen.getByRole('button', { name: 'Back to the default' }));
    const dialog = await screen.findByTestId('confirm-dialog');
    expect(dialog).toHaveTextContent('Your wording of “Acknowledgement of receipt” in Spanish is replaced by the default one.');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Back to the default' }));
    expect(await screen.findByText('Back to the default wording.')).toBeInTheDocument();
    expect(screen.getByTestId('template-badge')).toHaveTextContent('Default');
    expect(editor().value).toMatch(/^Subject: Hemos recibido su solicitud/);
    expect((await m.letterTemplate('acknowledgement', 'es')).customised).toBe(false);
  });

  it('previews against a request, and says when the request cannot take the letter', async () => {
    const m = mock();
    const page = await m.listRequests({ ...emptyRequestListQuery(), text: 'Sofía García' });
    const id = page.items[0]!.id;
    renderWith(<LettersSection />, { backend: m });
    await screen.findByTestId('template-preview-subject');
    fireEvent.click(screen.getByLabelText('A request'));
    fireEvent.change(screen.getByLabelText('Request number'), { target: { value: id } });
    await waitFor(() => expect(screen.getByTestId('template-preview-subject')).toHaveTextContent(`We have received your request (${id})`));
    expect(screen.getByTestId('template-preview-body')).toHaveTextContent('Dear Sofía García,');
    fireEvent.change(screen.getByLabelText('Letter'), { target: { value: 'extension-notice' } });
    const error = await screen.findByTestId('template-preview-error');
    expect(error).toHaveTextContent(`${id}: record the extension first (event "extended" with its reasons)`);
    // Not a template error: nothing next to the editor.
    expect(screen.queryByTestId('template-error')).not.toBeInTheDocument();
  });
});
