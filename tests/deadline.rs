//! `cockpit deadline` through the real binary: the published examples, `--batch`, exit codes and the
//! messages that list what is valid.

use cockpit_tests::cockpit_bin;
use serde_json::Value;
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("never-created.db");
    let out = Command::new(cockpit_bin()).arg("--db").arg(&db).args(args).output().unwrap();
    assert!(!db.exists(), "deadline needs no database and must not create one");
    out
}

fn json(args: &[&str]) -> Value {
    let out = run(args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn batch(input: &str) -> (Output, Vec<Value>) {
    let mut child = Command::new(cockpit_bin())
        .args(["deadline", "--batch", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let lines = String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("every output line is JSON"))
        .collect();
    (out, lines)
}

#[test]
fn the_ico_examples_through_the_binary() {
    let d =
        json(&["deadline", "--regime", "gdpr", "--calendar", "none", "--received", "2025-09-03", "--json"]);
    for key in [
        "regime",
        "calendar",
        "received",
        "legal_due",
        "safe_due",
        "extension_notice_due",
        "rule",
        "source",
        "explanation",
    ] {
        assert!(!d[key].is_null(), "{key} missing in {d}");
    }
    assert_eq!(d["legal_due"], "2025-10-03");
    assert!(d.get("extended_legal_due").is_none(), "extended dates only with --extended");
    let d = json(&[
        "deadline",
        "--regime",
        "uk-gdpr",
        "--calendar",
        "GB-ENG",
        "--received",
        "2024-11-25",
        "--json",
    ]);
    assert_eq!(d["legal_due"], "2024-12-27");
    let d = json(&[
        "deadline",
        "--regime",
        "gdpr",
        "--calendar",
        "none",
        "--received",
        "2026-01-31",
        "--extended",
        "--json",
    ]);
    assert_eq!(
        (d["legal_due"].as_str(), d["extended_legal_due"].as_str(), d["extended_safe_due"].as_str()),
        (Some("2026-03-02"), Some("2026-04-30"), Some("2026-04-28"))
    );
    assert_eq!(
        d["explanation"].as_str().unwrap().split(';').next().unwrap(),
        "received Sat 31 Jan 2026 → 28 Feb (February has no 31st) → Saturday → Mon 2 Mar"
    );
}

#[test]
fn uk_late_start_and_pause_flags() {
    let d = json(&[
        "deadline",
        "--regime",
        "uk-gdpr",
        "--calendar",
        "GB-ENG",
        "--received",
        "2026-03-02",
        "--clarification-asked",
        "2026-03-05",
        "--clarification-received",
        "2026-03-09",
        "--json",
    ]);
    assert_eq!((d["legal_due"].as_str(), d["safe_due"].as_str()), (Some("2026-04-07"), Some("2026-04-02")));
    assert_eq!(d["paused_days"], 5);
    let d = json(&[
        "deadline",
        "--regime",
        "uk-gdpr",
        "--calendar",
        "none",
        "--received",
        "2026-03-02",
        "--id-requested",
        "2026-03-03",
        "--id-received",
        "2026-03-10",
        "--json",
    ]);
    assert_eq!(
        (d["clock_start"].as_str(), d["legal_due"].as_str()),
        (Some("2026-03-10"), Some("2026-04-10"))
    );
}

#[test]
fn the_breach_clock_prints_an_offset_instant_and_utc() {
    let d = json(&[
        "deadline",
        "--regime",
        "gdpr-breach",
        "--aware-at",
        "2026-03-28T10:00:00",
        "--tz",
        "Europe/Berlin",
        "--json",
    ]);
    assert_eq!(d["legal_due"], "2026-03-31T11:00:00+02:00");
    assert_eq!(d["legal_due_utc"], "2026-03-31T09:00:00Z");
}

#[test]
fn bad_questions_exit_2_and_say_what_is_valid() {
    for (args, want) in [
        (
            vec!["--regime", "nope", "--calendar", "none", "--received", "2025-09-03"],
            "valid regimes: gdpr, uk-gdpr",
        ),
        (
            vec!["--regime", "gdpr", "--calendar", "XX-YY", "--received", "2025-09-03"],
            "valid calendars: none, AT",
        ),
        (vec!["--regime", "gdpr", "--calendar", "none", "--received", "2025-02-30"], "expected YYYY-MM-DD"),
        (vec!["--regime", "gdpr", "--calendar", "none", "--received", "03/09/2025"], "expected YYYY-MM-DD"),
        (vec!["--regime", "gdpr", "--received", "2025-09-03"], "calendar is required"),
        (
            vec!["--regime", "lgpd", "--calendar", "BR", "--received", "2025-09-03", "--extended"],
            "no extension",
        ),
        (vec!["--regime", "gdpr", "--calendar", "ES", "--received", "2005-09-03"], "2008"),
        (
            vec!["--regime", "gdpr-breach", "--aware-at", "2026-10-25T02:30:00", "--tz", "Europe/Berlin"],
            "twice",
        ),
        (vec!["--regime", "gdpr-breach", "--aware-at", "2026-10-25T12:30:00", "--tz", "Berlin"], "IANA"),
    ] {
        let mut full = vec!["deadline"];
        full.extend(&args);
        let out = run(&full);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(want), "{args:?}: {err}");
    }
}

#[test]
fn batch_answers_every_line_in_order_and_marks_bad_ones() {
    let input = [
        r#"{"regime":"gdpr","calendar":"none","received":"2025-09-03"}"#,
        "not json",
        r#"{"regime":"uk-gdpr","calendar":"GB-ENG","received":"2024-11-25","extended":true}"#,
        "",
        r#"{"regime":"gdpr","calendar":"none","recieved":"2025-09-03"}"#,
        r#"{"regime":"gdpr-breach","aware_at":"2026-06-05T18:45:00","tz":"Europe/Berlin"}"#,
        r#"{"regime":"gdpr","calendar":"Mars","received":"2025-09-03"}"#,
    ]
    .join("\n");
    let (out, lines) = batch(&input);
    assert_eq!(lines.len(), 7, "one line out per line in");
    assert_eq!(out.status.code(), Some(1), "some lines were bad");
    assert_eq!(lines[0]["legal_due"], "2025-10-03");
    assert_eq!(
        (lines[1]["line"].as_u64(), lines[1]["error"]["code"].as_str()),
        (Some(2), Some("invalid_json"))
    );
    assert_eq!(lines[2]["extended_legal_due"], "2025-02-25");
    assert_eq!(lines[3]["error"]["code"], "invalid_json");
    assert!(lines[4]["error"]["message"].as_str().unwrap().contains("recieved"), "typos are named");
    assert_eq!(lines[5]["legal_due"], "2026-06-08T18:45:00+02:00");
    assert_eq!(lines[6]["error"]["code"], "unknown_calendar");

    let (out, lines) =
        batch(&"{\"regime\":\"fadp\",\"calendar\":\"CH\",\"received\":\"2026-07-02\"}\n".repeat(500));
    assert!(out.status.success());
    assert_eq!(lines.len(), 500);
    assert!(lines.iter().all(|l| l["legal_due"] == "2026-08-03"));
}

#[test]
fn calendars_can_be_listed() {
    let list = json(&["deadline", "--list-calendars", "--json"]);
    let list = list.as_array().unwrap();
    let find = |code: &str| list.iter().find(|c| c["code"] == code).unwrap_or_else(|| panic!("{code}"));
    assert_eq!(
        (find("GB-ENG")["first_year"].as_i64(), find("GB-ENG")["last_year"].as_i64()),
        (Some(2000), Some(2050))
    );
    assert_eq!(find("ES-MD")["first_year"], 2008);
    assert!(find("none")["first_year"].is_null());
    assert!(list.len() > 300);
}

#[test]
fn a_reader_that_stops_early_is_no_crash() {
    // `cockpit deadline … | head -0`: the reader is gone before the first line is written.
    let mut child = Command::new(cockpit_bin())
        .args(["deadline", "--list-calendars"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("panicked"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_command_survives_a_reader_that_stops_early() {
    // `cockpit activity list | head -0` on the demonstration register: the same for commands with a
    // database, whose text output goes through the same macros.
    let db = cockpit_tests::TempDb::new();
    db.ok(&["init", "--demo"]);
    for args in [&["activity", "list"][..], &["activity", "list", "--json"], &["audit", "log"]] {
        let mut child = Command::new(cockpit_bin())
            .arg("--db")
            .arg(&db.path)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}
