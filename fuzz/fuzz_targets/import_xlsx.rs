#![no_main]
//! XLSX register import (a ZIP of XML parts): any bytes give a register or row errors, never a panic; an accepted file
//! exports and re-imports to the same register.
use cockpit_api::dto::ExportFormat;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    cockpit_fuzz::import_round_trip(data, ExportFormat::Xlsx);
});
