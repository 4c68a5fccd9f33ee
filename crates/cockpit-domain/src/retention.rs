//! Retention rules and legal holds as data, and the pure rules over them: the cutoff instant of a
//! period, whether a hold applies on a day, what a rule may name (validated identifiers, filters,
//! anonymisation methods), and the schedule's next due time. No IO: the executor lives in
//! `cockpit-retention`, the storage in `cockpit-store`.
//!
//! Period arithmetic is calendar arithmetic in the establishment's time zone: "18 months" before
//! 31 August is 28 (or 29) February, not "540 days"; "10 years after the end of the fiscal year"
//! keeps an entry of 3 March 2015 (fiscal year ending 31 December 2015) until the end of
//! 31 December 2025, so it expires on 1 January 2026 at 00:00 local time.

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::fmt;
use std::str::FromStr;

/// The unit of an elapsed-time period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum PeriodUnit {
    Days,
    Months,
    Years,
}

/// How long data is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RetentionPeriod {
    /// Kept for `amount` units after its timestamp: `365d`, `18m`, `10y`.
    Elapsed { amount: u32, unit: PeriodUnit },
    /// Kept until `years` years after the end of the fiscal year in which its timestamp falls
    /// (commercial and tax records): `10y-fy` (fiscal year ending 31 December) or `6y-fy@03-31`.
    AfterFiscalYearEnd { years: u32, fy_end_month: u32, fy_end_day: u32 },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("invalid retention period '{0}': write a number and a unit, e.g. 365d, 18m or 10y; or 10y-fy (after the end of a fiscal year ending 31 December) or 6y-fy@03-31")]
    Period(String),
    #[error("the retention period must be at least one day")]
    ZeroPeriod,
    #[error("{0}")]
    Invalid(String),
}

impl FromStr for RetentionPeriod {
    type Err = RuleError;

    fn from_str(s: &str) -> Result<Self, RuleError> {
        let bad = || RuleError::Period(s.to_string());
        let t = s.trim().to_ascii_lowercase();
        if let Some((head, fy)) = t.split_once("-fy") {
            let years: u32 = head.strip_suffix('y').ok_or_else(bad)?.parse().map_err(|_| bad())?;
            let (m, d) = match fy.strip_prefix('@') {
                None if fy.is_empty() => (12, 31),
                Some(md) => {
                    let (m, d) = md.split_once('-').ok_or_else(bad)?;
                    (m.parse().map_err(|_| bad())?, d.parse().map_err(|_| bad())?)
                }
                None => return Err(bad()),
            };
            // The fiscal year's last day must exist in every year (29 February does not).
            if NaiveDate::from_ymd_opt(2023, m, d).is_none() {
                return Err(bad());
            }
            if years == 0 {
                return Err(RuleError::ZeroPeriod);
            }
            return Ok(RetentionPeriod::AfterFiscalYearEnd { years, fy_end_month: m, fy_end_day: d });
        }
        let unit = match t.chars().last() {
            Some('d') => PeriodUnit::Days,
            Some('m') => PeriodUnit::Months,
            Some('y') => PeriodUnit::Years,
            _ => return Err(bad()),
        };
        let amount: u32 = t[..t.len() - 1].parse().map_err(|_| bad())?;
        if amount == 0 {
            return Err(RuleError::ZeroPeriod);
        }
        // Beyond 200 years is a typo, and it keeps date arithmetic far from chrono's limits.
        let too_long = match unit {
            PeriodUnit::Days => amount > 73_000,
            PeriodUnit::Months => amount > 2_400,
            PeriodUnit::Years => amount > 200,
        };
        if too_long {
            return Err(RuleError::Invalid(format!("retention period '{s}' is longer than 200 years")));
        }
        Ok(RetentionPeriod::Elapsed { amount, unit })
    }
}

impl fmt::Display for RetentionPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RetentionPeriod::Elapsed { amount, unit } => {
                let u = match unit {
                    PeriodUnit::Days => 'd',
                    PeriodUnit::Months => 'm',
                    PeriodUnit::Years => 'y',
                };
                write!(f, "{amount}{u}")
            }
            RetentionPeriod::AfterFiscalYearEnd { years, fy_end_month: 12, fy_end_day: 31 } => {
                write!(f, "{years}y-fy")
            }
            RetentionPeriod::AfterFiscalYearEnd { years, fy_end_month, fy_end_day } => {
                write!(f, "{years}y-fy@{fy_end_month:02}-{fy_end_day:02}")
            }
        }
    }
}

