//! Pure builders: from register, request and audit data to report sections. No IO, no clock: the
//! caller passes "today" and every input.

use crate::i18n::{Labels, Lang};
use crate::model::Paper;
use crate::model::{Block, Chart, Report, ReportKind, ReportMeta, Section, Table};
use chrono::{Datelike, NaiveDate};
use cockpit_domain::{
    Activity, ActivityStatus, DataCategoryKind, LawfulBasis, Register, Retention, RetentionUnit, Role,
};
use serde::{Deserialize, Serialize};

// ---------------------------------------------------------------------------------------------------
// Inputs that do not come from the domain crate

/// One data-subject request as the request report needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestLine {
    pub id: String,
    pub regime: String,
    pub request_type: String,
    pub status: String,
    pub received: NaiveDate,
    pub due: NaiveDate,
    pub open: bool,
    pub clock_stopped: bool,
    pub closed_on: Option<NaiveDate>,
    pub on_time: Option<bool>,
}

/// One retention rule, as the retention module (issue 4) will hand it over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionRuleLine {
    pub name: String,
    pub datastore: String,
    pub table: String,
    pub keep: String,
    pub holds: u32,
}

/// One erasure run of the retention module.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionRunLine {
    pub run_id: String,
    pub rule: String,
    pub date: String,
    pub status: String,
    pub affected: u64,
    pub held: u64,
    pub digest: String,
}

/// What the retention module knows; `None` where the database has no retention module data.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RetentionEvidence {
    pub rules: Vec<RetentionRuleLine>,
    pub runs: Vec<RetentionRunLine>,
}

/// One audit entry, without its before/after states.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLine {
    pub seq: u32,
    pub at: String,
    pub actor: String,
    pub object_type: String,
    pub object_id: String,
    pub action: String,
}

/// The result of verifying the audit trail, and a summary of it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AuditSummary {
    pub ok: bool,
    pub entries: u32,
    pub head_hash: Option<String>,
    pub first_broken_seq: Option<u32>,
    pub problem: Option<String>,
    pub mismatches: Vec<String>,
    /// Entries per object type.
    pub by_type: Vec<(String, u32)>,
    /// The newest entries, newest first.
    pub recent: Vec<AuditLine>,
}

// ---------------------------------------------------------------------------------------------------
// Record of processing activities

fn basis_article(b: LawfulBasis) -> &'static str {
    match b {
        LawfulBasis::Consent => "Art. 6(1)(a)",
        LawfulBasis::Contract => "Art. 6(1)(b)",
        LawfulBasis::LegalObligation => "Art. 6(1)(c)",
        LawfulBasis::VitalInterests => "Art. 6(1)(d)",
        LawfulBasis::PublicTask => "Art. 6(1)(e)",
        LawfulBasis::LegitimateInterests => "Art. 6(1)(f)",
    }
}

fn join(items: &[String], none: &str) -> String {
    let v: Vec<&str> = items.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect();
    if v.is_empty() {
        none.to_string()
    } else {
        v.join("; ")
    }
}

fn or_none(s: &str, l: &Labels) -> String {
    if s.trim().is_empty() {
        l.none.to_string()
    } else {
        s.trim().to_string()
    }
}

/// "6 years after end of employment", "30 days from collection", criteria appended.
pub fn retention_text(r: &Retention, l: &Labels) -> String {
    let mut parts = vec![];
    if let Some(p) = &r.period {
        let unit = match p.unit {
            RetentionUnit::Days => l.days,
            RetentionUnit::Months => l.months,
            RetentionUnit::Years => l.years,
        };
        if p.trigger.trim().is_empty() {
            parts.push(format!("{} {unit} {}", p.amount, l.from_collection));
        } else {
            parts.push(format!("{} {unit} {} {}", p.amount, l.after, p.trigger.trim()));
        }
    }
    if !r.criteria.trim().is_empty() {
        parts.push(r.criteria.trim().to_string());
    }
    if parts.is_empty() {
        l.none.to_string()
    } else {
        parts.join("; ")
    }
}

fn in_record(a: &Activity) -> bool {
    a.status != ActivityStatus::Retired
}

fn activity_cell(a: &Activity) -> String {
    a.name.clone()
}

fn transfers_table(reg: &Register, acts: &[&Activity], l: &Labels, sheet: &str) -> Block {
    let mut t = Table::new(
        sheet,
        &[
            (l.id, 0.9),
            (l.activity, 2.2),
            (l.country, 0.8),
            (l.recipients, 1.6),
            (l.mechanism, 1.5),
            (l.safeguards, 2.2),
        ],
    );
    for a in acts {
        for tr in &a.transfers {
            let recipient = tr.recipient.clone().unwrap_or_default();
            let country = if tr.country.trim().is_empty() {
                recipient_country(reg, &recipient).unwrap_or_default()
            } else {
                tr.country.clone()
            };
            t.rows.push(vec![
                a.id.clone(),
                activity_cell(a),
                or_none(&country, l),
                or_none(&recipient, l),
                tr.mechanism.map(|m| m.article().to_string()).unwrap_or_else(|| l.none.to_string()),
                or_none(&tr.safeguards, l),
            ]);
        }
    }
    if t.rows.is_empty() {
        Block::Paragraph(l.no_transfers.to_string())
    } else {
        Block::Table(t)
    }
}

