//! SQL for the record of processing activities. Every function that changes the register appends its
//! audit entry inside the same transaction; the entry's `after` is the object's full new state, which
//! also makes the audit trail the version history.

use chrono::NaiveDate;
use cockpit_domain::*;
use serde_json::{Map, Value};
use sqlx::{Row, SqliteConnection};
use std::collections::HashMap;

use crate::audit::{self, AuditContext};
use crate::{insert_rows, SqlValue, StoreError};

pub const ORGANISATION: &str = "organisation";
pub const ACTIVITY: &str = "activity";

// ---------------------------------------------------------------------------------------------------
// Enum codes: the snake_case serde names, so the database, the JSON and the UI use the same words.

fn code<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(Value::String(s)) => s,
        other => panic!("enum did not serialise to a string: {other:?}"),
    }
}

fn parse_code<T: serde::de::DeserializeOwned>(s: &str) -> Result<T, StoreError> {
    serde_json::from_value(Value::String(s.to_string()))
        .map_err(|_| StoreError::Corrupt(format!("unknown code '{s}' in the database")))
}

// ---------------------------------------------------------------------------------------------------
// Organisation

pub async fn load_organisation(conn: &mut SqliteConnection) -> Result<Option<Organisation>, StoreError> {
    let data: Option<String> =
        sqlx::query_scalar("SELECT data FROM organisation WHERE id = 1").fetch_optional(&mut *conn).await?;
    let Some(data) = data else { return Ok(None) };
    let mut org: Organisation = serde_json::from_str(&data)?;
    let rows = sqlx::query(
        "SELECT name, country, region, timezone, address, main, local_holidays FROM establishments ORDER BY position",
    )
    .fetch_all(&mut *conn)
    .await?;
    org.establishments = rows
        .iter()
        .map(|r| {
            Ok(Establishment {
                name: r.try_get("name")?,
                country: r.try_get("country")?,
                region: r.try_get("region")?,
                timezone: r.try_get("timezone")?,
                address: r.try_get("address")?,
                main: r.try_get::<i64, _>("main")? != 0,
                local_holidays: serde_json::from_str(&r.try_get::<String, _>("local_holidays")?)
                    .map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
    Ok(Some(org))
}

/// Saves the organisation profile and its establishments (matched by name, so an establishment keeps
/// its identity when edited). Returns false, writing nothing, when nothing changed.
pub async fn save_organisation(
    conn: &mut SqliteConnection,
    ctx: &AuditContext,
    org: &Organisation,
) -> Result<bool, StoreError> {
    let before = load_organisation(conn).await?;
    if before.as_ref() == Some(org) {
        return Ok(false);
    }
    let mut profile = org.clone();
    profile.establishments.clear();
    sqlx::query("INSERT INTO organisation (id, data) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET data = excluded.data")
        .bind(serde_json::to_string(&profile)?)
        .execute(&mut *conn)
        .await?;
    let existing: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, name FROM establishments").fetch_all(&mut *conn).await?;
    for (id, name) in &existing {
        if !org.establishments.iter().any(|e| validate::same_name(&e.name, name)) {
            sqlx::query("DELETE FROM establishments WHERE id = ?").bind(id).execute(&mut *conn).await?;
        }
    }
    for (pos, e) in org.establishments.iter().enumerate() {
        let id = existing.iter().find(|(_, n)| validate::same_name(n, &e.name)).map(|(id, _)| *id);
        sqlx::query(
            "INSERT INTO establishments (id, name, country, region, timezone, address, main, position, local_holidays)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT(id) DO UPDATE SET name = excluded.name, country = excluded.country,
               region = excluded.region, timezone = excluded.timezone, address = excluded.address,
               main = excluded.main, position = excluded.position, local_holidays = excluded.local_holidays",
        )
        .bind(id)
        .bind(&e.name)
        .bind(&e.country)
        .bind(&e.region)
        .bind(&e.timezone)
        .bind(&e.address)
        .bind(e.main as i64)
        .bind(pos as i64)
        .bind(serde_json::to_string(&e.local_holidays)?)
        .execute(&mut *conn)
        .await?;
    }
    let action = if before.is_some() { "update" } else { "create" };
    let before_json = before.map(serde_json::to_value).transpose()?;
    audit::append(
        conn,
        ctx,
        ORGANISATION,
        "1",
        action,
        before_json.as_ref(),
        Some(&serde_json::to_value(org)?),
    )
    .await?;
    Ok(true)
}

// ---------------------------------------------------------------------------------------------------
// Vocabularies: six tables of the same shape (id, name, kind-specific columns). The columns are listed
// once here and mapped to the domain types through their JSON form.

#[derive(Clone, Copy)]
enum Col {
    Text(&'static str),
    Bool(&'static str),
}

struct VocabTable {
    table: &'static str,
    columns: &'static [Col],
}

fn vocab_table(kind: VocabularyKind) -> VocabTable {
    use Col::*;
    use VocabularyKind::*;
    match kind {
        DataSubjectCategory => {
            VocabTable { table: "data_subject_categories", columns: &[Text("description")] }
        }
        DataCategory => {
            VocabTable { table: "data_categories", columns: &[Text("kind"), Text("description")] }
        }
        Recipient => VocabTable {
            table: "recipients",
            columns: &[Text("kind"), Bool("processor"), Text("country"), Text("description")],
        },
        System => VocabTable {
            table: "systems",
            columns: &[Text("description"), Text("hosting_country"), Text("owner")],
        },
        Measure => VocabTable { table: "measures", columns: &[Text("kind"), Text("description")] },
        Party => VocabTable {
            table: "parties",
            columns: &[Text("contact"), Text("country"), Text("representative"), Text("dpo")],
        },
    }
}

fn col_name(c: &Col) -> &'static str {
    match c {
        Col::Text(n) | Col::Bool(n) => n,
    }
}

fn entry_json(entry: &VocabularyEntry) -> Result<Map<String, Value>, StoreError> {
    match serde_json::to_value(entry)? {
        Value::Object(mut m) => match m.remove("entry") {
            Some(Value::Object(e)) => Ok(e),
            _ => Err(StoreError::Corrupt("vocabulary entry has no fields".into())),
        },
        _ => Err(StoreError::Corrupt("vocabulary entry is not an object".into())),
    }
}

fn entry_from_json(kind: VocabularyKind, fields: Map<String, Value>) -> Result<VocabularyEntry, StoreError> {
    let mut tagged = Map::new();
    tagged.insert("kind".into(), Value::String(kind.as_str().into()));
    tagged.insert("entry".into(), Value::Object(fields));
    Ok(serde_json::from_value(Value::Object(tagged))?)
}

/// All entries of one vocabulary with their row ids, ordered by name.
pub async fn load_vocabulary(
    conn: &mut SqliteConnection,
    kind: VocabularyKind,
) -> Result<Vec<(i64, VocabularyEntry)>, StoreError> {
    let t = vocab_table(kind);
    let cols: Vec<&str> = t.columns.iter().map(col_name).collect();
    let sql = format!("SELECT id, name, {} FROM {} ORDER BY name COLLATE NOCASE", cols.join(", "), t.table);
    let rows = sqlx::query(&sql).fetch_all(&mut *conn).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let mut m = Map::new();
        m.insert("name".into(), Value::String(r.try_get("name")?));
        for c in t.columns {
            let v = match c {
                Col::Text(n) => Value::String(r.try_get(*n)?),
                Col::Bool(n) => Value::Bool(r.try_get::<i64, _>(*n)? != 0),
            };
            m.insert(col_name(c).into(), v);
        }
        out.push((r.try_get("id")?, entry_from_json(kind, m)?));
    }
    Ok(out)
}

/// All vocabularies as a register without organisation and activities.
pub async fn load_vocabularies(conn: &mut SqliteConnection) -> Result<Register, StoreError> {
    let mut r = Register::default();
    for kind in VocabularyKind::ALL {
        for (_, e) in load_vocabulary(conn, kind).await? {
            push_entry(&mut r, e);
        }
    }
    Ok(r)
}

/// Adds an entry to the matching list of a register.
pub fn push_entry(r: &mut Register, e: VocabularyEntry) {
    match e {
        VocabularyEntry::DataSubjectCategory(v) => r.data_subject_categories.push(v),
        VocabularyEntry::DataCategory(v) => r.data_categories.push(v),
        VocabularyEntry::Recipient(v) => r.recipients.push(v),
        VocabularyEntry::System(v) => r.systems.push(v),
        VocabularyEntry::Measure(v) => r.measures.push(v),
        VocabularyEntry::Party(v) => r.parties.push(v),
    }
}

async fn vocab_id(
    conn: &mut SqliteConnection,
    kind: VocabularyKind,
    name: &str,
) -> Result<Option<i64>, StoreError> {
    // Names are compared in Rust: SQLite's NOCASE and lower() fold ASCII only, not "Ñ" or "É".
    let all: Vec<(i64, String)> =
        sqlx::query_as(&format!("SELECT id, name FROM {}", vocab_table(kind).table))
            .fetch_all(&mut *conn)
            .await?;
    Ok(all.into_iter().find(|(_, n)| validate::same_name(n, name)).map(|(id, _)| id))
}

/// Every vocabulary entry's row id by kind and lower-cased name, loaded once per write so that linking
/// thousands of activities (an import) does not look names up one query at a time.
#[derive(Debug, Default, Clone)]
pub struct VocabIndex(HashMap<(VocabularyKind, String), i64>);

impl VocabIndex {
    pub async fn load(conn: &mut SqliteConnection) -> Result<VocabIndex, StoreError> {
        let mut map = HashMap::new();
        for kind in VocabularyKind::ALL {
            let rows: Vec<(i64, String)> =
                sqlx::query_as(&format!("SELECT id, name FROM {}", vocab_table(kind).table))
                    .fetch_all(&mut *conn)
                    .await?;
            for (id, name) in rows {
                map.insert((kind, name.to_lowercase()), id);
            }
        }
        Ok(VocabIndex(map))
    }

    fn get(&self, kind: VocabularyKind, name: &str) -> Result<i64, StoreError> {
        self.0
            .get(&(kind, name.to_lowercase()))
            .copied()
            .ok_or_else(|| StoreError::NotFound(format!("{} '{}'", kind.as_str().replace('_', " "), name)))
    }
}

/// What saving a vocabulary entry did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    Created,
    Updated,
    Unchanged,
}

/// Creates an entry (`original_name` None) or updates the one called `original_name` (which may rename
/// it). A rename changes what every activity using the entry lists, so each of those activities gets a
/// new version and an audit entry too; the returned ids are theirs.
pub async fn save_vocabulary_entry(
    conn: &mut SqliteConnection,
    ctx: &AuditContext,
    entry: &VocabularyEntry,
    original_name: Option<&str>,
) -> Result<(Saved, Vec<String>), StoreError> {
    let kind = entry.kind();
    let t = vocab_table(kind);
    let fields = entry_json(entry)?;
    let existing_same_name = vocab_id(conn, kind, entry.name()).await?;
    let target = match original_name {
        Some(orig) => Some(
            vocab_id(conn, kind, orig)
                .await?
                .ok_or_else(|| StoreError::NotFound(format!("{} '{}'", kind.as_str(), orig)))?,
        ),
        None => None,
    };
    if let Some(other) = existing_same_name {
        if Some(other) != target {
            return Err(StoreError::Conflict(format!(
                "a {} named '{}' already exists",
                kind.as_str().replace('_', " "),
                entry.name()
            )));
        }
    }
    let cols: Vec<&str> = t.columns.iter().map(col_name).collect();
    match target {
        None => {
            let placeholders = vec!["?"; cols.len() + 1].join(", ");
            let sql = format!("INSERT INTO {} (name, {}) VALUES ({placeholders})", t.table, cols.join(", "));
            let id = bind_vocab(sqlx::query(&sql), entry.name(), &t, &fields)
                .execute(&mut *conn)
                .await?
                .last_insert_rowid();
            audit::append(
                conn,
                ctx,
                kind.as_str(),
                &id.to_string(),
                "create",
                None,
                Some(&Value::Object(fields)),
            )
            .await?;
            Ok((Saved::Created, vec![]))
        }
        Some(id) => {
            let before = load_vocabulary(conn, kind)
                .await?
                .into_iter()
                .find(|(i, _)| *i == id)
                .map(|(_, e)| e)
                .ok_or_else(|| StoreError::NotFound(kind.as_str().to_string()))?;
            if &before == entry {
                return Ok((Saved::Unchanged, vec![]));
            }
            let renamed = before.name() != entry.name();
            let affected = if renamed { activities_using(conn, kind, id).await? } else { vec![] };
            let before_states = load_activities(conn, Some(&affected)).await?;
            let sets: Vec<String> = std::iter::once("name = ?".to_string())
                .chain(cols.iter().map(|c| format!("{c} = ?")))
                .collect();
            let sql = format!("UPDATE {} SET {} WHERE id = {id}", t.table, sets.join(", "));
            bind_vocab(sqlx::query(&sql), entry.name(), &t, &fields).execute(&mut *conn).await?;
            audit::append(
                conn,
                ctx,
                kind.as_str(),
                &id.to_string(),
                "update",
                Some(&Value::Object(entry_json(&before)?)),
                Some(&Value::Object(fields)),
            )
            .await?;
            let after_states = load_activities(conn, Some(&affected)).await?;
            for (b, a) in before_states.iter().zip(&after_states) {
                bump_version(conn, &a.activity.id, ctx).await?;
                audit::append(
                    conn,
                    ctx,
                    ACTIVITY,
                    &a.activity.id,
                    "update",
                    Some(&serde_json::to_value(&b.activity)?),
                    Some(&serde_json::to_value(&a.activity)?),
                )
                .await?;
            }
            Ok((Saved::Updated, affected))
        }
    }
}

type SqliteQuery<'q> = sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'q>>;

/// Binds the name and the kind-specific columns of a vocabulary entry, in table order.
fn bind_vocab<'q>(
    mut q: SqliteQuery<'q>,
    name: &str,
    t: &VocabTable,
    fields: &Map<String, Value>,
) -> SqliteQuery<'q> {
    q = q.bind(name.to_string());
    for c in t.columns {
        q = match c {
            Col::Text(n) => q.bind(fields.get(*n).and_then(Value::as_str).unwrap_or("").to_string()),
            Col::Bool(n) => q.bind(fields.get(*n).and_then(Value::as_bool).unwrap_or(false) as i64),
        };
    }
    q
}

async fn activities_using(
    conn: &mut SqliteConnection,
    kind: VocabularyKind,
    id: i64,
) -> Result<Vec<String>, StoreError> {
    let sql = match kind {
        VocabularyKind::DataSubjectCategory => {
            "SELECT DISTINCT activity_id FROM activity_data_subjects WHERE category_id = ?1"
        }
        VocabularyKind::DataCategory => {
            "SELECT DISTINCT activity_id FROM activity_data_categories WHERE category_id = ?1"
        }
        VocabularyKind::Recipient => {
            "SELECT activity_id FROM activity_recipients WHERE recipient_id = ?1
             UNION SELECT activity_id FROM activity_transfers WHERE recipient_id = ?1"
        }
        VocabularyKind::System => "SELECT DISTINCT activity_id FROM activity_systems WHERE system_id = ?1",
        VocabularyKind::Measure => "SELECT DISTINCT activity_id FROM activity_measures WHERE measure_id = ?1",
        VocabularyKind::Party => "SELECT DISTINCT activity_id FROM activity_parties WHERE party_id = ?1",
    };
    let mut ids: Vec<String> = sqlx::query_scalar(sql).bind(id).fetch_all(&mut *conn).await?;
    ids.sort();
    Ok(ids)
}

/// Deletes an entry no activity uses; refuses (naming the activities) otherwise.
pub async fn delete_vocabulary_entry(
    conn: &mut SqliteConnection,
    ctx: &AuditContext,
    kind: VocabularyKind,
    name: &str,
) -> Result<(), StoreError> {
    let id = vocab_id(conn, kind, name)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("{} '{name}'", kind.as_str())))?;
    let users = activities_using(conn, kind, id).await?;
    if !users.is_empty() {
        let shown: Vec<&str> = users.iter().take(10).map(String::as_str).collect();
        return Err(StoreError::Conflict(format!(
            "'{name}' is used by {} activit{} ({}{}); remove it there first",
            users.len(),
            if users.len() == 1 { "y" } else { "ies" },
            shown.join(", "),
            if users.len() > 10 { ", …" } else { "" }
        )));
    }
    let before = load_vocabulary(conn, kind).await?.into_iter().find(|(i, _)| *i == id).map(|(_, e)| e);
    sqlx::query(&format!("DELETE FROM {} WHERE id = ?", vocab_table(kind).table))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    let before = before.map(|e| entry_json(&e)).transpose()?.map(Value::Object);
    audit::append(conn, ctx, kind.as_str(), &id.to_string(), "delete", before.as_ref(), None).await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------------
