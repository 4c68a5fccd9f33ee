//! `cockpit`: the command line of DPO Cockpit. Every command is a thin adapter over `cockpit_api`:
//! parse arguments, call one API method, print the result as text or (with `--json`) as JSON.
//!
//! Exit codes: 0 success; 1 the operation failed (validation, not found, a broken audit chain, a refused
//! import); 2 bad arguments (unknown flags, invalid dates or values), as clap reports them.

use anyhow::Context;
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use cockpit_api::completeness_text;
use cockpit_api::*;
use cockpit_domain::completeness::CompletenessBand;
use cockpit_domain::*;
use serde::Serialize;
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc instead of the system allocator: an import or a retention run allocates millions of small
/// values, and glibc's malloc took about a third of a 10,000-activity import (docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `println!` and `print!` for everything the CLI writes to standard output. They do not panic when
/// the reader has gone (`cockpit request list | head`): the rest of the output is dropped quietly.
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($t)*);
    }};
}
macro_rules! out {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout().lock(), $($t)*);
    }};
}

mod deadline;
mod report;
mod request;
mod retention;
mod security;

#[derive(Parser)]
#[command(
    name = "cockpit",
    version,
    about = "DPO Cockpit: record of processing activities, audit trail and more"
)]
struct Cli {
    /// Database file (default: the OS application-data folder).
    #[arg(long, global = true, env = "COCKPIT_DB", value_name = "PATH")]
    db: Option<PathBuf>,
    /// Print machine-readable JSON.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create the database (with --demo: load a demonstration register into an empty one).
    Init {
        #[arg(long)]
        demo: bool,
        /// Language of the demonstration data.
        #[arg(long, value_enum, default_value = "en")]
        lang: Lang,
    },
    /// The organisation profile (controller identity, DPO, establishments).
    #[command(subcommand)]
    Org(OrgCommand),
    /// Vocabularies: data-subject and data categories, recipients, systems, measures, parties.
    #[command(subcommand)]
    Vocab(VocabCommand),
    /// Processing activities (GDPR Art. 30).
    #[command(subcommand)]
    Activity(ActivityCommand),
    /// Import a register file (CSV, JSON or XLSX): all or nothing.
    Import { file: PathBuf },
    /// Export the register.
    Export {
        #[arg(long, value_enum)]
        format: Format,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// The register as it stood at the end of this day (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        as_of: Option<NaiveDate>,
    },
    /// The audit trail.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Legal time limits: data-subject requests under ten regimes, and the 72-hour breach clock.
    Deadline(deadline::DeadlineArgs),
    /// Data-subject requests: intake, workflow events, lists and figures.
    #[command(subcommand)]
    Request(request::RequestCommand),
    /// Letter templates (EN, ES, DE, FR) for requests.
    #[command(subcommand)]
    Letter(LetterTemplateCommand),
    /// The organisation's own datastores (SQLite, PostgreSQL, MySQL/MariaDB, folders).
    #[command(subcommand)]
    Datastore(retention::DatastoreCommand),
    /// Retention rules, legal holds, plans, approvals, runs and deletion certificates.
    #[command(subcommand)]
    Retention(retention::RetentionCommand),
    /// Scheduled work: runs due retention rules (for a headless server or a systemd timer).
    #[command(subcommand)]
    Scheduler(SchedulerCommand),
    /// Signed PDF reports: record of processing, requests, retention, audit trail, inspection pack.
    #[command(subcommand)]
    Report(report::ReportCommand),
    /// Write an encrypted, consistent backup of the database while it stays in use.
    Backup(security::BackupArgs),
    /// Restore a backup into a new database (--db), refusing to replace one without --force.
    Restore(security::RestoreArgs),
    /// Encrypt an unencrypted database (passphrase from COCKPIT_PASSPHRASE or a prompt).
    Encrypt,
    /// The database passphrase: change it, or keep it in the OS keyring ("unlock with my login").
    #[command(subcommand)]
    Passphrase(security::PassphraseCommand),
}

#[derive(Subcommand)]
enum SchedulerCommand {
    /// Run due rules (with --once: once, then exit; otherwise until interrupted).
    Run(retention::SchedulerArgs),
}

#[derive(Subcommand)]
enum LetterTemplateCommand {
    /// Show or replace a template.
    #[command(subcommand)]
    Template(request::LetterCommand),
}

#[derive(Clone, Copy, ValueEnum)]
enum Lang {
    En,
    Es,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Csv,
    Json,
    Xlsx,
}

