//! SQL for data-subject requests. Each write stores the whole request (with its events) and the values
//! derived from it, and appends the audit entry with the full new state in the same transaction.

use chrono::{DateTime, NaiveDate, Utc};
use cockpit_domain::reminders::{OpenDue, SentKey};
use cockpit_domain::request::{DataSubjectRequest, RequestDue, RequestStatus};
use serde::{Deserialize, Serialize};
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};
use std::collections::HashSet;

use crate::audit::{self, AuditContext};
use crate::StoreError;

pub const REQUEST: &str = "request";

/// A request as the list shows it (no JSON parsing needed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct RequestRow {
    pub id: String,
    pub regime: String,
    pub request_type: String,
    pub channel: String,
    pub status: String,
    pub received: NaiveDate,
    pub due: NaiveDate,
    pub safe_due: NaiveDate,
    pub clock_stopped: bool,
    pub closed_on: Option<NaiveDate>,
    pub on_time: Option<bool>,
    pub requester_name: String,
    pub version: u32,
}

/// Filters for the request list; all optional.
#[derive(Debug, Clone, Default)]
pub struct RequestFilter {
    pub open: Option<bool>,
    pub statuses: Vec<RequestStatus>,
    pub regime: Option<String>,
    pub request_type: Option<String>,
    /// Open, running and due before this date (i.e. overdue when it is today).
    pub due_before: Option<NaiveDate>,
    /// Open, running and due on or before this date.
    pub due_until: Option<NaiveDate>,
    pub received_from: Option<NaiveDate>,
    pub received_to: Option<NaiveDate>,
    /// Case-insensitive substring of id, requester name, e-mail, reference or summary.
    pub text: Option<String>,
    /// Sort: "due" (default), "received", "id"; descending with `desc`.
    pub sort: Option<String>,
    pub desc: bool,
    pub offset: u32,
    pub limit: u32,
}

fn search_text(r: &DataSubjectRequest) -> String {
    format!("{} {} {} {} {}", r.id, r.requester.name, r.requester.email, r.requester.reference, r.summary)
        .to_lowercase()
}

fn days_to_close(r: &DataSubjectRequest, due: &RequestDue) -> Option<i64> {
    due.closed_on.map(|c| (c - r.received()).num_days())
}

/// The next free id for `year`: DSR-2026-0001, DSR-2026-0002 …
pub async fn next_id(conn: &mut SqliteConnection, year: i32) -> Result<(String, i64), StoreError> {
    let n: Option<i64> = sqlx::query_scalar("SELECT MAX(number) FROM requests WHERE year = ?")
        .bind(year)
        .fetch_one(&mut *conn)
        .await?;
    let n = n.unwrap_or(0) + 1;
    Ok((format!("DSR-{year}-{n:04}"), n))
}

fn code<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        other => panic!("enum did not serialise to a string: {other:?}"),
    }
}

type SqliteQuery<'q> = sqlx::query::Query<'q, Sqlite, sqlx::sqlite::SqliteArguments<'q>>;

/// The columns derived from a request and its computed dates, in the order [`bind_derived`] binds them.
const DERIVED: &str =
    "status = ?, open = ?, due = ?, safe_due = ?, clock_stopped = ?, closed_on = ?, on_time = ?, \
                       days_to_close = ?";

fn bind_derived<'q>(q: SqliteQuery<'q>, r: &DataSubjectRequest, due: &RequestDue) -> SqliteQuery<'q> {
    q.bind(due.status.code())
        .bind(!due.status.is_closed())
        .bind(due.due.to_string())
        .bind(due.safe_due.to_string())
        .bind(due.clock_stopped)
        .bind(due.closed_on.map(|d| d.to_string()))
        .bind(due.on_time)
        .bind(days_to_close(r, due))
}

/// Stores a new request (its id already assigned by [`next_id`]) and audits it.
pub async fn insert(
    conn: &mut SqliteConnection,
    ctx: &AuditContext,
    r: &DataSubjectRequest,
    number: i64,
    due: &RequestDue,
) -> Result<(), StoreError> {
    let data = serde_json::to_value(r)?;
    // The derived columns come last but two, in the order `bind_derived` binds them.
    let q = sqlx::query(
        "INSERT INTO requests (id, year, number, data, regime, request_type, channel, received, status, open, due, \
         safe_due, clock_stopped, closed_on, on_time, days_to_close, requester_name, search_text, version, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)",
    )
    .bind(&r.id)
    .bind(chrono::Datelike::year(&r.received()))
    .bind(number)
    .bind(data.to_string())
    .bind(r.regime.code())
    .bind(r.request_type.code())
    .bind(code(&r.channel))
    .bind(r.received().to_string());
    bind_derived(q, r, due)
        .bind(&r.requester.name)
        .bind(search_text(r))
        .bind(ctx.at_text())
        .execute(&mut *conn)
        .await?;
    audit::append(conn, ctx, REQUEST, &r.id, "create", None, Some(&data)).await?;
    Ok(())
}

