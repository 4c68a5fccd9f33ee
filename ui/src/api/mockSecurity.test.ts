import { describe, expect, it } from 'vitest';
import { MockBackend, MOCK_PASSPHRASE } from './mock';
import { createBackend, isApiError } from './index';

describe('mock database lock', () => {
  it('defaults to an encrypted database that is already open (what every other test uses)', async () => {
    const b = new MockBackend();
    expect(await b.lockStatus()).toMatchObject({ state: 'encrypted', unlocked: true, remembered: false, min_passphrase_chars: 8 });
    expect(await b.appInfo()).toMatchObject({ encrypted: true, key_derivation: expect.stringContaining('Argon2id') });
  });

  it('refuses every other call while locked, and a wrong passphrase with wrong_passphrase', async () => {
    const b = new MockBackend({ database: 'encrypted' });
    expect(await b.lockStatus()).toMatchObject({ state: 'encrypted', unlocked: false });
    for (const call of [() => b.appInfo(), () => b.dashboard(), () => b.listRequests({} as never), () => b.importRegister('/x.csv'), () => b.generateReport('j', {} as never)]) {
      const e: unknown = await call().then(
        () => null,
        (err: unknown) => err,
      );
      expect(isApiError(e) && e.code, String(call)).toBe('locked');
    }
    await expect(b.unlock('nope', true)).rejects.toEqual({
      code: 'wrong_passphrase',
      message: expect.stringMatching(/^wrong passphrase for the database at .*: nothing was opened or changed$/),
      fields: [],
      rows: [],
    });
    expect((await b.lockStatus()).remembered).toBe(false);
    expect(await b.unlock(MOCK_PASSPHRASE, true)).toMatchObject({ unlocked: true, remembered: true });
    expect((await b.dashboard()).activities).toBe(9);
    expect(await b.forgetPassphrase()).toMatchObject({ remembered: false, unlocked: true });
    expect(await b.lock()).toMatchObject({ unlocked: false });
    await expect(b.dashboard()).rejects.toMatchObject({ code: 'locked' });
  });

  it('creates the database only on the first run; a short passphrase is a validation error', async () => {
    const b = new MockBackend({ database: 'missing' });
    expect(await b.lockStatus()).toMatchObject({ state: 'missing', unlocked: false });
    await expect(b.dashboard()).rejects.toMatchObject({ code: 'locked' });
    await expect(b.createDatabase('seven77', false)).rejects.toMatchObject({ code: 'validation', message: expect.stringContaining('at least 8') });
    expect(await b.createDatabase('eight888', false)).toMatchObject({ state: 'encrypted', unlocked: true });
    await expect(b.createDatabase(null, false)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('a plain database is open and cannot be locked', async () => {
    const b = new MockBackend({ database: 'plain' });
    expect(await b.lockStatus()).toMatchObject({ state: 'plain', unlocked: true });
    expect(await b.appInfo()).toMatchObject({ encrypted: false, key_derivation: '' });
    await expect(b.lock()).rejects.toMatchObject({ code: 'conflict' });
    await expect(b.unlock(MOCK_PASSPHRASE, false)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('the browser picks the database with ?db=', async () => {
    const at = async (search: string) => {
      window.history.replaceState(null, '', `/${search}`);
      return (await createBackend()).lockStatus();
    };
    try {
      expect(await at('')).toMatchObject({ state: 'encrypted', unlocked: true });
      expect(await at('?db=missing')).toMatchObject({ state: 'missing', unlocked: false });
      expect(await at('?db=encrypted&remembered=1')).toMatchObject({ state: 'encrypted', unlocked: false, remembered: true });
      expect(await at('?db=plain')).toMatchObject({ state: 'plain', unlocked: true });
      expect(await at('?db=bogus')).toMatchObject({ state: 'encrypted', unlocked: true });
    } finally {
      window.history.replaceState(null, '', '/');
    }
  });
});

describe('mock passphrase change', () => {
  it('re-keys: afterwards only the new passphrase unlocks, the old one is wrong', async () => {
    const b = new MockBackend({ database: 'encrypted', remembered: true });
    await b.unlock(MOCK_PASSPHRASE, true);
    const before = (await b.auditLog({ object_type: null, object_id: null, before_seq: null, limit: 100 })).length;
    expect(await b.changePassphrase(MOCK_PASSPHRASE, 'purple elephant rain')).toMatchObject({ state: 'encrypted', unlocked: true, remembered: true });
    const audit = await b.auditLog({ object_type: null, object_id: null, before_seq: null, limit: 100 });
    expect(audit).toHaveLength(before + 1);
    expect(audit[0]).toMatchObject({ object_type: 'database', object_id: 'database', action: 'change_passphrase' });
    expect(JSON.stringify(audit[0])).not.toContain('purple');
    await b.lock();
    await expect(b.unlock(MOCK_PASSPHRASE, false)).rejects.toMatchObject({ code: 'wrong_passphrase' });
    expect(await b.unlock('purple elephant rain', false)).toMatchObject({ unlocked: true });
  });

  it('refuses a wrong current passphrase, a short new one, a plain or a locked database, and changes nothing', async () => {
    const b = new MockBackend();
    await expect(b.changePassphrase('not it at all', 'purple elephant rain')).rejects.toEqual({
      code: 'wrong_passphrase',
      message: 'the current passphrase is wrong; nothing was changed',
      fields: [],
      rows: [],
    });
    await expect(b.changePassphrase(MOCK_PASSPHRASE, 'seven77')).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringContaining('at least 8 characters'),
      fields: [],
    });
    await b.lock();
    await expect(b.unlock('purple elephant rain', false)).rejects.toMatchObject({ code: 'wrong_passphrase' });
    await b.unlock(MOCK_PASSPHRASE, false);
    await b.lock();
    await expect(b.changePassphrase(MOCK_PASSPHRASE, 'purple elephant rain')).rejects.toMatchObject({ code: 'locked' });

    const plain = new MockBackend({ database: 'plain' });
    await expect(plain.changePassphrase('', 'purple elephant rain')).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('not encrypted'),
    });
  });
});
