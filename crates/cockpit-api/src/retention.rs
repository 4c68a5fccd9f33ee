//! Retention: datastores, rules, legal holds, plans and approvals, runs with crash-safe progress,
//! evidence and certificates, and the scheduler. The executor is `cockpit-retention`; this module
//! orchestrates it over the store, the clock and the audit trail.
//!
//! Invariants:
//! - A rule's run needs the approval of the plan of its current version (first run, and after every
//!   change). The approval and the plan shown are audited.
//! - The cutoff is fixed when a run starts; a resumed run keeps it and the rule as it was started.
//! - At most one unfinished run per rule (a unique index), owned by one process through a lease; a
//!   run whose process died is taken over by the next `run` (or the scheduler).
//! - The run's closing audit entry carries its digest; certificates recompute it from the batches.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use cockpit_connect::secrets::SecretStore;
use cockpit_connect::{split_secret, Connection, DatastoreConfig, DatastoreKind};
use cockpit_domain::retention::*;
use cockpit_retention::{BatchDone, BatchIntent, HashKey, Journal, Key, Progress, RetentionError};
use cockpit_store::retention::{self as st, BatchRow, DatastoreRow, RunRow};
use cockpit_store::{audit, AsConn, StoreError};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::sync::Arc;
use std::time::Instant;

use crate::{ApiError, Cockpit, ErrorCode, Result};

// The types the retention functions return, for adapters that do not depend on the crates below.
pub use cockpit_connect::{Catalog, ColumnInfo, ColumnKind, ConnectionTest, TableInfo};
pub use cockpit_retention::{Plan, TimeComparison};
pub use cockpit_store::retention::{BatchRow as RunBatch, DatastoreRow as Datastore, RunRow as Run};

impl From<RetentionError> for ApiError {
    fn from(e: RetentionError) -> Self {
        match e {
            RetentionError::Invalid(m) => ApiError::new(ErrorCode::Validation, m),
            RetentionError::Connect(c) => ApiError::new(ErrorCode::Validation, c.to_string()),
            other => ApiError::new(ErrorCode::Internal, other.to_string()),
        }
    }
}

impl From<cockpit_connect::ConnectError> for ApiError {
    fn from(e: cockpit_connect::ConnectError) -> Self {
        ApiError::new(ErrorCode::Validation, e.to_string())
    }
}

fn invalid(m: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::Validation, m)
}

/// A rule with its state: version, approval, schedule, last run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RuleInfo {
    pub rule: RetentionRule,
    pub version: u32,
    /// The plan of this version was approved.
    pub approved: bool,
    pub approved_at: Option<String>,
    pub approved_by: Option<String>,
    pub next_run: Option<DateTime<Utc>>,
    pub last_run: Option<RunRow>,
}

/// A plan with the rule version it belongs to and whether that version is approved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PlanInfo {
    #[serde(flatten)]
    pub plan: Plan,
    pub version: u32,
    pub approved: bool,
    pub period: String,
    pub action: String,
}

/// The evidence of one run, with its digest recomputed from the batches and compared with the audit
/// trail's closing entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RunCertificate {
    pub run: RunRow,
    pub rule: RetentionRule,
    pub datastore: DatastoreRow,
    pub activity_name: Option<String>,
    pub batches: Vec<BatchRow>,
    pub recomputed_digest: String,
    pub audited_digest: Option<String>,
    /// The batches, the run row and the audit entry agree.
    pub evidence_consistent: bool,
    pub audit_chain_ok: bool,
    pub audit_head: String,
}

/// What the scheduler did with one rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ScheduledOutcome {
    pub rule: String,
    pub slot: Option<DateTime<Utc>>,
    /// `ran`, `resumed`, `skipped` (with the reason in `message`) or `failed`.
    pub outcome: String,
    pub message: String,
    pub run: Option<RunRow>,
}

/// The process identity that owns a run's lease.
fn lease_owner() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .or_else(|_| std::env::var("HOSTNAME"))
        .or_else(|_| std::env::var("COMPUTERNAME"))
        .unwrap_or_else(|_| "localhost".into());
    let mut nonce = [0u8; 4];
    let _ = getrandom::fill(&mut nonce);
    format!("{host}:{}:{}", std::process::id(), hex::encode(nonce))
}

/// Whether the process that owns a lease is certainly gone (same host, no such process), so its run
/// can be taken over without waiting for the lease to expire.
fn owner_is_dead(owner: &str) -> bool {
    let mut parts = owner.rsplitn(3, ':');
    let (_nonce, pid, host) = (parts.next(), parts.next(), parts.next());
    let this_host = lease_owner();
    let this_host = this_host.rsplitn(3, ':').nth(2).unwrap_or_default().to_string();
    match (host, pid.and_then(|p| p.parse::<u32>().ok())) {
        (Some(h), Some(pid)) if h == this_host && cfg!(target_os = "linux") => {
            pid != std::process::id() && !std::path::Path::new(&format!("/proc/{pid}")).exists()
        }
        _ => false,
    }
}

const LEASE_SECONDS: i64 = 60;

impl Cockpit {
    fn secrets(&self) -> Arc<dyn SecretStore> {
        self.secrets.clone()
    }

