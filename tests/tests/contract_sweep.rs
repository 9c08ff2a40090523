//! Contract sweep: every operation of the whole-API client against Prism serving Plaid's
//! published spec.
//!
//! - Each request is built from the spec by a test-side synthesizer (required properties only,
//!   from `enum`, `example`, `default` or the type and format), decoded into the generated
//!   request type and sent through the generated method: Prism must accept it (no 422, no 401)
//!   and its example response must decode.
//! - With `Prefer: dynamic=true`, Prism answers with random schema-valid data: five such
//!   responses per operation must decode.

use plaid_tests::full::dispatch::{call, Failure};
use plaid_tests::full::{Client, RetryPolicy};
use plaid_tests::prism::Prism;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// Builds a schema-valid value for a schema of the spec.
struct Synthesizer<'a> {
    doc: &'a Value,
}

impl Synthesizer<'_> {
    fn resolve<'b>(&'b self, schema: &'b Value) -> &'b Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(r) => self.doc.pointer(r.trim_start_matches('#')).map_or(schema, |t| self.resolve(t)),
            None => schema,
        }
    }

    fn value(&self, schema: &Value, depth: usize) -> Value {
        let schema = self.resolve(schema);
        if depth > 16 {
            return Value::Null;
        }
        if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
            let mut merged = Map::new();
            for member in members {
                match self.value(member, depth + 1) {
                    Value::Object(m) => merged.extend(m),
                    Value::Null => {}
                    other => return other,
                }
            }
            return Value::Object(merged);
        }
        if let Some(first) = schema.get("enum").and_then(Value::as_array).and_then(|v| v.iter().find(|v| !v.is_null()))
        {
            return first.clone();
        }
        for key in ["example", "default"] {
            if let Some(v) = schema.get(key).filter(|v| !v.is_null()) {
                return v.clone();
            }
        }
        let min = |key: &str| schema.get(key).and_then(Value::as_f64);
        match schema.get("type").and_then(Value::as_str) {
            Some("string") => {
                let text = match schema.get("format").and_then(Value::as_str) {
                    Some("date-time") => "2024-01-02T03:04:05Z".to_string(),
                    Some("date") => "2024-01-02".to_string(),
                    Some("email") => "user@example.com".to_string(),
                    Some("uri" | "url") => "https://example.com/".to_string(),
                    Some("uuid") => "3fa85f64-5717-4562-b3fc-2c963f66afa6".to_string(),
                    Some("ipv4") => "127.0.0.1".to_string(),
                    _ => "sample".to_string(),
                };
                let len = min("minLength").unwrap_or(0.0) as usize;
                Value::String(if text.len() < len { "a".repeat(len) } else { text })
            }
            Some("integer") => json!(min("minimum").map_or(1, |m| m.ceil() as i64).max(0)),
            Some("number") => json!(min("minimum").unwrap_or(1.0)),
            Some("boolean") => json!(true),
            Some("array") => {
                let item = schema.get("items").map_or(Value::Null, |items| self.value(items, depth + 1));
                let count = min("minItems").unwrap_or(1.0).max(1.0) as usize;
                Value::Array(vec![item; count])
            }
            _ => {
                let mut out = Map::new();
                let required: Vec<&str> = schema
                    .get("required")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect();
                if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                    for (name, prop) in props {
                        if required.contains(&name.as_str()) {
                            out.insert(name.clone(), self.value(prop, depth + 1));
                        }
                    }
                }
                Value::Object(out)
            }
        }
    }
}

/// Operations whose spec example contradicts its schema, so Prism (run with `--errors`, which
/// makes it check its own responses) answers 500: `(operationId, reason)`. The sweep fails if
/// one of these passes, so the list stays true.
const EXAMPLE_DEFECTS: &[(&str, &str)] = &[
    ("itemApplicationList", "the example's `applications[0].created_at` is not a `date-time`"),
    ("signalEvaluate", "the example omits `scores.customer_initiated_return_risk.risk_tier`, which is required"),
    (
        "processorSignalEvaluate",
        "the example omits `scores.customer_initiated_return_risk.risk_tier`, which is required",
    ),
];

