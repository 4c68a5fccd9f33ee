// The dashboard at start-up: it takes the figures prefetched with the page (lib/prefetch) once, falls back
// to asking itself when the prefetch failed (a locked database), and draws its bar charts as HTML rows.
import { describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import { renderWith } from '../test/render';
import { Dashboard } from './Dashboard';
import { MockBackend, MOCK_PASSPHRASE } from '../api/mock';
import { prefetchDashboard, takeDashboardPrefetch } from '../lib/prefetch';
import { BarChart } from '../components/BarChart';

describe('the start-up prefetch', () => {
  it('is used once: the first dashboard shows it without asking again, a later one asks', async () => {
    const backend = new MockBackend({ today: '2026-11-29' });
    prefetchDashboard(backend);
    const ask = vi.spyOn(backend, 'dashboard');
    const { unmount } = renderWith(<Dashboard />, { backend });
    expect(await screen.findByTestId('kpi-activities')).toHaveTextContent('9');
    expect(ask).not.toHaveBeenCalled();
    expect(takeDashboardPrefetch()).toBeNull();
    unmount();
    renderWith(<Dashboard />, { backend });
    expect(await screen.findByTestId('kpi-activities')).toHaveTextContent('9');
    expect(ask).toHaveBeenCalledTimes(1);
  });

  it('that failed (the database was still locked) makes the dashboard ask again', async () => {
    const backend = new MockBackend({ today: '2026-11-29', database: 'encrypted' });
    const ask = vi.spyOn(backend, 'dashboard');
    prefetchDashboard(backend);
    // Unlocked meanwhile, as through the lock gate; then the dashboard mounts.
    await backend.unlock(MOCK_PASSPHRASE, false);
    renderWith(<Dashboard />, { backend });
    expect(await screen.findByTestId('kpi-activities')).toHaveTextContent('9');
    expect(ask).toHaveBeenCalledTimes(2);
    await expect(ask.mock.results[0]?.value).rejects.toMatchObject({ code: 'locked' });
  });
});

describe('the bar chart', () => {
  it('draws one row per bar, lengths relative to the longest, no bar for a zero, figures in its name', () => {
    renderWith(
      <BarChart
        title="By band"
        bars={[
          { key: 'a', label: 'Complete', count: 8, tone: 'tone-complete' },
          { key: 'b', label: 'Partial', count: 2 },
          { key: 'c', label: 'Poor', count: 0 },
        ]}
        describe={(b) => `${b.label}: ${b.count}`}
      />,
    );
    const chart = screen.getByRole('img', { name: 'By band: Complete: 8; Partial: 2; Poor: 0' });
    const fills = chart.querySelectorAll<HTMLElement>('.hbar-fill');
    expect(fills).toHaveLength(2);
    expect(fills[0]?.style.width).toBe('100%');
    expect(fills[0]).toHaveClass('tone-complete');
    expect(fills[1]?.style.width).toBe('25%');
    expect(within(chart).getByTitle('Poor: 0')).toHaveTextContent('Poor0');
  });
});
