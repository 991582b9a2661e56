//! The public entry points: parse and compile a group of statements and conditions for a
//! context (given or inferred), and run them with an error mode (Go `ParserCollection`,
//! `StatementSequence`, `ConditionSequence`).

use crate::compile::infer::Prefixes;
use crate::compile::{CompiledStatement, Compiler};
use crate::cond::Cond;
use crate::context::{ContextName, EvalContext};
use crate::error::{CompileError, EvalError, SyntaxError};
use crate::parser::{parse_condition, parse_statement};
use serde::de::{self, Deserializer};
use serde::Deserialize;
use std::fmt;

/// How failures at run time are handled (Go `ottl.ErrorMode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ErrorMode {
    /// The first failure stops processing and is returned.
    #[default]
    Propagate,
    /// Failures are logged as warnings and processing continues.
    Ignore,
    /// Failures are skipped without logging.
    Silent,
}

impl ErrorMode {
    pub fn parse(s: &str) -> Result<ErrorMode, String> {
        match s.to_ascii_lowercase().as_str() {
            "propagate" => Ok(ErrorMode::Propagate),
            "ignore" => Ok(ErrorMode::Ignore),
            "silent" => Ok(ErrorMode::Silent),
            other => Err(format!("unknown error mode {other}")),
        }
    }
}

impl<'de> Deserialize<'de> for ErrorMode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        ErrorMode::parse(&s).map_err(de::Error::custom)
    }
}

/// One compiled statement, with its text for messages.
pub struct Statement {
    pub text: String,
    compiled: CompiledStatement,
}

impl fmt::Debug for Statement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Statement({:?})", self.text)
    }
}

impl Statement {
    /// Runs the statement: its `where` clause, then the editor if it holds.
    pub fn execute(&self, ctx: &mut EvalContext<'_>) -> Result<(), EvalError> {
        if let Some(cond) = &self.compiled.condition {
            if !cond.eval(ctx)? {
                return Ok(());
            }
        }
        self.compiled.editor.exec(ctx)
    }
}

/// One compiled condition.
#[derive(Debug)]
pub struct Condition {
    pub text: String,
    cond: Cond,
}

impl Condition {
    pub fn eval(&self, ctx: &EvalContext<'_>) -> Result<bool, EvalError> {
        self.cond.eval(ctx)
    }
}

/// A group: its context and compiled statements and conditions.
#[derive(Debug)]
pub struct Group {
    pub context: ContextName,
    pub statements: Vec<Statement>,
    pub conditions: Vec<Condition>,
}

fn supported() -> &'static str {
    "[\"log\" \"scope\" \"resource\"]"
}

/// Parses and compiles a group. With `context`, un-prefixed paths belong to it; without, the
/// context is inferred as the lowest one named by a path prefix, and every path needs one.
pub fn compile_group(
    statements: &[String],
    conditions: &[String],
    context: Option<ContextName>,
) -> Result<Group, CompileError> {
    let stmt_err = |text: &str, error: SyntaxError| CompileError {
        kind: "statement",
        text: text.to_string(),
        error,
    };
    let cond_err = |text: &str, error: SyntaxError| CompileError {
        kind: "condition",
        text: text.to_string(),
        error,
    };
    let parsed_statements = statements
        .iter()
        .map(|t| parse_statement(t).map_err(|e| stmt_err(t, e)))
        .collect::<Result<Vec<_>, _>>()?;
    let parsed_conditions = conditions
        .iter()
        .map(|t| parse_condition(t).map_err(|e| cond_err(t, e)))
        .collect::<Result<Vec<_>, _>>()?;
    let (context, prefix_unqualified) = match context {
        Some(c) => (c, true),
        None => {
            let mut prefixes = Prefixes::default();
            parsed_statements.iter().for_each(|s| prefixes.statement(s));
            parsed_conditions.iter().for_each(|c| prefixes.condition(c));
            match prefixes.lowest {
                Some(c) => (c, false),
                None => {
                    let (kind, text) = match statements.first() {
                        Some(t) => ("statement", t.clone()),
                        None => ("condition", conditions.first().cloned().unwrap_or_default()),
                    };
                    return Err(CompileError {
                        kind,
                        text,
                        error: SyntaxError::new(
                            Default::default(),
                            format!(
                                "unable to infer context from statements {statements:?} and conditions {conditions:?}, path's first segment must be a valid context name: {}",
                                supported()
                            ),
                        ),
                    });
                }
            }
        }
    };
    let compiler = Compiler {
        context,
        prefix_unqualified,
    };
    let statements = statements
        .iter()
        .zip(parsed_statements.iter())
        .map(|(t, s)| {
            Ok(Statement {
                text: t.clone(),
                compiled: compiler.statement(s).map_err(|e| stmt_err(t, e))?,
            })
        })
        .collect::<Result<Vec<_>, CompileError>>()?;
    let conditions = conditions
        .iter()
        .zip(parsed_conditions.iter())
        .map(|(t, c)| {
            Ok(Condition {
                text: t.clone(),
                cond: compiler.condition(c).map_err(|e| cond_err(t, e))?,
            })
        })
        .collect::<Result<Vec<_>, CompileError>>()?;
    Ok(Group {
        context,
        statements,
        conditions,
    })
}

/// Runs statements in order with an error mode (Go `StatementSequence.Execute`). Only
/// `propagate` returns an error: `failed to execute statement: <text>, <error>`.
pub fn execute_statements(
    statements: &[Statement],
    mode: ErrorMode,
    ctx: &mut EvalContext<'_>,
) -> Result<(), EvalError> {
    for statement in statements {
        if let Err(err) = statement.execute(ctx) {
            match mode {
                ErrorMode::Propagate => {
                    return Err(EvalError(format!(
                        "failed to execute statement: {}, {err}",
                        statement.text
                    )))
                }
                ErrorMode::Ignore => tracing::warn!(
                    statement = %statement.text,
                    error = %err,
                    "failed to execute statement"
                ),
                ErrorMode::Silent => {}
            }
        }
    }
    Ok(())
}

/// Evaluates conditions ORed (Go `ConditionSequence` with `Or`): true if any holds; an errored
/// condition counts as false unless the mode is `propagate`. No conditions → `default`.
pub fn any_condition(
    conditions: &[Condition],
    mode: ErrorMode,
    ctx: &EvalContext<'_>,
    default: bool,
) -> Result<bool, EvalError> {
    if conditions.is_empty() {
        return Ok(default);
    }
    for condition in conditions {
        match condition.eval(ctx) {
            Ok(true) => return Ok(true),
            Ok(false) => {}
            Err(err) => match mode {
                ErrorMode::Propagate => {
                    return Err(EvalError(format!(
                        "failed to eval condition: {}, {err}",
                        condition.text
                    )))
                }
                ErrorMode::Ignore => tracing::warn!(
                    condition = %condition.text,
                    error = %err,
                    "failed to eval condition"
                ),
                ErrorMode::Silent => {}
            },
        }
    }
    Ok(false)
}

/// Parses and compiles a value expression (Go `ParseValueExpression`) for `context`, with
/// un-prefixed paths allowed.
pub fn compile_value(
    text: &str,
    context: ContextName,
) -> Result<crate::expr::Getter, CompileError> {
    let err = |error| CompileError {
        kind: "value expression",
        text: text.to_string(),
        error,
    };
    let parsed = crate::parser::parse_value_expression(text).map_err(err)?;
    let compiler = Compiler {
        context,
        prefix_unqualified: true,
    };
    compiler.getter(&parsed).map_err(err)
}
