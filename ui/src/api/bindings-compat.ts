// Compile-time proof that the UI's types (./types) and the types generated from Rust (../bindings)
// describe the same data. The generated types mark `#[serde(default)]` fields optional (Rust accepts
// them missing on input); apart from that optionality, every shape must be identical, so a field added,
// removed, renamed or retyped in Rust fails `tsc` here until ./types follows. No runtime code.
import type * as G from '../bindings';
import type * as U from './types';
import type { AppInfo, DatabaseState, LockStatus } from './backend';

type DeepRequired<T> = T extends (infer E)[]
  ? DeepRequired<E>[]
  : T extends object
    ? { [K in keyof T]-?: DeepRequired<T[K]> }
    : T;
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Same<A, B> = Equal<DeepRequired<A>, DeepRequired<B>>;

type Checks = {
  AppInfo: Same<G.AppInfo, AppInfo>;
  LockStatus: Same<G.LockStatus, LockStatus>;
  DatabaseState: Same<G.DatabaseState, DatabaseState>;
  Activity: Same<G.Activity, U.Activity>;
  ActivityDetail: Same<G.ActivityDetail, U.ActivityDetail>;
  ActivityPage: Same<G.ActivityPage, U.ActivityPage>;
  ActivityQuery: Same<G.ActivityQuery, U.ActivityQuery>;
  ActivityVersion: Same<G.ActivityVersion, U.ActivityVersion>;
  AuditEntry: Same<G.AuditEntry, U.AuditEntry>;
  AuditQuery: Same<G.AuditQuery, U.AuditQuery>;
  AuditVerification: Same<G.AuditVerification, U.AuditVerification>;
  BreachDeadline: Same<G.BreachDeadline, U.BreachDeadline>;
  CalendarInfo: Same<G.CalendarInfo, U.CalendarInfo>;
  Candidate: Same<G.Candidate, U.Candidate>;
  Completeness: Same<G.Completeness, U.Completeness>;
  Dashboard: Same<G.Dashboard, U.Dashboard>;
  DeadlineAnswer: Same<G.DeadlineAnswer, U.DeadlineAnswer>;
  DeadlineQuery: Same<G.DeadlineQuery, U.DeadlineQuery>;
  ExportFormat: Same<G.ExportFormat, U.ExportFormat>;
  ImportSummary: Same<G.ImportSummary, U.ImportSummary>;
  ApiError: Same<G.ApiError, U.ApiError>;
  Organisation: Same<G.Organisation, U.Organisation>;
  Regime: Same<G.Regime, U.Regime>;
  RequestDeadline: Same<G.RequestDeadline, U.RequestDeadline>;
  Vocabularies: Same<G.Vocabularies, U.Vocabularies>;
  VocabularyEntry: Same<G.VocabularyEntry, U.VocabularyEntry>;
  VocabularyKind: Same<G.VocabularyKind, U.VocabularyKind>;
  DataSubjectRequest: Same<G.DataSubjectRequest, U.DataSubjectRequest>;
  EventKind: Same<G.EventKind, U.EventKind>;
  NewEvent: Same<G.NewEvent, U.NewEvent>;
  NewRequest: Same<G.NewRequest, U.NewRequest>;
  RequestChannel: Same<G.RequestChannel, U.RequestChannel>;
  Letter: Same<G.Letter, U.Letter>;
  LetterKind: Same<G.LetterKind, U.LetterKind>;
  LetterLanguage: Same<G.LetterLanguage, U.LetterLanguage>;
  LetterTemplate: Same<G.LetterTemplate, U.LetterTemplate>;
  SavedLetter: Same<G.SavedLetter, U.SavedLetter>;
  ReminderSettings: Same<G.ReminderSettings, U.ReminderSettings>;
  NoticeStatus: Same<G.NoticeStatus, U.NoticeStatus>;
  SystemTask: Same<G.SystemTask, U.SystemTask>;
  RecipientNotice: Same<G.RecipientNotice, U.RecipientNotice>;
  RequestDue: Same<G.RequestDue, U.RequestDue>;
  RequestEvent: Same<G.RequestEvent, U.RequestEvent>;
  RequestListQuery: Same<G.RequestListQuery, U.RequestListQuery>;
  RequestPage: Same<G.RequestPage, U.RequestPage>;
  RequestRow: Same<G.RequestRow, U.RequestRow>;
  RequestStats: Same<G.RequestStats, U.RequestStats>;
  RequestStatus: Same<G.RequestStatus, U.RequestStatus>;
  RequestType: Same<G.RequestType, U.RequestType>;
  RequestView: Same<G.RequestView, U.RequestView>;
  Requester: Same<G.Requester, U.Requester>;
  DatastoreRow: Same<G.DatastoreRow, U.DatastoreRow>;
  DatastoreKind: Same<G.DatastoreKind, U.DatastoreKind>;
  ConnectionTest: Same<G.ConnectionTest, U.ConnectionTest>;
  Catalog: Same<G.Catalog, U.Catalog>;
  TableInfo: Same<G.TableInfo, U.TableInfo>;
  ColumnInfo: Same<G.ColumnInfo, U.ColumnInfo>;
  ColumnKind: Same<G.ColumnKind, U.ColumnKind>;
  RetentionRule: Same<G.RetentionRule, U.RetentionRule>;
  RulePeriod: Same<G.RulePeriod, U.RulePeriod>;
  PeriodUnit: Same<G.PeriodUnit, U.PeriodUnit>;
  RetentionTarget: Same<G.RetentionTarget, U.RetentionTarget>;
  RetentionAction: Same<G.RetentionAction, U.RetentionAction>;
  AnonColumn: Same<G.AnonColumn, U.AnonColumn>;
  AnonMethod: Same<G.AnonMethod, U.AnonMethod>;
  Filter: Same<G.Filter, U.Filter>;
  FilterOp: Same<G.FilterOp, U.FilterOp>;
  TimeFormat: Same<G.TimeFormat, U.TimeFormat>;
  TimeComparison: Same<G.TimeComparison, U.TimeComparison>;
  RuleInfo: Same<G.RuleInfo, U.RuleInfo>;
  RunRow: Same<G.RunRow, U.RunRow>;
  PlanInfo: Same<G.PlanInfo, U.PlanInfo>;
  BatchRow: Same<G.BatchRow, U.BatchRow>;
  RunCertificate: Same<G.RunCertificate, U.RunCertificate>;
  HoldScope: Same<G.HoldScope, U.HoldScope>;
  LegalHold: Same<G.LegalHold, U.LegalHold>;
  SavedFiles: Same<G.SavedFiles, U.SavedFiles>;
  ReportPaper: Same<G.ReportPaper, U.ReportPaper>;
  ReportScope: Same<G.ReportScope, U.ReportScope>;
  ReportLanguage: Same<G.ReportLanguage, U.ReportLanguage>;
  ReportOptions: Same<G.ReportOptions, U.ReportOptions>;
  ReportStage: Same<G.ReportStage, U.ReportStage>;
  GeneratedReport: Same<G.GeneratedReport, U.GeneratedReport>;
  ReportKeys: Same<G.ReportKeys, U.ReportKeys>;
  SigningCertificate: Same<G.SigningCertificate, U.SigningCertificate>;
  ReportVerification: Same<G.ReportVerification, U.ReportVerification>;
  VerifiedFile: Same<G.VerifiedFile, U.VerifiedFile>;
  BackupSchedule: Same<G.BackupSchedule, U.BackupSchedule>;
  BackupFile: Same<G.BackupFile, U.BackupFile>;
  BackupReport: Same<G.BackupReport, U.BackupReport>;
  BackupStatus: Same<G.BackupStatus, U.BackupStatus>;
};

