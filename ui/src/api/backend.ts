// The one interface through which the UI reaches the Rust core. TauriBackend implements it with
// `invoke`; MockBackend with an in-memory test double.
import type {
  Activity,
  ActivityDetail,
  ActivityPage,
  ActivityQuery,
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
  Dashboard,
  DeadlineAnswer,
  DeadlineQuery,
  ErrorCode,
  ExportFormat,
  ImportSummary,
  Letter,
  LetterKind,
  LetterLanguage,
  LetterTemplate,
  NewEvent,
  NoticeStatus,
  ReminderSettings,
  SavedLetter,
  NewRequest,
  Organisation,
  RequestListQuery,
  RequestPage,
  RequestStats,
  RequestView,
  Vocabularies,
  VocabularyEntry,
  VocabularyKind,
  Catalog,
  ConnectionTest,
  DatastoreRow,
  GeneratedReport,
  HoldScope,
  LegalHold,
  PlanInfo,
  ReportKeys,
  ReportLanguage,
  ReportOptions,
  ReportPaper,
  ReportStage,
  RetentionRule,
  RuleInfo,
  RunCertificate,
  RunRow,
  SavedFiles,
  SigningCertificate,
  VerifiedFile,
} from './types';

export interface AppInfo {
  version: string;
  db_path: string;
  schema_version: number;
  actor: string;
  /** Whether the database file is encrypted (SQLCipher), and how its key is derived ("" when plain). */
  encrypted: boolean;
  key_derivation: string;
}

/** What the database file is right now: none yet (first run), unencrypted, or encrypted. */
export type DatabaseState = 'missing' | 'plain' | 'encrypted';

/** The database file and whether the app has it open; asked before anything else is shown. */
export interface LockStatus {
  /** What the file is right now. */
  state: DatabaseState;
  /** Whether the app has the database open (every other call rejects with `locked` until it has). */
  unlocked: boolean;
  db_path: string;
  /** Whether the passphrase is kept in the OS keyring (unlocked at start without asking). */
  remembered: boolean;
  /** The shortest passphrase accepted for a new database. */
  min_passphrase_chars: number;
  /** e.g. "Argon2id, 64 MiB memory, 3 passes, 1 lane, 16-byte salt per file". */
  key_derivation: string;
}

export interface Backend {
  // Database lock (these work while locked; every other call then rejects with `locked`)
  lockStatus(): Promise<LockStatus>;
  /** First run only: creates the database, encrypted under `passphrase` (at least
   *  `min_passphrase_chars`, else `validation`), or unencrypted when null (an explicit choice), and
   *  opens it (the desktop app loads the demo data). `remember` keeps the passphrase in the OS keyring. */
  createDatabase(passphrase: string | null, remember: boolean): Promise<LockStatus>;
  /** Opens the encrypted database; a wrong passphrase rejects with `wrong_passphrase` and changes
   *  nothing. `remember` keeps the passphrase in the OS keyring. */
  unlock(passphrase: string, remember: boolean): Promise<LockStatus>;
  /** Closes the encrypted database (the key leaves memory); `unlock` opens it again. */
  lock(): Promise<LockStatus>;
  /** Removes the passphrase from the OS keyring. */
  forgetPassphrase(): Promise<LockStatus>;
  /** Re-keys the open encrypted database under `newPassphrase` (and updates the OS keyring when it holds
   *  the old one). A wrong current passphrase rejects with `wrong_passphrase`, a new one the backend
   *  refuses (too short) with `validation`, a database that is not encrypted with `conflict`. */
  changePassphrase(oldPassphrase: string, newPassphrase: string): Promise<LockStatus>;

  // Backups (they need an encrypted database: they are encrypted with its passphrase)
  /** The automatic backups' schedule, last result and the files now in their folder. */
  backupStatus(): Promise<BackupStatus>;
  /** Sets, or with null turns off, the automatic backups (audited). A bad schedule rejects with
   *  `validation` and field errors (`directory`, `every_hours`, `keep`). */
  setBackupSchedule(schedule: BackupSchedule | null): Promise<BackupStatus>;
  /** Native folder picker in Rust; null when cancelled. */
  chooseBackupDirectory(): Promise<string | null>;
  /** Native save dialog in Rust, then an encrypted backup there; null when cancelled. */
  backupNow(): Promise<BackupReport | null>;

