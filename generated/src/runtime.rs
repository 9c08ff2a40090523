//! The hand-written runtime of the generated client: configuration, credentials, the one
//! request path every operation goes through, and errors.
//!
//! The generator copies this file unchanged into every crate it writes; the per-operation
//! methods it generates are thin calls into [`Client`]'s `send_*` functions.

use std::fmt;
use std::time::{Duration, Instant};

use tracing::Instrument;

use super::{ApiErrorBody, Environment};

/// How much of an undecodable body an [`Error`] keeps.
const BODY_EXCERPT_LIMIT: usize = 512;

/// A client for the API. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    client_id: Option<String>,
    secret: Option<Secret>,
    retry: RetryPolicy,
    hooks: Vec<RequestHook>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("client_id", &self.client_id)
            .field("secret", &self.secret)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

fn environment_names() -> String {
    Environment::ALL.iter().map(|e| format!("`{}`", e.name())).collect::<Vec<_>>().join(", ")
}

/// A credential that never shows in `Debug` output.
#[derive(Clone)]
struct Secret(String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from the environment variables `PLAID_ENV`, `PLAID_CLIENT_ID` and
    /// `PLAID_SECRET`; see [`ClientBuilder::from_env`].
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::from_env()?.build()
    }

    /// The URL requests are sent to, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Calls an endpoint by path with a JSON body and returns the JSON response: for endpoints
    /// newer than this crate (or left out by its cargo features). Credentials, retries (as for
    /// an operation that is not safe to repeat) and errors work as for generated methods.
    pub async fn post_json(&self, path: &'static str, body: &serde_json::Value) -> Result<serde_json::Value, Error> {
        let call = Call {
            operation: path,
            method: reqwest::Method::POST,
            path,
            path_params: Vec::new(),
            query: Vec::new(),
            headers: Vec::new(),
            authenticated: true,
            retry_safe: false,
        };
        self.send_json(call, Some(body)).await
    }
}

/// Configures a [`Client`]: where requests go, and the credentials sent with them.
#[derive(Default)]
pub struct ClientBuilder {
    environment: Option<Environment>,
    base_url: Option<String>,
    client_id: Option<String>,
    secret: Option<Secret>,
    http: Option<reqwest::Client>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    hooks: Vec<RequestHook>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("environment", &self.environment)
            .field("base_url", &self.base_url)
            .field("client_id", &self.client_id)
            .field("secret", &self.secret)
            .finish_non_exhaustive()
    }
}

/// A hook that sees, and may change, every request before it is sent.
type RequestHook = std::sync::Arc<dyn Fn(&mut reqwest::Request) + Send + Sync>;

impl ClientBuilder {
    /// A builder configured from the process environment:
    ///
    /// - `PLAID_ENV`: an environment name (`sandbox`, `production`, as in
    ///   [`Environment::name`]) or a URL, such as a gateway's (required);
    /// - `PLAID_CLIENT_ID` and `PLAID_SECRET`: the credentials, both or neither. Neither is
    ///   gateway mode, allowed only when `PLAID_ENV` is a URL.
    ///
    /// A missing or malformed variable is an [`Error::Config`] naming it.
    pub fn from_env() -> Result<ClientBuilder, Error> {
        Self::from_env_vars(|name| std::env::var(name).ok())
    }

