import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderWith } from '../test/render';
import { BackupsSection, humanBytes, shortHash } from './SettingsBackups';
import { SettingsScreen } from './Settings';
import { MockBackend } from '../api/mock';
import type { Backend } from '../api';
import type { BackupReport, BackupSchedule } from '../api/types';
import { makeI18n } from '../i18n';

const HOUR = 3_600_000;
const en = makeI18n('en');
const HEAD = 'ab12cd34ef56ab78cd90ef12ab34cd56ef78ab90cd12ef34ab56cd78ef90ab12';

/** A mock with a clock the test moves, and some of its calls replaced or counted. */
function setup(opts: ConstructorParameters<typeof MockBackend>[0] = {}, replace: (m: MockBackend) => Partial<Backend> = () => ({})) {
  let now = new Date('2026-11-29T09:00:00Z').getTime();
  const mock = new MockBackend({ today: '2026-11-29', now: () => new Date(now), ...opts });
  const schedules: Array<BackupSchedule | null> = [];
  const backend = new Proxy(mock, {
    get(target, prop) {
      const extra: Partial<Backend> = {
        setBackupSchedule: (s: BackupSchedule | null) => {
          schedules.push(s);
          return target.setBackupSchedule(s);
        },
        ...replace(target),
      };
      if (prop in extra) return extra[prop as keyof Backend];
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return { mock, backend, schedules, advance: (hours: number) => (now += hours * HOUR) };
}

describe('humanBytes and shortHash', () => {
  it('read like a file manager', () => {
    expect(humanBytes(en, 0)).toBe('0 B');
    expect(humanBytes(en, 512)).toBe('512 B');
    expect(humanBytes(en, 1536)).toBe('1.5 KB');
    expect(humanBytes(en, 1_572_864)).toBe('1.5 MB');
    expect(humanBytes(en, 5 * 1024 ** 3)).toBe('5 GB');
    expect(humanBytes(makeI18n('es'), 1536)).toBe('1,5 KB');
    expect(shortHash(HEAD)).toBe('ab12cd34ef56ab78…');
    expect(shortHash('abc')).toBe('abc');
  });
});

describe('Settings › Backups', () => {
  it('is a section of Settings', async () => {
    renderWith(<SettingsScreen />, { backend: new MockBackend({ today: '2026-11-29' }) });
    const section = await screen.findByTestId('settings-backups');
    expect(within(section).getByRole('heading', { level: 2, name: 'Backups' })).toBeInTheDocument();
    expect(await within(section).findByRole('button', { name: 'Back up now…' })).toBeEnabled();
    await waitFor(() => expect(screen.queryByText('Loading…')).not.toBeInTheDocument());
  });

  it('"Back up now…": the path, size, audit entries and the chain head (shortened, whole in the title)', async () => {
    const report: BackupReport = {
      path: '/media/usb/cockpit-2026-11-29.cockpit-backup',
      bytes: 1_572_864,
      schema_version: 1,
      audit_entries: 1234,
      audit_head: HEAD,
      replaced: null,
      encrypted: true,
    };
    const { backend } = setup({}, () => ({ backupNow: () => Promise.resolve(report) }));
    renderWith(<BackupsSection />, { backend });
    fireEvent.click(await screen.findByRole('button', { name: 'Back up now…' }));
    const shown = await screen.findByTestId('backup-report');
    expect(shown).toHaveTextContent('Backup written.');
    expect(screen.getByTestId('backup-report-path')).toHaveTextContent('/media/usb/cockpit-2026-11-29.cockpit-backup');
    expect(screen.getByTestId('backup-report-size')).toHaveTextContent('1.5 MB');
    expect(screen.getByTestId('backup-report-entries')).toHaveTextContent('1,234');
    const head = within(screen.getByTestId('backup-report-head')).getByText('ab12cd34ef56ab78…');
    expect(head).toHaveAttribute('title', HEAD);
  });

  it('"Back up now…" against the mock: its audit chain head', async () => {
    const { backend, mock } = setup();
    renderWith(<BackupsSection />, { backend });
    fireEvent.click(await screen.findByRole('button', { name: 'Back up now…' }));
    await screen.findByTestId('backup-report');
    // The backup is audited after the copy: the head shown is the entry before that one.
    const [audited] = await mock.auditLog({ object_type: null, object_id: null, before_seq: null, limit: 1 });
    expect(audited).toMatchObject({ action: 'backup' });
    const head = audited!.prev_hash;
    expect(within(screen.getByTestId('backup-report-head')).getByTitle(head)).toHaveTextContent(`${head.slice(0, 16)}…`);
    expect(screen.getByTestId('backup-report-size')).toHaveTextContent(/^\d+(\.\d)? KB$/);
  });

  it('a cancelled save dialog shows nothing', async () => {
    let called = 0;
    const { backend } = setup({ savePath: null }, (m) => ({
      backupNow: () => {
        called++;
        return m.backupNow();
      },
    }));
    renderWith(<BackupsSection />, { backend });
    const button = await screen.findByRole('button', { name: 'Back up now…' });
    fireEvent.click(button);
    expect(button).toBeDisabled();
    await waitFor(() => expect(button).toBeEnabled());
    expect(called).toBe(1);
    expect(screen.queryByTestId('backup-report')).not.toBeInTheDocument();
    expect(within(screen.getByTestId('backup-now-section')).queryByRole('alert')).not.toBeInTheDocument();
  });

  it('automatic backups: off at first; folder, weekly, keep 3, saved; the status and the files in the folder', async () => {
    const { backend, schedules } = setup();
    renderWith(<BackupsSection />, { backend });
    expect(await screen.findByTestId('backup-state')).toHaveTextContent('Off');
    expect(screen.getByTestId('backup-last-at')).toHaveTextContent('Never');
    expect(screen.getByTestId('backup-no-files')).toHaveTextContent('No automatic backups in the folder yet.');
    expect(screen.getByLabelText('Folder')).toBeDisabled();
    const every = screen.getByLabelText('Every');
    expect(every).toHaveValue('24');
    expect(within(every).getAllByRole('option').map((o) => [o.getAttribute('value'), o.textContent])).toEqual([
      ['1', 'Every hour'],
      ['6', 'Every 6 hours'],
      ['12', 'Every 12 hours'],
      ['24', 'Every day (24 hours)'],
      ['48', 'Every 48 hours'],
      ['168', 'Every week (168 hours)'],
    ]);
    expect(screen.getByLabelText('Keep the newest')).toHaveValue(14);

    fireEvent.click(screen.getByLabelText('Back up automatically'));
    expect(screen.getByLabelText('Folder')).toHaveValue('');
    fireEvent.click(screen.getByRole('button', { name: 'Choose folder…' }));
    await waitFor(() => expect(screen.getByLabelText('Folder')).toHaveValue('/home/dpo/Backups'));
    expect(screen.getByLabelText('Folder')).toHaveAttribute('readonly');
    fireEvent.change(every, { target: { value: '168' } });
    fireEvent.change(screen.getByLabelText('Keep the newest'), { target: { value: '3' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByTestId('backup-saved')).toHaveTextContent('Automatic backups saved.');
    expect(schedules).toEqual([{ directory: '/home/dpo/Backups', every_hours: 168, keep: 3 }]);
    expect(screen.getByTestId('backup-state')).toHaveTextContent('On · Every week (168 hours)');
    expect(screen.getByTestId('backup-last-at')).toHaveTextContent(en.dateTime('2026-11-29T09:00:00Z'));
    expect(screen.getByTestId('backup-last-file')).toHaveTextContent('/home/dpo/Backups/cockpit-backup-20261129T090000Z.db');
    expect(screen.getByTestId('backup-next-due')).toHaveTextContent(en.dateTime('2026-12-06T09:00:00Z'));
    const rows = within(screen.getByTestId('backup-files')).getAllByTestId('backup-file');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveTextContent('cockpit-backup-20261129T090000Z.db');
    expect(rows[0]).toHaveTextContent(/\d KB/);
    expect(screen.queryByTestId('backup-last-error')).not.toBeInTheDocument();
  });

  it('lists the files newest first, with their time and size; turning them off keeps the files', async () => {
    const { backend, mock, advance, schedules } = setup();
    await mock.setBackupSchedule({ directory: '/srv/backups', every_hours: 24, keep: 14 });
    advance(24);
    await mock.backupStatus();
    advance(24);
    renderWith(<BackupsSection />, { backend });
    const table = await screen.findByTestId('backup-files');
    const rows = within(table).getAllByTestId('backup-file');
    expect(rows.map((r) => r.querySelector('td')?.textContent)).toEqual([
      'cockpit-backup-20261201T090000Z.db',
      'cockpit-backup-20261130T090000Z.db',
      'cockpit-backup-20261129T090000Z.db',
    ]);
    expect(rows[0]).toHaveTextContent(en.dateTime('2026-12-01T09:00:00Z'));
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Name', 'Size', 'Modified']);
    expect(screen.getByLabelText('Back up automatically')).toBeChecked();
    expect(screen.getByLabelText('Folder')).toHaveValue('/srv/backups');
    expect(screen.getByLabelText('Every')).toHaveValue('24');
    expect(screen.getByLabelText('Keep the newest')).toHaveValue(14);

    fireEvent.click(screen.getByLabelText('Back up automatically'));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByTestId('backup-saved')).toHaveTextContent('Automatic backups are off.');
    expect(schedules).toEqual([null]);
    expect(screen.getByTestId('backup-state')).toHaveTextContent('Off');
    expect(screen.getByTestId('backup-next-due')).toHaveTextContent('—');
    expect(within(screen.getByTestId('backup-files')).getAllByTestId('backup-file')).toHaveLength(3);
  });

  it('refuses a bad "keep" here, and shows the backend’s field errors beside their fields', async () => {
    const { backend, schedules } = setup({}, () => ({ chooseBackupDirectory: () => Promise.resolve('Backups') }));
    renderWith(<BackupsSection />, { backend });
    fireEvent.click(await screen.findByLabelText('Back up automatically'));
    fireEvent.change(screen.getByLabelText('Keep the newest'), { target: { value: '400' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Choose the folder for the backups.')).toBeInTheDocument();
    expect(screen.getByText('Keep between 1 and 365 backups.')).toBeInTheDocument();
    expect(screen.getByLabelText('Folder')).toHaveAttribute('aria-invalid', 'true');
    expect(schedules).toEqual([]);

    fireEvent.change(screen.getByLabelText('Keep the newest'), { target: { value: '7' } });
    fireEvent.click(screen.getByRole('button', { name: 'Choose folder…' }));
    await waitFor(() => expect(screen.getByLabelText('Folder')).toHaveValue('Backups'));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('The backup folder must be an absolute path.')).toBeInTheDocument();
    expect(schedules).toEqual([{ directory: 'Backups', every_hours: 24, keep: 7 }]);
    expect(screen.getByLabelText('Folder')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Keep the newest')).not.toHaveAttribute('aria-invalid');
    expect(screen.queryByTestId('backup-saved')).not.toBeInTheDocument();
    expect(screen.getByTestId('backup-state')).toHaveTextContent('Off');
  });

  it('the backend’s every_hours and keep errors go beside those fields', async () => {
    const { backend } = setup({}, () => ({
      setBackupSchedule: () =>
        Promise.reject({
          code: 'validation',
          message: '2 invalid field(s)',
          fields: [
            { field: 'every_hours', code: 'out_of_range', message: 'between 1 and 744 hours' },
            { field: 'keep', code: 'out_of_range', message: 'keep between 1 and 365 backups' },
          ],
          rows: [],
        }),
    }));
    renderWith(<BackupsSection />, { backend });
    fireEvent.click(await screen.findByLabelText('Back up automatically'));
    fireEvent.click(screen.getByRole('button', { name: 'Choose folder…' }));
    await waitFor(() => expect(screen.getByLabelText('Folder')).toHaveValue('/home/dpo/Backups'));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Between 1 and 744 hours.')).toBeInTheDocument();
    expect(screen.getByLabelText('Every')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Keep the newest')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Folder')).not.toHaveAttribute('aria-invalid');
  });

  it('the last automatic backup failed: an error box', async () => {
    const { backend, mock } = setup();
    await mock.setBackupSchedule({ directory: '/mnt/readonly', every_hours: 6, keep: 3 });
    renderWith(<BackupsSection />, { backend });
    expect(await screen.findByTestId('backup-last-error')).toHaveTextContent(
      'The last automatic backup failed: cannot write to /mnt/readonly: permission denied (os error 13)',
    );
    expect(screen.getByTestId('backup-last-error')).toHaveAttribute('role', 'alert');
    expect(screen.getByTestId('backup-last-file')).toHaveTextContent('—');
    expect(screen.getByTestId('backup-no-files')).toBeInTheDocument();
  });

  it('a plain database: the reason as a warning, and nothing can be started', async () => {
    const { backend } = setup({ database: 'plain' });
    renderWith(<BackupsSection />, { backend });
    expect(await screen.findByTestId('backups-unavailable')).toHaveTextContent(
      'Backups are encrypted with the database passphrase: encrypt the database first.',
    );
    expect(screen.getByRole('button', { name: 'Back up now…' })).toBeDisabled();
    expect(screen.getByLabelText('Back up automatically')).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Choose folder…' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();
  });

  it('in Spanish', async () => {
    const { backend } = setup();
    renderWith(<BackupsSection />, { backend, lang: 'es' });
    expect(await screen.findByRole('heading', { level: 2, name: 'Copias de seguridad' })).toBeInTheDocument();
    expect(await screen.findByRole('button', { name: 'Hacer una copia ahora…' })).toBeEnabled();
    expect(screen.getByLabelText('Hacer copias automáticamente')).not.toBeChecked();
    expect(within(screen.getByLabelText('Frecuencia')).getByRole('option', { name: 'Cada semana (168 horas)' })).toBeInTheDocument();
    expect(screen.getByTestId('backup-state')).toHaveTextContent('Desactivadas');
  });

  it('a status that fails to load: the error, and "Try again"', async () => {
    let failures = 1;
    const { backend } = setup({}, (m) => ({
      backupStatus: () => (failures-- > 0 ? Promise.reject({ code: 'conflict', message: 'cannot read the backup folder: permission denied', fields: [], rows: [] }) : m.backupStatus()),
    }));
    renderWith(<BackupsSection />, { backend });
    expect(await screen.findByRole('alert')).toHaveTextContent('Conflict: cannot read the backup folder: permission denied');
    expect(screen.queryByRole('button', { name: 'Back up now…' })).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('button', { name: 'Back up now…' })).toBeEnabled();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
