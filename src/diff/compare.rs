//! Old catalog against new, entry by entry: each difference becomes a diagnostic whose rule is
//! its classification (`Rule::CodeChanged`, `Rule::ErrorAdded`, ...), located in the new
//! catalog, with the old definition as a secondary label where it helps.

use crate::catalog::{Catalog, CatalogError, Code, Reserved, Retired};
use crate::diagnostic::Diagnostic;
use crate::locations::{At, Locations};
use crate::rule::{Level, Rule};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One side of a diff: a valid catalog and where its entries are defined. `offset` is the index
/// of the side's first file in the combined list of source files (new files first, then old).
pub struct Side<'a> {
    pub catalog: &'a Catalog,
    pub locations: &'a Locations,
    pub offset: usize,
}

impl Side<'_> {
    pub(super) fn shift(&self, at: Option<At>) -> Option<At> {
        at.map(|(file, span)| (file + self.offset, span))
    }
}

/// The change list, before severities are settled (breaking changes are errors or warnings
/// depending on `--fail-on`); sorted by place in the new catalog.
pub fn changes(old: &Side, new: &Side) -> Vec<Diagnostic> {
    let mut cx = Cx {
        old,
        new,
        oi: Index::of(old.catalog),
        ni: Index::of(new.catalog),
        out: Vec::new(),
        pairs: Vec::new(),
    };
    cx.errors();
    cx.retired();
    cx.reserved();
    cx.header();
    cx.fields();
    cx.envelope();
    cx.out.sort_by_key(|d| {
        d.primary
            .as_ref()
            .map(|l| (l.file, l.span.line, l.span.column))
    });
    cx.out
}

/// One side's errors and tombstones by name and code, so a diff of large catalogs stays
/// linear (apart from sorting).
pub(super) struct Index<'a> {
    pub(super) errors: HashMap<&'a str, &'a CatalogError>,
    retired: HashMap<&'a str, &'a Retired>,
    retired_codes: BTreeMap<&'a Code, &'a Retired>,
    /// Reserved single codes.
    reserved_codes: BTreeSet<&'a Code>,
    /// Reserved ranges sorted by start, each with the furthest end up to it.
    reserved_ranges: Vec<(i64, i64)>,
}

impl<'a> Index<'a> {
    fn of(c: &'a Catalog) -> Index<'a> {
        Index {
            errors: c.errors.iter().map(|e| (e.name.as_str(), e)).collect(),
            retired: c.retired.iter().map(|r| (r.name.as_str(), r)).collect(),
            retired_codes: c
                .retired
                .iter()
                .filter_map(|r| r.code.as_ref().map(|code| (code, r)))
                .collect(),
            reserved_codes: c.reserved.iter().filter_map(|r| r.code.as_ref()).collect(),
            reserved_ranges: {
                let mut ranges: Vec<(i64, i64)> =
                    c.reserved.iter().filter_map(|r| r.codes).collect();
                ranges.sort_unstable();
                let mut far = i64::MIN;
                for r in &mut ranges {
                    far = far.max(r.1);
                    r.1 = far;
                }
                ranges
            },
        }
    }

    /// Whether a `reserved:` entry holds `code`.
    fn reserves(&self, code: &Code) -> bool {
        if self.reserved_codes.contains(code) {
            return true;
        }
        let Code::Int(c) = code else { return false };
        let n = self.reserved_ranges.partition_point(|&(lo, _)| lo <= *c);
        n > 0 && self.reserved_ranges[n - 1].1 >= *c
    }

    /// The tombstone with this name, else the one with this code.
    fn tombstone(&self, name: &str, code: Option<&Code>) -> Option<&'a Retired> {
        self.retired
            .get(name)
            .or_else(|| code.and_then(|c| self.retired_codes.get(c)))
            .copied()
    }
}

pub(super) struct Cx<'a, 'b> {
    pub(super) old: &'b Side<'a>,
    pub(super) new: &'b Side<'a>,
    pub(super) oi: Index<'a>,
    pub(super) ni: Index<'a>,
    out: Vec<Diagnostic>,
    /// Old and new name of each error present on both sides.
    pub(super) pairs: Vec<(String, String)>,
}

