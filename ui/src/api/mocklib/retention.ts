// TEST DOUBLE of retention (crates/cockpit-api/src/retention.rs) for the MockBackend: datastores with a
// fixed catalogue and generated rows, rules checked against that catalogue with the core's messages,
// plans counted from the rows, approvals, runs that advance one batch per tick (so a progress bar
// moves) and stop on cancel, evidence with SHA-256 digests, and legal holds. Schedules are read in UTC
// and support only numbers, lists, ranges, steps and `*`. It is NOT the product's logic.
import type {
  ApiError,
  BatchRow,
  Catalog,
  ColumnInfo,
  ConnectionTest,
  DatastoreKind,
  DatastoreRow,
  HoldScope,
  JsonValue,
  LegalHold,
  PlanInfo,
  RulePeriod,
  RetentionRule,
  RuleInfo,
  RunCertificate,
  RunRow,
  TableInfo,
} from '../types';
import { sha256Hex } from './sha256';

export interface RetentionHost {
  now(): Date;
  today(): string;
  actor: string;
  /** Appends an audit entry. */
  audit(objectType: string, objectId: string, action: string, before: JsonValue | null, after: JsonValue | null): void;
  auditHead(): string;
  /** The activity's data categories, or null when it is not in the register. */
  activityCategories(id: string): string[] | null;
  activityName(id: string): string | null;
}

function fail(code: ApiError['code'], message: string): ApiError {
  return { code, message, fields: [], rows: [] };
}

const invalid = (m: string) => fail('validation', m);

function ts(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function clone<T>(v: T): T {
  return structuredClone(v);
}

const col = (name: string, data_type: string, kind: ColumnInfo['kind'], nullable = false): ColumnInfo => ({ name, data_type, kind, nullable });

interface MockTable {
  info: TableInfo;
  /** Number of generated rows; keys are 1..rows (or their text form). */
  rows: number;
  /** Days in the past the generated timestamps spread over. */
  spanDays: number;
}

interface MockDatastore {
  row: DatastoreRow;
  version: string;
  tables: MockTable[];
  /** Files for folder datastores. */
  files?: number;
  /** The test fails with this message (e.g. a server that is down). */
  unreachable?: string;
}

function seedDatastores(): MockDatastore[] {
  const at = '2026-01-12T09:30:00.000000Z';
  return [
    {
      row: { name: 'crm', kind: 'sqlite', url: '/srv/crm/crm.db', has_secret: false, created_at: at },
      version: 'SQLite 3.46.0',
      tables: [
        {
          info: {
            name: 'customers',
            columns: [
              col('id', 'INTEGER', 'integer'),
              col('email', 'TEXT', 'text'),
              col('name', 'TEXT', 'text'),
              col('city', 'TEXT', 'text', true),
              col('status', 'TEXT', 'text'),
              col('created_at', 'TEXT', 'text'),
              col('last_order_at', 'TEXT', 'text', true),
            ],
            unique_columns: ['id', 'email'],
            has_rowid: true,
          },
          rows: 2400,
          spanDays: 4400,
        },
        {
          info: {
            name: 'orders',
            columns: [
              col('order_id', 'INTEGER', 'integer'),
              col('customer_email', 'TEXT', 'text'),
              col('placed_at', 'INTEGER', 'integer'),
              col('total', 'REAL', 'real'),
            ],
            unique_columns: ['order_id'],
            has_rowid: true,
          },
          rows: 5000,
          spanDays: 5200,
        },
        {
          info: {
            name: 'web_log',
            columns: [col('seq', 'INTEGER', 'integer'), col('logged_at', 'TEXT', 'text'), col('ip', 'TEXT', 'text')],
            unique_columns: [],
            has_rowid: true,
          },
          rows: 9000,
          spanDays: 800,
        },
      ],
    },
    {
      row: { name: 'hr', kind: 'postgres', url: 'postgres://cockpit@db.internal:5432/hr', has_secret: true, created_at: at },
      version: 'PostgreSQL 15.19 on x86_64-pc-linux-gnu',
      tables: [
        {
          info: {
            name: 'applicants',
            columns: [
              col('applicant_id', 'bigint', 'integer'),
              col('email', 'text', 'text'),
              col('status', 'text', 'text'),
              col('applied_at', 'timestamp with time zone', 'timestamp_tz'),
            ],
            unique_columns: ['applicant_id'],
            has_rowid: false,
          },
          rows: 800,
          spanDays: 1100,
        },
      ],
    },
    {
      row: { name: 'exports', kind: 'folder', url: '/srv/exports', has_secret: false, created_at: at },
      version: '/srv/exports',
      tables: [],
      files: 128,
    },
  ];
}

/** Days before today of the timestamp of row `k` (deterministic, spread over the table's span). */
function ageDays(t: MockTable, k: number): number {
  return (k * 7919) % t.spanDays;
}

const STATUSES = ['active', 'closed', 'closed', 'dormant'];
const statusOf = (k: number) => STATUSES[k % STATUSES.length] ?? 'active';

interface StoredRule {
  rule: RetentionRule;
  version: number;
  approvedVersion: number | null;
  approvedAt: string | null;
  approvedBy: string | null;
}

interface StoredRun {
  run: RunRow;
  rule: RetentionRule;
  batches: BatchRow[];
  /** Keys still to do, in key order. */
  todo: string[];
  cancel: boolean;
  timer: ReturnType<typeof setTimeout> | null;
}

const DAY = 86_400_000;

function startOfUtcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

function addMonths(d: Date, months: number): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const target = new Date(Date.UTC(y, m, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), last));
  return target;
}

