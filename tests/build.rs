//! Generates the whole-API client from Plaid's published spec into `OUT_DIR`, through the
//! generator's library API, the way a user's `build.rs` would. The tests then compile it and
//! decode every example of the spec with it.
//!
//! The spec is read in place from `$PLAID_OPENAPI_DIR` (default `../shared/plaid-openapi`).

use plaid_codegen::model::{ParamLocation, ResponseBody, Ty};
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
    std::fs::write(out.join("dispatch_table.rs"), dispatch_table(&api)).expect("write dispatch table");
    println!("cargo:rustc-env=PLAID_FULL_SPEC={}", spec_path.display());

    std::fs::write(out.join("baseline.rs"), baseline_module(&api)).expect("write baseline module");

    // The generator's snapshot spec (recursion, keywords, maps, deprecations...) must compile too.
    let features = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../generator/tests/snapshots/features.yaml");
    println!("cargo:rerun-if-changed={}", features.display());
    let text = std::fs::read_to_string(&features).expect("generator/tests/snapshots/features.yaml");
    let code = plaid_codegen::generate_module(&text).unwrap_or_else(|failure| panic!("{failure}"));
    std::fs::write(out.join("snapshot_features.rs"), code).expect("write generated module");

    // Specs too small to need every runtime module: what is left out must not be referenced,
    // and what is kept must be used (clippy -D warnings compiles these).
    for name in ["enums-only", "no-types"] {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("corpus/{name}.yaml"));
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let code = plaid_codegen::generate_module(&text).unwrap_or_else(|failure| panic!("{failure}"));
        std::fs::write(out.join(format!("{name}.rs")), code).expect("write generated module");
    }
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

/// `call(client, operation_id, request_json)`: calls any operation by its id with a request
/// given as JSON, for the contract sweep. Path parameters get `path_value`; optional header
/// parameters are left out. Returns `None` for an unknown id.
fn dispatch_table(api: &plaid_codegen::model::Api) -> String {
    let mut arms = String::new();
    for op in &api.operations {
        let mut args = Vec::new();
        for p in op.params.iter().filter(|p| p.location == ParamLocation::Path) {
            if p.ty != Ty::String {
                continue;
            }
            args.push("path_value".to_string());
        }
        let mut decode = String::new();
        if let Some(request) = &op.request {
            let ty = match &request.ty {
                Ty::Named(name) => format!("types::{name}"),
                Ty::JsonObject => "serde_json::Map<String, serde_json::Value>".to_string(),
                _ => "serde_json::Value".to_string(),
            };
            decode = format!(
                "let request: {ty} = match serde_json::from_value(request.clone()) {{ Ok(r) => r, Err(e) => return Err(Failure::Build(e.to_string())) }};"
            );
            args.push("&request".to_string());
        }
        for p in op.params.iter().filter(|p| p.location != ParamLocation::Path) {
            args.push(if p.required { "Default::default()".to_string() } else { "None".to_string() });
        }
        let encode = match &op.response {
            ResponseBody::Json { .. } => "|v| serde_json::to_value(v).unwrap_or_default()",
            ResponseBody::Bytes { .. } => "|v| serde_json::Value::from(v.len())",
            ResponseBody::Empty => "serde_json::Value::from",
        };
        let _ = writeln!(
            arms,
            "        {:?} => Some(Box::pin(async move {{ {decode} client.{}({}).await.map({encode}).map_err(Failure::Call) }})),",
            op.id,
            op.method_name,
            args.join(", ")
        );
    }
    format!(
        "/// Why a swept call failed.\n\
         #[derive(Debug)]\n\
         pub enum Failure {{\n    /// The synthesized request does not decode into the request type.\n    Build(String),\n    /// The call failed.\n    Call(Error),\n}}\n\n\
         /// A call in flight; each is boxed on its own, so no future holds all of them.\n\
         pub type Call<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<serde_json::Value, Failure>> + Send + 'a>>;\n\n\
         /// Calls the operation `id` with `request` as its body.\n\
         #[allow(deprecated)] // Deprecated operations are swept too.\n\
         pub fn call<'a>(client: &'a Client, id: &str, request: &'a serde_json::Value, path_value: &'a str) -> Option<Call<'a>> {{\n\
         \x20   let _ = (request, path_value);\n\
         \x20   match id {{\n{arms}        _ => None,\n    }}\n}}\n"
    )
}

/// The decode benchmark's baseline: the types `/transactions/get` returns, as plain derived
/// structs with the same fields, which drop unknown properties and read enums as `String`.
fn baseline_module(api: &plaid_codegen::model::Api) -> String {
    use plaid_codegen::model::TypeKind;
    let mut plain = api.clone();
    let mut keep = std::collections::BTreeSet::new();
    let mut stack = vec!["TransactionsGetResponse".to_string()];
    while let Some(name) = stack.pop() {
        if !keep.insert(name.clone()) {
            continue;
        }
        if let Some(TypeKind::Struct(s)) = api.types.get(&name).map(|t| &t.kind) {
            for f in &s.fields {
                let mut ty = &f.ty;
                while let Ty::Array(inner) | Ty::Map(inner) = ty {
                    ty = inner;
                }
                if let Ty::Named(n) = ty {
                    stack.push(n.clone());
                }
            }
        }
    }
    plain.types.retain(|name, _| keep.contains(name) || Some(name) == api.error_type.as_ref().map(|e| &e.name));
    for def in plain.types.values_mut() {
        match &mut def.kind {
            TypeKind::Struct(s) => s.keep_unknown = None,
            kind @ TypeKind::Enum(_) => *kind = TypeKind::Alias(Ty::String),
            TypeKind::Alias(_) => {}
        }
    }
    plain.operations.clear();
    plain.error_type = None;
    plaid_codegen::module_from_model(&plain).unwrap_or_else(|failure| panic!("{failure}"))
}
