// The virtualised table of the register and the request list: only the rows in view (and a few either
// side) are in the DOM, so 100,000 rows stay smooth. ARIA table roles, sortable column headers, one
// tab stop that the arrow keys / PageUp / PageDown / Home / End move, Enter (or a click) to open a row,
// optional selection checkboxes, and placeholder rows while the screen is still fetching a page.
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';

export const ROW_HEIGHT = 44;
export const OVERSCAN = 12;

type SortDirection = 'ascending' | 'descending' | 'none';

/** Extra attributes of a body cell: a class beside the column's, a tooltip, a test id. */
export interface CellAttrs {
  className?: string;
  title?: string;
  testId?: string;
}

export interface VirtualColumn<T> {
  key: string;
  /** The column title (inside the sort button when the column sorts). */
  header: ReactNode;
  /** The content of this column's cell in a row. */
  cell: (row: T, index: number) => ReactNode;
  /** Class of the header and body cells (beside "vcell"), e.g. the one that sets the column's width. */
  className?: string;
  /** A CSS grid track for the column ("92px", "minmax(120px, 1fr)"); without any, the stylesheet decides. */
  width?: string;
  cellAttrs?: (row: T) => CellAttrs;
  /** Makes the header a sort button. */
  sort?: { direction: SortDirection; onSort: () => void; label: string; testId?: string };
}

export interface VirtualSelection<T> {
  isSelected: (row: T) => boolean;
  onToggle: (row: T, on: boolean) => void;
  /** The accessible name of a row's checkbox. */
  rowLabel: (row: T) => string;
  /** The accessible name of the checkbox in the header. */
  allLabel: string;
  /** The rows the header checkbox selects or clears (those fetched so far); none disables it. */
  selectable: readonly T[];
  onSelectAll: (rows: readonly T[], on: boolean) => void;
}

export interface VirtualTableProps<T> {
  columns: readonly VirtualColumn<T>[];
  rowCount: number;
  /** The row at an index, or undefined while it is being fetched (a placeholder row is shown). */
  getRow: (index: number) => T | undefined;
  /** A stable key for a row; also its data-id. */
  rowKey: (row: T) => string;
  ariaLabel: string;
  /** A longer description for screen readers (keyboard help), referenced by aria-describedby. */
  description?: string;
  /** Called after rendering with the rows the table shows: the window in view with the overscan, and the
   *  row holding the tab stop when it lies outside. Called again when the callback itself changes. */
  onRangeChange?: (first: number, last: number) => void;
  /** Enter or a click on a row (and Space when there is no selection). */
  onActivate?: (row: T, index: number) => void;
  /** Checkboxes in a first column; Space on a row toggles it. */
  selection?: VirtualSelection<T>;
  /** What the body says when there are no rows. */
  empty: ReactNode;
  /** What a placeholder row says while its row is fetched. */
  placeholder: ReactNode;
  rowHeight?: number;
  overscan?: number;
  /** Extra classes of the table element. */
  className?: string;
  testId?: string;
  /** data-testid of a body row; a placeholder row gets it with "-loading" appended. */
  rowTestId?: string;
}

const classes = (...names: (string | false | undefined)[]) => names.filter(Boolean).join(' ');

