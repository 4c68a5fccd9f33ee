//! Encryption at rest, backups and restores, as the CLI and the desktop use them.
//!
//! Where the passphrase comes from is the adapters' business (the environment, a prompt, the unlock
//! screen, the OS keyring through [`remember_passphrase`]); this module opens, backs up, restores and
//! re-keys, and writes each of these events into the audit trail.

use crate::{os_user, ApiError, Cockpit, ErrorCode, Result};
use cockpit_domain::{Clock, SystemClock};
use cockpit_store::backup::FileReport;
use cockpit_store::{audit, AuditContext, Store};
use serde::{Deserialize, Serialize};
use serde_json::json;
use specta::Type;
use std::path::Path;
use std::sync::Arc;

pub use cockpit_store::crypto::{file_kind, FileKind, Passphrase, KDF_DESCRIPTION, MIN_PASSPHRASE_CHARS};

/// What a backup, restore or encryption wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct BackupReport {
    pub path: String,
    /// File size in bytes.
    pub bytes: u64,
    pub schema_version: u32,
    /// Audit entries in the copy, and the hash of the last one: the copy proves where the chain stood.
    pub audit_entries: i64,
    pub audit_head: Option<String>,
    /// On a forced restore: where the replaced database was moved (it is never deleted).
    pub replaced: Option<String>,
    pub encrypted: bool,
}

impl BackupReport {
    fn from(r: FileReport, encrypted: bool) -> BackupReport {
        BackupReport {
            path: r.path.display().to_string(),
            bytes: r.bytes,
            schema_version: r.schema_version as u32,
            audit_entries: r.audit_entries,
            audit_head: r.audit_head,
            replaced: r.replaced.map(|p| p.display().to_string()),
            encrypted,
        }
    }
}

/// Whether the database at a path exists and is encrypted, before anything opens it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum DatabaseState {
    /// No database yet: the first run creates it.
    Missing,
    Plain,
    Encrypted,
}

pub fn database_state(path: &Path) -> Result<DatabaseState> {
    Ok(match file_kind(path)? {
        FileKind::Missing => DatabaseState::Missing,
        FileKind::Plain => DatabaseState::Plain,
        FileKind::Encrypted => DatabaseState::Encrypted,
    })
}