/** The instant before which entries have expired (the core computes it in the rule's zone; here UTC). */
export function mockCutoff(keep: RulePeriod, now: Date): Date {
  const today = startOfUtcDay(now);
  if (keep.kind === 'elapsed') {
    if (keep.unit === 'days') return new Date(today.getTime() - keep.amount * DAY);
    return addMonths(today, -(keep.unit === 'months' ? keep.amount : keep.amount * 12));
  }
  // Expired when the fiscal year ended more than `years` ago: the cutoff is the day after the last
  // fiscal-year end on or before (today − years − 1 day).
  const limit = new Date(addMonths(today, -keep.years * 12).getTime() - DAY);
  let end = new Date(Date.UTC(limit.getUTCFullYear(), keep.fy_end_month - 1, keep.fy_end_day));
  if (end > limit) end = new Date(Date.UTC(limit.getUTCFullYear() - 1, keep.fy_end_month - 1, keep.fy_end_day));
  return new Date(end.getTime() + DAY);
}

export function periodCode(p: RulePeriod): string {
  if (p.kind === 'elapsed') return `${p.amount}${p.unit[0]}`;
  const fy = p.fy_end_month === 12 && p.fy_end_day === 31 ? '' : `@${String(p.fy_end_month).padStart(2, '0')}-${String(p.fy_end_day).padStart(2, '0')}`;
  return `${p.years}y-fy${fy}`;
}

function describe(p: RulePeriod): string {
  if (p.kind === 'elapsed') {
    const [one, many] = p.unit === 'days' ? ['day', 'days'] : p.unit === 'months' ? ['calendar month', 'calendar months'] : ['year', 'years'];
    return `${p.amount} ${p.amount === 1 ? one : many}`;
  }
  const dd = String(p.fy_end_day).padStart(2, '0');
  const mm = String(p.fy_end_month).padStart(2, '0');
  return `${p.years} year${p.years === 1 ? '' : 's'} after the end of the fiscal year (ending ${dd}-${mm})`;
}

const actionCode = (r: RetentionRule) => (r.action.kind === 'delete_files' ? 'delete-files' : r.action.kind);

// --------------------------------------------------------------------------------------------------
// A small cron reader (UTC): minute hour day-of-month month day-of-week.

function cronField(text: string, min: number, max: number): number[] | null {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) return null;
    let lo = min;
    let hi = max;
    if (range !== '*') {
      const [a, b] = range.split('-');
      lo = Number(a);
      hi = b === undefined ? (stepText === undefined ? lo : max) : Number(b);
      if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < min || hi > max || lo > hi) return null;
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

export function parseCron(s: string): number[][] | null {
  const parts = s.trim().split(/\s+/);
  if (parts.length !== 5) return null;
  const limits: Array<[number, number]> = [
    [0, 59],
    [0, 23],
    [1, 31],
    [1, 12],
    [0, 7],
  ];
  const fields = parts.map((p, i) => cronField(p, limits[i]![0], limits[i]![1]));
  if (fields.some((f) => f === null)) return null;
  return fields as number[][];
}

export function nextCron(s: string, after: Date): Date | null {
  const f = parseCron(s);
  if (!f) return null;
  const [mins, hours, doms, months, dows] = f as [number[], number[], number[], number[], number[]];
  const day0 = startOfUtcDay(after);
  for (let i = 0; i < 800; i++) {
    const d = new Date(day0.getTime() + i * DAY);
    const dow = d.getUTCDay();
    if (!months.includes(d.getUTCMonth() + 1) || !doms.includes(d.getUTCDate())) continue;
    if (!dows.includes(dow) && !(dow === 0 && dows.includes(7))) continue;
    for (const h of hours) {
      for (const m of mins) {
        const t = new Date(d.getTime() + h * 3_600_000 + m * 60_000);
        if (t > after) return t;
      }
    }
  }
  return null;
}

// --------------------------------------------------------------------------------------------------

export interface MockRetentionOptions {
  /** Milliseconds per batch of a run (default 350). */
  batchMs?: number;
}

export class MockRetention {
  private datastores: MockDatastore[];
  private rules = new Map<string, StoredRule>();
  private holds: LegalHold[] = [];
  private runs: StoredRun[] = [];
  /** Keys deleted or anonymised, per "datastore/table" (they no longer match any rule). */
  private gone = new Map<string, Set<string>>();
  private nextHold = 1;
  /** Holds whose expiry is audited already. */
  private expiredAudited = new Set<number>();
  private nextRun = 1;
  private readonly batchMs: number;

