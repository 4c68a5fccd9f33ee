//! Letters to the requester, in English, Spanish, German and French, from editable templates.
//!
//! A template is plain text with MiniJinja placeholders (`{{ request.id }}`, loops over the linked
//! activities); its first line is `Subject: …`. Placeholders that do not exist are errors, so a typo in
//! an edited template is refused when it is saved, not discovered in a letter. The defaults live in
//! `letters/{lang}/{kind}.txt`. Building the context (dates in the reader's language, the Art. 15(1)
//! information from the record) is pure and happens here; the API supplies the request and the record.

use crate::request::{DataSubjectRequest, EventKind, RequestDue, RequestType};
use crate::{Activity, LawfulBasis, Organisation, RetentionUnit};
use chrono::{Datelike, NaiveDate};
use minijinja::{Environment, UndefinedBehavior};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum LetterKind {
    Acknowledgement,
    IdentityRequest,
    ClarificationRequest,
    ExtensionNotice,
    Completion,
    Refusal,
    /// The Art. 15 answer, with the Art. 15(1)(a)–(h) information of each linked activity.
    AccessAnswer,
}

impl LetterKind {
    pub const ALL: [LetterKind; 7] = [
        LetterKind::Acknowledgement,
        LetterKind::IdentityRequest,
        LetterKind::ClarificationRequest,
        LetterKind::ExtensionNotice,
        LetterKind::Completion,
        LetterKind::Refusal,
        LetterKind::AccessAnswer,
    ];

    pub fn code(self) -> &'static str {
        match self {
            LetterKind::Acknowledgement => "acknowledgement",
            LetterKind::IdentityRequest => "identity-request",
            LetterKind::ClarificationRequest => "clarification-request",
            LetterKind::ExtensionNotice => "extension-notice",
            LetterKind::Completion => "completion",
            LetterKind::Refusal => "refusal",
            LetterKind::AccessAnswer => "access-answer",
        }
    }

    pub fn parse(s: &str) -> Option<LetterKind> {
        LetterKind::ALL.into_iter().find(|k| k.code() == s.trim().to_ascii_lowercase())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "lowercase")]
pub enum LetterLanguage {
    En,
    Es,
    De,
    Fr,
}

impl LetterLanguage {
    pub const ALL: [LetterLanguage; 4] =
        [LetterLanguage::En, LetterLanguage::Es, LetterLanguage::De, LetterLanguage::Fr];

