"""The command line: `refwatch extract | ingest | reextract | serve | worker | watch | user | keys | audit | roster | backup | restore | visibility`.

Each group of commands lives in its own module and registers itself on `app`.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="refwatch",
    help="An evidence-grade record of forcible repatriations of North Korean refugees.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)


@app.callback()
def main() -> None:
    """refwatch: documents in, sourced facts out."""


# Imported for their side effect of registering commands on `app`.
from refwatch.cli import audit as _audit  # noqa: E402,F401
from refwatch.cli import backup as _backup  # noqa: E402,F401
from refwatch.cli import extract as _extract  # noqa: E402,F401
from refwatch.cli import keys as _keys  # noqa: E402,F401
from refwatch.cli import outputs as _outputs  # noqa: E402,F401
from refwatch.cli import reextract as _reextract  # noqa: E402,F401
from refwatch.cli import roster as _roster  # noqa: E402,F401
from refwatch.cli import store as _store  # noqa: E402,F401
from refwatch.cli import users as _users  # noqa: E402,F401
from refwatch.cli import visibility as _visibility  # noqa: E402,F401
from refwatch.cli import watch as _watch  # noqa: E402,F401
from refwatch.cli import worker as _worker  # noqa: E402,F401
