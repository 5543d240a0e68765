#!/usr/bin/env python3
"""Write foothold/_records.py, the Python record classes, from the Rust record schema.

The Rust record types are the one schema (`schema/scan-record.schema.json` and
`schema/summary.schema.json`, written from them and checked by a Rust test). This script turns
every object definition of it into a frozen dataclass with every field typed: nested objects
as their classes, lists and maps of them, UTC times as `foothold.Timestamp`, enums as their
`snake_case` text. Behaviour that is not data (a task's `command_line`, what a record's
commands name) lives in `foothold/_base.py`; the classes name their mixins below.

    python3 bindings/python/gen_records.py            # rewrite the module
    python3 bindings/python/gen_records.py --check    # exit 1 when it is not current

The module is committed; `tests/test_schema.py` fails when it drifts from the schema.
"""
import argparse
import json
import keyword
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent / "python" / "foothold" / "_records.py"

# Rust definition -> Python class name, where they differ (the records drop `Record`; a task
# as its file defines it, inside a 4698 event, is a `TaskDefinition`).
NAMES = {
    "ScheduledTaskRecord": "ScheduledTask",
    "ServiceRecord": "Service",
    "CronJobRecord": "CronJob",
    "EventRecord": "Event",
    "AccountRecord": "Account",
    "SessionRecord": "Session",
    "HostRecord": "Host",
    "ScheduledTask": "TaskDefinition",
}
# Behaviour (in _base.py) each class has besides its fields.
MIXINS = {
    "ScheduledTask": ["_Task", "_Runs"],
    "TaskDefinition": ["_Task"],
    "Service": ["_Runs"],
    "CronJob": ["_Cron", "_Runs"],
}


def py_class(defname: str) -> str:
    return NAMES.get(defname, defname)


def py_field(key: str) -> str:
    return key + "_" if keyword.iskeyword(key) else key


class Gen:
    def __init__(self, defs):
        self.defs = defs

    def is_object(self, name: str) -> bool:
        d = self.defs.get(name, {})
        return "properties" in d or d.get("type") == "object" and "additionalProperties" not in d

    def kind(self, node):
        """(Python type text, conversion spec) of a property schema. The spec is what
        `_base._convert` applies: None (as it is), "ts", ("obj", "Class"), ("list", spec),
        ("map", spec)."""
        if not isinstance(node, dict) or not node:
            return "Any", None
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            if name == "Timestamp":
                return '"Timestamp"', "ts"
            target = self.defs.get(name, {})
            if self.is_object(name):
                return f'"{py_class(name)}"', ("obj", py_class(name))
            return self.kind({k: v for k, v in target.items() if k not in ("description", "title")})
        for key in ("anyOf", "oneOf"):
            if key in node:
                parts = [p for p in node[key] if p.get("type") != "null"]
                nullable = len(parts) < len(node[key])
                if len(parts) == 1:
                    t, spec = self.kind(parts[0])
                    return (f"Optional[{t}]" if nullable else t), spec
                # An enum spelled as one const per variant, or a union: text, or anything.
                if all(p.get("type") == "string" for p in parts):
                    return ("Optional[str]" if nullable else "str"), None
                return "Any", None
        if "allOf" in node and len(node["allOf"]) == 1:
            return self.kind(node["allOf"][0])
        t = node.get("type")
        nullable = False
        if isinstance(t, list):
            nullable = "null" in t
            rest = [x for x in t if x != "null"]
            t = rest[0] if len(rest) == 1 else None
        if t == "string":
            text, spec = "str", ("ts" if node.get("format") == "date-time" else None)
        elif t == "integer":
            text, spec = "int", None
        elif t == "number":
            text, spec = "float", None
        elif t == "boolean":
            text, spec = "bool", None
        elif t == "array":
            it, ispec = self.kind(node.get("items", {}))
            text, spec = f"List[{it}]", (("list", ispec) if ispec else None)
        elif t == "object" and isinstance(node.get("additionalProperties"), dict):
            vt, vspec = self.kind(node["additionalProperties"])
            text, spec = f"Dict[str, {vt}]", (("map", vspec) if vspec else None)
        elif t == "object":
            text, spec = "Dict[str, Any]", None
        else:
            text, spec = "Any", None
        return (f"Optional[{text}]" if nullable else text), spec

    def properties(self, name, depth=0):
        """The properties of a definition, following `allOf`/`$ref` of flattened structs."""
        d = self.defs[name]
        out = dict(d.get("properties", {}))
        for part in d.get("allOf", []):
            if "$ref" in part and depth < 8:
                out.update(self.properties(part["$ref"].rsplit("/", 1)[-1], depth + 1))
        return out, set(d.get("required", []))


def default(text: str, required: bool) -> str:
    # A field the record always has defaults too, so that a class can be built from the
    # keys a record holds (its annotation says what the record holds).
    if text.startswith("List["):
        return "_dc.field(default_factory=list)"
    if text.startswith("Dict["):
        return "_dc.field(default_factory=dict)"
    return "None"


def first_line(doc: str) -> str:
    return " ".join(doc.strip().split())


