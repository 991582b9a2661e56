//! Compiled conditions (`where` clauses, filter conditions) and their evaluation.

use crate::ast::CmpOp;
use crate::compare::compare;
use crate::context::EvalContext;
use crate::error::EvalError;
use crate::expr::Getter;
use crate::value::Value;

/// A compiled boolean expression. `and`/`or` short-circuit, as in Go.
#[derive(Debug)]
pub enum Cond {
    Const(bool),
    Compare(Getter, CmpOp, Getter),
    /// A converter that must return a bool.
    Converter(Getter),
    Not(Box<Cond>),
    And(Vec<Cond>),
    Or(Vec<Cond>),
}

impl Cond {
    pub fn eval(&self, ctx: &EvalContext<'_>) -> Result<bool, EvalError> {
        match self {
            Cond::Const(b) => Ok(*b),
            Cond::Compare(l, op, r) => {
                let left = l.eval(ctx)?;
                let right = r.eval(ctx)?;
                Ok(compare(&left, &right, *op))
            }
            Cond::Converter(g) => match g.eval(ctx)? {
                Value::Bool(b) => Ok(b),
                other => Err(EvalError(format!(
                    "value returned from Converter in constant expression must be bool but got {}",
                    other.go_type()
                ))),
            },
            Cond::Not(c) => Ok(!c.eval(ctx)?),
            Cond::And(cs) => {
                for c in cs {
                    if !c.eval(ctx)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            Cond::Or(cs) => {
                for c in cs {
                    if c.eval(ctx)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
        }
    }
}
