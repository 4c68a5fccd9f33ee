//! Deadlines for callers of the API: the calculator (any question, no database) and the calendar each
//! establishment of the organisation follows.

use crate::dto::{ApiError, ErrorCode};
use cockpit_deadline::{calendar_codes, Calendar, DeadlineAnswer, DeadlineQuery};
use cockpit_domain::Establishment;
use serde::{Deserialize, Serialize};
use specta::Type;

/// A holiday calendar the user can pick.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct CalendarInfo {
    pub code: String,
    pub label: String,
    /// First and last year with holiday data (`none`: every year).
    pub first_year: Option<i32>,
    pub last_year: Option<i32>,
}

/// Answers a deadline question; a bad question is a `validation` error whose message says what is valid.
pub fn deadline(q: &DeadlineQuery) -> Result<DeadlineAnswer, ApiError> {
    q.answer().map_err(|e| ApiError {
        code: ErrorCode::Validation,
        message: e.message,
        fields: vec![],
        rows: vec![],
    })
}

/// Every holiday calendar, `none` first.
pub fn calendars() -> Vec<CalendarInfo> {
    calendar_codes()
        .into_iter()
        .map(|code| {
            let c = Calendar::get(code).expect("listed calendars exist");
            CalendarInfo {
                code: code.to_string(),
                label: c.label(),
                first_year: c.coverage().map(|(a, _)| a),
                last_year: c.coverage().map(|(_, b)| b),
            }
        })
        .collect()
}

/// The calendar of an establishment: its region's when the data has one (DE-BY, GB-SCT), else its
/// country's, else weekends only.
pub fn calendar_of(e: &Establishment) -> String {
    [e.region.as_str(), e.country.as_str()]
        .into_iter()
        .filter(|c| !c.is_empty())
        .find_map(|c| Calendar::get(c).ok().map(|cal| cal.code().to_string()))
        .unwrap_or_else(|| "none".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn est(country: &str, region: &str) -> Establishment {
        Establishment {
            name: "x".into(),
            country: country.into(),
            region: region.into(),
            timezone: "Europe/Berlin".into(),
            address: String::new(),
            main: true,
            local_holidays: Vec::new(),
        }
    }

    #[test]
    fn establishments_map_to_the_most_precise_calendar() {
        assert_eq!(calendar_of(&est("DE", "DE-BY")), "DE-BY");
        assert_eq!(calendar_of(&est("DE", "")), "DE");
        assert_eq!(calendar_of(&est("GB", "GB-SCT")), "GB-SCT");
        assert_eq!(calendar_of(&est("JP", "")), "none", "no data: weekends only");
    }

    #[test]
    fn bad_questions_are_validation_errors() {
        let e = deadline(&DeadlineQuery { regime: "x".into(), ..Default::default() }).unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation);
        assert!(e.message.contains("gdpr"));
        assert!(calendars().iter().any(|c| c.code == "GB-ENG" && c.first_year == Some(2000)));
    }
}
