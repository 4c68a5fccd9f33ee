// The legal-holds manager: active holds (and, on request, expired and released ones), a new hold on a
// rule, an activity or listed keys of a rule, and release with a reason. Every change is audited by
// the core.
import { useState, type FormEvent } from 'react';
import { useBackend } from '../../api';
import type { HoldScope, LegalHold, RuleInfo } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { Loading } from '../../components/ui';
import { useI18n } from '../../i18n';
import { useAsync } from '../../lib/hooks';
import { ApiMessage, holdState, localToday, scopeText } from './common';
import { ALL_ACTIVITIES } from './RuleEditor';

export function HoldsPanel({ rules, onChanged }: { rules: RuleInfo[]; onChanged: () => void }) {
  const backend = useBackend();
  const i18n = useI18n();
  const { t } = i18n;
  const [showAll, setShowAll] = useState(false);
  const [holds, reload] = useAsync(() => backend.listHolds(showAll), [backend, showAll]);
  const [adding, setAdding] = useState(false);
  const [releasing, setReleasing] = useState<LegalHold | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const today = localToday();

  const changed = (message: string) => {
    setNotice(message);
    reload();
    onChanged();
  };

  return (
    <section aria-labelledby="holds-h" data-testid="holds">
      <div className="list-bar">
        <h2 id="holds-h">{t('ret.holds.title')}</h2>
        <label className="check" htmlFor="holds-all">
          <input id="holds-all" type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.currentTarget.checked)} />
          <span>{t('ret.holds.showAll')}</span>
        </label>
        <button type="button" className="btn btn-primary" onClick={() => setAdding(true)} data-testid="hold-add">
          {t('ret.holds.add')}
        </button>
      </div>
      <p className="help">{t('ret.holds.help')}</p>
      {notice ? (
        <p className="callout callout-ok" role="status" data-testid="holds-notice">
          {notice}
        </p>
      ) : null}
      {holds.state === 'error' ? <ApiMessage i18n={i18n} error={holds.error} /> : null}
      {holds.data === null ? (
        <Loading />
      ) : holds.data.length === 0 ? (
        <p className="muted" data-testid="holds-empty">
          {showAll ? t('ret.holds.noneAtAll') : t('ret.holds.none')}
        </p>
      ) : (
        <div className="table-scroll card table-card">
          <table className="table" data-testid="holds-table">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('ret.holds.scope')}</th>
                <th scope="col">{t('ret.holds.reason')}</th>
                <th scope="col">{t('ret.holds.owner')}</th>
                <th scope="col">{t('ret.holds.since')}</th>
                <th scope="col">{t('ret.holds.until')}</th>
                <th scope="col">{t('ret.holds.state')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('ret.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {holds.data.map((h) => {
                const state = holdState(h, today);
                return (
                  <tr key={h.id} data-testid={`hold-${h.id}`}>
                    <td className="num">{h.id}</td>
                    <td>{scopeText(i18n, h.scope)}</td>
                    <td>{h.reason}</td>
                    <td>{h.owner}</td>
                    <td className="nowrap">{i18n.dateTime(h.created_at)}</td>
                    <td className="nowrap">{h.until === null ? t('ret.holds.untilReleased') : i18n.date(h.until)}</td>
                    <td>
                      <span className={`tag ${state === 'active' ? 'tag-warn' : ''}`}>{t(`ret.holds.${state}`)}</span>
                      {state === 'released' ? (
                        <div className="small muted">
                          {t('ret.holds.releasedBy', { who: h.released_by ?? '', when: i18n.dateTime(h.released_at ?? '') })}
                          {h.release_reason ? ` — ${h.release_reason}` : ''}
                        </div>
                      ) : null}
                    </td>
                    <td>
                      {state === 'active' ? (
                        <button type="button" className="btn btn-small" onClick={() => setReleasing(h)} data-testid={`hold-release-${h.id}`}>
                          {t('ret.holds.release')}
                        </button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {adding ? (
        <AddHoldDialog
          rules={rules}
          onClose={() => setAdding(false)}
          onAdded={(h) => {
            setAdding(false);
            changed(t('ret.holds.added', { id: h.id }));
          }}
        />
      ) : null}
      {releasing ? (
        <ReleaseDialog
          hold={releasing}
          onClose={() => setReleasing(null)}
          onReleased={(h) => {
            setReleasing(null);
            changed(t('ret.holds.releasedNotice', { id: h.id }));
          }}
        />
      ) : null}
    </section>
  );
}

function AddHoldDialog({ rules, onClose, onAdded }: { rules: RuleInfo[]; onClose: () => void; onAdded: (h: LegalHold) => void }) {
  const backend = useBackend();
  const i18n = useI18n();
  const { t } = i18n;
  const [kind, setKind] = useState<HoldScope['kind']>('keys');
  const [rule, setRule] = useState(rules[0]?.rule.name ?? '');
  const [activity, setActivity] = useState('');
  const [keys, setKeys] = useState('');
  const [reason, setReason] = useState('');
  const [owner, setOwner] = useState('');
  const [until, setUntil] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [activities] = useAsync(() => backend.listActivities(ALL_ACTIVITIES, null), [backend]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const scope: HoldScope =
      kind === 'rule'
        ? { kind, rule }
        : kind === 'activity'
          ? { kind, activity }
          : { kind, rule, keys: keys.split(/[\n,]/).map((k) => k.trim()).filter((k) => k !== '') };
    setBusy(true);
    setError(null);
    try {
      onAdded(await backend.addHold(scope, reason, owner.trim() === '' ? null : owner, until === '' ? null : until));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={t('ret.holds.addTitle')}
      onClose={onClose}
      testId="hold-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form="hold-form" className="btn btn-primary" disabled={busy} data-testid="hold-save">
            {t('ret.holds.addSubmit')}
          </button>
        </>
      }
    >
      <form id="hold-form" onSubmit={submit} noValidate>
        {error !== null ? <ApiMessage i18n={i18n} error={error} testId="hold-error" /> : null}
        <fieldset className="field radios">
          <legend>{t('ret.holds.scope')}</legend>
          {(['keys', 'rule', 'activity'] as const).map((k) => (
            <label key={k} className="check" htmlFor={`hold-kind-${k}`}>
              <input id={`hold-kind-${k}`} type="radio" name="hold-kind" checked={kind === k} onChange={() => setKind(k)} />
              <span>{t(`ret.holds.kind.${k}`)}</span>
            </label>
          ))}
        </fieldset>
        {kind === 'activity' ? (
          <div className="field">
            <label htmlFor="hold-activity">{t('ret.editor.activity')}</label>
            <select id="hold-activity" value={activity} onChange={(e) => setActivity(e.currentTarget.value)}>
              <option value="">{t('common.choose')}</option>
              {(activities.data?.items ?? []).map((a) => (
                <option key={a.id} value={a.id}>
                  {a.id} — {a.name}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <div className="field">
            <label htmlFor="hold-rule">{t('ret.holds.rule')}</label>
            <select id="hold-rule" value={rule} onChange={(e) => setRule(e.currentTarget.value)}>
              {rules.map((r) => (
                <option key={r.rule.name} value={r.rule.name}>
                  {r.rule.name}
                </option>
              ))}
            </select>
          </div>
        )}
        {kind === 'keys' ? (
          <div className="field">
            <label htmlFor="hold-keys">{t('ret.holds.keys')}</label>
            <textarea id="hold-keys" rows={4} className="mono" value={keys} onChange={(e) => setKeys(e.currentTarget.value)} aria-describedby="hold-keys-help" />
            <p className="help" id="hold-keys-help">
              {t('ret.holds.keysHelp')}
            </p>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="hold-reason">
            {t('ret.holds.reason')}
            <span className="required" aria-hidden="true">
              {' '}
              *
            </span>
          </label>
          <textarea id="hold-reason" rows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
        </div>
        <div className="row-2">
          <div className="field">
            <label htmlFor="hold-owner">{t('ret.holds.owner')}</label>
            <input id="hold-owner" value={owner} onChange={(e) => setOwner(e.currentTarget.value)} aria-describedby="hold-owner-help" />
            <p className="help" id="hold-owner-help">
              {t('ret.holds.ownerHelp')}
            </p>
          </div>
          <div className="field">
            <label htmlFor="hold-until">{t('ret.holds.untilLabel')}</label>
            <input id="hold-until" type="date" value={until} onChange={(e) => setUntil(e.currentTarget.value)} aria-describedby="hold-until-help" />
            <p className="help" id="hold-until-help">
              {t('ret.holds.untilHelp')}
            </p>
          </div>
        </div>
      </form>
    </Dialog>
  );
}

function ReleaseDialog({ hold, onClose, onReleased }: { hold: LegalHold; onClose: () => void; onReleased: (h: LegalHold) => void }) {
  const backend = useBackend();
  const i18n = useI18n();
  const { t } = i18n;
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onReleased(await backend.releaseHold(hold.id, reason));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={t('ret.holds.releaseTitle', { id: hold.id })}
      onClose={onClose}
      testId="release-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose} data-autofocus>
            {t('common.cancel')}
          </button>
          <button type="submit" form="release-form" className="btn btn-danger" disabled={busy} data-testid="release-submit">
            {t('ret.holds.release')}
          </button>
        </>
      }
    >
      <form id="release-form" onSubmit={submit} noValidate>
        <p>
          {scopeText(i18n, hold.scope)} — {hold.reason}
        </p>
        <p className="callout callout-warn">{t('ret.holds.releaseWarning')}</p>
        {error !== null ? <ApiMessage i18n={i18n} error={error} testId="release-error" /> : null}
        <div className="field">
          <label htmlFor="release-reason">{t('ret.holds.releaseReason')}</label>
          <textarea id="release-reason" rows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
        </div>
      </form>
    </Dialog>
  );
}