  constructor(
    private readonly host: RetentionHost,
    opts: MockRetentionOptions & { empty?: boolean } = {},
  ) {
    this.batchMs = opts.batchMs ?? 350;
    this.datastores = seedDatastores();
    if (!opts.empty) this.seed();
  }

  private seed() {
    const base = {
      activity: null,
      data_category: null,
      batch_size: 250,
      timezone: 'Europe/Madrid',
      enabled: true,
      description: '',
    };
    const customers: RetentionRule = {
      ...base,
      name: 'crm-customers-inactive',
      datastore: 'crm',
      activity: 'PA-0003',
      data_category: 'Contact details',
      target: { kind: 'table', table: 'customers', time_column: 'last_order_at', time_format: 'iso_text', key_column: 'id', filters: [{ column: 'status', op: 'ne', value: 'active' }] },
      keep: { kind: 'elapsed', amount: 5, unit: 'years' },
      action: { kind: 'delete' },
      schedule: '0 3 * * *',
      description: 'Customers without an order for five years (end of the relationship).',
    };
    const orders: RetentionRule = {
      ...base,
      name: 'crm-orders-anonymise',
      datastore: 'crm',
      target: { kind: 'table', table: 'orders', time_column: 'placed_at', time_format: 'epoch_seconds', key_column: 'order_id', filters: [] },
      keep: { kind: 'after_fiscal_year_end', years: 10, fy_end_month: 12, fy_end_day: 31 },
      action: { kind: 'anonymize', columns: [{ column: 'customer_email', method: { method: 'hash' } }] },
      batch_size: 500,
      schedule: '30 2 * * 0',
      description: 'Orders are tax records: kept for 10 years after the fiscal year, then the buyer is pseudonymised.',
    };
    const applicants: RetentionRule = {
      ...base,
      name: 'hr-applicants',
      datastore: 'hr',
      activity: 'PA-0002',
      data_category: 'Contact details',
      target: { kind: 'table', table: 'applicants', time_column: 'applied_at', time_format: 'native', key_column: 'applicant_id', filters: [] },
      keep: { kind: 'elapsed', amount: 6, unit: 'months' },
      action: { kind: 'delete' },
      batch_size: 100,
      schedule: null,
      enabled: false,
      description: 'Rejected applicants: six months after the selection process.',
    };
    this.rules.set(customers.name, { rule: customers, version: 1, approvedVersion: 1, approvedAt: '2026-02-01T10:00:00.000000Z', approvedBy: this.host.actor });
    this.rules.set(orders.name, { rule: orders, version: 2, approvedVersion: 1, approvedAt: '2026-02-01T10:05:00.000000Z', approvedBy: this.host.actor });
    this.rules.set(applicants.name, { rule: applicants, version: 1, approvedVersion: null, approvedAt: null, approvedBy: null });
    this.holds.push(
      {
        id: this.nextHold++,
        scope: { kind: 'keys', rule: 'crm-customers-inactive', keys: ['1042', '1043'] },
        reason: 'Litigation: Smith v. Shop (case 2026-114)',
        owner: 'Legal department',
        created_at: '2026-03-03T08:00:00.000000Z',
        until: null,
        released_at: null,
        released_by: null,
        release_reason: null,
      },
      {
        id: this.nextHold++,
        scope: { kind: 'rule', rule: 'crm-orders-anonymise' },
        reason: 'Tax inspection 2025',
        owner: 'Finance',
        created_at: '2025-09-01T08:00:00.000000Z',
        until: '2025-12-31',
        released_at: '2025-11-20T16:00:00.000000Z',
        released_by: this.host.actor,
        release_reason: 'Inspection closed without findings',
      },
    );
    // One finished run of the first rule, with its evidence.
    const keys = ['7', '19', '23', '31', '44', '58', '61'];
    const batch: BatchRow = {
      n: 1,
      first_key: keys[0] ?? null,
      last_key: keys[keys.length - 1] ?? null,
      count: keys.length,
      held: 0,
      digest: sha256Hex(keys.map((k) => `${k}\n`).join('')),
      ms: 12,
      recovered: false,
      committed_at: '2026-11-28T03:00:01.200000Z',
    };
    for (const k of keys) this.goneSet('crm', 'customers').add(k);
    const run: RunRow = {
      id: this.nextRun++,
      rule: customers.name,
      rule_version: 1,
      trigger: 'schedule',
      slot: '2026-11-28T03:00:00Z',
      cutoff: '2021-11-28T00:00:00Z',
      planned: keys.length,
      held: 0,
      status: 'completed',
      started_at: '2026-11-28T03:00:01.000000Z',
      finished_at: '2026-11-28T03:00:01.300000Z',
      duration_ms: 300,
      affected: keys.length,
      batches: 1,
      errors: [],
      digest: sha256Hex(`${batch.digest}\n`),
      resumed: 0,
    };
    this.runs.push({ run, rule: clone(customers), batches: [batch], todo: [], cancel: false, timer: null });
  }

  private goneSet(ds: string, table: string): Set<string> {
    const k = `${ds}/${table}`;
    let s = this.gone.get(k);
    if (!s) {
      s = new Set();
      this.gone.set(k, s);
    }
    return s;
  }

  // ------------------------------------------------------------------------------------------------
  // Datastores

