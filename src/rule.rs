//! Every rule errcat reports: its id, default level, whether a catalog may configure it, and a
//! one-line doc. This table is the only place rule ids are spelled; `errcat rules` prints it,
//! and the README's rule table is checked against that output.

use std::fmt;

/// How a rule's findings are treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Not reported.
    Allow,
    /// Reported; the run still succeeds.
    Warn,
    /// Reported as an error; the run fails.
    Deny,
    /// Reported for information; never fails a run (compatible catalog changes).
    Note,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Allow => "allow",
            Level::Warn => "warn",
            Level::Deny => "deny",
            Level::Note => "note",
        }
    }
}

macro_rules! rules {
    ($( $(#[$meta:meta])* $variant:ident = $id:literal, $level:ident, $configurable:literal, $doc:literal; )*) => {
        /// A rule: one kind of problem errcat can report.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $( $(#[$meta])* $variant, )*
        }

        impl Rule {
            /// Every rule, in the order of the README's table.
            pub const ALL: &'static [Rule] = &[ $( Rule::$variant, )* ];

            /// The rule's id in diagnostics, `--format json`, `rules:` and `--allow`.
            pub const fn id(self) -> &'static str {
                match self { $( Rule::$variant => $id, )* }
            }

            /// The level a rule has unless configured.
            pub const fn default_level(self) -> Level {
                match self { $( Rule::$variant => Level::$level, )* }
            }

            /// Whether `rules:`, `allow:` and `--allow`/`--deny` may change the rule's level.
            /// Rules whose findings leave no usable catalog cannot be allowed.
            pub const fn configurable(self) -> bool {
                match self { $( Rule::$variant => $configurable, )* }
            }

            /// One line saying what the rule finds.
            pub const fn doc(self) -> &'static str {
                match self { $( Rule::$variant => $doc, )* }
            }
        }
    };
}

