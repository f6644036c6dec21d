#!/usr/bin/env bash
# Makes docs/redline.png: page 3 of the redline of fixtures/redline/ccap-revue.docx as
# LibreOffice lays it out (tracked changes shown). Needs LibreOffice (soffice) and
# poppler-utils. Run from the repository root: bash scripts/redline_image.sh
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cargo build --release --quiet
target/release/clausier check --no-diff fixtures/redline/ccap-revue.docx \
  --redline "$WORK/ccap-relu.docx" > /dev/null || true
soffice "-env:UserInstallation=file://$WORK/lo-profile" --headless \
  --convert-to pdf --outdir "$WORK" "$WORK/ccap-relu.docx" > /dev/null 2>&1
pdftoppm -r 70 -f 3 -l 3 -png -singlefile "$WORK/ccap-relu.pdf" docs/redline
echo "docs/redline.png: $(pdfinfo "$WORK/ccap-relu.pdf" | grep Pages)"
