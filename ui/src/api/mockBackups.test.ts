import { describe, expect, it } from 'vitest';
import { MockBackend } from './mock';
import { BACKUPS_NEED_ENCRYPTION, isAbsolutePath, MOCK_BACKUP_DIRECTORY } from './mocklib/backups';

const HOUR = 3_600_000;

/** A mock whose clock the test moves. */
function clocked(start = '2026-11-29T09:00:00Z', opts: ConstructorParameters<typeof MockBackend>[0] = {}) {
  let now = new Date(start).getTime();
  const b = new MockBackend({ today: '2026-11-29', now: () => new Date(now), ...opts });
  return { b, advance: (hours: number) => (now += hours * HOUR) };
}

describe('mock backups', () => {
  it('start off, with nothing in the folder', async () => {
    const { b } = clocked();
    expect(await b.backupStatus()).toEqual({
      schedule: null,
      available: true,
      unavailable_reason: null,
      last_at: null,
      last_file: null,
      last_error: null,
      next_due: null,
      files: [],
    });
    expect(await b.chooseBackupDirectory()).toBe(MOCK_BACKUP_DIRECTORY);
  });

  it('a schedule runs the first backup at once, the next ones when due, and keeps the newest `keep`', async () => {
    const { b, advance } = clocked();
    const s = await b.setBackupSchedule({ directory: MOCK_BACKUP_DIRECTORY, every_hours: 24, keep: 2 });
    expect(s.schedule).toEqual({ directory: MOCK_BACKUP_DIRECTORY, every_hours: 24, keep: 2 });
    expect(s.last_at).toBe('2026-11-29T09:00:00.000Z');
    expect(s.last_file).toBe('/home/dpo/Backups/cockpit-backup-20261129T090000Z.db');
    expect(s.last_error).toBeNull();
    expect(s.next_due).toBe('2026-11-30T09:00:00.000Z');
    expect(s.files.map((f) => f.name)).toEqual(['cockpit-backup-20261129T090000Z.db']);
    expect(s.files[0]?.bytes).toBeGreaterThan(0);

    advance(23);
    expect((await b.backupStatus()).files).toHaveLength(1);
    advance(1);
    advance(24);
    // Two days later: one catch-up backup (not one per missed slot), newest first.
    let st = await b.backupStatus();
    expect(st.files.map((f) => f.modified)).toEqual(['2026-12-01T09:00:00.000Z', '2026-11-29T09:00:00.000Z']);
    advance(24);
    st = await b.backupStatus();
    expect(st.files.map((f) => f.name)).toEqual(['cockpit-backup-20261202T090000Z.db', 'cockpit-backup-20261201T090000Z.db']);
    expect(st.next_due).toBe('2026-12-03T09:00:00.000Z');

    const audit = await b.auditLog({ object_type: 'database', object_id: null, before_seq: null, limit: 10 });
    expect(audit.map((e) => e.action)).toEqual(['backup_schedule']);
    expect(audit[0]?.after).toEqual({ directory: MOCK_BACKUP_DIRECTORY, every_hours: 24, keep: 2 });
    // The same schedule again is not audited again.
    await b.setBackupSchedule({ directory: MOCK_BACKUP_DIRECTORY, every_hours: 24, keep: 2 });
    expect(await b.auditLog({ object_type: 'database', object_id: null, before_seq: null, limit: 10 })).toHaveLength(1);

    const off = await b.setBackupSchedule(null);
    expect(off.schedule).toBeNull();
    expect(off.next_due).toBeNull();
    advance(100);
    expect((await b.backupStatus()).files).toHaveLength(2);
  });

  it('validates the schedule as the Rust core does', async () => {
    const { b } = clocked();
    await expect(b.setBackupSchedule({ directory: 'Backups', every_hours: 0, keep: 366 })).rejects.toEqual({
      code: 'validation',
      message: '3 invalid field(s)',
      fields: [
        { field: 'directory', code: 'invalid_format', message: 'the backup folder must be an absolute path' },
        { field: 'every_hours', code: 'out_of_range', message: 'between 1 and 744 hours' },
        { field: 'keep', code: 'out_of_range', message: 'keep between 1 and 365 backups' },
      ],
      rows: [],
    });
    await expect(b.setBackupSchedule({ directory: '', every_hours: 745, keep: 0 })).rejects.toMatchObject({
      fields: [{ field: 'directory', code: 'required' }, { field: 'every_hours' }, { field: 'keep' }],
    });
    expect((await b.setBackupSchedule({ directory: 'D:\\Backups', every_hours: 744, keep: 365 })).schedule?.every_hours).toBe(744);
    expect((await b.setBackupSchedule({ directory: '/srv/b', every_hours: 1, keep: 1 })).schedule?.keep).toBe(1);
    expect(isAbsolutePath('/x') && isAbsolutePath('C:/x') && isAbsolutePath('\\\\server\\share')).toBe(true);
    expect(isAbsolutePath('x/y') || isAbsolutePath('~/x') || isAbsolutePath('')).toBe(false);
    expect((await b.backupStatus()).schedule).toEqual({ directory: '/srv/b', every_hours: 1, keep: 1 });
  });

  it('a folder it cannot write to: the last error, no file', async () => {
    const { b } = clocked();
    const s = await b.setBackupSchedule({ directory: '/mnt/readonly', every_hours: 6, keep: 3 });
    expect(s.last_error).toBe('cannot write to /mnt/readonly: permission denied (os error 13)');
    expect(s.last_file).toBeNull();
    expect(s.files).toEqual([]);
  });

  it('back up now: a report with the audit chain where it stands, and nothing else changes', async () => {
    const { b } = clocked();
    await b.setBackupSchedule({ directory: MOCK_BACKUP_DIRECTORY, every_hours: 24, keep: 14 });
    const before = await b.backupStatus();
    const audit = await b.auditLog({ object_type: null, object_id: null, before_seq: null, limit: 1000 });
    const r = await b.backupNow();
    expect(r).toEqual({
      path: '/home/dpo/Documents/cockpit-backup-20261129T090000Z.db',
      bytes: expect.any(Number),
      schema_version: 1,
      audit_entries: audit.length,
      audit_head: audit[0]?.hash,
      replaced: null,
      encrypted: true,
    });
    expect(r?.audit_head).toMatch(/^[0-9a-f]{64}$/);
    const [entry] = await b.auditLog({ object_type: null, object_id: null, before_seq: null, limit: 1 });
    expect(entry).toMatchObject({ object_type: 'database', action: 'backup', prev_hash: r?.audit_head });
    expect(entry?.after).toEqual({
      file: 'cockpit-backup-20261129T090000Z.db',
      bytes: r?.bytes,
      audit_entries: audit.length,
      audit_head: r?.audit_head,
    });
    expect(await b.backupStatus()).toEqual(before);
    const cancelled = new MockBackend({ savePath: null });
    const entries = (await cancelled.auditLog({ object_type: null, object_id: null, before_seq: null, limit: 1000 })).length;
    expect(await cancelled.backupNow()).toBeNull();
    expect(await cancelled.auditLog({ object_type: null, object_id: null, before_seq: null, limit: 1000 })).toHaveLength(entries);
    expect((await new MockBackend({ savePath: '/media/usb/cockpit.bak' }).backupNow())?.path).toBe('/media/usb/cockpit.bak');
  });

  it('a plain database has no backups', async () => {
    const { b } = clocked('2026-11-29T09:00:00Z', { database: 'plain' });
    expect(await b.backupStatus()).toMatchObject({ available: false, unavailable_reason: BACKUPS_NEED_ENCRYPTION, schedule: null });
    expect(BACKUPS_NEED_ENCRYPTION).toBe('Backups are encrypted with the database passphrase: encrypt the database first.');
    await expect(b.backupNow()).rejects.toMatchObject({ code: 'conflict', message: BACKUPS_NEED_ENCRYPTION });
    await expect(b.setBackupSchedule({ directory: '/b', every_hours: 24, keep: 14 })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('are refused while the database is locked', async () => {
    const b = new MockBackend({ database: 'encrypted' });
    await expect(b.backupStatus()).rejects.toMatchObject({ code: 'locked' });
    await expect(b.backupNow()).rejects.toMatchObject({ code: 'locked' });
  });
});