/// Loads a request and its version.
pub async fn load(
    conn: &mut SqliteConnection,
    id: &str,
) -> Result<Option<(DataSubjectRequest, u32)>, StoreError> {
    let row = sqlx::query("SELECT data, version FROM requests WHERE id = ?")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| {
        let data: String = r.try_get("data")?;
        let version: i64 = r.try_get("version")?;
        Ok((serde_json::from_str::<DataSubjectRequest>(&data)?, version as u32))
    })
    .transpose()
}

/// Every request (for the audit cross-check and exports), in id order.
pub async fn load_all(conn: &mut SqliteConnection) -> Result<Vec<DataSubjectRequest>, StoreError> {
    let rows: Vec<String> =
        sqlx::query_scalar("SELECT data FROM requests ORDER BY id").fetch_all(&mut *conn).await?;
    rows.iter().map(|d| Ok(serde_json::from_str::<DataSubjectRequest>(d)?)).collect()
}

/// The open requests (whose derived dates can change without a write: a running wait, a new local holiday).
pub async fn load_open(conn: &mut SqliteConnection) -> Result<Vec<DataSubjectRequest>, StoreError> {
    let rows: Vec<String> = sqlx::query_scalar("SELECT data FROM requests WHERE open = 1 ORDER BY id")
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(|d| Ok(serde_json::from_str::<DataSubjectRequest>(d)?)).collect()
}

/// Rewrites the derived columns of a request (not its document: nothing is audited, nothing changes
/// version). Returns whether they changed.
pub async fn refresh_derived(
    conn: &mut SqliteConnection,
    r: &DataSubjectRequest,
    due: &RequestDue,
) -> Result<bool, StoreError> {
    let sql = format!(
        "UPDATE requests SET {DERIVED} WHERE id = ? \
         AND (status, open, due, safe_due, clock_stopped) IS NOT (?, ?, ?, ?, ?)"
    );
    let done = bind_derived(sqlx::query(&sql), r, due)
        .bind(&r.id)
        .bind(due.status.code())
        .bind(!due.status.is_closed())
        .bind(due.due.to_string())
        .bind(due.safe_due.to_string())
        .bind(due.clock_stopped)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Replaces a request whose stored version is `expected_version`, and audits the change with `action`
/// ("event", "close" …). Returns the new version, or `None` when the version did not match.
pub async fn update(
    conn: &mut SqliteConnection,
    ctx: &AuditContext,
    before: &DataSubjectRequest,
    after: &DataSubjectRequest,
    due: &RequestDue,
    expected_version: u32,
    action: &str,
) -> Result<Option<u32>, StoreError> {
    let data = serde_json::to_value(after)?;
    let sql = format!(
        "UPDATE requests SET data = ?, {DERIVED}, requester_name = ?, search_text = ?, version = version + 1, \
         updated_at = ? WHERE id = ? AND version = ?"
    );
    let done = bind_derived(sqlx::query(&sql).bind(data.to_string()), after, due)
        .bind(&after.requester.name)
        .bind(search_text(after))
        .bind(ctx.at_text())
        .bind(&after.id)
        .bind(i64::from(expected_version))
        .execute(&mut *conn)
        .await?;
    if done.rows_affected() == 0 {
        return Ok(None);
    }
    let before = serde_json::to_value(before)?;
    audit::append(conn, ctx, REQUEST, &after.id, action, Some(&before), Some(&data)).await?;
    Ok(Some(expected_version + 1))
}

fn push_filters<'a>(q: &mut QueryBuilder<'a, Sqlite>, f: &'a RequestFilter) {
    q.push(" WHERE 1 = 1");
    if let Some(open) = f.open {
        q.push(" AND open = ").push_bind(open);
    }
    if !f.statuses.is_empty() {
        q.push(" AND status IN (");
        let mut sep = q.separated(", ");
        for s in &f.statuses {
            sep.push_bind(s.code());
        }
        q.push(")");
    }
    if let Some(r) = &f.regime {
        q.push(" AND regime = ").push_bind(r);
    }
    if let Some(t) = &f.request_type {
        q.push(" AND request_type = ").push_bind(t);
    }
    if let Some(d) = f.due_before {
        q.push(" AND open = 1 AND clock_stopped = 0 AND due < ").push_bind(d.to_string());
    }
    if let Some(d) = f.due_until {
        q.push(" AND open = 1 AND clock_stopped = 0 AND due <= ").push_bind(d.to_string());
    }
    if let Some(d) = f.received_from {
        q.push(" AND received >= ").push_bind(d.to_string());
    }
    if let Some(d) = f.received_to {
        q.push(" AND received <= ").push_bind(d.to_string());
    }
    if let Some(t) = f.text.as_ref().map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty()) {
        if t.chars().count() >= 3 {
            // The trigram index finds candidates; the phrase is quoted so FTS5 syntax in it is literal.
            let phrase = format!("\"{}\"", t.replace('"', "\"\""));
            q.push(" AND rowid IN (SELECT rowid FROM requests_search WHERE requests_search MATCH ")
                .push_bind(phrase)
                .push(")");
        } else {
            q.push(" AND instr(search_text, ").push_bind(t).push(") > 0");
        }
    }
}

