//! The parsed (not yet type-checked) form of statements and conditions.

use crate::error::Pos;

/// `editor(args…) [where condition]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub editor: Call,
    pub where_clause: Option<BoolExpr>,
}

/// A function call: an editor (lowercase) or a converter (uppercase), with optional indexes.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: String,
    pub pos: Pos,
    pub args: Vec<Arg>,
    pub keys: Vec<Key>,
}

/// One argument, positional or `name = value`.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    pub name: Option<String>,
    pub value: Expr,
}

/// A value expression and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Nil,
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Bytes(Vec<u8>),
    /// An uppercase word not followed by `(`: an enum symbol or a function name.
    Ident(String),
    Path(Path),
    Converter(Call),
    Neg(Box<Expr>),
    Math(Box<Expr>, MathOp, Box<Expr>),
    List(Vec<Expr>),
    Map(Vec<(String, Expr)>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MathOp {
    Add,
    Sub,
    Mul,
    Div,
}

impl MathOp {
    pub fn symbol(self) -> &'static str {
        match self {
            MathOp::Add => "+",
            MathOp::Sub => "-",
            MathOp::Mul => "*",
            MathOp::Div => "/",
        }
    }
}

/// `a.b[k].c…`; the first field may be a context name (`log`, `resource`, …).
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    pub fields: Vec<Field>,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub keys: Vec<Key>,
}

/// `[ "str" ]`, `[ 1 ]` or `[ <expression> ]`.
#[derive(Debug, Clone, PartialEq)]
pub enum Key {
    Str(String),
    Int(i64),
    Expr(Expr),
}

/// A condition: `or` of `and` of (optionally negated) comparisons, booleans, converters.
#[derive(Debug, Clone, PartialEq)]
pub enum BoolExpr {
    Or(Vec<BoolExpr>),
    And(Vec<BoolExpr>),
    Not(Box<BoolExpr>),
    Const(bool),
    Compare(Expr, CmpOp, Expr),
    Converter(Call),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Lte,
    Gt,
    Gte,
}

impl CmpOp {
    pub fn from_symbol(s: &str) -> Option<CmpOp> {
        Some(match s {
            "==" => CmpOp::Eq,
            "!=" => CmpOp::Ne,
            "<" => CmpOp::Lt,
            "<=" => CmpOp::Lte,
            ">" => CmpOp::Gt,
            ">=" => CmpOp::Gte,
            _ => return None,
        })
    }
}

impl Path {
    /// The path as written without keys' values, e.g. `log.attributes[...]`, for messages.
    pub fn describe(&self) -> String {
        let mut s = String::new();
        for (i, f) in self.fields.iter().enumerate() {
            if i > 0 {
                s.push('.');
            }
            s.push_str(&f.name);
            for k in &f.keys {
                match k {
                    Key::Str(v) => s.push_str(&format!("[{v}]")),
                    Key::Int(v) => s.push_str(&format!("[{v}]")),
                    Key::Expr(_) => s.push_str("[<expr>]"),
                }
            }
        }
        s
    }
}
