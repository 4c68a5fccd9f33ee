import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderWith } from '../test/render';
import { RequestDetailScreen } from './RequestDetail';
import { MockBackend } from '../api/mock';
import type { NewRequest } from '../api/types';

const today = '2026-11-29';

function newRequest(extra: Partial<NewRequest> = {}): NewRequest {
  return {
    regime: 'gdpr',
    request_type: 'access',
    channel: 'email',
    received_at: '2026-11-02T09:30:00',
    establishment: null,
    calendar: null,
    requester: { name: 'Ana Ruiz', email: 'ana@example.org', reference: '' },
    summary: 'Copy of my records.',
    activities: ['PA-0001'],
    events: [],
    ...extra,
  };
}

async function setup(extra: Partial<NewRequest> = {}) {
  const backend = new MockBackend({ today });
  const { request } = await backend.addRequest(newRequest(extra));
  renderWith(<RequestDetailScreen id={request.id} />, { backend });
  await screen.findByTestId('request-timeline');
  return { backend, id: request.id };
}

const timeline = () => within(screen.getByTestId('request-timeline')).getAllByRole('listitem').map((li) => li.textContent);
const due = () => screen.getByTestId('request-due').getAttribute('datetime');
const step = (kind: string, date: string, note = '') => {
  fireEvent.change(screen.getByLabelText('Step'), { target: { value: kind } });
  fireEvent.change(screen.getByLabelText('Date'), { target: { value: date } });
  fireEvent.change(screen.getByLabelText(/^Note/), { target: { value: note } });
  fireEvent.click(screen.getByRole('button', { name: 'Add the step' }));
};