def generate() -> str:
    scan = json.loads((ROOT / "schema" / "scan-record.schema.json").read_text())
    summary = json.loads((ROOT / "schema" / "summary.schema.json").read_text())
    defs = dict(scan["$defs"])
    defs["Summary"] = {k: v for k, v in summary.items() if k not in ("$schema", "$defs")}
    defs.update(summary.get("$defs", {}))
    g = Gen(defs)
    records = {}
    for entry in scan["oneOf"]:
        artifact = entry["properties"]["artifact"]["const"]
        records[artifact] = py_class(entry["$ref"].rsplit("/", 1)[-1])
    record_classes = set(records.values())
    objects = [n for n in defs if g.is_object(n)]
    lines = [
        '"""The record classes, generated from the Rust record schema by',
        "``bindings/python/gen_records.py`` (``schema/scan-record.schema.json``,",
        "``schema/summary.schema.json``). Do not edit: change the Rust types, regenerate the schema,",
        'then run the script."""',
        "# fmt: off",
        "# (dataclasses as `_dc`: a record field named `field` must not hide its function)",
        "import dataclasses as _dc",
        "from typing import Any, Dict, List, Optional",
        "",
        "from ._base import _Cron, _Record, _Runs, _Task",
        "from ._time import Timestamp, _time_of",
        "",
        '__all__ = [' + ", ".join(f'"{py_class(n)}"' for n in objects) + "]",
        "",
    ]
    plans = []
    for name in objects:
        cls = py_class(name)
        props, required = g.properties(name)
        bases = MIXINS.get(cls, []) + ["_Record"]
        doc = first_line(defs[name].get("description", cls))
        lines += ["", "", "@_dc.dataclass(frozen=True, eq=False)", f"class {cls}({', '.join(bases)}):", f'    """{doc.replace(chr(34) * 3, "")}"""', ""]
        fields = []
        for key, node in props.items():
            if key == "artifact" and cls in record_classes:
                continue
            text, spec = g.kind(node)
            if key not in required and not text.startswith(("Optional[", "List[", "Dict[", "Any")):
                text = f"Optional[{text}]"
            d = first_line(node.get("description", "")) if isinstance(node, dict) else ""
            if d:
                lines.append(f"    #: {d}")
            lines.append(f"    {py_field(key)}: {text} = {default(text, key in required)}")
            empty = "list" if text.startswith("List[") else "dict" if text.startswith("Dict[") else None
            fields.append((py_field(key), key, spec, empty))
        if cls in record_classes:
            lines.append("    #: The record in a few columns, from the Rust library (set on scanned records).")
            lines.append('    summary: Optional["Summary"] = _dc.field(default=None, repr=False, compare=False)')
        lines.append("    _raw: Dict[str, Any] = _dc.field(default_factory=dict, repr=False, compare=False)")
        plans.append((cls, fields))
    lines += [
        "",
        "",
        "# Each field and the JSON key it is read from (what `__getitem__`, `keys()` and `==` use).",
    ]
    for cls, fields in plans:
        body = ", ".join(f"({f!r}, {k!r})" for f, k, _, _ in fields)
        lines.append(f"{cls}._FIELDS = ({body}{',' if len(fields) == 1 else ''})")
    lines += [
        "",
        "",
        "# Builders: each class's `_from(raw)` as straight-line code, filled in place rather than",
        "# through the frozen dataclass's `__init__` (one object.__setattr__ per field, and a loop",
        "# over a field table, each cost far more on a scan's thousands of nested objects). The",
        "# object is the dataclass with every field set; a key the record lacks is its empty value.",
        "_new = object.__new__",
        "",
        "",
        "def _ts(v: Any) -> Any:",
        "    return _time_of(v) if isinstance(v, str) else v",
    ]

    def expr(spec, var, depth=0):
        if spec is None:
            return var
        if spec == "ts":
            return f"_ts({var})"
        kind, inner = spec
        x = f"x{depth}"
        if kind == "obj":
            return f"_from_{inner}({var})"
        if kind == "list":
            return f"[{expr(inner, x, depth + 1)} for {x} in {var}]"
        return f"{{k{depth}: {expr(inner, x, depth + 1)} for k{depth}, {x} in {var}.items()}}"

    for cls, fields in plans:
        lines += ["", "", f"def _from_{cls}(raw: Dict[str, Any]) -> {cls}:", f"    o = _new({cls})", "    d = o.__dict__", "    g = raw.get"]
        for f, key, spec, empty in fields:
            fallback = "[]" if empty == "list" else "{}" if empty == "dict" else "None"
            if spec is None:
                lines.append(f"    d[{f!r}] = g({key!r}, {fallback})" if fallback != "None" else f"    d[{f!r}] = g({key!r})")
            else:
                lines.append(f"    v = g({key!r})")
                lines.append(f"    d[{f!r}] = {fallback} if v is None else {expr(spec, 'v')}")
        if cls in record_classes:
            lines.append("    d['summary'] = None")
        lines += ["    d['_raw'] = raw", "    return o"]
    lines.append("")
    for cls, _ in plans:
        lines.append(f"{cls}._from = staticmethod(_from_{cls})  # type: ignore[method-assign,assignment]")
    lines += [
        "",
        "# The class of each record kind (`artifact`), in the schema's order.",
        "ARTIFACTS = {" + ", ".join(f"{a!r}: {c}" for a, c in records.items()) + "}",
        "",
    ]
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 when the module is not current")
    a = ap.parse_args()
    text = generate()
    if a.check:
        current = OUT.read_text() if OUT.exists() else ""
        if current != text:
            print(f"{OUT} is not what {Path(__file__).name} writes from the schema: run it", file=sys.stderr)
            sys.exit(1)
        return
    OUT.write_text(text)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
