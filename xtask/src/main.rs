//! Project tasks: `cargo xtask codegen` regenerates `generated/` from `spec/` (or any spec
//! into any directory) and `--check` fails with a diff when the checked-in output is stale.

mod bench;
mod rivals;

/// Generation is allocation-heavy (tokens, syntax trees, strings); see `generator/examples/bench.rs`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask codegen [--check] [--spec FILE] [--out DIR] [--name CRATE]
       cargo xtask diff OLD_SPEC NEW_SPEC [--format text|markdown|json] [--fail-on breaking|additive|documentation]
       cargo xtask bench [SPEC]   (measures generation and the whole-API crate; writes BENCHMARKS.md)

codegen:
  (no flags)     regenerate generated/ from spec/plaid.yaml
  --check        change nothing; exit 1 with a diff if the output is stale
  --spec FILE    generate from another spec (e.g. ../shared/plaid-openapi/2020-09-14_1.697.4.yml)
  --out DIR      write the crate into DIR (default: generated/)
  --name CRATE   package and library name (default: plaid)

diff: the changes to the generated Rust API between two spec releases, each weighed
(breaking / additive / documentation), and the version bump they need.
  --format F     text (default), markdown (a CHANGELOG entry) or json
  --fail-on W    exit 1 if any change weighs W or more (e.g. breaking, for CI)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => parse_codegen(&args[1..]).and_then(|opts| codegen(&opts)),
        Some("diff") => diff(&args[1..]),
        Some("bench") => {
            let root = project_root();
            let spec = match args.get(1) {
                Some(spec) => PathBuf::from(spec),
                None => std::env::var_os("PLAID_OPENAPI_DIR")
                    .map(PathBuf::from)
                    .unwrap_or_else(|| root.join("../shared/plaid-openapi"))
                    .join("2020-09-14_1.697.4.yml"),
            };
            bench::bench(&root, &spec)
        }
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// Options of `cargo xtask codegen`.
#[derive(Debug)]
pub struct Codegen {
    pub spec: PathBuf,
    pub out: PathBuf,
    pub name: String,
    pub check: bool,
}

fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn parse_codegen(args: &[String]) -> Result<Codegen, String> {
    let root = project_root();
    let mut opts = Codegen {
        spec: root.join("spec/plaid.yaml"),
        out: root.join("generated"),
        name: "plaid".to_string(),
        check: false,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || args.next().cloned().ok_or_else(|| format!("{arg} needs a value\n\n{USAGE}"));
        match arg.as_str() {
            "--check" => opts.check = true,
            "--spec" => opts.spec = PathBuf::from(value()?),
            "--out" => opts.out = PathBuf::from(value()?),
            "--name" => opts.name = value()?,
            other => return Err(format!("unknown argument `{other}`\n\n{USAGE}")),
        }
    }
    Ok(opts)
}

/// Generates the crate for `opts` and returns its files.
pub fn generate(opts: &Codegen) -> Result<plaid_codegen::Generated, String> {
    let text =
        std::fs::read_to_string(&opts.spec).map_err(|e| format!("cannot read spec {}: {e}", opts.spec.display()))?;
    let options = plaid_codegen::CrateOptions { name: opts.name.clone(), ..Default::default() };
    plaid_codegen::generate(&text, &options).map_err(|failure| {
        let all: Vec<String> = failure.diagnostics.iter().map(|d| d.to_string()).collect();
        format!("{}: generation failed\n{}", opts.spec.display(), all.join("\n"))
    })
}

/// Files of `generated` that differ from what is on disk under `out`, with unified diffs.
pub fn stale_files(generated: &plaid_codegen::Generated, out: &Path) -> Vec<(String, String)> {
    let mut stale = Vec::new();
    for (path, text) in &generated.files {
        let on_disk = std::fs::read_to_string(out.join(path)).unwrap_or_default();
        if on_disk != *text {
            let diff = similar::TextDiff::from_lines(&on_disk, text)
                .unified_diff()
                .context_radius(3)
                .header(&format!("a/{path}"), &format!("b/{path}"))
                .to_string();
            stale.push((path.clone(), diff));
        }
    }
    stale
}