fn recipient_country(reg: &Register, name: &str) -> Option<String> {
    reg.recipient(name).map(|r| r.country.clone()).filter(|c| !c.is_empty())
}

fn measures_table(reg: &Register, acts: &[&Activity], l: &Labels, sheet: &str) -> Table {
    let mut t = Table::new(sheet, &[(l.id, 0.9), (l.activity, 2.4), (l.measures, 5.0)]);
    for a in acts {
        let measures: Vec<String> = a
            .measures
            .iter()
            .map(|m| match reg.measure(m) {
                Some(v) if !v.description.trim().is_empty() => {
                    format!("{} ({})", v.name, v.description.trim())
                }
                _ => m.clone(),
            })
            .collect();
        t.rows.push(vec![a.id.clone(), activity_cell(a), join(&measures, l.none)]);
    }
    t
}

fn party_line(reg: &Register, name: &str) -> String {
    match reg.parties.iter().find(|p| p.name.eq_ignore_ascii_case(name)) {
        Some(p) => {
            let mut bits = vec![p.name.clone()];
            for extra in [&p.contact, &p.country, &p.representative, &p.dpo] {
                if !extra.trim().is_empty() {
                    bits.push(extra.trim().to_string());
                }
            }
            bits.join(", ")
        }
        None => name.to_string(),
    }
}

/// The controller's identity block, Art. 30(1)(a) and 30(2)(a).
fn organisation_block(reg: &Register, l: &Labels) -> Vec<Block> {
    let Some(o) = &reg.organisation else {
        return vec![Block::Paragraph(l.no_organisation.to_string())];
    };
    let contact = |name: &str, email: &str, phone: &str| {
        let v: Vec<&str> =
            [name, email, phone].into_iter().map(str::trim).filter(|s| !s.is_empty()).collect();
        if v.is_empty() {
            l.none.to_string()
        } else {
            v.join(", ")
        }
    };
    let mut blocks = vec![Block::KeyValues(vec![
        (l.name.to_string(), or_none(&o.name, l)),
        (l.legal_form.to_string(), or_none(&o.legal_form, l)),
        (l.registration.to_string(), or_none(&o.registration_number, l)),
        (l.address.to_string(), or_none(&o.address, l)),
        (l.email.to_string(), or_none(&o.email, l)),
        (l.phone.to_string(), or_none(&o.phone, l)),
        (l.representative.to_string(), or_none(&o.representative, l)),
        (l.dpo.to_string(), contact(&o.dpo_name, &o.dpo_email, &o.dpo_phone)),
    ])];
    if !o.establishments.is_empty() {
        let mut t = Table::new(l.establishments, &[(l.name, 2.0), (l.country, 1.0), (l.address, 3.0)]);
        for e in &o.establishments {
            let country =
                if e.region.is_empty() { e.country.clone() } else { format!("{} ({})", e.country, e.region) };
            t.rows.push(vec![e.name.clone(), country, or_none(&e.address, l)]);
        }
        blocks.push(Block::Heading(l.establishments.to_string()));
        blocks.push(Block::Table(t));
    }
    blocks
}

/// How the record is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecordLayout {
    /// One section per letter of Art. 30(1) and 30(2), each a table with one row per activity (or per
    /// category of data, for the time limits): every activity appears in each table.
    ByLetter,
    /// One row per activity with the letters as columns (landscape pages, smaller type), the
    /// identities of the controller, joint controllers and processor and the security measures
    /// described once: about a seventh of the pages of [`RecordLayout::ByLetter`].
    Compact,
}

/// From this many activities in the record on, it is laid out compactly: a seven-table record of
/// 10,000 activities runs to about 4,000 pages, the compact one to about 500.
pub const COMPACT_RECORD_FROM: usize = 500;

impl RecordLayout {
    /// The layout for a register: compact from [`COMPACT_RECORD_FROM`] activities on.
    pub fn for_register(reg: &Register) -> RecordLayout {
        if reg.activities.iter().filter(|a| in_record(a)).count() >= COMPACT_RECORD_FROM {
            RecordLayout::Compact
        } else {
            RecordLayout::ByLetter
        }
    }
}

/// The record of processing activities, in the layout that suits the register's size
/// ([`RecordLayout::for_register`]).
pub fn ropa_sections(reg: &Register, lang: Lang) -> Vec<Section> {
    ropa_sections_as(reg, lang, RecordLayout::for_register(reg))
}

/// The record of processing activities in the given layout.
pub fn ropa_sections_as(reg: &Register, lang: Lang, layout: RecordLayout) -> Vec<Section> {
    match layout {
        RecordLayout::ByLetter => ropa_by_letter(reg, lang),
        RecordLayout::Compact => ropa_compact(reg, lang),
    }
}

