"""Full-text search of the record: passages of documents, ranked, with facets, for one reader.

The index (Passage rows, and the database's own full-text index over them: an FTS5 table on
SQLite, a GIN index of their tsvector on PostgreSQL, migration 0009) holds what no reader could
misuse: each passage's text with every protected name replaced by its pseudonym, and nothing of
a confidential document. A confidential document is searched in memory, through the Reader, for
those who may read it. So a name that is protected is never matched for a reader who may not see
it (it is not in the index, and its words are taken out of their query), and a confidential
document is found only by whom the Reader lets read it.

The index follows the documents: `index_document` runs after every save of a document (a signal
of this app, see apps.py), deletion cascades to its passages (the triggers keep FTS5 in step),
and a name protected later re-indexes the documents that hold it (`reindex_names`, called by
refwatch.protection when it learns a name). What the statements within a passage say (their
review states, their actors), which the review and actor facets count, is written on the passage
by the database's own triggers on every write of a statement or a passage (migration 0029).

Read through `Reader.search` (refwatch.knowledge.queries): never from a page directly.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction

from refwatch.knowledge import pseudonyms
from refwatch.knowledge.models import Actor, Document, Passage, PassagePlace, Review, Statement, Visibility
from refwatch.knowledge.places import places_in
from refwatch.roles import PROTECTION_OFFICER

if TYPE_CHECKING:
    from refwatch.knowledge.queries import Reader

log = logging.getLogger(__name__)

# A query longer than this is cut (a pasted page is not a query); so is its number of words.
MAX_QUERY = 300
MAX_TERMS = 12
# The deepest a search pages: the best this many passages (its total and facets count them all).
CANDIDATES = 500
# The values a facet lists (the most frequent first), for the facets of many values (actors).
FACET_VALUES = 15
# A passage is a paragraph, or a run of its sentences up to about this many characters.
PASSAGE_CHARS = 600

_WORD = re.compile(r"\w+", re.UNICODE)
_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n")
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+")
# A pseudonym ("Returnee R-0042"): its number says which person it is, which a reader who may
# not see that person must not be able to search for.
_PSEUDONYM_NUMBER = re.compile(r"\b[Rr]\s*-\s*\d+\b")
_HYPHENS = re.compile(r"[-\u2010-\u2015\u2212]")
_YEAR = re.compile(r"^(\d{4})")

REVIEW_FACETS = (Review.SUGGESTED, Review.ACCEPTED, Review.EDITED, Review.REJECTED)
NO_STATEMENT = "none"


# --- passages ------------------------------------------------------------------------------------


def passages(text: str) -> list[tuple[int, int]]:
    """The passages of a text as (start, end) offsets: paragraphs, long ones cut at sentence ends
    (or, for a sentence without end, at a space), each without its surrounding blanks."""
    out: list[tuple[int, int]] = []
    pos = 0
    bounds = [m.start() for m in _PARAGRAPH.finditer(text)] + [len(text)]
    for end in bounds:
        _cut(text, pos, end, out)
        pos = end
    return out


def _cut(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return
    if end - start <= PASSAGE_CHARS:
        out.append((start, end))
        return
    breaks = [m.end() for m in _SENTENCE_END.finditer(text, start, end)]
    cut = max((b for b in breaks if b - start <= PASSAGE_CHARS), default=None)
    if cut is None or cut <= start:
        space = text.rfind(" ", start, start + PASSAGE_CHARS)
        cut = space + 1 if space > start else start + PASSAGE_CHARS
    _cut(text, start, cut, out)
    _cut(text, cut, end, out)


def year_of(doc_date: str | None, published: str | None = None) -> int | None:
    for value in (doc_date, published):
        m = _YEAR.match(value or "")
        if m and 1000 <= int(m.group(1)) <= 2999:
            return int(m.group(1))
    return None


# --- keeping the index -----------------------------------------------------------------------


def index_document(document: Document) -> int:
    """Replace the passages of `document` in the index; a confidential one is taken out and left
    out. Returns how many passages it now has there."""
    with transaction.atomic():
        had = Passage.objects.filter(document_id=document.pk).delete()[0]
        if document.visibility == Visibility.CONFIDENTIAL:
            if had:
                # Its words were in clear in the index: merged away, not left in old segments.
                _optimize()
            return 0
        try:
            rows = passage_rows(document)
        except pseudonyms.NotInstalled:
            # No name protection, no index: the document is stored but not found by search
            # until it is indexed again with protection installed (fails closed).
            log.warning("document %s not indexed for search: no name protection installed", document.pk)
            return 0
        made = Passage.objects.bulk_create(Passage(**row) for row in rows)
        if made and made[0].pk is None:  # a database that gives no ids back from a bulk insert
            made = list(Passage.objects.filter(document_id=document.pk).order_by("start"))
        PassagePlace.objects.bulk_create(
            PassagePlace(passage_id=p.pk, place=name) for p in made for name in places_in(p.text)
        )
    return len(rows)


# What of a document the index holds: a save of other columns leaves its passages as they are.
_INDEXED = frozenset({"text", "visibility", "doc_type", "doc_date", "published"})


def document_saved(sender: Any, instance: Document, raw: bool = False, **kwargs: Any) -> None:
    """After every save of a document (ingest, re-extraction, a change of visibility): its
    passages replaced, or removed when it is confidential (connected in apps.py)."""
    fields = kwargs.get("update_fields")
    if raw or (fields is not None and not _INDEXED & set(fields)):
        return
    index_document(instance)


def passage_rows(document: Any) -> list[dict[str, Any]]:
    """The index rows of a document that is not confidential (fields of Passage), its names
    pseudonymised; `document` may be a migration's historical model."""
    text = document.text or ""
    year = year_of(document.doc_date, document.published)
    spans = passages(text)
    # Hyphens as spaces: PostgreSQL's parser reads "R-0042" as "r" and "-0042" (a signed number),
    # which the words of a query never are; FTS5 splits at them anyway.
    masked = [_HYPHENS.sub(" ", t) for t in _pseudonymised([text[a:b] for a, b in spans])]
    return [
        {
            "document_id": document.pk,
            "start": a,
            "end": b,
            "text": t,
            "year": year,
            "doc_type": document.doc_type or "other",
            "visibility": document.visibility,
        }
        for (a, b), t in zip(spans, masked, strict=True)
    ]


