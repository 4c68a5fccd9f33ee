// The work on a request in the detail screen: the task board (link activities, mark a task done with
// evidence), the Art. 19 ledger (notified, acknowledged, reasons, the list for the requester), the next
// steps as the backend gives them, and `stale` (reload) told apart from `conflict` (the reason).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderWith } from '../test/render';
import { RequestDetailScreen } from './RequestDetail';
import { ActivityForm } from './ActivityForm';
import { taskDueState } from './request/TaskBoard';
import { recipientListText } from './request/RecipientLedger';
import { MockBackend } from '../api/mock';
import { makeI18n } from '../i18n';
import type { ApiError, NewRequest } from '../api/types';

const today = '2026-11-29';

function newRequest(extra: Partial<NewRequest> = {}): NewRequest {
  return {
    regime: 'gdpr',
    request_type: 'erasure',
    channel: 'email',
    received_at: '2026-11-02T09:30:00',
    establishment: null,
    calendar: null,
    requester: { name: 'Ana Ruiz', email: 'ana@example.org', reference: '' },
    summary: 'Erase my records.',
    activities: [],
    events: [],
    ...extra,
  };
}

async function setup(extra: Partial<NewRequest> = {}, backend = new MockBackend({ today })) {
  const { request } = await backend.addRequest(newRequest(extra));
  renderWith(<RequestDetailScreen id={request.id} />, { backend });
  await screen.findByTestId('request-timeline');
  return { backend, id: request.id };
}

const apiError = (code: ApiError['code'], message: string): ApiError => ({ code, message, fields: [], rows: [] });
const board = () => screen.getByTestId('task-board');
const cards = (column: 'tasks-open' | 'tasks-done') =>
  within(screen.getByTestId(column))
    .queryAllByTestId('task-card')
    .map((c) => c.getAttribute('data-name'));