export function VirtualTable<T>({
  columns,
  rowCount,
  getRow,
  rowKey,
  ariaLabel,
  description,
  onRangeChange,
  onActivate,
  selection,
  empty,
  placeholder,
  rowHeight = ROW_HEIGHT,
  overscan = OVERSCAN,
  className,
  testId,
  rowTestId,
}: VirtualTableProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const descriptionId = useId();
  const [active, setActive] = useState(0);
  /** The row to focus once it is rendered (after a key moved the active row). */
  const focusPending = useRef<number | null>(null);
  const activeIndex = Math.min(active, Math.max(0, rowCount - 1));

  const rangeExtractor = useCallback(
    (range: Range) => {
      const r = defaultRangeExtractor(range);
      // The row that holds the tab stop is always rendered, so Tab can always reach the table.
      if (rowCount > 0 && !r.includes(activeIndex)) {
        r.push(activeIndex);
        r.sort((a, b) => a - b);
      }
      return r;
    },
    [activeIndex, rowCount],
  );

  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan,
    rangeExtractor,
    initialRect: { width: 1000, height: 600 },
  });

  // (getVirtualItems first: it is what brings virtualizer.range up to date.)
  const items = virtualizer.getVirtualItems();
  // The window in view with the overscan, for the screen to fetch the rows it needs.
  const first = Math.max(0, (virtualizer.range?.startIndex ?? 0) - overscan);
  const last = Math.min(rowCount - 1, (virtualizer.range?.endIndex ?? 0) + overscan);
  useEffect(() => {
    if (rowCount === 0 || !onRangeChange) return;
    onRangeChange(first, last);
    if (activeIndex < first || activeIndex > last) onRangeChange(activeIndex, activeIndex);
  }, [first, last, activeIndex, rowCount, onRangeChange]);

  useEffect(() => {
    // Only the row asked for, once it is there: a render in between (the scroll, rows arriving) must
    // neither take the focus elsewhere nor drop the request.
    const pending = focusPending.current;
    if (pending === null || pending !== activeIndex) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${pending}"]`);
    if (!row) return;
    focusPending.current = null;
    row.focus({ preventScroll: true });
  });

  const moveTo = (i: number) => {
    const next = Math.max(0, Math.min(rowCount - 1, i));
    setActive(next);
    focusPending.current = next;
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>, index: number, row: T | undefined) => {
    if (e.target !== e.currentTarget) return; // a control inside the row handles its own keys
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / rowHeight) - 1);
    const activate = () => row !== undefined && onActivate?.(row, index);
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(index + 1),
      ArrowUp: () => moveTo(index - 1),
      PageDown: () => moveTo(index + page),
      PageUp: () => moveTo(index - page),
      Home: () => moveTo(0),
      End: () => moveTo(rowCount - 1),
      Enter: activate,
      ' ': selection ? () => row !== undefined && selection.onToggle(row, !selection.isSelected(row)) : activate,
    };
    const f = keys[e.key];
    if (f) {
      e.preventDefault();
      f();
    }
  };

  const selectable = selection?.selectable ?? [];
  const allSelected = selection !== undefined && selectable.length > 0 && selectable.every((r) => selection.isSelected(r));
  const someSelected = selection !== undefined && selectable.some((r) => selection.isSelected(r));
  const selectAllRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (selectAllRef.current) selectAllRef.current.indeterminate = someSelected && !allSelected;
  }, [someSelected, allSelected]);

  // Column widths given here win over the stylesheet's (the checkbox column is 44px).
  const tracks = columns.some((c) => c.width !== undefined)
    ? [...(selection ? ['44px'] : []), ...columns.map((c) => c.width ?? 'minmax(0, 1fr)')].join(' ')
    : undefined;

  return (
    <div
      className={classes('vtable card', className)}
      role="table"
      aria-label={ariaLabel}
      aria-describedby={description !== undefined ? descriptionId : undefined}
      aria-rowcount={rowCount + 1}
      data-testid={testId}
    >
      {description !== undefined ? (
        <p id={descriptionId} className="visually-hidden">
          {description}
        </p>
      ) : null}
      <div role="rowgroup" className="vhead">
        <div role="row" aria-rowindex={1} className="vrow" style={{ gridTemplateColumns: tracks }}>
          {selection ? (
            <div role="columnheader" className="vcell c-check">
              <input
                ref={selectAllRef}
                type="checkbox"
                checked={allSelected}
                onChange={(e) => selection.onSelectAll(selectable, e.currentTarget.checked)}
                aria-label={selection.allLabel}
                disabled={selectable.length === 0}
                data-testid="select-all"
              />
            </div>
          ) : null}
          {columns.map((c) => (
            <div key={c.key} role="columnheader" aria-sort={c.sort?.direction} className={classes('vcell', c.className)}>
              {c.sort === undefined ? (
                <span className="vhead-label">{c.header}</span>
              ) : (
                <SortButton {...c.sort}>{c.header}</SortButton>
              )}
            </div>
          ))}
        </div>
      </div>
      <div role="rowgroup" className="vbody" ref={scrollRef}>
        {rowCount === 0 ? (
          <div role="row" className="vrow vrow-empty">
            <div role="cell" className="vcell">
              {empty}
            </div>
          </div>
        ) : (
          <div className="vspacer" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((v) => {
              const row = getRow(v.index);
              const common = {
                role: 'row',
                'aria-rowindex': v.index + 2,
                'data-index': v.index,
                tabIndex: v.index === activeIndex ? 0 : -1,
                style: { transform: `translateY(${v.start}px)`, height: rowHeight, gridTemplateColumns: tracks },
                onFocus: () => setActive(v.index),
                onKeyDown: (e: KeyboardEvent<HTMLDivElement>) => onKeyDown(e, v.index, row),
              } as const;
              if (row === undefined) {
                return (
                  <div
                    key={`loading-${v.index}`}
                    {...common}
                    className="vrow vrow-body vrow-loading"
                    data-testid={rowTestId !== undefined ? `${rowTestId}-loading` : undefined}
                  >
                    {selection ? <div role="cell" className="vcell c-check" /> : null}
                    <div role="cell" className="vcell muted">
                      {placeholder}
                    </div>
                  </div>
                );
              }
              const key = rowKey(row);
              const isSelected = selection?.isSelected(row) ?? false;
              return (
                <div
                  key={key}
                  {...common}
                  aria-selected={selection ? isSelected : undefined}
                  data-testid={rowTestId}
                  data-id={key}
                  className={classes('vrow vrow-body', v.index % 2 === 1 && 'odd', isSelected && 'selected')}
                  onClick={() => {
                    setActive(v.index);
                    onActivate?.(row, v.index);
                  }}
                >
                  {selection ? (
                    <div role="cell" className="vcell c-check" onClick={(e) => e.stopPropagation()}>
                      <input
                        type="checkbox"
                        tabIndex={-1}
                        checked={isSelected}
                        onChange={(e) => selection.onToggle(row, e.currentTarget.checked)}
                        aria-label={selection.rowLabel(row)}
                        data-testid="row-select"
                      />
                    </div>
                  ) : null}
                  {columns.map((c) => {
                    const attrs = c.cellAttrs?.(row);
                    return (
                      <div
                        key={c.key}
                        role="cell"
                        className={classes('vcell', c.className, attrs?.className)}
                        title={attrs?.title}
                        data-testid={attrs?.testId}
                      >
                        {c.cell(row, v.index)}
                      </div>
                    );
                  })}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}

/** A column header's sort button: the title and an arrow saying the direction. */
function SortButton({
  direction,
  onSort,
  label,
  testId,
  children,
}: {
  direction: SortDirection;
  onSort: () => void;
  label: string;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <button type="button" className={`sort-btn${direction !== 'none' ? ' sorted' : ''}`} onClick={onSort} aria-label={label} data-testid={testId}>
      {children}
      <span className="sort-arrow" aria-hidden="true">
        {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : '↕'}
      </span>
    </button>
  );
}
