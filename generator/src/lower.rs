//! Lowering: an `openapiv3` document to the plain-data [`model::Api`].
//!
//! This is where OpenAPI's rules live: `$ref` resolution (with cycle detection), `allOf`
//! merging, nullability through `$ref` and `allOf`, required-ness, enums, maps, and naming of
//! inline schemas. Every problem is a diagnostic with the JSON pointer of the node at fault;
//! nothing is dropped without one.

use crate::diagnostics::{child, Diagnostics};
use crate::docs;
use crate::model::{
    Api, Deprecation, Enum, ErrorField, ErrorType, Field, HttpMethod, Operation, Param, ParamLocation, RequestBody,
    ResponseBody, Server, Struct, Ty, TypeDef, TypeKind, Variant,
};
use crate::naming::{self, Registry};
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, OpenAPI, ReferenceOr, Schema, SchemaData, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use std::collections::{BTreeMap, BTreeSet};

/// Names the generated crate uses unqualified next to `types::*`, so no schema may take them.
const RESERVED_TYPE_NAMES: &[&str] =
    &["Option", "String", "Vec", "Box", "Result", "BTreeMap", "Value", "Map", "DateTime", "Utc", "NaiveDate"];

/// The name of the catch-all variant of every generated enum.
pub const CATCH_ALL: &str = "UnknownValue";

/// The field that keeps unknown properties of objects with `additionalProperties: true`.
pub const UNKNOWN_FIELDS: &str = "additional_properties";

pub fn lower(spec: &OpenAPI, diagnostics: &mut Diagnostics) -> Api {
    let mut lowerer = Lowerer::new(spec, diagnostics);
    lowerer.lower_components();
    let operations = lowerer.lower_operations();
    let error_type = lowerer.error_type();
    let mut types = std::mem::take(&mut lowerer.types);
    box_recursive_fields(&mut types);
    Api {
        title: spec.info.title.clone(),
        spec_version: spec.info.version.clone(),
        description: spec.info.description.as_deref().map(docs::to_rustdoc),
        servers: spec
            .servers
            .iter()
            .map(|s| Server {
                name: s.description.clone().unwrap_or_else(|| s.url.clone()),
                url: s.url.trim_end_matches('/').to_string(),
            })
            .collect(),
        api_version: api_version(&spec.info.version),
        types,
        operations,
        error_type,
    }
}

/// Plaid's `info.version` is `<API version>_<release>`, e.g. `2020-09-14_1.697.4`.
fn api_version(info_version: &str) -> Option<String> {
    let (date, _) = info_version.split_once('_')?;
    let is_date = date.len() == 10 && date.chars().all(|c| c.is_ascii_digit() || c == '-');
    is_date.then(|| date.to_string())
}

/// A schema as written, or a `$ref` to one.
#[derive(Clone, Copy)]
enum SchemaRef<'a> {
    Ref(&'a str),
    Inline(&'a Schema),
}

impl<'a> SchemaRef<'a> {
    fn of(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Inline(s),
        }
    }
    fn of_boxed(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Inline(s),
        }
    }
}

/// What a schema means when used as the type of a field, parameter or body.
#[derive(Debug, Clone)]
struct Use {
    ty: Ty,
    nullable: bool,
    doc: Option<String>,
    deprecated: bool,
    /// `format: password`.
    password: bool,
}

/// One view over the several shapes `openapiv3` parses a schema into.
struct View<'a> {
    data: &'a SchemaData,
    typ: Option<&'a str>,
    format: Option<String>,
    properties: Option<&'a IndexMap<String, ReferenceOr<Box<Schema>>>>,
    required: &'a [String],
    additional: Option<&'a AdditionalProperties>,
    items: Option<&'a ReferenceOr<Box<Schema>>>,
    /// Enum values; `None` is a listed `null`.
    enum_values: Vec<Option<String>>,
    all_of: &'a [ReferenceOr<Schema>],
    /// `oneOf`, `anyOf` or `not`, which are not supported.
    unsupported: Option<&'static str>,
}

