#!/usr/bin/env python3
"""Scores clausier on a corpus of real documents with expected results (a `truth.json`).

The corpus is a folder with `docs/` and `truth.json`, one entry per file: the clauses a reader
found in it (kind, figures, whether the document only points to another piece's clause), the
obsolete legal references and the outdated terms it uses. This script runs `clausier scan` once
over `docs/`, then prints:

* detection: documents with a clause found / expected (recall), documents found with a clause
  that have none (precision); a document that could not be read counts as "no clause found";
* kinds: expected (document, kind) pairs found, and kinds found that were not expected;
* figures: every expected figure (hours, share of hours, ratio, penalty per hour, award weight)
  read exactly on a clause of the same kind;
* terms: every expected outdated term and obsolete reference reported by a finding;
* the list of every miss, so that a reader can see what to look at.

With `--half tune` or `--half validation`, only one half of the corpus is scored, split by a fixed
rule: the first byte of the SHA-256 of the file name, even for the tuning half, odd for the
validation half. Rules are tuned on the first; the second is reported as a validation figure and
its misses are not read one by one (the script does not list them).

Usage: scripts/score_field.py [--bin target/release/clausier] [--corpus DIR] [--half tune|validation]
       [--json OUT] [-v]

Exit code 0 always (this is a measure, not a test); 2 when the scan itself could not run.
"""
import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import unicodedata

FIGURE_FIELDS = ("hours", "percent_of_hours", "hours_ratio", "penalty_per_hour_eur",
                 "award_weight_percent")
TERM_RULES = ("outdated-term",)
REFERENCE_RULES = ("obsolete-legal-reference", "wrong-legal-basis")


def fold(text):
    """Lowercase without accents, apostrophes and dashes unified: for loose matching."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.lower().replace("\u2019", "'").replace("\u2011", "-").replace("\u2013", "-")


def run_scan(binary, docs):
    proc = subprocess.run([binary, "scan", docs, "--format", "json", "--quiet"],
                          capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        sys.exit(f"clausier scan failed ({proc.returncode}): {proc.stderr.strip()}")
    report = json.loads(proc.stdout)
    return {os.path.basename(d["path"]): d for d in report["documents"]}


def declared_clauses(doc):
    """The clauses of a document that say a clause exists (explicit negatives left out)."""
    return [c for c in doc.get("clauses") or [] if c.get("declared", True) is not False]


def all_findings(doc):
    found = list(doc.get("findings") or [])
    for clause in doc.get("clauses") or []:
        found.extend(clause.get("findings") or [])
    return found


def figure_matches(field, expected, params):
    got = params.get(field)
    if field == "hours":
        return sorted(float(h) for h in expected) == sorted(float(h) for h in got or [])
    if field == "hours_ratio":
        if not got:
            return False
        for key in ("hours", "per_eur", "threshold_eur"):
            if expected.get(key) is not None and got.get(key) != float(expected[key]):
                return False
        return True
    return got is not None and float(got) == float(expected)


def expected_figures(clause):
    """(field, value) for every figure the truth states for a clause."""
    figures = []
    for field in FIGURE_FIELDS:
        value = clause.get(field)
        if value in (None, [], {}):
            continue
        figures.append((field, value))
    return figures


def term_keys(entry):
    """The words that must appear in a finding's quote or message for an expected term."""
    keys = re.findall(r"«\s*([^»]+?)\s*»", entry)
    keys += re.findall(r"\(([A-Z]{2,5})\)", entry)
    if not keys:
        keys = [entry.split("—")[0].split("(")[0].strip()]
    return [fold(k) for k in keys if k.strip()]


def reference_keys(entry):
    """Article number and text for an expected obsolete reference ("article 36-I de l'ordonnance")."""
    text = fold(entry)
    article = re.search(r"articles?\s+(\d+)", text)
    source = None
    for name in ("ordonnance", "decret", "code des marches publics", "cmp"):
        if name in text:
            source = name
            break
    return article.group(1) if article else None, source


def finding_text(finding):
    return fold(" ".join(str(finding.get(k) or "") for k in ("quote", "message", "term", "text")))


