//! The legal regimes whose time limits the engine knows, with the sources it cites.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A set of rules that fixes a time limit. The code (`gdpr`, `uk-gdpr` …) is what the CLI, the JSON
/// and the database use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum Regime {
    /// EU GDPR Art. 12(3): one month, extendable by two months.
    Gdpr,
    /// UK GDPR Art. 12(3) and 12A: one month, late start and clarification pause.
    UkGdpr,
    /// California CCPA/CPRA: 45 days, once +45.
    Ccpa,
    /// Virginia VCDPA: 45 days, once +45.
    Vcdpa,
    /// Colorado CPA: 45 days, once +45.
    Cpa,
    /// Utah UCPA: 45 days, once +45.
    Ucpa,
    /// Brazil LGPD Art. 19: 15 days.
    Lgpd,
    /// Switzerland revFADP Art. 25(7): 30 days.
    Fadp,
    /// Canada PIPEDA s. 8(3): 30 days, once +30.
    Pipeda,
    /// Quebec private-sector Act s. 32: 30 days.
    Quebec,
    /// GDPR Art. 33: notify the supervisory authority within 72 hours of awareness.
    GdprBreach,
}

impl Regime {
    pub const ALL: [Regime; 11] = [
        Regime::Gdpr,
        Regime::UkGdpr,
        Regime::Ccpa,
        Regime::Vcdpa,
        Regime::Cpa,
        Regime::Ucpa,
        Regime::Lgpd,
        Regime::Fadp,
        Regime::Pipeda,
        Regime::Quebec,
        Regime::GdprBreach,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Regime::Gdpr => "gdpr",
            Regime::UkGdpr => "uk-gdpr",
            Regime::Ccpa => "ccpa",
            Regime::Vcdpa => "vcdpa",
            Regime::Cpa => "cpa",
            Regime::Ucpa => "ucpa",
            Regime::Lgpd => "lgpd",
            Regime::Fadp => "fadp",
            Regime::Pipeda => "pipeda",
            Regime::Quebec => "quebec",
            Regime::GdprBreach => "gdpr-breach",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Regime::Gdpr => "EU GDPR",
            Regime::UkGdpr => "UK GDPR",
            Regime::Ccpa => "California CCPA/CPRA",
            Regime::Vcdpa => "Virginia VCDPA",
            Regime::Cpa => "Colorado CPA",
            Regime::Ucpa => "Utah UCPA",
            Regime::Lgpd => "Brazil LGPD",
            Regime::Fadp => "Switzerland revFADP",
            Regime::Pipeda => "Canada PIPEDA",
            Regime::Quebec => "Quebec private-sector Act (P-39.1)",
            Regime::GdprBreach => "GDPR breach notification (Art. 33)",
        }
    }

    /// Whether this regime times a data-subject request (every regime but the breach clock).
    pub fn is_request_regime(self) -> bool {
        self != Regime::GdprBreach
    }

    /// The valid codes, for error messages: "gdpr, uk-gdpr, …".
    pub fn valid_codes() -> String {
        Regime::ALL.iter().map(|r| r.code()).collect::<Vec<_>>().join(", ")
    }
}

impl fmt::Display for Regime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An unknown regime code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown regime {0:?}; valid regimes: {valid}", valid = Regime::valid_codes())]
pub struct UnknownRegime(pub String);

impl FromStr for Regime {
    type Err = UnknownRegime;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        Regime::ALL.into_iter().find(|r| r.code() == t).ok_or_else(|| UnknownRegime(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_through_text_and_json() {
        for r in Regime::ALL {
            assert_eq!(r.code().parse::<Regime>().unwrap(), r);
            assert_eq!(serde_json::to_string(&r).unwrap(), format!("\"{}\"", r.code()));
        }
        assert_eq!("UK-GDPR".parse::<Regime>().unwrap(), Regime::UkGdpr);
        let e = "gpdr".parse::<Regime>().unwrap_err().to_string();
        assert!(e.contains("gdpr, uk-gdpr, ccpa"), "{e}");
    }
}
