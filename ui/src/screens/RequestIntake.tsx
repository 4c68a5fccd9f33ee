// Intake of a data-subject request: the regime and the right (only the regime's rights are offered),
// how and when it arrived, the establishment that must act (its calendar and zone time the request),
// who asked, what they ask, and the processing activities concerned. The backend validates; its field
// errors are shown beside their inputs and listed at the top.
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { isApiError, useBackend } from '../api';
import type { ActivitySummary, FieldError, NewRequest, Organisation, Regime, RequestChannel, RequestType } from '../api/types';
import { emptyActivityQuery, REQUEST_CHANNELS, REQUEST_REGIMES, REQUEST_TYPE_PROVISION, requestTypesFor } from '../api/enums';
import { useI18n, type I18n, type MessageKey } from '../i18n';
import { useAsync } from '../lib/hooks';
import { focusFirst, inputId } from '../lib/fieldPaths';
import { href, navigate } from '../lib/router';
import { CheckGroup, ErrorBox, Field, FieldErrorsContext, fieldErrorText, Loading, PageTitle } from '../components/ui';

interface Form {
  regime: Regime;
  type: RequestType;
  channel: RequestChannel;
  date: string;
  time: string;
  establishment: string;
  name: string;
  email: string;
  reference: string;
  summary: string;
  activities: string[];
}

const pad = (n: number) => String(n).padStart(2, '0');

function initialForm(org: Organisation | null): Form {
  const d = new Date();
  const main = org?.establishments.find((e) => e.main) ?? org?.establishments[0];
  return {
    regime: 'gdpr',
    type: 'access',
    channel: 'email',
    date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
    time: `${pad(d.getHours())}:${pad(d.getMinutes())}`,
    establishment: main?.name ?? '',
    name: '',
    email: '',
    reference: '',
    summary: '',
    activities: [],
  };
}

/** The input that shows the errors of a path the core reports. */
export function intakeKey(path: string): string {
  if (/^activities\[\d+\]$/.test(path)) return 'activities';
  if (path === 'calendar' || path === 'timezone') return 'establishment';
  return path;
}

const LABELS: Record<string, MessageKey> = {
  regime: 'intake.regime',
  request_type: 'intake.type',
  channel: 'intake.channel',
  received_at: 'intake.receivedDate',
  received_time: 'intake.receivedTime',
  establishment: 'intake.establishment',
  'requester.name': 'intake.name',
  'requester.email': 'intake.email',
  'requester.reference': 'intake.reference',
  summary: 'intake.summary',
  activities: 'intake.section.activities',
};

const labelOf = (i18n: I18n, path: string) => {
  const key = LABELS[intakeKey(path)];
  return key ? i18n.t(key) : path;
};

/** What the browser can check before asking the backend: a date and time the backend can read. */
export function clientErrors(f: Form): FieldError[] {
  const errors: FieldError[] = [];
  if (!/^\d{4}-\d{2}-\d{2}$/.test(f.date)) errors.push({ field: 'received_at', code: 'required', message: 'give the date the request arrived' });
  if (!/^\d{2}:\d{2}(:\d{2})?$/.test(f.time)) errors.push({ field: 'received_time', code: 'required', message: 'give the local time it arrived' });
  return errors;
}

export function toNewRequest(f: Form): NewRequest {
  return {
    regime: f.regime,
    request_type: f.type,
    channel: f.channel,
    received_at: `${f.date}T${f.time.length === 5 ? `${f.time}:00` : f.time}`,
    establishment: f.establishment === '' ? null : f.establishment,
    calendar: null,
    requester: { name: f.name, email: f.email, reference: f.reference },
    summary: f.summary,
    activities: f.activities,
    events: [],
  };
}

export function RequestIntakeScreen() {
  const backend = useBackend();
  const { t } = useI18n();
  const [res, reload] = useAsync(
    () => Promise.all([backend.getOrganisation(), backend.listActivities(emptyActivityQuery(), null)]),
    [backend],
  );
  if (res.state === 'error') {
    return (
      <>
        <PageTitle>{t('intake.title')}</PageTitle>
        <ErrorBox error={res.error} onRetry={reload} />
      </>
    );
  }
  // Keep the form (and what the user typed) mounted while a reload runs; only the first load shows a spinner.
  if (res.data === null) return <Loading />;
  const [org, page] = res.data;
  return <IntakeForm org={org} activities={page.items} />;
}

const SHOWN_ACTIVITIES = 50;