fn code_text(code: &Option<Code>) -> String {
    code.as_ref().map(|c| format!(" ({c})")).unwrap_or_default()
}

impl Cx<'_, '_> {
    /// Records a change of `rule`, at `at` in the new catalog (else at its header).
    pub(super) fn push(
        &mut self,
        rule: Rule,
        subject: &str,
        message: String,
        at: Option<At>,
    ) -> &mut Diagnostic {
        let mut d = if rule.default_level() == Level::Note {
            Diagnostic::note(rule, message)
        } else {
            Diagnostic::error(rule, message)
        };
        if let Some((file, span)) = at.or_else(|| self.new.shift(self.new.locations.header(""))) {
            d = d.at(file, span);
        }
        if !subject.is_empty() {
            d = d.about(subject);
        }
        self.out.push(d);
        self.out.last_mut().expect("just pushed")
    }

    fn new_at(&self, name: &str, path: &[&str]) -> Option<At> {
        self.new.shift(self.new.locations.error_field(name, path))
    }

    fn old_at(&self, name: &str) -> Option<At> {
        self.old.shift(self.old.locations.error(name, &[]))
    }

    fn errors(&mut self) {
        let (old, new) = (self.old.catalog, self.new.catalog);
        let by_name: HashMap<&str, &CatalogError> =
            new.errors.iter().map(|e| (e.name.as_str(), e)).collect();
        let by_alias: HashMap<&str, &CatalogError> = new
            .errors
            .iter()
            .flat_map(|e| e.aliases.iter().map(move |a| (a.as_str(), e)))
            .collect();
        let by_code: BTreeMap<&Code, &CatalogError> = new
            .errors
            .iter()
            .filter_map(|e| e.code.as_ref().map(|c| (c, e)))
            .collect();
        let mut matched: BTreeSet<&str> = BTreeSet::new();
        for o in &old.errors {
            let found = by_name
                .get(o.name.as_str())
                .or_else(|| by_alias.get(o.name.as_str()))
                .copied();
            if let Some(n) = found {
                matched.insert(&n.name);
                self.pair(o, n);
                continue;
            }
            if let Some(n) = o.code.as_ref().and_then(|c| by_code.get(c)).copied()
                && !self.oi.errors.contains_key(n.name.as_str())
            {
                matched.insert(&n.name);
                let at = self.new_at(&n.name, &[]);
                let old_at = self.old_at(&o.name);
                let d = self.push(
                    Rule::NameChanged,
                    &n.name,
                    format!(
                        "code {} was `{}` and is now `{}`, with no alias keeping the old name",
                        show(&n.code),
                        o.name,
                        n.name
                    ),
                    at,
                );
                add_old(d, old_at, "the old name");
                d.help = Some(format!("add `aliases: [{}]` to `{}`", o.name, n.name));
                self.pair(o, n);
                continue;
            }
            if let Some(r) = self.ni.tombstone(&o.name, o.code.as_ref()) {
                let at = self.new.shift(self.new.locations.retired(&r.name));
                let then = match (&r.replaced_by, &r.merged_into) {
                    (Some(x), _) => format!("; use `{x}`"),
                    (None, Some(x)) => format!("; merged into `{x}`"),
                    _ => String::new(),
                };
                self.push(
                    Rule::ErrorRetired,
                    &o.name,
                    format!("error `{}`{} was retired{then}", o.name, code_text(&o.code)),
                    at,
                );
                continue;
            }
            let old_at = self.old_at(&o.name);
            let d = self.push(
                Rule::ErrorRemoved,
                &o.name,
                format!(
                    "error `{}`{} was removed without a tombstone or an alias",
                    o.name,
                    code_text(&o.code)
                ),
                None,
            );
            add_old(d, old_at, "removed error");
            d.help = Some(format!(
                "list it under `retired:` (`- {{ name: {}, {}reason: ... }}`), or keep its name as an alias of the error that replaces it",
                o.name,
                o.code
                    .as_ref()
                    .map(|c| format!("code: {c}, "))
                    .unwrap_or_default()
            ));
        }

        let old_by_code: BTreeMap<&Code, &CatalogError> = old
            .errors
            .iter()
            .filter_map(|e| e.code.as_ref().map(|c| (c, e)))
            .collect();
        for n in &new.errors {
            if matched.contains(n.name.as_str()) {
                continue;
            }
            let at = self.new_at(&n.name, &[]);
            let tomb = self
                .oi
                .retired
                .get(n.name.as_str())
                .map(|r| format!("name of retired error `{}`", r.name));
            let tomb_code = n.code.as_ref().and_then(|c| {
                self.oi
                    .retired_codes
                    .get(c)
                    .map(|r| format!("code {c} of retired error `{}`", r.name))
                    .or_else(|| self.oi.reserves(c).then(|| format!("reserved code {c}")))
            });
            let reserved_name = old
                .reserved
                .iter()
                .find(|r| r.name.as_deref() == Some(n.name.as_str()))
                .map(|_| format!("reserved name `{}`", n.name));
            if let Some(what) = tomb.or(tomb_code).or(reserved_name) {
                self.push(
                    Rule::TombstoneReused,
                    &n.name,
                    format!("error `{}` takes the {what}", n.name),
                    at,
                )
                .help = Some("a retired or reserved code or name is never used again: old clients would read the new error as the old one".into());
                continue;
            }
            if let Some(o) = n.code.as_ref().and_then(|c| old_by_code.get(c)) {
                let old_at = self.old_at(&o.name);
                let d = self.push(
                    Rule::NameChanged,
                    &n.name,
                    format!(
                        "code {} now names `{}`; it named `{}`",
                        show(&n.code),
                        n.name,
                        o.name
                    ),
                    self.new_at(&n.name, &["code"]),
                );
                add_old(d, old_at, "the code's old error");
                d.help = Some("give the new error a code of its own".into());
                continue;
            }
            self.push(
                Rule::ErrorAdded,
                &n.name,
                format!("error `{}`{} was added", n.name, code_text(&n.code)),
                at,
            );
        }
    }

