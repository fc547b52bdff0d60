"""The overview kept for each role (refwatch.web.shared): a change of the record, however written,
shows at the next request, and a reader whose view is their own never gets another's."""

from __future__ import annotations

import json

import pytest
from django.db import connection, transaction

from refwatch.knowledge import store
from refwatch.knowledge.access import grant
from refwatch.knowledge.models import Document, Incident
from refwatch.knowledge.queries import Reader
from refwatch.knowledge.state import record_state
from refwatch.web import shared
from tests.conftest import _client_for

# Outside a test's transaction: the state of the record is only known between transactions.
pytestmark = pytest.mark.django_db(transaction=True)

RETURN = """Press release, 2 March 2025

Chinese authorities forcibly repatriated {n} North Korean refugees from Dandong on {day}.
"""


def add(tmp_path, name: str, n: int, visibility: str = "internal", day: str = "October 9, 2023") -> Document:
    path = tmp_path / name
    path.write_text(RETURN.format(n=n, day=day), encoding="utf-8")
    return store.add_path(path, visibility=visibility).document


def incidents_shown(client) -> tuple[int, int]:
    """The incidents the overview counts, and the queries it took."""
    queries: list[str] = []

    def counted(execute, sql, *args):
        queries.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(counted):
        response = client.get("/")
    assert response.status_code == 200
    return response.context["counts"]["incidents"], len(queries)


def test_the_state_moves_with_every_committed_write_and_is_none_inside_a_transaction(viewer):
    before = record_state()
    assert before is not None and record_state() == before
    # A write that no signal sees (a queryset update) moves it all the same.
    type(viewer).objects.filter(pk=viewer.pk).update(first_name="Vera")
    assert record_state() not in (None, before)
    with transaction.atomic():
        assert record_state() is None


def test_a_new_document_shows_on_the_overview_at_once(viewer, tmp_path):
    client = _client_for(viewer)
    add(tmp_path, "a.txt", 600)
    first, cold = incidents_shown(client)
    again, warm = incidents_shown(client)
    assert again == first >= 1
    assert warm < cold  # the second reader of this role was served what the first computed
    add(tmp_path, "b.txt", 35, day="April 2, 2024")
    assert incidents_shown(client)[0] == first + 1
    # A change no signal sees (a queryset update) shows as well.
    Incident.objects.update(hidden=True)
    assert incidents_shown(client)[0] == 0


def test_a_document_made_confidential_leaves_the_viewers_overview_at_once(viewer, tmp_path):
    client = _client_for(viewer)
    doc = add(tmp_path, "a.txt", 600)
    assert incidents_shown(client)[0] == 1
    assert incidents_shown(client)[0] == 1
    store.set_visibility(doc, "confidential")
    assert incidents_shown(client)[0] == 0


def test_a_reader_with_a_grant_reads_their_own(viewer, tmp_path):
    from tests.conftest import make_user

    other = make_user("olga", "viewer")
    doc = add(tmp_path, "a.txt", 600, visibility="confidential")
    assert incidents_shown(_client_for(other))[0] == 0
    grant(doc, user=viewer)
    assert shared.role_key(Reader.for_user(viewer)) is None
    assert shared.role_key(Reader.for_user(other)) is not None
    assert incidents_shown(_client_for(viewer))[0] == 1
    assert incidents_shown(_client_for(other))[0] == 0


def test_the_lists_of_incidents_and_letters_show_a_change_at_once(viewer, tmp_path, seed_letters):
    client = _client_for(viewer)
    add(tmp_path, "a.txt", 600)
    rows = client.get("/incidents/").content.decode().count('id="incident-')
    assert client.get("/incidents/").content.decode().count('id="incident-') == rows >= 1
    add(tmp_path, "b.txt", 35, day="April 2, 2024")
    assert client.get("/incidents/").content.decode().count('id="incident-') == rows + 1

    listed = client.get("/letters/").content.decode()
    assert client.get("/letters/").content.decode().count('id="letter-') == listed.count('id="letter-') >= 1
    letter = seed_letters[0].document.letters.first()
    store.set_visibility(seed_letters[0].document, "confidential")
    after = client.get("/letters/").content.decode()
    assert f'id="letter-{letter.pk}"' in listed and f'id="letter-{letter.pk}"' not in after
    # Another role's list is its own: the protection officer still sees the letter.
    from tests.conftest import make_user

    officer = _client_for(make_user("pia", "protection_officer"))
    assert f'id="letter-{letter.pk}"' in officer.get("/letters/").content.decode()


