//! One deadline question as plain data, as the CLI's flags and `--batch` lines, the API and the UI ask
//! it: parse and check every field, then compute. Errors name the field and list what is valid.

use crate::breach::{breach_deadline, local_instant, parse_tz, BreachDeadline};
use crate::calendar::{calendar_codes, Calendar};
use crate::regime::Regime;
use crate::request::{request_deadline, RequestDeadline, RequestInput, Wait};
use chrono::{DateTime, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// A deadline question. Dates are `YYYY-MM-DD`; `aware_at` is `YYYY-MM-DDTHH:MM:SS`, optionally with
/// an offset, read in `tz`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct DeadlineQuery {
    pub regime: String,
    #[serde(default)]
    pub calendar: Option<String>,
    #[serde(default)]
    pub received: Option<String>,
    #[serde(default)]
    pub extended: bool,
    #[serde(default)]
    pub id_requested: Option<String>,
    #[serde(default)]
    pub id_received: Option<String>,
    #[serde(default)]
    pub clarification_asked: Option<String>,
    #[serde(default)]
    pub clarification_received: Option<String>,
    #[serde(default)]
    pub aware_at: Option<String>,
    #[serde(default)]
    pub tz: Option<String>,
}

/// The answer: a request's dates or the breach instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(untagged)]
pub enum DeadlineAnswer {
    Request(RequestDeadline),
    Breach(BreachDeadline),
}

/// A question that cannot be answered, with a message that says what is valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[error("{message}")]
pub struct QueryError {
    /// `unknown_regime`, `unknown_calendar`, `invalid_date`, `missing_field`, `invalid_input`,
    /// `no_extension`, `out_of_coverage`.
    pub code: &'static str,
    pub message: String,
}

fn err(code: &'static str, message: impl Into<String>) -> QueryError {
    QueryError { code, message: message.into() }
}

fn date(field: &str, v: &Option<String>) -> Result<Option<NaiveDate>, QueryError> {
    v.as_deref()
        .map(|s| {
            NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
                err(
                    "invalid_date",
                    format!("invalid date {s:?} for {field}: expected YYYY-MM-DD, a real calendar date"),
                )
            })
        })
        .transpose()
}

fn pair(
    what: &str,
    (fa, a): (&str, &Option<String>),
    (fb, b): (&str, &Option<String>),
) -> Result<Option<Wait>, QueryError> {
    match (date(fa, a)?, date(fb, b)?) {
        (Some(asked), Some(answered)) => Ok(Some(Wait { asked, answered })),
        (None, None) => Ok(None),
        _ => Err(err("missing_field", format!("{what}: give both {fa} and {fb}"))),
    }
}

/// Every calendar code, for messages.
pub fn valid_calendars() -> String {
    calendar_codes().join(", ")
}

impl DeadlineQuery {
    pub fn answer(&self) -> Result<DeadlineAnswer, QueryError> {
        let regime: Regime =
            self.regime.parse().map_err(|e: crate::UnknownRegime| err("unknown_regime", e.to_string()))?;
        if regime == Regime::GdprBreach {
            return self.breach().map(DeadlineAnswer::Breach);
        }
        let cal = self.calendar.as_deref().ok_or_else(|| {
            err("missing_field", format!("calendar is required (valid calendars: {})", valid_calendars()))
        })?;
        let cal = Calendar::get(cal)
            .map_err(|e| err("unknown_calendar", format!("{e}; valid calendars: {}", valid_calendars())))?;
        let received = date("received", &self.received)?
            .ok_or_else(|| err("missing_field", "received is required (YYYY-MM-DD)"))?;
        let mut input = RequestInput::new(regime, received);
        input.extended = self.extended;
        input.id_check =
            pair("identity check", ("id_requested", &self.id_requested), ("id_received", &self.id_received))?;
        input.clarifications.extend(pair(
            "clarification",
            ("clarification_asked", &self.clarification_asked),
            ("clarification_received", &self.clarification_received),
        )?);
        request_deadline(&input, &cal).map(DeadlineAnswer::Request).map_err(|e| {
            let code = match e {
                crate::DeadlineError::OutOfCoverage(_) => "out_of_coverage",
                crate::DeadlineError::NoExtension(_) => "no_extension",
                _ => "invalid_input",
            };
            err(code, e.to_string())
        })
    }

