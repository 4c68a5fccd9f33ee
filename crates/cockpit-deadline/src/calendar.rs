//! Public-holiday calendars: which days are not working days where the controller must act.
//!
//! The data is generated (never typed by hand) from the Python `holidays` package by
//! `scripts/gen-holidays.py`, pinned to one version, and embedded in the binary; the file's header
//! names the version. Only the package's `public` category counts, observed (substitute) days included.
//! A calendar covers 2000–2050, or from the first year its source has data (Spain: 2008); a date outside
//! that range is an error, never silently a working day.
//!
//! Organisations add their own days per establishment ([`LocalHoliday`]), e.g. a municipal holiday the
//! national data lacks (15 August in Munich).

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::OnceLock;

const DATA: &str = include_str!("../data/holidays.txt");

/// The code of the calendar that has weekends only.
pub const NO_HOLIDAYS: &str = "none";

/// One calendar of the embedded data, with its holidays merged from its base (national) calendar.
struct CalendarData {
    code: String,
    first_year: i32,
    last_year: i32,
    /// All holidays, sorted by date, with the index of their name.
    days: Vec<(NaiveDate, u16)>,
    /// One bit per day from 1 January of `first_year`: set when the day is a holiday.
    bits: Vec<u64>,
}

struct Registry {
    source: String,
    names: Vec<String>,
    calendars: Vec<CalendarData>,
    index: HashMap<String, usize>,
}

fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(|| parse(DATA).expect("the embedded holiday data is well formed (tested)"))
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    if s.len() != 8 {
        return None;
    }
    let y = s[0..4].parse().ok()?;
    let m = s[4..6].parse().ok()?;
    let d = s[6..8].parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

fn parse(text: &str) -> Result<Registry, String> {
    let mut source = String::new();
    let mut years = (0, 0);
    let mut names = Vec::new();
    // (code, first year, base, additions, removals)
    let mut raw: Vec<(String, i32, Option<String>, Vec<(NaiveDate, u16)>, Vec<NaiveDate>)> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let bad = || format!("holiday data line {}: {line:?}", n + 1);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(removed) = line.strip_prefix('-') {
            let d = parse_date(removed).ok_or_else(bad)?;
            raw.last_mut().ok_or_else(bad)?.4.push(d);
            continue;
        }
        let (tag, rest) = line.split_once(' ').ok_or_else(bad)?;
        match tag {
            "S" => source = rest.to_string(),
            "Y" => {
                let (a, b) = rest.split_once(' ').ok_or_else(bad)?;
                years = (a.parse().map_err(|_| bad())?, b.parse().map_err(|_| bad())?);
            }
            "N" => {
                let (id, name) = rest.split_once(' ').ok_or_else(bad)?;
                if id.parse::<usize>().map_err(|_| bad())? != names.len() {
                    return Err(bad());
                }
                names.push(name.to_string());
            }
            "C" => {
                let mut parts = rest.split(' ');
                let code = parts.next().ok_or_else(bad)?.to_string();
                let first = parts.next().ok_or_else(bad)?.parse().map_err(|_| bad())?;
                let base = parts.next().map(str::to_string);
                raw.push((code, first, base, Vec::new(), Vec::new()));
            }
            _ => {
                let d = parse_date(tag).ok_or_else(bad)?;
                let id: u16 = rest.parse().map_err(|_| bad())?;
                if usize::from(id) >= names.len() {
                    return Err(bad());
                }
                raw.last_mut().ok_or_else(bad)?.3.push((d, id));
            }
        }
    }
    let positions: HashMap<String, usize> = raw.iter().enumerate().map(|(i, r)| (r.0.clone(), i)).collect();
    let mut calendars = Vec::with_capacity(raw.len());
    for (code, first_year, base, added, removed) in &raw {
        let mut days: Vec<(NaiveDate, u16)> = match base {
            Some(b) => {
                let b = positions.get(b).ok_or_else(|| format!("calendar {code}: unknown base {b}"))?;
                let b = &raw[*b];
                b.3.iter()
                    .filter(|(d, _)| !removed.contains(d) && !added.iter().any(|(a, _)| a == d))
                    .copied()
                    .collect()
            }
            None => Vec::new(),
        };
        days.extend(added.iter().copied());
        days.sort();
        let first_year = (*first_year).max(years.0);
        let last_year = years.1;
        let start = NaiveDate::from_ymd_opt(first_year, 1, 1).ok_or("bad first year")?;
        let end = NaiveDate::from_ymd_opt(last_year, 12, 31).ok_or("bad last year")?;
        let len = (end - start).num_days() as usize + 1;
        let mut bits = vec![0u64; len.div_ceil(64)];
        for (d, _) in &days {
            if *d < start || *d > end {
                return Err(format!("calendar {code}: {d} outside {first_year}-{last_year}"));
            }
            let i = (*d - start).num_days() as usize;
            bits[i / 64] |= 1 << (i % 64);
        }
        calendars.push(CalendarData { code: code.clone(), first_year, last_year, days, bits });
    }
    let index = calendars.iter().enumerate().map(|(i, c)| (c.code.clone(), i)).collect();
    Ok(Registry { source, names, calendars, index })
}

