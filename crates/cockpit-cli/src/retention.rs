//! `cockpit datastore …`, `cockpit retention …` and `cockpit scheduler run`: the organisation's
//! datastores and the enforcement of retention periods on them, over the API.

use crate::{print_json, Outcome};
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use cockpit_api::retention::{PlanInfo, RuleInfo, RunCertificate};
use cockpit_api::Cockpit;
use cockpit_domain::retention::*;
use std::io::Read;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum DatastoreCommand {
    /// Add a datastore after testing the connection. Passwords go to the OS keyring, never the database.
    Add {
        name: String,
        #[arg(long, value_parser = ["sqlite", "postgres", "mysql", "folder"])]
        kind: String,
        /// sqlite:///path/file.db, postgres://user@host:5432/db, mysql://user@host:3306/db, or a folder path.
        #[arg(long)]
        url: String,
        /// Read the password from standard input (first line).
        #[arg(long)]
        password_stdin: bool,
    },
    /// Test a datastore's connection: server version and the tables it can see.
    Test { name: String },
    /// List datastores.
    List,
    /// Tables and columns of a datastore.
    Tables { name: String },
}

#[derive(Subcommand)]
pub enum RetentionCommand {
    /// Retention rules.
    #[command(subcommand)]
    Rule(RuleCommand),
    /// Legal holds (Art. 17(3) GDPR): entries that must not be deleted.
    #[command(subcommand)]
    Hold(HoldCommand),
    /// Dry run: the cutoff, what would be affected and held, sample keys and the statements.
    Plan { name: String },
    /// Approve the plan of the rule's current version (required before its first run and after changes).
    Approve { name: String },
    /// Run a rule now (or resume its interrupted run).
    Run { name: String },
    /// Ask a running run to stop after its current batch.
    Cancel { run: i64 },
    /// Runs with their evidence figures.
    Runs {
        #[arg(long)]
        rule: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// The deletion certificate of a run, verified against the audit trail (with --pdf: as a signed PDF
    /// with FILE.minisig beside it).
    Certificate {
        run: i64,
        #[arg(long, value_name = "FILE")]
        pdf: Option<PathBuf>,
        #[arg(long, value_parser = ["a4", "letter"], default_value = "a4")]
        paper: String,
        /// The language of the PDF's labels (the values are printed as stored).
        #[arg(long, value_enum, default_value = "en")]
        lang: crate::report::LangArg,
    },
}

#[derive(Args)]
pub struct RuleArgs {
    /// The datastore the rule acts on.
    #[arg(long)]
    datastore: Option<String>,
    /// Table (database datastores).
    #[arg(long)]
    table: Option<String>,
    /// Timestamp column the period counts from.
    #[arg(long)]
    time_column: Option<String>,
    /// How the timestamp is stored: auto (detect), native, iso, epoch, epoch-ms.
    #[arg(long, value_parser = parse_time_format)]
    time_format: Option<TimeFormat>,
    /// Unique key column (SQLite tables may use rowid).
    #[arg(long)]
    key_column: Option<String>,
    /// Files to consider, relative to a folder datastore (e.g. 'exports/**/*.csv').
    #[arg(long)]
    glob: Option<String>,
    /// How long to keep: 365d, 18m, 10y, or 10y-fy (after the end of the fiscal year), 6y-fy@03-31.
    #[arg(long, value_parser = parse_period)]
    keep: Option<RetentionPeriod>,
    /// delete (rows or files) or anonymize (the columns listed with --columns).
    #[arg(long, value_parser = ["delete", "anonymize", "anonymise"])]
    action: Option<String>,
    /// Columns to anonymise: name (NULL), name=hash (keyed hash), name=fixed:VALUE.
    #[arg(long, value_delimiter = ',', value_parser = parse_anon)]
    columns: Vec<AnonColumn>,
    /// Extra condition COL OP VALUE (repeatable); OP is = != < <= > >= (or is-null / is-not-null with no value).
    #[arg(long = "where", num_args = 2..=3, value_names = ["COL", "OP", "VALUE"], action = clap::ArgAction::Append)]
    filters: Vec<String>,
    /// Remove all extra conditions (edit).
    #[arg(long)]
    clear_where: bool,
    /// The processing activity whose retention this enforces.
    #[arg(long)]
    activity: Option<String>,
    /// The activity's data category.
    #[arg(long)]
    data_category: Option<String>,
    /// Cron schedule (minute hour day month weekday) in the rule's time zone, e.g. '0 2 * * *'.
    #[arg(long)]
    schedule: Option<String>,
    /// Remove the schedule (edit).
    #[arg(long)]
    no_schedule: bool,
    /// Most entries per batch (one short transaction each), 1–20000; batches are sized to take about
    /// 75 ms (PostgreSQL: 150 ms) within this [default: 20000].
    #[arg(long)]
    batch_size: Option<u32>,
    /// IANA time zone for the period and schedule (default: the organisation's).
    #[arg(long)]
    timezone: Option<String>,
    #[arg(long)]
    description: Option<String>,
    /// Disable (or with --enable, enable) scheduled runs.
    #[arg(long, conflicts_with = "enable")]
    disable: bool,
    #[arg(long)]
    enable: bool,
}

#[derive(Subcommand)]
pub enum RuleCommand {
    /// Add a rule; every name is checked against the datastore's catalogue.
    Add {
        name: String,
        #[command(flatten)]
        args: RuleArgs,
    },
    /// Change a rule: a new version, whose plan must be approved again.
    Edit {
        name: String,
        #[command(flatten)]
        args: RuleArgs,
    },
    List,
    Show {
        name: String,
    },
}

#[derive(Subcommand)]
pub enum HoldCommand {
    /// Place a hold on a rule, on listed keys of a rule, or on every rule of an activity.
    Add {
        #[arg(long, conflicts_with = "activity")]
        rule: Option<String>,
        #[arg(long)]
        activity: Option<String>,
        /// A held key value or file path (repeatable).
        #[arg(long = "key")]
        keys: Vec<String>,
        /// A file with one held key per line.
        #[arg(long)]
        keys_file: Option<PathBuf>,
        #[arg(long)]
        reason: String,
        /// Who answers for the hold (default: you).
        #[arg(long)]
        owner: Option<String>,
        /// Last day the hold applies (YYYY-MM-DD); it expires by itself after that day.
        #[arg(long, value_parser = parse_date)]
        until: Option<NaiveDate>,
    },
    List {
        /// Also released and expired holds.
        #[arg(long)]
        all: bool,
    },
    Release {
        id: i64,
        #[arg(long)]
        reason: String,
    },
}

fn parse_time_format(s: &str) -> Result<TimeFormat, String> {
    s.parse().map_err(|e: RuleError| e.to_string())
}
fn parse_period(s: &str) -> Result<RetentionPeriod, String> {
    s.parse().map_err(|e: RuleError| e.to_string())
}
fn parse_anon(s: &str) -> Result<AnonColumn, String> {
    s.parse().map_err(|e: RuleError| e.to_string())
}
fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("invalid date {s:?}: expected YYYY-MM-DD"))
}

