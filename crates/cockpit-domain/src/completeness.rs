//! Completeness of a record entry: every Art. 30 element that is missing, and every element that is
//! present but weak (a transfer without a Chapter V tool, special-category data without an Art. 9(2)
//! condition, a review date in the past ...), with a score.
//!
//! The rules are pure: the activity, the vocabularies it refers to and "today" go in, a report comes
//! out. Each finding carries a stable `code` (the UI translates it), the field it concerns, the legal
//! reference it rests on, and an English message for the CLI.
//!
//! Scoring: an activity starts at 100 and loses [`Severity::Missing`] = 15 points per missing element
//! and [`Severity::Weak`] = 5 points per weak one, never below 0. A retired activity is still checked:
//! the record must show what was done while it ran.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::geo;
use crate::register::*;
use crate::validate::same_name;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// A required element is absent or contradicts the law.
    Missing,
    /// Present, but not good enough for an inspection.
    Weak,
}

impl Severity {
    pub fn penalty(self) -> u32 {
        match self {
            Severity::Missing => 15,
            Severity::Weak => 5,
        }
    }
}

/// What a finding is about. The UI and reports translate these; the CLI prints [`Finding::message`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum FindingCode {
    NoPurpose,
    NoLawfulBasis,
    LegitimateInterestWithoutAssessment,
    NoDataSubjects,
    NoDataCategories,
    RetentionMissing,
    SpecialCategoryWithoutCondition,
    CriminalDataNotFlagged,
    NoRecipientsDocumented,
    TransferWithoutMechanism,
    TransferWithoutSafeguardDocumentation,
    AdequacyClaimedWithoutDecision,
    ThirdCountryRecipientWithoutTransfer,
    NoSecurityMeasures,
    NoTechnicalMeasures,
    NoSystems,
    NoDataSource,
    DpiaWithoutReference,
    AutomatedDecisionWithoutDpia,
    ProcessorWithoutControllers,
    JointControllerWithoutParties,
    NoOwner,
    NoReviewDate,
    ReviewOverdue,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Finding {
    pub code: FindingCode,
    pub severity: Severity,
    /// The field (path) the finding is about, as in validation errors.
    pub field: String,
    /// The provision the finding rests on, e.g. "Art. 30(1)(f)".
    pub reference: String,
    /// Names the finding concerns (a data category, a country), for the translated message.
    pub subject: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Completeness {
    pub activity_id: String,
    /// 0 to 100.
    pub score: u32,
    pub findings: Vec<Finding>,
}

struct Check {
    findings: Vec<Finding>,
}

impl Check {
    fn add(
        &mut self,
        code: FindingCode,
        severity: Severity,
        field: impl Into<String>,
        reference: &str,
        subject: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.findings.push(Finding {
            code,
            severity,
            field: field.into(),
            reference: reference.into(),
            subject: subject.into(),
            message: message.into(),
        });
    }
}

/// Checks one activity. `register` supplies the vocabularies (kinds of data categories, recipients'
/// countries, kinds of measures); `today` is the local date of the organisation.
pub fn check_activity(a: &Activity, register: &Register, today: NaiveDate) -> Completeness {
    use FindingCode::*;
    use Severity::*;
    let mut c = Check { findings: Vec::new() };
    let processor = a.role == Role::Processor;

    if a.purposes.iter().all(|p| p.trim().is_empty()) {
        let (field, reference) =
            if processor { ("purposes", "Art. 30(2)(b)") } else { ("purposes", "Art. 30(1)(b)") };
        c.add(NoPurpose, Missing, field, reference, "", "no purpose is recorded");
    }
    match a.role {
        Role::Processor => {
            if a.parties.is_empty() {
                c.add(
                    ProcessorWithoutControllers,
                    Missing,
                    "parties",
                    "Art. 30(2)(a)",
                    "",
                    "a processor record must name each controller on whose behalf it acts",
                );
            }
        }
        Role::JointController => {
            if a.parties.is_empty() {
                c.add(
                    JointControllerWithoutParties,
                    Missing,
                    "parties",
                    "Art. 30(1)(a), Art. 26",
                    "",
                    "the joint controller(s) are not named",
                );
            }
        }
        Role::Controller => {}
    }
    if !processor {
        if a.lawful_bases.is_empty() {
            c.add(
                NoLawfulBasis,
                Missing,
                "lawful_bases",
                "Art. 6(1)",
                "",
                "no Art. 6 lawful basis is recorded",
            );
        }
        if a.lawful_bases.contains(&LawfulBasis::LegitimateInterests) && a.lia_reference.trim().is_empty() {
            c.add(
                LegitimateInterestWithoutAssessment,
                Weak,
                "lia_reference",
                "Art. 6(1)(f), Art. 5(2)",
                "",
                "legitimate interests are relied on but no balancing test (LIA) is referenced",
            );
        }
        if a.data_subjects.is_empty() {
            c.add(
                NoDataSubjects,
                Missing,
                "data_subjects",
                "Art. 30(1)(c)",
                "",
                "no category of data subjects",
            );
        }
        if a.data_categories.is_empty() {
            c.add(
                NoDataCategories,
                Missing,
                "data_categories",
                "Art. 30(1)(c)",
                "",
                "no category of personal data",
            );
        }
        for (i, dc) in a.data_categories.iter().enumerate() {
            if !dc.retention.is_documented() {
                c.add(
                    RetentionMissing,
                    Missing,
                    format!("data_categories[{i}].retention"),
                    "Art. 30(1)(f), Art. 5(1)(e)",
                    dc.category.clone(),
                    format!("no retention period or criteria for '{}'", dc.category),
                );
            }
        }
        let kinds: Vec<DataCategoryKind> = a
            .data_categories
            .iter()
            .filter_map(|dc| register.data_category(&dc.category).map(|v| v.kind))
            .collect();
        if kinds.contains(&DataCategoryKind::Special) && a.special_category_condition.is_none() {
            c.add(
                SpecialCategoryWithoutCondition,
                Missing,
                "special_category_condition",
                "Art. 9(2)",
                "",
                "special categories of data are processed without an Art. 9(2) condition",
            );
        }
        if kinds.contains(&DataCategoryKind::Criminal) && !a.criminal_data {
            c.add(
                CriminalDataNotFlagged,
                Weak,
                "criminal_data",
                "Art. 10",
                "",
                "criminal-offence data are listed but the Art. 10 flag is not set",
            );
        }
        if a.recipients.is_empty() {
            c.add(
                NoRecipientsDocumented,
                Weak,
                "recipients",
                "Art. 30(1)(d)",
                "",
                "no recipients are recorded: confirm that nobody receives the data",
            );
        }
        if a.data_source.trim().is_empty() {
            c.add(
                NoDataSource,
                Weak,
                "data_source",
                "Art. 14(2)(f), Art. 15(1)(g)",
                "",
                "the source of the data is not recorded",
            );
        }
    }

    for (i, t) in a.transfers.iter().enumerate() {
        let field = format!("transfers[{i}]");
        match t.mechanism {
            None => c.add(
                TransferWithoutMechanism,
                Missing,
                format!("{field}.mechanism"),
                "Art. 44-49",
                t.country.clone(),
                format!("transfer to {} has no Chapter V transfer tool", t.country),
            ),
            Some(TransferMechanism::CompellingLegitimateInterests) if t.safeguards.trim().is_empty() => c.add(
                TransferWithoutSafeguardDocumentation,
                Missing,
                format!("{field}.safeguards"),
                "Art. 30(1)(e), Art. 49(1) subpara. 2",
                t.country.clone(),
                format!("transfer to {} under Art. 49(1) subpara. 2 lacks the documentation of suitable safeguards", t.country),
            ),
            Some(m) if m.is_appropriate_safeguard() && t.safeguards.trim().is_empty() => c.add(
                TransferWithoutSafeguardDocumentation,
                Weak,
                format!("{field}.safeguards"),
                "Art. 46",
                t.country.clone(),
                format!("transfer to {} relies on {} but no safeguard documentation is referenced", t.country, m.article()),
            ),
            Some(TransferMechanism::AdequacyDecision) if !geo::has_adequacy_decision(&t.country) => c.add(
                AdequacyClaimedWithoutDecision,
                Missing,
                format!("{field}.mechanism"),
                "Art. 45",
                t.country.clone(),
                format!("no adequacy decision covers {}", t.country),
            ),
            Some(_) => {}
        }
    }
    for name in &a.recipients {
        let Some(r) = register.recipient(name) else { continue };
        if r.kind == RecipientKind::External
            && geo::is_third_country(&r.country)
            && !a.transfers.iter().any(|t| t.country == r.country)
        {
            c.add(
                ThirdCountryRecipientWithoutTransfer,
                Weak,
                "transfers",
                "Art. 30(1)(e)",
                format!("{} ({})", r.name, r.country),
                format!(
                    "recipient '{}' is in {} but no transfer to {} is recorded",
                    r.name, r.country, r.country
                ),
            );
        }
    }

    if a.measures.is_empty() {
        let reference = if processor { "Art. 30(2)(d), Art. 32(1)" } else { "Art. 30(1)(g), Art. 32(1)" };
        c.add(NoSecurityMeasures, Missing, "measures", reference, "", "no security measures are recorded");
    } else if !a
        .measures
        .iter()
        .any(|m| register.measure(m).is_some_and(|v| v.kind == MeasureKind::Technical))
    {
        c.add(
            NoTechnicalMeasures,
            Weak,
            "measures",
            "Art. 32(1)",
            "",
            "only organisational measures are recorded",
        );
    }
    if a.systems.is_empty() {
        c.add(
            NoSystems,
            Weak,
            "systems",
            "Art. 30, Art. 32",
            "",
            "no system or asset holding the data is recorded",
        );
    }
    if a.dpia_required && a.dpia_reference.trim().is_empty() {
        c.add(
            DpiaWithoutReference,
            Missing,
            "dpia_reference",
            "Art. 35",
            "",
            "a DPIA is required but none is referenced",
        );
    }
    if a.automated_decision && !a.dpia_required {
        c.add(
            AutomatedDecisionWithoutDpia,
            Weak,
            "dpia_required",
            "Art. 22, Art. 35(3)(a)",
            "",
            "automated decision-making is recorded but no DPIA is marked as required",
        );
    }
    if a.owner.trim().is_empty() && a.department.trim().is_empty() {
        c.add(NoOwner, Weak, "owner", "Art. 5(2), Art. 24", "", "no owner or department is responsible");
    }
    match a.next_review {
        None => c.add(NoReviewDate, Weak, "next_review", "Art. 24(1)", "", "no next review date"),
        Some(d) if d < today && a.status != ActivityStatus::Retired => c.add(
            ReviewOverdue,
            Missing,
            "next_review",
            "Art. 24(1)",
            d.to_string(),
            format!("review was due on {d}"),
        ),
        Some(_) => {}
    }

    let penalty: u32 = c.findings.iter().map(|f| f.severity.penalty()).sum();
    c.findings.sort_by_key(|f| f.severity);
    Completeness { activity_id: a.id.clone(), score: 100u32.saturating_sub(penalty), findings: c.findings }
}

/// A coarse band for filters and charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum CompletenessBand {
    /// 90-100
    Complete,
    /// 60-89
    Partial,
    /// 0-59
    Poor,
}

