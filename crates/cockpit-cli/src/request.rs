//! `cockpit request …`: data-subject requests from the command line, over the API.

use crate::{print_json, Outcome};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use clap::{Args, Subcommand};
use cockpit_api::requests::{NewEvent, NewRequest, RequestListQuery, RequestView};
use cockpit_api::Cockpit;
use cockpit_deadline::Regime;
use cockpit_domain::letters::{LetterKind, LetterLanguage};
use cockpit_domain::request::{EventKind, RequestChannel, RequestStatus, RequestType, Requester};
use cockpit_domain::request_work::NoticeStatus;

fn parse_regime(s: &str) -> Result<Regime, String> {
    let r: Regime = s.parse().map_err(|e: cockpit_deadline::UnknownRegime| e.to_string())?;
    if !r.is_request_regime() {
        return Err("gdpr-breach times breaches, not requests".into());
    }
    Ok(r)
}

fn parse_type(s: &str) -> Result<RequestType, String> {
    RequestType::parse(s).ok_or_else(|| {
        let valid: Vec<&str> = RequestType::ALL.iter().map(|t| t.code()).collect();
        format!("unknown request type {s:?}; valid types: {}", valid.join(", "))
    })
}

fn parse_channel(s: &str) -> Result<RequestChannel, String> {
    serde_json::from_value(serde_json::Value::String(s.to_ascii_lowercase())).map_err(|_| {
        format!("unknown channel {s:?}; valid channels: email, web-form, post, phone, in-person, other")
    })
}

fn parse_status(s: &str) -> Result<RequestStatus, String> {
    RequestStatus::parse(s).ok_or_else(|| {
        let valid: Vec<&str> = RequestStatus::ALL.iter().map(|t| t.code()).collect();
        format!("unknown status {s:?}; valid statuses: {}", valid.join(", "))
    })
}

/// Days before a due date, as `--days 7,1` gives them (one value to clap, not several).
#[derive(Clone, Debug)]
pub struct DayList(Vec<u32>);

fn parse_day_list(s: &str) -> Result<DayList, String> {
    if s.trim().eq_ignore_ascii_case("none") {
        return Ok(DayList(vec![]));
    }
    s.split(',')
        .map(|d| {
            d.trim().parse::<u32>().map_err(|_| format!("{d:?} is not a number of days; e.g. --days 7,1"))
        })
        .collect::<Result<_, _>>()
        .map(DayList)
}

fn parse_kind(s: &str) -> Result<EventKind, String> {
    EventKind::parse(s)
        .ok_or_else(|| format!("unknown event {s:?}; valid events: {}", EventKind::valid_codes()))
}

pub fn parse_letter_kind(s: &str) -> Result<LetterKind, String> {
    LetterKind::parse(s).ok_or_else(|| {
        let valid: Vec<&str> = LetterKind::ALL.iter().map(|k| k.code()).collect();
        format!("unknown letter {s:?}; valid letters: {}", valid.join(", "))
    })
}

pub fn parse_language(s: &str) -> Result<LetterLanguage, String> {
    LetterLanguage::parse(s).ok_or_else(|| format!("unknown language {s:?}; valid languages: en, es, de, fr"))
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("invalid date {s:?}: expected YYYY-MM-DD"))
}

/// `2026-11-20` (09:00 assumed) or `2026-11-20T14:05[:SS]`.
fn parse_received(s: &str) -> Result<NaiveDateTime, String> {
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(d.and_time(NaiveTime::from_hms_opt(9, 0, 0).expect("valid time")));
    }
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M"))
        .map_err(|_| format!("invalid date {s:?}: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM (local time)"))
}

/// `7d`, `2w` or a plain number of days.
fn parse_days(s: &str) -> Result<u32, String> {
    let bad = || format!("invalid period {s:?}: expected days such as 7d, 2w or 10");
    let (n, unit) = match s.strip_suffix('d') {
        Some(n) => (n, 1),
        None => match s.strip_suffix('w') {
            Some(n) => (n, 7),
            None => (s, 1),
        },
    };
    n.parse::<u32>().map(|n| n * unit).map_err(|_| bad())
}