    /// Replaces the secret store (tests use an in-memory one).
    pub fn with_secrets(mut self, s: Arc<dyn SecretStore>) -> Cockpit {
        self.secrets = s;
        self
    }

    // ---------------------------------------------------------------------------------------------
    // Datastores

    /// Adds a datastore after a successful connection test. A password given in the URL or as
    /// `password` goes to the OS keyring; the stored URL never has one.
    pub async fn add_datastore(
        &self,
        name: &str,
        kind: &str,
        url: &str,
        password: Option<String>,
    ) -> Result<(DatastoreRow, ConnectionTest)> {
        validate_name("datastore", name).map_err(|e| invalid(e.to_string()))?;
        let kind: DatastoreKind = kind.parse()?;
        let (clean, in_url) = split_secret(kind, url)?;
        let password = password.filter(|p| !p.is_empty()).or(in_url);
        if password.is_some() && matches!(kind, DatastoreKind::Sqlite | DatastoreKind::Folder) {
            return Err(invalid("SQLite files and folders take no password"));
        }
        let cfg = DatastoreConfig { name: name.to_string(), kind, url: clean.clone() };
        let conn = cockpit_connect::connect(&cfg, password.as_deref()).await?;
        let test = conn.test().await;
        conn.close().await;
        let test = test?;
        let row = DatastoreRow {
            name: name.to_string(),
            kind: kind.code().to_string(),
            url: clean,
            has_secret: password.is_some(),
            created_at: audit::timestamp(self.clock.now()),
        };
        let ctx = self.ctx();
        let mut tx = self.store.begin().await?;
        st::insert_datastore(&mut tx, &ctx, &row).await?;
        if let Some(p) = &password {
            // Stored before the commit: if the keyring refuses, nothing is saved.
            self.secrets().set(name, p)?;
        }
        tx.commit().await.map_err(StoreError::from)?;
        Ok((row, test))
    }

    pub async fn list_datastores(&self) -> Result<Vec<DatastoreRow>> {
        let mut c = self.store.read().await?;
        Ok(st::list_datastores(c.conn()).await?)
    }

    async fn datastore(&self, name: &str) -> Result<DatastoreRow> {
        let mut c = self.store.read().await?;
        st::load_datastore(c.conn(), name)
            .await?
            .ok_or_else(|| ApiError::not_found(format!("datastore '{name}'")))
    }

    async fn open_datastore(&self, row: &DatastoreRow) -> Result<Connection> {
        let kind: DatastoreKind = row.kind.parse()?;
        let password = if row.has_secret {
            let p = self.secrets().get(&row.name)?;
            if p.is_none() {
                return Err(invalid(format!(
                    "the password of datastore '{}' is neither in the OS keyring nor in {}",
                    row.name,
                    cockpit_connect::secrets::env_name(&row.name)
                )));
            }
            p
        } else {
            self.secrets().get(&row.name).ok().flatten()
        };
        let cfg = DatastoreConfig { name: row.name.clone(), kind, url: row.url.clone() };
        Ok(cockpit_connect::connect(&cfg, password.as_deref()).await?)
    }

    /// "Test connection": server version and visible tables.
    pub async fn test_datastore(&self, name: &str) -> Result<ConnectionTest> {
        let row = self.datastore(name).await?;
        let conn = self.open_datastore(&row).await?;
        let t = conn.test().await;
        conn.close().await;
        Ok(t?)
    }

    /// Tables and columns of a datastore, for the rule editor's live validation.
    pub async fn datastore_catalog(&self, name: &str) -> Result<cockpit_connect::Catalog> {
        let row = self.datastore(name).await?;
        let conn = self.open_datastore(&row).await?;
        let c = conn.catalog().await;
        conn.close().await;
        Ok(c?)
    }

    // ---------------------------------------------------------------------------------------------
    // Rules

    /// The organisation's main time zone name (rules default to it).
    pub async fn default_timezone(&self) -> Result<String> {
        Ok(self.time_zone().await?.name().to_string())
    }

    async fn hash_key(&self) -> Result<HashKey> {
        const KEY: &str = "retention.hash_key";
        if let Some(h) = self.store.setting(KEY).await? {
            let bytes = hex::decode(h.trim()).map_err(|_| invalid("stored hash key is not hex"))?;
            let arr: [u8; 32] =
                bytes.try_into().map_err(|_| invalid("stored hash key has the wrong length"))?;
            return Ok(HashKey(arr));
        }
        let mut k = [0u8; 32];
        getrandom::fill(&mut k)
            .map_err(|e| ApiError::new(ErrorCode::Internal, format!("no randomness: {e}")))?;
        self.store.set_setting(KEY, &hex::encode(k)).await?;
        Ok(HashKey(k))
    }

    /// Checks the rule's links to the register (activity, data category).
    async fn check_links(&self, rule: &RetentionRule) -> Result<()> {
        if let Some(id) = &rule.activity {
            let a = self
                .get_activity(id)
                .await
                .map_err(|_| invalid(format!("activity '{id}' is not in the register")))?;
            if let Some(cat) = &rule.data_category {
                if !a.activity.data_categories.iter().any(|c| c.category.eq_ignore_ascii_case(cat)) {
                    let names: Vec<&str> =
                        a.activity.data_categories.iter().map(|c| c.category.as_str()).collect();
                    return Err(invalid(format!(
                        "activity {id} has no data category '{cat}' (it has: {})",
                        names.join(", ")
                    )));
                }
            }
        } else if rule.data_category.is_some() {
            return Err(invalid("a data category needs the activity it belongs to (--activity)"));
        }
        Ok(())
    }

