//! Examples: a runnable (`no_run`) Rust snippet for each operation's documentation, built
//! from the model: the spec's request example where there is one, else the required fields.
//!
//! Plain strings in, plain strings out. The snippet builds the request with `new()` and field
//! assignments when every value is a scalar; otherwise it decodes the example JSON, which is
//! always expressible.

use crate::model::{Api, Field, Operation, ParamLocation, Presence, ResponseBody, Ty, TypeKind};
use serde_json::Value;

/// The `# Example` section of an operation's documentation, as markdown.
pub fn operation_example(op: &Operation, api: &Api, crate_name: &str) -> String {
    let krate = crate_name.replace('-', "_");
    let mut lines = vec![
        "# async fn example() -> Result<(), Box<dyn std::error::Error>> {".to_string(),
        format!("let client = {krate}::Client::from_env()?;"),
    ];
    let mut args = Vec::new();
    for p in op.params.iter().filter(|p| p.location == ParamLocation::Path) {
        args.push(format!("{:?}", p.wire_name));
    }
    if let Some(request) = &op.request {
        let example = request.examples.first().map(|(_, v)| v.clone());
        lines.extend(request_lines(&request.ty, example.as_ref(), api, &krate));
        args.push("&request".to_string());
    }
    for p in op.params.iter().filter(|p| p.location != ParamLocation::Path) {
        args.push(if p.required { placeholder(&p.ty, &p.wire_name) } else { "None".to_string() });
    }
    let call = format!("client.{}({}).await?", op.method_name, args.join(", "));
    match &op.response {
        ResponseBody::Json { .. } => {
            lines.push(format!("let response = {call};"));
            lines.push("println!(\"{response:#?}\");".to_string());
        }
        ResponseBody::Bytes { content_type } => {
            lines.push(format!("let bytes = {call};"));
            lines.push(format!("println!(\"{{}} bytes of {content_type}\", bytes.len());"));
        }
        ResponseBody::Empty => lines.push(format!("{call};")),
    }
    lines.push("# Ok(())".to_string());
    lines.push("# }".to_string());
    format!("# Example\n\n```no_run\n{}\n```", lines.join("\n"))
}

fn request_lines(ty: &Ty, example: Option<&Value>, api: &Api, krate: &str) -> Vec<String> {
    let fields = match ty {
        Ty::Named(name) => match api.types.get(name).map(|t| &t.kind) {
            Some(TypeKind::Struct(s)) => Some((name, &s.fields)),
            _ => None,
        },
        _ => None,
    };
    if let Some((name, fields)) = fields {
        if let Some(lines) = constructed(name, fields, example, api, krate) {
            return lines;
        }
    }
    let value = example.cloned().unwrap_or_else(|| model_json(ty, api, 0));
    let json = serde_json::to_string_pretty(&value).unwrap_or_else(|_| "{}".to_string());
    let ty_text = match ty {
        Ty::Named(name) => format!("{krate}::types::{name}"),
        Ty::JsonObject => format!("{krate}::serde_json::Map<String, {krate}::serde_json::Value>"),
        _ => format!("{krate}::serde_json::Value"),
    };
    vec![format!("let request: {ty_text} = {krate}::serde_json::from_value({krate}::serde_json::json!({json}))?;")]
}

/// `let mut request = T::new(..); request.field = Some(..);`, or `None` when some value is
/// not a scalar.
fn constructed(name: &str, fields: &[Field], example: Option<&Value>, api: &Api, krate: &str) -> Option<Vec<String>> {
    let example = example.and_then(Value::as_object);
    let mut args = Vec::new();
    for f in fields.iter().filter(|f| f.presence() == Presence::Required) {
        let expr = match example.and_then(|e| e.get(&f.wire_name)) {
            Some(v) => scalar(&f.ty, v, api, krate, false)?,
            None => scalar(&f.ty, &placeholder_json(&f.ty, &f.wire_name, api), api, krate, false)?,
        };
        args.push(expr);
    }
    let mut sets = Vec::new();
    for f in fields.iter().filter(|f| f.presence() != Presence::Required && is_shown(f)) {
        let Some(v) = example.and_then(|e| e.get(&f.wire_name)) else { continue };
        if v.is_null() {
            continue;
        }
        let expr = scalar(&f.ty, v, api, krate, true)?;
        sets.push(format!("request.{} = Some({expr});", f.name));
    }
    let binding = if sets.is_empty() { "let request" } else { "let mut request" };
    let mut lines = vec![format!("{binding} = {krate}::types::{name}::new({});", args.join(", "))];
    lines.extend(sets);
    Some(lines)
}

