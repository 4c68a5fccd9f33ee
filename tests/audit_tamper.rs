//! Tampering with the audit trail (or the register) directly in the SQLite file must be detected by
//! `cockpit audit verify`: exit 1, naming the first broken entry.

use cockpit_tests::{raw, TempDb};

fn demo() -> TempDb {
    let db = TempDb::new();
    db.ok(&["init", "--demo"]);
    db
}

fn tamper(db: &TempDb, sql: &str) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let mut c = raw(&db.path).await;
        sqlx::query(sql).execute(&mut c).await.unwrap();
    });
}

/// Runs verify and returns (exit code, JSON report).
fn verify(db: &TempDb) -> (Option<i32>, serde_json::Value) {
    let out = db.run(&["audit", "verify", "--json"]);
    (out.status.code(), serde_json::from_slice(&out.stdout).expect("verify prints JSON"))
}

#[test]
fn an_untouched_trail_verifies() {
    let db = demo();
    let (code, v) = verify(&db);
    assert_eq!(code, Some(0));
    assert_eq!(v["ok"], true);
    assert!(v["entries"].as_u64().unwrap() > 100);
    let text = db.ok(&["audit", "verify"]);
    assert!(text.contains(v["head_hash"].as_str().unwrap()));
}

#[test]
fn an_edited_entry_is_detected() {
    let db = demo();
    tamper(&db, "UPDATE audit_log SET actor = 'someone-else' WHERE seq = 5");
    let (code, v) = verify(&db);
    assert_eq!(code, Some(1));
    assert_eq!(v["first_broken_seq"], 5);
    assert!(v["problem"].as_str().unwrap().contains("altered"));
}

#[test]
fn an_edited_entry_with_a_recomputed_hash_breaks_the_next_link() {
    let db = demo();
    tamper(&db, "UPDATE audit_log SET after = '{}', hash = 'ab' || substr(hash, 3) WHERE seq = 10");
    let (code, v) = verify(&db);
    assert_eq!(code, Some(1));
    assert_eq!(v["first_broken_seq"], 10);
}

#[test]
fn a_deleted_entry_is_detected() {
    let db = demo();
    tamper(&db, "DELETE FROM audit_log WHERE seq = 7");
    let (code, v) = verify(&db);
    assert_eq!(code, Some(1));
    assert_eq!(v["first_broken_seq"], 7);
    let out = db.run(&["audit", "verify"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("entry 7"));
}

#[test]
fn deleting_the_newest_entries_is_detected() {
    let db = demo();
    tamper(&db, "DELETE FROM audit_log WHERE seq >= (SELECT MAX(seq) - 2 FROM audit_log)");
    let (code, v) = verify(&db);
    assert_eq!(code, Some(1));
    assert!(v["problem"].as_str().unwrap().contains("removed from the end"));
}

#[test]
fn an_inserted_entry_is_detected() {
    let db = demo();
    // Appended with a plausible link to the real head, but a made-up hash.
    tamper(
        &db,
        "INSERT INTO audit_log (seq, at, actor, object_type, object_id, action, before, after, prev_hash, hash)
         SELECT seq + 1, at, 'intruder', 'activity', 'PA-0001', 'update', NULL, '{}', hash, hash FROM audit_log
         ORDER BY seq DESC LIMIT 1",
    );
    let (code, v) = verify(&db);
    assert_eq!(code, Some(1));
    let broken = v["first_broken_seq"].as_u64().unwrap();
    assert!(broken > 100, "the inserted entry {broken} is named");
    // Inserted in the middle: a gap in the numbering or a broken link.
    let db = demo();
    tamper(
        &db,
        "INSERT INTO audit_log (seq, at, actor, object_type, object_id, action, before, after, prev_hash, hash)
         VALUES (100000, '2026-01-01T00:00:00.000000Z', 'x', 'activity', 'PA-0001', 'update', NULL, NULL, '', '')",
    );
    assert_eq!(verify(&db).0, Some(1));
}

#[test]
fn editing_the_register_behind_the_trail_is_detected() {
    let db = demo();
    tamper(&db, "UPDATE activities SET name = 'Quietly renamed' WHERE id = 'PA-0003'");
    let (code, v) = verify(&db);
    assert_eq!(code, Some(1));
    assert_eq!(v["first_broken_seq"], serde_json::Value::Null, "the chain itself is intact");
    let m: Vec<&str> =
        v["register_mismatches"].as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect();
    assert_eq!(m, ["activity PA-0003 differs from its last audited version"]);

    let db = demo();
    tamper(&db, "DELETE FROM activity_measures WHERE activity_id = 'PA-0001' AND position = 0");
    assert_eq!(verify(&db).0, Some(1));

    let db = demo();
    tamper(&db, "UPDATE recipients SET country = 'US' WHERE id = 1");
    let (code, v) = verify(&db);
    assert_eq!(code, Some(1));
    assert!(v["register_mismatches"][0].as_str().unwrap().starts_with("recipient #1"));
}
