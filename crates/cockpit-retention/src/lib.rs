//! The retention executor. A [`Target`] is a rule resolved against its datastore's catalogue: every
//! table and column name has been found there and is quoted for the dialect, the timestamp format is
//! known, and filter values are typed for their columns. From it come
//!
//! - the **plan** ([`Target::plan`]): the cutoff, how many entries are affected and how many are held,
//!   a sample of keys, and the statements that will run;
//! - the **run** ([`Target::run`]): batches, each one short transaction that deletes or anonymises
//!   a set of selected, unheld keys, re-checking the selection condition in the same statement. Batches
//!   follow the key; SQLite deletions on a table whose time column leads an index follow chunks of that
//!   index instead (each chunk's keys in key order), which keeps the pages one commit rewrites few, and
//!   PostgreSQL deletions walk the table's pages (`run_heap`). [`Pace`] sizes the batches to about
//!   [`TARGET_BATCH_MS`] each, never above the rule's batch size.
//!
//! Crash safety: before a batch commits on the target, its keys are written to the caller's
//! [`Journal`] as an intent; after the commit, the batch is confirmed with its count, key range and
//! digest. A run interrupted between the two (`kill -9`) is resumed with the intent: keys that no
//! longer match the selection were processed by the lost commit and are confirmed as such; the others
//! are selected again. So the evidence counts equal the entries actually gone, and nothing outside the
//! cutoff fixed at the start of the run is touched.

pub mod folder;
mod sql;

use chrono::{DateTime, Utc};
use cockpit_connect::{Catalog, ColumnKind, Connection, TableInfo};
use cockpit_domain::retention::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use specta::Type;
use std::time::Instant;

pub use sql::{Bind, Sql};

#[derive(Debug, thiserror::Error)]
pub enum RetentionError {
    /// The rule does not fit its target (unknown table or column, wrong type, …).
    #[error("{0}")]
    Invalid(String),
    #[error("datastore query failed: {0}")]
    Query(#[from] sqlx::Error),
    #[error(transparent)]
    Connect(#[from] cockpit_connect::ConnectError),
    #[error("journal: {0}")]
    Journal(String),
    #[error("file operation failed: {0}")]
    Io(String),
}

pub type Result<T> = std::result::Result<T, RetentionError>;

/// A key value of the target (a row key, or a file's relative path).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Key {
    Int(i64),
    Text(String),
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Key::Int(v) => write!(f, "{v}"),
            Key::Text(v) => write!(f, "{v}"),
        }
    }
}

/// SHA-256 over keys, one per line in the order given: the digest of one batch.
pub fn keys_digest(keys: &[Key]) -> String {
    let mut h = Sha256::new();
    for k in keys {
        h.update(k.to_string().as_bytes());
        h.update(b"\n");
    }
    hex::encode(h.finalize())
}

/// The digest of a run: SHA-256 over the batch digests, one per line, in batch order. Recomputable
/// from the run's evidence; a run that touched nothing has the digest of the empty input.
pub fn run_digest<'a>(batch_digests: impl IntoIterator<Item = &'a str>) -> String {
    let mut h = Sha256::new();
    for d in batch_digests {
        h.update(d.as_bytes());
        h.update(b"\n");
    }
    hex::encode(h.finalize())
}

/// How a text timestamp is compared (shown in plans).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct TimeComparison {
    pub format: TimeFormat,
    pub explanation: String,
}

/// The plan of a rule at a cutoff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Plan {
    pub rule: String,
    pub cutoff: DateTime<Utc>,
    /// Entries that would be deleted or anonymised now.
    pub affected: u64,
    /// Entries past the cutoff that a legal hold protects.
    pub held: u64,
    /// Up to ten keys of affected entries, in key order.
    pub sample_keys: Vec<String>,
    /// The statements a run executes, with the cutoff and filter values shown in place.
    pub statements: Vec<String>,
    pub time_comparison: TimeComparison,
    /// The holds that stop the whole rule (ids).
    pub whole_rule_holds: Vec<i64>,
}

/// One batch about to commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchIntent {
    pub n: u32,
    pub keys: Vec<Key>,
    /// Keys the batch skipped because they are held.
    pub held: u32,
    /// Where to continue once the batch is done, when that is not after its last key (PostgreSQL
    /// deletions walk pages: `page:N`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resume: Option<Key>,
}

/// One committed batch: the evidence row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct BatchDone {
    pub n: u32,
    pub first_key: Option<String>,
    pub last_key: Option<String>,
    pub count: u32,
    pub held: u32,
    pub digest: String,
    pub ms: u32,
    /// Confirmed after an interruption (the commit happened, its confirmation was lost).
    pub recovered: bool,
}

