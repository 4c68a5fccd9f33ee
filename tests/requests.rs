//! Data-subject requests through the API with a clock the test moves, and through the real binary:
//! events recompute the dates, every transition is audited, tampering is detected, bulk actions are all
//! or nothing, and the lists find what is overdue.

use chrono::{NaiveDate, TimeZone, Utc};
use cockpit_api::requests::{NewEvent, NewRequest, RequestListQuery};
use cockpit_api::{Cockpit, ErrorCode};
use cockpit_deadline::Regime;
use cockpit_domain::request::{EventKind, RequestChannel, RequestStatus, RequestType, Requester};
use cockpit_domain::{Establishment, FixedClock, Organisation};
use cockpit_tests::TempDb;
use std::sync::Arc;

fn at(y: i32, m: u32, d: u32, h: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

async fn cockpit(dir: &tempfile::TempDir, clock: Arc<FixedClock>) -> Cockpit {
    let c = Cockpit::open_with(&dir.path().join("c.db"), clock, "dpo".into()).await.unwrap();
    let mut org = Organisation { name: "Example Ltd".into(), art30_threshold: 250, ..Default::default() };
    org.establishments = vec![
        Establishment {
            name: "London".into(),
            country: "GB".into(),
            region: "GB-ENG".into(),
            timezone: "Europe/London".into(),
            address: String::new(),
            main: true,
            local_holidays: Vec::new(),
        },
        Establishment {
            name: "Munich".into(),
            country: "DE".into(),
            region: "DE-BY".into(),
            timezone: "Europe/Berlin".into(),
            address: String::new(),
            main: false,
            local_holidays: Vec::new(),
        },
    ];
    c.set_organisation(org).await.unwrap();
    c
}

fn new(regime: Regime, t: RequestType, received: &str, est: Option<&str>) -> NewRequest {
    NewRequest {
        regime,
        request_type: t,
        channel: RequestChannel::Email,
        received_at: date(received).and_hms_opt(10, 0, 0).unwrap(),
        establishment: est.map(String::from),
        calendar: None,
        requester: Requester {
            name: "Alex Example".into(),
            email: "alex@example.org".into(),
            reference: String::new(),
        },
        summary: "wants a copy of their file".into(),
        activities: vec![],
        events: vec![],
    }
}

fn ev(kind: EventKind, d: &str, note: &str) -> NewEvent {
    NewEvent { kind, date: date(d), note: note.into() }
}

#[tokio::test]
async fn events_recompute_the_dates_and_every_step_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(at(2024, 11, 26, 9)));
    let c = cockpit(&dir, clock.clone()).await;
    // The ICO example in England: received Mon 25 Nov 2024, due Fri 27 Dec 2024.
    let v = c.add_request(new(Regime::UkGdpr, RequestType::Access, "2024-11-25", None)).await.unwrap();
    assert_eq!(v.request.id, "DSR-2024-0001");
    assert_eq!(
        (v.request.calendar.as_str(), v.due.due, v.due.status),
        ("GB-ENG", date("2024-12-27"), RequestStatus::Received)
    );

    // A clarification stops the UK clock: 2–4 Dec = 3 days → 25 Dec + 3 = Sat 28 Dec → Mon 30 Dec.
    clock.set(at(2024, 12, 2, 9));
    c.add_request_event("DSR-2024-0001", ev(EventKind::ClarificationRequested, "2024-12-02", ""), Some(1))
        .await
        .unwrap();
    clock.set(at(2024, 12, 4, 12));
    let v = c
        .add_request_event("DSR-2024-0001", ev(EventKind::ClarificationReceived, "2024-12-04", ""), Some(2))
        .await
        .unwrap();
    assert_eq!(
        (v.due.due, v.due.safe_due, v.due.status),
        (date("2024-12-30"), date("2024-12-27"), RequestStatus::InProgress)
    );

    // A stale version is `stale` (not a `conflict`) and changes nothing.
    let e = c
        .add_request_event("DSR-2024-0001", ev(EventKind::Started, "2024-12-04", ""), Some(2))
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Stale);

    // Extension: three months from receipt, 25 Feb 2025.
    let v = c
        .add_request_event("DSR-2024-0001", ev(EventKind::Extended, "2024-12-04", "many archives"), Some(3))
        .await
        .unwrap();
    assert_eq!((v.due.status, v.due.due), (RequestStatus::Extended, date("2025-02-28")));
    clock.set(at(2025, 2, 10, 12));
    let v =
        c.add_request_event("DSR-2024-0001", ev(EventKind::Completed, "2025-02-10", ""), None).await.unwrap();
    assert_eq!((v.due.status, v.due.on_time), (RequestStatus::Completed, Some(true)));

    // Every step is in the audit trail, in order, and the chain and the stored request verify.
    let log = c
        .audit_log(cockpit_api::AuditQuery {
            object_type: Some("request".into()),
            object_id: None,
            before_seq: None,
            limit: Some(50),
        })
        .await
        .unwrap();
    let mut actions: Vec<String> = log.iter().map(|e| e.action.clone()).collect();
    actions.reverse();
    assert_eq!(actions, ["create", "event", "event", "event", "close"]);
    let check = c.verify_audit().await.unwrap();
    assert!(check.ok, "{check:?}");
}

