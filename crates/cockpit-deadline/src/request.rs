//! Time limits for answering a data-subject request, under each regime the engine knows.
//!
//! Every result carries two dates. `legal_due` follows the mainstream method for the regime.
//! `safe_due` is the earliest date among the readings that sources support, and never later than
//! `legal_due`: a DPO who answers by the safe date is on time under every reading. Each date names the
//! rule and the source it rests on, and `explanation` retraces the computation in words.
//!
//! The law is summarised in `../shared/reference/legal-rules.md`; the rules below cite it point by point.

use crate::calendar::{Calendar, DayOff, OutOfCoverage, RestDays};
use crate::explain::{full, month_name, ordinal, short, with_weekday};
use crate::regime::Regime;
use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// A time the controller waited for the requester: from the day it asked to the day it got the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Wait {
    pub asked: NaiveDate,
    pub answered: NaiveDate,
}

/// What the engine needs to time a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestInput {
    pub regime: Regime,
    /// The local date of receipt at the establishment that must act.
    pub received: NaiveDate,
    /// Whether the controller extended the period (the extended dates are then computed).
    pub extended: bool,
    /// Proof of identity, of authority or a fee asked for. UK GDPR: the period starts when it arrives.
    /// EU GDPR: a guidance-based pause (legal date only).
    pub id_check: Option<Wait>,
    /// Clarifications asked for. UK GDPR: the clock stops while waiting (legal date only).
    pub clarifications: Vec<Wait>,
}

impl RequestInput {
    pub fn new(regime: Regime, received: NaiveDate) -> RequestInput {
        RequestInput { regime, received, extended: false, id_check: None, clarifications: Vec::new() }
    }
}

/// One date a reading of the law produces, with its rule and source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Candidate {
    pub label: String,
    pub date: NaiveDate,
    pub rule: String,
    pub source: String,
}

/// The computed time limits of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct RequestDeadline {
    pub regime: Regime,
    pub calendar: String,
    pub received: NaiveDate,
    /// The day from which the period runs (UK: the day proof of identity arrived).
    pub clock_start: NaiveDate,
    pub legal_due: NaiveDate,
    pub safe_due: NaiveDate,
    /// The date by which the requester must be told of an extension (the first period's end), when the
    /// regime allows one.
    pub extension_notice_due: Option<NaiveDate>,
    /// The same under the safe reading.
    pub extension_notice_safe_due: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extended_legal_due: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extended_safe_due: Option<NaiveDate>,
    /// Days the legal date was pushed back by waits for the requester.
    pub paused_days: u32,
    pub rule: String,
    pub source: String,
    pub explanation: String,
    /// Every date computed, legal and safe readings and their alternatives.
    pub candidates: Vec<Candidate>,
    /// Other clocks of the regime (e.g. the CCPA acknowledgement).
    pub other_dates: Vec<Candidate>,
    /// Remarks the DPO should read (an ignored pause, a missing maximum …).
    pub notes: Vec<String>,
}

