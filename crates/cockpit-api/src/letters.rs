//! Letters to requesters through the API: render one for a request, and read or replace the templates.
//! Edited templates are stored in the database and every change is audited (object type
//! `letter_template`), so the file shows which wording was in force when a letter was written.

use crate::dto::{ApiError, ErrorCode};
use crate::requests::RequestView;
use crate::{Cockpit, Result};
use cockpit_domain::letters::{
    default_template, letter_context, render, sample_context, Letter, LetterKind, LetterLanguage,
};
use cockpit_domain::{Activity, Organisation};
use cockpit_report::letter::{address_lines, letter_pdf, LetterDocument};
use cockpit_report::{Lang, Paper};
use cockpit_store::{audit, StoreError};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use specta::Type;

pub const LETTER_TEMPLATE: &str = "letter_template";
/// Object type of the audit entries that record a letter issued as a PDF.
pub const LETTER: &str = "letter";

/// A letter set as a PDF, and the SHA-256 of the file (hex).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterPdf {
    pub letter: Letter,
    pub pdf: Vec<u8>,
    pub sha256: String,
}

fn report_lang(l: LetterLanguage) -> Lang {
    match l {
        LetterLanguage::En => Lang::En,
        LetterLanguage::Es => Lang::Es,
        LetterLanguage::De => Lang::De,
        LetterLanguage::Fr => Lang::Fr,
    }
}

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

    /// Renders a template text that is not saved (the editor's preview): against a request when `id`
    /// is given, else against sample data. The same checks as saving apply.
    pub async fn preview_letter_template(
        &self,
        kind: LetterKind,
        lang: LetterLanguage,
        text: &str,
        id: Option<&str>,
        reason: Option<&str>,
    ) -> Result<Letter> {
        render(text, &sample_context()).map_err(|e| ApiError::new(ErrorCode::Validation, e.0))?;
        let (context, warnings) = match id {
            Some(id) => self.letter_context_of(id, kind, lang, reason).await?,
            None => (sample_context(), vec![]),
        };
        let (subject, body) =
            render(text, &context).map_err(|e| ApiError::new(ErrorCode::Validation, e.0))?;
        Ok(Letter { kind, language: lang, subject, body, warnings })
    }

    /// What a letter for request `id` is written from: the request with its dates, the organisation
    /// and the linked activities.
    async fn letter_inputs(&self, id: &str) -> Result<(RequestView, Organisation, Vec<Activity>)> {
        let view = self.get_request(id).await?;
        let org = self.organisation().await?.unwrap_or_default();
        let mut activities = Vec::new();
        for a in &view.request.activities {
            activities.push(self.get_activity(a).await?.activity);
        }
        Ok((view, org, activities))
    }

    async fn letter_context_of(
        &self,
        id: &str,
        kind: LetterKind,
        lang: LetterLanguage,
        reason: Option<&str>,
    ) -> Result<(serde_json::Value, Vec<String>)> {
        let (view, org, activities) = self.letter_inputs(id).await?;
        context_of(&view, &org, &activities, kind, lang, reason)
    }

    /// A letter from the current template and its inputs.
    async fn write_letter(
        &self,
        (view, org, activities): &(RequestView, Organisation, Vec<Activity>),
        kind: LetterKind,
        lang: LetterLanguage,
        reason: Option<&str>,
    ) -> Result<Letter> {
        let (context, warnings) = context_of(view, org, activities, kind, lang, reason)?;
        let template = self.letter_template(kind, lang).await?;
        let (subject, body) =
            render(&template.text, &context).map_err(|e| ApiError::new(ErrorCode::Validation, e.0))?;
        Ok(Letter { kind, language: lang, subject, body, warnings })
    }

    /// A letter set as a PDF (letterhead from the organisation profile, the requester as recipient,
    /// today's date where the request is handled). Nothing is recorded: see [`Self::issue_request_letter`].
    pub async fn request_letter_pdf(
        &self,
        id: &str,
        kind: LetterKind,
        lang: LetterLanguage,
        reason: Option<&str>,
        paper: Paper,
    ) -> Result<LetterPdf> {
        let inputs = self.letter_inputs(id).await?;
        let letter = self.write_letter(&inputs, kind, lang, reason).await?;
        let (view, org, _) = inputs;
        let mut sender_lines = address_lines(&org.address);
        let contact: Vec<&str> =
            [org.email.as_str(), org.phone.as_str()].into_iter().filter(|s| !s.trim().is_empty()).collect();
        if !contact.is_empty() {
            sender_lines.push(contact.join(" · "));
        }
        if !org.dpo_email.trim().is_empty() {
            let dpo = match (lang, org.dpo_name.trim()) {
                (LetterLanguage::En, "") => "Data protection officer".to_string(),
                (LetterLanguage::Es, "") => "Delegado de protección de datos".to_string(),
                (LetterLanguage::De, "") => "Datenschutzbeauftragte(r)".to_string(),
                (LetterLanguage::Fr, "") => "Délégué à la protection des données".to_string(),
                (_, name) => name.to_string(),
            };
            sender_lines.push(format!("{dpo}: {}", org.dpo_email.trim()));
        }
        let r = &view.request.requester;
        let recipient_lines: Vec<String> = [r.name.trim(), r.email.trim()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        let doc = LetterDocument {
            lang: report_lang(lang),
            paper,
            sender: if org.name.trim().is_empty() { "—".into() } else { org.name.clone() },
            sender_lines,
            recipient_lines,
            date: lang.date(self.today_in(&view.request.timezone)),
            reference: view.request.id.clone(),
            subject: letter.subject.clone(),
            body: letter.body.clone(),
            generated_at: self.clock.now(),
        };
        let pdf = tokio::task::spawn_blocking(move || letter_pdf(&doc))
            .await
            .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        let sha256 = hex::encode(Sha256::digest(&pdf));
        Ok(LetterPdf { letter, pdf, sha256 })
    }

    /// The PDF of a letter that is being sent: the same as [`Self::request_letter_pdf`], and the audit
    /// trail records that it was issued (kind, language, subject, file name, size and SHA-256 of the
    /// file), so that the copy kept can later be shown to be the one sent. The letter's text is not
    /// copied into the trail.
    pub async fn issue_request_letter(
        &self,
        id: &str,
        kind: LetterKind,
        lang: LetterLanguage,
        reason: Option<&str>,
        paper: Paper,
        file_name: &str,
    ) -> Result<LetterPdf> {
        let out = self.request_letter_pdf(id, kind, lang, reason, paper).await?;
        let template = self.letter_template(kind, lang).await?;
        let entry = serde_json::json!({
            "kind": kind,
            "language": lang,
            "subject": out.letter.subject,
            "file": file_name,
            "bytes": out.pdf.len(),
            "sha256": out.sha256,
            "template_customised": template.customised,
            "warnings": out.letter.warnings,
        });
        let ctx = self.ctx();
        let mut tx = self.store.begin().await?;
        audit::append(&mut tx, &ctx, LETTER, id, "issue", None, Some(&entry)).await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(out)
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
        let inputs = self.letter_inputs(id).await?;
        self.write_letter(&inputs, kind, lang, reason).await
    }
}

/// The template context of a letter, or why it cannot be written yet (a `conflict`).
fn context_of(
    view: &RequestView,
    org: &Organisation,
    activities: &[Activity],
    kind: LetterKind,
    lang: LetterLanguage,
    reason: Option<&str>,
) -> Result<(serde_json::Value, Vec<String>)> {
    letter_context(
        kind,
        lang,
        &view.request,
        &view.due,
        org,
        activities,
        reason.filter(|r| !r.trim().is_empty()),
    )
    .map_err(|e| ApiError::new(ErrorCode::Conflict, format!("{}: {e}", view.request.id)))
}
