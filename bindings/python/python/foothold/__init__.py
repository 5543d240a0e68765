"""foothold: read acquired disk images offline and pull out persistence artifacts.

>>> import foothold
>>> ev = foothold.open("disk.img")                       # doctest: +SKIP
>>> [v.filesystem for v in ev.volumes()]                 # doctest: +SKIP
['ntfs', 'ext4']
>>> ev.read("/Windows/System32/Tasks/Evil", volume=1)    # doctest: +SKIP

Records are typed, frozen objects; ``to_dict()`` gives exactly the JSON record the ``foothold``
command prints. Every UTC time of a record (where the Rust schema says ``Timestamp``) is a
:class:`Timestamp`: an aware ``datetime`` in UTC that also keeps the record's exact RFC 3339
text (``str(t)``, ``t.exact``) and its nanoseconds (``t.ns``), since ``datetime`` stops at
microseconds and NTFS writes 100 ns, ext4 1 ns. A time written without a zone (a task's
local ``date``) stays text.
"""
from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass, field
import builtins
import datetime as _dt
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple, Union

from . import _native
from ._native import CorruptEvidence, FootholdError, UnsupportedFormat

# Shown as `foothold.CorruptEvidence`, where a user imports them from.
for _e in (FootholdError, UnsupportedFormat, CorruptEvidence):
    _e.__module__ = "foothold"

__version__: str = _native.__version__

__all__ = [
    "open",
    "triage",
    "Finding",
    "Reason",
    "Evidence",
    "Volume",
    "FileEntry",
    "StreamInfo",
    "Listing",
    "ListError",
    "CronJob",
    "ScheduledTask",
    "TaskTrigger",
    "TaskAction",
    "Principal",
    "Service",
    "Event",
    "Account",
    "Session",
    "Host",
    "parse_task_xml",
    "open_hive",
    "Hive",
    "parse_job",
    "Source",
    "ErrorRecord",
    "Report",
    "Summary",
    "TaskDefinition",
    "Timestamp",
    "parse_crontab",
    "FootholdError",
    "UnsupportedFormat",
    "CorruptEvidence",
    "__version__",
]

PathLike = Union[str, "os.PathLike[str]"]
builtins_open = builtins.open

from ._time import _UTC, Timestamp, _time_of  # noqa: E402  (re-exported)
from ._records import (  # noqa: E402  (generated from the Rust record schema)
    ARTIFACTS as _ARTIFACTS,
    Account,
    CronJob,
    ErrorRecord,
    Event,
    Host,
    LinuxServiceRecord,
    Principal,
    ScheduledTask,
    Service,
    Session,
    Source,
    Summary,
    TaskAction,
    TaskDefinition,
    TaskTrigger,
)

# Shown as `foothold.Timestamp`, where a user imports it from (and pickles find it).
Timestamp.__module__ = "foothold"




class _Plan:
    """Where a record holds UTC times, from the Rust record's JSON Schema: ``ts`` (this value
    is a ``Timestamp``), ``props`` (an object's fields), ``items`` (an array's elements),
    ``values`` (a map's values). Only the parts that lead to a time are kept."""

    __slots__ = ("ts", "props", "items", "values")

    def __init__(self) -> None:
        self.ts = False
        self.props: Dict[str, "_Plan"] = {}
        self.items: Optional["_Plan"] = None
        self.values: Optional["_Plan"] = None

    def empty(self) -> bool:
        return not (self.ts or self.props or self.items or self.values)


def _plan_of(node: Any, defs: Dict[str, Any], depth: int = 0) -> _Plan:
    plan = _Plan()
    if not isinstance(node, dict) or depth > 24:
        return plan
    ref = node.get("$ref")
    if isinstance(ref, str):
        name = ref.rsplit("/", 1)[-1]
        if name == "Timestamp":
            plan.ts = True
            return plan
        _merge(plan, _plan_of(defs.get(name), defs, depth + 1))
    for key in ("anyOf", "oneOf", "allOf"):
        for part in node.get(key, []):
            _merge(plan, _plan_of(part, defs, depth + 1))
    for name, sub in node.get("properties", {}).items():
        p = _plan_of(sub, defs, depth + 1)
        if not p.empty():
            _merge(plan.props.setdefault(name, _Plan()), p)
    for key in ("items", "additionalProperties"):
        if isinstance(node.get(key), dict):
            p = _plan_of(node[key], defs, depth + 1)
            if not p.empty():
                attr = "items" if key == "items" else "values"
                if getattr(plan, attr) is None:
                    setattr(plan, attr, _Plan())
                _merge(getattr(plan, attr), p)
    return plan