fn codegen(opts: &Codegen) -> Result<(), String> {
    let generated = generate(opts)?;
    if !generated.warnings.is_empty() {
        for warning in &generated.warnings {
            eprintln!("{warning}");
        }
        eprintln!("{} warning(s)", generated.warnings.len());
    }
    let stale = stale_files(&generated, &opts.out);
    if opts.check {
        if stale.is_empty() {
            eprintln!("{} is up to date", opts.out.display());
            return Ok(());
        }
        for (_, diff) in &stale {
            println!("{diff}");
        }
        let names: Vec<&str> = stale.iter().map(|(p, _)| p.as_str()).collect();
        return Err(format!("{} is stale ({}): run `cargo xtask codegen`", opts.out.display(), names.join(", ")));
    }
    for (path, _) in &stale {
        let target = opts.out.join(path);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        std::fs::write(&target, &generated.files[path])
            .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    }
    eprintln!(
        "{}: {} operations, {} types; {} file(s) written",
        opts.out.display(),
        generated.api.operations.len(),
        generated.api.types.len(),
        stale.len()
    );
    Ok(())
}

fn read_model(path: &str) -> Result<plaid_codegen::model::Api, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read spec {path}: {e}"))?;
    plaid_codegen::build_model(&text).map(|(api, _)| api).map_err(|f| format!("{path}: {f}"))
}

fn diff(args: &[String]) -> Result<(), String> {
    use plaid_codegen::diff::Weight;
    let mut specs = Vec::new();
    let mut format = "text".to_string();
    let mut fail_on: Option<Weight> = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--format" => format = args.next().cloned().ok_or_else(|| format!("--format needs a value\n\n{USAGE}"))?,
            "--fail-on" => {
                let value = args.next().ok_or_else(|| format!("--fail-on needs a value\n\n{USAGE}"))?;
                fail_on = Some(Weight::parse(value).ok_or_else(|| format!("unknown weight `{value}`\n\n{USAGE}"))?);
            }
            other if other.starts_with("--") => return Err(format!("unknown argument `{other}`\n\n{USAGE}")),
            spec => specs.push(spec.to_string()),
        }
    }
    let [old, new] = specs.as_slice() else {
        return Err(format!("diff needs two specs, OLD and NEW\n\n{USAGE}"));
    };
    let report = plaid_codegen::diff::diff(&read_model(old)?, &read_model(new)?);
    let text = match format.as_str() {
        "text" => report.to_text(),
        "markdown" => report.to_markdown(),
        "json" => report.to_json(),
        other => return Err(format!("unknown format `{other}`\n\n{USAGE}")),
    };
    println!("{}", text.trim_end());
    match (fail_on, report.weight()) {
        (Some(limit), Some(weight)) if weight >= limit => Err(format!(
            "{} change(s) weigh {} or more",
            report.changes.iter().filter(|c| c.weight >= limit).count(),
            limit.as_str()
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared_spec(file: &str) -> String {
        let dir = std::env::var_os("PLAID_OPENAPI_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| project_root().join("../shared/plaid-openapi"));
        dir.join(file).to_string_lossy().into_owned()
    }

    #[test]
    fn diff_fails_on_breaking_changes_only_when_asked() {
        let old = shared_spec("2020-09-14_1.635.2.yml");
        let new = shared_spec("2020-09-14_1.697.4.yml");
        let args = |extra: &[&str]| -> Vec<String> {
            [old.as_str(), new.as_str()].iter().chain(extra).map(|s| s.to_string()).collect()
        };
        assert!(diff(&args(&[])).is_ok());
        let err = diff(&args(&["--fail-on", "breaking"])).unwrap_err();
        assert!(err.contains("weigh breaking or more"), "{err}");
        assert!(diff(&[new.clone(), new.clone(), "--fail-on".into(), "documentation".into()]).is_ok());
        assert!(diff(&args(&["--format", "yaml"])).unwrap_err().contains("unknown format"));
    }

    /// The rust-analyzer pattern: a plain `cargo test` fails when `generated/` is stale.
    #[test]
    fn generated_crate_is_fresh() {
        let opts = parse_codegen(&[]).expect("default options");
        let generated = generate(&opts).expect("spec/plaid.yaml generates");
        let stale = stale_files(&generated, &opts.out);
        let diffs: Vec<String> = stale.into_iter().map(|(_, d)| d).collect();
        assert!(diffs.is_empty(), "generated/ is stale; run `cargo xtask codegen`:\n{}", diffs.join("\n"));
    }
}
