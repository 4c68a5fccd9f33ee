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

/// Automatic backups on a clock the test moves: due at once, then every interval; rotation keeps the
/// newest `keep` and deletes nothing that is not an automatic backup; each backup restores.
#[tokio::test]
async fn automatic_backups_run_when_due_rotate_and_restore() {
    use chrono::TimeZone;
    use cockpit_api::backups::BackupSchedule;
    use cockpit_api::security::Passphrase;
    use cockpit_domain::FixedClock;
    use std::sync::Arc;

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("data").join("cockpit.db");
    std::fs::create_dir_all(db.parent().unwrap()).unwrap();
    let folder = dir.path().join("backups");
    let pass = Passphrase::new("a passphrase for the tests");
    let t0 = chrono::Utc.with_ymd_and_hms(2026, 11, 30, 2, 0, 0).unwrap();
    let clock = Arc::new(FixedClock::new(t0));
    let c = cockpit_api::Cockpit::open_with_passphrase(&db, clock.clone(), "dpo".into(), Some(&pass))
        .await
        .unwrap();
    c.init(Some(cockpit_api::DemoLanguage::En)).await.unwrap();

    // Nothing is due while the schedule is off.
    assert!(c.run_due_backup().await.unwrap().is_none());
    // A relative folder, the database's own folder, zero and too large values are refused, field by field.
    let bad = |directory: &str, every_hours, keep| BackupSchedule {
        directory: directory.into(),
        every_hours,
        keep,
    };
    let err = c.set_backup_schedule(Some(bad("backups", 0, 0))).await.unwrap_err();
    let fields: Vec<&str> = err.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["directory", "every_hours", "keep"], "{err}");
    let own = db.parent().unwrap().display().to_string();
    let err = c.set_backup_schedule(Some(bad(&own, 24, 366))).await.unwrap_err();
    assert_eq!(err.fields.len(), 2, "{err}");
    // A refused schedule leaves nothing behind: its folder is created only once all is valid.
    let never = dir.path().join("never-created");
    let err = c.set_backup_schedule(Some(bad(&never.display().to_string(), 0, 7))).await.unwrap_err();
    assert_eq!(err.fields[0].field, "every_hours", "{err}");
    assert!(!never.exists(), "a refused schedule created its folder");

    let status = c.set_backup_schedule(Some(bad(&folder.display().to_string(), 24, 2))).await.unwrap();
    assert!(status.available);
    assert_eq!(status.next_due.as_deref(), Some("2026-11-30T02:00:00Z"));
    // Files that are not automatic backups, and a link named like one, are never touched.
    std::fs::write(folder.join("notes.txt"), "keep me").unwrap();
    std::fs::write(folder.join("cockpit-backup-20000101T000000Z.db.old"), "keep me").unwrap();
    std::os::unix::fs::symlink(&db, folder.join("cockpit-backup-19990101T000000Z.db")).unwrap();

    let first = c.run_due_backup().await.unwrap().expect("due at once");
    assert!(first.path.ends_with("cockpit-backup-20261130T020000Z.db"), "{}", first.path);
    assert!(first.encrypted);
    // Not again before the interval is over.
    clock.advance(chrono::Duration::hours(23));
    assert!(c.run_due_backup().await.unwrap().is_none());
    clock.advance(chrono::Duration::hours(1));
    let second = c.run_due_backup().await.unwrap().expect("due after 24 h");
    clock.advance(chrono::Duration::hours(24));
    let third = c.run_due_backup().await.unwrap().expect("due after 48 h");

    let status = c.backup_status().await.unwrap();
    let names: Vec<&str> = status.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["cockpit-backup-20261202T020000Z.db", "cockpit-backup-20261201T020000Z.db"]);
    assert!(!Path::new(&first.path).exists(), "the oldest backup is rotated out");
    for kept in ["notes.txt", "cockpit-backup-20000101T000000Z.db.old", "cockpit-backup-19990101T000000Z.db"]
    {
        assert!(folder.join(kept).symlink_metadata().is_ok(), "{kept} was deleted");
    }
    assert!(db.exists(), "the link's target is untouched");
    assert_eq!(status.last_file.as_deref(), Some("cockpit-backup-20261202T020000Z.db"));
    assert_eq!(status.last_error, None);
    assert_eq!(status.next_due.as_deref(), Some("2026-12-03T02:00:00Z"));

    // The audit trail holds the schedule, each backup and the rotation, and still verifies.
    let query = cockpit_api::AuditQuery {
        object_type: Some("database".into()),
        limit: Some(100),
        ..Default::default()
    };
    let trail = c.audit_log(query).await.unwrap();
    let actions: Vec<&str> = trail.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions.iter().filter(|a| **a == "backup").count(), 3, "{actions:?}");
    assert!(actions.contains(&"backup_schedule") && actions.contains(&"backup_rotate"), "{actions:?}");
    assert!(c.verify_audit().await.unwrap().ok);

    // The newest backup restores, with the chain where it stood when the backup was taken.
    let restored = dir.path().join("restored.db");
    let r = cockpit_api::Cockpit::restore(Path::new(&third.path), &restored, Some(&pass), false, &*clock)
        .await
        .unwrap();
    assert_eq!(r.audit_head, third.audit_head);
    // Each backup is itself an audit entry, so each copy ends on a later head than the one before.
    assert!(second.audit_entries > first.audit_entries && third.audit_entries > second.audit_entries);

    // A failure is recorded and retried within the hour, not after a day.
    std::fs::remove_dir_all(&folder).unwrap();
    std::fs::write(&folder, "a file where the folder was").unwrap();
    clock.advance(chrono::Duration::hours(24));
    assert!(c.run_due_backup().await.is_err());
    let status = c.backup_status().await.unwrap();
    assert!(status.last_error.as_deref().unwrap_or("").contains("folder"), "{status:?}");
    assert_eq!(status.next_due.as_deref(), Some("2026-12-03T03:00:00Z"));
    c.close().await;
}

