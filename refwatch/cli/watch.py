"""`refwatch watch add | list | remove | run | digest`: feeds and listing pages polled for new
documents (refwatch.watching), and the digest of what is new."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from refwatch.cli import app
from refwatch.cli.common import cli_actor, ensure_roster, fail, setup_django

console = Console(highlight=False, soft_wrap=True)
watch_app = typer.Typer(
    help="Watched sources: RSS/Atom feeds and listing pages polled for new documents.", no_args_is_help=True
)
app.add_typer(watch_app, name="watch")


@watch_app.command("add")
def add(
    url: str,
    every: Annotated[str, typer.Option(help="How often to poll: 30m, 1h, 6h, 1d…")] = "1h",
    kind: Annotated[
        str, typer.Option(help="feed (RSS or Atom) or page (a listing page: its links are the items)")
    ] = "feed",
    source: Annotated[str, typer.Option("--source", help="The source's name, kept on each document")] = "",
    visibility: Annotated[
        str, typer.Option(help="public, internal or confidential: its documents'")
    ] = "internal",
) -> None:
    """Watch a feed or a listing page; its first poll is due at once."""
    setup_django()
    from refwatch import watching
    from refwatch.actions import Actions, Refused

    try:
        added = Actions.for_command().watch(url, name=source, kind=kind, every=every, visibility=visibility)
    except Refused as error:
        fail(error.reason)
    watching.enqueue(added)
    console.print(
        f"watching {escape(added.url)} ({added.kind}, every {_every(added.every)}) as {escape(added.name)}"
    )


@watch_app.command("remove")
def remove(url: str) -> None:
    """Stop watching a source (the documents it brought stay)."""
    setup_django()
    from refwatch.actions import Actions, Refused

    try:
        removed = Actions.for_command().unwatch(url)
    except Refused as error:
        fail(error.reason)
    console.print(f"no longer watching {escape(removed.url)}")


@watch_app.command("list")
def list_sources() -> None:
    """Each source with its last poll, how it went, and its next poll; then the items to try
    again, and those given up (refused after the last attempt, or dropped: no longer listed)."""
    setup_django()
    from refwatch.knowledge.queries import Reader

    sources = list(Reader.system().watched_sources())
    if not sources:
        console.print("no source is watched: add one with `refwatch watch add URL`")
        return
    table = Table("source", "url", "kind", "every", "last poll", "outcome", "next poll")
    for s in sources:
        table.add_row(
            escape(s.name),
            escape(s.url),
            s.kind,
            _every(s.every),
            f"{s.last_poll_at:%Y-%m-%d %H:%M}" if s.last_poll_at else "never",
            escape(s.last_outcome or "not polled yet"),
            "now" if s.polling_by else f"{s.next_poll_at:%Y-%m-%d %H:%M}",
        )
    console.print(table)
    retries = Reader.system().watch_retries()
    if retries:
        items = Table("item", "source", "attempts", "last error", "next try", title="Items to try again")
        for i in retries:
            items.add_row(
                escape(i.url),
                escape(i.source.name if i.source else ""),
                str(i.attempts),
                escape(i.reason),
                f"{i.next_try_at:%Y-%m-%d %H:%M}"
                if i.status == "waiting" and i.next_try_at
                else f"none: {i.get_status_display()}",
            )
        console.print(items)


@watch_app.command("run")
def run(
    once: Annotated[bool, typer.Option("--once", help="Poll every due source once, then stop")] = False,
    everything: Annotated[bool, typer.Option("--all", help="Poll every source now, due or not")] = False,
) -> None:
    """Poll the due sources (or all of them) and add what is new; prints each outcome. Exits 1
    when a source's poll ended in an error."""
    if not once and not everything:
        fail("say --once (the due sources) or --all (every source); the worker polls on schedule")
    setup_django()
    ensure_roster()
    from refwatch import watching
    from refwatch.knowledge import uploads

    done = watching.poll_due(worker=uploads.worker_name(), everything=everything)
    if not done:
        console.print("no source is due" if not everything else "no source is watched")
    failed = False
    for source, outcome in done:
        if outcome is None:
            console.print(f"{escape(source.name)}: being polled by another worker")
            continue
        failed |= outcome.status == "error"
        console.print(f"{escape(source.name)}: {escape(outcome.summary())}")
        for item in outcome.items:
            if item["outcome"] in ("refused", "later"):
                tried = f" (attempt {item['attempts']})" if "attempts" in item else ""
                console.print(
                    f"  {item['outcome']}{tried}: {escape(item['url'])}: {escape(item.get('reason', ''))}"
                )
        watching.enqueue(source)
    if failed:
        raise typer.Exit(1)


@watch_app.command("digest")
def digest(
    to: Annotated[str, typer.Option("--to", help="Only the user with this e-mail address")] = "",
    hours: Annotated[float, typer.Option(help="What was added in the last HOURS")] = 24.0,
    site: Annotated[str, typer.Option(help="The address of this refwatch, for the links")] = "",
) -> None:
    """E-mail each user (with an address and a role) the documents and facts added in the last day
    that they may see, returns first; nothing is sent to whom nothing is new. Django's EMAIL_*
    settings say how (REFWATCH_EMAIL_HOST…)."""
    if hours <= 0:
        fail("--hours must be more than 0")
    setup_django()
    from django.conf import settings
    from django.utils import timezone

    from refwatch.outputs import digest as digests

    users = digests.recipients()
    if to:
        users = users.filter(email__iexact=to.strip())
        if not users.exists():
            fail(
                f"no active user has the address {to}: a digest is read as its recipient, who must be a user"
            )
    since = timezone.now() - timedelta(hours=hours)
    sent = digests.send(users, since, site=site or settings.REFWATCH_SITE_URL, actor=cli_actor())
    console.print(f"{sent} digest{'s' if sent != 1 else ''} sent")


def _every(seconds: int) -> str:
    from refwatch.knowledge.watch import say_every

    return say_every(seconds)
