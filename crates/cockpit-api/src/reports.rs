//! Reports through the API: gather the data (the register, as of a date where asked; the requests; the
//! audit trail and its verification), build the report model, and render and sign it off the async
//! runtime. The installation's signing keys are created on first use, audited with their public parts.

use crate::dto::{ApiError, ErrorCode};
use crate::requests::RequestListQuery;
use crate::{AuditQuery, Cockpit, Result};
use chrono::NaiveDate;
use cockpit_report::{
    AuditLine, AuditSummary, Integrity, Lang, Paper, PublicKeys, Report, ReportInputs, ReportKind,
    ReportMeta, RequestLine, RetentionEvidence, SignedReport, SignerFacts, SigningKeys,
};
use cockpit_store::signing::{self, StoredKeys};
use cockpit_store::{audit, AsConn, StoreError};
use serde::{Deserialize, Serialize};

pub use cockpit_report::EmbeddedCheck;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRequest {
    pub kind: ReportKind,
    /// The register as it stood at the end of this day (the record part); default today.
    pub as_of: Option<NaiveDate>,
    pub lang: Lang,
    pub paper: Paper,
    /// Also produce the XLSX workbook of the report's tables.
    pub xlsx: bool,
    /// The file name the PDF will have (recorded in the minisign trusted comment).
    pub file_name: String,
}

/// The result of checking a report file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct ReportVerification {
    /// Both signatures match the file and were made with this installation's keys.
    pub ok: bool,
    pub embedded_valid: bool,
    pub embedded_signer: String,
    pub embedded_problem: Option<String>,
    /// The embedded signature's certificate is this installation's.
    pub signed_by_this_installation: bool,
    /// None when no `.minisig` was given.
    pub minisig_valid: Option<bool>,
    pub minisig_problem: Option<String>,
}

fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorCode::Internal, e.to_string())
}

fn keys_of(s: StoredKeys) -> SigningKeys {
    SigningKeys {
        p256_pkcs8_pem: s.p256_pkcs8_pem,
        certificate_pem: s.certificate_pem,
        minisign_secret: s.minisign_secret,
        minisign_public: s.minisign_public,
    }
}

impl Cockpit {
    /// The installation's signing keys, created (and the creation audited) on first use.
    pub async fn signing_keys(&self) -> Result<SigningKeys> {
        {
            let mut c = self.store.read().await?;
            if let Some(k) = signing::load(c.conn()).await? {
                return Ok(keys_of(k));
            }
        }
        let org = self.organisation().await?.map(|o| o.name).unwrap_or_default();
        let ctx = self.ctx();
        let keys = SigningKeys::generate(&org, ctx.at).map_err(internal)?;
        let public = keys.public().map_err(internal)?;
        let stored = StoredKeys {
            created_at: ctx.at_text(),
            p256_pkcs8_pem: keys.p256_pkcs8_pem.clone(),
            certificate_pem: keys.certificate_pem.clone(),
            minisign_secret: keys.minisign_secret.clone(),
            minisign_public: keys.minisign_public.clone(),
        };
        let mut tx = self.store.begin().await?;
        let stored = signing::insert_once(&mut tx, &ctx, &stored, &public).await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(keys_of(stored))
    }

    /// The public parts of the signing keys (creating the keys on first use).
    pub async fn report_public_keys(&self) -> Result<PublicKeys> {
        self.signing_keys().await?.public().map_err(internal)
    }

    /// Every request as the request report lists it, most recently received first.
    async fn request_lines(&self) -> Result<Vec<RequestLine>> {
        let mut out = vec![];
        let mut q = RequestListQuery {
            sort: Some("received".into()),
            desc: true,
            limit: Some(1000),
            ..Default::default()
        };
        loop {
            let page = self.list_requests(&q).await?;
            let n = page.items.len() as u32;
            out.extend(page.items.into_iter().map(|r| RequestLine {
                id: r.id,
                regime: r.regime,
                request_type: r.request_type,
                open: r.closed_on.is_none()
                    && !matches!(r.status.as_str(), "completed" | "refused" | "withdrawn"),
                status: r.status,
                received: r.received,
                due: r.due,
                clock_stopped: r.clock_stopped,
                closed_on: r.closed_on,
                on_time: r.on_time,
            }));
            if n < 1000 || out.len() as u32 >= page.total {
                break;
            }
            q.offset += n;
        }
        Ok(out)
    }

