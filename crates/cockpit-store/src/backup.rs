//! Whole-file operations: online backups, restores, changing the passphrase and encrypting a plain file.
//!
//! A backup is a single SQLCipher file (no WAL beside it) written with `sqlcipher_export` inside one
//! read transaction, so it is a consistent snapshot even while the app keeps writing. It is always
//! encrypted, with its own salt. Every operation writes to a temporary file beside its destination,
//! checks what it wrote (`PRAGMA integrity_check`, the audit chain recomputed, the chain head compared
//! with the source's) and only then renames it into place: a failure at any point leaves the source and
//! any existing destination as they were.

use crate::audit;
use crate::crypto::{self, FileKey, FileKind, Passphrase};
use crate::{connect_options, known_schema_version, Store, StoreError};
use sqlx::{Connection, SqliteConnection};
use std::path::{Path, PathBuf};

/// What a backup or restore wrote, and the chain it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    pub path: PathBuf,
    pub bytes: u64,
    pub schema_version: i64,
    pub audit_entries: i64,
    pub audit_head: Option<String>,
    /// On a forced restore: where the replaced database was moved (never deleted).
    pub replaced: Option<PathBuf>,
}

fn io_err(path: &Path, e: std::io::Error) -> StoreError {
    StoreError::Open { path: path.to_path_buf(), reason: e.to_string() }
}

/// A temporary path beside `dest` (same folder, so the final rename is atomic).
fn temp_beside(dest: &Path, what: &str) -> Result<PathBuf, StoreError> {
    let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "cockpit".into());
    let dir = parent_dir(dest);
    std::fs::create_dir_all(&dir).map_err(|e| io_err(&dir, e))?;
    let tmp = dir.join(format!(".{name}.{what}-{}", std::process::id()));
    remove_quietly(&tmp);
    Ok(tmp)
}

