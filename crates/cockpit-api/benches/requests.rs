//! Request benchmark: the request list and the dashboard aggregates over 100,000 requests, against the
//! targets of the requests issue (a list query ≤ 100 ms, the dashboard ≤ 50 ms).
//!
//! Run: `cargo bench -p cockpit-api --bench requests` (release profile). Prints a Markdown table;
//! the figures in docs/benchmarks.md come from it.

use chrono::{Days, NaiveDate, TimeZone, Utc};
use cockpit_api::requests::{NewRequest, RequestListQuery};
use cockpit_api::Cockpit;
use cockpit_deadline::Regime;
use cockpit_domain::request::{
    EventKind, RequestChannel, RequestEvent, RequestStatus, RequestType, Requester,
};
use cockpit_domain::{Establishment, FixedClock, Organisation};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The allocator of the `cockpit` and desktop binaries, so that the bench measures what they do.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const REQUESTS: usize = 100_000;
const RUNS: usize = 30;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Two years of requests ending today: nine in ten closed (most on time), the rest open, some waiting.
fn requests(today: NaiveDate) -> Vec<NewRequest> {
    let types =
        [RequestType::Access, RequestType::Erasure, RequestType::Rectification, RequestType::Objection];
    (0..REQUESTS)
        .map(|i| {
            let received = today - Days::new((i as u64 * 730) / REQUESTS as u64);
            let age = (today - received).num_days();
            let mut events = vec![];
            if age > 40 || i % 10 != 0 {
                let closed = (received + Days::new(5 + (i as u64 * 7) % 34)).min(today);
                events.push(RequestEvent { date: closed, kind: EventKind::Completed, note: String::new() });
            } else if i % 30 == 0 {
                events.push(RequestEvent {
                    date: received,
                    kind: EventKind::ClarificationRequested,
                    note: String::new(),
                });
            }
            NewRequest {
                regime: Regime::Gdpr,
                request_type: types[i % types.len()],
                channel: RequestChannel::Email,
                received_at: received.and_hms_opt(9, 0, 0).unwrap(),
                establishment: None,
                calendar: None,
                requester: Requester {
                    name: format!("Requester {i}"),
                    email: format!("r{i}@example.org"),
                    reference: format!("CUST-{:06}", i * 7),
                },
                summary: "copy of the customer file".into(),
                activities: vec![],
                events,
            }
        })
        .collect()
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let clock = Arc::new(FixedClock::new(Utc.with_ymd_and_hms(2026, 11, 27, 10, 0, 0).unwrap()));
    // COCKPIT_BENCH_DB keeps the database for a look with the sqlite3 shell.
    let path = std::env::var_os("COCKPIT_BENCH_DB").map_or_else(|| dir.path().join("bench.db"), Into::into);
    let c = Cockpit::open_with(&path, clock, "bench".into()).await.unwrap();
    let mut org = Organisation { name: "Bench".into(), art30_threshold: 250, ..Default::default() };
    org.establishments = vec![Establishment {
        name: "Madrid".into(),
        country: "ES".into(),
        region: "ES-MD".into(),
        timezone: "Europe/Madrid".into(),
        address: String::new(),
        main: true,
        local_holidays: Vec::new(),
    }];
    c.set_organisation(org).await.unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let t = Instant::now();
    for chunk in requests(today).chunks(10_000) {
        c.add_requests(chunk.to_vec()).await.unwrap();
    }
    let load = t.elapsed();

    println!("| measurement (100,000 requests) | median | min | max | target | result |");
    println!("|---|---|---|---|---|---|");
    println!(
        "| load (add_requests, 10 transactions of 10,000, audited) | {:.1} s | | | – | – |",
        load.as_secs_f64()
    );
    let open = RequestListQuery { open: Some(true), ..Default::default() };
    let queries: Vec<(&str, RequestListQuery)> = vec![
        ("list: open, most urgent first (page of 100)", open.clone()),
        ("list: overdue", RequestListQuery { overdue: true, ..Default::default() }),
        ("list: due within 7 days", RequestListQuery { due_within_days: Some(7), ..Default::default() }),
        (
            "list: all, newest first (page of 100)",
            RequestListQuery { sort: Some("received".into()), desc: true, ..Default::default() },
        ),
        (
            "list: all, page 500 of 1,000 by id",
            RequestListQuery { sort: Some("id".into()), offset: 50_000, ..Default::default() },
        ),
        (
            "list: text search (reference)",
            RequestListQuery { text: Some("cust-0350".into()), ..Default::default() },
        ),
        (
            "list: status waiting-for-requester",
            RequestListQuery { statuses: vec![RequestStatus::WaitingForRequester], ..Default::default() },
        ),
    ];
    let row = |what: &str, times: Vec<Duration>, target_ms: f64| {
        let (min, max) = (*times.iter().min().unwrap(), *times.iter().max().unwrap());
        let med = median(times);
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let verdict = if ms(med) <= target_ms { "PASS" } else { "FAIL" };
        println!(
            "| {what} | {:.1} ms | {:.1} ms | {:.1} ms | ≤ {target_ms} ms | {verdict} |",
            ms(med),
            ms(min),
            ms(max)
        );
    };
    for (what, q) in queries {
        let mut times = Vec::new();
        let mut total = 0;
        for _ in 0..RUNS {
            let t = Instant::now();
            let page = c.list_requests(&q).await.unwrap();
            times.push(t.elapsed());
            total = page.total;
        }
        assert!(total > 0, "{what}: the query finds requests");
        row(&format!("{what} ({total} match)"), times, 100.0);
    }
    let mut times = Vec::new();
    let mut stats = None;
    for _ in 0..RUNS {
        let t = Instant::now();
        stats = Some(c.request_stats().await.unwrap());
        times.push(t.elapsed());
    }
    let s = stats.unwrap();
    assert!(s.closed_in_window > 0 && s.median_days_to_close.is_some());
    row(
        &format!("dashboard aggregates ({} open, {} closed in 12 months)", s.open, s.closed_in_window),
        times,
        50.0,
    );
    c.close().await;
}
