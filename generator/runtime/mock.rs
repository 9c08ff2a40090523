//! Test helpers for code that uses this client (cargo feature `mock`): a local mock server
//! with one typed expectation builder per operation.
//!
//! ```ignore
//! let server = plaid::mock::MockServer::start().await;
//! server.user_third_party_token_create().respond_with(response).await;
//! let client = server.client()?; // or point your own builder at `server.url()`
//! ```
//!
//! The generator copies this file unchanged into every crate it writes; the per-operation
//! methods of [`MockServer`] are generated.

use std::marker::PhantomData;

use super::{ApiErrorBody, Client};

/// A mock API server on a local port, stopped when dropped.
pub struct MockServer {
    inner: wiremock::MockServer,
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer").field("url", &self.inner.uri()).finish()
    }
}

impl MockServer {
    /// Starts a server on a free loopback port.
    pub async fn start() -> MockServer {
        MockServer { inner: wiremock::MockServer::start().await }
    }

    /// The server's base URL, for [`super::ClientBuilder::base_url`].
    pub fn url(&self) -> String {
        self.inner.uri()
    }

    /// A client pointed at this server, with test credentials and no retries.
    pub fn client(&self) -> Result<Client, super::Error> {
        Client::builder()
            .base_url(self.url())
            .client_id("mock-client-id")
            .secret("mock-secret")
            .retry(super::RetryPolicy::none())
            .build()
    }

    /// The bodies of the requests received so far, as JSON (in arrival order).
    pub async fn received_json(&self) -> Vec<serde_json::Value> {
        let requests = self.inner.received_requests().await.unwrap_or_default();
        requests.iter().filter_map(|r| serde_json::from_slice(&r.body).ok()).collect()
    }

    /// The underlying `wiremock` server, for expectations these helpers do not cover.
    pub fn wiremock(&self) -> &wiremock::MockServer {
        &self.inner
    }

    pub(crate) fn operation<R>(&self, method: &'static str, path: &'static str) -> OperationMock<'_, R> {
        OperationMock { server: self, method, path, times: None, response: PhantomData }
    }
}

/// Response bodies that are not JSON (PDF, ZIP) or absent.
#[derive(Debug)]
pub enum Raw {}

/// The expectation for one operation: what it answers, and how often it must be called.
#[must_use = "an expectation does nothing until one of its `respond_*` methods is awaited"]
pub struct OperationMock<'a, R> {
    server: &'a MockServer,
    method: &'static str,
    path: &'static str,
    times: Option<u64>,
    response: PhantomData<fn() -> R>,
}

impl<R> OperationMock<'_, R> {
    /// Requires exactly `n` calls; checked when the server is dropped.
    pub fn expect(mut self, n: u64) -> Self {
        self.times = Some(n);
        self
    }

    /// Answers with an API error: the status and the error body.
    pub async fn respond_with_error(self, status: u16, error: ApiErrorBody) {
        let template = wiremock::ResponseTemplate::new(status).set_body_json(error);
        self.mount(template).await;
    }

    /// Answers with any status and raw body, e.g. to test a misbehaving proxy.
    pub async fn respond_with_raw(self, status: u16, body: impl Into<Vec<u8>>, content_type: &str) {
        let template = wiremock::ResponseTemplate::new(status).set_body_raw(body.into(), content_type);
        self.mount(template).await;
    }

    async fn mount(self, template: wiremock::ResponseTemplate) {
        // Path parameters (`{id}`) match any one segment.
        let pattern = path_pattern(self.path);
        let mut mock = wiremock::Mock::given(wiremock::matchers::method(self.method))
            .and(wiremock::matchers::path_regex(pattern))
            .respond_with(template);
        if let Some(n) = self.times {
            mock = mock.expect(n);
        }
        mock.mount(&self.server.inner).await;
    }
}

impl<R: serde::Serialize> OperationMock<'_, R> {
    /// Answers `200 OK` with `response` as JSON.
    pub async fn respond_with(self, response: R) {
        let template = wiremock::ResponseTemplate::new(200).set_body_json(response);
        self.mount(template).await;
    }
}

impl OperationMock<'_, Raw> {
    /// Answers `200 OK` with these bytes.
    pub async fn respond_with_bytes(self, body: impl Into<Vec<u8>>, content_type: &str) {
        self.respond_with_raw(200, body, content_type).await;
    }
}

fn path_pattern(template: &str) -> String {
    let mut pattern = String::from("^");
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        pattern.push_str(&escape(&rest[..start]));
        pattern.push_str("[^/]+");
        rest = rest[start..].find('}').map_or("", |end| &rest[start + end + 1..]);
    }
    pattern.push_str(&escape(rest));
    pattern.push('$');
    pattern
}

fn escape(literal: &str) -> String {
    literal
        .chars()
        .flat_map(|c| {
            let special = ".+*?()|[]{}^$\\".contains(c);
            special.then_some('\\').into_iter().chain(std::iter::once(c))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn path_parameters_match_one_segment() {
        assert_eq!(super::path_pattern("/fdx/consents/{consentId}"), "^/fdx/consents/[^/]+$");
        assert_eq!(super::path_pattern("/a.b/{x}/c"), "^/a\\.b/[^/]+/c$");
    }
}
