#!/usr/bin/env python3
"""Crafted hostile evidence: one field at a time, checksums made valid again.

Each input starts from a real corpus container or image (made by ewfacquire, qemu-img,
sgdisk, sfdisk: see corpus/build.sh), changes one length, offset, count or name that a
reader uses in arithmetic or to open another file, and recomputes the format's checksums
(EWF Adler-32, VHD one's complement sum, GPT CRC32) so that the change reaches past the
checksum checks. The aim is a value at the edge: 0, 1, max, max-1, past the end, itself.

    python3 fuzz/crafted.py OUT_DIR                      # write the inputs (and OUT_DIR/MANIFEST.tsv)
    python3 fuzz/crafted.py OUT_DIR --run target/debug/foothold   # and run every command on each
    python3 fuzz/crafted.py OUT_DIR --compare target/release/foothold target/sweep/foothold

With --run, every input goes through `info`, `ls -r`-like `ls /`, `scan --format jsonl` and
`timeline --format jsonl` under `timeout 20` and a 4 GiB address-space limit. It fails
(exit 1) on a panic (exit 101 or "panicked" on stderr), a hang (timeout), a memory failure,
or any exit code other than 0, 1 or 3, and prints one line per input and command.
"""
import argparse
import os
import resource
import struct
import subprocess
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
U64 = (1 << 64) - 1
U32 = (1 << 32) - 1


def unzstd(src: Path) -> bytes:
    return subprocess.run(["zstd", "-q", "-d", "-c", str(src)], check=True, capture_output=True).stdout


def container(name: str) -> bytes:
    return unzstd(ROOT / "corpus" / "containers" / f"{name}.zst")


def image(name: str) -> bytes:
    return unzstd(ROOT / "corpus" / "images" / f"{name}.img.zst")


# ---------------------------------------------------------------- EWF (Adler-32)

def ewf_sections(b: bytes):
    """(offset, type, next, size) of every section descriptor of one segment."""
    out, off = [], 13
    while off + 76 <= len(b) and len(out) < 10_000:
        kind = b[off:off + 16].split(b"\0")[0].decode("ascii", "replace")
        nxt, size = struct.unpack_from("<QQ", b, off + 16)
        out.append((off, kind, nxt, size))
        if kind in ("done", "next") or nxt <= off:
            break
        off = nxt
    return out


def ewf_fix_descriptor(b: bytearray, off: int):
    struct.pack_into("<I", b, off + 72, zlib.adler32(bytes(b[off:off + 72])))


def ewf_section(b: bytes, kind: str):
    return next(s for s in ewf_sections(b) if s[1] == kind)


def ewf_set_table(b: bytes, *, base=None, count=None, entries=None, kind="table") -> bytes:
    """Change the table header (count at 0, base at 8, Adler-32 at 20) or its entries."""
    b = bytearray(b)
    off = ewf_section(b, kind)[0] + 76
    if count is not None:
        struct.pack_into("<I", b, off, count)
    if base is not None:
        struct.pack_into("<Q", b, off + 8, base)
    struct.pack_into("<I", b, off + 20, zlib.adler32(bytes(b[off:off + 20])))
    for i, e in (entries or {}).items():
        struct.pack_into("<I", b, off + 24 + 4 * i, e)
    # The entries' own Adler-32 follows them; recompute it too.
    n = struct.unpack_from("<I", b, off)[0]
    end = off + 24 + 4 * min(n, 1 << 20)
    if end + 4 <= len(b):
        struct.pack_into("<I", b, end, zlib.adler32(bytes(b[off + 24:end])))
    return bytes(b)


def ewf_set_volume(b: bytes, at: int, fmt: str, value: int) -> bytes:
    b = bytearray(b)
    s = ewf_section(b, "volume")
    data = s[0] + 76
    struct.pack_into(fmt, b, data + at, value)
    size = s[3] - 76
    # The volume section's Adler-32 is its last 4 bytes.
    if size >= 8:
        struct.pack_into("<I", b, data + size - 4, zlib.adler32(bytes(b[data:data + size - 4])))
    return bytes(b)


def ewf_set_descriptor(b: bytes, kind: str, *, nxt=None, size=None) -> bytes:
    b = bytearray(b)
    off = ewf_section(b, kind)[0]
    if nxt is not None:
        struct.pack_into("<Q", b, off + 16, nxt)
    if size is not None:
        struct.pack_into("<Q", b, off + 24, size)
    ewf_fix_descriptor(b, off)
    return bytes(b)


def ewf_minimal(base: int) -> bytes:
    """A small one-segment E01 written from scratch (volume, table, done) whose table base
    is `base`: the 317-byte shape of the issue's crafted input."""
    head = b"EVF\x09\x0d\x0a\xff\x00" + b"\x01" + struct.pack("<H", 1) + b"\0\0"
    out = bytearray(head)

    def section(kind: bytes, data: bytes, last=False):
        off = len(out)
        size = 76 + len(data)
        nxt = off if last else off + size
        d = bytearray(kind.ljust(16, b"\0") + struct.pack("<QQ", nxt, size) + b"\0" * 40)
        d += struct.pack("<I", zlib.adler32(bytes(d)))
        out.extend(d + data)

    vol = bytearray(94)
    struct.pack_into("<IIII", vol, 4, 1, 64, 512, 64)  # 1 chunk, 64 sectors of 512, 64 sectors
    struct.pack_into("<I", vol, 90, zlib.adler32(bytes(vol[:90])))
    section(b"volume", bytes(vol))
    table = bytearray(24)
    struct.pack_into("<IIQ", table, 0, 1, 0, base)
    struct.pack_into("<I", table, 20, zlib.adler32(bytes(table[:20])))
    table += struct.pack("<I", 0x7FFF_FFFF)
    table += struct.pack("<I", zlib.adler32(bytes(table[24:])))
    section(b"table", bytes(table))
    section(b"done", b"", last=True)
    return bytes(out)


def ewf_inputs():
    e01 = container("disk-e01.E01")
    yield "ewf-minimal-table-base-overflow.E01", ewf_minimal(U64 - 0xFF), "table base + entry offset wraps u64"
    yield "ewf-minimal-table-base-max.E01", ewf_minimal(1 << 63), "table base past any file"
    yield "ewf-table-base-max.E01", ewf_set_table(e01, base=U64), "table base 2^64-1"
    yield "ewf-table-base-past-end.E01", ewf_set_table(e01, base=len(e01) * 4), "table base past the segment"
    yield "ewf-table-count-zero.E01", ewf_set_table(e01, count=0), "table lists 0 entries"
    yield "ewf-table-count-max.E01", ewf_set_table(e01, count=U32), "table lists 2^32-1 entries"
    yield "ewf-table-entry-max.E01", ewf_set_table(e01, entries={0: 0x7FFF_FFFF}), "first chunk offset at 2^31-1"
    yield "ewf-table-entry-backwards.E01", ewf_set_table(e01, entries={1: 0}), "second chunk before the first"
    yield "ewf-volume-chunks-max.E01", ewf_set_volume(e01, 4, "<I", U32), "chunk count 2^32-1"
    yield "ewf-volume-chunks-zero.E01", ewf_set_volume(e01, 4, "<I", 0), "chunk count 0"
    yield "ewf-volume-sectors-per-chunk-max.E01", ewf_set_volume(e01, 8, "<I", U32), "sectors per chunk 2^32-1"
    yield "ewf-volume-bytes-per-sector-zero.E01", ewf_set_volume(e01, 12, "<I", 0), "bytes per sector 0"
    yield "ewf-volume-bytes-per-sector-one.E01", ewf_set_volume(e01, 12, "<I", 1), "bytes per sector 1"
    yield "ewf-volume-sector-count-max.E01", ewf_set_volume(e01, 16, "<Q", U64), "sector count 2^64-1"
    yield "ewf-section-next-self.E01", ewf_set_descriptor(e01, "volume", nxt=ewf_section(e01, "volume")[0]), "volume section's next is itself"
    yield "ewf-section-next-max.E01", ewf_set_descriptor(e01, "volume", nxt=U64), "next section at 2^64-1"
    yield "ewf-section-size-max.E01", ewf_set_descriptor(e01, "volume", size=U64), "section size 2^64-1"
    yield "ewf-section-size-zero.E01", ewf_set_descriptor(e01, "table", size=0), "table section size 0"


# ---------------------------------------------------------------- qcow2 (no checksum)

def qcow2_set(b: bytes, at: int, fmt: str, value) -> bytes:
    b = bytearray(b)
    struct.pack_into(fmt, b, at, value)
    return bytes(b)


def qcow2_backing(b: bytes, name: bytes) -> bytes:
    """Point the backing file name (offset 8, size 16) at `name`, written after the header."""
    b = bytearray(b)
    hdr_len = struct.unpack_from(">I", b, 100)[0] if struct.unpack_from(">I", b, 4)[0] >= 3 else 72
    at = max(hdr_len, 512)
    b[at:at + len(name)] = name
    struct.pack_into(">QI", b, 8, at, len(name))
    return bytes(b)


