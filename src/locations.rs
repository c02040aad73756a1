//! Where each entry of a loaded catalog is defined, kept after validation so that commands
//! reasoning about the catalog as a whole (`errcat diff`) can point at a file, line and column.

use crate::loader::{LoadOptions, ParsedFile};
use crate::source::escape_segment;
use crate::source::{SourceFile, Span};
use crate::structure::Locator;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// A file index and a span in it.
pub type At = (usize, Span);

/// The definitions of a catalog's header, errors and retired errors, by name.
#[derive(Debug, Default)]
pub struct Locations {
    /// Indexed by file; `None` for a file that could not be parsed.
    locators: Vec<Option<FileLocator>>,
    header: Option<usize>,
    errors: BTreeMap<String, (usize, String)>,
    retired: BTreeMap<String, (usize, String)>,
    categories: BTreeMap<String, (usize, String)>,
    /// `reserved:` entries in catalog order (files in reading order).
    reserved: Vec<(usize, String)>,
}

/// A file's spans: complete from the thorough path, or read again on first use for a file the
/// fast read loaded (it kept only the spans validation needs).
#[derive(Debug)]
enum FileLocator {
    Ready(Locator),
    Later(Box<Later>),
}

#[derive(Debug)]
struct Later {
    source: SourceFile,
    options: LoadOptions,
    built: OnceLock<Option<Locator>>,
}

impl Locations {
    /// The locations of the parsed files' entries (the first definition of a name wins).
    /// `sources` and `options` are what the files were read from and with, to find the spans of
    /// a fast-read file again when they are asked for.
    pub fn of(parsed: Vec<ParsedFile>, sources: &[SourceFile], options: &LoadOptions) -> Locations {
        let mut out = Locations::default();
        for f in parsed {
            if f.header.is_some() && out.header.is_none() {
                out.header = Some(f.file);
            }
            for (i, e) in &f.errors {
                out.errors
                    .entry(e.name.clone())
                    .or_insert((f.file, format!("/errors/{i}")));
            }
            for (i, c) in &f.categories {
                out.categories
                    .entry(c.id.clone())
                    .or_insert((f.file, format!("/categories/{i}")));
            }
            for (i, r) in &f.retired {
                out.retired
                    .entry(r.name.clone())
                    .or_insert((f.file, format!("/retired/{i}")));
            }
            for (i, _) in &f.reserved {
                out.reserved.push((f.file, format!("/reserved/{i}")));
            }
            if out.locators.len() <= f.file {
                out.locators.resize_with(f.file + 1, || None);
            }
            out.locators[f.file] = Some(match sources.get(f.file) {
                Some(source) if !f.complete => FileLocator::Later(Box::new(Later {
                    source: source.clone(),
                    options: options.clone(),
                    built: OnceLock::new(),
                })),
                _ => FileLocator::Ready(f.locator),
            });
        }
        out
    }

    /// The spans of file `file`.
    fn locator(&self, file: usize) -> Option<&Locator> {
        match self.locators.get(file)?.as_ref()? {
            FileLocator::Ready(locator) => Some(locator),
            FileLocator::Later(later) => later
                .built
                .get_or_init(|| crate::loader::locate_file(&later.source, &later.options))
                .as_ref(),
        }
    }

    fn at(&self, (file, pointer): &(usize, String), path: &[&str], key: bool) -> Option<At> {
        let locator = self.locator(*file)?;
        let mut p = pointer.clone();
        for segment in path {
            p.push('/');
            p.push_str(&escape_segment(segment));
        }
        Some((
            *file,
            if key {
                locator.key(&p)
            } else {
                locator.value(&p)
            },
        ))
    }

    /// The value at `path` inside the error `name` (its name when `path` is empty), or the
    /// nearest enclosing value that is written.
    pub fn error(&self, name: &str, path: &[&str]) -> Option<At> {
        let entry = self.errors.get(name)?;
        match path {
            [] => self.at(entry, &["name"], false),
            _ => self.at(entry, path, false),
        }
    }

    /// The value at `path` inside the error `name` when the error writes it, else its name: a
    /// status or `retryable` the error inherits or leaves at its default.
    pub fn error_field(&self, name: &str, path: &[&str]) -> Option<At> {
        let entry = self.errors.get(name)?;
        let locator = self.locator(entry.0)?;
        let pointer = path.iter().fold(entry.1.clone(), |mut p, s| {
            p.push('/');
            p.push_str(&escape_segment(s));
            p
        });
        if locator.contains(&pointer) {
            self.error(name, path)
        } else {
            self.error(name, &[])
        }
    }

    /// The key of the occurrence field `field` where `owner` declares it: the header (`None`),
    /// a category (`Some((true, id))`) or an error (`Some((false, name))`); else the owner.
    pub fn field(&self, owner: Option<(bool, &str)>, field: &str) -> Option<At> {
        let entry = match owner {
            None => (self.header?, "/catalog".to_owned()),
            Some((true, id)) => self.categories.get(id)?.clone(),
            Some((false, name)) => self.errors.get(name)?.clone(),
        };
        let locator = self.locator(entry.0)?;
        let pointer = format!("{}/fields/{}", entry.1, escape_segment(field));
        let name = match owner {
            None => return Some((entry.0, locator.key(&pointer))),
            Some((true, _)) => "id",
            Some((false, _)) => "name",
        };
        if locator.contains(&pointer) {
            Some((entry.0, locator.key(&pointer)))
        } else {
            Some((entry.0, locator.value(&format!("{}/{name}", entry.1))))
        }
    }

    /// The key of the body member at `path` of the header's `envelope:`, else the nearest
    /// written part of the envelope, else the header.
    pub fn envelope(&self, path: &[String]) -> Option<At> {
        let file = self.header?;
        let locator = self.locator(file)?;
        let mut pointer = String::from("/catalog/envelope/body");
        for segment in path {
            pointer.push('/');
            pointer.push_str(&escape_segment(segment));
        }
        for candidate in [pointer.as_str(), "/catalog/envelope", "/catalog"] {
            if locator.contains(candidate) {
                return Some((file, locator.key(candidate)));
            }
        }
        None
    }

    /// The `index`-th `reserved:` entry of the catalog.
    pub fn reserved(&self, index: usize) -> Option<At> {
        let (file, pointer) = self.reserved.get(index)?;
        let locator = self.locator(*file)?;
        let written = ["code", "codes", "name"]
            .iter()
            .map(|f| format!("{pointer}/{f}"))
            .find(|p| locator.contains(p));
        Some((*file, locator.value(written.as_deref().unwrap_or(pointer))))
    }

    /// The key of `path` inside the error `name`, e.g. a parameter's name.
    pub fn error_key(&self, name: &str, path: &[&str]) -> Option<At> {
        self.at(self.errors.get(name)?, path, true)
    }

    /// The name of the retired error `name`.
    pub fn retired(&self, name: &str) -> Option<At> {
        self.at(self.retired.get(name)?, &["name"], false)
    }

    /// The value of `field` in the `catalog:` header (the header's key when `field` is empty).
    pub fn header(&self, field: &str) -> Option<At> {
        let file = self.header?;
        let locator = self.locator(file)?;
        Some(if field.is_empty() {
            (file, locator.key("/catalog"))
        } else {
            (
                file,
                locator.value(&format!("/catalog/{}", escape_segment(field))),
            )
        })
    }
}