/// Milliseconds since `started` (a batch's duration, for its evidence and the pace).
fn ms_since(started: Instant) -> u32 {
    started.elapsed().as_millis().min(u128::from(u32::MAX)) as u32
}

impl BatchDone {
    /// The evidence of batch `n` that processed `keys` (in key order), skipping `held` held ones.
    pub fn of(n: u32, keys: &[Key], held: u32, ms: u32) -> BatchDone {
        BatchDone {
            n,
            first_key: keys.first().map(|k| k.to_string()),
            last_key: keys.last().map(|k| k.to_string()),
            count: keys.len() as u32,
            held,
            digest: keys_digest(keys),
            ms,
            recovered: false,
        }
    }
}

/// Where a run keeps its progress (the cockpit database). Every method must be durable on return.
/// Several intents may be pending at once: a batch is confirmed only once its commit on the target
/// is durable, which on a SQLite datastore in WAL mode waits for the next sync of its log.
#[allow(async_fn_in_trait)]
pub trait Journal {
    /// Records the keys of a batch before it commits on the target (an intent of the same batch
    /// number replaces the earlier one).
    async fn intent(&mut self, intent: &BatchIntent) -> Result<()>;
    /// Records a committed (and durable) batch and clears its intent; `resume_after` is the key to
    /// continue after. May be deferred until the next `intent` or `flush` (a crash in between is
    /// recovered from the intent).
    async fn committed(&mut self, done: &BatchDone, resume_after: Option<&Key>) -> Result<()>;
    /// Makes every recorded confirmation durable.
    async fn flush(&mut self) -> Result<()>;
    /// Drops the intent of batch `n`, which did not commit.
    async fn discard_intent(&mut self, n: u32) -> Result<()>;
    /// Whether to stop before the next batch (cancellation, a lost lease).
    async fn should_stop(&mut self) -> Result<bool>;
}

/// Where a run continues.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// The key after which to continue (none: from the start).
    pub after: Option<Key>,
    /// The next batch number.
    pub next_batch: u32,
    /// The intents recorded, and not confirmed, before an interruption.
    pub pending: Vec<BatchIntent>,
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunOutcome {
    pub finished: bool,
    pub batches: Vec<BatchDone>,
}

/// The configuration of anonymisation by keyed hash.
#[derive(Clone)]
pub struct HashKey(pub [u8; 32]);

impl std::fmt::Debug for HashKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HashKey(..)")
    }
}

impl HashKey {
    /// `anon:` and the hex HMAC-SHA-256 of `value`.
    pub fn pseudonym(&self, value: &str) -> String {
        use hmac::Mac;
        let mut mac = <hmac::Hmac<Sha256> as hmac::Mac>::new_from_slice(&self.0).expect("any key length");
        mac.update(value.as_bytes());
        format!("{HASH_PREFIX}{}", hex::encode(mac.finalize().into_bytes()))
    }
}

/// A rule resolved against its datastore.
#[derive(Debug)]
pub enum Target<'a> {
    Table(sql::TableTarget<'a>),
    Folder(folder::FolderTarget<'a>),
}

/// Resolves `rule` against the datastore: checks every name against the catalogue, the key's
/// uniqueness, the columns' types, and detects the timestamp format when the rule says `auto`.
/// Returns the target and the rule with its time format made concrete.
pub async fn resolve<'a>(
    rule: &RetentionRule,
    conn: &'a Connection,
    hash_key: Option<HashKey>,
) -> Result<(Target<'a>, RetentionRule)> {
    rule.validate().map_err(|e| RetentionError::Invalid(e.to_string()))?;
    match (&rule.target, conn) {
        (RetentionTarget::Folder { .. }, Connection::Folder(f)) => {
            Ok((Target::Folder(folder::FolderTarget::new(rule.clone(), f)?), rule.clone()))
        }
        (RetentionTarget::Folder { .. }, _) => Err(RetentionError::Invalid(format!(
            "rule '{}' names a glob, but datastore '{}' is a database: name a table",
            rule.name, rule.datastore
        ))),
        (RetentionTarget::Table { .. }, Connection::Folder(_)) => Err(RetentionError::Invalid(format!(
            "datastore '{}' is a folder: folder rules take --glob, not --table",
            rule.datastore
        ))),
        (RetentionTarget::Table { .. }, _) => {
            let catalog = conn.catalog().await?;
            let (t, rule) = sql::TableTarget::resolve(rule, conn, &catalog, hash_key).await?;
            Ok((Target::Table(t), rule))
        }
    }
}

