// The Art. 19 ledger of a rectification, erasure or restriction: every recipient of the linked
// activities, and whether it was told (notified, acknowledged) or why not (impossible, disproportionate
// effort: a reason is required). The requester may be told who the recipients are (Art. 19, second
// sentence): "Copy list for the requester" puts their names and countries on the clipboard.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useBackend } from '../../api';
import type { DataSubjectRequest, FieldError, NoticeStatus, RecipientNotice, RequestType, RequestView } from '../../api/types';
import { useI18n, type I18n } from '../../i18n';
import { href } from '../../lib/router';
import { Dialog } from '../../components/Dialog';
import { Field, FieldErrorsContext } from '../../components/ui';
import { formFieldErrors, WorkFailure } from './common';

/** The rights whose outcome is passed on to the recipients (`RequestType::notifies_recipients`). */
export const NOTIFYING_TYPES: readonly RequestType[] = ['rectification', 'erasure', 'restriction', 'delete', 'correct'];

/** Whether a request has (or may get) an Art. 19 ledger. */
export function showsLedger(r: DataSubjectRequest): boolean {
  return (r.recipients?.length ?? 0) > 0 || NOTIFYING_TYPES.includes(r.request_type);
}

const told = (n: RecipientNotice) => n.status === 'notified' || n.status === 'acknowledged';
const exempt = (n: RecipientNotice) => n.status === 'impossible' || n.status === 'disproportionate-effort';

/** The list the requester may be given: one line per recipient with its country. */
export function recipientListText(i18n: I18n, notices: readonly RecipientNotice[]): string {
  const lines = notices.map((n) => {
    const name = n.external ? n.recipient : i18n.t('ledger.copyInternal', { name: n.recipient });
    return n.country ? i18n.t('ledger.copyCountry', { name, country: i18n.country(n.country) }) : name;
  });
  return [i18n.t('ledger.copyHeading'), ...lines.map((l) => `- ${l}`)].join('\n');
}

type ReasonStatus = 'impossible' | 'disproportionate-effort';