fn parse_filters(raw: &[String]) -> anyhow::Result<Vec<Filter>> {
    // clap gives the values flat; an operator without a value takes two, the others three.
    let mut out = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        let column = raw[i].clone();
        let op: FilterOp = raw
            .get(i + 1)
            .ok_or_else(|| anyhow::anyhow!("--where {column}: missing operator"))?
            .parse()
            .map_err(|e: RuleError| anyhow::anyhow!(e.to_string()))?;
        if op.takes_value() {
            let value = raw
                .get(i + 2)
                .ok_or_else(|| anyhow::anyhow!("--where {column} {}: missing value", op.sql()))?;
            out.push(Filter { column, op, value: Some(value.clone()) });
            i += 3;
        } else {
            out.push(Filter { column, op, value: None });
            i += 2;
        }
    }
    Ok(out)
}

fn action_of(
    a: &RuleArgs,
    folder: bool,
    current: Option<&RetentionAction>,
) -> anyhow::Result<RetentionAction> {
    Ok(match a.action.as_deref() {
        Some("anonymize") | Some("anonymise") => RetentionAction::Anonymize { columns: a.columns.clone() },
        Some(_) if folder => RetentionAction::DeleteFiles,
        Some(_) => RetentionAction::Delete,
        None => match current {
            Some(RetentionAction::Anonymize { columns }) => RetentionAction::Anonymize {
                columns: if a.columns.is_empty() { columns.clone() } else { a.columns.clone() },
            },
            Some(other) => other.clone(),
            None if folder => RetentionAction::DeleteFiles,
            None => {
                if !a.columns.is_empty() {
                    anyhow::bail!("--columns applies to --action anonymize");
                }
                RetentionAction::Delete
            }
        },
    })
}