/// "Art. 30(1)(b) Purposes" → ("Art. 30(1)(b)", "Purposes"): a column title with the reference on its
/// own line.
fn column_title(label: &str) -> String {
    match label.match_indices(')').nth(1) {
        Some((i, _)) if label.starts_with("Art.") => {
            format!("{}\n{}", &label[..=i], label[i + 1..].trim())
        }
        _ => label.to_string(),
    }
}

fn transfer_line(reg: &Register, tr: &cockpit_domain::Transfer, l: &Labels) -> String {
    let recipient = tr.recipient.clone().unwrap_or_default();
    let country = if tr.country.trim().is_empty() {
        recipient_country(reg, &recipient).unwrap_or_default()
    } else {
        tr.country.clone()
    };
    let mut bits = vec![];
    if !recipient.trim().is_empty() {
        bits.push(format!("{} ({})", recipient.trim(), or_none(&country, l)));
    } else {
        bits.push(or_none(&country, l));
    }
    bits.push(tr.mechanism.map(|m| m.article().to_string()).unwrap_or_else(|| l.none.to_string()));
    if !tr.safeguards.trim().is_empty() {
        bits.push(tr.safeguards.trim().to_string());
    }
    bits.join(", ")
}

fn lines(items: Vec<String>, none: &str) -> String {
    let v: Vec<String> = items.into_iter().filter(|s| !s.trim().is_empty()).collect();
    if v.is_empty() {
        none.to_string()
    } else {
        v.join("\n")
    }
}

/// The named parties of `acts`, each once with its contact details, in order of first mention.
fn parties_table(reg: &Register, acts: &[&Activity], sheet: &str, title: &str) -> Option<Table> {
    let mut seen = std::collections::HashSet::new();
    let mut t = Table::new(sheet, &[(title, 1.0)]);
    for a in acts {
        for p in &a.parties {
            if seen.insert(p.to_lowercase()) {
                t.rows.push(vec![party_line(reg, p)]);
            }
        }
    }
    (!t.rows.is_empty()).then_some(t)
}

/// The security measures of `acts`, numbered in order of first mention: each activity's numbers
/// ("1, 2, 5") and the list that describes each measure once.
struct MeasureList {
    numbers: Vec<String>,
    list: Block,
}

fn measure_list(reg: &Register, acts: &[&Activity], l: &Labels, sheet: &str) -> MeasureList {
    let mut index: std::collections::HashMap<String, usize> = Default::default();
    let mut t = Table::new(sheet, &[("#", 0.4), (l.name, 1.6), (l.measures, 5.0)]);
    let mut numbers = Vec::with_capacity(acts.len());
    for a in acts {
        let mut mine: Vec<usize> = vec![];
        for m in a.measures.iter().filter(|m| !m.trim().is_empty()) {
            let next = index.len() + 1;
            let n = *index.entry(m.trim().to_lowercase()).or_insert_with(|| {
                let description =
                    reg.measure(m).map(|v| v.description.trim().to_string()).unwrap_or_default();
                t.rows.push(vec![next.to_string(), m.trim().to_string(), or_none(&description, l)]);
                next
            });
            mine.push(n);
        }
        mine.sort_unstable();
        mine.dedup();
        numbers.push(if mine.is_empty() {
            l.none.to_string()
        } else {
            mine.iter().map(usize::to_string).collect::<Vec<_>>().join(", ")
        });
    }
    let list = if t.rows.is_empty() { Block::Paragraph(l.none.to_string()) } else { Block::Table(t) };
    MeasureList { numbers, list }
}

/// The time limits of an activity's categories of data, categories with the same limit together.
fn retention_lines(a: &Activity, l: &Labels) -> String {
    let mut groups: Vec<(String, Vec<&str>)> = vec![];
    for dc in &a.data_categories {
        let text = retention_text(&dc.retention, l);
        match groups.iter_mut().find(|(t, _)| *t == text) {
            Some((_, cats)) => cats.push(&dc.category),
            None => groups.push((text, vec![&dc.category])),
        }
    }
    lines(groups.into_iter().map(|(t, cats)| format!("{}: {t}", cats.join(", "))).collect(), l.none)
}

fn activity_head(a: &Activity, parties_label: &str) -> String {
    let mut s = format!("{}\n{}", a.id, a.name);
    let parties: Vec<&str> = a.parties.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).collect();
    if !parties.is_empty() {
        s.push_str(&format!("\n{parties_label}: {}", parties.join("; ")));
    }
    s
}

