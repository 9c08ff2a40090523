//! Emission: the model to Rust tokens, one token stream per generated file.
//!
//! Reads only the model. Items come out in the model's (sorted) order, so equal models give
//! equal tokens. Generated code names other generated modules through `super::`, so the same
//! output works as a crate and as a module included from a `build.rs`.

use crate::features::ProductFeatures;
use crate::layout::PartImports;
use crate::model::{
    Api, Deprecation, Enum, ErrorField, Field, Operation, Param, ParamLocation, Presence, ResponseBody, Struct, Ty,
    TypeDef, TypeKind,
};
use crate::naming::{self, Registry};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use std::collections::BTreeSet;

/// Clippy's `too_many_arguments` threshold: constructors with more required fields opt out.
const MAX_ARGUMENTS: usize = 7;

/// Builds an identifier from a name the `naming` module made (possibly raw: `r#type`).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `#[doc = "..."]` attributes, one per line, so they print as `///` comments.
fn doc(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote! { #[doc = #line] }
    });
    quote! { #(#lines)* }
}

/// The Rust type of `ty` as seen from the `types` module (`types` = false) or from a sibling
/// module (`types` = true, which prefixes named types with `super::types::`).
pub fn ty_tokens(ty: &Ty, from_outside: bool) -> TokenStream {
    match ty {
        Ty::String => quote! { String },
        Ty::Bool => quote! { bool },
        Ty::Integer => quote! { i64 },
        Ty::Number => quote! { f64 },
        Ty::DateTime => quote! { ::chrono::DateTime<::chrono::Utc> },
        Ty::Date => quote! { ::chrono::NaiveDate },
        Ty::Json => quote! { ::serde_json::Value },
        Ty::JsonObject => quote! { ::serde_json::Map<String, ::serde_json::Value> },
        Ty::Named(name) => {
            let name = ident(name);
            if from_outside {
                quote! { super::types::#name }
            } else {
                quote! { #name }
            }
        }
        Ty::Array(item) => {
            let item = ty_tokens(item, from_outside);
            quote! { Vec<#item> }
        }
        Ty::Map(value) => {
            let value = ty_tokens(value, from_outside);
            quote! { ::std::collections::BTreeMap<String, #value> }
        }
    }
}

// ---- types.rs -------------------------------------------------------------------------------

/// The hand-written modules the types `defs` call: `text` (every struct and enum reads strings
/// through it) and `wire` (every struct's serde impls). A crate leaves out the ones it does not
/// call rather than carry unused code.
pub fn runtime_modules<'a>(defs: impl IntoIterator<Item = &'a TypeDef>) -> RuntimeModules {
    let mut modules = RuntimeModules { text: false, wire: false };
    for def in defs {
        modules.text |= !matches!(def.kind, TypeKind::Alias(_));
        modules.wire |= matches!(def.kind, TypeKind::Struct(_));
    }
    modules
}

/// Which of the optional runtime modules a crate needs; see [`runtime_modules`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuntimeModules {
    pub text: bool,
    pub wire: bool,
}

/// The types file: a header and every type, in the model's order.
pub fn types_file(api: &Api, features: Option<&ProductFeatures>) -> TokenStream {
    let defs: Vec<&TypeDef> = api.types.values().collect();
    types_file_part(api, features, &defs, Some(TokenStream::new()))
}

/// Part of a types file: the items of `defs`, after the file's header (its docs, then `imports`)
/// if `header` is given. Parts formatted one by one and joined in order make the same text as
/// the whole file.
pub fn types_file_part(
    api: &Api,
    features: Option<&ProductFeatures>,
    defs: &[&TypeDef],
    header: Option<TokenStream>,
) -> TokenStream {
    let items = defs.iter().map(|def| {
        let items = type_def(def, api);
        let cfg = features.and_then(|f| f.of_type.get(&def.name)).map(cfg_attr).unwrap_or_default();
        quote! { #(#cfg #items)* }
    });
    let header = header.map(|imports| {
        quote! {
            //! Request, response and shared types, one per schema of the spec.
            #imports
        }
    });
    quote! {
        #header
        #(#items)*
    }
}

/// `#[cfg(any(feature = "a", ...))]` for the product groups that need an item.
fn cfg_attr<'a>(groups: impl IntoIterator<Item = &'a String>) -> TokenStream {
    let groups: Vec<&String> = groups.into_iter().collect();
    match groups.as_slice() {
        [one] => quote! { #[cfg(feature = #one)] },
        _ => quote! { #[cfg(any(#(feature = #groups),*))] },
    }
}

/// The items of one type: its definition and its impls, each to be gated alike.
fn type_def(def: &TypeDef, api: &Api) -> Vec<TokenStream> {
    let text = def.doc.clone().unwrap_or_else(|| format!("The `{}` schema.", def.name));
    let docs = doc(&text);
    let deprecated = deprecated_attr(def.deprecated.as_ref());
    let docs = quote! { #docs #deprecated };
    let name = ident(&def.name);
    // Generated code that must name a deprecated item (the spec still uses it) allows it
    // there, item by item; users are still warned where they name it.
    let allow = |uses: bool| (uses || def.deprecated.is_some()).then(|| quote! { #[allow(deprecated)] });
    match &def.kind {
        TypeKind::Alias(ty) => {
            let allow = allow(mentions_deprecated(ty, api));
            let ty = ty_tokens(ty, false);
            vec![quote! { #docs #allow pub type #name = #ty; }]
        }
        TypeKind::Enum(e) => enum_def(&name, docs, e, allow(false)),
        TypeKind::Struct(s) => {
            let uses = s.fields.iter().any(|f| f.deprecated.is_some() || mentions_deprecated(&f.ty, api));
            struct_def(&name, docs, s, allow(uses))
        }
    }
}

fn deprecated_attr(deprecation: Option<&Deprecation>) -> Option<TokenStream> {
    deprecation.map(|d| match &d.note {
        Some(note) => quote! { #[deprecated(note = #note)] },
        None => quote! { #[deprecated] },
    })
}

/// `#[allow(deprecated)]` for code that names an operation's request or response type when
/// that type is deprecated.
fn allow_deprecated_bodies(op: &Operation, api: &Api) -> Option<TokenStream> {
    let response = match &op.response {
        ResponseBody::Json { ty, .. } => Some(ty),
        _ => None,
    };
    op.request
        .iter()
        .map(|r| &r.ty)
        .chain(response)
        .any(|ty| mentions_deprecated(ty, api))
        .then(|| quote! { #[allow(deprecated)] })
}

/// Whether a type names a deprecated generated type.
fn mentions_deprecated(ty: &Ty, api: &Api) -> bool {
    match ty {
        Ty::Named(name) => api.types.get(name).is_some_and(|t| t.deprecated.is_some()),
        Ty::Array(inner) | Ty::Map(inner) => mentions_deprecated(inner, api),
        _ => false,
    }
}

fn field_ty(field: &Field) -> TokenStream {
    let inner = ty_tokens(&field.ty, false);
    let inner = if field.boxed {
        quote! { Box<#inner> }
    } else {
        inner
    };
    match field.presence() {
        Presence::Required => inner,
        Presence::RequiredNullable | Presence::Optional => quote! { Option<#inner> },
    }
}

fn bare(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

fn struct_def(name: &Ident, docs: TokenStream, s: &Struct, allow: Option<TokenStream>) -> Vec<TokenStream> {
    let fields = s.fields.iter().map(|f| {
        let fname = ident(&f.name);
        let ty = field_ty(f);
        let text = f.doc.clone().unwrap_or_else(|| format!("The `{}` property.", f.wire_name));
        let deprecated = deprecated_attr(f.deprecated.as_ref());
        let docs = doc(&text);
        quote! { #docs #deprecated pub #fname: #ty, }
    });
    let unknown = s.keep_unknown.as_ref().map(|n| {
        let n = ident(n);
        quote! {
            /// Properties the spec does not describe, kept as received so that they survive a
            /// decode and re-encode.
            pub #n: ::serde_json::Map<String, ::serde_json::Value>,
        }
    });
    let sensitive = s.fields.iter().any(|f| f.sensitive);
    let derive_debug = (!sensitive).then(|| quote! { Debug, });
    // With no required field, every field has an empty value, and `new()` is `default()`.
    let derive_default = s.fields.iter().all(|f| f.presence() != Presence::Required).then(|| quote! { Default, });
    let mut items = vec![quote! {
        #docs
        #[derive(#derive_debug #derive_default Clone, PartialEq)]
        #[non_exhaustive]
        #allow
        pub struct #name {
            #(#fields)*
            #unknown
        }
    }];
    items.push(constructor(name, s, allow.clone()));
    if sensitive {
        items.push(redacted_debug(name, s, allow.clone()));
    }
    items.push(serialize_struct(name, s, allow.clone()));
    items.extend(deserialize_struct(name, s, allow));
    items
}

/// `Serialize` as a JSON object: described properties in spec order (optional ones only when
/// set), then the kept unknown ones.
fn serialize_struct(name: &Ident, s: &Struct, allow: Option<TokenStream>) -> TokenStream {
    let entries = s.fields.iter().map(|f| {
        let n = ident(&f.name);
        let wire = &f.wire_name;
        match f.presence() {
            Presence::Optional => quote! { object.optional(#wire, &self.#n); },
            Presence::Required | Presence::RequiredNullable => quote! { object.required(#wire, &self.#n); },
        }
    });
    let unknown = match &s.keep_unknown {
        Some(n) => {
            let n = ident(n);
            quote! { Some(&self.#n) }
        }
        None => quote! { None },
    };
    let binding = if s.fields.is_empty() {
        quote! { object }
    } else {
        quote! { mut object }
    };
    quote! {
        #allow
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let #binding = super::wire::ObjectWriter::new(serializer.serialize_map(None)?);
                #(#entries)*
                object.end(#unknown)
            }
        }
    }
}

/// `Deserialize` from a JSON object: one slot per described property, unknown properties kept
/// (or skipped), then required properties checked. Absent optional and nullable properties are
/// `None`.
fn deserialize_struct(name: &Ident, s: &Struct, allow: Option<TokenStream>) -> [TokenStream; 2] {
    let type_name = name.to_string();
    let slots = s.fields.iter().map(|f| {
        let n = ident(&f.name);
        let ty = field_ty(f);
        quote! { let mut #n: Option<#ty> = None; }
    });
    let arms = s.fields.iter().map(|f| {
        let n = ident(&f.name);
        let wire = &f.wire_name;
        quote! { #wire => super::wire::property(&mut __map, &mut #n, #wire), }
    });
    let (unknown_slot, on_unknown, unknown_init) = match &s.keep_unknown {
        Some(u) => {
            let u = ident(u);
            (
                Some(quote! { let mut #u = ::serde_json::Map::new(); }),
                quote! { super::wire::unknown(&mut __map, __key, Some(&mut #u)) },
                Some(quote! { #u, }),
            )
        }
        None => (None, quote! { super::wire::unknown(&mut __map, __key, None) }, None),
    };
    let read = if s.fields.is_empty() {
        quote! {
            while let Some(__key) = __map.next_key::<super::text::Text<'de>>()? {
                #on_unknown?;
            }
        }
    } else {
        quote! {
            while let Some(__key) = __map.next_key::<super::text::Text<'de>>()? {
                // One `?` for the whole match: each arm's own would cost a branch per property.
                match __key.as_str() {
                    #(#arms)*
                    _ => #on_unknown,
                }?;
            }
        }
    };
    // `let ... else` rather than `?`: it is one branch, and there is one per required property.
    let checks = s.fields.iter().filter(|f| f.presence() == Presence::Required).map(|f| {
        let n = ident(&f.name);
        let wire = &f.wire_name;
        quote! { let Some(#n) = #n else { return Err(::serde::de::Error::missing_field(#wire)) }; }
    });
    let inits = s.fields.iter().map(|f| {
        let n = ident(&f.name);
        match f.presence() {
            Presence::Required => quote! { #n, },
            Presence::RequiredNullable | Presence::Optional => quote! { #n: #n.unwrap_or_default(), },
        }
    });
    [
        quote! {
            #allow
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    super::wire::decode_object(deserializer)
                }
            }
        },
        quote! {
            #allow
            impl<'de> super::wire::FromObject<'de> for #name {
                const NAME: &'static str = #type_name;
                fn from_object<A: ::serde::de::MapAccess<'de>>(mut __map: A) -> Result<Self, A::Error> {
                    #(#slots)*
                    #unknown_slot
                    #read
                    #(#checks)*
                    Ok(Self { #(#inits)* #unknown_init })
                }
            }
        },
    ]
}

/// `new` takes the fields that must have a value; the rest start as `None` (or empty).
fn constructor(name: &Ident, s: &Struct, allow: Option<TokenStream>) -> TokenStream {
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.presence() == Presence::Required).collect();
    let params = required.iter().map(|f| {
        let n = ident(&f.name);
        let ty = ty_tokens(&f.ty, false);
        quote! { #n: impl Into<#ty> }
    });
    let inits = s.fields.iter().map(|f| {
        let n = ident(&f.name);
        match (f.presence(), f.boxed) {
            (Presence::Required, false) => quote! { #n: #n.into(), },
            (Presence::Required, true) => quote! { #n: Box::new(#n.into()), },
            _ => quote! { #n: None, },
        }
    });
    let unknown = s.keep_unknown.as_ref().map(|n| {
        let n = ident(n);
        quote! { #n: ::serde_json::Map::new(), }
    });
    let allow_deprecated = allow;
    let allow = (required.len() > MAX_ARGUMENTS).then(|| {
        quote! {
            // One argument per required field of the schema: the spec decides how many.
            #[allow(clippy::too_many_arguments)]
        }
    });
    let doc_text = if required.is_empty() {
        "Creates a value with every optional field unset.".to_string()
    } else {
        let names: Vec<String> = required.iter().map(|f| format!("`{}`", bare(&f.name))).collect();
        format!("Creates a value from its required fields ({}); optional fields start unset.", names.join(", "))
    };
    let docs = doc(&doc_text);
    quote! {
        #allow_deprecated
        impl #name {
            #docs
            #allow
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits)* #unknown }
            }
        }
    }
}

fn redacted_debug(name: &Ident, s: &Struct, allow: Option<TokenStream>) -> TokenStream {
    let type_name = name.to_string();
    let fields = s.fields.iter().map(|f| {
        let n = ident(&f.name);
        let label = bare(&f.name);
        if f.sensitive && f.presence() == Presence::Required {
            quote! { .field(#label, &"[redacted]") }
        } else if f.sensitive {
            quote! { .field(#label, &self.#n.as_ref().map(|_| "[redacted]")) }
        } else {
            quote! { .field(#label, &self.#n) }
        }
    });
    let unknown = s.keep_unknown.as_ref().map(|n| {
        let label = n.as_str();
        let n = ident(n);
        quote! { .field(#label, &self.#n) }
    });
    quote! {
        #allow
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#type_name) #(#fields)* #unknown .finish()
            }
        }
    }
}

fn enum_def(name: &Ident, docs: TokenStream, e: &Enum, allow: Option<TokenStream>) -> Vec<TokenStream> {
    let catch_all = ident(&e.catch_all);
    let variants = e.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let text = format!("`{}`", v.wire_value.replace('`', "'"));
        let docs = doc(&text);
        quote! { #docs #vname, }
    });
    let to_str = e.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let wire = &v.wire_value;
        quote! { Self::#vname => #wire, }
    });
    let from_str = e.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let wire = &v.wire_value;
        quote! { #wire => Self::#vname, }
    });
    vec![
        quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know, kept as received.
            #catch_all(String),
        }
        },
        quote! {
        #allow
        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::#catch_all(value) => value,
                }
            }
        }

        },
        quote! {
        #allow
        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::#catch_all(other.to_string()),
                }
            }
        }

        },
        quote! {
        #allow
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        },
        quote! {
        #allow
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        },
        quote! {
        #allow
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <super::text::Text<'de> as ::serde::Deserialize<'de>>::deserialize(deserializer)?;
                Ok(Self::from(value.as_str()))
            }
        }
        },
    ]
}

// ---- operations.rs --------------------------------------------------------------------------

pub fn operations_file(
    api: &Api,
    crate_name: &str,
    with_mock: bool,
    features: Option<&ProductFeatures>,
) -> TokenStream {
    let op_cfg = |op: &Operation| features.and_then(|f| f.of_operation.get(&op.id)).map(|g| cfg_attr([g]));
    let methods = api.operations.iter().map(|op| {
        let cfg = op_cfg(op);
        let method = operation(op, api, crate_name);
        quote! { #cfg #method }
    });
    let mock = with_mock.then(|| mock_methods(api, &op_cfg));
    quote! {
        //! One method per operation of the spec.

        impl super::Client {
            #(#methods)*
        }

        #mock
    }
}

/// One expectation builder per operation on the mock server (cargo feature `mock`).
fn mock_methods(api: &Api, op_cfg: &dyn Fn(&Operation) -> Option<TokenStream>) -> TokenStream {
    let methods = api.operations.iter().map(|op| {
        let cfg = op_cfg(op);
        let name = ident(&op.method_name);
        let response = match &op.response {
            ResponseBody::Json { ty, .. } => ty_tokens(ty, true),
            ResponseBody::Bytes { .. } | ResponseBody::Empty => quote! { super::mock::Raw },
        };
        let method = op.http_method.as_str();
        let path = &op.path;
        let docs = doc(&format!("Sets what the server answers to [`Client::{}`] (`{method} {path}`).", op.method_name));
        let allow = allow_deprecated_bodies(op, api);
        quote! {
            #docs
            #cfg
            #allow
            pub fn #name(&self) -> super::mock::OperationMock<'_, #response> {
                self.operation(#method, #path)
            }
        }
    });
    quote! {
        #[cfg(feature = "mock")]
        impl super::mock::MockServer {
            #(#methods)*
        }
    }
}

fn operation(op: &Operation, api: &Api, crate_name: &str) -> TokenStream {
    let name = ident(&op.method_name);
    let mut text = String::new();
    if let Some(summary) = &op.summary {
        text.push_str(&crate::docs::to_rustdoc(summary));
        text.push_str("\n\n");
    }
    text.push_str(&format!("`{} {}` (operation `{}`)", op.http_method.as_str(), op.path, op.id));
    if let Some(description) = &op.doc {
        text.push_str("\n\n");
        text.push_str(description);
    }
    text.push_str("\n\n");
    text.push_str(&crate::examples::operation_example(op, api, crate_name));
    let docs = doc(&text);
    let deprecated = deprecated_attr(op.deprecated.as_ref());
    let allow = allow_deprecated_bodies(op, api);

    let mut args = Vec::new();
    let path_params: Vec<&Param> = op.params.iter().filter(|p| p.location == ParamLocation::Path).collect();
    for p in &path_params {
        args.push(param_arg(p));
    }
    let request = op.request.as_ref().map(|r| {
        let ty = ty_tokens(&r.ty, true);
        quote! { request: &#ty }
    });
    args.extend(request);
    for p in op.params.iter().filter(|p| p.location != ParamLocation::Path) {
        args.push(param_arg(p));
    }

    let path = &op.path;
    let path_values = path_params.iter().map(|p| {
        let n = ident(&p.name);
        let wire = &p.wire_name;
        let text = match &p.ty {
            Ty::String => quote! { #n },
            Ty::Named(_) => quote! { #n.as_str() },
            _ => quote! { &#n.to_string() },
        };
        quote! { (#wire, #text) }
    });
    let query = param_pairs(op, ParamLocation::Query);
    let headers = param_pairs(op, ParamLocation::Header);
    let operation_id = &op.id;
    let method = ident(op.http_method.as_str());
    let authenticated = op.authenticated;
    let retry_safe = op.retry_safe;
    let body = if op.request.is_some() {
        quote! { Some(request) }
    } else {
        quote! { None::<&()> }
    };
    let (ret, send) = match &op.response {
        ResponseBody::Json { ty, .. } => (ty_tokens(ty, true), quote! { self.send_json(call, #body).await }),
        ResponseBody::Bytes { .. } => (quote! { Vec<u8> }, quote! { Ok(self.send_raw(call, #body).await?.body) }),
        ResponseBody::Empty => (quote! { () }, quote! { self.send_raw(call, #body).await.map(drop) }),
    };
    quote! {
        #docs
        #deprecated
        #allow
        pub async fn #name(&self, #(#args),*) -> Result<#ret, super::Error> {
            let call = super::runtime::Call {
                operation: #operation_id,
                method: ::reqwest::Method::#method,
                path: #path,
                path_params: vec![#(#path_values),*],
                query: #query,
                headers: #headers,
                authenticated: #authenticated,
                retry_safe: #retry_safe,
            };
            #send
        }
    }
}

fn param_arg(p: &Param) -> TokenStream {
    let n = ident(&p.name);
    let ty = match &p.ty {
        Ty::String => quote! { &str },
        Ty::Named(_) => {
            let t = ty_tokens(&p.ty, true);
            quote! { &#t }
        }
        other => ty_tokens(other, true),
    };
    if p.required {
        quote! { #n: #ty }
    } else {
        quote! { #n: Option<#ty> }
    }
}

/// A parameter value as text.
fn param_text(ty: &Ty, value: TokenStream) -> TokenStream {
    match ty {
        Ty::String => quote! { #value },
        Ty::Named(_) => quote! { #value.as_str() },
        _ => quote! { #value.to_string() },
    }
}

fn param_pairs(op: &Operation, location: ParamLocation) -> TokenStream {
    let params: Vec<&Param> = op.params.iter().filter(|p| p.location == location).collect();
    if params.is_empty() {
        return quote! { Vec::new() };
    }
    let pushes = params.iter().map(|p| {
        let n = ident(&p.name);
        let wire = &p.wire_name;
        let owned = |v: TokenStream| match &p.ty {
            Ty::String | Ty::Named(_) => {
                let t = param_text(&p.ty, v);
                quote! { #t.to_string() }
            }
            _ => quote! { #v.to_string() },
        };
        if p.required {
            let text = owned(quote! { #n });
            quote! { pairs.push((#wire, #text)); }
        } else {
            let text = owned(quote! { value });
            quote! { if let Some(value) = #n { pairs.push((#wire, #text)); } }
        }
    });
    quote! {{
        let mut pairs = Vec::new();
        #(#pushes)*
        pairs
    }}
}

// ---- lib.rs ---------------------------------------------------------------------------------

/// A crate's `//!` documentation, a line at a time.
fn inner_doc(text: &str) -> impl Iterator<Item = TokenStream> + '_ {
    text.lines().map(|line| {
        let line = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote! { #![doc = #line] }
    })
}

/// The crate root. `modules` are the runtime modules its own types call: none when the types
/// live in other crates (see `layout`).
pub fn lib_file(api: &Api, crate_attributes: bool, modules: RuntimeModules) -> TokenStream {
    let title = format!("# {} (generated client)", api.title);
    let mut text = title;
    if let Some(d) = &api.description {
        text.push_str("\n\n");
        text.push_str(d);
    }
    text.push_str(&format!(
        "\n\nGenerated from release `{}` of the spec: {} operations, {} types.",
        api.spec_version,
        api.operations.len(),
        api.types.len()
    ));
    let inner_docs = inner_doc(&text);
    let crate_attrs = crate_attributes.then(|| {
        quote! {
            #(#inner_docs)*
            #![forbid(unsafe_code)]
            #![warn(missing_docs)]
        }
    });
    let spec_version = &api.spec_version;
    let api_version = match &api.api_version {
        Some(v) => quote! { Some(#v) },
        None => quote! { None },
    };
    let environment = environment(api);
    let error = error_body(api);
    let text_module = modules.text.then(|| quote! { mod text; });
    let wire_module = modules.wire.then(|| quote! { mod wire; });
    let mock_module = crate_attributes.then(|| {
        quote! {
            #[cfg(feature = "mock")]
            pub mod mock;
        }
    });
    quote! {
        #crate_attrs

        #mock_module
        mod operations;
        mod runtime;
        pub mod types;
        #text_module
        #wire_module

        pub use chrono;
        pub use serde_json;
        pub use runtime::{Client, ClientBuilder, Error, ErrorDetails, RetryPolicy};

        /// The spec release this crate was generated from (`info.version`).
        pub const SPEC_VERSION: &str = #spec_version;

        /// The API version sent in the `Plaid-Version` header with every request.
        pub const API_VERSION: Option<&str> = #api_version;

        #environment
        #error
    }
}

fn environment(api: &Api) -> TokenStream {
    let mut names = Registry::default();
    let variants: Vec<(Ident, &str, String)> = api
        .servers
        .iter()
        .map(|s| (ident(&names.claim(&naming::type_name(&s.name))), s.url.as_str(), s.name.clone()))
        .collect();
    let defs = variants.iter().map(|(v, url, name)| {
        let docs = doc(&format!("{name}: <{url}>"));
        quote! { #docs #v, }
    });
    let urls = variants.iter().map(|(v, url, _)| quote! { Environment::#v => #url, });
    let all = variants.iter().map(|(v, _, _)| quote! { Environment::#v });
    let names = variants.iter().map(|(v, _, _)| {
        let name = naming::value_name(&v.to_string());
        quote! { Environment::#v => #name, }
    });
    quote! {
        /// The servers the spec declares.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Environment {
            #(#defs)*
        }

        impl Environment {
            /// Every environment, in the spec's order.
            pub const ALL: &'static [Environment] = &[#(#all),*];

            /// The server's base URL.
            pub fn url(&self) -> &'static str {
                match *self {
                    #(#urls)*
                }
            }

            /// The name `PLAID_ENV` uses for it, e.g. `sandbox`.
            pub fn name(&self) -> &'static str {
                match *self {
                    #(#names)*
                }
            }
        }
    }
}

fn error_body(api: &Api) -> TokenStream {
    let Some(e) = &api.error_type else {
        return quote! {
            /// Error responses are kept as JSON: the spec names no error schema.
            pub type ApiErrorBody = ::serde_json::Value;
        };
    };
    let name = ident(&e.name);
    let getter = |field: &Option<ErrorField>| match field {
        None => quote! { None },
        Some(f) => {
            let n = ident(&f.name);
            match (f.optional, f.is_enum) {
                (false, false) => quote! { Some(&self.#n) },
                (false, true) => quote! { Some(self.#n.as_str()) },
                (true, false) => quote! { self.#n.as_deref() },
                (true, true) => quote! { self.#n.as_ref().map(|v| v.as_str()) },
            }
        }
    };
    let error_type = getter(&e.error_type);
    let error_code = getter(&e.error_code);
    let error_message = getter(&e.error_message);
    let request_id = getter(&e.request_id);
    let docs = doc(&format!("The body of error responses: [`types::{}`].", e.name));
    quote! {
        #docs
        pub type ApiErrorBody = types::#name;

        impl ErrorDetails for types::#name {
            fn error_type(&self) -> Option<&str> { #error_type }
            fn error_code(&self) -> Option<&str> { #error_code }
            fn error_message(&self) -> Option<&str> { #error_message }
            fn request_id(&self) -> Option<&str> { #request_id }
        }
    }
}

// ---- the crates of a split API (see `layout`) ------------------------------------------------

/// The root of the shared crate of a split API. It publishes the runtime modules the parts
/// call, hidden from its docs, so that a part's types are emitted as they are in one crate.
pub fn shared_types_lib_file(doc_text: &str, modules: RuntimeModules) -> TokenStream {
    let text = modules.text.then(|| quote! { #[doc(hidden)] pub mod text; });
    let wire = modules.wire.then(|| quote! { #[doc(hidden)] pub mod wire; });
    types_crate_lib_file(doc_text, quote! { #text #wire })
}

/// The root of a part crate of a split API: it imports the shared crate's runtime modules
/// under their own names, each with the product groups whose types call it.
pub fn part_types_lib_file(doc_text: &str, shared: &str, imports: &PartImports) -> TokenStream {
    let shared = ident(shared);
    let import = |groups: &BTreeSet<String>, module: &str| {
        let module = ident(module);
        let cfg = cfg_attr(groups);
        (!groups.is_empty()).then(|| quote! { #cfg use #shared::#module; })
    };
    let (text, wire) = (import(&imports.text, "text"), import(&imports.wire, "wire"));
    types_crate_lib_file(doc_text, quote! { #text #wire })
}

/// The imports that open a part's types file: the shared crate's types, with the product
/// groups whose types name them.
pub fn part_types_imports(shared: &str, imports: &PartImports) -> TokenStream {
    if imports.shared_types.is_empty() {
        return TokenStream::new();
    }
    let shared = ident(shared);
    let cfg = cfg_attr(&imports.shared_types);
    quote! { #cfg use #shared::types::*; }
}

fn types_crate_lib_file(doc_text: &str, modules: TokenStream) -> TokenStream {
    let inner_docs = inner_doc(doc_text);
    quote! {
        #(#inner_docs)*
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]

        pub mod types;
        #modules
    }
}

/// The facade's `types` module of a split API: every type crate's types, re-exported in place,
/// each part only when one of its product groups is enabled.
pub fn reexported_types_file(shared: &str, parts: &[(String, Vec<String>)]) -> TokenStream {
    let shared = ident(shared);
    let parts = parts.iter().map(|(lib, groups)| {
        let lib = ident(lib);
        let cfg = cfg_attr(groups);
        quote! {
            #cfg
            #[doc(inline)]
            pub use #lib::types::*;
        }
    });
    quote! {
        //! Request, response and shared types, one per schema of the spec.
        #[doc(inline)]
        pub use #shared::types::*;
        #(#parts)*
    }
}

// ---- the command line (src/bin/<name>/main.rs) ----------------------------------------------

/// Flags every subcommand has; request fields with these names are renamed.
const GLOBAL_FLAGS: &[&str] = &["env", "base-url", "client-id", "secret", "json", "help", "version"];

pub fn cli_main_file(api: &Api, lib_name: &str) -> TokenStream {
    let lib = ident(lib_name);
    let specs = api.operations.iter().map(|op| cli_operation_spec(op, api));
    let arms = api.operations.iter().map(cli_dispatch_arm);
    // Helpers only where some operation needs them, so none is dead code.
    let json_helper = api.operations.iter().any(|op| matches!(op.response, ResponseBody::Json { .. })).then(|| {
        quote! {
            fn json<T: serde::Serialize>(response: T) -> Output {
                Output { json: Some(serde_json::to_value(response).unwrap_or_default()), bytes: Vec::new() }
            }
        }
    });
    let arg_helper =
        api.operations.iter().any(|op| op.params.iter().any(|p| p.location == ParamLocation::Path)).then(|| {
            quote! {
                fn arg(path: &[String], index: usize) -> &str {
                    path.get(index).map_or("", String::as_str)
                }
            }
        });
    let decode_helper = api.operations.iter().any(|op| op.request.is_some()).then(|| {
        quote! {
            fn decode<T: serde::de::DeserializeOwned>(request: serde_json::Value) -> Result<T, Failure> {
                serde_json::from_value(request).map_err(|e| Failure::Usage(format!("invalid request: {e}")))
            }
        }
    });
    quote! {
        //! The command line: `--help` lists one subcommand per operation.
        mod cli;

        use #lib as plaid_client;
        use cli::{OperationSpec, Output, Failure};
        use std::future::Future;
        use std::pin::Pin;

        static OPERATIONS: &[OperationSpec] = &[#(#specs),*];

        type Call = Pin<Box<dyn Future<Output = Result<Output, Failure>>>>;

        /// Calls the typed method of operation `id`; each arm is boxed so that no future holds all of them.
        #[allow(deprecated)] // Deprecated operations stay callable.
        fn dispatch(client: plaid_client::Client, id: &'static str, request: serde_json::Value, path: Vec<String>) -> Call {
            let _ = (&request, &path);
            match id {
                #(#arms)*
                _ => Box::pin(async move { Err(Failure::Usage(format!("unknown operation `{id}`"))) }),
            }
        }

        #decode_helper
        #json_helper
        #arg_helper

        #[tokio::main(flavor = "current_thread")]
        async fn main() -> std::process::ExitCode {
            cli::run(OPERATIONS, dispatch).await
        }
    }
}

fn cli_operation_spec(op: &Operation, api: &Api) -> TokenStream {
    use heck::ToKebabCase;
    let command = op.id.to_kebab_case();
    let id = &op.id;
    let about = op.summary.clone().unwrap_or_else(|| op.id.clone());
    let path_params = op.params.iter().filter(|p| p.location == ParamLocation::Path).map(|p| p.wire_name.as_str());
    let has_body = op.request.is_some();
    let mut flags = Registry::with_reserved(GLOBAL_FLAGS);
    let fields: Vec<TokenStream> = match op.request.as_ref().map(|r| &r.ty) {
        Some(Ty::Named(name)) => match api.types.get(name).map(|t| &t.kind) {
            Some(TypeKind::Struct(s)) => s
                .fields
                .iter()
                .filter(|f| !f.sensitive && f.wire_name != "client_id")
                .filter_map(|f| {
                    let kind = cli_kind(&f.ty, api)?;
                    let flag = flags.claim(&f.wire_name.to_kebab_case());
                    let wire = &f.wire_name;
                    let required = f.presence() == Presence::Required;
                    let help = f.doc.as_deref().and_then(|d| d.lines().next()).unwrap_or("").chars().take(120).collect::<String>();
                    Some(quote! { cli::FieldSpec { flag: #flag, wire: #wire, kind: #kind, required: #required, help: #help } })
                })
                .collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    quote! {
        OperationSpec {
            command: #command,
            id: #id,
            about: #about,
            path_params: &[#(#path_params),*],
            has_body: #has_body,
            fields: &[#(#fields),*],
        }
    }
}

fn cli_kind(ty: &Ty, api: &Api) -> Option<&'static str> {
    Some(match ty {
        Ty::String | Ty::Date | Ty::DateTime => "text",
        Ty::Named(n) if api.is_enum(n) => "text",
        Ty::Bool => "bool",
        Ty::Integer => "integer",
        Ty::Number => "number",
        Ty::Array(item) => match &**item {
            Ty::String => "text-list",
            Ty::Named(n) if api.is_enum(n) => "text-list",
            _ => return None,
        },
        _ => return None,
    })
}

fn cli_dispatch_arm(op: &Operation) -> TokenStream {
    let id = &op.id;
    let method = ident(&op.method_name);
    let mut args = Vec::new();
    for (i, _) in op.params.iter().filter(|p| p.location == ParamLocation::Path).enumerate() {
        args.push(quote! { arg(&path, #i) });
    }
    let decode = op.request.as_ref().map(|r| {
        let ty = match &r.ty {
            Ty::Named(n) => {
                let n = ident(n);
                quote! { plaid_client::types::#n }
            }
            other => ty_tokens(other, false),
        };
        args.push(quote! { &request });
        quote! { let request: #ty = decode(request)?; }
    });
    for p in op.params.iter().filter(|p| p.location != ParamLocation::Path) {
        args.push(if p.required {
            quote! { Default::default() }
        } else {
            quote! { None }
        });
    }
    let output = match &op.response {
        ResponseBody::Json { .. } => quote! { json },
        ResponseBody::Bytes { .. } => quote! { |bytes| Output { json: None, bytes } },
        ResponseBody::Empty => quote! { |()| Output { json: None, bytes: Vec::new() } },
    };
    quote! {
        #id => Box::pin(async move {
            #decode
            client.#method(#(#args),*).await.map(#output).map_err(Failure::Call)
        }),
    }
}
