#!/usr/bin/env bash
# Build the test corpus with real tools and record sleuthkit's view of each image.
# Run as root on a machine with FUSE:  sudo bash corpus/build.sh
# Outputs corpus/images/NAME.img.zst, NAME.fls.txt, NAME.sha256.txt (see lib.sh).
source "$(dirname "$0")/lib.sh"
cd "$WORK"
trap 'umount "$MNT" 2>/dev/null || true' EXIT

text() { # text N: N lines of compressible, line-numbered text
  seq 1 "$1" | sed 's/^/foothold corpus line /'
}

# ---------------------------------------------------------------- NTFS, every feature
build_ntfs() {
  local img=$WORK/ntfs.img
  rm -f "$img"; truncate -s 48M "$img"
  mkntfs -q -F -L FOOTHOLD-NTFS -c 4096 "$img" 2>/dev/null
  ntfs_mount "$img"
  # A Windows-like tree with a task file.
  mkdir -p "$MNT/Windows/System32/Tasks/Microsoft/Windows/Defrag" "$MNT/Windows/Tasks"
  printf 'task xml placeholder for the filesystem tests\n' >"$MNT/Windows/System32/Tasks/Microsoft/Windows/Defrag/ScheduledDefrag"
  # Resident and non-resident files.
  printf 'hello' >"$MNT/small.txt"
  text 4000 >"$MNT/medium.txt"
  # LZNT1-compressed folder.
  mkdir "$MNT/comp"
  setfattr -n system.ntfs_attrib_be -v 0x00000800 "$MNT/comp"
  text 30000 >"$MNT/comp/compressed.txt"
  head -c 70000 /dev/urandom >"$MNT/comp/incompressible.bin"
  { text 2000; head -c 20000 /dev/zero; text 2000; } >"$MNT/comp/mixed.txt"
  # Alternate data streams.
  printf 'visible\n' >"$MNT/ads.txt"
  printf 'hidden payload\n' >"$MNT/ads.txt:hidden"
  text 2000 >"$MNT/ads.txt:big"
  # Sparse file.
  truncate -s 10M "$MNT/sparse.bin"
  printf 'in the middle' | dd of="$MNT/sparse.bin" bs=1 seek=5000000 conv=notrunc status=none
  # Unicode and odd names.
  mkdir -p "$MNT/ünïcødé/папка"
  printf 'unicode\n' >"$MNT/ünïcødé/папка/файл.txt"
  printf 'braces\n' >"$MNT/name with spaces {braces}.txt"
  printf 'sid\n' >"$MNT/S-1-5-21-1111-2222-3333-1001"
  # Large directory (B-tree index with INDEX_ALLOCATION).
  mkdir "$MNT/bigdir"
  for i in $(seq 1 3000); do printf '%s\n' "$i" >"$MNT/bigdir/file_$i.txt"; done
  # Hard link and symlink.
  ln "$MNT/small.txt" "$MNT/hardlink.txt"
  ln -s small.txt "$MNT/symlink.txt"
  # Deleted file: its record stays, unallocated.
  printf 'I was here\n' >"$MNT/deleted.txt"
  sync; rm "$MNT/deleted.txt"
  # $DATA split across records through $ATTRIBUTE_LIST: fragment free space, then write.
  mkdir "$MNT/frag"
  for i in $(seq 1 2400); do head -c 4096 /dev/zero | tr '\0' 'x' >"$MNT/frag/f$i"; done
  dd if=/dev/zero of="$MNT/frag/filler" bs=1M status=none 2>/dev/null || true   # fill the volume
  sync
  for i in $(seq 1 2 2400); do rm "$MNT/frag/f$i"; done
  sync
  text 300000 >"$WORK/long.txt"
  head -c 4500000 "$WORK/long.txt" >"$MNT/fragmented.txt"
  ntfs_umount
  store "$img" ntfs-features
  expect "$img" ntfs-features
}

# ---------------------------------------------------------------- ext4 with htree, symlinks, deleted
build_ext4() {
  local root=$WORK/ext4root img=$WORK/ext4.img
  rm -rf "$root" "$img"; mkdir -p "$root/etc/cron.d" "$root/var/spool/cron/crontabs" "$root/big" "$root/deep/a/b/c/d/e"
  printf '# /etc/crontab\nSHELL=/bin/sh\n17 * * * * root cd / && run-parts --report /etc/cron.hourly\n' >"$root/etc/crontab"
  printf '*/5 * * * * root /usr/local/bin/beacon.sh\n' >"$root/etc/cron.d/beacon"
  printf '@reboot /tmp/.x/run\n' >"$root/var/spool/cron/crontabs/alice"
  printf 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n' >"$root/etc/passwd"
  for i in $(seq 1 2000); do printf '%s\n' "$i" >"$root/big/entry_with_a_long_name_$i"; done
  text 200000 >"$root/large.txt"
  truncate -s 8M "$root/sparse.bin"; printf 'mid' | dd of="$root/sparse.bin" bs=1 seek=4000000 conv=notrunc status=none
  ln -s /etc/crontab "$root/fastlink"
  ln -s "$(printf 'x%.0s' $(seq 1 100))/target/that/is/long/enough/to/need/a/block" "$root/slowlink"
  printf 'deep\n' >"$root/deep/a/b/c/d/e/file"
  printf 'unicode\n' >"$root/ünïcødé файл.txt"
  printf 'delete me\n' >"$root/deleted.txt"
  mke2fs -q -t ext4 -L FOOTHOLD-EXT4 -d "$root" "$img" 64M
  e2fsck -fyD "$img" >/dev/null 2>&1 || true   # index large directories (htree)
  debugfs -w -R "rm /deleted.txt" "$img" >/dev/null 2>&1
  store "$img" ext4-features
  expect "$img" ext4-features
}

