//! Prints the error table of a generated `errors` module as JSON (the shape of
//! `tests/common/mod.rs::expected_table`), after checking the module's round trips.
//!
//! `tests/common/rust_lang.rs` builds the module as the library `errors` and this program against
//! it, both with `rustc -D warnings` (std only), passing `--cfg code_kind="integer"`, `"string"`
//! or `"none"` for the catalog's kind of codes.

#[path = "json_string.rs"]
mod json_string;

use errors::{Category, ErrorCode, ParamType};
use json_string::string;
use std::fmt::{Display, Write as _};

// The getters are usable in constants.
const _: () = {
    let e = ErrorCode::ALL[0];
    let _ = (e.name(), e.http_status(), e.title(), e.message(), e.fix());
    let _ = (
        e.category(),
        e.is_retryable(),
        e.docs_url(),
        e.is_deprecated(),
        e.params(),
    );
    let _ = (
        ErrorCode::from_name(e.name()),
        e.category().id(),
        e.category().title(),
    );
    #[cfg(not(code_kind = "none"))]
    let _ = ErrorCode::from_code(e.code());
};

fn main() {
    let mut rows = Vec::new();
    for (i, &e) in ErrorCode::ALL.iter().enumerate() {
        assert_eq!(
            e.name().parse::<ErrorCode>(),
            Ok(e),
            "{} does not parse back",
            e.name()
        );
        assert_eq!(ErrorCode::from_name(e.name()), Some(e));
        assert_eq!(e.to_string(), e.title(), "Display writes the title");
        assert!(Category::ALL.contains(&e.category()));
        if i > 0 {
            assert!(ErrorCode::ALL[i - 1] < e, "ALL is in declaration order");
        }

        let values: Vec<(&str, Box<dyn Display>)> = e
            .params()
            .iter()
            .map(|p| (p.name, sample(p.name, p.ty)))
            .collect();
        let args: Vec<(&str, &dyn Display)> = values
            .iter()
            .map(|(name, value)| (*name, value.as_ref()))
            .collect();
        let formatted = e.format_message(&args);
        let unfilled = e.format_message(&[("not_a_param", &1)]);
        for p in e.params() {
            let placeholder = format!("{{{}}}", p.name);
            assert!(
                unfilled.contains(&placeholder),
                "{}: a missing argument keeps {placeholder}: {unfilled:?}",
                e.name()
            );
        }

        let params: Vec<String> = e
            .params()
            .iter()
            .map(|p| {
                format!(
                    "{{\"name\":{},\"type\":{}}}",
                    string(p.name),
                    string(p.ty.as_str())
                )
            })
            .collect();
        let mut row = String::new();
        write!(row, "{{\"name\":{}", string(e.name())).unwrap();
        write!(row, ",\"code\":{}", code(e)).unwrap();
        write!(row, ",\"category\":{}", string(e.category().id())).unwrap();
        write!(row, ",\"http_status\":{}", http(e)).unwrap();
        write!(row, ",\"grpc_status\":{}", grpc(e)).unwrap();
        write!(row, ",\"title\":{}", string(e.title())).unwrap();
        write!(row, ",\"message\":{}", string(e.message())).unwrap();
        write!(
            row,
            ",\"fix\":{}",
            e.fix().map_or("null".to_owned(), string)
        )
        .unwrap();
        write!(row, ",\"retryable\":{}", e.is_retryable()).unwrap();
        write!(
            row,
            ",\"docs_url\":{}",
            e.docs_url().map_or("null".to_owned(), string)
        )
        .unwrap();
        write!(row, ",\"deprecated\":{}", e.is_deprecated()).unwrap();
        write!(row, ",\"params\":[{}]", params.join(",")).unwrap();
        write!(row, ",\"formatted\":{}}}", string(&formatted)).unwrap();
        rows.push(row);
    }

    let unknown = "no such error".parse::<ErrorCode>().unwrap_err();
    assert_eq!(unknown.name(), "no such error");
    assert!(unknown.to_string().contains("no such error"));
    assert_eq!(ErrorCode::from_name(""), None);
    for &c in Category::ALL {
        assert!(!c.id().is_empty() && !c.title().is_empty());
    }

    println!("[{}]", rows.join(",\n"));
}

/// The value `tests/common/mod.rs::sample` gives a parameter of this type.
fn sample(name: &str, ty: ParamType) -> Box<dyn Display> {
    match ty {
        ParamType::String => Box::new(format!("«{name}»")),
        ParamType::Integer => Box::new(42),
        ParamType::Number => Box::new(2.5),
        ParamType::Boolean => Box::new(true),
    }
}

#[cfg(http = "total")]
fn http(e: ErrorCode) -> String {
    e.http_status().to_string()
}

#[cfg(http = "partial")]
fn http(e: ErrorCode) -> String {
    e.http_status().map_or("null".to_owned(), |s| s.to_string())
}

#[cfg(grpc = "total")]
fn grpc(e: ErrorCode) -> String {
    let status = e.grpc_status();
    assert!((0..=16).contains(&status.code()));
    string(status.name())
}

#[cfg(grpc = "partial")]
fn grpc(e: ErrorCode) -> String {
    e.grpc_status().map_or("null".to_owned(), |s| string(s.name()))
}

#[cfg(grpc = "none")]
fn grpc(_: ErrorCode) -> String {
    "null".to_owned()
}

#[cfg(code_kind = "integer")]
fn code(e: ErrorCode) -> String {
    assert_eq!(
        ErrorCode::from_code(e.code()),
        Some(e),
        "{} does not round-trip its code",
        e.name()
    );
    let max = ErrorCode::ALL.iter().map(|x| x.code()).max().expect("an error");
    if max < max.wrapping_add(1) {
        assert_eq!(ErrorCode::from_code(max + 1), None);
    }
    e.code().to_string()
}

#[cfg(code_kind = "string")]
fn code(e: ErrorCode) -> String {
    assert_eq!(
        ErrorCode::from_code(e.code()),
        Some(e),
        "{} does not round-trip its code",
        e.name()
    );
    assert_eq!(ErrorCode::from_code(""), None);
    string(e.code())
}

#[cfg(code_kind = "none")]
fn code(_: ErrorCode) -> String {
    "null".to_owned()
}
