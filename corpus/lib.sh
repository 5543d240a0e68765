# Shared helpers for the corpus build scripts. Needs root, FUSE (ntfs-3g) and:
#   apt-get install ntfs-3g sleuthkit e2fsprogs gdisk fdisk dosfstools zstd attr
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${OUT:-$HERE/images}
WORK=${WORK:-$(mktemp -d /tmp/foothold-corpus.XXXXXX)}
MNT=$WORK/mnt
mkdir -p "$OUT" "$MNT"

# ntfs_mount IMG: mount an NTFS image read-write with compression and Windows-style streams.
ntfs_mount() { ntfs-3g -o compression,streams_interface=windows "$1" "$MNT"; }
ntfs_umount() { sync; umount "$MNT"; }

# expect IMG NAME: record what sleuthkit sees, as the oracle for the tests:
#   NAME.fls.txt      per volume: "## volume N offset SECTORS" then `fls -r -p -l` (allocated + deleted)
#   NAME.sha256.txt   per allocated file stream: volume, fls address, sha256 of `icat`
expect() {
  local img=$1 name=$2 fls_out="$OUT/$2.fls.txt" sha_out="$OUT/$2.sha256.txt"
  : >"$fls_out"; : >"$sha_out"
  local vols
  if mmls "$img" >/dev/null 2>&1; then
    # number:start for every allocated partition, numbered as foothold numbers them
    vols=$(python3 "$HERE/partnums.py" "$img")
  else
    vols="-:0"
  fi
  for v in $vols; do
    local num=${v%%:*} off=${v##*:}
    fsstat -o "$off" "$img" >/dev/null 2>&1 || continue
    echo "## volume $num offset $off" >>"$fls_out"
    fls -r -p -l -o "$off" "$img" >>"$fls_out"
    fls -r -p -F -o "$off" "$img" | while IFS=$'\t' read -r meta path; do
      addr=${meta##* }; addr=${addr%:}
      case "$meta" in *'*'*) continue ;; esac
      printf '%s\t%s\t%s\t%s\n' "$num" "$addr" "$(icat -o "$off" "$img" "$addr" | sha256sum | cut -d' ' -f1)" "$path" >>"$sha_out"
    done
  done
}

# store IMG NAME: compress the image into the corpus.
store() { zstd -q -19 -f "$1" -o "$OUT/$2.img.zst"; }
