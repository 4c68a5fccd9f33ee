//! Import and export of the register in JSON, CSV and XLSX. The layout is documented in
//! `docs/import-export.md`; this module is its one implementation.
//!
//! - JSON is the [`Register`] itself.
//! - XLSX has one sheet per table ([`TABLES`]), a header row, then one row per object.
//! - CSV is the same tables in one file: the first column, `record`, names the table of each row, and
//!   the header is the union of all tables' columns (a row leaves the others empty).
//!
//! Lists inside a cell are separated by "; " (names cannot contain ';'). Booleans are `yes`/`no`.
//! Exported text cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a
//! tab or a carriage return) are written with a leading `'`; import removes that quote again, so
//! export → import → export is the identity.
//!
//! An import is all or nothing: the whole file is parsed and validated first, every problem is
//! reported with its table, row and column, and the database is written in one transaction only when
//! there is none.

use calamine::{Data, Reader};
use chrono::NaiveDate;
use cockpit_domain::validate::{self, FieldError};
use cockpit_domain::*;
use cockpit_store::register::{self as reg, Saved, VocabIndex};
use cockpit_store::StoreError;
use serde::de::DeserializeOwned;
use std::collections::{HashMap, HashSet};
use std::io::Cursor;
use std::path::Path;

use crate::dto::{ExportFormat, ImportError, ImportSummary};
use crate::{derived, ApiError, Cockpit, ErrorCode, Result};

/// Largest file accepted for import.
pub const MAX_IMPORT_BYTES: usize = 256 * 1024 * 1024;

/// The tables of the tabular formats, with their columns in order.
pub const TABLES: &[(&str, &[&str])] = &[
    (
        "organisation",
        &[
            "name",
            "legal_form",
            "registration_number",
            "address",
            "email",
            "phone",
            "representative",
            "dpo_name",
            "dpo_email",
            "dpo_phone",
            "employees",
            "art30_threshold",
        ],
    ),
    ("establishments", &["name", "country", "region", "timezone", "address", "main", "local_holidays"]),
    ("data_subject_categories", &["name", "description"]),
    ("data_categories", &["name", "kind", "description"]),
    ("recipients", &["name", "kind", "processor", "country", "description"]),
    ("systems", &["name", "description", "hosting_country", "owner"]),
    ("measures", &["name", "kind", "description"]),
    ("parties", &["name", "contact", "country", "representative", "dpo"]),
    (
        "activities",
        &[
            "id",
            "name",
            "description",
            "role",
            "parties",
            "purposes",
            "lawful_bases",
            "lia_reference",
            "special_category_condition",
            "criminal_data",
            "data_subjects",
            "recipients",
            "measures",
            "systems",
            "data_source",
            "automated_decision",
            "automated_decision_logic",
            "dpia_required",
            "dpia_reference",
            "department",
            "owner",
            "status",
            "next_review",
        ],
    ),
    (
        "activity_data_categories",
        &[
            "activity_id",
            "category",
            "retention_amount",
            "retention_unit",
            "retention_trigger",
            "retention_criteria",
        ],
    ),
    ("transfers", &["activity_id", "country", "recipient", "mechanism", "safeguards"]),
];

/// Columns that must be present in a table's header.
fn required_columns(table: &str) -> &'static [&'static str] {
    match table {
        "activities" => &["id", "name"],
        "activity_data_categories" => &["activity_id", "category"],
        "transfers" => &["activity_id", "country"],
        "organisation" | "establishments" => &["name"],
        _ => &["name"],
    }
}

fn columns_of(table: &str) -> &'static [&'static str] {
    TABLES.iter().find(|(t, _)| *t == table).map(|(_, c)| *c).unwrap_or(&[])
}

/// The CSV header: `record` then every column of every table, each once, in first-seen order.
pub fn csv_header() -> Vec<&'static str> {
    let mut out = vec!["record"];
    for (_, cols) in TABLES {
        for c in *cols {
            if !out.contains(c) {
                out.push(c);
            }
        }
    }
    out
}

/// "activities, row 12, column next_review: …" — for the CLI.
pub fn describe(e: &ImportError) -> String {
    let mut s = String::new();
    if !e.table.is_empty() {
        s.push_str(&e.table);
    }
    if e.row > 0 {
        if !s.is_empty() {
            s.push_str(", ");
        }
        s.push_str(&format!("row {}", e.row));
    }
    if !e.column.is_empty() {
        if !s.is_empty() {
            s.push_str(", ");
        }
        s.push_str(&format!("column {}", e.column));
    }
    if s.is_empty() {
        e.message.clone()
    } else {
        format!("{s}: {}", e.message)
    }
}

// -------------------------------------------------------------------------------------------------
// Cell encoding

const SEP: &str = "; ";

fn is_formula_start(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r')
}

/// Neutralises a text cell for spreadsheets: a leading quote before a formula character (or before a
/// quote that import would otherwise strip).
pub fn neutralise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if is_formula_start(c) => format!("'{s}"),
        Some('\'') if chars.next().is_some_and(|c| is_formula_start(c) || c == '\'') => format!("'{s}"),
        _ => s.to_string(),
    }
}

