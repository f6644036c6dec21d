#!/usr/bin/env python3
"""Seeds the fuzz corpora from the project's own fixtures (standard library only).

    python3 fuzz/seed_corpora.py            # from the repository root: writes fuzz/corpus/TARGET/

- pdf_text: every fixture PDF as it is, and again with its streams unpacked (no /Filter, a new
  cross-reference table), so that mutations reach content streams, fonts and CMaps instead of
  only breaking the deflate data;
- docx_walker: word/document.xml, styles, numbering, footnotes and first header of every DOCX,
  joined by the separator line the target splits on;
- odt_walker: content.xml and styles.xml of every ODT, and every flat ODT as content.xml;
- normalize: every UTF-8 text and Markdown fixture.
"""

import hashlib
import re
import sys
import zipfile
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
CORPUS = REPO / "fuzz" / "corpus"
# The separator of fuzz_targets/common.rs.
SEPARATOR = b"\n--clausier-part--\n"
# Larger seeds (the zip bomb's XML, the benchmark documents) only slow every execution down.
MAX_SEED = 256 * 1024


def fixtures(*suffixes):
    return sorted(p for p in FIXTURES.rglob("*")
                  if p.is_file() and p.suffix.lower() in suffixes and "corpus" not in p.parts)


def put(target, data):
    if len(data) > MAX_SEED:
        return
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


OBJECT = re.compile(rb"(\d+)\s+(\d+)\s+obj\b(.*?)\bendobj", re.S)
STREAM = re.compile(rb"^(.*?)stream\r?\n(.*)\bendstream\s*$", re.S)


def unpacked_pdf(data):
    """The PDF rewritten with every Flate stream inflated, or None when it cannot be."""
    objects = []
    trailer = re.search(rb"trailer\s*(<<.*?>>)\s*startxref", data, re.S)
    if not trailer:
        return None
    for match in OBJECT.finditer(data):
        number, generation, body = int(match[1]), int(match[2]), match[3]
        stream = STREAM.match(body)
        if stream and b"/FlateDecode" in stream[1] and b"/DecodeParms" not in stream[1]:
            dictionary, content = stream[1], stream[2].rstrip(b"\r\n")
            try:
                content = zlib.decompressobj().decompress(content)
            except zlib.error:
                return None
            dictionary = dictionary.replace(b"/Filter/FlateDecode", b"")
            dictionary = dictionary.replace(b"/Filter /FlateDecode", b"")
            dictionary = re.sub(rb"/Length\s+\d+(\s+\d+\s+R)?", b"/Length %d" % len(content),
                                dictionary, count=1)
            body = dictionary + b"stream\n" + content + b"\nendstream\n"
        objects.append((number, generation, body))
    if not objects:
        return None
    out = bytearray(b"%PDF-1.7\n")
    offsets = {}
    for number, generation, body in objects:
        offsets[number] = (len(out), generation)
        out += b"%d %d obj" % (number, generation) + body + b"endobj\n"
    size = max(offsets) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        offset, generation = offsets.get(number, (0, 0))
        kind = b"n" if number in offsets else b"f"
        out += b"%010d %05d %s \n" % (offset, generation, kind)
    dictionary = re.sub(rb"/Size\s+\d+", b"/Size %d" % size, trailer[1])
    dictionary = re.sub(rb"/Prev\s+\d+", b"", dictionary)
    out += b"trailer\n" + dictionary + b"\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def members(path, names):
    try:
        with zipfile.ZipFile(path) as z:
            present = set(z.namelist())
            return [z.read(n) if n in present else b"" for n in names]
    except (zipfile.BadZipFile, OSError):
        return None


def main():
    counts = {}
    for path in fixtures(".pdf"):
        data = path.read_bytes()
        put("pdf_text", data)
        unpacked = unpacked_pdf(data)
        if unpacked:
            put("pdf_text", unpacked)
    for path in fixtures(".docx"):
        parts = members(path, ["word/document.xml", "word/styles.xml", "word/numbering.xml",
                               "word/footnotes.xml", "word/header1.xml"])
        if parts and parts[0]:
            put("docx_walker", SEPARATOR.join(parts))
    for path in fixtures(".odt", ".ott"):
        parts = members(path, ["content.xml", "styles.xml"])
        if parts and parts[0]:
            put("odt_walker", SEPARATOR.join(parts))
    for path in fixtures(".fodt", ".oth"):
        put("odt_walker", path.read_bytes())
    for path in fixtures(".txt", ".md"):
        data = path.read_bytes()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        put("normalize", data)
    for target in sorted(p.name for p in CORPUS.iterdir() if p.is_dir()):
        counts[target] = sum(1 for _ in (CORPUS / target).iterdir())
    print(", ".join(f"{k}: {v} seeds" for k, v in counts.items()))


if __name__ == "__main__":
    sys.exit(main())
