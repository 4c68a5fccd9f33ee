//! The work a request creates. The record of processing activities says which activities, and through
//! them which systems, hold the requester's data: a request gets one task per system (per owner where an
//! activity names no system), each due some working days before the safe date, and closed only with an
//! evidence note. For rectification, erasure and restriction, the Art. 19 ledger lists every recipient
//! of those activities, to be told unless that proves impossible or involves disproportionate effort,
//! which needs a reason.

use crate::request::EventRefused;
use crate::{Activity, Recipient, RecipientKind, System};
use chrono::NaiveDate;
use cockpit_deadline::{Calendar, RestDays};
use serde::{Deserialize, Serialize};
use specta::Type;

/// One system (or one owner) to search, correct or erase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SystemTask {
    /// The system's name; empty when the activity records no system (the task then goes to its owner).
    pub system: String,
    pub owner: String,
    /// The linked activities that use this system.
    pub activities: Vec<String>,
    /// The internal due date, before the legal one.
    pub due: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_on: Option<NaiveDate>,
    /// What was done and where the proof is (required to close the task).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub evidence: String,
}

/// Where telling one recipient stands (GDPR Art. 19).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum NoticeStatus {
    Pending,
    Notified,
    Acknowledged,
    /// Telling this recipient proved impossible (reason required).
    Impossible,
    /// Telling this recipient would involve disproportionate effort (reason required).
    DisproportionateEffort,
}

impl NoticeStatus {
    pub fn parse(s: &str) -> Option<NoticeStatus> {
        serde_json::from_value(serde_json::Value::String(s.trim().to_ascii_lowercase())).ok()
    }

    pub fn is_settled(self) -> bool {
        self != NoticeStatus::Pending
    }
}

/// One recipient to tell of a rectification, erasure or restriction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RecipientNotice {
    pub recipient: String,
    pub external: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub country: String,
    pub activities: Vec<String>,
    pub status: NoticeStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// `working_days` working days before `before` (Saturday, Sunday and the calendar's holidays do not
/// count), but never before `not_before`. Dates the calendar does not cover count as working days.
pub fn working_days_before(
    cal: &Calendar,
    before: NaiveDate,
    working_days: u32,
    not_before: NaiveDate,
) -> NaiveDate {
    let mut d = before;
    let mut left = working_days;
    while left > 0 && d > not_before {
        d = d.pred_opt().unwrap_or(d);
        if cal.is_working_day(d, RestDays::SaturdaySunday).unwrap_or(true) {
            left -= 1;
        }
    }
    d.max(not_before)
}

/// Brings the tasks and the ledger in line with the linked activities: a system or recipient seen for
/// the first time gets a new entry; existing entries keep their state (a task done stays done) and get
/// the current list of activities; entries are never removed (the file must show what was planned).
pub fn plan_work(
    linked: &[&Activity],
    systems: &[System],
    recipients: &[Recipient],
    notify_recipients: bool,
    task_due: NaiveDate,
    tasks: &mut Vec<SystemTask>,
    notices: &mut Vec<RecipientNotice>,
) {
    let same = |a: &str, b: &str| crate::validate::same_name(a, b);
    for a in linked {
        let targets: Vec<(String, String)> = if a.systems.is_empty() {
            vec![(String::new(), a.owner.clone())]
        } else {
            a.systems
                .iter()
                .map(|s| {
                    let owner = systems
                        .iter()
                        .find(|x| same(&x.name, s))
                        .map(|x| x.owner.clone())
                        .filter(|o| !o.is_empty())
                        .unwrap_or_else(|| a.owner.clone());
                    (s.clone(), owner)
                })
                .collect()
        };
        for (system, owner) in targets {
            let existing = tasks.iter_mut().find(|t| {
                if system.is_empty() {
                    t.system.is_empty() && same(&t.owner, &owner)
                } else {
                    same(&t.system, &system)
                }
            });
            match existing {
                Some(t) => {
                    if !t.activities.contains(&a.id) {
                        t.activities.push(a.id.clone());
                    }
                }
                None => tasks.push(SystemTask {
                    system,
                    owner,
                    activities: vec![a.id.clone()],
                    due: task_due,
                    done_on: None,
                    evidence: String::new(),
                }),
            }
        }
        if notify_recipients {
            for r in &a.recipients {
                match notices.iter_mut().find(|n| same(&n.recipient, r)) {
                    Some(n) => {
                        if !n.activities.contains(&a.id) {
                            n.activities.push(a.id.clone());
                        }
                    }
                    None => {
                        let known = recipients.iter().find(|x| same(&x.name, r));
                        notices.push(RecipientNotice {
                            recipient: r.clone(),
                            external: known.is_none_or(|k| k.kind != RecipientKind::Internal),
                            country: known.map(|k| k.country.clone()).unwrap_or_default(),
                            activities: vec![a.id.clone()],
                            status: NoticeStatus::Pending,
                            date: None,
                            reason: String::new(),
                        })
                    }
                }
            }
        }
    }
}