    /// Resolves a rule against its datastore (names, types, time format) and returns it made concrete.
    async fn resolve_rule(&self, rule: &RetentionRule) -> Result<RetentionRule> {
        rule.validate().map_err(|e| invalid(e.to_string()))?;
        self.check_links(rule).await?;
        let ds = self.datastore(&rule.datastore).await?;
        let conn = self.open_datastore(&ds).await?;
        let key = self.hash_key().await?;
        let resolved = cockpit_retention::resolve(rule, &conn, Some(key)).await.map(|(_, r)| r);
        conn.close().await;
        Ok(resolved?)
    }

    pub async fn add_retention_rule(&self, mut rule: RetentionRule) -> Result<RuleInfo> {
        if rule.timezone.is_empty() {
            rule.timezone = self.default_timezone().await?;
        }
        let rule = self.resolve_rule(&rule).await?;
        let ctx = self.ctx();
        let mut tx = self.store.begin().await?;
        st::insert_rule(&mut tx, &ctx, &rule).await?;
        tx.commit().await.map_err(StoreError::from)?;
        self.retention_rule(&rule.name).await
    }

    /// Saves a changed rule as its next version (the approval must be given again).
    pub async fn update_retention_rule(
        &self,
        rule: RetentionRule,
        expected_version: u32,
    ) -> Result<RuleInfo> {
        let old = self.rule_row(&rule.name).await?;
        if old.rule == rule {
            return self.retention_rule(&rule.name).await;
        }
        let rule = self.resolve_rule(&rule).await?;
        let ctx = self.ctx();
        let mut tx = self.store.begin().await?;
        st::update_rule(&mut tx, &ctx, &rule, expected_version).await?;
        tx.commit().await.map_err(StoreError::from)?;
        self.retention_rule(&rule.name).await
    }

    async fn rule_row(&self, name: &str) -> Result<st::RuleRow> {
        let mut c = self.store.read().await?;
        st::load_rule(c.conn(), name)
            .await?
            .ok_or_else(|| ApiError::not_found(format!("retention rule '{name}'")))
    }

    fn info(&self, r: st::RuleRow, last_run: Option<RunRow>) -> RuleInfo {
        let tz: chrono_tz::Tz = r.rule.timezone.parse().unwrap_or(chrono_tz::UTC);
        let next_run = match (&r.rule.schedule, r.rule.enabled) {
            (Some(s), true) => {
                let from = r.last_slot.unwrap_or(r.enabled_since).max(r.enabled_since);
                next_slot(s, tz, from).ok().flatten()
            }
            _ => None,
        };
        RuleInfo {
            approved: r.approved_version == Some(r.version),
            version: r.version,
            approved_at: r.approved_at,
            approved_by: r.approved_by,
            rule: r.rule,
            next_run,
            last_run,
        }
    }

    pub async fn retention_rule(&self, name: &str) -> Result<RuleInfo> {
        let r = self.rule_row(name).await?;
        let last = {
            let mut c = self.store.read().await?;
            st::list_runs(c.conn(), Some(name), 1).await?.into_iter().next()
        };
        Ok(self.info(r, last))
    }

    pub async fn retention_rules(&self) -> Result<Vec<RuleInfo>> {
        let (rows, runs) = {
            let mut c = self.store.read().await?;
            let rows = st::list_rules(c.conn()).await?;
            let mut runs = Vec::new();
            for r in &rows {
                runs.push(st::list_runs(c.conn(), Some(&r.rule.name), 1).await?.into_iter().next());
            }
            (rows, runs)
        };
        Ok(rows.into_iter().zip(runs).map(|(r, l)| self.info(r, l)).collect())
    }

    // ---------------------------------------------------------------------------------------------
    // Holds

    /// Marks holds whose end date has passed as expired (audited once, as `expire`).
    pub async fn expire_holds(&self) -> Result<Vec<LegalHold>> {
        let today = self.today().await?;
        let holds = {
            let mut c = self.store.read().await?;
            st::list_holds(c.conn(), false).await?
        };
        let expired: Vec<LegalHold> = holds.into_iter().filter(|h| h.expired_on(today)).collect();
        if expired.is_empty() {
            return Ok(expired);
        }
        let ctx = self.ctx();
        let mut tx = self.store.begin().await?;
        for h in &expired {
            st::update_hold(&mut tx, &ctx, h, "expire").await?;
        }
        tx.commit().await.map_err(StoreError::from)?;
        Ok(expired)
    }

