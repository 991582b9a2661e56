//! The function registry: every editor and converter, one small file each, registered in the
//! one list [`FUNCTIONS`]. Adding a converter is one file plus one line here.

pub mod args;
pub mod util;

pub use args::{opt, req, ArgValue, Args, Kind, Param};

use crate::context::EvalContext;
use crate::error::EvalError;
use crate::value::{OwnedValue, Value};

/// A converter (uppercase): computes a value, never changes the record.
pub trait Converter: Send + Sync {
    fn call<'a>(&'a self, ctx: &'a EvalContext<'_>) -> Result<Value<'a>, EvalError>;
}

/// An editor (lowercase): changes the record.
pub trait Editor: Send + Sync {
    fn exec(&self, ctx: &mut EvalContext<'_>) -> Result<(), EvalError>;
}

/// What a function's builder returns.
pub enum Built {
    Editor(Box<dyn Editor>),
    Converter(Box<dyn Converter>),
}

/// How a one-string converter is applied when passed as a function argument.
pub type StrApply = fn(&str) -> Result<OwnedValue, EvalError>;

/// One function: its name, parameters (Go's `ottlarg` order), and how to build it from
/// checked arguments. Builder errors are startup errors (bad regex, bad enum string…).
pub struct FuncSpec {
    pub name: &'static str,
    pub params: &'static [Param],
    pub build: fn(&mut Args) -> Result<Built, String>,
    /// For converters that take one string and can be passed by name as a function
    /// argument (`replace_pattern(…, SHA256)`).
    pub apply_str: Option<StrApply>,
}

impl FuncSpec {
    pub fn is_editor(&self) -> bool {
        self.name.starts_with(|c: char| c.is_ascii_lowercase())
    }
}

/// Declares the function files; each file exports `SPECS` (one function, or a family of
/// look-alikes such as `IsMap`/`IsString`/… that share their code).
macro_rules! functions {
    ($($module:ident),* $(,)?) => {
        $(pub mod $module;)*
        /// Every function file's specs, editors and converters.
        pub static FUNCTIONS: &[&[FuncSpec]] = &[$($module::SPECS),*];
    };
}

functions![
    // editors
    set,
    delete_key,
    delete_matching_keys,
    keep_keys,
    keep_matching_keys,
    merge_maps,
    replace_pattern,
    replace_all_patterns,
    replace_matches,
    truncate_all,
    limit,
    flatten,
    append,
    delete_index,
    stringify_all,
    // converters
    is_type,
    is_match,
    string,
    int,
    double,
    bool_fn,
    concat,
    split,
    parse_json,
    parse_key_value,
    time_fn,
    unix_fns,
    now,
    hashes,
    len,
    case,
    substring,
    extract_patterns,
    base64,
    format,
    format_time,
    prefix_suffix,
    hex_fn,
    index,
    keys_values,
    parse_csv,
    parse_int,
    parse_severity,
    slice_to_map,
    sort,
    trim,
    truncate_time,
    unix,
    duration,
    url_fn,
    uuid_fn,
    time_parts,
    log_fn,
    luhn,
    contains_value,
    ids,
    to_key_value_string,
    coalesce,
    is_in_cidr,
];

/// Every function.
pub fn all() -> impl Iterator<Item = &'static FuncSpec> {
    FUNCTIONS.iter().flat_map(|specs| specs.iter())
}

/// Looks a function up by name.
pub fn lookup(name: &str) -> Option<&'static FuncSpec> {
    all().find(|f| f.name == name)
}
