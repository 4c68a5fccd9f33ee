use std::collections::{BTreeSet, HashSet};

use chrono::NaiveDate;
use cockpit_domain::completeness::{check_activity, FindingCode};
use cockpit_domain::validate::{
    duplicate_names, validate_activity, validate_organisation, validate_vocabulary_entry,
};
use cockpit_domain::{ActivityStatus, DataCategoryKind, Register, Role};

use crate::{demo_register, departments, DemoLanguage, INCOMPLETE};

const LANGS: [DemoLanguage; 2] = [DemoLanguage::En, DemoLanguage::Es];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 15).unwrap()
}

fn register(lang: DemoLanguage) -> Register {
    demo_register(lang, today())
}

/// A macro rather than a generic function, so the test does not depend on the name of the domain's
/// vocabulary-entry trait.
macro_rules! check_vocabulary {
    ($what:expr, $lang:expr, $entries:expr) => {{
        let entries = $entries;
        assert!(!entries.is_empty(), "{:?}: {} is empty", $lang, $what);
        for v in entries.iter() {
            let errors = validate_vocabulary_entry(v);
            assert!(errors.is_empty(), "{:?}: {} {v:?}: {errors:?}", $lang, $what);
        }
        let dups = duplicate_names(entries);
        assert!(dups.is_empty(), "{:?}: duplicate {}: {:?}", $lang, $what, dups);
    }};
}

#[test]
fn language_codes_parse() {
    assert_eq!(DemoLanguage::parse("en"), Some(DemoLanguage::En));
    assert_eq!(DemoLanguage::parse("es"), Some(DemoLanguage::Es));
    assert_eq!(DemoLanguage::parse(" ES "), Some(DemoLanguage::Es));
    assert_eq!(DemoLanguage::parse("de"), None);
    assert_eq!(DemoLanguage::parse(""), None);
    for lang in LANGS {
        assert_eq!(DemoLanguage::parse(lang.code()), Some(lang));
    }
}

#[test]
fn everything_passes_validation() {
    for lang in LANGS {
        let r = register(lang);
        let org = r.organisation.as_ref().expect("organisation");
        assert_eq!(validate_organisation(org), vec![], "{lang:?}: organisation");
        assert_eq!(org.establishments.len(), 3);
        assert_eq!(org.establishments.iter().filter(|e| e.main).count(), 1);
        assert!(org.representative.is_empty(), "an EU controller has no Art. 27 representative");
        assert!(org.employees.unwrap() > org.art30_threshold);
        for email in [&org.email, &org.dpo_email] {
            assert!(email.ends_with("example.com") || email.ends_with("example.org"), "{email}");
        }
        check_vocabulary!("data-subject categories", lang, &r.data_subject_categories);
        check_vocabulary!("data categories", lang, &r.data_categories);
        check_vocabulary!("recipients", lang, &r.recipients);
        check_vocabulary!("systems", lang, &r.systems);
        check_vocabulary!("measures", lang, &r.measures);
        check_vocabulary!("parties", lang, &r.parties);
        for a in &r.activities {
            let errors = validate_activity(a, &r);
            assert!(errors.is_empty(), "{lang:?} {} {}: {errors:?}", a.id, a.name);
            for t in &a.transfers {
                let rec = t.recipient.as_deref().expect("every demo transfer names its recipient");
                assert_eq!(r.recipient(rec).unwrap().country, t.country, "{lang:?} {}", a.id);
            }
        }
        let names: Vec<_> = r.activities.iter().map(|a| a.name.to_lowercase()).collect();
        assert_eq!(
            names.iter().collect::<HashSet<_>>().len(),
            names.len(),
            "{lang:?}: activity names repeat"
        );
    }
}

