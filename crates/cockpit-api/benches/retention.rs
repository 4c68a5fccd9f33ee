//! Retention benchmark: a retention job against a single raw `DELETE … WHERE ts < ?` on an identical
//! copy of the same table, in the same run (the retention issue's targets: SQLite ≥ 1.5× the raw
//! DELETE's rows per second with no write transaction over 150 ms; PostgreSQL ≥ 0.8× with no batch
//! over 300 ms).
//!
//! Run: `cargo bench -p cockpit-api --bench retention` (release profile). Environment:
//! `BENCH_SQLITE_ROWS` (default 2,000,000; 0 skips SQLite), `BENCH_PG_ROWS` (default 1,000,000), `BENCH_BATCH`
//! (the SQLite rule's largest batch; default the rules' default), `BENCH_PG_BATCH` (the PostgreSQL
//! rule's; default the most a rule allows, so that duration alone sizes the page ranges),
//! `COCKPIT_TEST_POSTGRES_URL` (the PostgreSQL part is skipped without it).
//! Prints a Markdown table; the figures in docs/benchmarks.md come from it.
//!
//! The job's time is the whole `run_retention` call: counting, journaling every batch durably in the
//! cockpit database, and the batches themselves. Its longest write transaction is the longest batch
//! (from the target's BEGIN to its COMMIT, including the journal's intent write inside it).

use chrono::{Duration as CDuration, TimeZone, Utc};
use cockpit_api::Cockpit;
use cockpit_connect::secrets::MemorySecrets;
use cockpit_domain::retention::*;
use cockpit_domain::FixedClock;
use std::sync::Arc;
use std::time::Instant;

/// The allocator of the `cockpit` and desktop binaries, so that the bench measures what they do.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 12, 0, 0).unwrap()
}

/// Timestamps two years back to now, so that with a 365-day period half of the rows, in random key
/// order, are expired.
fn timestamps(n: u64) -> Vec<chrono::DateTime<Utc>> {
    let mut rng = Lcg(2026);
    (0..n).map(|_| now() - CDuration::seconds((rng.next() % (730 * 86400)) as i64)).collect()
}

fn rule(ds: &str, table: &str, batch: u32) -> RetentionRule {
    RetentionRule {
        name: format!("bench-{ds}"),
        datastore: ds.into(),
        activity: None,
        data_category: None,
        target: RetentionTarget::Table {
            table: table.into(),
            time_column: "created_at".into(),
            time_format: TimeFormat::Auto,
            key_column: "id".into(),
            filters: vec![],
        },
        keep: "365d".parse().unwrap(),
        action: RetentionAction::Delete,
        batch_size: batch,
        schedule: None,
        timezone: "UTC".into(),
        enabled: true,
        description: String::new(),
    }
}

struct Row {
    store: &'static str,
    rows: u64,
    expired: u64,
    raw_ms: f64,
    job_ms: f64,
    longest_ms: u32,
    batches: u32,
}

async fn job(c: &Cockpit, ds: &str) -> (u64, f64, u32, u32) {
    let t = Instant::now();
    let run = c.run_retention(&format!("bench-{ds}")).await.expect("run");
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    let cert = c.retention_certificate(run.id).await.expect("certificate");
    assert!(cert.evidence_consistent);
    let in_tx: u64 = cert.batches.iter().map(|b| u64::from(b.ms)).sum();
    let sizes: Vec<u32> = cert.batches.iter().map(|b| b.count).collect();
    eprintln!(
        "{ds}: {} batches, {in_tx} ms inside target transactions of {ms:.0} ms, batch sizes min {} median {} max {}",
        run.batches,
        sizes.iter().min().unwrap_or(&0),
        { let mut v = sizes.clone(); v.sort(); v.get(v.len() / 2).copied().unwrap_or(0) },
        sizes.iter().max().unwrap_or(&0),
    );
    let mut slowest: Vec<_> = cert.batches.iter().map(|b| (b.ms, b.n, b.count)).collect();
    slowest.sort_unstable_by(|a, b| b.cmp(a));
    let slowest: Vec<String> =
        slowest.iter().take(5).map(|(ms, n, count)| format!("#{n} ({count} rows) {ms} ms")).collect();
    eprintln!("{ds}: slowest batches: {}", slowest.join(", "));
    (run.affected, ms, cert.batches.iter().map(|b| b.ms).max().unwrap_or(0), run.batches)
}

