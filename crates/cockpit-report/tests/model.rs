//! The report model, tested as data: what goes into each Art. 30 section, the request figures, and the
//! fixed texts in every language.

use chrono::{NaiveDate, TimeZone, Utc};
use cockpit_domain::*;
use cockpit_report::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn register() -> Register {
    let mut payroll = Activity::new("PA-0001", "Payroll für Łódź");
    payroll.status = ActivityStatus::Active;
    payroll.purposes = vec!["Pay salaries".into(), "Withhold tax".into()];
    payroll.lawful_bases = vec![LawfulBasis::Contract, LawfulBasis::LegalObligation];
    payroll.data_subjects = vec!["Employees".into()];
    payroll.data_categories = vec![
        ActivityDataCategory {
            category: "Bank details".into(),
            retention: Retention {
                period: Some(RetentionPeriod {
                    amount: 6,
                    unit: RetentionUnit::Years,
                    trigger: "end of employment".into(),
                }),
                criteria: String::new(),
            },
        },
        ActivityDataCategory {
            category: "Health data".into(),
            retention: Retention { period: None, criteria: "until the claim is settled".into() },
        },
    ];
    payroll.recipients = vec!["Payroll provider".into()];
    payroll.transfers = vec![Transfer {
        country: "US".into(),
        recipient: Some("Payroll provider".into()),
        mechanism: Some(TransferMechanism::StandardContractualClauses),
        safeguards: "SCC module 2, TIA T-12".into(),
    }];
    payroll.measures = vec!["Encryption".into()];

    let mut loyalty = Activity::new("PA-0002", "Loyalty programme");
    loyalty.role = Role::JointController;
    loyalty.parties = vec!["Partner GmbH".into()];
    loyalty.purposes = vec!["Reward members".into()];

    let mut old = Activity::new("PA-0003", "Retired fax archive");
    old.status = ActivityStatus::Retired;

    let mut hosted = Activity::new("PA-0004", "Hosting for client ø");
    hosted.role = Role::Processor;
    hosted.parties = vec!["Client SA".into()];
    hosted.purposes = vec!["Host the client's CRM".into()];
    hosted.measures = vec!["Encryption".into()];

    Register {
        organisation: Some(Organisation {
            name: "Straße & Co. €".into(),
            dpo_name: "Zoë Ørsted".into(),
            dpo_email: "dpo@example.org".into(),
            art30_threshold: 250,
            ..Default::default()
        }),
        data_categories: vec![
            DataCategory {
                name: "Bank details".into(),
                kind: DataCategoryKind::Ordinary,
                description: String::new(),
            },
            DataCategory {
                name: "Health data".into(),
                kind: DataCategoryKind::Special,
                description: String::new(),
            },
        ],
        recipients: vec![Recipient {
            name: "Payroll provider".into(),
            kind: RecipientKind::External,
            processor: true,
            country: "US".into(),
            description: String::new(),
        }],
        measures: vec![Measure {
            name: "Encryption".into(),
            kind: MeasureKind::Technical,
            description: "AES-256 at rest".into(),
        }],
        parties: vec![
            Party {
                name: "Partner GmbH".into(),
                contact: "info@partner.example".into(),
                country: "DE".into(),
                ..Default::default()
            },
            Party {
                name: "Client SA".into(),
                contact: "privacy@client.example".into(),
                country: "FR".into(),
                ..Default::default()
            },
        ],
        activities: vec![payroll, loyalty, old, hosted],
        ..Default::default()
    }
}

fn table(s: &Section) -> &Table {
    s.blocks.iter().find_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).expect("a table")
}

fn column(t: &Table, title: &str) -> Vec<String> {
    let i = t.columns.iter().position(|c| c.title == title).unwrap_or_else(|| panic!("no column {title}"));
    t.rows.iter().map(|r| r[i].clone()).collect()
}

#[test]
fn the_record_follows_art_30_1_a_to_g_then_30_2_a_to_d() {
    let s = ropa_sections(&register(), Lang::En);
    let refs: Vec<&str> = s.iter().map(|s| s.title.as_str()).collect();
    let expected = [
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
    ];
    assert_eq!(refs.len(), expected.len(), "{refs:#?}");
    for (title, art) in refs.iter().zip(expected) {
        assert!(title.contains(art), "{title} should be {art}");
    }
}

