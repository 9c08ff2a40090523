//! The generated "try it" command line (`plaid`, cargo feature `cli`), end to end: built,
//! run as a process against a loopback server, judged by stdout, stderr and exit code.

use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Builds the binary once per test run and returns its path.
fn binary() -> &'static PathBuf {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let output = Command::new(cargo)
            .args(["build", "--quiet", "-p", "plaid", "--features", "cli", "--bin", "plaid", "--message-format=json"])
            .stderr(Stdio::inherit())
            .output()
            .expect("cargo runs");
        assert!(output.status.success(), "building the CLI failed");
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| serde_json::from_str::<Value>(line).ok())
            .find_map(|msg| msg["executable"].as_str().map(PathBuf::from))
            .expect("cargo reports the executable")
    })
}

fn run(args: &[&str], env: &[(&str, &str)], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(binary());
    cmd.args(args).env_remove("PLAID_ENV").env_remove("PLAID_CLIENT_ID").env_remove("PLAID_SECRET");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("the CLI starts");
    if let Some(input) = stdin {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    }
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test]
async fn flags_build_the_request_and_the_response_is_pretty_json() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/user/third_party_token/create"))
        .and(header("plaid-client-id", "cid"))
        .and(header("plaid-secret", "sec"))
        .and(body_json(json!({"third_party_client_id": "X", "user_id": "Y"})))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"request_id": "r1", "third_party_user_token": "tok"})),
        )
        .mount(&server)
        .await;
    let out = run(
        &["user-third-party-token-create", "--third-party-client-id", "X", "--user-id", "Y"],
        &[("PLAID_ENV", &server.uri()), ("PLAID_CLIENT_ID", "cid"), ("PLAID_SECRET", "sec")],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "{\n  \"request_id\": \"r1\",\n  \"third_party_user_token\": \"tok\"\n}\n");
    assert_eq!(text(&out.stderr), "");
}

#[tokio::test]
async fn json_from_stdin_and_flags_for_gateway_and_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/user/third_party_token/remove"))
        .and(body_json(json!({"third_party_user_token": "from-stdin"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"request_id": "r2", "removed": true})))
        .mount(&server)
        .await;
    let out = run(
        &["user-third-party-token-remove", "--base-url", &server.uri(), "--json", "-"],
        &[],
        Some(r#"{"third_party_user_token": "from-stdin"}"#),
    );
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(printed["removed"], json!(true));
    let sent = &server.received_requests().await.unwrap()[0];
    assert!(sent.headers.get("plaid-secret").is_none(), "gateway mode sends no credentials");
}

#[tokio::test]
async fn api_errors_print_status_code_and_request_id_and_exit_1() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error_type": "INVALID_INPUT", "error_code": "INVALID_API_KEYS", "error_message": "bad keys",
            "display_message": null, "request_id": "req-cli"
        })))
        .mount(&server)
        .await;
    let out = run(
        &["user-third-party-token-create", "--third-party-client-id", "X", "--client-id", "c", "--secret", "s"],
        &[("PLAID_ENV", &server.uri())],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    assert_eq!(
        text(&out.stderr),
        "error: API error (HTTP 400) INVALID_INPUT/INVALID_API_KEYS: bad keys (request_id req-cli)\n"
    );
}

#[test]
fn usage_errors_exit_2_and_name_the_problem() {
    let out = run(&["user-third-party-token-create", "--third-party-client-id", "X"], &[], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("PLAID_ENV is not set"), "{}", text(&out.stderr));

    let out = run(&["user-third-party-token-create"], &[("PLAID_ENV", "http://127.0.0.1:9")], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("missing field `third_party_client_id`"), "{}", text(&out.stderr));

    let out = run(&["--help"], &[], None);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("user-third-party-token-create"));
}
