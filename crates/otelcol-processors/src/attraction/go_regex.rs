//! Regular expressions with Go `regexp` (RE2) rules where the regex crate is more lenient.

use regex::Regex;

/// Compiles `pattern`, refusing group names Go refuses (only letters, digits and `_`; the regex
/// crate also allows `.`, `[` and `]`). The error is the reason, without the pattern.
pub fn compile(pattern: &str) -> Result<Regex, String> {
    let re = Regex::new(pattern).map_err(|e| {
        let text = e.to_string();
        let reason = text
            .lines()
            .rfind(|l| !l.trim().is_empty())
            .unwrap_or(&text);
        reason.trim().trim_start_matches("error: ").to_string()
    })?;
    let bad = re
        .capture_names()
        .flatten()
        .find(|n| !n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
    match bad {
        Some(name) => Err(format!("invalid named capture: `(?P<{name}>`")),
        None => Ok(re),
    }
}
