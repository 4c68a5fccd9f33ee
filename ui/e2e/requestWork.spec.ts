// The work a request creates, in the built UI over the mock backend: link a processing activity, whose
// systems become tasks and whose recipients enter the Art. 19 ledger; close a task with its evidence;
// record a recipient as notified and another as disproportionate effort with the reason.
import { test, expect } from './fixtures';

const shot = (name: string) => `e2e/screenshots/${name}.png`;

test('an erasure request: link an activity, close a task with evidence, tell the recipients', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/#/requests');
  await expect(page.getByTestId('request-row').first()).toBeVisible();
  await page.getByLabel('Search').fill('Marco');
  await expect(page.getByTestId('request-row')).toHaveCount(1);
  await page.getByTestId('request-row').getByText('Marco Rossi').click();
  await expect(page.getByRole('heading', { level: 1, name: /^Request DSR-\d{4}-\d{4}/ })).toBeVisible();

  // No activity linked yet: the board says where tasks come from; the ledger is there (an erasure).
  const board = page.getByTestId('task-board');
  await expect(board.getByTestId('tasks-empty')).toContainText('Tasks come from the linked processing activities');
  await expect(page.getByTestId('ledger-empty')).toBeVisible();

  // Link the payroll activity through the dialog, by keyboard where it matters.
  await board.getByRole('button', { name: 'Link activities…' }).click();
  const link = page.getByTestId('link-dialog');
  await expect(link.getByLabel('Find an activity')).toBeFocused();
  await page.keyboard.type('payroll');
  const payroll = link.getByRole('checkbox', { name: /PA-0001 · Payroll/ });
  await expect(payroll).toBeVisible();
  await expect(link.getByRole('checkbox')).toHaveCount(1);
  await payroll.check();
  await expect(link.getByTestId('link-count')).toHaveText('1 activity selected');
  await page.screenshot({ path: shot('request-work-link') });
  await link.getByRole('button', { name: 'Link' }).click();
  await expect(link).toBeHidden();
  await expect(board.getByTestId('tasks-message')).toHaveText('Linked 1 activity; the tasks were updated.');
  await expect(board.getByTestId('tasks-open').getByTestId('task-card')).toHaveCount(2);
  await expect(board.getByTestId('tasks-summary')).toHaveText('0 of 2 tasks done');

  // Close the HRIS task: the evidence is required.
  await board.getByRole('button', { name: 'Mark the task for HRIS done' }).click();
  const done = page.getByTestId('task-done-dialog');
  await expect(done.getByLabel(/^Evidence/)).toBeFocused();
  await done.getByRole('button', { name: 'Mark done' }).click();
  await expect(done.getByTestId('error-f-task-evidence')).toContainText('Say what was done and where the evidence is');
  await done.getByLabel(/^Evidence/).fill('Employee profile erased in HRIS; ticket IT-4711');
  await done.getByRole('button', { name: 'Mark done' }).click();
  await expect(done).toBeHidden();
  const doneColumn = board.getByTestId('tasks-done');
  await expect(doneColumn.getByTestId('task-card')).toHaveCount(1);
  await expect(doneColumn.getByTestId('task-card')).toContainText('HRIS');
  await expect(doneColumn.getByTestId('task-evidence')).toHaveText('Employee profile erased in HRIS; ticket IT-4711');
  await expect(board.getByTestId('tasks-open').getByTestId('task-card')).toHaveCount(1);
  await expect(board.getByTestId('tasks-summary')).toHaveText('1 of 2 tasks done');

  // The ledger: four recipients of the payroll activity.
  const ledger = page.getByTestId('ledger');
  await expect(ledger.getByTestId('ledger-row')).toHaveCount(4);
  await expect(ledger.getByTestId('ledger-summary')).toHaveText('0 of 4 recipients told');
  await ledger.getByRole('button', { name: 'Record Tax authority as notified' }).click();
  const tax = ledger.getByTestId('ledger-row').filter({ hasText: 'Tax authority' });
  await expect(tax.getByTestId('ledger-status')).toHaveText('Notified');
  await expect(ledger.getByTestId('ledger-summary')).toHaveText('1 of 4 recipients told');

  await ledger.getByRole('button', { name: 'Record that telling Payroll provider involves disproportionate effort' }).click();
  const notice = page.getByTestId('notice-dialog');
  await expect(notice.getByRole('heading', { name: 'Disproportionate effort: Payroll provider' })).toBeVisible();
  await notice.getByRole('button', { name: 'Record' }).click();
  await expect(notice.getByTestId('error-f-notice-reason')).toContainText('Give the reason');
  await notice.getByLabel(/^Reason/).fill('Provider dissolved in 2021; no successor to contact');
  await notice.getByRole('button', { name: 'Record' }).click();
  await expect(notice).toBeHidden();
  const provider = ledger.getByTestId('ledger-row').filter({ hasText: 'Payroll provider' });
  await expect(provider.getByTestId('ledger-status')).toHaveText('Disproportionate effort');
  await expect(provider.getByTestId('ledger-reason')).toHaveText('Provider dissolved in 2021; no successor to contact');
  await expect(ledger.getByTestId('ledger-summary')).toHaveText('1 of 4 recipients told · 1 not told, with a reason');

  // The list for the requester goes to the clipboard.
  await ledger.getByRole('button', { name: 'Copy list for the requester' }).click();
  await expect(ledger.getByTestId('ledger-copied')).toHaveText('Copied 4 recipients to the clipboard.');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('- Payroll provider, Spain');
  await page.screenshot({ path: shot('request-work'), fullPage: true });

  // It is all kept: a reload of the request shows the same.
  await page.getByLabel('Step', { exact: true }).selectOption('note');
  await page.getByLabel(/^Note/).fill('Told the requester the list of recipients');
  await page.getByRole('button', { name: 'Add the step' }).click();
  await expect(page.getByTestId('event-done')).toContainText('Added: Note');
  await expect(doneColumn.getByTestId('task-evidence')).toHaveText('Employee profile erased in HRIS; ticket IT-4711');
  await expect(provider.getByTestId('ledger-status')).toHaveText('Disproportionate effort');
});
