//! Demonstration data: a realistic organisation and record of processing activities, in English and
//! Spanish, that `cockpit init --demo` loads through the ordinary import path.
//!
//! The organisation, Castellana Isar Group, S.L., is fictional: a Spanish-German retail group with an
//! occupational-health division, about 1,200 staff, with establishments in Madrid, Munich and Barcelona.
//! All names, addresses, telephone numbers and e-mail addresses are invented (e-mail addresses use the
//! reserved `example.com` / `example.org` domains).
//!
//! The data are written once, with every human-readable text as an English/Spanish pair ([`T`]), so the
//! two languages always describe the same register: same ids, roles, statuses, lawful bases, countries
//! and vocabulary sizes; only the text differs. Review dates are placed relative to the `today` passed
//! in, so the register never goes stale.
//!
//! A handful of activities are deliberately incomplete (see [`INCOMPLETE`]) so that the completeness
//! check has something to show on first start; every other activity is complete.

use chrono::{NaiveDate, TimeDelta};
use cockpit_domain::completeness::FindingCode;
use cockpit_domain::{
    Activity, ActivityDataCategory, DataCategory, DataSubjectCategory, Measure, Party, Recipient, Register,
    Retention, RetentionPeriod, System, Transfer,
};

mod activities;
mod organisation;
mod vocabulary;

#[cfg(test)]
mod tests;

/// The language of the demonstration register's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoLanguage {
    En,
    Es,
}

impl DemoLanguage {
    /// "en" or "es" (case-insensitive, surrounding spaces ignored).
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en" => Some(DemoLanguage::En),
            "es" => Some(DemoLanguage::Es),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            DemoLanguage::En => "en",
            DemoLanguage::Es => "es",
        }
    }
}

/// A text in English and Spanish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct T(pub &'static str, pub &'static str);

impl T {
    pub(crate) fn get(self, lang: DemoLanguage) -> String {
        match lang {
            DemoLanguage::En => self.0,
            DemoLanguage::Es => self.1,
        }
        .to_string()
    }
}

/// The departments that own the demonstration activities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dept {
    Hr,
    Recruiting,
    Marketing,
    Sales,
    Support,
    It,
    Health,
    Finance,
}

impl Dept {
    const ALL: [Dept; 8] = [
        Dept::Hr,
        Dept::Recruiting,
        Dept::Marketing,
        Dept::Sales,
        Dept::Support,
        Dept::It,
        Dept::Health,
        Dept::Finance,
    ];

    fn name(self) -> T {
        match self {
            Dept::Hr => T("HR", "RR. HH."),
            Dept::Recruiting => T("Recruiting", "Selección"),
            Dept::Marketing => T("Marketing", "Marketing"),
            Dept::Sales => T("Sales", "Ventas"),
            Dept::Support => T("Customer support", "Atención al cliente"),
            Dept::It => T("IT/Security", "TI/Seguridad"),
            Dept::Health => T("Occupational health", "Salud laboral"),
            Dept::Finance => T("Finance", "Finanzas"),
        }
    }
}

/// The department names used by the demonstration register, in `lang`.
pub fn departments(lang: DemoLanguage) -> Vec<String> {
    Dept::ALL.iter().map(|d| d.name().get(lang)).collect()
}

/// The activities that are deliberately left incomplete, each with the one completeness finding it shows.
pub const INCOMPLETE: &[(&str, FindingCode)] = &[
    ("PA-0008", FindingCode::SpecialCategoryWithoutCondition),
    ("PA-0009", FindingCode::RetentionMissing),
    ("PA-0020", FindingCode::NoSecurityMeasures),
    ("PA-0033", FindingCode::TransferWithoutMechanism),
    ("PA-0048", FindingCode::ReviewOverdue),
];

/// The demonstration register, with review dates placed relative to `today`.
pub fn demo_register(lang: DemoLanguage, today: NaiveDate) -> Register {
    Register {
        organisation: Some(organisation::organisation(lang)),
        data_subject_categories: vocabulary::DATA_SUBJECTS
            .iter()
            .map(|(name, description)| DataSubjectCategory {
                name: name.get(lang),
                description: description.get(lang),
            })
            .collect(),
        data_categories: vocabulary::DATA_CATEGORIES
            .iter()
            .map(|(name, kind, description)| DataCategory {
                name: name.get(lang),
                kind: *kind,
                description: description.get(lang),
            })
            .collect(),
        recipients: vocabulary::RECIPIENTS
            .iter()
            .map(|r| Recipient {
                name: r.name.get(lang),
                kind: r.kind,
                processor: r.processor,
                country: r.country.to_string(),
                description: r.description.get(lang),
            })
            .collect(),
        systems: vocabulary::SYSTEMS
            .iter()
            .map(|s| System {
                name: s.name.get(lang),
                description: s.description.get(lang),
                hosting_country: s.hosting_country.to_string(),
                owner: s.owner.get(lang),
            })
            .collect(),
        measures: vocabulary::MEASURES
            .iter()
            .map(|(name, kind, description)| Measure {
                name: name.get(lang),
                kind: *kind,
                description: description.get(lang),
            })
            .collect(),
        parties: vocabulary::PARTIES
            .iter()
            .map(|p| Party {
                name: p.name.to_string(),
                contact: p.contact.get(lang),
                country: p.country.to_string(),
                representative: String::new(),
                dpo: p.dpo.to_string(),
            })
            .collect(),
        activities: activities::ACTIVITIES
            .iter()
            .enumerate()
            .map(|(i, spec)| spec.build(&format!("PA-{:04}", i + 1), lang, today))
            .collect(),
    }
}

