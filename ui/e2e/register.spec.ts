import { test, expect } from './fixtures';

test('create an activity through the form, then find it in the register by search', async ({ page }) => {
  await page.goto('/#/register');
  await expect(page.getByRole('heading', { level: 1, name: 'Register of processing activities' })).toBeVisible();
  await page.getByTestId('new-activity').click();
  await expect(page.getByRole('heading', { level: 1, name: 'New processing activity' })).toBeVisible();

  await page.getByLabel('Name').first().fill('Visitor Wi-Fi logs');
  await page.getByTestId('add-purpose').click();
  await page.getByLabel('Purpose 1', { exact: true }).fill('Network security');
  await page.getByRole('group', { name: /Lawful bases/ }).getByLabel(/Legitimate interests/).check();
  await page.getByRole('group', { name: 'Categories of data subjects' }).getByLabel('Customers').check();
  await page.getByTestId('add-data-category').click();
  await page.getByLabel('Data category', { exact: true }).selectOption('Online identifiers');
  await page.getByLabel('Fixed period').check();
  await page.getByLabel('Amount').fill('90');
  await page.getByLabel('Unit').selectOption('days');
  await page.getByLabel('Department').fill('IT');
  await page.getByLabel('Owner').fill('Network team');
  // The live completeness panel follows the edits.
  await expect(page.getByTestId('completeness').getByText('No security measures are recorded.')).toBeVisible();

  await page.getByTestId('save-activity').click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Visitor Wi-Fi logs');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('PA-0010');
  await expect(page.getByText('90 days from collection')).toBeVisible();

  await page.getByTestId('nav-register').click();
  await page.getByTestId('register-search').fill('wi-fi');
  const rows = page.getByTestId('register-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Visitor Wi-Fi logs');
  await expect(rows.first()).toContainText('PA-0010');
  await expect(page.getByTestId('register-count')).toHaveText('1 activity');
});

test('an invalid activity shows the validation error beside the field', async ({ page }) => {
  await page.goto('/#/new');
  // Empty name: refused before the backend is asked, error beside the field, field focused.
  await page.getByTestId('save-activity').click();
  const name = page.getByTestId('field-name');
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(name).toBeFocused();
  const nameError = page.getByTestId('error-f-name');
  await expect(nameError).toHaveText(/Must not be empty/);
  await expect(name).toHaveAttribute('aria-describedby', /f-name-error/);

  // A transfer without a country: the backend's field error lands beside the country select.
  await name.fill('Cloud backup');
  await page.getByTestId('add-transfer').click();
  await page.getByTestId('save-activity').click();
  const country = page.locator('#f-transfers-0-country');
  await expect(country).toHaveAttribute('aria-invalid', 'true');
  await expect(country).toBeFocused();
  await expect(page.getByTestId('error-f-transfers-0-country')).toHaveText(/country code is required/);
  await expect(name).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('form-error-summary')).toContainText('1 field needs attention');
});

test('switching to Spanish translates navigation and the register', async ({ page }) => {
  await page.goto('/#/register');
  await page.getByLabel('Language').selectOption('es');
  const nav = page.getByRole('navigation', { name: 'Navegación principal' });
  await expect(nav.getByRole('link', { name: 'Registro' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Panel' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Ajustes' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Registro de actividades de tratamiento');
  await expect(page.getByRole('columnheader', { name: /Nombre/ })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: /Base jurídica/ })).toBeVisible();
  await expect(page.getByTestId('register-row').filter({ hasText: 'PA-0001' })).toContainText('Ejecución de un contrato');
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  // Remembered across a reload.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Registro de actividades de tratamiento');
});

test('keyboard only: reach the register and open an activity with Enter', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  const registerLink = page.getByTestId('nav-register');
  for (let i = 0; i < 12 && !(await registerLink.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(registerLink).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Register of processing activities' })).toBeFocused();

  // Tab through the toolbar to the table: the first row holds the tab stop.
  const firstRow = page.getByTestId('register-row').first();
  for (let i = 0; i < 25 && !(await firstRow.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(firstRow).toBeFocused();
  await page.keyboard.press('ArrowDown');
  const second = page.getByTestId('register-row').nth(1);
  await expect(second).toBeFocused();
  const id = await second.getAttribute('data-id');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(id ?? 'missing');
  await expect(page.getByTestId('completeness')).toBeVisible();
});

test('sorting by a column header with the keyboard', async ({ page }) => {
  await page.goto('/#/register');
  await expect(page.getByTestId('register-row').first()).toBeVisible();
  await page.getByTestId('sort-score').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('columnheader', { name: /Score/ })).toHaveAttribute('aria-sort', 'ascending');
  const scores = async () =>
    (await page.getByTestId('register-row').locator('.score-num').allTextContents()).map(Number);
  // The header changes at once; the rows follow when the sorted page arrives: wait for them.
  const sorted = (dir: 1 | -1) => async () => {
    const v = await scores();
    return v.length > 1 && v.every((x, i) => i === 0 || dir * (x - (v[i - 1] ?? x)) >= 0);
  };
  await expect.poll(sorted(1)).toBe(true);
  const asc = await scores();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('columnheader', { name: /Score/ })).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(sorted(-1)).toBe(true);
  const desc = await scores();
  expect(desc).toEqual([...asc].sort((a, b) => b - a));
});

test('"as of" shows the register as it stood on a date, read-only', async ({ page }) => {
  await page.goto('/#/register');
  await page.getByTestId('register-asof').fill('2025-06-01');
  await expect(page.getByText('Showing the register as it stood on Jun 1, 2025. Read-only.')).toBeVisible();
  await expect(page.getByTestId('register-count')).toHaveText('8 activities');
  await expect(page.getByTestId('new-activity')).toBeDisabled();
  const retiredLater = page.getByTestId('register-row').filter({ hasText: 'PA-0009' });
  await expect(retiredLater).toContainText('Active');
  await page.getByTestId('register-row').filter({ hasText: 'PA-0001' }).click();
  await expect(page.getByText(/As it stood on Jun 1, 2025 \(version 1\)/)).toBeVisible();
  await expect(page.getByTestId('edit-activity')).toHaveCount(0);
  await page.goBack();
  await page.getByRole('button', { name: 'Back to today' }).click();
  await expect(page.getByTestId('register-count')).toHaveText('9 activities');
});