/// Reverses [`neutralise`].
pub fn unneutralise(s: &str) -> String {
    let mut chars = s.chars();
    if chars.next() == Some('\'') && chars.next().is_some_and(|c| is_formula_start(c) || c == '\'') {
        s[1..].to_string()
    } else {
        s.to_string()
    }
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

fn enum_code<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn list(items: &[String]) -> String {
    items.join(SEP)
}

// -------------------------------------------------------------------------------------------------
// Register → tables

type Row = Vec<String>;

fn register_tables(r: &Register) -> Vec<(&'static str, Vec<Row>)> {
    let mut out: Vec<(&'static str, Vec<Row>)> = TABLES.iter().map(|(t, _)| (*t, Vec::new())).collect();
    let mut push = |table: &str, row: Row| {
        if let Some((_, rows)) = out.iter_mut().find(|(t, _)| *t == table) {
            rows.push(row);
        }
    };
    if let Some(o) = &r.organisation {
        push(
            "organisation",
            vec![
                o.name.clone(),
                o.legal_form.clone(),
                o.registration_number.clone(),
                o.address.clone(),
                o.email.clone(),
                o.phone.clone(),
                o.representative.clone(),
                o.dpo_name.clone(),
                o.dpo_email.clone(),
                o.dpo_phone.clone(),
                o.employees.map(|n| n.to_string()).unwrap_or_default(),
                o.art30_threshold.to_string(),
            ],
        );
        for e in &o.establishments {
            push(
                "establishments",
                vec![
                    e.name.clone(),
                    e.country.clone(),
                    e.region.clone(),
                    e.timezone.clone(),
                    e.address.clone(),
                    yes_no(e.main),
                    e.local_holidays
                        .iter()
                        .map(|h| format!("{} {}", h.date, h.name))
                        .collect::<Vec<_>>()
                        .join(SEP),
                ],
            );
        }
    }
    for v in &r.data_subject_categories {
        push("data_subject_categories", vec![v.name.clone(), v.description.clone()]);
    }
    for v in &r.data_categories {
        push("data_categories", vec![v.name.clone(), enum_code(&v.kind), v.description.clone()]);
    }
    for v in &r.recipients {
        push(
            "recipients",
            vec![
                v.name.clone(),
                enum_code(&v.kind),
                yes_no(v.processor),
                v.country.clone(),
                v.description.clone(),
            ],
        );
    }
    for v in &r.systems {
        push(
            "systems",
            vec![v.name.clone(), v.description.clone(), v.hosting_country.clone(), v.owner.clone()],
        );
    }
    for v in &r.measures {
        push("measures", vec![v.name.clone(), enum_code(&v.kind), v.description.clone()]);
    }
    for v in &r.parties {
        push(
            "parties",
            vec![
                v.name.clone(),
                v.contact.clone(),
                v.country.clone(),
                v.representative.clone(),
                v.dpo.clone(),
            ],
        );
    }
    for a in &r.activities {
        push(
            "activities",
            vec![
                a.id.clone(),
                a.name.clone(),
                a.description.clone(),
                enum_code(&a.role),
                list(&a.parties),
                list(&a.purposes),
                a.lawful_bases.iter().map(enum_code).collect::<Vec<_>>().join(SEP),
                a.lia_reference.clone(),
                a.special_category_condition.map(|c| enum_code(&c)).unwrap_or_default(),
                yes_no(a.criminal_data),
                list(&a.data_subjects),
                list(&a.recipients),
                list(&a.measures),
                list(&a.systems),
                a.data_source.clone(),
                yes_no(a.automated_decision),
                a.automated_decision_logic.clone(),
                yes_no(a.dpia_required),
                a.dpia_reference.clone(),
                a.department.clone(),
                a.owner.clone(),
                enum_code(&a.status),
                a.next_review.map(|d| d.to_string()).unwrap_or_default(),
            ],
        );
        for dc in &a.data_categories {
            let p = dc.retention.period.as_ref();
            push(
                "activity_data_categories",
                vec![
                    a.id.clone(),
                    dc.category.clone(),
                    p.map(|p| p.amount.to_string()).unwrap_or_default(),
                    p.map(|p| enum_code(&p.unit)).unwrap_or_default(),
                    p.map(|p| p.trigger.clone()).unwrap_or_default(),
                    dc.retention.criteria.clone(),
                ],
            );
        }
        for t in &a.transfers {
            push(
                "transfers",
                vec![
                    a.id.clone(),
                    t.country.clone(),
                    t.recipient.clone().unwrap_or_default(),
                    t.mechanism.map(|m| enum_code(&m)).unwrap_or_default(),
                    t.safeguards.clone(),
                ],
            );
        }
    }
    out
}

/// Serialises a register in the given format.
pub fn export(r: &Register, format: ExportFormat) -> std::result::Result<Vec<u8>, String> {
    match format {
        ExportFormat::Json => serde_json::to_vec_pretty(r).map_err(|e| e.to_string()),
        ExportFormat::Csv => {
            let header = csv_header();
            let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
            w.write_record(&header).map_err(|e| e.to_string())?;
            for (table, rows) in register_tables(r) {
                let cols = columns_of(table);
                for row in rows {
                    let mut record = vec![String::new(); header.len()];
                    record[0] = table.to_string();
                    for (c, v) in cols.iter().zip(row) {
                        let i = header.iter().position(|h| h == c).unwrap_or(0);
                        record[i] = neutralise(&v);
                    }
                    w.write_record(&record).map_err(|e| e.to_string())?;
                }
            }
            w.into_inner().map_err(|e| e.to_string())
        }
        ExportFormat::Xlsx => {
            let mut book = rust_xlsxwriter::Workbook::new();
            let bold = rust_xlsxwriter::Format::new().set_bold();
            for (table, rows) in register_tables(r) {
                let sheet = book.add_worksheet();
                sheet.set_name(table).map_err(|e| e.to_string())?;
                for (c, name) in columns_of(table).iter().enumerate() {
                    sheet.write_string_with_format(0, c as u16, *name, &bold).map_err(|e| e.to_string())?;
                }
                for (i, row) in rows.iter().enumerate() {
                    for (c, v) in row.iter().enumerate() {
                        if !v.is_empty() {
                            sheet
                                .write_string(i as u32 + 1, c as u16, neutralise(v))
                                .map_err(|e| e.to_string())?;
                        }
                    }
                }
                sheet.set_freeze_panes(1, 0).map_err(|e| e.to_string())?;
            }
            book.save_to_buffer().map_err(|e| e.to_string())
        }
    }
}

// -------------------------------------------------------------------------------------------------
// Tables → register

/// Where each parsed object came from, for error messages.
#[derive(Debug, Default, Clone)]
pub struct Origins {
    pub organisation: u32,
    pub establishments: Vec<u32>,
    pub vocab: HashMap<VocabularyKind, Vec<u32>>,
    pub activities: Vec<u32>,
    pub data_categories: Vec<Vec<u32>>,
    pub transfers: Vec<Vec<u32>>,
}

/// A file read into a register, with the origin of each object.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub register: Register,
    pub origins: Origins,
    /// True for the tabular formats (rows), false for JSON (list items).
    pub tabular: bool,
}

fn err(table: &str, row: u32, column: &str, message: impl Into<String>) -> ImportError {
    ImportError { table: table.to_string(), row, column: column.to_string(), message: message.into() }
}

/// One data row of a table being read, with error collection.
struct Cells<'a> {
    table: &'static str,
    row: u32,
    values: HashMap<&'static str, String>,
    errors: &'a mut Vec<ImportError>,
}