    async fn audit_summary(&self) -> Result<AuditSummary> {
        let v = self.verify_audit().await?;
        let by_type = {
            let mut c = self.store.read().await?;
            audit::count_by_type(c.conn()).await?
        };
        let recent = self.audit_log(AuditQuery { limit: Some(40), ..Default::default() }).await?;
        Ok(AuditSummary {
            ok: v.ok,
            entries: v.entries,
            head_hash: v.head_hash,
            first_broken_seq: v.first_broken_seq,
            problem: v.problem,
            mismatches: v.register_mismatches,
            by_type: by_type.into_iter().map(|(t, n)| (t, n as u32)).collect(),
            recent: recent
                .into_iter()
                .map(|e| AuditLine {
                    seq: e.seq,
                    at: e.at,
                    actor: e.actor,
                    object_type: e.object_type,
                    object_id: e.object_id,
                    action: e.action,
                })
                .collect(),
        })
    }

    /// The report as data, without rendering it (what the PDF and the workbook will show).
    pub async fn report_model(&self, req: &ReportRequest, public: Option<&PublicKeys>) -> Result<Report> {
        let today = self.today().await?;
        if let Some(d) = req.as_of.filter(|d| *d > today) {
            return Err(ApiError::new(
                ErrorCode::Validation,
                format!("--as-of {d} is in the future (today is {today})"),
            ));
        }
        if req.as_of.is_some() && !matches!(req.kind, ReportKind::Ropa | ReportKind::InspectionPack) {
            // Requests and the audit trail are reported as they stand today; a past date would be a
            // false statement on the title page.
            return Err(ApiError::new(
                ErrorCode::Validation,
                format!(
                    "--as-of applies to the record of processing activities, not to the {} report",
                    req.kind.code()
                ),
            ));
        }
        let register = self.register(req.as_of).await?;
        let requests = match req.kind {
            ReportKind::Requests | ReportKind::InspectionPack => self.request_lines().await?,
            _ => vec![],
        };
        let audit = self.audit_summary().await?;
        let evidence = match req.kind {
            ReportKind::Retention | ReportKind::InspectionPack => self.retention_evidence().await?,
            _ => None,
        };
        let retention: Option<&RetentionEvidence> = evidence.as_ref();
        let org = register.organisation.clone().unwrap_or_default();
        let dpo = [org.dpo_name.trim(), org.dpo_email.trim()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        let meta = ReportMeta {
            kind: req.kind,
            lang: req.lang,
            title: req.kind.title(req.lang).to_string(),
            organisation: org.name.clone(),
            dpo,
            scope: req.kind.scope(req.lang).to_string(),
            generated_at: self.clock.now(),
            as_of: req.as_of.unwrap_or(today),
            integrity: Integrity {
                audit_entries: audit.entries,
                head_hash: audit.head_hash.clone(),
                chain_ok: audit.ok,
                generated_by: format!("DPO Cockpit {} ({})", env!("CARGO_PKG_VERSION"), self.actor),
            },
            signer: public
                .map(|p| SignerFacts {
                    minisign_public_key: p.minisign_public_key.clone(),
                    fingerprint: p.certificate_fingerprint.clone(),
                    certificate_subject: p.certificate_subject.clone(),
                })
                .unwrap_or_default(),
        };
        let inputs =
            ReportInputs { register: &register, requests: &requests, retention, audit: &audit, today };
        Ok(cockpit_report::build_report(meta, req.paper, &inputs))
    }

    /// Builds, renders and signs a report. Rendering and signing run on the blocking pool.
    pub async fn generate_report(&self, req: &ReportRequest) -> Result<SignedReport> {
        let keys = self.signing_keys().await?;
        let public = keys.public().map_err(internal)?;
        let report = self.report_model(req, Some(&public)).await?;
        let at = self.clock.now();
        let name = req.file_name.clone();
        let xlsx = req.xlsx;
        tokio::task::spawn_blocking(move || cockpit_report::produce(&report, &keys, at, &name, xlsx))
            .await
            .map_err(internal)?
            .map_err(internal)
    }

    /// Checks a report file: its embedded signature against its bytes, and its `.minisig` (when given)
    /// against this installation's minisign key. `ok` only when both match and the certificate is ours.
    pub async fn verify_report(&self, pdf: Vec<u8>, minisig: Option<String>) -> Result<ReportVerification> {
        let keys = {
            let mut c = self.store.read().await?;
            signing::load(c.conn()).await?
        }
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::NotFound,
                "this database has no report-signing keys: it has not produced any report",
            )
        })?;
        let public = keys_of(keys).public().map_err(internal)?;
        tokio::task::spawn_blocking(move || {
            let e = cockpit_report::check_embedded(&pdf);
            let ours = e.certificate_fingerprint == public.certificate_fingerprint;
            let (minisig_valid, minisig_problem) = match &minisig {
                None => (None, None),
                Some(sig) => match cockpit_report::check_minisig(&pdf, sig, &public.minisign_public_key) {
                    Ok(()) => (Some(true), None),
                    Err(p) => (Some(false), Some(p)),
                },
            };
            ReportVerification {
                ok: e.valid && ours && minisig_valid != Some(false),
                embedded_valid: e.valid,
                embedded_signer: e.signer,
                embedded_problem: e.problem,
                signed_by_this_installation: ours,
                minisig_valid,
                minisig_problem,
            }
        })
        .await
        .map_err(internal)
    }
}

