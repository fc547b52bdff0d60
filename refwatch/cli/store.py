"""`refwatch ingest` (files into the store) and `refwatch serve` (the app, with the demo letters).

Django is set up inside the commands, not on import, so that `refwatch extract` stays fast
and free of the database.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from refwatch.cli import app, gunicorn_app
from refwatch.cli.common import ensure_roster, fail, one_line, read_metas, setup_django
from refwatch.cli.worker import start_thread

# soft_wrap: one line per file however long, so that the output can be read by grep and scripts.
console = Console(highlight=False, soft_wrap=True)


def files_under(paths: Iterable[Path]) -> Iterator[Path]:
    """The files named, and those in the folders named (recursively, in name order).

    Hidden files inside folders (.DS_Store, editor backups) are left out; a hidden file named
    on the command line is taken.
    """
    for path in paths:
        if path.is_dir():
            for sub in sorted(path.rglob("*")):
                rel = sub.relative_to(path).parts
                if sub.is_file() and not any(part.startswith(".") for part in rel):
                    yield sub
        else:
            yield path


@dataclass
class Tally:
    added: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    refused: list[tuple[Path, str]] = field(default_factory=list)


def ingest_files(
    paths: Iterable[Path], *, visibility: str = "internal", metas: dict[str, dict[str, Any]] | None = None
) -> Tally:
    """Add each file in its own transaction, printing added / skipped / refused as it goes."""
    from refwatch.actions import Actions
    from refwatch.knowledge import store

    files = list(files_under(paths))
    limits = store.limits_from_settings()
    actions = Actions.for_command()
    tally = Tally()
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("ingesting", total=len(files))
        for path in files:
            progress.update(task, description=f"ingesting {escape(path.name)}")
            name = escape(str(path))
            done = actions.ingest(
                path, visibility=visibility, meta=(metas or {}).get(path.name), limits=limits
            )
            if done.status == "refused":
                tally.refused.append((path, done.reason))
                progress.console.print(f"[red]refused[/red]  {name}: {escape(done.reason)}")
            elif done.status == "added":
                tally.added.append(path)
                progress.console.print(
                    f"[green]added[/green]    {name} (document {done.document.pk}: {escape(done.facts)})"
                )
            else:
                tally.skipped.append(path)
                progress.console.print(
                    f"[yellow]skipped[/yellow]  {name}: already stored as document {done.document.pk}"
                )
            progress.advance(task)
    console.print(
        f"{len(tally.added)} added, {len(tally.skipped)} skipped (already there), {len(tally.refused)} refused"
    )
    return tally


@app.command("ingest")
def ingest_command(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders (read recursively) to add.")],
    visibility: Annotated[
        str, typer.Option(help="Who may see the documents: public, internal or confidential.")
    ] = "internal",
    meta: Annotated[
        Path | None,
        typer.Option(help="JSONL of what is known of each file (file, published, title, url, type)."),
    ] = None,
) -> None:
    """Add documents to the store: their text, statements and facts. Exit code 1 if any was refused."""
    if visibility not in ("public", "internal", "confidential"):
        fail(f"unknown visibility {visibility!r}: use public, internal or confidential")
    metas = read_metas(meta)
    setup_django()
    ensure_roster()
    tally = ingest_files(paths, visibility=visibility, metas=metas)
    raise typer.Exit(1 if tally.refused else 0)


def demo_files(demo: Path | None) -> list[Path]:
    if demo is not None:
        return list(files_under([demo]))
    folder = resources.files("refwatch") / "demo"
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".txt"))


def wsgi_app() -> Any:
    """The Django app with its static files served by WhiteNoise (collected at start)."""
    from django.conf import settings
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from whitenoise import WhiteNoise

    call_command("collectstatic", interactive=False, verbosity=0)
    app = WhiteNoise(get_wsgi_application(), root=str(settings.STATIC_ROOT), prefix=settings.STATIC_URL)
    # What start-up made (modules, the app, settings: some 200,000 objects) lives as long as the
    # server: moved out of the collector's reach, a full collection no longer walks it every few
    # requests (measured: 25 of 90 ms of CPU a request of /letters/, pauses of 170 ms), and the
    # processes gunicorn forks from this one keep sharing its pages instead of copying them.
    gc.freeze()
    return app


def proxy_options() -> dict[str, Any]:
    """What waitress may believe of the proxy in front (settings.TRUSTED_PROXY), and of no one else."""
    from django.conf import settings

    if not settings.TRUSTED_PROXY:
        return {}
    return {
        "trusted_proxy": settings.TRUSTED_PROXY,
        "trusted_proxy_count": 1,
        "trusted_proxy_headers": {"x-forwarded-proto", "x-forwarded-for"},
        "clear_untrusted_proxy_headers": True,
    }


@app.command("serve")
def serve_command(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    demo: Annotated[
        Path | None,
        typer.Option(help="Letters to load when the store is empty (default: the seed letters shipped)."),
    ] = None,
    threads: Annotated[
        int, typer.Option(help="Requests served at once (by each process, with gunicorn).")
    ] = 4,
    server: Annotated[
        str,
        typer.Option(
            help="waitress: one process; gunicorn: --workers processes forked from one that loaded the app "
            "(for many readers on a machine with several cores)."
        ),
    ] = "waitress",
    workers: Annotated[
        int,
        typer.Option(help="Processes serving requests, with --server gunicorn (default: 2 a core, plus 1)."),
    ] = 0,
    worker: Annotated[
        bool,
        typer.Option(
            help="Read uploads in a worker thread of this process; --no-worker when `refwatch worker` "
            "processes take the queue."
        ),
    ] = True,
) -> None:
    """Serve the app: apply migrations, load the demo letters into an empty store, then serve
    (with one worker thread reading uploads, unless --no-worker; with --server gunicorn, one
    `refwatch worker` process beside the server's)."""
    import waitress
    from django.conf import settings

    if demo is not None and not demo.exists():
        fail(f"--demo {demo}: no such file or folder")
    if server not in ("waitress", "gunicorn"):
        fail(f"unknown --server {server!r}: use waitress or gunicorn")
    if threads < 1 or workers < 0:
        fail("--threads must be 1 or more and --workers 0 (as many as the cores allow) or more")
    workers = workers or 2 * (os.cpu_count() or 1) + 1
    setup_django()
    from refwatch.accounts.service import ensure_first_admin
    from refwatch.knowledge.queries import Reader

    if password := ensure_first_admin():
        console.print(
            f"First run: created the user [bold]admin[/bold] with the password [bold]{escape(password)}[/bold]\n"
            "It is shown this once; change it with `refwatch user password admin`."
        )
    if host not in settings.ALLOWED_HOSTS and host not in ("0.0.0.0", "::"):
        settings.ALLOWED_HOSTS.append(host)
    application = wsgi_app()
    listener = None
    if server == "waitress":
        try:
            # Bound before the address is printed, so that the URL shown is one that answers.
            listener = waitress.create_server(
                application, host=host, port=port, threads=threads, ident="refwatch", **proxy_options()
            )
        except OSError as error:
            fail(
                f"cannot listen on {host}:{port}: {error.strerror or one_line(error)}; choose another --port"
            )
    ensure_roster()
    if not Reader.system().documents().exists():
        files = demo_files(demo)
        console.print(f"The store is empty: loading {len(files)} demo document(s).")
        ingest_files(files)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{'[' + shown + ']' if ':' in shown else shown}:{port}/"
    if listener is None:
        gunicorn_app.serve(
            application,
            ready=lambda: console.print(
                f"refwatch is at [bold]{url}[/bold] (gunicorn, {workers} processes; data in {settings.HOME}; "
                "Ctrl+C stops it)"
            ),
            proxy=settings.TRUSTED_PROXY,
            with_worker=worker,
            host=host,
            port=port,
            workers=workers,
            threads=threads,
        )
        return
    if worker:
        start_thread()
    console.print(f"refwatch is at [bold]{url}[/bold] (data in {settings.HOME}; Ctrl+C stops it)")
    try:
        listener.run()
    except KeyboardInterrupt:
        console.print("stopped")
