"""Python `Evidence.scan()` against the CLI on one image, in the same run, alternating.

Usage (release builds of both, the extension installed in a venv):
    maturin develop --release   # in bindings/python
    cargo build --release -p foothold-cli
    python benches/python-scan.py target/test-scratch/windows-tasks.img [RUNS]

Prints the medians of RUNS alternated runs (default 7) of: the CLI (`scan --format jsonl`,
one process each, its start included), Python's `scan()` (in process: the report, its records
made into objects when first read), and `scan()` with every record made into its object.
"""
import statistics
import subprocess
import sys
import time

import foothold

img = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 7
cli = "target/release/foothold"


def every_record(r):
    return sum(len(x) for x in (r.scheduled_tasks, r.services, r.cron_jobs, r.events, r.accounts, r.hosts, r.sessions, r.errors, r.warnings))


foothold.open(img).scan()  # warm the caches of both
subprocess.run([cli, "scan", "--format", "jsonl", img], capture_output=True, check=False)
py, touched, cl = [], [], []
for _ in range(runs):
    t = time.perf_counter()
    subprocess.run([cli, "scan", "--format", "jsonl", img], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    cl.append(time.perf_counter() - t)
    ev = foothold.open(img)
    t = time.perf_counter()
    ev.scan()
    py.append(time.perf_counter() - t)
    ev = foothold.open(img)
    t = time.perf_counter()
    n = every_record(ev.scan())
    touched.append(time.perf_counter() - t)
m = statistics.median
print(f"{img}: {n} records, medians of {runs} alternated runs")
print(f"CLI scan --format jsonl (process):      {m(cl) * 1000:6.1f} ms")
print(f"Python scan():                          {m(py) * 1000:6.1f} ms  ({m(py) / m(cl):.2f}x the CLI)")
print(f"Python scan() + every record an object: {m(touched) * 1000:6.1f} ms  ({m(touched) / m(cl):.2f}x the CLI)")