def _pseudonymised(texts: list[str]) -> list[str]:
    """Each text with its protected names replaced by their pseudonyms. Without name protection
    nothing is indexed (raises): a passage never goes into the index unprotected."""
    return [pseudonyms.pseudonymise(t) if t else t for t in texts]


def reindex(document_ids: Iterable[int]) -> int:
    """Index the given documents again (after the migration that made the index, or a name newly
    protected); how many passages they now have."""
    n = 0
    for doc in Document.objects.filter(pk__in=list(document_ids)).order_by("pk"):
        n += index_document(doc)
    return n


def reindex_names(names: Iterable[str]) -> int:
    """Index again every document whose passages hold one of `names` in clear (a name protected
    after its documents were indexed): from then on only its pseudonym is there."""
    docs: set[int] = set()
    for name in names:
        words = _words(name)
        if not words:
            continue
        ids = [pid for pid, _score in _index_hits(words, None, limit=100_000)]
        docs |= set(Passage.objects.filter(pk__in=ids).values_list("document_id", flat=True))
        if _JOINED_SCRIPT.search(name):
            # Korean writes its particles onto the name ("김철수는", "김철수의"): the index holds
            # that whole word, which a search for the name does not match. A scan of the passages'
            # text, on a protection only, is what finds them.
            docs |= set(Passage.objects.filter(text__contains=name).values_list("document_id", flat=True))
    if not docs:
        return 0
    n = reindex(docs)
    _optimize()
    return n


# Scripts whose words take their particles without a space (Hangul).
_JOINED_SCRIPT = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")


