//! The side-by-side half of `cargo xtask bench`: the `plaid` crate from crates.io and
//! progenitor, measured in the same run, on the same machine and inputs as this project.
//!
//! Both are fetched from crates.io into `target/bench/` (nothing of theirs is committed):
//! - the `plaid` crate is a dependency of a throwaway crate; its crate-only check and build
//!   are timed after `cargo clean -p plaid` with every other dependency already built, and a
//!   criterion benchmark decodes the same payload file into its `TransactionsGetResponse`;
//! - `cargo-progenitor` is installed into `target/bench/tools`, run on the unpatched spec (its
//!   result is recorded), then timed on a minimally patched copy, whose output is
//!   type-checked the same way as this project's crate.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::bench::{median_step, run, timed, Step, Timed, RUNS};

pub const PLAID_CRATE_VERSION: &str = "9.0.1";
pub const PROGENITOR_VERSION: &str = "0.15.1";

pub struct CratesIoPlaid {
    pub check: Timed,
    pub build: Timed,
    /// Median decode time in ms, or why it could not decode the payload.
    pub decode: Result<f64, String>,
}

pub struct Progenitor {
    /// What it says about the spec as published (the first line of its error, or "ok").
    pub unpatched: String,
    /// The patches the run needed, each a sentence.
    pub patches: Vec<String>,
    pub generate: Step,
    /// `cargo check` of its output, crate only, and the first error if it fails.
    pub check: Timed,
    pub check_errors: usize,
}

const BENCH_CRATE_TOML: &str = r#"# Written by `cargo xtask bench`: measures the crates.io `plaid` crate beside this project's.
[package]
name = "crates-io-plaid-bench"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
plaid = "=VERSION"
serde_json = "1"

[dev-dependencies]
criterion = { version = "0.5", default-features = false }

[[bench]]
name = "decode"
harness = false
"#;

const BENCH_CRATE_DECODE: &str = r#"//! Written by `cargo xtask bench`: the payload file `PLAID_BENCH_PAYLOAD` decoded into the
//! crates.io `plaid` crate's `TransactionsGetResponse`, as `tests/benches/decode.rs` does for
//! this project's type.
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

