//! `Json`: a JSON value whose objects keep their members in the order they were built or read.
//!
//! `serde_json::Value` sorts object members (errcat does not enable `preserve_order`, which would
//! change how extension values are written everywhere). The schema, OpenAPI and docs outputs want
//! members in template order — `type` before `title` before `status`, an example body exactly as
//! the generated serializers write it — so they build and parse this type instead. Scalars are
//! held as `serde_json::Value`, so numbers keep their exact JSON form.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;
use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    /// `null`, a boolean, a number or a string.
    Scalar(Value),
    Array(Vec<Json>),
    /// Members in order; keys are unique when built by errcat.
    Object(Vec<(String, Json)>),
}

impl Json {
    /// An empty object, to fill with [`Json::with`].
    pub fn object() -> Json {
        Json::Object(Vec::new())
    }

    /// This object with `key` appended (a no-op on a non-object).
    pub fn with(mut self, key: &str, value: impl Into<Json>) -> Json {
        if let Json::Object(members) = &mut self {
            members.push((key.to_owned(), value.into()));
        }
        self
    }

    /// Reads JSON text, keeping every object's members in document order.
    pub fn parse(text: &str) -> Result<Json, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// Pretty JSON (two-space indentation, as `serde_json::to_string_pretty`).
    pub fn pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Pretty JSON whose lines after the first are indented by `indent` spaces: the text the
    /// `json_pretty(indent=N)` filter writes for this value, computed without turning the value
    /// into template values first (a view hands it to a built-in template as a fragment).
    pub fn pretty_at(&self, indent: usize) -> String {
        crate::filters::indent_lines(self.pretty(), indent)
    }
}

impl From<Value> for Json {
    /// Objects of a `serde_json::Value` come in its (sorted) order.
    fn from(v: Value) -> Json {
        match v {
            Value::Array(items) => Json::Array(items.into_iter().map(Json::from).collect()),
            Value::Object(map) => {
                Json::Object(map.into_iter().map(|(k, v)| (k, v.into())).collect())
            }
            scalar => Json::Scalar(scalar),
        }
    }
}

impl From<&str> for Json {
    fn from(s: &str) -> Json {
        Json::Scalar(Value::from(s))
    }
}

impl From<String> for Json {
    fn from(s: String) -> Json {
        Json::Scalar(Value::from(s))
    }
}

impl From<bool> for Json {
    fn from(b: bool) -> Json {
        Json::Scalar(Value::Bool(b))
    }
}

impl From<i64> for Json {
    fn from(i: i64) -> Json {
        Json::Scalar(Value::from(i))
    }
}

impl From<Vec<Json>> for Json {
    fn from(items: Vec<Json>) -> Json {
        Json::Array(items)
    }
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Scalar(v) => v.serialize(serializer),
            Json::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, value) in members {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct JsonVisitor;
        impl<'de> Visitor<'de> for JsonVisitor {
            type Value = Json;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Json, E> {
                Ok(Json::Scalar(Value::Bool(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Json, E> {
                Ok(Json::Scalar(Value::from(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Json, E> {
                Ok(Json::Scalar(Value::from(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Json, E> {
                Ok(Json::Scalar(Value::from(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Json, E> {
                Ok(Json::Scalar(Value::from(v)))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Json, E> {
                Ok(Json::Scalar(Value::from(v)))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Json, E> {
                Ok(Json::Scalar(Value::Null))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Json::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry()? {
                    members.push(member);
                }
                Ok(Json::Object(members))
            }
        }
        deserializer.deserialize_any(JsonVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::Json;

    #[test]
    fn members_keep_their_order_through_a_round_trip() {
        let text = r#"{"z":1,"a":{"y":[true,null,"s"],"b":2.5}}"#;
        let json = Json::parse(text).expect("JSON");
        assert_eq!(serde_json::to_string(&json).expect("text"), text);
        assert_eq!(
            json.pretty(),
            "{\n  \"z\": 1,\n  \"a\": {\n    \"y\": [\n      true,\n      null,\n      \"s\"\n    ],\n    \"b\": 2.5\n  }\n}"
        );
    }
}