  listDatastores(): DatastoreRow[] {
    return this.datastores.map((d) => clone(d.row)).sort((a, b) => a.name.localeCompare(b.name));
  }

  private datastore(name: string): MockDatastore {
    const d = this.datastores.find((x) => x.row.name === name);
    if (!d) throw fail('not_found', `datastore '${name}'`);
    return d;
  }

  addDatastore(name: string, kind: string, url: string, password: string | null): [DatastoreRow, ConnectionTest] {
    const nameError = validateName('datastore', name);
    if (nameError) throw invalid(nameError);
    const kinds: Record<string, DatastoreKind> = { sqlite: 'sqlite', postgres: 'postgres', postgresql: 'postgres', mysql: 'mysql', mariadb: 'mysql', folder: 'folder' };
    const k = kinds[kind];
    if (!k) throw invalid(`unknown datastore kind '${kind}': use sqlite, postgres, mysql or folder`);
    if (url.trim() === '') throw invalid('a datastore needs a URL or path');
    const hasPassword = password !== null && password !== '';
    if (hasPassword && (k === 'sqlite' || k === 'folder')) throw invalid('SQLite files and folders take no password');
    if (url.includes('unreachable')) throw invalid(`cannot connect to datastore '${name}': connection refused`);
    if (this.datastores.some((d) => d.row.name === name)) throw fail('conflict', `a datastore named '${name}' exists already`);
    const row: DatastoreRow = { name, kind: k, url: url.replace(/:\/\/([^:@/]+):[^@]*@/, '://$1@'), has_secret: hasPassword, created_at: ts(this.host.now()) };
    const ds: MockDatastore = {
      row,
      version: k === 'sqlite' ? 'SQLite 3.46.0' : k === 'postgres' ? 'PostgreSQL 15.19' : k === 'mysql' ? 'MariaDB 10.11.19' : url,
      tables: [],
      ...(k === 'folder' ? { files: 0 } : {}),
    };
    this.datastores.push(ds);
    this.host.audit('datastore', name, 'create', null, { name, kind: k, url: row.url, has_secret: hasPassword });
    return [clone(row), this.testOf(ds)];
  }

  private testOf(d: MockDatastore): ConnectionTest {
    return {
      kind: d.row.kind as DatastoreKind,
      server_version: d.version,
      tables: d.row.kind === 'folder' ? [String(d.files ?? 0)] : d.tables.map((t) => t.info.name),
    };
  }

  testDatastore(name: string): ConnectionTest {
    const d = this.datastore(name);
    if (d.unreachable) throw invalid(d.unreachable);
    return this.testOf(d);
  }

  datastoreCatalog(name: string): Catalog {
    const d = this.datastore(name);
    return { tables: d.tables.map((t) => clone(t.info)) };
  }

  // ------------------------------------------------------------------------------------------------
  // Rules

  private stored(name: string): StoredRule {
    const r = this.rules.get(name);
    if (!r) throw fail('not_found', `retention rule '${name}'`);
    return r;
  }

  private info(s: StoredRule): RuleInfo {
    const last = this.runs.filter((r) => r.run.rule === s.rule.name).sort((a, b) => b.run.id - a.run.id)[0];
    const next = s.rule.schedule !== null && s.rule.enabled ? nextCron(s.rule.schedule, this.host.now()) : null;
    return {
      rule: clone(s.rule),
      version: s.version,
      approved: s.approvedVersion === s.version,
      approved_at: s.approvedAt,
      approved_by: s.approvedBy,
      next_run: next === null ? null : next.toISOString().replace(/\.000Z$/, 'Z'),
      last_run: last ? clone(last.run) : null,
    };
  }

  retentionRules(): RuleInfo[] {
    return [...this.rules.values()].sort((a, b) => a.rule.name.localeCompare(b.rule.name)).map((s) => this.info(s));
  }

  retentionRule(name: string): RuleInfo {
    return this.info(this.stored(name));
  }

