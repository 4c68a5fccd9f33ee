//! Connectors to the organisation's own datastores: SQLite files, PostgreSQL, MySQL/MariaDB (sqlx
//! drivers) and folders of files. A connector connects, tests the connection (server version and the
//! tables it can see), reads the catalogue (tables, columns and their types, unique keys) and quotes
//! identifiers for its dialect.
//!
//! Nothing here knows about retention: subject access and erasure requests will use the same
//! connectors. Passwords never live in URLs that are stored, logged or exported: [`split_secret`] takes
//! them out, and [`secrets`] keeps them in the OS keyring.

pub mod secrets;

use serde::{Deserialize, Serialize};
use specta::Type;
use sqlx::mysql::{MySqlConnectOptions, MySqlPool, MySqlPoolOptions};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};
use sqlx::Row;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("{0}")]
    Invalid(String),
    #[error("cannot connect to datastore '{name}': {reason}")]
    Connect { name: String, reason: String },
    #[error("datastore query failed: {0}")]
    Query(#[from] sqlx::Error),
    #[error("{0}")]
    Secret(String),
    #[error("syncing the datastore's write-ahead log failed: {0}")]
    Sync(std::io::Error),
}

pub type Result<T> = std::result::Result<T, ConnectError>;

/// What kind of datastore.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum DatastoreKind {
    Sqlite,
    Postgres,
    Mysql,
    Folder,
}

impl FromStr for DatastoreKind {
    type Err = ConnectError;
    fn from_str(s: &str) -> Result<Self> {
        Ok(match s {
            "sqlite" => DatastoreKind::Sqlite,
            "postgres" | "postgresql" => DatastoreKind::Postgres,
            "mysql" | "mariadb" => DatastoreKind::Mysql,
            "folder" => DatastoreKind::Folder,
            _ => {
                return Err(ConnectError::Invalid(format!(
                    "unknown datastore kind '{s}': use sqlite, postgres, mysql or folder"
                )))
            }
        })
    }
}

impl DatastoreKind {
    pub fn code(self) -> &'static str {
        match self {
            DatastoreKind::Sqlite => "sqlite",
            DatastoreKind::Postgres => "postgres",
            DatastoreKind::Mysql => "mysql",
            DatastoreKind::Folder => "folder",
        }
    }
}

/// A configured datastore, as stored: the URL never carries a password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DatastoreConfig {
    pub name: String,
    pub kind: DatastoreKind,
    pub url: String,
}

/// Checks a URL for its kind and takes the password out of it. Returns the URL to store and the
/// password (if the URL had one). SQLite and folder URLs may be plain paths; they are made absolute.
pub fn split_secret(kind: DatastoreKind, url: &str) -> Result<(String, Option<String>)> {
    match kind {
        DatastoreKind::Sqlite | DatastoreKind::Folder => {
            let scheme = if kind == DatastoreKind::Sqlite { "sqlite" } else { "file" };
            let raw = url
                .strip_prefix(&format!("{scheme}://"))
                .or_else(|| url.strip_prefix(&format!("{scheme}:")))
                .unwrap_or(url);
            if raw.is_empty() {
                return Err(ConnectError::Invalid("the datastore URL names no path".into()));
            }
            let path = PathBuf::from(raw);
            let abs = if path.is_absolute() {
                path
            } else {
                std::env::current_dir().map_err(|e| ConnectError::Invalid(e.to_string()))?.join(path)
            };
            Ok((format!("{scheme}://{}", abs.display()), None))
        }
        DatastoreKind::Postgres | DatastoreKind::Mysql => {
            let mut u = url::Url::parse(url)
                .map_err(|e| ConnectError::Invalid(format!("invalid datastore URL: {e}")))?;
            let ok = match kind {
                DatastoreKind::Postgres => matches!(u.scheme(), "postgres" | "postgresql"),
                _ => matches!(u.scheme(), "mysql" | "mariadb"),
            };
            if !ok {
                return Err(ConnectError::Invalid(format!(
                    "a {} datastore needs a {}:// URL, not {}://",
                    kind.code(),
                    kind.code(),
                    u.scheme()
                )));
            }
            let password = u.password().map(|p| {
                url::form_urlencoded::parse(format!("p={p}").as_bytes())
                    .next()
                    .map(|(_, v)| v.into_owned())
                    .unwrap_or_default()
            });
            let _ = u.set_password(None);
            Ok((u.to_string(), password.filter(|p| !p.is_empty())))
        }
    }
}

