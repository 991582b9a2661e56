//! One output file: opened truncated, appended to, or rotating by size. Every message is handed
//! to the OS before `write_message` returns; `sync` makes it durable on disk.

use crate::config::Rotation;
use crate::rotate::{backup_path, remove_old_backups};
use chrono::Utc;
use std::fs::{File, OpenOptions};
use std::io::{self, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// How an output file is opened.
#[derive(Debug, Clone)]
pub struct OpenMode {
    pub append: bool,
    pub rotation: Option<Rotation>,
    /// Messages carry a 4-byte big-endian length (proto or compressed) instead of a newline.
    pub length_prefixed: bool,
}

pub struct FileWriter {
    path: PathBuf,
    file: File,
    /// Bytes in the current file, to rotate by size and to cut off a half-written message.
    size: u64,
    rotation: Option<Rotation>,
    /// Written since the last sync.
    dirty: bool,
}

impl FileWriter {
    /// Opens `path`: truncated unless `append`; with rotation, kept and appended to (as
    /// lumberjack continues an existing file).
    pub fn open(path: &Path, mode: &OpenMode) -> io::Result<Self> {
        let keep = mode.append || mode.rotation.is_some();
        let mut options = OpenOptions::new();
        options.create(true);
        if keep {
            options.append(true).read(true);
        } else {
            options.write(true).truncate(true);
        }
        let file = options.open(path)?;
        if keep {
            repair_torn_tail(&file, mode.length_prefixed)?;
        }
        let size = file.metadata()?.len();
        Ok(FileWriter {
            path: path.to_path_buf(),
            file,
            size,
            rotation: mode.rotation.clone(),
            dirty: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes one whole message, rotating first if it would take the file past the limit.
    /// A message larger than the limit goes alone into a fresh file rather than being
    /// refused. On error, a partly written message is cut off again.
    pub fn write_message(&mut self, message: &[u8]) -> io::Result<()> {
        let len = message.len() as u64;
        if let Some(max) = self.rotation.as_ref().map(Rotation::max_bytes) {
            if self.size > 0 && self.size.saturating_add(len) > max {
                self.rotate()?;
            }
        }
        if let Err(err) = self.file.write_all(message) {
            self.cut_back();
            return Err(err);
        }
        self.size += len;
        self.dirty = true;
        Ok(())
    }

    /// Removes whatever a failed write left after the last whole message.
    fn cut_back(&mut self) {
        let result = self
            .file
            .set_len(self.size)
            .and_then(|()| self.file.seek(SeekFrom::Start(self.size)).map(|_| ()));
        if let Err(err) = result {
            tracing::warn!(path = %self.path.display(), error = %err, "file exporter cannot remove a partly written message");
        }
    }

    /// Renames the current file to its timestamped backup name, starts a new one, and removes
    /// backups beyond the limits.
    fn rotate(&mut self) -> io::Result<()> {
        let Some(rotation) = self.rotation.clone() else {
            return Ok(());
        };
        self.file.sync_all()?;
        let now = Utc::now();
        let backup = backup_path(&self.path, now, rotation.localtime);
        std::fs::rename(&self.path, &backup)?;
        self.file = OpenOptions::new()
            .create(true)
            .write(true)
            .truncate(true)
            .open(&self.path)?;
        self.size = 0;
        self.dirty = false;
        remove_old_backups(&self.path, &rotation, now);
        Ok(())
    }

    /// Makes written data durable (fsync), if anything was written since the last sync.
    pub fn sync(&mut self) -> io::Result<()> {
        if self.dirty {
            self.file.sync_data()?;
            self.dirty = false;
        }
        Ok(())
    }
}

/// Cuts off a message that a crash (kill -9, power loss) left half-written at the end of a
/// kept file, so appending continues after the last whole message. The cut message was never
/// acknowledged, so it is sent again; nothing acknowledged is removed.
fn repair_torn_tail(file: &File, length_prefixed: bool) -> io::Result<()> {
    use std::io::Read;
    let len = file.metadata()?.len();
    if len == 0 {
        return Ok(());
    }
    let mut reader = file;
    reader.seek(SeekFrom::Start(0))?;
    let mut content = Vec::with_capacity(len as usize);
    reader.read_to_end(&mut content)?;
    let whole = if length_prefixed {
        let mut at = 0usize;
        while at + 4 <= content.len() {
            let frame = u32::from_be_bytes([
                content[at],
                content[at + 1],
                content[at + 2],
                content[at + 3],
            ]) as usize;
            if at + 4 + frame > content.len() {
                break;
            }
            at += 4 + frame;
        }
        at
    } else {
        content
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1)
    };
    if whole as u64 != len {
        tracing::warn!(
            cut_bytes = len - whole as u64,
            "file exporter: the output ended in a half-written message (an earlier crash); it was cut off and will be written again"
        );
        file.set_len(whole as u64)?;
    }
    Ok(())
}

#[cfg(test)]
mod torn_tail_tests {
    use super::*;

    fn reopen(content: &[u8], length_prefixed: bool) -> Vec<u8> {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("out");
        std::fs::write(&path, content).expect("write");
        let mode = OpenMode {
            append: true,
            rotation: None,
            length_prefixed,
        };
        let mut writer = FileWriter::open(&path, &mode).expect("open");
        writer.write_message(b"next\n").expect("write");
        std::fs::read(&path).expect("read")
    }

    #[test]
    fn a_half_written_json_line_left_by_a_crash_is_cut_before_appending() {
        assert_eq!(reopen(b"{\"a\":1}\n{\"b\":", false), b"{\"a\":1}\nnext\n");
        assert_eq!(reopen(b"{\"a\":1}\n", false), b"{\"a\":1}\nnext\n");
    }

    #[test]
    fn a_half_written_frame_left_by_a_crash_is_cut_before_appending() {
        let mut whole = 3u32.to_be_bytes().to_vec();
        whole.extend_from_slice(b"abc");
        let mut torn = whole.clone();
        torn.extend_from_slice(&10u32.to_be_bytes());
        torn.extend_from_slice(b"abc");
        let mut expected = whole.clone();
        expected.extend_from_slice(b"next\n");
        assert_eq!(reopen(&torn, true), expected);
    }
}
