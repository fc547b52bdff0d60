"""Protected names and details on the pages: where they are in a text, for the user who is looking.

refwatch.protection finds protected names and details and knows who may see them; the pages need
the places (not a rewritten string) so that highlights keep the offsets of the stored text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from refwatch.protection.names import hidden
from refwatch.web.highlight import Redaction


@dataclass(frozen=True)
class Reader:
    """A user reading the facts of one document: `{{ text|redacted:reader }}` redacts against the
    document's whole text (a phone in an ask of a letter about a protected person is hidden)."""

    user: Any
    context: str | None = None
    about: bool = False


def redactions(text: str, user: Any, context: str | None = None, *, about: bool = False) -> list[Redaction]:
    """What in `text` the user may not see, each with its replacement; `context` is the whole
    document a quote is part of (a phone in a quote of a text about a protected person is hidden);
    `about`: the text is known to be about protected people (a confidential document's).

    Raises refwatch.protection.names.RedactionUnavailable when redaction cannot run.
    """
    return [Redaction(f.start, f.end, f.replacement) for f in hidden(text, user, context, about=about)]