async fn sqlite(c: &Cockpit, dir: &std::path::Path, n: u64, batch: u32) -> Row {
    let job_db = dir.join("job.db");
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=rwc", job_db.display())).await.unwrap();
    sqlx::query("PRAGMA journal_mode = WAL").execute(&pool).await.unwrap();
    sqlx::query("CREATE TABLE events (id INTEGER PRIMARY KEY, email TEXT, created_at TEXT NOT NULL)")
        .execute(&pool)
        .await
        .unwrap();
    let ts = timestamps(n);
    let mut tx = pool.begin().await.unwrap();
    for (c, part) in ts.chunks(1000).enumerate() {
        let values = vec!["(?, ?, ?)"; part.len()].join(", ");
        let sql = format!("INSERT INTO events VALUES {values}");
        let mut q = sqlx::query(&sql);
        for (j, t) in part.iter().enumerate() {
            let i = c * 1000 + j;
            q = q
                .bind(i as i64 + 1)
                .bind(format!("user{}@example.org", i % 5000))
                .bind(t.format("%Y-%m-%d %H:%M:%S").to_string());
        }
        q.execute(&mut *tx).await.unwrap();
    }
    tx.commit().await.unwrap();
    sqlx::query("CREATE INDEX events_created ON events(created_at)").execute(&pool).await.unwrap();
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&pool).await.unwrap();
    pool.close().await;
    let raw_db = dir.join("raw.db");
    std::fs::copy(&job_db, &raw_db).unwrap();

    let raw_big_db = dir.join("raw-big-cache.db");
    std::fs::copy(&job_db, &raw_big_db).unwrap();

    // The raw DELETE on a copy, as `sqlite3` runs it (default page cache of 2 MiB), and on another
    // copy with the 256 MiB page cache the job's connection uses (a reference, not the target's).
    let cutoff = cutoff(&"365d".parse().unwrap(), now(), &chrono_tz::UTC);
    let mut raw_ms = 0.0;
    let mut raw_big_ms = 0.0;
    let mut deleted = 0;
    for (db, ms, cache) in [(&raw_db, &mut raw_ms, None), (&raw_big_db, &mut raw_big_ms, Some("-262144"))] {
        let mut o = sqlx::sqlite::SqliteConnectOptions::new().filename(db);
        if let Some(c) = cache {
            o = o.pragma("cache_size", c);
        }
        let raw = sqlx::SqlitePool::connect_with(o).await.unwrap();
        let t = Instant::now();
        let r = sqlx::query("DELETE FROM events WHERE created_at < ?")
            .bind(cutoff.format("%Y-%m-%d %H:%M:%S").to_string())
            .execute(&raw)
            .await
            .unwrap();
        *ms = t.elapsed().as_secs_f64() * 1000.0;
        deleted = r.rows_affected();
        raw.close().await;
    }
    eprintln!("SQLite raw DELETE with a 256 MiB page cache: {raw_big_ms:.0} ms");

    c.add_datastore("sqlite", "sqlite", job_db.to_str().unwrap(), None).await.unwrap();
    c.add_retention_rule(rule("sqlite", "events", batch)).await.unwrap();
    c.approve_retention("bench-sqlite").await.unwrap();
    let (affected, job_ms, longest, batches) = job(c, "sqlite").await;
    assert_eq!(affected, deleted, "the job and the raw DELETE remove the same rows");
    Row { store: "SQLite", rows: n, expired: affected, raw_ms, job_ms, longest_ms: longest, batches }
}

