//! Versions and "as of" queries through the API, with a clock the test moves.

use chrono::{NaiveDate, TimeZone, Utc};
use cockpit_api::{ActivityQuery, Cockpit, ExportFormat};
use cockpit_domain::{Activity, FixedClock};
use std::sync::Arc;

fn at(y: i32, m: u32, d: u32, h: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[tokio::test]
async fn the_register_as_it_stood_on_a_past_date() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(at(2026, 1, 10, 9)));
    let c = Cockpit::open_with(&dir.path().join("c.db"), clock.clone(), "dpo".into()).await.unwrap();

    let payroll = c.create_activity(Activity::new("", "Payroll")).await.unwrap();
    assert_eq!(payroll.activity.id, "PA-0001");
    clock.set(at(2026, 2, 1, 12));
    let mut a = payroll.activity.clone();
    a.name = "Payroll and benefits".into();
    c.update_activity(a, Some(1)).await.unwrap();
    clock.set(at(2026, 3, 1, 12));
    c.create_activity(Activity::new("", "Newsletter")).await.unwrap();
    clock.set(at(2026, 4, 1, 12));
    c.retire_activity("PA-0001").await.unwrap();

    let names = |p: cockpit_api::ActivityPage| p.items.iter().map(|i| i.name.clone()).collect::<Vec<_>>();
    let q = ActivityQuery::default;
    assert!(names(c.list_activities(q(), Some(date(2026, 1, 9))).await.unwrap()).is_empty());
    assert_eq!(names(c.list_activities(q(), Some(date(2026, 1, 10))).await.unwrap()), ["Payroll"]);
    assert_eq!(
        names(c.list_activities(q(), Some(date(2026, 2, 1))).await.unwrap()),
        ["Payroll and benefits"]
    );
    assert_eq!(
        names(c.list_activities(q(), Some(date(2026, 3, 15))).await.unwrap()),
        ["Payroll and benefits", "Newsletter"]
    );
    let r = c.register(Some(date(2026, 3, 15))).await.unwrap();
    assert_eq!(r.activities[0].status, cockpit_domain::ActivityStatus::Draft);
    let r = c.register(Some(date(2026, 4, 1))).await.unwrap();
    assert_eq!(r.activities[0].status, cockpit_domain::ActivityStatus::Retired);

    // An "as of" export of a past date is the past register, in any format.
    let (json, n) = c.export_bytes(ExportFormat::Json, Some(date(2026, 2, 1))).await.unwrap();
    assert_eq!(n, 1);
    let back: cockpit_domain::Register = serde_json::from_slice(&json).unwrap();
    assert_eq!(back.activities[0].name, "Payroll and benefits");

    // History: three versions, each with what changed.
    let h = c.activity_history("PA-0001").await.unwrap();
    assert_eq!(h.iter().map(|v| v.action.as_str()).collect::<Vec<_>>(), ["create", "update", "retire"]);
    assert_eq!(h[1].changes.len(), 1);
    assert_eq!(h[1].changes[0].path, "name");
    assert_eq!(h[2].changes[0].path, "status");
    assert_eq!(h[2].at, "2026-04-01T12:00:00.000000Z");
}

#[tokio::test]
async fn as_of_uses_the_end_of_the_day_in_the_organisation_time_zone() {
    let dir = tempfile::tempdir().unwrap();
    // 23:30 UTC on 31 March is already 1 April in Madrid (UTC+2 in summer time).
    let clock = Arc::new(FixedClock::new(at(2026, 3, 1, 8)));
    let c = Cockpit::open_with(&dir.path().join("c.db"), clock.clone(), "dpo".into()).await.unwrap();
    let mut org =
        cockpit_domain::Organisation { name: "Acme".into(), art30_threshold: 250, ..Default::default() };
    org.establishments.push(cockpit_domain::Establishment {
        name: "Madrid".into(),
        country: "ES".into(),
        region: "ES-MD".into(),
        timezone: "Europe/Madrid".into(),
        address: String::new(),
        main: true,
        local_holidays: Vec::new(),
    });
    c.set_organisation(org).await.unwrap();
    clock.set(Utc.with_ymd_and_hms(2026, 3, 31, 23, 30, 0).unwrap());
    c.create_activity(Activity::new("", "Late entry")).await.unwrap();
    assert_eq!(c.register(Some(date(2026, 3, 31))).await.unwrap().activities.len(), 0);
    assert_eq!(c.register(Some(date(2026, 4, 1))).await.unwrap().activities.len(), 1);
}

#[tokio::test]
async fn a_stale_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let c = Cockpit::open(&dir.path().join("c.db")).await.unwrap();
    let d = c.create_activity(Activity::new("", "Payroll")).await.unwrap();
    let mut first = d.activity.clone();
    first.owner = "HR".into();
    c.update_activity(first, Some(1)).await.unwrap();
    let mut second = d.activity.clone();
    second.owner = "Finance".into();
    let err = c.update_activity(second, Some(1)).await.unwrap_err();
    assert_eq!(err.code, cockpit_api::ErrorCode::Stale);
    assert_eq!(c.get_activity("PA-0001").await.unwrap().activity.owner, "HR");
}

#[tokio::test]
async fn the_register_table_sees_changes_made_by_another_process() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let app = Cockpit::open(&path).await.unwrap();
    let cli = Cockpit::open(&path).await.unwrap();
    app.create_activity(Activity::new("", "Payroll")).await.unwrap();
    assert_eq!(app.list_activities(ActivityQuery::default(), None).await.unwrap().total, 1);
    cli.create_activity(Activity::new("", "Newsletter")).await.unwrap();
    let mut a = cli.get_activity("PA-0001").await.unwrap().activity;
    a.name = "Payroll and benefits".into();
    cli.update_activity(a, None).await.unwrap();
    let page = app.list_activities(ActivityQuery::default(), None).await.unwrap();
    let names: Vec<&str> = page.items.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["Payroll and benefits", "Newsletter"]);
}

#[tokio::test]
async fn the_register_table_follows_its_own_edits() {
    let dir = tempfile::tempdir().unwrap();
    let c = Cockpit::open(&dir.path().join("c.db")).await.unwrap();
    for name in ["Payroll", "Newsletter", "CCTV"] {
        c.create_activity(Activity::new("", name)).await.unwrap();
    }
    let names = |p: cockpit_api::ActivityPage| {
        p.items.iter().map(|i| (i.id.clone(), i.name.clone(), i.version)).collect::<Vec<_>>()
    };
    assert_eq!(names(c.list_activities(ActivityQuery::default(), None).await.unwrap()).len(), 3);
    let mut a = c.get_activity("PA-0002").await.unwrap().activity;
    a.name = "Customer newsletter".into();
    c.update_activity(a, Some(1)).await.unwrap();
    c.create_activity(Activity::new("PA-0000", "Archive")).await.unwrap();
    let got = names(c.list_activities(ActivityQuery::default(), None).await.unwrap());
    let want: Vec<(String, String, u32)> = [
        ("PA-0000", "Archive", 1),
        ("PA-0001", "Payroll", 1),
        ("PA-0002", "Customer newsletter", 2),
        ("PA-0003", "CCTV", 1),
    ]
    .iter()
    .map(|(i, n, v)| (i.to_string(), n.to_string(), *v))
    .collect();
    assert_eq!(got, want);
    // The patched rows are exactly what a fresh read gives.
    let fresh = Cockpit::open(&dir.path().join("c.db")).await.unwrap();
    assert_eq!(
        fresh.list_activities(ActivityQuery::default(), None).await.unwrap(),
        c.list_activities(ActivityQuery::default(), None).await.unwrap()
    );
}
