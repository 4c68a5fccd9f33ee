//! The API of DPO Cockpit: the one set of operations that the `cockpit` CLI and the Tauri desktop shell
//! both adapt. It validates, scores and orchestrates; the SQL is in `cockpit-store`, the rules in
//! `cockpit-domain`.
//!
//! Every method returns [`ApiError`], whose `code` the UI branches on. Internal failures are logged with
//! a log id and reach callers as "internal error (log id …)", never with register content.

pub mod backups;
pub mod deadline;
pub mod dto;
pub mod io;
pub mod letters;
pub mod logging;
pub mod query;
pub mod reminders;
pub mod reports;
pub mod requests;
pub mod retention;
pub mod security;

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use cockpit_domain::completeness::{check_activity, Completeness};
use cockpit_domain::diff::diff;
use cockpit_domain::validate::{self, FieldError};
use cockpit_domain::*;
use cockpit_store::register::{self as reg, Derived, Saved};
use cockpit_store::{audit, AsConn, AuditContext, Store, StoreError};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

pub use cockpit_deadline::{DeadlineAnswer, DeadlineQuery};
pub use cockpit_demo::DemoLanguage;
pub use dto::*;

/// The API's error: what the UI receives.
pub type Result<T> = std::result::Result<T, ApiError>;

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message)?;
        for e in &self.fields {
            write!(f, "\n  {}: {}", e.field, e.message)?;
        }
        for e in &self.rows {
            write!(f, "\n  {}", io::describe(e))?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError { code, message: message.into(), fields: vec![], rows: vec![] }
    }

    pub fn validation(fields: Vec<FieldError>) -> Self {
        let n = fields.len();
        ApiError {
            code: ErrorCode::Validation,
            message: format!("{n} field{} must be corrected", if n == 1 { "" } else { "s" }),
            fields,
            rows: vec![],
        }
    }

    pub fn not_found(what: impl Into<String>) -> Self {
        ApiError::new(ErrorCode::NotFound, format!("{} not found", what.into()))
    }

    pub fn import(rows: Vec<ImportError>) -> Self {
        let n = rows.len();
        ApiError {
            code: ErrorCode::Import,
            message: format!(
                "the import was refused: {n} problem{} found; nothing was changed",
                if n == 1 { "" } else { "s" }
            ),
            fields: vec![],
            rows,
        }
    }
}

static LOG_ID: AtomicU64 = AtomicU64::new(1);

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => ApiError::not_found(what),
            StoreError::Conflict(msg) => ApiError::new(ErrorCode::Conflict, msg),
            StoreError::Stale(msg) => ApiError::new(ErrorCode::Stale, msg),
            StoreError::Locked { .. } => ApiError::new(ErrorCode::Locked, e.to_string()),
            StoreError::WrongPassphrase { .. } => ApiError::new(ErrorCode::WrongPassphrase, e.to_string()),
            StoreError::TooNew { .. } | StoreError::Open { .. } => {
                ApiError::new(ErrorCode::Internal, e.to_string())
            }
            other => {
                let id = format!("E{}-{}", std::process::id(), LOG_ID.fetch_add(1, Ordering::Relaxed));
                // Store errors name tables and columns, never register values.
                tracing::error!(log_id = %id, error = %other, "internal storage error");
                ApiError::new(ErrorCode::Internal, format!("internal error (log id {id}): {other}"))
            }
        }
    }
}

/// Facts about the running application, for Settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct AppInfo {
    pub version: String,
    pub db_path: String,
    pub schema_version: u32,
    pub actor: String,
    /// Whether the database file is encrypted (SQLCipher), and how its key is derived.
    pub encrypted: bool,
    pub key_derivation: String,
}

