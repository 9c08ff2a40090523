//! Diff: what changed in the generated Rust API between two models, and how much it weighs
//! in semver terms.
//!
//! Reads only the model. The weights follow the generated API's design: structs and enums are
//! `#[non_exhaustive]`, structs are built with `new(required fields)`, enums have a catch-all.
//! So a new optional field or a new enum value is additive, while anything that changes a
//! signature, a field's type or `new`'s parameters is breaking.

use crate::model::{Api, Field, Operation, Param, Presence, ResponseBody, Struct, Ty, TypeDef, TypeKind};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// The semver weight of a change for the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Weight {
    /// Only documentation changed.
    Documentation,
    /// New API or behaviour; existing callers still compile and work.
    Additive,
    /// Existing callers may stop compiling or behave differently.
    Breaking,
}

impl Weight {
    pub fn as_str(self) -> &'static str {
        match self {
            Weight::Documentation => "documentation",
            Weight::Additive => "additive",
            Weight::Breaking => "breaking",
        }
    }

    pub fn parse(text: &str) -> Option<Weight> {
        match text {
            "documentation" => Some(Weight::Documentation),
            "additive" => Some(Weight::Additive),
            "breaking" => Some(Weight::Breaking),
            _ => None,
        }
    }
}

/// One change to the generated API.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    pub weight: Weight,
    /// What changed, as a Rust path: `Client::item_get`, `types::Foo`, `types::Foo::bar`.
    pub subject: String,
    /// A one-line summary.
    pub summary: String,
}

/// All changes between two releases.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub old_version: String,
    pub new_version: String,
    pub changes: Vec<Change>,
}

impl Report {
    /// The heaviest change, or `None` when nothing changed.
    pub fn weight(&self) -> Option<Weight> {
        self.changes.iter().map(|c| c.weight).max()
    }

    /// The version bump the changes need.
    pub fn bump(&self) -> &'static str {
        match self.weight() {
            Some(Weight::Breaking) => "major (a minor bump while the crate is 0.x)",
            Some(Weight::Additive) => "minor (a patch bump while the crate is 0.x)",
            Some(Weight::Documentation) => "patch",
            None => "none",
        }
    }

    fn counts(&self) -> BTreeMap<Weight, usize> {
        let mut counts = BTreeMap::new();
        for c in &self.changes {
            *counts.entry(c.weight).or_insert(0) += 1;
        }
        counts
    }

    fn counts_line(&self) -> String {
        let counts = self.counts();
        [Weight::Breaking, Weight::Additive, Weight::Documentation]
            .iter()
            .map(|w| format!("{} {}", counts.get(w).copied().unwrap_or(0), w.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub fn to_text(&self) -> String {
        let mut out = format!(
            "{} -> {}: {} change(s) ({}); required bump: {}\n",
            self.old_version,
            self.new_version,
            self.changes.len(),
            self.counts_line(),
            self.bump()
        );
        for c in &self.changes {
            let _ = writeln!(out, "{:<13} {}: {}", c.weight.as_str(), c.subject, c.summary);
        }
        out
    }

    pub fn to_markdown(&self) -> String {
        let mut out = format!(
            "## Spec {} (from {})\n\nRequired version bump: **{}** ({}).\n",
            self.new_version,
            self.old_version,
            self.bump(),
            self.counts_line()
        );
        for (weight, title) in [
            (Weight::Breaking, "Breaking changes"),
            (Weight::Additive, "Additions"),
            (Weight::Documentation, "Documentation"),
        ] {
            let items: Vec<&Change> = self.changes.iter().filter(|c| c.weight == weight).collect();
            if items.is_empty() {
                continue;
            }
            let _ = write!(out, "\n### {title}\n\n");
            for c in items {
                let _ = writeln!(out, "- `{}`: {}", c.subject, c.summary);
            }
        }
        out
    }

    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Json<'a> {
            #[serde(flatten)]
            report: &'a Report,
            weight: Option<Weight>,
            bump: &'static str,
        }
        serde_json::to_string_pretty(&Json { report: self, weight: self.weight(), bump: self.bump() })
            .unwrap_or_default()
    }
}

