//! Drives the real `cockpit` binary on temporary databases.

use cockpit_tests::TempDb;

#[test]
fn init_demo_fills_a_register_that_verifies() {
    let db = TempDb::new();
    db.ok(&["init", "--demo"]);
    let list = db.json(&["activity", "list"]);
    let items = list.as_array().expect("an array");
    assert!(items.len() >= 40, "{} demo activities", items.len());
    for it in items {
        assert!(it["id"].is_string() && it["name"].is_string());
    }
    let departments: std::collections::BTreeSet<&str> =
        items.iter().filter_map(|i| i["department"].as_str()).collect();
    assert!(departments.len() >= 8, "{departments:?}");
    let v = db.json(&["audit", "verify"]);
    assert_eq!(v["ok"], true);
    assert_eq!(v["head_hash"].as_str().map(str::len), Some(64));
    // A second --demo is refused rather than doubling the register.
    assert_eq!(db.run(&["init", "--demo"]).status.code(), Some(1));
}

#[test]
fn demo_data_exist_in_spanish() {
    let db = TempDb::new();
    db.ok(&["init", "--demo", "--lang", "es"]);
    let org = db.json(&["org", "show"]);
    assert!(org["name"].is_string());
    let list = db.json(&["activity", "list", "--search", "nómina"]);
    assert!(!list.as_array().unwrap().is_empty(), "a Spanish payroll activity");
}

#[test]
fn bad_arguments_exit_2_with_a_message() {
    let db = TempDb::new();
    for args in [
        vec!["activity", "list", "--bogus-flag"],
        vec!["activity", "list", "--as-of", "2026-02-30"],
        vec!["export", "--format", "pdf", "--out", "x"],
        vec!["activity", "list", "--status", "open"],
    ] {
        let out = db.run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?} must explain");
    }
}

#[test]
fn add_edit_show_check_history_and_retire() {
    let db = TempDb::new();
    db.ok(&["init", "--demo"]);
    let created = db.json(&[
        "activity",
        "add",
        "--name",
        "Visitor log",
        "--purpose",
        "Building security",
        "--lawful-basis",
        "legitimate-interests",
        "--department",
        "IT/Security",
    ]);
    let id = created["activity"]["id"].as_str().unwrap().to_string();
    assert_eq!(id, "PA-0051");
    let findings: Vec<&str> = created["completeness"]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(findings.contains(&"legitimate_interest_without_assessment"), "{findings:?}");
    assert!(findings.contains(&"no_security_measures"));

    db.ok(&["activity", "edit", &id, "--name", "Visitor register", "--owner", "Facility manager"]);
    let shown = db.json(&["activity", "show", &id]);
    assert_eq!(shown["activity"]["name"], "Visitor register");
    assert_eq!(shown["version"], 2);

    let check = db.json(&["activity", "check", &id]);
    assert!(check["score"].as_u64().unwrap() < 100);

    let history = db.json(&["activity", "history", &id]);
    let versions = history.as_array().unwrap();
    assert_eq!(versions.len(), 2);
    let paths: Vec<&str> =
        versions[1]["changes"].as_array().unwrap().iter().map(|c| c["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["name", "owner"]);
    assert_eq!(versions[1]["changes"][0]["before"], "Visitor log");

    db.ok(&["activity", "retire", &id]);
    assert_eq!(db.json(&["activity", "show", &id])["activity"]["status"], "retired");
    let retired = db.json(&["activity", "list", "--status", "retired"]);
    assert!(retired.as_array().unwrap().iter().any(|a| a["id"] == id.as_str()));
}

#[test]
fn invalid_activities_are_refused_with_field_errors() {
    let db = TempDb::new();
    db.ok(&["init"]);
    let out = db.run(&["activity", "add", "--name", "X", "--recipient", "Nobody Ltd", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let err: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(err["code"], "validation");
    assert_eq!(err["fields"][0]["field"], "recipients[0]");
    assert_eq!(err["fields"][0]["code"], "unknown_reference");
    let out = db.run(&["activity", "show", "PA-9999"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not found"));
}

#[test]
fn a_newer_database_is_refused() {
    let db = TempDb::new();
    db.ok(&["init"]);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let mut c = cockpit_tests::raw(&db.path).await;
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, execution_time)
             VALUES (99990101000000, 'from the future', CURRENT_TIMESTAMP, 1, x'00', 0)",
        )
        .execute(&mut c)
        .await
        .unwrap();
    });
    let out = db.run(&["activity", "list"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("newer version of DPO Cockpit"), "{err}");
}

#[test]
fn org_and_vocabularies_from_the_command_line() {
    let db = TempDb::new();
    db.ok(&["init"]);
    db.ok(&[
        "org",
        "set",
        "--name",
        "Acme Iberia S.L.",
        "--dpo-email",
        "dpo@example.com",
        "--establishment",
        "Madrid,ES,Europe/Madrid,ES-MD",
        "--main-establishment",
        "Madrid",
    ]);
    let org = db.json(&["org", "show"]);
    assert_eq!(org["establishments"][0]["region"], "ES-MD");
    assert_eq!(org["establishments"][0]["main"], true);
    let bad = db.run(&["org", "set", "--establishment", "Munich,DE,Europe/Munich"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("IANA"));

    db.ok(&["vocab", "set", "--kind", "measure", r#"{"name":"Encryption at rest","kind":"technical"}"#]);
    db.ok(&["activity", "add", "--name", "Backups", "--measure", "encryption AT REST"]);
    let v = db.json(&["vocab", "list"]);
    assert_eq!(v["measures"][0]["name"], "Encryption at rest");
    let refused = db.run(&["vocab", "delete", "--kind", "measure", "Encryption at rest"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("PA-0001"));
    // A rename follows into the activity and gives it a new audited version.
    db.ok(&[
        "vocab",
        "set",
        "--kind",
        "measure",
        r#"{"name":"Disk encryption","kind":"technical"}"#,
        "--rename-from",
        "Encryption at rest",
    ]);
    let a = db.json(&["activity", "show", "PA-0001"]);
    assert_eq!(a["activity"]["measures"][0], "Disk encryption");
    assert_eq!(a["version"], 2);
    assert_eq!(db.json(&["audit", "verify"])["ok"], true);
}
