"""Data flows one way: bytes → text → statements → facts → outputs. The modules' imports say so.

The layers, lowest first (a module may import its own layer and those below it, never above):

    pure       ingest, extract: plain Python, usable as a library, no Django
    base       roles, crypto, sealed values and fields, the audit chain
    knowledge  the record: documents, statements, facts, and the door to read them
    people     protection: persons named in the record, their names' protection
    accounts   users' policies, tokens, two-factor
    outputs    briefs, exports, claim checks
    actions    what a person does to the record (refwatch.actions)
    ui         pages, API, commands, admin, settings

See them, with every import between parts and what is still out of place:

    PYTHONPATH=. python tests/test_layers.py
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

import refwatch

ROOT = Path(refwatch.__file__).parent

# Module prefixes of each layer, lowest first; the longest prefix that matches decides.
LAYERS: dict[str, tuple[str, ...]] = {
    # refwatch itself (an empty package) is at the bottom: anything may import it.
    "pure": ("refwatch", "refwatch.ingest", "refwatch.extract"),
    "base": (
        "refwatch.roles",
        "refwatch.protection.crypto",
        "refwatch.protection.sealed",
        "refwatch.protection.fields",
        "refwatch.protection.audit",
        "refwatch.knowledge.fields",
    ),
    "knowledge": ("refwatch.knowledge",),
    "people": ("refwatch.protection",),
    "accounts": ("refwatch.accounts",),
    "outputs": ("refwatch.outputs",),
    "actions": ("refwatch.actions", "refwatch.watching"),
    "ui": (
        "refwatch.web",
        "refwatch.api",
        "refwatch.cli",
        "refwatch.urls",
        "refwatch.settings",
        "refwatch.wsgi",
        "refwatch.__main__",
        "refwatch.protection.views",
        "refwatch.protection.urls",
        "refwatch.protection.forms",
        "refwatch.protection.admin",
        "refwatch.knowledge.admin",
        "refwatch.accounts.views",
        "refwatch.accounts.urls",
        "refwatch.accounts.admin",
    ),
}
ORDER = list(LAYERS)

# Third-party packages a layer may not use (the pure layer is usable without Django).
FORBIDDEN_LIBRARIES = {"pure": ("django",)}

# Imports still out of place, each with why: the test fails on any other, and on one of these
# that is gone (so the list says what is left to do).
DEBT: dict[tuple[str, str], str] = {
    ("refwatch.knowledge.fields", "refwatch.protection.sealed"): (
        "sealed evidence needs the data keys, rows of protection.models beside Person, whose save "
        "indexes names, which ask the record which documents a reader opens: one loop through the "
        "base until its models (DataKey, AuditEntry) are an app of their own"
    ),
    ("refwatch.protection.names", "refwatch.knowledge.access"): (
        "a pseudonym is not shown to a reader who cannot open any document it comes from"
    ),
    ("refwatch.protection.names", "refwatch.knowledge.models"): "the same",
    ("refwatch.protection.models", "refwatch.protection.names"): (
        "saving a person indexes its names, and names reads persons"
    ),
    ("refwatch.protection.names", "refwatch.protection.models"): "the other half of the loop above",
    ("refwatch.protection.crypto", "refwatch.protection.models"): (
        "data keys are rows of protection.models, beside Person: the base's models are not apart yet"
    ),
    ("refwatch.protection.audit", "refwatch.protection.models"): (
        "audit entries are rows of protection.models, beside Person"
    ),
    ("refwatch.protection.audit", "refwatch.protection.names"): (
        "the audit redacts names in its details: the base asks people"
    ),
}


@dataclass(frozen=True)
class Import:
    source: str  # the importing module
    target: str  # the imported module (or package, for `from package import name`)
    line: int
    in_function: bool


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> str | None:
    best, layer = -1, None
    for name, prefixes in LAYERS.items():
        for prefix in prefixes:
            # "refwatch" names the package itself only, not everything in it.
            within = module.startswith(prefix + ".") and prefix != "refwatch"
            if (module == prefix or within) and len(prefix) > best:
                best, layer = len(prefix), name
    return layer


def imports_of(path: Path) -> list[Import]:
    """Every import of `path`, relative ones made absolute, with whether it is inside a function."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    in_function: set[int] = set()
    for fn in ast.walk(tree):
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            in_function.update(id(n) for n in ast.walk(fn) if n is not fn)
    type_checking = {
        id(n)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for n in ast.walk(node)
    }
    found: list[Import] = []
    for node in ast.walk(tree):
        if id(node) in type_checking:
            continue  # for type hints only: never run
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                names = [".".join([*base, node.module] if node.module else base)]
            else:
                names = [node.module or ""]
            # `from refwatch.protection import audit` imports the module refwatch.protection.audit.
            names = [
                f"{n}.{alias.name}" if _is_module(f"{n}.{alias.name}") else n
                for n in names
                for alias in node.names
            ]
        found += [Import(module, n, node.lineno, id(node) in in_function) for n in dict.fromkeys(names)]
    return found


def _is_module(name: str) -> bool:
    if not name.startswith("refwatch."):
        return False
    path = ROOT.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def project_files() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*.py") if "migrations" not in p.parts)


def all_imports() -> list[Import]:
    return [i for path in project_files() for i in imports_of(path)]


def upward(imp: Import) -> bool:
    """An import of a higher layer than the importer's."""
    src, dst = layer_of(imp.source), layer_of(imp.target)
    return src is not None and dst is not None and ORDER.index(dst) > ORDER.index(src)


