import { beforeEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderWith } from '../test/render';
import { RequestsScreen, resetRequestsState } from './Requests';
import { MockBackend } from '../api/mock';
import type { RequestListQuery, RequestPage, RequestRow } from '../api/types';
import { PAGE_SIZE } from '../lib/pagedRequests';

const today = '2026-11-29';
const rows = () => screen.getAllByTestId('request-row');
const ids = () => rows().map((r) => r.getAttribute('data-id'));

beforeEach(() => resetRequestsState());

describe('request list', () => {
  it('shows the open requests by due date, coloured by the time left, and the figures', async () => {
    renderWith(<RequestsScreen />);
    expect(screen.getByRole('heading', { level: 1, name: 'Data-subject requests' })).toBeInTheDocument();
    await waitFor(() => expect(rows()).toHaveLength(9));
    expect(screen.getByTestId('requests-count')).toHaveTextContent('9 requests');
    const table = screen.getByRole('table', { name: 'Data-subject requests' });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent?.replace(/[▲▼↕]/g, ''))).toEqual([
      '',
      'Id',
      'Type',
      'Status',
      'Received',
      'Due',
      'Days left',
      'Requester',
    ]);
    // Overdue red, due within 7 days amber, a stopped clock "paused".
    const days = screen.getAllByTestId('days-left');
    expect(days[0]!.querySelector('.days-overdue')).toHaveTextContent(/^\d+ days overdue$/);
    expect(days.some((d) => d.querySelector('.days-soon') !== null)).toBe(true);
    const paused = rows().find((r) => r.textContent?.includes('Marco Rossi'))!;
    expect(within(paused).getByText('Paused')).toHaveClass('chip-paused');
    expect(within(paused).getByText('Identity check')).toBeInTheDocument();
    // The figures.
    await waitFor(() => expect(screen.getByTestId('stat-open')).toHaveTextContent('9'));
    expect(screen.getByTestId('stat-overdue')).toHaveTextContent('2');
    expect(screen.getByTestId('stat-due-soon')).toHaveTextContent('2');
    expect(screen.getByTestId('stat-on-time')).toHaveTextContent('100 %');
    expect(screen.getByTestId('request-stats')).toHaveTextContent('4 of 4 closed');
    expect(screen.getByTestId('request-stats')).toHaveTextContent('1 with the clock stopped');
  });

  it('opens on the overdue requests when a link asks for them (the dashboard tile), whatever was filtered before', async () => {
    const first = renderWith(<RequestsScreen />);
    await waitFor(() => expect(rows()).toHaveLength(9));
    fireEvent.change(screen.getByLabelText('Show'), { target: { value: 'closed' } });
    await waitFor(() => expect(rows()).toHaveLength(4));
    first.unmount();
    renderWith(<RequestsScreen focus="overdue" />);
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(screen.getByTestId('requests-overdue')).toBeChecked();
    expect(screen.getByLabelText('Show')).toHaveValue('open');
    expect(screen.getAllByTestId('days-left').every((d) => d.querySelector('.days-overdue') !== null)).toBe(true);
  });

  it('filters by open/closed, status, regime, type, overdue, due soon and text', async () => {
    const { backend } = renderWith(<RequestsScreen />);
    const list = vi.spyOn(backend, 'listRequests');
    await waitFor(() => expect(rows()).toHaveLength(9));
    const lastQuery = () => list.mock.calls[list.mock.calls.length - 1]![0];

    fireEvent.change(screen.getByLabelText('Show'), { target: { value: 'closed' } });
    await waitFor(() => expect(rows()).toHaveLength(4));
    expect(lastQuery()).toMatchObject({ open: false, offset: 0, limit: PAGE_SIZE });
    expect(screen.getAllByTestId('days-left').every((d) => /^Closed/.test(d.textContent ?? ''))).toBe(true);

    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'refused' } });
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(lastQuery().statuses).toEqual(['refused']);
    expect(rows()[0]).toHaveTextContent('Unknown caller');

    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(rows()).toHaveLength(9));

    // The types offered follow the regime.
    const type = screen.getByLabelText('Type');
    expect(within(type).getAllByRole('option')).toHaveLength(13);
    fireEvent.change(screen.getByLabelText('Regime'), { target: { value: 'ccpa' } });
    expect(within(type).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'All',
      'Portability',
      'Right to know',
      'Right to delete',
      'Right to correct',
      'Opt out of sale or sharing',
      'Limit use of sensitive data',
    ]);
    await waitFor(() => expect(rows()).toHaveLength(1));
    fireEvent.change(type, { target: { value: 'know' } });
    await waitFor(() => expect(lastQuery()).toMatchObject({ regime: 'ccpa', request_type: 'know' }));
    expect(rows()[0]).toHaveTextContent('Jordan Lee');
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));

    fireEvent.click(screen.getByLabelText('Overdue only'));
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(lastQuery()).toMatchObject({ overdue: true, open: true });
    fireEvent.click(screen.getByLabelText('Overdue only'));
    fireEvent.click(screen.getByLabelText('Due within 7 days'));
    await waitFor(() => expect(lastQuery().due_within_days).toBe(7));
    await waitFor(() => expect(rows()).toHaveLength(4));
    fireEvent.click(screen.getByLabelText('Due within 7 days'));

    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'becker' } });
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(lastQuery().text).toBe('becker');
    expect(rows()[0]).toHaveTextContent('Hannah Becker');

    // The "Overdue" figure is a shortcut to the same filter.
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: '' } });
    fireEvent.click(screen.getByTestId('stat-overdue-button'));
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(screen.getByLabelText('Overdue only')).toBeChecked();
  });

  it('sorts by the column headers', async () => {
    const { backend } = renderWith(<RequestsScreen />);
    const list = vi.spyOn(backend, 'listRequests');
    await waitFor(() => expect(rows()).toHaveLength(9));
    fireEvent.click(screen.getByRole('button', { name: 'Sort by Id' }));
    await waitFor(() => expect(ids()).toEqual([...ids()].sort()));
    expect(list.mock.calls.at(-1)![0]).toMatchObject({ sort: 'id', desc: false });
    fireEvent.click(screen.getByRole('button', { name: 'Sort by Id' }));
    await waitFor(() => expect(ids()).toEqual([...ids()].sort().reverse()));
    expect(screen.getAllByRole('columnheader')[1]).toHaveAttribute('aria-sort', 'descending');
  });

  it('closes the selected requests as duplicates after asking of which', async () => {
    const { backend } = renderWith(<RequestsScreen />);
    const bulk = vi.spyOn(backend, 'bulkRequestEvent');
    await waitFor(() => expect(rows()).toHaveLength(9));
    expect(screen.getByRole('button', { name: 'Close as duplicate' })).toBeDisabled();
    const [a, b] = [rows()[2]!, rows()[3]!];
    const [idA, idB] = [a.getAttribute('data-id')!, b.getAttribute('data-id')!];
    fireEvent.click(within(a).getByRole('checkbox', { name: `Select ${idA}` }));
    // Space on a focused row selects it too.
    fireEvent.keyDown(b, { key: ' ' });
    expect(screen.getByTestId('bulk-count')).toHaveTextContent('2 selected');
    expect(a).toHaveAttribute('aria-selected', 'true');

    fireEvent.click(screen.getByRole('button', { name: 'Close as duplicate' }));
    const dialog = await screen.findByTestId('bulk-dialog');
    expect(within(dialog).getByRole('heading', { name: 'Close as duplicate' })).toBeInTheDocument();
    expect(dialog).toHaveTextContent([idA, idB].sort().join(', '));
    expect(within(dialog).getByLabelText('Date')).toHaveValue(today);
    // The original is required: asked inline, nothing sent.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Apply' }));
    expect(await within(dialog).findByText('Give the id of the request they duplicate.')).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/^Duplicate of/)).toHaveAttribute('aria-invalid', 'true');
    expect(bulk).not.toHaveBeenCalled();

    fireEvent.change(within(dialog).getByLabelText(/^Duplicate of/), { target: { value: ' DSR-2026-0001 ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(screen.queryByTestId('bulk-dialog')).toBeNull());
    expect(bulk).toHaveBeenCalledWith([idA, idB].sort(), { kind: 'refused', date: today, note: 'duplicate of DSR-2026-0001' });
    expect(screen.getByTestId('requests-announce')).toHaveTextContent('2 requests updated.');
    expect(screen.getByTestId('bulk-count')).toHaveTextContent('0 selected');
    // Closed now: gone from the open list, and counted in the figures.
    await waitFor(() => expect(rows()).toHaveLength(7));
    await waitFor(() => expect(screen.getByTestId('stat-open')).toHaveTextContent('7'));
  });

  it('shows why a bulk action was refused, and changes nothing', async () => {
    const { backend } = renderWith(<RequestsScreen />);
    await waitFor(() => expect(rows()).toHaveLength(9));
    const marco = rows().find((r) => r.textContent?.includes('Marco Rossi'))!;
    const lucia = rows().find((r) => r.textContent?.includes('Lucía Fernández'))!;
    fireEvent.click(within(marco).getByRole('checkbox'));
    fireEvent.click(within(lucia).getByRole('checkbox'));
    fireEvent.click(screen.getByRole('button', { name: 'Mark identity verified' }));
    const dialog = await screen.findByTestId('bulk-dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Apply' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent(/The step was refused: DSR-\d{4}-\d{4}: event 2 \(identity-received on 2026-11-29\): no proof of identity was asked for/);
    const marcoView = await backend.getRequest(marco.getAttribute('data-id')!);
    expect(marcoView.due.status).toBe('identity-check');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.getByTestId('bulk-count')).toHaveTextContent('2 selected');
  });

  it('opens a request with Enter and moves between rows with the arrow keys', async () => {
    renderWith(<RequestsScreen />);
    await waitFor(() => expect(rows()).toHaveLength(9));
    const first = rows()[0]!;
    expect(first).toHaveAttribute('tabindex', '0');
    first.focus();
    fireEvent.keyDown(first, { key: 'ArrowDown' });
    await waitFor(() => expect(rows()[1]).toHaveFocus());
    fireEvent.keyDown(rows()[1]!, { key: 'Enter' });
    expect(window.location.hash).toBe(`#/request/${rows()[1]!.getAttribute('data-id')}`);
  });

  it('the list in Spanish', async () => {
    renderWith(<RequestsScreen />, { lang: 'es' });
    expect(screen.getByRole('heading', { level: 1, name: 'Solicitudes de los interesados' })).toBeInTheDocument();
    await waitFor(() => expect(rows()).toHaveLength(9));
    expect(screen.getByTestId('requests-count')).toHaveTextContent('9 solicitudes');
    expect(screen.getByRole('button', { name: 'Marcar identidad verificada' })).toBeInTheDocument();
    expect(screen.getAllByText('En pausa').length).toBe(1);
  });
});

