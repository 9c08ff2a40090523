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

pub(crate) const RUNS: usize = 5;

/// The three-product selection measured beside the whole crate.
const SELECTION: &str = "transactions,auth,identity";

pub(crate) struct Step {
    pub(crate) median_ms: f64,
    pub(crate) min_ms: f64,
    pub(crate) max_ms: f64,
    pub(crate) peak_rss_mib: f64,
}

/// One command run under GNU `time`.
pub(crate) struct Timed {
    pub(crate) wall_s: f64,
    /// User + system CPU seconds of the command and its children.
    pub(crate) cpu_s: f64,
    /// Peak resident set of the largest process (for cargo, rustc).
    pub(crate) peak_rss_mib: f64,
    pub(crate) success: bool,
    /// stdout then stderr, without GNU time's line.
    pub(crate) output: String,
}

pub(crate) fn run(cmd: &mut Command) -> Result<String, String> {
    let output = cmd.output().map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    if !output.status.success() {
        return Err(format!("{cmd:?} failed:\n{}", String::from_utf8_lossy(&output.stderr)));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr))
}

pub(crate) fn field(text: &str, key: &str) -> Option<f64> {
    text.split_whitespace().find_map(|w| w.strip_prefix(key)?.parse().ok())
}

/// Runs `program args` under GNU time; a failing command is a result, not an error.
pub(crate) fn timed(program: &str, args: &[&str], dir: &Path, env: &[(&str, &Path)]) -> Result<Timed, String> {
    let mut cmd = Command::new("/usr/bin/time");
    cmd.args(["-f", "TIME wall=%e user=%U sys=%S rss_kib=%M", program]).args(args).current_dir(dir);
    for (key, value) in env {
        cmd.env(key, value);
    }
    // Compiled as a dependency is compiled: without incremental state to reuse or to write.
    cmd.env("CARGO_INCREMENTAL", "0");
    let output = cmd.output().map_err(|e| format!("cannot run {cmd:?}: {e} (is /usr/bin/time installed?)"))?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr);
    let line = text.lines().rfind(|l| l.starts_with("TIME ")).ok_or(format!("no GNU time output from {cmd:?}"))?;
    Ok(Timed {
        wall_s: field(line, "wall=").unwrap_or(f64::NAN),
        cpu_s: field(line, "user=").unwrap_or(f64::NAN) + field(line, "sys=").unwrap_or(f64::NAN),
        peak_rss_mib: field(line, "rss_kib=").unwrap_or(f64::NAN) / 1024.0,
        success: output.status.success(),
        output: text.lines().filter(|l| !l.starts_with("TIME ")).collect::<Vec<_>>().join("\n"),
    })
}

fn measure_step(binary: &Path, mode: &str, spec: &Path, out: &Path) -> Result<Step, String> {
    let mut times = Vec::new();
    let mut peak: f64 = 0.0;
    for _ in 0..RUNS {
        let text = run(Command::new(binary).arg(mode).arg(spec).arg(out))?;
        times.push(field(&text, "ms=").ok_or("no ms= in bench output")?);
        peak = peak.max(field(&text, "rss_mib=").unwrap_or(f64::NAN));
    }
    Ok(median_step(times, peak))
}

pub(crate) fn median_step(mut times: Vec<f64>, peak_rss_mib: f64) -> Step {
    times.sort_by(f64::total_cmp);
    Step { median_ms: times[times.len() / 2], min_ms: times[0], max_ms: times[times.len() - 1], peak_rss_mib }
}

/// The cost of one rustc run of a crate-only compile.
struct CrateCost {
    krate: String,
    cpu_s: f64,
    peak_rss_mib: f64,
}

/// A `RUSTC_WRAPPER` that runs rustc under GNU time and appends `<crate> <user s> <system s>
/// <peak KiB>` to `$PLAID_BENCH_RUSTC_LOG`. The dependencies are built with it too, beforehand,
/// so in a measured run it sees only the generated crates.
const RUSTC_TIMED: &str = r#"#!/bin/sh
crate=unknown
prev=
for arg in "$@"; do
  [ "$prev" = "--crate-name" ] && crate=$arg
  prev=$arg
done
exec /usr/bin/time -a -o "$PLAID_BENCH_RUSTC_LOG" -f "$crate %U %S %M" "$@"
"#;

