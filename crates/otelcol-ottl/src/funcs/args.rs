//! Function parameters (kinds mirror Go's argument types) and the checked arguments a
//! function's builder receives.

use crate::expr::Getter;
use crate::path::CompiledPath;

use super::FuncSpec;

/// What an argument must be (Go's `ottl.*Getter` / literal parameter types).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `Getter`: any value expression.
    Any,
    /// `StringGetter`
    Str,
    /// `StringLikeGetter`
    StrLike,
    /// `IntGetter`
    Int,
    /// `IntLikeGetter`
    IntLike,
    /// `FloatGetter`
    Float,
    /// `FloatLikeGetter`
    FloatLike,
    /// `BoolGetter`
    Bool,
    /// `BoolLikeGetter`
    BoolLike,
    /// `TimeGetter`
    Time,
    /// `DurationGetter`
    Duration,
    /// `PMapGetter`
    Map,
    /// `PSliceGetter`
    Slice,
    /// `ByteSliceLikeGetter`
    BytesLike,
    /// `GetSetter`: must be a path.
    Target,
    /// `string`: must be a string literal.
    LitStr,
    /// `int64`: must be an int literal.
    LitInt,
    /// `float64`: must be a number literal.
    LitFloat,
    /// `bool`: must be a bool literal.
    LitBool,
    /// `[]string`: a list of string literals.
    StrList,
    /// `[]Getter`: a list of value expressions.
    Getters,
    /// `FunctionGetter`: a converter name (`SHA256`).
    Function,
}

/// One parameter: its snake_case name (for named arguments), kind and optionality.
#[derive(Debug, Clone, Copy)]
pub struct Param {
    pub name: &'static str,
    pub kind: Kind,
    pub optional: bool,
}

/// A required parameter.
pub const fn req(name: &'static str, kind: Kind) -> Param {
    Param {
        name,
        kind,
        optional: false,
    }
}

/// An `Optional[...]` parameter.
pub const fn opt(name: &'static str, kind: Kind) -> Param {
    Param {
        name,
        kind,
        optional: true,
    }
}

/// A checked argument.
pub enum ArgValue {
    Getter(Getter),
    Target(CompiledPath),
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Strs(Vec<String>),
    Getters(Vec<Getter>),
    Function(&'static FuncSpec),
}

/// The arguments of one call, by parameter position (`None` where an optional was skipped).
pub struct Args {
    pub(crate) items: Vec<Option<ArgValue>>,
}

fn missing(i: usize) -> String {
    format!("missing argument at position {i}")
}

impl Args {
    fn take(&mut self, i: usize) -> Option<ArgValue> {
        self.items.get_mut(i).and_then(Option::take)
    }

    pub fn getter(&mut self, i: usize) -> Result<Getter, String> {
        self.opt_getter(i).ok_or_else(|| missing(i))
    }

    pub fn opt_getter(&mut self, i: usize) -> Option<Getter> {
        match self.take(i) {
            Some(ArgValue::Getter(g)) => Some(g),
            _ => None,
        }
    }

    pub fn target(&mut self, i: usize) -> Result<CompiledPath, String> {
        match self.take(i) {
            Some(ArgValue::Target(p)) => Ok(p),
            _ => Err(missing(i)),
        }
    }

    pub fn str(&mut self, i: usize) -> Result<String, String> {
        self.opt_str(i).ok_or_else(|| missing(i))
    }

    pub fn opt_str(&mut self, i: usize) -> Option<String> {
        match self.take(i) {
            Some(ArgValue::Str(s)) => Some(s),
            _ => None,
        }
    }

    pub fn int(&mut self, i: usize) -> Result<i64, String> {
        self.opt_int(i).ok_or_else(|| missing(i))
    }

    pub fn opt_int(&mut self, i: usize) -> Option<i64> {
        match self.take(i) {
            Some(ArgValue::Int(n)) => Some(n),
            _ => None,
        }
    }

    pub fn opt_float(&mut self, i: usize) -> Option<f64> {
        match self.take(i) {
            Some(ArgValue::Float(f)) => Some(f),
            Some(ArgValue::Int(n)) => Some(n as f64),
            _ => None,
        }
    }

    pub fn opt_bool(&mut self, i: usize) -> Option<bool> {
        match self.take(i) {
            Some(ArgValue::Bool(b)) => Some(b),
            _ => None,
        }
    }

    pub fn strs(&mut self, i: usize) -> Result<Vec<String>, String> {
        self.opt_strs(i).ok_or_else(|| missing(i))
    }

    pub fn opt_strs(&mut self, i: usize) -> Option<Vec<String>> {
        match self.take(i) {
            Some(ArgValue::Strs(s)) => Some(s),
            _ => None,
        }
    }

    pub fn getters(&mut self, i: usize) -> Result<Vec<Getter>, String> {
        match self.take(i) {
            Some(ArgValue::Getters(g)) => Ok(g),
            _ => Err(missing(i)),
        }
    }

    pub fn opt_function(&mut self, i: usize) -> Option<&'static FuncSpec> {
        match self.take(i) {
            Some(ArgValue::Function(f)) => Some(f),
            _ => None,
        }
    }
}
