//! The debug exporter's configuration (Go `exporter/debugexporter/config.go`).

use otelcol_core::ValidateConfig;
use serde::{Deserialize, Deserializer};

/// How much of each batch is printed (Go `configtelemetry.Level`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Verbosity {
    /// Accepted by the decoder like in Go, then refused by `validate`.
    None,
    /// One summary line per batch.
    #[default]
    Basic,
    /// The summary, then about one line per record.
    Normal,
    /// The summary, then every field of every record.
    Detailed,
}

impl Verbosity {
    /// Go's `Level.String()`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verbosity::None => "None",
            Verbosity::Basic => "Basic",
            Verbosity::Normal => "Normal",
            Verbosity::Detailed => "Detailed",
        }
    }

    /// Case-insensitive, as Go's `Level.UnmarshalText`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let lower = text.to_lowercase();
        match lower.as_str() {
            "none" => Ok(Verbosity::None),
            "basic" => Ok(Verbosity::Basic),
            "normal" => Ok(Verbosity::Normal),
            "detailed" => Ok(Verbosity::Detailed),
            _ => Err(format!("unknown metrics level {lower:?}")),
        }
    }
}

impl<'de> Deserialize<'de> for Verbosity {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Option::<String>::deserialize(deserializer)? {
            // `verbosity:` left empty keeps the default, as mapstructure does with nil.
            None => Ok(Verbosity::default()),
            Some(text) => Verbosity::parse(&text).map_err(serde::de::Error::custom),
        }
    }
}

/// `exporters: debug:` settings.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DebugConfig {
    /// `basic`, `normal` or `detailed`.
    pub verbosity: Verbosity,
    /// Messages logged per second before sampling starts (zap sampler `first`).
    pub sampling_initial: i64,
    /// After that, every Nth message is logged (zap sampler `thereafter`).
    pub sampling_thereafter: i64,
    /// Write through the collector's own logger (`tracing`) instead of `output_paths`.
    pub use_internal_logger: bool,
    /// `stdout`, `stderr` or file paths; only with `use_internal_logger: false`. Unset means
    /// `["stdout"]`.
    pub output_paths: Option<Vec<String>>,
}

impl Default for DebugConfig {
    fn default() -> Self {
        DebugConfig {
            verbosity: Verbosity::Basic,
            sampling_initial: 2,
            sampling_thereafter: 1,
            use_internal_logger: true,
            output_paths: None,
        }
    }
}

impl DebugConfig {
    /// The output paths in effect when `use_internal_logger` is false.
    pub fn effective_output_paths(&self) -> Vec<String> {
        self.output_paths
            .clone()
            .unwrap_or_else(|| vec!["stdout".to_string()])
    }
}

impl ValidateConfig for DebugConfig {
    fn validate(&self) -> Result<(), String> {
        if self.verbosity == Verbosity::None {
            return Err(format!(
                "verbosity level {:?} is not supported",
                self.verbosity.as_str()
            ));
        }
        match (&self.output_paths, self.use_internal_logger) {
            (Some(_), true) => {
                Err("output_paths is not supported when use_internal_logger is true".to_string())
            }
            (Some(paths), false) if paths.is_empty() => {
                Err("output_paths must not be empty when use_internal_logger is false".to_string())
            }
            _ => Ok(()),
        }
    }
}
