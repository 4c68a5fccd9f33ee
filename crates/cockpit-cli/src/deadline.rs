//! `cockpit deadline`: time limits without a database, for scripts and bulk checks.
//!
//! One question from flags, or (`--batch`) one JSON object per input line with the same fields, answered
//! line for line in order; a bad line gets an error object on its own line and the rest go on.
//! Exit codes: 0 answered; 2 a bad question (unknown regime, calendar or time zone, invalid date, missing
//! or contradictory fields); with `--batch`, 1 when any line was bad (every line is still answered).

use clap::Args;
use cockpit_deadline::{calendar_codes, Calendar, DeadlineAnswer, DeadlineQuery, QueryError};
use std::io::{BufRead, BufWriter, Write};
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct DeadlineArgs {
    /// gdpr, uk-gdpr, ccpa, vcdpa, cpa, ucpa, lgpd, fadp, pipeda, quebec or gdpr-breach.
    #[arg(long, required_unless_present_any = ["batch", "list_calendars"])]
    regime: Option<String>,
    /// The holiday calendar of the establishment that must act: an ISO 3166 code such as DE-BY, ES-MD,
    /// GB-ENG, or `none` (weekends only). `--list-calendars` shows them all.
    #[arg(long)]
    calendar: Option<String>,
    /// Day the request was received (YYYY-MM-DD, local date of the establishment).
    #[arg(long, value_name = "DATE")]
    received: Option<String>,
    /// Also compute the extended period.
    #[arg(long)]
    extended: bool,
    /// Day proof of identity, authority or a fee was asked for.
    #[arg(long, value_name = "DATE")]
    id_requested: Option<String>,
    /// Day it arrived.
    #[arg(long, value_name = "DATE")]
    id_received: Option<String>,
    /// Day a clarification was asked for.
    #[arg(long, value_name = "DATE")]
    clarification_asked: Option<String>,
    /// Day the clarification arrived.
    #[arg(long, value_name = "DATE")]
    clarification_received: Option<String>,
    /// gdpr-breach: when the controller became aware (YYYY-MM-DDTHH:MM:SS, local time in --tz, or with an
    /// offset).
    #[arg(long, value_name = "DATETIME")]
    aware_at: Option<String>,
    /// gdpr-breach: IANA time zone, e.g. Europe/Berlin.
    #[arg(long, value_name = "AREA/CITY")]
    tz: Option<String>,
    /// Read one JSON question per line on standard input; write one JSON answer per line.
    #[arg(long, conflicts_with_all = ["regime", "calendar", "received", "aware_at", "tz"])]
    batch: bool,
    /// List the holiday calendars with the years they cover.
    #[arg(long)]
    list_calendars: bool,
}

impl DeadlineArgs {
    fn query(&self) -> DeadlineQuery {
        DeadlineQuery {
            regime: self.regime.clone().unwrap_or_default(),
            calendar: self.calendar.clone(),
            received: self.received.clone(),
            extended: self.extended,
            id_requested: self.id_requested.clone(),
            id_received: self.id_received.clone(),
            clarification_asked: self.clarification_asked.clone(),
            clarification_received: self.clarification_received.clone(),
            aware_at: self.aware_at.clone(),
            tz: self.tz.clone(),
        }
    }
}

pub fn run(args: DeadlineArgs, json: bool) -> ExitCode {
    if args.list_calendars {
        return list_calendars(json);
    }
    if args.batch {
        return batch();
    }
    match args.query().answer() {
        Ok(answer) => {
            if json {
                outln!("{}", serde_json::to_string_pretty(&answer).expect("answers serialise"));
            } else {
                print_text(&answer);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            if json {
                outln!("{}", serde_json::json!({ "error": e }));
            }
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn list_calendars(json: bool) -> ExitCode {
    let rows: Vec<serde_json::Value> = calendar_codes()
        .into_iter()
        .map(|code| {
            let c = Calendar::get(code).expect("listed calendars exist");
            let (first, last) = c.coverage().map_or((None, None), |(a, b)| (Some(a), Some(b)));
            serde_json::json!({ "code": code, "label": c.label(), "first_year": first, "last_year": last })
        })
        .collect();
    if json {
        outln!("{}", serde_json::to_string_pretty(&rows).expect("json"));
    } else {
        outln!("Source: {}", cockpit_deadline::data_source());
        for r in rows {
            let years = match (r["first_year"].as_i64(), r["last_year"].as_i64()) {
                (Some(a), Some(b)) => format!("{a}–{b}"),
                _ => "any year".into(),
            };
            outln!(
                "{:<8} {:<10} {}",
                r["code"].as_str().unwrap_or(""),
                years,
                r["label"].as_str().unwrap_or("")
            );
        }
    }
    ExitCode::SUCCESS
}

/// Answers every line of standard input in order. Blank lines are answered too (with an error), so that
/// output line N always belongs to input line N.
fn batch() -> ExitCode {
    let stdin = std::io::stdin().lock();
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let mut bad = 0usize;
    for (n, line) in stdin.lines().enumerate() {
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                eprintln!("error: cannot read line {}: {e}", n + 1);
                return ExitCode::FAILURE;
            }
        };
        let result = serde_json::from_str::<DeadlineQuery>(&line)
            .map_err(|e| QueryError {
                code: "invalid_json",
                message: format!("not a deadline question: {e}"),
            })
            .and_then(|q| q.answer());
        let written = match result {
            Ok(answer) => serde_json::to_writer(&mut out, &answer),
            Err(e) => {
                bad += 1;
                serde_json::to_writer(&mut out, &serde_json::json!({ "line": n + 1, "error": e }))
            }
        };
        if written.is_err() || out.write_all(b"\n").is_err() {
            return ExitCode::FAILURE; // stdout closed (e.g. `| head`): stop quietly
        }
    }
    if out.flush().is_err() {
        return ExitCode::FAILURE;
    }
    if bad > 0 {
        eprintln!("{bad} line(s) could not be answered; see their error objects");
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn print_text(answer: &DeadlineAnswer) {
    match answer {
        DeadlineAnswer::Request(d) => {
            let f = |x: chrono::NaiveDate| x.format("%a %-d %b %Y").to_string();
            outln!("{} — calendar {}", d.regime, d.calendar);
            outln!("  received        {}", f(d.received));
            if d.clock_start != d.received {
                outln!("  clock starts    {}", f(d.clock_start));
            }
            outln!("  legal due       {}", f(d.legal_due));
            outln!("  safe due        {}", f(d.safe_due));
            if let Some(n) = d.extension_notice_due {
                outln!("  tell of an extension by {}", f(n));
            }
            if let (Some(l), Some(s)) = (d.extended_legal_due, d.extended_safe_due) {
                outln!("  extended due    {} (safe {})", f(l), f(s));
            }
            for o in &d.other_dates {
                outln!("  {:<15} {} ({})", o.label, f(o.date), o.source);
            }
            outln!("  why: {}", d.explanation);
            outln!("  rule: {}", d.rule);
            outln!("  source: {}", d.source);
            for n in &d.notes {
                outln!("  note: {n}");
            }
        }
        DeadlineAnswer::Breach(b) => {
            outln!("gdpr-breach — {}", b.tz);
            outln!("  aware           {}", b.aware_at.to_rfc3339());
            outln!(
                "  notify by       {} ({} UTC)",
                b.legal_due.to_rfc3339(),
                b.legal_due_utc.format("%Y-%m-%d %H:%M")
            );
            outln!("  why: {}", b.explanation);
            outln!("  source: {}", b.source);
        }
    }
}
