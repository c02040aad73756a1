//! Parser errors in a catalog author's words.
//!
//! serde-saphyr's messages are written for the Rust programmer calling it ("use
//! from_str_multiple", "set ignore_binary_tag_for_string in Options", "rejected by the configured
//! policy"). Every error it can return is matched here by its kind, not by its text, and becomes
//! a rule id, a message and a hint about the catalog file; no text of the parser reaches a user.
//! Valid YAML that a catalog cannot use (a second document, a tag, a recursive alias) is
//! `unsupported-yaml`, so its hint never says to fix the syntax.

use super::{LimitHit, Limits, SyntaxError};
use crate::rule::Rule;
use crate::source::Span;
use serde_saphyr::Error as E;
use serde_saphyr::budget::BudgetBreach as B;
use serde_saphyr::granit_parser::ErrorKind as K;

/// Marks a tag rejected by errcat's own node visitor, so the error can be told from others.
pub(super) const TAG_MARKER: &str = "errcat: unsupported tag ";

/// The tags of the YAML core schema: they only say which kind of plain value a node is.
pub(super) fn is_core_tag(tag: &str) -> bool {
    matches!(
        tag.strip_prefix("tag:yaml.org,2002:"),
        Some("str" | "int" | "float" | "bool" | "null" | "seq" | "map")
    )
}

/// Describes a parser error: which rule, what went wrong and how to fix it, at `span`.
pub(super) fn describe(err: &E, text: &str, span: Span, limits: &Limits) -> SyntaxError {
    let mut err = err;
    while let E::WithSnippet { error, .. } | E::AliasError { error, .. } = err {
        err = error;
    }
    if let Some((message, limit)) = limit_hit(err, limits) {
        return SyntaxError {
            rule: Rule::LimitExceeded,
            help: format!(
                "if the catalog is trusted, raise the limit with `{} N` (`LoadOptions::{}`)",
                limit.flag, limit.field
            ),
            message,
            span,
            limit: Some(limit),
        };
    }
    let syntax = |message: String, help: &str| SyntaxError {
        rule: Rule::YamlSyntax,
        message,
        help: help.to_owned(),
        span,
        limit: None,
    };
    let unsupported = |message: String, help: &str, span: Span| SyntaxError {
        rule: Rule::UnsupportedYaml,
        message,
        help: help.to_owned(),
        span,
        limit: None,
    };
    let tag = |name: Option<String>| {
        let (span, name) = match (tag_before(text, span.offset), name) {
            (Some((at, found)), name) => (
                Span::at(text, at, found.len()),
                name.unwrap_or_else(|| found.to_owned()),
            ),
            (None, Some(name)) => (span, name),
            (None, None) => (span, "this tag".to_owned()),
        };
        let name = shorthand(&name);
        if is_core_tag(&format!(
            "tag:yaml.org,2002:{}",
            name.trim_start_matches("!!")
        )) {
            // A core tag on a value of another kind (`!!int abc`): the YAML is wrong.
            return SyntaxError {
                rule: Rule::YamlSyntax,
                message: format!("the value does not match its YAML tag `{name}`"),
                help: format!("remove the tag, or write a value that `{name}` allows"),
                span,
                limit: None,
            };
        }
        unsupported(
            format!("the YAML tag `{name}` is not supported in a catalog"),
            "remove the tag: catalog values are plain text, numbers, booleans, lists and mappings",
            span,
        )
    };
    match err {
        E::ExternalMessage { source, .. } => match source.as_ref() {
            serde_saphyr::ExternalMessageSource::Parser(scan) => {
                scan_error(scan.kind(), text, span)
            }
            _ => syntax(
                "this YAML cannot be read".into(),
                "check the YAML at this position",
            ),
        },
        E::MultipleDocuments { .. } => unsupported(
            "a second YAML document starts here; a catalog file holds one document".into(),
            "remove the `---` (or `...`) line, or move the second document into a file of its own in the catalog directory",
            document_start(text, span),
        ),
        E::RecursiveReferencesRequireWeakTypes { .. } => unsupported(
            format!(
                "the alias `{}` refers to a value that contains it, so the value would never end",
                token_at(text, span.offset)
            ),
            "a catalog value cannot contain itself; write out the values the alias should repeat",
            span,
        ),
        E::UnknownAnchor { .. } => {
            let alias = token_at(text, span.offset);
            let name = alias.trim_start_matches('*');
            syntax(
                format!("the alias `{alias}` names no anchor defined above it"),
                &format!(
                    "define the anchor with `&{name}` on a value before this line, or fix the name"
                ),
            )
        }
        E::UnsupportedTag { tag: name, .. } => tag(Some(name.clone())),
        E::Message { msg, .. } if msg.starts_with(TAG_MARKER) => {
            tag(Some(msg[TAG_MARKER.len()..].to_owned()))
        }
        E::BinaryNotUtf8 { .. }
        | E::InvalidBinaryBase64 { .. }
        | E::TaggedScalarCannotDeserializeIntoString { .. }
        | E::InvalidBooleanStrict { .. }
        | E::InvalidScalar { .. } => tag(None),
        E::MergeValueNotMapOrSeqOfMaps { .. } => syntax(
            "`<<` can only merge a mapping, or a list of mappings, into this mapping".into(),
            "write `<<: *name`, where `&name` marks a mapping",
        ),
        E::DuplicateMappingKey { key, .. } => syntax(
            match key {
                Some(k) => format!("the key `{k}` appears twice in this mapping"),
                None => "a key appears twice in this mapping".into(),
            },
            "keep one of the two entries",
        ),
        E::NonFiniteFloat { value, .. } => syntax(
            format!("`{value}` is not a finite number"),
            "write a finite number, or quote the value to keep it as text",
        ),
        E::Eof { .. } => syntax(
            "the file ends in the middle of a value".into(),
            "complete the value, or remove the unfinished line",
        ),
        _ => syntax(
            "this YAML cannot be read".into(),
            "check the YAML at this position",
        ),
    }
}

