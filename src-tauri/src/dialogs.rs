//! Native file dialogs, opened from Rust so that the webview needs no dialog permission.
//!
//! The dialogs sit behind [`FileDialogs`] so that commands do not depend on the runtime type (tests run
//! on `tauri::test::MockRuntime`, which cannot show dialogs) and so that a test can manage its own
//! [`Dialogs`] before the app is built.

use crate::MAIN_WINDOW;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder};

/// One entry of a dialog's file-type list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileFilter {
    pub name: &'static str,
    pub extensions: &'static [&'static str],
}

/// Blocking file dialogs: call them on a blocking thread, never on the main thread.
pub trait FileDialogs: Send + Sync + 'static {
    /// The file chosen to open, or None when cancelled.
    fn open_file(&self, title: &str, filters: &[FileFilter]) -> Option<PathBuf>;
    /// The file chosen to save to, or None when cancelled.
    fn save_file(&self, title: &str, filters: &[FileFilter], file_name: &str) -> Option<PathBuf>;
    /// The folder chosen, or None when cancelled.
    fn pick_folder(&self, title: &str) -> Option<PathBuf>;
}

/// What the user chose a file for in a native dialog: a command that takes a path from the webview
/// accepts only a path the user chose for that purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Grant {
    Import,
    Export,
}

/// The managed state through which commands reach the dialogs, and the paths the user chose in them.
///
/// The webview never names a file on its own authority: `import_register` and `export_register` take a
/// path, but only one that `pick_import_file` / `pick_export_file` returned from a native dialog, once.
/// Anything else (a path typed into a compromised page, the database itself, `/etc/passwd`) is refused.
#[derive(Clone)]
pub struct Dialogs(Arc<dyn FileDialogs>, Arc<Mutex<HashSet<(Grant, PathBuf)>>>);

impl Dialogs {
    pub fn new(dialogs: impl FileDialogs) -> Self {
        Dialogs(Arc::new(dialogs), Arc::default())
    }

    pub fn get(&self) -> Arc<dyn FileDialogs> {
        self.0.clone()
    }

    /// Records that the user chose `path` for `purpose`.
    pub fn grant(&self, purpose: Grant, path: &Path) {
        self.1.lock().unwrap_or_else(|e| e.into_inner()).insert((purpose, path.to_path_buf()));
    }

    /// Uses up the user's choice of `path` for `purpose`: false when the user did not choose it.
    pub fn take(&self, purpose: Grant, path: &Path) -> bool {
        self.1.lock().unwrap_or_else(|e| e.into_inner()).remove(&(purpose, path.to_path_buf()))
    }
}

/// The dialogs of tauri-plugin-dialog, modal to the main window.
struct NativeDialogs<R: Runtime>(AppHandle<R>);

impl<R: Runtime> NativeDialogs<R> {
    fn builder(&self, title: &str, filters: &[FileFilter]) -> FileDialogBuilder<R> {
        let mut b = self.0.dialog().file().set_title(title);
        for f in filters {
            b = b.add_filter(f.name, f.extensions);
        }
        if let Some(window) = self.0.get_webview_window(MAIN_WINDOW) {
            b = b.set_parent(&window);
        }
        b
    }
}

impl<R: Runtime> FileDialogs for NativeDialogs<R> {
    fn open_file(&self, title: &str, filters: &[FileFilter]) -> Option<PathBuf> {
        self.builder(title, filters).blocking_pick_file().and_then(|p| p.into_path().ok())
    }

    fn save_file(&self, title: &str, filters: &[FileFilter], file_name: &str) -> Option<PathBuf> {
        self.builder(title, filters)
            .set_file_name(file_name)
            .blocking_save_file()
            .and_then(|p| p.into_path().ok())
    }

    fn pick_folder(&self, title: &str) -> Option<PathBuf> {
        self.builder(title, &[]).blocking_pick_folder().and_then(|p| p.into_path().ok())
    }
}

/// Manages [`Dialogs`] backed by the native dialogs, unless the app already manages one.
/// Needs `tauri_plugin_dialog::init()` registered as well.
pub fn plugin<R: Runtime>() -> TauriPlugin<R> {
    tauri::plugin::Builder::new("cockpit-dialogs")
        .setup(|app, _api| {
            app.manage(Dialogs::new(NativeDialogs(app.clone())));
            Ok(())
        })
        .build()
}