#[test]
fn each_section_holds_what_its_letter_asks_for() {
    let l = Lang::En.labels();
    let s = ropa_sections(&register(), Lang::En);
    // (a): the controller's identity and DPO, and the joint controller with its contact.
    let a = &s[0];
    let kv =
        a.blocks.iter().find_map(|b| if let Block::KeyValues(kv) = b { Some(kv) } else { None }).unwrap();
    assert!(kv.contains(&(l.name.to_string(), "Straße & Co. €".to_string())));
    assert!(kv.contains(&(l.dpo.to_string(), "Zoë Ørsted, dpo@example.org".to_string())));
    let joint = a
        .blocks
        .iter()
        .filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None })
        .next_back()
        .unwrap();
    assert_eq!(
        joint.rows,
        vec![vec![
            "PA-0002".to_string(),
            "Loyalty programme".into(),
            "Partner GmbH, info@partner.example, DE".into()
        ]]
    );
    // (b): controller activities only; retired and processor activities are not in the controller record.
    let b = table(&s[1]);
    assert_eq!(column(b, l.id), ["PA-0001", "PA-0002"]);
    assert_eq!(column(b, l.purposes)[0], "Pay salaries; Withhold tax");
    assert_eq!(column(b, l.lawful_basis)[0], "Art. 6(1)(b); Art. 6(1)(c)");
    assert_eq!(column(b, l.lawful_basis)[1], l.none);
    // (c): special categories are marked.
    let c = table(&s[2]);
    assert_eq!(column(c, l.data_categories)[0], "Bank details; Health data (special category)");
    assert_eq!(column(c, l.data_subjects)[0], "Employees");
    // (d): recipients with their country.
    assert_eq!(column(table(&s[3]), l.recipients)[0], "Payroll provider (US)");
    // (e): one row per transfer, with the article of its tool and the documented safeguards.
    let e = table(&s[4]);
    assert_eq!(
        e.rows,
        vec![vec![
            "PA-0001".to_string(),
            "Payroll für Łódź".into(),
            "US".into(),
            "Payroll provider".into(),
            "Art. 46(2)(c)".into(),
            "SCC module 2, TIA T-12".into(),
        ]]
    );
    // (f): one row per category of data, period or criteria.
    let f = table(&s[5]);
    assert_eq!(
        column(f, l.retention),
        ["6 years after end of employment", "until the claim is settled", "—"]
    );
    // (g): measures with their description.
    assert_eq!(column(table(&s[6]), l.measures)[0], "Encryption (AES-256 at rest)");
    // 30(2): the processor activity and the controller it works for.
    let p = &s[7];
    let ctl = p
        .blocks
        .iter()
        .filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None })
        .next_back()
        .unwrap();
    assert_eq!(
        ctl.rows[0],
        vec![
            "PA-0004".to_string(),
            "Hosting for client ø".into(),
            "Client SA, privacy@client.example, FR".into()
        ]
    );
    assert_eq!(column(table(&s[8]), l.processing), ["Host the client's CRM"]);
    assert_eq!(s[9].blocks, vec![Block::Paragraph(l.no_transfers.to_string())]);
    // The retired activity appears nowhere.
    let all: Vec<&str> = s
        .iter()
        .flat_map(|s| s.blocks.iter())
        .flat_map(|b| match b {
            Block::Table(t) => t.rows.iter().flatten().map(String::as_str).collect::<Vec<_>>(),
            _ => vec![],
        })
        .collect();
    assert!(!all.iter().any(|c| c.contains("Retired fax")));
}

#[test]
fn an_empty_register_says_so_instead_of_printing_empty_tables() {
    let l = Lang::En.labels();
    let s = ropa_sections(&Register::default(), Lang::En);
    assert_eq!(s[0].blocks, vec![Block::Paragraph(l.no_organisation.to_string())]);
    assert_eq!(s[1].blocks, vec![Block::Paragraph(l.no_activities.to_string())]);
    assert!(s.last().unwrap().blocks.contains(&Block::Paragraph(l.no_activities.to_string())));
}

fn req(id: &str, received: &str, closed: Option<&str>, on_time: Option<bool>, ty: &str) -> RequestLine {
    RequestLine {
        id: id.into(),
        regime: "gdpr".into(),
        request_type: ty.into(),
        status: if closed.is_some() { "completed".into() } else { "in_progress".into() },
        received: d(received),
        due: d(received) + chrono::Days::new(30),
        open: closed.is_none(),
        clock_stopped: false,
        closed_on: closed.map(d),
        on_time,
    }
}