def _merge(into: _Plan, other: _Plan) -> None:
    into.ts = into.ts or other.ts
    for k, v in other.props.items():
        _merge(into.props.setdefault(k, _Plan()), v)
    for attr in ("items", "values"):
        o = getattr(other, attr)
        if o is not None:
            if getattr(into, attr) is None:
                setattr(into, attr, _Plan())
            _merge(getattr(into, attr), o)


def _timed(value: Any, plan: Optional[_Plan]) -> Any:
    """``value`` with every UTC time the plan names made a :class:`Timestamp` (copied only
    along the way to a time; a string that is not RFC 3339 UTC is left as it is)."""
    if plan is None or value is None:
        return value
    if isinstance(value, str):
        if plan.ts:
            return _time_of(value)
        return value
    if isinstance(value, dict) and (plan.props or plan.values):
        out = dict(value)
        for k, sub in plan.props.items():
            if k in out:
                out[k] = _timed(out[k], sub)
        if plan.values is not None:
            for k in out:
                if k not in plan.props:
                    out[k] = _timed(out[k], plan.values)
        return out
    if isinstance(value, list) and plan.items is not None:
        return [_timed(v, plan.items) for v in value]
    return value


_PLANS: Dict[str, _Plan] = {}
_PLANS_LOCK = threading.Lock()


def _plan(artifact: str) -> Optional[_Plan]:
    """The time plan of an artifact's records (``file`` for a listing record)."""
    if not _PLANS:
        with _PLANS_LOCK:
            if not _PLANS:
                scan = json.loads(_native.record_schema())
                for entry in scan.get("oneOf", []):
                    name = entry.get("properties", {}).get("artifact", {}).get("const")
                    if name:
                        _PLANS[name] = _plan_of(entry, scan.get("$defs", {}))
                listing = json.loads(_native.record_schema("list"))
                _PLANS["file"] = _plan_of(listing, listing.get("$defs", {}))
    return _PLANS.get(artifact)


@dataclass(frozen=True)
class Volume:
    """A partition, or the whole image when it holds a bare filesystem."""

    number: Optional[int]
    offset: int
    length: int
    partition_type: Optional[str]
    type_name: Optional[str]
    name: Optional[str]
    filesystem: str
    label: Optional[str]
    _raw: Dict[str, Any] = field(repr=False, compare=False)
    _snapshots: List[Dict[str, Any]] = field(default_factory=list, repr=False, compare=False)

    def snapshots(self) -> List[Dict[str, Any]]:
        """The volume's shadow copies, oldest first, as ``foothold info`` lists them:
        ``store`` (what ``foothold.open(path, snapshot=N)`` takes), ``store_id``,
        ``shadow_copy_id``, ``set_id``, ``created`` (UTC), ``volume_size``, ``attributes``."""
        return [dict(s) for s in self._snapshots]

    @classmethod
    def _from(cls, d: Dict[str, Any], snapshots: Sequence[Dict[str, Any]] = ()) -> "Volume":
        return cls(
            _snapshots=[{k: v for k, v in s.items() if k != "volume"} for s in snapshots if s.get("volume") == d.get("number")],
            number=d.get("number"),
            offset=d["offset"],
            length=d["length"],
            partition_type=d.get("partition_type"),
            type_name=d.get("type_name"),
            name=d.get("name"),
            filesystem=d["filesystem"],
            label=d.get("label"),
            _raw=d,
        )

    def to_dict(self) -> Dict[str, Any]:
        """The record as ``foothold info --format json`` prints it."""
        return dict(self._raw)


@dataclass(frozen=True)
class StreamInfo:
    """A named data stream (NTFS alternate data stream)."""

    name: str
    size: int


_TIMES = (
    "created",
    "modified",
    "changed",
    "accessed",
    "fn_created",
    "fn_modified",
    "fn_changed",
    "fn_accessed",
)


