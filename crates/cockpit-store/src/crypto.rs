//! Encryption at rest: the database file is a SQLCipher database (AES-256 in CBC mode per page, with an
//! HMAC-SHA512 per page, so that a changed page is refused rather than read).
//!
//! SQLCipher's own passphrase derivation (PBKDF2, 256,000 rounds) runs again for every new connection of
//! the pool. We derive the key once instead, with **Argon2id (64 MiB, 3 passes, 1 lane)** over the
//! passphrase and the 16 random bytes SQLCipher keeps at the start of every encrypted file, and hand
//! SQLCipher the raw 256-bit key. A new file gets its salt from us (the raw key is given together with
//! the salt), so the salt is known before the file exists; an existing file's salt is read from its
//! first 16 bytes. Each file (database, backup, restored copy) has its own salt and therefore its own
//! key, even under the same passphrase.
//!
//! Nothing here logs a passphrase or a key, and the types that hold them print as `***`.

use crate::StoreError;
use std::io::Read;
use std::path::Path;
use zeroize::Zeroizing;

/// The key-derivation function and its cost, as shown to the user and in the documentation.
pub const KDF_DESCRIPTION: &str = "Argon2id, 64 MiB memory, 3 passes, 1 lane, 16-byte salt per file";

const KDF_MEMORY_KIB: u32 = 64 * 1024;
const KDF_PASSES: u32 = 3;
const KDF_LANES: u32 = 1;

/// The shortest passphrase accepted for a new database (an existing one opens with whatever it has).
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// Every plain SQLite file starts with these 16 bytes; an encrypted one starts with its random salt.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// A passphrase held in memory that is wiped when dropped and never printed.
#[derive(Clone)]
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    pub fn new(s: impl Into<String>) -> Passphrase {
        Passphrase(Zeroizing::new(s.into()))
    }

    /// A passphrase for a new database or a new passphrase: refused when too short.
    pub fn new_checked(s: impl Into<String>) -> Result<Passphrase, StoreError> {
        let p = Passphrase::new(s);
        if p.0.chars().count() < MIN_PASSPHRASE_CHARS {
            return Err(StoreError::Conflict(format!(
                "the passphrase is too short: use at least {MIN_PASSPHRASE_CHARS} characters (a few \
                 unrelated words are easier to remember and harder to guess)"
            )));
        }
        Ok(p)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(***)")
    }
}

/// What is at a database path before it is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// No file, or an empty one: opening creates it.
    Missing,
    /// A plain (unencrypted) SQLite file.
    Plain,
    /// Anything else of database size: a SQLCipher file (or not a database at all, which the
    /// passphrase check then reports).
    Encrypted,
}

/// Looks at the first bytes of the file at `path`.
pub fn file_kind(path: &Path) -> Result<FileKind, StoreError> {
    let open_err = |e: std::io::Error| StoreError::Open { path: path.to_path_buf(), reason: e.to_string() };
    let mut f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileKind::Missing),
        Err(e) => return Err(open_err(e)),
    };
    let len = f.metadata().map_err(open_err)?.len();
    if len == 0 {
        return Ok(FileKind::Missing);
    }
    let mut head = [0u8; 16];
    if len < 16 || f.read_exact(&mut head).is_err() {
        return Err(StoreError::Open {
            path: path.to_path_buf(),
            reason: "the file is not a DPO Cockpit database (it is too short)".into(),
        });
    }
    Ok(if &head == SQLITE_HEADER { FileKind::Plain } else { FileKind::Encrypted })
}

/// The salt of an encrypted file: its first 16 bytes.
pub(crate) fn read_salt(path: &Path) -> Result<[u8; 16], StoreError> {
    let mut f = std::fs::File::open(path)
        .map_err(|e| StoreError::Open { path: path.to_path_buf(), reason: e.to_string() })?;
    let mut salt = [0u8; 16];
    f.read_exact(&mut salt)
        .map_err(|e| StoreError::Open { path: path.to_path_buf(), reason: e.to_string() })?;
    Ok(salt)
}

/// A fresh random salt for a new file.
pub(crate) fn new_salt() -> Result<[u8; 16], StoreError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt)
        .map_err(|e| StoreError::Corrupt(format!("the operating system gave no random bytes: {e}")))?;
    Ok(salt)
}

/// The raw 256-bit key of one file, wiped when dropped.
pub(crate) struct FileKey {
    key: Zeroizing<[u8; 32]>,
    salt: [u8; 16],
}