impl Cockpit {
    /// The retention schedule (rules with their targets, periods and active holds) and the runs with
    /// their counts and digests; `None` when no rule was ever defined.
    async fn retention_evidence(&self) -> Result<Option<RetentionEvidence>> {
        use cockpit_domain::retention::RetentionTarget;
        let rules = self.retention_rules().await?;
        if rules.is_empty() {
            return Ok(None);
        }
        let holds = self.list_holds(false).await?;
        let rules_lines = rules
            .iter()
            .map(|i| {
                let r = &i.rule;
                cockpit_report::RetentionRuleLine {
                    name: r.name.clone(),
                    datastore: r.datastore.clone(),
                    table: match &r.target {
                        RetentionTarget::Table { table, time_column, .. } => {
                            format!("{table} ({time_column})")
                        }
                        RetentionTarget::Folder { glob } => glob.clone(),
                    },
                    keep: format!("{} — {}", r.keep, r.keep.describe()),
                    holds: holds.iter().filter(|h| h.covers_rule(&r.name, r.activity.as_deref())).count()
                        as u32,
                }
            })
            .collect();
        let runs = self
            .retention_runs(None, 10_000)
            .await?
            .into_iter()
            .map(|r| cockpit_report::RetentionRunLine {
                run_id: r.id.to_string(),
                rule: r.rule,
                date: r.started_at.get(..10).unwrap_or_default().to_string(),
                status: r.status,
                affected: r.affected,
                held: r.held,
                digest: r.digest.unwrap_or_default(),
            })
            .collect();
        Ok(Some(RetentionEvidence { rules: rules_lines, runs }))
    }
}