    fn breach(&self) -> Result<BreachDeadline, QueryError> {
        let tz = self.tz.as_deref().ok_or_else(|| {
            err("missing_field", "tz is required for gdpr-breach (an IANA name, e.g. Europe/Berlin)")
        })?;
        let tz = parse_tz(tz).map_err(|e| err("invalid_input", e.to_string()))?;
        let aware = self.aware_at.as_deref().ok_or_else(|| {
            err("missing_field", "aware_at is required for gdpr-breach (YYYY-MM-DDTHH:MM:SS)")
        })?;
        let bad = || {
            err(
                "invalid_date",
                format!("invalid aware_at {aware:?}: expected YYYY-MM-DDTHH:MM:SS, optionally with an offset (+02:00)"),
            )
        };
        let instant = match DateTime::parse_from_rfc3339(aware.trim()) {
            Ok(t) => t.with_timezone(&tz),
            Err(_) => {
                let local = NaiveDateTime::parse_from_str(aware.trim(), "%Y-%m-%dT%H:%M:%S")
                    .or_else(|_| NaiveDateTime::parse_from_str(aware.trim(), "%Y-%m-%dT%H:%M"))
                    .map_err(|_| bad())?;
                local_instant(local, tz).map_err(|e| err("invalid_date", e.to_string()))?
            }
        };
        breach_deadline(instant).map_err(|e| err("invalid_input", e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(regime: &str, calendar: &str, received: &str) -> DeadlineQuery {
        DeadlineQuery {
            regime: regime.into(),
            calendar: Some(calendar.into()),
            received: Some(received.into()),
            ..Default::default()
        }
    }

    #[test]
    fn errors_name_the_field_and_what_is_valid() {
        let e = q("nope", "none", "2025-09-03").answer().unwrap_err();
        assert_eq!(e.code, "unknown_regime");
        assert!(e.message.contains("gdpr, uk-gdpr"), "{}", e.message);
        let e = q("gdpr", "XX", "2025-09-03").answer().unwrap_err();
        assert_eq!(e.code, "unknown_calendar");
        assert!(e.message.contains("DE-BY") && e.message.contains("none"));
        let e = q("gdpr", "none", "2025-02-30").answer().unwrap_err();
        assert_eq!(e.code, "invalid_date");
        assert!(e.message.contains("YYYY-MM-DD"));
        let mut half = q("uk-gdpr", "none", "2025-09-03");
        half.id_requested = Some("2025-09-04".into());
        assert_eq!(half.answer().unwrap_err().code, "missing_field");
        let mut ext = q("quebec", "CA-QC", "2025-09-03");
        ext.extended = true;
        assert_eq!(ext.answer().unwrap_err().code, "no_extension");
        assert_eq!(q("gdpr", "ES", "2005-01-10").answer().unwrap_err().code, "out_of_coverage");
    }

    #[test]
    fn unknown_fields_in_json_are_refused() {
        let e = serde_json::from_str::<DeadlineQuery>(r#"{"regime":"gdpr","recieved":"2025-09-03"}"#);
        assert!(e.unwrap_err().to_string().contains("recieved"));
    }

    #[test]
    fn breach_accepts_local_time_or_an_offset() {
        let mut b = DeadlineQuery {
            regime: "gdpr-breach".into(),
            tz: Some("Europe/Berlin".into()),
            ..Default::default()
        };
        b.aware_at = Some("2026-06-05T18:45:00".into());
        let DeadlineAnswer::Breach(x) = b.answer().unwrap() else { panic!() };
        assert_eq!(x.legal_due.to_rfc3339(), "2026-06-08T18:45:00+02:00");
        b.aware_at = Some("2026-06-05T16:45:00Z".into());
        let DeadlineAnswer::Breach(y) = b.answer().unwrap() else { panic!() };
        assert_eq!(x, y);
        b.aware_at = Some("2026-10-25T02:30:00".into());
        assert!(b.answer().unwrap_err().message.contains("twice"));
        b.aware_at = Some("yesterday".into());
        assert_eq!(b.answer().unwrap_err().code, "invalid_date");
    }
}