/// Schema defects that make some of Prism's random responses invalid by Prism's own check:
/// `(text in Prism's violation report, reason)`. Random, so they may or may not show in a run.
const SCHEMA_DEFECTS: &[(&str, &str)] = &[
    (
        "AssetRetirementIndicator",
        "`enum: [true, false]` under `type: string`: Prism generates booleans, then rejects them",
    ),
    (
        "AssetEmployerSponsoredIndicator",
        "`enum: [true, false]` under `type: string`: Prism generates booleans, then rejects them",
    ),
    (
        "AssetHoldingRestrictedIndicator",
        "`enum: [true, false]` under `type: string`: Prism generates booleans, then rejects them",
    ),
    (
        "\\\"decision_rationale\\\",\\\"code\\\"",
        "`TransferAuthorizationDecisionRationaleCode` lists `null` in its enum without `nullable: true`",
    ),
    // Not a spec defect: Prism's random data generator ignores `maxProperties` (Plaid's
    // transfer `metadata` allows 50), then its response check rejects what it generated.
    ("must NOT have more than 50 properties", "Prism generates maps past `maxProperties`"),
];

/// Prism refused the request itself (as opposed to its own response).
fn rejected_request(outcome: &Result<Value, Failure>) -> bool {
    match outcome {
        Err(Failure::Build(_)) => true,
        Err(Failure::Call(e)) => matches!(e.status(), Some(401 | 422) | None),
        Ok(_) => false,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_against_prism() {
    let text = std::fs::read_to_string(plaid_tests::FULL_SPEC).unwrap();
    let (doc, _) = plaid_codegen::spec_json(&text).unwrap();
    let (api, _) = plaid_codegen::build_model(&text).unwrap();
    let synth = Synthesizer { doc: &doc };
    let spec_path = std::path::PathBuf::from(plaid_tests::FULL_SPEC);
    let prism = tokio::task::spawn_blocking(move || Prism::start(&spec_path)).await.unwrap();

    let credentials = |http: reqwest::Client| {
        Client::builder()
            .base_url(&prism.url)
            .client_id("client-id")
            .secret("secret")
            .retry(RetryPolicy::none())
            .http_client(http)
            .build()
            .unwrap()
    };
    let static_client = credentials(reqwest::Client::new());
    let mut dynamic_headers = reqwest::header::HeaderMap::new();
    dynamic_headers.insert("Prefer", "dynamic=true".parse().unwrap());
    let dynamic_client = credentials(reqwest::Client::builder().default_headers(dynamic_headers).build().unwrap());

    let mut failures: BTreeMap<String, String> = BTreeMap::new();
    let (mut accepted, mut decoded, mut dynamic_decoded) = (0, 0, 0);
    for op in &api.operations {
        let request = match op.request {
            Some(_) => {
                let pointer =
                    format!("{}/requestBody/content/application~1json/schema", op.pointer.trim_start_matches('#'));
                synth.value(doc.pointer(&pointer).unwrap_or(&Value::Null), 0)
            }
            None => Value::Null,
        };
        let Some(static_call) = call(&static_client, &op.id, &request, "sample-id") else {
            failures.insert(op.id.clone(), "no dispatch entry".into());
            continue;
        };
        let outcome = static_call.await;
        if !rejected_request(&outcome) {
            accepted += 1;
        }
        match outcome {
            Ok(_) => decoded += 1,
            Err(Failure::Build(e)) => {
                failures.insert(op.id.clone(), format!("synthesized request does not decode: {e}"));
                continue;
            }
            Err(Failure::Call(e)) => {
                failures.insert(op.id.clone(), format!("static: {e}"));
                continue;
            }
        }
        for round in 0..5 {
            let Some(dynamic_call) = call(&dynamic_client, &op.id, &request, "sample-id") else { break };
            match dynamic_call.await {
                Ok(_) => dynamic_decoded += 1,
                Err(Failure::Call(e)) => {
                    failures.insert(op.id.clone(), format!("dynamic response {round}: {e}"));
                    break;
                }
                Err(e) => {
                    failures.insert(op.id.clone(), format!("dynamic response {round}: {e:?}"));
                    break;
                }
            }
        }
    }
    println!(
        "contract sweep: {} operations; {accepted} requests accepted by Prism (no 422, no 401); {decoded} example \
         responses decoded; {dynamic_decoded} random responses decoded; {} operations with a failure",
        api.operations.len(),
        failures.len()
    );
    for (id, why) in &failures {
        println!("  {id}: {why}");
    }
    let explained = |id: &str, why: &str| {
        EXAMPLE_DEFECTS.iter().any(|(op, _)| *op == id) || SCHEMA_DEFECTS.iter().any(|(needle, _)| why.contains(needle))
    };
    let unexpected: Vec<(&String, &String)> = failures.iter().filter(|(id, why)| !explained(id, why)).collect();
    let fixed: Vec<&str> = EXAMPLE_DEFECTS.iter().map(|(op, _)| *op).filter(|op| !failures.contains_key(*op)).collect();
    assert!(unexpected.is_empty(), "failures that are not known spec defects: {unexpected:#?}");
    assert!(fixed.is_empty(), "listed as example defects but now pass: {fixed:#?}");
}
