//! Retention runs against real datastores: SQLite files, the PostgreSQL and MariaDB servers named by
//! `COCKPIT_TEST_POSTGRES_URL` and `COCKPIT_TEST_MYSQL_URL` (skipped, saying so, where unset), and temp
//! folders. Outcomes are compared with an independent computation in the test: deleted = entries
//! older than the cutoff minus held ones, nothing else touched.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use cockpit_api::{Cockpit, ErrorCode};
use cockpit_connect::secrets::MemorySecrets;
use cockpit_domain::retention::cutoff as retention_cutoff;
use cockpit_domain::retention::*;
use cockpit_domain::{Establishment, FixedClock, Organisation};
use cockpit_tests::TempDb;
use sqlx::Row;
use std::collections::BTreeSet;
use std::sync::Arc;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 15, 10, 0, 0).unwrap()
}

/// A deterministic pseudo-random sequence (no test depends on luck).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

async fn cockpit(dir: &std::path::Path, clock: Arc<FixedClock>) -> Cockpit {
    let c = Cockpit::open_with(&dir.join("cockpit.db"), clock, "dpo".into())
        .await
        .unwrap()
        .with_secrets(Arc::new(MemorySecrets::default()));
    let mut org = Organisation { name: "Example GmbH".into(), art30_threshold: 250, ..Default::default() };
    org.establishments = vec![Establishment {
        name: "Berlin".into(),
        country: "DE".into(),
        region: "DE-BE".into(),
        timezone: "Europe/Berlin".into(),
        address: String::new(),
        main: true,
        local_holidays: vec![],
    }];
    c.set_organisation(org).await.unwrap();
    c
}

fn table_rule(name: &str, ds: &str, table: &str, time: &str, keep: &str) -> RetentionRule {
    RetentionRule {
        name: name.into(),
        datastore: ds.into(),
        activity: None,
        data_category: None,
        target: RetentionTarget::Table {
            table: table.into(),
            time_column: time.into(),
            time_format: TimeFormat::Auto,
            key_column: "id".into(),
            filters: vec![],
        },
        keep: keep.parse().unwrap(),
        action: RetentionAction::Delete,
        batch_size: 37,
        schedule: None,
        timezone: String::new(),
        enabled: true,
        description: String::new(),
    }
}

/// Parses an ISO 8601 value the way a careful human would (offsets applied; date only = midnight UTC).
fn parse_iso(v: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(v) {
        return Some(t.with_timezone(&Utc));
    }
    for f in ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(v.trim_end_matches('Z'), f) {
            return Some(t.and_utc());
        }
    }
    for f in ["%Y-%m-%d %H:%M:%S%:z", "%Y-%m-%dT%H:%M:%S%z"] {
        if let Ok(t) = DateTime::parse_from_str(v, f) {
            return Some(t.with_timezone(&Utc));
        }
    }
    NaiveDate::parse_from_str(v, "%Y-%m-%d").ok().map(|d| d.and_hms_opt(0, 0, 0).unwrap().and_utc())
}

/// SQLite table `events(id, email, kind, created_at)` with ISO text in mixed layouts, some values
/// right around `around`, some garbage and NULLs. Returns every row.
async fn sqlite_events(
    path: &std::path::Path,
    n: i64,
    around: DateTime<Utc>,
) -> Vec<(i64, Option<String>, String)> {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=rwc", path.display())).await.unwrap();
    sqlx::query(
        "CREATE TABLE events (id INTEGER PRIMARY KEY, email TEXT, kind TEXT NOT NULL, created_at TEXT)",
    )
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query("CREATE INDEX events_created ON events(created_at)").execute(&pool).await.unwrap();
    let mut rng = Lcg(42);
    let mut rows = Vec::new();
    let mut tx = pool.begin().await.unwrap();
    for id in 1..=n {
        let secs = (rng.next() % (3 * 365 * 86400)) as i64;
        let mut t = around - Duration::days(2 * 365) + Duration::seconds(secs);
        if id % 10 == 0 {
            // Within hours of the cutoff, where layouts and offsets decide.
            t = around + Duration::minutes((rng.next() % 1440) as i64 - 720);
        }
        let value = match id % 7 {
            0 => Some(t.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
            1 => Some(t.format("%Y-%m-%d %H:%M:%S").to_string()),
            2 => Some(
                t.with_timezone(&chrono_tz::America::New_York).format("%Y-%m-%d %H:%M:%S%:z").to_string(),
            ),
            3 => {
                Some(t.with_timezone(&chrono_tz::Asia::Tokyo).format("%Y-%m-%dT%H:%M:%S%.3f%:z").to_string())
            }
            4 => Some(t.format("%Y-%m-%d").to_string()),
            5 if id % 3 == 0 => Some("unknown".to_string()),
            5 if id % 3 == 1 => None,
            _ => Some(t.format("%Y-%m-%dT%H:%M:%S%.6f").to_string()),
        };
        let kind = if id % 4 == 0 { "newsletter" } else { "web" };
        sqlx::query("INSERT INTO events VALUES (?, ?, ?, ?)")
            .bind(id)
            .bind(format!("user{}@example.org", id % 50))
            .bind(kind)
            .bind(&value)
            .execute(&mut *tx)
            .await
            .unwrap();
        rows.push((id, value, kind.to_string()));
    }
    tx.commit().await.unwrap();
    pool.close().await;
    rows
}

async fn sqlite_ids(path: &std::path::Path, table: &str) -> BTreeSet<i64> {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display())).await.unwrap();
    let ids: Vec<i64> =
        sqlx::query_scalar(&format!("SELECT id FROM {table}")).fetch_all(&pool).await.unwrap();
    pool.close().await;
    ids.into_iter().collect()
}