/// [`resolve`] with the datastore's catalogue read already (a run resolves its rule twice: to count,
/// then to run; reading a server's information_schema takes tens of milliseconds).
pub async fn resolve_in<'a>(
    rule: &RetentionRule,
    conn: &'a Connection,
    catalog: &Catalog,
    hash_key: Option<HashKey>,
) -> Result<(Target<'a>, RetentionRule)> {
    match (&rule.target, conn) {
        (
            RetentionTarget::Table { .. },
            Connection::Postgres(_) | Connection::Mysql(_) | Connection::Sqlite(_),
        ) => {
            rule.validate().map_err(|e| RetentionError::Invalid(e.to_string()))?;
            let (t, rule) = sql::TableTarget::resolve(rule, conn, catalog, hash_key).await?;
            Ok((Target::Table(t), rule))
        }
        _ => resolve(rule, conn, hash_key).await,
    }
}

/// Looks a table up in the catalogue with an error that lists what exists.
pub fn find_table<'c>(catalog: &'c Catalog, name: &str) -> Result<&'c TableInfo> {
    catalog.table(name).ok_or_else(|| {
        let mut names: Vec<&str> = catalog.tables.iter().map(|t| t.name.as_str()).collect();
        names.truncate(30);
        RetentionError::Invalid(format!(
            "table '{name}' does not exist in this datastore (tables: {})",
            if names.is_empty() { "none".to_string() } else { names.join(", ") }
        ))
    })
}

impl Target<'_> {
    pub fn rule(&self) -> &RetentionRule {
        match self {
            Target::Table(t) => &t.rule,
            Target::Folder(f) => &f.rule,
        }
    }

    /// The dry run: nothing is changed.
    pub async fn plan(&self, cutoff: DateTime<Utc>, holds: &HoldEffect) -> Result<Plan> {
        match self {
            Target::Table(t) => t.plan(cutoff, holds).await,
            Target::Folder(f) => f.plan(cutoff, holds),
        }
    }

    /// Counts (affected, held) at `cutoff`: what a run would do now.
    pub async fn count(&self, cutoff: DateTime<Utc>, holds: &HoldEffect) -> Result<(u64, u64)> {
        match self {
            Target::Table(t) => t.count(cutoff, holds).await,
            Target::Folder(f) => f.count(cutoff, holds),
        }
    }

    /// Runs (or resumes) at `cutoff` from `progress`, journaling every batch.
    pub async fn run<J: Journal>(
        &self,
        cutoff: DateTime<Utc>,
        holds: &HoldEffect,
        progress: Progress,
        journal: &mut J,
    ) -> Result<RunOutcome> {
        if !holds.whole_rule.is_empty() {
            return Ok(RunOutcome { finished: true, batches: vec![] });
        }
        let mut after = progress.after;
        let mut n = progress.next_batch.max(1);
        let mut batches = Vec::new();
        let mut pending = progress.pending;
        pending.sort_by_key(|i| i.n);
        if !pending.is_empty() {
            // What the interrupted process committed may still be only in the OS's cache (SQLite in
            // WAL mode commits without syncing): made durable before it is confirmed.
            if let Target::Table(t) = self {
                if let Some(wal) = cockpit_connect::sqlite_wal(t.conn).await? {
                    cockpit_connect::sync_wal(&wal).await?;
                }
            }
        }
        // The walk continues after the pending batches only as far as they are all done; from the
        // first that is not, its remaining keys are selected again (they still match, and they sort
        // after `after`; a page walk goes over its pages again).
        let mut advancing = true;
        for intent in pending {
            let still = self.still_pending(cutoff, &intent.keys).await?;
            let done: Vec<Key> = intent.keys.iter().filter(|k| !still.contains(k)).cloned().collect();
            n = n.max(intent.n + 1);
            if done.is_empty() {
                journal.discard_intent(intent.n).await?;
                advancing = false;
                continue;
            }
            let b = BatchDone { recovered: true, ..BatchDone::of(intent.n, &done, intent.held, 0) };
            if advancing && still.is_empty() {
                after = intent.resume.clone().or_else(|| intent.keys.last().cloned()).or(after);
            } else {
                advancing = false;
            }
            journal.committed(&b, after.as_ref()).await?;
            batches.push(b);
        }
        let target_ms = match self {
            Target::Table(t) if t.dialect() == cockpit_connect::Dialect::Postgres => PG_TARGET_BATCH_MS,
            _ => TARGET_BATCH_MS,
        };
        let heap = matches!(self, Target::Table(t) if t.heap);
        let max = if heap { self.rule().batch_size } else { self.rule().batch_size.min(KEY_LIST_BATCH_SIZE) };
        let mut pace = Pace::new(max, target_ms);
        if matches!(self, Target::Table(t) if t.chunked) {
            // Chunked deletions cost less per row the larger the batch (see `sql::chunk_rows`), and a
            // first batch of this size takes a few tens of milliseconds even with a cold page cache.
            pace.size = pace.max.min(CHUNKED_FIRST_BATCH);
        }
        let outcome = match self {
            Target::Table(t) if t.chunked => {
                run_chunked(t, cutoff, holds, n, &mut pace, journal, &mut batches).await
            }
            Target::Table(t) if t.heap => {
                run_heap(t, cutoff, holds, after, n, &mut pace, journal, &mut batches).await
            }
            _ => self.run_in_key_order(cutoff, holds, after, n, &mut pace, journal, &mut batches).await,
        };
        // The last confirmation must be durable before the caller closes the run, whatever the outcome.
        let flushed = journal.flush().await;
        let outcome = match (outcome, flushed) {
            (Ok(_), Err(e)) => Err(e),
            (o, _) => o,
        };
        // A chunked run has checkpointed already, when it confirmed its last batches.
        if let Target::Table(t) = self {
            if !t.chunked {
                checkpoint(t.conn).await;
            }
        }
        outcome.map(|finished| RunOutcome { finished, batches })
    }

    /// Batches in key order: each selects the next keys after the last one done. Returns whether
    /// the run finished (false: stopped by the journal).
    #[allow(clippy::too_many_arguments)]
    async fn run_in_key_order<J: Journal>(
        &self,
        cutoff: DateTime<Utc>,
        holds: &HoldEffect,
        mut after: Option<Key>,
        mut n: u32,
        pace: &mut Pace,
        journal: &mut J,
        batches: &mut Vec<BatchDone>,
    ) -> Result<bool> {
        let mut since_checkpoint = 0u64;
        loop {
            if journal.should_stop().await? {
                return Ok(false);
            }
            let started = Instant::now();
            let step = match self {
                Target::Table(t) => t.batch(cutoff, holds, after.as_ref(), n, pace.size, journal).await?,
                Target::Folder(f) => f.batch(cutoff, holds, after.as_ref(), n, journal).await?,
            };
            let Some((keys, held, scanned_to)) = step else {
                return Ok(true);
            };
            after = scanned_to;
            if keys.is_empty() {
                // Only held entries in this stretch (or files gone meanwhile): nothing to confirm.
                journal.discard_intent(n).await?;
                continue;
            }
            let b = BatchDone::of(n, &keys, held, ms_since(started));
            pace.record(b.ms);
            journal.committed(&b, after.as_ref()).await?;
            since_checkpoint += u64::from(b.count);
            batches.push(b);
            n += 1;
            if let Target::Table(t) = self {
                if since_checkpoint >= CHECKPOINT_ROWS {
                    checkpoint(t.conn).await;
                    since_checkpoint = 0;
                }
            }
        }
    }

    /// Of `keys`, those that still match the selection (not yet processed).
    pub async fn still_pending(&self, cutoff: DateTime<Utc>, keys: &[Key]) -> Result<Vec<Key>> {
        match self {
            Target::Table(t) => t.still_pending(cutoff, keys).await,
            Target::Folder(f) => f.still_pending(cutoff, keys),
        }
    }
}

