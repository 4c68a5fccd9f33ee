//! The IPC commands: thin adapters over [`Cockpit`](cockpit_api::Cockpit). Each takes the webview's
//! arguments (camelCase keys in JavaScript), calls one API method and returns its result; an error is
//! the API's [`ApiError`] (`{code, message, fields, rows}`), serialised as is.
//!
//! Adding a command: write it here with `#[tauri::command]` and `#[specta::specta]`, list it in
//! [`crate::specta_builder`], and regenerate the bindings (see `tests/bindings.rs`).

use crate::dialogs::{Dialogs, FileFilter, Grant};
use crate::AppState;
use chrono::NaiveDate;
use cockpit_api::backups::{BackupSchedule, BackupStatus};
use cockpit_api::deadline::CalendarInfo;
use cockpit_api::letters::LetterTemplate;
use cockpit_api::reports::{
    CertificateFile, CertificateImport, PreparedReport, ReportKeys, ReportLanguage, ReportOptions,
    ReportPaper, ReportStage, ReportVerification, SigningCertificate,
};
use cockpit_api::requests::{NewEvent, NewRequest, RequestListQuery, RequestPage, RequestStats, RequestView};
use cockpit_api::retention::{Catalog, ConnectionTest, Datastore, PlanInfo, RuleInfo, Run, RunCertificate};
use cockpit_api::security::{self, BackupReport, DatabaseState};
use cockpit_api::{
    ActivityDetail, ActivityPage, ActivityQuery, ActivityVersion, ApiError, AppInfo, AuditEntry, AuditQuery,
    AuditVerification, Dashboard, DeadlineAnswer, DeadlineQuery, ErrorCode, ExportFormat, ImportSummary,
    Vocabularies,
};
use cockpit_domain::completeness::Completeness;
use cockpit_domain::letters::{Letter, LetterKind, LetterLanguage};
use cockpit_domain::reminders::ReminderSettings;
use cockpit_domain::request_work::NoticeStatus;
use cockpit_domain::retention::{HoldScope, LegalHold, RetentionRule};
use cockpit_domain::{Activity, Organisation, VocabularyEntry, VocabularyKind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};
use tauri::State;

type Result<T> = std::result::Result<T, ApiError>;

#[tauri::command]
#[specta::specta]
pub async fn app_info(state: State<'_, AppState>) -> Result<AppInfo> {
    state.cockpit()?.app_info().await
}

/// Whether the database exists, is encrypted and is open, for the UI's gate.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, specta::Type)]
pub struct LockStatus {
    pub state: DatabaseState,
    pub unlocked: bool,
    pub db_path: String,
    /// The passphrase is kept in the OS keyring ("unlock with my login").
    pub remembered: bool,
    pub min_passphrase_chars: u32,
    pub key_derivation: String,
}

fn lock_status_of(state: &AppState) -> Result<LockStatus> {
    let path = state.path();
    Ok(LockStatus {
        state: security::database_state(path)?,
        unlocked: state.is_unlocked(),
        db_path: path.display().to_string(),
        remembered: security::remembered_passphrase(path).is_some(),
        min_passphrase_chars: security::MIN_PASSPHRASE_CHARS as u32,
        key_derivation: security::KDF_DESCRIPTION.to_string(),
    })
}

#[tauri::command]
#[specta::specta]
pub fn lock_status(state: State<'_, AppState>) -> Result<LockStatus> {
    lock_status_of(&state)
}

/// First run: creates the database, encrypted under `passphrase`, or unencrypted when it is null (the
/// user's explicit choice: "this disk is already encrypted"), loads the demo register, and opens it.
#[tauri::command]
#[specta::specta]
pub async fn create_database(
    state: State<'_, AppState>,
    passphrase: Option<String>,
    remember: bool,
) -> Result<LockStatus> {
    if security::database_state(state.path())? != DatabaseState::Missing {
        return Err(ApiError::new(ErrorCode::Conflict, "a database already exists here: unlock it instead"));
    }
    let passphrase = passphrase.map(security::new_passphrase).transpose()?;
    let cockpit = crate::open_cockpit(state.path(), state.demo(), passphrase.as_ref()).await?;
    if let (Some(p), true) = (&passphrase, remember) {
        if let Err(e) = security::remember_passphrase(state.path(), p) {
            // The database is created either way; say why the login will not unlock it.
            tracing::warn!(error = %e, "the passphrase could not be kept in the OS keyring");
        }
    }
    if passphrase.is_none() {
        tracing::warn!("the user chose an unencrypted database");
    }
    state.set_open(cockpit, true);
    lock_status_of(&state)
}

/// Opens the encrypted database with its passphrase; `remember` keeps it in the OS keyring, and its
/// absence removes it from there.
#[tauri::command]
#[specta::specta]
pub async fn unlock_database(
    state: State<'_, AppState>,
    passphrase: String,
    remember: bool,
) -> Result<LockStatus> {
    if !state.is_unlocked() {
        let p = security::Passphrase::new(passphrase);
        let cockpit = crate::open_cockpit(state.path(), state.demo(), Some(&p)).await?;
        // The checkbox shows whether the keyring holds the passphrase: ticked keeps it, unticked forgets.
        if remember {
            security::remember_passphrase(state.path(), &p)?;
        } else if security::remembered_passphrase(state.path()).is_some() {
            security::forget_passphrase(state.path())?;
        }
        state.set_open(cockpit, true);
    }
    lock_status_of(&state)
}

