//! The generated seed client (`generated/`, crate `plaid`) against a real HTTP server on
//! loopback (wiremock): the bytes on the wire, decoding, and every error path.

use plaid::chrono::{TimeZone, Utc};
use plaid::types::{PlaidErrorType, UserThirdPartyTokenCreateRequest, UserThirdPartyTokenRemoveRequest};
use plaid::{Client, Environment, Error};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const CREATE: &str = "/user/third_party_token/create";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .client_id("client-id-123")
        .secret("very-secret-value")
        .build()
        .expect("client builds")
}

fn create_request() -> UserThirdPartyTokenCreateRequest {
    let mut req = UserThirdPartyTokenCreateRequest::new("third-party-client-id");
    req.user_id = Some("usr_123".into());
    req.expiration_time = Some(Utc.with_ymd_and_hms(2026, 12, 5, 10, 0, 0).unwrap());
    req
}

async fn only_request(server: &MockServer) -> Request {
    let mut received = server.received_requests().await.expect("recording is on");
    assert_eq!(received.len(), 1, "exactly one request is sent");
    received.remove(0)
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).map(|v| v.to_str().expect("ASCII header"))
}

#[tokio::test]
async fn create_sends_exact_request_and_decodes_the_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CREATE))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "request_id": "Aim3b",
            "third_party_user_token": "third-party-user-sandbox-b0e2c4ee",
        })))
        .mount(&server)
        .await;

    let resp = client(&server).user_third_party_token_create(&create_request()).await.expect("200 decodes");
    assert_eq!(resp.third_party_user_token, "third-party-user-sandbox-b0e2c4ee");
    assert_eq!(resp.request_id, "Aim3b");

    let sent = only_request(&server).await;
    assert_eq!(sent.method.as_str(), "POST");
    assert_eq!(sent.url.path(), CREATE);
    // Exact body: field order of the schema, RFC 3339 time, `None` fields left out.
    assert_eq!(
        std::str::from_utf8(&sent.body).unwrap(),
        r#"{"third_party_client_id":"third-party-client-id","expiration_time":"2026-12-05T10:00:00Z","user_id":"usr_123"}"#
    );
    assert_eq!(header(&sent, "content-type"), Some("application/json"));
    assert_eq!(header(&sent, "plaid-client-id"), Some("client-id-123"));
    assert_eq!(header(&sent, "plaid-secret"), Some("very-secret-value"));
    assert_eq!(header(&sent, "plaid-version"), Some("2020-09-14"));
    let agent = header(&sent, "user-agent").expect("a User-Agent is sent");
    assert!(agent.starts_with("plaid-rust/0.1.0"), "User-Agent names crate and version: {agent}");
}

#[tokio::test]
async fn remove_decodes() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/user/third_party_token/remove"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"request_id": "r1", "removed": true})))
        .mount(&server)
        .await;
    let resp = client(&server)
        .user_third_party_token_remove(&UserThirdPartyTokenRemoveRequest::new("tok"))
        .await
        .expect("200 decodes");
    assert!(resp.removed);
    let sent = only_request(&server).await;
    assert_eq!(std::str::from_utf8(&sent.body).unwrap(), r#"{"third_party_user_token":"tok"}"#);
}

#[tokio::test]
async fn gateway_mode_sends_no_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"request_id": "r", "third_party_user_token": "t"})),
        )
        .mount(&server)
        .await;
    let gateway = Client::builder().base_url(format!("{}/", server.uri())).build().unwrap();
    gateway.user_third_party_token_create(&create_request()).await.expect("200 decodes");
    let sent = only_request(&server).await;
    assert_eq!(sent.url.path(), CREATE, "a trailing slash on the base URL is not doubled");
    assert_eq!(header(&sent, "plaid-client-id"), None);
    assert_eq!(header(&sent, "plaid-secret"), None);
    assert_eq!(header(&sent, "plaid-version"), Some("2020-09-14"));
}

fn plaid_error_body() -> Value {
    json!({
        "error_type": "INVALID_REQUEST",
        "error_code": "MISSING_FIELDS",
        "error_message": "the following required fields are missing: third_party_client_id",
        "display_message": null,
        "request_id": "req-400",
        "causes": [],
        "status": null,
        "documentation_url": "https://plaid.com/docs/errors/invalid-request/#missing_fields",
        "suggested_action": null
    })
}

#[tokio::test]
async fn a_400_decodes_into_a_typed_plaid_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_json(plaid_error_body()))
        .mount(&server)
        .await;
    let err = client(&server).user_third_party_token_create(&create_request()).await.unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert_eq!(err.request_id(), Some("req-400"));
    let plaid = err.plaid_error().expect("a decoded PlaidError");
    assert_eq!(plaid.error_type, PlaidErrorType::InvalidRequest);
    assert_eq!(plaid.error_code, "MISSING_FIELDS");
    assert_eq!(plaid.display_message, None);
    assert_eq!(
        err.to_string(),
        "API error (HTTP 400) INVALID_REQUEST/MISSING_FIELDS: the following required fields are missing: \
         third_party_client_id (request_id req-400)"
    );
    // Required nullable fields re-encode as `null`; optional `None`s are left out.
    let reencoded = serde_json::to_value(plaid).unwrap();
    assert_eq!(reencoded["display_message"], Value::Null);
    assert!(reencoded.as_object().unwrap().contains_key("display_message"));
    assert!(!reencoded.as_object().unwrap().contains_key("status"));
}

