//! Rules on database tables: the resolved target, its SQL (built from catalogue-checked, quoted
//! identifiers and bound values only), and the batch loop for SQLite, PostgreSQL and MySQL/MariaDB.

use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, Utc};
use cockpit_connect::{Catalog, ColumnInfo, ColumnKind, Connection, Dialect};
use cockpit_domain::retention::*;
use sqlx::pool::PoolConnection;
use sqlx::sqlite::SqliteConnection;
use sqlx::{Row, Sqlite};

use crate::{
    find_table, numeric, BatchIntent, HashKey, HoldEffect, Journal, Key, Plan, Result, RetentionError,
    TimeComparison,
};

/// A bound value.
#[derive(Debug, Clone, PartialEq)]
pub enum Bind {
    Int(i64),
    Real(f64),
    Text(String),
    Timestamp(NaiveDateTime),
    TimestampTz(DateTime<Utc>),
    /// A list of keys as one PostgreSQL array (`= ANY($1)`).
    IntArray(Vec<i64>),
    TextArray(Vec<String>),
}

impl Bind {
    /// The value as a SQL literal, for showing statements in plans only (never executed this way).
    fn display(&self) -> String {
        match self {
            Bind::Int(v) => v.to_string(),
            Bind::Real(v) => v.to_string(),
            Bind::Text(s) => format!("'{}'", s.replace('\'', "''")),
            Bind::Timestamp(t) => format!("'{}'", t.format("%Y-%m-%d %H:%M:%S%.f")),
            Bind::TimestampTz(t) => format!("'{}'", t.to_rfc3339()),
            Bind::IntArray(v) => {
                format!("ARRAY[{}]", v.iter().map(i64::to_string).collect::<Vec<_>>().join(", "))
            }
            Bind::TextArray(v) => format!(
                "ARRAY[{}]",
                v.iter().map(|s| Bind::Text(s.clone()).display()).collect::<Vec<_>>().join(", ")
            ),
        }
    }
}

/// A statement and its bound values.
#[derive(Debug, Clone, Default)]
pub struct Sql {
    pub text: String,
    pub binds: Vec<Bind>,
}

/// A bound-parameter placeholder with the cast PostgreSQL needs for columns that are neither numbers
/// nor text (uuid, enums): `$3::uuid`.
#[derive(Debug, Clone, Default)]
struct Cast(Option<String>);

impl Sql {
    fn push(&mut self, s: &str) -> &mut Self {
        self.text.push_str(s);
        self
    }

    fn bind(&mut self, d: Dialect, b: Bind, cast: &Cast) -> &mut Self {
        self.binds.push(b);
        let p = d.placeholder(self.binds.len());
        match (&cast.0, d) {
            (Some(ty), Dialect::Postgres) => self.text.push_str(&format!("CAST({p} AS {ty})")),
            _ => self.text.push_str(&p),
        }
        self
    }

    /// The statement with its values shown in place of the placeholders, for plans.
    pub fn display(&self, d: Dialect) -> String {
        let mut out = String::new();
        let mut rest = self.text.as_str();
        let mut i = 0;
        while !rest.is_empty() {
            let next = match d {
                Dialect::Postgres => {
                    rest.find('$').filter(|&p| rest[p + 1..].starts_with(|c: char| c.is_ascii_digit()))
                }
                _ => rest.find('?'),
            };
            let Some(p) = next else {
                out.push_str(rest);
                break;
            };
            out.push_str(&rest[..p]);
            let mut end = p + 1;
            if d == Dialect::Postgres {
                while rest[end..].starts_with(|c: char| c.is_ascii_digit()) {
                    end += 1;
                }
            }
            out.push_str(&self.binds.get(i).map(Bind::display).unwrap_or_else(|| "?".into()));
            i += 1;
            rest = &rest[end..];
        }
        out
    }
}

/// How the time column is compared with the cutoff.
#[derive(Debug, Clone)]
enum TimeCompare {
    /// A native date/time column compared with a bound timestamp.
    Native(ColumnKind),
    /// Numbers of seconds or milliseconds since the epoch.
    Epoch { millis: bool },
    /// ISO 8601 text: a lexical range on the date prefix (index-friendly), with an exact parse inside
    /// the two days around the cutoff where separators and UTC offsets could reorder values.
    IsoText,
}

#[derive(Debug, Clone)]
struct FilterSql {
    column: String,
    op: FilterOp,
    value: Option<Bind>,
    cast: Cast,
}

#[derive(Debug, Clone)]
struct AnonSql {
    column: String,
    method: AnonMethod,
}

/// A table rule resolved against the catalogue.
#[derive(Debug)]
pub struct TableTarget<'a> {
    pub rule: RetentionRule,
    pub(crate) conn: &'a Connection,
    d: Dialect,
    table: String,
    key: String,
    key_int: bool,
    key_cast: Cast,
    time: String,
    compare: TimeCompare,
    filters: Vec<FilterSql>,
    anon: Vec<AnonSql>,
    hash_key: Option<HashKey>,
    /// SQLite deletions walk the time index in chunks (see [`TableTarget::chunk`]).
    pub(crate) chunked: bool,
    /// PostgreSQL deletions walk the table's pages (see [`TableTarget::heap_batch`]).
    pub(crate) heap: bool,
}

fn pg_cast(d: Dialect, c: &ColumnInfo) -> Result<Cast> {
    if d != Dialect::Postgres || matches!(c.kind, ColumnKind::Integer | ColumnKind::Text | ColumnKind::Real) {
        return Ok(Cast(None));
    }
    let ty = c.data_type.to_ascii_lowercase();
    if ty.chars().all(|ch| ch.is_ascii_lowercase() || ch == ' ') && !ty.is_empty() && ty != "user-defined" {
        Ok(Cast(Some(ty)))
    } else {
        Err(RetentionError::Invalid(format!(
            "column '{}' has type {} which this connector cannot compare safely",
            c.name, c.data_type
        )))
    }
}

fn typed_value(d: Dialect, c: &ColumnInfo, v: &str) -> Result<Bind> {
    let bad = |what: &str| {
        RetentionError::Invalid(format!(
            "filter value '{v}' for column '{}' ({}) is not {what}",
            c.name, c.data_type
        ))
    };
    Ok(match c.kind {
        ColumnKind::Integer => Bind::Int(v.trim().parse().map_err(|_| bad("an integer"))?),
        ColumnKind::Real => Bind::Real(v.trim().parse().map_err(|_| bad("a number"))?),
        ColumnKind::Date | ColumnKind::Timestamp | ColumnKind::TimestampTz if d != Dialect::Sqlite => {
            let t = parse_time(v).ok_or_else(|| bad("a date or date-time (YYYY-MM-DD[THH:MM:SS][Z])"))?;
            if c.kind == ColumnKind::TimestampTz {
                Bind::TimestampTz(t)
            } else {
                Bind::Timestamp(t.naive_utc())
            }
        }
        _ => Bind::Text(v.to_string()),
    })
}

fn parse_time(v: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(v) {
        return Some(t.with_timezone(&Utc));
    }
    for f in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(v, f) {
            return Some(t.and_utc());
        }
    }
    NaiveDate::parse_from_str(v, "%Y-%m-%d").ok().map(|d| d.and_time(chrono::NaiveTime::MIN).and_utc())
}

/// Binds every value of `$sql` onto a sqlx query of any backend.
macro_rules! bound {
    ($sql:expr) => {{
        let mut q = sqlx::query(&$sql.text);
        for b in &$sql.binds {
            q = match b {
                Bind::Int(v) => q.bind(*v),
                Bind::Real(v) => q.bind(*v),
                Bind::Text(v) => q.bind(v.clone()),
                Bind::Timestamp(v) => q.bind(*v),
                Bind::TimestampTz(v) => q.bind(*v),
                Bind::IntArray(_) | Bind::TextArray(_) => unreachable!("arrays are bound with bound_pg!"),
            };
        }
        q
    }};
}