    pub async fn add_hold(
        &self,
        scope: HoldScope,
        reason: &str,
        owner: Option<String>,
        until: Option<NaiveDate>,
    ) -> Result<LegalHold> {
        if reason.trim().is_empty() {
            return Err(invalid("a legal hold needs a reason (--reason)"));
        }
        match &scope {
            HoldScope::Rule { rule } => {
                self.rule_row(rule).await?;
            }
            HoldScope::Keys { rule, keys } => {
                self.rule_row(rule).await?;
                if keys.is_empty() {
                    return Err(invalid("a key hold needs at least one key (--key or --keys-file)"));
                }
                if let Some(k) = keys.iter().find(|k| k.is_empty() || k.len() > 1000) {
                    return Err(invalid(format!("invalid held key {k:?}")));
                }
            }
            HoldScope::Activity { activity } => {
                self.get_activity(activity)
                    .await
                    .map_err(|_| invalid(format!("activity '{activity}' is not in the register")))?;
            }
        }
        if let Some(u) = until {
            if u < self.today().await? {
                return Err(invalid(format!("the hold's end date {u} is in the past")));
            }
        }
        let mut keys_sorted = scope;
        if let HoldScope::Keys { keys, .. } = &mut keys_sorted {
            keys.sort();
            keys.dedup();
        }
        let mut hold = LegalHold {
            id: 0,
            scope: keys_sorted,
            reason: reason.trim().to_string(),
            owner: owner.filter(|o| !o.trim().is_empty()).unwrap_or_else(|| self.actor.clone()),
            created_at: self.clock.now(),
            until,
            released_at: None,
            released_by: None,
            release_reason: None,
        };
        let ctx = self.ctx();
        let mut tx = self.store.begin().await?;
        st::insert_hold(&mut tx, &ctx, &mut hold).await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(hold)
    }

    pub async fn list_holds(&self, include_inactive: bool) -> Result<Vec<LegalHold>> {
        self.expire_holds().await?;
        let mut c = self.store.read().await?;
        Ok(st::list_holds(c.conn(), include_inactive).await?)
    }

    pub async fn release_hold(&self, id: i64, reason: &str) -> Result<LegalHold> {
        if reason.trim().is_empty() {
            return Err(invalid("releasing a hold needs a reason (--reason)"));
        }
        let mut hold = self
            .list_holds(false)
            .await?
            .into_iter()
            .find(|h| h.id == id)
            .ok_or_else(|| ApiError::not_found(format!("active hold {id}")))?;
        hold.released_at = Some(self.clock.now());
        hold.released_by = Some(self.actor.clone());
        hold.release_reason = Some(reason.trim().to_string());
        let ctx = self.ctx();
        let mut tx = self.store.begin().await?;
        st::update_hold(&mut tx, &ctx, &hold, "release").await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(hold)
    }

    async fn holds_for(&self, rule: &RetentionRule) -> Result<HoldEffect> {
        let holds = self.list_holds(false).await?;
        let today = self.today().await?;
        Ok(hold_effect(&holds, &rule.name, rule.activity.as_deref(), today))
    }

    // ---------------------------------------------------------------------------------------------
    // Plan, approval, run

    fn cutoff_of(&self, rule: &RetentionRule) -> DateTime<Utc> {
        let tz: chrono_tz::Tz = rule.timezone.parse().unwrap_or(chrono_tz::UTC);
        cutoff(&rule.keep, self.clock.now(), &tz)
    }

    /// The dry run of a rule now: nothing is changed.
    pub async fn retention_plan(&self, name: &str) -> Result<PlanInfo> {
        let row = self.rule_row(name).await?;
        let holds = self.holds_for(&row.rule).await?;
        let ds = self.datastore(&row.rule.datastore).await?;
        let conn = self.open_datastore(&ds).await?;
        let key = self.hash_key().await?;
        let plan = async {
            let (target, _) = cockpit_retention::resolve(&row.rule, &conn, Some(key)).await?;
            target.plan(self.cutoff_of(&row.rule), &holds).await
        }
        .await;
        conn.close().await;
        Ok(PlanInfo {
            plan: plan?,
            version: row.version,
            approved: row.approved_version == Some(row.version),
            period: row.rule.keep.describe(),
            action: row.rule.action.code().to_string(),
        })
    }

