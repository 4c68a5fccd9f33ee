// Settings › Security: change the passphrase of the open encrypted database (current, new, repeated).
// The new one is checked here first (length, repeated the same); the backend then re-keys the file.
import { useRef, useState, type FormEvent } from 'react';
import { toApiError, useBackend, type LockStatus } from '../api';
import { useI18n } from '../i18n';
import { PassphraseField } from '../components/LockForms';
import { errorText } from '../components/ui';

interface Errors {
  current: string | null;
  next: string | null;
  repeat: string | null;
}

const NO_ERRORS: Errors = { current: null, next: null, repeat: null };

export function ChangePassphraseForm({ status, onChanged }: { status: LockStatus; onChanged: (s: LockStatus) => void }) {
  const backend = useBackend();
  const i18n = useI18n();
  const { t } = i18n;
  const min = status.min_passphrase_chars;
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<Errors>(NO_ERRORS);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [changed, setChanged] = useState(false);
  const currentRef = useRef<HTMLInputElement>(null);
  const nextRef = useRef<HTMLInputElement>(null);
  const repeatRef = useRef<HTMLInputElement>(null);

  const edit = (set: (v: string) => void) => (v: string) => {
    setChanged(false);
    set(v);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    setChanged(false);
    const found: Errors = {
      current: current === '' ? t('lock.required') : null,
      next: [...next].length < min ? t('lock.tooShort', { min }) : null,
      repeat: repeat !== next ? t('lock.mismatch') : null,
    };
    setErrors(found);
    const invalid = found.current !== null ? currentRef : found.next !== null ? nextRef : found.repeat !== null ? repeatRef : null;
    if (invalid !== null) {
      invalid.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const s = await backend.changePassphrase(current, next);
      setCurrent('');
      setNext('');
      setRepeat('');
      setChanged(true);
      onChanged(s);
    } catch (err) {
      const api = toApiError(err);
      if (api.code === 'wrong_passphrase') {
        setErrors({ ...NO_ERRORS, current: t('settings.pass.wrong') });
        requestAnimationFrame(() => {
          currentRef.current?.focus();
          currentRef.current?.select();
        });
      } else if (api.code === 'validation') {
        const message = api.fields.length > 0 ? api.fields.map((f) => f.message).join('; ') : api.message;
        setErrors({ ...NO_ERRORS, next: message });
        requestAnimationFrame(() => nextRef.current?.focus());
      } else {
        setFailure(err);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="change-passphrase" data-testid="change-passphrase-form" aria-busy={busy} aria-labelledby="change-pass-h">
      <h3 id="change-pass-h">{t('settings.pass.title')}</h3>
      <p className="help">{t('settings.pass.help')}</p>
      {/* A hidden user name lets password managers file the passphrase under this database. */}
      <input type="text" autoComplete="username" value={status.db_path} readOnly hidden />
      <PassphraseField
        id="change-current"
        label={t('settings.pass.current')}
        value={current}
        onChange={edit(setCurrent)}
        error={errors.current}
        autoComplete="current-password"
        inputRef={currentRef}
      />
      <div className="row-2">
        <PassphraseField
          id="change-new"
          label={t('settings.pass.new')}
          value={next}
          onChange={edit(setNext)}
          error={errors.next}
          help={t('lock.newPassphraseHelp', { min })}
          autoComplete="new-password"
          inputRef={nextRef}
        />
        <PassphraseField
          id="change-repeat"
          label={t('settings.pass.repeat')}
          value={repeat}
          onChange={edit(setRepeat)}
          error={errors.repeat}
          autoComplete="new-password"
          inputRef={repeatRef}
        />
      </div>
      {failure !== null ? (
        <p className="callout callout-error" role="alert" data-testid="change-passphrase-error">
          {errorText(i18n, failure)}
        </p>
      ) : null}
      <div className="form-actions">
        <span role="status" aria-live="polite">
          {changed ? (
            <span className="ok-text" data-testid="passphrase-changed">
              {t('settings.pass.changed')}
            </span>
          ) : null}
        </span>
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="change-passphrase">
          {busy ? t('settings.pass.changing') : t('settings.pass.submit')}
        </button>
      </div>
    </form>
  );
}
