"""One timed `foothold.case.scan(engine="dask")` of a case folder on a fresh
`distributed.LocalCluster` of N single-threaded worker processes (benches/case-100.sh).

Prints one JSON line: cluster start-up seconds, scan seconds (the cluster already up),
images, records, errors, failed, and the peak resident memory of the whole process tree
(this driver, the nanny and worker processes: psutil's RSS summed every 50 ms).

Usage: python benches/case_dask.py DIR OUT N_WORKERS
"""
import json
import shutil
import sys
import threading
import time

import psutil
from distributed import LocalCluster

import foothold.case

peak = 0
stop = threading.Event()


def sample():
    global peak
    me = psutil.Process()
    while not stop.is_set():
        total = 0
        for p in [me] + me.children(recursive=True):
            try:
                total += p.memory_info().rss
            except psutil.Error:
                pass
        peak = max(peak, total)
        time.sleep(0.05)


def main():
    src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    shutil.rmtree(out, ignore_errors=True)
    threading.Thread(target=sample, daemon=True).start()
    t0 = time.perf_counter()
    cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None)
    t1 = time.perf_counter()
    statuses = foothold.case.scan([src], out, engine="dask", address=cluster.scheduler_address)
    t2 = time.perf_counter()
    cluster.close()
    stop.set()
    print(json.dumps({
        "workers": n,
        "startup_s": round(t1 - t0, 3),
        "scan_s": round(t2 - t1, 3),
        "images": len(statuses),
        "records": sum(s["records"] for s in statuses),
        "errors": sum(s["errors"] for s in statuses),
        "failed": sum(s["status"] != "done" for s in statuses),
        "peak_rss_mib": round(peak / 2**20),
    }))


if __name__ == "__main__":
    main()
