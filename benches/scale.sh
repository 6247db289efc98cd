#!/usr/bin/env bash
# How time and memory grow with the store: runs `sarpack run` (release build) with GNU time on
# generated stores of 20, 100, 200 and 400 documents x 50 pages, each with case notes numbering a
# tenth of the PDF pages, and prints one table row per size: pages, seconds, pages/s, peak RSS and
# the load average before each run (the machine may be shared), and the CPU time (user + system),
# whose pages per CPU-second do not depend on what else the machine is doing.
#
#   benches/scale.sh [SARPACK_BINARY] [DOCUMENT_COUNTS...]
#
# With SCALE=notes the sizes are numbers of case notes instead, in a store with a single
# one-page document (the notes-heavy case-management export of issue 7):
#
#   SCALE=notes benches/scale.sh ./target/release/sarpack 2000 5000 10000 20000
#
# Extra generator flags go in GENERATE_FLAGS, e.g. GENERATE_FLAGS=--no-phones for a corpus whose
# pack is written (see benches/PERFORMANCE.md). Needs GNU time (apt-get install time).
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-./target/release/sarpack}
shift || true
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(20 100 200 400)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release --locked --quiet --example generate-store
printf "| %9s | %6s | %11s | %8s | %10s | %7s | %9s | %13s | %4s | %s |\n" "PDF pages" "notes" "total pages" "seconds" "pages/s" "CPU s" "pages/CPU-s" "peak RSS MiB" "pack" "load before"
printf "|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|\n" ----------- -------- ------------- ---------- ------------ --------- ----------- --------------- ------ -------------
for size in "${sizes[@]}"; do
  if [ "${SCALE:-pdf}" = notes ]; then
    documents=1 pages=1 notes=$size
  else
    documents=$size pages=50 notes=$((size * 50 / 10))
  fi
  pdf_pages=$((documents * pages))
  rm -rf "$work/corpus" "$work/out"
  ./target/release/examples/generate-store --out "$work/corpus" --documents "$documents" --pages "$pages" --notes "$notes" ${GENERATE_FLAGS:-} >/dev/null
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  status=0
  /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$binary" run "$work/corpus/request.toml" --out "$work/out" --quiet --json >"$work/summary.json" || status=$?
  [ "$status" -ne 0 ] && [ "$status" -ne 3 ] && { echo "sarpack failed: $status" >&2; exit "$status"; }
  read -r seconds rss user sys < <(tail -n 1 "$work/time")
  pack=$(python3 -c "import json,sys; print('yes' if json.load(open(sys.argv[1]))['pack'] else 'no')" "$work/summary.json")
  python3 - "$pdf_pages" "$notes" "$seconds" "$rss" "$pack" "$load" "$user" "$sys" <<'PY'
import sys
pdf, notes, seconds, rss, pack, load, user, system = sys.argv[1:]
cpu = float(user) + float(system)
pdf, notes, seconds, rss = int(pdf), int(notes), float(seconds), int(rss)
total = pdf + notes
print(f"| {pdf:9} | {notes:6} | {total:11} | {seconds:8.2f} | {total / seconds:10.1f} | {cpu:7.2f} | {total / cpu:9.1f} | {rss / 1024:13.1f} | {pack:>4} | {load} |")
PY
done