fn view(schema: &Schema) -> View<'_> {
    let mut v = View {
        data: &schema.schema_data,
        typ: None,
        format: None,
        properties: None,
        required: &[],
        additional: None,
        items: None,
        enum_values: Vec::new(),
        all_of: &[],
        unsupported: None,
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            v.typ = Some("string");
            v.format = match &s.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Some("date".into()),
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Some("date-time".into()),
                VariantOrUnknownOrEmpty::Item(StringFormat::Password) => Some("password".into()),
                VariantOrUnknownOrEmpty::Item(_) | VariantOrUnknownOrEmpty::Empty => None,
                VariantOrUnknownOrEmpty::Unknown(f) => Some(f.clone()),
            };
            v.enum_values = s.enumeration.clone();
        }
        SchemaKind::Type(Type::Number(_)) => v.typ = Some("number"),
        SchemaKind::Type(Type::Integer(_)) => v.typ = Some("integer"),
        SchemaKind::Type(Type::Boolean(_)) => v.typ = Some("boolean"),
        SchemaKind::Type(Type::Object(o)) => {
            v.typ = Some("object");
            v.properties = Some(&o.properties);
            v.required = &o.required;
            v.additional = o.additional_properties.as_ref();
        }
        SchemaKind::Type(Type::Array(a)) => {
            v.typ = Some("array");
            v.items = a.items.as_ref();
        }
        SchemaKind::AllOf { all_of } => v.all_of = all_of,
        SchemaKind::OneOf { .. } => v.unsupported = Some("oneOf"),
        SchemaKind::AnyOf { .. } => v.unsupported = Some("anyOf"),
        SchemaKind::Not { .. } => v.unsupported = Some("not"),
        SchemaKind::Any(a) => {
            v.typ = a.typ.as_deref();
            v.format = a.format.clone();
            v.properties = (!a.properties.is_empty()).then_some(&a.properties);
            v.required = &a.required;
            v.additional = a.additional_properties.as_ref();
            v.items = a.items.as_ref();
            v.enum_values = a
                .enumeration
                .iter()
                .map(|value| match value {
                    serde_json::Value::Null => None,
                    serde_json::Value::String(s) => Some(s.clone()),
                    other => Some(other.to_string()),
                })
                .collect();
            v.all_of = &a.all_of;
            v.unsupported = if !a.one_of.is_empty() {
                Some("oneOf")
            } else if !a.any_of.is_empty() {
                Some("anyOf")
            } else if a.not.is_some() {
                Some("not")
            } else {
                None
            };
        }
    }
    v
}

impl View<'_> {
    fn has_properties(&self) -> bool {
        self.properties.is_some_and(|p| !p.is_empty())
    }

    fn is_scalar(&self) -> bool {
        matches!(self.typ, Some("string" | "number" | "integer" | "boolean" | "array"))
    }

    /// Carries only annotations (description, nullable, ...): `{}` or `{nullable: true}`.
    fn is_annotation_only(&self) -> bool {
        self.typ.is_none()
            && !self.has_properties()
            && self.additional.is_none()
            && self.items.is_none()
            && self.enum_values.is_empty()
            && self.all_of.is_empty()
            && self.unsupported.is_none()
    }

    /// A scalar type with nothing that changes its Rust type: `{type: string, description: ...}`.
    fn is_plain_scalar(&self) -> bool {
        matches!(self.typ, Some("string" | "number" | "integer" | "boolean"))
            && self.enum_values.is_empty()
            && self.format.is_none()
            && !self.has_properties()
            && self.all_of.is_empty()
    }

    fn is_enum(&self) -> bool {
        self.typ == Some("string") && self.enum_values.iter().any(Option::is_some)
    }

    fn is_struct(&self) -> bool {
        self.all_of.is_empty() && self.has_properties() && !self.is_scalar()
    }
}

struct Lowerer<'a> {
    spec: &'a OpenAPI,
    diagnostics: &'a mut Diagnostics,
    types: BTreeMap<String, TypeDef>,
    type_names: Registry,
    /// Component schema name -> Rust type name.
    component_names: BTreeMap<String, String>,
    /// Uses of alias-like components, computed once.
    component_uses: BTreeMap<String, Use>,
    /// Alias-like components being resolved, to detect `$ref` cycles.
    resolving: Vec<String>,
}

impl<'a> Lowerer<'a> {
    fn new(spec: &'a OpenAPI, diagnostics: &'a mut Diagnostics) -> Self {
        Lowerer {
            spec,
            diagnostics,
            types: BTreeMap::new(),
            type_names: Registry::with_reserved(RESERVED_TYPE_NAMES),
            component_names: BTreeMap::new(),
            component_uses: BTreeMap::new(),
            resolving: Vec::new(),
        }
    }

