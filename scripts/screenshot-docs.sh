#!/usr/bin/env bash
# Builds the flagship's markdown reference (generated/markdown/) with the pinned MkDocs and takes
# screenshots of the built page in headless Chromium, to look at the docs as a reader sees them.
# Not run by CI. Needs `scripts/test.sh` run once (it installs MkDocs into .venv/) and Chromium
# (`apt-get install -y chromium` on Debian).
#
#   scripts/screenshot-docs.sh [OUT_DIR]     (default: target/docs-screenshot)
#
# Writes OUT_DIR/top.png (the title, contents and envelope), one PNG per category section
# (OUT_DIR/category-<id>.png, from the category's heading on) and OUT_DIR/narrow.png (a category
# in a 760-pixel window, where long names in tables must not break).
set -euo pipefail
cd "$(dirname "$0")/.."

out="${1:-target/docs-screenshot}"
browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
  echo "error: Chromium is missing; install it (apt-get install -y chromium)" >&2
  exit 1
fi
if [ ! -x .venv/bin/mkdocs ]; then
  echo "error: .venv/bin/mkdocs is missing; run scripts/test.sh, which installs the pinned tools" >&2
  exit 1
fi

book="$out/book"
rm -rf "$book"
mkdir -p "$book/docs/js"
cp generated/markdown/errors.md "$book/docs/index.md"
# Headless screenshots do not scroll to the URL's anchor: the preview drops what comes before
# the anchor's block instead, so a section's screenshot starts at its heading.
cat > "$book/docs/js/from-anchor.js" <<'JS'
window.addEventListener("DOMContentLoaded", () => {
  const id = decodeURIComponent(location.hash.slice(1));
  let node = id && document.getElementById(id);
  if (!node) return;
  while (node.parentElement && !node.parentElement.querySelector(":scope > h1")) {
    node = node.parentElement;
  }
  while (node.previousSibling) node.previousSibling.remove();
});
JS
cat > "$book/mkdocs.yml" <<'YAML'
site_name: errcat docs preview
extra_javascript:
  - js/from-anchor.js
validation:
  anchors: warn
YAML
.venv/bin/mkdocs build --strict --config-file "$book/mkdocs.yml" --site-dir site

page="file://$(cd "$book/site" && pwd)/index.html"
# shoot OUT URL WIDTH
shoot() {
  "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="$3,1600" \
    --virtual-time-budget=5000 --screenshot="$1" "$2" 2>/dev/null
  echo "wrote $1"
}
shoot "$out/top.png" "$page" 1280
for anchor in $(grep -o '<a id="category-[^"]*"' generated/markdown/errors.md | sed 's/<a id="//; s/"$//'); do
  shoot "$out/$anchor.png" "$page#$anchor" 1280
done
# A narrow window, where long names in tables must not break.
shoot "$out/narrow.png" "$page#category-validation" 760