#[tokio::test]
async fn sqlite_delete_removes_exactly_the_expired_unheld_rows() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(now()));
    let c = cockpit(dir.path(), clock.clone()).await;
    let target = dir.path().join("app.db");
    let cutoff = retention_cutoff(&"365d".parse().unwrap(), now(), &chrono_tz::Europe::Berlin);
    let rows = sqlite_events(&target, 3000, cutoff).await;
    c.add_datastore("app", "sqlite", &format!("sqlite://{}", target.display()), None).await.unwrap();
    let mut rule = table_rule("events-web", "app", "events", "created_at", "365d");
    if let RetentionTarget::Table { filters, .. } = &mut rule.target {
        filters.push(Filter { column: "kind".into(), op: FilterOp::Eq, value: Some("web".into()) });
    }
    let info = c.add_retention_rule(rule).await.unwrap();
    let RetentionTarget::Table { time_format, .. } = &info.rule.target else { panic!() };
    assert_eq!(*time_format, TimeFormat::IsoText, "ISO text is detected");
    assert_eq!(info.rule.timezone, "Europe/Berlin", "the organisation's zone is the default");

    let held: Vec<String> = rows
        .iter()
        .filter(|(id, v, k)| {
            k == "web" && v.as_deref().and_then(parse_iso).is_some_and(|t| t < cutoff) && id % 11 == 0
        })
        .map(|(id, _, _)| id.to_string())
        .collect();
    assert!(held.len() > 10);
    c.add_hold(
        HoldScope::Keys { rule: "events-web".into(), keys: held.clone() },
        "litigation 2026-17",
        None,
        None,
    )
    .await
    .unwrap();

    let expected: BTreeSet<i64> = rows
        .iter()
        .filter(|(id, v, k)| {
            k == "web"
                && v.as_deref().and_then(parse_iso).is_some_and(|t| t < cutoff)
                && !held.contains(&id.to_string())
        })
        .map(|r| r.0)
        .collect();
    let plan = c.retention_plan("events-web").await.unwrap();
    assert_eq!(plan.plan.cutoff, cutoff);
    assert_eq!(plan.plan.affected, expected.len() as u64, "plan counts exactly the expired unheld rows");
    assert_eq!(plan.plan.held, held.len() as u64);
    assert!(plan.plan.sample_keys.iter().all(|k| expected.contains(&k.parse().unwrap())));
    assert!(plan.plan.statements.iter().any(|s| s.starts_with("DELETE FROM \"events\"")));
    // The table has an index on the time column: deletions walk it in chunks.
    assert!(
        plan.plan.statements.iter().any(|s| s.contains("ORDER BY \"created_at\" LIMIT :chunk")
            && s.contains(&format!(":held_keys /* the {} held keys */", held.len()))
            && s.starts_with("SELECT (SELECT data_version FROM pragma_data_version), ")),
        "{:?}",
        plan.plan.statements
    );
    // Both forms of a batch: the keys alone (nothing committed elsewhere since the chunk was read)
    // and with the selection re-checked.
    let deletes: Vec<&String> =
        plan.plan.statements.iter().filter(|s| s.starts_with("DELETE FROM \"events\"")).collect();
    assert_eq!(deletes.len(), 2, "{deletes:?}");
    assert_eq!(
        deletes[0],
        "DELETE FROM \"events\" WHERE \"id\" IN (SELECT value FROM json_each(:batch_keys /* one JSON array */))"
    );
    assert!(deletes[1].contains("\"created_at\" < "), "{}", deletes[1]);

    // Not approved: refused, nothing changed.
    let e = c.run_retention("events-web").await.unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict);
    assert!(e.message.contains("not approved"), "{}", e.message);
    assert_eq!(sqlite_ids(&target, "events").await.len(), 3000);

    c.approve_retention("events-web").await.unwrap();
    let run = c.run_retention("events-web").await.unwrap();
    assert_eq!(run.status, "completed");
    assert_eq!(run.affected, expected.len() as u64);
    assert_eq!(run.planned, expected.len() as u64);
    assert_eq!(run.held, held.len() as u64);
    let all: BTreeSet<i64> = rows.iter().map(|r| r.0).collect();
    let left = sqlite_ids(&target, "events").await;
    assert_eq!(
        left,
        all.difference(&expected).cloned().collect::<BTreeSet<_>>(),
        "exactly the expected rows are gone"
    );

    let cert = c.retention_certificate(run.id).await.unwrap();
    assert!(cert.evidence_consistent && cert.audit_chain_ok);
    assert_eq!(cert.batches.iter().map(|b| b.count as u64).sum::<u64>(), run.affected);
    assert!(cert.batches.iter().all(|b| b.count <= 37));

    // A second run finds nothing (held rows stay held).
    let again = c.run_retention("events-web").await.unwrap();
    assert_eq!((again.affected, again.held), (0, held.len() as u64));

    // A rule change needs a new approval.
    let mut changed = c.retention_rule("events-web").await.unwrap();
    changed.rule.keep = "18m".parse().unwrap();
    c.update_retention_rule(changed.rule, changed.version).await.unwrap();
    let e = c.run_retention("events-web").await.unwrap_err();
    assert!(e.message.contains("since the rule changed"), "{}", e.message);

    // Releasing the hold lets the next (approved) run take the held rows.
    c.approve_retention("events-web").await.unwrap();
    let hold = c.list_holds(false).await.unwrap()[0].clone();
    c.release_hold(hold.id, "case closed").await.unwrap();
    let after_release = c.run_retention("events-web").await.unwrap();
    let c18 = retention_cutoff(&"18m".parse().unwrap(), now(), &chrono_tz::Europe::Berlin);
    let expected18 = rows
        .iter()
        .filter(|(_, v, k)| k == "web" && v.as_deref().and_then(parse_iso).is_some_and(|t| t < c18))
        .filter(|(id, _, _)| held.contains(&id.to_string()))
        .count();
    assert_eq!(after_release.affected, expected18 as u64);
    let v = c.verify_audit().await.unwrap();
    assert!(v.ok, "{v:?}");
}

#[tokio::test]
async fn anonymise_changes_only_the_listed_columns_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let c = cockpit(dir.path(), Arc::new(FixedClock::new(now()))).await;
    let target = dir.path().join("crm.db");
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=rwc", target.display())).await.unwrap();
    sqlx::query(
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, email TEXT, city TEXT NOT NULL, note TEXT, seen INTEGER)",
    )
    .execute(&pool)
    .await
    .unwrap();
    let cut = now() - Duration::days(30);
    for id in 1..=200i64 {
        let seen = cut.timestamp() + (id - 100) * 3600;
        sqlx::query("INSERT INTO users VALUES (?, ?, ?, ?, ?, ?)")
            .bind(id)
            .bind(format!("Name {id}"))
            .bind(format!("u{}@example.org", id % 10))
            .bind("Berlin")
            .bind(format!("note {id}"))
            .bind(seen)
            .execute(&pool)
            .await
            .unwrap();
    }
    let dump = |pool: sqlx::SqlitePool| async move {
        sqlx::query("SELECT id, name, email, city, note, seen FROM users ORDER BY id")
            .fetch_all(&pool)
            .await
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r.get::<i64, _>(0),
                    r.get::<Option<String>, _>(1),
                    r.get::<Option<String>, _>(2),
                    r.get::<String, _>(3),
                    r.get::<Option<String>, _>(4),
                    r.get::<i64, _>(5),
                )
            })
            .collect::<Vec<_>>()
    };
    let before = dump(pool.clone()).await;
    c.add_datastore("crm", "sqlite", target.to_str().unwrap(), None).await.unwrap();
    let mut rule = table_rule("users-anon", "crm", "users", "seen", "30d");
    rule.timezone = "UTC".into();
    rule.action = RetentionAction::Anonymize {
        columns: vec![
            "name".parse().unwrap(),
            "email=hash".parse().unwrap(),
            "city=fixed:unknown".parse().unwrap(),
        ],
    };
    let info = c.add_retention_rule(rule).await.unwrap();
    let RetentionTarget::Table { time_format, .. } = &info.rule.target else { panic!() };
    assert_eq!(*time_format, TimeFormat::EpochSeconds);
    c.approve_retention("users-anon").await.unwrap();
    let run = c.run_retention("users-anon").await.unwrap();
    assert_eq!(run.affected, 99, "ids 1..=99 are older than the cutoff (id 100 is exactly at it)");
    let after = dump(pool.clone()).await;
    for (b, a) in before.iter().zip(&after) {
        if b.5 < cut.timestamp() {
            assert_eq!(a.1, None);
            assert!(a.2.as_deref().unwrap().starts_with("anon:"));
            assert_eq!(a.3, "unknown");
            assert_eq!((a.0, &a.4, a.5), (b.0, &b.4, b.5), "unlisted columns unchanged");
        } else {
            assert_eq!(a, b, "rows inside the period are untouched");
        }
    }
    // Equal inputs give equal pseudonyms (counts and joins keep working), different ones differ.
    assert_eq!(after[0].2, after[10].2);
    assert_ne!(after[0].2, after[1].2);
    let again = c.run_retention("users-anon").await.unwrap();
    assert_eq!(again.affected, 0, "anonymised rows are not touched again");
    assert_eq!(dump(pool.clone()).await, after);
    pool.close().await;
}

