#!/usr/bin/env bash
# Refreshes the front-end files vendored into the web interface's embedded
# static directory. Building and running silkbridge needs no Node: the files
# are committed. Run this only to move to another pinned version (edit the
# version below, run, review the diff, commit). Needs npm (for `npm pack`).
set -euo pipefail
cd "$(dirname "$0")/.."

HTMX_VERSION=2.0.11
# The title page's Media panel: resumable uploads and the HLS preview player.
# hls.js's full build: the light one has no alternate audio renditions.
TUS_VERSION=4.3.1
HLS_VERSION=1.6.15
# Latin and Cyrillic faces for the interface (fonts.css): regular, semibold, bold.
NOTO_SANS_VERSION=5.3.0
dest=internal/web/static
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

(cd "$tmp" && npm pack --silent "htmx.org@${HTMX_VERSION}" >/dev/null)
tar -xzf "$tmp"/htmx.org-"${HTMX_VERSION}".tgz -C "$tmp"
cp "$tmp/package/dist/htmx.min.js" "$dest/htmx.min.js"
cp "$tmp/package/LICENSE" "$dest/htmx.LICENSE.txt"
(cd "$tmp" && npm pack --silent "tus-js-client@${TUS_VERSION}" "hls.js@${HLS_VERSION}" >/dev/null)
mkdir -p "$tmp/tus" "$tmp/hls"
tar -xzf "$tmp"/tus-js-client-"${TUS_VERSION}".tgz -C "$tmp/tus"
tar -xzf "$tmp"/hls.js-"${HLS_VERSION}".tgz -C "$tmp/hls"
# Drop the source-map references: the maps are not vendored.
sed '/^\/\/# sourceMappingURL=/d' "$tmp/tus/package/dist/tus.min.js" > "$dest/tus.min.js"
cp "$tmp/tus/package/LICENSE" "$dest/tus.LICENSE.txt"
sed '/^\/\/# sourceMappingURL=/d' "$tmp/hls/package/dist/hls.min.js" > "$dest/hls.min.js"
cp "$tmp/hls/package/LICENSE" "$dest/hls.LICENSE.txt"
(cd "$tmp" && npm pack --silent "@fontsource/noto-sans@${NOTO_SANS_VERSION}" >/dev/null)
mkdir -p "$tmp/noto" "$dest/fonts"
tar -xzf "$tmp"/fontsource-noto-sans-"${NOTO_SANS_VERSION}".tgz -C "$tmp/noto"
cp "$tmp/noto/package/LICENSE" "$dest/fonts/NotoSans.OFL.txt"
for subset in latin cyrillic; do
  for weight in 400 600 700; do
    f="noto-sans-${subset}-${weight}-normal.woff2"
    cp "$tmp/noto/package/files/$f" "$dest/fonts/$f"
    # fonts.css links each file with its content hash, as the server names it.
    sed -i "s|fonts/$f?v=[0-9a-f]*|fonts/$f?v=$(sha256sum "$dest/fonts/$f" | cut -c1-8)|g" "$dest/fonts.css"
  done
done
{
  echo "htmx ${HTMX_VERSION}: $(sha256sum "$dest/htmx.min.js" | cut -d' ' -f1)"
  echo "tus-js-client ${TUS_VERSION}: $(sha256sum "$dest/tus.min.js" | cut -d' ' -f1)"
  echo "hls.js ${HLS_VERSION}: $(sha256sum "$dest/hls.min.js" | cut -d' ' -f1)"
  echo "@fontsource/noto-sans ${NOTO_SANS_VERSION}: latin and cyrillic, 400/600/700 woff2"
} > "$dest/VERSIONS.txt"
echo "vendored htmx ${HTMX_VERSION}, tus-js-client ${TUS_VERSION}, hls.js ${HLS_VERSION}, Noto Sans ${NOTO_SANS_VERSION} into $dest"
