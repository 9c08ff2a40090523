//! Reading a JSON string without copying it: the generated enums' `Deserialize` impls and the
//! property names in `wire.rs` go through `Text`.
//!
//! The generator copies this file unchanged into every crate that has a struct or an enum; when
//! an API is split over several crates, into the shared one, whose parts call it (hence `pub`).
//! serde reads a `String` by allocating; `Text` borrows from the input whenever the string has
//! no escapes, which is nearly always for enum values and property names.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};

/// A property name or string value, borrowed from the input when it has no escapes.
pub struct Text<'de>(Cow<'de, str>);

impl Text<'_> {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(value)))
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(value.to_owned())))
            }
            fn visit_string<E: de::Error>(self, value: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(value)))
            }
        }
        deserializer.deserialize_str(TextVisitor)
    }
}