impl RetentionPeriod {
    /// A sentence for plans, certificates and reports.
    pub fn describe(&self) -> String {
        match self {
            RetentionPeriod::Elapsed { amount, unit } => {
                let (one, many) = match unit {
                    PeriodUnit::Days => ("day", "days"),
                    PeriodUnit::Months => ("calendar month", "calendar months"),
                    PeriodUnit::Years => ("year", "years"),
                };
                format!("{amount} {}", if *amount == 1 { one } else { many })
            }
            RetentionPeriod::AfterFiscalYearEnd { years, fy_end_month, fy_end_day } => format!(
                "{years} year{} after the end of the fiscal year (ending {fy_end_day:02}-{fy_end_month:02})",
                if *years == 1 { "" } else { "s" }
            ),
        }
    }
}

/// Local midnight at the start of `date` in `tz` (the first instant of the day where midnight does not
/// exist because of a DST change).
fn start_of_day<Tz: TimeZone>(tz: &Tz, date: NaiveDate) -> DateTime<Utc> {
    let mut t = date.and_time(NaiveTime::MIN);
    // A day whose midnight is skipped by DST starts at the first local time that exists.
    for _ in 0..180 {
        if let Some(local) = tz.from_local_datetime(&t).earliest() {
            return local.with_timezone(&Utc);
        }
        t += chrono::Duration::minutes(1);
    }
    Utc.from_utc_datetime(&date.and_time(NaiveTime::MIN))
}

/// The cutoff of a rule run at `now`: entries timestamped strictly before it are past their retention.
///
/// - Elapsed periods step back on the local calendar in `tz` and keep the local time of day: 18 months
///   before 31 Aug 2026 10:00 is 28 Feb 2025 10:00 (the month end clamps). Where that local time does
///   not exist (a DST gap), the next existing instant is used, which keeps data a little longer, never
///   shorter.
/// - Fiscal-year periods expire whole fiscal years: the cutoff is local midnight after the last fiscal
///   year end F for which F + years has fully passed.
pub fn cutoff<Tz: TimeZone>(period: &RetentionPeriod, now: DateTime<Utc>, tz: &Tz) -> DateTime<Utc> {
    let local = now.with_timezone(tz).naive_local();
    match *period {
        RetentionPeriod::Elapsed { amount, unit } => {
            let date = local.date();
            let back = match unit {
                PeriodUnit::Days => date.checked_sub_days(Days::new(amount.into())),
                PeriodUnit::Months => date.checked_sub_months(Months::new(amount)),
                PeriodUnit::Years => date.checked_sub_months(Months::new(amount.saturating_mul(12))),
            }
            .unwrap_or(NaiveDate::MIN);
            let t = back.and_time(local.time());
            match tz.from_local_datetime(&t) {
                chrono::LocalResult::Single(x) => x.with_timezone(&Utc),
                // Repeated hour: the later instant keeps data longer.
                chrono::LocalResult::Ambiguous(_, later) => later.with_timezone(&Utc),
                chrono::LocalResult::None => {
                    let mut probe = t;
                    loop {
                        probe += chrono::Duration::minutes(1);
                        if let Some(x) = tz.from_local_datetime(&probe).earliest() {
                            break x.with_timezone(&Utc);
                        }
                    }
                }
            }
        }
        RetentionPeriod::AfterFiscalYearEnd { years, fy_end_month, fy_end_day } => {
            let today = local.date();
            // The newest fiscal-year end F with F + years < today (the last kept day has passed).
            let mut year = today.year() - years as i32;
            loop {
                let f = NaiveDate::from_ymd_opt(year, fy_end_month, fy_end_day)
                    .expect("validated fiscal year end");
                let kept_until = f.checked_add_months(Months::new(years * 12)).unwrap_or(NaiveDate::MAX);
                if kept_until < today {
                    let next = f.succ_opt().unwrap_or(f);
                    return start_of_day(tz, next);
                }
                year -= 1;
            }
        }
    }
}

/// How the timestamp column stores time. `Auto` is resolved against the data when a rule is saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum TimeFormat {
    Auto,
    /// The database's own date/time type (DATE, TIMESTAMP, TIMESTAMPTZ, DATETIME). Values without a
    /// zone are read as UTC.
    Native,
    /// ISO 8601 text (`2024-03-01`, `2024-03-01 10:00:00`, `2024-03-01T10:00:00Z`), as SQLite apps
    /// usually store it.
    IsoText,
    /// Seconds since 1970-01-01 UTC.
    EpochSeconds,
    /// Milliseconds since 1970-01-01 UTC.
    EpochMillis,
}

