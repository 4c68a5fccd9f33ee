//! Logs: structured JSON lines in a daily-rotating file in the app-data folder (the newest
//! [`KEEP_FILES`] days are kept), and short human-readable lines on standard error.
//!
//! What may be logged: identifiers (activity, request and run ids, rule and datastore names), counts,
//! durations, file names, error kinds. What may not: requesters' names, e-mail addresses or references,
//! register contents, passphrases, keys, datastore passwords or URLs with passwords. The API's errors
//! keep to this (storage errors name tables and columns, never values), and `tests/security.rs` runs a
//! session at the most verbose level and searches the log files for the personal data it entered.

use std::path::PathBuf;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, EnvFilter, Layer};

/// An env-filter directive for both outputs (e.g. `debug`, `cockpit_api=trace`).
pub const LOG_ENV: &str = "COCKPIT_LOG";
/// The folder for the log files, instead of `logs/` in the app-data folder.
pub const LOG_DIR_ENV: &str = "COCKPIT_LOG_DIR";
/// Daily files kept.
pub const KEEP_FILES: usize = 14;

/// Where the log files go: `COCKPIT_LOG_DIR`, else `logs/` beside the default database in the OS
/// app-data folder.
pub fn log_dir() -> PathBuf {
    std::env::var_os(LOG_DIR_ENV).map(PathBuf::from).filter(|p| !p.as_os_str().is_empty()).unwrap_or_else(
        || {
            let db = crate::default_db_path();
            db.parent().map(|p| p.join("logs")).unwrap_or_else(|| PathBuf::from("logs"))
        },
    )
}

/// Starts logging for `program` (`cockpit`, `desktop`): files named `program.YYYY-MM-DD.log` at level
/// `info` (or `COCKPIT_LOG`), standard error at `stderr_level` (or `COCKPIT_LOG`). When the folder
/// cannot be created, logs go to standard error only, and the first line says why.
pub fn init(program: &str, stderr_level: &str) {
    let directive = std::env::var(LOG_ENV).ok().filter(|d| !d.is_empty());
    let filter = |default: &str| {
        EnvFilter::try_new(directive.as_deref().unwrap_or(default)).unwrap_or_else(|_| default.into())
    };
    let stderr =
        fmt::layer().with_writer(std::io::stderr).with_target(false).with_filter(filter(stderr_level));
    let dir = log_dir();
    let file = create_private_dir(&dir).map_err(|e| e.to_string()).and_then(|()| {
        tracing_appender::rolling::Builder::new()
            .rotation(tracing_appender::rolling::Rotation::DAILY)
            .filename_prefix(program)
            .filename_suffix("log")
            .max_log_files(KEEP_FILES)
            .build(&dir)
            .map_err(|e| e.to_string())
    });
    match file {
        Ok(appender) => {
            let json = fmt::layer().json().with_writer(appender).with_ansi(false).with_filter(filter("info"));
            let _ = tracing_subscriber::registry().with(stderr).with(json).try_init();
        }
        Err(why) => {
            let _ = tracing_subscriber::registry().with(stderr).try_init();
            tracing::warn!(dir = %dir.display(), error = %why, "no log file: logging to standard error only");
        }
    }
}

/// Creates the log folder readable by its owner only (logs name files and objects of the register).
fn create_private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(dir)
}
