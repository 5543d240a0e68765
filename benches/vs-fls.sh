#!/usr/bin/env bash
# foothold ls vs sleuthkit fls -r on the same image: alternating runs, medians, ratio, peak RSS.
# Usage: benches/vs-fls.sh IMAGE [RUNS]   (build the binary first: cargo build --release)
set -euo pipefail
img=$1; runs=${2:-5}
bin=$(dirname "$0")/../target/release/foothold
t() { /usr/bin/time -f '%e %M' "$@" >/dev/null 2>/tmp/vsfls.$$ || true; tail -1 /tmp/vsfls.$$; }
ours=(); theirs=(); ours_rss=0; theirs_rss=0
for _ in $(seq 1 "$runs"); do
  read -r s m < <(t "$bin" ls "$img" --format jsonl); ours+=("$s"); ((m > ours_rss)) && ours_rss=$m
  read -r s m < <(t fls -r -p -l "$img"); theirs+=("$s"); ((m > theirs_rss)) && theirs_rss=$m
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mo=$(median "${ours[@]}"); mt=$(median "${theirs[@]}")
echo "entries: foothold $("$bin" ls "$img" --format jsonl | wc -l), fls $(fls -r -p "$img" | wc -l)"
echo "foothold ls: median ${mo}s (runs: ${ours[*]}), peak RSS ${ours_rss} KiB"
echo "fls -r -p -l: median ${mt}s (runs: ${theirs[*]}), peak RSS ${theirs_rss} KiB"
awk -v a="$mt" -v b="$mo" 'BEGIN { if (b > 0) printf "ratio fls/foothold: %.1fx\n", a / b }'
