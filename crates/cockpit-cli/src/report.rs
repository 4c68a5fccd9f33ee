//! `cockpit report …`: signed PDF reports (and their tables as XLSX), the installation's public keys,
//! and the verification of a report file.

use crate::{print_json, Outcome};
use anyhow::Context;
use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};
use cockpit_api::reports::ReportRequest;
use cockpit_api::Cockpit;
use cockpit_report::{Lang, Paper, ReportKind};
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum ReportCommand {
    /// The record of processing activities (GDPR Art. 30(1) and 30(2)).
    Ropa(GenerateArgs),
    /// The register of data-subject requests with its key figures and charts.
    Requests(GenerateArgs),
    /// Retention rules and erasure runs.
    Retention(GenerateArgs),
    /// The audit trail: its verification, head hash and recent changes.
    Audit(GenerateArgs),
    /// All of the above in one PDF with a cover letter (add --xlsx for the tables as a workbook).
    InspectionPack(GenerateArgs),
    /// Print the installation's minisign public key (first line) and the PDF certificate's fingerprint.
    PublicKey {
        /// Print the PDF signing certificate (PEM) instead, e.g. to trust it in `pdfsig -nssdir`.
        #[arg(long)]
        certificate: bool,
    },
    /// Check a report: its embedded signature against its content and, when FILE.minisig exists (or
    /// --minisig is given), the detached signature. Exit 0 only when both match this installation's keys.
    Verify {
        file: PathBuf,
        #[arg(long, value_name = "FILE")]
        minisig: Option<PathBuf>,
    },
    /// The organisation's own signing certificate (instead of the installation's self-signed one).
    #[command(subcommand)]
    Certificate(CertificateCommand),
}