rules! {
    // Reading files.
    IoError = "io-error", Deny, false, "a catalog, template or output file cannot be read or written";
    ConfigError = "config-error", Deny, false, "`errcat.toml` cannot be read, is not valid TOML, or has an unknown key or a wrong value";
    InvalidUtf8 = "invalid-utf8", Deny, false, "a catalog file is not valid UTF-8";
    EmptyFile = "empty-file", Deny, false, "a catalog file holds no YAML document";
    YamlSyntax = "yaml-syntax", Deny, false, "a catalog file is not valid YAML";
    UnsupportedYaml = "unsupported-yaml", Deny, false, "valid YAML a catalog cannot use: a second document, a tag outside the core set, an alias inside the value it names";
    LineTooLong = "line-too-long", Deny, false, "a line is longer than `--max-line-length`";
    LimitExceeded = "limit-exceeded", Deny, false, "input breaches one of the `--max-*` limits";
    // Structure.
    UnknownKey = "unknown-key", Deny, false, "a key the catalog format does not have";
    MissingKey = "missing-key", Deny, false, "a required key is missing";
    WrongType = "wrong-type", Deny, false, "a value has the wrong type, e.g. a list where text belongs";
    WrongValue = "wrong-value", Deny, false, "a value is not one of the allowed ones";
    InvalidStructure = "invalid-structure", Deny, false, "the file does not have the shape of a catalog file";
    UnsupportedVersion = "unsupported-version", Deny, false, "`errcat:` names a format version this errcat does not read";
    // The header.
    MissingHeader = "missing-header", Deny, false, "no file declares the `catalog:` header";
    DuplicateHeader = "duplicate-header", Deny, false, "more than one file declares the `catalog:` header";
    BadVersion = "bad-version", Deny, false, "a version is not a semantic version";
    BadDocsUrl = "bad-docs-url", Deny, false, "`docs_url` has an unknown placeholder, `{code}` without codes, a stray brace, or text no URI may hold";
    UnknownRule = "unknown-rule", Deny, false, "`rules:`, `allow:`, `--allow` or `--deny` names a rule that does not exist or cannot be configured";
    // Names.
    BadName = "bad-name", Deny, false, "a name is not snake_case";
    UnspellableName = "unspellable-name", Deny, false, "a name that a generated language cannot spell";
    NameCollision = "name-collision", Deny, false, "two names become the same identifier in a generated language";
    DuplicateName = "duplicate-name", Deny, false, "two errors, aliases, retired errors or reserved names have the same name";
    DuplicateCategory = "duplicate-category", Deny, false, "two categories have the same id";
    UnknownCategory = "unknown-category", Deny, false, "an error names a category that is not defined";
    // Codes and statuses.
    BadCode = "bad-code", Deny, false, "a code is out of range, empty, or written so that YAML reads it as something else";
    DuplicateCode = "duplicate-code", Deny, false, "two errors or retired errors have the same code, or a code is reserved twice";
    MixedCodeKinds = "mixed-code-kinds", Deny, false, "the catalog mixes integer and string codes";
    MissingCode = "missing-code", Deny, false, "some errors have codes and this one has none";
    BadCodeRange = "bad-code-range", Deny, false, "a code range (a category's or a reserved one) is empty";
    CodeOutOfRange = "code-out-of-range", Deny, false, "a code lies outside its category's range";
    OverlappingRanges = "overlapping-ranges", Deny, false, "two categories' code ranges overlap";
    BadHttpStatus = "bad-http-status", Deny, false, "an HTTP status is not between 100 and 599";
    BadGrpcStatus = "bad-grpc-status", Deny, false, "a gRPC status is not one of the 17 canonical codes";
    // Messages.
    BadPlaceholder = "bad-placeholder", Deny, false, "a message has an unclosed or malformed `{placeholder}`";
    UndeclaredParam = "undeclared-param", Deny, false, "a message placeholder is not declared in `params`";
    UnusedParam = "unused-param", Deny, true, "a declared parameter is never used in the message";
    MissingFix = "missing-fix", Warn, true, "an error has no `fix` telling the caller what to do";
    DuplicateMessage = "duplicate-message", Warn, true, "two errors have the same message text, so a reader cannot tell them apart";
    RetryableMismatch = "retryable-mismatch", Warn, true, "HTTP 429 or 503 without `retryable: true`, or a validation error (HTTP 400 or 422) with it";
    // The wire: occurrence fields and the envelope.
    BadFieldType = "bad-field-type", Deny, false, "an occurrence field's `type` is not a field type such as `string` or `optional<list<string>>`";
    DuplicateField = "duplicate-field", Deny, false, "two fields or params of one error share a name, or two members of one body object share a wire name";
    UnknownReference = "unknown-reference", Deny, false, "an envelope names a `$reference` that does not exist or has no value in this catalog";
    BadEnvelope = "bad-envelope", Deny, false, "an envelope's body, `fields` path or `identify` list cannot describe a response body";
    AmbiguousIdentification = "ambiguous-identification", Deny, false, "two errors' response bodies cannot be told apart by the envelope's `identify` members";
    // Lifecycle: deprecation, retired errors, reserved codes and names.
    BadReplacement = "bad-replacement", Deny, false, "an error is replaced by itself, or a retired error has both `replaced_by` and `merged_into`";
    UnknownReplacement = "unknown-replacement", Deny, false, "`replaced_by` or `merged_into` names an error that does not exist";
    DeprecatedWithoutReplacement = "deprecated-without-replacement", Warn, true, "a deprecated error has no `replaced_by`";
    ReplacementChain = "replacement-chain", Deny, true, "`replaced_by` or `merged_into` names a deprecated or retired error (a chain), or replacements form a cycle";
    BadReserved = "bad-reserved", Deny, false, "a `reserved:` entry does not have exactly one of `code`, `codes` and `name`";
    RetiredReused = "retired-reused", Deny, false, "a live error or an alias takes the code or name of a retired error";
    ReservedUsed = "reserved-used", Deny, true, "an error, alias or retired error takes a reserved code or name, or a code inside a reserved range";
    // Generating.
    TemplateError = "template-error", Deny, false, "a template fails to load or render";
    OutputConflict = "output-conflict", Deny, false, "errcat would overwrite or delete a file it did not write";
    WriteError = "write-error", Deny, false, "an output file cannot be written";
    StaleFile = "stale-file", Deny, false, "with `--check`: a generated file is missing, differs, or is no longer generated";
    // Catalog changes, as `errcat diff` classifies them: `deny` is breaking, `note` compatible.
    ErrorRemoved = "error-removed", Deny, false, "`diff`: an error is gone without a tombstone (`retired:`) or an alias keeping its name";
    CodeChanged = "code-changed", Deny, false, "`diff`: an error's name moved to another code";
    NameChanged = "name-changed", Deny, false, "`diff`: a code now has another name, and the old name is not an alias";
    TombstoneReused = "tombstone-reused", Deny, false, "`diff`: an error takes a code or name that was retired or reserved";
    TombstoneRemoved = "tombstone-removed", Deny, false, "`diff`: a retired error is gone, so its code or name may be reused";
    HttpStatusChanged = "http-status-changed", Deny, false, "`diff`: an error's HTTP status changed, was added or was removed";
    GrpcStatusChanged = "grpc-status-changed", Deny, false, "`diff`: an error's gRPC status changed, was added or was removed";
    CategoryChanged = "category-changed", Deny, false, "`diff`: an error moved to another category";
    ParamRemoved = "param-removed", Deny, false, "`diff`: a message parameter was removed or renamed";
    ParamAdded = "param-added", Deny, false, "`diff`: a message parameter was added (callers must pass it)";
    ParamTypeChanged = "param-type-changed", Deny, false, "`diff`: a message parameter's type changed";
    FieldRemoved = "field-removed", Deny, false, "`diff`: an occurrence field of an error was removed or renamed";
    FieldChanged = "field-changed", Deny, false, "`diff`: an occurrence field's type or wire name changed";
    RequiredFieldAdded = "required-field-added", Deny, false, "`diff`: an occurrence field that is not `optional<...>` was added (old bodies lack it)";
    EnvelopeChanged = "envelope-changed", Deny, false, "`diff`: a response body member, the place of the fields or the identification changed or went away, so old parsers fail";
    RetryableChanged = "retryable-changed", Deny, false, "`diff`: an error's `retryable` flipped";
    AliasRemoved = "alias-removed", Deny, false, "`diff`: an alias was removed";
    ErrorAdded = "error-added", Note, false, "`diff`: an error was added";
    AliasAdded = "alias-added", Note, false, "`diff`: an alias was added (also a rename that keeps the old name)";
    OptionalFieldAdded = "optional-field-added", Note, false, "`diff`: an `optional<...>` occurrence field was added";
    EnvelopeExtended = "envelope-extended", Note, false, "`diff`: the response body gained members, which old parsers ignore";
    ErrorRetired = "error-retired", Note, false, "`diff`: an error was retired with a tombstone";
    ReservationChanged = "reservation-changed", Note, false, "`diff`: a reserved code, range or name was added or removed";
    TextChanged = "text-changed", Note, false, "`diff`: a title, message wording (same parameters), fix, description or catalog text changed";
    DeprecationChanged = "deprecation-changed", Note, false, "`diff`: a deprecation was added, changed or removed";
}

impl Rule {
    /// The rule with this id.
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.id() == id)
    }

    /// The README's rule table in Markdown: `errcat rules --markdown` prints it.
    pub fn markdown_table() -> String {
        let mut out =
            String::from("| rule | default | configurable | finds |\n| --- | --- | --- | --- |\n");
        for r in Rule::ALL {
            out.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                r.id(),
                r.default_level().as_str(),
                if r.configurable() { "yes" } else { "no" },
                r.doc().replace('|', "\\|")
            ));
        }
        out
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case() {
        let mut ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
        for id in &ids {
            assert!(
                id.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{id}"
            );
        }
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "a rule id is listed twice");
    }

    #[test]
    fn only_configurable_rules_default_below_deny() {
        for r in Rule::ALL {
            assert!(
                r.configurable() || matches!(r.default_level(), Level::Deny | Level::Note),
                "{r}"
            );
        }
    }

    #[test]
    fn only_catalog_changes_are_notes() {
        for r in Rule::ALL {
            if r.default_level() == Level::Note {
                assert!(r.doc().starts_with("`diff`: "), "{r}");
            }
        }
    }
}
