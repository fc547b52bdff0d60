"""Filters and sorting of the list pages (letters, documents, actors, Members of Congress; those
of the incidents, figures and map are described in refwatch.web.incident_filters with the readers
here), read from the URL so that a filtered list can be shared. A value that makes no sense is
said on the page and left out, never an error; the querysets filtered here are the Reader's
(refwatch.knowledge.queries)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import F, Q, QuerySet
from django.db.models.functions import Lower
from django.http import HttpRequest

from refwatch.extract.gazetteer import PLACES
from refwatch.knowledge.models import Actor, Legislator, LetterParty, Visibility
from refwatch.knowledge.queries import Reader
from refwatch.knowledge.roster import fold
from refwatch.knowledge.terms import term_of
from refwatch.protection.names import redact

_COUNT = re.compile(r"^[0-9]{1,9}$")
_YEAR = re.compile(r"^[0-9]{4}$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
CHAMBERS = {"house": "House", "senate": "Senate"}
PARTIES = {"democrat": "Democrat", "republican": "Republican", "independent": "Independent"}
ACTOR_KINDS = {
    Actor.Kind.STATE.value: "state",
    Actor.Kind.ORGANIZATION.value: "organisation",
    Actor.Kind.PERSON.value: "person",
}


@dataclass
class Filtered:
    """A list's rows after its filters, the values the form shows again, what was left out and why,
    and the query string of the list without its page (for the pager and the sort links)."""

    rows: QuerySet[Any] | list[Any]
    values: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    sort: str = ""
    # The options of a menu that the record gives (the states of the members listed).
    choices: dict[str, list[str]] = field(default_factory=dict)
    # What each filter of a described list chose, read (refwatch.web.incident_filters): by filter.
    chosen: dict[str, Any] = field(default_factory=dict)

    @property
    def query(self) -> str:
        """The list's query without page and sort: `?{{ query }}sort=…&page=…`."""
        params = urlencode({k: v for k, v in self.values.items() if v})
        return f"{params}&" if params else ""

    @property
    def active(self) -> bool:
        return any(self.values.values())


def read_text(request: HttpRequest, key: str, limit: int = 100) -> str:
    return str(request.GET.get(key, "")).strip()[:limit]


def read_date(request: HttpRequest, key: str, label: str, out: Filtered) -> str | None:
    value = read_text(request, key, 20)
    out.values[key] = value if _DATE.match(value) else ""
    if value and not _DATE.match(value):
        out.notes.append(f"“{value}” is not a date (YYYY, YYYY-MM or YYYY-MM-DD): {label} was left out.")
        return None
    return value or None


def read_number(request: HttpRequest, key: str, label: str, out: Filtered) -> int | None:
    value = read_text(request, key, 20)
    out.values[key] = value if _COUNT.match(value) else ""
    if value and not _COUNT.match(value):
        out.notes.append(f"“{value}” is not a whole number: {label} was left out.")
        return None
    return int(value) if value else None


def read_year(request: HttpRequest, out: Filtered) -> str | None:
    value = read_text(request, "year", 20)
    out.values["year"] = value if _YEAR.match(value) else ""
    if value and not _YEAR.match(value):
        out.notes.append(f"“{value}” is not a year: the year filter was left out.")
        return None
    return value or None


def read_choice(
    request: HttpRequest, key: str, choices: dict[str, str], label: str, out: Filtered
) -> str | None:
    value = read_text(request, key, 40)
    out.values[key] = value if value in choices else ""
    if value and value not in choices:
        out.notes.append(f"“{value}” is not a {label}: that filter was left out.")
        return None
    return value or None


def read_sort(request: HttpRequest, allowed: tuple[str, ...], out: Filtered) -> str:
    value = read_text(request, "sort", 20)
    out.sort = value if value in allowed else allowed[0]
    return out.sort


def last_day(end: str) -> str:
    return end + {4: "-12-31", 7: "-31"}.get(len(end), "")


# A place as the URL may name it: its canonical name or any alias, in any case.
_PLACE_NAMES = {alias.casefold(): p.name for p in PLACES.values() for alias in (p.name, *p.aliases)}


def place_choices() -> list[tuple[str, list[str]]]:
    """The gazetteer's places for a filter's menu, grouped by the state they are in."""
    groups: dict[str, list[str]] = {}
    for p in PLACES.values():
        groups.setdefault(p.country if p.kind != "country" else "Escape routes", []).append(p.name)
    order = ["China", "North Korea", "Escape routes"]
    return sorted(
        ((k or "Border rivers", sorted(v)) for k, v in groups.items()),
        key=lambda g: (order.index(g[0]) if g[0] in order else len(order), g[0]),
    )


def read_place(request: HttpRequest, out: Filtered) -> str | None:
    value = read_text(request, "place", 80)
    name = _PLACE_NAMES.get(value.casefold()) if value else None
    out.values["place"] = name or ""
    if value and not name:
        out.notes.append(f"“{value}” is no place of the gazetteer: the place filter was left out.")
    return name


