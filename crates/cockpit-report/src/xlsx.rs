//! The tables of a report as an XLSX workbook: a first sheet with the title-page facts (generation time,
//! "as of" date, audit head hash), then one sheet per table with a bold, frozen header row.

use crate::model::Report;
use rust_xlsxwriter::{Format, Workbook};

/// A cell that a spreadsheet would read as a formula gets a leading apostrophe, as the register export
/// does.
fn neutralise(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') if s != "-" && s.parse::<f64>().is_err() => format!("'{s}"),
        _ => s.to_string(),
    }
}

/// A worksheet name Excel accepts (at most 31 characters, none of `[]:*?/\`), unique in the workbook.
fn sheet_name(wanted: &str, used: &mut Vec<String>) -> String {
    let clean: String = wanted.chars().map(|c| if "[]:*?/\\".contains(c) { '_' } else { c }).collect();
    let clean = clean.trim_matches('\'').trim();
    let base: String = if clean.is_empty() { "Sheet".into() } else { clean.chars().take(28).collect() };
    let mut name = base.clone();
    let mut n = 2;
    while used.iter().any(|u| u.eq_ignore_ascii_case(&name)) {
        name = format!("{base} {n}");
        n += 1;
    }
    used.push(name.clone());
    name
}

pub fn workbook(report: &Report) -> Result<Vec<u8>, String> {
    let e = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let mut used = vec![];
    let info = book.add_worksheet();
    info.set_name(sheet_name(report.meta.kind.code(), &mut used)).map_err(e)?;
    info.write_string_with_format(0, 0, neutralise(&report.meta.title), &bold).map_err(e)?;
    for (i, (k, v)) in report.meta.title_lines().iter().enumerate() {
        info.write_string_with_format(i as u32 + 2, 0, neutralise(k), &bold).map_err(e)?;
        info.write_string(i as u32 + 2, 1, neutralise(v)).map_err(e)?;
    }
    info.set_column_width(0, 36).map_err(e)?;
    info.set_column_width(1, 80).map_err(e)?;
    for t in report.tables() {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(&t.sheet, &mut used)).map_err(e)?;
        for (c, col) in t.columns.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, neutralise(&col.title), &bold).map_err(e)?;
            sheet.set_column_width(c as u16, f64::from((col.weight * 14.0).clamp(8.0, 80.0))).map_err(e)?;
        }
        for (r, row) in t.rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                sheet.write_string(r as u32 + 1, c as u16, neutralise(v)).map_err(e)?;
            }
        }
        sheet.set_freeze_panes(1, 0).map_err(e)?;
    }
    book.save_to_buffer().map_err(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_neutralised_and_numbers_are_not() {
        assert_eq!(neutralise("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(neutralise("@cmd"), "'@cmd");
        assert_eq!(neutralise("-12"), "-12");
        assert_eq!(neutralise("-"), "-");
        assert_eq!(neutralise("Payroll"), "Payroll");
    }

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut used = vec![];
        assert_eq!(sheet_name("30(1)(b)", &mut used), "30(1)(b)");
        assert_eq!(sheet_name("30(1)(b)", &mut used), "30(1)(b) 2");
        assert_eq!(sheet_name("a/b:c", &mut used), "a_b_c");
        assert!(sheet_name(&"x".repeat(40), &mut used).chars().count() <= 31);
    }
}
