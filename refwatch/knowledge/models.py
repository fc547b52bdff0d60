"""The store: documents, the statements extraction found in them, and the facts they support.

Data flows one way: a Document's text yields Statements (each an exact span with
its quote, extractor and review state); Statements merge into facts (Incident,
Letter, Ask, Figure, Actor, Instrument, Commitment). A fact is only as good as its
statements: it is never edited apart from them, so every figure on a page can be
traced back to the characters of a document. A fact whose statements were all
rejected in review is hidden (`hidden=True`), never deleted; pages list
`Model.objects.shown()`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models

from refwatch.knowledge import pseudonyms
from refwatch.knowledge.drawn import PARTS, DrawnDate, drawn_days
from refwatch.knowledge.fields import SealedJSONField, SealedTextField
from refwatch.knowledge.keys import period_start, surname
from refwatch.knowledge.sources import Source, independent_sources
from refwatch.knowledge.terms import term_of


class Visibility(models.TextChoices):
    # Internal by default: a private instance shows nothing publicly until someone decides to.
    PUBLIC = "public", "Public"
    INTERNAL = "internal", "Internal"
    CONFIDENTIAL = "confidential", "Confidential"


# From the most open to the most restricted: a fact is as open as its most open live statement.
VISIBILITY_ORDER = (Visibility.PUBLIC, Visibility.INTERNAL, Visibility.CONFIDENTIAL)


class Review(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    ACCEPTED = "accepted", "Accepted"
    EDITED = "edited", "Edited"
    REJECTED = "rejected", "Rejected"


class Precision(models.TextChoices):
    DAY = "day", "day"
    MONTH = "month", "month"
    YEAR = "year", "year"
    RANGE = "range", "range"


class Qualifier(models.TextChoices):
    EXACT = "exact", "exactly"
    APPROXIMATELY = "approximately", "approximately"
    AT_LEAST = "at_least", "at least"
    MORE_THAN = "more_than", "more than"
    UP_TO = "up_to", "up to"


# Where a Reader (refwatch.knowledge.queries) puts the statements of a fact that its reader may see.
SEEN_STATEMENTS = "seen_statements"


class Unread(LookupError):
    """A fact's evidence asked of a fact that was not read through a Reader: refused, since
    nothing says who may see it."""


class FactQuerySet(models.QuerySet):
    def shown(self) -> FactQuerySet:
        """The facts that at least one live (not rejected) statement still supports."""
        return self.filter(hidden=False)

    def read_by(self, reader: Any) -> FactQuerySet:
        """This queryset with each fact it yields marked as read by `reader` (see queries.Reader)."""
        clone = self.all()
        # Hints travel with every clone (filter, order_by, slicing), unlike a plain attribute.
        clone._hints = {**self._hints, "reader": reader}
        return clone

    def _fetch_all(self) -> None:
        super()._fetch_all()
        reader = self._hints.get("reader")
        if reader is not None and self._result_cache:
            for row in self._result_cache:
                if isinstance(row, Fact):
                    row.reader = reader
                    _unlink_seen(row)


def _unlink_seen(fact: Fact) -> None:
    """Drop the link from each statement read with `fact` (SEEN_STATEMENTS) back to it, which the
    prefetch sets: fact and statements made a reference cycle, so that every fact read, with its
    statements and their documents, was freed only by the garbage collector's full passes, which
    took 100-250 ms each at 100,000 documents, every few pages (a list of 50 incidents reads 800
    statements and documents). Without it they are freed as soon as the page has done with them.
    A statement's `fact` is read afresh if asked (nothing that reads through a Reader asks it:
    the fact is at hand), and, not read through a Reader, shows no evidence (Unread).
    Kept for the parts of a letter (a party, an ask, …): a statement's place on a page is its
    part's letter (queries.fact_place), read from the part it was read with, without a query;
    they are few (a letter's page), the incidents and figures of a list are many."""
    if isinstance(fact, (LetterParty, Ask, LetterReference, Commitment, Outcome)):
        return
    seen = fact.__dict__.get(SEEN_STATEMENTS)
    if not seen:
        return
    for st in seen:
        cache = st._state.fields_cache
        for name, value in list(cache.items()):
            if value is fact:
                del cache[name]


class Fact(models.Model):
    """What every fact has: who may see it, and whether a live statement still supports it."""

    visibility = models.CharField(max_length=12, choices=Visibility.choices, default=Visibility.INTERNAL)
    hidden = models.BooleanField(default=False)

    objects = FactQuerySet.as_manager()

    class Meta:
        abstract = True

    def live_statements(self) -> list[Statement]:
        """The live statements of this fact that its reader may see.

        Only a fact read through refwatch.knowledge.queries.Reader has them (prefetched through
        the reader's filter); any other fact raises Unread rather than show evidence to anyone.
        """
        seen = getattr(self, SEEN_STATEMENTS, None)
        if seen is None:
            raise Unread(
                f"{type(self).__name__} #{self.pk} was not read through refwatch.knowledge.queries.Reader"
            )
        return [s for s in seen if s.review != Review.REJECTED]

    def sources(self) -> list[Source]:
        """The independent sources of this fact: each original source a document attributes it
        to, with the documents that repeat it, and each document that says it on its own."""
        return independent_sources(self.live_statements())

    def source_count(self) -> int:
        """How many independent sources support this fact: two documents repeating one original
        source (two letters citing the CECC) count once, as does one document saying it twice."""
        return len(self.sources())

    def document_count(self) -> int:
        return len({s.document_id for s in self.live_statements()})

    @property
    def corroborated(self) -> bool:
        """Two independent original sources say it (not one source repeated)."""
        return self.source_count() > 1

    @property
    def verified(self) -> bool:
        """A person accepted (or corrected) at least one of its statements this reader sees."""
        return any(s.review in (Review.ACCEPTED, Review.EDITED) for s in self.live_statements())


def _kept_drawn_columns() -> tuple[models.CharField, ...]:
    """The columns drawn_start, drawn_end and drawn_period of a row whose save() keeps them
    (_keep_drawn), not the database: one a part of refwatch.knowledge.drawn's rule."""
    return tuple(models.CharField(max_length=10, null=True, blank=True, editable=False) for _ in PARTS)


class Document(models.Model):
    """One file as it came in: its bytes are kept on disk, addressed by their SHA-256."""

    sha256 = models.CharField(max_length=64, unique=True)
    media_type = models.CharField(max_length=120)
    # The file's name and title can name a person as well as the text can: sealed alike.
    filename = SealedTextField()
    size = models.PositiveBigIntegerField(default=0)
    title = SealedTextField(blank=True)
    published = models.CharField(max_length=32, blank=True, null=True)  # ISO, as precise as known
    doc_type = models.CharField(max_length=20, default="other")
    doc_date = models.CharField(max_length=32, blank=True, null=True)
    text = SealedTextField(blank=True)
    # [{"number": 1, "start": 0, "end": 1234, "ocr": false}, …]: a span is shown on its page.
    pages = models.JSONField(default=list, blank=True)
    warnings = SealedJSONField(default=list, blank=True)
    # What is known of the file from outside its text (url, publisher, type), as given at ingest.
    meta = SealedJSONField(default=dict, blank=True)
    extractor_version = models.CharField(max_length=32, blank=True)
    ingested_at = models.DateTimeField(auto_now_add=True)
    visibility = models.CharField(max_length=12, choices=Visibility.choices, default=Visibility.INTERNAL)
    # The first and last day of its date (else of the day it was published) and its month (or
    # year), NULL when it has none to draw (refwatch.knowledge.drawn), kept by save() as a
    # letter's are: the overview draws a statement there, read from the index below alone.
    drawn_start, drawn_end, drawn_period = _kept_drawn_columns()

    class Meta:
        ordering = ["-doc_date", "-ingested_at"]
        # Who may see which documents, read from the index: the rows carry the whole text.
        indexes = [
            models.Index(fields=["visibility"], name="knowledge_document_visibility"),
            # The overview's statements by date (a sixth of the record), read from the index alone.
            models.Index(
                fields=[
                    "doc_type",
                    "visibility",
                    "doc_date",
                    "published",
                    "drawn_period",
                    "drawn_start",
                    "drawn_end",
                ],
                name="knowledge_document_drawn",
            ),
            # The documents added last (the home page), without sorting the record.
            models.Index(fields=["ingested_at"], name="knowledge_document_ingested"),
        ]

    def __str__(self) -> str:
        return self.title or self.filename

    def save(self, *args: Any, **kwargs: Any) -> None:
        _keep_drawn(self, self.doc_date or self.published, kwargs, "doc_date", "published")
        super().save(*args, **kwargs)

    @property
    def original_path(self) -> Path:
        return original_path(self.sha256)

    @property
    def confidential(self) -> bool:
        return self.visibility == Visibility.CONFIDENTIAL

    def sealing_key(self) -> str | None:
        """The key sealed columns are bound to: a confidential document's evidence is never in clear."""
        return self.sha256 if self.confidential else None

    def page_of(self, offset: int) -> int | None:
        for page in self.pages:
            if page.get("start", 0) <= offset < page.get("end", 0):
                return page.get("number")
        return None


def original_path(sha256: str) -> Path:
    # Two levels of fan-out keep folders small when there are many thousands of originals.
    return Path(settings.ORIGINALS_DIR) / sha256[:2] / sha256


class Actor(Fact):
    """A person, organization or state, under one canonical name with its aliases."""

    class Kind(models.TextChoices):
        PERSON = "person", "person"
        ORGANIZATION = "organization", "organization"
        STATE = "state", "state"

    name = models.CharField(max_length=300, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ORGANIZATION)
    aliases = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Legislator(models.Model):
    """A Member of Congress from the public-domain roster (github.com/unitedstates/congress-legislators).

    Loaded by refwatch.knowledge.roster from files the user gives; never fetched at run time.
    `terms` hold every term the files give: {"chamber": "house"|"senate", "start", "end",
    "state", "district", "party", "caucus"}; a former member read from the roster's CSV has
    its last term only, without dates.
    """

    bioguide = models.CharField(max_length=16, unique=True)
    official_full = models.CharField(max_length=300, blank=True)
    first = models.CharField(max_length=120, blank=True)
    middle = models.CharField(max_length=120, blank=True)
    last = models.CharField(max_length=120)
    nickname = models.CharField(max_length=120, blank=True)
    suffix = models.CharField(max_length=40, blank=True)
    birthday = models.CharField(max_length=10, blank=True)
    # The surname folded as roster.fold does it ("luján" → "lujan"): a letter's names are looked up by it.
    last_key = models.CharField(max_length=120, db_index=True)
    terms = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["last", "first", "bioguide"]

    def __str__(self) -> str:
        return self.official_full or f"{self.first} {self.last}".strip()


class Campaign(models.Model):
    """A chain of letters that follow one another up."""

    name = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    visibility = models.CharField(max_length=12, choices=Visibility.choices, default=Visibility.INTERNAL)

    def __str__(self) -> str:
        return self.name or f"Campaign {self.pk}"


class Letter(Fact):
    """A letter: the document itself, or (`reported`) one that a document tells of.

    A reported letter (a press release says members "sent a letter to" someone) that
    matches a stored letter is kept and points to it with `same_as`, so the letter is
    shown once and the press release is one more source of it.
    """

    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.CASCADE, related_name="letters"
    )
    reported = models.BooleanField(default=False)
    date = models.CharField(max_length=32, blank=True, null=True)
    # What a letter says of whom it addresses ("Dear Director <name>"): sealed in a confidential one.
    salutation = SealedTextField(blank=True)
    # The first day of `date`, kept by save() and indexed: a reference to "a letter of November
    # 2025" and a press release of a letter look the letters of their period up by it.
    date_start = models.DateField(null=True, blank=True, db_index=True, editable=False)
    follows_up = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="followed_by"
    )
    same_as = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="letters"
    )
    # The first and last day its date can be and its month (or year), NULL when it has none to
    # draw (refwatch.knowledge.drawn), kept by save() with the date: an overview reads them rather
    # than working each out again, from the index below alone. Not columns the database
    # generates, as an incident's are: SQLite reads a generated column from the row, never from
    # an index that holds it.
    drawn_start, drawn_end, drawn_period = _kept_drawn_columns()

    class Meta:
        ordering = ["-date", "pk"]
        indexes = [
            # The letters an overview counts and draws (refwatch.outputs.overview: the shown ones
            # that are no report of a stored letter, their visibility, date and its days drawn),
            # read from the index alone rather than from each letter's row: at 100,000 documents
            # ~10 of the ~45 ms of its two readings of 24,500 letters.
            models.Index(
                fields=[
                    "same_as",
                    "hidden",
                    "visibility",
                    "date",
                    "drawn_period",
                    "drawn_start",
                    "drawn_end",
                ],
                name="knowledge_letter_drawn",
            ),
        ]

    def __str__(self) -> str:
        to = ", ".join(p.name for p in self.recipients)
        return f"Letter of {self.date or 'unknown date'}" + (f" to {to}" if to else "")

    def sealing_key(self) -> str | None:
        """A letter's parts are evidence of its document: sealed when the document is confidential."""
        doc = self.document
        return doc.sealing_key() if doc is not None else None

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.date_start = period_start(self.date)
        _with_key(kwargs, "date", "date_start")
        _keep_drawn(self, self.date, kwargs, "date")
        adding, fields = self._state.adding, kwargs.get("update_fields")
        super().save(*args, **kwargs)
        if not adding and (fields is None or "date" in fields):
            self.parties.update(letter_start=self.date_start)

    def live_parties(self, role: str) -> list[LetterParty]:
        return [p for p in self.parties.all() if p.role == role and not p.hidden]

    @property
    def senders(self) -> list[LetterParty]:
        return self.live_parties(LetterParty.Role.SENDER)

    @property
    def recipients(self) -> list[LetterParty]:
        return self.live_parties(LetterParty.Role.RECIPIENT)


