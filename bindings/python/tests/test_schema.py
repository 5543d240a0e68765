"""The Rust record types are the one schema (schema/*.schema.json, generated from them and
checked by a Rust test). Here: every record the package returns validates against it, and
every typed Python class is checked field by field against the schema's properties."""
import dataclasses
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


# Python class -> (schema definition, properties the class does not type yet: reachable
# through to_dict()). Shrinking these lists is progress; growing them is drift and fails.
CLASSES = {
    foothold.ScheduledTask: ("ScheduledTaskRecord", {"schema_version", "settings", "job", "taskcache", "job_source", "events", "security_descriptor"}),
    foothold.Service: ("ServiceRecord", None),
    foothold.CronJob: ("CronJobRecord", None),
    foothold.Event: ("EventRecord", None),
    foothold.Account: ("AccountRecord", None),
    foothold.Session: ("SessionRecord", None),
    foothold.Host: ("HostRecord", None),
    foothold.Source: ("Source", set()),
    foothold.Principal: ("Principal", None),
    foothold.TaskTrigger: ("TaskTrigger", None),
    foothold.TaskAction: ("TaskAction", None),
}
RENAMED = {"type": "kind", "kind": "kind"}  # JSON key -> Python field where they differ


@pytest.mark.parametrize("cls", list(CLASSES), ids=lambda c: c.__name__)
def test_python_classes_declare_only_schema_fields(cls):
    name, _ = CLASSES[cls]
    schema_fields = props(name) - {"artifact"}
    py_fields = {f.name for f in dataclasses.fields(cls) if not f.name.startswith("_")}
    renamed = {RENAMED.get(k, k) for k in schema_fields}
    extra = {f for f in py_fields if f not in schema_fields and f not in renamed and f not in DERIVED.get(cls, set())}
    assert not extra, f"{cls.__name__} declares fields the Rust type does not have: {sorted(extra)}"


# Python-only fields computed from others (documented on the class).
DERIVED = {
    foothold.ScheduledTask: {"command_line", "summary"},
    foothold.CronJob: {"line", "summary"},  # source.line, kept on the job for convenience
    foothold.Service: {"summary"},
    foothold.Event: {"summary"},
    foothold.Account: {"summary"},
    foothold.Session: {"summary"},
    foothold.Host: {"summary"},
    foothold.Source: set(),
}


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


def test_summary_class_is_the_rust_summary_field_for_field():
    py_fields = {f.name for f in dataclasses.fields(foothold.Summary)}
    assert py_fields == props(None, SUMMARY)


def test_every_record_carries_the_rust_summary_and_task_command_lines_agree(corpus):
    """One summary, computed in Rust: the Python records carry it, it validates against the
    summary schema, and the Python ``command_line`` of a task (also of a task inside a 4698
    event, which has no summary of its own) is the summary's command."""
    n = 0
    for name in ["windows-tasks", "linux-debian"]:
        report = foothold.open(corpus(name)).scan()
        for r in report.scheduled_tasks + report.services + report.cron_jobs + report.events + report.errors:
            assert r.summary is not None, r
            _validate(dataclasses.asdict(r.summary), SUMMARY)
            n += 1
        for t in report.scheduled_tasks:
            bare = foothold.ScheduledTask._from(t.to_dict())  # no summary: the Python rule
            assert bare.command_line == t.summary.command, t.name
    assert n > 200
