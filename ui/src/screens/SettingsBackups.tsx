// Settings › Backups: a backup now (where the user chooses in a native save dialog), the automatic
// backups' schedule (folder, how often, how many to keep), and what they have done so far. Backups are
// encrypted with the database passphrase, so a plain database has none (the section says why).
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { isApiError, useBackend } from '../api';
import type { BackupReport, BackupSchedule, BackupStatus, FieldError } from '../api/types';
import { useI18n, type I18n } from '../i18n';
import { useAsync } from '../lib/hooks';
import { fieldInputId, focusFirst, groupByField } from '../lib/fieldPaths';
import { ErrorBox, Field, FieldErrorsContext, Loading } from '../components/ui';

/** The choices of "every" (hours); 168 is weekly. */
export const BACKUP_EVERY_CHOICES: readonly number[] = [1, 6, 12, 24, 48, 168];
const DEFAULT_EVERY_HOURS = 24;
const DEFAULT_KEEP = 14;
const MAX_KEEP = 365;

/** A byte count as people read it: "512 B", "1.5 KB", "12.3 MB" (binary multiples). */
export function humanBytes(i18n: I18n, bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let n = bytes;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u++;
  }
  const fmt = new Intl.NumberFormat(i18n.lang, { maximumFractionDigits: u === 0 ? 0 : 1 });
  return `${fmt.format(n)} ${units[u]}`;
}

/** The start of a hash, enough to compare by eye (the whole one goes in a tooltip). */
export function shortHash(hash: string): string {
  return hash.length > 16 ? `${hash.slice(0, 16)}…` : hash;
}

function everyLabel(i18n: I18n, hours: number): string {
  if (hours === 24) return i18n.t('settings.backups.daily');
  if (hours === 168) return i18n.t('settings.backups.weekly');
  return i18n.tp('settings.backups.every', hours);
}

export function BackupsSection() {
  const backend = useBackend();
  const { t } = useI18n();
  const [res, reload] = useAsync(() => backend.backupStatus(), [backend]);
  // What the last save answered, else what was loaded.
  const [saved, setSaved] = useState<BackupStatus | null>(null);
  const shown = saved ?? res.data;
  return (
    <section className="card" aria-labelledby="set-backups" data-testid="settings-backups">
      <h2 id="set-backups">{t('settings.backups')}</h2>
      <p className="help">{t('settings.backups.help')}</p>
      {res.state === 'error' ? (
        <ErrorBox
          error={res.error}
          onRetry={() => {
            setSaved(null);
            reload();
          }}
        />
      ) : null}
      {shown !== null ? (
        <>
          {!shown.available ? (
            <div className="callout callout-warn" role="note" data-testid="backups-unavailable">
              <p>{shown.unavailable_reason}</p>
            </div>
          ) : null}
          <BackupNow available={shown.available} />
          <ScheduleForm status={shown} onSaved={setSaved} />
          <BackupHistory status={shown} />
        </>
      ) : res.state === 'loading' ? (
        <Loading />
      ) : null}
    </section>
  );
}

