"""Watched sources against a real HTTP server on loopback (tests/watchserver.py): feeds and a
listing page polled, their new items added through the upload's ingest (a child process within
limits) with their address, date and source, never twice; a broken feed, a server too slow, a
bottomless answer, a broken PDF and a redirect to a file each refused with why, nothing stored
changed; a 304 for an unchanged feed; requests to one host spaced as the setting says."""

from __future__ import annotations

import itertools
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from typer.testing import CliRunner

from refwatch import watching
from refwatch.actions import Actions, Refused
from refwatch.cli import app
from refwatch.ingest.fetch import Fetcher, FetchError, HostClock, Politeness
from refwatch.ingest.listing import FeedError, items_of_feed, items_of_page
from refwatch.knowledge import watch
from refwatch.knowledge.models import Document, Statement, WatchedItem, WatchedSource, WatchPoll
from refwatch.knowledge.queries import Reader
from refwatch.outputs import digest
from refwatch.protection.models import AuditEntry
from tests.conftest import make_user
from tests.test_crash import REFWATCH
from tests.watchserver import DANDONG, SHENYANG, TUMEN, Site, atom, html_item, news_feed, rss

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_keys_and_originals")]

INTERVAL = 0.25


@pytest.fixture(autouse=True)
def polite(settings):
    settings.REFWATCH_WATCH_HOST_INTERVAL = INTERVAL
    settings.REFWATCH_WATCH_TIMEOUT = 1.0
    settings.REFWATCH_WATCH_MAX_BYTES = 300_000
    settings.REFWATCH_WATCH_USER_AGENT = "refwatch/0.1 (+https://example.org/contact)"


@pytest.fixture
def site():
    with Site() as s:
        yield s


def poll_now(source: WatchedSource) -> watch.Outcome:
    outcome = watching.poll(source.pk, worker="test:1:a", force=True)
    assert outcome is not None
    source.refresh_from_db()
    return outcome


def add(url: str, **kwargs) -> WatchedSource:
    return Actions.for_command().watch(url, **kwargs)


def test_a_feed_brings_its_items_once_with_their_address_date_and_source(site: Site):
    news_feed(site)
    source = add(f"{site.base}/feed.xml", name="Seoul NGO")
    first = poll_now(source)
    assert first.summary() == "2 new", first.items
    docs = {d.meta["url"]: d for d in Document.objects.all()}
    assert set(docs) == {f"{site.base}/news/dandong.html", f"{site.base}/news/tumen.txt"}
    dandong = docs[f"{site.base}/news/dandong.html"]
    assert dandong.meta["source"] == "Seoul NGO" and dandong.meta["published"] == "2025-03-04"
    assert dandong.published == "2025-03-04" and dandong.title == "China sends 60 defectors back"
    assert Statement.objects.filter(document=dandong, kind="repatriation").exists()
    assert source.last_status == "ok" and source.last_outcome == "2 new" and source.etag == '"v1"'
    # The items were read as uploads are: audited as added by the watch.
    assert AuditEntry.objects.filter(action="ingest", actor="watch").count() == 2

    # Unchanged: the feed answers 304 to the ETag it gave, and nothing is fetched or added.
    second = poll_now(source)
    assert second.status == WatchPoll.Status.NOT_MODIFIED
    assert site.requests("/feed.xml")[-1].status == 304
    assert site.requests("/feed.xml")[-1].headers["If-None-Match"] == '"v1"'
    assert source.last_outcome == "nothing new (not modified)"

    # Changed (a new ETag) but listing the same items, and one more holding the same bytes as an
    # item already stored under another address: nothing is added twice.
    site.serve("/news/copy.txt", TUMEN)
    site.serve(
        "/feed.xml",
        rss(
            site.base,
            [
                ("/news/dandong.html", "China sends 60 defectors back", "Tue, 04 Mar 2025 09:00:00 GMT"),
                ("/news/tumen.txt", "Families fear for those returned", "Sat, 12 Apr 2025 09:00:00 GMT"),
                ("/news/copy.txt", "The same story again", "Sun, 13 Apr 2025 09:00:00 GMT"),
            ],
        ),
        etag='"v2"',
    )
    third = poll_now(source)
    assert third.summary() == "nothing new", third.items
    assert [i["outcome"] for i in third.items] == ["skipped"]
    assert Document.objects.count() == 2
    assert len(site.requests("/news/dandong.html")) == 1 and len(site.requests("/news/tumen.txt")) == 1
    # The User-Agent names refwatch and where to reach its operator; no compression asked for.
    assert {s.headers["User-Agent"] for s in site.requests()} == {
        "refwatch/0.1 (+https://example.org/contact)"
    }
    assert {s.headers["Accept-Encoding"] for s in site.requests()} == {"identity"}
    assert [p.status for p in Reader.system().watch_polls(source)] == ["ok", "not_modified", "ok"]


