"""Watched items that fail for a passing reason are tried again, each wait twice the last, and
refused after the last attempt; a file refused for what it is is never fetched again; attempts and
the last error show in `refwatch watch list` and on /watch/. The daily digest goes out once a day,
whoever asks. Against the loopback feed server of tests/watchserver.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from typer.testing import CliRunner

from refwatch import watching
from refwatch.actions import Actions
from refwatch.cli import app
from refwatch.knowledge.models import DigestDay, Document, WatchedItem, WatchedSource, WatchHost
from refwatch.knowledge.watch import HostTurns
from refwatch.protection.models import AuditEntry
from tests.conftest import make_user
from tests.watchserver import TUMEN, Site, news_feed, rss

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_keys_and_originals")]


@pytest.fixture(autouse=True)
def polite(settings):
    settings.REFWATCH_WATCH_HOST_INTERVAL = 0.0
    settings.REFWATCH_WATCH_TIMEOUT = 1.0
    settings.REFWATCH_WATCH_MAX_BYTES = 2000
    settings.REFWATCH_WATCH_RETRY_SECONDS = 100
    settings.REFWATCH_WATCH_RETRY_ATTEMPTS = 3


@pytest.fixture
def site():
    with Site() as s:
        yield s


def poll_now(source: WatchedSource) -> list[dict[str, str]]:
    outcome = watching.poll(source.pk, worker="test:1:a", force=True)
    assert outcome is not None
    return outcome.items


def wait_over(item: WatchedItem) -> None:
    """As if the item's wait had passed."""
    WatchedItem.objects.filter(pk=item.pk).update(next_try_at=timezone.now() - timedelta(seconds=1))


def test_a_passing_failure_is_tried_again_with_doubling_waits_then_refused(site: Site):
    date = "Tue, 04 Mar 2025 09:00:00 GMT"
    site.serve(
        "/feed.xml",
        rss(site.base, [("/files/down.txt", "Down", date), ("/files/big.txt", "Too big", date)]),
    )
    site.serve("/files/down.txt", b"unavailable", status=503)
    site.serve("/files/big.txt", b"x" * 5000)
    source = Actions.for_command().watch(f"{site.base}/feed.xml", name="Flaky")
    down = f"{site.base}/files/down.txt"

    first = {i["url"]: i for i in poll_now(source)}
    assert first[down]["outcome"] == "later" and first[down]["attempts"] == "1"
    assert first[down]["reason"] == f"{down} answered 503 Service Unavailable"
    # Too big is what the file is: refused at once, and never tried again.
    assert first[f"{site.base}/files/big.txt"]["outcome"] == "refused"
    item = WatchedItem.objects.get(url=down)
    assert (item.status, item.attempts) == ("waiting", 1)
    assert 95 < (item.next_try_at - timezone.now()).total_seconds() <= 100

    # Before its wait is over, a poll does not ask for it.
    assert poll_now(source) == []
    assert len(site.requests("/files/down.txt")) == 1

    wait_over(item)
    second = poll_now(source)
    assert [(i["outcome"], i["attempts"]) for i in second] == [("later", "2")]
    item.refresh_from_db()
    assert item.attempts == 2 and 195 < (item.next_try_at - timezone.now()).total_seconds() <= 200

    wait_over(item)
    third = poll_now(source)
    assert [i["outcome"] for i in third] == ["refused"]
    item.refresh_from_db()
    assert (item.status, item.attempts, item.next_try_at) == ("refused", 3, None)
    assert item.reason == f"gave up after 3 attempts: {down} answered 503 Service Unavailable"
    source.refresh_from_db()
    assert source.last_outcome == "nothing new, 1 refused"

    # Settled for good: neither file is asked for again, however long one waits.
    WatchedItem.objects.update(next_try_at=timezone.now() - timedelta(days=30))
    assert poll_now(source) == []
    assert len(site.requests("/files/down.txt")) == 3 and len(site.requests("/files/big.txt")) == 1
    assert not Document.objects.exists()


