"""Search through the Reader: the index of passages (FTS5 on SQLite, tsvector on PostgreSQL, run
by scripts/test-postgres tests/test_search.py), what each reader finds, the page and the API."""

from __future__ import annotations

import re

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client

from refwatch.ingest import read
from refwatch.knowledge import search, store
from refwatch.knowledge.models import Document, Passage
from refwatch.knowledge.queries import Reader
from refwatch.protection import names
from refwatch.protection.models import Person

from .conftest import ingest_seed_letters

pytestmark = pytest.mark.django_db

BORDER = (
    "Border report\n\n"
    "Police in Dandong detained 12 North Korean women near the Yalu river in March 2024.\n\n"
    "The women were held in a detention centre before their return across the bridge to Sinuiju.\n"
)
CONFIDENTIAL = (
    "Case note\n\n"
    "Kim Sun-hee crossed near Hunchun in May 2024 and was detained with two others.\n\n"
    "Her brother Kim Chol-su remains in hiding.\n"
)


def add_text(text: str, name: str, visibility: str = "internal") -> Document:
    return store.add(read(text.encode(), name), visibility=visibility).document


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_passages_cut_paragraphs_and_long_ones_at_sentence_ends():
    text = "First line.\n\n" + "A sentence of words here. " * 60 + "\n\n  Last. \n"
    spans = search.passages(text)
    assert text[spans[0][0] : spans[0][1]] == "First line."
    assert text[spans[-1][0] : spans[-1][1]] == "Last."
    middle = spans[1:-1]
    assert len(middle) >= 3 and all(b - a <= search.PASSAGE_CHARS for a, b in middle)
    assert all(text[b - 1] == "." for a, b in middle)


def test_a_border_city_is_found_in_an_ingested_text_and_links_to_its_passage(viewer):
    doc = add_text(BORDER, "border.txt")
    ingest_seed_letters()
    results = Reader.for_user(viewer).search("dandong")
    assert results.total == 1
    hit = results.hits[0]
    assert hit.document.pk == doc.pk
    assert "Dandong" in doc.text[hit.start : hit.end]
    assert hit.anchor.startswith(("s", "at-"))
    # The stem matches as the index does: "detentions" finds "detention", "women" and "woman" alike.
    assert Reader.for_user(viewer).search("Yalu women").total == 1


def test_a_seed_letter_word_is_found_with_its_statement(viewer):
    ingest_seed_letters()
    results = Reader.for_user(viewer).search("repatriated 600")
    assert results.total >= 1
    hit = results.hits[0]
    assert "600" in hit.document.text[hit.start : hit.end]
    assert any(s.kind == "repatriation" for s in hit.statements)
    assert hit.anchor == f"s{next(s for s in hit.statements if s.start >= hit.start).pk}"


def test_facets_and_filters(viewer):
    add_text(BORDER, "border.txt")
    ingest_seed_letters()
    reader = Reader.for_user(viewer)
    results = reader.search("north korean")
    types = dict(results.facets["type"])
    assert types and sum(types.values()) == results.total
    letter_only = reader.search("north korean", filters={"type": "letter"})
    assert 0 < letter_only.total < results.total
    assert all(h.doc_type == "letter" for h in letter_only.hits)
    years = dict(results.facets["year"])
    assert "2025" in years
    reviews = dict(results.facets["review"])
    assert "suggested" in reviews
    paged = reader.search("north korean", offset=1, limit=1)
    assert len(paged.hits) == 1 and paged.hits[0].start == results.hits[1].start


