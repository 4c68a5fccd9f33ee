// The dashboard's "Requests" section (issue 3) in the built UI over the mock backend: tiles, the
// monthly charts (every month, gaps as zeros), status and type bars, and the way to the request list.
import { test, expect } from './fixtures';

test('the dashboard shows the request figures and charts', async ({ page }) => {
  await page.goto('/#/dashboard');
  const section = page.getByTestId('dash-requests');
  await expect(section.getByRole('heading', { level: 2, name: 'Requests' })).toBeVisible();
  await expect(section.getByTestId('dash-req-open')).toHaveText('9');
  await expect(section.getByTestId('dash-req-overdue')).toHaveText('2');
  await expect(section.getByTestId('dash-req-due-soon')).toHaveText('2');
  await expect(section.getByTestId('dash-req-on-time')).toHaveText('100 %');
  await expect(section.getByTestId('dash-req-on-time-n')).toHaveText('4 of 4 closed');
  await expect(section.getByTestId('dash-req-median')).toHaveText('15.5');

  // Four SVG charts, each with its figures in its accessible name.
  const charts = section.getByRole('img');
  await expect(charts).toHaveCount(4);
  const volume = section.getByTestId('dash-req-by-month').getByRole('img');
  await expect(volume).toBeVisible();
  const name = (await volume.getAttribute('aria-label')) ?? '';
  // At least 12 months, every one named, the months without requests as zeros.
  expect(name.split('; ').length).toBeGreaterThanOrEqual(12);
  expect(name).toMatch(/: 0 received, 0 closed/);
  await expect(section.getByTestId('dash-req-on-time-by-month').getByRole('img')).toHaveAttribute('aria-label', /none closed/);
  await expect(section.getByTestId('dash-req-by-status').getByRole('img')).toHaveAttribute('aria-label', /In progress: \d+/);
  await expect(section.getByTestId('dash-req-by-type').getByRole('img')).toHaveAttribute('aria-label', /Access: \d+/);
  // The figures as a table, on demand.
  await section.getByTestId('dash-req-by-month').getByText('Show the figures as a table').click();
  await expect(section.getByTestId('dash-req-by-month').getByRole('table').getByRole('row')).toHaveCount(name.split('; ').length + 1);
  await page.screenshot({ path: 'e2e/screenshots/dashboard-requests.png', fullPage: true });

  // The overdue tile leads to the request list, filtered to the overdue requests.
  await section.getByRole('link', { name: /^2 Overdue\./ }).click();
  await expect(page).toHaveURL(/#\/requests\?show=overdue$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Requests' })).toBeVisible();
  await expect(page.getByTestId('stat-overdue')).toHaveText('2');
  await expect(page.getByTestId('requests-overdue')).toBeChecked();
  await expect(page.getByTestId('request-row')).toHaveCount(2);
});