/// Compares two models.
pub fn diff(old: &Api, new: &Api) -> Report {
    let mut changes = Changes::default();
    if old.spec_version != new.spec_version {
        changes.push(
            Weight::Documentation,
            "SPEC_VERSION",
            format!("`{}` -> `{}`", old.spec_version, new.spec_version),
        );
    }
    diff_operations(old, new, &mut changes);
    diff_types(old, new, &mut changes);
    let mut list = changes.0;
    list.sort_by(|a, b| b.weight.cmp(&a.weight).then(a.subject.cmp(&b.subject)).then(a.summary.cmp(&b.summary)));
    Report { old_version: old.spec_version.clone(), new_version: new.spec_version.clone(), changes: list }
}

#[derive(Default)]
struct Changes(Vec<Change>);

impl Changes {
    fn push(&mut self, weight: Weight, subject: impl Into<String>, summary: impl Into<String>) {
        self.0.push(Change { weight, subject: subject.into(), summary: summary.into() });
    }
}

fn diff_operations(old: &Api, new: &Api, changes: &mut Changes) {
    let old_ops: BTreeMap<&str, &Operation> = old.operations.iter().map(|o| (o.method_name.as_str(), o)).collect();
    let new_ops: BTreeMap<&str, &Operation> = new.operations.iter().map(|o| (o.method_name.as_str(), o)).collect();
    for (name, op) in &old_ops {
        if !new_ops.contains_key(name) {
            changes.push(Weight::Breaking, format!("Client::{name}"), format!("operation `{}` removed", op.id));
        }
    }
    for (name, op) in &new_ops {
        let subject = format!("Client::{name}");
        let Some(before) = old_ops.get(name) else {
            changes.push(
                Weight::Additive,
                subject,
                format!("operation `{}` added ({} {})", op.id, op.http_method.as_str(), op.path),
            );
            continue;
        };
        if before.path != op.path || before.http_method != op.http_method {
            changes.push(
                Weight::Breaking,
                &subject,
                format!(
                    "endpoint moved from {} {} to {} {}",
                    before.http_method.as_str(),
                    before.path,
                    op.http_method.as_str(),
                    op.path
                ),
            );
        }
        let request = |o: &Operation| o.request.as_ref().map(|r| r.ty.clone());
        if request(before) != request(op) {
            changes.push(
                Weight::Breaking,
                &subject,
                format!(
                    "request type {} -> {}",
                    ty_or_none(request(before).as_ref()),
                    ty_or_none(request(op).as_ref())
                ),
            );
        }
        if response_shape(&before.response) != response_shape(&op.response) {
            changes.push(
                Weight::Breaking,
                &subject,
                format!("return type {} -> {}", response_shape(&before.response), response_shape(&op.response)),
            );
        }
        if params_signature(&before.params) != params_signature(&op.params) {
            changes.push(
                Weight::Breaking,
                &subject,
                format!("parameters ({}) -> ({})", params_signature(&before.params), params_signature(&op.params)),
            );
        }
        deprecation_change(before.deprecated.is_some(), op.deprecated.is_some(), &subject, changes);
        if before.authenticated != op.authenticated {
            let now = if op.authenticated { "sends credentials" } else { "no longer sends credentials" };
            changes.push(Weight::Additive, &subject, now.to_string());
        }
        if before.retry_safe != op.retry_safe {
            let now =
                if op.retry_safe { "now retried on 5xx and timeouts" } else { "no longer retried on 5xx and timeouts" };
            changes.push(Weight::Additive, &subject, now.to_string());
        }
        if before.doc != op.doc || before.summary != op.summary {
            changes.push(Weight::Documentation, &subject, "description changed");
        }
    }
}

