//! Naming: spec names to Rust identifiers, and the registry that keeps them unique.
//!
//! Casing comes from `heck`; keywords become raw identifiers (`r#type`) or get a suffix where
//! Rust has no raw form (`self_`); names that would start with a digit get a prefix. A
//! [`Registry`] hands out each name once per scope and suffixes later arrivals (`Foo2`).

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in",
    "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
    "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box",
    "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// A type name (UpperCamelCase) for a spec name such as `APIClientID` or `transaction_code`.
pub fn type_name(spec_name: &str) -> String {
    let name = ascii_only(spec_name.to_upper_camel_case());
    let name = if name.is_empty() { "Unnamed".to_string() } else { name };
    prefix_if_digit(name, "Type")
}

/// A field, argument or method name (snake_case), escaped if it is a keyword.
pub fn value_name(spec_name: &str) -> String {
    let name = ascii_only(spec_name.to_snake_case());
    let name = if name.is_empty() { "value".to_string() } else { name };
    escape_keyword(prefix_if_digit(name, "n_"))
}

/// An enum variant name for a wire value such as `401k`, `credit card` or `UNKNOWN`.
pub fn variant_name(value: &str) -> String {
    let name = ascii_only(value.to_upper_camel_case());
    if name.is_empty() {
        return if value.is_empty() { "Empty".to_string() } else { "Symbol".to_string() };
    }
    prefix_if_digit(name, "Value")
}

/// Keeps ASCII letters, digits and `_`: `heck` keeps any Unicode alphanumeric, and some of
/// those (`²`) cannot be part of an identifier.
fn ascii_only(name: String) -> String {
    name.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect()
}

fn prefix_if_digit(name: String, prefix: &str) -> String {
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{prefix}{name}")
    } else {
        name
    }
}

fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// Names taken in one scope (a module, a struct's fields, an enum's variants).
#[derive(Debug, Clone, Default)]
pub struct Registry {
    taken: BTreeSet<String>,
}

impl Registry {
    /// A registry in which `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Registry { taken: reserved.iter().map(|s| s.to_string()).collect() }
    }

    /// Takes `candidate`, or the first free `candidate2`, `candidate3`, ...
    pub fn claim(&mut self, candidate: &str) -> String {
        if self.taken.insert(candidate.to_string()) {
            return candidate.to_string();
        }
        // A raw identifier gets its suffix on the bare name: `r#type` -> `type2`.
        let bare = candidate.strip_prefix("r#").unwrap_or(candidate);
        let bare = bare.strip_suffix('_').unwrap_or(bare);
        (2..).map(|n| format!("{bare}{n}")).find(|name| self.taken.insert(name.clone())).unwrap_or_default()
    }

    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn casing_and_escapes() {
        assert_eq!(type_name("APIClientID"), "ApiClientId");
        assert_eq!(type_name("UserThirdPartyTokenCreateRequest"), "UserThirdPartyTokenCreateRequest");
        assert_eq!(value_name("type"), "r#type");
        assert_eq!(value_name("use"), "r#use");
        assert_eq!(value_name("self"), "self_");
        assert_eq!(value_name("createdTime"), "created_time");
        assert_eq!(value_name("401k"), "n_401k");
        assert_eq!(variant_name("401k"), "Value401k");
        assert_eq!(variant_name("529"), "Value529");
        assert_eq!(variant_name("credit card"), "CreditCard");
        assert_eq!(variant_name("INVALID_REQUEST"), "InvalidRequest");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("-"), "Symbol");
        assert_eq!(value_name("m²"), "m");
        assert_eq!(type_name("日本"), "Unnamed");
    }

    #[test]
    fn registry_suffixes_collisions() {
        let mut names = Registry::with_reserved(&["UnknownValue"]);
        assert_eq!(names.claim("FooBar"), "FooBar");
        assert_eq!(names.claim("FooBar"), "FooBar2");
        assert_eq!(names.claim("UnknownValue"), "UnknownValue2");
        let mut fields = Registry::default();
        assert_eq!(fields.claim("r#type"), "r#type");
        assert_eq!(fields.claim("r#type"), "type2");
    }
}