/// Binds every value of `$sql` onto a PostgreSQL query, arrays included.
macro_rules! bound_pg {
    ($sql:expr) => {{
        let mut q = sqlx::query::<sqlx::Postgres>(&$sql.text);
        for b in &$sql.binds {
            q = match b {
                Bind::Int(v) => q.bind(*v),
                Bind::Real(v) => q.bind(*v),
                Bind::Text(v) => q.bind(v.clone()),
                Bind::Timestamp(v) => q.bind(*v),
                Bind::TimestampTz(v) => q.bind(*v),
                Bind::IntArray(v) => q.bind(v.clone()),
                Bind::TextArray(v) => q.bind(v.clone()),
            };
        }
        q
    }};
}

/// Runs `$body` with `$pool` bound to the connection's pool, whatever its backend.
macro_rules! on_pool {
    ($conn:expr, $pool:ident => $body:expr) => {
        match $conn {
            Connection::Sqlite($pool) => $body,
            Connection::Postgres($pool) => $body,
            Connection::Mysql($pool) => $body,
            Connection::Folder(_) => unreachable!("table targets are never folders"),
        }
    };
}

impl<'a> TableTarget<'a> {
    pub(crate) async fn resolve(
        rule: &RetentionRule,
        conn: &'a Connection,
        catalog: &Catalog,
        hash_key: Option<HashKey>,
    ) -> Result<(TableTarget<'a>, RetentionRule)> {
        let RetentionTarget::Table { table, time_column, time_format, key_column, filters } = &rule.target
        else {
            unreachable!("checked by the caller")
        };
        let d = conn.dialect().expect("a database connection");
        let info = find_table(catalog, table)?;
        let col = |name: &str, role: &str| -> Result<ColumnInfo> {
            if d == Dialect::Sqlite
                && name.eq_ignore_ascii_case("rowid")
                && info.has_rowid
                && info.column(name).is_none()
            {
                return Ok(ColumnInfo {
                    name: "rowid".into(),
                    data_type: "INTEGER".into(),
                    kind: ColumnKind::Integer,
                    nullable: false,
                });
            }
            info.column(name).cloned().ok_or_else(|| {
                let names: Vec<&str> = info.columns.iter().map(|c| c.name.as_str()).collect();
                RetentionError::Invalid(format!(
                    "{role} '{name}' is not a column of table '{}' (columns: {})",
                    info.name,
                    names.join(", ")
                ))
            })
        };
        let key = col(key_column, "key column")?;
        if !(key.name == "rowid" || info.is_unique(&key.name)) {
            return Err(RetentionError::Invalid(format!(
                "key column '{}' of '{}' is neither the primary key nor unique: batches need a unique key{}",
                key.name,
                info.name,
                if d == Dialect::Sqlite && info.has_rowid { " (SQLite tables can use rowid)" } else { "" }
            )));
        }
        if !matches!(key.kind, ColumnKind::Integer | ColumnKind::Text) && d != Dialect::Postgres {
            return Err(RetentionError::Invalid(format!(
                "key column '{}' has type {}: use an integer or text key",
                key.name, key.data_type
            )));
        }
        let key_cast = pg_cast(d, &key)?;
        let time = col(time_column, "time column")?;
        let time_format = match time_format {
            TimeFormat::Auto => detect_format(conn, d, &info.name, &time).await?,
            f => *f,
        };
        let compare = match time_format {
            TimeFormat::Native => {
                if !matches!(time.kind, ColumnKind::Date | ColumnKind::Timestamp | ColumnKind::TimestampTz) {
                    return Err(RetentionError::Invalid(format!(
                        "time column '{}' has type {}, not a date/time type: declare iso or epoch",
                        time.name, time.data_type
                    )));
                }
                TimeCompare::Native(time.kind)
            }
            TimeFormat::EpochSeconds | TimeFormat::EpochMillis => {
                if !(numeric(time.kind) || (d == Dialect::Sqlite && time.kind == ColumnKind::Other)) {
                    return Err(RetentionError::Invalid(format!(
                        "time column '{}' has type {}, which cannot hold epoch numbers",
                        time.name, time.data_type
                    )));
                }
                TimeCompare::Epoch { millis: time_format == TimeFormat::EpochMillis }
            }
            TimeFormat::IsoText => {
                if !(time.kind == ColumnKind::Text
                    || (d == Dialect::Sqlite && time.kind == ColumnKind::Other))
                {
                    return Err(RetentionError::Invalid(format!(
                        "time column '{}' has type {}, not text: declare native or epoch",
                        time.name, time.data_type
                    )));
                }
                TimeCompare::IsoText
            }
            TimeFormat::Auto => unreachable!("resolved above"),
        };
        let mut fsql = Vec::new();
        for f in filters {
            let c = col(&f.column, "filter column")?;
            let value = f.value.as_deref().map(|v| typed_value(d, &c, v)).transpose()?;
            fsql.push(FilterSql { cast: pg_cast(d, &c)?, column: d.quote(&c.name), op: f.op, value });
        }
        let mut anon = Vec::new();
        if let RetentionAction::Anonymize { columns } = &rule.action {
            for a in columns {
                let c = col(&a.column, "anonymised column")?;
                if c.name == key.name || c.name == time.name {
                    return Err(RetentionError::Invalid(format!(
                        "column '{}' identifies or dates the rows and cannot be anonymised by this rule",
                        c.name
                    )));
                }
                match &a.method {
                    AnonMethod::Null if !c.nullable => {
                        return Err(RetentionError::Invalid(format!(
                            "column '{}' is NOT NULL: anonymise it with a fixed value or a hash",
                            c.name
                        )))
                    }
                    AnonMethod::Hash
                        if !(c.kind == ColumnKind::Text
                            || (d == Dialect::Sqlite && c.kind == ColumnKind::Other)) =>
                    {
                        return Err(RetentionError::Invalid(format!(
                            "column '{}' ({}) cannot hold a hash: hash only text columns",
                            c.name, c.data_type
                        )))
                    }
                    AnonMethod::Fixed(v) => {
                        typed_value(d, &c, v)?;
                    }
                    _ => {}
                }
                anon.push(AnonSql { column: d.quote(&c.name), method: a.method.clone() });
            }
            if anon.iter().any(|a| a.method == AnonMethod::Hash) && hash_key.is_none() {
                return Err(RetentionError::Invalid(
                    "no hash key available for keyed-hash anonymisation".into(),
                ));
            }
        }
        let mut resolved = rule.clone();
        if let RetentionTarget::Table { time_format: tf, table: t, .. } = &mut resolved.target {
            *tf = time_format;
            *t = info.name.clone();
        }
        let resolved_rule = resolved.clone();
        let chunked = d == Dialect::Sqlite
            && matches!(rule.action, RetentionAction::Delete)
            && sqlite_leads_index(conn, &info.name, &time.name).await?;
        Ok((
            TableTarget {
                rule: resolved,
                conn,
                d,
                table: d.quote(&info.name),
                key_int: key.kind == ColumnKind::Integer,
                key: d.quote(&key.name),
                key_cast,
                time: d.quote(&time.name),
                compare,
                filters: fsql,
                anon,
                hash_key,
                chunked,
                heap: d == Dialect::Postgres && matches!(rule.action, RetentionAction::Delete),
            },
            resolved_rule,
        ))
    }