// Activities

/// An activity with its bookkeeping columns.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredActivity {
    pub activity: Activity,
    pub version: u32,
    pub created_at: String,
    pub updated_at: String,
}

/// Derived columns the API computes on every write (not register content, not audited).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derived {
    pub score: u32,
    pub scored_on: NaiveDate,
    pub search_text: String,
}

/// Loads activities, all of them (`ids` None) or the listed ones, ordered by id.
pub async fn load_activities(
    conn: &mut SqliteConnection,
    ids: Option<&[String]>,
) -> Result<Vec<StoredActivity>, StoreError> {
    if ids.is_some_and(|i| i.is_empty()) {
        return Ok(vec![]);
    }
    // One query per table for the whole set, grouped in memory: 8 queries however many activities.
    let filter = match ids {
        None => String::new(),
        Some(ids) => {
            let quoted: Vec<String> = ids.iter().map(|i| format!("'{}'", i.replace('\'', "''"))).collect();
            format!(" WHERE activity_id IN ({})", quoted.join(","))
        }
    };
    let main_filter = filter.replace("activity_id", "id");
    let rows = sqlx::query(&format!(
        "SELECT id, name, description, role, purposes, lawful_bases, lia_reference, special_category_condition,
                criminal_data, data_source, automated_decision, automated_decision_logic, dpia_required,
                dpia_reference, department, owner, status, next_review, version, created_at, updated_at
         FROM activities{main_filter} ORDER BY id"
    ))
    .fetch_all(&mut *conn)
    .await?;
    let mut out: Vec<StoredActivity> = Vec::with_capacity(rows.len());
    let mut index: HashMap<String, usize> = HashMap::with_capacity(rows.len());
    for r in rows {
        let id: String = r.try_get("id")?;
        let next_review: Option<String> = r.try_get("next_review")?;
        let special: Option<String> = r.try_get("special_category_condition")?;
        let activity = Activity {
            id: id.clone(),
            name: r.try_get("name")?,
            description: r.try_get("description")?,
            role: parse_code(&r.try_get::<String, _>("role")?)?,
            parties: vec![],
            purposes: serde_json::from_str(&r.try_get::<String, _>("purposes")?)?,
            lawful_bases: serde_json::from_str(&r.try_get::<String, _>("lawful_bases")?)?,
            lia_reference: r.try_get("lia_reference")?,
            special_category_condition: special.as_deref().map(parse_code).transpose()?,
            criminal_data: r.try_get::<i64, _>("criminal_data")? != 0,
            data_subjects: vec![],
            data_categories: vec![],
            recipients: vec![],
            transfers: vec![],
            measures: vec![],
            systems: vec![],
            data_source: r.try_get("data_source")?,
            automated_decision: r.try_get::<i64, _>("automated_decision")? != 0,
            automated_decision_logic: r.try_get("automated_decision_logic")?,
            dpia_required: r.try_get::<i64, _>("dpia_required")? != 0,
            dpia_reference: r.try_get("dpia_reference")?,
            department: r.try_get("department")?,
            owner: r.try_get("owner")?,
            status: parse_code(&r.try_get::<String, _>("status")?)?,
            next_review: next_review
                .map(|d| d.parse::<NaiveDate>().map_err(|e| StoreError::Corrupt(format!("next_review: {e}"))))
                .transpose()?,
        };
        index.insert(id, out.len());
        out.push(StoredActivity {
            activity,
            version: r.try_get::<i64, _>("version")? as u32,
            created_at: r.try_get("created_at")?,
            updated_at: r.try_get("updated_at")?,
        });
    }

    async fn names(
        conn: &mut SqliteConnection,
        link: &str,
        fk: &str,
        vocab: &str,
        filter: &str,
    ) -> Result<Vec<(String, String)>, StoreError> {
        let filter = filter.replace("activity_id", "l.activity_id");
        Ok(sqlx::query_as(&format!(
            "SELECT l.activity_id, v.name FROM {link} l JOIN {vocab} v ON v.id = l.{fk}{filter}
             ORDER BY l.activity_id, l.position"
        ))
        .fetch_all(&mut *conn)
        .await?)
    }
    let lists: [(&str, &str, &str); 5] = [
        ("activity_data_subjects", "category_id", "data_subject_categories"),
        ("activity_recipients", "recipient_id", "recipients"),
        ("activity_measures", "measure_id", "measures"),
        ("activity_systems", "system_id", "systems"),
        ("activity_parties", "party_id", "parties"),
    ];
    for (i, (link, fk, vocab)) in lists.iter().enumerate() {
        for (aid, name) in names(conn, link, fk, vocab, &filter).await? {
            let Some(&k) = index.get(&aid) else { continue };
            let a = &mut out[k].activity;
            match i {
                0 => a.data_subjects.push(name),
                1 => a.recipients.push(name),
                2 => a.measures.push(name),
                3 => a.systems.push(name),
                _ => a.parties.push(name),
            }
        }
    }
    let lf = filter.replace("activity_id", "l.activity_id");
    let rows = sqlx::query(&format!(
        "SELECT l.activity_id, v.name, l.retention_amount, l.retention_unit, l.retention_trigger, l.retention_criteria
         FROM activity_data_categories l JOIN data_categories v ON v.id = l.category_id{lf}
         ORDER BY l.activity_id, l.position"
    ))
    .fetch_all(&mut *conn)
    .await?;
    for r in rows {
        let aid: String = r.try_get("activity_id")?;
        let Some(&k) = index.get(&aid) else { continue };
        let amount: Option<i64> = r.try_get("retention_amount")?;
        let unit: Option<String> = r.try_get("retention_unit")?;
        let period = match (amount, unit) {
            (Some(amount), Some(unit)) => Some(RetentionPeriod {
                amount: amount as u32,
                unit: parse_code(&unit)?,
                trigger: r.try_get("retention_trigger")?,
            }),
            _ => None,
        };
        out[k].activity.data_categories.push(ActivityDataCategory {
            category: r.try_get("name")?,
            retention: Retention { period, criteria: r.try_get("retention_criteria")? },
        });
    }
    let rows = sqlx::query(&format!(
        "SELECT l.activity_id, l.country, v.name AS recipient, l.mechanism, l.safeguards
         FROM activity_transfers l LEFT JOIN recipients v ON v.id = l.recipient_id{lf}
         ORDER BY l.activity_id, l.position"
    ))
    .fetch_all(&mut *conn)
    .await?;
    for r in rows {
        let aid: String = r.try_get("activity_id")?;
        let Some(&k) = index.get(&aid) else { continue };
        let mechanism: Option<String> = r.try_get("mechanism")?;
        out[k].activity.transfers.push(Transfer {
            country: r.try_get("country")?,
            recipient: r.try_get("recipient")?,
            mechanism: mechanism.as_deref().map(parse_code).transpose()?,
            safeguards: r.try_get("safeguards")?,
        });
    }
    Ok(out)
}

