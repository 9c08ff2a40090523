//! Configuration from the environment, and request hooks (user middleware).

use plaid::{Client, ClientBuilder, Environment, Error};
use serde_json::json;
use std::collections::HashMap;
use wiremock::matchers::{header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn from_vars(vars: &[(&str, &str)]) -> Result<Client, Error> {
    let vars: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    ClientBuilder::from_env_vars(|name| vars.get(name).cloned())?.build()
}

fn config_error(result: Result<Client, Error>) -> String {
    match result {
        Err(Error::Config(message)) => message,
        other => panic!("expected a configuration error, got {other:?}"),
    }
}

#[test]
fn environment_names_select_servers() {
    assert_eq!(Environment::Sandbox.name(), "sandbox");
    assert_eq!(Environment::Production.name(), "production");
    let c = from_vars(&[("PLAID_ENV", "sandbox"), ("PLAID_CLIENT_ID", "id"), ("PLAID_SECRET", "s")]).unwrap();
    assert_eq!(c.base_url(), "https://sandbox.plaid.com");
    let c = from_vars(&[("PLAID_ENV", "Production"), ("PLAID_CLIENT_ID", "id"), ("PLAID_SECRET", "s")]).unwrap();
    assert_eq!(c.base_url(), "https://production.plaid.com");
}

#[test]
fn a_url_is_a_gateway_and_may_go_without_credentials() {
    let c = from_vars(&[("PLAID_ENV", "https://gateway.example/plaid/")]).unwrap();
    assert_eq!(c.base_url(), "https://gateway.example/plaid");
    assert!(format!("{c:?}").contains("client_id: None"));
}

#[test]
fn missing_or_malformed_variables_are_named() {
    assert!(
        config_error(from_vars(&[])).starts_with("PLAID_ENV is not set: use one of `production`, `sandbox` or a URL")
    );
    assert!(config_error(from_vars(&[("PLAID_ENV", "staging")])).starts_with("PLAID_ENV is `staging`"));
    assert!(
        config_error(from_vars(&[("PLAID_ENV", "sandbox")])).contains("PLAID_CLIENT_ID and PLAID_SECRET are not set")
    );
    assert_eq!(
        config_error(from_vars(&[("PLAID_ENV", "sandbox"), ("PLAID_CLIENT_ID", "id")])),
        "PLAID_SECRET is not set, but PLAID_CLIENT_ID is"
    );
    assert_eq!(
        config_error(from_vars(&[("PLAID_ENV", "sandbox"), ("PLAID_SECRET", "s"), ("PLAID_CLIENT_ID", " ")])),
        "PLAID_CLIENT_ID is not set, but PLAID_SECRET is"
    );
    assert!(config_error(from_vars(&[("PLAID_ENV", "ftp://x")])).contains("is not http(s)"));
}

#[tokio::test]
async fn a_request_hook_can_add_a_header() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(header("x-trace-id", "trace-42"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"request_id": "r", "removed": true})))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .request_hook(|request| {
            request.headers_mut().insert("x-trace-id", "trace-42".parse().unwrap());
        })
        .build()
        .unwrap();
    let resp = client
        .user_third_party_token_remove(&plaid::types::UserThirdPartyTokenRemoveRequest::new("tok"))
        .await
        .expect("the mock only answers requests that carry the hook's header");
    assert!(resp.removed);
}
