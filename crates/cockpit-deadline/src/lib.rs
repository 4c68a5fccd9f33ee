//! Legally exact time limits for DPO Cockpit.
//!
//! * [`request_deadline`]: when a data-subject request must be answered, under ten regimes, with the
//!   extension, the UK late start and clarification pause, and the establishment's public holidays.
//! * [`breach_deadline`]: the GDPR Art. 33 72-hour clock, in UTC, right across daylight-saving changes.
//! * [`Calendar`]: public holidays of 300+ countries and regions, generated from a maintained dataset.
//!
//! Pure code: no IO, no clock. The caller passes the dates in; today's date, where needed, is an input
//! too. Every computed date names its rule and source and comes with an explanation in words.

pub mod breach;
pub mod calendar;
pub mod explain;
pub mod query;
pub mod regime;
pub mod request;

pub use breach::{breach_deadline, local_instant, parse_tz, BreachDeadline, BREACH_HOURS};
pub use calendar::{calendar_codes, data_source, Calendar, LocalHoliday, RestDays, UnknownCalendar};
pub use query::{valid_calendars, DeadlineAnswer, DeadlineQuery, QueryError};
pub use regime::{Regime, UnknownRegime};
pub use request::{
    legal_rest_days, request_deadline, unmoved_end, Candidate, DeadlineError, RequestDeadline, RequestInput,
    Wait,
};
