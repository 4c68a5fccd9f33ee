//! The IPC commands through Tauri's real invoke path (argument names, serialisation, errors), on the
//! mock runtime: no display needed.

use cockpit_api::Cockpit;
use cockpit_desktop::dialogs::{Dialogs, FileDialogs, FileFilter};
use serde_json::{json, Value};
use std::path::PathBuf;
use tauri::ipc::{CallbackFn, InvokeBody, InvokeResponseBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewWindow, WebviewWindowBuilder};

/// Dialogs that "choose" a fixed file, as if the user had.
struct FakeDialogs(PathBuf);

impl FileDialogs for FakeDialogs {
    fn open_file(&self, _title: &str, _filters: &[FileFilter]) -> Option<PathBuf> {
        Some(self.0.clone())
    }
    fn save_file(&self, _title: &str, filters: &[FileFilter], _file_name: &str) -> Option<PathBuf> {
        assert_eq!(filters.len(), 1);
        Some(self.0.clone())
    }
    fn pick_folder(&self, _title: &str) -> Option<PathBuf> {
        Some(self.0.with_extension("folder"))
    }
}

struct TestApp {
    dir: tempfile::TempDir,
    _app: App<MockRuntime>,
    webview: WebviewWindow<MockRuntime>,
}

impl TestApp {
    fn new() -> TestApp {
        TestApp::with_dialog_file("export")
    }

    /// Over the demo register (activities with systems, owners and recipients).
    fn with_demo(name: &str) -> TestApp {
        let t = TestApp::with_dialog_file(name);
        let state = t.webview.state::<cockpit_desktop::AppState>();
        let cockpit = state.cockpit().unwrap();
        tauri::async_runtime::block_on(cockpit.init(Some(cockpit_api::DemoLanguage::En))).unwrap();
        t
    }

    /// The dialogs "choose" `name` in the test's folder.
    fn with_dialog_file(name: &str) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        // Opened on Tauri's runtime, where the commands will run.
        let cockpit = tauri::async_runtime::block_on(Cockpit::open(&dir.path().join("cockpit.db"))).unwrap();
        let builder = mock_builder().manage(Dialogs::new(FakeDialogs(dir.path().join(name))));
        let app = cockpit_desktop::build_app(builder, cockpit).build(mock_context(noop_assets())).unwrap();
        let webview = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
        TestApp { dir, _app: app, webview }
    }

    fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        call(&self.webview, cmd, args)
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.invoke(cmd, args).unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }

    fn raw(&self, cmd: &str, args: Value) -> Result<Vec<u8>, Value> {
        call_raw(&self.webview, cmd, args)
    }
}

fn activity(name: &str) -> Value {
    json!({ "id": "", "name": name, "purposes": ["Payroll"], "lawful_bases": ["contract"] })
}

#[test]
fn activities_round_trip_through_ipc() {
    let t = TestApp::new();

    let page = t.ok("list_activities", json!({ "query": {}, "asOf": null }));
    assert_eq!(page["total"], 0);
    assert_eq!(page["items"], json!([]));

    // An invalid activity is refused with the API's error shape.
    let err = t.invoke("create_activity", json!({ "activity": activity("  ") })).unwrap_err();
    assert_eq!(err["code"], "validation", "{err}");
    let fields: Vec<&str> =
        err["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"name"), "{err}");
    assert_eq!(err["rows"], json!([]));

    let created = t.ok("create_activity", json!({ "activity": activity("Payroll") }));
    let id = created["activity"]["id"].as_str().unwrap().to_string();
    assert_eq!(id, "PA-0001");
    assert_eq!(created["version"], 1);
    assert!(created["completeness"]["score"].is_number());

    let detail = t.ok("get_activity", json!({ "id": id }));
    assert_eq!(detail["activity"]["name"], "Payroll");
    assert_eq!(detail["activity"]["lawful_bases"], json!(["contract"]));

    let page = t.ok("list_activities", json!({ "query": { "search": "payroll" }, "asOf": null }));
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["id"], "PA-0001");

    // camelCase argument keys, as the UI sends them.
    let mut edited = detail["activity"].clone();
    edited["description"] = json!("Monthly salaries");
    let updated = t.ok("update_activity", json!({ "activity": edited, "expectedVersion": 1 }));
    assert_eq!(updated["version"], 2);
    let err = t.invoke("update_activity", json!({ "activity": edited, "expectedVersion": 1 })).unwrap_err();
    assert_eq!(err["code"], "stale", "{err}");

    let history = t.ok("activity_history", json!({ "id": "PA-0001" }));
    assert_eq!(history.as_array().unwrap().len(), 2);

    let err = t.invoke("get_activity", json!({ "id": "PA-9999" })).unwrap_err();
    assert_eq!(err["code"], "not_found", "{err}");

    let check = t.ok("check_activity", json!({ "activity": activity("Draft") }));
    assert!(check["score"].is_number());

    assert_eq!(t.ok("verify_audit", json!({}))["ok"], true);
    assert!(!t.ok("audit_log", json!({ "query": {} })).as_array().unwrap().is_empty());
    assert_eq!(t.ok("dashboard", json!({}))["activities"], 1);
    assert!(t.ok("app_info", json!({}))["db_path"].as_str().unwrap().ends_with("cockpit.db"));
    assert_eq!(t.ok("get_organisation", json!({})), Value::Null);
}

#[test]
fn export_and_import_through_the_dialog_commands() {
    let t = TestApp::new();
    t.ok("create_activity", json!({ "activity": activity("Payroll") }));

    // The save dialog appends the format's extension when the name has none.
    let path = t.ok("pick_export_file", json!({ "format": "json" }));
    let expected = t.dir.path().join("export.json");
    assert_eq!(path, json!(expected.to_str().unwrap()));

    let written = t.ok("export_register", json!({ "path": path, "format": "json", "asOf": null }));
    assert_eq!(written, 1);
    assert!(expected.exists());

    // A chosen export file is not a chosen import file, and a choice is good for one use.
    let err = t.invoke("import_register", json!({ "path": path })).unwrap_err();
    assert_eq!(err["code"], "validation", "{err}");
    let again = t.invoke("export_register", json!({ "path": path, "format": "json", "asOf": null }));
    assert_eq!(again.unwrap_err()["code"], "validation");

    assert_eq!(t.ok("pick_import_file", json!({})), json!(t.dir.path().join("export").to_str().unwrap()));
    let err = t.invoke("import_register", json!({ "path": t.dir.path().join("export") })).unwrap_err();
    assert_eq!(err["code"], "import", "a chosen but unreadable file is an import error: {err}");
}