class LetterParty(Fact):
    """A sender or recipient of a letter, as the letter names and titles them."""

    class Role(models.TextChoices):
        SENDER = "sender", "sender"
        RECIPIENT = "recipient", "recipient"

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(max_length=10, choices=Role.choices)
    actor = models.ForeignKey(
        Actor, null=True, blank=True, on_delete=models.SET_NULL, related_name="letter_parties"
    )
    name = SealedTextField()
    # Title and organisation ("Director, Office of …"): they say who a person is as well as a name.
    title = SealedTextField(blank=True)
    chamber = models.CharField(max_length=10, blank=True)  # "house" / "senate"
    address = models.JSONField(default=list, blank=True)
    cc = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)
    # The Member of Congress this party is, when refwatch.knowledge.roster is sure of it.
    legislator = models.ForeignKey(
        Legislator, null=True, blank=True, on_delete=models.SET_NULL, related_name="letter_parties"
    )
    # The surname of `name` (refwatch.knowledge.keys), kept by save(): letters are linked by it.
    surname_key = models.CharField(max_length=120, blank=True, editable=False)
    # Its letter's first day (Letter.date_start), kept by both saves: the letters of a surname in
    # a period are read from the index below alone. Read through the letters instead, a common
    # surname (1,100 letters at 100,000 documents) cost every link a read of all its letters'
    # rows, and ingest slowed as the store grew.
    letter_start = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["letter", "role", "position"]
        indexes = [
            models.Index(fields=["surname_key", "role", "letter_start"], name="knowledge_party_period"),
        ]

    def __str__(self) -> str:
        return self.name

    def sealing_key(self) -> str | None:
        return self.letter.sealing_key()

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A sealed name leaves no clear surname in an index: confidential parties are not linked by it.
        self.surname_key = "" if self.sealing_key() else surname(self.name)
        _with_key(kwargs, "name", "surname_key")
        self.letter_start = self.letter.date_start
        _with_key(kwargs, "letter", "letter_start")
        super().save(*args, **kwargs)

    def roster_value(self, key: str) -> str:
        """What the roster says of this party on the letter's date ("party", "state", "chamber",
        "side", "label" like "D-VA"); "" when it is not linked."""
        return self.roster_term().get(key, "")

    def roster_term(self) -> dict[str, str]:
        """Every value of `roster_value` at once (one look through the member's terms, not one a
        value); empty when it is not linked."""
        if self.legislator_id is None:
            return {}
        return term_of(self.legislator, self.letter.date, self.chamber)

    @property
    def roster_label(self) -> str:
        return self.roster_value("label")