/// Locks: closes the database until the passphrase is given again. An unencrypted database cannot be
/// locked (anyone can read the file).
#[tauri::command]
#[specta::specta]
pub async fn lock_database(state: State<'_, AppState>) -> Result<LockStatus> {
    if security::database_state(state.path())? != DatabaseState::Encrypted {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            "the database is not encrypted, so it cannot be locked: encrypt it first (`cockpit encrypt`)",
        ));
    }
    state.close().await;
    lock_status_of(&state)
}

/// Removes the passphrase from the OS keyring: the unlock screen asks for it from now on.
#[tauri::command]
#[specta::specta]
pub fn forget_passphrase(state: State<'_, AppState>) -> Result<LockStatus> {
    security::forget_passphrase(state.path())?;
    lock_status_of(&state)
}

/// Changes the passphrase of the open encrypted database: closes it, re-keys the file, and opens it
/// again under the new passphrase (and updates the OS keyring when it holds the old one). A wrong
/// current passphrase rejects with `wrong_passphrase` and changes nothing.
#[tauri::command]
#[specta::specta]
pub async fn change_passphrase(
    state: State<'_, AppState>,
    old_passphrase: String,
    new_passphrase: String,
) -> Result<LockStatus> {
    let cockpit = state.cockpit()?;
    if !cockpit.is_encrypted() {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            "the database is not encrypted, so it has no passphrase to change: encrypt it first (`cockpit encrypt`)",
        ));
    }
    let old = security::Passphrase::new(old_passphrase);
    if !cockpit.opened_with(&old) {
        return Err(ApiError::new(
            ErrorCode::WrongPassphrase,
            "the current passphrase is wrong; nothing was changed",
        ));
    }
    let new = security::new_passphrase(new_passphrase)?;
    drop(cockpit);
    let remembered = security::remembered_passphrase(state.path()).is_some();
    // Re-keying needs the file to itself: the scheduler stops and the database closes first.
    state.close().await;
    let changed =
        cockpit_api::Cockpit::change_passphrase(state.path(), &old, &new, &cockpit_domain::SystemClock).await;
    let key = if changed.is_ok() { &new } else { &old };
    let reopened = crate::open_cockpit(state.path(), None, Some(key)).await?;
    state.set_open(reopened, true);
    changed?;
    if remembered {
        if let Err(e) = security::remember_passphrase(state.path(), &new) {
            // The keyring still holds the old passphrase, which no longer opens the database.
            let _ = security::forget_passphrase(state.path());
            return Err(ApiError::new(
                ErrorCode::Conflict,
                format!("the passphrase was changed, but the OS keyring could not keep the new one ({}): unlock with it from now on", e.message),
            ));
        }
    }
    lock_status_of(&state)
}

/// Automatic backups: the schedule, the last result, and the backups now in the folder.
#[tauri::command]
#[specta::specta]
pub async fn backup_status(state: State<'_, AppState>) -> Result<BackupStatus> {
    state.cockpit()?.backup_status().await
}

/// Sets (or, with null, turns off) the automatic backups; audited.
#[tauri::command]
#[specta::specta]
pub async fn set_backup_schedule(
    state: State<'_, AppState>,
    schedule: Option<BackupSchedule>,
) -> Result<BackupStatus> {
    state.cockpit()?.set_backup_schedule(schedule).await
}

/// A native folder picker for the automatic backups; null when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn choose_backup_directory(dialogs: State<'_, Dialogs>) -> Result<Option<String>> {
    let d = dialogs.get();
    let picked = on_blocking_thread(move || d.pick_folder("Folder for automatic backups")).await?;
    picked.map(path_to_string).transpose()
}

/// Writes an encrypted backup where the user chooses in a native save dialog; null when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn backup_now(
    state: State<'_, AppState>,
    dialogs: State<'_, Dialogs>,
) -> Result<Option<BackupReport>> {
    let cockpit = state.cockpit()?;
    let name = cockpit_api::backups::backup_file_name(chrono::Utc::now());
    let Some(path) = pick_save_path(&dialogs, "Save an encrypted backup", BACKUP, name).await? else {
        return Ok(None);
    };
    // The save dialog has asked before replacing a file.
    cockpit.backup_with_own_passphrase(&path, true).await.map(Some)
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
    state.cockpit()?.organisation().await
}

