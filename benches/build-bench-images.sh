#!/usr/bin/env bash
# Build the peer-benchmark images (not committed) into target/bench/:
#   win-8g.img   GPT disk, 8 GiB sparse: one NTFS volume (8186 MiB) holding a Windows-like tree of
#                ~200k files, the 213-file Tasks tree and a .job from corpus/windows_tasks.py, a
#                SOFTWARE hive with a TaskCache (corpus/task_cache.py), the real Windows 10 SYSTEM
#                hive of the shared corpus (regipy) with .LOG1/.LOG2 beside it, and ~300 MB of
#                event logs: every real .evtx of the shared corpus under Windows names plus
#                archived copies (Archive-Security-….evtx …); and a PE file at every path a task or
#                service runs (benches/plant_binaries.py; needs target/release/foothold built).
#   win-64g.img  the same NTFS volume at the same offset in a 64 GiB sparse disk.
#   linux-4g.img a bare 4 GiB ext4 volume: /usr/share and /usr/include of this machine (~52k real
#                files) plus generated ones to ~200k, and the Debian cron/at/anacron/systemd
#                layout of the corpus (corpus/lib.sh debian_tree) plus the real crontabs.
#   evtx/        the event logs, as loose files (for evtx_dump).
# Needs root, FUSE, ntfs-3g, gdisk, e2fsprogs, xz-utils, python3, at; ../shared/corpus-real.
# Takes ~10 minutes on 2 cores. Usage: benches/build-bench-images.sh [windows|linux]
set -euo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$BENCH/.." && pwd)
source "$REPO/corpus/lib.sh"
REAL=${FOOTHOLD_REAL_CORPUS:-$REPO/../shared/corpus-real}
out=$REPO/target/bench; mkdir -p "$out"
VOL_MIB=8186