class LetterReference(Fact):
    """A letter's mention of an earlier letter, resolved when that letter is in the store."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="references")
    date = models.CharField(max_length=32, blank=True, null=True)
    recipient = SealedTextField(blank=True)
    senders = SealedTextField(blank=True)
    summary = SealedTextField(blank=True)
    resolved = models.ForeignKey(
        Letter, null=True, blank=True, on_delete=models.SET_NULL, related_name="referenced_by"
    )
    # The surname of `recipient`, kept by save(): a new letter finds the references it answers by it.
    recipient_key = models.CharField(max_length=120, blank=True, editable=False)

    class Meta:
        indexes = [models.Index(fields=["recipient_key", "date"])]

    def __str__(self) -> str:
        return f"{self.date or '?'} to {self.recipient or '?'}"

    def sealing_key(self) -> str | None:
        return self.letter.sealing_key()

    def save(self, *args: Any, **kwargs: Any) -> None:
        # As for parties: a sealed recipient leaves no clear surname in an index.
        self.recipient_key = "" if self.sealing_key() else surname(self.recipient)
        _with_key(kwargs, "recipient", "recipient_key")
        super().save(*args, **kwargs)


def _keep_drawn(row: models.Model, date: str | None, kwargs: dict[str, Any], *sources: str) -> None:
    """Write the days `date` can be drawn over into the row's kept columns (_kept_drawn_columns),
    and save them with any of the `sources` they are derived from."""
    for part, value in zip(PARTS, drawn_days(date) or (None,) * len(PARTS), strict=True):
        setattr(row, f"drawn_{part}", value)
        for source in sources:
            _with_key(kwargs, source, f"drawn_{part}")


def _with_key(kwargs: dict[str, Any], field: str, key: str) -> None:
    """A save of some fields that include `field` saves the key derived from it too."""
    fields = kwargs.get("update_fields")
    if fields is not None and field in fields and key not in fields:
        kwargs["update_fields"] = [*fields, key]


class Ask(Fact):
    """One requested action of a letter, and what became of it."""

    letter = models.ForeignKey(Letter, null=True, blank=True, on_delete=models.CASCADE, related_name="asks")
    # "stop the forcible repatriation of <names>": sealed like the letter's text when confidential.
    text = SealedTextField()
    target = SealedTextField(blank=True)
    status = models.CharField(max_length=30, default="open")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["letter", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def sealing_key(self) -> str | None:
        return self.letter.sealing_key() if self.letter_id else None


class Outcome(Fact):
    """What a letter reports became of earlier asks ("all of which have been repeatedly denied")."""

    letter = models.ForeignKey(
        Letter, null=True, blank=True, on_delete=models.CASCADE, related_name="outcomes"
    )
    text = SealedTextField()
    status = models.CharField(max_length=30, blank=True)

    def __str__(self) -> str:
        return self.text[:80]

    def sealing_key(self) -> str | None:
        return self.letter.sealing_key() if self.letter_id else None


class Incident(Fact):
    """A forcible repatriation: when, how many, from where to where, who.

    `count` is the count most sources give (reviewed statements first); when sources
    disagree every count stays on its statement and `conflicts()` shows them side by side.
    """

    date_start = models.CharField(max_length=10, blank=True, null=True)
    date_end = models.CharField(max_length=10, blank=True, null=True)
    date_precision = models.CharField(max_length=10, choices=Precision.choices, blank=True, null=True)
    count = models.PositiveIntegerField(null=True, blank=True)
    count_qualifier = models.CharField(max_length=20, choices=Qualifier.choices, blank=True, null=True)
    origin = models.CharField(max_length=200, default="China")
    destination = models.CharField(max_length=200, default="North Korea")
    who = models.CharField(max_length=300, blank=True)
    aggregate = models.BooleanField(default=False)  # a total over a period, not one event
    # The places its live statements name ({"Dandong": "public", "Onsong": "confidential"}), each
    # with the visibility of the most open statement that names it: a place read only in a
    # confidential document is kept from those who may not read it, even on a shown incident
    # (refwatch.knowledge.queries.Reader.places_of). Kept so by merge.refresh.
    places = models.JSONField(default=dict, blank=True)
    # What the live statements of the documents that are not confidential (those every reader
    # with a role reads) say of its count, as Reader.count_ranges computes it: the lowest figure,
    # the lowest and highest count, and how many statements. A summary kept true by merge.refresh
    # (which every change of a statement, its review or its document's visibility goes through),
    # so that an overview of 100,000 documents reads 20,000 rows rather than 700,000 statements.
    # Never from a confidential document: read as it is only for readers who see every other one.
    open_low = models.BigIntegerField(null=True, blank=True)
    open_least = models.BigIntegerField(null=True, blank=True)
    open_high = models.BigIntegerField(null=True, blank=True)
    open_statements = models.PositiveIntegerField(default=0)
    # The first and last day its dates can be and the month (or year) it starts, NULL when it has
    # no date to draw (refwatch.knowledge.drawn): computed by the database whenever the dates are
    # written, so that an overview reads them rather than working each out again (at 100,000
    # documents, of 20,000 incidents at every reading).
    drawn_start = models.GeneratedField(
        expression=DrawnDate("start"), output_field=models.CharField(max_length=10), db_persist=True
    )
    drawn_end = models.GeneratedField(
        expression=DrawnDate("end"), output_field=models.CharField(max_length=10), db_persist=True
    )
    drawn_period = models.GeneratedField(
        expression=DrawnDate("period"), output_field=models.CharField(max_length=10), db_persist=True
    )

    class Meta:
        ordering = ["date_start", "pk"]
        # The key an incident is merged by (refwatch.knowledge.merge.incident_for).
        indexes = [models.Index(fields=["date_start", "date_end", "origin", "destination", "aggregate"])]

    def __str__(self) -> str:
        return f"{self.count or '?'} returned, {self.date_start or 'date unknown'}"

    def counts(self) -> list[tuple[int | None, str | None, list[Statement]]]:
        """Each distinct (count, qualifier) the live statements give, with those statements."""
        groups: dict[tuple[int | None, str | None], list[Statement]] = {}
        for s in self.live_statements():
            v = s.values()
            groups.setdefault((v.get("count"), v.get("count_qualifier")), []).append(s)
        return [(c, q, ss) for (c, q), ss in groups.items()]

    def conflicts(self) -> list[tuple[int | None, str | None, list[Statement]]]:
        """The counts when the sources disagree on the number (empty when they agree)."""
        counts = self.counts()
        return counts if len({c for c, _, _ in counts if c is not None}) > 1 else []

    @property
    def attributions(self) -> list[str]:
        return sorted({a for s in self.live_statements() if (a := s.values().get("attributed_to"))})


class Figure(Fact):
    """A count of people other than a repatriation (children born, people detained)."""

    quantity = models.BigIntegerField()
    unit = models.CharField(max_length=200, blank=True)
    qualifier = models.CharField(max_length=20, choices=Qualifier.choices, blank=True, null=True)
    attributed_to = models.CharField(max_length=300, blank=True)
    # The places its live statements name, each with the visibility of the most open statement
    # naming it, as Incident.places (kept so by merge; read through Reader.places_of).
    places = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [models.Index(fields=["quantity", "unit"])]  # the key a figure is merged by

    def __str__(self) -> str:
        return f"{self.quantity:,} {self.unit}"


class Instrument(Fact):
    """A treaty, protocol, agreement or principle (1951 Convention, non-refoulement)."""

    name = models.CharField(max_length=300, unique=True)
    aliases = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StateParty(Fact):
    """A state bound by an instrument: ratified, acceded, signed, since when."""

    state = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="instruments")
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="parties")
    action = models.CharField(max_length=20, default="ratified")
    date = models.CharField(max_length=32, blank=True, null=True)

    def __str__(self) -> str:
        return f"{self.state} {self.action} {self.instrument} {self.date or ''}".strip()


class Commitment(Fact):
    """A promise someone made ("you committed to holding the PRC accountable")."""

    letter = models.ForeignKey(
        Letter, null=True, blank=True, on_delete=models.SET_NULL, related_name="commitments"
    )
    who = SealedTextField(blank=True)
    what = SealedTextField()
    where = SealedTextField(blank=True)
    when = models.CharField(max_length=32, blank=True, null=True)

    def __str__(self) -> str:
        return self.what[:80]

    def sealing_key(self) -> str | None:
        return self.letter.sealing_key() if self.letter_id else None


class Statement(models.Model):
    """One thing extraction found: an exact span of a document, and the fact it supports."""

    class Kind(models.TextChoices):
        REPATRIATION = "repatriation"
        FIGURE = "figure"
        LETTER = "letter"
        SENDER = "sender"
        RECIPIENT = "recipient"
        ASK = "ask"
        REFERENCE = "reference"
        COMMITMENT = "commitment"
        OUTCOME = "outcome"
        ACTOR = "actor"
        INSTRUMENT = "instrument"
        RATIFICATION = "ratification"
        DATE = "date"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="statements")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    # A quote and the extractor's record of a confidential document are evidence: sealed like its text.
    quote = SealedTextField(blank=True)
    # The characters to highlight when they are narrower than the quote (the "600 … on
    # October 9, 2023" inside the sentence that says it).
    mark_start = models.PositiveIntegerField(null=True, blank=True)
    mark_end = models.PositiveIntegerField(null=True, blank=True)
    extractor = models.CharField(max_length=60, blank=True)
    extractor_version = models.CharField(max_length=32, blank=True)
    confidence = models.FloatField(default=0.5)
    review = models.CharField(max_length=10, choices=Review.choices, default=Review.SUGGESTED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    record = SealedJSONField(default=dict)  # the extractor's record, every field, as it came
    edited = SealedJSONField(default=dict, blank=True)  # an analyst's corrections of `record`
    # What a newer extractor reads where a person had decided (refwatch.knowledge.reextract):
    # {"record": its record, or None when it no longer finds the statement, "version": …}.
    outdated = SealedJSONField(default=dict, blank=True)
    visibility = models.CharField(max_length=12, choices=Visibility.choices, default=Visibility.INTERNAL)
    # The places of the gazetteer its sentences name, for a kind whose record has none of its own
    # (a figure: refwatch.knowledge.places). Where a confidential event happened can say who was
    # there: sealed like the record.
    places = SealedJSONField(default=list, blank=True)

    # The fact this statement supports (at most one is set).
    incident = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements"
    )
    letter = models.ForeignKey(
        Letter, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements"
    )
    party = models.ForeignKey(
        LetterParty, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements"
    )
    ask = models.ForeignKey(Ask, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements")
    outcome = models.ForeignKey(
        Outcome, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements"
    )
    figure = models.ForeignKey(
        Figure, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements"
    )
    actor = models.ForeignKey(
        Actor, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements"
    )
    instrument = models.ForeignKey(
        Instrument, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements"
    )
    state_party = models.ForeignKey(
        StateParty, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements"
    )
    commitment = models.ForeignKey(
        Commitment, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements"
    )
    reference = models.ForeignKey(
        LetterReference, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements"
    )

    class Meta:
        ordering = ["document", "start", "pk"]
        indexes = [
            models.Index(fields=["document", "kind"]),
            # Verified facts (review accepted or corrected: few) and the review backlog, counted
            # from the index rather than from rows that carry quotes and records.
            models.Index(fields=["review", "document"], name="knowledge_statement_review"),
            # The statements within a passage (search's review and actor facets), read from the
            # index alone: the rows carry quotes and records.
            models.Index(
                fields=["document", "start", "end", "review", "actor"], name="knowledge_statement_spans"
            ),
            # The statements of incidents in the order they are shown (Reader.statements_for,
            # first_statements): read from the index in that order rather than sorted.
            models.Index(fields=["incident", "document", "start"], name="knowledge_statement_incident"),
            # The figures that documents of a period say (Reader.figures_said_within, the map's
            # figures): from the index alone, where SQLite read every statement (150 ms at
            # 100,000 documents, 35 ms so).
            models.Index(fields=["figure", "document", "start", "review"], name="knowledge_statement_figure"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} [{self.start}:{self.end}] {self.quote[:60]}"

    def sealing_key(self) -> str | None:
        # A statement that names a protected person stays sealed when its document is opened
        # (store.set_visibility): were the key read from the visibility alone, the next save of
        # it (a review, a re-extraction) would write the name in clear.
        if self.visibility == Visibility.CONFIDENTIAL or self.names_protected_person():
            return self.document.sha256
        return None

    def names_protected_person(self) -> bool:
        """Whether its words name a protected person; True when that cannot be known."""
        words = json.dumps(
            [self.quote, self.record, self.edited, self.outdated, self.places], ensure_ascii=False
        )
        # Each sealed field of a save asks again (five a row): the answer is kept for the same
        # words under the same protected names, and asked anew when either has changed.
        state = pseudonyms.state()
        kept = self.__dict__.get("_named_answer")
        if state is not None and kept is not None and kept[0] == state and kept[1] == words:
            return kept[2]
        try:
            named = pseudonyms.pseudonymise(words) != words
        except Exception:
            return True
        if state is not None:
            self._named_answer = (state, words, named)
        return named

    def values(self) -> dict[str, Any]:
        """The record as the analyst left it: their edits over what the extractor found."""
        return {**self.record, **self.edited}

    @property
    def live(self) -> bool:
        return self.review != Review.REJECTED

    @property
    def highlight(self) -> tuple[int, int]:
        if self.mark_start is not None and self.mark_end is not None:
            return self.mark_start, self.mark_end
        return self.start, self.end

    @property
    def fact(self) -> models.Model | None:
        for name in FACT_FIELDS:
            value = getattr(self, name)
            if value is not None:
                return value
        return None


class RecordGrant(models.Model):
    """A confidential record opened to a named user or group (besides protection officers).

    Part of the record's visibility (refwatch.knowledge.access), so kept with the record; its
    table keeps the name it was made with in refwatch.accounts.
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE)
    group = models.ForeignKey("auth.Group", null=True, blank=True, on_delete=models.CASCADE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "accounts_recordgrant"
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | models.Q(group__isnull=False),
                name="grant_names_someone",
            )
        ]

    def __str__(self) -> str:
        return f"grant on {self.content_type_id}:{self.object_id}"


