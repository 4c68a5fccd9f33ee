//! Encryption at rest, backups and restores at the storage level, on real files.

use cockpit_store::{audit, AuditContext, FileKind, Passphrase, Store, StoreError};
use serde_json::json;
use std::path::Path;

const MARKER: &str = "Zebulon-Quaternary-Payroll-Marker";

fn pass(s: &str) -> Passphrase {
    Passphrase::new(s)
}

/// Writes one audited change whose text is the marker, plus a setting holding it.
async fn write_marker(store: &Store, n: usize) {
    let mut tx = store.begin().await.unwrap();
    let ctx = AuditContext { actor: "dpo".into(), at: chrono::Utc::now() };
    let after = json!({ "name": format!("{MARKER} {n}") });
    audit::append(&mut tx, &ctx, "activity", &format!("A-{n}"), "create", None, Some(&after)).await.unwrap();
    tx.commit().await.unwrap();
    store.set_setting(&format!("note-{n}"), &format!("{MARKER} setting {n}")).await.unwrap();
}

/// All bytes of the database and its sidecar files.
fn raw_files(db: &Path) -> Vec<(String, Vec<u8>)> {
    ["", "-wal", "-shm", "-journal"]
        .iter()
        .filter_map(|s| {
            let p = format!("{}{s}", db.display());
            std::fs::read(&p).ok().map(|b| (p, b))
        })
        .collect()
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

async fn chain(store: &Store) -> audit::ChainCheck {
    let mut c = store.read().await.unwrap();
    audit::verify(&mut c).await.unwrap()
}

#[tokio::test]
async fn an_encrypted_database_has_no_plaintext_in_any_file_while_open_and_after_close() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("enc.db");
    let store = Store::open_with(&db, Some(&pass("a long passphrase"))).await.unwrap();
    assert!(store.is_encrypted());
    for n in 0..50 {
        write_marker(&store, n).await;
    }
    // While open: the WAL holds the recent pages.
    let files = raw_files(&db);
    assert!(files.iter().any(|(p, b)| p.ends_with("-wal") && !b.is_empty()), "a WAL was written");
    for (p, bytes) in &files {
        assert!(!contains(bytes, MARKER), "{p} contains plaintext");
        assert!(!contains(bytes, "audit_log"), "{p} contains the schema in clear");
    }
    store.close().await;
    for (p, bytes) in raw_files(&db) {
        assert!(!contains(&bytes, MARKER), "{p} contains plaintext after close");
    }
    assert_eq!(cockpit_store::crypto::file_kind(&db).unwrap(), FileKind::Encrypted);

    // The same passphrase reads everything back.
    let again = Store::open_with(&db, Some(&pass("a long passphrase"))).await.unwrap();
    assert_eq!(again.setting("note-49").await.unwrap().unwrap(), format!("{MARKER} setting 49"));
    assert_eq!(again.integrity_check().await.unwrap(), "ok");
    assert_eq!(chain(&again).await.entries, 50);
    again.close().await;
}

#[tokio::test]
async fn the_plaintext_search_finds_the_marker_in_a_plain_database() {
    // The control for the test above: the same writes without a passphrase are readable on disk.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plain.db");
    let store = Store::open(&db).await.unwrap();
    assert!(!store.is_encrypted());
    write_marker(&store, 1).await;
    assert!(raw_files(&db).iter().any(|(_, b)| contains(b, MARKER)));
    store.close().await;
}

#[tokio::test]
async fn a_wrong_or_missing_passphrase_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("enc.db");
    let store = Store::open_with(&db, Some(&pass("the right passphrase"))).await.unwrap();
    write_marker(&store, 1).await;
    store.close().await;
    let before = std::fs::read(&db).unwrap();

    match Store::open_with(&db, Some(&pass("the wrong passphrase"))).await {
        Err(StoreError::WrongPassphrase { path }) => assert_eq!(path, db),
        other => panic!("expected WrongPassphrase, got {other:?}"),
    }
    match Store::open(&db).await {
        Err(StoreError::Locked { .. }) => {}
        other => panic!("expected Locked, got {other:?}"),
    }
    let msg = Store::open_with(&db, Some(&pass("nope nope nope"))).await.unwrap_err().to_string();
    assert!(msg.contains("wrong passphrase"), "{msg}");
    assert!(std::fs::read(&db).unwrap() == before, "a refused open left the database file exactly as it was");
    let wal = std::fs::metadata(format!("{}-wal", db.display())).map(|m| m.len()).unwrap_or(0);
    assert_eq!(wal, 0, "and wrote nothing to a WAL");
}