def test_the_index_follows_the_document_deletion_and_visibility(protection_officer):
    doc = add_text(BORDER, "border.txt")
    assert Passage.objects.filter(document=doc).count() == 3
    store.set_visibility(doc, "confidential")
    assert not Passage.objects.filter(document=doc).exists()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM knowledge_passage_fts WHERE knowledge_passage_fts MATCH 'dandong'"
            )
            assert cursor.fetchone()[0] == 0
    # The officer still finds it, in memory.
    assert Reader.for_user(protection_officer).search("Dandong").total == 1
    store.set_visibility(doc, "internal")
    assert Passage.objects.filter(document=doc).count() == 3
    doc.delete()
    assert not Passage.objects.exists()
    assert Reader.for_user(protection_officer).search("Dandong").total == 0


def test_a_viewer_never_finds_a_confidential_document_nor_a_protected_name(viewer, protection_officer):
    add_text(BORDER, "border.txt")
    secret = add_text(CONFIDENTIAL, "case.txt", visibility="confidential")
    viewer_reader = Reader.for_user(viewer)
    officer = Reader.for_user(protection_officer)
    assert viewer_reader.search("Hunchun").total == 0
    assert officer.search("Hunchun").total == 1
    assert officer.search("Hunchun").hits[0].document.pk == secret.pk
    # The name is protected now (from the confidential document): an internal text that names
    # it is indexed by pseudonym, so the viewer cannot find it by the name.
    named = add_text("Witness account\n\nKim Sun-hee was seen in Dandong in June 2024.\n", "w.txt")
    assert not Passage.objects.filter(document=named, text__icontains="sun-hee").exists()
    assert viewer_reader.search("Sun-hee").total == 0
    assert viewer_reader.search("Kim Sun-hee Dandong").total == 2  # the name's words dropped
    assert viewer_reader.search("Dandong").total == 2
    # The officer finds it by the name (the query is pseudonymised as the index is).
    found = officer.search("Kim Sun-hee")
    assert {h.document.pk for h in found.hits} == {named.pk, secret.pk}
    # A pseudonym's number is not searchable by whom it may not identify.
    number = re.search(r"R (\d{4})", Passage.objects.get(document=named, text__contains="Dandong").text)[1]
    assert officer.search(f"R-{number}").total == 2
    assert viewer_reader.search(f"R-{number}").total == 0


def test_a_name_protected_later_leaves_the_index(viewer, analyst):
    from refwatch.actions import Actions

    doc = add_text("Witness account\n\nPark Young-ho was seen in Dandong in June 2024.\n", "w.txt")
    assert Reader.for_user(viewer).search("Young-ho").total == 1
    Actions(analyst).protect_name(doc.pk, name="Park Young-ho")
    assert Reader.for_user(viewer).search("Young-ho").total == 0
    assert Reader.for_user(viewer).search("Dandong").total == 1


def test_a_korean_name_protected_later_leaves_the_index_with_its_particle():
    """ "김철수는" is one word of the index: a search for "김철수" does not find it, so the
    document that holds it must be found another way to be indexed again."""
    add_text("목격자 진술\n\n김철수는 단둥에서 목격되었다. 김철수의 가족도 있었다.\n", "k.txt")
    names.protect_names(["김철수"])
    assert not Passage.objects.filter(text__contains="김철수").exists()
    assert Passage.objects.filter(text__contains="단둥").exists()


def test_a_document_that_protects_several_people_re_indexes_once(viewer, monkeypatch):
    people = ("Park Young-ho", "Choe Myong-nam", "Ri Sol-mi")
    named = add_text(f"Witness account\n\n{', '.join(people)} were seen in Dandong in June 2024.\n", "w.txt")
    assert all(Reader.for_user(viewer).search(p).total == 1 for p in people)
    indexed: list[int] = []
    merges: list[int] = []
    index_document, optimize = search.index_document, search._optimize
    monkeypatch.setattr(search, "index_document", lambda d: indexed.append(d.pk) or index_document(d))
    monkeypatch.setattr(search, "_optimize", lambda: merges.append(1) or optimize())
    add_text(
        f"Case note\n\n{people[0]} crossed near Hunchun in May 2024 with {people[1]} and {people[2]}.\n",
        "case.txt",
        visibility="confidential",
    )
    assert Person.objects.count() == len(people)
    # One protection of three people: their documents re-indexed and the index merged once, not
    # once for each person.
    assert indexed.count(named.pk) == 1
    assert len(merges) == 1
    assert all(Reader.for_user(viewer).search(p).total == 0 for p in people)
    assert Reader.for_user(viewer).search("Dandong").total == 1


