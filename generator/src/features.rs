//! Features: the cargo feature (product group) of each operation and type, so that users can
//! compile only the products they call.
//!
//! An operation belongs to the group named by its path's first segment (`/transactions/get`
//! -> `transactions`). A type belongs to every group whose operations reach it; types the error
//! body reaches are always compiled; types no operation reaches (webhook payloads, ...) belong
//! to the `schemas` group. Reads only the model.

use crate::model::{Api, ResponseBody, Ty, TypeKind};
use heck::ToSnakeCase;
use std::collections::{BTreeMap, BTreeSet};

/// The group of component schemas that no operation uses.
pub const UNREFERENCED: &str = "schemas";

/// Feature names the generated crate already uses for other things.
const TAKEN: &[&str] = &["default", "mock", "cli", UNREFERENCED];

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProductFeatures {
    /// Every group, sorted.
    pub groups: BTreeSet<String>,
    /// Operation id -> group.
    pub of_operation: BTreeMap<String, String>,
    /// Type name -> the groups that need it; absent = always compiled.
    pub of_type: BTreeMap<String, BTreeSet<String>>,
}

/// The group of a path: its first segment in snake case (`/asset_report/get` -> `asset_report`).
pub fn product_group(path: &str) -> String {
    let segment = path.trim_start_matches('/').split('/').next().unwrap_or("");
    let name: String = segment.to_snake_case().chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    let name =
        if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) { format!("api_{name}") } else { name };
    if TAKEN.contains(&name.as_str()) {
        format!("{name}_api")
    } else {
        name
    }
}

pub fn compute(api: &Api) -> ProductFeatures {
    let mut features = ProductFeatures::default();
    let mut needed_by: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for op in &api.operations {
        let group = product_group(&op.path);
        features.groups.insert(group.clone());
        features.of_operation.insert(op.id.clone(), group.clone());
        let mut roots: Vec<&Ty> = op.params.iter().map(|p| &p.ty).collect();
        roots.extend(op.request.iter().map(|r| &r.ty));
        if let ResponseBody::Json { ty, .. } = &op.response {
            roots.push(ty);
        }
        for name in reachable(api, roots) {
            needed_by.entry(name).or_default().insert(group.clone());
        }
    }
    let always: BTreeSet<String> = match &api.error_type {
        Some(e) => reachable(api, vec![&Ty::Named(e.name.clone())]),
        None => BTreeSet::new(),
    };
    // What no operation reaches goes in `schemas`, and so does everything it reaches.
    let unreferenced: Vec<String> = api
        .types
        .iter()
        .filter(|(name, def)| {
            !always.contains(*name) && !needed_by.contains_key(*name) && !matches!(def.kind, TypeKind::Alias(_))
        })
        .map(|(name, _)| name.clone())
        .collect();
    for name in unreferenced {
        for reached in reachable(api, vec![&Ty::Named(name)]) {
            needed_by.entry(reached).or_default().insert(UNREFERENCED.to_string());
        }
    }
    let mut aliases = Vec::new();
    for (name, def) in &api.types {
        if always.contains(name) {
            continue;
        }
        if let TypeKind::Alias(target) = &def.kind {
            aliases.push((name, target));
            continue;
        }
        let groups = needed_by.remove(name).unwrap_or_else(|| BTreeSet::from([UNREFERENCED.to_string()]));
        if groups.contains(UNREFERENCED) {
            features.groups.insert(UNREFERENCED.to_string());
        }
        features.of_type.insert(name.clone(), groups);
    }
    // Fields use an alias's target directly, so an alias is never reached by name: it goes with
    // the types it names, and one that names none (`type UserToken = String`) is always kept.
    for (name, target) in aliases {
        let groups: BTreeSet<String> = reachable(api, vec![target])
            .iter()
            .flat_map(|n| features.of_type.get(n).cloned().unwrap_or_default())
            .collect();
        if !groups.is_empty() {
            features.of_type.insert(name.clone(), groups);
        }
    }
    features
}

/// Named types reachable from `roots` through fields, items, map values and aliases.
fn reachable(api: &Api, roots: Vec<&Ty>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<Ty> = roots.into_iter().cloned().collect();
    while let Some(ty) = stack.pop() {
        match ty {
            Ty::Named(name) => {
                if !seen.insert(name.clone()) {
                    continue;
                }
                match api.types.get(&name).map(|t| &t.kind) {
                    Some(TypeKind::Struct(s)) => stack.extend(s.fields.iter().map(|f| f.ty.clone())),
                    Some(TypeKind::Alias(inner)) => stack.push(inner.clone()),
                    _ => {}
                }
            }
            Ty::Array(inner) | Ty::Map(inner) => stack.push(*inner),
            _ => {}
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::product_group;

    #[test]
    fn groups_come_from_the_first_path_segment() {
        assert_eq!(product_group("/transactions/get"), "transactions");
        assert_eq!(product_group("/asset_report/pdf/get"), "asset_report");
        assert_eq!(product_group("/fdx/consents/{consentId}"), "fdx");
        assert_eq!(product_group("/cli/run"), "cli_api");
        assert_eq!(product_group("/"), "api_");
    }
}