/// Why no deadline could be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeadlineError {
    #[error(transparent)]
    OutOfCoverage(#[from] OutOfCoverage),
    #[error("{0} provides no extension of the period")]
    NoExtension(&'static str),
    #[error("{0}")]
    InvalidInput(String),
    #[error("{0} is not a request regime: use the breach clock")]
    NotARequestRegime(Regime),
    #[error("the date is out of range")]
    OutOfRange,
}

const GDPR_SOURCE: &str = "GDPR Art. 12(3); Regulation (EEC, Euratom) No 1182/71 Art. 3(2)(c) and 3(4); \
CJEU C-171/03 Toeters; ICO guidance on the right of access (time limits)";
const UK_SOURCE: &str = "UK GDPR Art. 12(3) and 12A; Regulation (EEC, Euratom) No 1182/71 Art. 3 as applied \
by the ICO; ICO guidance on the right of access (time limits)";
const MONTH_RULE: &str = "one month from receipt (Reg. 1182/71 Art. 3): the day of receipt is not counted; \
the period ends on the same date number in the next month, or on that month's last day if it has no such \
date; a Saturday, Sunday or public holiday end moves to the next working day";

/// Adds months the 1182/71 way: same date number, or the month's last day. Returns the note on clamping.
fn add_months(d: NaiveDate, n: u32) -> Result<(NaiveDate, Option<String>), DeadlineError> {
    let out = d.checked_add_months(Months::new(n)).ok_or(DeadlineError::OutOfRange)?;
    let note = (out.day() != d.day()).then(|| format!("{} has no {}", month_name(out), ordinal(d.day())));
    Ok((out, note))
}

fn add_days(d: NaiveDate, n: u64) -> Result<NaiveDate, DeadlineError> {
    d.checked_add_days(Days::new(n)).ok_or(DeadlineError::OutOfRange)
}

/// Moves a date that is not a working day to the next working day; returns the days skipped.
fn roll(
    cal: &Calendar,
    d: NaiveDate,
    rest: RestDays,
) -> Result<(NaiveDate, Vec<(NaiveDate, DayOff)>), DeadlineError> {
    let mut out = d;
    let mut skipped = Vec::new();
    while let Some(off) = cal.day_off(out, rest)? {
        skipped.push((out, off));
        out = add_days(out, 1)?;
    }
    Ok((out, skipped))
}

/// "Saturday", "Christmas Day (Wed 25 Dec), Boxing Day (Thu 26 Dec)": the reasons a date moved. A Sunday
/// right after a Saturday goes without saying.
fn describe_skipped(skipped: &[(NaiveDate, DayOff)], year: i32) -> String {
    let mut parts = Vec::new();
    for (i, (d, off)) in skipped.iter().enumerate() {
        match off {
            DayOff::Weekend(chrono::Weekday::Sun)
                if i > 0 && matches!(skipped[i - 1].1, DayOff::Weekend(chrono::Weekday::Sat)) => {}
            DayOff::Weekend(_) if skipped.len() == 1 || i == 0 => parts.push(off.describe()),
            DayOff::Weekend(_) => parts.push(format!("{} ({})", off.describe(), short(*d, year))),
            DayOff::Holiday(_) => parts.push(format!("{} ({})", off.describe(), with_weekday(*d, year))),
        }
    }
    parts.join(", ")
}

/// The end of a computation in words: "→ 28 Feb (February has no 31st) → Saturday → Mon 2 Mar", or
/// "→ Fri 3 Oct" when nothing moved. The last date always shows its weekday.
#[allow(clippy::too_many_arguments)]
fn chain(
    raw: NaiveDate,
    clamp: Option<&str>,
    pauses: &[String],
    paused_raw: NaiveDate,
    due: NaiveDate,
    skipped: &[(NaiveDate, DayOff)],
    y: i32,
) -> String {
    let moved = !skipped.is_empty();
    let fmt = |d: NaiveDate, last: bool| if last { with_weekday(d, y) } else { short(d, y) };
    let mut s = format!(" → {}", fmt(raw, pauses.is_empty() && !moved));
    if let Some(c) = clamp {
        s += &format!(" ({c})");
    }
    if !pauses.is_empty() {
        for p in pauses {
            s += &format!(" {p}");
        }
        s += &format!(" → {}", fmt(paused_raw, !moved));
    }
    if moved {
        s += &format!(" → {} → {}", describe_skipped(skipped, y), with_weekday(due, y));
    }
    s
}

fn check_wait(what: &str, w: &Wait, received: NaiveDate) -> Result<(), DeadlineError> {
    if w.asked < received {
        return Err(DeadlineError::InvalidInput(format!(
            "{what} asked on {} before the request was received ({received})",
            w.asked
        )));
    }
    if w.answered < w.asked {
        return Err(DeadlineError::InvalidInput(format!(
            "{what} answered on {} before it was asked ({})",
            w.answered, w.asked
        )));
    }
    Ok(())
}

/// Days a list of waits removes from a period that started on `start` and would end on `raw`: the days
/// from asking to answering, both included, that the period would have counted (the day of the start
/// is never counted, so a wait that begins that day removes no day twice). Overlaps count once; a wait
/// asked after the running end is ignored, with a note.
fn paused_days(
    waits: &[Wait],
    start: NaiveDate,
    raw: NaiveDate,
    what: &str,
    notes: &mut Vec<String>,
) -> Result<(u32, Vec<String>), DeadlineError> {
    let mut sorted = waits.to_vec();
    sorted.sort_by_key(|w| w.asked);
    let mut total: u32 = 0;
    let mut counted_to = start; // days up to and including this one are already accounted for
    let mut phrases = Vec::new();
    for w in sorted {
        let running_end = add_days(raw, u64::from(total))?;
        if w.asked > running_end {
            notes.push(format!(
                "{what} asked on {} after the period had ended ({}): it does not stop the clock",
                full(w.asked),
                full(running_end)
            ));
            continue;
        }
        let from = w.asked.max(add_days(counted_to, 1)?);
        if w.answered >= from {
            let n = (w.answered - from).num_days() as u32 + 1;
            total += n;
            counted_to = w.answered;
            phrases.push(format!(
                "+ {n} day{} waiting for {what} ({}–{})",
                if n == 1 { "" } else { "s" },
                short(w.asked, start.year()),
                short(w.answered, start.year())
            ));
        }
    }
    Ok((total, phrases))
}

/// Computes the time limits of a request received on `input.received`, where the establishment that
/// must act follows `cal`.
pub fn request_deadline(input: &RequestInput, cal: &Calendar) -> Result<RequestDeadline, DeadlineError> {
    if let Some(w) = &input.id_check {
        check_wait("proof of identity", w, input.received)?;
    }
    for w in &input.clarifications {
        check_wait("clarification", w, input.received)?;
    }
    match input.regime {
        Regime::Gdpr | Regime::UkGdpr => month_regime(input, cal),
        Regime::GdprBreach => Err(DeadlineError::NotARequestRegime(Regime::GdprBreach)),
        _ => day_regime(input, cal),
    }
}

fn month_regime(input: &RequestInput, cal: &Calendar) -> Result<RequestDeadline, DeadlineError> {
    let uk = input.regime == Regime::UkGdpr;
    let source = if uk { UK_SOURCE } else { GDPR_SOURCE };
    let received = input.received;
    let y = received.year();
    let mut notes = Vec::new();
    let mut explanation = format!("received {}", full(received));

    // UK: the period starts when the proof of identity, authority or fee arrives (Art. 12A).
    let start = match (uk, &input.id_check) {
        (true, Some(w)) => {
            explanation += &format!(
                "; identity asked {}, received {}: the month runs from {}",
                short(w.asked, y),
                short(w.answered, y),
                with_weekday(w.answered, y)
            );
            w.answered
        }
        _ => received,
    };
    let (raw, clamp) = add_months(start, 1)?;

    // Waits that stop the clock on the legal reading.
    let (pause_waits, pause_what, pause_basis): (Vec<Wait>, &str, &str) = if uk {
        (
            input.clarifications.clone(),
            "clarification",
            "UK GDPR Art. 12A; ICO guidance (clarification pause)",
        )
    } else {
        if !input.clarifications.is_empty() {
            notes.push(
                "The GDPR has no clarification pause: the period runs on while a clarification is awaited."
                    .into(),
            );
        }
        (
            input.id_check.iter().copied().collect(),
            "proof of identity",
            "guidance-based: EDPB Guidelines 01/2022 §5.3 as read by commentators and some authorities \
             (e.g. Berlin); the GDPR itself has no pause",
        )
    };
    let (paused, pause_phrases) = paused_days(&pause_waits, start, raw, pause_what, &mut notes)?;
    let paused_raw = add_days(raw, u64::from(paused))?;
    let (legal, skipped) = roll(cal, paused_raw, RestDays::SaturdaySunday)?;
    explanation += &chain(raw, clamp.as_deref(), &pause_phrases, paused_raw, legal, &skipped, y);

    let (safe, _) = roll(cal, raw, RestDays::SaturdaySunday)?;
    let mut candidates = vec![Candidate {
        label: "legal".into(),
        date: legal,
        rule: MONTH_RULE.into(),
        source: source.into(),
    }];
    if paused > 0 {
        candidates[0].rule += &format!("; {paused} day(s) paused ({pause_basis})");
        explanation += &format!("; safe date {} ignores the pause", with_weekday(safe, y));
        candidates.push(Candidate {
            label: "safe: without any pause".into(),
            date: safe,
            rule: MONTH_RULE.into(),
            source: source.into(),
        });
    }
    let mut rule = MONTH_RULE.to_string();
    if paused > 0 {
        rule += &format!("; clock stopped {paused} day(s) ({pause_basis})");
    }

    let (mut extended_legal, mut extended_safe) = (None, None);
    if input.extended {
        // ICO: three months from the start, then the same rules. Alternative: two further months from
        // the end of the first month (cf. BGB §190), which is earlier when the first month was clamped.
        let (three, clamp3) = add_months(start, 3)?;
        let three_paused = add_days(three, u64::from(paused))?;
        let (ext_legal, ext_skipped) = roll(cal, three_paused, RestDays::SaturdaySunday)?;
        let (ext_ico_nopause, _) = roll(cal, three, RestDays::SaturdaySunday)?;
        let (two_after, _) = add_months(raw, 2)?;
        let (ext_bgb, _) = roll(cal, two_after, RestDays::SaturdaySunday)?;
        let ext_safe = ext_ico_nopause.min(ext_bgb);
        let pause_phrase: Vec<String> =
            if paused > 0 { vec![format!("+ {paused} day(s) paused")] } else { Vec::new() };
        explanation += &format!("; extended: three months from {}", short(start, y));
        explanation +=
            &chain(three, clamp3.as_deref(), &pause_phrase, three_paused, ext_legal, &ext_skipped, y);
        if ext_safe < ext_legal {
            explanation += &format!("; extended safe date {}", with_weekday(ext_safe, y));
            if ext_bgb < ext_ico_nopause {
                explanation += &format!(" (two months from the end of the first month, {})", short(raw, y));
            }
        }
        let ext_source =
            format!("GDPR Art. 12(3) second sentence; ICO guidance (three months from receipt); {source}");
        candidates.push(Candidate {
            label: "extended legal: three months from the start".into(),
            date: ext_legal,
            rule: "one month plus two further months, counted as three months from the start, then the same \
                   end-of-month and working-day rules"
                .into(),
            source: ext_source.clone(),
        });
        candidates.push(Candidate {
            label: "extended alternative: two months from the end of the first month".into(),
            date: ext_bgb,
            rule: "the two further months run from the end of the first month (unmoved by a weekend), as in \
                   BGB §190"
                .into(),
            source: "GDPR Art. 12(3); BGB §190 (extension runs from the end of the previous period)".into(),
        });
        extended_legal = Some(ext_legal);
        extended_safe = Some(ext_safe);
    }

    Ok(RequestDeadline {
        regime: input.regime,
        calendar: cal.code().into(),
        received,
        clock_start: start,
        legal_due: legal,
        safe_due: safe,
        extension_notice_due: Some(legal),
        extension_notice_safe_due: Some(safe),
        extended_legal_due: extended_legal,
        extended_safe_due: extended_safe,
        paused_days: paused,
        rule,
        source: source.into(),
        explanation,
        candidates,
        other_dates: Vec::new(),
        notes,
    })
}

/// How a regime counted in days moves an end that falls on a day off.
struct DayRule {
    days: u64,
    /// Rest days that move the legal end; `None`: the legal end never moves.
    legal_rest: Option<RestDays>,
    rule: &'static str,
    source: &'static str,
    /// The safe date: `days - 1` after receipt (the period begins on the day of receipt), or the
    /// unmoved end (where moving it rests on a general interpretation statute).
    safe_counts_receipt_day: bool,
    safe_reason: &'static str,
    /// An alternative that moves the end to the next working day, shown but never the safe date.
    alt_roll: Option<&'static str>,
    extension: Extension,
    /// Whether waits for identity or clarification stop this regime's clock (none does).
    wait_note: &'static str,
}

enum Extension {
    None,
    Days {
        days: u64,
        source: &'static str,
    },
    /// The regime lets the controller postpone but sets no maximum.
    NoMaximum {
        source: &'static str,
    },
}

fn day_rule(regime: Regime) -> DayRule {
    const US_SAFE: &str = "the 45 days counted with the day of receipt as day 1";
    const US_WAIT: &str = "Verification does not stop the clock: the period runs from receipt.";
    match regime {
        Regime::Ccpa => DayRule {
            days: 45,
            legal_rest: None,
            rule: "45 calendar days after receipt (the day of receipt excluded); the end does not move",
            source: "Cal. Civ. Code §1798.130(a)(2)(A); Cal. Civ. Code §10; 11 CCR §7021(b)",
            safe_counts_receipt_day: true,
            safe_reason: "11 CCR §7021(b): the 45-day period begins on the day the request is received",
            alt_roll: Some("Cal. Code Civ. Proc. §12a (whether it applies to the CCPA is untested)"),
            extension: Extension::Days {
                days: 90,
                source:
                    "Cal. Civ. Code §1798.130(a)(2)(A); 11 CCR §7021(b): once, up to 90 days from receipt, \
                         with notice within the first 45 days",
            },
            wait_note: US_WAIT,
        },
        Regime::Vcdpa => DayRule {
            days: 45,
            legal_rest: None,
            rule: "45 days of receipt (the day of receipt excluded); the end does not move",
            source: "Va. Code §59.1-577(B)(1)",
            safe_counts_receipt_day: true,
            safe_reason: US_SAFE,
            alt_roll: Some("Va. Code §1-210 (whether it applies is untested)"),
            extension: Extension::Days {
                days: 90,
                source:
                    "Va. Code §59.1-577(B)(1): once by 45 additional days, with notice within the first 45",
            },
            wait_note: US_WAIT,
        },
        Regime::Cpa => DayRule {
            days: 45,
            legal_rest: None,
            rule: "45 days after receipt (the day of receipt excluded); the end does not move",
            source: "C.R.S. §6-1-1306(2)",
            safe_counts_receipt_day: true,
            safe_reason: US_SAFE,
            alt_roll: Some("C.R.S. §2-4-108(2) (whether it applies is untested)"),
            extension: Extension::Days {
                days: 90,
                source: "C.R.S. §6-1-1306(2): by 45 additional days where reasonably necessary, with notice \
                         within the first 45",
            },
            wait_note: US_WAIT,
        },
        Regime::Ucpa => DayRule {
            days: 45,
            legal_rest: None,
            rule: "45 days after the day of receipt; the end does not move",
            source: "Utah Code §13-61-203",
            safe_counts_receipt_day: true,
            safe_reason: US_SAFE,
            alt_roll: Some("Utah Code §68-3-7 (whether it applies is untested)"),
            extension: Extension::Days {
                days: 90,
                source:
                    "Utah Code §13-61-203: by 45 additional days where reasonably necessary, with notice \
                         within the first 45",
            },
            wait_note: US_WAIT,
        },
        Regime::Lgpd => DayRule {
            days: 15,
            legal_rest: Some(RestDays::SaturdaySunday),
            rule:
                "15 days from the request (the first day excluded); an end on a weekend or holiday moves to \
                   the next working day",
            source: "LGPD (Lei 13.709/2018) Art. 19(II); Código Civil Art. 132 caput and §1",
            safe_counts_receipt_day: false,
            safe_reason: "whether Código Civil Art. 132 §1 moves an LGPD deadline is not settled: the safe \
                          date does not move",
            alt_roll: None,
            extension: Extension::None,
            wait_note: "The LGPD has no pause for identity checks or clarifications.",
        },
        Regime::Fadp => DayRule {
            days: 30,
            legal_rest: Some(RestDays::SaturdaySunday),
            rule: "30 days (the day of receipt not counted); an end on a Saturday, Sunday or public holiday \
                   moves to the next working day",
            source: "revFADP Art. 25(7); CO Art. 77(1)(1) and 78(1); Federal Act on Time Limits Ending on \
                     Saturday (SR 173.110.3)",
            safe_counts_receipt_day: false,
            safe_reason:
                "the safe date does not move: the move rests on the Code of Obligations, not the FADP",
            alt_roll: None,
            extension: Extension::NoMaximum {
                source:
                    "DPO (DSV) Art. 18(2): tell the data subject within the 30 days when the information \
                         will come; no maximum is set",
            },
            wait_note: "The revFADP has no pause for identity checks or clarifications.",
        },
        Regime::Pipeda => DayRule {
            days: 30,
            legal_rest: Some(RestDays::Sunday),
            rule:
                "30 days after receipt; an end on a holiday (Sundays included, Saturdays not) moves to the \
                   next day that is not a holiday",
            source: "PIPEDA s. 8(3); Interpretation Act (R.S.C. 1985, c. I-21) ss. 26, 27 and 35",
            safe_counts_receipt_day: false,
            safe_reason: "the safe date does not move: the move rests on the Interpretation Act",
            alt_roll: None,
            extension: Extension::Days {
                days: 60,
                source: "PIPEDA s. 8(4)(a): up to 30 more days, with notice within the first 30",
            },
            wait_note: "PIPEDA has no pause for identity checks or clarifications.",
        },
        Regime::Quebec => DayRule {
            days: 30,
            legal_rest: Some(RestDays::Sunday),
            rule:
                "30 days of receipt; an end on a holiday (Sundays included, Saturdays not) moves to the next \
                   day that is not a holiday",
            source: "Act respecting the protection of personal information in the private sector (CQLR c. \
                     P-39.1) s. 32; Interpretation Act (CQLR c. I-16) ss. 52 and 61",
            safe_counts_receipt_day: false,
            safe_reason: "the safe date does not move: the move rests on the Interpretation Act",
            alt_roll: None,
            extension: Extension::None,
            wait_note: "The Quebec Act has no pause for identity checks or clarifications.",
        },
        Regime::Gdpr | Regime::UkGdpr | Regime::GdprBreach => unreachable!("not a day-count regime"),
    }
}

fn day_regime(input: &RequestInput, cal: &Calendar) -> Result<RequestDeadline, DeadlineError> {
    let r = day_rule(input.regime);
    let received = input.received;
    let y = received.year();
    let mut notes = Vec::new();
    if input.id_check.is_some() || !input.clarifications.is_empty() {
        notes.push(r.wait_note.to_string());
    }
    let raw = add_days(received, r.days)?;
    let (legal, skipped) = match r.legal_rest {
        Some(rest) => roll(cal, raw, rest)?,
        None => {
            cal.day_off(raw, RestDays::SaturdaySunday)?; // check coverage: the calendar must know the date
            (raw, Vec::new())
        }
    };
    let mut explanation = format!("received {} → + {} days", full(received), r.days);
    explanation += &chain(raw, None, &[], raw, legal, &skipped, y);
    let safe = if r.safe_counts_receipt_day { add_days(received, r.days - 1)? } else { raw };
    let mut candidates =
        vec![Candidate { label: "legal".into(), date: legal, rule: r.rule.into(), source: r.source.into() }];
    if safe != legal {
        explanation += &format!("; safe date {}: {}", with_weekday(safe, y), r.safe_reason);
        candidates.push(Candidate {
            label: "safe".into(),
            date: safe,
            rule: r.safe_reason.into(),
            source: r.source.into(),
        });
    }
    if let Some(alt_source) = r.alt_roll {
        let (alt, alt_skipped) = roll(cal, raw, RestDays::SaturdaySunday)?;
        if alt != legal {
            notes.push(format!(
                "If a weekend or holiday end moved to the next business day ({alt_source}), the date would be \
                 {}; this reading is shown only as an alternative.",
                with_weekday(alt, y)
            ));
            candidates.push(Candidate {
                label: "alternative: end moved to the next business day".into(),
                date: alt,
                rule: format!("{} moved past {}", short(raw, y), describe_skipped(&alt_skipped, y)),
                source: alt_source.into(),
            });
        }
    }

    let mut other_dates = Vec::new();
    if input.regime == Regime::Ccpa {
        // 11 CCR §7021(a): confirm receipt within 10 business days.
        let mut d = received;
        let mut n = 0;
        while n < 10 {
            d = add_days(d, 1)?;
            if cal.is_working_day(d, RestDays::SaturdaySunday)? {
                n += 1;
            }
        }
        other_dates.push(Candidate {
            label: "acknowledge receipt".into(),
            date: d,
            rule: "confirm receipt and explain the process within 10 business days".into(),
            source: "11 CCR §7021(a)".into(),
        });
    }

    let (mut notice, mut notice_safe, mut ext_legal, mut ext_safe) = (None, None, None, None);
    match r.extension {
        Extension::None if input.extended => return Err(DeadlineError::NoExtension(input.regime.title())),
        Extension::None => {}
        Extension::Days { days, source } => {
            notice = Some(legal);
            notice_safe = Some(safe);
            if input.extended {
                let raw_ext = add_days(received, days)?;
                let (legal_ext, ext_skipped) = match r.legal_rest {
                    Some(rest) => roll(cal, raw_ext, rest)?,
                    None => (raw_ext, Vec::new()),
                };
                let safe_ext =
                    if r.safe_counts_receipt_day { add_days(received, days - 1)? } else { raw_ext };
                explanation += &format!("; extended: + {days} days from receipt");
                explanation += &chain(raw_ext, None, &[], raw_ext, legal_ext, &ext_skipped, y);
                if safe_ext != legal_ext {
                    explanation += &format!(" (safe {})", with_weekday(safe_ext, y));
                }
                candidates.push(Candidate {
                    label: "extended legal".into(),
                    date: legal_ext,
                    rule: format!("{days} days after receipt in all"),
                    source: source.into(),
                });
                ext_legal = Some(legal_ext);
                ext_safe = Some(safe_ext);
            }
        }
        Extension::NoMaximum { source } => {
            notice = Some(legal);
            notice_safe = Some(safe);
            if input.extended {
                notes.push(format!(
                    "{} sets no maximum for a postponed answer: the new date is the one you tell the data \
                     subject ({source}).",
                    input.regime.title()
                ));
            }
        }
    }

    Ok(RequestDeadline {
        regime: input.regime,
        calendar: cal.code().into(),
        received,
        clock_start: received,
        legal_due: legal,
        safe_due: safe,
        extension_notice_due: notice,
        extension_notice_safe_due: notice_safe,
        extended_legal_due: ext_legal,
        extended_safe_due: ext_safe,
        paused_days: 0,
        rule: r.rule.into(),
        source: r.source.into(),
        explanation,
        candidates,
        other_dates,
        notes,
    })
}

/// The days off that move a regime's legal end (`None`: the legal end never moves, as in the US
/// 45-day regimes). Month regimes follow Reg. 1182/71 (Saturday, Sunday, public holidays).
pub fn legal_rest_days(regime: Regime) -> Option<RestDays> {
    match regime {
        Regime::Gdpr | Regime::UkGdpr => Some(RestDays::SaturdaySunday),
        Regime::GdprBreach => None,
        r => day_rule(r).legal_rest,
    }
}

/// The unmoved end of the first period (before any pause or move to a working day): one month, or the
/// regime's number of days, after `start`.
pub fn unmoved_end(regime: Regime, start: NaiveDate) -> Result<NaiveDate, DeadlineError> {
    match regime {
        Regime::Gdpr | Regime::UkGdpr => Ok(add_months(start, 1)?.0),
        Regime::GdprBreach => Err(DeadlineError::NotARequestRegime(regime)),
        r => add_days(start, day_rule(r).days),
    }
}