def hidden(imp: Import, graph: dict[str, set[str]] | None = None) -> bool:
    """An import inside a function that gets round a cycle: at the top of its module, it would
    close a loop of imports (the imported module already leads back to the importer).

    A late import that closes no loop (a heavy library, or Django set up first by a command) is
    not hidden: at the top it would be just as allowed.
    """
    if not imp.in_function or not imp.target.startswith("refwatch"):
        return False
    graph = import_graph() if graph is None else graph
    seen, todo = set(), [imp.target]
    while todo:
        module = todo.pop()
        if module == imp.source:
            return True
        if module not in seen:
            seen.add(module)
            todo.extend(graph.get(module, ()))
    return False


def import_graph() -> dict[str, set[str]]:
    """Module → the project's modules it imports (at the top or in a function)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for imp in all_imports():
        if imp.target.startswith("refwatch"):
            graph[imp.source].add(imp.target)
    return graph


def out_of_place() -> dict[tuple[str, str], list[Import]]:
    wrong: dict[tuple[str, str], list[Import]] = defaultdict(list)
    graph = import_graph()
    for imp in all_imports():
        if upward(imp) or hidden(imp, graph):
            wrong[(imp.source, imp.target)].append(imp)
    return wrong


@pytest.mark.parametrize("path", project_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_module_has_a_layer(path: Path) -> None:
    assert layer_of(module_name(path)) is not None, f"{module_name(path)}: add it to LAYERS"


def test_no_import_goes_up_a_layer_or_hides_in_a_function_beyond_the_known_debt() -> None:
    wrong = out_of_place()
    new = {
        f"{src} imports {dst} (line {', '.join(str(i.line) for i in imps)}"
        f"{', inside a function' if any(i.in_function for i in imps) else ''})"
        for (src, dst), imps in wrong.items()
        if (src, dst) not in DEBT
    }
    assert not new, sorted(new)
    paid = [pair for pair in DEBT if pair not in wrong]
    assert not paid, f"no longer out of place: remove from DEBT {paid}"


@pytest.mark.parametrize("layer", sorted(FORBIDDEN_LIBRARIES))
def test_the_pure_layer_uses_no_django(layer: str) -> None:
    wrong = [
        f"{i.source} imports {i.target}"
        for i in all_imports()
        if layer_of(i.source) == layer
        and any(i.target == lib or i.target.startswith(lib + ".") for lib in FORBIDDEN_LIBRARIES[layer])
    ]
    assert not wrong, wrong


def test_no_cycle_between_parts() -> None:
    """The graph of imports between packages (knowledge, protection, accounts, web, …) has no cycle,
    counting only the imports that are in place (the debt is listed above)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for imp in all_imports():
        if not imp.target.startswith("refwatch") or (imp.source, imp.target) in DEBT:
            continue
        a, b = _part(imp.source), _part(imp.target)
        if a != b and layer_of(imp.source) == layer_of(imp.target):
            graph[a].add(b)
    assert not _cycles(graph), _cycles(graph)


def _part(module: str) -> str:
    return f"{layer_of(module)}:{'.'.join(module.split('.')[:2])}"


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    found: list[list[str]] = []

    def walk(node: str, path: list[str]) -> None:
        for nxt in graph.get(node, ()):
            if nxt in path:
                found.append([*path[path.index(nxt) :], nxt])
            elif len(path) < 20:
                walk(nxt, [*path, nxt])

    for start in list(graph):
        walk(start, [start])
    return found


def test_the_check_sees_relative_and_function_level_imports(tmp_path: Path, monkeypatch) -> None:
    pkg = ROOT / "web"
    module = pkg / "_layers_probe.py"
    module.write_text(
        "from . import views\nfrom ..outputs import x\ndef f():\n    from refwatch.web import views\n"
    )
    try:
        found = {(i.target, i.in_function) for i in imports_of(module)}
    finally:
        module.unlink()
    assert ("refwatch.web.views", False) in found
    assert ("refwatch.outputs", False) in found
    assert ("refwatch.web.views", True) in found
    knowledge_to_web = Import("refwatch.knowledge.store", "refwatch.web.views", 1, False)
    assert upward(knowledge_to_web)
    graph = {"refwatch.a": {"refwatch.b"}, "refwatch.b": {"refwatch.c"}, "refwatch.c": set()}
    assert hidden(Import("refwatch.c", "refwatch.a", 1, True), graph)  # c → a → b → c
    assert not hidden(Import("refwatch.a", "refwatch.c", 1, True), graph)  # late, but no loop
    assert not hidden(Import("refwatch.c", "refwatch.a", 1, False), graph)  # a cycle at the top shows as such


def show() -> None:
    """Print the layers, the imports between them, and what is out of place."""
    edges: dict[tuple[str, str], int] = defaultdict(int)
    for imp in all_imports():
        if imp.target.startswith("refwatch"):
            a, b = layer_of(imp.source), layer_of(imp.target)
            if a and b and a != b:
                edges[(a, b)] += 1
    print("Layers, lowest first (a layer may import those above it in this list):")
    for name in ORDER:
        print(f"  {name:<10} {', '.join(LAYERS[name])}")
    print("\nImports between layers (importer -> imported: how many):")
    for (a, b), n in sorted(edges.items(), key=lambda kv: (ORDER.index(kv[0][0]), ORDER.index(kv[0][1]))):
        mark = "  UP!" if ORDER.index(b) > ORDER.index(a) else ""
        print(f"  {a:<10} -> {b:<10} {n:>3}{mark}")
    wrong = out_of_place()
    print(f"\nOut of place ({len(wrong)}):")
    for (src, dst), imps in sorted(wrong.items()):
        where = ", ".join(f"{i.line}{' (in a function)' if i.in_function else ''}" for i in imps)
        why = DEBT.get((src, dst))
        print(f"  {src} -> {dst}: line {where}" + (f"\n      known: {why}" if why else "\n      NEW"))


if __name__ == "__main__":
    show()
    sys.exit(0)