def test_an_atom_feed_and_a_listing_page(site: Site):
    site.serve("/atom.xml", atom(site.base, [("/a/shenyang", "Shenyang detainees sent back", "2025-06-02")]))
    site.serve("/a/shenyang", SHENYANG)
    page = (
        "<html><body><header><a href='/about'>About us</a><a href='/'>Home</a></header>"
        "<main><h1>Press releases</h1><ul>"
        "<li><a href='/press/2025/dandong.html'>China sends 60 defectors back</a> <time datetime='2025-03-04'>4 March</time></li>"
        f"<li><a href='{site.base}/press/tumen'>Families fear</a> <time datetime='2025-04-12'>12 April</time></li>"
        "<li><a href='https://elsewhere.example/story'>Another site</a></li>"
        "<li><a href='mailto:press@example.org'>Write to us</a></li>"
        "</ul></main><footer><a href='/contact'>Contact</a></footer></body></html>"
    )
    site.serve("/press/", page, content_type="text/html")
    site.serve("/press/2025/dandong.html", html_item(DANDONG), content_type="text/html")
    site.serve("/press/tumen", TUMEN)

    feed = add(f"{site.base}/atom.xml", name="Atom news")
    assert poll_now(feed).summary() == "1 new"
    listing = add(f"{site.base}/press/", name="Committee", kind="page")
    assert poll_now(listing).summary() == "2 new"
    by_url = {d.meta["url"]: d for d in Document.objects.all()}
    assert by_url[f"{site.base}/a/shenyang"].meta["published"] == "2025-06-02"
    assert by_url[f"{site.base}/press/2025/dandong.html"].meta["published"] == "2025-03-04"
    assert by_url[f"{site.base}/press/tumen"].meta == {
        "url": f"{site.base}/press/tumen",
        "source": "Committee",
        "published": "2025-04-12",
    }
    # Only the list's items were fetched: not the site's navigation, nor another site.
    fetched = {s.path for s in site.requests()}
    assert fetched == {"/atom.xml", "/a/shenyang", "/press/", "/press/2025/dandong.html", "/press/tumen"}


def test_the_items_of_a_page_and_of_a_feed_without_a_server():
    page = (
        b"<html><head><base href='https://ngo.example/news/'></head><body><nav><a href='/'>Home</a></nav>"
        b"<div><a href='2025/one.html#top'>One</a><a href='2025/one.html'>One again</a>"
        b"<a href='https://www.ngo.example/news/two'>Two</a><a href='/tag/refugees'>tag</a>"
        b"<a href='/news/'>All news</a><a href='javascript:alert(1)'>x</a></div></body></html>"
    )
    items = items_of_page(page, "https://ngo.example/news/")
    assert [i.url for i in items] == [
        "https://ngo.example/news/2025/one.html",
        "https://www.ngo.example/news/two",
    ]
    with pytest.raises(FeedError, match="not well-formed"):
        items_of_feed(b"<rss version='2.0'><channel><item><title>x</ti", "https://ngo.example/feed")
    with pytest.raises(FeedError, match="not an RSS or Atom feed"):
        items_of_feed(b"<html><body>hello</body></html>", "https://ngo.example/feed")


