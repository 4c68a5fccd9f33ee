// The retention screen in the built UI over the mock backend: schedule, rule editor on the live
// catalogue, plan → approve → run with progress → evidence, cancel, and legal holds.
import { test, expect } from './fixtures';

test('plan, approve and run a rule with a progress bar, then read its evidence', async ({ page }) => {
  await page.goto('/#/retention');
  await expect(page.getByRole('heading', { level: 1, name: 'Retention' })).toBeVisible();
  const row = page.getByTestId('rule-crm-orders-anonymise');
  await expect(row.getByTestId('rule-approval-crm-orders-anonymise')).toHaveText('Needs approval');
  await page.screenshot({ path: 'e2e/screenshots/retention.png', fullPage: true });

  await row.getByRole('button', { name: 'Plan…' }).click();
  const dialog = page.getByTestId('plan-dialog');
  await expect(dialog.getByTestId('plan-statements')).toContainText('UPDATE "orders" SET "customer_email"');
  await expect(dialog.getByRole('button', { name: 'Run now' })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Approve this plan' }).click();
  await expect(dialog.getByTestId('plan-approval')).toContainText('is approved');
  await page.screenshot({ path: 'e2e/screenshots/retention-plan.png', fullPage: true });
  await dialog.getByRole('button', { name: 'Run now' }).click();
  const bar = dialog.getByRole('progressbar', { name: 'Progress of the run' });
  await expect(bar).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Cancel the run' })).toBeVisible();
  // Mid-run: some batches done, not all.
  await expect(dialog.getByTestId('run-progress-text')).toContainText(/[1-9][\d,]* of [\d,]+ entries done/);
  await page.screenshot({ path: 'e2e/screenshots/retention-running.png', fullPage: true });
  await expect(dialog.getByTestId('run-progress')).toContainText('Completed', { timeout: 20_000 });
  const max = await bar.getAttribute('max');
  await expect(bar).toHaveAttribute('value', max ?? '');
  await dialog.getByRole('button', { name: 'Evidence' }).click();
  const evidence = page.getByTestId('evidence-dialog');
  await expect(evidence.getByTestId('evidence-verdict')).toContainText('The evidence is consistent');
  await expect(evidence.getByTestId('evidence-digest')).toHaveText(/^[0-9a-f]{64}$/);
  await page.screenshot({ path: 'e2e/screenshots/retention-evidence.png', fullPage: true });
  await evidence.getByRole('button', { name: 'Save certificate as PDF…' }).click();
  await expect(evidence.getByTestId('cert-saved')).toContainText('.pdf.minisig');
  await evidence.getByRole('button', { name: 'Close' }).last().click();

  // The schedule shows the run as the last result; the history lists it.
  await expect(row.getByTestId('rule-last-crm-orders-anonymise')).toContainText('Completed');
  await page.getByRole('tab', { name: 'Run history' }).click();
  await expect(page.getByTestId('runs-table').getByRole('row')).toHaveCount(3);
});

test('cancel stops a run after its current batch', async ({ page }) => {
  await page.goto('/#/retention');
  await page.getByTestId('rule-plan-crm-customers-inactive').click();
  const dialog = page.getByTestId('plan-dialog');
  await expect(dialog.getByTestId('plan-approval')).toContainText('is approved');
  await dialog.getByRole('button', { name: 'Run now' }).click();
  await dialog.getByRole('button', { name: 'Cancel the run' }).click();
  await expect(dialog.getByTestId('run-progress')).toContainText('Cancelled');
  await expect(dialog.getByTestId('run-progress')).toContainText('the rest was not touched');
});

test('the rule editor offers only what the catalogue has and shows the core’s refusal by the field', async ({ page }) => {
  await page.goto('/#/retention');
  await page.getByRole('button', { name: 'New rule' }).click();
  const editor = page.getByTestId('rule-editor');
  await editor.getByLabel('Rule name').fill('web-logs');
  await editor.getByLabel('Table').selectOption('web_log');
  await expect(editor.getByTestId('rule-error-key_column')).toContainText('has no single-column unique key');
  await expect(editor.getByRole('button', { name: 'Save' })).toBeDisabled();
  await editor.getByLabel('Table').selectOption('customers');
  await editor.getByLabel('Time column').selectOption('created_at');
  await editor.getByLabel('Keep for').fill('2');
  await editor.getByRole('button', { name: 'Add a condition' }).click();
  await editor.getByLabel('Filter column').selectOption('status');
  await editor.getByLabel('Value').fill('closed');
  await editor.getByLabel('Time zone').fill('Mars/Base');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor.getByTestId('rule-error-timezone')).toContainText("Unknown time zone 'Mars/Base'");
  await page.screenshot({ path: 'e2e/screenshots/retention-editor.png', fullPage: true });
  await editor.getByLabel('Time zone').fill('Europe/Madrid');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('retention-notice')).toContainText('Rule web-logs saved as version 1');
  await expect(page.getByTestId('rule-web-logs')).toContainText('Needs approval');
});