impl Cells<'_> {
    fn text(&self, col: &str) -> String {
        self.values.get(col).map(|v| unneutralise(v)).unwrap_or_default()
    }

    fn fail(&mut self, col: &str, message: impl Into<String>) {
        self.errors.push(err(self.table, self.row, col, message));
    }

    fn boolean(&mut self, col: &str) -> bool {
        let v = self.text(col);
        match v.trim().to_lowercase().as_str() {
            "" | "no" | "false" | "0" | "n" => false,
            "yes" | "true" | "1" | "y" | "x" | "sí" | "si" => true,
            _ => {
                self.fail(col, format!("'{}' is not yes or no", validate::clip(&v)));
                false
            }
        }
    }

    fn number(&mut self, col: &str) -> Option<u32> {
        let v = self.text(col);
        let t = v.trim();
        if t.is_empty() {
            return None;
        }
        // Spreadsheets hand whole numbers back as "6.0".
        let t = t.strip_suffix(".0").unwrap_or(t);
        match t.parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) => {
                self.fail(col, format!("'{}' is not a whole number", validate::clip(&v)));
                None
            }
        }
    }

    fn code<T: DeserializeOwned>(&mut self, col: &str, what: &str, valid: &str) -> Option<T> {
        let v = self.text(col);
        let t = v.trim();
        if t.is_empty() {
            return None;
        }
        match serde_json::from_value(serde_json::Value::String(t.to_string())) {
            Ok(x) => Some(x),
            Err(_) => {
                self.fail(col, format!("'{}' is not a {what}; valid: {valid}", validate::clip(t)));
                None
            }
        }
    }

    fn date(&mut self, col: &str) -> Option<NaiveDate> {
        let v = self.text(col);
        let t = v.trim();
        if t.is_empty() {
            return None;
        }
        match NaiveDate::parse_from_str(t, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                self.fail(col, format!("'{}' is not a date in the form YYYY-MM-DD", validate::clip(t)));
                None
            }
        }
    }

    fn list(&self, col: &str) -> Vec<String> {
        self.text(col).split(';').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
    }
}

fn valid_codes<T: serde::Serialize>(values: &[T]) -> String {
    values.iter().map(enum_code).collect::<Vec<_>>().join(", ")
}

