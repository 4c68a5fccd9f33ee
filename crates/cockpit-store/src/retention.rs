//! SQL for datastores, retention rules, legal holds and runs. Every change to a datastore, rule or hold,
//! every approval, and the start and end of every run append their audit entry in the caller's
//! transaction. Batch progress is written (durably, not audited entry by entry) as the run goes; the
//! run's closing audit entry carries the digest over all batches, so an edited batch row is found.

use chrono::{DateTime, Utc};
use cockpit_domain::retention::{LegalHold, RetentionRule};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sqlx::{Row, SqliteConnection};

use crate::audit::{self, AuditContext};
use crate::StoreError;

pub const DATASTORE: &str = "datastore";
pub const RULE: &str = "retention_rule";
pub const HOLD: &str = "legal_hold";
pub const RUN: &str = "retention_run";
pub const APPROVAL: &str = "retention_approval";

fn parse_time(s: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Corrupt(format!("timestamp {s:?}: {e}")))
}

// -------------------------------------------------------------------------------------------------
// Datastores

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct DatastoreRow {
    pub name: String,
    pub kind: String,
    /// Without password.
    pub url: String,
    pub has_secret: bool,
    pub created_at: String,
}

fn datastore_json(d: &DatastoreRow) -> Value {
    json!({"name": d.name, "kind": d.kind, "url": d.url, "has_secret": d.has_secret})
}

pub async fn insert_datastore(
    conn: &mut SqliteConnection,
    ctx: &AuditContext,
    d: &DatastoreRow,
) -> Result<(), StoreError> {
    if load_datastore(conn, &d.name).await?.is_some() {
        return Err(StoreError::Conflict(format!("a datastore named '{}' exists already", d.name)));
    }
    sqlx::query(
        "INSERT INTO datastores (name, kind, url, has_secret, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(&d.name)
    .bind(&d.kind)
    .bind(&d.url)
    .bind(d.has_secret)
    .bind(ctx.at_text())
    .bind(ctx.at_text())
    .execute(&mut *conn)
    .await?;
    audit::append(conn, ctx, DATASTORE, &d.name, "create", None, Some(&datastore_json(d))).await?;
    Ok(())
}

pub async fn load_datastore(
    conn: &mut SqliteConnection,
    name: &str,
) -> Result<Option<DatastoreRow>, StoreError> {
    let row = sqlx::query("SELECT name, kind, url, has_secret, created_at FROM datastores WHERE name = ?")
        .bind(name)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.map(|r| DatastoreRow {
        name: r.get(0),
        kind: r.get(1),
        url: r.get(2),
        has_secret: r.get(3),
        created_at: r.get(4),
    }))
}

pub async fn list_datastores(conn: &mut SqliteConnection) -> Result<Vec<DatastoreRow>, StoreError> {
    let rows = sqlx::query("SELECT name, kind, url, has_secret, created_at FROM datastores ORDER BY name")
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| DatastoreRow {
            name: r.get(0),
            kind: r.get(1),
            url: r.get(2),
            has_secret: r.get(3),
            created_at: r.get(4),
        })
        .collect())
}

// -------------------------------------------------------------------------------------------------
// Rules

/// A stored rule with its version, approval and schedule state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleRow {
    pub rule: RetentionRule,
    pub version: u32,
    pub approved_version: Option<u32>,
    pub approved_at: Option<String>,
    pub approved_by: Option<String>,
    pub enabled_since: DateTime<Utc>,
    pub last_slot: Option<DateTime<Utc>>,
}

fn rule_row(r: &sqlx::sqlite::SqliteRow) -> Result<RuleRow, StoreError> {
    let data: String = r.get(0);
    let last_slot: Option<String> = r.get(6);
    Ok(RuleRow {
        rule: serde_json::from_str(&data)?,
        version: r.get::<i64, _>(1) as u32,
        approved_version: r.get::<Option<i64>, _>(2).map(|v| v as u32),
        approved_at: r.get(3),
        approved_by: r.get(4),
        enabled_since: parse_time(&r.get::<String, _>(5))?,
        last_slot: last_slot.as_deref().map(parse_time).transpose()?,
    })
}

const RULE_COLUMNS: &str =
    "data, version, approved_version, approved_at, approved_by, enabled_since, last_slot FROM retention_rules";

