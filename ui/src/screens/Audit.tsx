// The audit trail, newest first, paged with "load more"; filter by object type and id; verify the
// hash chain.
import { useEffect, useRef, useState } from 'react';
import { useBackend } from '../api';
import type { AuditEntry, AuditVerification } from '../api/types';
import { useI18n } from '../i18n';
import { ErrorBox, Loading, PageTitle } from '../components/ui';
import { actionLabel, showValue } from './ActivityDetail';
import { diff } from '../lib/diff';

const PAGE = 50;
const TYPES = ['activity', 'organisation', 'vocabulary'] as const;

export function AuditScreen() {
  const backend = useBackend();
  const i18n = useI18n();
  const { t } = i18n;
  const [typeInput, setTypeInput] = useState('');
  const [idInput, setIdInput] = useState('');
  const [filter, setFilter] = useState<{ type: string; id: string }>({ type: '', id: '' });
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [done, setDone] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [verifying, setVerifying] = useState(false);
  const [verification, setVerification] = useState<AuditVerification | null>(null);
  const [verifyError, setVerifyError] = useState<unknown>(null);
  const seq = useRef(0);

  const load = async (before: number | null, replace: boolean) => {
    const mine = ++seq.current;
    setLoading(true);
    setError(null);
    try {
      const page = await backend.auditLog({
        object_type: filter.type === '' ? null : filter.type,
        object_id: filter.id.trim() === '' ? null : filter.id.trim(),
        before_seq: before,
        limit: PAGE,
      });
      if (mine !== seq.current) return;
      setEntries((old) => (replace ? page : [...old, ...page]));
      setDone(page.length < PAGE);
    } catch (e) {
      if (mine === seq.current) setError(e);
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  };

  useEffect(() => {
    void load(null, true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [backend, filter]);

  const verify = async () => {
    setVerifying(true);
    setVerifyError(null);
    setVerification(null);
    try {
      setVerification(await backend.verifyAudit());
    } catch (e) {
      setVerifyError(e);
    } finally {
      setVerifying(false);
    }
  };

  const typeLabel = (ty: string) => (ty === 'activity' || ty === 'organisation' || ty === 'vocabulary' ? t(`audit.type.${ty}`) : ty);
  const last = entries[entries.length - 1];

  return (
    <>
      <PageTitle
        actions={
          <button type="button" className="btn btn-primary" onClick={() => void verify()} disabled={verifying} data-testid="verify-audit">
            {verifying ? t('audit.verifying') : t('audit.verify')}
          </button>
        }
      >
        {t('audit.title')}
      </PageTitle>
      <p className="muted">{t('audit.intro')}</p>

      <div aria-live="polite">
        {verification ? (
          verification.ok ? (
            <div className="callout callout-ok" data-testid="verify-result" data-ok="true">
              <p>
                <strong>{i18n.tp('audit.ok', verification.entries)}</strong>
              </p>
              {verification.head_hash ? (
                <p className="small">
                  {t('audit.head')}: <code className="hash">{verification.head_hash}</code>
                </p>
              ) : null}
            </div>
          ) : (
            <div className="callout callout-error" data-testid="verify-result" data-ok="false">
              <p>
                <strong>
                  {verification.first_broken_seq !== null
                    ? t('audit.broken', { seq: verification.first_broken_seq, problem: verification.problem ?? '' })
                    : t('audit.brokenNoSeq')}
                </strong>
              </p>
              {verification.register_mismatches.length > 0 ? (
                <>
                  <p>{t('audit.mismatches')}</p>
                  <ul>
                    {verification.register_mismatches.map((m) => (
                      <li key={m} className="mono">
                        {m}
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
            </div>
          )
        ) : null}
        {verifyError !== null ? <ErrorBox error={verifyError} /> : null}
      </div>

      <form
        className="toolbar card"
        aria-label={t('register.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          setFilter({ type: typeInput, id: idInput });
        }}
      >
        <div className="field">
          <label htmlFor="audit-type">{t('audit.objectType')}</label>
          <select id="audit-type" value={typeInput} onChange={(e) => setTypeInput(e.currentTarget.value)}>
            <option value="">{t('common.all')}</option>
            {TYPES.map((ty) => (
              <option key={ty} value={ty}>
                {typeLabel(ty)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-id">{t('audit.objectId')}</label>
          <input id="audit-id" value={idInput} onChange={(e) => setIdInput(e.currentTarget.value)} placeholder="PA-0001" />
        </div>
        <button type="submit" className="btn toolbar-button">
          {t('audit.apply')}
        </button>
      </form>

      {error !== null ? <ErrorBox error={error} onRetry={() => void load(null, true)} /> : null}

      <div className="card table-card">
        <div className="table-scroll">
          <table className="table" data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col" className="num">{t('audit.seq')}</th>
                <th scope="col">{t('audit.at')}</th>
                <th scope="col">{t('audit.actor')}</th>
                <th scope="col">{t('audit.object')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.details')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => {
                const changes = e.before !== null && e.after !== null ? diff(e.before, e.after) : null;
                return (
                  <tr key={e.seq}>
                    <td className="num mono">{e.seq}</td>
                    <td className="nowrap">{i18n.dateTime(e.at)}</td>
                    <td>{e.actor}</td>
                    <td>
                      <span className="muted">{typeLabel(e.object_type)}</span> <span className="mono">{e.object_id}</span>
                    </td>
                    <td>{actionLabel(i18n, e.action)}</td>
                    <td>
                      <details>
                        <summary>{t('audit.showChanges')}</summary>
                        {changes !== null ? (
                          <ul className="change-list">
                            {changes.map((c) => (
                              <li key={c.path}>
                                <span className="mono">{c.path}</span>: {showValue(i18n, c.before)} → {showValue(i18n, c.after)}
                              </li>
                            ))}
                          </ul>
                        ) : (
                          <pre className="json">{JSON.stringify(e.after ?? e.before, null, 2)}</pre>
                        )}
                        <p className="small muted">
                          <code className="hash">{e.hash}</code>
                        </p>
                      </details>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {loading ? <Loading /> : null}
        {!loading && entries.length === 0 ? <p className="muted pad">{t('audit.empty')}</p> : null}
        <div className="pad">
          {!done && last ? (
            <button type="button" className="btn" onClick={() => void load(last.seq, false)} disabled={loading} data-testid="audit-more">
              {t('audit.loadMore')}
            </button>
          ) : entries.length > 0 ? (
            <p className="muted small">{t('audit.end')}</p>
          ) : null}
        </div>
      </div>
    </>
  );
}