#[tokio::test]
async fn the_establishment_gives_the_calendar_and_time_zone() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(at(2026, 1, 5, 9)));
    let c = cockpit(&dir, clock).await;
    // Munich: Tue 6 Jan 2026 is Epiphany in Bavaria.
    let v =
        c.add_request(new(Regime::Gdpr, RequestType::Erasure, "2025-12-06", Some("munich"))).await.unwrap();
    assert_eq!((v.request.calendar.as_str(), v.request.timezone.as_str()), ("DE-BY", "Europe/Berlin"));
    assert_eq!(v.due.due, date("2026-01-07"));
    let e = c
        .add_request(new(Regime::Gdpr, RequestType::Erasure, "2025-12-06", Some("Paris")))
        .await
        .unwrap_err();
    assert!(e.fields[0].message.contains("London, Munich"), "{e:?}");
    let e = c.add_request(new(Regime::Gdpr, RequestType::OptOut, "2027-01-01", None)).await.unwrap_err();
    let fields: Vec<&str> = e.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["request_type", "received_at"]);
    let mut unknown = new(Regime::Gdpr, RequestType::Access, "2025-12-06", None);
    unknown.activities = vec!["PA-9999".into()];
    assert_eq!(c.add_request(unknown).await.unwrap_err().fields[0].field, "activities[0]");
}

#[tokio::test]
async fn overdue_and_due_soon_lists_and_bulk_actions() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(at(2026, 3, 20, 9)));
    let c = cockpit(&dir, clock.clone()).await;
    // Due Thu 2 Apr (GB-ENG), Tue 7 Apr (after Easter Monday), and one waiting for ID (UK: clock not started).
    c.add_request(new(Regime::UkGdpr, RequestType::Access, "2026-03-02", None)).await.unwrap();
    c.add_request(new(Regime::UkGdpr, RequestType::Erasure, "2026-03-06", None)).await.unwrap();
    c.add_request(new(Regime::UkGdpr, RequestType::Access, "2026-02-01", None)).await.unwrap();
    c.add_request_event("DSR-2026-0003", ev(EventKind::IdentityRequested, "2026-02-02", ""), None)
        .await
        .unwrap();
    let ids = |p: cockpit_api::requests::RequestPage| p.items.into_iter().map(|r| r.id).collect::<Vec<_>>();

    clock.set(at(2026, 4, 3, 9));
    let overdue = c.list_requests(&RequestListQuery { overdue: true, ..Default::default() }).await.unwrap();
    assert_eq!(ids(overdue), ["DSR-2026-0001"], "the stopped clock of 0003 is not overdue");
    let soon =
        c.list_requests(&RequestListQuery { due_within_days: Some(7), ..Default::default() }).await.unwrap();
    assert_eq!(ids(soon), ["DSR-2026-0001", "DSR-2026-0002"]);
    let all = c.list_requests(&RequestListQuery::default()).await.unwrap();
    assert_eq!(all.total, 3);

    // Bulk: one request cannot take the event (0001 asked no proof of identity) → nothing changes.
    let before = c.verify_audit().await.unwrap().entries;
    let e = c
        .bulk_request_event(
            &["DSR-2026-0003".into(), "DSR-2026-0001".into()],
            ev(EventKind::IdentityReceived, "2026-04-03", ""),
        )
        .await
        .unwrap_err();
    assert!(e.message.contains("DSR-2026-0001") && e.message.contains("no proof of identity"), "{e:?}");
    assert_eq!(c.verify_audit().await.unwrap().entries, before, "all or nothing");
    assert_eq!(c.get_request("DSR-2026-0003").await.unwrap().due.status, RequestStatus::IdentityCheck);
    // Close two as duplicates in one go.
    let closed = c
        .bulk_request_event(
            &["DSR-2026-0001".into(), "DSR-2026-0002".into()],
            ev(EventKind::Refused, "2026-04-03", "duplicate of DSR-2026-0003"),
        )
        .await
        .unwrap();
    assert!(closed.iter().all(|v| v.due.status == RequestStatus::Refused));
    let stats = c.request_stats().await.unwrap();
    assert_eq!((stats.open, stats.overdue, stats.clock_stopped, stats.closed_in_window), (1, 0, 1, 2));
    assert_eq!(stats.closed_on_time_in_window, 1, "0001 closed a day late, 0002 on time");
    assert_eq!(stats.median_days_to_close, Some(30.0), "32 and 28 days");
    let found = c
        .list_requests(&RequestListQuery { text: Some("COPY OF".into()), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(found.total, 3, "search is case-insensitive, over the summary too");
    let found =
        c.list_requests(&RequestListQuery { text: Some("0002".into()), ..Default::default() }).await.unwrap();
    assert_eq!(ids(found), ["DSR-2026-0002"]);
    let found =
        c.list_requests(&RequestListQuery { text: Some("\"x".into()), ..Default::default() }).await.unwrap();
    assert_eq!(found.total, 0, "quotes are searched for literally");
}

#[tokio::test]
async fn editing_a_request_behind_the_trail_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(at(2026, 3, 20, 9)));
    let path = dir.path().join("c.db");
    {
        let c = cockpit(&dir, clock.clone()).await;
        c.add_request(new(Regime::Gdpr, RequestType::Access, "2026-03-02", None)).await.unwrap();
        assert!(c.verify_audit().await.unwrap().ok);
        c.close().await;
    }
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display())).await.unwrap();
    sqlx::query("UPDATE requests SET data = replace(data, '2026-03-02T10:00:00', '2026-03-12T10:00:00')")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let c = Cockpit::open_with(&path, clock, "dpo".into()).await.unwrap();
    let check = c.verify_audit().await.unwrap();
    assert!(!check.ok);
    assert_eq!(check.register_mismatches, ["request DSR-2026-0001 differs from its last audited version"]);
}