def qcow2_inputs(out: Path):
    q = container("disk.qcow2")
    yield "qcow2-backing-dev-stdin.qcow2", qcow2_backing(q, b"/dev/stdin"), "backing file /dev/stdin (blocks if opened)"
    yield "qcow2-backing-dev-zero.qcow2", qcow2_backing(q, b"/dev/zero"), "backing file a device"
    yield "qcow2-backing-absolute.qcow2", qcow2_backing(q, b"/etc/hostname"), "backing file an absolute host path"
    yield "qcow2-backing-dotdot.qcow2", qcow2_backing(q, b"../../../../../../etc/hostname"), "backing file outside the evidence folder"
    yield "qcow2-backing-fifo.qcow2", qcow2_backing(q, b"crafted.fifo"), "backing file a FIFO beside the image"
    yield "qcow2-backing-self.qcow2", qcow2_backing(q, b"qcow2-backing-self.qcow2"), "backing file is itself"
    yield "qcow2-l1-offset-max.qcow2", qcow2_set(q, 40, ">Q", U64), "L1 table at 2^64-1"
    yield "qcow2-l1-size-max.qcow2", qcow2_set(q, 36, ">I", U32), "L1 table of 2^32-1 entries"
    yield "qcow2-size-max.qcow2", qcow2_set(q, 24, ">Q", U64), "virtual size 2^64-1"
    yield "qcow2-cluster-bits-21.qcow2", qcow2_set(q, 20, ">I", 21), "cluster bits 21 (tables misread)"
    l1 = struct.unpack_from(">Q", q, 40)[0]
    yield "qcow2-l1-entry-max.qcow2", qcow2_set(q, l1, ">Q", U64), "first L1 entry all ones"
    l2 = struct.unpack_from(">Q", q, l1)[0] & 0x00FF_FFFF_FFFF_FE00
    if l2:
        yield "qcow2-l2-entry-compressed-max.qcow2", qcow2_set(q, l2, ">Q", (1 << 62) | ((1 << 62) - 1)), "compressed cluster with every size bit set"
        yield "qcow2-l2-entry-max-offset.qcow2", qcow2_set(q, l2, ">Q", 0x00FF_FFFF_FFFF_FE00), "cluster at the largest host offset"


# ---------------------------------------------------------------- VMDK descriptors and sparse extents

def vmdk_descriptor(extents: str) -> bytes:
    return (
        "# Disk DescriptorFile\nversion=1\nCID=fffffffe\nparentCID=ffffffff\n"
        'createType="monolithicFlat"\n\n# Extent description\n' + extents +
        '\n# The Disk Data Base\n#DDB\n\nddb.virtualHWVersion = "4"\n'
    ).encode()


def vmdk_inputs():
    yield "vmdk-extent-dev-stdin.vmdk", vmdk_descriptor('RW 2048 FLAT "/dev/stdin" 0\n'), "extent /dev/stdin"
    yield "vmdk-extent-dev-zero.vmdk", vmdk_descriptor('RW 2048 FLAT "/dev/zero" 0\n'), "extent a device"
    yield "vmdk-extent-absolute.vmdk", vmdk_descriptor('RW 1 FLAT "/etc/hostname" 0\n'), "extent an absolute host path"
    yield "vmdk-extent-dotdot.vmdk", vmdk_descriptor('RW 1 FLAT "../../../../../../etc/hostname" 0\n'), "extent outside the evidence folder"
    yield "vmdk-extent-fifo.vmdk", vmdk_descriptor('RW 1 FLAT "crafted.fifo" 0\n'), "extent a FIFO beside the image"
    yield "vmdk-extent-self.vmdk", vmdk_descriptor('RW 1 SPARSE "vmdk-extent-self.vmdk"\n'), "extent is the descriptor itself"
    yield "vmdk-extent-sectors-max.vmdk", vmdk_descriptor('RW 18446744073709551615 ZERO\n'), "extent of 2^64-1 sectors"
    yield "vmdk-extent-sectors-sum.vmdk", vmdk_descriptor('RW 18014398509481983 ZERO\nRW 18014398509481983 ZERO\n'), "two extents whose bytes sum past 2^64"
    yield "vmdk-extent-offset-max.vmdk", vmdk_descriptor('RW 1 FLAT "crafted.bin" 18446744073709551615\n'), "flat extent at sector offset 2^64-1"
    yield "vmdk-extent-many.vmdk", vmdk_descriptor("RW 1 ZERO\n" * 200_000), "200,000 extents"
    s = bytearray(container("disk-sparse.vmdk"))
    # KDMV header: capacity @12, grain @20, gd_offset @56, num GTEs per GT @44.
    for name, at, fmt, v, why in [
        ("vmdk-sparse-capacity-max.vmdk", 12, "<Q", U64, "capacity 2^64-1 sectors"),
        ("vmdk-sparse-gd-offset-max.vmdk", 56, "<Q", U64, "grain directory at sector 2^64-1"),
        ("vmdk-sparse-gtes-max.vmdk", 44, "<I", U32, "2^32-1 entries per grain table"),
        ("vmdk-sparse-gtes-one.vmdk", 44, "<I", 1, "one entry per grain table"),
        ("vmdk-sparse-grain-max.vmdk", 20, "<Q", 2048, "grain of 2048 sectors"),
    ]:
        c = bytearray(s)
        struct.pack_into(fmt, c, at, v)
        yield name, bytes(c), why


# ---------------------------------------------------------------- VHD (one's complement footer sum)

def vhd_footer_fix(b: bytearray, at: int):
    struct.pack_into(">I", b, at + 64, 0)
    s = sum(b[at:at + 512]) & U32
    struct.pack_into(">I", b, at + 64, (~s) & U32)


def vhd_set(b: bytes, changes, dyn_changes=()) -> bytes:
    b = bytearray(b)
    ends = [len(b) - 512] + ([0] if b[:8] == b"conectix" else [])
    for at in ends:
        for off, fmt, v in changes:
            struct.pack_into(fmt, b, at + off, v)
        vhd_footer_fix(b, at)
    if dyn_changes:
        dyn_at = struct.unpack_from(">Q", b, len(b) - 512 + 16)[0]
        for off, fmt, v in dyn_changes:
            struct.pack_into(fmt, b, dyn_at + off, v)
        # The dynamic header's checksum (at 36) over its 1024 bytes.
        struct.pack_into(">I", b, dyn_at + 36, 0)
        struct.pack_into(">I", b, dyn_at + 36, (~sum(b[dyn_at:dyn_at + 1024])) & U32)
    return bytes(b)


def vhd_inputs():
    d = container("disk-dynamic.vhd")
    yield "vhd-dynamic-size-max.vhd", vhd_set(d, [(48, ">Q", U64)]), "disk size 2^64-1"
    yield "vhd-dynamic-header-offset-max.vhd", vhd_set(d, [(16, ">Q", U64)]), "dynamic header at 2^64-1"
    yield "vhd-dynamic-bat-offset-max.vhd", vhd_set(d, [], [(16, ">Q", U64)]), "block table at 2^64-1"
    yield "vhd-dynamic-bat-entries-max.vhd", vhd_set(d, [], [(28, ">I", U32)]), "2^32-1 block table entries"
    yield "vhd-dynamic-block-size-max.vhd", vhd_set(d, [], [(32, ">I", 1 << 31)]), "block size 2^31"
    bat = struct.unpack_from(">Q", d, struct.unpack_from(">Q", d, len(d) - 512 + 16)[0] + 16)[0]
    c = bytearray(d)
    struct.pack_into(">I", c, bat, 0xFFFF_FFFE)
    yield "vhd-dynamic-bat-entry-max.vhd", bytes(c), "first block at sector 2^32-2"


# ---------------------------------------------------------------- GPT (CRC32) and MBR

def gpt_set(b: bytes, header=(), entry=None, entry_index=0) -> bytes:
    b = bytearray(b)
    h = 512
    for off, fmt, v in header:
        struct.pack_into(fmt, b, h + off, v)
    lba, n, size = struct.unpack_from("<QII", b, h + 72)
    if entry is not None:
        at = lba * 512 + entry_index * 128
        for off, fmt, v in entry:
            struct.pack_into(fmt, b, at + off, v)
    if lba * 512 + min(n * size, 1 << 20) <= len(b) and size:
        arr = bytes(b[lba * 512:lba * 512 + n * size])
        struct.pack_into("<I", b, h + 88, zlib.crc32(arr))
    hs = struct.unpack_from("<I", b, h + 12)[0]
    struct.pack_into("<I", b, h + 16, 0)
    struct.pack_into("<I", b, h + 16, zlib.crc32(bytes(b[h:h + min(hs, 512)])))
    # Leave no backup to fall back on: the damage must be met, not avoided.
    last = len(b) - 512
    b[last:last + 512] = bytes(512)
    return bytes(b)


def mbr_set(b: bytes, slot: int, start=None, count=None, kind=None) -> bytes:
    b = bytearray(b)
    at = 446 + 16 * slot
    if kind is not None:
        b[at + 4] = kind
    if start is not None:
        struct.pack_into("<I", b, at + 8, start)
    if count is not None:
        struct.pack_into("<I", b, at + 12, count)
    return bytes(b)