impl FromStr for TimeFormat {
    type Err = RuleError;
    fn from_str(s: &str) -> Result<Self, RuleError> {
        Ok(match s {
            "auto" => TimeFormat::Auto,
            "native" => TimeFormat::Native,
            "iso" | "iso-text" | "text" => TimeFormat::IsoText,
            "epoch" | "epoch-s" | "unix" => TimeFormat::EpochSeconds,
            "epoch-ms" | "unix-ms" => TimeFormat::EpochMillis,
            _ => {
                return Err(RuleError::Invalid(format!(
                    "unknown time format '{s}': use auto, native, iso, epoch or epoch-ms"
                )))
            }
        })
    }
}

impl TimeFormat {
    pub fn code(self) -> &'static str {
        match self {
            TimeFormat::Auto => "auto",
            TimeFormat::Native => "native",
            TimeFormat::IsoText => "iso",
            TimeFormat::EpochSeconds => "epoch",
            TimeFormat::EpochMillis => "epoch-ms",
        }
    }
}

/// A comparison in an extra filter. Values are always bound as parameters, never spliced into SQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum FilterOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    IsNull,
    IsNotNull,
}

impl FilterOp {
    pub fn sql(self) -> &'static str {
        match self {
            FilterOp::Eq => "=",
            FilterOp::Ne => "<>",
            FilterOp::Lt => "<",
            FilterOp::Le => "<=",
            FilterOp::Gt => ">",
            FilterOp::Ge => ">=",
            FilterOp::IsNull => "IS NULL",
            FilterOp::IsNotNull => "IS NOT NULL",
        }
    }

    pub fn takes_value(self) -> bool {
        !matches!(self, FilterOp::IsNull | FilterOp::IsNotNull)
    }
}

impl FromStr for FilterOp {
    type Err = RuleError;
    fn from_str(s: &str) -> Result<Self, RuleError> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "=" | "==" | "eq" => FilterOp::Eq,
            "!=" | "<>" | "ne" => FilterOp::Ne,
            "<" | "lt" => FilterOp::Lt,
            "<=" | "le" => FilterOp::Le,
            ">" | "gt" => FilterOp::Gt,
            ">=" | "ge" => FilterOp::Ge,
            "is-null" | "isnull" | "null" => FilterOp::IsNull,
            "is-not-null" | "notnull" | "not-null" => FilterOp::IsNotNull,
            _ => {
                return Err(RuleError::Invalid(format!(
                    "unknown filter operator '{s}': use = != < <= > >= is-null is-not-null"
                )))
            }
        })
    }
}

/// `column OP value`: an extra condition on the rows a rule may touch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Filter {
    pub column: String,
    pub op: FilterOp,
    pub value: Option<String>,
}

impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.value {
            Some(v) => write!(f, "{} {} {v:?}", self.column, self.op.sql()),
            None => write!(f, "{} {}", self.column, self.op.sql()),
        }
    }
}

/// How one column is anonymised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "method", content = "value", rename_all = "snake_case")]
pub enum AnonMethod {
    /// Set to NULL.
    Null,
    /// Set to a fixed value.
    Fixed(String),
    /// Replaced by `anon:` and the HMAC-SHA-256 of the value under the installation's key: equal values
    /// stay equal (counts and joins still work), the original cannot be recovered without the key.
    Hash,
}

/// The prefix of keyed-hash pseudonyms; a value that has it is already anonymised.
pub const HASH_PREFIX: &str = "anon:";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct AnonColumn {
    pub column: String,
    pub method: AnonMethod,
}

impl FromStr for AnonColumn {
    type Err = RuleError;
    /// `email` (NULL), `email=null`, `email=hash`, `city=fixed:unknown`.
    fn from_str(s: &str) -> Result<Self, RuleError> {
        let (column, method) = match s.split_once('=') {
            None => (s, AnonMethod::Null),
            Some((c, "null")) => (c, AnonMethod::Null),
            Some((c, "hash")) => (c, AnonMethod::Hash),
            Some((c, m)) => match m.strip_prefix("fixed:") {
                Some(v) => (c, AnonMethod::Fixed(v.to_string())),
                None => {
                    return Err(RuleError::Invalid(format!(
                        "unknown anonymisation '{m}' for column '{c}': use null, hash or fixed:VALUE"
                    )))
                }
            },
        };
        if column.trim().is_empty() {
            return Err(RuleError::Invalid("an anonymised column needs a name".into()));
        }
        Ok(AnonColumn { column: column.trim().to_string(), method })
    }
}

