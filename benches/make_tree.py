#!/usr/bin/env python3
"""Fill DIR with a realistic-looking tree of small files for the benchmark images.

Usage: make_tree.py windows|linux DIR COUNT
windows: WinSxS component folders, System32, Program Files, user profiles (AppData caches).
linux:   home directories, /var/lib package data, /usr/share/doc-like folders.
File contents are short, varied text (a few hundred bytes), so volumes hold many MFT
records / inodes and directory indexes of realistic depth, not bulk data.
"""
import os
import random
import sys


def write(path, i):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(f"{path} {i}\n" * (1 + i % 7))


def windows(root, count):
    r = random.Random(7)
    made = 0
    arch = ["amd64", "x86", "wow64", "msil"]
    while made < count:
        k = made % 10
        if k < 5:  # WinSxS: many component folders, a few files each
            comp = f"{r.choice(arch)}_microsoft-windows-{r.randrange(5000):04d}_31bf3856ad364e35_10.0.19041.{r.randrange(4000)}_none_{r.getrandbits(48):012x}"
            for j in range(r.randrange(1, 9)):
                write(os.path.join(root, "Windows", "WinSxS", comp, f"component{j}.dll"), made)
                made += 1
        elif k < 7:
            write(os.path.join(root, "Windows", "System32", f"lib{made:06d}.dll"), made)
            made += 1
        elif k < 8:
            vendor = f"Vendor{r.randrange(60):02d}"
            write(os.path.join(root, "Program Files", vendor, f"App{r.randrange(6)}", f"module{made}.bin"), made)
            made += 1
        else:
            user = f"user{r.randrange(12):02d}"
            cache = f"{r.getrandbits(32):08x}"
            write(os.path.join(root, "Users", user, "AppData", "Local", "Microsoft", "Windows", "INetCache", cache[:2], f"{cache}.tmp"), made)
            made += 1


def linux(root, count):
    r = random.Random(11)
    made = 0
    while made < count:
        k = made % 4
        if k == 0:
            user = f"user{r.randrange(20):02d}"
            write(os.path.join(root, "home", user, ".cache", f"{r.getrandbits(16):04x}", f"entry{made}"), made)
        elif k == 1:
            write(os.path.join(root, "var", "lib", "pkgdata", f"pkg{r.randrange(3000):04d}", f"file{made}.list"), made)
        elif k == 2:
            write(os.path.join(root, "srv", "www", f"site{r.randrange(50)}", "static", f"asset{made}.js"), made)
        else:
            write(os.path.join(root, "opt", f"app{r.randrange(40)}", "lib", f"mod{made}.py"), made)
        made += 1


if __name__ == "__main__":
    kind, root, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    {"windows": windows, "linux": linux}[kind](root, count)
