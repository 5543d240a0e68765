#!/usr/bin/env bash
# foothold's shadow-copy reader against the vsc-core crate on the real Windows-made volume with
# two shadow copies (../shared/corpus-real/images/plaso__vsstest.qcow2): every store read whole
# by each, compared block by block with what libvshadow's vshadowmount exposes, and timed.
# Needs root and FUSE (vshadowmount), qemu-img, libvshadow-utils. RUNS (default 3) alternate.
set -euo pipefail
cd "$(dirname "$0")"
corpus=${FOOTHOLD_REAL_CORPUS:-$(cd .. && pwd)/../shared/corpus-real}
work=$(mktemp -d /tmp/vss-peer.XXXXXX)
trap 'fusermount -u "$work/m" 2>/dev/null || true; rm -rf "$work"' EXIT
qemu-img convert -O raw "$corpus/images/plaso__vsstest.qcow2" "$work/vol.raw"
mkdir "$work/m"; vshadowmount "$work/vol.raw" "$work/m" >/dev/null
(cd vss-peer && cargo build --release -q)
for _ in $(seq "${RUNS:-3}"); do
  vss-peer/target/release/vss-peer "$work/vol.raw" "$work/m/vss1" "$work/m/vss2"
done
