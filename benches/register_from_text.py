#!/usr/bin/env python3
"""Issue 11 point 2: is the redactor at least as thorough as the verifier on files no one here
wrote? Each PDF gets a store of its own whose register names, as non-consenting third parties,
the people its own text names (poppler's pdftotext: a known forename from patterns/forenames.txt,
not also an English word, followed by a capitalised word; at most 8) and the phone numbers in it
(9 to 13 digits; at most 3), so the redactor has to find every one of them, in whatever layout
the producer wrote, before the verifier looks. Counts records held back (the verifier found what
the redactor left, or a box over live text), whole-run refusals and pending items, and looks for
every register name in each written pack with pdftotext (leaks: goal 0).

Usage: benches/register_from_text.py [SARPACK] [PDF ...]
  default PDFs: ../shared/corpora/pypdf-sample-files, the real-producer fixtures of tests/fixtures
  (pdf, verify, forms, stamp, register-layouts; not the ones made to hold someone else's box over
  live text, which are held back by design) and samples/jade-carter. Needs poppler-utils.
"""

import csv
import json
import pathlib
import re
import subprocess
import sys
import tempfile
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
SARPACK = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "target/release/sarpack")
SUBJECT = "Jade Carter"


def default_pdfs():
    pdfs = sorted((ROOT / "../shared/corpora/pypdf-sample-files").rglob("*.pdf"))
    for folder in ["pdf", "verify", "forms", "stamp", "register-layouts"]:
        pdfs += sorted(
            path for path in (ROOT / "tests/fixtures" / folder).glob("*.pdf")
            # Made to hold someone else's box over live text: held back by design.
            if not (path.name.startswith("leak-") or path.name == "box-over-live-text.pdf")
        )
    pdfs += sorted((ROOT / "samples/jade-carter/store/documents").rglob("*.pdf"))
    return pdfs


def forenames():
    names = set()
    for line in (ROOT / "patterns/forenames.txt").read_text().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        fields = line.split(",")
        if "w" not in fields[2:]:
            names.add(fields[0])
    return names


def pdftotext(path):
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True).stdout.decode("utf-8", "replace")


def register_from(text, known):
    names = []
    for match in re.finditer(r"\b([A-Z][a-z]+) ([A-Z][a-z]{2,})\b", text):
        name = match.group(0)
        if match.group(1) in known and name != SUBJECT and name not in names:
            names.append(name)
    phones = []
    for match in re.finditer(r"(?<![\d])(\+?\d[\d .\-()]{7,16}\d)(?!\d)", text):
        digits = re.sub(r"\D", "", match.group(1))
        if 9 <= len(digits) <= 13 and match.group(1) not in phones:
            phones.append(match.group(1))
    return names[:8], phones[:3]


def run(folder, pdf, names, phones):
    store = folder / "store"
    (store / "documents").mkdir(parents=True)
    with open(store / "people.csv", "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "name", "aliases", "dob", "role", "category", "phone", "address", "consent"])
        out.writerow(["P001", SUBJECT, "", "2004-02-14", "", "subject", "", "", ""])
        number = 2
        for name in names:
            out.writerow([f"P{number:03}", name, "", "", "named in the file", "third-party", "", "", "no"])
            number += 1
        for phone in phones:
            out.writerow([f"P{number:03}", f"Caller Number{number}", "", "", "phone in the file",
                          "third-party", phone, "", "no"])
            number += 1
    (store / "documents" / "record.pdf").write_bytes(pdf.read_bytes())
    with open(store / "documents.csv", "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["path", "date", "title", "type", "author", "agency", "restricted", "restriction_reason", "subjects"])
        out.writerow(["documents/record.pdf", "2020-01-01", "Record", "Letter", "Kevin Osei", "", "false", "", "P001"])
    (folder / "request.toml").write_text(
        'reference = "SAR-TEXT"\nkind = "subject-access"\nreceived = "2026-10-30"\n'
        'region = "england-and-wales"\norganisation = "Example Borough Council"\n'
        '[subject]\nperson_id = "P001"\nname = "Jade Carter"\n[records]\nstore = "store"\n'
    )
    out = folder / "out"
    result = subprocess.run(
        [str(SARPACK), "run", "--quiet", "--json", "--allow-missing-source", "case-notes.csv",
         "--out", str(out), str(folder / "request.toml")],
        capture_output=True,
    )
    if result.returncode not in (0, 3):
        return {"error": result.stderr.decode()[-300:]}
    summary = json.loads(result.stdout)
    failures = out / "v1" / "internal" / "verification-failures.json"
    causes = sorted({c["what"][:160] for c in json.loads(failures.read_text())}) if failures.exists() else []
    leaks = []
    if summary["pack"]:
        with zipfile.ZipFile(out / "v1" / summary["pack"]) as pack:
            for entry in pack.namelist():
                if entry.endswith(".pdf"):
                    path = folder / "shipped.pdf"
                    path.write_bytes(pack.read(entry))
                    flat = " ".join(pdftotext(path).split())
                    leaks += [f"{entry}: {name}" for name in names if name in flat]
    return {
        "pack": bool(summary["pack"]),
        "held_back": summary["held_back"],
        "pending_review": summary["counts"]["pending_review"],
        "causes": causes,
        "leaks": leaks,
    }


def main():
    pdfs = [pathlib.Path(p) for p in sys.argv[2:]] or default_pdfs()
    known = forenames()
    totals = {"files with register terms": 0, "names": 0, "phones": 0, "no pack": 0,
              "records held back": 0, "pending review": 0, "leaks": 0}
    with tempfile.TemporaryDirectory() as work:
        for number, pdf in enumerate(pdfs):
            names, phones = register_from(pdftotext(pdf), known)
            if not names and not phones:
                continue
            outcome = run(pathlib.Path(work) / f"{number:03}", pdf, names, phones)
            totals["files with register terms"] += 1
            totals["names"] += len(names)
            totals["phones"] += len(phones)
            totals["no pack"] += 0 if outcome.get("pack") else 1
            totals["records held back"] += outcome.get("held_back", 0)
            totals["pending review"] += outcome.get("pending_review", 0)
            totals["leaks"] += len(outcome.get("leaks", []))
            print(json.dumps({pdf.name: {"names": names, "phones": phones, **outcome}}, ensure_ascii=False))
    print(json.dumps(totals))


if __name__ == "__main__":
    main()
