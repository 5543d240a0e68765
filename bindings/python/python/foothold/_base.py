"""What the generated record classes (``_records.py``) have besides their fields and their
builders (``_from``, generated too): ``to_dict()``, reading a field by its JSON key, equality,
and the few values computed from fields (a task's ``command_line``, every binary a record's
commands name)."""
from __future__ import annotations

from typing import Any, ClassVar, Dict, List, Optional, Tuple

# (field, JSON key) of each field of a generated class.
_Fields = Tuple[Tuple[str, str], ...]


class _Record:
    """A record, or a part of one, built from its JSON dict: every field typed; the dict kept
    (``to_dict()``), and readable by its JSON keys too (``t.recovered["from"]``)."""

    _FIELDS: ClassVar[_Fields] = ()
    _raw: Dict[str, Any]

    def to_dict(self) -> Dict[str, Any]:
        """The record as ``foothold scan --format jsonl`` prints it."""
        return dict(self._raw)

    def __eq__(self, other: object) -> bool:
        """Equal to an object of its class with equal fields, and to the JSON dict it was
        read from (``service["failure_actions"]["actions"][0] == {"type": …}``)."""
        if isinstance(other, dict):
            return bool(self._raw) and self._raw == other
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f, _ in self._FIELDS)

    __hash__ = None  # type: ignore[assignment]  (records hold lists)

    def _field_of(self, key: str) -> Optional[str]:
        for f, k in self._FIELDS:
            if k == key:
                return f
        return None

    def __getitem__(self, key: str) -> Any:
        """A field by its JSON key (``"from"`` for the ``from_`` field), typed as the
        attribute is; a key the record does not have is a ``KeyError``."""
        f = self._field_of(key)
        if f is None or key not in self._raw:
            raise KeyError(key)
        return getattr(self, f)

    def get(self, key: str, default: Any = None) -> Any:
        """:meth:`__getitem__`, or ``default`` when the record has no such key."""
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._raw and self._field_of(key) is not None

    def keys(self) -> List[str]:
        """The JSON keys the record has."""
        return [k for _, k in self._FIELDS if k in self._raw]


class _Runs:
    """A record whose commands were taken apart (``runs``)."""

    runs: List[Any]

    @property
    def binaries(self) -> List[Any]:
        """Every file or address the record's commands name, in order (``runs[].binaries``)."""
        return [b for r in self.runs for b in (r.binaries or [])]


class _Task:
    """A scheduled task (a record, or the definition a 4698 event holds)."""

    actions: List[Any]

    @property
    def command_line(self) -> str:
        """The first action as one line: ``command arguments``, ``COM {class id}``, or the
        action's kind (Rust's ``ScheduledTask::command_line``; a test checks it against the
        command column of the record's ``summary``, which lists every action of a task that
        has several: ``(2 actions) A; B``)."""
        if not self.actions:
            return ""
        a = self.actions[0]
        if a.command is not None:
            return f"{a.command} {a.arguments}" if a.arguments else a.command
        return f"COM {a.class_id}" if a.class_id is not None else (a.type or "")


class _Cron:
    """A Linux scheduled job."""

    source: Any
    _raw: Dict[str, Any]

    @property
    def line(self) -> Optional[int]:
        """The job's line in its file (``source.line``)."""
        if self.source is not None:
            return self.source.line
        # A job parsed from bytes alone (`foothold.parse_crontab`) has no source: its line.
        return self._raw.get("line")
