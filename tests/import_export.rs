//! Import and export: round trips in every format, and refused imports that change nothing.

use cockpit_api::io::{export, neutralise};
use cockpit_api::{Cockpit, DemoLanguage, ErrorCode, ExportFormat, ImportError};
use cockpit_domain::*;

async fn open(dir: &tempfile::TempDir, name: &str) -> Cockpit {
    Cockpit::open(&dir.path().join(name)).await.unwrap()
}

async fn demo(dir: &tempfile::TempDir) -> Cockpit {
    let c = open(dir, "demo.db").await;
    c.init(Some(DemoLanguage::Es)).await.unwrap();
    c
}

/// What a refused import must leave behind: the same register and the same audit trail.
async fn snapshot(c: &Cockpit) -> (Vec<u8>, u32) {
    let (bytes, _) = c.export_bytes(ExportFormat::Json, None).await.unwrap();
    (bytes, c.verify_audit().await.unwrap().entries)
}

#[tokio::test]
async fn export_import_export_is_the_identity_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo(&dir).await;
    let (reference, n) = a.export_bytes(ExportFormat::Json, None).await.unwrap();
    assert!(n >= 40);
    for (i, format) in [ExportFormat::Json, ExportFormat::Csv, ExportFormat::Xlsx].into_iter().enumerate() {
        let (file, _) = a.export_bytes(format, None).await.unwrap();
        let b = open(&dir, &format!("copy{i}.db")).await;
        let summary = b.import_bytes(&file, format).await.unwrap();
        assert_eq!(summary.activities_created, n, "{format:?}");
        let (again, _) = b.export_bytes(ExportFormat::Json, None).await.unwrap();
        assert_eq!(
            String::from_utf8(again).unwrap(),
            String::from_utf8(reference.clone()).unwrap(),
            "{format:?}"
        );
        if format != ExportFormat::Xlsx {
            // Text formats are byte-identical on the second export (XLSX carries a creation time).
            let (file2, _) = b.export_bytes(format, None).await.unwrap();
            assert_eq!(file2, file, "{format:?}");
        }
        assert!(b.verify_audit().await.unwrap().ok);
        // Importing the same file again changes nothing.
        let again = b.import_bytes(&file, format).await.unwrap();
        assert_eq!((again.activities_created, again.activities_updated), (0, 0), "{format:?}");
        assert_eq!(again.activities_unchanged, n);
    }
}

#[tokio::test]
async fn exports_neutralise_formulas_and_imports_restore_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let c = open(&dir, "f.db").await;
    c.save_vocabulary_entry(
        VocabularyEntry::Measure(Measure {
            name: "@Access review".into(),
            kind: MeasureKind::Organisational,
            description: "=HYPERLINK(\"http://evil.example\",\"click\")".into(),
        }),
        None,
    )
    .await
    .unwrap();
    let mut a = Activity::new("", "+34 hotline");
    a.description = "-1 day\tbefore".into();
    a.data_source = "\rreturn".into();
    a.measures = vec!["@Access review".into()];
    c.create_activity(a).await.unwrap();
    let (csv, _) = c.export_bytes(ExportFormat::Csv, None).await.unwrap();
    let text = String::from_utf8(csv.clone()).unwrap();
    for dangerous in ["=HYPERLINK", "+34 hotline", "-1 day", "@Access review"] {
        assert!(text.contains(&neutralise(dangerous)), "{dangerous} must be quoted");
        for cell in text.split([',', '\n']) {
            assert!(!cell.trim_matches('"').starts_with(dangerous), "raw {dangerous} in {cell:?}");
        }
    }
    let d = open(&dir, "g.db").await;
    d.import_bytes(&csv, ExportFormat::Csv).await.unwrap();
    assert_eq!(d.register(None).await.unwrap(), c.register(None).await.unwrap());
    let (xlsx, _) = c.export_bytes(ExportFormat::Xlsx, None).await.unwrap();
    let e = open(&dir, "h.db").await;
    e.import_bytes(&xlsx, ExportFormat::Xlsx).await.unwrap();
    assert_eq!(e.register(None).await.unwrap(), c.register(None).await.unwrap());
}

