//! Generated PDFs checked with independent tools: qpdf, poppler (pdftotext, pdffonts, pdfinfo, pdfsig,
//! pdfimages) and minisign. scripts/install-deps.sh installs them; a missing tool fails the test rather
//! than skipping it.

use chrono::{NaiveDate, TimeZone, Utc};
use cockpit_domain::*;
use cockpit_report::*;
use std::path::Path;
use std::process::{Command, Output};

fn tool(name: &str, args: &[&str]) -> Output {
    match Command::new(name).args(args).output() {
        Ok(o) => o,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
            "{name} is required for this test: scripts/install-deps.sh installs poppler-utils, qpdf and minisign"
        ),
        Err(e) => panic!("cannot run {name}: {e}"),
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr)
}

fn text_of(pdf: &Path, page: Option<usize>) -> String {
    let p = pdf.to_str().unwrap();
    let o = match page {
        Some(n) => tool("pdftotext", &["-f", &n.to_string(), "-l", &n.to_string(), "-layout", p, "-"]),
        None => tool("pdftotext", &["-layout", p, "-"]),
    };
    assert!(o.status.success(), "pdftotext failed: {}", stdout(&o));
    String::from_utf8_lossy(&o.stdout).to_string()
}

const NAMES: [&str; 6] = [
    "Gehaltsabrechnung Straße",
    "Łódź płace",
    "Ørsted rekruttering",
    "Facturación €",
    "Café crème",
    "Ærø booking",
];

fn register(n: usize) -> Register {
    let mut activities = vec![];
    for i in 0..n {
        let mut a =
            Activity::new(format!("PA-{:04}", i + 1), format!("{} {}", NAMES[i % NAMES.len()], i + 1));
        a.purposes =
            vec![format!("Purpose number {i} with enough words to wrap inside its table cell at least once")];
        a.lawful_bases = vec![LawfulBasis::Contract];
        a.data_subjects = vec!["Employees".into()];
        a.data_categories = vec![ActivityDataCategory {
            category: "Contact details".into(),
            retention: Retention::default(),
        }];
        a.measures = vec!["Encryption".into()];
        if i % 5 == 0 {
            a.role = Role::Processor;
            a.parties = vec!["Client SA".into()];
        }
        activities.push(a);
    }
    Register {
        organisation: Some(Organisation {
            name: "Straße & Søn (€) Łukasz".into(),
            art30_threshold: 250,
            ..Default::default()
        }),
        activities,
        ..Default::default()
    }
}

struct Made {
    _dir: tempfile::TempDir,
    pdf: std::path::PathBuf,
    sig: std::path::PathBuf,
    bytes: Vec<u8>,
    minisig: String,
    keys: SigningKeys,
    report: Report,
}

