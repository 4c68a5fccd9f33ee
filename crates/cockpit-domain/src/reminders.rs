//! Reminders of due dates: which open requests the DPO must be reminded of today, pure (the caller
//! passes today, the requests' due dates and what was already sent).
//!
//! A reminder is sent once per request, due date and threshold ("7 days before", "on the day",
//! "overdue"). When the machine was off and several thresholds passed meanwhile, only the most urgent
//! one is sent and the others count as covered, so that a DPO coming back from a week away gets one
//! reminder per request, not three. A due date that moves (an extension, a pause) starts afresh. A
//! request whose clock is stopped (waiting for proof of identity or a clarification) has no reminder:
//! its due date moves each day and nothing is due until the requester answers.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::HashSet;

/// The threshold of the reminder sent once a request is overdue.
pub const OVERDUE: i32 = -1;

/// When to remind the DPO of due dates (desktop notifications).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ReminderSettings {
    pub enabled: bool,
    /// Days before the due date, most distant first (`0`: on the day itself).
    pub days_before: Vec<u32>,
    /// Once more on the first day a request is overdue.
    pub overdue: bool,
}

impl Default for ReminderSettings {
    fn default() -> Self {
        ReminderSettings { enabled: true, days_before: vec![7, 1], overdue: true }
    }
}

/// The longest lead a reminder may have, in days.
pub const MAX_DAYS_BEFORE: u32 = 60;

impl ReminderSettings {
    /// The settings with their days sorted (most distant first) and duplicates removed, or why they
    /// cannot be used.
    pub fn normalised(mut self) -> Result<ReminderSettings, String> {
        if let Some(d) = self.days_before.iter().find(|d| **d > MAX_DAYS_BEFORE) {
            return Err(format!("{d} days before is too early: at most {MAX_DAYS_BEFORE}"));
        }
        self.days_before.sort_unstable_by(|a, b| b.cmp(a));
        self.days_before.dedup();
        if self.days_before.len() > 5 {
            return Err("at most 5 reminders before a due date".into());
        }
        if self.enabled && self.days_before.is_empty() && !self.overdue {
            return Err(
                "no reminder is chosen: give days before the due date, or overdue, or turn reminders off"
                    .into(),
            );
        }
        Ok(self)
    }
}

/// An open request's current due date, as the request list stores it, and today's date where it is
/// handled (its establishment's time zone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenDue {
    pub request_id: String,
    pub due: NaiveDate,
    pub clock_stopped: bool,
    pub today: NaiveDate,
}

/// What was sent already: request, due date and threshold.
pub type SentKey = (String, NaiveDate, i32);

/// A reminder to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Reminder {
    pub request_id: String,
    pub due: NaiveDate,
    /// Days from today to `due`; negative when overdue.
    pub days_left: i32,
    /// The threshold this reminder answers: days before the due date, or -1 once overdue.
    pub threshold: i32,
    /// Less urgent thresholds that passed meanwhile and are covered by this reminder.
    pub covers: Vec<i32>,
    pub title: String,
    pub body: String,
}

impl Reminder {
    /// Every key this reminder settles once shown.
    pub fn keys(&self) -> Vec<SentKey> {
        std::iter::once(self.threshold)
            .chain(self.covers.iter().copied())
            .map(|t| (self.request_id.clone(), self.due, t))
            .collect()
    }
}

fn words(id: &str, due: NaiveDate, days_left: i32) -> (String, String) {
    let day = due.format("%a %-d %b %Y");
    let title = match days_left {
        d if d < 0 => format!("{id} is overdue"),
        0 => format!("{id} is due today"),
        1 => format!("{id} is due tomorrow"),
        d => format!("{id} is due in {d} days"),
    };
    let body = if days_left < 0 {
        let late = -days_left;
        format!(
            "The answer was due on {day} ({late} day{} ago). Answer now, or record why it is late.",
            if late == 1 { "" } else { "s" }
        )
    } else {
        format!("The answer is due on {day}. Open the request in DPO Cockpit to see what is left.")
    };
    (title, body)
}

