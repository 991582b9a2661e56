//! The compiler: AST to the typed form, once at startup. Resolves paths against the group's
//! context, looks functions up, checks and binds arguments, resolves enums.

mod args;
pub mod infer;

use crate::ast::{self, BoolExpr, Expr, ExprKind};
use crate::cond::Cond;
use crate::context::ContextName;
use crate::error::{Pos, SyntaxError};
use crate::expr::Getter;
use crate::funcs::{self, Built, Editor};
use crate::path::{CompiledPath, Field, Key};
use crate::value::Value;
use std::borrow::Cow;

/// The compiled form of one statement.
pub struct CompiledStatement {
    pub editor: Box<dyn Editor>,
    pub condition: Option<Cond>,
}

/// Compiles statements and conditions for one context.
pub struct Compiler {
    pub context: ContextName,
    /// Un-prefixed paths belong to `context` (a group with `context:` set); otherwise they are
    /// an error (the inferred, flat style).
    pub prefix_unqualified: bool,
}

/// `SEVERITY_NUMBER_*` (the only enums of the log context).
pub fn enum_value(name: &str) -> Option<i64> {
    const LEVELS: [&str; 6] = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"];
    let rest = name.strip_prefix("SEVERITY_NUMBER_")?;
    if rest == "UNSPECIFIED" {
        return Some(0);
    }
    for (i, level) in LEVELS.iter().enumerate() {
        if let Some(suffix) = rest.strip_prefix(level) {
            let offset = match suffix {
                "" => 0,
                "2" => 1,
                "3" => 2,
                "4" => 3,
                _ => return None,
            };
            return Some(i as i64 * 4 + 1 + offset);
        }
    }
    None
}

impl Compiler {
    pub fn statement(&self, s: &ast::Statement) -> Result<CompiledStatement, SyntaxError> {
        let call = &s.editor;
        let spec = funcs::lookup(&call.name).ok_or_else(|| {
            SyntaxError::new(call.pos, format!("undefined function {:?}", call.name))
        })?;
        let editor = match self.build(spec, call)? {
            Built::Editor(e) => e,
            Built::Converter(_) => {
                return Err(SyntaxError::new(
                    call.pos,
                    format!(
                        "editor names must start with a lowercase letter but got '{}'",
                        call.name
                    ),
                ))
            }
        };
        let condition = s
            .where_clause
            .as_ref()
            .map(|w| self.condition(w))
            .transpose()?;
        Ok(CompiledStatement { editor, condition })
    }

    pub fn condition(&self, b: &BoolExpr) -> Result<Cond, SyntaxError> {
        Ok(match b {
            BoolExpr::Or(v) => Cond::Or(
                v.iter()
                    .map(|c| self.condition(c))
                    .collect::<Result<_, _>>()?,
            ),
            BoolExpr::And(v) => Cond::And(
                v.iter()
                    .map(|c| self.condition(c))
                    .collect::<Result<_, _>>()?,
            ),
            BoolExpr::Not(c) => Cond::Not(Box::new(self.condition(c)?)),
            BoolExpr::Const(b) => Cond::Const(*b),
            BoolExpr::Compare(l, op, r) => Cond::Compare(self.getter(l)?, *op, self.getter(r)?),
            BoolExpr::Converter(call) => Cond::Converter(self.converter(call, call.pos)?),
        })
    }

    fn build(
        &self,
        spec: &'static funcs::FuncSpec,
        call: &ast::Call,
    ) -> Result<Built, SyntaxError> {
        let mut bound = args::bind(self, spec, call)?;
        (spec.build)(&mut bound).map_err(|e| SyntaxError::new(call.pos, e))
    }

    fn converter(&self, call: &ast::Call, pos: Pos) -> Result<Getter, SyntaxError> {
        let spec = funcs::lookup(&call.name)
            .filter(|s| !s.is_editor())
            .ok_or_else(|| SyntaxError::new(pos, format!("undefined function {:?}", call.name)))?;
        let built = match self.build(spec, call)? {
            Built::Converter(c) => c,
            Built::Editor(_) => {
                return Err(SyntaxError::new(
                    pos,
                    format!(
                        "converter names must start with an uppercase letter but got '{}'",
                        call.name
                    ),
                ))
            }
        };
        let keys = call
            .keys
            .iter()
            .map(|k| self.key(k))
            .collect::<Result<_, _>>()?;
        Ok(Getter::Converter {
            name: spec.name,
            call: built,
            keys,
        })
    }

    fn key(&self, k: &ast::Key) -> Result<Key, SyntaxError> {
        Ok(match k {
            ast::Key::Str(s) => Key::Str(s.clone()),
            ast::Key::Int(i) => Key::Int(*i),
            ast::Key::Expr(e) => Key::Expr(Box::new(self.getter(e)?)),
        })
    }

