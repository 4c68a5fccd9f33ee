//! Data-subject requests: what was asked, by whom (kept to the minimum), and what happened since, as an
//! ordered list of dated events. Status and due dates are never stored as facts of their own: they are
//! derived from the events here, so that any change to the story recomputes them.
//!
//! Pure: the caller passes today's date in.

use crate::validate::{FieldError, ValidationCode};
use chrono::{NaiveDate, NaiveDateTime};
use cockpit_deadline::{
    request_deadline, Calendar, DeadlineError, Regime, RequestDeadline, RequestInput, Wait,
};
use serde::{Deserialize, Serialize};
use specta::Type;

/// What the data subject asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum RequestType {
    /// GDPR Art. 15.
    Access,
    /// Art. 16.
    Rectification,
    /// Art. 17.
    Erasure,
    /// Art. 18.
    Restriction,
    /// Art. 20.
    Portability,
    /// Art. 21.
    Objection,
    /// Art. 22.
    AutomatedDecision,
    /// CCPA right to know.
    Know,
    /// CCPA right to delete.
    Delete,
    /// CCPA right to correct.
    Correct,
    /// CCPA right to opt out of sale or sharing.
    OptOut,
    /// CCPA right to limit use of sensitive personal information.
    Limit,
}

impl RequestType {
    pub const ALL: [RequestType; 12] = [
        RequestType::Access,
        RequestType::Rectification,
        RequestType::Erasure,
        RequestType::Restriction,
        RequestType::Portability,
        RequestType::Objection,
        RequestType::AutomatedDecision,
        RequestType::Know,
        RequestType::Delete,
        RequestType::Correct,
        RequestType::OptOut,
        RequestType::Limit,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RequestType::Access => "access",
            RequestType::Rectification => "rectification",
            RequestType::Erasure => "erasure",
            RequestType::Restriction => "restriction",
            RequestType::Portability => "portability",
            RequestType::Objection => "objection",
            RequestType::AutomatedDecision => "automated-decision",
            RequestType::Know => "know",
            RequestType::Delete => "delete",
            RequestType::Correct => "correct",
            RequestType::OptOut => "opt-out",
            RequestType::Limit => "limit",
        }
    }

    pub fn parse(s: &str) -> Option<RequestType> {
        RequestType::ALL.into_iter().find(|t| t.code() == s.trim().to_ascii_lowercase())
    }

    /// The provision the right rests on.
    pub fn provision(self) -> &'static str {
        match self {
            RequestType::Access => "GDPR Art. 15",
            RequestType::Rectification => "GDPR Art. 16",
            RequestType::Erasure => "GDPR Art. 17",
            RequestType::Restriction => "GDPR Art. 18",
            RequestType::Portability => "GDPR Art. 20",
            RequestType::Objection => "GDPR Art. 21",
            RequestType::AutomatedDecision => "GDPR Art. 22",
            RequestType::Know => "Cal. Civ. Code §1798.110",
            RequestType::Delete => "Cal. Civ. Code §1798.105",
            RequestType::Correct => "Cal. Civ. Code §1798.106",
            RequestType::OptOut => "Cal. Civ. Code §1798.120",
            RequestType::Limit => "Cal. Civ. Code §1798.121",
        }
    }

    /// Whether the type exists under the regime: the US state laws name their own rights (know, delete,
    /// correct, opt out, limit, and portability); the others follow the GDPR catalogue.
    pub fn valid_for(self, regime: Regime) -> bool {
        let us = matches!(regime, Regime::Ccpa | Regime::Vcdpa | Regime::Cpa | Regime::Ucpa);
        let us_type = matches!(
            self,
            RequestType::Know
                | RequestType::Delete
                | RequestType::Correct
                | RequestType::OptOut
                | RequestType::Limit
                | RequestType::Portability
        );
        regime.is_request_regime() && (us == us_type || (self == RequestType::Portability))
    }

    /// Whether completing it obliges the controller to tell every recipient (GDPR Art. 19).
    pub fn notifies_recipients(self) -> bool {
        matches!(
            self,
            RequestType::Rectification
                | RequestType::Erasure
                | RequestType::Restriction
                | RequestType::Delete
                | RequestType::Correct
        )
    }
}

