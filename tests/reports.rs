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
