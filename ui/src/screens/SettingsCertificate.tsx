// Settings › Signing keys: the keys reports are signed with (SigningKeysList), and the organisation's own
// signing certificate: import one (PKCS#12 or PEM files chosen in native dialogs, with the password that
// opens them), the certificates imported so far, and "stop using it" (the installation's self-signed
// certificate signs again). The core checks the files and stores nothing when it refuses them.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { toApiError, useBackend } from '../api';
import type { SigningCertificate } from '../api/types';
import { ConfirmDialog } from '../components/Dialog';
import { SigningKeysList } from '../components/SigningKeys';
import { ErrorBox, Loading } from '../components/ui';
import { useI18n, type I18n } from '../i18n';
import { useAsync } from '../lib/hooks';

/** The report signing keys, for the DPO to hand to whoever receives reports (also on the Reports
 *  page), and the organisation's own certificate. */
export function SigningKeysSection() {
  const backend = useBackend();
  const { t } = useI18n();
  const [keys, reloadKeys] = useAsync(() => backend.reportKeys(), [backend]);
  return (
    <section className="card" aria-labelledby="set-keys" data-testid="settings-signing">
      <h2 id="set-keys">{t('reports.keysTitle')}</h2>
      <p className="help">{t('reports.keysHelp')}</p>
      {keys.state === 'error' ? <ErrorBox error={keys.error} onRetry={reloadKeys} /> : null}
      {keys.data ? <SigningKeysList keys={keys.data} testIdPrefix="settings" /> : keys.state === 'loading' ? <Loading /> : null}
      <OrganisationCertificate onChanged={reloadKeys} />
    </section>
  );
}

/** "2028-11-29T23:59:59Z" → the day, in the UI's language (certificates end at a UTC instant). */
function day(i18n: I18n, rfc3339: string): string {
  return i18n.date(rfc3339.slice(0, 10));
}