/// The open cockpit: a store, a clock and the acting user.
#[derive(Clone)]
pub struct Cockpit {
    store: Store,
    clock: Arc<dyn Clock>,
    actor: String,
    /// Register-table rows keyed by (audit head, date): see `current_summaries`.
    summaries: Arc<std::sync::Mutex<Option<SummaryCache>>>,
    /// Held while the rows are loaded: callers that miss the cache at the same time (the desktop's
    /// start-up warm-up and the first screen's query) load them once.
    summaries_load: Arc<tokio::sync::Mutex<()>>,
    /// Where datastore passwords are kept (the OS keyring).
    secrets: Arc<dyn cockpit_connect::secrets::SecretStore>,
    /// The passphrase the database was opened with: automatic backups are encrypted with it. It is in
    /// memory as long as the derived key is (SQLCipher holds that), and is zeroed when dropped.
    passphrase: Option<security::Passphrase>,
}

type SummaryCache = (i64, NaiveDate, Arc<Vec<reg::SummaryRow>>);

impl std::fmt::Debug for Cockpit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cockpit").field("store", &self.store).field("actor", &self.actor).finish()
    }
}

/// The operating-system user, recorded as the actor of every change.
pub fn os_user() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "unknown".to_string())
}

/// Where the database lives when neither `--db` nor `COCKPIT_DB` says otherwise: the OS application
/// data folder (`$XDG_DATA_HOME/dpo-cockpit` on Linux, `~/Library/Application Support/…` on macOS,
/// `%APPDATA%\…` on Windows).
pub fn default_db_path() -> PathBuf {
    let base = if cfg!(target_os = "windows") {
        std::env::var_os("APPDATA").map(PathBuf::from)
    } else if cfg!(target_os = "macos") {
        std::env::var_os("HOME").map(|h| PathBuf::from(h).join("Library/Application Support"))
    } else {
        std::env::var_os("XDG_DATA_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
    };
    base.unwrap_or_else(|| PathBuf::from(".")).join("dpo-cockpit").join("cockpit.db")
}

fn lowercase_search_text(a: &Activity) -> String {
    let mut s = String::new();
    for part in [&a.id, &a.name, &a.description, &a.department, &a.owner] {
        s.push_str(&part.to_lowercase());
        s.push('\n');
    }
    for p in &a.purposes {
        s.push_str(&p.to_lowercase());
        s.push('\n');
    }
    s
}

/// The derived columns stored beside an activity: its score today and its search text.
pub(crate) fn derived(a: &Activity, vocab: &Register, today: NaiveDate) -> Derived {
    Derived {
        score: check_activity(a, vocab, today).score,
        scored_on: today,
        search_text: lowercase_search_text(a),
    }
}

/// What every save of one activity does before writing: validate it against the vocabularies, spell its
/// references as the vocabularies do, and compute its derived columns.
async fn prepare(
    tx: &mut cockpit_store::Tx,
    a: &mut Activity,
    today: NaiveDate,
) -> Result<(Derived, reg::VocabIndex)> {
    let vocab = reg::load_vocabularies(tx).await?;
    let errors = validate::validate_activity(a, &vocab);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    validate::canonicalise_references(a, &vocab);
    Ok((derived(a, &vocab, today), reg::VocabIndex::load(tx).await?))
}

impl Cockpit {
    /// Opens the database at `path` (creating it when missing) with the system clock and OS user.
    pub async fn open(path: &Path) -> Result<Cockpit> {
        Self::open_with(path, Arc::new(SystemClock), os_user()).await
    }

    pub async fn open_with(path: &Path, clock: Arc<dyn Clock>, actor: String) -> Result<Cockpit> {
        Self::open_with_passphrase(path, clock, actor, None).await
    }

    /// Opens the database at `path`: a missing one is created (encrypted when a passphrase is given),
    /// an encrypted one needs its passphrase (`ErrorCode::Locked` without, `WrongPassphrase` with a
    /// wrong one), a plain one opens as it is.
    pub async fn open_with_passphrase(
        path: &Path,
        clock: Arc<dyn Clock>,
        actor: String,
        passphrase: Option<&security::Passphrase>,
    ) -> Result<Cockpit> {
        let store = Store::open_with(path, passphrase).await?;
        Ok(Cockpit {
            store,
            clock,
            actor,
            summaries: Arc::default(),
            summaries_load: Arc::default(),
            secrets: Arc::new(cockpit_connect::secrets::OsSecrets),
            passphrase: passphrase.cloned(),
        })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub async fn close(&self) {
        self.store.close().await;
    }

    fn ctx(&self) -> AuditContext {
        AuditContext { actor: self.actor.clone(), at: self.clock.now() }
    }

    pub async fn app_info(&self) -> Result<AppInfo> {
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_string(),
            db_path: self.store.path().display().to_string(),
            schema_version: self.store.schema_version().await? as u32,
            actor: self.actor.clone(),
            encrypted: self.store.is_encrypted(),
            key_derivation: if self.store.is_encrypted() {
                format!("SQLCipher 4 (AES-256, HMAC-SHA512 per page); key: {}", security::KDF_DESCRIPTION)
            } else {
                String::new()
            },
        })
    }

    /// The organisation's time zone (its main establishment's, else the first's, else UTC).
    async fn time_zone(&self) -> Result<chrono_tz::Tz> {
        let mut c = self.store.read().await?;
        let org = reg::load_organisation(c.conn()).await?;
        Ok(org
            .and_then(|o| {
                o.establishments
                    .iter()
                    .find(|e| e.main)
                    .or(o.establishments.first())
                    .map(|e| e.timezone.clone())
            })
            .and_then(|tz| tz.parse().ok())
            .unwrap_or(chrono_tz::UTC))
    }

    /// Today's date where the organisation is.
    pub async fn today(&self) -> Result<NaiveDate> {
        let tz = self.time_zone().await?;
        Ok(self.clock.now().with_timezone(&tz).date_naive())
    }

    /// The end of `date` in the organisation's time zone, as the UTC text the audit trail sorts by.
    async fn end_of_day(&self, date: NaiveDate) -> Result<String> {
        let tz = self.time_zone().await?;
        let next = date.succ_opt().unwrap_or(date).and_time(NaiveTime::MIN);
        let local = tz.from_local_datetime(&next).earliest().unwrap_or_else(|| tz.from_utc_datetime(&next));
        let end: DateTime<Utc> = local.with_timezone(&Utc) - chrono::Duration::microseconds(1);
        Ok(audit::timestamp(end))
    }

    // -----------------------------------------------------------------------------------------------
    // Organisation and vocabularies

    pub async fn organisation(&self) -> Result<Option<Organisation>> {
        let mut c = self.store.read().await?;
        Ok(reg::load_organisation(c.conn()).await?)
    }

    pub async fn set_organisation(&self, org: Organisation) -> Result<Organisation> {
        let errors = validate::validate_organisation(&org);
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        let holidays = |o: &Organisation| -> Vec<(String, Vec<cockpit_deadline::LocalHoliday>)> {
            o.establishments.iter().map(|e| (e.name.to_lowercase(), e.local_holidays.clone())).collect()
        };
        let before = self.organisation().await?.map(|o| holidays(&o)).unwrap_or_default();
        let ctx = self.ctx();
        let mut tx = self.store.begin().await?;
        reg::save_organisation(&mut tx, &ctx, &org).await?;
        tx.commit().await.map_err(StoreError::from)?;
        if holidays(&org) != before {
            // Local holidays move deadlines: the request list's dates must follow at once.
            self.refresh_request_dates().await?;
        }
        Ok(org)
    }

    pub async fn vocabularies(&self) -> Result<Vocabularies> {
        let mut c = self.store.read().await?;
        let r = reg::load_vocabularies(c.conn()).await?;
        Ok(Vocabularies {
            data_subject_categories: r.data_subject_categories,
            data_categories: r.data_categories,
            recipients: r.recipients,
            systems: r.systems,
            measures: r.measures,
            parties: r.parties,
            departments: reg::departments(c.conn()).await?,
        })
    }

    /// Creates (`original_name` None) or updates a vocabulary entry.
    pub async fn save_vocabulary_entry(
        &self,
        entry: VocabularyEntry,
        original_name: Option<String>,
    ) -> Result<VocabularyEntry> {
        let errors = validate::validate_entry(&entry);
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        let ctx = self.ctx();
        let mut tx = self.store.begin().await?;
        let (saved, _affected) =
            reg::save_vocabulary_entry(&mut tx, &ctx, &entry, original_name.as_deref()).await?;
        tx.commit().await.map_err(StoreError::from)?;
        if saved != Saved::Unchanged {
            // Kinds and countries of vocabulary entries feed the completeness rules.
            self.rescore_all().await?;
        }
        Ok(entry)
    }

    pub async fn delete_vocabulary_entry(&self, kind: VocabularyKind, name: String) -> Result<()> {
        let ctx = self.ctx();
        let mut tx = self.store.begin().await?;
        reg::delete_vocabulary_entry(&mut tx, &ctx, kind, &name).await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(())
    }

    // -----------------------------------------------------------------------------------------------
    // Activities

    /// Recomputes every stored completeness score (after a vocabulary change, or when the date moved).
    pub async fn rescore_all(&self) -> Result<()> {
        let today = self.today().await?;
        let mut tx = self.store.begin().await?;
        let vocab = reg::load_vocabularies(&mut tx).await?;
        let all = reg::load_activities(&mut tx, None).await?;
        let rows: Vec<(String, Derived)> =
            all.iter().map(|s| (s.activity.id.clone(), derived(&s.activity, &vocab, today))).collect();
        reg::set_derived(&mut tx, &rows).await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(())
    }

    /// The register table: live, or as it stood at the end of `as_of`.
    pub async fn list_activities(&self, q: ActivityQuery, as_of: Option<NaiveDate>) -> Result<ActivityPage> {
        match as_of {
            None => Ok(query::apply(&self.current_summaries().await?, &q)),
            Some(date) => {
                let register = self.register(Some(date)).await?;
                Ok(query::apply(&query::summaries_of(&register, date), &q))
            }
        }
    }

    /// The register table's rows, from the cache while the register (identified by the audit trail's
    /// head, which moves with every change, from any process) and the date are unchanged.
    async fn current_summaries(&self) -> Result<Arc<Vec<reg::SummaryRow>>> {
        let today = self.today().await?;
        let head = {
            let mut c = self.store.read().await?;
            audit::head_seq(c.conn()).await?
        };
        if let Some(rows) = self.cached_summaries(head, today) {
            return Ok(rows);
        }
        let _loading = self.summaries_load.lock().await;
        if let Some(rows) = self.cached_summaries(head, today) {
            return Ok(rows);
        }
        let stale = {
            let mut c = self.store.read().await?;
            reg::scores_stale(c.conn(), today).await?
        };
        if stale {
            self.rescore_all().await?;
        }
        let rows = {
            let mut c = self.store.read().await?;
            Arc::new(reg::summaries(c.conn()).await?)
        };
        *self.summaries.lock().unwrap_or_else(|e| e.into_inner()) = Some((head, today, rows.clone()));
        Ok(rows)
    }

    /// The cached rows, when they are those of audit head `head` on `today`.
    fn cached_summaries(&self, head: i64, today: NaiveDate) -> Option<Arc<Vec<reg::SummaryRow>>> {
        let guard = self.summaries.lock().unwrap_or_else(|e| e.into_inner());
        guard.as_ref().filter(|(h, day, _)| *h == head && *day == today).map(|(_, _, rows)| rows.clone())
    }

    /// Loads the register table's rows (rescoring first when the date has moved on since the scores
    /// were computed), so that the first screen finds them ready. The desktop runs it while its window
    /// starts; a screen that asks meanwhile waits for this load instead of making its own.
    pub async fn warm_up(&self) -> Result<()> {
        self.current_summaries().await.map(|_| ())
    }

    /// After one activity was written: when the cached rows were those of the state just before this
    /// write, replace that activity's row instead of dropping the cache, so the first query after an
    /// edit stays fast. Anything else (another process wrote too) leaves the cache to be reloaded.
    async fn patch_summaries(
        &self,
        head_before: i64,
        head_after: i64,
        today: NaiveDate,
        id: &str,
    ) -> Result<()> {
        let current = {
            let guard = self.summaries.lock().unwrap_or_else(|e| e.into_inner());
            match guard.as_ref() {
                Some((head, day, rows)) if *head == head_before && *day == today => rows.clone(),
                _ => return Ok(()),
            }
        };
        let fresh = {
            let mut c = self.store.read().await?;
            reg::summaries_of(c.conn(), &[id.to_string()]).await?
        };
        let mut rows: Vec<reg::SummaryRow> = current.as_ref().clone();
        for row in fresh {
            match rows.binary_search_by(|r| r.id.as_str().cmp(row.id.as_str())) {
                Ok(i) => rows[i] = row,
                Err(i) => rows.insert(i, row),
            }
        }
        let mut guard = self.summaries.lock().unwrap_or_else(|e| e.into_inner());
        if guard.as_ref().is_some_and(|(head, _, _)| *head == head_before) {
            *guard = Some((head_after, today, Arc::new(rows)));
        }
        Ok(())
    }

    pub async fn get_activity(&self, id: &str) -> Result<ActivityDetail> {
        let today = self.today().await?;
        let mut c = self.store.read().await?;
        let s = reg::load_activity(c.conn(), id)
            .await?
            .ok_or_else(|| ApiError::not_found(format!("activity {id}")))?;
        let vocab = reg::load_vocabularies(c.conn()).await?;
        Ok(ActivityDetail {
            completeness: check_activity(&s.activity, &vocab, today),
            activity: s.activity,
            version: s.version,
            created_at: s.created_at,
            updated_at: s.updated_at,
        })
    }

    /// Completeness of an activity that may not be saved yet (the form's live panel).
    pub async fn check_unsaved(&self, a: &Activity) -> Result<Completeness> {
        let today = self.today().await?;
        let mut c = self.store.read().await?;
        let vocab = reg::load_vocabularies(c.conn()).await?;
        Ok(check_activity(a, &vocab, today))
    }

    /// Completeness of one stored activity, or of all of them.
    pub async fn check_stored(&self, id: Option<&str>) -> Result<Vec<Completeness>> {
        let today = self.today().await?;
        let mut c = self.store.read().await?;
        let vocab = reg::load_vocabularies(c.conn()).await?;
        let list = match id {
            Some(id) => vec![reg::load_activity(c.conn(), id)
                .await?
                .ok_or_else(|| ApiError::not_found(format!("activity {id}")))?],
            None => reg::load_activities(c.conn(), None).await?,
        };
        Ok(list.iter().map(|s| check_activity(&s.activity, &vocab, today)).collect())
    }

    /// Creates an activity. An empty id gets the next "PA-NNNN".
    pub async fn create_activity(&self, mut a: Activity) -> Result<ActivityDetail> {
        let today = self.today().await?;
        let ctx = self.ctx();
        let mut tx = self.store.begin().await?;
        if a.id.trim().is_empty() {
            a.id = format!("PA-{:04}", reg::next_activity_number(&mut tx).await?);
        }
        let (derived, index) = prepare(&mut tx, &mut a, today).await?;
        let head_before = audit::head_seq(&mut tx).await?;
        reg::insert_activity(&mut tx, &ctx, &index, &a, &derived, "create").await?;
        let head_after = audit::head_seq(&mut tx).await?;
        tx.commit().await.map_err(StoreError::from)?;
        self.patch_summaries(head_before, head_after, today, &a.id).await?;
        self.get_activity(&a.id).await
    }

    /// Saves an edited activity; `expected_version` guards against overwriting someone else's change.
    pub async fn update_activity(
        &self,
        a: Activity,
        expected_version: Option<u32>,
    ) -> Result<ActivityDetail> {
        self.save_existing(a, expected_version, "update").await
    }

    async fn save_existing(
        &self,
        mut a: Activity,
        expected_version: Option<u32>,
        action: &str,
    ) -> Result<ActivityDetail> {
        let today = self.today().await?;
        let ctx = self.ctx();
        let mut tx = self.store.begin().await?;
        let (derived, index) = prepare(&mut tx, &mut a, today).await?;
        let head_before = audit::head_seq(&mut tx).await?;
        reg::update_activity(&mut tx, &ctx, &index, &a, &derived, expected_version, action).await?;
        let head_after = audit::head_seq(&mut tx).await?;
        tx.commit().await.map_err(StoreError::from)?;
        self.patch_summaries(head_before, head_after, today, &a.id).await?;
        self.get_activity(&a.id).await
    }

    /// Marks an activity retired. Activities are never deleted: the record must show what was done.
    pub async fn retire_activity(&self, id: &str) -> Result<ActivityDetail> {
        let mut a = self.get_activity(id).await?.activity;
        if a.status == ActivityStatus::Retired {
            return Err(ApiError::new(ErrorCode::Conflict, format!("activity {id} is already retired")));
        }
        a.status = ActivityStatus::Retired;
        self.save_existing(a, None, "retire").await
    }

    /// Every version of an activity, oldest first, each with its changes.
    pub async fn activity_history(&self, id: &str) -> Result<Vec<ActivityVersion>> {
        let mut c = self.store.read().await?;
        let entries = audit::object_entries(c.conn(), reg::ACTIVITY, id).await?;
        if entries.is_empty() {
            return Err(ApiError::not_found(format!("activity {id}")));
        }
        let mut out = Vec::new();
        let mut prev = serde_json::Value::Null;
        for (i, e) in entries.iter().enumerate() {
            let Some(after) = &e.after else { continue };
            let after: serde_json::Value = serde_json::from_str(after).map_err(StoreError::from)?;
            let snapshot: Activity = serde_json::from_value(after.clone()).map_err(StoreError::from)?;
            out.push(ActivityVersion {
                version: i as u32 + 1,
                seq: e.seq as u32,
                at: e.at.clone(),
                actor: e.actor.clone(),
                action: e.action.clone(),
                changes: diff(&prev, &after),
                snapshot,
            });
            prev = after;
        }
        Ok(out)
    }

    // -----------------------------------------------------------------------------------------------
    // The register as a whole

    /// The whole register, now or as it stood at the end of `as_of` (organisation's time zone).
    pub async fn register(&self, as_of: Option<NaiveDate>) -> Result<Register> {
        let mut r = match as_of {
            None => {
                let mut c = self.store.read().await?;
                let mut r = reg::load_vocabularies(c.conn()).await?;
                r.organisation = reg::load_organisation(c.conn()).await?;
                r.activities =
                    reg::load_activities(c.conn(), None).await?.into_iter().map(|s| s.activity).collect();
                r
            }
            Some(date) => {
                let until = self.end_of_day(date).await?;
                let mut c = self.store.read().await?;
                let mut types: Vec<&str> = VocabularyKind::ALL.iter().map(|k| k.as_str()).collect();
                types.push(reg::ORGANISATION);
                types.push(reg::ACTIVITY);
                let states = audit::states_as_of(c.conn(), &types, &until).await?;
                let mut r = Register::default();
                for (t, _id, json) in states {
                    if t == reg::ORGANISATION {
                        r.organisation = Some(serde_json::from_str(&json).map_err(StoreError::from)?);
                    } else if t == reg::ACTIVITY {
                        r.activities.push(serde_json::from_str(&json).map_err(StoreError::from)?);
                    } else if let Some(kind) = VocabularyKind::ALL.iter().find(|k| k.as_str() == t) {
                        let tagged = serde_json::json!({"kind": kind.as_str(), "entry": serde_json::from_str::<serde_json::Value>(&json).map_err(StoreError::from)?});
                        let e: VocabularyEntry = serde_json::from_value(tagged).map_err(StoreError::from)?;
                        reg::push_entry(&mut r, e);
                    }
                }
                r
            }
        };
        r.normalise();
        Ok(r)
    }

    pub async fn dashboard(&self) -> Result<Dashboard> {
        let today = self.today().await?;
        let rows = self.current_summaries().await?;
        let org = self.organisation().await?;
        Ok(query::dashboard(&rows, org.as_ref(), today))
    }

    // -----------------------------------------------------------------------------------------------
    // Audit

    pub async fn audit_log(&self, q: AuditQuery) -> Result<Vec<AuditEntry>> {
        let mut c = self.store.read().await?;
        let rows = audit::list(
            c.conn(),
            q.object_type.as_deref(),
            q.object_id.as_deref(),
            q.before_seq.map(i64::from),
            q.limit.unwrap_or(200).min(10_000) as i64,
        )
        .await?;
        Ok(rows
            .into_iter()
            .map(|e| AuditEntry {
                seq: e.seq as u32,
                at: e.at,
                actor: e.actor,
                object_type: e.object_type,
                object_id: e.object_id,
                action: e.action,
                before: e.before.and_then(|b| serde_json::from_str(&b).ok()),
                after: e.after.and_then(|a| serde_json::from_str(&a).ok()),
                prev_hash: e.prev_hash,
                hash: e.hash,
            })
            .collect())
    }

    /// Recomputes the hash chain and compares the stored register with the trail's last states.
    pub async fn verify_audit(&self) -> Result<AuditVerification> {
        let check = {
            let mut c = self.store.read().await?;
            audit::verify(c.conn()).await?
        };
        let mismatches = if check.broken.is_none() { self.register_mismatches().await? } else { vec![] };
        Ok(AuditVerification {
            ok: check.broken.is_none() && mismatches.is_empty(),
            entries: check.entries as u32,
            head_hash: check.head_hash,
            first_broken_seq: check.broken.as_ref().map(|(s, _)| *s as u32),
            problem: check.broken.map(|(_, why)| why).or_else(|| {
                (!mismatches.is_empty()).then(|| "the register differs from its audit trail".to_string())
            }),
            register_mismatches: mismatches,
        })
    }

    /// Objects whose current stored state is not the last state the trail recorded for them: the sign
    /// of an edit made to the database behind the application's back.
    async fn register_mismatches(&self) -> Result<Vec<String>> {
        let mut out = Vec::new();
        let mut c = self.store.read().await?;
        let canon = |v: &serde_json::Value| audit::canonical_json(v);
        // Activities.
        let stored = reg::load_activities(c.conn(), None).await?;
        let trail = audit::latest_states(c.conn(), reg::ACTIVITY).await?;
        let mut trail_map: std::collections::HashMap<String, Option<String>> = trail.into_iter().collect();
        for s in &stored {
            let now = canon(&serde_json::to_value(&s.activity).map_err(StoreError::from)?);
            match trail_map.remove(&s.activity.id) {
                Some(Some(t)) if t == now => {}
                Some(_) => {
                    out.push(format!("activity {} differs from its last audited version", s.activity.id))
                }
                None => out.push(format!("activity {} has no audit entry", s.activity.id)),
            }
        }
        for (id, state) in trail_map {
            if state.is_some() {
                out.push(format!("activity {id} is in the audit trail but missing from the register"));
            }
        }
        // Vocabularies.
        for kind in VocabularyKind::ALL {
            let stored = reg::load_vocabulary(c.conn(), kind).await?;
            let trail: std::collections::HashMap<String, Option<String>> =
                audit::latest_states(c.conn(), kind.as_str()).await?.into_iter().collect();
            for (id, e) in &stored {
                let json = serde_json::to_value(e).map_err(StoreError::from)?;
                let now = canon(json.get("entry").unwrap_or(&serde_json::Value::Null));
                match trail.get(&id.to_string()) {
                    Some(Some(t)) if *t == now => {}
                    _ => out.push(format!("{} #{id} differs from its last audited version", kind.as_str())),
                }
            }
            let live = trail.values().filter(|v| v.is_some()).count();
            if live != stored.len() {
                out.push(format!(
                    "{}: the trail records {live} entries, the register holds {}",
                    kind.as_str(),
                    stored.len()
                ));
            }
        }
        // Organisation.
        let org = reg::load_organisation(c.conn()).await?;
        let trail = audit::latest_states(c.conn(), reg::ORGANISATION).await?;
        let last = trail.into_iter().next().and_then(|(_, s)| s);
        let now =
            org.map(|o| serde_json::to_value(o).map(|v| canon(&v))).transpose().map_err(StoreError::from)?;
        if last != now {
            out.push("the organisation profile differs from its last audited version".to_string());
        }
        // Datastores, retention rules and legal holds.
        for (kind, id, state) in cockpit_store::retention::audited_states(c.conn()).await? {
            let trail = audit::object_entries(c.conn(), kind, &id).await?;
            let last = trail.last().and_then(|e| e.after.clone());
            if last.as_deref() != Some(canon(&state).as_str()) {
                out.push(format!("{kind} {id} differs from its last audited version"));
            }
        }
        // Data-subject requests: the stored document (request and events) must be the last audited one.
        let stored = cockpit_store::request::load_all(c.conn()).await?;
        let mut trail: std::collections::HashMap<String, Option<String>> =
            audit::latest_states(c.conn(), cockpit_store::request::REQUEST).await?.into_iter().collect();
        for r in &stored {
            let now = canon(&serde_json::to_value(r).map_err(StoreError::from)?);
            match trail.remove(&r.id) {
                Some(Some(t)) if t == now => {}
                Some(_) => out.push(format!("request {} differs from its last audited version", r.id)),
                None => out.push(format!("request {} has no audit entry", r.id)),
            }
        }
        for (id, state) in trail {
            if state.is_some() {
                out.push(format!("request {id} is in the audit trail but missing from the database"));
            }
        }
        drop(c);
        // Imported report-signing certificates.
        out.extend(self.signing_certificate_mismatches().await?);
        Ok(out)
    }

    // -----------------------------------------------------------------------------------------------
    // Initialisation and demo data

    /// Prepares the database; with `demo`, loads the demonstration register into an empty one.
    /// Returns the number of activities loaded.
    pub async fn init(&self, demo: Option<DemoLanguage>) -> Result<u32> {
        let Some(lang) = demo else { return Ok(0) };
        let empty = {
            let mut c = self.store.read().await?;
            reg::summaries(c.conn()).await?.is_empty() && reg::load_organisation(c.conn()).await?.is_none()
        };
        if !empty {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                "the database already holds a register; demo data are only loaded into an empty database",
            ));
        }
        let today = self.today().await?;
        let register = cockpit_demo::demo_register(lang, today);
        let summary = self.apply_import(register).await?;
        Ok(summary.activities_created)
    }
}

/// A completeness report as text, for the CLI.
pub fn completeness_text(c: &Completeness) -> String {
    let mut s = format!("  Completeness {}/100", c.score);
    if c.findings.is_empty() {
        s.push_str(": nothing missing\n");
        return s;
    }
    s.push('\n');
    for f in &c.findings {
        let sev = match f.severity {
            cockpit_domain::completeness::Severity::Missing => "MISSING",
            cockpit_domain::completeness::Severity::Weak => "weak   ",
        };
        s.push_str(&format!("    {sev} {} [{}] ({})\n", f.message, f.reference, f.field));
    }
    s
}