def _optimize() -> None:
    """Merge the FTS5 index's segments: a deleted passage's words leave the file then, not later."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO knowledge_passage_fts(knowledge_passage_fts) VALUES ('optimize')")


# --- the query ---------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def query_terms(query: str, *, sees_names: bool) -> list[str]:
    """The words a query is searched by. A protected name in it is replaced by its pseudonym for
    a reader who may see who it is (the index holds the pseudonym), and taken out for anyone else,
    with any pseudonym's number; if names cannot be checked, nothing is searched."""
    text = (query or "")[:MAX_QUERY]
    if not sees_names:
        text = _PSEUDONYM_NUMBER.sub(" ", text)
    plain = _words(text)
    if not plain:
        return []
    try:
        masked = _words(pseudonyms.pseudonymise(text))
    except Exception:
        log.warning("search: protected names could not be checked; the query is not run")
        return []
    if sees_names:
        chosen = masked
    else:
        gone = set(plain) - set(masked)
        chosen = [w for w in plain if w not in gone]
    return list(dict.fromkeys(w[:64] for w in chosen))[:MAX_TERMS]


def _index_hits(terms: list[str], visibilities: list[str] | None, *, limit: int) -> list[tuple[int, float]]:
    """(passage id, score) of the passages holding every term, best first."""
    if not terms:
        return []
    where_vis = ""
    params: list[Any] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if visibilities is not None:
                where_vis = " AND p.visibility = ANY(%s)"
            sql = (
                "SELECT p.id, ts_rank(to_tsvector('english', p.text), q) AS score "
                "FROM knowledge_passage p, plainto_tsquery('english', %s) q "
                "WHERE to_tsvector('english', p.text) @@ q"
                + where_vis
                + " ORDER BY score DESC, p.id LIMIT %s"
            )
            params = [" ".join(terms)] + ([visibilities] if visibilities is not None else []) + [limit]
        else:
            if visibilities is not None:
                where_vis = " AND p.visibility IN ({})".format(", ".join(["%s"] * len(visibilities)))
            sql = (
                "SELECT p.id, -bm25(knowledge_passage_fts) AS score FROM knowledge_passage_fts "
                "JOIN knowledge_passage p ON p.id = knowledge_passage_fts.rowid "
                "WHERE knowledge_passage_fts MATCH %s" + where_vis + " ORDER BY score DESC, p.id LIMIT %s"
            )
            match = " ".join('"' + t.replace('"', '""') + '"' for t in terms)
            params = [match, *(visibilities or []), limit]
        cursor.execute(sql, params)
        return [(int(pk), float(score)) for pk, score in cursor.fetchall()]


# --- matching in memory (confidential documents) ---------------------------------------------------

_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "ly", "s")


def stem(word: str) -> str:
    """A rough English stem ("cities" → "citi", "repatriated" → "repatriat"), so that a word and
    its plural or tense match in memory and in the marks as they do in the index."""
    w = word.casefold().removesuffix("'s").removesuffix("’s")
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            break
    return w.rstrip("e") if len(w) > 4 else w


