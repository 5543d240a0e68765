#!/usr/bin/env bash
# `foothold events --all` vs `evtx_dump -o jsonl` (cargo install evtx) on the same logs:
# alternating runs, medians, records per second and the ratio.
# Usage: benches/vs-evtx-dump.sh [RUNS] [LOG…]   (default: the large logs of the real corpus)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}; shift || true
corpus=${FOOTHOLD_REAL_CORPUS:-../shared/corpus-real}
logs=("$@")
[ ${#logs[@]} -gt 0 ] || logs=("$corpus"/evtx/museum__Win2012R2_StolenSzechuan__System.evtx "$corpus"/evtx/museum__Win10_APTSimulatorVM__Security.evtx "$corpus"/evtx/plaso__System.evtx)
bin=target/release/foothold
# The evtx crate's own evtx_dump, pinned, in the project's tool folder (a python-evtx
# `evtx_dump` on PATH is another program).
EVTX_DUMP=${EVTX_DUMP:-$PWD/target/tools/bin/evtx_dump}
"$EVTX_DUMP" --version 2>/dev/null | grep -q '^EVTX Parser 0\.15' \
  || cargo install -q --locked evtx --version 0.15.1 --root target/tools
export EVTX_DUMP
records=0
for l in "${logs[@]}"; do records=$((records + $($bin events --all "$l" | wc -l))); done
t() { local s; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; echo "$(date +%s.%N) - $s" | bc; }
ours=(); theirs=()
for _ in $(seq 1 "$runs"); do
  ours+=("$(t bash -c 'for l in "$@"; do '"$bin"' events --all "$l"; done' _ "${logs[@]}")")
  theirs+=("$(t bash -c 'for l in "$@"; do "$EVTX_DUMP" -o jsonl "$l"; done' _ "${logs[@]}")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mo=$(median "${ours[@]}"); mt=$(median "${theirs[@]}")
echo "records: $records in ${#logs[@]} logs"
awk -v r="$records" -v a="$mo" -v b="$mt" 'BEGIN {
  printf "foothold events --all: median %.3fs (%.0f records/s)\n", a, r / a
  printf "evtx_dump -o jsonl:    median %.3fs (%.0f records/s)\n", b, r / b
  printf "ratio evtx_dump/foothold: %.2fx\n", b / a }'