class ReviewEvent(models.Model):
    """One review decision on a statement: who, when, what they decided and changed.

    Append-only history; the statement carries the latest state.
    """

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="review_events")
    review = models.CharField(max_length=10, choices=Review.choices)
    previous = models.CharField(max_length=10, choices=Review.choices)
    # An analyst's corrections and note on a confidential statement can name whom it names.
    corrections = SealedJSONField(default=dict, blank=True)
    note = SealedTextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["statement", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.previous} → {self.review} ({self.at:%Y-%m-%d %H:%M})"

    def sealing_key(self) -> str | None:
        return self.statement.sealing_key()


# Statement fields that point to a fact, most specific first (a sender's statement names
# its party before its letter).
FACT_FIELDS = (
    "incident",
    "ask",
    "party",
    "outcome",
    "figure",
    "commitment",
    "reference",
    "state_party",
    "instrument",
    "actor",
    "letter",
)


class Passage(models.Model):
    """A stretch of a document's text (a paragraph, or part of a long one) as the search index
    holds it (refwatch.knowledge.search): its text with every protected name replaced by its
    pseudonym, never a confidential document's. `start`/`end` are offsets in the document's own
    text, so that a hit is shown from the text as its reader may see it and links to its place."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="passages")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    # Copied from the document, so that a search filters and counts without a join.
    doc_type = models.CharField(max_length=20, default="other")
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    visibility = models.CharField(max_length=12, choices=Visibility.choices, default=Visibility.INTERNAL)
    # What the statements within it say, for a search's review and actor facets (read with the
    # match, not by a join with the statements): the review states of the statements within it
    # and the actors of those not rejected, comma-separated ("" for none). Written by the
    # database's triggers (migration 0029) on every write of a statement or a passage, never
    # by this code; NULL only if they have not run, when the search joins the statements.
    reviews = models.TextField(null=True, blank=True, editable=False)
    actors = models.TextField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["document", "start"]
        indexes = [models.Index(fields=["visibility", "doc_type", "year"], name="knowledge_passage_facets")]

    def __str__(self) -> str:
        return f"passage [{self.start}:{self.end}] of document {self.document_id}"


class PassagePlace(models.Model):
    """A place of the gazetteer that a passage of the search index names (in its pseudonymised
    text, as the index holds it): the search's place facet, counted by the database."""

    passage = models.ForeignKey(Passage, on_delete=models.CASCADE, related_name="places")
    place = models.CharField(max_length=80)

    class Meta:
        indexes = [
            models.Index(fields=["place", "passage"], name="knowledge_passage_place"),
            # The places of each passage matched, read from the index alone (the place facet of a
            # search: at 100,000 documents, 'Dandong repatriated' matches 4,573 passages naming
            # 135,989 places in all; 3.5 -> 2.3 ms in SQLite).
            models.Index(fields=["passage", "place"], name="knowledge_passage_places"),
        ]

    def __str__(self) -> str:
        return f"{self.place} in passage {self.passage_id}"


