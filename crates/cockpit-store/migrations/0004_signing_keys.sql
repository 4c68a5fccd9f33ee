-- The installation's report-signing keys (issue 6): an ECDSA P-256 key with its self-signed certificate
-- for the embedded PAdES signature, and a minisign (Ed25519) key pair for the detached .minisig files.
-- One row, created on first use; its creation is audited with the public parts only. The secret keys are
-- as safe as this file: issue 5 (SQLCipher) encrypts the database that holds them.
-- Numbered 0004 because 0003 belongs to the retention module (issue 4).
CREATE TABLE signing_keys (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    created_at TEXT NOT NULL,
    p256_pkcs8_pem TEXT NOT NULL,
    certificate_pem TEXT NOT NULL,
    minisign_secret TEXT NOT NULL,
    minisign_public TEXT NOT NULL
);
