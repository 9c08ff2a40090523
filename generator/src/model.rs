//! The intermediate model: plain data describing the API the generated crate exposes.
//!
//! `lower` builds it from an OpenAPI document and `emit` turns it into Rust tokens. It depends on
//! neither, so a model can be written by hand in a test, and two models (two spec releases) can
//! be compared. Names here are already Rust names, chosen and de-duplicated by `naming`.

use std::collections::BTreeMap;

/// Everything the generated crate is made of.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Api {
    /// `info.title` of the spec.
    pub title: String,
    /// `info.version` of the spec, e.g. `2020-09-14_1.697.4`.
    pub spec_version: String,
    /// `info.description` of the spec.
    pub description: Option<String>,
    /// Servers declared by the spec, in spec order.
    pub servers: Vec<Server>,
    /// The API version sent in `Plaid-Version`, taken from the prefix of `info.version`.
    pub api_version: Option<String>,
    /// Named types, keyed by Rust name (so emission order is sorted and stable).
    pub types: BTreeMap<String, TypeDef>,
    /// Operations, sorted by method name.
    pub operations: Vec<Operation>,
    /// The type that error (`default` / 4xx) responses decode into, if the spec names one.
    pub error_type: Option<ErrorType>,
}

impl Api {
    /// Whether `name` is a generated enum (read and written as its `as_str` text).
    pub fn is_enum(&self, name: &str) -> bool {
        matches!(self.types.get(name).map(|t| &t.kind), Some(TypeKind::Enum(_)))
    }
}

/// A server from `servers`.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// The server's description (e.g. `Sandbox`), used as the environment's name.
    pub name: String,
    pub url: String,
}

/// A named type of the generated crate: a component schema, or an inline schema that needed a name.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Rust name (UpperCamelCase).
    pub name: String,
    /// Where it was defined, as a JSON pointer (`#/components/schemas/Foo`).
    pub pointer: String,
    pub doc: Option<String>,
    pub deprecated: Option<Deprecation>,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// A struct with named fields.
    Struct(Struct),
    /// A string enum with a catch-all for values the spec does not list.
    Enum(Enum),
    /// `pub type Name = Ty;` for schemas that are a scalar, array, map or another named type.
    Alias(Ty),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Fields in spec order.
    pub fields: Vec<Field>,
    /// Whether unknown JSON properties are kept (in a map field) rather than dropped.
    pub keep_unknown: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust name (snake_case, may be a raw identifier such as `r#type`).
    pub name: String,
    /// Name on the wire.
    pub wire_name: String,
    pub doc: Option<String>,
    pub deprecated: Option<Deprecation>,
    pub ty: Ty,
    pub required: bool,
    pub nullable: bool,
    /// The field's type contains its struct by value (a recursive schema), so it is boxed.
    pub boxed: bool,
    /// A credential (`secret`, `format: password`, ...): redacted from `Debug` output.
    pub sensitive: bool,
}

impl Field {
    /// How the field is represented, which decides its Rust type and serde attributes.
    pub fn presence(&self) -> Presence {
        match (self.required, self.nullable) {
            (true, false) => Presence::Required,
            (true, true) => Presence::RequiredNullable,
            (false, _) => Presence::Optional,
        }
    }
}

/// The three ways a field can be present on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Always present, never `null`: `T`.
    Required,
    /// Always present, may be `null`: `Option<T>`, `None` encodes as `null`.
    RequiredNullable,
    /// May be absent (and, if nullable, `null`): `Option<T>`, `None` is left out.
    Optional,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    pub variants: Vec<Variant>,
    /// Name of the catch-all variant that keeps values the spec does not list.
    pub catch_all: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub name: String,
    pub wire_value: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Deprecation {
    /// Why, when the spec says (from the description).
    pub note: Option<String>,
}

/// A Rust type as used by a field, alias, parameter or body.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ty {
    String,
    Bool,
    Integer,
    Number,
    DateTime,
    Date,
    /// Any JSON value (free-form).
    Json,
    /// A JSON object with arbitrary keys and values.
    JsonObject,
    Named(String),
    Array(Box<Ty>),
    /// A JSON object with arbitrary keys and values of one type.
    Map(Box<Ty>),
}

/// An API operation: one method on the client.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The spec's `operationId`.
    pub id: String,
    /// Rust method name (snake_case of the `operationId`).
    pub method_name: String,
    pub http_method: HttpMethod,
    /// Path template, e.g. `/fdx/consents/{consentId}`.
    pub path: String,
    pub pointer: String,
    pub summary: Option<String>,
    pub doc: Option<String>,
    pub deprecated: Option<Deprecation>,
    pub params: Vec<Param>,
    /// The JSON request body's type, if any.
    pub request: Option<RequestBody>,
    pub response: ResponseBody,
    /// Whether credentials are sent (false for `security: []`).
    pub authenticated: bool,
    /// Whether repeating the request is harmless: a read (`GET`, or a path ending in `/get` or
    /// `/list`), or a request with an `idempotency_key`.
    pub retry_safe: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Rust argument name.
    pub name: String,
    pub wire_name: String,
    pub location: ParamLocation,
    pub required: bool,
    pub ty: Ty,
    pub doc: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    pub ty: Ty,
    pub required: bool,
    /// JSON request examples from the spec, by example name.
    pub examples: Vec<(String, serde_json::Value)>,
}

/// What a successful response carries.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseBody {
    /// JSON decoded into a type; `examples` are the spec's JSON examples for success responses.
    Json { ty: Ty, examples: Vec<(String, serde_json::Value)> },
    /// Raw bytes (`application/pdf`, `application/zip`, ...).
    Bytes { content_type: String },
    /// No body.
    Empty,
}

/// The type error responses decode into, and which of its fields carry Plaid's error details.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorType {
    pub name: String,
    /// Fields of the error type whose text `Display` shows, by role.
    pub error_type: Option<ErrorField>,
    pub error_code: Option<ErrorField>,
    pub error_message: Option<ErrorField>,
    pub request_id: Option<ErrorField>,
}

/// A field of the error type, with enough about its shape to read it as text.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorField {
    pub name: String,
    pub optional: bool,
    /// The field is a generated enum (read with `as_str`) rather than a `String`.
    pub is_enum: bool,
}