async fn postgres(c: &Cockpit, url: &str, n: u64, batch: u32) -> Row {
    let pool = sqlx::PgPool::connect(url).await.unwrap();
    let ts = timestamps(n);
    for t in ["bench_job", "bench_raw"] {
        sqlx::query(&format!("DROP TABLE IF EXISTS {t}")).execute(&pool).await.unwrap();
        sqlx::query(&format!(
            "CREATE TABLE {t} (id bigint PRIMARY KEY, email text, created_at timestamptz NOT NULL)"
        ))
        .execute(&pool)
        .await
        .unwrap();
        for chunk in ts.chunks(10_000).enumerate() {
            let (k, part) = chunk;
            let ids: Vec<i64> = (0..part.len()).map(|i| (k * 10_000 + i) as i64 + 1).collect();
            let emails: Vec<String> = ids.iter().map(|i| format!("user{}@example.org", i % 5000)).collect();
            sqlx::query(&format!(
                "INSERT INTO {t} SELECT * FROM unnest($1::bigint[], $2::text[], $3::timestamptz[])"
            ))
            .bind(&ids)
            .bind(&emails)
            .bind(part)
            .execute(&pool)
            .await
            .unwrap();
        }
        sqlx::query(&format!("CREATE INDEX {t}_created ON {t}(created_at)")).execute(&pool).await.unwrap();
        sqlx::query(&format!("VACUUM ANALYZE {t}")).execute(&pool).await.unwrap();
    }
    let cutoff = cutoff(&"365d".parse().unwrap(), now(), &chrono_tz::UTC);
    // A checkpoint before each side: after one, the first change of every page writes the whole page
    // to the WAL, so without it whichever side ran after the server's own (timed) checkpoint paid for
    // the other. Needs superuser or pg_checkpoint; without, both sides take their chances.
    let checkpoint = || async {
        if let Err(e) = sqlx::query("CHECKPOINT").execute(&pool).await {
            eprintln!("PostgreSQL CHECKPOINT refused ({e}): the two sides may pay unequal full-page writes");
        }
    };
    checkpoint().await;
    let t = Instant::now();
    let r =
        sqlx::query("DELETE FROM bench_raw WHERE created_at < $1").bind(cutoff).execute(&pool).await.unwrap();
    let raw_ms = t.elapsed().as_secs_f64() * 1000.0;
    c.add_datastore("pg", "postgres", url, None).await.unwrap();
    c.add_retention_rule(rule("pg", "bench_job", batch)).await.unwrap();
    c.approve_retention("bench-pg").await.unwrap();
    checkpoint().await;
    let (affected, job_ms, longest, batches) = job(c, "pg").await;
    assert_eq!(affected, r.rows_affected());
    for t in ["bench_job", "bench_raw"] {
        sqlx::query(&format!("DROP TABLE {t}")).execute(&pool).await.unwrap();
    }
    Row { store: "PostgreSQL", rows: n, expired: affected, raw_ms, job_ms, longest_ms: longest, batches }
}

fn main() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let c = Cockpit::open_with(&dir.path().join("cockpit.db"), Arc::new(FixedClock::new(now())), "bench".into())
            .await
            .unwrap()
            .with_secrets(Arc::new(MemorySecrets::default()));
        let batch = env("BENCH_BATCH", u64::from(DEFAULT_BATCH_SIZE)) as u32;
        let mut rows = vec![];
        match env("BENCH_SQLITE_ROWS", 2_000_000) {
            0 => eprintln!("SQLite part skipped: BENCH_SQLITE_ROWS=0"),
            n => rows.push(sqlite(&c, dir.path(), n, batch).await),
        }
        match std::env::var("COCKPIT_TEST_POSTGRES_URL") {
            Ok(url) if !url.is_empty() => {
                // PostgreSQL deletions walk page ranges, not key lists: a rule for a large table lets
                // the duration bound (150 ms) size them (`--batch-size 1000000`).
                let pg_batch = env("BENCH_PG_BATCH", u64::from(MAX_BATCH_SIZE)) as u32;
                rows.push(postgres(&c, &url, env("BENCH_PG_ROWS", 1_000_000), pg_batch).await)
            }
            _ => eprintln!("PostgreSQL part skipped: COCKPIT_TEST_POSTGRES_URL is not set"),
        }
        println!("| store | rows | expired | raw DELETE | job | job/raw throughput | longest batch | batches | target |");
        println!("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        for r in rows {
            let ratio = r.raw_ms / r.job_ms;
            let (min_ratio, max_batch) = if r.store == "SQLite" { (1.5, 150) } else { (0.8, 300) };
            let pass = ratio >= min_ratio && r.longest_ms <= max_batch;
            println!(
                "| {} | {} | {} | {:.0} ms ({:.0} rows/s) | {:.0} ms ({:.0} rows/s) | {:.2}× | {} ms | {} | ≥ {min_ratio}×, ≤ {max_batch} ms: {} |",
                r.store,
                r.rows,
                r.expired,
                r.raw_ms,
                r.expired as f64 / r.raw_ms * 1000.0,
                r.job_ms,
                r.expired as f64 / r.job_ms * 1000.0,
                ratio,
                r.longest_ms,
                r.batches,
                if pass { "PASS" } else { "FAIL" }
            );
        }
    });
}