fn row(r: &sqlx::sqlite::SqliteRow) -> Result<RequestRow, StoreError> {
    let date = |s: String| s.parse::<NaiveDate>().map_err(|_| StoreError::Corrupt(format!("bad date {s:?}")));
    Ok(RequestRow {
        id: r.try_get("id")?,
        regime: r.try_get("regime")?,
        request_type: r.try_get("request_type")?,
        channel: r.try_get("channel")?,
        status: r.try_get("status")?,
        received: date(r.try_get("received")?)?,
        due: date(r.try_get("due")?)?,
        safe_due: date(r.try_get("safe_due")?)?,
        clock_stopped: r.try_get("clock_stopped")?,
        closed_on: r.try_get::<Option<String>, _>("closed_on")?.map(date).transpose()?,
        on_time: r.try_get("on_time")?,
        requester_name: r.try_get("requester_name")?,
        version: r.try_get::<i64, _>("version")? as u32,
    })
}

/// One page of requests matching `f`, and how many match in all.
pub async fn list(
    conn: &mut SqliteConnection,
    f: &RequestFilter,
) -> Result<(Vec<RequestRow>, u32), StoreError> {
    let mut count = QueryBuilder::new("SELECT COUNT(*) FROM requests");
    push_filters(&mut count, f);
    let total: i64 = count.build_query_scalar().fetch_one(&mut *conn).await?;
    let mut q = QueryBuilder::new(
        "SELECT id, regime, request_type, channel, status, received, due, safe_due, clock_stopped, closed_on, on_time, \
         requester_name, version FROM requests",
    );
    push_filters(&mut q, f);
    let column = match f.sort.as_deref() {
        Some("received") => "received",
        Some("id") => "year, number",
        _ => "open DESC, due",
    };
    let dir = if f.desc { " DESC" } else { "" };
    q.push(format!(" ORDER BY {column}{dir}, id{dir} LIMIT "));
    q.push_bind(i64::from(f.limit.clamp(1, 1000)));
    q.push(" OFFSET ").push_bind(i64::from(f.offset));
    let rows = q.build().fetch_all(&mut *conn).await?;
    Ok((rows.iter().map(row).collect::<Result<_, _>>()?, total as u32))
}

/// Counts for the dashboard.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct RequestStats {
    pub open: u32,
    pub overdue: u32,
    pub due_within_7_days: u32,
    pub clock_stopped: u32,
    /// (status, count): open requests by status, and requests closed in the window by outcome.
    pub by_status: Vec<(String, u32)>,
    /// (type, count) of requests received in the window.
    pub by_type: Vec<(String, u32)>,
    /// (YYYY-MM, received, closed, closed on time) over the window.
    pub by_month: Vec<(String, u32, u32, u32)>,
    pub closed_in_window: u32,
    pub closed_on_time_in_window: u32,
    /// Median days from receipt to closing, over requests closed in the window.
    pub median_days_to_close: Option<f64>,
}