    /// An old error and the new error with its name (or keeping it as an alias).
    fn pair(&mut self, o: &CatalogError, n: &CatalogError) {
        self.pairs.push((o.name.clone(), n.name.clone()));
        let name = n.name.as_str();
        if o.code != n.code {
            let old_at = self.old_at(&o.name);
            let d = self.push(
                Rule::CodeChanged,
                name,
                format!(
                    "code of `{name}` changed from {} to {}",
                    show(&o.code),
                    show(&n.code)
                ),
                self.new_at(name, &["code"]),
            );
            add_old(d, old_at, "the old definition");
            d.help = Some(
                "clients switch on codes: keep the old code, or retire it and add a new error"
                    .into(),
            );
        }
        if o.http_status != n.http_status {
            self.push(
                Rule::HttpStatusChanged,
                name,
                format!(
                    "HTTP status of `{name}` changed from {} to {}",
                    show(&o.http_status),
                    show(&n.http_status)
                ),
                self.new_at(name, &["http_status"]),
            );
        }
        if o.grpc_status != n.grpc_status {
            let g = |s: Option<crate::catalog::GrpcStatus>| {
                s.map_or("none".to_owned(), |s| s.name().to_owned())
            };
            self.push(
                Rule::GrpcStatusChanged,
                name,
                format!(
                    "gRPC status of `{name}` changed from {} to {}",
                    g(o.grpc_status),
                    g(n.grpc_status)
                ),
                self.new_at(name, &["grpc_status"]),
            );
        }
        if o.category != n.category {
            self.push(
                Rule::CategoryChanged,
                name,
                format!(
                    "`{name}` moved from category `{}` to `{}`",
                    o.category, n.category
                ),
                self.new_at(name, &["category"]),
            );
        }
        if o.retryable != n.retryable {
            self.push(
                Rule::RetryableChanged,
                name,
                format!(
                    "`{name}` is {} retryable",
                    if n.retryable { "now" } else { "no longer" }
                ),
                self.new_at(name, &["retryable"]),
            );
        }
        let old_params: BTreeMap<&str, _> =
            o.params.iter().map(|p| (p.name.as_str(), p.ty)).collect();
        let new_params: BTreeMap<&str, _> =
            n.params.iter().map(|p| (p.name.as_str(), p.ty)).collect();
        // A parameter that became an occurrence field (or back) keeps its place in the message
        // and the constructor; the field's side of the change is reported with the fields.
        let field_type = |c: &Catalog, e: &CatalogError, p: &str| {
            c.wire_fields(e)
                .into_iter()
                .find(|f| f.name == p)
                .and_then(|f| f.ty.scalar_name())
        };
        for (p, ty) in &old_params {
            let now = new_params
                .get(p)
                .map(|t| type_name(*t))
                .or_else(|| field_type(self.new.catalog, n, p));
            match now {
                None => {
                    self.push(
                        Rule::ParamRemoved,
                        name,
                        format!("parameter `{p}` of `{name}` was removed"),
                        self.new_at(name, &["message"]),
                    );
                }
                Some(t) if t != type_name(*ty) => {
                    let at = if new_params.contains_key(p) {
                        self.new_at(name, &["params", p, "type"])
                    } else {
                        self.new_at(name, &["fields", p, "type"])
                    };
                    self.push(
                        Rule::ParamTypeChanged,
                        name,
                        format!(
                            "parameter `{p}` of `{name}` changed type from {} to {t}",
                            type_name(*ty),
                        ),
                        at,
                    );
                }
                Some(_) => {}
            }
        }
        for p in new_params.keys().filter(|p| !old_params.contains_key(*p)) {
            if field_type(self.old.catalog, o, p).is_some() {
                continue;
            }
            let at = self
                .new
                .shift(self.new.locations.error_key(name, &["params", p]));
            self.push(
                Rule::ParamAdded,
                name,
                format!("parameter `{p}` of `{name}` was added; callers must pass it"),
                at,
            );
        }
        for a in &o.aliases {
            if !n.aliases.contains(a) && *a != n.name {
                self.push(
                    Rule::AliasRemoved,
                    name,
                    format!("alias `{a}` of `{name}` was removed"),
                    self.new_at(name, &["aliases"]),
                );
            }
        }
        for (i, a) in n.aliases.iter().enumerate() {
            if !o.aliases.contains(a) {
                let how = if *a == o.name {
                    format!("`{a}` was renamed to `{name}`, keeping `{a}` as an alias")
                } else {
                    format!("alias `{a}` of `{name}` was added")
                };
                self.push(
                    Rule::AliasAdded,
                    name,
                    how,
                    self.new_at(name, &["aliases", &i.to_string()]),
                );
            }
        }
        let mut text = Vec::new();
        if o.title != n.title {
            text.push("title");
        }
        if o.message != n.message && old_params == new_params {
            text.push("message");
        }
        if o.fix != n.fix {
            text.push("fix");
        }
        if o.description != n.description {
            text.push("description");
        }
        if !text.is_empty() {
            let first = text[0];
            self.push(
                Rule::TextChanged,
                name,
                format!("text of `{name}` changed: {}", text.join(", ")),
                self.new_at(name, &[first]),
            );
        }
        let dep = |e: &CatalogError| {
            e.deprecated
                .as_ref()
                .map(|d| (d.since.clone(), d.replaced_by.clone(), d.note.clone()))
        };
        match (dep(o), dep(n)) {
            (None, Some((_, replaced_by, _))) => {
                let instead = replaced_by
                    .map(|r| format!("; use `{r}`"))
                    .unwrap_or_default();
                self.push(
                    Rule::DeprecationChanged,
                    name,
                    format!("`{name}` is now deprecated{instead}"),
                    self.new
                        .shift(self.new.locations.error_key(name, &["deprecated"])),
                );
            }
            (Some(_), None) => {
                self.push(
                    Rule::DeprecationChanged,
                    name,
                    format!("`{name}` is no longer deprecated"),
                    self.new_at(name, &[]),
                );
            }
            (Some(a), Some(b)) if a != b => {
                self.push(
                    Rule::DeprecationChanged,
                    name,
                    format!("the deprecation of `{name}` changed"),
                    self.new
                        .shift(self.new.locations.error_key(name, &["deprecated"])),
                );
            }
            _ => {}
        }
    }

