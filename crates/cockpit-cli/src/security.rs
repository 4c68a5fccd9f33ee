//! `cockpit backup`, `restore`, `encrypt`, `passphrase …`, and where the CLI finds a passphrase.
//!
//! The passphrase of an encrypted database comes from, in this order: `COCKPIT_PASSPHRASE`; the OS
//! keyring, when the user chose "unlock with my login" (`cockpit passphrase remember`); a prompt, when
//! standard input is a terminal. Scripts set `COCKPIT_PASSPHRASE`.

use crate::print_json;
use clap::{Args, Subcommand};
use cockpit_api::backups::BackupSchedule;
use cockpit_api::security::{self, BackupReport, DatabaseState, Passphrase};
use cockpit_api::{ApiError, Cockpit, ErrorCode};
use cockpit_domain::SystemClock;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

pub use security::{NEW_PASSPHRASE_ENV as ENV_NEW, PASSPHRASE_ENV as ENV};

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct BackupArgs {
    /// The backup file to write (encrypted, one file).
    #[arg(long, value_name = "FILE", required = true)]
    pub out: Option<PathBuf>,
    /// Replace an existing file of that name.
    #[arg(long)]
    pub force: bool,
    #[command(subcommand)]
    pub command: Option<BackupCommand>,
}

#[derive(Subcommand)]
pub enum BackupCommand {
    /// Automatic backups (run by the desktop app and `cockpit scheduler run`): without options, show
    /// them; with --dir, --every and --keep, set them; with --off, turn them off.
    Auto(AutoArgs),
}

#[derive(Args)]
pub struct AutoArgs {
    /// The folder for the automatic backups (absolute; created when missing).
    #[arg(long, value_name = "DIR", conflicts_with = "off")]
    pub dir: Option<PathBuf>,
    /// How often: hours (`12h`) or days (`1d`, `7d`).
    #[arg(long, value_name = "INTERVAL", value_parser = parse_every, default_value = "1d")]
    pub every: u32,
    /// How many of the newest automatic backups to keep; older ones are deleted.
    #[arg(long, value_name = "N", default_value_t = 14)]
    pub keep: u32,
    /// Turn automatic backups off (the backups already written stay).
    #[arg(long)]
    pub off: bool,
}

/// `12h` → 12, `7d` → 168; hours only, as the schedule counts them.
fn parse_every(s: &str) -> Result<u32, String> {
    let bad = || format!("'{s}' is not an interval: use hours or days, e.g. 12h, 1d, 7d");
    let (n, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?);
    let n: u32 = n.parse().map_err(|_| bad())?;
    match unit {
        "h" => Ok(n),
        "d" => n.checked_mul(24).ok_or_else(bad),
        _ => Err(bad()),
    }
}

#[derive(Args)]
pub struct RestoreArgs {
    /// The backup to restore into the database named by --db (or the default one).
    pub file: PathBuf,
    /// Replace an existing database (it is moved aside, never deleted).
    #[arg(long)]
    pub force: bool,
}

#[derive(Subcommand)]
pub enum PassphraseCommand {
    /// Change the passphrase (the old one as usual, the new one from COCKPIT_NEW_PASSPHRASE or a prompt).
    Change,
    /// Keep the passphrase in the OS keyring, so that your login unlocks the database.
    Remember,
    /// Remove the passphrase from the OS keyring.
    Forget,
}

fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

fn prompt(label: &str) -> anyhow::Result<String> {
    Ok(rpassword::prompt_password(label)?)
}

/// Asks twice for a new passphrase (empty answer: none).
fn prompt_new(label: &str) -> anyhow::Result<Option<Passphrase>> {
    loop {
        let first = prompt(label)?;
        if first.is_empty() {
            return Ok(None);
        }
        let p = match security::new_passphrase(first.clone()) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("{e}");
                continue;
            }
        };
        if prompt("Repeat it: ")? == first {
            return Ok(Some(p));
        }
        eprintln!("The two entries differ; try again.");
    }
}

/// The passphrase that opens an existing encrypted database, or None when there is none to be had.
pub fn existing_passphrase(db: &Path) -> anyhow::Result<Option<Passphrase>> {
    if let Some(p) = security::passphrase_from_env(ENV) {
        return Ok(Some(p));
    }
    if security::database_state(db)? != DatabaseState::Encrypted {
        return Ok(None);
    }
    if let Some(p) = security::remembered_passphrase(db) {
        return Ok(Some(p));
    }
    if interactive() {
        return Ok(Some(Passphrase::new(prompt(&format!("Passphrase for {}: ", db.display()))?)));
    }
    Ok(None)
}

/// The passphrase for a database about to be created by `init`: `COCKPIT_PASSPHRASE`, or a prompt
/// (an empty answer, or no terminal, gives an unencrypted database and a loud warning).
pub fn passphrase_for_new(db: &Path) -> anyhow::Result<Option<Passphrase>> {
    if let Some(p) = security::passphrase_from_env(ENV) {
        return Ok(Some(security::new_passphrase(p.expose())?));
    }
    if interactive() {
        eprintln!(
            "Choose a passphrase for the new database at {}.\nLeave it empty only if this disk is already \
             encrypted (the database would then be stored unencrypted).",
            db.display()
        );
        return prompt_new("New passphrase: ");
    }
    Ok(None)
}

pub fn warn_unencrypted(db: &Path) {
    eprintln!(
        "WARNING: the database at {} is NOT encrypted. Anyone who can read this file can read the \
         register.\n         Set COCKPIT_PASSPHRASE to create encrypted databases, or run `cockpit \
         encrypt` to encrypt this one.",
        db.display()
    );
}