/// The compact record: see [`RecordLayout::Compact`].
fn ropa_compact(reg: &Register, lang: Lang) -> Vec<Section> {
    let l = lang.labels();
    let controller: Vec<&Activity> =
        reg.activities.iter().filter(|a| in_record(a) && a.role != Role::Processor).collect();
    let processor: Vec<&Activity> =
        reg.activities.iter().filter(|a| in_record(a) && a.role == Role::Processor).collect();
    let mut out = vec![];

    // (a) the controller and, once each, the joint controllers the activities name.
    let mut a_blocks = organisation_block(reg, l);
    if let Some(t) = parties_table(reg, &controller, "30(1)(a) joint", l.joint_controllers) {
        a_blocks.push(Block::Heading(l.joint_controllers.to_string()));
        a_blocks.push(Block::Table(t));
    }
    out.push(Section::new(format!("{} · {}", l.controller_part, l.s1a), a_blocks));

    if controller.is_empty() {
        out.push(Section::new(l.s1b.to_string(), vec![Block::Paragraph(l.no_activities.to_string())]));
    } else {
        // (b)–(g), one row per activity.
        let mut t = Table::new(
            "30(1)(b)-(g)",
            &[
                (l.activity, 1.9),
                (&column_title(l.s1b), 2.0),
                (&column_title(l.s1c), 1.9),
                (&column_title(l.s1d), 1.4),
                (&column_title(l.s1e), 1.4),
                (&column_title(l.s1f), 2.4),
                (&column_title(l.s1g), 1.0),
            ],
        );
        t.rows.reserve(controller.len());
        let measures = measure_list(reg, &controller, l, "30(1)(g) measures");
        for (a, numbers) in controller.iter().zip(measures.numbers) {
            let bases: Vec<String> = a.lawful_bases.iter().map(|x| basis_article(*x).to_string()).collect();
            let cats: Vec<String> = a
                .data_categories
                .iter()
                .map(|dc| match reg.data_category(&dc.category).map(|c| c.kind) {
                    Some(DataCategoryKind::Special) => format!("{} ({})", dc.category, l.special),
                    Some(DataCategoryKind::Criminal) => format!("{} ({})", dc.category, l.criminal),
                    _ => dc.category.clone(),
                })
                .collect();
            let recipients: Vec<String> = a
                .recipients
                .iter()
                .map(|r| match recipient_country(reg, r) {
                    Some(c) => format!("{r} ({c})"),
                    None => r.clone(),
                })
                .collect();
            t.rows.push(vec![
                activity_head(a, l.joint_controllers),
                format!("{}\n{}: {}", join(&a.purposes, l.none), l.lawful_basis, join(&bases, l.none)),
                format!("{}\n{}", join(&a.data_subjects, l.none), join(&cats, l.none)),
                join(&recipients, l.none),
                lines(a.transfers.iter().map(|tr| transfer_line(reg, tr, l)).collect(), l.none),
                retention_lines(a, l),
                numbers,
            ]);
        }
        t.landscape = true;
        out.push(Section::new(
            l.record_rows_1.to_string(),
            vec![Block::Paragraph(l.record_rows_note.to_string()), Block::Table(t)],
        ));
        // (g) the measures the rows refer to by number, described once.
        out.push(Section::new(l.s1g.to_string(), vec![measures.list]));
    }

    // The processor part: (a) the processor and, once each, the controllers; then (a)–(d) per activity.
    let mut pa = organisation_block(reg, l);
    if processor.is_empty() {
        pa.push(Block::Paragraph(l.no_activities.to_string()));
        out.push(Section::new(format!("{} · {}", l.processor_part, l.s2a), pa));
        return out;
    }
    if let Some(t) = parties_table(reg, &processor, "30(2)(a)", l.controllers) {
        pa.push(Block::Heading(l.controllers.to_string()));
        pa.push(Block::Table(t));
    }
    out.push(Section::new(format!("{} · {}", l.processor_part, l.s2a), pa));
    let mut t = Table::new(
        "30(2)(a)-(d)",
        &[
            (l.activity, 1.9),
            (&format!("Art. 30(2)(a)\n{}", l.controllers), 1.8),
            (&column_title(l.s2b), 2.4),
            (&column_title(l.s2c), 1.8),
            (&column_title(l.s2d), 1.6),
        ],
    );
    let measures = measure_list(reg, &processor, l, "30(2)(d) measures");
    for (a, numbers) in processor.iter().zip(measures.numbers) {
        t.rows.push(vec![
            format!("{}\n{}", a.id, a.name),
            join(&a.parties, l.none),
            join(&a.purposes, l.none),
            lines(a.transfers.iter().map(|tr| transfer_line(reg, tr, l)).collect(), l.none),
            numbers,
        ]);
    }
    t.landscape = true;
    out.push(Section::new(
        l.record_rows_2.to_string(),
        vec![Block::Paragraph(l.record_rows_note.to_string()), Block::Table(t)],
    ));
    out.push(Section::new(l.s2d.to_string(), vec![measures.list]));
    out
}

