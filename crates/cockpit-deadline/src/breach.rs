//! The GDPR Art. 33 breach clock: 72 hours of real time from the moment the controller became aware.
//!
//! Hours, not days: weekends and holidays count and nothing moves to a working day. The instant is
//! computed in UTC and shown in the controller's time zone, so a change to or from summer time in
//! between is handled (aware Sat 28 Mar 2026 10:00 in Berlin → due Tue 31 Mar 2026 11:00 CEST).

use crate::request::DeadlineError;
use crate::Regime;
use chrono::offset::LocalResult;
use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// Hours within which the supervisory authority must be notified.
pub const BREACH_HOURS: i64 = 72;

const SOURCE: &str =
    "GDPR Art. 33(1): without undue delay and, where feasible, not later than 72 hours after \
becoming aware; a later notification carries the reasons for the delay";

/// The breach notification deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct BreachDeadline {
    pub regime: Regime,
    /// The IANA time zone the dates are shown in.
    pub tz: String,
    /// Awareness, as an RFC 3339 instant with the zone's offset.
    pub aware_at: DateTime<FixedOffset>,
    pub aware_at_utc: DateTime<Utc>,
    /// 72 hours later, with the zone's offset at that instant.
    pub legal_due: DateTime<FixedOffset>,
    pub legal_due_utc: DateTime<Utc>,
    /// The same instant: the 72 hours admit no other reading.
    pub safe_due: DateTime<FixedOffset>,
    pub rule: String,
    pub source: String,
    pub explanation: String,
}

/// Parses a time zone name such as `Europe/Berlin`.
pub fn parse_tz(name: &str) -> Result<Tz, DeadlineError> {
    name.trim().parse::<Tz>().map_err(|_| {
        DeadlineError::InvalidInput(format!(
            "unknown time zone {name:?}: give an IANA name such as Europe/Berlin, Europe/London or UTC"
        ))
    })
}

/// Resolves a local wall-clock time in `tz`. A time that does not exist (clocks jump forward) or happens
/// twice (clocks go back) is refused: the caller must give the offset.
pub fn local_instant(local: NaiveDateTime, tz: Tz) -> Result<DateTime<Tz>, DeadlineError> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => Ok(t),
        LocalResult::Ambiguous(a, b) => Err(DeadlineError::InvalidInput(format!(
            "{local} happens twice in {tz} (clocks go back): give the offset, e.g. {} or {}",
            a.fixed_offset().to_rfc3339(),
            b.fixed_offset().to_rfc3339()
        ))),
        LocalResult::None => Err(DeadlineError::InvalidInput(format!(
            "{local} does not exist in {tz} (clocks jump forward at that hour)"
        ))),
    }
}

fn describe(t: &DateTime<Tz>) -> String {
    t.format("%a %-d %b %Y %H:%M %Z").to_string()
}

/// The deadline for a breach the controller became aware of at `aware`, shown in `tz`.
pub fn breach_deadline(aware: DateTime<Tz>) -> Result<BreachDeadline, DeadlineError> {
    let tz = aware.timezone();
    let aware_utc = aware.with_timezone(&Utc);
    let due_utc =
        aware_utc.checked_add_signed(TimeDelta::hours(BREACH_HOURS)).ok_or(DeadlineError::OutOfRange)?;
    let due = due_utc.with_timezone(&tz);
    let mut explanation = format!(
        "aware {} ({} UTC) → + 72 hours = {} UTC = {}",
        describe(&aware),
        aware_utc.format("%H:%M"),
        due_utc.format("%a %-d %b %Y %H:%M"),
        describe(&due)
    );
    if aware.offset().fix() != due.offset().fix() {
        explanation += &format!(
            " (the clocks changed in between: UTC{} then UTC{}, so the local time differs by the change)",
            aware.offset().fix(),
            due.offset().fix()
        );
    }
    explanation += "; weekends and holidays count";
    Ok(BreachDeadline {
        regime: Regime::GdprBreach,
        tz: tz.name().into(),
        aware_at: aware.fixed_offset(),
        aware_at_utc: aware_utc,
        legal_due: due.fixed_offset(),
        legal_due_utc: due_utc,
        safe_due: due.fixed_offset(),
        rule: "72 hours of real time after becoming aware, counted in UTC; nothing moves to a working day"
            .into(),
        source: SOURCE.into(),
        explanation,
    })
}

use chrono::Offset;

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(h, min, 0).unwrap()
    }

    #[test]
    fn across_the_spring_change_the_local_hour_moves() {
        // legal-rules.md: aware Sat 28 Mar 2026 10:00 Europe/Berlin → Tue 31 Mar 2026 11:00 CEST = 09:00 UTC.
        let tz = parse_tz("Europe/Berlin").unwrap();
        let b = breach_deadline(local_instant(local(2026, 3, 28, 10, 0), tz).unwrap()).unwrap();
        assert_eq!(b.legal_due.to_rfc3339(), "2026-03-31T11:00:00+02:00");
        assert_eq!(b.legal_due_utc.to_rfc3339(), "2026-03-31T09:00:00+00:00");
        assert_eq!(b.legal_due, b.safe_due);
        assert!(b.explanation.contains("clocks changed"), "{}", b.explanation);
        assert_eq!((b.legal_due_utc - b.aware_at_utc).num_seconds(), 259_200);
    }

    #[test]
    fn across_the_autumn_change_and_in_summer() {
        let tz = parse_tz("Europe/London").unwrap();
        let b = breach_deadline(local_instant(local(2026, 10, 23, 9, 30), tz).unwrap()).unwrap();
        assert_eq!(b.legal_due.to_rfc3339(), "2026-10-26T08:30:00+00:00");
        let tz = parse_tz("Europe/Berlin").unwrap();
        let b = breach_deadline(local_instant(local(2026, 6, 5, 18, 45), tz).unwrap()).unwrap();
        assert_eq!(b.legal_due.to_rfc3339(), "2026-06-08T18:45:00+02:00");
        assert!(!b.explanation.contains("clocks changed"));
    }

    #[test]
    fn missing_and_doubled_local_times_are_refused() {
        let tz = parse_tz("Europe/Berlin").unwrap();
        let e = local_instant(local(2026, 3, 29, 2, 30), tz).unwrap_err().to_string();
        assert!(e.contains("does not exist"), "{e}");
        let e = local_instant(local(2026, 10, 25, 2, 30), tz).unwrap_err().to_string();
        assert!(e.contains("+02:00") && e.contains("+01:00"), "{e}");
        assert!(parse_tz("Mars/Olympus").is_err());
    }
}
