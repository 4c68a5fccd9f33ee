//! Letters to requesters through the API: render one for a request, and read or replace the templates.
//! Edited templates are stored in the database and every change is audited (object type
//! `letter_template`), so the file shows which wording was in force when a letter was written.

use crate::dto::{ApiError, ErrorCode};
use crate::{Cockpit, Result};
use cockpit_domain::letters::{
    default_template, letter_context, render, sample_context, Letter, LetterKind, LetterLanguage,
};
use cockpit_store::{audit, StoreError};
use serde::{Deserialize, Serialize};
use specta::Type;

pub const LETTER_TEMPLATE: &str = "letter_template";

fn key(kind: LetterKind, lang: LetterLanguage) -> String {
    format!("letter.{}.{}", lang.code(), kind.code())
}

/// A template as the editor shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct LetterTemplate {
    pub kind: LetterKind,
    pub language: LetterLanguage,
    pub text: String,
    /// The organisation's own wording (false: the default).
    pub customised: bool,
}

impl Cockpit {
    pub async fn letter_template(&self, kind: LetterKind, lang: LetterLanguage) -> Result<LetterTemplate> {
        let own = self.store.setting(&key(kind, lang)).await?;
        Ok(LetterTemplate {
            kind,
            language: lang,
            customised: own.is_some(),
            text: own.unwrap_or_else(|| default_template(kind, lang).to_string()),
        })
    }

    /// Replaces a template (`None`: back to the default). A template that does not render with every
    /// field filled in is refused, with the reason.
    pub async fn set_letter_template(
        &self,
        kind: LetterKind,
        lang: LetterLanguage,
        text: Option<String>,
    ) -> Result<LetterTemplate> {
        if let Some(t) = &text {
            render(t, &sample_context()).map_err(|e| ApiError::new(ErrorCode::Validation, e.0))?;
        }
        let before = self.letter_template(kind, lang).await?;
        let ctx = self.ctx();
        let mut tx = self.store.begin().await?;
        let k = key(kind, lang);
        cockpit_store::put_setting(&mut tx, &k, text.as_deref()).await?;
        let after = serde_json::json!({ "text": text.clone().unwrap_or_else(|| default_template(kind, lang).to_string()), "customised": text.is_some() });
        let before = serde_json::json!({ "text": before.text, "customised": before.customised });
        audit::append(&mut tx, &ctx, LETTER_TEMPLATE, &k, "update", Some(&before), Some(&after)).await?;
        tx.commit().await.map_err(StoreError::from)?;
        self.letter_template(kind, lang).await
    }

    /// Writes a letter for a request in a language, from the current template. `reason` gives the
    /// reasons of a refusal or extension when they are not (yet) recorded, or a clarification question.
    pub async fn request_letter(
        &self,
        id: &str,
        kind: LetterKind,
        lang: LetterLanguage,
        reason: Option<&str>,
    ) -> Result<Letter> {
        let view = self.get_request(id).await?;
        let org = self.organisation().await?.unwrap_or_default();
        let mut activities = Vec::new();
        for a in &view.request.activities {
            activities.push(self.get_activity(a).await?.activity);
        }
        let (context, warnings) = letter_context(
            kind,
            lang,
            &view.request,
            &view.due,
            &org,
            &activities,
            reason.filter(|r| !r.trim().is_empty()),
        )
        .map_err(|e| ApiError::new(ErrorCode::Conflict, format!("{id}: {e}")))?;
        let template = self.letter_template(kind, lang).await?;
        let (subject, body) =
            render(&template.text, &context).map_err(|e| ApiError::new(ErrorCode::Validation, e.0))?;
        Ok(Letter { kind, language: lang, subject, body, warnings })
    }
}
