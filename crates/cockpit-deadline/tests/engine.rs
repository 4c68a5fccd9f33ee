//! The deadline engine against cases a lawyer can read (tests/cases.txt), plus properties that must hold
//! for every date, regime and calendar.

use chrono::{Datelike, NaiveDate, TimeZone};
use cockpit_deadline::*;
use proptest::prelude::*;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").unwrap_or_else(|_| panic!("bad date {s:?}"))
}

fn wait(s: &str) -> Wait {
    let (a, b) = s.split_once('/').expect("ASKED/ANSWERED");
    Wait { asked: date(a), answered: date(b) }
}

#[test]
fn every_case_in_the_table() {
    let text = include_str!("cases.txt");
    let mut failures = Vec::new();
    let mut count = 0;
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        count += 1;
        let f: Vec<&str> = line.split('|').map(str::trim).collect();
        assert_eq!(f.len(), 9, "line {}: 9 fields", n + 1);
        let regime: Regime = f[0].parse().unwrap();
        let cal = Calendar::get(f[1]).unwrap();
        let mut input = RequestInput::new(regime, date(f[2]));
        for opt in f[3].split_whitespace() {
            match opt.split_once('=') {
                None if opt == "ext" => input.extended = true,
                Some(("id", w)) => input.id_check = Some(wait(w)),
                Some(("clar", w)) => input.clarifications.push(wait(w)),
                _ => panic!("line {}: unknown option {opt}", n + 1),
            }
        }
        let got = request_deadline(&input, &cal);
        let case = format!("line {} ({}): {line}", n + 1, f[8]);
        if let Some(want) = f[4].strip_prefix("error:") {
            match got {
                Err(e) if e.to_string().contains(want) => {}
                other => failures.push(format!("{case}\n   want error containing {want:?}, got {other:?}")),
            }
            continue;
        }
        let d = match got {
            Ok(d) => d,
            Err(e) => {
                failures.push(format!("{case}\n   error {e}"));
                continue;
            }
        };
        let show = |o: Option<NaiveDate>| o.map(|d| d.to_string()).unwrap_or_default();
        let got = [
            d.legal_due.to_string(),
            d.safe_due.to_string(),
            show(d.extended_legal_due),
            show(d.extended_safe_due),
        ];
        let want = [f[4], f[5], f[6], f[7]];
        if got.iter().zip(want).any(|(g, w)| g != w) {
            failures.push(format!("{case}\n   want {want:?}\n   got  {got:?}\n   {}", d.explanation));
        }
        assert!(!d.rule.is_empty() && !d.source.is_empty(), "{case}: every date names its rule and source");
    }
    assert!(count >= 40, "the table has {count} cases");
    assert!(failures.is_empty(), "{} of {count} cases failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn the_explanation_reads_like_the_issue_example() {
    let d = request_deadline(
        &RequestInput::new(Regime::Gdpr, date("2026-01-31")),
        &Calendar::get("none").unwrap(),
    )
    .unwrap();
    assert_eq!(
        d.explanation,
        "received Sat 31 Jan 2026 → 28 Feb (February has no 31st) → Saturday → Mon 2 Mar"
    );
    let d = request_deadline(
        &RequestInput::new(Regime::UkGdpr, date("2024-11-25")),
        &Calendar::get("GB-ENG").unwrap(),
    )
    .unwrap();
    assert_eq!(
        d.explanation,
        "received Mon 25 Nov 2024 → 25 Dec → Christmas Day (Wed 25 Dec), Boxing Day (Thu 26 Dec) → Fri 27 Dec"
    );
    assert!(d.source.contains("1182/71") && d.source.contains("ICO"), "{}", d.source);
}

#[test]
fn the_extension_notice_is_due_with_the_first_period() {
    let mut input = RequestInput::new(Regime::Gdpr, date("2026-01-31"));
    input.extended = true;
    let d = request_deadline(&input, &Calendar::get("none").unwrap()).unwrap();
    assert_eq!(d.extension_notice_due, Some(date("2026-03-02")));
    assert!(d.explanation.contains("two months from the end of the first month"), "{}", d.explanation);
    let d =
        request_deadline(&RequestInput::new(Regime::Lgpd, date("2026-04-06")), &Calendar::get("BR").unwrap())
            .unwrap();
    assert_eq!(d.extension_notice_due, None, "no extension, no notice date");
}