    fn time_explanation(&self) -> TimeComparison {
        match &self.compare {
            TimeCompare::Native(k) => TimeComparison {
                format: TimeFormat::Native,
                explanation: format!(
                    "native {} column compared with the cutoff",
                    match k {
                        ColumnKind::Date => "date (a date counts from its midnight UTC)",
                        ColumnKind::TimestampTz => "timestamp with time zone",
                        _ => "timestamp (values without a zone are read as UTC)",
                    }
                ),
            },
            TimeCompare::Epoch { millis } => TimeComparison {
                format: if *millis { TimeFormat::EpochMillis } else { TimeFormat::EpochSeconds },
                explanation: format!(
                    "{} since 1970-01-01 UTC",
                    if *millis { "milliseconds" } else { "seconds" }
                ),
            },
            TimeCompare::IsoText => TimeComparison {
                format: TimeFormat::IsoText,
                explanation:
                    "ISO 8601 text: values dated more than a day before the cutoff compare by their \
                              date (an index range); within a day of it each value is parsed, UTC offsets \
                              included. Values that do not start with a date are never touched."
                        .into(),
            },
        }
    }

    /// The selection condition: past the cutoff, the extra filters, and (anonymisation) not yet done.
    ///
    /// `by_key`: the statement walks the key (a batch); SQLite is then kept from using an index on the
    /// time column (`+column`), which would make each batch scan every expired row and sort them.
    fn condition(&self, s: &mut Sql, cutoff: DateTime<Utc>, by_key: bool) {
        let d = self.d;
        let plain = format!("+{}", self.time);
        let t = if by_key && d == Dialect::Sqlite { &plain } else { &self.time };
        match &self.compare {
            TimeCompare::Native(kind) => {
                s.push(&format!("{t} < "));
                let b = match kind {
                    ColumnKind::TimestampTz => Bind::TimestampTz(cutoff),
                    _ => Bind::Timestamp(cutoff.naive_utc()),
                };
                s.bind(d, b, &Cast::default());
            }
            TimeCompare::Epoch { millis } => {
                s.push(&format!("{t} < "));
                let v = if *millis { cutoff.timestamp_millis() } else { cutoff.timestamp() };
                s.bind(d, Bind::Int(v), &Cast::default());
            }
            TimeCompare::IsoText => {
                let day = cutoff.date_naive();
                let lo = day.checked_sub_days(Days::new(1)).unwrap_or(day).format("%Y-%m-%d").to_string();
                let hi = day.checked_add_days(Days::new(2)).unwrap_or(day).format("%Y-%m-%d").to_string();
                // The shape guard keeps values that are not dates away, whatever they compare as.
                match d {
                    Dialect::Sqlite => {
                        s.push(&format!("{t} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]*' AND {t} < "))
                    }
                    Dialect::Postgres => {
                        s.push(&format!("{t} ~ '^[0-9]{{4}}-[0-1][0-9]-[0-3][0-9]' AND {t} < "))
                    }
                    Dialect::Mysql => {
                        s.push(&format!("{t} REGEXP '^[0-9]{{4}}-[0-1][0-9]-[0-3][0-9]' AND {t} < "))
                    }
                };
                s.bind(d, Bind::Text(hi), &Cast::default());
                s.push(&format!(" AND ({t} < "));
                s.bind(d, Bind::Text(lo), &Cast::default());
                match d {
                    Dialect::Sqlite => {
                        s.push(&format!(" OR julianday({t}) < julianday("));
                        s.bind(
                            d,
                            Bind::Text(cutoff.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()),
                            &Cast::default(),
                        );
                        s.push("))");
                    }
                    Dialect::Postgres => {
                        s.push(&format!(" OR CAST({t} AS timestamptz) < "));
                        s.bind(d, Bind::TimestampTz(cutoff), &Cast::default());
                        s.push(")");
                    }
                    Dialect::Mysql => {
                        // MySQL and MariaDB cast ISO text to a DATETIME ignoring any UTC offset, so the
                        // offset is applied by hand; a value of another shape is never touched.
                        s.push(&format!(
                            " OR CASE WHEN {t} REGEXP '{MYSQL_ISO}' THEN {} < ",
                            mysql_iso_utc(t)
                        ));
                        s.bind(d, Bind::Timestamp(cutoff.naive_utc()), &Cast::default());
                        s.push(" ELSE 0 END)");
                    }
                }
            }
        }
        for f in &self.filters {
            s.push(&format!(" AND {} {}", f.column, f.op.sql()));
            if let Some(v) = &f.value {
                s.push(" ");
                s.bind(d, v.clone(), &f.cast);
            }
        }
        if !self.anon.is_empty() {
            // Not yet anonymised: at least one listed column still holds something else.
            s.push(" AND (");
            for (i, a) in self.anon.iter().enumerate() {
                if i > 0 {
                    s.push(" OR ");
                }
                let c = &a.column;
                match &a.method {
                    AnonMethod::Null => {
                        s.push(&format!("{c} IS NOT NULL"));
                    }
                    AnonMethod::Fixed(v) => {
                        s.push(&format!("({c} IS NOT NULL AND {c} <> "));
                        s.bind(d, Bind::Text(v.clone()), &Cast::default());
                        s.push(")");
                    }
                    AnonMethod::Hash => {
                        s.push(&format!("({c} IS NOT NULL AND {c} NOT LIKE '{HASH_PREFIX}%')"));
                    }
                }
            }
            s.push(")");
        }
    }