def test_search_shows_a_change_at_once_and_audits_every_confidential_read(viewer, tmp_path):
    from refwatch.protection.models import AuditEntry
    from tests.conftest import make_user

    client = _client_for(viewer)
    add(tmp_path, "a.txt", 600)
    first = client.get("/search/?q=Dandong").context["hits"]
    assert len(client.get("/search/?q=Dandong").context["hits"]) == len(first) >= 1
    doc = add(tmp_path, "b.txt", 35, day="April 2, 2024")
    assert len(client.get("/search/?q=Dandong").context["hits"]) == len(first) + 1
    store.set_visibility(doc, "confidential")
    assert len(client.get("/search/?q=Dandong").context["hits"]) == len(first)

    officer = _client_for(make_user("pia", "protection_officer"))
    reads = AuditEntry.objects.filter(action="read_confidential")
    for n in (1, 2):
        assert len(officer.get("/search/?q=Dandong").context["hits"]) == len(first) + 1
        assert reads.filter(target_id=str(doc.pk)).count() == n


def test_a_letters_page_shows_a_change_at_once(viewer, seed_letters):
    client = _client_for(viewer)
    letter = seed_letters[1].document.letters.first()
    body = client.get(f"/letters/{letter.pk}/").context["body"]
    assert client.get(f"/letters/{letter.pk}/").context["body"] == body and "<h1>" in body
    ask = letter.asks.first()
    type(ask).objects.filter(pk=ask.pk).update(text="Stop the returns at once, changed")
    assert "changed" in client.get(f"/letters/{letter.pk}/").content.decode()
    store.set_visibility(seed_letters[1].document, "confidential")
    assert client.get(f"/letters/{letter.pk}/").status_code == 404


def test_the_api_list_of_letters_is_kept_for_each_role_and_shows_a_change_at_once(viewer, seed_letters):
    from refwatch.protection.names import protect_names
    from tests.conftest import make_user

    def listed(user) -> tuple[str, int]:
        """The first page of /api/letters for `user`, and the queries it took."""
        queries: list[str] = []

        def counted(execute, sql, *args):
            queries.append(sql)
            return execute(sql, *args)

        client = _client_for(user)
        with connection.execute_wrapper(counted):
            response = client.get("/api/letters")
        assert response.status_code == 200
        return response.content.decode(), len(queries)

    def ids(user) -> list[int]:
        return [row["id"] for row in json.loads(listed(user)[0])["items"]]

    other = make_user("olga", "viewer")
    first, cold = listed(viewer)
    again, warm = listed(other)
    assert again == first and "Tim Kaine" in first
    assert warm < cold  # the second reader of this role was served what the first computed
    # A name protected since is withheld at once, with what goes with it; not from who may see it.
    protect_names(["Tim Kaine"])
    assert "Tim Kaine" not in listed(other)[0]
    officer = make_user("pia", "protection_officer")
    assert "Tim Kaine" in listed(officer)[0]
    # A letter sealed since leaves the list of whom may not read it, at once.
    letter = seed_letters[0].document.letters.first()
    assert letter.pk in ids(viewer)
    store.set_visibility(seed_letters[0].document, "confidential")
    assert letter.pk not in ids(viewer) and letter.pk in ids(officer)
    # A reader with a grant reads their own list, and the others of their role still theirs.
    grant(seed_letters[0].document, user=viewer)
    assert letter.pk in ids(viewer) and letter.pk not in ids(other)
