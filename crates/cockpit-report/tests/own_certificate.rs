//! The organisation's own signing certificate: a test certificate authority made with openssl issues
//! certificates in the forms organisations receive them (PKCS#12, PEM with PKCS#8, encrypted PKCS#8,
//! SEC1 and PKCS#1 keys; RSA and ECDSA P-256). An imported certificate signs the PDF, and poppler's
//! `pdfsig`, given an NSS database that trusts the authority (as an auditor's PDF reader would), reports
//! the signature as valid AND the certificate as trusted, which the self-signed certificate never is.
//! Every bad input is refused with its reason. scripts/install-deps.sh installs openssl, certutil
//! (libnss3-tools) and poppler-utils; a missing tool fails the test.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use cockpit_domain::*;
use cockpit_report::own_certificate::{prepare_import, CertificateFile, ImportError};
use cockpit_report::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn run(dir: &Path, cmd: &str, args: &[&str]) -> String {
    let o = match Command::new(cmd).args(args).current_dir(dir).output() {
        Ok(o) => o,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            panic!("{cmd} is required for this test: scripts/install-deps.sh installs it")
        }
        Err(e) => panic!("cannot run {cmd}: {e}"),
    };
    let out = String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success() || cmd == "pdfsig", "{cmd} {args:?} failed: {out}");
    out
}

/// A certificate authority in a temporary folder.
struct Pki {
    dir: tempfile::TempDir,
}

