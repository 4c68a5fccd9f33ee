// Run history and the evidence of one run (per-batch counts, key ranges and digests, the run digest
// recomputed and compared with the audit trail), with "save certificate as PDF" (in a language and on a
// paper of the user's choice).
import { useState } from 'react';
import { useBackend } from '../../api';
import type { ReportLanguage, ReportPaper, RunRow, SavedFiles } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { Loading } from '../../components/ui';
import { useI18n } from '../../i18n';
import { useAsync } from '../../lib/hooks';
import { actionText, ApiMessage, durationText, periodText, RunStatus, targetText } from './common';

/** The languages a certificate can be written in. */
export const CERTIFICATE_LANGUAGES: readonly ReportLanguage[] = ['en', 'es', 'de', 'fr'];

export function RunsPanel({ runs, onEvidence }: { runs: RunRow[] | null; onEvidence: (id: number) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  if (runs === null) return <Loading />;
  if (runs.length === 0) return <p className="muted" data-testid="runs-empty">{t('ret.runs.none')}</p>;
  return (
    <div className="table-scroll card table-card">
      <table className="table" data-testid="runs-table">
        <thead>
          <tr>
            <th scope="col" className="num">
              {t('ret.runs.id')}
            </th>
            <th scope="col">{t('ret.rule')}</th>
            <th scope="col">{t('ret.runs.started')}</th>
            <th scope="col">{t('ret.runs.trigger')}</th>
            <th scope="col">{t('ret.runs.status')}</th>
            <th scope="col" className="num">
              {t('ret.runs.planned')}
            </th>
            <th scope="col" className="num">
              {t('ret.runs.affected')}
            </th>
            <th scope="col" className="num">
              {t('ret.runs.held')}
            </th>
            <th scope="col" className="num">
              {t('ret.runs.batches')}
            </th>
            <th scope="col">{t('ret.runs.duration')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('ret.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id} data-testid={`run-${r.id}`}>
              <td className="num">{r.id}</td>
              <td>
                {r.rule} <span className="muted small">v{r.rule_version}</span>
              </td>
              <td className="nowrap">{i18n.dateTime(r.started_at)}</td>
              <td>{t(r.trigger === 'schedule' ? 'ret.runs.schedule' : 'ret.runs.manual')}</td>
              <td>
                <RunStatus i18n={i18n} run={r} />
              </td>
              <td className="num">{i18n.number(r.planned)}</td>
              <td className="num">{i18n.number(r.affected)}</td>
              <td className="num">{i18n.number(r.held)}</td>
              <td className="num">{r.batches}</td>
              <td className="nowrap">{durationText(r.duration_ms)}</td>
              <td>
                <button type="button" className="btn btn-small" onClick={() => onEvidence(r.id)} data-testid={`run-evidence-${r.id}`}>
                  {t('ret.runs.evidence')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function EvidenceDialog({ id, onClose }: { id: number; onClose: () => void }) {
  const backend = useBackend();
  const i18n = useI18n();
  const { t } = i18n;
  const [cert] = useAsync(() => backend.retentionCertificate(id), [backend, id]);
  const [language, setLanguage] = useState<ReportLanguage>(i18n.lang === 'es' ? 'es' : 'en');
  const [paper, setPaper] = useState<ReportPaper>('a4');
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<SavedFiles | 'cancelled' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const c = cert.data;

  const save = async () => {
    setSaving(true);
    setError(null);
    setSaved(null);
    try {
      const r = await backend.saveRetentionCertificate(id, language, paper);
      setSaved(r ?? 'cancelled');
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };

  const yes = (b: boolean) => (b ? t('common.yes') : t('ret.evidence.no'));

  return (
    <Dialog
      title={t('ret.evidence.title', { id })}
      onClose={onClose}
      wide
      testId="evidence-dialog"
      footer={
        <>
          <label className="nowrap dialog-foot-choice" htmlFor="cert-language">
            {t('ret.evidence.language')}{' '}
            <select id="cert-language" value={language} onChange={(e) => setLanguage(e.currentTarget.value as ReportLanguage)}>
              {CERTIFICATE_LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {t(`reportLanguage.${l}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="nowrap dialog-foot-choice" htmlFor="cert-paper">
            {t('reports.paper')}{' '}
            <select id="cert-paper" value={paper} onChange={(e) => setPaper(e.currentTarget.value as ReportPaper)}>
              <option value="a4">A4</option>
              <option value="letter">Letter</option>
            </select>
          </label>
          <button type="button" className="btn" onClick={onClose}>
            {t('common.close')}
          </button>
          <button type="button" className="btn btn-primary" onClick={save} disabled={saving || c === null || c.run.status === 'running'} data-testid="cert-save">
            {saving ? t('ret.evidence.saving') : t('ret.evidence.save')}
          </button>
        </>
      }
    >
      {cert.state === 'error' ? <ApiMessage i18n={i18n} error={cert.error} /> : null}
      {error !== null ? <ApiMessage i18n={i18n} error={error} testId="cert-error" /> : null}
      {saved === 'cancelled' ? <p className="callout callout-info">{t('ret.evidence.saveCancelled')}</p> : null}
      {saved !== null && saved !== 'cancelled' ? (
        <p className="callout callout-ok" role="status" data-testid="cert-saved">
          {t('ret.evidence.saved', { pdf: saved.pdf, minisig: saved.minisig })}
        </p>
      ) : null}
      {c === null ? (
        cert.state === 'loading' ? <Loading /> : null
      ) : (
        <div data-testid="evidence">
          <p className={`callout ${c.evidence_consistent && c.audit_chain_ok ? 'callout-ok' : 'callout-error'}`} data-testid="evidence-verdict">
            {c.run.status === 'running'
              ? t('ret.evidence.running')
              : c.evidence_consistent && c.audit_chain_ok
                ? t('ret.evidence.consistent')
                : t('ret.evidence.inconsistent')}
          </p>
          <dl className="props">
            <dt>{t('ret.rule')}</dt>
            <dd>
              {c.rule.name} (v{c.run.rule_version}) — {targetText(c.rule)}
            </dd>
            {c.rule.activity ? (
              <>
                <dt>{t('ret.editor.activity')}</dt>
                <dd>
                  {c.rule.activity}
                  {c.activity_name ? ` — ${c.activity_name}` : ''}
                  {c.rule.data_category ? ` / ${c.rule.data_category}` : ''}
                </dd>
              </>
            ) : null}
            <dt>{t('ret.period')}</dt>
            <dd>{periodText(i18n, c.rule.keep)}</dd>
            <dt>{t('ret.action')}</dt>
            <dd>{actionText(i18n, c.rule.action)}</dd>
            <dt>{t('ret.plan.cutoff')}</dt>
            <dd className="mono">{c.run.cutoff}</dd>
            <dt>{t('ret.runs.status')}</dt>
            <dd>
              <RunStatus i18n={i18n} run={c.run} />
              {c.run.resumed > 0 ? ` ${t('ret.evidence.resumed', { n: c.run.resumed })}` : ''}
            </dd>
            <dt>{t('ret.runs.started')}</dt>
            <dd>{i18n.dateTime(c.run.started_at)}</dd>
            <dt>{t('ret.runs.duration')}</dt>
            <dd>{durationText(c.run.duration_ms)}</dd>
            <dt>{t('ret.runs.planned')}</dt>
            <dd>{i18n.number(c.run.planned)}</dd>
            <dt>{t('ret.runs.affected')}</dt>
            <dd data-testid="evidence-affected">{i18n.number(c.run.affected)}</dd>
            <dt>{t('ret.runs.held')}</dt>
            <dd>{i18n.number(c.run.held)}</dd>
            <dt>{t('ret.evidence.digest')}</dt>
            <dd className="mono hash" data-testid="evidence-digest">
              {c.recomputed_digest}
            </dd>
            <dt>{t('ret.evidence.auditedDigest')}</dt>
            <dd className="mono hash">{c.audited_digest ?? t('common.none')}</dd>
            <dt>{t('ret.evidence.consistentLabel')}</dt>
            <dd>{yes(c.evidence_consistent)}</dd>
            <dt>{t('ret.evidence.chain')}</dt>
            <dd>{yes(c.audit_chain_ok)}</dd>
          </dl>
          {c.run.errors.length > 0 ? (
            <div className="callout callout-error">
              <h3>{t('ret.evidence.errors')}</h3>
              {c.run.errors.map((e, i) => (
                <p key={i}>{e}</p>
              ))}
            </div>
          ) : null}
          <h3>{t('ret.evidence.batches')}</h3>
          {c.batches.length === 0 ? (
            <p className="muted">{t('ret.evidence.noBatches')}</p>
          ) : (
            <div className="table-scroll">
              <table className="table" data-testid="evidence-batches">
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      {t('ret.evidence.batch')}
                    </th>
                    <th scope="col" className="num">
                      {t('ret.evidence.count')}
                    </th>
                    <th scope="col" className="num">
                      {t('ret.runs.held')}
                    </th>
                    <th scope="col">{t('ret.evidence.keys')}</th>
                    <th scope="col" className="num">
                      ms
                    </th>
                    <th scope="col">{t('ret.evidence.batchDigest')}</th>
                  </tr>
                </thead>
                <tbody>
                  {c.batches.map((b) => (
                    <tr key={b.n}>
                      <td className="num">
                        {b.n}
                        {b.recovered ? <span title={t('ret.evidence.recovered')}> *</span> : null}
                      </td>
                      <td className="num">{i18n.number(b.count)}</td>
                      <td className="num">{i18n.number(b.held)}</td>
                      <td className="mono">
                        {b.first_key ?? '—'} … {b.last_key ?? '—'}
                      </td>
                      <td className="num">{b.ms}</td>
                      <td className="mono hash">{b.digest}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </Dialog>
  );
}