#[tokio::test]
async fn backup_while_in_use_then_restore_gives_the_same_register() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("enc.db");
    let p = pass("backup passphrase");
    let store = Store::open_with(&db, Some(&p)).await.unwrap();
    for n in 0..20 {
        write_marker(&store, n).await;
    }
    let bak = dir.path().join("nightly.bak");
    let report = store.backup_to(&bak, &p, false).await.unwrap();
    assert_eq!(report.audit_entries, 20);
    assert_eq!(report.audit_head, chain(&store).await.head_hash);
    assert!(!contains(&std::fs::read(&bak).unwrap(), MARKER), "the backup is encrypted");
    assert!(!Path::new(&format!("{}-wal", bak.display())).exists(), "a backup is one file");
    // A second backup to the same name is refused; with overwrite it replaces it.
    assert!(matches!(store.backup_to(&bak, &p, false).await, Err(StoreError::Conflict(_))));
    // The database keeps working after a backup.
    write_marker(&store, 20).await;
    store.close().await;

    let restored = dir.path().join("restored").join("cockpit.db");
    let r = Store::restore(&bak, &restored, Some(&p), false).await.unwrap();
    assert_eq!(r.audit_entries, 20);
    assert_eq!(r.audit_head, report.audit_head);
    let back = Store::open_with(&restored, Some(&p)).await.unwrap();
    assert!(back.is_encrypted());
    assert_eq!(back.setting("note-19").await.unwrap().unwrap(), format!("{MARKER} setting 19"));
    assert_eq!(back.setting("note-20").await.unwrap(), None, "the backup is the snapshot, not later writes");
    // The restored chain continues: a new entry links to the backup's head.
    write_marker(&back, 99).await;
    let c = chain(&back).await;
    assert_eq!((c.entries, c.broken), (21, None));
    back.close().await;
    // The restored database has its own salt, so its own key.
    assert_ne!(std::fs::read(&restored).unwrap()[..16], std::fs::read(&bak).unwrap()[..16]);
}

#[tokio::test]
async fn restore_refuses_to_overwrite_without_force_and_keeps_the_old_file_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let p = pass("backup passphrase");
    let db = dir.path().join("a.db");
    let store = Store::open_with(&db, Some(&p)).await.unwrap();
    write_marker(&store, 1).await;
    let bak = dir.path().join("a.bak");
    store.backup_to(&bak, &p, false).await.unwrap();
    store.close().await;

    let other = dir.path().join("b.db");
    let b = Store::open_with(&other, Some(&p)).await.unwrap();
    write_marker(&b, 1).await;
    write_marker(&b, 2).await;
    b.close().await;
    let before = std::fs::read(&other).unwrap();
    let err = Store::restore(&bak, &other, Some(&p), false).await.unwrap_err();
    assert!(err.to_string().contains("--force"), "{err}");
    assert_eq!(std::fs::read(&other).unwrap(), before);

    let r = Store::restore(&bak, &other, Some(&p), true).await.unwrap();
    let aside = r.replaced.expect("the old database is moved aside");
    assert_eq!(std::fs::read(&aside).unwrap(), before);
    let back = Store::open_with(&other, Some(&p)).await.unwrap();
    assert_eq!(chain(&back).await.entries, 1);
    back.close().await;
}

