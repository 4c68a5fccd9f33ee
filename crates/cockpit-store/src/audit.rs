//! The audit trail: an append-only SHA-256 hash chain in the `audit_log` table.
//!
//! Each entry's hash is `SHA-256(prev_hash_hex || canonical)`, where `canonical` is the JSON object
//! `{"seq":..,"at":..,"actor":..,"object_type":..,"object_id":..,"action":..,"before":..,"after":..}`
//! with keys in that order and `before`/`after` embedded exactly as stored (they are themselves written
//! in canonical form: object keys sorted, no insignificant white space). The first entry's `prev_hash`
//! is 64 zeros. Verification recomputes every hash from the stored columns, checks the links and the
//! numbering, and compares the last entry with `audit_head`, so an edited, deleted or inserted row is
//! found, including at the end of the chain.
//!
//! What this proves and what it does not: anyone who can write the file and who knows this algorithm can
//! rebuild a consistent chain. The chain makes tampering evident against edits with ordinary tools; the
//! head hash printed on reports and kept by the auditor anchors it outside the file.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::{Row, SqliteConnection};

use crate::{insert_rows, SqlValue, StoreError};

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who changes the register, and when. Passed to every mutating storage function.
#[derive(Debug, Clone)]
pub struct AuditContext {
    pub actor: String,
    pub at: DateTime<Utc>,
}

impl AuditContext {
    pub fn at_text(&self) -> String {
        timestamp(self.at)
    }
}

/// RFC 3339 in UTC with microseconds: sortable as text.
pub fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// JSON with object keys sorted and no white space, independent of serde_json's map features.
pub fn canonical_json(v: &Value) -> String {
    let mut out = String::new();
    write_canonical(v, &mut out);
    out
}

fn write_canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json_string(k, out);
                out.push(':');
                write_canonical(&map[*k], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        Value::String(text) => write_json_string(text, out),
        other => out.push_str(&other.to_string()),
    }
}

/// Appends `s` as a JSON string literal (serde_json's escaping), without an intermediate `Value`.
fn write_json_string(s: &str, out: &mut String) {
    let mut buf = Vec::with_capacity(s.len() + 2);
    // Writing a &str into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut buf, s);
    out.push_str(std::str::from_utf8(&buf).unwrap_or_default());
}

/// The stored columns of one entry.
#[derive(Debug, Clone)]
pub struct StoredEntry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub object_type: String,
    pub object_id: String,
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

fn opt_json(s: &Option<String>) -> String {
    s.clone().unwrap_or_else(|| "null".to_string())
}

/// The hash of an entry from its stored columns.
pub fn entry_hash(e: &StoredEntry) -> String {
    let canonical = format!(
        "{{\"seq\":{},\"at\":{},\"actor\":{},\"object_type\":{},\"object_id\":{},\"action\":{},\"before\":{},\"after\":{}}}",
        e.seq,
        Value::String(e.at.clone()),
        Value::String(e.actor.clone()),
        Value::String(e.object_type.clone()),
        Value::String(e.object_id.clone()),
        Value::String(e.action.clone()),
        opt_json(&e.before),
        opt_json(&e.after),
    );
    let mut h = Sha256::new();
    h.update(e.prev_hash.as_bytes());
    h.update(canonical.as_bytes());
    hex::encode(h.finalize())
}

/// One entry to append: object type and id, action, state before and after.
pub type NewEntry<'a> = (&'a str, &'a str, &'a str, Option<&'a Value>, Option<&'a Value>);

/// Appends one entry inside the caller's transaction. Returns its sequence number.
pub async fn append(
    conn: &mut SqliteConnection,
    ctx: &AuditContext,
    object_type: &str,
    object_id: &str,
    action: &str,
    before: Option<&Value>,
    after: Option<&Value>,
) -> Result<i64, StoreError> {
    append_many(conn, ctx, &[(object_type, object_id, action, before, after)]).await
}