impl fmt::Display for AnonColumn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.method {
            AnonMethod::Null => write!(f, "{}", self.column),
            AnonMethod::Hash => write!(f, "{}=hash", self.column),
            AnonMethod::Fixed(v) => write!(f, "{}=fixed:{v}", self.column),
        }
    }
}

/// What a run does to an expired entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RetentionAction {
    /// Delete the rows.
    Delete,
    /// Overwrite the listed columns; the rows stay.
    Anonymize { columns: Vec<AnonColumn> },
    /// Delete the files (folder datastores).
    DeleteFiles,
}

impl RetentionAction {
    pub fn code(&self) -> &'static str {
        match self {
            RetentionAction::Delete => "delete",
            RetentionAction::Anonymize { .. } => "anonymize",
            RetentionAction::DeleteFiles => "delete-files",
        }
    }
}

/// Where a rule looks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RetentionTarget {
    /// Rows of a table, identified by a unique key column and dated by a timestamp column.
    Table {
        table: String,
        time_column: String,
        time_format: TimeFormat,
        key_column: String,
        #[serde(default)]
        filters: Vec<Filter>,
    },
    /// Files under a folder datastore matching a glob, dated by their modification time.
    Folder { glob: String },
}

/// A retention rule: the record's retention period enforced on one target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RetentionRule {
    pub name: String,
    pub datastore: String,
    /// The processing activity (register id) whose retention this enforces.
    pub activity: Option<String>,
    /// The data category of that activity.
    pub data_category: Option<String>,
    pub target: RetentionTarget,
    pub keep: RetentionPeriod,
    pub action: RetentionAction,
    /// Largest number of entries per batch (one short transaction each). A run starts with small
    /// batches and sizes them to take about 75 ms (PostgreSQL: 150 ms), never above this, nor above
    /// [`KEY_LIST_BATCH_SIZE`] where a batch names its keys in one statement (everything but
    /// PostgreSQL deletions, which walk the table's pages).
    pub batch_size: u32,
    /// Cron expression (5 fields: minute hour day-of-month month day-of-week), in `timezone`.
    pub schedule: Option<String>,
    /// IANA zone of the establishment whose calendar the period and schedule follow.
    pub timezone: String,
    pub enabled: bool,
    #[serde(default)]
    pub description: String,
}

/// By default a run's batches are bounded by their duration (about 75 ms each; PostgreSQL 150 ms)
/// and by this many entries.
pub const DEFAULT_BATCH_SIZE: u32 = 20_000;
/// The most a rule may allow (PostgreSQL deletions of large tables: page ranges of up to this many
/// rows, still bounded by duration).
pub const MAX_BATCH_SIZE: u32 = 1_000_000;
/// The most keys one batch names in its statement, whatever the rule allows: bounded by the statement
/// parameters SQLite accepts (32,766) and by memory.
pub const KEY_LIST_BATCH_SIZE: u32 = 20_000;

/// A name the user chose for a rule or datastore: short, no control characters.
pub fn validate_name(what: &str, name: &str) -> Result<(), RuleError> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !name.starts_with(['-', '.']);
    if ok {
        Ok(())
    } else {
        Err(RuleError::Invalid(format!(
            "invalid {what} name '{name}': use 1 to 64 letters, digits, '-', '_' or '.', not starting with '-' or '.'"
        )))
    }
}

/// A SQL identifier as written by the user, before it is compared with the target's catalogue. Only
/// plain identifiers (optionally `schema.table`) are accepted; anything with quotes, spaces, comments or
/// operators is refused here, and the catalogue check refuses names that do not exist.
pub fn validate_identifier(what: &str, ident: &str) -> Result<(), RuleError> {
    let part_ok = |p: &str| {
        !p.is_empty()
            && p.len() <= 128
            && p.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
    };
    let parts: Vec<&str> = ident.split('.').collect();
    if parts.len() <= 2 && parts.iter().all(|p| part_ok(p)) {
        Ok(())
    } else {
        Err(RuleError::Invalid(format!(
            "invalid {what} '{ident}': only plain identifiers (letters, digits, '_') are accepted"
        )))
    }
}

