//! Every JSON example in Plaid's published spec decodes into its operation's generated type
//! and re-encodes to an equal JSON value.
//!
//! Equality is JSON equality after two documented normalizations:
//! - numbers compare by value (`1` and `1.0` are equal: `f64` fields re-encode as `1.0`);
//! - a property that is `null` equals an absent one (an optional nullable field is `None`
//!   either way, and `None` is left out when encoding).
//!
//! Examples that cannot decode must be genuine spec defects, listed in `KNOWN_DEFECTS`.

use plaid_codegen::model::{ResponseBody, Ty};
use plaid_tests::full::roundtrip::{Roundtrip, ROUNDTRIP};
use serde_json::Value;
use std::collections::BTreeMap;

/// Examples that contradict their own schema, by `operationId/example name`, with the reason.
/// The test fails if one of these starts decoding (so the list stays true) or another fails.
const KNOWN_DEFECTS: &[(&str, &str)] = &[
    (
        "processorSignalEvaluate/example-1 (response)",
        "omits `scores.customer_initiated_return_risk.risk_tier`, which the schema requires",
    ),
    (
        "signalEvaluate/example-1 (response)",
        "omits `scores.customer_initiated_return_risk.risk_tier`, which the schema requires",
    ),
    ("transferRepaymentList/example-1 (request)", "sends `start_time`; the schema's property is `start_date`"),
    ("transferRepaymentReturnList/example-1 (request)", "sends `start_time`, which the schema does not have"),
];

fn decoders() -> BTreeMap<&'static str, Roundtrip> {
    ROUNDTRIP.iter().copied().collect()
}

/// Checks one example; `Err` says why it failed.
fn check(ty: &Ty, example: &Value, decoders: &BTreeMap<&str, Roundtrip>) -> Result<(), String> {
    let Ty::Named(name) = ty else {
        return Ok(()); // Free-form JSON bodies decode by construction.
    };
    let decode = decoders.get(name.as_str()).ok_or_else(|| format!("no decoder for type {name}"))?;
    let reencoded = decode(example)?;
    match first_difference(example, &reencoded, "") {
        None => Ok(()),
        Some(diff) => Err(format!("re-encoded value differs at {diff}")),
    }
}

fn first_difference(a: &Value, b: &Value, at: &str) -> Option<String> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => (x.as_f64() != y.as_f64()).then(|| format!("{at}: {x} vs {y}")),
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            keys.into_iter().find_map(|k| {
                let left = x.get(k).unwrap_or(&Value::Null);
                let right = y.get(k).unwrap_or(&Value::Null);
                first_difference(left, right, &format!("{at}/{k}"))
            })
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            x.iter().zip(y).enumerate().find_map(|(i, (l, r))| first_difference(l, r, &format!("{at}/{i}")))
        }
        (Value::String(x), Value::String(y)) if x != y => {
            (!same_instant(x, y)).then(|| format!("{at}: {x:?} vs {y:?}"))
        }
        _ => (a != b).then(|| format!("{at}: {a} vs {b}")),
    }
}

/// Date-times re-encode in one canonical RFC 3339 form (`+00:00` becomes `Z`).
fn same_instant(a: &str, b: &str) -> bool {
    match (chrono::DateTime::parse_from_rfc3339(a), chrono::DateTime::parse_from_rfc3339(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

#[test]
fn every_spec_example_decodes_and_reencodes() {
    let text = std::fs::read_to_string(plaid_tests::FULL_SPEC).expect("the spec build.rs read");
    let (api, _) = plaid_codegen::build_model(&text).expect("spec generates");
    let decoders = decoders();
    let mut failures = BTreeMap::new();
    let (mut responses, mut requests, mut operations_with_examples) = (0, 0, 0);
    for op in &api.operations {
        let mut has_example = false;
        if let ResponseBody::Json { ty, examples } = &op.response {
            for (name, example) in examples {
                responses += 1;
                has_example = true;
                if let Err(why) = check(ty, example, &decoders) {
                    failures.insert(format!("{}/{name} (response)", op.id), why);
                }
            }
        }
        if let Some(request) = &op.request {
            for (name, example) in &request.examples {
                requests += 1;
                if let Err(why) = check(&request.ty, example, &decoders) {
                    failures.insert(format!("{}/{name} (request)", op.id), why);
                }
            }
        }
        operations_with_examples += usize::from(has_example);
    }
    println!(
        "examples: {responses} response examples of {operations_with_examples} operations, {requests} request examples; {} failed",
        failures.len()
    );
    for (key, why) in &failures {
        println!("  {key}: {why}");
    }
    let known: BTreeMap<String, &str> = KNOWN_DEFECTS.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    let unexpected: Vec<&String> = failures.keys().filter(|k| !known.contains_key(*k)).collect();
    let fixed: Vec<&String> = known.keys().filter(|k| !failures.contains_key(*k)).collect();
    assert!(unexpected.is_empty(), "examples that fail to round-trip: {unexpected:#?}");
    assert!(fixed.is_empty(), "listed as defects but now decode (update KNOWN_DEFECTS): {fixed:#?}");
}