/// The SQL dialect of a database connector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
    Mysql,
}

impl Dialect {
    /// Quotes a (validated, catalogue-checked) identifier, `schema.table` part by part.
    pub fn quote(self, ident: &str) -> String {
        ident
            .split('.')
            .map(|p| match self {
                Dialect::Mysql => format!("`{}`", p.replace('`', "``")),
                _ => format!("\"{}\"", p.replace('"', "\"\"")),
            })
            .collect::<Vec<_>>()
            .join(".")
    }

    /// The `n`th (1-based) bind placeholder.
    pub fn placeholder(self, n: usize) -> String {
        match self {
            Dialect::Postgres => format!("${n}"),
            _ => "?".to_string(),
        }
    }
}

/// A folder datastore: a canonical root that nothing may leave.
#[derive(Debug, Clone)]
pub struct Folder {
    pub root: PathBuf,
}

impl Folder {
    pub fn open(path: &Path) -> Result<Folder> {
        let root = std::fs::canonicalize(path)
            .map_err(|e| ConnectError::Invalid(format!("folder {}: {e}", path.display())))?;
        if !root.is_dir() {
            return Err(ConnectError::Invalid(format!("{} is not a folder", root.display())));
        }
        Ok(Folder { root })
    }

    /// Resolves `rel` (a path relative to the root, as listed by a plan) to a file inside the root.
    /// Refuses absolute paths, `..`, and anything whose real location (after resolving symbolic links
    /// in its parents) lies outside the root, or that is itself a symbolic link.
    pub fn resolve(&self, rel: &str) -> Result<PathBuf> {
        let p = Path::new(rel);
        if p.is_absolute()
            || p.components().any(|c| !matches!(c, std::path::Component::Normal(_)))
            || rel.is_empty()
        {
            return Err(ConnectError::Invalid(format!("path '{rel}' leaves the folder")));
        }
        let full = self.root.join(p);
        let parent = full.parent().unwrap_or(&self.root);
        let real_parent =
            std::fs::canonicalize(parent).map_err(|e| ConnectError::Invalid(format!("'{rel}': {e}")))?;
        if !real_parent.starts_with(&self.root) {
            return Err(ConnectError::Invalid(format!("path '{rel}' leaves the folder through a link")));
        }
        match std::fs::symlink_metadata(&full) {
            Ok(m) if m.file_type().is_symlink() => {
                Err(ConnectError::Invalid(format!("'{rel}' is a symbolic link and is never followed")))
            }
            _ => Ok(full),
        }
    }
}

/// An open datastore.
#[derive(Debug, Clone)]
pub enum Connection {
    Sqlite(SqlitePool),
    Postgres(PgPool),
    Mysql(MySqlPool),
    Folder(Folder),
}