#[derive(Subcommand)]
pub enum RequestCommand {
    /// Record a new request (its deadlines follow from the regime and the establishment's calendar).
    Add(AddArgs),
    /// List requests, most urgent first.
    List(ListArgs),
    /// One request with its events and its dates explained.
    Show { id: String },
    /// Add an event to one or more requests (several ids: all or nothing, e.g. mark verified).
    Event {
        #[arg(required = true)]
        ids: Vec<String>,
        #[arg(long, value_parser = parse_kind)]
        kind: EventKind,
        /// Local date of the event (default: today).
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
        #[arg(long, default_value = "")]
        note: String,
        /// Refuse the change if the request is no longer at this version.
        #[arg(long)]
        expected_version: Option<u32>,
    },
    /// Close one or more requests: completed, refused (with a reason) or withdrawn.
    Close {
        #[arg(required = true)]
        ids: Vec<String>,
        #[arg(long, value_parser = ["completed", "refused", "withdrawn"])]
        outcome: String,
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
        /// The reason (required for a refusal) or a closing note.
        #[arg(long, alias = "reason", default_value = "")]
        note: String,
    },
    /// Counts, on-time rate and median days to close over the last 12 months.
    Stats,
    /// Recompute the list's dates of every open request as of today (run daily, e.g. from cron, so
    /// that requests whose clock is stopped show their current due date in lists).
    Refresh,
    /// Write a letter to the requester (text to paste or send): acknowledgement, identity-request,
    /// clarification-request, extension-notice, completion, refusal or access-answer; in en, es, de, fr.
    Letter {
        id: String,
        #[arg(long, value_parser = parse_letter_kind)]
        kind: LetterKind,
        #[arg(long, value_parser = parse_language, default_value = "en")]
        lang: LetterLanguage,
        /// Reasons (refusal, extension) when not recorded yet, or the clarification question.
        #[arg(long)]
        reason: Option<String>,
        /// Write the letter to this file instead of standard output.
        #[arg(long, conflicts_with = "pdf")]
        out: Option<std::path::PathBuf>,
        /// Set the letter as a PDF in this file (letterhead, recipient, date, reference); the audit
        /// trail records that it was issued, with the file's SHA-256.
        #[arg(long, value_name = "FILE.pdf")]
        pdf: Option<std::path::PathBuf>,
        #[arg(long, value_enum, default_value = "a4", requires = "pdf")]
        paper: crate::report::PaperArg,
    },
    /// Reminders of due dates not shown yet (what the desktop app would notify now). With `--mark`,
    /// they count as shown (e.g. after a cron job mailed them).
    Reminders {
        #[arg(long)]
        mark: bool,
    },
    /// Show the reminder settings, or change them with the options given.
    ReminderSettings {
        #[arg(long, value_parser = clap::builder::BoolishValueParser::new())]
        enabled: Option<bool>,
        /// Days before each due date, comma-separated (0: on the day), e.g. `7,1`; `none` for none.
        #[arg(long, value_parser = parse_day_list)]
        days: Option<DayList>,
        /// Also once when a request becomes overdue.
        #[arg(long, value_parser = clap::builder::BoolishValueParser::new())]
        overdue: Option<bool>,
    },
    /// Link processing activities: their systems become tasks, their recipients enter the Art. 19 ledger.
    Link {
        id: String,
        #[arg(long = "activity", required = true)]
        activities: Vec<String>,
    },
    /// Close the task of a system (or of an owner, where no system is recorded) with its evidence.
    Task {
        id: String,
        /// The system's name (or the owner's).
        #[arg(long)]
        system: String,
        #[arg(long)]
        evidence: String,
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
    },
    /// Art. 19: record that a recipient was notified, acknowledged, or could not be told (with a reason).
    Notify {
        id: String,
        #[arg(long)]
        recipient: String,
        #[arg(long, value_parser = ["notified", "acknowledged", "impossible", "disproportionate-effort"])]
        status: String,
        #[arg(long, default_value = "")]
        reason: String,
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
    },
}

#[derive(Args)]
pub struct AddArgs {
    #[arg(long, value_parser = parse_regime)]
    regime: Regime,
    #[arg(long = "type", value_parser = parse_type)]
    request_type: RequestType,
    #[arg(long, value_parser = parse_channel, default_value = "email")]
    channel: RequestChannel,
    /// Local date (and time) of receipt: YYYY-MM-DD or YYYY-MM-DDTHH:MM.
    #[arg(long, value_parser = parse_received)]
    received: NaiveDateTime,
    /// The establishment that must act (default: the main one).
    #[arg(long)]
    establishment: Option<String>,
    /// A holiday calendar other than the establishment's.
    #[arg(long)]
    calendar: Option<String>,
    #[arg(long, default_value = "")]
    name: String,
    #[arg(long, default_value = "")]
    email: String,
    #[arg(long, default_value = "")]
    reference: String,
    #[arg(long, default_value = "")]
    summary: String,
    /// A processing activity holding the requester's data (repeat for several).
    #[arg(long = "activity")]
    activities: Vec<String>,
}