class Upload(models.Model):
    """A file handed in to be read in the background, and what became of it.

    The bytes wait under settings.INCOMING_DIR (sealed when confidential) until a worker takes
    the upload: `status` goes queued → processing → added, skipped or refused (with `reason`).
    A worker takes an upload only by moving it from queued to processing in one UPDATE, so two
    workers never read the same file (refwatch.knowledge.uploads.take).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "queued"
        PROCESSING = "processing", "processing"
        ADDED = "added", "added"
        SKIPPED = "skipped", "skipped"
        REFUSED = "refused", "refused"

    sha256 = models.CharField(max_length=64)
    # The file's name and a refusal's reason (which quotes it) can name a person: sealed alike.
    name = SealedTextField()
    size = models.PositiveBigIntegerField(default=0)
    visibility = models.CharField(max_length=12, choices=Visibility.choices, default=Visibility.INTERNAL)
    meta = SealedJSONField(default=dict, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED, db_index=True)
    reason = SealedTextField(blank=True)
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="uploads"
    )
    facts = models.JSONField(default=dict, blank=True)  # kind of fact → how many the document supports
    # Who holds it while processing: "host:pid:…" (uploads.recover gives back those of dead workers).
    worker = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    submitted_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return f"upload {self.pk} ({self.status})"

    @property
    def confidential(self) -> bool:
        return self.visibility == Visibility.CONFIDENTIAL

    @property
    def waiting(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.PROCESSING)

    def sealing_key(self) -> str | None:
        return self.sha256 if self.confidential else None


class WatchedSource(models.Model):
    """A feed or a listing page polled for new documents (refwatch.watching), and how it went.

    `next_poll_at` is its schedule; a poller takes a due source by setting `polling_by` in one
    conditional UPDATE (refwatch.knowledge.watch.claim), so two workers never poll it at once.
    `etag` and `last_modified` are what the source's last answer said, sent back so that an
    unchanged source answers 304.
    """

    class Kind(models.TextChoices):
        FEED = "feed", "feed"
        PAGE = "page", "page"

    url = models.CharField(max_length=2000, unique=True)
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.FEED)
    every = models.PositiveIntegerField(default=3600)  # seconds between two polls
    # The visibility its documents are added with.
    visibility = models.CharField(max_length=12, choices=Visibility.choices, default=Visibility.INTERNAL)
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    next_poll_at = models.DateTimeField(db_index=True)
    last_poll_at = models.DateTimeField(null=True, blank=True)
    last_status = models.CharField(max_length=12, blank=True)  # "ok", "error" ("" before any poll)
    last_outcome = models.TextField(blank=True)  # "2 new", "nothing new", or the error and why
    polling_by = models.CharField(max_length=200, blank=True)
    polling_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "url"]

    def __str__(self) -> str:
        return f"{self.name} <{self.url}>"


class WatchPoll(models.Model):
    """One poll of a watched source: what it found, and each item's outcome (the poll log)."""

    class Status(models.TextChoices):
        OK = "ok", "ok"
        NOT_MODIFIED = "not_modified", "not modified"
        ERROR = "error", "error"

    source = models.ForeignKey(WatchedSource, on_delete=models.CASCADE, related_name="polls")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=12, choices=Status.choices)
    added = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    reason = models.TextField(blank=True)
    # [{"url": …, "outcome": "added" | "skipped" | "refused" | "later", "reason": …}, …]
    items = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-finished_at", "-id"]