pub async fn load_rule(conn: &mut SqliteConnection, name: &str) -> Result<Option<RuleRow>, StoreError> {
    let row = sqlx::query(&format!("SELECT {RULE_COLUMNS} WHERE name = ?"))
        .bind(name)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(rule_row).transpose()
}

pub async fn list_rules(conn: &mut SqliteConnection) -> Result<Vec<RuleRow>, StoreError> {
    let rows = sqlx::query(&format!("SELECT {RULE_COLUMNS} ORDER BY name")).fetch_all(&mut *conn).await?;
    rows.iter().map(rule_row).collect()
}

pub async fn insert_rule(
    conn: &mut SqliteConnection,
    ctx: &AuditContext,
    rule: &RetentionRule,
) -> Result<(), StoreError> {
    if load_rule(conn, &rule.name).await?.is_some() {
        return Err(StoreError::Conflict(format!("a retention rule named '{}' exists already", rule.name)));
    }
    let data = serde_json::to_value(rule)?;
    sqlx::query(
        "INSERT INTO retention_rules (name, datastore, data, version, enabled_since, created_at, updated_at)
         VALUES (?, ?, ?, 1, ?, ?, ?)",
    )
    .bind(&rule.name)
    .bind(&rule.datastore)
    .bind(data.to_string())
    .bind(ctx.at_text())
    .bind(ctx.at_text())
    .bind(ctx.at_text())
    .execute(&mut *conn)
    .await?;
    let after = json!({"version": 1, "rule": data});
    audit::append(conn, ctx, RULE, &rule.name, "create", None, Some(&after)).await?;
    Ok(())
}

/// Stores a changed rule as the next version; its approval no longer applies.
pub async fn update_rule(
    conn: &mut SqliteConnection,
    ctx: &AuditContext,
    rule: &RetentionRule,
    expected_version: u32,
) -> Result<u32, StoreError> {
    let old = load_rule(conn, &rule.name)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("rule '{}'", rule.name)))?;
    if old.version != expected_version {
        return Err(StoreError::Stale(format!(
            "rule '{}' was changed meanwhile (version {} now, {} expected)",
            rule.name, old.version, expected_version
        )));
    }
    let version = old.version + 1;
    let data = serde_json::to_value(rule)?;
    // Re-enabling starts the schedule afresh: slots while it was off are not owed.
    let enabled_since =
        if rule.enabled && !old.rule.enabled { ctx.at_text() } else { audit::timestamp(old.enabled_since) };
    sqlx::query(
        "UPDATE retention_rules SET data = ?, version = ?, enabled_since = ?, updated_at = ? WHERE name = ?",
    )
    .bind(data.to_string())
    .bind(version as i64)
    .bind(enabled_since)
    .bind(ctx.at_text())
    .bind(&rule.name)
    .execute(&mut *conn)
    .await?;
    let before = json!({"version": old.version, "rule": serde_json::to_value(&old.rule)?});
    let after = json!({"version": version, "rule": data});
    audit::append(conn, ctx, RULE, &rule.name, "update", Some(&before), Some(&after)).await?;
    Ok(version)
}

/// Records the approval of a rule version's plan.
pub async fn approve_rule(
    conn: &mut SqliteConnection,
    ctx: &AuditContext,
    name: &str,
    version: u32,
    plan: &Value,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE retention_rules SET approved_version = ?, approved_at = ?, approved_by = ?, approved_plan = ? WHERE name = ?",
    )
    .bind(version as i64)
    .bind(ctx.at_text())
    .bind(&ctx.actor)
    .bind(plan.to_string())
    .bind(name)
    .execute(&mut *conn)
    .await?;
    let after = json!({"version": version, "plan": plan});
    audit::append(conn, ctx, APPROVAL, name, "approve", None, Some(&after)).await?;
    Ok(())
}

pub async fn set_last_slot(
    conn: &mut SqliteConnection,
    name: &str,
    slot: DateTime<Utc>,
) -> Result<(), StoreError> {
    // Compare and set: two schedulers that both saw the slot as due cannot both claim it (the run of
    // the first may already be over when the second starts, so the one-running-run rule is not enough).
    let claimed = sqlx::query(
        "UPDATE retention_rules SET last_slot = ?1 WHERE name = ?2 AND (last_slot IS NULL OR last_slot < ?1)",
    )
    .bind(audit::timestamp(slot))
    .bind(name)
    .execute(&mut *conn)
    .await?;
    if claimed.rows_affected() == 0 {
        return Err(StoreError::Conflict(format!(
            "the run of rule '{name}' for {} has already been made by another scheduler",
            audit::timestamp(slot)
        )));
    }
    Ok(())
}

