//! Layout: which crate of the generated output holds each type.
//!
//! rustc's memory grows with the item bodies of the crate it compiles, and a whole-API crate
//! in one piece needs well over a gigabyte. So an API with more types than one crate should
//! hold is split: its product groups are dealt out to part crates of about equal size, each
//! type goes to the part that holds all the groups that need it, and types needed by groups in
//! different parts (or by every group) go to one shared crate the parts depend on. The facade
//! crate re-exports them all under `types`, so the public API does not change with the split.
//! Reads only the model and the product features.

use crate::features::ProductFeatures;
use crate::model::{Api, Ty, TypeKind};
use std::collections::{BTreeMap, BTreeSet};

/// Above this many types, an API is split. rustc's peak memory for a crate of 2,300 Plaid types
/// is about 1.4 GB, roughly in proportion to the types it holds; 600 keeps each crate near a third of that.
pub const TYPES_PER_CRATE: usize = 600;

/// How an API's types are spread over crates, when they are.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layout {
    /// Types every part may use: those needed by groups in different parts, and those no group
    /// owns (always compiled). In the model's order.
    pub shared: Vec<String>,
    /// The part crates, numbered from 1 in their names.
    pub parts: Vec<Part>,
}

/// One part crate: whole product groups and the types only they need.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Part {
    pub groups: BTreeSet<String>,
    /// In the model's order.
    pub types: Vec<String>,
    pub imports: PartImports,
}

/// What a part's types take from the shared crate, each as the product groups of the types
/// that need it (empty: nothing does). An import is compiled only with one of those groups:
/// with none enabled, nothing would use it, and an unused import is a warning.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PartImports {
    /// The groups of the part's types that name a shared type.
    pub shared_types: BTreeSet<String>,
    /// The groups of its structs and enums, which read strings through the `text` module.
    pub text: BTreeSet<String>,
    /// The groups of its structs, whose serde impls call the `wire` module.
    pub wire: BTreeSet<String>,
}

impl Layout {
    /// The part holding `group`'s own types.
    pub fn part_of_group(&self, group: &str) -> Option<usize> {
        self.parts.iter().position(|p| p.groups.contains(group))
    }
}

/// The layout of `api`, or `None` when it fits in one crate.
pub fn compute(api: &Api, features: &ProductFeatures) -> Option<Layout> {
    let part_count = api.types.len().div_ceil(TYPES_PER_CRATE);
    if part_count < 2 {
        return None;
    }
    // How many types each group alone needs: what a part's size is made of.
    let mut own: BTreeMap<&str, usize> = features.groups.iter().map(|g| (g.as_str(), 0)).collect();
    for groups in features.of_type.values() {
        if let [group] = groups.iter().collect::<Vec<_>>()[..] {
            *own.entry(group.as_str()).or_default() += 1;
        }
    }
    // Largest group first, each to the smallest part so far (ties: the lower number), so
    // parts come out about equal and the result depends only on the spec.
    let mut by_size: Vec<(&str, usize)> = own.into_iter().collect();
    by_size.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut parts = vec![(0usize, Part::default()); part_count];
    for (group, size) in by_size {
        let Some((total, part)) = parts.iter_mut().min_by_key(|(total, _)| *total) else { break };
        *total += size;
        part.groups.insert(group.to_string());
    }
    let mut layout = Layout { shared: Vec::new(), parts: parts.into_iter().map(|(_, part)| part).collect() };
    for name in api.types.keys() {
        let home = features.of_type.get(name).and_then(|groups| {
            let mut homes = groups.iter().map(|g| layout.part_of_group(g));
            let first = homes.next()??;
            homes.all(|h| h == Some(first)).then_some(first)
        });
        match home {
            Some(index) => layout.parts[index].types.push(name.clone()),
            None => layout.shared.push(name.clone()),
        }
    }
    let shared: BTreeSet<&str> = layout.shared.iter().map(String::as_str).collect();
    for part in &mut layout.parts {
        let mut imports = PartImports::default();
        for def in part.types.iter().filter_map(|name| api.types.get(name)) {
            let groups = features.of_type.get(&def.name).into_iter().flatten().cloned();
            let mut named = BTreeSet::new();
            match &def.kind {
                TypeKind::Struct(s) => s.fields.iter().for_each(|f| names_in(&f.ty, &mut named)),
                TypeKind::Alias(target) => names_in(target, &mut named),
                TypeKind::Enum(_) => {}
            }
            if named.iter().any(|name| shared.contains(name)) {
                imports.shared_types.extend(groups.clone());
            }
            if !matches!(def.kind, TypeKind::Alias(_)) {
                imports.text.extend(groups.clone());
            }
            if matches!(def.kind, TypeKind::Struct(_)) {
                imports.wire.extend(groups);
            }
        }
        part.imports = imports;
    }
    // A part that ends up empty (more parts than groups with types of their own) is dropped.
    layout.parts.retain(|p| !p.types.is_empty());
    Some(layout)
}

