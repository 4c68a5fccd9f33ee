//! The start-up benchmark's readiness signal (`app_ready`, see `scripts/bench-window.sh`). A test file
//! of its own: it sets an environment variable, and each test file is its own process.

use cockpit_desktop::commands::{app_ready, READY_FILE_VAR};
use std::time::{SystemTime, UNIX_EPOCH};

#[test]
fn app_ready_writes_the_time_once_when_asked_to() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ready");

    // Without the variable: nothing is written (and the one write is not used up).
    std::env::remove_var(READY_FILE_VAR);
    app_ready().unwrap();
    assert!(!file.exists());

    std::env::set_var(READY_FILE_VAR, &file);
    let before = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos();
    app_ready().unwrap();
    let after = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos();
    let written: u128 = std::fs::read_to_string(&file).unwrap().trim().parse().unwrap();
    assert!(before <= written && written <= after, "{before} <= {written} <= {after}");

    // Only the first call writes.
    std::fs::remove_file(&file).unwrap();
    app_ready().unwrap();
    assert!(!file.exists());
    std::env::remove_var(READY_FILE_VAR);
}
