//! One measurement for `cargo xtask bench`: `bench parse|generate SPEC [OUT_DIR]`.
//!
//! Prints `ms=<wall time> rss_mib=<peak resident set>` for one step, in its own process so the
//! peak memory is that step's alone:
//! - `parse`: spec text to a checked `openapiv3::OpenAPI` (YAML parse, fixups, typed parse);
//! - `generate`: spec text to formatted files of a complete crate, written to OUT_DIR;
//! - `stages`: also prints the time of each pipeline stage (`load=.. lower=.. emit=.. syn=.. format=..`).

use std::time::Instant;

/// Generation allocates a token, a syntax node and a string at a time (proc-macro2, syn,
/// prettyplease), so the allocator matters: with the system's, generation takes about a quarter
/// longer. `cargo xtask` uses mimalloc too; a `build.rs` that generates may choose either.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse::<f64>().ok())
        .unwrap_or(f64::NAN);
    kib / 1024.0
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mode, spec) = match args.as_slice() {
        [mode, spec, ..] => (mode.as_str(), spec.as_str()),
        _ => return Err("usage: bench parse|generate SPEC [OUT_DIR]".into()),
    };
    let text = std::fs::read_to_string(spec)?;
    let started = Instant::now();
    match mode {
        "parse" => {
            plaid_codegen::load(&text)?;
        }
        "stages" => {
            let timings = plaid_codegen::stage_timings(&text)?;
            let fields: Vec<String> = timings.iter().map(|(name, ms)| format!("{name}={ms:.1}")).collect();
            println!("{}", fields.join(" "));
        }
        "generate" => {
            let out = std::path::PathBuf::from(args.get(2).ok_or("generate needs OUT_DIR")?);
            let generated = plaid_codegen::generate(&text, &plaid_codegen::CrateOptions::default())?;
            for (path, content) in &generated.files {
                let target = out.join(path);
                if let Some(dir) = target.parent() {
                    std::fs::create_dir_all(dir)?;
                }
                std::fs::write(target, content)?;
            }
        }
        other => return Err(format!("unknown mode {other}").into()),
    }
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    println!("ms={ms:.1} rss_mib={:.1}", peak_rss_mib());
    Ok(())
}