def test_a_protection_that_fails_part_way_leaves_no_protected_name_in_clear(monkeypatch):
    add_text("Witness account\n\nPark Young-ho and Choe Myong-nam were seen in Dandong.\n", "w.txt")
    forms = names.address_forms

    def failing(name: str) -> list[str]:
        if name == "Choe Myong-nam":
            raise RuntimeError("failed part way")
        return forms(name)

    monkeypatch.setattr(names, "address_forms", failing)
    with pytest.raises(RuntimeError):
        names.protect_names(["Park Young-ho", "Choe Myong-nam"])
    # The names are re-indexed only at the end: a person protected before the failure must go
    # with it, not stay protected with its name in clear in the index.
    protected = [n for p in Person.objects.all() for n in p.names()]
    assert not [n for n in protected if search._index_hits(search._words(n), None, limit=1)]


def test_a_public_reader_finds_public_documents_only(settings):
    settings.REFWATCH_PUBLIC = True
    add_text(BORDER, "border.txt")
    public = add_text(BORDER.replace("Dandong", "Dandong city"), "border2.txt", visibility="public")
    results = Reader.public().search("Dandong")
    assert [h.document.pk for h in results.hits] == [public.pk]


@pytest.mark.parametrize("query", ["", "   ", "!!!", "x" * 10_000, '"unbalanced AND OR NEAR(', "a" * 70])
def test_odd_queries_answer_without_error(viewer, query):
    add_text(BORDER, "border.txt")
    results = Reader.for_user(viewer).search(query)
    assert results.total == 0


def test_the_search_page_marks_the_words_and_links_to_the_passage(viewer):
    doc = add_text(BORDER + "\n<script>alert(1)</script> in Dandong too.\n", "border.txt")
    client = client_for(viewer)
    home = client.get("/").content.decode()
    assert 'action="/search/"' in home and 'name="q"' in home
    page = client.get("/search/", {"q": "dandong"}).content.decode()
    assert "<mark>Dandong</mark>" in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    anchors = re.findall(rf'href="/documents/{doc.pk}/#([\w-]+)"', page)
    assert anchors
    text = client.get(f"/documents/{doc.pk}/").content.decode()
    assert all(f'id="{a}"' in text for a in anchors)


def test_a_viewer_sees_a_pseudonym_in_a_hit_never_the_name(viewer, protection_officer):
    add_text(CONFIDENTIAL, "case.txt", visibility="confidential")
    add_text("Witness account\n\nKim Sun-hee was seen in Dandong in June 2024.\n", "w.txt")
    page = client_for(viewer).get("/search/", {"q": "Dandong"}).content.decode()
    assert "Sun-hee" not in page and "Hunchun" not in page
    assert 'class="redacted"' in page
    api = client_for(viewer).get("/api/search", {"q": "seen Dandong"}).json()
    assert api["total"] == 1 and "Sun-hee" not in api["hits"][0]["passage"]
    officer = client_for(protection_officer).get("/search/", {"q": "Hunchun"}).content.decode()
    assert "<mark>Hunchun</mark>" in officer and "Sun-hee" in officer


