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

import functools
import json
import re
import os
import threading
from dataclasses import dataclass, field
import builtins
import datetime as _dt
from typing import Any, ClassVar, Dict, Iterator, List, Optional, Sequence, Tuple, Union

from . import _native
from ._native import CorruptEvidence, FootholdError, UnsupportedFormat

# Shown as `foothold.CorruptEvidence`, where a user imports them from.
for _e in (FootholdError, UnsupportedFormat, CorruptEvidence):
    _e.__module__ = "foothold"

__version__: str = _native.__version__

__all__ = [
    "open",
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
    "Timestamp",
    "parse_crontab",
    "FootholdError",
    "UnsupportedFormat",
    "CorruptEvidence",
    "__version__",
]

PathLike = Union[str, "os.PathLike[str]"]
builtins_open = builtins.open

_UTC = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z")


class Timestamp(_dt.datetime):
    """A UTC time of a record: an aware ``datetime`` (``tzinfo`` UTC, to the microsecond, the
    digits below it cut, not rounded) that keeps the exact text the record holds.

    ``str(t)`` and ``t.exact`` are that RFC 3339 text (``2021-06-10T21:21:26.3837263Z``);
    ``t.ns`` is the time in nanoseconds since 1970 (exact); comparisons with another
    :class:`Timestamp` or an aware ``datetime`` are exact to the nanosecond (a ``datetime``
    has none below its microsecond); arithmetic, ``replace`` and ``astimezone`` give a plain
    ``datetime``; ``Timestamp.of(aware_datetime)`` makes one from a ``datetime``.

    >>> t = Timestamp("2021-06-10T21:21:26.3837263Z")
    >>> t.microsecond, t.tzinfo, t.ns % 1000, str(t)
    (383726, datetime.timezone.utc, 300, '2021-06-10T21:21:26.3837263Z')
    """

    exact: str
    _sub: int  # nanoseconds below the microsecond

    def __new__(cls, text: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(text, _dt.datetime) and not (args or kwargs):
            return cls.of(text)
        if not isinstance(text, str) or args or kwargs:
            # datetime's own arguments, as its methods pass them to their class (arithmetic,
            # replace, astimezone): what they make is a plain datetime, not a record's time.
            return _dt.datetime(text, *args, **kwargs)
        m = _UTC.fullmatch(text)
        if m is None:
            raise ValueError(f"not an RFC 3339 UTC time: {text!r}")
        y, mo, d, h, mi, sec, frac = m.groups()
        frac = (frac or "").ljust(9, "0")
        self = super().__new__(cls, int(y), int(mo), int(d), int(h), int(mi), int(sec), int(frac[:6]), tzinfo=_dt.timezone.utc)
        self.exact = text
        self._sub = int(frac[6:])
        return self

    @classmethod
    def of(cls, when: _dt.datetime) -> "Timestamp":
        """An aware ``datetime`` as a :class:`Timestamp` in UTC (nothing below its microsecond)."""
        if when.tzinfo is None or when.utcoffset() is None:
            raise ValueError("a foothold Timestamp is an aware time: this datetime has no zone")
        u = when.astimezone(_dt.timezone.utc)
        frac = f".{u.microsecond:06d}" if u.microsecond else ""
        return cls(f"{u.year:04d}-{u.month:02d}-{u.day:02d}T{u.hour:02d}:{u.minute:02d}:{u.second:02d}{frac}Z")

    @property
    def ns(self) -> int:
        """Nanoseconds since 1970-01-01T00:00:00Z, exact."""
        whole = self.to_datetime().replace(microsecond=0) - _EPOCH
        return (whole.days * 86400 + whole.seconds) * 1_000_000_000 + self.microsecond * 1000 + self._sub

    def to_datetime(self) -> _dt.datetime:
        """The plain aware ``datetime`` (to the microsecond)."""
        return _dt.datetime(self.year, self.month, self.day, self.hour, self.minute, self.second, self.microsecond, tzinfo=_dt.timezone.utc)

    def replace(self, *args: Any, **kwargs: Any) -> _dt.datetime:  # type: ignore[override]
        """``datetime.replace`` of the plain ``datetime`` (a changed time is no record's)."""
        return self.to_datetime().replace(*args, **kwargs)

    def __str__(self) -> str:
        return self.exact

    def __repr__(self) -> str:
        return f"foothold.Timestamp({self.exact!r})"

    def __reduce_ex__(self, protocol: Any) -> Any:
        return (Timestamp, (self.exact,))

    def _key(self, other: Any) -> Any:
        if isinstance(other, Timestamp):
            return (self.to_datetime(), self._sub), (other.to_datetime(), other._sub)
        if isinstance(other, _dt.datetime):
            return (self.to_datetime(), self._sub), (other, 0)
        return None

    def __eq__(self, other: Any) -> bool:
        k = self._key(other)
        return NotImplemented if k is None else k[0] == k[1]  # type: ignore[return-value]

    def __ne__(self, other: Any) -> bool:
        k = self._key(other)
        return NotImplemented if k is None else k[0] != k[1]  # type: ignore[return-value]

    def __lt__(self, other: Any) -> bool:
        k = self._key(other)
        return NotImplemented if k is None else k[0] < k[1]  # type: ignore[return-value]

    def __le__(self, other: Any) -> bool:
        k = self._key(other)
        return NotImplemented if k is None else k[0] <= k[1]  # type: ignore[return-value]

    def __gt__(self, other: Any) -> bool:
        k = self._key(other)
        return NotImplemented if k is None else k[0] > k[1]  # type: ignore[return-value]

    def __ge__(self, other: Any) -> bool:
        k = self._key(other)
        return NotImplemented if k is None else k[0] >= k[1]  # type: ignore[return-value]

    def __hash__(self) -> int:
        # equal to a datetime only when nothing is below the microsecond: then its hash
        return hash(self.to_datetime()) if self._sub == 0 else hash((self.to_datetime(), self._sub))


_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)


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