/// Where the holiday data comes from, e.g. "python-holidays 0.109 (MIT licence, …)".
pub fn data_source() -> &'static str {
    &registry().source
}

/// Every calendar code, `none` first, then in alphabetical order.
pub fn calendar_codes() -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = vec![NO_HOLIDAYS];
    codes.extend(registry().calendars.iter().map(|c| c.code.as_str()));
    codes
}

/// A day the organisation adds to a calendar for one establishment: a public holiday of its town or
/// region that the national data lacks. Like any public holiday it moves a legal deadline, so it must be a
/// real public holiday where the establishment acts, not an office closure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct LocalHoliday {
    pub date: NaiveDate,
    pub name: String,
}

/// Why a day is not a working day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayOff {
    Weekend(Weekday),
    Holiday(String),
}

impl DayOff {
    pub fn describe(&self) -> String {
        match self {
            DayOff::Weekend(Weekday::Sat) => "Saturday".into(),
            DayOff::Weekend(_) => "Sunday".into(),
            DayOff::Holiday(name) => name.clone(),
        }
    }
}

/// Which weekdays a rule treats as non-working, besides public holidays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestDays {
    /// Saturday and Sunday (Reg. 1182/71 Art. 3(4); Swiss CO Art. 78 with SR 173.110.3; Brazil).
    SaturdaySunday,
    /// Sunday only: the Canadian and Quebec Interpretation Acts define "holiday" with Sundays, not
    /// Saturdays.
    Sunday,
}

impl RestDays {
    fn rests(self, w: Weekday) -> bool {
        match self {
            RestDays::SaturdaySunday => matches!(w, Weekday::Sat | Weekday::Sun),
            RestDays::Sunday => w == Weekday::Sun,
        }
    }
}

/// A date the calendar has no data for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("calendar {calendar} has holiday data for {first_year}–{last_year} only, not for {date}")]
pub struct OutOfCoverage {
    pub calendar: String,
    pub date: NaiveDate,
    pub first_year: i32,
    pub last_year: i32,
}

/// An unknown calendar code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown calendar {0:?}")]
pub struct UnknownCalendar(pub String);

/// A holiday calendar, optionally with local holidays of one establishment. Cheap to clone when it
/// has no local holidays.
#[derive(Clone)]
pub struct Calendar {
    data: Option<&'static CalendarData>,
    local: Vec<LocalHoliday>,
}

impl std::fmt::Debug for Calendar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Calendar").field("code", &self.code()).field("local", &self.local).finish()
    }
}

impl Calendar {
    /// Looks a calendar up by code, case-insensitively: `none`, `DE`, `de-by`, `GB-ENG` …
    pub fn get(code: &str) -> Result<Calendar, UnknownCalendar> {
        let code = code.trim();
        if code.eq_ignore_ascii_case(NO_HOLIDAYS) {
            return Ok(Calendar { data: None, local: Vec::new() });
        }
        let reg = registry();
        reg.index
            .get(&code.to_ascii_uppercase())
            .map(|&i| Calendar { data: Some(&reg.calendars[i]), local: Vec::new() })
            .ok_or_else(|| UnknownCalendar(code.to_string()))
    }

    /// The same calendar with an establishment's own holidays added.
    pub fn with_local_holidays(mut self, mut local: Vec<LocalHoliday>) -> Calendar {
        local.sort_by_key(|a| a.date);
        self.local = local;
        self
    }