impl From<Format> for ExportFormat {
    fn from(f: Format) -> Self {
        match f {
            Format::Csv => ExportFormat::Csv,
            Format::Json => ExportFormat::Json,
            Format::Xlsx => ExportFormat::Xlsx,
        }
    }
}

#[derive(Subcommand)]
enum OrgCommand {
    /// Show the organisation profile.
    Show,
    /// Change the profile: only the fields given change. `--from-json FILE` replaces it whole.
    Set(OrgSet),
}

#[derive(Args)]
struct OrgSet {
    /// A whole Organisation as JSON (`-` for standard input).
    #[arg(long, value_name = "FILE")]
    from_json: Option<PathBuf>,
    #[arg(long)]
    name: Option<String>,
    #[arg(long)]
    legal_form: Option<String>,
    #[arg(long)]
    registration_number: Option<String>,
    #[arg(long)]
    address: Option<String>,
    #[arg(long)]
    email: Option<String>,
    #[arg(long)]
    phone: Option<String>,
    #[arg(long)]
    representative: Option<String>,
    #[arg(long)]
    dpo_name: Option<String>,
    #[arg(long)]
    dpo_email: Option<String>,
    #[arg(long)]
    dpo_phone: Option<String>,
    #[arg(long)]
    employees: Option<u32>,
    /// The Art. 30(5) head-count threshold.
    #[arg(long)]
    art30_threshold: Option<u32>,
    /// Add or replace an establishment: NAME,COUNTRY,TIMEZONE[,REGION] (e.g. "Munich,DE,Europe/Berlin,DE-BY").
    #[arg(long, value_name = "SPEC")]
    establishment: Vec<String>,
    /// Make the named establishment the main one.
    #[arg(long, value_name = "NAME")]
    main_establishment: Option<String>,
    /// Remove the named establishment.
    #[arg(long, value_name = "NAME")]
    remove_establishment: Vec<String>,
    /// Add a public holiday of one establishment that the holiday data lack:
    /// ESTABLISHMENT,YYYY-MM-DD,NAME (e.g. "Munich branch,2026-08-15,Assumption Day").
    #[arg(long, value_name = "SPEC")]
    local_holiday: Vec<String>,
    /// Remove one: ESTABLISHMENT,YYYY-MM-DD.
    #[arg(long, value_name = "SPEC")]
    remove_local_holiday: Vec<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Kind {
    DataSubjectCategory,
    DataCategory,
    Recipient,
    System,
    Measure,
    Party,
}

impl From<Kind> for VocabularyKind {
    fn from(k: Kind) -> Self {
        match k {
            Kind::DataSubjectCategory => VocabularyKind::DataSubjectCategory,
            Kind::DataCategory => VocabularyKind::DataCategory,
            Kind::Recipient => VocabularyKind::Recipient,
            Kind::System => VocabularyKind::System,
            Kind::Measure => VocabularyKind::Measure,
            Kind::Party => VocabularyKind::Party,
        }
    }
}

#[derive(Subcommand)]
enum VocabCommand {
    /// List every vocabulary.
    List,
    /// Create or update an entry from its JSON, e.g. `--kind recipient '{"name":"Payroll provider","kind":"external","processor":true,"country":"DE"}'`.
    Set {
        #[arg(long, value_enum)]
        kind: Kind,
        entry: String,
        /// Update (and rename) the entry currently called this.
        #[arg(long, value_name = "NAME")]
        rename_from: Option<String>,
    },
    /// Delete an entry that no activity uses.
    Delete {
        #[arg(long, value_enum)]
        kind: Kind,
        name: String,
    },
}

#[derive(Args, Default)]
struct ActivityFields {
    /// A whole Activity as JSON (`-` for standard input); the other flags then change it further.
    #[arg(long, value_name = "FILE")]
    from_json: Option<PathBuf>,
    #[arg(long)]
    name: Option<String>,
    #[arg(long)]
    description: Option<String>,
    #[arg(long, value_enum)]
    role: Option<RoleArg>,
    /// A purpose (repeat for several; replaces the list).
    #[arg(long = "purpose")]
    purposes: Vec<String>,
    /// An Art. 6(1) lawful basis (repeat; replaces the list).
    #[arg(long = "lawful-basis", value_enum)]
    lawful_bases: Vec<BasisArg>,
    #[arg(long)]
    department: Option<String>,
    #[arg(long)]
    owner: Option<String>,
    #[arg(long, value_enum)]
    status: Option<StatusArg>,
    #[arg(long, value_name = "DATE")]
    next_review: Option<NaiveDate>,
    /// A data-subject category name (repeat; replaces the list).
    #[arg(long = "data-subject")]
    data_subjects: Vec<String>,
    /// A data category with its retention: "NAME" or "NAME=6y" / "NAME=18m:after the end of the contract".
    #[arg(long = "data-category")]
    data_categories: Vec<String>,
    /// A recipient name (repeat; replaces the list).
    #[arg(long = "recipient")]
    recipients: Vec<String>,
    /// A security measure name (repeat; replaces the list).
    #[arg(long = "measure")]
    measures: Vec<String>,
    /// A system name (repeat; replaces the list).
    #[arg(long = "system")]
    systems: Vec<String>,
    #[arg(long)]
    data_source: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum RoleArg {
    Controller,
    JointController,
    Processor,
}

#[derive(Clone, Copy, ValueEnum)]
enum StatusArg {
    Draft,
    Active,
    Retired,
}

#[derive(Clone, Copy, ValueEnum)]
enum BasisArg {
    Consent,
    Contract,
    LegalObligation,
    VitalInterests,
    PublicTask,
    LegitimateInterests,
}

#[derive(Clone, Copy, ValueEnum)]
enum BandArg {
    Complete,
    Partial,
    Poor,
}

#[derive(Clone, Copy, ValueEnum)]
enum SortArg {
    Id,
    Name,
    Department,
    Status,
    Score,
    NextReview,
    UpdatedAt,
}

#[derive(Subcommand)]
enum ActivityCommand {
    /// Create an activity.
    Add(ActivityFields),
    /// Change an activity: only the fields given change.
    Edit {
        id: String,
        #[command(flatten)]
        fields: ActivityFields,
    },
    /// Show one activity with its completeness.
    Show { id: String },
    /// List activities.
    List {
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        department: Option<String>,
        #[arg(long, value_enum)]
        lawful_basis: Option<BasisArg>,
        #[arg(long, value_enum)]
        status: Option<StatusArg>,
        #[arg(long, value_enum)]
        band: Option<BandArg>,
        #[arg(long, value_enum, default_value = "id")]
        sort: SortArg,
        #[arg(long)]
        desc: bool,
        /// The register as it stood at the end of this day (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        as_of: Option<NaiveDate>,
    },
    /// Mark an activity retired (activities are never deleted).
    Retire { id: String },
    /// Completeness check of one activity, or of all.
    Check { id: Option<String> },
    /// Every version of an activity with what changed.
    History { id: String },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Recompute the hash chain: exit 0 with the head hash, or exit 1 naming the first broken entry.
    Verify,
    /// The newest entries of the trail.
    Log {
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long)]
        object_type: Option<String>,
        #[arg(long)]
        object_id: Option<String>,
    },
}