/// The webview names no file on its own: paths it did not get from a native dialog are refused, and
/// nothing is read or written.
#[test]
fn import_and_export_refuse_paths_the_user_did_not_choose() {
    let t = TestApp::new();
    t.ok("create_activity", json!({ "activity": activity("Payroll") }));
    let db = t.dir.path().join("cockpit.db");
    let before = std::fs::read(&db).unwrap();
    let outside = t.dir.path().join("written-behind-the-users-back.csv");
    for path in [outside.to_str().unwrap(), db.to_str().unwrap(), "/etc/passwd", "../../etc/shadow", ""] {
        let err =
            t.invoke("export_register", json!({ "path": path, "format": "csv", "asOf": null })).unwrap_err();
        assert_eq!(err["code"], "validation", "export to {path}: {err}");
        assert!(err["message"].as_str().unwrap().contains("file dialog"), "{err}");
        let err = t.invoke("import_register", json!({ "path": path })).unwrap_err();
        assert_eq!(err["code"], "validation", "import of {path}: {err}");
    }
    assert!(!outside.exists());
    assert_eq!(std::fs::read(&db).unwrap(), before, "the database file is untouched");
    assert_eq!(t.ok("list_activities", json!({ "query": {}, "asOf": null }))["total"], 1);
}

#[test]
fn a_missing_argument_is_refused_by_tauri() {
    let t = TestApp::new();
    let err = t.invoke("get_activity", json!({})).unwrap_err();
    assert!(err.as_str().is_some_and(|s| s.contains("id")), "{err}");
}

#[test]
fn deadlines_are_computed_through_ipc() {
    let t = TestApp::new();

    // The ICO example: 31 Jan → 28 Feb (no 31st) → a Saturday → Mon 2 Mar. Missing optional keys default.
    let query = json!({ "regime": "uk-gdpr", "calendar": "none", "received": "2026-01-31" });
    let a = t.ok("compute_deadline", json!({ "query": query }));
    assert_eq!(a["legal_due"], "2026-03-02", "{a}");
    assert_eq!(a["safe_due"], "2026-03-02", "{a}");
    assert_eq!(a["extension_notice_due"], "2026-03-02", "{a}");
    assert!(a.get("extended_legal_due").is_none(), "not extended: {a}");
    assert!(a["explanation"].as_str().unwrap().contains("Mon 2 Mar"), "{a}");
    assert_eq!(a["candidates"][0]["label"], "legal");

    let query = json!({ "regime": "gdpr", "calendar": "none", "received": "2026-01-31", "extended": true });
    let a = t.ok("compute_deadline", json!({ "query": query }));
    assert_eq!(a["extended_legal_due"], "2026-04-30", "{a}");
    assert_eq!(a["extended_safe_due"], "2026-04-28", "{a}");

    // The breach clock: 72 hours of real time, across the spring clock change.
    let query = json!({ "regime": "gdpr-breach", "aware_at": "2026-03-28T10:00:00", "tz": "Europe/Berlin" });
    let b = t.ok("compute_deadline", json!({ "query": query }));
    assert_eq!(b["legal_due"], "2026-03-31T11:00:00+02:00", "{b}");
    assert_eq!(b["legal_due_utc"], "2026-03-31T09:00:00Z", "{b}");
    assert_eq!(b["tz"], "Europe/Berlin");

    // A bad question is a validation error whose message lists what is valid.
    let query = json!({ "regime": "gdpr", "calendar": "XX", "received": "2026-01-31" });
    let err = t.invoke("compute_deadline", json!({ "query": query })).unwrap_err();
    assert_eq!(err["code"], "validation", "{err}");
    let message = err["message"].as_str().unwrap();
    assert!(message.contains("XX") && message.contains("DE-BY") && message.contains("none"), "{err}");
    assert_eq!(err["fields"], json!([]));
    assert_eq!(err["rows"], json!([]));

    let query =
        json!({ "regime": "quebec", "calendar": "CA-QC", "received": "2025-09-03", "extended": true });
    let err = t.invoke("compute_deadline", json!({ "query": query })).unwrap_err();
    assert_eq!(err["code"], "validation", "{err}");

    // A misspelt key is refused by the deserialiser before the API is called.
    let query = json!({ "regime": "gdpr", "calendar": "none", "recieved": "2026-01-31" });
    let err = t.invoke("compute_deadline", json!({ "query": query })).unwrap_err();
    assert!(err.as_str().is_some_and(|s| s.contains("recieved")), "{err}");
}

#[test]
fn calendars_are_listed_through_ipc() {
    let t = TestApp::new();
    let list = t.ok("list_calendars", json!({}));
    let list = list.as_array().unwrap();
    assert!(list.len() > 300, "{} calendars", list.len());
    assert_eq!(
        list[0],
        json!({ "code": "none", "label": list[0]["label"], "first_year": null, "last_year": null })
    );
    let eng = list.iter().find(|c| c["code"] == "GB-ENG").expect("GB-ENG is listed");
    assert_eq!(eng["first_year"], 2000, "{eng}");
    assert!(eng["label"].as_str().unwrap().contains("GB-ENG"), "{eng}");
}

/// A request as the intake form sends it: no establishment in this empty database, so a calendar.
fn new_request(name: &str, received_at: &str) -> Value {
    json!({
        "regime": "gdpr",
        "request_type": "access",
        "channel": "email",
        "received_at": received_at,
        "calendar": "none",
        "requester": { "name": name, "email": "ana@example.org" },
    })
}