def test_attempts_and_the_last_error_show_in_watch_list_and_on_the_page(site: Site, settings):
    settings.REFWATCH_WATCH_RETRY_ATTEMPTS = 2
    date = "Tue, 04 Mar 2025 09:00:00 GMT"
    site.serve(
        "/feed.xml",
        rss(site.base, [("/files/down.txt", "Down", date), ("/files/gone.txt", "Gone", date)]),
    )
    site.serve("/files/down.txt", b"unavailable", status=502)
    site.serve("/files/gone.txt", b"unavailable", status=500)
    source = Actions.for_command().watch(f"{site.base}/feed.xml", name="Flaky NGO")
    ran = CliRunner().invoke(app, ["watch", "run", "--all"], env={"COLUMNS": "400"})
    assert ran.exit_code == 0, ran.output
    down = f"{site.base}/files/down.txt"
    assert f"later (attempt 1): {down}: {down} answered 502 Bad Gateway" in ran.output
    wait_over(WatchedItem.objects.get(url=f"{site.base}/files/gone.txt"))
    site.serve("/files/down.txt", b"unavailable", status=502)
    WatchedItem.objects.filter(url=f"{site.base}/files/down.txt").update(
        next_try_at=timezone.now() + timedelta(hours=1)
    )
    poll_now(source)  # gone.txt fails a second time: refused; down.txt still waits
    assert dict(WatchedItem.objects.values_list("url", "status")) == {
        f"{site.base}/files/down.txt": "waiting",
        f"{site.base}/files/gone.txt": "refused",
    }

    listed = CliRunner().invoke(app, ["watch", "list"], catch_exceptions=False, env={"COLUMNS": "400"})
    assert listed.exit_code == 0, listed.output
    lines = {line.split("│")[1].strip(): line for line in listed.output.splitlines() if "/files/" in line}
    down, gone = lines[f"{site.base}/files/down.txt"], lines[f"{site.base}/files/gone.txt"]
    assert "│ 1 " in down and "answered 502 Bad Gateway" in down
    assert "│ 2 " in gone and "gave up after 2 attempts" in gone and "none: refused" in gone

    client = Client()
    client.force_login(make_user("anna", "analyst"))
    page = client.get("/watch/").content.decode()
    assert 'id="retries"' in page and "Items to try again" in page
    assert f"{site.base}/files/down.txt" in page and "answered 502 Bad Gateway" in page
    assert '<td class="attempts">2</td>' in page and "gave up after 2 attempts" in page
    # A viewer sees no watched source, and so none of its items.
    viewer = Client()
    viewer.force_login(make_user("vera", "viewer"))
    assert viewer.get("/watch/").status_code == 403


def test_the_turns_of_a_host_are_booked_in_the_store():
    turns = HostTurns()
    assert turns.wait_turn("ngo.example:", 0.3) == 0
    assert 0.2 < turns.wait_turn("ngo.example:", 0.3) <= 0.3
    assert turns.wait_turn("other.example:", 0.3) == 0
    # The row is what another process reads: its next turn is booked there.
    booked = WatchHost.objects.get(host="ngo.example:").next_at
    assert 0.2 < (booked - timezone.now()).total_seconds() <= 0.3