#[test]
fn the_register_has_the_promised_shape() {
    for lang in LANGS {
        let r = register(lang);
        assert!(r.activities.len() >= 45, "{lang:?}: only {} activities", r.activities.len());
        for (i, a) in r.activities.iter().enumerate() {
            assert_eq!(a.id, format!("PA-{:04}", i + 1));
            assert!(!a.owner.is_empty() && !a.department.is_empty(), "{}", a.id);
        }
        let used: BTreeSet<&str> = r.activities.iter().map(|a| a.department.as_str()).collect();
        for d in departments(lang) {
            assert!(used.contains(d.as_str()), "{lang:?}: no activity in department {d}");
        }
        assert_eq!(used.len(), departments(lang).len(), "{lang:?}: unexpected departments {used:?}");
        let role = |role| r.activities.iter().filter(|a| a.role == role).count();
        assert!(role(Role::Processor) >= 2);
        assert!(role(Role::JointController) >= 1);
        let status = |s| r.activities.iter().filter(|a| a.status == s).count();
        assert_eq!(status(ActivityStatus::Retired), 2);
        assert!(status(ActivityStatus::Draft) >= 1);
        assert!(status(ActivityStatus::Active) > r.activities.len() * 3 / 4);
        let countries: BTreeSet<&str> =
            r.activities.iter().flat_map(|a| a.transfers.iter().map(|t| t.country.as_str())).collect();
        assert!(countries.contains("US") && countries.contains("IN"), "{countries:?}");
        assert!(r
            .activities
            .iter()
            .any(|a| a.automated_decision && a.dpia_required && !a.dpia_reference.is_empty()));
        assert!(r.activities.iter().any(|a| a.criminal_data));
        assert!(r.activities.iter().any(|a| a.lia_reference.starts_with("LIA-")));
        for kind in [DataCategoryKind::Special, DataCategoryKind::Criminal] {
            assert!(r.data_categories.iter().any(|c| c.kind == kind), "{kind:?}");
        }
        assert!(r.parties.len() >= 3);
        // Every vocabulary entry is used by some activity.
        let used = |f: &dyn Fn(&cockpit_domain::Activity) -> Vec<String>| -> HashSet<String> {
            r.activities.iter().flat_map(f).collect()
        };
        let subjects = used(&|a| a.data_subjects.clone());
        let categories = used(&|a| a.data_categories.iter().map(|c| c.category.clone()).collect());
        let recipients = used(&|a| a.recipients.clone());
        let systems = used(&|a| a.systems.clone());
        let measures = used(&|a| a.measures.clone());
        let parties = used(&|a| a.parties.clone());
        for (what, names, used) in [
            ("subject", r.data_subject_categories.iter().map(|v| &v.name).collect::<Vec<_>>(), &subjects),
            ("category", r.data_categories.iter().map(|v| &v.name).collect(), &categories),
            ("recipient", r.recipients.iter().map(|v| &v.name).collect(), &recipients),
            ("system", r.systems.iter().map(|v| &v.name).collect(), &systems),
            ("measure", r.measures.iter().map(|v| &v.name).collect(), &measures),
            ("party", r.parties.iter().map(|v| &v.name).collect(), &parties),
        ] {
            for n in names {
                assert!(used.contains(n), "{lang:?}: {what} '{n}' is not used by any activity");
            }
        }
    }
}

#[test]
fn only_the_deliberately_incomplete_activities_score_below_90() {
    for lang in LANGS {
        let r = register(lang);
        for a in &r.activities {
            let c = check_activity(a, &r, today());
            let codes: Vec<_> = c.findings.iter().map(|f| f.code).collect();
            match INCOMPLETE.iter().find(|(id, _)| *id == a.id) {
                Some((_, code)) => {
                    assert!(c.score < 90, "{lang:?} {} should be incomplete, scores {}", a.id, c.score);
                    assert_eq!(codes, vec![*code], "{lang:?} {}: {:?}", a.id, c.findings);
                }
                None => {
                    assert!(
                        c.score >= 90,
                        "{lang:?} {} {} scores {}: {:?}",
                        a.id,
                        a.name,
                        c.score,
                        c.findings
                    );
                    assert_eq!(c.score, 100, "{lang:?} {} {}: {:?}", a.id, a.name, c.findings);
                }
            }
        }
        assert_eq!(INCOMPLETE.len(), 5);
        let codes: HashSet<_> = INCOMPLETE.iter().map(|(_, c)| *c).collect();
        assert_eq!(codes.len(), 5, "each incomplete activity shows a different weakness");
    }
}

