//! Decoding speed: a 10 MiB `/transactions/get` response (the spec's example with its
//! transactions repeated) into the generated type, which keeps unknown properties and enum
//! values, against a baseline of plain `#[derive(Deserialize)]` structs with the same fields,
//! which drops unknown properties and reads enums as `String` (`tests/build.rs` makes both).
//!
//! `cargo bench -p plaid-tests --bench decode` (`cargo xtask bench` runs it and records the
//! ratio in BENCHMARKS.md).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

fn decode(c: &mut Criterion) {
    let (body, _) = plaid_tests::large_transactions_response(10 * 1024 * 1024);
    let mut group = c.benchmark_group("decode_transactions_get_10MiB");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.sample_size(10);
    group.bench_function("generated", |b| {
        b.iter(|| {
            let decoded: Result<plaid_tests::full::types::TransactionsGetResponse, _> =
                serde_json::from_slice(black_box(&body));
            decoded.map(|r| r.transactions.len())
        })
    });
    group.bench_function("plain_derive_baseline", |b| {
        b.iter(|| {
            let decoded: Result<plaid_tests::baseline::types::TransactionsGetResponse, _> =
                serde_json::from_slice(black_box(&body));
            decoded.map(|r| r.transactions.len())
        })
    });
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