  /** The core's checks, in its words, against the mock catalogue. */
  private check(rule: RetentionRule) {
    const nameError = validateName('rule', rule.name);
    if (nameError) throw invalid(nameError);
    if (!Number.isInteger(rule.batch_size) || rule.batch_size < 1 || rule.batch_size > 1_000_000) {
      throw invalid(`batch size must be between 1 and 1000000, not ${rule.batch_size}`);
    }
    if (rule.timezone.trim() === '' || !knownZone(rule.timezone)) throw invalid(`unknown time zone '${rule.timezone}'`);
    if (rule.keep.kind === 'elapsed' && (!Number.isInteger(rule.keep.amount) || rule.keep.amount < 1)) {
      throw invalid('the retention period must be at least one day');
    }
    if (rule.keep.kind === 'after_fiscal_year_end') {
      const { years, fy_end_month: m, fy_end_day: d } = rule.keep;
      if (!Number.isInteger(years) || years < 1) throw invalid('the retention period must be at least one day');
      if (m < 1 || m > 12 || d < 1 || d > new Date(Date.UTC(2001, m, 0)).getUTCDate()) {
        throw invalid(`invalid fiscal year end ${String(d).padStart(2, '0')}-${String(m).padStart(2, '0')}`);
      }
    }
    if (rule.schedule !== null && parseCron(rule.schedule) === null) {
      throw invalid(`invalid schedule '${rule.schedule}': write five fields (minute hour day-of-month month day-of-week), e.g. "0 3 * * *"`);
    }
    if (rule.activity !== null) {
      const cats = this.host.activityCategories(rule.activity);
      if (cats === null) throw invalid(`activity '${rule.activity}' is not in the register`);
      if (rule.data_category !== null && !cats.some((c) => c.toLowerCase() === rule.data_category!.toLowerCase())) {
        throw invalid(`activity ${rule.activity} has no data category '${rule.data_category}' (it has: ${cats.join(', ')})`);
      }
    } else if (rule.data_category !== null) {
      throw invalid('a data category needs the activity it belongs to (--activity)');
    }
    const ds = this.datastore(rule.datastore);
    const folder = ds.row.kind === 'folder';
    if (rule.target.kind === 'folder') {
      if (!folder) throw invalid(`datastore '${ds.row.name}' is not a folder: a rule on it names a table`);
      if (rule.target.glob.trim() === '') throw invalid('a folder rule needs a glob (e.g. **/*.pdf)');
      if (rule.target.glob.includes('..') || rule.target.glob.startsWith('/')) throw invalid(`the glob '${rule.target.glob}' must stay inside the folder`);
      if (rule.action.kind !== 'delete_files') throw invalid('folder rules delete files (action delete-files)');
      return;
    }
    if (folder) throw invalid(`datastore '${ds.row.name}' is a folder: a rule on it needs a glob, not a table`);
    if (rule.action.kind === 'delete_files') throw invalid('delete-files is for folder rules; tables take delete or anonymize');
    const t = rule.target;
    const table = ds.tables.find((x) => x.info.name === t.table);
    if (!table) {
      throw invalid(`table '${t.table}' is not in datastore '${ds.row.name}' (it has: ${ds.tables.map((x) => x.info.name).join(', ')})`);
    }
    const column = (c: string, what: string) => {
      const found = table.info.columns.find((x) => x.name === c);
      if (!found) {
        throw invalid(`${what} '${c}' is not a column of table '${t.table}' (it has: ${table.info.columns.map((x) => x.name).join(', ')})`);
      }
      return found;
    };
    const time = column(t.time_column, 'time column');
    if (!['date', 'timestamp', 'timestamp_tz', 'text', 'integer'].includes(time.kind)) {
      throw invalid(`time column '${t.time_column}' has type ${time.data_type}: it must hold dates, timestamps, ISO text or epoch numbers`);
    }
    if (t.time_format === 'native' && !['date', 'timestamp', 'timestamp_tz'].includes(time.kind)) {
      throw invalid(`time column '${t.time_column}' (${time.data_type}) has no native date type: use iso, epoch or epoch-ms`);
    }
    column(t.key_column, 'key column');
    if (!table.info.unique_columns.includes(t.key_column)) {
      throw invalid(
        `key column '${t.key_column}' is not a unique key of table '${t.table}'${table.info.unique_columns.length > 0 ? ` (unique columns: ${table.info.unique_columns.join(', ')})` : ' (it has no single-column unique key)'}`,
      );
    }
    for (const f of t.filters) {
      column(f.column, 'filter column');
      const needsValue = f.op !== 'is_null' && f.op !== 'is_not_null';
      if (needsValue && (f.value === null || f.value === '')) throw invalid(`the filter on '${f.column}' needs a value`);
      if (!needsValue && f.value !== null) throw invalid(`the filter '${f.column} ${f.op === 'is_null' ? 'IS NULL' : 'IS NOT NULL'}' takes no value`);
    }
    if (rule.action.kind === 'anonymize') {
      if (rule.action.columns.length === 0) throw invalid('anonymisation needs at least one column');
      for (const a of rule.action.columns) {
        column(a.column, 'anonymised column');
        if (a.column === t.key_column) throw invalid(`the key column '${a.column}' cannot be anonymised`);
        if (a.column === t.time_column) throw invalid(`the time column '${a.column}' cannot be anonymised`);
      }
    }
  }

  /** The rule with `auto` made concrete, as the core stores it. */
  private resolved(rule: RetentionRule): RetentionRule {
    const r = clone(rule);
    if (r.target.kind === 'table' && r.target.time_format === 'auto') {
      const t = this.datastore(r.datastore).tables.find((x) => x.info.name === (r.target as { table: string }).table);
      const c = t?.info.columns.find((x) => x.name === (r.target as { time_column: string }).time_column);
      r.target.time_format = c?.kind === 'integer' ? 'epoch_seconds' : c?.kind === 'text' ? 'iso_text' : 'native';
    }
    return r;
  }

  addRetentionRule(input: RetentionRule): RuleInfo {
    const rule = clone(input);
    if (rule.timezone.trim() === '') rule.timezone = 'Europe/Madrid';
    this.check(rule);
    if (this.rules.has(rule.name)) throw fail('conflict', `a retention rule named '${rule.name}' exists already`);
    const r = this.resolved(rule);
    this.rules.set(r.name, { rule: r, version: 1, approvedVersion: null, approvedAt: null, approvedBy: null });
    this.host.audit('retention_rule', r.name, 'create', null, r as unknown as JsonValue);
    return this.retentionRule(r.name);
  }

