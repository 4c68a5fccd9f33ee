import { describe, expect, it, vi, beforeEach } from 'vitest';

const invoke = vi.fn();
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

import { TauriBackend } from './tauri';
import { isApiError, toApiError } from './backend';
import { emptyActivity, emptyActivityQuery, emptyOrganisation } from './enums';

describe('isApiError', () => {
  it('accepts the Rust ApiError shape only', () => {
    expect(isApiError({ code: 'validation', message: 'x', fields: [], rows: [] })).toBe(true);
    expect(isApiError({ code: 'nope', message: 'x', fields: [], rows: [] })).toBe(false);
    expect(isApiError({ code: 'internal', message: 'x' })).toBe(false);
    expect(isApiError('boom')).toBe(false);
    expect(isApiError(null)).toBe(false);
  });

  it('wraps anything else as internal', () => {
    expect(toApiError('boom')).toEqual({ code: 'internal', message: 'boom', fields: [], rows: [] });
    expect(toApiError(new Error('bad')).message).toBe('bad');
  });
});

describe('TauriBackend', () => {
  beforeEach(() => {
    invoke.mockReset();
    invoke.mockResolvedValue(null);
  });

  it('calls the snake_case commands with camelCase argument keys', async () => {
    const b = new TauriBackend();
    const a = emptyActivity('', 'X');
    const q = emptyActivityQuery();
    const org = emptyOrganisation();
    const entry = { kind: 'measure', entry: { name: 'M', kind: 'technical', description: '' } } as const;
    await b.appInfo();
    await b.getOrganisation();
    await b.setOrganisation(org);
    await b.getVocabularies();
    await b.saveVocabularyEntry(entry, 'Old');
    await b.deleteVocabularyEntry('measure', 'M');
    await b.listActivities(q, '2025-01-01');
    await b.getActivity('PA-0001');
    await b.createActivity(a);
    await b.updateActivity(a, 3);
    await b.retireActivity('PA-0001');
    await b.activityHistory('PA-0001');
    await b.checkActivity(a);
    await b.dashboard();
    await b.auditLog({ object_type: null, object_id: null, before_seq: null, limit: 10 });
    await b.verifyAudit();
    await b.pickImportFile();
    await b.pickExportFile('csv');
    await b.importRegister('/x.csv');
    await b.exportRegister('/y.json', 'json', null);
    await b.appReady();
    expect(invoke.mock.calls).toEqual([
      ['app_info'],
      ['get_organisation'],
      ['set_organisation', { org }],
      ['get_vocabularies'],
      ['save_vocabulary_entry', { entry, originalName: 'Old' }],
      ['delete_vocabulary_entry', { kind: 'measure', name: 'M' }],
      ['list_activities', { query: q, asOf: '2025-01-01' }],
      ['get_activity', { id: 'PA-0001' }],
      ['create_activity', { activity: a }],
      ['update_activity', { activity: a, expectedVersion: 3 }],
      ['retire_activity', { id: 'PA-0001' }],
      ['activity_history', { id: 'PA-0001' }],
      ['check_activity', { activity: a }],
      ['dashboard'],
      ['audit_log', { query: { object_type: null, object_id: null, before_seq: null, limit: 10 } }],
      ['verify_audit'],
      ['pick_import_file'],
      ['pick_export_file', { format: 'csv' }],
      ['import_register', { path: '/x.csv' }],
      ['export_register', { path: '/y.json', format: 'json', asOf: null }],
      ['app_ready'],
    ]);
  });

  it('calls the passphrase and backup commands', async () => {
    const b = new TauriBackend();
    const schedule = { directory: '/home/dpo/Backups', every_hours: 24, keep: 14 };
    await b.changePassphrase('old one here', 'new one here');
    await b.backupStatus();
    await b.setBackupSchedule(schedule);
    await b.setBackupSchedule(null);
    await b.chooseBackupDirectory();
    await b.backupNow();
    expect(invoke.mock.calls).toEqual([
      ['change_passphrase', { oldPassphrase: 'old one here', newPassphrase: 'new one here' }],
      ['backup_status'],
      ['set_backup_schedule', { schedule }],
      ['set_backup_schedule', { schedule: null }],
      ['choose_backup_directory'],
      ['backup_now'],
    ]);
  });

  it('passes the ApiError rejection through', async () => {
    const err = { code: 'not_found', message: 'no activity PA-9', fields: [], rows: [] };
    invoke.mockRejectedValueOnce(err);
    await expect(new TauriBackend().getActivity('PA-9')).rejects.toEqual(err);
  });
});
