"""What a page computes from the record that is the same for every reader of the same roles, kept
in this process until the record changes (refwatch.knowledge.state).

Only a reader whose view of the record is decided by their roles alone shares: the public, and
users without a grant of a confidential record and without named access to a protected person
(a protection officer sees every record and every name, grants or not). Anyone else computes
their own, as before. The key holds the roles, whether only verified facts are shown, the day
(a window may end "this year") and what the page adds; the value is kept under the state of the
record read before it was computed, so that a change committed since is never served, with one
exception: new documents.

While a worker adds documents (one committed transaction each, every few hundred ms), every
process recomputed every page it served after each one: the server's CPU a request doubled and
the pages waited (bench/load.py, phase 2). So the state a process serves (`_serving`) stays the
one it last read while only new documents were committed since (the strict token of
refwatch.knowledge.state has not moved), for at most settings.REFWATCH_NEW_DOCUMENTS_DELAY
seconds after that state was last read as the current one: a page served then shows every change
committed more than that long before, and every other change (a review, a seal, a protected name,
a grant: strict) at once, so a user's own write shows at their next request in every process.
Pages still never cross roles: the key holds them as before.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings

from refwatch.knowledge.queries import Reader
from refwatch.knowledge.state import record_states
from refwatch.protection.queries import PeopleReader
from refwatch.roles import PROTECTION_OFFICER

T = TypeVar("T")

# Each entry is a page's data for one role and one query: a few hundred kB at most. What every
# reader asks for (the overview, the lists with their common filters, the searches of the day, the
# API's pages) is some sixty entries for two roles: room for twice that.
MAX_ENTRIES = 128
_kept: OrderedDict[Hashable, Any] = OrderedDict()
# The pages of single records (a letter's), one of thousands each: kept apart, so that readers
# going through many records never push out the lists, searches and overview that every reader
# asks for (with one budget, a minute of readers opening letters at random emptied it of them).
MAX_RECORD_ENTRIES = 128
_kept_records: OrderedDict[Hashable, Any] = OrderedDict()
_lock = threading.Lock()
# The keys being computed now, by which thread, and the event set when it is done.
_computing: dict[Hashable, tuple[int, threading.Event]] = {}
# The longest a request waits for another thread's computation before computing its own.
WAIT_SECONDS = 30.0


@dataclass
class _Serving:
    state: str  # the token of every change, as read
    strict: str  # the token of the strict changes, read with it
    seen: float  # the last time (time.monotonic) a read of the record gave this state


# The state whose pages this process serves; None before the first.
_served: _Serving | None = None
# The clock of `_serving` (a test moves it instead of waiting).
_clock = time.monotonic


def _serving(state: str, strict: str) -> str:
    """The state to serve pages of, given the state just read: the one read before while only new
    documents were committed since, and for at most REFWATCH_NEW_DOCUMENTS_DELAY seconds after it
    was last read as current (pages kept under it show every commit made before then); else the
    state just read."""
    global _served
    now = _clock()
    with _lock:
        served = _served
        if served is not None and served.state == state:
            served.seen = now
            return state
        if (
            served is not None
            and served.strict == strict
            and now - served.seen < settings.REFWATCH_NEW_DOCUMENTS_DELAY
        ):
            return served.state
        _served = _Serving(state, strict, now)
        return state


def role_key(reader: Reader) -> tuple[Hashable, ...] | None:
    """What decides what `reader` sees, when their roles alone do; None when it is their own."""
    if reader.is_system:
        return None
    user = reader.user
    if getattr(user, "is_authenticated", False) and not reader.may(PROTECTION_OFFICER):
        # Redaction reads the user's own access to names even when they have no role.
        if reader.grants or PeopleReader.for_user(user).identifies_by_name:
            return None
    # Signed in or not, too: redaction is given the user, and an anonymous one shares with no one
    # who signed in, whatever the rules say today.
    return (
        frozenset(reader.roles),
        reader.is_public,
        reader.verified_only,
        bool(getattr(user, "is_authenticated", False)),
    )


def shared(reader: Reader, what: Hashable, compute: Callable[[], T], *, record: bool = False) -> T:
    """`compute()`, or what it gave a reader of the same roles for `what` while the record has not
    changed since. Computed once in this process: a request that wants what another thread is
    computing for the same key (the same roles, page and state) waits for it rather than computing
    it again beside it (after each change of the record, the threads of a process asking for the
    overview at once did so each, on a machine already busy). `record`: the page of one record of
    many, kept apart from the others (MAX_RECORD_ENTRIES)."""
    roles = role_key(reader)
    states = record_states() if roles is not None else None
    if states is None:
        return compute()
    key = (roles, what, dt.date.today(), _serving(*states))
    kept, most = (_kept_records, MAX_RECORD_ENTRIES) if record else (_kept, MAX_ENTRIES)
    while True:
        with _lock:
            if key in kept:
                kept.move_to_end(key)
                return kept[key]
            other = _computing.get(key)
            if other is None or other[0] == threading.get_ident():
                done = threading.Event()
                _computing[key] = (threading.get_ident(), done)
                break
        # Computed by another thread by then, or it failed (its error is its own): looked at again,
        # and computed here if still missing.
        other[1].wait(WAIT_SECONDS)
        if not other[1].is_set():
            return compute()
    try:
        value = compute()
        with _lock:
            # What was kept for the same page and roles under an older state can never be asked
            # for again: dropped now rather than when it is the oldest (an overview can weigh
            # megabytes).
            for old in [k for k in kept if k[:3] == key[:3]]:
                del kept[old]
            kept[key] = value
            while len(kept) > most:
                kept.popitem(last=False)
    finally:
        with _lock:
            _computing.pop(key, None)
        done.set()
    return value