/// Builds a register from raw table rows: `(table, row number, cells by column)`.
fn tables_to_register(rows: SheetRows, errors: &mut Vec<ImportError>) -> (Register, Origins) {
    use cockpit_domain::register::{
        ActivityStatus as S, DataCategoryKind as K, LawfulBasis as L, MeasureKind as M, RecipientKind as R,
        Role as Ro, SpecialCategoryCondition as C, TransferMechanism as T,
    };
    let roles = valid_codes(&[Ro::Controller, Ro::JointController, Ro::Processor]);
    let statuses = valid_codes(&[S::Draft, S::Active, S::Retired]);
    let bases = valid_codes(&[
        L::Consent,
        L::Contract,
        L::LegalObligation,
        L::VitalInterests,
        L::PublicTask,
        L::LegitimateInterests,
    ]);
    let units = valid_codes(&[RetentionUnit::Days, RetentionUnit::Months, RetentionUnit::Years]);
    let mut r = Register::default();
    let mut o = Origins::default();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut children: Vec<(&'static str, u32, HashMap<&'static str, String>)> = Vec::new();
    let mut establishments = Vec::new();
    for (table, row, values) in rows {
        if matches!(table, "activity_data_categories" | "transfers" | "establishments") {
            children.push((table, row, values));
            continue;
        }
        let mut c = Cells { table, row, values, errors };
        match table {
            "organisation" => {
                if r.organisation.is_some() {
                    c.fail("", "the organisation can be given only once");
                    continue;
                }
                o.organisation = row;
                r.organisation = Some(Organisation {
                    name: c.text("name"),
                    legal_form: c.text("legal_form"),
                    registration_number: c.text("registration_number"),
                    address: c.text("address"),
                    email: c.text("email"),
                    phone: c.text("phone"),
                    representative: c.text("representative"),
                    dpo_name: c.text("dpo_name"),
                    dpo_email: c.text("dpo_email"),
                    dpo_phone: c.text("dpo_phone"),
                    employees: c.number("employees"),
                    art30_threshold: c.number("art30_threshold").unwrap_or(250),
                    establishments: vec![],
                });
            }
            "data_subject_categories" => {
                o.vocab.entry(VocabularyKind::DataSubjectCategory).or_default().push(row);
                r.data_subject_categories
                    .push(DataSubjectCategory { name: c.text("name"), description: c.text("description") });
            }
            "data_categories" => {
                o.vocab.entry(VocabularyKind::DataCategory).or_default().push(row);
                let kind = c
                    .code("kind", "data-category kind", &valid_codes(&[K::Ordinary, K::Special, K::Criminal]))
                    .unwrap_or_default();
                r.data_categories.push(DataCategory {
                    name: c.text("name"),
                    kind,
                    description: c.text("description"),
                });
            }
            "recipients" => {
                o.vocab.entry(VocabularyKind::Recipient).or_default().push(row);
                let kind = c
                    .code("kind", "recipient kind", &valid_codes(&[R::Internal, R::External]))
                    .unwrap_or_default();
                let processor = c.boolean("processor");
                r.recipients.push(Recipient {
                    name: c.text("name"),
                    kind,
                    processor,
                    country: c.text("country").trim().to_string(),
                    description: c.text("description"),
                });
            }
            "systems" => {
                o.vocab.entry(VocabularyKind::System).or_default().push(row);
                r.systems.push(System {
                    name: c.text("name"),
                    description: c.text("description"),
                    hosting_country: c.text("hosting_country").trim().to_string(),
                    owner: c.text("owner"),
                });
            }
            "measures" => {
                o.vocab.entry(VocabularyKind::Measure).or_default().push(row);
                let kind = c
                    .code("kind", "measure kind", &valid_codes(&[M::Technical, M::Organisational]))
                    .unwrap_or_default();
                r.measures.push(Measure { name: c.text("name"), kind, description: c.text("description") });
            }
            "parties" => {
                o.vocab.entry(VocabularyKind::Party).or_default().push(row);
                r.parties.push(Party {
                    name: c.text("name"),
                    contact: c.text("contact"),
                    country: c.text("country").trim().to_string(),
                    representative: c.text("representative"),
                    dpo: c.text("dpo"),
                });
            }
            "activities" => {
                let id = c.text("id").trim().to_string();
                if !id.is_empty() && by_id.contains_key(&id) {
                    c.fail("id", format!("activity {id} appears twice in the file"));
                    continue;
                }
                let mut lawful_bases = Vec::new();
                for b in c.list("lawful_bases") {
                    match serde_json::from_value::<L>(serde_json::Value::String(b.clone())) {
                        Ok(x) => lawful_bases.push(x),
                        Err(_) => c.fail(
                            "lawful_bases",
                            format!("'{}' is not a lawful basis; valid: {bases}", validate::clip(&b)),
                        ),
                    }
                }
                let special = c.code::<C>(
                    "special_category_condition",
                    "Art. 9(2) condition",
                    &valid_codes(&[
                        C::ExplicitConsent,
                        C::EmploymentSocialSecurity,
                        C::VitalInterests,
                        C::NotForProfitBody,
                        C::MadePublicBySubject,
                        C::LegalClaims,
                        C::SubstantialPublicInterest,
                        C::HealthOrSocialCare,
                        C::PublicHealth,
                        C::ArchivingResearchStatistics,
                    ]),
                );
                let a = Activity {
                    id: id.clone(),
                    name: c.text("name"),
                    description: c.text("description"),
                    role: c.code("role", "role", &roles).unwrap_or_default(),
                    parties: c.list("parties"),
                    purposes: c.list("purposes"),
                    lawful_bases,
                    lia_reference: c.text("lia_reference"),
                    special_category_condition: special,
                    criminal_data: c.boolean("criminal_data"),
                    data_subjects: c.list("data_subjects"),
                    data_categories: vec![],
                    recipients: c.list("recipients"),
                    transfers: vec![],
                    measures: c.list("measures"),
                    systems: c.list("systems"),
                    data_source: c.text("data_source"),
                    automated_decision: c.boolean("automated_decision"),
                    automated_decision_logic: c.text("automated_decision_logic"),
                    dpia_required: c.boolean("dpia_required"),
                    dpia_reference: c.text("dpia_reference"),
                    department: c.text("department"),
                    owner: c.text("owner"),
                    status: c.code("status", "status", &statuses).unwrap_or_default(),
                    next_review: c.date("next_review"),
                };
                if !id.is_empty() {
                    by_id.insert(id, r.activities.len());
                }
                r.activities.push(a);
                o.activities.push(row);
                o.data_categories.push(vec![]);
                o.transfers.push(vec![]);
            }
            other => c.fail("record", format!("unknown table '{other}'")),
        }
    }
    let mechanisms = valid_codes(&[
        T::AdequacyDecision,
        T::PublicAuthorityInstrument,
        T::BindingCorporateRules,
        T::StandardContractualClauses,
        T::CodeOfConduct,
        T::Certification,
        T::AdHocClauses,
        T::AdministrativeArrangement,
        T::DerogationExplicitConsent,
        T::DerogationContract,
        T::DerogationContractInInterest,
        T::DerogationPublicInterest,
        T::DerogationLegalClaims,
        T::DerogationVitalInterests,
        T::DerogationPublicRegister,
        T::CompellingLegitimateInterests,
    ]);
    for (table, row, values) in children {
        let mut c = Cells { table, row, values, errors };
        if table == "establishments" {
            let main = c.boolean("main");
            // "2026-08-15 Assumption Day; 2026-12-24 Christmas Eve"
            let mut local_holidays = Vec::new();
            for item in c.list("local_holidays") {
                let parsed = item.split_once(' ').and_then(|(d, name)| {
                    let date = NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()?;
                    Some(cockpit_deadline::LocalHoliday { date, name: name.trim().to_string() })
                });
                match parsed {
                    Some(h) if !h.name.is_empty() => local_holidays.push(h),
                    _ => c.fail(
                        "local_holidays",
                        format!(
                            "'{}' is not 'YYYY-MM-DD name' (items are separated by ';')",
                            validate::clip(&item)
                        ),
                    ),
                }
            }
            establishments.push((
                row,
                Establishment {
                    name: c.text("name"),
                    country: c.text("country").trim().to_string(),
                    region: c.text("region").trim().to_string(),
                    timezone: c.text("timezone").trim().to_string(),
                    address: c.text("address"),
                    main,
                    local_holidays,
                },
            ));
            continue;
        }
        let aid = c.text("activity_id").trim().to_string();
        let Some(&k) = by_id.get(&aid) else {
            c.fail("activity_id", format!("no activity '{}' in the file", validate::clip(&aid)));
            continue;
        };
        if table == "activity_data_categories" {
            let amount = c.number("retention_amount");
            let unit = c.code::<RetentionUnit>("retention_unit", "retention unit", &units);
            let period = match (amount, unit) {
                (Some(amount), Some(unit)) => {
                    Some(RetentionPeriod { amount, unit, trigger: c.text("retention_trigger") })
                }
                (None, None) => {
                    if !c.text("retention_trigger").trim().is_empty() {
                        c.fail("retention_trigger", "a trigger needs a retention_amount and retention_unit");
                    }
                    None
                }
                (Some(_), None) => {
                    if c.values.get("retention_unit").is_none_or(|v| v.trim().is_empty()) {
                        c.fail("retention_unit", "a retention amount needs a unit (days, months or years)");
                    }
                    None
                }
                (None, Some(_)) => {
                    if c.values.get("retention_amount").is_none_or(|v| v.trim().is_empty()) {
                        c.fail("retention_amount", "a retention unit needs an amount");
                    }
                    None
                }
            };
            r.activities[k].data_categories.push(ActivityDataCategory {
                category: c.text("category"),
                retention: Retention { period, criteria: c.text("retention_criteria") },
            });
            o.data_categories[k].push(row);
        } else {
            let recipient = c.text("recipient");
            let mechanism = c.code::<T>("mechanism", "transfer mechanism", &mechanisms);
            r.activities[k].transfers.push(Transfer {
                country: c.text("country").trim().to_string(),
                recipient: (!recipient.trim().is_empty()).then_some(recipient),
                mechanism,
                safeguards: c.text("safeguards"),
            });
            o.transfers[k].push(row);
        }
    }
    if !establishments.is_empty() {
        match r.organisation.as_mut() {
            Some(org) => {
                for (row, e) in establishments {
                    o.establishments.push(row);
                    org.establishments.push(e);
                }
            }
            None => {
                for (row, _) in establishments {
                    errors.push(err("establishments", row, "", "establishments need an organisation row"));
                }
            }
        }
    }
    (r, o)
}

fn header_columns(
    table: &str,
    header: &[String],
    errors: &mut Vec<ImportError>,
    skip_first: bool,
) -> Vec<Option<&'static str>> {
    let known = columns_of(table);
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for (i, h) in header.iter().enumerate() {
        if skip_first && i == 0 {
            out.push(None);
            continue;
        }
        let h = h.trim().trim_start_matches('\u{feff}');
        let col = if skip_first {
            csv_header().into_iter().find(|c| *c == h)
        } else {
            known.iter().copied().find(|c| *c == h)
        };
        match col {
            Some(c) if !seen.insert(c) => {
                errors.push(err(table, 1, c, "column appears twice in the header"));
                // Keeps the later columns at their positions.
                out.push(None);
            }
            Some(c) => out.push(Some(c)),
            None if h.is_empty() => out.push(None),
            None => {
                errors.push(err(table, 1, h, format!("unknown column '{}'", validate::clip(h))));
                out.push(None);
            }
        }
    }
    out
}

