//! JSON documents streamed element by element: a top-level array of records, a page object
//! whose `items`/`events`/`audit_logs`/`results` array holds them, a bare record object, or
//! several such documents one after another. Only one element is in memory at a time. A
//! resume re-scans the file and passes over the elements already delivered without mapping
//! them (a syntax error stops the file: what follows it cannot be located reliably).

use super::{Out, Read, ReadSpec, Resume};
use crate::format::{page_vendor, Vendor};
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::cell::Cell;
use std::fmt;
use std::io::{BufReader, Read as _};
use std::rc::Rc;

pub(super) fn read(spec: &ReadSpec, out: &mut Out) {
    let file = match std::fs::File::open(&spec.path) {
        Ok(f) => f,
        Err(e) => {
            out.send(Read::Stopped {
                line: 1,
                reason: format!("cannot open: {e}"),
            });
            return;
        }
    };
    let newlines = Rc::new(Cell::new(0u64));
    let counting = Counting {
        inner: BufReader::new(file.take(spec.limit)),
        newlines: newlines.clone(),
    };
    let mut de = serde_json::Deserializer::from_reader(counting);
    let mut sink = Sink {
        out,
        vendor: spec.vendor,
        skip: spec.start.skip,
        ordinal: 0,
        newlines,
        hung_up: false,
    };
    loop {
        match de.end() {
            Ok(()) => break,
            Err(_) => {
                if let Err(e) = Top(&mut sink).deserialize(&mut de) {
                    if sink.hung_up {
                        return;
                    }
                    let read = if e.is_eof() && !sink.out.closed {
                        Read::Incomplete
                    } else {
                        Read::Stopped {
                            line: e.line() as u64,
                            reason: format!("not valid JSON: {e}"),
                        }
                    };
                    sink.out.send(read);
                    return;
                }
            }
        }
    }
    let resume = Resume {
        offset: 0,
        line: 1,
        skip: sink.ordinal,
    };
    sink.out.send(Read::End { resume });
}

/// A reader that counts the newlines it has handed out (for line numbers).
struct Counting<R> {
    inner: R,
    newlines: Rc<Cell<u64>>,
}

impl<R: std::io::Read> std::io::Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let lines = buf[..n].iter().filter(|b| **b == b'\n').count() as u64;
        self.newlines.set(self.newlines.get() + lines);
        Ok(n)
    }
}

struct Sink<'a> {
    out: &'a mut Out,
    vendor: Option<Vendor>,
    /// Elements already delivered (passed over without mapping).
    skip: u64,
    ordinal: u64,
    newlines: Rc<Cell<u64>>,
    hung_up: bool,
}

impl Sink<'_> {
    fn line(&self) -> u64 {
        self.newlines.get() + 1
    }

    /// Sends one element; `false` when the receiver hung up.
    fn element(&mut self, value: Value, vendor: Option<Vendor>, line: u64) -> bool {
        self.ordinal += 1;
        let resume = Resume {
            offset: 0,
            line: 1,
            skip: self.ordinal,
        };
        let sent = self.out.send(Read::Record {
            value,
            vendor,
            line,
            resume,
        });
        self.hung_up = !sent;
        sent
    }
}

fn hung_up<E: serde::de::Error>() -> E {
    E::custom("the receiver stopped reading")
}

/// One top-level document.
struct Top<'s, 'a>(&'s mut Sink<'a>);

impl<'de> DeserializeSeed<'de> for Top<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Top<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of records, a page object or a record object")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        let vendor = self.0.vendor;
        elements(self.0, seq, vendor)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let line = self.0.line();
        let mut loose = Map::new();
        let mut paged = false;
        while let Some(key) = map.next_key::<String>()? {
            match page_vendor(&key) {
                Some(v) if !paged => {
                    paged = true;
                    let vendor = self.0.vendor.or(Some(v));
                    map.next_value_seed(Items {
                        sink: &mut *self.0,
                        vendor,
                        key: &key,
                    })?;
                }
                _ => {
                    let value: Value = map.next_value()?;
                    loose.insert(key, value);
                }
            }
        }
        if !paged && !self.0.skipping() {
            let vendor = self.0.vendor;
            if !self.0.element(Value::Object(loose), vendor, line) {
                return Err(hung_up());
            }
        } else if !paged {
            self.0.ordinal += 1;
        }
        Ok(())
    }
}

impl Sink<'_> {
    fn skipping(&self) -> bool {
        self.ordinal < self.skip
    }
}

/// Streams the elements of a sequence into the sink.
fn elements<'de, A: SeqAccess<'de>>(
    sink: &mut Sink<'_>,
    mut seq: A,
    vendor: Option<Vendor>,
) -> Result<(), A::Error> {
    loop {
        if sink.skipping() {
            if sink.out.is_closed() {
                sink.hung_up = true;
                return Err(hung_up());
            }
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
            sink.ordinal += 1;
            continue;
        }
        let line = sink.line();
        match seq.next_element::<Value>()? {
            None => return Ok(()),
            Some(value) => {
                if !sink.element(value, vendor, line) {
                    return Err(hung_up());
                }
            }
        }
    }
}

/// The record array of a page (`null` means none).
struct Items<'s, 'a, 'k> {
    sink: &'s mut Sink<'a>,
    vendor: Option<Vendor>,
    key: &'k str,
}

impl<'de> DeserializeSeed<'de> for Items<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Items<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "`{}` to be a list of records", self.key)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        elements(self.sink, seq, self.vendor)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        Ok(())
    }
}
