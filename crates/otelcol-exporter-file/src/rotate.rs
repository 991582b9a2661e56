//! Backup names and cleanup for size-based rotation, as lumberjack does it: the rotated file is
//! renamed `name-2022-09-14T05-02-14.173.ext`, then backups beyond `max_backups` or older than
//! `max_days` are deleted.

use crate::config::Rotation;
use chrono::{DateTime, Local, NaiveDateTime, TimeDelta, TimeZone, Utc};
use std::path::{Path, PathBuf};

/// Go layout `2006-01-02T15-04-05.000`.
const BACKUP_TIME_FORMAT: &str = "%Y-%m-%dT%H-%M-%S%.3f";

/// `(dir, prefix, ext)` of a path: `out/data.json` → (`out`, `data`, `.json`), extension as
/// Go's `filepath.Ext` (from the last dot of the file name).
fn split_name(path: &Path) -> (PathBuf, String, String) {
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match name.rfind('.') {
        Some(dot) => (dir, name[..dot].to_string(), name[dot..].to_string()),
        None => (dir, name, String::new()),
    }
}

/// A free backup path for `path` at `now` (a taken name moves on by a millisecond, so two
/// rotations within one millisecond never overwrite each other).
pub fn backup_path(path: &Path, now: DateTime<Utc>, localtime: bool) -> PathBuf {
    let (dir, prefix, ext) = split_name(path);
    let mut at = now;
    loop {
        let stamp = if localtime {
            at.with_timezone(&Local)
                .format(BACKUP_TIME_FORMAT)
                .to_string()
        } else {
            at.format(BACKUP_TIME_FORMAT).to_string()
        };
        let candidate = dir.join(format!("{prefix}-{stamp}{ext}"));
        if !candidate.exists() {
            return candidate;
        }
        at += TimeDelta::milliseconds(1);
    }
}

/// The backups of `path` in its directory, newest first, with their name timestamps.
fn list_backups(path: &Path, localtime: bool) -> std::io::Result<Vec<(DateTime<Utc>, PathBuf)>> {
    let (dir, prefix, ext) = split_name(path);
    let lookup_dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir.as_path()
    };
    let head = format!("{prefix}-");
    let mut backups = Vec::new();
    for entry in std::fs::read_dir(lookup_dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(stamp) = name
            .strip_prefix(&head)
            .and_then(|rest| rest.strip_suffix(ext.as_str()))
        else {
            continue;
        };
        let Ok(naive) = NaiveDateTime::parse_from_str(stamp, BACKUP_TIME_FORMAT) else {
            continue;
        };
        let at = if localtime {
            match Local.from_local_datetime(&naive).earliest() {
                Some(local) => local.with_timezone(&Utc),
                None => continue,
            }
        } else {
            naive.and_utc()
        };
        backups.push((at, dir.join(name)));
    }
    backups.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
    Ok(backups)
}

/// Deletes backups beyond `max_backups` (newest kept) and older than `max_days`. Returns what
/// it deleted; a backup that cannot be deleted is reported and skipped.
pub fn remove_old_backups(path: &Path, rotation: &Rotation, now: DateTime<Utc>) -> Vec<PathBuf> {
    let backups = match list_backups(path, rotation.localtime) {
        Ok(backups) => backups,
        Err(err) => {
            tracing::warn!(path = %path.display(), error = %err, "file exporter cannot list rotated files");
            return Vec::new();
        }
    };
    let keep = if rotation.max_backups > 0 {
        usize::try_from(rotation.max_backups).unwrap_or(usize::MAX)
    } else {
        usize::MAX
    };
    let cutoff = (rotation.max_days > 0)
        .then(|| now - TimeDelta::hours(24 * rotation.max_days.min(1_000_000)));
    let mut removed = Vec::new();
    for (index, (at, backup)) in backups.into_iter().enumerate() {
        let too_many = index >= keep;
        let too_old = cutoff.is_some_and(|cutoff| at < cutoff);
        if !(too_many || too_old) {
            continue;
        }
        match std::fs::remove_file(&backup) {
            Ok(()) => removed.push(backup),
            Err(err) => {
                tracing::warn!(path = %backup.display(), error = %err, "file exporter cannot delete a rotated file");
            }
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .expect("rfc3339")
            .with_timezone(&Utc)
    }

    #[test]
    fn backup_name_puts_the_time_before_the_extension() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("data.json");
        let backup = backup_path(&path, at("2022-09-14T05:02:14.173Z"), false);
        assert_eq!(backup, dir.path().join("data-2022-09-14T05-02-14.173.json"));
        let bare = backup_path(&dir.path().join("foo"), at("2022-09-14T05:02:14Z"), false);
        assert_eq!(bare, dir.path().join("foo-2022-09-14T05-02-14.000"));
    }

    #[test]
    fn taken_backup_name_moves_on_by_a_millisecond() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("data-2022-09-14T05-02-14.173.json"), "x").expect("write");
        let backup = backup_path(
            &dir.path().join("data.json"),
            at("2022-09-14T05:02:14.173Z"),
            false,
        );
        assert_eq!(backup, dir.path().join("data-2022-09-14T05-02-14.174.json"));
    }

    #[test]
    fn cleanup_keeps_newest_backups_and_drops_old_ones() {
        let dir = tempfile::tempdir().expect("temp dir");
        let names = [
            "data-2022-09-10T00-00-00.000.json",
            "data-2022-09-12T00-00-00.000.json",
            "data-2022-09-13T00-00-00.000.json",
            "data-2022-09-14T00-00-00.000.json",
            "data-notatime.json",
            "other-2000-01-01T00-00-00.000.json",
        ];
        for name in names {
            std::fs::write(dir.path().join(name), "x").expect("write");
        }
        let rotation = Rotation {
            max_backups: 2,
            max_days: 0,
            ..Rotation::default()
        };
        let removed = remove_old_backups(
            &dir.path().join("data.json"),
            &rotation,
            at("2022-09-15T00:00:00Z"),
        );
        assert_eq!(removed.len(), 2);
        assert!(!dir.path().join(names[0]).exists());
        assert!(!dir.path().join(names[1]).exists());
        for kept in &names[2..] {
            assert!(dir.path().join(kept).exists(), "{kept}");
        }
        let by_age = Rotation {
            max_backups: 0,
            max_days: 1,
            ..Rotation::default()
        };
        let removed = remove_old_backups(
            &dir.path().join("data.json"),
            &by_age,
            at("2022-09-15T00:00:00Z"),
        );
        assert_eq!(removed, vec![dir.path().join(names[2])]);
    }
}