    /// The key in the first column of a row of any backend.
    fn key_at<'r, R: Row>(&self, r: &'r R) -> Result<Key>
    where
        usize: sqlx::ColumnIndex<R>,
        i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
        String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    {
        Ok(if self.key_int { Key::Int(r.try_get(0)?) } else { Key::Text(r.try_get(0)?) })
    }

    fn key_bind(&self, k: &Key) -> Bind {
        match k {
            Key::Int(v) => Bind::Int(*v),
            Key::Text(v) => Bind::Text(v.clone()),
        }
    }

    fn key_select(&self) -> String {
        let k = &self.key;
        match (self.d, self.key_int) {
            (Dialect::Postgres, true) => format!("CAST({k} AS bigint)"),
            (Dialect::Postgres, false) => format!("CAST({k} AS text)"),
            (Dialect::Mysql, true) => format!("CAST({k} AS SIGNED)"),
            (Dialect::Mysql, false) => format!("CAST({k} AS CHAR)"),
            (Dialect::Sqlite, _) => k.clone(),
        }
    }

    fn text_select(&self, c: &str) -> String {
        match self.d {
            Dialect::Mysql => format!("CAST({c} AS CHAR)"),
            _ => format!("CAST({c} AS TEXT)"),
        }
    }

    /// `key = ANY($n)` with the keys as one array (PostgreSQL: one parameter, whatever the batch).
    fn keys_any(&self, s: &mut Sql, keys: &[Key]) {
        let b = if self.key_int {
            Bind::IntArray(
                keys.iter().filter_map(|k| if let Key::Int(v) = k { Some(*v) } else { None }).collect(),
            )
        } else {
            Bind::TextArray(keys.iter().map(|k| k.to_string()).collect())
        };
        let ty = match (&self.key_cast.0, self.key_int) {
            (Some(ty), _) => format!("{ty}[]"),
            (None, true) => "bigint[]".into(),
            (None, false) => "text[]".into(),
        };
        s.push(&format!("{} = ANY(", self.key));
        s.bind(self.d, b, &Cast(Some(ty)));
        s.push(")");
    }

    /// `key IN (SELECT value FROM json_each(?))` (SQLite): one bound JSON array, where a list of up
    /// to 20,000 parameters made SQLite parse and plan a new statement for every batch size.
    fn keys_json(&self, s: &mut Sql, keys: &[Key]) {
        s.push(&format!("{} IN (SELECT value FROM json_each(", self.key));
        let json = serde_json::to_string(keys).unwrap_or_else(|_| "[]".into());
        s.bind(self.d, Bind::Text(json), &Cast::default());
        s.push("))");
    }

    fn keys_in(&self, s: &mut Sql, keys: &[Key]) {
        s.push(&format!("{} IN (", self.key));
        for (i, k) in keys.iter().enumerate() {
            if i > 0 {
                s.push(", ");
            }
            s.bind(self.d, self.key_bind(k), &self.key_cast);
        }
        s.push(")");
    }

    fn count_sql(&self, cutoff: DateTime<Utc>, held: Option<&[Key]>) -> Sql {
        let mut s = Sql::default();
        s.push(&format!("SELECT COUNT(*) FROM {} WHERE ", self.table));
        self.condition(&mut s, cutoff, false);
        if let Some(keys) = held {
            s.push(" AND ");
            self.keys_in(&mut s, keys);
        }
        s
    }

    fn select_sql(&self, cutoff: DateTime<Utc>, after: Option<&Key>, limit: u32, lock: bool) -> Sql {
        let mut s = Sql::default();
        let mut cols = vec![self.key_select()];
        for a in &self.anon {
            if a.method == AnonMethod::Hash {
                cols.push(self.text_select(&a.column));
            }
        }
        s.push(&format!("SELECT {} FROM {} WHERE ", cols.join(", "), self.table));
        if let Some(k) = after {
            s.push(&format!("{} > ", self.key));
            s.bind(self.d, self.key_bind(k), &self.key_cast);
            s.push(" AND ");
        }
        self.condition(&mut s, cutoff, true);
        s.push(&format!(" ORDER BY {} LIMIT {limit}", self.key));
        if lock && self.d != Dialect::Sqlite {
            s.push(" FOR UPDATE");
        }
        s
    }

    /// The statement that acts on one batch of keys (for hashing: one row, with its pseudonyms).
    fn action_sql(&self, cutoff: DateTime<Utc>, keys: &[Key], pseudonyms: Option<&[Option<String>]>) -> Sql {
        self.action_sql_with(cutoff, keys, pseudonyms, KeyList::Params)
    }

    /// `list`: how the keys are bound.
    fn action_sql_with(
        &self,
        cutoff: DateTime<Utc>,
        keys: &[Key],
        pseudonyms: Option<&[Option<String>]>,
        list: KeyList,
    ) -> Sql {
        let mut s = Sql::default();
        match &self.rule.action {
            RetentionAction::Anonymize { .. } => {
                s.push(&format!("UPDATE {} SET ", self.table));
                let mut hashed = 0;
                for (i, a) in self.anon.iter().enumerate() {
                    if i > 0 {
                        s.push(", ");
                    }
                    s.push(&format!("{} = ", a.column));
                    match &a.method {
                        AnonMethod::Null => {
                            s.push("NULL");
                        }
                        AnonMethod::Fixed(v) => {
                            s.bind(self.d, Bind::Text(v.clone()), &Cast::default());
                        }
                        AnonMethod::Hash => {
                            match pseudonyms.and_then(|p| p.get(hashed).cloned()) {
                                Some(Some(p)) => s.bind(self.d, Bind::Text(p), &Cast::default()),
                                Some(None) => s.push("NULL"),
                                None => s.push(":keyed_hash"),
                            };
                            hashed += 1;
                        }
                    }
                }
            }
            _ => {
                s.push(&format!("DELETE FROM {}", self.table));
            }
        }
        s.push(" WHERE ");
        match list {
            KeyList::Params => self.keys_in(&mut s, keys),
            KeyList::PgArray => self.keys_any(&mut s, keys),
            KeyList::Json => self.keys_json(&mut s, keys),
        }
        s.push(" AND ");
        self.condition(&mut s, cutoff, true);
        s
    }

    pub(crate) async fn count(&self, cutoff: DateTime<Utc>, holds: &HoldEffect) -> Result<(u64, u64)> {
        let all = self.count_rows(&self.count_sql(cutoff, None)).await?;
        if !holds.whole_rule.is_empty() {
            return Ok((0, all));
        }
        let mut held = 0;
        let keys: Vec<Key> = holds.keys.iter().filter_map(|k| self.parse_key(k)).collect();
        for chunk in keys.chunks(500) {
            held += self.count_rows(&self.count_sql(cutoff, Some(chunk))).await?;
        }
        Ok((all - held.min(all), held))
    }

    fn parse_key(&self, k: &str) -> Option<Key> {
        if self.key_int {
            k.trim().parse().ok().map(Key::Int)
        } else {
            Some(Key::Text(k.to_string()))
        }
    }

    async fn count_rows(&self, s: &Sql) -> Result<u64> {
        let n: i64 = on_pool!(self.conn, p => bound!(s).fetch_one(p).await?.try_get(0)?);
        Ok(n.max(0) as u64)
    }

    pub(crate) async fn plan(&self, cutoff: DateTime<Utc>, holds: &HoldEffect) -> Result<Plan> {
        let (affected, held) = self.count(cutoff, holds).await?;
        let mut sample = Vec::new();
        if holds.whole_rule.is_empty() {
            let mut after: Option<Key> = None;
            // Page until ten unheld keys are found (held keys are skipped like a run skips them).
            'outer: for _ in 0..20 {
                let rows = self.select_keys(&self.select_sql(cutoff, after.as_ref(), 50, false)).await?;
                if rows.is_empty() {
                    break;
                }
                for (k, _) in &rows {
                    if !holds.is_held(&k.to_string()) {
                        sample.push(k.to_string());
                        if sample.len() == 10 {
                            break 'outer;
                        }
                    }
                }
                after = rows.last().map(|r| r.0.clone());
            }
        }
        let n = self.rule.batch_size;
        let mut statements = vec![self.count_sql(cutoff, None).display(self.d)];
        if self.chunked {
            statements.extend(self.chunk_statements(cutoff, n.min(KEY_LIST_BATCH_SIZE), holds));
        } else if self.heap {
            statements.extend(self.heap_statements(cutoff, n, holds));
        } else {
            let pg_arrays =
                self.d == Dialect::Postgres && !self.anon.iter().any(|a| a.method == AnonMethod::Hash);
            let first = self.select_sql(cutoff, None, n, !pg_arrays).display(self.d);
            statements.push(format!(
                "-- each batch (at most {n} keys, sized to take about {} ms), in one transaction{}:",
                if self.d == Dialect::Postgres { crate::PG_TARGET_BATCH_MS } else { crate::TARGET_BATCH_MS },
                self.tx_note()
            ));
            statements.push(first.replacen(" WHERE ", &format!(" WHERE {} > :last_key AND ", self.key), 1));
            statements.push("-- held keys are removed from the batch, then:".into());
            let example = [Key::Text(":batch_keys".into())];
            let list = if pg_arrays { KeyList::PgArray } else { KeyList::Params };
            let mut act = self.action_sql_with(cutoff, &example, None, list).display(self.d);
            act = act.replace("ARRAY[':batch_keys']", ":batch_keys").replace("ARRAY[]", ":batch_keys");
            act = act.replace("':batch_keys'", ":batch_keys");
            if pg_arrays {
                act = format!("{act} RETURNING {}", self.key_select());
            }
            statements.push(act);
        }
        Ok(Plan {
            rule: self.rule.name.clone(),
            cutoff,
            affected,
            held,
            sample_keys: sample,
            statements,
            time_comparison: self.time_explanation(),
            whole_rule_holds: holds.whole_rule.clone(),
        })
    }

    fn tx_note(&self) -> &'static str {
        match self.d {
            Dialect::Sqlite => " (BEGIN IMMEDIATE)",
            Dialect::Postgres => " (SET LOCAL lock_timeout = '5s', statement_timeout = '60s')",
            Dialect::Mysql => " (innodb_lock_wait_timeout = 5)",
        }
    }

    async fn select_keys(&self, s: &Sql) -> Result<Vec<(Key, Vec<Option<String>>)>> {
        let rows = on_pool!(self.conn, p => {
            let rows = bound!(s).fetch_all(p).await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in &rows {
                let k = self.key_at(r)?;
                let mut vals = Vec::new();
                for i in 1..r.len() {
                    vals.push(r.try_get::<Option<String>, _>(i)?);
                }
                out.push((k, vals));
            }
            out
        });
        Ok(rows)
    }

    pub(crate) async fn still_pending(&self, cutoff: DateTime<Utc>, keys: &[Key]) -> Result<Vec<Key>> {
        let mut out = Vec::new();
        for chunk in keys.chunks(500) {
            let mut s = Sql::default();
            s.push(&format!("SELECT {} FROM {} WHERE ", self.key_select(), self.table));
            self.keys_in(&mut s, chunk);
            s.push(" AND ");
            self.condition(&mut s, cutoff, true);
            out.extend(self.select_keys(&s).await?.into_iter().map(|r| r.0));
        }
        out.sort();
        Ok(out)
    }

    /// One batch: `None` when nothing is left after `after`.
    pub(crate) async fn batch<J: Journal>(
        &self,
        cutoff: DateTime<Utc>,
        holds: &HoldEffect,
        after: Option<&Key>,
        n: u32,
        limit: u32,
        journal: &mut J,
    ) -> Result<Option<(Vec<Key>, u32, Option<Key>)>> {
        let hashing = self.anon.iter().any(|a| a.method == AnonMethod::Hash);
        if let (Connection::Postgres(p), false) = (self.conn, hashing) {
            return self.pg_batch(p, cutoff, holds, after, n, limit, journal).await;
        }
        let select = self.select_sql(cutoff, after, limit, true);
        macro_rules! body {
            ($tx:ident) => {{
                let rows = bound!(select).fetch_all(&mut *$tx).await?;
                if rows.is_empty() {
                    $tx.rollback().await?;
                    return Ok(None);
                }
                let mut keys = Vec::with_capacity(rows.len());
                let mut values = Vec::with_capacity(rows.len());
                let mut held = 0u32;
                let mut last = None;
                for r in &rows {
                    let k = self.key_at(r)?;
                    last = Some(k.clone());
                    if holds.is_held(&k.to_string()) {
                        held += 1;
                        continue;
                    }
                    let mut vals: Vec<Option<String>> = Vec::new();
                    for i in 1..r.len() {
                        vals.push(r.try_get::<Option<String>, _>(i)?);
                    }
                    keys.push(k);
                    values.push(vals);
                }
                if keys.is_empty() {
                    $tx.rollback().await?;
                    return Ok(Some((keys, held, last)));
                }
                journal.intent(&BatchIntent { n, keys: keys.clone(), held, resume: None }).await?;
                if hashing {
                    let hk = self.hash_key.as_ref().expect("checked at resolve");
                    for (k, vals) in keys.iter().zip(&values) {
                        let ps: Vec<Option<String>> =
                            vals.iter().map(|v| v.as_deref().map(|v| hk.pseudonym(v))).collect();
                        let s = self.action_sql(cutoff, std::slice::from_ref(k), Some(&ps));
                        bound!(s).execute(&mut *$tx).await?;
                    }
                } else {
                    let s = self.action_sql(cutoff, &keys, None);
                    bound!(s).execute(&mut *$tx).await?;
                }
                $tx.commit().await?;
                Ok(Some((keys, held, last)))
            }};
        }
        match self.conn {
            Connection::Sqlite(p) => {
                let mut tx = p.begin_with("BEGIN IMMEDIATE").await?;
                body!(tx)
            }
            Connection::Postgres(p) => {
                let mut tx = p.begin().await?;
                sqlx::query("SET LOCAL lock_timeout = '5s'").execute(&mut *tx).await?;
                sqlx::query("SET LOCAL statement_timeout = '60s'").execute(&mut *tx).await?;
                body!(tx)
            }
            Connection::Mysql(p) => {
                let mut c = p.acquire().await?;
                sqlx::query("SET SESSION innodb_lock_wait_timeout = 5").execute(&mut *c).await?;
                let mut tx = sqlx::Acquire::begin(&mut *c).await?;
                body!(tx)
            }
            Connection::Folder(_) => unreachable!("table targets are never folders"),
        }
    }

    /// One PostgreSQL batch without keyed hashing: the keys are read without row locks, then one
    /// `DELETE`/`UPDATE … WHERE key = ANY($1) AND <selection> RETURNING key` acts on those that still
    /// match (PostgreSQL re-checks the condition on rows changed meanwhile) and says exactly which;
    /// those keys reach the journal before the commit. Row locks on the read would write every row
    /// twice.
    #[allow(clippy::too_many_arguments)]
    async fn pg_batch<J: Journal>(
        &self,
        p: &sqlx::PgPool,
        cutoff: DateTime<Utc>,
        holds: &HoldEffect,
        after: Option<&Key>,
        n: u32,
        limit: u32,
        journal: &mut J,
    ) -> Result<Option<(Vec<Key>, u32, Option<Key>)>> {
        let mut tx = p.begin().await?;
        sqlx::query("SET LOCAL lock_timeout = '5s'").execute(&mut *tx).await?;
        sqlx::query("SET LOCAL statement_timeout = '60s'").execute(&mut *tx).await?;
        let select = self.select_sql(cutoff, after, limit, false);
        let rows = bound_pg!(select).fetch_all(&mut *tx).await?;
        if rows.is_empty() {
            tx.rollback().await?;
            return Ok(None);
        }
        let mut keys = Vec::with_capacity(rows.len());
        let mut held = 0u32;
        let mut last = None;
        for r in &rows {
            let k = self.key_at(r)?;
            last = Some(k.clone());
            if holds.is_held(&k.to_string()) {
                held += 1;
            } else {
                keys.push(k);
            }
        }
        if keys.is_empty() {
            tx.rollback().await?;
            return Ok(Some((keys, held, last)));
        }
        let mut s = self.action_sql_with(cutoff, &keys, None, KeyList::PgArray);
        s.push(&format!(" RETURNING {}", self.key_select()));
        let rows = bound_pg!(s).fetch_all(&mut *tx).await?;
        let mut done = rows.iter().map(|r| self.key_at(r)).collect::<Result<Vec<_>>>()?;
        done.sort();
        if done.is_empty() {
            tx.rollback().await?;
            return Ok(Some((done, held, last)));
        }
        journal.intent(&BatchIntent { n, keys: done.clone(), held, resume: None }).await?;
        tx.commit().await?;
        Ok(Some((done, held, last)))
    }
}

