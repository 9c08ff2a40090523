//! Writes the decode benchmark's payload (a 10 MiB `/transactions/get` response built from the
//! spec's example) to a file, so that decoders outside this workspace, such as the crates.io
//! `plaid` crate that `cargo xtask bench` measures side by side, read the very same bytes.
//!
//! `cargo run --release -p plaid-tests --example transactions_payload -- OUT_FILE`

fn main() -> std::process::ExitCode {
    let Some(out) = std::env::args().nth(1) else {
        eprintln!("usage: transactions_payload OUT_FILE");
        return std::process::ExitCode::from(2);
    };
    let (body, count) = plaid_tests::large_transactions_response(10 * 1024 * 1024);
    if let Err(e) = std::fs::write(&out, &body) {
        eprintln!("cannot write {out}: {e}");
        return std::process::ExitCode::FAILURE;
    }
    println!("{} bytes, {count} transactions", body.len());
    std::process::ExitCode::SUCCESS
}
