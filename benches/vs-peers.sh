#!/usr/bin/env bash
# foothold against its peers, in one session, on the images of benches/build-bench-images.sh:
#   1. persistence scan: `foothold scan` vs dissect.target `target-query -f tasks,services,cronjobs,evtx`
#   2. recursive listing: `foothold ls` vs sleuthkit `fls -r -p`
#   3. event logs: `foothold events --all` vs `evtx_dump -o jsonl` (same loose .evtx files)
#   4. the same scan on the 8 GiB and the 64 GiB disk
# Alternating runs; prints medians, min–max, ratios, peak RSS, and what each scan found.
# Installs its peers: a venv with dissect.target[full] (target/bench/dissect-venv), Debian's
# sleuthkit, `cargo install evtx`. Usage: benches/vs-peers.sh [RUNS]   (default 3)
# DISSECT_RUNS (default RUNS) limits dissect's runs: one takes ~12 minutes on the Windows image.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
dissect_runs=${DISSECT_RUNS:-$runs}
b=target/bench
for img in win-8g.img win-64g.img linux-4g.img; do
  [ -f "$b/$img" ] || { echo "missing $b/$img: run benches/build-bench-images.sh first" >&2; exit 1; }
done
[ "$dissect_runs" -eq 0 ] || [ -x "$b/dissect-venv/bin/target-query" ] || {
  python3 -m venv "$b/dissect-venv"
  "$b/dissect-venv/bin/pip" install -q 'dissect.target[full]'
}
command -v fls >/dev/null || apt-get install -y -qq sleuthkit >/dev/null
# The evtx crate's own evtx_dump, pinned, in the project's tool folder (not whatever
# `evtx_dump` is on PATH).
EVTX_DUMP=${EVTX_DUMP:-$PWD/target/tools/bin/evtx_dump}
"$EVTX_DUMP" --version 2>/dev/null | grep -q '^EVTX Parser 0\.15' \
  || cargo install -q --locked evtx --version 0.15.1 --root target/tools
export EVTX_DUMP
cargo build --release -q -p foothold-cli
F=$PWD/target/release/foothold
DQ=$PWD/$b/dissect-venv/bin/target-query
# Timings and outputs stay in target/bench/peers/ (REPORT_ONLY=1 re-prints from them).
TMP=$PWD/$b/peers

