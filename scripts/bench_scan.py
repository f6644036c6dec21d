#!/usr/bin/env python3
"""Benchmark `clausier scan` on a synthetic archive, side by side with pdftotext.

Standard library only. See scripts/README.md for what is measured and the targets.

    python3 scripts/bench_scan.py                 # 5 000 documents, 3 runs per setting
    python3 scripts/bench_scan.py --quick         # 500 documents, 1 run (smoke test)
    python3 scripts/bench_scan.py --docs 20000 --keep
    python3 scripts/bench_scan.py --archive DIR   # build DIR once (kept), reuse it afterwards
"""

import argparse
import concurrent.futures
import hashlib
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
JOBS = (1, 2)
SEED = 20240611

# Share of the archive per format family; broken files are taken first (~1 %),
# the rest is split along these proportions.
MIX = (("pdf", 0.50), ("docx", 0.25), ("odt", 0.10), ("text", 0.15))
BROKEN_SHARE = 0.01

BUYERS = ("OPH", "ESH", "VILLE", "DEPT", "ETAT", "SEM", "REGION")
YEARS = range(2009, 2027)


# ----------------------------------------------------------------------------- sources

def source_pools():
    """Fixture files grouped by format family, as repository paths."""
    sc = FIXTURES / "same-clause"
    docs = FIXTURES / "documents"
    layout = FIXTURES / "layout"
    pools = {
        "pdf": [sc / "clause.pdf", sc / "clause-cairo.pdf", layout / "long-ccap.pdf",
                FIXTURES / "example" / "dce" / "ccap.pdf", FIXTURES / "example" / "dce" / "rc.pdf",
                *sorted(docs.glob("*.pdf"))],
        "docx": [sc / "clause.docx", layout / "long-ccap.docx", *sorted(docs.glob("*.docx"))],
        "odt": [sc / "clause.odt", *sorted(docs.glob("*.odt"))],
        "text": [sc / "clause.txt", sc / "clause-cp1252.txt", sc / "clause-utf16.txt",
                 sc / "clause.html", sc / "clause.md", *sorted(docs.glob("*.txt"))],
        "broken": sorted(p for p in (FIXTURES / "broken").iterdir() if p.is_file()),
    }
    for family, files in pools.items():
        missing = [f for f in files if not f.is_file()]
        if missing or not files:
            sys.exit(f"fixtures missing for {family}: {[str(m.relative_to(REPO)) for m in missing]}")
    return pools


def plan(n_docs):
    """List of (family, source path) of length n_docs, shuffled deterministically."""
    pools = source_pools()
    rng = random.Random(SEED)
    counts = {"broken": max(1, round(n_docs * BROKEN_SHARE))}
    rest = n_docs - counts["broken"]
    for family, share in MIX:
        counts[family] = round(rest * share)
    counts["text"] += n_docs - sum(counts.values())  # rounding remainder
    items = []
    for family, count in counts.items():
        pool = pools[family]
        # Every source at least once (when count allows), then uniformly at random.
        chosen = [pool[i % len(pool)] for i in range(min(count, len(pool)))]
        chosen += [rng.choice(pool) for _ in range(count - len(chosen))]
        items += [(family, src) for src in chosen]
    rng.shuffle(items)
    return items


def link_or_copy(src, dst):
    try:
        os.link(src, dst)
        return True
    except OSError:
        shutil.copyfile(src, dst)
        return False


def build_archive(root, n_docs):
    """archive/<year>/<BUYER>-<n>/<consultation>/<index>-<source name>, 3 to 12 files per folder."""
    rng = random.Random(SEED + 1)
    items = plan(n_docs)
    linked = copied = 0
    folder, left, index = None, 0, 0
    for family, src in items:
        if left == 0:
            year = rng.choice(YEARS)
            buyer = f"{rng.choice(BUYERS)}-{rng.randint(1, 40):02d}"
            consultation = f"{year}-{rng.randint(1, 999):03d}-{rng.choice(('AO', 'MAPA', 'AC', 'MS'))}"
            folder = root / str(year) / buyer / consultation
            folder.mkdir(parents=True, exist_ok=True)
            left = rng.randint(3, 12)
        index += 1
        dst = folder / f"{index:06d}-{src.name}"
        if link_or_copy(src, dst):
            linked += 1
        else:
            copied += 1
        left -= 1
    return linked, copied


