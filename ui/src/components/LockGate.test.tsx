import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderWith } from '../test/render';
import { LockGate } from './LockGate';
import { App } from '../App';
import { MockBackend, MOCK_PASSPHRASE, type MockOptions } from '../api/mock';
import { setIdleMinutes } from '../lib/idleLock';

const APP = 'The app';

function gate(opts: MockOptions = {}) {
  const backend = new MockBackend({ today: '2026-11-29', ...opts });
  const r = renderWith(
    <LockGate>
      <p>{APP}</p>
    </LockGate>,
    { backend },
  );
  return { ...r, backend };
}

const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });

describe('lock gate: first run', () => {
  it('asks for a new passphrase, refuses short and mismatched ones before asking the backend, then opens', async () => {
    const { backend } = gate({ database: 'missing' });
    const create = vi.spyOn(backend, 'createDatabase');
    expect(await screen.findByRole('heading', { level: 1, name: 'Protect the register with a passphrase' })).toBeInTheDocument();
    expect(screen.queryByText(APP)).not.toBeInTheDocument();
    const pass = screen.getByLabelText('Passphrase');
    expect(pass).toHaveFocus();
    expect(pass).toHaveAttribute('autocomplete', 'new-password');
    expect(pass).toHaveAttribute('type', 'password');
    expect(screen.getByTestId('gate-db-path')).toHaveTextContent('cockpit.db');

    // Too short (the minimum comes from the backend: 8).
    type('new-passphrase', 'short');
    type('repeat-passphrase', 'short');
    fireEvent.click(screen.getByTestId('create-db'));
    expect(screen.getByTestId('error-new-passphrase')).toHaveTextContent('Too short: use at least 8 characters.');
    expect(pass).toHaveAttribute('aria-invalid', 'true');
    expect(pass).toHaveFocus();

    // Long enough, but the repetition differs.
    type('new-passphrase', 'purple elephant rain');
    type('repeat-passphrase', 'purple elephant rian');
    fireEvent.click(screen.getByTestId('create-db'));
    expect(screen.queryByTestId('error-new-passphrase')).not.toBeInTheDocument();
    expect(screen.getByTestId('error-repeat-passphrase')).toHaveTextContent('The two passphrases are not the same.');
    expect(screen.getByLabelText('Repeat the passphrase')).toHaveFocus();
    expect(create).not.toHaveBeenCalled();

    type('repeat-passphrase', 'purple elephant rain');
    fireEvent.click(screen.getByLabelText('Remember it with my login (OS keyring)'));
    fireEvent.click(screen.getByTestId('create-db'));
    expect(await screen.findByText(APP)).toBeInTheDocument();
    expect(create).toHaveBeenCalledExactlyOnceWith('purple elephant rain', true);
    const status = await backend.lockStatus();
    expect(status).toMatchObject({ state: 'encrypted', unlocked: true, remembered: true });
    // The new database opens with that passphrase, and only with it.
    await backend.lock();
    await expect(backend.unlock(MOCK_PASSPHRASE, false)).rejects.toMatchObject({ code: 'wrong_passphrase' });
    await expect(backend.unlock('purple elephant rain', false)).resolves.toMatchObject({ unlocked: true });
  });

  it('stores the database without a passphrase only after a confirmation that says what that means', async () => {
    const { backend } = gate({ database: 'missing' });
    const create = vi.spyOn(backend, 'createDatabase');
    fireEvent.click(await screen.findByRole('button', { name: 'This disk is already encrypted — store the database without a passphrase' }));
    let dialog = screen.getByTestId('confirm-dialog');
    expect(within(dialog).getByRole('heading', { name: 'Store the database without a passphrase?' })).toBeInTheDocument();
    expect(dialog).toHaveTextContent(/anyone who can read the file .*cockpit\.db.* can read the register/);
    // The safe choice has the focus; cancelling changes nothing.
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByTestId('confirm-dialog')).not.toBeInTheDocument();
    expect(create).not.toHaveBeenCalled();
    expect(screen.getByTestId('create-db-form')).toBeInTheDocument();

    fireEvent.click(screen.getByTestId('create-plain'));
    dialog = screen.getByTestId('confirm-dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Store without a passphrase' }));
    expect(await screen.findByText(APP)).toBeInTheDocument();
    expect(create).toHaveBeenCalledExactlyOnceWith(null, false);
    expect(await backend.lockStatus()).toMatchObject({ state: 'plain', unlocked: true, remembered: false });
  });

  it('shows a passphrase the backend refuses inline (validation without fields)', async () => {
    const { backend } = gate({ database: 'missing' });
    // A backend with a stricter minimum than the one it announced.
    vi.spyOn(backend, 'createDatabase').mockRejectedValueOnce({
      code: 'validation',
      message: 'the passphrase is too short: use at least 30 characters',
      fields: [],
      rows: [],
    });
    await screen.findByTestId('create-db-form');
    type('new-passphrase', 'purple elephant rain');
    type('repeat-passphrase', 'purple elephant rain');
    fireEvent.click(screen.getByTestId('create-db'));
    expect(await screen.findByText('the passphrase is too short: use at least 30 characters')).toBeInTheDocument();
    expect(screen.getByTestId('create-db-error')).toHaveAttribute('role', 'alert');
    expect(screen.queryByText(APP)).not.toBeInTheDocument();
  });
});

