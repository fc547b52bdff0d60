"""Protected names on the pages: where they are in a text, for the user who is looking.

refwatch.protection finds protected names and knows who may see them; the pages need the
places (not a rewritten string) so that highlights keep the offsets of the stored text.
"""

from __future__ import annotations

from typing import Any

from refwatch.protection.names import find_names, redact, sees_identities
from refwatch.web.highlight import Redaction


def redactions(text: str, user: Any) -> list[Redaction]:
    """The protected names in `text` that `user` may not see, each with its pseudonym."""
    if not text or sees_identities(user):
        return []
    out = []
    for found in find_names(text):
        name = text[found.start : found.end]
        # redact() applies the per-person grants (named users and groups) for this user.
        if redact(name, user) != name:
            out.append(Redaction(found.start, found.end, f"[{found.pseudonym}]"))
    return out
