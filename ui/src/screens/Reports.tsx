// Reports: choose the scope, the "as of" date, the language and the paper; generate (coarse progress
// from the core: collecting, rendering, signing, tables), preview the first pages (the signed PDF's
// bytes, fetched from the core once generated), and save through the native dialog (the PDF as
// previewed, its .minisig beside it). Also: the signing keys, and verifying a PDF someone hands back.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useBackend } from '../api';
import type { GeneratedReport, ReportLanguage, ReportOptions, ReportPaper, ReportScope, ReportStage, SavedFiles, VerifiedFile } from '../api/types';
import { PdfPreview } from '../components/PdfPreview';
import { SigningKeysList } from '../components/SigningKeys';
import { Loading, PageTitle } from '../components/ui';
import { useI18n } from '../i18n';
import { useAsync } from '../lib/hooks';
import { ApiMessage, apiMessage, localToday } from './retention/common';

const SCOPES: ReportScope[] = ['ropa', 'requests', 'retention', 'audit', 'inspection-pack'];
const LANGUAGES: Array<[ReportLanguage, string]> = [
  ['en', 'English'],
  ['es', 'Español'],
  ['de', 'Deutsch'],
  ['fr', 'Français'],
];
const STAGE_ORDER: ReportStage[] = ['collecting', 'rendering', 'signing', 'tabulating', 'done'];
export const PROGRESS_POLL_MS = 250;

/** Whether a report takes an "as of" date (the others state today's facts). */
export const takesAsOf = (s: ReportScope) => s === 'ropa' || s === 'inspection-pack';

let jobSeq = 0;