/// Without an index on the time column the run walks the key (the other strategy); epoch seconds, a
/// held key, and rows exactly at the cutoff (kept: only older rows go).
#[tokio::test]
async fn sqlite_delete_in_key_order_without_a_time_index() {
    let dir = tempfile::tempdir().unwrap();
    let c = cockpit(dir.path(), Arc::new(FixedClock::new(now()))).await;
    let target = dir.path().join("log.db");
    let cutoff = retention_cutoff(&"18m".parse().unwrap(), now(), &chrono_tz::UTC);
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=rwc", target.display())).await.unwrap();
    sqlx::query("CREATE TABLE log (id INTEGER PRIMARY KEY, ip TEXT, at INTEGER NOT NULL)")
        .execute(&pool)
        .await
        .unwrap();
    let mut rng = Lcg(7);
    let mut rows = Vec::new();
    for id in 1..=2_500i64 {
        let at = if id % 100 == 0 {
            cutoff.timestamp()
        } else {
            cutoff.timestamp() - 400 * 86_400 + (rng.next() % (800 * 86_400)) as i64
        };
        sqlx::query("INSERT INTO log VALUES (?, '192.0.2.1', ?)")
            .bind(id)
            .bind(at)
            .execute(&pool)
            .await
            .unwrap();
        rows.push((id, at));
    }
    pool.close().await;
    c.add_datastore("log", "sqlite", target.to_str().unwrap(), None).await.unwrap();
    let mut rule = table_rule("log", "log", "log", "at", "18m");
    rule.timezone = "UTC".into();
    rule.batch_size = 20_000;
    let info = c.add_retention_rule(rule).await.unwrap();
    let RetentionTarget::Table { time_format, .. } = &info.rule.target else { panic!() };
    assert_eq!(*time_format, TimeFormat::EpochSeconds);
    c.add_hold(HoldScope::Keys { rule: "log".into(), keys: vec!["1".into()] }, "audit sample", None, None)
        .await
        .unwrap();
    let plan = c.retention_plan("log").await.unwrap().plan;
    assert!(plan.statements.iter().any(|s| s.contains("> :last_key")), "{:?}", plan.statements);
    assert!(!plan.statements.iter().any(|s| s.contains("chunks of the time index")));
    c.approve_retention("log").await.unwrap();
    let run = c.run_retention("log").await.unwrap();
    let expected: BTreeSet<i64> =
        rows.iter().filter(|(id, at)| *at < cutoff.timestamp() && *id != 1).map(|r| r.0).collect();
    assert_eq!(run.affected, expected.len() as u64);
    let all: BTreeSet<i64> = rows.iter().map(|r| r.0).collect();
    assert_eq!(sqlite_ids(&target, "log").await, all.difference(&expected).cloned().collect());
    let cert = c.retention_certificate(run.id).await.unwrap();
    assert!(cert.evidence_consistent);
}

#[tokio::test]
async fn names_and_values_cannot_inject_sql() {
    let dir = tempfile::tempdir().unwrap();
    let c = cockpit(dir.path(), Arc::new(FixedClock::new(now()))).await;
    let target = dir.path().join("app.db");
    sqlite_events(&target, 50, now()).await;
    c.add_datastore("app", "sqlite", target.to_str().unwrap(), None).await.unwrap();
    let attempts: Vec<(&str, &str, &str)> = vec![
        ("events; DROP TABLE events", "created_at", "id"),
        ("events\"", "created_at", "id"),
        ("events", "created_at) OR 1=1 --", "id"),
        ("events", "created_at", "id; DELETE FROM events"),
        ("missing_table", "created_at", "id"),
        ("events", "no_such_column", "id"),
        ("events", "created_at", "email"), // not unique
    ];
    for (t, col, key) in attempts {
        let mut r = table_rule("bad", "app", t, col, "30d");
        if let RetentionTarget::Table { key_column, .. } = &mut r.target {
            *key_column = key.into();
        }
        let e = c.add_retention_rule(r).await.unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation, "{t} {col} {key}: {}", e.message);
    }
    let e = c
        .add_retention_rule(table_rule("bad", "app", "missing_table", "created_at", "30d"))
        .await
        .unwrap_err();
    assert!(e.message.contains("tables: events"), "the error lists what exists: {}", e.message);
    // A filter value is bound, never spliced: a quote in it matches nothing and harms nothing.
    let mut r = table_rule("quoted", "app", "events", "created_at", "1d");
    if let RetentionTarget::Table { filters, .. } = &mut r.target {
        filters.push(Filter {
            column: "kind".into(),
            op: FilterOp::Eq,
            value: Some("web' OR '1'='1".into()),
        });
    }
    c.add_retention_rule(r).await.unwrap();
    let plan = c.retention_plan("quoted").await.unwrap();
    assert_eq!(plan.plan.affected, 0);
    c.approve_retention("quoted").await.unwrap();
    assert_eq!(c.run_retention("quoted").await.unwrap().affected, 0);
    assert_eq!(sqlite_ids(&target, "events").await.len(), 50, "the table is intact");
    // A typed filter refuses values of the wrong type.
    let mut r = table_rule("typed", "app", "events", "created_at", "1d");
    if let RetentionTarget::Table { filters, .. } = &mut r.target {
        filters.push(Filter { column: "id".into(), op: FilterOp::Gt, value: Some("1 OR 1=1".into()) });
    }
    assert!(c.add_retention_rule(r).await.unwrap_err().message.contains("not an integer"));
}

