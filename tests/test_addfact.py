"""Facts added from a selection of a document's text: the span and quote checked on the server,
typed fields, the analyst role and the whole text needed, merged like extracted facts, audited,
and left alone by re-extraction."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from refwatch.ingest import read
from refwatch.knowledge import reextract, store
from refwatch.knowledge.additions import ADDED
from refwatch.knowledge.models import Incident, Letter, Review, Statement
from refwatch.protection.models import AuditEntry
from tests.conftest import SEEDS

pytestmark = pytest.mark.django_db

STORY = """Families fear the worst after border arrests

SEOUL, March 3, 2024 - A rights group said on Sunday that it had spoken to relatives of several people held near the border.

Witnesses said that guards took a group of eleven women across the Tumen bridge at dawn on 14 February 2024 and left them with the Ministry of State Security.

The group urged Beijing to stop the practice.
"""
SENTENCE = "guards took a group of eleven women across the Tumen bridge at dawn on 14 February 2024"


@pytest.fixture(autouse=True)
def originals(settings, tmp_path_factory) -> Path:
    settings.ORIGINALS_DIR = tmp_path_factory.mktemp("originals")
    return settings.ORIGINALS_DIR


@pytest.fixture
def story():
    return store.add(read(STORY.encode(), "story.txt")).document


def span(doc, words: str = SENTENCE) -> dict[str, str]:
    start = doc.text.index(words)
    return {"start": str(start), "end": str(start + len(words)), "quote": words}


RETURN = {
    "kind": "repatriation",
    "save": "1",
    "date_start": "2024-02-14",
    "date_precision": "day",
    "count": "11",
    "count_qualifier": "exact",
    "origin": "China",
    "destination": "North Korea",
    "who": "women",
}


def test_an_analyst_adds_a_return_from_a_selection_and_it_is_an_incident(
    analyst_client: Client, analyst, story
) -> None:
    assert not Incident.objects.exists()  # the extractor missed it
    r = analyst_client.post(f"/documents/{story.pk}/add-fact", {**RETURN, **span(story)})
    assert r.status_code == 302, r.content.decode()
    st = Statement.objects.get(document=story, extractor=ADDED)
    assert r["Location"].endswith(f"/documents/{story.pk}/#row-s{st.pk}")
    assert story.text[st.start : st.end] == st.quote == SENTENCE
    assert st.kind == "repatriation" and st.review == Review.ACCEPTED and st.reviewed_by == analyst
    assert st.record["count"] == 11 and st.record["date_start"] == "2024-02-14"
    assert st.review_events.get().note.startswith("Added from a selection")
    incident = Incident.objects.get()
    assert (incident.date_start, incident.count, incident.hidden) == ("2024-02-14", 11, False)
    entry = AuditEntry.objects.get(action="add_statement")
    assert entry.actor == "anna" and entry.detail["kind"] == "repatriation"
    # On the incident list, verified, with the span on the incident's page.
    assert "14 Feb 2024" in analyst_client.get("/incidents/").content.decode()
    page = analyst_client.get(f"/incidents/{incident.pk}/").content.decode()
    assert f"/documents/{story.pk}/#s{st.pk}" in page


def test_the_typed_form_comes_back_prefilled_from_the_span(analyst_client: Client, story) -> None:
    body = analyst_client.post(
        f"/documents/{story.pk}/add-fact", {"kind": "person", "start": span(story)["start"], "end": "0"}
    )
    assert body.status_code == 400 and "not inside the text" in body.content.decode()
    start = story.text.index("Ministry of State Security")
    r = analyst_client.get(
        f"/documents/{story.pk}/add-fact", {"kind": "organization", "start": start, "end": start + 26}
    )
    page = r.content.decode()
    assert r.status_code == 200 and 'value="Ministry of State Security"' in page
    assert '<option value="organization" selected>' in page


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"start": "10", "end": "5"}, "not inside the text"),
        ({"start": "0", "end": "999999"}, "not inside the text"),
        ({"start": "x"}, "whole numbers"),
        (
            {
                "quote": "guards took a group of twelve women across the Tumen bridge at dawn on 14 February 2024"
            },
            "quote is not the text",
        ),
        ({"date_start": "February 2024"}, "not a date"),
        ({"count": "eleven"}, "Enter a whole number"),
        ({"count_qualifier": "lots"}, "Select a valid choice"),
        ({"kind": "gossip"}, "not a kind of statement"),
    ],
)
def test_a_bad_addition_is_refused_with_its_reason_and_stores_nothing(
    analyst_client: Client, story, change, says
) -> None:
    r = analyst_client.post(f"/documents/{story.pk}/add-fact", {**RETURN, **span(story), **change})
    assert r.status_code == 400 and says in r.content.decode()
    assert not Statement.objects.filter(extractor=ADDED).exists()
    assert not Incident.objects.exists() and not AuditEntry.objects.filter(action="add_statement").exists()


def test_a_field_a_kind_needs_is_asked_for_beside_it(analyst_client: Client, story) -> None:
    r = analyst_client.post(
        f"/documents/{story.pk}/add-fact",
        {"kind": "figure", "save": "1", "quantity": "11", "unit": "", **span(story)},
    )
    assert r.status_code == 400
    assert 'id="field-unit"' in (page := r.content.decode()) and "needs its unit" in page
    # A letter's part needs a letter in the document.
    r = analyst_client.post(
        f"/documents/{story.pk}/add-fact",
        {"kind": "ask", "save": "1", "text": "stop the practice", **span(story, "stop the practice")},
    )
    assert r.status_code == 400 and "no letter yet" in r.content.decode()
    assert not Statement.objects.filter(extractor=ADDED).exists()


def test_viewers_never_see_or_use_it(viewer_client: Client, story) -> None:
    assert "add-fact" not in viewer_client.get(f"/documents/{story.pk}/").content.decode()
    r = viewer_client.post(f"/documents/{story.pk}/add-fact", {**RETURN, **span(story)})
    assert r.status_code == 403
    assert viewer_client.get(f"/documents/{story.pk}/add-fact", span(story)).status_code == 403
    assert not Statement.objects.filter(extractor=ADDED).exists()


def test_the_page_offers_it_to_analysts(analyst_client: Client, story) -> None:
    page = analyst_client.get(f"/documents/{story.pk}/").content.decode()
    assert 'id="add-fact-form"' in page and "web/select.js" in page and "<script>" not in page


def test_a_text_with_a_protected_name_is_refused_before_the_quote_is_read(
    analyst_client: Client, story
) -> None:
    from refwatch.protection.names import protect_names

    protect_names(["Tumen"])
    page = analyst_client.get(f"/documents/{story.pk}/").content.decode()
    assert 'id="add-fact-form"' not in page
    # Right or wrong, a guessed quote gets the same refusal: nothing tells a guess from the name.
    for quote in (SENTENCE, SENTENCE.replace("Tumen", "Yalu")):
        r = analyst_client.post(f"/documents/{story.pk}/add-fact", {**RETURN, **span(story), "quote": quote})
        assert r.status_code == 403
    assert not Statement.objects.filter(extractor=ADDED).exists()


def test_letter_parts_go_on_the_letter_and_merge_like_extracted_ones(analyst_client: Client) -> None:
    doc = store.add_path(SEEDS[0]).document
    letter = Letter.objects.get(document=doc)
    before = letter.asks.count()
    words = "Senate Foreign Relations Committee"
    assert words in doc.text
    r = analyst_client.post(
        f"/documents/{doc.pk}/add-fact",
        {"kind": "recipient", "save": "1", "name": words, "title": "", **span(doc, words)},
    )
    assert r.status_code == 302, r.content.decode()
    party = letter.parties.get(name=words)
    assert party.role == "recipient" and not party.hidden
    sentence = doc.text[doc.text.index("We request") :].split(".")[0]
    r = analyst_client.post(
        f"/documents/{doc.pk}/add-fact",
        {"kind": "ask", "save": "1", "text": sentence, "target": "", **span(doc, sentence)},
    )
    assert r.status_code == 302
    assert letter.asks.count() == before + 1
    assert words in analyst_client.get(f"/letters/{letter.pk}/").content.decode()


def test_re_extraction_never_touches_an_added_statement(analyst_client: Client, story) -> None:
    analyst_client.post(f"/documents/{story.pk}/add-fact", {**RETURN, **span(story)})
    added = Statement.objects.get(extractor=ADDED)
    incident = added.incident
    done = reextract.reextract(story)
    assert added.pk not in done.removed + done.updated + done.outdated
    kept = Statement.objects.get(pk=added.pk)
    assert (kept.record, kept.review, kept.incident_id, kept.outdated) == (
        added.record,
        "accepted",
        incident.pk,
        {},
    )
    incident.refresh_from_db()
    assert not incident.hidden and incident.count == 11


def test_the_review_queue_is_cut_by_the_documents_date(analyst_client: Client, seed_letters) -> None:
    dates = {r.document.pk: r.document.doc_date for r in seed_letters}
    first, second = sorted(dates, key=lambda pk: dates[pk])
    assert dates[first] < dates[second]
    page = analyst_client.get("/review/", {"from": dates[second]}).content.decode()
    assert f'id="rq-doc-{second}"' in page and f'id="rq-doc-{first}"' not in page
    page = analyst_client.get("/review/", {"to": dates[first]}).content.decode()
    assert f'id="rq-doc-{first}"' in page and f'id="rq-doc-{second}"' not in page
    page = analyst_client.get("/review/", {"from": "last spring"}).content.decode()
    assert "“last spring” is not a date" in page and f'id="rq-doc-{first}"' in page


def test_in_a_confidential_document_only_who_sees_every_name_adds_and_it_is_sealed(
    tmp_path, settings, monkeypatch
) -> None:
    from django.db import connection

    from refwatch.knowledge.access import ANALYST, PROTECTION_OFFICER, grant
    from refwatch.knowledge.models import Actor
    from refwatch.protection import crypto
    from tests.conftest import make_user

    monkeypatch.delenv("REFWATCH_MASTER_KEY", raising=False)
    settings.REFWATCH_KEY_FILE = tmp_path / "keys" / "master.key"
    crypto.reset_caches()
    doc = store.add_path(SEEDS[0], visibility="confidential").document
    words = "David Perdue"
    assert words in doc.text
    form = {"kind": "person", "save": "1", "name": words, "text": words, **span(doc, words)}
    # An analyst the document is granted to reads it with its names as pseudonyms: refused.
    anna = make_user("anna", ANALYST)
    grant(doc, user=anna)
    granted = Client()
    granted.force_login(anna)
    assert granted.post(f"/documents/{doc.pk}/add-fact", form).status_code == 403
    assert not Statement.objects.filter(extractor=ADDED).exists()
    # Who sees every name adds it; the quote is sealed at rest and the fact holds the pseudonym.
    pat = make_user("pat", PROTECTION_OFFICER, ANALYST)
    officer = Client()
    officer.force_login(pat)
    r = officer.post(f"/documents/{doc.pk}/add-fact", form)
    assert r.status_code == 302, r.content.decode()
    st = Statement.objects.get(extractor=ADDED)
    with connection.cursor() as cursor:
        cursor.execute("SELECT quote FROM knowledge_statement WHERE id = %s", [st.pk])
        assert cursor.fetchone()[0].startswith("sealed:v1:")
    assert st.quote == words and st.actor is not None and st.actor.name != words
    assert not Actor.objects.filter(name=words).exists()
