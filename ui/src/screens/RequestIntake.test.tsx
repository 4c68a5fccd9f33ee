import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderWith } from '../test/render';
import { RequestIntakeScreen } from './RequestIntake';
import { MockBackend } from '../api/mock';

const change = (label: string | RegExp, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
const options = (label: string) => within(screen.getByLabelText(label)).getAllByRole('option').map((o) => o.getAttribute('value'));

async function ready() {
  await screen.findByTestId('intake-form');
}

describe('request intake', () => {
  it('offers only the rights of the chosen regime', async () => {
    renderWith(<RequestIntakeScreen />);
    await ready();
    expect(screen.getByRole('heading', { level: 1, name: 'New request' })).toBeInTheDocument();
    expect(options('Regime')).not.toContain('gdpr-breach');
    expect(options('Right exercised')).toEqual(['access', 'rectification', 'erasure', 'restriction', 'portability', 'objection', 'automated-decision']);
    expect(screen.getByLabelText('Right exercised')).toHaveValue('access');
    expect(within(screen.getByLabelText('Right exercised')).getByRole('option', { name: 'Erasure · GDPR Art. 17' })).toBeInTheDocument();

    change('Regime', 'ccpa');
    expect(options('Right exercised')).toEqual(['portability', 'know', 'delete', 'correct', 'opt-out', 'limit']);
    // "Access" is not a CCPA right: the first one that is takes its place.
    expect(screen.getByLabelText('Right exercised')).toHaveValue('portability');
    change('Right exercised', 'delete');
    change('Regime', 'vcdpa');
    expect(screen.getByLabelText('Right exercised')).toHaveValue('delete');
    change('Regime', 'uk-gdpr');
    expect(screen.getByLabelText('Right exercised')).toHaveValue('access');
  });

  it('offers the organisation’s establishments, the main one first chosen', async () => {
    renderWith(<RequestIntakeScreen />);
    await ready();
    const est = screen.getByLabelText('Establishment that must act');
    expect(est).toHaveValue('Madrid headquarters');
    expect(within(est).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'Madrid headquarters (main) · ES-MD · Europe/Madrid',
      'Munich office · DE-BY · Europe/Berlin',
    ]);
    expect(screen.queryByTestId('intake-no-establishment')).toBeNull();
  });

  it('shows the backend’s field errors beside their inputs and lists them', async () => {
    const { backend } = renderWith(<RequestIntakeScreen />);
    const add = vi.spyOn(backend, 'addRequest');
    await ready();
    change('Regime', 'gdpr');
    change(/^Received on/, '2026-12-24');
    change('E-mail', 'not-an-address');
    fireEvent.click(screen.getByRole('button', { name: 'Record the request' }));
    const summary = await screen.findByTestId('intake-error-summary');
    expect(add).toHaveBeenCalledTimes(1);
    expect(summary).toHaveTextContent('The request was not recorded: 3 fields need attention.');
    expect(within(summary).getAllByRole('link').map((a) => a.textContent)).toEqual(['Received on', 'Name', 'E-mail']);
    expect(screen.getByTestId('error-f-received_at')).toHaveTextContent('2026-12-24 is in the future.');
    expect(screen.getByTestId('error-f-requester-name')).toHaveTextContent("Give the requester's name or a reference.");
    expect(screen.getByTestId('error-f-requester-email')).toHaveTextContent('Not an e-mail address.');
    const name = screen.getByLabelText('Name');
    expect(name).toHaveAttribute('aria-invalid', 'true');
    expect(name).toHaveAccessibleDescription(/Give the requester's name or a reference/);
    // The first field in error has the focus.
    await waitFor(() => expect(screen.getByLabelText(/^Received on/)).toHaveFocus());
  });

  it('checks the date and time before asking the backend', async () => {
    const { backend } = renderWith(<RequestIntakeScreen />);
    const add = vi.spyOn(backend, 'addRequest');
    await ready();
    change(/^Received on/, '');
    fireEvent.click(screen.getByRole('button', { name: 'Record the request' }));
    expect(await screen.findByTestId('error-f-received_at')).toHaveTextContent('Give the date the request arrived.');
    expect(add).not.toHaveBeenCalled();
  });

  it('records the request with its activities and opens it', async () => {
    const { backend } = renderWith(<RequestIntakeScreen />);
    const add = vi.spyOn(backend, 'addRequest');
    await ready();
    change('Regime', 'uk-gdpr');
    change('Received by', 'post');
    change(/^Received on/, '2026-11-20');
    change(/^At \(local time\)/, '16:05');
    change('Establishment that must act', 'Munich office');
    change('Name', '  Greta Lind ');
    change('Reference', 'EMP-7');
    change('Summary', 'Copy of my personnel file.');
    change('Find an activity', 'payroll');
    expect(screen.getAllByRole('checkbox')).toHaveLength(1);
    fireEvent.click(screen.getByRole('checkbox', { name: 'PA-0001 · Payroll' }));
    change('Find an activity', 'recruit');
    // The chosen one stays listed while searching for more.
    fireEvent.click(screen.getByRole('checkbox', { name: 'PA-0002 · Recruitment' }));
    expect(screen.getByRole('checkbox', { name: 'PA-0001 · Payroll' })).toBeChecked();
    expect(screen.getByText('2 activities selected')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Record the request' }));
    await waitFor(() => expect(window.location.hash).toMatch(/^#\/request\/DSR-2026-\d{4}$/));
    expect(add).toHaveBeenCalledWith({
      regime: 'uk-gdpr',
      request_type: 'access',
      channel: 'post',
      received_at: '2026-11-20T16:05:00',
      establishment: 'Munich office',
      calendar: null,
      requester: { name: '  Greta Lind ', email: '', reference: 'EMP-7' },
      summary: 'Copy of my personnel file.',
      activities: ['PA-0001', 'PA-0002'],
      events: [],
    });
    const view = await backend.getRequest(window.location.hash.replace('#/request/', ''));
    expect([view.request.requester.name, view.request.calendar, view.request.timezone]).toEqual(['Greta Lind', 'DE-BY', 'Europe/Berlin']);
  });

  it('says when the organisation has no establishment', async () => {
    renderWith(<RequestIntakeScreen />, { backend: new MockBackend({ today: '2026-11-29', empty: true }) });
    expect(await screen.findByTestId('intake-no-establishment')).toHaveTextContent('The organisation has no establishment yet');
    change('Name', 'A');
    fireEvent.click(screen.getByRole('button', { name: 'Record the request' }));
    expect(await screen.findByTestId('error-f-establishment')).toHaveTextContent('The organisation has no establishment');
  });

  it('in Spanish', async () => {
    renderWith(<RequestIntakeScreen />, { lang: 'es' });
    await ready();
    expect(screen.getByRole('heading', { level: 1, name: 'Nueva solicitud' })).toBeInTheDocument();
    expect(within(screen.getByLabelText('Derecho ejercido')).getByRole('option', { name: 'Supresión · GDPR Art. 17' })).toBeInTheDocument();
  });
});
