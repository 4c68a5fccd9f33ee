import { test, expect } from './fixtures';

test('the audit page verifies the hash chain', async ({ page }) => {
  await page.goto('/#/audit');
  await expect(page.getByRole('heading', { level: 1, name: 'Audit trail' })).toBeVisible();
  await expect(page.getByTestId('audit-table').locator('tbody tr').first()).toBeVisible();
  await page.getByTestId('verify-audit').click();
  const result = page.getByTestId('verify-result');
  await expect(result).toHaveAttribute('data-ok', 'true');
  await expect(result).toContainText(/The audit trail is intact: \d+ entries verified\./);
  await expect(result.locator('code.hash')).toHaveText(/^[0-9a-f]{64}$/);
});

test('a retired activity shows in the history with its field diff', async ({ page }) => {
  await page.goto('/#/activity/PA-0002');
  await page.getByTestId('retire-activity').click();
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toBeVisible();
  // Escape cancels.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await page.getByTestId('retire-activity').click();
  await dialog.getByRole('button', { name: 'Retire activity' }).click();
  await expect(page.locator('.meta-line')).toContainText('Retired');
  await page.getByRole('tab', { name: 'History' }).click();
  await page.getByTestId('version-2').click();
  const diff = page.getByTestId('diff-table');
  await expect(diff).toContainText('status');
  await expect(diff).toContainText('active');
  await expect(diff).toContainText('retired');
});
