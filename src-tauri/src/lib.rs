//! The Tauri desktop shell of DPO Cockpit.
//!
//! Every command is a thin adapter: it takes its arguments from the webview, calls one
//! [`cockpit_api::Cockpit`] method and hands back the result or the [`ApiError`] unchanged. The rules,
//! the SQL and the audit trail live in the core crates, which never depend on Tauri (see
//! `tests/core_has_no_tauri.rs`).
//!
//! The TypeScript bindings in `ui/src/bindings.ts` are generated from [`specta_builder`]; the test
//! `tests/bindings.rs` fails when they are out of date (`UPDATE_BINDINGS=1 cargo test -p
//! cockpit-desktop --test bindings` rewrites them).

pub mod commands;
pub mod dialogs;

use cockpit_api::{ActivityQuery, ApiError, Cockpit, DemoLanguage, ErrorCode};
use cockpit_domain::reminders::Reminder;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tauri::{Manager, Runtime};
use tauri_specta::ErrorHandlingMode;

/// Shows one reminder (a desktop notification in the app); an error leaves it for the next pass.
pub type Notify = Arc<dyn Fn(&Reminder) -> Result<(), String> + Send + Sync>;

/// How often reminders of due dates are looked for while the database is unlocked.
pub const REMINDER_TICK: std::time::Duration = std::time::Duration::from_secs(600);

/// The background tasks while the database is unlocked, and how to stop them.
struct Scheduler {
    stop: tokio::sync::watch::Sender<bool>,
    tasks: Vec<tauri::async_runtime::JoinHandle<()>>,
}

impl Scheduler {
    /// Scheduled retention runs, the daily refresh of request dates and automatic backups, checked
    /// every minute; with `notify`, reminders of due dates every [`REMINDER_TICK`] (and at once).
    fn start(cockpit: &Cockpit, notify: Option<Notify>) -> Scheduler {
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let c = cockpit.clone();
        let rx = stopped.clone();
        let mut tasks = vec![tauri::async_runtime::spawn(async move {
            c.scheduler_loop(std::time::Duration::from_secs(60), rx).await
        })];
        if let Some(notify) = notify {
            let c = cockpit.clone();
            tasks.push(tauri::async_runtime::spawn(async move {
                cockpit_api::retention::run_every(REMINDER_TICK, stopped, || async {
                    match c.remind(|r| notify(r)).await {
                        Ok(0) => {}
                        Ok(n) => tracing::info!(shown = n, "reminders of due dates shown"),
                        Err(e) => tracing::warn!(error = %e.message, "reminder pass failed"),
                    }
                })
                .await
            }));
        }
        Scheduler { stop, tasks }
    }

    /// Stops the loops after their current pass and waits for them, but not for ever: a run cut short
    /// resumes at the next start.
    async fn stop(self) {
        let _ = self.stop.send(true);
        for task in self.tasks {
            let _ = tokio::time::timeout(std::time::Duration::from_secs(5), task).await;
        }
    }
}

/// What every command works on: the cockpit, once the database is open (unlocked).
pub struct AppState {
    path: PathBuf,
    demo: Option<DemoLanguage>,
    open: std::sync::Mutex<Option<(Cockpit, Option<Scheduler>)>>,
    notify: Option<Notify>,
}

impl AppState {
    /// An unlocked state over an open cockpit, without a scheduler (the tests).
    pub fn new(cockpit: Cockpit) -> Self {
        let path = cockpit.store().path().to_path_buf();
        AppState { path, demo: None, open: std::sync::Mutex::new(Some((cockpit, None))), notify: None }
    }

    /// A locked state: the UI's gate creates or unlocks the database at `path`.
    pub fn locked(path: PathBuf, demo: Option<DemoLanguage>) -> Self {
        AppState { path, demo, open: std::sync::Mutex::new(None), notify: None }
    }

