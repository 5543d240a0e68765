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
    foothold.ScheduledTask: {"command_line"},
    foothold.CronJob: {"line"},  # source.line, kept on the job for convenience
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
    for name in ["windows-tasks", "linux-debian", "linux-rhel", "ext4-features", "ntfs-features", "other-fs"]:
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
