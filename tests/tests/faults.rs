//! The generated runtime under faults: servers on loopback that fail on purpose.
//!
//! `item_get` (a read: `/item/get`) comes from the whole-API client, and
//! `user_third_party_token_create` (not safe to repeat) from the seed client.

use plaid_tests::full::{types as full_types, Client as FullClient, Error as FullError, RetryPolicy};
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::AsyncReadExt;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

/// Answers with the given responses in turn, then repeats the last one.
struct Sequence {
    responses: Vec<ResponseTemplate>,
    calls: Arc<AtomicUsize>,
}

impl Respond for Sequence {
    fn respond(&self, _: &wiremock::Request) -> ResponseTemplate {
        let n = self.calls.fetch_add(1, Ordering::SeqCst);
        self.responses[n.min(self.responses.len() - 1)].clone()
    }
}

async fn server_answering(responses: Vec<ResponseTemplate>) -> (MockServer, Arc<AtomicUsize>) {
    let server = MockServer::start().await;
    let calls = Arc::new(AtomicUsize::new(0));
    Mock::given(method("POST")).respond_with(Sequence { responses, calls: calls.clone() }).mount(&server).await;
    (server, calls)
}

fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(50),
        ..RetryPolicy::default()
    }
}

fn full_client(url: &str, retry: RetryPolicy) -> FullClient {
    FullClient::builder().base_url(url).client_id("id").secret("s3cr3t-value").retry(retry).build().unwrap()
}

fn item_ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "item": {
            "item_id": "item-1", "webhook": null, "error": null, "available_products": [], "billed_products": [],
            "consent_expiration_time": null, "update_type": "background"
        },
        "request_id": "req-ok"
    }))
}

fn plaid_error(status: u16, error_type: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({
        "error_type": error_type, "error_code": "X", "error_message": "m", "display_message": null, "request_id": "req-err"
    }))
}

async fn item_get(client: &FullClient) -> Result<full_types::ItemGetResponse, FullError> {
    client.item_get(&full_types::ItemGetRequest::new("access-sandbox-1")).await
}

#[tokio::test]
async fn a_429_is_retried_honouring_retry_after() {
    let (server, calls) =
        server_answering(vec![plaid_error(429, "RATE_LIMIT_EXCEEDED").insert_header("Retry-After", "1"), item_ok()])
            .await;
    let started = Instant::now();
    let resp = item_get(&full_client(&server.uri(), fast_retries())).await.expect("second attempt succeeds");
    assert_eq!(resp.item.item_id, "item-1");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    assert!(started.elapsed() >= Duration::from_secs(1), "waited for Retry-After");
}

