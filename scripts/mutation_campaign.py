#!/usr/bin/env python3
"""Reliability campaign: many mutated documents of every format, in one `clausier scan`.

Standard library only. See scripts/README.md.

    python3 scripts/mutation_campaign.py                     # 100 000 mutants, 3 GB cap
    python3 scripts/mutation_campaign.py --files 5000        # a quick round
    python3 scripts/mutation_campaign.py --seed 7 --keep     # keep the mutants to replay one

Every fixture the project reads (PDF, DOCX, ODT, FODT, HTML, Markdown, text, RTF, spreadsheets,
notices, zip archives…, fixtures/corpus excepted) is a seed, and mutants are drawn format by
format in equal shares. Each mutant is a seed with one to three mutations: bytes truncated,
flipped, zeroed, duplicated, inserted or spliced from another seed, and for zip-based formats
the same done to one member inside a well-formed zip (so that the damage reaches the XML
walkers, not only the zip reader). Half the zip mutants are archives made here, as buyer
profiles publish them, of mutants of every format (in folders, sometimes a zip inside, the
archive itself damaged now and then). Then one scan reads them all,
under an address-space limit, and the campaign passes when:

- every mutant has exactly one line (path for path),
- no panic escaped (exit code 0 or 1, no "panicked" on stderr),
- no mutant timed out,
- no panic happened in clausier's own code (`at clausier/src/…` in an error or a warning),
  only in third-party parsers (which are caught and coded).

It prints the outcomes by code, the time, the documents per second and the peak memory.
"""

import argparse
import collections
import io
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Each extension the project reads, by the format that reads it: mutants are drawn format by
# format, so that the 86 text fixtures do not make most of the campaign text.
FORMATS = {
    ".pdf": "pdf", ".docx": "docx", ".odt": "odt", ".ott": "odt", ".fodt": "fodt",
    ".oth": "fodt", ".ods": "ods", ".xlsx": "xlsx", ".xls": "xls", ".html": "html",
    ".htm": "html", ".md": "md", ".txt": "txt", ".csv": "txt", ".rtf": "rtf", ".xml": "xml",
    ".zip": "zip", ".doc": "doc", ".7z": "7z",
}
# Refused at once (unsupported-archive): a few mutants are enough.
WEIGHTS = {"7z": 0.1}


def seeds():
    files = collections.defaultdict(list)
    for path in sorted((REPO / "fixtures").rglob("*")):
        kind = FORMATS.get(path.suffix.lower())
        if path.is_file() and kind and "corpus" not in path.parts:
            files[kind].append((path, path.read_bytes()))
    if not files:
        sys.exit("no fixtures found")
    return files


def mutate_bytes(data, rng, other):
    data = bytearray(data)
    if not data:
        return bytes(other[: rng.randrange(1, 64)])
    how = rng.randrange(7)
    at = rng.randrange(len(data))
    if how == 0:
        del data[at:]
    elif how == 1:
        for _ in range(rng.randrange(1, 17)):
            i = rng.randrange(len(data))
            data[i] ^= 1 << rng.randrange(8)
    elif how == 2:
        data[at:at + rng.randrange(1, 513)] = bytes(min(len(data) - at, rng.randrange(1, 513)))
    elif how == 3:
        chunk = data[at:at + rng.randrange(1, 4097)]
        data[at:at] = chunk * rng.randrange(1, 4)
    elif how == 4:
        data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 65)))
    elif how == 5:
        start = rng.randrange(len(other)) if other else 0
        data[at:] = other[start:start + rng.randrange(1, 8193)]
    else:
        # Bytes that steer parsers into their corners.
        token = rng.choice([b"<", b">", b"</w:p>", b"<w:p>", b"obj", b"endobj", b"stream",
                            b"endstream", b"/Length 999999", b"\xef\xbb\xbf", b"\x00",
                            b"\xff\xfe", b"&amp;", b"<!DOCTYPE x [", b"{\\rtf1", b"\\'e9",
                            b"\r\n", b"%PDF-1.7", b"PK\x03\x04", b"\xe9"])
        data[at:at] = token * rng.randrange(1, 200)
    return bytes(data)


