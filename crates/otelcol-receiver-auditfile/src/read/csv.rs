//! CSV: the header row names the columns (and, for `auto`, the vendor); every later row is
//! one record. A resume re-reads the header, then seeks to the stored row offset. A row with
//! the wrong number of cells or bytes that are not UTF-8 is reported and passed over.

use super::{Out, Read, ReadSpec, Resume};
use crate::columns::{csv_vendor, Columns};
use std::io::{Read as _, Seek, SeekFrom};

/// The header and where the first row starts (byte offset, 1-based line).
fn header(spec: &ReadSpec) -> Result<(Vec<String>, u64, u64), String> {
    let file = std::fs::File::open(&spec.path).map_err(|e| format!("cannot open: {e}"))?;
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(file.take(spec.limit));
    let mut record = ::csv::StringRecord::new();
    match reader.read_record(&mut record) {
        Ok(true) => {}
        Ok(false) => return Ok((Vec::new(), 0, 1)),
        Err(e) => return Err(format!("cannot read the header row: {e}")),
    }
    let at = reader.position();
    Ok((
        record.iter().map(str::to_string).collect(),
        at.byte(),
        at.line(),
    ))
}

pub(super) fn read(spec: &ReadSpec, out: &mut Out) {
    let (names, header_end, first_line) = match header(spec) {
        Ok(h) => h,
        Err(reason) => {
            out.send(Read::Stopped { line: 1, reason });
            return;
        }
    };
    if names.is_empty() {
        out.send(Read::End {
            resume: Resume::default(),
        });
        return;
    }
    let columns = match csv_vendor(&names, spec.vendor) {
        Ok(vendor) => (Columns::new(vendor, &names), vendor),
        Err(reason) => {
            out.send(Read::Stopped { line: 1, reason });
            return;
        }
    };
    let (start, start_line) = if spec.start.offset > header_end {
        (spec.start.offset, spec.start.line)
    } else {
        (header_end, first_line)
    };
    rows(spec, start, start_line, &columns.0, columns.1, out);
}

fn rows(
    spec: &ReadSpec,
    start: u64,
    start_line: u64,
    columns: &Columns,
    vendor: crate::format::Vendor,
    out: &mut Out,
) {
    let opened = std::fs::File::open(&spec.path).and_then(|mut f| {
        f.seek(SeekFrom::Start(start))?;
        Ok(f)
    });
    let file = match opened {
        Ok(f) => f,
        Err(e) => {
            out.send(Read::Stopped {
                line: start_line,
                reason: format!("cannot open at byte {start}: {e}"),
            });
            return;
        }
    };
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(file.take(spec.limit.saturating_sub(start)));
    let mut record = ::csv::ByteRecord::new();
    let resume_at = |p: &::csv::Position| Resume {
        offset: start + p.byte(),
        line: start_line + p.line() - 1,
        skip: 0,
    };
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| start_line + p.line() - 1);
                out.send(Read::Stopped {
                    line: line.unwrap_or(start_line),
                    reason: format!("cannot read: {e}"),
                });
                return;
            }
        }
        let line = record
            .position()
            .map(|p| start_line + p.line() - 1)
            .unwrap_or(start_line);
        let resume = resume_at(reader.position());
        if record.len() == 1 && record[0].trim_ascii().is_empty() {
            continue;
        }
        let read = match cells(&record, columns.len()) {
            Ok(cells) => Read::Record {
                value: columns.record(&cells),
                vendor: Some(vendor),
                line,
                resume,
            },
            Err(reason) => Read::Bad {
                line,
                reason,
                resume,
            },
        };
        if !out.send(read) {
            return;
        }
    }
    out.send(Read::End {
        resume: resume_at(reader.position()),
    });
}

fn cells(record: &::csv::ByteRecord, expected: usize) -> Result<Vec<String>, String> {
    if record.len() != expected {
        return Err(format!(
            "the row has {} cells, the header has {expected}",
            record.len()
        ));
    }
    record
        .iter()
        .enumerate()
        .map(|(i, cell)| {
            String::from_utf8(cell.to_vec())
                .map_err(|_| format!("cell {} is not UTF-8 text", i + 1))
        })
        .collect()
}