    /// Approves the current version's plan (computed now, and recorded with the approval).
    pub async fn approve_retention(&self, name: &str) -> Result<PlanInfo> {
        let p = self.retention_plan(name).await?;
        let ctx = self.ctx();
        let mut tx = self.store.begin().await?;
        let now = st::load_rule(&mut tx, name)
            .await?
            .ok_or_else(|| ApiError::not_found(format!("rule '{name}'")))?;
        if now.version != p.version {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                format!("rule '{name}' changed while planning; plan again"),
            ));
        }
        let plan_json =
            serde_json::to_value(&p.plan).map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        st::approve_rule(&mut tx, &ctx, name, p.version, &plan_json).await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(PlanInfo { approved: true, ..p })
    }

    /// Runs a rule now (or resumes its unfinished run).
    pub async fn run_retention(&self, name: &str) -> Result<RunRow> {
        self.run_retention_with(name, "manual", None, None).await
    }

    /// Runs a rule now (or resumes its unfinished run) like [`Cockpit::run_retention`], and calls
    /// `on_start` with the run's id as soon as the run is recorded (before its first batch), so that a
    /// caller that spawned the run can follow it with [`Cockpit::retention_run`]. When the run cannot
    /// start (not approved, already running elsewhere, datastore unreachable), `on_start` is not
    /// called and the error is returned.
    pub async fn run_retention_notify(
        &self,
        name: &str,
        on_start: impl FnOnce(i64) + Send + 'static,
    ) -> Result<RunRow> {
        self.run_retention_with(name, "manual", None, Some(Box::new(on_start))).await
    }

    /// One run with its progress so far (`planned`, `affected`, `batches` grow while it is `running`).
    pub async fn retention_run(&self, id: i64) -> Result<RunRow> {
        let mut c = self.store.read().await?;
        st::load_run(c.conn(), id).await?.ok_or_else(|| ApiError::not_found(format!("run {id}")))
    }

    async fn run_retention_with(
        &self,
        name: &str,
        trigger: &str,
        slot: Option<DateTime<Utc>>,
        on_start: Option<Box<dyn FnOnce(i64) + Send>>,
    ) -> Result<RunRow> {
        self.expire_holds().await?;
        let owner = lease_owner();
        let now = self.clock.now();
        // Resume an unfinished run whose process is gone, or refuse while it is alive.
        let unfinished = {
            let mut c = self.store.read().await?;
            st::running(c.conn(), name).await?
        };
        if let Some((run, progress)) = unfinished {
            let lease_alive = progress
                .lease_until
                .as_deref()
                .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
                .is_some_and(|t| t.with_timezone(&Utc) > now);
            let dead = progress.lease_owner.as_deref().is_none_or(owner_is_dead);
            if lease_alive && !dead {
                return Err(ApiError::new(
                    ErrorCode::Conflict,
                    format!(
                        "rule '{name}' is being run by another process ({}); run {} is not finished",
                        progress.lease_owner.unwrap_or_default(),
                        run.id
                    ),
                ));
            }
            {
                let mut tx = self.store.begin().await?;
                st::take_over(&mut tx, run.id, &owner, now + Duration::seconds(LEASE_SECONDS)).await?;
                tx.commit().await.map_err(StoreError::from)?;
            }
            tracing::info!(run = run.id, rule = name, "resuming an interrupted retention run");
            if let Some(f) = on_start {
                f(run.id);
            }
            let rule: RetentionRule = serde_json::from_str(&progress.rule_data).map_err(|e| {
                ApiError::new(ErrorCode::Internal, format!("stored rule of run {}: {e}", run.id))
            })?;
            let cutoff = DateTime::parse_from_rfc3339(&run.cutoff)
                .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?
                .with_timezone(&Utc);
            let after: Option<Key> =
                progress.resume_after.as_deref().map(serde_json::from_str).transpose().map_err(|e| {
                    ApiError::new(ErrorCode::Internal, format!("stored progress of run {}: {e}", run.id))
                })?;
            let pending: Vec<BatchIntent> = progress
                .pending
                .iter()
                .map(|p| serde_json::from_str(p))
                .collect::<std::result::Result<_, _>>()
                .map_err(|e| {
                    ApiError::new(ErrorCode::Internal, format!("stored intent of run {}: {e}", run.id))
                })?;
            let prog = Progress { after, next_batch: progress.next_batch, pending };
            return self.execute(run.id, &rule, cutoff, prog, &owner, None).await;
        }
        let row = self.rule_row(name).await?;
        if row.approved_version != Some(row.version) {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                format!(
                    "the plan of rule '{name}' (version {}) is not approved{}: review it with `cockpit retention plan \
                     {name}` and approve it with `cockpit retention approve {name}`; nothing was changed",
                    row.version,
                    if row.approved_version.is_some() { " since the rule changed" } else { "" }
                ),
            ));
        }
        if !row.rule.enabled && trigger == "schedule" {
            return Err(invalid(format!("rule '{name}' is disabled")));
        }
        let rule = row.rule.clone();
        let cutoff = self.cutoff_of(&rule);
        let holds = self.holds_for(&rule).await?;
        let ds = self.datastore(&rule.datastore).await?;
        let conn = self.open_datastore(&ds).await?;
        let key = self.hash_key().await?;
        let counted = async {
            let catalog = conn.catalog().await?;
            let (target, _) = cockpit_retention::resolve_in(&rule, &conn, &catalog, Some(key)).await?;
            let counts = target.count(cutoff, &holds).await?;
            Ok::<_, cockpit_retention::RetentionError>((counts, catalog))
        }
        .await;
        let ((planned, held), catalog) = match counted {
            Ok(c) => c,
            Err(e) => {
                conn.close().await;
                return Err(e.into());
            }
        };
        let rule_data =
            serde_json::to_value(&rule).map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        let ctx = self.ctx();
        let id = {
            let mut tx = self.store.begin().await?;
            let id = st::start_run(
                &mut tx,
                &ctx,
                &st::NewRun {
                    rule: name,
                    rule_version: row.version,
                    rule_data: &rule_data,
                    trigger,
                    slot,
                    cutoff,
                    planned,
                    held,
                    lease_owner: &owner,
                    lease_until: now + Duration::seconds(LEASE_SECONDS),
                },
            )
            .await;
            let id = match id {
                Ok(id) => id,
                Err(e) => {
                    conn.close().await;
                    return Err(e.into());
                }
            };
            if let Some(s) = slot {
                st::set_last_slot(&mut tx, name, s).await?;
            }
            tx.commit().await.map_err(StoreError::from)?;
            id
        };
        if let Some(f) = on_start {
            f(id);
        }
        // The connection that counted runs the batches: its page cache is warm.
        let progress = Progress { after: None, next_batch: 1, pending: vec![] };
        self.execute(id, &rule, cutoff, progress, &owner, Some((conn, catalog))).await
    }

    /// The batch loop of a started run, then its closing entry. `conn`: the datastore and its
    /// catalogue, when the caller has them already.
    async fn execute(
        &self,
        id: i64,
        rule: &RetentionRule,
        cutoff: DateTime<Utc>,
        progress: Progress,
        owner: &str,
        conn: Option<(cockpit_connect::Connection, cockpit_connect::Catalog)>,
    ) -> Result<RunRow> {
        let started = Instant::now();
        let holds = self.holds_for(rule).await?;
        let ds = self.datastore(&rule.datastore).await?;
        let mut journal = StoreJournal {
            cockpit: self,
            id,
            owner: owner.to_string(),
            cancelled: false,
            renewed: Instant::now(),
            deferred: Vec::new(),
        };
        let (opened, catalog) = match conn {
            Some((c, cat)) => (Ok(c), Some(cat)),
            None => (self.open_datastore(&ds).await, None),
        };
        let outcome = match opened {
            Ok(conn) => {
                let key = self.hash_key().await?;
                let r = async {
                    let catalog = match catalog {
                        Some(c) => c,
                        None => conn.catalog().await?,
                    };
                    let (target, _) = cockpit_retention::resolve_in(rule, &conn, &catalog, Some(key)).await?;
                    target.run(cutoff, &holds, progress, &mut journal).await
                }
                .await;
                conn.close().await;
                r.map_err(ApiError::from)
            }
            Err(e) => Err(e),
        };
        let (status, errors) = match &outcome {
            Ok(o) if o.finished && !holds.whole_rule.is_empty() => ("held", vec![]),
            Ok(o) if o.finished => ("completed", vec![]),
            Ok(_) if journal.cancelled => ("cancelled", vec![]),
            Ok(_) => {
                // The lease went to another process: it continues the run and closes it.
                let mut c = self.store.read().await?;
                return st::load_run(c.conn(), id)
                    .await?
                    .ok_or_else(|| ApiError::not_found(format!("run {id}")));
            }
            Err(e) => ("failed", vec![e.message.clone()]),
        };
        let batches = {
            let mut c = self.store.read().await?;
            st::batches(c.conn(), id).await?
        };
        let digest = cockpit_retention::run_digest(batches.iter().map(|b| b.digest.as_str()));
        let previous_ms = {
            let mut c = self.store.read().await?;
            let run = st::load_run(c.conn(), id).await?;
            run.map(|r| {
                DateTime::parse_from_rfc3339(&r.started_at)
                    .map(|s| (self.clock.now() - s.with_timezone(&Utc)).num_milliseconds().max(0) as u64)
                    .unwrap_or(0)
            })
        };
        let duration = previous_ms.unwrap_or(started.elapsed().as_millis() as u64);
        let ctx = self.ctx();
        let mut tx = self.store.begin().await?;
        let run = st::finish_run(&mut tx, &ctx, id, status, &digest, &errors, duration).await?;
        tx.commit().await.map_err(StoreError::from)?;
        if let Err(e) = outcome {
            tracing::warn!(run = id, rule = %rule.name, "retention run failed");
            return Err(ApiError::new(
                e.code,
                format!("run {id} of rule '{}' failed: {}", rule.name, e.message),
            ));
        }
        Ok(run)
    }

    /// Asks a running run to stop after its current batch.
    pub async fn cancel_retention_run(&self, id: i64) -> Result<bool> {
        let mut tx = self.store.begin().await?;
        let ok = st::request_cancel(&mut tx, id).await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(ok)
    }

    pub async fn retention_runs(&self, rule: Option<&str>, limit: u32) -> Result<Vec<RunRow>> {
        let mut c = self.store.read().await?;
        Ok(st::list_runs(c.conn(), rule, limit).await?)
    }

    /// The certificate of a run: its evidence, recomputed and compared with the audit trail.
    pub async fn retention_certificate(&self, id: i64) -> Result<RunCertificate> {
        let check = self.verify_audit().await?;
        let mut c = self.store.read().await?;
        let run =
            st::load_run(c.conn(), id).await?.ok_or_else(|| ApiError::not_found(format!("run {id}")))?;
        let rule_data = st::run_rule_data(c.conn(), id).await?;
        let rule: RetentionRule = serde_json::from_str(&rule_data).map_err(StoreError::from)?;
        let datastore = st::load_datastore(c.conn(), &rule.datastore)
            .await?
            .ok_or_else(|| ApiError::not_found(format!("datastore '{}'", rule.datastore)))?;
        let batches = st::batches(c.conn(), id).await?;
        let audited = st::audited_finish(c.conn(), id).await?;
        drop(c);
        let recomputed = cockpit_retention::run_digest(batches.iter().map(|b| b.digest.as_str()));
        let audited_digest = audited.as_ref().and_then(|a| a["digest"].as_str().map(str::to_string));
        let sum: u64 = batches.iter().map(|b| b.count as u64).sum();
        let evidence_consistent = run.status != "running"
            && audited_digest.as_deref() == Some(recomputed.as_str())
            && run.digest.as_deref() == Some(recomputed.as_str())
            && sum == run.affected
            && audited.as_ref().and_then(|a| a["affected"].as_u64()) == Some(run.affected)
            && batches.len() as u32 == run.batches;
        let activity_name = match &rule.activity {
            Some(a) => self.get_activity(a).await.ok().map(|d| d.activity.name),
            None => None,
        };
        Ok(RunCertificate {
            run,
            rule,
            datastore,
            activity_name,
            batches,
            recomputed_digest: recomputed,
            audited_digest,
            evidence_consistent,
            audit_chain_ok: check.ok,
            audit_head: check.head_hash.unwrap_or_default(),
        })
    }

    // ---------------------------------------------------------------------------------------------
    // Scheduler

    /// Runs every enabled, scheduled rule that is due now: one catch-up run for slots missed while the
    /// machine was off, never a second run of a rule that is running (in any process). Unfinished runs
    /// whose process died are resumed first.
    pub async fn run_due_rules(&self) -> Result<Vec<ScheduledOutcome>> {
        let now = self.clock.now();
        let mut out = Vec::new();
        let rows = {
            let mut c = self.store.read().await?;
            st::list_rules(c.conn()).await?
        };
        for row in rows {
            let name = row.rule.name.clone();
            let unfinished = {
                let mut c = self.store.read().await?;
                st::running(c.conn(), &name).await?
            };
            if unfinished.is_some() {
                let r = self.run_retention_with(&name, "schedule", None, None).await;
                out.push(match r {
                    Ok(run) => ScheduledOutcome {
                        rule: name,
                        slot: None,
                        outcome: "resumed".into(),
                        message: format!("run {} {}", run.id, run.status),
                        run: Some(run),
                    },
                    Err(e) if e.code == ErrorCode::Conflict => ScheduledOutcome {
                        rule: name,
                        slot: None,
                        outcome: "skipped".into(),
                        message: e.message,
                        run: None,
                    },
                    Err(e) => ScheduledOutcome {
                        rule: name,
                        slot: None,
                        outcome: "failed".into(),
                        message: e.message,
                        run: None,
                    },
                });
                continue;
            }
            let (Some(schedule), true) = (&row.rule.schedule, row.rule.enabled) else { continue };
            let tz: chrono_tz::Tz = row.rule.timezone.parse().unwrap_or(chrono_tz::UTC);
            let from = row.last_slot.map(|l| l.max(row.enabled_since));
            let Some(slot) =
                due_slot(schedule, tz, from, row.enabled_since, now).map_err(|e| invalid(e.to_string()))?
            else {
                continue;
            };
            if row.approved_version != Some(row.version) {
                out.push(ScheduledOutcome {
                    rule: name.clone(),
                    slot: Some(slot),
                    outcome: "skipped".into(),
                    message: format!("the plan of version {} is not approved", row.version),
                    run: None,
                });
                continue;
            }
            let r = self.run_retention_with(&name, "schedule", Some(slot), None).await;
            out.push(match r {
                Ok(run) => ScheduledOutcome {
                    rule: name,
                    slot: Some(slot),
                    outcome: "ran".into(),
                    message: format!("run {} {}: {} affected", run.id, run.status, run.affected),
                    run: Some(run),
                },
                Err(e) if e.code == ErrorCode::Conflict => ScheduledOutcome {
                    rule: name,
                    slot: Some(slot),
                    outcome: "skipped".into(),
                    message: e.message,
                    run: None,
                },
                Err(e) => ScheduledOutcome {
                    rule: name,
                    slot: Some(slot),
                    outcome: "failed".into(),
                    message: e.message,
                    run: None,
                },
            });
        }
        Ok(out)
    }

    /// The scheduler loop: checks for due rules, the daily refresh of request dates and a due automatic
    /// backup every `tick` until `shutdown` turns true, then returns
    /// after the current pass (runs stop cleanly between batches and resume later).
    pub async fn scheduler_loop(
        &self,
        tick: std::time::Duration,
        shutdown: tokio::sync::watch::Receiver<bool>,
    ) {
        run_every(tick, shutdown, || async {
            match self.run_due_rules().await {
                Ok(outcomes) => {
                    for o in outcomes {
                        tracing::info!(rule = %o.rule, outcome = %o.outcome, "scheduled retention");
                    }
                }
                Err(e) => tracing::warn!(error = %e.message, "scheduler pass failed"),
            }
            match self.refresh_requests_daily().await {
                Ok(Some(changed)) => tracing::info!(changed, "request dates refreshed for the new day"),
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e.message, "the daily refresh of request dates failed"),
            }
            match self.run_due_backup().await {
                Ok(Some(b)) => tracing::info!(bytes = b.bytes, "automatic backup written"),
                Ok(None) => {}
                // Recorded as the last attempt, shown in Settings, retried within the hour.
                Err(e) => tracing::warn!(error = %e.message, "automatic backup failed"),
            }
        })
        .await
    }
}