impl CompletenessBand {
    pub fn of(score: u32) -> Self {
        match score {
            90.. => CompletenessBand::Complete,
            60..=89 => CompletenessBand::Partial,
            _ => CompletenessBand::Poor,
        }
    }
}

/// Is `name` one of `list`, compared as vocabulary names are?
pub fn lists(list: &[String], name: &str) -> bool {
    list.iter().any(|n| same_name(n, name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{expect, Expect};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
    }

    fn register() -> Register {
        Register {
            data_subject_categories: vec![DataSubjectCategory {
                name: "Employees".into(),
                ..Default::default()
            }],
            data_categories: vec![
                DataCategory { name: "Contact details".into(), ..Default::default() },
                DataCategory {
                    name: "Health data".into(),
                    kind: DataCategoryKind::Special,
                    ..Default::default()
                },
                DataCategory {
                    name: "Criminal records".into(),
                    kind: DataCategoryKind::Criminal,
                    ..Default::default()
                },
            ],
            recipients: vec![
                Recipient { name: "HR team".into(), ..Default::default() },
                Recipient {
                    name: "US payroll".into(),
                    kind: RecipientKind::External,
                    processor: true,
                    country: "US".into(),
                    ..Default::default()
                },
            ],
            measures: vec![
                Measure {
                    name: "Encryption at rest".into(),
                    kind: MeasureKind::Technical,
                    ..Default::default()
                },
                Measure {
                    name: "Staff training".into(),
                    kind: MeasureKind::Organisational,
                    ..Default::default()
                },
            ],
            systems: vec![System { name: "HRIS".into(), ..Default::default() }],
            ..Default::default()
        }
    }

    /// A complete controller activity; each test case breaks one thing.
    fn complete() -> Activity {
        let mut a = Activity::new("PA-0001", "Payroll");
        a.purposes = vec!["Pay salaries".into()];
        a.lawful_bases = vec![LawfulBasis::Contract];
        a.data_subjects = vec!["Employees".into()];
        a.data_categories = vec![ActivityDataCategory {
            category: "Contact details".into(),
            retention: Retention {
                period: Some(RetentionPeriod {
                    amount: 6,
                    unit: RetentionUnit::Years,
                    trigger: "end of employment".into(),
                }),
                criteria: String::new(),
            },
        }];
        a.recipients = vec!["HR team".into()];
        a.measures = vec!["Encryption at rest".into()];
        a.systems = vec!["HRIS".into()];
        a.data_source = "The employee".into();
        a.owner = "Head of HR".into();
        a.next_review = Some(NaiveDate::from_ymd_opt(2027, 6, 1).unwrap());
        a
    }

    fn check(change: impl FnOnce(&mut Activity), expect: Expect) {
        let mut a = complete();
        change(&mut a);
        let r = check_activity(&a, &register(), today());
        let mut out = format!("score {}\n", r.score);
        for f in &r.findings {
            out.push_str(&format!(
                "{:?} {:?} {} [{}]: {}\n",
                f.severity, f.code, f.field, f.reference, f.message
            ));
        }
        expect.assert_eq(&out);
    }

    #[test]
    fn a_complete_activity_scores_100() {
        check(
            |_| {},
            expect![[r#"
            score 100
        "#]],
        );
    }

    #[test]
    fn retention_is_required_per_data_category() {
        check(
            |a| {
                a.data_categories.push(ActivityDataCategory {
                    category: "Health data".into(),
                    retention: Retention::default(),
                });
                a.special_category_condition = Some(SpecialCategoryCondition::EmploymentSocialSecurity);
            },
            expect![[r#"
                score 85
                Missing RetentionMissing data_categories[1].retention [Art. 30(1)(f), Art. 5(1)(e)]: no retention period or criteria for 'Health data'
            "#]],
        );
    }

    #[test]
    fn retention_criteria_alone_are_enough() {
        check(
            |a| {
                a.data_categories[0].retention =
                    Retention { period: None, criteria: "Until the limitation period for claims ends".into() }
            },
            expect![[r#"
                score 100
            "#]],
        );
    }

    #[test]
    fn special_and_criminal_data_need_their_conditions() {
        check(
            |a| {
                for cat in ["Health data", "Criminal records"] {
                    a.data_categories.push(ActivityDataCategory {
                        category: cat.into(),
                        retention: Retention { period: None, criteria: "Statutory".into() },
                    });
                }
            },
            expect![[r#"
                score 80
                Missing SpecialCategoryWithoutCondition special_category_condition [Art. 9(2)]: special categories of data are processed without an Art. 9(2) condition
                Weak CriminalDataNotFlagged criminal_data [Art. 10]: criminal-offence data are listed but the Art. 10 flag is not set
            "#]],
        );
    }

    #[test]
    fn transfers_need_a_chapter_v_tool() {
        check(
            |a| {
                a.recipients.push("US payroll".into());
                a.transfers = vec![
                    Transfer {
                        country: "US".into(),
                        recipient: Some("US payroll".into()),
                        mechanism: None,
                        safeguards: String::new(),
                    },
                    Transfer {
                        country: "IN".into(),
                        recipient: None,
                        mechanism: Some(TransferMechanism::StandardContractualClauses),
                        safeguards: String::new(),
                    },
                    Transfer {
                        country: "CN".into(),
                        recipient: None,
                        mechanism: Some(TransferMechanism::CompellingLegitimateInterests),
                        safeguards: String::new(),
                    },
                    Transfer {
                        country: "BR".into(),
                        recipient: None,
                        mechanism: Some(TransferMechanism::AdequacyDecision),
                        safeguards: String::new(),
                    },
                ];
            },
            expect![[r#"
                score 50
                Missing TransferWithoutMechanism transfers[0].mechanism [Art. 44-49]: transfer to US has no Chapter V transfer tool
                Missing TransferWithoutSafeguardDocumentation transfers[2].safeguards [Art. 30(1)(e), Art. 49(1) subpara. 2]: transfer to CN under Art. 49(1) subpara. 2 lacks the documentation of suitable safeguards
                Missing AdequacyClaimedWithoutDecision transfers[3].mechanism [Art. 45]: no adequacy decision covers BR
                Weak TransferWithoutSafeguardDocumentation transfers[1].safeguards [Art. 46]: transfer to IN relies on Art. 46(2)(c) but no safeguard documentation is referenced
            "#]],
        );
    }

    #[test]
    fn a_recipient_abroad_without_a_transfer_is_weak() {
        check(
            |a| a.recipients.push("US payroll".into()),
            expect![[r#"
                score 95
                Weak ThirdCountryRecipientWithoutTransfer transfers [Art. 30(1)(e)]: recipient 'US payroll' is in US but no transfer to US is recorded
            "#]],
        );
    }

    #[test]
    fn measures_systems_owner_and_review() {
        check(
            |a| {
                a.measures = vec!["Staff training".into()];
                a.systems.clear();
                a.owner.clear();
                a.next_review = Some(NaiveDate::from_ymd_opt(2026, 11, 28).unwrap());
            },
            expect![[r#"
                score 70
                Missing ReviewOverdue next_review [Art. 24(1)]: review was due on 2026-11-28
                Weak NoTechnicalMeasures measures [Art. 32(1)]: only organisational measures are recorded
                Weak NoSystems systems [Art. 30, Art. 32]: no system or asset holding the data is recorded
                Weak NoOwner owner [Art. 5(2), Art. 24]: no owner or department is responsible
            "#]],
        );
    }

    #[test]
    fn review_due_today_is_not_overdue_and_retired_activities_are_not_chased() {
        check(
            |a| a.next_review = Some(today()),
            expect![[r#"
            score 100
        "#]],
        );
        check(
            |a| {
                a.status = ActivityStatus::Retired;
                a.next_review = Some(NaiveDate::from_ymd_opt(2020, 1, 1).unwrap());
            },
            expect![[r#"
                score 100
            "#]],
        );
    }

    #[test]
    fn processor_records_follow_art_30_2() {
        check(
            |a| {
                a.role = Role::Processor;
                a.lawful_bases.clear();
                a.measures.clear();
            },
            expect![[r#"
                score 70
                Missing ProcessorWithoutControllers parties [Art. 30(2)(a)]: a processor record must name each controller on whose behalf it acts
                Missing NoSecurityMeasures measures [Art. 30(2)(d), Art. 32(1)]: no security measures are recorded
            "#]],
        );
    }

    #[test]
    fn an_empty_draft_scores_zero() {
        let a = Activity::new("PA-0002", "Empty");
        let r = check_activity(&a, &register(), today());
        assert_eq!(r.score, 0);
        assert!(r.findings.iter().any(|f| f.code == FindingCode::NoLawfulBasis));
        assert_eq!(CompletenessBand::of(r.score), CompletenessBand::Poor);
        assert_eq!(CompletenessBand::of(90), CompletenessBand::Complete);
        assert_eq!(CompletenessBand::of(89), CompletenessBand::Partial);
    }
}
