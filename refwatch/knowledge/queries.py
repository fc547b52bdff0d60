"""The one door to read the record: a Reader, made for a user (or explicitly the public or the
system), through which every page, API route, command and output reads documents, statements
and facts, and which gives only what that reader may see.

    reader = Reader.for_user(request.user)
    for incident in reader.incidents(date_start__gte="2023"):
        for st in reader.statements_for(incident): ...

The rules are those of refwatch.knowledge.access: anonymous readers (public mode) see public
records; any role sees public and internal ones; confidential records need the protection
officer role or a grant. A document's visibility governs its statements; a fact is seen by its
own visibility (as open as its most open live statement, kept so by merge), a confidential one
also through a granted document that supports it; and its statements are always prefetched through the same filter, so that a fact read here never
carries evidence its reader may not see (`Fact.live_statements()` refuses a fact that was not).

Writers (merge, store, review) read the rows they change directly: they are not readers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from refwatch.extract.gazetteer import PLACES
from refwatch.knowledge import access, pseudonyms, workers
from refwatch.knowledge import search as full_text
from refwatch.knowledge.models import (
    FACT_FIELDS,
    SEEN_STATEMENTS,
    VISIBILITY_ORDER,
    Actor,
    Ask,
    Campaign,
    Commitment,
    Document,
    Fact,
    Figure,
    Incident,
    Instrument,
    Legislator,
    Letter,
    LetterParty,
    LetterReference,
    Outcome,
    Review,
    Statement,
    StateParty,
    Upload,
    Visibility,
    WatchedItem,
    WatchedSource,
    WatchPoll,
)
from refwatch.knowledge.places import statement_places
from refwatch.knowledge.ranges import CountRange, range_columns
from refwatch.roles import ANALYST, PROTECTION_OFFICER, ROLES, has_role, roles_of

F_ = TypeVar("F_", bound=Fact)
M = TypeVar("M", bound=Model)
# A fact that carries places (Incident.places, Figure.places).
P_ = TypeVar("P_", Incident, Figure)

# Review states of a statement that still supports its fact, and of one a person has checked.
LIVE = frozenset({Review.SUGGESTED, Review.ACCEPTED, Review.EDITED})
VERIFIED = frozenset({Review.ACCEPTED, Review.EDITED})

# Kinds of statement that name a thing rather than state a fact (left out of what is new).
MENTIONS = frozenset({Statement.Kind.ACTOR, Statement.Kind.INSTRUMENT, Statement.Kind.DATE})

# The gazetteer's order of places (provinces before their cities), by name: Reader.shown_places.
_PLACE_ORDER = {name: i for i, name in enumerate(PLACES)}

# The columns of a statement that a row of a list of facts reads (Reader.facts(evidence=False)):
# its document's id (documents counted, sources told apart), its review (live, verified), its
# values (counts, attributions: sources and their agreement), and its place in its document (the
# order statements are read in); never its quote, its document or its sealed reading of places.
LISTED_COLUMNS = ("id", "document_id", "kind", "start", "end", "review", "record", "edited", "visibility")

# The facts a statement links to that have a select_related path (for fact_place).
_PART_FIELDS = ("party", "ask", "reference", "commitment", "outcome")

# The kinds of part of a letter that many letters have none of, as an annotation of a letter
# (Reader.letter_record): whether it has any row of that kind at all, shown or not.
_SOMETIMES_MISSING = (Ask, LetterReference, Commitment, Outcome)


def _any_part(model: type[Model]) -> str:
    return f"any_{model._meta.model_name}"


# Whether a letter is followed up by any other, whoever may see it, read with the letter the same
# way: nine letters in ten name no other (Reader.letter_links).
_ANY_FOLLOW_UP = "any_follow_up"

_LETTER_HAS_ANY = {
    **{_any_part(model): Exists(model.objects.filter(letter=OuterRef("pk"))) for model in _SOMETIMES_MISSING},
    _ANY_FOLLOW_UP: Exists(Letter.objects.filter(follows_up=OuterRef("pk"))),
}

# The order of the parties of letters read with them (LetterParty's own, within each letter).
# Ordered by `letter` (Letter's own ordering, by date), every query of the parts of a page of
# letters joined the letters to sort by their date, which a prefetch does not need; asks too.
_PARTIES_IN_LETTER = ("letter_id", "role", "position", "pk")


class Reader:
    """Who is reading, and the querysets of what they may see."""

    def __init__(self, user: Any = None, *, system: bool = False) -> None:
        self.user = user
        self.is_system = system
        # Letters this reader was found to see or not (letter_id), so that a list asks once.
        self._letter_seen: dict[int, bool] = {}
        self._reads_sealed: bool | None = None
        # The visibility rule of each (model, through) for this reader, built once a reader:
        # a page asks for it in tens of queries (see rule()).
        self._rules: dict[tuple[type[Model], str], Q | None] = {}
        self._grants: dict[int, list[int]] | None = None
        # Whether a name is withheld from this reader (roster()), by name.
        self._withheld: dict[str, bool] = {}
        self._place_visibilities: tuple[str, ...] | None = None

    def __repr__(self) -> str:
        if self.is_system:
            return "Reader.system()"
        return "Reader.public()" if self.is_public else f"Reader.for_user({self.user!r})"

    # --- who --------------------------------------------------------------------------------

    @classmethod
    def for_user(cls, user: Any) -> Reader:
        """The reader a request or a command acts for; an anonymous user reads as the public."""
        return cls(user)

    @classmethod
    def public(cls) -> Reader:
        """What anyone may read in public mode: public records only."""
        return cls(None)

    @classmethod
    def system(cls) -> Reader:
        """Everything, for the machinery that must (backups, integrity checks): never for a person."""
        return cls(None, system=True)

    @property
    def is_public(self) -> bool:
        return not self.is_system and not roles_of(self.user)

    @property
    def roles(self) -> set[str]:
        return set(ROLES) if self.is_system else roles_of(self.user)

    def may(self, *roles: str) -> bool:
        """True when the reader has one of `roles` (admin implies every role)."""
        return self.is_system or has_role(self.user, *roles)

    @property
    def reads_sealed(self) -> bool:
        """Whether this reader may read some confidential document (by role or a grant): asked
        once a reader. Only a shortcut for those who may not (nothing sealed to open for them):
        who may is still filtered document by document."""
        if self._reads_sealed is None:
            self._reads_sealed = self.is_system or access.may_open_any(
                Document, self.user, grants=self.grants
            )
        return self._reads_sealed

    def visible(self, queryset: QuerySet[M]) -> QuerySet[M]:
        """`queryset` cut to the records of a model with a `visibility` this reader may see."""
        if self.is_system:
            return queryset
        rule = self.rule(queryset.model)
        return queryset if rule is None else queryset.filter(rule)

    def rule(self, model: type[Model], through: str = "") -> Q | None:
        """access.visible_q for this reader (who is never the system), kept for the reader's life:
        a Reader is made for one request or one command, as its other answers are."""
        key = (model, through)
        if key not in self._rules:
            self._rules[key] = access.visible_q(model, self.user, through=through, grants=self.grants)
        return self._rules[key]

    @property
    def grants(self) -> dict[int, list[int]]:
        """The confidential records opened to this reader by a grant (to them or a group of theirs),
        ids by content type; none for a reader without a role, whom grants do not open anything,
        and none for a protection officer, to whom everything is open."""
        if self._grants is None:
            # A protection officer sees every confidential record: a grant opens nothing more.
            opens = self.roles and not self.is_system and not self.may(PROTECTION_OFFICER)
            self._grants = access.grants_of(self.user) if opens else {}
        return self._grants

    # --- documents and statements ---------------------------------------------------------

    def documents(self, **filters: Any) -> QuerySet[Document]:
        return self.visible(Document.objects.filter(**filters))

    def document(self, pk: Any) -> Document | None:
        return _one(self.documents(), pk)

    def document_list(self, **filters: Any) -> QuerySet[Document]:
        """Documents for a list: without their text, with `facts` (how many live statements this
        reader may see in each), newest first."""
        # A document's statements are seen with it: counted without their own flag.
        live = (
            Statement.objects.filter(document=OuterRef("pk"))
            .exclude(review=Review.REJECTED)
            .order_by()
            .values("document")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            self.documents(**filters)
            .defer("text")
            .annotate(facts=Coalesce(Subquery(live), 0))
            .order_by(F("doc_date").desc(nulls_last=True), "-ingested_at", "-pk")
        )

    def uploads(self, ids: Iterable[int] | None = None) -> QuerySet[Upload]:
        """The files this reader handed in to be read in the background, newest first: their own
        only (a file's name, queued or refused, says no less than its document would)."""
        if self.is_system:
            found = Upload.objects.all()
        elif self.user is None or not getattr(self.user, "pk", None) or self.is_public:
            return Upload.objects.none()
        else:
            found = Upload.objects.filter(by=self.user)
        if ids is not None:
            found = found.filter(pk__in=list(ids))
        return found.select_related("document")

    def new_documents(self, since: datetime) -> QuerySet[Document]:
        """The documents this reader may see that were added after `since`, newest first."""
        return self.documents(ingested_at__gt=since).defer("text").order_by("-ingested_at", "-pk")

    def new_facts(self, since: datetime) -> QuerySet[Statement]:
        """The live statements of facts (not mere mentions of a name, a treaty or a date) in the
        documents this reader may see that were added after `since`: returns (repatriations)
        first, then the newest document first, in the order of its text. Under the setting
        REFWATCH_VERIFIED_ONLY a reader who is not an analyst gets only verified ones."""
        qs = self.live_statements(document__ingested_at__gt=since).exclude(kind__in=MENTIONS)
        if self.verified_only:
            qs = qs.filter(review__in=VERIFIED)
        returns_first = Case(
            When(kind=Statement.Kind.REPATRIATION, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return qs.annotate(returns_first=returns_first).order_by(
            "returns_first", "-document__ingested_at", "document_id", "start", "pk"
        )

    def watched_sources(self) -> QuerySet[WatchedSource]:
        """The watched sources, for analysts (who add documents) and admins: a source whose
        documents are confidential only for those who may read every confidential record (its
        poll log names their addresses)."""
        if not self.may(ANALYST):
            return WatchedSource.objects.none()
        sources = WatchedSource.objects.all()
        if not self.may(PROTECTION_OFFICER):
            sources = sources.exclude(visibility=Visibility.CONFIDENTIAL)
        return sources.order_by("name", "url")

    def watched_source(self, pk: Any) -> WatchedSource | None:
        return _one(self.watched_sources(), pk)

    def workers(self) -> workers.Liveness | None:
        """How many processes reading the queue are alive and when one last beat, for analysts
        and admins (who see the watched sources and the uploads wait on them); None for others."""
        if not self.may(ANALYST):
            return None
        return workers.liveness()

    def watch_retries(self, *, limit: int = 100) -> list[WatchedItem]:
        """The items of the sources this reader may see whose fetch failed for a passing reason:
        those waiting to be tried again (the next first), then those refused after several
        attempts or dropped (no longer listed while they waited), the latest first; each with its
        attempts and last error."""
        rows = WatchedItem.objects.filter(source__in=self.watched_sources()).select_related("source")
        waiting = rows.filter(status=WatchedItem.Status.WAITING).order_by("next_try_at", "pk")
        given_up = rows.filter(
            Q(status=WatchedItem.Status.REFUSED, attempts__gt=1) | Q(status=WatchedItem.Status.DROPPED)
        ).order_by("-pk")
        return [*waiting[:limit], *given_up[:limit]]

    def watch_polls(self, source: WatchedSource, *, limit: int = 20) -> list[WatchPoll]:
        """The last polls of a source this reader may see, newest first."""
        if self.watched_source(source.pk) is None:
            return []
        return list(WatchPoll.objects.filter(source=source).order_by("-finished_at", "-id")[:limit])

    def statements(self, **filters: Any) -> QuerySet[Statement]:
        """Statements this reader may see (those of the documents they may see), with their
        document and the letter parts that place them on a page."""
        qs = Statement.objects.filter(**filters)
        if not self.is_system:
            # The document governs: a grant of a document opens its statements with it.
            rule = self.rule(Statement, through="document")
            if rule is not None:
                qs = qs.filter(rule)
        return qs.select_related("document", *_PART_FIELDS)

    def statement(self, pk: Any) -> Statement | None:
        return _one(self.statements(), pk)

    def live_statements(self, **filters: Any) -> QuerySet[Statement]:
        return self.statements(**filters).exclude(review=Review.REJECTED)

    def live_statements_within(self, spans: Iterable[tuple[int, int, int]]) -> QuerySet[Statement]:
        """The live statements this reader may see that overlap one of `spans` (document id,
        start, end: the passages a search shows), in the order of their text, with the letter
        parts that place them (`fact_place`) but not their documents, which the caller has read
        (a page of hits would otherwise read each document's text again with each statement)."""
        listed = list(spans)
        if not listed:
            return self.live_statements().none()
        # The spans as a table joined to the index of spans, rather than one OR branch each: a
        # page of 20 hits made SQLite plan 20 branches (and Django compile 60 lookups), ~6 of the
        # ~9 ms this query took at 57,000 documents. A VALUES list's columns are column1..3 on
        # both databases.
        rows = ", ".join(["(%s, %s, %s)"] * len(listed))
        within = RawSQL(
            f"SELECT s.id FROM knowledge_statement s, (VALUES {rows}) v "
            'WHERE s.document_id = v.column1 AND s.start < v.column3 AND v.column2 < s."end"',
            [value for span in listed for value in span],
        )
        return (
            self.live_statements()
            .filter(pk__in=within)
            .select_related(None)
            .select_related(*_PART_FIELDS)
            .order_by("start", "pk")
        )

    def statements_for(self, fact: Fact, *, verified: bool = False) -> list[Statement]:
        """The live statements of `fact` this reader may see, in document order; `verified`:
        only those an analyst accepted or corrected."""
        seen = getattr(fact, SEEN_STATEMENTS, None)
        if seen is None or getattr(fact, "reader", None) is not self:
            field = _fact_field(type(fact))
            seen = list(self.live_statements(**{field: fact}).order_by("document_id", "start", "pk"))
        return [s for s in seen if s.review in (VERIFIED if verified else LIVE)]

    def first_span(self, **filters: Any) -> Statement | None:
        """The first live statement matching `filters` in its document (a part's place)."""
        return self.live_statements(**filters).order_by("start", "pk").first()

    def first_of(self, fact: Fact, *, kind: str | None = None) -> Statement | None:
        """`first_span` of `fact`'s statements (of `kind` only, when given), from those read with
        it when this reader read it (`facts()` prefetches them): a page of a letter links each of
        its parts to its place without a query a part."""
        seen = getattr(fact, SEEN_STATEMENTS, None)
        if seen is None or getattr(fact, "reader", None) is not self:
            where: dict[str, Any] = {_fact_field(type(fact)): fact}
            if kind is not None:
                where["kind"] = kind
            return self.first_span(**where)
        return min(
            (s for s in seen if s.review in LIVE and (kind is None or s.kind == kind)),
            key=lambda s: (s.start, s.pk),
            default=None,
        )

    # --- facts ----------------------------------------------------------------------------

    def facts(
        self,
        model: type[F_],
        *,
        verified: bool = False,
        texts: bool = True,
        evidence: bool = True,
        **filters: Any,
    ) -> QuerySet[F_]:
        """The shown facts of `model` this reader may see, each with its statements (those this
        reader may see) prefetched: `statements_for(fact)` and `fact.live_statements()` read them.
        `verified`: only facts that a statement an analyst accepted or corrected supports.
        `texts=False`: their documents without their text (a list of facts shows none of it, and
        a page of them would otherwise read megabytes). `evidence=False`: their statements with
        the columns of `LISTED_COLUMNS` only and without their documents: what a row of a list
        reads of them (counts and sources, their agreement, whether one is verified), not the
        quotes, spans and documents a page of the fact shows."""
        # With their documents only, not the letter parts `statements()` joins for `fact_place`:
        # each statement read here supports the fact it is read with, which the prefetch sets on
        # it. Five joins more cost PostgreSQL ~4 ms to plan a query (more than the rows take to
        # read) in every fact read, a query per kind of fact on a page.
        statements = (
            self.statements()
            .select_related(None)
            .select_related("document")
            .order_by("document_id", "start", "pk")
        )
        if not evidence:
            # The same statements, the same order: at 100,000 documents a list of 50 incidents
            # built ~800 statements of 31 columns and ~800 documents, half of its time.
            statements = statements.select_related(None).only(*LISTED_COLUMNS, _fact_field(model))
        elif not texts:
            statements = statements.defer("document__text", "document__warnings")
        rows = self.fact_rows(model, verified=verified, **filters)
        return rows.prefetch_related(
            Prefetch("statements", queryset=statements, to_attr=SEEN_STATEMENTS)
        ).read_by(self)

    def fact_rows(self, model: type[F_], *, verified: bool = False, **filters: Any) -> QuerySet[F_]:
        """The shown facts of `model` this reader may see, without their statements (for counts,
        ids and links). `verified`, or a reader who is not an analyst under the setting
        REFWATCH_VERIFIED_ONLY: only facts a statement an analyst accepted or corrected supports."""
        qs = model.objects.shown().filter(**filters)
        if verified or self.verified_only:
            qs = qs.filter(pk__in=self.verified_ids(model))
        if self.is_system:
            return qs
        rule = self.rule(model)
        if rule is None:
            return qs
        if not self.reads_sealed:
            # No confidential document is open to this reader, so no statement of one could open
            # a fact: the subquery below would find none, and building it was a third of the
            # time a letter's page spent making its queries (one per part of the letter).
            return qs.filter(rule)
        # By its own visibility; and a confidential fact also through a confidential document
        # this reader may see that supports it (a grant of the document opens its facts).
        granted = self.live_statements(document__visibility=Visibility.CONFIDENTIAL).values(
            _fact_field(model)
        )
        return qs.filter(rule | Q(visibility=Visibility.CONFIDENTIAL, pk__in=granted))

    @property
    def verified_only(self) -> bool:
        """This reader sees verified facts only (the setting, for whoever is not an analyst)."""
        return bool(getattr(settings, "REFWATCH_VERIFIED_ONLY", False)) and not self.may(ANALYST)

    def verified_ids(self, model: type[Fact]) -> QuerySet[Any]:
        """The ids of the facts of `model` that a statement this reader may see, accepted or
        corrected by an analyst, supports: a fact no person has checked is not verified."""
        return self.statements(review__in=VERIFIED).values(_fact_field(model))

    def fact(self, model: type[F_], pk: Any) -> F_ | None:
        return _one(self.facts(model), pk)

    def incidents(
        self, *, verified: bool = False, texts: bool = True, evidence: bool = True, **filters: Any
    ) -> QuerySet[Incident]:
        return self.facts(Incident, verified=verified, texts=texts, evidence=evidence, **filters).order_by(
            F("date_start").asc(nulls_last=True), "pk"
        )

    def incident(self, pk: Any) -> Incident | None:
        return _one(self.incidents(), pk)

    def count_ranges(self, incidents: QuerySet[Incident]) -> dict[int, CountRange]:
        """For each of `incidents` that has any, what the live statements this reader may see say
        of its count (refwatch.knowledge.ranges): for a reader with a role (who reads every
        document that is not confidential) the summary kept on each incident, else one GROUP BY
        over the statements in clear; and the sealed ones of confidential documents this reader
        may read opened one by one."""
        live = self.live_statements(incident__in=incidents.values("pk")).select_related(None).order_by()
        counted = live.exclude(document__visibility=Visibility.CONFIDENTIAL).values("incident_id")
        if self.is_public:
            rows = counted.annotate(**range_columns()).values_list("incident_id", "low", "least", "high", "n")
        else:
            touched = _touched_by_confidential()
            kept = (
                incidents.filter(open_statements__gt=0)
                .exclude(pk__in=touched)
                .order_by()
                .values_list("pk", "open_low", "open_least", "open_high", "open_statements")
            )
            exact = (
                counted.filter(incident__in=touched)
                .annotate(**range_columns())
                .values_list("incident_id", "low", "least", "high", "n")
            )
            rows = [*kept, *exact]
        out = {pk: CountRange(low, least, high, n) for pk, low, least, high, n in rows}
        sealed = live.filter(document__visibility=Visibility.CONFIDENTIAL).only(
            "pk", "incident_id", "record", "edited", "review"
        )
        for st in sealed:
            v = st.values()
            given, least = v.get("count"), v.get("count_min")
            c = given if isinstance(given, int) and not isinstance(given, bool) else None
            low = least if c is not None and isinstance(least, int) and not isinstance(least, bool) else c
            one = CountRange(low, c, c, 1)
            out[st.incident_id] = out[st.incident_id].joined(one) if st.incident_id in out else one
        return out

    def ranged_incidents(self, incidents: QuerySet[Incident]) -> IncidentRanges:
        """`incidents` split in two for aggregates that the database computes (the overview's
        totals per period): those whose statements this reader may see are all in clear, with
        what the live statements in clear this reader may see say of each one's count (as
        `count_ranges` reads it: the summary kept on each incident for a reader with a role,
        else one GROUP BY; see IncidentRanges); and those with a sealed statement (of a
        confidential document) this reader may read, whose ranges only `count_ranges` can give
        (a few, and none for a reader who may not read confidential documents)."""
        live = self.live_statements(incident__isnull=False).select_related(None).order_by()
        sealed = live.filter(document__visibility=Visibility.CONFIDENTIAL).values("incident_id")
        counted = live.exclude(document__visibility=Visibility.CONFIDENTIAL).values("incident_id")
        exact = counted.annotate(**range_columns()).values("incident_id", "low", "least", "high")
        unsummarised = None
        if not self.is_public:
            # The summary only of incidents no confidential document speaks of (fails closed: one
            # that a write behind the knowledge layer made confidential is counted afresh).
            touched = _touched_by_confidential()
            exact = exact.filter(incident__in=touched)
            unsummarised = touched
        if not self.reads_sealed:
            return IncidentRanges(incidents, incidents.none(), exact, unsummarised)
        return IncidentRanges(
            incidents.exclude(pk__in=sealed), incidents.filter(pk__in=sealed), exact, unsummarised
        )

    def first_statements(self, incidents: QuerySet[Incident], n: int) -> list[tuple[int, int, int, str, str]]:
        """(incident, statement, document, document title, file name) of the first `n` live
        statements this reader may see of each of `incidents`, in the order of `statements_for`.

        The k-th of each incident is a subquery of its own (LIMIT 1 OFFSET k) that reads the
        incident's statements from their index in that order and stops there: the incidents an
        overview draws are the largest, with up to a hundred statements each, which a rank over
        all of them (ROW_NUMBER() OVER (PARTITION BY incident)) read and sorted, row and document
        alike (at 100,000 documents 25-30 ms for ~180 incidents). Their documents' titles are then
        read for those `n` a incident only."""
        if n <= 0:
            return []
        ordered = (
            self.live_statements(incident=OuterRef("pk"))
            .select_related(None)
            .order_by("document_id", "start", "pk")
            .values("pk")
        )
        picks = incidents.order_by().values_list(
            "pk",
            *(Subquery(ordered[k : k + 1]) for k in range(n)),  # type: ignore[arg-type]
        )
        ranked = {
            st: (incident, k) for incident, *firsts in picks for k, st in enumerate(firsts) if st is not None
        }
        if not ranked:
            return []
        rows = (
            self.live_statements(pk__in=list(ranked))
            .select_related(None)
            .values_list("pk", "document_id", "document__title", "document__filename")
        )
        found = [(*ranked[pk], pk, doc, title, filename) for pk, doc, title, filename in rows]
        return [
            (incident, pk, doc, title, filename) for incident, _, pk, doc, title, filename in sorted(found)
        ]

    # --- places of incidents ------------------------------------------------------------------

    @property
    def place_visibilities(self) -> tuple[str, ...]:
        """The visibilities of the places (Incident.places) this reader is shown: a place read only
        in a confidential document is shown to those who may read every confidential record, and
        to no one else, even when a grant opens them that document (fails closed: the place
        column does not say which document named it). Asked once a reader, as its rules are: a
        map asks it for each of thousands of incidents and figures (three reads of the roles each)."""
        if self._place_visibilities is None:
            if self.is_system or self.may(PROTECTION_OFFICER):
                self._place_visibilities = tuple(VISIBILITY_ORDER)
            elif self.is_public:
                self._place_visibilities = (Visibility.PUBLIC,)
            else:
                self._place_visibilities = (Visibility.PUBLIC, Visibility.INTERNAL)
        return self._place_visibilities

    def places_of(self, fact: Incident | Figure) -> list[str]:
        """The places of an incident or a figure this reader may see, in the gazetteer's order
        (provinces before their cities: PostgreSQL keeps no order of a JSON object's keys)."""
        return self.shown_places(fact.places)

    def places_said(self, statement: Statement, fact: Incident | Figure) -> list[str]:
        """The places `statement` names, of those this reader is shown of `fact` (`places_of`):
        where one source puts it, never a place the fact's column hides from this reader, even
        when a grant opens them the statement (the rule of `place_visibilities`)."""
        shown = set(self.places_of(fact))
        return [name for name in statement_places(statement) if name in shown]

    def shown_places(self, places: Any) -> list[str]:
        """The places of an incident's `places` column (read alone, for a map of thousands of
        incidents) this reader may see, as `places_of` gives them."""
        if not isinstance(places, dict) or not places:
            return []
        shown = self.place_visibilities
        # The few places named, in the gazetteer's order (a map asks for thousands of rows: going
        # through the whole gazetteer for each was most of the time it spent on them).
        return sorted(
            (name for name, seen in places.items() if seen in shown and name in _PLACE_ORDER),
            key=_PLACE_ORDER.__getitem__,
        )

    def at_place(self, incidents: QuerySet[P_], place: str) -> QuerySet[P_]:
        """`incidents` (or figures) cut to those naming `place` in a statement whose visibility this reader's
        places have (see `place_visibilities`). A name that is no place of the gazetteer matches
        none (and never becomes a lookup of its own: "x__contains" is no place)."""
        if place not in PLACES:
            return incidents.none()
        return incidents.filter(**{f"places__{place}__in": list(self.place_visibilities)})

    def letters(
        self,
        *,
        reported_once: bool = True,
        verified: bool = False,
        texts: bool = True,
        asks: bool = True,
        **filters: Any,
    ) -> QuerySet[Letter]:
        """Letters with their parties and asks (those this reader may see). `reported_once`: a
        reported letter known to be a stored one (`same_as`) is left out, shown as that letter.
        `texts=False`: the documents of all their statements without their text (as facts()).
        `asks=False`: without their asks, for what shows none (two queries and their rows less)."""
        qs = self.facts(Letter, verified=verified, texts=texts, **filters)
        if reported_once:
            qs = qs.filter(same_as__isnull=True)
        parties = self.parties(texts=texts).select_related("legislator").order_by(*_PARTIES_IN_LETTER)
        parts = [Prefetch("parties", queryset=parties)]
        if asks:
            parts.append(
                Prefetch("asks", queryset=self.asks(texts=texts).order_by("letter_id", "position", "pk"))
            )
        return qs.prefetch_related(*parts).order_by(F("date").desc(nulls_last=True), "pk")

    def letter(self, pk: Any, *, texts: bool = True) -> Letter | None:
        """One letter, as `letters()` reads them, with its document (whose whole text its page
        redacts its parts against). `texts=False`: the documents of its statements and of its
        parts' without their text (the letter's own document is read whole all the same): each
        statement read carried the whole text of its document again."""
        # A letter's page asks for the letter it follows up, often none: no query built for it.
        if pk is None:
            return None
        return _one(self.letters(reported_once=False, texts=texts).select_related("document"), pk)

    def letter_heads(self, *, asks: bool = False) -> QuerySet[Letter]:
        """The letters of `letters()` with their parties (and, `asks`, their asks) only, none of
        their statements: what a chart marks (a date, recipients, signers) or a list shows without
        the evidence of each, which on a record of a thousand letters is most of the time an
        overview took (and a page of a list read three queries and hundreds of rows more)."""
        parties = self.fact_rows(LetterParty).select_related("legislator").order_by(*_PARTIES_IN_LETTER)
        parts = [Prefetch("parties", queryset=parties)]
        if asks:
            parts.append(
                Prefetch("asks", queryset=self.fact_rows(Ask).order_by("letter_id", "position", "pk"))
            )
        return (
            self.fact_rows(Letter)
            .filter(same_as__isnull=True)
            .prefetch_related(*parts)
            .order_by(F("date").desc(nulls_last=True), "pk")
            .read_by(self)
        )

    def letter_links(self, letter: Letter, also: Iterable[int | None] = ()) -> LetterLinks:
        """The letters that `letter`'s page names, those this reader may see, read at once with
        their parties only (what a label shows: a date, the recipients), not their evidence: the
        one it follows up, those that follow it up, its campaign's and `also` (the letters its
        references resolve to). One query and its parties', where reading each as `letter()`
        does took five a letter."""
        wanted = {pk for pk in (letter.follows_up_id, *also) if pk is not None}
        if not wanted and letter.campaign_id is None and not getattr(letter, _ANY_FOLLOW_UP, True):
            # It names none: nothing to read (a letter read by letter_record knows it has no follow-up).
            return LetterLinks(follows=None, followed_by=[], chain=[], found={})
        near = Q(pk__in=wanted) | Q(follows_up=letter.pk)
        if letter.campaign_id is not None:
            near |= Q(campaign_id=letter.campaign_id)
        parties = self.fact_rows(LetterParty).select_related("legislator").order_by(*_PARTIES_IN_LETTER)
        rows = list(
            self.fact_rows(Letter)
            .filter(near)
            .prefetch_related(Prefetch("parties", queryset=parties))
            .order_by(F("date").asc(nulls_last=True), "pk")
            .read_by(self)
        )
        found = {row.pk: row for row in rows}
        self._letter_seen.update({pk: pk in found for pk in wanted})
        # The campaign as `letters()` lists it, without the reported letters known to be stored
        # ones (`same_as`); the follow-ups, and the letters named by id, with them (as `letter()`).
        chain = [row for row in rows if row.campaign_id == letter.campaign_id and row.same_as_id is None]
        return LetterLinks(
            follows=found.get(letter.follows_up_id) if letter.follows_up_id is not None else None,
            followed_by=[row for row in rows if row.follows_up_id == letter.pk],
            chain=chain if letter.campaign_id is not None else [],
            found=found,
        )

    def letter_record(self, pk: Any, *, evidence: bool = True) -> LetterRecord | None:
        """One letter and what its page shows, those this reader may see: its parties and asks
        (`letter.parties.all()`, `letter.asks.all()`, `letter.senders`, as `letter()` gives them),
        its references, commitments and outcomes, the letters it names (`letter_links`, with the
        one it is the same as) and the letter's own document, read whole. Each fact carries its
        statements this reader may see, as `facts()` reads them (`live_statements()`,
        `first_of()`), and each statement its document; `evidence=False`: the statements with
        the columns of `LISTED_COLUMNS` only, without their documents (a page that links to
        their spans and shows none of their text).

        Every statement of the letter and of its parts is read in one query, and each document
        once: a prefetch a kind of part cost a letter's page five queries of statements, each
        carrying the whole text of its document again, most of the time the page took."""
        if pk is None:
            return None
        # Whether the letter has any part of each kind that is often missing, whoever may see
        # it: most letters have no commitment, outcome or reference, and a kind with no row at
        # all is not asked for (a query each saved; one with rows is read through the rules).
        rows = self.fact_rows(Letter).select_related("document").annotate(**_LETTER_HAS_ANY)
        letter = _one(rows.read_by(self), pk)
        if letter is None:
            return None
        parties = self._parts_of(letter, LetterParty, _PARTIES_IN_LETTER, "legislator")
        asks = self._parts_of(letter, Ask, ("position", "pk"))
        references = self._parts_of(letter, LetterReference, ("pk",))
        commitments = self._parts_of(letter, Commitment, ("pk",))
        outcomes = self._parts_of(letter, Outcome, ("pk",))
        facts: list[Fact] = [letter, *parties, *asks, *references, *commitments, *outcomes]
        self._read_evidence(letter, facts, evidence=evidence)
        _as_prefetched(letter, "parties", parties)
        _as_prefetched(letter, "asks", asks)
        links = self.letter_links(letter, [letter.same_as_id, *(r.resolved_id for r in references)])
        return LetterRecord(letter, references, commitments, outcomes, links)

    def _parts_of(self, letter: Letter, model: type[F_], order: Iterable[str], *joined: str) -> list[F_]:
        """The shown parts of `model` of `letter` this reader may see, in `order`, each knowing
        its letter (a signer's roster entry is read on the letter's date)."""
        if not getattr(letter, _any_part(model), True):
            return []
        rows = self.fact_rows(model, letter=letter).select_related(*joined).order_by(*order).read_by(self)
        parts = list(rows)
        for part in parts:
            model.letter.field.set_cached_value(part, letter)  # type: ignore[attr-defined]
        return parts

    def _read_evidence(self, letter: Letter, facts: list[Fact], *, evidence: bool) -> None:
        """Give each of `facts` (a letter and its parts) its statements this reader may see, in
        the order of `facts()`, read in one query; each statement knows the part it supports (its
        place on the page: fact_place), and, with `evidence`, its document."""
        wanted: dict[str, dict[int, Fact]] = {}
        for fact in facts:
            wanted.setdefault(_fact_field(type(fact)), {})[fact.pk] = fact
        where = Q(pk__in=[])
        for field, found in wanted.items():
            where |= Q(**{f"{field}__in": list(found)})
        statements = (
            self.statements().select_related(None).filter(where).order_by("document_id", "start", "pk")
        )
        if not evidence:
            statements = statements.only(*LISTED_COLUMNS, *wanted)
        seen: dict[int, list[Statement]] = {id(fact): [] for fact in facts}
        rows = list(statements)
        if evidence:
            self._with_documents(letter, rows)
        for st in rows:
            for field, found in wanted.items():
                supported = found.get(getattr(st, f"{field}_id"))
                if supported is None:
                    continue
                seen[id(supported)].append(st)
                if field in _PART_FIELDS:
                    Statement._meta.get_field(field).set_cached_value(st, supported)
        for fact in facts:
            setattr(fact, SEEN_STATEMENTS, seen[id(fact)])

    def _with_documents(self, letter: Letter, statements: list[Statement]) -> None:
        """Each statement's document, read once each: the letter's own (read with it) for most,
        the others in one query. Only documents of statements this reader was given, which the
        reader's rule let through with them."""
        documents: dict[int, Document] = {}
        if letter.document is not None:
            documents[letter.document.pk] = letter.document
        missing = {st.document_id for st in statements} - set(documents)
        if missing:
            documents.update((doc.pk, doc) for doc in self.documents(pk__in=missing))
        for st in statements:
            Statement.document.field.set_cached_value(st, documents[st.document_id])  # type: ignore[attr-defined]

    def letter_id(self, pk: int | None) -> int | None:
        """`pk` when it names a letter this reader may see, else None (a link that may be shown)."""
        if pk is None:
            return None
        if pk not in self._letter_seen:
            self.know_letters([pk])
        return pk if self._letter_seen[pk] else None

    def know_letters(self, pks: Iterable[int | None]) -> None:
        """Find out in one query which of `pks` this reader may see, for the rows of a list that
        link to other letters (follows up, same as, resolved references)."""
        wanted = {pk for pk in pks if pk is not None and pk not in self._letter_seen}
        if not wanted:
            return
        seen = set(self.fact_rows(Letter, pk__in=wanted).values_list("pk", flat=True))
        self._letter_seen.update({pk: pk in seen for pk in wanted})

    def campaign(self, pk: int | None) -> Campaign | None:
        return None if pk is None else _one(self.visible(Campaign.objects.all()), pk)

    def parties(self, *, texts: bool = True, **filters: Any) -> QuerySet[LetterParty]:
        return self.facts(LetterParty, texts=texts, **filters)

    def asks(self, *, texts: bool = True, **filters: Any) -> QuerySet[Ask]:
        return self.facts(Ask, texts=texts, **filters).order_by("letter", "position", "pk")

    def references(self, **filters: Any) -> QuerySet[LetterReference]:
        return self.facts(LetterReference, **filters).order_by("pk")

    def commitments(self, **filters: Any) -> QuerySet[Commitment]:
        return self.facts(Commitment, **filters).order_by("pk")

    def outcomes(self, **filters: Any) -> QuerySet[Outcome]:
        return self.facts(Outcome, **filters).order_by("pk")

    def figures(self, *, verified: bool = False, texts: bool = True, **filters: Any) -> QuerySet[Figure]:
        return self.facts(Figure, verified=verified, texts=texts, **filters).order_by("-quantity", "pk")

    def figure_list(self, **filters: Any) -> QuerySet[Figure]:
        """Figures for a list, largest first, each with `said_on`: the earliest date (of the
        document, else of its publication) of a document this reader may see that says it, so a
        confidential report dates nothing for whom may not read it."""
        said = (
            self.live_statements(figure=OuterRef("pk"))
            .annotate(on=Coalesce("document__doc_date", "document__published"))
            .filter(on__isnull=False)
            .order_by("on")
            .values("on")[:1]
        )
        return self.figures(**filters).annotate(said_on=Subquery(said))

    def figures_said_within(self, start: str | None, end: str | None) -> QuerySet[Any]:
        """The ids of the figures that a document this reader may see, dated (else published)
        within [start, end] (ISO dates as precise as known: "2024", "2024-05", "2024-05-03"),
        says. A document known only by a coarser date that holds `start` ("2024" for May 2024)
        may be of the period, and counts, as an incident of uncertain date does."""
        said = self.live_statements(figure__isnull=False).annotate(
            on=Coalesce("document__doc_date", "document__published")
        )
        if start:
            coarser = [start[:n] for n in (4, 7) if len(start) > n]
            said = said.filter(Q(on__gte=start) | Q(on__in=coarser))
        if end:
            said = said.filter(on__lte=end + {4: "-12-31", 7: "-31"}.get(len(end), ""))
        return said.filter(on__isnull=False).values("figure")

    def actors(self, **filters: Any) -> QuerySet[Actor]:
        """Actors that a statement this reader may see names: a name read only in a confidential
        document is not listed to those who may not read it."""
        named = self.statements().values("actor_id")
        return self.facts(Actor, **filters).filter(pk__in=named).order_by("name")

    def actor_list(self, **filters: Any) -> QuerySet[Actor]:
        """Actors for a list, without their statements, each with `mentions`: how many live
        statements this reader may see name it (counted in the query, not a query a row)."""
        named = (
            self.live_statements(actor=OuterRef("pk"))
            .order_by()
            .values("actor")
            .annotate(n=Count("pk"))
            .values("n")
        )
        # Without their statements: a list of names has no evidence to show.
        listed = self.fact_rows(Actor, **filters).filter(pk__in=self.statements().values("actor_id"))
        return listed.annotate(mentions=Coalesce(Subquery(named), 0)).order_by("name").read_by(self)

    def signatures(self, **filters: Any) -> QuerySet[LetterParty]:
        """Senders linked to the roster, on letters this reader may see, oldest letter first."""
        letters = self.letters().values("pk")
        return (
            self.parties(
                role=LetterParty.Role.SENDER, legislator__isnull=False, letter__in=letters, **filters
            )
            .select_related("legislator", "letter")
            .order_by(F("letter__date").asc(nulls_last=True), "letter_id")
        )

    def instruments(self, **filters: Any) -> QuerySet[Instrument]:
        return self.facts(Instrument, **filters).order_by("name")

    def state_parties(self, **filters: Any) -> QuerySet[StateParty]:
        return self.facts(StateParty, **filters).select_related("state", "instrument").order_by("pk")

    def legislators(self, **filters: Any) -> QuerySet[Legislator]:
        """Members of Congress from the roster (public data, the same for every reader): the
        signers a letter draft may name."""
        return Legislator.objects.filter(**filters)

    def roster(self, party: LetterParty) -> dict[str, str]:
        """What the roster says of a letter's party on the letter's date (bioguide, party, state,
        label, chamber), or nothing when the party's name is hidden from this reader: a protected
        signer's roster entry names them as surely as their name."""
        if party.legislator_id is None:
            return {}
        if not self.is_system and self._withholds(party.name):
            return {}
        term = party.roster_term()
        return {
            "bioguide": party.legislator.bioguide,
            **{key: term.get(key, "") for key in ("party", "state", "label", "chamber", "side")},
        }

    def _withholds(self, name: str) -> bool:
        """pseudonyms.withholds for this reader, asked once a name: a signer's name is asked for
        their roster entry on every letter of a list, and again for its badges."""
        if name not in self._withheld:
            self._withheld[name] = pseudonyms.withholds(name, self.user)
        return self._withheld[name]

    def letter_badges(self, letter: Letter) -> LetterBadges:
        """The chambers a letter's signers sit in, and whether it is bicameral and bipartisan, as
        this reader may know them: a protected signer's roster entry counts for no one who sees
        only their pseudonym (their party beside the others' would tell who they are)."""
        chambers: set[str] = set()
        sides: set[str] = set()
        for p in letter.senders:
            entry = self.roster(p)
            if chamber := p.chamber or entry.get("chamber"):
                chambers.add(chamber)
            if side := entry.get("side"):
                sides.add(side)
        return LetterBadges(sorted(chambers), chambers >= {"house", "senate"}, len(sides) > 1)

    def search(
        self, query: str, *, filters: dict[str, str] | None = None, offset: int = 0, limit: int = 20
    ) -> full_text.Results:
        """Passages of the documents this reader may see that hold every word of `query`, ranked,
        with facets (refwatch.knowledge.search: protected names never matched for this reader
        unless they may see them; confidential documents searched only when they may read them)."""
        return full_text.search(self, query, filters=filters, offset=offset, limit=limit)

    def review_counts(self) -> dict[str, int]:
        """How many statements this reader may see are in each review state (the backlog). For a
        reader with a role: every statement counted from the index of review states, less those of
        the confidential documents this reader may not read (few), counted after, so that a
        statement that became confidential meanwhile is taken off, never added."""
        if self.is_public:
            seen = self.statements().select_related(None)
            return _by_review(seen)
        counts = _all_by_review()
        if self.is_system:
            return counts
        rule = self.rule(Statement, through="document")
        if rule is not None:
            unseen = Statement.objects.filter(document__visibility=Visibility.CONFIDENTIAL).exclude(rule)
            for state, n in _by_review(unseen).items():
                counts[state] = max(0, counts.get(state, 0) - n)
        return counts

    def recent_documents(self, n: int = 5) -> list[Document]:
        """The `n` documents this reader may see that were added last, without their text."""
        return list(self.documents().defer("text", "warnings").order_by("-ingested_at", "-pk")[:n])

    def counts(
        self,
        reviews: dict[str, int] | None = None,
        *,
        incidents: int | None = None,
        letters: int | None = None,
    ) -> dict[str, int]:
        """How many of each this reader may see (the home page's figures); `reviews`: this
        reader's `review_counts()` when the caller has them already (the statements are their
        sum), and so `incidents` (of `fact_rows(Incident)`) and `letters` (of
        `fact_rows(Letter, same_as__isnull=True)`): each count reads every row."""
        reviews = self.review_counts() if reviews is None else reviews
        return {
            "documents": self.documents().count(),
            "incidents": self.fact_rows(Incident).count() if incidents is None else incidents,
            "verified_incidents": self.fact_rows(Incident, verified=True).count(),
            "verified_figures": self.fact_rows(Figure, verified=True).count(),
            "letters": self.fact_rows(Letter, same_as__isnull=True).count() if letters is None else letters,
            "figures": self.fact_rows(Figure).count(),
            "statements": sum(reviews.values()),
        }


@dataclass(frozen=True)
class IncidentRanges:
    """Reader.ranged_incidents: the incidents whose ranges of counts the database may aggregate
    (`incidents`), and those it may not (`sealed`). The range of each of `incidents` is read from
    the summary kept on it (Incident.open_low, open_least, open_high, when open_statements > 0)
    unless its id is one of `unsummarised` (a query of ids; None: no summary is read, for a
    public reader, as the summary counts internal documents too); those are in `counted`
    (incident_id, low, least and high: a row for each that has a live statement in clear this
    reader may see). A range read from neither is the incident's own count."""

    incidents: QuerySet[Incident]
    sealed: QuerySet[Incident]
    counted: QuerySet[Any]
    unsummarised: QuerySet[Any] | None


@dataclass(frozen=True)
class LetterBadges:
    chambers: list[str]
    bicameral: bool
    bipartisan: bool  # signers linked to the roster sit with at least two parties


@dataclass(frozen=True)
class LetterLinks:
    """The letters a letter's page names (Reader.letter_links), with their parties only."""

    follows: Letter | None  # the letter it follows up
    followed_by: list[Letter]  # the letters that follow it up, oldest first
    chain: list[Letter]  # its campaign's letters, oldest first; none when it has no campaign
    found: dict[int, Letter]  # every letter read, by id (the ones its references resolve to)


@dataclass(frozen=True)
class LetterRecord:
    """A letter and the parts of it its page shows (Reader.letter_record)."""

    letter: Letter  # with its parties and asks, and its document
    references: list[LetterReference]
    commitments: list[Commitment]
    outcomes: list[Outcome]
    links: LetterLinks


@dataclass(frozen=True)
class FactPlace:
    """Where the fact a statement supports is shown: its kind and id, and the page (incident or
    letter) that shows it, with the anchor of the fact on that page."""

    kind: str
    id: int
    page: str | None = None  # "incident" or "letter"
    page_id: int | None = None
    anchor: str = ""


def fact_place(st: Statement) -> FactPlace | None:
    """The fact `st` supports and the page where it stands (parts of a letter on their letter's)."""
    anchors = {
        "party": "party",
        "ask": "ask",
        "reference": "ref",
        "commitment": "commitment",
        "outcome": "outcome",
    }
    for name in FACT_FIELDS:
        pk = getattr(st, f"{name}_id")
        if pk is None:
            continue
        if name == "incident":
            return FactPlace(name, pk, "incident", pk)
        if name == "letter":
            return FactPlace(name, pk, "letter", pk, f"st-{st.pk}")
        if name in anchors:
            part = getattr(st, name)
            letter = part.letter_id if part is not None else None
            if letter is None:
                return FactPlace(name, pk)
            return FactPlace(name, pk, "letter", letter, f"{anchors[name]}-{pk}")
        return FactPlace(name, pk)
    return None


def _as_prefetched(owner: Model, name: str, rows: list[Any]) -> None:
    """`owner.<name>.all()` gives `rows` without a query, as `prefetch_related(name)` leaves it
    (Django's own prefetch cache), for rows read otherwise than by a prefetch."""
    manager = getattr(owner, name)
    held = manager.get_queryset()
    held._result_cache = rows
    held._prefetch_done = True
    owner.__dict__.setdefault("_prefetched_objects_cache", {})[manager.field.remote_field.cache_name] = held


# The name of the annotation that count_and_slice reads the number of rows from.
_LISTED_TOTAL = "listed_total"


def count_and_slice(rows: QuerySet[M], offset: int, limit: int) -> tuple[int, list[M]]:
    """How many `rows` there are, and `rows[offset:offset + limit]`, in one query where the slice
    holds a row (the count read beside each, COUNT(*) OVER ()): a list's page and its count read
    the rows its filters keep once, not twice (at 100,000 documents each reading cost the
    incident list 10-12 ms). An empty slice (past the end) is counted on its own."""
    if offset < 0 or limit <= 0:
        raise ValueError("a slice of rows starts at 0 or later and holds at least one")
    page = list(rows.annotate(**{_LISTED_TOTAL: Window(Count("pk"))})[offset : offset + limit])
    if not page:
        return rows.count(), []
    return getattr(page[0], _LISTED_TOTAL), page


def _touched_by_confidential() -> QuerySet[Any]:
    """The ids of the incidents that a statement of a confidential document supports (live or not):
    their ranges are never read from the summary kept on them, whoever reads."""
    return (
        Statement.objects.filter(incident__isnull=False, document__visibility=Visibility.CONFIDENTIAL)
        .order_by()
        .values("incident_id")
    )


def _by_review(statements: QuerySet[Statement]) -> dict[str, int]:
    rows = statements.order_by().values("review").annotate(n=Count("pk"))
    return {row["review"]: row["n"] for row in rows}


def _all_by_review() -> dict[str, int]:
    """`_by_review` of every statement, without grouping them all: nearly all are suggested, so the
    others are grouped from the index of review states (its two ranges on each side of
    "suggested", which together hold every other value) and the suggested are the rest of the
    count of the table. On SQLite the count is read from the table's pages rather than row by
    row: 6 ms against 50 ms for the GROUP BY over 700,000 statements."""
    # Two queries: SQLite reads the whole index for the two ranges ORed in one.
    counts = _by_review(Statement.objects.filter(review__lt=Review.SUGGESTED))
    counts.update(_by_review(Statement.objects.filter(review__gt=Review.SUGGESTED)))
    suggested = Statement.objects.count() - sum(counts.values())
    if suggested > 0:
        counts[Review.SUGGESTED.value] = suggested
    return counts


def _fact_field(model: type[Model]) -> str:
    for name in FACT_FIELDS:
        if Statement._meta.get_field(name).related_model is model:
            return name
    raise TypeError(f"{model.__name__} is not a fact that statements support")


def _one(qs: QuerySet[M], pk: Any) -> M | None:
    try:
        return qs.filter(pk=int(pk)).first()
    except (TypeError, ValueError, OverflowError):
        return None
