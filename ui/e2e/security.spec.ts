// The database lock in the browser, against the mock (`?db=` picks the database it starts with; its
// encrypted database opens with MOCK_PASSPHRASE).
import { test, expect } from './fixtures';

const PASSPHRASE = 'correct horse battery';
const shot = (name: string) => `e2e/screenshots/${name}.png`;

test('first run: a passphrase entered twice creates the encrypted database, then the dashboard shows', async ({ page }) => {
  await page.goto('/?db=missing#/dashboard');
  await expect(page.getByRole('heading', { level: 1, name: 'Protect the register with a passphrase' })).toBeVisible();
  await expect(page.getByTestId('dashboard')).toHaveCount(0);
  const pass = page.getByLabel('Passphrase', { exact: true });
  await expect(pass).toBeFocused();
  // Too short, then two different ones: refused beside the fields.
  await pass.fill('short');
  await page.getByLabel('Repeat the passphrase').fill('short');
  await page.getByRole('button', { name: 'Create the encrypted database' }).click();
  await expect(page.getByTestId('error-new-passphrase')).toHaveText(/Too short: use at least 8 characters\./);
  await pass.fill('purple elephant rain');
  await page.getByLabel('Repeat the passphrase').fill('purple elephant rian');
  await page.getByRole('button', { name: 'Create the encrypted database' }).click();
  await expect(page.getByTestId('error-repeat-passphrase')).toHaveText(/The two passphrases are not the same\./);
  await page.screenshot({ path: shot('security-create'), fullPage: true });
  await page.getByLabel('Repeat the passphrase').fill('purple elephant rain');
  await page.getByLabel('Remember it with my login (OS keyring)').check();
  await page.getByLabel('Repeat the passphrase').press('Enter');
  await expect(page.getByTestId('dashboard')).toBeVisible();
  await expect(page.getByTestId('kpi-activities')).toHaveText(/9/);

  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('security-encrypted')).toHaveText(/^Yes/);
  await expect(page.getByTestId('security-remembered')).toContainText('Yes, in the OS keyring');
  await page.getByTestId('settings-security').screenshot({ path: shot('security-settings') });
});

test('first run without a passphrase needs the confirmation; Settings then warns and has no idle lock', async ({ page }) => {
  await page.goto('/?db=missing#/dashboard');
  await page.getByRole('button', { name: 'This disk is already encrypted — store the database without a passphrase' }).click();
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toContainText('anyone who can read the file');
  await page.screenshot({ path: shot('security-create-plain') });
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('create-db-form')).toBeVisible();
  await page.getByTestId('create-plain').click();
  await dialog.getByRole('button', { name: 'Store without a passphrase' }).click();
  await expect(page.getByTestId('dashboard')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Lock now' })).toHaveCount(0);

  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('plain-warning')).toContainText('cockpit encrypt --db');
  await expect(page.getByTestId('idle-plain')).toBeVisible();
  await page.getByTestId('settings-security').screenshot({ path: shot('security-settings-plain') });
});

test('locked start: a wrong passphrase is refused inline, the right one opens the dashboard', async ({ page }) => {
  await page.goto('/?db=encrypted#/dashboard');
  await expect(page.getByRole('heading', { level: 1, name: 'Unlock the register' })).toBeVisible();
  await expect(page.getByTestId('gate-db-path')).toContainText('cockpit.db');
  const pass = page.getByLabel('Passphrase', { exact: true });
  await expect(pass).toBeFocused();
  await pass.fill('incorrect horse battery');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByTestId('unlock-error')).toContainText(/wrong passphrase for the database at .*: nothing was opened or changed/);
  await expect(page.getByTestId('unlock-form')).toBeVisible();
  await expect(page.getByTestId('dashboard')).toHaveCount(0);
  await expect(pass).toBeFocused();
  await page.screenshot({ path: shot('security-unlock-wrong') });
  await pass.fill(PASSPHRASE);
  await pass.press('Enter');
  await expect(page.getByTestId('dashboard')).toBeVisible();
  await expect(page.getByTestId('kpi-activities')).toHaveText(/9/);
});

test('"Lock now" shows the unlock screen and removes the register; unlocking returns to the same screen', async ({ page }) => {
  await page.goto('/#/register');
  await expect(page.getByTestId('register-row').first()).toBeVisible();
  await page.getByRole('button', { name: 'Lock now' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Unlock the register' })).toBeVisible();
  await expect(page.getByTestId('register-row')).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Main navigation' })).toHaveCount(0);
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByTestId('register-row').first()).toBeVisible();
});

test('Settings: change the passphrase, then lock: only the new one unlocks', async ({ page }) => {
  const NEW = 'purple elephant rain';
  await page.goto('/?db=encrypted#/settings');
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock' }).click();
  const form = page.getByTestId('change-passphrase-form');
  await expect(form.getByRole('heading', { level: 3, name: 'Change the passphrase' })).toBeVisible();

  // Checked before any call: too short, then not repeated the same; then a wrong current one.
  await form.getByLabel('Current passphrase').fill(PASSPHRASE);
  await form.getByLabel('New passphrase', { exact: true }).fill('short');
  await form.getByLabel('Repeat the new passphrase').fill('short');
  await form.getByRole('button', { name: 'Change the passphrase' }).click();
  await expect(page.getByTestId('error-change-new')).toHaveText(/Too short: use at least 8 characters\./);
  await form.getByLabel('New passphrase', { exact: true }).fill(NEW);
  await form.getByLabel('Repeat the new passphrase').fill(`${NEW}!`);
  await form.getByRole('button', { name: 'Change the passphrase' }).click();
  await expect(page.getByTestId('error-change-repeat')).toHaveText(/The two passphrases are not the same\./);
  await form.getByLabel('Current passphrase').fill('incorrect horse battery');
  await form.getByLabel('Repeat the new passphrase').fill(NEW);
  await form.getByRole('button', { name: 'Change the passphrase' }).click();
  await expect(page.getByTestId('error-change-current')).toHaveText(/The current passphrase is wrong/);
  await expect(page.getByTestId('error-change-repeat')).toHaveCount(0);
  await expect(form.getByLabel('Current passphrase')).toBeFocused();
  await form.screenshot({ path: shot('security-change-wrong') });

  await form.getByLabel('Current passphrase').fill(PASSPHRASE);
  await form.getByLabel('Current passphrase').press('Enter');
  await expect(page.getByTestId('passphrase-changed')).toHaveText('The passphrase was changed: use the new one from now on.');
  await expect(form.getByLabel('Current passphrase')).toHaveValue('');
  await expect(form.getByLabel('New passphrase', { exact: true })).toHaveValue('');
  await expect(page.getByTestId('error-change-current')).toHaveCount(0);

  await page.getByRole('button', { name: 'Lock now' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Unlock the register' })).toBeVisible();
  const pass = page.getByLabel('Passphrase', { exact: true });
  await pass.fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByTestId('unlock-error')).toContainText('wrong passphrase');
  await expect(page.getByTestId('settings-security')).toHaveCount(0);
  await pass.fill(NEW);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByTestId('settings-security')).toBeVisible();
  await expect(page.getByTestId('security-encrypted')).toHaveText(/^Yes/);
});
