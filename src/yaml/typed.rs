//! The fast read of a catalog file: straight into the typed model, with a span tree only for the
//! few values whose position a valid catalog needs.
//!
//! serde-saphyr's typed deserializers are lenient where the catalog format is not (an unquoted
//! `404` read into a string, a key `0` read as a struct's first field). [`Strict`] therefore
//! asks the parser for every value the way the span tree does (`deserialize_any`) and hands the
//! value to the model's visitor as JSON would: a number never becomes a string, a key is always
//! text, `null` is only ever "absent". Whatever JSON could not hold (a non-finite float, an
//! integer beyond 64 bits, bytes) makes the read decline. A declined read is not a diagnostic:
//! the loader then runs the thorough path, which reports every problem.

use super::Node;
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IntoDeserializer, MapAccess, SeqAccess,
    Visitor,
};
use std::cell::RefCell;
use std::fmt;

/// A subtree read with spans: its JSON pointer and its tree. The callback returns the subtree
/// as JSON (the model reads it from there, as the thorough path does) or `None` to decline.
pub type Capture<'c> = dyn FnMut(&str, Node) -> Option<serde_json::Value> + 'c;

/// Whether `text` may hold a tag (`!!binary`, `!custom`): a `!` where a token starts. Tags are
/// invisible to a typed read, so such a file goes to the thorough path, which refuses all but
/// the core ones. A `!` at the start of a word in quoted or plain text declines too, which costs
/// time, never correctness.
fn may_have_tag(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        b == b'!'
            && (i == 0
                || matches!(
                    bytes[i - 1],
                    b' ' | b'\t' | b'\n' | b'\r' | b'[' | b'{' | b',' | b':'
                ))
    })
}

/// Reads one YAML document into `T` under `limits`, reading the values under the keys in
/// `captured` as span trees handed to `capture`. `None` when the file is not a plain, valid
/// instance of `T` (a parse error, a breached limit, a value JSON cannot hold, a value of the
/// wrong kind): the caller then takes the thorough path.
pub fn parse_typed<T: de::DeserializeOwned>(
    text: &str,
    limits: &super::Limits,
    captured: &[&str],
    capture: &mut Capture<'_>,
) -> Option<T> {
    if may_have_tag(text) {
        return None;
    }
    let state = RefCell::new(State {
        pointer: String::new(),
        captured,
        capture,
        declined: false,
    });
    let value =
        serde_saphyr::with_deserializer_from_str_with_options(text, super::options(limits), |de| {
            T::deserialize(Strict {
                de,
                state: &state,
                key: false,
            })
        })
        .ok()?;
    (!state.into_inner().declined).then_some(value)
}

struct State<'s, 'c> {
    /// The JSON pointer of the value being read.
    pointer: String,
    captured: &'s [&'s str],
    capture: &'s mut Capture<'c>,
    declined: bool,
}

type Shared<'a, 's, 'c> = &'a RefCell<State<'s, 'c>>;

fn decline<E: de::Error>(state: Shared, why: &str) -> E {
    state.borrow_mut().declined = true;
    E::custom(why)
}

/// A deserializer that reads every value by its own kind, as from JSON.
struct Strict<'a, 's, 'c, D> {
    de: D,
    state: Shared<'a, 's, 'c>,
    /// Reading a mapping key: only text is accepted.
    key: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Plain,
    Option,
    Enum,
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Strict<'_, '_, '_, D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        let v = Visit {
            visitor,
            state: self.state,
            mode: Mode::Plain,
            key: self.key,
        };
        self.de.deserialize_any(v)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        let v = Visit {
            visitor,
            state: self.state,
            mode: Mode::Option,
            key: self.key,
        };
        self.de.deserialize_any(v)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let v = Visit {
            visitor,
            state: self.state,
            mode: Mode::Enum,
            key: self.key,
        };
        self.de.deserialize_any(v)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

struct Visit<'a, 's, 'c, V> {
    visitor: V,
    state: Shared<'a, 's, 'c>,
    mode: Mode,
    key: bool,
}

impl<'a, 's, 'c, V> Visit<'a, 's, 'c, V> {
    /// A mapping key that is not text: JSON would hold it as text, the model reads it
    /// otherwise (a struct reads `0` as its first field).
    fn not_text<E: de::Error>(&self) -> Result<(), E> {
        if self.key {
            Err(decline(self.state, "a key that is not text"))
        } else {
            Ok(())
        }
    }
}

/// A scalar handed on: as itself, as `Some(itself)` for an `Option`, or to an enum's visitor.
macro_rules! scalar {
    ($self:ident, $v:expr, $visit:ident) => {{
        $self.not_text()?;
        match $self.mode {
            Mode::Option => $self.visitor.visit_some($v.into_deserializer()),
            Mode::Plain | Mode::Enum => $self.visitor.$visit($v),
        }
    }};
}

