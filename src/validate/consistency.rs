//! Consistency of errors with each other and with HTTP: `retryable` against the status, and
//! messages a reader can tell apart.

use super::place::{On, Place};
use crate::catalog::CatalogError;
use crate::diagnostic::Diagnostic;
use crate::model;
use crate::rule::Rule;
use std::collections::HashMap;

/// `retryable` consistent with the HTTP status: 429 (Too Many Requests) and 503 (Service
/// Unavailable) say "try again later", so they are retryable; a validation error (400 Bad
/// Request or 422 Unprocessable Content: the request itself is wrong) fails the same way
/// every time, so it is not.
pub(crate) fn check_retryable(
    diags: &mut Vec<Diagnostic>,
    all: &[(Place, &model::ErrorDef)],
    errors: &[CatalogError],
) {
    let resolved: HashMap<&str, &CatalogError> =
        errors.iter().map(|e| (e.name.as_str(), e)).collect();
    for (place, def) in all {
        let Some(e) = resolved.get(def.name.as_str()) else {
            continue;
        };
        let Some(status) = e.http_status else {
            continue;
        };
        let d = match (status, e.retryable) {
            (429 | 503, false) => Diagnostic::warning(
                Rule::RetryableMismatch,
                format!("error `{}` has HTTP status {status} but is not retryable", e.name),
            )
            .on(if def.http_status.is_some() {
                place.value("http_status")
            } else {
                place.key("name")
            })
            .help("HTTP 429 and 503 tell the client to try again later: add `retryable: true`"),
            (400 | 422, true) => Diagnostic::warning(
                Rule::RetryableMismatch,
                format!(
                    "validation error `{}` (HTTP {status}) is retryable, but the same request fails again",
                    e.name
                ),
            )
            .on(place.value("retryable"))
            .help("remove `retryable: true`, or use a status that says the failure is temporary"),
            _ => continue,
        };
        diags.push(d.about(&e.name));
    }
}

/// Two errors with the same message text: a reader of a log cannot tell which one happened.
/// Messages made only of placeholders are left out: their text is whatever each occurrence says.
pub(crate) fn check_duplicate_messages(
    diags: &mut Vec<Diagnostic>,
    all: &[(Place, &model::ErrorDef)],
) {
    let mut seen: HashMap<&str, (&Place, &str)> = HashMap::new();
    for (place, e) in all {
        // A message that is only placeholders (`{detail}`) has no fixed text to tell apart.
        let fixed_text = crate::message::parse(&e.message).is_ok_and(|segments| {
            segments.iter().any(|s| {
                matches!(s, crate::message::Segment::Text(t) if t.chars().any(char::is_alphanumeric))
            })
        });
        if !fixed_text {
            continue;
        }
        match seen.get(e.message.as_str()) {
            Some((first, name)) => diags.push(
                Diagnostic::warning(
                    Rule::DuplicateMessage,
                    format!("error `{}` has the same message as `{name}`", e.name),
                )
                .on(place.value("message"))
                .also_on(first.value("message"), &format!("message of `{name}`"))
                .help("word the message so a reader can tell the two errors apart")
                .about(&e.name),
            ),
            None => {
                seen.insert(&e.message, (place, &e.name));
            }
        }
    }
}