pub async fn load_activity(
    conn: &mut SqliteConnection,
    id: &str,
) -> Result<Option<StoredActivity>, StoreError> {
    Ok(load_activities(conn, Some(&[id.to_string()])).await?.into_iter().next())
}

/// The number for the next "PA-NNNN" reference.
pub async fn next_activity_number(conn: &mut SqliteConnection) -> Result<i64, StoreError> {
    let (max,): (Option<i64>,) =
        sqlx::query_as("SELECT MAX(seq) FROM activities").fetch_one(&mut *conn).await?;
    Ok(max.unwrap_or(0) + 1)
}

/// Writes the link rows (vocabulary references, data categories, transfers) of activities whose old
/// links, if any, are already gone, with one multi-row statement per table.
async fn write_links(
    conn: &mut SqliteConnection,
    activities: &[&Activity],
    index: &VocabIndex,
) -> Result<(), StoreError> {
    let simple: [(&str, &str, VocabularyKind, fn(&Activity) -> &Vec<String>); 5] = [
        ("activity_data_subjects", "category_id", VocabularyKind::DataSubjectCategory, |a| &a.data_subjects),
        ("activity_recipients", "recipient_id", VocabularyKind::Recipient, |a| &a.recipients),
        ("activity_measures", "measure_id", VocabularyKind::Measure, |a| &a.measures),
        ("activity_systems", "system_id", VocabularyKind::System, |a| &a.systems),
        ("activity_parties", "party_id", VocabularyKind::Party, |a| &a.parties),
    ];
    for (table, fk, kind, names) in simple {
        let mut rows = Vec::new();
        for a in activities {
            for (pos, name) in names(a).iter().enumerate() {
                rows.push(vec![
                    a.id.as_str().into(),
                    SqlValue::Int(pos as i64),
                    SqlValue::Int(index.get(kind, name)?),
                ]);
            }
        }
        insert_rows(conn, table, &["activity_id", "position", fk], rows).await?;
    }
    let mut rows = Vec::new();
    for a in activities {
        for (pos, dc) in a.data_categories.iter().enumerate() {
            let p = dc.retention.period.as_ref();
            rows.push(vec![
                a.id.as_str().into(),
                SqlValue::Int(pos as i64),
                SqlValue::Int(index.get(VocabularyKind::DataCategory, &dc.category)?),
                p.map(|p| p.amount as i64).into(),
                p.map(|p| code(&p.unit)).into(),
                p.map(|p| p.trigger.clone()).unwrap_or_default().into(),
                dc.retention.criteria.as_str().into(),
            ]);
        }
    }
    insert_rows(
        conn,
        "activity_data_categories",
        &[
            "activity_id",
            "position",
            "category_id",
            "retention_amount",
            "retention_unit",
            "retention_trigger",
            "retention_criteria",
        ],
        rows,
    )
    .await?;
    let mut rows = Vec::new();
    for a in activities {
        for (pos, t) in a.transfers.iter().enumerate() {
            let rid = t.recipient.as_deref().map(|r| index.get(VocabularyKind::Recipient, r)).transpose()?;
            rows.push(vec![
                a.id.as_str().into(),
                SqlValue::Int(pos as i64),
                t.country.as_str().into(),
                rid.into(),
                t.mechanism.map(|m| code(&m)).into(),
                t.safeguards.as_str().into(),
            ]);
        }
    }
    insert_rows(
        conn,
        "activity_transfers",
        &["activity_id", "position", "country", "recipient_id", "mechanism", "safeguards"],
        rows,
    )
    .await
}

