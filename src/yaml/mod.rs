//! The YAML layer: the only module that knows serde-saphyr.
//!
//! A catalog file is parsed into a [`Node`] tree: every value keeps the span of the text it came
//! from, so structural and semantic diagnostics can point at the exact line and column. Keeping
//! the YAML crate behind this one module means swapping it touches nothing else; `errors` turns
//! whatever the parser refuses into a diagnostic in the catalog's terms.

mod errors;
mod typed;

pub use typed::parse_typed;

use crate::source::Span;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Budget, NonFiniteFloatPolicy, Options, Spanned, Tagged};

/// A parsed YAML value with the span of its source text.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub span: Span,
    pub kind: NodeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    /// Entries in source order; keys are nodes too, so they keep their spans.
    Map(Vec<(Node, Node)>),
}

/// A YAML file errcat cannot read, with its location: the rule id, a message and a hint in the
/// catalog author's words (see `errors`).
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    /// `yaml-syntax`, `unsupported-yaml` or `limit-exceeded`.
    pub rule: crate::rule::Rule,
    pub message: String,
    pub help: String,
    pub span: Span,
    /// For a breached limit: the limit and how to raise it.
    pub limit: Option<LimitHit>,
}

/// Which configurable limit a file breached, for a diagnostic that says how to raise it.
#[derive(Debug, Clone, PartialEq)]
pub struct LimitHit {
    /// The `LoadOptions` field and the command-line flag that raise the limit.
    pub field: &'static str,
    pub flag: &'static str,
    pub value: usize,
    /// How the value is counted in messages (` levels`, ` bytes`, ` events`, or nothing).
    pub unit: &'static str,
}

/// The parser limits, from `LoadOptions`.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_depth: usize,
    pub max_nodes: usize,
    pub max_aliases: usize,
    pub max_alias_events: usize,
    pub max_scalar_bytes: usize,
}

/// Parses one YAML document into a [`Node`] tree.
///
/// Booleans are strict (`true`/`false` only, so a key such as `n` or `no` stays a string) and
/// duplicate mapping keys are an error. The parser's budget enforces `limits`, so an alias bomb,
/// deep nesting or a huge document stops with a [`LimitHit`] instead of exhausting memory.
pub fn parse(text: &str, limits: &Limits) -> Result<Node, Box<SyntaxError>> {
    let options = options(limits);
    serde_saphyr::from_str_with_options::<Node>(text, options).map_err(|err| {
        let span = err
            .location()
            .map(|loc| span_of(text, &loc))
            // Without a location, point at the start of the file rather than at line 0.
            .unwrap_or(Span {
                offset: 0,
                len: 0,
                line: 1,
                column: 1,
            });
        Box::new(errors::describe(&err, text, span, limits))
    })
}

/// The parser's options for `limits`, shared by the span tree and the typed read so both
/// refuse the same files.
fn options(limits: &Limits) -> Options {
    let mut options = Options::default();
    options.strict_booleans = true;
    options.with_snippet = false;
    // Tags other than the core ones are refused (the node visitor refuses `!!binary`, which the
    // parser would decode), and `.inf`/`.nan` become numbers that the structural check reports
    // where they stand, in the words of the field they are in.
    options.reject_unsupported_tags = true;
    options.non_finite_float_policy = NonFiniteFloatPolicy::PassThrough;
    let mut budget = Budget::default();
    budget.max_depth = limits.max_depth;
    budget.flow_nesting_limit = limits.max_depth;
    budget.max_nodes = limits.max_nodes;
    // Every node is one event, every collection one more for its end, plus the stream markers.
    budget.max_events = limits.max_nodes.saturating_mul(2).saturating_add(16);
    budget.max_aliases = limits.max_aliases;
    budget.max_anchors = limits.max_aliases;
    budget.max_total_scalar_bytes = limits.max_scalar_bytes;
    budget.max_recorded_anchor_events = limits.max_alias_events;
    budget.max_recorded_anchor_bytes = limits.max_scalar_bytes;
    // The alias/anchor ratio heuristic could not be raised by any flag and would reject a
    // catalog that reuses one anchor often (`params: *common`); `max_alias_events` bounds
    // what aliases cost instead.
    budget.enforce_alias_anchor_ratio = false;
    options.budget = Some(budget);
    options.alias_limits.max_total_replayed_events = limits.max_alias_events;
    options.alias_limits.max_replay_stack_depth = limits.max_depth;
    options
}

