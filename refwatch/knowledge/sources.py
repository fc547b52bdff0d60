"""What a statement rests on: its document, and, where the document attributes it ("according to
the CECC", "HRW said"), the original source it repeats.

Corroboration counts original sources, not documents: two letters that repeat one CECC figure are
one source told twice, and a fact is corroborated only by two sources independent of each other.
An unattributed statement rests on its own document.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol

from refwatch.extract.gazetteer import ACTORS


class Sourced(Protocol):
    document_id: int

    def values(self) -> dict[str, Any]: ...


@cache
def _aliases() -> dict[str, str]:
    out = {}
    for name, (_, aliases) in ACTORS.items():
        for alias in (name, *aliases):
            out[_fold(alias)] = name
    return out


def _fold(name: str) -> str:
    words = " ".join(name.replace("’", "'").split()).strip(" .,;:")
    if words.lower().startswith("the "):
        words = words[4:]
    return words.casefold()


def original_source(name: str) -> str:
    """The canonical name of an attributed source ("the CECC" → "Congressional-Executive
    Commission on China"); a name the gazetteer does not know, tidied."""
    folded = _fold(name)
    return _aliases().get(folded) or " ".join(name.split()).strip(" .,;:").removeprefix("the ")


@dataclass
class Source:
    """One independent source of a fact: an original source (`name`) and the documents that
    repeat it, or a document that says it on its own account (`name` empty)."""

    key: tuple[str, Any]
    name: str = ""
    statements: list[Any] = field(default_factory=list)

    @property
    def attributed(self) -> bool:
        return bool(self.name)

    @property
    def documents(self) -> list[Any]:
        seen: dict[int, Any] = {}
        for s in self.statements:
            seen.setdefault(s.document_id, s.document)
        return list(seen.values())


def source_key(statement: Sourced) -> tuple[str, Any]:
    attributed = statement.values().get("attributed_to")
    if isinstance(attributed, str) and attributed.strip():
        return ("source", original_source(attributed))
    return ("document", statement.document_id)


def independent_sources(statements: Iterable[Sourced]) -> list[Source]:
    """The statements grouped by what they rest on, in the order first met."""
    groups: dict[tuple[str, Any], Source] = {}
    for s in statements:
        key = source_key(s)
        if key not in groups:
            groups[key] = Source(key, key[1] if key[0] == "source" else "")
        groups[key].statements.append(s)
    return list(groups.values())