impl Cockpit {
    /// The deletion certificate of a retention run as a signed PDF (with its `.minisig`), laid out like
    /// every report: title page with the audit head and signing keys, then the evidence. Labels are in
    /// English; the values are the run's stored evidence, with the digest recomputed from the batches.
    pub async fn retention_certificate_pdf(
        &self,
        run_id: i64,
        paper: Paper,
        file_name: &str,
    ) -> Result<SignedReport> {
        use cockpit_report::{Block, Section, Table};
        let cert = self.retention_certificate(run_id).await?;
        let keys = self.signing_keys().await?;
        let public = keys.public().map_err(internal)?;
        let req = ReportRequest {
            kind: ReportKind::Retention,
            as_of: None,
            lang: Lang::En,
            paper,
            xlsx: false,
            file_name: file_name.to_string(),
        };
        let mut report = self.report_model(&req, Some(&public)).await?;
        let r = &cert.run;
        let rule = &cert.rule;
        report.meta.title = format!("Deletion certificate — retention run {}", r.id);
        report.meta.scope = format!(
            "What retention run {} of rule '{}' deleted or anonymised, with the evidence to check it",
            r.id, rule.name
        );
        let target = match &rule.target {
            cockpit_domain::retention::RetentionTarget::Table {
                table,
                time_column,
                time_format,
                key_column,
                filters,
            } => {
                let mut t = format!(
                    "table {table}, dated by {time_column} ({}), key {key_column}",
                    time_format.code()
                );
                for f in filters {
                    t.push_str(&format!(", where {f}"));
                }
                t
            }
            cockpit_domain::retention::RetentionTarget::Folder { glob } => {
                format!("files matching {glob}, dated by modification time")
            }
        };
        let action = match &rule.action {
            cockpit_domain::retention::RetentionAction::Anonymize { columns } => {
                format!("anonymise {}", columns.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", "))
            }
            other => other.code().to_string(),
        };
        let yes_no = |b: bool| if b { "yes".to_string() } else { "NO".to_string() };
        let mut facts = vec![
            ("Rule".to_string(), format!("{} (version {})", rule.name, r.rule_version)),
            (
                "Datastore".to_string(),
                format!("{} ({}, {})", cert.datastore.name, cert.datastore.kind, cert.datastore.url),
            ),
            ("Target".to_string(), target),
            ("Retention period".to_string(), format!("{} — {}", rule.keep, rule.keep.describe())),
            ("Action".to_string(), action),
            ("Cutoff".to_string(), format!("{} (entries dated before it)", r.cutoff)),
            (
                "Trigger".to_string(),
                match &r.slot {
                    Some(s) => format!("{} (slot {s})", r.trigger),
                    None => r.trigger.clone(),
                },
            ),
            ("Started".to_string(), r.started_at.clone()),
            ("Finished".to_string(), r.finished_at.clone().unwrap_or_else(|| "not finished".into())),
            (
                "Status".to_string(),
                if r.resumed > 0 {
                    format!("{} (resumed {} time(s) after an interruption)", r.status, r.resumed)
                } else {
                    r.status.clone()
                },
            ),
            ("Planned".to_string(), r.planned.to_string()),
            ("Affected".to_string(), r.affected.to_string()),
            ("Held (kept)".to_string(), r.held.to_string()),
            ("Batches".to_string(), r.batches.to_string()),
            ("Digest (recomputed)".to_string(), cert.recomputed_digest.clone()),
            (
                "Digest in the audit trail".to_string(),
                cert.audited_digest.clone().unwrap_or_else(|| "none".into()),
            ),
            ("Evidence consistent".to_string(), yes_no(cert.evidence_consistent)),
            ("Audit chain verifies".to_string(), yes_no(cert.audit_chain_ok)),
        ];
        if let Some(a) = &rule.activity {
            let mut v = a.clone();
            if let Some(n) = &cert.activity_name {
                v.push_str(&format!(" — {n}"));
            }
            if let Some(d) = &rule.data_category {
                v.push_str(&format!(" / data category {d}"));
            }
            facts.insert(1, ("Processing activity".to_string(), v));
        }
        for e in &r.errors {
            facts.push(("Error".to_string(), e.clone()));
        }
        let mut batches = Table::new(
            "Batches",
            &[
                ("Batch", 0.7),
                ("Count", 0.8),
                ("Held", 0.7),
                ("First key", 1.6),
                ("Last key", 1.6),
                ("ms", 0.6),
                ("Digest (SHA-256)", 4.0),
            ],
        );
        for b in &cert.batches {
            batches.rows.push(vec![
                format!("{}{}", b.n, if b.recovered { " *" } else { "" }),
                b.count.to_string(),
                b.held.to_string(),
                b.first_key.clone().unwrap_or_default(),
                b.last_key.clone().unwrap_or_default(),
                b.ms.to_string(),
                b.digest.clone(),
            ]);
        }
        report.sections = vec![
            Section {
                title: "Certificate".into(),
                blocks: vec![
                    Block::KeyValues(facts),
                    Block::Paragraph(
                        "The digest of each batch is SHA-256 over its affected keys, one per line, in key order; the \
                         run's digest is SHA-256 over the batch digests, one per line, in batch order. The run's \
                         closing entry in the audit hash chain records the same digest and counts."
                            .into(),
                    ),
                ],
            },
            Section {
                title: "Batches".into(),
                blocks: vec![
                    Block::Paragraph(
                        "Each batch was one short transaction on the datastore. * marks a batch whose commit was \
                         confirmed after an interruption (its keys were checked on the datastore)."
                            .into(),
                    ),
                    Block::Table(batches),
                ],
            },
        ];
        let at = self.clock.now();
        let name = file_name.to_string();
        tokio::task::spawn_blocking(move || cockpit_report::produce(&report, &keys, at, &name, false))
            .await
            .map_err(internal)?
            .map_err(internal)
    }
}

