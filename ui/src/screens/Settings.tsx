// Settings: language, theme, organisation profile (Art. 30(1)(a)), vocabularies, security (SettingsPassphrase),
// backups (SettingsBackups), signing keys and the organisation's certificate (SettingsCertificate), and app info.
import { useMemo, useRef, useState, useEffect, type FormEvent, type ReactNode } from 'react';
import { Icon } from '../components/Icon';
import { useBackend, isApiError } from '../api';
import type {
  DataCategory,
  Establishment,
  FieldError,
  Measure,
  Organisation,
  Party,
  Recipient,
  System,
  Vocabularies,
  VocabularyEntry,
  VocabularyKind,
  DataSubjectCategory,
} from '../api/types';
import { DATA_CATEGORY_KINDS, emptyOrganisation, MEASURE_KINDS, RECIPIENT_KINDS, VOCABULARY_KINDS } from '../api/enums';
import { useI18n } from '../i18n';
import { IDLE_CHOICES, setIdleMinutes, useIdleMinutes } from '../lib/idleLock';
import { useAsync } from '../lib/hooks';
import { useTheme, THEMES } from '../lib/theme';
import { COUNTRY_CODES } from '../lib/countries';
import { fieldInputId, focusFirst, groupByField, inputId } from '../lib/fieldPaths';
import { ErrorBox, Field, FieldErrorsContext, fieldErrorText, Loading, PageTitle, Ref } from '../components/ui';
import { ConfirmDialog, Dialog } from '../components/Dialog';
import { LanguageSelect } from '../components/LanguageSelect';
import { ChangePassphraseForm } from './SettingsPassphrase';
import { BackupsSection } from './SettingsBackups';
import { SigningKeysSection } from './SettingsCertificate';
import { LettersSection } from './SettingsLetters';
import { RemindersSection } from './SettingsReminders';

export function SettingsScreen() {
  const { t } = useI18n();
  const [theme, setTheme] = useTheme();
  return (
    <>
      <PageTitle>{t('settings.title')}</PageTitle>
      <div className="settings">
        <section className="card" aria-labelledby="set-appearance">
          <h2 id="set-appearance">{t('settings.appearance')}</h2>
          <div className="row-2">
            <LanguageSelect id="settings-lang" asField />
            <fieldset className="field radios radios-inline">
              <legend>{t('settings.theme')}</legend>
              {THEMES.map((th) => (
                <label key={th} className="check">
                  <input type="radio" name="theme" value={th} checked={theme === th} onChange={() => setTheme(th)} />
                  <span>{t(`settings.theme.${th}`)}</span>
                </label>
              ))}
            </fieldset>
          </div>
        </section>
        <OrganisationSection />
        <VocabularySection />
        <SecuritySection />
        <BackupsSection />
        <SigningKeysSection />
        <LettersSection />
        <RemindersSection />
        <AboutSection />
      </div>
    </>
  );
}

function useCountryOptions() {
  const i18n = useI18n();
  return useMemo(
    () => [...COUNTRY_CODES].map((c) => ({ code: c, name: i18n.country(c) })).sort((a, b) => a.name.localeCompare(b.name, i18n.lang)),
    [i18n],
  );
}

function CountrySelect({ p, value, onChange, allowEmpty }: { p: object; value: string; onChange: (v: string) => void; allowEmpty?: boolean }) {
  const { t } = useI18n();
  const countries = useCountryOptions();
  return (
    <select {...p} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
      <option value="">{allowEmpty ? t('common.noneOption') : t('common.choose')}</option>
      {value !== '' && !COUNTRY_CODES.includes(value) ? <option value={value}>{value}</option> : null}
      {countries.map((c) => (
        <option key={c.code} value={c.code}>
          {c.name} ({c.code})
        </option>
      ))}
    </select>
  );
}

function timeZones(): string[] {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    return ['Europe/Madrid', 'Europe/Berlin', 'Europe/Paris', 'Europe/London', 'UTC'];
  }
}

function OrganisationSection() {
  const backend = useBackend();
  const i18n = useI18n();
  const { t } = i18n;
  const [res, reload] = useAsync(() => backend.getOrganisation(), [backend]);
  if (res.state === 'error') return <ErrorBox error={res.error} onRetry={reload} />;
  if (res.state === 'loading' && res.data === null) return <Loading />;
  return (
    <section className="card" aria-labelledby="set-org">
      <h2 id="set-org">
        {t('settings.organisation')} <Ref>Art. 30(1)(a)</Ref>
      </h2>
      <p className="help">{t('settings.organisationHelp')}</p>
      <OrganisationForm initial={res.data ?? emptyOrganisation()} />
    </section>
  );
}

