// Issue 3: the dashboard's "Requests" section. The month gaps and the on-time arithmetic are tested as
// data (requestFigures.ts); then the section as rendered, from a fixed RequestStats and from the mock.
import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { renderWith } from '../test/render';
import { Dashboard } from './Dashboard';
import { RequestFiguresSection } from '../components/RequestFiguresSection';
import { addMonths, fillMonths, medianText, monthRange, onTimeRate, rateText } from '../components/requestFigures';
import { niceMax } from '../components/ColumnChart';
import type { RequestStats } from '../api/types';
import { makeI18n } from '../i18n';

const num = (n: number) => n.toLocaleString('en');

describe('request figures as data', () => {
  it('adds months across years, both ways', () => {
    expect(addMonths('2026-11', 1)).toBe('2026-12');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-11', -11)).toBe('2025-12');
    expect(addMonths('2026-11', -24)).toBe('2024-11');
    expect(monthRange('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthRange('2026-02', '2026-01')).toEqual([]);
    expect(() => addMonths('2026-13-01', 1)).toThrow();
  });

  it('fills every month of the last 12 with zeros where the core reports none', () => {
    const months = fillMonths(
      [
        ['2026-05', 1, 0, 0],
        ['2026-06', 0, 1, 1],
        ['2026-08', 2, 1, 1],
        ['2026-11', 6, 0, 0],
      ],
      '2026-11',
    );
    expect(months.map((m) => m.month)).toEqual([
      '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05',
      '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11',
    ]);
    expect(months[0]).toEqual({ month: '2025-12', received: 0, closed: 0, onTime: 0 });
    expect(months[5]).toEqual({ month: '2026-05', received: 1, closed: 0, onTime: 0 });
    expect(months[7]).toEqual({ month: '2026-07', received: 0, closed: 0, onTime: 0 });
    expect(months[8]).toEqual({ month: '2026-08', received: 2, closed: 1, onTime: 1 });
    expect(months[11]).toEqual({ month: '2026-11', received: 6, closed: 0, onTime: 0 });
  });

  it('with nothing at all, still 12 months of zeros', () => {
    const months = fillMonths([], '2026-03');
    expect(months).toHaveLength(12);
    expect(months[0]!.month).toBe('2025-04');
    expect(months[11]!.month).toBe('2026-03');
    expect(months.every((m) => m.received === 0 && m.closed === 0 && m.onTime === 0)).toBe(true);
  });

  it('keeps a month the core reports outside the 12 (the window starts mid-month; the core’s today is ahead), so the bars add up to the totals', () => {
    // Window from 2025-11-29: requests of 29–30 November 2025 are in it.
    const early = fillMonths([['2025-11', 2, 1, 1], ['2026-11', 1, 0, 0]], '2026-11');
    expect(early).toHaveLength(13);
    expect(early[0]).toEqual({ month: '2025-11', received: 2, closed: 1, onTime: 1 });
    expect(early.reduce((n, m) => n + m.received, 0)).toBe(3);
    // The core says it is December already, this computer still November.
    const ahead = fillMonths([['2026-12', 1, 0, 0]], '2026-11');
    expect(ahead[ahead.length - 1]).toEqual({ month: '2026-12', received: 1, closed: 0, onTime: 0 });
    expect(ahead[0]!.month).toBe('2025-12');
  });

  it('sums a month given twice and ignores what is not a month', () => {
    const months = fillMonths([['2026-10', 1, 2, 1], ['2026-10', 2, 1, 1], ['garbage', 9, 9, 9]], '2026-11');
    expect(months).toHaveLength(12);
    expect(months[10]).toEqual({ month: '2026-10', received: 3, closed: 3, onTime: 2 });
  });

  it('computes the on-time rate as a whole percentage, and none (not 0 %) when nothing was closed', () => {
    expect(onTimeRate(4, 4)).toBe(100);
    expect(onTimeRate(0, 5)).toBe(0);
    expect(onTimeRate(2, 3)).toBe(67);
    expect(onTimeRate(1, 3)).toBe(33);
    expect(onTimeRate(1, 8)).toBe(13); // 12.5 rounds up
    expect(onTimeRate(0, 0)).toBeNull();
    expect(onTimeRate(3, 2)).toBe(100); // never above 100 %
    expect(rateText(onTimeRate(0, 0), num)).toBe('—');
    expect(rateText(onTimeRate(0, 5), num)).toBe('0 %');
    expect(rateText(onTimeRate(19, 20), num)).toBe('95 %');
    expect(medianText(null, num)).toBe('—');
    expect(medianText(15.5, num)).toBe('15.5');
    expect(medianText(12, num)).toBe('12');
    expect(medianText(10.25, num)).toBe('10.3');
  });

  it('picks a round top for the scale', () => {
    expect([0, 1, 2, 3, 6, 7, 11, 24, 99, 101, 240].map(niceMax)).toEqual([1, 1, 2, 5, 10, 10, 20, 25, 100, 200, 250]);
  });
});

const STATS: RequestStats = {
  open: 9,
  overdue: 2,
  due_within_7_days: 2,
  clock_stopped: 1,
  by_status: [
    ['completed', 3],
    ['in-progress', 3],
    ['received', 3],
    ['refused', 1],
  ],
  by_type: [
    ['access', 6],
    ['erasure', 2],
    ['know', 1],
  ],
  by_month: [
    ['2026-05', 1, 0, 0],
    ['2026-06', 0, 2, 1],
    ['2026-08', 2, 2, 2],
    ['2026-11', 6, 0, 0],
  ],
  closed_in_window: 4,
  closed_on_time_in_window: 3,
  median_days_to_close: 15.5,
};

describe('the requests section', () => {
  const i18n = makeI18n('en');

  it('shows the tiles, the monthly charts with every month and the gaps as zeros, and the status and type bars', () => {
    renderWith(<RequestFiguresSection i18n={i18n} stats={STATS} today="2026-11-29" />);
    const section = screen.getByTestId('dash-requests');
    expect(within(section).getByRole('heading', { level: 2, name: 'Requests' })).toBeInTheDocument();
    expect(screen.getByTestId('dash-req-open')).toHaveTextContent('9');
    expect(screen.getByTestId('dash-req-overdue')).toHaveTextContent('2');
    expect(screen.getByTestId('dash-req-due-soon')).toHaveTextContent('2');
    expect(screen.getByTestId('dash-req-on-time')).toHaveTextContent('75 %');
    expect(screen.getByTestId('dash-req-on-time-n')).toHaveTextContent('3 of 4 closed');
    expect(screen.getByTestId('dash-req-median')).toHaveTextContent('15.5');
    // The overdue tile leads to the request list (which has no overdue route: its own tile filters).
    expect(screen.getByRole('link', { name: '2 Overdue. Show the overdue requests' })).toHaveAttribute('href', '#/requests?show=overdue');

    const volume = within(screen.getByTestId('dash-req-by-month')).getByRole('img');
    expect(volume).toHaveAccessibleName(/^Received and closed per month, last 12 months: December 2025: 0 received, 0 closed; /);
    expect(volume).toHaveAccessibleName(/June 2026: 0 received, 2 closed; July 2026: 0 received, 0 closed; August 2026: 2 received, 2 closed;/);
    expect(volume).toHaveAccessibleName(/November 2026: 6 received, 0 closed$/);
    // 12 months, two columns each (a zero is a column of no height, with its 0 written above).
    expect(volume.querySelectorAll('rect.chart-bar')).toHaveLength(12 * 2 + 2 /* legend */);
    // The same figures as a table with headers.
    const table = within(screen.getByTestId('dash-req-by-month')).getByRole('table');
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Month', 'Received', 'Closed']);
    expect(within(table).getAllByRole('row')).toHaveLength(13);
    expect(within(table).getByRole('row', { name: /July 2026/ })).toHaveTextContent('July 202600');

    const rate = within(screen.getByTestId('dash-req-on-time-by-month')).getByRole('img');
    expect(rate).toHaveAccessibleName(/June 2026: 50 % closed on time \(1 of 2\)/);
    expect(rate).toHaveAccessibleName(/August 2026: 100 % closed on time \(2 of 2\)/);
    expect(rate).toHaveAccessibleName(/May 2026: none closed/);
    // Months without a closing have no column (a "—"), not a 0 % column.
    expect(rate.querySelectorAll('rect.chart-bar')).toHaveLength(2);

    const status = within(screen.getByTestId('dash-req-by-status')).getByRole('img');
    expect(status).toHaveAccessibleName(/Received: 3; Identity check: 0; In progress: 3; .*Completed: 3; Refused: 1; Withdrawn: 0$/);
    const types = within(screen.getByTestId('dash-req-by-type')).getByRole('img');
    expect(types).toHaveAccessibleName('Requests received by type, last 12 months: Access: 6; Erasure: 2; Right to know: 1');
  });

  it('says "—" for the rate and the median when nothing was closed, and has no rate columns', () => {
    const none: RequestStats = {
      ...STATS,
      by_month: [['2026-11', 2, 0, 0]],
      by_status: [['received', 2]],
      closed_in_window: 0,
      closed_on_time_in_window: 0,
      median_days_to_close: null,
    };
    renderWith(<RequestFiguresSection i18n={i18n} stats={none} today="2026-11-29" />);
    expect(screen.getByTestId('dash-req-on-time')).toHaveTextContent(/^—$/);
    expect(screen.getByTestId('dash-req-on-time-n')).toHaveTextContent('None closed in the last 12 months');
    expect(screen.getByTestId('dash-req-median')).toHaveTextContent(/^—$/);
    const rate = within(screen.getByTestId('dash-req-on-time-by-month')).getByRole('img');
    expect(rate.querySelectorAll('rect.chart-bar')).toHaveLength(0);
    expect(rate).toHaveAccessibleName(/December 2025: none closed; .*November 2026: none closed$/);
  });

  it('in Spanish, with the type codes translated', () => {
    renderWith(<RequestFiguresSection i18n={makeI18n('es')} stats={STATS} today="2026-11-29" />, { lang: 'es' });
    expect(screen.getByRole('heading', { level: 2, name: 'Solicitudes' })).toBeInTheDocument();
    expect(within(screen.getByTestId('dash-req-by-month')).getByRole('img')).toHaveAccessibleName(/julio de 2026: 0 recibidas, 0 cerradas/);
    expect(within(screen.getByTestId('dash-req-by-type')).getByRole('img')).toHaveAccessibleName(/Acceso: 6/);
  });
});

describe('the dashboard with the mock backend', () => {
  it('shows the requests section beside the register’s figures', async () => {
    renderWith(<Dashboard />);
    expect(await screen.findByTestId('dash-requests')).toBeInTheDocument();
    // The mock's seed (as of 2026-11-29): 9 open, 2 overdue, 2 due within 7 days, 4 closed in the
    // window, all on time, median 15.5 days.
    expect(screen.getByTestId('dash-req-open')).toHaveTextContent('9');
    expect(screen.getByTestId('dash-req-overdue')).toHaveTextContent('2');
    expect(screen.getByTestId('dash-req-due-soon')).toHaveTextContent('2');
    expect(screen.getByTestId('dash-req-on-time')).toHaveTextContent('100 %');
    expect(screen.getByTestId('dash-req-on-time-n')).toHaveTextContent('4 of 4 closed');
    expect(screen.getByTestId('dash-req-median')).toHaveTextContent('15.5');
    const volume = within(screen.getByTestId('dash-req-by-month')).getByRole('img');
    // A month of the seed without any request is there, as zeros.
    expect(volume).toHaveAccessibleName(/July 2026: 0 received, 0 closed/);
    expect(volume).toHaveAccessibleName(/November 2026: 6 received, 0 closed/);
    expect(within(screen.getByTestId('dash-req-by-type')).getByRole('img')).toHaveAccessibleName(/Access: 6; Erasure: 2;/);
    // The register's three charts are still there, and four more for the requests.
    expect(within(screen.getByTestId('register-charts')).getAllByRole('img')).toHaveLength(3);
    expect(within(screen.getByTestId('dash-requests')).getAllByRole('img')).toHaveLength(4);
  });
});
