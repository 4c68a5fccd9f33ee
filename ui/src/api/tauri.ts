// Backend over Tauri IPC, through the bindings generated from the Rust commands (src/bindings.ts,
// refreshed by `UPDATE_BINDINGS=1 cargo test -p cockpit-desktop --test bindings`). Command names and
// argument types are therefore checked by tsc against Rust.
//
// Results are typed with the UI's own types (./types): the generated types mark every field that has
// `#[serde(default)]` in Rust as optional, because Rust accepts it missing on input, but Rust always
// sends every field. ./bindings-compat.ts proves at compile time that the two sets of types describe
// the same shapes apart from that optionality.
import { commands } from '../bindings';
import type { AppInfo, Backend, LockStatus } from './backend';
import type {
  Activity,
  ActivityDetail,
  ActivityPage,
  ActivityQuery,
  ActivityVersion,
  AuditEntry,
  AuditQuery,
  AuditVerification,
  BackupReport,
  BackupStatus,
  BackupSchedule,
  CalendarInfo,
  Completeness,
  Dashboard,
  DeadlineAnswer,
  DeadlineQuery,
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
  RetentionRule,
  RuleInfo,
  RunCertificate,
  RunRow,
  SavedFiles,
  SigningCertificate,
  VerifiedFile,
} from './types';

/** A Rust result whose every field is present (see the header comment). */
const sent = <T>(p: Promise<unknown>): Promise<T> => p as Promise<T>;

export class TauriBackend implements Backend {
  lockStatus = () => sent<LockStatus>(commands.lockStatus());
  createDatabase = (passphrase: string | null, remember: boolean) =>
    sent<LockStatus>(commands.createDatabase(passphrase, remember));
  unlock = (passphrase: string, remember: boolean) => sent<LockStatus>(commands.unlockDatabase(passphrase, remember));
  lock = () => sent<LockStatus>(commands.lockDatabase());
  forgetPassphrase = () => sent<LockStatus>(commands.forgetPassphrase());
  changePassphrase = (oldPassphrase: string, newPassphrase: string) =>
    sent<LockStatus>(commands.changePassphrase(oldPassphrase, newPassphrase));
  backupStatus = () => sent<BackupStatus>(commands.backupStatus());
  setBackupSchedule = (schedule: BackupSchedule | null) => sent<BackupStatus>(commands.setBackupSchedule(schedule));
  chooseBackupDirectory = () => commands.chooseBackupDirectory();
  backupNow = () => sent<BackupReport | null>(commands.backupNow());
  appInfo = () => sent<AppInfo>(commands.appInfo());
  getOrganisation = () => sent<Organisation | null>(commands.getOrganisation());
  setOrganisation = (org: Organisation) => sent<Organisation>(commands.setOrganisation(org));
  getVocabularies = () => sent<Vocabularies>(commands.getVocabularies());
  saveVocabularyEntry = (entry: VocabularyEntry, originalName: string | null) =>
    sent<VocabularyEntry>(commands.saveVocabularyEntry(entry, originalName));
  deleteVocabularyEntry = async (kind: VocabularyKind, name: string) => {
    await commands.deleteVocabularyEntry(kind, name);
  };
  listActivities = (query: ActivityQuery, asOf: string | null) =>
    sent<ActivityPage>(commands.listActivities(query, asOf));
  getActivity = (id: string) => sent<ActivityDetail>(commands.getActivity(id));
  createActivity = (activity: Activity) => sent<ActivityDetail>(commands.createActivity(activity));
  updateActivity = (activity: Activity, expectedVersion: number) =>
    sent<ActivityDetail>(commands.updateActivity(activity, expectedVersion));
  retireActivity = (id: string) => sent<ActivityDetail>(commands.retireActivity(id));
  activityHistory = (id: string) => sent<ActivityVersion[]>(commands.activityHistory(id));
  checkActivity = (activity: Activity) => sent<Completeness>(commands.checkActivity(activity));
  dashboard = () => sent<Dashboard>(commands.dashboard());
  auditLog = (query: AuditQuery) => sent<AuditEntry[]>(commands.auditLog(query));
  verifyAudit = () => sent<AuditVerification>(commands.verifyAudit());
  computeDeadline = (query: DeadlineQuery) => sent<DeadlineAnswer>(commands.computeDeadline(query));
  listCalendars = () => sent<CalendarInfo[]>(commands.listCalendars());
  addRequest = (request: NewRequest) => sent<RequestView>(commands.addRequest(request));
  getRequest = (id: string) => sent<RequestView>(commands.getRequest(id));
  listRequests = (query: RequestListQuery) => sent<RequestPage>(commands.listRequests(query));
  addRequestEvent = (id: string, event: NewEvent, expectedVersion: number | null) =>
    sent<RequestView>(commands.addRequestEvent(id, event, expectedVersion));
  bulkRequestEvent = (ids: string[], event: NewEvent) => sent<RequestView[]>(commands.bulkRequestEvent(ids, event));
  requestStats = () => sent<RequestStats>(commands.requestStats());
  linkRequestActivities = (id: string, activities: string[], expectedVersion: number | null) =>
    sent<RequestView>(commands.linkRequestActivities(id, activities, expectedVersion));
  completeRequestTask = (id: string, system: string, date: string, evidence: string, expectedVersion: number | null) =>
    sent<RequestView>(commands.completeRequestTask(id, system, date, evidence, expectedVersion));
  recordRecipientNotice = (
    id: string,
    recipient: string,
    status: NoticeStatus,
    date: string,
    reason: string,
    expectedVersion: number | null,
  ) => sent<RequestView>(commands.recordRecipientNotice(id, recipient, status, date, reason, expectedVersion));
  letterTemplate = (kind: LetterKind, language: LetterLanguage) =>
    sent<LetterTemplate>(commands.letterTemplate(kind, language));
  setLetterTemplate = (kind: LetterKind, language: LetterLanguage, text: string | null) =>
    sent<LetterTemplate>(commands.setLetterTemplate(kind, language, text));
  previewLetterTemplate = (
    kind: LetterKind,
    language: LetterLanguage,
    text: string,
    id: string | null,
    reason: string | null,
  ) => sent<Letter>(commands.previewLetterTemplate(kind, language, text, id, reason));
  requestLetter = (id: string, kind: LetterKind, language: LetterLanguage, reason: string | null) =>
    sent<Letter>(commands.requestLetter(id, kind, language, reason));
  requestLetterPdf = async (
    id: string,
    kind: LetterKind,
    language: LetterLanguage,
    reason: string | null,
    paper: ReportPaper,
  ): Promise<Uint8Array> => {
    const r: unknown = await commands.requestLetterPdf(id, kind, language, reason, paper);
    return r instanceof ArrayBuffer ? new Uint8Array(r) : Uint8Array.from(r as number[]);
  };
  saveRequestLetter = (
    id: string,
    kind: LetterKind,
    language: LetterLanguage,
    reason: string | null,
    paper: ReportPaper,
  ) => sent<SavedLetter | null>(commands.saveRequestLetter(id, kind, language, reason, paper));
  reminderSettings = () => sent<ReminderSettings>(commands.reminderSettings());
  setReminderSettings = (settings: ReminderSettings) =>
    sent<ReminderSettings>(commands.setReminderSettings(settings));
  pickImportFile = () => commands.pickImportFile();
  pickExportFile = (format: ExportFormat) => commands.pickExportFile(format);
  importRegister = (path: string) => sent<ImportSummary>(commands.importRegister(path));
  exportRegister = (path: string, format: ExportFormat, asOf: string | null) =>
    commands.exportRegister(path, format, asOf);
  appReady = async () => {
    await commands.appReady();
  };