/// A scanner or parser error of the YAML text itself.
fn scan_error(kind: &K, text: &str, span: Span) -> SyntaxError {
    let span = match kind {
        K::TabNotAllowed | K::TabInBlockIndentation | K::TabInIndentation => {
            at_offending_tab(text, span)
        }
        _ => span,
    };
    let (message, help): (String, &str) = match kind {
        K::UnclosedFlowCollection { open } => (
            format!(
                "the {} opened with `{open}` is never closed",
                if *open == '[' { "list" } else { "mapping" }
            ),
            if *open == '[' {
                "add the closing `]`"
            } else {
                "add the closing `}`"
            },
        ),
        K::UnexpectedEofFlowSequence => (
            "the list opened with `[` is never closed".into(),
            "add the closing `]`",
        ),
        K::UnexpectedEofFlowMapping | K::UnexpectedEofImplicitFlowMapping => (
            "the mapping opened with `{` is never closed".into(),
            "add the closing `}`",
        ),
        K::UnexpectedEofBlockSequence | K::UnexpectedEofBlockMapping | K::UnexpectedEof => (
            "the file ends in the middle of a value".into(),
            "complete the value, or remove the unfinished line",
        ),
        K::MisplacedFlowCollectionEnd => (
            "this closing bracket has no opening bracket".into(),
            "remove it, or add the opening `[` or `{`",
        ),
        K::MismatchedFlowCollectionEnd { open, close } => (
            format!("`{open}` is closed by `{close}`"),
            "close `[` with `]` and `{` with `}`",
        ),
        K::ExpectedFlowMappingSeparator => (
            "expected `,` or `}` here, inside a mapping written with `{ }`".into(),
            "separate the entries with `,` and close the mapping with `}`; quote text that contains `,` or `:`",
        ),
        K::ExpectedFlowSequenceSeparator => (
            "expected `,` or `]` here, inside a list written with `[ ]`".into(),
            "separate the items with `,` and close the list with `]`; quote text that contains `,`",
        ),
        K::UnclosedQuotedScalar => (
            "this quoted text is never closed".into(),
            "add the closing quote",
        ),
        K::TabNotAllowed | K::TabInBlockIndentation | K::TabInIndentation => (
            "a tab indents this line; YAML indents with spaces only".into(),
            "replace the tab with spaces",
        ),
        K::TabAtBlockScalarStart | K::TabInPlainScalar => (
            "a tab cannot appear here".into(),
            "replace the tab with spaces, or quote the text",
        ),
        K::InvalidIndentation
        | K::InvalidFlowScalarIndent
        | K::InvalidQuotedScalarIndent
        | K::InvalidBlockScalarIndent => (
            "this line is indented differently from the lines around it".into(),
            "indent the entries of one mapping or list by the same number of spaces",
        ),
        K::ExpectedBlockMappingKey => (
            "expected a `key: value` line at this indentation".into(),
            "start the entries of one mapping in the same column",
        ),
        K::MappingValueNotAllowed => (
            "a `:` here would start a mapping where none can start".into(),
            "quote text that contains `: ` (`\"a: b\"`), or check the indentation",
        ),
        K::BlockSequenceEntryNotAllowed | K::BlockEntryInFlowCollection => (
            "a `- ` list entry cannot start here".into(),
            "check the indentation, or quote text that starts with `- `",
        ),
        K::ExpectedBlockSequenceEntry => (
            "expected a `- ` list entry here".into(),
            "start every entry of the list with `- ` in the same column",
        ),
        K::ExpectedNodeContent => (
            "expected a value here".into(),
            "write a value, or quote text that starts with `@`, `` ` ``, `%`, `!`, `&`, `*`, `|` or `>`",
        ),
        K::UnexpectedCharacter { character } if character.is_control() => (
            format!(
                "the control character `{}` cannot appear in YAML text",
                character.escape_unicode()
            ),
            "remove it, or write it as an escape inside double quotes (`\\u001b`)",
        ),
        K::UnexpectedCharacter { character: '`' } => (
            "a backtick (`` ` ``) cannot start a value".into(),
            "quote the text",
        ),
        K::UnexpectedCharacter { character } => (
            format!("`{character}` cannot start a value"),
            "quote the text",
        ),
        K::SimpleKeyExpected | K::InvalidSimpleKey => (
            "expected `:` after this key".into(),
            "write `key: value` on one line, or quote text that spans several lines",
        ),
        K::MappingKeyNotAllowed => (
            "a `? ` key cannot start here".into(),
            "write `key: value`, or quote text that starts with `? `",
        ),
        K::FlowMappingValueAdjacentCollection
        | K::InvalidMappingValueWhitespace
        | K::InvalidColonPlacement => (
            "`:` must be followed by a space here".into(),
            "write `key: value`, or quote text that contains `:`",
        ),
        K::InvalidBlockEntryWhitespace => (
            "`-` must be followed by a space to start a list entry".into(),
            "write `- value`, or quote text that starts with `-`",
        ),
        K::PlainScalarStartsWithDashFlowIndicator | K::UnexpectedEndOfPlainScalar => (
            "unquoted text cannot be written this way".into(),
            "quote the text",
        ),
        K::CommentInterceptedScalar => (
            "a comment interrupts text that continues on the next line".into(),
            "move the comment, or quote the text",
        ),
        K::CommentNotSeparated => (
            "`#` starts a comment only after a space".into(),
            "put a space before `#`, or quote the text",
        ),
        K::ExpectedWhitespace => ("expected a space here".into(), "add a space"),
        K::InvalidTrailingSingleQuotedScalar | K::InvalidTrailingDoubleQuotedScalar => (
            "text follows the closing quote".into(),
            "put the whole value inside the quotes",
        ),
        K::UnknownQuotedScalarEscape
        | K::InvalidQuotedScalarHexEscape
        | K::InvalidLowSurrogateHexEscape
        | K::InvalidLowSurrogate
        | K::MissingLowSurrogate
        | K::UnpairedLowSurrogate
        | K::InvalidUnicodeEscape => (
            "this `\\` escape is not valid in double-quoted text".into(),
            "write `\\\\` for a backslash, or use single quotes, where `\\` is an ordinary character",
        ),
        K::DocumentIndicatorInQuotedScalar => (
            "`---` or `...` at the start of a line ends the document, even inside quotes".into(),
            "indent the line",
        ),
        K::InvalidDocumentEnd => (
            "text follows the `...` end-of-document marker".into(),
            "remove the `...` line",
        ),
        K::BomInsideDocument => (
            "an invisible byte order mark (U+FEFF) appears inside the file".into(),
            "remove the character",
        ),
        K::MissingAnchorOrAliasName => (
            "`&` and `*` must be followed by a name".into(),
            "write `&name` to mark a value and `*name` to repeat it, or quote text that starts with `&` or `*`",
        ),
        K::ZeroBlockScalarIndent | K::InvalidBlockScalarHeader => (
            "this `|` or `>` text block header is not valid".into(),
            "write `|` or `>` (optionally followed by `-` or `+`), then the text on the next lines",
        ),
        K::UnknownAnchor => (
            "this alias names no anchor defined above it".into(),
            "define the anchor with `&name` on a value before this line, or fix the name",
        ),
        K::ExpectedTagBang
        | K::ExpectedTagDirectiveBang
        | K::InvalidGlobalTagCharacter
        | K::InvalidTagTerminator
        | K::MissingTagUri
        | K::UnclosedVerbatimTag
        | K::InvalidTagEscape
        | K::InvalidTagUtf8LeadingByte
        | K::InvalidTagUtf8TrailingByte
        | K::InvalidTagUtf8
        | K::UndeclaredTagHandle => (
            "this YAML tag is not valid".into(),
            "remove the tag: catalog values are plain text, numbers, booleans, lists and mappings",
        ),
        K::DuplicateVersionDirective
        | K::UnsupportedYamlMajorVersion
        | K::DuplicateTagDirective
        | K::ExpectedDocumentStart
        | K::MissingDocumentEndBeforeDirective
        | K::InvalidDirectiveTerminator
        | K::DirectiveDisallowed
        | K::MissingYamlVersionSeparator
        | K::MissingDirectiveName
        | K::InvalidDirectiveName
        | K::YamlVersionTooLong
        | K::MissingYamlVersion
        | K::InvalidTagDirectiveTerminator
        | K::DirectiveByteLimitExceeded { .. }
        | K::TooManyReservedDirectiveParams { .. } => (
            "this `%` directive is not valid here".into(),
            "remove the `%` line: catalog files need no directives",
        ),
        _ => (
            "this YAML cannot be read".into(),
            "check the YAML at this position",
        ),
    };
    SyntaxError {
        rule: Rule::YamlSyntax,
        message,
        help: help.to_owned(),
        span,
        limit: None,
    }
}