#[tauri::command]
#[specta::specta]
pub async fn set_organisation(state: State<'_, AppState>, org: Organisation) -> Result<Organisation> {
    state.cockpit()?.set_organisation(org).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_vocabularies(state: State<'_, AppState>) -> Result<Vocabularies> {
    state.cockpit()?.vocabularies().await
}

/// Creates (`original_name` null) or updates (renames) a vocabulary entry.
#[tauri::command]
#[specta::specta]
pub async fn save_vocabulary_entry(
    state: State<'_, AppState>,
    entry: VocabularyEntry,
    original_name: Option<String>,
) -> Result<VocabularyEntry> {
    state.cockpit()?.save_vocabulary_entry(entry, original_name).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_vocabulary_entry(
    state: State<'_, AppState>,
    kind: VocabularyKind,
    name: String,
) -> Result<()> {
    state.cockpit()?.delete_vocabulary_entry(kind, name).await
}

/// The register table, live or as it stood at the end of `as_of` ("YYYY-MM-DD").
#[tauri::command]
#[specta::specta]
pub async fn list_activities(
    state: State<'_, AppState>,
    query: ActivityQuery,
    as_of: Option<NaiveDate>,
) -> Result<ActivityPage> {
    state.cockpit()?.list_activities(query, as_of).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_activity(state: State<'_, AppState>, id: String) -> Result<ActivityDetail> {
    state.cockpit()?.get_activity(&id).await
}

/// An empty `id` gets the next "PA-NNNN".
#[tauri::command]
#[specta::specta]
pub async fn create_activity(state: State<'_, AppState>, activity: Activity) -> Result<ActivityDetail> {
    state.cockpit()?.create_activity(activity).await
}

/// Fails with `conflict` when the stored version is no longer `expected_version`.
#[tauri::command]
#[specta::specta]
pub async fn update_activity(
    state: State<'_, AppState>,
    activity: Activity,
    expected_version: u32,
) -> Result<ActivityDetail> {
    state.cockpit()?.update_activity(activity, Some(expected_version)).await
}

#[tauri::command]
#[specta::specta]
pub async fn retire_activity(state: State<'_, AppState>, id: String) -> Result<ActivityDetail> {
    state.cockpit()?.retire_activity(&id).await
}

#[tauri::command]
#[specta::specta]
pub async fn activity_history(state: State<'_, AppState>, id: String) -> Result<Vec<ActivityVersion>> {
    state.cockpit()?.activity_history(&id).await
}

/// Completeness of an activity being edited; nothing is saved.
#[tauri::command]
#[specta::specta]
pub async fn check_activity(state: State<'_, AppState>, activity: Activity) -> Result<Completeness> {
    state.cockpit()?.check_unsaved(&activity).await
}

#[tauri::command]
#[specta::specta]
pub async fn dashboard(state: State<'_, AppState>) -> Result<Dashboard> {
    state.cockpit()?.dashboard().await
}

#[tauri::command]
#[specta::specta]
pub async fn audit_log(state: State<'_, AppState>, query: AuditQuery) -> Result<Vec<AuditEntry>> {
    state.cockpit()?.audit_log(query).await
}

#[tauri::command]
#[specta::specta]
pub async fn verify_audit(state: State<'_, AppState>) -> Result<AuditVerification> {
    state.cockpit()?.verify_audit().await
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
    state.cockpit()?.add_request(request).await
}

/// A request with its dates recomputed for today.
#[tauri::command]
#[specta::specta]
pub async fn get_request(state: State<'_, AppState>, id: String) -> Result<RequestView> {
    state.cockpit()?.get_request(&id).await
}

/// One page of the request list.
#[tauri::command]
#[specta::specta]
pub async fn list_requests(state: State<'_, AppState>, query: RequestListQuery) -> Result<RequestPage> {
    state.cockpit()?.list_requests(&query).await
}

/// Adds the next step of the workflow to a request. With `expected_version`, a request changed
/// meanwhile is `stale`; so is a step the workflow does not allow (the message says why).
#[tauri::command]
#[specta::specta]
pub async fn add_request_event(
    state: State<'_, AppState>,
    id: String,
    event: NewEvent,
    expected_version: Option<u32>,
) -> Result<RequestView> {
    state.cockpit()?.add_request_event(&id, event, expected_version).await
}

/// Adds the same event to several requests, all or nothing; returns them in the order given.
#[tauri::command]
#[specta::specta]
pub async fn bulk_request_event(
    state: State<'_, AppState>,
    ids: Vec<String>,
    event: NewEvent,
) -> Result<Vec<RequestView>> {
    state.cockpit()?.bulk_request_event(&ids, event).await
}

/// Links processing activities to a request: their systems become tasks and, for rectification,
/// erasure and restriction, their recipients enter the Art. 19 ledger (audited). A request changed
/// meanwhile is `stale`; a closed one is a `conflict`.
#[tauri::command]
#[specta::specta]
pub async fn link_request_activities(
    state: State<'_, AppState>,
    id: String,
    activities: Vec<String>,
    expected_version: Option<u32>,
) -> Result<RequestView> {
    state.cockpit()?.link_request_activities(&id, activities, expected_version).await
}

/// Closes the task of one system (or owner) with its evidence note (audited).
#[tauri::command]
#[specta::specta]
pub async fn complete_request_task(
    state: State<'_, AppState>,
    id: String,
    system: String,
    date: NaiveDate,
    evidence: String,
    expected_version: Option<u32>,
) -> Result<RequestView> {
    state.cockpit()?.complete_request_task(&id, &system, date, &evidence, expected_version).await
}

/// Records where telling one recipient stands (GDPR Art. 19); "impossible" and "disproportionate
/// effort" need a reason (audited).
#[tauri::command]
#[specta::specta]
pub async fn record_recipient_notice(
    state: State<'_, AppState>,
    id: String,
    recipient: String,
    status: NoticeStatus,
    date: NaiveDate,
    reason: String,
    expected_version: Option<u32>,
) -> Result<RequestView> {
    state.cockpit()?.record_recipient_notice(&id, &recipient, status, date, &reason, expected_version).await
}

/// A letter template as the editor shows it (the organisation's wording or the default).
#[tauri::command]
#[specta::specta]
pub async fn letter_template(
    state: State<'_, AppState>,
    kind: LetterKind,
    language: LetterLanguage,
) -> Result<LetterTemplate> {
    state.cockpit()?.letter_template(kind, language).await
}

/// Replaces a template (null: back to the default), audited; a template that does not render is a
/// `validation` error saying why.
#[tauri::command]
#[specta::specta]
pub async fn set_letter_template(
    state: State<'_, AppState>,
    kind: LetterKind,
    language: LetterLanguage,
    text: Option<String>,
) -> Result<LetterTemplate> {
    state.cockpit()?.set_letter_template(kind, language, text).await
}

/// Renders a template text that is not saved yet: against a request, or sample data (the editor's
/// preview).
#[tauri::command]
#[specta::specta]
pub async fn preview_letter_template(
    state: State<'_, AppState>,
    kind: LetterKind,
    language: LetterLanguage,
    text: String,
    id: Option<String>,
    reason: Option<String>,
) -> Result<Letter> {
    state.cockpit()?.preview_letter_template(kind, language, &text, id.as_deref(), reason.as_deref()).await
}

/// A letter for a request from the current template, as text (to paste), with its warnings.
#[tauri::command]
#[specta::specta]
pub async fn request_letter(
    state: State<'_, AppState>,
    id: String,
    kind: LetterKind,
    language: LetterLanguage,
    reason: Option<String>,
) -> Result<Letter> {
    state.cockpit()?.request_letter(&id, kind, language, reason.as_deref()).await
}

/// The same letter set as a PDF, as raw bytes (see [`PdfBytes`]), for the preview. Nothing is recorded.
#[tauri::command]
#[specta::specta]
pub async fn request_letter_pdf(
    state: State<'_, AppState>,
    id: String,
    kind: LetterKind,
    language: LetterLanguage,
    reason: Option<String>,
    paper: ReportPaper,
) -> Result<PdfBytes> {
    let out =
        state.cockpit()?.request_letter_pdf(&id, kind, language, reason.as_deref(), paper.into()).await?;
    Ok(PdfBytes(tauri::ipc::Response::new(out.pdf)))
}

/// A letter saved as a PDF.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
pub struct SavedLetter {
    pub pdf: String,
    /// SHA-256 of the file, hex, as the audit trail records it.
    pub sha256: String,
    pub warnings: Vec<String>,
}

/// Saves a letter as a PDF (native save dialog) and records in the audit trail that it was issued,
/// with the file's SHA-256; null when the dialog was cancelled (nothing is recorded then).
#[tauri::command]
#[specta::specta]
pub async fn save_request_letter(
    state: State<'_, AppState>,
    dialogs: State<'_, Dialogs>,
    id: String,
    kind: LetterKind,
    language: LetterLanguage,
    reason: Option<String>,
    paper: ReportPaper,
) -> Result<Option<SavedLetter>> {
    let cockpit = state.cockpit()?;
    // Refused letters (an extension notice before the extension is recorded …) fail before the dialog.
    cockpit.request_letter(&id, kind, language, reason.as_deref()).await?;
    let suggested = format!("{id}-{}-{}.pdf", kind.code(), language.code());
    let Some(path) = pick_save_path(&dialogs, "Save the letter", PDF, suggested).await? else {
        return Ok(None);
    };
    let file_name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let issued = cockpit
        .issue_request_letter(&id, kind, language, reason.as_deref(), paper.into(), &file_name)
        .await?;
    write_atomically(&path, &issued.pdf)?;
    Ok(Some(SavedLetter {
        pdf: path_to_string(path)?,
        sha256: issued.sha256,
        warnings: issued.letter.warnings,
    }))
}

/// When to remind of due dates (desktop notifications).
#[tauri::command]
#[specta::specta]
pub async fn reminder_settings(state: State<'_, AppState>) -> Result<ReminderSettings> {
    state.cockpit()?.reminder_settings().await
}

/// Changes the reminder settings (audited); invalid ones are a `validation` error saying why.
#[tauri::command]
#[specta::specta]
pub async fn set_reminder_settings(
    state: State<'_, AppState>,
    settings: ReminderSettings,
) -> Result<ReminderSettings> {
    state.cockpit()?.set_reminder_settings(settings).await
}

/// Counts, on-time rate and median days to close over the last 12 months.
#[tauri::command]
#[specta::specta]
pub async fn request_stats(state: State<'_, AppState>) -> Result<RequestStats> {
    state.cockpit()?.request_stats().await
}

const CSV: FileFilter = FileFilter { name: "CSV", extensions: &["csv"] };
const JSON: FileFilter = FileFilter { name: "JSON", extensions: &["json"] };
const XLSX: FileFilter = FileFilter { name: "Excel workbook", extensions: &["xlsx"] };
const BACKUP: FileFilter = FileFilter { name: "Encrypted database backup", extensions: &["db"] };
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
    let native = dialogs.get();
    let path =
        on_blocking_thread(move || native.open_file("Import a register", &[REGISTER_FILES, CSV, JSON, XLSX]))
            .await?;
    if let Some(p) = &path {
        dialogs.grant(Grant::Import, p);
    }
    path.map(path_to_string).transpose()
}

/// Native "save" dialog for an export in `format`; null when cancelled. A name typed without an
/// extension gets the format's.
#[tauri::command]
#[specta::specta]
pub async fn pick_export_file(dialogs: State<'_, Dialogs>, format: ExportFormat) -> Result<Option<String>> {
    let native = dialogs.get();
    let filter = format_filter(format);
    let extension = filter.extensions[0];
    let path = on_blocking_thread(move || {
        native.save_file("Export the register", &[filter], &format!("dpo-register.{extension}"))
    })
    .await?;
    path.map(|mut p| {
        if p.extension().is_none() {
            p.set_extension(extension);
        }
        dialogs.grant(Grant::Export, &p);
        path_to_string(p)
    })
    .transpose()
}

/// The refusal of a path the user did not choose in the matching dialog.
fn not_chosen(what: &str) -> ApiError {
    ApiError::new(
        ErrorCode::Validation,
        format!("choose the file to {what} in the file dialog: the app reads and writes no other file"),
    )
}

/// Imports a CSV, JSON or XLSX file (one the user chose with `pick_import_file`): all or nothing
/// (`import` errors list the rows).
#[tauri::command]
#[specta::specta]
pub async fn import_register(
    state: State<'_, AppState>,
    dialogs: State<'_, Dialogs>,
    path: String,
) -> Result<ImportSummary> {
    let cockpit = state.cockpit()?;
    if !dialogs.take(Grant::Import, Path::new(&path)) {
        return Err(not_chosen("import"));
    }
    cockpit.import_file(Path::new(&path)).await
}

/// Writes the register (live, or as of a date) to `path` (one the user chose with `pick_export_file`);
/// returns the number of activities written.
#[tauri::command]
#[specta::specta]
pub async fn export_register(
    state: State<'_, AppState>,
    dialogs: State<'_, Dialogs>,
    path: String,
    format: ExportFormat,
    as_of: Option<NaiveDate>,
) -> Result<u32> {
    let cockpit = state.cockpit()?;
    if !dialogs.take(Grant::Export, Path::new(&path)) {
        return Err(not_chosen("export to"));
    }
    cockpit.export_to(Path::new(&path), format, as_of).await
}

// -------------------------------------------------------------------------------------------------
// Retention

/// The organisation's datastores (URLs never carry a password).
#[tauri::command]
#[specta::specta]
pub async fn list_datastores(state: State<'_, AppState>) -> Result<Vec<Datastore>> {
    state.cockpit()?.list_datastores().await
}

/// Adds a datastore after a successful connection test. A password goes to the OS keyring.
#[tauri::command]
#[specta::specta]
pub async fn add_datastore(
    state: State<'_, AppState>,
    name: String,
    kind: String,
    url: String,
    password: Option<String>,
) -> Result<(Datastore, ConnectionTest)> {
    state.cockpit()?.add_datastore(&name, &kind, &url, password).await
}

/// "Test connection": the server's version and the tables it shows us.
#[tauri::command]
#[specta::specta]
pub async fn test_datastore(state: State<'_, AppState>, name: String) -> Result<ConnectionTest> {
    state.cockpit()?.test_datastore(&name).await
}

/// Tables, columns and unique keys of a datastore, for the rule editor's pickers.
#[tauri::command]
#[specta::specta]
pub async fn datastore_catalog(state: State<'_, AppState>, name: String) -> Result<Catalog> {
    state.cockpit()?.datastore_catalog(&name).await
}

/// The time zone new rules default to (the main establishment's).
#[tauri::command]
#[specta::specta]
pub async fn retention_default_timezone(state: State<'_, AppState>) -> Result<String> {
    state.cockpit()?.default_timezone().await
}

#[tauri::command]
#[specta::specta]
pub async fn retention_rules(state: State<'_, AppState>) -> Result<Vec<RuleInfo>> {
    state.cockpit()?.retention_rules().await
}

#[tauri::command]
#[specta::specta]
pub async fn retention_rule(state: State<'_, AppState>, name: String) -> Result<RuleInfo> {
    state.cockpit()?.retention_rule(&name).await
}

/// Adds a rule, checked against the datastore's catalogue (`validation` says what does not fit).
#[tauri::command]
#[specta::specta]
pub async fn add_retention_rule(state: State<'_, AppState>, rule: RetentionRule) -> Result<RuleInfo> {
    state.cockpit()?.add_retention_rule(rule).await
}

/// Saves a changed rule as its next version; its plan must be approved again.
#[tauri::command]
#[specta::specta]
pub async fn update_retention_rule(
    state: State<'_, AppState>,
    rule: RetentionRule,
    expected_version: u32,
) -> Result<RuleInfo> {
    state.cockpit()?.update_retention_rule(rule, expected_version).await
}

/// The dry run of a rule now: nothing is changed.
#[tauri::command]
#[specta::specta]
pub async fn retention_plan(state: State<'_, AppState>, name: String) -> Result<PlanInfo> {
    state.cockpit()?.retention_plan(&name).await
}

/// Approves the plan of the rule's current version (audited with the plan).
#[tauri::command]
#[specta::specta]
pub async fn approve_retention(state: State<'_, AppState>, name: String) -> Result<PlanInfo> {
    state.cockpit()?.approve_retention(&name).await
}

/// Starts a run of the rule (or resumes its unfinished one) on a background task and returns the run
/// as soon as it is recorded; follow it with [`retention_run`]. A run that cannot start (not approved,
/// running elsewhere, datastore unreachable) is refused with the API's error, and nothing changed.
#[tauri::command]
#[specta::specta]
pub async fn start_retention_run(state: State<'_, AppState>, name: String) -> Result<Run> {
    let cockpit = state.cockpit()?;
    let (tx, rx) = tokio::sync::oneshot::channel::<Result<i64>>();
    let tx = std::sync::Arc::new(std::sync::Mutex::new(Some(tx)));
    let started = tx.clone();
    tauri::async_runtime::spawn(async move {
        let outcome = cockpit
            .run_retention_notify(&name, move |id| {
                if let Some(t) = started.lock().unwrap_or_else(|e| e.into_inner()).take() {
                    let _ = t.send(Ok(id));
                }
            })
            .await;
        if let Err(e) = outcome {
            match tx.lock().unwrap_or_else(|e| e.into_inner()).take() {
                Some(t) => {
                    let _ = t.send(Err(e));
                }
                // Started, then failed: the run's row says so (status `failed`, with its errors).
                None => tracing::warn!(rule = %name, "a retention run started from the UI failed"),
            }
        }
    });
    let id = rx
        .await
        .map_err(|_| ApiError::new(ErrorCode::Internal, "the retention run ended without starting"))??;
    state.cockpit()?.retention_run(id).await
}

/// One run with its progress so far (polled by the UI while it is `running`).
#[tauri::command]
#[specta::specta]
pub async fn retention_run(state: State<'_, AppState>, id: i64) -> Result<Run> {
    state.cockpit()?.retention_run(id).await
}

/// Asks a running run to stop after its current batch; false when it was not running.
#[tauri::command]
#[specta::specta]
pub async fn cancel_retention_run(state: State<'_, AppState>, id: i64) -> Result<bool> {
    state.cockpit()?.cancel_retention_run(id).await
}

/// The most recent runs, newest first (of one rule, or of all).
#[tauri::command]
#[specta::specta]
pub async fn retention_runs(
    state: State<'_, AppState>,
    rule: Option<String>,
    limit: u32,
) -> Result<Vec<Run>> {
    state.cockpit()?.retention_runs(rule.as_deref(), limit).await
}

/// A run's evidence, its digest recomputed and compared with the audit trail.
#[tauri::command]
#[specta::specta]
pub async fn retention_certificate(state: State<'_, AppState>, id: i64) -> Result<RunCertificate> {
    state.cockpit()?.retention_certificate(id).await
}

const PDF: FileFilter = FileFilter { name: "PDF", extensions: &["pdf"] };

/// The path chosen in a save dialog, with `extension` added when the name has none.
async fn pick_save_path(
    dialogs: &Dialogs,
    title: &'static str,
    filter: FileFilter,
    name: String,
) -> Result<Option<PathBuf>> {
    let dialogs = dialogs.get();
    let path = on_blocking_thread(move || dialogs.save_file(title, &[filter], &name)).await?;
    Ok(path.map(|mut p| {
        if p.extension().is_none() {
            p.set_extension(filter.extensions[0]);
        }
        p
    }))
}

/// `FILE.minisig` beside `FILE`, as the CLI writes it.
fn minisig_path(pdf: &Path) -> PathBuf {
    let mut s = pdf.as_os_str().to_owned();
    s.push(".minisig");
    PathBuf::from(s)
}

/// Writes through a temporary file in the same folder and a rename, so that a failed write never
/// leaves half a file under the chosen name.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let fail = |e: std::io::Error| {
        ApiError::new(ErrorCode::Validation, format!("cannot write {}: {e}", path.display()))
    };
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tmp"));
    std::fs::write(&tmp, bytes).map_err(fail)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        fail(e)
    })
}

