// Settings › Signing keys against the mock: importing the organisation's own signing certificate (the
// mock's file dialog picks a PKCS#12 file that the password "wrong" does not open), the list of imported
// certificates, "Stop using it" with its confirmation, and the Reports page naming whichever certificate
// signs.
import { test, expect } from './fixtures';

test('import the organisation’s certificate (a wrong password first), see it sign, then stop using it', async ({ page }) => {
  await page.goto('/#/settings');
  const section = page.getByTestId('settings-signing');
  await expect(section.getByRole('heading', { level: 2, name: 'Signing keys' })).toBeVisible();
  await expect(page.getByTestId('settings-certificate-kind')).toHaveText('Self-signed by this installation (PDF readers show the issuer as unknown)');
  await expect(page.getByTestId('cert-none')).toBeVisible();
  const password = section.getByLabel('Password of the file (if any)');
  await expect(password).toHaveAttribute('type', 'password');

  await password.fill('wrong');
  await section.getByRole('button', { name: 'Import certificate…' }).click();
  await expect(page.getByTestId('error-cert-password')).toHaveText(/This password does not open the file \(or its key\)\./);
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(password).toBeFocused();
  await expect(page.getByTestId('cert-none')).toBeVisible();

  await password.fill('correct horse');
  await expect(page.getByTestId('error-cert-password')).toHaveCount(0);
  await section.getByRole('button', { name: 'Import certificate…' }).click();
  const imported = page.getByTestId('cert-imported');
  await expect(imported).toContainText('Imported: reports are now signed with the organisation’s certificate.');
  await expect(imported).toContainText('CN=Example Trust Services Issuing CA 2026');
  await expect(password).toHaveValue('');
  await expect(page.getByTestId('settings-certificate-kind')).toHaveText(/^Issued by CN=Example Trust Services Issuing CA 2026.* \(the organisation’s own certificate\)$/);
  const row = page.getByTestId('cert-1');
  await expect(row).toContainText('RSA 3072');
  await expect(row).toContainText('Active');
  await section.screenshot({ path: 'e2e/screenshots/settings-certificate.png' });

  // The Reports page names it too (in-app navigation: the mock keeps its state).
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await nav.getByRole('link', { name: 'Reports' }).click();
  await expect(page.getByTestId('report-certificate-kind')).toContainText('Issued by CN=Example Trust Services Issuing CA 2026');
  await nav.getByRole('link', { name: 'Settings' }).click();

  // Stop using it: asked first; Cancel keeps it.
  await page.getByRole('button', { name: 'Stop using it' }).click();
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog.getByRole('heading', { name: 'Stop using the organisation’s certificate?' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('cert-1')).toContainText('Active');
  await page.getByRole('button', { name: 'Stop using it' }).click();
  await dialog.getByRole('button', { name: 'Stop using it' }).click();
  await expect(page.getByTestId('cert-retired')).toContainText('The organisation’s certificate is no longer used');
  await expect(page.getByTestId('settings-certificate-kind')).toHaveText('Self-signed by this installation (PDF readers show the issuer as unknown)');
  await expect(page.getByTestId('cert-1')).toContainText('Retired');
  await expect(page.getByTestId('cert-1')).toContainText('retired ');
  await expect(page.getByRole('button', { name: 'Stop using it' })).toHaveCount(0);
});

test('an expired certificate is refused with its reason, and nothing is imported', async ({ page }) => {
  await page.goto('/?certificate=expired#/settings');
  const section = page.getByTestId('settings-signing');
  await expect(page.getByTestId('cert-none')).toBeVisible();
  await section.getByRole('button', { name: 'Import certificate…' }).click();
  await expect(section.getByRole('alert')).toHaveText('Not imported: the certificate of CN=Old expired on 2025-01-31 00:00 UTC');
  await expect(page.getByTestId('cert-none')).toBeVisible();
  await expect(page.getByTestId('settings-certificate-kind')).toContainText('Self-signed by this installation');
});

test('a cancelled certificate dialog changes nothing', async ({ page }) => {
  await page.goto('/?certificate=cancel#/settings');
  const section = page.getByTestId('settings-signing');
  await expect(page.getByTestId('cert-none')).toBeVisible();
  await section.getByRole('button', { name: 'Import certificate…' }).click();
  await expect(section.getByRole('button', { name: 'Import certificate…' })).toBeEnabled();
  await expect(section.getByRole('alert')).toHaveCount(0);
  await expect(page.getByTestId('cert-imported')).toHaveCount(0);
  await expect(page.getByTestId('cert-none')).toBeVisible();
});
