import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderWith } from '../test/render';
import { SettingsScreen } from './Settings';
import { MockBackend, MOCK_PASSPHRASE } from '../api/mock';
import type { Backend } from '../api';
import { storedIdleMinutes } from '../lib/idleLock';

describe('Settings › Security', () => {
  it('an encrypted database: key derivation, the remembered passphrase with "Forget", the idle lock', async () => {
    const backend = new MockBackend({ today: '2026-11-29', remembered: true });
    renderWith(<SettingsScreen />, { backend });
    const section = await screen.findByTestId('security-info');
    const security = screen.getByTestId('settings-security');
    expect(within(security).getByRole('heading', { level: 2, name: 'Security' })).toBeInTheDocument();
    expect(screen.getByTestId('security-encrypted')).toHaveTextContent('Yes');
    expect(section).toHaveTextContent('Argon2id, 64 MiB memory, 3 passes, 1 lane, 16-byte salt per file');
    expect(screen.queryByTestId('plain-warning')).not.toBeInTheDocument();
    expect(screen.getByTestId('security-remembered')).toHaveTextContent('Yes, in the OS keyring');

    fireEvent.click(screen.getByRole('button', { name: 'Forget the passphrase kept in the OS keyring' }));
    await waitFor(() => expect(screen.getByTestId('security-remembered')).toHaveTextContent('No: asked at every start'));
    expect(screen.getByText(/removed from the OS keyring/)).toBeInTheDocument();
    expect(screen.queryByTestId('forget-passphrase')).not.toBeInTheDocument();
    expect((await backend.lockStatus()).remembered).toBe(false);

    const idle = screen.getByLabelText('Lock after inactivity');
    expect(idle).toHaveValue('15');
    expect(within(idle).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'After 5 minutes',
      'After 15 minutes',
      'After 30 minutes',
      'After 60 minutes',
      'Never',
    ]);
    fireEvent.change(idle, { target: { value: '0' } });
    expect(storedIdleMinutes()).toBe(0);
    expect(idle).toHaveValue('0');
    fireEvent.change(idle, { target: { value: '5' } });
    expect(storedIdleMinutes()).toBe(5);
  });

  it('a plain database: a warning with the command to encrypt it, and no idle lock', async () => {
    renderWith(<SettingsScreen />, { backend: new MockBackend({ today: '2026-11-29', database: 'plain' }) });
    const warning = await screen.findByTestId('plain-warning');
    expect(warning).toHaveTextContent('The database is not encrypted: anyone who can read the file can read the register.');
    expect(warning).toHaveTextContent('close DPO Cockpit first');
    expect(within(warning).getByText(/^cockpit encrypt --db /)).toBeInTheDocument();
    expect(screen.getByTestId('security-encrypted')).toHaveTextContent('No');
    expect(screen.getByTestId('idle-plain')).toHaveTextContent('A database without a passphrase cannot be locked');
    expect(screen.queryByLabelText('Lock after inactivity')).not.toBeInTheDocument();
    expect(screen.queryByText('Encryption and key derivation')).not.toBeInTheDocument();
  });

  it('in Spanish', async () => {
    renderWith(<SettingsScreen />, { backend: new MockBackend({ today: '2026-11-29' }), lang: 'es' });
    expect(await screen.findByRole('heading', { level: 2, name: 'Seguridad' })).toBeInTheDocument();
    expect(await screen.findByLabelText('Bloquear tras inactividad')).toBeInTheDocument();
  });

  it('a plain database offers no passphrase change', async () => {
    renderWith(<SettingsScreen />, { backend: new MockBackend({ today: '2026-11-29', database: 'plain' }) });
    await screen.findByTestId('plain-warning');
    expect(screen.queryByTestId('change-passphrase-form')).not.toBeInTheDocument();
  });
});