#[test]
fn english_and_spanish_are_the_same_register() {
    let en = register(DemoLanguage::En);
    let es = register(DemoLanguage::Es);
    assert_eq!(en.activities.len(), es.activities.len());
    assert_eq!(en.data_subject_categories.len(), es.data_subject_categories.len());
    assert_eq!(en.data_categories.len(), es.data_categories.len());
    assert_eq!(en.recipients.len(), es.recipients.len());
    assert_eq!(en.systems.len(), es.systems.len());
    assert_eq!(en.measures.len(), es.measures.len());
    assert_eq!(en.parties.len(), es.parties.len());
    for (a, b) in en.activities.iter().zip(&es.activities) {
        assert_eq!(a.id, b.id);
        assert_eq!(a.role, b.role, "{}", a.id);
        assert_eq!(a.status, b.status, "{}", a.id);
        assert_eq!(a.lawful_bases, b.lawful_bases, "{}", a.id);
        assert_eq!(a.lia_reference, b.lia_reference, "{}", a.id);
        assert_eq!(a.special_category_condition, b.special_category_condition, "{}", a.id);
        assert_eq!(a.criminal_data, b.criminal_data, "{}", a.id);
        assert_eq!(a.automated_decision, b.automated_decision, "{}", a.id);
        assert_eq!((&a.dpia_required, &a.dpia_reference), (&b.dpia_required, &b.dpia_reference), "{}", a.id);
        assert_eq!(a.next_review, b.next_review, "{}", a.id);
        assert_eq!(a.parties, b.parties, "{}", a.id);
        let shape = |x: &cockpit_domain::Activity| {
            (
                x.purposes.len(),
                x.data_subjects.len(),
                x.data_categories
                    .iter()
                    .map(|c| c.retention.period.as_ref().map(|p| (p.amount, p.unit)))
                    .collect::<Vec<_>>(),
                x.recipients.len(),
                x.measures.len(),
                x.systems.len(),
                x.transfers.iter().map(|t| (t.country.clone(), t.mechanism)).collect::<Vec<_>>(),
            )
        };
        assert_eq!(shape(a), shape(b), "{}", a.id);
        assert_ne!(a.name, b.name, "{}: the name is not translated", a.id);
        assert_ne!(a.description, b.description, "{}", a.id);
        if a.department != "Marketing" {
            assert_ne!(a.department, b.department, "{}: the department is not translated", a.id);
        }
        for (p, q) in a.purposes.iter().zip(&b.purposes) {
            assert_ne!(p, q, "{}: a purpose is not translated", a.id);
        }
    }
    for (a, b) in en.data_categories.iter().zip(&es.data_categories) {
        assert_eq!(a.kind, b.kind);
        assert_ne!(a.name, b.name);
    }
    for (a, b) in en.recipients.iter().zip(&es.recipients) {
        assert_eq!((a.kind, a.processor, &a.country), (b.kind, b.processor, &b.country), "{}", a.name);
        assert_ne!(a.name, b.name);
    }
    for (a, b) in en.measures.iter().zip(&es.measures) {
        assert_eq!(a.kind, b.kind);
        assert_ne!(a.name, b.name);
    }
    for (a, b) in en.systems.iter().zip(&es.systems) {
        assert_eq!(a.hosting_country, b.hosting_country);
    }
    for (a, b) in en.parties.iter().zip(&es.parties) {
        assert_eq!((&a.name, &a.country), (&b.name, &b.country));
    }
    let (oe, os) = (en.organisation.unwrap(), es.organisation.unwrap());
    assert_eq!(oe.name, os.name);
    let codes = |o: &cockpit_domain::Organisation| {
        o.establishments
            .iter()
            .map(|e| (e.country.clone(), e.region.clone(), e.timezone.clone(), e.main))
            .collect::<Vec<_>>()
    };
    assert_eq!(codes(&oe), codes(&os));
    // Spanish text is written with its accents and eñes.
    let spanish: String = es.activities.iter().map(|a| format!("{} {}", a.name, a.description)).collect();
    for c in ['á', 'é', 'í', 'ó', 'ú', 'ñ'] {
        assert!(spanish.contains(c), "no '{c}' in the Spanish text");
    }
}

#[test]
fn review_dates_move_with_today() {
    let later = today() + chrono::TimeDelta::days(400);
    for lang in LANGS {
        let a = demo_register(lang, today());
        let b = demo_register(lang, later);
        let mut ahead = 0;
        for (x, y) in a.activities.iter().zip(&b.activities) {
            let (dx, dy) = (x.next_review.unwrap(), y.next_review.unwrap());
            assert_eq!(dy - dx, chrono::TimeDelta::days(400), "{}", x.id);
            let days = (dx - today()).num_days();
            if (60..=335).contains(&days) {
                ahead += 1;
            }
        }
        assert!(ahead * 10 >= a.activities.len() * 8, "most reviews are 2 to 11 months ahead");
        // The overdue activity is overdue whatever the date.
        let (id, code) = INCOMPLETE.iter().find(|(_, c)| *c == FindingCode::ReviewOverdue).unwrap();
        let act = b.activities.iter().find(|x| x.id == *id).unwrap();
        assert!(check_activity(act, &b, later).findings.iter().any(|f| f.code == *code));
        // Apart from the review dates, the register does not depend on the date.
        let mut b = b;
        for (x, y) in a.activities.iter().zip(b.activities.iter_mut()) {
            y.next_review = x.next_review;
        }
        assert_eq!(a, b);
    }
}