fn new_from_env_or_prompt(env: &str, label: &str) -> anyhow::Result<Passphrase> {
    if let Some(p) = security::passphrase_from_env(env) {
        return Ok(security::new_passphrase(p.expose())?);
    }
    if interactive() {
        if let Some(p) = prompt_new(label)? {
            return Ok(p);
        }
    }
    Err(ApiError::new(
        ErrorCode::Validation,
        format!("no passphrase given: set {env} (or run this in a terminal)"),
    )
    .into())
}

fn print_report(r: &BackupReport, json: bool, what: &str) -> anyhow::Result<()> {
    if json {
        print_json(r)?;
    } else {
        outln!("{what} {} ({} bytes, schema {}).", r.path, r.bytes, r.schema_version);
        outln!(
            "Audit trail: {} entries, head {}",
            r.audit_entries,
            r.audit_head.as_deref().unwrap_or("(empty)")
        );
        if let Some(old) = &r.replaced {
            outln!("The database that was there is kept at {old}.");
        }
    }
    Ok(())
}

/// `cockpit backup`: needs the open database and its passphrase (the backup is encrypted with it).
pub async fn backup(c: &Cockpit, db: &Path, args: BackupArgs, json: bool) -> anyhow::Result<()> {
    let passphrase = match existing_passphrase(db)? {
        Some(p) => p,
        None => new_from_env_or_prompt(ENV, "Passphrase for the backup: ")?,
    };
    let Some(out) = args.out else { unreachable!("clap requires --out without a subcommand") };
    let r = c.backup(&out, &passphrase, args.force).await?;
    print_report(&r, json, "Encrypted backup written to")
}

/// `cockpit backup auto`: shows, sets or turns off the automatic backups.
pub async fn backup_auto(c: &Cockpit, a: AutoArgs, json: bool) -> anyhow::Result<()> {
    let status = if a.off {
        c.set_backup_schedule(None).await?
    } else if let Some(dir) = a.dir {
        let dir = std::path::absolute(&dir).unwrap_or(dir);
        c.set_backup_schedule(Some(BackupSchedule {
            directory: dir.display().to_string(),
            every_hours: a.every,
            keep: a.keep,
        }))
        .await?
    } else {
        c.backup_status().await?
    };
    if json {
        return print_json(&status);
    }
    match &status.schedule {
        None => outln!("Automatic backups are off."),
        Some(s) => {
            outln!(
                "Automatic backups every {} h into {}, keeping the newest {}.",
                s.every_hours,
                s.directory,
                s.keep
            );
            outln!("Next due: {}", status.next_due.as_deref().unwrap_or("-"));
        }
    }
    if let Some(why) = &status.unavailable_reason {
        outln!("{why}");
    }
    if let Some(at) = &status.last_at {
        match (&status.last_file, &status.last_error) {
            (_, Some(e)) => outln!("Last attempt {at} FAILED: {e}"),
            (Some(f), None) => outln!("Last backup {at}: {f}"),
            (None, None) => outln!("Last attempt {at}"),
        }
    }
    for f in &status.files {
        outln!("  {}  {:>12} bytes  {}", f.name, f.bytes, f.modified);
    }
    Ok(())
}

/// Commands that work on the file rather than an open database: restore, encrypt, passphrase.
pub async fn restore(db: &Path, args: RestoreArgs, json: bool) -> anyhow::Result<()> {
    let passphrase = match security::passphrase_from_env(ENV) {
        Some(p) => Some(p),
        None if security::database_state(&args.file)? == DatabaseState::Encrypted && interactive() => {
            Some(Passphrase::new(prompt(&format!("Passphrase of the backup {}: ", args.file.display()))?))
        }
        None => None,
    };
    let r = Cockpit::restore(&args.file, db, passphrase.as_ref(), args.force, &SystemClock).await?;
    print_report(&r, json, "Restored into")?;
    if passphrase.is_none() {
        warn_unencrypted(db);
    }
    Ok(())
}

pub async fn encrypt(db: &Path, json: bool) -> anyhow::Result<()> {
    let passphrase = new_from_env_or_prompt(ENV, "New passphrase: ")?;
    let r = Cockpit::encrypt(db, &passphrase, &SystemClock).await?;
    print_report(&r, json, "Encrypted")
}

pub async fn passphrase(db: &Path, cmd: PassphraseCommand) -> anyhow::Result<()> {
    match cmd {
        PassphraseCommand::Change => {
            let old = existing_passphrase(db)?.ok_or_else(|| {
                ApiError::new(ErrorCode::Locked, format!("give the current passphrase in {ENV}"))
            })?;
            let new = new_from_env_or_prompt(ENV_NEW, "New passphrase: ")?;
            Cockpit::change_passphrase(db, &old, &new, &SystemClock).await?;
            if security::remembered_passphrase(db).is_some() {
                security::remember_passphrase(db, &new)?;
            }
            outln!("Passphrase changed for {}.", db.display());
        }
        PassphraseCommand::Remember => {
            let p = existing_passphrase(db)?
                .ok_or_else(|| ApiError::new(ErrorCode::Locked, format!("give the passphrase in {ENV}")))?;
            // Only a passphrase that opens the database is kept.
            let c = Cockpit::open_encrypted(db, Some(&p)).await?;
            let encrypted = c.is_encrypted();
            c.close().await;
            if !encrypted {
                return Err(ApiError::new(
                    ErrorCode::Conflict,
                    "the database is not encrypted: nothing to remember",
                )
                .into());
            }
            security::remember_passphrase(db, &p)?;
            outln!("Your OS login now unlocks {} (the passphrase is in the OS keyring).", db.display());
        }
        PassphraseCommand::Forget => {
            security::forget_passphrase(db)?;
            outln!("The OS keyring no longer holds the passphrase of {}.", db.display());
        }
    }
    Ok(())
}