fn parent_dir(p: &Path) -> PathBuf {
    match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn remove_quietly(p: &Path) {
    for suffix in ["", "-journal", "-wal", "-shm"] {
        let _ = std::fs::remove_file(sidecar(p, suffix));
    }
}

fn sidecar(p: &Path, suffix: &str) -> PathBuf {
    let mut s = p.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Renames `from` to `to` and makes both the file and the rename durable.
fn durable_rename(from: &Path, to: &Path) -> Result<(), StoreError> {
    std::fs::File::open(from).and_then(|f| f.sync_all()).map_err(|e| io_err(from, e))?;
    std::fs::rename(from, to).map_err(|e| io_err(to, e))?;
    let dir = parent_dir(to);
    // Directories cannot be opened for syncing on every OS; where they can, do it.
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

fn path_text(p: &Path) -> Result<&str, StoreError> {
    p.to_str().ok_or_else(|| StoreError::Open {
        path: p.to_path_buf(),
        reason: "the path is not valid UTF-8; choose another name".into(),
    })
}

/// One connection to `path`, keyed when a key is given, with a probe that turns a wrong key into
/// [`StoreError::WrongPassphrase`].
async fn connect_one(
    path: &Path,
    key: Option<&FileKey>,
    read_only: bool,
) -> Result<SqliteConnection, StoreError> {
    let options = connect_options(path, key)?.read_only(read_only).create_if_missing(false);
    let wrong = |e: &sqlx::Error| key.is_some() && crypto::is_wrong_key(e);
    let mut conn = SqliteConnection::connect_with(&options).await.map_err(|e| {
        if wrong(&e) {
            StoreError::WrongPassphrase { path: path.to_path_buf() }
        } else {
            StoreError::Open { path: path.to_path_buf(), reason: e.to_string() }
        }
    })?;
    if let Err(e) = sqlx::query("SELECT count(*) FROM sqlite_master").execute(&mut conn).await {
        let _ = conn.close().await;
        return Err(if wrong(&e) {
            StoreError::WrongPassphrase { path: path.to_path_buf() }
        } else {
            StoreError::Open { path: path.to_path_buf(), reason: e.to_string() }
        });
    }
    Ok(conn)
}

/// The key of an existing file: none for a plain file, derived from its salt for an encrypted one.
fn key_of(path: &Path, passphrase: Option<&Passphrase>) -> Result<Option<FileKey>, StoreError> {
    match crypto::file_kind(path)? {
        FileKind::Missing => Err(StoreError::NotFound(format!("{}", path.display()))),
        FileKind::Plain => Ok(None),
        FileKind::Encrypted => match passphrase {
            None => Err(StoreError::Locked { path: path.to_path_buf() }),
            Some(p) => Ok(Some(FileKey::derive(p, crypto::read_salt(path)?)?)),
        },
    }
}

/// The chain head (count, last hash) in the connection's current snapshot.
async fn chain_head(conn: &mut SqliteConnection) -> Result<(i64, Option<String>), StoreError> {
    Ok(sqlx::query_as(
        "SELECT COUNT(*), (SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1) FROM audit_log",
    )
    .fetch_one(&mut *conn)
    .await?)
}

/// Copies the database on `conn` into a new file at `dest` keyed with `key`, in one read snapshot.
/// Returns the chain head of that snapshot.
async fn export_into(
    conn: &mut SqliteConnection,
    dest: &Path,
    key: Option<&FileKey>,
) -> Result<(i64, Option<String>), StoreError> {
    let key_text = match key {
        Some(k) => k.sqlcipher_value().to_string(),
        // An empty key attaches a plain file.
        None => String::new(),
    };
    // Create the file first with a connection of its own: SQLite opens an attached file with the main
    // connection's flags, which need not include "create".
    let mut creator =
        SqliteConnection::connect_with(&connect_options(dest, key)?.create_if_missing(true)).await?;
    sqlx::query("SELECT count(*) FROM sqlite_master").execute(&mut creator).await?;
    creator.close().await?;
    sqlx::query("ATTACH DATABASE ? AS export_target KEY ?")
        .bind(path_text(dest)?)
        .bind(key_text)
        .execute(&mut *conn)
        .await?;
    let copied = async {
        sqlx::query("BEGIN").execute(&mut *conn).await?;
        let copy = async {
            let head = chain_head(conn).await?;
            sqlx::query("SELECT sqlcipher_export('export_target')").execute(&mut *conn).await?;
            Ok::<_, StoreError>(head)
        }
        .await;
        let end = if copy.is_ok() { "COMMIT" } else { "ROLLBACK" };
        sqlx::query(end).execute(&mut *conn).await?;
        copy
    }
    .await;
    let detached = sqlx::query("DETACH DATABASE export_target").execute(&mut *conn).await;
    let head = copied?;
    detached?;
    Ok(head)
}

/// Opens a written file again and checks it: integrity, schema, the audit chain and its head.
async fn check_written(
    path: &Path,
    key: Option<&FileKey>,
    head: &(i64, Option<String>),
) -> Result<i64, StoreError> {
    let mut conn = connect_one(path, key, true).await?;
    let result = check_database(&mut conn, path).await;
    let _ = conn.close().await;
    let (schema, chain) = result?;
    if (chain.entries, chain.head_hash.clone()) != *head {
        return Err(StoreError::Corrupt(format!(
            "the copy at {} does not end where the source did ({} entries, head {:?}; the source had {} \
             entries, head {:?}): nothing was kept",
            path.display(),
            chain.entries,
            chain.head_hash,
            head.0,
            head.1
        )));
    }
    Ok(schema)
}

/// Integrity, schema version and the audit chain of a database (a backup to restore, a copy just
/// written).
async fn check_database(
    conn: &mut SqliteConnection,
    path: &Path,
) -> Result<(i64, audit::ChainCheck), StoreError> {
    let has_schema: Option<(String,)> =
        sqlx::query_as("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'")
            .fetch_optional(&mut *conn)
            .await?;
    if has_schema.is_none() {
        return Err(StoreError::Corrupt(format!(
            "{} is not a DPO Cockpit database or backup",
            path.display()
        )));
    }
    let (schema,): (Option<i64>,) =
        sqlx::query_as("SELECT MAX(version) FROM _sqlx_migrations").fetch_one(&mut *conn).await?;
    let schema = schema.unwrap_or(0);
    if schema > known_schema_version() {
        return Err(StoreError::TooNew { found: schema, known: known_schema_version() });
    }
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&mut *conn).await?;
    if integrity != "ok" {
        return Err(StoreError::Corrupt(format!("{}: integrity check failed: {integrity}", path.display())));
    }
    let chain = audit::verify(conn).await?;
    if let Some((seq, why)) = &chain.broken {
        return Err(StoreError::Corrupt(format!(
            "{}: the audit trail is broken at entry {seq} ({why})",
            path.display()
        )));
    }
    Ok((schema, chain))
}

fn file_len(p: &Path) -> u64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
}

impl Store {
    /// Writes an encrypted, consistent copy of the open database to `out` while it stays in use.
    /// An existing `out` is refused unless `overwrite`.
    pub async fn backup_to(
        &self,
        out: &Path,
        passphrase: &Passphrase,
        overwrite: bool,
    ) -> Result<FileReport, StoreError> {
        if out.exists() && !overwrite {
            return Err(StoreError::Conflict(format!(
                "{} already exists: choose another file name (or replace it with --force)",
                out.display()
            )));
        }
        if same_file(out, &self.path) {
            return Err(StoreError::Conflict("a backup cannot replace the database itself".into()));
        }
        let tmp = temp_beside(out, "backup")?;
        let key = FileKey::derive(passphrase, crypto::new_salt()?)?;
        let written = async {
            let mut conn = self.pool.acquire().await?;
            let head = export_into(&mut conn, &tmp, Some(&key)).await?;
            drop(conn);
            let schema = check_written(&tmp, Some(&key), &head).await?;
            durable_rename(&tmp, out)?;
            Ok(FileReport {
                path: out.to_path_buf(),
                bytes: file_len(out),
                schema_version: schema,
                audit_entries: head.0,
                audit_head: head.1,
                replaced: None,
            })
        }
        .await;
        if written.is_err() {
            remove_quietly(&tmp);
        }
        written
    }

    /// Restores the backup at `backup` into a new database at `target`, encrypted under `passphrase`
    /// (which must also open the backup). The copy keeps the backup's schema version; the next
    /// [`Store::open_with`] migrates it and turns on WAL, as for any database. The backup is checked first (integrity, schema, audit chain);
    /// an existing `target` is refused unless `force`, and even then it is moved aside, not deleted.
    pub async fn restore(
        backup: &Path,
        target: &Path,
        passphrase: Option<&Passphrase>,
        force: bool,
    ) -> Result<FileReport, StoreError> {
        let target_kind = crypto::file_kind(target)?;
        if target_kind != FileKind::Missing && !force {
            return Err(StoreError::Conflict(format!(
                "a database already exists at {}: restore into a new path, or add --force to replace it \
                 (the old file is kept beside it)",
                target.display()
            )));
        }
        if same_file(backup, target) {
            return Err(StoreError::Conflict("the backup and the database are the same file".into()));
        }
        let source_key = key_of(backup, passphrase)?;
        // Not read-only: the copy is attached to this connection. Nothing is written to the backup.
        let mut source = connect_one(backup, source_key.as_ref(), false).await?;
        let checked = check_database(&mut source, backup).await;
        let (_, chain) = match checked {
            Ok(c) => c,
            Err(e) => {
                let _ = source.close().await;
                return Err(e);
            }
        };
        let key = match passphrase {
            Some(p) => Some(FileKey::derive(p, crypto::new_salt()?)?),
            None => None,
        };
        let tmp = temp_beside(target, "restore")?;
        let written = async {
            let head = export_into(&mut source, &tmp, key.as_ref()).await?;
            if head != (chain.entries, chain.head_hash.clone()) {
                return Err(StoreError::Corrupt("the backup changed while it was being read".into()));
            }
            let schema = check_written(&tmp, key.as_ref(), &head).await?;
            Ok((head, schema))
        }
        .await;
        let _ = source.close().await;
        let (head, schema) = match written {
            Ok(w) => w,
            Err(e) => {
                remove_quietly(&tmp);
                return Err(e);
            }
        };
        let replaced = if target_kind == FileKind::Missing {
            None
        } else {
            let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
            let aside = sidecar(target, &format!(".replaced-{stamp}"));
            for suffix in ["", "-wal", "-shm"] {
                let from = sidecar(target, suffix);
                if from.exists() {
                    std::fs::rename(&from, sidecar(&aside, suffix)).map_err(|e| io_err(&from, e))?;
                }
            }
            Some(aside)
        };
        durable_rename(&tmp, target)?;
        Ok(FileReport {
            path: target.to_path_buf(),
            bytes: file_len(target),
            schema_version: schema,
            audit_entries: head.0,
            audit_head: head.1,
            replaced,
        })
    }

    /// Changes the passphrase of the encrypted database at `path`. Needs the database to itself:
    /// another program holding it open makes this fail with nothing changed.
    pub async fn change_passphrase(
        path: &Path,
        old: &Passphrase,
        new: &Passphrase,
    ) -> Result<(), StoreError> {
        let Some(old_key) = key_of(path, Some(old))? else {
            return Err(StoreError::Conflict(format!(
                "the database at {} is not encrypted: encrypt it first (`cockpit encrypt`)",
                path.display()
            )));
        };
        let salt = crypto::read_salt(path)?;
        let new_key = FileKey::derive(new, salt)?;
        let mut conn = connect_one(path, Some(&old_key), false).await?;
        let result = async {
            exclusive(&mut conn, path).await?;
            let value = new_key.sqlcipher_value();
            sqlx::query(&format!("PRAGMA rekey = \"{}\"", value.as_str())).execute(&mut conn).await?;
            Ok::<_, StoreError>(())
        }
        .await;
        let _ = conn.close().await;
        result?;
        // Prove the new passphrase opens it before saying so.
        let check = connect_one(path, Some(&new_key), true).await?;
        let _ = check.close().await;
        Ok(())
    }

    /// Encrypts the plain database at `path` under `passphrase`: an encrypted copy is written and
    /// checked beside it, then replaces it. Needs the database to itself.
    pub async fn encrypt_file(path: &Path, passphrase: &Passphrase) -> Result<FileReport, StoreError> {
        match crypto::file_kind(path)? {
            FileKind::Missing => return Err(StoreError::NotFound(format!("{}", path.display()))),
            FileKind::Encrypted => {
                return Err(StoreError::Conflict(format!(
                    "the database at {} is already encrypted",
                    path.display()
                )))
            }
            FileKind::Plain => {}
        }
        let key = FileKey::derive(passphrase, crypto::new_salt()?)?;
        let tmp = temp_beside(path, "encrypt")?;
        let mut conn = connect_one(path, None, false).await?;
        let result = async {
            exclusive(&mut conn, path).await?;
            let head = export_into(&mut conn, &tmp, Some(&key)).await?;
            let schema = check_written(&tmp, Some(&key), &head).await?;
            // Still holding the exclusive lock: nobody writes to the plain file in between.
            durable_rename(&tmp, path)?;
            Ok(FileReport {
                path: path.to_path_buf(),
                bytes: file_len(path),
                schema_version: schema,
                audit_entries: head.0,
                audit_head: head.1,
                replaced: None,
            })
        }
        .await;
        let _ = conn.close().await;
        if result.is_err() {
            remove_quietly(&tmp);
        }
        result
    }
}

/// Takes the database for this connection alone: leaving WAL mode needs every other connection gone,
/// and exclusive locking mode keeps it so until the connection closes.
async fn exclusive(conn: &mut SqliteConnection, path: &Path) -> Result<(), StoreError> {
    let in_use = || {
        StoreError::Conflict(format!(
            "the database at {} is in use by another program (the desktop app, a scheduler?): close it \
             and try again; nothing was changed",
            path.display()
        ))
    };
    sqlx::query("PRAGMA busy_timeout = 2000").execute(&mut *conn).await?;
    sqlx::query("PRAGMA locking_mode = EXCLUSIVE").execute(&mut *conn).await?;
    let mode: String = match sqlx::query_scalar("PRAGMA journal_mode = DELETE").fetch_one(&mut *conn).await {
        Ok(m) => m,
        Err(e) if e.to_string().contains("locked") || e.to_string().contains("busy") => return Err(in_use()),
        Err(e) => return Err(e.into()),
    };
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(in_use());
    }
    // Take the write lock now (and keep it: exclusive locking mode).
    match sqlx::query("BEGIN EXCLUSIVE").execute(&mut *conn).await {
        Ok(_) => {}
        Err(e) if e.to_string().contains("locked") || e.to_string().contains("busy") => return Err(in_use()),
        Err(e) => return Err(e.into()),
    }
    sqlx::query("COMMIT").execute(&mut *conn).await?;
    Ok(())
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}
