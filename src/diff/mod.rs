//! `errcat diff`: an old catalog against a new one. Every difference is classified as breaking
//! or compatible for clients (the rule of each change says which), located in the new catalog,
//! and summed up as the smallest semantic-version bump of `catalog.version` that the changes
//! need. [`compare`] finds the changes, [`git`] reads a side from a git revision, [`changelog`]
//! writes them as a changelog section.

pub mod changelog;
pub mod compare;
pub mod git;
mod wire;

use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::{Level, Rule};
pub use compare::Side;

/// A semantic-version bump, smallest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    None,
    Patch,
    Minor,
    Major,
}

impl Bump {
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// Whether a change breaks clients.
pub fn is_breaking(rule: Rule) -> bool {
    rule.default_level() == Level::Deny
}

/// The changes between two catalogs and the version advice.
#[derive(Debug)]
pub struct Report {
    /// Sorted by place in the new catalog. Breaking changes are errors, compatible ones notes;
    /// [`Report::settle`] turns breaking changes into warnings when they fail nothing.
    pub changes: Vec<Diagnostic>,
    pub old_version: String,
    pub new_version: String,
    /// The smallest bump the changes need: major for a breaking change, minor for an addition
    /// (an error, alias, tombstone, reservation or deprecation), patch for text. Versions below
    /// 1.0.0 are read the same way.
    pub required: Bump,
    /// The bump from the old version to the new one (`None` also when the version went down).
    pub actual: Bump,
    /// Why `required` is what it is: the first change that needs it.
    pub reason: Option<String>,
}

/// When `errcat diff` fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// Never: the report only.
    Nothing,
    /// A breaking change without the version bump it needs.
    Breaking,
    /// Any breaking change, whatever the version says.
    AnyBreaking,
}

impl Report {
    /// Compares two valid catalogs.
    pub fn new(old: &Side, new: &Side) -> Report {
        let changes = compare::changes(old, new);
        let need = |rule: Rule| match rule {
            _ if is_breaking(rule) => Bump::Major,
            Rule::TextChanged => Bump::Patch,
            _ => Bump::Minor,
        };
        let mut required = Bump::None;
        let mut reason = None;
        for d in &changes {
            let b = need(d.rule);
            if b > required {
                required = b;
                reason = Some(format!("`{}`: {}", d.rule, d.message));
            }
        }
        Report {
            actual: bump(&old.catalog.version, &new.catalog.version),
            old_version: old.catalog.version.clone(),
            new_version: new.catalog.version.clone(),
            changes,
            required,
            reason,
        }
    }

    pub fn breaking(&self) -> usize {
        self.changes.iter().filter(|d| is_breaking(d.rule)).count()
    }

    pub fn compatible(&self) -> usize {
        self.changes.len() - self.breaking()
    }

    /// Whether the run fails under `fail_on`.
    pub fn fails(&self, fail_on: FailOn) -> bool {
        match fail_on {
            FailOn::Nothing => false,
            FailOn::Breaking => self.breaking() > 0 && self.actual < self.required,
            FailOn::AnyBreaking => self.breaking() > 0,
        }
    }

    /// Breaking changes are errors when they fail the run, warnings otherwise.
    pub fn settle(&mut self, fail_on: FailOn) {
        let fails = self.fails(fail_on);
        for d in &mut self.changes {
            if is_breaking(d.rule) {
                d.severity = if fails {
                    Severity::Error
                } else {
                    Severity::Warning
                };
            }
        }
    }

    /// One line on the versions: `version 1.4.0 → 1.5.0 (minor); the changes need a major bump`.
    pub fn version_line(&self) -> String {
        let mut line = format!(
            "version {} → {} ({})",
            self.old_version,
            self.new_version,
            match self.actual {
                Bump::None if went_down(&self.old_version, &self.new_version) => {
                    "lower than before".to_owned()
                }
                Bump::None => "not bumped".to_owned(),
                b => format!("{} bump", b.as_str()),
            }
        );
        match (self.required, &self.reason) {
            (Bump::None, _) | (_, None) => line.push_str("; no change needs a bump"),
            (b, Some(why)) => {
                let enough = if self.actual >= b { "" } else { " at least" };
                line.push_str(&format!(
                    "; the changes need{enough} a {} bump ({why})",
                    b.as_str()
                ));
            }
        }
        line
    }
}

fn went_down(old: &str, new: &str) -> bool {
    matches!(
        (semver::Version::parse(old), semver::Version::parse(new)),
        (Ok(o), Ok(n)) if n < o
    )
}

/// The bump from `old` to `new`; `None` when they are equal, unparsable or going down.
fn bump(old: &str, new: &str) -> Bump {
    let (Ok(o), Ok(n)) = (semver::Version::parse(old), semver::Version::parse(new)) else {
        return Bump::None;
    };
    if n <= o {
        return Bump::None;
    }
    if n.major > o.major {
        Bump::Major
    } else if n.minor > o.minor {
        Bump::Minor
    } else {
        Bump::Patch
    }
}