/// Appends entries in order inside the caller's transaction, chaining them in memory and writing them
/// with multi-row statements. Returns the sequence number of the last one.
pub async fn append_many(
    conn: &mut SqliteConnection,
    ctx: &AuditContext,
    entries: &[NewEntry<'_>],
) -> Result<i64, StoreError> {
    let head = head(conn).await?;
    let entries = entries
        .iter()
        .map(|(object_type, object_id, action, before, after)| CanonicalEntry {
            object_type: object_type.to_string(),
            object_id: object_id.to_string(),
            action: action.to_string(),
            before: before.map(canonical_json),
            after: after.map(canonical_json),
        })
        .collect();
    let chained = chain(head, ctx, entries);
    write_chained(conn, chained).await
}

/// An entry to append whose `before` and `after` are already canonical JSON ([`canonical_json`]).
#[derive(Debug, Clone)]
pub struct CanonicalEntry {
    pub object_type: String,
    pub object_id: String,
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The chain's head as the trail holds it now: the last sequence number and hash (0 and the genesis
/// hash when the trail is empty). Entries appended next follow it.
pub async fn head(conn: &mut SqliteConnection) -> Result<(i64, String), StoreError> {
    let head: Option<(i64, String)> =
        sqlx::query_as("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
            .fetch_optional(&mut *conn)
            .await?;
    Ok(head.unwrap_or((0, GENESIS.to_string())))
}

/// Chains entries after `head` in memory: numbers, links and hashes. Pure CPU work, so a bulk writer
/// can do it on another thread while it writes its other rows; [`write_chained`] then stores the
/// result in the same transaction the head was read in.
pub fn chain(head: (i64, String), ctx: &AuditContext, entries: Vec<CanonicalEntry>) -> Vec<StoredEntry> {
    let (mut seq, mut prev_hash) = head;
    let at = ctx.at_text();
    entries
        .into_iter()
        .map(|c| {
            seq += 1;
            let mut e = StoredEntry {
                seq,
                at: at.clone(),
                actor: ctx.actor.clone(),
                object_type: c.object_type,
                object_id: c.object_id,
                action: c.action,
                before: c.before,
                after: c.after,
                prev_hash: std::mem::take(&mut prev_hash),
                hash: String::new(),
            };
            e.hash = entry_hash(&e);
            prev_hash = e.hash.clone();
            e
        })
        .collect()
}

/// Writes entries made by [`chain`] and moves the head. Refuses (writing nothing) when the first
/// entry does not follow the trail's current head, i.e. something was appended since [`head`].
/// Returns the sequence number of the last entry.
pub async fn write_chained(
    conn: &mut SqliteConnection,
    entries: Vec<StoredEntry>,
) -> Result<i64, StoreError> {
    let Some(last) = entries.last() else {
        return Ok(head(conn).await?.0);
    };
    let (last_seq, last_hash) = (last.seq, last.hash.clone());
    let (seq, hash) = head(conn).await?;
    if entries[0].seq != seq + 1 || entries[0].prev_hash != hash {
        return Err(StoreError::Conflict(format!(
            "the audit trail moved on (head {seq}) while entries were prepared after it; nothing was written"
        )));
    }
    let rows = entries
        .into_iter()
        .map(|e| {
            vec![
                SqlValue::Int(e.seq),
                e.at.into(),
                e.actor.into(),
                e.object_type.into(),
                e.object_id.into(),
                e.action.into(),
                e.before.into(),
                e.after.into(),
                e.prev_hash.into(),
                e.hash.into(),
            ]
        })
        .collect();
    let columns =
        ["seq", "at", "actor", "object_type", "object_id", "action", "before", "after", "prev_hash", "hash"];
    insert_rows(conn, "audit_log", &columns, rows).await?;
    sqlx::query(
        "INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?)
         ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
    )
    .bind(last_seq)
    .bind(&last_hash)
    .execute(&mut *conn)
    .await?;
    Ok(last_seq)
}

/// The sequence number of the newest entry (0 for an empty trail): changes with every register change,
/// so it identifies a state of the register for caches.
pub async fn head_seq(conn: &mut SqliteConnection) -> Result<i64, StoreError> {
    let seq: Option<i64> =
        sqlx::query_scalar("SELECT seq FROM audit_head WHERE id = 1").fetch_optional(&mut *conn).await?;
    Ok(seq.unwrap_or(0))
}

fn row_to_entry(r: &sqlx::sqlite::SqliteRow) -> Result<StoredEntry, sqlx::Error> {
    Ok(StoredEntry {
        seq: r.try_get("seq")?,
        at: r.try_get("at")?,
        actor: r.try_get("actor")?,
        object_type: r.try_get("object_type")?,
        object_id: r.try_get("object_id")?,
        action: r.try_get("action")?,
        before: r.try_get("before")?,
        after: r.try_get("after")?,
        prev_hash: r.try_get("prev_hash")?,
        hash: r.try_get("hash")?,
    })
}

const COLUMNS: &str = "seq, at, actor, object_type, object_id, action, before, after, prev_hash, hash";

/// Entries, newest first, optionally for one object and before a sequence number.
pub async fn list(
    conn: &mut SqliteConnection,
    object_type: Option<&str>,
    object_id: Option<&str>,
    before_seq: Option<i64>,
    limit: i64,
) -> Result<Vec<StoredEntry>, StoreError> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM audit_log
         WHERE (?1 IS NULL OR object_type = ?1) AND (?2 IS NULL OR object_id = ?2) AND (?3 IS NULL OR seq < ?3)
         ORDER BY seq DESC LIMIT ?4"
    ))
    .bind(object_type)
    .bind(object_id)
    .bind(before_seq)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.iter().map(row_to_entry).collect::<Result<_, _>>()?)
}