#[tokio::test]
async fn unknown_enum_values_and_fields_survive_decoding() {
    let server = MockServer::start().await;
    let mut body = plaid_error_body();
    body["error_type"] = json!("QUANTUM_ERROR");
    body["brand_new_field"] = json!({"nested": [1, 2]});
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).set_body_json(body.clone()))
        .mount(&server)
        .await;
    let err = client(&server).user_third_party_token_create(&create_request()).await.unwrap_err();
    let plaid = err.plaid_error().expect("still a decoded PlaidError");
    assert_eq!(plaid.error_type, PlaidErrorType::UnknownValue("QUANTUM_ERROR".into()));
    assert_eq!(plaid.error_type.as_str(), "QUANTUM_ERROR");
    let reencoded = serde_json::to_value(plaid).unwrap();
    assert_eq!(reencoded["error_type"], json!("QUANTUM_ERROR"));
    assert_eq!(reencoded["brand_new_field"], json!({"nested": [1, 2]}));
}

#[tokio::test]
async fn a_non_json_502_is_an_undecodable_response_with_an_excerpt() {
    let server = MockServer::start().await;
    let page = format!("<html><body>Bad Gateway{}</body></html>", " ".repeat(2000));
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502).insert_header("x-request-id", "gw-1").set_body_raw(page, "text/html"))
        .mount(&server)
        .await;
    let err = client(&server).user_third_party_token_create(&create_request()).await.unwrap_err();
    assert_eq!(err.status(), Some(502));
    assert_eq!(err.request_id(), Some("gw-1"));
    match &err {
        Error::Decode { status, content_type, body_excerpt, .. } => {
            assert_eq!(*status, 502);
            assert_eq!(content_type.as_deref(), Some("text/html"));
            assert!(body_excerpt.starts_with("<html><body>Bad Gateway"));
            assert!(body_excerpt.len() <= 512 + '…'.len_utf8(), "the excerpt is bounded");
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    assert!(err.to_string().starts_with("undecodable response (HTTP 502, text/html, request_id gw-1)"));
}

#[tokio::test]
async fn a_success_missing_a_required_field_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"request_id": "r-9"})))
        .mount(&server)
        .await;
    let err = client(&server).user_third_party_token_create(&create_request()).await.unwrap_err();
    match &err {
        Error::Decode { status: 200, reason, request_id, .. } => {
            assert!(reason.contains("third_party_user_token"), "names the field: {reason}");
            assert_eq!(request_id.as_deref(), Some("r-9"));
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn an_unreachable_server_is_a_transport_error() {
    // Bind and drop a listener so the port is closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let client = Client::builder().base_url(format!("http://127.0.0.1:{port}")).build().unwrap();
    let err = client.user_third_party_token_create(&create_request()).await.unwrap_err();
    assert!(matches!(err, Error::Transport { operation: "userThirdPartyTokenCreate", .. }), "{err:?}");
    assert_eq!(err.status(), None);
}

#[test]
fn secrets_never_show_in_debug_output() {
    let client = Client::builder()
        .environment(Environment::Sandbox)
        .client_id("client-id-123")
        .secret("very-secret-value")
        .build()
        .unwrap();
    let shown = format!("{client:?} {client:#?}");
    assert!(!shown.contains("very-secret-value"), "{shown}");
    assert!(shown.contains("[redacted]"));
    assert!(shown.contains("https://sandbox.plaid.com"));

    let mut req = create_request();
    req.secret = Some("body-secret-value".into());
    req.client_id = Some("body-client-id".into());
    let shown = format!("{req:?} {req:#?}");
    assert!(!shown.contains("body-secret-value"), "{shown}");
    assert!(shown.contains("body-client-id"));
}

#[test]
fn building_needs_a_valid_destination() {
    assert!(matches!(Client::builder().build(), Err(Error::Config(_))));
    assert!(matches!(Client::builder().base_url("not a url").build(), Err(Error::Config(_))));
    assert!(matches!(Client::builder().base_url("ftp://example.com").build(), Err(Error::Config(_))));
    let c = Client::builder().environment(Environment::Production).build().unwrap();
    assert_eq!(c.base_url(), "https://production.plaid.com");
}

#[test]
fn client_is_clone_send_sync() {
    fn assert_traits<T: Clone + Send + Sync>() {}
    fn assert_error<T: std::error::Error + Send + Sync + 'static>() {}
    assert_traits::<Client>();
    assert_error::<Error>();
}

#[tokio::test]
async fn post_json_calls_endpoints_the_crate_does_not_know() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/brand_new/endpoint"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"request_id": "r", "ok": true})))
        .mount(&server)
        .await;
    let response = client(&server).post_json("/brand_new/endpoint", &json!({"a": 1})).await.unwrap();
    assert_eq!(response, json!({"request_id": "r", "ok": true}));
    let sent = only_request(&server).await;
    assert_eq!(std::str::from_utf8(&sent.body).unwrap(), r#"{"a":1}"#);
    assert_eq!(header(&sent, "plaid-secret"), Some("very-secret-value"));
}
