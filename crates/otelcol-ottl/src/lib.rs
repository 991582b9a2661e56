//! otelcol-ottl: the OpenTelemetry Transformation Language for logs — lexer, parser, a typed
//! compiled form built once at startup, and an evaluator that works on the OTLP prost structs
//! in place (log, scope and resource contexts).

pub mod ast;
pub mod compare;
pub mod compile;
pub mod cond;
pub mod context;
pub mod error;
pub mod expr;
pub mod funcs;
pub mod getters;
pub mod json;
pub mod lexer;
pub mod math;
pub mod parser;
pub mod path;
pub mod sprintf;
pub mod statements;
pub mod strptime;
pub mod time;
pub mod value;

pub use context::{ContextName, EvalContext};
pub use error::{CompileError, EvalError, Pos, SyntaxError};
pub use statements::{
    any_condition, compile_group, compile_value, execute_statements, Condition, ErrorMode, Group,
    Statement,
};
pub use value::{OwnedValue, Value};