@dataclass(frozen=True)
class FileEntry:
    """One listed entry with its provenance (volume, path, MFT entry or inode) and times."""

    volume: Optional[int]
    path: str
    name: str
    kind: str
    size: int
    entry: int
    deleted: bool
    sequence: Optional[int] = None
    stream: Optional[str] = None
    created: Optional["Timestamp"] = None
    modified: Optional["Timestamp"] = None
    changed: Optional["Timestamp"] = None
    accessed: Optional["Timestamp"] = None
    fn_created: Optional["Timestamp"] = None
    fn_modified: Optional["Timestamp"] = None
    fn_changed: Optional["Timestamp"] = None
    fn_accessed: Optional["Timestamp"] = None
    deleted_time: Optional["Timestamp"] = None
    uid: Optional[int] = None
    gid: Optional[int] = None
    mode: Optional[int] = None
    link_target: Optional[str] = None
    streams: List[StreamInfo] = field(default_factory=list)
    #: How the entry was found when not the ordinary way: ``not_in_index``, ``record_unreadable``.
    flags: List[str] = field(default_factory=list)
    _raw: Dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def _from(cls, raw: Dict[str, Any]) -> "FileEntry":
        d = _timed(raw, _plan("file"))
        return cls(
            volume=d.get("volume"),
            path=d["path"],
            name=d["name"],
            kind=d["kind"],
            size=d["size"],
            entry=d["entry"],
            deleted=bool(d["deleted"]),
            sequence=d.get("sequence"),
            stream=d.get("stream"),
            deleted_time=d.get("deleted_time"),
            uid=d.get("uid"),
            gid=d.get("gid"),
            mode=d.get("mode"),
            link_target=d.get("link_target"),
            streams=[StreamInfo(s["name"], s["size"]) for s in d.get("streams", [])],
            flags=list(d.get("flags", [])),
            _raw=raw,
            **{t: d.get(t) for t in _TIMES},
        )

    def to_dict(self) -> Dict[str, Any]:
        """The record as ``foothold ls --format jsonl`` prints it."""
        return dict(self._raw)


@dataclass(frozen=True)
class ListError:
    """A volume or directory that could not be read during a listing."""

    volume: Optional[int]
    path: str
    message: str
    #: MFT entry or inode concerned, when known.
    entry: Optional[int] = None
    #: Byte offset of the damaged structure, when known.
    offset: Optional[int] = None


@dataclass(frozen=True)
class Listing:
    """The result of :meth:`Evidence.listing`: entries plus what could not be read."""

    entries: List[FileEntry]
    errors: List[ListError]
    warnings: List[str]


@dataclass(frozen=True)
class Reason:
    """One point of a finding's score (``foothold::Reason``): the rule's stable ``id``, what
    it matched, and its ``weight``."""

    id: str
    text: str
    weight: int


@dataclass(frozen=True)
class Finding:
    """The verdict on one persistence item (``foothold::Finding``): ``severity`` (``info``,
    ``low``, ``medium``, ``high``, ``critical``), ``score`` (0–100, the sum of the reasons'
    weights), a one-line ``title``, ATT&CK ``techniques``, every ``reason``, the ``subject``
    (artifact, name, host, source) and ``record``, the record object judged."""

    severity: str
    score: int
    title: str
    techniques: List[str]
    reasons: List[Reason]
    subject: Dict[str, Any]
    created_by: Optional[str]
    time: Optional["Timestamp"]
    record: Any = field(default=None, repr=False, compare=False)
    _raw: Dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def _from(cls, d: Dict[str, Any], record: Any) -> "Finding":
        t = d.get("time")
        return cls(
            severity=d["severity"],
            score=d["score"],
            title=d["title"],
            techniques=list(d.get("techniques", [])),
            reasons=[Reason(r["id"], r["text"], r["weight"]) for r in d.get("reasons", [])],
            subject=d["subject"],
            created_by=d.get("created_by"),
            time=Timestamp(t) if t is not None else None,
            record=record,
            _raw=d,
        )

    def to_dict(self) -> Dict[str, Any]:
        """The finding as ``foothold triage --format jsonl`` prints it."""
        return dict(self._raw)


def _summarised(obj: Any, summary: Optional[Dict[str, Any]]) -> Any:
    """Attach the Rust summary to a record object (records are frozen)."""
    if summary is not None:
        object.__setattr__(obj, "summary", Summary._from(summary))
    return obj


# The artifact families, from the Rust `foothold::Family` list (declared once there).
_FAMILIES = tuple(_native.families())



def _utc_columns(columns: Any) -> List[int]:
    """The indexes of the columns whose every value is a UTC time as the records write it
    (RFC 3339 ending in ``Z``): they become ``datetime64[ns, UTC]`` in DataFrames, to the
    nanosecond. A time written without a zone (a task's local ``date``) is not one and stays
    text."""
    out = []
    for i, values in enumerate(columns):
        present = [v for v in values if v is not None and v == v]
        if present and all(isinstance(v, str) and _UTC.fullmatch(v) for v in present):
            out.append(i)
    return out


class _Columns(dict):  # type: ignore[type-arg]
    """Each artifact's top-level fields, from the Rust record's JSON Schema (read once)."""

    def __missing__(self, artifact: str) -> List[str]:
        if artifact == "finding":
            cols = list(json.loads(_native.record_schema("finding")).get("properties", {}))
            self[artifact] = cols
            return cols
        schema = json.loads(_native.record_schema())
        defs = schema.get("$defs", {})

        def props(node: Dict[str, Any], depth: int = 0) -> List[str]:
            out: List[str] = []
            if depth > 8:
                return out
            if "$ref" in node:
                out += props(defs.get(node["$ref"].rsplit("/", 1)[-1], {}), depth + 1)
            for part in node.get("allOf", []) + node.get("anyOf", []) + node.get("oneOf", []):
                out += props(part, depth + 1)
            out += list(node.get("properties", {}))
            return out

        for entry in schema.get("oneOf", []):
            name = entry.get("properties", {}).get("artifact", {}).get("const")
            cols = ["artifact"] + [c for c in dict.fromkeys(props(entry)) if c != "artifact"]
            self[name] = cols
        if artifact not in self:
            raise ValueError(f"unknown artifact {artifact!r}")
        return self[artifact]


