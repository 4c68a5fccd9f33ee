import { describe, expect, it } from 'vitest';
import { buildQuery, compareSummaries, DEFAULT_FILTERS, runQuery, toggleSort, type RegisterRow } from './registerQuery';
import { emptyActivity, emptyActivityQuery } from '../api/enums';
import type { ActivitySummary } from '../api/types';

function row(id: string, name: string, over: Partial<ActivitySummary> = {}, purposes: string[] = []): RegisterRow {
  const activity = { ...emptyActivity(id, name), purposes, department: over.department ?? '' };
  const summary: ActivitySummary = {
    id,
    name,
    department: '',
    owner: '',
    role: 'controller',
    status: 'active',
    lawful_bases: [],
    score: 100,
    band: 'complete',
    next_review: null,
    transfer_countries: [],
    updated_at: '2025-01-01T00:00:00.000000Z',
    version: 1,
    ...over,
  };
  return { activity, summary };
}

const rows = [
  row('PA-0003', 'payroll', { department: 'HR', score: 55, band: 'poor', next_review: '2026-01-01', lawful_bases: ['contract'] }),
  row('PA-0001', 'Analytics', { department: 'Marketing', score: 90, status: 'draft', lawful_bases: ['consent'] }, ['Measure audience']),
  row('PA-0010', 'Billing', { department: 'hr', score: 70, band: 'partial', next_review: '2025-06-01', lawful_bases: ['contract', 'legal_obligation'] }),
  row('PA-0002', 'CCTV', { department: 'Facilities', score: 70, band: 'partial', status: 'retired' }),
];
const ids = (q: Partial<ReturnType<typeof emptyActivityQuery>>) => runQuery(rows, { ...emptyActivityQuery(), ...q }).items.map((s) => s.id);

describe('register query', () => {
  it('sorts by id by default, numerically', () => {
    expect(ids({})).toEqual(['PA-0001', 'PA-0002', 'PA-0003', 'PA-0010']);
  });

  it('searches id, name, purposes and department, ignoring case', () => {
    expect(ids({ search: 'PAYROLL' })).toEqual(['PA-0003']);
    expect(ids({ search: 'audience' })).toEqual(['PA-0001']);
    expect(ids({ search: 'pa-001' })).toEqual(['PA-0010']);
    expect(ids({ search: 'nothing like this' })).toEqual([]);
  });

  it('combines filters with AND', () => {
    expect(ids({ department: 'HR' })).toEqual(['PA-0003', 'PA-0010']);
    expect(ids({ department: 'HR', lawful_basis: 'legal_obligation' })).toEqual(['PA-0010']);
    expect(ids({ status: 'retired' })).toEqual(['PA-0002']);
    expect(ids({ band: 'partial' })).toEqual(['PA-0002', 'PA-0010']);
  });

  it('sorts by a column with ties broken by id, and descending', () => {
    expect(ids({ sort: 'score' })).toEqual(['PA-0003', 'PA-0002', 'PA-0010', 'PA-0001']);
    expect(ids({ sort: 'score', descending: true })).toEqual(['PA-0001', 'PA-0010', 'PA-0002', 'PA-0003']);
    expect(ids({ sort: 'name' })).toEqual(['PA-0001', 'PA-0010', 'PA-0002', 'PA-0003']);
  });

  it('puts missing review dates last', () => {
    expect(ids({ sort: 'next_review' })).toEqual(['PA-0010', 'PA-0003', 'PA-0001', 'PA-0002']);
    const a = rows[0]!.summary;
    expect(compareSummaries(a, { ...a, next_review: null }, 'next_review')).toBeLessThan(0);
  });

  it('pages with offset and limit and reports the total', () => {
    const page = runQuery(rows, { ...emptyActivityQuery(), offset: 1, limit: 2 });
    expect(page.total).toBe(4);
    expect(page.items.map((s) => s.id)).toEqual(['PA-0002', 'PA-0003']);
  });

  it('turns screen filters into a query', () => {
    expect(buildQuery(DEFAULT_FILTERS)).toEqual(emptyActivityQuery());
    const q = buildQuery({ ...DEFAULT_FILTERS, search: '  pay ', status: 'active', band: 'poor', lawfulBasis: 'contract', department: 'HR' });
    expect(q).toMatchObject({ search: 'pay', status: 'active', band: 'poor', lawful_basis: 'contract', department: 'HR' });
  });

  it('toggles the sort direction on the same column only', () => {
    const f1 = toggleSort(DEFAULT_FILTERS, 'name');
    expect([f1.sort, f1.descending]).toEqual(['name', false]);
    const f2 = toggleSort(f1, 'name');
    expect([f2.sort, f2.descending]).toEqual(['name', true]);
    const f3 = toggleSort(f2, 'score');
    expect([f3.sort, f3.descending]).toEqual(['score', false]);
  });
});
