//! Data-subject requests through the API: intake, the event workflow, lists and dashboard figures.
//! Every write recomputes the dates from the events and is audited in the same transaction.

use crate::dto::{ApiError, ErrorCode};
use crate::{Cockpit, Result};
use chrono::{NaiveDate, NaiveDateTime};
use cockpit_deadline::Regime;
use cockpit_domain::request::{
    next_steps, replay, request_due_with, validate_request, DataSubjectRequest, EventKind, RequestChannel,
    RequestDue, RequestEvent, RequestStatus, RequestType, Requester,
};
use cockpit_domain::request_work::{
    complete_task, plan_work, record_notice, working_days_before, NoticeStatus,
};
use cockpit_domain::validate::{FieldError, ValidationCode};
use cockpit_domain::Activity;
use cockpit_store::request::{self as rq, RequestFilter};
pub use cockpit_store::request::{RequestRow, RequestStats};
use cockpit_store::{AsConn, StoreError};
use serde::{Deserialize, Serialize};
use specta::Type;

/// A request as the intake form or `cockpit request add` gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct NewRequest {
    pub regime: Regime,
    pub request_type: RequestType,
    pub channel: RequestChannel,
    /// Local date and time of receipt at the establishment.
    pub received_at: NaiveDateTime,
    /// The establishment that must act (by name); default: the main establishment.
    #[serde(default)]
    pub establishment: Option<String>,
    /// A holiday calendar other than the establishment's (ISO code or "none").
    #[serde(default)]
    pub calendar: Option<String>,
    pub requester: Requester,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub activities: Vec<String>,
    /// Events that already happened (when a request is taken over from another tool); usually empty.
    #[serde(default)]
    pub events: Vec<RequestEvent>,
}

/// One event to add to a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct NewEvent {
    pub kind: EventKind,
    pub date: NaiveDate,
    #[serde(default)]
    pub note: String,
}

/// A request with its dates as of today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RequestView {
    pub request: DataSubjectRequest,
    pub version: u32,
    pub today: NaiveDate,
    pub due: RequestDue,
    /// The workflow steps the request allows next ([`next_steps`]), in workflow order: what the UI
    /// offers. `add_request_event` checks every step again.
    pub next_steps: Vec<EventKind>,
}

/// What the request list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RequestListQuery {
    /// `Some(true)`: open only; `Some(false)`: closed only.
    #[serde(default)]
    pub open: Option<bool>,
    #[serde(default)]
    pub statuses: Vec<RequestStatus>,
    #[serde(default)]
    pub regime: Option<Regime>,
    #[serde(default)]
    pub request_type: Option<RequestType>,
    /// Open requests whose running clock has passed its due date.
    #[serde(default)]
    pub overdue: bool,
    /// Open requests due within this many days (overdue ones included).
    #[serde(default)]
    pub due_within_days: Option<u32>,
    #[serde(default)]
    pub text: Option<String>,
    /// "due" (default), "received" or "id".
    #[serde(default)]
    pub sort: Option<String>,
    #[serde(default)]
    pub desc: bool,
    #[serde(default)]
    pub offset: u32,
    /// Page size, 1–1000 (default 100).
    #[serde(default)]
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RequestPage {
    pub items: Vec<RequestRow>,
    pub total: u32,
    pub today: NaiveDate,
}

/// Working days between a task's internal due date and the request's safe date.
pub const TASK_LEAD_WORKING_DAYS: u32 = 5;

/// What planning the work of a request needs from the register.
struct Work<'a> {
    linked: &'a std::collections::HashMap<String, Activity>,
    systems: &'a [cockpit_domain::System],
    recipients: &'a [cockpit_domain::Recipient],
}

impl Work<'_> {
    fn plan(&self, r: &mut DataSubjectRequest, due: &RequestDue) {
        let acts: Vec<&Activity> = r.activities.iter().filter_map(|a| self.linked.get(a)).collect();
        let cal = cockpit_deadline::Calendar::get(&r.calendar).unwrap_or_else(|_| {
            cockpit_deadline::Calendar::get("none").expect("the weekends-only calendar exists")
        });
        let task_due = working_days_before(&cal, due.safe_due, TASK_LEAD_WORKING_DAYS, r.received());
        let notify = r.request_type.notifies_recipients();
        plan_work(&acts, self.systems, self.recipients, notify, task_due, &mut r.tasks, &mut r.recipients);
    }
}