/// The scanner reports a tab used as indentation after the tab; point at the tab itself.
fn at_offending_tab(text: &str, span: Span) -> Span {
    if span.column > 1 && span.offset > 0 && text.as_bytes().get(span.offset - 1) == Some(&b'\t') {
        Span {
            offset: span.offset - 1,
            len: 1,
            column: span.column - 1,
            ..span
        }
    } else {
        span
    }
}

/// Describes a breached parser budget in the catalog's terms: what was too big, the limit, and
/// which option raises it.
fn limit_hit(err: &E, limits: &Limits) -> Option<(String, LimitHit)> {
    let hit = |field, flag, value, unit| LimitHit {
        field,
        flag,
        value,
        unit,
    };
    let depth = hit("max_depth", "--max-depth", limits.max_depth, " levels");
    let nodes = hit("max_nodes", "--max-nodes", limits.max_nodes, "");
    let aliases = hit("max_aliases", "--max-aliases", limits.max_aliases, "");
    let expansion = hit(
        "max_alias_events",
        "--max-alias-events",
        limits.max_alias_events,
        " events",
    );
    let scalars = hit(
        "max_file_bytes",
        "--max-file-size",
        limits.max_scalar_bytes,
        " bytes",
    );
    let (what, hit) = match err {
        E::Budget { breach, .. } => match breach {
            B::Depth { .. } => ("nests deeper than", depth),
            B::Events { .. } | B::Nodes { .. } => ("has more YAML values than", nodes),
            B::Aliases { .. } | B::Anchors { .. } => ("has more aliases or anchors than", aliases),
            B::RecordedAnchorEvents { .. } => {
                ("expands aliases into more YAML events than", expansion)
            }
            B::ScalarBytes { .. } | B::RecordedAnchorBytes { .. } => {
                ("has more text in its values than", scalars)
            }
            _ => return None,
        },
        E::AliasReplayLimitExceeded { .. } | E::AliasReplayCounterOverflow { .. } => {
            ("expands aliases into more YAML events than", expansion)
        }
        E::AliasReplayStackDepthExceeded { .. } => ("nests aliases deeper than", depth),
        // The scanner's own cap on flow collections (`[[[…`), which follows `max_depth`.
        E::ExternalMessage { source, .. }
            if matches!(
                source.as_ref(),
                serde_saphyr::ExternalMessageSource::Parser(scan)
                    if matches!(scan.kind(), K::RecursionLimitExceeded)
            ) =>
        {
            ("nests deeper than", depth)
        }
        E::ExternalMessage { source, .. }
            if matches!(
                source.as_ref(),
                serde_saphyr::ExternalMessageSource::Parser(scan)
                    if matches!(scan.kind(), K::AnchorCountOverflow)
            ) =>
        {
            ("has more aliases or anchors than", aliases)
        }
        _ => return None,
    };
    Some((
        format!("catalog file {what} the limit of {}{}", hit.value, hit.unit),
        hit,
    ))
}