#[derive(Args)]
pub struct ListArgs {
    #[arg(long, conflicts_with = "closed")]
    open: bool,
    #[arg(long)]
    closed: bool,
    #[arg(long, value_parser = parse_status)]
    status: Vec<RequestStatus>,
    #[arg(long, value_parser = parse_regime)]
    regime: Option<Regime>,
    #[arg(long = "type", value_parser = parse_type)]
    request_type: Option<RequestType>,
    /// Open requests past their due date (a running wait stops the clock).
    #[arg(long)]
    overdue: bool,
    /// Open requests due within this period: 7d, 2w …
    #[arg(long, value_parser = parse_days)]
    due_within: Option<u32>,
    /// Text in the id, requester, reference or summary.
    #[arg(long)]
    search: Option<String>,
    #[arg(long, value_parser = ["due", "received", "id"], default_value = "due")]
    sort: String,
    #[arg(long)]
    desc: bool,
    #[arg(long, default_value_t = 100)]
    limit: u32,
    #[arg(long, default_value_t = 0)]
    offset: u32,
}

fn print_view(v: &RequestView) {
    let r = &v.request;
    let d = &v.due;
    outln!(
        "{}  {} {} ({})  {}",
        r.id,
        r.regime,
        r.request_type.code(),
        r.request_type.provision(),
        d.status.code()
    );
    outln!(
        "  received   {} {} at {} (calendar {})",
        r.received_at.format("%a %-d %b %Y %H:%M"),
        r.timezone,
        r.establishment,
        r.calendar
    );
    let who = [&r.requester.name, &r.requester.email, &r.requester.reference]
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    outln!("  requester  {who}");
    if !r.summary.is_empty() {
        outln!("  summary    {}", r.summary);
    }
    if !r.activities.is_empty() {
        outln!("  activities {}", r.activities.join(", "));
    }
    let days = match d.days_left {
        Some(n) if n < 0 => format!("{} day(s) overdue", -n),
        Some(n) => format!("{n} day(s) left"),
        None => match d.on_time {
            Some(true) => "closed on time".into(),
            _ => "closed late".into(),
        },
    };
    outln!(
        "  due        {} (safe {}) — {days}{}",
        d.due.format("%a %-d %b %Y"),
        d.safe_due.format("%a %-d %b %Y"),
        if d.clock_stopped { "; clock stopped while waiting for the requester" } else { "" }
    );
    outln!("  why        {}", d.deadline.explanation);
    outln!("  source     {}", d.deadline.source);
    for w in &d.warnings {
        outln!("  warning    {w}");
    }
    for t in &r.tasks {
        let what = if t.system.is_empty() {
            format!("owner {}", t.owner)
        } else {
            format!("{} ({})", t.system, t.owner)
        };
        match t.done_on {
            Some(done) => outln!("  task       {what}: done {done} — {}", t.evidence),
            None => outln!("  task       {what}: due {} [{}]", t.due, t.activities.join(", ")),
        }
    }
    for n in &r.recipients {
        let when = n.date.map(|d| format!(" {d}")).unwrap_or_default();
        let why = if n.reason.is_empty() { String::new() } else { format!(" — {}", n.reason) };
        outln!(
            "  art. 19    {}{}: {}{when}{why}",
            n.recipient,
            if n.country.is_empty() { String::new() } else { format!(" ({})", n.country) },
            serde_json::to_value(n.status)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default()
        );
    }
    for (i, e) in r.events.iter().enumerate() {
        outln!(
            "  {:>2}. {} {}{}",
            i + 1,
            e.date,
            e.kind.code(),
            if e.note.is_empty() { String::new() } else { format!(" — {}", e.note) }
        );
    }
}

