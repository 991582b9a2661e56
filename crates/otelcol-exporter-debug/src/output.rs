//! Where `use_internal_logger: false` writes: `stdout`, `stderr` or files (appended, created
//! if missing), in zap's console form without time or level.

use otelcol_core::ComponentError;
use std::fs::{File, OpenOptions};
use std::io::Write;

enum Sink {
    Stdout,
    Stderr,
    File { path: String, file: File },
}

/// The opened `output_paths`.
pub struct Outputs {
    sinks: Vec<Sink>,
}

impl Outputs {
    /// Opens every path (done in `start`).
    pub fn open(paths: &[String]) -> Result<Self, ComponentError> {
        let mut sinks = Vec::with_capacity(paths.len());
        for path in paths {
            sinks.push(match path.as_str() {
                "stdout" => Sink::Stdout,
                "stderr" => Sink::Stderr,
                _ => {
                    let file = OpenOptions::new()
                        .create(true)
                        .append(true)
                        .open(path)
                        .map_err(|e| {
                            ComponentError::new(format!("cannot open output path {path:?}: {e}"))
                        })?;
                    Sink::File {
                        path: path.clone(),
                        file,
                    }
                }
            });
        }
        Ok(Outputs { sinks })
    }

    /// Writes one entry (already newline-terminated) to every sink. Like zap, a failing sink
    /// does not fail the export; the error is reported on the collector's log.
    pub fn write(&mut self, entry: &[u8]) {
        for sink in &mut self.sinks {
            let result = match sink {
                Sink::Stdout => std::io::stdout().lock().write_all(entry),
                Sink::Stderr => std::io::stderr().lock().write_all(entry),
                Sink::File { file, .. } => file.write_all(entry),
            };
            if let Err(err) = result {
                tracing::warn!(output = sink.name(), error = %err, "debug exporter cannot write its output");
            }
        }
    }

    /// Flushes standard streams and syncs files (Go `LoggerSync` at shutdown).
    pub fn sync(&mut self) -> Result<(), ComponentError> {
        for sink in &mut self.sinks {
            match sink {
                Sink::Stdout => {
                    let _ = std::io::stdout().flush();
                }
                Sink::Stderr => {
                    let _ = std::io::stderr().flush();
                }
                Sink::File { path, file } => {
                    file.sync_all().map_err(|e| {
                        ComponentError::new(format!("cannot sync output path {path:?}: {e}"))
                    })?;
                }
            }
        }
        Ok(())
    }
}

impl Sink {
    fn name(&self) -> &str {
        match self {
            Sink::Stdout => "stdout",
            Sink::Stderr => "stderr",
            Sink::File { path, .. } => path,
        }
    }
}