def archive_files(root):
    return sorted(p for p in root.rglob("*") if p.is_file())


def build_pdf_subset(files, dest):
    """Same PDFs as in the archive (every *.pdf, broken ones included), flat in dest."""
    pdfs = []
    for i, f in enumerate(p for p in files if p.suffix.lower() == ".pdf"):
        dst = dest / f"{i:06d}-{f.name}"
        link_or_copy(f, dst)
        pdfs.append(dst)
    return pdfs


# ----------------------------------------------------------------------------- runners

def run_measured(cmd, stdout=subprocess.DEVNULL):
    """Run cmd; return (wall s, peak RSS bytes, exit code, CPU s). Uses wait4 for the child's rusage."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in KiB on Linux
    return wall, usage.ru_maxrss * 1024, proc.returncode, usage.ru_utime + usage.ru_stime


# Extra scan arguments the binary supports (set in main from its --help): `--ocr never`, so that
# the few scanned fixtures among the broken files are not read by Tesseract when it is installed
# (seconds per page, which pdftotext does not do): the benchmark measures text-layer PDFs.
SCAN_EXTRA = []


def scan_cmd(clausier, path, jobs, quiet):
    cmd = [str(clausier), "scan", str(path), "--format", "jsonl", "--jobs", str(jobs)]
    if quiet:
        cmd.append("--quiet")
    return cmd + SCAN_EXTRA


def census(clausier, path, quiet):
    """One untimed jsonl run (also warms the page cache): documents, PDF pages, statuses."""
    # Streamed line by line: holding the whole output would grow this process, and Linux
    # counts a parent's resident size in the peak RSS of the children it forks afterwards.
    proc = subprocess.Popen(scan_cmd(clausier, path, 2, quiet), stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    docs = pdf_docs = pdf_pages = 0
    statuses = {}
    for line in proc.stdout:
        if not line.strip():
            continue
        rec = json.loads(line)
        # A consultation line judges the pieces of a folder or zip together: not a document.
        if rec.get("type") == "consultation":
            continue
        docs += 1
        statuses[rec.get("status")] = statuses.get(rec.get("status"), 0) + 1
        if str(rec.get("path", "")).lower().endswith(".pdf"):
            pdf_docs += 1
            pdf_pages += rec.get("pages") or 0
    proc.wait()
    return {"docs": docs, "pdf_docs": pdf_docs, "pdf_pages": pdf_pages,
            "non_pdf_docs": docs - pdf_docs, "statuses": statuses}


def children_cpu():
    u = os.times()
    return u.children_user + u.children_system


def clausier_once(clausier, path, jobs, quiet):
    """(wall s, peak RSS bytes, CPU s) of one scan."""
    wall, peak, code, cpu = run_measured(scan_cmd(clausier, path, jobs, quiet))
    if code not in (0, 1):  # 1: some files could not be read (the broken ones)
        sys.exit(f"clausier scan exited with {code}")
    return wall, peak, cpu


def pdftotext_one(path):
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), os.devnull],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode


def pdftotext_once(pdfs, jobs):
    """(wall s, failures, CPU s of all pdftotext processes) of one pass over pdfs."""
    cpu0 = children_cpu()
    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        failures = sum(1 for code in pool.map(pdftotext_one, pdfs) if code != 0)
    return time.perf_counter() - start, failures, children_cpu() - cpu0


def pdfinfo_pages(pdfs):
    """Cross-check of the page total with pdfinfo (once per distinct file content)."""
    if not shutil.which("pdfinfo"):
        return None
    cache, total = {}, 0
    for p in pdfs:
        key = hashlib.sha1(p.read_bytes()).hexdigest()
        if key not in cache:
            out = subprocess.run(["pdfinfo", str(p)], stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, text=True, errors="replace").stdout
            cache[key] = next((int(l.split()[-1]) for l in out.splitlines()
                               if l.startswith("Pages:")), 0)
        total += cache[key]
    return total


# ----------------------------------------------------------------------------- main

def find_clausier(arg):
    if arg:
        path = Path(arg)
        if not path.is_file():
            sys.exit(f"no clausier binary at {arg}")
        return path.resolve()
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    if not target.is_absolute():
        target = REPO / target
    path = target / "release" / "clausier"
    if not path.is_file():
        log("building clausier (cargo build --release)…")
        subprocess.run(["cargo", "build", "--release"], cwd=REPO, check=True)
    return path


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def fmt(x, digits=1):
    return f"{x:,.{digits}f}".replace(",", " ")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=5000, help="documents in the synthetic archive (default 5000)")
    ap.add_argument("--clausier", help="clausier binary (default: target/release/clausier, built if missing)")
    ap.add_argument("--archive", help="archive folder: built there if empty or missing (and kept), reused otherwise")
    ap.add_argument("--keep", action="store_true", help="keep the temporary archive and print where it is")
    ap.add_argument("--quick", action="store_true", help="smoke test: 500 documents, 1 run per setting")
    ap.add_argument("--runs", type=int, default=None, help="runs per setting, median reported (default 3, 1 with --quick)")
    args = ap.parse_args()

    n_docs = 500 if args.quick else args.docs
    runs = args.runs or (1 if args.quick else 3)
    if not shutil.which("pdftotext"):
        sys.exit("pdftotext not found (install poppler-utils)")
    clausier = find_clausier(args.clausier)
    help_text = subprocess.run([str(clausier), "scan", "--help"], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True).stdout
    quiet = "--quiet" in help_text
    if "--ocr" in help_text:
        SCAN_EXTRA[:] = ["--ocr", "never"]

    work = Path(tempfile.mkdtemp(prefix="clausier-bench-"))
    archive = Path(args.archive).resolve() if args.archive else work / "archive"
    pdf_dir = work / "pdf-only"
    try:
        if args.archive:
            if archive.is_dir() and any(archive.iterdir()):
                log(f"reusing archive {archive}")
            else:
                archive.mkdir(parents=True, exist_ok=True)
                linked, copied = build_archive(archive, n_docs)
                log(f"built archive {archive}: {linked} hard links, {copied} copies")
        else:
            archive.mkdir()
            linked, copied = build_archive(archive, n_docs)
            log(f"built archive: {linked} hard links, {copied} copies")
        files = archive_files(archive)
        pdf_dir.mkdir()
        pdfs = build_pdf_subset(files, pdf_dir)

        full = census(clausier, archive, quiet)
        sub = census(clausier, pdf_dir, quiet)
        pages_full = full["pdf_pages"] + full["non_pdf_docs"]
        pdf_pages = sub["pdf_pages"]
        log(f"archive: {len(files)} files, {full['docs']} documents scanned "
              f"({full['pdf_docs']} PDF / {full['non_pdf_docs']} other), statuses {full['statuses']}")

        # Runs are interleaved (round after round) so that a change of machine load
        # affects every tool and setting alike.
        load_before = os.getloadavg()
        samples = {}
        for rnd in range(runs):
            for j in JOBS:
                log(f"round {rnd + 1}/{runs}, jobs={j}: clausier full scan, PDF-only scan, pdftotext")
                samples.setdefault(("full", j), []).append(clausier_once(clausier, archive, j, quiet))
                samples.setdefault(("pdf", j), []).append(clausier_once(clausier, pdf_dir, j, quiet))
                samples.setdefault(("pdftotext", j), []).append(pdftotext_once(pdfs, j))
        load_after = os.getloadavg()

        def med(key, i):
            return statistics.median(s[i] for s in samples[key])

        check = pdfinfo_pages(pdfs)
        rows = {}
        for j in JOBS:
            wall, rss = med(("full", j), 0), max(s[1] for s in samples[("full", j)])
            pwall, prss = med(("pdf", j), 0), max(s[1] for s in samples[("pdf", j)])
            twall = med(("pdftotext", j), 0)
            rows[j] = {
                "wall": wall, "docs_s": full["docs"] / wall, "pages_s": pages_full / wall,
                "rss": rss / 2**20, "pdf_pages_s_full": full["pdf_pages"] / wall,
                "pdf_wall": pwall, "pdf_pages_s": pdf_pages / pwall, "pdf_rss": prss / 2**20,
                "tt_wall": twall, "tt_pages_s": pdf_pages / twall,
                "cpu": med(("full", j), 2), "pdf_cpu": med(("pdf", j), 2), "tt_cpu": med(("pdftotext", j), 2),
            }
            r = rows[j]
            r["ratio_full"] = r["pdf_pages_s_full"] / r["tt_pages_s"]
            r["ratio_pdf"] = r["pdf_pages_s"] / r["tt_pages_s"]

        print()
        print(f"`clausier scan --format jsonl` on {full['docs']} documents "
              f"({full['pdf_docs']} PDF, {full['non_pdf_docs']} other); median of {runs} run(s); "
              f"peak RSS = max over the runs.")
        print()
        print("| cores | documents | wall (s) | documents/s | pages/s | peak RSS (MB) "
              "| PDF-only scan: pages/s | PDF-only peak RSS (MB) | pdftotext pages/s (same PDFs) "
              "| ratio full scan / pdftotext | ratio PDF-only / pdftotext |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for j in JOBS:
            r = rows[j]
            print(f"| {j} | {full['docs']} | {fmt(r['wall'], 2)} | {fmt(r['docs_s'])} | {fmt(r['pages_s'])} "
                  f"| {fmt(r['rss'])} | {fmt(r['pdf_pages_s'])} | {fmt(r['pdf_rss'])} | {fmt(r['tt_pages_s'])} "
                  f"| {r['ratio_full']:.2f}× | {r['ratio_pdf']:.2f}× |")
        a, b = rows[JOBS[0]], rows[JOBS[-1]]
        print(f"| speed-up {JOBS[0]}→{JOBS[-1]} | | | {b['docs_s'] / a['docs_s']:.2f}× | {b['pages_s'] / a['pages_s']:.2f}× "
              f"| | {b['pdf_pages_s'] / a['pdf_pages_s']:.2f}× | | {b['tt_pages_s'] / a['tt_pages_s']:.2f}× | | |")
        print()
        print(f"- pages/s of the full scan: {full['pdf_pages']} PDF pages (jsonl `pages`) + "
              f"{full['non_pdf_docs']} non-PDF documents counted as 1 page each = {pages_full} pages.")
        print(f"- PDF subset: {len(pdfs)} PDF files (broken ones included), {pdf_pages} pages "
              f"by clausier's count" + (f", {check} by pdfinfo" if check is not None else "")
              + "; the same page total divides both tools' time.")
        print("- ratio full scan / pdftotext: PDF pages only / full-scan wall time (the non-PDF work is "
              "not credited), divided by pdftotext pages/s.")
        print(f"- pdftotext: one `pdftotext -enc UTF-8 FILE /dev/null` process per PDF, J worker threads; "
              f"{samples[('pdftotext', JOBS[0])][0][1]} of {len(pdfs)} exited non-zero (broken files).")
        r = rows[JOBS[0]]
        print(f"- CPU time (user+sys, jobs=1, median): full scan {r['cpu']:.2f} s, PDF-only scan "
              f"{r['pdf_cpu']:.2f} s, pdftotext {r['tt_cpu']:.2f} s → PDF pages per CPU-second: "
              f"clausier {pdf_pages / r['pdf_cpu']:.1f}, pdftotext {pdf_pages / r['tt_cpu']:.1f} "
              f"({r['tt_cpu'] / r['pdf_cpu']:.2f}×).")
        print(f"- machine: {os.cpu_count()} cores; load average {load_before[0]:.2f} before the timed runs, "
              f"{load_after[0]:.2f} after (anything above 0 competes with the benchmark).")
        print(f"- hard-linked fixtures: the archive holds few distinct files, all in the page cache "
              f"(one untimed warm-up scan per folder before timing).")
    finally:
        if args.keep and not args.archive:
            log(f"archive kept in {archive}")
            shutil.rmtree(pdf_dir, ignore_errors=True)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