_COLUMNS = _Columns()


# The record kinds in output order, from the Rust record schema (its `oneOf` follows the
# `Record` enum): not a list kept here.
_KNOWN = tuple(e["properties"]["artifact"]["const"] for e in json.loads(_native.record_schema())["oneOf"])


def _record_object(artifact: str, d: Dict[str, Any], summary: Optional[Dict[str, Any]]) -> Any:
    """One record dict (with its summary) as its typed object (the class of its artifact,
    generated from the schema)."""
    cls = _ARTIFACTS.get(artifact)
    if cls is None:
        raise ValueError(f"record of unknown artifact {artifact!r}: the package is older than its native module")
    return _summarised(cls._from(d), summary)


class Report:
    """What :meth:`Evidence.scan` found.

    The records stay in Rust until they are asked for: each list (``scheduled_tasks``,
    ``events``…) is made into typed objects the first time it is read, and
    :meth:`to_pandas` builds its frame from the records' dicts without making objects at
    all. Immutable, safe to share between threads."""

    __slots__ = ("_native", "_pairs", "_rows_of", "_objects", "_timeline", "_lock")

    def __init__(
        self,
        native: Any = None,
        pairs: Optional[List[Tuple[Dict[str, Any], Dict[str, Any]]]] = None,
        timeline: Union[None, bool, List[Dict[str, Any]]] = None,
    ) -> None:
        # Either a native report (lazy), or records already converted to dicts (eager).
        self._native = native
        self._rows_of: Dict[str, List[Tuple[Dict[str, Any], Dict[str, Any]]]] = {}
        if pairs is not None:
            for d, summary in pairs:
                artifact = d.get("artifact")
                if artifact not in _KNOWN:
                    raise ValueError(f"record of unknown artifact {artifact!r}: the package is older than its native module")
                self._rows_of.setdefault(artifact, []).append((d, summary))
        self._pairs = pairs is not None
        if native is not None:
            unknown = set(native.artifacts()) - set(_KNOWN)
            if unknown:
                raise ValueError(f"records of unknown artifacts {sorted(unknown)}: the package is older than its native module")
        self._objects: Dict[str, List[Any]] = {}
        # The timeline rows, or True: read from the native report when asked for.
        self._timeline = timeline if timeline is not None else []
        self._lock = threading.Lock()

    def _pairs_of(self, artifact: str) -> List[Tuple[Dict[str, Any], Dict[str, Any]]]:
        with self._lock:
            if artifact not in self._rows_of:
                self._rows_of[artifact] = [] if self._pairs or self._native is None else list(self._native.pairs(artifact))
            return self._rows_of[artifact]

    def _records(self, artifact: str) -> List[Any]:
        got = self._objects.get(artifact)
        if got is None:
            got = [_record_object(artifact, d, summary) for d, summary in self._pairs_of(artifact)]
            with self._lock:
                got = self._objects.setdefault(artifact, got)
        return got

    def _finding_rows(self, sigma: Optional[List[str]] = None) -> List[Tuple[Dict[str, Any], str, int]]:
        if self._native is None:
            raise ValueError("findings are judged from a scan's report (Evidence.scan()), not from records given as dicts")
        key = "finding" if sigma is None else "finding\0" + "\0".join(sigma)
        with self._lock:
            rows = self._rows_of.get(key)
            if rows is None:
                rows = list(self._native.findings(sigma))
                self._rows_of[key] = rows  # type: ignore[assignment]
        return rows  # type: ignore[return-value]

    def findings(
        self, min_severity: str = "info", sigma: Union[None, str, os.PathLike, Sequence[Union[str, os.PathLike]]] = None
    ) -> List["Finding"]:
        """One :class:`Finding` per persistence item (task, service, cron job, timer),
        highest score first, as ``foothold triage`` ranks them; only those of
        ``min_severity`` or worse. ``sigma`` (Sigma rule files or folders) adds one finding
        per event record a rule matches and raises the task or service the event names, as
        ``foothold triage --sigma``: the rules see this report's events (a scan keeps the
        persistence events; ``Evidence.findings(sigma=…)`` reads every record of the logs)."""
        order = ["info", "low", "medium", "high", "critical"]
        if min_severity not in order:
            raise ValueError(f"unknown severity {min_severity!r}; expected one of {order}")
        least = order.index(min_severity)
        if sigma is not None and (isinstance(sigma, (str, os.PathLike))):
            sigma = [sigma]
        paths = None if sigma is None else [os.fspath(p) for p in sigma]
        return [
            Finding._from(d, self._records(artifact)[index])
            for d, artifact, index in self._finding_rows(paths)
            if order.index(d["severity"]) >= least
        ]

    def remediation(self, min_severity: str = "medium") -> List[Dict[str, Any]]:
        """``foothold remediate``'s steps for this report: per host, in the playbook's order
        (contain, eradicate, verify, credentials), the steps that remove each finding of
        ``min_severity`` or worse (never ``info``) — each a dict, the JSON step (``action``,
        ``target``, ``command``, ``sha256``, ``findings``, ``why``…)."""
        if self._native is None:
            raise ValueError("remediation is planned from a scan's report (Evidence.scan()), not from records given as dicts")
        return list(self._native.remediation(min_severity))

    def monitoring_rules(self, min_severity: str = "medium") -> List[Dict[str, str]]:
        """``foothold remediate --sigma``'s Sigma rules for the findings of ``min_severity``
        or worse: each ``{"file_name", "id", "title", "yaml"}``."""
        if self._native is None:
            raise ValueError("monitoring rules are made from a scan's report (Evidence.scan()), not from records given as dicts")
        return [
            {"file_name": f, "id": i, "title": t, "yaml": y} for f, i, t, y in self._native.monitoring_rules(min_severity)
        ]

    @property
    def scheduled_tasks(self) -> List["ScheduledTask"]:
        """Windows scheduled tasks."""
        return self._records("scheduled_task")

    @property
    def services(self) -> List["Service"]:
        """Windows services, one per control set."""
        return self._records("service")

    @property
    def cron_jobs(self) -> List["CronJob"]:
        """Linux cron, anacron, at, run-parts and systemd timer jobs."""
        return self._records("cron_job")

    @property
    def linux_services(self) -> List["LinuxServiceRecord"]:
        """Linux services: systemd service units, SysV init scripts, ``rc.local``."""
        return self._records("linux_service")

    @property
    def events(self) -> List["Event"]:
        """Event-log records."""
        return self._records("event")

    @property
    def errors(self) -> List["ErrorRecord"]:
        """What could not be read or parsed."""
        return self._records("error")

    @property
    def accounts(self) -> List["Account"]:
        """Users and groups of the image (SAM, ProfileList, passwd/group/sudoers)."""
        return self._records("account")

    @property
    def sessions(self) -> List["Session"]:
        """Logon sessions from Security logs."""
        return self._records("session")

    @property
    def hosts(self) -> List["Host"]:
        """The machine of each operating-system volume."""
        return self._records("host")

    @property
    def warnings(self) -> List["ErrorRecord"]:
        """Image-level problems that make the results incomplete (truncated image, nothing readable)."""
        return self._records("warning")

    def __repr__(self) -> str:
        counts = ", ".join(f"{a}={len(self._pairs_of(a))}" for a in _KNOWN)
        return f"Report({counts})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Report) and self.records() == other.records()

    __hash__ = None  # type: ignore[assignment]

    def timeline(self) -> List[Dict[str, Any]]:
        """Every time of the scan as one row, in UTC order (``foothold timeline``): ``time``,
        ``timestamp_desc`` (``task registered (TaskCache)``, ``binary created ($SI)``,
        ``logon (network)``, ``event 4698`` …), ``artifact``, ``name``, ``message`` and the
        ``source`` of the time. ``to_pandas("timeline")`` gives it as a DataFrame."""
        with self._lock:
            if self._timeline is True:
                self._timeline = list(self._native.timeline()) if self._native is not None else []
            rows = self._timeline
        return [dict(r) for r in rows]

    @property
    def tasks(self) -> List[ScheduledTask]:
        """Same as ``scheduled_tasks``."""
        return self.scheduled_tasks

    def records(self) -> List[Dict[str, Any]]:
        """Every record as ``foothold scan --format jsonl`` prints it, in the same order."""
        return [dict(d) for a in _KNOWN for d, _ in self._pairs_of(a)]

    def to_json(self, path: PathLike) -> None:
        """Write the records as JSON Lines."""
        with builtins_open(os.fspath(path), "w", encoding="utf-8") as f:
            for r in self.records():
                f.write(json.dumps(r, ensure_ascii=False) + "\n")

    def to_pandas(self, artifact: str = "cron_job") -> Any:
        """A ``pandas.DataFrame`` with one row per record of ``artifact`` (``scheduled_task``,
        ``service``, ``cron_job``, ``account``, ``host``, ``session``, ``event``, ``error`` or ``warning``,
        ``finding`` for :meth:`findings`, or ``timeline`` for :meth:`timeline`'s rows);
        nested fields become ``source.path`` etc. Needs pandas."""
        try:
            import pandas as pd
        except ImportError as e:  # pragma: no cover - depends on the environment
            raise ImportError("Report.to_pandas needs pandas: pip install pandas") from e
        if artifact == "timeline":
            # Times as datetimes here too, so that rows sort by time, not by text
            # (`…22Z` after `…22.33Z`).
            df = pd.json_normalize(self.timeline())
        else:
            rows = self._rows(artifact)
            if not rows:
                # No records: the artifact's columns all the same.
                return pd.DataFrame(columns=_COLUMNS[artifact])
            df = pd.json_normalize(rows)
        for c in _utc_columns(df[c].tolist() for c in df.columns):
            df[df.columns[c]] = pd.to_datetime(df[df.columns[c]], utc=True, format="ISO8601").dt.as_unit("ns")
        return df

    def _rows(self, artifact: str) -> List[Dict[str, Any]]:
        if artifact == "finding":
            return [dict(d) for d, _, _ in self._finding_rows()]
        if artifact not in _KNOWN:
            raise ValueError(f"unknown artifact {artifact!r}; expected {', '.join(repr(a) for a in _KNOWN[:-1])} or {_KNOWN[-1]!r}")
        return [dict(d) for d, _ in self._pairs_of(artifact)]

    def to_polars(self, artifact: str = "cron_job") -> Any:
        """:meth:`to_pandas` as a ``polars.DataFrame`` (nested fields flattened the same way);
        ``timeline`` too. Needs polars."""
        try:
            import polars as pl
        except ImportError as e:  # pragma: no cover - depends on the environment
            raise ImportError("Report.to_polars needs polars: pip install polars") from e
        rows = self.timeline() if artifact == "timeline" else self._rows(artifact)
        if not rows:
            cols = [] if artifact == "timeline" else _COLUMNS[artifact]
            return pl.DataFrame({c: [] for c in cols})
        df = pl.json_normalize(rows, infer_schema_length=None)
        times = [df.columns[c] for c in _utc_columns(df[c].to_list() for c in df.columns)]
        return df.with_columns(
            [pl.col(c).str.to_datetime("%Y-%m-%dT%H:%M:%S%.fZ", time_unit="ns", time_zone="UTC") for c in times]
        )


