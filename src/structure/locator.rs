//! The YAML tree as JSON, and where each JSON pointer of a file came from (`Locator`): the
//! structural check validates the JSON and reports at the recorded spans; validation asks the
//! locator where a value stands.

use crate::source::{Span, escape_segment};
use crate::yaml::{Node, NodeKind};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Where each JSON pointer of a file came from: the span of its key (for map entries) and value.
#[derive(Debug, Default, Clone)]
pub struct Locator {
    entries: BTreeMap<String, (Option<Span>, Span)>,
    /// Pointers of `.inf`, `.nan` and other non-finite numbers: JSON cannot hold them, so they
    /// are `null` in the JSON copy and reported by [`check`] where they stand.
    pub(super) non_finite: BTreeSet<String>,
    /// Holds only the subtrees the fast read kept ([`Locator::partial`]): a pointer it does not
    /// hold gets no span instead of its nearest enclosing value's. Only a diagnostic asks for
    /// one, and a catalog with a diagnostic gets a complete locator ([`locate`]) before it is
    /// reported.
    partial: bool,
    /// For a partial locator: the keys whose values it holds, with everything under them.
    kept: &'static [&'static str],
    /// The span tree itself ([`locate`]): a pointer is looked up by walking it, so a file whose
    /// diagnostics need positions pays for no map of every pointer.
    tree: Option<Node>,
}

impl Locator {
    /// A locator for the subtrees the fast read keeps with spans: the values of the keys
    /// `kept`, wherever they stand.
    pub fn partial(kept: &'static [&'static str]) -> Locator {
        Locator {
            partial: true,
            kept,
            ..Locator::default()
        }
    }

    /// Whether the locator may hold the field `field` of the value at `parent`: always for a
    /// complete locator; for a partial one, only inside a kept subtree. Lets a caller skip
    /// building a pointer that can only miss.
    pub fn may_hold(&self, parent: &str, field: &str) -> bool {
        !self.partial
            || self.kept.contains(&field)
            || parent
                .split('/')
                .any(|segment| self.kept.contains(&segment))
    }

    /// The span of the value at `pointer`, or of the nearest enclosing value.
    pub fn value(&self, pointer: &str) -> Span {
        self.lookup(pointer).1
    }

    /// The span of the key at `pointer` (or of the value for sequence items and the root).
    pub fn key(&self, pointer: &str) -> Span {
        let (key, value) = self.lookup(pointer);
        key.unwrap_or(value)
    }

    /// Whether the file writes a value at exactly `pointer`.
    pub fn contains(&self, pointer: &str) -> bool {
        match &self.tree {
            Some(root) => walk(root, pointer).0,
            None => self.entries.contains_key(pointer),
        }
    }

    /// Every pointer the file writes a value at, in order.
    pub fn pointers(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    fn lookup(&self, pointer: &str) -> (Option<Span>, Span) {
        if let Some(root) = &self.tree {
            return walk(root, pointer).1;
        }
        let mut p = pointer;
        loop {
            if let Some(&found) = self.entries.get(p) {
                return found;
            }
            if self.partial {
                return (None, Span::default());
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return (None, Span::default()),
            }
        }
    }
}

/// Converts a YAML tree to JSON, recording the span of every value.
pub fn to_json(root: &Node) -> (Value, Locator) {
    let mut loc = Locator::default();
    let value = convert(root, String::new(), None, &mut loc);
    (value, loc)
}

/// The spans of every value of a YAML tree, as [`to_json`] records them, without the JSON copy
/// or a map of every pointer: for a file the fast read accepted, whose structure is already
/// proven and whose diagnostics only need positions.
pub fn locate(root: Node) -> Locator {
    Locator {
        tree: Some(root),
        ..Locator::default()
    }
}

/// Follows `pointer` down the tree as far as it goes: whether it reaches the value, and the
/// spans [`to_json`] records for the deepest value reached (the key's for a mapping entry).
fn walk(root: &Node, pointer: &str) -> (bool, (Option<Span>, Span)) {
    let mut node = root;
    let mut key = None;
    let segments = pointer.strip_prefix('/').map(|p| p.split('/'));
    for segment in segments.into_iter().flatten() {
        let next = match &node.kind {
            NodeKind::Seq(items) => segment
                .parse::<usize>()
                .ok()
                .filter(|i| i.to_string() == segment)
                .and_then(|i| items.get(i))
                .map(|item| (None, item)),
            // The last of duplicate keys, as the JSON copy keeps it.
            NodeKind::Map(entries) => entries
                .iter()
                .rev()
                .find(|(k, _)| escape_segment(&scalar_text(k)) == segment)
                .map(|(k, v)| (Some(k.span), v)),
            _ => None,
        };
        match next {
            Some((k, v)) => {
                key = k;
                node = v;
            }
            None => return (false, (key, node.span)),
        }
    }
    (true, (key, node.span))
}

/// Converts the subtree `node` written at `pointer` to JSON, recording the span of each of its
/// values in `loc` (the fast read keeps spans only for such subtrees). `None` when it holds a
/// number JSON cannot (`.inf`, `.nan`), which only the thorough path reports.
pub fn subtree_to_json(node: &Node, pointer: &str, loc: &mut Locator) -> Option<Value> {
    let before = loc.non_finite.len();
    let value = convert(node, pointer.to_owned(), None, loc);
    (loc.non_finite.len() == before).then_some(value)
}

fn convert(node: &Node, pointer: String, key: Option<Span>, loc: &mut Locator) -> Value {
    let value = match &node.kind {
        NodeKind::Null => Value::Null,
        NodeKind::Bool(b) => Value::Bool(*b),
        NodeKind::Int(i) => {
            if let Ok(v) = i64::try_from(*i) {
                Value::from(v)
            } else if let Ok(v) = u64::try_from(*i) {
                Value::from(v)
            } else {
                Value::from(*i as f64)
            }
        }
        NodeKind::Float(f) => match serde_json::Number::from_f64(*f) {
            Some(n) => Value::Number(n),
            None => {
                loc.non_finite.insert(pointer.clone());
                Value::Null
            }
        },
        NodeKind::Str(s) => Value::String(s.clone()),
        NodeKind::Seq(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| convert(item, format!("{pointer}/{i}"), None, loc))
                .collect(),
        ),
        NodeKind::Map(entries) => {
            let mut map = serde_json::Map::new();
            for (k, v) in entries {
                let name = scalar_text(k);
                let child = format!("{pointer}/{}", escape_segment(&name));
                let converted = convert(v, child, Some(k.span), loc);
                map.insert(name, converted);
            }
            Value::Object(map)
        }
    };
    loc.entries.insert(pointer, (key, node.span));
    value
}

fn scalar_text(node: &Node) -> String {
    match &node.kind {
        NodeKind::Str(s) => s.clone(),
        NodeKind::Int(i) => i.to_string(),
        NodeKind::Float(f) => f.to_string(),
        NodeKind::Bool(b) => b.to_string(),
        NodeKind::Null => "null".into(),
        NodeKind::Seq(_) | NodeKind::Map(_) => "<complex key>".into(),
    }
}
