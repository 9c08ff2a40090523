//! Snapshot tests: generated text for small specs, reviewed as diffs.
//!
//! Run `UPDATE_EXPECT=1 cargo test -p plaid-codegen --test snapshots` to accept a change.

use expect_test::expect_file;

fn generate(spec: &str) -> plaid_codegen::Generated {
    plaid_codegen::generate(spec, &plaid_codegen::CrateOptions::default()).unwrap_or_else(|failure| panic!("{failure}"))
}

#[test]
fn features_types() {
    let out = generate(include_str!("snapshots/features.yaml"));
    expect_file!["snapshots/features.types.rs"].assert_eq(&out.files["src/types.rs"]);
    expect_file!["snapshots/features.operations.rs"].assert_eq(&out.files["src/operations.rs"]);
    expect_file!["snapshots/features.lib.rs"].assert_eq(&out.files["src/lib.rs"]);
}

#[test]
fn output_is_deterministic() {
    let spec = include_str!("snapshots/features.yaml");
    assert_eq!(generate(spec).files, generate(spec).files);
}
