#!/usr/bin/env python3
"""Write an empty registry hive (regf base block + one hbin with a root key and its security
cell) that hivexsh can grow: there is no tool that creates one from nothing.
Usage: minimal_hive.py OUT ROOT_NAME"""
import struct
import sys

FILETIME = 134070000000000000  # 2025-11-07T14:40:00Z, a fixed time for reproducible images


def main():
    out, root_name = sys.argv[1], sys.argv[2].encode("ascii")
    hbin = bytearray(4096)
    hbin[0:4] = b"hbin"
    struct.pack_into("<III", hbin, 4, 0, 4096, 0)
    # Security descriptor: self-relative, DACL present but NULL (everyone).
    sd = struct.pack("<BBHIIII", 1, 0, 0x8004, 0, 0, 0, 0)
    nk_off = 0x20
    nk = bytearray(b"nk")
    nk += struct.pack("<HQ" + "I" * 15 + "HH", 0x2C, FILETIME, 0, 0, 0, 0, 0xFFFFFFFF, 0xFFFFFFFF, 0,
                      0xFFFFFFFF, 0, 0xFFFFFFFF, 0, 0, 0, 0, 0, len(root_name), 0)
    nk += root_name
    nk_cell = -((4 + len(nk) + 7) & ~7)
    sk_off = nk_off + (-nk_cell)
    # security key offset is at nk + 0x2C (relative to the data after the cell size)
    struct.pack_into("<I", nk, 0x2C, sk_off)
    sk = bytearray(b"sk") + struct.pack("<HIIII", 0, sk_off, sk_off, 1, len(sd)) + sd
    sk_cell = -((4 + len(sk) + 7) & ~7)
    struct.pack_into("<i", hbin, nk_off, nk_cell)
    hbin[nk_off + 4:nk_off + 4 + len(nk)] = nk
    struct.pack_into("<i", hbin, sk_off, sk_cell)
    hbin[sk_off + 4:sk_off + 4 + len(sk)] = sk
    free = sk_off + (-sk_cell)
    struct.pack_into("<i", hbin, free, 4096 - free)
    base = bytearray(4096)
    base[0:4] = b"regf"
    struct.pack_into("<IIQIIIIII", base, 4, 1, 1, FILETIME, 1, 5, 0, 1, nk_off, 4096)
    struct.pack_into("<I", base, 0x2C, 1)
    name = root_name.decode().encode("utf-16-le")[:64]
    base[0x30:0x30 + len(name)] = name
    csum = 0
    for i in range(0, 508, 4):
        csum ^= struct.unpack_from("<I", base, i)[0]
    csum = {0: 1, 0xFFFFFFFF: 0xFFFFFFFE}.get(csum, csum)
    struct.pack_into("<I", base, 508, csum)
    with open(out, "wb") as f:
        f.write(base + hbin)


if __name__ == "__main__":
    main()