def term_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Where the words of `text` that match one of `terms` are (for highlighting)."""
    stems = {stem(t) for t in terms}
    return [(m.start(), m.end()) for m in _WORD.finditer(text) if stem(m.group()) in stems]


def _matches(text: str, terms: list[str]) -> int:
    """How many words of `text` match a term, or 0 unless every term is there."""
    stems = [stem(w) for w in _words(text)]
    counts = Counter(stems)
    wanted = {stem(t) for t in terms}
    if any(counts[s] == 0 for s in wanted):
        return 0
    return sum(counts[s] for s in wanted)


# --- results -----------------------------------------------------------------------------------------


@dataclass
class Hit:
    """One passage found: its document, its offsets in the document's text, its score, and the
    live statements within it this reader may see (the facts it supports)."""

    document: Document
    start: int
    end: int
    score: float
    doc_type: str = "other"
    year: int | None = None
    reviews: frozenset[str] = frozenset()
    statements: list[Statement] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        """The place in the document page: the first statement within it, else the passage."""
        # A statement that is the whole letter starts before every passage but its first.
        inside = [
            s for s in self.statements if self.start <= s.start < self.end and s.review != Review.REJECTED
        ]
        return f"s{inside[0].pk}" if inside else f"at-{self.start}"


@dataclass
class Results:
    query: str
    terms: list[str]
    hits: list[Hit]
    total: int
    facets: dict[str, list[tuple[str, int]]]
    filters: dict[str, str]
    capped: bool = False  # more passages match than the pages reach (the best CANDIDATES)
    # What a facet's value is shown as, where it is not the value itself (an actor's id: its name
    # as this reader may see it).
    labels: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass
class _Candidate:
    document_id: int
    start: int
    end: int
    score: float
    doc_type: str
    year: int | None
    document: Document | None = None
    reviews: set[str] = field(default_factory=set)
    actors: set[int] = field(default_factory=set)
    places: list[str] = field(default_factory=list)


FILTERS = ("type", "year", "review", "actor", "place")


def search(
    reader: Reader,
    query: str,
    *,
    filters: dict[str, str] | None = None,
    offset: int = 0,
    limit: int = 20,
) -> Results:
    """The passages `reader` may see that hold every word of `query`, best first; `filters`
    ("type", "year", "review", "actor", "place") narrow them; facets count each filter's values
    over the others. The index is ranked, paged and counted by the database (a fixed number of
    queries, whatever the number of matches); confidential documents this reader may read are
    matched in memory and merged in."""
    filters = {k: str(v) for k, v in (filters or {}).items() if k in FILTERS and v not in (None, "")}
    terms = query_terms(query, sees_names=reader.may(PROTECTION_OFFICER))
    if not terms:
        return Results(query, [], [], 0, {}, filters)
    if "actor" in filters and filters["actor"] not in _actor_names(reader, [filters["actor"]]):
        return Results(query, terms, [], 0, {}, filters)
    visible = None if reader.is_system else (["public"] if reader.is_public else ["public", "internal"])
    # Not in a transaction of its own: on SQLite that would take the write lock (IMMEDIATE).
    with _Indexed(terms, visible) as indexed:
        return _results(reader, query, terms, filters, indexed, offset, limit)


def _results(
    reader: Reader,
    query: str,
    terms: list[str],
    filters: dict[str, str],
    indexed: _Indexed,
    offset: int,
    limit: int,
) -> Results:
    secret = _confidential(reader, terms)
    _add_statements(reader, secret)
    chosen = [c for c in secret if _passes(c, filters)]
    offset, limit = max(0, offset), max(0, limit)
    found = indexed.page(filters, offset + limit) + chosen
    found.sort(key=lambda c: (-c.score, c.document_id, c.start))
    facets: dict[str, list[tuple[str, int]]] = {}
    grid = indexed.grid(filters)
    said = indexed.statement_facets(filters)
    for key in FILTERS:
        counted = grid.get(key, said.get(key))
        counts = Counter(dict(counted if counted is not None else indexed.facet(key, filters)))
        for c in secret:
            if _passes(c, filters, skip=key):
                counts.update(_value(c, key))
        facets[key] = _ordered(key, counts)
    labels = {"actor": _actor_names(reader, [v for v, _ in facets["actor"]] + [filters.get("actor", "")])}
    facets["actor"] = [(v, n) for v, n in facets["actor"] if v in labels["actor"]]
    total = (grid["total"][0][1] if grid else indexed.count(filters)) + len(chosen)
    page = _hits(reader, found[offset : offset + limit])
    return Results(query, terms, page, total, facets, filters, total > CANDIDATES, labels)


def _ordered(key: str, counts: Counter[str]) -> list[tuple[str, int]]:
    if key == "year":
        return sorted(counts.items(), key=lambda kv: kv[0], reverse=True)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return ranked[:FACET_VALUES] if key in ("actor", "place") else ranked


def _actor_names(reader: Reader, ids: list[str]) -> dict[str, str]:
    """The names of the actors of a facet that this reader may see, by id. An actor they may not
    see, or whose name is hidden from them (a protected person), is left out: choosing them would
    search for that person, which their pseudonym's number may not be either (query_terms)."""
    wanted = {int(v) for v in ids if v.isdigit()}
    if not wanted:
        return {}
    names = dict(reader.fact_rows(Actor, pk__in=wanted).values_list("pk", "name"))
    if reader.is_system:
        return {str(pk): name for pk, name in names.items()}
    return {str(pk): name for pk, name in names.items() if not pseudonyms.withholds(name, reader.user)}


