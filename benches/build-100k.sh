#!/usr/bin/env bash
# Build the listing benchmark images (not committed): an NTFS volume (mkntfs + ntfs-3g) and an
# ext4 volume (mke2fs -d), each with 100,000 files in a tree of 1,000 directories.
# Needs root and FUSE. Output: target/bench/ntfs-100k.img, target/bench/ext4-100k.img
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/bench; mkdir -p "$out"
tree=$(mktemp -d /tmp/foothold-100k.XXXXXX)
for d in $(seq 1 1000); do
  mkdir -p "$tree/Users/u$((d % 20))/dir$d"
  for f in $(seq 1 100); do printf '%s\n' "$d/$f" >"$tree/Users/u$((d % 20))/dir$d/file$f.txt"; done
done
rm -f "$out/ext4-100k.img"
mke2fs -q -t ext4 -N 120000 -d "$tree" "$out/ext4-100k.img" 1G
rm -f "$out/ntfs-100k.img"; truncate -s 1G "$out/ntfs-100k.img"
mkntfs -q -F -f "$out/ntfs-100k.img" 2>/dev/null
mnt=$(mktemp -d)
ntfs-3g "$out/ntfs-100k.img" "$mnt"
cp -r "$tree/Users" "$mnt/"
sync; umount "$mnt"
rm -rf "$tree" "$mnt"
ls -la "$out"
