//! A response of more than 50 MB decodes. Its own test binary, so the peak memory it prints
//! (VmHWM of this process, Linux) belongs to this test alone.

use plaid_tests::full::{types, Client, RetryPolicy};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

#[tokio::test]
async fn a_response_over_50_mb_decodes() {
    let (body, count) = plaid_tests::large_transactions_response(50 * 1024 * 1024);
    let size_mib = body.len() as f64 / (1024.0 * 1024.0);
    assert!(size_mib >= 50.0);
    let server = MockServer::start().await;
    Mock::given(path("/transactions/get"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let before = peak_rss_mib();
    let client = Client::builder().base_url(server.uri()).retry(RetryPolicy::none()).build().unwrap();
    let request = types::TransactionsGetRequest::new(
        "access-sandbox-1",
        plaid_tests::full::chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        plaid_tests::full::chrono::NaiveDate::from_ymd_opt(2024, 2, 1).unwrap(),
    );
    let response = client.transactions_get(&request).await.expect("decodes");
    assert_eq!(response.transactions.len(), count);
    println!(
        "decoded a {size_mib:.1} MiB /transactions/get response ({count} transactions); \
         peak RSS {:.0} MiB before the call (payload held by the mock server), {:.0} MiB after",
        before.unwrap_or(f64::NAN),
        peak_rss_mib().unwrap_or(f64::NAN)
    );
}