export function RecipientLedger({ view, onChanged, onReload }: { view: RequestView; onChanged: (v: RequestView) => void; onReload: () => void }) {
  const backend = useBackend();
  const i18n = useI18n();
  const { t } = i18n;
  const r = view.request;
  const notices = r.recipients ?? [];
  const received = r.received_at.slice(0, 10);
  const [date, setDate] = useState(view.today);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [message, setMessage] = useState('');
  const [dialog, setDialog] = useState<{ notice: RecipientNotice; status: ReasonStatus } | null>(null);
  const [copy, setCopy] = useState<{ ok: boolean; text: string } | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => setFailure(null), [view.version]);

  const statusText = (s: NoticeStatus) => t(`ledger.status.${s}`);
  const recorded = (v: RequestView, name: string, status: NoticeStatus) => {
    setMessage(t('ledger.saved', { name, status: statusText(status) }));
    onChanged(v);
  };

  const record = async (n: RecipientNotice, status: 'notified' | 'acknowledged') => {
    if (busy) return;
    setBusy(true);
    setFailure(null);
    setMessage('');
    try {
      recorded(await backend.recordRecipientNotice(r.id, n.recipient, status, date, '', view.version), n.recipient, status);
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  const copyList = async () => {
    const text = recipientListText(i18n, notices);
    try {
      if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      setCopy({ ok: true, text });
    } catch {
      setCopy({ ok: false, text });
    }
  };

  const nTold = notices.filter(told).length;
  const nExempt = notices.filter(exempt).length;
  return (
    <section className="card ledger" aria-labelledby="ledger-h" data-testid="ledger">
      <div className="card-title-row">
        <h2 id="ledger-h" tabIndex={-1} ref={headingRef}>
          {t('ledger.title')} <span className="ref">GDPR Art. 19</span>
        </h2>
        {notices.length > 0 ? (
          <button type="button" className="btn btn-small" onClick={() => void copyList()} aria-describedby="ledger-copy-help" data-testid="ledger-copy">
            {t('ledger.copy')}
          </button>
        ) : null}
      </div>
      <p className="help">{t('ledger.help')}</p>
      {notices.length === 0 ? (
        <p className="task-empty" data-testid="ledger-empty">
          {t('ledger.empty')}
        </p>
      ) : (
        <>
          <p className="ledger-summary" data-testid="ledger-summary">
            <strong>{t('ledger.summary', { told: i18n.number(nTold), total: i18n.number(notices.length) })}</strong>
            {nExempt > 0 ? ` · ${t('ledger.exempt', { count: i18n.number(nExempt) })}` : ''}
          </p>
          <p className="help" id="ledger-copy-help">
            {t('ledger.copyHelp')}
          </p>
          {copy !== null ? (
            copy.ok ? (
              <p className="callout callout-ok" role="status" data-testid="ledger-copied">
                {i18n.tp('ledger.copied', notices.length)}
              </p>
            ) : (
              <div className="callout callout-warn" role="alert" data-testid="ledger-copy-failed">
                <p>{t('ledger.copyFailed')}</p>
                <textarea className="ledger-copy-text" readOnly rows={Math.min(8, notices.length + 1)} value={copy.text} aria-label={t('ledger.copy')} />
              </div>
            )
          ) : null}
          <div className="field ledger-date">
            <label htmlFor="ledger-date">{t('ledger.noticeDate')}</label>
            <input
              id="ledger-date"
              type="date"
              value={date}
              min={received}
              max={view.today}
              onChange={(e) => setDate(e.currentTarget.value)}
              aria-describedby="ledger-date-help"
              data-testid="ledger-date"
            />
            <p className="help" id="ledger-date-help">
              {t('ledger.noticeDateHelp')}
            </p>
          </div>
          <div className="table-scroll">
            <table className="table ledger-table" data-testid="ledger-table">
              <thead>
                <tr>
                  <th scope="col">{t('ledger.recipient')}</th>
                  <th scope="col">{t('ledger.kind')}</th>
                  <th scope="col">{t('ledger.country')}</th>
                  <th scope="col">{t('ledger.activities')}</th>
                  <th scope="col">{t('ledger.status')}</th>
                  <th scope="col">{t('ledger.date')}</th>
                  <th scope="col">{t('ledger.reason')}</th>
                  <th scope="col" className="actions">
                    {t('ledger.actions')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {notices.map((n) => (
                  <tr key={n.recipient} data-testid="ledger-row" data-status={n.status}>
                    <th scope="row">{n.recipient}</th>
                    <td>{t(n.external ? 'ledger.external' : 'ledger.internal')}</td>
                    <td>{n.country ? i18n.country(n.country) : <span className="muted">—</span>}</td>
                    <td>
                      {n.activities.map((a, i) => (
                        <span key={a}>
                          {i > 0 ? ', ' : null}
                          <a href={href({ name: 'activity', id: a, asOf: null, tab: 'details' })}>{a}</a>
                        </span>
                      ))}
                    </td>
                    <td>
                      <span className={`chip notice-${n.status}`} data-testid="ledger-status">
                        {statusText(n.status)}
                      </span>
                    </td>
                    <td>{n.date ? <time dateTime={n.date}>{i18n.date(n.date)}</time> : <span className="muted">—</span>}</td>
                    <td className="ledger-reason" data-testid="ledger-reason">
                      {n.reason ?? ''}
                    </td>
                    <td className="actions">
                      <NoticeActions notice={n} busy={busy} onRecord={(s) => void record(n, s)} onReason={(s) => setDialog({ notice: n, status: s })} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <WorkFailure failure={failure} onReload={onReload} testId="ledger-error" />
      <p className="ok-text" role="status" aria-live="polite" data-testid="ledger-message">
        {message}
      </p>
      {dialog !== null ? (
        <ReasonDialog
          view={view}
          notice={dialog.notice}
          status={dialog.status}
          initialDate={date}
          onClose={() => setDialog(null)}
          onDone={(v) => {
            setDialog(null);
            recorded(v, dialog.notice.recipient, dialog.status);
            setTimeout(() => headingRef.current?.focus(), 0);
          }}
          onReload={() => {
            setDialog(null);
            onReload();
          }}
        />
      ) : null}
    </section>
  );
}

function NoticeActions({
  notice,
  busy,
  onRecord,
  onReason,
}: {
  notice: RecipientNotice;
  busy: boolean;
  onRecord: (s: 'notified' | 'acknowledged') => void;
  onReason: (s: ReasonStatus) => void;
}) {
  const { t } = useI18n();
  const name = notice.recipient;
  const s = notice.status;
  return (
    <span className="ledger-actions">
      {s !== 'notified' && s !== 'acknowledged' ? (
        <button type="button" className="btn btn-small" disabled={busy} onClick={() => onRecord('notified')} aria-label={t('ledger.notifyLabel', { name })}>
          {t('ledger.notify')}
        </button>
      ) : null}
      {s === 'notified' ? (
        <button type="button" className="btn btn-small" disabled={busy} onClick={() => onRecord('acknowledged')} aria-label={t('ledger.acknowledgeLabel', { name })}>
          {t('ledger.acknowledge')}
        </button>
      ) : null}
      {s !== 'impossible' && s !== 'acknowledged' ? (
        <button type="button" className="btn btn-small" disabled={busy} onClick={() => onReason('impossible')} aria-label={t('ledger.impossibleLabel', { name })}>
          {t('ledger.impossible')}
        </button>
      ) : null}
      {s !== 'disproportionate-effort' && s !== 'acknowledged' ? (
        <button
          type="button"
          className="btn btn-small"
          disabled={busy}
          onClick={() => onReason('disproportionate-effort')}
          aria-label={t('ledger.disproportionateLabel', { name })}
        >
          {t('ledger.disproportionate')}
        </button>
      ) : null}
    </span>
  );
}

function ReasonDialog({
  view,
  notice,
  status,
  initialDate,
  onClose,
  onDone,
  onReload,
}: {
  view: RequestView;
  notice: RecipientNotice;
  status: ReasonStatus;
  initialDate: string;
  onClose: () => void;
  onDone: (v: RequestView) => void;
  onReload: () => void;
}) {
  const backend = useBackend();
  const { t } = useI18n();
  const name = notice.recipient;
  const received = view.request.received_at.slice(0, 10);
  const [date, setDate] = useState(initialDate);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const fieldErrors = formFieldErrors(failure, { date: 'notice-date' });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (reason.trim() === '') {
      setMissing(true);
      document.getElementById('f-notice-reason')?.focus();
      return;
    }
    setMissing(false);
    setFailure(null);
    setBusy(true);
    try {
      onDone(await backend.recordRecipientNotice(view.request.id, name, status, date, reason.trim(), view.version));
    } catch (err) {
      setFailure(err);
      setBusy(false);
    }
  };

  const errors = new Map<string, FieldError[]>(fieldErrors ?? []);
  if (missing) errors.set('notice-reason', [{ field: 'notice-reason', code: 'required', message: t('ledger.reasonMissing') }]);
  return (
    <Dialog
      title={t(status === 'impossible' ? 'ledger.dialogImpossible' : 'ledger.dialogDisproportionate', { name })}
      onClose={onClose}
      testId="notice-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form="notice-form" className="btn btn-primary" disabled={busy} data-testid="notice-save">
            {busy ? t('ledger.saving') : t('ledger.save')}
          </button>
        </>
      }
    >
      <FieldErrorsContext.Provider value={errors}>
        <form id="notice-form" onSubmit={(e) => void submit(e)} noValidate>
          <Field name="notice-reason" label={t('ledger.reason')} help={t('ledger.reasonHelp')} required>
            {(p) => <textarea {...p} rows={3} value={reason} onChange={(e) => setReason(e.currentTarget.value)} aria-required="true" data-autofocus data-testid="notice-reason" />}
          </Field>
          <Field name="notice-date" label={t('ledger.date')} help={t('tasks.dateHelp')}>
            {(p) => <input {...p} type="date" value={date} min={received} max={view.today} onChange={(e) => setDate(e.currentTarget.value)} />}
          </Field>
          {fieldErrors === null ? <WorkFailure failure={failure} onReload={onReload} testId="notice-error" /> : null}
        </form>
      </FieldErrorsContext.Provider>
    </Dialog>
  );
}