def table_inputs():
    g = image("gpt-disk")
    yield "gpt-entries-count-max.img", gpt_set(g, [(80, "<I", U32)]), "2^32-1 partition entries"
    yield "gpt-entry-size-max.img", gpt_set(g, [(84, "<I", U32)]), "entry size 2^32-1"
    yield "gpt-entry-size-zero.img", gpt_set(g, [(84, "<I", 0)]), "entry size 0"
    yield "gpt-entries-lba-max.img", gpt_set(g, [(72, "<Q", U64)]), "entry array at LBA 2^64-1"
    yield "gpt-header-size-max.img", gpt_set(g, [(12, "<I", U32)]), "header size 2^32-1"
    yield "gpt-partition-last-max.img", gpt_set(g, entry=[(40, "<Q", U64)]), "partition ending at LBA 2^64-1"
    yield "gpt-partition-first-max.img", gpt_set(g, entry=[(32, "<Q", U64), (40, "<Q", U64)]), "partition at LBA 2^64-1"
    yield "gpt-partition-past-end.img", gpt_set(g, entry=[(32, "<Q", 1 << 40), (40, "<Q", (1 << 40) + 100)]), "partition past the disk's end"
    m = image("mbr-logical")
    ext = next(i for i in range(4) if m[446 + 16 * i + 4] in (0x05, 0x0F, 0x85))
    ext_start = struct.unpack_from("<I", m, 446 + 16 * ext + 8)[0]
    yield "mbr-start-max.img", mbr_set(m, 0, start=U32, count=U32), "partition at sector 2^32-1 of 2^32-1 sectors"
    # The first EBR's link entry (its second slot) pointing back at itself: a ring.
    c = bytearray(m)
    ebr = ext_start * 512
    c[ebr + 446 + 16 + 4] = 0x05
    struct.pack_into("<I", c, ebr + 446 + 16 + 8, 0)
    struct.pack_into("<I", c, ebr + 446 + 16 + 12, 1)
    yield "mbr-ebr-self-loop.img", bytes(c), "extended boot record that links to itself"
    c = bytearray(m)
    struct.pack_into("<I", c, ebr + 446 + 16 + 8, U32)
    yield "mbr-ebr-link-max.img", bytes(c), "EBR link at sector 2^32-1 past the extended partition"


# ---------------------------------------------------------------- registry hives (regf XOR checksum)

class Hive:
    """A registry hive written cell by cell: keys with `li` subkey lists (which may name any
    cell, the key itself included, any number of times), REG_SZ and REG_DWORD values."""

    def __init__(self):
        self.data = bytearray()  # the hbins' cells, offsets relative to the first hbin

    def cell(self, payload: bytes) -> int:
        off = 0x20 + len(self.data)  # after the hbin header
        size = (4 + len(payload) + 7) & ~7
        self.data += struct.pack("<i", -size) + payload + bytes(size - 4 - len(payload))
        return off

    def reserve(self, size: int) -> int:
        return self.cell(bytes(size))

    def put(self, off: int, payload: bytes):
        at = off - 0x20 + 4
        self.data[at:at + len(payload)] = payload

    def key(self, name: str, parent: int = 0, subkeys=(), values=(), root=False) -> int:
        n = name.encode("ascii")
        nk = bytearray(0x4C)
        nk[0:2] = b"nk"
        flags = 0x20 | (0x0C if root else 0)
        sub_list = 0xFFFFFFFF
        if subkeys:
            sub_list = self.cell(b"li" + struct.pack("<H", len(subkeys)) + b"".join(struct.pack("<I", k) for k in subkeys))
        val_list = 0xFFFFFFFF
        if values:
            val_list = self.cell(b"".join(struct.pack("<I", v) for v in values))
        struct.pack_into("<HQIIIIIIIIII", nk, 2, flags, 134070000000000000, 0, parent, len(subkeys), 0, sub_list, 0xFFFFFFFF, len(values), val_list, 0xFFFFFFFF, 0xFFFFFFFF)
        struct.pack_into("<HH", nk, 0x48, len(n), 0)
        return self.cell(bytes(nk) + n)

    def set_subkeys(self, key: int, subkeys):
        """Give a key written before (a reserved cell) its subkey list afterwards."""
        lst = self.cell(b"li" + struct.pack("<H", len(subkeys)) + b"".join(struct.pack("<I", k) for k in subkeys))
        at = key - 0x20 + 4
        struct.pack_into("<I", self.data, at + 0x14, len(subkeys))
        struct.pack_into("<I", self.data, at + 0x1C, lst)

    def sz(self, name: str, text: str) -> int:
        data = self.cell((text + "\0").encode("utf-16-le"))
        n = name.encode("ascii")
        return self.cell(b"vk" + struct.pack("<HIIIHH", len(n), len((text + "\0").encode("utf-16-le")), data, 1, 1, 0) + n)

    def dword(self, name: str, v: int) -> int:
        n = name.encode("ascii")
        return self.cell(b"vk" + struct.pack("<HIIIHH", len(n), 0x80000004, v, 4, 1, 0) + n)

    def bytes(self, root: int) -> bytes:
        body = self.data
        size = (0x20 + len(body) + 4095) & ~4095
        hbin = bytearray(size)
        hbin[0:4] = b"hbin"
        struct.pack_into("<III", hbin, 4, 0, size, 0)
        hbin[0x20:0x20 + len(body)] = body
        free = 0x20 + len(body)
        if size - free >= 8:
            struct.pack_into("<i", hbin, free, size - free)
        base = bytearray(4096)
        base[0:4] = b"regf"
        struct.pack_into("<IIQIIIIII", base, 4, 1, 1, 134070000000000000, 1, 5, 0, 1, root, size)
        struct.pack_into("<I", base, 0x2C, 1)
        csum = 0
        for i in range(0, 508, 4):
            csum ^= struct.unpack_from("<I", base, i)[0]
        csum = {0: 1, 0xFFFFFFFF: 0xFFFFFFFE}.get(csum, csum)
        struct.pack_into("<I", base, 508, csum)
        return bytes(base + hbin)


def hive_path(h: Hive, names, leaf_subkeys=()) -> int:
    """Keys ROOT\\names[0]\\…, the last with `leaf_subkeys`; returns the root's offset."""
    child = h.key(names[-1], subkeys=leaf_subkeys)
    for n in reversed(names[:-1]):
        child = h.key(n, subkeys=[child])
    return h.key("ROOT", subkeys=[child], root=True)


def hive_inputs():
    tree = ["Microsoft", "Windows NT", "CurrentVersion", "Schedule", "TaskCache", "Tree"]
    # A Tree key that lists itself 1,000 times: each level of the walk multiplies by 1,000.
    h = Hive()
    loop = h.key("Loop")
    h.set_subkeys(loop, [loop] * 1000)
    yield "SOFTWARE", h.bytes(hive_path(h, tree, [loop])), "TaskCache Tree key listing itself 1,000 times (a loose SOFTWARE hive)"
    # Two Tree keys that list each other and themselves: a cycle no per-list check sees.
    h = Hive()
    a, b = h.key("A"), h.key("B")
    h.set_subkeys(a, [a, b] * 50)
    h.set_subkeys(b, [b, a] * 50)
    yield "cycle/SOFTWARE", h.bytes(hive_path(h, tree, [a, b])), "TaskCache Tree keys that list each other"
    # A Tree key with 200 values of 64 MiB each, every one assembled from the same 16 KiB
    # big-data segment (`db` lists naming one cell 4,106 times): 12.8 GB asked of a tiny hive.
    h = Hive()
    seg = h.cell(bytes(16344))
    seglist = h.cell(struct.pack("<I", seg) * 4106)
    db = h.cell(b"db" + struct.pack("<HI", 4106, seglist))
    size = 4106 * 16344
    vals = [h.cell(b"vk" + struct.pack("<HIIIHH", len(f"v{i}"), size, db, 3, 1, 0) + f"v{i}".encode()) for i in range(200)]
    big = h.key("Big", values=vals + [h.sz("Id", "{00000000-0000-0000-0000-000000000001}")])
    yield "bigdata/SOFTWARE", h.bytes(hive_path(h, tree, [big])), "200 values of 64 MiB from one aliased 16 KiB segment"
    # Services listing one service 60,000 times (a loose SYSTEM hive).
    h = Hive()
    svc = h.key("Evil", values=[h.sz("ImagePath", "C:\\evil.exe"), h.dword("Start", 2), h.dword("Type", 16)])
    services = h.key("Services", subkeys=[svc] * 60_000)
    cs = h.key("ControlSet001", subkeys=[services])
    select = h.key("Select", values=[h.dword("Current", 1)])
    root = h.key("ROOT", subkeys=[select, cs], root=True)
    yield "services/SYSTEM", h.bytes(root), "one service listed 60,000 times"


# ---------------------------------------------------------------- ext2 block maps (no checksums on ext2)