const ledgerRow = (name: string) => screen.getAllByTestId('ledger-row').find((r) => within(r).queryByRole('rowheader', { name }) !== null)!;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('task board', () => {
  it('explains where tasks come from, then links activities picked in the dialog', async () => {
    const { backend, id } = await setup();
    const link = vi.spyOn(backend, 'linkRequestActivities');
    expect(screen.getByTestId('tasks-empty')).toHaveTextContent('Tasks come from the linked processing activities');
    fireEvent.click(within(board()).getByRole('button', { name: 'Link activities…' }));
    const dialog = await screen.findByTestId('link-dialog');
    expect(within(dialog).getByRole('heading', { name: 'Link processing activities' })).toBeInTheDocument();
    // Nothing picked: said, and nothing sent.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Link' }));
    expect(await within(dialog).findByTestId('link-none')).toHaveTextContent('Pick at least one activity');
    expect(link).not.toHaveBeenCalled();
    // The search goes to the backend's activity search.
    const list = vi.spyOn(backend, 'listActivities');
    fireEvent.change(within(dialog).getByLabelText('Find an activity'), { target: { value: 'payroll' } });
    await waitFor(() => expect(list).toHaveBeenLastCalledWith(expect.objectContaining({ search: 'payroll' }), null));
    const box = await within(dialog).findByRole('checkbox', { name: /PA-0001 · Payroll/ });
    await waitFor(() => expect(within(dialog).queryByRole('checkbox', { name: /PA-0003/ })).toBeNull());
    fireEvent.click(box);
    expect(within(dialog).getByTestId('link-count')).toHaveTextContent('1 activity selected');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Link' }));
    await waitFor(() => expect(screen.queryByTestId('link-dialog')).toBeNull());
    expect(link).toHaveBeenCalledWith(id, ['PA-0001'], 1);
    expect(screen.getByTestId('tasks-message')).toHaveTextContent('Linked 1 activity; the tasks were updated.');
    expect(cards('tasks-open')).toEqual(['HRIS', 'Payroll system']);
    expect(cards('tasks-done')).toEqual([]);
    expect(screen.getByTestId('tasks-summary')).toHaveTextContent('0 of 2 tasks done');
    const hris = within(screen.getByTestId('tasks-open')).getAllByTestId('task-card')[0]!;
    expect(hris).toHaveTextContent('OwnerHR');
    expect(within(hris).getByRole('link', { name: 'PA-0001' })).toHaveAttribute('href', '#/activity/PA-0001');
    // The linked activity is shown as such next time.
    expect(screen.getByTestId('request-details')).toHaveTextContent('PA-0001');
    fireEvent.click(within(board()).getByRole('button', { name: 'Link activities…' }));
    const again = await screen.findByTestId('link-dialog');
    const linked = await within(again).findByRole('checkbox', { name: /PA-0001 · Payroll.*already linked/ });
    expect(linked).toBeChecked();
    expect(linked).toBeDisabled();
  });

  it('colours the internal due dates: red when passed, amber within three days', async () => {
    // Received 2 Nov: safe date Wed 2 Dec, tasks due five working days before (Wed 25 Nov): passed.
    await setup({ activities: ['PA-0009'] });
    const card = within(screen.getByTestId('tasks-open')).getByTestId('task-card');
    expect(card).toHaveTextContent('No system recorded');
    expect(card).toHaveTextContent('Marketing lead');
    expect(within(card).getByTestId('task-due')).toHaveAttribute('datetime', '2026-11-25');
    expect(within(card).getByTestId('task-due')).toHaveClass('days-overdue');
    expect(within(card).getByTestId('task-due-state')).toHaveTextContent('Overdue');
    expect(card).toHaveClass('task-card-overdue');
    const task = { system: 'CRM', owner: 'Sales', activities: [], due: '2026-12-02' };
    expect(taskDueState(task, '2026-11-29')).toBe('soon');
    expect(taskDueState(task, '2026-11-28')).toBe('ok');
    expect(taskDueState(task, '2026-12-03')).toBe('overdue');
    expect(taskDueState({ ...task, done_on: '2026-11-20', evidence: 'x' }, '2026-12-03')).toBe('ok');
  });

  it('marks a task done with a date and the evidence; it moves to Done', async () => {
    const { backend, id } = await setup({ activities: ['PA-0001'] });
    const complete = vi.spyOn(backend, 'completeRequestTask');
    fireEvent.click(screen.getByRole('button', { name: 'Mark the task for HRIS done' }));
    const dialog = await screen.findByTestId('task-done-dialog');
    expect(within(dialog).getByRole('heading', { name: 'Mark done: HRIS' })).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/^Evidence/)).toHaveFocus();
    expect(within(dialog).getByLabelText('Done on')).toHaveValue(today);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Mark done' }));
    expect(await within(dialog).findByTestId('error-f-task-evidence')).toHaveTextContent('Say what was done and where the evidence is');
    expect(complete).not.toHaveBeenCalled();
    fireEvent.change(within(dialog).getByLabelText('Done on'), { target: { value: '2026-11-20' } });
    fireEvent.change(within(dialog).getByLabelText(/^Evidence/), { target: { value: 'Profile erased, ticket IT-42' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Mark done' }));
    await waitFor(() => expect(screen.queryByTestId('task-done-dialog')).toBeNull());
    expect(complete).toHaveBeenCalledWith(id, 'HRIS', '2026-11-20', 'Profile erased, ticket IT-42', 1);
    expect(cards('tasks-open')).toEqual(['Payroll system']);
    expect(cards('tasks-done')).toEqual(['HRIS']);
    const done = within(screen.getByTestId('tasks-done')).getByTestId('task-card');
    expect(within(done).getByTestId('task-done-on')).toHaveAttribute('datetime', '2026-11-20');
    expect(within(done).getByTestId('task-evidence')).toHaveTextContent('Profile erased, ticket IT-42');
    expect(within(done).queryByRole('button')).toBeNull();
    expect(screen.getByTestId('tasks-summary')).toHaveTextContent('1 of 2 tasks done');
    expect(screen.getByTestId('tasks-message')).toHaveTextContent('The task for HRIS is done.');
  });

  it('puts a date the backend refuses beside the date field', async () => {
    await setup({ activities: ['PA-0001'] });
    fireEvent.click(screen.getByRole('button', { name: 'Mark the task for HRIS done' }));
    const dialog = await screen.findByTestId('task-done-dialog');
    fireEvent.change(within(dialog).getByLabelText('Done on'), { target: { value: '2026-10-01' } });
    fireEvent.change(within(dialog).getByLabelText(/^Evidence/), { target: { value: 'x' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Mark done' }));
    expect(await within(dialog).findByTestId('error-f-task-date')).toHaveTextContent('2026-10-01 is not between receipt and today.');
  });

  it('a request changed meanwhile offers a reload; a refusal shows the reason', async () => {
    const { backend, id } = await setup({ activities: ['PA-0001'] });
    // Someone else adds a step first: the dialog's version is stale.
    await backend.addRequestEvent(id, { kind: 'started', date: '2026-11-04', note: '' }, null);
    fireEvent.click(screen.getByRole('button', { name: 'Mark the task for HRIS done' }));
    let dialog = await screen.findByTestId('task-done-dialog');
    fireEvent.change(within(dialog).getByLabelText(/^Evidence/), { target: { value: 'Erased' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Mark done' }));
    const alert = await within(dialog).findByTestId('task-error');
    expect(alert).toHaveTextContent('This request was changed meanwhile');
    expect(alert).toHaveFocus();
    fireEvent.click(within(alert).getByRole('button', { name: 'Reload the request' }));
    await waitFor(() => expect(screen.queryByTestId('task-done-dialog')).toBeNull());
    await waitFor(() => expect(screen.getByTestId('request-timeline').querySelectorAll('li')).toHaveLength(2));

    vi.spyOn(backend, 'completeRequestTask').mockRejectedValueOnce(apiError('conflict', `${id}: the task for HRIS is already done`));
    fireEvent.click(screen.getByRole('button', { name: 'Mark the task for HRIS done' }));
    dialog = await screen.findByTestId('task-done-dialog');
    fireEvent.change(within(dialog).getByLabelText(/^Evidence/), { target: { value: 'Erased' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Mark done' }));
    const refused = await within(dialog).findByTestId('task-error');
    expect(refused).toHaveTextContent(`Refused: ${id}: the task for HRIS is already done`);
    expect(within(refused).queryByRole('button')).toBeNull();
  });

  it('a closed request offers no linking', async () => {
    await setup({ events: [{ date: '2026-11-10', kind: 'withdrawn', note: '' }] });
    expect(within(board()).queryByRole('button', { name: 'Link activities…' })).toBeNull();
    expect(board()).toHaveTextContent('The request is closed');
  });
});

describe('Art. 19 ledger', () => {
  it('is shown for erasure, rectification and restriction only', async () => {
    await setup({ request_type: 'access', activities: ['PA-0001'] });
    expect(screen.queryByTestId('ledger')).toBeNull();
    expect(screen.getByTestId('task-board')).toBeInTheDocument();
  });

  it('explains itself while empty', async () => {
    await setup({ request_type: 'rectification' });
    expect(screen.getByTestId('ledger-empty')).toHaveTextContent('they come from the linked processing activities');
    expect(screen.queryByRole('button', { name: 'Copy list for the requester' })).toBeNull();
  });

  it('records recipients as notified, acknowledged, or not told with a reason', async () => {
    const { backend, id } = await setup({ activities: ['PA-0001'] });
    const record = vi.spyOn(backend, 'recordRecipientNotice');
    const table = screen.getByTestId('ledger-table');
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Recipient',
      'Internal / external',
      'Country',
      'Activities',
      'Status',
      'Date',
      'Reason',
      'Record',
    ]);
    expect(ledgerRow('Payroll provider')).toHaveTextContent('Payroll providerExternalSpainPA-0001Not told yet');
    expect(ledgerRow('HR team')).toHaveTextContent('HR teamInternal—');
    expect(screen.getByTestId('ledger-summary')).toHaveTextContent('0 of 4 recipients told');

    fireEvent.change(screen.getByLabelText('Date to record'), { target: { value: '2026-11-20' } });
    fireEvent.click(screen.getByRole('button', { name: 'Record Tax authority as notified' }));
    await waitFor(() => expect(ledgerRow('Tax authority')).toHaveAttribute('data-status', 'notified'));
    expect(record).toHaveBeenLastCalledWith(id, 'Tax authority', 'notified', '2026-11-20', '', 1);
    expect(within(ledgerRow('Tax authority')).getByTestId('ledger-status')).toHaveTextContent('Notified');
    expect(ledgerRow('Tax authority')).toHaveTextContent('Nov 20, 2026');
    expect(screen.getByTestId('ledger-message')).toHaveTextContent('Tax authority: Notified.');
    expect(screen.getByTestId('ledger-summary')).toHaveTextContent('1 of 4 recipients told');
    // Only a notified recipient can acknowledge.
    expect(screen.queryByRole('button', { name: 'Record that Payroll provider acknowledged' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Record that Tax authority acknowledged' }));
    await waitFor(() => expect(ledgerRow('Tax authority')).toHaveAttribute('data-status', 'acknowledged'));
    expect(within(ledgerRow('Tax authority')).queryAllByRole('button')).toHaveLength(0);

    // Disproportionate effort needs a reason.
    fireEvent.click(screen.getByRole('button', { name: 'Record that telling Payroll provider involves disproportionate effort' }));
    const dialog = await screen.findByTestId('notice-dialog');
    expect(within(dialog).getByRole('heading', { name: 'Disproportionate effort: Payroll provider' })).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/^Reason/)).toHaveFocus();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Record' }));
    expect(await within(dialog).findByTestId('error-f-notice-reason')).toHaveTextContent('Give the reason');
    expect(record).toHaveBeenCalledTimes(2);
    fireEvent.change(within(dialog).getByLabelText(/^Reason/), { target: { value: 'Contract ended in 2019; no contact left' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Record' }));
    await waitFor(() => expect(screen.queryByTestId('notice-dialog')).toBeNull());
    expect(record).toHaveBeenLastCalledWith(id, 'Payroll provider', 'disproportionate-effort', '2026-11-20', 'Contract ended in 2019; no contact left', 3);
    const row = ledgerRow('Payroll provider');
    expect(within(row).getByTestId('ledger-status')).toHaveTextContent('Disproportionate effort');
    expect(within(row).getByTestId('ledger-reason')).toHaveTextContent('Contract ended in 2019; no contact left');
    expect(screen.getByTestId('ledger-summary')).toHaveTextContent('1 of 4 recipients told · 1 not told, with a reason');
  });

  it('a stale version offers a reload; a refusal shows the reason', async () => {
    const { backend, id } = await setup({ activities: ['PA-0001'] });
    await backend.recordRecipientNotice(id, 'HR team', 'notified', '2026-11-10', '', null);
    fireEvent.click(screen.getByRole('button', { name: 'Record Tax authority as notified' }));
    const alert = await screen.findByTestId('ledger-error');
    expect(alert).toHaveTextContent('This request was changed meanwhile');
    fireEvent.click(within(alert).getByRole('button', { name: 'Reload the request' }));
    await waitFor(() => expect(ledgerRow('HR team')).toHaveAttribute('data-status', 'notified'));
    await waitFor(() => expect(screen.queryByTestId('ledger-error')).toBeNull());

    vi.spyOn(backend, 'recordRecipientNotice').mockRejectedValueOnce(apiError('conflict', `${id}: Tax authority has not been notified yet`));
    fireEvent.click(screen.getByRole('button', { name: 'Record Tax authority as notified' }));
    const refused = await screen.findByTestId('ledger-error');
    expect(refused).toHaveTextContent(`Refused: ${id}: Tax authority has not been notified yet`);
    expect(within(refused).queryByRole('button')).toBeNull();
  });

  it('copies the list for the requester, or shows it when the clipboard is not there', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await setup({ activities: ['PA-0001'] });
    fireEvent.click(screen.getByRole('button', { name: 'Copy list for the requester' }));
    expect(await screen.findByTestId('ledger-copied')).toHaveTextContent('Copied 4 recipients to the clipboard.');
    expect(writeText).toHaveBeenCalledWith(
      [
        'Recipients to whom your personal data have been disclosed:',
        '- HR team (within our organisation)',
        '- Payroll provider, Spain',
        '- Tax authority, Spain',
        '- Social security, Spain',
      ].join('\n'),
    );
    writeText.mockRejectedValueOnce(new Error('denied'));
    fireEvent.click(screen.getByRole('button', { name: 'Copy list for the requester' }));
    const failed = await screen.findByTestId('ledger-copy-failed');
    expect(failed).toHaveTextContent('The clipboard is not available');
    expect(within(failed).getByRole('textbox')).toHaveValue(writeText.mock.calls[0]![0]);
    Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
  });

  it('writes the list in the chosen language', () => {
    const text = recipientListText(makeI18n('es'), [
      { recipient: 'Gestoría', external: true, country: 'DE', activities: [], status: 'pending' },
      { recipient: 'RR. HH.', external: false, activities: [], status: 'pending' },
    ]);
    expect(text).toBe('Destinatarios a los que se han comunicado sus datos personales:\n- Gestoría, Alemania\n- RR. HH. (dentro de nuestra organización)');
  });
});

describe('next steps and stale versus conflict', () => {
  it('offers the steps the backend gives, in its order', async () => {
    const backend = new MockBackend({ today });
    const { request } = await backend.addRequest(newRequest());
    const real = backend.getRequest.bind(backend);
    vi.spyOn(backend, 'getRequest').mockImplementation(async (id) => ({ ...(await real(id)), next_steps: ['withdrawn', 'note'] }));
    renderWith(<RequestDetailScreen id={request.id} />, { backend });
    const select = await screen.findByLabelText('Step');
    expect(within(select).getAllByRole('option').map((o) => o.getAttribute('value'))).toEqual(['withdrawn', 'note']);
    expect(select).toHaveValue('withdrawn');
  });

  it('a conflict that mentions a change is still a refusal; only stale offers the reload', async () => {
    const { backend, id } = await setup();
    const add = vi.spyOn(backend, 'addRequestEvent');
    add.mockRejectedValueOnce(apiError('conflict', `${id}: the request changed meanwhile into something closed`));
    fireEvent.click(screen.getByRole('button', { name: 'Add the step' }));
    const refused = await screen.findByTestId('event-error');
    expect(refused).toHaveTextContent('The step was refused:');
    expect(within(refused).queryByRole('button', { name: 'Reload the request' })).toBeNull();
    add.mockRejectedValueOnce(apiError('stale', `request ${id} changed meanwhile (version 2, you edited 1): reload it`));
    fireEvent.click(screen.getByRole('button', { name: 'Add the step' }));
    await waitFor(() => expect(screen.getByTestId('event-error')).toHaveTextContent('This request was changed meanwhile'));
    expect(within(screen.getByTestId('event-error')).getByRole('button', { name: 'Reload the request' })).toBeInTheDocument();
  });

  it('the activity form offers a reload for stale and shows the text of a conflict', async () => {
    const backend = new MockBackend({ today });
    const d = await backend.getActivity('PA-0002');
    const vocab = await backend.getVocabularies();
    const update = vi.spyOn(backend, 'updateActivity');
    update.mockRejectedValueOnce(apiError('stale', 'activity PA-0002 was changed by someone else (version 1 is now 2); reload it and apply your change again'));
    renderWith(<ActivityForm initial={d.activity} version={d.version} vocab={vocab} />, { backend });
    fireEvent.click(screen.getByTestId('save-activity'));
    expect(await screen.findByText('Someone changed this activity meanwhile. Reload it to see the current version before editing.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Reload' })).toBeInTheDocument();
    update.mockRejectedValueOnce(apiError('conflict', 'an activity PA-0002 already exists'));
    fireEvent.click(screen.getByTestId('save-activity'));
    expect(await screen.findByText('Conflict: an activity PA-0002 already exists')).toBeInTheDocument();
    expect(screen.queryByText(/Someone changed this activity meanwhile/)).toBeNull();
  });
});
