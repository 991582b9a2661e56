//! Read offsets per file, persisted through `otelcol-pull`'s `StateStore` (a file written
//! atomically, or a storage extension key) and moved only after a delivered batch.
//!
//! Identity: a file is the one read before if the SHA-256 of its first bytes (up to 1 KiB,
//! as many as it had when last read) is unchanged and it has not shrunk below the offset;
//! then reading continues at the offset (an appended file delivers only what is new).
//! Otherwise it was replaced: it is read anew from the start.

use crate::read::Resume;
use otelcol_core::ComponentError;
use otelcol_pull::StateStore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

/// The `format` marker of the stored document.
pub const FORMAT: &str = "otelcol-auditfile/1";
/// How many leading bytes identify a file.
pub const FINGERPRINT_SIZE: usize = 1024;

/// What is stored for one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileOffset {
    /// Hex SHA-256 of the first `fingerprint_len` bytes.
    pub fingerprint: String,
    pub fingerprint_len: u64,
    /// Where reading continues (see [`Resume`]).
    pub offset: u64,
    pub line: u64,
    pub skip: u64,
    /// Records delivered from this file (all runs).
    pub records: u64,
    /// The length read to the end (nothing new while the file keeps this length).
    #[serde(default)]
    pub size: u64,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Doc {
    format: String,
    files: BTreeMap<String, FileOffset>,
}

/// Where to start reading a file, or nothing new.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    Nothing,
    /// Continue (`replaced: false`) or start over (`replaced: true`).
    At {
        resume: Resume,
        replaced: bool,
    },
}

pub struct Offsets {
    pub store: StateStore,
    files: BTreeMap<String, FileOffset>,
}

fn fingerprint(head: &[u8]) -> String {
    hex::encode(Sha256::digest(head))
}

fn key(path: &Path) -> String {
    path.display().to_string()
}

impl Offsets {
    /// Loads the stored offsets; a first run stores an empty document at once, so a store
    /// that cannot be written fails the start. A corrupt document fails it too, loudly.
    pub async fn open(store: StateStore) -> Result<Offsets, ComponentError> {
        let files = match store.load().await? {
            Some(bytes) => {
                let doc: Doc = serde_json::from_slice(&bytes).map_err(|e| {
                    ComponentError::new(format!(
                        "{store} is corrupt: {e}; it was left untouched: repair it, or delete it to import every file again"
                    ))
                })?;
                if doc.format != FORMAT {
                    return Err(ComponentError::new(format!(
                        "{store}: unknown format {:?} (expected {FORMAT:?})",
                        doc.format
                    )));
                }
                doc.files
            }
            None => BTreeMap::new(),
        };
        let offsets = Offsets { store, files };
        offsets.save().await?;
        Ok(offsets)
    }

    pub fn get(&self, path: &Path) -> Option<&FileOffset> {
        self.files.get(&key(path))
    }

    /// Where to read `path` (length `len`, first bytes `head`) from.
    pub fn start(&self, path: &Path, head: &[u8], len: u64) -> Start {
        let fresh = Start::At {
            resume: Resume::default(),
            replaced: false,
        };
        let Some(known) = self.get(path) else {
            return fresh;
        };
        let same = usize::try_from(known.fingerprint_len)
            .ok()
            .and_then(|n| head.get(..n))
            .is_some_and(|prefix| fingerprint(prefix) == known.fingerprint);
        if !same || len < known.offset {
            return Start::At {
                resume: Resume::default(),
                replaced: true,
            };
        }
        if len == known.size {
            return Start::Nothing;
        }
        Start::At {
            resume: Resume {
                offset: known.offset,
                line: known.line,
                skip: known.skip,
            },
            replaced: false,
        }
    }

    /// Records that everything before `resume` was delivered (`delivered` more records);
    /// `size`: the length read to the end, if the end was reached.
    pub fn advance(
        &mut self,
        path: &Path,
        head: &[u8],
        resume: Resume,
        delivered: u64,
        size: Option<u64>,
    ) {
        let entry = self.files.entry(key(path)).or_insert_with(|| FileOffset {
            fingerprint: String::new(),
            fingerprint_len: 0,
            offset: 0,
            line: 1,
            skip: 0,
            records: 0,
            size: 0,
        });
        entry.fingerprint = fingerprint(head);
        entry.fingerprint_len = head.len() as u64;
        entry.offset = resume.offset;
        entry.line = resume.line;
        entry.skip = resume.skip;
        entry.records += delivered;
        entry.size = size.unwrap_or(0);
    }

    /// Forgets `path` (it was replaced: its records so far no longer count).
    pub fn reset(&mut self, path: &Path) {
        self.files.remove(&key(path));
    }

    pub async fn save(&self) -> Result<(), ComponentError> {
        let doc = Doc {
            format: FORMAT.to_string(),
            files: self.files.clone(),
        };
        let bytes = serde_json::to_vec_pretty(&doc)
            .map_err(|e| ComponentError::new(format!("cannot encode offsets: {e}")))?;
        self.store.save(bytes).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn appended_file_continues_and_replaced_file_starts_over() {
        let dir = tempfile::tempdir().unwrap();
        let store = StateStore::File(dir.path().join("offsets.json"));
        let mut offsets = Offsets::open(store.clone()).await.unwrap();
        let path = Path::new("/x/a.ndjson");
        let resume = Resume {
            offset: 10,
            line: 3,
            skip: 0,
        };
        offsets.advance(path, b"0123456789", resume, 2, Some(10));
        offsets.save().await.unwrap();

        let offsets = Offsets::open(store).await.unwrap();
        assert_eq!(offsets.start(path, b"0123456789", 10), Start::Nothing);
        assert_eq!(
            offsets.start(path, b"0123456789abc", 13),
            Start::At {
                resume,
                replaced: false
            }
        );
        let replaced = offsets.start(path, b"X123456789abc", 13);
        assert!(
            matches!(replaced, Start::At { replaced: true, resume } if resume == Resume::default())
        );
        let shrunk = offsets.start(path, b"01234", 5);
        assert!(matches!(shrunk, Start::At { replaced: true, .. }));
    }

    #[tokio::test]
    async fn a_corrupt_offsets_file_fails_loudly_and_stays() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("offsets.json");
        std::fs::write(&file, b"{not json").unwrap();
        let err = Offsets::open(StateStore::File(file.clone()))
            .await
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.contains("corrupt") && err.contains("offsets.json"),
            "{err}"
        );
        assert_eq!(std::fs::read(&file).unwrap(), b"{not json");
    }
}
