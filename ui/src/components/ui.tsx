// Small shared building blocks: page heading, error and loading states, form fields with their error
// messages, checkbox groups, score badges.
import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react';
import { useI18n, type I18n, type MessageKey } from '../i18n';
import { toApiError } from '../api';
import type { ActivityStatus, CompletenessBand, FieldError } from '../api/types';
import { bandOf } from '../api/enums';
import { inputId } from '../lib/fieldPaths';

let firstHeading = true;

/** The page's h1. It takes focus after navigation (not on first load) so screen readers announce it. */
export function PageTitle({ children, actions }: { children: ReactNode; actions?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (firstHeading) {
      firstHeading = false;
      return;
    }
    ref.current?.focus({ preventScroll: false });
  }, []);
  return (
    <div className="page-title">
      <h1 ref={ref} tabIndex={-1}>
        {children}
      </h1>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </div>
  );
}

export function errorText(i18n: I18n, e: unknown): string {
  const err = toApiError(e);
  if (err.code === 'validation') {
    return [i18n.t('error.validation'), ...err.fields.map((f) => `${f.field}: ${fieldErrorText(i18n, f)}`)].join(' ');
  }
  return i18n.t(`error.${err.code}`, { message: err.message });
}

export function fieldErrorText(i18n: I18n, f: FieldError): string {
  // The translated text for the code; the backend's own message adds the specifics (limits, names).
  const translated = i18n.t(`validation.${f.code}`);
  return i18n.lang === 'en' ? f.message.charAt(0).toUpperCase() + f.message.slice(1) + '.' : translated;
}

export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const i18n = useI18n();
  return (
    <div className="callout callout-error" role="alert">
      <p>{errorText(i18n, error)}</p>
      {onRetry ? (
        <button type="button" className="btn" onClick={onRetry}>
          {i18n.t('common.retry')}
        </button>
      ) : null}
    </div>
  );
}

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('app.loading')}
    </p>
  );
}

// ----------------------------------------------------------------------------------------------
// Form fields

/** Field errors of the form being edited, by form key (see lib/fieldPaths). */
export const FieldErrorsContext = createContext<Map<string, FieldError[]>>(new Map());

export interface ControlProps {
  id: string;
  'aria-invalid': boolean | undefined;
  'aria-describedby': string | undefined;
}

/** ids and aria attributes for the control of a form key, with the ids of its help and error texts. */
export function useControl(key: string, hasHelp: boolean): { props: ControlProps; errors: FieldError[]; errorId: string; helpId: string } {
  const errors = useContext(FieldErrorsContext).get(key) ?? [];
  const id = inputId(key);
  const errorId = `${id}-error`;
  const helpId = `${id}-help`;
  const describedBy = [errors.length > 0 ? errorId : null, hasHelp ? helpId : null].filter(Boolean).join(' ');
  return {
    props: { id, 'aria-invalid': errors.length > 0 ? true : undefined, 'aria-describedby': describedBy || undefined },
    errors,
    errorId,
    helpId,
  };
}

export function FieldErrorText({ id, errors }: { id: string; errors: FieldError[] }) {
  const i18n = useI18n();
  if (errors.length === 0) return null;
  return (
    <p className="field-error" id={id} data-testid={`error-${id.replace(/-error$/, '')}`}>
      <span aria-hidden="true">⚠ </span>
      {errors.map((e) => fieldErrorText(i18n, e)).join(' ')}
    </p>
  );
}

