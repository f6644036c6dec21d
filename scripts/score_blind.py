#!/usr/bin/env python3
"""Scores clausier on a blind set of `fixtures/`: documents with `NAME.expected.json` beside them.

Two kinds of blind sets are told apart by their expected files:

* **clause sets** (`fixtures/blind-field/`, `fixtures/blind-3/`): each expected file lists the
  clauses a careful reader finds (`clauses`: kind, form, declared, figures), the document's
  `role`, its `obsolete_references` and `outdated_terms`. Scored with the definitions of
  `score_field.py` (detection precision and recall on documents, kinds, figures, terms), plus
  roles and forms. Explicit negatives (`declared: false`) are not clauses.
* **fact sets** (`fixtures/blind-facts/`): each expected file gives the consultation facts a
  reader takes from the piece (`role`, `nature`, `amount_eur_ht`, `offers_deadline`,
  `sent_date`, `document_date`, `buyer`, `reference`) and `consultation_group`. For every fact:
  right (the same value, or both null), missed (a value expected, none read) or wrong (a value
  read that is not the expected one, including a value where none is stated: a false fact is
  worse than a missing one). Then the grouping: pieces of one consultation must come out as
  one consultation, and pieces of different consultations never together.

The set is scanned once (`clausier scan DIR --format json`), exactly as a user would. This is a
measure, not a test: exit 0 whatever the score; 2 when the scan could not run.

Usage: scripts/score_blind.py fixtures/blind-3 [--bin target/release/clausier] [--json OUT] [-v]
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import score_field  # noqa: E402  (the same definitions as the field corpus)

FACTS = ("role", "nature", "amount_eur_ht", "offers_deadline", "sent_date", "document_date",
         "buyer", "reference")


def fold(text):
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().replace("\u2019", "'").split())


def run_scan(binary, folder):
    proc = subprocess.run([binary, "scan", folder, "--format", "json", "--quiet"],
                          capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        sys.exit(f"clausier scan failed ({proc.returncode}): {proc.stderr.strip()}")
    return json.loads(proc.stdout)


def expected_files(folder):
    out = {}
    for name in sorted(os.listdir(folder)):
        if name.endswith(".expected.json"):
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                out[name[: -len(".expected.json")]] = json.load(f)
    return out


def by_stem(report):
    docs = {}
    for d in report["documents"]:
        base = os.path.basename(d["path"])
        docs[os.path.splitext(base)[0]] = d
    return docs


def clause_truth(expected):
    """The expected file in score_field's shape: positive clauses with their figures."""
    truth = {}
    for stem, e in expected.items():
        clauses = []
        for c in e.get("clauses") or []:
            if c.get("declared", True) is False:
                continue
            clause = {"kind": c["kind"]}
            for field in ("hours", "percent_of_hours", "penalty_per_hour_eur",
                          "award_weight_percent"):
                if c.get(field) not in (None, [], {}):
                    clause[field] = c[field]
            ratio = c.get("hours_ratio")
            if ratio:
                clause["hours_ratio"] = {"hours": ratio.get("hours"),
                                         "per_eur": ratio.get("per_eur", ratio.get("per_eur_ht"))}
            clauses.append(clause)
        truth[stem] = {"clauses": clauses,
                       "outdated_terms": e.get("outdated_terms") or [],
                       "obsolete_references": e.get("obsolete_references") or []}
    return truth


def score_clauses(expected, report, verbose):
    docs = by_stem(report)
    det, kinds, figures, terms, misses = score_field.score(clause_truth(expected), docs, verbose)
    roles = {"expected": 0, "right": 0}
    forms = {"expected": 0, "right": 0}
    for stem, e in expected.items():
        doc = docs.get(stem) or {}
        if e.get("role"):
            roles["expected"] += 1
            if doc.get("role") == e["role"]:
                roles["right"] += 1
            else:
                misses.append(f"{stem}: role {doc.get('role')}, expected {e['role']}")
        for c in e.get("clauses") or []:
            if c.get("declared", True) is False or not c.get("form"):
                continue
            forms["expected"] += 1
            got = [x.get("form") for x in doc.get("clauses") or [] if x["kind"] == c["kind"]
                   and x.get("declared", True)]
            if c["form"] in got:
                forms["right"] += 1
            else:
                misses.append(f"{stem}: {c['kind']} form {got}, expected {c['form']}")
    p = score_field.ratio(det["tp"], det["tp"] + det["fp"])
    r = score_field.ratio(det["tp"], det["tp"] + det["fn"])
    return {"documents": len(expected), "precision": round(p, 2), "recall": round(r, 2),
            "detection": det, "kinds": kinds, "figures": figures, "terms": terms,
            "roles": roles, "forms": forms}, misses


def fact_value(doc, fact):
    facts = doc.get("facts") or {}
    if fact == "role":
        return doc.get("role")
    if fact == "amount_eur_ht":
        return facts.get("amount_eur")
    if fact == "document_date":
        return doc.get("date")
    return facts.get(fact)