#[tokio::test]
async fn a_429_is_retried_even_for_operations_unsafe_to_repeat() {
    let (server, calls) = server_answering(vec![
        plaid_error(429, "RATE_LIMIT_EXCEEDED"),
        ResponseTemplate::new(200).set_body_json(json!({"request_id": "r", "third_party_user_token": "t"})),
    ])
    .await;
    let client = plaid::Client::builder()
        .base_url(server.uri())
        .retry(plaid::RetryPolicy { initial_backoff: Duration::from_millis(10), ..Default::default() })
        .build()
        .unwrap();
    client
        .user_third_party_token_create(&plaid::types::UserThirdPartyTokenCreateRequest::new("c"))
        .await
        .expect("retried after 429");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn server_errors_are_retried_for_reads_with_bounded_attempts() {
    let (server, calls) = server_answering(vec![plaid_error(503, "API_ERROR")]).await;
    let err = item_get(&full_client(&server.uri(), fast_retries())).await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(calls.load(Ordering::SeqCst), 3, "max_attempts is 3");

    let (server, calls) =
        server_answering(vec![plaid_error(500, "API_ERROR"), plaid_error(502, "API_ERROR"), item_ok()]).await;
    item_get(&full_client(&server.uri(), fast_retries())).await.expect("third attempt succeeds");
    assert_eq!(calls.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn server_errors_are_not_retried_for_operations_unsafe_to_repeat() {
    let (server, calls) = server_answering(vec![plaid_error(500, "API_ERROR")]).await;
    let client = plaid::Client::builder().base_url(server.uri()).build().unwrap();
    let err = client
        .user_third_party_token_create(&plaid::types::UserThirdPartyTokenCreateRequest::new("c"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert_eq!(calls.load(Ordering::SeqCst), 1, "a create may have happened: not repeated");
}

#[tokio::test]
async fn other_4xx_are_never_retried_and_retries_can_be_turned_off() {
    let (server, calls) = server_answering(vec![plaid_error(400, "INVALID_REQUEST")]).await;
    let err = item_get(&full_client(&server.uri(), fast_retries())).await.unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert_eq!(calls.load(Ordering::SeqCst), 1);

    let (server, calls) = server_answering(vec![plaid_error(429, "RATE_LIMIT_EXCEEDED")]).await;
    let err = item_get(&full_client(&server.uri(), RetryPolicy::none())).await.unwrap_err();
    assert_eq!(err.status(), Some(429));
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn total_retry_time_is_bounded() {
    let (server, calls) =
        server_answering(vec![plaid_error(429, "RATE_LIMIT_EXCEEDED").insert_header("Retry-After", "3600")]).await;
    let retry = RetryPolicy { max_attempts: 10, max_elapsed: Duration::from_secs(5), ..fast_retries() };
    let err = item_get(&full_client(&server.uri(), retry)).await.unwrap_err();
    assert_eq!(err.status(), Some(429), "a wait past max_elapsed is not started");
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

/// Accepts connections and reads requests but never answers.
async fn stalling_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut buf = [0u8; 4096];
            let _ = socket.read(&mut buf).await;
            held.push(socket);
        }
    });
    url
}

#[tokio::test]
async fn a_stalled_server_times_out_instead_of_hanging() {
    let url = stalling_server().await;
    let client = FullClient::builder()
        .base_url(&url)
        .timeout(Duration::from_millis(300))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = tokio::time::timeout(Duration::from_secs(10), item_get(&client)).await.expect("no hang").unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(err.status(), None);
}

#[tokio::test]
async fn malformed_bodies_are_typed_errors_with_status_request_id_and_excerpt() {
    let cases = [
        (
            ResponseTemplate::new(200).set_body_raw(r#"{"item": {"item_id": "x""#, "application/json"),
            200,
            r#""item_id": "x""#,
        ),
        (ResponseTemplate::new(500).set_body_raw("<html><h1>Internal error</h1></html>", "text/html"), 500, "<html>"),
        (ResponseTemplate::new(200), 200, ""),
        (ResponseTemplate::new(200).set_body_raw("OK", "text/plain"), 200, "OK"),
        (
            ResponseTemplate::new(200).set_body_raw(r#"{"request_id": "req-77", "item": 5}"#, "application/json"),
            200,
            "req-77",
        ),
    ];
    for (response, status, excerpt_part) in cases {
        let (server, _) = server_answering(vec![response]).await;
        let err = item_get(&full_client(&server.uri(), RetryPolicy::none())).await.unwrap_err();
        match &err {
            FullError::Decode { status: s, body_excerpt, reason, .. } => {
                assert_eq!(*s, status);
                assert!(body_excerpt.contains(excerpt_part), "{body_excerpt:?} lacks {excerpt_part:?}");
                assert!(!reason.is_empty());
            }
            other => panic!("expected Decode for a {status} response, got {other:?}"),
        }
        assert_eq!(err.status(), Some(status));
    }
    let (server, _) = server_answering(vec![
        ResponseTemplate::new(200).set_body_raw(r#"{"request_id": "req-77", "item": 5}"#, "application/json")
    ])
    .await;
    let err = item_get(&full_client(&server.uri(), RetryPolicy::none())).await.unwrap_err();
    assert_eq!(err.request_id(), Some("req-77"), "the request id is recovered from an undecodable body");
}

#[tokio::test]
async fn secrets_never_reach_debug_display_or_traces() {
    use std::io::Write;
    #[derive(Clone, Default)]
    struct Captured(Arc<std::sync::Mutex<Vec<u8>>>);
    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber =
        tracing_subscriber::fmt().with_max_level(tracing::Level::TRACE).with_writer(move || writer.clone()).finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let (server, _) = server_answering(vec![plaid_error(503, "API_ERROR"), plaid_error(400, "INVALID_REQUEST")]).await;
    let client = full_client(&server.uri(), fast_retries());
    let mut request = full_types::ItemGetRequest::new("access-sandbox-1");
    request.secret = Some("body-s3cr3t-value".into());
    let err = client.item_get(&request).await.unwrap_err();

    let mut shown = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(shown.contains("plaid_request"), "requests are traced: {shown}");
    assert!(shown.contains("itemGet") && shown.contains("attempt=2"), "span fields: {shown}");
    shown.push_str(&format!("{client:?}{client:#?}{request:?}{request:#?}{err}{err:?}{err:#?}"));
    for secret in ["s3cr3t-value", "body-s3cr3t-value"] {
        assert!(!shown.contains(secret), "{secret} leaked into: {shown}");
    }
}