describe('Settings › Security › Change the passphrase', () => {
  const fill = (current: string, next: string, repeat: string) => {
    fireEvent.change(screen.getByLabelText('Current passphrase'), { target: { value: current } });
    fireEvent.change(screen.getByLabelText('New passphrase'), { target: { value: next } });
    fireEvent.change(screen.getByLabelText('Repeat the new passphrase'), { target: { value: repeat } });
  };
  const submit = () => fireEvent.click(screen.getByRole('button', { name: 'Change the passphrase' }));

  async function setup(wrap?: (b: MockBackend) => Partial<Backend>) {
    const mock = new MockBackend({ today: '2026-11-29', remembered: true });
    const calls: Array<[string, string]> = [];
    const statusAnswers = { count: 0 };
    const changePassphrase = (o: string, n: string) => {
      calls.push([o, n]);
      return mock.changePassphrase(o, n);
    };
    const lockStatus = async () => {
      const s = await mock.lockStatus();
      statusAnswers.count++;
      return s;
    };
    const backend = new Proxy(mock, {
      get(target, prop) {
        const extra: Partial<Backend> = { changePassphrase, lockStatus, ...(wrap ? wrap(target) : {}) };
        if (prop in extra) return extra[prop as keyof Backend];
        const v: unknown = Reflect.get(target, prop, target);
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    renderWith(<SettingsScreen />, { backend });
    const form = await screen.findByTestId('change-passphrase-form');
    // Every other section of Settings has loaded too (nothing updates behind the test's back).
    await waitFor(() => expect(screen.queryByText('Loading…')).not.toBeInTheDocument());
    return { mock, calls, form, statusAnswers };
  }

  it('checks the new passphrase here first: too short, then not repeated the same (no call)', async () => {
    const { calls } = await setup();
    fill(MOCK_PASSPHRASE, 'short', 'short');
    submit();
    expect(await screen.findByTestId('error-change-new')).toHaveTextContent('Too short: use at least 8 characters.');
    expect(screen.getByLabelText('New passphrase')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('New passphrase')).toHaveFocus();
    expect(screen.queryByTestId('error-change-repeat')).not.toBeInTheDocument();

    fill(MOCK_PASSPHRASE, 'purple elephant rain', 'purple elephant rian');
    submit();
    expect(await screen.findByTestId('error-change-repeat')).toHaveTextContent('The two passphrases are not the same.');
    expect(screen.queryByTestId('error-change-new')).not.toBeInTheDocument();

    fill('', 'purple elephant rain', 'purple elephant rain');
    submit();
    expect(await screen.findByTestId('error-change-current')).toHaveTextContent('Enter the passphrase.');
    expect(calls).toEqual([]);
  });

  it('a wrong current passphrase is said on its field; the right one changes it, clears the form and says so', async () => {
    const { mock, calls, statusAnswers } = await setup();
    fill('incorrect horse battery', 'purple elephant rain', 'purple elephant rain');
    submit();
    expect(await screen.findByTestId('error-change-current')).toHaveTextContent('The current passphrase is wrong');
    expect(screen.getByLabelText('Current passphrase')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByTestId('passphrase-changed')).not.toBeInTheDocument();
    // Nothing cleared: the user corrects the current passphrase only.
    expect(screen.getByLabelText('New passphrase')).toHaveValue('purple elephant rain');

    fireEvent.change(screen.getByLabelText('Current passphrase'), { target: { value: MOCK_PASSPHRASE } });
    const asked = statusAnswers.count;
    submit();
    expect(await screen.findByTestId('passphrase-changed')).toHaveTextContent('The passphrase was changed: use the new one from now on.');
    expect(calls).toEqual([
      ['incorrect horse battery', 'purple elephant rain'],
      [MOCK_PASSPHRASE, 'purple elephant rain'],
    ]);
    expect(screen.getByLabelText('Current passphrase')).toHaveValue('');
    expect(screen.getByLabelText('New passphrase')).toHaveValue('');
    expect(screen.getByLabelText('Repeat the new passphrase')).toHaveValue('');
    expect(screen.queryByTestId('error-change-current')).not.toBeInTheDocument();
    // The lock status was asked again (still remembered: the keyring follows the change).
    await waitFor(() => expect(statusAnswers.count).toBe(asked + 1));
    expect(screen.getByTestId('security-remembered')).toHaveTextContent('Yes, in the OS keyring');

    await mock.lock();
    await expect(mock.unlock(MOCK_PASSPHRASE, false)).rejects.toMatchObject({ code: 'wrong_passphrase' });
    expect(await mock.unlock('purple elephant rain', false)).toMatchObject({ unlocked: true });
  });

  it('the backend refusing the new passphrase (validation) is said on the new field; a conflict above the buttons', async () => {
    let answer: unknown = { code: 'validation', message: 'the passphrase is too common', fields: [], rows: [] };
    await setup(() => ({ changePassphrase: () => Promise.reject(answer) }));
    fill(MOCK_PASSPHRASE, 'password1234', 'password1234');
    submit();
    expect(await screen.findByTestId('error-change-new')).toHaveTextContent('the passphrase is too common');
    expect(screen.queryByTestId('error-change-current')).not.toBeInTheDocument();

    answer = { code: 'conflict', message: 'the database is busy with a backup', fields: [], rows: [] };
    submit();
    await waitFor(() => expect(screen.getByTestId('change-passphrase-error')).toHaveTextContent('Conflict: the database is busy with a backup'));
    expect(screen.queryByTestId('error-change-new')).not.toBeInTheDocument();
    expect(screen.queryByTestId('passphrase-changed')).not.toBeInTheDocument();
  });

  it('in Spanish', async () => {
    renderWith(<SettingsScreen />, { backend: new MockBackend({ today: '2026-11-29' }), lang: 'es' });
    expect(await screen.findByLabelText('Frase de contraseña actual')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByText('Cargando…')).not.toBeInTheDocument());
    fireEvent.change(screen.getByLabelText('Frase de contraseña actual'), { target: { value: 'nope nope nope' } });
    fireEvent.change(screen.getByLabelText('Nueva frase de contraseña'), { target: { value: 'purple elephant rain' } });
    fireEvent.change(screen.getByLabelText('Repita la nueva frase de contraseña'), { target: { value: 'purple elephant rain' } });
    fireEvent.click(screen.getByRole('button', { name: 'Cambiar la frase de contraseña' }));
    expect(await screen.findByTestId('error-change-current')).toHaveTextContent('La frase de contraseña actual no es correcta');
  });
});