    /// Tombstones of the old catalog stay; new ones for errors the old catalog did not have are
    /// compatible (errors the old catalog had are reported with them).
    fn retired(&mut self) {
        let (old, new) = (self.old.catalog, self.new.catalog);
        let old_codes: BTreeSet<&Code> =
            old.errors.iter().filter_map(|e| e.code.as_ref()).collect();
        for r in &old.retired {
            if self.ni.retired.contains_key(r.name.as_str()) {
                continue;
            }
            // A live error of that name is `tombstone-reused`, reported with the errors.
            if self.ni.errors.contains_key(r.name.as_str()) {
                continue;
            }
            let old_at = self.old.shift(self.old.locations.retired(&r.name));
            let d = self.push(
                Rule::TombstoneRemoved,
                &r.name,
                format!(
                    "retired error `{}`{} was removed from `retired:`",
                    r.name,
                    code_text(&r.code)
                ),
                None,
            );
            add_old(d, old_at, "the tombstone");
            d.help = Some("keep tombstones: lookups of the old code and name answer with them, and they keep both from being reused".into());
        }
        for r in &new.retired {
            let known = self.oi.retired.contains_key(r.name.as_str())
                || self.oi.errors.contains_key(r.name.as_str())
                || r.code.as_ref().is_some_and(|c| old_codes.contains(c));
            if !known {
                let at = self.new.shift(self.new.locations.retired(&r.name));
                self.push(
                    Rule::ErrorRetired,
                    &r.name,
                    format!("tombstone for `{}`{} was added", r.name, code_text(&r.code)),
                    at,
                );
            }
        }
    }

