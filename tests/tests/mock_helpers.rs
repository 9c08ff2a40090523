//! The `mock` feature of the generated crate: typed expectations on a local server, as a user
//! of the crate would write them in their own tests.

use plaid::mock::MockServer;
use plaid::types::{PlaidError, PlaidErrorType, UserThirdPartyTokenCreateRequest, UserThirdPartyTokenCreateResponse};

#[tokio::test]
async fn a_typed_response_is_served_and_the_request_recorded() {
    let server = MockServer::start().await;
    server
        .user_third_party_token_create()
        .expect(1)
        .respond_with(UserThirdPartyTokenCreateResponse::new("req-1", "third-party-token"))
        .await;
    let client = server.client().unwrap();
    let resp = client.user_third_party_token_create(&UserThirdPartyTokenCreateRequest::new("partner")).await.unwrap();
    assert_eq!(resp.third_party_user_token, "third-party-token");
    assert_eq!(server.received_json().await, [serde_json::json!({"third_party_client_id": "partner"})]);
}

#[tokio::test]
async fn typed_errors_and_raw_bodies_can_be_served() {
    let server = MockServer::start().await;
    let mut error = PlaidError::new(PlaidErrorType::InvalidInput, "INVALID_API_KEYS", "invalid client_id or secret");
    error.request_id = Some("req-err".into());
    server.user_third_party_token_create().respond_with_error(400, error.clone()).await;
    server.user_third_party_token_remove().respond_with_raw(503, "upstream down", "text/plain").await;

    let client = plaid::Client::builder().base_url(server.url()).retry(plaid::RetryPolicy::none()).build().unwrap();
    let err =
        client.user_third_party_token_create(&UserThirdPartyTokenCreateRequest::new("partner")).await.unwrap_err();
    assert_eq!(err.plaid_error(), Some(&error));
    assert_eq!(err.request_id(), Some("req-err"));
    let err = client
        .user_third_party_token_remove(&plaid::types::UserThirdPartyTokenRemoveRequest::new("t"))
        .await
        .unwrap_err();
    assert!(matches!(err, plaid::Error::Decode { status: 503, .. }), "{err:?}");
}