#[tokio::test]
async fn restore_refuses_a_backup_whose_audit_trail_was_tampered_with() {
    let dir = tempfile::tempdir().unwrap();
    let bak = dir.path().join("plain.bak");
    // A plain copy stands in for a backup someone edited with a SQLite tool.
    let store = Store::open(&bak).await.unwrap();
    write_marker(&store, 1).await;
    write_marker(&store, 2).await;
    sqlx::query("UPDATE audit_log SET actor = 'mallory' WHERE seq = 1")
        .execute(&mut *store.read().await.unwrap())
        .await
        .unwrap();
    store.close().await;
    let target = dir.path().join("t.db");
    let err = Store::restore(&bak, &target, Some(&pass("some passphrase")), false).await.unwrap_err();
    assert!(err.to_string().contains("audit trail is broken at entry 1"), "{err}");
    assert!(!target.exists(), "nothing restored");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".t.db"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind: {leftovers:?}");
}

#[tokio::test]
async fn restore_with_the_wrong_passphrase_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = pass("backup passphrase");
    let db = dir.path().join("a.db");
    let store = Store::open_with(&db, Some(&p)).await.unwrap();
    let bak = dir.path().join("a.bak");
    store.backup_to(&bak, &p, false).await.unwrap();
    store.close().await;
    let target = dir.path().join("t.db");
    assert!(matches!(
        Store::restore(&bak, &target, Some(&pass("not the passphrase")), false).await,
        Err(StoreError::WrongPassphrase { .. })
    ));
    assert!(matches!(Store::restore(&bak, &target, None, false).await, Err(StoreError::Locked { .. })));
    assert!(!target.exists());
}

#[tokio::test]
async fn change_passphrase_then_only_the_new_one_opens() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("enc.db");
    let store = Store::open_with(&db, Some(&pass("old passphrase"))).await.unwrap();
    write_marker(&store, 1).await;
    // Refused while the database is open elsewhere, with nothing changed.
    let busy = Store::change_passphrase(&db, &pass("old passphrase"), &pass("new passphrase")).await;
    assert!(matches!(busy, Err(StoreError::Conflict(ref m)) if m.contains("in use")), "{busy:?}");
    store.close().await;
    // The wrong old passphrase changes nothing.
    assert!(matches!(
        Store::change_passphrase(&db, &pass("not the old one"), &pass("new passphrase")).await,
        Err(StoreError::WrongPassphrase { .. })
    ));
    Store::change_passphrase(&db, &pass("old passphrase"), &pass("new passphrase")).await.unwrap();
    assert!(matches!(
        Store::open_with(&db, Some(&pass("old passphrase"))).await,
        Err(StoreError::WrongPassphrase { .. })
    ));
    let s = Store::open_with(&db, Some(&pass("new passphrase"))).await.unwrap();
    assert_eq!(s.setting("note-1").await.unwrap().unwrap(), format!("{MARKER} setting 1"));
    assert_eq!(chain(&s).await.broken, None);
    s.close().await;
}

#[tokio::test]
async fn encrypting_a_plain_database_keeps_everything_and_removes_the_plaintext() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plain.db");
    let store = Store::open(&db).await.unwrap();
    for n in 0..10 {
        write_marker(&store, n).await;
    }
    let head = chain(&store).await.head_hash;
    let busy = Store::encrypt_file(&db, &pass("now encrypted")).await;
    assert!(matches!(busy, Err(StoreError::Conflict(ref m)) if m.contains("in use")), "{busy:?}");
    store.close().await;

    let r = Store::encrypt_file(&db, &pass("now encrypted")).await.unwrap();
    assert_eq!((r.audit_entries, r.audit_head.clone()), (10, head.clone()));
    for (p, bytes) in raw_files(&db) {
        assert!(!contains(&bytes, MARKER), "{p} still holds plaintext");
    }
    assert!(matches!(Store::open(&db).await, Err(StoreError::Locked { .. })));
    let s = Store::open_with(&db, Some(&pass("now encrypted"))).await.unwrap();
    assert_eq!(chain(&s).await.head_hash, head);
    assert_eq!(s.integrity_check().await.unwrap(), "ok");
    s.close().await;
    assert!(Store::encrypt_file(&db, &pass("now encrypted")).await.is_err(), "already encrypted");
}
