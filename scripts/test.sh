#!/usr/bin/env bash
# Runs every errcat test. Installs the pinned test tools first, project-locally:
#   node_modules/  TypeScript, ajv and ajv-formats, @mdx-js/mdx and remark-gfm (package-lock.json)
#   .venv/         mypy, ruff, jsonschema, openapi-spec-validator and mkdocs (requirements-dev.txt)
#   rustfmt and clippy, components of the Rust toolchain
# Nothing is installed globally. Extra arguments go to `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."

# The Rust tests run rustfmt and clippy on generated code (a no-op when they are installed).
rustup component add rustfmt clippy

if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.errcat-lock; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.errcat-lock
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
if ! cmp -s requirements-dev.txt .venv/.errcat-requirements; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.txt
  cp requirements-dev.txt .venv/.errcat-requirements
fi

cargo test --locked "$@"