fn decode(c: &mut Criterion) {
    let path = std::env::var("PLAID_BENCH_PAYLOAD").expect("PLAID_BENCH_PAYLOAD names the payload file");
    let body = std::fs::read(&path).expect("payload file");
    if let Err(e) = serde_json::from_slice::<plaid::model::TransactionsGetResponse>(&body) {
        println!("DECODE-ERROR {e}");
        return;
    }
    let mut group = c.benchmark_group("decode_transactions_get_10MiB");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.sample_size(10);
    group.bench_function("crates_io_plaid", |b| {
        b.iter(|| {
            let decoded: Result<plaid::model::TransactionsGetResponse, _> = serde_json::from_slice(black_box(&body));
            decoded.map(|r| r.transactions.len())
        })
    });
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
"#;

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

pub fn crates_io_plaid(bench_dir: &Path, payload: &Path) -> Result<CratesIoPlaid, String> {
    let dir = bench_dir.join("crates-io-plaid");
    let target = dir.join("target");
    write(&dir.join("Cargo.toml"), &BENCH_CRATE_TOML.replace("VERSION", PLAID_CRATE_VERSION))?;
    write(&dir.join("src/lib.rs"), "//! Nothing: the crate exists for its dependency and its benchmark.\n")?;
    write(&dir.join("benches/decode.rs"), BENCH_CRATE_DECODE)?;
    let env = [("CARGO_TARGET_DIR", target.as_path())];
    eprintln!("crates.io plaid {PLAID_CRATE_VERSION}: building it and its dependencies...");
    run(Command::new("cargo").args(["build", "--quiet"]).current_dir(&dir).env("CARGO_TARGET_DIR", &target))?;
    let crate_only = |args: &[&str]| -> Result<Timed, String> {
        run(Command::new("cargo")
            .args(["clean", "--quiet", "-p", "plaid"])
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", &target))?;
        let timed = timed("cargo", args, &dir, &env)?;
        if !timed.success {
            return Err(format!("cargo {} of the crates.io plaid crate failed:\n{}", args.join(" "), timed.output));
        }
        Ok(timed)
    };
    eprintln!("crates.io plaid: crate-only check and debug build...");
    let check = crate_only(&["check", "--quiet", "-p", "plaid"])?;
    let build = crate_only(&["build", "--quiet", "-p", "plaid"])?;
    eprintln!("crates.io plaid: decoding the payload (criterion, release)...");
    let output = run(Command::new("cargo")
        .args(["bench", "--quiet", "--bench", "decode"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", &target)
        .env("PLAID_BENCH_PAYLOAD", payload))?;
    let decode = match output.lines().find_map(|l| l.strip_prefix("DECODE-ERROR ")) {
        Some(error) => Err(error.to_string()),
        None => crate::bench::criterion_median_ms(&output, "decode_transactions_get_10MiB/crates_io_plaid").map(Ok)?,
    };
    Ok(CratesIoPlaid { check, build, decode })
}

fn progenitor_binary(bench_dir: &Path) -> Result<PathBuf, String> {
    let root = bench_dir.join("tools");
    let binary = root.join("bin/cargo-progenitor");
    if !binary.exists() {
        eprintln!("installing cargo-progenitor {PROGENITOR_VERSION} into {}...", root.display());
        run(Command::new("cargo")
            .args(["install", "--quiet", "--locked", "cargo-progenitor", "--version", PROGENITOR_VERSION, "--root"])
            .arg(&root))?;
    }
    Ok(binary)
}

/// The spec with what progenitor cannot take repaired, and a sentence per repair.
///
/// The defects this project's generator repairs itself (with a warning each) are repaired the
/// same way, by `plaid_codegen::spec_json`; progenitor also needs one response type per
/// operation, so each `default` response (Plaid's error body) becomes `4XX`.
fn patch_for_progenitor(spec: &Path) -> Result<(String, Vec<String>), String> {
    let text = std::fs::read_to_string(spec).map_err(|e| format!("{}: {e}", spec.display()))?;
    let (mut doc, repairs) = plaid_codegen::spec_json(&text).map_err(|f| f.to_string())?;
    let mut renamed = 0;
    if let Some(paths) = doc.get_mut("paths").and_then(|p| p.as_object_mut()) {
        for item in paths.values_mut().filter_map(|i| i.as_object_mut()) {
            for op in item.values_mut() {
                let Some(responses) = op.get_mut("responses").and_then(|r| r.as_object_mut()) else { continue };
                if let Some(default) = responses.remove("default") {
                    responses.insert("4XX".to_string(), default);
                    renamed += 1;
                }
            }
        }
    }
    let patches = vec![
        format!("the {} repairs `plaid_codegen` makes itself (numbers in string enums, stray `examples` under `content`, empty path items)", repairs.len()),
        format!("`default` responses renamed `4XX` in {renamed} operations (progenitor asserts one success type, and counts `default` as one)"),
    ];
    let json = serde_json::to_string(&doc).map_err(|e| e.to_string())?;
    Ok((json, patches))
}

pub fn progenitor(bench_dir: &Path, spec: &Path) -> Result<Progenitor, String> {
    let binary = progenitor_binary(bench_dir)?;
    let binary = binary.to_string_lossy().into_owned();
    let dir = bench_dir.join("progenitor");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let spec_arg = spec.to_string_lossy().into_owned();
    let generate = |input: &str, out: &str| {
        timed(&binary, &["progenitor", "-i", input, "-o", out, "-n", "plaid-progenitor", "-v", "0.1.0"], &dir, &[])
    };

    eprintln!("progenitor: the unpatched spec...");
    let first = generate(&spec_arg, "unpatched")?;
    let unpatched = if first.success {
        "generated a crate".to_string()
    } else {
        let reason = first
            .output
            .lines()
            .find(|l| l.contains("fail") || l.contains("panicked") || l.starts_with("Error"))
            .unwrap_or("failed");
        let detail = first.output.lines().skip_while(|l| !l.contains("panicked")).nth(1).unwrap_or("");
        format!("{} {}", reason.trim(), detail.trim()).trim().to_string()
    };

    let (patched, patches) = patch_for_progenitor(spec)?;
    let patched_path = dir.join("patched.json");
    write(&patched_path, &patched)?;
    let patched_arg = patched_path.to_string_lossy().into_owned();
    eprintln!("progenitor: {RUNS} runs on the patched spec...");
    let mut times = Vec::new();
    let mut peak: f64 = 0.0;
    for _ in 0..RUNS {
        let _ = std::fs::remove_dir_all(dir.join("out"));
        let t = generate(&patched_arg, "out")?;
        if !t.success {
            return Err(format!("progenitor failed on the patched spec:\n{}", tail(&t.output, 20)));
        }
        times.push(t.wall_s * 1000.0);
        peak = peak.max(t.peak_rss_mib);
    }
    let generate = median_step(times, peak);

    // Crate-only, as for this project's crate: dependencies first (with an empty crate), then
    // the real sources.
    let out = dir.join("out");
    let target = bench_dir.join("target");
    let lib = out.join("src/lib.rs");
    let sources = std::fs::read_to_string(&lib).map_err(|e| format!("{}: {e}", lib.display()))?;
    write(&lib, "")?;
    eprintln!("progenitor: its output's dependencies...");
    run(Command::new("cargo").args(["check", "--quiet"]).current_dir(&out).env("CARGO_TARGET_DIR", &target))?;
    write(&lib, &sources)?;
    eprintln!("progenitor: type-checking its output...");
    let check = timed(
        "cargo",
        &["check", "--quiet", "--message-format=short"],
        &out,
        &[("CARGO_TARGET_DIR", target.as_path())],
    )?;
    let check_errors = check.output.lines().filter(|l| l.contains(": error")).count();
    Ok(Progenitor { unpatched, patches, generate, check, check_errors })
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}
