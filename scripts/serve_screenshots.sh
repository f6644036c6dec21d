#!/usr/bin/env bash
# Makes the README's pictures of `clausier serve`: docs/serve-verifier.png (the result of the
# example consultation), docs/serve-rediger.png (the clause form of the execution condition) and
# docs/serve-regles.png (the rules), with headless Chromium.
# Usage: scripts/serve_screenshots.sh [path/to/clausier]   (default: target/release/clausier)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${1:-target/release/clausier}"
WORK="$(mktemp -d)"
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT

TMPDIR="$WORK" "$BIN" serve --port 0 > "$WORK/address" &
SERVER=$!
for _ in $(seq 50); do grep -q 'http://' "$WORK/address" && break; sleep 0.1; done
URL="$(grep -o 'http://[^ ]*' "$WORK/address")"
TOKEN="$(curl -s "$URL" | grep -o 'name="jeton" value="[0-9a-f]*"' | grep -o '[0-9a-f]\{32\}')"

# The example consultation, posted as a browser posts a folder.
FILES=()
for f in fixtures/example/dce/*; do FILES+=(-F "fichiers=@$f;filename=dce/$(basename "$f")"); done
RESULT="$(curl -s -o /dev/null -w '%{redirect_url}' -F "jeton=$TOKEN" "${FILES[@]}" "${URL}verifier")"

shot() {
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --user-data-dir="$WORK/profile" --window-size=1200,"$3" --screenshot="$2" "$1" 2>/dev/null
  echo "$2"
}
shot "$RESULT" docs/serve-verifier.png 2200
shot "${URL}rediger?modele=execution-condition" docs/serve-rediger.png 1700
shot "${URL}regles" docs/serve-regles.png 1500
