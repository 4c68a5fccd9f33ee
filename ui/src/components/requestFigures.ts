// The dashboard's request figures as data: the months of the window with the gaps filled (a month
// without requests is a month of zeros, not a missing bar), and the on-time rate. Pure functions, so
// that the arithmetic is tested without rendering anything.
import type { RequestStats } from '../api/types';

/** One month of the window: requests received, closed, and closed on time in it. */
export interface MonthFigures {
  /** YYYY-MM */
  month: string;
  received: number;
  closed: number;
  onTime: number;
}

const MONTH = /^(\d{4})-(\d{2})$/;

/** "YYYY-MM" plus `n` months (n may be negative). */
export function addMonths(month: string, n: number): string {
  const m = MONTH.exec(month);
  if (!m) throw new Error(`not a month: ${month}`);
  const index = Number(m[1]) * 12 + (Number(m[2]) - 1) + n;
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String(index - year * 12 + 1).padStart(2, '0')}`;
}

/** Every month from `from` to `to`, both included ([] when `to` is before `from`). */
export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}

/**
 * The months of the chart: the `count` months ending with `currentMonth`, each with its figures from
 * `byMonth` or zeros. The core's window starts on the same day `count` months ago, so a month it reports
 * outside that span (the part of the month the window starts in, or a month after `currentMonth` when
 * the core's "today" is ahead of this computer's) is shown too rather than dropped: the bars always
 * add up to the totals.
 */
export function fillMonths(byMonth: RequestStats['by_month'], currentMonth: string, count = 12): MonthFigures[] {
  const known = new Map<string, MonthFigures>();
  for (const [month, received, closed, onTime] of byMonth) {
    if (!MONTH.test(month)) continue;
    const e = known.get(month) ?? { month, received: 0, closed: 0, onTime: 0 };
    known.set(month, { month, received: e.received + received, closed: e.closed + closed, onTime: e.onTime + onTime });
  }
  const months = [...known.keys()].sort();
  let from = addMonths(currentMonth, -(count - 1));
  let to = currentMonth;
  if (months.length > 0) {
    if (months[0]! < from) from = months[0]!;
    if (months[months.length - 1]! > to) to = months[months.length - 1]!;
  }
  return monthRange(from, to).map((month) => known.get(month) ?? { month, received: 0, closed: 0, onTime: 0 });
}

/** Closed on time as a whole percentage of those closed; null when none was closed (no rate at all,
 *  which is not 0 %). */
export function onTimeRate(onTime: number, closed: number): number | null {
  if (closed <= 0) return null;
  return Math.round((Math.min(onTime, closed) / closed) * 100);
}

/** A rate for display: "—" when there is none. */
export function rateText(rate: number | null, number: (n: number) => string, none = '—'): string {
  return rate === null ? none : `${number(rate)} %`;
}

/** The median days to close for display: "—" when nothing was closed; at most one decimal. */
export function medianText(median: number | null, number: (n: number) => string, none = '—'): string {
  return median === null ? none : number(Math.round(median * 10) / 10);
}

/** "YYYY-MM" of a "YYYY-MM-DD" date. */
export const monthOf = (date: string) => date.slice(0, 7);
