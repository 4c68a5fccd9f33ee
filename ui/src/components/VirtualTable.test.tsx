// The shared virtualised table on its own: the window of rows it renders out of 100,000, the keyboard,
// placeholder rows while a page is fetched, the ranges it asks for, selection and sorting.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { ROW_HEIGHT, VirtualTable, type VirtualColumn, type VirtualTableProps } from './VirtualTable';

interface Item {
  id: string;
  name: string;
}

const TOTAL = 100_000;
const item = (i: number): Item => ({ id: `ITEM-${String(i).padStart(6, '0')}`, name: `Name ${i}` });

const COLUMNS: VirtualColumn<Item>[] = [
  { key: 'id', header: 'Id', className: 'c-id', cell: (r) => r.id, cellAttrs: () => ({ className: 'mono' }) },
  { key: 'name', header: 'Name', className: 'c-name', cell: (r, i) => `${r.name} (row ${i})`, cellAttrs: (r) => ({ title: r.name, testId: 'name-cell' }) },
];

const rows = () => screen.getAllByTestId('item-row');
const indexes = () => rows().map((r) => Number(r.getAttribute('data-index')));
const body = () => document.querySelector<HTMLElement>('.vbody')!;
/** The jsdom scroll box of src/test/setup.ts is 600px high. */
const VISIBLE = Math.ceil(600 / ROW_HEIGHT);

function table(props: Partial<VirtualTableProps<Item>> = {}) {
  return (
    <VirtualTable<Item>
      columns={COLUMNS}
      rowCount={TOTAL}
      getRow={item}
      rowKey={(r) => r.id}
      ariaLabel="Items"
      empty="No items"
      placeholder="Loading…"
      testId="items"
      rowTestId="item-row"
      {...props}
    />
  );
}

async function scrollTo(top: number) {
  await act(async () => {
    body().scrollTop = top;
    body().dispatchEvent(new Event('scroll'));
  });
}

// jsdom has no layout and no Element.scrollTo: the virtualizer's scrollToIndex would do nothing. A scroll
// box as tall as its spacer, that scrolls where it is asked, lets the tests see the table scroll to the
// active row.
const scrollCalls: number[] = [];
const realScrollHeight = Object.getOwnPropertyDescriptor(Element.prototype, 'scrollHeight')!;
beforeEach(() => {
  scrollCalls.length = 0;
  Object.defineProperty(HTMLElement.prototype, 'scrollHeight', {
    configurable: true,
    get(this: HTMLElement) {
      const spacer = this.classList.contains('vbody') ? this.querySelector<HTMLElement>('.vspacer') : null;
      return spacer ? parseFloat(spacer.style.height) : (realScrollHeight.get?.call(this) as number);
    },
  });
  HTMLElement.prototype.scrollTo = function (this: HTMLElement, opts?: ScrollToOptions | number) {
    const top = typeof opts === 'object' ? (opts.top ?? 0) : 0;
    scrollCalls.push(top);
    if (this.scrollTop === top) return;
    this.scrollTop = top;
    // As in a browser, the scroll event comes later, and only when the box moved.
    setTimeout(() => act(() => void this.dispatchEvent(new Event('scroll'))), 0);
  } as typeof HTMLElement.prototype.scrollTo;
});
afterEach(() => {
  Reflect.deleteProperty(HTMLElement.prototype, 'scrollTo');
  Reflect.deleteProperty(HTMLElement.prototype, 'scrollHeight');
});

