#!/usr/bin/env python3
"""Give an NTFS volume one Volume Shadow Copy store holding an earlier state of it.

Usage: vss_store.py BEFORE AFTER OUT

BEFORE and AFTER are the same NTFS volume (made by mkntfs + ntfs-3g) before and after a
change; OUT is AFTER with the VSS structures Windows would have left had it taken a
snapshot when the volume was BEFORE: the volume header at 0x1E00, a catalog, a store
header, a block list and a store bitmap, laid out as Joachim Metz's format description
(libvshadow, "Volume Shadow Snapshot (VSS) format") gives them, and the old contents of
every 16 KiB block that differs. Windows keeps these in files under `System Volume
Information`; here they go into blocks that are free in AFTER's $Bitmap and zero in both
volumes, and the store's bitmap marks those blocks as free when the snapshot was taken,
so that the snapshot reads them as zeros, as they were. A reader of the store (libvshadow's
`vshadowmount`, foothold) then gives BEFORE (with the VSS header) byte for byte.

Every value is fixed (identifiers, creation time), so the output is the same each run.
"""
import struct
import subprocess
import sys

B = 16384
VSS_ID = bytes.fromhex("6b870838 76c1484e b7ae0404 6e6cc752".replace(" ", ""))
HEADER_AT = 0x1E00
# 2026-11-30T10:00:00Z as a FILETIME.
CREATED = (1796032800 + 11644473600) * 10_000_000
STORE_ID = bytes(range(0x40, 0x50))
SHADOW_COPY_ID = bytes(range(0x50, 0x60))
SET_ID = bytes(range(0x60, 0x70))
VOLUME_ID = bytes(range(0x70, 0x80))


def block_header(record_type, at, next_at=0, relative=0, info_size=0):
    h = VSS_ID + struct.pack("<IIQQQQ", 1, record_type, relative, at, next_at, info_size)
    return h + bytes(128 - len(h))


def main(before, after, out):
    vb = bytearray(open(before, "rb").read())
    va = bytearray(open(after, "rb").read())
    assert len(vb) == len(va) and len(va) % B == 0, "volumes of one size, in 16 KiB blocks"
    assert not any(va[HEADER_AT:HEADER_AT + 512]), "0x1E00 is not free"
    n = len(va) // B
    bytes_per_sector, = struct.unpack_from("<H", va, 0x0B)
    cluster = bytes_per_sector * va[0x0D]
    bitmap = subprocess.run(["icat", after, "6"], check=True, capture_output=True).stdout

    def free(i):
        first, last = i * B // cluster, ((i + 1) * B - 1) // cluster
        clusters_free = all(not (bitmap[c // 8] >> (c % 8)) & 1 for c in range(first, last + 1))
        zero = not any(va[i * B:(i + 1) * B]) and not any(vb[i * B:(i + 1) * B])
        return i > 0 and clusters_free and zero

    spare = [i for i in range(n - 1, 0, -1) if free(i)]
    assert spare, "no free 16 KiB block"
    # The volume header is there before the snapshot too (Windows writes it when shadow
    # copies are first enabled): in both states, naming the catalog.
    header = (VSS_ID + struct.pack("<IIQQQQQ", 1, 1, HEADER_AT, HEADER_AT, 0, spare[0] * B, 0)
              + VOLUME_ID + VOLUME_ID)
    for v in (va, vb):
        v[HEADER_AT:HEADER_AT + len(header)] = header
    changed = [i for i in range(n) if vb[i * B:(i + 1) * B] != va[i * B:(i + 1) * B]]
    per_list = (B - 128) // 32
    lists = -(-len(changed) // per_list) or 1
    need = 3 + lists + len(changed)   # catalog, store header, bitmap, lists, data
    assert len(spare) >= need, f"{need} free 16 KiB blocks needed, {len(spare)} found"
    catalog, store_header, bitmap_at = spare[0], spare[1], spare[2]
    list_blocks = spare[3:3 + lists]
    data = spare[3 + lists:3 + lists + len(changed)]
    used = [catalog, store_header, bitmap_at] + list_blocks + data

    o = bytearray(va)
    # Catalog: one type-2 and one type-3 entry.
    c = bytearray(block_header(2, catalog * B)) + bytearray(B - 128)
    e2 = struct.pack("<QQ", 2, len(va)) + STORE_ID + struct.pack("<QQQ", 1, 0x40, CREATED)
    e3 = (struct.pack("<Q", 3) + struct.pack("<Q", list_blocks[0] * B) + STORE_ID
          + struct.pack("<QQQQQQ", store_header * B, 0, bitmap_at * B, 0, (len(used)) * B, 0))
    c[128:128 + len(e2)] = e2
    c[256:256 + len(e3)] = e3
    o[catalog * B:(catalog + 1) * B] = c
    # Store header and information.
    machine = "WIN-CORPUS".encode("utf-16-le")
    info = (bytes(16) + SHADOW_COPY_ID + SET_ID + struct.pack("<IIII", 0x0D, 1, 0x00420009, 0)
            + struct.pack("<H", len(machine)) + machine + struct.pack("<H", len(machine)) + machine)
    s = bytearray(block_header(4, store_header * B, info_size=len(info))) + info
    o[store_header * B:store_header * B + len(s)] = s
    o[store_header * B + len(s):(store_header + 1) * B] = bytes(B - len(s))
    # Block list: each changed block's old contents.
    for k, at in enumerate(list_blocks):
        nxt = list_blocks[k + 1] * B if k + 1 < len(list_blocks) else 0
        lb = bytearray(block_header(3, at * B, nxt, relative=k * B)) + bytearray(B - 128)
        for j, (orig, kept) in enumerate(zip(changed[k * per_list:(k + 1) * per_list], data[k * per_list:(k + 1) * per_list])):
            struct.pack_into("<QQQII", lb, 128 + 32 * j, orig * B, 0, kept * B, 0, 0)
        o[at * B:(at + 1) * B] = lb
    for orig, kept in zip(changed, data):
        o[kept * B:(kept + 1) * B] = vb[orig * B:(orig + 1) * B]
    # Store bitmap: the blocks the store itself took were free (zeros) at the snapshot.
    bm = bytearray(block_header(6, bitmap_at * B)) + bytearray(B - 128)
    for i in used:
        bm[128 + i // 8] |= 1 << (i % 8)
    o[bitmap_at * B:(bitmap_at + 1) * B] = bm
    open(out, "wb").write(o)
    print(f"{len(changed)} blocks kept, store in {len(used)} free blocks", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:4])
