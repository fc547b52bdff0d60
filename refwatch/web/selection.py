"""Whether a document page offers "Add fact" on a selection of its text, and with which kinds
(the adding itself: refwatch.web.addfact)."""

from __future__ import annotations

from typing import Any

from refwatch.actions import Actions, Refused
from refwatch.knowledge import additions
from refwatch.knowledge.models import Document
from refwatch.knowledge.queries import Reader
from refwatch.roles import ANALYST


def can_add_facts(reader: Reader, user: Any, doc: Document) -> bool:
    """An analyst who sees the whole text (the action checks it again when a fact is added)."""
    if not reader.may(ANALYST):
        return False
    try:
        Actions(user).may_add_from(doc)
    except Refused:
        return False
    return True


def kind_choices() -> list[tuple[str, str]]:
    return [(name, label) for name, (_, label, _) in additions.ADDABLE.items()]


def context(reader: Reader, user: Any, doc: Document) -> dict[str, Any]:
    if not can_add_facts(reader, user, doc):
        return {"can_add_facts": False}
    return {"can_add_facts": True, "add_choices": kind_choices()}
