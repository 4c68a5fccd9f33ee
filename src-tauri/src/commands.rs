//! The IPC commands: thin adapters over [`Cockpit`](cockpit_api::Cockpit). Each takes the webview's
//! arguments (camelCase keys in JavaScript), calls one API method and returns its result; an error is
//! the API's [`ApiError`] (`{code, message, fields, rows}`), serialised as is.
//!
//! Adding a command: write it here with `#[tauri::command]` and `#[specta::specta]`, list it in
//! [`crate::specta_builder`], and regenerate the bindings (see `tests/bindings.rs`).

use crate::dialogs::{Dialogs, FileFilter};
use crate::AppState;
use chrono::NaiveDate;
use cockpit_api::deadline::CalendarInfo;
use cockpit_api::requests::{NewEvent, NewRequest, RequestListQuery, RequestPage, RequestStats, RequestView};
use cockpit_api::{
    ActivityDetail, ActivityPage, ActivityQuery, ActivityVersion, ApiError, AppInfo, AuditEntry, AuditQuery,
    AuditVerification, Dashboard, DeadlineAnswer, DeadlineQuery, ErrorCode, ExportFormat, ImportSummary,
    Vocabularies,
};
use cockpit_domain::completeness::Completeness;
use cockpit_domain::{Activity, Organisation, VocabularyEntry, VocabularyKind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};
use tauri::State;

type Result<T> = std::result::Result<T, ApiError>;

#[tauri::command]
#[specta::specta]
pub async fn app_info(state: State<'_, AppState>) -> Result<AppInfo> {
    state.cockpit().app_info().await
}

/// The UI calls this once, when its first screen has rendered with its data. With `COCKPIT_READY_FILE`
/// set (by `scripts/bench-window.sh`), the first call writes the current time, in nanoseconds since the
/// Unix epoch, to that file: the end of the measured cold start. Without it, it does nothing.
#[tauri::command]
#[specta::specta]
pub fn app_ready() -> Result<()> {
    static SIGNALLED: AtomicBool = AtomicBool::new(false);
    let Some(path) = std::env::var_os(READY_FILE_VAR).filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    if SIGNALLED.swap(true, Ordering::SeqCst) {
        return Ok(());
    }
    write_ready_file(Path::new(&path)).map_err(|e| {
        ApiError::new(ErrorCode::Internal, format!("cannot write the {READY_FILE_VAR} file: {e}"))
    })
}

/// The environment variable naming the file that [`app_ready`] writes.
pub const READY_FILE_VAR: &str = "COCKPIT_READY_FILE";

/// Writes the current time (nanoseconds since the Unix epoch) to `path`.
pub fn write_ready_file(path: &Path) -> std::io::Result<()> {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_err(std::io::Error::other)?.as_nanos();
    std::fs::write(path, format!("{nanos}\n"))
}

#[tauri::command]
#[specta::specta]
pub async fn get_organisation(state: State<'_, AppState>) -> Result<Option<Organisation>> {
    state.cockpit().organisation().await
}