fn code_of<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn from_code<T: serde::de::DeserializeOwned>(s: &str) -> T {
    serde_json::from_value(serde_json::Value::String(s.to_string()))
        .expect("clap value names match the serde codes")
}

fn value_code<V: ValueEnum>(v: &V) -> String {
    v.to_possible_value().map(|p| p.get_name().replace('-', "_")).unwrap_or_default()
}

fn read_json_arg<T: serde::de::DeserializeOwned>(path: &PathBuf) -> anyhow::Result<T> {
    let text = if path.as_os_str() == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        s
    } else {
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?
    };
    serde_json::from_str(&text)
        .with_context(|| format!("{} is not valid JSON for this object", path.display()))
}

/// Parses "NAME", "NAME=6y" or "NAME=18m:trigger text".
fn parse_data_category(spec: &str) -> anyhow::Result<ActivityDataCategory> {
    let Some((name, rest)) = spec.split_once('=') else {
        return Ok(ActivityDataCategory {
            category: spec.trim().to_string(),
            retention: Retention::default(),
        });
    };
    let (period, trigger) = rest.split_once(':').unwrap_or((rest, ""));
    let period = period.trim();
    let (digits, unit) = period.split_at(period.find(|c: char| !c.is_ascii_digit()).unwrap_or(period.len()));
    let amount: u32 = digits.parse().with_context(|| format!("'{period}' must look like 30d, 18m or 10y"))?;
    let unit = match unit {
        "d" => RetentionUnit::Days,
        "m" => RetentionUnit::Months,
        "y" => RetentionUnit::Years,
        _ => anyhow::bail!("'{period}' must look like 30d, 18m or 10y"),
    };
    Ok(ActivityDataCategory {
        category: name.trim().to_string(),
        retention: Retention {
            period: Some(RetentionPeriod { amount, unit, trigger: trigger.trim().to_string() }),
            criteria: String::new(),
        },
    })
}

