//! Rule levels: the defaults from [`Rule`], then the command line (`--allow`, `--deny`), then
//! the catalog's `rules:` map, then an error's own `allow:` list, as rustc ranks lint flags
//! below attributes in the source. `--deny warnings` turns whatever is left at `warn` into an
//! error. Only configurable rules move; the rest keep their default.

use super::place::{On, Place};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model;
use crate::rule::{Level, Rule};
use crate::structure::nearest;
use std::collections::HashMap;

/// Rule levels given on the command line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleFlags {
    /// `--allow RULE` and `--deny RULE`, in order; a later flag for the same rule wins.
    pub levels: Vec<(Rule, Level)>,
    /// `--deny warnings`.
    pub deny_warnings: bool,
}

/// Why a rule id given by a user cannot be used, when it cannot.
pub fn rule_problem(id: &str) -> Option<String> {
    match Rule::from_id(id) {
        Some(r) if r.configurable() => None,
        Some(r) if r.doc().starts_with("`diff`: ") => Some(format!(
            "rule `{id}` is a catalog change that `errcat diff` classifies, not a check: it has no level to configure"
        )),
        Some(r) => Some(format!(
            "rule `{id}` cannot be configured: errcat cannot generate a catalog in which {}",
            lowercase_first(r.doc())
        )),
        None => {
            let configurable: Vec<String> = Rule::ALL
                .iter()
                .filter(|r| r.configurable())
                .map(|r| r.id().to_owned())
                .collect();
            Some(match nearest(id, &configurable) {
                Some(best) => format!("unknown rule `{id}`; did you mean `{best}`?"),
                None => format!(
                    "unknown rule `{id}`; configurable rules: {}",
                    configurable
                        .iter()
                        .map(|r| format!("`{r}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            })
        }
    }
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_lowercase().chain(c).collect())
        .unwrap_or_default()
}

/// The levels in force for one catalog.
#[derive(Debug, Default)]
pub(crate) struct Levels {
    catalog: HashMap<Rule, Level>,
    per_error: HashMap<String, Vec<Rule>>,
}

impl Levels {
    /// Reads the header's `rules:` map, reporting unknown or unconfigurable rules.
    pub fn catalog(
        &mut self,
        diags: &mut Vec<Diagnostic>,
        rules: &std::collections::BTreeMap<String, model::LevelDef>,
        header: &Place,
    ) {
        let place = header.child("rules");
        for (id, level) in rules {
            if let Some(problem) = rule_problem(id) {
                diags.push(
                    Diagnostic::error(Rule::UnknownRule, problem)
                        .on(place.key(id))
                        .help("`rules:` sets the level of configurable rules: see `errcat rules`"),
                );
                continue;
            }
            let level = match level {
                model::LevelDef::Allow => Level::Allow,
                model::LevelDef::Warn => Level::Warn,
                model::LevelDef::Deny => Level::Deny,
            };
            if let Some(r) = Rule::from_id(id) {
                self.catalog.insert(r, level);
            }
        }
    }

    /// Reads an error's `allow:` list, reporting unknown or unconfigurable rules.
    pub fn error(&mut self, diags: &mut Vec<Diagnostic>, e: &model::ErrorDef, place: &Place) {
        let list = place.child("allow");
        for (i, id) in e.allow.iter().enumerate() {
            if let Some(problem) = rule_problem(id) {
                diags.push(
                    Diagnostic::error(Rule::UnknownRule, problem)
                        .on(list.value(&i.to_string()))
                        .help("`allow:` lists configurable rules not reported for this error: see `errcat rules`")
                        .about(&e.name),
                );
            } else if let Some(r) = Rule::from_id(id) {
                self.per_error.entry(e.name.clone()).or_default().push(r);
            }
        }
    }

    /// The level of `rule` for a diagnostic about `subject`.
    fn level(&self, rule: Rule, subject: Option<&str>, flags: &RuleFlags) -> Level {
        if subject
            .and_then(|s| self.per_error.get(s))
            .is_some_and(|rules| rules.contains(&rule))
        {
            return Level::Allow;
        }
        let level = self.catalog.get(&rule).copied().unwrap_or_else(|| {
            flags
                .levels
                .iter()
                .rev()
                .find(|(r, _)| *r == rule)
                .map_or(rule.default_level(), |(_, l)| *l)
        });
        if level == Level::Warn && flags.deny_warnings {
            Level::Deny
        } else {
            level
        }
    }

    /// Applies the levels: drops allowed findings and sets the severity of the rest.
    pub fn apply(&self, diags: &mut Vec<Diagnostic>, flags: &RuleFlags) {
        diags.retain_mut(|d| {
            if !d.rule.configurable() {
                if d.severity == Severity::Warning && flags.deny_warnings {
                    d.severity = Severity::Error;
                }
                return true;
            }
            match self.level(d.rule, d.subject.as_deref(), flags) {
                Level::Allow => false,
                Level::Warn => {
                    d.severity = Severity::Warning;
                    true
                }
                Level::Deny => {
                    d.severity = Severity::Error;
                    true
                }
                // Only catalog changes are notes, and those are not configurable.
                Level::Note => {
                    d.severity = Severity::Note;
                    true
                }
            }
        });
    }
}
