//! Validation: what makes a register object unacceptable (as opposed to incomplete, which
//! `completeness` reports). A create, an edit and every import row go through these functions, so the
//! UI, the CLI and imports refuse the same things with the same messages.

use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::HashSet;

use crate::geo;
use crate::register::*;

/// Longest name of any register object.
pub const MAX_NAME: usize = 200;
/// Longest free-text field. A record of processing is not a document store; anything longer is almost
/// certainly a paste error or a broken import.
pub const MAX_TEXT: usize = 20_000;
/// Separator of lists inside one spreadsheet cell; forbidden inside names for that reason.
pub const LIST_SEPARATOR: char = ';';

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ValidationCode {
    Required,
    TooLong,
    InvalidCharacter,
    InvalidFormat,
    UnknownReference,
    Duplicate,
    InvalidCountry,
    InvalidRegion,
    InvalidTimeZone,
    OutOfRange,
}

/// One problem with one field. `field` is a path such as `data_categories[2].category`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct FieldError {
    pub field: String,
    pub code: ValidationCode,
    pub message: String,
}

#[derive(Default)]
struct Errors(Vec<FieldError>);

impl Errors {
    fn push(&mut self, field: impl Into<String>, code: ValidationCode, message: impl Into<String>) {
        self.0.push(FieldError { field: field.into(), code, message: message.into() });
    }

    fn name(&mut self, field: &str, value: &str) {
        if value.trim().is_empty() {
            self.push(field, ValidationCode::Required, "must not be empty");
        } else if value.chars().count() > MAX_NAME {
            self.push(field, ValidationCode::TooLong, format!("must be at most {MAX_NAME} characters"));
        } else if value.contains(LIST_SEPARATOR) || value.chars().any(char::is_control) {
            self.push(field, ValidationCode::InvalidCharacter, "must not contain ';' or control characters");
        } else if value.trim() != value {
            self.push(field, ValidationCode::InvalidFormat, "must not start or end with spaces");
        }
    }

    fn text(&mut self, field: &str, value: &str) {
        if value.chars().count() > MAX_TEXT {
            self.push(field, ValidationCode::TooLong, format!("must be at most {MAX_TEXT} characters"));
        }
    }

    fn country(&mut self, field: &str, value: &str, required: bool) {
        if value.is_empty() {
            if required {
                self.push(field, ValidationCode::Required, "a country code is required");
            }
        } else if !geo::is_country(value) {
            self.push(
                field,
                ValidationCode::InvalidCountry,
                format!("'{}' is not an ISO 3166-1 alpha-2 country code (e.g. DE, ES, US)", clip(value)),
            );
        }
    }
}

/// Shortens a user value quoted in a message so a 10 MB field does not become a 10 MB error.
pub fn clip(value: &str) -> String {
    const MAX: usize = 40;
    if value.chars().count() <= MAX {
        value.to_string()
    } else {
        format!("{}…", value.chars().take(MAX).collect::<String>())
    }
}

/// Case-insensitive (Unicode) equality of vocabulary names.
pub fn same_name(a: &str, b: &str) -> bool {
    a == b || a.to_lowercase() == b.to_lowercase()
}

fn name_key(s: &str) -> String {
    s.to_lowercase()
}

/// Activity references: letters, digits, '.', '_' and '-', at most 32 characters.
pub fn is_valid_activity_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 32
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// The names of every vocabulary, looked up by their lower-cased form: built once, then each reference
/// check is a hash lookup (an import checks hundreds of thousands of references).
#[derive(Debug, Default, Clone)]
pub struct NameIndex(std::collections::HashMap<(VocabularyKind, String), String>);

impl NameIndex {
    pub fn new(r: &Register) -> NameIndex {
        let mut map = std::collections::HashMap::new();
        let mut add = |kind: VocabularyKind, names: Vec<&String>| {
            for n in names {
                map.entry((kind, name_key(n))).or_insert_with(|| n.clone());
            }
        };
        add(VocabularyKind::DataSubjectCategory, r.data_subject_categories.iter().map(|v| &v.name).collect());
        add(VocabularyKind::DataCategory, r.data_categories.iter().map(|v| &v.name).collect());
        add(VocabularyKind::Recipient, r.recipients.iter().map(|v| &v.name).collect());
        add(VocabularyKind::System, r.systems.iter().map(|v| &v.name).collect());
        add(VocabularyKind::Measure, r.measures.iter().map(|v| &v.name).collect());
        add(VocabularyKind::Party, r.parties.iter().map(|v| &v.name).collect());
        NameIndex(map)
    }