/// Where a signed PDF was saved.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, specta::Type)]
pub struct SavedFiles {
    pub pdf: String,
    pub minisig: String,
    pub xlsx: Option<String>,
}

/// Saves the deletion certificate of a run as a signed PDF in `language` (native save dialog), with its
/// `.minisig` beside it; null when the dialog was cancelled.
#[tauri::command]
#[specta::specta]
pub async fn save_retention_certificate(
    state: State<'_, AppState>,
    dialogs: State<'_, Dialogs>,
    id: i64,
    language: ReportLanguage,
    paper: ReportPaper,
) -> Result<Option<SavedFiles>> {
    let suggested = format!("retention-run-{id}-certificate.pdf");
    let Some(path) = pick_save_path(&dialogs, "Save the deletion certificate", PDF, suggested).await? else {
        return Ok(None);
    };
    let file_name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let signed =
        state.cockpit()?.retention_certificate_pdf(id, language.into(), paper.into(), &file_name).await?;
    write_atomically(&path, &signed.pdf)?;
    let sig = minisig_path(&path);
    write_atomically(&sig, signed.minisig.as_bytes())?;
    Ok(Some(SavedFiles { pdf: path_to_string(path)?, minisig: path_to_string(sig)?, xlsx: None }))
}

/// Legal holds: the active ones, or all (released and expired too).
#[tauri::command]
#[specta::specta]
pub async fn list_holds(state: State<'_, AppState>, include_inactive: bool) -> Result<Vec<LegalHold>> {
    state.cockpit()?.list_holds(include_inactive).await
}

