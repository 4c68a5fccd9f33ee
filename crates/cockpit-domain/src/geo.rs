//! Countries, subdivisions and time zones, checked against maintained code lists (ISO 3166 through
//! `rust_iso3166`, IANA through `chrono-tz`) rather than lists typed by hand, plus the two sets the law
//! itself defines: the EEA, and the countries covered by an Art. 45 adequacy decision.

/// EU member states plus Iceland, Liechtenstein and Norway: transfers among these are not Chapter V
/// transfers.
pub const EEA: &[&str] = &[
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT",
    "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
];

/// Countries with an Art. 45 adequacy decision of the European Commission in force (November 2026).
/// Canada's covers commercial organisations under PIPEDA and the United States' only organisations
/// certified under the EU-U.S. Data Privacy Framework; the record's safeguards field should say so.
pub const ADEQUATE: &[&str] =
    &["AD", "AR", "CA", "CH", "FO", "GB", "GG", "IL", "IM", "JP", "JE", "KR", "NZ", "UY", "US"];

/// "INT": the pseudo-country used for an international organisation (Art. 30(1)(e)).
pub const INTERNATIONAL_ORGANISATION: &str = "INT";

pub fn is_country(code: &str) -> bool {
    code == INTERNATIONAL_ORGANISATION
        || (code.len() == 2
            && code.bytes().all(|b| b.is_ascii_uppercase())
            && rust_iso3166::from_alpha2(code).is_some())
}

pub fn country_name(code: &str) -> Option<String> {
    rust_iso3166::from_alpha2(code).map(|c| c.name.to_string())
}

/// An ISO 3166-2 subdivision code belonging to `country`, e.g. "DE-BY" for "DE".
pub fn is_subdivision_of(code: &str, country: &str) -> bool {
    code.split_once('-').is_some_and(|(c, _)| c == country)
        && rust_iso3166::iso3166_2::from_code(code).is_some()
}

pub fn is_eea(code: &str) -> bool {
    EEA.contains(&code)
}

pub fn is_third_country(code: &str) -> bool {
    !code.is_empty() && !is_eea(code)
}

pub fn has_adequacy_decision(code: &str) -> bool {
    ADEQUATE.contains(&code)
}

pub fn is_time_zone(name: &str) -> bool {
    name.parse::<chrono_tz::Tz>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_codes_come_from_iso_3166() {
        for ok in ["DE", "ES", "US", "BR", "INT"] {
            assert!(is_country(ok), "{ok}");
        }
        for bad in ["", "de", "XX", "DEU", "EU"] {
            assert!(!is_country(bad), "{bad}");
        }
        for c in EEA.iter().chain(ADEQUATE) {
            assert!(is_country(c), "{c} must be an ISO code");
        }
        assert_eq!(EEA.len(), 30);
    }

    #[test]
    fn subdivisions_belong_to_their_country() {
        assert!(is_subdivision_of("DE-BY", "DE"));
        assert!(is_subdivision_of("ES-MD", "ES"));
        assert!(is_subdivision_of("GB-SCT", "GB"));
        assert!(!is_subdivision_of("DE-BY", "AT"));
        assert!(!is_subdivision_of("DE-XX", "DE"));
    }

    #[test]
    fn time_zones_are_iana_names() {
        assert!(is_time_zone("Europe/Madrid"));
        assert!(is_time_zone("America/Sao_Paulo"));
        assert!(!is_time_zone("CEST"));
        assert!(!is_time_zone("Europe/Atlantis"));
    }
}