#[test]
fn the_request_commands_through_the_binary() {
    let db = TempDb::new();
    db.ok(&["init", "--demo"]);
    let v: serde_json::Value = serde_json::from_str(&db.ok(&[
        "request",
        "add",
        "--regime",
        "gdpr",
        "--type",
        "access",
        "--received",
        "2026-01-31",
        "--name",
        "Ana",
        "--calendar",
        "none",
        "--activity",
        "PA-0001",
        "--json",
    ]))
    .unwrap();
    assert_eq!(v["request"]["id"], "DSR-2026-0001");
    assert_eq!(v["due"]["deadline"]["legal_due"], "2026-03-02");
    let out = db.run(&[
        "request",
        "add",
        "--regime",
        "gdpr",
        "--type",
        "opt-out",
        "--received",
        "2026-01-31",
        "--name",
        "Ana",
    ]);
    assert_eq!(out.status.code(), Some(1), "a right the regime does not know is refused");
    let out = db.run(&["request", "add", "--regime", "nope", "--type", "access", "--received", "2026-01-31"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("valid regimes"));
    db.ok(&[
        "request",
        "event",
        "DSR-2026-0001",
        "--kind",
        "extended",
        "--date",
        "2026-02-10",
        "--note",
        "complex",
    ]);
    let v: serde_json::Value =
        serde_json::from_str(&db.ok(&["request", "show", "DSR-2026-0001", "--json"])).unwrap();
    assert_eq!(
        (v["due"]["due"].as_str(), v["due"]["status"].as_str()),
        (Some("2026-04-30"), Some("extended"))
    );
    let out = db.run(&["request", "close", "DSR-2026-0001", "--outcome", "refused"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("reason for the refusal"));
    db.ok(&["request", "close", "DSR-2026-0001", "--outcome", "withdrawn", "--date", "2026-03-01"]);
    let list: serde_json::Value =
        serde_json::from_str(&db.ok(&["request", "list", "--closed", "--json"])).unwrap();
    assert_eq!(list["total"], 1);
    let list: serde_json::Value =
        serde_json::from_str(&db.ok(&["request", "list", "--overdue", "--json"])).unwrap();
    assert_eq!(list["total"], 0);
    db.ok(&["audit", "verify"]);
}

#[test]
fn tasks_per_system_and_the_art_19_ledger_through_the_binary() {
    let db = TempDb::new();
    db.ok(&["init", "--demo"]);
    let v: serde_json::Value = serde_json::from_str(&db.ok(&[
        "request",
        "add",
        "--regime",
        "gdpr",
        "--type",
        "erasure",
        "--received",
        "2026-01-31",
        "--calendar",
        "none",
        "--name",
        "Ana",
        "--activity",
        "PA-0001",
        "--json",
    ]))
    .unwrap();
    let tasks = v["request"]["tasks"].as_array().unwrap();
    let systems: Vec<&str> = tasks.iter().map(|t| t["system"].as_str().unwrap()).collect();
    assert_eq!(
        systems,
        ["HR information system (HRIS)", "Payroll application", "ERP (finance and logistics)"]
    );
    // Five working days before the safe date, Mon 2 Mar 2026: Mon 23 Feb.
    assert!(tasks.iter().all(|t| t["due"] == "2026-02-23"), "{tasks:?}");
    let ledger = v["request"]["recipients"].as_array().unwrap();
    assert!(ledger.iter().any(|n| n["recipient"] == "Payroll service provider" && n["status"] == "pending"));

    // Completion waits for every task, each closed with its evidence.
    let out =
        db.run(&["request", "close", "DSR-2026-0001", "--outcome", "completed", "--date", "2026-02-20"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("3 task(s) still open"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = db.run(&[
        "request",
        "task",
        "DSR-2026-0001",
        "--system",
        "Payroll application",
        "--evidence",
        " ",
        "--date",
        "2026-02-10",
    ]);
    assert_eq!(out.status.code(), Some(1));
    for system in ["HR information system (HRIS)", "payroll application", "ERP (finance and logistics)"] {
        db.ok(&[
            "request",
            "task",
            "DSR-2026-0001",
            "--system",
            system,
            "--evidence",
            "erased, ticket IT-7",
            "--date",
            "2026-02-10",
        ]);
    }
    // Art. 19: disproportionate effort needs a reason.
    let out = db.run(&[
        "request",
        "notify",
        "DSR-2026-0001",
        "--recipient",
        "Banks",
        "--status",
        "disproportionate-effort",
        "--date",
        "2026-02-11",
    ]);
    assert_eq!(out.status.code(), Some(1));
    db.ok(&[
        "request",
        "notify",
        "DSR-2026-0001",
        "--recipient",
        "Banks",
        "--status",
        "disproportionate-effort",
        "--reason",
        "no account data shared",
        "--date",
        "2026-02-11",
    ]);
    db.ok(&[
        "request",
        "notify",
        "DSR-2026-0001",
        "--recipient",
        "Payroll service provider",
        "--status",
        "notified",
        "--date",
        "2026-02-11",
    ]);
    db.ok(&["request", "close", "DSR-2026-0001", "--outcome", "completed", "--date", "2026-02-20"]);
    let v: serde_json::Value =
        serde_json::from_str(&db.ok(&["request", "show", "DSR-2026-0001", "--json"])).unwrap();
    assert_eq!(v["due"]["status"], "completed");
    let banks = v["request"]["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["recipient"] == "Banks")
        .unwrap()
        .clone();
    assert_eq!(
        (banks["status"].as_str(), banks["reason"].as_str()),
        (Some("disproportionate-effort"), Some("no account data shared"))
    );
    let log = db.ok(&["audit", "log", "--object-type", "request", "--json"]);
    let actions: Vec<String> = serde_json::from_str::<Vec<serde_json::Value>>(&log)
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(actions, ["close", "notice", "notice", "task", "task", "task", "create"]);
    db.ok(&["audit", "verify"]);
}

#[test]
fn an_establishments_own_holiday_moves_its_deadlines() {
    let db = TempDb::new();
    db.ok(&["init", "--demo"]);
    // Munich: Fri 15 Aug 2025 is a holiday in Catholic municipalities, not in the statewide data.
    let add = |db: &TempDb| -> serde_json::Value {
        serde_json::from_str(&db.ok(&[
            "request",
            "add",
            "--regime",
            "gdpr",
            "--type",
            "access",
            "--received",
            "2025-07-15",
            "--establishment",
            "Munich branch",
            "--name",
            "Max",
            "--json",
        ]))
        .unwrap()
    };
    assert_eq!(add(&db)["due"]["due"], "2025-08-15");
    let out = db.run(&["org", "set", "--local-holiday", "Munich branch,2025-08-15,"]);
    assert_eq!(out.status.code(), Some(1), "a holiday needs a name");
    db.ok(&["org", "set", "--local-holiday", "Munich branch,2025-08-15,Assumption Day"]);
    assert!(db.ok(&["org", "show"]).contains("local holiday 2025-08-15 Assumption Day"));
    let v = add(&db);
    assert_eq!(v["due"]["due"], "2025-08-18");
    assert!(v["due"]["deadline"]["explanation"].as_str().unwrap().contains("Assumption Day"));
    // The first request is recomputed on read as well, and the list follows at once.
    let v: serde_json::Value =
        serde_json::from_str(&db.ok(&["request", "show", "DSR-2025-0001", "--json"])).unwrap();
    assert_eq!(v["due"]["due"], "2025-08-18");
    let list: serde_json::Value = serde_json::from_str(&db.ok(&["request", "list", "--json"])).unwrap();
    let dues: Vec<&str> =
        list["items"].as_array().unwrap().iter().map(|r| r["due"].as_str().unwrap()).collect();
    assert_eq!(dues, ["2025-08-18", "2025-08-18"]);
    // A daily refresh changes nothing more.
    assert!(db.ok(&["request", "refresh"]).starts_with("0 open request(s)"));
    // Local holidays survive an export and import of the register.
    let csv = db.dir.path().join("r.csv");
    db.ok(&["export", "--format", "csv", "--out", csv.to_str().unwrap()]);
    assert!(std::fs::read_to_string(&csv).unwrap().contains("2025-08-15 Assumption Day"));
    db.ok(&["org", "set", "--remove-local-holiday", "Munich branch,2025-08-15"]);
    assert!(!db.ok(&["org", "show"]).contains("local holiday"));
    db.ok(&["audit", "verify"]);
}

#[test]
fn letters_in_four_languages_from_editable_templates() {
    let db = TempDb::new();
    db.ok(&["init", "--demo"]);
    db.ok(&[
        "request",
        "add",
        "--regime",
        "gdpr",
        "--type",
        "access",
        "--received",
        "2026-01-31",
        "--calendar",
        "none",
        "--name",
        "Jürgen Ñúñez",
        "--activity",
        "PA-0001",
    ]);
    let letter = |args: &[&str]| db.ok(&[&["request", "letter", "DSR-2026-0001"][..], args].concat());
    let ack = letter(&["--kind", "acknowledgement", "--lang", "es"]);
    assert!(ack.starts_with("Subject: Hemos recibido su solicitud (DSR-2026-0001)"), "{ack}");
    assert!(
        ack.contains("Jürgen Ñúñez") && ack.contains("2 de marzo de 2026"),
        "the due date in Spanish: {ack}"
    );
    // The access answer carries the Art. 15(1) information of the linked activity, from the record.
    let answer = letter(&["--kind", "access-answer", "--lang", "de"]);
    for want in [
        "Payroll administration",
        "Zwecke: Pay salaries",
        "Bank account details: 4 Jahre",
        "Payroll service provider",
        "Art. 77 DSGVO",
    ] {
        assert!(answer.contains(want), "{want} missing in:\n{answer}");
    }
    let fr = letter(&["--kind", "access-answer", "--lang", "fr"]);
    assert!(fr.contains("Durée de conservation") && fr.contains("article 15 du RGPD"), "{fr}");

    // A refusal needs its reason; an extension notice needs the recorded extension.
    let out = db.run(&["request", "letter", "DSR-2026-0001", "--kind", "refusal"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        letter(&["--kind", "refusal", "--reason", "manifestly unfounded"]).contains("manifestly unfounded")
    );
    let out = db.run(&["request", "letter", "DSR-2026-0001", "--kind", "extension-notice"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("record the extension first"));
    db.ok(&[
        "request",
        "event",
        "DSR-2026-0001",
        "--kind",
        "extended",
        "--date",
        "2026-03-03",
        "--note",
        "the volume of records",
    ]);
    let out = db.run(&["request", "letter", "DSR-2026-0001", "--kind", "extension-notice"]);
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("too late"),
        "a notice after 2 Mar 2026 is flagged"
    );

    // Templates: a typo is refused when saved; a good one is used and audited; reset restores the default.
    let bad = db.dir.path().join("bad.txt");
    std::fs::write(&bad, "Subject: {{ request.idd }}\nHello").unwrap();
    let out = db.run(&[
        "letter",
        "template",
        "set",
        "--kind",
        "acknowledgement",
        "--lang",
        "en",
        "--file",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let good = db.dir.path().join("good.txt");
    std::fs::write(
        &good,
        "Subject: Received {{ request.id }}\nDear {{ request.requester_name }}, due {{ dates.due }}.\n",
    )
    .unwrap();
    db.ok(&[
        "letter",
        "template",
        "set",
        "--kind",
        "acknowledgement",
        "--lang",
        "en",
        "--file",
        good.to_str().unwrap(),
    ]);
    assert_eq!(
        letter(&["--kind", "acknowledgement"]),
        "Subject: Received DSR-2026-0001\n\nDear Jürgen Ñúñez, due 2 March 2026.\n"
    );
    db.ok(&["letter", "template", "set", "--kind", "acknowledgement", "--lang", "en", "--reset"]);
    assert!(letter(&["--kind", "acknowledgement"]).contains("We will answer by"));
    assert!(db.ok(&["audit", "log", "--object-type", "letter_template"]).lines().count() >= 2);
    db.ok(&["audit", "verify"]);
}

#[tokio::test]
async fn reminders_come_once_per_threshold_in_each_establishments_day() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(at(2026, 3, 2, 9)));
    let c = cockpit(&dir, clock.clone()).await;
    // Received Mon 2 Mar 2026 in London: due Thu 2 Apr 2026 (GB-ENG: no holiday in between).
    c.add_request(new(Regime::UkGdpr, RequestType::Access, "2026-03-02", None)).await.unwrap();
    // Waiting for proof of identity: the clock is stopped, so no reminder.
    let waiting = c.add_request(new(Regime::UkGdpr, RequestType::Access, "2026-03-02", None)).await.unwrap();
    c.add_request_event(&waiting.request.id, ev(EventKind::IdentityRequested, "2026-03-02", ""), None)
        .await
        .unwrap();
    assert_eq!(c.pending_reminders().await.unwrap(), vec![], "a month ahead: nothing yet");

    async fn shown(c: &Cockpit, clock: &FixedClock, now: chrono::DateTime<Utc>) -> Vec<String> {
        clock.set(now);
        let mut titles = Vec::new();
        c.remind(|r| {
            titles.push(format!("{} | {}", r.title, r.body));
            Ok(())
        })
        .await
        .unwrap();
        titles
    }
    // Thu 26 Mar: 7 days before.
    let t = shown(&c, &clock, at(2026, 3, 26, 9)).await;
    assert_eq!(
        t,
        ["DSR-2026-0001 is due in 7 days | The answer is due on Thu 2 Apr 2026. Open the request in DPO Cockpit to see what is left."]
    );
    assert!(shown(&c, &clock, at(2026, 3, 26, 15)).await.is_empty(), "once per threshold");
    // A notification that could not be shown comes again on the next pass.
    clock.set(at(2026, 4, 1, 9));
    let failed = c.remind(|_| Err("no notification daemon".into())).await.unwrap();
    assert_eq!(failed, 0);
    let t = shown(&c, &clock, at(2026, 4, 1, 10)).await;
    assert_eq!(t.len(), 1);
    assert!(t[0].starts_with("DSR-2026-0001 is due tomorrow"), "{t:?}");
    // Overdue once; nothing names the requester.
    let t = shown(&c, &clock, at(2026, 4, 3, 9)).await;
    assert_eq!(t.len(), 1);
    assert!(t[0].starts_with("DSR-2026-0001 is overdue") && !t[0].contains("Alex"), "{t:?}");
    assert!(shown(&c, &clock, at(2026, 4, 10, 9)).await.is_empty());

    // Settings are validated, audited, and turn reminders off.
    use cockpit_domain::reminders::ReminderSettings;
    let bad = ReminderSettings { enabled: true, days_before: vec![90], overdue: true };
    assert_eq!(c.set_reminder_settings(bad).await.unwrap_err().code, ErrorCode::Validation);
    let off = ReminderSettings { enabled: false, days_before: vec![3, 3, 10], overdue: true };
    assert_eq!(c.set_reminder_settings(off).await.unwrap().days_before, vec![10, 3]);
    let log = c
        .audit_log(cockpit_api::AuditQuery {
            object_type: Some("setting".into()),
            object_id: Some("requests.reminders".into()),
            before_seq: None,
            limit: None,
        })
        .await
        .unwrap();
    assert_eq!(log.len(), 1);
    let later = c.add_request(new(Regime::UkGdpr, RequestType::Access, "2026-04-06", None)).await.unwrap();
    clock.set(at(2026, 5, 5, 9));
    assert!(c.pending_reminders().await.unwrap().is_empty(), "{later:?} is due soon, but reminders are off");
    assert!(c.verify_audit().await.unwrap().ok);
}

#[tokio::test]
async fn the_daily_refresh_runs_once_a_day_and_moves_stopped_clocks() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(at(2026, 3, 2, 9)));
    let c = cockpit(&dir, clock.clone()).await;
    let r = c.add_request(new(Regime::UkGdpr, RequestType::Access, "2026-03-02", None)).await.unwrap();
    c.add_request_event(&r.request.id, ev(EventKind::IdentityRequested, "2026-03-02", ""), None)
        .await
        .unwrap();
    let listed =
        |c: Cockpit| async move { c.list_requests(&RequestListQuery::default()).await.unwrap().items[0].due };
    assert_eq!(listed(c.clone()).await, date("2026-04-02"));
    assert!(c.refresh_requests_daily().await.unwrap().is_some(), "the first pass of a day refreshes");
    assert_eq!(c.refresh_requests_daily().await.unwrap(), None, "the second does not");
    clock.set(at(2026, 3, 12, 9));
    assert_eq!(c.refresh_requests_daily().await.unwrap(), Some(1));
    assert_eq!(
        listed(c.clone()).await,
        date("2026-04-13"),
        "the wait moved the list's due date (12 Apr is a Sunday)"
    );
}

#[tokio::test]
async fn a_letter_is_set_as_a_pdf_and_its_issue_is_audited_with_the_files_digest() {
    use cockpit_domain::letters::{LetterKind, LetterLanguage};
    use sha2::Digest;
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(at(2026, 3, 2, 9)));
    let c = cockpit(&dir, clock.clone()).await;
    let mut org = c.organisation().await.unwrap().unwrap();
    org.address = "Königstraße 1\n80331 München".into();
    org.dpo_email = "dpo@example.org".into();
    c.set_organisation(org).await.unwrap();
    let mut req = new(Regime::Gdpr, RequestType::Access, "2026-03-02", Some("Munich"));
    req.requester.name = "Jürgen Ñúñez".into();
    let r = c.add_request(req).await.unwrap();
    let id = r.request.id.clone();
    let entries = c.verify_audit().await.unwrap().entries;

    // The preview renders and records nothing.
    let pdf = c
        .request_letter_pdf(
            &id,
            LetterKind::Acknowledgement,
            LetterLanguage::De,
            None,
            cockpit_report::Paper::A4,
        )
        .await
        .unwrap();
    assert!(pdf.pdf.starts_with(b"%PDF-"));
    assert_eq!(pdf.sha256, hex::encode(sha2::Sha256::digest(&pdf.pdf)));
    assert_eq!(c.verify_audit().await.unwrap().entries, entries);
    let file = dir.path().join("letter.pdf");
    std::fs::write(&file, &pdf.pdf).unwrap();
    let text = std::process::Command::new("pdftotext").arg(&file).arg("-").output().expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout).split_whitespace().collect::<Vec<_>>().join(" ");
    for want in [
        "Example Ltd",
        "Königstraße 1",
        "80331 München",
        "Jürgen Ñúñez",
        "2. März 2026",
        &format!("Unser Zeichen: {id}"),
        &pdf.letter.subject,
        "Seite 1 von 1",
    ] {
        assert!(text.contains(want), "{want:?} missing in: {text}");
    }

    // Issuing records kind, language, file, size and the file's SHA-256; not the letter's text.
    let issued = c
        .issue_request_letter(
            &id,
            LetterKind::Acknowledgement,
            LetterLanguage::De,
            None,
            cockpit_report::Paper::A4,
            "ack.pdf",
        )
        .await
        .unwrap();
    let log = c
        .audit_log(cockpit_api::AuditQuery {
            object_type: Some("letter".into()),
            object_id: Some(id.clone()),
            before_seq: None,
            limit: None,
        })
        .await
        .unwrap();
    assert_eq!(log.len(), 1);
    let after = log[0].after.clone().unwrap();
    assert_eq!(after["sha256"], issued.sha256);
    assert_eq!(after["bytes"], issued.pdf.len());
    assert_eq!((after["kind"].as_str(), after["language"].as_str()), (Some("acknowledgement"), Some("de")));
    assert!(!after.to_string().contains("Jürgen"), "no requester details in the trail: {after}");
    assert!(c.verify_audit().await.unwrap().ok);

    // A long access answer flows onto further pages, each with its footer.
    let template = format!(
        "Subject: Access {{{{ request.id }}}}\n{}",
        (1..=120).map(|i| format!("    {i}. line of the answer, indented")).collect::<Vec<_>>().join("\n")
    );
    c.set_letter_template(LetterKind::AccessAnswer, LetterLanguage::En, Some(template)).await.unwrap();
    let long = c
        .request_letter_pdf(
            &id,
            LetterKind::AccessAnswer,
            LetterLanguage::En,
            None,
            cockpit_report::Paper::Letter,
        )
        .await
        .unwrap();
    std::fs::write(&file, &long.pdf).unwrap();
    let info = std::process::Command::new("pdfinfo").arg(&file).output().expect("pdfinfo");
    let info = String::from_utf8_lossy(&info.stdout).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(info.contains("Pages: 3"), "{info}");
    assert!(info.contains("612 x 792 pts"), "US Letter: {info}");
    let text = std::process::Command::new("pdftotext").arg(&file).arg("-").output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout).to_string();
    assert!(text.contains("Page 3 of 3") && text.contains("120. line of the answer"), "{text}");

    // The editor's preview renders unsaved text against the request, and refuses a typo.
    let p = c
        .preview_letter_template(
            LetterKind::Acknowledgement,
            LetterLanguage::En,
            "Subject: Hi {{ request.id }}\nDear {{ request.requester_name }}",
            Some(&id),
            None,
        )
        .await
        .unwrap();
    assert_eq!((p.subject.as_str(), p.body.as_str()), (format!("Hi {id}").as_str(), "Dear Jürgen Ñúñez\n"));
    let e = c
        .preview_letter_template(
            LetterKind::Acknowledgement,
            LetterLanguage::En,
            "Subject: {{ request.idd }}",
            None,
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
}

#[test]
fn letters_as_pdf_and_reminders_through_the_binary() {
    use sha2::Digest;
    let db = TempDb::new();
    db.ok(&["init"]);
    // Received 27 days ago: due within the week, whatever the month's length and weekends.
    let received = (chrono::Utc::now().date_naive() - chrono::Duration::days(27)).to_string();
    db.ok(&[
        "request",
        "add",
        "--regime",
        "gdpr",
        "--type",
        "access",
        "--received",
        &received,
        "--calendar",
        "none",
        "--name",
        "Zoë Weiß",
    ]);
    let list = db.json(&["request", "list"]);
    let id = list["items"][0]["id"].as_str().unwrap_or_else(|| panic!("{list}")).to_string();

    // The letter as a PDF: the file's digest is the one printed and the one in the trail.
    let pdf = db.file("ack.pdf");
    let out = db.json(&[
        "request",
        "letter",
        &id,
        "--kind",
        "acknowledgement",
        "--lang",
        "fr",
        "--pdf",
        pdf.to_str().unwrap(),
        "--paper",
        "letter",
    ]);
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert_eq!(out["sha256"], hex::encode(sha2::Sha256::digest(&bytes)));
    let trail = db.ok(&["audit", "log", "--object-type", "letter", "--json"]);
    assert!(trail.contains(out["sha256"].as_str().unwrap()) && !trail.contains("Zoë"), "{trail}");
    let bad = db.run(&["request", "letter", &id, "--kind", "completion", "--paper", "a4"]);
    assert_eq!(bad.status.code(), Some(2), "--paper needs --pdf");

    // Reminders: one due now, none once marked; settings are shown and changed.
    let pending = db.json(&["request", "reminders"]);
    let pending = pending.as_array().unwrap();
    assert_eq!(pending.len(), 1, "{pending:?}");
    assert_eq!(pending[0]["request_id"], id.as_str());
    assert!([7, 1].contains(&pending[0]["threshold"].as_i64().unwrap()), "{pending:?}");
    db.ok(&["request", "reminders", "--mark"]);
    assert_eq!(db.json(&["request", "reminders"]), serde_json::json!([]));
    let s = db.json(&["request", "reminder-settings", "--days", "30,0,30", "--overdue", "false"]);
    assert_eq!(s, serde_json::json!({"enabled": true, "days_before": [30, 0], "overdue": false}));
    let bad = db.run(&["request", "reminder-settings", "--days", "61"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("at most 60"));
    assert!(db.ok(&["request", "reminder-settings"]).contains("days before the due date: 30, 0"));
    db.ok(&["audit", "verify"]);
}
