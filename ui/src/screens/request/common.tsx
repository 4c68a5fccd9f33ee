// What the work on a request (tasks, Art. 19 ledger) shares: how a refusal is shown. `stale` means the
// request changed since it was read (reload, then try again); `conflict` that the state does not allow
// it (the backend's reason is shown); anything else the usual error text.
import { useLayoutEffect, useRef } from 'react';
import { isApiError } from '../../api';
import type { FieldError } from '../../api/types';
import { useI18n } from '../../i18n';
import { errorText } from '../../components/ui';

/** Whether a failure is the backend's "changed meanwhile". */
export const isStale = (failure: unknown): boolean => isApiError(failure) && failure.code === 'stale';

/** A failure's field errors for the fields a form shows (`fields` maps the API's field to the form
 *  key); null when some error is not about one of them (then the whole failure is shown). */
export function formFieldErrors(failure: unknown, fields: Record<string, string>): Map<string, FieldError[]> | null {
  if (!isApiError(failure) || failure.code !== 'validation' || failure.fields.length === 0) return null;
  const out = new Map<string, FieldError[]>();
  for (const f of failure.fields) {
    const key = fields[f.field];
    if (key === undefined) return null;
    out.set(key, [...(out.get(key) ?? []), { ...f, field: key }]);
  }
  return out;
}

export function WorkFailure({ failure, onReload, testId }: { failure: unknown; onReload: () => void; testId?: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const ref = useRef<HTMLDivElement>(null);
  // In the commit that shows the alert (not after the paint), so nothing focused meanwhile wins.
  useLayoutEffect(() => {
    if (failure !== null) ref.current?.focus();
  }, [failure]);
  if (failure === null) return null;
  return (
    <div className="callout callout-error" role="alert" tabIndex={-1} ref={ref} data-testid={testId}>
      {isStale(failure) ? (
        <>
          <p>{t('tasks.stale')}</p>
          <button type="button" className="btn" onClick={onReload} data-testid={testId ? `${testId}-reload` : undefined}>
            {t('request.reload')}
          </button>
        </>
      ) : (
        <p>{isApiError(failure) && failure.code === 'conflict' ? t('tasks.refused', { message: failure.message }) : errorText(i18n, failure)}</p>
      )}
    </div>
  );
}
