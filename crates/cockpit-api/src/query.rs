//! The register table's filtering and sorting, and the dashboard figures: pure functions over rows, so
//! the live register and a past one ("as of") are queried by the same code.

use chrono::NaiveDate;
use cockpit_domain::completeness::{check_activity, CompletenessBand};
use cockpit_domain::*;
use cockpit_store::register::SummaryRow;
use std::collections::BTreeMap;

use crate::dto::*;

/// Summary rows of a register held in memory (a past state), scored as of `date`.
pub fn summaries_of(r: &Register, date: NaiveDate) -> Vec<SummaryRow> {
    r.activities
        .iter()
        .map(|a| {
            let mut countries: Vec<String> = a.transfers.iter().map(|t| t.country.clone()).collect();
            countries.sort();
            countries.dedup();
            SummaryRow {
                id: a.id.clone(),
                name: a.name.clone(),
                department: a.department.clone(),
                owner: a.owner.clone(),
                role: a.role,
                status: a.status,
                lawful_bases: a.lawful_bases.clone(),
                score: check_activity(a, r, date).score,
                next_review: a.next_review,
                transfer_countries: countries,
                updated_at: String::new(),
                version: 0,
                search_text: format!(
                    "{}\n{}\n{}\n{}\n{}\n{}",
                    a.id.to_lowercase(),
                    a.name.to_lowercase(),
                    a.description.to_lowercase(),
                    a.department.to_lowercase(),
                    a.owner.to_lowercase(),
                    a.purposes.join("\n").to_lowercase()
                ),
            }
        })
        .collect()
}

/// Filters, sorts and pages summary rows.
pub fn apply(rows: &[SummaryRow], q: &ActivityQuery) -> ActivityPage {
    let needle = q.search.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_lowercase);
    let mut rows: Vec<&SummaryRow> = rows
        .iter()
        .filter(|r| needle.as_ref().is_none_or(|n| r.search_text.contains(n.as_str())))
        .filter(|r| q.department.as_ref().is_none_or(|d| r.department.eq_ignore_ascii_case(d)))
        .filter(|r| q.lawful_basis.is_none_or(|b| r.lawful_bases.contains(&b)))
        .filter(|r| q.status.is_none_or(|s| r.status == s))
        .filter(|r| q.band.is_none_or(|b| CompletenessBand::of(r.score) == b))
        .collect();
    match q.sort {
        ActivitySort::Id => rows.sort_by(|a, b| a.id.cmp(&b.id)),
        ActivitySort::Name => rows.sort_by_cached_key(|r| (r.name.to_lowercase(), r.id.clone())),
        ActivitySort::Department => rows.sort_by_cached_key(|r| (r.department.to_lowercase(), r.id.clone())),
        ActivitySort::Status => rows.sort_by_key(|r| (status_rank(r.status), r.id.clone())),
        ActivitySort::Score => rows.sort_by_key(|r| (r.score, r.id.clone())),
        // Activities without a review date sort last in ascending order.
        ActivitySort::NextReview => {
            rows.sort_by_key(|r| (r.next_review.is_none(), r.next_review, r.id.clone()))
        }
        ActivitySort::UpdatedAt => rows.sort_by(|a, b| a.updated_at.cmp(&b.updated_at).then(a.id.cmp(&b.id))),
    }
    if q.descending {
        rows.reverse();
    }
    let total = rows.len() as u32;
    let offset = q.offset.unwrap_or(0) as usize;
    let limit = q.limit.map(|l| l as usize).unwrap_or(usize::MAX);
    let items = rows
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(|r| ActivitySummary {
            band: CompletenessBand::of(r.score),
            id: r.id.clone(),
            name: r.name.clone(),
            department: r.department.clone(),
            owner: r.owner.clone(),
            role: r.role,
            status: r.status,
            lawful_bases: r.lawful_bases.clone(),
            score: r.score,
            next_review: r.next_review,
            transfer_countries: r.transfer_countries.clone(),
            updated_at: r.updated_at.clone(),
            version: r.version,
        })
        .collect();
    ActivityPage { items, total }
}

fn status_rank(s: ActivityStatus) -> u8 {
    match s {
        ActivityStatus::Draft => 0,
        ActivityStatus::Active => 1,
        ActivityStatus::Retired => 2,
    }
}

fn code<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn counts(map: BTreeMap<String, u32>) -> Vec<CountBy> {
    let mut v: Vec<CountBy> = map.into_iter().map(|(key, count)| CountBy { key, count }).collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then(a.key.cmp(&b.key)));
    v
}

