// Settings › Backups against the mock: a backup now (the mock's save dialog answers a path in
// ~/Documents), and the automatic backups (the mock's folder picker answers /home/dpo/Backups; setting a
// schedule runs the first backup at once).
import { test, expect } from './fixtures';

const shot = (name: string) => `e2e/screenshots/${name}.png`;

test('automatic backups: folder, weekly, keep 5, saved; then "Back up now…" reports the file and the audit chain', async ({ page }) => {
  await page.goto('/#/settings');
  const section = page.getByTestId('settings-backups');
  await expect(section.getByRole('heading', { level: 2, name: 'Backups' })).toBeVisible();
  await expect(page.getByTestId('backup-state')).toHaveText('Off');
  await expect(page.getByTestId('backup-last-at')).toHaveText('Never');
  await expect(page.getByTestId('backup-no-files')).toBeVisible();
  await expect(section.getByLabel('Folder')).toBeDisabled();

  await section.getByLabel('Back up automatically').check();
  // Saving without a folder is refused beside the field.
  await section.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('error-f-backup-directory')).toHaveText(/Choose the folder for the backups\./);
  await section.getByRole('button', { name: 'Choose folder…' }).click();
  await expect(section.getByLabel('Folder')).toHaveValue('/home/dpo/Backups');
  await section.getByLabel('Every').selectOption({ label: 'Every week (168 hours)' });
  await section.getByLabel('Keep the newest').fill('5');
  await section.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('backup-saved')).toHaveText('Automatic backups saved.');
  await expect(page.getByTestId('error-f-backup-directory')).toHaveCount(0);
  await expect(page.getByTestId('backup-state')).toHaveText('On · Every week (168 hours)');
  await expect(page.getByTestId('backup-last-at')).not.toHaveText('Never');
  await expect(page.getByTestId('backup-last-file')).toHaveText(/^\/home\/dpo\/Backups\/cockpit-backup-\d{8}T\d{6}Z\.db$/);
  await expect(page.getByTestId('backup-next-due')).not.toHaveText('—');
  await expect(page.getByTestId('backup-file')).toHaveCount(1);
  await expect(page.getByTestId('backup-file').first()).toContainText(/cockpit-backup-\d{8}T\d{6}Z\.db\s*\d+(\.\d)? KB/);

  await section.getByRole('button', { name: 'Back up now…' }).click();
  const report = page.getByTestId('backup-report');
  await expect(report).toContainText('Backup written.');
  await expect(page.getByTestId('backup-report-path')).toHaveText(/^\/home\/dpo\/Documents\/cockpit-backup-\d{8}T\d{6}Z\.db$/);
  await expect(page.getByTestId('backup-report-size')).toHaveText(/^\d+(\.\d)? KB$/);
  await expect(page.getByTestId('backup-report-entries')).toHaveText(/^\d+$/);
  const head = page.getByTestId('backup-report-head').locator('span');
  await expect(head).toHaveText(/^[0-9a-f]{16}…$/);
  await expect(head).toHaveAttribute('title', /^[0-9a-f]{64}$/);
  const full = await head.getAttribute('title');
  expect(await head.textContent()).toBe(`${full?.slice(0, 16)}…`);
  // A manual backup leaves the automatic ones alone.
  await expect(page.getByTestId('backup-file')).toHaveCount(1);
  await section.screenshot({ path: shot('settings-backups') });

  // The copy proves where the chain stood: its head is an entry of the audit trail, and the backup
  // itself is the entry after it.
  const entries = Number(await page.getByTestId('backup-report-entries').textContent());
  await page.getByTestId('nav-audit').click();
  await expect(page.getByTestId('audit-table')).toContainText(`${full}`);
  await page.getByTestId('verify-audit').click();
  await expect(page.getByTestId('verify-result')).toContainText(`The audit trail is intact: ${entries + 1} entries verified.`);

  // The schedule is kept: Settings again shows it.
  await page.getByTestId('nav-dashboard').click();
  await expect(page.getByTestId('dashboard')).toBeVisible();
  await page.getByTestId('nav-settings').click();
  await expect(section.getByLabel('Back up automatically')).toBeChecked();
  await expect(section.getByLabel('Folder')).toHaveValue('/home/dpo/Backups');
  await expect(section.getByLabel('Every')).toHaveValue('168');
  await expect(section.getByLabel('Keep the newest')).toHaveValue('5');

  // Turned off.
  await section.getByLabel('Back up automatically').uncheck();
  await section.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('backup-saved')).toHaveText('Automatic backups are off.');
  await expect(page.getByTestId('backup-state')).toHaveText('Off');
});

test('a plain database: backups are unavailable, with the reason', async ({ page }) => {
  await page.goto('/?db=plain#/settings');
  await expect(page.getByTestId('backups-unavailable')).toHaveText(
    'Backups are encrypted with the database passphrase: encrypt the database first.',
  );
  const section = page.getByTestId('settings-backups');
  await expect(section.getByRole('button', { name: 'Back up now…' })).toBeDisabled();
  await expect(section.getByLabel('Back up automatically')).toBeDisabled();
  await expect(section.getByRole('button', { name: 'Save' })).toBeDisabled();
  await expect(page.getByTestId('change-passphrase-form')).toHaveCount(0);
  await section.screenshot({ path: shot('settings-backups-plain') });
});