/// Puts a legal hold on a rule, an activity or listed keys of a rule (audited).
#[tauri::command]
#[specta::specta]
pub async fn add_hold(
    state: State<'_, AppState>,
    scope: HoldScope,
    reason: String,
    owner: Option<String>,
    until: Option<NaiveDate>,
) -> Result<LegalHold> {
    state.cockpit()?.add_hold(scope, &reason, owner, until).await
}

/// Releases an active hold, with a reason (audited).
#[tauri::command]
#[specta::specta]
pub async fn release_hold(state: State<'_, AppState>, id: i64, reason: String) -> Result<LegalHold> {
    state.cockpit()?.release_hold(id, &reason).await
}

// -------------------------------------------------------------------------------------------------
// Reports

/// Reports generated in this session (kept until saved or replaced) and the stage of each job.
#[derive(Default)]
pub struct ReportJobs {
    inner: std::sync::Arc<std::sync::Mutex<ReportJobsInner>>,
}

#[derive(Default)]
struct ReportJobsInner {
    next_id: u32,
    /// The most recent reports, oldest first (a few at most: each holds a whole PDF).
    reports: Vec<(u32, PreparedReport)>,
    stages: std::collections::HashMap<String, ReportStage>,
}

/// How many generated reports are kept for saving.
const KEPT_REPORTS: usize = 4;