fn new_rule(name: String, a: RuleArgs) -> anyhow::Result<RetentionRule> {
    let need =
        |v: Option<String>, flag: &str| v.ok_or_else(|| anyhow::anyhow!("retention rule add needs --{flag}"));
    let datastore = need(a.datastore.clone(), "datastore")?;
    let keep = a
        .keep
        .clone()
        .ok_or_else(|| anyhow::anyhow!("retention rule add needs --keep (e.g. 365d, 18m, 10y)"))?;
    let folder = a.glob.is_some();
    let target = if let Some(glob) = a.glob.clone() {
        if a.table.is_some() || a.time_column.is_some() || a.key_column.is_some() {
            anyhow::bail!("a folder rule takes --glob only, not --table, --time-column or --key-column");
        }
        RetentionTarget::Folder { glob }
    } else {
        RetentionTarget::Table {
            table: need(a.table.clone(), "table")?,
            time_column: need(a.time_column.clone(), "time-column")?,
            time_format: a.time_format.unwrap_or(TimeFormat::Auto),
            key_column: need(a.key_column.clone(), "key-column")?,
            filters: parse_filters(&a.filters)?,
        }
    };
    Ok(RetentionRule {
        name,
        datastore,
        activity: a.activity.clone(),
        data_category: a.data_category.clone(),
        target,
        keep,
        action: action_of(&a, folder, None)?,
        batch_size: a.batch_size.unwrap_or(DEFAULT_BATCH_SIZE),
        schedule: a.schedule.clone(),
        timezone: a.timezone.clone().unwrap_or_default(),
        enabled: !a.disable,
        description: a.description.clone().unwrap_or_default(),
    })
}

fn edit_rule(mut r: RetentionRule, a: RuleArgs) -> anyhow::Result<RetentionRule> {
    if a.datastore.is_some() && a.datastore != Some(r.datastore.clone()) {
        anyhow::bail!("a rule's datastore cannot change: add a new rule");
    }
    let folder = matches!(r.target, RetentionTarget::Folder { .. });
    match &mut r.target {
        RetentionTarget::Table { table, time_column, time_format, key_column, filters } => {
            if a.glob.is_some() {
                anyhow::bail!("--glob applies to folder rules");
            }
            if let Some(t) = &a.table {
                *table = t.clone();
            }
            if let Some(t) = &a.time_column {
                *time_column = t.clone();
                *time_format = TimeFormat::Auto;
            }
            if let Some(f) = a.time_format {
                *time_format = f;
            }
            if let Some(k) = &a.key_column {
                *key_column = k.clone();
            }
            if a.clear_where {
                filters.clear();
            }
            filters.extend(parse_filters(&a.filters)?);
        }
        RetentionTarget::Folder { glob } => {
            if a.table.is_some() || a.time_column.is_some() || a.key_column.is_some() || !a.filters.is_empty()
            {
                anyhow::bail!("a folder rule takes --glob only");
            }
            if let Some(g) = &a.glob {
                *glob = g.clone();
            }
        }
    }
    if let Some(k) = &a.keep {
        r.keep = k.clone();
    }
    r.action = action_of(&a, folder, Some(&r.action))?;
    if a.activity.is_some() {
        r.activity = a.activity.clone();
    }
    if a.data_category.is_some() {
        r.data_category = a.data_category.clone();
    }
    if a.no_schedule {
        r.schedule = None;
    } else if a.schedule.is_some() {
        r.schedule = a.schedule.clone();
    }
    if let Some(b) = a.batch_size {
        r.batch_size = b;
    }
    if let Some(t) = &a.timezone {
        r.timezone = t.clone();
    }
    if let Some(d) = &a.description {
        r.description = d.clone();
    }
    if a.disable {
        r.enabled = false;
    }
    if a.enable {
        r.enabled = true;
    }
    Ok(r)
}