def test_the_daily_digest_goes_out_once_a_day_when_mail_is_set(site: Site, settings):
    news_feed(site)
    watching.poll(
        Actions.for_command().watch(f"{site.base}/feed.xml", name="NGO").pk, worker="t:1:a", force=True
    )
    settings.REFWATCH_DIGEST_HOUR = 6
    settings.REFWATCH_SITE_URL = "https://rw.example"
    now = timezone.now()
    morning = datetime.combine(now.astimezone(UTC).date(), datetime.min.time(), tzinfo=UTC) + timedelta(
        hours=6
    )
    later = max(now, morning + timedelta(minutes=1))

    # No mail settings: no digest, and the day is not taken.
    settings.REFWATCH_DIGEST_DAILY = False
    assert watching.send_daily_digest(worker="w:1:a", now=later) is None
    settings.REFWATCH_DIGEST_DAILY = True
    # No one to send it to yet: none, and the day stays open.
    assert watching.send_daily_digest(worker="w:1:a", now=later) is None
    assert not DigestDay.objects.exists()
    vera = make_user("vera", "viewer")
    vera.email = "vera@example.org"
    vera.save()
    nora = make_user("nora")  # an address but no role: no digest
    nora.email = "nora@example.org"
    nora.save()
    # Before its hour: none.
    assert watching.send_daily_digest(worker="w:1:a", now=morning - timedelta(minutes=1)) is None

    assert watching.send_daily_digest(worker="w:1:a", now=later) == 1
    assert [m.to for m in mail.outbox] == [["vera@example.org"]]
    assert "60 defectors" in mail.outbox[0].body and "https://rw.example/documents/" in mail.outbox[0].body
    # Another worker, or the same one again, the same day: nothing more.
    assert watching.send_daily_digest(worker="w:2:b", now=later) is None
    assert watching.send_daily_digest(worker="w:1:a", now=later + timedelta(hours=3)) is None
    assert len(mail.outbox) == 1
    day = DigestDay.objects.get()
    assert (day.by, day.sent, day.error) == ("w:1:a", 1, "") and day.finished_at is not None
    assert AuditEntry.objects.filter(action="watch_digest", actor="worker").count() == 1


def test_a_digest_that_cannot_be_sent_keeps_its_day_and_says_why(site: Site, settings):
    news_feed(site)
    watching.poll(
        Actions.for_command().watch(f"{site.base}/feed.xml", name="NGO").pk, worker="t:1:a", force=True
    )
    settings.REFWATCH_DIGEST_DAILY = True
    settings.REFWATCH_DIGEST_HOUR = 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    with Site() as closed:
        port = int(closed.base.rsplit(":", 1)[1])
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    vera = make_user("vera", "viewer")
    vera.email = "vera@example.org"
    vera.save()
    assert watching.send_daily_digest(worker="w:1:a") == 0
    day = DigestDay.objects.get()
    assert day.sent == 0 and day.error.startswith("ConnectionRefusedError")
    assert watching.send_daily_digest(worker="w:1:a") is None  # never twice, even after a failure


def test_items_of_a_removed_source_leave_nothing_waiting_behind(site: Site):
    site.serve("/feed.xml", rss(site.base, [("/files/down.txt", "Down", "Tue, 04 Mar 2025 09:00:00 GMT")]))
    site.serve("/files/down.txt", TUMEN, status=503)
    source = Actions.for_command().watch(f"{site.base}/feed.xml", name="Flaky")
    poll_now(source)
    Actions.for_command().unwatch(source.url)
    assert WatchedItem.objects.get().source is None
    client = Client()
    client.force_login(make_user("ada", "admin"))
    assert 'id="retries"' not in client.get("/watch/").content.decode()


