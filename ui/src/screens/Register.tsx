// The register: a virtualised table of every activity matching the filters (the backend answers the
// query; the table renders only the rows in view, so 10,000 rows stay smooth), with search, filters,
// sortable columns, an "as of" date, and the New / Import / Export actions.
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Icon } from '../components/Icon';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useBackend } from '../api';
import type { ActivitySort, ActivitySummary, ActivityStatus, CompletenessBand, LawfulBasis, Vocabularies } from '../api/types';
import { ACTIVITY_STATUSES, COMPLETENESS_BANDS, LAWFUL_BASES } from '../api/enums';
import { useI18n, type MessageKey } from '../i18n';
import { useAsync, useDebounced } from '../lib/hooks';
import { buildQuery, DEFAULT_FILTERS, toggleSort, type RegisterFilters } from '../lib/registerQuery';
import { navigate } from '../lib/router';
import { ErrorBox, PageTitle, ScoreBadge, StatusChip } from '../components/ui';
import { ExportDialog, ImportDialog } from './ImportExport';

const ROW_HEIGHT = 44;

/** Filters survive a visit to an activity and back. */
let remembered: { filters: RegisterFilters; asOf: string } = { filters: DEFAULT_FILTERS, asOf: '' };

export function resetRegisterState() {
  remembered = { filters: DEFAULT_FILTERS, asOf: '' };
}

interface Column {
  key: string;
  label: MessageKey;
  sort: ActivitySort | null;
  className: string;
}