function IntakeForm({ org, activities }: { org: Organisation | null; activities: ActivitySummary[] }) {
  const backend = useBackend();
  const i18n = useI18n();
  const { t } = i18n;
  const [f, setF] = useState<Form>(() => initialForm(org));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [filter, setFilter] = useState('');
  const focusErrors = useRef(false);
  const summaryRef = useRef<HTMLDivElement>(null);

  const set = <K extends keyof Form>(k: K, v: Form[K]) => setF((x) => ({ ...x, [k]: v }));
  const types = requestTypesFor(f.regime);
  const establishments = org?.establishments ?? [];

  const byField = useMemo(() => {
    const m = new Map<string, FieldError[]>();
    for (const e of errors) {
      const k = intakeKey(e.field);
      m.set(k, [...(m.get(k) ?? []), e]);
    }
    return m;
  }, [errors]);

  useEffect(() => {
    if (!focusErrors.current || errors.length === 0) return;
    focusErrors.current = false;
    if (!focusFirst(errors.map((e) => inputId(intakeKey(e.field))))) summaryRef.current?.focus();
  }, [errors]);

  const changeRegime = (regime: Regime) => {
    const valid = requestTypesFor(regime);
    setF((x) => ({ ...x, regime, type: valid.includes(x.type) ? x.type : valid[0]! }));
  };

  const words = filter.trim().toLowerCase().split(/\s+/).filter((w) => w !== '');
  const matching = activities.filter((a) => !f.activities.includes(a.id) && words.every((w) => `${a.id} ${a.name} ${a.department}`.toLowerCase().includes(w)));
  const chosen = f.activities.map((id) => activities.find((a) => a.id === id) ?? null);
  const options = [
    ...chosen.map((a, i) => ({ value: a?.id ?? f.activities[i]!, label: a ? `${a.id} · ${a.name}` : f.activities[i]! })),
    ...matching.slice(0, SHOWN_ACTIVITIES).map((a) => ({ value: a.id, label: `${a.id} · ${a.name}` })),
  ];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (saving) return;
    setFailure(null);
    const local = clientErrors(f);
    if (local.length > 0) {
      focusErrors.current = true;
      setErrors(local);
      return;
    }
    setSaving(true);
    try {
      const view = await backend.addRequest(toNewRequest(f));
      setErrors([]);
      navigate({ name: 'request', id: view.request.id });
    } catch (err) {
      if (isApiError(err) && err.code === 'validation' && err.fields.length > 0) {
        focusErrors.current = true;
        setErrors(err.fields);
      } else {
        setErrors([]);
        setFailure(err);
      }
      setSaving(false);
    }
  };

  return (
    <FieldErrorsContext.Provider value={byField}>
      <a className="back-link" href={href({ name: 'requests' })}>
        <span aria-hidden="true">← </span>
        {t('intake.back')}
      </a>
      <PageTitle>{t('intake.title')}</PageTitle>
      <form className="intake-form" onSubmit={(e) => void submit(e)} noValidate data-testid="intake-form" aria-describedby={errors.length > 0 ? 'intake-errors' : undefined}>
        {errors.length > 0 ? (
          <div className="callout callout-error" role="alert" id="intake-errors" tabIndex={-1} ref={summaryRef} data-testid="intake-error-summary">
            <p>
              <strong>{i18n.tp('intake.errorSummary', errors.length)}</strong>
            </p>
            <ul>
              {errors.map((e, i) => (
                <li key={`${e.field}-${i}`}>
                  <a
                    href={`#${inputId(intakeKey(e.field))}`}
                    onClick={(ev) => {
                      ev.preventDefault();
                      focusFirst([inputId(intakeKey(e.field))]);
                    }}
                  >
                    {labelOf(i18n, e.field)}
                  </a>
                  : {fieldErrorText(i18n, e)}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {failure !== null ? <ErrorBox error={failure} /> : null}

        <fieldset className="card form-section">
          <legend>{t('intake.section.request')}</legend>
          <div className="row-3">
            <Field name="regime" label={t('intake.regime')} help={t('intake.regimeHelp')}>
              {(p) => (
                <select {...p} value={f.regime} onChange={(e) => changeRegime(e.currentTarget.value as Regime)} data-testid="intake-regime">
                  {REQUEST_REGIMES.map((r) => (
                    <option key={r} value={r}>
                      {t(`deadline.regime.${r}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field name="request_type" label={t('intake.type')} help={t('intake.typeHelp')}>
              {(p) => (
                <select {...p} value={f.type} onChange={(e) => set('type', e.currentTarget.value as RequestType)} data-testid="intake-type">
                  {types.map((ty) => (
                    <option key={ty} value={ty}>
                      {t(`reqType.${ty}`)} · {REQUEST_TYPE_PROVISION[ty]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field name="channel" label={t('intake.channel')}>
              {(p) => (
                <select {...p} value={f.channel} onChange={(e) => set('channel', e.currentTarget.value as RequestChannel)} data-testid="intake-channel">
                  {REQUEST_CHANNELS.map((c) => (
                    <option key={c} value={c}>
                      {t(`channel.${c}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <div className="row-3">
            <Field name="received_at" label={t('intake.receivedDate')} help={t('intake.receivedHelp')} required>
              {(p) => <input {...p} type="date" value={f.date} onChange={(e) => set('date', e.currentTarget.value)} aria-required="true" data-testid="intake-date" />}
            </Field>
            <Field name="received_time" label={t('intake.receivedTime')} required>
              {(p) => <input {...p} type="time" value={f.time} onChange={(e) => set('time', e.currentTarget.value)} aria-required="true" data-testid="intake-time" />}
            </Field>
            <Field name="establishment" label={t('intake.establishment')} help={t('intake.establishmentHelp')}>
              {(p) => (
                <select {...p} value={f.establishment} onChange={(e) => set('establishment', e.currentTarget.value)} data-testid="intake-establishment">
                  {establishments.length === 0 ? <option value="">{t('common.noneOption')}</option> : null}
                  {establishments.map((e) => (
                    <option key={e.name} value={e.name}>
                      {e.main ? t('intake.establishmentMain', { name: e.name }) : e.name} · {e.region || e.country} · {e.timezone}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          {establishments.length === 0 ? (
            <p className="callout callout-info" data-testid="intake-no-establishment">
              {t('intake.noEstablishment')}
            </p>
          ) : null}
        </fieldset>

        <fieldset className="card form-section">
          <legend>{t('intake.section.requester')}</legend>
          <div className="row-3">
            <Field name="requester.name" label={t('intake.name')} help={t('intake.nameHelp')}>
              {(p) => <input {...p} value={f.name} onChange={(e) => set('name', e.currentTarget.value)} autoComplete="off" data-testid="intake-name" />}
            </Field>
            <Field name="requester.email" label={t('intake.email')}>
              {(p) => <input {...p} type="email" value={f.email} onChange={(e) => set('email', e.currentTarget.value)} autoComplete="off" data-testid="intake-email" />}
            </Field>
            <Field name="requester.reference" label={t('intake.reference')} help={t('intake.referenceHelp')}>
              {(p) => <input {...p} value={f.reference} onChange={(e) => set('reference', e.currentTarget.value)} autoComplete="off" data-testid="intake-reference" />}
            </Field>
          </div>
          <Field name="summary" label={t('intake.summary')} help={t('intake.summaryHelp')}>
            {(p) => <textarea {...p} rows={3} value={f.summary} onChange={(e) => set('summary', e.currentTarget.value)} data-testid="intake-summary" />}
          </Field>
        </fieldset>

        <fieldset className="card form-section">
          <legend>{t('intake.section.activities')}</legend>
          <div className="field">
            <label htmlFor="intake-activity-filter">{t('intake.activitiesFilter')}</label>
            <input
              id="intake-activity-filter"
              type="search"
              value={filter}
              onChange={(e) => setFilter(e.currentTarget.value)}
              aria-describedby="intake-activity-count"
              autoComplete="off"
              data-testid="intake-activity-filter"
            />
            <p className="help" id="intake-activity-count" aria-live="polite">
              {i18n.tp('intake.activitiesSelected', f.activities.length)}
              {matching.length > SHOWN_ACTIVITIES ? ` · ${t('intake.activitiesMore', { count: i18n.number(matching.length - SHOWN_ACTIVITIES) })}` : ''}
            </p>
          </div>
          <CheckGroup
            name="activities"
            legend={t('intake.activitiesHelp')}
            options={options}
            selected={f.activities}
            onChange={(v) => set('activities', v)}
            empty={t('intake.activitiesNone')}
          />
        </fieldset>

        <div className="form-actions">
          <a className="btn" href={href({ name: 'requests' })}>
            {t('common.cancel')}
          </a>
          <button type="submit" className="btn btn-primary" disabled={saving} data-testid="intake-save">
            {saving ? t('intake.saving') : t('intake.save')}
          </button>
        </div>
      </form>
    </FieldErrorsContext.Provider>
  );
}