def stamped(name, method=zipfile.ZIP_DEFLATED):
    """A zip entry dated once and for all: with the current time in its header, the same seed
    gave different mutants from one run to the next."""
    info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
    info.compress_type = method
    return info


def mutate_zip(data, rng, other):
    """Mutates one member of a zip and writes a well-formed zip around it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            members = [(info, z.read(info)) for info in z.infolist()]
    except Exception:
        return mutate_bytes(data, rng, other)
    if not members:
        return mutate_bytes(data, rng, other)
    target = rng.randrange(len(members))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for i, (info, content) in enumerate(members):
            if i == target:
                content = mutate_bytes(content, rng, other)
            z.writestr(stamped(info.filename), content)
    return out.getvalue()


def mutant_of(data, rng, everything):
    """`data` with one to three mutations."""
    _, other = rng.choice(everything)
    mutant = data
    for _ in range(rng.randrange(1, 4)):
        if data[:4] == b"PK\x03\x04" and rng.random() < 0.6:
            mutant = mutate_zip(mutant, rng, other)
        else:
            mutant = mutate_bytes(mutant, rng, other)
    return mutant


def archive_of_mutants(pool, everything, rng, depth=0):
    """A zip as a buyer profile publishes it (pieces in folders, sometimes a zip inside),
    holding mutants of any format: the damage reaches each member's reader through the archive
    walk."""
    out = io.BytesIO()
    kinds = [k for k in pool if k not in ("zip", "7z")]
    method = rng.choice([zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
    with zipfile.ZipFile(out, "w") as z:
        for n in range(rng.randrange(1, 6)):
            folder = rng.choice(["", "Pieces/", "DCE/01 - RC/", "DCE/02 - CCAP/"])
            if depth < 2 and rng.random() < 0.1:
                inner = archive_of_mutants(pool, everything, rng, depth + 1)
                z.writestr(stamped(f"{folder}annexes-{n}.zip", method), inner)
                continue
            path, data = rng.choice(pool[rng.choice(kinds)])
            z.writestr(stamped(f"{folder}{n}-{path.name}", method),
                       mutant_of(data, rng, everything))
    data = out.getvalue()
    # The archive itself damaged now and then: the walk must survive its own reader failing.
    return mutate_bytes(data, rng, data) if depth == 0 and rng.random() < 0.2 else data


def build(folder, count, rng):
    pool = seeds()
    everything = [seed for seeds_of in pool.values() for seed in seeds_of]
    kinds = sorted(pool)
    weights = [WEIGHTS.get(k, 1.0) for k in kinds]
    made = collections.Counter()
    for i in range(count):
        kind = rng.choices(kinds, weights)[0]
        path, data = rng.choice(pool[kind])
        if kind == "zip" and rng.random() < 0.5:
            mutant = archive_of_mutants(pool, everything, rng)
        else:
            mutant = mutant_of(data, rng, everything)
        sub = folder / f"{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{i:06d}-{path.stem[:40]}{path.suffix}").write_bytes(mutant)
        made[kind] += 1
    return made


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--clausier", default=str(REPO / "target" / "release" / "clausier"))
    ap.add_argument("--memory-cap", default="3G", help="address-space limit of the scan (e.g. 3G)")
    ap.add_argument("--timeout", default="10", help="--timeout-per-file of the scan")
    ap.add_argument("--jobs", type=int, default=0)
    ap.add_argument("--keep", action="store_true", help="keep the mutants and the report")
    args = ap.parse_args()
    exe = args.clausier
    if not Path(exe).is_file():
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    cap = int(args.memory_cap.rstrip("GgMm")) << (30 if args.memory_cap[-1] in "Gg" else 20)
    tmp = Path(tempfile.mkdtemp(prefix="clausier-campaign-"))
    try:
        mutants = tmp / "mutants"
        mutants.mkdir()
        rng = random.Random(args.seed)
        started = time.monotonic()
        made = build(mutants, args.files, rng)
        print(f"{sum(made.values())} mutants written in {time.monotonic() - started:.0f} s: "
              + ", ".join(f"{k} {v}" for k, v in made.most_common()))
        report = tmp / "report.jsonl"
        cmd = [exe, "scan", str(mutants), "--format", "jsonl", "--quiet", "-o", str(report),
               "--timeout-per-file", args.timeout]
        if args.jobs:
            cmd += ["--jobs", str(args.jobs)]

        def limit():
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

        started = time.monotonic()
        child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                 preexec_fn=limit)
        stderr = child.stderr.read().decode("utf-8", "replace")
        _, status, usage = os.wait4(child.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        elapsed = time.monotonic() - started

        expected = {str(p) for p in mutants.rglob("*") if p.is_file()}
        seen = collections.Counter()
        outcomes = collections.Counter()
        own_panics = []
        timeouts = []
        consultations = 0
        for line in report.read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            if doc.get("type") == "consultation":
                # A folder or an archive judged as one consultation: a line of its own, beside
                # its documents' lines.
                consultations += 1
                continue
            path = doc["path"]
            member = path
            # An archive's members are reported under the archive's path.
            for candidate in [path] + [path[:i] for i, c in enumerate(path) if c == "/"]:
                if candidate in expected:
                    member = candidate
                    break
            seen[member] += 1
            error = (doc.get("error") or {}).get("code")
            outcomes[error or doc["status"]] += 1
            if error == "timeout":
                timeouts.append(path)
            # A panic names its file from the crate's folder ("at clausier/src/…" for ours,
            # "at lopdf-0.47.0/src/…" for a third party's): ours is a failure even when a
            # fallback reader read the file (a degraded-extraction warning says so).
            for message in [(doc.get("error") or {}).get("message") or ""] + \
                    [w.get("message") or "" for w in doc.get("warnings") or []]:
                if "(at clausier/" in message:
                    own_panics.append((path, message))
        # A mutant over time in a batch that fills every core (OCR of a scan, on a loaded
        # machine) is a timeout line by design; what must never happen is a mutant that hangs.
        # Each one is read again alone, with six times the limit.
        hangs = []
        for path in timeouts:
            again = subprocess.run([exe, "check", path, "--format", "json", "--timeout-per-file",
                                    str(float(args.timeout) * 6)],
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                   preexec_fn=limit)
            if b'"timeout"' in again.stdout:
                hangs.append(path)
        missing = expected - set(seen)
        lines = sum(seen.values())
        print(f"scan: {len(expected)} mutants, {lines} document lines (+{consultations} "
              f"consultation lines), {elapsed:.0f} s, "
              f"{len(expected) / elapsed:.0f} files/s, exit {code}, "
              f"peak memory {usage.ru_maxrss / 1024:.0f} MB under a {args.memory_cap} address-space cap")
        print("outcomes: " + ", ".join(f"{k} {v}" for k, v in outcomes.most_common()))
        problems = []
        if missing:
            problems.append(f"{len(missing)} mutants without a line, e.g. {sorted(missing)[:3]}")
        if code not in (0, 1) or "panicked" in stderr:
            problems.append(f"exit {code}; stderr: {stderr[-2000:]}")
        if timeouts:
            print(f"{len(timeouts)} timeouts in the batch, {len(timeouts) - len(hangs)} of them "
                  f"read alone within {float(args.timeout) * 6:.0f} s")
        if hangs:
            problems.append(f"{len(hangs)} mutants over time even alone, e.g. {hangs[:3]}")
        if own_panics:
            problems.append(f"{len(own_panics)} panics in clausier's code, e.g. {own_panics[:3]}")
        for p in problems:
            print("FAIL: " + p)
        if not problems:
            print(f"PASS: {len(expected)} mutants, every one reported, no escaped panic, no hang")
        if args.keep:
            print(f"kept in {tmp}", file=sys.stderr)
        sys.exit(1 if problems else 0)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