    /// Shows reminders of due dates with `notify` while the database is unlocked.
    pub fn with_reminders(self, notify: Notify) -> Self {
        AppState { notify: Some(notify), ..self }
    }

    fn guard(&self) -> std::sync::MutexGuard<'_, Option<(Cockpit, Option<Scheduler>)>> {
        self.open.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The open cockpit, or `ErrorCode::Locked`.
    pub fn cockpit(&self) -> Result<Cockpit, ApiError> {
        self.guard().as_ref().map(|(c, _)| c.clone()).ok_or_else(|| {
            ApiError::new(ErrorCode::Locked, "the database is locked: unlock it with its passphrase")
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn demo(&self) -> Option<DemoLanguage> {
        self.demo
    }

    pub fn is_unlocked(&self) -> bool {
        self.guard().is_some()
    }

    /// Makes `cockpit` the open one and starts its scheduler (when `schedule`).
    pub fn set_open(&self, cockpit: Cockpit, schedule: bool) {
        let scheduler = schedule.then(|| Scheduler::start(&cockpit, self.notify.clone()));
        let previous = self.guard().replace((cockpit, scheduler));
        if let Some((old, sched)) = previous {
            tauri::async_runtime::spawn(async move {
                if let Some(s) = sched {
                    s.stop().await;
                }
                old.close().await;
            });
        }
    }

    /// Forgets the open cockpit (locks): stops the scheduler and closes the database. A retention run
    /// in progress finishes on its own handle first.
    pub async fn close(&self) {
        let previous = self.guard().take();
        if let Some((c, sched)) = previous {
            if let Some(s) = sched {
                s.stop().await;
            }
            c.close().await;
        }
    }
}

/// The label of the one window (also named in `capabilities/default.json`).
pub const MAIN_WINDOW: &str = "main";

/// Where the generated bindings live, relative to this crate.
pub const BINDINGS_PATH: &str = "../ui/src/bindings.ts";

const BINDINGS_HEADER: &str =
    "// This file is generated by tauri-specta from the commands in src-tauri/src/commands.rs.
// Do not edit it by hand. Regenerate it with:
//   UPDATE_BINDINGS=1 cargo test -p cockpit-desktop --test bindings";

/// All IPC commands, for the invoke handler and for the TypeScript bindings.
pub fn specta_builder<R: Runtime>() -> tauri_specta::Builder<R> {
    use commands::*;
    tauri_specta::Builder::<R>::new()
        .commands(tauri_specta::collect_commands![
            app_info,
            app_ready,
            lock_status,
            create_database,
            unlock_database,
            lock_database,
            forget_passphrase,
            change_passphrase,
            backup_status,
            set_backup_schedule,
            choose_backup_directory,
            backup_now,
            get_organisation,
            set_organisation,
            get_vocabularies,
            save_vocabulary_entry,
            delete_vocabulary_entry,
            list_activities,
            get_activity,
            create_activity,
            update_activity,
            retire_activity,
            activity_history,
            check_activity,
            dashboard,
            audit_log,
            verify_audit,
            compute_deadline,
            list_calendars,
            add_request,
            get_request,
            list_requests,
            add_request_event,
            bulk_request_event,
            request_stats,
            link_request_activities,
            complete_request_task,
            record_recipient_notice,
            letter_template,
            set_letter_template,
            preview_letter_template,
            request_letter,
            request_letter_pdf,
            save_request_letter,
            reminder_settings,
            set_reminder_settings,
            pick_import_file,
            pick_export_file,
            import_register,
            export_register,
            list_datastores,
            add_datastore,
            test_datastore,
            datastore_catalog,
            retention_default_timezone,
            retention_rules,
            retention_rule,
            add_retention_rule,
            update_retention_rule,
            retention_plan,
            approve_retention,
            start_retention_run,
            retention_run,
            cancel_retention_run,
            retention_runs,
            retention_certificate,
            save_retention_certificate,
            list_holds,
            add_hold,
            release_hold,
            report_keys,
            signing_certificates,
            import_signing_certificate,
            retire_signing_certificate,
            generate_report,
            report_pdf,
            report_progress,
            save_report,
            verify_report_file,
        ])
        // Functions return `Promise<T>` and reject with an `ApiError`, like the UI's `Backend`.
        .error_handling(ErrorHandlingMode::Throw)
        // One TypeScript type per Rust type (`Activity`, not `Activity_Serialize`/`_Deserialize`).
        .disable_serde_phases()
        // `AuditEntry.before/after` are `serde_json::Value`, whose numbers specta models with i64/u64;
        // JSON numbers reach JavaScript as `number` whatever their Rust type, so say so. (The API's own
        // DTOs use u32, never 64-bit integers.)
        .dangerously_cast_bigints_to_number()
}

/// The TypeScript exporter used for `ui/src/bindings.ts`.
pub fn typescript() -> specta_typescript::Typescript {
    specta_typescript::Typescript::default().header(BINDINGS_HEADER)
}

/// Core types whose names clash in the bindings, and the names they take there.
/// `cockpit_domain::retention::RetentionPeriod` (a rule's period) would clash with the register's
/// `cockpit_domain::register::RetentionPeriod`.
pub const RENAMED_TYPES: &[(&str, &str, &str)] =
    &[("cockpit_domain::retention", "RetentionPeriod", "RulePeriod")];

/// The TypeScript exporter with [`RENAMED_TYPES`] applied to the collected types first. Only the
/// TypeScript name changes: the JSON on the wire is the same.
pub struct Bindings(pub specta_typescript::Typescript);

impl tauri_specta::LanguageExt for Bindings {
    type Error = specta_typescript::Error;

    fn export(self, cfg: &tauri_specta::BuilderConfiguration, path: &Path) -> Result<(), Self::Error> {
        let mut cfg = cfg.clone();
        cfg.types.iter_mut(|ndt| {
            if let Some((_, _, to)) =
                RENAMED_TYPES.iter().find(|(module, name, _)| ndt.module_path == *module && ndt.name == *name)
            {
                ndt.name = (*to).into();
            }
        });
        self.0.export(&cfg, path)
    }
}

/// Writes the TypeScript bindings to `path`.
pub fn export_bindings(path: &Path) -> Result<(), specta_typescript::Error> {
    specta_builder::<tauri::Wry>().export(Bindings(typescript()), path)
}

/// Adds the commands and the plugins they need (not the state: see [`build_app`]).
pub fn with_commands<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .plugin(dialogs::plugin())
        .manage(commands::ReportJobs::default())
        .invoke_handler(specta_builder::<R>().invoke_handler())
}

/// The app over an open cockpit: commands, the plugins they need and the state. Shared by
/// [`run`] (with the real runtime) and the tests (with `tauri::test::mock_builder()`).
pub fn build_app<R: Runtime>(builder: tauri::Builder<R>, cockpit: Cockpit) -> tauri::Builder<R> {
    with_commands(builder).manage(AppState::new(cockpit))
}

/// The database path: `COCKPIT_DB` when set, else the OS application data folder.
pub fn db_path() -> PathBuf {
    std::env::var_os("COCKPIT_DB")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(cockpit_api::default_db_path)
}

/// The demo register to load into an empty database: none with `COCKPIT_NO_DEMO=1`, Spanish when
/// `LANG` starts with "es", else English.
pub fn demo_language() -> Option<DemoLanguage> {
    if std::env::var("COCKPIT_NO_DEMO").is_ok_and(|v| v == "1") {
        return None;
    }
    let lang = std::env::var("LANG").unwrap_or_default();
    Some(if lang.to_ascii_lowercase().starts_with("es") { DemoLanguage::Es } else { DemoLanguage::En })
}

/// The passphrase of the database for the desktop: `COCKPIT_PASSPHRASE`, else the OS keyring when
/// the user chose "unlock with my login" (`cockpit passphrase remember`).
pub fn desktop_passphrase(path: &Path) -> Option<cockpit_api::security::Passphrase> {
    use cockpit_api::security::{passphrase_from_env, remembered_passphrase, PASSPHRASE_ENV};
    passphrase_from_env(PASSPHRASE_ENV).or_else(|| remembered_passphrase(path))
}

/// Opens the database (creating it, encrypted when a passphrase is given) and, on first run (no
/// organisation and no activity), loads the demo register.
pub async fn open_cockpit(
    path: &Path,
    demo: Option<DemoLanguage>,
    passphrase: Option<&cockpit_api::security::Passphrase>,
) -> Result<Cockpit, ApiError> {
    let cockpit = Cockpit::open_encrypted(path, passphrase).await?;
    if !cockpit.is_encrypted() {
        tracing::warn!("the database is not encrypted (Settings shows how to encrypt it)");
    }
    if let Some(lang) = demo {
        let first_run = cockpit.organisation().await?.is_none()
            && cockpit
                .list_activities(ActivityQuery { limit: Some(1), ..Default::default() }, None)
                .await?
                .total
                == 0;
        if first_run {
            let loaded = cockpit.init(Some(lang)).await?;
            tracing::info!(
                activities = loaded,
                language = lang.code(),
                "first run: loaded the demo register"
            );
        }
    }
    Ok(cockpit)
}

fn init_tracing() {
    // A rotating JSON file in the app-data folder and stderr; `COCKPIT_LOG` takes an env-filter
    // directive (e.g. `debug`, `cockpit_api=trace`).
    cockpit_api::logging::init("desktop", "info");
}

fn focus_main_window<R: Runtime>(app: &tauri::AppHandle<R>) {
    if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// Shows a native error dialog, then exits with code 1 when it is closed.
fn fail_to_start<R: Runtime>(app: &tauri::AppHandle<R>, error: &ApiError) {
    use tauri_plugin_dialog::{DialogExt, MessageDialogButtons, MessageDialogKind};
    let handle = app.clone();
    app.dialog()
        .message(format!("The database could not be opened.\n\n{error}"))
        .title("DPO Cockpit cannot start")
        .kind(MessageDialogKind::Error)
        .buttons(MessageDialogButtons::Ok)
        .show(move |_| handle.exit(1));
}

/// What the desktop opens at start, without asking: a plain database; an encrypted one whose passphrase
/// is in `COCKPIT_PASSPHRASE` or the OS keyring; a new one when `COCKPIT_PASSPHRASE` is set (scripts,
/// the smoke test). Anything else waits for the UI's gate (first-run passphrase, unlock screen).
async fn open_at_start(path: &Path, demo: Option<DemoLanguage>) -> Result<Option<Cockpit>, ApiError> {
    use cockpit_api::security::{database_state, DatabaseState, PASSPHRASE_ENV};
    match database_state(path)? {
        DatabaseState::Plain => open_cockpit(path, demo, None).await.map(Some),
        DatabaseState::Encrypted => match desktop_passphrase(path) {
            None => Ok(None),
            Some(p) => match open_cockpit(path, demo, Some(&p)).await {
                Ok(c) => Ok(Some(c)),
                Err(e) if e.code == ErrorCode::WrongPassphrase => {
                    tracing::warn!("the remembered passphrase no longer opens the database: asking");
                    Ok(None)
                }
                Err(e) => Err(e),
            },
        },
        DatabaseState::Missing => match cockpit_api::security::passphrase_from_env(PASSPHRASE_ENV) {
            Some(p) => {
                let p = cockpit_api::security::new_passphrase(p.expose())?;
                open_cockpit(path, demo, Some(&p)).await.map(Some)
            }
            None => Ok(None),
        },
    }
}

/// The variable that turns WebKitGTK's DMA-BUF renderer off.
pub const WEBKIT_DMABUF_VAR: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";

/// Whether to turn WebKitGTK's DMA-BUF renderer off: only when the user has not chosen (any value of
/// the variable wins) and the machine has no GPU render node (`/dev/dri/renderD*`). There WebKit's
/// accelerated path runs on a software GL (llvmpipe: virtual machines, remote desktops, Xvfb), and
/// each full repaint of a screen cost 0.6 s on the benchmark machine against 0.2 s with WebKit's own
/// CPU rasteriser. With a GPU nothing changes.
pub fn disable_dmabuf_renderer(user_choice: Option<&std::ffi::OsStr>, dri_dir: &Path) -> bool {
    if user_choice.is_some() {
        return false;
    }
    let has_render_node = std::fs::read_dir(dri_dir).is_ok_and(|entries| {
        entries.flatten().any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    });
    !has_render_node
}

/// Applies [`disable_dmabuf_renderer`] to this process; true when it did. Must run before GTK starts
/// (first thing in [`run`], while the process has one thread).
fn choose_webkit_renderer() -> bool {
    let disable = cfg!(target_os = "linux")
        && disable_dmabuf_renderer(std::env::var_os(WEBKIT_DMABUF_VAR).as_deref(), Path::new("/dev/dri"));
    if disable {
        std::env::set_var(WEBKIT_DMABUF_VAR, "1");
    }
    disable
}

/// Starts the desktop application.
pub fn run() {
    let cpu_rendering = choose_webkit_renderer();
    init_tracing();
    if cpu_rendering {
        tracing::info!(
            "no GPU render node (/dev/dri/renderD*): WebKit renders on the CPU ({WEBKIT_DMABUF_VAR}=1)"
        );
    }
    let path = db_path();
    let demo = demo_language();
    let builder = tauri::Builder::default()
        // Must be the first plugin: a second launch hands over to the running instance and exits.
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| focus_main_window(app)))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_notification::init());
    let app = with_commands(builder)
        .setup(move |app| {
            tracing::info!(db = %path.display(), "opening the database");
            let handle = app.handle().clone();
            let notify: Notify = Arc::new(move |r: &Reminder| {
                use tauri_plugin_notification::NotificationExt;
                handle
                    .notification()
                    .builder()
                    .title(&r.title)
                    .body(&r.body)
                    .show()
                    .map_err(|e| e.to_string())
            });
            let state = AppState::locked(path.clone(), demo).with_reminders(notify);
            match tauri::async_runtime::block_on(open_at_start(&path, demo)) {
                Ok(Some(cockpit)) => {
                    // The register table's rows load while WebKit starts the window and the UI.
                    let warm = cockpit.clone();
                    tauri::async_runtime::spawn(async move {
                        if let Err(error) = warm.warm_up().await {
                            tracing::warn!(%error, "loading the register table at start");
                        }
                    });
                    state.set_open(cockpit, true)
                }
                Ok(None) => tracing::info!("waiting for the passphrase"),
                Err(error) => {
                    tracing::error!(%error, "cannot open the database");
                    fail_to_start(app.handle(), &error);
                    return Ok(());
                }
            }
            app.manage(state);
            // The window is declared with `"create": false` so that it opens only over a usable state.
            let config = app
                .config()
                .app
                .windows
                .iter()
                .find(|w| w.label == MAIN_WINDOW)
                .ok_or("tauri.conf.json declares no main window")?
                .clone();
            tauri::WebviewWindowBuilder::from_config(app.handle(), &config)?.build()?;
            Ok(())
        })
        .build(tauri::generate_context!())
        .expect("error while building the DPO Cockpit application");
    app.run(|app, event| {
        if let tauri::RunEvent::Exit = event {
            if let Some(state) = app.try_state::<AppState>() {
                tauri::async_runtime::block_on(state.close());
            }
        }
    });
}
