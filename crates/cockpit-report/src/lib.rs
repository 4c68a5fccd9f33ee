//! Audit reports of DPO Cockpit as signed PDFs (and their tables as XLSX).
//!
//! The layers, in the order a report passes through them:
//! - [`model`]: what a report contains, as plain data (sections, headings, paragraphs, key-value lines,
//!   tables, charts), and [`build`]: the pure functions that fill it from the register, the requests,
//!   the retention evidence and the audit trail. Tests check reports here, as data.
//! - [`pdf`]: the layout and the rendering (synchronous CPU work: callers on an async runtime run it
//!   with `spawn_blocking`). printpdf is the PDF library of record: it parses the fonts and builds the
//!   document (catalog, page tree, information, outline). The page content streams are written by this
//!   crate directly as PDF operators and assembled with lopdf (printpdf's own object model), because
//!   going through printpdf's operation list cost a 4,000-page record most of its time and memory.
//! - [`sign`]: the embedded PAdES signature, the detached minisign signature, and their verification;
//!   [`own_certificate`]: checking an organisation's own certificate before it signs.
//! - [`xlsx`]: the same tables as a workbook.
//! - [`letter`]: a letter to a requester (text from `cockpit_domain::letters`) set as a PDF with the
//!   same fonts.
//! - [`i18n`]: labels in EN, ES, DE and FR; [`certificate`]: a retention run's deletion certificate as
//!   sections, in the same four languages.
//!
//! This crate does no IO of its own and never reads the clock: the caller passes every input and time.

pub mod build;
pub mod certificate;
pub mod i18n;
pub mod letter;
pub mod model;
pub mod own_certificate;
pub mod pdf;
pub mod sign;
pub mod xlsx;

pub use build::*;
pub use i18n::Lang;
pub use model::*;
pub use sign::{
    check_embedded, check_minisig, EmbeddedCheck, ImportedSigner, PublicKeys, SignError, SigningKeys,
};

use chrono::{DateTime, Utc};

/// A finished report: the signed PDF, its minisign signature and (when asked for) the workbook.
#[derive(Debug, Clone)]
pub struct SignedReport {
    pub pdf: Vec<u8>,
    pub minisig: String,
    pub xlsx: Option<Vec<u8>>,
    pub pages: usize,
}

/// Renders, signs (PAdES + minisign) and, with `xlsx`, tabulates a report.
pub fn produce(
    report: &Report,
    keys: &SigningKeys,
    signing_time: DateTime<Utc>,
    file_name: &str,
    xlsx: bool,
) -> Result<SignedReport, SignError> {
    let (doc, rendered) = pdf::render(report);
    let reason = format!("{} — {}", report.meta.title, report.meta.as_of.format("%Y-%m-%d"));
    let pdf = keys.sign_pdf(doc, signing_time, &reason)?;
    let comment = format!(
        "DPO Cockpit report {} file:{} generated:{} as-of:{} audit-head:{}",
        report.meta.kind.code(),
        file_name,
        report.meta.generated_at.format("%Y-%m-%dT%H:%M:%SZ"),
        report.meta.as_of.format("%Y-%m-%d"),
        report.meta.integrity.head_hash.as_deref().unwrap_or("none"),
    );
    let minisig = keys.minisign(&pdf, &comment)?;
    let xlsx = if xlsx { Some(xlsx::workbook(report).map_err(SignError::Xlsx)?) } else { None };
    Ok(SignedReport { pdf, minisig, xlsx, pages: rendered.doc_pages })
}
