//! `ParseSeverity(target, severityMapping)`: the level whose criteria match the value
//! (`{"info": [{"equals": ["inf"]}, {"range": {"min": 200, "max": 299}}, {"range": "2xx"}]}`).
//! The mapping must be a literal; levels are tried in mapping order.

use super::util::converter;
use super::{req, Args, Built, Converter, FuncSpec, Kind};
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::value::Value;
use otelcol_core::pdata::{any_value, AnyValue, KeyValue};

pub static SPECS: &[FuncSpec] = &[FuncSpec {
    name: "ParseSeverity",
    params: &[req("target", Kind::Any), req("mapping", Kind::Map)],
    build,
    apply_str: None,
}];

#[derive(Debug, Default)]
struct Criteria {
    equals: Vec<String>,
    range: Option<(i64, i64)>,
}

struct ParseSeverity {
    target: Getter,
    levels: Vec<(String, Vec<Criteria>)>,
}

fn get<'a>(m: &'a [KeyValue], key: &str) -> Option<&'a any_value::Value> {
    m.iter()
        .find(|kv| kv.key == key)
        .and_then(|kv| kv.value.as_ref())
        .and_then(|v| v.value.as_ref())
}

fn criteria(item: &AnyValue) -> Result<Criteria, String> {
    let Some(any_value::Value::KvlistValue(m)) = &item.value else {
        return Err("severity mapping criteria items must be map[string]any".into());
    };
    let mut c = Criteria::default();
    if let Some(eq) = get(&m.values, "equals") {
        let any_value::Value::ArrayValue(list) = eq else {
            return Err("equals must be a list".into());
        };
        for v in &list.values {
            match &v.value {
                Some(any_value::Value::StringValue(s)) => c.equals.push(s.clone()),
                _ => return Err("equals values must be strings".into()),
            }
        }
    }
    match get(&m.values, "range") {
        None => {}
        Some(any_value::Value::KvlistValue(r)) => {
            let bound = |k: &str| match get(&r.values, k) {
                Some(any_value::Value::IntValue(i)) => Ok(*i),
                None => Err(format!("range must have a {k} value")),
                _ => Err(format!("{k} must be an int64")),
            };
            c.range = Some((bound("min")?, bound("max")?));
        }
        Some(any_value::Value::StringValue(s)) => {
            c.range = Some(match s.as_str() {
                "2xx" => (200, 299),
                "3xx" => (300, 399),
                "4xx" => (400, 499),
                "5xx" => (500, 599),
                other => return Err(format!("unknown range placeholder: {other}")),
            });
        }
        Some(_) => return Err("range must be a map or a known placeholder string".into()),
    }
    Ok(c)
}

fn build(args: &mut Args) -> Result<Built, String> {
    let mapping = args.getter(1)?;
    let Some(Value::Map(m)) = mapping.literal() else {
        return Err("severity mapping must be a literal PMap".into());
    };
    let mut levels = Vec::new();
    for kv in m.iter() {
        let Some(any_value::Value::ArrayValue(list)) = kv.value.as_ref().and_then(|v| v.value.as_ref())
        else {
            return Err("severity mapping criteria must be []any".into());
        };
        let crits = list
            .values
            .iter()
            .map(criteria)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("invalid severity mapping criteria: {e}"))?;
        levels.push((kv.key.clone(), crits));
    }
    converter(ParseSeverity {
        target: args.getter(0)?,
        levels,
    })
}

impl Converter for ParseSeverity {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError> {
        let value = self.target.eval(ctx)?;
        for (level, crits) in &self.levels {
            for c in crits {
                let hit = match &value {
                    Value::Str(s) => c.equals.iter().any(|e| e == s.as_ref()),
                    Value::Int(i) => c.range.is_some_and(|(lo, hi)| *i >= lo && *i <= hi),
                    other => {
                        return Err(EvalError(format!(
                            "could not map log level: could not evaluate log level of value '{}': unsupported value type: {}",
                            crate::math::go_fmt(other),
                            other.go_type()
                        )))
                    }
                };
                if hit {
                    return Ok(Value::string(level.clone()));
                }
            }
        }
        Err(EvalError(format!(
            "could not map log level: no matching log level found for value '{}'",
            crate::math::go_fmt(&value)
        )))
    }
}