def user_of(reader: Reader) -> Any:
    return None if reader.is_system else reader.user


def shown_to(text: str, user: Any, reader: Reader) -> str:
    """`text` as this reader may read it (the system reads everything as it is)."""
    return text if reader.is_system else redact(text, user)


def letters(request: HttpRequest, reader: Reader) -> Filtered:
    """Letters by `recipient` and `signer` (words of a name or title, as the reader may see it: a
    protected name matches only by its pseudonym), `chamber` and `party` of a signer (the party
    the roster gives them on the letter's date), `year`, sorted by date."""
    # A list shows none of the letters' evidence: their parties and asks without their statements.
    out = Filtered(reader.letter_heads(asks=True))
    recipient = read_text(request, "recipient")
    signer = read_text(request, "signer")
    out.values["recipient"], out.values["signer"] = recipient, signer
    chamber = read_choice(request, "chamber", CHAMBERS, "chamber", out)
    party = read_choice(request, "party", PARTIES, "party", out)
    year = read_year(request, out)
    sort = read_sort(request, ("-date", "date"), out)
    qs = out.rows
    assert isinstance(qs, QuerySet)
    if year:
        qs = qs.filter(date__startswith=year)
    order = F("date").asc(nulls_last=True) if sort == "date" else F("date").desc(nulls_last=True)
    qs = qs.order_by(order, "pk")
    if recipient or signer or chamber or party:
        # Names and titles are sealed in a confidential letter: matched on the parties as read.
        user = None if reader.is_system else reader.user

        def keep(letter: Any) -> bool:
            return (
                (not recipient or any(_holds(p, recipient, user) for p in letter.recipients))
                and (not signer or any(_holds(p, signer, user) for p in letter.senders))
                and (not chamber or chamber in reader.letter_badges(letter).chambers)
                and (not party or any(_party_of(reader, p) == party for p in letter.senders))
            )

        out.rows = [letter for letter in qs if keep(letter)]
    else:
        out.rows = qs
    return out


def _holds(party: Any, words: str, user: Any) -> bool:
    """Whether a party's name or title, as `user` may read it, holds `words`: a protected name
    is never matched for someone who sees only its pseudonym."""
    folded = words.casefold()
    return any(folded in redact(text or "", user).casefold() for text in (party.name, party.title))


def _party_of(reader: Reader, party: Any) -> str:
    # Through the Reader: a protected signer's roster entry (their party) is not theirs to match.
    return reader.roster(party).get("party", "").casefold()


def document_types(reader: Reader) -> list[str]:
    """The kinds of the documents this reader may see: the choices of the type filter."""
    return sorted(set(reader.documents().order_by().values_list("doc_type", flat=True)))


def documents(request: HttpRequest, reader: Reader, types: list[str]) -> Filtered:
    """Documents by `type`, `year` (of the document, else of its publication) and `visibility`,
    sorted by date or by when they came in."""
    out = Filtered(reader.document_list())
    doc_type = read_choice(request, "type", {t: t for t in types}, "kind of document", out)
    year = read_year(request, out)
    visibility = read_choice(request, "visibility", dict(Visibility.choices), "visibility", out)
    sort = read_sort(request, ("-date", "date", "-added", "added"), out)
    qs = out.rows
    assert isinstance(qs, QuerySet)
    if doc_type:
        qs = qs.filter(doc_type=doc_type)
    if year:
        qs = qs.filter(Q(doc_date__startswith=year) | Q(doc_date__isnull=True, published__startswith=year))
    if visibility:
        qs = qs.filter(visibility=visibility)
    if sort.endswith("added"):
        qs = qs.order_by("ingested_at" if sort == "added" else "-ingested_at", "pk")
    elif sort == "date":
        qs = qs.order_by(F("doc_date").asc(nulls_last=True), "ingested_at", "pk")
    out.rows = qs
    return out


INSTRUMENT_SORTS = ("name", "-name", "kind", "-kind", "adopted", "-adopted", "-mentions", "mentions")


def instruments(request: HttpRequest, rows: list[dict[str, Any]], others: list[dict[str, Any]]) -> Filtered:
    """The legal instruments of the reference data (`rows`: {"inst", "mentions"}) sorted by any
    column (`sort`; by name unless the URL says); those only the documents name (`others`:
    {"i", "mentions"}, sorted in place) by mentions when the list is, else by name."""
    out = Filtered(rows)
    sort = read_sort(request, INSTRUMENT_SORTS, out)
    key = sort.lstrip("-")

    def value(r: dict[str, Any]) -> tuple[Any, ...]:
        inst = r["inst"]
        by_name = inst.name.casefold()
        if key == "kind":
            return (inst.kind or "", by_name)
        if key == "adopted":
            return (inst.adopted or "", by_name)
        if key == "mentions":
            return (r["mentions"], by_name)
        return (by_name,)

    out.rows = sorted(rows, key=value, reverse=sort.startswith("-"))
    by_mentions = key == "mentions"
    others.sort(
        key=lambda o: (o["mentions"], o["i"].name.casefold()) if by_mentions else (o["i"].name.casefold(),),
        reverse=by_mentions and sort.startswith("-"),
    )
    return out