function OrganisationForm({ initial }: { initial: Organisation }) {
  const backend = useBackend();
  const i18n = useI18n();
  const { t } = i18n;
  const [o, setO] = useState<Organisation>(initial);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const focus = useRef(false);
  const byField = useMemo(() => groupByField(errors.map((e) => ({ ...e, field: `org.${e.field}` }))), [errors]);
  const zones = useMemo(timeZones, []);
  useEffect(() => {
    if (focus.current && errors.length > 0) {
      focus.current = false;
      focusFirst(errors.map((e) => fieldInputId(`org.${e.field}`)));
    }
  }, [errors]);

  const set = <K extends keyof Organisation>(k: K, v: Organisation[K]) => {
    setSaved(false);
    setO((x) => ({ ...x, [k]: v }));
  };
  const setEst = (i: number, patch: Partial<Establishment>) =>
    set(
      'establishments',
      o.establishments.map((e, j) => (j === i ? { ...e, ...patch } : e)),
    );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    setSaved(false);
    if (o.name.trim() === '') {
      focus.current = true;
      setErrors([{ field: 'name', code: 'required', message: 'must not be empty' }]);
      return;
    }
    setSaving(true);
    try {
      const r = await backend.setOrganisation(o);
      setO(r);
      setErrors([]);
      setSaved(true);
    } catch (err) {
      if (isApiError(err) && err.code === 'validation') {
        focus.current = true;
        setErrors(err.fields);
      } else setFailure(err);
    } finally {
      setSaving(false);
    }
  };

  const text = (k: 'name' | 'legal_form' | 'registration_number' | 'address' | 'email' | 'phone' | 'representative' | 'dpo_name' | 'dpo_email' | 'dpo_phone', type = 'text') => (
    <Field name={`org.${k}`} label={t(`org.${k}`)} required={k === 'name'}>
      {(p) => <input {...p} type={type} value={o[k]} onChange={(e) => set(k, e.currentTarget.value)} />}
    </Field>
  );

  return (
    <FieldErrorsContext.Provider value={byField}>
      <form onSubmit={submit} noValidate data-testid="org-form">
        {errors.length > 0 ? (
          <div className="callout callout-error" role="alert">
            <ul>
              {errors.map((e, i) => (
                <li key={i}>
                  <span className="mono">{e.field}</span>: {fieldErrorText(i18n, e)}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <div className="row-2">
          {text('name')}
          {text('legal_form')}
        </div>
        <div className="row-2">
          {text('registration_number')}
          {text('address')}
        </div>
        <div className="row-2">
          {text('email', 'email')}
          {text('phone', 'tel')}
        </div>
        {text('representative')}
        <h3>{t('org.dpo')}</h3>
        <div className="row-3">
          {text('dpo_name')}
          {text('dpo_email', 'email')}
          {text('dpo_phone', 'tel')}
        </div>
        <div className="row-2">
          <Field name="org.employees" label={t('org.employees')}>
            {(p) => (
              <input
                {...p}
                type="number"
                min={0}
                value={o.employees ?? ''}
                onChange={(e) => set('employees', e.currentTarget.value === '' ? null : Math.max(0, Math.floor(Number(e.currentTarget.value))))}
              />
            )}
          </Field>
          <Field name="org.art30_threshold" label={<>{t('org.art30_threshold')}</>}>
            {(p) => (
              <input {...p} type="number" min={1} value={o.art30_threshold} onChange={(e) => set('art30_threshold', Math.floor(Number(e.currentTarget.value)))} />
            )}
          </Field>
        </div>
        <h3>{t('org.establishments')}</h3>
        <datalist id="tz-list">
          {zones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        {o.establishments.map((est, i) => {
          const b = `org.establishments[${i}]`;
          return (
            <div className="subcard" key={i} role="group" aria-label={t('org.establishment', { index: i + 1 })}>
              <div className="repeat-row">
                <div className="row-3 grow">
                  <Field name={`${b}.name`} label={t('org.est.name')}>
                    {(p) => <input {...p} value={est.name} onChange={(e) => setEst(i, { name: e.currentTarget.value })} />}
                  </Field>
                  <Field name={`${b}.country`} label={t('org.est.country')}>
                    {(p) => <CountrySelect p={p} value={est.country} onChange={(v) => setEst(i, { country: v })} />}
                  </Field>
                  <Field name={`${b}.region`} label={t('org.est.region')}>
                    {(p) => <input {...p} value={est.region} placeholder={t('org.est.regionPlaceholder')} onChange={(e) => setEst(i, { region: e.currentTarget.value.toUpperCase() })} />}
                  </Field>
                </div>
                <button
                  type="button"
                  className="btn btn-ghost btn-icon"
                  aria-label={t('org.removeEstablishment', { index: i + 1 })}
                  onClick={() => set('establishments', o.establishments.filter((_, j) => j !== i))}
                >
                  ✕
                </button>
              </div>
              <div className="row-3">
                <Field name={`${b}.timezone`} label={t('org.est.timezone')}>
                  {(p) => <input {...p} list="tz-list" value={est.timezone} onChange={(e) => setEst(i, { timezone: e.currentTarget.value })} />}
                </Field>
                <Field name={`${b}.address`} label={t('org.est.address')}>
                  {(p) => <input {...p} value={est.address} onChange={(e) => setEst(i, { address: e.currentTarget.value })} />}
                </Field>
                <Field name={`${b}.main`} label={t('org.est.main')} className="field-checkbox">
                  {(p) => (
                    <input
                      {...p}
                      type="checkbox"
                      checked={est.main}
                      onChange={(e) => {
                        const on = e.currentTarget.checked;
                        set(
                          'establishments',
                          o.establishments.map((x, j) => ({ ...x, main: j === i ? on : on ? false : x.main })),
                        );
                      }}
                    />
                  )}
                </Field>
              </div>
            </div>
          );
        })}
        <button
          type="button"
          className="btn btn-small"
          onClick={() => set('establishments', [...o.establishments, { name: '', country: '', region: '', timezone: '', address: '', main: o.establishments.length === 0 }])}
        >
          <Icon name="plus" /> {t('org.addEstablishment')}
        </button>
        {failure !== null ? <ErrorBox error={failure} /> : null}
        <div className="form-actions">
          {saved ? (
            <span className="ok-text" role="status">
              {t('settings.orgSaved')}
            </span>
          ) : null}
          <button type="submit" className="btn btn-primary" disabled={saving} data-testid="save-org">
            {saving ? t('common.saving') : t('common.save')}
          </button>
        </div>
      </form>
    </FieldErrorsContext.Provider>
  );
}

// ----------------------------------------------------------------------------------------------
// Vocabularies

type AnyEntry = DataSubjectCategory | DataCategory | Recipient | System | Measure | Party;

const LIST: Record<VocabularyKind, Exclude<keyof Vocabularies, 'departments'>> = {
  data_subject_category: 'data_subject_categories',
  data_category: 'data_categories',
  recipient: 'recipients',
  system: 'systems',
  measure: 'measures',
  party: 'parties',
};

function blank(kind: VocabularyKind): VocabularyEntry {
  switch (kind) {
    case 'data_subject_category':
      return { kind, entry: { name: '', description: '' } };
    case 'data_category':
      return { kind, entry: { name: '', kind: 'ordinary', description: '' } };
    case 'recipient':
      return { kind, entry: { name: '', kind: 'internal', processor: false, country: '', description: '' } };
    case 'system':
      return { kind, entry: { name: '', description: '', hosting_country: '', owner: '' } };
    case 'measure':
      return { kind, entry: { name: '', kind: 'technical', description: '' } };
    case 'party':
      return { kind, entry: { name: '', contact: '', country: '', representative: '', dpo: '' } };
  }
}

function tagged(kind: VocabularyKind, entry: AnyEntry): VocabularyEntry {
  return { kind, entry } as VocabularyEntry;
}

function VocabularySection() {
  const backend = useBackend();
  const i18n = useI18n();
  const { t } = i18n;
  const [kind, setKind] = useState<VocabularyKind>('data_category');
  const [res, reload] = useAsync(() => backend.getVocabularies(), [backend]);
  const [editing, setEditing] = useState<{ entry: VocabularyEntry; original: string | null } | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [deleteError, setDeleteError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const entries: AnyEntry[] = res.data ? (res.data[LIST[kind]] as AnyEntry[]) : [];

  const details = (e: AnyEntry): ReactNode => {
    const bits: string[] = [];
    if ('kind' in e) {
      if (kind === 'data_category') bits.push(t(`dataCategoryKind.${(e as DataCategory).kind}`));
      if (kind === 'recipient') bits.push(t(`recipientKind.${(e as Recipient).kind}`));
      if (kind === 'measure') bits.push(t(`measureKind.${(e as Measure).kind}`));
    }
    if (kind === 'recipient' && (e as Recipient).processor) bits.push('Art. 28');
    if ('country' in e && e.country) bits.push(i18n.country(e.country));
    if ('hosting_country' in e && e.hosting_country) bits.push(i18n.country(e.hosting_country));
    if ('description' in e && e.description) bits.push(e.description);
    if ('contact' in e && e.contact) bits.push(e.contact);
    return bits.join(' · ');
  };

  const remove = async (name: string) => {
    setBusy(true);
    setDeleteError(null);
    try {
      await backend.deleteVocabularyEntry(kind, name);
      setDeleting(null);
      reload();
    } catch (e) {
      setDeleting(null);
      setDeleteError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="set-vocab">
      <h2 id="set-vocab">{t('settings.vocabularies')}</h2>
      <p className="help">{t('settings.vocabulariesHelp')}</p>
      <div className="vocab-bar">
        <div className="field">
          <label htmlFor="vocab-kind">{t('vocab.kind')}</label>
          <select
            id="vocab-kind"
            value={kind}
            onChange={(e) => {
              setKind(e.currentTarget.value as VocabularyKind);
              setDeleteError(null);
            }}
          >
            {VOCABULARY_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`vocabKind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="btn" onClick={() => setEditing({ entry: blank(kind), original: null })} data-testid="vocab-add">
          <Icon name="plus" /> {t('vocab.add')}
        </button>
      </div>
      {deleteError !== null ? <ErrorBox error={deleteError} /> : null}
      {res.state === 'error' ? <ErrorBox error={res.error} onRetry={reload} /> : null}
      {res.data === null ? (
        <Loading />
      ) : entries.length === 0 ? (
        <p className="muted">{t('vocab.empty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="table" data-testid="vocab-table">
            <thead>
              <tr>
                <th scope="col">{t('vocab.name')}</th>
                <th scope="col">{t('vocab.details')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.edit')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.name}>
                  <td>{e.name}</td>
                  <td className="muted">{details(e)}</td>
                  <td className="actions">
                    <button type="button" className="btn btn-small" onClick={() => setEditing({ entry: tagged(kind, e), original: e.name })} aria-label={t('vocab.edit', { name: e.name })}>
                      {t('common.edit')}
                    </button>
                    <button type="button" className="btn btn-small btn-danger-outline" onClick={() => setDeleting(e.name)} aria-label={t('vocab.delete', { name: e.name })}>
                      {t('common.delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing ? (
        <VocabDialog
          initial={editing.entry}
          original={editing.original}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            reload();
          }}
        />
      ) : null}
      {deleting !== null ? (
        <ConfirmDialog
          title={t('vocab.delete', { name: deleting })}
          body={t('vocab.deleteConfirm', { name: deleting })}
          confirmLabel={t('common.delete')}
          danger
          busy={busy}
          onConfirm={() => void remove(deleting)}
          onCancel={() => setDeleting(null)}
        />
      ) : null}
    </section>
  );
}

function VocabDialog({ initial, original, onClose, onSaved }: { initial: VocabularyEntry; original: string | null; onClose: () => void; onSaved: () => void }) {
  const backend = useBackend();
  const i18n = useI18n();
  const { t } = i18n;
  const [v, setV] = useState<VocabularyEntry>(initial);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const byField = useMemo(() => groupByField(errors.map((e) => ({ ...e, field: `vocab.${e.field}` }))), [errors]);
  const set = (patch: Record<string, unknown>) => setV((x) => ({ ...x, entry: { ...x.entry, ...patch } }) as VocabularyEntry);
  const e = v.entry as unknown as Record<string, string | boolean>;

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setFailure(null);
    if (v.entry.name.trim() === '') {
      setErrors([{ field: 'name', code: 'required', message: 'must not be empty' }]);
      document.getElementById(inputId('vocab.name'))?.focus();
      return;
    }
    setSaving(true);
    try {
      await backend.saveVocabularyEntry(v, original);
      onSaved();
    } catch (err) {
      if (isApiError(err) && err.code === 'validation') {
        setErrors(err.fields);
        setTimeout(() => focusFirst(err.fields.map((f) => fieldInputId(`vocab.${f.field}`))), 0);
      } else setFailure(err);
    } finally {
      setSaving(false);
    }
  };

  const textField = (k: string, label: string, multiline = false) => (
    <Field name={`vocab.${k}`} label={label}>
      {(p) =>
        multiline ? (
          <textarea {...p} rows={2} value={String(e[k] ?? '')} onChange={(x) => set({ [k]: x.currentTarget.value })} />
        ) : (
          <input {...p} value={String(e[k] ?? '')} onChange={(x) => set({ [k]: x.currentTarget.value })} />
        )
      }
    </Field>
  );
  const kindSelect = (options: readonly string[], labelOf: (k: string) => string) => (
    <Field name="vocab.kind" label={t('vocab.type')}>
      {(p) => (
        <select {...p} value={String(e.kind)} onChange={(x) => set({ kind: x.currentTarget.value })}>
          {options.map((o) => (
            <option key={o} value={o}>
              {labelOf(o)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  return (
    <Dialog title={original === null ? `${t('vocab.new')} — ${t(`vocabKind.${v.kind}`)}` : t('vocab.edit', { name: original })} onClose={onClose} testId="vocab-dialog">
      <FieldErrorsContext.Provider value={byField}>
        <form onSubmit={submit} noValidate>
          <Field name="vocab.name" label={t('vocab.name')} required>
            {(p) => <input {...p} value={v.entry.name} onChange={(x) => set({ name: x.currentTarget.value })} data-autofocus />}
          </Field>
          {v.kind === 'data_category' ? kindSelect(DATA_CATEGORY_KINDS, (k) => t(`dataCategoryKind.${k as DataCategory['kind']}`)) : null}
          {v.kind === 'recipient' ? (
            <>
              {kindSelect(RECIPIENT_KINDS, (k) => t(`recipientKind.${k as Recipient['kind']}`))}
              <Field name="vocab.processor" label={t('vocab.processor')} className="field-checkbox">
                {(p) => <input {...p} type="checkbox" checked={v.entry.processor} onChange={(x) => set({ processor: x.currentTarget.checked })} />}
              </Field>
              <Field name="vocab.country" label={t('vocab.country')}>
                {(p) => <CountrySelect p={p} value={v.entry.country} onChange={(c) => set({ country: c })} allowEmpty />}
              </Field>
            </>
          ) : null}
          {v.kind === 'measure' ? kindSelect(MEASURE_KINDS, (k) => t(`measureKind.${k as Measure['kind']}`)) : null}
          {v.kind === 'system' ? (
            <>
              <Field name="vocab.hosting_country" label={t('vocab.hosting_country')}>
                {(p) => <CountrySelect p={p} value={v.entry.hosting_country} onChange={(c) => set({ hosting_country: c })} allowEmpty />}
              </Field>
              {textField('owner', t('vocab.owner'))}
            </>
          ) : null}
          {v.kind === 'party' ? (
            <>
              {textField('contact', t('vocab.contact'), true)}
              <Field name="vocab.country" label={t('vocab.country')}>
                {(p) => <CountrySelect p={p} value={v.entry.country} onChange={(c) => set({ country: c })} allowEmpty />}
              </Field>
              {textField('representative', t('vocab.representative'))}
              {textField('dpo', t('vocab.dpo'))}
            </>
          ) : (
            textField('description', t('vocab.description'), true)
          )}
          {failure !== null ? <ErrorBox error={failure} /> : null}
          <div className="dialog-foot dialog-foot-inline">
            <button type="button" className="btn" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="btn btn-primary" disabled={saving} data-testid="vocab-save">
              {saving ? t('common.saving') : t('common.save')}
            </button>
          </div>
        </form>
      </FieldErrorsContext.Provider>
    </Dialog>
  );
}

/** Encryption at rest, the remembered passphrase, the idle lock and changing the passphrase (an
 *  encrypted database); for a plain one, how to encrypt it. */
function SecuritySection() {
  const backend = useBackend();
  const i18n = useI18n();
  const { t } = i18n;
  const [info, reloadInfo] = useAsync(() => backend.appInfo(), [backend]);
  const [lock, reloadLock] = useAsync(() => backend.lockStatus(), [backend]);
  const minutes = useIdleMinutes();
  const [forgetting, setForgetting] = useState(false);
  const [forgotten, setForgotten] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const forget = async () => {
    setForgetting(true);
    setFailure(null);
    try {
      await backend.forgetPassphrase();
      setForgotten(true);
      reloadLock();
    } catch (e) {
      setFailure(e);
    } finally {
      setForgetting(false);
    }
  };
  const failed = info.state === 'error' ? info : lock.state === 'error' ? lock : null;
  const choices: readonly number[] = IDLE_CHOICES.includes(minutes as (typeof IDLE_CHOICES)[number]) ? IDLE_CHOICES : [minutes, ...IDLE_CHOICES];
  return (
    <section className="card" aria-labelledby="set-security" data-testid="settings-security">
      <h2 id="set-security">{t('settings.security')}</h2>
      {failed ? (
        <ErrorBox
          error={failed.error}
          onRetry={() => {
            reloadInfo();
            reloadLock();
          }}
        />
      ) : null}
      {info.data && lock.data ? (
        <>
          {!info.data.encrypted ? (
            <div className="callout callout-warn" role="note" data-testid="plain-warning">
              <p>
                <strong>{t('settings.plainWarning')}</strong>
              </p>
              <pre className="mono command">
                <code>cockpit encrypt --db "{info.data.db_path}"</code>
              </pre>
              <p>{t('settings.plainWarningAfter')}</p>
            </div>
          ) : null}
          <dl className="props" data-testid="security-info">
            <dt>{t('settings.encrypted')}</dt>
            <dd data-testid="security-encrypted">{info.data.encrypted ? t('settings.encryptedYes') : t('settings.encryptedNo')}</dd>
            {info.data.encrypted ? (
              <>
                <dt>{t('settings.keyDerivation')}</dt>
                <dd>{info.data.key_derivation}</dd>
                <dt>{t('settings.remembered')}</dt>
                <dd data-testid="security-remembered">
                  {lock.data.remembered ? t('settings.rememberedYes') : t('settings.rememberedNo')}
                  {lock.data.remembered ? (
                    <>
                      {' '}
                      <button
                        type="button"
                        className="btn btn-small"
                        onClick={() => void forget()}
                        disabled={forgetting}
                        aria-label={t('settings.forgetLabel')}
                        data-testid="forget-passphrase"
                      >
                        {t('settings.forget')}
                      </button>
                    </>
                  ) : null}
                </dd>
              </>
            ) : null}
          </dl>
          <div role="status" aria-live="polite">
            {forgotten && !lock.data.remembered ? <p className="ok-text">{t('settings.forgotten')}</p> : null}
          </div>
          {failure !== null ? <ErrorBox error={failure} /> : null}
          {info.data.encrypted ? (
            <div className="field idle-lock">
              <label htmlFor="idle-lock">{t('settings.idleLock')}</label>
              <select
                id="idle-lock"
                value={minutes}
                onChange={(e) => setIdleMinutes(Number(e.currentTarget.value))}
                aria-describedby="idle-lock-help"
                data-testid="idle-lock"
              >
                {choices.map((m) => (
                  <option key={m} value={m}>
                    {m === 0 ? t('settings.idleNever') : i18n.tp('settings.idleMinutes', m)}
                  </option>
                ))}
              </select>
              <p className="help" id="idle-lock-help">
                {t('settings.idleLockHelp')}
              </p>
            </div>
          ) : (
            <p className="help" data-testid="idle-plain">
              {t('settings.idlePlain')}
            </p>
          )}
          {info.data.encrypted && lock.data.state === 'encrypted' ? <ChangePassphraseForm status={lock.data} onChanged={reloadLock} /> : null}
        </>
      ) : !failed ? (
        <Loading />
      ) : null}
    </section>
  );
}

function AboutSection() {
  const backend = useBackend();
  const { t } = useI18n();
  const [res, reload] = useAsync(() => backend.appInfo(), [backend]);
  return (
    <section className="card" aria-labelledby="set-about">
      <h2 id="set-about">{t('settings.about')}</h2>
      {res.state === 'error' ? <ErrorBox error={res.error} onRetry={reload} /> : null}
      {res.data ? (
        <dl className="props" data-testid="app-info">
          <dt>{t('settings.version')}</dt>
          <dd>{res.data.version}</dd>
          <dt>{t('settings.dbPath')}</dt>
          <dd className="mono">{res.data.db_path}</dd>
          <dt>{t('settings.schemaVersion')}</dt>
          <dd>{res.data.schema_version}</dd>
          <dt>{t('settings.actor')}</dt>
          <dd>{res.data.actor}</dd>
        </dl>
      ) : res.state === 'loading' ? (
        <Loading />
      ) : null}
    </section>
  );
}
