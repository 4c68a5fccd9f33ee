import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderWith } from '../test/render';
import { DeadlinesScreen } from './Deadlines';
import { App } from '../App';
import { MockBackend } from '../api/mock';

const change = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });

async function ready() {
  // The calendars have loaded once a regional one is offered.
  await screen.findByRole('option', { name: /Bayern \(DE-BY\)/ });
}

describe('deadline calculator', () => {
  it('renders the question with labelled inputs, regime titles and the calendars', async () => {
    renderWith(<DeadlinesScreen />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Deadline calculator' })).toBeInTheDocument();
    await ready();
    const regime = screen.getByLabelText('Regime');
    expect(within(regime).getByRole('option', { name: 'UK GDPR' })).toHaveValue('uk-gdpr');
    expect(within(regime).getAllByRole('option')).toHaveLength(11);
    expect(screen.getByLabelText('Holiday calendar')).toHaveValue('none');
    expect(screen.getByLabelText('Request received on')).toHaveAttribute('type', 'date');
    expect(screen.getByLabelText('Extend the period')).not.toBeChecked();
    expect(screen.getByLabelText('Proof of identity received on')).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Waiting for the requester (optional)' })).toHaveAccessibleDescription(/UK GDPR: the month starts only when/);
  });

  it('filters the calendars by code and name and selects the first match', async () => {
    renderWith(<DeadlinesScreen />);
    await ready();
    change('deadline-calendar-filter', 'bayern');
    const select = screen.getByLabelText('Holiday calendar');
    expect(select).toHaveValue('DE-BY');
    expect(within(select).getAllByRole('option')).toHaveLength(1);
    expect(screen.getByTestId('deadline-calendar-count')).toHaveTextContent(/^1 of \d+ calendars match\.$/);
    change('deadline-calendar-filter', 'gb-');
    expect(select).toHaveValue('GB-ENG');
    expect(within(select).getAllByRole('option').map((o) => o.getAttribute('value'))).toEqual(['GB-ENG', 'GB-NIR', 'GB-SCT', 'GB-WLS']);
    change('deadline-calendar-filter', 'zzz');
    expect(screen.getByTestId('deadline-calendar-count')).toHaveTextContent('No calendar matches “zzz”.');
    expect(select).toHaveValue('GB-ENG');
  });

  it('submits and shows the legal and safe dates with the explanation from the backend', async () => {
    const { backend } = renderWith(<DeadlinesScreen />);
    const compute = vi.spyOn(backend, 'computeDeadline');
    await ready();
    change('deadline-regime', 'uk-gdpr');
    change('deadline-received', '2026-01-31');
    fireEvent.click(screen.getByTestId('deadline-calculate'));
    expect(await screen.findByTestId('deadline-legal-due')).toHaveTextContent('Monday, March 2, 2026');
    expect(compute).toHaveBeenCalledWith({
      regime: 'uk-gdpr',
      calendar: 'none',
      received: '2026-01-31',
      extended: false,
      id_requested: null,
      id_received: null,
      clarification_asked: null,
      clarification_received: null,
      aware_at: null,
      tz: null,
    });
    expect(screen.getByTestId('deadline-legal-due')).toHaveAttribute('datetime', '2026-03-02');
    expect(screen.getByTestId('deadline-safe-due')).toHaveTextContent('Monday, March 2, 2026');
    expect(screen.getByTestId('deadline-explanation')).toHaveTextContent(
      'received Sat 31 Jan 2026 → 28 Feb (February has no 31st) → Saturday → Mon 2 Mar',
    );
    expect(screen.getByTestId('deadline-notice-due')).toHaveTextContent('Mon, Mar 2, 2026');
    expect(screen.getByTestId('deadline-source')).toHaveTextContent(/UK GDPR Art\. 12\(3\) and 12A/);
    expect(screen.getByTestId('deadline-candidates').querySelectorAll('tbody tr')).toHaveLength(1);
    expect(screen.queryByTestId('deadline-extended-legal-due')).toBeNull();
    // The answer takes focus.
    await waitFor(() => expect(screen.getByRole('heading', { level: 2, name: 'Result' })).toHaveFocus());
  });

  it('shows the extended dates, the paused days and the safe date that ignores the pause', async () => {
    renderWith(<DeadlinesScreen />);
    await ready();
    change('deadline-received', '2025-09-03');
    change('deadline-id-requested', '2025-09-04');
    change('deadline-id-received', '2025-09-10');
    fireEvent.click(screen.getByLabelText('Extend the period'));
    fireEvent.click(screen.getByTestId('deadline-calculate'));
    expect(await screen.findByTestId('deadline-legal-due')).toHaveTextContent('Friday, October 10, 2025');
    expect(screen.getByTestId('deadline-safe-due')).toHaveTextContent('Friday, October 3, 2025');
    expect(screen.getByText('Earlier than the legal date: answer by then to be on time under every reading.')).toBeInTheDocument();
    expect(screen.getByText('7 days paused')).toBeInTheDocument();
    expect(screen.getByTestId('deadline-extended-legal-due')).toHaveAttribute('datetime', '2025-12-10');
    expect(screen.getByTestId('deadline-extended-safe-due')).toHaveAttribute('datetime', '2025-12-03');
    expect(screen.getByTestId('deadline-explanation')).toHaveTextContent('safe date Fri 3 Oct ignores the pause');
  });

  it('shows the backend’s message inline for an invalid question', async () => {
    renderWith(<DeadlinesScreen />);
    await ready();
    change('deadline-received', '');
    fireEvent.click(screen.getByTestId('deadline-calculate'));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The deadline could not be calculated: received is required (YYYY-MM-DD)');
    expect(screen.queryByTestId('deadline-result')).toBeNull();

    change('deadline-received', '2025-09-03');
    change('deadline-id-requested', '2025-09-04');
    fireEvent.click(screen.getByTestId('deadline-calculate'));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('identity check: give both id_requested and id_received'));

    // Fixed: the error goes and the answer comes.
    change('deadline-id-requested', '');
    fireEvent.click(screen.getByTestId('deadline-calculate'));
    expect(await screen.findByTestId('deadline-result')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('hides "extended" for the regimes without an extension, and never sends it for them', async () => {
    const { backend } = renderWith(<DeadlinesScreen />);
    const compute = vi.spyOn(backend, 'computeDeadline');
    await ready();
    fireEvent.click(screen.getByLabelText('Extend the period'));
    for (const regime of ['lgpd', 'quebec']) {
      change('deadline-regime', regime);
      expect(screen.queryByLabelText('Extend the period')).toBeNull();
    }
    change('deadline-regime', 'lgpd');
    change('deadline-received', '2025-09-03');
    fireEvent.click(screen.getByTestId('deadline-calculate'));
    expect(await screen.findByTestId('deadline-legal-due')).toHaveTextContent('Thursday, September 18, 2025');
    expect(compute.mock.calls[0]?.[0]).toMatchObject({ regime: 'lgpd', extended: false });
    expect(screen.getByTestId('deadline-notice-due')).toHaveTextContent('This regime provides no extension.');
    change('deadline-regime', 'ccpa');
    expect(screen.getByLabelText('Extend the period')).toBeChecked();
  });

  it('computes the breach clock in the chosen zone and in UTC', async () => {
    const { backend } = renderWith(<DeadlinesScreen />);
    const compute = vi.spyOn(backend, 'computeDeadline');
    await ready();
    change('deadline-regime', 'gdpr-breach');
    expect(screen.queryByLabelText('Holiday calendar')).toBeNull();
    expect(screen.getByLabelText('Time zone')).not.toHaveValue('');
    change('deadline-aware-at', '2026-03-28T10:00');
    change('deadline-tz', 'Europe/Berlin');
    fireEvent.click(screen.getByTestId('deadline-calculate'));
    const due = await screen.findByTestId('deadline-breach-due');
    expect(compute.mock.calls[0]?.[0]).toMatchObject({ regime: 'gdpr-breach', aware_at: '2026-03-28T10:00:00', tz: 'Europe/Berlin', calendar: null });
    expect(due).toHaveAttribute('datetime', '2026-03-31T11:00:00+02:00');
    expect(due).toHaveTextContent(/Tuesday, March 31, 2026 at 11:00/);
    expect(screen.getByTestId('deadline-breach-due-utc')).toHaveTextContent(/Tuesday, March 31, 2026 at 09:00 AM UTC/);
    expect(screen.getByTestId('deadline-explanation')).toHaveTextContent('+ 72 hours');

    change('deadline-tz', 'Mars/Olympus');
    fireEvent.click(screen.getByTestId('deadline-calculate'));
    expect(await screen.findByRole('alert')).toHaveTextContent(/unknown time zone "Mars\/Olympus": give an IANA name/);
  });

  it('speaks Spanish', async () => {
    renderWith(<DeadlinesScreen />, { lang: 'es', backend: new MockBackend() });
    expect(screen.getByRole('heading', { level: 1, name: 'Calculadora de plazos' })).toBeInTheDocument();
    await ready();
    expect(within(screen.getByLabelText('Régimen')).getByRole('option', { name: 'RGPD (UE)' })).toBeInTheDocument();
    change('deadline-received', '2025-09-03');
    fireEvent.click(screen.getByRole('button', { name: 'Calcular' }));
    expect(await screen.findByTestId('deadline-legal-due')).toHaveTextContent('viernes, 3 de octubre de 2025');
    expect(screen.getByText('Fecha límite segura')).toBeInTheDocument();
  });

  it('is reachable from the navigation, under Requests', async () => {
    window.location.hash = '#/deadlines';
    renderWith(<App />);
    const nav = screen.getByRole('navigation', { name: 'Main navigation' });
    const link = within(nav).getByRole('link', { name: 'Deadline calculator' });
    expect(link).toHaveAttribute('aria-current', 'page');
    expect(link.closest('ul')?.closest('li')).toHaveTextContent(/^Requests/);
    expect(await screen.findByRole('heading', { level: 1, name: 'Deadline calculator' })).toBeInTheDocument();
    await ready();
  });
});