fn check_required(table: &str, present: &[Option<&'static str>], errors: &mut Vec<ImportError>) {
    for req in required_columns(table) {
        if !present.iter().any(|c| c == &Some(*req)) {
            errors.push(err(table, 1, req, format!("required column '{req}' is missing")));
        }
    }
}

fn static_table(name: &str) -> Option<&'static str> {
    TABLES.iter().map(|(t, _)| *t).find(|t| *t == name)
}

fn parse_csv(bytes: &[u8], errors: &mut Vec<ImportError>) -> Option<(Register, Origins)> {
    let mut rd = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let mut records = rd.byte_records();
    let header: Vec<String> = match records.next() {
        None => {
            errors.push(err("", 0, "", "the file is empty"));
            return None;
        }
        Some(Err(e)) => {
            errors.push(err("", 1, "", format!("the header cannot be read: {e}")));
            return None;
        }
        Some(Ok(h)) => match h.iter().map(|f| std::str::from_utf8(f).map(str::to_string)).collect() {
            Ok(h) => h,
            Err(_) => {
                errors.push(err("", 1, "", "the header is not UTF-8 text: save the file as CSV UTF-8"));
                return None;
            }
        },
    };
    if header.first().map(|h| h.trim().trim_start_matches('\u{feff}')) != Some("record") {
        errors.push(err("", 1, "record", "the first column must be 'record' (the table of each row)"));
        return None;
    }
    // A CSV header belongs to no one table: its errors name none.
    let cols = header_columns("", &header, errors, true);
    if !errors.is_empty() {
        return None;
    }
    let mut rows = Vec::new();
    let mut n = 1u32;
    let mut tables_seen: HashSet<&'static str> = HashSet::new();
    for rec in records {
        n += 1;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                errors.push(err("", n, "", format!("unreadable CSV row: {e}")));
                continue;
            }
        };
        if rec.iter().all(|f| f.iter().all(|b| b.is_ascii_whitespace())) {
            continue;
        }
        let mut fields = Vec::with_capacity(rec.len());
        let mut bad = false;
        for (i, f) in rec.iter().enumerate() {
            match std::str::from_utf8(f) {
                Ok(s) => fields.push(s.to_string()),
                Err(_) => {
                    let col = cols.get(i).copied().flatten().unwrap_or("record");
                    errors.push(err("", n, col, "the text is not UTF-8: save the file as CSV UTF-8"));
                    bad = true;
                    break;
                }
            }
        }
        if bad {
            continue;
        }
        let record = fields.first().map(|s| s.trim().to_string()).unwrap_or_default();
        let Some(table) = static_table(&record) else {
            errors.push(err("", n, "record", format!("unknown record type '{}'", validate::clip(&record))));
            continue;
        };
        if fields.len() > header.len() {
            errors.push(err(
                table,
                n,
                "",
                format!("{} cells, but the header has {}", fields.len(), header.len()),
            ));
            continue;
        }
        tables_seen.insert(table);
        let allowed = columns_of(table);
        let mut values = HashMap::new();
        for (i, v) in fields.into_iter().enumerate().skip(1) {
            let Some(col) = cols.get(i).copied().flatten() else {
                // As in XLSX: a value under a blank header cell is refused, never dropped.
                if !v.trim().is_empty() && header.get(i).is_none_or(|h| h.trim().is_empty()) {
                    errors.push(err(table, n, "", format!("a value in column {} has no header", i + 1)));
                }
                continue;
            };
            if allowed.contains(&col) {
                values.insert(col, v);
            } else if !v.trim().is_empty() {
                errors.push(err(table, n, col, format!("column '{col}' does not apply to {table} rows")));
            }
        }
        rows.push((table, n, values));
    }
    for t in tables_seen {
        check_required(t, &cols, errors);
    }
    if rows.is_empty() && errors.is_empty() {
        errors.push(err("", 0, "", "the file has a header but no rows"));
    }
    Some(tables_to_register(rows, errors))
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => yes_no(*b),
        // Excel serial dates count days from 1899-12-30 (1900 date system).
        Data::DateTime(dt) => NaiveDate::from_ymd_opt(1899, 12, 30)
            .and_then(|base| base.checked_add_signed(chrono::Duration::days(dt.as_f64().floor() as i64)))
            .map(|d| d.to_string())
            .unwrap_or_else(|| dt.as_f64().to_string()),
        Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// The rows of one sheet: (table, row number, values by column).
type SheetRows = Vec<(&'static str, u32, HashMap<&'static str, String>)>;

/// What reading one sheet gave: its rows and errors, and whether the workbook is damaged (then the
/// import stops at this sheet).
#[derive(Default)]
struct SheetRead {
    rows: SheetRows,
    errors: Vec<ImportError>,
    damaged: bool,
}

fn parse_xlsx(bytes: &[u8], errors: &mut Vec<ImportError>) -> Option<(Register, Origins)> {
    let open = || calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(Cursor::new(bytes));
    let names = match open() {
        Ok(b) => b.sheet_names().to_vec(),
        Err(e) => {
            errors.push(err("", 0, "", format!("not a readable XLSX workbook: {e}")));
            return None;
        }
    };
    // The sheets are independent XML parts of the file: two threads read every other one, each from
    // its own handle on the bytes, and the results are taken in sheet order (the same rows and
    // errors as one thread would give).
    let mut reads: Vec<SheetRead> = names.iter().map(|_| SheetRead::default()).collect();
    let (even, odd): (Vec<_>, Vec<_>) = reads.iter_mut().enumerate().partition(|(i, _)| i % 2 == 0);
    std::thread::scope(|scope| {
        for share in [even, odd] {
            let names = &names;
            scope.spawn(move || match open() {
                Ok(mut book) => {
                    for (i, read) in share {
                        read_sheet(&mut book, &names[i], read);
                    }
                }
                Err(e) => {
                    for (_, read) in share {
                        read.errors.push(err("", 0, "", format!("not a readable XLSX workbook: {e}")));
                        read.damaged = true;
                    }
                }
            });
        }
    });
    let mut rows = Vec::new();
    for read in reads {
        errors.extend(read.errors);
        if read.damaged {
            return None;
        }
        rows.extend(read.rows);
    }
    if rows.is_empty() && errors.is_empty() {
        errors.push(err("", 0, "", "the workbook has no rows to import"));
    }
    Some(tables_to_register(rows, errors))
}