    fn schemas(&self) -> &'a IndexMap<String, ReferenceOr<Schema>> {
        match &self.spec.components {
            Some(c) => &c.schemas,
            None => {
                static EMPTY: std::sync::OnceLock<IndexMap<String, ReferenceOr<Schema>>> = std::sync::OnceLock::new();
                EMPTY.get_or_init(IndexMap::new)
            }
        }
    }

    // ---- components ------------------------------------------------------------------------

    fn lower_components(&mut self) {
        let schemas = self.schemas();
        let mut spec_names: Vec<&String> = schemas.keys().collect();
        spec_names.sort();
        // Claim every component's name before any inline schema can take it.
        for spec_name in &spec_names {
            let rust_name = naming::type_name(spec_name);
            let claimed = self.type_names.claim(&rust_name);
            if claimed != rust_name {
                self.diagnostics.warn(
                    child("#/components/schemas", spec_name),
                    format!("type name `{rust_name}` is already taken; this schema is named `{claimed}`"),
                );
            }
            self.component_names.insert((*spec_name).clone(), claimed);
        }
        for spec_name in spec_names {
            self.define_component(spec_name);
        }
    }

    fn define_component(&mut self, spec_name: &str) {
        let pointer = child("#/components/schemas", spec_name);
        let Some(rust_name) = self.component_names.get(spec_name).cloned() else { return };
        let schema = match self.schemas().get(spec_name) {
            Some(ReferenceOr::Item(schema)) => schema,
            Some(ReferenceOr::Reference { .. }) | None => {
                // A component that is itself a `$ref` is an alias of its target.
                let u = self.component_use(spec_name, &pointer);
                self.insert_type(TypeDef {
                    name: rust_name,
                    pointer,
                    doc: u.doc,
                    deprecated: None,
                    kind: TypeKind::Alias(u.ty),
                });
                return;
            }
        };
        let v = view(schema);
        let doc = description(v.data);
        let deprecated = deprecation(v.data);
        let kind = if v.is_enum() {
            TypeKind::Enum(self.build_enum(&v, &pointer))
        } else if v.is_struct() || self.all_of_merges(&v, &pointer) {
            TypeKind::Struct(self.build_struct(SchemaRef::Inline(schema), &pointer, &rust_name))
        } else {
            TypeKind::Alias(self.component_use(spec_name, &pointer).ty)
        };
        self.insert_type(TypeDef { name: rust_name, pointer, doc, deprecated, kind });
    }

    fn insert_type(&mut self, def: TypeDef) {
        self.types.insert(def.name.clone(), def);
    }

    /// The use of a component referenced by `$ref`: a named type for structs and enums, the
    /// aliased type (with its nullability) for everything else.
    fn component_use(&mut self, spec_name: &str, at: &str) -> Use {
        if let Some(u) = self.component_uses.get(spec_name) {
            return u.clone();
        }
        let pointer = child("#/components/schemas", spec_name);
        let json = Use { ty: Ty::Json, nullable: false, doc: None, deprecated: false, password: false };
        let Some(entry) = self.schemas().get(spec_name) else {
            self.diagnostics.error(at, format!("dangling $ref: no schema `{spec_name}` in #/components/schemas"));
            return json;
        };
        if self.resolving.iter().any(|n| n == spec_name) {
            let cycle = self.resolving.join(" -> ");
            self.diagnostics.error(
                &pointer,
                format!("$ref cycle through type aliases ({cycle} -> {spec_name}); a cycle needs an object in it"),
            );
            return json;
        }
        self.resolving.push(spec_name.to_string());
        let u = match entry {
            ReferenceOr::Reference { reference } => self.use_of(SchemaRef::Ref(reference), &pointer, spec_name),
            ReferenceOr::Item(schema) => {
                let v = view(schema);
                let rust_name = self.component_names.get(spec_name).cloned().unwrap_or_default();
                if v.is_enum() || v.is_struct() || self.all_of_merges(&v, &pointer) {
                    Use {
                        ty: Ty::Named(rust_name),
                        nullable: is_nullable(&v),
                        doc: description(v.data),
                        deprecated: v.data.deprecated,
                        password: false,
                    }
                } else {
                    self.use_of(SchemaRef::Inline(schema), &pointer, &rust_name)
                }
            }
        };
        self.resolving.pop();
        self.component_uses.insert(spec_name.to_string(), u.clone());
        u
    }

    // ---- uses ------------------------------------------------------------------------------

    /// The type of a schema used at `pointer`; inline structs and enums get a type named
    /// after `context` (e.g. the parent type and field).
    fn use_of(&mut self, schema: SchemaRef<'a>, pointer: &str, context: &str) -> Use {
        let schema = match schema {
            SchemaRef::Ref(reference) => {
                return match component_name(reference) {
                    Some(name) => self.component_use(&name, pointer),
                    None => {
                        self.diagnostics.error(
                            pointer,
                            format!("unsupported $ref `{reference}`: only #/components/schemas/... is supported for schemas"),
                        );
                        Use { ty: Ty::Json, nullable: false, doc: None, deprecated: false, password: false }
                    }
                };
            }
            SchemaRef::Inline(schema) => schema,
        };
        let v = view(schema);
        let mut u = Use {
            ty: Ty::Json,
            nullable: is_nullable(&v),
            doc: description(v.data),
            deprecated: v.data.deprecated,
            password: v.format.as_deref() == Some("password"),
        };
        if let Some(construct) = v.unsupported {
            self.diagnostics
                .warn(pointer, format!("`{construct}` is not supported yet; this value is typed as serde_json::Value"));
            return u;
        }
        if !v.all_of.is_empty() {
            if let Some((member, member_pointer)) = self.all_of_alias(&v, pointer) {
                let inner = self.use_of(member, &member_pointer, context);
                u.ty = inner.ty;
                u.nullable |= inner.nullable || self.all_of_nullable(&v);
                u.doc = u.doc.or(inner.doc);
                u.deprecated |= inner.deprecated;
                u.password |= inner.password;
                return u;
            }
            u.nullable |= self.all_of_nullable(&v);
            u.ty = self.inline_struct(SchemaRef::Inline(schema), pointer, context, &v);
            return u;
        }
        u.ty = match v.typ {
            Some("string") if v.is_enum() => {
                let name = self.claim_inline_name(context);
                let def = self.build_enum(&v, pointer);
                self.insert_type(TypeDef {
                    name: name.clone(),
                    pointer: pointer.to_string(),
                    doc: u.doc.clone(),
                    deprecated: deprecation(v.data),
                    kind: TypeKind::Enum(def),
                });
                Ty::Named(name)
            }
            Some("string") => {
                if v.has_properties() {
                    self.diagnostics.warn(
                        pointer,
                        "`type: string` with `properties`: the properties are documentation only; kept as a string",
                    );
                }
                match v.format.as_deref() {
                    Some("date-time") => Ty::DateTime,
                    Some("date") => Ty::Date,
                    _ => Ty::String,
                }
            }
            Some("integer") => Ty::Integer,
            Some("number") => Ty::Number,
            Some("boolean") => Ty::Bool,
            Some("array") => match v.items {
                Some(items) => {
                    let item =
                        self.use_of(SchemaRef::of_boxed(items), &child(pointer, "items"), &format!("{context}Item"));
                    // `Vec<Option<T>>` would be exact for nullable items; they are rare enough
                    // that keeping the raw JSON value is the simpler lossless choice.
                    Ty::Array(Box::new(if item.nullable { Ty::Json } else { item.ty }))
                }
                None => Ty::Array(Box::new(Ty::Json)),
            },
            Some("object") | None if v.has_properties() => {
                self.inline_struct(SchemaRef::Inline(schema), pointer, context, &v)
            }
            Some("object") | None => match v.additional {
                Some(AdditionalProperties::Schema(inner)) => {
                    let value = self.use_of(
                        SchemaRef::of(inner),
                        &child(pointer, "additionalProperties"),
                        &format!("{context}Value"),
                    );
                    Ty::Map(Box::new(if value.nullable { Ty::Json } else { value.ty }))
                }
                _ if v.typ == Some("object") || v.additional.is_some() => Ty::JsonObject,
                _ => Ty::Json,
            },
            Some(other) => {
                self.diagnostics.error(pointer, format!("unknown schema type `{other}`"));
                Ty::Json
            }
        };
        u
    }

    fn claim_inline_name(&mut self, context: &str) -> String {
        self.type_names.claim(&naming::type_name(context))
    }

    fn inline_struct(&mut self, schema: SchemaRef<'a>, pointer: &str, context: &str, v: &View<'_>) -> Ty {
        let name = self.claim_inline_name(context);
        let def = self.build_struct(schema, pointer, &name);
        self.insert_type(TypeDef {
            name: name.clone(),
            pointer: pointer.to_string(),
            doc: description(v.data),
            deprecated: deprecation(v.data),
            kind: TypeKind::Struct(def),
        });
        Ty::Named(name)
    }

    // ---- allOf -----------------------------------------------------------------------------

    /// `allOf` whose members, apart from ones that only annotate or restate a scalar type
    /// (`{nullable: true}`, `{type: string, description: ...}`), are a single schema: an alias.
    fn all_of_alias(&self, v: &View<'a>, pointer: &str) -> Option<(SchemaRef<'a>, String)> {
        if v.has_properties() {
            return None;
        }
        let member_pointer = |index: usize| child(&child(pointer, "allOf"), &index.to_string());
        let mut substantive = v.all_of.iter().enumerate().filter(|(_, member)| match member {
            ReferenceOr::Reference { .. } => true,
            ReferenceOr::Item(s) => {
                let m = view(s);
                !(m.is_annotation_only() || m.is_plain_scalar())
            }
        });
        match (substantive.next(), substantive.next()) {
            (Some((index, only)), None) => Some((SchemaRef::of(only), member_pointer(index))),
            (Some(_), Some(_)) => None,
            // Nothing but annotations and scalar restatements: the first member says it all.
            (None, _) => v.all_of.first().map(|first| (SchemaRef::of(first), member_pointer(0))),
        }
    }

    fn all_of_merges(&self, v: &View<'a>, pointer: &str) -> bool {
        !v.all_of.is_empty() && v.unsupported.is_none() && self.all_of_alias(v, pointer).is_none()
    }

    fn all_of_nullable(&self, v: &View<'_>) -> bool {
        v.all_of.iter().any(|member| match member {
            ReferenceOr::Item(s) => view(s).is_annotation_only() && s.schema_data.nullable,
            ReferenceOr::Reference { .. } => false,
        })
    }

    // ---- structs and enums -----------------------------------------------------------------

    fn build_struct(&mut self, schema: SchemaRef<'a>, pointer: &str, type_name: &str) -> Struct {
        let mut merged = Merged::default();
        self.collect_object(schema, pointer, &mut merged, 0);
        for name in &merged.required {
            if !merged.properties.contains_key(name) {
                self.diagnostics
                    .warn(pointer, format!("`{name}` is listed in `required` but is not a property; ignored"));
            }
        }
        let mut field_names = Registry::default();
        let mut fields = Vec::new();
        for (wire_name, (prop, prop_pointer)) in &merged.properties {
            let context = format!("{type_name}{}", naming::type_name(wire_name));
            let u = self.use_of(*prop, prop_pointer, &context);
            let name = field_names.claim(&naming::value_name(wire_name));
            fields.push(Field {
                name,
                wire_name: wire_name.clone(),
                doc: u.doc,
                deprecated: u.deprecated.then_some(Deprecation { note: None }),
                ty: u.ty,
                required: merged.required.contains(wire_name),
                nullable: u.nullable,
                boxed: false,
                sensitive: u.password || is_credential_name(wire_name),
            });
        }
        let keep_unknown = merged.keep_unknown.then(|| field_names.claim(UNKNOWN_FIELDS));
        Struct { fields, keep_unknown }
    }

    /// Gathers properties, `required` and `additionalProperties` from an object schema and,
    /// through `allOf` and `$ref`, from every schema it is made of.
    fn collect_object(&mut self, schema: SchemaRef<'a>, pointer: &str, merged: &mut Merged<'a>, depth: usize) {
        if depth > 64 {
            self.diagnostics.error(pointer, "allOf/$ref nesting deeper than 64 levels (a cycle?)");
            return;
        }
        let (schema, pointer) = match schema {
            SchemaRef::Ref(reference) => {
                let Some(name) = component_name(reference) else {
                    self.diagnostics.error(pointer, format!("unsupported $ref `{reference}`"));
                    return;
                };
                match self.schemas().get(&name) {
                    Some(ReferenceOr::Item(s)) => (s, child("#/components/schemas", &name)),
                    Some(ReferenceOr::Reference { reference }) => {
                        let target = SchemaRef::Ref(reference);
                        return self.collect_object(target, &child("#/components/schemas", &name), merged, depth + 1);
                    }
                    None => {
                        self.diagnostics
                            .error(pointer, format!("dangling $ref: no schema `{name}` in #/components/schemas"));
                        return;
                    }
                }
            }
            SchemaRef::Inline(s) => (s, pointer.to_string()),
        };
        let v = view(schema);
        if let Some(construct) = v.unsupported {
            self.diagnostics.error(&pointer, format!("`{construct}` inside `allOf` is not supported"));
            return;
        }
        if v.is_scalar() {
            self.diagnostics.error(
                &pointer,
                format!("a `{}` schema cannot be merged into an object by `allOf`", v.typ.unwrap_or("")),
            );
            return;
        }
        for (index, member) in v.all_of.iter().enumerate() {
            let member_pointer = child(&child(&pointer, "allOf"), &index.to_string());
            self.collect_object(SchemaRef::of(member), &member_pointer, merged, depth + 1);
        }
        if let Some(properties) = v.properties {
            for (name, prop) in properties {
                let prop_pointer = child(&child(&pointer, "properties"), name);
                merged.properties.insert(name.clone(), (SchemaRef::of_boxed(prop), prop_pointer));
            }
        }
        merged.required.extend(v.required.iter().cloned());
        if matches!(v.additional, Some(AdditionalProperties::Any(true))) {
            merged.keep_unknown = true;
        }
    }

    fn build_enum(&mut self, v: &View<'_>, pointer: &str) -> Enum {
        let mut names = Registry::with_reserved(&[CATCH_ALL]);
        let mut seen = BTreeSet::new();
        let mut variants = Vec::new();
        for value in v.enum_values.iter().flatten() {
            if !seen.insert(value.clone()) {
                self.diagnostics.warn(child(pointer, "enum"), format!("duplicate enum value `{value}` ignored"));
                continue;
            }
            variants.push(Variant { name: names.claim(&naming::variant_name(value)), wire_value: value.clone() });
        }
        Enum { variants, catch_all: CATCH_ALL.to_string() }
    }

    // ---- operations ------------------------------------------------------------------------

    fn lower_operations(&mut self) -> Vec<Operation> {
        let mut operations = Vec::new();
        let mut method_names = Registry::default();
        let mut ids: BTreeMap<String, String> = BTreeMap::new();
        for (path, item) in &self.spec.paths.paths {
            let item_pointer = child("#/paths", path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { .. } => {
                    self.diagnostics.error(&item_pointer, "path items given by $ref are not supported");
                    continue;
                }
            };
            let methods = [
                ("get", &item.get, Some(HttpMethod::Get)),
                ("put", &item.put, Some(HttpMethod::Put)),
                ("post", &item.post, Some(HttpMethod::Post)),
                ("delete", &item.delete, Some(HttpMethod::Delete)),
                ("patch", &item.patch, Some(HttpMethod::Patch)),
                ("options", &item.options, None),
                ("head", &item.head, None),
                ("trace", &item.trace, None),
            ];
            for (method, op, http_method) in methods {
                let Some(op) = op else { continue };
                let pointer = child(&item_pointer, method);
                let Some(http_method) = http_method else {
                    self.diagnostics.error(&pointer, format!("`{method}` operations are not supported"));
                    continue;
                };
                let id = match &op.operation_id {
                    Some(id) => id.clone(),
                    None => {
                        let id = format!("{method}{}", naming::type_name(path));
                        self.diagnostics.warn(&pointer, format!("no operationId; named `{id}` after its path"));
                        id
                    }
                };
                if let Some(first) = ids.get(&id) {
                    self.diagnostics.error(
                        child(&pointer, "operationId"),
                        format!("duplicate operationId `{id}` (first at {first})"),
                    );
                    continue;
                }
                ids.insert(id.clone(), pointer.clone());
                let wanted = naming::value_name(&id);
                let method_name = method_names.claim(&wanted);
                if method_name != wanted {
                    self.diagnostics.warn(
                        child(&pointer, "operationId"),
                        format!("method name `{wanted}` is taken by another operation; this one is `{method_name}`"),
                    );
                }
                let operation =
                    self.lower_operation(op, &item.parameters, path, http_method, id, method_name, &pointer);
                operations.push(operation);
            }
        }
        operations.sort_by(|a, b| a.method_name.cmp(&b.method_name));
        operations
    }

    #[allow(clippy::too_many_arguments)]
    fn lower_operation(
        &mut self,
        op: &'a openapiv3::Operation,
        shared_params: &'a [ReferenceOr<openapiv3::Parameter>],
        path: &str,
        http_method: HttpMethod,
        id: String,
        method_name: String,
        pointer: &str,
    ) -> Operation {
        let type_prefix = naming::type_name(&id);
        let mut params = Vec::new();
        let mut arg_names = Registry::with_reserved(&["self", "request"]);
        let all_params =
            shared_params.iter().enumerate().map(|(i, p)| (p, format!("{}/parameters/{i}", parent(pointer))));
        let own_params = op.parameters.iter().enumerate().map(|(i, p)| (p, format!("{pointer}/parameters/{i}")));
        for (param, param_pointer) in all_params.chain(own_params) {
            if let Some(p) = self.lower_param(param, &param_pointer, &type_prefix, &mut arg_names) {
                params.retain(|existing: &Param| existing.wire_name != p.wire_name || existing.location != p.location);
                params.push(p);
            }
        }
        for segment in path_params(path) {
            if !params.iter().any(|p| p.location == ParamLocation::Path && p.wire_name == segment) {
                self.diagnostics
                    .error(pointer, format!("path parameter `{{{segment}}}` is not declared in `parameters`"));
            }
        }
        let request = self.lower_request(op, pointer, &type_prefix);
        let response = self.lower_response(op, pointer, &type_prefix);
        let is_read = http_method == HttpMethod::Get || path.ends_with("/get") || path.ends_with("/list");
        let has_idempotency_key = match request.as_ref().map(|r| &r.ty) {
            Some(Ty::Named(name)) => match self.types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Struct(s)) => s.fields.iter().any(|f| f.wire_name == "idempotency_key"),
                _ => false,
            },
            _ => false,
        };
        Operation {
            id,
            method_name,
            http_method,
            path: path.to_string(),
            pointer: pointer.to_string(),
            summary: op.summary.clone(),
            doc: op.description.as_deref().map(docs::to_rustdoc),
            deprecated: op.deprecated.then(|| Deprecation { note: deprecation_note(op.description.as_deref()) }),
            params,
            request,
            response,
            authenticated: !matches!(&op.security, Some(reqs) if reqs.is_empty()),
            retry_safe: is_read || has_idempotency_key,
        }
    }

    fn lower_param(
        &mut self,
        param: &'a ReferenceOr<openapiv3::Parameter>,
        pointer: &str,
        type_prefix: &str,
        arg_names: &mut Registry,
    ) -> Option<Param> {
        let (param, pointer) = match param {
            ReferenceOr::Item(p) => (p, pointer.to_string()),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/parameters/").map(unescape);
                let found = name.as_ref().and_then(|n| self.spec.components.as_ref()?.parameters.get(n));
                match (found, name) {
                    (Some(ReferenceOr::Item(p)), Some(name)) => (p, child("#/components/parameters", &name)),
                    _ => {
                        self.diagnostics.error(pointer, format!("cannot resolve parameter $ref `{reference}`"));
                        return None;
                    }
                }
            }
        };
        use openapiv3::Parameter as P;
        let (data, location) = match param {
            P::Path { parameter_data, .. } => (parameter_data, ParamLocation::Path),
            P::Query { parameter_data, .. } => (parameter_data, ParamLocation::Query),
            P::Header { parameter_data, .. } => (parameter_data, ParamLocation::Header),
            P::Cookie { .. } => {
                self.diagnostics.error(&pointer, "cookie parameters are not supported");
                return None;
            }
        };
        let ty = match &data.format {
            openapiv3::ParameterSchemaOrContent::Schema(schema) => {
                let context = format!("{type_prefix}{}", naming::type_name(&data.name));
                self.use_of(SchemaRef::of(schema), &child(&pointer, "schema"), &context).ty
            }
            openapiv3::ParameterSchemaOrContent::Content(_) => {
                self.diagnostics.error(&pointer, "parameters described by `content` are not supported");
                return None;
            }
        };
        if !matches!(ty, Ty::String | Ty::Bool | Ty::Integer | Ty::Number | Ty::Date | Ty::DateTime | Ty::Named(_)) {
            self.diagnostics.error(&pointer, "only scalar parameters are supported");
            return None;
        }
        Some(Param {
            name: arg_names.claim(&naming::value_name(&data.name)),
            wire_name: data.name.clone(),
            location,
            required: data.required || location == ParamLocation::Path,
            ty,
            doc: data.description.as_deref().map(docs::to_rustdoc),
        })
    }

    fn lower_request(&mut self, op: &'a openapiv3::Operation, pointer: &str, type_prefix: &str) -> Option<RequestBody> {
        let body_pointer = child(pointer, "requestBody");
        let body = match op.request_body.as_ref()? {
            ReferenceOr::Item(body) => body,
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/requestBodies/").map(unescape);
                match name.as_ref().and_then(|n| self.spec.components.as_ref()?.request_bodies.get(n)) {
                    Some(ReferenceOr::Item(body)) => body,
                    _ => {
                        self.diagnostics
                            .error(&body_pointer, format!("cannot resolve request body $ref `{reference}`"));
                        return None;
                    }
                }
            }
        };
        let Some((media_type, media)) = body.content.iter().find(|(m, _)| is_json(m)) else {
            let types: Vec<&str> = body.content.keys().map(String::as_str).collect();
            self.diagnostics.error(
                &body_pointer,
                format!("request bodies of type {types:?} are not supported (only application/json)"),
            );
            return None;
        };
        let media_pointer = child(&child(&body_pointer, "content"), media_type);
        let ty = match &media.schema {
            Some(schema) => {
                self.use_of(SchemaRef::of(schema), &child(&media_pointer, "schema"), &format!("{type_prefix}Request"))
                    .ty
            }
            None => Ty::Json,
        };
        Some(RequestBody { ty, required: body.required, examples: examples_of(media) })
    }

    fn lower_response(&mut self, op: &'a openapiv3::Operation, pointer: &str, type_prefix: &str) -> ResponseBody {
        let responses_pointer = child(pointer, "responses");
        let mut success: Vec<(String, &openapiv3::Response)> = Vec::new();
        for (code, response) in &op.responses.responses {
            let is_success = match code {
                openapiv3::StatusCode::Code(c) => (200..300).contains(c),
                openapiv3::StatusCode::Range(r) => *r == 2,
            };
            if !is_success {
                continue;
            }
            let code_pointer = child(&responses_pointer, &code.to_string());
            match self.resolve_response(response, &code_pointer) {
                Some(r) => success.push((code_pointer, r)),
                None => continue,
            }
        }
        let Some((first_pointer, first)) = success.first().cloned() else {
            self.diagnostics.warn(&responses_pointer, "no 2xx response declared; the method returns no body");
            return ResponseBody::Empty;
        };
        let mut body = self.response_body(first, &first_pointer, type_prefix);
        for (other_pointer, other) in success.iter().skip(1) {
            let other_body = self.response_body(other, other_pointer, type_prefix);
            match (&mut body, other_body) {
                (ResponseBody::Json { ty, examples }, ResponseBody::Json { ty: other_ty, examples: more })
                    if *ty == other_ty =>
                {
                    examples.extend(more);
                }
                (_, _) => self.diagnostics.warn(
                    other_pointer.as_str(),
                    format!("differs from {first_pointer}; the method returns the first success response's type"),
                ),
            }
        }
        body
    }

    fn resolve_response(
        &mut self,
        response: &'a ReferenceOr<openapiv3::Response>,
        pointer: &str,
    ) -> Option<&'a openapiv3::Response> {
        match response {
            ReferenceOr::Item(r) => Some(r),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/responses/").map(unescape);
                match name.as_ref().and_then(|n| self.spec.components.as_ref()?.responses.get(n)) {
                    Some(ReferenceOr::Item(r)) => Some(r),
                    _ => {
                        self.diagnostics.error(pointer, format!("cannot resolve response $ref `{reference}`"));
                        None
                    }
                }
            }
        }
    }

    fn response_body(&mut self, response: &'a openapiv3::Response, pointer: &str, type_prefix: &str) -> ResponseBody {
        if let Some((media_type, media)) = response.content.iter().find(|(m, _)| is_json(m)) {
            let media_pointer = child(&child(pointer, "content"), media_type);
            let ty = match &media.schema {
                Some(schema) => {
                    self.use_of(
                        SchemaRef::of(schema),
                        &child(&media_pointer, "schema"),
                        &format!("{type_prefix}Response"),
                    )
                    .ty
                }
                None => Ty::Json,
            };
            return ResponseBody::Json { ty, examples: examples_of(media) };
        }
        match response.content.keys().next() {
            Some(content_type) => ResponseBody::Bytes { content_type: content_type.clone() },
            None => ResponseBody::Empty,
        }
    }

    /// The named type most error responses (`default`, 4xx, 5xx) decode into.
    fn error_type(&mut self) -> Option<ErrorType> {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for item in self.spec.paths.paths.values() {
            let ReferenceOr::Item(item) = item else { continue };
            for (_, op) in item.iter() {
                let errors = op.responses.default.iter().chain(
                    op.responses
                        .responses
                        .iter()
                        .filter(|(code, _)| {
                            !matches!(code, openapiv3::StatusCode::Code(200..=299) | openapiv3::StatusCode::Range(2))
                        })
                        .map(|(_, r)| r),
                );
                for response in errors {
                    let ReferenceOr::Item(response) = response else { continue };
                    let Some((_, media)) = response.content.iter().find(|(m, _)| is_json(m)) else { continue };
                    if let Some(ReferenceOr::Reference { reference }) = &media.schema {
                        if let Some(name) = component_name(reference) {
                            *counts.entry(name).or_default() += 1;
                        }
                    }
                }
            }
        }
        let spec_name = counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))?.0;
        let rust_name = self.component_names.get(&spec_name)?.clone();
        let TypeKind::Struct(s) = &self.types.get(&rust_name)?.kind else { return None };
        let field = |wire: &str| {
            let f = s.fields.iter().find(|f| f.wire_name == wire)?;
            let is_enum =
                matches!(&f.ty, Ty::Named(n) if matches!(self.types.get(n).map(|t| &t.kind), Some(TypeKind::Enum(_))));
            if !(is_enum || f.ty == Ty::String) {
                return None;
            }
            Some(ErrorField {
                name: f.name.clone(),
                optional: f.presence() != crate::model::Presence::Required,
                is_enum,
            })
        };
        Some(ErrorType {
            name: rust_name.clone(),
            error_type: field("error_type"),
            error_code: field("error_code"),
            error_message: field("error_message"),
            request_id: field("request_id"),
        })
    }
}

