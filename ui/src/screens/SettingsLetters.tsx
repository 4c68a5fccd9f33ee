// Settings › Letters: the organisation's wording of each letter to requesters, per language. A template
// is MiniJinja text whose first line is "Subject: …"; the preview renders the text being edited (not
// saved) against sample data or a request, a moment after typing stops. A template that does not render
// (an unknown placeholder, a broken block) is refused with the reason, shown next to the editor; the
// text stays as typed. Every change is audited by the backend.
import { Fragment, useEffect, useRef, useState } from 'react';
import { isApiError, useBackend } from '../api';
import type { Letter, LetterKind, LetterLanguage, LetterTemplate } from '../api/types';
import { emptyRequestListQuery } from '../api/enums';
import { useI18n, type MessageKey } from '../i18n';
import { useAsync, useDebounced } from '../lib/hooks';
import { ErrorBox, errorText, Field, Loading } from '../components/ui';
import { ConfirmDialog } from '../components/Dialog';
import { LETTER_KINDS, LETTER_LANGUAGES } from '../api/enums';

/** Debounce of the live preview, in ms. */
export const PREVIEW_DEBOUNCE_MS = 300;

/** The placeholders a template can use (letter_context in crates/cockpit-domain/src/letters.rs). */
export const LETTER_PLACEHOLDERS: ReadonlyArray<[string, MessageKey]> = [
  ['request.id', 'letters.ph.requestId'],
  ['request.requester_name', 'letters.ph.requesterName'],
  ['request.received', 'letters.ph.received'],
  ['request.type', 'letters.ph.type'],
  ['request.provision', 'letters.ph.provision'],
  ['dates.due', 'letters.ph.due'],
  ['dates.safe_due', 'letters.ph.safeDue'],
  ['dates.extension_notice_due', 'letters.ph.extensionNoticeDue'],
  ['dates.extended_due', 'letters.ph.extendedDue'],
  ['org.name', 'letters.ph.orgName'],
  ['org.address', 'letters.ph.orgAddress'],
  ['org.email', 'letters.ph.orgEmail'],
  ['org.dpo_name', 'letters.ph.dpoName'],
  ['org.dpo_email', 'letters.ph.dpoEmail'],
  ['reasons', 'letters.ph.reasons'],
  ['note', 'letters.ph.note'],
  ['recipients', 'letters.ph.recipients'],
  ['activities', 'letters.ph.activities'],
];

/** The fields of each activity in `{% for a in activities %}`. */
export const ACTIVITY_FIELDS =
  'a.id, a.name, a.purposes, a.lawful_bases, a.data_categories (c.name, c.retention), a.recipients, a.transfers (t.country, t.mechanism, t.safeguards), a.source, a.automated_decision, a.automated_logic';

function defaultLanguage(lang: string): LetterLanguage {
  return LETTER_LANGUAGES.find((l) => l === lang) ?? 'en';
}