const LINK_TABLES: [&str; 7] = [
    "activity_data_subjects",
    "activity_data_categories",
    "activity_recipients",
    "activity_measures",
    "activity_systems",
    "activity_parties",
    "activity_transfers",
];

/// The columns of a new activity row, in the order of [`activity_values`].
const ACTIVITY_COLUMNS: [&str; 25] = [
    "id",
    "seq",
    "name",
    "description",
    "role",
    "purposes",
    "lawful_bases",
    "lia_reference",
    "special_category_condition",
    "criminal_data",
    "data_source",
    "automated_decision",
    "automated_decision_logic",
    "dpia_required",
    "dpia_reference",
    "department",
    "owner",
    "status",
    "next_review",
    "version",
    "created_at",
    "updated_at",
    "score",
    "scored_on",
    "search_text",
];

fn activity_values(a: &Activity, d: &Derived, seq: i64, at: &str) -> Result<Vec<SqlValue>, StoreError> {
    Ok(vec![
        a.id.as_str().into(),
        SqlValue::Int(seq),
        a.name.as_str().into(),
        a.description.as_str().into(),
        code(&a.role).into(),
        serde_json::to_string(&a.purposes)?.into(),
        serde_json::to_string(&a.lawful_bases)?.into(),
        a.lia_reference.as_str().into(),
        a.special_category_condition.map(|c| code(&c)).into(),
        SqlValue::Int(a.criminal_data as i64),
        a.data_source.as_str().into(),
        SqlValue::Int(a.automated_decision as i64),
        a.automated_decision_logic.as_str().into(),
        SqlValue::Int(a.dpia_required as i64),
        a.dpia_reference.as_str().into(),
        a.department.as_str().into(),
        a.owner.as_str().into(),
        code(&a.status).into(),
        a.next_review.map(|d| d.to_string()).into(),
        SqlValue::Int(1),
        at.into(),
        at.into(),
        SqlValue::Int(d.score as i64),
        d.scored_on.to_string().into(),
        d.search_text.as_str().into(),
    ])
}

