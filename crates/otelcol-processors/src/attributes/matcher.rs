//! `include`/`exclude` matching for log records (Go `filterlog`, `filtermatcher`,
//! `filterset`): compiled once at create, evaluated per record.

use super::config::{AttributeMatch, MatchProperties, SeverityNumberMatch};
use crate::attraction::go_regex;
use crate::attraction::{as_string, format_double, from_config, type_name};
use otelcol_core::pdata::{any_value::Value, AnyValue, InstrumentationScope, KeyValue, LogRecord};
use regex::Regex;
use std::collections::HashSet;

/// Decides, per record, whether the actions are skipped.
#[derive(Debug, Default)]
pub struct SkipExpr {
    include: Option<PropertiesMatcher>,
    exclude: Option<PropertiesMatcher>,
}

impl SkipExpr {
    pub fn new(
        include: Option<&MatchProperties>,
        exclude: Option<&MatchProperties>,
    ) -> Result<Self, String> {
        Ok(SkipExpr {
            include: include.map(PropertiesMatcher::new).transpose()?,
            exclude: exclude.map(PropertiesMatcher::new).transpose()?,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.include.is_none() && self.exclude.is_none()
    }

    /// True when the record must be left alone: it misses `include` or matches `exclude`.
    pub fn skip(
        &self,
        record: &LogRecord,
        resource: &[KeyValue],
        scope: Option<&InstrumentationScope>,
    ) -> bool {
        let included = self
            .include
            .as_ref()
            .is_none_or(|m| m.matches(record, resource, scope));
        let excluded = self
            .exclude
            .as_ref()
            .is_some_and(|m| m.matches(record, resource, scope));
        !included || excluded
    }
}

/// A list of strings matched exactly or by (unanchored) regular expressions.
#[derive(Debug)]
enum FilterSet {
    Strict(HashSet<String>),
    Regexp(Vec<Regex>),
}

impl FilterSet {
    fn new(patterns: &[String], match_type: &str) -> Result<Self, String> {
        match match_type {
            "strict" => Ok(FilterSet::Strict(patterns.iter().cloned().collect())),
            "regexp" => patterns
                .iter()
                .map(|p| {
                    go_regex::compile(p)
                        .map_err(|reason| format!("error parsing regexp: {reason}: `{p}`"))
                })
                .collect::<Result<Vec<_>, _>>()
                .map(FilterSet::Regexp),
            other => Err(unrecognized_match_type(other)),
        }
    }

    fn matches(&self, s: &str) -> bool {
        match self {
            FilterSet::Strict(set) => set.contains(s),
            FilterSet::Regexp(res) => res.iter().any(|re| re.is_match(s)),
        }
    }
}

fn unrecognized_match_type(t: &str) -> String {
    format!("unrecognized match_type: '{t}', valid types are: [regexp strict]")
}

#[derive(Debug)]
enum ValueCheck {
    Exists,
    Equals(AnyValue),
    Matches(FilterSet),
}

/// Attributes that must all be present, each optionally with a value.
#[derive(Debug, Default)]
struct AttributesMatcher(Vec<(String, ValueCheck)>);

impl AttributesMatcher {
    fn new(list: &[AttributeMatch], match_type: &str) -> Result<Self, String> {
        let mut out = Vec::with_capacity(list.len());
        for a in list {
            if a.key.is_empty() {
                return Err("can't have empty key in the list of attributes".to_string());
            }
            let check = match a.value.as_ref().and_then(from_config) {
                None => ValueCheck::Exists,
                Some(v) => match match_type {
                    "regexp" => match &v.value {
                        Some(Value::StringValue(s)) => {
                            ValueCheck::Matches(FilterSet::new(std::slice::from_ref(s), "regexp")?)
                        }
                        _ => {
                            return Err(format!(
                                "match_type=regexp for {:?} only supports Str, but found {}",
                                a.key,
                                type_name(&v)
                            ))
                        }
                    },
                    "strict" => ValueCheck::Equals(v),
                    other => return Err(unrecognized_match_type(other)),
                },
            };
            out.push((a.key.clone(), check));
        }
        Ok(AttributesMatcher(out))
    }

    fn matches(&self, attrs: &[KeyValue]) -> bool {
        if self.0.is_empty() {
            return true;
        }
        self.0.iter().all(|(key, check)| {
            let Some(kv) = attrs.iter().find(|kv| &kv.key == key) else {
                return false;
            };
            let value = kv.value.clone().unwrap_or_default();
            match check {
                ValueCheck::Exists => true,
                ValueCheck::Equals(want) => *want == value,
                ValueCheck::Matches(fs) => match_string(&value).is_some_and(|s| fs.matches(&s)),
            }
        })
    }
}

/// The string a regexp attribute filter sees: Str, Bool, Int and Double only.
fn match_string(v: &AnyValue) -> Option<String> {
    match &v.value {
        Some(Value::StringValue(s)) => Some(s.clone()),
        Some(Value::BoolValue(b)) => Some(b.to_string()),
        Some(Value::IntValue(i)) => Some(i.to_string()),
        Some(Value::DoubleValue(d)) => Some(format_double(*d)),
        _ => None,
    }
}

#[derive(Debug)]
struct LibraryMatcher {
    name: FilterSet,
    version: Option<FilterSet>,
}

/// One `include` or `exclude` block, compiled.
#[derive(Debug)]
struct PropertiesMatcher {
    libraries: Vec<LibraryMatcher>,
    attributes: AttributesMatcher,
    resources: Option<AttributesMatcher>,
    bodies: Option<FilterSet>,
    severity_texts: Option<FilterSet>,
    severity_number: Option<(i32, bool)>,
}

impl PropertiesMatcher {
    fn new(mp: &MatchProperties) -> Result<Self, String> {
        if !mp.services.is_empty() || !mp.span_names.is_empty() || !mp.span_kinds.is_empty() {
            return Err(
                "services, span_names, and span_kinds are not valid for log records".to_string(),
            );
        }
        if mp.attributes.is_empty()
            && mp.libraries.is_empty()
            && mp.resources.is_empty()
            && mp.log_bodies.is_empty()
            && mp.log_severity_texts.is_empty()
            && mp.log_severity_number.is_none()
        {
            return Err("at least one of \"attributes\", \"libraries\", \"span_kinds\", \"resources\", \"log_bodies\", \"log_severity_texts\" or \"log_severity_number\" field must be specified".to_string());
        }
        let mt = mp.match_type.as_str();
        let mut libraries = Vec::with_capacity(mp.libraries.len());
        for lib in &mp.libraries {
            let name = FilterSet::new(std::slice::from_ref(&lib.name), mt)
                .map_err(|e| format!("error creating library name filters: {e}"))?;
            let version = match &lib.version {
                Some(v) => Some(
                    FilterSet::new(std::slice::from_ref(v), mt)
                        .map_err(|e| format!("error creating library version filters: {e}"))?,
                ),
                None => None,
            };
            libraries.push(LibraryMatcher { name, version });
        }
        let attributes = AttributesMatcher::new(&mp.attributes, mt)
            .map_err(|e| format!("error creating attribute filters: {e}"))?;
        let resources = if mp.resources.is_empty() {
            None
        } else {
            Some(
                AttributesMatcher::new(&mp.resources, mt)
                    .map_err(|e| format!("error creating resource filters: {e}"))?,
            )
        };
        let bodies = optional_set(&mp.log_bodies, mt)
            .map_err(|e| format!("error creating log record body filters: {e}"))?;
        let severity_texts = optional_set(&mp.log_severity_texts, mt)
            .map_err(|e| format!("error creating log record severity text filters: {e}"))?;
        let severity_number = mp
            .log_severity_number
            .as_ref()
            .map(severity_min)
            .transpose()?;
        Ok(PropertiesMatcher {
            libraries,
            attributes,
            resources,
            bodies,
            severity_texts,
            severity_number,
        })
    }

    fn matches(
        &self,
        record: &LogRecord,
        resource: &[KeyValue],
        scope: Option<&InstrumentationScope>,
    ) -> bool {
        if let Some(bodies) = &self.bodies {
            let body = record.body.clone().unwrap_or_default();
            if !bodies.matches(&as_string(&body)) {
                return false;
            }
        }
        if self
            .severity_texts
            .as_ref()
            .is_some_and(|t| !t.matches(&record.severity_text))
        {
            return false;
        }
        if let Some((min, match_undefined)) = self.severity_number {
            let matched = if record.severity_number == 0 {
                match_undefined
            } else {
                record.severity_number >= min
            };
            if !matched {
                return false;
            }
        }
        let (scope_name, scope_version) = scope
            .map(|s| (s.name.as_str(), s.version.as_str()))
            .unwrap_or_default();
        for lib in &self.libraries {
            if !lib.name.matches(scope_name)
                || lib
                    .version
                    .as_ref()
                    .is_some_and(|v| !v.matches(scope_version))
            {
                return false;
            }
        }
        if self
            .resources
            .as_ref()
            .is_some_and(|r| !r.matches(resource))
        {
            return false;
        }
        self.attributes.matches(&record.attributes)
    }
}

fn optional_set(list: &[String], match_type: &str) -> Result<Option<FilterSet>, String> {
    if list.is_empty() {
        return Ok(None);
    }
    FilterSet::new(list, match_type).map(Some)
}

/// `min` as a number, or a severity name (`INFO`, `warn2`, `SEVERITY_NUMBER_ERROR`).
fn severity_min(m: &SeverityNumberMatch) -> Result<(i32, bool), String> {
    let min = match &m.min {
        serde_json::Value::Null => 0,
        serde_json::Value::Number(n) => n
            .as_i64()
            .and_then(|n| i32::try_from(n).ok())
            .ok_or_else(|| format!("log_severity_number.min: invalid severity number {n}"))?,
        serde_json::Value::String(s) => severity_by_name(s)
            .ok_or_else(|| format!("log_severity_number.min: unknown severity {s:?}"))?,
        other => return Err(format!("log_severity_number.min: invalid severity {other}")),
    };
    Ok((min, m.match_undefined))
}

fn severity_by_name(name: &str) -> Option<i32> {
    let upper = name.trim().to_ascii_uppercase();
    let upper = upper.strip_prefix("SEVERITY_NUMBER_").unwrap_or(&upper);
    if upper == "UNSPECIFIED" {
        return Some(0);
    }
    let (base, rest) = [
        ("TRACE", 1),
        ("DEBUG", 5),
        ("INFO", 9),
        ("WARN", 13),
        ("ERROR", 17),
        ("FATAL", 21),
    ]
    .iter()
    .find_map(|(n, v)| upper.strip_prefix(n).map(|rest| (*v, rest)))?;
    match rest {
        "" => Some(base),
        "2" | "3" | "4" => rest.parse::<i32>().ok().map(|k| base + k - 1),
        _ => None,
    }
}