export function LettersSection() {
  const backend = useBackend();
  const i18n = useI18n();
  const { t } = i18n;
  const [kind, setKind] = useState<LetterKind>('acknowledgement');
  const [language, setLanguage] = useState<LetterLanguage>(() => defaultLanguage(i18n.lang));
  const [res, reload] = useAsync(() => backend.letterTemplate(kind, language), [backend, kind, language]);
  // The template as last loaded or saved, and the text being edited.
  const [loaded, setLoaded] = useState<LetterTemplate | null>(null);
  const [text, setText] = useState('');
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<'saved' | 'reset' | null>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [confirmReset, setConfirmReset] = useState(false);
  // The preview: sample data, or a request.
  const [against, setAgainst] = useState<'sample' | 'request'>('sample');
  const [requestId, setRequestId] = useState('');
  const [reason, setReason] = useState('');

  useEffect(() => {
    if (res.state === 'ready' && (loaded === null || loaded.kind !== res.data.kind || loaded.language !== res.data.language)) {
      setLoaded(res.data);
      setText(res.data.text);
      setSaved(null);
      setSaveError(null);
    }
  }, [res, loaded]);

  const current = loaded !== null && loaded.kind === kind && loaded.language === language ? loaded : null;
  const dirty = current !== null && text !== current.text;

  const liveKey = JSON.stringify({ kind, language, text, id: against === 'request' ? requestId.trim() : '', reason: reason.trim() });
  const previewKey = useDebounced(liveKey, PREVIEW_DEBOUNCE_MS);
  const [preview, setPreview] = useState<{ key: string; letter: Letter | null; error: unknown }>({ key: '', letter: null, error: null });
  const seq = useRef(0);
  useEffect(() => {
    // Only once the typing has settled, and never for a text that is no longer the editor's (the
    // debounced key still holds the empty text from before the template loaded).
    if (current === null || previewKey !== liveKey) return;
    const q = JSON.parse(previewKey) as { kind: LetterKind; language: LetterLanguage; text: string; id: string; reason: string };
    if (q.kind !== kind || q.language !== language) return;
    const mine = ++seq.current;
    backend.previewLetterTemplate(q.kind, q.language, q.text, q.id === '' ? null : q.id, q.reason === '' ? null : q.reason).then(
      (letter) => mine === seq.current && setPreview({ key: previewKey, letter, error: null }),
      (error: unknown) => mine === seq.current && setPreview((p) => ({ key: previewKey, letter: p.letter, error })),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [backend, previewKey, liveKey, current === null]);

  const [requests] = useAsync(() => backend.listRequests({ ...emptyRequestListQuery(), sort: 'received', desc: true, limit: 50 }), [backend]);

  // A template error (validation) goes next to the editor; a request that cannot take this letter goes
  // with the preview.
  const templateError =
    saveError !== null && isApiError(saveError) && saveError.code === 'validation'
      ? saveError.message
      : isApiError(preview.error) && preview.error.code === 'validation'
        ? preview.error.message
        : null;
  const previewError = preview.error !== null && !(isApiError(preview.error) && preview.error.code === 'validation') ? preview.error : null;

  const save = async (value: string | null) => {
    setSaving(true);
    setSaved(null);
    setSaveError(null);
    try {
      const tpl = await backend.setLetterTemplate(kind, language, value);
      setLoaded(tpl);
      setText(tpl.text);
      setSaved(value === null ? 'reset' : 'saved');
    } catch (e) {
      setSaveError(e);
    } finally {
      setSaving(false);
      setConfirmReset(false);
    }
  };

  return (
    <section className="card" aria-labelledby="set-letters" data-testid="settings-letters">
      <h2 id="set-letters">{t('letters.settings.title')}</h2>
      <p className="help">{t('letters.settings.help')}</p>
      <div className="row-2">
        <Field name="template-kind" label={t('letters.kind')}>
          {(p) => (
            <select
              {...p}
              value={kind}
              onChange={(e) => {
                setKind(e.currentTarget.value as LetterKind);
                setSaved(null);
                setSaveError(null);
              }}
              data-testid="template-kind"
            >
              {LETTER_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`letters.kind.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="template-language" label={t('letters.language')}>
          {(p) => (
            <select
              {...p}
              value={language}
              onChange={(e) => {
                setLanguage(e.currentTarget.value as LetterLanguage);
                setSaved(null);
                setSaveError(null);
              }}
              data-testid="template-language"
            >
              {LETTER_LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {t(`letters.lang.${l}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {res.state === 'error' ? <ErrorBox error={res.error} onRetry={reload} /> : null}
      {current === null ? (
        res.state === 'loading' ? (
          <Loading />
        ) : null
      ) : (
        <div className="template-editor">
          <div className="template-edit">
            <div className={`field${templateError !== null ? ' field-invalid' : ''}`}>
              <label htmlFor="f-template-text">
                {t('letters.settings.template')}{' '}
                <span className={`chip ${current.customised ? 'chip-active' : 'chip-draft'}`} data-testid="template-badge">
                  {current.customised ? t('letters.settings.customised') : t('letters.settings.default')}
                </span>
                {dirty ? (
                  <span className="muted small" data-testid="template-unsaved">
                    {' '}
                    · {t('letters.settings.unsaved')}
                  </span>
                ) : null}
              </label>
              <textarea
                id="f-template-text"
                className="template-text"
                rows={18}
                spellCheck={false}
                value={text}
                onChange={(e) => {
                  setText(e.currentTarget.value);
                  setSaved(null);
                  setSaveError(null);
                }}
                aria-invalid={templateError !== null ? true : undefined}
                aria-describedby={templateError !== null ? 'f-template-text-error' : undefined}
                data-testid="template-text"
              />
              {templateError !== null ? (
                <p className="field-error" id="f-template-text-error" role="alert" data-testid="template-error">
                  <span aria-hidden="true">⚠ </span>
                  {templateError}
                </p>
              ) : null}
            </div>
            {saveError !== null && templateError === null ? <ErrorBox error={saveError} /> : null}
            <div className="form-actions">
              <span role="status" aria-live="polite">
                {saved !== null ? (
                  <span className="ok-text" data-testid="template-saved">
                    {saved === 'saved' ? t('letters.settings.saved') : t('letters.settings.resetDone')}
                  </span>
                ) : null}
              </span>
              <button type="button" className="btn" onClick={() => setConfirmReset(true)} disabled={saving || !current.customised} data-testid="template-reset">
                {t('letters.settings.reset')}
              </button>
              <button type="button" className="btn btn-primary" onClick={() => void save(text)} disabled={saving || !dirty} data-testid="template-save">
                {saving ? t('common.saving') : t('common.save')}
              </button>
            </div>
            <details className="template-help" data-testid="template-help">
              <summary>{t('letters.settings.placeholders')}</summary>
              <p className="help">{t('letters.settings.placeholdersHelp')}</p>
              <dl className="props props-stack">
                {LETTER_PLACEHOLDERS.map(([name, help]) => (
                  <Fragment key={name}>
                    <dt className="mono">{`{{ ${name} }}`}</dt>
                    <dd>{t(help)}</dd>
                  </Fragment>
                ))}
              </dl>
              <p className="help">{t('letters.settings.loopHelp')}</p>
              <pre className="command">{'{% for a in activities %}\n{{ loop.index }}. {{ a.name }}: {{ a.purposes | join("; ") }}\n{% endfor %}'}</pre>
              <p className="help mono">{ACTIVITY_FIELDS}</p>
              <p className="help">{t('letters.settings.ifHelp')}</p>
              <pre className="command">{'{% if org.dpo_email %}{{ org.dpo_email }}{% else %}…{% endif %}'}</pre>
            </details>
          </div>
          <div className="template-preview" data-testid="template-preview-pane">
            <h3>{t('letters.settings.preview')}</h3>
            <fieldset className="field radios radios-inline">
              <legend>{t('letters.settings.previewAgainst')}</legend>
              <label className="check">
                <input type="radio" name="template-against" checked={against === 'sample'} onChange={() => setAgainst('sample')} data-testid="template-against-sample" />
                <span>{t('letters.settings.sample')}</span>
              </label>
              <label className="check">
                <input type="radio" name="template-against" checked={against === 'request'} onChange={() => setAgainst('request')} data-testid="template-against-request" />
                <span>{t('letters.settings.aRequest')}</span>
              </label>
            </fieldset>
            {against === 'request' ? (
              <div className="row-2">
                <Field name="template-request" label={t('letters.settings.requestId')}>
                  {(p) => (
                    <>
                      <input
                        {...p}
                        type="text"
                        list="template-request-ids"
                        value={requestId}
                        placeholder="DSR-2026-0001"
                        onChange={(e) => setRequestId(e.currentTarget.value)}
                        className="mono"
                        data-testid="template-request"
                      />
                      <datalist id="template-request-ids">
                        {(requests.data?.items ?? []).map((row) => (
                          <option key={row.id} value={row.id}>
                            {row.requester_name}
                          </option>
                        ))}
                      </datalist>
                    </>
                  )}
                </Field>
                <Field name="template-reason" label={t('letters.settings.reason')}>
                  {(p) => <input {...p} type="text" value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-testid="template-reason" />}
                </Field>
              </div>
            ) : null}
            {previewError !== null ? (
              <div className="callout callout-error" role="alert" data-testid="template-preview-error">
                <p>{isApiError(previewError) && previewError.code === 'conflict' ? previewError.message : errorText(i18n, previewError)}</p>
              </div>
            ) : null}
            {preview.letter !== null ? (
              <div className={`letter-text${preview.error !== null ? ' letter-text-stale' : ''}`} data-testid="template-preview">
                {preview.letter.warnings.length > 0 ? (
                  <div className="callout callout-warn" role="note">
                    <ul>
                      {preview.letter.warnings.map((w) => (
                        <li key={w}>{w}</li>
                      ))}
                    </ul>
                  </div>
                ) : null}
                <p className="letter-subject">
                  <span className="muted">{t('letters.subject')}: </span>
                  <strong data-testid="template-preview-subject">{preview.letter.subject}</strong>
                </p>
                <pre className="letter-body" data-testid="template-preview-body">
                  {preview.letter.body}
                </pre>
                {preview.error !== null ? <p className="muted small">{t('letters.settings.previewStale')}</p> : null}
              </div>
            ) : null}
          </div>
        </div>
      )}
      {confirmReset ? (
        <ConfirmDialog
          title={t('letters.settings.resetTitle')}
          body={t('letters.settings.resetBody', { kind: t(`letters.kind.${kind}`), language: t(`letters.lang.${language}`) })}
          confirmLabel={t('letters.settings.reset')}
          danger
          busy={saving}
          onConfirm={() => void save(null)}
          onCancel={() => setConfirmReset(false)}
        />
      ) : null}
    </section>
  );
}