// -------------------------------------------------------------------------------------------------
// Reports for interactive callers (the desktop UI): the same choices as plain data, coarse progress,
// and the minisign signature made when the file's name is known.

/// Which report, as the UI names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum ReportScope {
    Ropa,
    Requests,
    Retention,
    Audit,
    InspectionPack,
}

impl From<ReportScope> for ReportKind {
    fn from(s: ReportScope) -> ReportKind {
        match s {
            ReportScope::Ropa => ReportKind::Ropa,
            ReportScope::Requests => ReportKind::Requests,
            ReportScope::Retention => ReportKind::Retention,
            ReportScope::Audit => ReportKind::Audit,
            ReportScope::InspectionPack => ReportKind::InspectionPack,
        }
    }
}

/// The language a report is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum ReportLanguage {
    En,
    Es,
    De,
    Fr,
}

impl From<ReportLanguage> for Lang {
    fn from(l: ReportLanguage) -> Lang {
        match l {
            ReportLanguage::En => Lang::En,
            ReportLanguage::Es => Lang::Es,
            ReportLanguage::De => Lang::De,
            ReportLanguage::Fr => Lang::Fr,
        }
    }
}

/// Paper size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum ReportPaper {
    A4,
    Letter,
}

impl From<ReportPaper> for Paper {
    fn from(p: ReportPaper) -> Paper {
        match p {
            ReportPaper::A4 => Paper::A4,
            ReportPaper::Letter => Paper::Letter,
        }
    }
}

/// What to generate, as the UI asks for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct ReportOptions {
    pub scope: ReportScope,
    /// The register as it stood at the end of this day (ROPA and inspection pack only); none = today.
    pub as_of: Option<NaiveDate>,
    pub language: ReportLanguage,
    pub paper: ReportPaper,
    /// Also produce the XLSX workbook of the report's tables.
    pub xlsx: bool,
}

/// The coarse stages of producing a report, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ReportStage {
    /// Reading the register, the requests, the retention evidence and the audit trail.
    Collecting,
    /// Laying out and rendering the PDF.
    Rendering,
    /// The embedded (PAdES) signature.
    Signing,
    /// The XLSX workbook (only when asked for).
    Tabulating,
    /// Finished.
    Done,
}

/// A rendered and PAdES-signed report, before it has a file name. Its minisign signature is made by
/// [`Cockpit::minisign_report`] once the name is chosen, because the signature's trusted comment names
/// the file (as `cockpit report` writes it).
#[derive(Debug, Clone)]
pub struct PreparedReport {
    pub pdf: Vec<u8>,
    pub xlsx: Option<Vec<u8>>,
    pub pages: usize,
    pub kind: ReportKind,
    pub generated_at: chrono::DateTime<chrono::Utc>,
    pub as_of: NaiveDate,
    pub audit_head: Option<String>,
}