/// Retention of one data category, written once for both languages.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Ret {
    /// A fixed period running from the trigger event (`T("", "")` = from collection).
    Period(u32, cockpit_domain::RetentionUnit, T),
    /// Criteria, where a period cannot be fixed.
    Criteria(T),
    /// A period plus the criteria for exceptions (legal hold, open claims...).
    Both(u32, cockpit_domain::RetentionUnit, T, T),
    /// Not documented (only for the deliberately incomplete activity).
    Undocumented,
}

impl Ret {
    fn build(self, lang: DemoLanguage) -> Retention {
        let period =
            |amount, unit, trigger: T| Some(RetentionPeriod { amount, unit, trigger: trigger.get(lang) });
        match self {
            Ret::Period(amount, unit, trigger) => {
                Retention { period: period(amount, unit, trigger), criteria: String::new() }
            }
            Ret::Criteria(criteria) => Retention { period: None, criteria: criteria.get(lang) },
            Ret::Both(amount, unit, trigger, criteria) => {
                Retention { period: period(amount, unit, trigger), criteria: criteria.get(lang) }
            }
            Ret::Undocumented => Retention::default(),
        }
    }
}

/// A transfer to a third country, written once for both languages.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Xfer {
    pub country: &'static str,
    pub recipient: T,
    pub mechanism: Option<cockpit_domain::TransferMechanism>,
    pub safeguards: T,
}

/// One processing activity, written once for both languages. Vocabulary references are the [`T`]
/// constants of [`vocabulary`], so they resolve in either language.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Spec {
    pub name: T,
    pub description: T,
    pub dept: Dept,
    pub owner: T,
    pub role: cockpit_domain::Role,
    /// Legal names of parties: identical in every language.
    pub parties: &'static [&'static str],
    pub purposes: &'static [T],
    pub bases: &'static [cockpit_domain::LawfulBasis],
    pub lia: &'static str,
    pub art9: Option<cockpit_domain::SpecialCategoryCondition>,
    pub criminal: bool,
    pub subjects: &'static [T],
    pub data: &'static [(T, Ret)],
    pub recipients: &'static [T],
    pub transfers: &'static [Xfer],
    pub measures: &'static [T],
    pub systems: &'static [T],
    pub source: T,
    /// Art. 22 automated decision: the logic involved.
    pub automated: Option<T>,
    pub dpia_required: bool,
    pub dpia: &'static str,
    pub status: cockpit_domain::ActivityStatus,
    /// Days from `today` to the next review (negative: overdue).
    pub review_in_days: i64,
}

impl Spec {
    fn build(&self, id: &str, lang: DemoLanguage, today: NaiveDate) -> Activity {
        let names = |list: &[T]| list.iter().map(|t| t.get(lang)).collect::<Vec<_>>();
        Activity {
            id: id.to_string(),
            name: self.name.get(lang),
            description: self.description.get(lang),
            role: self.role,
            parties: self.parties.iter().map(|p| p.to_string()).collect(),
            purposes: names(self.purposes),
            lawful_bases: self.bases.to_vec(),
            lia_reference: self.lia.to_string(),
            special_category_condition: self.art9,
            criminal_data: self.criminal,
            data_subjects: names(self.subjects),
            data_categories: self
                .data
                .iter()
                .map(|(category, retention)| ActivityDataCategory {
                    category: category.get(lang),
                    retention: retention.build(lang),
                })
                .collect(),
            recipients: names(self.recipients),
            transfers: self
                .transfers
                .iter()
                .map(|x| Transfer {
                    country: x.country.to_string(),
                    recipient: Some(x.recipient.get(lang)),
                    mechanism: x.mechanism,
                    safeguards: x.safeguards.get(lang),
                })
                .collect(),
            measures: names(self.measures),
            systems: names(self.systems),
            data_source: self.source.get(lang),
            automated_decision: self.automated.is_some(),
            automated_decision_logic: self.automated.map(|t| t.get(lang)).unwrap_or_default(),
            dpia_required: self.dpia_required,
            dpia_reference: self.dpia.to_string(),
            department: self.dept.name().get(lang),
            owner: self.owner.get(lang),
            status: self.status,
            next_review: Some(today + TimeDelta::days(self.review_in_days)),
        }
    }
}