class WatchedItem(models.Model):
    """An address a watched source listed, once settled: added (its document), skipped (the same
    bytes were stored already) or refused (why). An address settled is never fetched again. One
    that failed for a passing reason (a timeout, a 5xx) waits: it is tried again at the first poll
    after `next_try_at`, each wait twice the last, and refused once `attempts` reach the cap. One
    waiting that its source no longer lists is dropped: nothing would ever try it again, so it
    stops showing as waiting; should the source list it again, it is tried again."""

    class Status(models.TextChoices):
        ADDED = "added", "added"
        SKIPPED = "skipped", "skipped"
        REFUSED = "refused", "refused"
        WAITING = "waiting", "to try again"
        DROPPED = "dropped", "no longer listed"

    # The SHA-256 of the normalised address: unique whatever its length (an index on the address
    # itself would be too long for some databases).
    url_key = models.CharField(max_length=64, unique=True)
    url = models.TextField()
    source = models.ForeignKey(
        WatchedSource, null=True, blank=True, on_delete=models.SET_NULL, related_name="watched_items"
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    reason = models.TextField(blank=True)
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="watched_items"
    )
    published = models.CharField(max_length=32, blank=True)
    seen_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=1)  # fetches tried, the last one included
    next_try_at = models.DateTimeField(null=True, blank=True)  # when waiting: not tried before


