// Backend over Tauri IPC. Command names are the Rust commands (snake_case); argument keys are
// camelCase as Tauri expects. To be replaced by tauri-specta generated bindings.
import { invoke } from '@tauri-apps/api/core';
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
  Completeness,
  Dashboard,
  ExportFormat,
  ImportSummary,
  Organisation,
  Vocabularies,
  VocabularyEntry,
  VocabularyKind,
} from './types';

export class TauriBackend implements Backend {
  appInfo = () => invoke<AppInfo>('app_info');
  getOrganisation = () => invoke<Organisation | null>('get_organisation');
  setOrganisation = (org: Organisation) => invoke<Organisation>('set_organisation', { org });
  getVocabularies = () => invoke<Vocabularies>('get_vocabularies');
  saveVocabularyEntry = (entry: VocabularyEntry, originalName: string | null) =>
    invoke<VocabularyEntry>('save_vocabulary_entry', { entry, originalName });
  deleteVocabularyEntry = (kind: VocabularyKind, name: string) =>
    invoke<void>('delete_vocabulary_entry', { kind, name });
  listActivities = (query: ActivityQuery, asOf: string | null) =>
    invoke<ActivityPage>('list_activities', { query, asOf });
  getActivity = (id: string) => invoke<ActivityDetail>('get_activity', { id });
  createActivity = (activity: Activity) => invoke<ActivityDetail>('create_activity', { activity });
  updateActivity = (activity: Activity, expectedVersion: number) =>
    invoke<ActivityDetail>('update_activity', { activity, expectedVersion });
  retireActivity = (id: string) => invoke<ActivityDetail>('retire_activity', { id });
  activityHistory = (id: string) => invoke<ActivityVersion[]>('activity_history', { id });
  checkActivity = (activity: Activity) => invoke<Completeness>('check_activity', { activity });
  dashboard = () => invoke<Dashboard>('dashboard');
  auditLog = (query: AuditQuery) => invoke<AuditEntry[]>('audit_log', { query });
  verifyAudit = () => invoke<AuditVerification>('verify_audit');
  pickImportFile = () => invoke<string | null>('pick_import_file');
  pickExportFile = (format: ExportFormat) => invoke<string | null>('pick_export_file', { format });
  importRegister = (path: string) => invoke<ImportSummary>('import_register', { path });
  exportRegister = (path: string, format: ExportFormat, asOf: string | null) =>
    invoke<number>('export_register', { path, format, asOf });
  appReady = () => invoke<void>('app_ready');
}