describe('VirtualTable', () => {
  it('renders only a window of rows out of 100,000, with the ARIA table roles', async () => {
    render(table());
    const t = screen.getByRole('table', { name: 'Items' });
    expect(t).toHaveAttribute('aria-rowcount', String(TOTAL + 1));
    expect(t).toHaveClass('vtable', 'card');
    expect(t).toHaveAttribute('data-testid', 'items');
    expect(within(t).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Id', 'Name']);
    // The rows in view plus the overscan, no more; the spacer is as tall as all of them.
    expect(indexes()[0]).toBe(0);
    expect(rows().length).toBeGreaterThanOrEqual(VISIBLE);
    expect(rows().length).toBeLessThan(60);
    expect(document.querySelector<HTMLElement>('.vspacer')!.style.height).toBe(`${TOTAL * ROW_HEIGHT}px`);
    const r3 = rows()[3]!;
    expect(r3).toHaveAttribute('aria-rowindex', '5');
    expect(r3).toHaveAttribute('data-id', 'ITEM-000003');
    expect(r3).toHaveClass('vrow', 'vrow-body', 'odd');
    expect(rows()[2]).not.toHaveClass('odd');
    expect(r3.style.transform).toBe(`translateY(${3 * ROW_HEIGHT}px)`);
    expect(within(r3).getAllByRole('cell').map((c) => c.className)).toEqual(['vcell c-id mono', 'vcell c-name']);
    expect(within(r3).getByTestId('name-cell')).toHaveAttribute('title', 'Name 3');
    expect(within(r3).getByTestId('name-cell')).toHaveTextContent('Name 3 (row 3)');
    // No selection: no checkboxes, no aria-selected.
    expect(screen.queryAllByRole('checkbox')).toHaveLength(0);
    expect(r3).not.toHaveAttribute('aria-selected');

    // Scrolled to the middle: the rows there, still only a window (plus the row holding the tab stop).
    await scrollTo(50_000 * ROW_HEIGHT);
    await waitFor(() => expect(indexes()).toContain(50_000));
    expect(rows().length).toBeLessThan(60);
    expect(indexes()).toContain(0);
    expect(indexes().filter((i) => i !== 0).every((i) => i >= 50_000 - 12 && i <= 50_000 + VISIBLE + 12)).toBe(true);
    expect(screen.getByText('Name 50000 (row 50000)')).toBeInTheDocument();
  });

  it('says so when there are no rows', () => {
    render(table({ rowCount: 0 }));
    expect(screen.queryAllByTestId('item-row')).toHaveLength(0);
    const empty = document.querySelector('.vrow-empty')!;
    expect(empty).toHaveAttribute('role', 'row');
    expect(empty).toHaveTextContent('No items');
  });

  it('moves the tab stop with the arrow keys, PageUp/PageDown and Home/End, and scrolls to it', async () => {
    const onActivate = vi.fn();
    render(table({ onActivate }));
    const first = rows()[0]!;
    expect(first).toHaveAttribute('tabindex', '0');
    expect(rows().slice(1).every((r) => r.getAttribute('tabindex') === '-1')).toBe(true);
    first.focus();

    const focusedIndex = () => Number(document.activeElement?.getAttribute('data-index'));
    fireEvent.keyDown(first, { key: 'ArrowUp' });
    await waitFor(() => expect(focusedIndex()).toBe(0));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    await waitFor(() => expect(focusedIndex()).toBe(1));
    expect(screen.getAllByTestId('item-row').find((r) => r.getAttribute('data-index') === '1')).toHaveAttribute('tabindex', '0');
    expect(first).toHaveAttribute('tabindex', '-1');

    // A page is the rows that fit in the box, less one.
    const page = Math.floor(600 / ROW_HEIGHT) - 1;
    fireEvent.keyDown(document.activeElement!, { key: 'PageDown' });
    await waitFor(() => expect(focusedIndex()).toBe(1 + page));
    fireEvent.keyDown(document.activeElement!, { key: 'PageDown' });
    await waitFor(() => expect(focusedIndex()).toBe(1 + 2 * page));
    // The row is below the box: the table scrolled so it is the last one in view.
    await waitFor(() => expect(body().scrollTop).toBe((2 + 2 * page) * ROW_HEIGHT - 600));
    fireEvent.keyDown(document.activeElement!, { key: 'PageUp' });
    await waitFor(() => expect(focusedIndex()).toBe(1 + page));

    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    await waitFor(() => expect(focusedIndex()).toBe(TOTAL - 1));
    await waitFor(() => expect(body().scrollTop).toBe(TOTAL * ROW_HEIGHT - 600));
    expect(document.activeElement).toHaveAttribute('data-id', item(TOTAL - 1).id);
    expect(rows().length).toBeLessThan(60);
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    await waitFor(() => expect(focusedIndex()).toBe(TOTAL - 1));

    fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    await waitFor(() => expect(focusedIndex()).toBe(0));
    await waitFor(() => expect(body().scrollTop).toBe(0));
    expect(scrollCalls.length).toBeGreaterThan(0);

    // Enter, Space (there is no selection) and a click open the row.
    fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
    expect(onActivate).toHaveBeenLastCalledWith(item(0), 0);
    const second = rows()[1]!;
    fireEvent.keyDown(second, { key: ' ' });
    expect(onActivate).toHaveBeenLastCalledWith(item(1), 1);
    fireEvent.click(rows()[2]!);
    expect(onActivate).toHaveBeenLastCalledWith(item(2), 2);
    expect(onActivate).toHaveBeenCalledTimes(3);
    // The clicked row holds the tab stop now.
    expect(rows()[2]).toHaveAttribute('tabindex', '0');
    // Other keys are left alone.
    expect(fireEvent.keyDown(rows()[2]!, { key: 'a' })).toBe(true);
    expect(fireEvent.keyDown(rows()[2]!, { key: 'ArrowDown' })).toBe(false);
  });

  it('shows placeholder rows while getRow has nothing, and asks for the window in view', async () => {
    const loaded = new Map<number, Item>();
    const onRangeChange = vi.fn<(first: number, last: number) => void>();
    const getRow = (i: number) => loaded.get(i);
    const view = render(table({ getRow, onRangeChange }));

    // Nothing fetched yet: every rendered row is a placeholder, with no data-id and no opening.
    expect(screen.queryAllByTestId('item-row')).toHaveLength(0);
    const placeholders = screen.getAllByTestId('item-row-loading');
    expect(placeholders.length).toBeGreaterThanOrEqual(VISIBLE);
    expect(placeholders[0]).toHaveClass('vrow', 'vrow-body', 'vrow-loading');
    expect(placeholders[0]).toHaveTextContent('Loading…');
    expect(placeholders[0]).toHaveAttribute('role', 'row');
    expect(placeholders[0]).toHaveAttribute('aria-rowindex', '2');
    expect(placeholders[0]).not.toHaveAttribute('data-id');

    // The window asked for: the rows in view (0..VISIBLE-1) and twelve more below.
    expect(onRangeChange).toHaveBeenCalledWith(0, VISIBLE - 1 + 12);
    const [first, last] = onRangeChange.mock.lastCall!;

    // The screen fetches that window: the placeholders turn into rows.
    for (let i = first; i <= last; i++) loaded.set(i, item(i));
    view.rerender(table({ getRow: (i) => loaded.get(i), onRangeChange }));
    await waitFor(() => expect(rows().length).toBe(last - first + 1));
    expect(screen.queryAllByTestId('item-row-loading')).toHaveLength(0);
    expect(rows()[0]).toHaveAttribute('data-id', 'ITEM-000000');

    // Scrolled far down: a new window is asked for (with the overscan above), and the row holding the
    // tab stop, now out of view, is asked for on its own.
    onRangeChange.mockClear();
    await scrollTo(70_000 * ROW_HEIGHT);
    await waitFor(() => expect(onRangeChange).toHaveBeenCalledWith(70_000 - 12, 70_000 + VISIBLE - 1 + 12));
    expect(onRangeChange).toHaveBeenCalledWith(0, 0);
    expect(screen.getAllByTestId('item-row-loading').map((r) => Number(r.getAttribute('data-index')))).toContain(70_000);
    expect(indexes()).toEqual([0]);

    // At the end, the window stops at the last row.
    await scrollTo(TOTAL * ROW_HEIGHT);
    await waitFor(() => expect(onRangeChange).toHaveBeenLastCalledWith(0, 0));
    expect(onRangeChange).toHaveBeenCalledWith(TOTAL - VISIBLE - 12, TOTAL - 1);
  });

  it('selects rows with the checkboxes, Space, and the header checkbox', async () => {
    const onActivate = vi.fn();
    function Harness() {
      const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
      return table({
        // Only the first 20 rows have been fetched.
        getRow: (i) => (i < 20 ? item(i) : undefined),
        onActivate,
        className: 'extra',
        selection: {
          isSelected: (r) => selected.has(r.id),
          onToggle: (r, on) =>
            setSelected((s) => {
              const next = new Set(s);
              if (on) next.add(r.id);
              else next.delete(r.id);
              return next;
            }),
          rowLabel: (r) => `Select ${r.id}`,
          allLabel: 'Select all',
          selectable: Array.from({ length: 20 }, (_, i) => item(i)),
          onSelectAll: (rs, on) => setSelected(on ? new Set(rs.map((r) => r.id)) : new Set()),
        },
      });
    }
    render(<Harness />);
    expect(screen.getByRole('table')).toHaveClass('vtable', 'card', 'extra');
    const headers = screen.getAllByRole('columnheader');
    expect(headers.map((h) => h.className)).toEqual(['vcell c-check', 'vcell c-id', 'vcell c-name']);
    const all = screen.getByRole('checkbox', { name: 'Select all' });
    expect(all).not.toBeChecked();
    expect((all as HTMLInputElement).indeterminate).toBe(false);
    // A placeholder row keeps the checkbox column, empty.
    const placeholder = screen.getAllByTestId('item-row-loading')[0]!;
    expect(within(placeholder).getAllByRole('cell')[0]).toHaveClass('c-check');
    expect(within(placeholder).queryByRole('checkbox')).toBeNull();

    // A click on the checkbox selects the row without opening it.
    const r1 = rows()[1]!;
    expect(r1).toHaveAttribute('aria-selected', 'false');
    const box = within(r1).getByRole('checkbox', { name: 'Select ITEM-000001' });
    expect(box).toHaveAttribute('tabindex', '-1');
    fireEvent.click(box);
    expect(box).toBeChecked();
    expect(r1).toHaveAttribute('aria-selected', 'true');
    expect(r1).toHaveClass('selected');
    expect(onActivate).not.toHaveBeenCalled();
    expect((all as HTMLInputElement).indeterminate).toBe(true);

    // Space on a row toggles it (it does not open it); a key on the checkbox is the checkbox's.
    fireEvent.keyDown(rows()[2]!, { key: ' ' });
    expect(rows()[2]).toHaveAttribute('aria-selected', 'true');
    fireEvent.keyDown(rows()[2]!, { key: ' ' });
    expect(rows()[2]).toHaveAttribute('aria-selected', 'false');
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(rows()[0]).toHaveAttribute('tabindex', '0');
    expect(rows()[2]).toHaveAttribute('tabindex', '-1');
    expect(onActivate).not.toHaveBeenCalled();

    // The header checkbox selects every fetched row, then clears them.
    fireEvent.click(all);
    expect(all).toBeChecked();
    expect((all as HTMLInputElement).indeterminate).toBe(false);
    expect(rows().every((r) => r.getAttribute('aria-selected') === 'true')).toBe(true);
    expect(rows()).toHaveLength(20);
    fireEvent.click(all);
    expect(all).not.toBeChecked();
    expect(rows().some((r) => r.getAttribute('aria-selected') === 'true')).toBe(false);

    // Enter still opens.
    fireEvent.keyDown(rows()[4]!, { key: 'Enter' });
    expect(onActivate).toHaveBeenCalledWith(item(4), 4);
  });

  it('disables the header checkbox while nothing is fetched', () => {
    render(
      table({
        getRow: () => undefined,
        selection: {
          isSelected: () => false,
          onToggle: () => undefined,
          rowLabel: (r) => r.id,
          allLabel: 'Select all',
          selectable: [],
          onSelectAll: () => undefined,
        },
      }),
    );
    expect(screen.getByRole('checkbox', { name: 'Select all' })).toBeDisabled();
  });

  it('makes sortable headers buttons that say the direction, and takes column widths', () => {
    const onSort = vi.fn();
    render(
      table({
        columns: [
          { ...COLUMNS[0]!, width: '120px', sort: { direction: 'descending', onSort, label: 'Sort by Id', testId: 'sort-id' } },
          { ...COLUMNS[1]!, sort: { direction: 'none', onSort, label: 'Sort by Name' } },
          { key: 'plain', header: 'Plain', cell: () => '·' },
        ],
      }),
    );
    const [id, name, plain] = screen.getAllByRole('columnheader');
    expect(id).toHaveAttribute('aria-sort', 'descending');
    expect(name).toHaveAttribute('aria-sort', 'none');
    expect(plain).not.toHaveAttribute('aria-sort');
    expect(within(plain!).getByText('Plain')).toHaveClass('vhead-label');
    const byId = screen.getByRole('button', { name: 'Sort by Id' });
    expect(byId).toHaveClass('sort-btn', 'sorted');
    expect(byId).toHaveAttribute('data-testid', 'sort-id');
    expect(byId).toHaveTextContent('Id▼');
    const byName = screen.getByRole('button', { name: 'Sort by Name' });
    expect(byName).not.toHaveClass('sorted');
    expect(byName).toHaveTextContent('Name↕');
    fireEvent.click(byName);
    expect(onSort).toHaveBeenCalledTimes(1);
    // A width given: the header and body rows get the grid tracks, the others share the rest.
    const tracks = '120px minmax(0, 1fr) minmax(0, 1fr)';
    expect(id!.parentElement!.style.gridTemplateColumns).toBe(tracks);
    expect(rows()[0]!.style.gridTemplateColumns).toBe(tracks);
  });

  it('leaves the column widths to the stylesheet when none is given', () => {
    render(table());
    expect(rows()[0]!.style.gridTemplateColumns).toBe('');
    expect(screen.getAllByRole('columnheader')[0]!.parentElement!.style.gridTemplateColumns).toBe('');
  });

  it('describes itself for screen readers when given a description', () => {
    render(table({ description: 'Arrow keys move between rows.' }));
    expect(screen.getByRole('table', { name: 'Items' })).toHaveAccessibleDescription('Arrow keys move between rows.');
  });
});
