//! Locating: when the typed parse of a document fails, find the deepest node at fault.
//!
//! `openapiv3` parses schemas and path items through flattened and hand-written
//! deserializers, so serde's error path stops at their boundary (`#/paths`). This walk
//! knows, for each kind of OpenAPI object, which JSON type each keyword must have, and
//! descends into the objects it contains, so the error can name the exact keyword.

use crate::diagnostics::child;
use serde_json::Value;

#[derive(Clone, Copy)]
enum Kind {
    Document,
    Paths,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Responses,
    Response,
    Content,
    MediaType,
    Components,
    Schemas,
    Schema,
}

#[derive(Clone, Copy, PartialEq)]
enum Json {
    Object,
    Array,
    String,
    Bool,
    Number,
}

impl Json {
    fn matches(self, v: &Value) -> bool {
        match self {
            Json::Object => v.is_object(),
            Json::Array => v.is_array(),
            Json::String => v.is_string(),
            Json::Bool => v.is_boolean(),
            Json::Number => v.is_number(),
        }
    }
    fn name(self) -> &'static str {
        match self {
            Json::Object => "a mapping",
            Json::Array => "a list",
            Json::String => "a string",
            Json::Bool => "a boolean",
            Json::Number => "a number",
        }
    }
}

/// The JSON type of a keyword, and the kind of object(s) inside it to descend into.
fn keyword(kind: Kind, key: &str) -> Option<(Json, Option<Child>)> {
    use Json::*;
    use Kind as K;
    let each = |k| Some(Child::EachValue(k));
    let one = |k| Some(Child::Itself(k));
    Some(match (kind, key) {
        (K::Document, "paths") => (Object, one(K::Paths)),
        (K::Document, "components") => (Object, one(K::Components)),
        (K::Document, "info") => (Object, None),
        (K::Document, "servers" | "security" | "tags") => (Array, None),
        (K::Paths, _) => (Object, one(K::PathItem)),
        (K::PathItem, "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace") => {
            (Object, one(K::Operation))
        }
        (K::PathItem, "parameters") => (Array, Some(Child::EachItem(K::Parameter))),
        (K::Operation, "parameters") => (Array, Some(Child::EachItem(K::Parameter))),
        (K::Operation, "requestBody") => (Object, one(K::RequestBody)),
        (K::Operation, "responses") => (Object, one(K::Responses)),
        (K::Operation, "operationId" | "summary" | "description") => (String, None),
        (K::Operation, "deprecated") => (Bool, None),
        (K::Operation, "security" | "tags") => (Array, None),
        (K::Parameter, "name" | "in" | "description") => (String, None),
        (K::Parameter, "required" | "deprecated") => (Bool, None),
        (K::Parameter, "schema") => (Object, one(K::Schema)),
        (K::RequestBody, "content") => (Object, one(K::Content)),
        (K::RequestBody, "required") => (Bool, None),
        (K::Responses, _) => (Object, one(K::Response)),
        (K::Response, "content") => (Object, one(K::Content)),
        (K::Response, "description") => (String, None),
        (K::Content, _) => (Object, one(K::MediaType)),
        (K::MediaType, "schema") => (Object, one(K::Schema)),
        (K::MediaType, "examples") => (Object, None),
        (K::Components, "schemas") => (Object, one(K::Schemas)),
        (K::Components, "parameters") => (Object, each(K::Parameter)),
        (K::Components, "requestBodies") => (Object, each(K::RequestBody)),
        (K::Components, "responses") => (Object, each(K::Response)),
        (K::Schemas, _) => (Object, one(K::Schema)),
        (K::Schema, "properties") => (Object, each(K::Schema)),
        (K::Schema, "items" | "not") => (Object, one(K::Schema)),
        (K::Schema, "allOf" | "oneOf" | "anyOf") => (Array, Some(Child::EachItem(K::Schema))),
        (K::Schema, "required" | "enum") => (Array, None),
        (K::Schema, "type" | "format" | "description" | "title" | "pattern" | "$ref") => (String, None),
        (K::Schema, "nullable" | "deprecated" | "readOnly" | "writeOnly" | "uniqueItems") => (Bool, None),
        (K::Schema, "minimum" | "maximum" | "minLength" | "maxLength" | "minItems" | "maxItems") => (Number, None),
        _ => return None,
    })
}

#[derive(Clone, Copy)]
enum Child {
    Itself(Kind),
    EachValue(Kind),
    EachItem(Kind),
}

/// The deepest keyword with a value of the wrong JSON type: `(pointer, message)`.
pub fn locate(doc: &Value) -> Option<(String, String)> {
    walk(doc, "#", Kind::Document)
}

fn walk(value: &Value, pointer: &str, kind: Kind) -> Option<(String, String)> {
    let map = value.as_object()?;
    for (key, v) in map {
        if key.starts_with("x-") {
            continue; // Extensions may hold anything.
        }
        let Some((json, inner)) = keyword(kind, key) else { continue };
        let here = child(pointer, key);
        if !json.matches(v) {
            return Some((here, format!("`{key}` must be {}, found {}", json.name(), describe(v))));
        }
        if let Some(key_items) =
            v.as_array().filter(|_| matches!(kind, Kind::Schema) && matches!(key.as_str(), "required"))
        {
            if let Some((i, bad)) = key_items.iter().enumerate().find(|(_, item)| !item.is_string()) {
                return Some((
                    child(&here, &i.to_string()),
                    format!("`required` lists property names, found {}", describe(bad)),
                ));
            }
        }
        let found = match inner {
            None => None,
            Some(Child::Itself(k)) => walk(v, &here, k),
            Some(Child::EachValue(k)) => {
                v.as_object().and_then(|m| m.iter().find_map(|(name, item)| check_object(item, &child(&here, name), k)))
            }
            Some(Child::EachItem(k)) => v.as_array().and_then(|items| {
                items.iter().enumerate().find_map(|(i, item)| check_object(item, &child(&here, &i.to_string()), k))
            }),
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

fn check_object(value: &Value, pointer: &str, kind: Kind) -> Option<(String, String)> {
    if !value.is_object() {
        return Some((pointer.to_string(), format!("must be a mapping, found {}", describe(value))));
    }
    walk(value, pointer, kind)
}

fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string {s:?}"),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "a mapping".into(),
    }
}
