//! Storage of DPO Cockpit. All SQL of the application lives in this crate.
//!
//! - [`Store::open`] opens (or creates) the SQLite file with WAL, `synchronous=FULL` and foreign keys,
//!   refuses a database written by a newer binary, and runs the embedded migrations.
//! - [`register`] reads and writes the record of processing activities. Every mutating function takes
//!   the caller's transaction and an [`AuditContext`] and appends the audit entry itself, so a change
//!   and its entry are committed together or not at all.
//! - [`audit`] is the hash chain.
//!
//! The embedded default is SQLite; team mode on PostgreSQL will be a second implementation of these
//! functions behind the same signatures.

pub mod audit;
pub mod backup;
pub mod crypto;
pub mod register;
pub mod request;
pub mod retention;
pub mod signing;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions, SqliteConnection, SqlitePool};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

pub use audit::AuditContext;
pub use crypto::{FileKind, Passphrase};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error(
        "this database was written by a newer version of DPO Cockpit (schema {found}); this version \
         understands schema {known} and older. Update DPO Cockpit to open it."
    )]
    TooNew { found: i64, known: i64 },
    #[error("cannot open the database at {path}: {reason}")]
    Open { path: PathBuf, reason: String },
    #[error(
        "the database at {path} is encrypted: give its passphrase (COCKPIT_PASSPHRASE for scripts, or \
         the prompt when run in a terminal)"
    )]
    Locked { path: PathBuf },
    #[error("wrong passphrase for the database at {path}: nothing was opened or changed")]
    WrongPassphrase { path: PathBuf },
    #[error("{0} not found")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    /// The object changed since the caller read it (optimistic concurrency): reload and redo.
    #[error("{0}")]
    Stale(String),
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError::Corrupt(e.to_string())
    }
}

/// A write transaction (`BEGIN IMMEDIATE`, so concurrent writers queue instead of failing mid-way).
pub type Tx = sqlx::Transaction<'static, sqlx::Sqlite>;

/// See [`Store::bulk_writer`].
pub struct BulkWriter {
    conn: sqlx::pool::PoolConnection<sqlx::Sqlite>,
    pool: SqlitePool,
    finished: bool,
}

impl BulkWriter {
    /// Starts the write transaction on this connection.
    pub async fn begin(&mut self) -> Result<sqlx::Transaction<'_, sqlx::Sqlite>, StoreError> {
        use sqlx::Connection;
        Ok(self.conn.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// After the commit: automatic checkpoints back on for this connection, and the skipped
    /// checkpoint started in the background (a passive one: it never blocks readers or writers).
    pub async fn finish(mut self) {
        match sqlx::query("PRAGMA wal_autocheckpoint = 1000").execute(&mut *self.conn).await {
            Ok(_) => self.finished = true,
            Err(e) => tracing::debug!(error = %e, "restoring automatic checkpoints"),
        }
        let pool = self.pool.clone();
        tokio::spawn(async move {
            if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)").execute(&pool).await {
                tracing::debug!(error = %e, "background checkpoint after a bulk write");
            }
        });
    }
}

impl Drop for BulkWriter {
    /// A connection whose automatic checkpoints are still off is closed, never handed out again.
    fn drop(&mut self) {
        if !self.finished {
            self.conn.close_on_drop();
        }
    }
}

/// The open database.
#[derive(Clone)]
pub struct Store {
    pool: SqlitePool,
    path: PathBuf,
    encrypted: bool,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

/// The newest schema version this binary knows.
pub fn known_schema_version() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}

