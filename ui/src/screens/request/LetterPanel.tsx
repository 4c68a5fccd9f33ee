// Letters to the requester, on the request detail: the kinds that make sense for where the request
// stands, in the requester's language (English, Spanish, German or French), written by the backend from
// the current template (Settings › Letters). The text can be copied, set as a PDF (previewed with
// pdf.js), or saved as a PDF: saving records the letter as issued in the audit trail with its SHA-256.
import { useEffect, useRef, useState } from 'react';
import { isApiError, useBackend } from '../../api';
import { LETTER_KINDS, LETTER_LANGUAGES } from '../../api/enums';
import type { LetterKind, LetterLanguage, Regime, ReportPaper, RequestView, SavedLetter } from '../../api/types';
import { useI18n, type MessageKey } from '../../i18n';
import { useAsync, useDebounced } from '../../lib/hooks';
import { errorText, Field } from '../../components/ui';
import { PdfPreview } from '../../components/PdfPreview';

/** Letters that take a reason (refusal, extension) or a question (clarification). */
export const KINDS_WITH_REASON: readonly LetterKind[] = ['refusal', 'extension-notice', 'clarification-request'];

/** The letters that make sense for the request as it stands. */
export function letterKindsFor(view: RequestView): LetterKind[] {
  const r = view.request;
  const has = (k: string) => r.events.some((e) => e.kind === k);
  const closed = view.due.closed_on !== null;
  const refused = has('refused');
  const withdrawn = has('withdrawn');
  return LETTER_KINDS.filter((k) => {
    switch (k) {
      case 'acknowledgement':
        return true;
      case 'identity-request':
      case 'clarification-request':
        return !closed;
      case 'extension-notice':
        return has('extended');
      case 'completion':
        return !refused && !withdrawn;
      case 'refusal':
        // Recorded, or being prepared (the reason is then typed here).
        return refused || !closed;
      case 'access-answer':
        return r.request_type === 'access' || r.request_type === 'know';
    }
  });
}

const LETTER_PAPER_REGIMES: readonly Regime[] = ['ccpa', 'vcdpa', 'cpa', 'ucpa', 'pipeda', 'quebec'];

/** A UI language is also a letter language; default to it. */
function defaultLanguage(lang: string): LetterLanguage {
  return LETTER_LANGUAGES.find((l) => l === lang) ?? 'en';
}

const REASON_LABEL: Partial<Record<LetterKind, MessageKey>> = {
  refusal: 'letters.reason.refusal',
  'extension-notice': 'letters.reason.extension',
  'clarification-request': 'letters.reason.clarification',
};
const REASON_HELP: Partial<Record<LetterKind, MessageKey>> = {
  refusal: 'letters.reason.refusalHelp',
  'extension-notice': 'letters.reason.extensionHelp',
  'clarification-request': 'letters.reason.clarificationHelp',
};

