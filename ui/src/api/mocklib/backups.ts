// TEST DOUBLE for the backups (MockBackend): the automatic schedule, its last result and a pretend
// backup folder, all in memory. Setting a schedule (or changing its folder) runs the first automatic
// backup at once, and each look at the status runs the next one when it has fallen due (by the mock's
// clock, MockOptions.now); a folder whose path contains "readonly" fails them (so the UI can show the
// last error). A manual backup ("Back up now") returns a report (MockBackend audits it, as the Rust core
// does): it changes none of this state.
import type { BackupFile, BackupReport, BackupSchedule, BackupStatus, FieldError } from '../types';

export const MOCK_BACKUP_DIRECTORY = '/home/dpo/Backups';
export const BACKUPS_NEED_ENCRYPTION = 'Backups are encrypted with the database passphrase: encrypt the database first.';
/** As the Rust core's limits: at most monthly (744 hours), at most a year of daily backups kept. */
export const MAX_EVERY_HOURS = 744;
export const MAX_KEEP = 365;

const HOUR_MS = 3_600_000;

/** Absolute on Unix ("/…"), Windows ("C:\…", "C:/…") or a UNC share ("\\server\…"). */
export function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');
}

/** The field errors of a schedule, as the Rust core checks it. */
export function validateSchedule(s: BackupSchedule): FieldError[] {
  const errors: FieldError[] = [];
  const dir = s.directory.trim();
  if (dir === '') errors.push({ field: 'directory', code: 'required', message: 'choose the folder for the backups' });
  else if (!isAbsolutePath(dir)) errors.push({ field: 'directory', code: 'invalid_format', message: 'the backup folder must be an absolute path' });
  if (!Number.isInteger(s.every_hours) || s.every_hours < 1 || s.every_hours > MAX_EVERY_HOURS) {
    errors.push({ field: 'every_hours', code: 'out_of_range', message: `between 1 and ${MAX_EVERY_HOURS} hours` });
  }
  if (!Number.isInteger(s.keep) || s.keep < 1 || s.keep > MAX_KEEP) {
    errors.push({ field: 'keep', code: 'out_of_range', message: `keep between 1 and ${MAX_KEEP} backups` });
  }
  return errors;
}

/** As the Rust core names them: "cockpit-backup-20261129T101500Z.db" (UTC). */
export function backupFileName(d: Date): string {
  return `cockpit-backup-${d.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z.db`;
}

function join(dir: string, name: string): string {
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return dir.endsWith(sep) ? dir + name : dir + sep + name;
}

export interface BackupHost {
  now(): Date;
  /** Whether the database is encrypted (backups need its passphrase). */
  encrypted(): boolean;
  schemaVersion: number;
  auditEntries(): number;
  auditHead(): string | null;
  /** What the save dialog returns (null = cancelled); undefined = the default path. */
  savePath(): string | null | undefined;
}

export class MockBackups {
  private schedule: BackupSchedule | null = null;
  private lastAt: string | null = null;
  private lastFile: string | null = null;
  private lastError: string | null = null;
  private files: BackupFile[] = [];
  private since: Date | null = null;

  constructor(private readonly host: BackupHost) {}

  /** The pretend size of a backup: grows with the audit trail. */
  private size(): number {
    return 393_216 + this.host.auditEntries() * 1_024;
  }

  /** As the Rust scheduler: a backup that has fallen due runs (once, however long it was missed). */
  private catchUp() {
    if (this.schedule === null || !this.host.encrypted()) return;
    const from = this.lastAt !== null ? new Date(this.lastAt) : this.since;
    if (from !== null && from.getTime() + this.schedule.every_hours * HOUR_MS <= this.host.now().getTime()) {
      this.runAutomatic();
      this.prune();
    }
  }

  status(): BackupStatus {
    this.catchUp();
    const available = this.host.encrypted();
    const from = this.lastAt !== null ? new Date(this.lastAt) : this.since;
    const nextDue =
      available && this.schedule !== null && from !== null ? new Date(from.getTime() + this.schedule.every_hours * HOUR_MS).toISOString() : null;
    return {
      schedule: this.schedule === null ? null : { ...this.schedule },
      available,
      unavailable_reason: available ? null : BACKUPS_NEED_ENCRYPTION,
      last_at: this.lastAt,
      last_file: this.lastFile,
      last_error: this.lastError,
      next_due: nextDue,
      files: this.files.map((f) => ({ ...f })),
    };
  }

  /** Throws the `[code, message, fields]` of a refusal; the caller turns it into an ApiError. */
  set(schedule: BackupSchedule | null): BackupStatus {
    if (schedule === null) {
      this.schedule = null;
      this.since = null;
      return this.status();
    }
    if (!this.host.encrypted()) throw new BackupRefused('conflict', BACKUPS_NEED_ENCRYPTION);
    const fields = validateSchedule(schedule);
    if (fields.length > 0) throw new BackupRefused('validation', `${fields.length} invalid field(s)`, fields);
    const moved = this.schedule?.directory !== schedule.directory.trim();
    this.schedule = { ...schedule, directory: schedule.directory.trim() };
    this.since = this.host.now();
    if (moved) {
      this.files = [];
      this.runAutomatic();
    }
    this.prune();
    return this.status();
  }

  /** One automatic backup now (the first one after a schedule is set). */
  private runAutomatic() {
    if (this.schedule === null) return;
    const now = this.host.now();
    this.lastAt = now.toISOString();
    if (this.schedule.directory.includes('readonly')) {
      this.lastFile = null;
      this.lastError = `cannot write to ${this.schedule.directory}: permission denied (os error 13)`;
      return;
    }
    const name = backupFileName(now);
    this.files.unshift({ name, bytes: this.size(), modified: now.toISOString() });
    this.lastFile = join(this.schedule.directory, name);
    this.lastError = null;
  }

  private prune() {
    if (this.schedule !== null) this.files = this.files.slice(0, this.schedule.keep);
  }

  chooseDirectory(): string {
    return MOCK_BACKUP_DIRECTORY;
  }

  backupNow(): BackupReport | null {
    if (!this.host.encrypted()) throw new BackupRefused('conflict', BACKUPS_NEED_ENCRYPTION);
    const chosen = this.host.savePath();
    if (chosen === null) return null;
    const path = chosen ?? `/home/dpo/Documents/${backupFileName(this.host.now())}`;
    return {
      path,
      bytes: this.size(),
      schema_version: this.host.schemaVersion,
      audit_entries: this.host.auditEntries(),
      audit_head: this.host.auditHead(),
      replaced: null,
      encrypted: true,
    };
  }
}

export class BackupRefused extends Error {
  constructor(
    readonly code: 'validation' | 'conflict',
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
  }
}
