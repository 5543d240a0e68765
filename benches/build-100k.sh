#!/usr/bin/env bash
# Build the listing benchmark images (not committed): an NTFS volume (mkntfs + ntfs-3g) and an
# ext4 volume (mke2fs -d), each with 100,000 files in a tree of 1,000 directories.
# Needs root and FUSE. Output: target/bench/ntfs-100k.img, target/bench/ext4-100k.img
# (`build-100k.sh ext4` builds only the ext4 one, which also holds a Linux root's cron files.)
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/bench; mkdir -p "$out"
tree=$(mktemp -d /tmp/foothold-100k.XXXXXX)
for d in $(seq 1 1000); do
  mkdir -p "$tree/Users/u$((d % 20))/dir$d"
  for f in $(seq 1 100); do printf '%s\n' "$d/$f" >"$tree/Users/u$((d % 20))/dir$d/file$f.txt"; done
done
# A Linux root's scheduled jobs, so `foothold scan` has something to find among the 100k files.
mkdir -p "$tree/etc/cron.d" "$tree/var/spool/cron/crontabs" "$tree/etc/cron.daily" "$tree/etc/systemd/system/timers.target.wants"
printf 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n' >"$tree/etc/passwd"
printf 'SHELL=/bin/sh\n17 * * * * root cd / && run-parts --report /etc/cron.hourly\n' >"$tree/etc/crontab"
for i in $(seq 1 20); do printf '*/%s * * * * root /usr/local/bin/job%s\n' "$i" "$i" >"$tree/etc/cron.d/job$i"; done
printf '@reboot /tmp/.x/run\n' >"$tree/var/spool/cron/crontabs/alice"
printf '#!/bin/sh\n/usr/sbin/logrotate /etc/logrotate.conf\n' >"$tree/etc/cron.daily/logrotate"; chmod 755 "$tree/etc/cron.daily/logrotate"
printf '[Timer]\nOnCalendar=daily\n' >"$tree/etc/systemd/system/t.timer"
printf '[Service]\nExecStart=/bin/true\n' >"$tree/etc/systemd/system/t.service"
ln -s ../t.timer "$tree/etc/systemd/system/timers.target.wants/t.timer"
rm -f "$out/ext4-100k.img"
mke2fs -q -t ext4 -N 120000 -d "$tree" "$out/ext4-100k.img" 1G
if [ "${1:-}" = ext4 ]; then rm -rf "$tree"; ls -la "$out"; exit 0; fi
rm -f "$out/ntfs-100k.img"; truncate -s 1G "$out/ntfs-100k.img"
mkntfs -q -F -f "$out/ntfs-100k.img" 2>/dev/null
mnt=$(mktemp -d)
ntfs-3g "$out/ntfs-100k.img" "$mnt"
cp -r "$tree/Users" "$mnt/"
sync; umount "$mnt"
rm -rf "$tree" "$mnt"
ls -la "$out"
