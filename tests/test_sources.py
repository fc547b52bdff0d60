"""Sources counted once: two documents repeating one original source are one source; a fact is
corroborated by two independent original sources; the incident page shows the chain."""

from __future__ import annotations

import pytest
from django.test import Client

from refwatch.knowledge import store
from refwatch.knowledge.models import Incident
from refwatch.knowledge.queries import Reader
from refwatch.knowledge.sources import original_source
from tests.test_store import ingested

pytestmark = pytest.mark.django_db


def test_an_attributed_source_is_named_once_however_it_is_written():
    cecc = "Congressional-Executive Commission on China"
    assert original_source("the CECC") == cecc == original_source("CECC")
    assert original_source("the Congressional-Executive Commission on China") == cecc
    assert original_source("witnesses in Dandong") == "witnesses in Dandong"


def october() -> Incident:
    return Reader.system().incidents().get(date_start="2023-10-09")


def test_repetitions_are_one_source_and_an_independent_one_corroborates(
    viewer_client: Client, seed_letters
) -> None:
    assert october().source_count() == 1 and not october().corroborated
    body = viewer_client.get(f"/incidents/{october().pk}/").content.decode()
    assert "1 independent source" in body and "(2 documents" in body
    chain = body.split('class="source-chain"', 1)[1].split("</ul>", 1)[0]
    assert chain.count('class="source"') == 1
    assert '→ <strong class="original-source">Congressional-Executive Commission on China</strong>' in chain
    assert "repeated by 2 documents: one source" in chain
    # A news story on its own account is a second, independent source.
    story = (
        "SEOUL (3 November 2023) - Chinese authorities forcibly repatriated 600 North Korean "
        "refugees on October 9, 2023, a reporter saw at the border crossing in Dandong.\n"
    )
    store.add(ingested(story.encode(), "story.txt"))
    assert october().source_count() == 2 and october().corroborated
    body = viewer_client.get(f"/incidents/{october().pk}/").content.decode()
    assert "2 independent sources" in body and "corroborated" in body
    assert "(on its own account)" in body