  appInfo(): Promise<AppInfo>;
  getOrganisation(): Promise<Organisation | null>;
  setOrganisation(org: Organisation): Promise<Organisation>;
  getVocabularies(): Promise<Vocabularies>;
  saveVocabularyEntry(entry: VocabularyEntry, originalName: string | null): Promise<VocabularyEntry>;
  deleteVocabularyEntry(kind: VocabularyKind, name: string): Promise<void>;
  listActivities(query: ActivityQuery, asOf: string | null): Promise<ActivityPage>;
  getActivity(id: string): Promise<ActivityDetail>;
  /** id "" lets the backend assign "PA-NNNN". */
  createActivity(activity: Activity): Promise<ActivityDetail>;
  updateActivity(activity: Activity, expectedVersion: number): Promise<ActivityDetail>;
  retireActivity(id: string): Promise<ActivityDetail>;
  activityHistory(id: string): Promise<ActivityVersion[]>;
  /** Live completeness while editing; nothing is saved. */
  checkActivity(activity: Activity): Promise<Completeness>;
  dashboard(): Promise<Dashboard>;
  auditLog(query: AuditQuery): Promise<AuditEntry[]>;
  verifyAudit(): Promise<AuditVerification>;
  /** Answers a deadline question (no database). A bad question rejects with a `validation` error whose
   *  message says what is valid (and has no field errors). */
  computeDeadline(query: DeadlineQuery): Promise<DeadlineAnswer>;
  /** Every holiday calendar, `none` (weekends only) first. */
  listCalendars(): Promise<CalendarInfo[]>;
  /** Records a data-subject request; the backend assigns "DSR-YYYY-NNNN" and computes its dates. A bad
   *  request rejects with `validation` and field errors (`request_type`, `requester.name` …). */
  addRequest(request: NewRequest): Promise<RequestView>;
  getRequest(id: string): Promise<RequestView>;
  listRequests(query: RequestListQuery): Promise<RequestPage>;
  /** Adds the next step of the workflow. A stale `expectedVersion`, or a step the workflow does not
   *  allow, rejects with `conflict` (the message says why). */
  addRequestEvent(id: string, event: NewEvent, expectedVersion: number | null): Promise<RequestView>;
  /** The same event on several requests, all or nothing. */
  bulkRequestEvent(ids: string[], event: NewEvent): Promise<RequestView[]>;
  /** Counts as of today; on-time rate and median days to close over the last 12 months. */
  requestStats(): Promise<RequestStats>;
  /** Links processing activities: their systems become tasks and, for rectification, erasure and
   *  restriction, their recipients enter the Art. 19 ledger. `stale` when the request changed since
   *  `expectedVersion`; `conflict` when it is closed; `validation` for an unknown activity. */
  linkRequestActivities(id: string, activities: string[], expectedVersion: number | null): Promise<RequestView>;
  /** Closes the task of one system (or, where no system is recorded, of one owner) with its evidence.
   *  `date` must lie between receipt and today. */
  completeRequestTask(
    id: string,
    system: string,
    date: string,
    evidence: string,
    expectedVersion: number | null,
  ): Promise<RequestView>;
  /** Records where telling one recipient stands (Art. 19); `impossible` and `disproportionate-effort`
   *  need a reason. */
  recordRecipientNotice(
    id: string,
    recipient: string,
    status: NoticeStatus,
    date: string,
    reason: string,
    expectedVersion: number | null,
  ): Promise<RequestView>;
  /** The template of a letter in a language (the organisation's wording, or the default). */
  letterTemplate(kind: LetterKind, language: LetterLanguage): Promise<LetterTemplate>;
  /** Replaces a template (null: back to the default), audited; a template that does not render rejects
   *  with `validation` and the reason. */
  setLetterTemplate(kind: LetterKind, language: LetterLanguage, text: string | null): Promise<LetterTemplate>;
  /** Renders a template text that is not saved: against request `id`, or sample data when null. */
  previewLetterTemplate(
    kind: LetterKind,
    language: LetterLanguage,
    text: string,
    id: string | null,
    reason: string | null,
  ): Promise<Letter>;
  /** A letter for a request from the current template, as text to paste. `reason`: the reasons of a
   *  refusal or extension when not recorded, or the clarification question. A letter that cannot be
   *  written yet (an extension notice before the extension is recorded …) rejects with `conflict`. */
  requestLetter(id: string, kind: LetterKind, language: LetterLanguage, reason: string | null): Promise<Letter>;
  /** The same letter set as a PDF (for the preview); nothing is recorded. */
  requestLetterPdf(
    id: string,
    kind: LetterKind,
    language: LetterLanguage,
    reason: string | null,
    paper: ReportPaper,
  ): Promise<Uint8Array>;
  /** Save dialog, then the letter as a PDF, recorded in the audit trail as issued (with its SHA-256);
   *  null when the dialog was cancelled (nothing recorded). */
  saveRequestLetter(
    id: string,
    kind: LetterKind,
    language: LetterLanguage,
    reason: string | null,
    paper: ReportPaper,
  ): Promise<SavedLetter | null>;
  reminderSettings(): Promise<ReminderSettings>;
  /** Audited; invalid settings reject with `validation` and the reason. */
  setReminderSettings(settings: ReminderSettings): Promise<ReminderSettings>;
  /** Native file dialog in Rust; null when cancelled. */
  pickImportFile(): Promise<string | null>;
  pickExportFile(format: ExportFormat): Promise<string | null>;
  importRegister(path: string): Promise<ImportSummary>;
  /** Returns the number of activities written. */
  exportRegister(path: string, format: ExportFormat, asOf: string | null): Promise<number>;
  /** The first screen has rendered with its data (called once per start; the start-up benchmark's
   *  end mark, see scripts/bench-window.sh). */
  appReady(): Promise<void>;