/// How the request arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum RequestChannel {
    Email,
    WebForm,
    Post,
    Phone,
    InPerson,
    Other,
}

/// Where a request stands, derived from its events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum RequestStatus {
    Received,
    IdentityCheck,
    InProgress,
    WaitingForRequester,
    Extended,
    Completed,
    Refused,
    Withdrawn,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 8] = [
        RequestStatus::Received,
        RequestStatus::IdentityCheck,
        RequestStatus::InProgress,
        RequestStatus::WaitingForRequester,
        RequestStatus::Extended,
        RequestStatus::Completed,
        RequestStatus::Refused,
        RequestStatus::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RequestStatus::Received => "received",
            RequestStatus::IdentityCheck => "identity-check",
            RequestStatus::InProgress => "in-progress",
            RequestStatus::WaitingForRequester => "waiting-for-requester",
            RequestStatus::Extended => "extended",
            RequestStatus::Completed => "completed",
            RequestStatus::Refused => "refused",
            RequestStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<RequestStatus> {
        RequestStatus::ALL.into_iter().find(|t| t.code() == s.trim().to_ascii_lowercase())
    }

    pub fn is_closed(self) -> bool {
        matches!(self, RequestStatus::Completed | RequestStatus::Refused | RequestStatus::Withdrawn)
    }
}

/// Something that happened to a request, on a local date of the establishment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum EventKind {
    /// Proof of identity, authority or a fee asked for.
    IdentityRequested,
    /// It arrived (the requester is verified).
    IdentityReceived,
    /// Work started.
    Started,
    ClarificationRequested,
    ClarificationReceived,
    /// The period was extended; the note gives the reasons told to the requester.
    Extended,
    Completed,
    /// Refused (Art. 12(5)); the note gives the reason.
    Refused,
    Withdrawn,
    /// A remark for the file.
    Note,
}

impl EventKind {
    pub const ALL: [EventKind; 10] = [
        EventKind::IdentityRequested,
        EventKind::IdentityReceived,
        EventKind::Started,
        EventKind::ClarificationRequested,
        EventKind::ClarificationReceived,
        EventKind::Extended,
        EventKind::Completed,
        EventKind::Refused,
        EventKind::Withdrawn,
        EventKind::Note,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EventKind::IdentityRequested => "identity-requested",
            EventKind::IdentityReceived => "identity-received",
            EventKind::Started => "started",
            EventKind::ClarificationRequested => "clarification-requested",
            EventKind::ClarificationReceived => "clarification-received",
            EventKind::Extended => "extended",
            EventKind::Completed => "completed",
            EventKind::Refused => "refused",
            EventKind::Withdrawn => "withdrawn",
            EventKind::Note => "note",
        }
    }

    pub fn parse(s: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|t| t.code() == s.trim().to_ascii_lowercase())
    }

    pub fn valid_codes() -> String {
        EventKind::ALL.iter().map(|k| k.code()).collect::<Vec<_>>().join(", ")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RequestEvent {
    pub date: NaiveDate,
    pub kind: EventKind,
    #[serde(default)]
    pub note: String,
}

/// Who asked: no more than is needed to answer and to find them again.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Requester {
    pub name: String,
    #[serde(default)]
    pub email: String,
    /// A customer or employee number, a ticket reference.
    #[serde(default)]
    pub reference: String,
}

/// A data-subject request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DataSubjectRequest {
    /// "DSR-2026-0001"; assigned by the store.
    pub id: String,
    pub regime: Regime,
    pub request_type: RequestType,
    pub channel: RequestChannel,
    /// Local date and time of receipt at the establishment.
    pub received_at: NaiveDateTime,
    /// IANA zone of the establishment.
    pub timezone: String,
    /// The establishment that must act (its name in the organisation profile).
    pub establishment: String,
    /// Its holiday calendar (ISO code or "none").
    pub calendar: String,
    pub requester: Requester,
    /// What the request says, in a line or two (no special-category details).
    #[serde(default)]
    pub summary: String,
    /// Processing activities that hold the requester's data.
    #[serde(default)]
    pub activities: Vec<String>,
    /// The story so far, oldest first.
    #[serde(default)]
    pub events: Vec<RequestEvent>,
    /// One task per system (or owner) holding the requester's data.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<crate::request_work::SystemTask>,
    /// Art. 19: the recipients to tell of a rectification, erasure or restriction.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recipients: Vec<crate::request_work::RecipientNotice>,
}

