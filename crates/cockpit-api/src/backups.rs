//! Automatic backups: a schedule kept in the database's settings, run by the scheduler (the desktop
//! app's background task and `cockpit scheduler run`), with rotation.
//!
//! Each automatic backup is an ordinary encrypted backup ([`Cockpit::backup`]) written into the chosen
//! folder under a name that carries its UTC time (`cockpit-backup-20261130T041500Z.db`). Rotation keeps
//! the newest `keep` of the files with exactly that name pattern and deletes nothing else: not a file
//! the user put there, not a symbolic link, not the backup just written. Setting the schedule, each
//! backup and each rotation are recorded in the audit trail.

use crate::{ApiError, Cockpit, ErrorCode, Result};
use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use cockpit_domain::validate::{FieldError, ValidationCode};
use cockpit_store::{audit, put_setting};
use serde::{Deserialize, Serialize};
use serde_json::json;
use specta::Type;
use std::path::{Path, PathBuf};

use crate::security::BackupReport;

/// Setting holding the schedule (JSON); absent = automatic backups off.
const SCHEDULE_KEY: &str = "backup.schedule";
/// Setting holding the last automatic attempt (JSON).
const LAST_KEY: &str = "backup.last";
/// At most one backup a month apart, at most a year of them kept.
pub const MAX_EVERY_HOURS: u32 = 744;
pub const MAX_KEEP: u32 = 365;
/// After a failed attempt the next one comes at most this much later, whatever the interval.
const RETRY_HOURS: i64 = 1;
const PREFIX: &str = "cockpit-backup-";
const SUFFIX: &str = ".db";
const STAMP: &str = "%Y%m%dT%H%M%SZ";

/// Automatic backups: into `directory`, every `every_hours` hours, keeping the newest `keep`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct BackupSchedule {
    pub directory: String,
    pub every_hours: u32,
    pub keep: u32,
}

/// One automatic backup in the backup folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct BackupFile {
    pub name: String,
    pub bytes: u64,
    /// RFC 3339, UTC.
    pub modified: String,
}

/// The automatic backups' settings and state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct BackupStatus {
    /// Null: automatic backups are off.
    pub schedule: Option<BackupSchedule>,
    /// Whether automatic backups can run (they need an encrypted database), and why not.
    pub available: bool,
    pub unavailable_reason: Option<String>,
    /// The last automatic backup attempt (RFC 3339, UTC), its file, and its error when it failed.
    pub last_at: Option<String>,
    pub last_file: Option<String>,
    pub last_error: Option<String>,
    /// When the next one is due (RFC 3339, UTC).
    pub next_due: Option<String>,
    /// The automatic backups now in the folder, newest first.
    pub files: Vec<BackupFile>,
}

/// The last automatic attempt, as kept in the settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct LastBackup {
    at: DateTime<Utc>,
    file: Option<String>,
    error: Option<String>,
}

/// The file name of the automatic backup taken at `at`.
pub fn backup_file_name(at: DateTime<Utc>) -> String {
    format!("{PREFIX}{}{SUFFIX}", at.format(STAMP))
}

/// Whether `name` is exactly an automatic backup's name (the only files rotation may delete).
fn is_backup_name(name: &str) -> bool {
    name.strip_prefix(PREFIX)
        .and_then(|rest| rest.strip_suffix(SUFFIX))
        .is_some_and(|stamp| stamp.len() == 16 && NaiveDateTime::parse_from_str(stamp, STAMP).is_ok())
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The automatic backups in `dir`, newest first: regular files (never symbolic links) named as
/// [`backup_file_name`] names them. A missing folder holds none.
pub fn list_backups(dir: &Path) -> Result<Vec<BackupFile>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(vec![]),
        Err(e) => {
            return Err(ApiError::new(ErrorCode::Conflict, format!("cannot read the backup folder: {e}")));
        }
    };
    let mut files = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !is_backup_name(&name) {
            continue;
        }
        // `DirEntry::metadata` does not follow symbolic links.
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.file_type().is_file() {
            continue;
        }
        let modified = meta.modified().map(DateTime::<Utc>::from).map(rfc3339).unwrap_or_default();
        files.push(BackupFile { name, bytes: meta.len(), modified });
    }
    files.sort_by(|a, b| b.name.cmp(&a.name));
    Ok(files)
}