/// The file name only: audit entries and logs name files without the user's folders.
fn file_name(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

async fn audit_event(
    store: &Store,
    ctx: &AuditContext,
    action: &str,
    after: serde_json::Value,
) -> Result<()> {
    let mut tx = store.begin().await?;
    audit::append(&mut tx, ctx, "database", "database", action, None, Some(&after)).await?;
    tx.commit().await.map_err(cockpit_store::StoreError::from)?;
    Ok(())
}

impl Cockpit {
    /// Opens the database with the system clock and the OS user; see [`Cockpit::open_with_passphrase`].
    pub async fn open_encrypted(path: &Path, passphrase: Option<&Passphrase>) -> Result<Cockpit> {
        Self::open_with_passphrase(path, Arc::new(SystemClock), os_user(), passphrase).await
    }

    /// Whether the open database is encrypted.
    pub fn is_encrypted(&self) -> bool {
        self.store.is_encrypted()
    }

    /// Whether `passphrase` is the one the database was opened with (the desktop app checks the
    /// current passphrase this way before it closes the database to change it).
    pub fn opened_with(&self, passphrase: &Passphrase) -> bool {
        self.passphrase.as_ref().is_some_and(|p| p.expose() == passphrase.expose())
    }

    /// Writes an encrypted backup of the open database to `out`, consistent while the database stays
    /// in use, and records it in the audit trail (file name, the chain head the backup ends with).
    pub async fn backup(&self, out: &Path, passphrase: &Passphrase, overwrite: bool) -> Result<BackupReport> {
        let started = std::time::Instant::now();
        let r = self.store.backup_to(out, passphrase, overwrite).await?;
        tracing::info!(
            bytes = r.bytes,
            entries = r.audit_entries,
            ms = started.elapsed().as_millis() as u64,
            "backup written"
        );
        audit_event(
            &self.store,
            &self.ctx(),
            "backup",
            json!({ "file": file_name(out), "bytes": r.bytes, "audit_entries": r.audit_entries, "audit_head": r.audit_head }),
        )
        .await?;
        Ok(BackupReport::from(r, true))
    }

    /// Restores `backup` into a new database at `target` (refused when one exists, unless `force`,
    /// which moves the old one aside). The restored database records the restore in its audit trail.
    pub async fn restore(
        backup: &Path,
        target: &Path,
        passphrase: Option<&Passphrase>,
        force: bool,
        clock: &dyn Clock,
    ) -> Result<BackupReport> {
        let r = Store::restore(backup, target, passphrase, force).await?;
        let store = Store::open_with(target, passphrase).await?;
        let ctx = AuditContext { actor: os_user(), at: clock.now() };
        let logged = audit_event(
            &store,
            &ctx,
            "restore",
            json!({ "from": file_name(backup), "audit_entries": r.audit_entries, "audit_head": r.audit_head }),
        )
        .await;
        store.close().await;
        logged?;
        Ok(BackupReport::from(r, passphrase.is_some()))
    }

    /// Changes the passphrase of the encrypted database at `path` (which nothing else may hold open).
    pub async fn change_passphrase(
        path: &Path,
        old: &Passphrase,
        new: &Passphrase,
        clock: &dyn Clock,
    ) -> Result<()> {
        Store::change_passphrase(path, old, new).await?;
        let store = Store::open_with(path, Some(new)).await?;
        let ctx = AuditContext { actor: os_user(), at: clock.now() };
        let logged = audit_event(&store, &ctx, "change_passphrase", json!({ "kdf": KDF_DESCRIPTION })).await;
        store.close().await;
        logged
    }

    /// Encrypts the plain database at `path` (which nothing else may hold open).
    pub async fn encrypt(path: &Path, passphrase: &Passphrase, clock: &dyn Clock) -> Result<BackupReport> {
        let r = Store::encrypt_file(path, passphrase).await?;
        let store = Store::open_with(path, Some(passphrase)).await?;
        let ctx = AuditContext { actor: os_user(), at: clock.now() };
        let logged = audit_event(&store, &ctx, "encrypt", json!({ "kdf": KDF_DESCRIPTION })).await;
        store.close().await;
        logged?;
        Ok(BackupReport::from(r, true))
    }
}

/// The environment variable scripts (and the smoke test) use for the database passphrase.
pub const PASSPHRASE_ENV: &str = "COCKPIT_PASSPHRASE";
/// The new passphrase for `cockpit passphrase change`.
pub const NEW_PASSPHRASE_ENV: &str = "COCKPIT_NEW_PASSPHRASE";

/// The passphrase in the environment variable `name`, if set and not empty.
pub fn passphrase_from_env(name: &str) -> Option<Passphrase> {
    std::env::var(name).ok().filter(|v| !v.is_empty()).map(Passphrase::new)
}

/// A passphrase chosen for a new database or as a new passphrase: long enough, or a validation error.
pub fn new_passphrase(s: impl Into<String>) -> Result<Passphrase> {
    Passphrase::new_checked(s).map_err(|e| ApiError::new(ErrorCode::Validation, e.to_string()))
}

/// The OS keyring entry for a database ("unlock with my login"), keyed by its absolute path.
fn keyring_account(db: &Path) -> String {
    let abs = std::path::absolute(db).unwrap_or_else(|_| db.to_path_buf());
    format!("database:{}", abs.display())
}

/// The passphrase kept in the OS keyring for this database, if any. A keyring that cannot be reached
/// (a server without a Secret Service) counts as holding nothing.
pub fn remembered_passphrase(db: &Path) -> Option<Passphrase> {
    match cockpit_connect::secrets::keyring_get(&keyring_account(db)) {
        Ok(p) => p.map(Passphrase::new),
        Err(e) => {
            tracing::debug!(error = %e, "the OS keyring is not available");
            None
        }
    }
}

/// Keeps the passphrase in the OS keyring, so that the OS login unlocks the database.
pub fn remember_passphrase(db: &Path, passphrase: &Passphrase) -> Result<()> {
    cockpit_connect::secrets::keyring_set(&keyring_account(db), passphrase.expose())
        .map_err(|e| ApiError::new(ErrorCode::Conflict, e.to_string()))
}

/// Removes the passphrase from the OS keyring (the unlock screen or `COCKPIT_PASSPHRASE` is needed again).
pub fn forget_passphrase(db: &Path) -> Result<()> {
    cockpit_connect::secrets::keyring_delete(&keyring_account(db))
        .map_err(|e| ApiError::new(ErrorCode::Conflict, e.to_string()))
}
