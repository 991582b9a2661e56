//! The search parameters of both generations parsed into one [`Search`], with Kestra-like
//! refusals: unknown `filters[...]` under flat, flat filters under 2.0 (`invalid-query-filters`),
//! unparseable dates, pages below 1, sorts other than `date:asc|desc`.

use super::{KestraEvent, ParamStyle, Timestamp};
use chrono::{DateTime, NaiveDateTime, Utc};

/// What a search selects and which page it wants.
#[derive(Debug, Clone, PartialEq)]
pub struct Search {
    pub from: Option<(Timestamp, bool)>,
    pub to: Option<(Timestamp, bool)>,
    /// `(value, prefix)`.
    pub namespace: Option<(String, bool)>,
    pub resources: Vec<String>,
    pub page: usize,
    pub size: usize,
    pub descending: bool,
}

impl Search {
    pub fn matches(&self, e: &KestraEvent) -> bool {
        let after = self.from.is_none_or(
            |(t, inclusive)| {
                if inclusive {
                    e.time >= t
                } else {
                    e.time > t
                }
            },
        );
        let before = self.to.is_none_or(
            |(t, inclusive)| {
                if inclusive {
                    e.time <= t
                } else {
                    e.time < t
                }
            },
        );
        let ns = self.namespace.as_ref().is_none_or(|(n, prefix)| {
            if *prefix {
                e.namespace.starts_with(n.as_str())
            } else {
                e.namespace == *n
            }
        });
        let res = self.resources.is_empty() || self.resources.contains(&e.resource);
        after && before && ns && res
    }
}

/// A refused query: status and message.
pub type Refusal = (u16, String);

/// Kestra's date format `yyyy-MM-dd'T'HH:mm[:ss][.SSS][XXX]` (no offset: UTC).
fn date(name: &str, v: &str) -> Result<Timestamp, Refusal> {
    DateTime::parse_from_rfc3339(v)
        .map(|t| t.with_timezone(&Utc))
        .ok()
        .or_else(|| {
            ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"]
                .iter()
                .find_map(|f| NaiveDateTime::parse_from_str(v, f).ok())
                .map(|t| t.and_utc())
        })
        .ok_or_else(|| {
            (
                400,
                format!("Failed to convert argument [{name}] for value [{v}]"),
            )
        })
}

fn invalid_filter(detail: &str) -> Refusal {
    (
        400,
        format!("Invalid query filters: invalid-query-filters: {detail}"),
    )
}

/// Parses `pairs` as `style` allows.
pub fn parse(
    style: ParamStyle,
    ignore_unknown: bool,
    pairs: &[(String, String)],
) -> Result<Search, Refusal> {
    let mut s = Search {
        from: None,
        to: None,
        namespace: None,
        resources: Vec::new(),
        page: 1,
        size: 10,
        descending: false,
    };
    for (k, v) in pairs {
        let filter = k.strip_prefix("filters[");
        match (k.as_str(), filter) {
            ("page", _) => {
                s.page =
                    v.parse().ok().filter(|p| *p >= 1).ok_or_else(|| {
                        (400, format!("page must be 1 or more (1-based), not {v:?}"))
                    })?
            }
            ("size", _) => {
                s.size = v
                    .parse()
                    .ok()
                    .filter(|n| *n >= 1)
                    .ok_or_else(|| (400, format!("size must be 1 or more, not {v:?}")))?
            }
            ("sort", _) => {
                s.descending = match v.as_str() {
                    "date:asc" | "date" => false,
                    "date:desc" => true,
                    other => return Err((400, format!("Invalid sort parameter [{other}]"))),
                }
            }
            ("startDate" | "endDate" | "namespace" | "resources", _)
                if style == ParamStyle::Filters =>
            {
                return Err(invalid_filter(&format!(
                    "legacy parameter '{k}' is not supported, use filters[{k}][...]"
                )))
            }
            ("startDate", _) => s.from = Some((date(k, v)?, true)),
            ("endDate", _) => s.to = Some((date(k, v)?, true)),
            ("namespace", _) => s.namespace = Some((v.clone(), true)),
            ("resources", _) => s.resources.extend(v.split(',').map(str::to_string)),
            (_, Some(_)) if style == ParamStyle::Flat && ignore_unknown => {}
            (_, Some(_)) if style == ParamStyle::Flat => {
                return Err((400, format!("Bad Request: unknown query parameter '{k}'")))
            }
            (_, Some(rest)) => apply_filter(&mut s, rest, v)?,
            _ => {}
        }
    }
    Ok(s)
}

/// `filters[<field>][<OP>]=value` (`rest` is after `filters[`).
fn apply_filter(s: &mut Search, rest: &str, v: &str) -> Result<(), Refusal> {
    let Some((field, op)) = rest.strip_suffix(']').and_then(|r| r.split_once("][")) else {
        return Err(invalid_filter(&format!(
            "malformed filter key 'filters[{rest}'"
        )));
    };
    match (field, op) {
        ("startDate", "GREATER_THAN_OR_EQUAL_TO") => s.from = Some((date("startDate", v)?, true)),
        ("startDate", "GREATER_THAN") => s.from = Some((date("startDate", v)?, false)),
        ("endDate", "LESS_THAN_OR_EQUAL_TO") => s.to = Some((date("endDate", v)?, true)),
        ("endDate", "LESS_THAN") => s.to = Some((date("endDate", v)?, false)),
        ("namespace", "EQUALS") => s.namespace = Some((v.to_string(), false)),
        ("namespace", "STARTS_WITH" | "PREFIX") => s.namespace = Some((v.to_string(), true)),
        ("resources", "IN" | "EQUALS") => s.resources.extend(v.split(',').map(str::to_string)),
        _ => {
            return Err(invalid_filter(&format!(
                "operation {op} is not supported for field {field}"
            )))
        }
    }
    Ok(())
}
