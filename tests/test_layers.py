"""Data flows one way: bytes → text → statements → facts → outputs. The packages' imports say so."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import refwatch

ROOT = Path(refwatch.__file__).parent

# What each layer may not import (DESIGN.md): ingest and extract are plain Python usable as a
# library; knowledge owns the database and knows nothing of how facts are shown.
FORBIDDEN = {
    "ingest": (
        "refwatch.knowledge",
        "refwatch.web",
        "refwatch.api",
        "refwatch.cli",
        "refwatch.outputs",
        "django",
    ),
    "extract": (
        "refwatch.knowledge",
        "refwatch.web",
        "refwatch.api",
        "refwatch.cli",
        "refwatch.outputs",
        "django",
    ),
    "knowledge": ("refwatch.outputs", "refwatch.web", "refwatch.api", "refwatch.cli"),
}


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_imports_nothing_downstream(layer: str) -> None:
    files = sorted((ROOT / layer).rglob("*.py"))
    assert files
    wrong = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in files
        for name in imported_modules(path)
        if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN[layer])
    ]
    assert not wrong, wrong


def test_the_check_sees_an_import_inside_a_function(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from refwatch.web import views\n    import django.db\n")
    assert {"refwatch.web", "django.db"} <= imported_modules(module)
