// The rule editor (new or edit): every table and column comes from the live catalogue of the chosen
// datastore, so only names that exist can be picked; the catalogue's facts (unique keys, column types)
// are checked as the user picks, and the API's own check on save (against the datastore) is shown next
// to the field it names.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useBackend } from '../../api';
import type {
  ActivityQuery,
  ActivitySummary,
  AnonColumn,
  Catalog,
  DatastoreRow,
  Filter,
  FilterOp,
  RetentionRule,
  RuleInfo,
  TableInfo,
  TimeFormat,
} from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { useI18n, type I18n } from '../../i18n';
import { useAsync } from '../../lib/hooks';
import { Loading } from '../../components/ui';
import { apiMessage } from './common';

const TIME_FORMATS: TimeFormat[] = ['auto', 'native', 'iso_text', 'epoch_seconds', 'epoch_millis'];
const FILTER_OPS: FilterOp[] = ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'is_null', 'is_not_null'];
const OP_TEXT: Record<FilterOp, string> = { eq: '=', ne: '≠', lt: '<', le: '≤', gt: '>', ge: '≥', is_null: 'IS NULL', is_not_null: 'IS NOT NULL' };
const DATE_KINDS = ['date', 'timestamp', 'timestamp_tz', 'text', 'integer'];

type FieldKey = 'name' | 'datastore' | 'activity' | 'table' | 'time_column' | 'time_format' | 'key_column' | 'filters' | 'glob' | 'period' | 'action' | 'batch_size' | 'schedule' | 'timezone';