test('legal holds: place, list and release', async ({ page }) => {
  await page.goto('/#/retention');
  await page.getByRole('tab', { name: 'Legal holds' }).click();
  await expect(page.getByTestId('hold-1')).toContainText('Litigation: Smith v. Shop');
  await page.getByRole('button', { name: 'New hold' }).click();
  const dialog = page.getByTestId('hold-dialog');
  await dialog.getByLabel('Everything a rule would touch').check();
  await dialog.getByLabel('Rule', { exact: true }).selectOption('hr-applicants');
  await dialog.getByLabel('Reason').fill('Employment tribunal claim');
  await dialog.getByLabel('Last day (optional)').fill('2099-12-31');
  await dialog.getByRole('button', { name: 'Place the hold' }).click();
  await expect(page.getByTestId('holds-notice')).toHaveText('Hold 3 placed.');
  await expect(page.getByTestId('hold-3')).toContainText('Rule hr-applicants');
  await page.screenshot({ path: 'e2e/screenshots/retention-holds.png', fullPage: true });
  await page.getByTestId('hold-release-3').click();
  const release = page.getByTestId('release-dialog');
  await release.getByLabel('Reason for the release').fill('Claim withdrawn');
  await release.getByRole('button', { name: 'Release' }).click();
  await expect(page.getByTestId('holds-notice')).toHaveText('Hold 3 released.');
  await expect(page.getByTestId('hold-3')).toHaveCount(0);
  await page.getByLabel('Show expired and released holds').check();
  await expect(page.getByTestId('hold-3')).toContainText('Claim withdrawn');
});

test('the schedule and the run history refresh themselves while a run goes on (issue 4)', async ({ page }) => {
  await page.goto('/#/retention');
  const row = page.getByTestId('rule-crm-customers-inactive');
  const last = row.getByTestId('rule-last-crm-customers-inactive');
  await expect(last).toContainText('Completed');
  await expect(page.getByTestId('retention-live')).toHaveCount(0);
  // Start a run in the mock (it advances one batch every 350 ms) and close the dialog at once, so
  // that only the screen's own polling can show what happens next.
  await row.getByRole('button', { name: 'Plan…' }).click();
  const dialog = page.getByTestId('plan-dialog');
  await expect(dialog.getByTestId('plan-approval')).toContainText('is approved');
  await dialog.getByRole('button', { name: 'Run now' }).click();
  await expect(dialog.getByTestId('run-progress')).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).last().click();
  await expect(dialog).toHaveCount(0);

  // No click from here on: the row goes from Running to Completed by itself.
  await expect(last).toContainText('Running');
  await expect(last).toContainText('of 1,058 done so far');
  await expect(page.getByTestId('retention-live')).toContainText('refresh themselves every 2 seconds');
  await page.screenshot({ path: 'e2e/screenshots/retention-live.png', fullPage: true });
  await expect(last).toContainText('Completed', { timeout: 15_000 });
  await expect(last).toContainText('1,058 affected');
  await expect(page.getByTestId('retention-live')).toHaveCount(0);

  // The run history has the finished run too.
  await page.getByRole('tab', { name: 'Run history' }).click();
  await expect(page.getByTestId('run-2')).toContainText('Completed');
  await expect(page.getByTestId('run-2')).toContainText('1,058');
});
