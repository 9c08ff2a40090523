//! plaid-codegen: Plaid's OpenAPI description in, a typed async Rust client crate out.
//!
//! The pipeline runs in one direction, one module per stage:
//!
//! ```text
//! load (+ fixups) -> lower -> model -> emit -> render
//! text              openapiv3  plain data  tokens  formatted files
//! ```
//!
//! Beside the stages, [`features`] and [`layout`] read the model to decide how the output is
//! cut: a cargo feature per product group, and, for an API too large for one crate, which of
//! several crates holds each type.
//!
//! [`generate`] runs it all; [`build_model`] stops at the model, and [`diff::diff`] compares
//! two models (two spec releases) as changes to the generated Rust API. Neither panics on any input: problems come back as [`Diagnostic`]s naming the
//! JSON pointer of the node at fault.

#![forbid(unsafe_code)]

mod diagnostics;
pub mod diff;
pub mod docs;
mod emit;
mod examples;
pub mod features;
mod fixups;
pub mod layout;
mod load;
mod locate;
mod lower;
pub mod model;
pub mod naming;
mod render;

pub use diagnostics::{Diagnostic, Failure, Severity};
pub use render::{CrateOptions, CLI, MOCK, RUNTIME, TEXT, WIRE};

use std::collections::BTreeMap;

/// The result of a successful run.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Files of the crate, keyed by path relative to the crate root.
    pub files: BTreeMap<String, String>,
    /// Warnings: what was repaired or approximated, each with its location.
    pub warnings: Vec<Diagnostic>,
    /// The model the files were generated from.
    pub api: model::Api,
}

/// Parses a spec (YAML or JSON text) into `openapiv3`'s document, after the repairs generation
/// applies (returned as warnings): the first stage of the pipeline on its own.
pub fn load(spec_text: &str) -> Result<(openapiv3::OpenAPI, Vec<Diagnostic>), Failure> {
    let mut diagnostics = diagnostics::Diagnostics::default();
    let spec = load::load(spec_text, &mut diagnostics)?;
    Ok((spec, diagnostics.items))
}

/// Reads a spec (YAML or JSON text) as JSON, with the same repairs generation applies (each
/// reported as a warning). For tools that need the raw schemas, e.g. test-data synthesizers.
pub fn spec_json(spec_text: &str) -> Result<(serde_json::Value, Vec<Diagnostic>), Failure> {
    let mut value = load::parse_text(spec_text)?;
    let mut diagnostics = diagnostics::Diagnostics::default();
    fixups::apply(&mut value, &mut diagnostics);
    Ok((value, diagnostics.items))
}

/// Reads a spec (YAML or JSON text) into the model.
pub fn build_model(spec_text: &str) -> Result<(model::Api, Vec<Diagnostic>), Failure> {
    let mut diagnostics = diagnostics::Diagnostics::default();
    let spec = match load::load(spec_text, &mut diagnostics) {
        Ok(spec) => spec,
        Err(mut failure) => {
            let mut all = diagnostics.items;
            all.append(&mut failure.diagnostics);
            return Err(Failure { diagnostics: all });
        }
    };
    let api = lower::lower(&spec, &mut diagnostics);
    if diagnostics.has_errors() {
        return Err(Failure { diagnostics: diagnostics.items });
    }
    Ok((api, diagnostics.items))
}

/// Generates a complete crate from a spec.
pub fn generate(spec_text: &str, options: &CrateOptions) -> Result<Generated, Failure> {
    let (api, warnings) = build_model(spec_text)?;
    let files = render::crate_files(&api, options)?;
    Ok(Generated { files, warnings, api })
}

/// Milliseconds spent in each stage of [`generate`] for one spec, for benchmarks: `load`
/// (text to `openapiv3`), `lower` (to the model), `emit` (tokens), `syn` (tokens to a syntax
/// tree) and `format` (`prettyplease`).
pub fn stage_timings(spec_text: &str) -> Result<Vec<(&'static str, f64)>, Failure> {
    let mut timings = Vec::new();
    let mut clock = std::time::Instant::now();
    let mut lap = |name: &'static str, timings: &mut Vec<(&'static str, f64)>| {
        timings.push((name, clock.elapsed().as_secs_f64() * 1000.0));
        clock = std::time::Instant::now();
    };
    let mut diagnostics = diagnostics::Diagnostics::default();
    let spec = load::load(spec_text, &mut diagnostics)?;
    lap("load", &mut timings);
    let api = lower::lower(&spec, &mut diagnostics);
    lap("lower", &mut timings);
    let features = features::compute(&api);
    let streams = [
        emit::lib_file(&api, true, emit::runtime_modules(api.types.values())),
        emit::types_file(&api, Some(&features)),
        emit::operations_file(&api, "plaid", true, Some(&features)),
        emit::cli_main_file(&api, "plaid"),
    ];
    lap("emit", &mut timings);
    let files = streams
        .into_iter()
        .map(syn::parse2::<syn::File>)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| Failure::single("#", format!("internal error: generated code does not parse: {e}")))?;
    lap("syn", &mut timings);
    let bytes: usize = files.iter().map(|f| prettyplease::unparse(f).len()).sum();
    lap("format", &mut timings);
    std::hint::black_box(bytes);
    Ok(timings)
}

/// Renders a model (built by [`build_model`], possibly changed) as a single module file, like
/// [`generate_module`].
pub fn module_from_model(api: &model::Api) -> Result<String, Failure> {
    render::module_file(api)
}

/// Generates the client as a single module file, for use from a `build.rs`:
///
/// ```no_run
/// // build.rs
/// let spec = std::fs::read_to_string("spec/plaid.yaml").unwrap();
/// let code = plaid_codegen::generate_module(&spec).unwrap();
/// let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("plaid.rs");
/// std::fs::write(out, code).unwrap();
/// // src/lib.rs: pub mod plaid { include!(concat!(env!("OUT_DIR"), "/plaid.rs")); }
/// ```
pub fn generate_module(spec_text: &str) -> Result<String, Failure> {
    let (api, _) = build_model(spec_text)?;
    render::module_file(&api)
}