def same(fact, got, want):
    if want is None or got is None:
        return got is None and want is None
    if fact == "amount_eur_ht":
        return abs(float(got) - float(want)) < 0.5
    if fact in ("buyer", "reference"):
        return fold(str(got)) == fold(str(want))
    return str(got) == str(want)


def score_facts(expected, report):
    docs = by_stem(report)
    table = {f: {"right": 0, "missed": 0, "wrong": 0, "stated": 0} for f in FACTS}
    misses = []
    for stem, e in expected.items():
        doc = docs.get(stem)
        if doc is None:
            misses.append(f"{stem}: not in the report")
            continue
        for fact in FACTS:
            want, got = e.get(fact), fact_value(doc, fact)
            row = table[fact]
            row["stated"] += want is not None
            if same(fact, got, want):
                row["right"] += 1
            elif got is None:
                row["missed"] += 1
                misses.append(f"{stem}: {fact} missed (expected {want!r})")
            else:
                row["wrong"] += 1
                misses.append(f"{stem}: {fact} {got!r}, expected {want!r}")
    return {"documents": len(expected), "facts": table}, misses


def score_grouping(binary, folder, expected):
    """Pieces named `NNa-…`, `NNb-…` form a folder: of one consultation when their expected
    files give them one `consultation_group`, of different ones when it is null. Each folder is
    scanned alone, as a buyer's DCE folder would be: one consultation with all its pieces is
    right for the first, anything but one consultation holding pieces of both for the second."""
    sets = {}
    for stem, e in expected.items():
        m = re.match(r"^(\d+)[a-z]-", stem)
        if m:
            sets.setdefault(m.group(1), []).append(stem)
    out = {"same": 0, "same_right": 0, "different": 0, "different_right": 0}
    misses = []
    files = os.listdir(folder)
    for number, stems in sorted(sets.items()):
        groups = {expected[s].get("consultation_group") for s in stems}
        one = len(groups) == 1 and None not in groups
        with tempfile.TemporaryDirectory() as tmp:
            for stem in stems:
                for name in files:
                    if os.path.splitext(name)[0] == stem:
                        shutil.copy(os.path.join(folder, name), tmp)
            consultations = run_scan(binary, tmp).get("consultations") or []
        holding = [c for c in consultations if len(c.get("pieces") or []) >= 2]
        if one:
            out["same"] += 1
            right = len(consultations) == 1 and len(consultations[0].get("pieces") or []) == len(stems)
            out["same_right"] += right
            if not right:
                misses.append(f"folder {number}: {len(stems)} pieces of one consultation, "
                              f"{len(consultations)} consultation(s)")
        else:
            out["different"] += 1
            right = not holding
            out["different_right"] += right
            if not right:
                misses.append(f"folder {number}: pieces of different consultations merged")
    return out, misses



def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser.add_argument("folder")
    parser.add_argument("--bin", default=os.path.join(root, "target", "release", "clausier"))
    parser.add_argument("--json", help="write the figures as JSON to this file")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = parser.parse_args()
    expected = expected_files(args.folder)
    report = run_scan(args.bin, args.folder)
    facts = any("clauses" not in e for e in expected.values())
    if facts:
        figures, misses = score_facts(expected, report)
        figures["grouping"], more = score_grouping(args.bin, args.folder, expected)
        misses += more
        print(f"documents  {figures['documents']}")
        print(f"{'fact':<16}{'right':>7}{'missed':>8}{'wrong':>7}{'stated':>8}")
        for fact, row in figures["facts"].items():
            print(f"{fact:<16}{row['right']:>7}{row['missed']:>8}{row['wrong']:>7}"
                  f"{row['stated']:>8}")
        g = figures["grouping"]
        print(f"grouping   {g['same_right']} / {g['same']} DCE folders as one consultation, "
              f"{g['different_right']} / {g['different']} folders of two consultations kept apart")
    else:
        figures, misses = score_clauses(expected, report, args.verbose)
        det = figures["detection"]
        print(f"documents            {figures['documents']}")
        print(f"precision            {figures['precision']:.2f}  ({det['tp']} tp, {det['fp']} fp)")
        print(f"recall               {figures['recall']:.2f}  ({det['tp']} / {det['tp'] + det['fn']})")
        k, f, t = figures["kinds"], figures["figures"], figures["terms"]
        print(f"kinds found          {k['found']} / {k['expected']}  ({k['extra']} unexpected)")
        print(f"figures exact        {f['exact']} / {f['expected']}")
        print(f"terms and references {t['reported']} / {t['expected']}")
        print(f"roles                {figures['roles']['right']} / {figures['roles']['expected']}")
        print(f"forms                {figures['forms']['right']} / {figures['forms']['expected']}")
    if args.verbose:
        print("\nmisses:")
        for miss in misses:
            print("  " + miss)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump({**figures, "misses": misses}, out, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
