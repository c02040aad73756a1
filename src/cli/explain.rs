//! `errcat explain`: one error as the catalog describes it, and only the diagnostics about it.

use super::report::report;
use super::{CatalogArg, EXIT_PROBLEMS, EXIT_USAGE, Format, error, load};
use crate::console::{self, errln};
use errcat::Diagnostic;
use errcat::terminal::{Lines, safe};
use std::process::ExitCode;

pub(super) fn explain(catalog_arg: &CatalogArg, key: &str) -> ExitCode {
    let catalog_path = catalog_arg.path();
    let loaded = match load(catalog_arg, Format::Human, false) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let Some(catalog) = loaded.catalog.as_ref() else {
        return ExitCode::from(EXIT_PROBLEMS);
    };
    // A name or string code typed in another case (`e0308`, `INVALID_PHONE`) finds its error.
    let key = in_catalog_case(catalog, key);
    let key = key.as_str();
    if catalog.find(key).is_none()
        && let Some(r) = catalog.find_retired(key)
    {
        console::out(format_args!("{}", safe(&retired(catalog, r), Lines::Keep)));
        return ExitCode::SUCCESS;
    }
    let Some(e) = catalog.find(key) else {
        let names = known_keys(catalog);
        error(format_args!(
            "no error with code or name `{key}` in `{}`",
            catalog_path.display()
        ));
        if let Some(best) = errcat::structure::nearest(key, &names) {
            errln!("  = help: did you mean `{}`?", safe(&best, Lines::Escape));
        }
        return ExitCode::from(EXIT_USAGE);
    };
    // Only what the catalog says about this error.
    let about: Vec<Diagnostic> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.subject.as_deref() == Some(e.name.as_str()))
        .cloned()
        .collect();
    report(Format::Human, &about, &loaded.sources);
    let code = e.code.as_ref().map(|c| format!("{c} ")).unwrap_or_default();
    let mut out = format!("{code}{}: {}\n\n", e.name, e.title);
    if e.name != key && e.aliases.iter().any(|a| a == key) {
        out.push_str(&format!("`{key}` is an alias of `{}`.\n\n", e.name));
    }
    if !e.aliases.is_empty() {
        let list: Vec<String> = e.aliases.iter().map(|a| format!("`{a}`")).collect();
        out.push_str(&format!("Aliases:     {}\n", list.join(", ")));
    }
    if let Some(status) = e.http_status {
        out.push_str(&format!("HTTP status: {status}\n"));
    }
    if let Some(status) = e.grpc_status {
        out.push_str(&format!(
            "gRPC status: {} ({})\n",
            status.name(),
            status.number()
        ));
    }
    if let Some(cat) = catalog.category(&e.category) {
        out.push_str(&format!("Category:    {} ({})\n", cat.title, cat.id));
    }
    out.push_str(&format!(
        "Retryable:   {}\n",
        if e.retryable { "yes" } else { "no" }
    ));
    out.push_str(&format!("Message:     {}\n", e.message));
    for p in &e.params {
        let ty = serde_json::to_value(p.ty)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let desc = p
            .description
            .as_deref()
            .map(|d| format!(": {d}"))
            .unwrap_or_default();
        out.push_str(&format!("  {{{}}} ({ty}){desc}\n", p.name));
    }
    let fields = catalog.wire_fields(e);
    if !fields.is_empty() {
        out.push_str("Fields:\n");
        for f in fields {
            let desc = f
                .description
                .as_deref()
                .map(|d| format!(": {}", d.trim()))
                .unwrap_or_default();
            let wire = if f.wire == f.name {
                String::new()
            } else {
                format!(", on the wire `{}`", f.wire)
            };
            out.push_str(&format!("  {} ({}{wire}){desc}\n", f.name, f.ty.expr()));
        }
    }
    if let Some(d) = &e.deprecated {
        out.push('\n');
        out.push_str(&d.sentence(|r| format!("`{r}`")));
        out.push('\n');
    }
    if let Some(desc) = &e.description {
        out.push_str(&format!("\n{}\n", desc.trim()));
    }
    if let Some(fix) = &e.fix {
        out.push_str(&format!("\nFix: {}\n", fix.trim()));
    }
    if let Some(url) = &e.docs_url {
        out.push_str(&format!("\nDocs: {url}\n"));
    }
    let values = errcat::catalog::body::example_values(catalog, e);
    let body = errcat::catalog::body::body_json(catalog, e, &values);
    out.push_str(&format!(
        "\nExample response body:\n{}\n",
        errcat::catalog::body::pretty(&body)
    ));
    // Every line above may hold catalog text: show its controls and bidi overrides as escapes.
    console::out(format_args!("{}", safe(&out, Lines::Keep)));
    ExitCode::SUCCESS
}

/// `key` as the catalog spells it, when exactly one live or retired name, alias or string code
/// matches it ignoring ASCII case and none matches it exactly; else `key` itself.
fn in_catalog_case(catalog: &errcat::Catalog, key: &str) -> String {
    let keys = known_keys(catalog);
    if keys.iter().any(|k| k == key) {
        return key.to_owned();
    }
    let mut matches = keys.iter().filter(|k| k.eq_ignore_ascii_case(key));
    match (matches.next(), matches.next()) {
        (Some(only), None) => only.clone(),
        _ => key.to_owned(),
    }
}

/// Every key `explain` finds an error by: names, aliases and string codes of live and retired
/// errors (integer codes are left out of did-you-mean: a near number is another error).
fn known_keys(catalog: &errcat::Catalog) -> Vec<String> {
    let string_code = |c: &Option<errcat::catalog::Code>| match c {
        Some(errcat::catalog::Code::Str(s)) => Some(s.clone()),
        _ => None,
    };
    let mut keys = Vec::new();
    for e in &catalog.errors {
        keys.push(e.name.clone());
        keys.extend(e.aliases.iter().cloned());
        keys.extend(string_code(&e.code));
    }
    for r in &catalog.retired {
        keys.push(r.name.clone());
        keys.extend(string_code(&r.code));
    }
    keys
}

/// A retired error: when, why, and what to use now.
fn retired(catalog: &errcat::Catalog, r: &errcat::catalog::Retired) -> String {
    let code = r.code.as_ref().map(|c| format!("{c} ")).unwrap_or_default();
    let since = r
        .since
        .as_ref()
        .map(|s| format!(" since {s}"))
        .unwrap_or_default();
    let mut out = format!("{code}{}: retired{since}\n\n", r.name);
    let how = if r.merged_into.is_some() {
        "Merged into"
    } else {
        "Replaced by"
    };
    match r.successor().and_then(|s| catalog.find(s)) {
        Some(e) => {
            let code = e
                .code
                .as_ref()
                .map(|c| format!(" ({c})"))
                .unwrap_or_default();
            out.push_str(&format!("{how}: `{}`{code}: {}\n", e.name, e.title));
        }
        None => out.push_str("Nothing replaces it.\n"),
    }
    out.push_str(&format!("Reason:      {}\n", r.reason.trim()));
    out
}