/// Every entry of one object, oldest first.
pub async fn object_entries(
    conn: &mut SqliteConnection,
    object_type: &str,
    object_id: &str,
) -> Result<Vec<StoredEntry>, StoreError> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM audit_log WHERE object_type = ? AND object_id = ? ORDER BY seq"
    ))
    .bind(object_type)
    .bind(object_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.iter().map(row_to_entry).collect::<Result<_, _>>()?)
}

/// For each object of the given types, its last state at or before `until` (an RFC 3339 UTC text):
/// `(object_type, object_id, after)`; objects whose last entry deleted them are left out.
pub async fn states_as_of(
    conn: &mut SqliteConnection,
    object_types: &[&str],
    until: &str,
) -> Result<Vec<(String, String, String)>, StoreError> {
    let mut out = Vec::new();
    for t in object_types {
        let rows: Vec<(String, String, Option<String>)> = sqlx::query_as(
            "SELECT a.object_type, a.object_id, a.after FROM audit_log a
             JOIN (SELECT object_id, MAX(seq) AS seq FROM audit_log
                   WHERE object_type = ?1 AND at <= ?2 GROUP BY object_id) last ON last.seq = a.seq
             ORDER BY a.seq",
        )
        .bind(t)
        .bind(until)
        .fetch_all(&mut *conn)
        .await?;
        out.extend(rows.into_iter().filter_map(|(t, id, after)| after.map(|a| (t, id, a))));
    }
    Ok(out)
}

/// The latest `after` of every object of the given type (None where it was deleted).
pub async fn latest_states(
    conn: &mut SqliteConnection,
    object_type: &str,
) -> Result<Vec<(String, Option<String>)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT a.object_id, a.after FROM audit_log a
         JOIN (SELECT object_id, MAX(seq) AS seq FROM audit_log WHERE object_type = ?1 GROUP BY object_id) last
           ON last.seq = a.seq",
    )
    .bind(object_type)
    .fetch_all(&mut *conn)
    .await?)
}

/// How many entries each object type has, most first (for the audit report).
pub async fn count_by_type(conn: &mut SqliteConnection) -> Result<Vec<(String, i64)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT object_type, COUNT(*) AS n FROM audit_log GROUP BY object_type ORDER BY n DESC, object_type",
    )
    .fetch_all(&mut *conn)
    .await?)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainCheck {
    pub entries: i64,
    pub head_hash: Option<String>,
    pub broken: Option<(i64, String)>,
}