    fn reserved(&mut self) {
        let key = |r: &Reserved| (r.code.clone(), r.codes, r.name.clone());
        let old: BTreeSet<_> = self.old.catalog.reserved.iter().map(key).collect();
        let new: BTreeSet<_> = self.new.catalog.reserved.iter().map(key).collect();
        for (i, r) in self.new.catalog.reserved.iter().enumerate() {
            if !old.contains(&key(r)) {
                let at = self.new.shift(self.new.locations.reserved(i));
                self.push(
                    Rule::ReservationChanged,
                    "",
                    format!("{} now reserved", reserved_what(r)),
                    at,
                );
            }
        }
        for r in &self.old.catalog.reserved {
            if !new.contains(&key(r)) {
                self.push(
                    Rule::ReservationChanged,
                    "",
                    format!("{} no longer reserved", reserved_what(r)),
                    None,
                );
            }
        }
    }

    fn header(&mut self) {
        let (old, new) = (self.old.catalog, self.new.catalog);
        for (field, changed) in [
            ("title", old.title != new.title),
            ("description", old.description != new.description),
        ] {
            if changed {
                let at = self.new.shift(self.new.locations.header(field));
                self.push(
                    Rule::TextChanged,
                    "",
                    format!("the catalog's {field} changed"),
                    at,
                );
            }
        }
    }
}

fn add_old(d: &mut Diagnostic, at: Option<At>, note: &str) {
    if let Some((file, span)) = at {
        let taken = std::mem::replace(d, Diagnostic::note(d.rule, ""));
        *d = taken.also(file, span, note);
    }
}

fn show<T: std::fmt::Display>(v: &Option<T>) -> String {
    v.as_ref().map_or("none".to_owned(), |v| v.to_string())
}

fn type_name(ty: crate::model::ParamType) -> &'static str {
    use crate::model::ParamType;
    match ty {
        ParamType::String => "string",
        ParamType::Integer => "integer",
        ParamType::Number => "number",
        ParamType::Boolean => "boolean",
    }
}

fn reserved_what(r: &Reserved) -> String {
    match (&r.code, r.codes, &r.name) {
        (Some(c), _, _) => format!("code {c} is"),
        (_, Some((lo, hi)), _) => format!("codes {lo} to {hi} are"),
        (_, _, Some(n)) => format!("name `{n}` is"),
        _ => "nothing is".into(),
    }
}