pub async fn run(c: &Cockpit, cmd: RequestCommand, json: bool) -> anyhow::Result<Outcome> {
    match cmd {
        RequestCommand::Add(a) => {
            let v = c
                .add_request(NewRequest {
                    regime: a.regime,
                    request_type: a.request_type,
                    channel: a.channel,
                    received_at: a.received,
                    establishment: a.establishment,
                    calendar: a.calendar,
                    requester: Requester { name: a.name, email: a.email, reference: a.reference },
                    summary: a.summary,
                    activities: a.activities,
                    events: vec![],
                })
                .await?;
            if json {
                print_json(&v)?;
            } else {
                print_view(&v);
            }
        }
        RequestCommand::List(l) => {
            let page = c
                .list_requests(&RequestListQuery {
                    open: if l.open || l.overdue || l.due_within.is_some() {
                        Some(true)
                    } else if l.closed {
                        Some(false)
                    } else {
                        None
                    },
                    statuses: l.status,
                    regime: l.regime,
                    request_type: l.request_type,
                    overdue: l.overdue,
                    due_within_days: l.due_within,
                    text: l.search,
                    sort: Some(l.sort),
                    desc: l.desc,
                    offset: l.offset,
                    limit: Some(l.limit),
                })
                .await?;
            if json {
                print_json(&page)?;
            } else {
                outln!(
                    "{:<14} {:<8} {:<18} {:<22} {:<10} {:<10} {:>6}  requester",
                    "id",
                    "regime",
                    "type",
                    "status",
                    "received",
                    "due",
                    "left"
                );
                for r in &page.items {
                    let left = if r.closed_on.is_some() {
                        "-".to_string()
                    } else if r.clock_stopped {
                        "paused".to_string()
                    } else {
                        (r.due - page.today).num_days().to_string()
                    };
                    outln!(
                        "{:<14} {:<8} {:<18} {:<22} {:<10} {:<10} {:>6}  {}",
                        r.id,
                        r.regime,
                        r.request_type,
                        r.status,
                        r.received,
                        r.due,
                        left,
                        r.requester_name
                    );
                }
                outln!("{} of {} request(s)", page.items.len(), page.total);
            }
        }
        RequestCommand::Show { id } => {
            let v = c.get_request(&id).await?;
            if json {
                print_json(&v)?;
            } else {
                print_view(&v);
            }
        }
        RequestCommand::Event { ids, kind, date, note, expected_version } => {
            event(c, ids, kind, date, note, expected_version, json).await?;
        }
        RequestCommand::Close { ids, outcome, date, note } => {
            let kind = match outcome.as_str() {
                "completed" => EventKind::Completed,
                "refused" => EventKind::Refused,
                _ => EventKind::Withdrawn,
            };
            event(c, ids, kind, date, note, None, json).await?;
        }
        RequestCommand::Letter { id, kind, lang, reason, out: _, pdf: Some(path), paper } => {
            let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            let issued =
                c.issue_request_letter(&id, kind, lang, reason.as_deref(), paper.into(), &name).await?;
            for w in &issued.letter.warnings {
                eprintln!("warning: {w}");
            }
            crate::report::write_atomically(&path, &issued.pdf)?;
            if json {
                print_json(&serde_json::json!({
                    "file": path.display().to_string(),
                    "bytes": issued.pdf.len(),
                    "sha256": issued.sha256,
                    "subject": issued.letter.subject,
                    "warnings": issued.letter.warnings,
                }))?;
            } else {
                outln!("{} ({} bytes, SHA-256 {})", path.display(), issued.pdf.len(), issued.sha256);
            }
        }
        RequestCommand::Reminders { mark } => {
            let pending = c.pending_reminders().await?;
            if mark {
                c.mark_reminders_shown(&pending).await?;
            }
            if json {
                print_json(&pending)?;
            } else if pending.is_empty() {
                outln!("No reminder is due.");
            } else {
                for r in &pending {
                    outln!("{}: {}", r.title, r.body);
                }
            }
        }
        RequestCommand::ReminderSettings { enabled, days, overdue } => {
            let mut s = c.reminder_settings().await?;
            if enabled.is_some() || days.is_some() || overdue.is_some() {
                s.enabled = enabled.unwrap_or(s.enabled);
                s.days_before = days.map_or(s.days_before, |d| d.0);
                s.overdue = overdue.unwrap_or(s.overdue);
                s = c.set_reminder_settings(s).await?;
            }
            if json {
                print_json(&s)?;
            } else {
                let days: Vec<String> = s.days_before.iter().map(u32::to_string).collect();
                outln!(
                    "reminders {}; days before the due date: {}; when overdue: {}",
                    if s.enabled { "on" } else { "off" },
                    if days.is_empty() { "none".to_string() } else { days.join(", ") },
                    if s.overdue { "yes" } else { "no" }
                );
            }
        }
        RequestCommand::Letter { id, kind, lang, reason, out, pdf: None, .. } => {
            let l = c.request_letter(&id, kind, lang, reason.as_deref()).await?;
            for w in &l.warnings {
                eprintln!("warning: {w}");
            }
            if json {
                print_json(&l)?;
            } else {
                let text = format!("Subject: {}\n\n{}", l.subject, l.body);
                match out {
                    Some(path) => std::fs::write(&path, text)?,
                    None => out!("{text}"),
                }
            }
        }
        RequestCommand::Link { id, activities } => {
            let v = c.link_request_activities(&id, activities, None).await?;
            show(&v, json)?;
        }
        RequestCommand::Task { id, system, evidence, date } => {
            let date = match date {
                Some(d) => d,
                None => c.get_request(&id).await?.today,
            };
            let v = c.complete_request_task(&id, &system, date, &evidence, None).await?;
            show(&v, json)?;
        }
        RequestCommand::Notify { id, recipient, status, reason, date } => {
            let date = match date {
                Some(d) => d,
                None => c.get_request(&id).await?.today,
            };
            let status = NoticeStatus::parse(&status).expect("clap checked the value");
            let v = c.record_recipient_notice(&id, &recipient, status, date, &reason, None).await?;
            show(&v, json)?;
        }
        RequestCommand::Refresh => {
            let n = c.refresh_request_dates().await?;
            if json {
                print_json(&serde_json::json!({ "changed": n }))?;
            } else {
                outln!("{n} open request(s) had their list dates updated.");
            }
        }
        RequestCommand::Stats => {
            let s = c.request_stats().await?;
            if json {
                print_json(&s)?;
            } else {
                outln!(
                    "open {}  overdue {}  due within 7 days {}  clock stopped {}",
                    s.open,
                    s.overdue,
                    s.due_within_7_days,
                    s.clock_stopped
                );
                if s.closed_in_window > 0 {
                    outln!(
                        "last 12 months: {} closed, {:.0}% on time, median {:.0} days",
                        s.closed_in_window,
                        100.0 * f64::from(s.closed_on_time_in_window) / f64::from(s.closed_in_window),
                        s.median_days_to_close.unwrap_or(0.0)
                    );
                }
                for (status, n) in &s.by_status {
                    outln!("  {status:<22} {n}");
                }
            }
        }
    }
    Ok(Outcome::Ok)
}