#[test]
fn ccpa_has_an_acknowledgement_clock_and_a_rolled_alternative() {
    let d = request_deadline(
        &RequestInput::new(Regime::Ccpa, date("2026-01-05")),
        &Calendar::get("US-CA").unwrap(),
    )
    .unwrap();
    // 10 business days after Mon 5 Jan 2026: Martin Luther King Jr. Day (Mon 19 Jan) does not count.
    assert_eq!(d.other_dates[0].date, date("2026-01-20"));
    assert_eq!(d.other_dates[0].source, "11 CCR §7021(a)");
    let d = request_deadline(
        &RequestInput::new(Regime::Ccpa, date("2025-12-31")),
        &Calendar::get("none").unwrap(),
    )
    .unwrap();
    let alt = d.candidates.iter().find(|c| c.label.starts_with("alternative")).expect("alternative shown");
    assert_eq!(alt.date, date("2026-02-16"));
    assert!(alt.date > d.legal_due && d.safe_due < d.legal_due);
}

#[test]
fn pauses_and_ignored_waits_leave_notes() {
    let mut input = RequestInput::new(Regime::Gdpr, date("2026-03-02"));
    input.clarifications.push(Wait { asked: date("2026-03-05"), answered: date("2026-03-09") });
    let d = request_deadline(&input, &Calendar::get("none").unwrap()).unwrap();
    assert!(d.notes[0].contains("no clarification pause"));
    let mut input = RequestInput::new(Regime::Ccpa, date("2026-03-02"));
    input.id_check = Some(Wait { asked: date("2026-03-03"), answered: date("2026-03-20") });
    let d = request_deadline(&input, &Calendar::get("none").unwrap()).unwrap();
    assert!(d.notes[0].contains("Verification does not stop the clock"));
    assert_eq!(d.legal_due, date("2026-04-16"));
    let mut input = RequestInput::new(Regime::UkGdpr, date("2026-03-02"));
    input.clarifications.push(Wait { asked: date("2026-03-05"), answered: date("2026-03-09") });
    let d = request_deadline(&input, &Calendar::get("GB-ENG").unwrap()).unwrap();
    assert_eq!(d.paused_days, 5);
    assert!(d.explanation.contains("+ 5 days waiting for clarification (5 Mar–9 Mar)"), "{}", d.explanation);
}

#[test]
fn fadp_extension_has_no_maximum() {
    let mut input = RequestInput::new(Regime::Fadp, date("2026-07-02"));
    input.extended = true;
    let d = request_deadline(&input, &Calendar::get("CH").unwrap()).unwrap();
    assert_eq!(d.extended_legal_due, None);
    assert!(d.notes.iter().any(|n| n.contains("no maximum")));
}

#[test]
fn the_breach_regime_is_not_a_request_regime() {
    let e = request_deadline(
        &RequestInput::new(Regime::GdprBreach, date("2026-03-02")),
        &Calendar::get("none").unwrap(),
    );
    assert!(matches!(e, Err(DeadlineError::NotARequestRegime(_))));
}

// ---- Properties -------------------------------------------------------------------------------------

const CALENDARS: [&str; 14] = [
    "none", "DE", "DE-BY", "ES-MD", "FR", "IT", "GB-ENG", "GB-SCT", "CH", "BR", "CA-QC", "US-CA", "PL", "SE",
];

