//! The shapes that cross the API boundary (CLI JSON output, Tauri commands, generated TypeScript).
//! Register objects themselves come from `cockpit_domain`; this module adds the query, summary and
//! report types around them.

use chrono::NaiveDate;
use cockpit_domain::completeness::{Completeness, CompletenessBand};
use cockpit_domain::diff::FieldChange;
use cockpit_domain::validate::FieldError;
use cockpit_domain::*;
use serde::{Deserialize, Serialize};
use specta::Type;

/// One row of the register table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ActivitySummary {
    pub id: String,
    pub name: String,
    pub department: String,
    pub owner: String,
    pub role: Role,
    pub status: ActivityStatus,
    pub lawful_bases: Vec<LawfulBasis>,
    pub score: u32,
    pub band: CompletenessBand,
    pub next_review: Option<NaiveDate>,
    /// Destination countries of the activity's transfers.
    pub transfer_countries: Vec<String>,
    /// RFC 3339, UTC.
    pub updated_at: String,
    pub version: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(rename_all = "snake_case")]
pub enum ActivitySort {
    #[default]
    Id,
    Name,
    Department,
    Status,
    Score,
    NextReview,
    UpdatedAt,
}

/// Filters of the register table; every field is optional and they combine with AND.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type, Default)]
pub struct ActivityQuery {
    /// Case-insensitive search in id, name, description, purposes, department and owner.
    #[serde(default)]
    pub search: Option<String>,
    #[serde(default)]
    pub department: Option<String>,
    #[serde(default)]
    pub lawful_basis: Option<LawfulBasis>,
    #[serde(default)]
    pub status: Option<ActivityStatus>,
    #[serde(default)]
    pub band: Option<CompletenessBand>,
    #[serde(default)]
    pub sort: ActivitySort,
    #[serde(default)]
    pub descending: bool,
    #[serde(default)]
    pub offset: Option<u32>,
    #[serde(default)]
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ActivityPage {
    pub items: Vec<ActivitySummary>,
    /// Matching rows before offset/limit.
    pub total: u32,
}

/// An activity with its completeness and bookkeeping.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ActivityDetail {
    pub activity: Activity,
    pub completeness: Completeness,
    pub version: u32,
    pub created_at: String,
    pub updated_at: String,
}

/// One version of an activity, from the audit trail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ActivityVersion {
    pub version: u32,
    /// Audit entry number.
    pub seq: u32,
    pub at: String,
    pub actor: String,
    pub action: String,
    /// What changed compared with the previous version (everything, for the first).
    pub changes: Vec<FieldChange>,
    /// The activity as it stood after this change.
    pub snapshot: Activity,
}

/// The vocabularies of the register, for pickers in forms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type, Default)]
pub struct Vocabularies {
    pub data_subject_categories: Vec<DataSubjectCategory>,
    pub data_categories: Vec<DataCategory>,
    pub recipients: Vec<Recipient>,
    pub systems: Vec<System>,
    pub measures: Vec<Measure>,
    pub parties: Vec<Party>,
    /// Departments used by activities (not a vocabulary of its own; offered for filters).
    pub departments: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Csv,
    Json,
    Xlsx,
}

/// One import problem, located as a spreadsheet user would look for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ImportError {
    /// The table (CSV record type or XLSX sheet), e.g. "activities"; empty for file-level errors.
    pub table: String,
    /// 1-based row number in the file or sheet, counting the header as row 1; 0 for file-level errors.
    pub row: u32,
    /// Column name; empty when the whole row or file is concerned.
    pub column: String,
    pub message: String,
}

/// What an import added or changed (it either applies completely or not at all).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
pub struct ImportSummary {
    pub activities_created: u32,
    pub activities_updated: u32,
    pub activities_unchanged: u32,
    pub vocabulary_created: u32,
    pub vocabulary_updated: u32,
    pub organisation_changed: bool,
}

/// One entry of the audit trail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct AuditEntry {
    pub seq: u32,
    pub at: String,
    pub actor: String,
    pub object_type: String,
    pub object_id: String,
    pub action: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub prev_hash: String,
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type, Default)]
pub struct AuditQuery {
    #[serde(default)]
    pub object_type: Option<String>,
    #[serde(default)]
    pub object_id: Option<String>,
    /// Newest first; `before_seq` pages backwards.
    #[serde(default)]
    pub before_seq: Option<u32>,
    #[serde(default)]
    pub limit: Option<u32>,
}

/// The result of recomputing the audit hash chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct AuditVerification {
    pub ok: bool,
    pub entries: u32,
    /// Hash of the last entry (hex), when the chain verifies.
    pub head_hash: Option<String>,
    /// The first entry that does not verify.
    pub first_broken_seq: Option<u32>,
    pub problem: Option<String>,
    /// Register objects whose stored state differs from what the trail says (edited behind its back).
    pub register_mismatches: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct CountBy {
    pub key: String,
    pub count: u32,
}

/// The dashboard's figures, all computed from the register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Dashboard {
    pub activities: u32,
    pub by_status: Vec<CountBy>,
    pub by_band: Vec<CountBy>,
    pub by_lawful_basis: Vec<CountBy>,
    /// Transfers by destination country (activities transferring there).
    pub transfers_by_country: Vec<CountBy>,
    pub reviews_overdue: u32,
    pub average_score: u32,
    /// Whether the Art. 30(5) exemption could apply (head count under the threshold); the UI explains
    /// that it does not apply to non-occasional or risky processing.
    pub art30_5_headcount_exemption: Option<bool>,
}

/// Errors the UI can branch on; everything else is `internal` with a log id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Validation,
    NotFound,
    /// Not possible in the current state (a duplicate name, a closed request, a step the workflow
    /// does not allow).
    Conflict,
    /// The object changed since the caller read it (another window, user or bulk action): reload it
    /// and apply the change again.
    Stale,
    Import,
    /// The database is encrypted and no passphrase was given.
    Locked,
    /// The passphrase does not open the database.
    WrongPassphrase,
    Internal,
}

/// The error every API call returns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    /// Field errors for `validation`.
    #[serde(default)]
    pub fields: Vec<FieldError>,
    /// Row errors for `import`.
    #[serde(default)]
    pub rows: Vec<ImportError>,
}
