#!/usr/bin/env bash
# Run every fuzz target for a set time (default 30 minutes each), resumable.
#
#   bash fuzz/run-all.sh              # every target, 1800 s each, one after another
#   SECONDS_PER_TARGET=600 bash fuzz/run-all.sh ntfs ext4
#   JOBS=2 bash fuzz/run-all.sh       # two targets at a time (one core each)
#
# Corpora and logs live outside git, in $FOOTHOLD_FUZZ_DIR (default ~/.cache/foothold-fuzz):
# <dir>/corpus/<target>/ grows run after run (seeded from fuzz/seeds.sh), <dir>/done/<target>
# holds the seconds already fuzzed, so a stopped run resumes where it was and a finished
# target is skipped until more time is asked for. Crashes are saved in <dir>/artifacts/<target>/;
# each one becomes a regression test next to the code it crashed (see fuzz/README.md).
# The last line of each target's log (<dir>/logs/<target>.log) gives runs and executions.
set -euo pipefail
cd "$(dirname "$0")"
dir=${FOOTHOLD_FUZZ_DIR:-$HOME/.cache/foothold-fuzz}
want=${SECONDS_PER_TARGET:-1800}
jobs=${JOBS:-1}
mkdir -p "$dir"/{corpus,done,logs,artifacts}
command -v cargo-fuzz >/dev/null || cargo install -q cargo-fuzz
[ -d seeds ] || bash seeds.sh
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(ls fuzz_targets | sed 's/\.rs$//')
export RUSTC_BOOTSTRAP=1
# One build of every target first, so the timed runs fuzz rather than compile.
cargo fuzz build -O

run_one() {
  local t=$1 done_s left
  done_s=$(cat "$dir/done/$t" 2>/dev/null || echo 0)
  left=$((want - done_s))
  if [ "$left" -le 0 ]; then echo "$t: already fuzzed ${done_s} s"; return; fi
  mkdir -p "$dir/corpus/$t" "$dir/artifacts/$t"
  [ -d "seeds/$t" ] && cp -n seeds/"$t"/* "$dir/corpus/$t/" 2>/dev/null || true
  local start=$(date +%s)
  # -timeout: an input running longer than 10 s is reported as a hang; -rss_limit_mb bounds memory.
  cargo fuzz run -O "$t" "$dir/corpus/$t" -- -max_total_time="$left" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$dir/artifacts/$t/" -print_final_stats=1 >"$dir/logs/$t.log" 2>&1 || true
  echo $((done_s + $(date +%s) - start)) >"$dir/done/$t"
  local runs execs
  runs=$(grep -o 'Done [0-9]* runs' "$dir/logs/$t.log" | tail -1 || true)
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$dir/logs/$t.log" | tail -1 || true)
  echo "$t: $(cat "$dir/done/$t") s in all; ${runs:-no summary}; ${execs:-}; crashes: $(ls "$dir/artifacts/$t" | wc -l)"
}
export -f run_one
export dir want
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one {}'