async fn update_row(
    conn: &mut SqliteConnection,
    a: &Activity,
    derived: &Derived,
    ctx: &AuditContext,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE activities SET name = ?1, description = ?2, role = ?3, purposes = ?4, lawful_bases = ?5,
            lia_reference = ?6, special_category_condition = ?7, criminal_data = ?8, data_source = ?9,
            automated_decision = ?10, automated_decision_logic = ?11, dpia_required = ?12, dpia_reference = ?13,
            department = ?14, owner = ?15, status = ?16, next_review = ?17, score = ?18, scored_on = ?19,
            search_text = ?20, updated_at = ?21, version = version + 1
         WHERE id = ?22",
    )
    .bind(&a.name)
    .bind(&a.description)
    .bind(code(&a.role))
    .bind(serde_json::to_string(&a.purposes)?)
    .bind(serde_json::to_string(&a.lawful_bases)?)
    .bind(&a.lia_reference)
    .bind(a.special_category_condition.map(|c| code(&c)))
    .bind(a.criminal_data as i64)
    .bind(&a.data_source)
    .bind(a.automated_decision as i64)
    .bind(&a.automated_decision_logic)
    .bind(a.dpia_required as i64)
    .bind(&a.dpia_reference)
    .bind(&a.department)
    .bind(&a.owner)
    .bind(code(&a.status))
    .bind(a.next_review.map(|d| d.to_string()))
    .bind(derived.score as i64)
    .bind(derived.scored_on.to_string())
    .bind(&derived.search_text)
    .bind(ctx.at_text())
    .bind(&a.id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Inserts a new activity (its id must be free) with its audit entry.
pub async fn insert_activity(
    conn: &mut SqliteConnection,
    ctx: &AuditContext,
    index: &VocabIndex,
    a: &Activity,
    derived: &Derived,
    action: &str,
) -> Result<(), StoreError> {
    insert_activities(conn, ctx, index, &[(a.clone(), derived.clone())], action).await
}

/// Inserts new activities (their ids must be free) with their audit entries, in bulk: a few multi-row
/// statements per table however many activities there are.
pub async fn insert_activities(
    conn: &mut SqliteConnection,
    ctx: &AuditContext,
    index: &VocabIndex,
    items: &[(Activity, Derived)],
    action: &str,
) -> Result<(), StoreError> {
    for chunk in items.chunks(500) {
        let ids: Vec<String> = chunk.iter().map(|(a, _)| format!("'{}'", a.id.replace('\'', "''"))).collect();
        let taken: Option<String> =
            sqlx::query_scalar(&format!("SELECT id FROM activities WHERE id IN ({}) LIMIT 1", ids.join(",")))
                .fetch_optional(&mut *conn)
                .await?;
        if let Some(id) = taken {
            return Err(StoreError::Conflict(format!("an activity with id {id} already exists")));
        }
    }
    let (max,): (Option<i64>,) =
        sqlx::query_as("SELECT MAX(seq) FROM activities").fetch_one(&mut *conn).await?;
    // The audit entries (each activity as canonical JSON, hashed into the chain) are CPU work that
    // does not depend on the rows below: for a bulk insert they are made on a blocking thread while
    // this one writes the activity and link rows, and stored after them in the same transaction.
    let head = audit::head(conn).await?;
    let owned: Vec<Activity> = items.iter().map(|(a, _)| a.clone()).collect();
    let (ctx_owned, action_owned) = (ctx.clone(), action.to_string());
    let make_entries = move || -> Result<Vec<audit::StoredEntry>, StoreError> {
        let entries = owned
            .into_iter()
            .map(|a| {
                Ok(audit::CanonicalEntry {
                    object_type: ACTIVITY.to_string(),
                    after: Some(audit::canonical_json(&serde_json::to_value(&a)?)),
                    object_id: a.id,
                    action: action_owned.clone(),
                    before: None,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(audit::chain(head, &ctx_owned, entries))
    };
    let entries = if items.len() >= PARALLEL_AUDIT_FROM {
        Either::Later(tokio::task::spawn_blocking(make_entries))
    } else {
        Either::Now(make_entries()?)
    };
    let at = ctx.at_text();
    let rows = items
        .iter()
        .enumerate()
        .map(|(i, (a, d))| activity_values(a, d, max.unwrap_or(0) + 1 + i as i64, &at))
        .collect::<Result<Vec<_>, _>>()?;
    insert_rows(conn, "activities", &ACTIVITY_COLUMNS, rows).await?;
    let activities: Vec<&Activity> = items.iter().map(|(a, _)| a).collect();
    write_links(conn, &activities, index).await?;
    let entries = match entries {
        Either::Now(e) => e,
        Either::Later(task) => task
            .await
            .map_err(|e| StoreError::Corrupt(format!("preparing the audit entries failed: {e}")))??,
    };
    audit::write_chained(conn, entries).await?;
    Ok(())
}

/// From this many activities on, a bulk insert prepares the audit entries on another thread.
const PARALLEL_AUDIT_FROM: usize = 64;

enum Either<N, L> {
    Now(N),
    Later(L),
}

/// Replaces an activity. With `expected_version`, refuses when someone else saved in between.
/// Returns false, writing nothing, when the content is unchanged.
pub async fn update_activity(
    conn: &mut SqliteConnection,
    ctx: &AuditContext,
    index: &VocabIndex,
    a: &Activity,
    derived: &Derived,
    expected_version: Option<u32>,
    action: &str,
) -> Result<bool, StoreError> {
    let before = load_activity(conn, &a.id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("activity {}", a.id)))?;
    if let Some(v) = expected_version {
        if v != before.version {
            return Err(StoreError::Stale(format!(
                "activity {} was changed by someone else (version {} is now {}); reload it and apply your change again",
                a.id, v, before.version
            )));
        }
    }
    if before.activity == *a {
        return Ok(false);
    }
    update_row(conn, a, derived, ctx).await?;
    for table in LINK_TABLES {
        sqlx::query(&format!("DELETE FROM {table} WHERE activity_id = ?"))
            .bind(&a.id)
            .execute(&mut *conn)
            .await?;
    }
    write_links(conn, &[a], index).await?;
    audit::append(
        conn,
        ctx,
        ACTIVITY,
        &a.id,
        action,
        Some(&serde_json::to_value(&before.activity)?),
        Some(&serde_json::to_value(a)?),
    )
    .await?;
    Ok(true)
}

async fn bump_version(conn: &mut SqliteConnection, id: &str, ctx: &AuditContext) -> Result<(), StoreError> {
    sqlx::query("UPDATE activities SET version = version + 1, updated_at = ? WHERE id = ?")
        .bind(ctx.at_text())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// One row of the register table, read without the link tables except transfer countries.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryRow {
    pub id: String,
    pub name: String,
    pub department: String,
    pub owner: String,
    pub role: Role,
    pub status: ActivityStatus,
    pub lawful_bases: Vec<LawfulBasis>,
    pub score: u32,
    pub next_review: Option<NaiveDate>,
    pub transfer_countries: Vec<String>,
    pub updated_at: String,
    pub version: u32,
    pub search_text: String,
}

pub async fn summaries(conn: &mut SqliteConnection) -> Result<Vec<SummaryRow>, StoreError> {
    summaries_where(conn, None).await
}

/// The register-table rows of the listed activities only.
pub async fn summaries_of(
    conn: &mut SqliteConnection,
    ids: &[String],
) -> Result<Vec<SummaryRow>, StoreError> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    summaries_where(conn, Some(ids)).await
}

async fn summaries_where(
    conn: &mut SqliteConnection,
    ids: Option<&[String]>,
) -> Result<Vec<SummaryRow>, StoreError> {
    let filter = |column: &str| match ids {
        None => String::new(),
        Some(ids) => {
            let quoted: Vec<String> = ids.iter().map(|i| format!("'{}'", i.replace('\'', "''"))).collect();
            format!(" WHERE {column} IN ({})", quoted.join(","))
        }
    };
    let mut countries: HashMap<String, Vec<String>> = HashMap::new();
    let pairs: Vec<(String, String)> = sqlx::query_as(&format!(
        "SELECT DISTINCT activity_id, country FROM activity_transfers{} ORDER BY activity_id, country",
        filter("activity_id")
    ))
    .fetch_all(&mut *conn)
    .await?;
    for (id, country) in pairs {
        countries.entry(id).or_default().push(country);
    }
    let rows = sqlx::query(&format!(
        "SELECT id, name, department, owner, role, status, lawful_bases, score, next_review, updated_at, version,
                search_text
         FROM activities{} ORDER BY id",
        filter("id")
    ))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            let id: String = r.try_get("id")?;
            let next_review: Option<String> = r.try_get("next_review")?;
            Ok(SummaryRow {
                transfer_countries: countries.remove(&id).unwrap_or_default(),
                id,
                name: r.try_get("name")?,
                department: r.try_get("department")?,
                owner: r.try_get("owner")?,
                role: parse_code(&r.try_get::<String, _>("role")?)?,
                status: parse_code(&r.try_get::<String, _>("status")?)?,
                lawful_bases: serde_json::from_str(&r.try_get::<String, _>("lawful_bases")?)?,
                score: r.try_get::<i64, _>("score")? as u32,
                next_review: next_review.and_then(|d| d.parse().ok()),
                updated_at: r.try_get("updated_at")?,
                version: r.try_get::<i64, _>("version")? as u32,
                search_text: r.try_get("search_text")?,
            })
        })
        .collect()
}

/// Whether any stored score was computed before `today` (review dates make scores age).
pub async fn scores_stale(conn: &mut SqliteConnection, today: NaiveDate) -> Result<bool, StoreError> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM activities WHERE scored_on <> ? LIMIT 1")
        .bind(today.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    Ok(found.is_some())
}

/// Stores recomputed derived columns (scores are not register content: no audit entry).
pub async fn set_derived(conn: &mut SqliteConnection, rows: &[(String, Derived)]) -> Result<(), StoreError> {
    for (id, d) in rows {
        sqlx::query("UPDATE activities SET score = ?, scored_on = ?, search_text = ? WHERE id = ?")
            .bind(d.score as i64)
            .bind(d.scored_on.to_string())
            .bind(&d.search_text)
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// The departments in use, for filters.
pub async fn departments(conn: &mut SqliteConnection) -> Result<Vec<String>, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT department FROM activities WHERE department <> '' ORDER BY department",
    )
    .fetch_all(&mut *conn)
    .await?)
}