impl Pki {
    fn new() -> Pki {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(
            d.join("ca.cnf"),
            "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n",
        )
        .unwrap();
        run(
            d,
            "openssl",
            &[
                "req",
                "-x509",
                "-newkey",
                "rsa:3072",
                "-nodes",
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem",
                "-days",
                "3650",
                "-subj",
                "/CN=Test Trust Services CA/O=Test Trust Services",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
            ],
        );
        Pki { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn file(&self, name: &str) -> CertificateFile {
        CertificateFile { name: name.into(), bytes: std::fs::read(self.path(name)).unwrap() }
    }

    /// A key (`rsa:2048`, `ec:P-256`, …) and a certificate for it issued by the CA with the extensions
    /// `ext` (openssl x509v3 lines). Writes NAME.key (PKCS#8) and NAME.pem.
    fn issue(&self, name: &str, key: &str, subject: &str, ext: &str) {
        let d = self.dir.path();
        let mut args: Vec<String> = vec!["req".into(), "-new".into(), "-utf8".into(), "-nodes".into()];
        match key.split_once(':') {
            Some(("ec", curve)) => args.extend([
                "-newkey".into(),
                "ec".into(),
                "-pkeyopt".into(),
                format!("ec_paramgen_curve:{curve}"),
            ]),
            _ => args.extend(["-newkey".into(), key.into()]),
        }
        args.extend([
            "-keyout".into(),
            format!("{name}.key"),
            "-out".into(),
            format!("{name}.csr"),
            "-subj".into(),
            subject.into(),
        ]);
        run(d, "openssl", &args.iter().map(String::as_str).collect::<Vec<_>>());
        std::fs::write(d.join(format!("{name}.ext")), ext).unwrap();
        run(
            d,
            "openssl",
            &[
                "x509",
                "-req",
                "-in",
                &format!("{name}.csr"),
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-days",
                "365",
                "-sha256",
                "-out",
                &format!("{name}.pem"),
                "-extfile",
                &format!("{name}.ext"),
            ],
        );
    }

    /// NAME.p12 with the certificate, its key and the CA, under `password`.
    fn p12(&self, name: &str, password: &str) {
        run(
            self.dir.path(),
            "openssl",
            &[
                "pkcs12",
                "-export",
                "-inkey",
                &format!("{name}.key"),
                "-in",
                &format!("{name}.pem"),
                "-certfile",
                "ca.pem",
                "-out",
                &format!("{name}.p12"),
                "-passout",
                &format!("pass:{password}"),
            ],
        );
    }

    /// An NSS database that trusts the CA, as an auditor's PDF reader would.
    fn trusting_nss(&self) -> PathBuf {
        let d = self.dir.path();
        let db = d.join("nss");
        std::fs::create_dir_all(&db).unwrap();
        run(d, "certutil", &["-N", "-d", "sql:nss", "--empty-password"]);
        run(
            d,
            "certutil",
            &["-A", "-d", "sql:nss", "-n", "Test Trust Services CA", "-t", "C,C,C", "-i", "ca.pem"],
        );
        db
    }
}

const LEAF_EXT: &str = "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n";

fn keys() -> SigningKeys {
    SigningKeys::generate("Straße & Søn (€) Łukasz", Utc::now()).unwrap()
}

/// A short signed record of processing activities, written to `dir/NAME`.
fn signed_pdf(keys: &SigningKeys, dir: &Path, name: &str) -> (PathBuf, Vec<u8>) {
    let mut a = Activity::new("PA-0001", "Gehaltsabrechnung Straße");
    a.purposes = vec!["Payroll".into()];
    let reg = Register {
        organisation: Some(Organisation {
            name: "Straße & Søn (€) Łukasz".into(), ..Default::default()
        }),
        activities: vec![a],
        ..Default::default()
    };
    let audit = AuditSummary { ok: true, entries: 1, head_hash: Some("ab".repeat(32)), ..Default::default() };
    let now = Utc::now();
    let public = keys.public().unwrap();
    let today = now.date_naive();
    let meta = ReportMeta {
        kind: ReportKind::Ropa,
        lang: Lang::En,
        title: ReportKind::Ropa.title(Lang::En).into(),
        organisation: "Straße & Søn (€) Łukasz".into(),
        dpo: "Zoë".into(),
        scope: ReportKind::Ropa.scope(Lang::En).into(),
        generated_at: now,
        as_of: today,
        integrity: Integrity {
            audit_entries: 1,
            head_hash: audit.head_hash.clone(),
            chain_ok: true,
            generated_by: "test".into(),
        },
        signer: SignerFacts {
            minisign_public_key: public.minisign_public_key.clone(),
            fingerprint: public.certificate_fingerprint.clone(),
            certificate_subject: public.certificate_subject.clone(),
        },
    };
    let inputs = ReportInputs { register: &reg, requests: &[], retention: None, audit: &audit, today };
    let report = build_report(meta, Paper::A4, &inputs);
    let out = produce(&report, keys, now, name, false).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, &out.pdf).unwrap();
    std::fs::write(dir.join(format!("{name}.minisig")), &out.minisig).unwrap();
    (path, out.pdf)
}

fn invalid(r: Result<(ImportedSigner, own_certificate::ImportedCertificateFacts), ImportError>) -> String {
    match r {
        Err(ImportError::Invalid(why)) => why,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_pkcs12_rsa_certificate_signs_and_an_auditor_trusting_the_ca_sees_it_trusted() {
    let pki = Pki::new();
    pki.issue("org", "rsa:3072", "/CN=Straße & Søn report signing/O=Straße & Søn (€) Łukasz/C=DE", LEAF_EXT);
    pki.p12("org", "s3cret pass");
    let now = Utc::now();

    // The wrong password is said as such; no password as well.
    assert!(matches!(
        prepare_import(&[pki.file("org.p12")], Some("wrong"), now),
        Err(ImportError::WrongPassword(_))
    ));
    assert!(matches!(prepare_import(&[pki.file("org.p12")], None, now), Err(ImportError::WrongPassword(_))));

    let (signer, facts) = prepare_import(&[pki.file("org.p12")], Some("s3cret pass"), now).unwrap();
    assert_eq!(facts.key_algorithm, "RSA 3072");
    assert!(facts.subject.contains("CN=Straße & Søn report signing"), "{}", facts.subject);
    assert_eq!(facts.issuer, "O=Test Trust Services,CN=Test Trust Services CA");
    assert_eq!(facts.issuers, vec!["O=Test Trust Services,CN=Test Trust Services CA".to_string()]);
    assert!(!facts.self_issued);
    assert!(facts.not_after > now + Duration::days(360));
    assert!(!signer.key_pkcs8_pem.is_empty() && signer.chain_pem.matches("BEGIN CERTIFICATE").count() == 2);
    assert!(!format!("{signer:?}").contains("PRIVATE KEY"), "the key is never printed");

    let mut k = keys();
    let self_signed = k.public().unwrap();
    k.imported = Some(signer);
    let public = k.public().unwrap();
    assert!(public.certificate_imported);
    assert_eq!(public.certificate_fingerprint, facts.fingerprint);
    assert_eq!(public.minisign_public_key, self_signed.minisign_public_key, "the minisign key stays");

    let (pdf, bytes) = signed_pdf(&k, pki.dir.path(), "ropa.pdf");
    let check = check_embedded(&bytes);
    assert!(check.valid, "{check:?}");
    assert_eq!(check.certificate_fingerprint, facts.fingerprint);
    assert_eq!(check.signer, facts.subject);

    // poppler with no trust: valid signature, issuer unknown. With the CA trusted: trusted.
    let p = pdf.to_str().unwrap();
    let plain = run(pki.dir.path(), "pdfsig", &[p]);
    assert!(plain.contains("Signature is Valid"), "{plain}");
    let nss = pki.trusting_nss();
    let trusted = run(pki.dir.path(), "pdfsig", &["-nssdir", &format!("sql:{}", nss.display()), p]);
    assert!(trusted.contains("Signature is Valid"), "{trusted}");
    assert!(trusted.contains("Certificate is Trusted"), "{trusted}");
    assert!(trusted.contains("Straße & Søn report signing"), "{trusted}");
    let ms = run(
        pki.dir.path(),
        "minisign",
        &["-Vm", p, "-x", &format!("{p}.minisig"), "-P", &public.minisign_public_key],
    );
    assert!(ms.contains("Signature and comment signature verified"), "{ms}");

    // The installation's self-signed certificate is valid but never trusted.
    let (own, _) = signed_pdf(&keys(), pki.dir.path(), "self.pdf");
    let untrusted =
        run(pki.dir.path(), "pdfsig", &["-nssdir", &format!("sql:{}", nss.display()), own.to_str().unwrap()]);
    assert!(untrusted.contains("Signature is Valid"), "{untrusted}");
    assert!(!untrusted.contains("Certificate is Trusted"), "{untrusted}");

    // One changed byte: our check and poppler refuse it.
    let mut bad = bytes.clone();
    let at = bad.len() / 3;
    bad[at] ^= 1;
    assert!(!check_embedded(&bad).valid);
    std::fs::write(&pdf, &bad).unwrap();
    let tampered = run(pki.dir.path(), "pdfsig", &["-nssdir", &format!("sql:{}", nss.display()), p]);
    assert!(!tampered.contains("Signature is Valid"), "{tampered}");
}

#[test]
fn pem_files_in_every_key_form_and_p256() {
    let pki = Pki::new();
    pki.issue("ec", "ec:prime256v1", "/CN=EC signer/O=Org", LEAF_EXT);
    pki.issue("rsa", "rsa:2048", "/CN=RSA signer/O=Org", LEAF_EXT);
    let d = pki.dir.path();
    run(d, "openssl", &["ec", "-in", "ec.key", "-out", "ec.sec1.key"]);
    run(d, "openssl", &["rsa", "-in", "rsa.key", "-traditional", "-out", "rsa.pkcs1.key"]);
    run(d, "openssl", &["pkcs8", "-topk8", "-in", "rsa.key", "-out", "rsa.enc.key", "-passout", "pass:pw"]);
    assert!(std::fs::read_to_string(pki.path("ec.sec1.key")).unwrap().contains("BEGIN EC PRIVATE KEY"));
    assert!(std::fs::read_to_string(pki.path("rsa.pkcs1.key")).unwrap().contains("BEGIN RSA PRIVATE KEY"));
    assert!(std::fs::read_to_string(pki.path("rsa.enc.key"))
        .unwrap()
        .contains("BEGIN ENCRYPTED PRIVATE KEY"));
    let now = Utc::now();
    let bundle = |files: &[&str]| -> Vec<CertificateFile> { files.iter().map(|f| pki.file(f)).collect() };

    for (files, password, algorithm) in [
        (bundle(&["ec.pem", "ca.pem", "ec.key"]), None, "ECDSA P-256"),
        (bundle(&["ec.sec1.key", "ec.pem"]), None, "ECDSA P-256"),
        (bundle(&["rsa.pem", "rsa.pkcs1.key"]), None, "RSA 2048"),
        (bundle(&["rsa.pem", "ca.pem", "rsa.enc.key"]), Some("pw"), "RSA 2048"),
    ] {
        let names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
        let (signer, facts) =
            prepare_import(&files, password, now).unwrap_or_else(|e| panic!("{names:?}: {e}"));
        assert_eq!(facts.key_algorithm, algorithm, "{names:?}");
        let mut k = keys();
        k.imported = Some(signer);
        let (_, bytes) = signed_pdf(&k, d, "x.pdf");
        let check = check_embedded(&bytes);
        assert!(check.valid, "{names:?}: {check:?}");
        assert_eq!(check.certificate_fingerprint, facts.fingerprint);
    }
    // One file with everything in it works as well (the usual "bundle").
    let mut one = std::fs::read(pki.path("ec.key")).unwrap();
    one.extend(std::fs::read(pki.path("ec.pem")).unwrap());
    one.extend(std::fs::read(pki.path("ca.pem")).unwrap());
    let (_, facts) =
        prepare_import(&[CertificateFile { name: "bundle.pem".into(), bytes: one }], None, now).unwrap();
    assert_eq!(facts.issuers.len(), 1);
    // An encrypted key without its password, or with a wrong one.
    assert!(matches!(
        prepare_import(&bundle(&["rsa.pem", "rsa.enc.key"]), None, now),
        Err(ImportError::WrongPassword(_))
    ));
    assert!(matches!(
        prepare_import(&bundle(&["rsa.pem", "rsa.enc.key"]), Some("nope"), now),
        Err(ImportError::WrongPassword(_))
    ));
}

#[test]
fn bad_certificates_are_refused_with_their_reason() {
    let pki = Pki::new();
    pki.issue("good", "ec:prime256v1", "/CN=Good/O=Org", LEAF_EXT);
    pki.issue("other", "ec:prime256v1", "/CN=Other/O=Org", LEAF_EXT);
    pki.issue("p384", "ec:secp384r1", "/CN=P384/O=Org", LEAF_EXT);
    pki.issue("small", "rsa:1024", "/CN=Small/O=Org", LEAF_EXT);
    pki.issue("encipher", "rsa:2048", "/CN=Encipher/O=Org", "keyUsage=critical,keyEncipherment\n");
    pki.issue(
        "subca",
        "rsa:2048",
        "/CN=Sub CA/O=Org",
        "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,digitalSignature,keyCertSign\n",
    );
    let now = Utc::now();
    let f = |names: &[&str]| -> Vec<CertificateFile> { names.iter().map(|n| pki.file(n)).collect() };

    let why = invalid(prepare_import(&f(&["good.pem"]), None, now));
    assert!(why.contains("no private key"), "{why}");
    let why = invalid(prepare_import(&f(&["good.key"]), None, now));
    assert!(why.contains("no certificate"), "{why}");
    let why = invalid(prepare_import(&f(&["other.pem", "good.key"]), None, now));
    assert!(why.contains("belongs to this private key"), "{why}");
    let why = invalid(prepare_import(&f(&["good.pem", "good.key", "other.key"]), None, now));
    assert!(why.contains("2 private keys"), "{why}");
    let why = invalid(prepare_import(&f(&["good.pem", "good.key"]), None, now + Duration::days(400)));
    assert!(why.contains("expired on"), "{why}");
    let why = invalid(prepare_import(&f(&["good.pem", "good.key"]), None, now - Duration::days(2)));
    assert!(why.contains("not valid before"), "{why}");
    let why = invalid(prepare_import(&f(&["p384.pem", "p384.key"]), None, now));
    assert!(why.contains("only P-256"), "{why}");
    let why = invalid(prepare_import(&f(&["small.pem", "small.key"]), None, now));
    assert!(why.contains("1024 bits"), "{why}");
    let why = invalid(prepare_import(&f(&["encipher.pem", "encipher.key"]), None, now));
    assert!(why.contains("may not sign documents"), "{why}");
    let why = invalid(prepare_import(&f(&["subca.pem", "subca.key"]), None, now));
    assert!(why.contains("certificate authority"), "{why}");
    let why = invalid(prepare_import(
        &[CertificateFile { name: "notes.txt".into(), bytes: b"hello".to_vec() }],
        None,
        now,
    ));
    assert!(why.contains("notes.txt is neither PEM, nor PKCS#12"), "{why}");
    let why = invalid(prepare_import(
        &[CertificateFile { name: "cut.pem".into(), bytes: b"-----BEGIN CERTIFICATE-----\nMIIB".to_vec() }],
        None,
        now,
    ));
    assert!(why.contains("cut.pem"), "{why}");
    // The good pair, for contrast.
    assert!(prepare_import(&f(&["good.pem", "good.key"]), None, now).is_ok());
}

#[test]
fn a_fixed_date_is_honoured() {
    // The validity check uses the time passed in, not the machine's clock.
    let pki = Pki::new();
    pki.issue("good", "ec:prime256v1", "/CN=Good/O=Org", LEAF_EXT);
    let files = [pki.file("good.pem"), pki.file("good.key")];
    let long_ago =
        Utc.from_utc_datetime(&NaiveDate::from_ymd_opt(2001, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap());
    assert!(invalid(prepare_import(&files, None, long_ago)).contains("not valid before"));
}