impl ReportJobs {
    fn lock(&self) -> std::sync::MutexGuard<'_, ReportJobsInner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A generated report, as the UI receives it: the id under which [`report_pdf`] sends the signed PDF
/// for the preview and [`save_report`] saves exactly these bytes.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, specta::Type)]
pub struct GeneratedReport {
    pub id: u32,
    pub pages: u32,
    pub bytes: u32,
    pub suggested_file_name: String,
    pub has_xlsx: bool,
}

/// The bytes of a generated PDF, sent to the webview as they are (an `ArrayBuffer` through Tauri's raw
/// IPC response) rather than as JSON or base64: a 1,400-page record is 3 MB. Its TypeScript type is
/// declared as `number[]`, the type specta gives bytes; `ui/src/api/tauri.ts` accepts both forms.
pub struct PdfBytes(tauri::ipc::Response);

impl specta::Type for PdfBytes {
    fn definition(types: &mut specta::Types) -> specta::datatype::DataType {
        <Vec<u8> as specta::Type>::definition(types)
    }
}

impl tauri::ipc::IpcResponse for PdfBytes {
    fn body(self) -> tauri::Result<tauri::ipc::InvokeResponseBody> {
        self.0.body()
    }
}

/// The public parts of the report-signing keys (created on first use).
#[tauri::command]
#[specta::specta]
pub async fn report_keys(state: State<'_, AppState>) -> Result<ReportKeys> {
    state.cockpit()?.report_keys().await
}

/// The organisation's imported signing certificates: the active one and the retired ones.
#[tauri::command]
#[specta::specta]
pub async fn signing_certificates(state: State<'_, AppState>) -> Result<Vec<SigningCertificate>> {
    state.cockpit()?.signing_certificates().await
}

const CERTIFICATE_FILES: FileFilter =
    FileFilter { name: "Certificate and key", extensions: &["p12", "pfx", "pem", "crt", "cer", "key"] };
const PEM_FILES: FileFilter = FileFilter { name: "PEM", extensions: &["pem", "crt", "cer", "key"] };

/// Imports the organisation's own signing certificate (native open dialog): a PKCS#12 file, or a PEM
/// file; when the PEM file holds the certificate but not the key (or the other way round), a second
/// dialog asks for the other file. `password` opens a PKCS#12 file or an encrypted key. Checked before
/// anything is stored (see `Cockpit::import_signing_certificate`). Null when a dialog was cancelled.
#[tauri::command]
#[specta::specta]
pub async fn import_signing_certificate(
    state: State<'_, AppState>,
    dialogs: State<'_, Dialogs>,
    password: Option<String>,
) -> Result<Option<SigningCertificate>> {
    let read = |path: &std::path::Path| -> Result<CertificateFile> {
        let bytes = std::fs::read(path).map_err(|e| {
            ApiError::new(ErrorCode::Validation, format!("cannot read {}: {e}", path.display()))
        })?;
        let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        Ok(CertificateFile { name, bytes })
    };
    let d = dialogs.get();
    let Some(first) = on_blocking_thread(move || {
        d.open_file("Import the organisation's signing certificate", &[CERTIFICATE_FILES])
    })
    .await?
    else {
        return Ok(None);
    };
    let mut files = vec![read(&first)?];
    if let Ok(text) = std::str::from_utf8(&files[0].bytes) {
        let has_key = text.contains("PRIVATE KEY-----");
        let has_cert = text.contains("CERTIFICATE-----");
        if has_key != has_cert {
            let title = if has_key { "Choose the certificate (PEM)" } else { "Choose its private key (PEM)" };
            let d = dialogs.get();
            let Some(second) = on_blocking_thread(move || d.open_file(title, &[PEM_FILES])).await? else {
                return Ok(None);
            };
            files.push(read(&second)?);
        }
    }
    let password = password.filter(|p| !p.is_empty());
    state.cockpit()?.import_signing_certificate(CertificateImport { files, password }).await.map(Some)
}

/// Stops signing with the imported certificate (the self-signed one signs again); false when none
/// was active.
#[tauri::command]
#[specta::specta]
pub async fn retire_signing_certificate(state: State<'_, AppState>) -> Result<bool> {
    state.cockpit()?.retire_signing_certificate().await
}

/// Generates (builds, renders, PAdES-signs) a report. While it runs, [`report_progress`] with the same
/// `job` (any string the caller chooses) tells its stage.
#[tauri::command]
#[specta::specta]
pub async fn generate_report(
    state: State<'_, AppState>,
    jobs: State<'_, ReportJobs>,
    job: String,
    options: ReportOptions,
) -> Result<GeneratedReport> {
    let tracker = jobs.inner.clone();
    let key = job.clone();
    let prepared = state
        .cockpit()?
        .prepare_report(&options, move |stage| {
            tracker.lock().unwrap_or_else(|e| e.into_inner()).stages.insert(key.clone(), stage);
        })
        .await;
    let prepared = match prepared {
        Ok(p) => p,
        Err(e) => {
            jobs.lock().stages.remove(&job);
            return Err(e);
        }
    };
    let generated = GeneratedReport {
        id: 0,
        pages: prepared.pages as u32,
        bytes: prepared.pdf.len() as u32,
        suggested_file_name: prepared.suggested_file_name(),
        has_xlsx: prepared.xlsx.is_some(),
    };
    let mut inner = jobs.lock();
    inner.next_id += 1;
    let id = inner.next_id;
    inner.reports.push((id, prepared));
    let excess = inner.reports.len().saturating_sub(KEPT_REPORTS);
    inner.reports.drain(..excess);
    Ok(GeneratedReport { id, ..generated })
}

/// The signed PDF of a generated report, as raw bytes (see [`PdfBytes`]), for the preview.
#[tauri::command]
#[specta::specta]
pub fn report_pdf(jobs: State<'_, ReportJobs>, id: u32) -> Result<PdfBytes> {
    let inner = jobs.lock();
    let (_, r) = inner
        .reports
        .iter()
        .find(|(i, _)| *i == id)
        .ok_or_else(|| ApiError::not_found(format!("generated report {id} (generate it again)")))?;
    Ok(PdfBytes(tauri::ipc::Response::new(r.pdf.clone())))
}

/// The stage of a report job: null before it started (or after it failed).
#[tauri::command]
#[specta::specta]
pub fn report_progress(jobs: State<'_, ReportJobs>, job: String) -> Option<ReportStage> {
    jobs.lock().stages.get(&job).copied()
}

/// Saves a generated report (native save dialog): the PDF exactly as previewed, its `.minisig` beside
/// it (signed now, naming the chosen file, as the CLI does) and, when generated, the workbook as
/// `NAME.xlsx` beside them. Null when the dialog was cancelled.
#[tauri::command]
#[specta::specta]
pub async fn save_report(
    state: State<'_, AppState>,
    jobs: State<'_, ReportJobs>,
    dialogs: State<'_, Dialogs>,
    id: u32,
) -> Result<Option<SavedFiles>> {
    let prepared = jobs
        .lock()
        .reports
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(_, r)| r.clone())
        .ok_or_else(|| ApiError::not_found(format!("generated report {id} (generate it again)")))?;
    let Some(path) = pick_save_path(&dialogs, "Save the report", PDF, prepared.suggested_file_name()).await?
    else {
        return Ok(None);
    };
    let file_name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let minisig = state.cockpit()?.minisign_report(&prepared, &file_name).await?;
    write_atomically(&path, &prepared.pdf)?;
    let sig = minisig_path(&path);
    write_atomically(&sig, minisig.as_bytes())?;
    let xlsx = match &prepared.xlsx {
        Some(bytes) => {
            let x = path.with_extension("xlsx");
            write_atomically(&x, bytes)?;
            Some(path_to_string(x)?)
        }
        None => None,
    };
    Ok(Some(SavedFiles { pdf: path_to_string(path)?, minisig: path_to_string(sig)?, xlsx }))
}

