"""The overview kept for each role (refwatch.web.shared): a change of the record, however written,
shows at the next request, and a reader whose view is their own never gets another's."""

from __future__ import annotations

import json

import pytest
from django.db import connection, transaction

from refwatch.knowledge import store
from refwatch.knowledge.access import grant
from refwatch.knowledge.models import Document, Incident, Review, Statement
from refwatch.knowledge.queries import Reader
from refwatch.knowledge.review import review
from refwatch.knowledge.state import record_state
from refwatch.protection.names import protect_names
from refwatch.web import shared
from tests.conftest import _client_for, make_user

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
    officer = _client_for(make_user("pia", "protection_officer"))
    assert f'id="letter-{letter.pk}"' in officer.get("/letters/").content.decode()


def test_search_shows_a_change_at_once_and_audits_every_confidential_read(viewer, tmp_path):
    from refwatch.protection.models import AuditEntry

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


def test_the_api_search_is_kept_for_each_role_shows_a_change_at_once_and_audits_every_read(viewer, tmp_path):
    from refwatch.protection.models import AuditEntry

    def searched(client) -> tuple[dict[str, object], int]:
        """/api/search?q=Dandong as `client`'s user gets it, and the queries it took."""
        queries: list[str] = []

        def counted(execute, sql, *args):
            queries.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(counted):
            response = client.get("/api/search?q=Dandong")
        assert response.status_code == 200
        return response.json(), len(queries)

    add(tmp_path, "a.txt", 600)
    # Signed in first: on SQLite the session written at sign-in moves the state of the record.
    mine, others = _client_for(viewer), _client_for(make_user("olga", "viewer"))
    officer = _client_for(make_user("pia", "protection_officer"))
    first, cold = searched(mine)
    again, warm = searched(others)
    assert again == first and first["total"] >= 1
    # The second reader of this role was served what the first computed: no search at all.
    assert warm <= cold - 5, (cold, warm)
    # Computed afresh, the answer is the same.
    shared._kept.clear()
    assert searched(others)[0] == first
    doc = add(tmp_path, "b.txt", 35, day="April 2, 2024")
    assert searched(mine)[0]["total"] == first["total"] + 1
    store.set_visibility(doc, "confidential")
    assert searched(mine)[0] == first

    reads = AuditEntry.objects.filter(action="read_confidential", target_id=str(doc.pk))
    for n in (1, 2):
        assert searched(officer)[0]["total"] == first["total"] + 1
        assert reads.count() == n


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


def test_the_api_list_of_incidents_is_kept_for_each_role_and_shows_a_change_at_once(
    viewer, tmp_path, monkeypatch
):
    def listed(client, query: str = "") -> tuple[dict[str, object], int]:
        queries: list[str] = []

        def counted(execute, sql, *args):
            queries.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(counted):
            response = client.get(f"/api/incidents{query}")
        assert response.status_code == 200
        return response.json(), len(queries)

    add(tmp_path, "a.txt", 600)
    add(tmp_path, "b.txt", 35, day="April 2, 2024")
    # Signed in first: on SQLite the session written at sign-in moves the state of the record.
    mine, others = _client_for(viewer), _client_for(make_user("olga", "viewer"))
    officer = _client_for(make_user("pia", "protection_officer"))
    first, _ = listed(mine)
    with monkeypatch.context() as m:
        m.setattr(shared, "role_key", lambda reader: None)
        own, computed = listed(others)
    again, kept = listed(others)
    assert own == again == first and first["count"] == 2
    assert kept < computed, (computed, kept)  # served what the first reader of this role computed
    assert listed(others, "?page_size=1")[0]["items"] == first["items"][:1]
    # A document sealed since takes its incident out of a viewer's list at once, not an officer's.
    doc = add(tmp_path, "c.txt", 12, day="May 5, 2024")
    assert listed(mine)[0]["count"] == 3
    store.set_visibility(doc, "confidential")
    assert listed(mine)[0] == first
    assert listed(officer)[0]["count"] == 3


# --- the overview's every figure, right after each kind of change --------------------------------


def shown(client) -> dict[str, object]:
    """Every figure and mark the overview shows its reader (not only one count)."""
    response = client.get("/")
    assert response.status_code == 200
    ctx = response.context
    ov = ctx["ov"]
    return {
        "counts": dict(ctx["counts"]),
        "backlog": dict(ov.backlog),
        "years": [(t.year, t.low, t.high, t.events, t.totals, t.conflicts, t.uncounted) for t in ov.years],
        "incidents": [
            (m.id, m.low, m.high, m.conflict, [s.document_id for s in m.sources]) for m in ov.incidents
        ],
        "letters": [(m.id, m.title, m.signers) for m in ov.letters],
        "statements": [(m.id, m.title) for m in ov.statements],
        "undated": (ov.undated_incidents, ov.undated_letters, ov.undated_statements, ov.spanning),
        "recent": [d.pk for d in ctx["recent"]],
        "html": response.content.decode(),
    }


