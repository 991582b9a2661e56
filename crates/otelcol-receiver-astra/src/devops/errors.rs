//! DevOps API error answers → one clear sentence: what failed, the likely cause for the
//! status, and the API's own messages from `{"errors":[{"ID"|"id":..,"message":..}]}`.

use serde_json::Value;

pub fn describe(action: &str, org: &str, status: u16, body: &[u8]) -> String {
    let cause = match status {
        400 => "the DevOps API rejected the request as invalid".to_string(),
        401 => "the application token was refused (invalid or expired); check ASTRA_DB_APPLICATION_TOKEN or --token-file".to_string(),
        403 => "the application token lacks the permission; it needs the Organization Administrator role".to_string(),
        404 if action == "get" => format!("organization {org} has no audit log streaming configuration"),
        404 => format!("organization {org} or its audit log streaming configuration was not found"),
        409 => format!("the request conflicts with the current configuration of organization {org}"),
        429 => "the DevOps API is rate limiting; try again later".to_string(),
        500..=599 => "the DevOps API failed; try again later".to_string(),
        _ => "unexpected answer from the DevOps API".to_string(),
    };
    let details = messages(body);
    let details = if details.is_empty() {
        String::new()
    } else {
        format!(": {details}")
    };
    format!("astra streaming {action}: {cause} (HTTP {status}{details})")
}

/// `[ID 2001] message; [ID 2002] message` (either `ID` or `id`), or `""`.
fn messages(body: &[u8]) -> String {
    let Ok(doc) = serde_json::from_slice::<Value>(body) else {
        return String::new();
    };
    let Some(errors) = doc.get("errors").and_then(Value::as_array) else {
        return String::new();
    };
    errors
        .iter()
        .map(|e| {
            let id = e.get("ID").or_else(|| e.get("id")).map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            });
            let message = e.get("message").and_then(Value::as_str).unwrap_or("");
            match id {
                Some(id) => format!("[ID {id}] {message}"),
                None => message.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_bodies_with_either_id_spelling_are_quoted() {
        let upper = describe(
            "set",
            "o1",
            400,
            br#"{"errors":[{"ID":2000,"message":"pulsar.topic is required"}]}"#,
        );
        assert_eq!(upper, "astra streaming set: the DevOps API rejected the request as invalid (HTTP 400: [ID 2000] pulsar.topic is required)");
        let lower = describe(
            "get",
            "o1",
            404,
            br#"{"errors":[{"id":"404","message":"none"}]}"#,
        );
        assert_eq!(lower, "astra streaming get: organization o1 has no audit log streaming configuration (HTTP 404: [ID 404] none)");
        let plain = describe("delete", "o1", 502, b"<html>bad gateway</html>");
        assert_eq!(
            plain,
            "astra streaming delete: the DevOps API failed; try again later (HTTP 502)"
        );
    }
}
