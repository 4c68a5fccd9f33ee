//! What the fuzz targets check, shared between them (and runnable on a corpus file from a test).

use cockpit_api::dto::ExportFormat;
use cockpit_api::io;
use cockpit_deadline::{DeadlineAnswer, DeadlineQuery};
use cockpit_domain::Register;

/// libfuzzer-sys makes every panic abort at once, even one the code under test catches on purpose
/// (the XLSX import catches calamine's panics on damaged workbooks and reports an import error). This
/// restores the default hook: a caught panic is then handled as in the app, and one that escapes is
/// still a crash (libfuzzer-sys aborts when the target unwinds).
fn let_caught_panics_be_caught() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = std::panic::take_hook();
    });
}

/// Parses `data` as a register file in `format`. Errors are fine (they are the import's row
/// messages); a panic is a crash. When the file is accepted (parsed and valid against an empty
/// register), its export must import again to the same register, and export identically.
pub fn import_round_trip(data: &[u8], format: ExportFormat) {
    let_caught_panics_be_caught();
    let Ok(parsed) = io::parse(data, format) else { return };
    if !io::validate_parsed(&parsed, &Register::default()).is_empty() {
        return;
    }
    let first = io::export(&parsed.register, format).expect("an accepted register exports");
    let again = io::parse(&first, format).unwrap_or_else(|e| {
        panic!("the export of an accepted file does not import: {:?}", e.iter().map(io::describe).collect::<Vec<_>>())
    });
    assert_eq!(again.register, parsed.register, "export → import changed the register");
    let second = io::export(&again.register, format).expect("exports");
    if format != ExportFormat::Xlsx {
        // (An XLSX file carries its creation time, so only its register is compared.)
        assert_eq!(first, second, "export → import → export changed the file");
    }
}

/// One deadline question from bytes, as `cockpit deadline` gets it: the first byte chooses between a
/// `--batch` JSON line and the flags (fields separated by newlines: regime, calendar, received,
/// id-requested, id-received, clarification-asked, clarification-received, aware-at, tz, extended).
/// Any answer or a clear error is fine; a panic, or a safe date after the legal one, is a crash.
pub fn deadline_query(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let query = if mode % 2 == 0 {
        match serde_json::from_str::<DeadlineQuery>(text) {
            Ok(q) => q,
            Err(_) => return,
        }
    } else {
        let mut f = text.split('\n').map(|s| (!s.is_empty()).then(|| s.to_string()));
        let mut next = || f.next().flatten();
        DeadlineQuery {
            regime: next().unwrap_or_default(),
            calendar: next(),
            received: next(),
            id_requested: next(),
            id_received: next(),
            clarification_asked: next(),
            clarification_received: next(),
            aware_at: next(),
            tz: next(),
            extended: next().is_some(),
        }
    };
    match query.answer() {
        Ok(DeadlineAnswer::Request(r)) => {
            assert!(r.safe_due <= r.legal_due, "safe_due after legal_due for {query:?}");
            if let (Some(s), Some(l)) = (r.extended_safe_due, r.extended_legal_due) {
                assert!(s <= l, "extended safe_due after extended legal_due for {query:?}");
            }
        }
        Ok(DeadlineAnswer::Breach(_)) => {}
        Err(e) => assert!(!e.message.is_empty(), "an error without a message for {query:?}"),
    }
}