  updateRetentionRule(input: RetentionRule, expectedVersion: number): RuleInfo {
    const s = this.stored(input.name);
    if (JSON.stringify(s.rule) === JSON.stringify(input)) return this.info(s);
    if (input.datastore !== s.rule.datastore) throw invalid("a rule's datastore cannot change: add a new rule");
    this.check(input);
    if (s.version !== expectedVersion) {
      throw fail('stale', `rule '${input.name}' was changed meanwhile (version ${s.version} now, ${expectedVersion} expected)`);
    }
    const r = this.resolved(input);
    const before = s.rule;
    s.rule = r;
    s.version += 1;
    this.host.audit('retention_rule', r.name, 'update', before as unknown as JsonValue, r as unknown as JsonValue);
    return this.info(s);
  }

  // ------------------------------------------------------------------------------------------------
  // Holds

  private expireHolds() {
    const today = this.host.today();
    for (const h of this.holds) {
      if (h.released_at === null && h.until !== null && h.until < today && !this.expiredAudited.has(h.id)) {
        this.expiredAudited.add(h.id);
        this.host.audit('legal_hold', String(h.id), 'expire', null, h as unknown as JsonValue);
      }
    }
  }

  private active(h: LegalHold): boolean {
    return h.released_at === null && (h.until === null || h.until >= this.host.today());
  }

  listHolds(includeInactive: boolean): LegalHold[] {
    this.expireHolds();
    return this.holds.filter((h) => includeInactive || this.active(h)).map(clone);
  }

  addHold(input: HoldScope, reason: string, owner: string | null, until: string | null): LegalHold {
    if (reason.trim() === '') throw invalid('a legal hold needs a reason (--reason)');
    const scope = clone(input);
    if (scope.kind === 'rule' || scope.kind === 'keys') this.stored(scope.rule);
    if (scope.kind === 'keys') {
      const keys = [...new Set(scope.keys.map((k) => k.trim()).filter((k) => k !== ''))].sort();
      if (keys.length === 0) throw invalid('a key hold needs at least one key (--key or --keys-file)');
      scope.keys = keys;
    }
    if (scope.kind === 'activity' && this.host.activityCategories(scope.activity) === null) {
      throw invalid(`activity '${scope.activity}' is not in the register`);
    }
    if (until !== null && until < this.host.today()) throw invalid(`the hold's end date ${until} is in the past`);
    const hold: LegalHold = {
      id: this.nextHold++,
      scope,
      reason: reason.trim(),
      owner: owner !== null && owner.trim() !== '' ? owner.trim() : this.host.actor,
      created_at: ts(this.host.now()),
      until,
      released_at: null,
      released_by: null,
      release_reason: null,
    };
    this.holds.push(hold);
    this.host.audit('legal_hold', String(hold.id), 'create', null, hold as unknown as JsonValue);
    return clone(hold);
  }

  releaseHold(id: number, reason: string): LegalHold {
    if (reason.trim() === '') throw invalid('releasing a hold needs a reason (--reason)');
    this.expireHolds();
    const h = this.holds.find((x) => x.id === id && this.active(x));
    if (!h) throw fail('not_found', `active hold ${id}`);
    const before = clone(h);
    h.released_at = ts(this.host.now());
    h.released_by = this.host.actor;
    h.release_reason = reason.trim();
    this.host.audit('legal_hold', String(id), 'release', before as unknown as JsonValue, h as unknown as JsonValue);
    return clone(h);
  }

  private holdEffect(rule: RetentionRule): { whole: number[]; keys: Set<string> } {
    this.expireHolds();
    const whole: number[] = [];
    const keys = new Set<string>();
    for (const h of this.holds.filter((x) => this.active(x))) {
      const s = h.scope;
      if (s.kind === 'rule' && s.rule === rule.name) whole.push(h.id);
      if (s.kind === 'activity' && s.activity === rule.activity) whole.push(h.id);
      if (s.kind === 'keys' && s.rule === rule.name) s.keys.forEach((k) => keys.add(k));
    }
    return { whole, keys };
  }

  // ------------------------------------------------------------------------------------------------
  // Plans, runs