impl Store {
    /// Opens the database at `path`, creating it (and its folder) when missing, unencrypted. An
    /// encrypted file is refused with [`StoreError::Locked`].
    pub async fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_with(path, None).await
    }

    /// Opens the database at `path`. A missing file is created, encrypted under `passphrase` when one
    /// is given; an encrypted file needs its passphrase ([`StoreError::Locked`] without one,
    /// [`StoreError::WrongPassphrase`] with a wrong one, and nothing is written in either case); a
    /// plain file opens as it is whatever is given ([`Store::is_encrypted`] tells, and
    /// [`Store::encrypt_file`] converts it).
    pub async fn open_with(path: &Path, passphrase: Option<&Passphrase>) -> Result<Store, StoreError> {
        let open_err = |reason: String| StoreError::Open { path: path.to_path_buf(), reason };
        let kind = crypto::file_kind(path)?;
        let key = match (kind, passphrase) {
            (FileKind::Plain, _) | (FileKind::Missing, None) => None,
            (FileKind::Encrypted, None) => return Err(StoreError::Locked { path: path.to_path_buf() }),
            (FileKind::Missing, Some(p)) => Some(crypto::FileKey::derive(p, crypto::new_salt()?)?),
            (FileKind::Encrypted, Some(p)) => Some(crypto::FileKey::derive(p, crypto::read_salt(path)?)?),
        };
        if kind == FileKind::Missing {
            if let Some(dir) = path.parent() {
                if !dir.as_os_str().is_empty() {
                    std::fs::create_dir_all(dir).map_err(|e| open_err(e.to_string()))?;
                }
            }
        }
        let options = connect_options(path, key.as_ref())?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(30))
            // 64 MiB of page cache per connection: a large import is one transaction, and with the
            // default 2 MiB SQLite spills its pages to the WAL again and again before the commit.
            .pragma("cache_size", "-65536");
        let pool = SqlitePoolOptions::new().max_connections(4).connect_with(options).await.map_err(|e| {
            if key.is_some() && crypto::is_wrong_key(&e) {
                StoreError::WrongPassphrase { path: path.to_path_buf() }
            } else {
                open_err(e.to_string())
            }
        })?;
        let store = Store { pool, path: path.to_path_buf(), encrypted: key.is_some() };
        // A wrong key can pass the connection pragmas on some files: read the schema to be sure.
        if let Err(e) = sqlx::query("SELECT count(*) FROM sqlite_master").execute(&store.pool).await {
            store.pool.close().await;
            return Err(if key.is_some() && crypto::is_wrong_key(&e) {
                StoreError::WrongPassphrase { path: path.to_path_buf() }
            } else {
                open_err(e.to_string())
            });
        }
        store.check_schema_version().await?;
        MIGRATOR.run(&store.pool).await?;
        Ok(store)
    }

    /// Whether the file is encrypted (SQLCipher).
    pub fn is_encrypted(&self) -> bool {
        self.encrypted
    }

    async fn check_schema_version(&self) -> Result<(), StoreError> {
        let has_table: Option<(String,)> = sqlx::query_as(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
        )
        .fetch_optional(&self.pool)
        .await?;
        if has_table.is_none() {
            return Ok(());
        }
        let (found,): (Option<i64>,) =
            sqlx::query_as("SELECT MAX(version) FROM _sqlx_migrations").fetch_one(&self.pool).await?;
        let known = known_schema_version();
        match found {
            Some(found) if found > known => Err(StoreError::TooNew { found, known }),
            _ => Ok(()),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub async fn schema_version(&self) -> Result<i64, StoreError> {
        let (v,): (Option<i64>,) =
            sqlx::query_as("SELECT MAX(version) FROM _sqlx_migrations").fetch_one(&self.pool).await?;
        Ok(v.unwrap_or(0))
    }

    /// Starts a write transaction.
    pub async fn begin(&self) -> Result<Tx, StoreError> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// A connection for one large write (an import) whose commit does not wait for the WAL checkpoint.
    /// SQLite runs a checkpoint inside a commit that leaves the WAL over 1,000 pages, copying the whole
    /// write into the main file before the commit returns (about 70 ms for a 10,000-activity import).
    /// The data is durable once the WAL is synced (`synchronous=FULL`), so this connection turns
    /// automatic checkpoints off for its transaction and [`BulkWriter::finish`] runs the checkpoint on
    /// another connection in the background, as SQLite suggests for writers that care about latency.
    pub async fn bulk_writer(&self) -> Result<BulkWriter, StoreError> {
        let mut conn = self.pool.acquire().await?;
        sqlx::query("PRAGMA wal_autocheckpoint = 0").execute(&mut *conn).await?;
        Ok(BulkWriter { conn, pool: self.pool.clone(), finished: false })
    }

    /// A connection for reads.
    pub async fn read(&self) -> Result<sqlx::pool::PoolConnection<sqlx::Sqlite>, StoreError> {
        Ok(self.pool.acquire().await?)
    }

    /// Checkpoints the WAL into the database file, then closes every connection: when this returns,
    /// the main file holds everything (no checkpoint runs later on a closing connection).
    pub async fn close(&self) {
        if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&self.pool).await {
            tracing::debug!(error = %e, "checkpoint before close");
        }
        self.pool.close().await;
    }

    pub async fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar("SELECT value FROM settings WHERE key = ?")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?)
    }

    pub async fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
            .bind(key)
            .bind(value)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// `PRAGMA integrity_check`: "ok" on a sound file.
    pub async fn integrity_check(&self) -> Result<String, StoreError> {
        Ok(sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&self.pool).await?)
    }
}

