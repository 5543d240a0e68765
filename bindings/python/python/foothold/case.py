"""A case of many images: scan them into one Parquet dataset, on this machine or on a Dask
cluster, and stack what they hold.

``scan(paths, out)`` writes ``out/parquet/artifact=KIND/IMAGE.parquet`` (one row per record,
with a ``host`` column, the summary columns and the record as JSON in ``record``) and
``out/images.jsonl``; ``read(out, "scheduled_task")`` gives a kind as a pandas DataFrame
(pandas, polars, pyarrow and ``dask.dataframe`` read the dataset directly too);
``stack(out)`` the rarest items first.

With ``engine="dask"`` each image is one task on a Dask cluster (``distributed``): a
``LocalCluster`` by default, or the scheduler at ``address``. Each task scans its image with
a Rust thread pool the size of its worker's threads and writes its own Parquet parts; the
driver records the statuses. **The images and ``out`` must be reachable by the same path
from every worker** (a shared evidence store and case folder).
"""
import json
import os
from typing import Any, Dict, List, Optional, Sequence, Union

from . import _native

PathLike = Union[str, "os.PathLike[str]"]

__all__ = ["scan", "read", "stack"]


def _scan_one(path: str, out: str, hash: bool, jsonl: bool) -> Dict[str, Any]:
    """One image, on a Dask worker: the Rust pool sized to the worker's threads."""
    threads = 1
    try:
        from distributed import get_worker

        w = get_worker()
        state = getattr(w, "state", None)
        threads = getattr(state, "nthreads", None) or getattr(w, "nthreads", 1)
    except (ImportError, ValueError, AttributeError):
        pass
    return _native.case_scan_one(path, out, hash, jsonl, int(threads))


def scan(
    paths: Sequence[PathLike],
    out: PathLike,
    engine: str = "local",
    address: Optional[str] = None,
    n_workers: int = 2,
    hash: bool = True,
    jsonl: bool = False,
    force: bool = False,
) -> List[Dict[str, Any]]:
    """Scan every evidence file of ``paths`` (folders are searched by content) into the case
    directory ``out``; the status of each image (``path``, ``id``, ``status`` done/failed,
    ``host``, ``records``, ``errors``, ``message``; ``skipped`` when done before).
    ``engine`` is ``"local"`` (this process, all cores) or ``"dask"``."""
    paths = [os.fspath(p) for p in paths]
    out = os.fspath(out)
    if engine == "local":
        return _native.case_scan(paths, out, hash, jsonl, force)
    if engine != "dask":
        raise ValueError(f"engine={engine!r}: expected 'local' or 'dask'")
    from distributed import Client, LocalCluster

    todo, done = _native.case_pending(paths, out, force)
    cluster = None
    if address is None:
        cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    else:
        client = Client(address)
    try:
        futures = client.map(_scan_one, todo, out=out, hash=hash, jsonl=jsonl, pure=False)
        statuses = client.gather(futures)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    for s in statuses:
        _native.case_record(out, json.dumps(s))
    order = {p: i for i, p in enumerate(todo + [d["path"] for d in done])}
    return sorted(list(done) + list(statuses), key=lambda s: order.get(s["path"], len(order)))


def read(out: PathLike, artifact: str = "scheduled_task", library: str = "pandas") -> Any:
    """One artifact kind of a case as a DataFrame of ``library``: ``"pandas"`` (needs
    pyarrow), ``"polars"`` or ``"dask"`` (a lazy ``dask.dataframe``, one partition per image);
    the ``record`` column holds each record's JSON. A kind the case does not have gives an
    empty pandas/polars frame."""
    part = os.path.join(os.fspath(out), "parquet", f"artifact={artifact}")
    files = sorted(os.path.join(part, f) for f in os.listdir(part)) if os.path.isdir(part) else []
    if library == "pandas":
        import pandas as pd

        return pd.read_parquet(part) if files else pd.DataFrame()
    if library == "polars":
        import polars as pl

        return pl.read_parquet(files) if files else pl.DataFrame()
    if library == "dask":
        import dask.dataframe as dd

        if not files:
            raise FileNotFoundError(f"{part}: the case has no {artifact} records")
        return dd.read_parquet(files)
    raise ValueError(f"library={library!r}: expected 'pandas', 'polars' or 'dask'")


def stack(out: PathLike, by: str = "command") -> Any:
    """Per task, service or cron job normalised (``by``: ``name``, ``command``,
    ``binary_sha256``, ``image_path``, ``user``), the hosts that have it, rarest first, as a
    pandas DataFrame (``key``, ``artifacts``, ``hosts``, ``records``, ``example``)."""
    import pandas as pd

    rows = _native.case_stack(os.fspath(out), by)
    return pd.DataFrame(rows, columns=["key", "artifacts", "hosts", "records", "example"])