/// Whether a column kind can hold an epoch number.
pub(crate) fn numeric(kind: ColumnKind) -> bool {
    matches!(kind, ColumnKind::Integer | ColumnKind::Real)
}

/// Copies a SQLite datastore's WAL into its file between batches. Everything is committed already:
/// a checkpoint that cannot run now leaves the WAL for the datastore's next writer, so its failure
/// is no failure of the run; it is logged (no data, only the error).
async fn checkpoint(conn: &Connection) {
    if let Err(e) = cockpit_connect::checkpoint(conn).await {
        tracing::warn!(error = %e, "WAL checkpoint of the datastore failed; its next writer will checkpoint");
    }
}

/// The target length of one write transaction on a datastore (half the longest we accept, 150 ms).
/// Batches start at 1,000 keys (or the rule's batch size, when smaller) and grow or shrink towards
/// it, never beyond the rule's size.
pub const TARGET_BATCH_MS: u32 = 75;
/// PostgreSQL: deletions only mark rows (vacuum cleans up), so longer batches (at most 300 ms) are
/// harmless to other sessions and pay the fixed cost of a commit less often.
pub const PG_TARGET_BATCH_MS: u32 = 150;

/// The first batch of a chunked SQLite deletion (other runs start at 1,000 keys).
const CHUNKED_FIRST_BATCH: u32 = 5_000;

/// SQLite: copy the write-ahead log into the file (outside any transaction) after this many rows. The
/// WAL grows to about 0.17 pages a deleted row meanwhile (some 170 MB on a 150 MB table); checkpointing
/// every 100,000 rows instead copied the pages rewritten from one stretch to the next again and cost a
/// tenth of the run.
const CHECKPOINT_ROWS: u64 = 250_000;

