//! Audit entries chained in advance (a bulk writer prepares them on another thread while it writes
//! its other rows) go in only right after the head they were chained to.

use cockpit_store::{audit, AuditContext, Store, StoreError};

fn entry(id: &str) -> audit::CanonicalEntry {
    audit::CanonicalEntry {
        object_type: "activity".into(),
        object_id: id.into(),
        action: "create".into(),
        before: None,
        after: Some(audit::canonical_json(&serde_json::json!({ "id": id, "name": "Payroll" }))),
    }
}

#[tokio::test]
async fn entries_chained_in_advance_follow_the_head_they_were_made_for() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("c.db")).await.unwrap();
    let ctx = AuditContext { actor: "dpo".into(), at: chrono::Utc::now() };
    let mut tx = store.begin().await.unwrap();
    let head = audit::head(&mut tx).await.unwrap();
    assert_eq!(head, (0, audit::GENESIS.to_string()));
    let prepared = audit::chain(head, &ctx, vec![entry("PA-0001"), entry("PA-0002")]);

    // Something else is appended first: the prepared entries no longer follow the head.
    audit::append(&mut tx, &ctx, "activity", "PA-0000", "create", None, Some(&serde_json::json!({})))
        .await
        .unwrap();
    let err = audit::write_chained(&mut tx, prepared).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict(ref m) if m.contains("moved on")), "{err}");

    // Chained after the current head, they go in, and the whole chain verifies.
    let head = audit::head(&mut tx).await.unwrap();
    let prepared = audit::chain(head, &ctx, vec![entry("PA-0001"), entry("PA-0002")]);
    assert_eq!(audit::write_chained(&mut tx, prepared).await.unwrap(), 3);
    assert_eq!(audit::write_chained(&mut tx, vec![]).await.unwrap(), 3, "nothing to write: the head");
    tx.commit().await.unwrap();
    let mut c = store.read().await.unwrap();
    let check = audit::verify(&mut c).await.unwrap();
    assert_eq!((check.entries, check.broken), (3, None));
}