def actors(request: HttpRequest, reader: Reader) -> Filtered:
    """Actors by `kind` and `name` (words of the name or an alias as the reader may read them),
    sorted by name or by how many statements name them. A protected name is never listed to a
    reader who sees only its pseudonym: not in the rows, so neither sorted nor matched."""
    out = Filtered(reader.actor_list())
    kind = read_choice(request, "kind", ACTOR_KINDS, "kind of actor", out)
    name = read_text(request, "name")
    out.values["name"] = name
    sort = read_sort(request, ("name", "-name", "-mentions", "mentions"), out)
    qs = out.rows
    assert isinstance(qs, QuerySet)
    if kind:
        qs = qs.filter(kind=kind)
    by_name = Lower("name").desc() if sort == "-name" else Lower("name").asc()
    if sort.endswith("mentions"):
        qs = qs.order_by(F("mentions").desc() if sort == "-mentions" else F("mentions").asc(), by_name, "pk")
    else:
        qs = qs.order_by(by_name, "pk")
    user, folded = user_of(reader), name.casefold()

    def listed(actor: Any) -> bool:
        if shown_to(actor.name, user, reader) != actor.name:
            return False
        names = [actor.name, *(shown_to(a, user, reader) for a in actor.aliases or [])]
        return not folded or any(folded in n.casefold() for n in names)

    out.rows = [a for a in qs if listed(a)]
    return out


@dataclass
class Member:
    """A Member of Congress who signed letters this reader may see, with the term of their latest."""

    leg: Legislator
    term: dict[str, str]
    letters: int
    latest: str

    @property
    def name_key(self) -> tuple[str, str, str]:
        return (fold(self.leg.last), fold(self.leg.first), self.leg.bioguide)


MEMBER_SORTS: dict[str, Callable[[Member], Any]] = {
    "letters": lambda m: m.letters,
    "name": lambda m: m.name_key,
    "state": lambda m: m.term.get("state", ""),
    "party": lambda m: m.term.get("party", ""),
    "latest": lambda m: m.latest,
}


def members(request: HttpRequest, reader: Reader) -> Filtered:
    """Members who signed letters the reader may see, by `party`, `state` and `chamber` (of the
    term of their latest letter) and `name`, sorted by any column. A member whose name is
    protected (as the roster or a letter writes it) is never listed to a reader who may not see
    it: not in the rows, so neither sorted, counted in a choice nor matched."""
    user = user_of(reader)
    by_member: dict[int, list[LetterParty]] = defaultdict(list)
    for p in reader.signatures():
        by_member[p.legislator_id].append(p)
    rows: list[Member] = []
    for signed in by_member.values():
        leg = signed[0].legislator
        names = {str(leg), *(p.name for p in signed)}
        if any(shown_to(n, user, reader) != n for n in names):
            continue
        dates = [p.letter.date for p in signed if p.letter.date]
        latest = max(dates) if dates else ""
        rows.append(Member(leg, term_of(leg, latest or None), len({p.letter_id for p in signed}), latest))
    out = Filtered(rows)
    party = read_choice(request, "party", PARTIES, "party", out)
    out.choices["state"] = sorted({m.term["state"] for m in rows if m.term.get("state")})
    state = read_choice(
        request, "state", {s: s for s in out.choices["state"]}, "state of a listed member", out
    )
    chamber = read_choice(request, "chamber", CHAMBERS, "chamber", out)
    name = read_text(request, "name")
    out.values["name"] = name
    sort = read_sort(
        request,
        ("-letters", "letters", "name", "-name", "state", "-state", "party", "-party", "-latest", "latest"),
        out,
    )
    folded = fold(name)

    def kept(m: Member) -> bool:
        said = " ".join(fold(x) for x in (str(m.leg), m.leg.nickname, m.leg.first, m.leg.last))
        return (
            (not party or m.term.get("party", "").casefold() == party)
            and (not state or m.term.get("state") == state)
            and (not chamber or m.term.get("chamber") == chamber)
            and (not folded or folded in said)
        )

    listed = sorted((m for m in rows if kept(m)), key=lambda m: m.name_key)
    key = MEMBER_SORTS[sort.lstrip("-")]
    # Unknown values last either way; ties stay in name order (the sort is stable).
    known = [m for m in listed if key(m) not in ("", None)]
    known.sort(key=key, reverse=sort.startswith("-"))
    out.rows = known + [m for m in listed if key(m) in ("", None)]
    return out