type LocalHolidays = std::collections::HashMap<String, Vec<cockpit_deadline::LocalHoliday>>;

fn invalid(field: &str, message: String) -> ApiError {
    ApiError::validation(vec![FieldError {
        field: field.into(),
        code: ValidationCode::InvalidFormat,
        message,
    }])
}

impl Cockpit {
    /// Today in a time zone (the request's establishment).
    pub(crate) fn today_in(&self, tz: &str) -> NaiveDate {
        let tz: chrono_tz::Tz = tz.parse().unwrap_or(chrono_tz::UTC);
        self.clock.now().with_timezone(&tz).date_naive()
    }

    /// Each establishment's own public holidays, by lower-case name.
    async fn local_holidays(&self) -> Result<LocalHolidays> {
        Ok(self
            .organisation()
            .await?
            .map(|o| {
                o.establishments.into_iter().map(|e| (e.name.to_lowercase(), e.local_holidays)).collect()
            })
            .unwrap_or_default())
    }

    fn due_of(&self, r: &DataSubjectRequest, local: &LocalHolidays) -> Result<(NaiveDate, RequestDue)> {
        let today = self.today_in(&r.timezone);
        let holidays = local.get(&r.establishment.to_lowercase()).map_or(&[][..], |v| &v[..]);
        let due = request_due_with(r, holidays, today)
            .map_err(|e| ApiError::new(ErrorCode::Validation, e.to_string()))?;
        Ok((today, due))
    }

    /// Records a new request: assigns its id, computes its dates, audits it.
    pub async fn add_request(&self, new: NewRequest) -> Result<RequestView> {
        let id = self.add_requests(vec![new]).await?.remove(0);
        self.get_request(&id).await
    }

    /// Records several requests at once, all or nothing (a take-over from another tool); returns their
    /// ids. A bad request is a validation error whose fields are prefixed with its position.
    pub async fn add_requests(&self, news: Vec<NewRequest>) -> Result<Vec<String>> {
        let establishments = self.organisation().await?.map(|o| o.establishments).unwrap_or_default();
        // The linked activities (for the existence check and the tasks) and the vocabularies that give
        // systems their owners and recipients their kind.
        let mut wanted: Vec<String> = news.iter().flat_map(|n| n.activities.iter().cloned()).collect();
        wanted.sort();
        wanted.dedup();
        let (linked, vocab) = {
            let mut c = self.store.read().await?;
            let linked: std::collections::HashMap<String, Activity> = if wanted.is_empty() {
                Default::default()
            } else {
                cockpit_store::register::load_activities(c.conn(), Some(&wanted))
                    .await?
                    .into_iter()
                    .map(|s| (s.activity.id.clone(), s.activity))
                    .collect()
            };
            (linked, cockpit_store::register::load_vocabularies(c.conn()).await?)
        };
        let work = Work { linked: &linked, systems: &vocab.systems, recipients: &vocab.recipients };
        let many = news.len() > 1;
        let mut prepared = Vec::with_capacity(news.len());
        let mut all_errors = Vec::new();
        for (i, new) in news.into_iter().enumerate() {
            let prefix = |f: &str| if many { format!("[{i}].{f}") } else { f.to_string() };
            match self.prepare_request(new, &establishments, &work) {
                Ok(p) => prepared.push(p),
                Err(errors) => all_errors.extend(errors.into_iter().map(|mut e| {
                    e.field = prefix(&e.field);
                    e
                })),
            }
        }
        if !all_errors.is_empty() {
            return Err(ApiError::validation(all_errors));
        }
        let ctx = self.ctx();
        let mut tx = self.store.begin().await?;
        let mut ids = Vec::with_capacity(prepared.len());
        for (mut r, due) in prepared {
            let (id, number) = rq::next_id(&mut tx, chrono::Datelike::year(&r.received())).await?;
            r.id = id;
            rq::insert(&mut tx, &ctx, &r, number, &due).await?;
            ids.push(r.id);
        }
        tx.commit().await.map_err(StoreError::from)?;
        tracing::info!(count = ids.len(), "requests recorded");
        Ok(ids)
    }

