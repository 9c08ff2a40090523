//! `cargo xtask bench`: measures the generator and the whole-API crate it writes, and records
//! figures and method in `BENCHMARKS.md`.
//!
//! Each generator measurement runs in its own process (`generator/examples/bench.rs`, release
//! build) so that its peak memory is its own; the median of the runs is reported. Crate
//! compile costs are measured with GNU `time` around `cargo`, with dependencies already built,
//! after touching the crate's sources, so only the crate itself is compiled: user+system CPU
//! seconds and the peak RSS of the largest process (rustc).

use std::path::{Path, PathBuf};
use std::process::Command;

const RUNS: usize = 5;

/// The three-product selection measured beside the whole crate.
const SELECTION: &str = "transactions,auth,identity";

struct Step {
    median_ms: f64,
    min_ms: f64,
    max_ms: f64,
    peak_rss_mib: f64,
}

struct Compile {
    wall_s: f64,
    cpu_s: f64,
    peak_rss_mib: f64,
}

fn run(cmd: &mut Command) -> Result<String, String> {
    let output = cmd.output().map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    if !output.status.success() {
        return Err(format!("{cmd:?} failed:\n{}", String::from_utf8_lossy(&output.stderr)));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr))
}

fn field(text: &str, key: &str) -> Option<f64> {
    text.split_whitespace().find_map(|w| w.strip_prefix(key)?.parse().ok())
}

fn measure_step(binary: &Path, mode: &str, spec: &Path, out: &Path) -> Result<Step, String> {
    let mut times = Vec::new();
    let mut peak: f64 = 0.0;
    for _ in 0..RUNS {
        let text = run(Command::new(binary).arg(mode).arg(spec).arg(out))?;
        times.push(field(&text, "ms=").ok_or("no ms= in bench output")?);
        peak = peak.max(field(&text, "rss_mib=").unwrap_or(f64::NAN));
    }
    times.sort_by(f64::total_cmp);
    Ok(Step { median_ms: times[RUNS / 2], min_ms: times[0], max_ms: times[RUNS - 1], peak_rss_mib: peak })
}

/// `cargo <args>` in `dir` under GNU time, after touching `src/lib.rs`.
fn measure_compile(dir: &Path, target: &Path, args: &[&str]) -> Result<Compile, String> {
    let lib = dir.join("src/lib.rs");
    let text = std::fs::read_to_string(&lib).map_err(|e| e.to_string())?;
    std::fs::write(&lib, text).map_err(|e| e.to_string())?; // a write is a touch
    let out = run(Command::new("/usr/bin/time")
        .args(["-f", "TIME wall=%e user=%U sys=%S rss_kib=%M", "cargo"])
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target))?;
    let line = out.lines().find(|l| l.starts_with("TIME ")).ok_or("no GNU time output (is /usr/bin/time installed?)")?;
    Ok(Compile {
        wall_s: field(line, "wall=").unwrap_or(f64::NAN),
        cpu_s: field(line, "user=").unwrap_or(f64::NAN) + field(line, "sys=").unwrap_or(f64::NAN),
        peak_rss_mib: field(line, "rss_kib=").unwrap_or(f64::NAN) / 1024.0,
    })
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| t.lines().find(|l| l.starts_with("model name")).map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string()))
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    let rustc = run(Command::new("rustc").arg("--version")).unwrap_or_default();
    format!("{cores} cores ({cpu}), {}", rustc.trim())
}