#[test]
fn request_figures_are_counted_as_the_law_and_the_dashboard_read_them() {
    let today = d("2026-11-29");
    let mut lines = vec![
        req("A", "2026-01-10", Some("2026-01-20"), Some(true), "access"), // 10 days
        req("B", "2026-03-01", Some("2026-04-15"), Some(false), "erasure"), // 45 days
        req("C", "2026-06-01", Some("2026-06-05"), Some(true), "access"), // 4 days
        req("D", "2026-10-01", None, None, "access"),                     // open, overdue (due 31 Oct)
        req("E", "2026-11-20", None, None, "objection"),                  // open, not yet due
        req("F", "2025-06-01", Some("2025-06-30"), Some(true), "access"), // outside the window
    ];
    let mut stopped = req("G", "2026-09-01", None, None, "erasure");
    stopped.clock_stopped = true; // a wait is running: not overdue
    lines.push(stopped);
    let mut refused = req("H", "2026-11-02", Some("2026-11-10"), Some(true), "erasure");
    refused.status = "refused".into(); // 8 days
    lines.push(refused);

    let k = request_kpis(&lines, today);
    assert_eq!(k.window_start, d("2025-12-01"));
    assert_eq!(k.received, 7);
    assert_eq!(k.closed, 4);
    assert_eq!(k.completed, 3);
    assert_eq!(k.on_time_pct, Some(75.0));
    assert_eq!(k.median_days, Some(9.0)); // 4, 8, 10, 45
    assert_eq!(k.open, 3);
    assert_eq!(k.overdue, 1); // D; E is not due yet, and G's stopped clock is not overdue
    assert_eq!(k.by_type, vec![("access".to_string(), 3), ("erasure".into(), 3), ("objection".into(), 1)]);
    assert_eq!(k.by_month.len(), 12);
    assert_eq!(k.by_month.first().unwrap().0, "2025-12");
    assert_eq!(k.by_month.last().unwrap(), &("2026-11".to_string(), 2, 1));
    assert_eq!(k.by_month.iter().map(|m| m.1).sum::<u32>(), k.received, "months add up to the total");
    assert_eq!(k.by_month.iter().map(|m| m.2).sum::<u32>(), k.closed);
}

#[test]
fn medians_of_odd_and_even_counts() {
    assert_eq!(median(&mut []), None);
    assert_eq!(median(&mut [7]), Some(7.0));
    assert_eq!(median(&mut [9, 1, 5]), Some(5.0));
    assert_eq!(median(&mut [10, 1, 4, 3]), Some(3.5));
}

#[test]
fn no_requests_no_percentages() {
    let k = request_kpis(&[], d("2026-11-29"));
    assert_eq!((k.received, k.on_time_pct, k.median_days), (0, None, None));
    let s = request_sections(&[], d("2026-11-29"), Lang::En);
    assert_eq!(s[1].blocks, vec![Block::Paragraph(Lang::En.labels().no_requests.to_string())]);
}

#[test]
fn retention_without_module_data_says_so_plainly() {
    for lang in Lang::ALL {
        let s = retention_sections(None, lang);
        assert_eq!(s[0].blocks, vec![Block::Paragraph(lang.labels().no_retention_data.to_string())]);
    }
    assert_eq!(Lang::En.labels().no_retention_data, "No retention module data in this database.");
    let e = RetentionEvidence {
        rules: vec![RetentionRuleLine {
            name: "r".into(),
            datastore: "crm".into(),
            table: "events".into(),
            keep: "365d".into(),
            holds: 1,
        }],
        runs: vec![RetentionRunLine {
            run_id: "1".into(),
            rule: "r".into(),
            date: "2026-11-01".into(),
            status: "done".into(),
            affected: 12,
            held: 1,
            digest: "ab".into(),
        }],
    };
    let s = retention_sections(Some(&e), Lang::En);
    let tables: Vec<&Table> =
        s[0].blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).collect();
    assert_eq!(tables[0].rows, vec![vec!["r".to_string(), "crm / events".into(), "365d".into(), "1".into()]]);
    assert_eq!(tables[1].rows[0][4], "12");
}

#[test]
fn a_broken_trail_names_its_first_broken_entry() {
    let a = AuditSummary {
        ok: false,
        entries: 41,
        head_hash: None,
        first_broken_seq: Some(42),
        problem: Some("entry 42 was altered".into()),
        ..Default::default()
    };
    let s = audit_sections(&a, Lang::En);
    let l = Lang::En.labels();
    assert_eq!(s[0].blocks[0], Block::Paragraph(l.verified_broken.to_string()));
    let Block::KeyValues(kv) = &s[0].blocks[1] else { panic!() };
    assert!(kv.contains(&(l.first_broken.to_string(), "42".to_string())));
    assert!(kv.contains(&(l.chain.to_string(), l.chain_broken.to_string())));
    assert!(kv.contains(&(l.head_hash.to_string(), l.none.to_string())));
}