// -------------------------------------------------------------------------------------------------
// Holds

fn hold_columns(h: &LegalHold) -> (Option<String>, Option<String>) {
    use cockpit_domain::retention::HoldScope;
    match &h.scope {
        HoldScope::Rule { rule } | HoldScope::Keys { rule, .. } => (Some(rule.clone()), None),
        HoldScope::Activity { activity } => (None, Some(activity.clone())),
    }
}

/// Stores a new hold (its id assigned here) and audits it.
pub async fn insert_hold(
    conn: &mut SqliteConnection,
    ctx: &AuditContext,
    hold: &mut LegalHold,
) -> Result<(), StoreError> {
    let next: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM retention_holds")
        .fetch_one(&mut *conn)
        .await?;
    hold.id = next;
    let data = serde_json::to_value(&*hold)?;
    let (rule, activity) = hold_columns(hold);
    sqlx::query(
        "INSERT INTO retention_holds (id, data, rule, activity, active, until) VALUES (?, ?, ?, ?, 1, ?)",
    )
    .bind(hold.id)
    .bind(data.to_string())
    .bind(rule)
    .bind(activity)
    .bind(hold.until.map(|d| d.to_string()))
    .execute(&mut *conn)
    .await?;
    audit::append(conn, ctx, HOLD, &hold.id.to_string(), "create", None, Some(&data)).await?;
    Ok(())
}

pub async fn list_holds(
    conn: &mut SqliteConnection,
    include_inactive: bool,
) -> Result<Vec<LegalHold>, StoreError> {
    let sql = if include_inactive {
        "SELECT data FROM retention_holds ORDER BY id"
    } else {
        "SELECT data FROM retention_holds WHERE active = 1 ORDER BY id"
    };
    let rows: Vec<(String,)> = sqlx::query_as(sql).fetch_all(&mut *conn).await?;
    rows.into_iter().map(|(d,)| serde_json::from_str(&d).map_err(StoreError::from)).collect()
}

/// Rewrites a hold (release or expiry), auditing the change as `action`.
pub async fn update_hold(
    conn: &mut SqliteConnection,
    ctx: &AuditContext,
    hold: &LegalHold,
    action: &str,
) -> Result<(), StoreError> {
    let before: Option<(String,)> = sqlx::query_as("SELECT data FROM retention_holds WHERE id = ?")
        .bind(hold.id)
        .fetch_optional(&mut *conn)
        .await?;
    let Some((before,)) = before else { return Err(StoreError::NotFound(format!("hold {}", hold.id))) };
    let before: Value = serde_json::from_str(&before)?;
    let data = serde_json::to_value(hold)?;
    sqlx::query("UPDATE retention_holds SET data = ?, active = 0 WHERE id = ?")
        .bind(data.to_string())
        .bind(hold.id)
        .execute(&mut *conn)
        .await?;
    audit::append(conn, ctx, HOLD, &hold.id.to_string(), action, Some(&before), Some(&data)).await?;
    Ok(())
}

// -------------------------------------------------------------------------------------------------
// Runs

/// A run as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct RunRow {
    pub id: i64,
    pub rule: String,
    pub rule_version: u32,
    pub trigger: String,
    pub slot: Option<String>,
    pub cutoff: String,
    pub planned: u64,
    pub held: u64,
    pub status: String,
    pub started_at: String,
    pub finished_at: Option<String>,
    pub duration_ms: Option<u64>,
    pub affected: u64,
    pub batches: u32,
    pub errors: Vec<String>,
    pub digest: Option<String>,
    pub resumed: u32,
}

/// Progress fields of an unfinished run (JSON columns, interpreted by the API).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunProgress {
    pub resume_after: Option<String>,
    pub next_batch: u32,
    /// The intents (JSON) of batches not confirmed yet, in batch order.
    pub pending: Vec<String>,
    pub rule_data: String,
    pub lease_owner: Option<String>,
    pub lease_until: Option<String>,
    pub cancel_requested: bool,
}

const RUN_COLUMNS: &str =
    "id, rule, rule_version, trigger, slot, cutoff, planned, held, status, started_at, \
     finished_at, duration_ms, affected, batches, errors, digest, resumed FROM retention_runs";