def _other_than(visibilities: list[str]) -> tuple[str, list[Any]]:
    """The ids of the documents whose visibility is none of `visibilities` (sorted), read from
    the index of visibilities as the ranges between them: few rows (the confidential documents,
    and any of a visibility no one knows, so that it fails closed) where a join read every matched
    passage's document row, whose visibility lies past its text (~6 of the ~29 ms of the match of
    'Dandong repatriated' at 100,000 documents)."""
    if not visibilities:
        return "SELECT id FROM knowledge_document", []
    ranges = ["visibility < %s"]
    params: list[Any] = [visibilities[0]]
    for low, high in itertools.pairwise(visibilities):
        ranges.append("(visibility > %s AND visibility < %s)")
        params += [low, high]
    ranges.append("visibility > %s")
    params.append(visibilities[-1])
    return f"SELECT id FROM knowledge_document WHERE {' OR '.join(ranges)}", params


class _Indexed:
    """The passages of the index that hold every term: matched once by the database (FTS5 on
    SQLite, a tsvector on PostgreSQL) into a temporary table of this connection, with their
    score; then filtered, ranked, paged, counted and faceted from that table, so that a page of
    results runs the match once, not once for each count and facet. Used as a context manager:
    the table is dropped on leaving (or rolled back with the transaction it was made in), and
    dropped first if a failure left it.

    On PostgreSQL making it takes a transaction id, which no longer matters to the pages kept
    under the token of the record (refwatch.knowledge.record_changes counts only writes of the
    record's tables). A WITH ... AS MATERIALIZED in each query instead would run the match,
    a tsvector of every matching passage, once for each of the page, the count and each facet."""

    TABLE = "refwatch_search_matched"

    def __init__(self, terms: list[str], visibilities: list[str] | None) -> None:
        # Visibility twice: the passage's copy, and its document's own (which governs), the
        # latter as "not one of the documents of other visibilities" (see _other_than).
        if connection.vendor == "postgresql":
            score = "ts_rank(to_tsvector('english', p.text), q)"
            source = (
                "FROM knowledge_passage p, plainto_tsquery('english', %s) q "
                "WHERE to_tsvector('english', p.text) @@ q"
            )
            params: list[Any] = [" ".join(terms)]
        else:
            score = "-bm25(knowledge_passage_fts)"
            source = (
                "FROM knowledge_passage_fts JOIN knowledge_passage p ON p.id = knowledge_passage_fts.rowid "
                "WHERE knowledge_passage_fts MATCH %s"
            )
            params = [" ".join('"' + t.replace('"', '""') + '"' for t in terms)]
        if visibilities is not None:
            marks = ", ".join(["%s"] * len(visibilities))
            unseen, unseen_params = _other_than(sorted(visibilities))
            source += f" AND p.visibility IN ({marks}) AND p.document_id NOT IN ({unseen})"
            params += [*visibilities, *unseen_params]
        else:
            source += " AND p.document_id NOT IN (SELECT id FROM knowledge_document WHERE visibility = %s)"
            params.append(Visibility.CONFIDENTIAL)
        self.match = (
            f'CREATE TEMPORARY TABLE {self.TABLE} AS SELECT p.id, p.document_id, p.start, p."end", '
            f"p.doc_type, p.year, p.reviews, p.actors, {score} AS score {source}"
        )
        self.match_params = params
        self.score = "p.score"
        self.source = f"FROM {self.TABLE} p WHERE 1 = 1"
        self.params: list[Any] = []

    def __enter__(self) -> _Indexed:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.TABLE}")  # left by a connection's crash
            cursor.execute(self.match, self.match_params)
        return self

    def __exit__(self, kind: object, *exc: object) -> None:
        if kind is not None and connection.in_atomic_block:
            return  # its transaction is rolled back, the table with it (a DROP would fail there)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.TABLE}")

    def _where(self, filters: dict[str, str], skip: str = "") -> tuple[str, list[Any]]:
        sql, params = self.source, list(self.params)
        for key, value in filters.items():
            if key == skip:
                continue
            clause, args = _CLAUSES[key](value)
            sql += " AND " + clause
            params += args
        return sql, params

    def _rows(self, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())

    def page(self, filters: dict[str, str], upto: int) -> list[_Candidate]:
        """The best `upto` passages that pass `filters`."""
        if upto <= 0:
            return []
        where, params = self._where(filters)
        sql = (
            f'SELECT p.document_id, p.start, p."end", {self.score} AS score, p.doc_type, p.year {where} '
            "ORDER BY score DESC, p.document_id, p.start LIMIT %s"
        )
        return [
            _Candidate(d, a, b, float(score), t, y)
            for d, a, b, score, t, y in self._rows(sql, [*params, upto])
        ]

    def count(self, filters: dict[str, str]) -> int:
        where, params = self._where(filters)
        return int(self._rows(f"SELECT COUNT(*) {where}", params)[0][0])

    def grid(self, filters: dict[str, str]) -> dict[str, list[tuple[str, int]]]:
        """When neither kind nor year is filtered on: the total and both their facets from one
        GROUP BY (the commonest search asks three queries less); else nothing."""
        if "type" in filters or "year" in filters:
            return {}
        where, params = self._where(filters)
        types: Counter[str] = Counter()
        years: Counter[str] = Counter()
        for doc_type, year, n in self._rows(
            f"SELECT p.doc_type, p.year, COUNT(*) {where} GROUP BY p.doc_type, p.year", params
        ):
            types[str(doc_type)] += int(n)
            years[str(year) if year else "undated"] += int(n)
        return {
            "total": [("", sum(types.values()))],
            "type": list(types.items()),
            "year": list(years.items()),
        }

    def statement_facets(self, filters: dict[str, str]) -> dict[str, list[tuple[str, int]]]:
        """When neither review nor actor is filtered on (their facets then count the same
        passages): both facets, as `facet` counts each, from what each passage's statements say
        (Passage.reviews and .actors, kept by the database's triggers) grouped: a few rows where a
        join of every matched passage with the statements within it took ~17 of ~55 ms at 100,000
        documents (2 ms so). Else nothing."""
        if "review" in filters or "actor" in filters:
            return {}
        where, params = self._where(filters)
        reviews: Counter[str] = Counter()
        actors: Counter[int] = Counter()
        for said, named, n in self._rows(
            f"SELECT p.reviews, p.actors, COUNT(*) {where} GROUP BY p.reviews, p.actors", params
        ):
            if said is None or named is None:
                # Not written (a passage the triggers have not seen): counted from the statements.
                return self._statement_facets_joined(where, params)
            reviews.update(dict.fromkeys(said.split(",") if said else [NO_STATEMENT], int(n)))
            actors.update(dict.fromkeys((int(a) for a in named.split(",") if a), int(n)))
        # The first FACET_VALUES * 2 as the join's ORDER BY n DESC, actor_id LIMIT gave them.
        top = sorted(actors.items(), key=lambda kv: (-kv[1], kv[0]))[: FACET_VALUES * 2]
        return {"review": list(reviews.items()), "actor": [(str(a), n) for a, n in top]}

    def _statement_facets_joined(self, where: str, params: list[Any]) -> dict[str, list[tuple[str, int]]]:
        """Both facets from one join of the passages with the statements within them."""
        rejected = Review.REJECTED.value
        sql = (
            f'WITH o AS MATERIALIZED (SELECT m.id, s.review, s.actor_id FROM (SELECT p.id, p.document_id, p.start, p."end" {where}) m '
            f'LEFT JOIN knowledge_statement s ON s.document_id = m.document_id AND s.start < m."end" AND m.start < s."end") '
            "SELECT 'review', o.review, NULL, COUNT(DISTINCT o.id) FROM o GROUP BY o.review "
            "UNION ALL SELECT 'actor', NULL, a.actor_id, a.n FROM (SELECT o.actor_id, COUNT(DISTINCT o.id) AS n FROM o "
            f"WHERE o.actor_id IS NOT NULL AND o.review <> '{rejected}' "
            f"GROUP BY o.actor_id ORDER BY n DESC, o.actor_id LIMIT {FACET_VALUES * 2}) a"
        )
        out: dict[str, list[tuple[str, int]]] = {"review": [], "actor": []}
        for key, review, actor, n in self._rows(sql, params):
            if key == "review":
                out["review"].append((NO_STATEMENT if review is None else str(review), int(n)))
            else:
                out["actor"].append((str(actor), int(n)))
        return out

    def facet(self, key: str, filters: dict[str, str]) -> list[tuple[str, int]]:
        """(value, passages) of facet `key` over the passages that pass the other filters."""
        where, params = self._where(filters, skip=key)
        matched = f'(SELECT p.id, p.document_id, p.start, p."end", p.doc_type, p.year {where}) m'
        overlapping = 's.document_id = m.document_id AND s.start < m."end" AND m.start < s."end"'
        if key == "type":
            sql = f"SELECT m.doc_type, COUNT(*) FROM {matched} GROUP BY m.doc_type"
        elif key == "year":
            sql = f"SELECT m.year, COUNT(*) FROM {matched} GROUP BY m.year"
        elif key == "place":
            sql = (
                f"SELECT pp.place, COUNT(*) FROM {matched} CROSS JOIN knowledge_passageplace pp WHERE pp.passage_id = m.id "
                f"GROUP BY pp.place ORDER BY COUNT(*) DESC, pp.place LIMIT {FACET_VALUES}"
            )
        elif key == "actor":
            sql = (
                # CROSS JOIN: the matched passages first (SQLite knows nothing of the size of a
                # temporary table, and would otherwise read every statement naming an actor).
                f"SELECT s.actor_id, COUNT(DISTINCT m.id) FROM {matched} CROSS JOIN knowledge_statement s "
                f"WHERE {overlapping} AND s.actor_id IS NOT NULL AND s.review <> '{Review.REJECTED.value}' "
                f"GROUP BY s.actor_id ORDER BY COUNT(DISTINCT m.id) DESC, s.actor_id LIMIT {FACET_VALUES * 2}"
            )
        else:
            sql = (
                # A passage with no statement within it joins none: its review is NULL ("none").
                f"SELECT s.review, COUNT(DISTINCT m.id) FROM {matched} LEFT JOIN knowledge_statement s "
                f"ON {overlapping} GROUP BY s.review"
            )
            return [(NO_STATEMENT if r is None else str(r), int(n)) for r, n in self._rows(sql, params)]
        out = []
        for value, n in self._rows(sql, params):
            if key == "year":
                value = str(value) if value else "undated"
            out.append((str(value), int(n)))
        return out