    /// [`Self::from_env`] with the variables read through `lookup` (for tests and for
    /// configuration that does not live in the process environment).
    pub fn from_env_vars(lookup: impl Fn(&str) -> Option<String>) -> Result<ClientBuilder, Error> {
        let var = |name: &str| lookup(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        let env = var("PLAID_ENV").ok_or_else(|| {
            Error::Config(format!("PLAID_ENV is not set: use one of {} or a URL", environment_names()))
        })?;
        let mut builder = ClientBuilder::default();
        let is_url = env.contains("://");
        if is_url {
            builder = builder.base_url(env);
        } else {
            let environment = Environment::ALL
                .iter()
                .find(|e| e.name().eq_ignore_ascii_case(&env))
                .ok_or_else(|| {
                    Error::Config(format!("PLAID_ENV is `{env}`: use one of {} or a URL", environment_names()))
                })?;
            builder = builder.environment(*environment);
        }
        match (var("PLAID_CLIENT_ID"), var("PLAID_SECRET")) {
            (Some(id), Some(secret)) => Ok(builder.client_id(id).secret(secret)),
            (None, None) if is_url => Ok(builder),
            (None, None) => Err(Error::Config(
                "PLAID_CLIENT_ID and PLAID_SECRET are not set (they may be left out only when PLAID_ENV is a gateway URL)"
                    .to_string(),
            )),
            (Some(_), None) => Err(Error::Config("PLAID_SECRET is not set, but PLAID_CLIENT_ID is".to_string())),
            (None, Some(_)) => Err(Error::Config("PLAID_CLIENT_ID is not set, but PLAID_SECRET is".to_string())),
        }
    }

    /// Calls `hook` on every request just before it is sent (each attempt), e.g. to add a
    /// header or sign the request. Hooks run in the order they were added.
    pub fn request_hook(mut self, hook: impl Fn(&mut reqwest::Request) + Send + Sync + 'static) -> Self {
        self.hooks.push(std::sync::Arc::new(hook));
        self
    }

    /// Sends requests to one of the API's environments.
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = Some(environment);
        self
    }

    /// Sends requests to this URL instead, e.g. a gateway that injects credentials
    /// server-side, or a local mock server. Takes precedence over [`Self::environment`].
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The `client_id` sent in the `PLAID-CLIENT-ID` header. Leave unset behind a gateway.
    pub fn client_id(mut self, client_id: impl Into<String>) -> Self {
        self.client_id = Some(client_id.into());
        self
    }

    /// The `secret` sent in the `PLAID-SECRET` header. Leave unset behind a gateway.
    pub fn secret(mut self, secret: impl Into<String>) -> Self {
        self.secret = Some(Secret(secret.into()));
        self
    }

    /// Uses this HTTP client (its proxy, TLS and pool settings). The timeouts set on this
    /// builder are then not applied: configure them on the `reqwest::Client` instead.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Limits the whole of each request, from connecting to the end of the body (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// When to retry failed requests (default: [`RetryPolicy::default`]; turn retries off
    /// with [`RetryPolicy::none`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Limits connecting to the server (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Builds the client. Fails when neither an environment nor a base URL is set, when the
    /// base URL is not an `http(s)` URL, or when the HTTP client cannot be created.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = match (self.base_url, self.environment) {
            (Some(url), _) => url,
            (None, Some(environment)) => environment.url().to_string(),
            (None, None) => {
                return Err(Error::Config("set an environment or a base URL".to_string()));
            }
        };
        let parsed = reqwest::Url::parse(&base_url)
            .map_err(|e| Error::Config(format!("invalid base URL `{base_url}`: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(Error::Config(format!("base URL `{base_url}` is not http(s)")));
        }
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .timeout(self.timeout.unwrap_or(Duration::from_secs(60)))
                .connect_timeout(self.connect_timeout.unwrap_or(Duration::from_secs(10)))
                .user_agent(concat!(env!("CARGO_PKG_NAME"), "-rust/", env!("CARGO_PKG_VERSION")))
                .build()
                .map_err(|e| Error::Config(format!("cannot create the HTTP client: {e}")))?,
        };
        Ok(Client {
            http,
            base_url: base_url.trim_end_matches('/').to_string(),
            client_id: self.client_id,
            secret: self.secret,
            retry: self.retry.unwrap_or_default(),
            hooks: self.hooks,
        })
    }
}

