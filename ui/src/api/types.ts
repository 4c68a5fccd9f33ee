// The register types exactly as the Rust core serialises them (serde, snake_case field names).
// Mirrors crates/cockpit-domain (register.rs, completeness.rs, validate.rs, diff.rs) and
// crates/cockpit-api/src/dto.rs. To be replaced by bindings generated with tauri-specta: keep the names.
//
// Conventions: Option<T> -> T | null, Vec<T> -> T[], NaiveDate -> "YYYY-MM-DD", u32 -> number,
// timestamps (String in Rust) are RFC 3339 in UTC, serde_json::Value -> JsonValue.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** chrono::NaiveDate, serialised as "YYYY-MM-DD". */
export type NaiveDate = string;

// ---------------------------------------------------------------------------------------------
// register.rs

/** Art. 30(1) or Art. 30(2): whose record this is. */
export type Role = 'controller' | 'joint_controller' | 'processor';

export type ActivityStatus = 'draft' | 'active' | 'retired';

/** Art. 6(1) lawful bases, (a) to (f). */
export type LawfulBasis =
  | 'consent'
  | 'contract'
  | 'legal_obligation'
  | 'vital_interests'
  | 'public_task'
  | 'legitimate_interests';

/** Art. 9(2) conditions, (a) to (j). */
export type SpecialCategoryCondition =
  | 'explicit_consent'
  | 'employment_social_security'
  | 'vital_interests'
  | 'not_for_profit_body'
  | 'made_public_by_subject'
  | 'legal_claims'
  | 'substantial_public_interest'
  | 'health_or_social_care'
  | 'public_health'
  | 'archiving_research_statistics';

/** Chapter V transfer tools (Art. 45 to 49). */
export type TransferMechanism =
  | 'adequacy_decision'
  | 'public_authority_instrument'
  | 'binding_corporate_rules'
  | 'standard_contractual_clauses'
  | 'code_of_conduct'
  | 'certification'
  | 'ad_hoc_clauses'
  | 'administrative_arrangement'
  | 'derogation_explicit_consent'
  | 'derogation_contract'
  | 'derogation_contract_in_interest'
  | 'derogation_public_interest'
  | 'derogation_legal_claims'
  | 'derogation_vital_interests'
  | 'derogation_public_register'
  | 'compelling_legitimate_interests';

export type DataCategoryKind = 'ordinary' | 'special' | 'criminal';

export type RecipientKind = 'internal' | 'external';

export type MeasureKind = 'technical' | 'organisational';

export type RetentionUnit = 'days' | 'months' | 'years';

export interface RetentionPeriod {
  amount: number;
  unit: RetentionUnit;
  /** The event the period runs from; empty means "from collection". */
  trigger: string;
}

/** Art. 30(1)(f): a structured period, or the criteria used to determine it, or both. */
export interface Retention {
  period: RetentionPeriod | null;
  criteria: string;
}

export interface ActivityDataCategory {
  /** Name of a DataCategory vocabulary entry. */
  category: string;
  retention: Retention;
}

export interface Transfer {
  /** ISO 3166-1 alpha-2 country code, or "INT" for an international organisation. */
  country: string;
  recipient: string | null;
  mechanism: TransferMechanism | null;
  safeguards: string;
}

export interface Activity {
  /** Stable reference such as "PA-0007"; assigned on creation. */
  id: string;
  name: string;
  description: string;
  role: Role;
  parties: string[];
  purposes: string[];
  lawful_bases: LawfulBasis[];
  lia_reference: string;
  special_category_condition: SpecialCategoryCondition | null;
  criminal_data: boolean;
  data_subjects: string[];
  data_categories: ActivityDataCategory[];
  recipients: string[];
  transfers: Transfer[];
  measures: string[];
  systems: string[];
  data_source: string;
  automated_decision: boolean;
  automated_decision_logic: string;
  dpia_required: boolean;
  dpia_reference: string;
  department: string;
  owner: string;
  status: ActivityStatus;
  next_review: NaiveDate | null;
}

/** What the UI sends to create or edit an activity. */
export type ActivityInput = Activity;

export interface DataSubjectCategory {
  name: string;
  description: string;
}