fn any_request_regime() -> impl Strategy<Value = Regime> {
    prop::sample::select(Regime::ALL.iter().copied().filter(|r| r.is_request_regime()).collect::<Vec<_>>())
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    // 2009–2049: every calendar, Spain's included, has data for the whole period and its extension.
    (0i64..(41 * 365)).prop_map(|n| date("2009-01-01") + chrono::Days::new(n as u64))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn legal_due_is_a_working_day_never_early_and_safe_is_never_later(
        regime in any_request_regime(),
        cal in prop::sample::select(CALENDARS.to_vec()),
        received in any_date(),
        extended in any::<bool>(),
    ) {
        let cal = Calendar::get(cal).unwrap();
        let mut input = RequestInput::new(regime, received);
        input.extended = extended;
        let d = match request_deadline(&input, &cal) {
            Err(DeadlineError::NoExtension(_)) => { prop_assert!(extended); return Ok(()); }
            other => other.unwrap(),
        };
        let unmoved = unmoved_end(regime, received).unwrap();
        prop_assert!(d.legal_due >= unmoved, "never before the date the period names");
        prop_assert!(d.safe_due <= d.legal_due);
        match legal_rest_days(regime) {
            Some(rest) => {
                prop_assert!(cal.is_working_day(d.legal_due, rest).unwrap(), "{} is a day off", d.legal_due);
                // It is the first working day on or after the unmoved end.
                let mut x = unmoved;
                while x < d.legal_due {
                    prop_assert!(!cal.is_working_day(x, rest).unwrap());
                    x = x.succ_opt().unwrap();
                }
            }
            None => prop_assert_eq!(d.legal_due, unmoved, "a 45-day end does not move"),
        }
        if let (Some(l), Some(s)) = (d.extended_legal_due, d.extended_safe_due) {
            prop_assert!(s <= l && l > d.legal_due && s >= d.safe_due);
        }
        prop_assert!(d.extension_notice_due.is_none_or(|n| n == d.legal_due));
    }

    #[test]
    fn a_later_receipt_never_gives_an_earlier_date(
        regime in any_request_regime(),
        cal in prop::sample::select(CALENDARS.to_vec()),
        received in any_date(),
        later in 1u64..40,
    ) {
        let cal = Calendar::get(cal).unwrap();
        let a = request_deadline(&RequestInput::new(regime, received), &cal).unwrap();
        let b = request_deadline(&RequestInput::new(regime, received + chrono::Days::new(later)), &cal).unwrap();
        prop_assert!(b.legal_due >= a.legal_due && b.safe_due >= a.safe_due);
    }

    #[test]
    fn pauses_move_only_the_legal_date_and_never_backwards(
        received in any_date(),
        ask in 0u64..40,
        len in 0u64..30,
        uk in any::<bool>(),
    ) {
        let regime = if uk { Regime::UkGdpr } else { Regime::Gdpr };
        let cal = Calendar::get(if uk { "GB-ENG" } else { "DE-BY" }).unwrap();
        let asked = received + chrono::Days::new(ask);
        let w = Wait { asked, answered: asked + chrono::Days::new(len) };
        let mut input = RequestInput::new(regime, received);
        if uk { input.clarifications.push(w) } else { input.id_check = Some(w) }
        let plain = request_deadline(&RequestInput::new(regime, received), &cal).unwrap();
        let paused = request_deadline(&input, &cal).unwrap();
        prop_assert_eq!(paused.safe_due, plain.safe_due, "the safe date ignores any pause");
        prop_assert!(paused.legal_due >= plain.legal_due);
        prop_assert!(paused.paused_days as u64 <= len + 1);
    }

    #[test]
    fn the_breach_clock_is_exactly_72_hours(
        secs in 946_684_800i64..2_524_608_000, // 2000–2050
        tz in prop::sample::select(vec!["Europe/Berlin", "Europe/London", "America/Los_Angeles", "Australia/Sydney", "UTC", "Asia/Kolkata"]),
    ) {
        let tz = parse_tz(tz).unwrap();
        let aware = tz.timestamp_opt(secs, 0).unwrap();
        let b = breach_deadline(aware).unwrap();
        prop_assert_eq!((b.legal_due_utc - b.aware_at_utc).num_seconds(), 259_200);
        prop_assert_eq!(b.legal_due.timestamp(), b.legal_due_utc.timestamp());
        prop_assert_eq!(b.legal_due.year(), b.legal_due_utc.with_timezone(&tz).year());
    }
}