# ---------------------------------------------------------------- ext4 inline_data
build_inline() {
  local root=$WORK/inlroot img=$WORK/inline.img
  rm -rf "$root" "$img"; mkdir -p "$root/dir/sub" "$root/empty"
  printf 'tiny\n' >"$root/tiny.txt"
  printf '%0100d\n' 7 >"$root/hundred.txt"     # > 60 bytes: spills into system.data
  for i in 1 2 3; do printf '%s\n' "$i" >"$root/dir/f$i"; done
  text 100 >"$root/dir/sub/notinline.txt"
  mke2fs -q -t ext4 -O inline_data -L INLINE -d "$root" "$img" 16M
  store "$img" ext4-inline
  expect "$img" ext4-inline
}

# ---------------------------------------------------------------- ext2 and ext3 (block maps, indirect blocks)
build_ext23() {
  local root=$WORK/e2root
  rm -rf "$root"; mkdir -p "$root/d"
  text 400000 >"$root/d/large.txt"                  # ~10 MiB: double indirect with 1 KiB blocks
  printf 'small\n' >"$root/small.txt"
  ln -s d/large.txt "$root/link"
  for t in ext2 ext3; do
    local img=$WORK/$t.img; rm -f "$img"
    mke2fs -q -t $t -b 1024 -L "FOOTHOLD-${t^^}" -d "$root" "$img" 24M
    store "$img" $t-blockmap
    expect "$img" $t-blockmap
  done
}

# ---------------------------------------------------------------- GPT: ESP (FAT) + NTFS + ext4
build_gpt() {
  local img=$WORK/gpt.img
  rm -f "$img"; truncate -s 64M "$img"
  sgdisk -n 1:1M:+8M -t 1:ef00 -c 1:"EFI system partition" \
            -n 2:0:+24M -t 2:0700 -c 2:"Basic data partition" \
            -n 3:0:0 -t 3:8300 -c 3:"linux root" "$img" >/dev/null
  local esp=$WORK/esp.img nt=$WORK/gptntfs.img ex=$WORK/gptext.img root=$WORK/gptroot
  rm -f "$esp" "$nt" "$ex"; truncate -s 8M "$esp"; mkfs.vfat -n ESP "$esp" >/dev/null
  truncate -s 24M "$nt"; mkntfs -q -F -L GPT-NTFS "$nt" 2>/dev/null
  ntfs_mount "$nt"; mkdir -p "$MNT/Windows/System32"; printf 'win\n' >"$MNT/Windows/System32/marker.txt"; ntfs_umount
  rm -rf "$root"; mkdir -p "$root/etc"; printf 'PRETTY_NAME="Foothold Test Linux"\n' >"$root/etc/os-release"
  mke2fs -q -t ext4 -L GPT-EXT4 -d "$root" "$ex" 30M
  dd if="$esp" of="$img" bs=1M seek=1 conv=notrunc,sparse status=none
  dd if="$nt" of="$img" bs=1M seek=9 conv=notrunc,sparse status=none
  dd if="$ex" of="$img" bs=1M seek=33 conv=notrunc,sparse status=none
  store "$img" gpt-disk
  expect "$img" gpt-disk
}

# ---------------------------------------------------------------- MBR: primary ext4, extended with logical NTFS and ext2
build_mbr() {
  local img=$WORK/mbr.img
  rm -f "$img"; truncate -s 48M "$img"
  printf 'label: dos\nstart=2048, size=20480, type=83\nstart=22528, type=5\nstart=24576, size=24576, type=7\nstart=51200, size=40960, type=83\n' | sfdisk -q "$img"
  local a=$WORK/m1.img b=$WORK/m5.img c=$WORK/m6.img root=$WORK/mbrroot
  rm -rf "$root" "$a" "$b" "$c"; mkdir -p "$root/etc"; printf 'root:x:0:0::/root:/bin/sh\n' >"$root/etc/passwd"
  mke2fs -q -t ext4 -L MBR-P1 -d "$root" "$a" 10M
  truncate -s 12M "$b"; mkntfs -q -F -L MBR-LOGICAL "$b" 2>/dev/null
  ntfs_mount "$b"; printf 'logical\n' >"$MNT/in-logical.txt"; ntfs_umount
  mke2fs -q -t ext2 -L MBR-L6 -d "$root" "$c" 20M
  dd if="$a" of="$img" bs=512 seek=2048 conv=notrunc,sparse status=none
  dd if="$b" of="$img" bs=512 seek=24576 conv=notrunc,sparse status=none
  dd if="$c" of="$img" bs=512 seek=51200 conv=notrunc,sparse status=none
  store "$img" mbr-logical
  expect "$img" mbr-logical
}

# ---------------------------------------------------------------- ext4 with a directory cycle (hostile)
build_cycle() {
  local root=$WORK/cycroot img=$WORK/cycle.img
  rm -rf "$root" "$img"; mkdir -p "$root/a/b"; printf 'x\n' >"$root/a/b/file"
  mke2fs -q -t ext4 -L CYCLE -d "$root" "$img" 8M
  debugfs -w -R "link /a /a/b/loop" "$img" >/dev/null 2>&1   # a hard link to a directory: /a/b/loop -> /a
  store "$img" ext4-cycle
  expect "$img" ext4-cycle
}

for step in ${STEPS:-ntfs ext4 inline ext23 gpt mbr cycle}; do
  echo "building $step" >&2
  "build_$step"
done
ls -la "$OUT"