    /// The vocabulary's own spelling of `name`, if it has such an entry.
    pub fn canonical(&self, kind: VocabularyKind, name: &str) -> Option<&str> {
        self.0.get(&(kind, name_key(name))).map(String::as_str)
    }
}

fn check_refs(
    errors: &mut Errors,
    field: &str,
    values: &[String],
    names: &NameIndex,
    kind: VocabularyKind,
    what: &str,
) {
    let mut seen = HashSet::new();
    for (i, v) in values.iter().enumerate() {
        let path = format!("{field}[{i}]");
        if !seen.insert(name_key(v)) {
            errors.push(&path, ValidationCode::Duplicate, format!("'{}' is listed twice", clip(v)));
        } else if names.canonical(kind, v).is_none() {
            errors.push(&path, ValidationCode::UnknownReference, format!("no {what} named '{}'", clip(v)));
        }
    }
}

/// Validates an activity against the vocabularies of `register`.
pub fn validate_activity(a: &Activity, register: &Register) -> Vec<FieldError> {
    validate_activity_with(a, &NameIndex::new(register))
}

/// Validates an activity against prepared vocabulary names (see [`NameIndex`]).
pub fn validate_activity_with(a: &Activity, names: &NameIndex) -> Vec<FieldError> {
    let mut e = Errors::default();
    if !is_valid_activity_id(&a.id) {
        e.push(
            "id",
            ValidationCode::InvalidFormat,
            "must be 1-32 letters, digits, '.', '_' or '-' (e.g. PA-0007)",
        );
    }
    e.name("name", &a.name);
    for (field, value) in [
        ("description", &a.description),
        ("lia_reference", &a.lia_reference),
        ("data_source", &a.data_source),
        ("automated_decision_logic", &a.automated_decision_logic),
        ("dpia_reference", &a.dpia_reference),
    ] {
        e.text(field, value);
    }
    for (field, value) in [("department", &a.department), ("owner", &a.owner)] {
        if value.chars().count() > MAX_NAME {
            e.push(field, ValidationCode::TooLong, format!("must be at most {MAX_NAME} characters"));
        }
    }
    for (i, p) in a.purposes.iter().enumerate() {
        let field = format!("purposes[{i}]");
        if p.trim().is_empty() {
            e.push(&field, ValidationCode::Required, "a purpose must not be empty");
        } else if p.contains(LIST_SEPARATOR) {
            e.push(&field, ValidationCode::InvalidCharacter, "must not contain ';' (one purpose per entry)");
        } else if p.trim() != p {
            e.push(&field, ValidationCode::InvalidFormat, "must not start or end with spaces");
        }
        e.text(&field, p);
    }
    let mut bases = HashSet::new();
    for (i, b) in a.lawful_bases.iter().enumerate() {
        if !bases.insert(*b) {
            e.push(format!("lawful_bases[{i}]"), ValidationCode::Duplicate, "lawful basis listed twice");
        }
    }
    use VocabularyKind as K;
    check_refs(
        &mut e,
        "data_subjects",
        &a.data_subjects,
        names,
        K::DataSubjectCategory,
        "data-subject category",
    );
    let cats: Vec<String> = a.data_categories.iter().map(|c| c.category.clone()).collect();
    check_refs(&mut e, "data_categories", &cats, names, K::DataCategory, "data category");
    for (i, c) in a.data_categories.iter().enumerate() {
        if let Some(p) = &c.retention.period {
            if p.amount == 0 || p.amount > 1000 {
                e.push(
                    format!("data_categories[{i}].retention.period.amount"),
                    ValidationCode::OutOfRange,
                    "a retention period must be between 1 and 1000",
                );
            }
            e.text(&format!("data_categories[{i}].retention.period.trigger"), &p.trigger);
        }
        e.text(&format!("data_categories[{i}].retention.criteria"), &c.retention.criteria);
    }
    check_refs(&mut e, "recipients", &a.recipients, names, K::Recipient, "recipient");
    check_refs(&mut e, "measures", &a.measures, names, K::Measure, "security measure");
    check_refs(&mut e, "systems", &a.systems, names, K::System, "system");
    check_refs(&mut e, "parties", &a.parties, names, K::Party, "party");
    for (i, t) in a.transfers.iter().enumerate() {
        e.country(&format!("transfers[{i}].country"), &t.country, true);
        if let Some(rec) = &t.recipient {
            if names.canonical(K::Recipient, rec).is_none() {
                e.push(
                    format!("transfers[{i}].recipient"),
                    ValidationCode::UnknownReference,
                    format!("no recipient named '{}'", clip(rec)),
                );
            }
        }
        e.text(&format!("transfers[{i}].safeguards"), &t.safeguards);
    }
    e.0
}

