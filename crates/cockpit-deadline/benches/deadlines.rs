//! Deadline benchmark: 1,000,000 computations across every calendar and regime, in process and (when
//! `COCKPIT_BIN` names a release `cockpit` binary) through `cockpit deadline --batch`.
//!
//! Run: `scripts/bench-deadlines.sh` (builds the release CLI, then runs this with `COCKPIT_BIN` set), or
//! `cargo bench -p cockpit-deadline --bench deadlines` for the in-process part only.
//! Prints a Markdown table; the figures in docs/benchmarks.md come from it.

use cockpit_deadline::*;
use std::io::Write;
use std::time::Instant;

const N: usize = 1_000_000;

/// A deterministic mix (no `rand` dependency needed): every request regime, every calendar, receipt
/// dates over 2009–2049, a fifth extended, a tenth with a clarification wait, one in twenty a breach.
fn questions() -> Vec<DeadlineQuery> {
    let calendars = calendar_codes();
    let regimes: Vec<Regime> = Regime::ALL.into_iter().filter(|r| r.is_request_regime()).collect();
    let start = chrono::NaiveDate::from_ymd_opt(2009, 1, 1).unwrap();
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    (0..N)
        .map(|_| {
            let r = next();
            if r % 20 == 0 {
                let t = start + chrono::Days::new(next() % 14_900);
                return DeadlineQuery {
                    regime: "gdpr-breach".into(),
                    aware_at: Some(format!("{}T{:02}:{:02}:00", t, next() % 24, next() % 60)),
                    tz: Some(
                        ["Europe/Berlin", "Europe/London", "America/Los_Angeles"][(r % 3) as usize].into(),
                    ),
                    ..Default::default()
                };
            }
            let regime = regimes[(next() % regimes.len() as u64) as usize];
            let received = start + chrono::Days::new(next() % 14_900);
            let mut q = DeadlineQuery {
                regime: regime.code().into(),
                calendar: Some(calendars[(next() % calendars.len() as u64) as usize].into()),
                received: Some(received.to_string()),
                extended: r % 5 == 0 && !matches!(regime, Regime::Lgpd | Regime::Quebec),
                ..Default::default()
            };
            if r % 10 == 1 && regime == Regime::UkGdpr {
                q.clarification_asked = Some((received + chrono::Days::new(3)).to_string());
                q.clarification_received = Some((received + chrono::Days::new(3 + next() % 20)).to_string());
            }
            q
        })
        .collect()
}

fn main() {
    let qs = questions();
    println!("| measurement | computations | time | throughput |");
    println!("|---|---|---|---|");
    let row = |what: &str, n: usize, secs: f64| {
        println!("| {what} | {n} | {:.2} s | {:.0} /s |", secs, n as f64 / secs);
    };

    // The engine alone, on already-parsed inputs.
    let parsed: Vec<(RequestInput, Calendar)> = qs
        .iter()
        .filter(|q| q.regime != "gdpr-breach")
        .map(|q| {
            let mut i =
                RequestInput::new(q.regime.parse().unwrap(), q.received.as_deref().unwrap().parse().unwrap());
            i.extended = q.extended;
            (i, Calendar::get(q.calendar.as_deref().unwrap()).unwrap())
        })
        .collect();
    let t = Instant::now();
    let mut ok = 0usize;
    for (i, c) in &parsed {
        ok += usize::from(request_deadline(i, c).is_ok());
    }
    row(
        "engine: request_deadline (parsed input, explanation built)",
        parsed.len(),
        t.elapsed().as_secs_f64(),
    );
    assert!(ok > parsed.len() * 99 / 100, "almost every question is answerable ({ok})");

    // Whole questions as the API and the CLI take them: parse fields, compute, serialise to JSON.
    let t = Instant::now();
    let mut bytes = 0usize;
    for q in &qs {
        bytes += match q.answer() {
            Ok(a) => serde_json::to_vec(&a).unwrap().len(),
            Err(e) => e.message.len(),
        };
    }
    row("in process: DeadlineQuery::answer + JSON", qs.len(), t.elapsed().as_secs_f64());
    assert!(bytes > 0);

    if let Ok(bin) = std::env::var("COCKPIT_BIN") {
        let dir = std::env::temp_dir().join("cockpit-deadline-bench");
        std::fs::create_dir_all(&dir).unwrap();
        let input = dir.join("questions.jsonl");
        let mut f = std::io::BufWriter::new(std::fs::File::create(&input).unwrap());
        for q in &qs {
            serde_json::to_writer(&mut f, q).unwrap();
            f.write_all(b"\n").unwrap();
        }
        f.flush().unwrap();
        drop(f);
        let t = Instant::now();
        let out = std::process::Command::new(&bin)
            .args(["deadline", "--batch", "--json"])
            .stdin(std::fs::File::open(&input).unwrap())
            .stdout(std::fs::File::create(dir.join("answers.jsonl")).unwrap())
            .status()
            .unwrap();
        let secs = t.elapsed().as_secs_f64();
        let lines = std::fs::read_to_string(dir.join("answers.jsonl")).unwrap().lines().count();
        assert_eq!(lines, qs.len(), "one answer per question (exit {out})");
        row("`cockpit deadline --batch --json` (stdin → stdout file)", qs.len(), secs);
        std::fs::remove_dir_all(&dir).ok();
    } else {
        println!("\n(COCKPIT_BIN not set: the --batch row needs a release `cockpit`; see scripts/bench-deadlines.sh)");
    }
}