describe('request detail', () => {
  it('shows the status, the dates with their explanation, rule and source, and every reading', async () => {
    const { id } = await setup();
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent(`Request ${id} Received`);
    // Received Mon 2 Nov 2026: one month later is Wed 2 Dec.
    expect(due()).toBe('2026-12-02');
    expect(screen.getByTestId('request-due')).toHaveTextContent('Wednesday, December 2, 2026');
    expect(screen.getByTestId('request-days-left')).toHaveTextContent('3 days');
    expect(screen.getByTestId('request-days-left').querySelector('.days-soon')).not.toBeNull();
    expect(screen.getByTestId('request-explanation')).toHaveTextContent('received Mon 2 Nov 2026 → Wed 2 Dec');
    expect(screen.getByTestId('request-rule')).toHaveTextContent(/^one month from receipt/);
    expect(screen.getByTestId('request-source')).toHaveTextContent(/GDPR Art\. 12\(3\)/);
    expect(screen.getByTestId('request-candidates').querySelectorAll('tbody tr')).toHaveLength(1);
    const details = screen.getByTestId('request-details');
    expect(details).toHaveTextContent('Madrid headquarters');
    expect(within(details).getByRole('link', { name: 'PA-0001' })).toHaveAttribute('href', '#/activity/PA-0001');
  });

  it('starts the timeline with the receipt, then the events in order', async () => {
    const backend = new MockBackend({ today });
    const { request } = await backend.addRequest(
      newRequest({
        events: [
          { date: '2026-11-03', kind: 'started', note: '' },
          { date: '2026-11-10', kind: 'note', note: 'Called the requester back' },
        ],
      }),
    );
    renderWith(<RequestDetailScreen id={request.id} />, { backend });
    await screen.findByTestId('request-timeline');
    expect(timeline()).toEqual(['Nov 2, 2026 09:30Request receivedE-mail', 'Nov 3, 2026Work started', 'Nov 10, 2026NoteCalled the requester back']);
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('In progress');
  });

  it('offers only the sensible next steps; adding one recomputes the due date', async () => {
    const { backend } = await setup();
    const add = vi.spyOn(backend, 'addRequestEvent');
    const kinds = () => within(screen.getByLabelText('Step')).getAllByRole('option').map((o) => o.getAttribute('value'));
    expect(kinds()).toEqual(['identity-requested', 'clarification-requested', 'started', 'extended', 'completed', 'refused', 'withdrawn', 'note']);
    expect(screen.getByLabelText('Date')).toHaveValue(today);

    step('identity-requested', '2026-11-03');
    await waitFor(() => expect(timeline()).toHaveLength(2));
    expect(add).toHaveBeenLastCalledWith(expect.stringMatching(/^DSR-/), { kind: 'identity-requested', date: '2026-11-03', note: '' }, 1);
    expect(screen.getByTestId('event-done')).toHaveTextContent('Added: Proof of identity asked for. The dates were recalculated.');
    // Awaited proof stops the clock (EU guidance): the date assumes it comes today.
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Identity check');
    expect(screen.getByTestId('request-clock-stopped')).toBeInTheDocument();
    expect(screen.getByTestId('request-days-left')).toHaveTextContent('Paused');
    expect(kinds()).toEqual(['identity-received', 'clarification-requested', 'extended', 'completed', 'refused', 'withdrawn', 'note']);
    expect(screen.getByLabelText('Step')).toHaveValue('identity-received');

    step('identity-received', '2026-11-09');
    await waitFor(() => expect(timeline()).toHaveLength(3));
    expect(add).toHaveBeenLastCalledWith(expect.any(String), { kind: 'identity-received', date: '2026-11-09', note: '' }, 2);
    // 7 days waiting (3–9 Nov): Wed 2 Dec + 7 = Wed 9 Dec; the safe date ignores the pause.
    expect(due()).toBe('2026-12-09');
    expect(screen.getByTestId('request-safe-due')).toHaveAttribute('datetime', '2026-12-02');
    expect(screen.getByTestId('request-explanation')).toHaveTextContent('+ 7 days waiting for proof of identity (3 Nov–9 Nov)');
    expect(screen.getByTestId('request-candidates').querySelectorAll('tbody tr')).toHaveLength(2);
    expect(screen.queryByTestId('request-clock-stopped')).toBeNull();
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('In progress');
  });

  it('asks for the reasons of an extension or a refusal before sending', async () => {
    const { backend } = await setup();
    const add = vi.spyOn(backend, 'addRequestEvent');
    step('refused', today);
    expect(await screen.findByTestId('error-f-event-note')).toHaveTextContent('Give the reasons for this step.');
    expect(screen.getByLabelText(/^Note/)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText(/^Note/)).toHaveAccessibleDescription(/Required: the reasons are told to the requester/);
    expect(add).not.toHaveBeenCalled();
    step('extended', '2026-11-20', 'Thousands of records in three archives');
    await waitFor(() => expect(timeline()).toHaveLength(2));
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Extended');
    expect(due()).toBe('2027-02-02');
    expect(timeline()[1]).toContain('Thousands of records in three archives');
  });

  it('says so when the request changed meanwhile, and reloads it', async () => {
    const { backend, id } = await setup();
    // Someone else (another window, a bulk action) adds a step first.
    await backend.addRequestEvent(id, { kind: 'started', date: '2026-11-04', note: '' }, null);
    step('identity-requested', '2026-11-05');
    const alert = await screen.findByTestId('event-error');
    expect(alert).toHaveTextContent('This request was changed meanwhile');
    expect(alert).toHaveFocus();
    expect(timeline()).toHaveLength(1);
    fireEvent.click(within(alert).getByRole('button', { name: 'Reload the request' }));
    await waitFor(() => expect(timeline()).toHaveLength(2));
    await waitFor(() => expect(screen.queryByTestId('event-error')).toBeNull());
    expect(timeline()[1]).toContain('Work started');
    // Now based on the current version, the step goes in.
    step('identity-requested', '2026-11-05');
    await waitFor(() => expect(timeline()).toHaveLength(3));
  });

  it('shows the backend’s reason when it refuses a step', async () => {
    const { backend, id } = await setup();
    vi.spyOn(backend, 'addRequestEvent').mockRejectedValueOnce({
      code: 'conflict',
      message: `${id}: event 1 (started on 2026-11-01): events must be in date order; the previous one is dated 2026-11-02`,
      fields: [],
      rows: [],
    });
    step('started', '2026-11-03');
    expect(await screen.findByTestId('event-error')).toHaveTextContent('The step was refused: DSR-');
    expect(screen.getByTestId('event-error')).toHaveTextContent('events must be in date order');
  });

  it('a closed request says when and whether on time', async () => {
    const { id } = await setup({ events: [{ date: '2026-11-20', kind: 'completed', note: '' }] });
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent(`Request ${id} Completed`);
    expect(screen.getByTestId('request-closed-on')).toHaveAttribute('datetime', '2026-11-20');
    expect(screen.getByText('Closed on time')).toBeInTheDocument();
    expect(within(screen.getByLabelText('Step')).getAllByRole('option').map((o) => o.getAttribute('value'))).toEqual(['note']);
  });

  it('an unknown id is an error with a way back', async () => {
    renderWith(<RequestDetailScreen id="DSR-2026-9999" />);
    expect(await screen.findByRole('alert')).toHaveTextContent('Not found: request DSR-2026-9999 not found');
    expect(screen.getByRole('link', { name: /Back to the requests/ })).toHaveAttribute('href', '#/requests');
  });
});
