#!/usr/bin/env python3
"""Edit a `vgcfgbackup` of a volume group into one with a thin pool, a thin LV and a raid1 LV,
for `vgcfgrestore --force` to write back (lvm2 parses and checks the text, and writes the
metadata area itself). lvm2 cannot create those LVs on this machine: lvcreate needs the
device-mapper kernel driver for them. Their sub-LVs were made by lvcreate as plain linear LVs
named x<NAME> (lvcreate refuses the reserved names `_tdata`, `_tmeta`, `_rmeta`, `_rimage`);
they are renamed here and hidden (no VISIBLE), as lvm2 lays a real thin pool and raid1 out.
Usage: lvm_kinds.py BACKUP OUT"""
import re
import sys

RENAME = {"xtdata": "pool_tdata", "xtmeta": "pool_tmeta", "xrmeta0": "r1_rmeta_0",
          "xrimage0": "r1_rimage_0", "xrmeta1": "r1_rmeta_1", "xrimage1": "r1_rimage_1"}
IDS = iter(["Thpool-0000-0000-0000-0000-0000-000001", "Thinlv-0000-0000-0000-0000-0000-000002",
            "Raidlv-0000-0000-0000-0000-0000-000003"])


def lv(name, segment):
    seg = "\n".join("\t\t\t\t" + line for line in segment)
    return ("\n\t\t%s {\n\t\t\tid = \"%s\"\n\t\t\tstatus = [\"READ\", \"WRITE\", \"VISIBLE\"]\n"
            "\t\t\tflags = []\n\t\t\tsegment_count = 1\n\n\t\t\tsegment1 {\n%s\n\t\t\t}\n\t\t}\n"
            % (name, next(IDS), seg))


def main():
    text = open(sys.argv[1]).read()
    for old, new in RENAME.items():
        m = re.search(r"\n\t\t" + old + r" \{\n(.*?)\n\t\t\}\n", text, re.S)
        if not m:
            sys.exit("lvm_kinds.py: no LV " + old)
        body = m.group(1).replace('"READ", "WRITE", "VISIBLE"', '"READ", "WRITE"')
        text = text[:m.start()] + "\n\t\t" + new + " {\n" + body + "\n\t\t}\n" + text[m.end():]
    add = lv("pool", ["start_extent = 0", "extent_count = 8", 'type = "thin-pool"',
                      'metadata = "pool_tmeta"', 'pool = "pool_tdata"', "transaction_id = 1",
                      "chunk_size = 128", 'discards = "passdown"', "zero_new_blocks = 1"])
    add += lv("thin", ["start_extent = 0", "extent_count = 16", 'type = "thin"',
                       'thin_pool = "pool"', "transaction_id = 0", "device_id = 1"])
    add += lv("r1", ["start_extent = 0", "extent_count = 4", 'type = "raid1"',
                     "device_count = 2", "region_size = 1024", "raids = [",
                     '\t"r1_rmeta_0", "r1_rimage_0",', '\t"r1_rmeta_1", "r1_rimage_1"', "]"])
    at = text.index("\n\t\tpool_tdata {")
    open(sys.argv[2], "w").write(text[:at] + add + text[at:])


if __name__ == "__main__":
    main()
