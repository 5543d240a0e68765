#!/usr/bin/env bash
# The 100-image case (benches/build-case.sh) scanned by `foothold case scan` (CLI, all cores),
# by `foothold.case.scan(engine="dask")` on a LocalCluster of 1 and of 2 single-threaded
# workers, and by dissect.target's `target-query -f tasks,services,cronjobs,evtx` over the
# same images one after another (the peer: it has no case mode). Prints a Markdown table:
# total time (median of RUNS, min–max), images/s, records/s, peak RSS.
# Installs: a venv with dissect.target[full] (target/bench/dissect-venv) and a release build
# of the Python package with dask/distributed (target/bench/py-venv).
# Usage: benches/case-100.sh [RUNS]  (default 3; dissect runs once: DISSECT_RUNS)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
dissect_runs=${DISSECT_RUNS:-1}
b=$PWD/target/bench
C=$b/case100
[ -d "$C" ] || { echo "missing $C: run benches/build-case.sh first" >&2; exit 1; }
[ -x "$b/dissect-venv/bin/target-query" ] || {
  python3 -m venv "$b/dissect-venv"
  "$b/dissect-venv/bin/pip" install -q 'dissect.target[full]'
}
if ! "$b/py-venv/bin/python" -c 'import foothold, distributed, psutil' 2>/dev/null; then
  python3 -m venv "$b/py-venv"
  "$b/py-venv/bin/pip" install -q "maturin>=1.5,<2" "distributed==2024.12.1" "dask==2024.12.1" psutil
fi
(cd bindings/python && CARGO_TARGET_DIR=$b/.. VIRTUAL_ENV=$b/py-venv PATH="$b/py-venv/bin:$PATH" \
  "$b/py-venv/bin/maturin" develop -q --release)
cargo build --release -q -p foothold-cli
F=$PWD/target/release/foothold
# Timings and outputs stay in target/bench/case-runs/ (REPORT_ONLY=1 re-prints from them).
T=$b/case-runs
images=$(find "$C" -type f | wc -l)
if [ -z "${REPORT_ONLY:-}" ]; then
rm -rf "$T"; mkdir -p "$T"

for i in $(seq 1 "$runs"); do
  /usr/bin/time -f '%e %M' -o "$T/t" "$F" case scan "$C" --out "$T/cli" --force -q 2>"$T/cli.err" || true
  tail -1 "$T/t" >>"$T/cli.times"
  for w in 1 2; do
    "$b/py-venv/bin/python" benches/case_dask.py "$C" "$T/dask$w-out" "$w" >>"$T/dask$w" 2>"$T/dask$w.err"
  done
done
# dissect: one process per image, one after another; records are its output lines.
for i in $(seq 1 "$dissect_runs"); do
  : >"$T/dissect.lines"; : >"$T/dissect.failed"; peak=0
  start=$(date +%s.%N)
  for img in $(find "$C" -type f | sort); do
    /usr/bin/time -f '%M' -o "$T/m" "$b/dissect-venv/bin/target-query" -q -j -f tasks,services,cronjobs,evtx "$img" \
      >"$T/d.out" 2>/dev/null || echo "$img" >>"$T/dissect.failed"
    wc -l <"$T/d.out" >>"$T/dissect.lines"
    m=$(tail -1 "$T/m"); [ "$m" -gt "$peak" ] && peak=$m
  done
  end=$(date +%s.%N)
  echo "$(echo "$end - $start" | bc) $peak" >>"$T/dissect"
done
fi
# The last run's status of each image (each run appends one line per image).
tail -n "$images" "$T/cli/images.jsonl" >"$T/cli.last"
records=$(awk -F'"records":' '{split($2,a,","); s+=a[1]} END {print s}' "$T/cli.last")
dissect_records=$(awk '{s+=$1} END {print s}' "$T/dissect.lines")

med() { sort -n | awk '{t[NR]=$1} END {print t[int((NR+1)/2)], t[1], t[NR]}'; }
read -r cm cmin cmax < <(cut -d' ' -f1 "$T/cli.times" | med)
crss=$(awk '{if ($2>r) r=$2} END {printf "%d", r/1024}' "$T/cli.times")
read -r dm dmin dmax < <(cut -d' ' -f1 "$T/dissect" | med)
drss=$(awk '{if ($2>r) r=$2} END {printf "%d", r/1024}' "$T/dissect")
echo "# $(date -u +%F) commit $(git rev-parse --short HEAD), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $images images, $runs runs ($dissect_runs of dissect)"
echo "| what | total: median (min–max) | images/s | records/s | peak RSS |"
echo "|---|---|---|---|---|"
awk -v m="$cm" -v a="$cmin" -v z="$cmax" -v n="$images" -v r="$records" -v s="$crss" 'BEGIN {
  printf "| foothold case scan (CLI, 2 threads) | %.2f s (%.2f–%.2f) | %.0f | %.0f | %d MiB |\n", m, a, z, n/m, r/m, s }'
for w in 1 2; do
  python3 - "$T/dask$w" "$images" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
s = [r["scan_s"] for r in rows]; u = [r["startup_s"] for r in rows]; m = statistics.median(s)
r = rows[0]
print(f"| Dask LocalCluster, {r['workers']} worker(s) × 1 thread (cluster up: {statistics.median(u):.2f} s more) "
      f"| {m:.2f} s ({min(s):.2f}–{max(s):.2f}) | {r['images']/m:.0f} | {r['records']/m:.0f} | {max(x['peak_rss_mib'] for x in rows)} MiB (process tree) |")
PY
done
awk -v m="$dm" -v a="$dmin" -v z="$dmax" -v n="$images" -v r="$dissect_records" -v s="$drss" -v f="$(wc -l <"$T/dissect.failed")" 'BEGIN {
  printf "| dissect.target target-query, one image after another | %.2f s (%.2f–%.2f) | %.2f | %.0f | %d MiB (largest process); %d images failed |\n", m, a, z, n/m, r/m, s, f }'
echo
echo "foothold: $records records of $images images ($(grep -c '"status":"failed"' "$T/cli.last") failed); dissect: $dissect_records output lines"