/// The reminders to show today (each request's own today), one per request at most, in due-date order. Texts name the request by
/// its number only: a notification may be seen by anyone near the screen, so no requester details.
pub fn due_reminders(
    open: &[OpenDue],
    settings: &ReminderSettings,
    sent: &HashSet<SentKey>,
) -> Vec<Reminder> {
    if !settings.enabled {
        return vec![];
    }
    let mut out: Vec<Reminder> = open
        .iter()
        .filter(|r| !r.clock_stopped)
        .filter_map(|r| {
            let days_left = i32::try_from((r.due - r.today).num_days()).ok()?;
            // The thresholds reached today, the most urgent first. Once overdue, only the overdue
            // reminder can come (covering those before it); none when it is turned off.
            if days_left < 0 && !settings.overdue {
                return None;
            }
            let mut reached: Vec<i32> = if days_left < 0 { vec![OVERDUE] } else { vec![] };
            let mut before: Vec<i32> = settings
                .days_before
                .iter()
                .filter_map(|d| i32::try_from(*d).ok())
                .filter(|d| days_left <= *d)
                .collect();
            before.sort_unstable();
            reached.extend(before);
            let (&threshold, rest) = reached.split_first()?;
            if sent.contains(&(r.request_id.clone(), r.due, threshold)) {
                return None;
            }
            let covers =
                rest.iter().copied().filter(|t| !sent.contains(&(r.request_id.clone(), r.due, *t))).collect();
            let (title, body) = words(&r.request_id, r.due, days_left);
            Some(Reminder {
                request_id: r.request_id.clone(),
                due: r.due,
                days_left,
                threshold,
                covers,
                title,
                body,
            })
        })
        .collect();
    out.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.request_id.cmp(&b.request_id)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn open(id: &str, due: &str) -> OpenDue {
        OpenDue { request_id: id.into(), due: d(due), clock_stopped: false, today: d("2000-01-01") }
    }

    fn on(today: &str, open: &[OpenDue]) -> Vec<OpenDue> {
        open.iter().map(|o| OpenDue { today: d(today), ..o.clone() }).collect()
    }

    fn send(open: &[OpenDue], today: &str, sent: &mut HashSet<SentKey>) -> Vec<(String, i32, i32)> {
        let r = due_reminders(&on(today, open), &ReminderSettings::default(), sent);
        for x in &r {
            sent.extend(x.keys());
        }
        r.into_iter().map(|x| (x.request_id, x.days_left, x.threshold)).collect()
    }

    #[test]
    fn each_threshold_fires_once_on_its_day() {
        let reqs = [open("DSR-2026-0001", "2026-12-10")];
        let mut sent = HashSet::new();
        assert!(send(&reqs, "2026-12-02", &mut sent).is_empty(), "8 days before: nothing yet");
        assert_eq!(send(&reqs, "2026-12-03", &mut sent), vec![("DSR-2026-0001".into(), 7, 7)]);
        assert!(send(&reqs, "2026-12-03", &mut sent).is_empty(), "not twice");
        assert!(send(&reqs, "2026-12-08", &mut sent).is_empty());
        assert_eq!(send(&reqs, "2026-12-09", &mut sent), vec![("DSR-2026-0001".into(), 1, 1)]);
        assert!(send(&reqs, "2026-12-10", &mut sent).is_empty(), "no 0-day threshold by default");
        assert_eq!(send(&reqs, "2026-12-11", &mut sent), vec![("DSR-2026-0001".into(), -1, OVERDUE)]);
        assert!(send(&reqs, "2026-12-20", &mut sent).is_empty(), "overdue once");
    }

    #[test]
    fn after_a_week_away_only_the_most_urgent_reminder_comes() {
        let reqs = [open("DSR-2026-0002", "2026-12-10")];
        let mut sent = HashSet::new();
        let r = due_reminders(&on("2026-12-12", &reqs), &ReminderSettings::default(), &sent);
        assert_eq!(r.len(), 1);
        assert_eq!((r[0].threshold, r[0].covers.clone(), r[0].days_left), (OVERDUE, vec![1, 7], -2));
        assert_eq!(r[0].title, "DSR-2026-0002 is overdue");
        assert_eq!(
            r[0].body,
            "The answer was due on Thu 10 Dec 2026 (2 days ago). Answer now, or record why it is late."
        );
        sent.extend(r[0].keys());
        assert!(due_reminders(&on("2026-12-12", &reqs), &ReminderSettings::default(), &sent).is_empty());
    }

    #[test]
    fn a_moved_due_date_starts_afresh_and_a_stopped_clock_has_none() {
        let mut sent = HashSet::new();
        assert_eq!(send(&[open("A", "2026-12-10")], "2026-12-09", &mut sent).len(), 1);
        // Extended to March: the 7-day reminder comes again before the new date.
        assert_eq!(send(&[open("A", "2027-03-10")], "2027-03-03", &mut sent), vec![("A".into(), 7, 7)]);
        let stopped = OpenDue { clock_stopped: true, ..open("B", "2026-12-01") };
        assert!(send(&[stopped], "2026-12-05", &mut sent).is_empty());
    }

    #[test]
    fn settings_choose_the_thresholds_and_texts_name_no_one() {
        let s = ReminderSettings { enabled: true, days_before: vec![0, 3], overdue: false };
        let s = s.normalised().unwrap();
        assert_eq!(s.days_before, vec![3, 0]);
        let reqs = [open("DSR-2026-0003", "2026-12-10"), open("DSR-2026-0004", "2026-12-08")];
        let r = due_reminders(&on("2026-12-10", &reqs), &s, &HashSet::new());
        assert_eq!(r.len(), 1, "the overdue one gets nothing with overdue off");
        assert_eq!((r[0].title.as_str(), r[0].threshold), ("DSR-2026-0003 is due today", 0));
        let off = ReminderSettings { enabled: false, ..s.clone() };
        assert!(due_reminders(&on("2026-12-10", &reqs), &off, &HashSet::new()).is_empty());
        assert!(ReminderSettings { days_before: vec![61], ..s.clone() }.normalised().is_err());
        assert!(ReminderSettings { days_before: vec![1, 2, 3, 4, 5, 6], ..s.clone() }.normalised().is_err());
        assert!(ReminderSettings { days_before: vec![], overdue: false, enabled: true }
            .normalised()
            .is_err());
        assert_eq!(
            ReminderSettings { days_before: vec![1, 7, 7], ..s }.normalised().unwrap().days_before,
            vec![7, 1]
        );
        let tomorrow = due_reminders(
            &on("2026-12-10", &[open("X", "2026-12-11")]),
            &ReminderSettings::default(),
            &HashSet::new(),
        );
        // Each request counts days in its own establishment's today.
        let mut late_zone = open("Y", "2026-12-11");
        late_zone.today = d("2026-12-11");
        let both = due_reminders(
            &[late_zone, open("X", "2026-12-11")],
            &ReminderSettings::default(),
            &HashSet::new(),
        );
        assert_eq!(
            (both.len(), both[0].request_id.as_str()),
            (1, "Y"),
            "X counts from its own today, in 2000"
        );
        assert_eq!(tomorrow[0].title, "X is due tomorrow");
    }
}