fn target_text(r: &RetentionRule) -> String {
    match &r.target {
        RetentionTarget::Table { table, time_column, time_format, key_column, filters } => {
            let mut s = format!(
                "{}.{table} by {time_column} ({}), key {key_column}",
                r.datastore,
                time_format.code()
            );
            for f in filters {
                s.push_str(&format!(", where {f}"));
            }
            s
        }
        RetentionTarget::Folder { glob } => format!("{}:{glob} by modification time", r.datastore),
    }
}

fn action_text(a: &RetentionAction) -> String {
    match a {
        RetentionAction::Anonymize { columns } => {
            format!("anonymize {}", columns.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", "))
        }
        other => other.code().to_string(),
    }
}

fn print_rule(i: &RuleInfo) {
    let r = &i.rule;
    outln!("{} (version {}, {})", r.name, i.version, if r.enabled { "enabled" } else { "disabled" });
    outln!("  target:    {}", target_text(r));
    outln!("  keep:      {} ({})", r.keep, r.keep.describe());
    outln!("  action:    {}", action_text(&r.action));
    outln!("  batches:   {} entries", r.batch_size);
    if let Some(a) = &r.activity {
        outln!("  activity:  {a}{}", r.data_category.as_ref().map(|c| format!(" / {c}")).unwrap_or_default());
    }
    outln!(
        "  schedule:  {} ({}){}",
        r.schedule.as_deref().unwrap_or("none"),
        r.timezone,
        i.next_run.map(|t| format!(", next {}", t.to_rfc3339())).unwrap_or_default()
    );
    outln!(
        "  approval:  {}",
        if i.approved {
            format!(
                "approved by {} at {}",
                i.approved_by.as_deref().unwrap_or("?"),
                i.approved_at.as_deref().unwrap_or("?")
            )
        } else {
            "the current version's plan is NOT approved".to_string()
        }
    );
    if let Some(l) = &i.last_run {
        outln!(
            "  last run:  {} {} at {}: {} affected, {} held",
            l.id,
            l.status,
            l.started_at,
            l.affected,
            l.held
        );
    }
}

fn print_plan(p: &PlanInfo) {
    outln!(
        "Plan for rule {} (version {}, {})",
        p.plan.rule,
        p.version,
        if p.approved { "approved" } else { "not approved" }
    );
    outln!("  keep {}: cutoff {}", p.period, p.plan.cutoff.to_rfc3339());
    outln!("  time:     {}", p.plan.time_comparison.explanation);
    outln!("  affected: {} ({})", p.plan.affected, p.action);
    outln!("  held:     {}", p.plan.held);
    if !p.plan.whole_rule_holds.is_empty() {
        outln!("  the whole rule is held by hold(s) {:?}: a run touches nothing", p.plan.whole_rule_holds);
    }
    if !p.plan.sample_keys.is_empty() {
        outln!("  sample:   {}", p.plan.sample_keys.join(", "));
    }
    outln!("  statements:");
    for s in &p.plan.statements {
        outln!("    {s}");
    }
}