/// Writes the `RUSTC_TIMED` wrapper beside the target directory and returns its path.
fn rustc_wrapper(target: &Path) -> Result<PathBuf, String> {
    let wrapper = target.with_file_name("rustc-timed.sh");
    std::fs::write(&wrapper, RUSTC_TIMED).map_err(|e| format!("{}: {e}", wrapper.display()))?;
    run(Command::new("chmod").arg("+x").arg(&wrapper))?;
    Ok(wrapper)
}

fn rustc_log(target: &Path) -> PathBuf {
    target.with_file_name("rustc-timed.log")
}

/// The generated crates' roots: the facade's `src/lib.rs` and each type crate's.
fn crate_roots(dir: &Path) -> Vec<PathBuf> {
    let mut roots = vec![dir.join("src/lib.rs")];
    if let Ok(entries) = std::fs::read_dir(dir.join("types")) {
        let mut parts: Vec<PathBuf> = entries.filter_map(|e| Some(e.ok()?.path().join("src/lib.rs"))).collect();
        parts.sort();
        roots.extend(parts);
    }
    roots
}

/// `cargo <args>` in `dir` after touching the generated crates' sources, so only they are
/// compiled, with the cost of each rustc run.
fn measure_compile(dir: &Path, target: &Path, args: &[&str]) -> Result<(Timed, Vec<CrateCost>), String> {
    for lib in crate_roots(dir) {
        let text = std::fs::read_to_string(&lib).map_err(|e| format!("{}: {e}", lib.display()))?;
        std::fs::write(&lib, text).map_err(|e| e.to_string())?; // a write is a touch
    }
    let log = rustc_log(target);
    let _ = std::fs::remove_file(&log);
    let wrapper = rustc_wrapper(target)?;
    let env = [("CARGO_TARGET_DIR", target), ("RUSTC_WRAPPER", &wrapper), ("PLAID_BENCH_RUSTC_LOG", &log)];
    let timed = timed("cargo", args, dir, &env)?;
    if !timed.success {
        return Err(format!("cargo {} failed in {}:\n{}", args.join(" "), dir.display(), timed.output));
    }
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    let costs = text
        .lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let [krate, user, sys, kib] = fields[..] else { return None };
            let number = |s: &str| s.parse::<f64>().ok();
            // cargo's own queries of rustc (`--crate-name ___`) are not compiles.
            (krate != "___").then_some(CrateCost {
                krate: krate.replace('_', "-"),
                cpu_s: number(user)? + number(sys)?,
                peak_rss_mib: number(kib)? / 1024.0,
            })
        })
        .collect();
    Ok((timed, costs))
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
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
    // Built with the wrapper the measured runs use, so that they find every dependency fresh.
    let wrapper = rustc_wrapper(&target)?;
    let cargo = |args: &[&str]| {
        run(Command::new("cargo")
            .args(args)
            .current_dir(&crate_dir)
            .env("CARGO_TARGET_DIR", &target)
            .env("RUSTC_WRAPPER", &wrapper)
            .env("PLAID_BENCH_RUSTC_LOG", rustc_log(&target)))
    };
    cargo(&["build", "--quiet"])?;
    cargo(&["check", "--quiet"])?;
    eprintln!("whole-API crate: check and debug build of the crate alone...");
    let (check, check_crates) = measure_compile(&crate_dir, &target, &["check", "--quiet"])?;
    let (build, build_crates) = measure_compile(&crate_dir, &target, &["build", "--quiet"])?;
    let crate_types = crate_roots(&crate_dir).iter().map(|root| types_of_crate(root)).collect();
    let selection = ["check", "--quiet", "--no-default-features", "--features", SELECTION];
    cargo(&selection)?;
    let (check3, _) = measure_compile(&crate_dir, &target, &selection)?;
    let build_selection = ["build", "--quiet", "--no-default-features", "--features", SELECTION];
    cargo(&build_selection)?;
    let (build3, _) = measure_compile(&crate_dir, &target, &build_selection)?;

    eprintln!("decoding: criterion, generated type against a plain-derive baseline...");
    let criterion =
        run(Command::new("cargo").args(["bench", "-p", "plaid-tests", "--bench", "decode"]).current_dir(root))?;
    let generated_ms = criterion_median_ms(&criterion, "decode_transactions_get_10MiB/generated")?;
    let baseline_ms = criterion_median_ms(&criterion, "decode_transactions_get_10MiB/plain_derive_baseline")?;
    let payload = bench_dir.join("transactions_get_10MiB.json");
    run(Command::new("cargo")
        .args(["run", "--quiet", "--release", "-p", "plaid-tests", "--example", "transactions_payload", "--"])
        .arg(&payload)
        .current_dir(root))?;

    let plaid = crate::rivals::crates_io_plaid(&bench_dir, &payload)?;
    let progenitor = crate::rivals::progenitor(&bench_dir, spec)?;

    let ours = Ours {
        parse,
        generate,
        stages,
        check,
        build,
        check_crates,
        build_crates,
        crate_types,
        check3,
        build3,
        generated_ms,
        baseline_ms,
    };
    let spec_name = spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let report = report(&ours, &plaid, &progenitor, &spec_name);
    let path: PathBuf = root.join("BENCHMARKS.md");
    std::fs::write(&path, &report).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!("{report}");
    Ok(())
}