def _statement_within(condition: str) -> str:
    return (
        "EXISTS (SELECT 1 FROM knowledge_statement s WHERE s.document_id = p.document_id "
        f'AND s.start < p."end" AND p.start < s."end" AND {condition})'
    )


def _never() -> tuple[str, list[Any]]:
    return "1 = 0", []


def _year_clause(value: str) -> tuple[str, list[Any]]:
    if value == "undated":
        return "p.year IS NULL", []
    return ("p.year = %s", [int(value)]) if value.isdigit() else _never()


def _review_clause(value: str) -> tuple[str, list[Any]]:
    if value == NO_STATEMENT:
        return "NOT " + _statement_within("1 = 1"), []
    return _statement_within("s.review = %s"), [value]


def _actor_clause(value: str) -> tuple[str, list[Any]]:
    if not value.isdigit():
        return _never()
    return _statement_within("s.actor_id = %s AND s.review <> %s"), [int(value), Review.REJECTED.value]


_CLAUSES = {
    "type": lambda value: ("p.doc_type = %s", [value]),
    "year": _year_clause,
    "review": _review_clause,
    "actor": _actor_clause,
    "place": lambda value: (
        "EXISTS (SELECT 1 FROM knowledge_passageplace pp WHERE pp.passage_id = p.id AND pp.place = %s)",
        [value],
    ),
}


