"""Python `Evidence.scan()` against the CLI on one image, in the same run.

Usage (release builds of both, the extension installed in a venv):
    maturin develop --release   # in bindings/python
    cargo build --release -p foothold-cli
    python benches/python-scan.py target/bench/windows-tasks.img
"""
import statistics
import subprocess
import sys
import time

import foothold

img = sys.argv[1]
cli = sys.argv[2] if len(sys.argv) > 2 else "target/release/foothold"


def py_once():
    ev = foothold.open(img)
    t = time.perf_counter()
    r = ev.scan()
    return time.perf_counter() - t, r


py_once()
py = [py_once()[0] for _ in range(15)]
records = len(py_once()[1].records())
cl = []
for _ in range(30):
    t = time.perf_counter()
    subprocess.run([cli, "scan", "--format", "jsonl", img], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    cl.append(time.perf_counter() - t)
print(f"{img}: {records} records")
print(f"python Evidence.scan(): median {statistics.median(py) * 1000:.1f} ms (15 runs, in process)")
print(f"CLI scan --format jsonl: median {statistics.median(cl) * 1000:.1f} ms (30 runs, process start included)")
