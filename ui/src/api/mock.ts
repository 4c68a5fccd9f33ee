// TEST DOUBLE. MockBackend is an in-memory implementation of Backend for browser tests (Playwright),
// component tests and UI development without the Rust core. It validates, assigns ids, bumps versions,
// keeps a per-activity history with field diffs and a SHA-256 hash-chained audit list, and computes a
// restatement of the completeness rules (mocklib/rules.ts). It is NOT the product's logic: inside Tauri
// the UI always talks to the Rust core through TauriBackend. Nothing here is persisted.
import type { AppInfo, Backend, DatabaseState, LockStatus } from './backend';
import type {
  Activity,
  ActivityDetail,
  ActivityPage,
  ActivityQuery,
  ActivitySummary,
  ActivityVersion,
  ApiError,
  AuditEntry,
  AuditQuery,
  AuditVerification,
  BackupReport,
  BackupSchedule,
  BackupStatus,
  CalendarInfo,
  Completeness,
  CountBy,
  Dashboard,
  DeadlineAnswer,
  DeadlineQuery,
  ExportFormat,
  FieldError,
  ImportError,
  ImportSummary,
  JsonValue,
  DataSubjectRequest,
  NewEvent,
  NewRequest,
  NoticeStatus,
  Organisation,
  RequestListQuery,
  RequestPage,
  RequestRow,
  RequestStats,
  RequestView,
  Vocabularies,
  VocabularyEntry,
  VocabularyKind,
  GeneratedReport,
  HoldScope,
  ReportKeys,
  ReportLanguage,
  ReportOptions,
  ReportPaper,
  ReportStage,
  RetentionRule,
  SavedFiles,
  VerifiedFile,
  SigningCertificate,
} from './types';
import { bandOf } from './enums';
import { canonical, diff } from '../lib/diff';
import { checkActivity, sameName, validateActivity, validateOrganisation, validateVocabularyEntry } from './mocklib/rules';
import { generatedActivities, SEED_ACTIVITIES, SEED_ORGANISATION, SEED_VOCABULARIES } from './mocklib/seed';
import { sha256Hex } from './mocklib/sha256';
import { answer as answerDeadline, DeadlineQueryError, MOCK_CALENDARS } from './mocklib/deadline';
import { runQuery, type RegisterRow } from '../lib/registerQuery';
import { EventRefused, nextSteps, replay } from '../lib/requestFlow';
import {
  completeTask,
  notifiesRecipients,
  openTasks,
  planWork,
  recordNotice,
  TASK_LEAD_WORKING_DAYS,
  withinRequest,
  WorkRefused,
  workingDaysBefore,
} from './mocklib/requestWork';
import {
  generatedRequest,
  generatedRow,
  receivedDate,
  requestDue,
  requestStats as computeRequestStats,
  runRequestQuery,
  seedRequests,
  toRow,
  validateRequest,
  type IndexedRow,
} from './mocklib/requests';
import { MockRetention } from './mocklib/retention';
import { mockPdf, mockReportPages } from './mocklib/reports';
import { MockSigning, type MockCertificateFile } from './mocklib/signing';
import { BackupRefused, MockBackups } from './mocklib/backups';
import { MockLetters } from './mocklib/letters';
import type { Letter, LetterKind, LetterLanguage, LetterTemplate, ReminderSettings, SavedLetter } from './types';

/** The database the mock starts with: `ready` (default, so that tests see a working app) an encrypted
 *  database that is already unlocked; `missing` the first run (no file yet); `encrypted` an encrypted
 *  database that is locked until `unlock(MOCK_PASSPHRASE)`; `plain` an unencrypted database (open). */
export type MockDatabase = 'ready' | DatabaseState;

/** The passphrase of the mock's encrypted database (unless `passphrase` says otherwise). */
export const MOCK_PASSPHRASE = 'correct horse battery';
export const MOCK_DB_PATH = '/home/dpo/.local/share/dpo-cockpit/cockpit.db (mock)';
export const MOCK_KEY_DERIVATION = 'Argon2id, 64 MiB memory, 3 passes, 1 lane, 16-byte salt per file';
/** As crates/cockpit-store/src/crypto.rs MIN_PASSPHRASE_CHARS. */
export const MOCK_MIN_PASSPHRASE_CHARS = 8;

export interface MockOptions {
  /** The database at start (default `ready`: encrypted and unlocked). */
  database?: MockDatabase;
  /** The passphrase the encrypted database opens with (default MOCK_PASSPHRASE). */
  passphrase?: string;
  /** Whether the passphrase starts out kept in the (pretend) OS keyring. */
  remembered?: boolean;
  /** Start with an empty register instead of the seed data. */
  empty?: boolean;
  /** Extra generated activities (e.g. 10000 to try the virtualised table). */
  extraActivities?: number;
  /** Generated requests besides the seeded ones (e.g. 100000 to try the request list); made lazily. */
  extraRequests?: number;
  /** Artificial latency of every call, in ms. */
  latencyMs?: number;
  /** "Today" for completeness (YYYY-MM-DD); defaults to the real date. */
  today?: string;
  /** The clock for audit timestamps. */
  now?: () => Date;
  actor?: string;
  /** What pickImportFile returns (null = cancelled). A path containing "invalid" fails the import. */
  importPath?: string | null;
  /** Milliseconds per batch of a retention run (default 350). */
  retentionBatchMs?: number;
  /** Milliseconds per report stage (default 300). */
  reportStageMs?: number;
  /** What the save dialogs return (null = cancelled); default a path in ~/Documents. */
  savePath?: string | null;
  /** What the "verify a PDF" open dialog returns (null = cancelled). A path with "tampered" fails. */
  verifyPath?: string | null;
  /** What the certificate dialog of importSigningCertificate does (default `ok`: a good PKCS#12 file,
   *  which the password "wrong" does not open); see mocklib/signing.ts. */
  certificateFile?: MockCertificateFile;
}

interface StoredRequest {
  request: DataSubjectRequest;
  version: number;
  /** The list row, for the day it was computed. */
  row: { today: string; indexed: IndexedRow } | null;
}

interface StoredActivity {
  activity: Activity;
  version: number;
  created_at: string;
  updated_at: string;
  summary: ActivitySummary | null;
}

const GENESIS = '0'.repeat(64);

type VocabLists = Omit<Vocabularies, 'departments'>;
const LIST_OF: Record<VocabularyKind, keyof VocabLists> = {
  data_subject_category: 'data_subject_categories',
  data_category: 'data_categories',
  recipient: 'recipients',
  system: 'systems',
  measure: 'measures',
  party: 'parties',
};

function clone<T>(v: T): T {
  return structuredClone(v);
}

function fail(code: ApiError['code'], message: string, fields: FieldError[] = [], rows: ImportError[] = []): ApiError {
  return { code, message, fields, rows };
}