def _report(pairs: List[Tuple[Dict[str, Any], Dict[str, Any]]]) -> Report:
    return Report(pairs=pairs)


class Evidence:
    """An opened image (raw, split raw, E01, qcow2, VHD, VHDX, VMDK) or directory. Safe to
    share between threads."""

    def __init__(self, native: "_native.NativeEvidence") -> None:
        self._native = native
        self._info: Dict[str, Any] = json.loads(native.info_json())
        self._report: Optional[Report] = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"<foothold.Evidence {self._info['evidence']!r} {self._info['format']} {len(self._info['volumes'])} volume(s)>"

    @property
    def path(self) -> str:
        return str(self._info["evidence"])

    @property
    def format(self) -> str:
        """``raw``, ``split_raw``, ``ewf``, ``qcow2``, ``vhd``, ``vhdx``, ``vmdk`` or ``host``."""
        return str(self._info["format"])

    @property
    def container(self) -> Dict[str, str]:
        """What the container says about itself: E01 acquisition metadata (``case_number``,
        ``examiner_name``, ``acquiry_date``…), VMDK ``create_type``, qcow2 ``backing_file``."""
        return dict(self._info.get("container", {}))

    @property
    def stored_hashes(self) -> Dict[str, str]:
        """Media hashes stored at acquisition, by algorithm (``md5``, ``sha1``)."""
        return dict(self._info.get("stored_hashes", {}))

    def verify(self) -> Dict[str, Any]:
        """Read the whole media, compute MD5 and SHA-1 and compare with the stored hashes:
        ``{"bytes", "computed", "stored", "matches"}`` (``matches`` is ``None`` when nothing is
        stored). Raises ``CorruptEvidence`` naming a damaged chunk. Releases the GIL."""
        return dict(json.loads(self._native.verify_json()))

    @property
    def size(self) -> int:
        return int(self._info["size"])

    def info(self) -> Dict[str, Any]:
        """What ``foothold info --format json`` prints: volumes, scheme, OS, warnings."""
        return json.loads(json.dumps(self._info))

    def volumes(self) -> List[Volume]:
        return [Volume._from(v, self._info.get("snapshots", ())) for v in self._info["volumes"]]

    def listing(self, path: str = "/", volume: Optional[int] = None, deleted: bool = False) -> Listing:
        """Recursive listing of ``path`` (pre-order) with the errors met on the way."""
        records, o = self._native.list(path, volume, deleted)
        return Listing(
            entries=[FileEntry._from(d) for d in records],
            errors=[ListError(e.get("volume"), e["path"], e["message"], e.get("entry"), e.get("offset")) for e in o["errors"]],
            warnings=list(o["warnings"]),
        )

    def files(self, path: str = "/", volume: Optional[int] = None, deleted: bool = False) -> Iterator[FileEntry]:
        """Iterate over the entries below ``path``; see :meth:`listing` for the errors."""
        return iter(self.listing(path, volume, deleted).entries)

    def read(self, path: str, volume: Optional[int] = None) -> bytes:
        """The bytes of a file; ``path:stream`` reads an NTFS alternate data stream."""
        return self._native.read(path, volume)

    def scan(self, only: Union[None, str, Sequence[str]] = None, hash: bool = True, timeline: bool = True) -> Report:
        """Scan for persistence artifacts. ``only`` names families: ``tasks``, ``services``,
        ``cron``, ``events``, ``accounts`` (one as a string, or a list; default: all).
        ``hash=False`` finds the files tasks, services and jobs run without reading them
        (``--no-hash``); ``timeline=False`` leaves :meth:`Report.timeline` empty."""
        if isinstance(only, str):
            only = [only]
        wanted = set(_FAMILIES if only is None else only)
        unknown = wanted - set(_FAMILIES)
        if unknown:
            raise ValueError(f"unknown artifact families {sorted(unknown)}; expected {list(_FAMILIES)}")
        native = self._native.scan_report(None if only is None else sorted(wanted), hash)
        return Report(native=native, timeline=True if timeline else [])

    def findings(
        self, min_severity: str = "info", sigma: Union[None, str, os.PathLike, Sequence[Union[str, os.PathLike]]] = None
    ) -> List["Finding"]:
        """``foothold triage``: the full scan judged (:meth:`Report.findings`); with ``sigma``
        (Sigma rule files or folders) every record of the logs is read and evaluated."""
        if sigma is not None and isinstance(sigma, (str, os.PathLike)):
            sigma = [sigma]
        paths = None if sigma is None else [os.fspath(p) for p in sigma]
        # Every record of the logs is read; only the rules' matches (and the persistence
        # events) are kept.
        native = self._native.scan_report(None, True, False, paths)
        return Report(native=native, timeline=[]).findings(min_severity, sigma)

    def report(self) -> Report:
        """The full scan, run once and kept: :meth:`tasks`, :meth:`services`, :meth:`events`
        and :meth:`cron_jobs` read from it, so they give the same records as ``scan()``
        (events tied to their tasks and services)."""
        with self._lock:
            if self._report is None:
                self._report = self.scan()
            return self._report

    def activity(self, user: str, around: Union[None, str, _dt.datetime] = None, window: int = 3600) -> List[Any]:
        """What one user did, in time order (``foothold activity``): their account, logon
        sessions, the events naming them (every record is read: logons, processes, account
        changes), and the tasks, services and jobs they made or that run as them. ``user`` is
        a SID, a uid, ``DOMAIN\\user`` or ``user``; ``around`` (RFC 3339, or an aware
        ``datetime`` such as a record's :class:`Timestamp`) keeps records within
        ``window`` seconds of it. Each item is a typed record with its ``summary``."""
        if isinstance(around, _dt.datetime):
            # A Timestamp's exact text, or an aware datetime in UTC (RFC 3339).
            if around.tzinfo is None:
                raise ValueError("around: a naive datetime has no zone; give an aware one (UTC)")
            around = str(around) if isinstance(around, Timestamp) else str(Timestamp.of(around))
        pairs = self._native.activity(user, around, window)
        r = _report(pairs)
        by_id = {id(x._raw): x for x in r.scheduled_tasks + r.services + r.cron_jobs + r.accounts + r.sessions + r.events}
        return [by_id[id(d)] for d, _ in pairs if id(d) in by_id]

    def events(self, all: bool = False, ids: Optional[Sequence[int]] = None) -> List[Event]:  # noqa: A002 - as the CLI's --all
        """Persistence events from the image's event logs (``report().events``); with
        ``all``, every event-log record (``foothold events --all``); ``ids`` keeps only those
        event IDs."""
        if all:
            events = list(Report(native=self._native.scan_report(["events"], False, True)).events)
        else:
            events = self.report().events
        if ids is not None:
            keep = set(ids)
            events = [e for e in events if e.event_id in keep]
        return events

    def services(self) -> List[Service]:
        """Every Windows service of every control set (``report().services``)."""
        return self.report().services

    def tasks(self) -> List[ScheduledTask]:
        """Every Windows scheduled task on the image (``report().scheduled_tasks``)."""
        return self.report().scheduled_tasks

    def cron_jobs(self) -> List[CronJob]:
        """Every Linux scheduled job on the image (``report().cron_jobs``)."""
        return self.report().cron_jobs

    def linux_services(self) -> List[LinuxServiceRecord]:
        """Every Linux service on the image (``report().linux_services``)."""
        return self.report().linux_services