struct Ours {
    parse: Step,
    generate: Step,
    stages: String,
    check: Timed,
    build: Timed,
    check_crates: Vec<CrateCost>,
    build_crates: Vec<CrateCost>,
    /// Each generated crate's package name and the number of types it defines.
    crate_types: Vec<(String, usize)>,
    check3: Timed,
    build3: Timed,
    generated_ms: f64,
    baseline_ms: f64,
}

const TWO_X: &str = "What would reach 2x: `load` alone is about the bare parse, which leaves one parse's worth of \
    time for everything after it; `emit`, `syn` and `format` are the cost of building the output as `quote` \
    tokens, parsing them back into a `syn` tree and printing it with `prettyplease` (the pipeline's design, for \
    output that is always valid, formatted Rust). Building the `syn` tree directly instead of through tokens would \
    remove most of `syn`; below that, writing text without a syntax tree would, at the price of that guarantee.\n\n";

fn met(ok: bool) -> &'static str {
    if ok {
        "met"
    } else {
        "**not met**"
    }
}

/// The cost of each generated crate in the whole crate's check and build.
fn crate_table(o: &Ours) -> String {
    let mut table = String::from(
        "| crate | types | `cargo check` CPU | peak RSS | `cargo build` CPU | peak RSS |\n| --- | --- | --- | --- | --- | --- |\n",
    );
    let generated = |cost: &&CrateCost| o.crate_types.iter().any(|(name, _)| *name == cost.krate);
    for check in o.check_crates.iter().filter(generated) {
        let build = o.build_crates.iter().find(|b| b.krate == check.krate);
        let types = o.crate_types.iter().find(|(name, _)| *name == check.krate).map_or(0, |(_, n)| *n);
        table.push_str(&format!(
            "| `{}` | {types} | {:.1} s | {:.0} MiB | {} | {} |\n",
            check.krate,
            check.cpu_s,
            check.peak_rss_mib,
            build.map_or("-".into(), |b| format!("{:.1} s", b.cpu_s)),
            build.map_or("-".into(), |b| format!("{:.0} MiB", b.peak_rss_mib)),
        ));
    }
    table
}

fn compile_row(what: &str, t: &Timed) -> String {
    format!("| {what} | {:.1} s | {:.1} s | {:.0} MiB |\n", t.wall_s, t.cpu_s, t.peak_rss_mib)
}