fn diff_types(old: &Api, new: &Api, changes: &mut Changes) {
    for (name, def) in &old.types {
        if !new.types.contains_key(name) {
            changes.push(Weight::Breaking, format!("types::{name}"), format!("{} removed", kind_name(def)));
        }
    }
    for (name, def) in &new.types {
        let subject = format!("types::{name}");
        let Some(before) = old.types.get(name) else {
            changes.push(Weight::Additive, subject, format!("{} added", kind_name(def)));
            continue;
        };
        deprecation_change(before.deprecated.is_some(), def.deprecated.is_some(), &subject, changes);
        if before.doc != def.doc {
            changes.push(Weight::Documentation, &subject, "description changed");
        }
        match (&before.kind, &def.kind) {
            (TypeKind::Struct(a), TypeKind::Struct(b)) => diff_struct(name, a, b, changes),
            (TypeKind::Enum(a), TypeKind::Enum(b)) => {
                let old_values: BTreeSet<&str> = a.variants.iter().map(|v| v.wire_value.as_str()).collect();
                let new_values: BTreeSet<&str> = b.variants.iter().map(|v| v.wire_value.as_str()).collect();
                for v in a.variants.iter().filter(|v| !new_values.contains(v.wire_value.as_str())) {
                    changes.push(
                        Weight::Breaking,
                        format!("{subject}::{}", v.name),
                        format!("enum value `{}` removed", v.wire_value),
                    );
                }
                for v in b.variants.iter().filter(|v| !old_values.contains(v.wire_value.as_str())) {
                    changes.push(
                        Weight::Additive,
                        format!("{subject}::{}", v.name),
                        format!("enum value `{}` added", v.wire_value),
                    );
                }
            }
            (TypeKind::Alias(a), TypeKind::Alias(b)) if a != b => {
                changes.push(Weight::Breaking, &subject, format!("alias of {} -> {}", ty_text(a), ty_text(b)));
            }
            (TypeKind::Alias(_), TypeKind::Alias(_)) => {}
            (a, b) => changes.push(Weight::Breaking, &subject, format!("{} -> {}", kind_name_of(a), kind_name_of(b))),
        }
    }
}

fn diff_struct(type_name: &str, old: &Struct, new: &Struct, changes: &mut Changes) {
    let old_fields: BTreeMap<&str, &Field> = old.fields.iter().map(|f| (f.wire_name.as_str(), f)).collect();
    let new_fields: BTreeMap<&str, &Field> = new.fields.iter().map(|f| (f.wire_name.as_str(), f)).collect();
    let subject = |f: &Field| format!("types::{type_name}::{}", f.name.trim_start_matches("r#"));
    for (wire, f) in &old_fields {
        if !new_fields.contains_key(wire) {
            changes.push(Weight::Breaking, subject(f), "field removed");
        }
    }
    for (wire, f) in &new_fields {
        let Some(before) = old_fields.get(wire) else {
            let (weight, what) = match f.presence() {
                Presence::Required => (Weight::Breaking, "required field added (a new parameter of `new`)"),
                Presence::RequiredNullable => (Weight::Additive, "required nullable field added (starts as `None`)"),
                Presence::Optional => (Weight::Additive, "optional field added"),
            };
            changes.push(weight, subject(f), format!("{what}: {}", field_type_text(f)));
            continue;
        };
        if before.ty != f.ty || before.boxed != f.boxed {
            changes.push(
                Weight::Breaking,
                subject(f),
                format!("type {} -> {}", field_type_text(before), field_type_text(f)),
            );
        } else if before.presence() != f.presence() {
            let (weight, what) = presence_change(before.presence(), f.presence());
            changes.push(weight, subject(f), format!("{what} ({} -> {})", field_type_text(before), field_type_text(f)));
        }
        if before.nullable != f.nullable && before.presence() == f.presence() {
            let what = if f.nullable { "may now be null" } else { "is no longer nullable" };
            changes.push(Weight::Documentation, subject(f), what.to_string());
        }
        if before.sensitive != f.sensitive {
            let what =
                if f.sensitive { "now redacted from Debug output" } else { "no longer redacted from Debug output" };
            changes.push(Weight::Additive, subject(f), what.to_string());
        }
        deprecation_change(before.deprecated.is_some(), f.deprecated.is_some(), &subject(f), changes);
        if before.doc != f.doc {
            changes.push(Weight::Documentation, subject(f), "description changed");
        }
    }
    match (&old.keep_unknown, &new.keep_unknown) {
        (None, Some(n)) => {
            changes.push(Weight::Additive, format!("types::{type_name}::{n}"), "unknown properties now kept")
        }
        (Some(n), None) => changes.push(
            Weight::Breaking,
            format!("types::{type_name}::{n}"),
            "field removed (unknown properties no longer kept)",
        ),
        _ => {}
    }
}

fn presence_change(old: Presence, new: Presence) -> (Weight, &'static str) {
    use Presence::*;
    match (old, new) {
        (Required, Optional) => (Weight::Breaking, "required -> optional"),
        (Required, RequiredNullable) => (Weight::Breaking, "now nullable"),
        (Optional, Required) => (Weight::Breaking, "optional -> required"),
        (RequiredNullable, Required) => (Weight::Breaking, "no longer nullable"),
        // Same Rust type (`Option<T>`); only whether `None` is sent as `null` or left out changes.
        (RequiredNullable, Optional) => (Weight::Additive, "required nullable -> optional"),
        (Optional, RequiredNullable) => (Weight::Additive, "optional -> required nullable"),
        _ => (Weight::Documentation, "unchanged"),
    }
}