impl TableTarget<'_> {
    pub(crate) fn dialect(&self) -> Dialect {
        self.d
    }

    /// The statement that reads the next chunk of expired, unheld keys in time-index order: the
    /// oldest ones left, since a chunk's keys are gone (or no longer match) once its batches are done.
    /// The keys come as one JSON array (one row, not one per key: SQLite answers it from the index
    /// alone, and reading a million keys row by row cost four times the scan), after the
    /// connection's `data_version`.
    fn chunk_sql(&self, cutoff: DateTime<Utc>, held: &[Key], limit: u32) -> Sql {
        let mut s = Sql::default();
        let (t, k) = (&self.time, &self.key);
        let key = if self.key_int { "k".to_string() } else { "CAST(k AS TEXT)".to_string() };
        // One statement, so one snapshot: the version is that of the data the keys are read from.
        s.push(&format!(
            "SELECT (SELECT data_version FROM pragma_data_version), (SELECT json_group_array({key}) FROM \
             (SELECT {k} AS k FROM {} WHERE ",
            self.table
        ));
        self.condition(&mut s, cutoff, false);
        if !held.is_empty() {
            s.push(&format!(" AND {k} NOT IN (SELECT value FROM json_each("));
            let json = serde_json::to_string(held).unwrap_or_else(|_| "[]".into());
            s.bind(self.d, Bind::Text(json), &Cast::default());
            s.push("))");
        }
        s.push(&format!(" ORDER BY {t} LIMIT {limit}))"));
        s
    }

    /// The run's own connection to a SQLite datastore, held by a chunked deletion from its first
    /// chunk to its last batch: `PRAGMA data_version` (see [`TableTarget::delete_keys`]) only
    /// compares values read on one connection.
    pub(crate) async fn sqlite_connection(&self) -> Result<PoolConnection<Sqlite>> {
        let Connection::Sqlite(p) = self.conn else { unreachable!("chunks are for SQLite") };
        Ok(p.acquire().await?)
    }

    /// The next `limit` expired, unheld keys in the order of the time index (SQLite deletions), sorted
    /// by key, with the connection's `data_version` in the same read. Deleting rows in key order
    /// dirties a random page of the time index for nearly every row; taking a chunk of the index
    /// first and deleting its keys in key order keeps both the table pages and the index pages of
    /// one batch close together, so a commit writes a fraction of the pages.
    pub(crate) async fn chunk(
        &self,
        conn: &mut SqliteConnection,
        cutoff: DateTime<Utc>,
        holds: &HoldEffect,
        limit: u32,
    ) -> Result<Chunk> {
        let s = self.chunk_sql(cutoff, &self.held_keys(holds), limit);
        let row = bound!(s).fetch_one(&mut *conn).await?;
        let version: i64 = row.try_get(0)?;
        let json: String = row.try_get(1)?;
        let mut keys: Vec<Key> = serde_json::from_str(&json)
            .map_err(|e| RetentionError::Invalid(format!("keys of a chunk of the time index: {e}")))?;
        keys.sort_unstable();
        Ok(Chunk { keys, version })
    }

    /// Deletes `keys` of `chunk` (SQLite; unique) in one `BEGIN IMMEDIATE` transaction and returns
    /// the keys actually deleted; their intent reaches the journal before the commit.
    ///
    /// Under the write lock, `PRAGMA data_version` tells whether another connection has committed
    /// anything since the chunk was read (our own commits do not change it). If not, every key still
    /// names a row that matches the selection, exactly as read, and the statement names the keys
    /// alone; otherwise it re-checks the selection condition for every row. Usually every key is
    /// deleted, which the count of changed rows proves (a key names one row); otherwise (the
    /// application changed or deleted some rows since the chunk was read) the transaction is undone,
    /// and the keys that still match are read and then deleted under one new write lock.
    pub(crate) async fn delete_keys<J: Journal>(
        &self,
        conn: &mut SqliteConnection,
        cutoff: DateTime<Utc>,
        chunk: &Chunk,
        keys: &[Key],
        n: u32,
        journal: &mut J,
    ) -> Result<Vec<Key>> {
        let mut tx = sqlx::Connection::begin_with(&mut *conn, "BEGIN IMMEDIATE").await?;
        let version: i64 =
            sqlx::query_scalar("SELECT data_version FROM pragma_data_version").fetch_one(&mut *tx).await?;
        let s = if version == chunk.version {
            self.delete_listed_sql(keys)
        } else {
            self.action_sql_with(cutoff, keys, None, KeyList::Json)
        };
        // The intent names the keys while the statement runs (the journal's sync overlaps SQLite's
        // work); it is corrected below, still before the commit, when not every key was deleted.
        let intent = BatchIntent { n, keys: keys.to_vec(), held: 0, resume: None };
        let (changed, noted) = tokio::join!(bound!(s).execute(&mut *tx), journal.intent(&intent));
        let changed = match (changed, noted) {
            (Ok(c), Ok(())) => c.rows_affected(),
            (Err(e), noted) => {
                if noted.is_ok() {
                    journal.discard_intent(n).await?;
                }
                return Err(e.into());
            }
            (Ok(_), Err(e)) => return Err(e),
        };
        if changed == keys.len() as u64 {
            tx.commit().await?;
            return Ok(keys.to_vec());
        }
        // Some rows changed since the chunk was read: the statement is undone (a whole transaction,
        // not a savepoint: an open savepoint makes SQLite copy every page the batch changes), and the
        // keys that still match are read and deleted under one new write lock.
        tx.rollback().await?;
        let mut tx = sqlx::Connection::begin_with(&mut *conn, "BEGIN IMMEDIATE").await?;
        let mut sel = Sql::default();
        sel.push(&format!("SELECT {} FROM {} WHERE ", self.key, self.table));
        self.keys_json(&mut sel, keys);
        sel.push(" AND ");
        self.condition(&mut sel, cutoff, true);
        let rows = bound!(sel).fetch_all(&mut *tx).await?;
        let mut still = rows.iter().map(|r| self.key_at(r)).collect::<Result<Vec<_>>>()?;
        still.sort();
        if still.is_empty() {
            tx.rollback().await?;
            journal.discard_intent(n).await?;
            return Ok(still);
        }
        let s = self.action_sql_with(cutoff, &still, None, KeyList::Json);
        let changed = bound!(s).execute(&mut *tx).await?.rows_affected();
        if changed != still.len() as u64 {
            return Err(RetentionError::Invalid(format!(
                "{changed} rows changed where {} were selected under the same lock; nothing was deleted",
                still.len()
            )));
        }
        if still.len() != keys.len() {
            journal.intent(&BatchIntent { n, keys: still.clone(), held: 0, resume: None }).await?;
        }
        tx.commit().await?;
        Ok(still)
    }

    /// Sets `PRAGMA synchronous` on the run's connection.
    pub(crate) async fn set_synchronous(conn: &mut SqliteConnection, level: &'static str) -> Result<()> {
        sqlx::query(&format!("PRAGMA synchronous = {level}")).execute(conn).await?;
        Ok(())
    }

    /// Deletes the rows of `keys`, without re-checking the selection: only for keys read under the
    /// same `data_version` (see [`TableTarget::delete_keys`]).
    fn delete_listed_sql(&self, keys: &[Key]) -> Sql {
        let mut s = Sql::default();
        s.push(&format!("DELETE FROM {} WHERE ", self.table));
        self.keys_json(&mut s, keys);
        s
    }

    /// The table's size in pages now, and its rows per page as last analysed (PostgreSQL; 0 when
    /// never analysed).
    pub(crate) async fn heap_pages(&self) -> Result<(u32, f64)> {
        let Connection::Postgres(p) = self.conn else { unreachable!("page ranges are for PostgreSQL") };
        let r = sqlx::query(
            "SELECT pg_relation_size(c.oid) / current_setting('block_size')::bigint, \
             CASE WHEN c.relpages > 0 AND c.reltuples > 0 THEN c.reltuples / c.relpages ELSE 0 END \
             FROM pg_class c WHERE c.oid = $1::regclass",
        )
        .bind(&self.table)
        .fetch_one(p)
        .await?;
        let pages: i64 = r.try_get(0)?;
        let per_page: f64 = r.try_get::<f32, _>(1).map(f64::from).or_else(|_| r.try_get::<f64, _>(1))?;
        Ok((pages.clamp(0, i64::from(u32::MAX)) as u32, per_page))
    }

    /// The statement of one page-range batch (PostgreSQL deletions): deletes the expired, unheld rows
    /// stored in pages `lo..hi` and returns their keys as one array, with the number of held rows there.
    fn heap_sql(&self, cutoff: DateTime<Utc>, lo: u32, hi: u32, held: &[Key]) -> Sql {
        let mut s = Sql::default();
        let range = ctid_range(lo, hi);
        s.push(&format!("WITH d AS (DELETE FROM {} WHERE {range} AND ", self.table));
        self.condition(&mut s, cutoff, true);
        if !held.is_empty() {
            s.push(" AND NOT ");
            self.keys_any(&mut s, held);
        }
        s.push(&format!(" RETURNING {} AS k) SELECT (SELECT array_agg(k) FROM d), ", self.key_select()));
        if held.is_empty() {
            s.push("0::bigint");
        } else {
            s.push(&format!("(SELECT count(*) FROM {} WHERE ", self.table));
            self.keys_any(&mut s, held);
            s.push(&format!(" AND {range} AND "));
            self.condition(&mut s, cutoff, true);
            s.push(")");
        }
        s
    }

    /// The statement of one sweep batch (PostgreSQL deletions, after the page ranges): up to `limit`
    /// expired, unheld rows wherever they are now (rows moved by an update or added during the run).
    fn sweep_sql(&self, cutoff: DateTime<Utc>, limit: u32, held: &[Key]) -> Sql {
        let mut s = Sql::default();
        let k = &self.key;
        s.push(&format!(
            "WITH d AS (DELETE FROM {t} WHERE {k} IN (SELECT {k} FROM {t} WHERE ",
            t = self.table
        ));
        self.condition(&mut s, cutoff, true);
        if !held.is_empty() {
            s.push(" AND NOT ");
            self.keys_any(&mut s, held);
        }
        s.push(&format!(" LIMIT {limit}) AND "));
        self.condition(&mut s, cutoff, true);
        s.push(&format!(
            " RETURNING {} AS k) SELECT (SELECT array_agg(k) FROM d), 0::bigint",
            self.key_select()
        ));
        s
    }

    /// The held keys as keys of the column's kind (a held value that cannot be a key holds nothing).
    fn held_keys(&self, holds: &HoldEffect) -> Vec<Key> {
        holds.keys.iter().filter_map(|k| self.parse_key(k)).collect()
    }

    /// One PostgreSQL deletion batch over pages `lo..hi` (`Some`) or a sweep batch (`None`), in one
    /// transaction with the usual timeouts. The keys deleted reach the journal (as the intent, with
    /// `resume` as where to continue) before the commit. Returns the keys (sorted) and the held count.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn heap_batch<J: Journal>(
        &self,
        cutoff: DateTime<Utc>,
        holds: &HoldEffect,
        pages: Option<(u32, u32)>,
        limit: u32,
        n: u32,
        resume: Option<Key>,
        journal: &mut J,
    ) -> Result<(Vec<Key>, u32)> {
        let Connection::Postgres(p) = self.conn else { unreachable!("page ranges are for PostgreSQL") };
        let held_keys = self.held_keys(holds);
        let s = match pages {
            Some((lo, hi)) => self.heap_sql(cutoff, lo, hi, &held_keys),
            None => self.sweep_sql(cutoff, limit, &held_keys),
        };
        let mut tx = p.begin().await?;
        sqlx::query("SET LOCAL lock_timeout = '5s'").execute(&mut *tx).await?;
        sqlx::query("SET LOCAL statement_timeout = '60s'").execute(&mut *tx).await?;
        let row = bound_pg!(s).fetch_one(&mut *tx).await?;
        let mut done: Vec<Key> = if self.key_int {
            row.try_get::<Option<Vec<i64>>, _>(0)?.unwrap_or_default().into_iter().map(Key::Int).collect()
        } else {
            row.try_get::<Option<Vec<String>>, _>(0)?.unwrap_or_default().into_iter().map(Key::Text).collect()
        };
        let held: i64 = row.try_get(1)?;
        let held = held.clamp(0, i64::from(u32::MAX)) as u32;
        if done.is_empty() {
            tx.rollback().await?;
            return Ok((done, held));
        }
        done.sort_unstable();
        journal.intent(&BatchIntent { n, keys: done.clone(), held, resume }).await?;
        tx.commit().await?;
        Ok((done, held))
    }

    /// The statements of a run over pages, for plans.
    fn heap_statements(&self, cutoff: DateTime<Utc>, n: u32, holds: &HoldEffect) -> Vec<String> {
        let held = self.held_keys(holds);
        let page = |s: String| s.replace("'(0,0)'::tid", ":first_page").replace("'(1,0)'::tid", ":end_page");
        vec![
            format!(
                "-- the table's pages in order, in stretches of about {n} rows (sized to take about {} ms), each \
                 in one transaction{}:",
                crate::PG_TARGET_BATCH_MS,
                self.tx_note()
            ),
            page(self.heap_sql(cutoff, 0, 1, &held).display(self.d)),
            "-- then, until nothing is left, rows moved or added while the pages were walked:".into(),
            self.sweep_sql(cutoff, n, &held).display(self.d),
        ]
    }

    /// About how many rows the table holds (for sizing chunks): the span of an integer key (one
    /// lookup at each end of its index), else a count.
    pub(crate) async fn table_rows(&self) -> Result<u64> {
        let Connection::Sqlite(p) = self.conn else { unreachable!("chunks are for SQLite") };
        let sql = if self.key_int {
            format!("SELECT coalesce(max({k}) - min({k}) + 1, 0) FROM {}", self.table, k = self.key)
        } else {
            format!("SELECT count(*) FROM {}", self.table)
        };
        let n: i64 = sqlx::query(&sql).fetch_one(p).await?.try_get(0)?;
        Ok(n.max(0) as u64)
    }

    /// The statements of a chunked run, for plans.
    fn chunk_statements(&self, cutoff: DateTime<Utc>, n: u32, holds: &HoldEffect) -> Vec<String> {
        let held = self.held_keys(holds);
        let mut first =
            self.chunk_sql(cutoff, &held, n).display(self.d).replace(&format!("LIMIT {n}"), "LIMIT :chunk");
        if !held.is_empty() {
            let json = serde_json::to_string(&held).unwrap_or_default();
            first = first
                .replace(&format!("'{json}'"), &format!(":held_keys /* the {} held keys */", held.len()));
        }
        let mut out = vec![
            "-- until none are left, chunks of the oldest expired, unheld entries of the time index, of \
             √(2 × table rows × batch) entries (the index keeps each commit small):"
                .into(),
            first,
            format!(
                "-- each chunk's keys in key order, in batches of at most {n} keys (sized to take about {} ms), \
                 each in one transaction (BEGIN IMMEDIATE):",
                crate::TARGET_BATCH_MS
            ),
        ];
        let example = [Key::Text(":batch_keys".into())];
        let name_keys = |s: String| s.replace("'[\":batch_keys\"]'", ":batch_keys /* one JSON array */");
        out.push(
            "-- when no other connection has committed since the chunk was read (PRAGMA data_version, read \
             with the chunk and again under the write lock, is unchanged), its keys still match exactly as \
             read:"
                .into(),
        );
        out.push(name_keys(self.delete_listed_sql(&example).display(self.d)));
        out.push("-- otherwise the selection is re-checked for every row:".into());
        out.push(name_keys(self.action_sql_with(cutoff, &example, None, KeyList::Json).display(self.d)));
        out.push(
            "-- fewer rows deleted than keys named (the application changed some meanwhile): undone, and \
             the keys that still match are read, then deleted, under the same lock"
                .into(),
        );
        out
    }
}

