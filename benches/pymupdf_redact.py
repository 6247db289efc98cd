#!/usr/bin/env python3
"""The peer sarpack is measured against: a scripted PyMuPDF search-and-redact, the way councils'
own scripts and doc_redaction do it.

For every PDF under STORE/documents it searches every page for every term of the register's third
parties without consent (name, aliases, first name, phone, address), adds a redaction annotation
over each hit, applies the redactions (text under the boxes removed) and saves a compressed copy.
It uses a pool of worker processes (default: one per core) so that it gets the same cores as
sarpack. Prints one JSON line: files, pages, redactions, seconds, pages_per_second.

usage: pymupdf_redact.py STORE OUTDIR [--workers N]
"""
import csv
import json
import os
import sys
import time
from multiprocessing import Pool

try:
    import pymupdf as fitz  # PyMuPDF >= 1.24
except ImportError:  # older PyMuPDF
    import fitz


def register_terms(store):
    terms = set()
    path = os.path.join(store, "people.csv")
    with open(path, newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            if row["category"].strip() != "third-party" or row["consent"].strip() == "yes":
                continue
            name = row["name"].strip()
            terms.add(name)
            terms.add(name.split()[0])
            terms.update(a.strip() for a in row["aliases"].split(";") if a.strip())
            if row["phone"].strip():
                terms.add(row["phone"].strip())
            if row["address"].strip():
                terms.add(row["address"].split(",")[0].strip())
    return sorted(t for t in terms if len(t) >= 2)


TERMS = []


def init(terms):
    global TERMS
    TERMS = terms


def redact(job):
    source, target = job
    document = fitz.open(source)
    hits = 0
    for page in document:
        for term in TERMS:
            for rect in page.search_for(term):
                page.add_redact_annot(rect, fill=(0, 0, 0))
                hits += 1
        page.apply_redactions()
    document.save(target, garbage=3, deflate=True)
    pages = document.page_count
    document.close()
    return pages, hits


def main():
    args = sys.argv[1:]
    workers = os.cpu_count() or 1
    if "--workers" in args:
        index = args.index("--workers")
        workers = int(args[index + 1])
        del args[index : index + 2]
    store, out = args
    os.makedirs(out, exist_ok=True)
    terms = register_terms(store)
    jobs = []
    for folder, _, files in os.walk(os.path.join(store, "documents")):
        for name in sorted(files):
            if name.lower().endswith(".pdf"):
                jobs.append((os.path.join(folder, name), os.path.join(out, f"{len(jobs):06}.pdf")))
    start = time.perf_counter()
    with Pool(workers, initializer=init, initargs=(terms,)) as pool:
        results = pool.map(redact, jobs, chunksize=1)
    seconds = time.perf_counter() - start
    pages = sum(p for p, _ in results)
    print(json.dumps({
        "tool": f"PyMuPDF {fitz.VersionBind}",
        "files": len(jobs),
        "pages": pages,
        "terms": len(terms),
        "redactions": sum(h for _, h in results),
        "workers": workers,
        "seconds": round(seconds, 3),
        "pages_per_second": round(pages / seconds, 1) if seconds else None,
    }))


if __name__ == "__main__":
    main()
