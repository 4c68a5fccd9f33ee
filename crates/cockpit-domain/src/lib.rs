//! The domain of DPO Cockpit: the record of processing activities and the rules over it, as plain data
//! and pure functions. No IO, no database, no async, no reading of the clock: callers pass time in.
//!
//! - [`register`]: the Art. 30 record (activities, vocabularies, organisation).
//! - [`validate`]: what is refused on create, edit and import.
//! - [`completeness`]: what is missing or weak in an accepted entry, with a score.
//! - [`diff`]: field-level differences between versions.
//! - [`geo`]: ISO country and subdivision codes, IANA zones, the EEA and adequacy lists.
//! - [`retention`]: retention rules, periods and their cutoffs, legal holds, schedules.
//! - [`clock`]: the `Clock` that IO layers are handed.

pub mod clock;
pub mod completeness;
pub mod diff;
pub mod geo;
pub mod letters;
pub mod register;
pub mod reminders;
pub mod request;
pub mod request_work;
pub mod retention;
pub mod validate;

pub use clock::{Clock, FixedClock, SystemClock};
pub use register::*;
