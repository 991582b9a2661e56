//! NDJSON: one JSON value per line (a record, or a whole page whose records share the line);
//! a line that is not JSON is reported with its number and passed over.

use super::{records_of, Out, Read, ReadSpec, Resume};
use std::io::{BufRead, BufReader, Read as _, Seek, SeekFrom};

pub(super) fn read(spec: &ReadSpec, out: &mut Out) {
    let mut file = match std::fs::File::open(&spec.path) {
        Ok(f) => f,
        Err(e) => {
            out.send(Read::Stopped {
                line: spec.start.line,
                reason: format!("cannot open: {e}"),
            });
            return;
        }
    };
    if let Err(e) = file.seek(SeekFrom::Start(spec.start.offset)) {
        out.send(Read::Stopped {
            line: spec.start.line,
            reason: format!("cannot seek to byte {}: {e}", spec.start.offset),
        });
        return;
    }
    let mut reader = BufReader::new(file.take(spec.limit.saturating_sub(spec.start.offset)));
    let mut offset = spec.start.offset;
    let mut line = spec.start.line.max(1);
    let mut skip = spec.start.skip;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let n = match reader.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(n) => n as u64,
            Err(e) => {
                out.send(Read::Stopped {
                    line,
                    reason: format!("cannot read: {e}"),
                });
                return;
            }
        };
        let line_start = offset;
        offset += n;
        let after = Resume {
            offset,
            line: line + 1,
            skip: 0,
        };
        let text = buf.trim_ascii();
        if !text.is_empty() && !emit_line(text, spec, line, line_start, after, skip, out) {
            return;
        }
        skip = 0;
        line += 1;
    }
    out.send(Read::End {
        resume: Resume {
            offset,
            line,
            skip: 0,
        },
    });
}

/// Sends the records of one line, passing over the first `skip`; `false` on hang-up.
fn emit_line(
    text: &[u8],
    spec: &ReadSpec,
    line: u64,
    line_start: u64,
    after: Resume,
    skip: u64,
    out: &mut Out,
) -> bool {
    let value = match serde_json::from_slice(text) {
        Ok(v) => v,
        Err(e) => {
            return out.send(Read::Bad {
                line,
                reason: format!("not JSON: {e}"),
                resume: after,
            })
        }
    };
    let records = records_of(value, spec.vendor);
    let count = records.len() as u64;
    for (i, (value, vendor)) in records.into_iter().enumerate() {
        let i = i as u64;
        if i < skip {
            continue;
        }
        let resume = if i + 1 == count {
            after
        } else {
            Resume {
                offset: line_start,
                line,
                skip: i + 1,
            }
        };
        let sent = out.send(Read::Record {
            value,
            vendor,
            line,
            resume,
        });
        if !sent {
            return false;
        }
    }
    true
}