def triage(
    reports: Sequence["Report"], baseline: Optional["Report"] = None, min_severity: str = "info"
) -> List["Finding"]:
    """``foothold triage`` of several machines' reports (a case): each judged, then the
    reasons only a case gives — ``rare_in_case`` (an item on one machine of three or more)
    and, with ``baseline`` (a clean machine's report), ``not_in_baseline`` — ranked as the
    CLI ranks them; only those of ``min_severity`` or worse. A machine is its evidence file."""
    order = ["info", "low", "medium", "high", "critical"]
    if min_severity not in order:
        raise ValueError(f"unknown severity {min_severity!r}; expected one of {order}")
    if any(r._native is None for r in reports) or (baseline is not None and baseline._native is None):
        raise ValueError("triage judges scans' reports (Evidence.scan()), not records given as dicts")
    least = order.index(min_severity)
    rows = _native.judge_case([r._native for r in reports], None if baseline is None else baseline._native)
    return [
        Finding._from(d, reports[i]._records(artifact)[index])
        for d, i, artifact, index in rows
        if order.index(d["severity"]) >= least
    ]


def parse_crontab(data: bytes, user: Optional[str] = None) -> Tuple[List[CronJob], List[Dict[str, Any]]]:
    """Parse a loose crontab: system layout (user column) when ``user`` is None, else a user
    crontab of ``user``. Returns the jobs and the invalid lines (``line``, ``message``, ``text``)."""
    jobs, errors = _native.parse_crontab(bytes(data), user)
    return [CronJob._from(j) for j in jobs], list(errors)