#[derive(Default)]
struct Merged<'a> {
    properties: IndexMap<String, (SchemaRef<'a>, String)>,
    required: BTreeSet<String>,
    keep_unknown: bool,
}

/// Credentials may travel in request bodies (`secret`, `client_secret`, `password`); such
/// fields are redacted from `Debug` output.
fn is_credential_name(wire_name: &str) -> bool {
    let name = wire_name.to_ascii_lowercase();
    name == "secret" || name.ends_with("_secret") || name.contains("password")
}

fn is_nullable(v: &View<'_>) -> bool {
    v.data.nullable || v.enum_values.iter().any(Option::is_none)
}

fn description(data: &SchemaData) -> Option<String> {
    data.description.as_deref().or(data.title.as_deref()).map(docs::to_rustdoc).filter(|d| !d.is_empty())
}

fn deprecation(data: &SchemaData) -> Option<Deprecation> {
    data.deprecated.then(|| Deprecation { note: deprecation_note(data.description.as_deref()) })
}

/// The sentence of a description that talks about the deprecation, if any.
fn deprecation_note(description: Option<&str>) -> Option<String> {
    let text = description?;
    text.split_inclusive(". ")
        .find(|sentence| sentence.to_ascii_lowercase().contains("deprecat"))
        .map(|s| s.trim().to_string())
}

