#!/usr/bin/env python3
"""Mutation sweep: damage every corpus image (and container) in many ways and scan each copy.

For each image, `--mutations` copies are made, each with one kind of damage aimed where
foothold's parsers read: MFT records, NTFS index blocks (INDX), hive cells (inside `hbin`s),
EVTX chunks (ElfChnk), ext metadata (the first blocks of each ext volume), partition tables,
container headers and tables (E01, qcow2, VHD, VHDX, VMDK), or random bytes anywhere. Every
copy is scanned by `foothold scan --format jsonl` built with overflow checks on (the `sweep`
profile: release speed, `overflow-checks`, `debug-assertions`) under a time bound (`timeout`)
and an address-space bound (`prlimit --as`), its peak RSS read from `wait4`.

It fails (exit 1) on any panic, hang (time bound hit), memory bound hit, or unexpected exit
code, and on any *silent loss*: a task, service or cron job of the clean image that the
damaged scan neither finds (same source path, same name) nor covers with an error or warning
record naming its path, one of its parent directories, or its file.

    python3 fuzz/sweep.py                   # every corpus image and container, 1000 each
    python3 fuzz/sweep.py --mutations 50    # quicker
    python3 fuzz/sweep.py --only windows-tasks --seed 7

The summary (images, mutations, panics, hangs, worst time and memory) is printed and written
to target/sweep/summary.json. Mutated copies are deleted unless they fail; failing ones are
kept in target/sweep/failures/ with the reason.
"""
import argparse
import json
import os
import random
import shutil
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "target" / "sweep"


def unzstd(src: Path, dst: Path) -> Path:
    if not dst.exists():
        subprocess.run(["zstd", "-q", "-d", "-f", str(src), "-o", str(dst)], check=True)
    return dst


def images(only):
    """(name, path) of every corpus image, the demo and every container."""
    work = OUT / "clean"
    work.mkdir(parents=True, exist_ok=True)
    out = []
    for z in sorted((ROOT / "corpus" / "images").glob("*.img.zst")):
        out.append((z.name[: -len(".img.zst")], z))
    out.append(("demo", ROOT / "corpus" / "demo" / "demo.img.zst"))
    for z in sorted((ROOT / "corpus" / "containers").glob("*.zst")):
        name = z.name[: -len(".zst")]
        # Multi-segment and multi-file containers are opened by their first file.
        if name.endswith((".E02", ".E03", ".E04")) or name.endswith("-s001.vmdk") or name.endswith("-flat.vmdk"):
            continue
        out.append((name, z))
    res = []
    for name, z in out:
        if only and not any(o in name for o in only):
            continue
        res.append((name, unzstd(z, work / z.name[: -len(".zst")])))
    # Companion files (segments, extents, backing files) next to the clean copies.
    for z in sorted((ROOT / "corpus" / "containers").glob("*.zst")):
        unzstd(z, work / z.name[: -len(".zst")])
    return res


def run(binary, img, timeout, mem_mb):
    """Scan `img`: (exit code or signal name, stdout, stderr, seconds, peak RSS in KiB)."""
    cmd = ["prlimit", f"--as={mem_mb << 20}", "--", binary, "scan", str(img), "--format", "jsonl"]
    t = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = p.communicate(timeout=timeout)
        hung = False
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
        hung = True
    dt = time.monotonic() - t
    # communicate() reaped the child; its rusage is the children total delta (one child at a time).
    rss = 0
    try:
        import resource

        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    except Exception:  # pragma: no cover
        pass
    code = "hang" if hung else (p.returncode if p.returncode >= 0 else signal.Signals(-p.returncode).name)
    return code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), dt, rss


def items(jsonl):
    """How many tasks, services and cron jobs the files of each directory yield ((kind,
    volume, directory) -> count), and the error/warning records ((volume, path))."""
    found, problems = {}, []
    kinds = {"scheduled_task": "task", "service": "service", "cron_job": "cron"}
    for line in jsonl.splitlines():
        try:
            r = json.loads(line)
        except json.JSONDecodeError:
            continue
        a = r.get("artifact")
        src = r.get("source", {})
        if a in kinds:
            # Counted per directory: damage that renames a file (a changed byte in its
            # name) keeps its items; one that loses them shows as a lower count.
            path = src.get("path") or "/"
            k = (kinds[a], src.get("volume"), path.rsplit("/", 1)[0] or "/")
            found[k] = found.get(k, 0) + 1
        elif a in ("error", "warning"):
            # With its message: a new problem at the place of one the clean image has
            # (the whole image's "nothing was scanned" beside its refused LVs) still counts.
            problems.append((src.get("volume"), src.get("path") or "/", r.get("message", "")))
    return found, problems