/// Checks a schedule and, when everything else is valid, creates its folder if missing (a refused
/// schedule leaves nothing behind); the folder's path on success.
fn validate(s: &BackupSchedule, db: &Path) -> Result<PathBuf> {
    let mut errors = Vec::new();
    let mut field = |field: &str, code, message: String| {
        errors.push(FieldError { field: field.into(), code, message });
    };
    let dir = PathBuf::from(s.directory.trim());
    let own_folder = || {
        let own = db.parent().and_then(|p| p.canonicalize().ok());
        own.is_some() && own == dir.canonicalize().ok()
    };
    if s.directory.trim().is_empty() {
        field("directory", ValidationCode::Required, "choose the folder for the backups".into());
    } else if !dir.is_absolute() {
        field(
            "directory",
            ValidationCode::InvalidFormat,
            "the backup folder must be an absolute path".into(),
        );
    } else if dir.exists() && !dir.is_dir() {
        field("directory", ValidationCode::InvalidFormat, "the backup folder is not a folder".into());
    } else if own_folder() {
        field(
            "directory",
            ValidationCode::InvalidFormat,
            "choose a folder other than the database's own: a backup must survive the loss of that folder"
                .into(),
        );
    }
    if s.every_hours == 0 || s.every_hours > MAX_EVERY_HOURS {
        field("every_hours", ValidationCode::OutOfRange, format!("between 1 and {MAX_EVERY_HOURS} hours"));
    }
    if s.keep == 0 || s.keep > MAX_KEEP {
        field("keep", ValidationCode::OutOfRange, format!("keep between 1 and {MAX_KEEP} backups"));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    std::fs::create_dir_all(&dir).map_err(|e| {
        ApiError::validation(vec![FieldError {
            field: "directory".into(),
            code: ValidationCode::InvalidFormat,
            message: format!("the backup folder cannot be created: {e}"),
        }])
    })?;
    Ok(dir)
}

impl Cockpit {
    /// Why automatic backups cannot run, if they cannot: they are encrypted with the passphrase the
    /// database was opened with, so an unencrypted database has none to use.
    fn backups_unavailable(&self) -> Option<String> {
        if self.is_encrypted() && self.passphrase.is_some() {
            None
        } else {
            Some(
                "Backups are encrypted with the database passphrase: encrypt the database first \
                 (`cockpit encrypt`)."
                    .into(),
            )
        }
    }

    /// A backup to `out` encrypted with the database's own passphrase (the desktop's "Back up now…").
    pub async fn backup_with_own_passphrase(&self, out: &Path, overwrite: bool) -> Result<BackupReport> {
        match (self.backups_unavailable(), &self.passphrase) {
            (None, Some(p)) => self.backup(out, p, overwrite).await,
            (why, _) => Err(ApiError::new(ErrorCode::Conflict, why.unwrap_or_default())),
        }
    }

    pub(crate) async fn setting_json<T: serde::de::DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        match self.store.setting(key).await? {
            None => Ok(None),
            Some(v) => serde_json::from_str(&v)
                .map(Some)
                .map_err(|e| ApiError::new(ErrorCode::Internal, format!("setting {key} is unreadable: {e}"))),
        }
    }

    pub async fn backup_schedule(&self) -> Result<Option<BackupSchedule>> {
        self.setting_json(SCHEDULE_KEY).await
    }

    /// The schedule, the last attempt, when the next is due, and the backups in the folder.
    pub async fn backup_status(&self) -> Result<BackupStatus> {
        let schedule = self.backup_schedule().await?;
        let last: Option<LastBackup> = self.setting_json(LAST_KEY).await?;
        let unavailable = self.backups_unavailable();
        let next_due = match (&schedule, &unavailable) {
            (Some(s), None) => Some(rfc3339(next_due(s, last.as_ref(), self.clock.now()))),
            _ => None,
        };
        // A folder that cannot be read lists nothing here; the backup that needs it records why.
        let files = match &schedule {
            Some(s) => list_backups(Path::new(&s.directory)).unwrap_or_default(),
            None => vec![],
        };
        Ok(BackupStatus {
            schedule,
            available: unavailable.is_none(),
            unavailable_reason: unavailable,
            last_at: last.as_ref().map(|l| rfc3339(l.at)),
            last_file: last.as_ref().and_then(|l| l.file.clone()),
            last_error: last.and_then(|l| l.error),
            next_due,
            files,
        })
    }

    /// Sets the automatic backups (`None` turns them off), audited with the old and new settings.
    pub async fn set_backup_schedule(&self, schedule: Option<BackupSchedule>) -> Result<BackupStatus> {
        let schedule = match schedule {
            Some(s) => {
                if let Some(why) = self.backups_unavailable() {
                    return Err(ApiError::new(ErrorCode::Conflict, why));
                }
                let dir = validate(&s, self.store.path())?;
                Some(BackupSchedule { directory: dir.display().to_string(), ..s })
            }
            None => None,
        };
        let before = self.backup_schedule().await?;
        if before != schedule {
            let mut tx = self.store.begin().await?;
            let value = schedule.as_ref().map(|s| serde_json::to_string(s).expect("a schedule serialises"));
            put_setting(&mut tx, SCHEDULE_KEY, value.as_deref()).await?;
            audit::append(
                &mut tx,
                &self.ctx(),
                "database",
                "database",
                "backup_schedule",
                Some(&json!(before)),
                Some(&json!(schedule)),
            )
            .await?;
            tx.commit().await.map_err(cockpit_store::StoreError::from)?;
        }
        self.backup_status().await
    }

    /// Takes the automatic backup if one is due: writes it, rotates the folder, and records the attempt.
    /// `Ok(None)` when none is due (or automatic backups are off or unavailable); an error is recorded
    /// as the last attempt (the next one comes within the hour) and returned.
    pub async fn run_due_backup(&self) -> Result<Option<BackupReport>> {
        let Some(schedule) = self.backup_schedule().await? else { return Ok(None) };
        let (None, Some(passphrase)) = (self.backups_unavailable(), self.passphrase.clone()) else {
            return Ok(None);
        };
        let last: Option<LastBackup> = self.setting_json(LAST_KEY).await?;
        let now = self.clock.now();
        if now < next_due(&schedule, last.as_ref(), now) {
            return Ok(None);
        }
        let dir = PathBuf::from(&schedule.directory);
        let name = backup_file_name(now);
        let result = async {
            std::fs::create_dir_all(&dir).map_err(|e| {
                ApiError::new(ErrorCode::Conflict, format!("the backup folder cannot be created: {e}"))
            })?;
            let report = self.backup(&dir.join(&name), &passphrase, false).await?;
            let deleted = rotate(&dir, schedule.keep as usize, &name)?;
            Ok::<_, ApiError>((report, deleted))
        }
        .await;
        let (record, outcome) = match result {
            Ok((report, deleted)) => {
                (LastBackup { at: now, file: Some(name), error: None }, Ok((report, deleted)))
            }
            Err(e) => {
                tracing::warn!(error = %e.message, "automatic backup failed");
                (LastBackup { at: now, file: None, error: Some(e.message.clone()) }, Err(e))
            }
        };
        let mut tx = self.store.begin().await?;
        put_setting(&mut tx, LAST_KEY, Some(&serde_json::to_string(&record).expect("serialises"))).await?;
        if let Ok((_, deleted)) = &outcome {
            if !deleted.is_empty() {
                audit::append(
                    &mut tx,
                    &self.ctx(),
                    "database",
                    "database",
                    "backup_rotate",
                    None,
                    Some(&json!({ "deleted": deleted, "keep": schedule.keep })),
                )
                .await?;
            }
        }
        tx.commit().await.map_err(cockpit_store::StoreError::from)?;
        outcome.map(|(report, _)| Some(report))
    }
}