fn run_row(r: &sqlx::sqlite::SqliteRow) -> Result<RunRow, StoreError> {
    let errors: String = r.get(14);
    Ok(RunRow {
        id: r.get(0),
        rule: r.get(1),
        rule_version: r.get::<i64, _>(2) as u32,
        trigger: r.get(3),
        slot: r.get(4),
        cutoff: r.get(5),
        planned: r.get::<i64, _>(6) as u64,
        held: r.get::<i64, _>(7) as u64,
        status: r.get(8),
        started_at: r.get(9),
        finished_at: r.get(10),
        duration_ms: r.get::<Option<i64>, _>(11).map(|v| v as u64),
        affected: r.get::<i64, _>(12) as u64,
        batches: r.get::<i64, _>(13) as u32,
        errors: serde_json::from_str(&errors)?,
        digest: r.get(15),
        resumed: r.get::<i64, _>(16) as u32,
    })
}

pub async fn load_run(conn: &mut SqliteConnection, id: i64) -> Result<Option<RunRow>, StoreError> {
    let row = sqlx::query(&format!("SELECT {RUN_COLUMNS} WHERE id = ?"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(run_row).transpose()
}

pub async fn list_runs(
    conn: &mut SqliteConnection,
    rule: Option<&str>,
    limit: u32,
) -> Result<Vec<RunRow>, StoreError> {
    let rows = match rule {
        Some(r) => {
            sqlx::query(&format!("SELECT {RUN_COLUMNS} WHERE rule = ? ORDER BY id DESC LIMIT ?"))
                .bind(r)
                .bind(limit as i64)
                .fetch_all(&mut *conn)
                .await?
        }
        None => {
            sqlx::query(&format!("SELECT {RUN_COLUMNS} ORDER BY id DESC LIMIT ?"))
                .bind(limit as i64)
                .fetch_all(&mut *conn)
                .await?
        }
    };
    rows.iter().map(run_row).collect()
}

/// The unfinished run of a rule, with its progress.
pub async fn running(
    conn: &mut SqliteConnection,
    rule: &str,
) -> Result<Option<(RunRow, RunProgress)>, StoreError> {
    let Some(id): Option<i64> =
        sqlx::query_scalar("SELECT id FROM retention_runs WHERE rule = ? AND status = 'running'")
            .bind(rule)
            .fetch_optional(&mut *conn)
            .await?
    else {
        return Ok(None);
    };
    let run = load_run(conn, id).await?.ok_or_else(|| StoreError::NotFound(format!("run {id}")))?;
    let r = sqlx::query(
        "SELECT resume_after, next_batch, pending, rule_data, lease_owner, lease_until, cancel_requested
         FROM retention_runs WHERE id = ?",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    // A run interrupted before the intents' table existed kept its one intent in `pending`.
    let mut pending: Vec<String> = r.get::<Option<String>, _>(2).into_iter().collect();
    pending.extend(
        sqlx::query_scalar::<_, String>("SELECT data FROM retention_intents WHERE run_id = ? ORDER BY n")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?,
    );
    Ok(Some((
        run,
        RunProgress {
            resume_after: r.get(0),
            next_batch: r.get::<i64, _>(1) as u32,
            pending,
            rule_data: r.get(3),
            lease_owner: r.get(4),
            lease_until: r.get(5),
            cancel_requested: r.get::<i64, _>(6) != 0,
        },
    )))
}

/// What a new run records when it starts.
#[derive(Debug, Clone)]
pub struct NewRun<'a> {
    pub rule: &'a str,
    pub rule_version: u32,
    pub rule_data: &'a Value,
    pub trigger: &'a str,
    pub slot: Option<DateTime<Utc>>,
    pub cutoff: DateTime<Utc>,
    pub planned: u64,
    pub held: u64,
    pub lease_owner: &'a str,
    pub lease_until: DateTime<Utc>,
}

pub async fn start_run(
    conn: &mut SqliteConnection,
    ctx: &AuditContext,
    r: &NewRun<'_>,
) -> Result<i64, StoreError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO retention_runs (rule, rule_version, rule_data, trigger, slot, cutoff, planned, held, status,
             started_at, lease_owner, lease_until)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?) RETURNING id",
    )
    .bind(r.rule)
    .bind(r.rule_version as i64)
    .bind(r.rule_data.to_string())
    .bind(r.trigger)
    .bind(r.slot.map(audit::timestamp))
    .bind(audit::timestamp(r.cutoff))
    .bind(r.planned as i64)
    .bind(r.held as i64)
    .bind(ctx.at_text())
    .bind(r.lease_owner)
    .bind(audit::timestamp(r.lease_until))
    .fetch_one(&mut *conn)
    .await
    .map_err(|e| match &e {
        sqlx::Error::Database(d) if d.message().contains("UNIQUE") => {
            StoreError::Conflict(format!("rule '{}' is already running", r.rule))
        }
        _ => StoreError::from(e),
    })?;
    let after = json!({
        "rule": r.rule, "rule_version": r.rule_version, "trigger": r.trigger,
        "slot": r.slot.map(audit::timestamp), "cutoff": audit::timestamp(r.cutoff),
        "planned": r.planned, "held": r.held,
    });
    audit::append(conn, ctx, RUN, &id.to_string(), "start", None, Some(&after)).await?;
    Ok(id)
}