/// Dashboard aggregates as of `today`, over requests received since `window_start`.
pub async fn stats(
    conn: &mut SqliteConnection,
    today: NaiveDate,
    window_start: NaiveDate,
) -> Result<RequestStats, StoreError> {
    let t = today.to_string();
    let week = (today + chrono::Days::new(7)).to_string();
    let w = window_start.to_string();
    let (open, overdue, due7, stopped): (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), \
         COALESCE(SUM(clock_stopped = 0 AND due < ?), 0), \
         COALESCE(SUM(clock_stopped = 0 AND due >= ? AND due <= ?), 0), \
         COALESCE(SUM(clock_stopped), 0) FROM requests WHERE open = 1",
    )
    .bind(&t)
    .bind(&t)
    .bind(&week)
    .fetch_one(&mut *conn)
    .await?;
    // Open requests by status: a walk of the (open, due) index.
    let open_by_status: Vec<(String, i64)> =
        sqlx::query_as("SELECT status, COUNT(*) FROM requests WHERE open = 1 GROUP BY status")
            .fetch_all(&mut *conn)
            .await?;
    // Received in the window, by day and type: grouped in the order of the (received, request_type)
    // index, so SQLite streams it without a sort; months and types are summed here.
    let received: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT received, request_type, COUNT(*) FROM requests WHERE received >= ? GROUP BY received, request_type",
    )
    .bind(&w)
    .fetch_all(&mut *conn)
    .await?;
    // Closed in the window, in the order of the closing index (so SQLite streams the groups):
    // (day, on time, status) → count; and the days-to-close histogram for the median.
    let closings: Vec<(String, Option<bool>, String, i64)> = sqlx::query_as(
        "SELECT closed_on, on_time, status, COUNT(*) FROM requests INDEXED BY requests_closed \
         WHERE closed_on IS NOT NULL AND closed_on >= ? GROUP BY closed_on, on_time, status",
    )
    .bind(&w)
    .fetch_all(&mut *conn)
    .await?;
    let histogram: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT days_to_close, COUNT(*) FROM requests INDEXED BY requests_closed \
         WHERE closed_on IS NOT NULL AND closed_on >= ? GROUP BY days_to_close ORDER BY days_to_close",
    )
    .bind(&w)
    .fetch_all(&mut *conn)
    .await?;
    let month = |d: &str| d.get(..7).unwrap_or(d).to_string();
    let mut months: std::collections::BTreeMap<String, (u32, u32, u32)> = Default::default();
    let mut types: std::collections::HashMap<String, u32> = Default::default();
    for (day, t, n) in &received {
        months.entry(month(day)).or_default().0 += *n as u32;
        *types.entry(t.clone()).or_default() += *n as u32;
    }
    let mut statuses: std::collections::BTreeMap<String, u32> =
        open_by_status.into_iter().map(|(s, n)| (s, n as u32)).collect();
    let (mut closed, mut on_time) = (0i64, 0i64);
    for (day, ok, status, n) in &closings {
        let e = months.entry(month(day)).or_default();
        e.1 += *n as u32;
        if *ok == Some(true) {
            e.2 += *n as u32;
            on_time += n;
        }
        closed += n;
        *statuses.entry(status.clone()).or_default() += *n as u32;
    }
    let mut by_type: Vec<(String, u32)> = types.into_iter().collect();
    by_type.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    // The median from the histogram of days: the middle value (the mean of the two middle ones).
    let nth = |k: i64| {
        let mut seen = 0;
        for (days, n) in &histogram {
            seen += n;
            if seen > k {
                return *days as f64;
            }
        }
        0.0
    };
    let median = (closed > 0).then(|| {
        if closed % 2 == 1 {
            nth(closed / 2)
        } else {
            (nth(closed / 2 - 1) + nth(closed / 2)) / 2.0
        }
    });
    Ok(RequestStats {
        open: open as u32,
        overdue: overdue as u32,
        due_within_7_days: due7 as u32,
        clock_stopped: stopped as u32,
        by_status: statuses.into_iter().collect(),
        by_type,
        by_month: months.into_iter().map(|(m, (r, c, o))| (m, r, c, o)).collect(),
        closed_in_window: closed as u32,
        closed_on_time_in_window: on_time as u32,
        median_days_to_close: median,
    })
}

/// The open requests' current due dates (from the list columns), for reminders.
/// `today` gives the date in an establishment's time zone.
pub async fn open_dues(
    conn: &mut SqliteConnection,
    today: impl Fn(&str) -> NaiveDate,
) -> Result<Vec<OpenDue>, StoreError> {
    let rows: Vec<(String, String, bool, String)> = sqlx::query_as(
        "SELECT id, due, clock_stopped, json_extract(data, '$.timezone') FROM requests \
         WHERE open = 1 ORDER BY due, id",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(request_id, due, clock_stopped, tz)| {
            let due = due
                .parse()
                .map_err(|e| StoreError::Corrupt(format!("request {request_id}: due {due}: {e}")))?;
            Ok(OpenDue { request_id, due, clock_stopped, today: today(&tz) })
        })
        .collect()
}

/// The reminders already shown for open requests.
pub async fn sent_reminders(conn: &mut SqliteConnection) -> Result<HashSet<SentKey>, StoreError> {
    let rows: Vec<(String, String, i32)> = sqlx::query_as(
        "SELECT m.request_id, m.due, m.threshold FROM request_reminders m \
         JOIN requests r ON r.id = m.request_id WHERE r.open = 1",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(id, due, t)| {
            let due =
                due.parse().map_err(|e| StoreError::Corrupt(format!("reminder of {id}: {due}: {e}")))?;
            Ok((id, due, t))
        })
        .collect()
}

/// Records reminders as shown (a key recorded before stays as it was).
pub async fn mark_reminders(
    conn: &mut SqliteConnection,
    keys: &[SentKey],
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let at = at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    for (id, due, t) in keys {
        sqlx::query(
            "INSERT INTO request_reminders (request_id, due, threshold, sent_at) VALUES (?, ?, ?, ?) \
             ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(due.to_string())
        .bind(t)
        .bind(&at)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