  /** Keys past the cutoff (in key order), and those of them that are held. */
  private expired(rule: RetentionRule, cutoff: Date): { affected: string[]; held: number; whole: number[] } {
    const ds = this.datastore(rule.datastore);
    const effect = this.holdEffect(rule);
    const today = startOfUtcDay(this.host.now());
    let keys: string[] = [];
    if (rule.target.kind === 'table') {
      const t = rule.target;
      const table = ds.tables.find((x) => x.info.name === t.table);
      if (!table) throw invalid(`table '${t.table}' is not in datastore '${ds.row.name}'`);
      const gone = this.goneSet(ds.row.name, t.table);
      for (let k = 1; k <= table.rows; k++) {
        const key = String(k);
        if (gone.has(key)) continue;
        const at = new Date(today.getTime() - ageDays(table, k) * DAY);
        if (at >= cutoff) continue;
        const passes = t.filters.every((f) => {
          if (f.column !== 'status') return true;
          if (f.op === 'eq') return statusOf(k) === f.value;
          if (f.op === 'ne') return statusOf(k) !== f.value;
          return true;
        });
        if (passes) keys.push(key);
      }
    } else {
      const gone = this.goneSet(ds.row.name, '');
      for (let k = 1; k <= (ds.files ?? 0); k++) {
        const key = `2019/export-${String(k).padStart(4, '0')}.pdf`;
        if (!gone.has(key) && k % 3 === 0) keys.push(key);
      }
    }
    if (effect.whole.length > 0) return { affected: [], held: keys.length, whole: effect.whole };
    const held = keys.filter((k) => effect.keys.has(k)).length;
    keys = keys.filter((k) => !effect.keys.has(k));
    return { affected: keys, held, whole: [] };
  }

  private statements(rule: RetentionRule, cutoff: string): string[] {
    if (rule.target.kind === 'folder') {
      return [`delete files matching ${rule.target.glob} under ${this.datastore(rule.datastore).row.url} modified before ${cutoff}`];
    }
    const t = rule.target;
    const q = (s: string) => `"${s}"`;
    const time =
      t.time_format === 'epoch_seconds'
        ? `${q(t.time_column)} < ${Math.floor(Date.parse(cutoff) / 1000)}`
        : t.time_format === 'epoch_millis'
          ? `${q(t.time_column)} < ${Date.parse(cutoff)}`
          : `${q(t.time_column)} < '${cutoff}'`;
    const filters = t.filters.map((f) =>
      f.op === 'is_null' ? ` AND ${q(f.column)} IS NULL` : f.op === 'is_not_null' ? ` AND ${q(f.column)} IS NOT NULL` : ` AND ${q(f.column)} ${OP_SQL[f.op]} '${f.value ?? ''}'`,
    );
    const where = `${time}${filters.join('')}`;
    const select = `SELECT ${q(t.key_column)} FROM ${q(t.table)} WHERE ${where} AND ${q(t.key_column)} > :after ORDER BY ${q(t.key_column)} LIMIT ${rule.batch_size}`;
    const change =
      rule.action.kind === 'anonymize'
        ? `UPDATE ${q(t.table)} SET ${rule.action.columns
            .map((c) => `${q(c.column)} = ${c.method.method === 'null' ? 'NULL' : c.method.method === 'hash' ? `'anon:' || hmac_sha256(${q(c.column)})` : `'${c.method.value}'`}`)
            .join(', ')} WHERE ${q(t.key_column)} IN (:batch) AND ${where}`
        : `DELETE FROM ${q(t.table)} WHERE ${q(t.key_column)} IN (:batch) AND ${where}`;
    return [select, change];
  }

  retentionPlan(name: string): PlanInfo {
    const s = this.stored(name);
    const cutoffDate = mockCutoff(s.rule.keep, this.host.now());
    const cutoff = cutoffDate.toISOString().replace(/\.000Z$/, 'Z');
    const e = this.expired(s.rule, cutoffDate);
    const fmt = s.rule.target.kind === 'table' ? s.rule.target.time_format : 'native';
    return {
      rule: name,
      cutoff,
      affected: e.affected.length,
      held: e.held,
      sample_keys: e.affected.slice(0, 10),
      statements: this.statements(s.rule, cutoff),
      time_comparison: {
        format: fmt,
        explanation:
          s.rule.target.kind === 'folder'
            ? 'files are dated by their modification time'
            : fmt === 'iso_text'
              ? 'ISO 8601 text compared as text within an index range, and parsed exactly near the cutoff'
              : fmt === 'epoch_seconds' || fmt === 'epoch_millis'
                ? `epoch ${fmt === 'epoch_millis' ? 'milliseconds' : 'seconds'} compared as numbers`
                : 'the database compares its own date/time values',
      },
      whole_rule_holds: e.whole,
      version: s.version,
      approved: s.approvedVersion === s.version,
      period: describe(s.rule.keep),
      action: actionCode(s.rule),
    };
  }

  approveRetention(name: string): PlanInfo {
    const p = this.retentionPlan(name);
    const s = this.stored(name);
    s.approvedVersion = s.version;
    s.approvedAt = ts(this.host.now());
    s.approvedBy = this.host.actor;
    this.host.audit('retention_rule', name, 'approve', null, { version: s.version, plan: { cutoff: p.cutoff, affected: p.affected, held: p.held } });
    return { ...p, approved: true };
  }

