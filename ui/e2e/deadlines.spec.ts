// The deadline calculator, in the built UI over the mock backend.
import { test, expect } from './fixtures';

test('the deadline calculator computes the ICO example and explains it', async ({ page }) => {
  await page.goto('/#/requests');
  // Listed under Requests in the navigation.
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Deadline calculator' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Deadline calculator' })).toBeVisible();

  await page.getByLabel('Regime').selectOption('uk-gdpr');
  // The calendar filter narrows ~340 calendars (a few dozen in the mock) by code or name.
  await page.getByLabel('Find a calendar').fill('england');
  await expect(page.getByLabel('Holiday calendar')).toHaveValue('GB-ENG');
  await page.getByLabel('Request received on').fill('2026-01-31');
  await page.getByLabel('Request received on').press('Enter');

  const result = page.getByTestId('deadline-result');
  await expect(result.getByTestId('deadline-legal-due')).toHaveText('Monday, March 2, 2026');
  await expect(result.getByTestId('deadline-legal-due')).toHaveAttribute('datetime', '2026-03-02');
  await expect(result.getByTestId('deadline-safe-due')).toHaveText('Monday, March 2, 2026');
  await expect(result.getByTestId('deadline-explanation')).toHaveText(
    'received Sat 31 Jan 2026 → 28 Feb (February has no 31st) → Saturday → Mon 2 Mar',
  );
  await expect(page.getByRole('heading', { level: 2, name: 'Result' })).toBeFocused();
  await page.screenshot({ path: 'e2e/screenshots/deadlines.png', fullPage: true });

  // "Extended" is offered for UK GDPR, not for the LGPD; a bad question shows the backend's message.
  await expect(page.getByLabel('Extend the period')).toBeVisible();
  await page.getByLabel('Regime').selectOption('lgpd');
  await expect(page.getByLabel('Extend the period')).toHaveCount(0);
  await page.getByLabel('Request received on').fill('');
  await page.getByRole('button', { name: 'Calculate' }).click();
  await expect(page.getByRole('alert')).toContainText('received is required (YYYY-MM-DD)');
  await page.screenshot({ path: 'e2e/screenshots/deadlines-error.png', fullPage: true });

  // The breach clock, in the chosen zone and in UTC.
  await page.getByLabel('Regime').selectOption('gdpr-breach');
  await page.getByLabel('Became aware of the breach at').fill('2026-03-28T10:00');
  await page.getByLabel('Time zone').fill('Europe/Berlin');
  await page.getByRole('button', { name: 'Calculate' }).click();
  await expect(page.getByTestId('deadline-breach-due')).toHaveAttribute('datetime', '2026-03-31T11:00:00+02:00');
  await expect(page.getByTestId('deadline-breach-due-utc')).toContainText('Tuesday, March 31, 2026');
  await page.screenshot({ path: 'e2e/screenshots/deadlines-breach.png', fullPage: true });
});