async fn refused(c: &Cockpit, bytes: &[u8], format: ExportFormat) -> Vec<ImportError> {
    let before = snapshot(c).await;
    let err = c.import_bytes(bytes, format).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Import, "{err}");
    assert!(err.message.contains("nothing was changed"));
    assert_eq!(snapshot(c).await, before, "a refused import must not change the database");
    err.rows
}

fn one_activity_csv(extra_header: &str, row: &str) -> Vec<u8> {
    let header = cockpit_api::io::csv_header().join(",");
    format!("{header}{extra_header}\r\n{row}\r\n").into_bytes()
}

#[tokio::test]
async fn bad_files_are_refused_with_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let c = demo(&dir).await;
    let cols = cockpit_api::io::csv_header();
    let row_with = |pairs: &[(&str, &str)]| -> String {
        cols.iter()
            .map(|c| pairs.iter().find(|(k, _)| k == c).map(|(_, v)| v.to_string()).unwrap_or_default())
            .collect::<Vec<_>>()
            .join(",")
    };

    // Empty file.
    let rows = refused(&c, b"", ExportFormat::Csv).await;
    assert_eq!(rows[0].message, "the file is empty");
    let rows = refused(&c, b"  \n", ExportFormat::Json).await;
    assert_eq!(rows[0].message, "the file is empty");

    // Bad encoding: Latin-1 "é" in a name.
    let mut bytes =
        one_activity_csv("", &row_with(&[("record", "activities"), ("id", "X-1"), ("name", "Caf")]));
    let pos = bytes.windows(3).position(|w| w == b"Caf").unwrap() + 3;
    bytes.insert(pos, 0xE9);
    let rows = refused(&c, &bytes, ExportFormat::Csv).await;
    assert_eq!((rows[0].row, rows[0].column.as_str()), (2, "name"));
    assert!(rows[0].message.contains("UTF-8"));

    // Missing required column.
    let header: Vec<&str> = cols.iter().copied().filter(|c| *c != "id").collect();
    let csv = format!("{}\r\nactivities,,Payroll\r\n", header.join(","));
    let rows = refused(&c, csv.as_bytes(), ExportFormat::Csv).await;
    assert!(rows.iter().any(|e| e.column == "id" && e.message.contains("required column")), "{rows:?}");

    // Unknown column.
    let rows = refused(&c, &one_activity_csv(",shoe_size", "activities"), ExportFormat::Csv).await;
    assert_eq!(rows[0].column, "shoe_size");

    // Wrong types, each reported with its column.
    let csv = one_activity_csv(
        "",
        &row_with(&[
            ("record", "activities"),
            ("id", "X-1"),
            ("name", "Payroll"),
            ("status", "open"),
            ("next_review", "31/12/2026"),
            ("criminal_data", "maybe"),
        ]),
    );
    let rows = refused(&c, &csv, ExportFormat::Csv).await;
    let mut got: Vec<(u32, &str)> = rows.iter().map(|e| (e.row, e.column.as_str())).collect();
    got.sort();
    assert_eq!(got, [(2, "criminal_data"), (2, "next_review"), (2, "status")]);
    assert!(rows.iter().any(|e| e.message.contains("valid: draft, active, retired")));

    // A 10 MB field.
    let big = "x".repeat(10 * 1024 * 1024);
    let csv = one_activity_csv(
        "",
        &row_with(&[("record", "activities"), ("id", "X-1"), ("name", "Big"), ("description", &big)]),
    );
    let rows = refused(&c, &csv, ExportFormat::Csv).await;
    assert_eq!(
        (rows[0].table.as_str(), rows[0].row, rows[0].column.as_str()),
        ("activities", 2, "description")
    );
    assert!(rows[0].message.len() < 200);

    // Broken JSON names its line.
    let rows = refused(&c, b"{\n  \"activities\": [\n  {\"id\": 5}\n]}", ExportFormat::Json).await;
    assert_eq!(rows[0].row, 3);

    // Not a workbook.
    let rows = refused(&c, b"PK\x03\x04 not really a zip", ExportFormat::Xlsx).await;
    assert!(rows[0].message.contains("XLSX"));
}

