//! The wire side of a diff: each error's occurrence fields as a client sees them (the catalog's,
//! its category's and its own), and the envelope template. A change is reported once, where it
//! is declared: a catalog-level field added to every error is one change at the header.

use super::compare::Cx;
use crate::catalog::{Catalog, CatalogError, Field, FieldLevel, FieldType, Member, Template};
use crate::rule::Rule;
use std::collections::{BTreeMap, BTreeSet};

/// Who declares a field: the header (`None`), a category or an error, for locating the change
/// and reporting it once.
type Owner = Option<(bool, String)>;

fn owner(f: &Field, e: &CatalogError) -> Owner {
    match f.level {
        FieldLevel::Catalog => None,
        FieldLevel::Category => Some((true, e.category.clone())),
        FieldLevel::Error => Some((false, e.name.clone())),
    }
}

fn fields<'a>(c: &'a Catalog, e: &'a CatalogError) -> BTreeMap<&'a str, &'a Field> {
    c.wire_fields(e)
        .into_iter()
        .map(|f| (f.name.as_str(), f))
        .collect()
}

fn describe(owner: &Owner) -> String {
    match owner {
        None => "every error (catalog field)".to_owned(),
        Some((true, id)) => format!("category `{id}`"),
        Some((false, name)) => format!("`{name}`"),
    }
}

impl Cx<'_, '_> {
    /// Occurrence fields of every error present on both sides.
    pub(super) fn fields(&mut self) {
        let (oc, nc) = (self.old.catalog, self.new.catalog);
        let mut seen: BTreeSet<(Rule, Owner, String)> = BTreeSet::new();
        for (old_name, new_name) in self.pairs.clone() {
            let (Some(&o), Some(&n)) = (
                self.oi.errors.get(old_name.as_str()),
                self.ni.errors.get(new_name.as_str()),
            ) else {
                continue;
            };
            let (of, nf) = (fields(oc, o), fields(nc, n));
            for (name, old) in &of {
                let (rule, who, message) = match nf.get(name) {
                    None => {
                        let who = owner(old, o);
                        let m = format!(
                            "occurrence field `{name}` of {} was removed",
                            describe(&who)
                        );
                        (Rule::FieldRemoved, who, m)
                    }
                    Some(new) if new.ty != old.ty => {
                        let who = owner(new, n);
                        let m = format!(
                            "occurrence field `{name}` of {} changed type from `{}` to `{}`",
                            describe(&who),
                            old.ty.expr(),
                            new.ty.expr()
                        );
                        (Rule::FieldChanged, who, m)
                    }
                    Some(new) if new.wire != old.wire => {
                        let who = owner(new, n);
                        let m = format!(
                            "occurrence field `{name}` of {} is now the member `{}` on the wire, not `{}`",
                            describe(&who),
                            new.wire,
                            old.wire
                        );
                        (Rule::FieldChanged, who, m)
                    }
                    Some(_) => continue,
                };
                self.field_change(&mut seen, rule, who, name, message);
            }
            for (name, new) in &nf {
                if of.contains_key(name) {
                    continue;
                }
                let who = owner(new, n);
                let optional = matches!(new.ty, FieldType::Optional(_));
                let (rule, tail) = if optional {
                    (Rule::OptionalFieldAdded, "")
                } else {
                    (
                        Rule::RequiredFieldAdded,
                        "; bodies from older servers lack it",
                    )
                };
                let message = format!(
                    "occurrence field `{name}: {}` of {} was added{tail}",
                    new.ty.expr(),
                    describe(&who)
                );
                self.field_change(&mut seen, rule, who, name, message);
            }
        }
    }

    fn field_change(
        &mut self,
        seen: &mut BTreeSet<(Rule, Owner, String)>,
        rule: Rule,
        who: Owner,
        name: &str,
        message: String,
    ) {
        if !seen.insert((rule, who.clone(), name.to_owned())) {
            return;
        }
        // A removed field is located at its owner in the new catalog.
        let at = self.new.shift(
            self.new
                .locations
                .field(who.as_ref().map(|(c, o)| (*c, o.as_str())), name),
        );
        let subject = match &who {
            Some((false, e)) => e.clone(),
            _ => String::new(),
        };
        self.push(rule, &subject, message, at);
    }

    /// The envelope: every member an old parser checks must still be there with the same
    /// template; new members are ignored by old parsers.
    pub(super) fn envelope(&mut self) {
        let (o, n) = (&self.old.catalog.envelope, &self.new.catalog.envelope);
        let (ol, nl) = (leaves(&o.body), leaves(&n.body));
        let at = |cx: &Self, path: &[String]| cx.new.shift(cx.new.locations.envelope(path));
        let mut broken = Vec::new();
        for (path, (segments, t)) in &ol {
            match nl.get(path) {
                None => broken.push((format!("member `{path}` was removed"), Vec::new())),
                Some((_, nt)) if nt != t => broken.push((
                    format!("member `{path}` changed from {t} to {nt}"),
                    segments.clone(),
                )),
                Some(_) => {}
            }
        }
        if o.fields_at != n.fields_at {
            broken.push((
                format!(
                    "the fields moved from `{}` to `{}`",
                    shown_path(&o.fields_at),
                    shown_path(&n.fields_at)
                ),
                Vec::new(),
            ));
        }
        if o.identify != n.identify {
            broken.push(("the `identify` list changed".to_owned(), Vec::new()));
        }
        for (b, path) in broken {
            let at = at(self, &path);
            self.push(Rule::EnvelopeChanged, "", format!("response body: {b}"), at);
        }
        for (path, (segments, _)) in nl.iter().filter(|(p, _)| !ol.contains_key(*p)) {
            let at = at(self, segments);
            self.push(
                Rule::EnvelopeExtended,
                "",
                format!("response body: member `{path}` was added"),
                at,
            );
        }
    }
}

fn shown_path(p: &[String]) -> String {
    if p.is_empty() {
        "(the body)".to_owned()
    } else {
        p.join(".")
    }
}

/// A body leaf's path segments and its template as text.
type Leaf = (Vec<String>, String);

/// Every leaf of a body template by dotted path: `$code`, or a constant's JSON.
fn leaves(body: &[Member]) -> BTreeMap<String, Leaf> {
    fn walk(members: &[Member], prefix: &[String], out: &mut BTreeMap<String, Leaf>) {
        for m in members {
            let mut path = prefix.to_vec();
            path.push(m.key.clone());
            let text = match &m.value {
                Template::Object(inner) => {
                    walk(inner, &path, out);
                    continue;
                }
                Template::Const(v) => format!("the constant `{v}`"),
                Template::Ref(r) => format!("`{}`", r.spelled()),
            };
            out.insert(path.join("."), (path, text));
        }
    }
    let mut out = BTreeMap::new();
    walk(body, &[], &mut out);
    out
}
