-- The organisation's own report-signing certificates (issue 6), imported from a certificate authority's
-- PKCS#12 or PEM files. At most one is active: it makes the embedded PDF signature instead of the
-- installation's self-signed certificate (signing_keys). A retired certificate keeps its public parts,
-- so that reports it signed still verify as this installation's, and loses its key.
-- `data` is the public state the audit trail records (subject, issuer, validity, fingerprint, the
-- SHA-256 of chain_pem, imported_at, retired_at); the key is never audited.
CREATE TABLE signing_certificates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    data TEXT NOT NULL,
    chain_pem TEXT NOT NULL,            -- the signing certificate first, then its issuers
    key_pkcs8_pem TEXT,                 -- NULL once retired
    active INTEGER NOT NULL CHECK (active IN (0, 1))
);
CREATE UNIQUE INDEX one_active_signing_certificate ON signing_certificates (active) WHERE active = 1;