def test_a_broken_feed_and_a_silent_server_are_errors_with_why(site: Site):
    site.serve("/broken.xml", b"<?xml version='1.0'?><rss version='2.0'><channel><item><title>x</ti")
    site.serve("/slow.xml", rss(site.base, []), sleep=2.5)
    broken = add(f"{site.base}/broken.xml", name="Broken")
    slow = add(f"{site.base}/slow.xml", name="Slow")
    before = Document.objects.count()

    assert poll_now(broken).status == WatchPoll.Status.ERROR
    assert broken.last_status == "error"
    assert broken.last_outcome.startswith("error: the feed is not well-formed XML")
    assert poll_now(slow).status == WatchPoll.Status.ERROR
    assert slow.last_outcome == f"error: {site.base}/slow.xml gave no answer within 1 seconds"
    assert Document.objects.count() == before and not WatchedItem.objects.exists()
    # An error schedules the next poll as usual (it may go better), and keeps no validator.
    assert slow.next_poll_at > slow.last_poll_at and slow.etag == ""


def test_hostile_items_are_refused_with_why_and_never_fetched_again(site: Site):
    site.serve(
        "/feed.xml",
        rss(
            site.base,
            [
                ("/files/bomb.txt", "A bottomless answer", "Tue, 04 Mar 2025 09:00:00 GMT"),
                ("/files/broken.pdf", "A broken PDF", "Tue, 04 Mar 2025 09:00:00 GMT"),
                ("/files/redirect", "Off to a file", "Tue, 04 Mar 2025 09:00:00 GMT"),
                ("/files/slow.txt", "Too slow", "Tue, 04 Mar 2025 09:00:00 GMT"),
                ("/news/tumen.txt", "Families fear", "Sat, 12 Apr 2025 09:00:00 GMT"),
            ],
        ),
    )
    site.serve("/files/bomb.txt", bottomless=True)
    site.serve(
        "/files/broken.pdf",
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\n%%EOF\x00\xff",
        content_type="application/pdf",
    )
    site.serve("/files/redirect", status=302, headers={"Location": "file:///etc/passwd"})
    site.serve("/files/slow.txt", TUMEN, sleep=2.5)
    site.serve("/news/tumen.txt", TUMEN)
    source = add(f"{site.base}/feed.xml", name="Hostile")

    outcome = poll_now(source)
    by_path = {i["url"].removeprefix(site.base): i for i in outcome.items}
    assert by_path["/files/bomb.txt"]["outcome"] == "refused"
    assert (
        by_path["/files/bomb.txt"]["reason"]
        == f"{site.base}/files/bomb.txt sent more than 300,000 bytes, over the limit; stopped"
    )
    assert by_path["/files/broken.pdf"]["outcome"] == "refused"
    assert "broken.pdf" in by_path["/files/broken.pdf"]["reason"]
    assert by_path["/files/redirect"]["reason"] == (
        f"{site.base}/files/redirect redirects to 'file:///etc/passwd', which is not http or https"
    )
    assert by_path["/files/slow.txt"]["outcome"] == "later"  # a passing failure: tried again
    assert by_path["/news/tumen.txt"]["outcome"] == "added"
    assert source.last_outcome == "1 new, 3 refused, 1 to try again"
    assert Document.objects.count() == 1
    poll = Reader.system().watch_polls(source)[0]
    assert poll.refused == 3 and poll.added == 1 and len(poll.items) == 5
    # The slow one waits for its next try (REFWATCH_WATCH_RETRY_SECONDS, 600 by default).
    slow = WatchedItem.objects.get(url=f"{site.base}/files/slow.txt")
    assert (slow.status, slow.attempts) == ("waiting", 1)
    assert slow.reason == f"{site.base}/files/slow.txt gave no answer within 1 seconds"
    assert 590 < (slow.next_try_at - timezone.now()).total_seconds() <= 600
    # No validator kept while an item waits, so each poll reads the feed again; before its wait is
    # over the slow item is not asked for, and the refused items are never asked for again.
    assert source.etag == ""
    site.serve("/files/slow.txt", SHENYANG)
    assert poll_now(source).items == []
    assert len(site.requests("/files/slow.txt")) == 1
    WatchedItem.objects.filter(pk=slow.pk).update(next_try_at=timezone.now())  # its wait is over
    again = poll_now(source)
    assert [(i["url"].removeprefix(site.base), i["outcome"]) for i in again.items] == [
        ("/files/slow.txt", "added")
    ]
    slow.refresh_from_db()
    assert (slow.status, slow.attempts, slow.next_try_at) == ("added", 2, None)
    assert len(site.requests("/files/bomb.txt")) == 1 and len(site.requests("/files/broken.pdf")) == 1
    assert Document.objects.count() == 2


