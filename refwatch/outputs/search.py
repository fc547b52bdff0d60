"""A search hit as its reader may see it: the passage from the document's own text, with every
protected name and detail they may not see replaced, and the words of the query marked.

The index matched on pseudonymised text; what is shown is redacted again here, for this user,
against the whole document (refwatch.protection.names.hidden), so a hit never shows more than
the document page would. Used by the search page and the API alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from refwatch.extract.gazetteer import PLACES
from refwatch.knowledge.models import Review
from refwatch.knowledge.search import CANDIDATES, FILTERS, MAX_QUERY, NO_STATEMENT, Hit, term_spans
from refwatch.protection.names import RedactionUnavailable, hidden, redact

_NUMBER = re.compile(r"^[0-9]{1,6}$")
_PLACE_NAMES = {name.casefold(): name for name in PLACES}
REVIEW_LABELS = {**{r.value: r.label for r in Review}, NO_STATEMENT: "no statement"}


def search_params(get: Any, page_size: int) -> tuple[str, dict[str, str], int, list[str]]:
    """The query, filters and page number of a request's parameters, and what was wrong with them
    (said on the page; a bad value is ignored, never an error)."""
    notes: list[str] = []
    raw = str(get.get("q", ""))
    q = raw[:MAX_QUERY]
    if len(raw) > MAX_QUERY:
        notes.append(f"The query was cut to its first {MAX_QUERY} characters.")
    filters: dict[str, str] = {}
    for key in FILTERS:
        value = str(get.get(key, "")).strip()[:40]
        if not value:
            continue
        if key == "year" and not (_NUMBER.match(value) and len(value) == 4) and value != "undated":
            notes.append(f"“{value}” is not a year: the year filter was left out.")
            continue
        if key == "review" and value not in REVIEW_LABELS:
            notes.append(f"“{value}” is not a review state: that filter was left out.")
            continue
        if key == "actor" and not _NUMBER.match(value):
            notes.append(f"“{value}” is not the number of an actor: the actor filter was left out.")
            continue
        if key == "place":
            if value.casefold() not in _PLACE_NAMES:
                notes.append(f"“{value}” is no place of the gazetteer: the place filter was left out.")
                continue
            value = _PLACE_NAMES[value.casefold()]
        filters[key] = value
    page = 1
    text = str(get.get("page", "1")).strip() or "1"
    if _NUMBER.match(text) and 1 <= int(text) <= last_page(page_size):
        page = int(text)
    else:
        notes.append(
            f"“{text[:20]}” is not a page number (1 to {last_page(page_size)}): the first page is shown."
        )
    return q, filters, page, notes


def last_page(page_size: int) -> int:
    """The last page the candidates a search ranks (knowledge.search.CANDIDATES) fill."""
    return max(1, CANDIDATES // page_size)


@dataclass(frozen=True)
class Passage:
    """The shown passage: `text` with redactions applied, `marks` the (start, end) of the query's
    words in it, `redacted` those of the replacements."""

    text: str
    marks: list[tuple[int, int]]
    redacted: list[tuple[int, int]]

    def html(self) -> SafeString:
        """The passage as HTML: all text escaped, marks as <mark>, replacements as .redacted."""
        cuts = sorted(
            [(s, e, "mark") for s, e in self.marks] + [(s, e, "redacted") for s, e in self.redacted]
        )
        out: list[str] = []
        pos = 0
        for start, end, what in cuts:
            if start < pos:
                continue
            out.append(escape(self.text[pos:start]))
            tag = "<mark>{}</mark>" if what == "mark" else '<span class="redacted">{}</span>'
            out.append(format_html(tag, self.text[start:end]))
            pos = end
        out.append(escape(self.text[pos:]))
        return mark_safe("".join(out))


def shown_passage(hit: Hit, terms: list[str], user: Any) -> Passage | None:
    """The passage of `hit` for `user`, or None when redaction cannot run (then it is withheld)."""
    doc = hit.document
    text = doc.text[hit.start : hit.end]
    try:
        found = hidden(text, user, doc.text, about=doc.confidential)
    except RedactionUnavailable:
        return None
    pieces: list[str] = []
    redacted: list[tuple[int, int]] = []
    shift: list[tuple[int, int]] = []  # (original offset, shown offset) where a redaction ends
    pos = length = 0
    for f in found:
        if f.start < pos:
            continue
        pieces.append(text[pos : f.start])
        length += f.start - pos
        pieces.append(f.replacement)
        redacted.append((length, length + len(f.replacement)))
        length += len(f.replacement)
        pos = f.end
        shift.append((pos, length))
    pieces.append(text[pos:])
    marks = []
    for s, e in term_spans(text, terms):
        if any(f.start < e and s < f.end for f in found):
            continue  # a word inside a protected name is never marked (nor shown)
        base, to = max(((o, n) for o, n in shift if o <= s), default=(0, 0))
        marks.append((to + s - base, to + e - base))
    return Passage("".join(pieces), marks, redacted)


def shown_title(hit: Hit, user: Any) -> str:
    doc = hit.document
    try:
        return redact(doc.title or doc.filename or f"Document {doc.pk}", user, about=doc.confidential)
    except RedactionUnavailable:
        return f"Document {doc.pk}"
