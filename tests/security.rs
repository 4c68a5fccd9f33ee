//! Encryption at rest, backups and restores through the real `cockpit` binary.

use cockpit_tests::TempDb;
use std::path::Path;

const PASS: (&str, &str) = ("COCKPIT_PASSPHRASE", "a passphrase for the tests");

fn raw(db: &Path) -> Vec<u8> {
    let mut all = Vec::new();
    for suffix in ["", "-wal", "-shm", "-journal"] {
        if let Ok(b) = std::fs::read(format!("{}{suffix}", db.display())) {
            all.extend(b);
        }
    }
    all
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

fn ok_env(db: &TempDb, args: &[&str], env: &[(&str, &str)]) -> String {
    let out = db.run_env(args, env);
    assert!(
        out.status.success(),
        "cockpit {args:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Names from the demo register that must never appear in the raw files of an encrypted database.
fn known_strings(db: &TempDb) -> Vec<String> {
    let list: serde_json::Value =
        serde_json::from_str(&ok_env(db, &["activity", "list", "--json"], &[PASS])).unwrap();
    let mut names: Vec<String> =
        list.as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap().to_string()).collect();
    let org: serde_json::Value =
        serde_json::from_str(&ok_env(db, &["org", "show", "--json"], &[PASS])).unwrap();
    names.push(org["name"].as_str().unwrap().to_string());
    names.push(org["dpo_email"].as_str().unwrap().to_string());
    names
}

#[test]
fn init_with_a_passphrase_encrypts_every_file_and_the_register_reads_back() {
    let db = TempDb::new();
    ok_env(&db, &["init", "--demo"], &[PASS]);
    let strings = known_strings(&db);
    assert!(strings.len() > 40);
    // Add one more change so that the WAL holds fresh pages too.
    ok_env(
        &db,
        &["activity", "add", "--name", "Whistleblower hotline intake", "--purpose", "EU Directive 2019/1937"],
        &[PASS],
    );
    let bytes = raw(&db.path);
    for s in strings.iter().chain([&"Whistleblower hotline intake".to_string()]) {
        assert!(!contains(&bytes, s), "plaintext '{s}' found in the database files");
    }
    let info: serde_json::Value =
        serde_json::from_str(&ok_env(&db, &["audit", "verify", "--json"], &[PASS])).unwrap();
    assert_eq!(info["ok"], true);

    // The control: the same register unencrypted has the strings in clear.
    let plain = TempDb::new();
    let out = plain.run(&["init", "--demo"]);
    assert!(out.status.success());
    let warning = String::from_utf8_lossy(&out.stderr);
    assert!(warning.contains("NOT encrypted"), "a plain init says so loudly: {warning}");
    assert!(contains(&raw(&plain.path), &strings[0]));
}

#[test]
fn a_wrong_or_missing_passphrase_is_a_clear_error_and_changes_nothing() {
    let db = TempDb::new();
    ok_env(&db, &["init", "--demo"], &[PASS]);
    let before = std::fs::read(&db.path).unwrap();
    let wrong = db.run_env(&["activity", "list", "--json"], &[("COCKPIT_PASSPHRASE", "not the passphrase")]);
    assert_eq!(wrong.status.code(), Some(1));
    let msg = String::from_utf8_lossy(&wrong.stderr);
    assert!(msg.contains("wrong passphrase"), "{msg}");
    let json: serde_json::Value = serde_json::from_slice(&wrong.stdout).unwrap();
    assert_eq!(json["code"], "wrong_passphrase");

    let missing = db.run(&["activity", "list"]);
    assert_eq!(missing.status.code(), Some(1));
    let msg = String::from_utf8_lossy(&missing.stderr);
    assert!(msg.contains("is encrypted") && msg.contains("COCKPIT_PASSPHRASE"), "{msg}");
    assert!(std::fs::read(&db.path).unwrap() == before, "refused opens wrote nothing");
}

#[test]
fn backup_restore_export_equals_the_original_export() {
    let db = TempDb::new();
    ok_env(&db, &["init", "--demo"], &[PASS]);
    let original = db.file("original.json");
    ok_env(&db, &["export", "--format", "json", "--out", original.to_str().unwrap()], &[PASS]);
    let bak = db.file("cockpit.bak");
    let report: serde_json::Value =
        serde_json::from_str(&ok_env(&db, &["backup", "--out", bak.to_str().unwrap(), "--json"], &[PASS]))
            .unwrap();
    assert!(report["audit_head"].as_str().is_some_and(|h| h.len() == 64));
    assert_eq!(report["encrypted"], true);
    assert!(!contains(&std::fs::read(&bak).unwrap(), "audit_log"), "the backup is encrypted");
    // Backing up again to the same file is refused without --force.
    assert_eq!(db.run_env(&["backup", "--out", bak.to_str().unwrap()], &[PASS]).status.code(), Some(1));

    let restored = TempDb::new();
    ok_env(&restored, &["restore", bak.to_str().unwrap()], &[PASS]);
    let again = restored.file("restored.json");
    ok_env(&restored, &["export", "--format", "json", "--out", again.to_str().unwrap()], &[PASS]);
    let a: serde_json::Value = serde_json::from_slice(&std::fs::read(&original).unwrap()).unwrap();
    let b: serde_json::Value = serde_json::from_slice(&std::fs::read(&again).unwrap()).unwrap();
    assert_eq!(a, b, "backup → restore → export equals the original export");
    // The restored trail verifies and records the backup and the restore.
    let v: serde_json::Value =
        serde_json::from_str(&ok_env(&restored, &["audit", "verify", "--json"], &[PASS])).unwrap();
    assert_eq!(v["ok"], true);
    let log: serde_json::Value =
        serde_json::from_str(&ok_env(&restored, &["audit", "log", "--json"], &[PASS])).unwrap();
    let text = log.to_string();
    assert!(text.contains("\"restore\""), "the restore is in the audit trail");

    // Restoring over an existing database needs --force, and keeps the old one aside.
    let refused = restored.run_env(&["restore", bak.to_str().unwrap()], &[PASS]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--force"));
    let forced: serde_json::Value = serde_json::from_str(&ok_env(
        &restored,
        &["restore", bak.to_str().unwrap(), "--force", "--json"],
        &[PASS],
    ))
    .unwrap();
    assert!(Path::new(forced["replaced"].as_str().unwrap()).exists());
}

#[test]
fn encrypt_then_change_passphrase() {
    let db = TempDb::new();
    db.ok(&["init", "--demo"]);
    let name = db.json(&["activity", "list"])[0]["name"].as_str().unwrap().to_string();
    assert!(contains(&raw(&db.path), &name));
    ok_env(&db, &["encrypt"], &[PASS]);
    assert!(!contains(&raw(&db.path), &name), "no plaintext left in the database files");
    assert_eq!(db.run(&["activity", "list"]).status.code(), Some(1), "now locked");
    ok_env(&db, &["activity", "list"], &[PASS]);

    let new = ("COCKPIT_NEW_PASSPHRASE", "another long passphrase");
    // Too short a new passphrase is refused.
    let short = db.run_env(&["passphrase", "change"], &[PASS, ("COCKPIT_NEW_PASSPHRASE", "short")]);
    assert_eq!(short.status.code(), Some(1));
    ok_env(&db, &["passphrase", "change"], &[PASS, new]);
    assert_eq!(db.run_env(&["activity", "list"], &[PASS]).status.code(), Some(1), "old one refused");
    let list = ok_env(&db, &["activity", "list", "--json"], &[("COCKPIT_PASSPHRASE", new.1)]);
    assert!(list.contains(&name));
    let v = ok_env(&db, &["audit", "verify", "--json"], &[("COCKPIT_PASSPHRASE", new.1)]);
    assert!(v.contains("\"ok\": true"), "{v}");
}

#[test]
fn a_backup_of_an_unencrypted_database_needs_a_passphrase() {
    let db = TempDb::new();
    db.ok(&["init"]);
    let bak = db.file("b.bak");
    let out = db.run(&["backup", "--out", bak.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("COCKPIT_PASSPHRASE"));
    assert!(!bak.exists());
    ok_env(&db, &["backup", "--out", bak.to_str().unwrap()], &[PASS]);
    let restored = TempDb::new();
    assert_eq!(restored.run(&["restore", bak.to_str().unwrap()]).status.code(), Some(1), "encrypted backup");
    ok_env(&restored, &["restore", bak.to_str().unwrap()], &[PASS]);
}
