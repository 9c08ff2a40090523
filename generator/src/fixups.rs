//! Fixups: named repairs of defects that real specs (Plaid's among them) contain.
//!
//! Each repair is general (it applies wherever the defect appears, whatever the schema is
//! called) and reported as a warning with its location, so nothing is changed silently.

use crate::diagnostics::{child, Diagnostics};
use serde_json::Value;

const HTTP_METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

pub fn apply(doc: &mut Value, diagnostics: &mut Diagnostics) {
    remove_empty_path_items(doc, diagnostics);
    remove_non_media_type_content_keys(doc, diagnostics);
    stringify_string_enum_values(doc, "#", false, diagnostics);
}

/// A path item with no operation (`/idv_classic/profiles/:id: {}`) declares nothing to call.
fn remove_empty_path_items(doc: &mut Value, diagnostics: &mut Diagnostics) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else { return };
    paths.retain(|path, item| {
        let has_operation =
            item.as_object().is_some_and(|item| item.keys().any(|k| HTTP_METHODS.contains(&k.as_str())));
        if !has_operation {
            diagnostics.warn(child("#/paths", path), "path item has no operations; skipped (nothing to generate)");
        }
        has_operation
    });
}

/// `content` maps media types to schemas; a key that is not a media type (a stray `examples`
/// written one level too deep) is dropped.
fn remove_non_media_type_content_keys(doc: &mut Value, diagnostics: &mut Diagnostics) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else { return };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else { continue };
        for (method, op) in item.iter_mut() {
            if !HTTP_METHODS.contains(&method.as_str()) {
                continue;
            }
            let op_pointer = child(&child("#/paths", path), method);
            if let Some(content) = op.pointer_mut("/requestBody/content") {
                clean_content(content, &format!("{op_pointer}/requestBody/content"), diagnostics);
            }
            if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) {
                for (code, response) in responses.iter_mut() {
                    if let Some(content) = response.get_mut("content") {
                        let pointer = format!("{}/content", child(&format!("{op_pointer}/responses"), code));
                        clean_content(content, &pointer, diagnostics);
                    }
                }
            }
        }
    }
}

fn clean_content(content: &mut Value, pointer: &str, diagnostics: &mut Diagnostics) {
    let Some(content) = content.as_object_mut() else { return };
    content.retain(|key, _| {
        let is_media_type = key.contains('/') || key == "*";
        if !is_media_type {
            diagnostics.warn(child(pointer, key), format!("`{key}` is not a media type; ignored (misplaced key?)"));
        }
        is_media_type
    });
}

/// YAML reads `- 4.1`, `- 3` or `- true` in an enum list as a number or boolean, though the
/// schema says `type: string` and the server sends text. The values are turned back into text.
fn stringify_string_enum_values(value: &mut Value, pointer: &str, in_properties: bool, diagnostics: &mut Diagnostics) {
    match value {
        Value::Object(map) => {
            if !in_properties && map.get("type").and_then(Value::as_str) == Some("string") {
                if let Some(Value::Array(values)) = map.get_mut("enum") {
                    let mut changed = Vec::new();
                    for v in values.iter_mut() {
                        let text = match v {
                            Value::Number(n) => n.to_string(),
                            Value::Bool(b) => b.to_string(),
                            _ => continue,
                        };
                        changed.push(text.clone());
                        *v = Value::String(text);
                    }
                    if !changed.is_empty() {
                        diagnostics.warn(
                            format!("{pointer}/enum"),
                            format!("non-string values in a string enum read as text: {}", changed.join(", ")),
                        );
                    }
                }
            }
            for (key, v) in map.iter_mut() {
                // Examples are data, not schemas; a property named `example` is still a schema.
                if !in_properties && matches!(key.as_str(), "example" | "examples" | "x-examples" | "default") {
                    continue;
                }
                let next_in_properties = !in_properties && key == "properties";
                stringify_string_enum_values(v, &child(pointer, key), next_in_properties, diagnostics);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                stringify_string_enum_values(v, &child(pointer, &i.to_string()), false, diagnostics);
            }
        }
        _ => {}
    }
}
