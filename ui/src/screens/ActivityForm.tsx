// Create or edit an activity: every field of Activity, vocabulary references picked from the
// vocabularies, a live completeness panel, and validation errors shown beside their fields.
import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useBackend, isApiError } from '../api';
import type {
  Activity,
  ActivityDataCategory,
  FieldError,
  Finding,
  LawfulBasis,
  SpecialCategoryCondition,
  Transfer,
  TransferMechanism,
  Vocabularies,
} from '../api/types';
import {
  ACTIVITY_STATUSES,
  CONDITION_ARTICLE,
  emptyActivity,
  LAWFUL_BASES,
  LAWFUL_BASIS_ARTICLE,
  MECHANISM_ARTICLE,
  RETENTION_UNITS,
  ROLES,
  SPECIAL_CATEGORY_CONDITIONS,
  TRANSFER_MECHANISMS,
} from '../api/enums';
import { useI18n, type I18n, type MessageKey } from '../i18n';
import { en } from '../i18n/en';
import { useAsync, useDebounced } from '../lib/hooks';
import { fieldInputId, focusFirst, groupByField, inputId } from '../lib/fieldPaths';
import { href, navigate } from '../lib/router';
import { COUNTRY_CODES, INTERNATIONAL_ORGANISATION } from '../lib/countries';
import {
  CheckGroup,
  ErrorBox,
  Field,
  FieldErrorsContext,
  fieldErrorText,
  Loading,
  PageTitle,
  Ref,
} from '../components/ui';
import { Icon } from '../components/Icon';
import { CompletenessPanel } from '../components/CompletenessPanel';

interface Loaded {
  activity: Activity;
  version: number | null;
  vocab: Vocabularies;
}

export function ActivityFormScreen({ id }: { id: string | null }) {
  const backend = useBackend();
  const { t } = useI18n();
  const [res, reload] = useAsync<Loaded>(async () => {
    const vocab = await backend.getVocabularies();
    if (id === null) return { activity: emptyActivity(), version: null, vocab };
    const d = await backend.getActivity(id);
    return { activity: d.activity, version: d.version, vocab };
  }, [backend, id]);
  if (res.state === 'error') {
    return (
      <>
        <PageTitle>{id === null ? t('form.newTitle') : t('form.editTitle', { id })}</PageTitle>
        <ErrorBox error={res.error} onRetry={reload} />
      </>
    );
  }
  if (res.state === 'loading' || res.data === null) return <Loading />;
  return <ActivityForm initial={res.data.activity} version={res.data.version} vocab={res.data.vocab} />;
}

/** Client-side checks before asking the backend (the backend checks everything again). */
export function clientErrors(a: Activity): FieldError[] {
  const errors: FieldError[] = [];
  if (a.name.trim() === '') errors.push({ field: 'name', code: 'required', message: 'must not be empty' });
  return errors;
}

function hasKey(k: string): k is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, k);
}

/** "data_categories[1].retention.period.amount" -> "Categories of personal data 2 › Amount". */
export function pathLabel(i18n: I18n, path: string): string {
  const parts = path.split('.');
  return parts
    .map((p) => {
      const m = /^([a-z_]+)(?:\[(\d+)\])?$/.exec(p);
      if (!m) return p;
      const [, name = p, idx] = m;
      if (name === 'retention' || name === 'period') return null;
      const key = `field.${name}`;
      const label = hasKey(key) ? i18n.t(key) : name;
      return idx !== undefined ? `${label} ${Number(idx) + 1}` : label;
    })
    .filter((x): x is string => x !== null)
    .join(' › ');
}