def test_a_waiting_item_its_source_no_longer_lists_is_dropped_not_kept_waiting(site: Site):
    date = "Tue, 04 Mar 2025 09:00:00 GMT"
    site.serve(
        "/feed.xml",
        rss(site.base, [("/files/down.txt", "Down", date), ("/files/late.txt", "Late", date)]),
        etag='"v1"',
    )
    site.serve("/files/down.txt", b"unavailable", status=503)
    site.serve("/files/late.txt", b"unavailable", status=504)
    source = Actions.for_command().watch(f"{site.base}/feed.xml", name="Short feed")
    down, late = f"{site.base}/files/down.txt", f"{site.base}/files/late.txt"
    assert [i["outcome"] for i in poll_now(source)] == ["later", "later"]

    # The feed moves on: down.txt falls off it while it waits; late.txt is still listed.
    site.serve("/feed.xml", rss(site.base, [("/files/late.txt", "Late", date)]), etag='"v2"')
    polled = {i["url"]: i for i in poll_now(source)}
    assert polled == {
        down: {
            "url": down,
            "outcome": "dropped",
            "attempts": "1",
            "reason": f"no longer listed by its source; last error: {down} answered 503 Service Unavailable",
        }
    }
    rows = dict(WatchedItem.objects.values_list("url", "status"))
    assert rows == {down: "dropped", late: "waiting"}
    dropped = WatchedItem.objects.get(url=down)
    assert dropped.next_try_at is None and dropped.attempts == 1
    source.refresh_from_db()
    assert source.last_outcome == "nothing new, 1 dropped (no longer listed)"
    # A dropped item is never asked for, however long it would have waited; the one still listed is.
    WatchedItem.objects.update(next_try_at=timezone.now() - timedelta(days=30))
    site.serve("/feed.xml", rss(site.base, [("/files/late.txt", "Late", date)]), etag='"v3"')
    assert [(i["url"], i["outcome"]) for i in poll_now(source)] == [(late, "later")]
    assert len(site.requests("/files/down.txt")) == 1 and len(site.requests("/files/late.txt")) == 2

    # Shown as dropped, with its attempts and last error, in `watch list` and on /watch/.
    listed = CliRunner().invoke(app, ["watch", "list"], catch_exceptions=False, env={"COLUMNS": "400"})
    assert listed.exit_code == 0, listed.output
    line = next(x for x in listed.output.splitlines() if "/files/down.txt" in x)
    assert "│ 1 " in line and "none: no longer listed" in line and "503 Service Unavailable" in line
    client = Client()
    client.force_login(make_user("anna", "analyst"))
    page = client.get("/watch/").content.decode()
    assert '<tr class="retry-dropped">' in page and "none: no longer listed" in page

    # Listed again (the source put it back): tried again, and added once it answers.
    site.serve("/files/down.txt", TUMEN)
    site.serve(
        "/feed.xml",
        rss(site.base, [("/files/down.txt", "Down", date), ("/files/late.txt", "Late", date)]),
        etag='"v4"',
    )
    back = {i["url"]: i["outcome"] for i in poll_now(source)}
    assert back[down] == "added"
    again = WatchedItem.objects.get(url=down)
    assert (again.status, again.attempts, again.reason) == ("added", 2, "")
    assert again.document is not None and Document.objects.count() == 1


def test_a_page_that_no_longer_links_a_waiting_item_drops_it(site: Site):
    page = "<html><body><main><ul>{}</ul></main></body></html>"
    link = "<li><a href='/press/{0}.html'>Press release {0} on returns</a></li>"
    site.serve("/press/", page.format(link.format("one") + link.format("two")), content_type="text/html")
    site.serve("/press/one.html", b"unavailable", status=503)
    site.serve("/press/two.html", b"unavailable", status=503)
    source = Actions.for_command().watch(f"{site.base}/press/", name="Press", kind="page")
    assert sorted(i["outcome"] for i in poll_now(source)) == ["later", "later"]
    # The page now links two only: one is dropped, two waits on.
    site.serve("/press/", page.format(link.format("two")), content_type="text/html")
    assert [(i["url"], i["outcome"]) for i in poll_now(source)] == [
        (f"{site.base}/press/one.html", "dropped")
    ]
    assert dict(WatchedItem.objects.values_list("url", "status")) == {
        f"{site.base}/press/one.html": "dropped",
        f"{site.base}/press/two.html": "waiting",
    }


def test_a_poll_that_fails_drops_nothing(site: Site):
    date = "Tue, 04 Mar 2025 09:00:00 GMT"
    site.serve("/feed.xml", rss(site.base, [("/files/down.txt", "Down", date)]))
    site.serve("/files/down.txt", b"unavailable", status=503)
    source = Actions.for_command().watch(f"{site.base}/feed.xml", name="Breaks")
    poll_now(source)
    # The feed itself fails, then answers with something that is no feed: its listing is not
    # known, so the item waits on.
    site.serve("/feed.xml", b"unavailable", status=500)
    watching.poll(source.pk, worker="test:1:a", force=True)
    site.serve("/feed.xml", b"<html>not a feed</html>", content_type="text/html")
    watching.poll(source.pk, worker="test:1:a", force=True)
    assert WatchedItem.objects.get().status == "waiting"