fn apply_fields(a: &mut Activity, f: ActivityFields) -> anyhow::Result<()> {
    if let Some(p) = &f.from_json {
        let id = a.id.clone();
        *a = read_json_arg(p)?;
        if !id.is_empty() {
            a.id = id;
        }
    }
    macro_rules! set {
        ($field:ident) => {
            if let Some(v) = f.$field {
                a.$field = v;
            }
        };
    }
    set!(name);
    set!(description);
    set!(department);
    set!(owner);
    set!(data_source);
    if let Some(r) = f.role {
        a.role = from_code(&value_code(&r));
    }
    if let Some(s) = f.status {
        a.status = from_code(&value_code(&s));
    }
    if f.next_review.is_some() {
        a.next_review = f.next_review;
    }
    if !f.purposes.is_empty() {
        a.purposes = f.purposes;
    }
    if !f.lawful_bases.is_empty() {
        a.lawful_bases = f.lawful_bases.iter().map(|b| from_code(&value_code(b))).collect();
    }
    if !f.data_subjects.is_empty() {
        a.data_subjects = f.data_subjects;
    }
    if !f.data_categories.is_empty() {
        a.data_categories =
            f.data_categories.iter().map(|s| parse_data_category(s)).collect::<anyhow::Result<_>>()?;
    }
    if !f.recipients.is_empty() {
        a.recipients = f.recipients;
    }
    if !f.measures.is_empty() {
        a.measures = f.measures;
    }
    if !f.systems.is_empty() {
        a.systems = f.systems;
    }
    Ok(())
}

/// Prints a value as pretty JSON.
fn print_json<T: Serialize>(v: &T) -> anyhow::Result<()> {
    outln!("{}", serde_json::to_string_pretty(v)?);
    Ok(())
}

fn band_label(score: u32) -> &'static str {
    match CompletenessBand::of(score) {
        CompletenessBand::Complete => "complete",
        CompletenessBand::Partial => "partial",
        CompletenessBand::Poor => "poor",
    }
}

/// What a command produced: success, or an API error to report.
enum Outcome {
    Ok,
    /// Exit 1 with nothing more to print (the command printed its own report).
    Failed,
}

async fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let db = cli.db.clone().unwrap_or_else(default_db_path);
    let json = cli.json;
    // Commands on the file itself: they must not open (or create) the database first.
    match cli.command {
        Command::Restore(args) => return security::restore(&db, args, json).await.map(|_| Outcome::Ok),
        Command::Encrypt => return security::encrypt(&db, json).await.map(|_| Outcome::Ok),
        Command::Passphrase(cmd) => return security::passphrase(&db, cmd).await.map(|_| Outcome::Ok),
        _ => {}
    }
    let creating =
        cockpit_api::security::database_state(&db)? == cockpit_api::security::DatabaseState::Missing;
    let passphrase = if creating && matches!(cli.command, Command::Init { .. }) {
        security::passphrase_for_new(&db)?
    } else if creating {
        // Any other first command creates the database too: encrypted when COCKPIT_PASSPHRASE says so.
        cockpit_api::security::passphrase_from_env(security::ENV)
            .map(|p| cockpit_api::security::new_passphrase(p.expose()))
            .transpose()?
    } else {
        security::existing_passphrase(&db)?
    };
    let cockpit = Cockpit::open_encrypted(&db, passphrase.as_ref()).await?;
    if creating && !cockpit.is_encrypted() {
        security::warn_unencrypted(&db);
    }
    if let Command::Backup(mut args) = cli.command {
        let result = match args.command.take() {
            Some(security::BackupCommand::Auto(a)) => security::backup_auto(&cockpit, a, json).await,
            None => security::backup(&cockpit, &db, args, json).await,
        };
        cockpit.close().await;
        return result.map(|_| Outcome::Ok);
    }
    let result = run_command(&cockpit, cli.command, json, &db).await;
    cockpit.close().await;
    result
}

