import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderWith } from '../test/render';
import { RetentionScreen } from './Retention';
import { MockBackend } from '../api/mock';
import { fieldOfMessage } from './retention/RuleEditor';

const backends: MockBackend[] = [];
function backend(batchMs = 40) {
  const b = new MockBackend({ today: '2026-11-29', now: () => new Date('2026-11-29T12:00:00Z'), retentionBatchMs: batchMs });
  backends.push(b);
  return b;
}
afterEach(() => backends.splice(0).forEach((b) => b.retention.dispose()));

const change = (el: HTMLElement, value: string) => fireEvent.change(el, { target: { value } });

describe('retention screen', () => {
  it('lists the schedule: period, action, schedule, next run, last run and approval', async () => {
    renderWith(<RetentionScreen />, { backend: backend() });
    const row = await screen.findByTestId('rule-crm-customers-inactive');
    expect(row).toHaveTextContent('crm.customers (last_order_at)');
    expect(row).toHaveTextContent('5 years');
    expect(row).toHaveTextContent('Delete the rows');
    expect(row).toHaveTextContent('0 3 * * *');
    expect(within(row).getByTestId('rule-next-crm-customers-inactive')).toHaveTextContent(/Nov 30, 2026/);
    expect(within(row).getByTestId('rule-last-crm-customers-inactive')).toHaveTextContent('Completed');
    expect(within(row).getByTestId('rule-approval-crm-customers-inactive')).toHaveTextContent('Approved (v1)');
    const orders = screen.getByTestId('rule-crm-orders-anonymise');
    expect(orders).toHaveTextContent('10 years after the end of the fiscal year (ending 31-12)');
    expect(orders).toHaveTextContent('Anonymise customer_email (keyed hash)');
    expect(within(orders).getByTestId('rule-approval-crm-orders-anonymise')).toHaveTextContent('Needs approval');
    const hr = screen.getByTestId('rule-hr-applicants');
    expect(within(hr).getByTestId('rule-next-hr-applicants')).toHaveTextContent('—');
    expect(hr).toHaveTextContent('by hand only');
    expect(hr).toHaveTextContent('never run');
  });

  it('plans, approves, runs with a moving progress bar to completion, and shows the evidence', async () => {
    const b = backend(30);
    renderWith(<RetentionScreen />, { backend: b });
    fireEvent.click(await screen.findByTestId('rule-plan-crm-orders-anonymise'));
    const dialog = await screen.findByTestId('plan-dialog');
    await within(dialog).findByTestId('plan');
    expect(within(dialog).getByTestId('plan-approval')).toHaveTextContent('Version 2 has no approved plan');
    expect(within(dialog).getByTestId('plan-run')).toBeDisabled();
    const planned = Number(within(dialog).getByTestId('plan-affected').textContent?.replace(/\D/g, ''));
    expect(planned).toBeGreaterThan(0);
    expect(within(dialog).getByTestId('plan-statements')).toHaveTextContent('UPDATE "orders" SET "customer_email"');
    fireEvent.click(within(dialog).getByTestId('plan-approve'));
    await waitFor(() => expect(within(dialog).getByTestId('plan-run')).toBeEnabled());
    expect(within(dialog).getByTestId('plan-approval')).toHaveTextContent('The plan of version 2 is approved');

    fireEvent.click(within(dialog).getByTestId('plan-run'));
    const bar = await within(dialog).findByTestId('run-progress-bar');
    expect(bar).toHaveAttribute('max', String(planned));
    // The bar moves while the run goes on (polled every 500 ms), and ends full.
    await waitFor(() => expect(Number(bar.getAttribute('value'))).toBeGreaterThan(0), { timeout: 3000 });
    await waitFor(() => expect(within(dialog).getByTestId('run-progress')).toHaveTextContent('Completed'), { timeout: 8000 });
    expect(within(dialog).getByTestId('run-progress-text')).toHaveTextContent(`${planned.toLocaleString('en')} of ${planned.toLocaleString('en')} entries done`);
    fireEvent.click(within(dialog).getByTestId('run-evidence'));
    const evidence = await screen.findByTestId('evidence-dialog');
    await within(evidence).findByTestId('evidence');
    expect(within(evidence).getByTestId('evidence-verdict')).toHaveTextContent('The evidence is consistent');
    expect(within(evidence).getAllByRole('row').length).toBeGreaterThan(2);
    fireEvent.click(within(evidence).getByTestId('cert-save'));
    expect(await within(evidence).findByTestId('cert-saved')).toHaveTextContent('retention-run-2-certificate.pdf.minisig');
  }, 15000);

  it('cancels a run: it stops after the current batch and says so', async () => {
    const b = backend(250);
    renderWith(<RetentionScreen />, { backend: b });
    fireEvent.click(await screen.findByTestId('rule-plan-crm-customers-inactive'));
    const dialog = await screen.findByTestId('plan-dialog');
    await within(dialog).findByTestId('plan');
    fireEvent.click(within(dialog).getByTestId('plan-run'));
    fireEvent.click(await within(dialog).findByTestId('run-cancel'));
    await waitFor(() => expect(within(dialog).getByTestId('run-progress')).toHaveTextContent('Cancelled'), { timeout: 5000 });
    expect(within(dialog).getByTestId('run-progress')).toHaveTextContent('the rest was not touched');
    const run = (await b.retentionRuns('crm-customers-inactive', 1))[0]!;
    expect(run.status).toBe('cancelled');
    expect(run.affected).toBeLessThan(run.planned);
  }, 10000);

  it('the rule editor picks from the live catalogue, checks it as you pick, and puts API errors beside the field', async () => {
    const b = backend();
    renderWith(<RetentionScreen />, { backend: b });
    await waitFor(() => expect(screen.getByTestId('rule-new')).toBeEnabled());
    fireEvent.click(screen.getByTestId('rule-new'));
    const editor = await screen.findByTestId('rule-editor');
    await waitFor(() => expect(within(editor).getByLabelText('Time zone')).toHaveValue('Europe/Madrid'));
    const table = await within(editor).findByLabelText('Table');
    expect(within(table).getAllByRole('option').map((o) => o.textContent)).toEqual(['— choose —', 'customers', 'orders', 'web_log']);
    // A table without a single-column unique key cannot be used: said at once, and Save is off.
    change(table, 'web_log');
    expect(within(editor).getByTestId('rule-error-key_column')).toHaveTextContent('Table “web_log” has no single-column unique key');
    expect(within(editor).getByTestId('rule-save')).toBeDisabled();
    change(table, 'customers');
    expect(within(editor).queryByTestId('rule-error-key_column')).toBeNull();
    // Only unique columns are offered as keys; only date-like columns as times.
    expect(within(within(editor).getByLabelText('Key column')).getAllByRole('option').map((o) => o.getAttribute('value'))).toEqual(['', 'id', 'email']);
    expect(within(within(editor).getByLabelText('Time column')).getAllByRole('option').map((o) => o.getAttribute('value'))).toEqual([
      '',
      'id',
      'email',
      'name',
      'city',
      'status',
      'created_at',
      'last_order_at',
    ]);
    change(within(editor).getByLabelText('Rule name'), 'crm-new');
    change(within(editor).getByLabelText('Time column'), 'created_at');
    change(within(editor).getByLabelText('Keep for'), '2');
    change(within(editor).getByLabelText('Schedule (cron)'), 'nightly');
    fireEvent.click(within(editor).getByTestId('rule-save'));
    expect(await within(editor).findByTestId('rule-error-schedule')).toHaveTextContent("Refused: Invalid schedule 'nightly'");
    expect(within(editor).getByLabelText('Schedule (cron)')).toHaveAttribute('aria-invalid', 'true');
    change(within(editor).getByLabelText('Schedule (cron)'), '0 4 * * *');
    fireEvent.click(within(editor).getByTestId('rule-save'));
    expect(await screen.findByTestId('retention-notice')).toHaveTextContent('Rule crm-new saved as version 1. Review and approve its plan before it runs.');
    const row = await screen.findByTestId('rule-crm-new');
    expect(row).toHaveTextContent('2 years');
    expect(row).toHaveTextContent('Needs approval');
    const saved = await b.retentionRule('crm-new');
    expect(saved.rule.target).toEqual({ kind: 'table', table: 'customers', time_column: 'created_at', time_format: 'iso_text', key_column: 'id', filters: [] });
  });

  it('editing a rule keeps its name and datastore and makes a new version', async () => {
    const b = backend();
    renderWith(<RetentionScreen />, { backend: b });
    fireEvent.click(await screen.findByTestId('rule-edit-crm-customers-inactive'));
    const editor = await screen.findByTestId('rule-editor');
    expect(within(editor).getByLabelText('Rule name')).toBeDisabled();
    expect(within(editor).getByLabelText('Datastore')).toBeDisabled();
    await within(editor).findByLabelText('Table');
    expect(within(editor).getByLabelText('Filter column')).toHaveValue('status');
    change(within(editor).getByLabelText('Batch size'), '100');
    fireEvent.click(within(editor).getByTestId('rule-save'));
    await screen.findByText('Rule crm-customers-inactive saved as version 2. Review and approve its plan before it runs.');
    await waitFor(() => expect(screen.getByTestId('rule-approval-crm-customers-inactive')).toHaveTextContent('Needs approval'));
    expect((await b.retentionRule('crm-customers-inactive')).rule.batch_size).toBe(100);
  });

  it('manages legal holds: place one on listed keys, list, release with a reason', async () => {
    const b = backend();
    renderWith(<RetentionScreen />, { backend: b });
    await screen.findByTestId('rules-table');
    fireEvent.click(screen.getByTestId('ret-tab-holds'));
    const table = await screen.findByTestId('holds-table');
    expect(within(table).getAllByRole('row')).toHaveLength(2);
    expect(table).toHaveTextContent('2 keys of crm-customers-inactive: 1042, 1043');
    fireEvent.click(screen.getByLabelText('Show expired and released holds'));
    await waitFor(() => expect(within(screen.getByTestId('holds-table')).getAllByRole('row')).toHaveLength(3));
    expect(screen.getByTestId('hold-2')).toHaveTextContent('Released');
    expect(screen.getByTestId('hold-2')).toHaveTextContent('Inspection closed without findings');

    fireEvent.click(screen.getByTestId('hold-add'));
    const dialog = await screen.findByTestId('hold-dialog');
    change(within(dialog).getByLabelText('Keys (or file paths)'), '501\n502, 503');
    fireEvent.click(within(dialog).getByTestId('hold-save'));
    expect(await within(dialog).findByTestId('hold-error')).toHaveTextContent('Refused: A legal hold needs a reason');
    change(within(dialog).getByLabelText(/Reason/), 'Claim by a customer');
    change(within(dialog).getByLabelText('Owner'), 'Legal');
    fireEvent.click(within(dialog).getByTestId('hold-save'));
    expect(await screen.findByTestId('holds-notice')).toHaveTextContent('Hold 3 placed.');
    await waitFor(() => expect(screen.getByTestId('hold-3')).toHaveTextContent('3 keys of crm-customers-inactive: 501, 502, 503'));

    fireEvent.click(screen.getByTestId('hold-release-3'));
    const release = await screen.findByTestId('release-dialog');
    fireEvent.click(within(release).getByTestId('release-submit'));
    expect(await within(release).findByTestId('release-error')).toHaveTextContent('Releasing a hold needs a reason');
    change(within(release).getByLabelText('Reason for the release'), 'Claim settled');
    fireEvent.click(within(release).getByTestId('release-submit'));
    expect(await screen.findByText('Hold 3 released.')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('hold-3')).toHaveTextContent('Claim settled'));
  });

  it('lists runs and datastores, and tests a connection', async () => {
    renderWith(<RetentionScreen />, { backend: backend() });
    await screen.findByTestId('rules-table');
    fireEvent.click(screen.getByTestId('ret-tab-runs'));
    const run = await screen.findByTestId('run-1');
    expect(run).toHaveTextContent('crm-customers-inactive');
    expect(run).toHaveTextContent('schedule');
    fireEvent.click(screen.getByTestId('ret-tab-datastores'));
    fireEvent.click(await screen.findByTestId('ds-test-hr'));
    expect(await screen.findByTestId('ds-result-hr')).toHaveTextContent('PostgreSQL 15.19');
    expect(screen.getByTestId('ds-result-hr')).toHaveTextContent('Tables: applicants');
    expect(screen.getByTestId('ds-hr')).toHaveTextContent('in the OS keyring');
  });

  it('maps the core’s messages to the field they are about', () => {
    expect(fieldOfMessage("table 'x' is not in datastore 'crm' (it has: a)")).toBe('table');
    expect(fieldOfMessage("key column 'name' is not a unique key of table 'customers'")).toBe('key_column');
    expect(fieldOfMessage("time column 'x' has type BLOB")).toBe('time_column');
    expect(fieldOfMessage("unknown time zone 'Mars/Base'")).toBe('timezone');
    expect(fieldOfMessage('the batch size must be between 1 and 20000 (got 0)')).toBe('batch_size');
    expect(fieldOfMessage('something else entirely')).toBeNull();
  });
});

describe('retention screen, a run started earlier', () => {
  it('opening the plan of a rule that is running follows that run instead of starting another', async () => {
    const b = backend(150);
    const run = await b.startRetentionRun('crm-customers-inactive');
    renderWith(<RetentionScreen />, { backend: b });
    fireEvent.click(await screen.findByTestId('rule-plan-crm-customers-inactive'));
    const dialog = await screen.findByTestId('plan-dialog');
    expect(within(dialog).getByTestId('run-progress')).toHaveTextContent(`Run ${run.id}`);
    expect(within(dialog).queryByTestId('plan-run')).toBeNull();
    await waitFor(() => expect(within(dialog).getByTestId('run-progress')).toHaveTextContent('Completed'), { timeout: 8000 });
    expect((await b.retentionRuns('crm-customers-inactive', 10)).filter((r) => r.id > 1)).toHaveLength(1);
  }, 10000);
});