def score(truth, report, verbose):
    det = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    kinds = {"expected": 0, "found": 0, "extra": 0}
    figures = {"expected": 0, "exact": 0}
    terms = {"expected": 0, "reported": 0}
    misses = []
    for name, expect in sorted(truth.items()):
        if name.startswith("_"):
            continue
        doc = report.get(name)
        if doc is None:
            misses.append(f"{name}: not in the scan's report")
            continue
        unread = doc.get("status") != "ok"
        clauses = [] if unread else declared_clauses(doc)
        exp_clauses = expect.get("clauses") or []
        expected_pos, found_pos = bool(exp_clauses), bool(clauses)
        if expected_pos and found_pos:
            det["tp"] += 1
        elif expected_pos:
            det["fn"] += 1
            why = f"unread ({(doc.get('error') or {}).get('code')})" if unread else "no clause found"
            misses.append(f"{name}: expected a clause, {why}")
        elif found_pos:
            det["fp"] += 1
            misses.append(f"{name}: no clause expected, found "
                          + ", ".join(f"{c['kind']} ({c.get('section')})" for c in clauses))
        else:
            det["tn"] += 1

        found_kinds = {c["kind"] for c in clauses}
        accepted = set()
        for clause in exp_clauses:
            kinds["expected"] += 1
            options = {clause["kind"], *clause.get("accept_also", [])}
            hit = options & found_kinds
            if hit:
                kinds["found"] += 1
                accepted |= hit
            else:
                misses.append(f"{name}: kind {clause['kind']} not found")
            same_kind = [c for c in clauses if c["kind"] in options]
            for field, value in expected_figures(clause):
                figures["expected"] += 1
                if any(figure_matches(field, value, c.get("parameters") or {}) for c in same_kind):
                    figures["exact"] += 1
                else:
                    got = [(c.get("parameters") or {}).get(field) for c in same_kind]
                    misses.append(f"{name}: {clause['kind']}.{field} expected {value}, got {got}")
        extra = found_kinds - accepted
        kinds["extra"] += len(extra)
        for kind in sorted(extra):
            if expected_pos:
                misses.append(f"{name}: extra kind {kind}")

        findings = [] if unread else all_findings(doc)
        term_texts = [finding_text(f) for f in findings if f.get("rule") in TERM_RULES]
        ref_texts = [finding_text(f) for f in findings if f.get("rule") in REFERENCE_RULES]
        for entry in expect.get("outdated_terms") or []:
            terms["expected"] += 1
            keys = term_keys(entry)
            if any(any(k in t for k in keys) for t in term_texts):
                terms["reported"] += 1
            else:
                misses.append(f"{name}: outdated term not reported: {entry}")
        for entry in expect.get("obsolete_references") or []:
            terms["expected"] += 1
            article, source = reference_keys(entry)
            if any((article is None or re.search(rf"\b{article}\b", t))
                   and (source is None or source in t) for t in ref_texts):
                terms["reported"] += 1
            else:
                misses.append(f"{name}: obsolete reference not reported: {entry}")
    return det, kinds, figures, terms, misses


def half(name):
    """The half of the corpus a file belongs to: a fixed rule, the same on every machine."""
    return "tune" if hashlib.sha256(name.encode("utf-8")).digest()[0] % 2 == 0 else "validation"


def ratio(a, b):
    return a / b if b else 1.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser.add_argument("--bin", default=os.path.join(root, "target", "release", "clausier"))
    parser.add_argument("--corpus", default=os.path.join(root, "..", "shared", "corpus", "field"))
    parser.add_argument("--half", choices=("tune", "validation"),
                        help="score one half of the corpus (split by a hash of the file name)")
    parser.add_argument("--json", help="write the figures as JSON to this file")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = parser.parse_args()
    truth_path = os.path.join(args.corpus, "truth.json")
    if not os.path.exists(truth_path):
        print(f"skipped: no corpus at {args.corpus} (it needs docs/ and truth.json)")
        return 0
    with open(truth_path, encoding="utf-8") as f:
        truth = json.load(f)
    if args.half:
        truth = {name: t for name, t in truth.items()
                 if name.startswith("_") or half(name) == args.half}
    report = run_scan(args.bin, os.path.join(args.corpus, "docs"))
    det, kinds, figures, terms, misses = score(truth, report, args.verbose)
    precision = ratio(det["tp"], det["tp"] + det["fp"])
    recall = ratio(det["tp"], det["tp"] + det["fn"])
    n = sum(det.values())
    print(f"documents            {n} ({det['tp'] + det['fn']} with a clause, "
          f"{det['tn'] + det['fp']} without)")
    print(f"precision            {precision:.2f}  ({det['tp']} tp, {det['fp']} fp)")
    print(f"recall               {recall:.2f}  ({det['tp']} / {det['tp'] + det['fn']})")
    print(f"kinds found          {kinds['found']} / {kinds['expected']}  "
          f"({kinds['extra']} unexpected)")
    print(f"figures exact        {figures['exact']} / {figures['expected']}")
    print(f"terms and references {terms['reported']} / {terms['expected']}")
    if args.half == "validation":
        misses = []  # the validation half is a measure: its misses are not read one by one
    if args.verbose or misses:
        print("\nmisses:" if misses else "")
        for miss in misses:
            print("  " + miss)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"precision": precision, "recall": recall, "detection": det,
                       "kinds": kinds, "figures": figures, "terms": terms,
                       "misses": misses}, f, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