async fn run_command(
    c: &Cockpit,
    command: Command,
    json: bool,
    db: &std::path::Path,
) -> anyhow::Result<Outcome> {
    match command {
        Command::Init { demo, lang } => {
            let lang = match lang {
                Lang::En => DemoLanguage::En,
                Lang::Es => DemoLanguage::Es,
            };
            let loaded = c.init(demo.then_some(lang)).await?;
            if json {
                print_json(
                    &serde_json::json!({"database": db.display().to_string(), "demo_activities": loaded}),
                )?;
            } else if demo {
                outln!("Database ready at {} with {loaded} demonstration activities.", db.display());
            } else {
                outln!("Database ready at {}.", db.display());
            }
        }
        Command::Org(OrgCommand::Show) => {
            let org = c.organisation().await?;
            if json {
                print_json(&org)?;
            } else if let Some(o) = org {
                outln!("{}  {}", o.name, o.legal_form);
                for (label, v) in [
                    ("Registration", &o.registration_number),
                    ("Address", &o.address),
                    ("E-mail", &o.email),
                    ("Phone", &o.phone),
                    ("Representative (Art. 27)", &o.representative),
                    ("DPO", &o.dpo_name),
                    ("DPO e-mail", &o.dpo_email),
                    ("DPO phone", &o.dpo_phone),
                ] {
                    if !v.is_empty() {
                        outln!("  {label}: {v}");
                    }
                }
                if let Some(n) = o.employees {
                    outln!("  Employees: {n} (Art. 30(5) threshold {})", o.art30_threshold);
                }
                for e in &o.establishments {
                    let region = if e.region.is_empty() { String::new() } else { format!(" {}", e.region) };
                    outln!(
                        "  Establishment: {} ({}{region}, {}){}",
                        e.name,
                        e.country,
                        e.timezone,
                        if e.main { " [main]" } else { "" }
                    );
                    for h in &e.local_holidays {
                        outln!("    local holiday {} {}", h.date, h.name);
                    }
                }
            } else {
                outln!("No organisation profile yet: `cockpit org set --name ...`.");
            }
        }
        Command::Org(OrgCommand::Set(s)) => {
            let mut o = match &s.from_json {
                Some(p) => read_json_arg(p)?,
                None => c
                    .organisation()
                    .await?
                    .unwrap_or(Organisation { art30_threshold: 250, ..Default::default() }),
            };
            macro_rules! set {
                ($($f:ident),*) => { $( if let Some(v) = s.$f.clone() { o.$f = v; } )* };
            }
            set!(
                name,
                legal_form,
                registration_number,
                address,
                email,
                phone,
                representative,
                dpo_name,
                dpo_email,
                dpo_phone
            );
            if s.employees.is_some() {
                o.employees = s.employees;
            }
            if let Some(t) = s.art30_threshold {
                o.art30_threshold = t;
            }
            for name in &s.remove_establishment {
                let before = o.establishments.len();
                o.establishments.retain(|e| !e.name.eq_ignore_ascii_case(name));
                anyhow::ensure!(o.establishments.len() < before, "no establishment named '{name}'");
            }
            for spec in &s.establishment {
                let parts: Vec<&str> = spec.split(',').map(str::trim).collect();
                anyhow::ensure!(
                    (3..=4).contains(&parts.len()),
                    "--establishment wants NAME,COUNTRY,TIMEZONE[,REGION], got '{spec}'"
                );
                let e = Establishment {
                    name: parts[0].to_string(),
                    country: parts[1].to_string(),
                    timezone: parts[2].to_string(),
                    region: parts.get(3).unwrap_or(&"").to_string(),
                    address: String::new(),
                    main: false,
                    local_holidays: Vec::new(),
                };
                match o.establishments.iter_mut().find(|x| x.name.eq_ignore_ascii_case(&e.name)) {
                    Some(x) => {
                        let main = x.main;
                        let address = std::mem::take(&mut x.address);
                        let local_holidays = std::mem::take(&mut x.local_holidays);
                        *x = Establishment { main, address, local_holidays, ..e };
                    }
                    None => o.establishments.push(e),
                }
            }
            for (spec, add) in s
                .local_holiday
                .iter()
                .map(|x| (x, true))
                .chain(s.remove_local_holiday.iter().map(|x| (x, false)))
            {
                let parts: Vec<&str> = spec.splitn(3, ',').map(str::trim).collect();
                let want = if add { "ESTABLISHMENT,YYYY-MM-DD,NAME" } else { "ESTABLISHMENT,YYYY-MM-DD" };
                anyhow::ensure!(parts.len() == if add { 3 } else { 2 }, "wants {want}, got '{spec}'");
                let date = NaiveDate::parse_from_str(parts[1], "%Y-%m-%d")
                    .map_err(|_| anyhow::anyhow!("'{}' is not a date YYYY-MM-DD (in '{spec}')", parts[1]))?;
                let e = o
                    .establishments
                    .iter_mut()
                    .find(|e| e.name.eq_ignore_ascii_case(parts[0]))
                    .ok_or_else(|| anyhow::anyhow!("no establishment named '{}'", parts[0]))?;
                e.local_holidays.retain(|h| h.date != date);
                if add {
                    e.local_holidays
                        .push(cockpit_deadline::LocalHoliday { date, name: parts[2].to_string() });
                    e.local_holidays.sort_by_key(|h| h.date);
                }
            }
            if let Some(m) = &s.main_establishment {
                anyhow::ensure!(
                    o.establishments.iter().any(|e| e.name.eq_ignore_ascii_case(m)),
                    "no establishment named '{m}'"
                );
                for e in &mut o.establishments {
                    e.main = e.name.eq_ignore_ascii_case(m);
                }
            }
            let saved = c.set_organisation(o).await?;
            if json {
                print_json(&saved)?;
            } else {
                outln!("Organisation profile saved.");
            }
        }
        Command::Vocab(VocabCommand::List) => {
            let v = c.vocabularies().await?;
            if json {
                print_json(&v)?;
            } else {
                let sections: [(&str, Vec<String>); 6] = [
                    (
                        "Data-subject categories",
                        v.data_subject_categories.iter().map(|x| x.name.clone()).collect(),
                    ),
                    (
                        "Data categories",
                        v.data_categories
                            .iter()
                            .map(|x| format!("{} [{}]", x.name, code_of(&x.kind)))
                            .collect(),
                    ),
                    (
                        "Recipients",
                        v.recipients
                            .iter()
                            .map(|x| {
                                format!(
                                    "{} [{}{}{}]",
                                    x.name,
                                    code_of(&x.kind),
                                    if x.processor { ", processor" } else { "" },
                                    if x.country.is_empty() {
                                        String::new()
                                    } else {
                                        format!(", {}", x.country)
                                    }
                                )
                            })
                            .collect(),
                    ),
                    ("Systems", v.systems.iter().map(|x| x.name.clone()).collect()),
                    (
                        "Security measures",
                        v.measures.iter().map(|x| format!("{} [{}]", x.name, code_of(&x.kind))).collect(),
                    ),
                    ("Parties", v.parties.iter().map(|x| x.name.clone()).collect()),
                ];
                for (title, items) in sections {
                    outln!("{title} ({})", items.len());
                    for i in items {
                        outln!("  {i}");
                    }
                }
            }
        }
        Command::Vocab(VocabCommand::Set { kind, entry, rename_from }) => {
            let kind: VocabularyKind = kind.into();
            let fields: serde_json::Value =
                serde_json::from_str(&entry).context("the entry must be a JSON object")?;
            let tagged = serde_json::json!({"kind": kind.as_str(), "entry": fields});
            let entry: VocabularyEntry =
                serde_json::from_value(tagged).context("the JSON does not fit this kind of entry")?;
            let saved = c.save_vocabulary_entry(entry, rename_from).await?;
            if json {
                print_json(&saved)?;
            } else {
                outln!("Saved {} '{}'.", kind.as_str().replace('_', " "), saved.name());
            }
        }
        Command::Vocab(VocabCommand::Delete { kind, name }) => {
            c.delete_vocabulary_entry(kind.into(), name.clone()).await?;
            if !json {
                outln!("Deleted '{name}'.");
            } else {
                print_json(&serde_json::json!({"deleted": name}))?;
            }
        }
        Command::Activity(cmd) => return activity_command(c, cmd, json).await,
        Command::Import { file } => {
            let s = c.import_file(&file).await?;
            if json {
                print_json(&s)?;
            } else {
                outln!(
                    "Imported {}: {} activities created, {} updated, {} unchanged; {} vocabulary entries created, {} updated{}.",
                    file.display(),
                    s.activities_created,
                    s.activities_updated,
                    s.activities_unchanged,
                    s.vocabulary_created,
                    s.vocabulary_updated,
                    if s.organisation_changed { "; organisation profile updated" } else { "" }
                );
            }
        }
        Command::Export { format, out, as_of } => {
            let n = c.export_to(&out, format.into(), as_of).await?;
            if json {
                print_json(&serde_json::json!({"file": out.display().to_string(), "activities": n}))?;
            } else {
                outln!("Exported {n} activities to {}.", out.display());
            }
        }
        Command::Audit(AuditCommand::Verify) => {
            let v = c.verify_audit().await?;
            if json {
                print_json(&v)?;
            } else if v.ok {
                outln!(
                    "Audit trail verified: {} entries, head hash {}",
                    v.entries,
                    v.head_hash.clone().unwrap_or_default()
                );
            } else {
                match v.first_broken_seq {
                    Some(seq) => eprintln!(
                        "Audit trail BROKEN at entry {seq}: {}",
                        v.problem.clone().unwrap_or_default()
                    ),
                    None => eprintln!("Audit trail chain is intact, but the register does not match it:"),
                }
                for m in &v.register_mismatches {
                    eprintln!("  {m}");
                }
            }
            if !v.ok {
                return Ok(Outcome::Failed);
            }
        }
        Command::Audit(AuditCommand::Log { limit, object_type, object_id }) => {
            let entries = c
                .audit_log(AuditQuery { object_type, object_id, before_seq: None, limit: Some(limit) })
                .await?;
            if json {
                print_json(&entries)?;
            } else {
                for e in entries {
                    outln!(
                        "{:>6}  {}  {:<12} {:<8} {} {}  {}",
                        e.seq,
                        e.at,
                        e.actor,
                        e.action,
                        e.object_type,
                        e.object_id,
                        &e.hash[..16]
                    );
                }
            }
        }
        Command::Deadline(_) => unreachable!("answered in main without a database"),
        Command::Request(cmd) => return request::run(c, cmd, json).await,
        Command::Datastore(cmd) => return retention::datastore(c, cmd, json).await,
        Command::Retention(cmd) => return retention::retention(c, cmd, json).await,
        Command::Scheduler(SchedulerCommand::Run(a)) => return retention::scheduler(c, a, json).await,
        Command::Report(cmd) => return report::run(c, cmd, json).await,
        Command::Letter(LetterTemplateCommand::Template(cmd)) => return request::letter(c, cmd, json).await,
        Command::Backup(_) | Command::Restore(_) | Command::Encrypt | Command::Passphrase(_) => {
            unreachable!("answered in run, before or beside opening the database")
        }
    }
    Ok(Outcome::Ok)
}

