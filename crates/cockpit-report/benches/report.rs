//! Report benchmark: the record of processing activities for 10,000 activities (the demonstration
//! register grown, as in cockpit-api's register bench), against the targets of issue 6: render, compress
//! and sign in ≤ 1 s, ≤ 150 MB peak memory, ≤ 3 MB file. In the same run the same table rows go to
//! typst (PyPI `typst`, through scripts/bench-typst.py) for comparison.
//!
//! Run: `cargo bench -p cockpit-report --bench report` (release profile). Prints a Markdown table; the
//! figures in docs/benchmarks.md come from it. `COCKPIT_BENCH_OUT=DIR` keeps the PDFs;
//! `COCKPIT_BENCH_NO_TYPST=1` skips typst (it needs minutes and gigabytes for these tables).

use chrono::{TimeZone, Utc};
use cockpit_demo::DemoLanguage;
use cockpit_domain::Register;
use cockpit_report::*;
use std::time::{Duration, Instant};

const ACTIVITIES: usize = 10_000;
const RUNS: usize = 5;

fn register(today: chrono::NaiveDate) -> Register {
    let demo = cockpit_demo::demo_register(DemoLanguage::En, today);
    let mut r = demo.clone();
    r.activities.clear();
    for i in 0..ACTIVITIES {
        let mut a = demo.activities[i % demo.activities.len()].clone();
        a.id = format!("PA-{:05}", i + 1);
        a.name = format!("{} #{}", a.name, i + 1);
        a.status = cockpit_domain::ActivityStatus::Active;
        r.activities.push(a);
    }
    r
}

/// Peak resident memory of this process so far (Linux), in MiB.
fn peak_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "PASS"
    } else {
        "FAIL"
    }
}