pub fn validate_organisation(o: &Organisation) -> Vec<FieldError> {
    let mut e = Errors::default();
    if o.name.trim().is_empty() {
        e.push("name", ValidationCode::Required, "must not be empty");
    } else if o.name.chars().count() > MAX_NAME {
        e.push("name", ValidationCode::TooLong, format!("must be at most {MAX_NAME} characters"));
    }
    for (field, value) in [
        ("legal_form", &o.legal_form),
        ("registration_number", &o.registration_number),
        ("address", &o.address),
        ("email", &o.email),
        ("phone", &o.phone),
        ("representative", &o.representative),
        ("dpo_name", &o.dpo_name),
        ("dpo_email", &o.dpo_email),
        ("dpo_phone", &o.dpo_phone),
    ] {
        e.text(field, value);
    }
    for (field, value) in [("email", &o.email), ("dpo_email", &o.dpo_email)] {
        if !value.is_empty() && !looks_like_email(value) {
            e.push(field, ValidationCode::InvalidFormat, "is not an e-mail address");
        }
    }
    if o.art30_threshold == 0 {
        e.push("art30_threshold", ValidationCode::OutOfRange, "must be a positive head count");
    }
    let mut names = HashSet::new();
    for (i, est) in o.establishments.iter().enumerate() {
        let p = |f: &str| format!("establishments[{i}].{f}");
        e.name(&p("name"), &est.name);
        if !names.insert(name_key(&est.name)) {
            e.push(p("name"), ValidationCode::Duplicate, "two establishments have this name");
        }
        e.country(&p("country"), &est.country, true);
        if !est.region.is_empty() && !geo::is_subdivision_of(&est.region, &est.country) {
            e.push(
                p("region"),
                ValidationCode::InvalidRegion,
                format!("'{}' is not an ISO 3166-2 subdivision of {}", clip(&est.region), est.country),
            );
        }
        if !geo::is_time_zone(&est.timezone) {
            e.push(
                p("timezone"),
                ValidationCode::InvalidTimeZone,
                format!("'{}' is not an IANA time zone (e.g. Europe/Madrid)", clip(&est.timezone)),
            );
        }
        e.text(&p("address"), &est.address);
        let mut dates = HashSet::new();
        for (j, h) in est.local_holidays.iter().enumerate() {
            let f = p(&format!("local_holidays[{j}].name"));
            e.name(&f, &h.name);
            if !dates.insert(h.date) {
                e.push(
                    p(&format!("local_holidays[{j}].date")),
                    ValidationCode::Duplicate,
                    format!("{} is listed twice", h.date),
                );
            }
        }
    }
    if o.establishments.iter().filter(|x| x.main).count() > 1 {
        e.push("establishments", ValidationCode::Duplicate, "only one establishment can be the main one");
    }
    e.0
}

fn looks_like_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !s.contains(' ')
        }
        None => false,
    }
}

/// A named vocabulary entry of any kind, for the checks they share.
pub trait NamedEntry {
    fn name(&self) -> &str;
    fn validate_fields(&self) -> Vec<FieldError> {
        Vec::new()
    }
}