fn print_certificate(c: &RunCertificate) {
    let r = &c.run;
    outln!("DELETION CERTIFICATE — retention run {}", r.id);
    outln!("");
    outln!("Rule:            {} (version {})", c.rule.name, r.rule_version);
    if let Some(a) = &c.rule.activity {
        outln!(
            "Activity:        {a}{}{}",
            c.activity_name.as_ref().map(|n| format!(" — {n}")).unwrap_or_default(),
            c.rule.data_category.as_ref().map(|d| format!(" / data category {d}")).unwrap_or_default()
        );
    }
    outln!("Datastore:       {} ({}, {})", c.datastore.name, c.datastore.kind, c.datastore.url);
    outln!("Target:          {}", target_text(&c.rule));
    outln!("Retention:       {} ({})", c.rule.keep, c.rule.keep.describe());
    outln!("Action:          {}", action_text(&c.rule.action));
    outln!("Cutoff:          {} (entries dated before it)", r.cutoff);
    outln!(
        "Trigger:         {}{}",
        r.trigger,
        r.slot.as_ref().map(|s| format!(" (slot {s})")).unwrap_or_default()
    );
    outln!("Started:         {}", r.started_at);
    outln!("Finished:        {}", r.finished_at.as_deref().unwrap_or("not finished"));
    outln!("Duration:        {} ms", r.duration_ms.unwrap_or(0));
    outln!(
        "Status:          {}{}",
        r.status,
        if r.resumed > 0 {
            format!(" (resumed {} time(s) after interruption)", r.resumed)
        } else {
            String::new()
        }
    );
    outln!("Planned:         {}", r.planned);
    outln!("Affected:        {}", r.affected);
    outln!("Held (kept):     {}", r.held);
    outln!("Batches:         {}", r.batches);
    for e in &r.errors {
        outln!("Error:           {e}");
    }
    outln!("");
    outln!("  batch  count  held  first key .. last key                 ms  digest");
    for b in &c.batches {
        outln!(
            "  {:>5} {:>6} {:>5}  {:<38} {:>4}  {}{}",
            b.n,
            b.count,
            b.held,
            format!("{} .. {}", b.first_key.as_deref().unwrap_or("-"), b.last_key.as_deref().unwrap_or("-")),
            b.ms,
            &b.digest[..16.min(b.digest.len())],
            if b.recovered { "  (confirmed after interruption)" } else { "" }
        );
    }
    outln!("");
    outln!("Digest of affected keys (SHA-256 over the batch digests): {}", c.recomputed_digest);
    outln!(
        "Digest in the audit trail:                                {}",
        c.audited_digest.as_deref().unwrap_or("none")
    );
    outln!("Evidence consistent with the audit trail: {}", if c.evidence_consistent { "yes" } else { "NO" });
    outln!("Audit chain verifies: {} (head {})", if c.audit_chain_ok { "yes" } else { "NO" }, c.audit_head);
}

pub async fn datastore(c: &Cockpit, cmd: DatastoreCommand, json: bool) -> anyhow::Result<Outcome> {
    match cmd {
        DatastoreCommand::Add { name, kind, url, password_stdin } => {
            let password = if password_stdin {
                let mut s = String::new();
                std::io::stdin().read_to_string(&mut s)?;
                Some(s.lines().next().unwrap_or_default().to_string())
            } else {
                None
            };
            let (row, test) = c.add_datastore(&name, &kind, &url, password).await?;
            if json {
                print_json(&serde_json::json!({"datastore": row, "test": test}))?;
            } else {
                outln!(
                    "Added datastore {} ({}): {}, {} tables visible.",
                    row.name,
                    row.kind,
                    test.server_version,
                    test.tables.len()
                );
            }
        }
        DatastoreCommand::Test { name } => {
            let t = c.test_datastore(&name).await?;
            if json {
                print_json(&t)?;
            } else {
                outln!("{}", t.server_version);
                for table in &t.tables {
                    outln!("  {table}");
                }
            }
        }
        DatastoreCommand::List => {
            let list = c.list_datastores().await?;
            if json {
                print_json(&list)?;
            } else {
                for d in &list {
                    outln!(
                        "{:<20} {:<9} {}{}",
                        d.name,
                        d.kind,
                        d.url,
                        if d.has_secret { "  (password in keyring)" } else { "" }
                    );
                }
            }
        }
        DatastoreCommand::Tables { name } => {
            let cat = c.datastore_catalog(&name).await?;
            if json {
                print_json(&cat)?;
            } else {
                for t in &cat.tables {
                    outln!("{}", t.name);
                    for col in &t.columns {
                        outln!(
                            "  {:<32} {:<28}{}{}",
                            col.name,
                            col.data_type,
                            if col.nullable { "" } else { " not null" },
                            if t.is_unique(&col.name) { " unique" } else { "" }
                        );
                    }
                }
            }
        }
    }
    Ok(Outcome::Ok)
}