export function LetterPanel({ view }: { view: RequestView }) {
  const backend = useBackend();
  const i18n = useI18n();
  const { t } = i18n;
  const r = view.request;
  const kinds = letterKindsFor(view);
  const [kind, setKind] = useState<LetterKind>(kinds[0] ?? 'acknowledgement');
  const [language, setLanguage] = useState<LetterLanguage>(() => defaultLanguage(i18n.lang));
  // US and Canadian regimes: US Letter paper; everywhere else A4.
  const [paper, setPaper] = useState<ReportPaper>(LETTER_PAPER_REGIMES.includes(r.regime) ? 'letter' : 'a4');
  const [reason, setReason] = useState('');
  const debouncedReason = useDebounced(reason, 300);
  const [copied, setCopied] = useState<'ok' | 'failed' | null>(null);
  const [pdf, setPdf] = useState<Uint8Array | null>(null);
  const [pdfBusy, setPdfBusy] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<SavedLetter | 'cancelled' | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  // A kind that no longer applies (the request moved on): the first that does.
  const kindsKey = kinds.join(',');
  useEffect(() => {
    if (!kinds.includes(kind)) setKind(kinds[0] ?? 'acknowledgement');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [kindsKey]);

  const takesReason = KINDS_WITH_REASON.includes(kind);
  const refusedRecorded = r.events.some((e) => e.kind === 'refused');
  const reasonGiven = takesReason && debouncedReason.trim() !== '' ? debouncedReason.trim() : null;
  // A refusal that is not recorded needs its reason typed before it can be written.
  const waitingForReason = kind === 'refusal' && !refusedRecorded && reasonGiven === null;

  const [letter] = useAsync(
    () => (waitingForReason ? Promise.resolve(null) : backend.requestLetter(r.id, kind, language, reasonGiven)),
    [backend, r.id, view.version, kind, language, reasonGiven, waitingForReason],
  );
  // Anything that changes the letter drops the PDF shown, the saved result and the copy note.
  useEffect(() => {
    setPdf(null);
    setSaved(null);
    setCopied(null);
    setActionError(null);
  }, [r.id, view.version, kind, language, reasonGiven, paper]);

  const current = letter.state === 'ready' ? letter.data : null;

  const copy = async () => {
    if (!current) return;
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(`${current.subject}\n\n${current.body}`);
      setCopied('ok');
    } catch {
      setCopied('failed');
    }
  };

  const previewPdf = async () => {
    setPdfBusy(true);
    setActionError(null);
    try {
      const bytes = await backend.requestLetterPdf(r.id, kind, language, reasonGiven, paper);
      if (alive.current) setPdf(bytes);
    } catch (e) {
      if (alive.current) setActionError(e);
    } finally {
      if (alive.current) setPdfBusy(false);
    }
  };

  const save = async () => {
    setSaving(true);
    setActionError(null);
    setSaved(null);
    try {
      const s = await backend.saveRequestLetter(r.id, kind, language, reasonGiven, paper);
      if (alive.current) setSaved(s ?? 'cancelled');
    } catch (e) {
      if (alive.current) setActionError(e);
    } finally {
      if (alive.current) setSaving(false);
    }
  };

  const failure = letter.state === 'error' ? letter.error : actionError;
  const ready = current !== null && letter.state === 'ready';

  return (
    <section className="card letter-panel" aria-labelledby="req-letters-h" data-testid="letter-panel">
      <h2 id="req-letters-h">{t('letters.title')}</h2>
      <p className="help">{t('letters.help')}</p>
      <div className="row-2">
        <Field name="letter-kind" label={t('letters.kind')}>
          {(p) => (
            <select {...p} value={kind} onChange={(e) => setKind(e.currentTarget.value as LetterKind)} data-testid="letter-kind">
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {t(`letters.kind.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="letter-language" label={t('letters.language')}>
          {(p) => (
            <select {...p} value={language} onChange={(e) => setLanguage(e.currentTarget.value as LetterLanguage)} data-testid="letter-language">
              {LETTER_LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {t(`letters.lang.${l}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="row-2">
        <Field name="letter-paper" label={t('letters.paper')}>
          {(p) => (
            <select {...p} value={paper} onChange={(e) => setPaper(e.currentTarget.value as ReportPaper)} data-testid="letter-paper">
              <option value="a4">A4</option>
              <option value="letter">{t('letters.paper.letter')}</option>
            </select>
          )}
        </Field>
      </div>
      {takesReason ? (
        <Field name="letter-reason" label={t(REASON_LABEL[kind]!)} help={t(REASON_HELP[kind]!)}>
          {(p) => <textarea {...p} rows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-testid="letter-reason" />}
        </Field>
      ) : null}

      {waitingForReason ? (
        <p className="callout callout-info" data-testid="letter-needs-reason">
          {t('letters.needsReason')}
        </p>
      ) : null}

      {failure !== null ? (
        <div className="callout callout-error" role="alert" data-testid="letter-error">
          <p>
            <strong>{t('letters.cannotWrite')}</strong>
          </p>
          <p>{isApiError(failure) && (failure.code === 'conflict' || failure.code === 'validation') ? failure.message : errorText(i18n, failure)}</p>
        </div>
      ) : null}

      {current !== null ? (
        <>
          {current.warnings.length > 0 ? (
            <div className="callout callout-warn" role="note" data-testid="letter-warnings">
              <p>
                <strong>{t('letters.warnings')}</strong>
              </p>
              <ul>
                {current.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <div className={`letter-text${letter.state === 'loading' ? ' letter-text-stale' : ''}`} data-testid="letter-text" lang={current.language}>
            <p className="letter-subject">
              <span className="muted">{t('letters.subject')}: </span>
              <strong data-testid="letter-subject">{current.subject}</strong>
            </p>
            <pre className="letter-body" data-testid="letter-body">
              {current.body}
            </pre>
          </div>
        </>
      ) : letter.state === 'loading' ? (
        <p className="muted" role="status">
          {t('letters.writing')}
        </p>
      ) : null}

      <div className="form-actions form-actions-start letter-actions">
        <button type="button" className="btn" onClick={() => void copy()} disabled={!ready} data-testid="letter-copy">
          {t('letters.copy')}
        </button>
        <button type="button" className="btn" onClick={() => void previewPdf()} disabled={!ready || pdfBusy} data-testid="letter-preview-pdf">
          {pdfBusy ? t('letters.previewing') : t('letters.previewPdf')}
        </button>
        <button type="button" className="btn btn-primary" onClick={() => void save()} disabled={!ready || saving} data-testid="letter-save">
          {saving ? t('common.saving') : t('letters.savePdf')}
        </button>
      </div>
      <div role="status" aria-live="polite">
        {copied === 'ok' ? (
          <p className="ok-text" data-testid="letter-copied">
            {t('letters.copied')}
          </p>
        ) : copied === 'failed' ? (
          <p className="field-error" data-testid="letter-copy-failed">
            {t('letters.copyFailed')}
          </p>
        ) : null}
        {saved === 'cancelled' ? (
          <p className="muted" data-testid="letter-save-cancelled">
            {t('letters.saveCancelled')}
          </p>
        ) : saved !== null ? (
          <div className="callout callout-ok" data-testid="letter-saved">
            <p>
              <strong>{t('letters.saved')}</strong>
            </p>
            <dl className="props">
              <dt>{t('letters.savedPath')}</dt>
              <dd className="mono" data-testid="letter-saved-path">
                {saved.pdf}
              </dd>
              <dt>SHA-256</dt>
              <dd className="mono hash-full" data-testid="letter-saved-sha256">
                {saved.sha256}
              </dd>
            </dl>
            <p className="help">{t('letters.savedAudit')}</p>
          </div>
        ) : null}
      </div>
      {pdf !== null ? <PdfPreview bytes={pdf} pages={2} label={t('letters.pdfLabel')} /> : null}
    </section>
  );
}