fn component_name(reference: &str) -> Option<String> {
    reference.strip_prefix("#/components/schemas/").map(unescape)
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

fn parent(pointer: &str) -> &str {
    pointer.rsplit_once('/').map_or(pointer, |(p, _)| p)
}

fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("").trim();
    essence == "application/json" || essence.ends_with("+json")
}

fn path_params(path: &str) -> Vec<String> {
    path.split('{').skip(1).filter_map(|s| s.split_once('}').map(|(name, _)| name.to_string())).collect()
}

fn examples_of(media: &openapiv3::MediaType) -> Vec<(String, serde_json::Value)> {
    let mut out: Vec<(String, serde_json::Value)> = media
        .examples
        .iter()
        .filter_map(|(name, example)| match example {
            ReferenceOr::Item(e) => e.value.clone().map(|v| (name.clone(), v)),
            ReferenceOr::Reference { .. } => None,
        })
        .collect();
    if let Some(example) = &media.example {
        out.push(("example".to_string(), example.clone()));
    }
    out
}

/// Boxes struct fields that contain their own struct by value, directly or through other
/// structs, so recursive schemas have a finite size.
fn box_recursive_fields(types: &mut BTreeMap<String, TypeDef>) {
    let edges: BTreeMap<String, Vec<String>> = types
        .iter()
        .map(|(name, def)| {
            let targets = match &def.kind {
                TypeKind::Struct(s) => s.fields.iter().filter_map(|f| direct_named(&f.ty)).collect(),
                _ => Vec::new(),
            };
            (name.clone(), targets)
        })
        .collect();
    let reaches = |from: &str, to: &str| {
        let mut stack = vec![from.to_string()];
        let mut seen = BTreeSet::new();
        while let Some(n) = stack.pop() {
            if n == to {
                return true;
            }
            if seen.insert(n.clone()) {
                stack.extend(edges.get(&n).into_iter().flatten().cloned());
            }
        }
        false
    };
    let mut to_box = Vec::new();
    for (name, targets) in &edges {
        for target in targets {
            if reaches(target, name) {
                to_box.push((name.clone(), target.clone()));
            }
        }
    }
    for (name, target) in to_box {
        if let Some(TypeKind::Struct(s)) = types.get_mut(&name).map(|d| &mut d.kind) {
            for f in &mut s.fields {
                if direct_named(&f.ty).as_deref() == Some(target.as_str()) {
                    f.boxed = true;
                }
            }
        }
    }
}

fn direct_named(ty: &Ty) -> Option<String> {
    match ty {
        Ty::Named(n) => Some(n.clone()),
        _ => None,
    }
}