fn meta(kind: ReportKind, lang: Lang) -> ReportMeta {
    ReportMeta {
        kind,
        lang,
        title: kind.title(lang).into(),
        organisation: "Org".into(),
        dpo: "DPO".into(),
        scope: kind.scope(lang).into(),
        generated_at: Utc.with_ymd_and_hms(2026, 11, 29, 10, 0, 0).unwrap(),
        as_of: d("2026-06-30"),
        integrity: Integrity {
            audit_entries: 9,
            head_hash: Some("ab".repeat(32)),
            chain_ok: true,
            generated_by: "test".into(),
        },
        signer: SignerFacts {
            minisign_public_key: "RWkey".into(),
            fingerprint: "F1".into(),
            certificate_subject: "CN=x".into(),
        },
    }
}

#[test]
fn every_report_states_its_integrity_on_the_title_page() {
    let m = meta(ReportKind::Ropa, Lang::En);
    let lines = m.title_lines();
    let l = Lang::En.labels();
    for (k, v) in [
        (l.head_hash, "ab".repeat(32)),
        (l.audit_entries, "9".into()),
        (l.as_of, "2026-06-30".into()),
        (l.generated, "2026-11-29 10:00:00 UTC".into()),
        (l.minisign_key, "RWkey".into()),
        (l.fingerprint, "F1".into()),
    ] {
        assert!(lines.contains(&(k.to_string(), v.clone())), "{k}: {v} missing from {lines:?}");
    }
}

#[test]
fn the_inspection_pack_is_a_cover_letter_and_every_report() {
    let reg = register();
    let audit = AuditSummary { ok: true, entries: 9, head_hash: Some("ab".repeat(32)), ..Default::default() };
    let inputs = ReportInputs {
        register: &reg,
        requests: &[],
        retention: None,
        audit: &audit,
        today: d("2026-11-29"),
    };
    let r = build_report(meta(ReportKind::InspectionPack, Lang::En), Paper::A4, &inputs);
    let l = Lang::En.labels();
    assert_eq!(r.sections[0].title, l.cover_letter);
    for part in [l.title_ropa, l.title_requests, l.title_retention, l.title_audit] {
        assert!(r.sections.iter().any(|s| s.title.contains(part)), "{part} missing");
    }
    assert!(r.texts().contains(&l.no_retention_data));
    // The workbook gets every table.
    assert!(r.tables().len() >= 8);
}

#[test]
fn labels_are_translated_and_article_references_are_not() {
    let reg = register();
    let en: Vec<String> = ropa_sections(&reg, Lang::En).into_iter().map(|s| s.title).collect();
    for lang in [Lang::Es, Lang::De, Lang::Fr] {
        let other: Vec<String> = ropa_sections(&reg, lang).into_iter().map(|s| s.title).collect();
        assert_eq!(other.len(), en.len());
        for (a, b) in en.iter().zip(&other) {
            assert_ne!(a, b, "{lang:?} must translate {a}");
            let art = |s: &str| {
                s.split_whitespace().filter(|w| w.starts_with("30(")).map(str::to_string).collect::<Vec<_>>()
            };
            assert_eq!(art(a), art(b), "{lang:?} keeps the article references");
        }
        assert_ne!(lang.labels().no_retention_data, Lang::En.labels().no_retention_data);
    }
    assert_eq!(Lang::parse("DE"), Some(Lang::De));
    assert_eq!(Lang::parse("it"), None);
}

#[test]
fn a_register_of_500_activities_gets_the_compact_record() {
    let mut reg = register();
    let template = reg.activities[0].clone();
    // Retired activities are not part of the record and do not count.
    while reg.activities.iter().filter(|a| a.status != ActivityStatus::Retired).count()
        < COMPACT_RECORD_FROM - 1
    {
        let mut a = template.clone();
        a.id = format!("PA-{:04}", reg.activities.len() + 1);
        reg.activities.push(a);
    }
    assert_eq!(RecordLayout::for_register(&reg), RecordLayout::ByLetter);
    let mut retired = template.clone();
    retired.status = ActivityStatus::Retired;
    reg.activities.push(retired);
    assert_eq!(RecordLayout::for_register(&reg), RecordLayout::ByLetter);
    reg.activities.push(template);
    assert_eq!(RecordLayout::for_register(&reg), RecordLayout::Compact);
    assert_eq!(ropa_sections(&reg, Lang::En), ropa_sections_as(&reg, Lang::En, RecordLayout::Compact));
}