/// Closes a task with its evidence.
pub fn complete_task(
    tasks: &mut [SystemTask],
    key: &str,
    date: NaiveDate,
    evidence: &str,
) -> Result<(), EventRefused> {
    let same = |a: &str, b: &str| crate::validate::same_name(a, b);
    let Some(i) =
        tasks
            .iter()
            .position(|t| if t.system.is_empty() { same(&t.owner, key) } else { same(&t.system, key) })
    else {
        return Err(EventRefused(format!(
            "no task for {key:?}; the tasks are: {}",
            tasks_keys(tasks).join(", ")
        )));
    };
    let t = &mut tasks[i];
    if t.done_on.is_some() {
        return Err(EventRefused(format!("the task for {key} is already done")));
    }
    if evidence.trim().is_empty() {
        return Err(EventRefused("say what was done and where the evidence is".into()));
    }
    t.done_on = Some(date);
    t.evidence = evidence.trim().to_string();
    Ok(())
}

fn tasks_keys(tasks: &[SystemTask]) -> Vec<&str> {
    tasks.iter().map(|t| if t.system.is_empty() { t.owner.as_str() } else { t.system.as_str() }).collect()
}

/// Records where telling a recipient stands.
pub fn record_notice(
    notices: &mut [RecipientNotice],
    recipient: &str,
    status: NoticeStatus,
    date: NaiveDate,
    reason: &str,
) -> Result<(), EventRefused> {
    let n = notices
        .iter_mut()
        .find(|n| crate::validate::same_name(&n.recipient, recipient))
        .ok_or_else(|| EventRefused(format!("{recipient:?} is not a recipient of the linked activities")))?;
    match status {
        NoticeStatus::Pending => return Err(EventRefused("a recipient cannot go back to pending".into())),
        NoticeStatus::Impossible | NoticeStatus::DisproportionateEffort if reason.trim().is_empty() => {
            return Err(EventRefused(
                "give the reason why telling this recipient is impossible or disproportionate (Art. 19)"
                    .into(),
            ))
        }
        NoticeStatus::Acknowledged if n.status == NoticeStatus::Pending => {
            return Err(EventRefused(format!("{recipient} has not been notified yet")))
        }
        _ => {}
    }
    n.status = status;
    n.date = Some(date);
    n.reason = reason.trim().to_string();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn activity(id: &str, systems: &[&str], recipients: &[&str], owner: &str) -> Activity {
        let mut a = Activity::new(id, id);
        a.systems = systems.iter().map(|s| s.to_string()).collect();
        a.recipients = recipients.iter().map(|s| s.to_string()).collect();
        a.owner = owner.into();
        a
    }

    #[test]
    fn one_task_per_system_and_per_owner_without_system() {
        let a = activity("PA-0001", &["SAP HR", "Mailbox"], &["Payroll provider"], "HR lead");
        let b = activity("PA-0002", &["sap hr"], &["Tax office"], "Finance lead");
        let c = activity("PA-0003", &[], &[], "Marketing lead");
        let systems =
            vec![System { name: "SAP HR".into(), owner: "IT HR apps".into(), ..Default::default() }];
        let recipients = vec![Recipient {
            name: "Tax office".into(),
            kind: RecipientKind::External,
            country: "ES".into(),
            ..Default::default()
        }];
        let (mut tasks, mut notices) = (vec![], vec![]);
        plan_work(&[&a, &b, &c], &systems, &recipients, true, d("2026-03-20"), &mut tasks, &mut notices);
        let summary: Vec<(String, String, Vec<String>)> =
            tasks.iter().map(|t| (t.system.clone(), t.owner.clone(), t.activities.clone())).collect();
        assert_eq!(
            summary,
            vec![
                ("SAP HR".into(), "IT HR apps".into(), vec!["PA-0001".into(), "PA-0002".into()]),
                ("Mailbox".into(), "HR lead".into(), vec!["PA-0001".into()]),
                ("".into(), "Marketing lead".into(), vec!["PA-0003".into()]),
            ]
        );
        assert_eq!(notices.len(), 2);
        assert_eq!((notices[1].recipient.as_str(), notices[1].country.as_str()), ("Tax office", "ES"));
        // Planning again keeps what was done and adds nothing twice.
        complete_task(&mut tasks, "sap hr", d("2026-03-10"), "records erased, ticket IT-42").unwrap();
        plan_work(&[&a, &b, &c], &systems, &recipients, true, d("2026-03-25"), &mut tasks, &mut notices);
        assert_eq!(tasks.len(), 3);
        assert_eq!(tasks[0].done_on, Some(d("2026-03-10")));
        assert_eq!(tasks[0].due, d("2026-03-20"), "an existing task keeps its due date");
    }

    #[test]
    fn tasks_need_evidence_and_notices_need_reasons() {
        let a = activity("PA-0001", &["CRM"], &["Mailing house"], "Sales");
        let (mut tasks, mut notices) = (vec![], vec![]);
        plan_work(&[&a], &[], &[], true, d("2026-03-20"), &mut tasks, &mut notices);
        assert!(complete_task(&mut tasks, "CRM", d("2026-03-10"), " ").unwrap_err().0.contains("evidence"));
        assert!(complete_task(&mut tasks, "ERP", d("2026-03-10"), "x")
            .unwrap_err()
            .0
            .contains("the tasks are: CRM"));
        let e = record_notice(
            &mut notices,
            "Mailing house",
            NoticeStatus::DisproportionateEffort,
            d("2026-03-11"),
            "",
        );
        assert!(e.unwrap_err().0.contains("Art. 19"));
        assert!(record_notice(
            &mut notices,
            "Mailing house",
            NoticeStatus::Acknowledged,
            d("2026-03-11"),
            ""
        )
        .is_err());
        record_notice(&mut notices, "mailing house", NoticeStatus::Notified, d("2026-03-11"), "").unwrap();
        record_notice(&mut notices, "Mailing house", NoticeStatus::Acknowledged, d("2026-03-12"), "")
            .unwrap();
        assert!(notices[0].status.is_settled());
        assert!(record_notice(&mut notices, "Nobody", NoticeStatus::Notified, d("2026-03-12"), "").is_err());
    }

    #[test]
    fn internal_due_dates_skip_weekends_and_holidays() {
        let eng = Calendar::get("GB-ENG").unwrap();
        // Five working days before Thu 2 Apr 2026: 1 Apr, 31 Mar, 30 Mar, 27 Mar, 26 Mar.
        assert_eq!(working_days_before(&eng, d("2026-04-02"), 5, d("2026-03-02")), d("2026-03-26"));
        // Before Tue 29 Dec 2026: Mon 28 (Boxing Day observed), Fri 25 (Christmas) do not count.
        assert_eq!(working_days_before(&eng, d("2026-12-29"), 2, d("2026-11-25")), d("2026-12-23"));
        assert_eq!(
            working_days_before(&eng, d("2026-04-02"), 50, d("2026-03-02")),
            d("2026-03-02"),
            "not before receipt"
        );
    }
}