/// The size of the next batch, adapted to how long the last ones took.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pace {
    pub size: u32,
    pub max: u32,
    pub target_ms: u32,
}

impl Pace {
    pub fn new(max: u32, target_ms: u32) -> Pace {
        let max = max.max(1);
        Pace { size: max.min(1_000), max, target_ms }
    }

    /// Adapts the size after a batch that took `ms`: proportionally towards the target, at most
    /// halving or growing by a quarter at once, between 100 keys (or the maximum, when smaller) and
    /// the maximum.
    pub fn record(&mut self, ms: u32) {
        let wanted = if ms == 0 {
            u64::from(self.size) * 2
        } else {
            u64::from(self.size) * u64::from(self.target_ms) / u64::from(ms)
        };
        // Growing by at most a quarter a step: the cost per row varies about fourfold between
        // batches, so doubling after one fast batch overshot the longest transaction we accept.
        let wanted = wanted.clamp(u64::from(self.size / 2).max(1), u64::from(self.size) * 5 / 4 + 1);
        self.size = (wanted.min(u64::from(u32::MAX)) as u32).clamp(100.min(self.max), self.max);
    }
}

/// Where a PostgreSQL deletion over pages continues (`page:N` in the journal; anything else, such as
/// a key left by an older run, starts again from the first page, which only costs time).
fn page_of(k: Option<&Key>) -> u32 {
    match k {
        Some(Key::Text(s)) => s.strip_prefix("page:").and_then(|n| n.parse().ok()).unwrap_or(0),
        _ => 0,
    }
}

/// A PostgreSQL deletion in page order (see [`sql::TableTarget::heap_batch`]): the table's pages as
/// they are at the start, in stretches sized by duration and holding about the rule's batch size of
/// rows at most, then a sweep, in batches of keys, of expired rows stored elsewhere by then (moved by
/// an update, or added). A page range is read like the raw DELETE reads the table, in physical order,
/// instead of looking every key up in the key's index; progress (the next page) is journaled with
/// every batch.
#[allow(clippy::too_many_arguments)]
async fn run_heap<J: Journal>(
    t: &sql::TableTarget<'_>,
    cutoff: DateTime<Utc>,
    holds: &HoldEffect,
    after: Option<Key>,
    mut n: u32,
    pace: &mut Pace,
    journal: &mut J,
    batches: &mut Vec<BatchDone>,
) -> Result<bool> {
    let (pages, per_page) = t.heap_pages().await?;
    // Pages per batch: at most the rule's batch size of rows (all of them expired, at the density of
    // the last ANALYZE; 100 rows a page when never analysed), starting at an eighth of that.
    let per_page = if per_page >= 1.0 { per_page } else { 100.0 };
    let max_pages = ((f64::from(pace.max) / per_page).floor() as u32).max(1);
    let mut span = Pace { size: (max_pages / 8).max(1), max: max_pages, target_ms: pace.target_ms };
    let mut lo = page_of(after.as_ref());
    while lo < pages {
        if journal.should_stop().await? {
            return Ok(false);
        }
        let hi = lo.saturating_add(span.size).min(pages);
        let resume = Key::Text(format!("page:{hi}"));
        let started = Instant::now();
        let (done, held) =
            t.heap_batch(cutoff, holds, Some((lo, hi)), 0, n, Some(resume.clone()), journal).await?;
        let ms = ms_since(started);
        span.record(ms);
        lo = hi;
        if done.is_empty() {
            continue;
        }
        let b = BatchDone::of(n, &done, held, ms);
        journal.committed(&b, Some(&resume)).await?;
        batches.push(b);
        n += 1;
    }
    // The sweep: what the pages no longer held or did not hold yet. Usually one empty statement.
    let swept = Key::Text(format!("page:{}", lo.max(pages)));
    loop {
        if journal.should_stop().await? {
            return Ok(false);
        }
        let started = Instant::now();
        let (done, _) = t.heap_batch(cutoff, holds, None, pace.max, n, Some(swept.clone()), journal).await?;
        if done.is_empty() {
            return Ok(true);
        }
        let b = BatchDone::of(n, &done, 0, ms_since(started));
        journal.committed(&b, Some(&swept)).await?;
        batches.push(b);
        n += 1;
    }
}