/// The record of processing activities by letter: the controller part by Art. 30(1)(a)–(g), the
/// processor part by Art. 30(2)(a)–(d). Retired activities are not part of the record.
fn ropa_by_letter(reg: &Register, lang: Lang) -> Vec<Section> {
    let l = lang.labels();
    let controller: Vec<&Activity> =
        reg.activities.iter().filter(|a| in_record(a) && a.role != Role::Processor).collect();
    let processor: Vec<&Activity> =
        reg.activities.iter().filter(|a| in_record(a) && a.role == Role::Processor).collect();
    let mut out = vec![];

    // (a) identity, and the joint controllers per activity.
    let mut a_blocks = organisation_block(reg, l);
    let mut joint =
        Table::new("30(1)(a) joint", &[(l.id, 0.9), (l.activity, 2.4), (l.joint_controllers, 5.0)]);
    for a in controller.iter().filter(|a| a.role == Role::JointController || !a.parties.is_empty()) {
        let parties: Vec<String> = a.parties.iter().map(|p| party_line(reg, p)).collect();
        joint.rows.push(vec![a.id.clone(), activity_cell(a), join(&parties, l.none)]);
    }
    if !joint.rows.is_empty() {
        a_blocks.push(Block::Heading(l.joint_controllers.to_string()));
        a_blocks.push(Block::Table(joint));
    }
    out.push(Section::new(format!("{} · {}", l.controller_part, l.s1a), a_blocks));

    if controller.is_empty() {
        out.push(Section::new(l.s1b.to_string(), vec![Block::Paragraph(l.no_activities.to_string())]));
    } else {
        // (b) purposes, with the lawful basis beside them.
        let mut b = Table::new(
            "30(1)(b)",
            &[(l.id, 0.9), (l.activity, 2.2), (l.purposes, 3.6), (l.lawful_basis, 1.5)],
        );
        for a in &controller {
            let bases: Vec<String> = a.lawful_bases.iter().map(|x| basis_article(*x).to_string()).collect();
            b.rows.push(vec![
                a.id.clone(),
                activity_cell(a),
                join(&a.purposes, l.none),
                join(&bases, l.none),
            ]);
        }
        out.push(Section::new(l.s1b.to_string(), vec![Block::Table(b)]));

        // (c) data subjects and categories of personal data.
        let mut c = Table::new(
            "30(1)(c)",
            &[(l.id, 0.9), (l.activity, 2.2), (l.data_subjects, 2.2), (l.data_categories, 2.9)],
        );
        for a in &controller {
            let cats: Vec<String> = a
                .data_categories
                .iter()
                .map(|dc| match reg.data_category(&dc.category).map(|c| c.kind) {
                    Some(DataCategoryKind::Special) => format!("{} ({})", dc.category, l.special),
                    Some(DataCategoryKind::Criminal) => format!("{} ({})", dc.category, l.criminal),
                    _ => dc.category.clone(),
                })
                .collect();
            c.rows.push(vec![
                a.id.clone(),
                activity_cell(a),
                join(&a.data_subjects, l.none),
                join(&cats, l.none),
            ]);
        }
        out.push(Section::new(l.s1c.to_string(), vec![Block::Table(c)]));

        // (d) recipients, with their country where it is outside the organisation.
        let mut d = Table::new("30(1)(d)", &[(l.id, 0.9), (l.activity, 2.4), (l.recipients, 5.0)]);
        for a in &controller {
            let rs: Vec<String> = a
                .recipients
                .iter()
                .map(|r| match recipient_country(reg, r) {
                    Some(c) => format!("{r} ({c})"),
                    None => r.clone(),
                })
                .collect();
            d.rows.push(vec![a.id.clone(), activity_cell(a), join(&rs, l.none)]);
        }
        out.push(Section::new(l.s1d.to_string(), vec![Block::Table(d)]));

        // (e) transfers.
        out.push(Section::new(l.s1e.to_string(), vec![transfers_table(reg, &controller, l, "30(1)(e)")]));

        // (f) time limits for erasure, per category of data.
        let mut f = Table::new(
            "30(1)(f)",
            &[(l.id, 0.9), (l.activity, 2.2), (l.data_categories, 2.0), (l.retention, 3.0)],
        );
        for a in &controller {
            if a.data_categories.is_empty() {
                f.rows.push(vec![a.id.clone(), activity_cell(a), l.none.to_string(), l.none.to_string()]);
            }
            for dc in &a.data_categories {
                f.rows.push(vec![
                    a.id.clone(),
                    activity_cell(a),
                    dc.category.clone(),
                    retention_text(&dc.retention, l),
                ]);
            }
        }
        out.push(Section::new(l.s1f.to_string(), vec![Block::Table(f)]));

        // (g) security measures.
        out.push(Section::new(
            l.s1g.to_string(),
            vec![Block::Table(measures_table(reg, &controller, l, "30(1)(g)"))],
        ));
    }

    // The processor part.
    let mut pa = organisation_block(reg, l);
    if processor.is_empty() {
        pa.push(Block::Paragraph(l.no_activities.to_string()));
        out.push(Section::new(format!("{} · {}", l.processor_part, l.s2a), pa));
        return out;
    }
    let mut ctl = Table::new("30(2)(a)", &[(l.id, 0.9), (l.activity, 2.4), (l.controllers, 5.0)]);
    for a in &processor {
        let parties: Vec<String> = a.parties.iter().map(|p| party_line(reg, p)).collect();
        ctl.rows.push(vec![a.id.clone(), activity_cell(a), join(&parties, l.none)]);
    }
    pa.push(Block::Heading(l.controllers.to_string()));
    pa.push(Block::Table(ctl));
    out.push(Section::new(format!("{} · {}", l.processor_part, l.s2a), pa));
    let mut b =
        Table::new("30(2)(b)", &[(l.id, 0.9), (l.activity, 2.2), (l.controllers, 2.2), (l.processing, 3.0)]);
    for a in &processor {
        b.rows.push(vec![
            a.id.clone(),
            activity_cell(a),
            join(&a.parties, l.none),
            join(&a.purposes, l.none),
        ]);
    }
    out.push(Section::new(l.s2b.to_string(), vec![Block::Table(b)]));
    out.push(Section::new(l.s2c.to_string(), vec![transfers_table(reg, &processor, l, "30(2)(c)")]));
    out.push(Section::new(
        l.s2d.to_string(),
        vec![Block::Table(measures_table(reg, &processor, l, "30(2)(d)"))],
    ));
    out
}

