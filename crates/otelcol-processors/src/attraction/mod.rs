//! attraction: the attribute action engine shared by the `resource` and `attributes`
//! processors (Go `internal/coreinternal/attraction`).

mod attrs;
mod config;
mod convert;
mod engine;
pub(crate) mod go_regex;
mod hash;
mod value;

#[cfg(test)]
pub(crate) mod test_support;
#[cfg(test)]
mod tests_actions;
#[cfg(test)]
mod tests_context;
#[cfg(test)]
mod tests_validation;

pub use config::ActionKeyValue;
pub use engine::AttrProc;
pub use value::{as_string, format_double, from_config, type_name};
