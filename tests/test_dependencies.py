"""Installs that hold: every third-party package refwatch imports is one pyproject.toml declares,
not one that happens to arrive with another (and may not, with another pip or a new release)."""

from __future__ import annotations

import ast
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import refwatch

ROOT = Path(refwatch.__file__).parent
PYPROJECT = ROOT.parent / "pyproject.toml"


def declared(*extras: str) -> set[str]:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    lines = [*project["dependencies"], *(r for e in extras for r in project["optional-dependencies"][e])]
    return {canonicalize_name(Requirement(line).name) for line in lines}


def imported_top_level(root: Path) -> dict[str, list[str]]:
    """Top-level modules imported anywhere under `root` (in functions too) → files importing them."""
    found: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], []).append(str(path.relative_to(root.parent)))
    return found


# The repository's own packages.
# Our own packages, and the bench scripts that import one another from their folder.
OURS = {"refwatch", "tests", "bench"} | {p.stem for p in (ROOT.parent / "bench").glob("*.py")}


def third_party(modules: dict[str, list[str]]) -> dict[str, list[str]]:
    return {m: files for m, files in modules.items() if m not in sys.stdlib_module_names and m not in OURS}


def undeclared(modules: dict[str, list[str]], allowed: set[str]) -> list[str]:
    owners = packages_distributions()
    wrong = []
    for module, files in sorted(third_party(modules).items()):
        dists = {canonicalize_name(d) for d in owners.get(module, [])}
        if not dists & allowed:
            wrong.append(f"{module} ({', '.join(sorted(dists)) or 'not installed'}) in {files[0]}")
    return wrong


def test_every_third_party_import_of_refwatch_is_a_declared_dependency():
    # psycopg is imported by Django for a PostgreSQL DATABASE_URL; refwatch itself imports it only
    # for that case, which the `postgres` extra installs.
    assert undeclared(imported_top_level(ROOT), declared("postgres")) == []


def test_tests_and_benches_import_only_declared_packages():
    for folder in ("tests", "bench"):
        assert undeclared(imported_top_level(ROOT.parent / folder), declared("dev", "postgres")) == [], folder


def test_the_check_sees_an_undeclared_import(tmp_path: Path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "m.py").write_text("def f():\n    import lxml.etree\n    import json\n")
    modules = imported_top_level(tmp_path / "pkg")
    assert set(third_party(modules)) == {"lxml"}
    assert undeclared(modules, {"django"}) == ["lxml (lxml) in pkg/m.py"]
    assert undeclared(modules, {"lxml"}) == []


def test_html_ingest_needs_lxml_html_clean_declared():
    # justext asks for it as lxml's extra, which pip 23.2 (Python 3.11's) does not install.
    assert "lxml-html-clean" in declared()
