"""Every read of the record goes through its one door (refwatch.knowledge.queries.Reader, and
refwatch.protection.queries.PeopleReader for people and the audit): the code is walked, and a
queryset of a record's model built anywhere else fails this test.

What counts as building one: `Model.objects` (or its default/base manager), `get_object_or_404`
or `get_list_or_404` of such a model, and a call of `access.visible` (the rule the door applies).
The modules that write the record (and so read the rows they change) are named below, each with
its reason; a new page, route, command or output is not among them.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import refwatch

ROOT = Path(refwatch.__file__).parent

RECORD_MODELS = frozenset(
    {
        # knowledge
        "Document",
        "Statement",
        "ReviewEvent",
        "Incident",
        "Letter",
        "LetterParty",
        "LetterReference",
        "Ask",
        "Outcome",
        "Figure",
        "Actor",
        "Instrument",
        "StateParty",
        "Commitment",
        "Campaign",
        # people and the audit
        "Person",
        "PersonEvent",
        "FamilyLink",
        "Photo",
        "Consent",
        "AuditEntry",
    }
)
MANAGERS = frozenset({"objects", "_default_manager", "_base_manager"})
SHORTCUTS = frozenset({"get_object_or_404", "get_list_or_404"})

# The door itself, and the writers, each for a reason.
ALLOWED = {
    "knowledge/queries.py": "the door",
    "protection/queries.py": "the door to people and the audit",
    "knowledge/access.py": "defines the rule the door applies",
    "knowledge/models.py": "the models",
    "knowledge/store.py": "writes documents and their statements",
    "knowledge/merge.py": "writes facts from statements",
    "knowledge/letters.py": "writes letters and their parts",
    "knowledge/review.py": "writes review decisions",
    "knowledge/additions.py": "writes statements a person adds from a selection",
    "knowledge/metadata.py": "writes a document's corrected details",
    "knowledge/reextract.py": "rewrites a document's suggestions when it is read again",
    "knowledge/outdated.py": "writes the decision on a statement re-extraction marked outdated",
    "knowledge/search.py": "keeps the search index in step with the documents (searches go through Reader.search)",
    "knowledge/roster.py": "links letters' parties to the roster",
    "protection/models.py": "the models",
    "protection/names.py": "writes and indexes protected names",
    "protection/audit.py": "writes and verifies the audit chain",
    "protection/consent.py": "writes consent records",
    "protection/signals.py": "protects a document's names as it is saved",
    "protection/guard.py": "protects names for the record as it stores a document",
    "protection/backup.py": "copies and restores the whole store: the operator's, not a reader's",
}


def violations(source: str) -> list[str]:
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in MANAGERS
            and isinstance(node.value, ast.Name)
            and node.value.id in RECORD_MODELS
        ):
            found.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
        elif isinstance(node, ast.Call):
            func = node.func
            name = (
                func.id
                if isinstance(func, ast.Name)
                else func.attr
                if isinstance(func, ast.Attribute)
                else ""
            )
            if name == "visible" and not (isinstance(func, ast.Attribute) and _is_reader(func.value)):
                found.append(f"line {node.lineno}: visible(...)")
            if (
                name in SHORTCUTS
                and node.args
                and isinstance(node.args[0], ast.Name)
                and node.args[0].id in RECORD_MODELS
            ):
                found.append(f"line {node.lineno}: {name}({node.args[0].id}, ...)")
    return found


def _is_reader(node: ast.expr) -> bool:
    """`reader.visible(...)` / `self.visible(...)`: the door's own method, not the bare rule."""
    return isinstance(node, ast.Name) and node.id in {"self", "reader"}


def modules() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*.py") if "migrations" not in p.parts)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_record_is_read_only_through_the_door(path: Path) -> None:
    rel = path.relative_to(ROOT).as_posix()
    if rel in ALLOWED:
        return
    wrong = violations(path.read_text(encoding="utf-8"))
    assert not wrong, f"{rel} reads the record outside refwatch.knowledge.queries: {wrong}"


def test_the_walk_sees_each_way_of_building_a_queryset() -> None:
    source = (
        "from refwatch.knowledge.access import visible\n"
        "def view(request, pk):\n"
        "    a = Incident.objects.filter(pk=pk)\n"
        "    b = get_object_or_404(Person, number=pk)\n"
        "    c = visible(Document.objects.all(), request.user)\n"
        "    d = Statement._default_manager.all()\n"
        "    e = reader.visible(qs)\n"
    )
    assert len(violations(source)) == 5


def test_every_allowed_module_exists() -> None:
    assert all((ROOT / rel).is_file() for rel in ALLOWED), [r for r in ALLOWED if not (ROOT / r).is_file()]
