"""A record's UTC time: :class:`Timestamp`, an aware ``datetime`` that keeps the exact text."""
from __future__ import annotations

import datetime as _dt
import functools
import re
from typing import Any

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