/** 100,000 requests made lazily: each page is generated when the table asks for it. */
class LazyBackend extends MockBackend {
  readonly offsets: number[] = [];
  constructor(readonly total = 100_000) {
    super({ today, empty: true });
  }
  override listRequests(q: RequestListQuery): Promise<RequestPage> {
    this.offsets.push(q.offset);
    const limit = q.limit ?? 100;
    const items: RequestRow[] = [];
    for (let i = q.offset; i < Math.min(this.total, q.offset + limit); i++) {
      items.push({
        id: `DSR-2026-${String(i + 1).padStart(6, '0')}`,
        regime: 'gdpr',
        request_type: 'access',
        channel: 'email',
        status: 'received',
        received: '2026-11-20',
        due: '2026-12-21',
        safe_due: '2026-12-21',
        clock_stopped: false,
        closed_on: null,
        on_time: null,
        requester_name: `Requester ${i + 1}`,
        version: 1,
      });
    }
    return Promise.resolve({ items, total: this.total, today });
  }
}

describe('request list with 100,000 requests', () => {
  it('renders only a window of rows and fetches only the pages in view', async () => {
    const backend = new LazyBackend();
    renderWith(<RequestsScreen />, { backend });
    await waitFor(() => expect(screen.getByTestId('requests-count')).toHaveTextContent('100,000 requests'));
    await waitFor(() => expect(rows().length).toBeGreaterThan(5));
    expect(rows().length).toBeLessThan(60);
    expect(backend.offsets).toEqual([0]);
    expect(screen.getByRole('table')).toHaveAttribute('aria-rowcount', '100001');

    // Jump to the middle: the page there is fetched, the rows there rendered, still only a window.
    const body = document.querySelector<HTMLElement>('.vbody')!;
    await act(async () => {
      body.scrollTop = 50_000 * 44;
      body.dispatchEvent(new Event('scroll'));
    });
    await waitFor(() => expect(ids()).toContain('DSR-2026-050001'));
    expect(rows().length).toBeLessThan(60);
    expect(backend.offsets).toContain(Math.floor(50_000 / PAGE_SIZE) * PAGE_SIZE);
    expect(backend.offsets.length).toBeLessThanOrEqual(3);

    // The End key goes to the last request.
    const focused = rows()[0]!;
    focused.focus();
    fireEvent.keyDown(focused, { key: 'End' });
    await waitFor(() => expect(ids()).toContain('DSR-2026-100000'));
    expect(rows().length).toBeLessThan(60);
  });
});