/// The dashboard's figures, from the register-table rows (their stored scores). Retired activities are
/// left out of everything but the status count.
pub fn dashboard(rows: &[SummaryRow], organisation: Option<&Organisation>, today: NaiveDate) -> Dashboard {
    let mut by_status = BTreeMap::new();
    let mut by_band = BTreeMap::new();
    let mut by_basis = BTreeMap::new();
    let mut by_country = BTreeMap::new();
    let mut overdue = 0;
    let mut score_sum = 0u64;
    let mut live = 0u32;
    for a in rows {
        *by_status.entry(code(&a.status)).or_insert(0) += 1;
        if a.status == ActivityStatus::Retired {
            continue;
        }
        live += 1;
        score_sum += a.score as u64;
        *by_band.entry(code(&CompletenessBand::of(a.score))).or_insert(0) += 1;
        for b in &a.lawful_bases {
            *by_basis.entry(code(b)).or_insert(0) += 1;
        }
        // Summary rows list each destination country once.
        for c in &a.transfer_countries {
            *by_country.entry(c.clone()).or_insert(0) += 1;
        }
        if a.next_review.is_some_and(|d| d < today) {
            overdue += 1;
        }
    }
    Dashboard {
        activities: rows.len() as u32,
        by_status: counts(by_status),
        by_band: counts(by_band),
        by_lawful_basis: counts(by_basis),
        transfers_by_country: counts(by_country),
        reviews_overdue: overdue,
        average_score: if live == 0 { 0 } else { (score_sum / live as u64) as u32 },
        art30_5_headcount_exemption: organisation.and_then(|o| o.employees.map(|n| n < o.art30_threshold)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, name: &str, dept: &str, score: u32, status: ActivityStatus) -> SummaryRow {
        SummaryRow {
            id: id.into(),
            name: name.into(),
            department: dept.into(),
            owner: String::new(),
            role: Role::Controller,
            status,
            lawful_bases: vec![LawfulBasis::Contract],
            score,
            next_review: None,
            transfer_countries: vec![],
            updated_at: String::new(),
            version: 1,
            search_text: format!("{}\n{}\n{}", id.to_lowercase(), name.to_lowercase(), dept.to_lowercase()),
        }
    }

    fn ids(p: &ActivityPage) -> Vec<&str> {
        p.items.iter().map(|i| i.id.as_str()).collect()
    }

    fn rows() -> Vec<SummaryRow> {
        vec![
            row("PA-0001", "Payroll", "HR", 100, ActivityStatus::Active),
            row("PA-0002", "Newsletter", "Marketing", 55, ActivityStatus::Active),
            row("PA-0003", "Applicant tracking", "Recruiting", 75, ActivityStatus::Draft),
            row("PA-0004", "Old CRM", "Sales", 95, ActivityStatus::Retired),
        ]
    }

    #[test]
    fn filters_combine() {
        let cases: Vec<(ActivityQuery, Vec<&str>)> = vec![
            (ActivityQuery::default(), vec!["PA-0001", "PA-0002", "PA-0003", "PA-0004"]),
            (ActivityQuery { search: Some("  NEWS ".into()), ..Default::default() }, vec!["PA-0002"]),
            (ActivityQuery { department: Some("hr".into()), ..Default::default() }, vec!["PA-0001"]),
            (ActivityQuery { status: Some(ActivityStatus::Draft), ..Default::default() }, vec!["PA-0003"]),
            (
                ActivityQuery { band: Some(CompletenessBand::Complete), ..Default::default() },
                vec!["PA-0001", "PA-0004"],
            ),
            (
                ActivityQuery {
                    band: Some(CompletenessBand::Complete),
                    search: Some("crm".into()),
                    ..Default::default()
                },
                vec!["PA-0004"],
            ),
            (ActivityQuery { lawful_basis: Some(LawfulBasis::Consent), ..Default::default() }, vec![]),
        ];
        for (q, want) in cases {
            assert_eq!(ids(&apply(&rows(), &q)), want, "{q:?}");
        }
    }

    #[test]
    fn dashboard_counts_from_rows() {
        let mut rows = rows();
        rows[0].transfer_countries = vec!["IN".into(), "US".into()];
        rows[1].transfer_countries = vec!["US".into()];
        rows[1].next_review = NaiveDate::from_ymd_opt(2026, 1, 1);
        rows[3].transfer_countries = vec!["CN".into()];
        let org = Organisation {
            name: "Acme".into(),
            employees: Some(120),
            art30_threshold: 250,
            ..Default::default()
        };
        let d = dashboard(&rows, Some(&org), NaiveDate::from_ymd_opt(2026, 6, 1).unwrap());
        let pairs = |v: &[CountBy]| v.iter().map(|c| (c.key.clone(), c.count)).collect::<Vec<_>>();
        assert_eq!(d.activities, 4);
        assert_eq!(pairs(&d.by_status), [("active".into(), 2), ("draft".into(), 1), ("retired".into(), 1)]);
        assert_eq!(pairs(&d.by_band), [("complete".into(), 1), ("partial".into(), 1), ("poor".into(), 1)]);
        assert_eq!(
            pairs(&d.transfers_by_country),
            [("US".into(), 2), ("IN".into(), 1)],
            "the retired activity's CN is left out"
        );
        assert_eq!(pairs(&d.by_lawful_basis), [("contract".into(), 3)]);
        assert_eq!(d.reviews_overdue, 1);
        assert_eq!(d.average_score, (100 + 55 + 75) / 3);
        assert_eq!(d.art30_5_headcount_exemption, Some(true));
    }

    #[test]
    fn sorts_and_pages() {
        let q = ActivityQuery {
            sort: ActivitySort::Score,
            descending: true,
            offset: Some(1),
            limit: Some(2),
            ..Default::default()
        };
        let p = apply(&rows(), &q);
        assert_eq!(p.total, 4);
        assert_eq!(ids(&p), ["PA-0004", "PA-0003"]);
        let q = ActivityQuery { sort: ActivitySort::Name, ..Default::default() };
        assert_eq!(ids(&apply(&rows(), &q)), ["PA-0003", "PA-0002", "PA-0004", "PA-0001"]);
    }
}
