"""The asks tracker: every ask of the letters a reader may see, to whom and when it was made, what
became of it over time (asked again in a follow-up letter, an outcome a later letter reports) and
the source of each step, linked to its words.

An ask is followed into the letters that follow its letter up (the same campaign): the follow-up's
ask that shares the most words with it, when they share at least half of their words, is the same
ask made again. An outcome is what a letter says became of the asks of the letters it follows up
or names (`follows_up`, resolved references), so it is told against each of them.
Everything is read through the Reader, in a fixed number of queries whatever the record holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from refwatch.knowledge.models import Ask, Letter
from refwatch.knowledge.queries import Reader
from refwatch.protection.names import redact
from refwatch.web.filters import Filtered
from refwatch.web.views import PAGE_SIZE, public_read, span_url

SAME_ASK = 0.5  # the share of their words two asks of one campaign have in common to be one ask
_WORD = re.compile(r"[a-z0-9]+")
_COMMON = frozenset(
    "a an the to of and or for in on at by with from as its their your our his her all any these "
    "this that those who which be is are was were has have had will would should must not no "
    "urge urges ask asks you we us it them also further continue s".split()
)
OPEN = "open"


@dataclass
class Step:
    """One moment of an ask's life: made, made again, or an outcome a letter reports."""

    date: str
    what: str  # "asked", "asked again", or the outcome's status ("denied", "reported")
    letter: Letter
    url: str | None  # the words of the step in its document
    text: str = ""  # the ask as worded again, or the outcome as reported


@dataclass
class Tracked:
    ask: Ask
    text: str
    target: str
    letter: Letter
    url: str | None
    steps: list[Step] = field(default_factory=list)
    words: frozenset[str] = frozenset()

    @property
    def status(self) -> str:
        outcomes = [s.what for s in self.steps if s.what not in ("asked", "asked again")]
        return outcomes[-1] if outcomes else OPEN

    @property
    def outcome(self) -> Step | None:
        return next((s for s in reversed(self.steps) if s.what not in ("asked", "asked again")), None)

    @property
    def latest(self) -> str:
        return self.steps[-1].date if self.steps else ""


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(text.casefold()) if w not in _COMMON and len(w) > 1)


def _likeness(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


class _Shown:
    """Sealed and protected text as this reader may read it, against its letter's whole text."""

    def __init__(self, user: Any) -> None:
        self.user = user

    def __call__(self, text: str, letter: Letter) -> str:
        doc = letter.document
        if doc is None:
            return redact(text or "", self.user)
        return redact(text or "", self.user, doc.text, about=doc.confidential)


def track(reader: Reader) -> list[Tracked]:
    """Every ask the reader may see, oldest letter first, each with its steps."""
    user = None if reader.is_system else reader.user
    shown = _Shown(user)
    letters = list(reader.letters().select_related("document").order_by(F("date").asc(nulls_last=True), "pk"))
    by_pk = {x.pk: x for x in letters}
    asks = [a for x in letters for a in x.asks.all()]
    firsts = _first_spans(reader, "ask", [a.pk for a in asks])
    outcomes = list(reader.outcomes(letter__in=list(by_pk)))
    outcome_spans = _first_spans(reader, "outcome", [o.pk for o in outcomes])
    # The earlier letters each letter answers: the one it follows up and those it names.
    answers: dict[int, set[int]] = {x.pk: {x.follows_up_id} - {None} for x in letters}
    for ref in reader.references(letter__in=list(by_pk), resolved__isnull=False):
        answers.setdefault(ref.letter_id, set()).add(ref.resolved_id)

    tracked: list[Tracked] = []
    by_letter: dict[int, list[Tracked]] = {}
    for letter in letters:
        made = [
            Tracked(
                ask=a,
                text=shown(a.text, letter),
                target=shown(a.target, letter),
                letter=letter,
                url=firsts.get(a.pk),
                words=_words(a.text),
            )
            for a in letter.asks.all()
        ]
        earlier = [t for t in tracked if t.letter.campaign_id and t.letter.campaign_id == letter.campaign_id]
        again = _pairs(made, earlier)
        here: list[Tracked] = []
        for t in made:
            if t.ask.pk in again:
                thread = again[t.ask.pk]
                thread.steps.append(Step(letter.date or "", "asked again", letter, t.url, t.text))
                here.append(thread)
            else:
                t.steps.append(Step(letter.date or "", "asked", letter, t.url))
                tracked.append(t)
                here.append(t)
        by_letter[letter.pk] = here
    for o in outcomes:
        letter = by_pk[o.letter_id]
        told = shown(o.text, letter)
        # An ask made in two of the letters answered is told of the outcome once.
        threads = {id(t): t for pk in sorted(answers.get(letter.pk, ())) for t in by_letter.get(pk, [])}
        for t in threads.values():
            t.steps.append(
                Step(letter.date or "", o.status or "reported", letter, outcome_spans.get(o.pk), told)
            )
    for t in tracked:
        t.steps.sort(key=lambda s: (s.date or "9999", s.letter.pk))
    return tracked


def _pairs(made: list[Tracked], earlier: list[Tracked]) -> dict[int, Tracked]:
    """Each new ask that is an earlier one made again (best likeness first, each at most once)."""
    scored = sorted(
        ((_likeness(m.words, e.words), m.ask.pk, e) for m in made for e in earlier),
        key=lambda x: -x[0],
    )
    found: dict[int, Tracked] = {}
    taken: set[int] = set()
    for score, pk, thread in scored:
        if score < SAME_ASK:
            break
        if pk in found or thread.ask.pk in taken:
            continue
        found[pk] = thread
        taken.add(thread.ask.pk)
    return found


def _first_spans(reader: Reader, field_name: str, pks: list[int]) -> dict[int, str]:
    """The words of each record in its document, in one query."""
    firsts: dict[int, str] = {}
    said = reader.live_statements(**{f"{field_name}__in": pks}).order_by("start", "pk")
    for st in said.select_related("document"):
        firsts.setdefault(getattr(st, f"{field_name}_id"), span_url(st))
    return firsts


SORTS = ("date", "-date", "latest", "-latest")


def _filtered(request: HttpRequest, tracked: list[Tracked]) -> Filtered:
    """By `to` (words of whom it was asked of, as the reader may read them) and `status`."""
    out = Filtered(tracked)
    to = str(request.GET.get("to", "")).strip()[:100]
    out.values["to"] = to
    statuses = sorted({t.status for t in tracked} | {OPEN})
    status = str(request.GET.get("status", "")).strip()[:40]
    out.values["status"] = status if status in statuses else ""
    if status and status not in statuses:
        out.notes.append(f"“{status}” is not a status of any ask: that filter was left out.")
        status = ""
    sort = str(request.GET.get("sort", ""))
    out.sort = sort if sort in SORTS else SORTS[0]
    rows = [
        t
        for t in tracked
        if (not to or to.casefold() in t.target.casefold()) and (not status or t.status == status)
    ]
    key = (lambda t: t.latest or "0") if out.sort.endswith("latest") else (lambda t: t.letter.date or "0")
    rows.sort(key=key, reverse=out.sort.startswith("-"))
    out.rows = rows
    return out


@public_read
@require_GET
def asks(request: HttpRequest) -> HttpResponse:
    tracked = track(Reader.for_user(request.user))
    listed = _filtered(request, tracked)
    page = Paginator(listed.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/asks.html",
        {
            "page": page,
            "listed": listed,
            "sort": listed.sort,
            "statuses": sorted({t.status for t in tracked} | {OPEN}),
            "letters_url": reverse("web:letters"),
        },
    )