fn read_sheet(book: &mut calamine::Xlsx<Cursor<&[u8]>>, sheet: &str, out: &mut SheetRead) {
    let errors = &mut out.errors;
    let Some(table) = static_table(sheet.trim()) else {
        errors.push(err(sheet, 0, "", format!("unknown sheet '{}'", validate::clip(sheet))));
        return;
    };
    // calamine 0.38 panics (arithmetic overflow, in builds with overflow checks) on an absurd cell
    // reference such as `AAAAAAAAAAAAA1`; found by the fuzzer. A damaged file is an import error,
    // never a crash, so its panic is caught here and the workbook refused.
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| book.worksheet_range(sheet)));
    let range = match read {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => {
            errors.push(err(table, 0, "", format!("the sheet cannot be read: {e}")));
            return;
        }
        Err(_) => {
            errors.push(err(
                table,
                0,
                "",
                "the sheet is damaged (a cell reference is out of range)".to_string(),
            ));
            out.damaged = true;
            return;
        }
    };
    let mut it = range.rows();
    let Some(header) = it.next() else { return };
    let header: Vec<String> = header.iter().map(cell_text).collect();
    let cols = header_columns(table, &header, errors, false);
    let mut has_rows = false;
    for (i, r) in it.enumerate() {
        let n = i as u32 + 2;
        let texts: Vec<String> = r.iter().map(cell_text).collect();
        if texts.iter().all(|t| t.trim().is_empty()) {
            continue;
        }
        has_rows = true;
        let mut values = HashMap::with_capacity(cols.len());
        for (j, text) in texts.into_iter().enumerate() {
            match cols.get(j).copied().flatten() {
                Some(col) => {
                    values.insert(col, text);
                }
                // A value under a blank header cell (a sheet's range is a rectangle, so the header
                // row is as wide as its widest row): refused, never dropped. Values under an unknown
                // header are not repeated here: the header's error names the column.
                None if !text.trim().is_empty() && header.get(j).is_none_or(|h| h.trim().is_empty()) => {
                    errors.push(err(table, n, "", format!("a value in column {} has no header", j + 1)));
                }
                None => {}
            }
        }
        out.rows.push((table, n, values));
    }
    if has_rows {
        check_required(table, &cols, errors);
    }
}

fn parse_json(bytes: &[u8], errors: &mut Vec<ImportError>) -> Option<(Register, Origins)> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        errors.push(err("", 0, "", "the file is empty"));
        return None;
    }
    if std::str::from_utf8(bytes).is_err() {
        errors.push(err("", 0, "", "the file is not UTF-8 text"));
        return None;
    }
    match serde_json::from_slice::<Register>(bytes) {
        Ok(r) => {
            let mut o = Origins { organisation: 1, ..Default::default() };
            if let Some(org) = &r.organisation {
                o.establishments = (1..=org.establishments.len() as u32).collect();
            }
            let items = |n: usize| (1..=n as u32).collect::<Vec<u32>>();
            o.vocab.insert(VocabularyKind::DataSubjectCategory, items(r.data_subject_categories.len()));
            o.vocab.insert(VocabularyKind::DataCategory, items(r.data_categories.len()));
            o.vocab.insert(VocabularyKind::Recipient, items(r.recipients.len()));
            o.vocab.insert(VocabularyKind::System, items(r.systems.len()));
            o.vocab.insert(VocabularyKind::Measure, items(r.measures.len()));
            o.vocab.insert(VocabularyKind::Party, items(r.parties.len()));
            o.activities = items(r.activities.len());
            o.data_categories = r.activities.iter().map(|a| vec![0; a.data_categories.len()]).collect();
            o.transfers = r.activities.iter().map(|a| vec![0; a.transfers.len()]).collect();
            Some((r, o))
        }
        Err(e) => {
            errors.push(err(
                "",
                e.line() as u32,
                "",
                format!("invalid register JSON (line {}, column {}): {e}", e.line(), e.column()),
            ));
            None
        }
    }
}

/// The format of a file, from its name or, failing that, its first bytes.
pub fn detect_format(path: &Path, bytes: &[u8]) -> ExportFormat {
    match path.extension().and_then(|e| e.to_str()).map(str::to_lowercase).as_deref() {
        Some("json") => ExportFormat::Json,
        Some("xlsx") => ExportFormat::Xlsx,
        Some("csv") => ExportFormat::Csv,
        _ if bytes.starts_with(b"PK") => ExportFormat::Xlsx,
        _ if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') => ExportFormat::Json,
        _ => ExportFormat::Csv,
    }
}

/// Parses a file; errors are structural (encoding, columns, types). Validation comes after.
pub fn parse(bytes: &[u8], format: ExportFormat) -> std::result::Result<Parsed, Vec<ImportError>> {
    let mut errors = Vec::new();
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(vec![err(
            "",
            0,
            "",
            format!("the file is larger than {} MB", MAX_IMPORT_BYTES / 1024 / 1024),
        )]);
    }
    let parsed = match format {
        ExportFormat::Csv => parse_csv(bytes, &mut errors),
        ExportFormat::Xlsx => parse_xlsx(bytes, &mut errors),
        ExportFormat::Json => parse_json(bytes, &mut errors),
    };
    match parsed {
        Some((register, origins)) if errors.is_empty() => {
            Ok(Parsed { register, origins, tabular: format != ExportFormat::Json })
        }
        _ => Err(errors),
    }
}

// -------------------------------------------------------------------------------------------------
// Validation of a parsed file against the database

fn vocab_names(r: &Register, kind: VocabularyKind) -> Vec<&str> {
    match kind {
        VocabularyKind::DataSubjectCategory => {
            r.data_subject_categories.iter().map(|v| v.name.as_str()).collect()
        }
        VocabularyKind::DataCategory => r.data_categories.iter().map(|v| v.name.as_str()).collect(),
        VocabularyKind::Recipient => r.recipients.iter().map(|v| v.name.as_str()).collect(),
        VocabularyKind::System => r.systems.iter().map(|v| v.name.as_str()).collect(),
        VocabularyKind::Measure => r.measures.iter().map(|v| v.name.as_str()).collect(),
        VocabularyKind::Party => r.parties.iter().map(|v| v.name.as_str()).collect(),
    }
}

fn vocab_entries(r: &Register) -> Vec<VocabularyEntry> {
    let mut out = Vec::new();
    out.extend(r.data_subject_categories.iter().cloned().map(VocabularyEntry::DataSubjectCategory));
    out.extend(r.data_categories.iter().cloned().map(VocabularyEntry::DataCategory));
    out.extend(r.recipients.iter().cloned().map(VocabularyEntry::Recipient));
    out.extend(r.systems.iter().cloned().map(VocabularyEntry::System));
    out.extend(r.measures.iter().cloned().map(VocabularyEntry::Measure));
    out.extend(r.parties.iter().cloned().map(VocabularyEntry::Party));
    out
}