# run LABEL CMD...: one timed run, appends "seconds peak_rss_kib" to $TMP/LABEL; the output
# of the last run is kept in $TMP/LABEL.out
run() {
  local label=$1; shift
  /usr/bin/time -f '%e %M' -o "$TMP/t" "$@" >"$TMP/$label.out" 2>/dev/null || true
  tail -1 "$TMP/t" >>"$TMP/$label"
}
stats() { # stats LABEL -> "median min max rss"
  sort -n "$TMP/$1" | awk '{t[NR]=$1; if ($2>r) r=$2} END {printf "%s %s %s %d\n", t[int((NR+1)/2)], t[1], t[NR], r/1024}'
}
row() { # row WHAT OURS THEIRS PEER
  read -r om omin omax orss < <(stats "$2")
  read -r tm tmin tmax trss < <(stats "$3")
  awk -v w="$1" -v p="$4" -v om="$om" -v omin="$omin" -v omax="$omax" -v orss="$orss" \
      -v tm="$tm" -v tmin="$tmin" -v tmax="$tmax" -v trss="$trss" 'BEGIN {
    printf "| %s | %.2f s (%.2f–%.2f), %d MiB | %s: %.2f s (%.2f–%.2f), %d MiB | %.1f× |\n",
      w, om, omin, omax, orss, p, tm, tmin, tmax, trss, (om > 0 ? tm / om : 0) }'
}
evtx_loop() { # evtx_loop TOOL: every loose log, one process each
  for l in "$b"/evtx/*.evtx; do
    case $1 in
      foothold) "$F" events --all "$l" ;;
      foothold-filter) "$F" events "$l" ;;
      *) "$EVTX_DUMP" -o jsonl "$l" ;;
    esac
  done
}
export -f evtx_loop; export F b

if [ -z "${REPORT_ONLY:-}" ]; then
rm -rf "$TMP"; mkdir -p "$TMP"
for i in $(seq 1 "$runs"); do
  for img in win-8g linux-4g; do
    run "scan-$img" "$F" scan "$b/$img.img" --format jsonl
    [ "$i" -le "$dissect_runs" ] && run "dissect-$img" "$DQ" -q -j -f tasks,services,cronjobs,evtx "$b/$img.img"
  done
  run ls-win "$F" ls "$b/win-8g.img" --volume 1 --format jsonl
  run fls-win fls -r -p -o 2048 "$b/win-8g.img"
  run ls-linux "$F" ls "$b/linux-4g.img" --format jsonl
  run fls-linux fls -r -p "$b/linux-4g.img"
  run evtx-foothold bash -c 'evtx_loop foothold'
  run evtx-filter bash -c 'evtx_loop foothold-filter'
  run evtx-dump bash -c 'evtx_loop evtx_dump'
  run evtx-filter-one "$F" events "$b"/evtx/*.evtx
  run evtx-all-one "$F" events --all "$b"/evtx/*.evtx
  run scan-win-64g "$F" scan "$b/win-64g.img" --format jsonl
  run scan-win-8g-nohash "$F" scan "$b/win-8g.img" --no-hash --format jsonl
  run verify-win "$F" verify "$b/win-8g.img"
  run sha256sum-win sha256sum "$b/win-8g.img"
  run events-all-largest "$F" events --all "$b/evtx/Archive-System-2026-10-02-01-00-00-1.evtx"
done
fi

echo "# $(date -u +%F) commit $(git rev-parse --short HEAD), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), release build; $runs alternating runs each ($dissect_runs of dissect)"
echo "inputs: win-8g.img ($(cat $b/win.files 2>/dev/null) files), linux-4g.img ($(cat $b/linux.files 2>/dev/null) files), evtx/ ($(ls $b/evtx | wc -l) logs, $(du -sm $b/evtx | cut -f1) MB, $("$F" events --all "$b"/evtx/Security.evtx | wc -l) records in Security.evtx)"
echo
echo "| what | foothold: median (min–max), peak RSS | peer | peer ÷ foothold |"
echo "|---|---|---|---|"
if [ "$dissect_runs" -gt 0 ]; then
row "persistence scan, Windows 8 GiB" scan-win-8g dissect-win-8g "target-query -f tasks,services,cronjobs,evtx"
row "persistence scan, Linux 4 GiB" scan-linux-4g dissect-linux-4g "target-query -f tasks,services,cronjobs,evtx"
fi
row "recursive listing, NTFS" ls-win fls-win "fls -r -p"
row "recursive listing, ext4" ls-linux fls-linux "fls -r -p"
row "EVTX, every record as JSON" evtx-foothold evtx-dump "evtx_dump -o jsonl"
row "EVTX, persistence filter (events)" evtx-filter evtx-dump "evtx_dump -o jsonl"
row "EVTX, persistence filter, one process for every log (events LOG…)" evtx-filter-one evtx-dump "evtx_dump -o jsonl, a process per log"
row "EVTX, every record, one process for every log (events --all LOG…)" evtx-all-one evtx-dump "evtx_dump -o jsonl, a process per log"
row "verify (MD5, SHA-1, SHA-256), 8 GiB" verify-win sha256sum-win "sha256sum"
row "scan --no-hash vs scan, Windows 8 GiB" scan-win-8g-nohash scan-win-8g "foothold scan (hashing 951 MiB of binaries)"
read -r m _ _ r < <(stats events-all-largest)
echo "| events --all, the largest real log (StolenSzechuan System, 16.8 MB) | $m s, $r MiB | | |"
row "scan, 64 GiB disk vs 8 GiB (same volume)" scan-win-64g scan-win-8g "foothold on 8 GiB"
echo
echo "What each scan found (records by type):"
for img in win-8g linux-4g; do
  echo "- $img foothold: $(python3 -c '
import collections, json, sys
c = collections.Counter()
for l in open(sys.argv[1]):
    d = json.loads(l); c[d.get("artifact")] += 1
print(", ".join(f"{k} {v}" for k, v in sorted(c.items())))' "$TMP/scan-$img.out")"
  [ ! -f "$TMP/dissect-$img.out" ] || echo "- $img dissect: $(python3 -c '
import collections, json, sys
c = collections.Counter()
for l in open(sys.argv[1]):
    d = json.loads(l)
    if d.get("_type") == "record": c[d["_recorddescriptor"][0]] += 1
print(", ".join(f"{k} {v}" for k, v in sorted(c.items())))' "$TMP/dissect-$img.out")"
done