impl RetentionRule {
    /// Checks what can be checked without the target: names, batch size, filters, the action's fit to
    /// the target, the schedule's syntax and the zone.
    pub fn validate(&self) -> Result<(), RuleError> {
        validate_name("rule", &self.name)?;
        validate_name("datastore", &self.datastore)?;
        if self.batch_size == 0 || self.batch_size > MAX_BATCH_SIZE {
            return Err(RuleError::Invalid(format!(
                "batch size must be between 1 and {MAX_BATCH_SIZE}, not {}",
                self.batch_size
            )));
        }
        if self.timezone.parse::<chrono_tz::Tz>().is_err() {
            return Err(RuleError::Invalid(format!("unknown time zone '{}'", self.timezone)));
        }
        match (&self.target, &self.action) {
            (RetentionTarget::Table { table, time_column, key_column, filters, .. }, action) => {
                validate_identifier("table", table)?;
                validate_identifier("time column", time_column)?;
                validate_identifier("key column", key_column)?;
                for f in filters {
                    validate_identifier("filter column", &f.column)?;
                    if f.op.takes_value() != f.value.is_some() {
                        return Err(RuleError::Invalid(format!(
                            "filter on '{}': operator {} {} a value",
                            f.column,
                            f.op.sql(),
                            if f.op.takes_value() { "needs" } else { "takes no" }
                        )));
                    }
                }
                match action {
                    RetentionAction::Delete => {}
                    RetentionAction::Anonymize { columns } => {
                        if columns.is_empty() {
                            return Err(RuleError::Invalid(
                                "anonymize needs the columns to overwrite (--columns a,b)".into(),
                            ));
                        }
                        let mut seen = std::collections::BTreeSet::new();
                        for c in columns {
                            validate_identifier("anonymised column", &c.column)?;
                            if !seen.insert(c.column.to_ascii_lowercase()) {
                                return Err(RuleError::Invalid(format!(
                                    "column '{}' is listed twice",
                                    c.column
                                )));
                            }
                            let lc = c.column.to_ascii_lowercase();
                            if lc == key_column.to_ascii_lowercase() || lc == time_column.to_ascii_lowercase()
                            {
                                return Err(RuleError::Invalid(format!(
                                    "column '{}' identifies or dates the rows and cannot be anonymised by this rule",
                                    c.column
                                )));
                            }
                        }
                    }
                    RetentionAction::DeleteFiles => {
                        return Err(RuleError::Invalid(
                            "delete-files applies to folder datastores; tables use delete or anonymize"
                                .into(),
                        ))
                    }
                }
            }
            (RetentionTarget::Folder { glob }, action) => {
                if glob.is_empty() || glob.starts_with('/') || glob.split(['/', '\\']).any(|p| p == "..") {
                    return Err(RuleError::Invalid(format!(
                        "invalid glob '{glob}': it must be relative to the folder and must not contain '..'"
                    )));
                }
                if *action != RetentionAction::DeleteFiles {
                    return Err(RuleError::Invalid("folder rules delete files: use --action delete".into()));
                }
            }
        }
        if let Some(s) = &self.schedule {
            parse_schedule(s)?;
        }
        Ok(())
    }
}

/// Parses a 5-field cron expression (minute hour day-of-month month day-of-week).
pub fn parse_schedule(expr: &str) -> Result<croner::Cron, RuleError> {
    let fields = expr.split_whitespace().count();
    if fields != 5 {
        return Err(RuleError::Invalid(format!(
            "invalid schedule '{expr}': write 5 cron fields (minute hour day-of-month month day-of-week), e.g. '0 2 * * *' for 02:00 daily"
        )));
    }
    croner::Cron::from_str(expr).map_err(|e| RuleError::Invalid(format!("invalid schedule '{expr}': {e}")))
}

