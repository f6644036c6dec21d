#!/usr/bin/env python3
"""Does clausier's time grow linearly with a document's size? Time per MB from 1 to 64 MB.

Standard library only. See scripts/README.md.

    python3 scripts/bench_scaling.py                      # txt, docx, html; 1 … 64 MB
    python3 scripts/bench_scaling.py --max-mb 16 --formats txt
    python3 scripts/bench_scaling.py --clausier target/release/clausier --limit 300

For each format and each size (1, 2, 4 … --max-mb MB of text), one tender-like document is
built from the project's own fixture tenders (fixtures/documents/*.txt, repeated with their
articles renumbered so that headings stay distinct), then `clausier check --format json` (the
whole pipeline: reading, normalisation, sections, detection, figures, checks, JSON) and
`clausier text` (the human printer) are timed on it, with the child's peak memory. A run over
--limit seconds is stopped and shown as such. The goal: seconds per MB flat within 2x from
1 MB to the largest size.
"""

import argparse
import html
import io
import multiprocessing
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MB = 1 << 20


def tender_text(size):
    """About `size` bytes of tender-like UTF-8 text, paragraphs separated by blank lines."""
    sources = [p.read_text(encoding="utf-8") for p in sorted((REPO / "fixtures" / "documents").glob("*.txt"))]
    if not sources:
        sys.exit("fixtures/documents/*.txt missing")
    out, total, copy = [], 0, 0
    while total < size:
        for text in sources:
            copy += 1
            # "Article 4" → "Article 1004" in the 2nd copy…: distinct headings, same shapes.
            renumbered = re.sub(r"(?m)^(Article|ARTICLE) (\d+)", lambda m: f"{m.group(1)} {copy}{m.group(2)}", text)
            out.append(renumbered)
            total += len(renumbered.encode("utf-8")) + 2
            if total >= size:
                break
    return "\n\n".join(out)


def paragraphs(text):
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def docx_bytes(text):
    """A minimal WordprocessingML document, one w:p per paragraph, line breaks as w:br."""
    body = []
    for p in paragraphs(text):
        runs = "<w:r><w:br/></w:r>".join(
            f'<w:r><w:t xml:space="preserve">{html.escape(line, quote=False)}</w:t></w:r>' for line in p.split("\n"))
        body.append(f"<w:p>{runs}</w:p>")
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                f'<w:body>{"".join(body)}</w:body></w:document>')
    content_types = ('<?xml version="1.0" encoding="UTF-8"?>'
                     '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     '<Default Extension="xml" ContentType="application/xml"/>'
                     '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                     '</Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            '</Relationships>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", content_types)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/document.xml", document)
    return buffer.getvalue()


def html_bytes(text):
    parts = []
    for p in paragraphs(text):
        tag = "h2" if re.match(r"(Article|ARTICLE) \d", p) and "\n" not in p else "p"
        parts.append(f"<{tag}>{html.escape(p).replace(chr(10), '<br>')}</{tag}>")
    return ('<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>CCAP</title></head><body>'
            + "\n".join(parts) + "</body></html>").encode("utf-8")


def build(fmt, size, folder):
    text = tender_text(size)
    path = folder / f"tender-{size // MB}mb.{fmt}"
    if fmt == "txt":
        path.write_text(text, encoding="utf-8")
    elif fmt == "docx":
        path.write_bytes(docx_bytes(text))
    else:
        path.write_bytes(html_bytes(text))
    return path, len(text.encode("utf-8"))


def timed(cmd, limit):
    """(wall seconds, CPU seconds, peak RSS in MB, exit code) of one run; the seconds are None
    when it was stopped at `limit`."""
    started = time.monotonic()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            child.returncode = os.waitstatus_to_exitcode(status)
            cpu = usage.ru_utime + usage.ru_stime
            return time.monotonic() - started, cpu, usage.ru_maxrss / 1024, child.returncode
        if time.monotonic() - started > limit:
            child.kill()
            _, _, usage = os.wait4(child.pid, 0)
            return None, None, usage.ru_maxrss / 1024, None
        time.sleep(0.02)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clausier", default=str(REPO / "target" / "release" / "clausier"))
    ap.add_argument("--formats", default="txt,docx,html")
    ap.add_argument("--max-mb", type=int, default=64)
    ap.add_argument("--limit", type=float, default=600, help="seconds before a run is stopped")
    args = ap.parse_args()
    exe = args.clausier
    if not Path(exe).is_file():
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    sizes = []
    mb = 1
    while mb <= args.max_mb:
        sizes.append(mb)
        mb *= 2
    # CPU seconds decide: on a shared machine, wall time moves with the others' load.
    print(f"{'format':<6} {'command':<6} {'MB':>4} {'text MB':>8} {'seconds':>9} {'CPU s':>8} {'CPU s/MB':>8} {'peak MB':>8} exit")
    per_mb = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for fmt in args.formats.split(","):
            for size in sizes:
                # Built in a short-lived process: Linux counts this process's resident size
                # in the peak memory of the children it starts afterwards.
                with multiprocessing.get_context("fork").Pool(1) as pool:
                    path, text_bytes = pool.apply(build, (fmt, size * MB, folder))
                for command in ("check", "text"):
                    # Limits raised so that the largest sizes are read, not refused.
                    cmd = [exe, command, str(path), "--timeout-per-file", str(args.limit * 2),
                           "--max-file-size", "1G", "--max-unpacked", "4G", "--max-text", "1G"]
                    if command == "check":
                        cmd += ["--format", "json"]
                    seconds, cpu, peak, code = timed(cmd, args.limit)
                    mbs = text_bytes / MB
                    shown = (f"{seconds:9.2f} {cpu:8.2f} {cpu / mbs:8.3f}" if seconds is not None
                             else f"{'>' + str(int(args.limit)):>9} {'-':>8} {'-':>8}")
                    print(f"{fmt:<6} {command:<6} {size:>4} {mbs:8.1f} {shown} {peak:8.0f} {code}", flush=True)
                    per_mb.setdefault((fmt, command), []).append(
                        None if seconds is None else cpu / mbs)
                path.unlink()
    # Flat means the slowest size costs at most twice the fastest per MB.
    failed = False
    for (fmt, command), values in per_mb.items():
        if None in values:
            print(f"{fmt} {command}: a run was stopped at the limit: NOT FLAT")
            failed = True
            continue
        ratio = max(values) / min(values)
        verdict = "flat" if ratio <= 2 else "NOT FLAT"
        failed |= ratio > 2
        print(f"{fmt} {command}: CPU s/MB from {min(values):.3f} to {max(values):.3f}, ratio {ratio:.2f}: {verdict}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
