//! `parse_yaml`: the one YAML loader, building `ConfValue`s the way Go yaml.v3 decodes `any`.

use super::error::ConfigError;
use super::scalar::{go_format_float, resolve_plain};
use super::value::{ConfKind, ConfValue, Origin};
use indexmap::IndexMap;
use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span, StrInput, Tag};
use std::collections::HashMap;
use std::sync::Arc;

/// Parse one YAML document (the first, like `yaml.Unmarshal`) into a [`ConfValue`].
///
/// Plain scalars resolve as yaml.v3 resolves them into `interface{}`: `null`/`~`/empty → Null,
/// `true`/`True`/`TRUE` (and false) → Bool, Go `ParseInt(s, 0, 64)` integers (`0123` is octal,
/// `0x..`, `0o..`, `0b..`, `_` ignored) → Int, YAML floats and `.inf`/`.nan` → Float, anything
/// else → Str. Quoted and block scalars are always Str. Anchors, aliases and `<<` merge keys are
/// resolved; a duplicate mapping key is an error. Non-string keys become their Go `%v` text.
pub fn parse_yaml(source: &str, text: &str) -> Result<ConfValue, ConfigError> {
    let mut loader = Loader {
        parser: Parser::new_from_str(text),
        anchors: HashMap::new(),
        source: Arc::from(source),
    };
    loop {
        match loader.next()?.0 {
            Event::StreamEnd => return Ok(ConfValue::null()),
            Event::DocumentStart(_) => break,
            _ => {}
        }
    }
    let (event, span) = loader.next()?;
    match event {
        Event::DocumentEnd => Ok(ConfValue::null()),
        event => loader.node(event, span),
    }
}

struct Loader<'a> {
    parser: Parser<'a, StrInput<'a>>,
    anchors: HashMap<usize, ConfValue>,
    source: Arc<str>,
}

/// A mapping key together with how it was written (for `<<` and duplicate detection).
struct Key {
    text: String,
    is_merge: bool,
    line: usize,
}

impl<'a> Loader<'a> {
    fn next(&mut self) -> Result<(Event<'a>, Span), ConfigError> {
        match self.parser.next_event() {
            Some(Ok(ev)) => Ok(ev),
            Some(Err(e)) => Err(self.scan_error(&e)),
            None => Ok((Event::StreamEnd, Span::default())),
        }
    }

    fn scan_error(&self, e: &ScanError) -> ConfigError {
        let line = e.marker().line();
        ConfigError::Yaml {
            source_name: self.source.to_string(),
            line,
            message: format!("yaml: line {line}: {}", e.info()),
        }
    }

    fn error(&self, line: usize, message: String) -> ConfigError {
        ConfigError::Yaml {
            source_name: self.source.to_string(),
            line,
            message,
        }
    }

    fn origin(&self, span: &Span) -> Origin {
        Origin {
            source: self.source.clone(),
            line: span.start.line(),
            column: span.start.col() + 1,
        }
    }

    fn remember(&mut self, anchor: usize, value: &ConfValue) {
        if anchor > 0 {
            self.anchors.insert(anchor, value.clone());
        }
    }

