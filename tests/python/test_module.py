"""The package's surface: help text, docstrings, type stubs in step with the module."""

import ast
import pathlib
import pydoc

import comply


def stub_tree():
    path = pathlib.Path(comply.__file__).with_name("__init__.pyi")
    return ast.parse(path.read_text())


def stub_names():
    names = set()
    for node in stub_tree().body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return {n for n in names if not n.startswith("_") or n in ("__version__", "__all__")}


def test_every_stub_name_exists_and_every_public_name_has_a_stub():
    public = {n for n in dir(comply) if not n.startswith("_")} - {"comply"}
    public |= {"__version__", "__all__"}
    assert stub_names() == public
    assert set(comply.__all__) == {n for n in public if not n.startswith("__") and n != "version"} | {"version"}


def test_stub_methods_exist_at_runtime():
    for node in stub_tree().body:
        if not isinstance(node, ast.ClassDef):
            continue
        runtime = getattr(comply, node.name)
        stubbed = {m.name for m in node.body if isinstance(m, ast.FunctionDef)}
        stubbed |= {m.target.id for m in node.body if isinstance(m, ast.AnnAssign)}
        for name in stubbed:
            assert hasattr(runtime, name) or name in ("__init__", "__len__"), f"{node.name}.{name}"
        if node.name in ("Rules", "Report"):
            actual = {n for n in dir(runtime) if not n.startswith("_")}
            assert actual == {n for n in stubbed if not n.startswith("_")}, node.name


def test_help_reads_well():
    text = pydoc.render_doc(comply, renderer=pydoc.plaintext)
    for needle in ("GDPR", "Rules.default()", "comply.Error", "GIL", "class Rules", "class Duration"):
        assert needle in text, needle
    rules_help = pydoc.render_doc(comply.Rules, renderer=pydoc.plaintext)
    for method in ("classify_column(name, values)", "scan(text, *, min_confidence=0.5)",
                   "redact(text, *, style='tag'", "deadline(purpose=None", "due(records"):
        assert method in rules_help, method


def test_every_public_callable_has_a_docstring():
    for name in comply.__all__:
        obj = getattr(comply, name)
        assert obj.__doc__ and len(obj.__doc__) > 20, name
    for cls in (comply.Rules, comply.Report):
        for name in dir(cls):
            if not name.startswith("_"):
                assert getattr(cls, name).__doc__, f"{cls.__name__}.{name}"


def test_version():
    assert comply.version() == comply.__version__
    assert comply.__version__.count(".") == 2