impl<'de, 'a, 's, 'c, V: Visitor<'de>> Visitor<'de> for Visit<'a, 's, 'c, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.visitor.expecting(f)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<V::Value, E> {
        scalar!(self, v, visit_bool)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<V::Value, E> {
        scalar!(self, v, visit_i64)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<V::Value, E> {
        scalar!(self, v, visit_u64)
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<V::Value, E> {
        // The thorough path keeps what fits 64 bits as an integer and the rest as a float.
        match (i64::try_from(v), u64::try_from(v)) {
            (Ok(i), _) => self.visit_i64(i),
            (_, Ok(u)) => self.visit_u64(u),
            _ => Err(decline(self.state, "an integer beyond 64 bits")),
        }
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<V::Value, E> {
        match u64::try_from(v) {
            Ok(u) => self.visit_u64(u),
            Err(_) => Err(decline(self.state, "an integer beyond 64 bits")),
        }
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<V::Value, E> {
        if !v.is_finite() {
            return Err(decline(self.state, "a number JSON cannot hold"));
        }
        scalar!(self, v, visit_f64)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        if self.key {
            let mut state = self.state.borrow_mut();
            state.pointer.push('/');
            state.pointer.push_str(&crate::source::escape_segment(v));
        }
        match self.mode {
            Mode::Option => self.visitor.visit_some(v.into_deserializer()),
            Mode::Enum => self.visitor.visit_enum(v.into_deserializer()),
            Mode::Plain => self.visitor.visit_str(v),
        }
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<V::Value, E> {
        if self.key || self.mode != Mode::Plain {
            return self.visit_str(&v);
        }
        self.visitor.visit_string(v)
    }
    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<V::Value, E> {
        Err(decline(self.state, "bytes"))
    }
    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.not_text()?;
        match self.mode {
            Mode::Option => self.visitor.visit_none(),
            Mode::Plain | Mode::Enum => self.visitor.visit_unit(),
        }
    }
    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.visit_unit()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.not_text()?;
        let inner = Strict {
            de: d,
            state: self.state,
            key: false,
        };
        match self.mode {
            Mode::Option => self.visitor.visit_some(inner),
            Mode::Plain | Mode::Enum => inner.deserialize_any(self.visitor),
        }
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.not_text()?;
        let seq = Seq {
            seq,
            state: self.state,
            index: 0,
        };
        match self.mode {
            Mode::Option => self.visitor.visit_some(SeqAccessDeserializer::new(seq)),
            Mode::Plain | Mode::Enum => self.visitor.visit_seq(seq),
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.not_text()?;
        let map = Map {
            map,
            state: self.state,
            mark: 0,
        };
        match self.mode {
            Mode::Option => self.visitor.visit_some(MapAccessDeserializer::new(map)),
            Mode::Enum => self.visitor.visit_enum(MapAccessDeserializer::new(map)),
            Mode::Plain => self.visitor.visit_map(map),
        }
    }
    fn visit_enum<A: EnumAccess<'de>>(self, _: A) -> Result<V::Value, A::Error> {
        Err(decline(self.state, "a tagged value"))
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, _: D) -> Result<V::Value, D::Error> {
        Err(decline(self.state, "a wrapped value"))
    }
}

/// A seed read through [`Strict`].
struct Seed<'a, 's, 'c, S> {
    seed: S,
    state: Shared<'a, 's, 'c>,
    key: bool,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<'_, '_, '_, S> {
    type Value = S::Value;
    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<S::Value, D::Error> {
        self.seed.deserialize(Strict {
            de,
            state: self.state,
            key: self.key,
        })
    }
}

struct Seq<'a, 's, 'c, A> {
    seq: A,
    state: Shared<'a, 's, 'c>,
    index: usize,
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Seq<'_, '_, '_, A> {
    type Error = A::Error;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        let mark = {
            let mut state = self.state.borrow_mut();
            let mark = state.pointer.len();
            use std::fmt::Write as _;
            let _ = write!(state.pointer, "/{}", self.index);
            mark
        };
        self.index += 1;
        let item = self.seq.next_element_seed(Seed {
            seed,
            state: self.state,
            key: false,
        });
        self.state.borrow_mut().pointer.truncate(mark);
        item
    }
    fn size_hint(&self) -> Option<usize> {
        self.seq.size_hint()
    }
}

struct Map<'a, 's, 'c, A> {
    map: A,
    state: Shared<'a, 's, 'c>,
    /// The pointer's length before the current key was appended.
    mark: usize,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Map<'_, '_, '_, A> {
    type Error = A::Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.mark = self.state.borrow().pointer.len();
        self.map.next_key_seed(Seed {
            seed,
            state: self.state,
            key: true,
        })
    }
    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        let key_len = self.state.borrow().pointer.len();
        let key = {
            let state = self.state.borrow();
            let last = &state.pointer[self.mark..key_len];
            let name = last.strip_prefix('/').unwrap_or(last);
            state.captured.contains(&name)
        };
        let value = if key {
            // The value is read with spans and handed to the model as JSON.
            let node = self.map.next_value_seed(std::marker::PhantomData::<Node>)?;
            let json = {
                let mut state = self.state.borrow_mut();
                let state = &mut *state;
                (state.capture)(&state.pointer, node)
            };
            match json {
                Some(json) => seed
                    .deserialize(json)
                    .map_err(|_| decline(self.state, "a value of another kind")),
                None => Err(decline(self.state, "a value JSON cannot hold")),
            }
        } else {
            self.map.next_value_seed(Seed {
                seed,
                state: self.state,
                key: false,
            })
        };
        self.state.borrow_mut().pointer.truncate(self.mark);
        value
    }
}