    pub fn code(self) -> &'static str {
        match self {
            LetterLanguage::En => "en",
            LetterLanguage::Es => "es",
            LetterLanguage::De => "de",
            LetterLanguage::Fr => "fr",
        }
    }

    pub fn parse(s: &str) -> Option<LetterLanguage> {
        LetterLanguage::ALL.into_iter().find(|k| k.code() == s.trim().to_ascii_lowercase())
    }

    /// "2 March 2026", "2 de marzo de 2026", "2. März 2026", "2 mars 2026".
    pub fn date(self, d: NaiveDate) -> String {
        const EN: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        const ES: [&str; 12] = [
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ];
        const DE: [&str; 12] = [
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ];
        const FR: [&str; 12] = [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ];
        let (day, m, y) = (d.day(), d.month0() as usize, d.year());
        match self {
            LetterLanguage::En => format!("{day} {} {y}", EN[m]),
            LetterLanguage::Es => format!("{day} de {} de {y}", ES[m]),
            LetterLanguage::De => format!("{day}. {} {y}", DE[m]),
            LetterLanguage::Fr => format!("{}{} {} {y}", day, if day == 1 { "er" } else { "" }, FR[m]),
        }
    }

    fn request_type(self, t: RequestType) -> &'static str {
        use LetterLanguage::*;
        use RequestType::*;
        match (self, t) {
            (En, Access) | (En, Know) => "access",
            (En, Rectification) | (En, Correct) => "rectification",
            (En, Erasure) | (En, Delete) => "erasure",
            (En, Restriction) => "restriction",
            (En, Portability) => "data portability",
            (En, Objection) => "objection",
            (En, AutomatedDecision) => "automated-decision",
            (En, OptOut) => "opt-out",
            (En, Limit) => "limit-use",
            (Es, Access) | (Es, Know) => "acceso",
            (Es, Rectification) | (Es, Correct) => "rectificación",
            (Es, Erasure) | (Es, Delete) => "supresión",
            (Es, Restriction) => "limitación del tratamiento",
            (Es, Portability) => "portabilidad",
            (Es, Objection) => "oposición",
            (Es, AutomatedDecision) => "no ser objeto de decisiones automatizadas",
            (Es, OptOut) => "exclusión de la venta",
            (Es, Limit) => "limitación del uso",
            (De, Access) | (De, Know) => "Auskunft",
            (De, Rectification) | (De, Correct) => "Berichtigung",
            (De, Erasure) | (De, Delete) => "Löschung",
            (De, Restriction) => "Einschränkung der Verarbeitung",
            (De, Portability) => "Datenübertragbarkeit",
            (De, Objection) => "Widerspruch",
            (De, AutomatedDecision) => "automatisierte Entscheidung",
            (De, OptOut) => "Opt-out",
            (De, Limit) => "Nutzungsbeschränkung",
            (Fr, Access) | (Fr, Know) => "accès",
            (Fr, Rectification) | (Fr, Correct) => "rectification",
            (Fr, Erasure) | (Fr, Delete) => "effacement",
            (Fr, Restriction) => "limitation du traitement",
            (Fr, Portability) => "portabilité",
            (Fr, Objection) => "opposition",
            (Fr, AutomatedDecision) => "décision automatisée",
            (Fr, OptOut) => "opposition à la vente",
            (Fr, Limit) => "limitation de l'utilisation",
        }
    }

    fn units(self, unit: RetentionUnit, n: u32) -> &'static str {
        let one = n == 1;
        match (self, unit) {
            (LetterLanguage::En, RetentionUnit::Days) => {
                if one {
                    "day"
                } else {
                    "days"
                }
            }
            (LetterLanguage::En, RetentionUnit::Months) => {
                if one {
                    "month"
                } else {
                    "months"
                }
            }
            (LetterLanguage::En, RetentionUnit::Years) => {
                if one {
                    "year"
                } else {
                    "years"
                }
            }
            (LetterLanguage::Es, RetentionUnit::Days) => {
                if one {
                    "día"
                } else {
                    "días"
                }
            }
            (LetterLanguage::Es, RetentionUnit::Months) => {
                if one {
                    "mes"
                } else {
                    "meses"
                }
            }
            (LetterLanguage::Es, RetentionUnit::Years) => {
                if one {
                    "año"
                } else {
                    "años"
                }
            }
            (LetterLanguage::De, RetentionUnit::Days) => {
                if one {
                    "Tag"
                } else {
                    "Tage"
                }
            }
            (LetterLanguage::De, RetentionUnit::Months) => {
                if one {
                    "Monat"
                } else {
                    "Monate"
                }
            }
            (LetterLanguage::De, RetentionUnit::Years) => {
                if one {
                    "Jahr"
                } else {
                    "Jahre"
                }
            }
            (LetterLanguage::Fr, RetentionUnit::Days) => {
                if one {
                    "jour"
                } else {
                    "jours"
                }
            }
            (LetterLanguage::Fr, RetentionUnit::Months) => "mois",
            (LetterLanguage::Fr, RetentionUnit::Years) => {
                if one {
                    "an"
                } else {
                    "ans"
                }
            }
        }
    }

    fn provision(self, t: RequestType) -> String {
        let p = t.provision();
        match self {
            LetterLanguage::En => p.to_string(),
            LetterLanguage::Es => p.replace("GDPR Art.", "art. RGPD"),
            LetterLanguage::De => {
                p.replace("GDPR Art.", "Art.") + if p.starts_with("GDPR") { " DSGVO" } else { "" }
            }
            LetterLanguage::Fr => {
                p.replace("GDPR Art.", "article") + if p.starts_with("GDPR") { " du RGPD" } else { "" }
            }
        }
    }
}

/// The default template of a letter.
pub fn default_template(kind: LetterKind, lang: LetterLanguage) -> &'static str {
    macro_rules! t {
        ($l:literal) => {
            match kind {
                LetterKind::Acknowledgement => {
                    include_str!(concat!("../letters/", $l, "/acknowledgement.txt"))
                }
                LetterKind::IdentityRequest => {
                    include_str!(concat!("../letters/", $l, "/identity-request.txt"))
                }
                LetterKind::ClarificationRequest => {
                    include_str!(concat!("../letters/", $l, "/clarification-request.txt"))
                }
                LetterKind::ExtensionNotice => {
                    include_str!(concat!("../letters/", $l, "/extension-notice.txt"))
                }
                LetterKind::Completion => include_str!(concat!("../letters/", $l, "/completion.txt")),
                LetterKind::Refusal => include_str!(concat!("../letters/", $l, "/refusal.txt")),
                LetterKind::AccessAnswer => include_str!(concat!("../letters/", $l, "/access-answer.txt")),
            }
        };
    }
    match lang {
        LetterLanguage::En => t!("en"),
        LetterLanguage::Es => t!("es"),
        LetterLanguage::De => t!("de"),
        LetterLanguage::Fr => t!("fr"),
    }
}