/// Recomputes the chain. Streams the table in pages so a long trail does not sit in memory.
pub async fn verify(conn: &mut SqliteConnection) -> Result<ChainCheck, StoreError> {
    let mut expected_seq = 1i64;
    let mut prev = GENESIS.to_string();
    let mut count = 0i64;
    let mut last_seq: Option<i64> = None;
    loop {
        let rows =
            sqlx::query(&format!("SELECT {COLUMNS} FROM audit_log WHERE seq >= ? ORDER BY seq LIMIT 5000"))
                .bind(expected_seq)
                .fetch_all(&mut *conn)
                .await?;
        if rows.is_empty() {
            break;
        }
        for r in &rows {
            let e = match row_to_entry(r) {
                Ok(e) => e,
                Err(err) => {
                    let seq: i64 = r.try_get("seq").unwrap_or(expected_seq);
                    return Ok(broken(count, seq, format!("entry {seq} cannot be read: {err}")));
                }
            };
            if e.seq != expected_seq {
                return Ok(broken(
                    count,
                    expected_seq,
                    format!("entry {expected_seq} is missing (the next entry is {})", e.seq),
                ));
            }
            if e.prev_hash != prev {
                return Ok(broken(
                    count,
                    e.seq,
                    format!("entry {} does not link to the entry before it (prev_hash differs)", e.seq),
                ));
            }
            if entry_hash(&e) != e.hash {
                return Ok(broken(
                    count,
                    e.seq,
                    format!("entry {} was altered: its content no longer matches its hash", e.seq),
                ));
            }
            for (name, json) in [("before", &e.before), ("after", &e.after)] {
                if let Some(j) = json {
                    if serde_json::from_str::<Value>(j).is_err() {
                        return Ok(broken(
                            count,
                            e.seq,
                            format!("entry {} has an unreadable {name} value", e.seq),
                        ));
                    }
                }
            }
            prev = e.hash.clone();
            expected_seq += 1;
            count += 1;
            last_seq = Some(e.seq);
        }
    }
    let head: Option<(i64, String)> =
        sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_optional(&mut *conn).await?;
    match (head, last_seq) {
        (None, None) => Ok(ChainCheck { entries: 0, head_hash: None, broken: None }),
        (Some((hs, hh)), Some(ls)) if hs == ls && hh == prev => {
            Ok(ChainCheck { entries: count, head_hash: Some(prev), broken: None })
        }
        (Some((hs, _)), Some(ls)) if hs > ls => Ok(broken(
            count,
            ls + 1,
            format!("entries {} to {hs} were removed from the end of the trail", ls + 1),
        )),
        (Some((hs, _)), _) => Ok(broken(
            count,
            hs,
            format!("the recorded head of the trail (entry {hs}) does not match the last entry"),
        )),
        (None, Some(_)) => Ok(broken(count, 1, "the recorded head of the trail is missing".to_string())),
    }
}

fn broken(count: i64, seq: i64, why: String) -> ChainCheck {
    ChainCheck { entries: count, head_hash: None, broken: Some((seq, why)) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn canonical_json_sorts_keys_at_every_level() {
        let v = json!({"b": 1, "a": {"d": [ {"z": 1, "y": 2} ], "c": "é\""}});
        assert_eq!(canonical_json(&v), r#"{"a":{"c":"é\"","d":[{"y":2,"z":1}]},"b":1}"#);
    }

    #[test]
    fn the_hash_covers_every_column() {
        let e = StoredEntry {
            seq: 1,
            at: "2026-11-29T10:00:00.000000Z".into(),
            actor: "dpo".into(),
            object_type: "activity".into(),
            object_id: "PA-0001".into(),
            action: "create".into(),
            before: None,
            after: Some(r#"{"name":"Payroll"}"#.into()),
            prev_hash: GENESIS.into(),
            hash: String::new(),
        };
        let h = entry_hash(&e);
        assert_eq!(h.len(), 64);
        let variants: Vec<Box<dyn Fn(&mut StoredEntry)>> = vec![
            Box::new(|e| e.seq = 2),
            Box::new(|e| e.at = "2026-11-29T10:00:00.000001Z".into()),
            Box::new(|e| e.actor = "eve".into()),
            Box::new(|e| e.object_type = "measure".into()),
            Box::new(|e| e.object_id = "PA-0002".into()),
            Box::new(|e| e.action = "update".into()),
            Box::new(|e| e.before = Some("{}".into())),
            Box::new(|e| e.after = Some(r#"{"name":"Payrol"}"#.into())),
            Box::new(|e| e.prev_hash = "1".repeat(64)),
        ];
        for change in variants {
            let mut x = e.clone();
            change(&mut x);
            assert_ne!(entry_hash(&x), h);
        }
    }
}