impl FileKey {
    /// Argon2id over the passphrase and the file's salt.
    pub(crate) fn derive(passphrase: &Passphrase, salt: [u8; 16]) -> Result<FileKey, StoreError> {
        let params = argon2::Params::new(KDF_MEMORY_KIB, KDF_PASSES, KDF_LANES, Some(32))
            .map_err(|e| StoreError::Corrupt(format!("key derivation parameters: {e}")))?;
        let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
        let mut key = Zeroizing::new([0u8; 32]);
        argon
            .hash_password_into(passphrase.expose().as_bytes(), &salt, key.as_mut())
            .map_err(|e| StoreError::Corrupt(format!("key derivation failed: {e}")))?;
        Ok(FileKey { key, salt })
    }

    /// The value of `PRAGMA key` / `ATTACH … KEY`: SQLCipher's raw-key form `x'<key><salt>'`, which
    /// also fixes the salt of a file that does not exist yet.
    pub(crate) fn sqlcipher_value(&self) -> Zeroizing<String> {
        let mut hex_key = Zeroizing::new(hex::encode(self.key.as_ref()));
        hex_key.push_str(&hex::encode(self.salt));
        Zeroizing::new(format!("x'{}'", hex_key.as_str()))
    }

    /// The same, quoted for the `key` pragma that sqlx sends as `PRAGMA key = <value>`.
    pub(crate) fn pragma_value(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("\"{}\"", self.sqlcipher_value().as_str()))
    }
}

impl std::fmt::Debug for FileKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FileKey(***)")
    }
}

/// SQLCipher reports a wrong key as "file is not a database" (SQLITE_NOTADB, code 26).
pub(crate) fn is_wrong_key(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(d) => {
            d.code().as_deref() == Some("26") || d.message().contains("not a database")
        }
        _ => e.to_string().contains("file is not a database"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passphrase_never_prints() {
        let p = Passphrase::new("correct horse battery staple");
        assert_eq!(format!("{p:?}"), "Passphrase(***)");
        let k = FileKey::derive(&p, [7; 16]).unwrap();
        assert_eq!(format!("{k:?}"), "FileKey(***)");
    }

    #[test]
    fn short_passphrases_are_refused_for_new_databases() {
        assert!(Passphrase::new_checked("short").is_err());
        assert!(Passphrase::new_checked("long enough").is_ok());
    }

    #[test]
    fn derivation_depends_on_passphrase_and_salt() {
        let a = FileKey::derive(&Passphrase::new("one passphrase"), [1; 16]).unwrap();
        let b = FileKey::derive(&Passphrase::new("one passphrase"), [1; 16]).unwrap();
        let c = FileKey::derive(&Passphrase::new("one passphrase"), [2; 16]).unwrap();
        let d = FileKey::derive(&Passphrase::new("two passphrase"), [1; 16]).unwrap();
        assert_eq!(a.sqlcipher_value().as_str(), b.sqlcipher_value().as_str());
        assert_ne!(*a.key, *c.key);
        assert_ne!(*a.key, *d.key);
        // x' + 64 hex of key + 32 hex of salt + '
        let v = a.sqlcipher_value();
        assert_eq!(v.len(), 2 + 64 + 32 + 1);
        assert!(v.ends_with(&format!("{}'", hex::encode([1u8; 16]))));
    }

    #[test]
    fn argon2id_matches_the_reference_vector() {
        // Pins the parameters, so that a change of cost can never silently lock users out of their
        // databases, and checks them against the reference implementation: Debian's `argon2` package,
        // `echo -n 'password' | argon2 somesaltsomesalt -id -m 16 -t 3 -p 1 -l 32 -r`.
        let k = FileKey::derive(&Passphrase::new("password"), *b"somesaltsomesalt").unwrap();
        assert_eq!(hex::encode(*k.key), PINNED_KEY);
    }

    const PINNED_KEY: &str = "7664ad4ba1a3c999fcdd0991ffc2270f78302d2383233db5e7befc85d1bb1819";

    #[test]
    fn file_kinds() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.db");
        assert_eq!(file_kind(&p).unwrap(), FileKind::Missing);
        std::fs::write(&p, b"").unwrap();
        assert_eq!(file_kind(&p).unwrap(), FileKind::Missing);
        std::fs::write(&p, b"abc").unwrap();
        assert!(file_kind(&p).is_err());
        let mut plain = SQLITE_HEADER.to_vec();
        plain.extend([0u8; 100]);
        std::fs::write(&p, &plain).unwrap();
        assert_eq!(file_kind(&p).unwrap(), FileKind::Plain);
        std::fs::write(&p, [9u8; 4096]).unwrap();
        assert_eq!(file_kind(&p).unwrap(), FileKind::Encrypted);
    }
}
