// Picks processing activities to link to a request: a search (the backend's activity search), the
// matches as checkboxes (those already linked shown checked and fixed), then one call that links them
// all, based on the version the request was read at.
import { useState, type FormEvent } from 'react';
import { useBackend } from '../../api';
import { emptyActivityQuery } from '../../api/enums';
import type { RequestView } from '../../api/types';
import { useI18n } from '../../i18n';
import { useAsync, useDebounced } from '../../lib/hooks';
import { Dialog } from '../../components/Dialog';
import { errorText, Loading } from '../../components/ui';
import { formFieldErrors, WorkFailure } from './common';

/** How many matches are listed at once (narrow the search for others). */
const SHOWN = 30;

export function LinkActivitiesDialog({
  view,
  onClose,
  onLinked,
  onReload,
}: {
  view: RequestView;
  onClose: () => void;
  onLinked: (v: RequestView, count: number) => void;
  onReload: () => void;
}) {
  const backend = useBackend();
  const i18n = useI18n();
  const { t } = i18n;
  const linked = view.request.activities;
  const [query, setQuery] = useState('');
  const search = useDebounced(query.trim(), 200);
  const [found] = useAsync(
    () => backend.listActivities({ ...emptyActivityQuery(), search: search === '' ? null : search, limit: SHOWN }, null),
    [backend, search],
  );
  const [selected, setSelected] = useState<string[]>([]);
  const [noneMissing, setNoneMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  const toggle = (id: string, on: boolean) => {
    setNoneMissing(false);
    setSelected((s) => (on ? [...s.filter((x) => x !== id), id] : s.filter((x) => x !== id)));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (selected.length === 0) {
      setNoneMissing(true);
      return;
    }
    setFailure(null);
    setBusy(true);
    try {
      onLinked(await backend.linkRequestActivities(view.request.id, selected, view.version), selected.length);
    } catch (err) {
      setFailure(err);
      setBusy(false);
    }
  };

  const items = found.data?.items ?? [];
  // An unknown activity (deleted meanwhile) comes back as `activities[i]`: say which one.
  const unknown = formFieldErrors(failure, Object.fromEntries(selected.map((_, i) => [`activities[${i}]`, 'activities'])));
  return (
    <Dialog
      title={t('tasks.linkTitle')}
      onClose={onClose}
      wide
      testId="link-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form="link-form" className="btn btn-primary" disabled={busy} data-testid="link-save">
            {busy ? t('tasks.linking') : t('tasks.linkSubmit')}
          </button>
        </>
      }
    >
      <form id="link-form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor="link-search">{t('tasks.linkSearch')}</label>
          <input
            id="link-search"
            type="search"
            value={query}
            onChange={(e) => setQuery(e.currentTarget.value)}
            aria-describedby="link-search-help link-count"
            autoComplete="off"
            data-autofocus
            data-testid="link-search"
          />
          <p className="help" id="link-search-help">
            {t('tasks.linkHelp')}
          </p>
        </div>
        <fieldset className="field checkgroup link-results" aria-describedby="link-count" aria-busy={found.state === 'loading'}>
          <legend>{t('tasks.linkLegend')}</legend>
          {found.state === 'error' ? (
            <p className="field-error">{errorText(i18n, found.error)}</p>
          ) : found.data === null ? (
            <Loading />
          ) : items.length === 0 ? (
            <p className="help">{t('tasks.linkNone')}</p>
          ) : (
            <div className="checklist">
              {items.map((a) => {
                const already = linked.includes(a.id);
                const id = `link-${a.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
                return (
                  <label key={a.id} className="check" htmlFor={id}>
                    <input
                      id={id}
                      type="checkbox"
                      checked={already || selected.includes(a.id)}
                      disabled={already}
                      onChange={(e) => toggle(a.id, e.currentTarget.checked)}
                    />
                    <span>
                      <span className="mono">{a.id}</span> · {a.name}
                      <span className="hint">
                        {' '}
                        {[a.department, a.owner].filter((x) => x !== '').join(' · ')}
                        {already ? ` (${t('tasks.linkAlready')})` : ''}
                      </span>
                    </span>
                  </label>
                );
              })}
            </div>
          )}
        </fieldset>
        <p className="help" id="link-count" aria-live="polite" data-testid="link-count">
          {i18n.tp('tasks.linkSelected', selected.length)}
        </p>
        {noneMissing ? (
          <p className="field-error" role="alert" data-testid="link-none">
            <span aria-hidden="true">⚠ </span>
            {t('tasks.linkPickOne')}.
          </p>
        ) : null}
        {unknown !== null ? (
          <p className="field-error" role="alert" data-testid="link-error">
            <span aria-hidden="true">⚠ </span>
            {(unknown.get('activities') ?? []).map((f) => f.message).join('; ')}
          </p>
        ) : (
          <WorkFailure failure={failure} onReload={onReload} testId="link-error" />
        )}
      </form>
    </Dialog>
  );
}
