//! `cockpit report …` end to end: the real binary on temporary databases, its files checked with
//! poppler and minisign (installed by scripts/install-deps.sh; a missing tool fails the test).

use cockpit_tests::TempDb;
use std::process::{Command, Output};

fn tool(name: &str, args: &[&str]) -> Output {
    match Command::new(name).args(args).output() {
        Ok(o) => o,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            panic!("{name} is required: scripts/install-deps.sh installs poppler-utils and minisign")
        }
        Err(e) => panic!("cannot run {name}: {e}"),
    }
}

fn all_output(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr)
}

fn pdf_text(path: &std::path::Path) -> String {
    let o = tool("pdftotext", &[path.to_str().unwrap(), "-"]);
    assert!(o.status.success());
    // Cells wrap: compare with white space folded.
    String::from_utf8_lossy(&o.stdout).split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_record_is_signed_verifiable_and_a_changed_byte_is_caught() {
    let db = TempDb::new();
    db.ok(&["init", "--demo"]);
    let pdf = db.file("record.pdf");
    let sig = db.file("record.pdf.minisig");
    let out = db.json(&["report", "ropa", "--out", pdf.to_str().unwrap()]);
    assert!(out["pages"].as_u64().unwrap() > 5, "{out}");
    assert!(sig.exists(), "the .minisig is written beside the PDF");

    // Every activity of the record is in the PDF's text.
    let text = pdf_text(&pdf);
    let list = db.json(&["activity", "list"]);
    let mut retired = 0;
    for a in list.as_array().unwrap() {
        let name = a["name"].as_str().unwrap().split_whitespace().collect::<Vec<_>>().join(" ");
        if a["status"] == "retired" {
            // Retired activities are no longer part of the record.
            assert!(!text.contains(&name), "retired {name} printed");
            retired += 1;
        } else {
            assert!(text.contains(&name), "{name} missing from the record");
        }
    }
    assert!(retired < list.as_array().unwrap().len());
    let head = db.json(&["audit", "verify"])["head_hash"].as_str().unwrap().to_string();
    assert!(text.contains(&head), "the audit head hash is printed");

    // Our verifier, poppler and minisign agree on the untouched file.
    let v = db.run(&["report", "verify", pdf.to_str().unwrap()]);
    assert_eq!(v.status.code(), Some(0), "{}", all_output(&v));
    assert!(all_output(&tool("pdfsig", &[pdf.to_str().unwrap()])).contains("Signature is Valid"));
    let key = db.ok(&["report", "public-key"]).lines().next().unwrap().to_string();
    assert!(key.starts_with("RW") && key.len() > 40, "{key}");
    let m = tool("minisign", &["-Vm", pdf.to_str().unwrap(), "-P", &key]);
    assert!(m.status.success(), "{}", all_output(&m));

    // One flipped byte: every check refuses the file.
    let good = std::fs::read(&pdf).unwrap();
    let mut bad = good.clone();
    let at = bad.len() / 2;
    bad[at] ^= 0x20;
    std::fs::write(&pdf, &bad).unwrap();
    let v = db.run(&["report", "verify", pdf.to_str().unwrap()]);
    assert_eq!(v.status.code(), Some(1), "{}", all_output(&v));
    assert!(all_output(&v).contains("INVALID"));
    assert!(!all_output(&tool("pdfsig", &[pdf.to_str().unwrap()])).contains("Signature is Valid"));
    assert!(!tool("minisign", &["-Vm", pdf.to_str().unwrap(), "-P", &key]).status.success());

    // The PDF intact but its .minisig altered: refused too.
    std::fs::write(&pdf, &good).unwrap();
    let s = std::fs::read_to_string(&sig).unwrap();
    let mut lines: Vec<String> = s.lines().map(str::to_string).collect();
    // A character in the middle of the signature line (the last ones may be padding).
    let mut chars: Vec<char> = lines[1].chars().collect();
    chars[30] = if chars[30] == 'A' { 'B' } else { 'A' };
    lines[1] = chars.into_iter().collect();
    std::fs::write(&sig, lines.join("\n") + "\n").unwrap();
    let v = db.run(&["report", "verify", pdf.to_str().unwrap()]);
    assert_eq!(v.status.code(), Some(1), "{}", all_output(&v));
    // Without a .minisig, the embedded signature alone decides.
    std::fs::remove_file(&sig).unwrap();
    let v = db.run(&["report", "verify", pdf.to_str().unwrap()]);
    assert_eq!(v.status.code(), Some(0), "{}", all_output(&v));
    assert!(all_output(&v).contains("minisign signature: none"));
}

#[test]
fn keys_are_made_once_and_their_creation_is_audited_without_secrets() {
    let db = TempDb::new();
    db.ok(&["init", "--demo"]);
    let first = db.json(&["report", "public-key"]);
    db.ok(&["report", "audit", "--out", db.file("a.pdf").to_str().unwrap()]);
    assert_eq!(db.json(&["report", "public-key"]), first, "the keys do not change");
    let entries = db.json(&["audit", "log", "--object-type", "signing_keys"]);
    let entries = entries.as_array().unwrap();
    assert_eq!(entries.len(), 1, "{entries:?}");
    let e = serde_json::to_string(&entries[0]).unwrap();
    assert!(e.contains(first["minisign_public_key"].as_str().unwrap()), "the public key is recorded");
    assert!(!e.contains("PRIVATE KEY") && !e.contains("secret"), "no secret in the trail: {e}");
    assert_eq!(db.json(&["audit", "verify"])["ok"], true);
    // The certificate can be exported for trust stores.
    assert!(db.ok(&["report", "public-key", "--certificate"]).starts_with("-----BEGIN CERTIFICATE-----"));
}

#[test]
fn a_report_from_another_installation_does_not_verify_here() {
    let a = TempDb::new();
    let b = TempDb::new();
    a.ok(&["init", "--demo"]);
    b.ok(&["init"]);
    b.ok(&["report", "public-key"]);
    let pdf = a.file("r.pdf");
    a.ok(&["report", "retention", "--out", pdf.to_str().unwrap()]);
    std::fs::remove_file(a.file("r.pdf.minisig")).unwrap();
    let v = b.run(&["report", "verify", pdf.to_str().unwrap()]);
    assert_eq!(v.status.code(), Some(1), "{}", all_output(&v));
    assert!(all_output(&v).contains("another key"));
}

#[test]
fn the_inspection_pack_in_spanish_with_its_workbook() {
    let db = TempDb::new();
    db.ok(&["init", "--demo", "--lang", "es"]);
    let pdf = db.file("pack.pdf");
    let xlsx = db.file("pack.xlsx");
    db.ok(&[
        "report",
        "inspection-pack",
        "--out",
        pdf.to_str().unwrap(),
        "--xlsx",
        xlsx.to_str().unwrap(),
        "--lang",
        "es",
        "--paper",
        "letter",
    ]);
    let text = pdf_text(&pdf);
    for s in [
        "Carta de presentación",
        "Registro de actividades de tratamiento",
        "No hay datos del módulo de conservación en esta base de datos.",
        "Art. 30(1)(g)",
        "Resumen del registro de auditoría",
    ] {
        assert!(text.contains(s), "{s} missing");
    }
    assert_eq!(&std::fs::read(&xlsx).unwrap()[..2], b"PK");
    let info = all_output(&tool("pdfinfo", &[pdf.to_str().unwrap()]));
    assert!(info.contains("612 x 792"), "{info}");
}

#[test]
fn the_record_as_of_a_past_date_and_refused_arguments() {
    let db = TempDb::new();
    db.ok(&["init", "--demo"]);
    // The demonstration register was loaded today: the day before, the record was empty.
    let yesterday = (chrono::Utc::now().date_naive() - chrono::Days::new(2)).to_string();
    let pdf = db.file("old.pdf");
    db.ok(&["report", "ropa", "--out", pdf.to_str().unwrap(), "--as-of", &yesterday]);
    let text = pdf_text(&pdf);
    assert!(text.contains("No processing activity in this part of the record."), "{text}");
    assert!(text.contains(&format!("As of {yesterday}")));

    let out = db.file("x.pdf");
    let o = out.to_str().unwrap();
    for args in [
        vec!["report", "ropa", "--out", o, "--lang", "it"],
        vec!["report", "ropa", "--out", o, "--paper", "a3"],
        vec!["report", "ropa", "--out", o, "--as-of", "2026-02-30"],
        vec!["report", "ropa"],
        vec!["report", "nonsense", "--out", o],
        vec!["report", "verify"],
    ] {
        let r = db.run(&args);
        assert_eq!(r.status.code(), Some(2), "{args:?}: {}", all_output(&r));
        assert!(!r.stderr.is_empty());
    }
    let r = db.run(&["report", "ropa", "--out", o, "--as-of", "2999-01-01"]);
    assert_eq!(r.status.code(), Some(1));
    assert!(all_output(&r).contains("in the future"));
    assert!(!out.exists());
    let r = db.run(&["report", "requests", "--out", o, "--as-of", &yesterday]);
    assert_eq!(r.status.code(), Some(1));
    assert!(all_output(&r).contains("--as-of applies to the record"), "{}", all_output(&r));
    let r = db.run(&["report", "verify", db.file("missing.pdf").to_str().unwrap()]);
    assert_eq!(r.status.code(), Some(1));
}

/// Runs `cockpit --db PATH args…` with `input` on stdin.
fn with_stdin(db: &TempDb, args: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(cockpit_tests::cockpit_bin())
        .arg("--db")
        .arg(&db.path)
        .args(args)
        .env_remove("COCKPIT_DB")
        .env_remove("COCKPIT_PASSPHRASE")
        .env("COCKPIT_LOG_DIR", db.file("logs"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

/// A test certificate authority, an organisation's RSA certificate from it as a PKCS#12 file, and an
/// NSS database trusting the authority (as an auditor's PDF reader would), in `dir`.
fn test_pki(dir: &std::path::Path) {
    let sh = |script: &str| {
        let o = Command::new("sh").arg("-c").arg(script).current_dir(dir).output().unwrap();
        assert!(o.status.success(), "{script}: {}", all_output(&o));
    };
    sh("openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 3650 \
        -subj '/CN=Test Trust Services CA/O=Test Trust Services' \
        -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign");
    sh("openssl req -new -newkey rsa:2048 -nodes -keyout org.key -out org.csr -subj '/CN=Demo Org report signing/O=Demo Org'");
    sh("printf 'basicConstraints=CA:FALSE\\nkeyUsage=critical,digitalSignature,nonRepudiation\\n' > org.ext");
    sh("openssl x509 -req -in org.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 365 -sha256 -out org.pem -extfile org.ext");
    sh("openssl pkcs12 -export -inkey org.key -in org.pem -certfile ca.pem -out org.p12 -passout pass:pfx-pass");
    sh("mkdir nss && certutil -N -d sql:nss --empty-password && certutil -A -d sql:nss -n ca -t C,C,C -i ca.pem");
}

#[test]
fn an_imported_certificate_signs_is_audited_and_retiring_it_keeps_old_reports_verifiable() {
    let db = TempDb::new();
    db.ok(&["init", "--demo"]);
    let dir = db.file("pki");
    std::fs::create_dir(&dir).unwrap();
    test_pki(&dir);
    let p12 = dir.join("org.p12");
    let nss = format!("sql:{}", dir.join("nss").display());

    // Before: the self-signed certificate signs, and poppler does not trust it.
    let before = db.file("before.pdf");
    db.ok(&["report", "audit", "--out", before.to_str().unwrap()]);
    let sig = all_output(&tool("pdfsig", &["-nssdir", &nss, before.to_str().unwrap()]));
    assert!(sig.contains("Signature is Valid") && !sig.contains("Certificate is Trusted"), "{sig}");

    // A wrong password: exit 1, said plainly, nothing stored.
    let wrong = with_stdin(
        &db,
        &["report", "certificate", "import", p12.to_str().unwrap(), "--password-stdin"],
        "nope\n",
    );
    assert_eq!(wrong.status.code(), Some(1), "{}", all_output(&wrong));
    assert!(all_output(&wrong).contains("the password does not open org.p12"), "{}", all_output(&wrong));
    assert_eq!(db.json(&["report", "certificate", "list"]), serde_json::json!([]));

    let imported = with_stdin(
        &db,
        &["report", "certificate", "import", p12.to_str().unwrap(), "--password-stdin", "--json"],
        "pfx-pass\n",
    );
    assert!(imported.status.success(), "{}", all_output(&imported));
    let cert: serde_json::Value = serde_json::from_slice(&imported.stdout).unwrap();
    assert_eq!(cert["active"], true);
    assert_eq!(cert["key_algorithm"], "RSA 2048");
    assert_eq!(cert["issuer"], "O=Test Trust Services,CN=Test Trust Services CA");
    let keys = db.json(&["report", "public-key"]);
    assert_eq!(keys["certificate_imported"], true);
    assert_eq!(keys["certificate_fingerprint"], cert["fingerprint"]);

    // Reports are now signed with it: ours, poppler (trusted, with the authority trusted) and minisign.
    let after = db.file("after.pdf");
    db.ok(&["report", "ropa", "--out", after.to_str().unwrap()]);
    db.ok(&["report", "verify", after.to_str().unwrap()]);
    let sig = all_output(&tool("pdfsig", &["-nssdir", &nss, after.to_str().unwrap()]));
    assert!(sig.contains("Signature is Valid") && sig.contains("Certificate is Trusted"), "{sig}");
    assert!(sig.contains("Demo Org report signing"), "{sig}");
    assert!(
        pdf_text(&after).contains(cert["fingerprint"].as_str().unwrap()),
        "the cover prints the fingerprint"
    );
    // The earlier report, signed with the self-signed certificate, still verifies as ours.
    let v = db.json(&["report", "verify", before.to_str().unwrap()]);
    assert_eq!(v["ok"], true, "{v}");

    // Audited with the public parts only, and the chain verifies.
    let trail = db.ok(&["audit", "log", "--json"]);
    assert!(trail.contains("signing_certificate"), "the import is in the audit trail");
    assert!(!trail.contains("PRIVATE KEY") && !trail.contains("pfx-pass"));
    db.ok(&["audit", "verify"]);

    // Retired: the self-signed certificate signs again; reports of both stay verifiable.
    assert_eq!(db.json(&["report", "certificate", "retire"])["retired"], true);
    let again = db.file("again.pdf");
    db.ok(&["report", "audit", "--out", again.to_str().unwrap()]);
    let sig = all_output(&tool("pdfsig", &["-nssdir", &nss, again.to_str().unwrap()]));
    assert!(sig.contains("Signature is Valid") && !sig.contains("Certificate is Trusted"), "{sig}");
    for f in [&before, &after, &again] {
        assert_eq!(db.json(&["report", "verify", f.to_str().unwrap()])["ok"], true, "{}", f.display());
    }
    let list = db.json(&["report", "certificate", "list"]);
    assert_eq!(list[0]["active"], false);
    assert!(list[0]["retired_at"].is_string());
    db.ok(&["audit", "verify"]);

    // A certificate swapped in the database behind the application's back is caught.
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let mut c = cockpit_tests::raw(&db.path).await;
        sqlx::query("UPDATE signing_certificates SET chain_pem = replace(chain_pem, 'A', 'B')")
            .execute(&mut c)
            .await
            .unwrap();
    });
    let out = db.run(&["audit", "verify"]);
    assert_eq!(out.status.code(), Some(1), "{}", all_output(&out));
    assert!(all_output(&out).contains("signing certificate 1"), "{}", all_output(&out));
}
