//! I/O failures, named by path and classified: retrying helps with a full disk or a passing
//! I/O error, not with permissions or a read-only file system.

use otelcol_core::{ComponentError, ComponentId, ExportError};
use std::io::{self, ErrorKind};
use std::path::Path;

/// An export failure for a write to `path`.
pub fn classify(path: &Path, err: &io::Error) -> ExportError {
    let message = format!("cannot write {}: {err}", path.display());
    match err.kind() {
        ErrorKind::PermissionDenied
        | ErrorKind::ReadOnlyFilesystem
        | ErrorKind::IsADirectory
        | ErrorKind::NotADirectory
        | ErrorKind::InvalidInput
        | ErrorKind::InvalidFilename
        | ErrorKind::FileTooLarge => ExportError::Permanent(message),
        _ => ExportError::Retryable(message),
    }
}

/// A start/shutdown failure: `exporter file: cannot open out/x.json: Permission denied`.
pub fn component_error(
    id: &ComponentId,
    path: &Path,
    what: &str,
    err: &io::Error,
) -> ComponentError {
    ComponentError::new(format!("exporter {id}: {what} {}: {err}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_disk_is_retryable_and_permissions_are_permanent() {
        let path = Path::new("out/logs.json");
        let full = classify(path, &io::Error::from(ErrorKind::StorageFull));
        assert!(
            matches!(&full, ExportError::Retryable(m) if m.contains("out/logs.json")),
            "{full:?}"
        );
        let denied = classify(path, &io::Error::from(ErrorKind::PermissionDenied));
        assert!(
            matches!(&denied, ExportError::Permanent(m) if m.contains("out/logs.json")),
            "{denied:?}"
        );
    }
}