def _confidential(reader: Reader, terms: list[str]) -> list[_Candidate]:
    """Passages of the confidential documents this reader may read, matched in memory as the
    index would hold them (names pseudonymised: the query of a reader who may see a name was
    pseudonymised alike)."""
    if reader.is_public or not reader.reads_sealed:
        # Nothing sealed is open to them: no query (the actor facet's labels ask reads_sealed
        # anyway, so a page pays nothing for it).
        return []
    out: list[_Candidate] = []
    for doc in reader.documents(visibility=Visibility.CONFIDENTIAL).order_by("pk"):
        text = doc.text or ""
        year = year_of(doc.doc_date, doc.published)
        for a, b in passages(text):
            try:
                part = pseudonyms.pseudonymise(text[a:b])
            except Exception:
                continue  # fail closed: a passage whose names cannot be checked is not matched
            n = _matches(part, terms)
            if n:
                score = n / (1 + (b - a) / PASSAGE_CHARS)
                out.append(
                    _Candidate(
                        doc.pk, a, b, score, doc.doc_type or "other", year, doc, places=places_in(part)
                    )
                )
    return out


def _add_statements(reader: Reader, found: list[_Candidate]) -> None:
    """The review states and actors of the statements within each passage matched in memory
    (one query for all)."""
    if not found:
        return
    by_doc: dict[int, list[_Candidate]] = defaultdict(list)
    for c in found:
        by_doc[c.document_id].append(c)
    rows = reader.statements(document_id__in=list(by_doc)).values_list(
        "document_id", "start", "end", "review", "actor_id"
    )
    for doc_id, start, end, review, actor in rows:
        for c in by_doc[doc_id]:
            if start < c.end and c.start < end:
                c.reviews.add(review)
                if actor is not None and review != Review.REJECTED:
                    c.actors.add(actor)