fn show(v: &RequestView, json: bool) -> anyhow::Result<()> {
    if json {
        print_json(v)?;
    } else {
        print_view(v);
    }
    Ok(())
}

async fn event(
    c: &Cockpit,
    ids: Vec<String>,
    kind: EventKind,
    date: Option<NaiveDate>,
    note: String,
    expected_version: Option<u32>,
    json: bool,
) -> anyhow::Result<()> {
    let date = match date {
        Some(d) => d,
        None => c.get_request(&ids[0]).await?.today,
    };
    let event = NewEvent { kind, date, note };
    let views = if ids.len() == 1 {
        vec![c.add_request_event(&ids[0], event, expected_version).await?]
    } else {
        c.bulk_request_event(&ids, event).await?
    };
    if json {
        if views.len() == 1 {
            print_json(&views[0])?;
        } else {
            print_json(&views)?;
        }
    } else {
        for v in &views {
            print_view(v);
        }
    }
    Ok(())
}

#[derive(Subcommand)]
pub enum LetterCommand {
    /// Print a template (the organisation's own, or the default).
    Show {
        #[arg(long, value_parser = parse_letter_kind)]
        kind: LetterKind,
        #[arg(long, value_parser = parse_language, default_value = "en")]
        lang: LetterLanguage,
    },
    /// Replace a template from a file (first line "Subject: …"; MiniJinja placeholders), or --reset it.
    Set {
        #[arg(long, value_parser = parse_letter_kind)]
        kind: LetterKind,
        #[arg(long, value_parser = parse_language, default_value = "en")]
        lang: LetterLanguage,
        #[arg(long, conflicts_with = "reset", required_unless_present = "reset")]
        file: Option<std::path::PathBuf>,
        #[arg(long)]
        reset: bool,
    },
}

pub async fn letter(c: &Cockpit, cmd: LetterCommand, json: bool) -> anyhow::Result<Outcome> {
    let t = match cmd {
        LetterCommand::Show { kind, lang } => c.letter_template(kind, lang).await?,
        LetterCommand::Set { kind, lang, file, .. } => {
            let text = file.map(std::fs::read_to_string).transpose()?;
            c.set_letter_template(kind, lang, text).await?
        }
    };
    if json {
        print_json(&t)?;
    } else {
        out!("{}", t.text);
    }
    Ok(Outcome::Ok)
}
