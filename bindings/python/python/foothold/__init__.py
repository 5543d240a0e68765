"""foothold: read acquired disk images offline and pull out persistence artifacts.

>>> import foothold
>>> ev = foothold.open("disk.img")                       # doctest: +SKIP
>>> [v.filesystem for v in ev.volumes()]                 # doctest: +SKIP
['ntfs', 'ext4']
>>> ev.read("/Windows/System32/Tasks/Evil", volume=1)    # doctest: +SKIP

Records are typed, frozen objects; ``to_dict()`` gives exactly the JSON record the ``foothold``
command prints. Timestamps are RFC 3339 UTC strings at the filesystem's full precision (NTFS:
100 ns, ext4: 1 ns), which ``datetime`` cannot hold.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Optional, Union

from . import _native
from ._native import CorruptEvidence, FootholdError, UnsupportedFormat

__version__: str = _native.__version__

__all__ = [
    "open",
    "Evidence",
    "Volume",
    "FileEntry",
    "StreamInfo",
    "Listing",
    "ListError",
    "FootholdError",
    "UnsupportedFormat",
    "CorruptEvidence",
    "__version__",
]

PathLike = Union[str, "os.PathLike[str]"]


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
    created: Optional[str] = None
    modified: Optional[str] = None
    changed: Optional[str] = None
    accessed: Optional[str] = None
    fn_created: Optional[str] = None
    fn_modified: Optional[str] = None
    fn_changed: Optional[str] = None
    fn_accessed: Optional[str] = None
    deleted_time: Optional[str] = None
    uid: Optional[int] = None
    gid: Optional[int] = None
    mode: Optional[int] = None
    link_target: Optional[str] = None
    streams: List[StreamInfo] = field(default_factory=list)
    _raw: Dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def _from(cls, d: Dict[str, Any]) -> "FileEntry":
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
            _raw=d,
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


@dataclass(frozen=True)
class Listing:
    """The result of :meth:`Evidence.listing`: entries plus what could not be read."""

    entries: List[FileEntry]
    errors: List[ListError]
    warnings: List[str]


class Evidence:
    """An opened image (raw, split raw) or directory. Safe to share between threads."""

    def __init__(self, native: "_native.NativeEvidence") -> None:
        self._native = native
        self._info: Dict[str, Any] = json.loads(native.info_json())

    def __repr__(self) -> str:
        return f"<foothold.Evidence {self._info['evidence']!r} {self._info['format']} {len(self._info['volumes'])} volume(s)>"

    @property
    def path(self) -> str:
        return str(self._info["evidence"])

    @property
    def format(self) -> str:
        """``raw``, ``split_raw`` or ``host``."""
        return str(self._info["format"])

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
        lines, outcome = self._native.list_jsonl(path, volume, deleted)
        o = json.loads(outcome)
        return Listing(
            entries=[FileEntry._from(json.loads(line)) for line in lines.splitlines()],
            errors=[ListError(e.get("volume"), e["path"], e["message"]) for e in o["errors"]],
            warnings=list(o["warnings"]),
        )

    def files(self, path: str = "/", volume: Optional[int] = None, deleted: bool = False) -> Iterator[FileEntry]:
        """Iterate over the entries below ``path``; see :meth:`listing` for the errors."""
        return iter(self.listing(path, volume, deleted).entries)

    def read(self, path: str, volume: Optional[int] = None) -> bytes:
        """The bytes of a file; ``path:stream`` reads an NTFS alternate data stream."""
        return self._native.read(path, volume)


def open(path: PathLike) -> Evidence:  # noqa: A001 - the natural name, as in builtins.open
    """Open an image file (raw, or the first segment of a split raw image) or a directory."""
    return Evidence(_native.open(os.fspath(path)))