def covered(item, problems):
    """Whether an error or warning names the item's file or one of its parents (its volume
    or the whole image included: a volume that did not open names every file on it)."""
    kind, vol, path = item
    path = path or "/"
    for pvol, ppath, _message in problems:
        if pvol is not None and vol is not None and pvol != vol:
            continue
        p = ppath.rstrip("/")
        # The directory itself, a parent of it, or a file in it.
        if p == "" or path == p or path.startswith(p + "/") or p.startswith(path.rstrip("/") + "/"):
            return True
        # Task records are task files reconciled with the SOFTWARE hive's TaskCache: an
        # error in that hive covers them too.
        if kind == "task" and p.lower().endswith("/config/software"):
            return True
    return False


def volumes(binary, img):
    """(offset, length, filesystem) of the image's volumes, as `foothold info` reads them."""
    try:
        o = subprocess.run([binary, "info", "--format", "json", str(img)], capture_output=True, timeout=30)
        d = json.loads(o.stdout)
        return [(v["offset"], v["length"], v["filesystem"]) for v in d.get("volumes", [])]
    except Exception:
        return []


def targets(data: bytes, vols, container: bool):
    """Byte ranges worth damaging, by kind."""
    t = {}
    if container:
        t["container header"] = [(0, min(len(data), 4096))]
        t["container tables"] = [(0, min(len(data), 1 << 20)), (max(0, len(data) - 65536), len(data))]
        return t
    t["partition table"] = [(0, min(len(data), 34 * 512))]
    for off, length, fs in vols:
        if fs == "ntfs" and off + 512 <= len(data):
            bps = struct.unpack_from("<H", data, off + 11)[0] or 512
            spc = data[off + 13] or 1
            cluster = bps * spc
            mft = off + struct.unpack_from("<Q", data, off + 0x30)[0] * cluster
            if mft < len(data):
                t.setdefault("MFT record", []).extend((mft + i * 1024, mft + i * 1024 + 1024) for i in range(0, 400) if mft + i * 1024 + 1024 <= len(data))
        if fs.startswith("ext"):
            t.setdefault("ext metadata", []).append((off, min(off + (2 << 20), off + length, len(data))))
    vss = bytes.fromhex("6b87083876c1484eb7ae04046e6cc752")
    for sig, kind, size, align in ((b"INDX", "index block", 4096, 512), (b"hbin", "hive cells", 4096, 4096), (b"ElfChnk\0", "EVTX chunk", 65536, 512), (vss, "VSS store block", 16384, 512)):
        pos = data.find(sig)
        spans = []
        while pos != -1 and len(spans) < 4000:
            if pos % align == 0:
                spans.append((pos, min(pos + size, len(data))))
            pos = data.find(sig, pos + 1)
        if spans:
            t[kind] = spans
    return t


def mutate(data: bytes, spans, rng: random.Random):
    """One damage inside one span (zeroed, random garbage, or a few flipped bytes), as a list
    of (offset, new bytes) patches."""
    a, b = rng.choice(spans)
    if b <= a:
        return "nothing", []
    how = rng.choice(["zero", "garbage", "flip", "flip", "flip"])
    if how == "flip":
        return how, [(o, bytes([rng.randrange(256)])) for o in (rng.randrange(a, b) for _ in range(rng.randint(1, 16)))]
    n = rng.randint(1, min(1024, b - a))
    s = rng.randrange(a, b - n + 1)
    return how, [(s, bytes(n) if how == "zero" else rng.randbytes(n))]


