//! Database file names: `<kind>_<type>_<name>[_<client>]`, escaped and length-capped as in Go.

use otelcol_core::{ComponentId, Kind};
use sha2::{Digest, Sha256};

/// The longest file name most file systems accept, in bytes.
const MAX_FILE_NAME_BYTES: usize = 255;

/// The file that holds the store of `client` (may be empty) for component `id` of `kind`.
///
/// A component without a name still gets its `_` (`receiver_filelog_`), exactly like Go.
pub fn client_file_name(kind: Kind, id: &ComponentId, client: &str) -> String {
    let mut raw = format!(
        "{}_{}_{}",
        kind.as_str(),
        id.type_name,
        id.name.as_deref().unwrap_or("")
    );
    if !client.is_empty() {
        raw.push('_');
        raw.push_str(client);
    }
    let escaped = sanitize(&raw);
    if escaped.len() > MAX_FILE_NAME_BYTES {
        hex::encode(Sha256::digest(escaped.as_bytes()))
    } else {
        escaped
    }
}

/// Replaces every character outside `[A-Za-z0-9._-]` (and `~` itself, so escaped names never
/// collide with plain ones) by `~` and its code point in at least four upper-case hex digits.
pub fn sanitize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
            out.push(c);
        } else {
            out.push_str(&format!("~{:04X}", u32::from(c)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_follow_the_go_escaping_table() {
        let id = |t: &str, n: Option<&str>| ComponentId::new(t, n);
        let rows: [(Kind, ComponentId, &str, &str); 9] = [
            (Kind::Receiver, id("filelog", None), "", "receiver_filelog_"),
            (
                Kind::Receiver,
                id("file_log", None),
                "",
                "receiver_file_log_",
            ),
            (
                Kind::Receiver,
                id("filelog", Some("logs")),
                "",
                "receiver_filelog_logs",
            ),
            (
                Kind::Receiver,
                id("filelog", Some("logs/container")),
                "",
                "receiver_filelog_logs~002Fcontainer",
            ),
            (
                Kind::Exporter,
                id("otlp", None),
                "logs",
                "exporter_otlp__logs",
            ),
            (
                Kind::Exporter,
                id("otlp_http", Some("a b")),
                "logs",
                "exporter_otlp_http_a~0020b_logs",
            ),
            (
                Kind::Extension,
                id("x", Some("til~de")),
                "",
                "extension_x_til~007Ede",
            ),
            (
                Kind::Processor,
                id("p", Some("ü?|")),
                "",
                "processor_p_~00FC~003F~007C",
            ),
            (Kind::Receiver, id("r", Some("😀")), "", "receiver_r_~1F600"),
        ];
        for (kind, id, client, want) in rows {
            assert_eq!(client_file_name(kind, &id, client), want, "{id} {client:?}");
        }
    }

    #[test]
    fn safe_characters_are_kept() {
        assert_eq!(sanitize("AZaz09.-_"), "AZaz09.-_");
    }

    #[test]
    fn names_longer_than_255_bytes_become_their_sha256() {
        let name = "n".repeat(300);
        let id = ComponentId::new("filelog", Some(&name));
        let file = client_file_name(Kind::Receiver, &id, "");
        assert_eq!(file.len(), 64);
        assert!(file.bytes().all(|b| b.is_ascii_hexdigit()));
        let expected = hex::encode(Sha256::digest(
            format!("receiver_filelog_{name}").as_bytes(),
        ));
        assert_eq!(file, expected);
        // Exactly 255 bytes stays readable.
        let fits = "n".repeat(255 - "receiver_filelog_".len());
        let id = ComponentId::new("filelog", Some(&fits));
        assert_eq!(
            client_file_name(Kind::Receiver, &id, ""),
            format!("receiver_filelog_{fits}")
        );
    }
}
