#!/usr/bin/env python3
"""Writes a fixed-seed set of synthetic sentences with labelled person names, from Microsoft's
presidio-evaluator sentence generator (MIT; its 209 templates written by Microsoft, names and
other values from its FakeNameGenerator.com sample, CC BY-SA 3.0 US, and Faker), for
`cargo run --release --example evaluate -- --synthetic DIR` (issue 14: "a public synthetic PII
set"). The generated sentences are not committed (their names are CC BY-SA); this script and the
pinned versions reproduce them:

    python3 -m venv /tmp/pe-venv
    /tmp/pe-venv/bin/pip install presidio-evaluator==0.3.2 faker==40.63.0
    /tmp/pe-venv/bin/python tests/external/synthetic.py /tmp/synthetic

writes `/tmp/synthetic/test.jsonl` (1,000 sentences, seed 42, the held-out part) and
`/tmp/synthetic/train.jsonl` (1,000 sentences, seed 7, the part to tune on). The two parts draw
from the same templates, so train is not independent of test in sentence shape, only in values.
Runs give the same sentences and names; only the seconds of a generated date-time differ (Faker
draws them relative to the clock), which no person span touches.

One JSON object a line: `{"text": "...", "persons": [[start, end], ...]}`, character offsets of
the generator's PERSON spans (full names, first and last names; titles such as "Mr." are its
TITLE type and not part of the span); a template's written `\\n` is made a line break.
Sentences are kept whether or not they hold a person, so
precision counts every false name.
"""
import json
import random
import sys
from pathlib import Path

from presidio_evaluator.data_generator import PresidioSentenceFaker

PARTS = [("test", 42), ("train", 7)]
SIZE = 1000


def real_newlines(text, spans):
    """Some templates hold a backslash and `n` where a line ends (an address block); a record
    would hold a line break, so each `\\n` becomes one, and the offsets move with it."""
    new = []
    at = []  # at[i]: offset in the new text of old offset i
    i = 0
    while i < len(text):
        at.append(len(new))
        if text.startswith("\\n", i):
            at.append(len(new))
            new.append("\n")
            i += 2
        else:
            new.append(text[i])
            i += 1
    at.append(len(new))
    return "".join(new), [[at[start], at[end]] for start, end in spans]


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for name, seed in PARTS:
        # The generator draws middle initials while it loads its names, before it seeds itself.
        random.seed(seed)
        faker = PresidioSentenceFaker(locale="en_US", lower_case_ratio=0.05, random_seed=seed)
        samples = faker.generate_new_fake_sentences(num_samples=SIZE)
        with open(out / f"{name}.jsonl", "w", encoding="utf-8") as sink:
            for sample in samples:
                persons = sorted(
                    [span.start_position, span.end_position]
                    for span in sample.spans
                    if span.entity_type == "PERSON"
                )
                for start, end in persons:
                    # The generator's offsets must point at its own value.
                    assert 0 <= start < end <= len(sample.full_text), (sample.full_text, start, end)
                text, persons = real_newlines(sample.full_text, persons)
                line = {"text": text, "persons": persons}
                sink.write(json.dumps(line, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