const COLUMNS: Column[] = [
  { key: 'id', label: 'register.col.id', sort: 'id', className: 'c-id' },
  { key: 'name', label: 'register.col.name', sort: 'name', className: 'c-name' },
  { key: 'department', label: 'register.col.department', sort: 'department', className: 'c-dept' },
  { key: 'status', label: 'register.col.status', sort: 'status', className: 'c-status' },
  { key: 'lawful_bases', label: 'register.col.lawfulBasis', sort: null, className: 'c-basis' },
  { key: 'score', label: 'register.col.score', sort: 'score', className: 'c-score' },
  { key: 'next_review', label: 'register.col.nextReview', sort: 'next_review', className: 'c-review' },
];

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function RegisterScreen() {
  const backend = useBackend();
  const i18n = useI18n();
  const { t } = i18n;
  const [filters, setFilters] = useState<RegisterFilters>(remembered.filters);
  const [asOf, setAsOf] = useState<string>(remembered.asOf);
  const [dialog, setDialog] = useState<'import' | 'export' | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  useEffect(() => {
    remembered = { filters, asOf };
  }, [filters, asOf]);

  const search = useDebounced(filters.search, 250);
  const query = useMemo(() => buildQuery({ ...filters, search }), [filters, search]);
  const queryKey = JSON.stringify(query);
  const validAsOf = /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? asOf : null;
  const [page, reload] = useAsync(() => backend.listActivities(query, validAsOf), [backend, queryKey, validAsOf, reloadKey]);
  const [vocab] = useAsync<Vocabularies | null>(() => backend.getVocabularies(), [backend, reloadKey]);

  const set = <K extends keyof RegisterFilters>(k: K, v: RegisterFilters[K]) => setFilters((f) => ({ ...f, [k]: v }));
  const items = page.data?.items ?? [];
  const filtered =
    filters.search !== '' || filters.department !== '' || filters.lawfulBasis !== '' || filters.status !== '' || filters.band !== '';

  const open = useCallback(
    (s: ActivitySummary) => navigate({ name: 'activity', id: s.id, asOf: validAsOf, tab: 'details' }),
    [validAsOf],
  );

  return (
    <>
      <PageTitle
        actions={
          <>
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => navigate({ name: 'new' })}
              disabled={validAsOf !== null}
              data-testid="new-activity"
            >
              <Icon name="plus" />
              {t('register.new')}
            </button>
            <button type="button" className="btn" onClick={() => setDialog('import')} disabled={validAsOf !== null}>
              {t('register.import')}
            </button>
            <button type="button" className="btn" onClick={() => setDialog('export')}>
              {t('register.export')}
            </button>
          </>
        }
      >
        {t('register.title')}
      </PageTitle>

      <form className="toolbar card" role="search" aria-label={t('register.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="field field-search">
          <label htmlFor="reg-search">{t('register.search')}</label>
          <input
            id="reg-search"
            type="search"
            value={filters.search}
            placeholder={t('register.searchPlaceholder')}
            onChange={(e) => set('search', e.currentTarget.value)}
            data-testid="register-search"
          />
        </div>
        <div className="field">
          <label htmlFor="reg-dept">{t('register.department')}</label>
          <select id="reg-dept" value={filters.department} onChange={(e) => set('department', e.currentTarget.value)}>
            <option value="">{t('common.all')}</option>
            {(vocab.data?.departments ?? []).map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="reg-basis">{t('register.lawfulBasis')}</label>
          <select
            id="reg-basis"
            value={filters.lawfulBasis}
            onChange={(e) => set('lawfulBasis', e.currentTarget.value as LawfulBasis | '')}
          >
            <option value="">{t('common.all')}</option>
            {LAWFUL_BASES.map((b) => (
              <option key={b} value={b}>
                {t(`lawfulBasis.${b}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="reg-status">{t('register.status')}</label>
          <select id="reg-status" value={filters.status} onChange={(e) => set('status', e.currentTarget.value as ActivityStatus | '')}>
            <option value="">{t('common.all')}</option>
            {ACTIVITY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="reg-band">{t('register.band')}</label>
          <select id="reg-band" value={filters.band} onChange={(e) => set('band', e.currentTarget.value as CompletenessBand | '')}>
            <option value="">{t('common.all')}</option>
            {COMPLETENESS_BANDS.map((b) => (
              <option key={b} value={b}>
                {t(`band.${b}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="reg-asof">{t('register.asOf')}</label>
          <input
            id="reg-asof"
            type="date"
            value={asOf}
            max={today()}
            onChange={(e) => setAsOf(e.currentTarget.value)}
            aria-describedby="reg-asof-help"
            data-testid="register-asof"
          />
          <span id="reg-asof-help" className="visually-hidden">
            {t('register.asOfHelp')}
          </span>
        </div>
        {filtered ? (
          <button type="button" className="btn btn-ghost toolbar-clear" onClick={() => setFilters({ ...DEFAULT_FILTERS, sort: filters.sort, descending: filters.descending })}>
            {t('register.clearFilters')}
          </button>
        ) : null}
      </form>

      {validAsOf !== null ? (
        <div className="callout callout-info asof-banner" role="status">
          <span>{t('register.asOfBanner', { date: i18n.date(validAsOf) })}</span>
          <button type="button" className="btn btn-small" onClick={() => setAsOf('')}>
            {t('register.backToToday')}
          </button>
        </div>
      ) : null}

      {page.state === 'error' ? <ErrorBox error={page.error} onRetry={reload} /> : null}

      <p className="result-count" role="status" aria-live="polite" data-testid="register-count">
        {page.data ? i18n.tp('register.count', page.data.total) : t('app.loading')}
        {page.state === 'loading' && page.data ? <span className="spinner spinner-inline" aria-hidden="true" /> : null}
      </p>

      <RegisterTable
        items={items}
        sort={filters.sort}
        descending={filters.descending}
        onSort={(s) => setFilters((f) => toggleSort(f, s))}
        onOpen={open}
        loading={page.state === 'loading' && page.data === null}
      />

      {dialog === 'import' ? (
        <ImportDialog
          onClose={() => setDialog(null)}
          onImported={() => setReloadKey((k) => k + 1)}
        />
      ) : null}
      {dialog === 'export' ? <ExportDialog initialAsOf={validAsOf} onClose={() => setDialog(null)} /> : null}
    </>
  );
}

export function RegisterTable({
  items,
  sort,
  descending,
  onSort,
  onOpen,
  loading,
}: {
  items: ActivitySummary[];
  sort: ActivitySort;
  descending: boolean;
  onSort: (s: ActivitySort) => void;
  onOpen: (s: ActivitySummary) => void;
  loading?: boolean;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const focusPending = useRef(false);
  const now = today();
  const activeIndex = Math.min(active, Math.max(0, items.length - 1));

  const rangeExtractor = useCallback(
    (range: Range) => {
      const r = defaultRangeExtractor(range);
      // The row that holds the tab stop is always rendered, so Tab can always reach the table.
      if (items.length > 0 && !r.includes(activeIndex)) {
        r.push(activeIndex);
        r.sort((a, b) => a - b);
      }
      return r;
    },
    [activeIndex, items.length],
  );

  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    rangeExtractor,
    initialRect: { width: 1000, height: 600 },
  });

  useEffect(() => {
    if (!focusPending.current) return;
    focusPending.current = false;
    scrollRef.current?.querySelector<HTMLElement>(`[data-index="${activeIndex}"]`)?.focus({ preventScroll: true });
  });

  const moveTo = (i: number) => {
    const next = Math.max(0, Math.min(items.length - 1, i));
    setActive(next);
    focusPending.current = true;
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>, index: number, s: ActivitySummary) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(index + 1),
      ArrowUp: () => moveTo(index - 1),
      PageDown: () => moveTo(index + page),
      PageUp: () => moveTo(index - page),
      Home: () => moveTo(0),
      End: () => moveTo(items.length - 1),
      Enter: () => onOpen(s),
      ' ': () => onOpen(s),
    };
    const f = keys[e.key];
    if (f) {
      e.preventDefault();
      f();
    }
  };

  const ariaSort = (c: Column): 'ascending' | 'descending' | 'none' | undefined =>
    c.sort === null ? undefined : c.sort === sort ? (descending ? 'descending' : 'ascending') : 'none';

  return (
    <div className="vtable card" role="table" aria-label={t('register.tableLabel')} aria-rowcount={items.length + 1} data-testid="register-table">
      <div role="rowgroup" className="vhead">
        <div role="row" aria-rowindex={1} className="vrow">
          {COLUMNS.map((c) => (
            <div key={c.key} role="columnheader" aria-sort={ariaSort(c)} className={`vcell ${c.className}`}>
              {c.sort === null ? (
                <span className="vhead-label">{t(c.label)}</span>
              ) : (
                <button
                  type="button"
                  className={`sort-btn${c.sort === sort ? ' sorted' : ''}`}
                  onClick={() => c.sort && onSort(c.sort)}
                  aria-label={t('register.sortBy', { column: t(c.label) })}
                  data-testid={`sort-${c.key}`}
                >
                  {t(c.label)}
                  <span className="sort-arrow" aria-hidden="true">
                    {c.sort === sort ? (descending ? '▼' : '▲') : '↕'}
                  </span>
                </button>
              )}
            </div>
          ))}
        </div>
      </div>
      <div role="rowgroup" className="vbody" ref={scrollRef}>
        {items.length === 0 ? (
          <div role="row" className="vrow vrow-empty">
            <div role="cell" className="vcell">
              {loading ? t('app.loading') : t('register.empty')}
            </div>
          </div>
        ) : (
          <div className="vspacer" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((v) => {
              const s = items[v.index];
              if (!s) return null;
              const overdue = s.next_review !== null && s.next_review < now && s.status !== 'retired';
              return (
                <div
                  key={s.id}
                  role="row"
                  aria-rowindex={v.index + 2}
                  data-index={v.index}
                  data-testid="register-row"
                  data-id={s.id}
                  tabIndex={v.index === activeIndex ? 0 : -1}
                  className={`vrow vrow-body${v.index % 2 ? ' odd' : ''}`}
                  style={{ transform: `translateY(${v.start}px)`, height: ROW_HEIGHT }}
                  onClick={() => {
                    setActive(v.index);
                    onOpen(s);
                  }}
                  onFocus={() => setActive(v.index)}
                  onKeyDown={(e) => onKeyDown(e, v.index, s)}
                >
                  <div role="cell" className="vcell c-id mono">{s.id}</div>
                  <div role="cell" className="vcell c-name" title={s.name}>{s.name}</div>
                  <div role="cell" className="vcell c-dept">{s.department || <span className="muted">{t('common.none')}</span>}</div>
                  <div role="cell" className="vcell c-status"><StatusChip status={s.status} /></div>
                  <div role="cell" className="vcell c-basis">
                    {s.lawful_bases.length > 0 ? s.lawful_bases.map((b) => t(`lawfulBasis.${b}`)).join(', ') : <span className="muted">{t('common.none')}</span>}
                  </div>
                  <div role="cell" className="vcell c-score"><ScoreBadge score={s.score} band={s.band} /></div>
                  <div role="cell" className={`vcell c-review${overdue ? ' overdue' : ''}`}>
                    {i18n.date(s.next_review)}
                    {overdue ? <span className="tag tag-warn">{t('register.overdue')}</span> : null}
                  </div>
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
