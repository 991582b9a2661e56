//! Known files and their checkpoints, matched by path then fingerprint, persisted in storage.

use otelcol_core::storage::StorageClient;
use otelcol_core::ComponentError;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

const STORAGE_KEY: &str = "otlpjsonfile.checkpoints";
/// Polls a vanished file is remembered for (it may reappear under another name).
const FORGET_AFTER_POLLS: u32 = 3;

/// One known file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Known {
    /// The first bytes of the file (base64 in storage).
    #[serde(with = "b64")]
    pub fingerprint: Vec<u8>,
    pub path: PathBuf,
    /// Everything before this byte is delivered (or was skipped as unreadable).
    pub offset: u64,
    /// Lines before `offset`.
    pub line: u64,
    #[serde(skip)]
    pub unseen_polls: u32,
    /// A trailing line without `\n`, first seen at this file size and time.
    #[serde(skip)]
    pub partial: Option<(u64, Instant)>,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    files: Vec<Known>,
}

/// How a matched path relates to what is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Assignment {
    Known(usize),
    New,
}

pub(crate) struct Tracker {
    pub files: Vec<Known>,
    storage: Option<Arc<dyn StorageClient>>,
    last_persist: Instant,
    /// What storage holds, to skip writes when nothing changed.
    saved: Vec<u8>,
}

impl Tracker {
    /// Loads the checkpoints from storage (none without storage).
    pub(crate) async fn load(
        storage: Option<Arc<dyn StorageClient>>,
    ) -> Result<Tracker, ComponentError> {
        let mut files = Vec::new();
        if let Some(client) = &storage {
            if let Some(bytes) = client.get(STORAGE_KEY).await? {
                let stored: Stored = serde_json::from_slice(&bytes).map_err(|e| {
                    ComponentError::new(format!(
                        "otlpjsonfile: stored checkpoints are unreadable: {e}"
                    ))
                })?;
                files = stored.files;
            }
        }
        Ok(Tracker {
            files,
            storage,
            last_persist: Instant::now(),
            saved: Vec::new(),
        })
    }

    /// Matches this poll's files (with their first bytes) to known files: same path and
    /// content first, then a known file whose content moved to a new path (rotation).
    pub(crate) fn assign(&mut self, heads: &[(PathBuf, Vec<u8>)]) -> Vec<Assignment> {
        let mut taken: HashSet<usize> = HashSet::new();
        let mut out = vec![Assignment::New; heads.len()];
        for (i, (path, head)) in heads.iter().enumerate() {
            let by_path = self
                .files
                .iter()
                .position(|k| &k.path == path && same_content(k, head));
            if let Some(k) = by_path.filter(|k| taken.insert(*k)) {
                out[i] = Assignment::Known(k);
            }
        }
        for (i, (path, head)) in heads.iter().enumerate() {
            if out[i] != Assignment::New {
                continue;
            }
            let moved = (0..self.files.len())
                .find(|k| !taken.contains(k) && same_content(&self.files[*k], head));
            if let Some(k) = moved {
                taken.insert(k);
                self.files[k].path = path.clone();
                out[i] = Assignment::Known(k);
            }
        }
        for (k, known) in self.files.iter_mut().enumerate() {
            if taken.contains(&k) {
                known.unseen_polls = 0;
            } else {
                known.unseen_polls += 1;
            }
        }
        out
    }

    pub(crate) fn add(
        &mut self,
        path: &Path,
        fingerprint: Vec<u8>,
        offset: u64,
        line: u64,
    ) -> usize {
        self.files.push(Known {
            fingerprint,
            path: path.to_path_buf(),
            offset,
            line,
            unseen_polls: 0,
            partial: None,
        });
        self.files.len() - 1
    }

    /// Forgets files unseen for a few polls. Call after a poll, before the next `assign`.
    pub(crate) fn forget_vanished(&mut self) {
        self.files.retain(|k| k.unseen_polls < FORGET_AFTER_POLLS);
    }

    pub(crate) fn remove(&mut self, idx: usize) {
        self.files.remove(idx);
    }

    /// Writes the checkpoints if storage is set; at most once a second unless `now`.
    pub(crate) async fn persist(&mut self, now: bool) -> Result<(), ComponentError> {
        let Some(client) = &self.storage else {
            return Ok(());
        };
        if !now && self.last_persist.elapsed().as_secs() < 1 {
            return Ok(());
        }
        let stored = Stored {
            files: self.files.clone(),
        };
        let bytes = serde_json::to_vec(&stored).map_err(|e| {
            ComponentError::new(format!("otlpjsonfile: cannot encode checkpoints: {e}"))
        })?;
        if bytes == self.saved {
            return Ok(());
        }
        client.set(STORAGE_KEY, bytes.clone()).await?;
        self.saved = bytes;
        self.last_persist = Instant::now();
        Ok(())
    }

    pub(crate) async fn close(&mut self) -> Result<(), ComponentError> {
        self.persist(true).await?;
        if let Some(client) = self.storage.take() {
            client.close().await?;
        }
        Ok(())
    }
}

fn same_content(known: &Known, head: &[u8]) -> bool {
    !known.fingerprint.is_empty() && head.starts_with(&known.fingerprint)
}

mod b64 {
    use base64::Engine as _;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        base64::engine::general_purpose::STANDARD
            .decode(text)
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tracker_with(files: &[(&str, &[u8], u64)]) -> Tracker {
        let mut t = Tracker {
            files: Vec::new(),
            storage: None,
            last_persist: Instant::now(),
            saved: Vec::new(),
        };
        for (path, fp, offset) in files {
            t.add(Path::new(path), fp.to_vec(), *offset, 0);
        }
        t
    }

    #[test]
    fn a_rotated_file_is_continued_under_its_new_name() {
        let mut t = tracker_with(&[("/d/app.json", b"old-content", 100)]);
        let heads = vec![
            (
                PathBuf::from("/d/app-1.json"),
                b"old-content and more".to_vec(),
            ),
            (PathBuf::from("/d/app.json"), b"new-content".to_vec()),
        ];
        assert_eq!(t.assign(&heads), [Assignment::Known(0), Assignment::New]);
        assert_eq!(t.files[0].path, PathBuf::from("/d/app-1.json"));
        assert_eq!(t.files[0].offset, 100);
    }

    #[test]
    fn a_copy_with_the_same_first_bytes_is_a_new_file() {
        let mut t = tracker_with(&[("/d/a.json", b"same-prefix", 40)]);
        let heads = vec![
            (PathBuf::from("/d/a.json"), b"same-prefix...".to_vec()),
            (PathBuf::from("/d/b.json"), b"same-prefix...".to_vec()),
        ];
        assert_eq!(t.assign(&heads), [Assignment::Known(0), Assignment::New]);
    }

    #[test]
    fn a_file_replaced_in_place_is_new_and_vanished_files_are_forgotten() {
        let mut t = tracker_with(&[("/d/a.json", b"first", 10)]);
        let heads = vec![(PathBuf::from("/d/a.json"), b"second".to_vec())];
        for _ in 0..FORGET_AFTER_POLLS {
            assert_eq!(t.assign(&heads), [Assignment::New]);
        }
        t.forget_vanished();
        assert!(t.files.is_empty());
    }
}
