// The Requests module in the built UI over the mock backend: intake, the detail with its timeline and
// dates, the list with its figures and bulk actions, and 100,000 rows.
import { test, expect } from './fixtures';

const shot = (name: string) => `e2e/screenshots/${name}.png`;

/** Today and a few days ago, as the date inputs take them (the mock's "today" is the UTC date). */
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

test('a request is recorded through the intake form, then verified step by step', async ({ page }) => {
  await page.goto('/#/requests');
  await expect(page.getByRole('heading', { level: 1, name: 'Data-subject requests' })).toBeVisible();
  await expect(page.getByTestId('request-row').first()).toBeVisible();
  await expect(page.getByTestId('stat-open')).not.toHaveText('…');
  await page.screenshot({ path: shot('requests'), fullPage: true });

  await page.getByRole('button', { name: 'New request' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New request' })).toBeVisible();

  // The rights offered follow the regime.
  await page.getByLabel('Regime').selectOption('ccpa');
  await expect(page.getByLabel('Right exercised').locator('option')).toHaveText([
    'Portability · GDPR Art. 20',
    'Right to know · Cal. Civ. Code §1798.110',
    'Right to delete · Cal. Civ. Code §1798.105',
    'Right to correct · Cal. Civ. Code §1798.106',
    'Opt out of sale or sharing · Cal. Civ. Code §1798.120',
    'Limit use of sensitive data · Cal. Civ. Code §1798.121',
  ]);
  await page.getByLabel('Regime').selectOption('gdpr');
  await page.getByLabel('Right exercised').selectOption('access');

  // Without a name or reference the backend refuses; the error is shown at the field.
  const received = day(-10);
  await page.getByLabel(/^Received on/).fill(received);
  await page.getByLabel(/^At \(local time\)/).fill('09:45');
  await page.getByRole('button', { name: 'Record the request' }).click();
  await expect(page.getByTestId('intake-error-summary')).toContainText('1 field needs attention');
  await expect(page.getByTestId('error-f-requester-name')).toContainText("Give the requester's name or a reference.");
  await expect(page.getByLabel('Name')).toBeFocused();
  await page.screenshot({ path: shot('request-intake-error'), fullPage: true });

  await page.getByLabel('Name').fill('Carmen Vidal');
  await page.getByLabel('E-mail').fill('carmen@example.org');
  await page.getByLabel('Summary').fill('A copy of my appointment history.');
  await page.getByLabel('Find an activity').fill('appointment');
  await page.getByRole('checkbox', { name: /PA-0007/ }).check();
  await expect(page.getByText('1 activity selected')).toBeVisible();
  await page.screenshot({ path: shot('request-intake'), fullPage: true });
  await page.getByRole('button', { name: 'Record the request' }).click();

  // The detail: receipt first in the timeline, a due date one month on.
  await expect(page.getByRole('heading', { level: 1, name: /^Request DSR-\d{4}-\d{4}/ })).toBeVisible();
  const timeline = page.getByTestId('request-timeline');
  await expect(timeline.locator('li')).toHaveCount(1);
  await expect(timeline.locator('li').first()).toContainText('Request received');
  await expect(page.getByTestId('request-due')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}$/);
  const firstDue = await page.getByTestId('request-due').getAttribute('datetime');
  await expect(page.getByTestId('request-explanation')).toContainText('received');

  // Proof of identity asked for: the EU reading stops the clock while it is awaited.
  await page.getByLabel('Step', { exact: true }).selectOption('identity-requested');
  await page.getByLabel('Date', { exact: true }).fill(day(-9));
  await page.getByRole('button', { name: 'Add the step' }).click();
  await expect(page.getByTestId('event-done')).toHaveText('Added: Proof of identity asked for. The dates were recalculated.');
  await expect(timeline.locator('li')).toHaveCount(2);
  await expect(page.getByTestId('request-clock-stopped')).toBeVisible();
  await expect(page.getByLabel('Step', { exact: true }).locator('option', { hasText: 'Work started' })).toHaveCount(0);

  // Received: the wait is counted and the due date moves on.
  await page.getByLabel('Step', { exact: true }).selectOption('identity-received');
  await page.getByLabel('Date', { exact: true }).fill(day(-4));
  await page.getByRole('button', { name: 'Add the step' }).click();
  await expect(timeline.locator('li')).toHaveCount(3);
  await expect(timeline.locator('li').nth(1)).toContainText('Proof of identity asked for');
  await expect(timeline.locator('li').nth(2)).toContainText('Proof of identity received');
  await expect(page.getByTestId('request-clock-stopped')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('In progress');
  const due = await page.getByTestId('request-due').getAttribute('datetime');
  expect(due! > firstDue!).toBe(true);
  await expect(page.getByTestId('request-explanation')).toContainText('waiting for proof of identity');
  await expect(page.getByTestId('request-candidates').locator('tbody tr')).toHaveCount(2);
  await page.screenshot({ path: shot('request-detail'), fullPage: true });

  // Back in the list, the new request is there.
  await page.getByRole('link', { name: 'Back to the requests' }).click();
  await page.getByLabel('Search').fill('Carmen');
  await expect(page.getByTestId('request-row')).toHaveCount(1);
  await expect(page.getByTestId('request-row')).toContainText('In progress');
});

test('bulk actions ask for what they need and change all or nothing', async ({ page }) => {
  await page.goto('/#/requests');
  await expect(page.getByTestId('request-row').first()).toBeVisible();
  await page.getByLabel('Show', { exact: true }).selectOption('all');
  await page.getByLabel('Search').fill('Lucía');
  await expect(page.getByTestId('request-row')).toHaveCount(1);
  await expect(page.getByTestId('request-row')).toContainText('Lucía Fernández');
  await page.getByRole('checkbox', { name: /^Select DSR-/ }).check();
  await page.getByLabel('Search').fill('Marco');
  await expect(page.getByTestId('request-row')).toHaveCount(1);
  await expect(page.getByTestId('request-row')).toContainText('Marco Rossi');
  await page.getByRole('checkbox', { name: /^Select DSR-/ }).check();
  await expect(page.getByTestId('bulk-count')).toHaveText('2 selected');

  // Lucía's request was never asked for proof: refused, nothing changes.
  await page.getByRole('button', { name: 'Mark identity verified' }).click();
  const dialog = page.getByTestId('bulk-dialog');
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(dialog.getByRole('alert')).toContainText('no proof of identity was asked for');
  await page.screenshot({ path: shot('requests-bulk-refused') });
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('button', { name: 'Close as duplicate' }).click();
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(dialog.getByTestId('error-f-bulk-duplicate-of')).toBeVisible();
  await dialog.getByLabel(/^Duplicate of/).fill('DSR-2026-0001');
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('requests-announce')).toHaveText('2 requests updated.');
  await expect(page.getByTestId('request-row')).toContainText('Refused');
});

test('the list stays responsive with 100,000 requests, in the dark theme too', async ({ page }) => {
  await page.goto('/#/settings');
  await page.getByLabel('Dark').check();
  await page.goto('/?requests=100000#/requests');
  await page.getByLabel('Show', { exact: true }).selectOption('all');
  await expect(page.getByTestId('requests-count')).toHaveText('100,013 requests', { timeout: 20_000 });
  const rendered = await page.getByTestId('request-row').count();
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(80);
  const body = page.locator('.vbody');
  const t0 = Date.now();
  for (let i = 1; i <= 10; i++) await body.evaluate((el, y) => el.scrollTo(0, y), i * 400_000);
  await body.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(page.getByTestId('request-row').last()).toBeVisible();
  expect(await page.getByTestId('request-row').count()).toBeLessThan(80);
  expect(Date.now() - t0).toBeLessThan(8_000);
  await body.evaluate((el) => el.scrollTo(0, 0));
  await expect(page.getByTestId('request-row').first()).toBeVisible();
  await page.screenshot({ path: shot('requests-dark-100000'), fullPage: true });
});