def ext2_inputs():
    img = bytearray(image("ext2-blockmap"))
    sb = 1024
    blocks = struct.unpack_from("<I", img, sb + 4)[0]
    bs = 1024 << struct.unpack_from("<I", img, sb + 24)[0]
    first = struct.unpack_from("<I", img, sb + 20)[0]
    isz = struct.unpack_from("<H", img, sb + 88)[0]
    assert struct.unpack_from("<I", img, sb + 0x64)[0] & 0x400 == 0, "ext2: no metadata checksums"
    table = struct.unpack_from("<I", img, (first + 1) * bs + 8)[0]
    root = table * bs + (2 - 1) * isz  # the root directory's inode
    last = blocks - 1
    # The root directory: size 2^40, its triple-indirect block the last block of the
    # volume, which points to itself in every slot.
    c = bytearray(img)
    struct.pack_into("<I", c, root + 0x04, 0)
    struct.pack_into("<I", c, root + 0x6C, 1 << 8)  # i_size_high: 2^40 bytes
    struct.pack_into("<I", c, root + 0x28 + 14 * 4, last)
    c[last * bs:(last + 1) * bs] = struct.pack("<I", last) * (bs // 4)
    yield "ext2-indirect-self.img", bytes(c), "root directory of 2^40 bytes whose triple-indirect block points to itself"
    # The same with every slot naming a data block: a billion pointers from one block.
    c = bytearray(img)
    struct.pack_into("<I", c, root + 0x04, 0)
    struct.pack_into("<I", c, root + 0x6C, 1 << 8)
    struct.pack_into("<I", c, root + 0x28 + 13 * 4, last)
    c[last * bs:(last + 1) * bs] = struct.pack("<I", last) * (bs // 4)
    yield "ext2-double-indirect-ring.img", bytes(c), "double-indirect block naming itself as every single-indirect block"


# ---------------------------------------------------------------- ext4 (CRC-32C metadata checksums)

def _crc32c_table():
    t = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        t.append(c)
    return t


_CRC32C = _crc32c_table()


def crc32c_raw(crc: int, data: bytes) -> int:
    """CRC-32C without the final inversion, as ext4 and e2fsprogs chain it."""
    for b in data:
        crc = _CRC32C[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc


class Ext4:
    """A metadata_csum ext4 image made by `mke2fs -d` (corpus linux-debian), edited field by
    field with the superblock, group descriptor, inode, extent-block and directory-block
    checksums recomputed as e2fsprogs computes them (`debugfs` then reads each without a
    checksum complaint)."""

    def __init__(self, img: bytes):
        self.b = bytearray(img)
        sb = 1024
        g = lambda off, fmt="<I": struct.unpack_from(fmt, self.b, sb + off)[0]
        assert g(0x38, "<H") == 0xEF53
        self.bs = 1024 << g(0x18)
        self.ipg = g(0x28)
        self.isz = g(0x58, "<H")
        self.first = g(0x14)
        self.incompat = g(0x60)
        self.ds = g(0xFE, "<H") if self.incompat & 0x80 else 32
        assert g(0x64) & 0x400, "metadata_csum"
        self.seed = g(0x270) if self.incompat & 0x2000 else crc32c_raw(U32, bytes(self.b[sb + 0x68:sb + 0x78]))

    def fix_super(self):
        struct.pack_into("<I", self.b, 1024 + 0x3FC, crc32c_raw(U32, bytes(self.b[1024:1024 + 0x3FC])))

    def set_super(self, off: int, fmt: str, v: int):
        struct.pack_into(fmt, self.b, 1024 + off, v)
        self.fix_super()

    def desc_at(self, group: int) -> int:
        return (self.first + 1) * self.bs + group * self.ds

    def fix_desc(self, group: int):
        at = self.desc_at(group)
        d = bytearray(self.b[at:at + self.ds])
        d[0x1E:0x20] = b"\0\0"
        c = crc32c_raw(self.seed, struct.pack("<I", group))
        c = crc32c_raw(c, bytes(d))
        struct.pack_into("<H", self.b, at + 0x1E, c & 0xFFFF)

    def inode_at(self, ino: int) -> int:
        group, idx = divmod(ino - 1, self.ipg)
        at = self.desc_at(group)
        table = struct.unpack_from("<I", self.b, at + 8)[0] | struct.unpack_from("<I", self.b, at + 0x28)[0] << 32
        return table * self.bs + idx * self.isz

    def inode_seed(self, ino: int) -> int:
        gen = struct.unpack_from("<I", self.b, self.inode_at(ino) + 0x64)[0]
        return crc32c_raw(crc32c_raw(self.seed, struct.pack("<I", ino)), struct.pack("<I", gen))

    def fix_inode(self, ino: int):
        at = self.inode_at(ino)
        raw = bytearray(self.b[at:at + self.isz])
        raw[0x7C:0x7E] = b"\0\0"
        raw[0x82:0x84] = b"\0\0"
        c = crc32c_raw(self.inode_seed(ino), bytes(raw))
        struct.pack_into("<H", self.b, at + 0x7C, c & 0xFFFF)
        struct.pack_into("<H", self.b, at + 0x82, c >> 16)

    def set_inode(self, ino: int, off: int, fmt: str, v):
        struct.pack_into(fmt, self.b, self.inode_at(ino) + off, v)
        self.fix_inode(ino)

    def extent_block(self, ino: int, block: int, depth: int, entries):
        """Write an extent-tree node into `block` (entries: raw 12-byte entries) with its tail
        checksum, as a node of `ino`'s tree."""
        mx = (self.bs - 12) // 12
        node = struct.pack("<HHHHI", 0xF30A, len(entries), mx, depth, 0) + b"".join(entries)
        node = node.ljust(12 + 12 * mx, b"\0")
        c = crc32c_raw(self.inode_seed(ino), node)
        self.b[block * self.bs:(block + 1) * self.bs] = (node + struct.pack("<I", c)).ljust(self.bs, b"\0")

    def root_node(self, ino: int, depth: int, entries, max_entries=4):
        node = struct.pack("<HHHHI", 0xF30A, len(entries), max_entries, depth, 0) + b"".join(entries)
        at = self.inode_at(ino) + 0x28
        self.b[at:at + 60] = node[:60].ljust(60, b"\0")
        self.fix_inode(ino)

    def dir_block(self, ino: int, block: int, entries: bytes):
        """A directory leaf block of `ino` with its checksum tail."""
        body = entries.ljust(self.bs - 12, b"\0")[:self.bs - 12]
        c = crc32c_raw(self.inode_seed(ino), body)
        self.b[block * self.bs:(block + 1) * self.bs] = body + struct.pack("<IHBBI", 0, 12, 0, 0xDE, c)

    def done(self) -> bytes:
        return bytes(self.b)


def extent_leaf(logical: int, length: int, start: int) -> bytes:
    return struct.pack("<IHHI", logical, length, start >> 32, start & U32)


def extent_index(logical: int, block: int) -> bytes:
    return struct.pack("<IIHH", logical, block & U32, block >> 32, 0)


def ext4_inputs():
    img = image("linux-debian")
    base = Ext4(img)
    crontab, crond, spool = 26, 14, 68  # /etc/crontab, /etc/cron.d, /var/spool/cron/crontabs
    blocks = struct.unpack_from("<I", base.b, 1024 + 4)[0]
    free = blocks - 8  # unused blocks near the end of the volume (group 1 is empty)

    def edit(f):
        e = Ext4(img)
        f(e)
        return e.done()

    yield "ext4/crontab-extent-loop.img", edit(lambda e: (
        e.root_node(crontab, 1, [extent_index(0, free)]),
        e.extent_block(crontab, free, 1, [extent_index(0, free)]))), \
        "/etc/crontab's extent index names a node that names itself"
    yield "ext4/crontab-extent-ring.img", edit(lambda e: (
        e.root_node(crontab, 2, [extent_index(0, free)]),
        e.extent_block(crontab, free, 1, [extent_index(0, free + 1)]),
        e.extent_block(crontab, free + 1, 1, [extent_index(0, free)]))), \
        "two extent index nodes naming each other"
    yield "ext4/crontab-extent-fanout.img", edit(lambda e: (
        e.root_node(crontab, 2, [extent_index(0, free)] * 4),
        e.extent_block(crontab, free, 1, [extent_index(i, free + 1) for i in range((e.bs - 12) // 12)]),
        e.extent_block(crontab, free + 1, 0, [extent_leaf(i, 1, 1185) for i in range((e.bs - 12) // 12)]))), \
        "every index entry of two levels names the same leaf (a DAG: 4 x 84 x 84 leaves)"
    yield "ext4/crontab-extent-depth-max.img", edit(lambda e: e.root_node(crontab, 0xFFFF, [extent_index(0, free)])), \
        "extent tree depth 65535"
    yield "ext4/crontab-extent-entries-max.img", edit(lambda e: (
        e.root_node(crontab, 0, [extent_leaf(0, 1, 1185)]),
        struct.pack_into("<H", e.b, e.inode_at(crontab) + 0x28 + 2, 0xFFFF), e.fix_inode(crontab))), \
        "65535 entries in the inode's four-entry extent root"
    yield "ext4/crontab-extent-start-max.img", edit(lambda e: e.root_node(crontab, 0, [extent_leaf(0, 1, (1 << 48) - 1)])), \
        "extent starting at block 2^48-1"
    yield "ext4/crontab-extent-logical-wrap.img", edit(lambda e: e.root_node(crontab, 0, [extent_leaf(U32, 32768, 1185), extent_leaf(0, 1, 1185)])), \
        "extent at logical block 2^32-1 of 32768 blocks (past 2^32)"
    yield "ext4/crontab-extent-long.img", edit(lambda e: e.root_node(crontab, 0, [extent_leaf(0, 32768, blocks - 4)])), \
        "extent of 32768 blocks running past the volume's end"
    yield "ext4/crontab-size-max.img", edit(lambda e: (
        e.set_inode(crontab, 0x04, "<I", U32), e.set_inode(crontab, 0x6C, "<I", 0x7FFFFFFF))), \
        "/etc/crontab of 2^63-1 bytes (one extent)"
    yield "ext4/crond-dir-sparse-huge.img", edit(lambda e: (
        e.set_inode(crond, 0x04, "<I", 0), e.set_inode(crond, 0x6C, "<I", 1 << 8))), \
        "/etc/cron.d of 2^40 bytes, one block mapped (a sparse directory)"
    yield "ext4/crond-dir-sparse-255M.img", edit(lambda e: e.set_inode(crond, 0x04, "<I", 255 << 20)), \
        "/etc/cron.d of 255 MiB, one block mapped"
    yield "ext4/crond-second-block-past-end.img", edit(lambda e: (
        e.root_node(crond, 0, [extent_leaf(0, 1, 1174), extent_leaf(1, 1, 1 << 40)]),
        e.set_inode(crond, 0x04, "<I", 2 * e.bs))), \
        "/etc/cron.d of two blocks, the second mapped past the volume"
    yield "ext4/crond-rec-len-zero.img", edit(lambda e: e.dir_block(crond, 1174,
        struct.pack("<IHBB", crond, 0, 1, 2) + b".")), \
        "/etc/cron.d's first entry has rec_len 0"
    yield "ext4/crond-name-len-past.img", edit(lambda e: e.dir_block(crond, 1174,
        struct.pack("<IHBB", crond, 12, 1, 2) + b".\0\0\0" + struct.pack("<IHBB", 18, 12, 200, 1) + b"php\0"
        + struct.pack("<IHBB", 17, e.bs - 36, 3, 1) + b"old")), \
        "a directory entry whose name length (200) runs past its record (12 bytes)"
    yield "ext4/crond-name-nul-escape.img", edit(lambda e: e.dir_block(crond, 1174,
        struct.pack("<IHBB", crond, 12, 1, 2) + b".\0\0\0" + struct.pack("<IHBB", 18, e.bs - 24, 12, 1) + b"p\x1b[2J\x9b\0hp\n")), \
        "a name holding NUL, a line feed and terminal escape sequences (ESC [2J, CSI)"
    yield "ext4/crond-entry-inode-max.img", edit(lambda e: e.dir_block(crond, 1174,
        struct.pack("<IHBB", crond, 12, 1, 2) + b".\0\0\0" + struct.pack("<IHBB", U32, e.bs - 24, 3, 1) + b"php")), \
        "a directory entry naming inode 2^32-1"
    yield "ext4/spool-self-parent.img", edit(lambda e: e.dir_block(spool, 1224,
        struct.pack("<IHBB", spool, 12, 1, 2) + b".\0\0\0" + struct.pack("<IHBB", 65, 12, 2, 2) + b"..\0\0"
        + struct.pack("<IHBB", spool, e.bs - 36, 4, 2) + b"loop")), \
        "the crontab spool lists itself as a subdirectory"
    yield "ext4/symlink-size-max.img", edit(lambda e: e.set_inode(16, 0x04, "<I", U32)), \
        "a fast symlink (/etc/cron.d/linked) of 2^32-1 bytes"
    yield "ext4/sb-inodes-per-group-max.img", edit(lambda e: e.set_super(0x28, "<I", U32)), \
        "superblock: 2^32-1 inodes per group"
    yield "ext4/sb-blocks-count-max.img", edit(lambda e: (e.set_super(0x04, "<I", U32), e.set_super(0x150, "<I", U32))), \
        "superblock: 2^64-1 blocks (64bit)"
    yield "ext4/sb-first-data-block-max.img", edit(lambda e: e.set_super(0x14, "<I", U32)), \
        "superblock: first data block 2^32-1"
    yield "ext4/sb-inodes-count-max.img", edit(lambda e: e.set_super(0x00, "<I", U32)), \
        "superblock: 2^32-1 inodes"
    yield "ext4/gd-inode-table-max.img", edit(lambda e: (
        struct.pack_into("<I", e.b, e.desc_at(0) + 8, U32), struct.pack_into("<I", e.b, e.desc_at(0) + 0x28, U32), e.fix_desc(0))), \
        "group 0's inode table at block 2^64-1"
    yield "ext4/gd-inode-table-self.img", edit(lambda e: (
        struct.pack_into("<I", e.b, e.desc_at(0) + 8, e.first + 1), struct.pack_into("<I", e.b, e.desc_at(0) + 0x28, 0), e.fix_desc(0))), \
        "group 0's inode table is the group descriptor block"


# ---------------------------------------------------------------- archives (zip CRC-32, tar sums)

REAL = Path(os.environ.get("FOOTHOLD_REAL_CORPUS", ROOT.parent / "shared" / "corpus-real"))


def kape_zip() -> bytes:
    """A KAPE-layout collection zipped by `zip` (a real task file of the shared corpus at
    its machine path), the base the zip inputs edit."""
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        t = Path(d) / "C" / "Windows" / "System32" / "Tasks"
        t.mkdir(parents=True)
        (t / "GameOver").write_bytes((REAL / "tasks" / "museum_Tasks__Win10__APTSimulatorVM__GameOver").read_bytes())
        subprocess.run(["zip", "-q", "-r", "-X", "k.zip", "C"], cwd=d, check=True)
        return (Path(d) / "k.zip").read_bytes()


def zip_entries(b: bytes):
    """(central directory offset, [(offset, fixed 46 bytes, name, extra, comment)])."""
    eocd = b.rindex(b"PK\x05\x06")
    count, size, off = struct.unpack_from("<HII", b, eocd + 10)
    out, p = [], off
    for _ in range(count):
        nl, xl, cl = struct.unpack_from("<HHH", b, p + 28)
        out.append((p, b[p:p + 46], b[p + 46:p + 46 + nl], b[p + 46 + nl:p + 46 + nl + xl], b[p + 46 + nl + xl:p + 46 + nl + xl + cl]))
        p += 46 + nl + xl + cl
    return off, out


def zip_write(body: bytes, entries, eocd_count=None, zip64=None) -> bytes:
    """`body` (local headers and data) followed by a central directory of `entries` (each
    `(fixed, name, extra)`) and its end record (with a Zip64 end record and locator when
    `zip64` gives `(count, size, offset)`)."""
    cd = b"".join(f[:28] + struct.pack("<HHH", len(n), len(x), 0) + f[34:46] + n + x for f, n, x in entries)
    cd_off = len(body)
    n = len(entries) if eocd_count is None else eocd_count
    out = body + cd
    if zip64 is not None:
        z = len(out)
        c, sz, o = zip64
        out += b"PK\x06\x06" + struct.pack("<QHHIIQQQQ", 44, 45, 45, 0, 0, c, c, sz, o)
        out += b"PK\x06\x07" + struct.pack("<IQI", 0, z, 1)
        return out + b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, 0xFFFF, 0xFFFF, U32, U32, 0)
    return out + b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, n & 0xFFFF, n & 0xFFFF, len(cd), cd_off, 0)


def zip_local(name: bytes, method: int, crc: int, csize: int, usize: int, data: bytes) -> bytes:
    return b"PK\x03\x04" + struct.pack("<HHHHHIIIHH", 20, 0, method, 0, 0, crc, csize, usize, len(name), 0) + name + data


def zip_central(name: bytes, method: int, crc: int, csize: int, usize: int, lho: int, extra=b""):
    fixed = b"PK\x01\x02" + struct.pack("<HHHHHHIIIHHHHHII", 20, 20, 0, method, 0, 0, crc, csize, usize, len(name), len(extra), 0, 0, 0, 0, lho)
    return fixed, name, extra


def deflate_raw(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def archive_inputs():
    base = kape_zip()
    cd_off, ents = zip_entries(base)
    body = base[:cd_off]
    tasks = b"C/Windows/System32/Tasks/"
    # Overlapping members: 20,000 central entries, each naming the one local header of a
    # member of 1 GiB - 1 of zeros deflated to about 1 MiB (Fifield's overlap layout).
    size = (1 << 30) - 1
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = bytes(1 << 20)
    comp = b"".join(c.compress(chunk) for _ in range(size >> 20)) + c.compress(bytes(size % (1 << 20))) + c.flush()
    crc = 0
    for _ in range(size >> 20):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(bytes(size % (1 << 20)), crc)
    name = tasks + b"Bomb"
    local = zip_local(name, 8, crc, len(comp), size, comp)
    lho = len(body)
    entries = [(f, n, x) for _, f, n, x, _ in ents]
    bomb = entries + [zip_central(tasks + b"Bomb%05d" % i, 8, crc, len(comp), size, lho) for i in range(20_000)]
    yield "archive/zip-overlapping-1GiB-members.zip", zip_write(body + local, bomb), \
        "20,000 members of 1 GiB each sharing one deflated body (~1 MiB)"
    # A member that says 100 bytes and inflates to 1 GiB.
    lie = zip_local(tasks + b"Liar", 8, crc, len(comp), 100, comp)
    yield "archive/zip-deflate-size-lie.zip", zip_write(body + lie, entries + [zip_central(tasks + b"Liar", 8, crc, len(comp), 100, len(body))]), \
        "a member that claims 100 bytes and inflates to 1 GiB"
    small = b"<Task/>"
    loc = zip_local(tasks + b"Z64", 0, zlib.crc32(small), len(small), len(small), small)
    for what, vals in (("usize-max", (U64, len(small), len(body))), ("lho-max", (len(small), len(small), U64)),
                       ("lho-past", (len(small), len(small), 1 << 40))):
        extra = struct.pack("<HH", 1, 24) + struct.pack("<QQQ", *vals)
        ent = zip_central(tasks + b"Z64", 0, zlib.crc32(small), U32, U32, U32, extra)
        yield f"archive/zip64-{what}.zip", zip_write(body + loc, entries + [ent]), f"a Zip64 member whose extra field gives {what}"
    yield "archive/zip64-count-max.zip", zip_write(body, entries, zip64=(U64, len(base) - cd_off - 22, cd_off)), \
        "Zip64 end record: 2^64-1 members"
    yield "archive/zip64-cd-offset-wrap.zip", zip_write(body, entries, zip64=(1, 100, U64 - 50)), \
        "Zip64 end record: central directory at 2^64-51 (offset + size wraps)"
    yield "archive/zip-count-65534.zip", zip_write(body, entries, eocd_count=65534), \
        "end record: 65,534 members, one present"
    # Every member of the central directory the same local header, 60,000 times (stored).
    yield "archive/zip-same-member-60000.zip", zip_write(body, [entries[-1]] * 60_000), \
        "the task file listed 60,000 times"
    # tar: one member whose octal size is the largest the field holds, one base-256 2^63,
    # a GNU long name of 2^33 bytes, a pax path of 2^40 bytes, a symlink ring.
    yield from tar_inputs()


def tar_header(name: bytes, size_field: bytes, kind: bytes = b"0", link: bytes = b"") -> bytes:
    h = bytearray(512)
    h[0:len(name)] = name
    h[100:108] = b"0000644\0"
    h[108:116] = b"0000000\0"
    h[116:124] = b"0000000\0"
    h[124:136] = size_field
    h[136:148] = b"15000000000\0"
    h[156:157] = kind
    h[157:157 + len(link)] = link
    h[257:265] = b"ustar\x0000"
    h[148:156] = b" " * 8
    h[148:156] = b"%06o\0 " % sum(h)
    return bytes(h)


def tar_inputs():
    task = (REAL / "tasks" / "museum_Tasks__Win10__APTSimulatorVM__GameOver").read_bytes()
    path = b"C/Windows/System32/Tasks/GameOver"
    good = tar_header(path, b"%011o\0" % len(task)) + task.ljust((len(task) + 511) // 512 * 512, b"\0")
    end = bytes(1024)
    yield "archive/tar-size-octal-max.tar", good + tar_header(path + b"2", b"77777777777\0") + end, \
        "a member of 8 GiB - 1 (the octal field's largest) in a 6 KiB tar"
    yield "archive/tar-size-base256-max.tar", good + tar_header(path + b"3", b"\x80" + b"\x7f" + b"\xff" * 10) + end, \
        "a member whose base-256 size is 2^79 - 1"
    yield "archive/tar-gnu-longname-huge.tar", tar_header(b"././@LongLink", b"%011o\0" % (1 << 33), b"L") + good + end, \
        "a GNU long name of 8 GiB"
    pax = b"40 path=C/Windows/System32/Tasks/PaxName\n"
    huge = b"99999999999999 path=x\n"
    yield "archive/tar-pax-length-huge.tar", tar_header(b"pax", b"%011o\0" % len(huge), b"x") + huge.ljust(512, b"\0") + good + end, \
        "a pax record whose length says 10^14 bytes"
    yield "archive/tar-pax-length-zero.tar", tar_header(b"pax", b"%011o\0" % 6, b"x") + b"0 a=b\n".ljust(512, b"\0") + good + end, \
        "a pax record of length 0 (an endless loop if taken as written)"
    ring = tar_header(b"C/Windows/System32/Tasks/A", b"%011o\0" % 0, b"2", b"B") + tar_header(b"C/Windows/System32/Tasks/B", b"%011o\0" % 0, b"2", b"A")
    yield "archive/tar-symlink-ring.tar", ring + good + end, "two member symlinks naming each other"
    hard = tar_header(b"C/Windows/System32/Tasks/H", b"%011o\0" % 0, b"1", b"C/Windows/System32/Tasks/H")
    yield "archive/tar-hardlink-self.tar", hard + good + end, "a hard link to itself"
    del pax


# ---------------------------------------------------------------- EVTX (CRC-32 of file header, chunk header, records)

def evtx_fix(b: bytearray) -> bytes:
    """Recompute the file header's CRC-32 and each chunk's header and records CRC-32s."""
    struct.pack_into("<I", b, 124, zlib.crc32(bytes(b[:120])))
    c = 4096
    while c + 512 <= len(b):
        if b[c:c + 8] == b"ElfChnk\0":
            free = min(struct.unpack_from("<I", b, c + 48)[0], 65536)
            struct.pack_into("<I", b, c + 52, zlib.crc32(bytes(b[c + 512:c + max(free, 512)])))
            struct.pack_into("<I", b, c + 124, zlib.crc32(bytes(b[c:c + 120]) + bytes(b[c + 128:c + 512])))
        c += 65536
    return bytes(b)


def evtx_record(binxml: bytes, record_id: int = 1) -> bytes:
    size = 24 + len(binxml) + 4
    return b"**\0\0" + struct.pack("<IQQ", size, record_id, 132389753530705119) + binxml + struct.pack("<I", size)


def evtx_one_record(base: bytes, binxml: bytes) -> bytes:
    """`base`'s first chunk holding one record of `binxml` (chunk offsets: the record at 512,
    its BinXML at 536)."""
    b = bytearray(base[:4096 + 65536])
    rec = evtx_record(binxml)
    assert 512 + len(rec) <= 65536
    c = 4096
    b[c + 512:c + 65536] = rec.ljust(65536 - 512, b"\0")
    struct.pack_into("<QQQQ", b, c + 8, 1, 1, 1, 1)
    struct.pack_into("<II", b, c + 44, 512, 512 + len(rec))
    b[c + 128:c + 512] = bytes(384)  # no cached strings or templates
    struct.pack_into("<H", b, 42, 1)
    return evtx_fix(b)


def binxml_name(text: str) -> bytes:
    u = text.encode("utf-16-le")
    return struct.pack("<IHH", 0, 0, len(text)) + u + b"\0\0"


def evtx_inputs():
    logs = REAL / "evtx"
    base = (logs / "mdecrevoisier__ID4688_4698_4699_5145_4624-ATexec_remote_trask_creation_GLOBAL.evtx").read_bytes()
    one = (logs / "mdecrevoisier__ID4688-Scheduled_task_creation.evtx").read_bytes()
    rec = 4096 + 512

    def edit(src, *changes):
        b = bytearray(src)
        for at, fmt, v in changes:
            struct.pack_into(fmt, b, at, v)
        return evtx_fix(b)

    yield "evtx/record-size-zero.evtx", edit(base, (rec + 4, "<I", 0)), "first record's size 0"
    yield "evtx/record-size-max.evtx", edit(base, (rec + 4, "<I", U32)), "first record's size 2^32-1"
    yield "evtx/record-size-8.evtx", edit(base, (rec + 4, "<I", 8)), "first record's size 8 (shorter than its header)"
    yield "evtx/chunk-free-max.evtx", edit(base, (4096 + 48, "<I", U32)), "chunk free-space offset 2^32-1"
    yield "evtx/chunk-last-record-max.evtx", edit(base, (4096 + 44, "<I", U32)), "chunk last-record offset 2^32-1"
    yield "evtx/chunk-numbers-wrap.evtx", edit(base, (4096 + 8, "<Q", U64), (4096 + 16, "<Q", 0), (4096 + 24, "<Q", U64), (4096 + 32, "<Q", 0)), \
        "chunk's first record number 2^64-1, last 0 (last - first + 1 wraps)"
    yield "evtx/file-chunk-count-max.evtx", edit(base, (42, "<H", 0xFFFF), (16, "<Q", U64)), "file header: 65,535 chunks, last chunk 2^64-1"
    yield "evtx/file-header-block-zero.evtx", edit(base, (32, "<I", 0), (40, "<H", 0)), "file header: header size and block size 0"
    yield "evtx/template-offset-max.evtx", edit(base, (4096 + 0x180, "<I", U32)), "chunk's first cached template at offset 2^32-1"
    yield "evtx/string-offset-self.evtx", edit(base, (4096 + 0x80, "<I", 0x80)), "chunk's first cached string offset points into the chunk header"
    # A template whose body instantiates itself (a definition that is its own child).
    x = 536 + 10  # the definition follows the outer instance's 10 bytes
    inner = b"\x0f\x01\x01\x00" + b"\x0c\x01" + struct.pack("<II", 7, x) + struct.pack("<I", 0) + b"\x00"
    definition = struct.pack("<I", 0) + bytes(16) + struct.pack("<I", len(inner)) + inner
    xml = b"\x0f\x01\x01\x00"[:0] + b"\x0c\x01" + struct.pack("<II", 7, x) + definition + struct.pack("<I", 0) + b"\x00"
    yield "evtx/template-instantiates-itself.evtx", evtx_one_record(one, xml), "a template whose body is an instance of itself"
    # 2,500 nested elements, each with its name inline (a BinXML stack-depth probe).
    body, at = bytearray(b"\x0f\x01\x01\x00"), 536 + 4
    for _ in range(2500):
        name = binxml_name("E")
        body += b"\x01" + struct.pack("<HII", 0xFFFF, 0, at + 11) + name + b"\x02"
        at += 11 + len(name) + 1
    body += b"\x00"
    yield "evtx/elements-nested-2500.evtx", evtx_one_record(one, bytes(body)), "2,500 nested elements in one record"
    # A substitution array of 65,535 values, each of size 0 (the record's values counted).
    xml = b"\x0c\x01" + struct.pack("<II", 7, 536 + 10) + struct.pack("<I", 0) + bytes(16) + struct.pack("<I", 5) \
        + b"\x0f\x01\x01\x00\x00" + struct.pack("<I", 65535) + b"\0\0\0\0" * 65535
    yield "evtx/substitutions-65535.evtx", evtx_one_record(one, xml[:60000]), "a template instance claiming 65,535 values (cut by the chunk)"


# ---------------------------------------------------------------- task XML (loose files; no checksums)

def task_xml(triggers: str = "", actions: str = None, before: str = "", principal: str = "") -> bytes:
    actions = actions if actions is not None else "<Exec><Command>C:\\Windows\\System32\\cmd.exe</Command></Exec>"
    return (f'<?xml version="1.0" encoding="UTF-8"?>{before}<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">'
            f'<RegistrationInfo><Author>x</Author></RegistrationInfo><Triggers>{triggers}</Triggers>{principal}'
            f'<Actions Context="Author">{actions}</Actions></Task>').encode()


def task_inputs():
    laughs = '<!DOCTYPE Task [<!ENTITY a "ha">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)) + "]>"
    yield "task/billion-laughs.xml", task_xml(before=laughs, actions="<Exec><Command>&j;</Command></Exec>"), \
        "an entity expanding to 10^9 bytes (billion laughs)"
    yield "task/entity-self.xml", task_xml(before='<!DOCTYPE Task [<!ENTITY a "&a;">]>', actions="<Exec><Command>&a;</Command></Exec>"), \
        "an entity that contains itself"
    deep = "<X>" * 200_000 + "</X>" * 200_000
    yield "task/elements-nested-200000.xml", task_xml(actions="<Exec><Command>c</Command></Exec>" + deep), \
        "200,000 nested elements inside Actions"
    one = "<TimeTrigger><StartBoundary>2026-01-01T00:00:00</StartBoundary><Repetition><Interval>PT1M</Interval></Repetition></TimeTrigger>"
    yield "task/triggers-30000.xml", task_xml(triggers=one * 30_000), "30,000 triggers, each repeating every minute"
    yield "task/repeat-every-second-forever.xml", task_xml(triggers=(
        "<CalendarTrigger><StartBoundary>0001-01-01T00:00:00</StartBoundary><EndBoundary>9999-12-31T23:59:59</EndBoundary>"
        "<Repetition><Interval>PT1S</Interval><Duration>P9999Y</Duration></Repetition><ScheduleByDay><DaysInterval>1</DaysInterval></ScheduleByDay></CalendarTrigger>")), \
        "a calendar trigger repeating every second from year 1 to 9999"
    yield "task/durations-max.xml", task_xml(triggers=(
        "<TimeTrigger><StartBoundary>9999-12-31T23:59:59</StartBoundary><Delay>P99999999999999999999Y</Delay>"
        "<RandomDelay>PT18446744073709551615S</RandomDelay><Repetition><Interval>P4294967295D</Interval><Duration>P9223372036854775807D</Duration></Repetition></TimeTrigger>"
        "<CalendarTrigger><StartBoundary>9999-12-31T23:59:59Z</StartBoundary><ScheduleByMonth><DaysOfMonth><Day>31</Day></DaysOfMonth><Months><February/></Months></ScheduleByMonth></CalendarTrigger>"
        "<CalendarTrigger><StartBoundary>2026-01-01T00:00:00</StartBoundary><ScheduleByWeek><WeeksInterval>4294967295</WeeksInterval><DaysOfWeek><Monday/></DaysOfWeek></ScheduleByWeek></CalendarTrigger>"
        "<CalendarTrigger><StartBoundary>2026-01-01T00:00:00</StartBoundary><ScheduleByDay><DaysInterval>0</DaysInterval></ScheduleByDay></CalendarTrigger>")), \
        "durations, intervals and boundaries at and past their types' ends; a day interval of 0"
    yield "task/attribute-4MiB.xml", task_xml(actions='<Exec><Command a="' + "A" * (4 << 20) + '">c</Command></Exec>'), \
        "one attribute of 4 MiB"
    yield "task/utf16-odd-length.xml", b"\xff\xfe" + task_xml().decode().encode("utf-16-le") + b"\x00", \
        "UTF-16LE with an odd byte at the end"
    yield "task/command-line-100000-quotes.xml", task_xml(actions='<Exec><Command>"' + '"' * 100_000 + '</Command><Arguments>' + "^" * 100_000 + '</Arguments></Exec>'), \
        "a command of 100,000 quotes and arguments of 100,000 carets"
    yield "task/encoded-command-huge.xml", task_xml(actions='<Exec><Command>powershell.exe</Command><Arguments>-enc ' + "QQBBAEEA" * 400_000 + '</Arguments></Exec>'), \
        "an -EncodedCommand of 3.2 MB"


# ---------------------------------------------------------------- NTFS (update sequence fixups)

class Ntfs:
    """A bare NTFS volume made by mkntfs + ntfs-3g (corpus windows-tasks), its MFT records
    edited with the update sequence array applied and made again (each sector's last two
    bytes the record's sequence number, the originals in the array), as NTFS writes them."""

    def __init__(self, img: bytes):
        self.b = bytearray(img)
        bps, spc = struct.unpack_from("<HB", self.b, 0x0B)
        self.cs = bps * spc
        self.mft = struct.unpack_from("<Q", self.b, 0x30)[0] * self.cs
        x = struct.unpack_from("<b", self.b, 0x40)[0]
        self.rs = 1 << -x if x < 0 else x * self.cs

    def record(self, n: int) -> bytearray:
        at = self.mft + n * self.rs
        r = bytearray(self.b[at:at + self.rs])
        assert r[:4] == b"FILE"
        uo, uc = struct.unpack_from("<HH", r, 4)
        for i in range(1, uc):
            r[i * 512 - 2:i * 512] = r[uo + 2 * i:uo + 2 * i + 2]
        return r

    def put(self, n: int, r: bytearray):
        uo, uc = struct.unpack_from("<HH", r, 4)
        usn = r[uo:uo + 2]
        for i in range(1, uc):
            r[uo + 2 * i:uo + 2 * i + 2] = r[i * 512 - 2:i * 512]
            r[i * 512 - 2:i * 512] = usn
        at = self.mft + n * self.rs
        self.b[at:at + self.rs] = r

    @staticmethod
    def attr(r: bytearray, kind: int) -> int:
        at = struct.unpack_from("<H", r, 0x14)[0]
        while True:
            t, n = struct.unpack_from("<II", r, at)
            if t == kind:
                return at
            assert t != U32 and n > 0, f"no attribute {kind:#x}"
            at += n


def ntfs_inputs():
    img = image("windows-tasks")
    root, system = 5, 304  # the root directory; /Windows/System32/config/SYSTEM (non-resident $DATA)

    def edit(f):
        v = Ntfs(img)
        f(v)
        return bytes(v.b)

    def rec(n, f):
        def g(v):
            r = v.record(n)
            f(r)
            v.put(n, r)
        return g

    def first_attr(r, fmt, value, field):
        struct.pack_into(fmt, r, struct.unpack_from("<H", r, 0x14)[0] + field, value)

    yield "ntfs/boot-mft-record-2GiB.img", edit(lambda v: struct.pack_into("<b", v.b, 0x40, -31)), \
        "boot sector: MFT records of 2^31 bytes"
    yield "ntfs/boot-index-record-4GiB.img", edit(lambda v: struct.pack_into("<b", v.b, 0x44, -32)), \
        "boot sector: index records of 2^32 bytes"
    yield "ntfs/boot-cluster-2MiB-sectors-1.img", edit(lambda v: (struct.pack_into("<H", v.b, 0x0B, 1), struct.pack_into("<B", v.b, 0x0D, 0xF4))), \
        "boot sector: 1-byte sectors, 4,096 of them a cluster"
    yield "ntfs/boot-mft-lcn-max.img", edit(lambda v: struct.pack_into("<Q", v.b, 0x30, U64)), \
        "boot sector: $MFT at cluster 2^64-1"
    yield "ntfs/boot-total-sectors-max.img", edit(lambda v: struct.pack_into("<Q", v.b, 0x28, U64)), \
        "boot sector: 2^64-1 sectors"
    yield "ntfs/root-attr-length-zero.img", edit(rec(root, lambda r: first_attr(r, "<I", 0, 4))), \
        "root directory: first attribute of length 0"
    yield "ntfs/root-attr-offset-past.img", edit(rec(root, lambda r: struct.pack_into("<H", r, 0x14, 0xFFF0))), \
        "root directory: first attribute at 0xFFF0 of a 1 KiB record"
    yield "ntfs/root-attr-length-max.img", edit(rec(root, lambda r: first_attr(r, "<I", U32, 4))), \
        "root directory: first attribute of 2^32-1 bytes"

    def index_entry_zero(r):
        a = Ntfs.attr(r, 0x90)
        value = a + struct.unpack_from("<H", r, a + 0x14)[0]
        first = value + 16 + struct.unpack_from("<I", r, value + 16)[0]
        struct.pack_into("<H", r, first + 8, 0)
    yield "ntfs/root-index-entry-length-zero.img", edit(rec(root, index_entry_zero)), \
        "root directory: first $INDEX_ROOT entry of length 0"

    def index_entries_past(r):
        a = Ntfs.attr(r, 0x90)
        value = a + struct.unpack_from("<H", r, a + 0x14)[0]
        struct.pack_into("<II", r, value + 16 + 4, U32, U32)
    yield "ntfs/root-index-size-max.img", edit(rec(root, index_entries_past)), \
        "root directory: $INDEX_ROOT node of 2^32-1 bytes"

    def data(r, f):
        a = Ntfs.attr(r, 0x80)
        assert r[a + 8] == 1, "non-resident"
        f(r, a)

    def huge_size(r, a):
        for off in (0x28, 0x30, 0x38):
            struct.pack_into("<Q", r, a + off, 1 << 62)
    yield "ntfs/system-data-size-2^62.img", edit(rec(system, lambda r: data(r, huge_size))), \
        "SYSTEM hive: $DATA of 2^62 bytes (run list unchanged)"

    def huge_run(r, a):
        rl = a + struct.unpack_from("<H", r, a + 0x20)[0]
        # One run: 8-byte length 2^56, 8-byte cluster offset 2^62 (past any volume).
        r[rl:rl + 18] = bytes([0x88]) + struct.pack("<QQ", 1 << 56, 1 << 62) + b"\0"
        struct.pack_into("<Q", r, a + 0x18, (1 << 56) - 1)  # last VCN
    yield "ntfs/system-run-2^56-clusters.img", edit(rec(system, lambda r: data(r, huge_run))), \
        "SYSTEM hive: one run of 2^56 clusters at cluster 2^62"

    def negative_run(r, a):
        rl = a + struct.unpack_from("<H", r, a + 0x20)[0]
        # Two runs: the second's relative offset takes the cluster below 0.
        r[rl:rl + 9] = bytes([0x11, 1, 0x10, 0x11, 1, 0x80]) + b"\0\0\0"
    yield "ntfs/system-run-below-zero.img", edit(rec(system, lambda r: data(r, negative_run))), \
        "SYSTEM hive: a run whose relative offset reaches below cluster 0"

    def vcn_gap(r, a):
        struct.pack_into("<Q", r, a + 0x10, U64 - 5)  # first VCN 2^64-6
    yield "ntfs/system-first-vcn-max.img", edit(rec(system, lambda r: data(r, vcn_gap))), \
        "SYSTEM hive: $DATA starting at VCN 2^64-6"
    yield "ntfs/mft-run-past-end.img", edit(rec(0, lambda r: data(r, lambda r, a: (
        r.__setitem__(slice(a + struct.unpack_from("<H", r, a + 0x20)[0], a + struct.unpack_from("<H", r, a + 0x20)[0] + 6),
                      bytes([0x41, 0x40]) + struct.pack("<I", 0x7FFFFFFF)))))), \
        "$MFT's own $DATA: 64 records' clusters at cluster 2^31-1"
    yield "ntfs/mft-record-used-past.img", edit(rec(system, lambda r: struct.pack_into("<I", r, 0x18, U32))), \
        "SYSTEM hive's record: used size 2^32-1"
    yield "ntfs/mft-base-self.img", edit(rec(system, lambda r: struct.pack_into("<Q", r, 0x20, system | 1 << 48))), \
        "SYSTEM hive's record names itself as its base record"

    def index_child_loop(v):
        # The root's first INDX block (the first run of its $INDEX_ALLOCATION), its fixups
        # undone and made again: its last entry gets the sub-node flag and names VCN 0 — the
        # block itself — as its child.
        r = v.record(root)
        a = Ntfs.attr(r, 0xA0)
        rl = a + struct.unpack_from("<H", r, a + 0x20)[0]
        lb, ob = r[rl] & 0xF, r[rl] >> 4
        at = int.from_bytes(r[rl + 1 + lb:rl + 1 + lb + ob], "little", signed=True) * v.cs
        x = struct.unpack_from("<b", v.b, 0x44)[0]
        size = 1 << -x if x < 0 else x * v.cs
        blk = bytearray(v.b[at:at + size])
        assert blk[:4] == b"INDX"
        uo, uc = struct.unpack_from("<HH", blk, 4)
        for i in range(1, uc):
            blk[i * 512 - 2:i * 512] = blk[uo + 2 * i:uo + 2 * i + 2]
        node = 0x18
        e = node + struct.unpack_from("<I", blk, node)[0]
        total = struct.unpack_from("<I", blk, node + 4)[0]
        while not struct.unpack_from("<H", blk, e + 12)[0] & 2:
            e += struct.unpack_from("<H", blk, e + 8)[0]
        ln, fl = struct.unpack_from("<HH", blk, e + 8)[0], struct.unpack_from("<H", blk, e + 12)[0]
        if fl & 1:
            struct.pack_into("<Q", blk, e + ln - 8, 0)
        else:
            struct.pack_into("<H", blk, e + 8, ln + 8)
            struct.pack_into("<H", blk, e + 12, fl | 1)
            struct.pack_into("<Q", blk, e + ln, 0)
            struct.pack_into("<I", blk, node + 4, total + 8)
        blk[node + 12] |= 1
        usn = blk[uo:uo + 2]
        for i in range(1, uc):
            blk[uo + 2 * i:uo + 2 * i + 2] = blk[i * 512 - 2:i * 512]
            blk[i * 512 - 2:i * 512] = usn
        v.b[at:at + size] = blk
    yield "ntfs/root-index-child-loop.img", edit(index_child_loop), \
        "root directory: its first INDX block's last entry names that block as its child (a loop in the B-tree)"


def write_all(out: Path, only: str = ""):
    out.mkdir(parents=True, exist_ok=True)
    fifo = out / "crafted.fifo"
    if not fifo.exists():
        os.mkfifo(fifo)
    (out / "crafted.bin").write_bytes(bytes(4096))
    rows = []
    families = [("", lambda: ewf_inputs()), ("", lambda: qcow2_inputs(out)), ("", vmdk_inputs), ("", vhd_inputs),
                ("", table_inputs), ("", hive_inputs), ("", ext2_inputs), ("ext4/", ext4_inputs), ("ntfs/", ntfs_inputs),
                ("archive/", archive_inputs), ("evtx/", evtx_inputs), ("task/", task_inputs)]
    for key, make in families:
        # A family whose folder cannot hold the names asked for is not even built.
        if key and not (key.startswith(only) or only.startswith(key)):
            continue
        # Archives and event logs are made from real files of the shared corpus.
        if key in ("archive/", "evtx/") and not REAL.is_dir():
            print(f"{key} inputs not made: {REAL} (the shared real corpus) is absent", file=sys.stderr)
            continue
        gen = make()
        for name, data, why in gen:
            if not name.startswith(only):
                continue
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            (out / name).write_bytes(data)
            rows.append((name, len(data), why))
    with open(out / "MANIFEST.tsv", "w") as f:
        for r in rows:
            f.write(f"{r[0]}\t{r[1]}\t{r[2]}\n")
    return rows


def limit():
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


def run_all(out: Path, binary: str, rows) -> int:
    bad = 0
    commands = [["info"], ["ls"], ["scan", "--format", "jsonl"], ["timeline", "--format", "jsonl"], ["events", "--all"]]
    for name, _, why in rows:
        for cmd in commands:
            args = [binary, "-q", cmd[0], str(out / name)] + cmd[1:]
            try:
                p = subprocess.run(["timeout", "20"] + args, capture_output=True, preexec_fn=limit, stdin=subprocess.DEVNULL)
                code, err = p.returncode, p.stderr.decode("utf-8", "replace")
            except OSError as e:
                code, err = -1, str(e)
            verdict = "ok"
            if code == 124:
                verdict = "HANG"
            elif code == 101 or "panicked" in err:
                verdict = "PANIC"
            elif "memory allocation" in err or code in (-6, 134, -9, 137):
                verdict = "MEMORY"
            elif code not in (0, 1, 3):
                verdict = f"EXIT {code}"
            if verdict != "ok":
                bad += 1
            first = err.strip().splitlines()[:1]
            print(f"{verdict:7} {cmd[0]:8} exit {code:3}  {name}  ({why})  {first[0][:160] if first else ''}")
    print(f"{len(rows)} inputs x {len(commands)} commands: {bad} failures")
    return 1 if bad else 0


def compare(out: Path, a: str, b: str, rows) -> int:
    """Every input through every command with two builds (a release build and one with
    overflow checks): the same exit code, stdout and stderr, or the difference is printed —
    a wrap that the checked build catches and the release build does not is a wrong read."""
    differ = 0
    commands = [["info", "--format", "json"], ["ls", "/", "--format", "jsonl"], ["scan", "--format", "jsonl"]]
    for name, _, why in rows:
        for cmd in commands:
            res = []
            for binary in (a, b):
                args = ["timeout", "20", binary, "-q", cmd[0], str(out / name)] + cmd[1:]
                p = subprocess.run(args, capture_output=True, preexec_fn=limit, stdin=subprocess.DEVNULL)
                res.append((p.returncode, p.stdout, p.stderr))
            if res[0] != res[1]:
                differ += 1
                print(f"DIFFER  {cmd[0]:5} {name} ({why}): exit {res[0][0]} vs {res[1][0]}")
    print(f"{len(rows)} inputs x {len(commands)} commands: {differ} differ between {a} and {b}")
    return 1 if differ else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--run", metavar="BINARY")
    ap.add_argument("--only", default="", metavar="PREFIX", help="write only the inputs whose name starts with PREFIX")
    ap.add_argument("--compare", nargs=2, metavar=("RELEASE", "CHECKED"), help="two builds whose answers must be equal")
    a = ap.parse_args()
    rows = write_all(a.out, a.only)
    print(f"{len(rows)} crafted inputs in {a.out}")
    if a.compare:
        sys.exit(compare(a.out, a.compare[0], a.compare[1], rows))
    if a.run:
        sys.exit(run_all(a.out, a.run, rows))


if __name__ == "__main__":
    main()