def _value(c: _Candidate, key: str) -> list[str]:
    if key == "type":
        return [c.doc_type]
    if key == "year":
        return [str(c.year) if c.year else "undated"]
    if key == "actor":
        return [str(a) for a in sorted(c.actors)]
    if key == "place":
        return list(c.places)
    return sorted(c.reviews) or [NO_STATEMENT]


def _passes(c: _Candidate, filters: dict[str, str], skip: str = "") -> bool:
    return all(v in _value(c, k) for k, v in filters.items() if k != skip)


def _hits(reader: Reader, page: list[_Candidate]) -> list[Hit]:
    """The hits of one page, with their documents and statements (read through the reader)."""
    need = {c.document_id for c in page if c.document is None}
    # Unordered: they are looked up by id (the documents' own ordering was a sort for nothing).
    docs = {d.pk: d for d in reader.documents(pk__in=need).order_by()} if need else {}
    docs.update({c.document_id: c.document for c in page if c.document is not None})
    statements: dict[int, list[Statement]] = defaultdict(list)
    if page:
        # Only the statements within the passages shown (not every statement of their documents:
        # a dozen each), each with the document read above rather than its text read again
        # with every statement of it.
        for st in reader.live_statements_within([(c.document_id, c.start, c.end) for c in page]):
            doc = docs.get(st.document_id)
            if doc is None:
                continue  # its document is not shown (any more)
            Statement.document.field.set_cached_value(st, doc)
            statements[st.document_id].append(st)
    hits = []
    for c in page:
        doc = docs.get(c.document_id)
        if doc is None:
            continue  # not readable (any more): never shown
        within = [s for s in statements[c.document_id] if s.start < c.end and c.start < s.end]
        hits.append(Hit(doc, c.start, c.end, c.score, c.doc_type, c.year, frozenset(c.reviews), within))
    return hits
