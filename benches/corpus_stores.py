#!/usr/bin/env python3
"""Issue 11 figures: files no one here wrote run through sarpack as records stores, all in ONE
store and each ALONE, counting records held back (with the verifier's causes), whole-run
refusals (no pack written) and leaks. The corpora (default: all three) are the PDFs of
../shared/corpora/pypdf-sample-files, the Word files of ../shared/corpora/docx-fixtures and the
emails of ../shared/corpora/mail-fixtures; with `--only pdf|docx|mail` one of them, in one store
and each file alone.

Every file is a document about the subject. The register holds the 197 non-consenting third
parties of the detection corpus (tests/corpus/cases: names, aliases, dates of birth, phones,
addresses) and the one real person the corpus names, the author of GeoTopo ("Martin Thoma"), so
the redactor has real work and the verifier a realistic register to look for. Each written pack
is then opened with unzip and pdftotext, and every register name is looked for in it (leaks:
goal 0).

Usage: benches/corpus_stores.py [--only pdf|docx|mail] [--sarpack PATH]   (needs poppler-utils)
"""

import argparse
import collections
import csv
import json
import pathlib
import re
import subprocess
import sys
import tempfile
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPORA = {
    "pdf": (ROOT / "../shared/corpora/pypdf-sample-files", "*.pdf"),
    "docx": (ROOT / "../shared/corpora/docx-fixtures", "*.docx"),
    "mail": (ROOT / "../shared/corpora/mail-fixtures", "*.eml"),
}
SARPACK = ROOT / "target/release/sarpack"


def pdftotext(path):
    result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True)
    return result.stdout.decode("utf-8", "replace")


def write_store(folder, files, people):
    store = folder / "store"
    (store / "documents").mkdir(parents=True)
    with open(store / "people.csv", "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "name", "aliases", "dob", "role", "category", "phone", "address", "consent"])
        out.writerow(["P001", "Jade Carter", "", "2004-02-14", "", "subject", "", "", ""])
        for number, person in enumerate(people, start=2):
            out.writerow([f"P{number:03}", person["name"], ";".join(person["aliases"]), person["dob"] or "",
                          person["role"], "third-party", person["phone"], person["address"], "no"])
    with open(store / "documents.csv", "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["path", "date", "title", "type", "author", "agency", "restricted", "restriction_reason", "subjects"])
        for number, source in enumerate(files):
            target = f"{number:03}-{source.name}"
            (store / "documents" / target).write_bytes(source.read_bytes())
            out.writerow([f"documents/{target}", f"2020-01-{1 + number % 28:02}", "Document", "Letter", "Kevin Osei", "", "false", "", "P001"])
    (folder / "request.toml").write_text(
        'reference = "SAR-CORPUS"\nkind = "subject-access"\nreceived = "2026-10-30"\n'
        'region = "england-and-wales"\norganisation = "Example Borough Council"\n'
        '[subject]\nperson_id = "P001"\nname = "Jade Carter"\n[records]\nstore = "store"\n'
    )


def run(folder, people):
    out = folder / "out"
    result = subprocess.run(
        [str(SARPACK), "run", "--quiet", "--json", "--allow-missing-source", "case-notes.csv",
         "--out", str(out), str(folder / "request.toml")],
        capture_output=True,
    )
    if result.returncode not in (0, 3):
        return {"error": f"exit {result.returncode}: " + result.stderr.decode()[-400:]}
    summary = json.loads(result.stdout)
    # Each run writes a version folder (out/v1/ on a fresh folder); the summary names the pack
    # relative to it.
    version = out / "v1"
    failures = version / "internal" / "verification-failures.json"
    causes = json.loads(failures.read_text()) if failures.exists() else []
    # The verifier names the file as it would have shipped; the internal schedule says which
    # input that was, and why the items pending review were held before verification.
    held = {}
    pending = collections.Counter()
    with open(version / "internal" / "schedule.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            source = row["source"].split("/")[-1].split("-", 1)[-1]
            if "held back from the pack" in row["notes"]:
                note = row["notes"][row["notes"].index("held back from the pack"):]
                held[source] = note[:700]
            elif row["disposition"] == "pending-review":
                pending[row["reason"][:120]] += 1
    leaks = []
    combined = False
    if summary["pack"]:
        with zipfile.ZipFile(version / summary["pack"]) as pack, tempfile.TemporaryDirectory() as scratch:
            # The combined all-records file is left out when the verifier refuses it (issue 14:
            # a register alias "And" found on its contents page); the separate records still ship.
            combined = "all-records.pdf" in pack.namelist()
            for entry in pack.namelist():
                data = pack.read(entry)
                if entry.endswith(".pdf"):
                    path = pathlib.Path(scratch) / "file.pdf"
                    path.write_bytes(data)
                    text = pdftotext(path)
                else:
                    text = data.decode("utf-8", "replace")
                flat = " ".join(text.split()).lower()
                for person in people:
                    if person["name"].lower() in flat:
                        leaks.append(f"{entry}: {person['name']}")
    return {
        "pack": bool(summary["pack"]),
        "combined": combined,
        "held_back": summary["held_back"],
        "pending_review": summary["counts"]["pending_review"],
        "redacted": summary["counts"]["redacted"],
        "disclosed": summary["counts"]["disclosed"],
        "causes": sorted({f"{c['file']}: {c['location']}: {c['what']}" for c in causes})[:40],
        "held_back_records": held,
        "pending_review_reasons": dict(pending),
        "leaks": leaks,
    }


def main():
    global SARPACK
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", choices=sorted(CORPORA))
    parser.add_argument("--sarpack", type=pathlib.Path, default=SARPACK)
    arguments = parser.parse_args()
    SARPACK = arguments.sarpack
    chosen = [arguments.only] if arguments.only else list(CORPORA)
    files = [path for name in chosen for path in sorted(CORPORA[name][0].rglob(CORPORA[name][1]))]
    people = {}
    for case in sorted((ROOT / "tests/corpus/cases").glob("*.json")):
        for person in json.loads(case.read_text())["people"]:
            if person["category"] == "third-party" and not person["consent"]:
                people.setdefault(person["name"], person)
    people["Martin Thoma"] = {"name": "Martin Thoma", "aliases": [], "dob": None, "role": "author",
                              "phone": "", "address": ""}
    people = list(people.values())
    kinds = collections.Counter(path.suffix for path in files)
    print(f"{len(files)} files ({dict(kinds)}), a register of {len(people)} third parties")
    with tempfile.TemporaryDirectory() as work:
        work = pathlib.Path(work)
        write_store(work / "one", files, people)
        one = run(work / "one", people)
        print(json.dumps({"one store": one}, indent=1))
        alone = {}
        for number, source in enumerate(files):
            folder = work / f"alone-{number:03}"
            write_store(folder, [source], people)
            alone[source.name] = run(folder, people)
        refused = [name for name, result in alone.items() if not result.get("pack")]
        no_combined = [name for name, result in alone.items()
                       if result.get("pack") and not result.get("combined")]
        held = {name: result["held_back_records"].get(name) or result["held_back"]
                for name, result in alone.items() if result.get("held_back")}
        leaks = [leak for result in alone.values() for leak in result.get("leaks", [])]
        print(json.dumps({
            "each alone": {
                "runs": len(alone),
                "no pack": refused,
                "pack without the combined file": no_combined,
                "records held back": held,
                "errors": {name: result["error"] for name, result in alone.items() if result.get("error")},
                "leaks": leaks,
            }
        }, indent=1))


if __name__ == "__main__":
    main()