/// A SQLite deletion in chunks of the time index (see [`sql::TableTarget::chunk`]); each chunk's
/// keys are deleted in key order, in batches. Each chunk is read from the oldest expired, unheld
/// entry left, so no position is kept: after an interruption the walk starts where it stopped.
/// Held keys never enter a chunk: the run's held count comes from its count at the start.
///
/// In WAL mode the batches commit with `synchronous = NORMAL` (SQLite's advice for WAL): a commit
/// appends to the log without waiting for the disk. The log is synced in the background while the
/// next batches run, and by the checkpoint every [`CHECKPOINT_ROWS`] rows (explicitly when a reader
/// keeps the checkpoint from copying all of it). A batch is confirmed in the journal only after a
/// sync that covers its commit, so the evidence never names a deletion that a power cut could still
/// undo; until then its intent stays pending (a run resumed after a crash re-checks every pending
/// intent against the target).
/// In other journal modes every commit syncs, and each batch is confirmed at once.
async fn run_chunked<J: Journal>(
    t: &sql::TableTarget<'_>,
    cutoff: DateTime<Utc>,
    holds: &HoldEffect,
    n: u32,
    pace: &mut Pace,
    journal: &mut J,
    batches: &mut Vec<BatchDone>,
) -> Result<bool> {
    let wal = cockpit_connect::sqlite_wal(t.conn).await?;
    let table_rows = t.table_rows().await?;
    let mut conn = t.sqlite_connection().await?;
    if wal.is_some() {
        sql::TableTarget::set_synchronous(&mut conn, "NORMAL").await?;
    }
    let mut run = Chunked { t, conn: &mut conn, wal: wal.as_deref(), unsynced: Vec::new() };
    let outcome = run.batches(cutoff, holds, n, table_rows, pace, journal, batches).await;
    // Whatever the outcome, the batches that committed are confirmed (after a sync) before the run
    // closes; an error of the batches is the one reported.
    let settled = run.settle(journal, batches).await;
    if wal.is_some() {
        if let Err(e) = sql::TableTarget::set_synchronous(&mut conn, "FULL").await {
            tracing::warn!(error = %e, "could not set synchronous = FULL again on the datastore's connection");
        }
    }
    match (outcome, settled) {
        (Ok(_), Err(e)) => Err(e),
        (o, _) => o,
    }
}

/// A chunked deletion under way: its target, the connection it holds, the target's write-ahead log
/// (WAL mode) and the batches committed but not confirmed yet.
struct Chunked<'r, 't> {
    t: &'r sql::TableTarget<'t>,
    conn: &'r mut sqlx::SqliteConnection,
    wal: Option<&'r std::path::Path>,
    unsynced: Vec<BatchDone>,
}

impl Chunked<'_, '_> {
    /// The batch loop of [`run_chunked`]. Committed batches wait in `unsynced` until a sync covers
    /// them: in WAL mode a background sync of the log ([`cockpit_connect::WalSyncer`]) runs while
    /// the next batches delete, and the batches committed before it started are confirmed when it
    /// ends; the checkpoint every [`CHECKPOINT_ROWS`] rows (see [`Chunked::settle`]) keeps the log
    /// from growing.
    #[allow(clippy::too_many_arguments)]
    async fn batches<J: Journal>(
        &mut self,
        cutoff: DateTime<Utc>,
        holds: &HoldEffect,
        mut n: u32,
        table_rows: u64,
        pace: &mut Pace,
        journal: &mut J,
        batches: &mut Vec<BatchDone>,
    ) -> Result<bool> {
        let mut since_checkpoint = 0u64;
        let mut syncer = self.wal.map(cockpit_connect::WalSyncer::new);
        let outcome = async {
            loop {
                if journal.should_stop().await? {
                    return Ok(false);
                }
                let chunk =
                    self.t.chunk(self.conn, cutoff, holds, sql::chunk_rows(pace.size, table_rows)).await?;
                if chunk.keys.is_empty() {
                    return Ok(true);
                }
                let mut rest = chunk.keys.as_slice();
                while !rest.is_empty() {
                    if journal.should_stop().await? {
                        return Ok(false);
                    }
                    let (batch, tail) = rest.split_at(rest.len().min(pace.size as usize));
                    rest = tail;
                    let started = Instant::now();
                    let done = self.t.delete_keys(self.conn, cutoff, &chunk, batch, n, journal).await?;
                    let ms = ms_since(started);
                    pace.record(ms);
                    if done.is_empty() {
                        continue;
                    }
                    let b = BatchDone::of(n, &done, 0, ms);
                    since_checkpoint += u64::from(b.count);
                    self.unsynced.push(b);
                    if let Some(s) = syncer.as_mut() {
                        let durable = s.poll(u64::from(n)).await?;
                        confirm(&mut self.unsynced, durable, journal, batches).await?;
                    }
                    n += 1;
                    if self.wal.is_none() || since_checkpoint >= CHECKPOINT_ROWS {
                        self.settle(journal, batches).await?;
                        since_checkpoint = 0;
                    }
                }
            }
        }
        .await;
        // No sync of the log left running when the run closes; what it covers is confirmed by
        // `settle`.
        if let Some(s) = syncer.as_mut() {
            if let Err(e) = s.finish().await {
                tracing::warn!(error = %e, "background sync of the datastore's log failed; the run syncs again");
            }
        }
        outcome
    }