async fn activity_command(c: &Cockpit, cmd: ActivityCommand, json: bool) -> anyhow::Result<Outcome> {
    match cmd {
        ActivityCommand::Add(fields) => {
            let mut a = Activity::new("", "");
            apply_fields(&mut a, fields)?;
            let d = c.create_activity(a).await?;
            if json {
                print_json(&d)?;
            } else {
                outln!(
                    "Created {} \"{}\" (completeness {}/100).",
                    d.activity.id,
                    d.activity.name,
                    d.completeness.score
                );
            }
        }
        ActivityCommand::Edit { id, fields } => {
            let current = c.get_activity(&id).await?;
            let mut a = current.activity;
            apply_fields(&mut a, fields)?;
            let d = c.update_activity(a, Some(current.version)).await?;
            if json {
                print_json(&d)?;
            } else {
                outln!(
                    "Saved {} (version {}, completeness {}/100).",
                    d.activity.id,
                    d.version,
                    d.completeness.score
                );
            }
        }
        ActivityCommand::Show { id } => {
            let d = c.get_activity(&id).await?;
            if json {
                print_json(&d)?;
            } else {
                let a = &d.activity;
                outln!(
                    "{}  {}  [{}; {}; version {}]",
                    a.id,
                    a.name,
                    code_of(&a.role),
                    code_of(&a.status),
                    d.version
                );
                if !a.description.is_empty() {
                    outln!("  {}", a.description);
                }
                let bases: Vec<String> = a.lawful_bases.iter().map(code_of).collect();
                let cats: Vec<String> = a
                    .data_categories
                    .iter()
                    .map(|dc| match &dc.retention.period {
                        Some(p) => format!(
                            "{} ({} {}{})",
                            dc.category,
                            p.amount,
                            code_of(&p.unit),
                            if p.trigger.is_empty() {
                                String::new()
                            } else {
                                format!(" after {}", p.trigger)
                            }
                        ),
                        None if !dc.retention.criteria.is_empty() => {
                            format!("{} ({})", dc.category, dc.retention.criteria)
                        }
                        None => format!("{} (no retention)", dc.category),
                    })
                    .collect();
                let transfers: Vec<String> = a
                    .transfers
                    .iter()
                    .map(|t| {
                        format!(
                            "{} via {}",
                            t.country,
                            t.mechanism.map(|m| m.article()).unwrap_or("no mechanism")
                        )
                    })
                    .collect();
                for (label, v) in [
                    ("(a) Parties", a.parties.join("; ")),
                    ("(b) Purposes", a.purposes.join("; ")),
                    ("    Lawful bases", bases.join(", ")),
                    ("(c) Data subjects", a.data_subjects.join("; ")),
                    ("(c,f) Data categories", cats.join("; ")),
                    ("(d) Recipients", a.recipients.join("; ")),
                    ("(e) Transfers", transfers.join("; ")),
                    ("(g) Measures", a.measures.join("; ")),
                    ("    Systems", a.systems.join("; ")),
                    ("    Department", a.department.clone()),
                    ("    Owner", a.owner.clone()),
                    ("    Next review", a.next_review.map(|d| d.to_string()).unwrap_or_default()),
                ] {
                    if !v.is_empty() {
                        outln!("  {label}: {v}");
                    }
                }
                out!("{}", completeness_text(&d.completeness));
            }
        }
        ActivityCommand::List { search, department, lawful_basis, status, band, sort, desc, as_of } => {
            let q = ActivityQuery {
                search,
                department,
                lawful_basis: lawful_basis.map(|b| from_code(&value_code(&b))),
                status: status.map(|s| from_code(&value_code(&s))),
                band: band.map(|b| from_code(&value_code(&b))),
                sort: from_code(&value_code(&sort)),
                descending: desc,
                offset: None,
                limit: None,
            };
            let page = c.list_activities(q, as_of).await?;
            if json {
                print_json(&page.items)?;
            } else {
                for s in &page.items {
                    outln!(
                        "{:<10} {:<48} {:<20} {:<8} {:>3} {:<8}",
                        s.id,
                        truncate(&s.name, 48),
                        truncate(&s.department, 20),
                        code_of(&s.status),
                        s.score,
                        band_label(s.score)
                    );
                }
                outln!("{} activit{}", page.total, if page.total == 1 { "y" } else { "ies" });
            }
        }
        ActivityCommand::Retire { id } => {
            let d = c.retire_activity(&id).await?;
            if json {
                print_json(&d)?;
            } else {
                outln!("Retired {}.", d.activity.id);
            }
        }
        ActivityCommand::Check { id } => {
            let results = c.check_stored(id.as_deref()).await?;
            if json {
                if id.is_some() {
                    print_json(&results[0])?;
                } else {
                    print_json(&results)?;
                }
            } else {
                for r in &results {
                    outln!("{}", r.activity_id);
                    out!("{}", completeness_text(r));
                }
            }
        }
        ActivityCommand::History { id } => {
            let versions = c.activity_history(&id).await?;
            if json {
                print_json(&versions)?;
            } else {
                for v in versions {
                    outln!(
                        "version {}  {}  {}  {} (audit entry {})",
                        v.version,
                        v.at,
                        v.actor,
                        v.action,
                        v.seq
                    );
                    for ch in v.changes.iter().take(if v.version == 1 { 0 } else { usize::MAX }) {
                        outln!("    {}: {} -> {}", ch.path, ch.before, ch.after);
                    }
                }
            }
        }
    }
    Ok(Outcome::Ok)
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    }
}