  // Retention
  listDatastores(): Promise<DatastoreRow[]>;
  /** Tests the connection first; a password goes to the OS keyring, never into the database. */
  addDatastore(name: string, kind: string, url: string, password: string | null): Promise<[DatastoreRow, ConnectionTest]>;
  testDatastore(name: string): Promise<ConnectionTest>;
  /** Tables, columns and unique keys, for the rule editor's pickers. */
  datastoreCatalog(name: string): Promise<Catalog>;
  /** The zone new rules default to (the main establishment's). */
  retentionDefaultTimezone(): Promise<string>;
  retentionRules(): Promise<RuleInfo[]>;
  retentionRule(name: string): Promise<RuleInfo>;
  /** Checked against the datastore's catalogue: a misfit rejects with `validation` and a message. */
  addRetentionRule(rule: RetentionRule): Promise<RuleInfo>;
  /** Saves the next version (its plan must be approved again); a stale version is a `conflict`. */
  updateRetentionRule(rule: RetentionRule, expectedVersion: number): Promise<RuleInfo>;
  /** The dry run now; nothing changes. */
  retentionPlan(name: string): Promise<PlanInfo>;
  /** Approves the current version's plan (audited). */
  approveRetention(name: string): Promise<PlanInfo>;
  /** Starts a run in the background and returns it at once (status `running`); refuses with `conflict`
   *  when the plan is not approved or the rule is already running. */
  startRetentionRun(name: string): Promise<RunRow>;
  /** One run with its progress so far. */
  retentionRun(id: number): Promise<RunRow>;
  /** Asks a running run to stop after its current batch; false when it was not running. */
  cancelRetentionRun(id: number): Promise<boolean>;
  retentionRuns(rule: string | null, limit: number): Promise<RunRow[]>;
  retentionCertificate(id: number): Promise<RunCertificate>;
  /** Save dialog, then the signed PDF (in `language`, on `paper`) and its `.minisig`; null when cancelled. */
  saveRetentionCertificate(id: number, language: ReportLanguage, paper: ReportPaper): Promise<SavedFiles | null>;
  listHolds(includeInactive: boolean): Promise<LegalHold[]>;
  addHold(scope: HoldScope, reason: string, owner: string | null, until: string | null): Promise<LegalHold>;
  releaseHold(id: number, reason: string): Promise<LegalHold>;

  // Reports
  reportKeys(): Promise<ReportKeys>;
  /** Builds, renders and signs a report; `reportProgress(job)` tells its stage meanwhile. */
  generateReport(job: string, options: ReportOptions): Promise<GeneratedReport>;
  reportProgress(job: string): Promise<ReportStage | null>;
  /** The signed PDF of a generated report, byte for byte what `saveReport(id)` writes (for the preview);
   *  `not_found` once the backend no longer keeps it. */
  reportPdf(id: number): Promise<Uint8Array>;
  /** Save dialog, then the PDF as previewed, its `.minisig` and the workbook; null when cancelled. */
  saveReport(id: number): Promise<SavedFiles | null>;
  /** Open dialog, then both signatures checked; null when cancelled. */
  verifyReportFile(): Promise<VerifiedFile | null>;
  /** The organisation's imported signing certificates, the active one and the retired ones, oldest first. */
  signingCertificates(): Promise<SigningCertificate[]>;
  /** Native open dialog(s) for the organisation's own signing certificate (PKCS#12, or PEM certificate
   *  and key; a second dialog asks for the other PEM file), checked, then it signs the reports' embedded
   *  signature (the minisign key stays). `password` opens a PKCS#12 file or an encrypted key. Null when
   *  a dialog was cancelled. A password that does not open the file rejects with `wrong_passphrase`,
   *  a certificate that cannot sign (expired, key does not match, a CA certificate …) with `validation`
   *  and the reason; nothing is stored then. */
  importSigningCertificate(password: string | null): Promise<SigningCertificate | null>;
  /** Stops signing with the imported certificate (the installation's self-signed one signs again;
   *  earlier reports still verify). False when none was active. */
  retireSigningCertificate(): Promise<boolean>;
}

const ERROR_CODES: readonly ErrorCode[] = [
  'validation',
  'not_found',
  'conflict',
  'stale',
  'import',
  'locked',
  'wrong_passphrase',
  'internal',
];

export function isApiError(e: unknown): e is ApiError {
  if (typeof e !== 'object' || e === null) return false;
  const o = e as Record<string, unknown>;
  return (
    typeof o.code === 'string' &&
    (ERROR_CODES as readonly string[]).includes(o.code) &&
    typeof o.message === 'string' &&
    Array.isArray(o.fields) &&
    Array.isArray(o.rows)
  );
}

/** Any rejection as an ApiError (a string or Error from the shell becomes `internal`). */
export function toApiError(e: unknown): ApiError {
  if (isApiError(e)) return e;
  const message = e instanceof Error ? e.message : typeof e === 'string' ? e : JSON.stringify(e);
  return { code: 'internal', message, fields: [], rows: [] };
}
