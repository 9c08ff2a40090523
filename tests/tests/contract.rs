//! Contract tests: the generated seed client against Prism serving Plaid's published spec.
//! Prism validates each request against the spec (422 when it does not match, 401 without
//! credentials) and answers with the spec's examples.

use plaid::types::{UserThirdPartyTokenCreateRequest, UserThirdPartyTokenRemoveRequest};
use plaid::{Client, Error};
use plaid_tests::prism::Prism;

#[tokio::test(flavor = "multi_thread")]
async fn seed_client_against_prism() {
    let spec = plaid_tests::spec_dir().join("2020-09-14_1.697.4.yml");
    plaid_tests::read_spec("2020-09-14_1.697.4.yml"); // fails with directions if missing
    let prism = tokio::task::spawn_blocking(move || Prism::start(&spec)).await.unwrap();

    let client = Client::builder().base_url(&prism.url).client_id("client-id").secret("secret").build().unwrap();
    let mut req = UserThirdPartyTokenCreateRequest::new("third-party-client-id");
    req.user_id = Some("usr_123".into());
    req.expiration_time = Some(plaid::chrono::Utc::now() + plaid::chrono::Duration::hours(1));
    let resp = client.user_third_party_token_create(&req).await.expect("Prism accepts the request");
    assert!(!resp.third_party_user_token.is_empty());
    assert!(!resp.request_id.is_empty());

    let anonymous = Client::builder().base_url(&prism.url).build().unwrap();
    let err = anonymous.user_third_party_token_create(&req).await.unwrap_err();
    assert_eq!(err.status(), Some(401), "{err}");
    assert!(matches!(err, Error::Api { .. } | Error::Decode { .. }), "{err:?}");

    let removed = client
        .user_third_party_token_remove(&UserThirdPartyTokenRemoveRequest::new(resp.third_party_user_token))
        .await
        .expect("Prism accepts the remove request");
    assert!(removed.removed);
}