export interface DataCategory {
  name: string;
  kind: DataCategoryKind;
  description: string;
}

export interface Recipient {
  name: string;
  kind: RecipientKind;
  /** Acts as a processor (Art. 28) for us. */
  processor: boolean;
  /** ISO 3166-1 alpha-2; empty when unknown. */
  country: string;
  description: string;
}

export interface System {
  name: string;
  description: string;
  hosting_country: string;
  owner: string;
}

export interface Measure {
  name: string;
  kind: MeasureKind;
  description: string;
}

export interface Party {
  name: string;
  contact: string;
  country: string;
  representative: string;
  dpo: string;
}

export interface Establishment {
  name: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** ISO 3166-2 subdivision such as "DE-BY"; empty for national. */
  region: string;
  /** IANA time zone such as "Europe/Madrid". */
  timezone: string;
  address: string;
  main: boolean;
  /** Public holidays of this place that the holiday data lack; they move its deadlines. */
  local_holidays?: LocalHoliday[];
}

/** One public holiday an organisation adds to an establishment's calendar. */
export interface LocalHoliday {
  /** YYYY-MM-DD. */
  date: string;
  name: string;
}

/** The controller's identity (Art. 30(1)(a)). */
export interface Organisation {
  name: string;
  legal_form: string;
  registration_number: string;
  address: string;
  email: string;
  phone: string;
  representative: string;
  dpo_name: string;
  dpo_email: string;
  dpo_phone: string;
  employees: number | null;
  art30_threshold: number;
  establishments: Establishment[];
}

export interface Register {
  organisation: Organisation | null;
  data_subject_categories: DataSubjectCategory[];
  data_categories: DataCategory[];
  recipients: Recipient[];
  systems: System[];
  measures: Measure[];
  parties: Party[];
  activities: Activity[];
}

// ---------------------------------------------------------------------------------------------
// completeness.rs

export type Severity = 'missing' | 'weak';

export type FindingCode =
  | 'no_purpose'
  | 'no_lawful_basis'
  | 'legitimate_interest_without_assessment'
  | 'no_data_subjects'
  | 'no_data_categories'
  | 'retention_missing'
  | 'special_category_without_condition'
  | 'criminal_data_not_flagged'
  | 'no_recipients_documented'
  | 'transfer_without_mechanism'
  | 'transfer_without_safeguard_documentation'
  | 'adequacy_claimed_without_decision'
  | 'third_country_recipient_without_transfer'
  | 'no_security_measures'
  | 'no_technical_measures'
  | 'no_systems'
  | 'no_data_source'
  | 'dpia_without_reference'
  | 'automated_decision_without_dpia'
  | 'processor_without_controllers'
  | 'joint_controller_without_parties'
  | 'no_owner'
  | 'no_review_date'
  | 'review_overdue';

export interface Finding {
  code: FindingCode;
  severity: Severity;
  /** The field path the finding is about, as in validation errors. */
  field: string;
  /** The provision the finding rests on, e.g. "Art. 30(1)(f)". */
  reference: string;
  /** Names the finding concerns (a data category, a country). */
  subject: string;
  /** English message for the CLI. */
  message: string;
}

export interface Completeness {
  activity_id: string;
  /** 0 to 100. */
  score: number;
  findings: Finding[];
}

/** complete 90-100, partial 60-89, poor 0-59. */
export type CompletenessBand = 'complete' | 'partial' | 'poor';

// ---------------------------------------------------------------------------------------------
// validate.rs

export type ValidationCode =
  | 'required'
  | 'too_long'
  | 'invalid_character'
  | 'invalid_format'
  | 'unknown_reference'
  | 'duplicate'
  | 'invalid_country'
  | 'invalid_region'
  | 'invalid_time_zone'
  | 'out_of_range';

/** One problem with one field. `field` is a path such as `data_categories[2].category`. */
export interface FieldError {
  field: string;
  code: ValidationCode;
  message: string;
}

// ---------------------------------------------------------------------------------------------
// diff.rs

export interface FieldChange {
  path: string;
  /** JSON of the old value; null when the field did not exist. */
  before: JsonValue;
  after: JsonValue;
}