/// The scheduled slot a rule is due for at `now`: the latest occurrence of its schedule after
/// `last_slot` (or after `enabled_since` for a rule that never ran) and not after `now`. Missed slots
/// (the machine was off) collapse into one catch-up run, never one run per missed slot.
pub fn due_slot(
    schedule: &str,
    tz: chrono_tz::Tz,
    last_slot: Option<DateTime<Utc>>,
    enabled_since: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, RuleError> {
    let cron = parse_schedule(schedule)?;
    let from = last_slot.unwrap_or(enabled_since).with_timezone(&tz);
    let mut due = None;
    let mut cursor = from;
    // Walk forward slot by slot up to now; bounded, so a minutely schedule after a year off stays cheap.
    for _ in 0..100_000 {
        match cron.find_next_occurrence(&cursor, false) {
            Ok(next) if next.with_timezone(&Utc) <= now => {
                due = Some(next.with_timezone(&Utc));
                cursor = next;
            }
            _ => break,
        }
    }
    Ok(due)
}

/// The next occurrence of a schedule strictly after `after`.
pub fn next_slot(
    schedule: &str,
    tz: chrono_tz::Tz,
    after: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, RuleError> {
    let cron = parse_schedule(schedule)?;
    Ok(cron.find_next_occurrence(&after.with_timezone(&tz), false).ok().map(|t| t.with_timezone(&Utc)))
}

/// What a legal hold covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum HoldScope {
    /// Everything a rule would touch.
    Rule { rule: String },
    /// Every rule linked to a processing activity.
    Activity { activity: String },
    /// Listed key values (or relative file paths) of one rule.
    Keys { rule: String, keys: Vec<String> },
}

/// A legal hold (Art. 17(3)(e) GDPR: data needed for legal claims, or a statutory duty to keep it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct LegalHold {
    pub id: i64,
    pub scope: HoldScope,
    pub reason: String,
    pub owner: String,
    pub created_at: DateTime<Utc>,
    /// Last day the hold applies (in the organisation's time zone); none = until released.
    pub until: Option<NaiveDate>,
    pub released_at: Option<DateTime<Utc>>,
    pub released_by: Option<String>,
    pub release_reason: Option<String>,
}

impl LegalHold {
    /// Whether the hold applies on `today`.
    pub fn active_on(&self, today: NaiveDate) -> bool {
        self.released_at.is_none() && self.until.is_none_or(|u| today <= u)
    }

    /// Whether the hold's end date has passed (it stopped applying by itself).
    pub fn expired_on(&self, today: NaiveDate) -> bool {
        self.released_at.is_none() && self.until.is_some_and(|u| today > u)
    }

    /// Whether the hold concerns `rule` (linked to `activity`).
    pub fn covers_rule(&self, rule: &str, activity: Option<&str>) -> bool {
        match &self.scope {
            HoldScope::Rule { rule: r } => r == rule,
            HoldScope::Activity { activity: a } => activity == Some(a.as_str()),
            HoldScope::Keys { rule: r, .. } => r == rule,
        }
    }
}

/// What the active holds mean for one rule on one day.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HoldEffect {
    /// The whole rule is held (by a rule or activity hold): nothing may be touched.
    pub whole_rule: Vec<i64>,
    /// Held key values (sorted, unique).
    pub keys: Vec<String>,
}

impl HoldEffect {
    pub fn is_held(&self, key: &str) -> bool {
        !self.whole_rule.is_empty() || self.keys.binary_search_by(|k| k.as_str().cmp(key)).is_ok()
    }
}

