#!/usr/bin/env python3
"""What checking costs beside reading, per document, and a whole scan beside pdftotext.

Standard library only. For every document of a folder (default: the field corpus, when it is
there), the median wall time of

    clausier text  --format json FILE   (reading: extract, normalise, segment)
    clausier check --format json FILE   (the same reading, then detect, check, report)

so that check − text is what finding and checking the clauses adds; the script prints it as a
share of the reading time, document by document, and the worst share. Then the folder's PDFs are
copied into a temporary archive and timed as one `clausier scan` beside `pdftotext` run on the
same files (one process per file, as many at a time as --jobs).

    python3 scripts/bench_field.py                          # the field corpus, 5 runs each
    python3 scripts/bench_field.py --corpus DIR --runs 3
    python3 scripts/bench_field.py --clausier target/release/clausier --jobs 2

Without --clausier the binary is target/release/clausier, built first if missing. Figures
depend on the machine and its load: compare runs made one after the other, never across
machines.
"""

import argparse
import concurrent.futures
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "field" / "docs"


def timed(cmd):
    """Wall time of one run, output discarded."""
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def median_time(cmd, runs):
    return statistics.median(timed(cmd) for _ in range(runs))


def binary(path):
    if path:
        return Path(path)
    exe = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target")) / "release" / "clausier"
    if not exe.exists():
        print("building the release binary…", file=sys.stderr)
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    return exe


def pdftotext_all(files, jobs):
    def one(f):
        subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(f), "/dev/null"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )

    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(one, files))
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--clausier")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}: nothing to measure", file=sys.stderr)
        return 0
    exe = binary(args.clausier)
    files = sorted(p for p in args.corpus.iterdir() if p.is_file())

    print(f"{'document':<64} {'read s':>8} {'check s':>8} {'checks':>7}")
    worst = (0.0, None)
    total_read = total_check = 0.0
    for f in files:
        read = median_time([exe, "text", "--format", "json", f], args.runs)
        check = median_time([exe, "check", "--format", "json", f], args.runs)
        share = max(check - read, 0.0) / read if read > 0 else 0.0
        total_read += read
        total_check += check
        if share > worst[0]:
            worst = (share, f.name)
        print(f"{f.name[:64]:<64} {read:8.3f} {check:8.3f} {share:7.0%}")
    print(
        f"\nall documents: reading {total_read:.2f} s, checking adds "
        f"{max(total_check - total_read, 0):.2f} s "
        f"({max(total_check - total_read, 0) / total_read:.0%}); "
        f"worst document {worst[1]} at {worst[0]:.0%}"
    )

    pdfs = [f for f in files if f.suffix.lower() == ".pdf"]
    if not pdfs:
        return 0
    if shutil.which("pdftotext") is None:
        print("pdftotext is not installed (poppler-utils): no comparison", file=sys.stderr)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "archive"
        archive.mkdir()
        for f in pdfs:
            shutil.copy(f, archive / f.name)
        copies = sorted(archive.iterdir())
        # pdftotext reads text layers only: OCR of scanned pages would compare other work.
        scan = [exe, "scan", archive, "--format", "jsonl", "--jobs", str(args.jobs), "--ocr", "never"]
        # Interleaved rounds, so that a change in load hits both alike.
        ours, theirs = [], []
        for _ in range(args.runs):
            ours.append(timed(scan))
            theirs.append(pdftotext_all(copies, args.jobs))
        ours_s, theirs_s = statistics.median(ours), statistics.median(theirs)
        pages = 0
        out = subprocess.run(
            [exe, "scan", archive, "--format", "jsonl", "--ocr", "never"],
            capture_output=True,
            text=True,
        ).stdout
        for line in out.splitlines():
            try:
                pages += json.loads(line).get("pages") or 0
            except (ValueError, AttributeError):
                pass
        print(
            f"\n{len(copies)} PDFs, {pages} pages, --jobs {args.jobs}: clausier scan {ours_s:.2f} s "
            f"({pages / ours_s:.0f} pages/s, {len(copies) / ours_s:.1f} documents/s), "
            f"pdftotext {theirs_s:.2f} s ({pages / theirs_s:.0f} pages/s); "
            f"ratio {ours_s / theirs_s:.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
