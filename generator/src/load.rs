//! Loading: spec text (YAML or JSON) to a checked `openapiv3::OpenAPI`.
//!
//! Text is read into a JSON value first so that `fixups` can repair known real-world defects
//! before the typed parse, and so that a typed-parse failure can name its location as a JSON
//! pointer.

use crate::diagnostics::{child, Diagnostics, Failure};
use crate::fixups;

/// Parses spec text, applies fixups (each reported as a warning) and checks the OpenAPI version.
pub fn load(text: &str, diagnostics: &mut Diagnostics) -> Result<openapiv3::OpenAPI, Failure> {
    let mut value = parse_text(text)?;
    check_version(&value)?;
    fixups::apply(&mut value, diagnostics);
    let api: openapiv3::OpenAPI = serde_path_to_error::deserialize(&value).map_err(|err| {
        // serde's path stops at flattened structures; the keyword check is more precise.
        let (pointer, detail) =
            crate::locate::locate(&value).unwrap_or_else(|| (pointer_of(err.path()), err.inner().to_string()));
        Failure::single(pointer, format!("not a valid OpenAPI 3.0 document: {detail}"))
    })?;
    Ok(api)
}

/// YAML or JSON text to a JSON value. JSON is valid YAML, but parsing it as JSON first gives
/// better error positions for JSON input.
pub fn parse_text(text: &str) -> Result<serde_json::Value, Failure> {
    if text.trim_start().starts_with('{') {
        return serde_json::from_str(text).map_err(|err| {
            Failure::single("#", format!("invalid JSON at line {}, column {}: {err}", err.line(), err.column()))
        });
    }
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|err| {
        let place = err.location().map(|l| format!(" at line {}, column {}", l.line(), l.column())).unwrap_or_default();
        Failure::single("#", format!("invalid YAML{place}: {err}"))
    })?;
    yaml_to_json(yaml, "#")
}

fn yaml_to_json(yaml: serde_yaml::Value, pointer: &str) -> Result<serde_json::Value, Failure> {
    use serde_json::Value as J;
    use serde_yaml::Value as Y;
    Ok(match yaml {
        Y::Null => J::Null,
        Y::Bool(b) => J::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                J::from(i)
            } else if let Some(u) = n.as_u64() {
                J::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                // YAML allows .inf and .nan, JSON does not: keep them as their text.
                serde_json::Number::from_f64(f).map(J::Number).unwrap_or_else(|| J::String(n.to_string()))
            }
        }
        Y::String(s) => J::String(s),
        Y::Sequence(items) => J::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| yaml_to_json(item, &child(pointer, &i.to_string())))
                .collect::<Result<_, _>>()?,
        ),
        Y::Mapping(map) => {
            let mut out = serde_json::Map::new();
            for (key, value) in map {
                // YAML keys may be numbers (`200:` for a status code) or booleans; OpenAPI means text.
                let key = match key {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".to_string(),
                    _ => {
                        return Err(Failure::single(pointer, "a mapping key is not a scalar"));
                    }
                };
                let value = yaml_to_json(value, &child(pointer, &key))?;
                out.insert(key, value);
            }
            J::Object(out)
        }
        Y::Tagged(tagged) => yaml_to_json(tagged.value, pointer)?,
    })
}

fn check_version(value: &serde_json::Value) -> Result<(), Failure> {
    let Some(doc) = value.as_object() else {
        return Err(Failure::single("#", "the document is not a mapping"));
    };
    if let Some(swagger) = doc.get("swagger") {
        return Err(Failure::single(
            "#/swagger",
            format!("Swagger {swagger} documents are not supported; convert to OpenAPI 3.0 first"),
        ));
    }
    let version = match doc.get("openapi") {
        Some(serde_json::Value::String(v)) => v.as_str(),
        Some(other) => return Err(Failure::single("#/openapi", format!("expected a version string, found {other}"))),
        None => return Err(Failure::single("#/openapi", "missing `openapi` version field")),
    };
    if !version.starts_with("3.0") {
        return Err(Failure::single("#/openapi", format!("OpenAPI {version} is not supported; only 3.0.x is")));
    }
    if !doc.contains_key("paths") {
        return Err(Failure::single("#/paths", "missing `paths`: the document declares no operations"));
    }
    Ok(())
}

fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::from("#");
    for segment in path.iter() {
        pointer = match segment {
            Segment::Seq { index } => child(&pointer, &index.to_string()),
            Segment::Map { key } => child(&pointer, key),
            Segment::Enum { variant } => child(&pointer, variant),
            Segment::Unknown => pointer,
        };
    }
    pointer
}
