// Settings › Reminders: when the desktop app reminds the DPO of due dates (days before the due date,
// and once overdue). The backend checks and normalises the settings (most distant day first, no
// duplicates) and audits the change; its reasons for refusing them are shown beside the form.
import { useEffect, useState, type FormEvent } from 'react';
import { isApiError, useBackend } from '../api';
import type { ReminderSettings } from '../api/types';
import { useI18n } from '../i18n';
import { useAsync } from '../lib/hooks';
import { ErrorBox, Loading } from '../components/ui';

/** "7, 1" → [7, 1]; the first piece that is not a whole number of days, if any. */
export function parseDays(text: string): { days: number[]; bad: string | null } {
  const pieces = text
    .split(/[\s,;]+/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const days: number[] = [];
  for (const p of pieces) {
    if (!/^\d{1,4}$/.test(p)) return { days, bad: p };
    days.push(Number(p));
  }
  return { days, bad: null };
}

export function RemindersSection() {
  const backend = useBackend();
  const { t } = useI18n();
  const [res, reload] = useAsync(() => backend.reminderSettings(), [backend]);
  return (
    <section className="card" aria-labelledby="set-reminders" data-testid="settings-reminders">
      <h2 id="set-reminders">{t('reminders.title')}</h2>
      <p className="help">{t('reminders.help')}</p>
      <ul className="help reminders-notes" data-testid="reminders-notes">
        <li>{t('reminders.privacy')}</li>
        <li>{t('reminders.once')}</li>
        <li>{t('reminders.away')}</li>
      </ul>
      {res.state === 'error' ? <ErrorBox error={res.error} onRetry={reload} /> : null}
      {res.data !== null ? <RemindersForm initial={res.data} /> : res.state === 'loading' ? <Loading /> : null}
    </section>
  );
}

function RemindersForm({ initial }: { initial: ReminderSettings }) {
  const backend = useBackend();
  const i18n = useI18n();
  const { t } = i18n;
  const [enabled, setEnabled] = useState(initial.enabled);
  const [daysText, setDaysText] = useState(initial.days_before.join(', '));
  const [overdue, setOverdue] = useState(initial.overdue);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [invalid, setInvalid] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  useEffect(() => {
    if (invalid !== null) document.getElementById('f-reminder-days')?.focus();
  }, [invalid]);

  const touched = () => {
    setSaved(false);
    setFailure(null);
    setInvalid(null);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    touched();
    const { days, bad } = parseDays(daysText);
    if (bad !== null) {
      setInvalid(t('reminders.notADay', { value: bad }));
      return;
    }
    setSaving(true);
    try {
      const s = await backend.setReminderSettings({ enabled, days_before: days, overdue });
      setEnabled(s.enabled);
      setDaysText(s.days_before.join(', '));
      setOverdue(s.overdue);
      setSaved(true);
    } catch (err) {
      if (isApiError(err) && err.code === 'validation') setInvalid(err.message);
      else setFailure(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="subsection" data-testid="reminders-form" aria-labelledby="set-reminders">
      <div className="field">
        <label className="check">
          <input
            type="checkbox"
            checked={enabled}
            onChange={(e) => {
              touched();
              setEnabled(e.currentTarget.checked);
            }}
            data-testid="reminders-enabled"
          />
          <span>{t('reminders.enabled')}</span>
        </label>
      </div>
      <div className={`field${invalid !== null ? ' field-invalid' : ''}`}>
        <label htmlFor="f-reminder-days">{t('reminders.days')}</label>
        <input
          id="f-reminder-days"
          type="text"
          inputMode="numeric"
          className="reminders-days"
          value={daysText}
          placeholder="7, 1"
          onChange={(e) => {
            touched();
            setDaysText(e.currentTarget.value);
          }}
          aria-invalid={invalid !== null ? true : undefined}
          aria-describedby={`f-reminder-days-help${invalid !== null ? ' f-reminder-days-error' : ''}`}
          data-testid="reminders-days"
        />
        <p className="help" id="f-reminder-days-help">
          {t('reminders.daysHelp')}
        </p>
        {invalid !== null ? (
          <p className="field-error" id="f-reminder-days-error" role="alert" data-testid="reminders-error">
            <span aria-hidden="true">⚠ </span>
            {invalid}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label className="check">
          <input
            type="checkbox"
            checked={overdue}
            onChange={(e) => {
              touched();
              setOverdue(e.currentTarget.checked);
            }}
            data-testid="reminders-overdue"
          />
          <span>{t('reminders.overdue')}</span>
        </label>
      </div>
      {failure !== null ? <ErrorBox error={failure} /> : null}
      <div className="form-actions">
        <span role="status" aria-live="polite">
          {saved ? (
            <span className="ok-text" data-testid="reminders-saved">
              {enabled ? t('reminders.saved') : t('reminders.savedOff')}
            </span>
          ) : null}
        </span>
        <button type="submit" className="btn btn-primary" disabled={saving} data-testid="reminders-save">
          {saving ? t('common.saving') : t('common.save')}
        </button>
      </div>
      {i18n.lang !== 'en' && invalid !== null ? <p className="muted small">{t('reminders.coreLanguage')}</p> : null}
    </form>
  );
}