/// Takes over an unfinished run (its previous process died), counting the resumption.
pub async fn take_over(
    conn: &mut SqliteConnection,
    id: i64,
    owner: &str,
    until: DateTime<Utc>,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE retention_runs SET lease_owner = ?, lease_until = ?, resumed = resumed + 1 WHERE id = ?",
    )
    .bind(owner)
    .bind(audit::timestamp(until))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Renews the lease; false when another process holds the run now.
pub async fn renew_lease(
    conn: &mut SqliteConnection,
    id: i64,
    owner: &str,
    until: DateTime<Utc>,
) -> Result<(bool, bool), StoreError> {
    let r = sqlx::query(
        "UPDATE retention_runs SET lease_until = ? WHERE id = ? AND lease_owner = ? AND status = 'running'",
    )
    .bind(audit::timestamp(until))
    .bind(id)
    .bind(owner)
    .execute(&mut *conn)
    .await?;
    let cancel: Option<i64> = sqlx::query_scalar("SELECT cancel_requested FROM retention_runs WHERE id = ?")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok((r.rows_affected() == 1, cancel.unwrap_or(0) != 0))
}

pub async fn request_cancel(conn: &mut SqliteConnection, id: i64) -> Result<bool, StoreError> {
    let r = sqlx::query("UPDATE retention_runs SET cancel_requested = 1 WHERE id = ? AND status = 'running'")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Records the intent (JSON) of batch `n` before it commits on the target, replacing an earlier
/// intent of the same batch.
pub async fn add_intent(conn: &mut SqliteConnection, id: i64, n: u32, data: &str) -> Result<(), StoreError> {
    sqlx::query("INSERT OR REPLACE INTO retention_intents (run_id, n, data) VALUES (?, ?, ?)")
        .bind(id)
        .bind(n as i64)
        .bind(data)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Drops the intent of batch `n` (it did not commit), and a run's intent from before the intents' table.
pub async fn drop_intent(conn: &mut SqliteConnection, id: i64, n: u32) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM retention_intents WHERE run_id = ? AND n = ?")
        .bind(id)
        .bind(n as i64)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE retention_runs SET pending = NULL WHERE id = ?").bind(id).execute(&mut *conn).await?;
    Ok(())
}

/// One committed batch of the evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct BatchRow {
    pub n: u32,
    pub first_key: Option<String>,
    pub last_key: Option<String>,
    pub count: u32,
    pub held: u32,
    pub digest: String,
    pub ms: u32,
    pub recovered: bool,
    pub committed_at: String,
}

/// Records a committed batch, moves the resume point, and clears its intent, in the caller's transaction.
pub async fn commit_batch(
    conn: &mut SqliteConnection,
    id: i64,
    b: &BatchRow,
    resume_after: Option<&str>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO retention_batches (run_id, n, first_key, last_key, count, held, digest, ms, recovered, committed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id)
    .bind(b.n as i64)
    .bind(&b.first_key)
    .bind(&b.last_key)
    .bind(b.count as i64)
    .bind(b.held as i64)
    .bind(&b.digest)
    .bind(b.ms as i64)
    .bind(b.recovered)
    .bind(&b.committed_at)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE retention_runs SET resume_after = ?, next_batch = max(next_batch, ?), pending = NULL,
             affected = affected + ?, batches = batches + 1 WHERE id = ?",
    )
    .bind(resume_after)
    .bind(b.n as i64 + 1)
    .bind(b.count as i64)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM retention_intents WHERE run_id = ? AND n = ?")
        .bind(id)
        .bind(b.n as i64)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn batches(conn: &mut SqliteConnection, id: i64) -> Result<Vec<BatchRow>, StoreError> {
    let rows = sqlx::query(
        "SELECT n, first_key, last_key, count, held, digest, ms, recovered, committed_at
         FROM retention_batches WHERE run_id = ? ORDER BY n",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .iter()
        .map(|r| BatchRow {
            n: r.get::<i64, _>(0) as u32,
            first_key: r.get(1),
            last_key: r.get(2),
            count: r.get::<i64, _>(3) as u32,
            held: r.get::<i64, _>(4) as u32,
            digest: r.get(5),
            ms: r.get::<i64, _>(6) as u32,
            recovered: r.get(7),
            committed_at: r.get(8),
        })
        .collect())
}