// ---------------------------------------------------------------------------------------------------
// Requests

/// The figures of the request report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestKpis {
    pub window_start: NaiveDate,
    pub received: u32,
    pub closed: u32,
    pub completed: u32,
    /// Closed on time, as a percentage of the closed ones with a known on-time flag.
    pub on_time_pct: Option<f64>,
    pub median_days: Option<f64>,
    pub open: u32,
    pub overdue: u32,
    /// Received in the window, by type, most frequent first.
    pub by_type: Vec<(String, u32)>,
    /// (YYYY-MM, received, closed) for each of the twelve calendar months up to today's, oldest first.
    pub by_month: Vec<(String, u32, u32)>,
}

/// The median of a list (the mean of the two middle values for an even count).
pub fn median(values: &mut [i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    Some(if n % 2 == 1 { values[n / 2] as f64 } else { (values[n / 2 - 1] + values[n / 2]) as f64 / 2.0 })
}

/// The figures of the twelve calendar months that end with `today`'s month (so that the monthly counts
/// add up to the totals), plus what is open and overdue today.
pub fn request_kpis(lines: &[RequestLine], today: NaiveDate) -> RequestKpis {
    let this_month = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap_or(today);
    let start = this_month.checked_sub_months(chrono::Months::new(11)).unwrap_or(this_month);
    let months: Vec<(String, u32, u32)> = (0..12)
        .filter_map(|i| start.checked_add_months(chrono::Months::new(i)))
        .map(|m| (m.format("%Y-%m").to_string(), 0, 0))
        .collect();
    let ordinal = |d: NaiveDate| d.year() * 12 + d.month() as i32;
    let month_index =
        |d: NaiveDate| usize::try_from(ordinal(d) - ordinal(start)).ok().filter(|i| *i < months.len());
    let mut k = RequestKpis {
        window_start: start,
        received: 0,
        closed: 0,
        completed: 0,
        on_time_pct: None,
        median_days: None,
        open: 0,
        overdue: 0,
        by_type: vec![],
        by_month: vec![],
    };
    let mut types: std::collections::BTreeMap<String, u32> = Default::default();
    let mut days = vec![];
    let (mut flagged, mut on_time) = (0u32, 0u32);
    let mut received_months = vec![0u32; months.len()];
    let mut closed_months = vec![0u32; months.len()];
    for r in lines {
        if r.open {
            k.open += 1;
            if !r.clock_stopped && r.due < today {
                k.overdue += 1;
            }
        }
        if r.received >= start && r.received <= today {
            k.received += 1;
            *types.entry(r.request_type.clone()).or_default() += 1;
            if let Some(i) = month_index(r.received) {
                received_months[i] += 1;
            }
        }
        if let Some(c) = r.closed_on.filter(|c| *c >= start && *c <= today) {
            k.closed += 1;
            if r.status == "completed" {
                k.completed += 1;
            }
            days.push((c - r.received).num_days());
            if let Some(ok) = r.on_time {
                flagged += 1;
                on_time += u32::from(ok);
            }
            if let Some(i) = month_index(c) {
                closed_months[i] += 1;
            }
        }
    }
    k.on_time_pct = (flagged > 0).then(|| f64::from(on_time) * 100.0 / f64::from(flagged));
    k.median_days = median(&mut days);
    let mut by_type: Vec<(String, u32)> = types.into_iter().collect();
    by_type.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    k.by_type = by_type;
    k.by_month = months
        .into_iter()
        .enumerate()
        .map(|(i, (m, _, _))| (m, received_months[i], closed_months[i]))
        .collect();
    k
}

fn pct(v: Option<f64>, l: &Labels) -> String {
    v.map(|p| format!("{p:.1} %")).unwrap_or_else(|| l.none.to_string())
}

fn num(v: Option<f64>, l: &Labels) -> String {
    v.map(|p| if p.fract() == 0.0 { format!("{p:.0}") } else { format!("{p:.1}") })
        .unwrap_or_else(|| l.none.to_string())
}

fn date(d: Option<NaiveDate>, l: &Labels) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| l.none.to_string())
}

