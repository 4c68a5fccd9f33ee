import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderWith } from '../test/render';
import { App } from '../App';
import { RegisterScreen, resetRegisterState } from './Register';
import { Dashboard } from './Dashboard';
import { resetReadySignal } from '../lib/ready';
import { MockBackend } from '../api/mock';
import { AuditScreen } from './Audit';
import { CompletenessPanel } from '../components/CompletenessPanel';

describe('screens', () => {
  it('the shell has a skip link and a labelled navigation; every section is a screen', async () => {
    window.location.hash = '#/reports';
    renderWith(<App />);
    expect(screen.getByText('Skip to main content')).toHaveAttribute('href', '#main');
    const nav = screen.getByRole('navigation', { name: 'Main navigation' });
    expect(within(nav).getAllByRole('link')).toHaveLength(8);
    // Screens other than the dashboard are chunks of their own: the heading comes once it has loaded.
    expect(await screen.findByRole('heading', { level: 1, name: 'Reports' })).toBeInTheDocument();
    expect(within(nav).getByRole('link', { name: 'Reports' })).toHaveAttribute('aria-current', 'page');
  });

  it('settings show the report signing keys an auditor needs', async () => {
    window.location.hash = '#/settings';
    const backend = new MockBackend({ today: '2026-11-29' });
    renderWith(<App />, { backend });
    const keys = await screen.findByTestId('settings-keys');
    const expected = await backend.reportKeys();
    expect(keys).toHaveTextContent(expected.minisign_public_key);
    expect(keys).toHaveTextContent(expected.certificate_fingerprint);
    expect(screen.getByRole('heading', { level: 2, name: 'Signing keys' })).toBeInTheDocument();
  });

  it('the Requests section is the request list, with the deadline calculator under it', async () => {
    window.location.hash = '#/requests';
    renderWith(<App />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Data-subject requests' })).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'Main navigation' });
    expect(within(nav).getByRole('link', { name: 'Requests' })).toHaveAttribute('aria-current', 'page');
    expect(within(nav).getByRole('link', { name: 'Deadline calculator' })).toHaveAttribute('href', '#/deadlines');
    expect(within(screen.getByRole('main')).getByRole('link', { name: 'Deadline calculator' })).toHaveAttribute('href', '#/deadlines');
    await waitFor(() => expect(screen.getAllByTestId('request-row').length).toBeGreaterThan(0));
  });

  it('the shell in Spanish', () => {
    renderWith(<App />, { lang: 'es' });
    const nav = screen.getByRole('navigation', { name: 'Navegación principal' });
    expect(within(nav).getByRole('link', { name: 'Registro' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('es');
  });

  it('the register lists activities and filters by search', async () => {
    resetRegisterState();
    renderWith(<RegisterScreen />);
    await waitFor(() => expect(screen.getAllByTestId('register-row').length).toBe(9));
    expect(screen.getByTestId('register-count')).toHaveTextContent('9 activities');
    fireEvent.change(screen.getByTestId('register-search'), { target: { value: 'payroll' } });
    await waitFor(() => expect(screen.getAllByTestId('register-row')).toHaveLength(1));
    expect(screen.getByTestId('register-row')).toHaveTextContent('PA-0001');
  });

  it('the register sorts by a column header and says so with aria-sort', async () => {
    resetRegisterState();
    renderWith(<RegisterScreen />);
    await waitFor(() => expect(screen.getAllByTestId('register-row').length).toBe(9));
    fireEvent.click(screen.getByTestId('sort-score'));
    fireEvent.click(screen.getByTestId('sort-score'));
    await waitFor(() => expect(screen.getAllByRole('columnheader')[5]).toHaveAttribute('aria-sort', 'descending'));
    await waitFor(() => expect(screen.getAllByTestId('register-row')[8]).toHaveTextContent('PA-0005'));
  });

  it('the dashboard shows figures and bar charts', async () => {
    renderWith(<Dashboard />);
    expect(await screen.findByTestId('kpi-activities')).toHaveTextContent('9');
    // The register's charts (the requests' charts have tests of their own: DashboardRequests.test.tsx).
    const charts = within(screen.getByTestId('register-charts')).getAllByRole('img');
    expect(charts.length).toBe(3);
    expect(charts[2]).toHaveAccessibleName(/United States \(US\): 2/);
    expect(screen.getByText(/Art\. 30\(5\) could apply|exemption of Art\. 30\(5\) could apply/)).toBeInTheDocument();
  });

  it('the dashboard signals readiness once, after its data has loaded', async () => {
    resetReadySignal();
    const backend = new MockBackend({ today: '2026-11-29', latencyMs: 20 });
    const appReady = vi.spyOn(backend, 'appReady');
    const first = renderWith(<Dashboard />, { backend });
    expect(appReady).not.toHaveBeenCalled();
    expect(await screen.findByTestId('kpi-activities')).toHaveTextContent('9');
    await waitFor(() => expect(appReady).toHaveBeenCalledTimes(1));
    first.unmount();
    // A second visit to the dashboard does not signal again.
    renderWith(<Dashboard />, { backend });
    expect(await screen.findByTestId('kpi-activities')).toHaveTextContent('9');
    await new Promise((r) => setTimeout(r, 50));
    expect(appReady).toHaveBeenCalledTimes(1);
  });

  it('the audit page verifies', async () => {
    renderWith(<AuditScreen />);
    await waitFor(() => expect(screen.getByTestId('audit-table').querySelectorAll('tbody tr').length).toBeGreaterThan(10));
    fireEvent.click(screen.getByTestId('verify-audit'));
    expect(await screen.findByTestId('verify-result')).toHaveTextContent(/intact: \d+ entries verified/);
  });

  it('findings are translated by code with reference and subject', () => {
    renderWith(
      <CompletenessPanel
        title="t"
        completeness={{
          activity_id: 'PA-1',
          score: 85,
          findings: [{ code: 'retention_missing', severity: 'missing', field: 'data_categories[0].retention', reference: 'Art. 30(1)(f)', subject: 'Datos de salud', message: 'x' }],
        }}
      />,
      { lang: 'es' },
    );
    expect(screen.getByText('No consta plazo ni criterio de conservación para «Datos de salud».')).toBeInTheDocument();
    expect(screen.getByText('Art. 30(1)(f)')).toBeInTheDocument();
    expect(screen.getByText('Falta')).toBeInTheDocument();
  });
});