impl DataSubjectRequest {
    pub fn received(&self) -> NaiveDate {
        self.received_at.date()
    }
}

/// Checks a new request before it is stored.
pub fn validate_request(r: &DataSubjectRequest, today: NaiveDate) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut err = |field: &str, code: ValidationCode, message: String| {
        errors.push(FieldError { field: field.into(), code, message })
    };
    if !r.regime.is_request_regime() {
        err("regime", ValidationCode::InvalidFormat, format!("{} is not a request regime", r.regime));
    }
    if !r.request_type.valid_for(r.regime) {
        err(
            "request_type",
            ValidationCode::InvalidFormat,
            format!("{} is not a right under {}", r.request_type.code(), r.regime.title()),
        );
    }
    if r.received() > today {
        err("received_at", ValidationCode::OutOfRange, format!("{} is in the future", r.received()));
    }
    if r.requester.name.trim().is_empty() && r.requester.reference.trim().is_empty() {
        err("requester.name", ValidationCode::Required, "give the requester's name or a reference".into());
    }
    if !r.requester.email.is_empty() && !r.requester.email.contains('@') {
        err("requester.email", ValidationCode::InvalidFormat, "not an e-mail address".into());
    }
    for (field, v, max) in [
        ("requester.name", &r.requester.name, 200),
        ("requester.email", &r.requester.email, 320),
        ("requester.reference", &r.requester.reference, 200),
        ("summary", &r.summary, 4000),
    ] {
        if v.chars().count() > max {
            err(field, ValidationCode::TooLong, format!("at most {max} characters"));
        }
    }
    if r.timezone.parse::<chrono_tz::Tz>().is_err() {
        err(
            "timezone",
            ValidationCode::InvalidTimeZone,
            format!("{:?} is not an IANA time zone", r.timezone),
        );
    }
    if Calendar::get(&r.calendar).is_err() {
        err("calendar", ValidationCode::InvalidFormat, format!("unknown holiday calendar {:?}", r.calendar));
    }
    errors
}

/// Why an event cannot be added.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct EventRefused(pub String);

/// The state a list of events leads to, checking each step. Waits (identity, clarification) are
/// tracked so that an answer always follows its question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub status: RequestStatus,
    pub extended_on: Option<NaiveDate>,
    pub identity_pending: Option<NaiveDate>,
    pub clarification_pending: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
}

