#!/usr/bin/env python3
"""Put a program file where each task and service of a benchmark tree expects one.

Reads `foothold scan --only tasks,services --no-hash --format jsonl` of the tree (or image)
on stdin, and for every program or DLL reported missing writes, at the first place Windows
would look (`searched[0]`), a copy of one of the real PE files of the shared corpus with an
overlay of pseudo-random bytes (deterministic), so that files are 256 KiB to 2 MiB as system
binaries are. Usage: plant_binaries.py TREE REAL_CORPUS/pe < scan.jsonl"""
import json
import os
import random
import sys



def resolve(root, path):
    """`path` below `root`, each component matched case-insensitively against what exists
    (NTFS names are case-insensitive; a mount through ntfs-3g is not)."""
    cur = root
    for comp in [c for c in path.split("/") if c]:
        match = None
        if os.path.isdir(cur):
            match = next((n for n in os.listdir(cur) if n.lower() == comp.lower()), None)
        cur = os.path.join(cur, match or comp)
    return cur


tree, pe_dir = sys.argv[1], sys.argv[2]
pes = sorted(os.path.join(pe_dir, f) for f in os.listdir(pe_dir))
rng = random.Random(16)
done = set()
total = 0
for line in sys.stdin:
    r = json.loads(line)
    for run in r.get("runs", []):
        for b in run["binaries"]:
            if b["status"] != "missing" or b["kind"] not in ("program", "dll") or not b.get("searched"):
                continue
            path = b["searched"][0]
            if path.lower() in done:
                continue
            done.add(path.lower())
            body = open(pes[len(done) % len(pes)], "rb").read()
            size = rng.randint(256 << 10, 2 << 20)
            dest = resolve(tree, path)
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            with open(dest, "wb") as f:
                f.write(body + rng.randbytes(max(0, size - len(body))))
            total += max(size, len(body))
print(f"planted {len(done)} files, {total >> 20} MiB", file=sys.stderr)