  startRetentionRun(name: string): RunRow {
    const s = this.stored(name);
    const running = this.runs.find((r) => r.run.rule === name && r.run.status === 'running');
    if (running) {
      throw fail('conflict', `rule '${name}' is being run by another process (${this.host.actor}); run ${running.run.id} is not finished`);
    }
    if (s.approvedVersion !== s.version) {
      throw fail(
        'conflict',
        `the plan of rule '${name}' (version ${s.version}) is not approved${s.approvedVersion !== null ? ' since the rule changed' : ''}: review it with \`cockpit retention plan ${name}\` and approve it with \`cockpit retention approve ${name}\`; nothing was changed`,
      );
    }
    const ds = this.datastore(s.rule.datastore);
    if (ds.unreachable) throw invalid(ds.unreachable);
    const cutoffDate = mockCutoff(s.rule.keep, this.host.now());
    const e = this.expired(s.rule, cutoffDate);
    const now = ts(this.host.now());
    const run: RunRow = {
      id: this.nextRun++,
      rule: name,
      rule_version: s.version,
      trigger: 'manual',
      slot: null,
      cutoff: cutoffDate.toISOString().replace(/\.000Z$/, 'Z'),
      planned: e.affected.length,
      held: e.held,
      status: 'running',
      started_at: now,
      finished_at: null,
      duration_ms: null,
      affected: 0,
      batches: 0,
      errors: [],
      digest: null,
      resumed: 0,
    };
    const stored: StoredRun = { run, rule: clone(s.rule), batches: [], todo: e.affected, cancel: false, timer: null };
    this.runs.push(stored);
    this.host.audit('retention_run', String(run.id), 'start', null, { rule: name, version: s.version, cutoff: run.cutoff, planned: run.planned, held: run.held });
    stored.timer = setTimeout(() => this.step(stored, e.whole.length > 0), this.batchMs);
    return clone(run);
  }

  /** One batch, then the next one a tick later, until done or cancelled. */
  private step(s: StoredRun, wholeHeld: boolean) {
    s.timer = null;
    if (s.cancel) {
      this.finish(s, 'cancelled');
      return;
    }
    const batch = s.todo.splice(0, s.rule.batch_size);
    if (batch.length === 0) {
      this.finish(s, wholeHeld ? 'held' : 'completed');
      return;
    }
    const ds = s.rule.datastore;
    const table = s.rule.target.kind === 'table' ? s.rule.target.table : '';
    batch.forEach((k) => this.goneSet(ds, table).add(k));
    const b: BatchRow = {
      n: s.batches.length + 1,
      first_key: batch[0] ?? null,
      last_key: batch[batch.length - 1] ?? null,
      count: batch.length,
      held: 0,
      digest: sha256Hex(batch.map((k) => `${k}\n`).join('')),
      ms: Math.max(1, Math.round(this.batchMs / 10)),
      recovered: false,
      committed_at: ts(this.host.now()),
    };
    s.batches.push(b);
    s.run.affected += b.count;
    s.run.batches += 1;
    s.timer = setTimeout(() => this.step(s, wholeHeld), this.batchMs);
  }

  private finish(s: StoredRun, status: string) {
    s.run.status = status;
    s.run.finished_at = ts(this.host.now());
    s.run.duration_ms = Math.max(0, Date.parse(s.run.finished_at) - Date.parse(s.run.started_at));
    s.run.digest = sha256Hex(s.batches.map((b) => `${b.digest}\n`).join(''));
    this.host.audit('retention_run', String(s.run.id), 'finish', null, {
      status,
      affected: s.run.affected,
      batches: s.run.batches,
      digest: s.run.digest,
    });
  }

  private runOf(id: number): StoredRun {
    const r = this.runs.find((x) => x.run.id === id);
    if (!r) throw fail('not_found', `run ${id}`);
    return r;
  }

  retentionRun(id: number): RunRow {
    return clone(this.runOf(id).run);
  }

  cancelRetentionRun(id: number): boolean {
    const r = this.runOf(id);
    if (r.run.status !== 'running') return false;
    r.cancel = true;
    return true;
  }

  retentionRuns(rule: string | null, limit: number): RunRow[] {
    return this.runs
      .filter((r) => rule === null || r.run.rule === rule)
      .sort((a, b) => b.run.id - a.run.id)
      .slice(0, limit)
      .map((r) => clone(r.run));
  }

  retentionCertificate(id: number): RunCertificate {
    const r = this.runOf(id);
    const recomputed = sha256Hex(r.batches.map((b) => `${b.digest}\n`).join(''));
    const finished = r.run.status !== 'running';
    return {
      run: clone(r.run),
      rule: clone(r.rule),
      datastore: clone(this.datastore(r.rule.datastore).row),
      activity_name: r.rule.activity === null ? null : this.host.activityName(r.rule.activity),
      batches: clone(r.batches),
      recomputed_digest: recomputed,
      audited_digest: finished ? r.run.digest : null,
      evidence_consistent: finished && r.run.digest === recomputed && r.batches.reduce((n, b) => n + b.count, 0) === r.run.affected,
      audit_chain_ok: true,
      audit_head: this.host.auditHead(),
    };
  }

  /** Stops the timers (tests). */
  dispose() {
    for (const r of this.runs) if (r.timer !== null) clearTimeout(r.timer);
  }
}

const OP_SQL: Record<string, string> = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' };

export function validateName(what: string, name: string): string | null {
  const ok = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/.test(name);
  return ok ? null : `invalid ${what} name '${name}': use 1 to 64 letters, digits, '-', '_' or '.', not starting with '-' or '.'`;
}

function knownZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
