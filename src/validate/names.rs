//! Names: snake_case in the catalog, and spellable without collision in every generated
//! language. The identifiers come from [`crate::lang`], the same functions the targets print
//! with, so the name that is checked here is the name that is generated.

use super::place::{At, On};
use crate::diagnostic::Diagnostic;
use crate::lang::{self, NameKind};
use crate::rule::Rule;
use std::collections::HashMap;

/// Reports a name that is not snake_case. Returns whether it is.
pub(crate) fn check_snake(diags: &mut Vec<Diagnostic>, s: &str, kind: NameKind, at: At) -> bool {
    if lang::is_catalog_name(s) {
        return true;
    }
    let what = kind.describe();
    let suggestion = heck::ToSnakeCase::to_snake_case(s);
    let mut d = Diagnostic::error(Rule::BadName, format!("{what} `{s}` is not snake_case")).on(at);
    d = if lang::is_catalog_name(&suggestion) {
        d.help(format!("write it as `{suggestion}`"))
    } else {
        d.help("use lowercase letters, digits and single underscores")
    };
    diags.push(d);
    false
}

/// A name of one kind and where it is defined.
pub(crate) struct Named<'a> {
    pub name: &'a str,
    pub at: At,
    /// The error the name belongs to, for a parameter or the error itself.
    pub subject: Option<&'a str>,
}

/// Reports every name of `kind` that a language refuses, and every two names of `kind` that a
/// language spells alike. `scope` groups names that share a namespace (all errors; the
/// parameters of one error).
pub(crate) fn check_identifiers(diags: &mut Vec<Diagnostic>, kind: NameKind, names: &[Named]) {
    let (owners, what) = kind.owners();
    let help =
        format!("rename one of the {owners} so the {what} differ by more than underscores or case");
    let spell = |language: &dyn lang::Language, name: &str| {
        if let Some(why) = language.refusal(kind, name) {
            return Err(why);
        }
        Ok(language.ident(kind, name))
    };
    check_spellings(diags, kind, names, ("", &help), &spell, &|_, _| false);
}

/// Reports every two errors of the catalog `catalog` whose classes a language spells alike
/// ([`lang::Language::error_class`]), unless [`check_identifiers`] reports the two already.
pub(crate) fn check_error_classes(diags: &mut Vec<Diagnostic>, catalog: &str, names: &[Named]) {
    let reported = |a: &str, b: &str| {
        lang::all().iter().any(|l| {
            let ident = |n| l.ident(NameKind::Error, n);
            ident(a).is_some() && ident(a) == ident(b)
        })
    };
    check_spellings(
        diags,
        NameKind::Error,
        names,
        (
            "the class ",
            "rename one of the errors so their classes differ",
        ),
        &|language, name| Ok(language.error_class(catalog, name)),
        &reported,
    );
}

/// What a language makes of one name: its identifier (or none), or why it cannot spell it.
type Spell<'a> = dyn Fn(&dyn lang::Language, &str) -> Result<Option<String>, String> + 'a;

/// The work of [`check_identifiers`] and [`check_error_classes`]: `noun` words what the
/// identifier is (`the class `), `help` is the rename hint, `reported` says whether two names
/// already collide elsewhere.
fn check_spellings(
    diags: &mut Vec<Diagnostic>,
    kind: NameKind,
    names: &[Named],
    (noun, help): (&str, &str),
    spell: &Spell,
    reported: &dyn Fn(&str, &str) -> bool,
) {
    for language in lang::all() {
        let mut seen: HashMap<String, &Named> = HashMap::with_capacity(names.len());
        for n in names {
            if !lang::is_catalog_name(n.name) {
                continue;
            }
            let ident = match spell(*language, n.name) {
                Err(why) => {
                    let mut d = Diagnostic::error(
                        Rule::UnspellableName,
                        format!(
                            "{} `{}` cannot be spelled in {}",
                            kind.describe(),
                            n.name,
                            language.name()
                        ),
                    )
                    .on(n.at)
                    .help(format!("{why}; start the name with a letter"));
                    if let Some(s) = n.subject {
                        d = d.about(s);
                    }
                    diags.push(d);
                    continue;
                }
                Ok(None) => continue,
                Ok(Some(ident)) => ident,
            };
            match seen.get(&ident) {
                Some(first) if first.name != n.name && !reported(first.name, n.name) => {
                    let mut d = Diagnostic::error(
                        Rule::NameCollision,
                        format!(
                            "{}s `{}` and `{}` both become {noun}`{ident}` in {}",
                            kind.describe(),
                            first.name,
                            n.name,
                            language.name()
                        ),
                    )
                    .on(n.at)
                    .also_on(first.at, &format!("`{}` defined here", first.name))
                    .help(help);
                    if let Some(s) = n.subject {
                        d = d.about(s);
                    }
                    diags.push(d);
                }
                Some(_) => {}
                None => {
                    seen.insert(ident, n);
                }
            }
        }
    }
}
