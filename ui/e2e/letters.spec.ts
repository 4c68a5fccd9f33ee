// Letters to requesters and reminder settings in the built UI over the mock backend: a letter written
// for a request in Spanish, its PDF previewed by pdf.js (under the production CSP) and saved; a template
// edited in Settings with its live preview, broken by an unknown placeholder; the reminder days changed.
// The mock's templates are short mock wordings (see ui/src/api/mocklib/letters.ts), not the core's.
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

const shot = (name: string) => `e2e/screenshots/${name}.png`;

/** Finds the seeded request of a requester in the list (ids depend on today's date) and opens it. */
async function openRequestOf(page: Page, name: string): Promise<string> {
  await page.goto('/#/requests');
  await expect(page.getByTestId('request-row').first()).toBeVisible();
  await page.getByLabel('Search').fill(name);
  await expect(page.getByTestId('request-row')).toHaveCount(1);
  const row = (await page.getByTestId('request-row').textContent()) ?? '';
  const id = row.match(/DSR-\d{4}-\d{4}/)?.[0] ?? '';
  expect(id).not.toBe('');
  await page.goto(`/#/request/${id}`);
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`^Request ${id}`) })).toBeVisible();
  return id;
}

test('an acknowledgement in Spanish for a request: the text, a PDF preview, saved with its SHA-256', async ({ page }) => {
  // As in the desktop window (tauri.conf.json: freezePrototype): pdf.js must work with it.
  await page.addInitScript(() => {
    Object.freeze(Object.prototype);
  });
  const id = await openRequestOf(page, 'Sofía');

  const panel = page.getByTestId('letter-panel');
  await expect(panel.getByRole('heading', { level: 2, name: 'Letters to the requester' })).toBeVisible();
  await expect(panel.getByLabel('Letter', { exact: true })).toHaveValue('acknowledgement');
  await expect(panel.getByTestId('letter-subject')).toHaveText(`We have received your request (${id})`);
  await panel.getByLabel('Language of the letter').selectOption('es');
  await expect(panel.getByTestId('letter-subject')).toHaveText(`Hemos recibido su solicitud (${id})`);
  await expect(panel.getByTestId('letter-body')).toContainText('Estimado/a Sofía García:');
  await expect(panel.getByTestId('letter-body')).toContainText('Le responderemos a más tardar el');
  // The extension notice is not offered before an extension is recorded; this is no access request.
  await expect(panel.getByLabel('Letter', { exact: true }).locator('option[value="extension-notice"]')).toHaveCount(0);
  await expect(panel.getByLabel('Letter', { exact: true }).locator('option[value="access-answer"]')).toHaveCount(0);

  await panel.getByRole('button', { name: 'Preview PDF' }).click();
  const pages = panel.getByTestId('pdf-page');
  await expect(pages).toHaveCount(1);
  const size = await pages.first().evaluate((img: HTMLImageElement) => ({ w: img.naturalWidth, h: img.naturalHeight }));
  expect(size).toEqual({ w: 744, h: 1053 }); // A4 (595 × 842 pt) at 1.25
  await page.screenshot({ path: shot('request-letter'), fullPage: true });

  await panel.getByRole('button', { name: 'Save PDF…' }).click();
  await expect(panel.getByTestId('letter-saved-path')).toHaveText(`/home/dpo/Documents/${id}-acknowledgement-es.pdf`);
  await expect(panel.getByTestId('letter-saved-sha256')).toHaveText(/^[0-9a-f]{64}$/);
  await expect(panel.getByTestId('letter-saved')).toContainText('Recorded in the audit trail as issued');
});

test('a refusal for a request that is not refused waits for its reason', async ({ page }) => {
  await openRequestOf(page, 'Sofía');
  const panel = page.getByTestId('letter-panel');
  await panel.getByLabel('Letter', { exact: true }).selectOption('refusal');
  await expect(panel.getByTestId('letter-needs-reason')).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Save PDF…' })).toBeDisabled();
  await panel.getByLabel('Reason for the refusal').fill('the request is manifestly unfounded');
  await expect(panel.getByTestId('letter-body')).toContainText('for this reason: the request is manifestly unfounded.');
});

test('a letter template is edited with a live preview; an unknown placeholder is refused beside the editor', async ({ page }) => {
  await page.goto('/#/settings');
  const section = page.getByTestId('settings-letters');
  await expect(section.getByRole('heading', { level: 2, name: 'Letters to requesters' })).toBeVisible();
  await expect(section.getByTestId('template-badge')).toHaveText('Default');
  await expect(section.getByTestId('template-preview-subject')).toHaveText('We have received your request (DSR-2026-0001)');

  const editor = section.getByLabel(/^Template/);
  await editor.fill('Subject: Thank you, {{ request.requester_name }}\nWe at {{ org.name }} will answer by {{ dates.due }}.\n');
  await expect(section.getByTestId('template-preview-subject')).toHaveText('Thank you, Alex Example');
  await expect(section.getByTestId('template-preview-body')).toHaveText('We at Example Ltd will answer by 2 April 2026.');

  const broken = 'Subject: Thank you, {{ request.requester_nmae }}\nBody\n';
  await editor.fill(broken);
  await expect(section.getByTestId('template-error')).toContainText('the template cannot be used: undefined value: request.requester_nmae');
  await expect(editor).toHaveValue(broken);
  await section.getByRole('button', { name: 'Save' }).click();
  await expect(section.getByTestId('template-error')).toContainText('the template cannot be used');
  await expect(editor).toHaveValue(broken);
  await expect(section.getByTestId('template-badge')).toHaveText('Default');
  await section.screenshot({ path: shot('settings-letters-error') });

  // Fixed and saved: customised; then back to the default.
  await editor.fill('Subject: Thank you ({{ request.id }})\nDear {{ request.requester_name }},\n');
  await expect(section.getByTestId('template-error')).toHaveCount(0);
  await section.getByRole('button', { name: 'Save' }).click();
  await expect(section.getByTestId('template-saved')).toHaveText('Template saved.');
  await expect(section.getByTestId('template-badge')).toHaveText('Customised');
  await section.getByRole('button', { name: 'Back to the default' }).click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Back to the default' }).click();
  await expect(section.getByTestId('template-badge')).toHaveText('Default');
  await expect(editor).toHaveValue(/^Subject: We have received your request/);
});

test('the reminder days are changed, and refused beyond 60 days', async ({ page }) => {
  await page.goto('/#/settings');
  const section = page.getByTestId('settings-reminders');
  await expect(section.getByRole('heading', { level: 2, name: 'Reminders of due dates' })).toBeVisible();
  const days = section.getByLabel('Days before the due date');
  await expect(days).toHaveValue('7, 1');
  await days.fill('90, 7');
  await section.getByRole('button', { name: 'Save' }).click();
  await expect(section.getByTestId('reminders-error')).toHaveText(/90 days before is too early: at most 60/);
  await days.fill('3, 14, 14, 0');
  await section.getByRole('button', { name: 'Save' }).click();
  await expect(section.getByTestId('reminders-saved')).toHaveText('Reminders saved.');
  await expect(days).toHaveValue('14, 3, 0');
  await expect(section.getByTestId('reminders-error')).toHaveCount(0);
  await section.screenshot({ path: shot('settings-reminders') });
});
