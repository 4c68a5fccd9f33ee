//! Rules on folders: files under the datastore's root whose relative path matches the rule's glob and
//! whose modification time is before the cutoff. Symbolic links are never followed (neither into
//! folders nor to files) and no path leaves the root; every deletion re-checks the file first.

use chrono::{DateTime, Utc};
use cockpit_connect::Folder;
use cockpit_domain::retention::*;
use globset::{GlobBuilder, GlobMatcher};
use std::time::SystemTime;

use crate::{BatchIntent, HoldEffect, Journal, Key, Plan, Result, RetentionError, TimeComparison};

#[derive(Debug)]
pub struct FolderTarget<'a> {
    pub rule: RetentionRule,
    folder: &'a Folder,
    glob: GlobMatcher,
}

fn expired(modified: SystemTime, cutoff: DateTime<Utc>) -> bool {
    DateTime::<Utc>::from(modified) < cutoff
}

impl<'a> FolderTarget<'a> {
    pub(crate) fn new(rule: RetentionRule, folder: &'a Folder) -> Result<FolderTarget<'a>> {
        let RetentionTarget::Folder { glob } = &rule.target else { unreachable!("checked by the caller") };
        let glob = GlobBuilder::new(glob)
            .literal_separator(true)
            .build()
            .map_err(|e| RetentionError::Invalid(format!("invalid glob '{glob}': {e}")))?
            .compile_matcher();
        Ok(FolderTarget { rule, folder, glob })
    }

    /// Matching files past the cutoff, as sorted relative paths (with `/`).
    fn expired_files(&self, cutoff: DateTime<Utc>) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for entry in walkdir::WalkDir::new(&self.folder.root).follow_links(false).into_iter() {
            let entry = entry.map_err(|e| RetentionError::Io(e.to_string()))?;
            // Symbolic links are listed by walkdir but never followed; they are skipped outright.
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(&self.folder.root) else { continue };
            let rel = rel.to_string_lossy().replace('\\', "/");
            if !self.glob.is_match(&rel) {
                continue;
            }
            let meta = entry.metadata().map_err(|e| RetentionError::Io(e.to_string()))?;
            let modified = meta.modified().map_err(|e| RetentionError::Io(e.to_string()))?;
            if expired(modified, cutoff) {
                out.push(rel);
            }
        }
        out.sort();
        Ok(out)
    }

    pub(crate) fn count(&self, cutoff: DateTime<Utc>, holds: &HoldEffect) -> Result<(u64, u64)> {
        let files = self.expired_files(cutoff)?;
        if !holds.whole_rule.is_empty() {
            return Ok((0, files.len() as u64));
        }
        let held = files.iter().filter(|f| holds.is_held(f)).count() as u64;
        Ok((files.len() as u64 - held, held))
    }

    pub(crate) fn plan(&self, cutoff: DateTime<Utc>, holds: &HoldEffect) -> Result<Plan> {
        let (affected, held) = self.count(cutoff, holds)?;
        let sample_keys = if holds.whole_rule.is_empty() {
            self.expired_files(cutoff)?.into_iter().filter(|f| !holds.is_held(f)).take(10).collect()
        } else {
            vec![]
        };
        let RetentionTarget::Folder { glob } = &self.rule.target else { unreachable!() };
        Ok(Plan {
            rule: self.rule.name.clone(),
            cutoff,
            affected,
            held,
            sample_keys,
            statements: vec![format!(
                "delete each file under {} matching '{glob}' modified before {} (symbolic links are skipped; \
                 each file is re-checked just before deletion), {} files per batch",
                self.folder.root.display(),
                cutoff.to_rfc3339(),
                self.rule.batch_size
            )],
            time_comparison: TimeComparison {
                format: TimeFormat::Native,
                explanation: "file modification time".into(),
            },
            whole_rule_holds: holds.whole_rule.clone(),
        })
    }

    pub(crate) fn still_pending(&self, cutoff: DateTime<Utc>, keys: &[Key]) -> Result<Vec<Key>> {
        let mut out = Vec::new();
        for k in keys {
            let Ok(path) = self.folder.resolve(&k.to_string()) else { continue };
            if let Ok(m) = std::fs::symlink_metadata(&path) {
                if m.is_file() && m.modified().is_ok_and(|t| expired(t, cutoff)) {
                    out.push(k.clone());
                }
            }
        }
        Ok(out)
    }

    pub(crate) async fn batch<J: Journal>(
        &self,
        cutoff: DateTime<Utc>,
        holds: &HoldEffect,
        after: Option<&Key>,
        n: u32,
        journal: &mut J,
    ) -> Result<Option<(Vec<Key>, u32, Option<Key>)>> {
        let after = after.map(|k| k.to_string());
        let candidates: Vec<String> = self
            .expired_files(cutoff)?
            .into_iter()
            .filter(|f| after.as_ref().is_none_or(|a| f > a))
            .take(self.rule.batch_size as usize)
            .collect();
        if candidates.is_empty() {
            return Ok(None);
        }
        let last = candidates.last().map(|f| Key::Text(f.clone()));
        let held = candidates.iter().filter(|f| holds.is_held(f)).count() as u32;
        let keys: Vec<Key> = candidates.into_iter().filter(|f| !holds.is_held(f)).map(Key::Text).collect();
        if keys.is_empty() {
            return Ok(Some((keys, held, last)));
        }
        journal.intent(&BatchIntent { n, keys: keys.clone(), held, resume: None }).await?;
        let mut done = Vec::with_capacity(keys.len());
        for k in keys {
            let path = self.folder.resolve(&k.to_string())?;
            let meta = match std::fs::symlink_metadata(&path) {
                Ok(m) => m,
                Err(_) => continue, // gone meanwhile: not ours to count
            };
            if !meta.is_file() || !meta.modified().is_ok_and(|t| expired(t, cutoff)) {
                continue;
            }
            std::fs::remove_file(&path).map_err(|e| RetentionError::Io(format!("{}: {e}", k)))?;
            done.push(k);
        }
        Ok(Some((done, held, last)))
    }
}
