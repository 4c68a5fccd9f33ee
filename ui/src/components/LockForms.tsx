// The lock gate's two forms: create the database on the first run (a passphrase entered twice, or an
// explicit, confirmed choice to store it without one), and unlock an encrypted database.
import { useId, useRef, useState, type FormEvent, type ReactNode, type Ref } from 'react';
import { toApiError, useBackend, type LockStatus } from '../api';
import { useI18n, type I18n } from '../i18n';
import { ConfirmDialog } from './Dialog';
import { errorText } from './ui';

/** An API failure as text: a `validation` without field errors (a passphrase the backend refuses) says
 *  its own message; everything else as elsewhere in the app. */
export function failureText(i18n: I18n, e: unknown): string {
  const err = toApiError(e);
  if (err.code === 'validation' && err.fields.length === 0) return err.message;
  return errorText(i18n, e);
}

/** The live region of a form's failure: present before anything fails, so the message is announced. */
function FailureRegion({ failure, testId }: { failure: unknown; testId: string }) {
  const i18n = useI18n();
  return (
    <div role="alert" data-testid={testId}>
      {failure !== null ? <p className="callout callout-error">{failureText(i18n, failure)}</p> : null}
    </div>
  );
}

export function PassphraseField({
  id,
  label,
  value,
  onChange,
  error,
  help,
  autoComplete,
  autoFocus,
  inputRef,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  error: string | null;
  help?: ReactNode;
  autoComplete: 'new-password' | 'current-password';
  autoFocus?: boolean;
  inputRef?: Ref<HTMLInputElement>;
}) {
  const errorId = `${id}-error`;
  const helpId = `${id}-help`;
  const describedBy = [error !== null ? errorId : null, help !== undefined ? helpId : null].filter(Boolean).join(' ');
  return (
    <div className={`field${error !== null ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        ref={inputRef}
        id={id}
        type="password"
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        autoComplete={autoComplete}
        autoFocus={autoFocus}
        spellCheck={false}
        aria-invalid={error !== null ? true : undefined}
        aria-describedby={describedBy || undefined}
        data-testid={id}
      />
      {help !== undefined ? (
        <p className="help" id={helpId}>
          {help}
        </p>
      ) : null}
      {error !== null ? (
        <p className="field-error" id={errorId} data-testid={`error-${id}`}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      ) : null}
    </div>
  );
}

function RememberCheck({ checked, onChange }: { checked: boolean; onChange: (v: boolean) => void }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <div className="field">
      <label className="check" htmlFor={id}>
        <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.currentTarget.checked)} aria-describedby={`${id}-help`} />
        <span>{t('lock.remember')}</span>
      </label>
      <p className="help" id={`${id}-help`}>
        {t('lock.rememberHelp')}
      </p>
    </div>
  );
}

function DbPath({ path }: { path: string }) {
  const { t } = useI18n();
  return (
    <p className="gate-path">
      {t('lock.dbPath')}: <span className="mono" data-testid="gate-db-path">{path}</span>
    </p>
  );
}

export function CreateDatabaseForm({ status, onOpened }: { status: LockStatus; onOpened: (s: LockStatus) => void }) {
  const backend = useBackend();
  const i18n = useI18n();
  const { t } = i18n;
  const min = status.min_passphrase_chars;
  const [pass, setPass] = useState('');
  const [repeat, setRepeat] = useState('');
  const [remember, setRemember] = useState(false);
  const [errors, setErrors] = useState<{ pass: string | null; repeat: string | null }>({ pass: null, repeat: null });
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [confirmPlain, setConfirmPlain] = useState(false);
  const passRef = useRef<HTMLInputElement>(null);
  const repeatRef = useRef<HTMLInputElement>(null);

  const create = async (passphrase: string | null, keep: boolean) => {
    setBusy(true);
    setFailure(null);
    try {
      onOpened(await backend.createDatabase(passphrase, keep));
    } catch (e) {
      setFailure(e);
      setBusy(false);
      setConfirmPlain(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = {
      pass: [...pass].length < min ? t('lock.tooShort', { min }) : null,
      repeat: repeat !== pass ? t('lock.mismatch') : null,
    };
    setErrors(next);
    if (next.pass !== null) passRef.current?.focus();
    else if (next.repeat !== null) repeatRef.current?.focus();
    else void create(pass, remember);
  };

  return (
    <>
      <h1>{t('lock.createTitle')}</h1>
      <p>{t('lock.createIntro')}</p>
      <form onSubmit={submit} noValidate data-testid="create-db-form" aria-busy={busy}>
        {/* A hidden user name lets password managers file the passphrase under this database. */}
        <input type="text" autoComplete="username" value={status.db_path} readOnly hidden />
        <PassphraseField
          id="new-passphrase"
          label={t('lock.passphrase')}
          value={pass}
          onChange={setPass}
          error={errors.pass}
          help={t('lock.newPassphraseHelp', { min })}
          autoComplete="new-password"
          autoFocus
          inputRef={passRef}
        />
        <PassphraseField
          id="repeat-passphrase"
          label={t('lock.repeat')}
          value={repeat}
          onChange={setRepeat}
          error={errors.repeat}
          autoComplete="new-password"
          inputRef={repeatRef}
        />
        <RememberCheck checked={remember} onChange={setRemember} />
        <FailureRegion failure={failure} testId="create-db-error" />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="create-db">
            {busy ? t('lock.creating') : t('lock.create')}
          </button>
        </div>
      </form>
      <DbPath path={status.db_path} />
      <div className="gate-alt">
        <button type="button" className="btn btn-ghost btn-small" onClick={() => setConfirmPlain(true)} disabled={busy} data-testid="create-plain">
          {t('lock.plainOption')}
        </button>
      </div>
      {confirmPlain ? (
        <ConfirmDialog
          title={t('lock.plainConfirmTitle')}
          body={t('lock.plainConfirmBody', { path: status.db_path })}
          confirmLabel={t('lock.plainConfirm')}
          danger
          busy={busy}
          onConfirm={() => void create(null, false)}
          onCancel={() => setConfirmPlain(false)}
        />
      ) : null}
    </>
  );
}

export function UnlockForm({ status, onOpened }: { status: LockStatus; onOpened: (s: LockStatus) => void }) {
  const backend = useBackend();
  const { t } = useI18n();
  const [pass, setPass] = useState('');
  const [remember, setRemember] = useState(status.remembered);
  const [required, setRequired] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const passRef = useRef<HTMLInputElement>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    if (pass === '') {
      setRequired(true);
      passRef.current?.focus();
      return;
    }
    setRequired(false);
    setBusy(true);
    try {
      onOpened(await backend.unlock(pass, remember));
    } catch (err) {
      setFailure(err);
      setBusy(false);
      // The form stays as it was; the passphrase is selected, ready to be typed again.
      requestAnimationFrame(() => {
        passRef.current?.focus();
        passRef.current?.select();
      });
    }
  };

  return (
    <>
      <h1>{t('lock.unlockTitle')}</h1>
      <p>{t('lock.unlockIntro')}</p>
      <form onSubmit={submit} noValidate data-testid="unlock-form" aria-busy={busy}>
        <input type="text" autoComplete="username" value={status.db_path} readOnly hidden />
        <PassphraseField
          id="unlock-passphrase"
          label={t('lock.passphrase')}
          value={pass}
          onChange={setPass}
          error={required ? t('lock.required') : null}
          autoComplete="current-password"
          autoFocus
          inputRef={passRef}
        />
        <RememberCheck checked={remember} onChange={setRemember} />
        <FailureRegion failure={failure} testId="unlock-error" />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="unlock">
            {busy ? t('lock.unlocking') : t('lock.unlock')}
          </button>
        </div>
      </form>
      <DbPath path={status.db_path} />
    </>
  );
}
