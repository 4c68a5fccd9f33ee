//! The report model: plain data that says what a report contains, independent of how it is drawn.
//! The builders in [`crate::build`] fill it from the register, the requests and the audit trail; the
//! PDF renderer and the XLSX writer only lay it out. Tests check reports here, as data.

use crate::i18n::Lang;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Which report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReportKind {
    Ropa,
    Requests,
    Retention,
    Audit,
    InspectionPack,
}

impl ReportKind {
    pub const ALL: [ReportKind; 5] = [
        ReportKind::Ropa,
        ReportKind::Requests,
        ReportKind::Retention,
        ReportKind::Audit,
        ReportKind::InspectionPack,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ReportKind::Ropa => "ropa",
            ReportKind::Requests => "requests",
            ReportKind::Retention => "retention",
            ReportKind::Audit => "audit",
            ReportKind::InspectionPack => "inspection-pack",
        }
    }

    pub fn parse(s: &str) -> Option<ReportKind> {
        ReportKind::ALL.into_iter().find(|k| k.code() == s)
    }

    pub fn title(self, lang: Lang) -> &'static str {
        let l = lang.labels();
        match self {
            ReportKind::Ropa => l.title_ropa,
            ReportKind::Requests => l.title_requests,
            ReportKind::Retention => l.title_retention,
            ReportKind::Audit => l.title_audit,
            ReportKind::InspectionPack => l.title_pack,
        }
    }

    pub fn scope(self, lang: Lang) -> &'static str {
        let l = lang.labels();
        match self {
            ReportKind::Ropa => l.scope_ropa,
            ReportKind::Requests => l.scope_requests,
            ReportKind::Retention => l.scope_retention,
            ReportKind::Audit => l.scope_audit,
            ReportKind::InspectionPack => l.scope_pack,
        }
    }
}

/// Paper size of the PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    /// Width and height in PDF points (1/72 inch).
    pub fn size_pt(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }

    pub fn parse(s: &str) -> Option<Paper> {
        match s.trim().to_ascii_lowercase().as_str() {
            "a4" => Some(Paper::A4),
            "letter" => Some(Paper::Letter),
            _ => None,
        }
    }
}

/// The state of the audit trail when the report was generated: printed on every report.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Integrity {
    pub audit_entries: u32,
    pub head_hash: Option<String>,
    pub chain_ok: bool,
    /// "DPO Cockpit 0.1.0 (user@host)" or similar.
    pub generated_by: String,
}

/// Public facts about the keys that sign the report, printed on the cover.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SignerFacts {
    /// The minisign public key ("RW…").
    pub minisign_public_key: String,
    /// SHA-256 of the minisign public key bytes and of the certificate (hex, grouped).
    pub fingerprint: String,
    /// Subject of the self-signed PDF signing certificate.
    pub certificate_subject: String,
}

/// What the title page states.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportMeta {
    pub kind: ReportKind,
    pub lang: Lang,
    pub title: String,
    pub organisation: String,
    pub dpo: String,
    pub scope: String,
    pub generated_at: DateTime<Utc>,
    pub as_of: NaiveDate,
    pub integrity: Integrity,
    pub signer: SignerFacts,
}

impl ReportMeta {
    /// The key-value lines of the title page, in order.
    pub fn title_lines(&self) -> Vec<(String, String)> {
        let l = self.lang.labels();
        let or_none = |s: &str| if s.trim().is_empty() { l.none.to_string() } else { s.to_string() };
        let mut v = vec![
            (l.organisation.to_string(), or_none(&self.organisation)),
            (l.dpo.to_string(), or_none(&self.dpo)),
            (l.scope.to_string(), self.scope.clone()),
            (l.as_of.to_string(), self.as_of.format("%Y-%m-%d").to_string()),
            (l.generated.to_string(), self.generated_at.format("%Y-%m-%d %H:%M:%S UTC").to_string()),
            (l.generated_by.to_string(), self.integrity.generated_by.clone()),
            (l.audit_entries.to_string(), self.integrity.audit_entries.to_string()),
            (l.head_hash.to_string(), self.integrity.head_hash.clone().unwrap_or_else(|| l.none.to_string())),
            (
                l.chain.to_string(),
                if self.integrity.chain_ok { l.chain_ok } else { l.chain_broken }.to_string(),
            ),
        ];
        if !self.signer.minisign_public_key.is_empty() {
            v.push((l.minisign_key.to_string(), self.signer.minisign_public_key.clone()));
            v.push((l.fingerprint.to_string(), self.signer.fingerprint.clone()));
            v.push((l.certificate.to_string(), self.signer.certificate_subject.clone()));
        }
        v
    }
}

/// A whole report: the title page facts and the sections that follow the table of contents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub meta: ReportMeta,
    pub paper: Paper,
    pub sections: Vec<Section>,
}

/// A section: one entry of the table of contents, starting on a new page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub title: String,
    pub blocks: Vec<Block>,
}

impl Section {
    /// A portrait section.
    pub fn new(title: impl Into<String>, blocks: Vec<Block>) -> Section {
        Section { title: title.into(), blocks }
    }
}

/// The content of a section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Block {
    /// A sub-heading (also listed in the table of contents, indented).
    Heading(String),
    Paragraph(String),
    /// Label-value lines.
    KeyValues(Vec<(String, String)>),
    Table(Table),
    BarChart(Chart),
    LineChart(Chart),
}

/// A table with a header row; cells wrap, and a table that breaks across pages repeats its header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// Name of the worksheet in the XLSX workbook.
    pub sheet: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
    /// A wide table (the compact record): set in smaller type on landscape pages, and so is the rest
    /// of the section that holds it.
    #[serde(default)]
    pub landscape: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub title: String,
    /// Relative width.
    pub weight: f32,
}

impl Table {
    pub fn new(sheet: &str, columns: &[(&str, f32)]) -> Table {
        Table {
            sheet: sheet.to_string(),
            columns: columns.iter().map(|(t, w)| Column { title: t.to_string(), weight: *w }).collect(),
            rows: vec![],
            landscape: false,
        }
    }
}

/// A chart: labelled values, drawn as vectors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chart {
    pub title: String,
    pub points: Vec<(String, f64)>,
}

impl Report {
    /// Every table of the report, in order (for the XLSX workbook).
    pub fn tables(&self) -> Vec<&Table> {
        self.sections
            .iter()
            .flat_map(|s| s.blocks.iter())
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .collect()
    }

    /// Every text the report prints in its sections (for tests and search).
    pub fn texts(&self) -> Vec<&str> {
        let mut out = vec![];
        for s in &self.sections {
            out.push(s.title.as_str());
            for b in &s.blocks {
                match b {
                    Block::Heading(t) | Block::Paragraph(t) => out.push(t),
                    Block::KeyValues(kv) => {
                        for (k, v) in kv {
                            out.push(k);
                            out.push(v);
                        }
                    }
                    Block::Table(t) => {
                        out.extend(t.columns.iter().map(|c| c.title.as_str()));
                        out.extend(t.rows.iter().flatten().map(String::as_str));
                    }
                    Block::BarChart(c) | Block::LineChart(c) => {
                        out.push(&c.title);
                        out.extend(c.points.iter().map(|p| p.0.as_str()));
                    }
                }
            }
        }
        out
    }
}