#[derive(Subcommand)]
pub enum CertificateCommand {
    /// Import a certificate issued to the organisation: a PKCS#12 file (.p12/.pfx), or PEM files with
    /// the certificate, its issuers and the key (ECDSA P-256 or RSA of 2,048 bits or more). It is
    /// checked (key matches, valid today, allowed to sign, not a CA) before anything is stored; from
    /// then on it makes the embedded PDF signature. The minisign key does not change.
    Import {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Read the password of the PKCS#12 file or of an encrypted key from the first line of stdin.
        #[arg(long)]
        password_stdin: bool,
    },
    /// The imported certificates: the active one and the retired ones.
    List,
    /// Stop signing with the imported certificate; the installation's self-signed certificate signs
    /// again. Reports signed with the retired certificate still verify.
    Retire,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum LangArg {
    En,
    Es,
    De,
    Fr,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::En => Lang::En,
            LangArg::Es => Lang::Es,
            LangArg::De => Lang::De,
            LangArg::Fr => Lang::Fr,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum PaperArg {
    A4,
    Letter,
}

impl From<PaperArg> for Paper {
    fn from(p: PaperArg) -> Paper {
        match p {
            PaperArg::A4 => Paper::A4,
            PaperArg::Letter => Paper::Letter,
        }
    }
}

#[derive(Args)]
pub struct GenerateArgs {
    /// The PDF to write; the minisign signature goes beside it as FILE.minisig.
    #[arg(long, value_name = "FILE.pdf")]
    out: PathBuf,
    /// The record as it stood at the end of this day (YYYY-MM-DD); for `ropa` and `inspection-pack`
    /// (whose other parts are as of today).
    #[arg(long, value_name = "DATE")]
    as_of: Option<NaiveDate>,
    #[arg(long, value_enum, default_value = "en")]
    lang: LangArg,
    #[arg(long, value_enum, default_value = "a4")]
    paper: PaperArg,
    /// Also write the report's tables as an XLSX workbook.
    #[arg(long, value_name = "FILE.xlsx")]
    xlsx: Option<PathBuf>,
}

/// Writes `bytes` to `path` through a temporary file in the same folder, so a reader never sees half a file.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().context("the output path has no file name")?.to_string_lossy().to_string();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

pub(crate) fn minisig_path(pdf: &Path) -> PathBuf {
    let mut s = pdf.as_os_str().to_owned();
    s.push(".minisig");
    PathBuf::from(s)
}

async fn generate(c: &Cockpit, kind: ReportKind, a: GenerateArgs, json: bool) -> anyhow::Result<Outcome> {
    if a.out.is_dir() {
        anyhow::bail!("--out {} is a folder; give a file name such as report.pdf", a.out.display());
    }
    let req = ReportRequest {
        kind,
        as_of: a.as_of,
        lang: a.lang.into(),
        paper: match a.paper {
            PaperArg::A4 => Paper::A4,
            PaperArg::Letter => Paper::Letter,
        },
        xlsx: a.xlsx.is_some(),
        file_name: a.out.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default(),
    };
    let r = c.generate_report(&req).await?;
    write_atomically(&a.out, &r.pdf)?;
    let sig = minisig_path(&a.out);
    write_atomically(&sig, r.minisig.as_bytes())?;
    if let (Some(path), Some(bytes)) = (&a.xlsx, &r.xlsx) {
        write_atomically(path, bytes)?;
    }
    let public = c.report_public_keys().await?;
    if json {
        print_json(&serde_json::json!({
            "pdf": a.out.display().to_string(),
            "minisig": sig.display().to_string(),
            "xlsx": a.xlsx.as_ref().map(|p| p.display().to_string()),
            "pages": r.pages,
            "bytes": r.pdf.len(),
            "minisign_public_key": public.minisign_public_key,
            "certificate_fingerprint": public.certificate_fingerprint,
        }))?;
    } else {
        outln!(
            "Wrote {} ({} pages, {} bytes, signed) and {}",
            a.out.display(),
            r.pages,
            r.pdf.len(),
            sig.display()
        );
        if let Some(x) = &a.xlsx {
            outln!("Wrote {}", x.display());
        }
        outln!("Verify with: minisign -Vm {} -P {}", a.out.display(), public.minisign_public_key);
    }
    Ok(Outcome::Ok)
}

pub async fn run(c: &Cockpit, cmd: ReportCommand, json: bool) -> anyhow::Result<Outcome> {
    match cmd {
        ReportCommand::Ropa(a) => generate(c, ReportKind::Ropa, a, json).await,
        ReportCommand::Requests(a) => generate(c, ReportKind::Requests, a, json).await,
        ReportCommand::Retention(a) => generate(c, ReportKind::Retention, a, json).await,
        ReportCommand::Audit(a) => generate(c, ReportKind::Audit, a, json).await,
        ReportCommand::InspectionPack(a) => generate(c, ReportKind::InspectionPack, a, json).await,
        ReportCommand::PublicKey { certificate } => {
            let p = c.report_public_keys().await?;
            if json {
                print_json(&p)?;
            } else if certificate {
                out!("{}", p.certificate_pem);
            } else {
                outln!("{}", p.minisign_public_key);
                outln!("minisign key id: {}", p.minisign_key_id);
                outln!(
                    "PDF signing certificate: {} ({})",
                    p.certificate_subject,
                    if p.certificate_imported {
                        format!("issued by {}", p.certificate_issuer)
                    } else {
                        "self-signed by this installation".to_string()
                    }
                );
                outln!("certificate valid until: {}", p.certificate_valid_until);
                outln!("certificate SHA-256: {}", p.certificate_fingerprint);
            }
            Ok(Outcome::Ok)
        }
        ReportCommand::Certificate(cmd) => certificate(c, cmd, json).await,
        ReportCommand::Verify { file, minisig } => {
            let pdf = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let sig_path = minisig.unwrap_or_else(|| minisig_path(&file));
            let sig = match std::fs::read_to_string(&sig_path) {
                Ok(s) => Some(s),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) => return Err(e).with_context(|| format!("cannot read {}", sig_path.display())),
            };
            let v = c.verify_report(pdf, sig).await?;
            if json {
                print_json(&v)?;
            } else {
                match (&v.embedded_valid, &v.embedded_problem) {
                    (true, _) => outln!("embedded signature: valid ({})", v.embedded_signer),
                    (false, p) => {
                        outln!("embedded signature: INVALID: {}", p.as_deref().unwrap_or("unknown problem"))
                    }
                }
                if v.embedded_valid && !v.signed_by_this_installation {
                    outln!("embedded signature: made with another key than this installation's");
                }
                match (v.minisig_valid, &v.minisig_problem) {
                    (None, _) => outln!("minisign signature: none ({} not found)", sig_path.display()),
                    (Some(true), _) => outln!("minisign signature: valid ({})", sig_path.display()),
                    (Some(false), p) => {
                        outln!("minisign signature: INVALID: {}", p.as_deref().unwrap_or("unknown problem"))
                    }
                }
                outln!("{}", if v.ok { "OK" } else { "FAILED" });
            }
            Ok(if v.ok { Outcome::Ok } else { Outcome::Failed })
        }
    }
}

async fn certificate(c: &Cockpit, cmd: CertificateCommand, json: bool) -> anyhow::Result<Outcome> {
    use cockpit_api::reports::{CertificateFile, CertificateImport, SigningCertificate};
    let show = |cert: &SigningCertificate| {
        outln!("{} {}: {}", if cert.active { "active " } else { "retired" }, cert.id, cert.subject);
        outln!("  issued by {}", cert.issuer);
        for i in &cert.issuers {
            outln!("  chain     {i}");
        }
        outln!("  valid     {} to {}", cert.not_before, cert.not_after);
        outln!("  key       {}", cert.key_algorithm);
        outln!("  SHA-256   {}", cert.fingerprint);
        outln!(
            "  imported  {}{}",
            cert.imported_at,
            cert.retired_at.as_deref().map(|r| format!(", retired {r}")).unwrap_or_default()
        );
    };
    match cmd {
        CertificateCommand::Import { files, password_stdin } => {
            let password = if password_stdin {
                use std::io::Read;
                let mut s = String::new();
                std::io::stdin().read_to_string(&mut s).context("cannot read the password from stdin")?;
                Some(s.lines().next().unwrap_or_default().to_string())
            } else {
                None
            };
            let mut read = vec![];
            for f in &files {
                let bytes = std::fs::read(f).with_context(|| format!("cannot read {}", f.display()))?;
                let name = f.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
                read.push(CertificateFile { name, bytes });
            }
            let cert = c.import_signing_certificate(CertificateImport { files: read, password }).await?;
            if json {
                print_json(&cert)?;
            } else {
                outln!("Imported; reports are now signed with this certificate:");
                show(&cert);
            }
        }
        CertificateCommand::List => {
            let certs = c.signing_certificates().await?;
            if json {
                print_json(&certs)?;
            } else if certs.is_empty() {
                outln!("No certificate was imported: reports are signed with the installation's self-signed certificate.");
            } else {
                for cert in &certs {
                    show(cert);
                }
            }
        }
        CertificateCommand::Retire => {
            let retired = c.retire_signing_certificate().await?;
            if json {
                print_json(&serde_json::json!({ "retired": retired }))?;
            } else if retired {
                outln!("Retired; reports are signed with the installation's self-signed certificate again.");
            } else {
                outln!("No imported certificate was active.");
            }
        }
    }
    Ok(Outcome::Ok)
}