    fn node(&mut self, event: Event<'a>, span: Span) -> Result<ConfValue, ConfigError> {
        let origin = Some(self.origin(&span));
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let kind = self.scalar(&text, style, tag.as_deref(), span.start.line())?;
                let value = ConfValue { kind, origin };
                self.remember(anchor, &value);
                Ok(value)
            }
            Event::SequenceStart(anchor, _) => {
                let mut items = Vec::new();
                loop {
                    let (ev, sp) = self.next()?;
                    if matches!(ev, Event::SequenceEnd) {
                        break;
                    }
                    items.push(self.node(ev, sp)?);
                }
                let value = ConfValue {
                    kind: ConfKind::Seq(items),
                    origin,
                };
                self.remember(anchor, &value);
                Ok(value)
            }
            Event::MappingStart(anchor, _) => {
                let value = ConfValue {
                    kind: ConfKind::Map(self.mapping()?),
                    origin,
                };
                self.remember(anchor, &value);
                Ok(value)
            }
            Event::Alias(id) => match self.anchors.get(&id) {
                Some(v) => Ok(v.clone()),
                None => Err(self.error(
                    span.start.line(),
                    format!(
                        "yaml: line {}: unknown anchor referenced",
                        span.start.line()
                    ),
                )),
            },
            other => Err(self.error(
                span.start.line(),
                format!(
                    "yaml: line {}: unexpected event {other:?}",
                    span.start.line()
                ),
            )),
        }
    }

    fn mapping(&mut self) -> Result<IndexMap<String, ConfValue>, ConfigError> {
        let mut map: IndexMap<String, ConfValue> = IndexMap::new();
        let mut lines: HashMap<String, usize> = HashMap::new();
        let mut merges: Vec<ConfValue> = Vec::new();
        loop {
            let (ev, sp) = self.next()?;
            if matches!(ev, Event::MappingEnd) {
                break;
            }
            let key = self.key(ev, sp)?;
            let (vev, vsp) = self.next()?;
            let value = self.node(vev, vsp)?;
            if key.is_merge {
                merges.push(value);
                continue;
            }
            if let Some(first) = lines.get(&key.text) {
                return Err(self.error(
                    key.line,
                    format!(
                        "yaml: unmarshal errors:\n  line {}: mapping key {:?} already defined at line {first}",
                        key.line, key.text
                    ),
                ));
            }
            lines.insert(key.text.clone(), key.line);
            map.insert(key.text, value);
        }
        // Merge keys: explicit keys win, then earlier merged maps win over later ones.
        for merge in merges {
            let sources: Vec<ConfValue> = match merge.kind {
                ConfKind::Map(_) => vec![merge],
                ConfKind::Seq(items) => items,
                _ => {
                    let line = merge.origin.as_ref().map_or(0, |o| o.line);
                    return Err(self.error(
                        line,
                        format!("yaml: line {line}: map merge requires map or sequence of maps as the value"),
                    ));
                }
            };
            for source in sources {
                let ConfKind::Map(entries) = source.kind else {
                    let line = source.origin.as_ref().map_or(0, |o| o.line);
                    return Err(self.error(
                        line,
                        format!("yaml: line {line}: map merge requires map or sequence of maps as the value"),
                    ));
                };
                for (k, v) in entries {
                    map.entry(k).or_insert(v);
                }
            }
        }
        Ok(map)
    }

    fn key(&mut self, event: Event<'a>, span: Span) -> Result<Key, ConfigError> {
        let line = span.start.line();
        let is_merge = matches!(&event, Event::Scalar(t, ScalarStyle::Plain, _, None) if t == "<<");
        let value = self.node(event, span)?;
        let text = match &value.kind {
            ConfKind::Str(s) => s.clone(),
            ConfKind::Null => "<nil>".to_string(),
            ConfKind::Bool(b) => b.to_string(),
            ConfKind::Int(i) => i.to_string(),
            ConfKind::Float(f) => go_format_float(*f),
            _ => {
                return Err(self.error(
                    line,
                    format!("yaml: line {line}: invalid map key: a mapping key must be a scalar"),
                ))
            }
        };
        Ok(Key {
            text,
            is_merge,
            line,
        })
    }

    fn scalar(
        &self,
        text: &str,
        style: ScalarStyle,
        tag: Option<&Tag>,
        line: usize,
    ) -> Result<ConfKind, ConfigError> {
        if let Some(tag) = tag.filter(|t| t.is_yaml_core_schema()) {
            let resolved = resolve_plain(text);
            let ok = match tag.suffix.as_str() {
                "str" | "binary" | "timestamp" => return Ok(ConfKind::Str(text.to_string())),
                "int" => matches!(resolved, ConfKind::Int(_)),
                "float" => match resolved {
                    ConfKind::Int(i) => return Ok(ConfKind::Float(i as f64)),
                    ConfKind::Float(_) => true,
                    _ => false,
                },
                "bool" => matches!(resolved, ConfKind::Bool(_)),
                "null" => matches!(resolved, ConfKind::Null),
                _ => true,
            };
            if !ok {
                return Err(self.error(
                    line,
                    format!(
                        "yaml: unmarshal errors:\n  line {line}: cannot decode !!str `{text}` as a !!{}",
                        tag.suffix
                    ),
                ));
            }
            return Ok(resolved);
        }
        if tag.is_some() || style != ScalarStyle::Plain {
            return Ok(ConfKind::Str(text.to_string()));
        }
        Ok(resolve_plain(text))
    }
}
