//! The JSON object codec the generated types' `Serialize` and `Deserialize` impls call.
//!
//! The generator copies this file unchanged into every crate that has a struct; when an API is
//! split over several crates, into the shared one, whose parts call it (hence `pub`). Each generated
//! struct gets a short hand-shaped impl (one `match` arm per property) instead of `serde`'s
//! derive, because the derive's output for two thousand types (a field enum, a sequence visitor
//! and a flatten buffer per struct) is what dominated the crate's compile time and memory.
//! Keeping unknown properties costs one map insert per unknown key instead of buffering the
//! object.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap};

use super::text::Text;

/// A type decoded from a JSON object, property by property.
pub trait FromObject<'de>: Sized {
    /// The type's name, for error messages.
    const NAME: &'static str;
    fn from_object<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Decodes a `FromObject` type: the body of every generated `Deserialize::deserialize`.
pub fn decode_object<'de, T: FromObject<'de>, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    struct ObjectVisitor<T>(PhantomData<T>);
    impl<'de, T: FromObject<'de>> Visitor<'de> for ObjectVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "a {} object", T::NAME)
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::from_object(map)
        }
    }
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

/// Reads the value of a described property into its slot; a property given twice is an error.
pub fn property<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Reads a property the spec does not describe: kept in `keep` when the type keeps them,
/// skipped otherwise.
pub fn unknown<'de, A: MapAccess<'de>>(
    map: &mut A,
    key: Text<'de>,
    keep: Option<&mut serde_json::Map<String, serde_json::Value>>,
) -> Result<(), A::Error> {
    match keep {
        Some(kept) => {
            let value = map.next_value()?;
            kept.insert(key.as_str().to_owned(), value);
            Ok(())
        }
        None => map.next_value::<IgnoredAny>().map(|_| ()),
    }
}

/// Writes a JSON object property by property: the body of every generated `Serialize`. It
/// keeps the first error and skips what follows, so a generated impl is one call per property
/// rather than a branch per property, which is less for rustc to check in two thousand impls.
pub struct ObjectWriter<M: SerializeMap> {
    map: M,
    error: Option<M::Error>,
}

impl<M: SerializeMap> ObjectWriter<M> {
    /// Starts with the map the serializer opened.
    pub fn new(map: M) -> Self {
        ObjectWriter { map, error: None }
    }

    /// Writes a property that is always present (`null` when a nullable one is `None`).
    pub fn required<T: ?Sized + Serialize>(&mut self, name: &str, value: &T) {
        if self.error.is_none() {
            self.error = self.map.serialize_entry(name, value).err();
        }
    }

    /// Writes an optional property when it is set.
    pub fn optional<T: Serialize>(&mut self, name: &'static str, value: &Option<T>) {
        if let Some(value) = value {
            self.required(name, value);
        }
    }

    /// Ends the object after its described properties, writing the kept unknown ones first.
    pub fn end(mut self, unknown: Option<&serde_json::Map<String, serde_json::Value>>) -> Result<M::Ok, M::Error> {
        for (key, value) in unknown.into_iter().flatten() {
            self.required(key, value);
        }
        match self.error {
            Some(error) => Err(error),
            None => self.map.end(),
        }
    }
}