/// Replays events from receipt, refusing any step the workflow does not allow.
pub fn replay(
    received: NaiveDate,
    regime: Regime,
    events: &[RequestEvent],
) -> Result<Progress, EventRefused> {
    let mut p = Progress {
        status: RequestStatus::Received,
        extended_on: None,
        identity_pending: None,
        clarification_pending: None,
        closed_on: None,
    };
    let mut last = received;
    for (i, e) in events.iter().enumerate() {
        let refuse =
            |why: String| EventRefused(format!("event {} ({} on {}): {why}", i + 1, e.kind.code(), e.date));
        if e.date < last {
            return Err(refuse(format!("events must be in date order; the previous one is dated {last}")));
        }
        last = e.date;
        if p.status.is_closed() && e.kind != EventKind::Note {
            return Err(refuse(format!("the request is already {}", p.status.code())));
        }
        // While waiting for the requester, the running status comes back after the answer.
        let running =
            if p.extended_on.is_some() { RequestStatus::Extended } else { RequestStatus::InProgress };
        match e.kind {
            EventKind::Note => {}
            EventKind::IdentityRequested => {
                if p.identity_pending.is_some() {
                    return Err(refuse("proof of identity is already awaited".into()));
                }
                p.identity_pending = Some(e.date);
                p.status = RequestStatus::IdentityCheck;
            }
            EventKind::IdentityReceived => {
                if p.identity_pending.take().is_none() {
                    return Err(refuse("no proof of identity was asked for".into()));
                }
                p.status = if p.clarification_pending.is_some() {
                    RequestStatus::WaitingForRequester
                } else {
                    running
                };
            }
            EventKind::Started => {
                if p.identity_pending.is_some() {
                    return Err(refuse("the requester's identity is not confirmed yet".into()));
                }
                if p.clarification_pending.is_none() {
                    p.status = running;
                }
            }
            EventKind::ClarificationRequested => {
                if p.clarification_pending.is_some() {
                    return Err(refuse("a clarification is already awaited".into()));
                }
                p.clarification_pending = Some(e.date);
                p.status = RequestStatus::WaitingForRequester;
            }
            EventKind::ClarificationReceived => {
                if p.clarification_pending.take().is_none() {
                    return Err(refuse("no clarification was asked for".into()));
                }
                p.status = if p.identity_pending.is_some() { RequestStatus::IdentityCheck } else { running };
            }
            EventKind::Extended => {
                if p.extended_on.is_some() {
                    return Err(refuse("the period can be extended only once".into()));
                }
                if matches!(regime, Regime::Lgpd | Regime::Quebec) {
                    return Err(refuse(format!("{} provides no extension", regime.title())));
                }
                if e.note.trim().is_empty() {
                    return Err(refuse(
                        "give the reasons for the extension (they are told to the requester)".into(),
                    ));
                }
                p.extended_on = Some(e.date);
                if p.identity_pending.is_none() && p.clarification_pending.is_none() {
                    p.status = RequestStatus::Extended;
                }
            }
            EventKind::Completed | EventKind::Refused | EventKind::Withdrawn => {
                if e.kind == EventKind::Refused && e.note.trim().is_empty() {
                    return Err(refuse("give the reason for the refusal (Art. 12(4))".into()));
                }
                p.status = match e.kind {
                    EventKind::Completed => RequestStatus::Completed,
                    EventKind::Refused => RequestStatus::Refused,
                    _ => RequestStatus::Withdrawn,
                };
                p.closed_on = Some(e.date);
            }
        }
    }
    Ok(p)
}

/// The steps that make sense next, in workflow order: every event [`replay`] accepts after `events`
/// (dated on the last event's date, with the note a refusal or an extension needs), less a second
/// "started", which changes nothing. A note is always possible, also once the request is closed.
pub fn next_steps(received: NaiveDate, regime: Regime, events: &[RequestEvent]) -> Vec<EventKind> {
    const ORDER: [EventKind; 10] = [
        EventKind::IdentityRequested,
        EventKind::IdentityReceived,
        EventKind::ClarificationRequested,
        EventKind::ClarificationReceived,
        EventKind::Started,
        EventKind::Extended,
        EventKind::Completed,
        EventKind::Refused,
        EventKind::Withdrawn,
        EventKind::Note,
    ];
    let date = events.last().map_or(received, |e| e.date);
    let started = events.iter().any(|e| e.kind == EventKind::Started);
    let mut trial = events.to_vec();
    ORDER
        .into_iter()
        .filter(|&kind| {
            if kind == EventKind::Started && started {
                return false;
            }
            trial.push(RequestEvent { date, kind, note: "reason".into() });
            let ok = replay(received, regime, &trial).is_ok();
            trial.pop();
            ok
        })
        .collect()
}

/// The dates that matter today, recomputed from the events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RequestDue {
    pub status: RequestStatus,
    /// The date the answer is due now: the extended date once a timely extension is recorded.
    pub due: NaiveDate,
    pub safe_due: NaiveDate,
    /// Days from today to `due` (negative when overdue); `None` once closed.
    pub days_left: Option<i64>,
    pub overdue: bool,
    /// The clock is stopped (UK: identity awaited before the start; a pause running): `due` assumes the
    /// answer comes today and moves on each day the wait lasts.
    pub clock_stopped: bool,
    pub closed_on: Option<NaiveDate>,
    /// Closed on or before `due`.
    pub on_time: Option<bool>,
    pub deadline: RequestDeadline,
    /// Things the DPO must know (a late extension, an ignored pause …).
    pub warnings: Vec<String>,
}

/// Recomputes the request's dates from its events as of `today`.
pub fn request_due(r: &DataSubjectRequest, today: NaiveDate) -> Result<RequestDue, DeadlineError> {
    request_due_with(r, &[], today)
}