/// Opens a datastore. `password` comes from the secret store (never from the stored URL).
pub async fn connect(cfg: &DatastoreConfig, password: Option<&str>) -> Result<Connection> {
    let fail = |reason: String| ConnectError::Connect { name: cfg.name.clone(), reason };
    match cfg.kind {
        DatastoreKind::Sqlite => {
            let path = cfg.url.strip_prefix("sqlite://").unwrap_or(&cfg.url);
            if !Path::new(path).is_file() {
                return Err(fail(format!("no SQLite file at {path}")));
            }
            // One connection, so that its page cache (256 MiB at most, allocated as pages are read,
            // freed when the run closes the connection) stays valid from one batch to the next: a
            // chunked deletion sweeps the whole table once per chunk, and re-reading the pages a
            // smaller cache dropped showed in every chunk. No automatic checkpoint inside our
            // commits: a checkpoint copies the whole WAL into the file, which would make every short
            // write transaction long; callers that write checkpoint explicitly, outside their
            // transactions ([`checkpoint`]). Neither setting persists in the file.
            let options = SqliteConnectOptions::new()
                .filename(path)
                .create_if_missing(false)
                .busy_timeout(Duration::from_secs(5))
                .pragma("cache_size", "-262144")
                .pragma("wal_autocheckpoint", "0");
            let pool = SqlitePoolOptions::new()
                .max_connections(1)
                .connect_with(options)
                .await
                .map_err(|e| fail(e.to_string()))?;
            // Reading the schema proves this is a database (and not some other file).
            sqlx::query("SELECT count(*) FROM sqlite_master")
                .execute(&pool)
                .await
                .map_err(|e| fail(e.to_string()))?;
            Ok(Connection::Sqlite(pool))
        }
        DatastoreKind::Postgres => {
            let mut options = PgConnectOptions::from_str(&cfg.url).map_err(|e| fail(e.to_string()))?;
            if let Some(p) = password {
                options = options.password(p);
            }
            // Timestamps without a zone are read and compared as UTC.
            options = options.options([("TimeZone", "UTC")]).application_name("dpo-cockpit");
            let pool = PgPoolOptions::new()
                .max_connections(2)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await
                .map_err(|e| fail(e.to_string()))?;
            Ok(Connection::Postgres(pool))
        }
        DatastoreKind::Mysql => {
            let mut options = MySqlConnectOptions::from_str(&cfg.url).map_err(|e| fail(e.to_string()))?;
            if let Some(p) = password {
                options = options.password(p);
            }
            options = options.timezone(Some("+00:00".to_string()));
            let pool = MySqlPoolOptions::new()
                .max_connections(2)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await
                .map_err(|e| fail(e.to_string()))?;
            Ok(Connection::Mysql(pool))
        }
        DatastoreKind::Folder => {
            let path = cfg.url.strip_prefix("file://").unwrap_or(&cfg.url);
            Ok(Connection::Folder(Folder::open(Path::new(path)).map_err(|e| fail(e.to_string()))?))
        }
    }
}

/// The result of "test connection".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ConnectionTest {
    pub kind: DatastoreKind,
    /// "SQLite 3.46.0", "PostgreSQL 15.19 …", "MariaDB 10.11.19", or the folder's path.
    pub server_version: String,
    /// The tables the connection can see (for folders: the number of files, as text).
    pub tables: Vec<String>,
}

/// What a column holds, as far as rules care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ColumnKind {
    Integer,
    Real,
    Text,
    Date,
    Timestamp,
    TimestampTz,
    Other,
}