fn span_of(text: &str, loc: &serde_saphyr::Location) -> Span {
    let s = loc.span();
    match (s.byte_offset(), s.byte_len()) {
        (Some(off), Some(len)) => Span {
            offset: off as usize,
            len: len as usize,
            line: loc.line() as usize,
            column: loc.column() as usize,
        },
        _ => {
            // Without byte information, find the offset from line and column.
            let line_start: usize = text
                .split_inclusive('\n')
                .take((loc.line() as usize).saturating_sub(1))
                .map(str::len)
                .sum();
            let col_bytes: usize = text[line_start.min(text.len())..]
                .chars()
                .take((loc.column() as usize).saturating_sub(1))
                .map(char::len_utf8)
                .sum();
            Span {
                offset: line_start + col_bytes,
                len: 1,
                line: loc.line() as usize,
                column: loc.column() as usize,
            }
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Tagged<NodeKind>>::deserialize(d)?;
        if let Some(tag) = &spanned.value.1
            && !errors::is_core_tag(tag)
        {
            return Err(serde::de::Error::custom(format!(
                "{}{tag}",
                errors::TAG_MARKER
            )));
        }
        let loc = &spanned.referenced;
        let s = loc.span();
        Ok(Node {
            span: Span {
                offset: s.byte_offset().unwrap_or(0) as usize,
                len: s.byte_len().unwrap_or(0) as usize,
                line: loc.line() as usize,
                column: loc.column() as usize,
            },
            kind: spanned.value.0,
        })
    }
}

impl<'de> Deserialize<'de> for NodeKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(KindVisitor)
    }
}

struct KindVisitor;

impl<'de> Visitor<'de> for KindVisitor {
    type Value = NodeKind;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<NodeKind, E> {
        Ok(NodeKind::Null)
    }
    fn visit_none<E>(self) -> Result<NodeKind, E> {
        Ok(NodeKind::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<NodeKind, D::Error> {
        NodeKind::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<NodeKind, E> {
        Ok(NodeKind::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<NodeKind, E> {
        Ok(NodeKind::Int(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<NodeKind, E> {
        Ok(NodeKind::Int(v.into()))
    }
    fn visit_i128<E>(self, v: i128) -> Result<NodeKind, E> {
        Ok(NodeKind::Int(v))
    }
    fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<NodeKind, E> {
        i128::try_from(v)
            .map(NodeKind::Int)
            .map_err(|_| E::custom("integer is too large"))
    }
    fn visit_f64<E>(self, v: f64) -> Result<NodeKind, E> {
        Ok(NodeKind::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<NodeKind, E> {
        Ok(NodeKind::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<NodeKind, E> {
        Ok(NodeKind::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<NodeKind, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(NodeKind::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<NodeKind, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Node>()? {
            let value = map.next_value::<Node>()?;
            entries.push((key, value));
        }
        Ok(NodeKind::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: Limits = Limits {
        max_depth: 64,
        max_nodes: 1000,
        max_aliases: 100,
        max_alias_events: 1000,
        max_scalar_bytes: 1 << 20,
    };

    #[test]
    fn keeps_spans_and_strict_booleans() {
        let node = parse("a: 1\nn: \"x\"\n", &LIMITS).unwrap();
        let NodeKind::Map(entries) = node.kind else {
            panic!("not a map")
        };
        assert_eq!(entries[1].0.kind, NodeKind::Str("n".into()));
        assert_eq!((entries[1].1.span.line, entries[1].1.span.column), (2, 4));
        assert_eq!(entries[1].1.span.len, 3);
    }

    #[test]
    fn syntax_errors_have_locations() {
        let err = parse("a: 1\nb: [1,\nc: 2\n", &LIMITS).unwrap_err();
        assert_eq!(err.message, "the list opened with `[` is never closed");
        assert_eq!((err.span.line, err.span.column), (2, 4));
        let dup = parse("a: 1\na: 2\n", &LIMITS).unwrap_err();
        assert_eq!(dup.message, "the key `a` appears twice in this mapping");
        assert_eq!(dup.span.line, 2);
    }
}