fn deprecation_change(was: bool, is: bool, subject: &str, changes: &mut Changes) {
    match (was, is) {
        (false, true) => changes.push(Weight::Additive, subject, "deprecated"),
        (true, false) => changes.push(Weight::Additive, subject, "no longer deprecated"),
        _ => {}
    }
}

fn kind_name(def: &TypeDef) -> &'static str {
    kind_name_of(&def.kind)
}

fn kind_name_of(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "struct",
        TypeKind::Enum(_) => "enum",
        TypeKind::Alias(_) => "type alias",
    }
}

/// A Rust-like rendering of a type, for summaries.
pub fn ty_text(ty: &Ty) -> String {
    match ty {
        Ty::String => "String".into(),
        Ty::Bool => "bool".into(),
        Ty::Integer => "i64".into(),
        Ty::Number => "f64".into(),
        Ty::DateTime => "DateTime<Utc>".into(),
        Ty::Date => "NaiveDate".into(),
        Ty::Json => "serde_json::Value".into(),
        Ty::JsonObject => "serde_json::Map<String, Value>".into(),
        Ty::Named(n) => n.clone(),
        Ty::Array(inner) => format!("Vec<{}>", ty_text(inner)),
        Ty::Map(inner) => format!("BTreeMap<String, {}>", ty_text(inner)),
    }
}

fn ty_or_none(ty: Option<&Ty>) -> String {
    ty.map_or_else(|| "(none)".to_string(), ty_text)
}

fn field_type_text(f: &Field) -> String {
    let inner = ty_text(&f.ty);
    let inner = if f.boxed { format!("Box<{inner}>") } else { inner };
    match f.presence() {
        Presence::Required => inner,
        _ => format!("Option<{inner}>"),
    }
}

fn response_shape(r: &ResponseBody) -> String {
    match r {
        ResponseBody::Json { ty, .. } => ty_text(ty),
        ResponseBody::Bytes { .. } => "Vec<u8>".into(),
        ResponseBody::Empty => "()".into(),
    }
}

fn params_signature(params: &[Param]) -> String {
    params
        .iter()
        .map(|p| {
            let ty = ty_text(&p.ty);
            if p.required {
                format!("{}: {ty}", p.name)
            } else {
                format!("{}: Option<{ty}>", p.name)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Struct, TypeDef, TypeKind};

    fn field(name: &str, ty: Ty, required: bool, nullable: bool) -> Field {
        Field {
            name: name.into(),
            wire_name: name.into(),
            doc: None,
            deprecated: None,
            ty,
            required,
            nullable,
            boxed: false,
            sensitive: false,
        }
    }

    fn api_with(fields: Vec<Field>) -> Api {
        let mut api = Api::default();
        api.types.insert(
            "Req".into(),
            TypeDef {
                name: "Req".into(),
                pointer: "#/components/schemas/Req".into(),
                doc: None,
                deprecated: None,
                kind: TypeKind::Struct(Struct { fields, keep_unknown: None }),
            },
        );
        api
    }

    #[test]
    fn field_changes_are_weighed_by_their_effect_on_rust_callers() {
        let old = api_with(vec![field("a", Ty::String, true, false), field("gone", Ty::Bool, false, false)]);
        let new = api_with(vec![
            field("a", Ty::String, false, false),
            field("b", Ty::String, false, false),
            field("c", Ty::Integer, true, false),
        ]);
        let report = diff(&old, &new);
        let summary: Vec<(Weight, &str, &str)> =
            report.changes.iter().map(|c| (c.weight, c.subject.as_str(), c.summary.as_str())).collect();
        assert_eq!(
            summary,
            [
                (Weight::Breaking, "types::Req::a", "required -> optional (String -> Option<String>)"),
                (Weight::Breaking, "types::Req::c", "required field added (a new parameter of `new`): i64"),
                (Weight::Breaking, "types::Req::gone", "field removed"),
                (Weight::Additive, "types::Req::b", "optional field added: Option<String>"),
            ]
        );
        assert_eq!(report.weight(), Some(Weight::Breaking));
    }

    #[test]
    fn identical_models_have_no_changes() {
        let api = api_with(vec![field("a", Ty::String, true, false)]);
        let report = diff(&api, &api);
        assert!(report.changes.is_empty());
        assert_eq!(report.bump(), "none");
    }
}