#[test]
fn requests_are_added_listed_and_counted_through_ipc() {
    let t = TestApp::new();

    // Received Sat 31 Jan 2026: one month later is 28 Feb, a Saturday, so Mon 2 Mar.
    let view = t.ok("add_request", json!({ "request": new_request("Ana", "2026-01-31T10:15:00") }));
    let id = view["request"]["id"].as_str().unwrap().to_string();
    assert_eq!(id, "DSR-2026-0001");
    assert_eq!(view["version"], 1);
    assert_eq!(view["request"]["received_at"], "2026-01-31T10:15:00");
    assert_eq!(view["request"]["timezone"], "UTC");
    assert_eq!(view["due"]["status"], "received");
    assert_eq!(view["due"]["due"], "2026-03-02", "{view}");
    assert!(view["due"]["deadline"]["explanation"].as_str().unwrap().contains("Mon 2 Mar"), "{view}");
    assert!(view["due"]["days_left"].as_i64().unwrap() < 0, "long overdue: {view}");
    assert_eq!(view["due"]["overdue"], true);

    // Field errors come back with the API's error shape: a CCPA right under the GDPR, no requester.
    let mut bad = new_request("", "2026-02-02T09:00:00");
    bad["request_type"] = json!("opt-out");
    let err = t.invoke("add_request", json!({ "request": bad })).unwrap_err();
    assert_eq!(err["code"], "validation", "{err}");
    let fields: Vec<&str> =
        err["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["request_type", "requester.name"], "{err}");

    let mut second = new_request("Bruno", "2026-02-02T09:00:00");
    second["request_type"] = json!("erasure");
    t.ok("add_request", json!({ "request": second }));

    assert_eq!(t.ok("get_request", json!({ "id": id }))["request"]["requester"]["name"], "Ana");
    let err = t.invoke("get_request", json!({ "id": "DSR-2026-9999" })).unwrap_err();
    assert_eq!(err["code"], "not_found", "{err}");

    let page = t.ok("list_requests", json!({ "query": {} }));
    assert_eq!(page["total"], 2, "{page}");
    assert_eq!(page["items"][0]["id"], "DSR-2026-0001");
    assert_eq!(page["items"][0]["requester_name"], "Ana");
    assert_eq!(page["items"][0]["due"], "2026-03-02");
    assert!(page["today"].is_string());

    let page = t.ok("list_requests", json!({ "query": { "text": "bru", "request_type": "erasure" } }));
    assert_eq!(page["total"], 1, "{page}");
    assert_eq!(page["items"][0]["requester_name"], "Bruno");
    let page = t.ok("list_requests", json!({ "query": { "overdue": true, "limit": 1, "offset": 1 } }));
    assert_eq!((page["total"].as_u64(), page["items"].as_array().unwrap().len()), (Some(2), 1), "{page}");
    let page = t.ok("list_requests", json!({ "query": { "open": false } }));
    assert_eq!(page["total"], 0, "{page}");

    let stats = t.ok("request_stats", json!({}));
    assert_eq!(stats["open"], 2, "{stats}");
    assert_eq!(stats["overdue"], 2, "{stats}");
    assert_eq!(stats["median_days_to_close"], Value::Null);
}

#[test]
fn an_event_on_a_stale_version_is_stale_and_the_next_steps_follow_the_workflow() {
    let t = TestApp::new();
    let view = t.ok("add_request", json!({ "request": new_request("Ana", "2026-03-02T09:00:00") }));
    let id = view["request"]["id"].as_str().unwrap().to_string();
    assert_eq!(
        view["next_steps"],
        json!([
            "identity-requested",
            "clarification-requested",
            "started",
            "extended",
            "completed",
            "refused",
            "withdrawn",
            "note"
        ])
    );

    let asked = json!({ "kind": "identity-requested", "date": "2026-03-03" });
    let view = t.ok("add_request_event", json!({ "id": id, "event": asked, "expectedVersion": 1 }));
    assert_eq!(view["version"], 2);
    assert_eq!(view["due"]["status"], "identity-check");
    assert_eq!(view["next_steps"][0], "identity-received", "{view}");
    assert!(!view["next_steps"].as_array().unwrap().contains(&json!("started")), "{view}");
    assert_eq!(view["request"]["events"][0]["kind"], "identity-requested");
    assert_eq!(view["request"]["events"][0]["note"], "");

    // Someone else's view still says version 1: refused, and nothing is written.
    let received = json!({ "kind": "identity-received", "date": "2026-03-10" });
    let err = t
        .invoke("add_request_event", json!({ "id": id, "event": received, "expectedVersion": 1 }))
        .unwrap_err();
    assert_eq!(err["code"], "stale", "{err}");
    assert!(err["message"].as_str().unwrap().contains("changed meanwhile"), "{err}");
    assert_eq!(t.ok("get_request", json!({ "id": id }))["version"], 2);

    // Without a version (null), the event goes in; the EU identity wait moves the due date (guidance).
    let view = t.ok("add_request_event", json!({ "id": id, "event": received, "expectedVersion": null }));
    assert_eq!(view["version"], 3);
    assert_eq!(view["due"]["status"], "in-progress");
    // 2 Apr + 8 days waiting (3–10 Mar) → Fri 10 Apr; the safe date ignores the pause.
    assert_eq!(view["due"]["due"], "2026-04-10", "{view}");
    assert_eq!(view["due"]["safe_due"], "2026-04-02", "{view}");

    // A step the workflow does not allow is refused with the core's reason.
    let again = json!({ "kind": "identity-received", "date": "2026-03-11" });
    let err =
        t.invoke("add_request_event", json!({ "id": id, "event": again, "expectedVersion": 3 })).unwrap_err();
    assert_eq!(err["code"], "conflict", "{err}");
    assert!(err["message"].as_str().unwrap().contains("no proof of identity was asked for"), "{err}");
}

#[test]
fn tasks_the_art19_ledger_letters_and_reminders_through_ipc() {
    use sha2::Digest;
    let t = TestApp::with_demo("letter.pdf");
    let mut erasure = new_request("Ana Núñez", "2026-11-02T09:00:00");
    erasure["request_type"] = json!("erasure");
    erasure["activities"] = json!(["PA-0001"]);
    let view = t.ok("add_request", json!({ "request": erasure }));
    let id = view["request"]["id"].as_str().unwrap().to_string();
    let tasks = view["request"]["tasks"].as_array().unwrap().len();
    assert!(tasks >= 1, "{view}");
    assert!(!view["request"]["recipients"].as_array().unwrap().is_empty(), "Art. 19 ledger: {view}");

    // Linking a second activity adds its systems; a stale version is `stale`, an unknown one `validation`.
    let err = t
        .invoke(
            "link_request_activities",
            json!({ "id": id, "activities": ["PA-0002"], "expectedVersion": 7 }),
        )
        .unwrap_err();
    assert_eq!(err["code"], "stale", "{err}");
    let err = t
        .invoke(
            "link_request_activities",
            json!({ "id": id, "activities": ["PA-9999"], "expectedVersion": 1 }),
        )
        .unwrap_err();
    assert_eq!(
        (err["code"].as_str(), err["fields"][0]["field"].as_str()),
        (Some("validation"), Some("activities[0]"))
    );
    let view =
        t.ok("link_request_activities", json!({ "id": id, "activities": ["PA-0002"], "expectedVersion": 1 }));
    assert_eq!(view["request"]["activities"], json!(["PA-0001", "PA-0002"]));
    assert!(view["request"]["tasks"].as_array().unwrap().len() >= tasks);

    // A task closes with its evidence; a recipient is told, or not, with a reason.
    let task = &view["request"]["tasks"][0];
    let who = if task["system"] == "" { task["owner"].clone() } else { task["system"].clone() };
    let view = t.ok(
        "complete_request_task",
        json!({ "id": id, "system": who, "date": "2026-11-20", "evidence": "ticket IT-42", "expectedVersion": 2 }),
    );
    assert_eq!(view["request"]["tasks"][0]["done_on"], "2026-11-20", "{view}");
    assert_eq!(view["request"]["tasks"][0]["evidence"], "ticket IT-42");
    let recipient = view["request"]["recipients"][0]["recipient"].clone();
    let err = t
        .invoke(
            "record_recipient_notice",
            json!({ "id": id, "recipient": recipient, "status": "disproportionate-effort", "date": "2026-11-21", "reason": "", "expectedVersion": 3 }),
        )
        .unwrap_err();
    assert!(err["message"].as_str().unwrap().contains("reason"), "{err}");
    let view = t.ok(
        "record_recipient_notice",
        json!({ "id": id, "recipient": recipient, "status": "notified", "date": "2026-11-21", "reason": "", "expectedVersion": 3 }),
    );
    assert_eq!(view["request"]["recipients"][0]["status"], "notified", "{view}");
    assert_eq!(view["version"], 4);

    // Letters: template, preview of unsaved text, text, PDF bytes, and the saved PDF recorded as issued.
    let tpl = t.ok("letter_template", json!({ "kind": "completion", "language": "es" }));
    assert_eq!(tpl["customised"], false);
    assert!(tpl["text"].as_str().unwrap().starts_with("Subject:"));
    let err = t
        .invoke(
            "set_letter_template",
            json!({ "kind": "completion", "language": "es", "text": "Subject: {{ nope }}" }),
        )
        .unwrap_err();
    assert_eq!(err["code"], "validation", "{err}");
    let preview = t.ok(
        "preview_letter_template",
        json!({ "kind": "completion", "language": "es", "text": "Subject: {{ request.id }}\nHola {{ request.requester_name }}", "id": id, "reason": null }),
    );
    assert_eq!(
        (preview["subject"].as_str(), preview["body"].as_str()),
        (Some(id.as_str()), Some("Hola Ana Núñez\n"))
    );
    let letter = t.ok(
        "request_letter",
        json!({ "id": id, "kind": "acknowledgement", "language": "de", "reason": null }),
    );
    assert!(letter["body"].as_str().unwrap().contains("Ana Núñez"), "{letter}");
    let err = t
        .invoke(
            "request_letter",
            json!({ "id": id, "kind": "extension-notice", "language": "en", "reason": null }),
        )
        .unwrap_err();
    assert_eq!(err["code"], "conflict", "{err}");
    let bytes = t
        .raw(
            "request_letter_pdf",
            json!({ "id": id, "kind": "acknowledgement", "language": "de", "reason": null, "paper": "a4" }),
        )
        .unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let saved = t.ok(
        "save_request_letter",
        json!({ "id": id, "kind": "acknowledgement", "language": "de", "reason": null, "paper": "a4" }),
    );
    let file = std::fs::read(t.dir.path().join("letter.pdf")).unwrap();
    assert_eq!(saved["sha256"], hex::encode(sha2::Sha256::digest(&file)));
    let trail = t.ok("audit_log", json!({ "query": { "object_type": "letter" } }));
    assert_eq!(trail[0]["after"]["sha256"], saved["sha256"], "{trail}");

    // Reminder settings.
    let s = t.ok("reminder_settings", json!({}));
    assert_eq!(s, json!({ "enabled": true, "days_before": [7, 1], "overdue": true }));
    let err = t
        .invoke(
            "set_reminder_settings",
            json!({ "settings": { "enabled": true, "days_before": [], "overdue": false } }),
        )
        .unwrap_err();
    assert_eq!(err["code"], "validation", "{err}");
    let s = t.ok(
        "set_reminder_settings",
        json!({ "settings": { "enabled": true, "days_before": [1, 14], "overdue": true } }),
    );
    assert_eq!(s["days_before"], json!([14, 1]));
    assert_eq!(t.ok("verify_audit", json!({}))["ok"], true);
}

#[test]
fn a_bulk_event_is_all_or_nothing() {
    let t = TestApp::new();
    let mut ids = Vec::new();
    for name in ["Ana", "Bruno", "Carla"] {
        let view = t.ok("add_request", json!({ "request": new_request(name, "2026-03-02T09:00:00") }));
        ids.push(view["request"]["id"].as_str().unwrap().to_string());
    }
    let asked = json!({ "kind": "identity-requested", "date": "2026-03-03" });
    t.ok("add_request_event", json!({ "id": ids[0], "event": asked, "expectedVersion": 1 }));
    t.ok("add_request_event", json!({ "id": ids[1], "event": asked, "expectedVersion": 1 }));

    // The third was never asked for proof: the whole batch is refused and no request changes.
    let verified = json!({ "kind": "identity-received", "date": "2026-03-05" });
    let err = t.invoke("bulk_request_event", json!({ "ids": ids, "event": verified })).unwrap_err();
    assert_eq!(err["code"], "conflict", "{err}");
    assert!(err["message"].as_str().unwrap().starts_with(&format!("{}: ", ids[2])), "{err}");
    for id in &ids[..2] {
        let view = t.ok("get_request", json!({ "id": id }));
        assert_eq!(
            (view["version"].as_u64(), view["due"]["status"].as_str()),
            (Some(2), Some("identity-check"))
        );
    }

    let views = t.ok("bulk_request_event", json!({ "ids": &ids[..2], "event": verified }));
    let views = views.as_array().unwrap();
    assert_eq!(views.len(), 2);
    assert_eq!(views[0]["request"]["id"], ids[0].as_str());
    assert!(views.iter().all(|v| v["due"]["status"] == "in-progress" && v["version"] == 3), "{views:?}");

    // "Close as duplicate": a refusal needs its reason.
    let refused =
        json!({ "kind": "refused", "date": "2026-03-06", "note": format!("duplicate of {}", ids[0]) });
    let views = t.ok("bulk_request_event", json!({ "ids": [&ids[1], &ids[2]], "event": refused }));
    assert!(views.as_array().unwrap().iter().all(|v| v["due"]["status"] == "refused"), "{views}");
    assert_eq!(
        views[0]["request"]["events"].as_array().unwrap().last().unwrap()["note"],
        "duplicate of DSR-2026-0001"
    );
    let page = t.ok("list_requests", json!({ "query": { "open": false } }));
    assert_eq!(page["total"], 2, "{page}");

    let err = t.invoke("bulk_request_event", json!({ "ids": [], "event": verified })).unwrap_err();
    assert_eq!(err["code"], "validation", "{err}");
}

/// Files in a folder datastore, `age_days` old.
fn old_file(dir: &std::path::Path, name: &str, age_days: u64) {
    let path = dir.join(name);
    std::fs::write(&path, name).unwrap();
    let when = std::time::SystemTime::now() - std::time::Duration::from_secs(age_days * 86_400);
    std::fs::File::options().write(true).open(&path).unwrap().set_modified(when).unwrap();
}

fn folder_rule(batch_size: u32) -> Value {
    json!({
        "name": "old-exports", "datastore": "exports", "activity": null, "data_category": null,
        "target": { "kind": "folder", "glob": "*.txt" },
        "keep": { "kind": "elapsed", "amount": 30, "unit": "days" },
        "action": { "kind": "delete_files" },
        "batch_size": batch_size, "schedule": null, "timezone": "UTC", "enabled": true, "description": ""
    })
}

#[test]
fn retention_plan_approve_start_poll_and_evidence_through_ipc() {
    let t = TestApp::with_dialog_file("certificate");
    let root = t.dir.path().join("exports");
    std::fs::create_dir(&root).unwrap();
    for (name, age) in [("a.txt", 400), ("b.txt", 200), ("c.txt", 90), ("new.txt", 1), ("keep.pdf", 400)] {
        old_file(&root, name, age);
    }

    let added = t.ok(
        "add_datastore",
        json!({ "name": "exports", "kind": "folder", "url": root.to_str().unwrap(), "password": null }),
    );
    assert_eq!(added[0]["name"], "exports");
    assert_eq!(added[0]["has_secret"], false);
    assert_eq!(added[1]["kind"], "folder");
    assert_eq!(t.ok("list_datastores", json!({}))[0]["name"], "exports");
    assert_eq!(t.ok("test_datastore", json!({ "name": "exports" }))["kind"], "folder");
    let missing = t.invoke("test_datastore", json!({ "name": "nope" })).unwrap_err();
    assert_eq!(missing["code"], "not_found", "{missing}");

    // The core's checks come back as `validation` with its message.
    let bad = t.invoke("add_retention_rule", json!({ "rule": folder_rule(0) })).unwrap_err();
    assert_eq!(bad["code"], "validation", "{bad}");
    assert!(bad["message"].as_str().unwrap().contains("batch"), "{bad}");

    let info = t.ok("add_retention_rule", json!({ "rule": folder_rule(2) }));
    assert_eq!(info["version"], 1);
    assert_eq!(info["approved"], false);
    assert_eq!(t.ok("retention_rules", json!({})).as_array().unwrap().len(), 1);

    // No run before the plan is approved; nothing was touched.
    let refused = t.invoke("start_retention_run", json!({ "name": "old-exports" })).unwrap_err();
    assert_eq!(refused["code"], "conflict", "{refused}");
    assert!(root.join("a.txt").exists());

    let plan = t.ok("retention_plan", json!({ "name": "old-exports" }));
    assert_eq!(plan["affected"], 3, "{plan}");
    assert_eq!(plan["approved"], false);
    assert_eq!(plan["version"], 1);
    assert!(!plan["statements"].as_array().unwrap().is_empty());
    assert_eq!(t.ok("approve_retention", json!({ "name": "old-exports" }))["approved"], true);
    assert_eq!(t.ok("retention_rule", json!({ "name": "old-exports" }))["approved"], true);

    // The command returns as soon as the run is recorded; the run goes on in the background.
    let started = t.ok("start_retention_run", json!({ "name": "old-exports" }));
    let id = started["id"].as_i64().unwrap();
    assert_eq!(started["rule"], "old-exports");
    assert_eq!(started["planned"], 3);
    assert!(matches!(started["status"].as_str(), Some("running" | "completed")), "{started}");
    let mut run = started;
    for _ in 0..200 {
        if run["status"] != "running" {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
        run = t.ok("retention_run", json!({ "id": id }));
    }
    assert_eq!(run["status"], "completed", "{run}");
    assert_eq!(run["affected"], 3);
    assert_eq!(run["batches"], 2);
    assert!(!root.join("a.txt").exists() && !root.join("c.txt").exists());
    assert!(root.join("new.txt").exists() && root.join("keep.pdf").exists());
    assert_eq!(t.ok("cancel_retention_run", json!({ "id": id })), json!(false));

    let runs = t.ok("retention_runs", json!({ "rule": "old-exports", "limit": 10 }));
    assert_eq!(runs.as_array().unwrap().len(), 1);
    assert_eq!(runs[0]["id"], id);
    let cert = t.ok("retention_certificate", json!({ "id": id }));
    assert_eq!(cert["evidence_consistent"], true, "{cert}");
    assert_eq!(cert["audited_digest"], cert["recomputed_digest"]);
    let counted: u64 = cert["batches"].as_array().unwrap().iter().map(|b| b["count"].as_u64().unwrap()).sum();
    assert_eq!(counted, 3);

    // The certificate as a signed PDF through the save dialog, with its .minisig beside it.
    // In the language chosen: German labels, the stored values as they are.
    let saved = t.ok("save_retention_certificate", json!({ "id": id, "language": "de", "paper": "a4" }));
    let pdf = PathBuf::from(saved["pdf"].as_str().unwrap());
    assert_eq!(pdf, t.dir.path().join("certificate.pdf"));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8_lossy(&text.stdout).replace('\n', " ");
    for words in ["Löschnachweis", "Aufbewahrungslauf", "Dateien löschen", "abgeschlossen", "old-exports"] {
        assert!(text.contains(words), "'{words}' is not in the German certificate: {text}");
    }
    assert!(!text.contains("Deletion certificate"), "English title in the German certificate");
    let sig = std::fs::read_to_string(saved["minisig"].as_str().unwrap()).unwrap();
    assert!(sig.contains("file:certificate.pdf"), "{sig}");
    assert_eq!(t.ok("retention_run", json!({ "id": id }))["status"], "completed");
    let unknown = t.invoke("retention_run", json!({ "id": 999 })).unwrap_err();
    assert_eq!(unknown["code"], "not_found");
}

#[test]
fn legal_holds_through_ipc() {
    let t = TestApp::new();
    let root = t.dir.path().join("exports");
    std::fs::create_dir(&root).unwrap();
    t.ok(
        "add_datastore",
        json!({ "name": "exports", "kind": "folder", "url": root.to_str().unwrap(), "password": null }),
    );
    t.ok("add_retention_rule", json!({ "rule": folder_rule(10) }));

    let no_reason = t
        .invoke("add_hold", json!({ "scope": { "kind": "rule", "rule": "old-exports" }, "reason": " ", "owner": null, "until": null }))
        .unwrap_err();
    assert_eq!(no_reason["code"], "validation");
    let hold = t.ok(
        "add_hold",
        json!({
            "scope": { "kind": "keys", "rule": "old-exports", "keys": ["b.txt", "a.txt", "a.txt"] },
            "reason": "Claim 12", "owner": "Legal", "until": "2099-12-31"
        }),
    );
    assert_eq!(hold["scope"]["keys"], json!(["a.txt", "b.txt"]));
    assert_eq!(hold["owner"], "Legal");
    let id = hold["id"].as_i64().unwrap();
    assert_eq!(t.ok("list_holds", json!({ "includeInactive": false })).as_array().unwrap().len(), 1);
    let released = t.ok("release_hold", json!({ "id": id, "reason": "Settled" }));
    assert_eq!(released["release_reason"], "Settled");
    assert_eq!(t.ok("list_holds", json!({ "includeInactive": false })), json!([]));
    assert_eq!(t.ok("list_holds", json!({ "includeInactive": true })).as_array().unwrap().len(), 1);
}

#[test]
fn reports_are_generated_previewed_saved_and_verified_through_ipc() {
    let t = TestApp::with_dialog_file("ropa.pdf");
    let keys = t.ok("report_keys", json!({}));
    assert!(keys["minisign_public_key"].as_str().unwrap().starts_with("RW"), "{keys}");

    assert_eq!(t.ok("report_progress", json!({ "job": "j1" })), Value::Null);
    let options =
        json!({ "scope": "ropa", "as_of": null, "language": "de", "paper": "letter", "xlsx": true });
    let report = t.ok("generate_report", json!({ "job": "j1", "options": options }));
    assert!(report.get("pdf_base64").is_none(), "the PDF does not travel inside the JSON");
    // The preview's bytes arrive raw, not as JSON or base64.
    let pdf = t.raw("report_pdf", json!({ "id": report["id"] })).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let missing = t.raw("report_pdf", json!({ "id": 999 })).unwrap_err();
    assert_eq!(missing["code"], "not_found");
    assert_eq!(report["bytes"].as_u64().unwrap() as usize, pdf.len());
    assert!(report["pages"].as_u64().unwrap() >= 1);
    assert_eq!(report["has_xlsx"], true);
    assert!(report["suggested_file_name"].as_str().unwrap().starts_with("ropa-"));
    assert_eq!(t.ok("report_progress", json!({ "job": "j1" })), json!("done"));

    let refused = t
        .invoke("generate_report", json!({ "job": "j2", "options": { "scope": "audit", "as_of": "2020-01-01", "language": "en", "paper": "a4", "xlsx": false } }))
        .unwrap_err();
    assert_eq!(refused["code"], "validation", "{refused}");

    // Saved: exactly the previewed bytes, the .minisig naming the chosen file, the workbook beside.
    let saved = t.ok("save_report", json!({ "id": report["id"] }));
    let path = t.dir.path().join("ropa.pdf");
    assert_eq!(saved["pdf"], path.to_str().unwrap());
    assert_eq!(std::fs::read(&path).unwrap(), pdf);
    let sig = std::fs::read_to_string(t.dir.path().join("ropa.pdf.minisig")).unwrap();
    assert!(sig.contains("file:ropa.pdf"), "{sig}");
    assert!(std::fs::read(t.dir.path().join("ropa.xlsx")).unwrap().starts_with(b"PK"));
    let gone = t.invoke("save_report", json!({ "id": 999 })).unwrap_err();
    assert_eq!(gone["code"], "not_found");

    // Verified through the open dialog (which "chooses" the saved file); a changed byte fails.
    let verified = t.ok("verify_report_file", json!({}));
    assert_eq!(verified["result"]["ok"], true, "{verified}");
    assert_eq!(verified["result"]["minisig_valid"], true);
    assert_eq!(verified["minisig_path"], t.dir.path().join("ropa.pdf.minisig").to_str().unwrap());
    let mut tampered = pdf.clone();
    let i = tampered.len() / 2;
    tampered[i] ^= 1;
    std::fs::write(&path, &tampered).unwrap();
    let bad = t.ok("verify_report_file", json!({}));
    assert_eq!(bad["result"]["ok"], false, "{bad}");
    assert_eq!(bad["result"]["minisig_valid"], false);
}

/// The app as it starts with no usable database yet: the UI's gate drives it.
fn locked_app(dir: &std::path::Path) -> (App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let state = cockpit_desktop::AppState::locked(dir.join("cockpit.db"), None);
    let app = cockpit_desktop::with_commands(mock_builder())
        .manage(state)
        .manage(Dialogs::new(FakeDialogs(dir.join("manual-backup.db"))))
        .build(mock_context(noop_assets()))
        .unwrap();
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    (app, webview)
}

/// One command through Tauri's real invoke path, as the webview sends it.
fn call(webview: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(webview, request(cmd, args)).map(|body| body.deserialize::<Value>().unwrap())
}

/// A command whose answer is raw bytes (an `ArrayBuffer` in the webview), not JSON.
fn call_raw(webview: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Vec<u8>, Value> {
    get_ipc_response(webview, request(cmd, args)).map(|body| match body {
        InvokeResponseBody::Raw(bytes) => bytes,
        InvokeResponseBody::Json(json) => {
            panic!("{cmd} answered JSON where raw bytes were expected: {json:.80}")
        }
    })
}

fn request(cmd: &str, args: Value) -> InvokeRequest {
    InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    }
}

#[test]
fn first_run_lock_and_unlock_through_ipc() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = locked_app(dir.path());
    let status = call(&w, "lock_status", json!({})).unwrap();
    assert_eq!((status["state"].as_str(), status["unlocked"].as_bool()), (Some("missing"), Some(false)));
    // Nothing works before the gate.
    let err = call(&w, "app_info", json!({})).unwrap_err();
    assert_eq!(err["code"], "locked", "{err}");
    // Too short a passphrase is refused, and no file is made.
    let err = call(&w, "create_database", json!({ "passphrase": "short", "remember": false })).unwrap_err();
    assert_eq!(err["code"], "validation", "{err}");
    assert!(!dir.path().join("cockpit.db").exists());

    let status =
        call(&w, "create_database", json!({ "passphrase": "a long passphrase", "remember": false })).unwrap();
    assert_eq!((status["state"].as_str(), status["unlocked"].as_bool()), (Some("encrypted"), Some(true)));
    let info = call(&w, "app_info", json!({})).unwrap();
    assert_eq!(info["encrypted"], true);
    assert!(info["key_derivation"].as_str().unwrap().contains("Argon2id"));
    // A second create is refused: the database exists.
    assert!(
        call(&w, "create_database", json!({ "passphrase": "a long passphrase", "remember": false })).is_err()
    );

    let status = call(&w, "lock_database", json!({})).unwrap();
    assert_eq!(status["unlocked"], false);
    assert_eq!(
        call(&w, "list_activities", json!({ "query": {}, "asOf": null })).unwrap_err()["code"],
        "locked"
    );
    let err = call(&w, "unlock_database", json!({ "passphrase": "not the passphrase", "remember": false }))
        .unwrap_err();
    assert_eq!(err["code"], "wrong_passphrase", "{err}");
    let status =
        call(&w, "unlock_database", json!({ "passphrase": "a long passphrase", "remember": false })).unwrap();
    assert_eq!(status["unlocked"], true);
    assert_eq!(call(&w, "list_activities", json!({ "query": {}, "asOf": null })).unwrap()["total"], 0);
}

#[test]
fn an_unencrypted_database_is_an_explicit_choice_and_cannot_be_locked() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = locked_app(dir.path());
    let status = call(&w, "create_database", json!({ "passphrase": null, "remember": false })).unwrap();
    assert_eq!((status["state"].as_str(), status["unlocked"].as_bool()), (Some("plain"), Some(true)));
    assert_eq!(call(&w, "app_info", json!({})).unwrap()["encrypted"], false);
    let err = call(&w, "lock_database", json!({})).unwrap_err();
    assert_eq!(err["code"], "conflict", "{err}");
}

