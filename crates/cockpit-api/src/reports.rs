//! Reports through the API: gather the data (the register, as of a date where asked; the requests; the
//! audit trail and its verification), build the report model, and render and sign it off the async
//! runtime. The installation's signing keys are created on first use, audited with their public parts.

use crate::dto::{ApiError, ErrorCode};
use crate::requests::RequestListQuery;
use crate::{AuditQuery, Cockpit, Result};
use chrono::NaiveDate;
use cockpit_report::own_certificate::{
    prepare_import, ImportError as CertImportError, ImportedCertificateFacts,
};
use cockpit_report::{
    AuditLine, AuditSummary, ImportedSigner, Integrity, Lang, Paper, PublicKeys, Report, ReportInputs,
    ReportKind, ReportMeta, RequestLine, RetentionEvidence, SignedReport, SignerFacts, SigningKeys,
};
use cockpit_store::signing::{self, StoredCertificate, StoredKeys};
use cockpit_store::{audit, AsConn, StoreError};
use serde::{Deserialize, Serialize};

pub use cockpit_report::own_certificate::CertificateFile;
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

fn keys_of(s: StoredKeys, active: Option<StoredCertificate>) -> SigningKeys {
    SigningKeys {
        p256_pkcs8_pem: s.p256_pkcs8_pem,
        certificate_pem: s.certificate_pem,
        minisign_secret: s.minisign_secret,
        minisign_public: s.minisign_public,
        imported: active.and_then(|c| {
            c.key_pkcs8_pem.map(|key| ImportedSigner { key_pkcs8_pem: key, chain_pem: c.chain_pem })
        }),
    }
}

/// An imported signing certificate, as the trail records it (public parts only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct CertificateRecord {
    #[serde(flatten)]
    facts: ImportedCertificateFacts,
    /// SHA-256 (hex) of the stored chain, so that a chain swapped behind the application's back shows.
    chain_sha256: String,
    imported_at: String,
    retired_at: Option<String>,
}

/// An imported signing certificate, for the UI and the CLI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct SigningCertificate {
    pub id: i64,
    pub subject: String,
    pub issuer: String,
    /// The serial number, hex.
    pub serial: String,
    /// RFC 3339, UTC.
    pub not_before: String,
    pub not_after: String,
    /// SHA-256 of the certificate (DER), hex in groups of four.
    pub fingerprint: String,
    /// "ECDSA P-256" or "RSA 3072".
    pub key_algorithm: String,
    /// The issuers carried with it, nearest first.
    pub issuers: Vec<String>,
    pub self_issued: bool,
    pub imported_at: String,
    pub retired_at: Option<String>,
    /// It signs the reports now.
    pub active: bool,
}

/// The certificate files a user chose, with the password that opens them (for PKCS#12 files and
/// encrypted keys).
#[derive(Debug, Clone)]
pub struct CertificateImport {
    pub files: Vec<CertificateFile>,
    pub password: Option<String>,
}

fn sha256_hex(s: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(s.as_bytes()))
}

fn certificate_view(c: &StoredCertificate) -> Result<SigningCertificate> {
    let r: CertificateRecord = serde_json::from_value(c.data.clone()).map_err(internal)?;
    Ok(SigningCertificate {
        id: c.id,
        subject: r.facts.subject,
        issuer: r.facts.issuer,
        serial: r.facts.serial,
        not_before: r.facts.not_before.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        not_after: r.facts.not_after.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        fingerprint: r.facts.fingerprint,
        key_algorithm: r.facts.key_algorithm,
        issuers: r.facts.issuers,
        self_issued: r.facts.self_issued,
        imported_at: r.imported_at,
        retired_at: r.retired_at,
        active: c.active,
    })
}