def patch(f, patches):
    for off, b in patches:
        f.seek(off)
        f.write(b)
    f.flush()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mutations", type=int, default=1000, help="damaged copies per image")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=20.0, help="seconds per scan")
    ap.add_argument("--mem-mb", type=int, default=4096, help="address-space bound per scan")
    ap.add_argument("--only", action="append", help="images whose name contains this")
    # The sweep's own build: release speed with overflow checks on (profile `sweep`), so a
    # wrapped offset is a panic the sweep reports, not a wrong answer it misses.
    ap.add_argument("--binary", default=str(ROOT / "target" / "sweep" / "foothold"))
    a = ap.parse_args()
    if not Path(a.binary).exists():
        subprocess.run(["cargo", "build", "--profile", "sweep", "-q", "-p", "foothold-cli"], cwd=ROOT, check=True)
    OUT.mkdir(parents=True, exist_ok=True)
    fails = OUT / "failures"
    shutil.rmtree(fails, ignore_errors=True)
    rng = random.Random(a.seed)
    summary = {"images": 0, "mutations": 0, "panics": 0, "hangs": 0, "memory": 0, "bad_exit": 0,
               "silent_losses": 0, "worst_seconds": 0.0, "worst_rss_kib": 0, "by_kind": {}, "failures": []}
    for name, clean in images(a.only):
        container = "." in name
        code, out, err, dt, _ = run(a.binary, clean, a.timeout * 5, a.mem_mb)
        # (The image's own path read as one name, so that messages compare across copies.)
        base, base_problems = items(out.replace(str(clean), "<image>"))
        data = clean.read_bytes()
        spans = targets(data, [] if container else volumes(a.binary, clean), container)
        spans["anywhere"] = [(0, len(data))]
        kinds = sorted(spans)
        summary["images"] += 1
        work = clean.parent / f"mut-{clean.name}"
        shutil.copy(clean, work)
        f = open(work, "r+b")
        stats = {"items": sum(base.values()), "copies_with_errors": 0, "copies_losing_items": 0}
        for i in range(a.mutations):
            kind = kinds[i % len(kinds)]
            how, patches = mutate(data, spans[kind], rng)
            undo = [(o, data[o : o + len(b)]) for o, b in patches]
            patch(f, patches)
            code, out, err, dt, rss = run(a.binary, work, a.timeout, a.mem_mb)
            summary["mutations"] += 1
            summary["by_kind"][kind] = summary["by_kind"].get(kind, 0) + 1
            summary["worst_seconds"] = max(summary["worst_seconds"], round(dt, 3))
            summary["worst_rss_kib"] = max(summary["worst_rss_kib"], rss)
            why = None
            if "panicked" in err or code == 101:
                summary["panics"] += 1
                why = "panic"
            elif code == "hang":
                summary["hangs"] += 1
                why = "hang"
            elif "memory allocation" in err or code in ("SIGABRT", "SIGKILL", "SIGSEGV"):
                summary["memory"] += 1
                why = f"memory or crash ({code})"
            elif code not in (0, 1, 3):
                summary["bad_exit"] += 1
                why = f"exit {code}"
            elif code != 1:
                found, problems = items(out.replace(str(work), "<image>"))
                # Only what the damage added covers a loss (the clean image's own errors do not).
                problems = [p for p in problems if p not in base_problems]
                stats["copies_with_errors"] += bool(problems)
                stats["copies_losing_items"] += any(found.get(k, 0) < n for k, n in base.items())
                # A file that yields fewer items than before, with no error naming it or a parent.
                lost = [k for k, n in base.items() if found.get(k, 0) < n and not covered(k, problems)]
                if lost:
                    summary["silent_losses"] += 1
                    why = f"silent loss of {len(lost)}: {sorted(lost)[:3]}"
            if why:
                fails.mkdir(parents=True, exist_ok=True)
                keep = fails / f"{name}-{i}-{kind.replace(' ', '_')}"
                shutil.copy(work, keep)
                summary["failures"].append({"image": name, "copy": str(keep), "kind": kind, "damage": how, "why": why, "stderr": err[-400:]})
                print(f"FAIL {name} #{i} ({kind}, {how}): {why}", file=sys.stderr)
            patch(f, undo)
        f.close()
        work.unlink(missing_ok=True)
        summary.setdefault("per_image", {})[name] = stats
        print(
            f"{name}: {a.mutations} damaged copies; clean scan {stats['items']} items; "
            f"{stats['copies_with_errors']} copies with error records, {stats['copies_losing_items']} losing items (each covered)",
            file=sys.stderr,
        )
    (OUT / "summary.json").write_text(json.dumps(summary, indent=2))
    s = summary
    print(
        f"sweep: {s['images']} images, {s['mutations']} mutations, panics {s['panics']}, hangs {s['hangs']}, "
        f"memory {s['memory']}, bad exits {s['bad_exit']}, silent losses {s['silent_losses']}, "
        f"worst {s['worst_seconds']} s, worst RSS {s['worst_rss_kib'] // 1024} MiB"
    )
    bad = s["panics"] + s["hangs"] + s["memory"] + s["bad_exit"] + s["silent_losses"]
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