def test_requests_to_one_host_are_spaced_by_the_setting(site: Site):
    news_feed(site)
    site.serve("/other.xml", rss(site.base, [("/news/tumen.txt", "again", "Sat, 12 Apr 2025 09:00:00 GMT")]))
    first = add(f"{site.base}/feed.xml", name="One")
    add(f"{site.base}/other.xml", name="Two")
    poll_now(first)
    watching.poll_due(worker="test:1:b", everything=True)
    times = [s.at for s in site.requests()]
    assert len(times) >= 5
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= INTERVAL - 0.02, gaps


def test_the_fetcher_refuses_what_is_not_http_and_spaces_hosts(site: Site):
    fetcher = Fetcher(Politeness(host_interval=0.0), clock=HostClock())
    for url in ("file:///etc/passwd", "ftp://example.org/x", "http:///nohost", "javascript:alert(1)"):
        with pytest.raises(FetchError, match="not an http:// or https:// address"):
            fetcher.get(url)
    site.serve("/big", b"x" * 2000)
    with pytest.raises(FetchError, match="is 2,000 bytes, over the limit of 1,000 bytes"):
        Fetcher(Politeness(max_bytes=1000), clock=HostClock()).get(f"{site.base}/big")
    clock = HostClock()
    assert clock.wait_turn("h:1", 0.2) == 0
    assert clock.wait_turn("h:1", 0.2) > 0.15
    assert clock.wait_turn("other:1", 0.2) == 0


def test_watching_is_an_admins_choice_checked_and_audited(site: Site):
    analyst = make_user("anna", "analyst")
    with pytest.raises(Refused, match="admin"):
        Actions(analyst).watch(f"{site.base}/feed.xml")
    admin = make_user("ada", "admin")
    for bad, why in (
        ("file:///etc/passwd", "not an http:// or https:// address"),
        ("https://example.org/feed", "is not a period"),
    ):
        with pytest.raises(Refused, match=why):
            Actions(admin).watch(bad, every="soon" if "example" in bad else "1h")
    assert not WatchedSource.objects.exists()
    source = Actions(admin).watch(f"{site.base}/feed.xml", every="6h", name="NGO")
    assert source.every == 6 * 3600
    with pytest.raises(Refused, match="watched already"):
        Actions(admin).watch(f"{site.base}/feed.xml")
    Actions(admin).unwatch(source.url)
    with pytest.raises(Refused, match="is not watched"):
        Actions(admin).unwatch(source.url)
    assert [e.action for e in AuditEntry.objects.filter(action__startswith="watch_").order_by("seq")] == [
        "watch_add",
        "watch_remove",
    ]
    assert not site.requests()  # adding a source fetches nothing by itself


