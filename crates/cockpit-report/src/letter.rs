//! A letter to a requester as a PDF page layout: letterhead, recipient, date and reference, subject,
//! and the body exactly as the template rendered it (line breaks and indentation kept, long lines
//! wrapped under their own indent). The text comes from `cockpit_domain::letters`; this module only
//! sets it, with the same embedded Unicode font as the reports.

use crate::i18n::Lang;
use crate::model::Paper;
use chrono::{DateTime, Utc};

/// Everything a letter's pages show, as plain text in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterDocument {
    pub lang: Lang,
    pub paper: Paper,
    /// The organisation's name (the letterhead's first line).
    pub sender: String,
    /// Address and contact lines under the name.
    pub sender_lines: Vec<String>,
    /// The requester: name, then how to reach them.
    pub recipient_lines: Vec<String>,
    /// The letter's date, written out ("2 March 2026").
    pub date: String,
    /// The request's number, printed as "our reference" and in every page's footer.
    pub reference: String,
    pub subject: String,
    pub body: String,
    /// Written into the document information.
    pub generated_at: DateTime<Utc>,
}

/// The fixed words of a letter's layout.
pub(crate) struct LetterWords {
    pub reference: &'static str,
    pub page: &'static str,
    pub of: &'static str,
}

pub(crate) fn words(lang: Lang) -> LetterWords {
    match lang {
        Lang::En => LetterWords { reference: "Our reference", page: "Page", of: "of" },
        Lang::Es => LetterWords { reference: "Nuestra referencia", page: "Página", of: "de" },
        Lang::De => LetterWords { reference: "Unser Zeichen", page: "Seite", of: "von" },
        Lang::Fr => LetterWords { reference: "Notre référence", page: "Page", of: "sur" },
    }
}

/// The organisation's address as lines: a multi-line address keeps its lines; a one-line address
/// is split at its commas only when it is too long for one line of the letterhead.
pub fn address_lines(address: &str) -> Vec<String> {
    let lines: Vec<String> =
        address.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
    if lines.len() == 1 && lines[0].chars().count() > 70 {
        return lines[0].split(',').map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
    }
    lines
}

/// Renders the letter: an unsigned PDF with subset fonts and compressed streams.
pub fn letter_pdf(letter: &LetterDocument) -> Vec<u8> {
    let mut doc = crate::pdf::render_letter(letter);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("writing a PDF into memory cannot fail");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_keep_their_lines_and_long_ones_break_at_commas() {
        assert_eq!(address_lines("Calle Mayor 1\n28013 Madrid\n"), vec!["Calle Mayor 1", "28013 Madrid"]);
        assert_eq!(address_lines("Hauptstr. 5, 10115 Berlin"), vec!["Hauptstr. 5, 10115 Berlin"]);
        assert_eq!(
            address_lines("Acme Health Services Ltd, 221B Long Industrial Estate Road, Sheffield S1 2AB, UK"),
            vec!["Acme Health Services Ltd", "221B Long Industrial Estate Road", "Sheffield S1 2AB", "UK"]
        );
        assert!(address_lines("  ").is_empty());
    }
}