/// A rendered letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Letter {
    pub kind: LetterKind,
    pub language: LetterLanguage,
    pub subject: String,
    pub body: String,
    /// Things to check before sending (a late extension notice, no linked activity …).
    pub warnings: Vec<String>,
}

/// A template that cannot be used, or a letter that cannot be written yet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct LetterError(pub String);

/// Renders `template` with `context`; the first line must be `Subject: …`.
pub fn render(template: &str, context: &Value) -> Result<(String, String), LetterError> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    let text = env
        .render_str(template, context)
        .map_err(|e| LetterError(format!("the template cannot be used: {e}")))?;
    let (first, body) = text.split_once('\n').unwrap_or((&text, ""));
    let subject = first
        .strip_prefix("Subject:")
        .ok_or_else(|| LetterError("the template's first line must be \"Subject: …\"".into()))?
        .trim()
        .to_string();
    Ok((subject, body.trim_matches('\n').to_string() + "\n"))
}

fn retention_text(lang: LetterLanguage, r: &crate::Retention) -> String {
    let mut parts = Vec::new();
    if let Some(p) = &r.period {
        let mut s = format!("{} {}", p.amount, lang.units(p.unit, p.amount));
        if !p.trigger.trim().is_empty() {
            s += &format!(" ({})", p.trigger.trim());
        }
        parts.push(s);
    }
    if !r.criteria.trim().is_empty() {
        parts.push(r.criteria.trim().to_string());
    }
    if parts.is_empty() {
        parts.push("–".into());
    }
    parts.join(", ")
}

fn basis(b: LawfulBasis) -> String {
    let letter = match b {
        LawfulBasis::Consent => "a",
        LawfulBasis::Contract => "b",
        LawfulBasis::LegalObligation => "c",
        LawfulBasis::VitalInterests => "d",
        LawfulBasis::PublicTask => "e",
        LawfulBasis::LegitimateInterests => "f",
    };
    format!("Art. 6(1)({letter})")
}