// Each entry must be `true`; a mismatch makes this assignment a type error naming the type.
export const bindingsMatchTypes: { [K in keyof Checks]: Checks[K] extends true ? true : never } = {
  AppInfo: true,
  LockStatus: true,
  DatabaseState: true,
  Activity: true,
  ActivityDetail: true,
  ActivityPage: true,
  ActivityQuery: true,
  ActivityVersion: true,
  AuditEntry: true,
  AuditQuery: true,
  AuditVerification: true,
  BreachDeadline: true,
  CalendarInfo: true,
  Candidate: true,
  Completeness: true,
  Dashboard: true,
  DeadlineAnswer: true,
  DeadlineQuery: true,
  ExportFormat: true,
  ImportSummary: true,
  ApiError: true,
  Organisation: true,
  Regime: true,
  RequestDeadline: true,
  Vocabularies: true,
  VocabularyEntry: true,
  VocabularyKind: true,
  DataSubjectRequest: true,
  EventKind: true,
  NewEvent: true,
  NewRequest: true,
  RequestChannel: true,
  Letter: true,
  LetterKind: true,
  LetterLanguage: true,
  LetterTemplate: true,
  SavedLetter: true,
  ReminderSettings: true,
  NoticeStatus: true,
  SystemTask: true,
  RecipientNotice: true,
  RequestDue: true,
  RequestEvent: true,
  RequestListQuery: true,
  RequestPage: true,
  RequestRow: true,
  RequestStats: true,
  RequestStatus: true,
  RequestType: true,
  RequestView: true,
  Requester: true,
  DatastoreRow: true,
  DatastoreKind: true,
  ConnectionTest: true,
  Catalog: true,
  TableInfo: true,
  ColumnInfo: true,
  ColumnKind: true,
  RetentionRule: true,
  RulePeriod: true,
  PeriodUnit: true,
  RetentionTarget: true,
  RetentionAction: true,
  AnonColumn: true,
  AnonMethod: true,
  Filter: true,
  FilterOp: true,
  TimeFormat: true,
  TimeComparison: true,
  RuleInfo: true,
  RunRow: true,
  PlanInfo: true,
  BatchRow: true,
  RunCertificate: true,
  HoldScope: true,
  LegalHold: true,
  SavedFiles: true,
  ReportPaper: true,
  ReportScope: true,
  ReportLanguage: true,
  ReportOptions: true,
  ReportStage: true,
  GeneratedReport: true,
  ReportKeys: true,
  SigningCertificate: true,
  ReportVerification: true,
  VerifiedFile: true,
  BackupSchedule: true,
  BackupFile: true,
  BackupReport: true,
  BackupStatus: true,
};