function BackupNow({ available }: { available: boolean }) {
  const backend = useBackend();
  const i18n = useI18n();
  const { t } = i18n;
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<BackupReport | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const run = async () => {
    setBusy(true);
    setFailure(null);
    setReport(null);
    try {
      // null: the save dialog was cancelled, nothing to say.
      setReport(await backend.backupNow());
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="subsection" data-testid="backup-now-section">
      <h3>{t('settings.backups.nowTitle')}</h3>
      <p className="help">{t('settings.backups.nowHelp')}</p>
      <div className="form-actions form-actions-start">
        <button type="button" className="btn btn-primary" onClick={() => void run()} disabled={!available || busy} data-testid="backup-now">
          {busy ? t('settings.backups.running') : t('settings.backups.now')}
        </button>
      </div>
      {failure !== null ? <ErrorBox error={failure} /> : null}
      <div role="status" aria-live="polite">
        {report !== null ? (
          <div className="callout callout-ok" data-testid="backup-report">
            <p>
              <strong>{t('settings.backups.done')}</strong>
            </p>
            <dl className="props">
              <dt>{t('settings.backups.path')}</dt>
              <dd className="mono" data-testid="backup-report-path">
                {report.path}
              </dd>
              <dt>{t('settings.backups.size')}</dt>
              <dd data-testid="backup-report-size">{humanBytes(i18n, report.bytes)}</dd>
              <dt>{t('settings.backups.auditEntries')}</dt>
              <dd data-testid="backup-report-entries">{i18n.number(report.audit_entries)}</dd>
              <dt>{t('settings.backups.auditHead')}</dt>
              <dd data-testid="backup-report-head">
                {report.audit_head !== null ? (
                  <span className="mono" title={report.audit_head}>
                    {shortHash(report.audit_head)}
                  </span>
                ) : (
                  t('common.none')
                )}
              </dd>
            </dl>
          </div>
        ) : null}
      </div>
    </div>
  );
}

function ScheduleForm({ status, onSaved }: { status: BackupStatus; onSaved: (s: BackupStatus) => void }) {
  const backend = useBackend();
  const i18n = useI18n();
  const { t } = i18n;
  const initial = status.schedule;
  const [enabled, setEnabled] = useState(initial !== null);
  const [directory, setDirectory] = useState(initial?.directory ?? '');
  const [every, setEvery] = useState(initial?.every_hours ?? DEFAULT_EVERY_HOURS);
  const [keep, setKeep] = useState(String(initial?.keep ?? DEFAULT_KEEP));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [choosing, setChoosing] = useState(false);
  const [saved, setSaved] = useState<'on' | 'off' | null>(null);
  const focus = useRef(false);
  const byField = useMemo(() => groupByField(errors.map((e) => ({ ...e, field: `backup.${e.field}` }))), [errors]);
  useEffect(() => {
    if (focus.current && errors.length > 0) {
      focus.current = false;
      focusFirst(errors.map((e) => fieldInputId(`backup.${e.field}`)));
    }
  }, [errors]);
  const disabled = !status.available;
  const choices = BACKUP_EVERY_CHOICES.includes(every) ? BACKUP_EVERY_CHOICES : [...BACKUP_EVERY_CHOICES, every].sort((a, b) => a - b);

  const touched = () => {
    setSaved(null);
    setFailure(null);
  };

  const choose = async () => {
    setChoosing(true);
    touched();
    try {
      const dir = await backend.chooseBackupDirectory();
      if (dir !== null) {
        setDirectory(dir);
        setErrors((es) => es.filter((e) => e.field !== 'directory'));
      }
    } catch (e) {
      setFailure(e);
    } finally {
      setChoosing(false);
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    touched();
    let schedule: BackupSchedule | null = null;
    if (enabled) {
      const n = Number(keep);
      const local: FieldError[] = [];
      if (directory === '') local.push({ field: 'directory', code: 'required', message: 'choose the folder for the backups' });
      if (keep.trim() === '' || !Number.isInteger(n) || n < 1 || n > MAX_KEEP) {
        local.push({ field: 'keep', code: 'out_of_range', message: `keep between 1 and ${MAX_KEEP} backups` });
      }
      if (local.length > 0) {
        focus.current = true;
        setErrors(local);
        return;
      }
      schedule = { directory, every_hours: every, keep: n };
    }
    setSaving(true);
    try {
      const s = await backend.setBackupSchedule(schedule);
      setErrors([]);
      setSaved(s.schedule !== null ? 'on' : 'off');
      onSaved(s);
    } catch (err) {
      if (isApiError(err) && err.code === 'validation' && err.fields.length > 0) {
        focus.current = true;
        setErrors(err.fields);
      } else setFailure(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <FieldErrorsContext.Provider value={byField}>
      <form onSubmit={submit} noValidate className="subsection" data-testid="backup-schedule-form" aria-labelledby="backup-auto-h">
        <h3 id="backup-auto-h">{t('settings.backups.autoTitle')}</h3>
        <fieldset disabled={disabled}>
          <div className="field">
            <label className="check">
              <input
                type="checkbox"
                checked={enabled}
                onChange={(e) => {
                  touched();
                  setEnabled(e.currentTarget.checked);
                }}
                data-testid="backup-enabled"
              />
              <span>{t('settings.backups.enabled')}</span>
            </label>
          </div>
          <Field name="backup.directory" label={t('settings.backups.directory')}>
            {(p) => (
              <div className="input-with-button">
                <input
                  {...p}
                  type="text"
                  readOnly
                  value={directory}
                  placeholder={t('settings.backups.noDirectory')}
                  className="mono"
                  disabled={!enabled}
                  data-testid="backup-directory"
                />
                <button type="button" className="btn" onClick={() => void choose()} disabled={!enabled || choosing} data-testid="backup-choose">
                  {t('settings.backups.choose')}
                </button>
              </div>
            )}
          </Field>
          <div className="row-2">
            <Field name="backup.every_hours" label={t('settings.backups.every')}>
              {(p) => (
                <select
                  {...p}
                  value={every}
                  disabled={!enabled}
                  onChange={(e) => {
                    touched();
                    setEvery(Number(e.currentTarget.value));
                  }}
                  data-testid="backup-every"
                >
                  {choices.map((h) => (
                    <option key={h} value={h}>
                      {everyLabel(i18n, h)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field name="backup.keep" label={t('settings.backups.keep')} help={t('settings.backups.keepHelp')}>
              {(p) => (
                <input
                  {...p}
                  type="number"
                  min={1}
                  max={MAX_KEEP}
                  step={1}
                  value={keep}
                  disabled={!enabled}
                  onChange={(e) => {
                    touched();
                    setKeep(e.currentTarget.value);
                  }}
                  data-testid="backup-keep"
                />
              )}
            </Field>
          </div>
          {failure !== null ? <ErrorBox error={failure} /> : null}
          <div className="form-actions">
            <span role="status" aria-live="polite">
              {saved !== null ? (
                <span className="ok-text" data-testid="backup-saved">
                  {saved === 'on' ? t('settings.backups.saved') : t('settings.backups.turnedOff')}
                </span>
              ) : null}
            </span>
            <button type="submit" className="btn btn-primary" disabled={saving} data-testid="backup-save">
              {saving ? t('common.saving') : t('common.save')}
            </button>
          </div>
        </fieldset>
      </form>
    </FieldErrorsContext.Provider>
  );
}

function BackupHistory({ status }: { status: BackupStatus }) {
  const i18n = useI18n();
  const { t } = i18n;
  const files = [...status.files].sort((a, b) => b.modified.localeCompare(a.modified));
  return (
    <div className="subsection" data-testid="backup-history">
      <h3>{t('settings.backups.status')}</h3>
      {status.last_error !== null ? (
        <div className="callout callout-error" role="alert" data-testid="backup-last-error">
          <p>{t('settings.backups.lastError', { message: status.last_error })}</p>
        </div>
      ) : null}
      <dl className="props" data-testid="backup-status">
        <dt>{t('settings.backups.state')}</dt>
        <dd data-testid="backup-state">{status.schedule !== null ? `${t('settings.backups.on')} · ${everyLabel(i18n, status.schedule.every_hours)}` : t('settings.backups.off')}</dd>
        <dt>{t('settings.backups.lastAt')}</dt>
        <dd data-testid="backup-last-at">{status.last_at !== null ? i18n.dateTime(status.last_at) : t('settings.backups.never')}</dd>
        <dt>{t('settings.backups.lastFile')}</dt>
        <dd className={status.last_file !== null ? 'mono' : undefined} data-testid="backup-last-file">
          {status.last_file ?? t('common.none')}
        </dd>
        <dt>{t('settings.backups.nextDue')}</dt>
        <dd data-testid="backup-next-due">{status.next_due !== null ? i18n.dateTime(status.next_due) : t('common.none')}</dd>
      </dl>
      <h4>{t('settings.backups.files')}</h4>
      {files.length === 0 ? (
        <p className="help" data-testid="backup-no-files">
          {t('settings.backups.noFiles')}
        </p>
      ) : (
        <div className="table-scroll">
          <table className="table" data-testid="backup-files">
            <thead>
              <tr>
                <th scope="col">{t('settings.backups.name')}</th>
                <th scope="col" className="num">
                  {t('settings.backups.size')}
                </th>
                <th scope="col">{t('settings.backups.modified')}</th>
              </tr>
            </thead>
            <tbody>
              {files.map((f) => (
                <tr key={f.name} data-testid="backup-file">
                  <td className="mono">{f.name}</td>
                  <td className="num">{humanBytes(i18n, f.bytes)}</td>
                  <td>{i18n.dateTime(f.modified)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