    /// A value expression.
    pub fn getter(&self, e: &Expr) -> Result<Getter, SyntaxError> {
        Ok(match &e.kind {
            ExprKind::Nil => Getter::Literal(Value::Nil),
            ExprKind::Str(s) => Getter::Literal(Value::Str(Cow::Owned(s.clone()))),
            ExprKind::Int(i) => Getter::Literal(Value::Int(*i)),
            ExprKind::Float(f) => Getter::Literal(Value::Double(*f)),
            ExprKind::Bool(b) => Getter::Literal(Value::Bool(*b)),
            ExprKind::Bytes(b) => Getter::Literal(Value::Bytes(Cow::Owned(b.clone()))),
            ExprKind::Ident(name) => match enum_value(name) {
                Some(v) => Getter::Literal(Value::Int(v)),
                None => {
                    return Err(SyntaxError::new(
                        e.pos,
                        format!("enum symbol, {name}, not found"),
                    ))
                }
            },
            ExprKind::Path(p) => Getter::Path(Box::new(self.path(p)?)),
            ExprKind::Converter(call) => self.converter(call, e.pos)?,
            ExprKind::Neg(inner) => Getter::Neg(Box::new(self.getter(inner)?)),
            ExprKind::Math(l, op, r) => {
                Getter::Math(Box::new(self.getter(l)?), *op, Box::new(self.getter(r)?))
            }
            ExprKind::List(items) => {
                let getters: Vec<Getter> = items
                    .iter()
                    .map(|i| self.getter(i))
                    .collect::<Result<_, _>>()?;
                if getters.iter().all(|g| g.literal().is_some()) {
                    Getter::Literal(Value::List(
                        getters
                            .into_iter()
                            .filter_map(|g| match g {
                                Getter::Literal(v) => Some(v),
                                _ => None,
                            })
                            .collect(),
                    ))
                } else {
                    Getter::List(getters)
                }
            }
            ExprKind::Map(items) => {
                let pairs: Vec<(String, Getter)> = items
                    .iter()
                    .map(|(k, v)| Ok((k.clone(), self.getter(v)?)))
                    .collect::<Result<_, SyntaxError>>()?;
                if pairs.iter().all(|(_, g)| g.literal().is_some()) {
                    let mut map = Vec::with_capacity(pairs.len());
                    for (k, g) in pairs {
                        if let Getter::Literal(v) = g {
                            crate::value::map_put(&mut map, &k, v.into_any_or_empty());
                        }
                    }
                    Getter::Literal(Value::Map(Cow::Owned(map)))
                } else {
                    Getter::Map(pairs)
                }
            }
        })
    }

    /// Resolves a path against the group's context.
    pub fn path(&self, p: &ast::Path) -> Result<CompiledPath, SyntaxError> {
        let text = p.describe();
        let (context, fields) = match infer::path_prefix(p) {
            Some(c) => (c, &p.fields[1..]),
            None if self.prefix_unqualified => (self.context, &p.fields[..]),
            None => {
                return Err(SyntaxError::new(
                    p.pos,
                    format!(
                        "missing context name for path {text:?}, possibly meant to use \"{}.{text}\"; valid options are: \"log\", \"scope\", \"resource\"",
                        self.context
                    ),
                ))
            }
        };
        if context < self.context {
            return Err(SyntaxError::new(
                p.pos,
                format!(
                    "path {text:?} belongs to the {:?} context, which cannot be used from the {:?} context",
                    context.as_str(),
                    self.context.as_str()
                ),
            ));
        }
        let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
        let (field, used) = Field::lookup(context, &names).ok_or_else(|| {
            SyntaxError::new(
                p.pos,
                format!(
                    "segment {:?} from path {text:?} is not a valid path nor a valid OTTL keyword for the {} context",
                    names.first().copied().unwrap_or(""),
                    context.title()
                ),
            )
        })?;
        if let Some(extra) = fields.get(used) {
            return Err(SyntaxError::new(
                p.pos,
                format!(
                    "segment {:?} from path {text:?} is not a valid path for the {} context",
                    extra.name,
                    context.title()
                ),
            ));
        }
        if field == Field::Cache && context != self.context {
            return Err(SyntaxError::new(
                p.pos,
                format!(
                    "access to cache must be performed using the same statement's context, please replace {:?} with \"{}.cache\"",
                    format!("{}.cache", context),
                    self.context
                ),
            ));
        }
        if fields[..used - 1].iter().any(|f| !f.keys.is_empty()) {
            return Err(SyntaxError::new(
                p.pos,
                format!("path {text:?} cannot be indexed there"),
            ));
        }
        let keys = &fields[used - 1].keys;
        if !keys.is_empty() && !field.indexable() {
            return Err(SyntaxError::new(
                p.pos,
                format!("path {text:?} does not support indexing"),
            ));
        }
        Ok(CompiledPath {
            field,
            keys: keys.iter().map(|k| self.key(k)).collect::<Result<_, _>>()?,
            text,
        })
    }
}
