#![no_main]
//! `cockpit deadline`'s parsing of dates, regimes and calendars (flags and `--batch` lines) and the
//! computation behind it: never a panic, never a safe date after the legal one.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    cockpit_fuzz::deadline_query(data);
});
