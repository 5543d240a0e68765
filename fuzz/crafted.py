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


def write_all(out: Path):
    out.mkdir(parents=True, exist_ok=True)
    fifo = out / "crafted.fifo"
    if not fifo.exists():
        os.mkfifo(fifo)
    (out / "crafted.bin").write_bytes(bytes(4096))
    rows = []
    for gen in (ewf_inputs(), qcow2_inputs(out), vmdk_inputs(), vhd_inputs(), table_inputs(), hive_inputs(), ext2_inputs()):
        for name, data, why in gen:
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
    commands = [["info"], ["ls"], ["scan", "--format", "jsonl"], ["timeline", "--format", "jsonl"]]
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
    ap.add_argument("--compare", nargs=2, metavar=("RELEASE", "CHECKED"), help="two builds whose answers must be equal")
    a = ap.parse_args()
    rows = write_all(a.out)
    print(f"{len(rows)} crafted inputs in {a.out}")
    if a.compare:
        sys.exit(compare(a.out, a.compare[0], a.compare[1], rows))
    if a.run:
        sys.exit(run_all(a.out, a.run, rows))


if __name__ == "__main__":
    main()