/// The named types `ty` spells out.
fn names_in<'a>(ty: &'a Ty, out: &mut BTreeSet<&'a str>) {
    match ty {
        Ty::Named(name) => {
            out.insert(name);
        }
        Ty::Array(inner) | Ty::Map(inner) => names_in(inner, out),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TypeDef;

    fn api_with(types: &[&str]) -> Api {
        let mut api = Api::default();
        for name in types {
            api.types.insert(
                name.to_string(),
                TypeDef {
                    name: name.to_string(),
                    pointer: format!("#/components/schemas/{name}"),
                    doc: None,
                    deprecated: None,
                    kind: TypeKind::Alias(crate::model::Ty::String),
                },
            );
        }
        api
    }

    fn features(of_type: &[(&str, &[&str])]) -> ProductFeatures {
        let mut features = ProductFeatures::default();
        for (name, groups) in of_type {
            let groups: BTreeSet<String> = groups.iter().map(|g| g.to_string()).collect();
            features.groups.extend(groups.iter().cloned());
            features.of_type.insert(name.to_string(), groups);
        }
        features
    }

    #[test]
    fn a_small_api_is_one_crate() {
        let api = api_with(&["A", "B"]);
        assert_eq!(compute(&api, &features(&[("A", &["x"]), ("B", &["y"])])), None);
    }

    #[test]
    fn types_go_with_their_groups_and_types_across_parts_are_shared() {
        // Enough types for two parts: group `big` alone fills one, `small` and `tiny` the other.
        let big: Vec<String> = (0..TYPES_PER_CRATE).map(|i| format!("Big{i:04}")).collect();
        let mut names: Vec<&str> = big.iter().map(String::as_str).collect();
        names.extend(["Small", "Tiny", "SmallAndTiny", "BigAndSmall", "Always"]);
        let mut api = api_with(&names);
        if let Some(small) = api.types.get_mut("Small") {
            small.kind = TypeKind::Alias(Ty::Array(Box::new(Ty::Named("Always".into()))));
        }
        let mut of_type: Vec<(&str, &[&str])> = big.iter().map(|n| (n.as_str(), &["big"][..])).collect();
        of_type.extend([
            ("Small", &["small"][..]),
            ("Tiny", &["tiny"][..]),
            ("SmallAndTiny", &["small", "tiny"][..]),
            ("BigAndSmall", &["big", "small"][..]),
        ]);
        let layout = compute(&api, &features(&of_type)).expect("two parts");
        assert_eq!(layout.parts.len(), 2);
        assert_eq!(layout.parts[0].groups, BTreeSet::from(["big".to_string()]));
        assert_eq!(layout.parts[0].types.len(), TYPES_PER_CRATE);
        assert_eq!(layout.parts[1].groups, BTreeSet::from(["small".to_string(), "tiny".to_string()]));
        assert_eq!(layout.parts[1].types, ["Small", "SmallAndTiny", "Tiny"]);
        assert_eq!(layout.shared, ["Always", "BigAndSmall"]);
        assert_eq!(layout.parts[0].imports, PartImports::default(), "aliases of `String` need nothing");
        let small = BTreeSet::from(["small".to_string()]);
        assert_eq!(layout.parts[1].imports.shared_types, small, "`Small` names the shared `Always`");
    }
}