    /// Makes the committed batches in `unsynced` durable on the target and confirms them. In WAL
    /// mode the checkpoint syncs the log before copying it; when it could not copy all of it (a
    /// reader still uses part of it), the log is synced explicitly. A failed sync still confirms the
    /// batches (they did commit) and then fails the run.
    async fn settle<J: Journal>(&mut self, journal: &mut J, batches: &mut Vec<BatchDone>) -> Result<()> {
        let mut synced = Ok(());
        if let Some(wal) = self.wal {
            // Also when the background sync has confirmed everything: the checkpoint bounds the log.
            let complete = match cockpit_connect::checkpoint_sqlite(self.conn).await {
                Ok(c) => c,
                Err(e) => {
                    tracing::warn!(error = %e, "WAL checkpoint of the datastore failed; syncing its log instead");
                    false
                }
            };
            if !complete && !self.unsynced.is_empty() {
                synced = cockpit_connect::sync_wal(wal).await;
            }
        }
        confirm(&mut self.unsynced, u64::MAX, journal, batches).await?;
        Ok(synced?)
    }
}

/// Confirms the batches of `unsynced` numbered up to `durable` (a sync covered their commits).
async fn confirm<J: Journal>(
    unsynced: &mut Vec<BatchDone>,
    durable: u64,
    journal: &mut J,
    batches: &mut Vec<BatchDone>,
) -> Result<()> {
    let covered = unsynced.iter().take_while(|b| u64::from(b.n) <= durable).count();
    for b in unsynced.drain(..covered) {
        journal.committed(&b, None).await?;
        batches.push(b);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_grow_while_fast_and_shrink_when_slow_within_the_rules_size() {
        let mut p = Pace::new(20_000, 50);
        assert_eq!(p.size, 1_000, "a run starts with 1,000 keys");
        p.record(10);
        assert_eq!(p.size, 1_251, "five times faster than the target: at most a quarter more");
        p.record(45);
        assert_eq!(p.size, 1_390, "proportionally towards the target");
        for _ in 0..30 {
            p.record(0);
        }
        assert_eq!(p.size, 20_000, "never above the rule's batch size");
        p.record(1_000);
        assert_eq!(p.size, 10_000, "twenty times too slow: at most halved");
        for _ in 0..20 {
            p.record(5_000);
        }
        assert_eq!(p.size, 100, "never below 100 keys");

        let mut small = Pace::new(50, 50);
        assert_eq!(small.size, 50, "a smaller rule size is the start");
        small.record(10_000);
        assert_eq!(small.size, 50, "and the floor");
        small.record(0);
        assert_eq!(small.size, 50);
        assert_eq!(Pace::new(0, 50).size, 1, "a zero size cannot stall a run");
    }

    #[test]
    fn chunks_balance_table_pages_against_index_pages() {
        // √(2 × 2,000,000 × 20,000) ≈ 282,842: about 14 batches a chunk.
        assert_eq!(sql::chunk_rows(20_000, 2_000_000), 282_842);
        // Larger batches take larger chunks, but fewer batches per chunk.
        assert!(sql::chunk_rows(5_000, 2_000_000) < sql::chunk_rows(20_000, 2_000_000));
        assert!(sql::chunk_rows(5_000, 2_000_000) / 5_000 > sql::chunk_rows(20_000, 2_000_000) / 20_000);
        assert_eq!(sql::chunk_rows(20_000, 100), 20_000, "at least one batch (a small table)");
        assert_eq!(sql::chunk_rows(10, 10_000_000_000), 640, "at most 64 batches");
        assert_eq!(sql::chunk_rows(0, 0), 1, "never empty");
    }

    #[test]
    fn page_walks_resume_at_their_page_and_anything_else_starts_over() {
        assert_eq!(page_of(Some(&Key::Text("page:1234".into()))), 1234);
        assert_eq!(page_of(None), 0);
        assert_eq!(page_of(Some(&Key::Int(77))), 0, "a key left by a run in key order");
        assert_eq!(page_of(Some(&Key::Text("page:x".into()))), 0);
        let old: BatchIntent = serde_json::from_str(r#"{"n":3,"keys":[1,2],"held":0}"#).unwrap();
        assert_eq!(old.resume, None, "intents written before page walks still read");
    }

    /// The journal of a test: keeps the intents.
    #[derive(Default)]
    struct Intents(Vec<BatchIntent>);
    impl Journal for Intents {
        async fn intent(&mut self, intent: &BatchIntent) -> Result<()> {
            self.0.push(intent.clone());
            Ok(())
        }
        async fn committed(&mut self, _: &BatchDone, _: Option<&Key>) -> Result<()> {
            Ok(())
        }
        async fn flush(&mut self) -> Result<()> {
            Ok(())
        }
        async fn discard_intent(&mut self, _: u32) -> Result<()> {
            Ok(())
        }
        async fn should_stop(&mut self) -> Result<bool> {
            Ok(false)
        }
    }

    /// A chunk's batch whose rows changed after the chunk was read: one deleted by the application,
    /// one made younger than the cutoff. The batch deletes and reports exactly the others.
    #[tokio::test]
    async fn a_batch_reports_exactly_the_rows_it_deleted_when_some_changed_meanwhile() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app.db");
        let url = format!("sqlite://{}?mode=rwc", path.display());
        let setup = sqlx::SqlitePool::connect(&url).await.unwrap();
        sqlx::query("CREATE TABLE events (id INTEGER PRIMARY KEY, created_at TEXT NOT NULL)")
            .execute(&setup)
            .await
            .unwrap();
        sqlx::query("CREATE INDEX events_created ON events(created_at)").execute(&setup).await.unwrap();
        for i in 1..=10 {
            let ts = if i <= 8 { "2020-01-01 00:00:00" } else { "2030-01-01 00:00:00" };
            sqlx::query("INSERT INTO events VALUES (?, ?)").bind(i).bind(ts).execute(&setup).await.unwrap();
        }
        let conn = Connection::Sqlite(setup.clone());
        let rule = RetentionRule {
            name: "r".into(),
            datastore: "app".into(),
            activity: None,
            data_category: None,
            target: RetentionTarget::Table {
                table: "events".into(),
                time_column: "created_at".into(),
                time_format: TimeFormat::Auto,
                key_column: "id".into(),
                filters: vec![],
            },
            keep: "365d".parse().unwrap(),
            action: RetentionAction::Delete,
            batch_size: 100,
            schedule: None,
            timezone: "UTC".into(),
            enabled: true,
            description: String::new(),
        };
        let (target, _) = resolve(&rule, &conn, None).await.unwrap();
        let Target::Table(t) = &target else { panic!("a table") };
        assert!(t.chunked, "the time column leads an index");
        let cutoff = chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 1, 1, 0, 0, 0).unwrap();
        // The run's own connection; `setup` stands for the application, on other connections.
        let mut run = t.sqlite_connection().await.unwrap();
        let chunk = t.chunk(&mut run, cutoff, &HoldEffect::default(), 100).await.unwrap();
        assert_eq!(chunk.keys, (1..=8).map(Key::Int).collect::<Vec<_>>());
        sqlx::query("DELETE FROM events WHERE id = 2").execute(&setup).await.unwrap();
        sqlx::query("UPDATE events SET created_at = '2029-01-01 00:00:00' WHERE id = 5")
            .execute(&setup)
            .await
            .unwrap();
        let mut journal = Intents::default();
        let done = t.delete_keys(&mut run, cutoff, &chunk, &chunk.keys, 1, &mut journal).await.unwrap();
        let expected: Vec<Key> = [1, 3, 4, 6, 7, 8].into_iter().map(Key::Int).collect();
        assert_eq!(done, expected, "another connection's changes are seen (data_version moved)");
        assert_eq!(journal.0[0].keys, chunk.keys, "the intent named the batch's keys while it ran");
        assert_eq!(journal.0[1].keys, expected, "and was corrected before the commit");
        let left: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM events ORDER BY id").fetch_all(&setup).await.unwrap();
        assert_eq!(left, vec![5, 9, 10]);
        // Held keys never enter a chunk.
        let holds = HoldEffect { whole_rule: vec![], keys: vec!["9".into()] };
        sqlx::query("UPDATE events SET created_at = '2020-01-01 00:00:00'").execute(&setup).await.unwrap();
        let chunk = t.chunk(&mut run, cutoff, &holds, 100).await.unwrap();
        assert_eq!(chunk.keys, vec![Key::Int(5), Key::Int(10)]);
        // With nothing committed elsewhere since the chunk was read, the statement names the keys
        // alone: it trusts the read. (Only the run writes on its own connection; a change made there
        // is the one thing data_version does not report, which shows which statement ran.)
        sqlx::query("UPDATE events SET created_at = '2029-01-01 00:00:00' WHERE id = 10")
            .execute(&mut *run)
            .await
            .unwrap();
        let mut journal = Intents::default();
        let done = t.delete_keys(&mut run, cutoff, &chunk, &chunk.keys, 2, &mut journal).await.unwrap();
        assert_eq!(done, chunk.keys);
        let left: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM events ORDER BY id").fetch_all(&setup).await.unwrap();
        assert_eq!(left, vec![9]);
    }
}
