// TEST DOUBLE of the report signing keys for the MockBackend: the installation's self-signed certificate,
// and the organisation's own certificates "imported" from a pretend file dialog (nothing is parsed; a
// made-up certificate issued by a made-up authority). Inside Tauri the Rust core checks the real files
// (crates/cockpit-report/src/own_certificate.rs) and signs with them.
import type { ApiError, JsonValue, ReportKeys, SigningCertificate } from '../types';
import { sha256Hex } from './sha256';

/** What the pretend certificate dialog does: pick a good file (`ok`, the default), be cancelled
 *  (`cancel`), or pick a file the core refuses with `validation` and this reason (`{ refuse }`). */
export type MockCertificateFile = 'ok' | 'cancel' | { refuse: string };

/** The password that does not open the pretend PKCS#12 file (any other one, or none, opens it). */
export const MOCK_WRONG_CERTIFICATE_PASSWORD = 'wrong';
export const MOCK_CERTIFICATE_PATH = '/home/dpo/Documents/organisation-signing.p12';
export const MOCK_CERTIFICATE_ISSUER = 'CN=Example Trust Services Issuing CA 2026, O=Example Trust Services S.A., C=ES';
export const MOCK_CERTIFICATE_ROOT = 'CN=Example Trust Services Root CA, O=Example Trust Services S.A., C=ES';

interface Deps {
  now: () => Date;
  organisation: () => string;
  audit: (objectId: string, action: string, before: JsonValue | null, after: JsonValue | null) => void;
}

function fail(code: ApiError['code'], message: string): ApiError {
  return { code, message, fields: [], rows: [] };
}

/** RFC 3339 UTC to the second, as the core writes certificate dates. */
const seconds = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

function addYears(d: Date, years: number): Date {
  const out = new Date(d.getTime());
  out.setUTCFullYear(out.getUTCFullYear() + years);
  return out;
}

/** SHA-256 hex in groups of four, as the core shows certificate fingerprints. */
const grouped = (hex: string) => hex.match(/.{1,4}/g)!.join(' ');

export class MockSigning {
  /** What the next certificate dialog does (tests may change it between calls). */
  file: MockCertificateFile;
  private certificates: SigningCertificate[] = [];
  private created: Date | null = null;

  constructor(
    private readonly deps: Deps,
    file: MockCertificateFile = 'ok',
  ) {
    this.file = file;
  }

  private installationSubject(): string {
    return `CN=DPO Cockpit report signing, O=${this.deps.organisation()}`;
  }

  reportKeys(): ReportKeys {
    this.created ??= this.deps.now();
    const active = this.certificates.find((c) => c.active);
    const base = {
      minisign_public_key: 'RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3',
      minisign_key_id: 'E7620F1842B4E81F',
    };
    if (active) {
      return {
        ...base,
        certificate_fingerprint: active.fingerprint.replace(/ /g, '').toLowerCase(),
        certificate_subject: active.subject,
        certificate_issuer: active.issuer,
        certificate_valid_until: active.not_after.slice(0, 10),
        certificate_imported: true,
      };
    }
    const subject = this.installationSubject();
    return {
      ...base,
      certificate_fingerprint: 'mock-' + sha256Hex('mock certificate').slice(0, 59),
      certificate_subject: subject,
      certificate_issuer: subject,
      certificate_valid_until: addYears(this.created, 10).toISOString().slice(0, 10),
      certificate_imported: false,
    };
  }

  signingCertificates(): SigningCertificate[] {
    return structuredClone(this.certificates);
  }

  importSigningCertificate(password: string | null): SigningCertificate | null {
    const file = this.file;
    if (file === 'cancel') return null;
    if (password === MOCK_WRONG_CERTIFICATE_PASSWORD) {
      throw fail('wrong_passphrase', `the password does not open ${MOCK_CERTIFICATE_PATH.split('/').pop()}`);
    }
    if (file !== 'ok') throw fail('validation', file.refuse);
    const now = this.deps.now();
    const n = this.certificates.length + 1;
    const org = this.deps.organisation();
    const fingerprint = grouped(sha256Hex(`mock organisation certificate ${n}`).toUpperCase());
    const cert: SigningCertificate = {
      id: n,
      subject: `CN=${org} report signing, O=${org}, C=ES`,
      issuer: MOCK_CERTIFICATE_ISSUER,
      serial: sha256Hex(`serial ${n}`).slice(0, 32),
      not_before: seconds(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))),
      not_after: seconds(addYears(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 23, 59, 59)), 2)),
      fingerprint,
      key_algorithm: 'RSA 3072',
      issuers: [MOCK_CERTIFICATE_ISSUER, MOCK_CERTIFICATE_ROOT],
      self_issued: false,
      imported_at: seconds(now),
      retired_at: null,
      active: true,
    };
    this.retire(now);
    this.certificates.push(cert);
    this.deps.audit(String(cert.id), 'import', null, this.record(cert));
    return structuredClone(cert);
  }

  retireSigningCertificate(): boolean {
    return this.retire(this.deps.now());
  }

  private retire(now: Date): boolean {
    const active = this.certificates.find((c) => c.active);
    if (!active) return false;
    const before = this.record(active);
    active.active = false;
    active.retired_at = seconds(now);
    this.deps.audit(String(active.id), 'retire', before, this.record(active));
    return true;
  }

  /** The public parts, as the trail records them. */
  private record(c: SigningCertificate): JsonValue {
    const { id: _id, active: _active, ...rest } = c;
    return { ...rest, issuers: [...rest.issuers] };
  }
}