fn report(o: &Ours, plaid: &crate::rivals::CratesIoPlaid, prog: &crate::rivals::Progenitor, spec_name: &str) -> String {
    use crate::rivals::{PLAID_CRATE_VERSION, PROGENITOR_VERSION};
    let gen_ratio = o.generate.median_ms / o.parse.median_ms;
    let check_ratio = o.check.cpu_s / plaid.check.cpu_s;
    let build_ratio = o.build.cpu_s / plaid.build.cpu_s;
    let decode_ratio = o.baseline_ms / o.generated_ms;
    let rss = o.check.peak_rss_mib.max(o.build.peak_rss_mib);
    let plaid_decode = match &plaid.decode {
        Ok(ms) => format!("| crates.io `plaid` {PLAID_CRATE_VERSION} `model::TransactionsGetResponse` | {ms:.1} ms | {:.2}x |\n", o.baseline_ms / ms),
        Err(e) => format!("| crates.io `plaid` {PLAID_CRATE_VERSION} `model::TransactionsGetResponse` | does not decode the payload: `{}` | - |\n", e.replace('|', "\\|")),
    };
    let check_verdict =
        if prog.check.success { "compiles".to_string() } else { format!("fails, {} errors", prog.check_errors) };
    let mut r = String::new();
    r += &format!(
        "# Benchmarks\n\n\
         Measured by `cargo xtask bench` (`xtask/src/bench.rs`, `xtask/src/rivals.rs`) on {machine}.\n\
         Input: `{spec_name}` (the whole Plaid API). Re-run the command to refresh this file; it takes\n\
         about half an hour, most of it compiling the crates.io `plaid` crate and progenitor's output.\n\n\
         ## Targets\n\n\
         | target | measured | |\n| --- | --- | --- |\n\
         | whole-spec generation <= 1 s wall (release) | {:.0} ms | {} |\n\
         | generation <= 2x the bare parse | {gen_ratio:.2}x | {} |\n\
         | crate-only `cargo check` CPU <= 1/3 of the crates.io `plaid` crate's | {check_ratio:.2}x ({:.1} s vs {:.1} s) | {} |\n\
         | debug `cargo build` CPU <= 1/3 of the crates.io `plaid` crate's | {build_ratio:.2}x ({:.1} s vs {:.1} s) | {} |\n\
         | rustc peak RSS <= 1 GB (check and build, whole crate) | {rss:.0} MiB | {} |\n\
         | decoding >= 0.9x the plain-derive baseline, keeping unknown fields and enum values | {decode_ratio:.2}x | {} |\n\n",
        o.generate.median_ms,
        met(o.generate.median_ms <= 1000.0),
        met(gen_ratio <= 2.0),
        o.check.cpu_s, plaid.check.cpu_s, met(check_ratio <= 1.0 / 3.0),
        o.build.cpu_s, plaid.build.cpu_s, met(build_ratio <= 1.0 / 3.0),
        met(rss <= 1024.0),
        met(decode_ratio >= 0.9),
        machine = machine(),
    );
    r += &format!(
        "## Generation (release build)\n\n\
         Each figure is the median of {RUNS} runs, each run a separate process \
         (`generator/examples/bench.rs`); peak RSS is the largest of the runs. The process uses the mimalloc \
         allocator, as `cargo xtask` does: generation allocates a token, a syntax node and a string at a \
         time, and with the system allocator it took about a quarter longer (measured by hand, 1040-1100 ms \
         against 785-880 ms, with about half the peak RSS).\n\n\
         | step | median | min .. max | peak RSS |\n| --- | --- | --- | --- |\n\
         | bare parse (YAML -> `openapiv3::OpenAPI`, with fixups) | {:.0} ms | {:.0} .. {:.0} ms | {:.0} MiB |\n\
         | full generation to formatted files on disk | {:.0} ms | {:.0} .. {:.0} ms | {:.0} MiB |\n\
         | progenitor {PROGENITOR_VERSION} (`cargo progenitor`) on the patched spec, to a crate on disk | {:.0} ms | {:.0} .. {:.0} ms | {:.0} MiB |\n\n\
         Full generation takes {gen_ratio:.2}x the bare parse. Where the time goes: the CPU time of each \
         stage, run one after another on one core (median of {RUNS} runs of `bench stages`). Full \
         generation runs `emit`, `syn` and `format` on every core, the types file in pieces of 64 types \
         (`generator/src/render.rs`), so its wall time is less than the sum.\n\n{}\n{}",
        o.parse.median_ms, o.parse.min_ms, o.parse.max_ms, o.parse.peak_rss_mib,
        o.generate.median_ms, o.generate.min_ms, o.generate.max_ms, o.generate.peak_rss_mib,
        prog.generate.median_ms, prog.generate.min_ms, prog.generate.max_ms, prog.generate.peak_rss_mib,
        o.stages,
        if gen_ratio > 2.0 { TWO_X } else { "" },
    );

    r += &format!(
        "Progenitor on the spec as published: `{}`. The patched copy it was timed on has:\n\n{}\n\
         Type-checking progenitor's output (crate only, like ours below): {check_verdict}, {:.1} s CPU, {:.0} MiB peak rustc RSS.\n\n",
        prog.unpatched.replace('`', "'"),
        prog.patches.iter().map(|p| format!("- {p}\n")).collect::<String>(),
        prog.check.cpu_s, prog.check.peak_rss_mib,
    );
    r += &format!(
        "## Compiling the generated whole-API crate\n\n\
         Crate-only: every dependency is built first; then this project's crates (the facade and its \
         type crates) have their `src/lib.rs` touched, and the crates.io crate is removed with `cargo clean -p plaid`, and the command is timed \
         with GNU `time` (CPU = user + system of cargo and rustc; peak RSS = the largest process, rustc). \
         `CARGO_INCREMENTAL=0` throughout, which is how cargo compiles a crate used as a dependency.\n\n\
         | crate and command | wall | CPU | peak rustc RSS |\n| --- | --- | --- | --- |\n{}{}{}{}{}{}\n",
        compile_row("this project, `cargo check`", &o.check),
        compile_row("this project, `cargo build` (debug)", &o.build),
        compile_row(&format!("this project, `cargo check --no-default-features --features {SELECTION}`"), &o.check3),
        compile_row(&format!("this project, `cargo build --no-default-features --features {SELECTION}`"), &o.build3),
        compile_row(&format!("crates.io `plaid` {PLAID_CRATE_VERSION}, `cargo check`"), &plaid.check),
        compile_row(&format!("crates.io `plaid` {PLAID_CRATE_VERSION}, `cargo build` (debug)"), &plaid.build),
    );
    r += &format!(
        "The generator splits an API with more than 600 types into a facade crate over type crates \
         (`generator/src/layout.rs`): rustc's memory grows with the item bodies of the crate it compiles, \
         and the whole API in one crate needed about 1.4 GB (1301 MiB to check, 1432 MiB to build, in this \
         benchmark's last run before the split, with 13.3 s and 17.0 s of CPU). Each product group's types go \
         in one part crate; types used by groups in different parts go in the shared crate. The parts \
         compile in parallel, so the wall time is less than the CPU time. Crate by crate, in the same runs \
         (each rustc timed by GNU time through `RUSTC_WRAPPER`):\n\n{}\n",
        crate_table(o),
    );
    r += &format!(
        "## Decoding\n\n\
         Criterion (10 samples, release) on a 10 MiB `/transactions/get` response (the spec's example, \
         transactions repeated; `tests/examples/transactions_payload.rs` writes the same bytes to a file for \
         the crates.io crate's benchmark). `cargo bench -p plaid-tests --bench decode` decodes it into the \
         generated type, which keeps unknown properties and enum values, and into plain \
         `#[derive(Deserialize)]` structs with the same fields that drop unknown properties and read \
         enums as `String` (made by `tests/build.rs` from the same model).\n\n\
         | decoder | median time | speed relative to the baseline |\n| --- | --- | --- |\n\
         | generated `TransactionsGetResponse` | {:.1} ms | {decode_ratio:.2}x |\n\
         | plain-derive baseline | {:.1} ms | 1.00x |\n{plaid_decode}",
        o.generated_ms, o.baseline_ms,
    );
    r
}

/// The median of criterion's `time: [low median high]` line after the benchmark's name, in ms.
pub(crate) fn criterion_median_ms(output: &str, name: &str) -> Result<f64, String> {
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

/// The package name of the crate whose root is `root`, and how many types its `types.rs` defines.
fn types_of_crate(root: &Path) -> (String, usize) {
    let read = |path: PathBuf| std::fs::read_to_string(path).unwrap_or_default();
    let manifest = read(root.parent().and_then(Path::parent).unwrap_or(root).join("Cargo.toml"));
    let name = manifest.lines().find_map(|l| l.strip_prefix("name = ")).unwrap_or("?").trim_matches('"').to_string();
    let types = read(root.with_file_name("types.rs"))
        .lines()
        .filter(|l| ["pub struct ", "pub enum ", "pub type "].iter().any(|p| l.starts_with(p)))
        .count();
    (name, types)
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