/// A chunk of the time index (SQLite deletions): its keys, sorted, and the connection's
/// `data_version` when they were read.
#[derive(Debug)]
pub(crate) struct Chunk {
    pub(crate) keys: Vec<Key>,
    pub(crate) version: i64,
}

/// How a statement names its keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeyList {
    /// One parameter per key: `key IN (?, ?, …)`.
    Params,
    /// One PostgreSQL array: `key = ANY($1)`.
    PgArray,
    /// One JSON array (SQLite): `key IN (SELECT value FROM json_each(?))`.
    Json,
}

/// A stretch of a PostgreSQL table's pages: `ctid >= '(lo,0)' AND ctid < '(hi,0)'` (a TID range scan,
/// read in physical order, like the raw DELETE's sequential scan).
fn ctid_range(lo: u32, hi: u32) -> String {
    format!("ctid >= '({lo},0)'::tid AND ctid < '({hi},0)'::tid")
}

/// How many entries of the time index one chunk takes, for batches of `batch` keys on a table of
/// about `table_rows` rows. A batch of a chunk's keys (in key order) spans `batch / chunk` of the table
/// and all of the chunk's stretch of the index, so a commit rewrites about
/// `table pages × batch / chunk + chunk / index entries per page` pages: least at
/// `chunk = √(table pages × index entries per page × batch)`. With rows about twice the size of an
/// index entry (a timestamp and a key) that is `√(2 × table rows × batch)`; the minimum is flat, so the
/// estimate need not be exact. At least one batch, at most 64.
pub(crate) fn chunk_rows(batch: u32, table_rows: u64) -> u32 {
    let batch = u64::from(batch.max(1));
    let ideal = ((2.0 * table_rows as f64 * batch as f64).sqrt()) as u64;
    ideal.clamp(batch, batch * 64).min(u64::from(u32::MAX)) as u32
}

