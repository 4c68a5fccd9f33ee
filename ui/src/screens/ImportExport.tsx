// Import: pick a file (native dialog in Rust) -> import -> progress -> summary, or the per-row errors
// with the assurance that nothing was changed. Export: format, optional as-of date, file, count.
import { useState } from 'react';
import { useBackend, toApiError } from '../api';
import type { ApiError, ExportFormat, ImportSummary } from '../api/types';
import { EXPORT_FORMATS } from '../api/enums';
import { useI18n } from '../i18n';
import { Dialog } from '../components/Dialog';
import { ErrorBox, Loading } from '../components/ui';

type ImportState =
  | { step: 'idle' }
  | { step: 'running'; path: string }
  | { step: 'done'; path: string; summary: ImportSummary }
  | { step: 'failed'; path: string; error: ApiError };

export function ImportDialog({ onClose, onImported }: { onClose: () => void; onImported: () => void }) {
  const backend = useBackend();
  const i18n = useI18n();
  const { t } = i18n;
  const [state, setState] = useState<ImportState>({ step: 'idle' });
  const [pickError, setPickError] = useState<unknown>(null);

  const pickAndImport = async () => {
    setPickError(null);
    let path: string | null;
    try {
      path = await backend.pickImportFile();
    } catch (e) {
      setPickError(e);
      return;
    }
    if (path === null) return; // cancelled
    setState({ step: 'running', path });
    try {
      const summary = await backend.importRegister(path);
      setState({ step: 'done', path, summary });
      onImported();
    } catch (e) {
      setState({ step: 'failed', path, error: toApiError(e) });
    }
  };

  const running = state.step === 'running';
  return (
    <Dialog
      title={t('import.title')}
      onClose={() => !running && onClose()}
      wide
      testId="import-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose} disabled={running}>
            {t('common.close')}
          </button>
          <button type="button" className="btn btn-primary" onClick={pickAndImport} disabled={running} data-autofocus>
            {t('import.pick')}
          </button>
        </>
      }
    >
      <p>{t('import.intro')}</p>
      {pickError !== null ? <ErrorBox error={pickError} /> : null}
      {state.step !== 'idle' ? <p className="mono small">{t('import.file', { path: state.path })}</p> : null}
      {state.step === 'running' ? (
        <div className="progress-wrap">
          <Loading label={t('import.running')} />
          <progress aria-label={t('import.running')} />
        </div>
      ) : null}
      {state.step === 'done' ? (
        <div className="callout callout-ok" role="status" data-testid="import-summary">
          <h3>{t('import.done')}</h3>
          <dl className="summary-list">
            <dt>{t('import.created')}</dt>
            <dd>{state.summary.activities_created}</dd>
            <dt>{t('import.updated')}</dt>
            <dd>{state.summary.activities_updated}</dd>
            <dt>{t('import.unchanged')}</dt>
            <dd>{state.summary.activities_unchanged}</dd>
            <dt>{t('import.vocCreated')}</dt>
            <dd>{state.summary.vocabulary_created}</dd>
            <dt>{t('import.vocUpdated')}</dt>
            <dd>{state.summary.vocabulary_updated}</dd>
            <dt>{t('import.orgChanged')}</dt>
            <dd>{state.summary.organisation_changed ? t('common.yes') : t('common.no')}</dd>
          </dl>
        </div>
      ) : null}
      {state.step === 'failed' ? (
        <div className="callout callout-error" role="alert" data-testid="import-errors">
          <h3>{t('import.failed')}</h3>
          <p>
            <strong>{t('import.nothingChanged')}</strong>
          </p>
          {state.error.rows.length > 0 ? (
            <div className="table-scroll">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('import.table')}</th>
                    <th scope="col">{t('import.row')}</th>
                    <th scope="col">{t('import.column')}</th>
                    <th scope="col">{t('import.message')}</th>
                  </tr>
                </thead>
                <tbody>
                  {state.error.rows.map((r, i) => (
                    <tr key={i}>
                      <td>{r.table || t('import.fileLevel')}</td>
                      <td className="num">{r.row > 0 ? r.row : t('common.none')}</td>
                      <td className="mono">{r.column || t('common.none')}</td>
                      <td>{r.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p>{state.error.message}</p>
          )}
        </div>
      ) : null}
    </Dialog>
  );
}

export function ExportDialog({ initialAsOf, onClose }: { initialAsOf: string | null; onClose: () => void }) {
  const backend = useBackend();
  const { t, tp } = useI18n();
  const [format, setFormat] = useState<ExportFormat>('xlsx');
  const [asOf, setAsOf] = useState(initialAsOf ?? '');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ count: number; path: string } | null>(null);
  const [error, setError] = useState<unknown>(null);

  const run = async () => {
    setError(null);
    setResult(null);
    try {
      const path = await backend.pickExportFile(format);
      if (path === null) return;
      setBusy(true);
      const count = await backend.exportRegister(path, format, asOf === '' ? null : asOf);
      setResult({ count, path });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('export.title')} onClose={() => !busy && onClose()} testId="export-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <fieldset className="field radios">
          <legend>{t('export.format')}</legend>
          {EXPORT_FORMATS.map((f) => (
            <label key={f} className="check">
              <input type="radio" name="export-format" value={f} checked={format === f} onChange={() => setFormat(f)} />
              <span>{t(`format.${f}`)}</span>
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="export-asof">{t('export.asOf')}</label>
          <input id="export-asof" type="date" value={asOf} onChange={(e) => setAsOf(e.currentTarget.value)} aria-describedby="export-asof-help" />
          <p className="help" id="export-asof-help">
            {t('export.asOfHelp')}
          </p>
        </div>
        {busy ? <Loading label={t('export.running')} /> : null}
        {error !== null ? <ErrorBox error={error} /> : null}
        {result ? (
          <p className="callout callout-ok" role="status">
            {tp('export.done', result.count, { path: result.path })}
          </p>
        ) : null}
        <div className="dialog-foot dialog-foot-inline">
          <button type="button" className="btn" onClick={onClose} disabled={busy}>
            {t('common.close')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t('export.run')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