export function ReportsScreen() {
  const backend = useBackend();
  const i18n = useI18n();
  const { t } = i18n;
  const [scope, setScope] = useState<ReportScope>('ropa');
  const [asOf, setAsOf] = useState('');
  const [language, setLanguage] = useState<ReportLanguage>(i18n.lang === 'es' ? 'es' : 'en');
  const [paper, setPaper] = useState<ReportPaper>('a4');
  const [xlsx, setXlsx] = useState(false);
  const [busy, setBusy] = useState(false);
  const [stage, setStage] = useState<ReportStage | null>(null);
  const [error, setError] = useState<unknown>(null);
  /** Generated, but its PDF could not be fetched for the preview. */
  const [pdfError, setPdfError] = useState<unknown>(null);
  // The generated report with its signed PDF: the bytes previewed are those the backend saves.
  const [report, setReport] = useState<{ generated: GeneratedReport; options: ReportOptions; bytes: Uint8Array } | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<SavedFiles | 'cancelled' | null>(null);
  const [keys] = useAsync(() => backend.reportKeys(), [backend]);
  const [verifying, setVerifying] = useState(false);
  const [verified, setVerified] = useState<VerifiedFile | 'cancelled' | null>(null);
  const [verifyError, setVerifyError] = useState<unknown>(null);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const withXlsx = scope === 'inspection-pack' && xlsx;
  const stages = STAGE_ORDER.filter((s) => s !== 'done' && (s !== 'tabulating' || withXlsx));

  const generate = async (e: FormEvent) => {
    e.preventDefault();
    const options: ReportOptions = { scope, as_of: takesAsOf(scope) && asOf !== '' ? asOf : null, language, paper, xlsx: withXlsx };
    const job = `report-${Date.now()}-${++jobSeq}`;
    setBusy(true);
    setError(null);
    setPdfError(null);
    setSaved(null);
    setReport(null);
    setStage(null);
    const timer = setInterval(() => {
      backend.reportProgress(job).then(
        (s) => {
          if (alive.current && s !== null) setStage(s);
        },
        () => undefined,
      );
    }, PROGRESS_POLL_MS);
    try {
      const generated = await backend.generateReport(job, options);
      let bytes: Uint8Array;
      try {
        bytes = await backend.reportPdf(generated.id);
      } catch (err) {
        if (alive.current) setPdfError(err);
        return;
      }
      if (alive.current) setReport({ generated, options, bytes });
    } catch (err) {
      if (alive.current) setError(err);
    } finally {
      clearInterval(timer);
      if (alive.current) {
        setBusy(false);
        setStage(null);
      }
    }
  };

  const save = async () => {
    if (!report) return;
    setSaving(true);
    setSaved(null);
    setError(null);
    try {
      const r = await backend.saveReport(report.generated.id);
      if (alive.current) setSaved(r ?? 'cancelled');
    } catch (err) {
      if (alive.current) setError(err);
    } finally {
      if (alive.current) setSaving(false);
    }
  };

  const verify = async () => {
    setVerifying(true);
    setVerified(null);
    setVerifyError(null);
    try {
      const r = await backend.verifyReportFile();
      if (alive.current) setVerified(r ?? 'cancelled');
    } catch (err) {
      if (alive.current) setVerifyError(err);
    } finally {
      if (alive.current) setVerifying(false);
    }
  };

  const stageIndex = stage === null ? -1 : stage === 'done' ? stages.length : stages.indexOf(stage);

  return (
    <>
      <PageTitle>{t('nav.reports')}</PageTitle>
      <p className="help">{t('reports.intro')}</p>
      <div className="reports-grid">
        <section className="card" aria-labelledby="report-form-h">
          <h2 id="report-form-h">{t('reports.generateTitle')}</h2>
          <form onSubmit={generate} noValidate data-testid="report-form">
            <fieldset className="field radios">
              <legend>{t('reports.scope')}</legend>
              {SCOPES.map((s) => (
                <label key={s} className="check" htmlFor={`report-scope-${s}`}>
                  <input id={`report-scope-${s}`} type="radio" name="report-scope" checked={scope === s} onChange={() => setScope(s)} disabled={busy} />
                  <span>
                    {t(`reports.scope.${s}`)}
                    <span className="hint"> {t(`reports.scopeHint.${s}`)}</span>
                  </span>
                </label>
              ))}
            </fieldset>
            <div className="row-3">
              <div className="field">
                <label htmlFor="report-asof">{t('reports.asOf')}</label>
                <input
                  id="report-asof"
                  type="date"
                  value={takesAsOf(scope) ? asOf : ''}
                  max={localToday()}
                  onChange={(e) => setAsOf(e.currentTarget.value)}
                  disabled={busy || !takesAsOf(scope)}
                  aria-describedby="report-asof-help"
                />
                <p className="help" id="report-asof-help">
                  {takesAsOf(scope) ? t('reports.asOfHelp') : t('reports.asOfToday')}
                </p>
              </div>
              <div className="field">
                <label htmlFor="report-lang">{t('reports.language')}</label>
                <select id="report-lang" value={language} onChange={(e) => setLanguage(e.currentTarget.value as ReportLanguage)} disabled={busy}>
                  {LANGUAGES.map(([code, name]) => (
                    <option key={code} value={code}>
                      {name}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="report-paper">{t('reports.paper')}</label>
                <select id="report-paper" value={paper} onChange={(e) => setPaper(e.currentTarget.value as ReportPaper)} disabled={busy}>
                  <option value="a4">A4</option>
                  <option value="letter">Letter</option>
                </select>
              </div>
            </div>
            {scope === 'inspection-pack' ? (
              <label className="check" htmlFor="report-xlsx">
                <input id="report-xlsx" type="checkbox" checked={xlsx} onChange={(e) => setXlsx(e.currentTarget.checked)} disabled={busy} />
                <span>{t('reports.xlsx')}</span>
              </label>
            ) : null}
            <div className="form-actions">
              <button type="submit" className="btn btn-primary" disabled={busy} data-testid="report-generate">
                {busy ? t('reports.generating') : t('reports.generate')}
              </button>
            </div>
          </form>
          {busy ? (
            <div className="report-progress" data-testid="report-progress">
              <progress max={stages.length} value={Math.max(0, stageIndex)} aria-label={t('reports.progressLabel')} />
              <ol className="plain-list">
                {stages.map((s, i) => (
                  <li key={s} data-testid={`report-stage-${s}`} aria-current={i === stageIndex ? 'step' : undefined} className={i < stageIndex ? 'ok-text' : i === stageIndex ? '' : 'muted'}>
                    {i < stageIndex ? '✓ ' : i === stageIndex ? '… ' : '○ '}
                    {t(`reports.stage.${s as 'collecting' | 'rendering' | 'signing' | 'tabulating'}`)}
                  </li>
                ))}
              </ol>
            </div>
          ) : null}
          {error !== null ? <ApiMessage i18n={i18n} error={error} testId="report-error" /> : null}
          {pdfError !== null ? (
            <div className="callout callout-error" role="alert" data-testid="report-pdf-error">
              <p>{t('reports.pdfError', { message: apiMessage(i18n, pdfError) })}</p>
            </div>
          ) : null}
        </section>

        <aside className="card" aria-labelledby="report-keys-h">
          <h2 id="report-keys-h">{t('reports.keysTitle')}</h2>
          <p className="help">{t('reports.keysHelp')}</p>
          {keys.state === 'error' ? <ApiMessage i18n={i18n} error={keys.error} /> : null}
          {keys.data === null ? (
            keys.state === 'loading' ? <Loading /> : null
          ) : (
            <SigningKeysList keys={keys.data} testIdPrefix="report" />
          )}
          <h3>{t('reports.verifyTitle')}</h3>
          <p className="help">{t('reports.verifyHelp')}</p>
          <button type="button" className="btn" onClick={verify} disabled={verifying} data-testid="report-verify">
            {verifying ? t('reports.verifying') : t('reports.verify')}
          </button>
          {verifyError !== null ? <ApiMessage i18n={i18n} error={verifyError} testId="report-verify-error" /> : null}
          {verified === 'cancelled' ? <p className="muted">{t('reports.verifyCancelled')}</p> : null}
          {verified !== null && verified !== 'cancelled' ? (
            <div className={`callout ${verified.result.ok ? 'callout-ok' : 'callout-error'}`} role="status" data-testid="report-verified">
              <p>
                <strong>{verified.result.ok ? t('reports.verifiedOk') : t('reports.verifiedBad')}</strong>
              </p>
              <p className="mono small">{verified.path}</p>
              <ul className="plain-list">
                <li>
                  {t('reports.embedded')}: {verified.result.embedded_valid ? t('reports.valid') : t('reports.invalid')}
                  {verified.result.embedded_problem ? ` — ${verified.result.embedded_problem}` : ''}
                </li>
                <li>
                  {t('reports.ours')}: {verified.result.signed_by_this_installation ? t('common.yes') : t('ret.evidence.no')}
                </li>
                <li>
                  {t('reports.detached')}:{' '}
                  {verified.result.minisig_valid === null
                    ? t('reports.noMinisig')
                    : verified.result.minisig_valid
                      ? t('reports.valid')
                      : `${t('reports.invalid')}${verified.result.minisig_problem ? ` — ${verified.result.minisig_problem}` : ''}`}
                </li>
              </ul>
            </div>
          ) : null}
        </aside>
      </div>

      {report !== null ? (
        <section className="card" aria-labelledby="report-result-h" data-testid="report-result">
          <div className="list-bar">
            <h2 id="report-result-h">{t('reports.resultTitle')}</h2>
            <button type="button" className="btn btn-primary" onClick={save} disabled={saving} data-testid="report-save">
              {saving ? t('reports.saving') : t('reports.save')}
            </button>
          </div>
          <p data-testid="report-summary">
            {t('reports.summary', {
              scope: t(`reports.scope.${report.options.scope}`),
              pages: report.generated.pages,
              size: i18n.number(Math.round(report.generated.bytes / 1024)),
              name: report.generated.suggested_file_name,
            })}
          </p>
          {saved === 'cancelled' ? <p className="callout callout-info">{t('reports.saveCancelled')}</p> : null}
          {saved !== null && saved !== 'cancelled' ? (
            <div className="callout callout-ok" role="status" data-testid="report-saved">
              <p>{t('reports.saved')}</p>
              <ul className="plain-list mono small">
                <li>{saved.pdf}</li>
                <li>{saved.minisig}</li>
                {saved.xlsx ? <li>{saved.xlsx}</li> : null}
              </ul>
              {keys.data ? <p className="small">{t('reports.verifyCommand', { file: saved.pdf, key: keys.data.minisign_public_key })}</p> : null}
            </div>
          ) : null}
          <PdfPreview bytes={report.bytes} pages={3} label={t('reports.previewLabel')} />
        </section>
      ) : null}
    </>
  );
}