fn table_of(kind: VocabularyKind) -> &'static str {
    match kind {
        VocabularyKind::DataSubjectCategory => "data_subject_categories",
        VocabularyKind::DataCategory => "data_categories",
        VocabularyKind::Recipient => "recipients",
        VocabularyKind::System => "systems",
        VocabularyKind::Measure => "measures",
        VocabularyKind::Party => "parties",
    }
}

/// Maps a validation error on an activity to the row and column it came from.
fn locate_activity_error(p: &Parsed, k: usize, e: &FieldError) -> ImportError {
    let o = &p.origins;
    let row = o.activities.get(k).copied().unwrap_or(0);
    let index_of = |prefix: &str| -> Option<(usize, String)> {
        let rest = e.field.strip_prefix(prefix)?.strip_prefix('[')?;
        let (i, tail) = rest.split_once(']')?;
        Some((i.parse().ok()?, tail.trim_start_matches('.').to_string()))
    };
    if p.tabular {
        if let Some((i, tail)) = index_of("data_categories") {
            let column = match tail.as_str() {
                "" => "category".to_string(),
                t => t.replace("retention.period.", "retention_").replace("retention.", "retention_"),
            };
            let row = o.data_categories.get(k).and_then(|v| v.get(i)).copied().unwrap_or(row);
            return err("activity_data_categories", row, &column, &e.message);
        }
        if let Some((i, tail)) = index_of("transfers") {
            let row = o.transfers.get(k).and_then(|v| v.get(i)).copied().unwrap_or(row);
            return err("transfers", row, if tail.is_empty() { "country" } else { &tail }, &e.message);
        }
        let column = e.field.split('[').next().unwrap_or(&e.field);
        return err("activities", row, column, &e.message);
    }
    err("activities", row, &e.field, &e.message)
}

/// Validates everything in the file against itself and the database's vocabularies.
pub fn validate_parsed(p: &Parsed, existing: &Register) -> Vec<ImportError> {
    let r = &p.register;
    let o = &p.origins;
    let mut errors = Vec::new();
    if let Some(org) = &r.organisation {
        for e in validate::validate_organisation(org) {
            if let Some(rest) = e.field.strip_prefix("establishments[") {
                let (i, col) = rest.split_once("].").unwrap_or(("0", rest));
                let i: usize = i.parse().unwrap_or(0);
                let table = "establishments";
                let row = o.establishments.get(i).copied().unwrap_or(0);
                errors.push(err(table, row, col, e.message));
            } else {
                errors.push(err("organisation", o.organisation, &e.field, e.message));
            }
        }
    }
    // Vocabulary entries: their own fields and duplicate names.
    for kind in VocabularyKind::ALL {
        let rows = o.vocab.get(&kind).cloned().unwrap_or_default();
        let table = table_of(kind);
        let entries: Vec<VocabularyEntry> =
            vocab_entries(r).into_iter().filter(|e| e.kind() == kind).collect();
        let mut seen = HashSet::new();
        for (i, entry) in entries.iter().enumerate() {
            let row = rows.get(i).copied().unwrap_or(0);
            for e in validate::validate_entry(entry) {
                errors.push(err(table, row, &e.field, e.message));
            }
            if !seen.insert(entry.name().to_lowercase()) {
                errors.push(err(
                    table,
                    row,
                    "name",
                    format!("'{}' appears twice", validate::clip(entry.name())),
                ));
            }
        }
    }
    // Activities against the vocabularies they will see: the database's plus the file's.
    let mut merged = existing.clone();
    for entry in vocab_entries(r) {
        let kind = entry.kind();
        if !vocab_names(&merged, kind).iter().any(|n| validate::same_name(n, entry.name())) {
            reg::push_entry(&mut merged, entry);
        }
    }
    let names = validate::NameIndex::new(&merged);
    for (k, a) in r.activities.iter().enumerate() {
        let mut a = a.clone();
        if a.id.is_empty() {
            // An id is assigned on import; validate the rest.
            a.id = "PA-0000".into();
        }
        for e in validate::validate_activity_with(&a, &names) {
            errors.push(locate_activity_error(p, k, &e));
        }
    }
    errors
}

// -------------------------------------------------------------------------------------------------
// The API

impl Cockpit {
    /// Serialises the register (now, or as of a date) in `format`.
    pub async fn export_bytes(
        &self,
        format: ExportFormat,
        as_of: Option<NaiveDate>,
    ) -> Result<(Vec<u8>, u32)> {
        let r = self.register(as_of).await?;
        let n = r.activities.len() as u32;
        let bytes = export(&r, format)
            .map_err(|e| ApiError::new(ErrorCode::Internal, format!("export failed: {e}")))?;
        Ok((bytes, n))
    }

    /// Writes an export file (atomically: a temporary file renamed into place). Returns the number of
    /// activities written.
    pub async fn export_to(
        &self,
        path: &Path,
        format: ExportFormat,
        as_of: Option<NaiveDate>,
    ) -> Result<u32> {
        let (bytes, n) = self.export_bytes(format, as_of).await?;
        let tmp = path.with_extension("cockpit-tmp");
        std::fs::write(&tmp, &bytes).and_then(|_| std::fs::rename(&tmp, path)).map_err(|e| {
            ApiError::new(ErrorCode::Internal, format!("cannot write {}: {e}", path.display()))
        })?;
        Ok(n)
    }

    /// Imports a file (format from its extension or content).
    pub async fn import_file(&self, path: &Path) -> Result<ImportSummary> {
        let bytes = std::fs::read(path)
            .map_err(|e| ApiError::new(ErrorCode::Import, format!("cannot read {}: {e}", path.display())))?;
        let format = detect_format(path, &bytes);
        self.import_bytes(&bytes, format).await
    }

    /// Imports a file's content: all or nothing.
    pub async fn import_bytes(&self, bytes: &[u8], format: ExportFormat) -> Result<ImportSummary> {
        let parsed = parse(bytes, format).map_err(ApiError::import)?;
        self.apply_parsed(parsed).await
    }

    /// Imports an in-memory register (the demo data use this path too).
    pub async fn apply_import(&self, register: Register) -> Result<ImportSummary> {
        let mut o = Origins { organisation: 1, ..Default::default() };
        o.activities = (1..=register.activities.len() as u32).collect();
        o.data_categories = register.activities.iter().map(|a| vec![0; a.data_categories.len()]).collect();
        o.transfers = register.activities.iter().map(|a| vec![0; a.transfers.len()]).collect();
        self.apply_parsed(Parsed { register, origins: o, tabular: false }).await
    }