describe('lock gate: unlock', () => {
  it('shows the wrong-passphrase error inline and keeps the form; the right one opens the app', async () => {
    const { backend } = gate({ database: 'encrypted' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Unlock the register' })).toBeInTheDocument();
    expect(screen.queryByText(APP)).not.toBeInTheDocument();
    const pass = screen.getByLabelText('Passphrase');
    expect(pass).toHaveFocus();
    expect(pass).toHaveAttribute('autocomplete', 'current-password');
    // While locked, every other call is refused.
    await expect(backend.dashboard()).rejects.toMatchObject({ code: 'locked' });

    // Empty: said beside the field, nothing sent.
    const unlock = vi.spyOn(backend, 'unlock');
    fireEvent.click(screen.getByTestId('unlock'));
    expect(screen.getByTestId('error-unlock-passphrase')).toHaveTextContent('Enter the passphrase.');
    expect(unlock).not.toHaveBeenCalled();

    type('unlock-passphrase', 'incorrect horse');
    fireEvent.click(screen.getByTestId('unlock'));
    const error = screen.getByTestId('unlock-error');
    await waitFor(() => expect(error).toHaveTextContent(/wrong passphrase for the database at .*: nothing was opened or changed/));
    expect(error).toHaveAttribute('role', 'alert');
    expect(screen.getByTestId('unlock-form')).toBeInTheDocument();
    expect(screen.getByLabelText('Passphrase')).toHaveValue('incorrect horse');
    expect(screen.queryByText(APP)).not.toBeInTheDocument();

    type('unlock-passphrase', MOCK_PASSPHRASE);
    fireEvent.click(screen.getByTestId('unlock'));
    expect(await screen.findByText(APP)).toBeInTheDocument();
    expect(unlock).toHaveBeenLastCalledWith(MOCK_PASSPHRASE, false);
    await expect(backend.dashboard()).resolves.toMatchObject({ activities: 9 });
  });

  it('ticks "remember" when the passphrase is already remembered', async () => {
    gate({ database: 'encrypted', remembered: true });
    await screen.findByTestId('unlock-form');
    expect(screen.getByLabelText('Remember it with my login (OS keyring)')).toBeChecked();
  });

  it('the unlock screen in Spanish', async () => {
    const backend = new MockBackend({ database: 'encrypted' });
    renderWith(<LockGate>{APP}</LockGate>, { backend, lang: 'es' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Desbloquear el registro' })).toBeInTheDocument();
    expect(screen.getByLabelText('Frase de contraseña')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Desbloquear' })).toBeInTheDocument();
  });

  it('"Lock now" in the header locks; a call refused as locked brings the unlock screen too', async () => {
    window.location.hash = '#/dashboard';
    const backend = new MockBackend({ today: '2026-11-29' });
    renderWith(
      <LockGate>
        <App />
      </LockGate>,
      { backend },
    );
    expect(await screen.findByTestId('kpi-activities')).toHaveTextContent('9');
    fireEvent.click(screen.getByRole('button', { name: 'Lock now' }));
    expect(await screen.findByTestId('unlock-form')).toBeInTheDocument();
    expect(screen.queryByTestId('dashboard')).not.toBeInTheDocument();
    expect(await backend.lockStatus()).toMatchObject({ state: 'encrypted', unlocked: false });

    type('unlock-passphrase', MOCK_PASSPHRASE);
    fireEvent.click(screen.getByTestId('unlock'));
    expect(await screen.findByTestId('kpi-activities')).toHaveTextContent('9');

    // Locked behind the UI's back (e.g. by another window): the next refused call shows the unlock screen.
    await backend.lock();
    act(() => {
      window.location.hash = '#/register';
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    expect(await screen.findByTestId('unlock-form')).toBeInTheDocument();
  });

  it('a plain database has no "Lock now"', async () => {
    window.location.hash = '#/dashboard';
    renderWith(
      <LockGate>
        <App />
      </LockGate>,
      { backend: new MockBackend({ today: '2026-11-29', database: 'plain' }) },
    );
    expect(await screen.findByTestId('kpi-activities')).toHaveTextContent('9');
    expect(screen.queryByRole('button', { name: 'Lock now' })).not.toBeInTheDocument();
  });
});

describe('lock gate: idle lock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Lets the mock's zero-delay answers and React's updates run under fake timers. */
  const advance = (ms: number) => act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });

  it('locks after the configured idle time; activity in the window restarts the count', async () => {
    vi.useFakeTimers();
    setIdleMinutes(5);
    const { backend } = gate();
    await advance(0);
    expect(screen.getByText(APP)).toBeInTheDocument();

    await advance(4 * 60_000);
    expect(screen.getByText(APP)).toBeInTheDocument();
    fireEvent.keyDown(window, { key: 'Shift' });
    await advance(4 * 60_000); // 8 minutes in, 4 since the key press
    expect(screen.getByText(APP)).toBeInTheDocument();
    fireEvent.pointerMove(document.body);
    await advance(4 * 60_000 + 59_000);
    expect(screen.getByText(APP)).toBeInTheDocument();

    await advance(1_000); // 5 minutes without activity
    expect(screen.queryByText(APP)).not.toBeInTheDocument();
    await advance(10); // the backend's answer to lock()
    expect(screen.getByTestId('unlock-form')).toBeInTheDocument();
    const status = backend.lockStatus();
    await advance(10);
    expect(await status).toMatchObject({ state: 'encrypted', unlocked: false });
  });

  it('follows a change of the setting while running, and "never" never locks', async () => {
    vi.useFakeTimers();
    gate();
    await advance(0);
    // Default: 15 minutes.
    await advance(14 * 60_000);
    expect(screen.getByText(APP)).toBeInTheDocument();
    act(() => setIdleMinutes(0));
    await advance(120 * 60_000);
    expect(screen.getByText(APP)).toBeInTheDocument();
    act(() => setIdleMinutes(30));
    await advance(30 * 60_000);
    await advance(10);
    expect(screen.getByTestId('unlock-form')).toBeInTheDocument();
  });

  it('does not lock a plain database', async () => {
    vi.useFakeTimers();
    setIdleMinutes(5);
    const { backend } = gate({ database: 'plain' });
    const lock = vi.spyOn(backend, 'lock');
    await advance(0);
    await advance(60 * 60_000);
    expect(screen.getByText(APP)).toBeInTheDocument();
    expect(lock).not.toHaveBeenCalled();
  });
});