fn main() {
    let now = Utc.with_ymd_and_hms(2026, 11, 29, 12, 0, 0).unwrap();
    let today = now.date_naive();
    let reg = register(today);
    let keys = SigningKeys::generate("Castellana Isar Group, S.L.", now).expect("keys");
    let public = keys.public().expect("public keys");
    let audit =
        AuditSummary { ok: true, entries: 10_050, head_hash: Some("ab".repeat(32)), ..Default::default() };
    let meta = ReportMeta {
        kind: ReportKind::Ropa,
        lang: Lang::En,
        title: ReportKind::Ropa.title(Lang::En).into(),
        organisation: "Castellana Isar Group, S.L.".into(),
        dpo: "Dra. Lucía Navarro Prieto".into(),
        scope: ReportKind::Ropa.scope(Lang::En).into(),
        generated_at: now,
        as_of: today,
        integrity: Integrity {
            audit_entries: 10_050,
            head_hash: audit.head_hash.clone(),
            chain_ok: true,
            generated_by: "bench".into(),
        },
        signer: SignerFacts {
            minisign_public_key: public.minisign_public_key.clone(),
            fingerprint: public.certificate_fingerprint.clone(),
            certificate_subject: public.certificate_subject.clone(),
        },
    };
    let inputs = ReportInputs { register: &reg, requests: &[], retention: None, audit: &audit, today };
    let before = peak_mib().unwrap_or(0.0);

    let mut times = vec![];
    let mut last = None;
    for _ in 0..RUNS {
        let t = Instant::now();
        let report = build_report(meta.clone(), Paper::A4, &inputs);
        let out = produce(&report, &keys, now, "ropa.pdf", false).expect("produce");
        times.push(t.elapsed());
        last = Some((report, out));
    }
    let (report, out) = last.expect("one run");
    let peak = peak_mib().unwrap_or(0.0);
    times.sort();
    let median = times[RUNS / 2];
    let size_mb = out.pdf.len() as f64 / 1_000_000.0;
    let rows: usize = report.tables().iter().map(|t| t.rows.len()).sum();

    let dir = match std::env::var_os("COCKPIT_BENCH_OUT") {
        Some(d) => std::path::PathBuf::from(d),
        None => std::env::temp_dir().join("cockpit-report-bench"),
    };
    std::fs::create_dir_all(&dir).expect("bench output folder");
    std::fs::write(dir.join("ropa.pdf"), &out.pdf).expect("write pdf");
    assert!(check_embedded(&out.pdf).valid, "the benchmarked PDF is validly signed");

    let ms = |d: Duration| format!("{:.0} ms", d.as_secs_f64() * 1000.0);
    println!("10,000 activities, {} table rows, {} pages", rows, out.pages);
    println!();
    println!("| measurement | DPO Cockpit (printpdf) | target | result |");
    println!("|---|---|---|---|");
    println!(
        "| model + layout + render + compress + sign (median of {RUNS}; min {}, max {}) | {} | ≤ 1 s | {} |",
        ms(times[0]),
        ms(times[RUNS - 1]),
        ms(median),
        verdict(median <= Duration::from_secs(1))
    );
    println!(
        "| peak memory of the process (of which the 10,000-activity register: {before:.0} MiB) | {peak:.0} MiB | ≤ 150 MB | {} |",
        verdict(peak * 1.048_576 <= 150.0)
    );
    println!("| file size | {size_mb:.2} MB | ≤ 3 MB | {} |", verdict(size_mb <= 3.0));
    println!("| pages | {} | 500+ | {} |", out.pages, verdict(out.pages >= 500));

    // Where the time goes, in one more run, stage by stage.
    let t = Instant::now();
    let report = build_report(meta.clone(), Paper::A4, &inputs);
    let t_model = t.elapsed();
    let t = Instant::now();
    let (laid, rendered) = pdf::layout(&report);
    let t_layout = t.elapsed();
    let t = Instant::now();
    let lo = pdf::assemble(&report, laid, &rendered);
    let t_assemble = t.elapsed();
    let t = Instant::now();
    let signed = keys.sign_pdf(lo, now, "bench").expect("sign");
    let t_sign = t.elapsed();
    let t = Instant::now();
    keys.minisign(&signed, "bench").expect("minisign");
    let t_minisign = t.elapsed();
    println!();
    println!(
        "Stages of one run: model {}, layout (wrapping, pagination, content-stream operators) {}, \
         assembly (deflate on every core, font subsets, printpdf document, lopdf objects) {}, \
         save + PAdES signature {}, minisign {}.",
        ms(t_model),
        ms(t_layout),
        ms(t_assemble),
        ms(t_sign),
        ms(t_minisign)
    );
    println!();

    // The same rows through typst, for comparison.
    let json: Vec<serde_json::Value> = report
        .sections
        .iter()
        .map(|s| {
            let tables: Vec<serde_json::Value> = s
                .blocks
                .iter()
                .filter_map(|b| match b {
                    Block::Table(t) => Some(serde_json::json!({
                        "columns": t.columns.iter().map(|c| serde_json::json!({"title": c.title, "weight": c.weight})).collect::<Vec<_>>(),
                        "rows": t.rows,
                    })),
                    _ => None,
                })
                .collect();
            let landscape = s.blocks.iter().any(|b| matches!(b, Block::Table(t) if t.landscape));
            serde_json::json!({"title": s.title, "landscape": landscape, "tables": tables})
        })
        .collect();
    let rows_path = dir.join("rows.json");
    std::fs::write(&rows_path, serde_json::to_vec(&json).expect("json")).expect("write rows");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scripts/bench-typst.py");
    if std::env::var_os("COCKPIT_BENCH_NO_TYPST").is_some() {
        println!("| typst | skipped (COCKPIT_BENCH_NO_TYPST) | | |");
        return;
    }
    match std::process::Command::new("python3")
        .arg(script)
        .arg(&rows_path)
        .arg(dir.join("ropa-typst.pdf"))
        .output()
    {
        Ok(o) if o.status.success() => print!("{}", String::from_utf8_lossy(&o.stdout)),
        Ok(o) => println!(
            "| typst | not measured: {} | | |",
            String::from_utf8_lossy(&o.stderr).lines().last().unwrap_or("")
        ),
        Err(e) => println!("| typst | not measured: {e} | | |"),
    }
    println!();
    println!("PDFs in {}", dir.display());
}