macro_rules! vocabulary_entry {
    ($t:ty) => {
        impl NamedEntry for $t {
            fn name(&self) -> &str {
                &self.name
            }
        }
    };
    ($t:ty, |$s:ident, $e:ident| $body:block) => {
        impl NamedEntry for $t {
            fn name(&self) -> &str {
                &self.name
            }
            fn validate_fields(&self) -> Vec<FieldError> {
                let mut $e = Errors::default();
                let $s = self;
                $body
                $e.0
            }
        }
    };
}

vocabulary_entry!(DataSubjectCategory, |s, e| { e.text("description", &s.description) });
vocabulary_entry!(DataCategory, |s, e| { e.text("description", &s.description) });
vocabulary_entry!(Recipient, |s, e| {
    e.country("country", &s.country, false);
    e.text("description", &s.description)
});
vocabulary_entry!(System, |s, e| {
    e.country("hosting_country", &s.hosting_country, false);
    e.text("description", &s.description);
    e.text("owner", &s.owner)
});
vocabulary_entry!(Measure, |s, e| { e.text("description", &s.description) });
vocabulary_entry!(Party, |s, e| {
    e.country("country", &s.country, false);
    for (f, v) in [("contact", &s.contact), ("representative", &s.representative), ("dpo", &s.dpo)] {
        e.text(f, v);
    }
});

/// Validates one vocabulary entry (name rules plus its own fields).
pub fn validate_vocabulary_entry<V: NamedEntry>(v: &V) -> Vec<FieldError> {
    let mut e = Errors::default();
    e.name("name", v.name());
    e.0.extend(v.validate_fields());
    e.0
}

/// Finds names used twice within one vocabulary (case-insensitively); returns the index of each repeat.
pub fn duplicate_names<V: NamedEntry>(entries: &[V]) -> Vec<usize> {
    let mut seen = HashSet::new();
    entries.iter().enumerate().filter(|(_, v)| !seen.insert(name_key(v.name()))).map(|(i, _)| i).collect()
}

/// Validates a tagged vocabulary entry.
pub fn validate_entry(entry: &VocabularyEntry) -> Vec<FieldError> {
    match entry {
        VocabularyEntry::DataSubjectCategory(v) => validate_vocabulary_entry(v),
        VocabularyEntry::DataCategory(v) => validate_vocabulary_entry(v),
        VocabularyEntry::Recipient(v) => validate_vocabulary_entry(v),
        VocabularyEntry::System(v) => validate_vocabulary_entry(v),
        VocabularyEntry::Measure(v) => validate_vocabulary_entry(v),
        VocabularyEntry::Party(v) => validate_vocabulary_entry(v),
    }
}

/// Rewrites an activity's references to the spelling the vocabularies use ("encryption AT REST" →
/// "Encryption at rest"), so that what is stored and audited is what is read back. Call after
/// [`validate_activity`] has accepted the activity.
pub fn canonicalise_references(a: &mut Activity, r: &Register) {
    canonicalise_references_with(a, &NameIndex::new(r));
}