def test_bad_parameters_are_said_and_ignored(viewer):
    add_text(BORDER, "border.txt")
    client = client_for(viewer)
    response = client.get(
        "/search/", {"q": "Dandong " + "x" * 10_000, "page": "abc", "year": "20x4", "review": "maybe"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "cut to its first 300 characters" in page
    assert "not a page number" in page and "not a year" in page and "not a review state" in page
    for odd in ({"page": "²"}, {"page": "99999999999999999999"}, {"q": "\x00"}, {"type": "<b>"}):
        assert client.get("/search/", {"q": "Dandong", **odd}).status_code == 200
    api = client.get("/api/search", {"q": "Dandong", "page": "abc"})
    assert api.status_code == 200 and "not a page number" in api.json()["notes"][0]


def test_facets_narrow_the_page_and_pages_follow_on(viewer):
    for n in range(25):
        add_text(f"Note {n}\n\nA return through Dandong was reported, case {n}.\n", f"n{n}.txt")
    client = client_for(viewer)
    first = client.get("/search/", {"q": "Dandong"}).content.decode()
    assert "25 passages" in first and first.count('class="hit"') == 20
    assert 'rel="next" href="/search/?q=Dandong&amp;page=2"' in first
    second = client.get("/search/", {"q": "Dandong", "page": "2"}).content.decode()
    assert second.count('class="hit"') == 5
    api = client.get("/api/search", {"q": "Dandong", "year": "undated"}).json()
    assert api["total"] == 25 and api["filters"] == {"year": "undated"}
    assert client.get("/api/search", {"q": "Dandong", "year": "1999"}).json()["total"] == 0


# --- filters of the list pages ----------------------------------------------------------------

INCIDENTS = (
    "Returns report\n\n"
    "Chinese authorities forcibly repatriated 60 North Korean refugees on March 3, 2022.\n\n"
    "Chinese authorities forcibly repatriated 200 North Korean refugees in April 2024.\n"
)


def test_incident_filters_narrow_the_list_and_keep_the_query(viewer):
    add_text(INCIDENTS, "returns.txt")
    ingest_seed_letters()
    client = client_for(viewer)
    everything = client.get("/incidents/").content.decode()
    total = everything.count('id="incident-')
    assert total >= 3
    in_2024 = client.get("/incidents/", {"from": "2024", "to": "2024"}).content.decode()
    assert 0 < in_2024.count('id="incident-') < total and "200" in in_2024
    small = client.get("/incidents/", {"max": "100"}).content.decode()
    assert small.count('id="incident-') == 1 and "60" in small
    big = client.get("/incidents/", {"min": "500", "sort": "-count"}).content.decode()
    assert big.count('id="incident-') == 1 and "600" in big
    assert 'href="?min=500&amp;sort=-date"' in big or "min=500&amp;sort=" in big
    cecc = client.get("/incidents/", {"source": "Congressional"}).content.decode()
    assert 0 < cecc.count('id="incident-') < total
    agree = client.get("/incidents/", {"agreement": "corroborated"}).content.decode()
    single = client.get("/incidents/", {"agreement": "single"}).content.decode()
    assert agree.count('id="incident-') + single.count('id="incident-') == total
    bad = client.get("/incidents/", {"from": "last spring", "min": "many", "agreement": "x", "page": "abc"})
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "not a date" in text and "not a whole number" in text and "not a kind of agreement" in text
    assert text.count('id="incident-') == total


def test_letter_and_document_filters(viewer):
    ingest_seed_letters()
    add_text(BORDER, "border.txt")
    client = client_for(viewer)
    assert client.get("/letters/").content.decode().count('id="letter-') == 2
    assert client.get("/letters/", {"recipient": "Perdue"}).content.decode().count('id="letter-') >= 1
    assert client.get("/letters/", {"recipient": "Nobody Atall"}).content.decode().count('id="letter-') == 0
    assert client.get("/letters/", {"year": "1999"}).content.decode().count('id="letter-') == 0
    assert client.get("/letters/", {"year": "20x5"}).status_code == 200
    docs = client.get("/documents/").content.decode()
    assert docs.count("/documents/") > 3
    letters_only = client.get("/documents/", {"type": "letter"}).content.decode()
    assert letters_only.count("<tr>") - 1 == 2
    assert client.get("/documents/", {"visibility": "public"}).content.decode().count("<tr>") == 0
    assert "not a kind of document" in client.get("/documents/", {"type": "<b>x</b>"}).content.decode()


def test_list_pages_paginate_with_their_filters(viewer):
    for n in range(55):
        add_text(f"Note {n}\n\nA note of no consequence number {n}.\n", f"n{n}.txt")
    client = client_for(viewer)
    first = client.get("/documents/", {"type": "other", "sort": "added"}).content.decode()
    assert 'href="?type=other&amp;sort=added&amp;page=2"' in first
    second = client.get("/documents/", {"type": "other", "sort": "added", "page": "2"}).content.decode()
    assert second.count("<tr>") - 1 == 5
    assert client.get("/documents/", {"page": "abc"}).status_code == 200


XI = (
    "Summit note\n\n"
    "Xi Jinping met officials in Dandong in April 2024 as police detained North Korean women there.\n\n"
    "Rights groups in Seoul said the women detained would be returned.\n"
)


def test_place_facet_and_filter(viewer, protection_officer):
    add_text(BORDER, "border.txt")
    add_text(CONFIDENTIAL, "case.txt", visibility="confidential")
    reader = Reader.for_user(viewer)
    results = reader.search("detained")
    places = dict(results.facets["place"])
    assert places.get("Dandong") == 1 and "Hunchun" not in places  # the confidential note's place
    narrowed = reader.search("detained", filters={"place": "Dandong"})
    assert narrowed.total == 1 and all("Dandong" in h.document.text[h.start : h.end] for h in narrowed.hits)
    assert reader.search("detained", filters={"place": "Sinuiju"}).total == 0  # named in another passage
    # The officer's search matches the confidential note in memory, with its place.
    officer = Reader.for_user(protection_officer).search("detained")
    assert dict(officer.facets["place"]).get("Hunchun") == 1
    assert Reader.for_user(protection_officer).search("detained", filters={"place": "Hunchun"}).total == 1
    # On the page and in the API, a place is named in any case; a name that is no place is said.
    page = client_for(viewer).get("/search/", {"q": "detained", "place": "dandong"}).content.decode()
    assert "1 passage " in page and "Place: Dandong" in page
    api = client_for(viewer).get("/api/search", {"q": "detained", "place": "Atlantis"}).json()
    assert api["filters"] == {} and any("Atlantis" in n for n in api["notes"])
    assert {"value": "Dandong", "label": "Dandong", "count": 1} in api["facets"]["place"]


def test_actor_facet_and_filter(viewer):
    add_text(XI, "xi.txt")
    add_text(BORDER, "border.txt")
    reader = Reader.for_user(viewer)
    results = reader.search("detained")
    assert results.total == 3
    xi = next(v for v, label in results.labels["actor"].items() if label == "Xi Jinping")
    assert dict(results.facets["actor"])[xi] == 1
    narrowed = reader.search("detained", filters={"actor": xi})
    assert narrowed.total == 1 and "Xi Jinping" in narrowed.hits[0].document.text[narrowed.hits[0].start :]
    # Every other facet counts the narrowed passages.
    assert sum(n for _, n in narrowed.facets["type"]) == 1
    api = client_for(viewer).get("/api/search", {"q": "detained", "actor": xi}).json()
    assert api["total"] == 1 and {"value": xi, "label": "Xi Jinping", "count": 1} in api["facets"]["actor"]
    page = client_for(viewer).get("/search/", {"q": "detained"}).content.decode()
    assert "<h2>Actor</h2>" in page and f"actor={xi}" in page
    assert reader.search("detained", filters={"actor": "999999"}).total == 0


def test_a_protected_actor_is_no_facet_nor_filter_for_a_viewer(viewer, protection_officer):
    from refwatch.protection.names import protect_names

    add_text(XI, "xi.txt")
    xi = next(
        v
        for v, label in Reader.for_user(viewer).search("detained").labels["actor"].items()
        if label == "Xi Jinping"
    )
    protect_names(["Xi Jinping"])
    reader = Reader.for_user(viewer)
    results = reader.search("detained")
    assert xi not in dict(results.facets["actor"]) and "Xi Jinping" not in str(results.labels)
    # Choosing them by number would search for that person: nothing is found, nothing counted.
    refused = reader.search("detained", filters={"actor": xi})
    assert refused.total == 0 and refused.hits == [] and refused.facets == {}
    page = client_for(viewer).get("/search/", {"q": "detained", "actor": xi}).content.decode()
    assert "Xi Jinping" not in page
    officer = Reader.for_user(protection_officer).search("detained", filters={"actor": xi})
    assert officer.total == 1 and officer.labels["actor"][xi] == "Xi Jinping"


def test_totals_and_facets_count_every_match_not_only_the_pages(viewer):
    for i in range(30):
        add_text(
            f"Report {i}\n\nPolice in Dandong detained {i + 2} North Korean women in 2024.\n", f"r{i}.txt"
        )
    reader = Reader.for_user(viewer)
    results = reader.search("detained women", limit=5)
    assert results.total == 30 and len(results.hits) == 5
    assert dict(results.facets["place"])["Dandong"] == 30
    assert sum(n for _, n in results.facets["year"]) == 30
    last = reader.search("detained women", offset=28, limit=5)
    assert len(last.hits) == 2
    seen = {(h.document.pk, h.start) for h in reader.search("detained women", limit=30).hits}
    assert len(seen) == 30


def test_a_passage_without_a_statement_counts_as_none_in_the_review_facet(viewer):
    add_text(BORDER, "border.txt")
    reader = Reader.for_user(viewer)
    results = reader.search("border")  # the heading holds no statement
    reviews = dict(results.facets["review"])
    assert reviews.get("none") == 1
    bare = reader.search("border", filters={"review": "none"})
    assert bare.total == 1 and bare.hits[0].statements == []


def test_a_search_matches_once_for_its_page_counts_and_facets(viewer):
    from django.test.utils import CaptureQueriesContext

    add_text(BORDER, "border.txt")
    ingest_seed_letters()
    reader = Reader.for_user(viewer)
    with CaptureQueriesContext(connection) as ran:
        results = reader.search("north korean", filters={"type": "letter"})
    match = " MATCH " if connection.vendor == "sqlite" else " @@ "
    matched = [q["sql"] for q in ran.captured_queries if match in q["sql"]]
    assert len(matched) == 1 and "TEMPORARY TABLE" in matched[0]
    assert results.total > 0 and all(dict(results.facets[k]) for k in ("type", "year", "review"))
    # The table of matches is gone afterwards: the next search (another reader's) starts afresh.
    try:
        with transaction.atomic(), connection.cursor() as cursor:  # a savepoint: PostgreSQL goes on
            cursor.execute(f"SELECT COUNT(*) FROM {search._Indexed.TABLE}")
        left = True
    except DatabaseError:
        left = False
    assert not left
    assert Reader.public().search("north korean").total == 0  # nothing public: no leftovers read


def test_a_hit_holds_the_statements_within_its_passage_read_with_its_document(viewer):
    """The statements of a page of hits are those within its passages (not all those of their
    documents), each with the document the hit shows: its text is not read again."""
    from django.test.utils import CaptureQueriesContext

    from refwatch.knowledge.models import Statement

    ingest_seed_letters()
    add_text(BORDER, "border.txt")
    reader = Reader.for_user(viewer)
    results = reader.search("repatriated")
    assert results.hits
    for hit in results.hits:
        # As they were found before: every live statement of the document, kept when it overlaps.
        every = reader.live_statements(document_id=hit.document.pk).order_by("start", "pk")
        assert [s.pk for s in hit.statements] == [
            s.pk for s in every if s.start < hit.end and hit.start < s.end
        ]
    with CaptureQueriesContext(connection) as ran:
        for hit in results.hits:
            for st in hit.statements:
                assert st.document is hit.document and st.document.text
    assert len(ran.captured_queries) == 0
    with CaptureQueriesContext(connection) as ran:
        reader.search("repatriated")
    read = [
        q["sql"] for q in ran.captured_queries if q["sql"].startswith('SELECT "knowledge_statement"."id"')
    ]
    # One query, by the spans of the page (a table of them joined to the statements' spans).
    assert len(read) == 1 and "s.start < v.column3" in read[0]
    shown = {s.pk for hit in results.hits for s in hit.statements}
    outside = Statement.objects.filter(document__in={h.document.pk for h in results.hits}).exclude(
        pk__in=shown
    )
    assert outside.exists()  # the seed letters hold statements no passage found here holds


def test_the_review_and_actor_facets_read_at_once_count_as_each_read_apart(viewer, analyst):
    """`statement_facets` (one join when neither review nor actor is filtered on) gives what
    `facet` gives for each, over passages with no statement, with rejected ones, with actors."""
    from refwatch.knowledge.models import Statement

    ingest_seed_letters()
    add_text(BORDER, "border.txt")
    for i in range(6):
        add_text(
            f"Report {i}\n\nChina repatriated {i + 3} North Koreans through Dandong in 2024.\n", f"n{i}.txt"
        )
    some = list(Statement.objects.order_by("pk")[::4])
    Statement.objects.filter(pk__in=[s.pk for s in some[::2]]).update(review="rejected")
    Statement.objects.filter(pk__in=[s.pk for s in some[1::2]]).update(review="accepted")
    reader = Reader.for_user(viewer)
    for query, filters in [
        ("north korean", {}),
        ("repatriated", {}),
        ("border", {}),
        ("repatriated", {"type": "other"}),
        ("repatriated", {"place": "Dandong"}),
        ("north korean", {"year": "2025"}),
    ]:
        terms = search.query_terms(query, sees_names=False)
        with search._Indexed(terms, ["public", "internal"]) as indexed:
            both = indexed.statement_facets(filters)
            for key in ("review", "actor"):
                apart = indexed.facet(key, filters)
                assert sorted(both[key]) == sorted(apart), (query, filters, key)
                if key == "actor":  # the same values kept, in the same order
                    assert both[key] == apart
            assert indexed.statement_facets({**filters, "review": "accepted"}) == {}
            assert indexed.statement_facets({**filters, "actor": "1"}) == {}
        assert reader.search(query, filters=filters).facets["review"]


def test_a_document_sealed_behind_the_index_s_back_is_not_found(viewer):
    """Its document's visibility governs, not its passages' copy: a document made confidential (or
    given a visibility no one knows) by a write that did not re-index it is found by no viewer."""
    kept = add_text(BORDER, "border.txt")
    other = add_text(BORDER.replace("Dandong", "Dandong city"), "border2.txt")
    reader = Reader.for_user(viewer)
    assert {h.document.pk for h in reader.search("Dandong detained").hits} == {kept.pk, other.pk}
    Document.objects.filter(pk=kept.pk).update(visibility="confidential")  # no signal, no re-index
    Document.objects.filter(pk=other.pk).update(visibility="secret")  # fails closed
    assert Passage.objects.filter(document_id__in=[kept.pk, other.pk]).exists()
    results = Reader.for_user(viewer).search("Dandong detained")
    assert results.total == 0 and results.hits == []
    assert all(n == 0 for values in results.facets.values() for _, n in values)
    assert Reader.public().search("Dandong detained").total == 0
    # The system reads both: the confidential one matched in memory, once (not from the index too).
    hits = Reader.system().search("Dandong detained").hits
    assert sorted(h.document.pk for h in hits) == sorted([kept.pk, other.pk])


def _said_by_statements() -> dict[int, tuple[set[str], set[str]]]:
    """What each passage's statements say, read from the statements themselves."""
    from refwatch.knowledge.models import Statement

    out: dict[int, tuple[set[str], set[str]]] = {}
    statements = list(Statement.objects.values_list("document_id", "start", "end", "review", "actor_id"))
    for p in Passage.objects.all():
        within = [s for s in statements if s[0] == p.document_id and s[1] < p.end and p.start < s[2]]
        out[p.pk] = (
            {s[3] for s in within},
            {str(s[4]) for s in within if s[4] is not None and s[3] != "rejected"},
        )
    return out


def _said_stored() -> dict[int, tuple[set[str], set[str]]]:
    return {
        pk: (set(reviews.split(",")) - {""}, set(actors.split(",")) - {""})
        for pk, reviews, actors in Passage.objects.values_list("pk", "reviews", "actors")
    }


def test_what_a_passage_s_statements_say_follows_every_write_of_them(viewer, analyst):
    """Passage.reviews and .actors (the review and actor facets' source) are the database's to keep:
    they follow a review, a write that bypasses save(), a bulk insert, a statement's deletion, an
    actor's deletion (SET NULL), a statement moved, and a document indexed again."""
    from refwatch.knowledge.models import Actor, Statement
    from refwatch.knowledge.review import review

    ingest_seed_letters()
    add_text(BORDER, "border.txt")
    assert Statement.objects.filter(actor__isnull=False).exists()
    assert _said_stored() == _said_by_statements()
    first, second, third, *rest = list(Statement.objects.order_by("pk"))
    review(first, "rejected", by=analyst)
    review(second, "accepted", by=analyst)
    Statement.objects.filter(pk=third.pk).update(review="rejected")  # no save(), no signal
    assert _said_stored() == _said_by_statements()
    moved = rest[0]
    Statement.objects.filter(pk=moved.pk).update(start=0, end=1)
    rest[1].delete()
    copy = Statement.objects.get(pk=rest[2].pk)
    copy.pk = None
    copy.review = "edited"
    Statement.objects.bulk_create([copy])
    assert _said_stored() == _said_by_statements()
    named = Statement.objects.filter(actor__isnull=False).values_list("actor_id", flat=True).first()
    Actor.objects.filter(pk=named).delete()  # its statements' actor set NULL by the collector
    assert not Statement.objects.filter(actor_id=named).exists()
    assert _said_stored() == _said_by_statements()
    doc = Document.objects.get(pk=first.document_id)
    doc.text = doc.text + "\n\nA last paragraph about Dandong.\n"
    doc.save()  # its passages made again (search.index_document), after its statements
    assert _said_stored() == _said_by_statements()
    assert all(reviews is not None for reviews in Passage.objects.values_list("reviews", flat=True))
    # The facets read from them count what the join with the statements counts.
    terms = search.query_terms("repatriated", sees_names=False)
    with search._Indexed(terms, ["public", "internal"]) as indexed:
        where, params = indexed._where({})
        joined = indexed._statement_facets_joined(where, params)
        stored = indexed.statement_facets({})
        assert sorted(stored["review"]) == sorted(joined["review"]) and stored["actor"] == joined["actor"]
        assert len(stored["review"]) >= 2 and stored["actor"]


def test_passages_whose_statements_were_not_read_are_counted_from_the_statements(viewer):
    """A passage without what its statements say (NULL: a write the triggers did not see) makes
    the review and actor facets count from the statements, not as passages with none."""
    ingest_seed_letters()
    reader = Reader.for_user(viewer)
    before = reader.search("repatriated").facets
    Passage.objects.update(reviews=None, actors=None)
    after = Reader.for_user(viewer).search("repatriated").facets
    assert after == before and dict(after["review"]).get("none", 0) < sum(n for _, n in after["review"])
