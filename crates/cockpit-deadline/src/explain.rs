//! Dates written the way a DPO reads them in an explanation: "Sat 31 Jan 2026", "28 Feb", "Mon 2 Mar".

use chrono::{Datelike, NaiveDate};

/// "Sat 31 Jan 2026".
pub fn full(d: NaiveDate) -> String {
    d.format("%a %-d %b %Y").to_string()
}

/// "28 Feb", with the year when it differs from `year`.
pub fn short(d: NaiveDate, year: i32) -> String {
    if d.year() == year {
        d.format("%-d %b").to_string()
    } else {
        d.format("%-d %b %Y").to_string()
    }
}

/// "Mon 2 Mar", with the year when it differs from `year`.
pub fn with_weekday(d: NaiveDate, year: i32) -> String {
    if d.year() == year {
        d.format("%a %-d %b").to_string()
    } else {
        full(d)
    }
}

/// "February".
pub fn month_name(d: NaiveDate) -> String {
    d.format("%B").to_string()
}

/// "31st", "22nd", "3rd".
pub fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, x) if x != 11 => "st",
        (2, x) if x != 12 => "nd",
        (3, x) if x != 13 => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
        assert_eq!(full(d), "Sat 31 Jan 2026");
        assert_eq!(short(d, 2026), "31 Jan");
        assert_eq!(short(d, 2025), "31 Jan 2026");
        assert_eq!(with_weekday(d, 2026), "Sat 31 Jan");
        assert_eq!(month_name(d), "January");
        let ords: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 29, 30, 31].map(ordinal).to_vec();
        assert_eq!(ords.join(" "), "1st 2nd 3rd 4th 11th 12th 13th 21st 22nd 23rd 29th 30th 31st");
    }
}