  listDatastores = () => sent<DatastoreRow[]>(commands.listDatastores());
  addDatastore = (name: string, kind: string, url: string, password: string | null) =>
    sent<[DatastoreRow, ConnectionTest]>(commands.addDatastore(name, kind, url, password));
  testDatastore = (name: string) => sent<ConnectionTest>(commands.testDatastore(name));
  datastoreCatalog = (name: string) => sent<Catalog>(commands.datastoreCatalog(name));
  retentionDefaultTimezone = () => commands.retentionDefaultTimezone();
  retentionRules = () => sent<RuleInfo[]>(commands.retentionRules());
  retentionRule = (name: string) => sent<RuleInfo>(commands.retentionRule(name));
  addRetentionRule = (rule: RetentionRule) => sent<RuleInfo>(commands.addRetentionRule(rule));
  updateRetentionRule = (rule: RetentionRule, expectedVersion: number) =>
    sent<RuleInfo>(commands.updateRetentionRule(rule, expectedVersion));
  retentionPlan = (name: string) => sent<PlanInfo>(commands.retentionPlan(name));
  approveRetention = (name: string) => sent<PlanInfo>(commands.approveRetention(name));
  startRetentionRun = (name: string) => sent<RunRow>(commands.startRetentionRun(name));
  retentionRun = (id: number) => sent<RunRow>(commands.retentionRun(id));
  cancelRetentionRun = (id: number) => commands.cancelRetentionRun(id);
  retentionRuns = (rule: string | null, limit: number) => sent<RunRow[]>(commands.retentionRuns(rule, limit));
  retentionCertificate = (id: number) => sent<RunCertificate>(commands.retentionCertificate(id));
  saveRetentionCertificate = (id: number, language: ReportLanguage, paper: ReportPaper) =>
    sent<SavedFiles | null>(commands.saveRetentionCertificate(id, language, paper));
  listHolds = (includeInactive: boolean) => sent<LegalHold[]>(commands.listHolds(includeInactive));
  addHold = (scope: HoldScope, reason: string, owner: string | null, until: string | null) =>
    sent<LegalHold>(commands.addHold(scope, reason, owner, until));
  releaseHold = (id: number, reason: string) => sent<LegalHold>(commands.releaseHold(id, reason));

  reportKeys = () => sent<ReportKeys>(commands.reportKeys());
  generateReport = (job: string, options: ReportOptions) => sent<GeneratedReport>(commands.generateReport(job, options));
  reportProgress = (job: string) => commands.reportProgress(job);
  // Declared number[] in the bindings, but the command answers with a raw IPC response: an ArrayBuffer.
  reportPdf = async (id: number): Promise<Uint8Array> => {
    const r: unknown = await commands.reportPdf(id);
    return r instanceof ArrayBuffer ? new Uint8Array(r) : Uint8Array.from(r as number[]);
  };
  saveReport = (id: number) => sent<SavedFiles | null>(commands.saveReport(id));
  verifyReportFile = () => sent<VerifiedFile | null>(commands.verifyReportFile());
  signingCertificates = () => sent<SigningCertificate[]>(commands.signingCertificates());
  importSigningCertificate = (password: string | null) =>
    sent<SigningCertificate | null>(commands.importSigningCertificate(password));
  retireSigningCertificate = () => commands.retireSigningCertificate();
}