#[cfg(unix)]
#[tokio::test]
async fn folders_delete_expired_files_and_never_leave_the_root() {
    let dir = tempfile::tempdir().unwrap();
    let c = cockpit(dir.path(), Arc::new(FixedClock::new(now()))).await;
    let root = dir.path().join("exports");
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(root.join("2024")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    let old = std::time::SystemTime::from(now() - Duration::days(400));
    let fresh = std::time::SystemTime::from(now() - Duration::days(10));
    let touch = |p: &std::path::Path, t: std::time::SystemTime| {
        std::fs::write(p, "personal data").unwrap();
        std::fs::File::options().write(true).open(p).unwrap().set_modified(t).unwrap();
    };
    touch(&root.join("2024/a.csv"), old);
    touch(&root.join("2024/b.csv"), old);
    touch(&root.join("2024/keep.csv"), old);
    touch(&root.join("2024/c.txt"), old);
    touch(&root.join("new.csv"), fresh);
    touch(&outside.join("victim.csv"), old);
    std::os::unix::fs::symlink(&outside, root.join("link")).unwrap();
    std::os::unix::fs::symlink(outside.join("victim.csv"), root.join("2024/victim-link.csv")).unwrap();
    c.add_datastore("exports", "folder", root.to_str().unwrap(), None).await.unwrap();
    let mut rule = table_rule("csv", "exports", "", "", "365d");
    rule.target = RetentionTarget::Folder { glob: "**/*.csv".into() };
    rule.action = RetentionAction::DeleteFiles;
    c.add_retention_rule(rule.clone()).await.unwrap();
    c.add_hold(
        HoldScope::Keys { rule: "csv".into(), keys: vec!["2024/keep.csv".into()] },
        "audit",
        None,
        None,
    )
    .await
    .unwrap();
    let plan = c.retention_plan("csv").await.unwrap();
    assert_eq!((plan.plan.affected, plan.plan.held), (2, 1));
    assert_eq!(plan.plan.sample_keys, vec!["2024/a.csv", "2024/b.csv"]);
    c.approve_retention("csv").await.unwrap();
    let run = c.run_retention("csv").await.unwrap();
    assert_eq!(run.affected, 2);
    assert!(!root.join("2024/a.csv").exists() && !root.join("2024/b.csv").exists());
    for kept in ["2024/keep.csv", "2024/c.txt", "new.csv"] {
        assert!(root.join(kept).exists(), "{kept} kept");
    }
    assert!(outside.join("victim.csv").exists(), "links are never followed");
    assert!(
        std::fs::symlink_metadata(root.join("2024/victim-link.csv")).is_ok(),
        "the link itself is not a file of ours"
    );
    // Globs that climb out are refused.
    for glob in ["../outside/*.csv", "/etc/*", "a/../../x"] {
        let mut r = rule.clone();
        r.name = "escape".into();
        r.target = RetentionTarget::Folder { glob: glob.into() };
        assert_eq!(c.add_retention_rule(r).await.unwrap_err().code, ErrorCode::Validation, "{glob}");
    }
}

#[tokio::test]
async fn holds_on_activities_stop_rules_and_expire_by_themselves() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(now()));
    let c = Cockpit::open_with(&dir.path().join("cockpit.db"), clock.clone(), "dpo".into()).await.unwrap();
    c.init(Some(cockpit_api::DemoLanguage::En)).await.unwrap();
    let activity = c.list_activities(Default::default(), None).await.unwrap().items[0].id.clone();
    let target = dir.path().join("app.db");
    sqlite_events(&target, 100, now() - Duration::days(100)).await;
    c.add_datastore("app", "sqlite", target.to_str().unwrap(), None).await.unwrap();
    let mut rule = table_rule("r", "app", "events", "created_at", "30d");
    rule.activity = Some(activity.clone());
    c.add_retention_rule(rule).await.unwrap();
    let until = NaiveDate::from_ymd_opt(2026, 6, 20).unwrap();
    c.add_hold(
        HoldScope::Activity { activity: activity.clone() },
        "regulator inquiry",
        Some("legal".into()),
        Some(until),
    )
    .await
    .unwrap();
    c.approve_retention("r").await.unwrap();
    let run = c.run_retention("r").await.unwrap();
    assert_eq!((run.status.as_str(), run.affected), ("held", 0));
    assert_eq!(sqlite_ids(&target, "events").await.len(), 100);
    // After the hold's last day it stops applying, and its expiry is audited once.
    clock.set(now() + Duration::days(6));
    let run = c.run_retention("r").await.unwrap();
    assert_eq!(run.status, "completed");
    assert!(run.affected > 0);
    let holds = c.list_holds(true).await.unwrap();
    assert!(holds[0].until.is_some() && !holds[0].active_on(NaiveDate::from_ymd_opt(2026, 6, 21).unwrap()));
    let trail = c
        .audit_log(cockpit_api::AuditQuery {
            object_type: Some("legal_hold".into()),
            limit: Some(100),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(trail.iter().filter(|e| e.action == "expire").count(), 1);
}

#[tokio::test]
async fn scheduler_catches_up_once_and_never_runs_a_rule_twice() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(Utc.with_ymd_and_hms(2026, 1, 1, 12, 0, 0).unwrap()));
    let c = cockpit(dir.path(), clock.clone()).await;
    let target = dir.path().join("app.db");
    sqlite_events(&target, 400, Utc.with_ymd_and_hms(2025, 6, 1, 0, 0, 0).unwrap()).await;
    c.add_datastore("app", "sqlite", target.to_str().unwrap(), None).await.unwrap();
    let mut rule = table_rule("nightly", "app", "events", "created_at", "365d");
    rule.schedule = Some("0 2 * * *".into());
    rule.timezone = "Europe/Berlin".into();
    c.add_retention_rule(rule).await.unwrap();
    // Due but unapproved: skipped, saying why.
    clock.set(Utc.with_ymd_and_hms(2026, 1, 2, 3, 0, 0).unwrap());
    let out = c.run_due_rules().await.unwrap();
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].outcome, "skipped");
    c.approve_retention("nightly").await.unwrap();
    // The machine was off for days: one catch-up run for the newest missed slot (02:00 Berlin).
    clock.set(Utc.with_ymd_and_hms(2026, 1, 6, 9, 0, 0).unwrap());
    let out = c.run_due_rules().await.unwrap();
    assert_eq!(out.len(), 1, "{out:?}");
    assert_eq!(out[0].outcome, "ran");
    assert_eq!(out[0].slot, Some(Utc.with_ymd_and_hms(2026, 1, 6, 1, 0, 0).unwrap()));
    // The same slot is never run twice, by this process or another one on the same database.
    let other =
        Cockpit::open_with(&dir.path().join("cockpit.db"), clock.clone(), "other".into()).await.unwrap();
    assert!(c.run_due_rules().await.unwrap().is_empty());
    assert!(other.run_due_rules().await.unwrap().is_empty());
    // Next night: due again, once, even when two schedulers race for it.
    clock.set(Utc.with_ymd_and_hms(2026, 1, 7, 1, 30, 0).unwrap());
    let (a, b) = tokio::join!(c.run_due_rules(), other.run_due_rules());
    let both = [a.unwrap(), b.unwrap()];
    let ran: usize = both.iter().flatten().filter(|o| o.outcome == "ran").count();
    assert_eq!(ran, 1, "{both:?}");
    assert_eq!(c.retention_runs(Some("nightly"), 10).await.unwrap().len(), 2);
}

/// The loop's timing in tokio's paused time: a week of 10-minute ticks takes no real time. Each pass
/// does what `run_due_rules` does with the schedule (the newest due slot after the last one run);
/// the database side of "never twice" is the test above.
#[tokio::test(flavor = "current_thread", start_paused = true)]
async fn the_scheduler_loop_catches_up_once_after_a_pause_and_stops_cleanly() {
    let base = Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap();
    let start = tokio::time::Instant::now();
    let now = move || base + Duration::from_std(tokio::time::Instant::now() - start).unwrap();
    let runs = std::rc::Rc::new(std::cell::RefCell::new(Vec::<DateTime<Utc>>::new()));
    let last = std::rc::Rc::new(std::cell::Cell::new(None::<DateTime<Utc>>));
    // While `off`, the machine is switched off: passes do nothing.
    let off = std::rc::Rc::new(std::cell::Cell::new(false));
    let passes = std::rc::Rc::new(std::cell::Cell::new(0u32));
    let (tx, rx) = tokio::sync::watch::channel(false);
    let pass = {
        let (runs, last, off, passes) = (runs.clone(), last.clone(), off.clone(), passes.clone());
        move || {
            let (runs, last, off, passes) = (runs.clone(), last.clone(), off.clone(), passes.clone());
            async move {
                if off.get() {
                    return;
                }
                passes.set(passes.get() + 1);
                if let Some(slot) = due_slot("30 3 * * *", chrono_tz::UTC, last.get(), base, now()).unwrap() {
                    runs.borrow_mut().push(slot);
                    last.set(Some(slot));
                }
            }
        }
    };
    let hours = |h: u64| std::time::Duration::from_secs(h * 3600);
    let local = tokio::task::LocalSet::new();
    local
        .run_until(async {
            let looping = tokio::task::spawn_local(cockpit_api::retention::run_every(
                std::time::Duration::from_secs(600),
                rx,
                pass,
            ));
            // Two nights with the machine on (to 3 Mar 13:00): a pass every 10 minutes.
            tokio::time::sleep(hours(49)).await;
            assert!(passes.get() >= 49 * 6, "a pass every 10 minutes: {}", passes.get());
            // Off for three nights (to 6 Mar 13:00), then on again for a day.
            off.set(true);
            tokio::time::sleep(hours(72)).await;
            off.set(false);
            tokio::time::sleep(hours(24)).await;
            tx.send(true).unwrap();
            looping.await.unwrap();
        })
        .await;
    let slot = |d| Utc.with_ymd_and_hms(2026, 3, d, 3, 30, 0).unwrap();
    assert_eq!(
        *runs.borrow(),
        vec![slot(2), slot(3), slot(6), slot(7)],
        "each night once; the three missed nights collapse into one catch-up run; never twice"
    );
}

// -------------------------------------------------------------------------------------------------
// The real binary: crash and resume.

fn count_sqlite(path: &std::path::Path, sql: &str) -> i64 {
    count_sqlite_text(path, sql).parse().unwrap_or(-1)
}

fn setup_cli(db: &TempDb, rows: i64) -> std::path::PathBuf {
    let target = db.file("app.db");
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(sqlite_events(&target, rows, Utc::now() - Duration::days(365)));
    db.ok(&["init"]);
    db.ok(&[
        "datastore",
        "add",
        "app",
        "--kind",
        "sqlite",
        "--url",
        &format!("sqlite://{}", target.display()),
    ]);
    db.ok(&[
        "retention",
        "rule",
        "add",
        "r",
        "--datastore",
        "app",
        "--table",
        "events",
        "--time-column",
        "created_at",
        "--key-column",
        "id",
        "--keep",
        "365d",
        "--batch-size",
        "50",
        "--timezone",
        "UTC",
    ]);
    db.ok(&["retention", "approve", "r"]);
    target
}

