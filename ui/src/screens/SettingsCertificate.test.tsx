import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderWith } from '../test/render';
import { SigningKeysSection } from './SettingsCertificate';
import { SettingsScreen } from './Settings';
import { MockBackend } from '../api/mock';
import { MOCK_CERTIFICATE_ISSUER } from '../api/mocklib/signing';
import { makeI18n } from '../i18n';

const en = makeI18n('en');
const EXPIRED = 'the certificate of CN=Old expired on 2025-01-31 00:00 UTC';

const backends: MockBackend[] = [];
function setup(opts: ConstructorParameters<typeof MockBackend>[0] = {}) {
  const b = new MockBackend({ today: '2026-11-29', now: () => new Date('2026-11-29T09:30:00Z'), ...opts });
  backends.push(b);
  return b;
}
afterEach(() => backends.splice(0).forEach((b) => b.retention.dispose()));

const importButton = () => screen.getByRole('button', { name: 'Import certificate…' });

describe('Settings › signing keys and the organisation’s certificate', () => {
  it('is a section of Settings: the self-signed certificate, its issuer and validity, and no imported one yet', async () => {
    renderWith(<SettingsScreen />, { backend: setup() });
    const section = await screen.findByTestId('settings-signing');
    expect(within(section).getByRole('heading', { level: 2, name: 'Signing keys' })).toBeInTheDocument();
    expect(await within(section).findByTestId('settings-certificate-kind')).toHaveTextContent(
      'Self-signed by this installation (PDF readers show the issuer as unknown)',
    );
    expect(within(section).getByTestId('settings-issuer')).toHaveTextContent('CN=DPO Cockpit report signing, O=');
    expect(within(section).getByTestId('settings-issuer').textContent).toBe(within(section).getByTestId('settings-subject').textContent);
    expect(within(section).getByTestId('settings-valid-until')).toHaveTextContent(en.date('2036-11-29'));
    expect(within(section).getByRole('heading', { level: 3, name: 'Organisation’s signing certificate' })).toBeInTheDocument();
    expect(within(section).getByText(/PDF readers trust that authority see the reports as signed by the organisation; the minisign key does not change/)).toBeInTheDocument();
    expect(await within(section).findByTestId('cert-none')).toHaveTextContent('None yet');
    expect(within(section).queryByRole('button', { name: 'Stop using it' })).toBeNull();
    await waitFor(() => expect(screen.queryByText('Loading…')).not.toBeInTheDocument());
  });

  it('imports a certificate with the password: busy meanwhile, then subject, issuer and validity; the keys and the list follow', async () => {
    const b = setup({ latencyMs: 20 });
    const spy = vi.spyOn(b, 'importSigningCertificate');
    renderWith(<SigningKeysSection />, { backend: b });
    await screen.findByTestId('cert-none');
    const password = screen.getByLabelText('Password of the file (if any)');
    expect(password).toHaveAttribute('type', 'password');
    fireEvent.change(password, { target: { value: 's3cret' } });
    fireEvent.click(importButton());
    expect(screen.getByRole('button', { name: 'Importing…' })).toBeDisabled();
    const done = await screen.findByTestId('cert-imported');
    expect(spy).toHaveBeenCalledWith('s3cret');
    expect(done).toHaveTextContent('Imported: reports are now signed with the organisation’s certificate.');
    const [cert] = await b.signingCertificates();
    expect(done).toHaveTextContent(cert!.subject);
    expect(done).toHaveTextContent(MOCK_CERTIFICATE_ISSUER);
    expect(done).toHaveTextContent(`Valid until${en.date('2028-11-29')}`);
    expect(importButton()).toBeEnabled();
    expect(password).toHaveValue('');
    // The keys now name the organisation's certificate.
    await waitFor(() =>
      expect(screen.getByTestId('settings-certificate-kind')).toHaveTextContent(`Issued by ${MOCK_CERTIFICATE_ISSUER} (the organisation’s own certificate)`),
    );
    expect(screen.getByTestId('settings-subject')).toHaveTextContent(cert!.subject);
    expect(screen.getByTestId('settings-valid-until')).toHaveTextContent(en.date('2028-11-29'));
    const row = await screen.findByTestId('cert-1');
    expect(row).toHaveTextContent('Active');
    expect(screen.getByRole('button', { name: 'Stop using it' })).toBeEnabled();
  });

  it('an empty password is sent as none', async () => {
    const b = setup();
    const spy = vi.spyOn(b, 'importSigningCertificate');
    renderWith(<SigningKeysSection />, { backend: b });
    await screen.findByTestId('cert-none');
    fireEvent.click(importButton());
    await screen.findByTestId('cert-imported');
    expect(spy).toHaveBeenCalledWith(null);
  });

  it('a password that does not open the file: said on the password field, which gets the focus; nothing imported', async () => {
    const b = setup();
    renderWith(<SigningKeysSection />, { backend: b });
    await screen.findByTestId('cert-none');
    const password = screen.getByLabelText('Password of the file (if any)');
    fireEvent.change(password, { target: { value: 'wrong' } });
    fireEvent.click(importButton());
    expect(await screen.findByTestId('error-cert-password')).toHaveTextContent('This password does not open the file (or its key).');
    expect(password).toHaveAttribute('aria-invalid', 'true');
    expect(password.getAttribute('aria-describedby')).toContain('cert-password-error');
    await waitFor(() => expect(password).toHaveFocus());
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByTestId('cert-imported')).toBeNull();
    expect(await b.signingCertificates()).toEqual([]);
    expect(screen.getByTestId('settings-certificate-kind')).toHaveTextContent('Self-signed by this installation');
    // Typing again clears the error.
    fireEvent.change(password, { target: { value: 'right' } });
    expect(screen.queryByTestId('error-cert-password')).toBeNull();
    expect(password).not.toHaveAttribute('aria-invalid');
  });

  it('a certificate the core refuses: its reason as an alert; nothing imported', async () => {
    const b = setup({ certificateFile: { refuse: EXPIRED } });
    renderWith(<SigningKeysSection />, { backend: b });
    await screen.findByTestId('cert-none');
    fireEvent.change(screen.getByLabelText('Password of the file (if any)'), { target: { value: 'secret' } });
    fireEvent.click(importButton());
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(`Not imported: ${EXPIRED}`);
    expect(alert).toHaveAttribute('data-testid', 'cert-refused');
    expect(screen.getByLabelText('Password of the file (if any)')).not.toHaveAttribute('aria-invalid');
    expect(screen.getByTestId('cert-none')).toBeInTheDocument();
    expect(await b.signingCertificates()).toEqual([]);
  });

  it('another failure: an error box', async () => {
    const b = setup();
    vi.spyOn(b, 'importSigningCertificate').mockRejectedValue({ code: 'internal', message: 'the keyring is not available', fields: [], rows: [] });
    renderWith(<SigningKeysSection />, { backend: b });
    await screen.findByTestId('cert-none');
    fireEvent.click(importButton());
    expect(await screen.findByRole('alert')).toHaveTextContent('the keyring is not available');
    expect(importButton()).toBeEnabled();
  });

  it('a cancelled dialog does nothing', async () => {
    const b = setup({ certificateFile: 'cancel' });
    const spy = vi.spyOn(b, 'importSigningCertificate');
    const keys = vi.spyOn(b, 'reportKeys');
    renderWith(<SigningKeysSection />, { backend: b });
    await screen.findByTestId('cert-none');
    await screen.findByTestId('settings-keys');
    const before = keys.mock.calls.length;
    fireEvent.click(importButton());
    expect(screen.getByTestId('cert-import')).toBeDisabled();
    await waitFor(() => expect(importButton()).toBeEnabled());
    expect(spy).toHaveBeenCalledTimes(1);
    expect(await spy.mock.results[0]!.value).toBeNull();
    expect(keys.mock.calls.length).toBe(before);
    expect(screen.queryByTestId('cert-imported')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByTestId('cert-none')).toBeInTheDocument();
  });

  it('"Stop using it" asks first; cancelled, nothing changes; confirmed, the self-signed certificate signs again', async () => {
    const b = setup();
    await b.importSigningCertificate('secret');
    const retire = vi.spyOn(b, 'retireSigningCertificate');
    renderWith(<SigningKeysSection />, { backend: b });
    await waitFor(() => expect(screen.getByTestId('settings-certificate-kind')).toHaveTextContent('Issued by'));
    fireEvent.click(await screen.findByRole('button', { name: 'Stop using it' }));
    let dialog = await screen.findByTestId('confirm-dialog');
    expect(within(dialog).getByRole('heading', { name: 'Stop using the organisation’s certificate?' })).toBeInTheDocument();
    expect(dialog).toHaveTextContent('Reports will be signed with this installation’s self-signed certificate again.');
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull());
    expect(retire).not.toHaveBeenCalled();
    expect(screen.getByTestId('cert-1')).toHaveTextContent('Active');

    fireEvent.click(screen.getByRole('button', { name: 'Stop using it' }));
    dialog = await screen.findByTestId('confirm-dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Stop using it' }));
    expect(await screen.findByTestId('cert-retired')).toHaveTextContent(
      'The organisation’s certificate is no longer used: the installation’s self-signed certificate signs the reports again.',
    );
    expect(retire).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    await waitFor(() => expect(screen.getByTestId('settings-certificate-kind')).toHaveTextContent('Self-signed by this installation'));
    await waitFor(() => expect(screen.getByTestId('cert-1')).toHaveTextContent('Retired'));
    expect(screen.getByTestId('cert-1')).toHaveTextContent(`retired ${en.dateTime('2026-11-29T09:30:00Z')}`);
    expect(screen.queryByRole('button', { name: 'Stop using it' })).toBeNull();
  });

  it('lists every imported certificate, oldest first: subject, issuer, valid until, key, fingerprint, status with dates', async () => {
    let now = new Date('2026-06-01T08:00:00Z');
    const b = setup({ now: () => now });
    await b.importSigningCertificate('secret');
    now = new Date('2026-11-29T09:30:00Z');
    await b.importSigningCertificate('secret');
    const [first, second] = await b.signingCertificates();
    renderWith(<SigningKeysSection />, { backend: b });
    const table = await screen.findByTestId('cert-history');
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Subject',
      'Issuer',
      'Valid until',
      'Key',
      'Fingerprint (SHA-256)',
      'Status',
    ]);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.getAttribute('data-testid'))).toEqual(['cert-1', 'cert-2']);
    const cells = within(rows[0]!).getAllByRole('cell');
    expect(cells[0]).toHaveTextContent(first!.subject);
    expect(cells[1]).toHaveTextContent(MOCK_CERTIFICATE_ISSUER);
    expect(cells[1]).toHaveAttribute('title', first!.issuers.join('\n'));
    expect(cells[2]).toHaveTextContent(en.date('2028-06-01'));
    expect(cells[3]).toHaveTextContent('RSA 3072');
    expect(cells[4]).toHaveTextContent(first!.fingerprint);
    expect(cells[5]).toHaveTextContent('Retired');
    expect(cells[5]).toHaveTextContent(`imported ${en.dateTime('2026-06-01T08:00:00Z')}`);
    expect(cells[5]).toHaveTextContent(`retired ${en.dateTime('2026-11-29T09:30:00Z')}`);
    const last = within(rows[1]!).getAllByRole('cell');
    expect(last[4]).toHaveTextContent(second!.fingerprint);
    expect(last[5]).toHaveTextContent('Active');
    expect(last[5]).not.toHaveTextContent('retired');
  });

  it('in Spanish', async () => {
    const b = setup();
    renderWith(<SigningKeysSection />, { backend: b, lang: 'es' });
    expect(await screen.findByRole('heading', { level: 3, name: 'Certificado de firma de la organización' })).toBeInTheDocument();
    expect(await screen.findByTestId('settings-certificate-kind')).toHaveTextContent(
      'Autofirmado por esta instalación (los lectores de PDF muestran el emisor como desconocido)',
    );
    expect(screen.getByText('Válido hasta')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Contraseña del fichero (si la tiene)'), { target: { value: 'wrong' } });
    fireEvent.click(screen.getByRole('button', { name: 'Importar certificado…' }));
    expect(await screen.findByTestId('error-cert-password')).toHaveTextContent('Esta contraseña no abre el fichero (o su clave).');
    fireEvent.change(screen.getByLabelText('Contraseña del fichero (si la tiene)'), { target: { value: 'buena' } });
    fireEvent.click(screen.getByRole('button', { name: 'Importar certificado…' }));
    expect(await screen.findByTestId('cert-imported')).toHaveTextContent('Importado: los informes se firman ahora con el certificado de la organización.');
    await waitFor(() => expect(screen.getByTestId('settings-certificate-kind')).toHaveTextContent('Emitido por'));
    expect(await screen.findByTestId('cert-1')).toHaveTextContent('En uso');
    fireEvent.click(screen.getByRole('button', { name: 'Dejar de usarlo' }));
    const dialog = await screen.findByTestId('confirm-dialog');
    expect(within(dialog).getByRole('heading', { name: '¿Dejar de usar el certificado de la organización?' })).toBeInTheDocument();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Dejar de usarlo' }));
    await waitFor(() => expect(screen.getByTestId('cert-1')).toHaveTextContent('Retirado'));
  });
});
