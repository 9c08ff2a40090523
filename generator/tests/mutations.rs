//! Property test: the generator returns `Ok` or `Err` on any mutation of a valid spec, and
//! never panics.

use proptest::prelude::*;
use serde_json::Value;

/// Values a mutation may put anywhere: every JSON type, and OpenAPI-flavoured strings.
fn replacement() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        Just(Value::from(4.1)),
        Just(Value::from("")),
        Just(Value::from("string")),
        Just(Value::from("object")),
        Just(Value::from("#/components/schemas/Nope")),
        Just(Value::from("#/components/schemas/Widget")),
        Just(Value::from("type")),
        Just(Value::from("²ÿ 💥 {x}")),
        Just(serde_json::json!([])),
        Just(serde_json::json!({})),
        Just(serde_json::json!({"$ref": "#/components/schemas/Widget"})),
        Just(serde_json::json!({"$ref": "#/components/schemas/Kind"})),
        Just(serde_json::json!({"type": "array"})),
        Just(serde_json::json!({"allOf": [{"$ref": "#/components/schemas/Base"}, {"type": "integer"}]})),
        Just(serde_json::json!({"oneOf": [{"type": "string"}]})),
        Just(serde_json::json!({"type": "string", "enum": [null, 1, "a", "A", "a "]})),
    ]
}

#[derive(Debug, Clone)]
enum Mutation {
    Remove,
    Replace(Value),
    Insert(String, Value),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let keys = prop_oneof![
        Just("type"),
        Just("properties"),
        Just("required"),
        Just("allOf"),
        Just("items"),
        Just("enum"),
        Just("nullable"),
        Just("$ref"),
        Just("additionalProperties"),
        Just("parameters"),
        Just("operationId"),
        Just("format"),
        Just("deprecated"),
        Just("responses"),
        Just("content"),
        Just("security"),
    ];
    prop_oneof![
        Just(Mutation::Remove),
        replacement().prop_map(Mutation::Replace),
        (keys, replacement()).prop_map(|(k, v)| Mutation::Insert(k.to_string(), v)),
    ]
}

/// Applies `mutation` at the node reached by following `path` (indices taken modulo size).
fn apply(node: &mut Value, path: &[usize], mutation: &Mutation) {
    let Some((&i, rest)) = path.split_first() else {
        return mutate_here(node, mutation);
    };
    match node {
        Value::Object(map) if !map.is_empty() => {
            let key = map.keys().nth(i % map.len()).cloned().unwrap_or_default();
            if rest.is_empty() && matches!(mutation, Mutation::Remove) {
                map.remove(&key);
            } else if let Some(child) = map.get_mut(&key) {
                apply(child, rest, mutation);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            let n = i % items.len();
            if rest.is_empty() && matches!(mutation, Mutation::Remove) {
                items.remove(n);
            } else {
                apply(&mut items[n], rest, mutation);
            }
        }
        _ => mutate_here(node, mutation),
    }
}

fn mutate_here(node: &mut Value, mutation: &Mutation) {
    match (mutation, node) {
        (Mutation::Remove, _) => {}
        (Mutation::Insert(k, v), Value::Object(map)) => {
            map.insert(k.clone(), v.clone());
        }
        (Mutation::Insert(_, v) | Mutation::Replace(v), node) => *node = v.clone(),
    }
}

fn base() -> Value {
    let text = include_str!("snapshots/features.yaml");
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
    serde_json::to_value(yaml).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn mutated_specs_never_panic(
        mutations in prop::collection::vec((prop::collection::vec(any::<usize>(), 1..8), mutation()), 1..4)
    ) {
        let mut doc = base();
        for (path, m) in &mutations {
            apply(&mut doc, path, m);
        }
        let text = serde_json::to_string(&doc).unwrap();
        // Ok or Err are both fine; a panic fails the property.
        let _ = plaid_codegen::generate(&text, &plaid_codegen::CrateOptions::default());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// Descriptions are arbitrary text; turning them into rustdoc must not panic on any of it.
    #[test]
    fn any_description_becomes_rustdoc(text in r"[\[\]()<>`a-z:/ #\n\t*_é💥-]{0,80}") {
        let _ = plaid_codegen::docs::to_rustdoc(&text);
    }
}
