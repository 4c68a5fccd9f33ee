// One data-subject request: where it stands and when it is due (recomputed by the backend from the
// events, with the explanation, rule, source and every reading), the work it creates (a task per system
// of the linked activities, and for rectification, erasure and restriction the Art. 19 ledger of
// recipients: ./request/), its timeline from receipt, and a form to add the next step (the steps the
// backend says the workflow allows next). Every change carries the version it was based on: if the
// request changed meanwhile (`stale`) the backend refuses it and the screen offers to reload it; a
// change the state does not allow (`conflict`) shows the backend's reason.
import { type FormEvent, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { isApiError, useBackend } from '../api';
import type { EventKind, RequestView } from '../api/types';
import { EVENTS_NEEDING_NOTE, REQUEST_TYPE_PROVISION } from '../api/enums';
import { useI18n } from '../i18n';
import { useAsync } from '../lib/hooks';
import { href } from '../lib/router';
import { ErrorBox, errorText, Field, FieldErrorsContext, Loading, PageTitle } from '../components/ui';
import { CandidateTable, DateValue } from './Deadlines';
import { DaysLeft, RequestStatusChip } from './Requests';
import { TaskBoard } from './request/TaskBoard';
import { RecipientLedger, showsLedger } from './request/RecipientLedger';
import { LetterPanel } from './request/LetterPanel';

export function RequestDetailScreen({ id }: { id: string }) {
  const backend = useBackend();
  const { t } = useI18n();
  const [res, reload] = useAsync(() => backend.getRequest(id), [backend, id]);
  // The view after an added step (the backend's answer), until the next load.
  const [updated, setUpdated] = useState<RequestView | null>(null);
  const view = updated ?? res.data;
  if (res.state === 'error' && view === null) {
    return (
      <>
        <a className="back-link" href={href({ name: 'requests' })}>
          <span aria-hidden="true">← </span>
          {t('request.back')}
        </a>
        <PageTitle>{t('request.title', { id })}</PageTitle>
        <ErrorBox error={res.error} onRetry={reload} />
      </>
    );
  }
  if (view === null) return <Loading />;
  return (
    <RequestDetail
      view={view}
      onChanged={setUpdated}
      onReload={() => {
        setUpdated(null);
        reload();
      }}
      reloading={res.state === 'loading'}
    />
  );
}

function RequestDetail({
  view,
  onChanged,
  onReload,
  reloading,
}: {
  view: RequestView;
  onChanged: (v: RequestView) => void;
  onReload: () => void;
  reloading: boolean;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const { request: r, due } = view;
  const d = due.deadline;
  const received = r.received_at.slice(0, 10);
  const time = r.received_at.slice(11, 16);
  return (
    <>
      <a className="back-link" href={href({ name: 'requests' })}>
        <span aria-hidden="true">← </span>
        {t('request.back')}
      </a>
      <PageTitle>
        {t('request.title', { id: r.id })} <RequestStatusChip status={due.status} />
      </PageTitle>
      <p className="meta-line" data-testid="request-meta">
        {t(`reqType.${r.request_type}`)} · {REQUEST_TYPE_PROVISION[r.request_type]} · {t(`deadline.regime.${r.regime}`)} ·{' '}
        {r.requester.name || r.requester.reference}
        {reloading ? <span className="spinner spinner-inline" aria-hidden="true" /> : null}
      </p>

      <div className="request-grid">
        <div className="request-main">
          <section className="card" aria-labelledby="req-dates-h" data-testid="request-dates">
            <h2 id="req-dates-h" className="visually-hidden">
              {t('request.due')}
            </h2>
            <div className="deadline-dates">
              <div className="deadline-date deadline-date-legal">
                <span className="deadline-date-label">{t('request.due')}</span>
                <span className="deadline-date-value">
                  <DateValue d={due.due} style="long" testId="request-due" />
                </span>
                <span className="deadline-date-sub" data-testid="request-days-left">
                  <DaysLeft row={{ ...due, status: due.status }} today={view.today} />
                </span>
              </div>
              <div className="deadline-date">
                <span className="deadline-date-label">{t('request.safeDue')}</span>
                <span className="deadline-date-value">
                  <DateValue d={due.safe_due} style="long" testId="request-safe-due" />
                </span>
                <span className="deadline-date-sub">{due.safe_due < due.due ? t('request.safeEarlier') : t('deadline.safeSame')}</span>
              </div>
              {due.closed_on !== null ? (
                <div className="deadline-date">
                  <span className="deadline-date-label">{t('request.closedOn')}</span>
                  <span className="deadline-date-value">
                    <DateValue d={due.closed_on} style="long" testId="request-closed-on" />
                  </span>
                  <span className="deadline-date-sub">{t(due.on_time ? 'request.closedOnTime' : 'request.closedLate')}</span>
                </div>
              ) : null}
            </div>
            {due.clock_stopped ? (
              <p className="callout callout-info" data-testid="request-clock-stopped">
                {t('request.clockStopped')}
              </p>
            ) : null}
            <h3>{t('deadline.explanation')}</h3>
            <p className="callout callout-info deadline-explanation" data-testid="request-explanation">
              {d.explanation}
            </p>
            {i18n.lang !== 'en' ? <p className="muted small">{t('deadline.coreLanguage')}</p> : null}
            {due.warnings.length > 0 ? (
              <div className="callout callout-warn" data-testid="request-warnings">
                <p>
                  <strong>{t('request.warnings')}</strong>
                </p>
                <ul>
                  {due.warnings.map((w) => (
                    <li key={w}>{w}</li>
                  ))}
                </ul>
              </div>
            ) : null}
            <dl className="props">
              <dt>{t('deadline.rule')}</dt>
              <dd data-testid="request-rule">{d.rule}</dd>
              <dt>{t('deadline.source')}</dt>
              <dd data-testid="request-source">{d.source}</dd>
            </dl>
            <CandidateTable title={t('deadline.candidates')} rows={d.candidates} testId="request-candidates" />
            {d.other_dates.length > 0 ? <CandidateTable title={t('deadline.otherDates')} rows={d.other_dates} testId="request-other-dates" /> : null}
          </section>
          <LetterPanel view={view} />
        </div>

        <div className="request-side">
          <section className="card" aria-labelledby="req-timeline-h">
            <h2 id="req-timeline-h">{t('request.timeline')}</h2>
            <ol className="timeline" data-testid="request-timeline">
              <li className="timeline-item timeline-received">
                <span className="timeline-date">
                  <time dateTime={r.received_at}>
                    {i18n.date(received)} {time}
                  </time>
                </span>
                <span className="timeline-kind">{t('request.timelineReceived')}</span>
                <span className="timeline-note muted">{t(`channel.${r.channel}`)}</span>
              </li>
              {r.events.map((e, i) => (
                <li key={`${e.date}-${e.kind}-${i}`} className={`timeline-item timeline-${e.kind}`} data-testid="timeline-event">
                  <span className="timeline-date">
                    <time dateTime={e.date}>{i18n.date(e.date)}</time>
                  </span>
                  <span className="timeline-kind">{t(`eventKind.${e.kind}`)}</span>
                  {e.note !== '' ? <span className="timeline-note">{e.note}</span> : null}
                </li>
              ))}
            </ol>
            <AddEvent view={view} onAdded={onChanged} onReload={onReload} />
          </section>

          <section className="card" aria-labelledby="req-details-h">
            <h2 id="req-details-h">{t('request.details')}</h2>
            <dl className="props" data-testid="request-details">
              <dt>{t('request.regime')}</dt>
              <dd>{t(`deadline.regime.${r.regime}`)}</dd>
              <dt>{t('request.type')}</dt>
              <dd>
                {t(`reqType.${r.request_type}`)} <span className="ref">{REQUEST_TYPE_PROVISION[r.request_type]}</span>
              </dd>
              <dt>{t('request.channel')}</dt>
              <dd>{t(`channel.${r.channel}`)}</dd>
              <dt>{t('request.receivedAt')}</dt>
              <dd>
                {i18n.weekdayDate(received)} {time} <span className="muted">({r.timezone})</span>
              </dd>
              <dt>{t('request.establishment')}</dt>
              <dd>{r.establishment || t('common.none')}</dd>
              <dt>{t('request.calendar')}</dt>
              <dd className="mono">{r.calendar}</dd>
              <dt>{t('request.requester')}</dt>
              <dd>{r.requester.name || t('common.none')}</dd>
              <dt>{t('request.email')}</dt>
              <dd>{r.requester.email || t('common.none')}</dd>
              <dt>{t('request.reference')}</dt>
              <dd>{r.requester.reference || t('common.none')}</dd>
              <dt>{t('request.summary')}</dt>
              <dd>{r.summary || t('common.none')}</dd>
              <dt>{t('request.activities')}</dt>
              <dd>
                {r.activities.length === 0 ? (
                  t('common.none')
                ) : (
                  <ul className="plain-list">
                    {r.activities.map((a) => (
                      <li key={a}>
                        <a href={href({ name: 'activity', id: a, asOf: null, tab: 'details' })}>{a}</a>
                      </li>
                    ))}
                  </ul>
                )}
              </dd>
            </dl>
          </section>
        </div>
      </div>

      <div className="request-work">
        <TaskBoard view={view} onChanged={onChanged} onReload={onReload} />
        {showsLedger(r) ? <RecipientLedger view={view} onChanged={onChanged} onReload={onReload} /> : null}
      </div>
    </>
  );
}

function AddEvent({ view, onAdded, onReload }: { view: RequestView; onAdded: (v: RequestView) => void; onReload: () => void }) {
  const backend = useBackend();
  const i18n = useI18n();
  const { t } = i18n;
  const r = view.request;
  const received = r.received_at.slice(0, 10);
  // The backend says which steps the workflow allows next (it checks the chosen one again).
  const steps = view.next_steps;
  const lastDate = r.events.length > 0 ? r.events[r.events.length - 1]!.date : received;
  const [kind, setKind] = useState<EventKind>(steps[0] ?? 'note');
  const [date, setDate] = useState(view.today);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [noteMissing, setNoteMissing] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const conflictRef = useRef<HTMLDivElement>(null);
  // A reloaded (or changed) request starts afresh.
  useEffect(() => setFailure(null), [view.version]);

  // After a step, offer the first of the new next steps.
  const stepsKey = steps.join(',');
  useEffect(() => {
    if (!steps.includes(kind)) setKind(steps[0] ?? 'note');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stepsKey]);

  const needsNote = EVENTS_NEEDING_NOTE.includes(kind);
  const stale = isApiError(failure) && failure.code === 'stale';
  // In the commit that shows the alert (not after the paint), so nothing focused meanwhile wins.
  useLayoutEffect(() => {
    if (failure !== null) conflictRef.current?.focus();
  }, [failure]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setDone('');
    if (needsNote && note.trim() === '') {
      setNoteMissing(true);
      document.getElementById('f-event-note')?.focus();
      return;
    }
    setNoteMissing(false);
    setFailure(null);
    setBusy(true);
    try {
      const next = await backend.addRequestEvent(r.id, { kind, date, note: note.trim() }, view.version);
      setNote('');
      setDone(t('request.eventAdded', { kind: t(`eventKind.${kind}`) }));
      onAdded(next);
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  const errors = new Map(noteMissing ? [['event-note', [{ field: 'event-note', code: 'required' as const, message: t('request.noteMissing') }]]] : []);
  return (
    <FieldErrorsContext.Provider value={errors}>
      <form className="add-event" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="add-event-h" data-testid="add-event">
        <h3 id="add-event-h">{t('request.addEvent')}</h3>
        <div className="row-2">
          <Field name="event-kind" label={t('request.eventKind')} help={t('request.eventKindHelp')}>
            {(p) => (
              <select {...p} value={kind} onChange={(e) => setKind(e.currentTarget.value as EventKind)} data-testid="event-kind">
                {steps.map((k) => (
                  <option key={k} value={k}>
                    {t(`eventKind.${k}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="event-date" label={t('request.eventDate')}>
            {(p) => <input {...p} type="date" value={date} min={lastDate} max={view.today} onChange={(e) => setDate(e.currentTarget.value)} data-testid="event-date" />}
          </Field>
        </div>
        <Field
          name="event-note"
          label={t('request.eventNote')}
          help={needsNote ? t('request.eventNoteRequired') : t('request.eventNoteOptional')}
          required={needsNote}
        >
          {(p) => (
            <textarea {...p} rows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} aria-required={needsNote} data-testid="event-note" />
          )}
        </Field>
        {failure !== null ? (
          <div className="callout callout-error" role="alert" tabIndex={-1} ref={conflictRef} data-testid="event-error">
            {stale ? (
              <>
                <p>{t('request.conflict')}</p>
                <button type="button" className="btn" onClick={onReload} data-testid="event-reload">
                  {t('request.reload')}
                </button>
              </>
            ) : (
              <p>{isApiError(failure) && failure.code === 'conflict' ? t('request.refused', { message: failure.message }) : errorText(i18n, failure)}</p>
            )}
          </div>
        ) : null}
        <div className="add-event-actions">
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="event-add">
            {busy ? t('request.adding') : t('request.addEventSubmit')}
          </button>
          <span className="ok-text" role="status" aria-live="polite" data-testid="event-done">
            {done}
          </span>
        </div>
      </form>
    </FieldErrorsContext.Provider>
  );
}