function OrganisationCertificate({ onChanged }: { onChanged: () => void }) {
  const backend = useBackend();
  const i18n = useI18n();
  const { t } = i18n;
  const [history, reloadHistory] = useAsync(() => backend.signingCertificates(), [backend]);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [imported, setImported] = useState<SigningCertificate | null>(null);
  const [wrongPassword, setWrongPassword] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [confirming, setConfirming] = useState(false);
  const [retiring, setRetiring] = useState(false);
  const [retired, setRetired] = useState<boolean | null>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const clear = () => {
    setImported(null);
    setWrongPassword(false);
    setRefused(null);
    setFailure(null);
    setRetired(null);
  };

  const importCertificate = async (e: FormEvent) => {
    e.preventDefault();
    clear();
    setBusy(true);
    try {
      const cert = await backend.importSigningCertificate(password === '' ? null : password);
      if (!alive.current) return;
      // null: a dialog was cancelled, nothing changed and there is nothing to say.
      if (cert !== null) {
        setImported(cert);
        setPassword('');
        reloadHistory();
        onChanged();
      }
    } catch (err) {
      if (!alive.current) return;
      const api = toApiError(err);
      if (api.code === 'wrong_passphrase') {
        setWrongPassword(true);
        requestAnimationFrame(() => {
          passwordRef.current?.focus();
          passwordRef.current?.select();
        });
      } else if (api.code === 'validation') setRefused(api.message);
      else setFailure(err);
    } finally {
      if (alive.current) setBusy(false);
    }
  };

  const retire = async () => {
    setRetiring(true);
    clear();
    try {
      const r = await backend.retireSigningCertificate();
      if (!alive.current) return;
      setRetired(r);
      setConfirming(false);
      reloadHistory();
      onChanged();
    } catch (err) {
      if (!alive.current) return;
      setConfirming(false);
      setFailure(err);
    } finally {
      if (alive.current) setRetiring(false);
    }
  };

  const certificates = history.data ?? [];
  const active = certificates.find((c) => c.active) ?? null;
  const errorId = 'cert-password-error';

  return (
    <div className="subsection" data-testid="org-certificate" aria-labelledby="org-cert-h" role="region">
      <h3 id="org-cert-h">{t('settings.cert.title')}</h3>
      <p className="help">{t('settings.cert.help')}</p>
      <form onSubmit={importCertificate} noValidate aria-busy={busy} data-testid="cert-import-form">
        <div className={`field${wrongPassword ? ' field-invalid' : ''}`}>
          <label htmlFor="cert-password">{t('settings.cert.password')}</label>
          <input
            ref={passwordRef}
            id="cert-password"
            type="password"
            value={password}
            onChange={(e) => {
              setPassword(e.currentTarget.value);
              setWrongPassword(false);
            }}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={wrongPassword ? true : undefined}
            aria-describedby={`cert-password-help${wrongPassword ? ` ${errorId}` : ''}`}
            data-testid="cert-password"
          />
          <p className="help" id="cert-password-help">
            {t('settings.cert.passwordHelp')}
          </p>
          {wrongPassword ? (
            <p className="field-error" id={errorId} data-testid="error-cert-password">
              <span aria-hidden="true">⚠ </span>
              {t('settings.cert.wrongPassword')}
            </p>
          ) : null}
        </div>
        <div className="form-actions form-actions-start">
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="cert-import">
            {busy ? t('settings.cert.importing') : t('settings.cert.import')}
          </button>
        </div>
      </form>
      {refused !== null ? (
        <div className="callout callout-error" role="alert" data-testid="cert-refused">
          <p>{t('settings.cert.refused', { message: refused })}</p>
        </div>
      ) : null}
      {failure !== null ? <ErrorBox error={failure} /> : null}
      <div role="status" aria-live="polite">
        {imported !== null ? (
          <div className="callout callout-ok" data-testid="cert-imported">
            <p>
              <strong>{t('settings.cert.imported')}</strong>
            </p>
            <dl className="props">
              <dt>{t('settings.cert.subject')}</dt>
              <dd>{imported.subject}</dd>
              <dt>{t('settings.cert.issuer')}</dt>
              <dd>{imported.issuer}</dd>
              <dt>{t('settings.cert.validUntil')}</dt>
              <dd>{day(i18n, imported.not_after)}</dd>
            </dl>
          </div>
        ) : null}
        {retired !== null ? (
          <p className={retired ? 'ok-text' : 'muted'} data-testid="cert-retired">
            {retired ? t('settings.cert.retired') : t('settings.cert.noneActive')}
          </p>
        ) : null}
      </div>

      <h4>{t('settings.cert.history')}</h4>
      {history.state === 'error' ? <ErrorBox error={history.error} onRetry={reloadHistory} /> : null}
      {history.data === null ? (
        history.state === 'loading' ? (
          <Loading />
        ) : null
      ) : certificates.length === 0 ? (
        <p className="help" data-testid="cert-none">
          {t('settings.cert.none')}
        </p>
      ) : (
        <div className="table-scroll">
          <table className="table" data-testid="cert-history">
            <thead>
              <tr>
                <th scope="col">{t('settings.cert.subject')}</th>
                <th scope="col">{t('settings.cert.issuer')}</th>
                <th scope="col">{t('settings.cert.validUntil')}</th>
                <th scope="col">{t('settings.cert.key')}</th>
                <th scope="col">{t('settings.cert.fingerprint')}</th>
                <th scope="col">{t('settings.cert.status')}</th>
              </tr>
            </thead>
            <tbody>
              {certificates.map((c) => (
                <tr key={c.id} data-testid={`cert-${c.id}`}>
                  <td>{c.subject}</td>
                  <td title={c.issuers.join('\n')}>{c.issuer}</td>
                  <td className="nowrap">{day(i18n, c.not_after)}</td>
                  <td className="nowrap">{c.key_algorithm}</td>
                  <td className="mono hash small">{c.fingerprint}</td>
                  <td>
                    <strong className={c.active ? 'ok-text' : 'muted'}>{c.active ? t('settings.cert.active') : t('settings.cert.retiredStatus')}</strong>
                    <div className="small muted">
                      {t('settings.cert.importedAt', { date: i18n.dateTime(c.imported_at) })}
                      {c.retired_at !== null ? (
                        <>
                          <br />
                          {t('settings.cert.retiredAt', { date: i18n.dateTime(c.retired_at) })}
                        </>
                      ) : null}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {active !== null ? (
        <div className="form-actions form-actions-start">
          <button type="button" className="btn btn-danger-outline" onClick={() => setConfirming(true)} disabled={retiring} data-testid="cert-retire">
            {t('settings.cert.retire')}
          </button>
        </div>
      ) : null}
      {confirming && active !== null ? (
        <ConfirmDialog
          title={t('settings.cert.retireTitle')}
          body={t('settings.cert.retireBody', { subject: active.subject })}
          confirmLabel={t('settings.cert.retire')}
          danger
          busy={retiring}
          onConfirm={() => void retire()}
          onCancel={() => setConfirming(false)}
        />
      ) : null}
    </div>
  );
}