build_windows() {
  local tree=$WORK/wintree vol=$WORK/winvol.img
  rm -rf "$tree"; mkdir -p "$tree"
  python3 "$BENCH/make_tree.py" windows "$tree" 200000
  python3 "$REPO/corpus/windows_tasks.py" "$tree" 200
  local cfg=$tree/Windows/System32/config; mkdir -p "$cfg"
  python3 "$REPO/corpus/task_cache.py" "$cfg/SOFTWARE"
  # What tools read to know the Windows folder and version (dissect resolves %windir% from it).
  printf '%s\n' 'cd \Microsoft\Windows NT\CurrentVersion' 'setval 5' \
    SystemRoot 'string:C:\Windows' ProductName 'string:Windows 10 Pro' CurrentBuild 'string:19045' \
    CurrentVersion 'string:6.3' EditionID 'string:Professional' commit | hivexsh -w "$cfg/SOFTWARE"
  # The time zone the real SYSTEM hive names (dissect needs its key to load its task plugin).
  printf '%s\n' 'cd \Microsoft\Windows NT\CurrentVersion' 'add Time Zones' 'cd Time Zones' \
    'add Pacific Standard Time' 'cd Pacific Standard Time' 'setval 4' \
    TZI 'hex:3:e0,01,00,00,00,00,00,00,c4,ff,ff,ff,00,00,0b,00,01,00,02,00,00,00,00,00,00,00,00,00,00,00,03,00,02,00,02,00,00,00,00,00,00,00,00,00' \
    Display 'string:(UTC-08:00) Pacific Time (US & Canada)' Std 'string:Pacific Standard Time' \
    Dlt 'string:Pacific Daylight Time' commit | hivexsh -w "$cfg/SOFTWARE"
  xz -dc "$REAL/hives/regipy__SYSTEM_WIN_10_1709.xz" >"$cfg/SYSTEM"
  : >"$cfg/SYSTEM.LOG1"; : >"$cfg/SYSTEM.LOG2"; : >"$cfg/SOFTWARE.LOG1"; : >"$cfg/SOFTWARE.LOG2"
  local logs=$tree/Windows/System32/winevt/Logs; mkdir -p "$logs"
  # Real logs under the names Windows gives them; then archived copies up to ~300 MB.
  local n=0 f name
  for f in "$REAL"/evtx/*.evtx; do
    n=$((n + 1))
    case "$f" in
      *Security*) name="Security" ;; *Sysmon*|*sysmon*) name="Microsoft-Windows-Sysmon%4Operational" ;;
      *TaskScheduler*) name="Microsoft-Windows-TaskScheduler%4Operational" ;; *System*) name="System" ;;
      *) name="Microsoft-Windows-Log$n%4Operational" ;;
    esac
    [ -e "$logs/$name.evtx" ] && name="$name-$n"
    cp "$f" "$logs/$name.evtx"
  done
  local i=0
  while [ "$(du -sm "$logs" | cut -f1)" -lt 300 ]; do
    i=$((i + 1))
    for f in "$REAL"/evtx/museum__Win2012R2_StolenSzechuan__System.evtx "$REAL"/evtx/museum__Win10_APTSimulatorVM__Security.evtx; do
      case "$f" in *Security*) name=Security ;; *) name=System ;; esac
      cp "$f" "$logs/Archive-$name-2026-10-$(printf %02d $((i % 28 + 1)))-0$((i % 10))-00-00-$i.evtx"
    done
  done
  rm -rf "$out/evtx"; cp -r "$logs" "$out/evtx"
  # A program file (a real PE of the shared corpus plus padding, 256 KiB-2 MiB) wherever a
  # task or service expects one, so that `scan` hashes and describes ~850 files (~950 MiB).
  # (Exit 3: the tree's broken tasks are errors, as they should be; the records are all there.)
  { "$REPO/target/release/foothold" scan "$tree" --only tasks,services --no-hash --format jsonl 2>/dev/null \
    || [ $? -eq 3 ]; } | python3 "$BENCH/plant_binaries.py" "$tree" "$REAL/pe"
  rm -f "$vol"; truncate -s "${VOL_MIB}M" "$vol"
  mkntfs -q -F -f -L Windows "$vol" 2>/dev/null
  ntfs-3g "$vol" "$MNT"
  cp -r "$tree"/* "$MNT/"
  sync; umount "$MNT"
  for size in 8 64; do
    local disk=$out/win-${size}g.img
    rm -f "$disk"; truncate -s "${size}G" "$disk"
    sgdisk -n 1:2048:+${VOL_MIB}M -t 1:0700 -c 1:"Basic data partition" "$disk" >/dev/null
    dd if="$vol" of="$disk" bs=4M oflag=seek_bytes seek=1048576 conv=notrunc,sparse status=none
  done
  find "$tree" -type f | wc -l >"$out/win.files"
  rm -rf "$tree" "$vol"
}

build_linux() {
  local tree=$WORK/linroot
  rm -rf "$tree"; mkdir -p "$tree/usr"
  cp -a /usr/share /usr/include "$tree/usr/" 2>/dev/null || true
  local have; have=$(find "$tree" -type f | wc -l)
  python3 "$BENCH/make_tree.py" linux "$tree" $((200000 - have))
  debian_tree "$tree"
  # The real cron files of the shared corpus where a system keeps them.
  mkdir -p "$tree/etc/cron.d" "$tree/etc/cron.daily" "$tree/etc/systemd/system"
  for f in "$REAL"/cron/*; do
    local b; b=$(basename "$f" | sed 's/^[^_]*__//')
    case "$b" in
      *.timer) cp "$f" "$tree/etc/systemd/system/$b" ;;
      anacrontab) [ -e "$tree/etc/anacrontab" ] || cp "$f" "$tree/etc/anacrontab" ;;
      logrotate.cron) install -m 755 "$f" "$tree/etc/cron.daily/logrotate-real" ;;
      *) cp "$f" "$tree/etc/cron.d/real-${b//./-}" ;;
    esac
  done
  rm -f "$out/linux-4g.img"
  mke2fs -q -t ext4 -N 300000 -L linux-root -d "$tree" "$out/linux-4g.img" 4G
  find "$tree" -type f | wc -l >"$out/linux.files"
  rm -rf "$tree"
}

case "${1:-all}" in
  windows) build_windows ;;
  linux) build_linux ;;
  *) build_windows; build_linux ;;
esac
rm -rf "$WORK"
ls -la "$out"
