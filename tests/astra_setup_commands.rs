//! `otelcol-audit astra streaming set|get|delete` against the DevOps API double: the round
//! trip, the masked token, clear error messages, and no token in any output.

mod support;

use apisim::astra_devops::{AstraDevopsOptions, AstraDevopsSim};
use std::path::Path;
use std::process::{Command, Output};

const APP_TOKEN: &str = "AstraCS:admin-token";
const PULSAR_TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.pulsar-jwt-s3cr3t";
const ORG: &str = "d04d1eb2-6a52-483e-ab16-faaad3d077a9";
const ENDPOINT: &str = "pulsar+ssl://pulsar-aws-useast2.streaming.datastax.com:6651";
const TOPIC: &str = "persistent://aws-us-east-2-mk/default/audit-log";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn astra(api: &str, token: Option<&str>, args: &[&str]) -> Run {
    let mut cmd = Command::new(support::binary());
    cmd.args(["astra", "streaming"])
        .args(args)
        .args(["--api-url", api])
        .env_remove("ASTRA_DB_APPLICATION_TOKEN");
    if let Some(t) = token {
        cmd.env("ASTRA_DB_APPLICATION_TOKEN", t);
    }
    let out: Output = cmd.output().expect("run otelcol-audit");
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    for secret in [APP_TOKEN, PULSAR_TOKEN, "wrong-app-token", "csecret"] {
        assert!(
            !run.stdout.contains(secret) && !run.stderr.contains(secret),
            "a token appeared in the output of {args:?}:\n{}\n{}",
            run.stdout,
            run.stderr
        );
    }
    run
}

fn pulsar_token_file(dir: &Path) -> String {
    let path = dir.join("pulsar.jwt");
    std::fs::write(&path, format!("{PULSAR_TOKEN}\n")).unwrap();
    path.to_string_lossy().into_owned()
}

fn set_args(file: &str) -> Vec<String> {
    [
        "set",
        "--org",
        ORG,
        "--endpoint",
        ENDPOINT,
        "--topic",
        TOPIC,
        "--pulsar-token-file",
        file,
    ]
    .map(String::from)
    .to_vec()
}

fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn set_get_delete_round_trip_with_the_token_masked() {
    let sim = AstraDevopsSim::new(AstraDevopsOptions::default());
    let server = sim.serve_in_thread().unwrap();
    let api = server.url();
    let dir = tempfile::tempdir().unwrap();
    let file = pulsar_token_file(dir.path());

    let set = astra(&api, Some(APP_TOKEN), &refs(&set_args(&file)));
    assert_eq!(set.code, 0, "{}", set.stderr);
    assert!(set.stdout.contains("is set"), "{}", set.stdout);
    let stored = sim.stored(ORG).expect("stored");
    assert_eq!(stored["token"], PULSAR_TOKEN);
    assert_eq!(stored["auth_strategy"], "token");
    assert_eq!(stored["auth_name"], "token");

    let get = astra(&api, Some(APP_TOKEN), &["get", "--org", ORG]);
    assert_eq!(get.code, 0, "{}", get.stderr);
    let printed: serde_json::Value = serde_json::from_str(&get.stdout).unwrap();
    assert_eq!(printed["pulsar"]["token"], "********");
    assert_eq!(printed["pulsar"]["topic"], TOPIC);
    assert_eq!(printed["pulsar"]["endpoint"], ENDPOINT);

    let delete = astra(&api, Some(APP_TOKEN), &["delete", "--org", ORG]);
    assert_eq!(delete.code, 0, "{}", delete.stderr);
    assert!(delete.stdout.contains("is deleted"));
    assert!(sim.stored(ORG).is_none());

    let gone = astra(&api, Some(APP_TOKEN), &["get", "--org", ORG]);
    assert_eq!(gone.code, 1);
    assert!(
        gone.stderr.contains(&format!(
            "organization {ORG} has no audit log streaming configuration (HTTP 404"
        )),
        "{}",
        gone.stderr
    );
}