/// An unencrypted database has no passphrase to encrypt backups with: automatic backups say so.
#[tokio::test]
async fn automatic_backups_need_an_encrypted_database() {
    let dir = tempfile::tempdir().unwrap();
    let c = cockpit_api::Cockpit::open(&dir.path().join("plain.db")).await.unwrap();
    let status = c.backup_status().await.unwrap();
    assert!(!status.available);
    assert!(status.unavailable_reason.unwrap().contains("encrypt the database first"));
    let schedule = cockpit_api::backups::BackupSchedule {
        directory: dir.path().join("b").display().to_string(),
        every_hours: 24,
        keep: 7,
    };
    let err = c.set_backup_schedule(Some(schedule)).await.unwrap_err();
    assert_eq!(err.code, cockpit_api::ErrorCode::Conflict);
    assert!(c.run_due_backup().await.unwrap().is_none());
}

/// `cockpit backup auto` sets the schedule and `cockpit scheduler run --once` takes the backup.
#[test]
fn backup_auto_and_the_scheduler_take_backups_from_the_cli() {
    let db = TempDb::new();
    ok_env(&db, &["init", "--demo"], &[PASS]);
    let folder = db.file("auto-backups");
    let shown = ok_env(
        &db,
        &["backup", "auto", "--dir", folder.to_str().unwrap(), "--every", "7d", "--keep", "3", "--json"],
        &[PASS],
    );
    let status: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(status["schedule"]["every_hours"], 168, "{status}");
    assert_eq!(status["schedule"]["keep"], 3);
    let out = db.run_env(&["backup", "auto", "--every", "3w"], &[PASS]);
    assert_eq!(out.status.code(), Some(2), "a bad interval is a usage error");

    let ran: serde_json::Value =
        serde_json::from_str(&ok_env(&db, &["scheduler", "run", "--once", "--json"], &[PASS])).unwrap();
    let backup = ran.as_array().unwrap().iter().find(|o| o["rule"] == "[backup]").expect("a backup line");
    assert_eq!(backup["outcome"], "done", "{ran}");
    let files: Vec<_> = std::fs::read_dir(&folder).unwrap().flatten().collect();
    assert_eq!(files.len(), 1);
    // Not due again for a week.
    let again: serde_json::Value =
        serde_json::from_str(&ok_env(&db, &["scheduler", "run", "--once", "--json"], &[PASS])).unwrap();
    assert!(again.as_array().unwrap().iter().all(|o| o["rule"] != "[backup]"), "{again}");
    let text = ok_env(&db, &["backup", "auto"], &[PASS]);
    assert!(text.contains("every 168 h") && text.contains("Last backup"), "{text}");
    let off = ok_env(&db, &["backup", "auto", "--off"], &[PASS]);
    assert!(off.contains("off"), "{off}");
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 1, "turning them off deletes nothing");
}