class WatchHost(models.Model):
    """A host that watched sources are fetched from, and the time before which it is not asked
    again: the spacing of requests to one host holds for every process that polls, on every
    machine sharing the database (refwatch.knowledge.watch.HostTurns books turns in it)."""

    host = models.CharField(max_length=300, unique=True)
    next_at = models.DateTimeField()


class DigestDay(models.Model):
    """A day's digest, claimed by the one worker that sends it (the unique day: never twice)."""

    day = models.DateField(unique=True)
    by = models.CharField(max_length=200)
    started_at = models.DateTimeField()
    since = models.DateTimeField()  # what it holds: what was added after this
    finished_at = models.DateTimeField(null=True, blank=True)
    sent = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)


class Visit(models.Model):
    """When a user last looked at what is new (/new/), and the time their current visit shows
    what came after (their previous visit's)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_seen_at = models.DateTimeField()
    since = models.DateTimeField(null=True, blank=True)


class WorkerBeat(models.Model):
    """The last sign of life of a process that reads the queue (`refwatch worker`, or the worker
    thread of `refwatch serve`): it writes its beat every REFWATCH_WORKER_BEAT_SECONDS while it
    runs and removes its row when it stops; a row older than REFWATCH_WORKER_STALE_SECONDS is a
    worker that died without a word (refwatch.knowledge.workers)."""

    worker = models.CharField(max_length=200, unique=True)  # uploads.worker_name(): host:pid:tail
    host = models.CharField(max_length=100)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)
    stopped_at = models.DateTimeField(null=True, blank=True)  # when it stopped as asked