    fn prepare_request(
        &self,
        new: NewRequest,
        establishments: &[cockpit_domain::Establishment],
        work: &Work<'_>,
    ) -> std::result::Result<(DataSubjectRequest, RequestDue), Vec<FieldError>> {
        let field = |f: &str, m: String| {
            vec![FieldError { field: f.into(), code: ValidationCode::InvalidFormat, message: m }]
        };
        let est = match &new.establishment {
            Some(name) => Some(
                establishments
                    .iter()
                    .find(|e| cockpit_domain::validate::same_name(&e.name, name))
                    .ok_or_else(|| {
                        let names: Vec<&str> = establishments.iter().map(|e| e.name.as_str()).collect();
                        field(
                            "establishment",
                            format!("no establishment {name:?}; the organisation has: {}", names.join(", ")),
                        )
                    })?,
            ),
            None => establishments.iter().find(|e| e.main).or(establishments.first()),
        };
        let calendar = match (&new.calendar, est) {
            (Some(c), _) => c.clone(),
            (None, Some(e)) => crate::deadline::calendar_of(e),
            (None, None) => {
                return Err(field(
                    "establishment",
                    "the organisation has no establishment: add one (its country gives the holiday calendar) or give a calendar"
                        .into(),
                ))
            }
        };
        let r = DataSubjectRequest {
            id: String::new(),
            regime: new.regime,
            request_type: new.request_type,
            channel: new.channel,
            received_at: new.received_at,
            timezone: est.map_or_else(|| "UTC".to_string(), |e| e.timezone.clone()),
            establishment: est.map(|e| e.name.clone()).unwrap_or_default(),
            calendar: cockpit_deadline::Calendar::get(&calendar)
                .map(|c| c.code().to_string())
                .unwrap_or(calendar),
            requester: Requester {
                name: new.requester.name.trim().to_string(),
                email: new.requester.email.trim().to_string(),
                reference: new.requester.reference.trim().to_string(),
            },
            summary: new.summary.trim().to_string(),
            activities: new.activities,
            events: new.events,
            tasks: vec![],
            recipients: vec![],
        };
        let today = self.today_in(&r.timezone);
        let mut errors = validate_request(&r, today);
        for (i, a) in r.activities.iter().enumerate() {
            if !work.linked.contains_key(a) {
                errors.push(FieldError {
                    field: format!("activities[{i}]"),
                    code: ValidationCode::UnknownReference,
                    message: format!("no processing activity {a}"),
                });
            }
        }
        if let Some(e) = r.events.iter().find(|e| e.date > today) {
            errors.extend(field("events", format!("{} is in the future", e.date)));
        }
        if let Err(e) = replay(r.received(), r.regime, &r.events) {
            errors.extend(field("events", e.0));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let holidays = est.map_or(&[][..], |e| &e.local_holidays[..]);
        let due = request_due_with(&r, holidays, today).map_err(|e| field("received_at", e.to_string()))?;
        let mut r = r;
        work.plan(&mut r, &due);
        Ok((r, due))
    }

    /// A request with its dates recomputed for today.
    pub async fn get_request(&self, id: &str) -> Result<RequestView> {
        let mut c = self.store.read().await?;
        let (request, version) =
            rq::load(c.conn(), id).await?.ok_or_else(|| ApiError::not_found(format!("request {id}")))?;
        drop(c);
        let (today, due) = self.due_of(&request, &self.local_holidays().await?)?;
        let next_steps = next_steps(request.received(), request.regime, &request.events);
        Ok(RequestView { request, version, today, due, next_steps })
    }

    /// Adds an event (a step of the workflow) to one request; dates are recomputed and the change audited.
    /// With `expected_version`, a request changed meanwhile by someone else is `stale`.
    pub async fn add_request_event(
        &self,
        id: &str,
        event: NewEvent,
        expected_version: Option<u32>,
    ) -> Result<RequestView> {
        Ok(self.add_events(&[id.to_string()], event, expected_version).await?.remove(0))
    }

    /// Adds the same event to several requests, all or nothing (e.g. "mark verified", "close as
    /// duplicate"). Returns them in the order given.
    pub async fn bulk_request_event(&self, ids: &[String], event: NewEvent) -> Result<Vec<RequestView>> {
        self.add_events(ids, event, None).await
    }

    async fn add_events(
        &self,
        ids: &[String],
        event: NewEvent,
        expected_version: Option<u32>,
    ) -> Result<Vec<RequestView>> {
        if ids.is_empty() {
            return Err(ApiError::new(ErrorCode::Validation, "no request given"));
        }
        let local = self.local_holidays().await?;
        let ctx = self.ctx();
        let mut tx = self.store.begin().await?;
        let action = match event.kind {
            EventKind::Completed | EventKind::Refused | EventKind::Withdrawn => "close",
            _ => "event",
        };
        for id in ids {
            self.change_in(&mut tx, &ctx, &local, id, expected_version, action, |r, today| {
                if event.date > today {
                    return Err(invalid("date", format!("{id}: {} is in the future", event.date)));
                }
                if event.kind == EventKind::Completed {
                    let open: Vec<String> = r
                        .tasks
                        .iter()
                        .filter(|t| t.done_on.is_none())
                        .map(|t| if t.system.is_empty() { t.owner.clone() } else { t.system.clone() })
                        .collect();
                    if !open.is_empty() {
                        return Err(ApiError::new(
                            ErrorCode::Conflict,
                            format!(
                                "{id}: {} task(s) still open: {} (close each with its evidence first)",
                                open.len(),
                                open.join(", ")
                            ),
                        ));
                    }
                }
                r.events.push(RequestEvent {
                    date: event.date,
                    kind: event.kind,
                    note: event.note.trim().to_string(),
                });
                replay(r.received(), r.regime, &r.events)
                    .map_err(|e| ApiError::new(ErrorCode::Conflict, format!("{id}: {e}")))?;
                Ok(())
            })
            .await?;
        }
        tx.commit().await.map_err(StoreError::from)?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.push(self.get_request(id).await?);
        }
        Ok(out)
    }