/// [`canonicalise_references`] with prepared vocabulary names.
pub fn canonicalise_references_with(a: &mut Activity, names: &NameIndex) {
    use VocabularyKind as K;
    let fix = |name: &mut String, kind: VocabularyKind| {
        if let Some(k) = names.canonical(kind, name) {
            if k != name {
                *name = k.to_string();
            }
        }
    };
    a.data_subjects.iter_mut().for_each(|n| fix(n, K::DataSubjectCategory));
    a.data_categories.iter_mut().for_each(|dc| fix(&mut dc.category, K::DataCategory));
    a.recipients.iter_mut().for_each(|n| fix(n, K::Recipient));
    a.transfers.iter_mut().filter_map(|t| t.recipient.as_mut()).for_each(|n| fix(n, K::Recipient));
    a.measures.iter_mut().for_each(|n| fix(n, K::Measure));
    a.systems.iter_mut().for_each(|n| fix(n, K::System));
    a.parties.iter_mut().for_each(|n| fix(n, K::Party));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn register() -> Register {
        Register {
            data_categories: vec![DataCategory { name: "Contact details".into(), ..Default::default() }],
            recipients: vec![Recipient { name: "Payroll provider".into(), ..Default::default() }],
            ..Default::default()
        }
    }

    fn codes(errors: &[FieldError]) -> Vec<(String, ValidationCode)> {
        errors.iter().map(|e| (e.field.clone(), e.code)).collect()
    }

    #[test]
    fn a_minimal_activity_is_valid() {
        assert!(validate_activity(&Activity::new("PA-0001", "Payroll"), &register()).is_empty());
    }

    #[test]
    fn each_bad_field_is_named() {
        type Case = (&'static str, Box<dyn Fn(&mut Activity)>, &'static str, ValidationCode);
        let cases: Vec<Case> = vec![
            ("empty name", Box::new(|a| a.name = " ".into()), "name", ValidationCode::Required),
            ("long name", Box::new(|a| a.name = "x".repeat(201)), "name", ValidationCode::TooLong),
            ("bad id", Box::new(|a| a.id = "PA 1".into()), "id", ValidationCode::InvalidFormat),
            (
                "huge text",
                Box::new(|a| a.description = "x".repeat(10 * 1024 * 1024)),
                "description",
                ValidationCode::TooLong,
            ),
            (
                "unknown category",
                Box::new(|a| {
                    a.data_categories.push(ActivityDataCategory {
                        category: "Shoe size".into(),
                        retention: Retention::default(),
                    })
                }),
                "data_categories[0]",
                ValidationCode::UnknownReference,
            ),
            (
                "same recipient twice, any case",
                Box::new(|a| a.recipients = vec!["Payroll provider".into(), "PAYROLL PROVIDER".into()]),
                "recipients[1]",
                ValidationCode::Duplicate,
            ),
            (
                "bad transfer country",
                Box::new(|a| {
                    a.transfers.push(Transfer {
                        country: "XX".into(),
                        recipient: None,
                        mechanism: None,
                        safeguards: String::new(),
                    })
                }),
                "transfers[0].country",
                ValidationCode::InvalidCountry,
            ),
            (
                "zero retention",
                Box::new(|a| {
                    a.data_categories.push(ActivityDataCategory {
                        category: "contact details".into(),
                        retention: Retention {
                            period: Some(RetentionPeriod {
                                amount: 0,
                                unit: RetentionUnit::Years,
                                trigger: String::new(),
                            }),
                            criteria: String::new(),
                        },
                    })
                }),
                "data_categories[0].retention.period.amount",
                ValidationCode::OutOfRange,
            ),
        ];
        for (what, change, field, code) in cases {
            let mut a = Activity::new("PA-0001", "Payroll");
            change(&mut a);
            let errors = validate_activity(&a, &register());
            assert_eq!(codes(&errors), vec![(field.to_string(), code)], "{what}");
            assert!(errors[0].message.len() < 200, "{what}: message must stay short");
        }
    }

    #[test]
    fn establishments_need_real_codes_and_zones() {
        let mut o = Organisation { name: "Acme".into(), art30_threshold: 250, ..Default::default() };
        o.establishments.push(Establishment {
            name: "Munich".into(),
            country: "DE".into(),
            region: "ES-MD".into(),
            timezone: "Europe/Munich".into(),
            ..Default::default()
        });
        assert_eq!(
            codes(&validate_organisation(&o)),
            vec![
                ("establishments[0].region".into(), ValidationCode::InvalidRegion),
                ("establishments[0].timezone".into(), ValidationCode::InvalidTimeZone),
            ]
        );
    }

    #[test]
    fn vocabulary_names_cannot_hold_the_list_separator() {
        let c = DataCategory { name: "Name; address".into(), ..Default::default() };
        assert_eq!(
            codes(&validate_vocabulary_entry(&c)),
            vec![("name".into(), ValidationCode::InvalidCharacter)]
        );
        let entries = vec![
            Measure { name: "Encryption".into(), ..Default::default() },
            Measure { name: "ENCRYPTION".into(), ..Default::default() },
        ];
        assert_eq!(duplicate_names(&entries), vec![1]);
    }
}
