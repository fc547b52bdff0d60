"""The asks tracker across letters: each ask, of whom and when, made again in the follow-up
letter, the outcome the follow-up reports with its words; filtered and sorted from the URL; what a
reader may not see (a confidential letter, a protected name) is not on it."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from refwatch.knowledge.models import Ask, Letter, Visibility
from refwatch.knowledge.queries import Reader
from refwatch.protection.names import protect_names
from refwatch.web.asks import track

pytestmark = pytest.mark.django_db


def rows(client: Client, query: str = "") -> list[int]:
    page = client.get(reverse("web:asks") + query)
    assert page.status_code == 200
    return [int(n) for n in re.findall(r'<tr id="ask-(\d+)"', page.content.decode())]


def test_an_ask_made_again_and_answered_has_its_steps_with_their_sources(seed_letters):
    first = Letter.objects.get(date="2025-11-07", reported=False)
    follow_up = Letter.objects.get(date="2026-05-13")
    tracked = {t.ask.pk: t for t in track(Reader.system())}
    halt = next(t for t in tracked.values() if t.text.startswith("urge the PRC to halt"))
    assert halt.letter == first and halt.target == "the PRC"
    assert [(s.date, s.what, s.letter.pk) for s in halt.steps] == [
        ("2025-11-07", "asked", first.pk),
        ("2026-05-13", "asked again", follow_up.pk),
        ("2026-05-13", "denied", follow_up.pk),
    ]
    assert all(s.url and s.url.startswith("/documents/") for s in halt.steps)
    assert halt.status == "denied" and "repeatedly denied" in halt.outcome.text
    # The follow-up's own new ask is tracked once, open: nothing later answers it.
    grant = next(t for t in tracked.values() if t.text.startswith("grant refugee status"))
    assert grant.letter == follow_up and grant.status == "open"
    # Made again, an ask is one row, not two.
    repeated = [a.pk for a in Ask.objects.filter(letter=follow_up) if "halt its systematic" in a.text]
    assert repeated and not set(repeated) & set(tracked)


def test_the_page_filters_and_sorts_from_the_url(seed_letters, viewer_client: Client):
    every = rows(viewer_client)
    assert len(every) == 5
    denied = rows(viewer_client, "?status=denied")
    assert denied and set(denied) < set(every)
    assert rows(viewer_client, "?to=Trump") == [
        a.pk for a in Ask.objects.filter(target="Donald J. Trump", text__startswith="grant")
    ]
    assert rows(viewer_client, "?sort=-date")[0] in set(every) - set(denied)
    page = viewer_client.get(reverse("web:asks") + "?status=nonsense").content.decode()
    assert "is not a status of any ask" in page and len(re.findall(r'<tr id="ask-', page)) == 5


def test_a_viewer_never_sees_a_confidential_letters_asks_or_a_protected_name(
    seed_letters, viewer_client: Client
):
    follow_up = Letter.objects.get(date="2026-05-13")
    Letter.objects.filter(pk=follow_up.pk).update(visibility=Visibility.CONFIDENTIAL)
    shown = rows(viewer_client)
    assert shown and not set(shown) & set(Ask.objects.filter(letter=follow_up).values_list("pk", flat=True))
    # Without the follow-up, nothing says the first letter's asks were denied.
    assert "denied" not in viewer_client.get(reverse("web:asks")).content.decode()
    protect_names(["David Perdue"])
    page = viewer_client.get(reverse("web:asks")).content.decode()
    assert "Perdue" not in page
    assert rows(viewer_client, "?to=Perdue") == []
