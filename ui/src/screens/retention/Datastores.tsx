// The organisation's datastores: list, "test connection" (server version and tables), and a new
// datastore (tested before it is saved; a password goes to the OS keyring through the core and is
// dropped from this form's state once sent).
import { useState, type FormEvent } from 'react';
import { useBackend } from '../../api';
import type { ConnectionTest, DatastoreRow } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { Loading } from '../../components/ui';
import { useI18n } from '../../i18n';
import { ApiMessage } from './common';

export function DatastoresPanel({ datastores, onAdded }: { datastores: DatastoreRow[] | null; onAdded: () => void }) {
  const backend = useBackend();
  const i18n = useI18n();
  const { t } = i18n;
  const [tests, setTests] = useState<Record<string, { busy: boolean; result?: ConnectionTest; error?: unknown }>>({});
  const [adding, setAdding] = useState(false);

  const test = async (name: string) => {
    setTests((s) => ({ ...s, [name]: { busy: true } }));
    try {
      const result = await backend.testDatastore(name);
      setTests((s) => ({ ...s, [name]: { busy: false, result } }));
    } catch (error) {
      setTests((s) => ({ ...s, [name]: { busy: false, error } }));
    }
  };

  return (
    <section aria-labelledby="ds-h" data-testid="datastores">
      <div className="list-bar">
        <h2 id="ds-h">{t('ret.ds.title')}</h2>
        <button type="button" className="btn btn-primary" onClick={() => setAdding(true)} data-testid="ds-add">
          {t('ret.ds.add')}
        </button>
      </div>
      {datastores === null ? (
        <Loading />
      ) : datastores.length === 0 ? (
        <p className="muted">{t('ret.ds.none')}</p>
      ) : (
        <div className="table-scroll card table-card">
          <table className="table" data-testid="ds-table">
            <thead>
              <tr>
                <th scope="col">{t('ret.ds.name')}</th>
                <th scope="col">{t('ret.ds.kind')}</th>
                <th scope="col">{t('ret.ds.url')}</th>
                <th scope="col">{t('ret.ds.secret')}</th>
                <th scope="col">{t('ret.ds.test')}</th>
              </tr>
            </thead>
            <tbody>
              {datastores.map((d) => {
                const s = tests[d.name];
                return (
                  <tr key={d.name} data-testid={`ds-${d.name}`}>
                    <td>{d.name}</td>
                    <td>{d.kind}</td>
                    <td className="mono">{d.url}</td>
                    <td>{d.has_secret ? t('ret.ds.inKeyring') : t('common.none')}</td>
                    <td>
                      <button type="button" className="btn btn-small" onClick={() => test(d.name)} disabled={s?.busy} data-testid={`ds-test-${d.name}`}>
                        {s?.busy ? t('ret.ds.testing') : t('ret.ds.testButton')}
                      </button>
                      {s?.result ? (
                        <div className="small" data-testid={`ds-result-${d.name}`}>
                          <span className="ok-text">✓ {s.result.server_version}</span>
                          <div className="muted">
                            {d.kind === 'folder' ? t('ret.ds.files', { n: s.result.tables[0] ?? '0' }) : t('ret.ds.tables', { tables: s.result.tables.join(', ') || '—' })}
                          </div>
                        </div>
                      ) : null}
                      {s?.error !== undefined ? <ApiMessage i18n={i18n} error={s.error} testId={`ds-error-${d.name}`} /> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {adding ? (
        <AddDatastoreDialog
          onClose={() => setAdding(false)}
          onAdded={(row, result) => {
            setAdding(false);
            setTests((s) => ({ ...s, [row.name]: { busy: false, result } }));
            onAdded();
          }}
        />
      ) : null}
    </section>
  );
}

function AddDatastoreDialog({ onClose, onAdded }: { onClose: () => void; onAdded: (row: DatastoreRow, test: ConnectionTest) => void }) {
  const backend = useBackend();
  const i18n = useI18n();
  const { t } = i18n;
  const [name, setName] = useState('');
  const [kind, setKind] = useState('sqlite');
  const [url, setUrl] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const takesPassword = kind === 'postgres' || kind === 'mysql';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const [row, test] = await backend.addDatastore(name.trim(), kind, url.trim(), takesPassword && password !== '' ? password : null);
      setPassword('');
      onAdded(row, test);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={t('ret.ds.addTitle')}
      onClose={onClose}
      testId="ds-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form="ds-form" className="btn btn-primary" disabled={busy} data-testid="ds-save">
            {busy ? t('ret.ds.testing') : t('ret.ds.addSubmit')}
          </button>
        </>
      }
    >
      <form id="ds-form" onSubmit={submit} noValidate autoComplete="off">
        {error !== null ? <ApiMessage i18n={i18n} error={error} testId="ds-add-error" /> : null}
        <div className="row-2">
          <div className="field">
            <label htmlFor="ds-name">{t('ret.ds.name')}</label>
            <input id="ds-name" value={name} onChange={(e) => setName(e.currentTarget.value)} />
          </div>
          <div className="field">
            <label htmlFor="ds-kind">{t('ret.ds.kind')}</label>
            <select id="ds-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
              <option value="sqlite">SQLite</option>
              <option value="postgres">PostgreSQL</option>
              <option value="mysql">MySQL / MariaDB</option>
              <option value="folder">{t('ret.ds.folder')}</option>
            </select>
          </div>
        </div>
        <div className="field">
          <label htmlFor="ds-url">{t('ret.ds.url')}</label>
          <input id="ds-url" className="mono" value={url} onChange={(e) => setUrl(e.currentTarget.value)} aria-describedby="ds-url-help" />
          <p className="help" id="ds-url-help">
            {t(`ret.ds.urlHelp.${kind === 'postgres' || kind === 'mysql' || kind === 'folder' ? kind : 'sqlite'}`)}
          </p>
        </div>
        {takesPassword ? (
          <div className="field">
            <label htmlFor="ds-password">{t('ret.ds.password')}</label>
            <input id="ds-password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} aria-describedby="ds-password-help" />
            <p className="help" id="ds-password-help">
              {t('ret.ds.passwordHelp')}
            </p>
          </div>
        ) : null}
      </form>
    </Dialog>
  );
}
