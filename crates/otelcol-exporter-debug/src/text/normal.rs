//! `verbosity: normal`: about one line per record, byte-exact with Go's `internal/normal`
//! logs marshaler (`<body.AsString()> k=v k=v`).

use otelcol_core::pdata::KeyValue;
use otelcol_core::pdata::ResourceLogs;
use otelcol_core::pvalue::as_string;

/// The normal text of a batch; empty for a batch without resource logs.
pub fn marshal_normal(resource_logs: &[ResourceLogs]) -> String {
    let mut out = String::new();
    for (i, rl) in resource_logs.iter().enumerate() {
        let resource_attrs = rl
            .resource
            .as_ref()
            .map(|r| r.attributes.as_slice())
            .unwrap_or(&[]);
        out.push_str(&format!(
            "ResourceLog #{i}{}{}\n",
            resource_details(&rl.schema_url),
            attributes_suffix(resource_attrs)
        ));
        for (j, sl) in rl.scope_logs.iter().enumerate() {
            let (name, version, scope_attrs) = match &sl.scope {
                Some(s) => (s.name.as_str(), s.version.as_str(), s.attributes.as_slice()),
                None => ("", "", &[][..]),
            };
            out.push_str(&format!(
                "ScopeLog #{j}{}{}\n",
                scope_details(name, version, &sl.schema_url),
                attributes_suffix(scope_attrs)
            ));
            for lr in &sl.log_records {
                out.push_str(&as_string(lr.body.as_ref()));
                out.push(' ');
                out.push_str(&attribute_pairs(&lr.attributes).join(" "));
                out.push('\n');
            }
        }
    }
    out
}

/// `key=AsString(value)` per attribute, in order.
fn attribute_pairs(attrs: &[KeyValue]) -> Vec<String> {
    attrs
        .iter()
        .map(|kv| format!("{}={}", kv.key, as_string(kv.value.as_ref())))
        .collect()
}

/// ` k=v k=v`, or nothing without attributes.
fn attributes_suffix(attrs: &[KeyValue]) -> String {
    if attrs.is_empty() {
        String::new()
    } else {
        format!(" {}", attribute_pairs(attrs).join(" "))
    }
}

fn resource_details(schema_url: &str) -> String {
    if schema_url.is_empty() {
        String::new()
    } else {
        format!(" [{schema_url}]")
    }
}

/// ` name@version [schemaUrl]`, each part only when set.
fn scope_details(name: &str, version: &str, schema_url: &str) -> String {
    let mut details = name.to_string();
    if !version.is_empty() {
        details.push('@');
        details.push_str(version);
    }
    if !schema_url.is_empty() {
        if !details.is_empty() {
            details.push(' ');
        }
        details.push('[');
        details.push_str(schema_url);
        details.push(']');
    }
    if details.is_empty() {
        details
    } else {
        format!(" {details}")
    }
}
