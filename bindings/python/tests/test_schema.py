"""The Rust record types are the one schema (schema/*.schema.json, generated from them and
checked by a Rust test). Here: every record the package returns validates against it, and
every typed Python class is checked field by field against the schema's properties."""
import dataclasses
import datetime
import json

import pytest

import foothold

from conftest import ROOT, skip

SCAN = json.loads((ROOT / "schema" / "scan-record.schema.json").read_text())
LIST = json.loads((ROOT / "schema" / "list-record.schema.json").read_text())
SUMMARY = json.loads((ROOT / "schema" / "summary.schema.json").read_text())


def props(name, schema=SCAN):
    """Property names of a $def (flattened structs are merged by schemars)."""
    d = schema["$defs"][name] if name else schema
    return set(d.get("properties", {}))


# Record class -> its Rust definition (the classes are generated from the schema:
# bindings/python/gen_records.py).
CLASSES = {
    foothold.ScheduledTask: ("ScheduledTaskRecord", None),
    foothold.Service: ("ServiceRecord", None),
    foothold.CronJob: ("CronJobRecord", None),
    foothold.Event: ("EventRecord", None),
    foothold.Account: ("AccountRecord", None),
    foothold.Session: ("SessionRecord", None),
    foothold.Host: ("HostRecord", None),
    foothold.Source: ("Source", None),
    foothold.Principal: ("Principal", None),
    foothold.TaskTrigger: ("TaskTrigger", None),
    foothold.TaskAction: ("TaskAction", None),
}