#[test]
fn oauth2_settings_and_the_token_file_option() {
    let sim = AstraDevopsSim::new(AstraDevopsOptions::default());
    let server = sim.serve_in_thread().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let app = dir.path().join("astra-token");
    std::fs::write(&app, APP_TOKEN).unwrap();
    let app = app.to_string_lossy().into_owned();
    let set = astra(
        &server.url(),
        None,
        &[
            "set",
            "--org",
            ORG,
            "--endpoint",
            ENDPOINT,
            "--topic",
            TOPIC,
            "--token-file",
            &app,
            "--oauth2-credentials-url",
            "file:///etc/astra/key.json",
            "--oauth2-issuer-url",
            "https://auth.streamnative.cloud/",
            "--oauth2-audience",
            "urn:sn:pulsar:o:i",
        ],
    );
    assert_eq!(set.code, 0, "{}", set.stderr);
    let stored = sim.stored(ORG).unwrap();
    assert_eq!(stored["auth_strategy"], "oauth2");
    assert_eq!(
        stored["oauth2_issuer_url"],
        "https://auth.streamnative.cloud/"
    );
    assert_eq!(stored["oauth2_audience"], "urn:sn:pulsar:o:i");
    assert!(stored.get("oauth2_scope").is_none());
    let get = astra(
        &server.url(),
        None,
        &["get", "--org", ORG, "--token-file", &app],
    );
    assert!(
        get.stdout.contains("oauth2_credentials_url"),
        "{}",
        get.stdout
    );
}

#[test]
fn refusals_are_clear_messages_naming_the_cause() {
    let sim = AstraDevopsSim::new(AstraDevopsOptions {
        forbidden_tokens: vec!["AstraCS:reader".into()],
        conflict_if_exists: true,
        ..AstraDevopsOptions::default()
    });
    let server = sim.serve_in_thread().unwrap();
    let api = server.url();
    let dir = tempfile::tempdir().unwrap();
    let file = pulsar_token_file(dir.path());
    let args = set_args(&file);

    let none = astra(&api, None, &["get", "--org", ORG]);
    assert!(
        none.stderr
            .contains("set ASTRA_DB_APPLICATION_TOKEN or pass --token-file"),
        "{}",
        none.stderr
    );

    let wrong = astra(&api, Some("wrong-app-token"), &["get", "--org", ORG]);
    assert!(
        wrong
            .stderr
            .contains("token was refused (invalid or expired)"),
        "{}",
        wrong.stderr
    );
    assert!(
        wrong
            .stderr
            .contains("HTTP 401: [ID 401] invalid or expired token"),
        "{}",
        wrong.stderr
    );

    let reader = astra(&api, Some("AstraCS:reader"), &["get", "--org", ORG]);
    assert!(
        reader
            .stderr
            .contains("needs the Organization Administrator role (HTTP 403"),
        "{}",
        reader.stderr
    );

    let mut bad = args.clone();
    bad[6] = "persistent://aws-us-east-2-mk/audit-log".into();
    let invalid = astra(&api, Some(APP_TOKEN), &refs(&bad));
    assert!(
        invalid
            .stderr
            .contains("rejected the request as invalid (HTTP 400"),
        "{}",
        invalid.stderr
    );
    assert!(
        invalid.stderr.contains("must be a full topic name"),
        "{}",
        invalid.stderr
    );

    assert_eq!(astra(&api, Some(APP_TOKEN), &refs(&args)).code, 0);
    let again = astra(&api, Some(APP_TOKEN), &refs(&args));
    assert!(
        again
            .stderr
            .contains("conflicts with the current configuration"),
        "{}",
        again.stderr
    );
    assert!(again.stderr.contains("HTTP 409"), "{}", again.stderr);

    sim.fail_next(503);
    let down = astra(&api, Some(APP_TOKEN), &["delete", "--org", ORG]);
    assert!(
        down.stderr
            .contains("the DevOps API failed; try again later (HTTP 503"),
        "{}",
        down.stderr
    );
    assert_eq!(down.code, 1);
}

#[test]
fn error_bodies_with_a_lowercase_id_are_read_too() {
    let sim = AstraDevopsSim::new(AstraDevopsOptions {
        lowercase_error_id: true,
        ..AstraDevopsOptions::default()
    });
    let server = sim.serve_in_thread().unwrap();
    let out = astra(&server.url(), Some(APP_TOKEN), &["get", "--org", ORG]);
    assert!(
        out.stderr
            .contains("[ID 404] no audit log streaming configuration found"),
        "{}",
        out.stderr
    );
}

#[test]
fn the_application_token_is_not_accepted_on_the_command_line() {
    let out = astra(
        "http://127.0.0.1:9",
        None,
        &["get", "--org", ORG, "--token", "x"],
    );
    assert_ne!(out.code, 0);
    assert!(
        out.stderr.contains("unexpected argument '--token'"),
        "{}",
        out.stderr
    );
}
