//! Errors: where in a statement something went wrong (parse and compile time), and why a
//! statement failed on a record (run time).

use std::fmt;

/// A 1-based line and column in a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    /// The position of byte `offset` in `text` (columns count characters).
    pub fn at(text: &str, offset: usize) -> Pos {
        let before = &text[..offset.min(text.len())];
        let line = before.matches('\n').count() as u32 + 1;
        let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
        let col = before[line_start..].chars().count() as u32 + 1;
        Pos { line, col }
    }
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// A statement or condition that does not parse or does not type-check, with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub pos: Pos,
    pub message: String,
}

impl SyntaxError {
    pub fn new(pos: Pos, message: impl Into<String>) -> Self {
        SyntaxError {
            pos,
            message: message.into(),
        }
    }
}

impl fmt::Display for SyntaxError {
    /// `line:col: message`; errors about a whole group (no position) are the message only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pos.line == 0 {
            return f.write_str(&self.message);
        }
        write!(f, "{}: {}", self.pos, self.message)
    }
}

impl std::error::Error for SyntaxError {}

/// A statement that could not be used, worded as the Go collector words it:
/// `unable to parse OTTL statement "<text>": <line>:<col>: <reason>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    /// `statement` or `condition`.
    pub kind: &'static str,
    pub text: String,
    pub error: SyntaxError,
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unable to parse OTTL {} {:?}: {}",
            self.kind, self.text, self.error
        )
    }
}

impl std::error::Error for CompileError {}

/// Why a statement or condition failed on a record. Never a panic: every runtime problem
/// (type mismatch, out-of-range index, bad regex input) is one of these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalError(pub String);

impl EvalError {
    pub fn new(message: impl Into<String>) -> Self {
        EvalError(message.into())
    }
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for EvalError {}

/// `Err(EvalError)` from a format string.
#[macro_export]
macro_rules! eval_err {
    ($($arg:tt)*) => { Err($crate::error::EvalError(format!($($arg)*))) };
}