fn make(kind: ReportKind, paper: Paper, n: usize, lines: &[RequestLine]) -> Made {
    let reg = register(n);
    let audit = AuditSummary {
        ok: true,
        entries: 12,
        head_hash: Some("0123456789abcdef".repeat(4)),
        by_type: vec![("activity".into(), 10), ("organisation".into(), 2)],
        ..Default::default()
    };
    let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 29, 9, 30, 0).unwrap();
    let keys = SigningKeys::generate("Straße & Søn (€) Łukasz", now).unwrap();
    let public = keys.public().unwrap();
    let meta = ReportMeta {
        kind,
        lang: Lang::En,
        title: kind.title(Lang::En).into(),
        organisation: "Straße & Søn (€) Łukasz".into(),
        dpo: "Zoë O'Brien (DPO) \\ Ł".into(),
        scope: kind.scope(Lang::En).into(),
        generated_at: now,
        as_of: today,
        integrity: Integrity {
            audit_entries: 12,
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
    let inputs = ReportInputs { register: &reg, requests: lines, retention: None, audit: &audit, today };
    let report = build_report(meta, paper, &inputs);
    let out = produce(&report, &keys, now, "r.pdf", true).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("r.pdf");
    let sig = dir.path().join("r.pdf.minisig");
    std::fs::write(&pdf, &out.pdf).unwrap();
    std::fs::write(&sig, &out.minisig).unwrap();
    assert_eq!(&out.xlsx.as_ref().unwrap()[..2], b"PK", "the workbook is a zip file");
    Made { _dir: dir, pdf, sig, bytes: out.pdf, minisig: out.minisig, keys, report }
}

#[test]
fn the_record_passes_qpdf_and_extracts_every_activity_and_heading() {
    let m = make(ReportKind::Ropa, Paper::A4, 60, &[]);
    let p = m.pdf.to_str().unwrap();
    let q = tool("qpdf", &["--check", p]);
    assert!(q.status.success(), "qpdf --check: {}", stdout(&q));

    let text = text_of(&m.pdf, None);
    for a in &register(60).activities {
        assert!(text.contains(&a.name), "{} missing from the text", a.name);
    }
    for h in [
        "Art. 30(1)(a)",
        "Art. 30(1)(b)",
        "Art. 30(1)(c)",
        "Art. 30(1)(d)",
        "Art. 30(1)(e)",
        "Art. 30(1)(f)",
        "Art. 30(1)(g)",
        "Art. 30(2)(a)",
        "Art. 30(2)(b)",
        "Art. 30(2)(c)",
        "Art. 30(2)(d)",
    ] {
        assert!(text.contains(h), "{h} missing");
    }
    for s in ["Straße", "Łódź", "Ørsted", "€", "Ærø", "Café crème"] {
        assert!(text.contains(s), "{s} does not extract as text");
    }
    assert!(text.contains(&"0123456789abcdef".repeat(4)), "the head hash is printed");

    let fonts = stdout(&tool("pdffonts", &[p]));
    let rows: Vec<&str> = fonts.lines().skip(2).filter(|l| !l.trim().is_empty()).collect();
    assert!(rows.len() >= 2, "{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type encoding emb sub uni object gen: "emb" is the fourth from the end.
        assert_eq!(cols[cols.len() - 5], "yes", "font not embedded: {row}");
        assert_eq!(cols[cols.len() - 4], "yes", "font not subset: {row}");
        assert_eq!(cols[cols.len() - 3], "yes", "font without a ToUnicode map: {row}");
        assert!(cols[0].len() > 7 && cols[0][6..].starts_with("+DejaVuSans"), "subset name: {row}");
    }

    let info = stdout(&tool("pdfinfo", &[p]));
    let field = |k: &str| {
        info.lines().find_map(|l| l.strip_prefix(k)).map(|v| v.trim().to_string()).unwrap_or_default()
    };
    assert_eq!(field("Pages:").parse::<usize>().unwrap(), m.report_pages());
    assert_eq!(field("Title:"), "Record of processing activities");
    assert_eq!(
        field("Author:"),
        "Zoë O'Brien (DPO) \\ Ł",
        "metadata with parentheses, backslash and accents"
    );
    assert!(field("CreationDate:").contains("2026"), "{info}");
    assert!(field("Page size:").contains("(A4)"), "{info}");
    assert!(!info.contains("PDF/X"), "no PDF/X claim: {info}");

    // Charts and everything else are vectors and text: no raster image.
    let images = stdout(&tool("pdfimages", &["-list", p]));
    assert_eq!(images.lines().count(), 2, "{images}");
}

impl Made {
    fn report_pages(&self) -> usize {
        pdf_pages(&self.bytes)
    }
}

fn pdf_pages(bytes: &[u8]) -> usize {
    lopdf::Document::load_mem(bytes).unwrap().get_pages().len()
}

#[test]
fn long_tables_break_across_pages_with_their_header_repeated() {
    let m = make(ReportKind::Ropa, Paper::A4, 300, &[]);
    let (_, rendered) = pdf::layout(&m.report);
    let start = |art: &str| rendered.toc.iter().find(|(l, t, _)| *l == 0 && t.contains(art)).unwrap().2;
    let (b, c) = (start("Art. 30(1)(b)"), start("Art. 30(1)(c)"));
    assert!(c - b >= 3, "the (b) table spans several pages ({b}..{c})");
    for page in b..c {
        let t = text_of(&m.pdf, Some(page));
        assert!(
            t.contains("Purposes") && t.contains("Lawful basis"),
            "page {page} lacks the header row:\n{t}"
        );
    }
    // The contents point at the right pages.
    for (lvl, title, page) in &rendered.toc {
        if *lvl == 0 {
            let first_words: String = title.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
            assert!(
                text_of(&m.pdf, Some(*page)).contains(&first_words),
                "contents: '{title}' is not on page {page}"
            );
        }
    }
    let last = text_of(&m.pdf, Some(rendered.doc_pages));
    let footer = format!("Page {0} of {0}", rendered.doc_pages);
    assert!(last.contains(&footer), "{footer} missing");
    assert!(text_of(&m.pdf, Some(2)).contains(&format!("Page 2 of {}", rendered.doc_pages)));
}

#[test]
fn letter_paper_and_request_charts() {
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    let lines: Vec<RequestLine> = (0..30)
        .map(|i| RequestLine {
            id: format!("DSR-2026-{i:04}"),
            regime: "gdpr".into(),
            request_type: ["access", "erasure", "objection"][i % 3].into(),
            status: if i % 2 == 0 { "completed".into() } else { "received".into() },
            received: d("2026-01-05") + chrono::Days::new(i as u64 * 10),
            due: d("2026-02-05") + chrono::Days::new(i as u64 * 10),
            open: i % 2 == 1,
            clock_stopped: false,
            closed_on: (i % 2 == 0).then(|| d("2026-01-20") + chrono::Days::new(i as u64 * 10)),
            on_time: (i % 2 == 0).then_some(i % 4 == 0),
        })
        .collect();
    // 15 closed, 8 of them on time (i = 0, 4, …, 28): 53.3 %.
    let m = make(ReportKind::Requests, Paper::Letter, 1, &lines);
    let info = stdout(&tool("pdfinfo", &[m.pdf.to_str().unwrap()]));
    assert!(info.contains("612 x 792"), "{info}");
    let text = text_of(&m.pdf, None);
    for s in ["Requests by type", "Requests received by month", "DSR-2026-0029", "53.3 %"] {
        assert!(text.contains(s), "{s} missing");
    }
}

#[test]
fn both_signatures_accept_the_untouched_file_and_reject_one_changed_byte() {
    let m = make(ReportKind::Audit, Paper::A4, 5, &[]);
    let p = m.pdf.to_str().unwrap();
    let public = m.keys.public().unwrap();

    // Our own checks.
    let e = check_embedded(&m.bytes);
    assert!(e.valid && e.covers_whole_file, "{e:?}");
    assert_eq!(e.certificate_fingerprint, public.certificate_fingerprint);
    check_minisig(&m.bytes, &m.minisig, &public.minisign_public_key).unwrap();

    // Independent checks: poppler (which always exits 0: read what it says) and minisign.
    let sig = stdout(&tool("pdfsig", &[p]));
    assert!(sig.contains("Signature is Valid"), "{sig}");
    assert!(sig.contains("ETSI.CAdES.detached"), "{sig}");
    assert!(sig.contains("Total document signed"), "{sig}");
    let ms = tool("minisign", &["-Vm", p, "-x", m.sig.to_str().unwrap(), "-P", &public.minisign_public_key]);
    assert!(ms.status.success(), "minisign: {}", stdout(&ms));

    // One byte changed in the signed content, well away from the signature itself.
    let mut bad = m.bytes.clone();
    let at = bad.len() / 3;
    bad[at] ^= 0x01;
    std::fs::write(&m.pdf, &bad).unwrap();
    let e = check_embedded(&bad);
    assert!(!e.valid, "{e:?}");
    assert!(check_minisig(&bad, &m.minisig, &public.minisign_public_key).is_err());
    let sig = stdout(&tool("pdfsig", &[p]));
    assert!(!sig.contains("Signature is Valid"), "{sig}");
    let ms = tool("minisign", &["-Vm", p, "-x", m.sig.to_str().unwrap(), "-P", &public.minisign_public_key]);
    assert!(!ms.status.success(), "minisign accepted a changed file");

    // Bytes appended after the signed part are caught as well.
    let mut longer = m.bytes.clone();
    longer.extend_from_slice(b"\n%extra\n");
    assert!(!check_embedded(&longer).valid);
    // A file without a signature is not valid either.
    assert!(!check_embedded(b"%PDF-1.7\n%%EOF").valid);
}

#[test]
fn every_language_renders() {
    for lang in Lang::ALL {
        let reg = register(3);
        let audit =
            AuditSummary { ok: true, entries: 1, head_hash: Some("f".repeat(64)), ..Default::default() };
        let now = Utc.with_ymd_and_hms(2026, 11, 29, 9, 30, 0).unwrap();
        let meta = ReportMeta {
            kind: ReportKind::InspectionPack,
            lang,
            title: ReportKind::InspectionPack.title(lang).into(),
            organisation: "Org".into(),
            dpo: String::new(),
            scope: ReportKind::InspectionPack.scope(lang).into(),
            generated_at: now,
            as_of: now.date_naive(),
            integrity: Integrity::default(),
            signer: SignerFacts::default(),
        };
        let inputs = ReportInputs {
            register: &reg,
            requests: &[],
            retention: None,
            audit: &audit,
            today: now.date_naive(),
        };
        let report = build_report(meta, Paper::A4, &inputs);
        let (doc, rendered) = pdf::render(&report);
        assert!(rendered.doc_pages > 5);
        let mut bytes = vec![];
        doc.clone().save_to(&mut bytes).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.pdf");
        std::fs::write(&path, &bytes).unwrap();
        let text = text_of(&path, None);
        assert!(text.contains(lang.labels().no_retention_data), "{lang:?}");
        assert!(text.contains(lang.labels().contents), "{lang:?}");
    }
}

#[test]
fn a_large_record_is_compact_landscape_and_still_complete() {
    let n = COMPACT_RECORD_FROM;
    let m = make(ReportKind::Ropa, Paper::A4, n, &[]);
    let p = m.pdf.to_str().unwrap();
    let q = tool("qpdf", &["--check", p]);
    assert!(q.status.success(), "qpdf --check: {}", stdout(&q));
    let (_, rendered) = pdf::layout(&m.report);
    let by_letter = build_report(
        m.report.meta.clone(),
        Paper::A4,
        &ReportInputs {
            register: &register(n),
            requests: &[],
            retention: None,
            audit: &AuditSummary::default(),
            today: m.report.meta.as_of,
        },
    );
    assert_eq!(by_letter.sections.len(), m.report.sections.len(), "the same layout for the same register");
    let letters = Report {
        sections: ropa_sections_as(&register(n), Lang::En, RecordLayout::ByLetter),
        ..m.report.clone()
    };
    let (_, letters) = pdf::layout(&letters);
    assert!(
        rendered.doc_pages < letters.doc_pages,
        "compact: {} pages, by letter: {}",
        rendered.doc_pages,
        letters.doc_pages
    );

    // Every activity, every heading of Art. 30 and the letters a register holds, as text.
    let text = text_of(&m.pdf, None);
    for a in &register(n).activities {
        assert!(text.contains(&a.name), "{} missing from the text", a.name);
    }
    for h in [
        "Art. 30(1)(a)",
        "Art. 30(1)(b)",
        "Art. 30(1)(c)",
        "Art. 30(1)(d)",
        "Art. 30(1)(e)",
        "Art. 30(1)(f)",
        "Art. 30(1)(g)",
        "Art. 30(2)(a)",
        "Art. 30(2)(b)",
        "Art. 30(2)(c)",
        "Art. 30(2)(d)",
    ] {
        assert!(text.contains(h), "{h} missing");
    }
    for s in ["Straße", "Łódź", "Ørsted", "€", "Ærø", "Café crème"] {
        assert!(text.contains(s), "{s} does not extract as text");
    }

    // The wide table runs over landscape pages, each under its header row and the running header.
    let start = |art: &str| rendered.toc.iter().find(|(l, t, _)| *l == 0 && t.starts_with(art)).unwrap().2;
    let (rows, after) = (start("Art. 30(1)(b)–(g)"), start("Art. 30(1)(g)"));
    assert!(after - rows >= 3, "the table spans several pages ({rows}..{after})");
    let info = stdout(&tool("pdfinfo", &["-f", "1", "-l", &after.to_string(), p]));
    for page in 1..=after {
        let size = info.lines().find(|l| l.starts_with(&format!("Page {page:>4} size:"))).unwrap();
        assert_eq!(size.contains("841.89 x 595.28"), (rows..after).contains(&page), "{size}");
    }
    for page in rows..after {
        let t = text_of(&m.pdf, Some(page));
        for h in ["Processing activity", "Art. 30(1)(b)", "Art. 30(1)(f)", "Art. 30(1)(g)"] {
            assert!(t.contains(h), "page {page} lacks the header row ({h}):\n{t}");
        }
        assert!(t.contains("Record of processing activities"), "page {page} lacks the running header");
        assert!(t.contains(&format!("Page {page} of {}", rendered.doc_pages)), "page {page}: footer");
    }

    // Fonts embedded and subset, with their text.
    let fonts = stdout(&tool("pdffonts", &[p]));
    for row in fonts.lines().skip(2).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(&cols[cols.len() - 5..cols.len() - 2], ["yes", "yes", "yes"], "{row}");
    }

    // Both signatures hold.
    let sig = stdout(&tool("pdfsig", &[p]));
    assert!(sig.contains("Signature is Valid"), "{sig}");
    let key = m.keys.public().unwrap().minisign_public_key;
    let ms = tool("minisign", &["-Vm", p, "-x", m.sig.to_str().unwrap(), "-P", &key]);
    assert!(ms.status.success(), "minisign: {}", stdout(&ms));
}