def test_what_is_new_since_the_last_visit_is_read_through_the_door(site: Site, settings):
    news_feed(site)
    viewer = make_user("vera", "viewer")
    officer = make_user("pat", "protection_officer")
    since = watch.visit(viewer, gap=60, first_look=3600)
    site.serve("/secret.xml", rss(site.base, [("/news/secret.txt", "note", "Tue, 08 Jul 2025 09:00:00 GMT")]))
    from tests.watchserver import SECRET

    site.serve("/news/secret.txt", SECRET)
    poll_now(add(f"{site.base}/feed.xml", name="NGO"))
    poll_now(add(f"{site.base}/secret.xml", name="Sources", visibility="confidential"))
    seen = list(Reader.for_user(viewer).new_facts(since))
    assert seen and seen[0].kind == "repatriation"
    assert {st.document.meta["source"] for st in seen} == {"NGO"}
    assert any(st.document.confidential for st in Reader.for_user(officer).new_facts(since))
    # Sources of confidential documents are listed to those who may read them only.
    assert list(
        Reader.for_user(make_user("anna", "analyst")).watched_sources().values_list("name", flat=True)
    ) == ["NGO"]
    assert not Reader.for_user(viewer).watched_sources().exists()
    # A look within the gap is the same visit; after it, a new one starting where the last ended.
    assert watch.visit(viewer, gap=60, first_look=3600) == since

    # The digest holds what its recipient may see, returns first.
    made = digest.build(Reader.for_user(viewer), since, site="https://rw.example")
    assert made.documents == 2 and "Internal note" not in made.body and "Yanji" not in made.body
    assert made.subject.startswith("refwatch: 2 new documents, ")
    assert "https://rw.example/documents/" in made.body
    viewer.email = "vera@example.org"
    viewer.save()
    done = CliRunner().invoke(app, ["watch", "digest", "--to", "vera@example.org"], catch_exceptions=False)
    assert done.exit_code == 0, done.output
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["vera@example.org"]
    assert "Yanji" not in mail.outbox[0].body and "60 defectors" in mail.outbox[0].body
    wrong = CliRunner().invoke(app, ["watch", "digest", "--to", "nobody@example.org"])
    assert wrong.exit_code == 2 and "no active user has the address" in wrong.output


def test_the_commands_and_the_worker_poll_on_a_real_installation(site: Site, tmp_path: Path):
    """`refwatch watch add | list | run | remove` and `refwatch worker --batch` as a user runs them,
    on an SQLite file: the worker polls a due source through the queue (its deferred task)."""
    news_feed(site)
    home = tmp_path / "home"
    # An SQLite file of its own, whatever database the other tests use.
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(REFWATCH_HOME=str(home), PYTHONUNBUFFERED="1")
    env.update(REFWATCH_WATCH_HOST_INTERVAL="0.1", REFWATCH_WATCH_TIMEOUT="2")

    def refwatch(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(REFWATCH), *args], env=env, capture_output=True, text=True, timeout=300)

    added = refwatch("watch", "add", f"{site.base}/feed.xml", "--every", "2h", "--source", "Seoul NGO")
    assert added.returncode == 0, added.stderr
    assert "every 2h" in added.stdout
    bad = refwatch("watch", "add", "ftp://example.org/feed", "--every", "1h")
    assert bad.returncode == 2 and "not an http:// or https:// address" in bad.stderr
    worker = refwatch("worker", "--batch", "--interval=0.1")
    assert worker.returncode == 0, worker.stdout + worker.stderr
    assert "source 1: 2 new" in worker.stdout
    listed = refwatch("watch", "list")
    assert "Seoul NGO" in listed.stdout and "2 new" in listed.stdout
    # Not due again for two hours: --once polls nothing, --all polls it (the feed answers 304).
    assert "no source is due" in refwatch("watch", "run", "--once").stdout
    again = refwatch("watch", "run", "--all")
    assert again.returncode == 0 and "nothing new (not modified)" in again.stdout
    con = sqlite3.connect(home / "refwatch.sqlite3")
    try:
        assert con.execute("select count(*) from knowledge_document").fetchone() == (2,)
        waiting = con.execute(
            "select count(*) from django_tasks_database_dbtaskresult where status='READY' and task_path like '%poll_source'"
        ).fetchone()
        assert waiting == (1,)  # one poll queued for when it is due, however often it was polled
    finally:
        con.close()
    assert refwatch("watch", "remove", f"{site.base}/feed.xml").returncode == 0
    assert "no source is watched" in refwatch("watch", "list").stdout