// ---------------------------------------------------------------------------------------------
// cockpit-api dto.rs

export interface ActivitySummary {
  id: string;
  name: string;
  department: string;
  owner: string;
  role: Role;
  status: ActivityStatus;
  lawful_bases: LawfulBasis[];
  score: number;
  band: CompletenessBand;
  next_review: NaiveDate | null;
  /** Destination countries of the activity's transfers. */
  transfer_countries: string[];
  /** RFC 3339, UTC. */
  updated_at: string;
  version: number;
}

export type ActivitySort = 'id' | 'name' | 'department' | 'status' | 'score' | 'next_review' | 'updated_at';

export interface ActivityQuery {
  search: string | null;
  department: string | null;
  lawful_basis: LawfulBasis | null;
  status: ActivityStatus | null;
  band: CompletenessBand | null;
  sort: ActivitySort;
  descending: boolean;
  offset: number | null;
  limit: number | null;
}

export interface ActivityPage {
  items: ActivitySummary[];
  /** Matching rows before offset/limit. */
  total: number;
}

export interface ActivityDetail {
  activity: Activity;
  completeness: Completeness;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ActivityVersion {
  version: number;
  /** Audit entry number. */
  seq: number;
  at: string;
  actor: string;
  action: string;
  changes: FieldChange[];
  /** The activity as it stood after this change. */
  snapshot: Activity;
}

export interface Vocabularies {
  data_subject_categories: DataSubjectCategory[];
  data_categories: DataCategory[];
  recipients: Recipient[];
  systems: System[];
  measures: Measure[];
  parties: Party[];
  /** Departments used by activities (offered for filters). */
  departments: string[];
}

export type VocabularyKind = 'data_subject_category' | 'data_category' | 'recipient' | 'system' | 'measure' | 'party';

/** Adjacently tagged: `{ kind: "data_category", entry: {...} }`. */
export type VocabularyEntry =
  | { kind: 'data_subject_category'; entry: DataSubjectCategory }
  | { kind: 'data_category'; entry: DataCategory }
  | { kind: 'recipient'; entry: Recipient }
  | { kind: 'system'; entry: System }
  | { kind: 'measure'; entry: Measure }
  | { kind: 'party'; entry: Party };

export type ExportFormat = 'csv' | 'json' | 'xlsx';

export interface ImportError {
  /** The table (CSV record type or XLSX sheet); empty for file-level errors. */
  table: string;
  /** 1-based row number counting the header as row 1; 0 for file-level errors. */
  row: number;
  /** Column name; empty when the whole row or file is concerned. */
  column: string;
  message: string;
}

export interface ImportSummary {
  activities_created: number;
  activities_updated: number;
  activities_unchanged: number;
  vocabulary_created: number;
  vocabulary_updated: number;
  organisation_changed: boolean;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  object_type: string;
  object_id: string;
  action: string;
  before: JsonValue | null;
  after: JsonValue | null;
  prev_hash: string;
  hash: string;
}

export interface AuditQuery {
  object_type: string | null;
  object_id: string | null;
  /** Newest first; `before_seq` pages backwards. */
  before_seq: number | null;
  limit: number | null;
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  head_hash: string | null;
  first_broken_seq: number | null;
  problem: string | null;
  register_mismatches: string[];
}

export interface CountBy {
  key: string;
  count: number;
}

export interface Dashboard {
  activities: number;
  by_status: CountBy[];
  by_band: CountBy[];
  by_lawful_basis: CountBy[];
  /** Transfers by destination country (activities transferring there). */
  transfers_by_country: CountBy[];
  reviews_overdue: number;
  average_score: number;
  /** Whether the Art. 30(5) exemption could apply (head count under the threshold). */
  art30_5_headcount_exemption: boolean | null;
}

/** `conflict`: not possible in the current state (a duplicate name, a closed request, a step the
 *  workflow does not allow); `stale`: the object changed since it was read (another window, user or
 *  bulk action): reload it and apply the change again;
 *  `locked`: the database is encrypted and not unlocked (every call but the lock commands rejects so);
 *  `wrong_passphrase`: the passphrase does not open the database (nothing was opened or changed). */
export type ErrorCode =
  | 'validation'
  | 'not_found'
  | 'conflict'
  | 'stale'
  | 'import'
  | 'locked'
  | 'wrong_passphrase'
  | 'internal';

/** The error every API call rejects with. */
export interface ApiError {
  code: ErrorCode;
  message: string;
  /** Field errors for `validation`. */
  fields: FieldError[];
  /** Row errors for `import`. */
  rows: ImportError[];
}


// ---------------------------------------------------------------------------------------------
// Deadlines (crates/cockpit-deadline: query.rs, request.rs, breach.rs, regime.rs;
// crates/cockpit-api/src/deadline.rs)

/** The legal regimes whose time limits the core knows; `gdpr-breach` is the Art. 33 72-hour clock. */
export type Regime = 'gdpr' | 'uk-gdpr' | 'ccpa' | 'vcdpa' | 'cpa' | 'ucpa' | 'lgpd' | 'fadp' | 'pipeda' | 'quebec' | 'gdpr-breach';

/** A deadline question. Dates are "YYYY-MM-DD"; `aware_at` is "YYYY-MM-DDTHH:MM:SS" (optionally with an
 *  offset), read in `tz` (an IANA name). Request regimes need `calendar` and `received`; `gdpr-breach`
 *  needs `aware_at` and `tz`. Rust refuses unknown keys. */
export interface DeadlineQuery {
  /** A Regime code; a string because an unknown one is answered with a validation error. */
  regime: string;
  calendar: string | null;
  received: NaiveDate | null;
  extended: boolean;
  id_requested: NaiveDate | null;
  id_received: NaiveDate | null;
  clarification_asked: NaiveDate | null;
  clarification_received: NaiveDate | null;
  aware_at: string | null;
  tz: string | null;
}

/** One date a reading of the law produces, with its rule and source. */
export interface Candidate {
  label: string;
  date: NaiveDate;
  rule: string;
  source: string;
}

/** The computed time limits of a data-subject request. */
export interface RequestDeadline {
  regime: Regime;
  calendar: string;
  received: NaiveDate;
  /** The day from which the period runs (UK: the day proof of identity arrived). */
  clock_start: NaiveDate;
  legal_due: NaiveDate;
  /** The earliest date among the supported readings; never later than `legal_due`. */
  safe_due: NaiveDate;
  /** When the requester must be told of an extension; null when the regime allows none. */
  extension_notice_due: NaiveDate | null;
  extension_notice_safe_due: NaiveDate | null;
  /** Present only when the question asked for the extension (Rust skips the key otherwise). */
  extended_legal_due?: NaiveDate | null;
  extended_safe_due?: NaiveDate | null;
  /** Days the legal date was pushed back by waits for the requester. */
  paused_days: number;
  rule: string;
  source: string;
  explanation: string;
  candidates: Candidate[];
  /** Other clocks of the regime (e.g. the CCPA acknowledgement). */
  other_dates: Candidate[];
  notes: string[];
}

/** The GDPR Art. 33 deadline. Instants are RFC 3339: with the zone's offset, or in UTC ("…Z"). */
export interface BreachDeadline {
  regime: Regime;
  tz: string;
  aware_at: string;
  aware_at_utc: string;
  legal_due: string;
  legal_due_utc: string;
  safe_due: string;
  rule: string;
  source: string;
  explanation: string;
}

/** Untagged in Rust: a request's dates or the breach instant (`isBreachDeadline` in ./enums tells which). */
export type DeadlineAnswer = RequestDeadline | BreachDeadline;

/** A holiday calendar the user can pick. */
export interface CalendarInfo {
  code: string;
  label: string;
  /** First and last year with holiday data (null for `none`: every year). */
  first_year: number | null;
  last_year: number | null;
}

// ---------------------------------------------------------------------------------------------
// Data-subject requests (crates/cockpit-domain/src/request.rs, crates/cockpit-store/src/request.rs,
// crates/cockpit-api/src/requests.rs)

/** What the data subject asks for: the GDPR catalogue, or the US state laws' rights (`RequestType::valid_for`). */
export type RequestType =
  | 'access'
  | 'rectification'
  | 'erasure'
  | 'restriction'
  | 'portability'
  | 'objection'
  | 'automated-decision'
  | 'know'
  | 'delete'
  | 'correct'
  | 'opt-out'
  | 'limit';

/** How the request arrived. */
export type RequestChannel = 'email' | 'web-form' | 'post' | 'phone' | 'in-person' | 'other';

/** Where a request stands, derived from its events. */
export type RequestStatus =
  | 'received'
  | 'identity-check'
  | 'in-progress'
  | 'waiting-for-requester'
  | 'extended'
  | 'completed'
  | 'refused'
  | 'withdrawn';

/** A step of the workflow. `extended` and `refused` need a note (the reasons told to the requester). */
export type EventKind =
  | 'identity-requested'
  | 'identity-received'
  | 'started'
  | 'clarification-requested'
  | 'clarification-received'
  | 'extended'
  | 'completed'
  | 'refused'
  | 'withdrawn'
  | 'note';

/** Something that happened to a request, on a local date of the establishment. */
export interface RequestEvent {
  date: NaiveDate;
  kind: EventKind;
  note: string;
}

/** Who asked: no more than is needed to answer and to find them again. */
export interface Requester {
  name: string;
  email: string;
  /** A customer or employee number, a ticket reference. */
  reference: string;
}

/** chrono::NaiveDateTime: local "YYYY-MM-DDTHH:MM:SS" (no zone). */
export type NaiveDateTime = string;

export interface DataSubjectRequest {
  /** "DSR-2026-0001"; assigned by the store. */
  id: string;
  regime: Regime;
  request_type: RequestType;
  channel: RequestChannel;
  /** Local date and time of receipt at the establishment. */
  received_at: NaiveDateTime;
  /** IANA zone of the establishment. */
  timezone: string;
  establishment: string;
  /** Holiday calendar (ISO code or "none"). */
  calendar: string;
  requester: Requester;
  summary: string;
  /** Processing activities that hold the requester's data. */
  activities: string[];
  /** The story so far, oldest first. */
  events: RequestEvent[];
  /** One task per system (or owner) holding the requester's data. */
  tasks?: SystemTask[];
  /** Art. 19: the recipients to tell of a rectification, erasure or restriction. */
  recipients?: RecipientNotice[];
}

/** One system (or owner) to search, correct or erase for a request. */
export interface SystemTask {
  /** Empty when the activity records no system (the task then goes to its owner). */
  system: string;
  owner: string;
  activities: string[];
  /** The internal due date, before the legal one. */
  due: NaiveDate;
  done_on?: NaiveDate | null;
  /** What was done and where the proof is. */
  evidence?: string;
}

/** Where telling one recipient stands (GDPR Art. 19). */
export type NoticeStatus = 'pending' | 'notified' | 'acknowledged' | 'impossible' | 'disproportionate-effort';

/** One recipient to tell of a rectification, erasure or restriction. */
export interface RecipientNotice {
  recipient: string;
  external: boolean;
  country?: string;
  activities: string[];
  status: NoticeStatus;
  date?: NaiveDate | null;
  reason?: string;
}

/** The dates that matter today, recomputed from the events. */
export interface RequestDue {
  status: RequestStatus;
  /** The date the answer is due now (the extended date once a timely extension is recorded). */
  due: NaiveDate;
  safe_due: NaiveDate;
  /** Days from today to `due` (negative when overdue); null once closed. */
  days_left: number | null;
  overdue: boolean;
  /** A running wait stops the clock: `due` assumes the answer comes today and moves each day. */
  clock_stopped: boolean;
  closed_on: NaiveDate | null;
  on_time: boolean | null;
  deadline: RequestDeadline;
  warnings: string[];
}

/** A request with its dates as of `today`. */
export interface RequestView {
  request: DataSubjectRequest;
  version: number;
  today: NaiveDate;
  due: RequestDue;
  /** The workflow steps the request allows next, in workflow order (what the UI offers); the backend
   *  checks every step again. */
  next_steps: EventKind[];
}

/** A letter to the requester. */
export type LetterKind =
  | 'acknowledgement'
  | 'identity-request'
  | 'clarification-request'
  | 'extension-notice'
  | 'completion'
  | 'refusal'
  | 'access-answer';

export type LetterLanguage = 'en' | 'es' | 'de' | 'fr';

/** A rendered letter. */
export interface Letter {
  kind: LetterKind;
  language: LetterLanguage;
  subject: string;
  body: string;
  /** Things to check before sending (a late extension notice, no linked activity …). */
  warnings: string[];
}

/** A letter template as the editor shows it: MiniJinja text whose first line is "Subject: …". */
export interface LetterTemplate {
  kind: LetterKind;
  language: LetterLanguage;
  text: string;
  /** The organisation's own wording (false: the default). */
  customised: boolean;
}

/** A letter saved as a PDF; the audit trail records it as issued with this SHA-256. */
export interface SavedLetter {
  pdf: string;
  sha256: string;
  warnings: string[];
}

/** When to remind of due dates (desktop notifications). */
export interface ReminderSettings {
  enabled: boolean;
  /** Days before the due date, most distant first (0: on the day); at most 5, each at most 60. */
  days_before: number[];
  /** Once more on the first day a request is overdue. */
  overdue: boolean;
}

/** A request as the intake form gives it. */
export interface NewRequest {
  regime: Regime;
  request_type: RequestType;
  channel: RequestChannel;
  received_at: NaiveDateTime;
  /** The establishment's name; null: the main establishment. */
  establishment: string | null;
  /** A holiday calendar other than the establishment's; usually null. */
  calendar: string | null;
  requester: Requester;
  summary: string;
  activities: string[];
  /** Events that already happened (a take-over from another tool); usually empty. */
  events: RequestEvent[];
}

export interface NewEvent {
  kind: EventKind;
  date: NaiveDate;
  note: string;
}

/** What the request list shows. */
export interface RequestListQuery {
  /** true: open only; false: closed only; null: all. */
  open: boolean | null;
  statuses: RequestStatus[];
  regime: Regime | null;
  request_type: RequestType | null;
  /** Open requests whose running clock has passed the due date. */
  overdue: boolean;
  /** Open requests due within this many days (overdue ones included). */
  due_within_days: number | null;
  text: string | null;
  /** "due" (default), "received" or "id". */
  sort: string | null;
  desc: boolean;
  offset: number;
  /** Page size, 1–1000 (default 100). */
  limit: number | null;
}

/** One row of the request list (codes as strings, as the store keeps them). */
export interface RequestRow {
  id: string;
  regime: string;
  request_type: string;
  channel: string;
  status: string;
  received: NaiveDate;
  due: NaiveDate;
  safe_due: NaiveDate;
  clock_stopped: boolean;
  closed_on: NaiveDate | null;
  on_time: boolean | null;
  requester_name: string;
  version: number;
}

export interface RequestPage {
  items: RequestRow[];
  total: number;
  today: NaiveDate;
}

/** Request figures as of today, over the last 12 months. */
export interface RequestStats {
  open: number;
  overdue: number;
  due_within_7_days: number;
  clock_stopped: number;
  /** [status, count]: open requests by status, and those closed in the window by outcome. */
  by_status: [string, number][];
  /** [type, count] of requests received in the window. */
  by_type: [string, number][];
  /** [YYYY-MM, received, closed, closed on time] over the window. */
  by_month: [string, number, number, number][];
  closed_in_window: number;
  closed_on_time_in_window: number;
  /** Median days from receipt to closing over the window; null when none closed. */
  median_days_to_close: number | null;
}

// ------------------------------------------------------------------------------------------------
// Retention (crates/cockpit-domain/src/retention.rs, cockpit-connect, cockpit-retention, the store's
// retention rows and crates/cockpit-api/src/retention.rs)

export type DatastoreKind = 'sqlite' | 'postgres' | 'mysql' | 'folder';

/** A datastore of the organisation; `url` never carries a password. */
export interface DatastoreRow {
  name: string;
  kind: string;
  url: string;
  has_secret: boolean;
  created_at: string;
}

export interface ConnectionTest {
  kind: DatastoreKind;
  server_version: string;
  /** Visible tables (for folders: the number of files, as text). */
  tables: string[];
}

export type ColumnKind = 'integer' | 'real' | 'text' | 'date' | 'timestamp' | 'timestamp_tz' | 'other';

export interface ColumnInfo {
  name: string;
  data_type: string;
  kind: ColumnKind;
  nullable: boolean;
}

export interface TableInfo {
  name: string;
  columns: ColumnInfo[];
  /** Single-column unique keys. */
  unique_columns: string[];
  has_rowid: boolean;
}

export interface Catalog {
  tables: TableInfo[];
}

export type PeriodUnit = 'days' | 'months' | 'years';

/** A rule's period (Rust `cockpit_domain::retention::RetentionPeriod`, renamed in the bindings). */
export type RulePeriod =
  | { kind: 'elapsed'; amount: number; unit: PeriodUnit }
  | { kind: 'after_fiscal_year_end'; years: number; fy_end_month: number; fy_end_day: number };

export type TimeFormat = 'auto' | 'native' | 'iso_text' | 'epoch_seconds' | 'epoch_millis';

export type FilterOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'is_null' | 'is_not_null';

export interface Filter {
  column: string;
  op: FilterOp;
  value: string | null;
}

export type AnonMethod = { method: 'null' } | { method: 'fixed'; value: string } | { method: 'hash' };

export interface AnonColumn {
  column: string;
  method: AnonMethod;
}

export type RetentionAction = { kind: 'delete' } | { kind: 'anonymize'; columns: AnonColumn[] } | { kind: 'delete_files' };

export type RetentionTarget =
  | { kind: 'table'; table: string; time_column: string; time_format: TimeFormat; key_column: string; filters: Filter[] }
  | { kind: 'folder'; glob: string };

export interface RetentionRule {
  name: string;
  datastore: string;
  activity: string | null;
  data_category: string | null;
  target: RetentionTarget;
  keep: RulePeriod;
  action: RetentionAction;
  batch_size: number;
  /** Five-field cron expression in `timezone`; null = run by hand only. */
  schedule: string | null;
  timezone: string;
  enabled: boolean;
  description: string;
}

/** A retention run; `planned`, `affected` and `batches` grow while `status` is `running`. */
export interface RunRow {
  id: number;
  rule: string;
  rule_version: number;
  trigger: string;
  slot: string | null;
  cutoff: string;
  planned: number;
  held: number;
  /** running | completed | held | cancelled | failed */
  status: string;
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  affected: number;
  batches: number;
  errors: string[];
  digest: string | null;
  resumed: number;
}

export interface RuleInfo {
  rule: RetentionRule;
  version: number;
  approved: boolean;
  approved_at: string | null;
  approved_by: string | null;
  next_run: string | null;
  last_run: RunRow | null;
}

export interface TimeComparison {
  format: TimeFormat;
  explanation: string;
}

export interface PlanInfo {
  rule: string;
  cutoff: string;
  affected: number;
  held: number;
  sample_keys: string[];
  statements: string[];
  time_comparison: TimeComparison;
  whole_rule_holds: number[];
  version: number;
  approved: boolean;
  /** The period in words ("18 calendar months"). */
  period: string;
  /** delete | anonymize | delete-files */
  action: string;
}

export interface BatchRow {
  n: number;
  first_key: string | null;
  last_key: string | null;
  count: number;
  held: number;
  digest: string;
  ms: number;
  recovered: boolean;
  committed_at: string;
}

export interface RunCertificate {
  run: RunRow;
  rule: RetentionRule;
  datastore: DatastoreRow;
  activity_name: string | null;
  batches: BatchRow[];
  recomputed_digest: string;
  audited_digest: string | null;
  evidence_consistent: boolean;
  audit_chain_ok: boolean;
  audit_head: string;
}

export type HoldScope =
  | { kind: 'rule'; rule: string }
  | { kind: 'activity'; activity: string }
  | { kind: 'keys'; rule: string; keys: string[] };

export interface LegalHold {
  id: number;
  scope: HoldScope;
  reason: string;
  owner: string;
  created_at: string;
  /** Last day the hold applies; null = until released. */
  until: string | null;
  released_at: string | null;
  released_by: string | null;
  release_reason: string | null;
}

/** Where a signed PDF (and its `.minisig`, and a workbook) was saved. */
export interface SavedFiles {
  pdf: string;
  minisig: string;
  xlsx: string | null;
}

export type ReportPaper = 'a4' | 'letter';

// ------------------------------------------------------------------------------------------------
// Reports (crates/cockpit-api/src/reports.rs, src-tauri/src/commands.rs)

export type ReportScope = 'ropa' | 'requests' | 'retention' | 'audit' | 'inspection-pack';
export type ReportLanguage = 'en' | 'es' | 'de' | 'fr';

export interface ReportOptions {
  scope: ReportScope;
  /** ROPA and inspection pack only; null = today. */
  as_of: string | null;
  language: ReportLanguage;
  paper: ReportPaper;
  xlsx: boolean;
}

export type ReportStage = 'collecting' | 'rendering' | 'signing' | 'tabulating' | 'done';

/** A generated report, kept by the backend until saved; its PDF comes from `reportPdf(id)`. */
export interface GeneratedReport {
  id: number;
  pages: number;
  bytes: number;
  suggested_file_name: string;
  has_xlsx: boolean;
}

export interface ReportKeys {
  minisign_public_key: string;
  minisign_key_id: string;
  /** SHA-256 of the PDF signing certificate (DER), hex. */
  certificate_fingerprint: string;
  certificate_subject: string;
  /** Who issued it (its own subject when self-signed). */
  certificate_issuer: string;
  /** Its last valid day (YYYY-MM-DD). */
  certificate_valid_until: string;
  /** The organisation's own, imported certificate signs (false: the installation's self-signed one). */
  certificate_imported: boolean;
}

/** An imported signing certificate of the organisation (the active one or a retired one). */
export interface SigningCertificate {
  id: number;
  subject: string;
  issuer: string;
  /** The serial number, hex. */
  serial: string;
  /** RFC 3339, UTC. */
  not_before: string;
  not_after: string;
  /** SHA-256 of the certificate (DER), hex in groups of four. */
  fingerprint: string;
  /** "ECDSA P-256", "RSA 3072" … */
  key_algorithm: string;
  /** The issuers carried with it, nearest first. */
  issuers: string[];
  self_issued: boolean;
  imported_at: string;
  retired_at: string | null;
  /** It signs the reports now. */
  active: boolean;
}

export interface ReportVerification {
  ok: boolean;
  embedded_valid: boolean;
  embedded_signer: string;
  embedded_problem: string | null;
  signed_by_this_installation: boolean;
  minisig_valid: boolean | null;
  minisig_problem: string | null;
}

export interface VerifiedFile {
  path: string;
  minisig_path: string | null;
  result: ReportVerification;
}

// ------------------------------------------------------------------------------------------------
// Backups (crates/cockpit-api/src/security.rs, src-tauri/src/commands.rs)

/** Automatic backups: into `directory`, every `every_hours` hours, keeping the newest `keep`. */
export interface BackupSchedule {
  /** An absolute path. */
  directory: string;
  /** 1–744. */
  every_hours: number;
  /** 1–365. */
  keep: number;
}

/** One automatic backup in the backup folder. */
export interface BackupFile {
  name: string;
  bytes: number;
  /** RFC 3339, UTC. */
  modified: string;
}

/** What a backup, restore or encryption wrote. */
export interface BackupReport {
  path: string;
  /** File size in bytes. */
  bytes: number;
  schema_version: number;
  /** Audit entries in the copy, and the hash of the last one: the copy proves where the chain stood. */
  audit_entries: number;
  audit_head: string | null;
  /** On a forced restore: where the replaced database was moved (it is never deleted). */
  replaced: string | null;
  encrypted: boolean;
}

/** The automatic backups' settings and state. */
export interface BackupStatus {
  /** Null: automatic backups are off. */
  schedule: BackupSchedule | null;
  /** Whether automatic backups can run (they need an encrypted database), and why not. */
  available: boolean;
  unavailable_reason: string | null;
  /** The last automatic backup attempt (RFC 3339, UTC), its file, and its error when it failed. */
  last_at: string | null;
  last_file: string | null;
  last_error: string | null;
  /** When the next one is due (RFC 3339, UTC). */
  next_due: string | null;
  /** The automatic backups now in the folder, newest first. */
  files: BackupFile[];
}