#[test]
fn change_passphrase_and_backups_from_settings_through_ipc() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = locked_app(dir.path());
    call(&w, "create_database", json!({ "passphrase": "the first passphrase", "remember": false })).unwrap();
    let change = |old: &str, new: &str| {
        call(&w, "change_passphrase", json!({ "oldPassphrase": old, "newPassphrase": new }))
    };
    let err = change("not the passphrase", "the second passphrase").unwrap_err();
    assert_eq!(err["code"], "wrong_passphrase", "{err}");
    let err = change("the first passphrase", "short").unwrap_err();
    assert_eq!(err["code"], "validation", "{err}");
    // Refusals leave the database open.
    assert!(call(&w, "app_info", json!({})).is_ok());
    let status = change("the first passphrase", "the second passphrase").unwrap();
    assert_eq!(status["unlocked"], true, "{status}");
    assert_eq!(call(&w, "list_activities", json!({ "query": {}, "asOf": null })).unwrap()["total"], 0);
    call(&w, "lock_database", json!({})).unwrap();
    let err = call(&w, "unlock_database", json!({ "passphrase": "the first passphrase", "remember": false }))
        .unwrap_err();
    assert_eq!(err["code"], "wrong_passphrase", "the old passphrase no longer opens it");
    call(&w, "unlock_database", json!({ "passphrase": "the second passphrase", "remember": false })).unwrap();

    // Back up now: the dialog's file, encrypted with the database passphrase.
    let report = call(&w, "backup_now", json!({})).unwrap();
    assert_eq!(report["encrypted"], true, "{report}");
    let file = dir.path().join("manual-backup.db");
    assert_eq!(report["path"], file.display().to_string());
    assert_eq!(cockpit_api::security::file_kind(&file).unwrap(), cockpit_api::security::FileKind::Encrypted);

    // Automatic backups: a folder from the picker, validation per field, and the status.
    let folder = call(&w, "choose_backup_directory", json!({})).unwrap();
    let folder = folder.as_str().unwrap().to_string();
    let err = call(
        &w,
        "set_backup_schedule",
        json!({ "schedule": { "directory": "relative/folder", "every_hours": 24, "keep": 0 } }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "validation", "{err}");
    let fields: Vec<&str> =
        err["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["directory", "keep"]);
    let status = call(
        &w,
        "set_backup_schedule",
        json!({ "schedule": { "directory": folder, "every_hours": 24, "keep": 7 } }),
    )
    .unwrap();
    assert_eq!(status["available"], true, "{status}");
    assert_eq!(status["schedule"]["keep"], 7);
    assert!(status["next_due"].is_string());
    assert!(std::path::Path::new(&folder).is_dir(), "the folder is created");
    let off = call(&w, "set_backup_schedule", json!({ "schedule": null })).unwrap();
    assert!(off["schedule"].is_null());
}

#[test]
fn the_organisations_certificate_is_imported_through_the_open_dialog() {
    let t = TestApp::with_dialog_file("org.p12");
    let sh = |script: &str| {
        let o = std::process::Command::new("sh")
            .arg("-c")
            .arg(script)
            .current_dir(t.dir.path())
            .output()
            .unwrap();
        assert!(o.status.success(), "{script}: {}", String::from_utf8_lossy(&o.stderr));
    };
    sh("openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 30 -subj '/CN=Test CA' \
        -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign");
    sh("openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout org.key -out org.csr -subj '/CN=Org signing/O=Org'");
    sh("printf 'keyUsage=critical,digitalSignature\\n' > org.ext && openssl x509 -req -in org.csr -CA ca.pem \
        -CAkey ca.key -CAcreateserial -days 30 -out org.pem -extfile org.ext");
    sh("openssl pkcs12 -export -inkey org.key -in org.pem -certfile ca.pem -out org.p12 -passout pass:pw");

    let before = t.ok("report_keys", json!({}));
    assert_eq!(before["certificate_imported"], false);
    assert_eq!(t.ok("signing_certificates", json!({})), json!([]));
    let wrong = t.invoke("import_signing_certificate", json!({ "password": "nope" })).unwrap_err();
    assert_eq!(wrong["code"], "wrong_passphrase", "{wrong}");
    let cert = t.ok("import_signing_certificate", json!({ "password": "pw" }));
    assert_eq!(cert["subject"], "O=Org,CN=Org signing");
    assert_eq!(cert["key_algorithm"], "ECDSA P-256");
    assert_eq!(cert["active"], true);
    let keys = t.ok("report_keys", json!({}));
    assert_eq!(keys["certificate_imported"], true);
    assert_eq!(keys["certificate_issuer"], "CN=Test CA");
    assert_eq!(keys["certificate_fingerprint"], cert["fingerprint"]);
    assert_eq!(keys["minisign_public_key"], before["minisign_public_key"], "the minisign key stays");
    assert_eq!(t.ok("retire_signing_certificate", json!({})), json!(true));
    assert_eq!(t.ok("retire_signing_certificate", json!({})), json!(false));
    assert_eq!(t.ok("report_keys", json!({}))["certificate_fingerprint"], before["certificate_fingerprint"]);
    assert_eq!(t.ok("signing_certificates", json!({}))[0]["active"], false);
}

#[test]
fn the_unlocked_app_shows_due_reminders_once_through_its_notifier() {
    use std::sync::{Arc, Mutex};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cockpit.db");
    let shown: Arc<Mutex<Vec<String>>> = Arc::default();
    let sink = shown.clone();
    let notify: cockpit_desktop::Notify = Arc::new(move |r| {
        sink.lock().unwrap().push(r.title.clone());
        Ok(())
    });
    let state = cockpit_desktop::AppState::locked(path.clone(), None).with_reminders(notify);
    tauri::async_runtime::block_on(async {
        let cockpit = Cockpit::open(&path).await.unwrap();
        // Received 27 days ago: due within the week.
        let received = chrono::Utc::now().date_naive() - chrono::Duration::days(27);
        let mut r: cockpit_api::requests::NewRequest =
            serde_json::from_value(new_request("Ana", &format!("{received}T09:00:00"))).unwrap();
        r.activities.clear();
        cockpit.add_request(r).await.unwrap();
        state.set_open(cockpit, true);
        // The reminder pass runs at once when the database opens.
        for _ in 0..100 {
            if !shown.lock().unwrap().is_empty() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        state.close().await;
    });
    let titles = shown.lock().unwrap().clone();
    assert_eq!(titles.len(), 1, "{titles:?}");
    assert!(titles[0].starts_with("DSR-") && titles[0].contains(" is due "), "{titles:?}");
    // Reopened: the reminder was recorded as shown, so it does not come again.
    let again: Arc<Mutex<Vec<String>>> = Arc::default();
    let sink = again.clone();
    let notify: cockpit_desktop::Notify = Arc::new(move |r| {
        sink.lock().unwrap().push(r.title.clone());
        Ok(())
    });
    let state = cockpit_desktop::AppState::locked(path.clone(), None).with_reminders(notify);
    tauri::async_runtime::block_on(async {
        let cockpit = Cockpit::open(&path).await.unwrap();
        assert!(cockpit.pending_reminders().await.unwrap().is_empty());
        state.set_open(cockpit, true);
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        state.close().await;
    });
    assert!(again.lock().unwrap().is_empty());
}