#[test]
fn contents_entries_link_to_their_pages_and_sections_are_bookmarked() {
    let m = make(ReportKind::Ropa, Paper::A4, 60, &[]);
    let (_, rendered) = pdf::layout(&m.report);
    let doc = lopdf::Document::load_mem(&m.bytes).unwrap();
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    let number = |id: lopdf::ObjectId| pages.iter().position(|p| *p == id).unwrap() + 1;
    // The links of the contents page(s), in order.
    let mut targets = vec![];
    for id in &pages[1..] {
        let page = doc.get_dictionary(*id).unwrap();
        let Ok(annots) = page.get(b"Annots").and_then(lopdf::Object::as_array) else { continue };
        for a in annots {
            let a = match a {
                lopdf::Object::Reference(r) => doc.get_dictionary(*r).unwrap(),
                o => o.as_dict().unwrap(),
            };
            if a.get(b"Subtype").unwrap().as_name().unwrap() == b"Link" {
                let dest = a.get(b"Dest").unwrap().as_array().unwrap();
                targets.push(number(dest[0].as_reference().unwrap()));
            }
        }
    }
    let expected: Vec<usize> = rendered.toc.iter().map(|e| e.2).collect();
    assert_eq!(targets, expected, "one link per contents entry, to the page it prints");

    // The outline: one bookmark per section, to its first page.
    let catalog = doc.catalog().unwrap();
    assert_eq!(catalog.get(b"PageMode").unwrap().as_name().unwrap(), b"UseOutlines");
    let outlines = doc.get_dictionary(catalog.get(b"Outlines").unwrap().as_reference().unwrap()).unwrap();
    let mut next = outlines.get(b"First").and_then(lopdf::Object::as_reference).ok();
    let mut marks = vec![];
    while let Some(id) = next {
        let item = doc.get_dictionary(id).unwrap();
        let dest = item.get(b"Dest").unwrap().as_array().unwrap();
        marks.push(number(dest[0].as_reference().unwrap()));
        next = item.get(b"Next").and_then(lopdf::Object::as_reference).ok();
    }
    let sections: Vec<usize> = rendered.toc.iter().filter(|e| e.0 == 0).map(|e| e.2).collect();
    assert_eq!(marks, sections);
}