/// When the next automatic backup is due: at once when none was attempted, `every_hours` after the
/// last success, at most an hour after a failure.
fn next_due(s: &BackupSchedule, last: Option<&LastBackup>, now: DateTime<Utc>) -> DateTime<Utc> {
    match last {
        None => now,
        Some(l) => {
            let every = i64::from(s.every_hours);
            let hours = if l.error.is_some() { every.min(RETRY_HOURS) } else { every };
            l.at + chrono::Duration::hours(hours)
        }
    }
}

/// Deletes the oldest automatic backups in `dir` beyond the newest `keep`, never `just_written`; the
/// names deleted. A file that cannot be deleted is logged and left (it is retried next time).
fn rotate(dir: &Path, keep: usize, just_written: &str) -> Result<Vec<String>> {
    let files = list_backups(dir)?;
    let mut deleted = Vec::new();
    for f in files.iter().skip(keep.max(1)) {
        if f.name == just_written {
            continue;
        }
        match std::fs::remove_file(dir.join(&f.name)) {
            Ok(()) => deleted.push(f.name.clone()),
            Err(e) => tracing::warn!(file = %f.name, error = %e, "an old backup could not be deleted"),
        }
    }
    Ok(deleted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn only_exact_backup_names_count() {
        let at = Utc.with_ymd_and_hms(2026, 11, 30, 4, 15, 0).unwrap();
        assert_eq!(backup_file_name(at), "cockpit-backup-20261130T041500Z.db");
        assert!(is_backup_name("cockpit-backup-20261130T041500Z.db"));
        for other in [
            "cockpit-backup-20261130T041500Z.db.tmp",
            "cockpit-backup-20261330T041500Z.db",
            "cockpit-backup-latest.db",
            "my-cockpit-backup-20261130T041500Z.db",
            "cockpit-backup-20261130T041500Z.sqlite",
        ] {
            assert!(!is_backup_name(other), "{other}");
        }
    }

    #[test]
    fn due_after_the_interval_and_within_the_hour_after_a_failure() {
        let s = BackupSchedule { directory: "/b".into(), every_hours: 24, keep: 3 };
        let at = Utc.with_ymd_and_hms(2026, 11, 30, 4, 0, 0).unwrap();
        assert_eq!(next_due(&s, None, at), at);
        let ok = LastBackup { at, file: Some("x".into()), error: None };
        assert_eq!(next_due(&s, Some(&ok), at), at + chrono::Duration::hours(24));
        let failed = LastBackup { at, file: None, error: Some("disk full".into()) };
        assert_eq!(next_due(&s, Some(&failed), at), at + chrono::Duration::hours(1));
    }
}