/// The log files are structured JSON lines in the log folder, and a whole session at the most verbose
/// level leaves no personal data in them: no requester's name, e-mail or reference, no register
/// contents, no passphrase.
#[test]
fn logs_are_structured_and_hold_no_personal_data() {
    let db = TempDb::new();
    let trace = ("COCKPIT_LOG", "trace");
    ok_env(&db, &["init", "--demo"], &[PASS, trace]);
    let secrets = [
        "Zelda Quixote-Marchetti",
        "zelda.qm@example.org",
        "CUST-889-204-XQ",
        "Whistleblower hotline Nightingale",
        "Investigation of Nightingale reports",
        PASS.1,
    ];
    ok_env(&db, &["activity", "add", "--name", secrets[3], "--purpose", secrets[4]], &[PASS, trace]);
    let added = ok_env(
        &db,
        &[
            "request",
            "add",
            "--regime",
            "gdpr",
            "--type",
            "erasure",
            "--received",
            "2026-11-02",
            "--name",
            secrets[0],
            "--email",
            secrets[1],
            "--reference",
            secrets[2],
            "--json",
        ],
        &[PASS, trace],
    );
    let id = serde_json::from_str::<serde_json::Value>(&added).unwrap()["request"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    ok_env(&db, &["request", "show", &id, "--json"], &[PASS, trace]);
    ok_env(&db, &["request", "list", "--json"], &[PASS, trace]);
    // Failures log too: a wrong passphrase, an unknown request, an import refused row by row.
    let wrong = db.run_env(&["org", "show"], &[("COCKPIT_PASSPHRASE", "not the passphrase"), trace]);
    assert!(!wrong.status.success());
    assert!(!db.run_env(&["request", "show", "DSR-1999-0042"], &[PASS, trace]).status.success());
    let csv = db.file("bad.csv");
    std::fs::write(&csv, format!("id,name,purposes\nPA-9000,{},x\nPA-9001,,y\n", secrets[0])).unwrap();
    assert!(!db.run_env(&["import", csv.to_str().unwrap()], &[PASS, trace]).status.success());
    let export = db.file("export.json");
    ok_env(&db, &["export", "--format", "json", "--out", export.to_str().unwrap()], &[PASS, trace]);

    let logs: Vec<_> = std::fs::read_dir(db.dir.path().join("logs")).unwrap().flatten().collect();
    assert_eq!(logs.len(), 1, "one daily file");
    let name = logs[0].file_name().to_string_lossy().into_owned();
    assert!(name.starts_with("cockpit.") && name.ends_with(".log"), "{name}");
    let text = std::fs::read_to_string(logs[0].path()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // Each command leaves a structured line: its subcommand path, outcome and error kind.
    let mut commands = Vec::new();
    for line in &lines {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
        assert!(v["timestamp"].is_string() && v["level"].is_string(), "{line}");
        if let Some(c) = v["fields"]["command"].as_str() {
            commands.push((c.to_string(), v["fields"]["message"].as_str().unwrap().to_string()));
        }
    }
    for (command, message) in [
        ("init", "command done"),
        ("request add", "command done"),
        ("request show", "command failed"),
        ("import", "command failed"),
        ("export", "command done"),
    ] {
        assert!(
            commands.iter().any(|(c, m)| c == command && m == message),
            "no '{command}: {message}' line in {commands:?}"
        );
    }
    let mut forbidden: Vec<String> = secrets.iter().map(|s| s.to_string()).collect();
    forbidden.extend(known_strings(&db));
    for s in &forbidden {
        assert!(!text.contains(s.as_str()), "the log holds '{s}'");
    }
}