impl ColumnKind {
    /// Classifies a declared type name (SQLite affinity rules, PostgreSQL and MySQL type names).
    pub fn of(dialect: Dialect, data_type: &str) -> ColumnKind {
        let t = data_type.to_ascii_lowercase();
        let t = t.trim();
        if t.contains("timestamp with time zone") || t == "timestamptz" {
            return ColumnKind::TimestampTz;
        }
        if dialect != Dialect::Sqlite {
            if t.starts_with("timestamp") || t.starts_with("datetime") {
                return ColumnKind::Timestamp;
            }
            if t == "date" {
                return ColumnKind::Date;
            }
        }
        if t.contains("int") || t == "serial" || t == "bigserial" {
            return ColumnKind::Integer;
        }
        if t.contains("char") || t.contains("text") || t.contains("clob") || t == "name" {
            return ColumnKind::Text;
        }
        if t.contains("real")
            || t.contains("floa")
            || t.contains("doub")
            || t.contains("numeric")
            || t.contains("decimal")
        {
            return ColumnKind::Real;
        }
        ColumnKind::Other
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ColumnInfo {
    pub name: String,
    pub data_type: String,
    pub kind: ColumnKind,
    pub nullable: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct TableInfo {
    /// The name as rules address it: `table`, or `schema.table` outside PostgreSQL's `public` schema.
    pub name: String,
    pub columns: Vec<ColumnInfo>,
    /// Single-column unique keys (primary key and unique indexes).
    pub unique_columns: Vec<String>,
    /// SQLite tables with an implicit `rowid` (not WITHOUT ROWID).
    pub has_rowid: bool,
}

impl TableInfo {
    /// The column named `name` (exact spelling first, then case-insensitively where unambiguous).
    pub fn column(&self, name: &str) -> Option<&ColumnInfo> {
        self.columns.iter().find(|c| c.name == name).or_else(|| {
            let mut it = self.columns.iter().filter(|c| c.name.eq_ignore_ascii_case(name));
            match (it.next(), it.next()) {
                (Some(c), None) => Some(c),
                _ => None,
            }
        })
    }

    pub fn is_unique(&self, column: &str) -> bool {
        self.unique_columns.iter().any(|c| c == column)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Catalog {
    pub tables: Vec<TableInfo>,
}

impl Catalog {
    pub fn table(&self, name: &str) -> Option<&TableInfo> {
        self.tables.iter().find(|t| t.name == name).or_else(|| {
            let mut it = self.tables.iter().filter(|t| t.name.eq_ignore_ascii_case(name));
            match (it.next(), it.next()) {
                (Some(t), None) => Some(t),
                _ => None,
            }
        })
    }
}

impl Connection {
    pub fn dialect(&self) -> Option<Dialect> {
        match self {
            Connection::Sqlite(_) => Some(Dialect::Sqlite),
            Connection::Postgres(_) => Some(Dialect::Postgres),
            Connection::Mysql(_) => Some(Dialect::Mysql),
            Connection::Folder(_) => None,
        }
    }

    pub async fn close(&self) {
        match self {
            Connection::Sqlite(p) => p.close().await,
            Connection::Postgres(p) => p.close().await,
            Connection::Mysql(p) => p.close().await,
            Connection::Folder(_) => {}
        }
    }

    /// "Test connection": the server version and the tables this connection can see.
    pub async fn test(&self) -> Result<ConnectionTest> {
        let (kind, server_version) = match self {
            Connection::Sqlite(p) => {
                let v: String = sqlx::query_scalar("SELECT sqlite_version()").fetch_one(p).await?;
                (DatastoreKind::Sqlite, format!("SQLite {v}"))
            }
            Connection::Postgres(p) => {
                let v: String = sqlx::query_scalar("SELECT version()").fetch_one(p).await?;
                (DatastoreKind::Postgres, v)
            }
            Connection::Mysql(p) => {
                let v: String = sqlx::query_scalar("SELECT CAST(VERSION() AS CHAR)").fetch_one(p).await?;
                let product = if v.to_ascii_lowercase().contains("mariadb") { "MariaDB" } else { "MySQL" };
                (DatastoreKind::Mysql, format!("{product} {v}"))
            }
            Connection::Folder(f) => {
                let files = walk_count(&f.root);
                return Ok(ConnectionTest {
                    kind: DatastoreKind::Folder,
                    server_version: format!("folder {}", f.root.display()),
                    tables: vec![format!("{files} files")],
                });
            }
        };
        let tables = self.catalog().await?.tables.into_iter().map(|t| t.name).collect();
        Ok(ConnectionTest { kind, server_version, tables })
    }

    /// Tables, columns and single-column unique keys.
    pub async fn catalog(&self) -> Result<Catalog> {
        match self {
            Connection::Sqlite(p) => sqlite_catalog(p).await,
            Connection::Postgres(p) => pg_catalog(p).await,
            Connection::Mysql(p) => mysql_catalog(p).await,
            Connection::Folder(_) => Ok(Catalog::default()),
        }
    }
}

fn walk_count(root: &Path) -> usize {
    let mut n = 0;
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else { continue };
        for e in rd.flatten() {
            match e.file_type() {
                Ok(t) if t.is_dir() => stack.push(e.path()),
                Ok(t) if t.is_file() => n += 1,
                _ => {}
            }
        }
    }
    n
}

async fn sqlite_catalog(p: &SqlitePool) -> Result<Catalog> {
    let tables: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .fetch_all(p)
    .await?;
    let mut out = Vec::new();
    for (name, sql) in tables {
        let cols = sqlx::query("SELECT name, type, \"notnull\", pk FROM pragma_table_info(?) ORDER BY cid")
            .bind(&name)
            .fetch_all(p)
            .await?;
        let mut columns = Vec::new();
        let mut pk = Vec::new();
        for c in &cols {
            let cname: String = c.get(0);
            let ty: String = c.get(1);
            let notnull: i64 = c.get(2);
            let pkpos: i64 = c.get(3);
            if pkpos > 0 {
                pk.push(cname.clone());
            }
            columns.push(ColumnInfo {
                kind: ColumnKind::of(Dialect::Sqlite, &ty),
                name: cname,
                data_type: ty,
                nullable: notnull == 0 && pkpos == 0,
            });
        }
        let mut unique_columns = Vec::new();
        if pk.len() == 1 {
            unique_columns.push(pk[0].clone());
        }
        let indexes: Vec<(String, i64)> = sqlx::query_as("SELECT name, \"unique\" FROM pragma_index_list(?)")
            .bind(&name)
            .fetch_all(p)
            .await?;
        for (index, unique) in indexes {
            if unique == 0 {
                continue;
            }
            let cols: Vec<(Option<String>,)> =
                sqlx::query_as("SELECT name FROM pragma_index_info(?)").bind(&index).fetch_all(p).await?;
            if let [(Some(c),)] = cols.as_slice() {
                if !unique_columns.contains(c) {
                    unique_columns.push(c.clone());
                }
            }
        }
        let has_rowid = !sql.to_ascii_uppercase().replace(char::is_whitespace, "").contains("WITHOUTROWID");
        out.push(TableInfo { name, columns, unique_columns, has_rowid });
    }
    Ok(Catalog { tables: out })
}

/// Copies a SQLite datastore's write-ahead log into the database file without blocking its readers
/// or writers (`PRAGMA wal_checkpoint(PASSIVE)`); nothing for other datastores or journal modes.
/// Returns whether every frame of the log was copied (then the log was synced first, and the file
/// after: every commit before is durable); false when a reader kept some of it, or not WAL.
pub async fn checkpoint(conn: &Connection) -> Result<bool> {
    if let Connection::Sqlite(p) = conn {
        return checkpoint_sqlite(&mut *p.acquire().await?).await;
    }
    Ok(false)
}

/// [`checkpoint`] on a connection the caller holds.
pub async fn checkpoint_sqlite(conn: &mut sqlx::SqliteConnection) -> Result<bool> {
    let (busy, log, done): (i64, i64, i64) =
        sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)").fetch_one(conn).await?;
    Ok(busy == 0 && log >= 0 && done == log)
}

/// The write-ahead log of a SQLite datastore in WAL mode (none for other journal modes, other
/// datastores, or an in-memory database).
pub async fn sqlite_wal(conn: &Connection) -> Result<Option<PathBuf>> {
    let Connection::Sqlite(p) = conn else { return Ok(None) };
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(p).await?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Ok(None);
    }
    let file: Option<String> =
        sqlx::query_scalar("SELECT file FROM pragma_database_list WHERE name = 'main'")
            .fetch_optional(p)
            .await?;
    Ok(file.filter(|f| !f.is_empty()).map(|f| PathBuf::from(format!("{f}-wal"))))
}

/// Makes everything written to a write-ahead log so far durable (fsync, `F_FULLFSYNC` on macOS):
/// the commits of a connection with `synchronous = NORMAL`, which do not sync on their own. The log
/// is opened for writing only because Windows needs that to flush it; nothing is written.
pub async fn sync_wal(wal: &Path) -> Result<()> {
    let wal = wal.to_path_buf();
    tokio::task::spawn_blocking(move || {
        match std::fs::OpenOptions::new().write(true).open(&wal) {
            Ok(f) => f.sync_all(),
            // No log: SQLite removed it after copying it all into the file (synced then).
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e),
        }
    })
    .await
    .map_err(|e| ConnectError::Sync(std::io::Error::other(e.to_string())))?
    .map_err(ConnectError::Sync)
}

/// Syncs a write-ahead log in the background while its writer goes on, one sync at a time: the
/// writer marks what it has committed so far ([`WalSyncer::poll`], with any increasing number such
/// as a batch number) and learns the highest mark a finished sync covers. A sync covers every commit
/// that returned before it started, so the disk writes of the log overlap the writer's work instead
/// of waiting for the next checkpoint, which then finds the log mostly on disk already.
#[derive(Debug)]
pub struct WalSyncer {
    wal: PathBuf,
    durable: u64,
    running: Option<(u64, tokio::task::JoinHandle<Result<()>>)>,
}

impl WalSyncer {
    pub fn new(wal: &Path) -> WalSyncer {
        WalSyncer { wal: wal.to_path_buf(), durable: 0, running: None }
    }

