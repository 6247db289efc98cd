#!/usr/bin/env bash
# Runs sarpack and the PyMuPDF peer (benches/pymupdf_redact.py) on the same generated corpus and
# register, on the same cores, and prints pages/second, peak RSS and the ratio.
#
#   benches/compare-pymupdf.sh [DOCUMENTS] [PAGES_PER_DOCUMENT] [NOTES]
#
# Needs: pip install pymupdf; GNU time (apt-get install time).
set -euo pipefail
cd "$(dirname "$0")/.."
documents=${1:-40}
pages=${2:-50}
notes=${3:-2000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --locked --quiet --bin sarpack --example generate-store
./target/release/examples/generate-store --out "$work/corpus" --documents "$documents" --pages "$pages" --notes "$notes" >/dev/null
total=$((documents * pages))
echo "corpus: $documents documents x $pages pages = $total PDF pages, plus $notes case notes"

/usr/bin/time -f "%e %M" -o "$work/sarpack.time" \
  ./target/release/sarpack run "$work/corpus/request.toml" --out "$work/out" --quiet --json >"$work/sarpack.json"
read -r s_seconds s_rss <"$work/sarpack.time"

/usr/bin/time -f "%e %M" -o "$work/pymupdf.time" \
  python3 benches/pymupdf_redact.py "$work/corpus/store" "$work/pymupdf" >"$work/pymupdf.json"
read -r p_seconds p_rss <"$work/pymupdf.time"

python3 - "$total" "$notes" "$s_seconds" "$s_rss" "$p_seconds" "$p_rss" "$work/pymupdf.json" <<'PY'
import json, sys
total, notes, s_sec, s_rss, p_sec, p_rss, peer = sys.argv[1:]
total, notes = int(total), int(notes)
s_sec, p_sec = float(s_sec), float(p_sec)
peer = json.load(open(peer))
s_rate = total / s_sec
p_rate = peer["pages"] / p_sec
print(f"sarpack end to end: {s_sec:8.2f} s  {s_rate:9.1f} PDF pages/s (plus {notes} notes)  peak RSS {int(s_rss)/1024:7.1f} MiB")
print(f"{peer['tool']:<18}: {p_sec:8.2f} s  {p_rate:9.1f} PDF pages/s (PDFs only)         peak RSS {int(p_rss)/1024:7.1f} MiB (parent)")
print(f"ratio: sarpack is {s_rate / p_rate:.1f}x PyMuPDF's rate on the same corpus and register")
PY