def computed_afresh(client, monkeypatch) -> dict[str, object]:
    """The overview as it is computed for this reader alone (nothing kept is read or kept)."""
    with monkeypatch.context() as m:
        m.setattr(shared, "role_key", lambda reader: None)
        return shown(client)


def same(a: dict[str, object], b: dict[str, object]) -> bool:
    # The page carries a nonce of its own each time (the CSP's): compared without the HTML.
    return {k: v for k, v in a.items() if k != "html"} == {k: v for k, v in b.items() if k != "html"}


def test_a_review_decision_shows_on_every_reader_s_overview_at_once(viewer, analyst, tmp_path, monkeypatch):
    viewers, analysts = _client_for(viewer), _client_for(analyst)
    add(tmp_path, "a.txt", 600)
    before = shown(viewers)
    assert same(shown(viewers), before)
    assert before["counts"]["verified_incidents"] == 0
    st = Statement.objects.get(kind="repatriation")
    review(st, Review.ACCEPTED, by=analyst)
    after = shown(viewers)
    assert after["counts"]["verified_incidents"] == 1
    assert after["backlog"]["accepted"] == before["backlog"]["accepted"] + 1
    assert after["backlog"]["suggested"] == before["backlog"]["suggested"] - 1
    assert same(after, computed_afresh(viewers, monkeypatch))
    # A rejection takes the incident off: no count, no mark, no year of it.
    shown(analysts)
    review(st, Review.REJECTED, by=analyst)
    for client in (viewers, analysts):
        gone = shown(client)
        assert gone["counts"]["incidents"] == 0 and gone["incidents"] == [] and gone["years"] == []
        assert same(gone, computed_afresh(client, monkeypatch))


def test_a_new_accepted_incident_shows_on_the_overview_at_once(viewer, analyst, tmp_path, monkeypatch):
    client = _client_for(viewer)
    add(tmp_path, "a.txt", 600)
    before = shown(client)
    doc = add(tmp_path, "b.txt", 35, day="April 2, 2024")
    review(Statement.objects.get(document=doc, kind="repatriation"), Review.ACCEPTED, by=analyst)
    after = shown(client)
    assert after["counts"]["incidents"] == before["counts"]["incidents"] + 1
    assert after["counts"]["verified_incidents"] == before["counts"]["verified_incidents"] + 1
    assert after["counts"]["documents"] == before["counts"]["documents"] + 1
    new = Incident.objects.get(date_start="2024-04-02")
    assert new.pk in [i[0] for i in after["incidents"]] and 2024 in [y[0] for y in after["years"]]
    assert doc.pk == after["recent"][0]
    assert same(after, computed_afresh(client, monkeypatch))


def test_a_sealed_document_leaves_every_figure_of_a_viewer_s_overview_at_once(
    viewer, protection_officer, tmp_path, monkeypatch
):
    viewers, officers = _client_for(viewer), _client_for(protection_officer)
    add(tmp_path, "a.txt", 600)
    doc = add(tmp_path, "b.txt", 35, day="April 2, 2024")
    sealed = Incident.objects.get(date_start="2024-04-02")
    before, officer_before = shown(viewers), shown(officers)
    assert sealed.pk in [i[0] for i in before["incidents"]]
    store.set_visibility(doc, "confidential")
    after = shown(viewers)
    assert after["counts"]["documents"] == before["counts"]["documents"] - 1
    assert after["counts"]["incidents"] == before["counts"]["incidents"] - 1
    assert after["counts"]["statements"] < before["counts"]["statements"]
    assert sum(after["backlog"].values()) < sum(before["backlog"].values())
    assert sealed.pk not in [i[0] for i in after["incidents"]]
    assert 2024 not in [y[0] for y in after["years"]] and doc.pk not in after["recent"]
    assert same(after, computed_afresh(viewers, monkeypatch))
    # Whoever may read it still counts it, from a page of their own.
    officer_after = shown(officers)
    assert officer_after["counts"] == officer_before["counts"]
    assert sealed.pk in [i[0] for i in officer_after["incidents"]]
    # And opened again, it is back at once.
    store.set_visibility(doc, "internal")
    assert same(shown(viewers), before)


