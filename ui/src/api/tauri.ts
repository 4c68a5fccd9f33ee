// Backend over Tauri IPC, through the bindings generated from the Rust commands (src/bindings.ts,
// refreshed by `UPDATE_BINDINGS=1 cargo test -p cockpit-desktop --test bindings`). Command names and
// argument types are therefore checked by tsc against Rust.
//
// Results are typed with the UI's own types (./types): the generated types mark every field that has
// `#[serde(default)]` in Rust as optional, because Rust accepts it missing on input, but Rust always
// sends every field. ./bindings-compat.ts proves at compile time that the two sets of types describe
// the same shapes apart from that optionality.
import { commands } from '../bindings';
import type { AppInfo, Backend } from './backend';
import type {
  Activity,
  ActivityDetail,
  ActivityPage,
  ActivityQuery,
  ActivityVersion,
  AuditEntry,
  AuditQuery,
  AuditVerification,
  CalendarInfo,
  Completeness,
  Dashboard,
  DeadlineAnswer,
  DeadlineQuery,
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

/** A Rust result whose every field is present (see the header comment). */
const sent = <T>(p: Promise<unknown>): Promise<T> => p as Promise<T>;

export class TauriBackend implements Backend {
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
  pickImportFile = () => commands.pickImportFile();
  pickExportFile = (format: ExportFormat) => commands.pickExportFile(format);
  importRegister = (path: string) => sent<ImportSummary>(commands.importRegister(path));
  exportRegister = (path: string, format: ExportFormat, asOf: string | null) =>
    commands.exportRegister(path, format, asOf);
  appReady = async () => {
    await commands.appReady();
  };
}
