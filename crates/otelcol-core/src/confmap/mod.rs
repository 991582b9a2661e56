//! confmap: load collector YAML from URIs, merge, expand `${...}`, unescape `$$`, and decode
//! strictly into component config structs (Go collector `confmap` semantics).
//!
//! Public API (implemented in the sibling files):
//! - [`parse_yaml`]: the one YAML loader function.
//! - [`resolve`]: `--config` URIs + `--set` values → one merged, expanded [`ConfValue`].
//! - [`decode`]: strict serde decoding of a [`ConfValue`] into a config struct.
//! - [`GoDuration`]: a duration field in Go `time.ParseDuration` form.
//! - [`ConfigError`]: every error, worded as the Go collector words it.

mod access;
mod de_error;
mod decode;
mod duration;
mod error;
mod expand;
mod merge;
mod providers;
mod resolve;
mod scalar;
mod value;
mod yaml;

#[cfg(test)]
mod test_support;
#[cfg(test)]
mod tests_decode;
#[cfg(test)]
mod tests_expand;
#[cfg(test)]
mod tests_resolve;
#[cfg(test)]
mod tests_types;
#[cfg(test)]
mod tests_yaml;

pub use decode::decode;
pub use duration::{format_go_duration, format_go_nanos, parse_go_duration, GoDuration};
pub use error::{ConfigError, DecodeError};
pub use resolve::{resolve, set_flag_to_uri};
pub use value::{ConfKind, ConfValue, Origin};
pub use yaml::parse_yaml;