function timestamp(d: Date): string {
  // RFC 3339 UTC with microseconds, as the Rust store writes it.
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export class MockBackend implements Backend {
  private organisation: Organisation | null;
  private vocab: VocabLists;
  private activities = new Map<string, StoredActivity>();
  private audit: AuditEntry[] = [];
  private nextNumber = 1;
  private requests = new Map<string, StoredRequest>();
  /** List rows of the generated requests, made on the first list query. */
  private generated: IndexedRow[] | null = null;
  /** The last list query's matching rows (without offset and limit), so that paging through a long
   *  list does not filter and sort it again for every page. Dropped on every request write. */
  private listCache: { key: string; rows: RequestRow[] } | null = null;
  private readonly opts: MockOptions;
  /** Set by tests to simulate tampering. */
  tamper: ((entries: AuditEntry[]) => void) | null = null;
  /** Retention (datastores, rules, holds, runs): see mocklib/retention.ts. */
  readonly retention: MockRetention;
  private reports = new Map<number, { options: ReportOptions; name: string; xlsx: boolean; pdf: Uint8Array }>();
  private reportStages = new Map<string, ReportStage>();
  private nextReport = 1;
  /** The database file and whether it is open (see MockDatabase). */
  private dbState: DatabaseState;
  private unlocked: boolean;
  private passphrase: string;
  private remembered: boolean;
  /** Automatic backups and "Back up now": see mocklib/backups.ts. */
  readonly backups: MockBackups;
  /** The signing keys and the organisation's imported certificates: see mocklib/signing.ts. */
  readonly signing: MockSigning;

  constructor(opts: MockOptions = {}) {
    this.opts = opts;
    const database = opts.database ?? 'ready';
    this.dbState = database === 'ready' ? 'encrypted' : database;
    this.unlocked = database === 'ready' || database === 'plain';
    this.passphrase = opts.passphrase ?? MOCK_PASSPHRASE;
    this.remembered = this.dbState === 'encrypted' && (opts.remembered ?? false);
    this.retention = new MockRetention(
      {
        now: () => (this.opts.now ? this.opts.now() : new Date()),
        today: () => this.today(),
        actor: this.actor,
        audit: (t, id, action, before, after) => this.append(t, id, action, before, after),
        auditHead: () => this.audit[this.audit.length - 1]?.hash ?? GENESIS,
        activityCategories: (id) => {
          const a = this.activities.get(id);
          return a ? a.activity.data_categories.map((c) => c.category) : null;
        },
        activityName: (id) => this.activities.get(id)?.activity.name ?? null,
      },
      { ...(opts.retentionBatchMs !== undefined ? { batchMs: opts.retentionBatchMs } : {}), ...(opts.empty ? { empty: true } : {}) },
    );
    this.backups = new MockBackups({
      now: () => (this.opts.now ? this.opts.now() : new Date()),
      encrypted: () => this.dbState === 'encrypted',
      schemaVersion: 1,
      auditEntries: () => this.audit.length,
      auditHead: () => this.audit[this.audit.length - 1]?.hash ?? null,
      savePath: () => this.opts.savePath,
    });
    this.signing = new MockSigning(
      {
        now: () => (this.opts.now ? this.opts.now() : new Date()),
        organisation: () => this.organisation?.name ?? '',
        audit: (id, action, before, after) => this.append('signing_certificate', id, action, before, after),
      },
      opts.certificateFile,
    );
    this.organisation = opts.empty ? null : clone(SEED_ORGANISATION);
    this.vocab = opts.empty
      ? { data_subject_categories: [], data_categories: [], recipients: [], systems: [], measures: [], parties: [] }
      : clone(SEED_VOCABULARIES);
    if (!opts.empty) {
      this.seed(opts.extraActivities ?? 0);
      const main = this.organisation?.establishments.find((e) => e.main) ?? this.organisation?.establishments[0];
      const est = main ? { name: main.name, timezone: main.timezone, calendar: main.region || main.country } : null;
      for (const r of seedRequests(this.today(), est)) {
        this.planRequestWork(r, r.activities);
        this.requests.set(r.id, { request: r, version: 1, row: null });
      }
    }
  }

  // ----------------------------------------------------------------------------------------------
  // internals

  private get actor(): string {
    return this.opts.actor ?? 'dpo@localhost';
  }

  private now(): string {
    return timestamp(this.opts.now ? this.opts.now() : new Date());
  }

  private today(): string {
    return this.opts.today ?? new Date().toISOString().slice(0, 10);
  }

  private async answer<T>(f: () => T): Promise<T> {
    const ms = this.opts.latencyMs ?? 0;
    await new Promise((r) => setTimeout(r, ms));
    this.requireOpen();
    return f();
  }

  /** As the Rust core: nothing but the lock commands works until the database is open. */
  private requireOpen() {
    if (this.unlocked) return;
    if (this.dbState === 'missing') throw fail('locked', `there is no database at ${MOCK_DB_PATH} yet: create it first`);
    throw fail(
      'locked',
      `the database at ${MOCK_DB_PATH} is encrypted: give its passphrase (COCKPIT_PASSPHRASE for scripts, or the prompt when run in a terminal)`,
    );
  }

  private lockStatusNow(): LockStatus {
    return {
      state: this.dbState,
      unlocked: this.unlocked,
      db_path: MOCK_DB_PATH,
      remembered: this.remembered,
      min_passphrase_chars: MOCK_MIN_PASSPHRASE_CHARS,
      key_derivation: MOCK_KEY_DERIVATION,
    };
  }

  /** The lock commands: after the latency, but without `requireOpen`. */
  private async lockAnswer(f: () => void): Promise<LockStatus> {
    const ms = this.opts.latencyMs ?? 0;
    await new Promise((r) => setTimeout(r, ms));
    f();
    return this.lockStatusNow();
  }

  private vocabularies(): Vocabularies {
    const departments = [...new Set([...this.activities.values()].map((s) => s.activity.department).filter((d) => d !== ''))];
    departments.sort((a, b) => a.localeCompare(b));
    return { ...this.vocab, departments };
  }

  private append(object_type: string, object_id: string, action: string, before: JsonValue | null, after: JsonValue | null, at = this.now()) {
    const prev = this.audit[this.audit.length - 1];
    const seq = (prev?.seq ?? 0) + 1;
    const prev_hash = prev?.hash ?? GENESIS;
    const entry: AuditEntry = {
      seq,
      at,
      actor: this.actor,
      object_type,
      object_id,
      action,
      before: before === null ? null : canonical(before),
      after: after === null ? null : canonical(after),
      prev_hash,
      hash: '',
    };
    entry.hash = MockBackend.hashOf(entry);
    this.audit.push(entry);
  }

  private static hashOf(e: AuditEntry): string {
    const body = JSON.stringify({
      seq: e.seq,
      at: e.at,
      actor: e.actor,
      object_type: e.object_type,
      object_id: e.object_id,
      action: e.action,
      before: e.before,
      after: e.after,
    });
    return sha256Hex(e.prev_hash + body);
  }

  private seed(extra: number) {
    const first = SEED_ACTIVITIES[0]?.[0] ?? '2025-01-01T00:00:00.000000Z';
    this.append('organisation', 'organisation', 'create', null, this.organisation as unknown as JsonValue, first);
    for (const kind of Object.keys(LIST_OF) as VocabularyKind[]) {
      for (const entry of this.vocab[LIST_OF[kind]]) {
        this.append('vocabulary', `${kind}:${entry.name}`, 'create', null, entry as unknown as JsonValue, first);
      }
    }
    const events: Array<[string, () => void]> = [];
    for (const [at, activity, edits] of SEED_ACTIVITIES) {
      events.push([at, () => this.store(clone(activity), 'create', at)]);
      for (const [editAt, change] of edits) {
        events.push([
          editAt,
          () => {
            const cur = this.activities.get(activity.id);
            if (cur) this.store({ ...clone(cur.activity), ...clone(change) }, change.status === 'retired' ? 'retire' : 'update', editAt);
          },
        ]);
      }
    }
    events.sort((a, b) => a[0].localeCompare(b[0]));
    for (const [, run] of events) run();
    if (extra > 0) {
      const at = '2025-08-01T09:00:00.000000Z';
      for (const a of generatedActivities(extra, this.nextNumber)) this.store(a, 'create', at);
    }
  }

  /** Writes an activity (already validated) and its audit entry. */
  private store(activity: Activity, action: string, at = this.now()): StoredActivity {
    const prev = this.activities.get(activity.id);
    const stored: StoredActivity = {
      activity,
      version: (prev?.version ?? 0) + 1,
      created_at: prev?.created_at ?? at,
      updated_at: at,
      summary: null,
    };
    this.activities.set(activity.id, stored);
    const m = /^PA-(\d+)$/.exec(activity.id);
    if (m) this.nextNumber = Math.max(this.nextNumber, Number(m[1]) + 1);
    this.append('activity', activity.id, action, prev ? (prev.activity as unknown as JsonValue) : null, activity as unknown as JsonValue, at);
    return stored;
  }

  private completeness(a: Activity, today = this.today(), vocab: Vocabularies = this.vocabularies()): Completeness {
    return checkActivity(a, vocab, today);
  }

  private summarise(a: Activity, version: number, updated_at: string, today: string, vocab: Vocabularies): ActivitySummary {
    const c = this.completeness(a, today, vocab);
    return {
      id: a.id,
      name: a.name,
      department: a.department,
      owner: a.owner,
      role: a.role,
      status: a.status,
      lawful_bases: [...a.lawful_bases],
      score: c.score,
      band: bandOf(c.score),
      next_review: a.next_review,
      transfer_countries: [...new Set(a.transfers.map((t) => t.country))],
      updated_at,
      version,
    };
  }

  private summary(s: StoredActivity, vocab: Vocabularies): ActivitySummary {
    s.summary ??= this.summarise(s.activity, s.version, s.updated_at, this.today(), vocab);
    return s.summary;
  }

  private invalidateSummaries() {
    for (const s of this.activities.values()) s.summary = null;
  }

  private detail(s: StoredActivity): ActivityDetail {
    return clone({
      activity: s.activity,
      completeness: this.completeness(s.activity),
      version: s.version,
      created_at: s.created_at,
      updated_at: s.updated_at,
    });
  }

  private get(id: string): StoredActivity {
    const s = this.activities.get(id);
    if (!s) throw fail('not_found', `no activity ${id}`);
    return s;
  }

  private validate(a: Activity) {
    const fields = validateActivity(a, this.vocabularies());
    if (fields.length > 0) throw fail('validation', `${fields.length} invalid field(s)`, fields);
  }

  /** The register rows as they stood at the end of `asOf` (YYYY-MM-DD), from the audit trail. */
  private rowsAsOf(asOf: string): RegisterRow[] {
    const end = `${asOf}T23:59:59.999999Z`;
    const last = new Map<string, { entry: AuditEntry; version: number }>();
    for (const e of this.audit) {
      if (e.object_type !== 'activity' || e.at > end) continue;
      const prev = last.get(e.object_id);
      last.set(e.object_id, { entry: e, version: (prev?.version ?? 0) + 1 });
    }
    const rows: RegisterRow[] = [];
    const vocab = this.vocabularies();
    for (const { entry, version } of last.values()) {
      if (entry.after === null) continue;
      const activity = entry.after as unknown as Activity;
      rows.push({ activity, summary: this.summarise(activity, version, entry.at, asOf, vocab) });
    }
    return rows;
  }

  // ----------------------------------------------------------------------------------------------
  // Backend: the database lock. The register itself is made at construction (the seed is the demo data
  // the desktop app loads on its first run); these calls only decide whether it can be reached.

  lockStatus(): Promise<LockStatus> {
    return this.lockAnswer(() => undefined);
  }

  createDatabase(passphrase: string | null, remember: boolean): Promise<LockStatus> {
    return this.lockAnswer(() => {
      if (this.dbState !== 'missing') throw fail('conflict', `there is already a database at ${MOCK_DB_PATH}`);
      if (passphrase !== null && [...passphrase].length < MOCK_MIN_PASSPHRASE_CHARS) {
        throw fail(
          'validation',
          `the passphrase is too short: use at least ${MOCK_MIN_PASSPHRASE_CHARS} characters (a few unrelated words are easier to remember and harder to guess)`,
        );
      }
      if (passphrase === null) {
        this.dbState = 'plain';
        this.remembered = false;
      } else {
        this.dbState = 'encrypted';
        this.passphrase = passphrase;
        this.remembered = remember;
      }
      this.unlocked = true;
    });
  }

  unlock(passphrase: string, remember: boolean): Promise<LockStatus> {
    return this.lockAnswer(() => {
      if (this.dbState === 'missing') throw fail('locked', `there is no database at ${MOCK_DB_PATH} yet: create it first`);
      if (this.dbState === 'plain') throw fail('conflict', `the database at ${MOCK_DB_PATH} is not encrypted: there is nothing to unlock`);
      if (passphrase !== this.passphrase) {
        throw fail('wrong_passphrase', `wrong passphrase for the database at ${MOCK_DB_PATH}: nothing was opened or changed`);
      }
      this.unlocked = true;
      this.remembered = remember;
    });
  }

  lock(): Promise<LockStatus> {
    return this.lockAnswer(() => {
      if (this.dbState !== 'encrypted') throw fail('conflict', `the database at ${MOCK_DB_PATH} is not encrypted: it cannot be locked`);
      this.unlocked = false;
    });
  }

  forgetPassphrase(): Promise<LockStatus> {
    return this.lockAnswer(() => {
      this.remembered = false;
    });
  }

  changePassphrase(oldPassphrase: string, newPassphrase: string): Promise<LockStatus> {
    return this.lockAnswer(() => {
      this.requireOpen();
      if (this.dbState !== 'encrypted') {
        throw fail('conflict', 'the database is not encrypted, so it has no passphrase to change: encrypt it first (`cockpit encrypt`)');
      }
      if (oldPassphrase !== this.passphrase) throw fail('wrong_passphrase', 'the current passphrase is wrong; nothing was changed');
      if ([...newPassphrase].length < MOCK_MIN_PASSPHRASE_CHARS) {
        throw fail(
          'validation',
          `the passphrase is too short: use at least ${MOCK_MIN_PASSPHRASE_CHARS} characters (a few unrelated words are easier to remember and harder to guess)`,
        );
      }
      // Re-keyed; the pretend keyring follows when it held the old passphrase (`remembered` stays).
      this.passphrase = newPassphrase;
      this.append('database', 'database', 'change_passphrase', null, { kdf: MOCK_KEY_DERIVATION });
    });
  }

  // ----------------------------------------------------------------------------------------------
  // Backend: backups (mocklib/backups.ts)

  private backupAnswer<T>(f: () => T): Promise<T> {
    return this.answer(() => {
      try {
        return f();
      } catch (e) {
        if (e instanceof BackupRefused) throw fail(e.code, e.message, e.fields);
        throw e;
      }
    });
  }

  backupStatus = (): Promise<BackupStatus> => this.backupAnswer(() => this.backups.status());
  setBackupSchedule = (schedule: BackupSchedule | null): Promise<BackupStatus> =>
    this.backupAnswer(() => {
      const before = this.backups.status().schedule;
      const status = this.backups.set(schedule === null ? null : clone(schedule));
      if (JSON.stringify(canonical(before as unknown as JsonValue)) !== JSON.stringify(canonical(status.schedule as unknown as JsonValue))) {
        this.append('database', 'database', 'backup_schedule', before as unknown as JsonValue, status.schedule as unknown as JsonValue);
      }
      return status;
    });
  chooseBackupDirectory = (): Promise<string | null> => this.backupAnswer(() => this.backups.chooseDirectory());
  /** As the Rust core: the copy ends with the chain as it stood; the backup is then audited. */
  backupNow = (): Promise<BackupReport | null> =>
    this.backupAnswer(() => {
      const r = this.backups.backupNow();
      if (r !== null) {
        const file = r.path.split(/[\\/]/).pop() ?? r.path;
        this.append('database', 'database', 'backup', null, { file, bytes: r.bytes, audit_entries: r.audit_entries, audit_head: r.audit_head });
      }
      return r;
    });

  // ----------------------------------------------------------------------------------------------
  // Backend

  appInfo(): Promise<AppInfo> {
    return this.answer(() => ({
      version: '0.1.0 (mock backend)',
      db_path: '(in memory: mock backend, nothing is saved)',
      schema_version: 1,
      actor: this.actor,
      encrypted: this.dbState === 'encrypted',
      key_derivation: this.dbState === 'encrypted' ? `SQLCipher 4 (AES-256, HMAC-SHA512 per page); key: ${MOCK_KEY_DERIVATION}` : '',
    }));
  }

  getOrganisation(): Promise<Organisation | null> {
    return this.answer(() => clone(this.organisation));
  }

  setOrganisation(org: Organisation): Promise<Organisation> {
    return this.answer(() => {
      const fields = validateOrganisation(org);
      if (fields.length > 0) throw fail('validation', `${fields.length} invalid field(s)`, fields);
      const before = this.organisation;
      this.organisation = clone(org);
      this.append('organisation', 'organisation', before ? 'update' : 'create', before as unknown as JsonValue, org as unknown as JsonValue);
      return clone(org);
    });
  }

  getVocabularies(): Promise<Vocabularies> {
    return this.answer(() => clone(this.vocabularies()));
  }

  saveVocabularyEntry(entry: VocabularyEntry, originalName: string | null): Promise<VocabularyEntry> {
    return this.answer(() => {
      const fields = validateVocabularyEntry(entry);
      if (fields.length > 0) throw fail('validation', `${fields.length} invalid field(s)`, fields);
      const list = this.vocab[LIST_OF[entry.kind]] as Array<{ name: string }>;
      const name = entry.entry.name;
      const idx = originalName === null ? -1 : list.findIndex((e) => sameName(e.name, originalName));
      if (originalName !== null && idx < 0) throw fail('not_found', `no ${entry.kind} named '${originalName}'`);
      if (list.some((e, i) => i !== idx && sameName(e.name, name))) {
        throw fail('validation', 'duplicate name', [{ field: 'name', code: 'duplicate', message: `'${name}' already exists` }]);
      }
      const before = idx >= 0 ? list[idx] ?? null : null;
      if (idx >= 0) list[idx] = clone(entry.entry);
      else list.push(clone(entry.entry));
      list.sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
      this.append('vocabulary', `${entry.kind}:${name}`, before ? 'update' : 'create', before as unknown as JsonValue, entry.entry as unknown as JsonValue);
      // A rename is carried into every activity that refers to the entry.
      if (originalName !== null && before && before.name !== name) this.renameReferences(entry.kind, before.name, name);
      this.invalidateSummaries();
      return clone(entry);
    });
  }

  private references(kind: VocabularyKind, a: Activity): string[] {
    switch (kind) {
      case 'data_subject_category':
        return a.data_subjects;
      case 'data_category':
        return a.data_categories.map((c) => c.category);
      case 'recipient':
        return [...a.recipients, ...a.transfers.flatMap((t) => (t.recipient ? [t.recipient] : []))];
      case 'system':
        return a.systems;
      case 'measure':
        return a.measures;
      case 'party':
        return a.parties;
    }
  }

  private renameReferences(kind: VocabularyKind, from: string, to: string) {
    const swap = (l: string[]) => l.map((x) => (sameName(x, from) ? to : x));
    for (const s of [...this.activities.values()]) {
      if (!this.references(kind, s.activity).some((x) => sameName(x, from))) continue;
      const a = clone(s.activity);
      if (kind === 'data_subject_category') a.data_subjects = swap(a.data_subjects);
      if (kind === 'data_category') a.data_categories.forEach((c) => (c.category = sameName(c.category, from) ? to : c.category));
      if (kind === 'recipient') {
        a.recipients = swap(a.recipients);
        a.transfers.forEach((t) => (t.recipient = t.recipient !== null && sameName(t.recipient, from) ? to : t.recipient));
      }
      if (kind === 'system') a.systems = swap(a.systems);
      if (kind === 'measure') a.measures = swap(a.measures);
      if (kind === 'party') a.parties = swap(a.parties);
      this.store(a, 'update');
    }
  }

  deleteVocabularyEntry(kind: VocabularyKind, name: string): Promise<void> {
    return this.answer(() => {
      const list = this.vocab[LIST_OF[kind]] as Array<{ name: string }>;
      const idx = list.findIndex((e) => sameName(e.name, name));
      if (idx < 0) throw fail('not_found', `no ${kind} named '${name}'`);
      const users = [...this.activities.values()]
        .filter((s) => this.references(kind, s.activity).some((x) => sameName(x, name)))
        .map((s) => s.activity.id)
        .sort();
      if (users.length > 0) throw fail('conflict', `'${name}' is used by ${users.join(', ')}`);
      const [before] = list.splice(idx, 1);
      this.append('vocabulary', `${kind}:${name}`, 'delete', before as unknown as JsonValue, null);
      this.invalidateSummaries();
    });
  }

  listActivities(query: ActivityQuery, asOf: string | null): Promise<ActivityPage> {
    return this.answer(() => {
      const vocab = this.vocabularies();
      const rows: RegisterRow[] =
        asOf === null
          ? [...this.activities.values()].map((s) => ({ activity: s.activity, summary: this.summary(s, vocab) }))
          : this.rowsAsOf(asOf);
      return clone(runQuery(rows, query));
    });
  }

  getActivity(id: string): Promise<ActivityDetail> {
    return this.answer(() => this.detail(this.get(id)));
  }

  createActivity(activity: Activity): Promise<ActivityDetail> {
    return this.answer(() => {
      const a = clone(activity);
      if (a.id === '') a.id = `PA-${String(this.nextNumber).padStart(4, '0')}`;
      this.validate(a);
      if (this.activities.has(a.id)) {
        throw fail('validation', 'duplicate id', [{ field: 'id', code: 'duplicate', message: `an activity ${a.id} already exists` }]);
      }
      return this.detail(this.store(a, 'create'));
    });
  }

  updateActivity(activity: Activity, expectedVersion: number): Promise<ActivityDetail> {
    return this.answer(() => {
      const cur = this.get(activity.id);
      if (cur.version !== expectedVersion) {
        throw fail(
          'stale',
          `activity ${activity.id} was changed by someone else (version ${expectedVersion} is now ${cur.version}); reload it and apply your change again`,
        );
      }
      this.validate(activity);
      if (diff(cur.activity as unknown as JsonValue, activity as unknown as JsonValue).length === 0) return this.detail(cur);
      return this.detail(this.store(clone(activity), 'update'));
    });
  }

  retireActivity(id: string): Promise<ActivityDetail> {
    return this.answer(() => {
      const cur = this.get(id);
      if (cur.activity.status === 'retired') return this.detail(cur);
      return this.detail(this.store({ ...clone(cur.activity), status: 'retired' }, 'retire'));
    });
  }

  activityHistory(id: string): Promise<ActivityVersion[]> {
    return this.answer(() => {
      this.get(id);
      const out: ActivityVersion[] = [];
      let prev: JsonValue = null;
      for (const e of this.audit) {
        if (e.object_type !== 'activity' || e.object_id !== id || e.after === null) continue;
        out.push({
          version: out.length + 1,
          seq: e.seq,
          at: e.at,
          actor: e.actor,
          action: e.action,
          changes: diff(prev, e.after),
          snapshot: e.after as unknown as Activity,
        });
        prev = e.after;
      }
      return clone(out);
    });
  }

  checkActivity(activity: Activity): Promise<Completeness> {
    return this.answer(() => this.completeness(activity));
  }

  dashboard(): Promise<Dashboard> {
    return this.answer(() => {
      const vocab = this.vocabularies();
      const all = [...this.activities.values()].map((s) => this.summary(s, vocab));
      const count = (keys: string[], order: readonly string[] = []): CountBy[] => {
        const m = new Map<string, number>();
        for (const k of order) m.set(k, 0);
        for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
        const out = [...m].map(([key, count]) => ({ key, count }));
        if (order.length === 0) out.sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
        return out;
      };
      const today = this.today();
      const live = all.filter((s) => s.status !== 'retired');
      const org = this.organisation;
      return {
        activities: all.length,
        by_status: count(all.map((s) => s.status), ['draft', 'active', 'retired']),
        by_band: count(all.map((s) => s.band), ['complete', 'partial', 'poor']),
        by_lawful_basis: count(all.flatMap((s) => s.lawful_bases)),
        transfers_by_country: count(all.flatMap((s) => s.transfer_countries)),
        reviews_overdue: live.filter((s) => s.next_review !== null && s.next_review < today).length,
        average_score: all.length === 0 ? 0 : Math.round(all.reduce((n, s) => n + s.score, 0) / all.length),
        art30_5_headcount_exemption: org && org.employees !== null ? org.employees < org.art30_threshold : null,
      };
    });
  }

  auditLog(query: AuditQuery): Promise<AuditEntry[]> {
    return this.answer(() => {
      const limit = query.limit ?? 50;
      const out: AuditEntry[] = [];
      for (let i = this.audit.length - 1; i >= 0 && out.length < limit; i--) {
        const e = this.audit[i]!;
        if (query.object_type !== null && e.object_type !== query.object_type) continue;
        if (query.object_id !== null && e.object_id !== query.object_id) continue;
        if (query.before_seq !== null && e.seq >= query.before_seq) continue;
        out.push(e);
      }
      return clone(out);
    });
  }

  verifyAudit(): Promise<AuditVerification> {
    return this.answer(() => {
      const entries = clone(this.audit);
      this.tamper?.(entries);
      let prevHash = GENESIS;
      for (let i = 0; i < entries.length; i++) {
        const e = entries[i]!;
        let problem: string | null = null;
        if (e.seq !== i + 1) problem = `entry numbered ${e.seq} where ${i + 1} was expected`;
        else if (e.prev_hash !== prevHash) problem = 'prev_hash does not match the previous entry';
        else if (MockBackend.hashOf(e) !== e.hash) problem = 'hash does not match the entry content';
        if (problem !== null) {
          return { ok: false, entries: entries.length, head_hash: null, first_broken_seq: e.seq, problem, register_mismatches: [] };
        }
        prevHash = e.hash;
      }
      const mismatches: string[] = [];
      const lastOf = new Map<string, AuditEntry>();
      for (const e of entries) if (e.object_type === 'activity') lastOf.set(e.object_id, e);
      for (const s of this.activities.values()) {
        const last = lastOf.get(s.activity.id);
        if (!last || diff(last.after, canonical(s.activity as unknown as JsonValue)).length > 0) mismatches.push(`activity ${s.activity.id}`);
      }
      return {
        ok: mismatches.length === 0,
        entries: entries.length,
        head_hash: entries.length > 0 ? prevHash : null,
        first_broken_seq: null,
        problem: null,
        register_mismatches: mismatches,
      };
    });
  }

  /** Restated arithmetic without holiday data: every calendar counts weekends only (mocklib/deadline.ts). */
  computeDeadline(query: DeadlineQuery): Promise<DeadlineAnswer> {
    return this.answer(() => {
      try {
        return answerDeadline(query);
      } catch (e) {
        if (e instanceof DeadlineQueryError) throw fail('validation', e.message);
        throw e;
      }
    });
  }

  /** A few dozen of the core's calendars, `none` first. */
  listCalendars(): Promise<CalendarInfo[]> {
    return this.answer(() => clone([...MOCK_CALENDARS]));
  }

  // ----------------------------------------------------------------------------------------------
  // Requests (mocklib/requests.ts)

  private requestView(s: StoredRequest): RequestView {
    const today = this.today();
    const r = s.request;
    return clone({ request: r, version: s.version, today, due: requestDue(r, today), next_steps: nextSteps(receivedDate(r), r.regime, r.events) });
  }

  /** `Work::plan` in the core: tasks (and, where Art. 19 applies, ledger entries) for the activities
   *  `ids` of the request, due TASK_LEAD_WORKING_DAYS working days before its safe date. */
  private planRequestWork(r: DataSubjectRequest, ids: readonly string[]) {
    const linked = ids.flatMap((id) => {
      const a = this.activities.get(id);
      return a ? [a.activity] : [];
    });
    if (linked.length === 0) return;
    const received = receivedDate(r);
    const due = requestDue(r, this.today());
    const taskDue = workingDaysBefore(due.safe_due, TASK_LEAD_WORKING_DAYS, received);
    const tasks = r.tasks ?? [];
    const notices = r.recipients ?? [];
    planWork(linked, this.vocab.systems, this.vocab.recipients, notifiesRecipients(r.request_type), taskDue, tasks, notices);
    if (tasks.length > 0) r.tasks = tasks;
    if (notices.length > 0) r.recipients = notices;
  }

  /** `change_request` in the core: checks the version, lets `change` edit a copy as of today, stores
   *  and audits it as `action`. */
  private changeRequest(id: string, expectedVersion: number | null, action: string, change: (r: DataSubjectRequest, today: string) => void): RequestView {
    const s = this.storedRequest(id);
    if (expectedVersion !== null && expectedVersion !== s.version) {
      throw fail('stale', `request ${id} changed meanwhile (version ${s.version}, you edited ${expectedVersion}): reload it`);
    }
    const after = clone(s.request);
    change(after, this.today());
    this.append('request', after.id, action, s.request as unknown as JsonValue, after as unknown as JsonValue);
    s.request = after;
    s.version += 1;
    s.row = null;
    this.listCache = null;
    return this.requestView(s);
  }

  private storedRequest(id: string): StoredRequest {
    const s = this.requests.get(id);
    if (s) return s;
    // A generated request becomes an ordinary one when it is opened.
    const m = /^DSR-2000-(\d+)$/.exec(id);
    const n = m ? Number(m[1]) - 1 : -1;
    if (n >= 0 && n < (this.opts.extraRequests ?? 0)) {
      const made: StoredRequest = { request: generatedRequest(n, this.today()), version: 1, row: null };
      this.requests.set(id, made);
      this.listCache = null;
      return made;
    }
    throw fail('not_found', `request ${id} not found`);
  }

  private requestRows(): IndexedRow[] {
    const today = this.today();
    const extra = this.opts.extraRequests ?? 0;
    if (extra > 0 && this.generated === null) {
      this.generated = Array.from({ length: extra }, (_, i) => generatedRow(i, today));
    }
    const rows: IndexedRow[] = [];
    for (const g of this.generated ?? []) if (!this.requests.has(g.row.id)) rows.push(g);
    for (const s of this.requests.values()) {
      if (s.row === null || s.row.today !== today) s.row = { today, indexed: toRow(s.request, s.version, requestDue(s.request, today)) };
      rows.push(s.row.indexed);
    }
    return rows;
  }

  private nextRequestId(year: number): string {
    let max = 0;
    for (const id of this.requests.keys()) {
      const m = /^DSR-(\d+)-(\d+)$/.exec(id);
      if (m && Number(m[1]) === year) max = Math.max(max, Number(m[2]));
    }
    return `DSR-${year}-${String(max + 1).padStart(4, '0')}`;
  }

  addRequest(input: NewRequest): Promise<RequestView> {
    return this.answer(() => {
      const establishments = this.organisation?.establishments ?? [];
      const errors: FieldError[] = [];
      const field = (f: string, message: string) => errors.push({ field: f, code: 'invalid_format', message });
      let est = input.establishment === null ? (establishments.find((e) => e.main) ?? establishments[0] ?? null) : null;
      if (input.establishment !== null) {
        est = establishments.find((e) => sameName(e.name, input.establishment ?? '')) ?? null;
        if (est === null) {
          field('establishment', `no establishment ${JSON.stringify(input.establishment)}; the organisation has: ${establishments.map((e) => e.name).join(', ')}`);
        }
      } else if (est === null && input.calendar === null) {
        field('establishment', 'the organisation has no establishment: add one (its country gives the holiday calendar) or give a calendar');
      }
      if (errors.length > 0) throw fail('validation', `${errors.length} field${errors.length === 1 ? '' : 's'} must be corrected`, errors);
      const r: DataSubjectRequest = {
        id: '',
        regime: input.regime,
        request_type: input.request_type,
        channel: input.channel,
        received_at: input.received_at,
        timezone: est?.timezone ?? 'UTC',
        establishment: est?.name ?? '',
        calendar: input.calendar ?? (est ? est.region || est.country || 'none' : 'none'),
        requester: { name: input.requester.name.trim(), email: input.requester.email.trim(), reference: input.requester.reference.trim() },
        summary: input.summary.trim(),
        activities: [...input.activities],
        events: clone(input.events),
      };
      const today = this.today();
      errors.push(...validateRequest(r, today));
      r.activities.forEach((a, i) => {
        if (!this.activities.has(a)) errors.push({ field: `activities[${i}]`, code: 'unknown_reference', message: `no processing activity ${a}` });
      });
      const future = r.events.find((e) => e.date > today);
      if (future) field('events', `${future.date} is in the future`);
      try {
        replay(receivedDate(r), r.regime, r.events);
      } catch (e) {
        if (!(e instanceof EventRefused)) throw e;
        field('events', e.message);
      }
      if (errors.length > 0) throw fail('validation', `${errors.length} field${errors.length === 1 ? '' : 's'} must be corrected`, errors);
      this.planRequestWork(r, r.activities);
      r.id = this.nextRequestId(Number(r.received_at.slice(0, 4)));
      const stored: StoredRequest = { request: r, version: 1, row: null };
      this.requests.set(r.id, stored);
      this.listCache = null;
      this.append('request', r.id, 'create', null, r as unknown as JsonValue);
      return this.requestView(stored);
    });
  }

  getRequest(id: string): Promise<RequestView> {
    return this.answer(() => this.requestView(this.storedRequest(id)));
  }

  listRequests(query: RequestListQuery): Promise<RequestPage> {
    return this.answer(() => {
      const today = this.today();
      const key = JSON.stringify({ ...query, offset: 0, limit: null, today });
      if (this.listCache?.key !== key) {
        const all = runRequestQuery(this.requestRows(), { ...query, offset: 0, limit: null }, today, Infinity);
        this.listCache = { key, rows: all.items };
      }
      const rows = this.listCache.rows;
      const limit = Math.min(1000, Math.max(1, query.limit ?? 100));
      return clone({ items: rows.slice(query.offset, query.offset + limit), total: rows.length, today });
    });
  }

  private addEvents(ids: string[], event: NewEvent, expectedVersion: number | null): RequestView[] {
    if (ids.length === 0) throw fail('validation', 'no request given');
    const today = this.today();
    const changed: Array<[StoredRequest, DataSubjectRequest]> = [];
    for (const id of ids) {
      const s = this.storedRequest(id);
      if (expectedVersion !== null && expectedVersion !== s.version) {
        throw fail('stale', `request ${id} changed meanwhile (version ${s.version}, you edited ${expectedVersion}): reload it`);
      }
      if (event.date > today) {
        throw fail('validation', '1 field must be corrected', [{ field: 'date', code: 'invalid_format', message: `${id}: ${event.date} is in the future` }]);
      }
      const open = event.kind === 'completed' ? openTasks(s.request.tasks) : [];
      if (open.length > 0) {
        throw fail('conflict', `${id}: ${open.length} task(s) still open: ${open.join(', ')} (close each with its evidence first)`);
      }
      const after = clone(s.request);
      after.events.push({ date: event.date, kind: event.kind, note: event.note.trim() });
      try {
        replay(receivedDate(after), after.regime, after.events);
      } catch (e) {
        if (e instanceof EventRefused) throw fail('conflict', `${id}: ${e.message}`);
        throw e;
      }
      changed.push([s, after]);
    }
    // All checked: now write them all.
    const action = ['completed', 'refused', 'withdrawn'].includes(event.kind) ? 'close' : 'event';
    for (const [s, after] of changed) {
      this.append('request', after.id, action, s.request as unknown as JsonValue, after as unknown as JsonValue);
      s.request = after;
      s.version += 1;
      s.row = null;
    }
    this.listCache = null;
    return ids.map((id) => this.requestView(this.storedRequest(id)));
  }

  addRequestEvent(id: string, event: NewEvent, expectedVersion: number | null): Promise<RequestView> {
    return this.answer(() => this.addEvents([id], event, expectedVersion)[0]!);
  }

  bulkRequestEvent(ids: string[], event: NewEvent): Promise<RequestView[]> {
    return this.answer(() => this.addEvents(ids, event, null));
  }

  requestStats(): Promise<RequestStats> {
    return this.answer(() => {
      const today = this.today();
      const d = new Date(`${today}T00:00:00Z`);
      d.setUTCMonth(d.getUTCMonth() - 12);
      return computeRequestStats(this.requestRows(), today, d.toISOString().slice(0, 10));
    });
  }

  linkRequestActivities(id: string, activities: string[], expectedVersion: number | null): Promise<RequestView> {
    return this.answer(() => {
      const unknown = activities.findIndex((a) => !this.activities.has(a));
      if (unknown >= 0) {
        throw fail('validation', '1 field must be corrected', [
          { field: `activities[${unknown}]`, code: 'unknown_reference', message: `no processing activity ${activities[unknown]}` },
        ]);
      }
      return this.changeRequest(id, expectedVersion, 'link', (r) => {
        if (r.events.some((e) => e.kind === 'completed' || e.kind === 'refused' || e.kind === 'withdrawn')) throw fail('conflict', `${r.id} is closed`);
        for (const a of activities) if (!r.activities.includes(a)) r.activities.push(a);
        this.planRequestWork(r, r.activities);
      });
    });
  }

  completeRequestTask(id: string, system: string, date: string, evidence: string, expectedVersion: number | null): Promise<RequestView> {
    return this.answer(() =>
      this.changeRequest(id, expectedVersion, 'task', (r, today) => {
        if (!withinRequest(date, receivedDate(r), today)) {
          throw fail('validation', '1 field must be corrected', [{ field: 'date', code: 'invalid_format', message: `${date} is not between receipt and today` }]);
        }
        const tasks = r.tasks ?? [];
        try {
          completeTask(tasks, system, date, evidence);
        } catch (e) {
          if (e instanceof WorkRefused) throw fail('conflict', `${r.id}: ${e.message}`);
          throw e;
        }
      }),
    );
  }

  recordRecipientNotice(
    id: string,
    recipient: string,
    status: NoticeStatus,
    date: string,
    reason: string,
    expectedVersion: number | null,
  ): Promise<RequestView> {
    return this.answer(() =>
      this.changeRequest(id, expectedVersion, 'notice', (r, today) => {
        if (!withinRequest(date, receivedDate(r), today)) {
          throw fail('validation', '1 field must be corrected', [{ field: 'date', code: 'invalid_format', message: `${date} is not between receipt and today` }]);
        }
        const notices = r.recipients ?? [];
        try {
          recordNotice(notices, recipient, status, date, reason);
        } catch (e) {
          if (e instanceof WorkRefused) throw fail('conflict', `${r.id}: ${e.message}`);
          throw e;
        }
      }),
    );
  }

  pickImportFile(): Promise<string | null> {
    return this.answer(() => (this.opts.importPath === undefined ? '/home/dpo/Documents/register.xlsx' : this.opts.importPath));
  }

  pickExportFile(format: ExportFormat): Promise<string | null> {
    return this.answer(() => `/home/dpo/Documents/register-export.${format}`);
  }

  importRegister(path: string): Promise<ImportSummary> {
    // Imports nothing for real (there is no file system here): a path with "invalid" in it fails with
    // row errors, any other reports every activity unchanged. Slow on purpose, to show progress.
    return new Promise((resolve, reject) => {
      setTimeout(() => {
        if (!this.unlocked) {
          reject(fail('locked', 'the database is locked'));
          return;
        }
        if (path.includes('invalid')) {
          reject(
            fail('import', 'the file has 2 errors; nothing was imported', [], [
              { table: 'activities', row: 4, column: 'lawful_bases', message: "unknown lawful basis 'interest'" },
              { table: 'activities', row: 7, column: 'name', message: 'must not be empty' },
            ]),
          );
          return;
        }
        resolve({
          activities_created: 0,
          activities_updated: 0,
          activities_unchanged: this.activities.size,
          vocabulary_created: 0,
          vocabulary_updated: 0,
          organisation_changed: false,
        });
      }, Math.max(400, this.opts.latencyMs ?? 0));
    });
  }

  exportRegister(_path: string, _format: ExportFormat, asOf: string | null): Promise<number> {
    return this.answer(() => (asOf === null ? this.activities.size : this.rowsAsOf(asOf).length));
  }

  /** Nothing to signal without the desktop shell. */
  appReady(): Promise<void> {
    return Promise.resolve();
  }

  // ----------------------------------------------------------------------------------------------
  // Retention (mocklib/retention.ts)

  listDatastores = () => this.answer(() => this.retention.listDatastores());
  addDatastore = (name: string, kind: string, url: string, password: string | null) =>
    this.answer(() => this.retention.addDatastore(name, kind, url, password));
  testDatastore = (name: string) => this.answer(() => this.retention.testDatastore(name));
  datastoreCatalog = (name: string) => this.answer(() => this.retention.datastoreCatalog(name));
  retentionDefaultTimezone = () =>
    this.answer(() => (this.organisation?.establishments.find((e) => e.main) ?? this.organisation?.establishments[0])?.timezone ?? 'UTC');
  retentionRules = () => this.answer(() => this.retention.retentionRules());
  retentionRule = (name: string) => this.answer(() => this.retention.retentionRule(name));
  addRetentionRule = (rule: RetentionRule) => this.answer(() => this.retention.addRetentionRule(rule));
  updateRetentionRule = (rule: RetentionRule, expectedVersion: number) =>
    this.answer(() => this.retention.updateRetentionRule(rule, expectedVersion));
  retentionPlan = (name: string) => this.answer(() => this.retention.retentionPlan(name));
  approveRetention = (name: string) => this.answer(() => this.retention.approveRetention(name));
  startRetentionRun = (name: string) => this.answer(() => this.retention.startRetentionRun(name));
  retentionRun = (id: number) => this.answer(() => this.retention.retentionRun(id));
  cancelRetentionRun = (id: number) => this.answer(() => this.retention.cancelRetentionRun(id));
  retentionRuns = (rule: string | null, limit: number) => this.answer(() => this.retention.retentionRuns(rule, limit));
  retentionCertificate = (id: number) => this.answer(() => this.retention.retentionCertificate(id));
  saveRetentionCertificate = (id: number, _language: ReportLanguage, _paper: ReportPaper): Promise<SavedFiles | null> =>
    this.answer(() => {
      this.retention.retentionCertificate(id);
      const pdf = this.opts.savePath === undefined ? `/home/dpo/Documents/retention-run-${id}-certificate.pdf` : this.opts.savePath;
      return pdf === null ? null : { pdf, minisig: `${pdf}.minisig`, xlsx: null };
    });
  listHolds = (includeInactive: boolean) => this.answer(() => this.retention.listHolds(includeInactive));
  addHold = (scope: HoldScope, reason: string, owner: string | null, until: string | null) =>
    this.answer(() => this.retention.addHold(scope, reason, owner, until));
  releaseHold = (id: number, reason: string) => this.answer(() => this.retention.releaseHold(id, reason));

  // ----------------------------------------------------------------------------------------------
  // Letters to requesters and reminder settings (mocklib/letters.ts)

  /** Letter templates and reminder settings: see mocklib/letters.ts. */
  readonly letters = new MockLetters({
    request: (id) => this.requestView(this.storedRequest(id)),
    organisation: () => this.organisation,
    activity: (id) => this.activities.get(id)?.activity ?? null,
    audit: (t, id, action, before, after) => this.append(t, id, action, before, after),
    savePath: () => this.opts.savePath,
  });
  letterTemplate = (kind: LetterKind, language: LetterLanguage): Promise<LetterTemplate> => this.answer(() => this.letters.letterTemplate(kind, language));
  setLetterTemplate = (kind: LetterKind, language: LetterLanguage, text: string | null): Promise<LetterTemplate> =>
    this.answer(() => this.letters.setLetterTemplate(kind, language, text));
  previewLetterTemplate = (kind: LetterKind, language: LetterLanguage, text: string, id: string | null, reason: string | null): Promise<Letter> =>
    this.answer(() => this.letters.previewLetterTemplate(kind, language, text, id, reason));
  requestLetter = (id: string, kind: LetterKind, language: LetterLanguage, reason: string | null): Promise<Letter> =>
    this.answer(() => this.letters.requestLetter(id, kind, language, reason));
  requestLetterPdf = (id: string, kind: LetterKind, language: LetterLanguage, reason: string | null, paper: ReportPaper): Promise<Uint8Array> =>
    this.answer(() => this.letters.requestLetterPdf(id, kind, language, reason, paper).pdf);
  saveRequestLetter = (id: string, kind: LetterKind, language: LetterLanguage, reason: string | null, paper: ReportPaper): Promise<SavedLetter | null> =>
    this.answer(() => this.letters.saveRequestLetter(id, kind, language, reason, paper));
  reminderSettings = (): Promise<ReminderSettings> => this.answer(() => this.letters.reminderSettings());
  setReminderSettings = (settings: ReminderSettings): Promise<ReminderSettings> => this.answer(() => this.letters.setReminderSettings(settings));

  // ----------------------------------------------------------------------------------------------
  // Reports (mocklib/reports.ts): an unsigned PDF, stages on a timer.

  reportKeys = (): Promise<ReportKeys> => this.answer(() => this.signing.reportKeys());
  signingCertificates = (): Promise<SigningCertificate[]> => this.answer(() => this.signing.signingCertificates());
  importSigningCertificate = (password: string | null): Promise<SigningCertificate | null> =>
    this.answer(() => this.signing.importSigningCertificate(password === '' ? null : password));
  retireSigningCertificate = (): Promise<boolean> => this.answer(() => this.signing.retireSigningCertificate());

  generateReport(job: string, options: ReportOptions): Promise<GeneratedReport> {
    if (!this.unlocked) return this.answer(() => undefined as never);
    const today = this.today();
    if (options.as_of !== null && options.as_of > today) {
      return Promise.reject(fail('validation', `--as-of ${options.as_of} is in the future (today is ${today})`));
    }
    if (options.as_of !== null && options.scope !== 'ropa' && options.scope !== 'inspection-pack') {
      return Promise.reject(fail('validation', `--as-of applies to the record of processing activities, not to the ${options.scope} report`));
    }
    const ms = this.opts.reportStageMs ?? 300;
    const stages: ReportStage[] = ['collecting', 'rendering', 'signing', ...(options.xlsx ? (['tabulating'] as ReportStage[]) : [])];
    return new Promise((resolve) => {
      stages.forEach((stage, i) => setTimeout(() => this.reportStages.set(job, stage), i * ms));
      setTimeout(() => {
        this.reportStages.set(job, 'done');
        const asOf = options.as_of ?? today;
        const head = this.audit[this.audit.length - 1]?.hash ?? GENESIS;
        const pdf = mockPdf(mockReportPages(options, this.organisation?.name ?? '', asOf, this.audit.length, head), options.paper);
        const id = this.nextReport++;
        const name = `${options.scope}-${asOf}.pdf`;
        this.reports.set(id, { options, name, xlsx: options.xlsx, pdf });
        resolve({ id, pages: 8, bytes: pdf.length, suggested_file_name: name, has_xlsx: options.xlsx });
      }, stages.length * ms);
    });
  }

  reportProgress = (job: string) => this.answer(() => this.reportStages.get(job) ?? null);

  /** A copy of the generated PDF (the caller may keep or change it). */
  reportPdf = (id: number): Promise<Uint8Array> =>
    this.answer(() => {
      const r = this.reports.get(id);
      if (!r) throw fail('not_found', `generated report ${id} (generate it again)`);
      return r.pdf.slice();
    });

  saveReport = (id: number): Promise<SavedFiles | null> =>
    this.answer(() => {
      const r = this.reports.get(id);
      if (!r) throw fail('not_found', `generated report ${id} (generate it again)`);
      const pdf = this.opts.savePath === undefined ? `/home/dpo/Documents/${r.name}` : this.opts.savePath;
      if (pdf === null) return null;
      return { pdf, minisig: `${pdf}.minisig`, xlsx: r.xlsx ? pdf.replace(/\.pdf$/, '') + '.xlsx' : null };
    });

  verifyReportFile = (): Promise<VerifiedFile | null> =>
    this.answer(() => {
      const path = this.opts.verifyPath === undefined ? '/home/dpo/Documents/ropa-2026-11-29.pdf' : this.opts.verifyPath;
      if (path === null) return null;
      const tampered = path.includes('tampered');
      return {
        path,
        minisig_path: `${path}.minisig`,
        result: {
          ok: !tampered,
          embedded_valid: !tampered,
          embedded_signer: 'CN=DPO Cockpit report signing',
          embedded_problem: tampered ? 'the message digest does not match the signed bytes' : null,
          signed_by_this_installation: true,
          minisig_valid: !tampered,
          minisig_problem: tampered ? 'signature verification failed' : null,
        },
      };
    });
}