/// Everything a template can use. Reasons come from the extension or refusal event (or are given).
pub fn letter_context(
    kind: LetterKind,
    lang: LetterLanguage,
    r: &DataSubjectRequest,
    due: &RequestDue,
    org: &Organisation,
    activities: &[Activity],
    reason: Option<&str>,
) -> Result<(Value, Vec<String>), LetterError> {
    let mut warnings = Vec::new();
    let last_note = |k: EventKind| r.events.iter().rev().find(|e| e.kind == k).map(|e| e.note.clone());
    let reasons = match kind {
        LetterKind::ExtensionNotice => {
            let Some(notes) = last_note(EventKind::Extended) else {
                return Err(LetterError(
                    "record the extension first (event \"extended\" with its reasons)".into(),
                ));
            };
            if let (Some(on), Some(by)) = (
                r.events.iter().find(|e| e.kind == EventKind::Extended).map(|e| e.date),
                due.deadline.extension_notice_due,
            ) {
                if on > by {
                    warnings.push(format!(
                        "This notice comes after the first period ended ({by}): the extension is too late to take effect."
                    ));
                }
            }
            reason.map(str::to_string).unwrap_or(notes)
        }
        LetterKind::Refusal => match reason.map(str::to_string).or_else(|| last_note(EventKind::Refused)) {
            Some(x) if !x.trim().is_empty() => x,
            _ => return Err(LetterError("give the reason for the refusal (Art. 12(4))".into())),
        },
        _ => reason.unwrap_or_default().to_string(),
    };
    if kind == LetterKind::AccessAnswer {
        if !matches!(r.request_type, RequestType::Access | RequestType::Know) {
            warnings.push(format!("This is a {} request, not an access request.", r.request_type.code()));
        }
        if activities.is_empty() {
            warnings.push("No processing activity is linked to the request: the answer lists none.".into());
        }
    }
    let extended_due = due.deadline.extended_legal_due.map(|d| lang.date(d));
    let acts: Vec<Value> = activities
        .iter()
        .map(|a| {
            json!({
                "id": a.id,
                "name": a.name,
                "purposes": a.purposes,
                "lawful_bases": a.lawful_bases.iter().map(|b| basis(*b)).collect::<Vec<_>>(),
                "data_categories": a.data_categories.iter().map(|c| json!({
                    "name": c.category, "retention": retention_text(lang, &c.retention)
                })).collect::<Vec<_>>(),
                "recipients": a.recipients,
                "transfers": a.transfers.iter().map(|t| json!({
                    "country": t.country,
                    "mechanism": t.mechanism.map(|m| m.article().to_string()).unwrap_or_default(),
                    "safeguards": t.safeguards,
                })).collect::<Vec<_>>(),
                "source": a.data_source,
                "automated_decision": a.automated_decision,
                "automated_logic": a.automated_decision_logic,
            })
        })
        .collect();
    let told: Vec<&str> = r
        .recipients
        .iter()
        .filter(|n| {
            matches!(
                n.status,
                crate::request_work::NoticeStatus::Notified | crate::request_work::NoticeStatus::Acknowledged
            )
        })
        .map(|n| n.recipient.as_str())
        .collect();
    let ctx = json!({
        "org": {
            "name": org.name, "address": org.address, "email": org.email,
            "dpo_name": org.dpo_name, "dpo_email": org.dpo_email,
        },
        "request": {
            "id": r.id,
            "type": lang.request_type(r.request_type),
            "provision": lang.provision(r.request_type),
            "received": lang.date(r.received()),
            "requester_name": r.requester.name,
        },
        "dates": {
            "due": lang.date(due.due),
            "safe_due": lang.date(due.safe_due),
            "extension_notice_due": due.deadline.extension_notice_due.map(|d| lang.date(d)).unwrap_or_default(),
            "extended_due": extended_due.unwrap_or_default(),
        },
        "reasons": reasons,
        "note": reason.unwrap_or_default(),
        "activities": acts,
        "recipients": told,
    });
    Ok((ctx, warnings))
}

/// A context with every field filled, to check an edited template before it is saved.
pub fn sample_context() -> Value {
    json!({
        "org": {"name": "Example Ltd", "address": "1 Example Street", "email": "info@example.org", "dpo_name": "A. DPO", "dpo_email": "dpo@example.org"},
        "request": {"id": "DSR-2026-0001", "type": "access", "provision": "GDPR Art. 15", "received": "2 March 2026", "requester_name": "Alex Example"},
        "dates": {"due": "2 April 2026", "safe_due": "2 April 2026", "extension_notice_due": "2 April 2026", "extended_due": "2 June 2026"},
        "reasons": "the number of records", "note": "which account",
        "activities": [{"id": "PA-0001", "name": "Payroll", "purposes": ["Pay salaries"], "lawful_bases": ["Art. 6(1)(b)"],
            "data_categories": [{"name": "Bank details", "retention": "6 years"}], "recipients": ["Bank"],
            "transfers": [{"country": "US", "mechanism": "Art. 46(2)(c)", "safeguards": "SCC"}], "source": "",
            "automated_decision": false, "automated_logic": ""}],
        "recipients": ["Bank"],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_template_renders_in_every_language() {
        for lang in LetterLanguage::ALL {
            for kind in LetterKind::ALL {
                let (subject, body) = render(default_template(kind, lang), &sample_context())
                    .unwrap_or_else(|e| panic!("{}/{}: {e}", lang.code(), kind.code()));
                assert!(subject.contains("DSR-2026-0001"), "{}/{}", lang.code(), kind.code());
                assert!(
                    body.contains("Example Ltd") && !body.contains("{{") && !body.contains("{%"),
                    "{body}"
                );
            }
        }
    }

    #[test]
    fn a_typo_in_a_template_is_an_error() {
        let e = render("Subject: x\n{{ request.idd }}", &sample_context()).unwrap_err();
        assert!(e.0.contains("cannot be used"), "{e}");
        assert!(render("No subject line\n", &sample_context()).unwrap_err().0.contains("Subject"));
    }

    #[test]
    fn dates_are_written_in_the_readers_language() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let got: Vec<String> = LetterLanguage::ALL.iter().map(|l| l.date(d)).collect();
        assert_eq!(got, ["1 March 2026", "1 de marzo de 2026", "1. März 2026", "1er mars 2026"]);
    }
}
