// Filtering and sorting of register rows as ActivityQuery describes them (the Rust API does this in
// SQL; the MockBackend uses these functions, and the register screen builds its query with buildQuery).
import type { Activity, ActivityPage, ActivityQuery, ActivitySort, ActivitySummary, CompletenessBand, LawfulBasis, ActivityStatus } from '../api/types';

export interface RegisterRow {
  activity: Activity;
  summary: ActivitySummary;
}

/** Case-insensitive search in id, name, description, purposes, department and owner. */
export function matchesSearch(a: Activity, search: string): boolean {
  const needle = search.trim().toLowerCase();
  if (needle === '') return true;
  return [a.id, a.name, a.description, a.department, a.owner, ...a.purposes].some((s) =>
    s.toLowerCase().includes(needle),
  );
}

export function matches(row: RegisterRow, q: ActivityQuery): boolean {
  const s = row.summary;
  if (q.search !== null && !matchesSearch(row.activity, q.search)) return false;
  if (q.department !== null && s.department.toLowerCase() !== q.department.toLowerCase()) return false;
  if (q.lawful_basis !== null && !s.lawful_bases.includes(q.lawful_basis)) return false;
  if (q.status !== null && s.status !== q.status) return false;
  if (q.band !== null && s.band !== q.band) return false;
  return true;
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** Compares two rows by one column; ties go by id. Missing review dates sort last (ascending). */
export function compareSummaries(a: ActivitySummary, b: ActivitySummary, sort: ActivitySort): number {
  let c = 0;
  switch (sort) {
    case 'id':
      break;
    case 'name':
    case 'department':
    case 'status':
    case 'updated_at':
      c = collator.compare(a[sort], b[sort]);
      break;
    case 'score':
      c = a.score - b.score;
      break;
    case 'next_review':
      if (a.next_review === b.next_review) c = 0;
      else if (a.next_review === null) c = 1;
      else if (b.next_review === null) c = -1;
      else c = a.next_review < b.next_review ? -1 : 1;
      break;
  }
  return c !== 0 ? c : collator.compare(a.id, b.id);
}

export function runQuery(rows: RegisterRow[], q: ActivityQuery): ActivityPage {
  const hits = rows.filter((r) => matches(r, q)).map((r) => r.summary);
  hits.sort((a, b) => compareSummaries(a, b, q.sort));
  if (q.descending) hits.reverse();
  const offset = q.offset ?? 0;
  const items = q.limit === null ? hits.slice(offset) : hits.slice(offset, offset + q.limit);
  return { items, total: hits.length };
}

/** The filters of the register screen. */
export interface RegisterFilters {
  search: string;
  department: string;
  lawfulBasis: LawfulBasis | '';
  status: ActivityStatus | '';
  band: CompletenessBand | '';
  sort: ActivitySort;
  descending: boolean;
}

export const DEFAULT_FILTERS: RegisterFilters = {
  search: '',
  department: '',
  lawfulBasis: '',
  status: '',
  band: '',
  sort: 'id',
  descending: false,
};

/** Screen filters -> API query (empty filter = no filter; all rows, the table is virtualised). */
export function buildQuery(f: RegisterFilters): ActivityQuery {
  const search = f.search.trim();
  return {
    search: search === '' ? null : search,
    department: f.department === '' ? null : f.department,
    lawful_basis: f.lawfulBasis === '' ? null : f.lawfulBasis,
    status: f.status === '' ? null : f.status,
    band: f.band === '' ? null : f.band,
    sort: f.sort,
    descending: f.descending,
    offset: null,
    limit: null,
  };
}

/** Clicking a column header: same column flips the direction, another column sorts ascending. */
export function toggleSort(f: RegisterFilters, sort: ActivitySort): RegisterFilters {
  return f.sort === sort ? { ...f, descending: !f.descending } : { ...f, sort, descending: false };
}