pub fn request_sections(lines: &[RequestLine], today: NaiveDate, lang: Lang) -> Vec<Section> {
    let l = lang.labels();
    let k = request_kpis(lines, today);
    let mut figures = vec![
        Block::KeyValues(vec![
            (l.received.to_string(), k.received.to_string()),
            (l.closed.to_string(), k.closed.to_string()),
            (l.completed.to_string(), k.completed.to_string()),
            (l.on_time.to_string(), pct(k.on_time_pct, l)),
            (l.median_days.to_string(), num(k.median_days, l)),
            (l.open.to_string(), k.open.to_string()),
            (l.overdue.to_string(), k.overdue.to_string()),
        ]),
        Block::BarChart(Chart {
            title: l.by_type.to_string(),
            points: k.by_type.iter().map(|(t, n)| (t.clone(), f64::from(*n))).collect(),
        }),
        Block::LineChart(Chart {
            title: l.by_month.to_string(),
            points: k.by_month.iter().map(|(m, n, _)| (m.clone(), f64::from(*n))).collect(),
        }),
    ];
    let mut months = Table::new("by month", &[(l.month, 1.0), (l.received, 1.0), (l.closed, 1.0)]);
    months.rows = k.by_month.iter().map(|(m, r, c)| vec![m.clone(), r.to_string(), c.to_string()]).collect();
    figures.push(Block::Heading(l.by_month.to_string()));
    figures.push(Block::Table(months));
    let mut types = Table::new("by type", &[(l.request_type, 2.0), (l.count, 1.0)]);
    types.rows = k.by_type.iter().map(|(t, n)| vec![t.clone(), n.to_string()]).collect();
    figures.push(Block::Heading(l.by_type.to_string()));
    figures.push(Block::Table(types));

    let list = if lines.is_empty() {
        Block::Paragraph(l.no_requests.to_string())
    } else {
        let mut t = Table::new(
            "requests",
            &[
                (l.id, 1.5),
                (l.regime, 0.9),
                (l.request_type, 1.3),
                (l.received, 1.1),
                (l.due, 1.1),
                (l.status, 1.4),
                (l.closed_on, 1.1),
                (l.on_time, 0.8),
            ],
        );
        for r in lines {
            t.rows.push(vec![
                r.id.clone(),
                r.regime.clone(),
                r.request_type.clone(),
                r.received.to_string(),
                r.due.to_string(),
                r.status.clone(),
                date(r.closed_on, l),
                match r.on_time {
                    Some(true) => l.yes.to_string(),
                    Some(false) => l.no.to_string(),
                    None => l.none.to_string(),
                },
            ]);
        }
        Block::Table(t)
    };
    vec![Section::new(l.kpis.to_string(), figures), Section::new(l.request_list.to_string(), vec![list])]
}

// ---------------------------------------------------------------------------------------------------
// Retention and audit

pub fn retention_sections(evidence: Option<&RetentionEvidence>, lang: Lang) -> Vec<Section> {
    let l = lang.labels();
    let Some(e) = evidence.filter(|e| !e.rules.is_empty() || !e.runs.is_empty()) else {
        return vec![Section::new(
            l.title_retention.to_string(),
            vec![Block::Paragraph(l.no_retention_data.to_string())],
        )];
    };
    let mut rules =
        Table::new("retention rules", &[(l.rule, 1.5), (l.datastore, 1.5), (l.keep, 1.0), (l.held, 0.8)]);
    rules.rows = e
        .rules
        .iter()
        .map(|r| {
            vec![
                r.name.clone(),
                format!("{} / {}", r.datastore, r.table),
                r.keep.clone(),
                r.holds.to_string(),
            ]
        })
        .collect();
    let mut runs = Table::new(
        "erasure runs",
        &[
            (l.run, 1.0),
            (l.rule, 1.2),
            (l.date, 1.3),
            (l.status, 1.0),
            (l.affected, 0.8),
            (l.held, 0.8),
            (l.digest, 2.5),
        ],
    );
    runs.rows = e
        .runs
        .iter()
        .map(|r| {
            vec![
                r.run_id.clone(),
                r.rule.clone(),
                r.date.clone(),
                r.status.clone(),
                r.affected.to_string(),
                r.held.to_string(),
                r.digest.clone(),
            ]
        })
        .collect();
    vec![Section::new(
        l.title_retention.to_string(),
        vec![
            Block::Heading(l.retention_rules.to_string()),
            Block::Table(rules),
            Block::Heading(l.retention_runs.to_string()),
            Block::Table(runs),
        ],
    )]
}

