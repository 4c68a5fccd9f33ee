// Screenshots for looking at the layout (saved under e2e/screenshots/, not committed), import, and the 10,000-row register.
import { test, expect } from './fixtures';

const shot = (name: string) => `e2e/screenshots/${name}.png`;

test('screenshots of the main screens', async ({ page }) => {
  await page.goto('/#/dashboard');
  await expect(page.getByTestId('dashboard')).toBeVisible();
  await page.screenshot({ path: shot('dashboard'), fullPage: true });

  await page.goto('/#/register');
  await expect(page.getByTestId('register-row').first()).toBeVisible();
  await page.screenshot({ path: shot('register') });

  await page.goto('/#/activity/PA-0003');
  await expect(page.getByTestId('completeness')).toBeVisible();
  await page.screenshot({ path: shot('detail'), fullPage: true });

  await page.goto('/#/activity/PA-0003/edit');
  await expect(page.getByTestId('activity-form')).toBeVisible();
  await page.getByTestId('field-name').fill('');
  await page.getByTestId('save-activity').click();
  await expect(page.getByTestId('error-f-name')).toBeVisible();
  await page.screenshot({ path: shot('form'), fullPage: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: shot('form-top') });

  await page.goto('/#/settings');
  await page.getByLabel('Dark').check();
  await page.goto('/#/register');
  await expect(page.getByTestId('register-row').first()).toBeVisible();
  await page.screenshot({ path: shot('register-dark') });
  await page.goto('/#/settings');
  await expect(page.getByTestId('app-info')).toBeVisible();
  await page.screenshot({ path: shot('settings-dark'), fullPage: true });
});

test('import shows progress and then the summary; a bad file lists row errors', async ({ page }) => {
  await page.goto('/#/register');
  await page.getByRole('button', { name: 'Import' }).click();
  const dialog = page.getByTestId('import-dialog');
  await dialog.getByRole('button', { name: 'Choose file…' }).click();
  await expect(dialog.getByRole('status').first()).toContainText('Importing…');
  await expect(dialog.getByTestId('import-summary')).toContainText('Import complete');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  await page.goto('/?import=/tmp/invalid.csv#/register');
  await page.getByRole('button', { name: 'Import' }).click();
  await page.getByTestId('import-dialog').getByRole('button', { name: 'Choose file…' }).click();
  const errors = page.getByTestId('import-errors');
  await expect(errors).toContainText('Nothing was changed in the register.');
  await expect(errors.locator('tbody tr')).toHaveCount(2);
  await page.screenshot({ path: shot('import-errors') });
});

test('the register stays responsive with 10,000 rows', async ({ page }) => {
  await page.goto('/?rows=10000#/register');
  await expect(page.getByTestId('register-count')).toHaveText('10,009 activities', { timeout: 20_000 });
  // Only the rows in view are in the DOM.
  const rendered = await page.getByTestId('register-row').count();
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(80);
  const body = page.locator('.vbody');
  const t0 = Date.now();
  for (let i = 1; i <= 20; i++) {
    await body.evaluate((el, y) => el.scrollTo(0, y), i * 20_000);
  }
  await body.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(page.getByTestId('register-row').last()).toContainText('PA-10009');
  expect(Date.now() - t0).toBeLessThan(5_000);
  // Search across all rows.
  await page.getByTestId('register-search').fill('PA-10009');
  await expect(page.getByTestId('register-row')).toHaveCount(1);
  await page.getByTestId('register-search').fill('');
  await page.screenshot({ path: shot('register-10000') });
});

test('settings: vocabulary editor shows errors; theme and language are remembered', async ({ page }) => {
  await page.goto('/#/settings');
  const vocab = page.getByTestId('vocab-table');
  await expect(vocab).toContainText('Health data');
  // Deleting an entry that activities use is refused, with the reason.
  await page.getByRole('button', { name: 'Delete “Contact details”' }).click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('alert')).toContainText(/used by PA-0001/);
  // A new entry without a name: error beside the field; Escape closes the dialog.
  await page.getByTestId('vocab-add').click();
  const dialog = page.getByTestId('vocab-dialog');
  await dialog.getByTestId('vocab-save').click();
  await expect(dialog.getByTestId('error-f-vocab-name')).toHaveText(/Must not be empty/);
  await dialog.getByLabel(/^Name/).fill('Biometric data');
  await dialog.getByLabel('Type').selectOption('special');
  await dialog.getByLabel(/^Name/).press('Enter');
  await expect(dialog).toBeHidden();
  await expect(vocab).toContainText('Biometric data');
  // Rename.
  await page.getByRole('button', { name: 'Edit “Biometric data”' }).click();
  await page.getByTestId('vocab-dialog').getByLabel(/^Name/).fill('Biometric templates');
  await page.getByTestId('vocab-save').click();
  await expect(vocab).toContainText('Biometric templates');

  await page.getByLabel('Dark').check();
  await page.locator('#settings-lang').selectOption('es');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ajustes');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ajustes');
});
