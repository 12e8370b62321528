#!/usr/bin/env bash
# Refreshes the front-end files vendored into the web interface's embedded
# static directory. Building and running silkbridge needs no Node: the files
# are committed. Run this only to move to another pinned version (edit the
# version below, run, review the diff, commit). Needs npm (for `npm pack`).
set -euo pipefail
cd "$(dirname "$0")/.."

HTMX_VERSION=2.0.11
dest=internal/web/static
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

(cd "$tmp" && npm pack --silent "htmx.org@${HTMX_VERSION}" >/dev/null)
tar -xzf "$tmp"/htmx.org-"${HTMX_VERSION}".tgz -C "$tmp"
cp "$tmp/package/dist/htmx.min.js" "$dest/htmx.min.js"
cp "$tmp/package/LICENSE" "$dest/htmx.LICENSE.txt"
echo "htmx ${HTMX_VERSION}: $(sha256sum "$dest/htmx.min.js" | cut -d' ' -f1)" > "$dest/VERSIONS.txt"
echo "vendored htmx ${HTMX_VERSION} into $dest"