    /// One page of the request list.
    pub async fn list_requests(&self, q: &RequestListQuery) -> Result<RequestPage> {
        let today = self.today().await?;
        let f = RequestFilter {
            open: q.open,
            statuses: q.statuses.clone(),
            regime: q.regime.map(|r| r.code().to_string()),
            request_type: q.request_type.map(|t| t.code().to_string()),
            due_before: q.overdue.then_some(today),
            due_until: q.due_within_days.map(|n| today + chrono::Days::new(u64::from(n))),
            received_from: None,
            received_to: None,
            text: q.text.clone(),
            sort: q.sort.clone(),
            desc: q.desc,
            offset: q.offset,
            limit: q.limit.unwrap_or(100),
        };
        let mut c = self.store.read().await?;
        let (items, total) = rq::list(c.conn(), &f).await?;
        Ok(RequestPage { items, total, today })
    }

    /// Changes a request in one audited transaction: `change` edits a copy, which is checked, stored
    /// with its recomputed dates and audited as `action`.
    async fn change_request(
        &self,
        id: &str,
        expected_version: Option<u32>,
        action: &str,
        change: impl FnOnce(&mut DataSubjectRequest, NaiveDate) -> Result<()>,
    ) -> Result<RequestView> {
        let local = self.local_holidays().await?;
        let ctx = self.ctx();
        let mut tx = self.store.begin().await?;
        self.change_in(&mut tx, &ctx, &local, id, expected_version, action, change).await?;
        tx.commit().await.map_err(StoreError::from)?;
        self.get_request(id).await
    }

    /// One change inside the caller's transaction: load the request (checking its version), let
    /// `change` edit a copy as of the request's today, recompute the dates, store and audit it.
    #[allow(clippy::too_many_arguments)]
    async fn change_in(
        &self,
        tx: &mut cockpit_store::Tx,
        ctx: &cockpit_store::AuditContext,
        local: &LocalHolidays,
        id: &str,
        expected_version: Option<u32>,
        action: &str,
        change: impl FnOnce(&mut DataSubjectRequest, NaiveDate) -> Result<()>,
    ) -> Result<()> {
        let (before, version) =
            rq::load(tx, id).await?.ok_or_else(|| ApiError::not_found(format!("request {id}")))?;
        if let Some(v) = expected_version.filter(|v| *v != version) {
            return Err(ApiError::new(
                ErrorCode::Stale,
                format!("request {id} changed meanwhile (version {version}, you edited {v}): reload it"),
            ));
        }
        let mut after = before.clone();
        change(&mut after, self.today_in(&before.timezone))?;
        let (_, due) = self.due_of(&after, local)?;
        rq::update(tx, ctx, &before, &after, &due, version, action).await?.ok_or_else(|| {
            ApiError::new(ErrorCode::Stale, format!("request {id} changed meanwhile: reload it"))
        })?;
        Ok(())
    }