def test_a_name_protected_since_leaves_a_viewer_s_overview_at_once(
    viewer, protection_officer, seed_letters, monkeypatch
):
    def on_a_letter(page: dict[str, object]) -> bool:
        return any("Perdue" in title for _pk, title, _signers in page["letters"])

    viewers, officers = _client_for(viewer), _client_for(protection_officer)
    assert on_a_letter(shown(viewers))  # the seed letter's recipient, on its mark
    assert on_a_letter(shown(officers))
    protect_names(["David Perdue"])
    after = shown(viewers)
    assert "Perdue" not in after["html"] and not on_a_letter(after)
    assert same(after, computed_afresh(viewers, monkeypatch))
    # Who may see the name still does, on a page of their own.
    assert on_a_letter(shown(officers)) and "Perdue" in shown(officers)["html"]


def test_a_viewer_s_overview_never_reflects_a_confidential_document(
    viewer, protection_officer, tmp_path, monkeypatch
):
    add(tmp_path, "a.txt", 600)
    secret = add(tmp_path, "b.txt", 37, visibility="confidential", day="June 14, 2022")
    hidden = Incident.objects.get(date_start="2022-06-14")
    # Every reader signed in first: a login is a write, after which nothing kept would be served.
    viewers, officers = _client_for(viewer), _client_for(protection_officer)
    readers = (viewers, _client_for(make_user("olga", "viewer")), viewers)
    # Who may read it asks first, and their page is kept; a viewer's is never that one.
    officer = shown(officers)
    assert hidden.pk in [i[0] for i in officer["incidents"]] and secret.pk in officer["recent"]
    for client in readers:
        page = shown(client)
        assert hidden.pk not in [i[0] for i in page["incidents"]]
        assert 2022 not in [y[0] for y in page["years"]]
        assert secret.pk not in page["recent"]
        assert page["counts"]["documents"] == officer["counts"]["documents"] - 1
        assert page["counts"]["incidents"] == officer["counts"]["incidents"] - 1
        assert sum(page["backlog"].values()) < sum(officer["backlog"].values())
        assert same(page, computed_afresh(client, monkeypatch))
    # Nor the public's, in public mode, after both.
    assert shared.role_key(Reader.public()) != shared.role_key(Reader.for_user(viewer))


def test_what_threads_ask_for_at_once_is_computed_once_and_a_failure_is_no_one_else_s(monkeypatch):
    import threading
    import time

    monkeypatch.setattr(shared, "role_key", lambda reader: ("viewer",))
    monkeypatch.setattr(shared, "record_states", lambda: ("state-1", "state-1"))
    shared._kept.clear()
    computed: list[int] = []

    def compute() -> str:
        computed.append(threading.get_ident())
        time.sleep(0.3)
        return "page"

    got: list[str] = []
    threads = [
        threading.Thread(target=lambda: got.append(shared.shared(None, "overview", compute)))
        for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == ["page"] * 4 and len(computed) == 1

    # The first fails: the one waiting computes its own, and the failure is the first's alone.
    calls = []

    def failing_once() -> str:
        calls.append(1)
        time.sleep(0.3)
        if len(calls) == 1:
            raise ValueError("no such record")
        return "letter"

    outcomes: list[str] = []

    def ask() -> None:
        try:
            outcomes.append(shared.shared(None, "letter", failing_once))
        except ValueError as error:
            outcomes.append(str(error))

    first = threading.Thread(target=ask)
    first.start()
    time.sleep(0.1)
    second = threading.Thread(target=ask)
    second.start()
    first.join()
    second.join()
    assert outcomes == ["no such record", "letter"] and len(calls) == 2


def test_readers_going_through_many_letters_never_push_out_the_lists(monkeypatch):
    monkeypatch.setattr(shared, "role_key", lambda reader: ("viewer",))
    monkeypatch.setattr(shared, "record_states", lambda: ("state-2", "state-2"))
    computed: list[object] = []

    def page(what: object) -> object:
        computed.append(what)
        return what

    for what in ("overview", "letters", "search Dandong"):
        shared.shared(None, what, lambda what=what: page(what))
    for pk in range(3 * shared.MAX_RECORD_ENTRIES):
        shared.shared(None, ("letter", pk), lambda pk=pk: page(pk), record=True)
    computed.clear()
    for what in ("overview", "letters", "search Dandong"):
        assert shared.shared(None, what, lambda what=what: page(what)) == what
    assert computed == []
    # The letters read last are kept too.
    last = 3 * shared.MAX_RECORD_ENTRIES - 1
    assert shared.shared(None, ("letter", last), lambda: page(last), record=True) == last
    assert computed == []