/** A labelled control with help text and the errors of its form key beside it. */
export function Field({
  name,
  label,
  help,
  required,
  className,
  children,
}: {
  name: string;
  label: ReactNode;
  help?: ReactNode;
  required?: boolean;
  className?: string;
  children: (p: ControlProps) => ReactNode;
}) {
  const { props, errors, errorId, helpId } = useControl(name, help !== undefined);
  return (
    <div className={`field${errors.length > 0 ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={props.id}>
        {label}
        {required ? (
          <span className="required" aria-hidden="true">
            {' '}
            *
          </span>
        ) : null}
      </label>
      {children(props)}
      {help !== undefined ? (
        <p className="help" id={helpId}>
          {help}
        </p>
      ) : null}
      <FieldErrorText id={errorId} errors={errors} />
    </div>
  );
}

/** A fieldset of checkboxes for choosing several names or enum values. */
export function CheckGroup<T extends string>({
  name,
  legend,
  legendExtra,
  options,
  selected,
  onChange,
  empty,
  disabled,
}: {
  name: string;
  legend: ReactNode;
  legendExtra?: ReactNode;
  options: Array<{ value: T; label: ReactNode; hint?: ReactNode }>;
  selected: readonly T[];
  onChange: (values: T[]) => void;
  empty?: ReactNode;
  disabled?: boolean;
}) {
  const { props, errors, errorId } = useControl(name, false);
  const toggle = (v: T, on: boolean) => {
    if (on) onChange(options.map((o) => o.value).filter((x) => x === v || selected.includes(x)));
    else onChange(selected.filter((x) => x !== v));
  };
  // Selected names that are not in the vocabulary (e.g. from an import) stay visible.
  const unknown = selected.filter((s) => !options.some((o) => o.value === s));
  return (
    <fieldset
      className={`field checkgroup${errors.length > 0 ? ' field-invalid' : ''}`}
      id={props.id}
      aria-describedby={props['aria-describedby']}
      disabled={disabled}
    >
      <legend>
        {legend}
        {legendExtra ? <span className="ref"> {legendExtra}</span> : null}
      </legend>
      {options.length === 0 && unknown.length === 0 ? <p className="help">{empty}</p> : null}
      <div className="checklist">
        {[...options, ...unknown.map((u) => ({ value: u, label: u, hint: undefined }))].map((o) => {
          const id = `${props.id}-${String(o.value).replace(/[^A-Za-z0-9_-]/g, '_')}`;
          return (
            <label key={o.value} className="check" htmlFor={id}>
              <input
                id={id}
                type="checkbox"
                checked={selected.includes(o.value)}
                onChange={(e) => toggle(o.value, e.currentTarget.checked)}
                aria-invalid={props['aria-invalid']}
                aria-describedby={props['aria-describedby']}
              />
              <span>
                {o.label}
                {o.hint ? <span className="hint"> {o.hint}</span> : null}
              </span>
            </label>
          );
        })}
      </div>
      <FieldErrorText id={errorId} errors={errors} />
    </fieldset>
  );
}

// ----------------------------------------------------------------------------------------------
// Badges

export function ScoreBadge({ score, band }: { score: number; band?: CompletenessBand }) {
  const { t } = useI18n();
  const b = band ?? bandOf(score);
  return (
    <span className={`score score-${b}`} title={t(`band.${b}`)}>
      <span className="score-dot" aria-hidden="true" />
      <span className="score-num">{score}</span>
      <span className="visually-hidden"> — {t(`bandShort.${b}`)}</span>
    </span>
  );
}

export function StatusChip({ status }: { status: ActivityStatus }) {
  const { t } = useI18n();
  return <span className={`chip chip-${status}`}>{t(`status.${status}`)}</span>;
}

export function Ref({ children }: { children: ReactNode }) {
  return <span className="ref">{children}</span>;
}

export function Section({ title, reference, children, id }: { title: ReactNode; reference?: string; children: ReactNode; id?: string }) {
  return (
    <section className="card" aria-labelledby={id ? `${id}-h` : undefined}>
      <h2 id={id ? `${id}-h` : undefined}>
        {title}
        {reference ? <Ref>{reference}</Ref> : null}
      </h2>
      {children}
    </section>
  );
}

export function useT(): (key: MessageKey, vars?: Record<string, string | number>) => string {
  return useI18n().t;
}
