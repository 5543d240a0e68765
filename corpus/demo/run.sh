#!/usr/bin/env bash
# The README's first command: build foothold, scan the demo disk for persistence, and show
# what it reads from it.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release -q -p foothold-cli
mkdir -p target/demo
[ -f target/demo/demo.img ] || zstd -q -d corpus/demo/demo.img.zst -o target/demo/demo.img
bin=target/release/foothold
echo "== foothold info"; $bin info target/demo/demo.img
echo; echo "== foothold scan (tasks, services, cron, events)"; $bin scan target/demo/demo.img
echo; echo "== foothold timeline (the first rows)"; $bin timeline target/demo/demo.img 2>/dev/null | sed -n 1,12p
echo; echo "== scheduled task files (volume 1)"; $bin ls target/demo/demo.img /Windows/System32/Tasks --volume 1
echo; echo "== cron files (volume 2)"; $bin ls target/demo/demo.img /etc --volume 2 | grep -E 'cron|systemd|path'
echo; echo "== one task file, as stored (UTF-16LE)"; $bin cat target/demo/demo.img '/Windows/System32/Tasks/OneDrive Updater {5A1B}' --volume 1 | iconv -f UTF-16LE -t UTF-8 | head -20