/// Closes a run and audits its evidence summary.
pub async fn finish_run(
    conn: &mut SqliteConnection,
    ctx: &AuditContext,
    id: i64,
    status: &str,
    digest: &str,
    errors: &[String],
    duration_ms: u64,
) -> Result<RunRow, StoreError> {
    sqlx::query(
        "UPDATE retention_runs SET status = ?, digest = ?, errors = ?, finished_at = ?, duration_ms = ?,
             lease_owner = NULL, lease_until = NULL, pending = NULL WHERE id = ?",
    )
    .bind(status)
    .bind(digest)
    .bind(serde_json::to_string(errors)?)
    .bind(ctx.at_text())
    .bind(duration_ms as i64)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    // Intents still there belong to batches that did not commit (a run confirms every batch that
    // committed before it closes).
    sqlx::query("DELETE FROM retention_intents WHERE run_id = ?").bind(id).execute(&mut *conn).await?;
    let run = load_run(conn, id).await?.ok_or_else(|| StoreError::NotFound(format!("run {id}")))?;
    let after = json!({
        "rule": run.rule, "rule_version": run.rule_version, "status": run.status, "cutoff": run.cutoff,
        "planned": run.planned, "held": run.held, "affected": run.affected, "batches": run.batches,
        "digest": run.digest, "errors": run.errors, "duration_ms": run.duration_ms, "resumed": run.resumed,
    });
    audit::append(conn, ctx, RUN, &id.to_string(), "finish", None, Some(&after)).await?;
    Ok(run)
}

/// The audited closing entry of a run (its `after` JSON), if any.
pub async fn audited_finish(conn: &mut SqliteConnection, id: i64) -> Result<Option<Value>, StoreError> {
    let after: Option<(Option<String>,)> = sqlx::query_as(
        "SELECT after FROM audit_log WHERE object_type = ? AND object_id = ? AND action = 'finish' ORDER BY seq DESC LIMIT 1",
    )
    .bind(RUN)
    .bind(id.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(after.and_then(|(a,)| a).map(|a| serde_json::from_str(&a)).transpose()?)
}

/// The rule as a run started it (JSON).
pub async fn run_rule_data(conn: &mut SqliteConnection, id: i64) -> Result<String, StoreError> {
    sqlx::query_scalar("SELECT rule_data FROM retention_runs WHERE id = ?")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("run {id}")))
}

/// Stored rules and holds as the audit trail must have recorded them last: `(object type, id, state)`.
pub async fn audited_states(
    conn: &mut SqliteConnection,
) -> Result<Vec<(&'static str, String, Value)>, StoreError> {
    let mut out = Vec::new();
    for r in list_rules(conn).await? {
        out.push((
            RULE,
            r.rule.name.clone(),
            json!({"version": r.version, "rule": serde_json::to_value(&r.rule)?}),
        ));
    }
    for h in list_holds(conn, true).await? {
        out.push((HOLD, h.id.to_string(), serde_json::to_value(&h)?));
    }
    for d in list_datastores(conn).await? {
        out.push((DATASTORE, d.name.clone(), datastore_json(&d)));
    }
    Ok(out)
}

/// The owner of a run's lease and whether cancellation was requested (a read: no write, no fsync).
pub async fn run_control(conn: &mut SqliteConnection, id: i64) -> Result<(Option<String>, bool), StoreError> {
    let r: Option<(Option<String>, i64)> = sqlx::query_as(
        "SELECT lease_owner, cancel_requested FROM retention_runs WHERE id = ? AND status = 'running'",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(r.map(|(o, c)| (o, c != 0)).unwrap_or((None, true)))
}