pub async fn retention(c: &Cockpit, cmd: RetentionCommand, json: bool) -> anyhow::Result<Outcome> {
    match cmd {
        RetentionCommand::Rule(RuleCommand::Add { name, args }) => {
            let i = c.add_retention_rule(new_rule(name, args)?).await?;
            if json {
                print_json(&i)?;
            } else {
                print_rule(&i);
                outln!("Review the plan (cockpit retention plan {0}) and approve it (cockpit retention approve {0}) before the first run.", i.rule.name);
            }
        }
        RetentionCommand::Rule(RuleCommand::Edit { name, args }) => {
            let current = c.retention_rule(&name).await?;
            let changed = edit_rule(current.rule.clone(), args)?;
            let i = c.update_retention_rule(changed, current.version).await?;
            if json {
                print_json(&i)?;
            } else {
                print_rule(&i);
            }
        }
        RetentionCommand::Rule(RuleCommand::List) => {
            let rules = c.retention_rules().await?;
            if json {
                print_json(&rules)?;
            } else {
                for i in &rules {
                    outln!(
                        "{:<20} v{:<3} {:<9} {:<8} {:<40} {}",
                        i.rule.name,
                        i.version,
                        if i.approved { "approved" } else { "UNAPPROVED" },
                        i.rule.keep.to_string(),
                        target_text(&i.rule),
                        i.last_run
                            .as_ref()
                            .map(|l| format!("last: {} {} affected", l.status, l.affected))
                            .unwrap_or_default()
                    );
                }
            }
        }
        RetentionCommand::Rule(RuleCommand::Show { name }) => {
            let i = c.retention_rule(&name).await?;
            if json {
                print_json(&i)?;
            } else {
                print_rule(&i);
            }
        }
        RetentionCommand::Hold(HoldCommand::Add {
            rule,
            activity,
            mut keys,
            keys_file,
            reason,
            owner,
            until,
        }) => {
            if let Some(f) = keys_file {
                let text = std::fs::read_to_string(&f)
                    .map_err(|e| anyhow::anyhow!("cannot read keys file {}: {e}", f.display()))?;
                keys.extend(text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string));
            }
            let scope = match (rule, activity) {
                (Some(rule), None) if keys.is_empty() => HoldScope::Rule { rule },
                (Some(rule), None) => HoldScope::Keys { rule, keys },
                (None, Some(activity)) if keys.is_empty() => HoldScope::Activity { activity },
                (None, Some(_)) => anyhow::bail!("keys are held per rule: use --rule with --key/--keys-file"),
                _ => anyhow::bail!("name what is held: --rule NAME (with or without keys) or --activity ID"),
            };
            let h = c.add_hold(scope, &reason, owner, until).await?;
            if json {
                print_json(&h)?;
            } else {
                outln!("Hold {} placed.", h.id);
            }
        }
        RetentionCommand::Hold(HoldCommand::List { all }) => {
            let holds = c.list_holds(all).await?;
            if json {
                print_json(&holds)?;
            } else {
                for h in &holds {
                    let scope = match &h.scope {
                        HoldScope::Rule { rule } => format!("rule {rule}"),
                        HoldScope::Activity { activity } => format!("activity {activity}"),
                        HoldScope::Keys { rule, keys } => format!("{} key(s) of rule {rule}", keys.len()),
                    };
                    let state = if h.released_at.is_some() {
                        "released".to_string()
                    } else if let Some(u) = h.until {
                        format!("until {u}")
                    } else {
                        "until released".to_string()
                    };
                    outln!("{:>4}  {:<32} {:<18} {} ({})", h.id, scope, state, h.reason, h.owner);
                }
            }
        }
        RetentionCommand::Hold(HoldCommand::Release { id, reason }) => {
            let h = c.release_hold(id, &reason).await?;
            if json {
                print_json(&h)?;
            } else {
                outln!("Hold {} released.", h.id);
            }
        }
        RetentionCommand::Plan { name } => {
            let p = c.retention_plan(&name).await?;
            if json {
                print_json(&p)?;
            } else {
                print_plan(&p);
            }
        }
        RetentionCommand::Approve { name } => {
            let p = c.approve_retention(&name).await?;
            if json {
                print_json(&p)?;
            } else {
                print_plan(&p);
                outln!("Approved.");
            }
        }
        RetentionCommand::Run { name } => {
            let r = c.run_retention(&name).await?;
            if json {
                print_json(&serde_json::json!({
                    "run_id": r.id, "status": r.status, "affected": r.affected, "held": r.held,
                    "batches": r.batches, "digest": r.digest, "planned": r.planned, "cutoff": r.cutoff,
                    "resumed": r.resumed, "errors": r.errors,
                }))?;
            } else {
                outln!(
                    "Run {} {}: {} affected, {} held, {} batches{}; digest {}",
                    r.id,
                    r.status,
                    r.affected,
                    r.held,
                    r.batches,
                    if r.resumed > 0 { " (resumed after interruption)" } else { "" },
                    r.digest.as_deref().unwrap_or("-")
                );
            }
            if r.status != "completed" && r.status != "held" {
                return Ok(Outcome::Failed);
            }
        }
        RetentionCommand::Cancel { run } => {
            let ok = c.cancel_retention_run(run).await?;
            if json {
                print_json(&serde_json::json!({"run_id": run, "cancel_requested": ok}))?;
            } else if ok {
                outln!("Run {run} will stop after its current batch.");
            } else {
                outln!("Run {run} is not running.");
            }
            if !ok {
                return Ok(Outcome::Failed);
            }
        }
        RetentionCommand::Runs { rule, limit } => {
            let runs = c.retention_runs(rule.as_deref(), limit).await?;
            if json {
                print_json(&runs)?;
            } else {
                for r in &runs {
                    outln!(
                        "{:>5}  {:<20} {:<10} {:<26} planned {:>8}  affected {:>8}  held {:>6}  {}",
                        r.id,
                        r.rule,
                        r.status,
                        r.started_at,
                        r.planned,
                        r.affected,
                        r.held,
                        r.digest.as_deref().map(|d| &d[..16.min(d.len())]).unwrap_or("-")
                    );
                }
            }
        }
        RetentionCommand::Certificate { run, pdf, paper, lang } => {
            let cert = c.retention_certificate(run).await?;
            if let Some(path) = pdf {
                let paper = cockpit_report::Paper::parse(&paper).unwrap_or(cockpit_report::Paper::A4);
                let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
                let signed = c.retention_certificate_pdf(run, lang.into(), paper, &name).await?;
                crate::report::write_atomically(&path, &signed.pdf)?;
                crate::report::write_atomically(
                    &crate::report::minisig_path(&path),
                    signed.minisig.as_bytes(),
                )?;
                if !json {
                    outln!("Wrote {} ({} pages) and its .minisig.", path.display(), signed.pages);
                }
            }
            if json {
                print_json(&cert)?;
            } else {
                print_certificate(&cert);
            }
            if !cert.evidence_consistent || !cert.audit_chain_ok {
                return Ok(Outcome::Failed);
            }
        }
    }
    Ok(Outcome::Ok)
}