impl PreparedReport {
    /// The minisign trusted comment for the file `file_name`; the same text as `cockpit_report::produce`
    /// writes (a test compares them).
    pub fn trusted_comment(&self, file_name: &str) -> String {
        format!(
            "DPO Cockpit report {} file:{} generated:{} as-of:{} audit-head:{}",
            self.kind.code(),
            file_name,
            self.generated_at.format("%Y-%m-%dT%H:%M:%SZ"),
            self.as_of.format("%Y-%m-%d"),
            self.audit_head.as_deref().unwrap_or("none"),
        )
    }

    /// A file name to suggest: `ropa-2026-11-29.pdf`.
    pub fn suggested_file_name(&self) -> String {
        format!("{}-{}.pdf", self.kind.code(), self.as_of.format("%Y-%m-%d"))
    }
}

/// The public parts of the installation's signing keys, for the UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct ReportKeys {
    /// The minisign public key ("RW…"), for `minisign -P`.
    pub minisign_public_key: String,
    pub minisign_key_id: String,
    /// SHA-256 of the PDF signing certificate (DER), hex.
    pub certificate_fingerprint: String,
    pub certificate_subject: String,
}

impl Cockpit {
    /// The public signing keys as [`ReportKeys`] (creating the keys on first use).
    pub async fn report_keys(&self) -> Result<ReportKeys> {
        let p = self.report_public_keys().await?;
        Ok(ReportKeys {
            minisign_public_key: p.minisign_public_key,
            minisign_key_id: p.minisign_key_id,
            certificate_fingerprint: p.certificate_fingerprint,
            certificate_subject: p.certificate_subject,
        })
    }

    /// Builds, renders and PAdES-signs a report like [`Cockpit::generate_report`], telling `progress`
    /// each stage as it begins (and `Done` at the end). Rendering and signing run on the blocking pool.
    pub async fn prepare_report(
        &self,
        options: &ReportOptions,
        progress: impl Fn(ReportStage) + Send + Sync + 'static,
    ) -> Result<PreparedReport> {
        let progress = std::sync::Arc::new(progress);
        progress(ReportStage::Collecting);
        let req = ReportRequest {
            kind: options.scope.into(),
            as_of: options.as_of,
            lang: options.language.into(),
            paper: options.paper.into(),
            xlsx: options.xlsx,
            file_name: String::new(),
        };
        let keys = self.signing_keys().await?;
        let public = keys.public().map_err(internal)?;
        let report = self.report_model(&req, Some(&public)).await?;
        let at = self.clock.now();
        let xlsx = options.xlsx;
        let p = progress.clone();
        let prepared = tokio::task::spawn_blocking(move || -> std::result::Result<PreparedReport, String> {
            p(ReportStage::Rendering);
            let (doc, rendered) = cockpit_report::pdf::render(&report);
            p(ReportStage::Signing);
            let reason = format!("{} — {}", report.meta.title, report.meta.as_of.format("%Y-%m-%d"));
            let pdf = keys.sign_pdf(doc, at, &reason).map_err(|e| e.to_string())?;
            let xlsx = if xlsx {
                p(ReportStage::Tabulating);
                Some(cockpit_report::xlsx::workbook(&report).map_err(|e| e.to_string())?)
            } else {
                None
            };
            Ok(PreparedReport {
                pdf,
                xlsx,
                pages: rendered.doc_pages,
                kind: report.meta.kind,
                generated_at: report.meta.generated_at,
                as_of: report.meta.as_of,
                audit_head: report.meta.integrity.head_hash.clone(),
            })
        })
        .await
        .map_err(internal)?
        .map_err(internal)?;
        progress(ReportStage::Done);
        Ok(prepared)
    }