fn thousand_activities() -> Register {
    let mut r = Register {
        data_categories: vec![DataCategory { name: "Contact details".into(), ..Default::default() }],
        recipients: vec![Recipient {
            name: "Mail house".into(),
            kind: RecipientKind::External,
            processor: true,
            country: "DE".into(),
            description: String::new(),
        }],
        ..Default::default()
    };
    for i in 1..=1000 {
        let mut a = Activity::new(format!("PA-{i:04}"), format!("Activity {i}"));
        a.purposes = vec![format!("Purpose {i}")];
        a.recipients = vec!["Mail house".into()];
        a.data_categories = vec![ActivityDataCategory {
            category: "Contact details".into(),
            retention: Retention {
                period: Some(RetentionPeriod {
                    amount: 2,
                    unit: RetentionUnit::Years,
                    trigger: String::new(),
                }),
                criteria: String::new(),
            },
        }];
        r.activities.push(a);
    }
    r
}

#[tokio::test]
async fn one_bad_row_in_a_thousand_refuses_the_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let c = demo(&dir).await;
    for format in [ExportFormat::Csv, ExportFormat::Xlsx, ExportFormat::Json] {
        let mut r = thousand_activities();
        r.activities[636].recipients = vec!["Mail hous".into()];
        r.activities[900].data_categories[0].category = "Contact detail".into();
        let bytes = export(&r, format).unwrap();
        let rows = refused(&c, &bytes, format).await;
        let got: Vec<(&str, u32, &str)> =
            rows.iter().map(|e| (e.table.as_str(), e.row, e.column.as_str())).collect();
        match format {
            // CSV rows: header, 1 data category, 1 recipient, then activities (row 4 = PA-0001), then
            // their data-category rows.
            ExportFormat::Csv => assert_eq!(
                got,
                [("activities", 640, "recipients"), ("activity_data_categories", 1904, "category")]
            ),
            // XLSX: each table on its own sheet, header on row 1.
            ExportFormat::Xlsx => assert_eq!(
                got,
                [("activities", 638, "recipients"), ("activity_data_categories", 902, "category")]
            ),
            // JSON: the item number in its list, and the field path.
            ExportFormat::Json => assert_eq!(
                got,
                [("activities", 637, "recipients[0]"), ("activities", 901, "data_categories[0]")]
            ),
        }
        assert!(rows[0].message.contains("no recipient named 'Mail hous'"), "{}", rows[0].message);
    }
    // The same file without the bad rows goes in whole.
    let c2 = open(&dir, "thousand.db").await;
    let s = c2
        .import_bytes(&export(&thousand_activities(), ExportFormat::Csv).unwrap(), ExportFormat::Csv)
        .await
        .unwrap();
    assert_eq!(s.activities_created, 1000);
}

/// Every input the fuzzer ever crashed on (`fuzz/regressions/`) is now refused with import errors, or
/// accepted, and never panics: the file name says which parser it is for.
#[test]
fn fuzzer_crash_inputs_are_refused_cleanly() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/regressions");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let format = match name.split('-').next().unwrap() {
            "import_csv" => ExportFormat::Csv,
            "import_json" => ExportFormat::Json,
            "import_xlsx" => ExportFormat::Xlsx,
            _ => continue,
        };
        let bytes = std::fs::read(entry.path()).unwrap();
        let result = cockpit_api::io::parse(&bytes, format);
        if name.contains("calamine-cell-reference-overflow") {
            let Err(errors) = result else { panic!("a damaged workbook is refused") };
            assert!(
                errors.iter().any(|e| cockpit_api::io::describe(e).contains("damaged")),
                "{:?}",
                errors.iter().map(cockpit_api::io::describe).collect::<Vec<_>>()
            );
        }
        checked += 1;
    }
    assert!(checked >= 1, "no regression inputs in {}", dir.display());
}