#[test]
fn a_crash_between_target_commit_and_journal_is_recovered_exactly() {
    let db = TempDb::new();
    let target = setup_cli(&db, 4000);
    let plan = db.json(&["retention", "plan", "r"]);
    let planned = plan["affected"].as_i64().unwrap();
    let before = count_sqlite(&target, "SELECT count(*) FROM events");
    // Batch 3 commits on the target, then the process dies before the journal hears of it.
    die_at_confirmation(&db, 3);
    assert_eq!(
        count_sqlite(&target, "SELECT count(*) FROM events"),
        before - 150,
        "three batches of 50 are gone"
    );
    assert_eq!(count_sqlite(&db.path, "SELECT batches FROM retention_runs"), 2, "the journal knows of two");
    let r = db.json(&["retention", "run", "r"]);
    assert_eq!(r["status"], "completed");
    assert_eq!(r["resumed"], 1);
    assert_eq!(r["affected"].as_i64().unwrap(), planned);
    assert_eq!(count_sqlite(&target, "SELECT count(*) FROM events"), before - planned);
    let cert = db.json(&["retention", "certificate", &r["run_id"].to_string()]);
    assert_eq!(cert["evidence_consistent"], true);
    let recovered: Vec<&serde_json::Value> =
        cert["batches"].as_array().unwrap().iter().filter(|b| b["recovered"] == true).collect();
    assert_eq!(recovered.len(), 1);
    assert_eq!(recovered[0]["n"], 3);
    assert_eq!(recovered[0]["count"], 50);
    db.ok(&["audit", "verify"]);
    // The certificate as a signed PDF: verifiable, and it states the evidence as text.
    let pdf = db.file("certificate.pdf");
    db.ok(&["retention", "certificate", &r["run_id"].to_string(), "--pdf", pdf.to_str().unwrap()]);
    db.ok(&["report", "verify", pdf.to_str().unwrap()]);
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8_lossy(&text.stdout).replace('\n', " ");
    assert!(text.contains("Deletion certificate"), "{text}");
    let compact: String = text.split_whitespace().collect();
    assert!(compact.contains(cert["recomputed_digest"].as_str().unwrap()), "the digest is printed in full");
    let mut bytes = std::fs::read(&pdf).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 1;
    std::fs::write(&pdf, bytes).unwrap();
    assert!(!db.run(&["report", "verify", pdf.to_str().unwrap()]).status.success(), "one flipped byte fails");
    // In Spanish: the labels translated, the evidence the same.
    let es = db.file("certificado.pdf");
    db.ok(&[
        "retention",
        "certificate",
        &r["run_id"].to_string(),
        "--pdf",
        es.to_str().unwrap(),
        "--lang",
        "es",
    ]);
    db.ok(&["report", "verify", es.to_str().unwrap()]);
    let text = std::process::Command::new("pdftotext").arg(&es).arg("-").output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout).replace('\n', " ");
    for words in ["Certificado de supresión", "Fecha de corte", "Pruebas coherentes", "completada"] {
        assert!(text.contains(words), "'{words}' is not in the Spanish certificate: {text}");
    }
    assert!(!text.contains("Deletion certificate"));
    let compact: String = text.split_whitespace().collect();
    assert!(compact.contains(cert["recomputed_digest"].as_str().unwrap()));
    // An unknown language is refused with the valid ones listed (exit 2), and nothing is written.
    let bad = db.file("bad.pdf");
    let out = db.run(&[
        "retention",
        "certificate",
        &r["run_id"].to_string(),
        "--pdf",
        bad.to_str().unwrap(),
        "--lang",
        "it",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("en, es, de, fr"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!bad.exists());
}

/// Starts `cockpit retention run r` once per entry of `waits` and kills it (SIGKILL) as soon as
/// `progress` (a query on the cockpit database) reaches that entry (or after a minute). Returns how
/// many runs were killed (a run that finished first was not).
#[cfg(unix)]
fn kill_runs(db: &TempDb, waits: &[i64], progress: &str) -> usize {
    let mut kills = 0;
    for &wait_for in waits {
        let mut child = std::process::Command::new(cockpit_tests::cockpit_bin())
            .args(["--db", db.path.to_str().unwrap(), "retention", "run", "r"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            if count_sqlite(&db.path, progress) >= wait_for || std::time::Instant::now() > deadline {
                child.kill().unwrap(); // SIGKILL
                kills += 1;
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        let _ = child.wait();
    }
    kills
}

/// Runs rule `r` with the process dying (abort, like `kill -9`) when the journal is about to hear of
/// batch `n`, committed on the target: `COCKPIT_FAILPOINT=after-target-commit:N`.
fn die_at_confirmation(db: &TempDb, n: u32) {
    let failpoint = format!("after-target-commit:{n}");
    let out = db.run_env(&["retention", "run", "r"], &[("COCKPIT_FAILPOINT", &failpoint)]);
    assert!(!out.status.success(), "the failpoint ends the run at batch {n}");
}

/// Puts a SQLite file in WAL mode (persistent: the file says so to every later connection).
fn wal(path: &std::path::Path) {
    assert_eq!(count_sqlite_text(path, "PRAGMA journal_mode = WAL"), "wal");
}

fn count_sqlite_text(path: &std::path::Path, sql: &str) -> String {
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])",
        ])
        .arg(path)
        .arg(sql)
        .output()
        .expect("python3");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A run interrupted by an earlier version kept its one intent in `retention_runs.pending`: the
/// resumed run still confirms it from the target.
#[test]
fn an_intent_kept_by_an_earlier_version_is_still_recovered() {
    let db = TempDb::new();
    let target = setup_cli(&db, 2000);
    let planned = db.json(&["retention", "plan", "r"])["affected"].as_i64().unwrap();
    let before = count_sqlite(&target, "SELECT count(*) FROM events");
    die_at_confirmation(&db, 2);
    assert_eq!(count_sqlite(&db.path, "SELECT count(*) FROM retention_intents"), 1);
    let moved = std::process::Command::new("python3")
        .args([
            "-c",
            "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); \
             c.execute('UPDATE retention_runs SET pending = (SELECT data FROM retention_intents)'); \
             c.execute('DELETE FROM retention_intents'); c.commit()",
        ])
        .arg(&db.path)
        .status()
        .unwrap();
    assert!(moved.success());
    assert_eq!(count_sqlite(&db.path, "SELECT count(*) FROM retention_runs WHERE pending IS NOT NULL"), 1);
    let r = db.json(&["retention", "run", "r"]);
    assert_eq!(r["status"], "completed");
    assert_eq!(r["affected"].as_i64().unwrap(), planned);
    assert_eq!(before - count_sqlite(&target, "SELECT count(*) FROM events"), planned);
    let cert = db.json(&["retention", "certificate", &r["run_id"].to_string()]);
    assert_eq!(cert["evidence_consistent"], true);
    let recovered: Vec<i64> = cert["batches"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["recovered"] == true)
        .map(|b| b["n"].as_i64().unwrap())
        .collect();
    assert_eq!(recovered, vec![2]);
    assert_eq!(count_sqlite(&db.path, "SELECT count(*) FROM retention_runs WHERE pending IS NOT NULL"), 0);
}

/// In WAL mode batches commit without syncing, and are confirmed only once a sync of the log that
/// started after their commit has ended (the log is synced in the background while the next batches
/// run): a crash at the first confirmation leaves every batch committed so far pending, and the
/// resumed run confirms each from the target (its keys are gone), so the evidence still names
/// exactly the rows deleted.
#[test]
fn wal_batches_are_confirmed_after_the_sync_and_recovered_from_their_intents() {
    let db = TempDb::new();
    let target = setup_cli(&db, 4000);
    wal(&target);
    let planned = db.json(&["retention", "plan", "r"])["affected"].as_i64().unwrap();
    let before = count_sqlite(&target, "SELECT count(*) FROM events");
    // The confirmation of batch 1 is the first the journal would write: the process dies there.
    die_at_confirmation(&db, 1);
    let gone = before - count_sqlite(&target, "SELECT count(*) FROM events");
    assert!(gone > 0, "batch 1 committed on the target");
    assert_eq!(count_sqlite(&db.path, "SELECT batches FROM retention_runs"), 0, "none confirmed yet");
    let pending = count_sqlite(&db.path, "SELECT count(*) FROM retention_intents");
    let named =
        count_sqlite(&db.path, "SELECT sum(json_array_length(data, '$.keys')) FROM retention_intents");
    assert_eq!(named, gone, "every committed batch is pending with its keys, and nothing else is gone");
    assert_eq!(count_sqlite_text(&target, "PRAGMA journal_mode"), "wal", "the target keeps its mode");
    let r = db.json(&["retention", "run", "r"]);
    assert_eq!(r["status"], "completed");
    assert_eq!(r["resumed"], 1);
    assert_eq!(r["affected"].as_i64().unwrap(), planned);
    assert_eq!(before - count_sqlite(&target, "SELECT count(*) FROM events"), planned);
    assert_eq!(count_sqlite(&db.path, "SELECT count(*) FROM retention_intents"), 0);
    let cert = db.json(&["retention", "certificate", &r["run_id"].to_string()]);
    assert_eq!(cert["evidence_consistent"], true);
    let batches = cert["batches"].as_array().unwrap();
    let recovered: Vec<i64> =
        batches.iter().filter(|b| b["recovered"] == true).map(|b| b["n"].as_i64().unwrap()).collect();
    assert_eq!(recovered, (1..=pending).collect::<Vec<_>>(), "every pending batch, recovered first");
    let recovered_rows: i64 =
        batches.iter().filter(|b| b["recovered"] == true).map(|b| b["count"].as_i64().unwrap()).sum();
    assert_eq!(recovered_rows, gone, "the recovered batches count the rows the crashed process deleted");
    let ns: Vec<i64> = batches.iter().map(|b| b["n"].as_i64().unwrap()).collect();
    assert_eq!(ns, (1..=ns.len() as i64).collect::<Vec<_>>(), "numbered as they ran");
    db.ok(&["audit", "verify"]);
    // A second run finds nothing left.
    let again = db.json(&["retention", "run", "r"]);
    assert_eq!(again["affected"], 0);
}

/// `kill -9` of runs on a SQLite file in WAL mode, with batches committed and not yet confirmed,
/// then resume: the same rows are left as after an uninterrupted run, and the evidence counts them.
#[cfg(unix)]
#[test]
fn kill_9_in_wal_mode_then_resume_equals_an_uninterrupted_run() {
    let killed = TempDb::new();
    let target = setup_cli(&killed, 30_000);
    wal(&target);
    let clean = TempDb::new();
    let clean_target = setup_cli(&clean, 30_000);
    wal(&clean_target);
    let planned = killed.json(&["retention", "plan", "r"])["affected"].as_i64().unwrap();
    let initial = count_sqlite(&target, "SELECT count(*) FROM events");
    // First at a known point, so that committed, unconfirmed batches are certainly left: the process
    // dies at the confirmation of batch 5 (the log is synced in the background, so batch 5, and
    // maybe a few before it, committed without being confirmed).
    die_at_confirmation(&killed, 5);
    assert!(count_sqlite(&killed.path, "SELECT count(*) FROM retention_intents") >= 1);
    // Then `kill -9` wherever the resumed runs are when their progress (batches confirmed plus
    // batches pending) passes these marks.
    let progress = "SELECT (SELECT coalesce(sum(batches), 0) FROM retention_runs) \
                    + (SELECT count(*) FROM retention_intents)";
    let kills = kill_runs(&killed, &[40, 200], progress);
    assert!(kills >= 1, "the run was interrupted");
    // Resumes the interrupted run (or, when the last process finished it, finds nothing left).
    let last = killed.json(&["retention", "run", "r"]);
    assert_eq!(last["status"], "completed");
    let c = clean.json(&["retention", "run", "r"]);
    assert_eq!(c["affected"].as_i64().unwrap(), planned);
    let ids = |p: &std::path::Path| {
        count_sqlite_text(p, "SELECT group_concat(id) FROM (SELECT id FROM events ORDER BY id)")
    };
    assert_eq!(ids(&target), ids(&clean_target), "the same rows are left as after an uninterrupted run");
    let gone = initial - count_sqlite(&target, "SELECT count(*) FROM events");
    assert_eq!(gone, planned);
    assert_eq!(
        count_sqlite(&killed.path, "SELECT count(*) FROM retention_runs WHERE affected > 0"),
        1,
        "one run did the work, resumed after each kill"
    );
    let id = count_sqlite(&killed.path, "SELECT id FROM retention_runs WHERE affected > 0");
    let r = killed.json(&["retention", "runs"]);
    let r = r.as_array().unwrap().iter().find(|r| r["run_id"] == id || r["id"] == id).unwrap().clone();
    assert_eq!(r["status"], "completed");
    assert_eq!(r["affected"].as_i64().unwrap(), gone, "the evidence counts the rows actually gone");
    assert!(r["resumed"].as_i64().unwrap() >= 1);
    assert_eq!(count_sqlite(&killed.path, "SELECT count(*) FROM retention_intents"), 0);
    let cert = killed.json(&["retention", "certificate", &id.to_string()]);
    assert_eq!(cert["evidence_consistent"], true);
    assert!(cert["batches"].as_array().unwrap().iter().any(|b| b["recovered"] == true));
    killed.ok(&["audit", "verify"]);
}

#[cfg(unix)]
#[test]
fn kill_9_at_several_points_then_resume_equals_an_uninterrupted_run() {
    // The same data twice: one run is killed again and again and resumed, the other runs through.
    let killed = TempDb::new();
    let target = setup_cli(&killed, 20_000);
    let clean = TempDb::new();
    let clean_target = setup_cli(&clean, 20_000);
    let planned = killed.json(&["retention", "plan", "r"])["affected"].as_i64().unwrap();
    let initial = count_sqlite(&target, "SELECT count(*) FROM events");
    let kills = kill_runs(&killed, &[2, 15, 40, 90], "SELECT COALESCE(MAX(batches), 0) FROM retention_runs");
    assert!(kills >= 2, "the run was interrupted");
    let r = killed.json(&["retention", "run", "r"]);
    assert_eq!(r["status"], "completed");
    let c = clean.json(&["retention", "run", "r"]);
    assert_eq!(c["affected"].as_i64().unwrap(), planned);
    let ids = |p: &std::path::Path| {
        let out = std::process::Command::new("python3")
            .args(["-c", "import sqlite3,sys; print(','.join(str(r[0]) for r in sqlite3.connect(sys.argv[1]).execute('select id from events order by id')))"])
            .arg(p)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(ids(&target), ids(&clean_target), "the same rows are left as after an uninterrupted run");
    let gone = initial - count_sqlite(&target, "SELECT count(*) FROM events");
    assert_eq!(gone, planned);
    assert_eq!(r["affected"].as_i64().unwrap(), gone, "the evidence counts the rows actually gone");
    assert_eq!(count_sqlite(&killed.path, "SELECT count(*) FROM retention_runs"), 1, "one run, resumed");
    let cert = killed.json(&["retention", "certificate", &r["run_id"].to_string()]);
    assert_eq!(cert["evidence_consistent"], true);
    killed.ok(&["audit", "verify"]);
}

// -------------------------------------------------------------------------------------------------
// PostgreSQL and MariaDB servers.

fn server_url(var: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(u) if !u.is_empty() => Some(u),
        _ => {
            eprintln!("SKIPPED: {var} is not set (e.g. postgres://root@127.0.0.1:5432/test or mysql://root@127.0.0.1:3306/test)");
            None
        }
    }
}

fn unique(prefix: &str) -> String {
    format!("{prefix}_{}_{}", std::process::id(), Utc::now().timestamp_subsec_nanos())
}

#[tokio::test]
async fn postgres_delete_and_anonymise() {
    let Some(url) = server_url("COCKPIT_TEST_POSTGRES_URL") else { return };
    let dir = tempfile::tempdir().unwrap();
    let c = cockpit(dir.path(), Arc::new(FixedClock::new(now()))).await;
    let pool = sqlx::PgPool::connect(&url).await.unwrap();
    let t = unique("cockpit_events");
    let u = unique("cockpit_users");
    sqlx::query(&format!(
        "CREATE TABLE {t} (id bigserial PRIMARY KEY, email text, created_at timestamptz NOT NULL, day date, kind text)"
    ))
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query(&format!("CREATE TABLE {u} (id uuid PRIMARY KEY, email text, last_seen timestamp NOT NULL)"))
        .execute(&pool)
        .await
        .unwrap();
    let cut = now() - Duration::days(90);
    let mut rng = Lcg(7);
    let mut expected = 0;
    for i in 0..1500 {
        let ts = cut - Duration::days(200) + Duration::seconds((rng.next() % (300 * 86400)) as i64);
        let kind = if i % 5 == 0 { "audit" } else { "web" };
        if ts < cut && kind == "web" {
            expected += 1;
        }
        sqlx::query(&format!("INSERT INTO {t} (email, created_at, day, kind) VALUES ($1, $2, $3, $4)"))
            .bind(format!("p{i}@example.org"))
            .bind(ts)
            .bind(ts.date_naive())
            .bind(kind)
            .execute(&pool)
            .await
            .unwrap();
        sqlx::query(&format!("INSERT INTO {u} (id, email, last_seen) VALUES (CAST($1 AS uuid), $2, $3)"))
            .bind(format!("00000000-0000-4000-8000-{:012}", i))
            .bind(format!("p{i}@example.org"))
            .bind(ts.naive_utc())
            .execute(&pool)
            .await
            .unwrap();
    }
    c.add_datastore("pg", "postgres", &url, None).await.unwrap();
    let test = c.test_datastore("pg").await.unwrap();
    assert!(test.server_version.starts_with("PostgreSQL"));
    assert!(test.tables.contains(&t));
    let mut rule = table_rule("pg-events", "pg", &t, "created_at", "90d");
    rule.timezone = "UTC".into();
    rule.batch_size = 100;
    if let RetentionTarget::Table { filters, .. } = &mut rule.target {
        filters.push(Filter { column: "kind".into(), op: FilterOp::Ne, value: Some("audit".into()) });
    }
    let info = c.add_retention_rule(rule).await.unwrap();
    assert!(matches!(&info.rule.target, RetentionTarget::Table { time_format: TimeFormat::Native, .. }));
    assert_eq!(c.retention_plan("pg-events").await.unwrap().plan.affected, expected);
    c.approve_retention("pg-events").await.unwrap();
    let run = c.run_retention("pg-events").await.unwrap();
    assert_eq!(run.affected, expected);
    let left_old: i64 =
        sqlx::query_scalar(&format!("SELECT count(*) FROM {t} WHERE created_at < $1 AND kind = 'web'"))
            .bind(cut)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(left_old, 0);
    let total: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {t}")).fetch_one(&pool).await.unwrap();
    assert_eq!(total, 1500 - expected as i64);

    // A uuid key and a timestamp without zone; keyed-hash anonymisation.
    let mut rule = table_rule("pg-users", "pg", &u, "last_seen", "90d");
    rule.timezone = "UTC".into();
    rule.action = RetentionAction::Anonymize { columns: vec!["email=hash".parse().unwrap()] };
    c.add_retention_rule(rule).await.unwrap();
    c.approve_retention("pg-users").await.unwrap();
    let run = c.run_retention("pg-users").await.unwrap();
    let hashed: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {u} WHERE email LIKE 'anon:%'"))
        .fetch_one(&pool)
        .await
        .unwrap();
    let old: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {u} WHERE last_seen < $1"))
        .bind(cut.naive_utc())
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!((run.affected as i64, hashed), (old, old));
    for table in [&t, &u] {
        sqlx::query(&format!("DROP TABLE {table}")).execute(&pool).await.unwrap();
    }
}

#[tokio::test]
async fn mariadb_delete_with_datetime_and_iso_text() {
    let Some(url) = server_url("COCKPIT_TEST_MYSQL_URL") else { return };
    let dir = tempfile::tempdir().unwrap();
    let c = cockpit(dir.path(), Arc::new(FixedClock::new(now()))).await;
    let pool = sqlx::MySqlPool::connect(&url).await.unwrap();
    let t = unique("cockpit_orders");
    sqlx::query(&format!(
        "CREATE TABLE {t} (id INT AUTO_INCREMENT PRIMARY KEY, created DATETIME NOT NULL, created_text VARCHAR(40), email VARCHAR(80), INDEX (created))"
    ))
    .execute(&pool)
    .await
    .unwrap();
    let cut = now() - Duration::days(365);
    let mut rng = Lcg(99);
    let (mut expected, mut expected_text) = (0, 0);
    for i in 0..1200 {
        let mut ts = cut - Duration::days(300) + Duration::seconds((rng.next() % (600 * 86400)) as i64);
        if i % 5 == 0 {
            // Within hours of the cutoff, where the UTC offsets of the text decide.
            ts = cut + Duration::seconds((rng.next() % 86400) as i64 - 43200);
        }
        if ts < cut {
            expected += 1;
        }
        // The same instant as text in six layouts, with and without offsets; a few unreadable values
        // on the cutoff's day, which must never be touched.
        let text = match i % 7 {
            0 => ts.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            1 => ts.with_timezone(&chrono_tz::America::New_York).format("%Y-%m-%d %H:%M:%S%:z").to_string(),
            2 => ts.with_timezone(&chrono_tz::Asia::Tokyo).format("%Y-%m-%dT%H:%M:%S%.3f%:z").to_string(),
            3 => ts.with_timezone(&chrono_tz::Asia::Kolkata).format("%Y-%m-%dT%H:%M:%S%z").to_string(),
            4 => ts.format("%Y-%m-%dT%H:%M:%S%.6f").to_string(),
            5 if i % 3 == 0 => format!("{}Tlate", cut.format("%Y-%m-%d")),
            _ => ts.format("%Y-%m-%d %H:%M:%S").to_string(),
        };
        if parse_iso(&text).is_some_and(|v| v < cut) {
            expected_text += 1;
        }
        sqlx::query(&format!("INSERT INTO {t} (created, created_text, email) VALUES (?, ?, ?)"))
            .bind(ts.naive_utc())
            .bind(&text)
            .bind(format!("m{i}@example.org"))
            .execute(&pool)
            .await
            .unwrap();
    }
    c.add_datastore("maria", "mysql", &url, None).await.unwrap();
    assert!(c.test_datastore("maria").await.unwrap().server_version.starts_with("MariaDB"));
    // ISO text compared as text; anonymise with NULL.
    let mut anon = table_rule("maria-text", "maria", &t, "created_text", "365d");
    anon.timezone = "UTC".into();
    anon.action = RetentionAction::Anonymize { columns: vec!["email".parse().unwrap()] };
    let info = c.add_retention_rule(anon).await.unwrap();
    assert!(matches!(&info.rule.target, RetentionTarget::Table { time_format: TimeFormat::IsoText, .. }));
    c.approve_retention("maria-text").await.unwrap();
    let plan = c.retention_plan("maria-text").await.unwrap();
    assert_eq!(plan.plan.affected, expected_text, "{:?}", plan.plan.statements);
    assert_eq!(c.run_retention("maria-text").await.unwrap().affected, expected_text);
    let untouched: i64 = sqlx::query_scalar(&format!(
        "SELECT count(*) FROM {t} WHERE created_text LIKE '%Tlate' AND email IS NOT NULL"
    ))
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(untouched > 0, "unreadable values are never touched");
    let mut rule = table_rule("maria", "maria", &t, "created", "365d");
    rule.timezone = "UTC".into();
    rule.batch_size = 64;
    c.add_retention_rule(rule).await.unwrap();
    c.approve_retention("maria").await.unwrap();
    let run = c.run_retention("maria").await.unwrap();
    assert_eq!(run.affected, expected);
    let left: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {t} WHERE created < ?"))
        .bind(cut.naive_utc())
        .fetch_one(&pool)
        .await
        .unwrap();
    let nulls: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {t} WHERE email IS NULL"))
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!((left, nulls), (0, 0), "expired rows gone; the anonymised ones were the expired ones");
    sqlx::query(&format!("DROP TABLE {t}")).execute(&pool).await.unwrap();
}

/// PostgreSQL deletions walk the table's pages. Killed after its second batch committed (before the
/// journal heard of it) and resumed, the run still deletes exactly the expired rows that are not held:
/// including rows that became expired meanwhile in pages the run had already walked (its closing
/// sweep finds them), and with a text (uuid) key.
#[tokio::test]
async fn postgres_page_walk_survives_a_crash_and_sweeps_what_it_passed() {
    let Some(url) = server_url("COCKPIT_TEST_POSTGRES_URL") else { return };
    let pool = sqlx::PgPool::connect(&url).await.unwrap();
    let t = unique("cockpit_pages");
    sqlx::query(&format!(
        "CREATE TABLE {t} (id bigint PRIMARY KEY, email text, created_at timestamptz NOT NULL)"
    ))
    .execute(&pool)
    .await
    .unwrap();
    let cut = Utc::now() - Duration::days(365);
    let mut rng = Lcg(11);
    for i in 1..=3000i64 {
        let mut ts = cut - Duration::days(300) + Duration::seconds((rng.next() % (600 * 86400)) as i64);
        if (ts - cut).num_minutes().abs() < 60 {
            // Clear of the cutoff, which the binary computes a moment later.
            ts += Duration::hours(2);
        }
        sqlx::query(&format!("INSERT INTO {t} VALUES ($1, $2, $3)"))
            .bind(i)
            .bind(format!("p{i}@example.org"))
            .bind(ts)
            .execute(&pool)
            .await
            .unwrap();
    }
    sqlx::query(&format!("ANALYZE {t}")).execute(&pool).await.unwrap();
    let expired_ids = |pool: sqlx::PgPool| {
        let t = t.clone();
        async move {
            sqlx::query_scalar::<_, i64>(&format!("SELECT id FROM {t} WHERE created_at < $1 ORDER BY id"))
                .bind(cut)
                .fetch_all(&pool)
                .await
                .unwrap()
        }
    };
    let expired = expired_ids(pool.clone()).await;
    let held: Vec<String> =
        [expired[3], expired[700], expired[expired.len() - 2]].iter().map(|k| k.to_string()).collect();

    let db = TempDb::new();
    db.ok(&["init"]);
    db.ok(&["datastore", "add", "pg", "--kind", "postgres", "--url", &url]);
    db.ok(&[
        "retention",
        "rule",
        "add",
        "r",
        "--datastore",
        "pg",
        "--table",
        &t,
        "--time-column",
        "created_at",
        "--key-column",
        "id",
        "--keep",
        "365d",
        "--batch-size",
        "300",
        "--timezone",
        "UTC",
    ]);
    db.ok(&[
        "retention",
        "hold",
        "add",
        "--rule",
        "r",
        "--key",
        &held[0],
        "--key",
        &held[1],
        "--key",
        &held[2],
        "--reason",
        "litigation",
    ]);
    let plan = db.json(&["retention", "plan", "r"]);
    assert!(
        plan["statements"].as_array().unwrap().iter().any(|s| s.as_str().unwrap().contains("ctid >=")),
        "{plan}"
    );
    assert_eq!(plan["affected"].as_u64().unwrap(), expired.len() as u64 - 3);
    assert_eq!(plan["held"].as_u64().unwrap(), 3);
    db.ok(&["retention", "approve", "r"]);
    die_at_confirmation(&db, 2);
    let gone_after_two: i64 =
        sqlx::query_scalar(&format!("SELECT 3000 - count(*) FROM {t}")).fetch_one(&pool).await.unwrap();
    assert!(gone_after_two > 0, "two batches committed before the crash");
    // Meanwhile a row in the first page (already walked) becomes expired: only the sweep can find it.
    let fresh: i64 = sqlx::query_scalar(&format!(
        "SELECT id FROM {t} WHERE ctid < '(1,0)'::tid AND created_at >= $1 ORDER BY id LIMIT 1"
    ))
    .bind(cut)
    .fetch_one(&pool)
    .await
    .unwrap();
    sqlx::query(&format!("UPDATE {t} SET created_at = $1 WHERE id = $2"))
        .bind(cut - Duration::days(10))
        .bind(fresh)
        .execute(&pool)
        .await
        .unwrap();
    let r = db.json(&["retention", "run", "r"]);
    assert_eq!(r["status"], "completed", "{r}");
    assert_eq!(r["resumed"], 1);
    let left = expired_ids(pool.clone()).await;
    let left: Vec<String> = left.iter().map(|k| k.to_string()).collect();
    assert_eq!(left, held, "only the held rows are left of the expired ones");
    let total: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {t}")).fetch_one(&pool).await.unwrap();
    let gone = 3000 - total;
    assert_eq!(
        gone as usize,
        expired.len() - 3 + 1,
        "every expired unheld row, and the one expired meanwhile"
    );
    assert_eq!(r["affected"].as_i64().unwrap(), gone, "the evidence counts exactly the rows gone");
    let cert = db.json(&["retention", "certificate", &r["run_id"].to_string()]);
    assert_eq!(cert["evidence_consistent"], true);
    let batches = cert["batches"].as_array().unwrap();
    assert_eq!(batches.iter().filter(|b| b["recovered"] == true).count(), 1);
    assert_eq!(
        batches.iter().map(|b| b["held"].as_u64().unwrap()).sum::<u64>(),
        3,
        "each held row counted once"
    );
    assert!(batches.iter().all(|b| b["count"].as_u64().unwrap() <= 300), "never above the batch size");
    db.ok(&["audit", "verify"]);

    // A uuid key: the keys come back as text.
    let u = unique("cockpit_uuid");
    sqlx::query(&format!("CREATE TABLE {u} (id uuid PRIMARY KEY, seen timestamptz NOT NULL)"))
        .execute(&pool)
        .await
        .unwrap();
    for i in 0..400 {
        sqlx::query(&format!("INSERT INTO {u} VALUES (CAST($1 AS uuid), $2)"))
            .bind(format!("00000000-0000-4000-8000-{i:012}"))
            .bind(if i % 4 == 0 { cut - Duration::days(1) } else { cut + Duration::days(1) })
            .execute(&pool)
            .await
            .unwrap();
    }
    db.ok(&[
        "retention",
        "rule",
        "add",
        "u",
        "--datastore",
        "pg",
        "--table",
        &u,
        "--time-column",
        "seen",
        "--key-column",
        "id",
        "--keep",
        "365d",
        "--timezone",
        "UTC",
    ]);
    db.ok(&["retention", "approve", "u"]);
    let r = db.json(&["retention", "run", "u"]);
    assert_eq!(r["affected"], 100);
    let left: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {u}")).fetch_one(&pool).await.unwrap();
    assert_eq!(left, 300);
    let cert = db.json(&["retention", "certificate", &r["run_id"].to_string()]);
    assert_eq!(cert["batches"][0]["first_key"], "00000000-0000-4000-8000-000000000000");
    for table in [&t, &u] {
        sqlx::query(&format!("DROP TABLE {table}")).execute(&pool).await.unwrap();
    }
}
