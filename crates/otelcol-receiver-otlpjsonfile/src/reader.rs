//! Line-by-line reading from a byte offset, never buffering more than `max_log_size` of a line.

use std::io::SeekFrom;
use std::path::Path;
use tokio::fs::File;
use tokio::io::{AsyncBufReadExt, AsyncSeekExt, BufReader};

/// What the next read found.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Next {
    /// A full line (without its `\n`), spanning `start..end` (end is after the `\n`).
    Line {
        start: u64,
        end: u64,
        bytes: Vec<u8>,
    },
    /// A line longer than the limit, spanning `start..end`.
    TooLong { start: u64, end: u64 },
    /// Bytes after the last `\n`: a line still being written (or the file's last line).
    Partial {
        start: u64,
        end: u64,
        bytes: Vec<u8>,
        too_long: bool,
    },
    /// Nothing more.
    Eof,
}

pub(crate) struct LineReader {
    inner: BufReader<File>,
    pos: u64,
    max: usize,
}

impl LineReader {
    pub(crate) async fn open(path: &Path, offset: u64, max: usize) -> std::io::Result<LineReader> {
        let mut file = File::open(path).await?;
        file.seek(SeekFrom::Start(offset)).await?;
        Ok(LineReader {
            inner: BufReader::with_capacity(64 * 1024, file),
            pos: offset,
            max,
        })
    }

    pub(crate) async fn next(&mut self) -> std::io::Result<Next> {
        let start = self.pos;
        let mut bytes = Vec::new();
        let mut too_long = false;
        loop {
            let chunk = self.inner.fill_buf().await?;
            if chunk.is_empty() {
                if self.pos == start {
                    return Ok(Next::Eof);
                }
                return Ok(Next::Partial {
                    start,
                    end: self.pos,
                    bytes,
                    too_long,
                });
            }
            let newline = chunk.iter().position(|&b| b == b'\n');
            let take = newline.unwrap_or(chunk.len());
            if !too_long {
                if bytes.len() + take > self.max {
                    too_long = true;
                    bytes = Vec::new();
                } else {
                    bytes.extend_from_slice(&chunk[..take]);
                }
            }
            let consumed = newline.map_or(take, |i| i + 1);
            self.inner.consume(consumed);
            self.pos += consumed as u64;
            if newline.is_some() {
                let end = self.pos;
                return Ok(if too_long {
                    Next::TooLong { start, end }
                } else {
                    if bytes.last() == Some(&b'\r') {
                        bytes.pop();
                    }
                    Next::Line { start, end, bytes }
                });
            }
        }
    }
}

/// Counts the lines in the first `upto` bytes (to number lines when starting at the end).
pub(crate) async fn count_lines(path: &Path, upto: u64) -> std::io::Result<u64> {
    let file = File::open(path).await?;
    let mut reader = BufReader::with_capacity(64 * 1024, file);
    let (mut seen, mut lines) = (0u64, 0u64);
    while seen < upto {
        let chunk = reader.fill_buf().await?;
        if chunk.is_empty() {
            break;
        }
        let n = chunk
            .len()
            .min(usize::try_from(upto - seen).unwrap_or(usize::MAX));
        lines += chunk[..n].iter().filter(|&&b| b == b'\n').count() as u64;
        reader.consume(n);
        seen += n as u64;
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn lines_long_lines_and_a_partial_tail() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.json");
        std::fs::write(&path, b"ab\r\n0123456789\n\nxyz").unwrap();
        let mut r = LineReader::open(&path, 0, 5).await.unwrap();
        assert_eq!(
            r.next().await.unwrap(),
            Next::Line {
                start: 0,
                end: 4,
                bytes: b"ab".to_vec()
            }
        );
        assert_eq!(r.next().await.unwrap(), Next::TooLong { start: 4, end: 15 });
        assert_eq!(
            r.next().await.unwrap(),
            Next::Line {
                start: 15,
                end: 16,
                bytes: vec![]
            }
        );
        assert_eq!(
            r.next().await.unwrap(),
            Next::Partial {
                start: 16,
                end: 19,
                bytes: b"xyz".to_vec(),
                too_long: false
            }
        );
        let mut from_offset = LineReader::open(&path, 15, 5).await.unwrap();
        assert_eq!(
            from_offset.next().await.unwrap(),
            Next::Line {
                start: 15,
                end: 16,
                bytes: vec![]
            }
        );
        assert_eq!(count_lines(&path, 15).await.unwrap(), 2);
    }
}