#[derive(Args)]
pub struct SchedulerArgs {
    /// Check once for due rules, run them, and exit (for a systemd timer or cron).
    #[arg(long)]
    once: bool,
    /// Seconds between checks when running continuously.
    #[arg(long, default_value_t = 60)]
    interval: u64,
}

pub async fn scheduler(c: &Cockpit, a: SchedulerArgs, json: bool) -> anyhow::Result<Outcome> {
    let report = |outcomes: &[cockpit_api::retention::ScheduledOutcome]| -> anyhow::Result<()> {
        if json {
            print_json(&outcomes)?;
        } else {
            for o in outcomes {
                outln!("{:<20} {:<8} {}", o.rule, o.outcome, o.message);
            }
        }
        Ok(())
    };
    if a.once {
        let mut outcomes = c.run_due_rules().await?;
        // A due automatic backup (Settings › Backups, `cockpit backup auto`) is one more line, named
        // `[backup]` (brackets cannot start a rule name).
        let backup = match c.run_due_backup().await {
            Ok(None) => None,
            Ok(Some(r)) => Some(("done", r.path)),
            Err(e) => Some(("failed", e.message)),
        };
        if let Some((outcome, message)) = backup {
            outcomes.push(cockpit_api::retention::ScheduledOutcome {
                rule: "[backup]".into(),
                slot: None,
                outcome: outcome.into(),
                message,
                run: None,
            });
        }
        report(&outcomes)?;
        return Ok(if outcomes.iter().any(|o| o.outcome == "failed") {
            Outcome::Failed
        } else {
            Outcome::Ok
        });
    }
    let (tx, rx) = tokio::sync::watch::channel(false);
    let signal = tokio::spawn(async move {
        let _ = tokio::signal::ctrl_c().await;
        let _ = tx.send(true);
    });
    c.scheduler_loop(std::time::Duration::from_secs(a.interval.max(1)), rx).await;
    signal.abort();
    Ok(Outcome::Ok)
}
