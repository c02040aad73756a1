//! The keys an options struct accepts, read from its serde derive: a `[targets.<id>]` key is
//! checked against them before deserializing, so an unknown key gets a diagnostic at the key
//! with the nearest known one, whatever fields the target's options have.

use serde::de::{self, Visitor};

/// The field names `T` deserializes (kebab-case keys for the options structs); empty for a
/// type that is not a struct.
pub(super) fn fields_of<T: serde::de::DeserializeOwned>() -> &'static [&'static str] {
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(Grab(&mut fields));
    fields
}

/// A deserializer that records the field list serde passes to `deserialize_struct`, then stops.
struct Grab<'a>(&'a mut &'static [&'static str]);

impl<'de> de::Deserializer<'de> for Grab<'_> {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("not a struct"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = fields;
        Err(de::Error::custom("fields recorded"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[serde(rename_all = "kebab-case")]
    #[allow(dead_code)]
    struct Demo {
        module_name: String,
        derives: Vec<String>,
    }

    #[test]
    fn reads_the_renamed_field_names() {
        assert_eq!(fields_of::<Demo>(), &["module-name", "derives"]);
        assert!(fields_of::<String>().is_empty());
    }
}