/// Connection options for `path`, with the raw key first when the file is (to be) encrypted. Statement
/// logging is off: sqlx would otherwise log the `PRAGMA key` statement, key included.
fn connect_options(path: &Path, key: Option<&crypto::FileKey>) -> Result<SqliteConnectOptions, StoreError> {
    let mut options = SqliteConnectOptions::from_str("sqlite:")
        .map_err(|e| StoreError::Open { path: path.to_path_buf(), reason: e.to_string() })?
        .filename(path)
        .disable_statement_logging();
    if let Some(k) = key {
        options = options.pragma("key", k.pragma_value().to_string());
    }
    Ok(options)
}

/// A value bound into a generated multi-row statement.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SqlValue {
    Text(String),
    Int(i64),
    Null,
}

impl From<String> for SqlValue {
    fn from(s: String) -> Self {
        SqlValue::Text(s)
    }
}

impl From<&str> for SqlValue {
    fn from(s: &str) -> Self {
        SqlValue::Text(s.to_string())
    }
}

impl From<i64> for SqlValue {
    fn from(i: i64) -> Self {
        SqlValue::Int(i)
    }
}

impl<T: Into<SqlValue>> From<Option<T>> for SqlValue {
    fn from(v: Option<T>) -> Self {
        v.map(Into::into).unwrap_or(SqlValue::Null)
    }
}

/// SQLite's limit on bound parameters per statement is 32,766; stay well under it.
const MAX_PARAMS: usize = 30_000;

/// Inserts rows with as few multi-row `INSERT` statements as the parameter limit allows. Bulk writes
/// (imports of thousands of activities) spend their time in per-statement overhead otherwise. (Passing
/// the rows as one JSON array unpacked by `json_each` was measured too: 30-50 % slower.)
pub(crate) async fn insert_rows(
    conn: &mut SqliteConnection,
    table: &str,
    columns: &[&str],
    rows: Vec<Vec<SqlValue>>,
) -> Result<(), StoreError> {
    let per_row = columns.len();
    let placeholders = format!("({})", vec!["?"; per_row].join(", "));
    let per_statement = (MAX_PARAMS / per_row).max(1);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<Vec<SqlValue>> = rows.by_ref().take(per_statement).collect();
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES {}",
            columns.join(", "),
            vec![placeholders.as_str(); chunk.len()].join(", ")
        );
        let mut q = sqlx::query(&sql);
        for row in chunk {
            debug_assert_eq!(row.len(), per_row, "row width of {table}");
            for v in row {
                q = match v {
                    SqlValue::Text(s) => q.bind(s),
                    SqlValue::Int(i) => q.bind(i),
                    SqlValue::Null => q.bind(None::<i64>),
                };
            }
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Writes (`Some`) or removes (`None`) a setting inside the caller's transaction.
pub async fn put_setting(
    conn: &mut SqliteConnection,
    key: &str,
    value: Option<&str>,
) -> Result<(), StoreError> {
    match value {
        Some(v) => {
            sqlx::query("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
                .bind(key)
                .bind(v)
                .execute(&mut *conn)
                .await?;
        }
        None => {
            sqlx::query("DELETE FROM settings WHERE key = ?").bind(key).execute(&mut *conn).await?;
        }
    }
    Ok(())
}

/// Reads through either a pooled connection or a transaction.
pub trait AsConn {
    fn conn(&mut self) -> &mut SqliteConnection;
}

impl AsConn for sqlx::pool::PoolConnection<sqlx::Sqlite> {
    fn conn(&mut self) -> &mut SqliteConnection {
        self
    }
}

impl AsConn for Tx {
    fn conn(&mut self) -> &mut SqliteConnection {
        self
    }
}
