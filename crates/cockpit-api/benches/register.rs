//! Register benchmark: import 10,000 activities from CSV and from XLSX, and list/filter them through
//! the API, against the targets of the foundation issue (import ≤ 1 s each, a query ≤ 20 ms).
//!
//! Run: `cargo bench -p cockpit-api --bench register` (release profile). Prints a Markdown table;
//! the figures in docs/benchmarks.md come from it.

use cockpit_api::io::export;
use cockpit_api::{ActivityQuery, ActivitySort, Cockpit, DemoLanguage, ExportFormat};
use cockpit_domain::completeness::CompletenessBand;
use cockpit_domain::{ActivityStatus, LawfulBasis, Register};
use std::time::{Duration, Instant};

/// The allocator of the `cockpit` and desktop binaries, so that the bench measures what they do.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const ACTIVITIES: usize = 10_000;
const IMPORT_RUNS: usize = 5;
const QUERY_RUNS: usize = 30;

/// The demonstration register grown to 10,000 activities (its vocabularies, its variety of shapes).
fn register(today: chrono::NaiveDate) -> Register {
    let demo = cockpit_demo::demo_register(DemoLanguage::En, today);
    let mut r = demo.clone();
    r.activities.clear();
    for i in 0..ACTIVITIES {
        let mut a = demo.activities[i % demo.activities.len()].clone();
        a.id = format!("PA-{:05}", i + 1);
        a.name = format!("{} #{}", a.name, i + 1);
        r.activities.push(a);
    }
    r
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn verdict(d: Duration, target: Duration) -> &'static str {
    if d <= target {
        "PASS"
    } else {
        "FAIL"
    }
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let today = chrono::Utc::now().date_naive();
    let r = register(today);
    println!("| measurement | median | min | max | target | result |");
    println!("|---|---|---|---|---|---|");

    for format in [ExportFormat::Csv, ExportFormat::Xlsx] {
        let bytes = export(&r, format).expect("export");
        let mut times = Vec::new();
        for run in 0..IMPORT_RUNS {
            let c =
                Cockpit::open(&dir.path().join(format!("import-{format:?}-{run}.db"))).await.expect("open");
            let t = Instant::now();
            let s = c.import_bytes(&bytes, format).await.expect("import");
            times.push(t.elapsed());
            assert_eq!(s.activities_created as usize, ACTIVITIES);
            c.close().await;
        }
        // Where the time goes: reading the file, validating it, and (the rest) writing it.
        let t = Instant::now();
        let parsed = cockpit_api::io::parse(&bytes, format).expect("parse");
        let parse = t.elapsed();
        let t = Instant::now();
        assert!(cockpit_api::io::validate_parsed(&parsed, &Register::default()).is_empty());
        let validate = t.elapsed();
        let (min, max) = (*times.iter().min().unwrap(), *times.iter().max().unwrap());
        let med = median(times);
        println!(
            "| … of which parsing the {format:?} file / validating | {} / {} | | | | |",
            ms(parse),
            ms(validate)
        );
        println!(
            "| import {ACTIVITIES} activities from {format:?} ({:.1} MB), {IMPORT_RUNS} runs | {} | {} | {} | ≤ 1000 ms | {} |",
            bytes.len() as f64 / 1e6,
            ms(med),
            ms(min),
            ms(max),
            verdict(med, Duration::from_secs(1))
        );
    }

    let c = Cockpit::open(&dir.path().join("import-Csv-0.db")).await.expect("open");
    let queries: Vec<(&str, ActivityQuery)> = vec![
        ("all, sorted by id", ActivityQuery::default()),
        ("search \"payroll\"", ActivityQuery { search: Some("payroll".into()), ..Default::default() }),
        ("department = Finance", ActivityQuery { department: Some("Finance".into()), ..Default::default() }),
        (
            "lawful basis + status",
            ActivityQuery {
                lawful_basis: Some(LawfulBasis::LegitimateInterests),
                status: Some(ActivityStatus::Active),
                ..Default::default()
            },
        ),
        ("band = partial", ActivityQuery { band: Some(CompletenessBand::Partial), ..Default::default() }),
        (
            "sort by name desc, first 100",
            ActivityQuery {
                sort: ActivitySort::Name,
                descending: true,
                limit: Some(100),
                ..Default::default()
            },
        ),
    ];
    // Warm-up: the first call may rescore (scores age with the date).
    c.list_activities(ActivityQuery::default(), None).await.expect("list");
    for (label, q) in queries {
        let mut times = Vec::new();
        let mut total = 0;
        for _ in 0..QUERY_RUNS {
            let t = Instant::now();
            let page = c.list_activities(q.clone(), None).await.expect("list");
            times.push(t.elapsed());
            total = page.total;
        }
        let (min, max) = (*times.iter().min().unwrap(), *times.iter().max().unwrap());
        let med = median(times);
        println!(
            "| list {ACTIVITIES}: {label} ({total} rows), {QUERY_RUNS} runs | {} | {} | {} | ≤ 20 ms | {} |",
            ms(med),
            ms(min),
            ms(max),
            verdict(med, Duration::from_millis(20))
        );
    }
    // The first query after a change cannot use the cached rows: it reads them from the database.
    let mut times = Vec::new();
    for i in 0..QUERY_RUNS {
        let mut a = c.get_activity("PA-00001").await.expect("get").activity;
        a.owner = format!("Owner {i}");
        c.update_activity(a, None).await.expect("update");
        let t = Instant::now();
        c.list_activities(ActivityQuery::default(), None).await.expect("list");
        times.push(t.elapsed());
    }
    let (min, max) = (*times.iter().min().unwrap(), *times.iter().max().unwrap());
    let med = median(times);
    println!(
        "| list {ACTIVITIES}: all, first query after a change, {QUERY_RUNS} runs | {} | {} | {} | ≤ 20 ms | {} |",
        ms(med),
        ms(min),
        ms(max),
        verdict(med, Duration::from_millis(20))
    );
    c.close().await;
}
