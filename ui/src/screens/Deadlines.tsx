// The deadline calculator: asks one deadline question (a data-subject request under a regime, or the
// GDPR Art. 33 breach clock) and shows the core's answer with its explanation, rule, source and every
// reading it computed. Nothing is saved. The explanations come from the core, in English.
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { toApiError, useBackend } from '../api';
import type { BreachDeadline, CalendarInfo, Candidate, DeadlineAnswer, DeadlineQuery, Regime, RequestDeadline } from '../api/types';
import { BREACH_REGIME, emptyDeadlineQuery, isBreachDeadline, REGIMES, REGIMES_WITHOUT_EXTENSION } from '../api/enums';
import { useI18n, type I18n } from '../i18n';
import { useAsync } from '../lib/hooks';
import { ErrorBox, errorText, Field, Loading, PageTitle } from '../components/ui';

interface Form {
  regime: Regime;
  calendar: string;
  received: string;
  extended: boolean;
  idRequested: string;
  idReceived: string;
  clarificationAsked: string;
  clarificationReceived: string;
  /** `datetime-local` value: "YYYY-MM-DDTHH:MM" (or with seconds). */
  awareAt: string;
  tz: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Today and now on this computer's clock, as the date and datetime-local inputs write them. */
function localNow(): { date: string; minute: string } {
  const d = new Date();
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return { date, minute: `${date}T${pad(d.getHours())}:${pad(d.getMinutes())}` };
}

function systemTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** IANA names this browser knows, for suggestions (the core decides what is valid). */
function timeZoneSuggestions(): string[] {
  try {
    return typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  } catch {
    return [];
  }
}

function initialForm(): Form {
  const now = localNow();
  return {
    regime: 'gdpr',
    calendar: 'none',
    received: now.date,
    extended: false,
    idRequested: '',
    idReceived: '',
    clarificationAsked: '',
    clarificationReceived: '',
    awareAt: now.minute,
    tz: systemTimeZone(),
  };
}

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

const canExtend = (regime: Regime) => regime !== BREACH_REGIME && !REGIMES_WITHOUT_EXTENSION.includes(regime);

/** The question as the core takes it; fields that do not apply to the regime are left out (null). */
function toQuery(f: Form): DeadlineQuery {
  const q = emptyDeadlineQuery(f.regime);
  if (f.regime === BREACH_REGIME) {
    const aware = orNull(f.awareAt);
    // datetime-local gives "YYYY-MM-DDTHH:MM"; the documented form has seconds.
    return { ...q, aware_at: aware !== null && /T\d{2}:\d{2}$/.test(aware) ? `${aware}:00` : aware, tz: orNull(f.tz) };
  }
  return {
    ...q,
    calendar: f.calendar,
    received: orNull(f.received),
    extended: canExtend(f.regime) && f.extended,
    id_requested: orNull(f.idRequested),
    id_received: orNull(f.idReceived),
    clarification_asked: orNull(f.clarificationAsked),
    clarification_received: orNull(f.clarificationReceived),
  };
}

/** Case- and accent-insensitive text for the calendar filter. */
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

function calendarMatches(c: CalendarInfo, filter: string): boolean {
  const words = fold(filter).split(/\s+/).filter((w) => w !== '');
  const text = fold(`${c.code} ${c.label}`);
  return words.every((w) => text.includes(w));
}

const NONE_CALENDAR: CalendarInfo = { code: 'none', label: 'none', first_year: null, last_year: null };

export function DeadlinesScreen() {
  const backend = useBackend();
  const i18n = useI18n();
  const { t } = i18n;
  const [calendars, reloadCalendars] = useAsync(() => backend.listCalendars(), [backend]);
  const [form, setForm] = useState<Form>(initialForm);
  const [filter, setFilter] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ answer: DeadlineAnswer; query: DeadlineQuery } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const seq = useRef(0);
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const zones = useMemo(timeZoneSuggestions, []);

  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));
  const breach = form.regime === BREACH_REGIME;

  const all = calendars.data ?? [NONE_CALENDAR];
  const matching = useMemo(() => all.filter((c) => calendarMatches(c, filter)), [all, filter]);
  // The chosen calendar always stays in the list, so the select never shows something it has not got.
  const shown = matching.some((c) => c.code === form.calendar) ? matching : [...all.filter((c) => c.code === form.calendar), ...matching];

  const changeFilter = (value: string) => {
    setFilter(value);
    const first = all.filter((c) => calendarMatches(c, value))[0];
    if (first && !all.some((c) => c.code === form.calendar && calendarMatches(c, value))) set('calendar', first.code);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const mine = ++seq.current;
    const query = toQuery(form);
    setBusy(true);
    setError(null);
    try {
      const answer = await backend.computeDeadline(query);
      if (mine !== seq.current) return;
      setResult({ answer, query });
    } catch (err) {
      if (mine !== seq.current) return;
      setError(err);
      setResult(null);
    } finally {
      if (mine === seq.current) setBusy(false);
    }
  };

  // A new answer takes focus, so keyboard and screen-reader users land on it.
  useEffect(() => {
    if (result) resultHeading.current?.focus();
  }, [result]);

  return (
    <>
      <PageTitle>{t('deadline.title')}</PageTitle>
      <p className="muted">{t('deadline.intro')}</p>

      <form className="card deadline-form" aria-labelledby="deadline-question-h" onSubmit={(e) => void submit(e)} noValidate data-testid="deadline-form">
        <h2 id="deadline-question-h">{t('deadline.question')}</h2>
        <div className="row-3">
          <Field name="deadline-regime" label={t('deadline.regime')}>
            {(p) => (
              <select {...p} value={form.regime} onChange={(e) => set('regime', e.currentTarget.value as Regime)} data-testid="deadline-regime">
                {REGIMES.map((r) => (
                  <option key={r} value={r}>
                    {t(`deadline.regime.${r}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {breach ? (
            <>
              <Field name="deadline-aware-at" label={t('deadline.awareAt')} help={t('deadline.awareAtHelp')}>
                {(p) => (
                  <input
                    {...p}
                    type="datetime-local"
                    value={form.awareAt}
                    onChange={(e) => set('awareAt', e.currentTarget.value)}
                    data-testid="deadline-aware-at"
                  />
                )}
              </Field>
              <Field name="deadline-tz" label={t('deadline.tz')} help={t('deadline.tzHelp')}>
                {(p) => (
                  <>
                    <input
                      {...p}
                      value={form.tz}
                      onChange={(e) => set('tz', e.currentTarget.value)}
                      list="deadline-tz-list"
                      autoComplete="off"
                      spellCheck={false}
                      data-testid="deadline-tz"
                    />
                    <datalist id="deadline-tz-list">
                      {zones.map((z) => (
                        <option key={z} value={z} />
                      ))}
                    </datalist>
                  </>
                )}
              </Field>
            </>
          ) : (
            <>
              <div>
                <Field name="deadline-calendar-filter" label={t('deadline.calendarFilter')}>
                  {(p) => (
                    <input
                      {...p}
                      type="search"
                      value={filter}
                      placeholder={t('deadline.calendarFilterPlaceholder')}
                      onChange={(e) => changeFilter(e.currentTarget.value)}
                      aria-controls="f-deadline-calendar"
                      aria-describedby="deadline-calendar-count"
                      autoComplete="off"
                      data-testid="deadline-calendar-filter"
                    />
                  )}
                </Field>
                <Field name="deadline-calendar" label={t('deadline.calendar')} help={t('deadline.calendarHelp')}>
                  {(p) => (
                    <select {...p} value={form.calendar} onChange={(e) => set('calendar', e.currentTarget.value)} data-testid="deadline-calendar">
                      {shown.map((c) => (
                        <option key={c.code} value={c.code}>
                          {c.label}
                          {c.first_year !== null && c.last_year !== null ? ` · ${c.first_year}–${c.last_year}` : ''}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <p className="help deadline-filter-count" id="deadline-calendar-count" aria-live="polite" data-testid="deadline-calendar-count">
                  {filter.trim() === ''
                    ? ''
                    : matching.length === 0
                      ? t('deadline.calendarNoMatch', { filter })
                      : t('deadline.calendarCount', { shown: i18n.number(matching.length), total: i18n.number(all.length) })}
                </p>
                {calendars.state === 'loading' ? <Loading /> : null}
                {calendars.state === 'error' ? <ErrorBox error={calendars.error} onRetry={reloadCalendars} /> : null}
              </div>
              <div>
                <Field name="deadline-received" label={t('deadline.received')} help={t('deadline.receivedHelp')}>
                  {(p) => (
                    <input {...p} type="date" value={form.received} onChange={(e) => set('received', e.currentTarget.value)} data-testid="deadline-received" />
                  )}
                </Field>
                {canExtend(form.regime) ? (
                  <Field name="deadline-extended" label={t('deadline.extended')} help={t('deadline.extendedHelp')} className="field-checkbox">
                    {(p) => (
                      <input
                        {...p}
                        type="checkbox"
                        checked={form.extended}
                        onChange={(e) => set('extended', e.currentTarget.checked)}
                        data-testid="deadline-extended"
                      />
                    )}
                  </Field>
                ) : null}
              </div>
            </>
          )}
        </div>

        {!breach ? (
          <fieldset className="deadline-waits" aria-describedby="deadline-waits-help">
            <legend>{t('deadline.waits')}</legend>
            <p className="help" id="deadline-waits-help">
              {t('deadline.waitsHelp')}
            </p>
            <div className="row-2">
              <DateField name="deadline-id-requested" label={t('deadline.idRequested')} value={form.idRequested} onChange={(v) => set('idRequested', v)} />
              <DateField name="deadline-id-received" label={t('deadline.idReceived')} value={form.idReceived} onChange={(v) => set('idReceived', v)} />
              <DateField
                name="deadline-clarification-asked"
                label={t('deadline.clarificationAsked')}
                value={form.clarificationAsked}
                onChange={(v) => set('clarificationAsked', v)}
              />
              <DateField
                name="deadline-clarification-received"
                label={t('deadline.clarificationReceived')}
                value={form.clarificationReceived}
                onChange={(v) => set('clarificationReceived', v)}
              />
            </div>
          </fieldset>
        ) : null}

        <div className="deadline-actions">
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="deadline-calculate">
            {busy ? t('deadline.calculating') : t('deadline.calculate')}
          </button>
        </div>
        {error !== null ? <DeadlineError error={error} /> : null}
      </form>

      {result ? (
        <section className="card deadline-result" aria-labelledby="deadline-result-h" data-testid="deadline-result">
          <h2 id="deadline-result-h" ref={resultHeading} tabIndex={-1}>
            {t('deadline.result')}
          </h2>
          {isBreachDeadline(result.answer) ? (
            <BreachResult a={result.answer} />
          ) : (
            <RequestResult a={result.answer} calendars={all} />
          )}
        </section>
      ) : null}
    </>
  );
}

function DateField({ name, label, value, onChange }: { name: string; label: string; value: string; onChange: (v: string) => void }) {
  return (
    <Field name={name} label={label}>
      {(p) => <input {...p} type="date" value={value} onChange={(e) => onChange(e.currentTarget.value)} data-testid={name} />}
    </Field>
  );
}

/** The core's message says what is wrong and what is valid: show it as is. */
function DeadlineError({ error }: { error: unknown }) {
  const i18n = useI18n();
  const err = toApiError(error);
  return (
    <div className="callout callout-error" role="alert" data-testid="deadline-error">
      <p>{err.code === 'validation' ? i18n.t('deadline.error', { message: err.message }) : errorText(i18n, err)}</p>
    </div>
  );
}

export function DateValue({ d, style = 'short', testId }: { d: string; style?: 'short' | 'long'; testId?: string }) {
  const i18n = useI18n();
  return (
    <time dateTime={d} data-testid={testId}>
      {i18n.weekdayDate(d, style)}
    </time>
  );
}

function regimeTitle(i18n: I18n, regime: string): string {
  return (REGIMES as readonly string[]).includes(regime) ? i18n.t(`deadline.regime.${regime as Regime}`) : regime;
}

function RequestResult({ a, calendars }: { a: RequestDeadline; calendars: CalendarInfo[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  const calendarLabel = calendars.find((c) => c.code === a.calendar)?.label ?? a.calendar;
  return (
    <>
      <p className="muted small deadline-asked" data-testid="deadline-asked">
        {t('deadline.asked', { regime: regimeTitle(i18n, a.regime), calendar: a.calendar, date: i18n.weekdayDate(a.received) })}
      </p>
      <div className="deadline-dates">
        <div className="deadline-date deadline-date-legal">
          <span className="deadline-date-label">{t('deadline.legalDue')}</span>
          <span className="deadline-date-value">
            <DateValue d={a.legal_due} style="long" testId="deadline-legal-due" />
          </span>
        </div>
        <div className="deadline-date">
          <span className="deadline-date-label">{t('deadline.safeDue')}</span>
          <span className="deadline-date-value">
            <DateValue d={a.safe_due} style="long" testId="deadline-safe-due" />
          </span>
          <span className="deadline-date-sub">{a.safe_due < a.legal_due ? t('deadline.safeEarlier') : t('deadline.safeSame')}</span>
        </div>
      </div>

      <h3>{t('deadline.explanation')}</h3>
      <p className="callout callout-info deadline-explanation" data-testid="deadline-explanation">
        {a.explanation}
      </p>
      {i18n.lang !== 'en' ? <p className="muted small">{t('deadline.coreLanguage')}</p> : null}

      {a.notes.length > 0 ? (
        <div className="callout callout-warn" data-testid="deadline-notes">
          <p>
            <strong>{t('deadline.notes')}</strong>
          </p>
          <ul>
            {a.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </div>
      ) : null}

      <dl className="props" data-testid="deadline-props">
        {a.clock_start !== a.received ? (
          <>
            <dt>{t('deadline.clockStart')}</dt>
            <dd>
              <DateValue d={a.clock_start} />
            </dd>
          </>
        ) : null}
        {a.paused_days > 0 ? (
          <>
            <dt>{t('deadline.paused')}</dt>
            <dd>{i18n.tp('deadline.pausedDays', a.paused_days)}</dd>
          </>
        ) : null}
        <dt>{t('deadline.noticeDue')}</dt>
        <dd data-testid="deadline-notice-due">
          {a.extension_notice_due === null ? (
            t('deadline.noExtension')
          ) : (
            <>
              <DateValue d={a.extension_notice_due} />
              {a.extension_notice_safe_due !== null && a.extension_notice_safe_due !== a.extension_notice_due ? (
                <span className="muted"> · {t('deadline.noticeSafe', { date: i18n.weekdayDate(a.extension_notice_safe_due) })}</span>
              ) : null}
            </>
          )}
        </dd>
        {a.extended_legal_due ? (
          <>
            <dt>{t('deadline.extendedLegalDue')}</dt>
            <dd>
              <strong>
                <DateValue d={a.extended_legal_due} testId="deadline-extended-legal-due" />
              </strong>
            </dd>
          </>
        ) : null}
        {a.extended_safe_due ? (
          <>
            <dt>{t('deadline.extendedSafeDue')}</dt>
            <dd>
              <strong>
                <DateValue d={a.extended_safe_due} testId="deadline-extended-safe-due" />
              </strong>
            </dd>
          </>
        ) : null}
        <dt>{t('deadline.calendarUsed')}</dt>
        <dd>{calendarLabel}</dd>
        <dt>{t('deadline.rule')}</dt>
        <dd data-testid="deadline-rule">{a.rule}</dd>
        <dt>{t('deadline.source')}</dt>
        <dd data-testid="deadline-source">{a.source}</dd>
      </dl>

      <CandidateTable title={t('deadline.candidates')} rows={a.candidates} testId="deadline-candidates" />
      {a.other_dates.length > 0 ? <CandidateTable title={t('deadline.otherDates')} rows={a.other_dates} testId="deadline-other-dates" /> : null}
    </>
  );
}

export function CandidateTable({ title, rows, testId }: { title: string; rows: Candidate[]; testId: string }) {
  const { t } = useI18n();
  return (
    <>
      <h3 id={`${testId}-h`}>{title}</h3>
      <div className="table-scroll">
        <table className="table" aria-labelledby={`${testId}-h`} data-testid={testId}>
          <thead>
            <tr>
              <th scope="col">{t('deadline.col.reading')}</th>
              <th scope="col">{t('deadline.col.date')}</th>
              <th scope="col">{t('deadline.col.rule')}</th>
              <th scope="col">{t('deadline.col.source')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c, i) => (
              <tr key={`${c.label}-${i}`}>
                <th scope="row">{c.label}</th>
                <td className="nowrap">
                  <DateValue d={c.date} />
                </td>
                <td>{c.rule}</td>
                <td className="small">{c.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function BreachResult({ a }: { a: BreachDeadline }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <>
      <p className="muted small deadline-asked" data-testid="deadline-asked">
        {t('deadline.askedBreach', { regime: regimeTitle(i18n, a.regime), instant: i18n.instant(a.aware_at, a.tz) })}
      </p>
      <div className="deadline-dates">
        <div className="deadline-date deadline-date-legal">
          <span className="deadline-date-label">{t('deadline.breachDue')}</span>
          <span className="deadline-date-value">
            <time dateTime={a.legal_due} data-testid="deadline-breach-due">
              {i18n.instant(a.legal_due, a.tz)}
            </time>
          </span>
          <span className="deadline-date-sub">{t('deadline.inZone', { tz: a.tz })}</span>
        </div>
        <div className="deadline-date">
          <span className="deadline-date-label">{t('deadline.breachDueUtc')}</span>
          <span className="deadline-date-value">
            <time dateTime={a.legal_due_utc} data-testid="deadline-breach-due-utc">
              {i18n.instant(a.legal_due_utc, 'UTC')}
            </time>
          </span>
          <span className="deadline-date-sub">{t('deadline.breachSafe')}</span>
        </div>
      </div>

      <h3>{t('deadline.explanation')}</h3>
      <p className="callout callout-info deadline-explanation" data-testid="deadline-explanation">
        {a.explanation}
      </p>
      {i18n.lang !== 'en' ? <p className="muted small">{t('deadline.coreLanguage')}</p> : null}

      <dl className="props">
        <dt>{t('deadline.awareAtResult')}</dt>
        <dd>
          <time dateTime={a.aware_at}>{i18n.instant(a.aware_at, a.tz)}</time>
          <span className="muted">
            {' · '}
            <time dateTime={a.aware_at_utc}>{i18n.instant(a.aware_at_utc, 'UTC')}</time>
          </span>
        </dd>
        <dt>{t('deadline.rule')}</dt>
        <dd data-testid="deadline-rule">{a.rule}</dd>
        <dt>{t('deadline.source')}</dt>
        <dd data-testid="deadline-source">{a.source}</dd>
      </dl>
    </>
  );
}