    /// Links (more) processing activities to a request; their systems become tasks and, for
    /// rectification, erasure and restriction, their recipients enter the Art. 19 ledger.
    pub async fn link_request_activities(
        &self,
        id: &str,
        activities: Vec<String>,
        expected_version: Option<u32>,
    ) -> Result<RequestView> {
        let (linked, vocab) = {
            let mut c = self.store.read().await?;
            let found: std::collections::HashMap<String, Activity> =
                cockpit_store::register::load_activities(c.conn(), Some(&activities))
                    .await?
                    .into_iter()
                    .map(|s| (s.activity.id.clone(), s.activity))
                    .collect();
            (found, cockpit_store::register::load_vocabularies(c.conn()).await?)
        };
        if let Some((i, a)) = activities.iter().enumerate().find(|(_, a)| !linked.contains_key(*a)) {
            return Err(ApiError::validation(vec![FieldError {
                field: format!("activities[{i}]"),
                code: ValidationCode::UnknownReference,
                message: format!("no processing activity {a}"),
            }]));
        }
        let current = self.get_request(id).await?;
        let due = current.due.clone();
        let mut all = linked;
        {
            let mut c = self.store.read().await?;
            let missing: Vec<String> =
                current.request.activities.iter().filter(|a| !all.contains_key(*a)).cloned().collect();
            if !missing.is_empty() {
                for s in cockpit_store::register::load_activities(c.conn(), Some(&missing)).await? {
                    all.insert(s.activity.id.clone(), s.activity);
                }
            }
        }
        let work = Work { linked: &all, systems: &vocab.systems, recipients: &vocab.recipients };
        self.change_request(id, expected_version, "link", move |r, _| {
            if r.events
                .iter()
                .any(|e| matches!(e.kind, EventKind::Completed | EventKind::Refused | EventKind::Withdrawn))
            {
                return Err(ApiError::new(ErrorCode::Conflict, format!("{} is closed", r.id)));
            }
            for a in activities {
                if !r.activities.contains(&a) {
                    r.activities.push(a);
                }
            }
            work.plan(r, &due);
            Ok(())
        })
        .await
    }

    /// Closes the task of one system (or, where no system is recorded, of one owner) with its evidence.
    pub async fn complete_request_task(
        &self,
        id: &str,
        system_or_owner: &str,
        date: NaiveDate,
        evidence: &str,
        expected_version: Option<u32>,
    ) -> Result<RequestView> {
        self.change_request(id, expected_version, "task", |r, today| {
            if date > today || date < r.received() {
                return Err(invalid("date", format!("{date} is not between receipt and today")));
            }
            complete_task(&mut r.tasks, system_or_owner, date, evidence)
                .map_err(|e| ApiError::new(ErrorCode::Conflict, format!("{}: {e}", r.id)))
        })
        .await
    }

    /// Records where telling one recipient stands (GDPR Art. 19).
    pub async fn record_recipient_notice(
        &self,
        id: &str,
        recipient: &str,
        status: NoticeStatus,
        date: NaiveDate,
        reason: &str,
        expected_version: Option<u32>,
    ) -> Result<RequestView> {
        self.change_request(id, expected_version, "notice", |r, today| {
            if date > today || date < r.received() {
                return Err(invalid("date", format!("{date} is not between receipt and today")));
            }
            record_notice(&mut r.recipients, recipient, status, date, reason)
                .map_err(|e| ApiError::new(ErrorCode::Conflict, format!("{}: {e}", r.id)))
        })
        .await
    }

    /// Recomputes the list columns (due dates, status) of every open request as of today, e.g. after an
    /// establishment's local holidays changed, or daily for requests whose clock is stopped. The
    /// requests themselves do not change, so nothing is audited. Returns how many rows changed.
    pub async fn refresh_request_dates(&self) -> Result<u32> {
        let local = self.local_holidays().await?;
        let mut tx = self.store.begin().await?;
        let mut changed = 0;
        for r in rq::load_open(&mut tx).await? {
            let (_, due) = self.due_of(&r, &local)?;
            changed += u32::from(rq::refresh_derived(&mut tx, &r, &due).await?);
        }
        tx.commit().await.map_err(StoreError::from)?;
        Ok(changed)
    }

    /// Counts, on-time rate and median days to close over the last 12 months.
    pub async fn request_stats(&self) -> Result<RequestStats> {
        let today = self.today().await?;
        let start = today.checked_sub_months(chrono::Months::new(12)).unwrap_or(today);
        let mut c = self.store.read().await?;
        Ok(rq::stats(c.conn(), today, start).await?)
    }
}