/// Calls `pass` at once and then every `tick` until `shutdown` turns true; a shutdown during a wait
/// ends the loop at once, one during a pass after it.
pub async fn run_every<F, Fut>(
    tick: std::time::Duration,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
    mut pass: F,
) where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    loop {
        if *shutdown.borrow() {
            return;
        }
        pass().await;
        tokio::select! {
            _ = tokio::time::sleep(tick) => {}
            _ = shutdown.changed() => {}
        }
    }
}

/// The run's journal in the cockpit database.
struct StoreJournal<'a> {
    cockpit: &'a Cockpit,
    id: i64,
    owner: String,
    cancelled: bool,
    /// When the lease was last renewed.
    renewed: Instant,
    /// The confirmations of committed batches, written together with the next intent (one durable
    /// write per batch instead of two) or by `flush`.
    deferred: Vec<(BatchRow, Option<String>)>,
}

fn jerr(e: impl std::fmt::Display) -> RetentionError {
    RetentionError::Journal(e.to_string())
}

impl Journal for StoreJournal<'_> {
    async fn intent(&mut self, intent: &BatchIntent) -> cockpit_retention::Result<()> {
        let json = serde_json::to_string(intent).map_err(jerr)?;
        let mut tx = self.cockpit.store.begin().await.map_err(jerr)?;
        for (row, after) in &self.deferred {
            st::commit_batch(&mut tx, self.id, row, after.as_deref()).await.map_err(jerr)?;
        }
        st::add_intent(&mut tx, self.id, intent.n, &json).await.map_err(jerr)?;
        tx.commit().await.map_err(jerr)?;
        self.deferred.clear();
        Ok(())
    }

    async fn committed(
        &mut self,
        done: &BatchDone,
        resume_after: Option<&Key>,
    ) -> cockpit_retention::Result<()> {
        // Crash tests: `COCKPIT_FAILPOINT=after-target-commit:N` kills the process after batch N
        // committed on the target and before its confirmation reached the journal, the narrowest
        // window a crash can hit.
        if let Ok(fp) = std::env::var("COCKPIT_FAILPOINT") {
            if fp.strip_prefix("after-target-commit:").and_then(|n| n.parse::<u32>().ok()) == Some(done.n) {
                std::process::abort();
            }
        }
        let after = resume_after.map(serde_json::to_string).transpose().map_err(jerr)?;
        let row = BatchRow {
            n: done.n,
            first_key: done.first_key.clone(),
            last_key: done.last_key.clone(),
            count: done.count,
            held: done.held,
            digest: done.digest.clone(),
            ms: done.ms,
            recovered: done.recovered,
            committed_at: audit::timestamp(self.cockpit.clock.now()),
        };
        // Not durable yet: the next intent or `flush` writes it. A crash before that leaves this
        // batch's intent in the journal, and the resumed run confirms it from the target (its keys
        // are gone), exactly as after a crash between the target's commit and this call.
        self.deferred.push((row, after));
        Ok(())
    }

    async fn flush(&mut self) -> cockpit_retention::Result<()> {
        if !self.deferred.is_empty() {
            let mut tx = self.cockpit.store.begin().await.map_err(jerr)?;
            for (row, after) in &self.deferred {
                st::commit_batch(&mut tx, self.id, row, after.as_deref()).await.map_err(jerr)?;
            }
            tx.commit().await.map_err(jerr)?;
            self.deferred.clear();
        }
        Ok(())
    }

    async fn discard_intent(&mut self, n: u32) -> cockpit_retention::Result<()> {
        let mut tx = self.cockpit.store.begin().await.map_err(jerr)?;
        for (row, after) in &self.deferred {
            st::commit_batch(&mut tx, self.id, row, after.as_deref()).await.map_err(jerr)?;
        }
        st::drop_intent(&mut tx, self.id, n).await.map_err(jerr)?;
        tx.commit().await.map_err(jerr)?;
        self.deferred.clear();
        Ok(())
    }

    async fn should_stop(&mut self) -> cockpit_retention::Result<bool> {
        // Checking is a read; the lease is renewed (a durable write) only every 15 seconds, well inside
        // its 60 seconds, so a batch costs no extra fsync.
        let (owner, cancel) = {
            let mut c = self.cockpit.store.read().await.map_err(jerr)?;
            st::run_control(c.conn(), self.id).await.map_err(jerr)?
        };
        if cancel {
            self.cancelled = true;
            return Ok(true);
        }
        if owner.as_deref() != Some(self.owner.as_str()) {
            return Ok(true);
        }
        if self.renewed.elapsed() >= std::time::Duration::from_secs(15) {
            let until = self.cockpit.clock.now() + Duration::seconds(LEASE_SECONDS);
            let mut tx = self.cockpit.store.begin().await.map_err(jerr)?;
            let (ours, _) = st::renew_lease(&mut tx, self.id, &self.owner, until).await.map_err(jerr)?;
            tx.commit().await.map_err(jerr)?;
            self.renewed = Instant::now();
            return Ok(!ours);
        }
        Ok(false)
    }
}
