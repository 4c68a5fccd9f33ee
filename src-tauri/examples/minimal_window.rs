//! The baseline of the desktop benchmark (`scripts/bench-window.sh`): the smallest Tauri app, one
//! 1280x800 window with a static "Hello" page, no plugins, no commands, no database. The benchmark
//! compares DPO Cockpit's cold start and memory with this window's, measured in the same run.
//!
//!   cargo build --release -p cockpit-desktop --example minimal_window
//!
//! The page: a static "Hello" document served by a custom URI scheme of its own (`hello://`), the way
//! the app's UI is served by Tauri's `tauri://` scheme. The alternatives do not fit:
//! `WebviewUrl::App("index.html")` is the Cockpit UI (the crate's `tauri.conf.json` embeds `ui/dist`); a
//! `data:` URL needs tauri's `webview-data-url` feature, which would change the build of the app being
//! measured; and `about:blank` (with an initialization script writing "Hello"), tried first, left the
//! window empty and reported no finished page load within 30 s on WebKitGTK 2.50. The CSP of `tauri.conf.json` is only added to the pages Tauri serves from
//! its own asset protocol, so it does not apply here; the page has no script and needs nothing it would
//! forbid anyway.
//!
//! With `COCKPIT_READY_FILE` set, the time the page finished loading (nanoseconds since the Unix epoch)
//! is written to that file, once: the baseline's counterpart of the app's `app_ready` command.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};
use tauri::http::{header::CONTENT_TYPE, Response};
use tauri::webview::PageLoadEvent;
use tauri::{WebviewUrl, WebviewWindowBuilder};

const HELLO: &str =
    "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Hello</title></head>\
<body><h1 style=\"font-family: sans-serif; margin: 2rem\">Hello</h1></body></html>";

fn signal_ready() {
    static SIGNALLED: AtomicBool = AtomicBool::new(false);
    let Some(path) = std::env::var_os("COCKPIT_READY_FILE").filter(|p| !p.is_empty()) else {
        return;
    };
    if SIGNALLED.swap(true, Ordering::SeqCst) {
        return;
    }
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    if let Err(e) = std::fs::write(&path, format!("{nanos}\n")) {
        eprintln!("minimal_window: cannot write {}: {e}", path.to_string_lossy());
    }
}

fn main() {
    tauri::Builder::default()
        .register_uri_scheme_protocol("hello", |_ctx, _request| {
            Response::builder()
                .header(CONTENT_TYPE, "text/html; charset=utf-8")
                .body(HELLO.as_bytes().to_vec())
                .expect("a static response")
        })
        .setup(|app| {
            // The crate's tauri.conf.json declares its one window with `"create": false`: create ours.
            let url = WebviewUrl::CustomProtocol("hello://localhost/".parse()?);
            WebviewWindowBuilder::new(app, "main", url)
                .title("Hello")
                .inner_size(1280.0, 800.0)
                .on_page_load(|_window, payload| {
                    if payload.event() == PageLoadEvent::Finished {
                        signal_ready();
                    }
                })
                .build()?;
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("error while running the minimal window");
}