pub fn audit_sections(a: &AuditSummary, lang: Lang) -> Vec<Section> {
    let l = lang.labels();
    let mut kv = vec![
        (l.audit_entries.to_string(), a.entries.to_string()),
        (l.head_hash.to_string(), a.head_hash.clone().unwrap_or_else(|| l.none.to_string())),
        (l.chain.to_string(), if a.ok { l.chain_ok } else { l.chain_broken }.to_string()),
    ];
    if let Some(s) = a.first_broken_seq {
        kv.push((l.first_broken.to_string(), s.to_string()));
    }
    if let Some(p) = &a.problem {
        kv.push((l.problem.to_string(), p.clone()));
    }
    let mut blocks = vec![
        Block::Paragraph(if a.ok { l.verified_ok } else { l.verified_broken }.to_string()),
        Block::KeyValues(kv),
    ];
    if !a.mismatches.is_empty() {
        blocks.push(Block::Heading(l.mismatches.to_string()));
        let mut t = Table::new("mismatches", &[(l.problem, 1.0)]);
        t.rows = a.mismatches.iter().map(|m| vec![m.clone()]).collect();
        blocks.push(Block::Table(t));
    }
    if !a.by_type.is_empty() {
        blocks.push(Block::BarChart(Chart {
            title: l.changes_by_type.to_string(),
            points: a.by_type.iter().map(|(t, n)| (t.clone(), f64::from(*n))).collect(),
        }));
    }
    let mut sections = vec![Section::new(l.verification.to_string(), blocks)];
    if !a.recent.is_empty() {
        let mut t =
            Table::new("audit", &[("#", 0.6), (l.at, 2.0), (l.actor, 1.0), (l.object, 2.2), (l.action, 0.9)]);
        t.rows = a
            .recent
            .iter()
            .map(|e| {
                vec![
                    e.seq.to_string(),
                    e.at.clone(),
                    e.actor.clone(),
                    format!("{} {}", e.object_type, e.object_id),
                    e.action.clone(),
                ]
            })
            .collect();
        sections.push(Section::new(l.recent_changes.to_string(), vec![Block::Table(t)]));
    }
    sections
}

/// Everything a report can be built from.
#[derive(Debug, Clone)]
pub struct ReportInputs<'a> {
    pub register: &'a Register,
    pub requests: &'a [RequestLine],
    pub retention: Option<&'a RetentionEvidence>,
    pub audit: &'a AuditSummary,
    pub today: NaiveDate,
}

/// The cover letter of the inspection pack.
pub fn cover_letter(meta: &ReportMeta, lang: Lang) -> Section {
    let l = lang.labels();
    let parts = [l.title_ropa, l.title_requests, l.title_retention, l.title_audit];
    let mut blocks = vec![
        Block::Paragraph(format!("{} — {}", l.letter_to, meta.as_of.format("%Y-%m-%d"))),
        Block::Paragraph(l.letter_body.to_string()),
        Block::Paragraph(l.letter_contents.to_string()),
    ];
    blocks.push(Block::KeyValues(
        parts.iter().enumerate().map(|(i, p)| (format!("{}.", i + 1), p.to_string())).collect(),
    ));
    let mut sign =
        vec![(l.organisation.to_string(), meta.organisation.clone()), (l.dpo.to_string(), meta.dpo.clone())];
    if let Some(h) = &meta.integrity.head_hash {
        sign.push((l.head_hash.to_string(), h.clone()));
    }
    blocks.push(Block::KeyValues(sign));
    Section::new(l.cover_letter.to_string(), blocks)
}

/// Builds a whole report. The inspection pack is the cover letter followed by every report, each part's
/// sections prefixed with its title.
pub fn build_report(meta: ReportMeta, paper: Paper, inputs: &ReportInputs<'_>) -> Report {
    let lang = meta.lang;
    let sections = match meta.kind {
        ReportKind::Ropa => ropa_sections(inputs.register, lang),
        ReportKind::Requests => request_sections(inputs.requests, inputs.today, lang),
        ReportKind::Retention => retention_sections(inputs.retention, lang),
        ReportKind::Audit => audit_sections(inputs.audit, lang),
        ReportKind::InspectionPack => {
            let mut all = vec![cover_letter(&meta, lang)];
            let parts = [
                (ReportKind::Ropa, ropa_sections(inputs.register, lang)),
                (ReportKind::Requests, request_sections(inputs.requests, inputs.today, lang)),
                (ReportKind::Retention, retention_sections(inputs.retention, lang)),
                (ReportKind::Audit, audit_sections(inputs.audit, lang)),
            ];
            for (i, (kind, secs)) in parts.into_iter().enumerate() {
                for s in secs {
                    let title = if s.title == kind.title(lang) {
                        format!("{}. {}", i + 1, s.title)
                    } else {
                        format!("{}. {} — {}", i + 1, kind.title(lang), s.title)
                    };
                    all.push(Section { title, blocks: s.blocks });
                }
            }
            all
        }
    };
    Report { meta, paper, sections }
}
