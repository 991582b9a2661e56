//! The processors: batch, resource, attributes, and the OTTL-based transform and filter.

pub mod attraction;
pub mod attributes;
pub mod batch;
pub mod filter;
pub mod resource;
pub mod transform;

#[cfg(test)]
pub(crate) mod test_support;
#[cfg(test)]
mod tests_yaml;

/// `crate version`, as `components` prints it.
pub(crate) const MODULE: &str = concat!("otelcol-processors ", env!("CARGO_PKG_VERSION"));