/** Which field an API message is about (the core names the thing it refuses first). */
export function fieldOfMessage(message: string): FieldKey | null {
  const m = message.toLowerCase();
  const rules: Array<[RegExp, FieldKey]> = [
    [/^invalid rule name/, 'name'],
    [/^a retention rule named/, 'name'],
    [/^datastore '|^a rule's datastore/, 'datastore'],
    [/^activity |^a data category/, 'activity'],
    [/^table '/, 'table'],
    [/^time column/, 'time_column'],
    [/^key column/, 'key_column'],
    [/^filter column|^the filter/, 'filters'],
    [/^anonymised column|^the key column .* cannot be anonymised|^the time column .* cannot be anonymised|^anonymisation/, 'action'],
    [/glob/, 'glob'],
    [/period|fiscal year/, 'period'],
    [/batch size/, 'batch_size'],
    [/schedule/, 'schedule'],
    [/time zone/, 'timezone'],
  ];
  for (const [re, key] of rules) if (re.test(m)) return key;
  return null;
}

interface Form {
  name: string;
  description: string;
  datastore: string;
  activity: string;
  dataCategory: string;
  table: string;
  timeColumn: string;
  timeFormat: TimeFormat;
  keyColumn: string;
  filters: Filter[];
  glob: string;
  periodKind: 'elapsed' | 'after_fiscal_year_end';
  amount: string;
  unit: 'days' | 'months' | 'years';
  fyYears: string;
  fyEnd: string;
  action: 'delete' | 'anonymize' | 'delete_files';
  anonymize: AnonColumn[];
  batchSize: string;
  schedule: string;
  timezone: string;
  enabled: boolean;
}

function formOf(r: RetentionRule): Form {
  const t = r.target;
  return {
    name: r.name,
    description: r.description,
    datastore: r.datastore,
    activity: r.activity ?? '',
    dataCategory: r.data_category ?? '',
    table: t.kind === 'table' ? t.table : '',
    timeColumn: t.kind === 'table' ? t.time_column : '',
    timeFormat: t.kind === 'table' ? t.time_format : 'auto',
    keyColumn: t.kind === 'table' ? t.key_column : '',
    filters: t.kind === 'table' ? t.filters : [],
    glob: t.kind === 'folder' ? t.glob : '',
    periodKind: r.keep.kind,
    amount: r.keep.kind === 'elapsed' ? String(r.keep.amount) : '1',
    unit: r.keep.kind === 'elapsed' ? r.keep.unit : 'years',
    fyYears: r.keep.kind === 'after_fiscal_year_end' ? String(r.keep.years) : '10',
    fyEnd: r.keep.kind === 'after_fiscal_year_end' ? `${String(r.keep.fy_end_month).padStart(2, '0')}-${String(r.keep.fy_end_day).padStart(2, '0')}` : '12-31',
    action: r.action.kind,
    anonymize: r.action.kind === 'anonymize' ? r.action.columns : [],
    batchSize: String(r.batch_size),
    schedule: r.schedule ?? '',
    timezone: r.timezone,
    enabled: r.enabled,
  };
}

const emptyForm = (datastore: string, timezone: string): Form => ({
  name: '',
  description: '',
  datastore,
  activity: '',
  dataCategory: '',
  table: '',
  timeColumn: '',
  timeFormat: 'auto',
  keyColumn: '',
  filters: [],
  glob: '',
  periodKind: 'elapsed',
  amount: '',
  unit: 'years',
  fyYears: '10',
  fyEnd: '12-31',
  action: 'delete',
  anonymize: [],
  batchSize: '20000',
  schedule: '',
  timezone,
  enabled: true,
});

export const ALL_ACTIVITIES: ActivityQuery = {
  search: null,
  department: null,
  lawful_basis: null,
  status: null,
  band: null,
  sort: 'id',
  descending: false,
  offset: null,
  limit: 5000,
};

const num = (s: string) => (s.trim() === '' ? NaN : Number(s));

export function ruleOf(f: Form, folder: boolean): RetentionRule {
  const [mm = '12', dd = '31'] = f.fyEnd.split('-');
  return {
    name: f.name.trim(),
    datastore: f.datastore,
    activity: f.activity === '' ? null : f.activity,
    data_category: f.activity === '' || f.dataCategory === '' ? null : f.dataCategory,
    target: folder
      ? { kind: 'folder', glob: f.glob.trim() }
      : { kind: 'table', table: f.table, time_column: f.timeColumn, time_format: f.timeFormat, key_column: f.keyColumn, filters: f.filters },
    keep:
      f.periodKind === 'elapsed'
        ? { kind: 'elapsed', amount: num(f.amount), unit: f.unit }
        : { kind: 'after_fiscal_year_end', years: num(f.fyYears), fy_end_month: Number(mm), fy_end_day: Number(dd) },
    action: folder ? { kind: 'delete_files' } : f.action === 'anonymize' ? { kind: 'anonymize', columns: f.anonymize } : { kind: 'delete' },
    batch_size: num(f.batchSize),
    schedule: f.schedule.trim() === '' ? null : f.schedule.trim(),
    timezone: f.timezone.trim(),
    enabled: f.enabled,
    description: f.description.trim(),
  };
}

/** What the catalogue already says is wrong with the form (shown live, before saving). */
export function catalogueProblems(i18n: I18n, f: Form, table: TableInfo | undefined, catalogLoaded: boolean): Partial<Record<FieldKey, string>> {
  const out: Partial<Record<FieldKey, string>> = {};
  if (!catalogLoaded) return out;
  if (f.table !== '' && !table) out.table = i18n.t('ret.editor.noSuchTable', { table: f.table });
  if (!table) return out;
  const column = (c: string) => table.columns.find((x) => x.name === c);
  if (f.timeColumn !== '') {
    const c = column(f.timeColumn);
    if (!c) out.time_column = i18n.t('ret.editor.noSuchColumn', { column: f.timeColumn });
    else if (!DATE_KINDS.includes(c.kind)) out.time_column = i18n.t('ret.editor.notATime', { column: c.name, type: c.data_type });
    else if (f.timeFormat === 'native' && !['date', 'timestamp', 'timestamp_tz'].includes(c.kind)) out.time_format = i18n.t('ret.editor.notNative', { type: c.data_type });
  }
  if (f.keyColumn !== '') {
    if (!column(f.keyColumn)) out.key_column = i18n.t('ret.editor.noSuchColumn', { column: f.keyColumn });
    else if (!table.unique_columns.includes(f.keyColumn)) out.key_column = i18n.t('ret.editor.notUnique', { column: f.keyColumn });
  }
  if (table.unique_columns.length === 0) out.key_column = i18n.t('ret.editor.noUnique', { table: table.name });
  const badFilter = f.filters.find((x) => !column(x.column));
  if (badFilter) out.filters = i18n.t('ret.editor.noSuchColumn', { column: badFilter.column });
  const badAnon = f.anonymize.find((x) => !column(x.column) || x.column === f.keyColumn);
  if (f.action === 'anonymize' && badAnon) out.action = badAnon.column === f.keyColumn ? i18n.t('ret.editor.anonKey') : i18n.t('ret.editor.noSuchColumn', { column: badAnon.column });
  return out;
}

export function RuleEditor({
  existing,
  datastores,
  onClose,
  onSaved,
}: {
  existing: RuleInfo | null;
  datastores: DatastoreRow[];
  onClose: () => void;
  onSaved: (r: RuleInfo) => void;
}) {
  const backend = useBackend();
  const i18n = useI18n();
  const { t } = i18n;
  const [form, setForm] = useState<Form>(() => (existing ? formOf(existing.rule) : emptyForm(datastores[0]?.name ?? '', '')));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));

  // The default zone for a new rule.
  useEffect(() => {
    if (existing) return;
    let live = true;
    backend.retentionDefaultTimezone().then(
      (tz) => live && setForm((f) => (f.timezone === '' ? { ...f, timezone: tz } : f)),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [backend, existing]);

  const ds = datastores.find((d) => d.name === form.datastore);
  const folder = ds?.kind === 'folder';
  const [catalog] = useAsync<Catalog | null>(() => (form.datastore === '' || folder ? Promise.resolve(null) : backend.datastoreCatalog(form.datastore)), [backend, form.datastore, folder]);
  const [activities] = useAsync(() => backend.listActivities(ALL_ACTIVITIES, null), [backend]);
  const activityRows: ActivitySummary[] = activities.data?.items ?? [];
  const [activityDetail] = useAsync(() => (form.activity === '' ? Promise.resolve(null) : backend.getActivity(form.activity)), [backend, form.activity]);
  const categories = activityDetail.data?.activity.data_categories.map((c) => c.category) ?? [];

  const tables = catalog.data?.tables ?? [];
  const table = tables.find((x) => x.name === form.table);
  const live = useMemo(() => catalogueProblems(i18n, form, table, catalog.state === 'ready' && catalog.data !== null), [i18n, form, table, catalog]);
  const apiField = error !== null ? fieldOfMessage((error as { message?: string }).message ?? '') : null;
  const problem = (k: FieldKey): string | undefined => live[k] ?? (apiField === k ? apiMessage(i18n, error) : undefined);

  const chooseTable = (name: string) => {
    const tb = tables.find((x) => x.name === name);
    const time = tb?.columns.find((c) => ['date', 'timestamp', 'timestamp_tz'].includes(c.kind))?.name ?? '';
    setForm((f) => ({
      ...f,
      table: name,
      timeColumn: time,
      keyColumn: tb?.unique_columns[0] ?? '',
      filters: [],
      anonymize: [],
    }));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const rule = ruleOf(form, folder);
      const saved = existing ? await backend.updateRetentionRule(rule, existing.version) : await backend.addRetentionRule(rule);
      onSaved(saved);
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  const hasLiveProblems = Object.keys(live).length > 0;
  const F = ({ k, label, children, help }: { k: FieldKey; label: string; children: (id: string, describedBy: string | undefined, invalid: boolean) => React.ReactNode; help?: string }) => {
    const id = `rule-${k}`;
    const msg = problem(k);
    const describedBy = [msg ? `${id}-error` : null, help ? `${id}-help` : null].filter(Boolean).join(' ') || undefined;
    return (
      <div className={`field${msg ? ' field-invalid' : ''}`}>
        <label htmlFor={id}>{label}</label>
        {children(id, describedBy, msg !== undefined)}
        {help ? (
          <p className="help" id={`${id}-help`}>
            {help}
          </p>
        ) : null}
        {msg ? (
          <p className="field-error" id={`${id}-error`} data-testid={`rule-error-${k}`}>
            <span aria-hidden="true">⚠ </span>
            {msg}
          </p>
        ) : null}
      </div>
    );
  };

  const columnOptions = (filter?: (c: TableInfo['columns'][number]) => boolean) =>
    (table?.columns ?? []).filter((c) => (filter ? filter(c) : true)).map((c) => (
      <option key={c.name} value={c.name}>
        {c.name} — {c.data_type}
      </option>
    ));

  return (
    <Dialog
      title={existing ? t('ret.editor.editTitle', { rule: existing.rule.name, version: existing.version }) : t('ret.editor.newTitle')}
      onClose={onClose}
      wide
      testId="rule-editor"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form="rule-form" className="btn btn-primary" disabled={saving || hasLiveProblems} data-testid="rule-save">
            {saving ? t('common.saving') : t('common.save')}
          </button>
        </>
      }
    >
      <form id="rule-form" onSubmit={submit} noValidate>
        {existing ? <p className="callout callout-info">{t('ret.editor.versionNote')}</p> : null}
        {error !== null && apiField === null ? (
          <div className="callout callout-error" role="alert" data-testid="rule-error">
            <p>{apiMessage(i18n, error)}</p>
          </div>
        ) : null}
        {error !== null && apiField !== null ? (
          <p className="visually-hidden" role="alert">
            {apiMessage(i18n, error)}
          </p>
        ) : null}
        <div className="row-2">
          {F({
            k: 'name',
            label: t('ret.editor.name'),
            help: t('ret.editor.nameHelp'),
            children: (id, d, inv) => (
              <input id={id} value={form.name} onChange={(e) => set('name', e.currentTarget.value)} disabled={existing !== null} aria-describedby={d} aria-invalid={inv || undefined} required />
            ),
          })}
          {F({
            k: 'datastore',
            label: t('ret.editor.datastore'),
            children: (id, d, inv) => (
              <select
                id={id}
                value={form.datastore}
                onChange={(e) => setForm((f) => ({ ...f, datastore: e.currentTarget.value, table: '', timeColumn: '', keyColumn: '', filters: [], anonymize: [], glob: '' }))}
                disabled={existing !== null}
                aria-describedby={d}
                aria-invalid={inv || undefined}
              >
                {datastores.map((x) => (
                  <option key={x.name} value={x.name}>
                    {x.name} ({x.kind})
                  </option>
                ))}
              </select>
            ),
          })}
        </div>
        <div className="field">
          <label htmlFor="rule-description">{t('ret.editor.description')}</label>
          <input id="rule-description" value={form.description} onChange={(e) => set('description', e.currentTarget.value)} />
        </div>
        <div className="row-2">
          {F({
            k: 'activity',
            label: t('ret.editor.activity'),
            children: (id, d, inv) => (
              <select id={id} value={form.activity} onChange={(e) => setForm((f) => ({ ...f, activity: e.currentTarget.value, dataCategory: '' }))} aria-describedby={d} aria-invalid={inv || undefined}>
                <option value="">{t('common.noneOption')}</option>
                {activityRows.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.id} — {a.name}
                  </option>
                ))}
              </select>
            ),
          })}
          <div className="field">
            <label htmlFor="rule-category">{t('ret.editor.category')}</label>
            <select id="rule-category" value={form.dataCategory} onChange={(e) => set('dataCategory', e.currentTarget.value)} disabled={form.activity === ''}>
              <option value="">{t('common.noneOption')}</option>
              {categories.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </div>
        </div>

        <fieldset className="form-section">
          <legend>{t('ret.editor.target')}</legend>
          {folder ? (
            F({
              k: 'glob',
              label: t('ret.editor.glob'),
              help: t('ret.editor.globHelp'),
              children: (id, d, inv) => <input id={id} className="mono" value={form.glob} onChange={(e) => set('glob', e.currentTarget.value)} aria-describedby={d} aria-invalid={inv || undefined} />,
            })
          ) : catalog.state === 'loading' ? (
            <Loading label={t('ret.editor.catalogLoading', { datastore: form.datastore })} />
          ) : catalog.state === 'error' ? (
            <div className="callout callout-error" role="alert" data-testid="catalog-error">
              <p>{t('ret.editor.catalogError', { datastore: form.datastore })}</p>
              <p>{apiMessage(i18n, catalog.error)}</p>
            </div>
          ) : (
            <>
              <div className="row-2">
                {F({
                  k: 'table',
                  label: t('ret.editor.table'),
                  children: (id, d, inv) => (
                    <select id={id} value={form.table} onChange={(e) => chooseTable(e.currentTarget.value)} aria-describedby={d} aria-invalid={inv || undefined}>
                      <option value="">{t('common.choose')}</option>
                      {form.table !== '' && !table ? <option value={form.table}>{form.table}</option> : null}
                      {tables.map((x) => (
                        <option key={x.name} value={x.name}>
                          {x.name}
                        </option>
                      ))}
                    </select>
                  ),
                })}
                {F({
                  k: 'key_column',
                  label: t('ret.editor.keyColumn'),
                  help: table ? t('ret.editor.keyHelp', { columns: table.unique_columns.join(', ') || '—' }) : undefined,
                  children: (id, d, inv) => (
                    <select id={id} value={form.keyColumn} onChange={(e) => set('keyColumn', e.currentTarget.value)} disabled={!table} aria-describedby={d} aria-invalid={inv || undefined}>
                      <option value="">{t('common.choose')}</option>
                      {columnOptions((c) => table?.unique_columns.includes(c.name) ?? false)}
                    </select>
                  ),
                })}
              </div>
              <div className="row-2">
                {F({
                  k: 'time_column',
                  label: t('ret.editor.timeColumn'),
                  children: (id, d, inv) => (
                    <select id={id} value={form.timeColumn} onChange={(e) => set('timeColumn', e.currentTarget.value)} disabled={!table} aria-describedby={d} aria-invalid={inv || undefined}>
                      <option value="">{t('common.choose')}</option>
                      {columnOptions((c) => DATE_KINDS.includes(c.kind))}
                    </select>
                  ),
                })}
                {F({
                  k: 'time_format',
                  label: t('ret.editor.timeFormat'),
                  children: (id, d, inv) => (
                    <select id={id} value={form.timeFormat} onChange={(e) => set('timeFormat', e.currentTarget.value as TimeFormat)} aria-describedby={d} aria-invalid={inv || undefined}>
                      {TIME_FORMATS.map((x) => (
                        <option key={x} value={x}>
                          {t(`ret.format.${x}`)}
                        </option>
                      ))}
                    </select>
                  ),
                })}
              </div>
              <fieldset className="field" aria-describedby={problem('filters') ? 'rule-filters-error' : undefined}>
                <legend>{t('ret.editor.filters')}</legend>
                {form.filters.map((fl, i) => (
                  <div className="repeat-row" key={i} data-testid={`rule-filter-${i}`}>
                    <select aria-label={t('ret.editor.filterColumn')} value={fl.column} onChange={(e) => set('filters', form.filters.map((x, j) => (j === i ? { ...x, column: e.currentTarget.value } : x)))}>
                      {columnOptions()}
                    </select>
                    <select
                      aria-label={t('ret.editor.filterOp')}
                      value={fl.op}
                      onChange={(e) => {
                        const op = e.currentTarget.value as FilterOp;
                        set('filters', form.filters.map((x, j) => (j === i ? { ...x, op, value: op === 'is_null' || op === 'is_not_null' ? null : (x.value ?? '') } : x)));
                      }}
                    >
                      {FILTER_OPS.map((o) => (
                        <option key={o} value={o}>
                          {OP_TEXT[o]}
                        </option>
                      ))}
                    </select>
                    {fl.value !== null ? (
                      <input aria-label={t('ret.editor.filterValue')} value={fl.value} onChange={(e) => set('filters', form.filters.map((x, j) => (j === i ? { ...x, value: e.currentTarget.value } : x)))} />
                    ) : null}
                    <button type="button" className="btn btn-small" onClick={() => set('filters', form.filters.filter((_, j) => j !== i))}>
                      {t('common.remove')}
                    </button>
                  </div>
                ))}
                <button
                  type="button"
                  className="btn btn-small"
                  disabled={!table}
                  onClick={() => set('filters', [...form.filters, { column: table?.columns[0]?.name ?? '', op: 'eq', value: '' }])}
                  data-testid="rule-add-filter"
                >
                  {t('ret.editor.addFilter')}
                </button>
                {problem('filters') ? (
                  <p className="field-error" id="rule-filters-error" data-testid="rule-error-filters">
                    <span aria-hidden="true">⚠ </span>
                    {problem('filters')}
                  </p>
                ) : null}
              </fieldset>
            </>
          )}
        </fieldset>

        <fieldset className="form-section">
          <legend>{t('ret.editor.periodAndAction')}</legend>
          <div className="row-3">
            <div className="field">
              <label htmlFor="rule-period-kind">{t('ret.editor.periodKind')}</label>
              <select id="rule-period-kind" value={form.periodKind} onChange={(e) => set('periodKind', e.currentTarget.value as Form['periodKind'])}>
                <option value="elapsed">{t('ret.editor.elapsed')}</option>
                <option value="after_fiscal_year_end">{t('ret.editor.fiscal')}</option>
              </select>
            </div>
            {form.periodKind === 'elapsed' ? (
              <>
                {F({
                  k: 'period',
                  label: t('ret.editor.amount'),
                  children: (id, d, inv) => <input id={id} type="number" min={1} value={form.amount} onChange={(e) => set('amount', e.currentTarget.value)} aria-describedby={d} aria-invalid={inv || undefined} />,
                })}
                <div className="field">
                  <label htmlFor="rule-unit">{t('ret.editor.unit')}</label>
                  <select id="rule-unit" value={form.unit} onChange={(e) => set('unit', e.currentTarget.value as Form['unit'])}>
                    <option value="days">{t('ret.unit.days')}</option>
                    <option value="months">{t('ret.unit.months')}</option>
                    <option value="years">{t('ret.unit.years')}</option>
                  </select>
                </div>
              </>
            ) : (
              <>
                {F({
                  k: 'period',
                  label: t('ret.editor.fyYears'),
                  children: (id, d, inv) => <input id={id} type="number" min={1} value={form.fyYears} onChange={(e) => set('fyYears', e.currentTarget.value)} aria-describedby={d} aria-invalid={inv || undefined} />,
                })}
                <div className="field">
                  <label htmlFor="rule-fy-end">{t('ret.editor.fyEnd')}</label>
                  <input id="rule-fy-end" value={form.fyEnd} onChange={(e) => set('fyEnd', e.currentTarget.value)} placeholder="12-31" pattern="\d{2}-\d{2}" />
                </div>
              </>
            )}
          </div>
          {folder ? (
            <p>{t('ret.action.delete_files')}</p>
          ) : (
            F({
              k: 'action',
              label: t('ret.editor.action'),
              children: (id, d, inv) => (
                <div>
                  <select id={id} value={form.action} onChange={(e) => set('action', e.currentTarget.value as Form['action'])} aria-describedby={d} aria-invalid={inv || undefined}>
                    <option value="delete">{t('ret.action.delete')}</option>
                    <option value="anonymize">{t('ret.action.anonymize')}</option>
                  </select>
                  {form.action === 'anonymize' ? (
                    <div className="repeat">
                      {form.anonymize.map((a, i) => (
                        <div className="repeat-row" key={i} data-testid={`rule-anon-${i}`}>
                          <select aria-label={t('ret.editor.anonColumn')} value={a.column} onChange={(e) => set('anonymize', form.anonymize.map((x, j) => (j === i ? { ...x, column: e.currentTarget.value } : x)))}>
                            {columnOptions((c) => c.name !== form.keyColumn && c.name !== form.timeColumn)}
                          </select>
                          <select
                            aria-label={t('ret.editor.anonMethod')}
                            value={a.method.method}
                            onChange={(e) => {
                              const m = e.currentTarget.value;
                              const method = m === 'fixed' ? { method: 'fixed' as const, value: '' } : m === 'hash' ? { method: 'hash' as const } : { method: 'null' as const };
                              set('anonymize', form.anonymize.map((x, j) => (j === i ? { ...x, method } : x)));
                            }}
                          >
                            <option value="null">{t('ret.anon.null')}</option>
                            <option value="hash">{t('ret.anon.hash')}</option>
                            <option value="fixed">{t('ret.anon.fixed')}</option>
                          </select>
                          {a.method.method === 'fixed' ? (
                            <input
                              aria-label={t('ret.editor.anonValue')}
                              value={a.method.value}
                              onChange={(e) => set('anonymize', form.anonymize.map((x, j) => (j === i ? { ...x, method: { method: 'fixed', value: e.currentTarget.value } } : x)))}
                            />
                          ) : null}
                          <button type="button" className="btn btn-small" onClick={() => set('anonymize', form.anonymize.filter((_, j) => j !== i))}>
                            {t('common.remove')}
                          </button>
                        </div>
                      ))}
                      <button
                        type="button"
                        className="btn btn-small"
                        disabled={!table}
                        onClick={() => {
                          const c = table?.columns.find((x) => x.name !== form.keyColumn && x.name !== form.timeColumn && !form.anonymize.some((y) => y.column === x.name));
                          set('anonymize', [...form.anonymize, { column: c?.name ?? '', method: { method: 'null' } }]);
                        }}
                        data-testid="rule-add-anon"
                      >
                        {t('ret.editor.addAnon')}
                      </button>
                    </div>
                  ) : null}
                </div>
              ),
            })
          )}
        </fieldset>

        <fieldset className="form-section">
          <legend>{t('ret.editor.running')}</legend>
          <div className="row-3">
            {F({
              k: 'schedule',
              label: t('ret.editor.schedule'),
              help: t('ret.editor.scheduleHelp'),
              children: (id, d, inv) => <input id={id} className="mono" value={form.schedule} onChange={(e) => set('schedule', e.currentTarget.value)} placeholder="0 3 * * *" aria-describedby={d} aria-invalid={inv || undefined} />,
            })}
            {F({
              k: 'timezone',
              label: t('ret.editor.timezone'),
              children: (id, d, inv) => <input id={id} value={form.timezone} onChange={(e) => set('timezone', e.currentTarget.value)} aria-describedby={d} aria-invalid={inv || undefined} />,
            })}
            {F({
              k: 'batch_size',
              label: t('ret.editor.batchSize'),
              help: t('ret.editor.batchHelp'),
              children: (id, d, inv) => <input id={id} type="number" min={1} max={1000000} value={form.batchSize} onChange={(e) => set('batchSize', e.currentTarget.value)} aria-describedby={d} aria-invalid={inv || undefined} />,
            })}
          </div>
          <label className="check" htmlFor="rule-enabled">
            <input id="rule-enabled" type="checkbox" checked={form.enabled} onChange={(e) => set('enabled', e.currentTarget.checked)} />
            <span>{t('ret.editor.enabled')}</span>
          </label>
        </fieldset>
      </form>
    </Dialog>
  );
}