/// A report file checked by [`verify_report_file`].
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, specta::Type)]
pub struct VerifiedFile {
    pub path: String,
    /// The `.minisig` checked with it; null when none was found beside the file.
    pub minisig_path: Option<String>,
    pub result: ReportVerification,
}

/// Chooses a PDF (native open dialog) and checks its embedded signature and, when `FILE.minisig` is
/// beside it, the detached one, against this installation's keys. Null when the dialog was cancelled.
#[tauri::command]
#[specta::specta]
pub async fn verify_report_file(
    state: State<'_, AppState>,
    dialogs: State<'_, Dialogs>,
) -> Result<Option<VerifiedFile>> {
    let d = dialogs.get();
    let Some(path) = on_blocking_thread(move || d.open_file("Verify a report", &[PDF])).await? else {
        return Ok(None);
    };
    let pdf = std::fs::read(&path)
        .map_err(|e| ApiError::new(ErrorCode::Validation, format!("cannot read {}: {e}", path.display())))?;
    let sig_path = minisig_path(&path);
    let minisig = match std::fs::read_to_string(&sig_path) {
        Ok(s) => Some(s),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(ApiError::new(
                ErrorCode::Validation,
                format!("cannot read {}: {e}", sig_path.display()),
            ))
        }
    };
    let has_sig = minisig.is_some();
    let result = state.cockpit()?.verify_report(pdf, minisig).await?;
    Ok(Some(VerifiedFile {
        path: path_to_string(path)?,
        minisig_path: if has_sig { Some(path_to_string(sig_path)?) } else { None },
        result,
    }))
}