/// Whether `column` is the first column of an index of `table` (SQLite).
async fn sqlite_leads_index(conn: &Connection, table: &str, column: &str) -> Result<bool> {
    let Connection::Sqlite(p) = conn else { return Ok(false) };
    let n: i64 = sqlx::query(
        "SELECT count(*) FROM pragma_index_list(?1) AS l, pragma_index_info(l.name) AS i \
         WHERE i.seqno = 0 AND i.name = ?2",
    )
    .bind(table)
    .bind(column)
    .fetch_one(p)
    .await?
    .try_get(0)?;
    Ok(n > 0)
}

/// Detects how `col` stores time, from its type and (for SQLite and text columns) its values.
async fn detect_format(conn: &Connection, d: Dialect, table: &str, col: &ColumnInfo) -> Result<TimeFormat> {
    let unclear = |why: String| {
        RetentionError::Invalid(format!(
            "cannot tell how '{}' stores time ({why}): declare it with --time-format native|iso|epoch|epoch-ms",
            col.name
        ))
    };
    match col.kind {
        ColumnKind::Date | ColumnKind::Timestamp | ColumnKind::TimestampTz if d != Dialect::Sqlite => {
            return Ok(TimeFormat::Native)
        }
        ColumnKind::Other if d != Dialect::Sqlite => return Err(unclear(format!("type {}", col.data_type))),
        _ => {}
    }
    let t = d.quote(table);
    let c = d.quote(&col.name);
    let text = match d {
        Dialect::Mysql => format!("CAST({c} AS CHAR)"),
        _ => format!("CAST({c} AS TEXT)"),
    };
    // A sample from both ends and the middle of the key order is enough to see the storage format.
    let sql = format!("SELECT {text} FROM {t} WHERE {c} IS NOT NULL LIMIT 500");
    let values: Vec<Option<String>> = on_pool!(conn, p => sqlx::query_scalar(&sql).fetch_all(p).await?);
    let values: Vec<String> = values.into_iter().flatten().collect();
    if values.is_empty() {
        return Err(unclear("the table has no values to look at".into()));
    }
    let iso = |v: &str| {
        v.len() >= 10
            && v.as_bytes()[4] == b'-'
            && v.as_bytes()[7] == b'-'
            && v[..4].bytes().all(|b| b.is_ascii_digit())
            && NaiveDate::parse_from_str(&v[..10], "%Y-%m-%d").is_ok()
    };
    let number = |v: &str| v.trim().parse::<f64>().ok();
    // Values that are neither (typos, "unknown") are tolerated: a run never touches them.
    let dates = values.iter().filter(|v| iso(v)).count();
    let numbers = values.iter().filter(|v| number(v).is_some()).count();
    if dates > 0 && numbers == 0 {
        if numeric(col.kind) {
            return Err(unclear("text dates in a numeric column".into()));
        }
        return Ok(TimeFormat::IsoText);
    }
    if numbers > 0 && dates == 0 {
        if col.kind == ColumnKind::Text {
            return Err(unclear("numbers stored as text".into()));
        }
        let max = values.iter().filter_map(|v| number(v)).fold(0f64, f64::max);
        // 1e11 seconds is the year 5138; 1e11 milliseconds is 1973.
        return Ok(if max > 1e11 { TimeFormat::EpochMillis } else { TimeFormat::EpochSeconds });
    }
    Err(unclear("its values mix formats".into()))
}