/// One request, as a generated method describes it.
pub(crate) struct Call<'a> {
    /// The spec's `operationId`.
    pub operation: &'static str,
    pub method: reqwest::Method,
    /// Path template, e.g. `/fdx/consents/{consentId}`.
    pub path: &'static str,
    /// Values for the template's `{name}` segments; percent-encoded when substituted.
    pub path_params: Vec<(&'static str, &'a str)>,
    pub query: Vec<(&'static str, String)>,
    pub headers: Vec<(&'static str, String)>,
    /// Whether credentials are sent (false for operations with `security: []`).
    pub authenticated: bool,
    /// Whether repeating the request is harmless (see [`RetryPolicy`]).
    pub retry_safe: bool,
}

/// A response that arrived, before its body is interpreted.
pub(crate) struct RawResponse {
    status: u16,
    content_type: Option<String>,
    header_request_id: Option<String>,
    retry_after: Option<Duration>,
    pub body: Vec<u8>,
}

impl Client {
    /// Sends a JSON body (if any) and decodes a JSON response.
    pub(crate) async fn send_json<B, R>(&self, call: Call<'_>, body: Option<&B>) -> Result<R, Error>
    where
        B: serde::Serialize + ?Sized,
        R: serde::de::DeserializeOwned,
    {
        let raw = self.send_raw(call, body).await?;
        serde_json::from_slice(&raw.body).map_err(|e| raw.undecodable(format!("invalid response body: {e}")))
    }

    /// Sends a JSON body (if any) and returns the successful response undecoded (for PDF,
    /// ZIP or empty responses).
    pub(crate) async fn send_raw<B>(&self, call: Call<'_>, body: Option<&B>) -> Result<RawResponse, Error>
    where
        B: serde::Serialize + ?Sized,
    {
        let body = body.map(serde_json::to_vec).transpose().map_err(Error::Encode)?;
        self.execute(call, body).await
    }

    /// The one path every request takes; not generic, so it is compiled once. Sends, retries
    /// per the [`RetryPolicy`], and turns a final error status into an [`Error`].
    async fn execute(&self, call: Call<'_>, body: Option<Vec<u8>>) -> Result<RawResponse, Error> {
        let started = Instant::now();
        let mut attempt: u32 = 1;
        loop {
            let span = tracing::debug_span!(
                "plaid_request",
                operation = call.operation,
                attempt,
                status = tracing::field::Empty,
                request_id = tracing::field::Empty,
            );
            let outcome = self.attempt(&call, body.clone()).instrument(span.clone()).await;
            let delay = self.retry.delay(&outcome, call.retry_safe, attempt, started.elapsed());
            match (outcome, delay) {
                (outcome, Some(delay)) => {
                    let _entered = span.enter();
                    match &outcome {
                        Ok(raw) => tracing::debug!(status = raw.status, ?delay, "retrying"),
                        Err(e) => tracing::debug!(error = %e, ?delay, "retrying"),
                    }
                    drop(_entered);
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
                (Ok(raw), None) => {
                    let _entered = span.enter();
                    return raw.into_result();
                }
                (Err(e), None) => return Err(e),
            }
        }
    }

    /// One try: a response with any status, or a transport error.
    async fn attempt(&self, call: &Call<'_>, body: Option<Vec<u8>>) -> Result<RawResponse, Error> {
        let mut path = call.path.to_string();
        for (name, value) in &call.path_params {
            path = path.replace(&format!("{{{name}}}"), &path_segment(value));
        }
        let url = format!("{}{path}", self.base_url);
        let mut request = self.http.request(call.method.clone(), url);
        if !call.query.is_empty() {
            request = request.query(&call.query);
        }
        if let Some(version) = super::API_VERSION {
            request = request.header("Plaid-Version", version);
        }
        if call.authenticated {
            if let Some(client_id) = &self.client_id {
                request = request.header("PLAID-CLIENT-ID", client_id);
            }
            if let Some(Secret(secret)) = &self.secret {
                let mut value = reqwest::header::HeaderValue::from_str(secret)
                    .map_err(|_| Error::Config("the secret is not a valid header value".to_string()))?;
                value.set_sensitive(true);
                request = request.header("PLAID-SECRET", value);
            }
        }
        for (name, value) in &call.headers {
            request = request.header(*name, value);
        }
        if let Some(body) = body {
            request = request.header(reqwest::header::CONTENT_TYPE, "application/json").body(body);
        }
        let transport = |source| Error::Transport { operation: call.operation, source };
        let mut request = request.build().map_err(transport)?;
        for hook in &self.hooks {
            hook(&mut request);
        }
        let response = self.http.execute(request).await.map_err(transport)?;
        let status = response.status().as_u16();
        let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
        let content_type = header("content-type");
        let header_request_id = header("x-request-id").or_else(|| header("plaid-request-id"));
        let retry_after = header("retry-after").and_then(|v| v.trim().parse::<u64>().ok()).map(Duration::from_secs);
        tracing::Span::current().record("status", status);
        let body = response.bytes().await.map_err(transport)?.to_vec();
        Ok(RawResponse { status, content_type, header_request_id, retry_after, body })
    }
}

/// When to try a request again. Plaid's endpoints are all `POST`, so a retry can repeat an
/// action; the policy tells safe cases from unsafe ones:
///
/// - `429 Too Many Requests` and failures to connect: the request was not processed, so any
///   operation is retried.
/// - `5xx` and timeouts or broken connections after the request was sent: only operations that
///   are safe to repeat (reads: `GET`, paths ending in `/get` or `/list`; and requests that carry
///   an `idempotency_key`) are retried.
/// - Any other `4xx` is never retried.
///
/// Waits grow exponentially from `initial_backoff` up to `max_backoff`, with random jitter,
/// and honour a `Retry-After` header (in seconds). No retry starts after `max_elapsed`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 turns retries off).
    pub max_attempts: u32,
    /// The wait before the first retry.
    pub initial_backoff: Duration,
    /// The longest wait between two attempts.
    pub max_backoff: Duration,
    /// No retry is started once this much time has passed since the first attempt.
    pub max_elapsed: Duration,
}

impl Default for RetryPolicy {
    /// Three attempts, waits of about 0.25 s then 0.5 s, 30 s in all at most.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(8),
            max_elapsed: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// One attempt, no retries.
    pub fn none() -> Self {
        RetryPolicy { max_attempts: 1, ..RetryPolicy::default() }
    }

    /// How long to wait before another attempt, or `None` to stop with this outcome.
    fn delay(&self, outcome: &Result<RawResponse, Error>, retry_safe: bool, attempt: u32, elapsed: Duration) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let (retryable, retry_after) = match outcome {
            Ok(raw) => match raw.status {
                429 => (true, raw.retry_after),
                500..=599 => (retry_safe, raw.retry_after),
                _ => (false, None),
            },
            Err(Error::Transport { source, .. }) => (source.is_connect() || retry_safe, None),
            Err(_) => (false, None),
        };
        if !retryable {
            return None;
        }
        let exponential = self.initial_backoff.saturating_mul(1 << (attempt - 1).min(16)).min(self.max_backoff);
        // Jitter in [1/2, 1] of the wait keeps clients that failed together from retrying together.
        let jittered = exponential.mul_f64(0.5 + 0.5 * jitter());
        let delay = retry_after.map_or(jittered, |after| after.max(jittered));
        (elapsed + delay <= self.max_elapsed).then_some(delay)
    }
}

/// A number in [0, 1) that differs from call to call; no cryptographic quality needed.
fn jitter() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(Instant::now().elapsed().as_nanos());
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

impl RawResponse {
    /// The response of the last attempt: itself when successful, else the error it carries.
    fn into_result(self) -> Result<RawResponse, Error> {
        if let Some(id) = &self.header_request_id {
            tracing::Span::current().record("request_id", id.as_str());
        }
        if (200..300).contains(&self.status) {
            return Ok(self);
        }
        let status = self.status;
        match serde_json::from_slice::<ApiErrorBody>(&self.body) {
            Ok(error) => {
                let request_id = error.request_id().map(str::to_string).or(self.header_request_id);
                if let Some(id) = &request_id {
                    tracing::Span::current().record("request_id", id.as_str());
                }
                tracing::debug!(status, "API error");
                Err(Error::Api { status, error: Box::new(error), request_id })
            }
            Err(e) => Err(self.undecodable(format!("error response is not a valid error body: {e}"))),
        }
    }

    fn undecodable(self, reason: String) -> Error {
        let request_id = serde_json::from_slice::<serde_json::Value>(&self.body)
            .ok()
            .and_then(|v| v.get("request_id")?.as_str().map(str::to_string))
            .or(self.header_request_id);
        Error::Decode {
            status: self.status,
            content_type: self.content_type,
            request_id,
            body_excerpt: excerpt(&self.body),
            reason,
        }
    }
}

/// The start of a body as text, cut at a character boundary.
fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(BODY_EXCERPT_LIMIT)]);
    let mut text = text.into_owned();
    if body.len() > BODY_EXCERPT_LIMIT {
        text.push('…');
    }
    text
}

