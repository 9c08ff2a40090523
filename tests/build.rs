//! Generates the whole-API client from Plaid's published spec into `OUT_DIR`, through the
//! generator's library API, the way a user's `build.rs` would. The tests then compile it and
//! decode every example of the spec with it.
//!
//! The spec is read in place from `$PLAID_OPENAPI_DIR` (default `../shared/plaid-openapi`).

use std::fmt::Write as _;
use std::path::PathBuf;

const SPEC_FILE: &str = "2020-09-14_1.697.4.yml";

fn main() {
    println!("cargo:rerun-if-env-changed=PLAID_OPENAPI_DIR");
    let dir = spec_dir();
    let spec_path = dir.join(SPEC_FILE);
    println!("cargo:rerun-if-changed={}", spec_path.display());
    let text = std::fs::read_to_string(&spec_path).unwrap_or_else(|e| {
        panic!(
            "cannot read {} ({e}).\nThe whole-API tests read Plaid's OpenAPI description in place: set \
             PLAID_OPENAPI_DIR to a checkout of https://github.com/plaid/plaid-openapi (default: ../shared/plaid-openapi \
             next to the project).",
            spec_path.display()
        )
    });
    let code = plaid_codegen::generate_module(&text).unwrap_or_else(|failure| panic!("{failure}"));
    let (api, _) = plaid_codegen::build_model(&text).unwrap_or_else(|failure| panic!("{failure}"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("plaid_full.rs"), code).expect("write generated module");
    std::fs::write(out.join("roundtrip_table.rs"), roundtrip_table(&api)).expect("write roundtrip table");
    println!("cargo:rustc-env=PLAID_FULL_SPEC={}", spec_path.display());
}

fn spec_dir() -> PathBuf {
    match std::env::var_os("PLAID_OPENAPI_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/plaid-openapi"),
    }
}

/// `(type name, fn)` pairs that decode a JSON value into a named type and encode it back.
fn roundtrip_table(api: &plaid_codegen::model::Api) -> String {
    let mut out = String::from(
        "/// Decoders for every named type: JSON in, decoded-and-re-encoded JSON out.\n\
         #[allow(deprecated)] // The table names every type, deprecated ones included.\n\
         pub static ROUNDTRIP: &[(&str, Roundtrip)] = &[\n",
    );
    for name in api.types.keys() {
        let _ = writeln!(out, "    ({name:?}, roundtrip::<types::{name}>),");
    }
    out.push_str("];\n");
    out
}