def parse_task_xml(data: bytes) -> ScheduledTask:
    """Parse a loose task definition (any encoding). Raises ``CorruptEvidence`` if malformed."""
    d, summary = _native.parse_task(bytes(data), False)
    return _summarised(ScheduledTask._from(d), summary)


def parse_job(data: bytes) -> ScheduledTask:
    """Parse a loose legacy ``.job`` file. Raises ``CorruptEvidence`` if malformed."""
    d, summary = _native.parse_task(bytes(data), True)
    return _summarised(ScheduledTask._from(d), summary)


@dataclass(frozen=True)
class Hive:
    """A loose registry hive after transaction-log replay (see :func:`open_hive`)."""

    replay: Dict[str, Any]
    services: List[Service]
    task_cache: List[Dict[str, Any]]

    @property
    def dirty(self) -> bool:
        """Whether the hive was dirty before replay."""
        return bool(self.replay["dirty"])

    def __repr__(self) -> str:
        return f"Hive(dirty={self.dirty}, services={len(self.services)}, task_cache={len(self.task_cache)})"


def open_hive(data: Union[bytes, PathLike], logs: Sequence[bytes] = ()) -> Hive:
    """Load a hive, replay its transaction logs, and read its services (SYSTEM) and
    TaskCache (SOFTWARE). ``data`` is the hive's bytes (``logs`` its ``.LOG1``/``.LOG2`` as
    bytes, any order) or its path (the ``.LOG1``/``.LOG2``/``.LOG`` beside it are read
    unless ``logs`` are given). Raises ``CorruptEvidence``."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        path = os.fspath(data)
        with builtins_open(path, "rb") as f:
            data = f.read()
        if not logs:
            found = []
            for ext in ("LOG1", "LOG2", "LOG"):
                for name in (f"{path}.{ext}", f"{path}.{ext.lower()}"):
                    if os.path.isfile(name):
                        with builtins_open(name, "rb") as f:
                            found.append(f.read())
                        break
            logs = found
    d = _native.open_hive(bytes(data), [bytes(l) for l in logs])
    return Hive(
        replay=d["replay"],
        services=[Service._from(s) for s in d["services"]],
        task_cache=list(d["task_cache"]),
    )


def open(path: PathLike, snapshot: Optional[int] = None) -> Evidence:  # noqa: A001 - the natural name, as in builtins.open
    """Open an image file or a directory. Raw, split raw (first segment), E01 (first
    segment), qcow2, VHD, VHDX and VMDK are recognised by content. ``snapshot=N`` reads the
    volumes as they were at shadow copy ``N`` (``Volume.snapshots()``; 1 = the oldest)."""
    return Evidence(_native.open(os.fspath(path), snapshot))