    /// Everything up to `committed` has committed. Collects a finished sync, starts the next one
    /// when there is something new to sync, and returns the highest mark known durable. A failed
    /// sync is returned as the error (once; the next call starts a new one).
    pub async fn poll(&mut self, committed: u64) -> Result<u64> {
        if self.running.as_ref().is_some_and(|(_, h)| h.is_finished()) {
            self.collect().await?;
        }
        if self.running.is_none() && committed > self.durable {
            let wal = self.wal.clone();
            self.running = Some((committed, tokio::spawn(async move { sync_wal(&wal).await })));
        }
        Ok(self.durable)
    }

    /// Waits for the sync under way, if any; returns the highest mark known durable.
    pub async fn finish(&mut self) -> Result<u64> {
        if self.running.is_some() {
            self.collect().await?;
        }
        Ok(self.durable)
    }

    async fn collect(&mut self) -> Result<()> {
        let Some((mark, handle)) = self.running.take() else { return Ok(()) };
        handle.await.map_err(|e| ConnectError::Sync(std::io::Error::other(e.to_string())))??;
        self.durable = self.durable.max(mark);
        Ok(())
    }
}

/// Builds the catalogue from information_schema rows `(table, column, data type, "YES"/"NO")` in table
/// order and single-column unique keys `(table, column)`: PostgreSQL and MySQL share this.
fn catalog_from(
    dialect: Dialect,
    columns: impl IntoIterator<Item = (String, String, String, String)>,
    keys: impl IntoIterator<Item = (String, String)>,
) -> Catalog {
    let mut out: Vec<TableInfo> = Vec::new();
    for (name, column, data_type, nullable) in columns {
        if out.last().map(|t| &t.name) != Some(&name) {
            out.push(TableInfo {
                name: name.clone(),
                columns: vec![],
                unique_columns: vec![],
                has_rowid: false,
            });
        }
        if let Some(t) = out.last_mut() {
            t.columns.push(ColumnInfo {
                name: column,
                kind: ColumnKind::of(dialect, &data_type),
                data_type,
                nullable: nullable == "YES",
            });
        }
    }
    for (name, col) in keys {
        if let Some(t) = out.iter_mut().find(|t| t.name == name) {
            if !t.unique_columns.contains(&col) {
                t.unique_columns.push(col);
            }
        }
    }
    Catalog { tables: out }
}

async fn pg_catalog(p: &PgPool) -> Result<Catalog> {
    let cols = sqlx::query(
        "SELECT c.table_schema::text, c.table_name::text, c.column_name::text, c.data_type::text, c.is_nullable::text
         FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
         WHERE t.table_type = 'BASE TABLE' AND c.table_schema NOT IN ('pg_catalog', 'information_schema')
         ORDER BY c.table_schema, c.table_name, c.ordinal_position",
    )
    .fetch_all(p)
    .await?;
    let keys = sqlx::query(
        "SELECT tc.table_schema::text, tc.table_name::text, min(k.column_name::text)
         FROM information_schema.table_constraints tc
         JOIN information_schema.key_column_usage k
           ON k.constraint_name = tc.constraint_name AND k.constraint_schema = tc.constraint_schema
          AND k.table_name = tc.table_name
         WHERE tc.constraint_type IN ('PRIMARY KEY', 'UNIQUE')
         GROUP BY tc.table_schema, tc.table_name, tc.constraint_name
         HAVING count(*) = 1",
    )
    .fetch_all(p)
    .await?;
    let display = |schema: &str, table: &str| {
        if schema == "public" {
            table.to_string()
        } else {
            format!("{schema}.{table}")
        }
    };
    let columns = cols
        .iter()
        .map(|r| (display(&r.get::<String, _>(0), &r.get::<String, _>(1)), r.get(2), r.get(3), r.get(4)));
    let keys = keys.iter().map(|k| (display(&k.get::<String, _>(0), &k.get::<String, _>(1)), k.get(2)));
    Ok(catalog_from(Dialect::Postgres, columns, keys))
}

async fn mysql_catalog(p: &MySqlPool) -> Result<Catalog> {
    let cols = sqlx::query(
        "SELECT CAST(TABLE_NAME AS CHAR), CAST(COLUMN_NAME AS CHAR), CAST(DATA_TYPE AS CHAR), CAST(IS_NULLABLE AS CHAR)
         FROM information_schema.COLUMNS
         WHERE TABLE_SCHEMA = DATABASE()
           AND TABLE_NAME IN (SELECT TABLE_NAME FROM information_schema.TABLES
                              WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE')
         ORDER BY TABLE_NAME, ORDINAL_POSITION",
    )
    .fetch_all(p)
    .await?;
    let keys = sqlx::query(
        "SELECT CAST(TABLE_NAME AS CHAR), CAST(MIN(COLUMN_NAME) AS CHAR)
         FROM information_schema.STATISTICS
         WHERE TABLE_SCHEMA = DATABASE() AND NON_UNIQUE = 0
         GROUP BY TABLE_NAME, INDEX_NAME HAVING COUNT(*) = 1",
    )
    .fetch_all(p)
    .await?;
    let columns = cols.iter().map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)));
    let keys = keys.iter().map(|k| (k.get(0), k.get(1)));
    Ok(catalog_from(Dialect::Mysql, columns, keys))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_taken_out_of_urls() {
        let (u, p) =
            split_secret(DatastoreKind::Postgres, "postgres://app:s%40cret@db.example:5432/crm").unwrap();
        assert_eq!(u, "postgres://app@db.example:5432/crm");
        assert_eq!(p.as_deref(), Some("s@cret"));
        let (u, p) = split_secret(DatastoreKind::Mysql, "mysql://root@127.0.0.1:3306/test").unwrap();
        assert_eq!((u.as_str(), p), ("mysql://root@127.0.0.1:3306/test", None));
        assert!(split_secret(DatastoreKind::Postgres, "mysql://x@y/z").is_err());
        let (u, _) = split_secret(DatastoreKind::Sqlite, "sqlite:///tmp/x.db").unwrap();
        assert_eq!(u, "sqlite:///tmp/x.db");
    }

    #[test]
    fn identifiers_are_quoted_per_dialect() {
        assert_eq!(Dialect::Sqlite.quote("events"), "\"events\"");
        assert_eq!(Dialect::Postgres.quote("crm.events"), "\"crm\".\"events\"");
        assert_eq!(Dialect::Mysql.quote("ev`ents"), "`ev``ents`");
        assert_eq!(Dialect::Postgres.placeholder(3), "$3");
    }

    #[test]
    fn column_kinds() {
        assert_eq!(ColumnKind::of(Dialect::Postgres, "timestamp with time zone"), ColumnKind::TimestampTz);
        assert_eq!(ColumnKind::of(Dialect::Postgres, "timestamp without time zone"), ColumnKind::Timestamp);
        assert_eq!(ColumnKind::of(Dialect::Mysql, "datetime"), ColumnKind::Timestamp);
        assert_eq!(ColumnKind::of(Dialect::Mysql, "date"), ColumnKind::Date);
        assert_eq!(ColumnKind::of(Dialect::Sqlite, "DATETIME"), ColumnKind::Other);
        assert_eq!(ColumnKind::of(Dialect::Sqlite, "INTEGER"), ColumnKind::Integer);
        assert_eq!(ColumnKind::of(Dialect::Postgres, "character varying"), ColumnKind::Text);
    }

    #[test]
    fn folders_refuse_escapes_and_links() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir(d.path().join("in")).unwrap();
        std::fs::write(d.path().join("in/a.txt"), "x").unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "x").unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(outside.path(), d.path().join("in/link")).unwrap();
            std::os::unix::fs::symlink(outside.path().join("secret.txt"), d.path().join("in/file-link"))
                .unwrap();
        }
        let f = Folder::open(&d.path().join("in")).unwrap();
        assert!(f.resolve("a.txt").is_ok());
        for bad in ["../in/a.txt", "/etc/passwd", "x/../../y", ""] {
            assert!(f.resolve(bad).is_err(), "{bad}");
        }
        #[cfg(unix)]
        {
            assert!(f.resolve("link/secret.txt").unwrap_err().to_string().contains("leaves the folder"));
            assert!(f.resolve("file-link").unwrap_err().to_string().contains("symbolic link"));
        }
    }

    #[tokio::test]
    async fn the_wal_syncer_reports_a_mark_durable_only_once_a_sync_that_started_after_it_ended() {
        let d = tempfile::tempdir().unwrap();
        let wal = d.path().join("db-wal");
        std::fs::write(&wal, b"frames").unwrap();
        let mut s = WalSyncer::new(&wal);
        assert_eq!(s.finish().await.unwrap(), 0, "nothing marked, nothing synced");
        assert_eq!(s.poll(1).await.unwrap(), 0, "the sync of mark 1 has only started");
        // Marks 2 and 3 come while the sync of 1 may still run: one sync at a time, so they wait.
        let during = s.poll(3).await.unwrap();
        assert!(during <= 1, "{during}");
        assert!(s.finish().await.unwrap() >= 1);
        // Whatever the timing above, a poll and a finish afterwards cover mark 3.
        s.poll(3).await.unwrap();
        assert_eq!(s.finish().await.unwrap(), 3);
        assert_eq!(s.poll(3).await.unwrap(), 3, "nothing new: no sync started");
        assert!(s.running.is_none());
        // A log SQLite has removed (after copying all of it) needs no sync.
        std::fs::remove_file(&wal).unwrap();
        s.poll(4).await.unwrap();
        assert_eq!(s.finish().await.unwrap(), 4);
        // A failed sync is an error, and the mark stays where it was.
        let mut bad = WalSyncer::new(d.path());
        bad.poll(1).await.unwrap();
        assert!(matches!(bad.finish().await, Err(ConnectError::Sync(_))));
        assert_eq!(bad.durable, 0);
    }
}