impl Cockpit {
    /// The installation's signing keys, created (and the creation audited) on first use; with the
    /// organisation's own certificate when one was imported.
    pub async fn signing_keys(&self) -> Result<SigningKeys> {
        {
            let mut c = self.store.read().await?;
            if let Some(k) = signing::load(c.conn()).await? {
                let active = signing::active_certificate(c.conn()).await?;
                return Ok(keys_of(k, active));
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
        let active = signing::active_certificate(&mut tx).await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(keys_of(stored, active))
    }

    /// Imports the organisation's own signing certificate (PKCS#12, or PEM certificate(s) and key):
    /// checked first ([`cockpit_report::own_certificate::prepare_import`]), then stored as the active
    /// certificate, the previous one retired; both audited with the public parts only. From now on the
    /// embedded PDF signature is made with it. A wrong password is `wrong_passphrase`; anything else
    /// wrong is `validation`, with the reason, and nothing is stored.
    pub async fn import_signing_certificate(&self, import: CertificateImport) -> Result<SigningCertificate> {
        if import.files.is_empty() {
            return Err(ApiError::new(ErrorCode::Validation, "choose the certificate file(s)"));
        }
        // The installation's own keys first (the minisign key stays, and the self-signed certificate
        // keeps verifying earlier reports).
        self.signing_keys().await?;
        let now = self.clock.now();
        let (signer, facts) = tokio::task::spawn_blocking(move || {
            prepare_import(&import.files, import.password.as_deref(), now)
        })
        .await
        .map_err(internal)?
        .map_err(|e| match e {
            CertImportError::WrongPassword(what) => {
                ApiError::new(ErrorCode::WrongPassphrase, format!("the password does not open {what}"))
            }
            CertImportError::Invalid(why) => ApiError::new(ErrorCode::Validation, why),
        })?;
        let ctx = self.ctx();
        let record = CertificateRecord {
            facts,
            chain_sha256: sha256_hex(&signer.chain_pem),
            imported_at: ctx.at_text(),
            retired_at: None,
        };
        let data = serde_json::to_value(&record).map_err(internal)?;
        let mut tx = self.store.begin().await?;
        let id = signing::insert_certificate(&mut tx, &ctx, &data, &signer.chain_pem, &signer.key_pkcs8_pem)
            .await?;
        tx.commit().await.map_err(StoreError::from)?;
        self.signing_certificates()
            .await?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or_else(|| internal("the imported certificate was not stored"))
    }

    /// Stops signing with the imported certificate: the installation's self-signed certificate signs
    /// again. The retired certificate loses its key and keeps its public parts (earlier reports still
    /// verify). Audited. False when no imported certificate was active.
    pub async fn retire_signing_certificate(&self) -> Result<bool> {
        let ctx = self.ctx();
        let mut tx = self.store.begin().await?;
        let retired = signing::retire_active(&mut tx, &ctx, &ctx.at_text()).await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(retired.is_some())
    }

    /// Every imported signing certificate, the active one and the retired ones, oldest first.
    pub async fn signing_certificates(&self) -> Result<Vec<SigningCertificate>> {
        let mut c = self.store.read().await?;
        signing::certificates(c.conn()).await?.iter().map(certificate_view).collect()
    }

    /// Imported certificates whose stored state is not the last one the trail recorded, or whose chain
    /// is not the one imported: for [`Cockpit::verify_audit`].
    pub(crate) async fn signing_certificate_mismatches(&self) -> Result<Vec<String>> {
        let mut out = vec![];
        let mut c = self.store.read().await?;
        let stored = signing::certificates(c.conn()).await?;
        let trail: std::collections::HashMap<String, Option<String>> =
            audit::latest_states(c.conn(), signing::SIGNING_CERTIFICATE).await?.into_iter().collect();
        for s in &stored {
            let now = audit::canonical_json(&s.data);
            match trail.get(&s.id.to_string()) {
                Some(Some(t)) if *t == now => {}
                _ => out.push(format!("signing certificate {} differs from its last audited version", s.id)),
            }
            let record: Option<CertificateRecord> = serde_json::from_value(s.data.clone()).ok();
            if record.map(|r| r.chain_sha256) != Some(sha256_hex(&s.chain_pem)) {
                out.push(format!("signing certificate {}: the stored chain is not the one imported", s.id));
            }
            if s.active == s.key_pkcs8_pem.is_none() {
                out.push(format!("signing certificate {}: its key does not match its state", s.id));
            }
        }
        if trail.len() != stored.len() {
            out.push(format!(
                "signing certificates: the trail records {}, the database holds {}",
                trail.len(),
                stored.len()
            ));
        }
        Ok(out)
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
        let (keys, imported) = {
            let mut c = self.store.read().await?;
            (signing::load(c.conn()).await?, signing::certificates(c.conn()).await?)
        };
        let keys = keys.ok_or_else(|| {
            ApiError::new(
                ErrorCode::NotFound,
                "this database has no report-signing keys: it has not produced any report",
            )
        })?;
        let keys = keys_of(keys, None);
        let public = keys.public().map_err(internal)?;
        // Every certificate this installation has signed with: its self-signed one and every imported
        // one (retired ones included, so that earlier reports still verify).
        let mut ours_fps = vec![public.certificate_fingerprint.clone()];
        for c in &imported {
            ours_fps.push(certificate_view(c)?.fingerprint);
        }
        tokio::task::spawn_blocking(move || {
            let e = cockpit_report::check_embedded(&pdf);
            let ours = ours_fps.contains(&e.certificate_fingerprint);
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
    /// every report: title page with the audit head and signing keys, then the evidence, in `lang`. The
    /// values are the run's stored evidence, with the digest recomputed from the batches.
    pub async fn retention_certificate_pdf(
        &self,
        run_id: i64,
        lang: Lang,
        paper: Paper,
        file_name: &str,
    ) -> Result<SignedReport> {
        use cockpit_report::certificate::{self, CertificateBatch, CertificateInput, CertificateRun};
        let cert = self.retention_certificate(run_id).await?;
        let keys = self.signing_keys().await?;
        let public = keys.public().map_err(internal)?;
        let req = ReportRequest {
            kind: ReportKind::Retention,
            as_of: None,
            lang,
            paper,
            xlsx: false,
            file_name: file_name.to_string(),
        };
        let mut report = self.report_model(&req, Some(&public)).await?;
        let r = cert.run;
        let input = CertificateInput {
            run: CertificateRun {
                id: r.id,
                rule_version: r.rule_version,
                trigger: r.trigger,
                slot: r.slot,
                cutoff: r.cutoff,
                started_at: r.started_at,
                finished_at: r.finished_at,
                status: r.status,
                resumed: r.resumed,
                planned: r.planned,
                affected: r.affected,
                held: r.held,
                batches: r.batches,
                errors: r.errors,
            },
            rule: cert.rule,
            datastore_name: cert.datastore.name,
            datastore_kind: cert.datastore.kind,
            datastore_url: cert.datastore.url,
            activity_name: cert.activity_name,
            batches: cert
                .batches
                .into_iter()
                .map(|b| CertificateBatch {
                    n: b.n,
                    recovered: b.recovered,
                    count: b.count.into(),
                    held: b.held.into(),
                    first_key: b.first_key,
                    last_key: b.last_key,
                    ms: b.ms.into(),
                    digest: b.digest,
                })
                .collect(),
            recomputed_digest: cert.recomputed_digest,
            audited_digest: cert.audited_digest,
            evidence_consistent: cert.evidence_consistent,
            audit_chain_ok: cert.audit_chain_ok,
        };
        let text = certificate::certificate(&input, lang);
        report.meta.title = text.title;
        report.meta.scope = text.scope;
        report.sections = text.sections;
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
    /// Who issued it (its own subject when self-signed).
    pub certificate_issuer: String,
    /// Its last valid day (YYYY-MM-DD).
    pub certificate_valid_until: String,
    /// It is the organisation's own, imported certificate (else the installation's self-signed one).
    pub certificate_imported: bool,
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
            certificate_issuer: p.certificate_issuer,
            certificate_valid_until: p.certificate_valid_until,
            certificate_imported: p.certificate_imported,
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
