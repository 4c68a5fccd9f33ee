//! The retention executor. A [`Target`] is a rule resolved against its datastore's catalogue: every
//! table and column name has been found there and is quoted for the dialect, the timestamp format is
//! known, and filter values are typed for their columns. From it come
//!
//! - the **plan** ([`Target::plan`]): the cutoff, how many entries are affected and how many are held,
//!   a sample of keys, and the statements that will run;
//! - the **run** ([`Target::run`]): batches, each one short transaction that deletes or anonymises
//!   a set of selected, unheld keys, re-checking the selection condition in the same statement. Batches
//!   follow the key; SQLite deletions on a table whose time column leads an index follow chunks of that
//!   index instead (each chunk's keys in key order), which keeps the pages one commit rewrites few.
//!   [`Pace`] sizes the batches to about [`TARGET_BATCH_MS`] each, never above the rule's batch size.
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

/// Where a run keeps its progress (the cockpit database). Every method must be durable on return.
#[allow(async_fn_in_trait)]
pub trait Journal {
    /// Records the keys of a batch before it commits on the target.
    async fn intent(&mut self, intent: &BatchIntent) -> Result<()>;
    /// Records a committed batch; `resume_after` is the key to continue after. May be deferred until
    /// the next `intent` or `flush` (a crash in between is recovered from the intent).
    async fn committed(&mut self, done: &BatchDone, resume_after: Option<&Key>) -> Result<()>;
    /// Makes every recorded confirmation durable.
    async fn flush(&mut self) -> Result<()>;
    /// Drops an intent whose batch did not commit.
    async fn discard_intent(&mut self) -> Result<()>;
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
    /// An intent recorded before an interruption.
    pub pending: Option<BatchIntent>,
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
        if let Some(intent) = progress.pending {
            let still = self.still_pending(cutoff, &intent.keys).await?;
            let done: Vec<Key> = intent.keys.iter().filter(|k| !still.contains(k)).cloned().collect();
            if done.is_empty() {
                journal.discard_intent().await?;
            } else {
                let b = BatchDone {
                    n: intent.n,
                    first_key: done.first().map(|k| k.to_string()),
                    last_key: done.last().map(|k| k.to_string()),
                    count: done.len() as u32,
                    held: intent.held,
                    digest: keys_digest(&done),
                    ms: 0,
                    recovered: true,
                };
                // Continue after the batch only when all of it is done; otherwise its remaining keys
                // are selected again (they still match, and they sort after `after`).
                if still.is_empty() {
                    after = intent.keys.last().cloned().or(after);
                }
                journal.committed(&b, after.as_ref()).await?;
                n = intent.n + 1;
                batches.push(b);
            }
        }
        let target_ms = match self {
            Target::Table(t) if t.dialect() == cockpit_connect::Dialect::Postgres => PG_TARGET_BATCH_MS,
            _ => TARGET_BATCH_MS,
        };
        let mut pace = Pace::new(self.rule().batch_size, target_ms);
        let outcome = match self {
            Target::Table(t) if t.chunked => {
                run_chunked(t, cutoff, holds, n, &mut pace, journal, &mut batches).await
            }
            _ => self.run_in_key_order(cutoff, holds, after, n, &mut pace, journal, &mut batches).await,
        };
        // The last confirmation must be durable before the caller closes the run, whatever the outcome.
        let flushed = journal.flush().await;
        let outcome = match (outcome, flushed) {
            (Ok(_), Err(e)) => Err(e),
            (o, _) => o,
        };
        if let Target::Table(t) = self {
            checkpoint(t.conn).await;
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
                journal.discard_intent().await?;
                continue;
            }
            let b = BatchDone {
                n,
                first_key: keys.first().map(|k| k.to_string()),
                last_key: keys.last().map(|k| k.to_string()),
                count: keys.len() as u32,
                held,
                digest: keys_digest(&keys),
                ms: started.elapsed().as_millis().min(u32::MAX as u128) as u32,
                recovered: false,
            };
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

/// SQLite: copy the write-ahead log into the file (outside any transaction) after this many rows.
const CHECKPOINT_ROWS: u64 = 100_000;

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

/// A SQLite deletion in chunks of the time index (see [`sql::TableTarget::chunk`]); each chunk's
/// keys are deleted in key order, in batches. Progress is not kept between chunks: after an
/// interruption the walk starts again from the oldest remaining entry, which is the same place,
/// since everything before it is gone (held entries are skipped again).
async fn run_chunked<J: Journal>(
    t: &sql::TableTarget<'_>,
    cutoff: DateTime<Utc>,
    holds: &HoldEffect,
    mut n: u32,
    pace: &mut Pace,
    journal: &mut J,
    batches: &mut Vec<BatchDone>,
) -> Result<bool> {
    let mut pos = None;
    let mut since_checkpoint = 0u64;
    loop {
        if journal.should_stop().await? {
            return Ok(false);
        }
        let (keys, next) = t.chunk(cutoff, pos.as_ref(), pace.max.saturating_mul(sql::CHUNK_FACTOR)).await?;
        if keys.is_empty() {
            return Ok(true);
        }
        pos = next;
        let mut rest = keys.as_slice();
        while !rest.is_empty() {
            if journal.should_stop().await? {
                return Ok(false);
            }
            // The next `pace.size` unheld keys, counting the held ones among them.
            let mut batch = Vec::with_capacity(pace.size as usize);
            let mut held = 0u32;
            let mut used = 0;
            for k in rest {
                if batch.len() == pace.size as usize {
                    break;
                }
                used += 1;
                if holds.is_held(&k.to_string()) {
                    held += 1;
                } else {
                    batch.push(k.clone());
                }
            }
            rest = &rest[used..];
            if batch.is_empty() {
                continue;
            }
            let started = Instant::now();
            let done = t.delete_keys(cutoff, &batch, held, n, journal).await?;
            let ms = started.elapsed().as_millis().min(u32::MAX as u128) as u32;
            pace.record(ms);
            if done.is_empty() {
                continue;
            }
            let b = BatchDone {
                n,
                first_key: done.first().map(|k| k.to_string()),
                last_key: done.last().map(|k| k.to_string()),
                count: done.len() as u32,
                held,
                digest: keys_digest(&done),
                ms,
                recovered: false,
            };
            journal.committed(&b, None).await?;
            since_checkpoint += u64::from(b.count);
            batches.push(b);
            n += 1;
            if since_checkpoint >= CHECKPOINT_ROWS {
                checkpoint(t.conn).await;
                since_checkpoint = 0;
            }
        }
    }
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
}
