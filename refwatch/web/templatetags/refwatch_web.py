"""Template filters for facts: `{{ incident|when }}`, `{{ incident|how_many }}`, `{{ party.chamber|chamber }}`."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django import template

from refwatch.accounts.service import has_totp
from refwatch.knowledge.queries import Reader as KnowledgeReader
from refwatch.knowledge.store import describe_counts
from refwatch.outputs.display import format_chamber, format_count, format_date
from refwatch.protection.names import redact
from refwatch.roles import ADMIN, ANALYST, has_role, roles_of
from refwatch.web.redaction import Reader

register = template.Library()


@register.filter
def join_counts(counts: dict[str, int] | None) -> str:
    """ "1 letter, 2 incidents": the facts a document added from an upload supports."""
    return describe_counts(counts or {})


@register.filter
def when(fact: Any) -> str:
    """The date of an incident (or any object with date_start/date_end/date_precision)."""
    return format_date(
        getattr(fact, "date_start", None),
        getattr(fact, "date_end", None),
        getattr(fact, "date_precision", None),
    )


@register.filter
def iso_date(value: str | None) -> str:
    """An ISO date of any precision ("2025-11", "2026-05-13") as a person reads it."""
    if not value:
        return "date unknown"
    precision = {1: "year", 2: "month"}.get(len(value.split("-")), "day")
    return format_date(value, value, precision)


@register.filter
def how_many(fact: Any) -> str:
    return format_count(
        getattr(fact, "count", None), getattr(fact, "count_qualifier", None), getattr(fact, "count_min", None)
    )


@register.filter
def values_count(values: dict[str, Any]) -> str:
    """The count of a statement's record (its values as the analyst left them)."""
    return format_count(values.get("count"), values.get("count_qualifier"), values.get("count_min"))


@register.filter
def values_quantity(values: dict[str, Any]) -> str:
    """The number of a figure statement ("~30,000 children")."""
    n = format_count(values.get("quantity"), values.get("qualifier"))
    return f"{n} {values.get('unit') or ''}".strip()


@register.filter
def values_quantity_of(quantity: Any, qualifier: str | None) -> str:
    """A figure's number with its qualifier ("~30,000", "at least 2,000")."""
    return format_count(quantity, qualifier)


@register.filter
def values_when(values: dict[str, Any]) -> str:
    return format_date(values.get("date_start"), values.get("date_end"), values.get("date_precision"))


@register.filter
def chamber(value: str | None) -> str:
    return format_chamber(value)


@register.filter
def basename(value: str | None) -> str:
    """A file's name without the folders it came from (which may say things about the machine)."""
    return PurePath(value or "").name or (value or "")


@register.filter
def redacted(value: Any, reader: Any) -> str:
    """`{{ text|redacted:user }}`: protected names the user may not see become their pseudonyms."""
    text = "" if value is None else str(value)
    if isinstance(reader, Reader):
        return redact(text, reader.user, reader.context, about=reader.about)
    return redact(text, reader)


@register.filter
def badges(letter: Any, reader: Any) -> Any:
    """`{% with b=letter|badges:user %}`: its chambers, bicameral, bipartisan as the reader may
    know them (refwatch.knowledge.queries.Reader.letter_badges)."""
    user = reader.user if isinstance(reader, Reader) else reader
    return KnowledgeReader.for_user(user).letter_badges(letter)


@register.filter
def roster(party: Any, reader: Any) -> dict[str, str]:
    """`{% with r=party|roster:reader %}`: the signer's roster entry, empty when their name is
    hidden from the reader (refwatch.knowledge.queries.Reader.roster)."""
    user = reader.user if isinstance(reader, Reader) else reader
    return KnowledgeReader.for_user(user).roster(party)


@register.filter
def letter_label(letter: Any) -> str:
    """ "Letter of 7 Nov 2025 to David Perdue": the date as a person reads it, then the recipients."""
    to = ", ".join(p.name for p in letter.recipients)
    return f"Letter of {iso_date(letter.date)}" + (f" to {to}" if to else "")


@register.filter
def has_any_role(user: Any) -> bool:
    """The user has a role at all (the pages of people need one; a bare account sees nothing)."""
    return bool(roles_of(user))


@register.filter
def is_analyst(user: Any) -> bool:
    return has_role(user, ANALYST)


@register.filter
def is_admin(user: Any) -> bool:
    return ADMIN in roles_of(user)


@register.filter
def has_second_factor(user: Any) -> bool:
    """The user logs in with a TOTP code too (the header offers to set one up otherwise)."""
    return bool(getattr(user, "is_authenticated", False)) and has_totp(user)
