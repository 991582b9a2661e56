//! Binds a call's arguments to a function's parameters: positional then named, arity,
//! argument kinds (a path where a target is required, literals where Go wants literals),
//! and literal types against typed getters — all at compile time.

use super::Compiler;
use crate::ast::{self, ExprKind};
use crate::error::SyntaxError;
use crate::expr::Getter;
use crate::funcs::{self, ArgValue, Args, FuncSpec, Kind};
use crate::value::Value;

/// Go field names are matched in snake_case (`headerDelimiter` and `header_delimiter` both
/// name `header_delimiter`).
fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn arity_error(spec: &FuncSpec, received: usize) -> String {
    let max = spec.params.len();
    let min = spec.params.iter().filter(|p| !p.optional).count();
    if min == max {
        format!("incorrect number of arguments. Expected: {max} Received: {received}")
    } else {
        format!("incorrect number of arguments. Expected: {min}-{max} Received: {received}")
    }
}

pub fn bind(c: &Compiler, spec: &'static FuncSpec, call: &ast::Call) -> Result<Args, SyntaxError> {
    let wrap = |pos, msg: String| {
        SyntaxError::new(
            pos,
            format!(
                "error while parsing arguments for call to {:?}: {msg}",
                call.name
            ),
        )
    };
    if call.args.len() > spec.params.len() {
        return Err(wrap(call.pos, arity_error(spec, call.args.len())));
    }
    let mut slots: Vec<Option<&ast::Expr>> = vec![None; spec.params.len()];
    let mut seen_named = false;
    for (i, arg) in call.args.iter().enumerate() {
        let idx = match &arg.name {
            None if seen_named => {
                return Err(wrap(
                    arg.value.pos,
                    "unnamed argument used after named argument".to_string(),
                ))
            }
            None => i,
            Some(name) => {
                seen_named = true;
                let snake = snake_case(name);
                spec.params
                    .iter()
                    .position(|p| p.name == snake)
                    .ok_or_else(|| wrap(arg.value.pos, format!("no such parameter: {name}")))?
            }
        };
        if slots[idx].is_some() {
            return Err(wrap(
                arg.value.pos,
                format!("argument {:?} given more than once", spec.params[idx].name),
            ));
        }
        slots[idx] = Some(&arg.value);
    }
    if spec
        .params
        .iter()
        .zip(slots.iter())
        .any(|(p, s)| !p.optional && s.is_none())
    {
        return Err(wrap(call.pos, arity_error(spec, call.args.len())));
    }
    let mut items = Vec::with_capacity(slots.len());
    for (i, (param, slot)) in spec.params.iter().zip(slots).enumerate() {
        let value = match slot {
            None => None,
            Some(expr) => Some(convert(c, param.kind, expr).map_err(|e| match e {
                Conv::Msg(m) => wrap(expr.pos, format!("invalid argument at position {i}: {m}")),
                Conv::Syntax(s) => s,
            })?),
        };
        items.push(value);
    }
    Ok(Args { items })
}

enum Conv {
    Msg(String),
    Syntax(SyntaxError),
}

impl From<SyntaxError> for Conv {
    fn from(e: SyntaxError) -> Self {
        Conv::Syntax(e)
    }
}

fn msg(s: impl Into<String>) -> Conv {
    Conv::Msg(s.into())
}

fn convert(c: &Compiler, kind: Kind, expr: &ast::Expr) -> Result<ArgValue, Conv> {
    Ok(match kind {
        Kind::Target => match &expr.kind {
            ExprKind::Path(p) => ArgValue::Target(c.path(p)?),
            _ => return Err(msg("must be a path")),
        },
        Kind::LitStr => match &expr.kind {
            ExprKind::Str(s) => ArgValue::Str(s.clone()),
            _ => return Err(msg("must be a string")),
        },
        Kind::LitInt => match &expr.kind {
            ExprKind::Int(i) => ArgValue::Int(*i),
            _ => return Err(msg("must be an int")),
        },
        Kind::LitFloat => match &expr.kind {
            ExprKind::Float(f) => ArgValue::Float(*f),
            ExprKind::Int(i) => ArgValue::Int(*i),
            _ => return Err(msg("must be a float")),
        },
        Kind::LitBool => match &expr.kind {
            ExprKind::Bool(b) => ArgValue::Bool(*b),
            _ => return Err(msg("must be a bool")),
        },
        Kind::StrList => match &expr.kind {
            ExprKind::List(items) => ArgValue::Strs(
                items
                    .iter()
                    .map(|i| match &i.kind {
                        ExprKind::Str(s) => Ok(s.clone()),
                        _ => Err(msg("value must be a string")),
                    })
                    .collect::<Result<_, _>>()?,
            ),
            _ => return Err(msg("must be a list of type []string")),
        },
        Kind::Getters => match &expr.kind {
            ExprKind::List(items) => ArgValue::Getters(
                items
                    .iter()
                    .map(|i| c.getter(i))
                    .collect::<Result<_, _>>()?,
            ),
            _ => return Err(msg("must be a list")),
        },
        Kind::Function => match &expr.kind {
            ExprKind::Ident(name) => {
                let spec = funcs::lookup(name)
                    .filter(|s| !s.is_editor())
                    .ok_or_else(|| msg(format!("undefined function {name:?}")))?;
                if spec.apply_str.is_none() {
                    return Err(msg(format!(
                        "function {name:?} cannot be used as a function argument"
                    )));
                }
                ArgValue::Function(spec)
            }
            _ => return Err(msg("must be a function name")),
        },
        _ => {
            let g = c.getter(expr)?;
            check_static_type(kind, &g)?;
            ArgValue::Getter(g)
        }
    })
}

/// The Go type an expression always has, when it is known before running.
fn static_type(g: &Getter) -> Option<&'static str> {
    match g {
        Getter::Literal(v) => Some(v.go_type()),
        Getter::Map(_) => Some("pcommon.Map"),
        Getter::List(_) => Some("[]interface {}"),
        _ => None,
    }
}

/// A literal that can never satisfy a typed getter is a startup error (Go fails every record).
fn check_static_type(kind: Kind, g: &Getter) -> Result<(), Conv> {
    let Some(t) = static_type(g) else {
        return Ok(());
    };
    let scalar = matches!(t, "string" | "int64" | "float64" | "bool" | "<nil>");
    let (ok, want) = match kind {
        Kind::Str => (t == "string", "string"),
        Kind::Int => (t == "int64", "int64"),
        Kind::Float => (t == "float64", "float64"),
        Kind::Bool => (t == "bool", "bool"),
        Kind::Time => (false, "time"),
        Kind::Duration => (false, "duration"),
        Kind::Map => (t == "pcommon.Map", "pcommon.Map"),
        Kind::Slice => (t == "[]interface {}", "pcommon.Slice"),
        Kind::IntLike | Kind::FloatLike | Kind::BoolLike => (scalar, "a number, string or bool"),
        Kind::BytesLike => (scalar || t == "[]uint8", "bytes, a string or a number"),
        _ => (true, ""),
    };
    if ok {
        return Ok(());
    }
    let got = match g {
        Getter::Literal(Value::Nil) => "nil",
        _ => t,
    };
    Err(msg(format!("expected {want} but got {got}")))
}
