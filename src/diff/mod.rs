//! Catalog diff.
