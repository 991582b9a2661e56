//! Context inference (Go `context_inferrer.go`): the lowest context named by any path prefix.

use crate::ast::{BoolExpr, Call, Expr, ExprKind, Key, Path, Statement};
use crate::context::ContextName;

/// The context a path's first segment names, if it is a context prefix.
pub fn path_prefix(path: &Path) -> Option<ContextName> {
    if path.fields.len() < 2 || !path.fields[0].keys.is_empty() {
        return None;
    }
    match path.fields[0].name.as_str() {
        "log" => Some(ContextName::Log),
        "scope" | "instrumentation_scope" => Some(ContextName::Scope),
        "resource" => Some(ContextName::Resource),
        _ => None,
    }
}

/// Collects the context prefixes used anywhere in statements and conditions.
#[derive(Default)]
pub struct Prefixes {
    pub lowest: Option<ContextName>,
}

impl Prefixes {
    fn add(&mut self, c: ContextName) {
        self.lowest = Some(match self.lowest {
            Some(l) if l <= c => l,
            _ => c,
        });
    }

    pub fn statement(&mut self, s: &Statement) {
        self.call(&s.editor);
        if let Some(w) = &s.where_clause {
            self.condition(w);
        }
    }

    pub fn condition(&mut self, b: &BoolExpr) {
        match b {
            BoolExpr::Or(v) | BoolExpr::And(v) => v.iter().for_each(|c| self.condition(c)),
            BoolExpr::Not(c) => self.condition(c),
            BoolExpr::Const(_) => {}
            BoolExpr::Compare(l, _, r) => {
                self.expr(l);
                self.expr(r);
            }
            BoolExpr::Converter(c) => self.call(c),
        }
    }

    fn call(&mut self, c: &Call) {
        c.args.iter().for_each(|a| self.expr(&a.value));
        c.keys.iter().for_each(|k| self.key(k));
    }

    fn key(&mut self, k: &Key) {
        if let Key::Expr(e) = k {
            self.expr(e);
        }
    }

    fn expr(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Path(p) => {
                if let Some(c) = path_prefix(p) {
                    self.add(c);
                }
                p.fields
                    .iter()
                    .flat_map(|f| f.keys.iter())
                    .for_each(|k| self.key(k));
            }
            ExprKind::Converter(c) => self.call(c),
            ExprKind::Neg(inner) => self.expr(inner),
            ExprKind::Math(l, _, r) => {
                self.expr(l);
                self.expr(r);
            }
            ExprKind::List(items) => items.iter().for_each(|i| self.expr(i)),
            ExprKind::Map(items) => items.iter().for_each(|(_, v)| self.expr(v)),
            _ => {}
        }
    }
}