/// The subcommand path (`request add`, `backup auto`): what the log may say about a command line. The
/// arguments' values may be personal data and are never logged.
fn command_path(matches: &clap::ArgMatches) -> String {
    let mut names = Vec::new();
    let mut m = matches;
    while let Some((name, sub)) = m.subcommand() {
        names.push(name);
        m = sub;
    }
    names.join(" ")
}

fn main() -> ExitCode {
    let matches = <Cli as clap::CommandFactory>::command().get_matches();
    let command = command_path(&matches);
    let cli = match <Cli as clap::FromArgMatches>::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => e.exit(),
    };
    let json = cli.json;
    if let Command::Deadline(args) = cli.command {
        // Pure computation: no database, no runtime.
        return deadline::run(args, json);
    }
    cockpit_api::logging::init("cockpit", "warn");
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    let started = std::time::Instant::now();
    let result = runtime.block_on(run(cli));
    let ms = started.elapsed().as_millis() as u64;
    match result {
        Ok(Outcome::Ok) => {
            tracing::info!(command = %command, ms, "command done");
            ExitCode::SUCCESS
        }
        Ok(Outcome::Failed) => {
            tracing::info!(command = %command, ms, "command done: failed");
            ExitCode::FAILURE
        }
        Err(e) => {
            // The error's kind only: a message may quote what the user typed. At `info`, so that it goes
            // to the log file and not to the terminal, which gets the message itself below.
            let code = e.downcast_ref::<ApiError>().map(|a| a.code);
            tracing::info!(command = %command, ms, code = ?code, "command failed");
            if let Some(api) = e.downcast_ref::<ApiError>() {
                if json {
                    let _ = print_json(api);
                }
                eprintln!("error: {api}");
            } else {
                eprintln!("error: {e:#}");
            }
            ExitCode::FAILURE
        }
    }
}