    pub fn code(&self) -> &'static str {
        self.data.map_or(NO_HOLIDAYS, |d| d.code.as_str())
    }

    /// A readable name: "Germany — Bayern (DE-BY)", "weekends only (none)".
    pub fn label(&self) -> String {
        let code = self.code();
        if self.data.is_none() {
            return "Weekends only, no public holidays (none)".into();
        }
        let country = rust_iso3166::from_alpha2(&code[..2]).map_or(code[..2].to_string(), |c| c.name.into());
        match code.len() {
            2 => format!("{country} ({code})"),
            _ => match rust_iso3166::iso3166_2::from_code(code) {
                Some(s) => format!("{country} — {} ({code})", s.name),
                None => format!("{country} — {code}"),
            },
        }
    }

    /// The years this calendar has data for (`none`: any year).
    pub fn coverage(&self) -> Option<(i32, i32)> {
        self.data.map(|d| (d.first_year, d.last_year))
    }

    fn check(&self, date: NaiveDate) -> Result<(), OutOfCoverage> {
        match self.data {
            Some(d) if date.year() < d.first_year || date.year() > d.last_year => Err(OutOfCoverage {
                calendar: d.code.clone(),
                date,
                first_year: d.first_year,
                last_year: d.last_year,
            }),
            _ => Ok(()),
        }
    }

    /// The public holiday on `date`, if any (its name; several are joined with "; ").
    pub fn holiday(&self, date: NaiveDate) -> Result<Option<String>, OutOfCoverage> {
        self.check(date)?;
        if let Some(l) = self.local.iter().find(|l| l.date == date) {
            return Ok(Some(l.name.clone()));
        }
        let Some(d) = self.data else { return Ok(None) };
        let i = (date - NaiveDate::from_ymd_opt(d.first_year, 1, 1).expect("valid year")).num_days() as usize;
        if d.bits[i / 64] & (1 << (i % 64)) == 0 {
            return Ok(None);
        }
        let pos = d.days.binary_search_by(|(x, _)| x.cmp(&date)).expect("bitmap and list agree");
        Ok(Some(registry().names[usize::from(d.days[pos].1)].clone()))
    }

    /// Whether `date` is a holiday, without allocating (the hot path of the engine).
    pub fn is_holiday(&self, date: NaiveDate) -> Result<bool, OutOfCoverage> {
        self.check(date)?;
        if self.local.iter().any(|l| l.date == date) {
            return Ok(true);
        }
        let Some(d) = self.data else { return Ok(false) };
        let i = (date - NaiveDate::from_ymd_opt(d.first_year, 1, 1).expect("valid year")).num_days() as usize;
        Ok(d.bits[i / 64] & (1 << (i % 64)) != 0)
    }

    /// Why `date` is not a working day under `rest`, or `None` for a working day.
    pub fn day_off(&self, date: NaiveDate, rest: RestDays) -> Result<Option<DayOff>, OutOfCoverage> {
        if rest.rests(date.weekday()) {
            self.check(date)?;
            return Ok(Some(DayOff::Weekend(date.weekday())));
        }
        Ok(self.holiday(date)?.map(DayOff::Holiday))
    }

    /// Whether `date` is a working day under `rest`.
    pub fn is_working_day(&self, date: NaiveDate, rest: RestDays) -> Result<bool, OutOfCoverage> {
        Ok(!rest.rests(date.weekday()) && !self.is_holiday(date)?)
    }

    /// The holidays (name and date) between two dates, both included, for display.
    pub fn holidays_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(NaiveDate, String)>, OutOfCoverage> {
        self.check(from)?;
        self.check(to)?;
        let mut out: Vec<(NaiveDate, String)> = self
            .local
            .iter()
            .filter(|l| l.date >= from && l.date <= to)
            .map(|l| (l.date, l.name.clone()))
            .collect();
        if let Some(d) = self.data {
            let names = &registry().names;
            out.extend(
                d.days
                    .iter()
                    .filter(|(x, _)| *x >= from && *x <= to && !self.local.iter().any(|l| l.date == *x))
                    .map(|(x, n)| (*x, names[usize::from(*n)].clone())),
            );
        }
        out.sort();
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_embedded_data_parses_and_names_its_source() {
        assert!(data_source().starts_with("python-holidays 0.109"), "{}", data_source());
        assert!(calendar_codes().len() > 300);
    }

    #[test]
    fn every_calendar_the_issue_names_exists() {
        let eu = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK";
        let de = "BB BE BW BY HB HE HH MV NI NW RP SH SL SN ST TH";
        let es = "AN AR AS CB CE CL CM CN CT EX GA IB MC MD ML NC PV RI VC";
        let mut wanted: Vec<String> = eu.split(' ').map(String::from).collect();
        wanted.extend(de.split(' ').map(|s| format!("DE-{s}")));
        wanted.extend(es.split(' ').map(|s| format!("ES-{s}")));
        wanted.extend(
            "GB-ENG GB-WLS GB-SCT GB-NIR CH NO IS LI BR CA CA-QC US-CA none".split(' ').map(String::from),
        );
        for code in wanted {
            let c = Calendar::get(&code).unwrap_or_else(|_| panic!("{code} missing"));
            assert_eq!(c.code().to_ascii_lowercase(), code.to_ascii_lowercase());
        }
    }

    #[test]
    fn codes_are_case_insensitive_and_unknown_codes_are_refused() {
        assert_eq!(Calendar::get("de-by").unwrap().code(), "DE-BY");
        assert_eq!(Calendar::get("NONE").unwrap().code(), "none");
        assert_eq!(Calendar::get("XX").unwrap_err(), UnknownCalendar("XX".into()));
        assert!(Calendar::get("DE-Augsburg").is_err(), "non-ISO extras of the source are not calendars");
    }

    #[test]
    fn known_holidays_including_substitute_days() {
        let eng = Calendar::get("GB-ENG").unwrap();
        // Boxing Day 2026 is a Saturday: the bank holiday moves to Monday 28 December.
        assert_eq!(eng.holiday(d(2026, 12, 28)).unwrap().as_deref(), Some("Boxing Day (observed)"));
        assert_eq!(eng.holiday(d(2024, 12, 25)).unwrap().as_deref(), Some("Christmas Day"));
        assert_eq!(eng.holiday(d(2026, 8, 31)).unwrap().as_deref(), Some("Late Summer Bank Holiday"));
        let sct = Calendar::get("GB-SCT").unwrap();
        assert!(sct.is_holiday(d(2026, 11, 30)).unwrap(), "St Andrew's Day in Scotland");
        assert!(!eng.is_holiday(d(2026, 11, 30)).unwrap(), "not in England");
        assert!(!sct.is_holiday(d(2026, 8, 31)).unwrap(), "Scotland's summer holiday is in early August");
        let by = Calendar::get("DE-BY").unwrap();
        assert_eq!(by.holiday(d(2026, 1, 6)).unwrap().as_deref(), Some("Epiphany"));
        assert!(!Calendar::get("DE-BE").unwrap().is_holiday(d(2026, 1, 6)).unwrap());
        // 15 August is a holiday only in Bavaria's Catholic-majority municipalities: not statewide.
        assert!(!by.is_holiday(d(2026, 8, 15)).unwrap());
        assert!(Calendar::get("ES-MD").unwrap().is_holiday(d(2026, 5, 2)).unwrap(), "Madrid: 2 May");
        assert!(Calendar::get("CH").unwrap().is_holiday(d(2026, 8, 1)).unwrap(), "Swiss National Day");
        assert!(Calendar::get("CA-QC").unwrap().is_holiday(d(2026, 6, 24)).unwrap(), "Fête nationale");
        assert!(Calendar::get("US-CA").unwrap().is_holiday(d(2026, 7, 3)).unwrap(), "4 July observed");
        assert!(Calendar::get("BR").unwrap().is_holiday(d(2026, 9, 7)).unwrap(), "Independence Day");
    }

    #[test]
    fn subdivisions_are_merged_from_their_base_with_additions_and_removals() {
        let text = "S test\nY 2000 2001\nN 0 New Year\nN 1 Local Day\nN 2 Renamed\n\
                    C XX 2000\n20000101 0\n20010101 0\n\
                    C XX-A 2000 XX\n-20000101\n20000601 1\n20010101 2\n";
        let reg = parse(text).unwrap();
        let sub = &reg.calendars[reg.index["XX-A"]];
        assert_eq!(sub.days, vec![(d(2000, 6, 1), 1), (d(2001, 1, 1), 2)]);
        for c in &registry().calendars {
            assert!(c.days.windows(2).all(|w| w[0].0 < w[1].0), "{} sorted, no duplicates", c.code);
        }
        assert!(parse("N 1 skipped id\n").is_err());
        assert!(parse("C XX 2000\n20001301 0\n").is_err(), "month 13");
    }

    #[test]
    fn dates_outside_the_data_are_errors_not_working_days() {
        let es = Calendar::get("ES").unwrap();
        assert_eq!(es.coverage(), Some((2008, 2050)));
        let e = es.is_holiday(d(2007, 12, 25)).unwrap_err();
        assert_eq!(e.first_year, 2008);
        assert!(Calendar::get("DE").unwrap().is_holiday(d(2051, 1, 1)).is_err());
        assert!(Calendar::get("DE").unwrap().day_off(d(2051, 1, 4), RestDays::SaturdaySunday).is_err());
        assert!(!Calendar::get("none").unwrap().is_holiday(d(1999, 12, 25)).unwrap());
    }

    #[test]
    fn local_holidays_are_added_per_establishment() {
        let munich = Calendar::get("DE-BY")
            .unwrap()
            .with_local_holidays(vec![LocalHoliday { date: d(2026, 8, 15), name: "Assumption Day".into() }]);
        assert_eq!(munich.holiday(d(2026, 8, 15)).unwrap().as_deref(), Some("Assumption Day"));
        let list = munich.holidays_between(d(2026, 8, 1), d(2026, 8, 31)).unwrap();
        assert_eq!(list, vec![(d(2026, 8, 15), "Assumption Day".to_string())]);
    }

    #[test]
    fn labels_use_iso_names() {
        assert_eq!(Calendar::get("DE").unwrap().label(), "Germany (DE)");
        assert!(Calendar::get("DE-BY").unwrap().label().contains("DE-BY"));
        assert!(Calendar::get("none").unwrap().label().contains("Weekends only"));
    }
}