@functools.lru_cache(maxsize=1 << 16)
def _time_of(value: str) -> Any:
    """A record's UTC time text as a :class:`Timestamp` (one object per distinct text: an
    image's records repeat their file times many times over, and a Timestamp is immutable);
    any other text as it is."""
    if not _UTC.fullmatch(value):
        return value
    try:
        return Timestamp(value)
    except ValueError:  # a date datetime cannot hold (year 0, month 13): kept as text
        return value


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


def _source_plan(artifact: str) -> Optional[_Plan]:
    plan = _plan(artifact)
    return plan.props.get("source") if plan else None


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

    @classmethod
    def _from(cls, d: Dict[str, Any]) -> "Volume":
        return cls(
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
class Source:
    """Where a record was found: evidence, volume, filesystem, path, entry, line, file times;
    ``host`` the computer name of the volume's host record; ``origin`` the host file or
    archive member (``ARCHIVE!MEMBER``) of a loose file or triage collection."""

    evidence: str
    volume: Optional[int]
    filesystem: str
    path: str
    host: Optional[str] = None
    origin: Optional[str] = None
    entry: Optional[int] = None
    line: Optional[int] = None
    key: Optional[str] = None
    record_id: Optional[int] = None
    hive: Optional[Dict[str, Any]] = None
    created: Optional["Timestamp"] = None
    modified: Optional["Timestamp"] = None
    changed: Optional["Timestamp"] = None
    accessed: Optional["Timestamp"] = None
    fn_created: Optional["Timestamp"] = None
    fn_modified: Optional["Timestamp"] = None
    fn_changed: Optional["Timestamp"] = None
    fn_accessed: Optional["Timestamp"] = None
    uid: Optional[int] = None
    gid: Optional[int] = None

    @classmethod
    def _from(cls, d: Dict[str, Any]) -> "Source":
        return cls(**{k: d.get(k) for k in cls.__dataclass_fields__})


class _Runs:
    """What a task, service or job runs (the Rust record's ``runs``)."""

    _raw: Dict[str, Any]
    _ARTIFACT: ClassVar[str]

    @property
    def runs(self) -> List[Dict[str, Any]]:
        """Each command line of the record taken apart (``role``, ``invocation``), with the
        files and addresses it names looked for in the image (``binaries``: ``status``,
        ``path``, hashes, PE/ELF/script facts)."""
        plan = _plan(self._ARTIFACT)
        return list(_timed(self._raw.get("runs", []), plan.props.get("runs") if plan else None))

    @property
    def binaries(self) -> List[Dict[str, Any]]:
        """Every file or address the record's commands name, in order (``runs[].binaries``)."""
        return [b for r in self.runs for b in r.get("binaries", [])]


@dataclass(frozen=True)
class CronJob(_Runs):
    """A Linux scheduled job (cron, anacron, at, run-parts script, systemd timer)."""

    _ARTIFACT: ClassVar[str] = "cron_job"

    kind: str
    schedule: str
    user: Optional[str]
    command: str
    environment: Dict[str, str]
    flags: List[str]
    source: Optional[Source]
    decoded: Optional[Dict[str, Any]] = None
    stdin: Optional[str] = None
    job_id: Optional[str] = None
    delay_minutes: Optional[int] = None
    last_run: Optional[str] = None
    at: Optional[Dict[str, Any]] = None
    timer: Optional[Dict[str, Any]] = None
    line: Optional[int] = None
    #: Set when the file was deleted and the job read back (``{"from": "inode", "confidence", …}``).
    recovered: Optional[Dict[str, Any]] = None
    #: The record in a few columns, from the Rust library (set on scanned records).
    summary: Optional["Summary"] = field(default=None, repr=False, compare=False)
    _raw: Dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def _from(cls, raw: Dict[str, Any]) -> "CronJob":
        d = _timed(raw, _plan("cron_job"))
        src = d.get("source")
        return cls(
            kind=d["kind"],
            schedule=d["schedule"],
            user=d.get("user"),
            command=d["command"],
            environment=dict(d.get("environment", {})),
            flags=list(d.get("flags", [])),
            source=Source._from(src) if src else None,
            decoded=d.get("decoded"),
            stdin=d.get("stdin"),
            job_id=d.get("job_id"),
            delay_minutes=d.get("delay_minutes"),
            last_run=d.get("last_run"),
            at=d.get("at"),
            timer=d.get("timer"),
            line=src.get("line") if src else d.get("line"),
            recovered=d.get("recovered"),
            _raw=raw,
        )

    def to_dict(self) -> Dict[str, Any]:
        """The record as ``foothold scan --format jsonl`` prints it."""
        return dict(self._raw)


def _pick(cls: Any, d: Dict[str, Any], **renames: str) -> Dict[str, Any]:
    """The keys of ``d`` that are fields of ``cls`` (``renames``: field -> JSON key)."""
    out = {}
    for f in cls.__dataclass_fields__:
        if f.startswith("_"):
            continue
        key = renames.get(f, f)
        if key in d:
            out[f] = d[key]
    return out


@dataclass(frozen=True)
class Principal:
    """The account a task runs as."""

    id: Optional[str] = None
    user_id: Optional[str] = None
    group_id: Optional[str] = None
    logon_type: Optional[str] = None
    run_level: Optional[str] = None
    display_name: Optional[str] = None
    process_token_sid_type: Optional[str] = None
    required_privileges: List[str] = field(default_factory=list)


@dataclass(frozen=True)
class TaskTrigger:
    """One trigger; ``type`` is ``time``, ``calendar``, ``boot``, ``logon``, ``idle``, ``event``…"""

    type: str
    enabled: bool = True
    id: Optional[str] = None
    start_boundary: Optional[str] = None
    end_boundary: Optional[str] = None
    interval: Optional[str] = None
    duration: Optional[str] = None
    stop_at_duration_end: Optional[bool] = None
    delay: Optional[str] = None
    random_delay: Optional[str] = None
    execution_time_limit: Optional[str] = None
    user_id: Optional[str] = None
    subscription: Optional[str] = None
    state_change: Optional[str] = None
    state_name: Optional[str] = None
    data: Optional[str] = None
    schedule: Optional[Dict[str, Any]] = None
    value_queries: Dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TaskAction:
    """One action; ``type`` is ``exec``, ``com_handler``, ``send_email`` or ``show_message``."""

    type: str
    id: Optional[str] = None
    command: Optional[str] = None
    arguments: Optional[str] = None
    working_directory: Optional[str] = None
    class_id: Optional[str] = None
    data: Optional[str] = None
    fields: Dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ScheduledTask(_Runs):
    """A Windows scheduled task (task XML, legacy .job, TaskCache), reconciled by name."""

    _ARTIFACT: ClassVar[str] = "scheduled_task"

    name: str
    enabled: bool
    hidden: bool
    author: Optional[str]
    date: Optional[str]
    description: Optional[str]
    uri: Optional[str]
    principal: Optional[Principal]
    triggers: List[TaskTrigger]
    actions: List[TaskAction]
    settings: Dict[str, str]
    sources: List[str]
    flags: List[str]
    source: Optional[Source]
    job_source: Optional[Source] = None
    job: Optional[Dict[str, Any]] = None
    taskcache: Optional[Dict[str, Any]] = None
    #: Set when the task was rebuilt (``{"from": "event_log", "created", "deleted", "notes"}``).
    recovered: Optional[Dict[str, Any]] = None
    #: The record in a few columns, from the Rust library (set on scanned records).
    summary: Optional["Summary"] = field(default=None, repr=False, compare=False)
    _raw: Dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def _from(cls, raw: Dict[str, Any]) -> "ScheduledTask":
        d = _timed(raw, _plan("scheduled_task"))
        return cls(
            name=d.get("name", ""),
            enabled=bool(d["enabled"]),
            hidden=bool(d["hidden"]),
            author=d.get("author"),
            date=d.get("date"),
            description=d.get("description"),
            uri=d.get("uri"),
            principal=Principal(**_pick(Principal, d["principal"])) if d.get("principal") else None,
            triggers=[TaskTrigger(**_pick(TaskTrigger, t)) for t in d.get("triggers", [])],
            actions=[TaskAction(**_pick(TaskAction, a)) for a in d.get("actions", [])],
            settings=dict(d.get("settings", {})),
            sources=list(d.get("sources", [])),
            flags=list(d.get("flags", [])),
            recovered=d.get("recovered"),
            source=Source._from(d["source"]) if d.get("source") else None,
            job_source=Source._from(d["job_source"]) if d.get("job_source") else None,
            job=d.get("job"),
            taskcache=d.get("taskcache"),
            _raw=raw,
        )

    @property
    def command_line(self) -> str:
        """The first action as one line: ``command arguments``, ``COM {class id}``, or the
        action's kind (Rust's ``ScheduledTask::command_line``; a test checks it against the
        command column of :attr:`summary`, which lists every action of a task that has
        several: ``(2 actions) A; B``)."""
        if not self.actions:
            return ""
        a = self.actions[0]
        if a.command is not None:
            return f"{a.command} {a.arguments}" if a.arguments else a.command
        return f"COM {a.class_id}" if a.class_id is not None else a.kind

    def to_dict(self) -> Dict[str, Any]:
        """The record as ``foothold scan --format jsonl`` prints it."""
        return dict(self._raw)


@dataclass(frozen=True)
class Service(_Runs):
    """A Windows service from one control set of the SYSTEM hive."""

    _ARTIFACT: ClassVar[str] = "service"

    name: str
    control_set: str
    current: bool
    image_path: Optional[str]
    image_path_resolved: Optional[str]
    service_dll: Optional[str]
    object_name: Optional[str]
    start: Optional[int]
    start_name: Optional[str]
    type: Optional[int]
    display_name: Optional[str]
    description: Optional[str]
    last_written: Optional["Timestamp"]
    source: Optional[Source]
    #: Set when the service's key is gone and it was rebuilt from its installation events.
    recovered: Optional[Dict[str, Any]] = None
    #: The record in a few columns, from the Rust library (set on scanned records).
    summary: Optional["Summary"] = field(default=None, repr=False, compare=False)
    _raw: Dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def _from(cls, raw: Dict[str, Any]) -> "Service":
        d = _timed(raw, _plan("service"))
        return cls(
            name=d["name"],
            control_set=d["control_set"],
            current=bool(d["current"]),
            image_path=d.get("image_path"),
            image_path_resolved=d.get("image_path_resolved"),
            service_dll=d.get("service_dll"),
            object_name=d.get("object_name"),
            start=d.get("start"),
            start_name=d.get("start_name"),
            type=d.get("type"),
            display_name=d.get("display_name"),
            description=d.get("description"),
            last_written=d.get("last_written"),
            recovered=d.get("recovered"),
            source=Source._from(d["source"]) if d.get("source") else None,
            _raw=raw,
        )

    def __getitem__(self, key: str) -> Any:
        """Any other field of the record (``failure_actions``, ``depend_on_service``…)."""
        return self._raw[key]

    def to_dict(self) -> Dict[str, Any]:
        """The record as ``foothold scan --format jsonl`` prints it."""
        return dict(self._raw)


@dataclass(frozen=True)
class Event:
    """A persistence event from a Windows event log (4698, 7045, 4688 of schtasks.exe, …), a
    cron line of a Linux syslog (``channel == "syslog"``), a logon, sudo or account change of
    a Linux authentication log (``channel == "auth"``, ``data["action"]``), or a command of a
    shell history (``channel == "shell_history"``, ``data["time_source"]``)."""

    channel: str
    provider: str
    #: EVTX event ID; ``None`` for a syslog line.
    event_id: Optional[int]
    #: EVTX record ID; ``None`` for a syslog line (its line is ``source.line``).
    record_id: Optional[int]
    timestamp: Optional["Timestamp"]
    computer: Optional[str]
    user_sid: Optional[str]
    data: Dict[str, str]
    task_name: Optional[str] = None
    task: Optional["ScheduledTask"] = None
    service_name: Optional[str] = None
    image_path: Optional[str] = None
    process: Optional[str] = None
    command_line: Optional[str] = None
    user: Optional[str] = None
    object_missing: Optional[bool] = None
    source: Optional[Source] = None
    #: The record header's time (when it was written); ``timestamp`` is System/TimeCreated.
    written: Optional["Timestamp"] = None
    #: The record header's number; ``record_id`` is System/EventRecordID.
    header_record_id: Optional[int] = None
    #: The record in a few columns, from the Rust library (set on scanned records).
    summary: Optional["Summary"] = field(default=None, repr=False, compare=False)
    _raw: Dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def _from(cls, raw: Dict[str, Any]) -> "Event":
        d = _timed(raw, _plan("event"))
        return cls(
            channel=d["channel"],
            provider=d["provider"],
            event_id=d.get("event_id"),
            record_id=d.get("record_id"),
            timestamp=d.get("timestamp"),
            computer=d.get("computer"),
            user_sid=d.get("user_sid"),
            data=dict(d.get("data", {})),
            task_name=d.get("task_name"),
            task=ScheduledTask._from(raw["task"]) if raw.get("task") else None,
            service_name=d.get("service_name"),
            image_path=d.get("image_path"),
            process=d.get("process"),
            command_line=d.get("command_line"),
            user=d.get("user"),
            object_missing=d.get("object_missing"),
            written=d.get("written"),
            header_record_id=d.get("header_record_id"),
            source=Source._from(d["source"]) if d.get("source") else None,
            _raw=raw,
        )

    def to_dict(self) -> Dict[str, Any]:
        """The record as ``foothold scan --format jsonl`` prints it."""
        return dict(self._raw)


class _Typed:
    """Records built field by field from their dict (the schema's names), with `source`."""

    _raw: Dict[str, Any]
    _ARTIFACT: ClassVar[str]

    @classmethod
    def _from(cls, raw: Dict[str, Any]) -> Any:
        d = _timed(raw, _plan(cls._ARTIFACT))
        kw = _pick(cls, d)
        kw.pop("source", None)
        kw.pop("summary", None)
        return cls(**kw, source=Source._from(d["source"]) if d.get("source") else None, _raw=raw)

    def to_dict(self) -> Dict[str, Any]:
        """The record as ``foothold scan --format jsonl`` prints it."""
        return dict(self._raw)


@dataclass(frozen=True)
class Account(_Typed):
    """A user or group of the image: a SAM user or group, a SID with a profile, a passwd user
    or group. ``admin`` says whether it administers the machine and ``admin_because`` the
    facts that say so (``member of Administrators (S-1-5-32-544)``, ``uid 0``, a sudoers
    rule)."""

    _ARTIFACT: ClassVar[str] = "account"

    kind: Optional[str]
    name: Optional[str]
    sid: Optional[str] = None
    id: Optional[int] = None
    gid: Optional[int] = None
    full_name: Optional[str] = None
    comment: Optional[str] = None
    home: Optional[str] = None
    shell: Optional[str] = None
    groups: List[str] = field(default_factory=list)
    members: List[str] = field(default_factory=list)
    admin: bool = False
    admin_because: List[str] = field(default_factory=list)
    disabled: Optional[bool] = None
    created: Optional["Timestamp"] = None
    last_logon: Optional["Timestamp"] = None
    password_last_set: Optional["Timestamp"] = None
    last_failed_logon: Optional["Timestamp"] = None
    logon_count: Optional[int] = None
    source: Optional[Source] = None
    #: The record in a few columns, from the Rust library (set on scanned records).
    summary: Optional["Summary"] = field(default=None, repr=False, compare=False)
    _raw: Dict[str, Any] = field(default_factory=dict, repr=False, compare=False)


@dataclass(frozen=True)
class Session(_Typed):
    """A logon session from a Security log (4624, ended by 4634/4647, privileges from 4672):
    who, logon type, from where; ``inferred_address`` when the 4624 has no address and the
    same account's nearest earlier network logon had one."""

    _ARTIFACT: ClassVar[str] = "session"

    logon_id: str
    computer: Optional[str] = None
    user: Optional[str] = None
    sid: Optional[str] = None
    logon_type: Optional[int] = None
    logon_type_name: Optional[str] = None
    source_address: Optional[str] = None
    source_port: Optional[str] = None
    workstation: Optional[str] = None
    authentication_package: Optional[str] = None
    logon_process: Optional[str] = None
    elevated_token: Optional[bool] = None
    special_privileges: List[str] = field(default_factory=list)
    start: Optional["Timestamp"] = None
    start_record_id: Optional[int] = None
    end: Optional["Timestamp"] = None
    end_record_id: Optional[int] = None
    inferred_address: Optional[Dict[str, Any]] = None
    source: Optional[Source] = None
    #: The record in a few columns, from the Rust library (set on scanned records).
    summary: Optional["Summary"] = field(default=None, repr=False, compare=False)
    _raw: Dict[str, Any] = field(default_factory=dict, repr=False, compare=False)


@dataclass(frozen=True)
class Host(_Typed):
    """The machine of an operating-system volume: computer name, domain, OS and build, time
    zone, last boot and shutdown, and ``last_write`` — the latest of ``last_write_sources``
    (each ``{"what", "path", "time"}``), from which the next runs of every schedule
    (``frequency["next_runs"]``) are counted."""

    _ARTIFACT: ClassVar[str] = "host"

    os: str
    hostname: Optional[str] = None
    domain: Optional[str] = None
    os_name: Optional[str] = None
    os_version: Optional[str] = None
    build: Optional[str] = None
    edition: Optional[str] = None
    registered_owner: Optional[str] = None
    install_date: Optional["Timestamp"] = None
    time_zone: Optional[str] = None
    time_zone_source: Optional[str] = None
    last_boot: Optional["Timestamp"] = None
    last_shutdown: Optional["Timestamp"] = None
    last_write: Optional["Timestamp"] = None
    last_write_sources: List[Dict[str, Any]] = field(default_factory=list)
    source: Optional[Source] = None
    #: The record in a few columns, from the Rust library (set on scanned records).
    summary: Optional["Summary"] = field(default=None, repr=False, compare=False)
    _raw: Dict[str, Any] = field(default_factory=dict, repr=False, compare=False)


@dataclass(frozen=True)
class ErrorRecord:
    """Something a scan could not read or parse, with where."""

    source: Source
    message: str
    #: The record in a few columns, from the Rust library (set on scanned records).
    summary: Optional["Summary"] = field(default=None, repr=False, compare=False)
    _raw: Dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def to_dict(self) -> Dict[str, Any]:
        return dict(self._raw)


@dataclass(frozen=True)
class Summary:
    """A record in a few columns, computed by the Rust library (``foothold::Summary``): the
    same columns as the ``foothold scan`` table and CSV."""

    artifact: str
    label: str
    kind: str
    name: str
    user: Optional[str]
    schedule: str
    command: str
    stdin: Optional[str]
    flags: List[str]
    reference: str
    location: str
    line: Optional[int]
    time: Optional[str]
    message: str
    created_by: Optional[str] = None
    local_time: Optional[str] = None

    @classmethod
    def _from(cls, d: Dict[str, Any]) -> "Summary":
        return cls(**{f: d.get(f) for f in cls.__dataclass_fields__})


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
    """One record dict (with its summary) as its typed object."""
    if artifact in ("error", "warning"):
        return _summarised(ErrorRecord(Source._from(_timed(d["source"], _source_plan(artifact))), d["message"], _raw=d), summary)
    cls = {
        "scheduled_task": ScheduledTask,
        "service": Service,
        "cron_job": CronJob,
        "event": Event,
        "account": Account,
        "session": Session,
        "host": Host,
    }.get(artifact)
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

    def _finding_rows(self) -> List[Tuple[Dict[str, Any], str, int]]:
        if self._native is None:
            raise ValueError("findings are judged from a scan's report (Evidence.scan()), not from records given as dicts")
        with self._lock:
            rows = self._rows_of.get("finding")
            if rows is None:
                rows = list(self._native.findings())
                self._rows_of["finding"] = rows  # type: ignore[assignment]
        return rows  # type: ignore[return-value]

    def findings(self, min_severity: str = "info") -> List["Finding"]:
        """One :class:`Finding` per persistence item (task, service, cron job, timer),
        highest score first, as ``foothold triage`` ranks them; only those of
        ``min_severity`` or worse."""
        order = ["info", "low", "medium", "high", "critical"]
        if min_severity not in order:
            raise ValueError(f"unknown severity {min_severity!r}; expected one of {order}")
        least = order.index(min_severity)
        return [
            Finding._from(d, self._records(artifact)[index])
            for d, artifact, index in self._finding_rows()
            if order.index(d["severity"]) >= least
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
        return [Volume._from(v) for v in self._info["volumes"]]

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


def open(path: PathLike) -> Evidence:  # noqa: A001 - the natural name, as in builtins.open
    """Open an image file or a directory. Raw, split raw (first segment), E01 (first
    segment), qcow2, VHD, VHDX and VMDK are recognised by content."""
    return Evidence(_native.open(os.fspath(path)))
