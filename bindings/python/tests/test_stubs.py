"""The .pyi stub of the native module lists exactly what the module has."""
import ast
import pathlib

import foothold
from foothold import _native

STUB = pathlib.Path(foothold.__file__).with_name("_native.pyi")


def test_stub_names_match_the_runtime_module():
    tree = ast.parse(STUB.read_text())
    stub = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            stub.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            stub.add(node.target.id)
    runtime = {n for n in dir(_native) if not n.startswith("_") or n == "__version__"}
    assert stub == runtime
    methods = {
        n.name
        for c in tree.body
        if isinstance(c, ast.ClassDef) and c.name == "NativeEvidence"
        for n in c.body
        if isinstance(n, ast.FunctionDef)
    }
    assert methods == {n for n in dir(_native.NativeEvidence) if not n.startswith("_")}


def test_package_is_typed():
    assert STUB.with_name("py.typed").exists()