/// Credentials come from the client, not from the example.
fn is_shown(f: &Field) -> bool {
    !f.sensitive && f.wire_name != "client_id"
}

/// A Rust expression for a scalar JSON value of type `ty`; `into` when assigned to a field
/// (where `impl Into` conversions do not apply).
fn scalar(ty: &Ty, value: &Value, api: &Api, krate: &str, into: bool) -> Option<String> {
    let text = |s: &str| if into { format!("{s:?}.into()") } else { format!("{s:?}") };
    Some(match (ty, value) {
        (Ty::String, Value::String(s)) => text(s),
        (Ty::Named(n), Value::String(s)) if api.is_enum(n) => text(s),
        (Ty::Bool, Value::Bool(b)) => b.to_string(),
        (Ty::Integer, Value::Number(n)) => n.as_i64()?.to_string(),
        (Ty::Number, Value::Number(n)) => format!("{:?}", n.as_f64()?),
        (Ty::DateTime, Value::String(s)) => {
            format!("{s:?}.parse::<{krate}::chrono::DateTime<{krate}::chrono::Utc>>()?")
        }
        (Ty::Date, Value::String(s)) => format!("{s:?}.parse::<{krate}::chrono::NaiveDate>()?"),
        (Ty::Array(item), Value::Array(items)) => {
            let items: Option<Vec<String>> = items
                .iter()
                .map(|v| match (&**item, v) {
                    (Ty::String, Value::String(s)) => Some(format!("{s:?}.to_string()")),
                    (Ty::Named(n), Value::String(s)) if api.is_enum(n) => {
                        Some(format!("{krate}::types::{n}::from({s:?})"))
                    }
                    _ => None,
                })
                .collect();
            format!("vec![{}]", items?.join(", "))
        }
        _ => return None,
    })
}

/// A stand-in value for a required field the example does not give.
fn placeholder_json(ty: &Ty, wire_name: &str, api: &Api) -> Value {
    match ty {
        Ty::String => Value::String(wire_name.to_string()),
        other => model_json(other, api, 0),
    }
}

/// A stand-in argument for a required header or query parameter.
fn placeholder(ty: &Ty, wire_name: &str) -> String {
    match ty {
        Ty::String => format!("{wire_name:?}"),
        Ty::Bool => "false".to_string(),
        Ty::Integer => "0".to_string(),
        Ty::Number => "0.0".to_string(),
        _ => "Default::default()".to_string(),
    }
}

/// A JSON value of the right shape for `ty`: required fields only.
fn model_json(ty: &Ty, api: &Api, depth: usize) -> Value {
    match ty {
        Ty::String => Value::from("string"),
        Ty::Bool => Value::from(false),
        Ty::Integer => Value::from(0),
        Ty::Number => Value::from(0.0),
        Ty::DateTime => Value::from("2024-01-01T00:00:00Z"),
        Ty::Date => Value::from("2024-01-01"),
        Ty::Json | Ty::JsonObject | Ty::Map(_) => Value::Object(Default::default()),
        Ty::Array(_) => Value::Array(Vec::new()),
        Ty::Named(name) => match api.types.get(name).map(|t| &t.kind) {
            Some(TypeKind::Enum(e)) => {
                e.variants.first().map_or(Value::from(""), |v| Value::from(v.wire_value.clone()))
            }
            Some(TypeKind::Struct(s)) if depth < 8 => {
                let mut map = serde_json::Map::new();
                for f in s.fields.iter().filter(|f| f.presence() == Presence::Required) {
                    let mut value = model_json(&f.ty, api, depth + 1);
                    if f.ty == Ty::String {
                        value = Value::from(f.wire_name.clone());
                    }
                    map.insert(f.wire_name.clone(), value);
                }
                Value::Object(map)
            }
            Some(TypeKind::Alias(inner)) => model_json(inner, api, depth + 1),
            _ => Value::Object(Default::default()),
        },
    }
}