    /// The detached minisign signature of a prepared report saved as `file_name`.
    pub async fn minisign_report(&self, report: &PreparedReport, file_name: &str) -> Result<String> {
        let keys = self.signing_keys().await?;
        let comment = report.trusted_comment(file_name);
        let pdf = report.pdf.clone();
        tokio::task::spawn_blocking(move || keys.minisign(&pdf, &comment))
            .await
            .map_err(internal)?
            .map_err(internal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cockpit_domain::FixedClock;
    use std::sync::{Arc, Mutex};

    fn trusted_comment(minisig: &str) -> String {
        minisig
            .lines()
            .find_map(|l| l.strip_prefix("trusted comment: "))
            .expect("a minisign signature has a trusted comment")
            .to_string()
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn a_prepared_report_reports_its_stages_and_is_signed_like_the_cli_does() {
        let dir = tempfile::tempdir().unwrap();
        let at =
            chrono::DateTime::parse_from_rfc3339("2026-11-29T10:00:00Z").unwrap().with_timezone(&chrono::Utc);
        let c = Cockpit::open_with(&dir.path().join("c.db"), Arc::new(FixedClock::new(at)), "dpo".into())
            .await
            .unwrap();
        c.init(Some(crate::DemoLanguage::En)).await.unwrap();
        let options = ReportOptions {
            scope: ReportScope::Ropa,
            as_of: None,
            language: ReportLanguage::Es,
            paper: ReportPaper::A4,
            xlsx: true,
        };
        let seen = Arc::new(Mutex::new(Vec::new()));
        let s = seen.clone();
        let prepared = c.prepare_report(&options, move |stage| s.lock().unwrap().push(stage)).await.unwrap();
        assert_eq!(
            *seen.lock().unwrap(),
            vec![
                ReportStage::Collecting,
                ReportStage::Rendering,
                ReportStage::Signing,
                ReportStage::Tabulating,
                ReportStage::Done
            ]
        );
        assert!(prepared.pdf.starts_with(b"%PDF"));
        assert!(prepared.pages >= 2);
        assert!(prepared.xlsx.as_ref().is_some_and(|x| x.starts_with(b"PK")));
        assert_eq!(prepared.suggested_file_name(), "ropa-2026-11-29.pdf");

        // The detached signature names the chosen file, in the same words as `cockpit report` (produce).
        let minisig = c.minisign_report(&prepared, "registro.pdf").await.unwrap();
        let cli = c
            .generate_report(&ReportRequest {
                kind: ReportKind::Ropa,
                as_of: None,
                lang: Lang::Es,
                paper: Paper::A4,
                xlsx: false,
                file_name: "registro.pdf".into(),
            })
            .await
            .unwrap();
        assert_eq!(trusted_comment(&minisig), trusted_comment(&cli.minisig));
        assert!(trusted_comment(&minisig).contains("file:registro.pdf"));

        // Both signatures verify; a changed byte does not.
        let ok = c.verify_report(prepared.pdf.clone(), Some(minisig.clone())).await.unwrap();
        assert!(ok.ok && ok.embedded_valid && ok.minisig_valid == Some(true), "{ok:?}");
        let mut tampered = prepared.pdf.clone();
        let i = tampered.len() / 2;
        tampered[i] ^= 1;
        let bad = c.verify_report(tampered, Some(minisig)).await.unwrap();
        assert!(!bad.ok);
        assert_eq!(bad.minisig_valid, Some(false));
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn a_refused_report_stops_after_collecting() {
        let dir = tempfile::tempdir().unwrap();
        let c = Cockpit::open(&dir.path().join("c.db")).await.unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let s = seen.clone();
        let options = ReportOptions {
            scope: ReportScope::Audit,
            as_of: Some(NaiveDate::from_ymd_opt(2020, 1, 1).unwrap()),
            language: ReportLanguage::En,
            paper: ReportPaper::Letter,
            xlsx: false,
        };
        let err = c.prepare_report(&options, move |stage| s.lock().unwrap().push(stage)).await.unwrap_err();
        assert_eq!(err.code, ErrorCode::Validation);
        assert_eq!(*seen.lock().unwrap(), vec![ReportStage::Collecting]);
    }
}