#[tauri::command]
#[specta::specta]
pub async fn set_organisation(state: State<'_, AppState>, org: Organisation) -> Result<Organisation> {
    state.cockpit().set_organisation(org).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_vocabularies(state: State<'_, AppState>) -> Result<Vocabularies> {
    state.cockpit().vocabularies().await
}

/// Creates (`original_name` null) or updates (renames) a vocabulary entry.
#[tauri::command]
#[specta::specta]
pub async fn save_vocabulary_entry(
    state: State<'_, AppState>,
    entry: VocabularyEntry,
    original_name: Option<String>,
) -> Result<VocabularyEntry> {
    state.cockpit().save_vocabulary_entry(entry, original_name).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_vocabulary_entry(
    state: State<'_, AppState>,
    kind: VocabularyKind,
    name: String,
) -> Result<()> {
    state.cockpit().delete_vocabulary_entry(kind, name).await
}

/// The register table, live or as it stood at the end of `as_of` ("YYYY-MM-DD").
#[tauri::command]
#[specta::specta]
pub async fn list_activities(
    state: State<'_, AppState>,
    query: ActivityQuery,
    as_of: Option<NaiveDate>,
) -> Result<ActivityPage> {
    state.cockpit().list_activities(query, as_of).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_activity(state: State<'_, AppState>, id: String) -> Result<ActivityDetail> {
    state.cockpit().get_activity(&id).await
}

/// An empty `id` gets the next "PA-NNNN".
#[tauri::command]
#[specta::specta]
pub async fn create_activity(state: State<'_, AppState>, activity: Activity) -> Result<ActivityDetail> {
    state.cockpit().create_activity(activity).await
}

/// Fails with `conflict` when the stored version is no longer `expected_version`.
#[tauri::command]
#[specta::specta]
pub async fn update_activity(
    state: State<'_, AppState>,
    activity: Activity,
    expected_version: u32,
) -> Result<ActivityDetail> {
    state.cockpit().update_activity(activity, Some(expected_version)).await
}

#[tauri::command]
#[specta::specta]
pub async fn retire_activity(state: State<'_, AppState>, id: String) -> Result<ActivityDetail> {
    state.cockpit().retire_activity(&id).await
}

#[tauri::command]
#[specta::specta]
pub async fn activity_history(state: State<'_, AppState>, id: String) -> Result<Vec<ActivityVersion>> {
    state.cockpit().activity_history(&id).await
}

/// Completeness of an activity being edited; nothing is saved.
#[tauri::command]
#[specta::specta]
pub async fn check_activity(state: State<'_, AppState>, activity: Activity) -> Result<Completeness> {
    state.cockpit().check_unsaved(&activity).await
}

#[tauri::command]
#[specta::specta]
pub async fn dashboard(state: State<'_, AppState>) -> Result<Dashboard> {
    state.cockpit().dashboard().await
}

#[tauri::command]
#[specta::specta]
pub async fn audit_log(state: State<'_, AppState>, query: AuditQuery) -> Result<Vec<AuditEntry>> {
    state.cockpit().audit_log(query).await
}

#[tauri::command]
#[specta::specta]
pub async fn verify_audit(state: State<'_, AppState>) -> Result<AuditVerification> {
    state.cockpit().verify_audit().await
}

/// Answers a deadline question (no database): a request's dates or the breach instant. A bad question
/// is a `validation` error whose message says what is valid. Async so that the first call, which loads
/// the embedded holiday data, runs off the main thread.
#[tauri::command]
#[specta::specta]
pub async fn compute_deadline(query: DeadlineQuery) -> Result<DeadlineAnswer> {
    cockpit_api::deadline::deadline(&query)
}

/// Every holiday calendar the deadline calculator knows, `none` (weekends only) first.
#[tauri::command]
#[specta::specta]
pub async fn list_calendars() -> Result<Vec<CalendarInfo>> {
    Ok(cockpit_api::deadline::calendars())
}

/// Records a new data-subject request: the core assigns its id ("DSR-YYYY-NNNN") and computes its
/// dates. A bad request is a `validation` error with field errors (`requester.name`, `request_type` …).
#[tauri::command]
#[specta::specta]
pub async fn add_request(state: State<'_, AppState>, request: NewRequest) -> Result<RequestView> {
    state.cockpit().add_request(request).await
}

/// A request with its dates recomputed for today.
#[tauri::command]
#[specta::specta]
pub async fn get_request(state: State<'_, AppState>, id: String) -> Result<RequestView> {
    state.cockpit().get_request(&id).await
}

/// One page of the request list.
#[tauri::command]
#[specta::specta]
pub async fn list_requests(state: State<'_, AppState>, query: RequestListQuery) -> Result<RequestPage> {
    state.cockpit().list_requests(&query).await
}

/// Adds the next step of the workflow to a request. With `expected_version`, a request changed
/// meanwhile is a `conflict`; so is a step the workflow does not allow (the message says why).
#[tauri::command]
#[specta::specta]
pub async fn add_request_event(
    state: State<'_, AppState>,
    id: String,
    event: NewEvent,
    expected_version: Option<u32>,
) -> Result<RequestView> {
    state.cockpit().add_request_event(&id, event, expected_version).await
}

/// Adds the same event to several requests, all or nothing; returns them in the order given.
#[tauri::command]
#[specta::specta]
pub async fn bulk_request_event(
    state: State<'_, AppState>,
    ids: Vec<String>,
    event: NewEvent,
) -> Result<Vec<RequestView>> {
    state.cockpit().bulk_request_event(&ids, event).await
}

/// Counts, on-time rate and median days to close over the last 12 months.
#[tauri::command]
#[specta::specta]
pub async fn request_stats(state: State<'_, AppState>) -> Result<RequestStats> {
    state.cockpit().request_stats().await
}

const CSV: FileFilter = FileFilter { name: "CSV", extensions: &["csv"] };
const JSON: FileFilter = FileFilter { name: "JSON", extensions: &["json"] };
const XLSX: FileFilter = FileFilter { name: "Excel workbook", extensions: &["xlsx"] };
const REGISTER_FILES: FileFilter =
    FileFilter { name: "Register files", extensions: &["csv", "json", "xlsx"] };

fn format_filter(format: ExportFormat) -> FileFilter {
    match format {
        ExportFormat::Csv => CSV,
        ExportFormat::Json => JSON,
        ExportFormat::Xlsx => XLSX,
    }
}

fn path_to_string(path: PathBuf) -> Result<String> {
    path.into_os_string().into_string().map_err(|p| {
        ApiError::new(ErrorCode::Internal, format!("the chosen path is not valid Unicode: {p:?}"))
    })
}

async fn on_blocking_thread<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("the file dialog failed: {e}")))
}

/// Native "open" dialog for a register file; null when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn pick_import_file(dialogs: State<'_, Dialogs>) -> Result<Option<String>> {
    let dialogs = dialogs.get();
    let path = on_blocking_thread(move || {
        dialogs.open_file("Import a register", &[REGISTER_FILES, CSV, JSON, XLSX])
    })
    .await?;
    path.map(path_to_string).transpose()
}

/// Native "save" dialog for an export in `format`; null when cancelled. A name typed without an
/// extension gets the format's.
#[tauri::command]
#[specta::specta]
pub async fn pick_export_file(dialogs: State<'_, Dialogs>, format: ExportFormat) -> Result<Option<String>> {
    let dialogs = dialogs.get();
    let filter = format_filter(format);
    let extension = filter.extensions[0];
    let path = on_blocking_thread(move || {
        dialogs.save_file("Export the register", &[filter], &format!("dpo-register.{extension}"))
    })
    .await?;
    path.map(|mut p| {
        if p.extension().is_none() {
            p.set_extension(extension);
        }
        path_to_string(p)
    })
    .transpose()
}

/// Imports a CSV, JSON or XLSX file: all or nothing (`import` errors list the rows).
#[tauri::command]
#[specta::specta]
pub async fn import_register(state: State<'_, AppState>, path: String) -> Result<ImportSummary> {
    state.cockpit().import_file(Path::new(&path)).await
}

/// Writes the register (live, or as of a date) to `path`; returns the number of activities written.
#[tauri::command]
#[specta::specta]
pub async fn export_register(
    state: State<'_, AppState>,
    path: String,
    format: ExportFormat,
    as_of: Option<NaiveDate>,
) -> Result<u32> {
    state.cockpit().export_to(Path::new(&path), format, as_of).await
}