/// The ISO 8601 layouts the exact comparison near the cutoff reads on MySQL/MariaDB: a date, with
/// optionally a time (`T` or space, seconds and fractions optional) and a UTC offset (`Z`, `±HH`,
/// `±HHMM`, `±HH:MM`). No backslashes: the pattern means the same in MySQL's ICU and MariaDB's PCRE.
const MYSQL_ISO: &str =
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?)?$";

/// A MySQL/MariaDB expression for the UTC instant of ISO text in column `t` (quoted), for values that
/// match [`MYSQL_ISO`]: the local part cast to `DATETIME(6)`, minus the offset's minutes. The offset is
/// the first `+` or `-` after the date (the time part has neither otherwise).
fn mysql_iso_utc(t: &str) -> String {
    let time = format!("SUBSTRING({t}, 11)");
    let pos = format!("GREATEST(LOCATE('+', {time}), LOCATE('-', {time}))");
    let local = format!("REPLACE(CASE WHEN {pos} > 0 THEN LEFT({t}, 9 + {pos}) ELSE TRIM(TRAILING 'Z' FROM {t}) END, 'T', ' ')");
    let off = format!("REPLACE(SUBSTRING({time}, {pos} + 1), ':', '')");
    let minutes = format!(
        "CASE WHEN {pos} = 0 THEN 0 ELSE (CASE WHEN SUBSTRING({time}, {pos}, 1) = '-' THEN -1 ELSE 1 END) \
         * (CAST(LEFT({off}, 2) AS SIGNED) * 60 + CAST(CASE WHEN LENGTH({off}) >= 4 THEN SUBSTRING({off}, 3, 2) ELSE '0' END AS SIGNED)) END"
    );
    format!("(CAST({local} AS DATETIME(6)) - INTERVAL ({minutes}) MINUTE)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_show_values_in_place_of_placeholders() {
        let mut s = Sql::default();
        s.push("SELECT 1 WHERE a < ");
        s.bind(Dialect::Postgres, Bind::Text("it's".into()), &Cast::default());
        s.push(" AND b = ");
        s.bind(Dialect::Postgres, Bind::Int(3), &Cast(Some("uuid".into())));
        assert_eq!(s.text, "SELECT 1 WHERE a < $1 AND b = CAST($2 AS uuid)");
        assert_eq!(s.display(Dialect::Postgres), "SELECT 1 WHERE a < 'it''s' AND b = CAST(3 AS uuid)");
    }
}
