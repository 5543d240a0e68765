#!/usr/bin/env bash
# Read throughput of every container format against raw, in one run.
# Builds a 1 GiB ext4 disk image from /usr/lib/x86_64-linux-gnu (real binaries: a realistic
# mix of compressible and incompressible data), converts it with qemu-img and ewfacquire,
# then runs read-throughput (sequential 1 MiB reads and 4-thread random 4 KiB reads).
# Needs: e2fsprogs qemu-utils ewf-tools.  Usage: benches/containers.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
d=target/bench/containers; mkdir -p "$d"
raw=$d/disk.raw
if [ ! -f "$raw" ]; then
  mke2fs -q -t ext4 -L BENCH -d /usr/lib/x86_64-linux-gnu "$raw" 1G
fi
mk() { [ -f "$d/$1" ] || "${@:2}"; }
mk disk.qcow2 qemu-img convert -f raw -O qcow2 "$raw" "$d/disk.qcow2"
mk disk-compressed.qcow2 qemu-img convert -f raw -O qcow2 -c "$raw" "$d/disk-compressed.qcow2"
mk disk.vhd qemu-img convert -f raw -O vpc -o subformat=dynamic,force_size=on "$raw" "$d/disk.vhd"
mk disk.vhdx qemu-img convert -f raw -O vhdx "$raw" "$d/disk.vhdx"
mk disk.vmdk qemu-img convert -f raw -O vmdk "$raw" "$d/disk.vmdk"
mk disk-stream.vmdk qemu-img convert -f raw -O vmdk -o subformat=streamOptimized "$raw" "$d/disk-stream.vmdk"
mk disk.E01 ewfacquire -u -q -t "$d/disk" -f encase6 -c deflate:fast "$raw"
mk disk-none.E01 ewfacquire -u -q -t "$d/disk-none" -f encase6 -c none "$raw"
cargo build --release -q -p foothold-benches --bin read-throughput
echo "# $(date -u +%F) $(git rev-parse --short HEAD) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
ls -la "$d"
target/release/read-throughput "$raw" "$d/disk.E01" "$d/disk-none.E01" "$d/disk.qcow2" \
  "$d/disk-compressed.qcow2" "$d/disk.vhd" "$d/disk.vhdx" "$d/disk.vmdk" "$d/disk-stream.vmdk" \
  --rounds "${1:-3}"