def test_record_classes_are_generated_from_the_current_schema():
    """The committed ``_records.py`` is what the generator writes from today's schema (a
    field added to a Rust record and its schema regenerated, but not the Python classes,
    fails here)."""
    import subprocess
    import sys

    r = subprocess.run([sys.executable, str(ROOT / "bindings/python/gen_records.py"), "--check"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_every_schema_object_has_a_class_typing_every_field():
    """Every object definition of the record schema is a class of ``foothold._records`` with
    exactly its properties as fields (a keyword gets a trailing ``_``: ``Recovered.from_``),
    and every record kind of the schema maps to its class."""
    import keyword

    from foothold import _records

    names = {"ScheduledTaskRecord": "ScheduledTask", "ServiceRecord": "Service", "CronJobRecord": "CronJob",
             "EventRecord": "Event", "AccountRecord": "Account", "SessionRecord": "Session",
             "HostRecord": "Host", "ScheduledTask": "TaskDefinition"}
    checked = 0
    for name, node in SCAN["$defs"].items():
        if "properties" not in node:
            continue
        cls = getattr(_records, names.get(name, name))
        fields = {f.name for f in dataclasses.fields(cls) if not f.name.startswith("_") and f.name != "summary"}
        want = {k + "_" if keyword.iskeyword(k) else k for k in node["properties"]}
        if cls in _records.ARTIFACTS.values():
            want.discard("artifact")
        assert fields == want, (name, sorted(fields ^ want))
        checked += 1
    assert checked > 40
    kinds = [e["properties"]["artifact"]["const"] for e in SCAN["oneOf"]]
    assert list(_records.ARTIFACTS) == kinds
    summary_fields = {f.name for f in dataclasses.fields(foothold.Summary) if not f.name.startswith("_")}
    assert summary_fields == props(None, SUMMARY)


_VALIDATORS = {}


def _validate(record, schema):
    jsonschema = pytest.importorskip("jsonschema")
    key = id(schema)
    if key not in _VALIDATORS:
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        _VALIDATORS[key] = cls(schema)
    _VALIDATORS[key].validate(record)


def test_every_scan_record_of_every_corpus_image_validates(corpus):
    n = 0
    for name in ["windows-tasks", "linux-debian", "linux-rhel", "linux-auth", "ext4-features", "ntfs-features", "other-fs"]:
        ev = foothold.open(corpus(name))
        for r in ev.scan().records():
            _validate(r, SCAN)
            n += 1
    assert n > 200


def test_every_listing_record_validates(corpus):
    ev = foothold.open(corpus("ntfs-features"))
    n = 0
    for e in ev.files("/"):
        _validate(e.to_dict(), LIST)
        n += 1
    assert n > 50


def test_every_record_carries_the_rust_summary_and_task_command_lines_agree(corpus):
    """One summary, computed in Rust: the Python records carry it, it validates against the
    summary schema, and the Python ``command_line`` of a task (also of a task inside a 4698
    event, which has no summary of its own) is the summary's command."""
    n = 0
    for name in ["windows-tasks", "linux-debian"]:
        report = foothold.open(corpus(name)).scan()
        for r in report.scheduled_tasks + report.services + report.cron_jobs + report.events + report.errors:
            assert r.summary is not None, r
            _validate(r.summary.to_dict(), SUMMARY)
            n += 1
        for t in report.scheduled_tasks:
            bare = foothold.ScheduledTask._from(t.to_dict())  # no summary: the Python rule
            n_actions = len(t.actions)
            if n_actions > 1:
                assert t.summary.command.startswith(f"({n_actions} actions) {bare.command_line}; "), t.name
            else:
                assert bare.command_line == t.summary.command, t.name
    assert n > 200


def _is_timestamp(node, schema=SCAN, depth=0):
    """Whether a property's schema is the Rust ``Timestamp`` (also as an Option)."""
    if depth > 6 or not isinstance(node, dict):
        return False
    if node.get("$ref", "").endswith("/Timestamp"):
        return True
    return any(_is_timestamp(p, schema, depth + 1) for p in node.get("anyOf", []) + node.get("oneOf", []))


def _check_times(obj, def_name, raw, schema, pd, seen):
    """Every field of a typed object whose schema is ``Timestamp`` holds a ``foothold.Timestamp``
    equal to the record's text (pandas parses that text: the nanoseconds agree), and no other
    field does; nested ``Source`` objects are checked the same way."""
    node = schema["$defs"].get(def_name, schema)  # a listing record is the schema's root
    properties = node.get("properties", {})
    for f in dataclasses.fields(obj):
        if f.name.startswith("_") or f.name not in properties:
            continue
        value, text = getattr(obj, f.name), raw.get(f.name)
        if isinstance(value, foothold.Source):
            _check_times(value, "Source", text, schema, pd, seen)
            continue
        if _is_timestamp(properties[f.name], schema) and text is not None:
            assert isinstance(value, foothold.Timestamp), (def_name, f.name, value)
            assert str(value) == value.exact == text
            assert value.tzinfo is datetime.timezone.utc
            assert value.ns == pd.Timestamp(text).value, text
            assert value.to_datetime() == pd.Timestamp(text).floor("us").to_pydatetime()
            seen[f"{def_name}.{f.name}"] = seen.get(f"{def_name}.{f.name}", 0) + 1
        else:
            assert not isinstance(value, datetime.datetime), (def_name, f.name, value)


def test_record_times_are_utc_datetimes_with_their_exact_text(corpus, real_corpus):
    """#19: times as ``datetime`` (UTC, aware) on the records, where the Rust schema says
    ``Timestamp``, keeping the record's exact text and nanoseconds (corpus images, and a real
    Security log for logon sessions)."""
    pd = pytest.importorskip("pandas")
    seen = {}
    log = real_corpus / "evtx" / "mdecrevoisier__ID4688_4698_4699_5145_4624-ATexec_remote_trask_creation_GLOBAL.evtx"
    for name in ["windows-tasks", "linux-debian", "linux-auth", "ntfs-features", log]:
        report = foothold.open(corpus(name) if isinstance(name, str) else name).scan()
        for cls, (def_name, _) in CLASSES.items():
            rows = {
                foothold.ScheduledTask: report.scheduled_tasks,
                foothold.Service: report.services,
                foothold.CronJob: report.cron_jobs,
                foothold.Event: report.events,
                foothold.Account: report.accounts,
                foothold.Session: report.sessions,
                foothold.Host: report.hosts,
            }.get(cls, [])
            for r in rows:
                _check_times(r, def_name, r.to_dict(), SCAN, pd, seen)
                assert json.dumps(r.to_dict())  # to_dict() stays the JSON record
        for t in report.scheduled_tasks + report.services + report.cron_jobs:
            for b in t.binaries:  # nested times in runs[].binaries[] too
                for k in ("created", "modified"):
                    if b.get(k) is not None:
                        assert isinstance(b[k], foothold.Timestamp)
                        seen["Binary." + k] = seen.get("Binary." + k, 0) + 1
    for e in foothold.open(corpus("ntfs-features")).files("/"):
        _check_times(e, "ListRecord", e.to_dict(), LIST, pd, seen)
    for key in ["Source.created", "Source.modified", "Source.fn_created",
                "EventRecord.timestamp", "EventRecord.written", "SessionRecord.start", "Binary.modified",
                "ServiceRecord.last_written", "HostRecord.last_write",
                "ListRecord.created"]:
        assert seen.get(key, 0) > 0, (key, seen)


def test_timestamp_compares_hashes_and_pickles_exactly():
    import pickle

    a = foothold.Timestamp("2021-06-10T21:21:26.3837263Z")
    b = foothold.Timestamp("2021-06-10T21:21:26.3837264Z")
    plain = datetime.datetime(2021, 6, 10, 21, 21, 26, 383726, tzinfo=datetime.timezone.utc)
    assert a < b and a != b and b > plain and a > plain and plain < a and not (a == plain)
    whole = foothold.Timestamp("2021-06-10T21:21:26.383726Z")
    assert whole == plain and hash(whole) == hash(plain) and {whole: 1}[plain] == 1
    assert sorted([b, a, plain]) == [plain, a, b]
    assert pickle.loads(pickle.dumps(a)).exact == a.exact and pickle.loads(pickle.dumps(a)) == a
    later = a + datetime.timedelta(seconds=1)  # datetime's own methods: plain datetimes
    assert type(later) is datetime.datetime and later.second == 27 and later.tzinfo is not None
    import zoneinfo

    berlin = a.astimezone(zoneinfo.ZoneInfo("Europe/Berlin"))
    assert type(berlin) is datetime.datetime and berlin.hour == 23 and berlin == a.to_datetime()
    assert type(a.replace(tzinfo=None)) is datetime.datetime
    assert str(foothold.Timestamp.of(berlin)) == "2021-06-10T21:21:26.383726Z"
    assert a - plain == datetime.timedelta(0)  # the difference is a datetime's: microseconds
    assert repr(a) == "foothold.Timestamp('2021-06-10T21:21:26.3837263Z')"
    assert foothold.Timestamp("1601-01-01T00:00:00Z").ns == -11644473600 * 10**9
    assert foothold.Timestamp(plain) == plain and str(foothold.Timestamp(plain)) == "2021-06-10T21:21:26.383726Z"
    with pytest.raises(ValueError):
        foothold.Timestamp("2021-06-10T21:21:26")  # no zone: not a UTC time
    with pytest.raises(ValueError):
        foothold.Timestamp(plain.replace(tzinfo=None))
    # A time datetime cannot hold stays the record's text, it does not stop the record.
    plan = foothold._plan("event")
    assert foothold._timed({"timestamp": "0000-13-01T00:00:00Z"}, plan) == {"timestamp": "0000-13-01T00:00:00Z"}
    assert isinstance(foothold._timed({"timestamp": "2021-01-01T00:00:00Z"}, plan)["timestamp"], foothold.Timestamp)
