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
  CalendarInfo,
  Completeness,
  Dashboard,
  DeadlineAnswer,
  DeadlineQuery,
  ErrorCode,
  ExportFormat,
  ImportSummary,
  NewEvent,
  NewRequest,
  Organisation,
  RequestListQuery,
  RequestPage,
  RequestStats,
  RequestView,
  Vocabularies,
  VocabularyEntry,
  VocabularyKind,
} from './types';

export interface AppInfo {
  version: string;
  db_path: string;
  schema_version: number;
  actor: string;
}

export interface Backend {
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
  /** Native file dialog in Rust; null when cancelled. */
  pickImportFile(): Promise<string | null>;
  pickExportFile(format: ExportFormat): Promise<string | null>;
  importRegister(path: string): Promise<ImportSummary>;
  /** Returns the number of activities written. */
  exportRegister(path: string, format: ExportFormat, asOf: string | null): Promise<number>;
  /** The first screen has rendered with its data (called once per start; the start-up benchmark's
   *  end mark, see scripts/bench-window.sh). */
  appReady(): Promise<void>;
}

const ERROR_CODES: readonly ErrorCode[] = ['validation', 'not_found', 'conflict', 'import', 'internal'];

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
