import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderWith } from '../test/render';
import { SettingsScreen } from './Settings';
import { MockBackend } from '../api/mock';
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
});