/// The `---` line that starts the document whose content begins at `span`, if there is one.
fn document_start(text: &str, span: Span) -> Span {
    let Some(before) = text.get(..span.offset.min(text.len())) else {
        return span;
    };
    let marker = before
        .match_indices("---")
        .map(|(i, _)| i)
        .filter(|&i| i == 0 || before[..i].ends_with('\n'))
        .last();
    match marker {
        Some(at) => Span::at(text, at, 3),
        None => span,
    }
}

/// `tag:yaml.org,2002:binary` → `!!binary`, as the author wrote it.
fn shorthand(tag: &str) -> String {
    match tag.strip_prefix("tag:yaml.org,2002:") {
        Some(rest) => format!("!!{rest}"),
        None => tag.to_owned(),
    }
}

/// The word at `offset`: an alias or tag as written.
fn token_at(text: &str, offset: usize) -> &str {
    let rest = text.get(offset..).unwrap_or("");
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, ',' | ']' | '}'))
        .unwrap_or(rest.len());
    &rest[..end]
}

/// The last tag (`!…`) written on the line before `offset`, with its byte offset: parser errors
/// about a tag point at the tagged value, the caret should point at the tag.
fn tag_before(text: &str, offset: usize) -> Option<(usize, &str)> {
    let offset = offset.min(text.len());
    let offset = (0..=offset).rev().find(|&i| text.is_char_boundary(i))?;
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..offset];
    let at = line
        .char_indices()
        .filter(|&(i, c)| c == '!' && (i == 0 || line[..i].ends_with([' ', '\t', '[', '{', ','])))
        .map(|(i, _)| i)
        .next_back()?;
    Some((line_start + at, token_at(text, line_start + at)))
}
