#!/usr/bin/env bash
# Runs sarpack and the PyMuPDF peer (benches/pymupdf_redact.py) on the same generated corpus and
# register, on the same cores, and prints pages/second, peak RSS and the ratio.
#
#   benches/compare-pymupdf.sh [DOCUMENTS] [PAGES_PER_DOCUMENT] [NOTES]
#
# The ratio is over the store's PDF pages only (the peer reads nothing else); sarpack's time also
# covers the case notes (NOTES, default 0 so that both tools do the same work) and the whole run:
# gather, detect, decide, redact, stamp, verify and pack. Set SARPACK_SKIP_PEER=1 to time sarpack
# alone (the peer needs about a minute per 1,000 pages on 2 cores).
#
# Needs: pip install pymupdf; GNU time (apt-get install time).
set -euo pipefail
cd "$(dirname "$0")/.."
documents=${1:-20}
pages=${2:-50}
notes=${3:-0}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --locked --quiet --bin sarpack --example generate-store
./target/release/examples/generate-store --out "$work/corpus" --documents "$documents" --pages "$pages" --notes "$notes" >/dev/null
pdf_pages=$(python3 - "$work/corpus/store/documents" <<'PY'
import os, sys, pymupdf as fitz
print(sum(fitz.open(os.path.join(sys.argv[1], name)).page_count for name in os.listdir(sys.argv[1])))
PY
)
echo "corpus: $documents documents x $pages pages = $pdf_pages PDF pages, plus $notes case notes; load average $(cut -d' ' -f1-3 /proc/loadavg)"

# Exit status 3 means the verifier refused the pack: the run is complete, its figures count, and
# the violations are reported below.
status=0
/usr/bin/time -f "%e %M" -o "$work/sarpack.time" \
  ./target/release/sarpack run "$work/corpus/request.toml" --out "$work/out" --quiet --json >"$work/sarpack.json" || status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then
  echo "sarpack failed with exit status $status" >&2
  exit "$status"
fi
read -r s_seconds s_rss < <(tail -n 1 "$work/sarpack.time")

if [ "${SARPACK_SKIP_PEER:-0}" = 1 ]; then
  echo '{}' >"$work/pymupdf.json"
  echo "0 0" >"$work/pymupdf.time"
else
  /usr/bin/time -f "%e %M" -o "$work/pymupdf.time" \
    python3 -W ignore benches/pymupdf_redact.py "$work/corpus/store" "$work/pymupdf" >"$work/pymupdf.json"
fi
read -r p_seconds p_rss < <(tail -n 1 "$work/pymupdf.time")

python3 - "$pdf_pages" "$notes" "$s_seconds" "$s_rss" "$p_seconds" "$p_rss" "$work/pymupdf.json" "$work/sarpack.json" <<'PY'
import json, sys
pdf_pages, notes, s_sec, s_rss, p_sec, p_rss, peer, ours = sys.argv[1:]
pdf_pages, notes = int(pdf_pages), int(notes)
s_sec, p_sec = float(s_sec), float(p_sec)
peer = json.load(open(peer))
ours = json.load(open(ours))
s_rate = pdf_pages / s_sec
print(f"sarpack end to end: {s_sec:8.2f} s  {s_rate:9.1f} PDF pages/s, {(pdf_pages + notes) / s_sec:9.1f} pages/s with notes  peak RSS {int(s_rss)/1024:7.1f} MiB")
print(f"  pack written: {ours.get('pack') is not None}, redactions: {ours.get('redactions')}, verifier violations: {ours.get('violations')}")
if peer:
    p_rate = peer["pages"] / p_sec
    print(f"{peer['tool']:<18}: {p_sec:8.2f} s  {p_rate:9.1f} PDF pages/s  peak RSS {int(p_rss)/1024:7.1f} MiB (parent process), redactions: {peer['redactions']}, workers: {peer['workers']}")
    print(f"ratio: sarpack is {s_rate / p_rate:.1f}x PyMuPDF's rate on the same corpus and register")
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