pub fn bench(root: &Path, spec: &Path) -> Result<(), String> {
    let bench_dir = root.join("target/bench");
    let target = bench_dir.join("target");
    eprintln!("building the generator (release)...");
    run(Command::new("cargo")
        .args(["build", "--quiet", "--release", "-p", "plaid-codegen", "--example", "bench"])
        .current_dir(root))?;
    let binary = root.join("target/release/examples/bench");
    let crate_dir = bench_dir.join("whole-api");
    eprintln!("generator: {RUNS} runs each of parse and generate...");
    let parse = measure_step(&binary, "parse", spec, &crate_dir)?;
    let generate = measure_step(&binary, "generate", spec, &crate_dir)?;
    let stages = measure_stages(&binary, spec, &crate_dir)?;

    std::fs::copy(root.join("Cargo.lock"), crate_dir.join("Cargo.lock")).map_err(|e| e.to_string())?;
    eprintln!("whole-API crate: building dependencies...");
    run(Command::new("cargo").args(["build", "--quiet"]).current_dir(&crate_dir).env("CARGO_TARGET_DIR", &target))?;
    run(Command::new("cargo").args(["check", "--quiet"]).current_dir(&crate_dir).env("CARGO_TARGET_DIR", &target))?;
    eprintln!("whole-API crate: check and debug build of the crate alone...");
    let check = measure_compile(&crate_dir, &target, &["check", "--quiet"])?;
    let build = measure_compile(&crate_dir, &target, &["build", "--quiet"])?;
    let selection = ["check", "--quiet", "--no-default-features", "--features", SELECTION];
    run(Command::new("cargo").args(selection).current_dir(&crate_dir).env("CARGO_TARGET_DIR", &target))?;
    let check3 = measure_compile(&crate_dir, &target, &selection)?;
    let build_selection = ["build", "--quiet", "--no-default-features", "--features", SELECTION];
    run(Command::new("cargo").args(build_selection).current_dir(&crate_dir).env("CARGO_TARGET_DIR", &target))?;
    let build3 = measure_compile(&crate_dir, &target, &build_selection)?;

    eprintln!("decoding: criterion, generated type against a plain-derive baseline...");
    let criterion = run(Command::new("cargo").args(["bench", "-p", "plaid-tests", "--bench", "decode"]).current_dir(root))?;
    let generated_ms = criterion_median_ms(&criterion, "decode_transactions_get_10MiB/generated")?;
    let baseline_ms = criterion_median_ms(&criterion, "decode_transactions_get_10MiB/plain_derive_baseline")?;

    let spec_name = spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let report = format!(
        "# Benchmarks\n\n\
         Measured by `cargo xtask bench` (`xtask/src/bench.rs`) on {machine}.\n\
         Input: `{spec_name}` (the whole Plaid API). Re-run the command to refresh this file.\n\n\
         ## Generation (release build)\n\n\
         Each figure is the median of {RUNS} runs, each run a separate process \
         (`generator/examples/bench.rs`); peak RSS is the largest of the runs.\n\n\
         | step | median | min .. max | peak RSS |\n| --- | --- | --- | --- |\n\
         | bare parse (YAML -> `openapiv3::OpenAPI`, with fixups) | {:.0} ms | {:.0} .. {:.0} ms | {:.0} MiB |\n\
         | full generation to formatted files on disk | {:.0} ms | {:.0} .. {:.0} ms | {:.0} MiB |\n\n\
         Full generation takes {:.2}x the bare parse. Where the time goes (median of {RUNS} runs of \
         `bench stages`, one pass through the pipeline):\n\n{stages}\n\
         ## The generated whole-API crate\n\n\
         Crate-only: dependencies are built first, then `src/lib.rs` is touched and the command timed \
         with GNU `time` (CPU = user + system of cargo and rustc; peak RSS = the largest process, rustc).\n\n\
         | command | wall | CPU | peak rustc RSS |\n| --- | --- | --- | --- |\n\
         | `cargo check` | {:.1} s | {:.1} s | {:.0} MiB |\n\
         | `cargo build` (debug) | {:.1} s | {:.1} s | {:.0} MiB |\n\
         | `cargo check --no-default-features --features {SELECTION}` | {:.1} s | {:.1} s | {:.0} MiB |\n\
         | `cargo build --no-default-features --features {SELECTION}` | {:.1} s | {:.1} s | {:.0} MiB |\n\n\
         ## Decoding\n\n\
         `cargo bench -p plaid-tests --bench decode` (criterion, 10 samples, release): a 10 MiB \
         `/transactions/get` response (the spec's example, transactions repeated) decoded into the \
         generated type, which keeps unknown properties and enum values, and into plain \
         `#[derive(Deserialize)]` structs with the same fields that drop unknown properties and read \
         enums as `String` (made by `tests/build.rs` from the same model).\n\n\
         | decoder | median time | speed relative to the baseline |\n| --- | --- | --- |\n\
         | generated `TransactionsGetResponse` | {generated_ms:.1} ms | {:.2}x |\n\
         | plain-derive baseline | {baseline_ms:.1} ms | 1.00x |\n\n\
         ## Not measured yet\n\n\
         The `plaid` crate from crates.io and progenitor side by side.\n",
        parse.median_ms, parse.min_ms, parse.max_ms, parse.peak_rss_mib,
        generate.median_ms, generate.min_ms, generate.max_ms, generate.peak_rss_mib,
        generate.median_ms / parse.median_ms,
        check.wall_s, check.cpu_s, check.peak_rss_mib,
        build.wall_s, build.cpu_s, build.peak_rss_mib,
        check3.wall_s, check3.cpu_s, check3.peak_rss_mib,
        build3.wall_s, build3.cpu_s, build3.peak_rss_mib,
        baseline_ms / generated_ms,
        machine = machine(),
        stages = stages,
    );
    let path: PathBuf = root.join("BENCHMARKS.md");
    std::fs::write(&path, &report).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!("{report}");
    Ok(())
}

/// The median of criterion's `time: [low median high]` line after the benchmark's name, in ms.
fn criterion_median_ms(output: &str, name: &str) -> Result<f64, String> {
    let mut lines = output.lines().skip_while(|l| l.trim() != name);
    let line = lines.find(|l| l.trim_start().starts_with("time:")).ok_or(format!("no criterion result for {name}"))?;
    let inside = line.split('[').nth(1).and_then(|r| r.split(']').next()).ok_or("unexpected criterion output")?;
    let parts: Vec<&str> = inside.split_whitespace().collect();
    let (value, unit) = (parts.get(2).ok_or("short criterion line")?, parts.get(3).ok_or("short criterion line")?);
    let value: f64 = value.parse().map_err(|_| format!("not a number: {value}"))?;
    let factor = match *unit {
        "s" => 1000.0,
        "ms" => 1.0,
        "µs" | "us" => 0.001,
        "ns" => 0.000_001,
        other => return Err(format!("unknown unit {other}")),
    };
    Ok(value * factor)
}

/// A table of the median time of each pipeline stage.
fn measure_stages(binary: &Path, spec: &Path, out: &Path) -> Result<String, String> {
    let mut samples: Vec<Vec<(String, f64)>> = Vec::new();
    for _ in 0..RUNS {
        let text = run(Command::new(binary).arg("stages").arg(spec).arg(out))?;
        let line = text.lines().find(|l| l.starts_with("load=")).ok_or("no stage timings")?;
        samples.push(
            line.split_whitespace()
                .filter_map(|kv| kv.split_once('='))
                .filter_map(|(k, v)| Some((k.to_string(), v.parse().ok()?)))
                .collect(),
        );
    }
    let mut table = String::from("| stage | median |\n| --- | --- |\n");
    for (i, (name, _)) in samples[0].iter().enumerate() {
        let mut values: Vec<f64> = samples.iter().filter_map(|s| s.get(i).map(|(_, v)| *v)).collect();
        values.sort_by(f64::total_cmp);
        table.push_str(&format!("| {name} | {:.0} ms |\n", values[values.len() / 2]));
    }
    Ok(table)
}