/// The same, with the establishment's own public holidays added to the request's calendar.
pub fn request_due_with(
    r: &DataSubjectRequest,
    local_holidays: &[cockpit_deadline::LocalHoliday],
    today: NaiveDate,
) -> Result<RequestDue, DeadlineError> {
    let progress = replay(r.received(), r.regime, &r.events).map_err(|e| DeadlineError::InvalidInput(e.0))?;
    let cal = Calendar::get(&r.calendar)
        .map_err(|e| DeadlineError::InvalidInput(e.to_string()))?
        .with_local_holidays(local_holidays.to_vec());
    // Open waits are treated as answered today (or on the closing day): the due date moves with them.
    let until = progress.closed_on.unwrap_or(today).max(r.received());
    let mut input = RequestInput::new(r.regime, r.received());
    let mut pending_id: Option<NaiveDate> = None;
    let mut pending_clar: Option<NaiveDate> = None;
    for e in &r.events {
        match e.kind {
            EventKind::IdentityRequested => pending_id = Some(e.date),
            EventKind::IdentityReceived => {
                if let Some(asked) = pending_id.take() {
                    input.id_check = Some(Wait { asked, answered: e.date });
                }
            }
            EventKind::ClarificationRequested => pending_clar = Some(e.date),
            EventKind::ClarificationReceived => {
                if let Some(asked) = pending_clar.take() {
                    input.clarifications.push(Wait { asked, answered: e.date });
                }
            }
            _ => {}
        }
    }
    let open = pending_id.is_some() || pending_clar.is_some();
    if let Some(asked) = pending_id {
        input.id_check = Some(Wait { asked, answered: until.max(asked) });
    }
    if let Some(asked) = pending_clar {
        input.clarifications.push(Wait { asked, answered: until.max(asked) });
    }
    input.extended = progress.extended_on.is_some();
    let deadline = request_deadline(&input, &cal)?;
    let mut warnings = deadline.notes.clone();
    let mut due = deadline.legal_due;
    let mut safe_due = deadline.safe_due;
    if let (Some(on), Some(notice_by)) = (progress.extended_on, deadline.extension_notice_due) {
        if on > notice_by {
            warnings.push(format!(
                "The extension was recorded on {on}, after the first period ended ({notice_by}): it is too late to \
                 take effect, so the answer was due on {notice_by}."
            ));
        } else if let (Some(l), Some(s)) = (deadline.extended_legal_due, deadline.extended_safe_due) {
            due = l;
            safe_due = s;
        }
    }
    // Does the running wait actually stop this regime's clock (on the legal reading)?
    let clock_stopped = open && progress.closed_on.is_none() && deadline.paused_days > 0
        || (pending_id.is_some() && r.regime == Regime::UkGdpr && progress.closed_on.is_none());
    let closed = progress.status.is_closed();
    Ok(RequestDue {
        status: progress.status,
        due,
        safe_due,
        days_left: (!closed).then(|| (due - today).num_days()),
        overdue: !closed && !clock_stopped && today > due,
        clock_stopped,
        closed_on: progress.closed_on,
        on_time: progress.closed_on.map(|c| c <= due),
        deadline,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn request(regime: Regime, received: &str, calendar: &str) -> DataSubjectRequest {
        DataSubjectRequest {
            id: "DSR-2026-0001".into(),
            regime,
            request_type: if matches!(regime, Regime::Ccpa) {
                RequestType::Know
            } else {
                RequestType::Access
            },
            channel: RequestChannel::Email,
            received_at: d(received).and_hms_opt(9, 30, 0).unwrap(),
            timezone: "Europe/London".into(),
            establishment: "London".into(),
            calendar: calendar.into(),
            requester: Requester {
                name: "A. Person".into(),
                email: "a@example.org".into(),
                reference: String::new(),
            },
            summary: String::new(),
            activities: vec![],
            events: vec![],
            tasks: vec![],
            recipients: vec![],
        }
    }

    fn ev(date: &str, kind: EventKind, note: &str) -> RequestEvent {
        RequestEvent { date: d(date), kind, note: note.into() }
    }

    #[test]
    fn next_steps_follow_the_workflow() {
        use EventKind::*;
        let r0 = d("2026-03-02");
        assert_eq!(
            next_steps(r0, Regime::Gdpr, &[]),
            vec![
                IdentityRequested,
                ClarificationRequested,
                Started,
                Extended,
                Completed,
                Refused,
                Withdrawn,
                Note
            ]
        );
        // While the proof is awaited: its arrival, a question, an extension, closing; not "started".
        let waiting = [ev("2026-03-03", IdentityRequested, "")];
        assert_eq!(
            next_steps(r0, Regime::Gdpr, &waiting),
            vec![IdentityReceived, ClarificationRequested, Extended, Completed, Refused, Withdrawn, Note]
        );
        // Started and extended once: neither again.
        let running = [ev("2026-03-03", Started, ""), ev("2026-03-20", Extended, "volume")];
        assert_eq!(
            next_steps(r0, Regime::Gdpr, &running),
            vec![IdentityRequested, ClarificationRequested, Completed, Refused, Withdrawn, Note]
        );
        // LGPD and Quebec have no extension.
        assert!(!next_steps(r0, Regime::Lgpd, &[]).contains(&Extended));
        assert!(!next_steps(r0, Regime::Quebec, &[]).contains(&Extended));
        assert!(next_steps(r0, Regime::Ccpa, &[]).contains(&Extended));
        // Closed: only a note.
        let closed = [ev("2026-03-03", Completed, "")];
        assert_eq!(next_steps(r0, Regime::Gdpr, &closed), vec![Note]);
        // Every step offered is one `replay` accepts, and every step refused is one it refuses.
        for events in [&[][..], &waiting[..], &running[..], &closed[..]] {
            let offered = next_steps(r0, Regime::UkGdpr, events);
            for kind in EventKind::ALL {
                let mut e = events.to_vec();
                e.push(ev("2026-03-25", kind, "why"));
                let accepted = replay(r0, Regime::UkGdpr, &e).is_ok();
                let repeat_start = kind == Started && events.iter().any(|x| x.kind == Started);
                assert_eq!(offered.contains(&kind), accepted && !repeat_start, "{kind:?} after {events:?}");
            }
        }
    }

    #[test]
    fn a_fresh_request_is_due_one_month_later() {
        let r = request(Regime::UkGdpr, "2024-11-25", "GB-ENG");
        let due = request_due(&r, d("2024-12-01")).unwrap();
        assert_eq!(
            (due.status, due.due, due.days_left, due.overdue),
            (RequestStatus::Received, d("2024-12-27"), Some(26), false)
        );
        let late = request_due(&r, d("2024-12-28")).unwrap();
        assert!(late.overdue && late.days_left == Some(-1));
    }

    #[test]
    fn uk_identity_wait_stops_the_clock_until_the_proof_arrives() {
        let mut r = request(Regime::UkGdpr, "2026-03-02", "none");
        r.events.push(ev("2026-03-03", EventKind::IdentityRequested, ""));
        let waiting = request_due(&r, d("2026-03-20")).unwrap();
        assert_eq!(waiting.status, RequestStatus::IdentityCheck);
        assert!(waiting.clock_stopped && !waiting.overdue);
        assert_eq!(waiting.due, d("2026-04-20"), "provisional: as if the proof arrived today");
        r.events.push(ev("2026-03-10", EventKind::IdentityReceived, ""));
        let running = request_due(&r, d("2026-03-20")).unwrap();
        assert_eq!(
            (running.status, running.due, running.clock_stopped),
            (RequestStatus::InProgress, d("2026-04-10"), false)
        );
    }

    #[test]
    fn a_timely_extension_moves_the_due_date_and_a_late_one_does_not() {
        let mut r = request(Regime::Gdpr, "2026-01-31", "none");
        r.events.push(ev("2026-02-10", EventKind::Started, ""));
        r.events.push(ev("2026-02-20", EventKind::Extended, "volume of records"));
        let due = request_due(&r, d("2026-03-05")).unwrap();
        assert_eq!(
            (due.status, due.due, due.safe_due),
            (RequestStatus::Extended, d("2026-04-30"), d("2026-04-28"))
        );
        let mut late = request(Regime::Gdpr, "2026-01-31", "none");
        late.events.push(ev("2026-03-03", EventKind::Extended, "volume"));
        let due = request_due(&late, d("2026-03-05")).unwrap();
        assert_eq!(due.due, d("2026-03-02"));
        assert!(due.overdue && due.warnings.iter().any(|w| w.contains("too late")));
    }

    #[test]
    fn closing_records_whether_it_was_on_time() {
        let mut r = request(Regime::Gdpr, "2025-09-03", "none");
        r.events.push(ev("2025-10-03", EventKind::Completed, ""));
        let due = request_due(&r, d("2025-12-01")).unwrap();
        assert_eq!(
            (due.status, due.on_time, due.days_left, due.overdue),
            (RequestStatus::Completed, Some(true), None, false)
        );
        r.events[0].date = d("2025-10-06");
        assert_eq!(request_due(&r, d("2025-12-01")).unwrap().on_time, Some(false));
    }

    #[test]
    fn the_workflow_refuses_impossible_steps() {
        let cases: Vec<(Vec<RequestEvent>, &str)> = vec![
            (vec![ev("2026-03-05", EventKind::IdentityReceived, "")], "no proof of identity was asked for"),
            (vec![ev("2026-03-05", EventKind::ClarificationReceived, "")], "no clarification"),
            (vec![ev("2026-03-05", EventKind::Refused, "")], "reason for the refusal"),
            (vec![ev("2026-03-05", EventKind::Extended, "")], "reasons for the extension"),
            (
                vec![ev("2026-03-05", EventKind::Extended, "x"), ev("2026-03-06", EventKind::Extended, "y")],
                "only once",
            ),
            (
                vec![ev("2026-03-05", EventKind::Completed, ""), ev("2026-03-06", EventKind::Started, "")],
                "already completed",
            ),
            (
                vec![ev("2026-03-05", EventKind::Started, ""), ev("2026-03-04", EventKind::Note, "")],
                "date order",
            ),
            (vec![ev("2026-03-01", EventKind::Started, "")], "date order"),
            (
                vec![
                    ev("2026-03-03", EventKind::IdentityRequested, ""),
                    ev("2026-03-04", EventKind::Started, ""),
                ],
                "not confirmed",
            ),
        ];
        for (events, want) in cases {
            let e = replay(d("2026-03-02"), Regime::Gdpr, &events).unwrap_err();
            assert!(e.0.contains(want), "{want}: {e}");
        }
        let e = replay(d("2026-03-02"), Regime::Quebec, &[ev("2026-03-05", EventKind::Extended, "x")])
            .unwrap_err();
        assert!(e.0.contains("no extension"));
        // Notes are allowed after closing.
        replay(
            d("2026-03-02"),
            Regime::Gdpr,
            &[ev("2026-03-05", EventKind::Withdrawn, ""), ev("2026-03-06", EventKind::Note, "x")],
        )
        .unwrap();
    }

    #[test]
    fn waiting_for_clarification_returns_to_the_running_status() {
        let mut r = request(Regime::UkGdpr, "2026-03-02", "GB-ENG");
        r.events.push(ev("2026-03-05", EventKind::ClarificationRequested, ""));
        let w = request_due(&r, d("2026-03-07")).unwrap();
        assert_eq!(w.status, RequestStatus::WaitingForRequester);
        assert!(w.clock_stopped);
        r.events.push(ev("2026-03-09", EventKind::ClarificationReceived, ""));
        let w = request_due(&r, d("2026-03-10")).unwrap();
        assert_eq!(
            (w.status, w.due, w.safe_due),
            (RequestStatus::InProgress, d("2026-04-07"), d("2026-04-02"))
        );
    }

    #[test]
    fn validation_checks_the_right_against_the_regime() {
        let mut r = request(Regime::Gdpr, "2026-03-02", "none");
        assert!(validate_request(&r, d("2026-03-02")).is_empty());
        r.request_type = RequestType::OptOut;
        r.requester.email = "nobody".into();
        r.calendar = "Atlantis".into();
        let fields: Vec<String> =
            validate_request(&r, d("2026-03-01")).into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["request_type", "received_at", "requester.email", "calendar"]);
        assert!(RequestType::Know.valid_for(Regime::Ccpa) && !RequestType::Know.valid_for(Regime::Gdpr));
        assert!(
            RequestType::Portability.valid_for(Regime::Ccpa)
                && RequestType::Portability.valid_for(Regime::Gdpr)
        );
    }
}