#[test]
fn the_compact_record_has_one_row_per_activity_under_the_letters_of_art_30() {
    let l = Lang::En.labels();
    let reg = register();
    let s = ropa_sections_as(&reg, Lang::En, RecordLayout::Compact);
    let titles: Vec<&str> = s.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            format!("{} · {}", l.controller_part, l.s1a).as_str(),
            l.record_rows_1,
            l.s1g,
            format!("{} · {}", l.processor_part, l.s2a).as_str(),
            l.record_rows_2,
            l.s2d,
        ]
    );
    let landscape: Vec<bool> =
        s.iter().map(|s| s.blocks.iter().any(|b| matches!(b, Block::Table(t) if t.landscape))).collect();
    assert_eq!(landscape, [false, true, false, false, true, false]);

    // (a): the joint controller once, with its contact details.
    let joint = table(&s[0]);
    assert_eq!(joint.rows, vec![vec!["Partner GmbH, info@partner.example, DE".to_string()]]);

    // (b)–(g): one row per controller activity in the record, the letters as columns.
    let t = table(&s[1]);
    let heads: Vec<&str> = t.columns.iter().map(|c| c.title.as_str()).collect();
    for (i, art) in ["(b)", "(c)", "(d)", "(e)", "(f)", "(g)"].iter().enumerate() {
        assert!(heads[i + 1].starts_with(&format!("Art. 30(1){art}\n")), "{:?}", heads[i + 1]);
    }
    assert_eq!(
        t.rows.len(),
        2,
        "payroll and loyalty; the retired archive and the processor activity are not here"
    );
    let payroll = &t.rows[0];
    assert!(payroll[0].starts_with("PA-0001\nPayroll für Łódź"));
    assert!(
        payroll[1].contains("Pay salaries; Withhold tax")
            && payroll[1].contains("Art. 6(1)(b); Art. 6(1)(c)")
    );
    assert!(payroll[2].contains("Employees") && payroll[2].contains("Health data (special category)"));
    assert_eq!(payroll[3], "Payroll provider (US)");
    assert!(payroll[4].contains("Payroll provider (US)") && payroll[4].contains("SCC module 2, TIA T-12"));
    assert_eq!(
        payroll[5],
        "Bank details: 6 years after end of employment\nHealth data: until the claim is settled"
    );
    assert_eq!(payroll[6], "1", "measures by their number in the list");
    assert!(t.rows[1][0].contains("Partner GmbH"), "the joint controller named in the row");
    assert_eq!(t.rows[1][6], l.none);
    // (g): the list the numbers refer to, each measure once with its description.
    assert_eq!(table(&s[2]).rows, vec![vec!["1".to_string(), "Encryption".into(), "AES-256 at rest".into()]]);

    // The processor part: the controller once, then one row per processor activity.
    assert_eq!(table(&s[3]).rows, vec![vec!["Client SA, privacy@client.example, FR".to_string()]]);
    let p = table(&s[4]);
    assert!(
        p.columns[1].title.starts_with("Art. 30(2)(a)") && p.columns[4].title.starts_with("Art. 30(2)(d)")
    );
    assert_eq!(p.rows.len(), 1);
    assert_eq!(p.rows[0][..3], ["PA-0004\nHosting for client ø", "Client SA", "Host the client's CRM"]);
    assert_eq!(p.rows[0][4], "1");
}

#[test]
fn equal_time_limits_are_grouped_in_the_compact_record() {
    let mut reg = register();
    let keep = |amount| Retention {
        period: Some(RetentionPeriod { amount, unit: RetentionUnit::Months, trigger: String::new() }),
        criteria: String::new(),
    };
    reg.activities[0].data_categories = ["A", "B", "C"]
        .iter()
        .zip([3, 6, 3])
        .map(|(c, n)| ActivityDataCategory { category: c.to_string(), retention: keep(n) })
        .collect();
    let s = ropa_sections_as(&reg, Lang::En, RecordLayout::Compact);
    assert_eq!(table(&s[1]).rows[0][5], "A, C: 3 months from collection\nB: 6 months from collection");
}
