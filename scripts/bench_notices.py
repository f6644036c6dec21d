#!/usr/bin/env python3
"""Benchmark `clausier scan` on an archive of notices: TED XML (R2.0.9), eForms and BOAMP/JOUE
HTML, the shape of a buyer-profile or BOAMP export. Standard library only.

The archive is made of copies of the project's own notice fixtures (`fixtures/notices/`, and the
notices of `fixtures/blind-3/` used here only as inputs to time), each copy with its own
reference number so no two files are byte-identical. It reports documents per second per core
for `clausier scan --format jsonl` on 1 and 2 threads, beside `grep -c` over the same files (raw
text speed, a floor no parser reaches).

    cargo build --release
    python3 scripts/bench_notices.py                  # 10 000 notices, 3 runs per setting
    python3 scripts/bench_notices.py --docs 1000      # a quick look
"""

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def sources():
    out = sorted((REPO / "fixtures" / "notices").glob("*.xml"))
    blind = REPO / "fixtures" / "blind-3"
    out += sorted(p for p in blind.glob("*") if p.suffix in (".xml", ".html"))
    return out


def build(root: Path, docs: int):
    src = sources()
    texts = [(p.suffix, p.read_text(encoding="utf-8")) for p in src]
    for i in range(docs):
        suffix, text = texts[i % len(texts)]
        # A distinct reference per copy (inside an XML comment or HTML comment).
        marker = f"<!-- copie {i} -->"
        if suffix == ".xml" and text.startswith("<?xml"):
            head, _, rest = text.partition("?>")
            body = f"{head}?>{marker}{rest}"
        else:
            body = marker + text
        sub = root / f"{i // 1000:02d}"
        sub.mkdir(exist_ok=True)
        (sub / f"avis-{i:05d}{suffix}").write_text(body, encoding="utf-8")


def timed(cmd, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--bin", default=str(REPO / "target" / "release" / "clausier"))
    args = ap.parse_args()
    if not Path(args.bin).exists():
        sys.exit(f"{args.bin}: build it first (cargo build --release)")
    root = Path(tempfile.mkdtemp(prefix="clausier-notices-"))
    try:
        build(root, args.docs)
        files = sorted(str(p) for p in root.rglob("*") if p.is_file())
        print(f"{args.docs} notices from {len(sources())} fixtures, median of {args.runs} runs")
        print("| work | seconds | documents/s | documents/s per core |")
        print("| --- | ---: | ---: | ---: |")
        for jobs in (1, 2):
            cmd = [args.bin, "scan", "--format", "jsonl", "-q", "--jobs", str(jobs), str(root)]
            s = timed(cmd, args.runs)
            print(f"| clausier scan, {jobs} thread(s) | {s:.2f} | {args.docs / s:,.0f} | {args.docs / s / jobs:,.0f} |")
        s = timed(["grep", "-c", "-r", "insertion", str(root)], args.runs)
        print(f"| grep -c -r insertion (reference) | {s:.2f} | {args.docs / s:,.0f} | {args.docs / s:,.0f} |")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