/// Percent-encodes a value for use as one path segment.
fn path_segment(value: &str) -> String {
    const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(value, SEGMENT).to_string()
}

/// What went wrong with a call.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error status and a decodable error body.
    Api {
        /// HTTP status code.
        status: u16,
        /// The decoded error body.
        error: Box<ApiErrorBody>,
        /// The request id, from the body or the response headers.
        request_id: Option<String>,
    },
    /// The API answered, but the body could not be decoded (an HTML error page from a proxy,
    /// truncated JSON, a missing required field, ...).
    Decode {
        /// HTTP status code.
        status: u16,
        /// The response's `Content-Type`.
        content_type: Option<String>,
        /// The request id, when the body or the headers carry one.
        request_id: Option<String>,
        /// The start of the body (at most 512 bytes).
        body_excerpt: String,
        /// Why decoding failed.
        reason: String,
    },
    /// The request could not be sent or the response not received (connection, timeout, TLS).
    Transport {
        /// The `operationId` of the call.
        operation: &'static str,
        /// The underlying error.
        source: reqwest::Error,
    },
    /// The request body could not be encoded as JSON.
    Encode(serde_json::Error),
    /// The client is misconfigured.
    Config(String),
}

impl Error {
    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } | Error::Decode { status, .. } => Some(*status),
            Error::Transport { source, .. } => source.status().map(|s| s.as_u16()),
            Error::Encode(_) | Error::Config(_) => None,
        }
    }

    /// The decoded error body of an API error.
    pub fn plaid_error(&self) -> Option<&ApiErrorBody> {
        match self {
            Error::Api { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The request id the API assigned, for support requests.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api { request_id, .. } | Error::Decode { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport { source, .. } if source.is_timeout())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api { status, error, request_id } => {
                write!(f, "API error (HTTP {status})")?;
                let kind = [error.error_type(), error.error_code()].into_iter().flatten().collect::<Vec<_>>();
                if !kind.is_empty() {
                    write!(f, " {}", kind.join("/"))?;
                }
                if let Some(message) = error.error_message() {
                    write!(f, ": {message}")?;
                }
                if let Some(id) = request_id {
                    write!(f, " (request_id {id})")?;
                }
                Ok(())
            }
            Error::Decode { status, content_type, request_id, body_excerpt, reason } => {
                write!(f, "undecodable response (HTTP {status}")?;
                if let Some(ct) = content_type {
                    write!(f, ", {ct}")?;
                }
                if let Some(id) = request_id {
                    write!(f, ", request_id {id}")?;
                }
                write!(f, "): {reason}; body starts: {body_excerpt:?}")
            }
            Error::Transport { operation, source } => write!(f, "{operation}: request failed: {source}"),
            Error::Encode(e) => write!(f, "cannot encode the request body: {e}"),
            Error::Config(message) => write!(f, "invalid client configuration: {message}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source, .. } => Some(source),
            Error::Encode(e) => Some(e),
            _ => None,
        }
    }
}

/// The details an error body carries, as text; implemented for the spec's error type.
pub trait ErrorDetails {
    /// A broad category, e.g. `INVALID_REQUEST`.
    fn error_type(&self) -> Option<&str>;
    /// The specific error, e.g. `MISSING_FIELDS`.
    fn error_code(&self) -> Option<&str>;
    /// A message for developers.
    fn error_message(&self) -> Option<&str>;
    /// The id of the request, for support requests.
    fn request_id(&self) -> Option<&str>;
}

impl ErrorDetails for serde_json::Value {
    fn error_type(&self) -> Option<&str> {
        self.get("error_type")?.as_str()
    }
    fn error_code(&self) -> Option<&str> {
        self.get("error_code")?.as_str()
    }
    fn error_message(&self) -> Option<&str> {
        self.get("error_message")?.as_str()
    }
    fn request_id(&self) -> Option<&str> {
        self.get("request_id")?.as_str()
    }
}