/// Combines the holds that apply to `rule` on `today`.
pub fn hold_effect(holds: &[LegalHold], rule: &str, activity: Option<&str>, today: NaiveDate) -> HoldEffect {
    let mut e = HoldEffect::default();
    for h in holds.iter().filter(|h| h.active_on(today) && h.covers_rule(rule, activity)) {
        match &h.scope {
            HoldScope::Rule { .. } | HoldScope::Activity { .. } => e.whole_rule.push(h.id),
            HoldScope::Keys { keys, .. } => e.keys.extend(keys.iter().cloned()),
        }
    }
    e.keys.sort();
    e.keys.dedup();
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Berlin;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn periods_parse_and_print_back() {
        for s in ["365d", "18m", "10y", "10y-fy", "6y-fy@03-31", "1d"] {
            assert_eq!(s.parse::<RetentionPeriod>().unwrap().to_string(), s);
        }
        for bad in ["", "10", "d", "-3d", "3w", "0d", "10y-fy@02-29", "10y-fy@13-01", "3m-fy", "201y", "1.5y"]
        {
            assert!(bad.parse::<RetentionPeriod>().is_err(), "{bad} must be refused");
        }
    }

    #[test]
    fn months_are_calendar_months_with_month_end_clamping() {
        let p: RetentionPeriod = "18m".parse().unwrap();
        // 31 Aug 2026 10:00 Berlin (CEST) → 28 Feb 2025 10:00 Berlin (CET) = 09:00 UTC.
        let c = cutoff(&p, utc("2026-08-31T08:00:00Z"), &Berlin);
        assert_eq!(c, utc("2025-02-28T09:00:00Z"));
        // One month before 31 March is 28 February, never "30 days" (1 March).
        let c = cutoff(&"1m".parse().unwrap(), utc("2026-03-31T12:00:00Z"), &chrono_tz::UTC);
        assert_eq!(c, utc("2026-02-28T12:00:00Z"));
        // In a leap year, 29 February.
        let c = cutoff(&"1m".parse().unwrap(), utc("2024-03-31T12:00:00Z"), &chrono_tz::UTC);
        assert_eq!(c, utc("2024-02-29T12:00:00Z"));
        // Years from 29 Feb land on 28 Feb.
        let c = cutoff(&"1y".parse().unwrap(), utc("2024-02-29T12:00:00Z"), &chrono_tz::UTC);
        assert_eq!(c, utc("2023-02-28T12:00:00Z"));
    }

    #[test]
    fn days_are_local_calendar_days_across_dst() {
        // 30 days before 10:00 Berlin on 15 Apr 2026 (CEST) is 10:00 Berlin on 16 Mar (CET): 09:00 UTC,
        // which is 30 days and one hour earlier in UTC, as a DPO counting on a wall calendar expects.
        let c = cutoff(&"30d".parse().unwrap(), utc("2026-04-15T08:00:00Z"), &Berlin);
        assert_eq!(c, utc("2026-03-16T09:00:00Z"));
    }

    #[test]
    fn a_local_time_in_a_dst_gap_moves_forward_never_back() {
        // 02:30 on 29 Mar 2026 does not exist in Berlin; the cutoff moves to 03:00 CEST (01:00 UTC).
        let now = Berlin.with_ymd_and_hms(2026, 4, 5, 2, 30, 0).unwrap().with_timezone(&Utc);
        let c = cutoff(&"7d".parse().unwrap(), now, &Berlin);
        assert_eq!(c, utc("2026-03-29T01:00:00Z"));
    }

    #[test]
    fn fiscal_year_periods_expire_whole_years() {
        let p: RetentionPeriod = "10y-fy".parse().unwrap();
        // On 31 Dec 2025 the fiscal year 2015 is still kept (its last day is today).
        let c = cutoff(&p, utc("2025-12-31T12:00:00Z"), &chrono_tz::UTC);
        assert_eq!(c, utc("2015-01-01T00:00:00Z"));
        // From 1 Jan 2026 everything dated in 2015 is expired.
        let c = cutoff(&p, utc("2026-01-01T00:30:00Z"), &chrono_tz::UTC);
        assert_eq!(c, utc("2016-01-01T00:00:00Z"));
        // Berlin midnight is 23:00 UTC the day before.
        let c = cutoff(&p, utc("2026-06-01T00:00:00Z"), &Berlin);
        assert_eq!(c, utc("2015-12-31T23:00:00Z"));
        // A fiscal year ending 31 March: on 1 Apr 2026, six years after FY end 31 Mar 2020 have passed.
        let p: RetentionPeriod = "6y-fy@03-31".parse().unwrap();
        assert_eq!(cutoff(&p, utc("2026-04-01T12:00:00Z"), &chrono_tz::UTC), utc("2020-04-01T00:00:00Z"));
        assert_eq!(cutoff(&p, utc("2026-03-31T12:00:00Z"), &chrono_tz::UTC), utc("2019-04-01T00:00:00Z"));
    }

    #[test]
    fn identifiers_refuse_anything_but_plain_names() {
        for ok in ["events", "public.events", "_x1", "created_at"] {
            validate_identifier("t", ok).unwrap();
        }
        for bad in [
            "",
            "events; DROP TABLE x",
            "\"events\"",
            "a b",
            "a.b.c",
            "x--",
            "1abc",
            "a`b",
            "ev'ents",
            "events/*",
            "(select 1)",
        ] {
            assert!(validate_identifier("t", bad).is_err(), "{bad:?} must be refused");
        }
    }

    fn rule() -> RetentionRule {
        RetentionRule {
            name: "r".into(),
            datastore: "ds".into(),
            activity: None,
            data_category: None,
            target: RetentionTarget::Table {
                table: "events".into(),
                time_column: "created_at".into(),
                time_format: TimeFormat::Auto,
                key_column: "id".into(),
                filters: vec![],
            },
            keep: "365d".parse().unwrap(),
            action: RetentionAction::Delete,
            batch_size: 1000,
            schedule: Some("0 2 * * *".into()),
            timezone: "Europe/Berlin".into(),
            enabled: true,
            description: String::new(),
        }
    }

    #[test]
    fn rule_validation_names_the_problem() {
        rule().validate().unwrap();
        let mut r = rule();
        r.action = RetentionAction::Anonymize { columns: vec!["id".parse().unwrap()] };
        assert!(r.validate().unwrap_err().to_string().contains("identifies or dates"));
        r.action = RetentionAction::Anonymize { columns: vec![] };
        assert!(r.validate().is_err());
        let mut r = rule();
        r.schedule = Some("every day".into());
        assert!(r.validate().unwrap_err().to_string().contains("5 cron fields"));
        let mut r = rule();
        r.target = RetentionTarget::Folder { glob: "../etc/*".into() };
        r.action = RetentionAction::DeleteFiles;
        assert!(r.validate().is_err());
        let mut r = rule();
        r.batch_size = 0;
        assert!(r.validate().is_err());
        let mut r = rule();
        if let RetentionTarget::Table { filters, .. } = &mut r.target {
            filters.push(Filter { column: "kind".into(), op: FilterOp::Eq, value: None });
        }
        assert!(r.validate().unwrap_err().to_string().contains("needs a value"));
    }

    #[test]
    fn anonymised_columns_parse() {
        assert_eq!("email".parse::<AnonColumn>().unwrap().method, AnonMethod::Null);
        assert_eq!("email=hash".parse::<AnonColumn>().unwrap().method, AnonMethod::Hash);
        assert_eq!(
            "city=fixed:unknown".parse::<AnonColumn>().unwrap().method,
            AnonMethod::Fixed("unknown".into())
        );
        assert!("city=scramble".parse::<AnonColumn>().is_err());
    }

    #[test]
    fn schedules_catch_up_once_and_never_twice() {
        let tz = Berlin;
        let enabled = utc("2026-01-01T00:00:00Z");
        // Daily at 02:00 Berlin; the machine was off for three days: one catch-up slot, the newest.
        let due = due_slot(
            "0 2 * * *",
            tz,
            Some(utc("2026-01-05T01:00:00Z")),
            enabled,
            utc("2026-01-08T12:00:00Z"),
        )
        .unwrap();
        assert_eq!(due, Some(utc("2026-01-08T01:00:00Z")));
        // After running that slot, nothing is due until the next one.
        let due = due_slot("0 2 * * *", tz, due, enabled, utc("2026-01-08T23:00:00Z")).unwrap();
        assert_eq!(due, None);
        assert_eq!(
            next_slot("0 2 * * *", tz, utc("2026-01-08T23:00:00Z")).unwrap(),
            Some(utc("2026-01-09T01:00:00Z"))
        );
    }

    #[test]
    fn holds_apply_until_their_end_date_and_not_after_release() {
        let mut h = LegalHold {
            id: 1,
            scope: HoldScope::Keys { rule: "r".into(), keys: vec!["7".into(), "3".into()] },
            reason: "litigation".into(),
            owner: "legal".into(),
            created_at: utc("2026-01-01T00:00:00Z"),
            until: NaiveDate::from_ymd_opt(2026, 6, 30),
            released_at: None,
            released_by: None,
            release_reason: None,
        };
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        assert!(h.active_on(day(6, 30)));
        assert!(!h.active_on(day(7, 1)) && h.expired_on(day(7, 1)));
        let e = hold_effect(std::slice::from_ref(&h), "r", None, day(3, 1));
        assert!(e.is_held("3") && e.is_held("7") && !e.is_held("4"));
        assert!(hold_effect(std::slice::from_ref(&h), "other", None, day(3, 1)).keys.is_empty());
        h.released_at = Some(utc("2026-02-01T00:00:00Z"));
        assert!(!h.active_on(day(3, 1)) && !h.expired_on(day(7, 1)));
        let a = LegalHold { scope: HoldScope::Activity { activity: "PA-1".into() }, released_at: None, ..h };
        assert!(hold_effect(std::slice::from_ref(&a), "r", Some("PA-1"), day(3, 1)).is_held("anything"));
        assert!(!hold_effect(&[a], "r", Some("PA-2"), day(3, 1)).is_held("anything"));
    }
}