export function ActivityForm({ initial, version, vocab }: { initial: Activity; version: number | null; vocab: Vocabularies }) {
  const backend = useBackend();
  const i18n = useI18n();
  const { t } = i18n;
  const isNew = version === null;
  const [a, setA] = useState<Activity>(initial);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const focusErrors = useRef(false);
  const summaryRef = useRef<HTMLDivElement>(null);

  const set = <K extends keyof Activity>(k: K, v: Activity[K]) => setA((x) => ({ ...x, [k]: v }));

  // Live completeness: nothing is saved.
  const debounced = useDebounced(a, 400);
  const [live] = useAsync(() => backend.checkActivity(debounced), [backend, JSON.stringify(debounced)]);

  const byField = useMemo(() => groupByField(errors), [errors]);

  useEffect(() => {
    if (!focusErrors.current || errors.length === 0) return;
    focusErrors.current = false;
    const focused = focusFirst(errors.map((e) => fieldInputId(e.field)));
    if (!focused) summaryRef.current?.focus();
  }, [errors]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (saving) return;
    setFailure(null);
    const local = clientErrors(a);
    if (local.length > 0) {
      focusErrors.current = true;
      setErrors(local);
      return;
    }
    setSaving(true);
    try {
      const d = isNew ? await backend.createActivity(a) : await backend.updateActivity(a, version);
      setErrors([]);
      navigate({ name: 'activity', id: d.activity.id, asOf: null, tab: 'details' });
    } catch (err) {
      if (isApiError(err) && err.code === 'validation' && err.fields.length > 0) {
        focusErrors.current = true;
        setErrors(err.fields);
      } else {
        setErrors([]);
        setFailure(err);
      }
    } finally {
      setSaving(false);
    }
  };

  const focusField = (f: Finding) => {
    const el = document.getElementById(fieldInputId(f.field)) ?? document.getElementById(inputId(f.field.split(/[[.]/)[0] ?? ''));
    if (!el) return;
    const target = el.matches('input, select, textarea, button') ? el : el.querySelector<HTMLElement>('input, select, textarea, button');
    target?.focus();
  };

  const names = (l: Array<{ name: string }>) => l.map((x) => ({ value: x.name, label: x.name }));
  // Changed by someone else since it was read (`stale`): offer to reload. A `conflict` (a duplicate id
  // …) is shown with the backend's text.
  const conflict = isApiError(failure) && failure.code === 'stale';
  const cancelHref = isNew ? href({ name: 'register' }) : href({ name: 'activity', id: a.id, asOf: null, tab: 'details' });

  return (
    <FieldErrorsContext.Provider value={byField}>
      <a className="back-link" href={cancelHref}>
        <span aria-hidden="true">← </span>
        {isNew ? t('detail.back') : t('common.back')}
      </a>
      <PageTitle>{isNew ? t('form.newTitle') : t('form.editTitle', { id: a.id })}</PageTitle>
      <form className="activity-form" onSubmit={submit} noValidate data-testid="activity-form" aria-describedby={errors.length > 0 ? 'form-errors' : undefined}>
        <div className="form-grid">
          <div className="form-main">
            {errors.length > 0 ? (
              <div className="callout callout-error" role="alert" id="form-errors" tabIndex={-1} ref={summaryRef} data-testid="form-error-summary">
                <p>
                  <strong>{i18n.tp('form.errorSummary', errors.length)}</strong>
                </p>
                <ul>
                  {errors.map((e, i) => (
                    <li key={`${e.field}-${i}`}>
                      <a
                        href={`#${fieldInputId(e.field)}`}
                        onClick={(ev) => {
                          ev.preventDefault();
                          focusFirst([fieldInputId(e.field)]);
                        }}
                      >
                        {pathLabel(i18n, e.field)}
                      </a>
                      : {fieldErrorText(i18n, e)}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            {failure !== null ? (
              conflict ? (
                <div className="callout callout-error" role="alert">
                  <p>{t('form.conflict')}</p>
                  <button type="button" className="btn" onClick={() => window.location.reload()}>
                    {t('form.reload')}
                  </button>
                </div>
              ) : (
                <ErrorBox error={failure} />
              )
            ) : null}

            <FormSection title={t('form.section.general')}>
              <div className="row-2">
                {isNew ? (
                  <Field name="id" label={t('field.id')} help={t('form.idHelp')}>
                    {(p) => <input {...p} className="mono" value={a.id} placeholder="PA-0010" onChange={(e) => set('id', e.currentTarget.value)} />}
                  </Field>
                ) : (
                  <div className="field">
                    <span className="label">{t('field.id')}</span>
                    <span className="mono static">{a.id}</span>
                  </div>
                )}
                <Field name="status" label={t('field.status')}>
                  {(p) => (
                    <select {...p} value={a.status} onChange={(e) => set('status', e.currentTarget.value as Activity['status'])}>
                      {ACTIVITY_STATUSES.map((s) => (
                        <option key={s} value={s}>
                          {t(`status.${s}`)}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              </div>
              <Field name="name" label={t('field.name')} help={t('form.nameHelp')} required>
                {(p) => (
                  <input {...p} value={a.name} onChange={(e) => set('name', e.currentTarget.value)} aria-required="true" data-testid="field-name" autoComplete="off" />
                )}
              </Field>
              <Field name="description" label={t('field.description')}>
                {(p) => <textarea {...p} rows={3} value={a.description} onChange={(e) => set('description', e.currentTarget.value)} />}
              </Field>
            </FormSection>

            <FormSection title={t('detail.section.a')} reference={a.role === 'processor' ? 'Art. 30(2)(a)' : 'Art. 30(1)(a)'}>
              <Field name="role" label={t('field.role')}>
                {(p) => (
                  <select {...p} value={a.role} onChange={(e) => set('role', e.currentTarget.value as Activity['role'])}>
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {t(`role.${r}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <CheckGroup
                name="parties"
                legend={t('field.parties')}
                options={names(vocab.parties)}
                selected={a.parties}
                onChange={(v) => set('parties', v)}
                empty={t('form.noVocabulary')}
              />
            </FormSection>

            <FormSection title={t('detail.section.b')} reference={a.role === 'processor' ? 'Art. 30(2)(b)' : 'Art. 30(1)(b)'}>
              <Purposes purposes={a.purposes} onChange={(v) => set('purposes', v)} />
              <CheckGroup<LawfulBasis>
                name="lawful_bases"
                legend={t('field.lawful_bases')}
                legendExtra="Art. 6(1)"
                options={LAWFUL_BASES.map((b) => ({ value: b, label: t(`lawfulBasis.${b}`), hint: <Ref>{LAWFUL_BASIS_ARTICLE[b]}</Ref> }))}
                selected={a.lawful_bases}
                onChange={(v) => set('lawful_bases', v)}
              />
              {a.lawful_bases.includes('legitimate_interests') || a.lia_reference !== '' ? (
                <Field name="lia_reference" label={t('field.lia_reference')}>
                  {(p) => <input {...p} value={a.lia_reference} onChange={(e) => set('lia_reference', e.currentTarget.value)} />}
                </Field>
              ) : null}
              <div className="row-2">
                <Field name="special_category_condition" label={<>{t('field.special_category_condition')}</>}>
                  {(p) => (
                    <select
                      {...p}
                      value={a.special_category_condition ?? ''}
                      onChange={(e) => set('special_category_condition', e.currentTarget.value === '' ? null : (e.currentTarget.value as SpecialCategoryCondition))}
                    >
                      <option value="">{t('common.noneOption')}</option>
                      {SPECIAL_CATEGORY_CONDITIONS.map((c) => (
                        <option key={c} value={c}>
                          {CONDITION_ARTICLE[c]} — {t(`condition.${c}`)}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <CheckboxField name="criminal_data" label={t('field.criminal_data')} checked={a.criminal_data} onChange={(v) => set('criminal_data', v)} />
              </div>
            </FormSection>

            <FormSection title={t('detail.section.c')} reference="Art. 30(1)(c), (f)">
              <CheckGroup
                name="data_subjects"
                legend={t('field.data_subjects')}
                options={names(vocab.data_subject_categories)}
                selected={a.data_subjects}
                onChange={(v) => set('data_subjects', v)}
                empty={t('form.noVocabulary')}
              />
              <DataCategories value={a.data_categories} vocab={vocab} onChange={(v) => set('data_categories', v)} />
            </FormSection>

            <FormSection title={t('detail.section.d')} reference="Art. 30(1)(d)">
              <CheckGroup
                name="recipients"
                legend={t('field.recipients')}
                options={vocab.recipients.map((r) => ({
                  value: r.name,
                  label: r.name,
                  hint: `${t(`recipientKind.${r.kind}`)}${r.country ? ` · ${r.country}` : ''}`,
                }))}
                selected={a.recipients}
                onChange={(v) => set('recipients', v)}
                empty={t('form.noVocabulary')}
              />
            </FormSection>

            <FormSection title={t('detail.section.e')} reference="Art. 30(1)(e), Art. 44–49">
              <Transfers value={a.transfers} vocab={vocab} onChange={(v) => set('transfers', v)} />
            </FormSection>

            <FormSection title={t('detail.section.g')} reference="Art. 30(1)(g), Art. 32(1)">
              <CheckGroup
                name="measures"
                legend={t('field.measures')}
                options={vocab.measures.map((m) => ({ value: m.name, label: m.name, hint: t(`measureKind.${m.kind}`) }))}
                selected={a.measures}
                onChange={(v) => set('measures', v)}
                empty={t('form.noVocabulary')}
              />
            </FormSection>

            <FormSection title={t('detail.section.other')}>
              <CheckGroup
                name="systems"
                legend={t('field.systems')}
                options={names(vocab.systems)}
                selected={a.systems}
                onChange={(v) => set('systems', v)}
                empty={t('form.noVocabulary')}
              />
              <Field name="data_source" label={t('field.data_source')}>
                {(p) => <input {...p} value={a.data_source} onChange={(e) => set('data_source', e.currentTarget.value)} />}
              </Field>
              <CheckboxField name="automated_decision" label={t('field.automated_decision')} checked={a.automated_decision} onChange={(v) => set('automated_decision', v)} />
              {a.automated_decision || a.automated_decision_logic !== '' ? (
                <Field name="automated_decision_logic" label={t('field.automated_decision_logic')}>
                  {(p) => <textarea {...p} rows={2} value={a.automated_decision_logic} onChange={(e) => set('automated_decision_logic', e.currentTarget.value)} />}
                </Field>
              ) : null}
              <div className="row-2">
                <CheckboxField name="dpia_required" label={t('field.dpia_required')} checked={a.dpia_required} onChange={(v) => set('dpia_required', v)} />
                <Field name="dpia_reference" label={t('field.dpia_reference')}>
                  {(p) => <input {...p} value={a.dpia_reference} onChange={(e) => set('dpia_reference', e.currentTarget.value)} />}
                </Field>
              </div>
            </FormSection>

            <FormSection title={t('form.section.management')}>
              <div className="row-3">
                <Field name="department" label={t('field.department')}>
                  {(p) => (
                    <>
                      <input {...p} list="department-list" value={a.department} onChange={(e) => set('department', e.currentTarget.value)} />
                      <datalist id="department-list">
                        {vocab.departments.map((d) => (
                          <option key={d} value={d} />
                        ))}
                      </datalist>
                    </>
                  )}
                </Field>
                <Field name="owner" label={t('field.owner')}>
                  {(p) => <input {...p} value={a.owner} onChange={(e) => set('owner', e.currentTarget.value)} />}
                </Field>
                <Field name="next_review" label={t('field.next_review')}>
                  {(p) => (
                    <input {...p} type="date" value={a.next_review ?? ''} onChange={(e) => set('next_review', e.currentTarget.value === '' ? null : e.currentTarget.value)} />
                  )}
                </Field>
              </div>
            </FormSection>

            <div className="form-actions">
              <a className="btn" href={cancelHref}>
                {t('common.cancel')}
              </a>
              <button type="submit" className="btn btn-primary" disabled={saving} data-testid="save-activity">
                {saving ? t('common.saving') : t('common.save')}
              </button>
            </div>
          </div>
          <aside className="form-side">
            <CompletenessPanel
              completeness={live.data}
              title={t('completeness.live')}
              help={t('completeness.liveHelp')}
              onFinding={focusField}
              busy={live.state === 'loading'}
            />
          </aside>
        </div>
      </form>
    </FieldErrorsContext.Provider>
  );
}

function FormSection({ title, reference, children }: { title: string; reference?: string; children: ReactNode }) {
  return (
    <fieldset className="card form-section">
      <legend>
        <span className="legend-title">{title}</span>
        {reference ? <Ref>{reference}</Ref> : null}
      </legend>
      {children}
    </fieldset>
  );
}

function CheckboxField({ name, label, checked, onChange }: { name: string; label: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <Field name={name} label={label} className="field-checkbox">
      {(p) => <input {...p} type="checkbox" checked={checked} onChange={(e) => onChange(e.currentTarget.checked)} />}
    </Field>
  );
}

function Purposes({ purposes, onChange }: { purposes: string[]; onChange: (v: string[]) => void }) {
  const { t } = useI18n();
  const add = () => {
    onChange([...purposes, '']);
    setTimeout(() => document.getElementById(inputId(`purposes[${purposes.length}]`))?.focus(), 0);
  };
  return (
    <div className="field repeat" role="group" aria-labelledby="purposes-label" id={inputId('purposes')}>
      <span className="label" id="purposes-label">
        {t('field.purposes')}
      </span>
      {purposes.map((p, i) => (
        <div className="repeat-row compact" key={i}>
          <Field name={`purposes[${i}]`} label={<span className="visually-hidden">{t('form.purpose', { index: i + 1 })}</span>} className="grow">
            {(props) => <input {...props} value={p} onChange={(e) => onChange(purposes.map((x, j) => (j === i ? e.currentTarget.value : x)))} />}
          </Field>
          <button type="button" className="btn btn-ghost btn-icon" aria-label={t('form.removePurpose', { index: i + 1 })} onClick={() => onChange(purposes.filter((_, j) => j !== i))}>
            ✕
          </button>
        </div>
      ))}
      <button type="button" className="btn btn-small" onClick={add} data-testid="add-purpose">
        <Icon name="plus" /> {t('form.addPurpose')}
      </button>
    </div>
  );
}

function DataCategories({ value, vocab, onChange }: { value: ActivityDataCategory[]; vocab: Vocabularies; onChange: (v: ActivityDataCategory[]) => void }) {
  const { t } = useI18n();
  const update = (i: number, f: (c: ActivityDataCategory) => ActivityDataCategory) => onChange(value.map((c, j) => (j === i ? f(c) : c)));
  const add = () => {
    const used = new Set(value.map((c) => c.category.toLowerCase()));
    const next = vocab.data_categories.find((c) => !used.has(c.name.toLowerCase()))?.name ?? '';
    onChange([...value, { category: next, retention: { period: null, criteria: '' } }]);
    setTimeout(() => document.getElementById(inputId(`data_categories[${value.length}].category`))?.focus(), 0);
  };
  return (
    <div className="field repeat" role="group" aria-labelledby="dc-label" id={inputId('data_categories')}>
      <span className="label" id="dc-label">
        {t('field.data_categories')} <Ref>Art. 30(1)(c), (f)</Ref>
      </span>
      {value.length === 0 && vocab.data_categories.length === 0 ? <p className="help">{t('form.noVocabulary')}</p> : null}
      {value.map((c, i) => {
        const base = `data_categories[${i}]`;
        const p = c.retention.period;
        const known = vocab.data_categories.some((v) => v.name === c.category);
        return (
          <div className="subcard" key={i} role="group" aria-label={t('form.dataCategory', { index: i + 1 })}>
            <div className="repeat-row">
              <Field name={`${base}.category`} label={t('field.category')} className="grow">
                {(props) => (
                  <select {...props} value={c.category} onChange={(e) => update(i, (x) => ({ ...x, category: e.currentTarget.value }))}>
                    <option value="">{t('common.choose')}</option>
                    {!known && c.category !== '' ? <option value={c.category}>{c.category}</option> : null}
                    {vocab.data_categories.map((v) => (
                      <option key={v.name} value={v.name}>
                        {v.name}
                        {v.kind !== 'ordinary' ? ` — ${t(`dataCategoryKind.${v.kind}`)}` : ''}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <button type="button" className="btn btn-ghost btn-icon" aria-label={t('form.removeDataCategory', { index: i + 1 })} onClick={() => onChange(value.filter((_, j) => j !== i))}>
                ✕
              </button>
            </div>
            <RetentionEditor base={base} c={c} period={p} onChange={(r) => update(i, (x) => ({ ...x, retention: r }))} />
          </div>
        );
      })}
      <button type="button" className="btn btn-small" onClick={add} data-testid="add-data-category">
        <Icon name="plus" /> {t('form.addDataCategory')}
      </button>
    </div>
  );
}

function RetentionEditor({
  base,
  c,
  period,
  onChange,
}: {
  base: string;
  c: ActivityDataCategory;
  period: ActivityDataCategory['retention']['period'];
  onChange: (r: ActivityDataCategory['retention']) => void;
}) {
  const { t } = useI18n();
  const groupKey = `${base}.retention`;
  return (
    <fieldset className="retention" id={inputId(groupKey)}>
      <legend>
        {t('field.retention')} <Ref>Art. 30(1)(f)</Ref>
      </legend>
      <label className="check">
        <input
          type="checkbox"
          checked={period !== null}
          onChange={(e) => onChange({ ...c.retention, period: e.currentTarget.checked ? { amount: 1, unit: 'years', trigger: '' } : null })}
        />
        <span>{t('field.retentionPeriod')}</span>
      </label>
      {period !== null ? (
        <div className="row-3">
          <Field name={`${base}.retention.period.amount`} label={t('field.amount')}>
            {(p) => (
              <input
                {...p}
                type="number"
                min={1}
                max={1000}
                inputMode="numeric"
                value={Number.isFinite(period.amount) ? String(period.amount) : ''}
                onChange={(e) => onChange({ ...c.retention, period: { ...period, amount: e.currentTarget.value === '' ? 0 : Number(e.currentTarget.value) } })}
              />
            )}
          </Field>
          <Field name={`${base}.retention.period.unit`} label={t('field.unit')}>
            {(p) => (
              <select {...p} value={period.unit} onChange={(e) => onChange({ ...c.retention, period: { ...period, unit: e.currentTarget.value as typeof period.unit } })}>
                {RETENTION_UNITS.map((u) => (
                  <option key={u} value={u}>
                    {t(`unit.${u}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name={`${base}.retention.period.trigger`} label={t('field.trigger')}>
            {(p) => (
              <input
                {...p}
                value={period.trigger}
                placeholder={t('field.triggerPlaceholder')}
                onChange={(e) => onChange({ ...c.retention, period: { ...period, trigger: e.currentTarget.value } })}
              />
            )}
          </Field>
        </div>
      ) : null}
      <Field name={`${base}.retention.criteria`} label={t('field.criteria')}>
        {(p) => <input {...p} value={c.retention.criteria} onChange={(e) => onChange({ ...c.retention, criteria: e.currentTarget.value })} />}
      </Field>
    </fieldset>
  );
}

function Transfers({ value, vocab, onChange }: { value: Transfer[]; vocab: Vocabularies; onChange: (v: Transfer[]) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const countries = useMemo(
    () =>
      [...COUNTRY_CODES]
        .map((c) => ({ code: c, name: i18n.country(c) }))
        .sort((x, y) => x.name.localeCompare(y.name, i18n.lang)),
    [i18n],
  );
  const update = (i: number, patch: Partial<Transfer>) => onChange(value.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const add = () => {
    onChange([...value, { country: '', recipient: null, mechanism: null, safeguards: '' }]);
    setTimeout(() => document.getElementById(inputId(`transfers[${value.length}].country`))?.focus(), 0);
  };
  return (
    <div className="field repeat" id={inputId('transfers')} role="group" aria-labelledby="tr-label">
      <span className="label" id="tr-label">
        {t('field.transfers')}
      </span>
      {value.map((tr, i) => {
        const base = `transfers[${i}]`;
        return (
          <div className="subcard" key={i} role="group" aria-label={t('form.transfer', { index: i + 1 })}>
            <div className="repeat-row">
              <div className="row-2 grow">
                <Field name={`${base}.country`} label={t('field.country')}>
                  {(p) => (
                    <select {...p} value={tr.country} onChange={(e) => update(i, { country: e.currentTarget.value })}>
                      <option value="">{t('common.choose')}</option>
                      <option value={INTERNATIONAL_ORGANISATION}>{t('common.internationalOrganisation')}</option>
                      {!COUNTRY_CODES.includes(tr.country) && tr.country !== '' && tr.country !== INTERNATIONAL_ORGANISATION ? (
                        <option value={tr.country}>{tr.country}</option>
                      ) : null}
                      {countries.map((c) => (
                        <option key={c.code} value={c.code}>
                          {c.name} ({c.code})
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field name={`${base}.recipient`} label={t('field.recipient')}>
                  {(p) => (
                    <select {...p} value={tr.recipient ?? ''} onChange={(e) => update(i, { recipient: e.currentTarget.value === '' ? null : e.currentTarget.value })}>
                      <option value="">{t('common.noneOption')}</option>
                      {tr.recipient !== null && !vocab.recipients.some((r) => r.name === tr.recipient) ? (
                        <option value={tr.recipient}>{tr.recipient}</option>
                      ) : null}
                      {vocab.recipients.map((r) => (
                        <option key={r.name} value={r.name}>
                          {r.name}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              </div>
              <button type="button" className="btn btn-ghost btn-icon" aria-label={t('form.removeTransfer', { index: i + 1 })} onClick={() => onChange(value.filter((_, j) => j !== i))}>
                ✕
              </button>
            </div>
            <Field name={`${base}.mechanism`} label={t('field.mechanism')}>
              {(p) => (
                <select
                  {...p}
                  value={tr.mechanism ?? ''}
                  onChange={(e) => update(i, { mechanism: e.currentTarget.value === '' ? null : (e.currentTarget.value as TransferMechanism) })}
                >
                  <option value="">{t('common.noneOption')}</option>
                  {TRANSFER_MECHANISMS.map((m) => (
                    <option key={m} value={m}>
                      {MECHANISM_ARTICLE[m]} — {t(`mechanism.${m}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field name={`${base}.safeguards`} label={t('field.safeguards')}>
              {(p) => <input {...p} value={tr.safeguards} onChange={(e) => update(i, { safeguards: e.currentTarget.value })} />}
            </Field>
          </div>
        );
      })}
      <button type="button" className="btn btn-small" onClick={add} data-testid="add-transfer">
        <Icon name="plus" /> {t('form.addTransfer')}
      </button>
    </div>
  );
}

