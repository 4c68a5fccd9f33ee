//! The committed TypeScript bindings (`ui/src/bindings.ts`) must be what the commands generate.
//!
//! Regenerate them with: `UPDATE_BINDINGS=1 cargo test -p cockpit-desktop --test bindings`

use std::path::Path;

#[test]
fn bindings_are_up_to_date() {
    let committed_path = Path::new(env!("CARGO_MANIFEST_DIR")).join(cockpit_desktop::BINDINGS_PATH);
    if std::env::var("UPDATE_BINDINGS").is_ok_and(|v| v == "1") {
        cockpit_desktop::export_bindings(&committed_path).expect("cannot export the bindings");
        eprintln!("wrote {}", committed_path.display());
        return;
    }

    let dir = tempfile::tempdir().unwrap();
    let fresh_path = dir.path().join("bindings.ts");
    cockpit_desktop::export_bindings(&fresh_path).expect("cannot export the bindings");
    let fresh = std::fs::read_to_string(&fresh_path).unwrap();
    let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();

    if fresh != committed {
        let first_difference = fresh
            .lines()
            .zip(committed.lines())
            .enumerate()
            .find(|(_, (a, b))| a != b)
            .map(|(i, (a, b))| format!("line {}:\n  generated: {a}\n  committed: {b}", i + 1))
            .unwrap_or_else(|| "one file is a prefix of the other".to_string());
        panic!(
            "{} is out of date with the Tauri commands ({first_difference}).\n\
             Regenerate it with:\n  UPDATE_BINDINGS=1 cargo test -p cockpit-desktop --test bindings",
            committed_path.display()
        );
    }
}

#[test]
fn bindings_have_one_type_per_rust_type() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bindings.ts");
    cockpit_desktop::export_bindings(&path).unwrap();
    let ts = std::fs::read_to_string(path).unwrap();
    assert!(
        !ts.contains("_Serialize") && !ts.contains("_Deserialize"),
        "serde phases leaked into the bindings"
    );
    for name in ["export type Activity =", "export type ApiError =", "export type ActivityQuery ="] {
        assert!(ts.contains(name), "missing `{name}`");
    }
    // How a request arrived is `RequestChannel`: a bare `Channel` would clash with Tauri's IPC `Channel`.
    assert!(ts.contains("export type RequestChannel ="), "missing `RequestChannel`");
    assert!(!ts.contains("export type Channel ="), "`Channel` clashes with the Tauri runtime");
    for command in
        ["\"list_activities\"", "\"export_register\"", "\"pick_import_file\"", "\"add_request_event\""]
    {
        assert!(ts.contains(command), "missing command {command}");
    }
}
