// The register: a virtualised table of every activity matching the filters (the backend answers the
// query; the table renders only the rows in view, so 10,000 rows stay smooth), with search, filters,
// sortable columns, an "as of" date, and the New / Import / Export actions.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Icon } from '../components/Icon';
import { useBackend } from '../api';
import type { ActivitySort, ActivitySummary, ActivityStatus, CompletenessBand, LawfulBasis, Vocabularies } from '../api/types';
import { ACTIVITY_STATUSES, COMPLETENESS_BANDS, LAWFUL_BASES } from '../api/enums';
import { useI18n, type MessageKey } from '../i18n';
import { useAsync, useDebounced } from '../lib/hooks';
import { buildQuery, DEFAULT_FILTERS, toggleSort, type RegisterFilters } from '../lib/registerQuery';
import { navigate } from '../lib/router';
import { ErrorBox, PageTitle, ScoreBadge, StatusChip } from '../components/ui';
import { VirtualTable, type VirtualColumn } from '../components/VirtualTable';
import { ExportDialog, ImportDialog } from './ImportExport';

/** Filters survive a visit to an activity and back. */
let remembered: { filters: RegisterFilters; asOf: string } = { filters: DEFAULT_FILTERS, asOf: '' };

export function resetRegisterState() {
  remembered = { filters: DEFAULT_FILTERS, asOf: '' };
}

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
  const now = today();
  const none = <span className="muted">{t('common.none')}</span>;
  const overdue = (s: ActivitySummary) => s.next_review !== null && s.next_review < now && s.status !== 'retired';
  /** A column's key, title and (when it sorts) sort button. */
  const head = (key: string, label: MessageKey, by: ActivitySort | null) => ({
    key,
    header: t(label),
    sort:
      by === null
        ? undefined
        : {
            direction: by === sort ? (descending ? 'descending' : 'ascending') : 'none',
            onSort: () => onSort(by),
            label: t('register.sortBy', { column: t(label) }),
            testId: `sort-${key}`,
          } as const,
  });
  const columns: VirtualColumn<ActivitySummary>[] = [
    { ...head('id', 'register.col.id', 'id'), className: 'c-id', cell: (s) => s.id, cellAttrs: () => ({ className: 'mono' }) },
    { ...head('name', 'register.col.name', 'name'), className: 'c-name', cell: (s) => s.name, cellAttrs: (s) => ({ title: s.name }) },
    { ...head('department', 'register.col.department', 'department'), className: 'c-dept', cell: (s) => s.department || none },
    { ...head('status', 'register.col.status', 'status'), className: 'c-status', cell: (s) => <StatusChip status={s.status} /> },
    {
      ...head('lawful_bases', 'register.col.lawfulBasis', null),
      className: 'c-basis',
      cell: (s) => (s.lawful_bases.length > 0 ? s.lawful_bases.map((b) => t(`lawfulBasis.${b}`)).join(', ') : none),
    },
    { ...head('score', 'register.col.score', 'score'), className: 'c-score', cell: (s) => <ScoreBadge score={s.score} band={s.band} /> },
    {
      ...head('next_review', 'register.col.nextReview', 'next_review'),
      className: 'c-review',
      cell: (s) => (
        <>
          {i18n.date(s.next_review)}
          {overdue(s) ? <span className="tag tag-warn">{t('register.overdue')}</span> : null}
        </>
      ),
      cellAttrs: (s) => ({ className: overdue(s) ? 'overdue' : undefined }),
    },
  ];

  return (
    <VirtualTable
      columns={columns}
      rowCount={items.length}
      getRow={(i) => items[i]}
      rowKey={(s) => s.id}
      ariaLabel={t('register.tableLabel')}
      onActivate={onOpen}
      empty={loading ? t('app.loading') : t('register.empty')}
      placeholder={t('app.loading')}
      testId="register-table"
      rowTestId="register-row"
    />
  );
}
