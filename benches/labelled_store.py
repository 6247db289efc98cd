#!/usr/bin/env python3
"""Issue 14 through the whole pipeline: the labelled texts others wrote (the Enron threads of
Dakle et al. and GUM's Wikinews articles, see tests/external/README.md; not committed) made into
ONE records store of case notes, a thread or an article a note, all about a subject named
nowhere in them, and run through sarpack. Prints what a data protection officer would see: how
many records were disclosed, redacted, or held back because the verifier found a removed word
still showing (with the words that held them), whether the combined file was made, and how many
redactions were made. Every name in these texts belongs to someone the register does not know,
so every redaction and every hold is detection's, consolidation's and the verifier's own work.

Usage: benches/labelled_store.py --emails DIR --news DIR [--sarpack PATH] [--keep DIR]
(--keep writes the store and the run's output to DIR, to read the verifier's findings; DIR holds the `train`, `test` and, for news, `dev` folders that `evaluate` reads.)
"""

import argparse
import collections
import csv
import json
import pathlib
import subprocess
import sys
import tempfile
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent


def email_text(path):
    """An emailcoref thread as `evaluate` reads it: a line's tokens joined by single spaces."""
    lines, line = [], []
    for row in path.read_text(encoding="utf-8").splitlines():
        if row.startswith("#"):
            continue
        if not row.strip():
            if line:
                lines.append(" ".join(line))
                line = []
            continue
        line.append(row.split("\t")[0])
    if line:
        lines.append(" ".join(line))
    return "\n".join(lines)


def gum_text(path):
    """A GUM document as `evaluate` reads it: its tokens joined by single spaces."""
    tokens = []
    for row in path.read_text(encoding="utf-8").splitlines():
        if row.startswith("# ") or not row.strip():
            continue
        columns = row.split("\t")
        tokens.append(columns[1] if len(columns) >= 3 and columns[0].isdigit() else columns[0])
    return " ".join(tokens)


def write_store(folder, notes):
    store = folder / "store"
    store.mkdir(parents=True)
    with open(store / "case-notes.csv", "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "date", "type", "author", "agency", "restricted", "restriction_reason",
                      "subjects", "text"])
        for number, (_, text) in enumerate(notes, start=1):
            out.writerow([f"CN-{number:04}", f"2020-01-{1 + number % 28:02}", "Case note",
                          "Sam Okafor", "", "false", "", "P001", text])
    with open(store / "people.csv", "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "name", "aliases", "dob", "role", "category", "phone", "address", "consent"])
        out.writerow(["P001", "Ysolde Quennevais", "", "2004-02-14", "the subject", "subject", "", "", ""])
        out.writerow(["P900", "Sam Okafor", "", "", "social worker", "professional", "", "", ""])
    (folder / "request.toml").write_text(
        'reference = "SAR-LABELLED"\nkind = "subject-access"\nreceived = "2026-10-30"\n'
        'region = "england-and-wales"\norganisation = "Example Borough Council"\n'
        '[subject]\nperson_id = "P001"\nname = "Ysolde Quennevais"\n[records]\nstore = "store"\n'
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--emails", type=pathlib.Path, required=True)
    parser.add_argument("--news", type=pathlib.Path, required=True)
    parser.add_argument("--sarpack", type=pathlib.Path, default=ROOT / "target/release/sarpack")
    parser.add_argument("--keep", type=pathlib.Path, help="an empty folder to keep the run in")
    args = parser.parse_args()
    notes = [("email " + path.stem, email_text(path))
             for path in sorted(args.emails.glob("*/*.conll"))]
    notes += [("news " + path.stem, gum_text(path)) for path in sorted(args.news.glob("*/*.conll"))]
    if not notes:
        sys.exit("no .conll files under --emails or --news")
    with tempfile.TemporaryDirectory() as work:
        folder = args.keep or pathlib.Path(work)
        write_store(folder, notes)
        out = folder / "out"
        result = subprocess.run(
            [str(args.sarpack), "run", "--quiet", "--allow-missing-source", "documents.csv",
             "--allow-missing-source", "documents", "--out", str(out), str(folder / "request.toml")],
            capture_output=True,
        )
        if result.returncode not in (0, 3):
            sys.exit(f"sarpack exited {result.returncode}: {result.stderr.decode()[-600:]}")
        internal = out / "v1" / "internal"
        rows = list(csv.DictReader(open(internal / "schedule.csv", encoding="utf-8")))
        failures = json.loads((internal / "verification-failures.json").read_text())
        packs = list((out / "v1").glob("*-disclosure-pack.zip"))
        combined = bool(packs) and any(
            name.endswith("all-records.pdf") for name in zipfile.ZipFile(packs[0]).namelist())
    held = sorted({failure["file"] for failure in failures if failure["file"] != "all-records.pdf"})
    words = collections.defaultdict(set)
    for failure in failures:
        what = failure["what"]
        word = what.split("`")[1] if "`" in what else what[:60]
        words[word].add(failure["file"])
    print(json.dumps({
        "records": len(rows),
        "dispositions": dict(collections.Counter(row["disposition"] for row in rows)),
        "held back by the verifier": len(held),
        "combined file made": combined,
        "redactions": sum(int(row["redactions"] or 0) for row in rows),
        "words that held records back (records)": {
            word: len(files) for word, files in sorted(words.items(), key=lambda item: -len(item[1]))
        },
    }, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
