//! Reminders of due dates and the daily refresh of request dates, for the schedulers (the desktop's
//! background task, `cockpit scheduler run`) and for `cockpit request reminders`.
//!
//! Which reminders are due is the pure [`cockpit_domain::reminders::due_reminders`]; this module reads
//! the open requests' due dates and what was shown already, and records what was shown. Showing is the
//! caller's: the desktop raises a notification, the CLI prints. Only a reminder that was shown is
//! recorded, so one that could not be shown comes again on the next pass.

use crate::dto::{ApiError, ErrorCode};
use crate::{Cockpit, Result};
use cockpit_domain::reminders::{due_reminders, Reminder, ReminderSettings};
use cockpit_store::{audit, put_setting, request as rq, AsConn, StoreError};
use serde_json::json;

const SETTINGS_KEY: &str = "requests.reminders";
const REFRESHED_KEY: &str = "requests.refreshed_on";

impl Cockpit {
    /// The reminder settings (the defaults until someone changes them).
    pub async fn reminder_settings(&self) -> Result<ReminderSettings> {
        Ok(self.setting_json(SETTINGS_KEY).await?.unwrap_or_default())
    }

    /// Changes the reminder settings, audited with the old and new values.
    pub async fn set_reminder_settings(&self, settings: ReminderSettings) -> Result<ReminderSettings> {
        let settings = settings.normalised().map_err(|e| ApiError::new(ErrorCode::Validation, e))?;
        let before = self.reminder_settings().await?;
        if before != settings {
            let mut tx = self.store.begin().await?;
            let value = serde_json::to_string(&settings).expect("settings serialise");
            put_setting(&mut tx, SETTINGS_KEY, Some(&value)).await?;
            audit::append(
                &mut tx,
                &self.ctx(),
                "setting",
                SETTINGS_KEY,
                "update",
                Some(&json!(before)),
                Some(&json!(settings)),
            )
            .await?;
            tx.commit().await.map_err(StoreError::from)?;
        }
        Ok(settings)
    }

    /// The reminders due now and not shown yet, in due-date order.
    pub async fn pending_reminders(&self) -> Result<Vec<Reminder>> {
        let settings = self.reminder_settings().await?;
        if !settings.enabled {
            return Ok(vec![]);
        }
        let mut c = self.store.read().await?;
        let open = rq::open_dues(c.conn(), |tz| self.today_in(tz)).await?;
        let sent = rq::sent_reminders(c.conn()).await?;
        Ok(due_reminders(&open, &settings, &sent))
    }

    /// Records reminders as shown (with the thresholds each one covers).
    pub async fn mark_reminders_shown(&self, shown: &[Reminder]) -> Result<()> {
        if shown.is_empty() {
            return Ok(());
        }
        let keys: Vec<_> = shown.iter().flat_map(Reminder::keys).collect();
        let mut tx = self.store.begin().await?;
        rq::mark_reminders(&mut tx, &keys, self.clock.now()).await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(())
    }

    /// One reminder pass: every pending reminder goes to `show`; those it showed are recorded. Returns
    /// how many were shown. A reminder `show` fails on comes again on the next pass.
    pub async fn remind(
        &self,
        mut show: impl FnMut(&Reminder) -> std::result::Result<(), String>,
    ) -> Result<u32> {
        let pending = self.pending_reminders().await?;
        let mut shown = Vec::with_capacity(pending.len());
        for r in pending {
            match show(&r) {
                Ok(()) => shown.push(r),
                Err(e) => {
                    tracing::warn!(request = %r.request_id, error = %e, "a reminder could not be shown")
                }
            }
        }
        self.mark_reminders_shown(&shown).await?;
        Ok(shown.len() as u32)
    }

    /// Recomputes the open requests' list columns once per day (the first pass of a new day in the
    /// organisation's time zone): a wait that stops the clock moves the due date daily, and a request
    /// becomes overdue without any write. Returns the number of rows changed, or `None` when today's
    /// refresh was done already.
    pub async fn refresh_requests_daily(&self) -> Result<Option<u32>> {
        let today = self.today().await?.to_string();
        if self.store.setting(REFRESHED_KEY).await?.as_deref() == Some(today.as_str()) {
            return Ok(None);
        }
        let changed = self.refresh_request_dates().await?;
        self.store.set_setting(REFRESHED_KEY, &today).await?;
        Ok(Some(changed))
    }
}