    async fn apply_parsed(&self, parsed: Parsed) -> Result<ImportSummary> {
        let today = self.today().await?;
        let ctx = self.ctx();
        let mut bulk = self.store.bulk_writer().await?;
        let mut tx = bulk.begin().await?;
        let existing = reg::load_vocabularies(&mut tx).await?;
        let errors = validate_parsed(&parsed, &existing);
        if !errors.is_empty() {
            return Err(ApiError::import(errors));
        }
        let r = parsed.register;
        let mut s = ImportSummary::default();
        if let Some(org) = &r.organisation {
            s.organisation_changed = reg::save_organisation(&mut tx, &ctx, org).await?;
        }
        for entry in vocab_entries(&r) {
            let exists =
                vocab_names(&existing, entry.kind()).iter().any(|n| validate::same_name(n, entry.name()));
            let original = exists.then(|| entry.name().to_string());
            match reg::save_vocabulary_entry(&mut tx, &ctx, &entry, original.as_deref()).await? {
                (Saved::Created, _) => s.vocabulary_created += 1,
                (Saved::Updated, _) => s.vocabulary_updated += 1,
                (Saved::Unchanged, _) => {}
            }
        }
        let vocab = reg::load_vocabularies(&mut tx).await?;
        let names = validate::NameIndex::new(&vocab);
        let index = VocabIndex::load(&mut tx).await?;
        let existing_ids: HashSet<String> =
            reg::summaries(&mut tx).await?.into_iter().map(|r| r.id).collect();
        let mut next = reg::next_activity_number(&mut tx).await?;
        let mut new_activities = Vec::new();
        for mut a in r.activities {
            if a.id.is_empty() {
                loop {
                    let candidate = format!("PA-{next:04}");
                    next += 1;
                    if !existing_ids.contains(&candidate) {
                        a.id = candidate;
                        break;
                    }
                }
            }
            validate::canonicalise_references_with(&mut a, &names);
            let d = derived(&a, &vocab, today);
            if existing_ids.contains(&a.id) {
                if reg::update_activity(&mut tx, &ctx, &index, &a, &d, None, "update").await? {
                    s.activities_updated += 1;
                } else {
                    s.activities_unchanged += 1;
                }
            } else {
                new_activities.push((a, d));
            }
        }
        s.activities_created = new_activities.len() as u32;
        reg::insert_activities(&mut tx, &ctx, &index, &new_activities, "create").await?;
        tx.commit().await.map_err(StoreError::from)?;
        bulk.finish().await;
        if s.vocabulary_updated > 0 {
            self.rescore_all().await?;
        }
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralising_round_trips() {
        for s in ["=1+1", "+34 600", "-5", "@SUM(A1)", "\tx", "\rx", "'=x", "''", "'a", "a=b", "", "normal"] {
            assert_eq!(unneutralise(&neutralise(s)), s, "{s:?}");
        }
        for s in ["=1+1", "+34", "-5", "@x", "\tx", "\rx"] {
            assert!(neutralise(s).starts_with('\''), "{s:?}");
        }
        assert_eq!(neutralise("a=b"), "a=b");
    }

    #[test]
    fn xlsx_sheets_read_on_two_threads_give_their_errors_in_sheet_order() {
        // Five sheets, so that each thread reads several: unknown, activities (a value without a
        // header in row 3), then three more unknown ones.
        let mut book = rust_xlsxwriter::Workbook::new();
        for (i, name) in
            ["first stray", "activities", "second stray", "third stray", "processors"].iter().enumerate()
        {
            let sheet = book.add_worksheet();
            sheet.set_name(*name).unwrap();
            if i == 1 {
                let cols = columns_of("activities");
                for (c, col) in cols.iter().enumerate() {
                    sheet.write_string(0, c as u16, *col).unwrap();
                }
                sheet.write_string(1, 0, "PA-0001").unwrap();
                sheet.write_string(2, 0, "PA-0002").unwrap();
                sheet.write_string(2, cols.len() as u16 + 2, "stray value").unwrap();
            }
        }
        let bytes = book.save_to_buffer().unwrap();
        let errors = match parse(&bytes, ExportFormat::Xlsx) {
            Err(e) => e,
            Ok(_) => panic!("the workbook must be refused"),
        };
        let structural: Vec<(String, u32, String)> = errors
            .iter()
            .filter(|e| e.message.starts_with("unknown sheet") || e.message.contains("has no header"))
            .map(|e| (e.table.clone(), e.row, e.message.clone()))
            .collect();
        let expected = vec![
            ("first stray".to_string(), 0, "unknown sheet 'first stray'".to_string()),
            (
                "activities".to_string(),
                3,
                format!("a value in column {} has no header", columns_of("activities").len() + 3),
            ),
            ("second stray".to_string(), 0, "unknown sheet 'second stray'".to_string()),
            ("third stray".to_string(), 0, "unknown sheet 'third stray'".to_string()),
            ("processors".to_string(), 0, "unknown sheet 'processors'".to_string()),
        ];
        assert_eq!(structural, expected);
        // The same file read again gives the same errors, in the same order.
        let Err(again) = parse(&bytes, ExportFormat::Xlsx) else { panic!("the workbook must be refused") };
        assert_eq!(again, errors);
    }

    #[test]
    fn a_value_under_a_blank_header_cell_is_refused_in_csv_too() {
        // CSV: the header has a blank cell between two known columns.
        let csv = "record,id,,name\nactivities,PA-0001,lost?,Payroll\n";
        let Err(errors) = parse(csv.as_bytes(), ExportFormat::Csv) else {
            panic!("the file must be refused")
        };
        assert!(
            errors.iter().any(|e| e.table == "activities"
                && e.row == 2
                && e.message == "a value in column 3 has no header"),
            "{errors:?}"
        );
        // A blank header cell with nothing under it is no error.
        let csv = "record,id,,name\nactivities,PA-0001,,Payroll\n";
        if let Err(errors) = parse(csv.as_bytes(), ExportFormat::Csv) {
            assert!(errors.iter().all(|e| !e.message.contains("has no header")), "{errors:?}");
        }
    }

    #[test]
    fn the_csv_header_holds_every_column_once() {
        let h = csv_header();
        let set: HashSet<_> = h.iter().collect();
        assert_eq!(set.len(), h.len());
        for (_, cols) in TABLES {
            for c in *cols {
                assert!(h.contains(c));
            }
        }
    }
}
