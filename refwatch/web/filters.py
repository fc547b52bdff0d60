"""Filters and sorting of the list pages (incidents, letters, documents, figures, actors, Members
of Congress), read from the URL so
that a filtered list can be shared. A value that makes no sense is said on the page and left out,
never an error; the querysets filtered here are the Reader's (refwatch.knowledge.queries)."""

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
from refwatch.knowledge.models import Actor, Incident, Legislator, LetterParty, Visibility
from refwatch.knowledge.queries import Reader
from refwatch.knowledge.roster import fold
from refwatch.knowledge.terms import term_of
from refwatch.protection.names import redact

_COUNT = re.compile(r"^[0-9]{1,9}$")
_YEAR = re.compile(r"^[0-9]{4}$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
AGREEMENT = {"conflict": "sources disagree", "corroborated": "corroborated", "single": "one source"}
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

    @property
    def query(self) -> str:
        """The list's query without page and sort: `?{{ query }}sort=…&page=…`."""
        params = urlencode({k: v for k, v in self.values.items() if v})
        return f"{params}&" if params else ""

    @property
    def active(self) -> bool:
        return any(self.values.values())


def _text(request: HttpRequest, key: str, limit: int = 100) -> str:
    return str(request.GET.get(key, "")).strip()[:limit]


def _date(request: HttpRequest, key: str, label: str, out: Filtered) -> str | None:
    value = _text(request, key, 20)
    out.values[key] = value if _DATE.match(value) else ""
    if value and not _DATE.match(value):
        out.notes.append(f"“{value}” is not a date (YYYY, YYYY-MM or YYYY-MM-DD): {label} was left out.")
        return None
    return value or None


def _number(request: HttpRequest, key: str, label: str, out: Filtered) -> int | None:
    value = _text(request, key, 20)
    out.values[key] = value if _COUNT.match(value) else ""
    if value and not _COUNT.match(value):
        out.notes.append(f"“{value}” is not a whole number: {label} was left out.")
        return None
    return int(value) if value else None


def _year(request: HttpRequest, out: Filtered) -> str | None:
    value = _text(request, "year", 20)
    out.values["year"] = value if _YEAR.match(value) else ""
    if value and not _YEAR.match(value):
        out.notes.append(f"“{value}” is not a year: the year filter was left out.")
        return None
    return value or None


def _choice(request: HttpRequest, key: str, choices: dict[str, str], label: str, out: Filtered) -> str | None:
    value = _text(request, key, 40)
    out.values[key] = value if value in choices else ""
    if value and value not in choices:
        out.notes.append(f"“{value}” is not a {label}: that filter was left out.")
        return None
    return value or None


def _sort(request: HttpRequest, allowed: tuple[str, ...], out: Filtered) -> str:
    value = _text(request, "sort", 20)
    out.sort = value if value in allowed else allowed[0]
    return out.sort


def _last_day(end: str) -> str:
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


def _place(request: HttpRequest, out: Filtered) -> str | None:
    value = _text(request, "place", 80)
    name = _PLACE_NAMES.get(value.casefold()) if value else None
    out.values["place"] = name or ""
    if value and not name:
        out.notes.append(f"“{value}” is no place of the gazetteer: the place filter was left out.")
    return name


def incidents(request: HttpRequest, reader: Reader) -> Filtered:
    """Incidents by date range (`from`, `to`), count range (`min`, `max`), `place` (a place of the
    gazetteer a statement names), `source` (a word of the source a statement attributes it to, or
    of its document's title) and `agreement`."""
    out = Filtered(reader.incidents(texts=False))
    start = _date(request, "from", "the start date", out)
    end = _date(request, "to", "the end date", out)
    low = _number(request, "min", "the smallest count", out)
    high = _number(request, "max", "the largest count", out)
    place = _place(request, out)
    source = _text(request, "source")
    out.values["source"] = source
    agreement = _choice(request, "agreement", AGREEMENT, "kind of agreement", out)
    sort = _sort(request, ("date", "-date", "count", "-count"), out)
    qs = out.rows
    assert isinstance(qs, QuerySet)
    if start:
        qs = qs.filter(Q(date_end__gte=start) | Q(date_end__isnull=True, date_start__gte=start))
    if end:
        qs = qs.filter(date_start__lte=_last_day(end))
    if low is not None:
        qs = qs.filter(count__gte=low)
    if high is not None:
        qs = qs.filter(count__lte=high)
    if place:
        qs = reader.at_place(qs, place)
    if source:
        said = reader.live_statements(incident__isnull=False).filter(
            Q(record__attributed_to__icontains=source) | Q(document__in=_titled(reader, source))
        )
        qs = qs.filter(pk__in=said.values("incident"))
    field_name = "count" if sort.endswith("count") else "date_start"
    order = (
        F(field_name).desc(nulls_last=True) if sort.startswith("-") else F(field_name).asc(nulls_last=True)
    )
    qs = qs.order_by(order, "pk")
    if agreement:
        out.rows = [i for i in qs if _agreement(i) == agreement]
    else:
        out.rows = qs
    return out


def _titled(reader: Reader, words: str) -> list[int]:
    """The documents this reader may see whose title, as they may read it, holds `words` (titles
    are sealed in a confidential document: read, not queried; a protected name in a title matches
    only by its pseudonym for whom may not see it)."""
    folded = words.casefold()
    user = _user(reader)
    return [
        d.pk
        for d in reader.documents().only("pk", "title", "visibility")
        if folded in _shown(d.title or "", user, reader).casefold()
    ]


def _user(reader: Reader) -> Any:
    return None if reader.is_system else reader.user


def _shown(text: str, user: Any, reader: Reader) -> str:
    """`text` as this reader may read it (the system reads everything as it is)."""
    return text if reader.is_system else redact(text, user)


def _agreement(incident: Incident) -> str:
    if incident.conflicts():
        return "conflict"
    return "corroborated" if incident.source_count() > 1 else "single"


def letters(request: HttpRequest, reader: Reader) -> Filtered:
    """Letters by `recipient` and `signer` (words of a name or title, as the reader may see it: a
    protected name matches only by its pseudonym), `chamber` and `party` of a signer (the party
    the roster gives them on the letter's date), `year`, sorted by date."""
    # A list shows none of the documents' text (a page of letters would read megabytes of it).
    out = Filtered(reader.letters(texts=False))
    recipient = _text(request, "recipient")
    signer = _text(request, "signer")
    out.values["recipient"], out.values["signer"] = recipient, signer
    chamber = _choice(request, "chamber", CHAMBERS, "chamber", out)
    party = _choice(request, "party", PARTIES, "party", out)
    year = _year(request, out)
    sort = _sort(request, ("-date", "date"), out)
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


def selection(request: HttpRequest, reader: Reader, kind: str) -> list[int] | None:
    """The ids a list page shows for this query, in its order, for an export of what it lists;
    None when the query neither filters nor sorts it (the export is then the whole list)."""
    if kind == "incidents":
        listed = incidents(request, reader)
    elif kind == "figures":
        listed = figures(request, reader)
    elif kind == "letters":
        listed = letters(request, reader)
    elif kind == "documents":
        listed = documents(request, reader, document_types(reader))
    else:
        return None
    if not listed.active and request.GET.get("sort") != listed.sort:
        return None
    rows = listed.rows.values_list("pk", flat=True) if isinstance(listed.rows, QuerySet) else listed.rows
    return [r if isinstance(r, int) else r.pk for r in rows]


def documents(request: HttpRequest, reader: Reader, types: list[str]) -> Filtered:
    """Documents by `type`, `year` (of the document, else of its publication) and `visibility`,
    sorted by date or by when they came in."""
    out = Filtered(reader.document_list())
    doc_type = _choice(request, "type", {t: t for t in types}, "kind of document", out)
    year = _year(request, out)
    visibility = _choice(request, "visibility", dict(Visibility.choices), "visibility", out)
    sort = _sort(request, ("-date", "date", "-added", "added"), out)
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


def figures(request: HttpRequest, reader: Reader) -> Filtered:
    """Figures by `year` (a document of that year that says it), `place` (a place of the gazetteer
    a statement names, as the reader may see it) and `source` (words of whom it is attributed to,
    or of its documents' titles, as the reader may read them), sorted by quantity or by the date
    it was first said (`said_on`, refwatch.knowledge.queries.Reader.figure_list)."""
    out = Filtered(reader.figure_list())
    year = _year(request, out)
    place = _place(request, out)
    source = _text(request, "source")
    out.values["source"] = source
    sort = _sort(request, ("-quantity", "quantity", "-date", "date"), out)
    qs = out.rows
    assert isinstance(qs, QuerySet)
    if year:
        qs = qs.filter(pk__in=reader.figures_said_in(year))
    if place:
        qs = reader.at_place(qs, place)
    field_name = "quantity" if sort.endswith("quantity") else "said_on"
    order = (
        F(field_name).desc(nulls_last=True) if sort.startswith("-") else F(field_name).asc(nulls_last=True)
    )
    qs = qs.order_by(order, "pk")
    if source:
        # Attributions and titles can name a protected person: matched as the reader reads them.
        user, folded = _user(reader), source.casefold()
        titled = set(_titled(reader, source))

        def said_by(fig: Any) -> bool:
            return folded in _shown(fig.attributed_to or "", user, reader).casefold() or any(
                st.document_id in titled for st in reader.statements_for(fig)
            )

        out.rows = [fig for fig in qs if said_by(fig)]
    else:
        out.rows = qs
    return out


INSTRUMENT_SORTS = ("name", "-name", "kind", "-kind", "adopted", "-adopted", "-mentions", "mentions")


def instruments(request: HttpRequest, rows: list[dict[str, Any]], others: list[dict[str, Any]]) -> Filtered:
    """The legal instruments of the reference data (`rows`: {"inst", "mentions"}) sorted by any
    column (`sort`; by name unless the URL says); those only the documents name (`others`:
    {"i", "mentions"}, sorted in place) by mentions when the list is, else by name."""
    out = Filtered(rows)
    sort = _sort(request, INSTRUMENT_SORTS, out)
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
    kind = _choice(request, "kind", ACTOR_KINDS, "kind of actor", out)
    name = _text(request, "name")
    out.values["name"] = name
    sort = _sort(request, ("name", "-name", "-mentions", "mentions"), out)
    qs = out.rows
    assert isinstance(qs, QuerySet)
    if kind:
        qs = qs.filter(kind=kind)
    by_name = Lower("name").desc() if sort == "-name" else Lower("name").asc()
    if sort.endswith("mentions"):
        qs = qs.order_by(F("mentions").desc() if sort == "-mentions" else F("mentions").asc(), by_name, "pk")
    else:
        qs = qs.order_by(by_name, "pk")
    user, folded = _user(reader), name.casefold()

    def listed(actor: Any) -> bool:
        if _shown(actor.name, user, reader) != actor.name:
            return False
        names = [actor.name, *(_shown(a, user, reader) for a in actor.aliases or [])]
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
    user = _user(reader)
    by_member: dict[int, list[LetterParty]] = defaultdict(list)
    for p in reader.signatures():
        by_member[p.legislator_id].append(p)
    rows: list[Member] = []
    for signed in by_member.values():
        leg = signed[0].legislator
        names = {str(leg), *(p.name for p in signed)}
        if any(_shown(n, user, reader) != n for n in names):
            continue
        dates = [p.letter.date for p in signed if p.letter.date]
        latest = max(dates) if dates else ""
        rows.append(Member(leg, term_of(leg, latest or None), len({p.letter_id for p in signed}), latest))
    out = Filtered(rows)
    party = _choice(request, "party", PARTIES, "party", out)
    out.choices["state"] = sorted({m.term["state"] for m in rows if m.term.get("state")})
    state = _choice(request, "state", {s: s for s in out.choices["state"]}, "state of a listed member", out)
    chamber = _choice(request, "chamber", CHAMBERS, "chamber", out)
    name = _text(request, "name")
    out.values["name"] = name
    sort = _sort(
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
