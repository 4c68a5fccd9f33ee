// The request list: figures at the top (request_stats), filters, and a virtualised table of every
// matching request fetched page by page as it scrolls (100,000 rows stay smooth), with selection
// checkboxes for the bulk actions "Mark identity verified" and "Close as duplicate".
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { isApiError, useBackend } from '../api';
import type { EventKind, Regime, RequestListQuery, RequestRow, RequestStats, RequestStatus, RequestType } from '../api/types';
import {
  emptyRequestListQuery,
  isClosedStatus,
  isRegime,
  isRequestStatus,
  isRequestType,
  REQUEST_REGIMES,
  REQUEST_STATUSES,
  REQUEST_TYPES,
  requestTypesFor,
} from '../api/enums';
import { useI18n, type I18n, type MessageKey } from '../i18n';
import { useAsync, useDebounced } from '../lib/hooks';
import { usePagedRequests } from '../lib/pagedRequests';
import { daysBetween } from '../lib/requestFlow';
import { href, navigate, type RequestsFocus } from '../lib/router';
import { ErrorBox, errorText, Field, FieldErrorsContext, PageTitle } from '../components/ui';
import { Dialog } from '../components/Dialog';
import { Icon } from '../components/Icon';
import { VirtualTable, type VirtualColumn } from '../components/VirtualTable';

export interface RequestFilters {
  show: 'open' | 'closed' | 'all';
  overdue: boolean;
  dueSoon: boolean;
  status: RequestStatus | '';
  regime: Regime | '';
  type: RequestType | '';
  text: string;
  sort: 'due' | 'received' | 'id';
  desc: boolean;
}

export const DEFAULT_REQUEST_FILTERS: RequestFilters = {
  show: 'open',
  overdue: false,
  dueSoon: false,
  status: '',
  regime: '',
  type: '',
  text: '',
  sort: 'due',
  desc: false,
};

/** Screen filters -> API query (offset and limit are the pager's). */
export function buildRequestQuery(f: RequestFilters): RequestListQuery {
  const text = f.text.trim();
  return {
    ...emptyRequestListQuery(),
    open: f.show === 'all' ? null : f.show === 'open',
    statuses: f.status === '' ? [] : [f.status],
    regime: f.regime === '' ? null : f.regime,
    request_type: f.type === '' ? null : f.type,
    overdue: f.overdue,
    due_within_days: f.dueSoon ? 7 : null,
    text: text === '' ? null : text,
    sort: f.sort,
    desc: f.desc,
  };
}

/** Filters survive a visit to a request and back. */
let remembered: RequestFilters = DEFAULT_REQUEST_FILTERS;

export function resetRequestsState() {
  remembered = DEFAULT_REQUEST_FILTERS;
}

const reqType = (i18n: I18n, t: string) => (isRequestType(t) ? i18n.t(`reqType.${t}`) : t);
const reqStatus = (i18n: I18n, s: string) => (isRequestStatus(s) ? i18n.t(`reqStatus.${s}`) : s);

export function RequestStatusChip({ status }: { status: string }) {
  const i18n = useI18n();
  return <span className={`chip chip-req chip-req-${status}`}>{reqStatus(i18n, status)}</span>;
}

