// The reports screen in the built UI over the mock backend: options, coarse progress, a preview of the
// first pages rendered by pdf.js (its worker loaded from the app under the production CSP) from the
// PDF bytes the backend hands out by id (reportPdf), save, signing keys and verification.
import { test, expect } from './fixtures';

test('generate a report, see the progress and a preview of its first pages, and save it', async ({ page }) => {
  // As in the desktop window (tauri.conf.json: freezePrototype): pdf.js must work with it.
  await page.addInitScript(() => {
    Object.freeze(Object.prototype);
  });
  await page.goto('/#/reports');
  await expect(page.getByRole('heading', { level: 1, name: 'Reports' })).toBeVisible();
  await page.getByLabel(/Inspection pack/).check();
  await page.getByLabel('Language of the report').selectOption('fr');
  await page.getByLabel('Paper').selectOption('letter');
  await page.getByLabel('Also produce the tables as an XLSX workbook').check();
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByTestId('report-progress')).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Progress of the report' })).toBeVisible();
  const result = page.getByTestId('report-result');
  await expect(result.getByTestId('report-summary')).toContainText('Inspection pack: 8 pages');
  // pdf.js renders the first three pages to images, from the bytes of reportPdf(id).
  await expect(page.getByTestId('report-pdf-error')).toHaveCount(0);
  const pages = result.getByTestId('pdf-page');
  await expect(pages).toHaveCount(3);
  await expect(pages.first()).toHaveAttribute('alt', 'Page 1 of 8');
  const size = await pages.first().evaluate((img: HTMLImageElement) => ({ w: img.naturalWidth, h: img.naturalHeight }));
  expect(size.w).toBeGreaterThan(500);
  expect(size.h).toBeGreaterThan(size.w);
  // Letter paper (612 × 792 pt at 1.25): the PDF previewed is the one generated with these options.
  expect(size).toEqual({ w: 765, h: 990 });
  // The title page is not blank: its pixels are not all the same.
  const inked = await pages.first().evaluate((img: HTMLImageElement) => {
    const c = document.createElement('canvas');
    c.width = img.naturalWidth;
    c.height = img.naturalHeight;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, c.width, 200).data;
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! < 128) dark++;
    return dark;
  });
  expect(inked).toBeGreaterThan(50);
  await expect(result).toContainText('The first 3 of 8 pages.');
  await page.screenshot({ path: 'e2e/screenshots/reports.png', fullPage: true });
  await result.getByRole('button', { name: 'Save…' }).click();
  await expect(result.getByTestId('report-saved')).toContainText('.pdf.minisig');
  await expect(result.getByTestId('report-saved')).toContainText('.xlsx');
});

test('the signing keys are shown and a PDF can be verified', async ({ page }) => {
  await page.goto('/#/reports');
  await expect(page.getByTestId('report-minisign-key')).toHaveText(/^RW/);
  await expect(page.getByTestId('report-certificate-kind')).toHaveText('Self-signed by this installation (PDF readers show the issuer as unknown)');
  await expect(page.getByTestId('report-issuer')).toHaveText(/^CN=DPO Cockpit report signing, O=/);
  await expect(page.getByTestId('report-valid-until')).toHaveText(/\d{4}/);
  await page.getByRole('button', { name: 'Verify a PDF…' }).click();
  await expect(page.getByTestId('report-verified')).toContainText('Valid: signed by this installation and unchanged.');
});