/** How much time is left, coloured: overdue red, 7 days or less amber, a stopped clock "paused". */
export function DaysLeft({ row, today }: { row: Pick<RequestRow, 'due' | 'clock_stopped' | 'closed_on' | 'on_time' | 'status'>; today: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  if (row.closed_on !== null || isClosedStatus(row.status)) {
    return (
      <span className="days days-closed">
        {t('requests.closed')}
        {row.on_time !== null ? <span className={`tag ${row.on_time ? 'tag-ok' : 'tag-danger'}`}>{t(row.on_time ? 'requests.onTime' : 'requests.late')}</span> : null}
      </span>
    );
  }
  if (row.clock_stopped) {
    return (
      <span className="days days-paused" title={t('requests.pausedTitle')}>
        <span className="chip chip-paused">{t('requests.paused')}</span>
        <span className="visually-hidden"> {t('requests.pausedTitle')}</span>
      </span>
    );
  }
  const d = daysBetween(today, row.due);
  if (d < 0) return <span className="days days-overdue">{i18n.tp('requests.days.overdue', -d)}</span>;
  if (d === 0) return <span className="days days-soon">{t('requests.days.today')}</span>;
  return <span className={`days${d <= 7 ? ' days-soon' : ''}`}>{i18n.tp('requests.days.left', d)}</span>;
}

/** The filters a link asks for (the dashboard's "overdue" tile), else those of the last visit. */
export function initialRequestFilters(focus: RequestsFocus | undefined, last: RequestFilters): RequestFilters {
  if (focus === undefined) return last;
  return { ...DEFAULT_REQUEST_FILTERS, show: 'open', overdue: focus === 'overdue', dueSoon: focus === 'due-soon' };
}

export function RequestsScreen({ focus }: { focus?: RequestsFocus } = {}) {
  const backend = useBackend();
  const i18n = useI18n();
  const { t } = i18n;
  const [filters, setFilters] = useState<RequestFilters>(() => initialRequestFilters(focus, remembered));
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [bulk, setBulk] = useState<'verify' | 'duplicate' | null>(null);
  const [announce, setAnnounce] = useState('');
  const [statsKey, setStatsKey] = useState(0);
  useEffect(() => {
    remembered = filters;
  }, [filters]);

  const text = useDebounced(filters.text, 250);
  const query = useMemo(() => buildRequestQuery({ ...filters, text }), [filters, text]);
  const rows = usePagedRequests(backend, query);
  const [stats, reloadStats] = useAsync<RequestStats>(() => backend.requestStats(), [backend, statsKey]);

  const set = <K extends keyof RequestFilters>(k: K, v: RequestFilters[K]) => setFilters((f) => ({ ...f, [k]: v }));
  const filtered = JSON.stringify({ ...filters, sort: 'due', desc: false }) !== JSON.stringify(DEFAULT_REQUEST_FILTERS);
  const types = filters.regime === '' ? REQUEST_TYPES : requestTypesFor(filters.regime);

  const toggle = useCallback((id: string, on: boolean) => {
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);

  const done = (count: number) => {
    setBulk(null);
    setSelected(new Set());
    setAnnounce(i18n.tp('requests.bulk.done', count));
    rows.reload();
    setStatsKey((k) => k + 1);
  };

  return (
    <>
      <PageTitle
        actions={
          <>
            <button type="button" className="btn btn-primary" onClick={() => navigate({ name: 'request-new' })} data-testid="new-request">
              <Icon name="plus" />
              {t('requests.new')}
            </button>
            <a className="btn" href={href({ name: 'deadlines' })}>
              {t('requests.deadlines')}
            </a>
          </>
        }
      >
        {t('requests.title')}
      </PageTitle>

      {stats.state === 'error' ? <ErrorBox error={stats.error} onRetry={reloadStats} /> : null}
      <StatsCards
        stats={stats.data}
        onOverdue={() => setFilters((f) => ({ ...f, show: 'open', overdue: true, dueSoon: false }))}
        onDueSoon={() => setFilters((f) => ({ ...f, show: 'open', dueSoon: true, overdue: false }))}
      />

      <form className="toolbar card" role="search" aria-label={t('requests.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="field field-search">
          <label htmlFor="req-search">{t('requests.search')}</label>
          <input
            id="req-search"
            type="search"
            value={filters.text}
            placeholder={t('requests.searchPlaceholder')}
            onChange={(e) => set('text', e.currentTarget.value)}
            data-testid="requests-search"
          />
        </div>
        <div className="field">
          <label htmlFor="req-show">{t('requests.show')}</label>
          <select id="req-show" value={filters.show} onChange={(e) => set('show', e.currentTarget.value as RequestFilters['show'])} data-testid="requests-show">
            {(['open', 'closed', 'all'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`requests.show.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="req-status">{t('requests.status')}</label>
          <select
            id="req-status"
            value={filters.status}
            onChange={(e) => set('status', e.currentTarget.value as RequestStatus | '')}
            data-testid="requests-status"
          >
            <option value="">{t('common.all')}</option>
            {REQUEST_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`reqStatus.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="req-regime">{t('requests.regime')}</label>
          <select
            id="req-regime"
            value={filters.regime}
            onChange={(e) => {
              const v = e.currentTarget.value;
              const regime = isRegime(v) ? v : '';
              setFilters((f) => ({ ...f, regime, type: regime !== '' && f.type !== '' && !requestTypesFor(regime).includes(f.type) ? '' : f.type }));
            }}
            data-testid="requests-regime"
          >
            <option value="">{t('common.all')}</option>
            {REQUEST_REGIMES.map((r) => (
              <option key={r} value={r}>
                {t(`deadline.regime.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="req-type">{t('requests.type')}</label>
          <select id="req-type" value={filters.type} onChange={(e) => set('type', e.currentTarget.value as RequestType | '')} data-testid="requests-type">
            <option value="">{t('common.all')}</option>
            {types.map((ty) => (
              <option key={ty} value={ty}>
                {t(`reqType.${ty}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="toolbar-checks">
          <label className="check" htmlFor="req-overdue">
            <input id="req-overdue" type="checkbox" checked={filters.overdue} onChange={(e) => set('overdue', e.currentTarget.checked)} data-testid="requests-overdue" />
            <span>{t('requests.overdueOnly')}</span>
          </label>
          <label className="check" htmlFor="req-soon">
            <input id="req-soon" type="checkbox" checked={filters.dueSoon} onChange={(e) => set('dueSoon', e.currentTarget.checked)} data-testid="requests-due-soon" />
            <span>{t('requests.dueSoonOnly')}</span>
          </label>
        </div>
        {filtered ? (
          <button type="button" className="btn btn-ghost toolbar-clear" onClick={() => setFilters({ ...DEFAULT_REQUEST_FILTERS, sort: filters.sort, desc: filters.desc })}>
            {t('requests.clearFilters')}
          </button>
        ) : null}
      </form>

      {rows.error !== null ? <ErrorBox error={rows.error} onRetry={rows.reload} /> : null}

      <div className="list-bar">
        <p className="result-count" role="status" aria-live="polite" data-testid="requests-count">
          {rows.total !== null ? i18n.tp('requests.count', rows.total) : t('app.loading')}
          {rows.loading && rows.total !== null ? <span className="spinner spinner-inline" aria-hidden="true" /> : null}
        </p>
        <div className="bulk-bar" role="group" aria-label={t('requests.bulk.label')} data-testid="bulk-bar">
          <span className="bulk-count" data-testid="bulk-count">
            {i18n.tp('requests.selected', selected.size)}
          </span>
          <button type="button" className="btn btn-small" disabled={selected.size === 0} onClick={() => setBulk('verify')} data-testid="bulk-verify">
            {t('requests.bulk.verify')}
          </button>
          <button type="button" className="btn btn-small" disabled={selected.size === 0} onClick={() => setBulk('duplicate')} data-testid="bulk-duplicate">
            {t('requests.bulk.duplicate')}
          </button>
          {selected.size > 0 ? (
            <button type="button" className="btn btn-small btn-ghost" onClick={() => setSelected(new Set())}>
              {t('requests.bulk.clear')}
            </button>
          ) : null}
        </div>
      </div>
      <p className="visually-hidden" role="status" aria-live="polite" data-testid="requests-announce">
        {announce}
      </p>

      <RequestTable
        total={rows.total ?? 0}
        row={rows.row}
        loaded={rows.loaded}
        ensure={rows.ensure}
        today={rows.today ?? ''}
        loading={rows.total === null}
        filtered={filtered}
        sort={filters.sort}
        desc={filters.desc}
        onSort={(s) => setFilters((f) => (f.sort === s ? { ...f, desc: !f.desc } : { ...f, sort: s, desc: false }))}
        selected={selected}
        onToggle={toggle}
        onSelectAll={(ids, on) => setSelected(on ? new Set(ids) : new Set())}
        onOpen={(r) => navigate({ name: 'request', id: r.id })}
      />

      {bulk !== null ? (
        <BulkDialog
          kind={bulk}
          ids={[...selected].sort()}
          today={rows.today ?? new Date().toISOString().slice(0, 10)}
          onClose={() => setBulk(null)}
          onDone={done}
        />
      ) : null}
    </>
  );
}

function StatsCards({ stats, onOverdue, onDueSoon }: { stats: RequestStats | null; onOverdue: () => void; onDueSoon: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const n = (v: number | undefined) => (v === undefined ? '…' : i18n.number(v));
  const rate =
    stats === null || stats.closed_in_window === 0 ? null : Math.round((stats.closed_on_time_in_window / stats.closed_in_window) * 100);
  const median = stats?.median_days_to_close ?? null;
  return (
    <section className="req-kpis" aria-label={t('requests.stats.label')} data-testid="request-stats">
      <div className="kpi card">
        <span className="kpi-value" data-testid="stat-open">{n(stats?.open)}</span>
        <span className="kpi-label">{t('requests.stats.open')}</span>
        {stats && stats.clock_stopped > 0 ? <span className="kpi-sub">{i18n.tp('requests.stats.paused', stats.clock_stopped)}</span> : null}
      </div>
      <button
        type="button"
        className={`kpi card kpi-button${stats && stats.overdue > 0 ? ' kpi-danger' : ''}`}
        onClick={onOverdue}
        aria-label={`${n(stats?.overdue)} ${t('requests.stats.overdue')}. ${t('requests.stats.showOverdue')}`}
        data-testid="stat-overdue-button"
      >
        <span className="kpi-value" data-testid="stat-overdue">{n(stats?.overdue)}</span>
        <span className="kpi-label">{t('requests.stats.overdue')}</span>
      </button>
      <button
        type="button"
        className={`kpi card kpi-button${stats && stats.due_within_7_days > 0 ? ' kpi-warn' : ''}`}
        onClick={onDueSoon}
        aria-label={`${n(stats?.due_within_7_days)} ${t('requests.stats.dueSoon')}. ${t('requests.stats.showDueSoon')}`}
        data-testid="stat-due-soon-button"
      >
        <span className="kpi-value" data-testid="stat-due-soon">{n(stats?.due_within_7_days)}</span>
        <span className="kpi-label">{t('requests.stats.dueSoon')}</span>
      </button>
      <div className="kpi card">
        <span className="kpi-value" data-testid="stat-on-time">
          {rate === null ? t('common.none') : `${i18n.number(rate)} %`}
        </span>
        <span className="kpi-label">{t('requests.stats.onTime')}</span>
        <span className="kpi-sub">
          {stats === null || stats.closed_in_window === 0
            ? t('requests.stats.noneClosed')
            : t('requests.stats.onTimeDetail', { onTime: i18n.number(stats.closed_on_time_in_window), closed: i18n.number(stats.closed_in_window) })}
        </span>
      </div>
      <div className="kpi card">
        <span className="kpi-value" data-testid="stat-median">
          {median === null ? t('common.none') : i18n.number(median)}
        </span>
        <span className="kpi-label">{t('requests.stats.median')}</span>
      </div>
    </section>
  );
}

export function RequestTable({
  total,
  row,
  loaded,
  ensure,
  today,
  loading,
  filtered,
  sort,
  desc,
  onSort,
  selected,
  onToggle,
  onSelectAll,
  onOpen,
}: {
  total: number;
  row: (index: number) => RequestRow | undefined;
  loaded: () => RequestRow[];
  ensure: (start: number, end: number) => void;
  today: string;
  loading: boolean;
  filtered: boolean;
  sort: RequestFilters['sort'];
  desc: boolean;
  onSort: (s: RequestFilters['sort']) => void;
  selected: ReadonlySet<string>;
  onToggle: (id: string, on: boolean) => void;
  onSelectAll: (ids: string[], on: boolean) => void;
  onOpen: (r: RequestRow) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  /** A column's key, title and (when it sorts) sort button. */
  const head = (key: string, label: MessageKey, by: RequestFilters['sort'] | null) => ({
    key,
    header: t(label),
    sort:
      by === null
        ? undefined
        : {
            direction: by === sort ? (desc ? 'descending' : 'ascending') : 'none',
            onSort: () => onSort(by),
            label: t('requests.sortBy', { column: t(label) }),
            testId: `req-sort-${key}`,
          } as const,
  });
  const columns: VirtualColumn<RequestRow>[] = [
    { ...head('id', 'requests.col.id', 'id'), className: 'c-id', cell: (r) => r.id, cellAttrs: () => ({ className: 'mono' }) },
    {
      ...head('type', 'requests.col.type', null),
      className: 'c-type',
      cell: (r) => reqType(i18n, r.request_type),
      cellAttrs: (r) => ({ title: reqType(i18n, r.request_type) }),
    },
    { ...head('status', 'requests.col.status', null), className: 'c-status', cell: (r) => <RequestStatusChip status={r.status} /> },
    { ...head('received', 'requests.col.received', 'received'), className: 'c-date', cell: (r) => i18n.date(r.received) },
    { ...head('due', 'requests.col.due', 'due'), className: 'c-date', cell: (r) => i18n.date(r.due) },
    {
      ...head('days', 'requests.col.daysLeft', null),
      className: 'c-days',
      cell: (r) => <DaysLeft row={r} today={today} />,
      cellAttrs: () => ({ testId: 'days-left' }),
    },
    {
      ...head('requester', 'requests.col.requester', null),
      className: 'c-requester',
      cell: (r) => r.requester_name || <span className="muted">{t('common.none')}</span>,
      cellAttrs: (r) => ({ title: r.requester_name }),
    },
  ];

  return (
    <VirtualTable
      columns={columns}
      rowCount={total}
      getRow={row}
      rowKey={(r) => r.id}
      ariaLabel={t('requests.tableLabel')}
      description={t('requests.tableHelp')}
      onRangeChange={ensure}
      onActivate={onOpen}
      selection={{
        isSelected: (r) => selected.has(r.id),
        onToggle: (r, on) => onToggle(r.id, on),
        rowLabel: (r) => t('requests.selectRow', { id: r.id }),
        allLabel: t('requests.selectAll'),
        selectable: loaded(),
        onSelectAll: (rows, on) => onSelectAll(rows.map((r) => r.id), on),
      }}
      empty={loading ? t('app.loading') : filtered ? t('requests.empty') : t('requests.emptyAll')}
      placeholder={t('requests.loadingRow')}
      className="req-table"
      testId="requests-table"
      rowTestId="request-row"
    />
  );
}

/** The event a bulk action adds to every selected request: all of them or none. */
function BulkDialog({
  kind,
  ids,
  today,
  onClose,
  onDone,
}: {
  kind: 'verify' | 'duplicate';
  ids: string[];
  today: string;
  onClose: () => void;
  onDone: (count: number) => void;
}) {
  const backend = useBackend();
  const i18n = useI18n();
  const { t } = i18n;
  const [date, setDate] = useState(today);
  const [of, setOf] = useState('');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const errors = useMemo(
    () =>
      new Map(
        missing ? [['bulk-duplicate-of', [{ field: 'bulk-duplicate-of', code: 'required' as const, message: t('requests.bulk.duplicateOfRequired') }]]] : [],
      ),
    [missing, t],
  );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const original = of.trim();
    if (kind === 'duplicate' && original === '') {
      setMissing(true);
      document.getElementById('f-bulk-duplicate-of')?.focus();
      return;
    }
    setMissing(false);
    setFailure(null);
    setBusy(true);
    const event: { kind: EventKind; date: string; note: string } =
      kind === 'verify'
        ? { kind: 'identity-received', date, note: '' }
        : { kind: 'refused', date, note: t('requests.bulk.duplicateNote', { id: original }) };
    try {
      const views = await backend.bulkRequestEvent(ids, event);
      onDone(views.length);
    } catch (err) {
      setFailure(err);
      setBusy(false);
    }
  };

  const title = t(kind === 'verify' ? 'requests.bulk.verify' : 'requests.bulk.duplicate');
  const list = ids.join(', ');
  return (
    <Dialog title={title} onClose={onClose} testId="bulk-dialog">
      <FieldErrorsContext.Provider value={errors}>
        <form onSubmit={(e) => void submit(e)} noValidate data-testid="bulk-form">
          <p>{t(kind === 'verify' ? 'requests.bulk.verifyBody' : 'requests.bulk.duplicateBody', { ids: list })}</p>
          {kind === 'duplicate' ? (
            <Field name="bulk-duplicate-of" label={t('requests.bulk.duplicateOf')} help={t('requests.bulk.duplicateOfHelp')} required>
              {(p) => (
                <input
                  {...p}
                  className="mono"
                  value={of}
                  onChange={(e) => setOf(e.currentTarget.value)}
                  placeholder="DSR-2026-0001"
                  autoComplete="off"
                  aria-required="true"
                  data-autofocus
                  data-testid="bulk-duplicate-of"
                />
              )}
            </Field>
          ) : null}
          <Field name="bulk-date" label={t('requests.bulk.date')}>
            {(p) => <input {...p} type="date" value={date} max={today} onChange={(e) => setDate(e.currentTarget.value)} data-testid="bulk-date" />}
          </Field>
          {failure !== null ? (
            <div className="callout callout-error" role="alert" data-testid="bulk-error">
              <p>{isApiError(failure) && failure.code === 'conflict' ? t('request.refused', { message: failure.message }) : errorText(i18n, failure)}</p>
            </div>
          ) : null}
          <div className="dialog-foot dialog-foot-inline">
            <button type="button" className="btn" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <button type="submit" className={`btn ${kind === 'duplicate' ? 'btn-danger' : 'btn-primary'}`} disabled={busy} data-testid="bulk-apply">
              {busy ? t('requests.bulk.applying') : t('requests.bulk.apply')}
            </button>
          </div>
        </form>
      </FieldErrorsContext.Provider>
    </Dialog>
  );
}
