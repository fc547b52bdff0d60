"""The append-only audit log: who did what to which record, when and from where, chained by HMAC.

Each entry's hash is HMAC-SHA-256, under the audit key, of the previous entry's hash and the
canonical JSON of the entry, so changing, removing or reordering any entry breaks every hash
after it; `AuditHead` keeps the newest number and hash, so cutting off the tail shows too.

The audit key is a data key of its own (scope "audit"), wrapped by the master key like the
others: someone who can write the database but has no master key cannot recompute a single
hash, so deleting entries and re-chaining the rest shows. (A plain SHA-256 chain, as before
migration 0004, they could recompute.) A wrapped data key rather than a key derived from the
master key, because `keys rotate` re-wraps it unchanged: the chain outlives rotations, and the
master key's backup shares cover it too. What the key cannot catch is someone who holds the master
key, or who cuts the whole tail off and the head with it; for those, `anchor()` gives the head
to keep elsewhere, and `verify(anchor=...)` proves that nothing up to it was rewritten.

`detail` is passed through redaction and may hold only plain values: no personal field ever
lands in the log.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from refwatch.protection import crypto
from refwatch.protection.models import AuditEntry, AuditHead

GENESIS = "0" * 64
KEY_SCOPE = "audit"


def canonical(entry: Any) -> str:
    fields = {
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "actor_id": entry.actor_id,
        "actor": entry.actor,
        "action": entry.action,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "ip": entry.ip,
        "detail": entry.detail,
    }
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def audit_key(*, create: bool = True) -> bytes:
    return crypto.data_key(KEY_SCOPE, create=create)[1]


def entry_hash(prev_hash: str, entry: Any, key: bytes | None = None) -> str:
    """The keyed hash of an entry after `prev_hash` (the audit key unless `key` is given)."""
    message = (prev_hash + canonical(entry)).encode("utf-8")
    return hmac.new(key if key is not None else audit_key(), message, hashlib.sha256).hexdigest()


def unkeyed_hash(prev_hash: str, entry: Any) -> str:
    """The hash of the chain before it was keyed (migration 0004 re-chains it with the key)."""
    return hashlib.sha256((prev_hash + canonical(entry)).encode("utf-8")).hexdigest()


def client_ip(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    return str(request.META.get("REMOTE_ADDR", ""))[:64]


def _clean_detail(detail: dict[str, Any]) -> dict[str, Any]:
    from refwatch.protection.names import redact

    out: dict[str, Any] = {}
    for key, value in detail.items():
        if isinstance(value, str):
            out[key] = redact(value)
        elif value is None or isinstance(value, bool | int | float):
            out[key] = value
        elif isinstance(value, list | tuple) and all(isinstance(v, bool | int | float | str) for v in value):
            out[key] = [redact(v) if isinstance(v, str) else v for v in value]
        else:
            out[key] = redact(str(value))
    return out


def record(
    user: Any,
    action: str,
    target: Any = None,
    request: HttpRequest | None = None,
    *,
    actor: str = "",
    **detail: Any,
) -> AuditEntry:
    """Append one entry. `target` is a model instance (type and id are kept) or a plain string.

    `actor` names who acted when there is no user (e.g. "cli:alice" for a command). Without a
    user or a request, the request of an enclosing `acting()` block is taken.
    """
    if target is None:
        target_type, target_id = "", ""
    elif hasattr(target, "_meta"):
        target_type, target_id = target._meta.label_lower, str(target.pk)
    elif isinstance(target, tuple):
        target_type, target_id = str(target[0]), str(target[1])
    else:
        target_type, target_id = "", str(target)
    if user is None and request is None:
        request = _acting.get()
    if user is None and request is not None:
        user = getattr(request, "user", None)
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        entry = AuditEntry(
            seq=head.seq + 1,
            at=timezone.now(),
            actor_id=user.pk if authenticated else None,
            actor=user.get_username() if authenticated else actor[:150],
            action=action[:40],
            target_type=target_type[:60],
            target_id=target_id[:64],
            ip=client_ip(request),
            detail=_clean_detail(detail),
            prev_hash=head.hash,
        )
        # The JSON round trip gives the same values verify() will read back (e.g. tuples → lists).
        entry.detail = json.loads(json.dumps(entry.detail))
        entry.hash = entry_hash(head.hash, entry)
        entry.save()
        head.seq, head.hash = entry.seq, entry.hash
        head.save(update_fields=["seq", "hash"])
    return entry


_acting: ContextVar[HttpRequest | None] = ContextVar("refwatch_audit_acting", default=None)


@contextmanager
def acting(request: HttpRequest) -> Iterator[None]:
    """Entries recorded inside without a user (e.g. by signals) are the request's user's."""
    token = _acting.set(request)
    try:
        yield
    finally:
        _acting.reset(token)


def read_confidential(user: Any, target: Any, request: HttpRequest | None, *, via: str) -> None:
    """A read of a confidential record (its page, or the API) is an entry: who opened what, where."""
    if getattr(target, "visibility", None) == "confidential":
        record(user, "read_confidential", target, request, via=via)


@dataclass(frozen=True)
class Anchor:
    """The head of the log at one moment: its number and hash, to be kept outside the database."""

    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"

    @classmethod
    def parse(cls, text: str) -> Anchor:
        match = re.fullmatch(r"\s*(\d+):([0-9a-f]{64})\s*", text)
        if match is None:
            raise ValueError(
                f"{text!r} is not an audit anchor: NUMBER:HASH, as `refwatch audit anchor` prints it"
            )
        return cls(int(match.group(1)), match.group(2))


def anchor() -> Anchor:
    """The newest entry's number and hash, checked first: an anchor of a broken log is worthless."""
    count, problem = verify()
    if problem is not None:
        raise ValueError(f"the audit log is broken after {count} good entries: {problem.message}")
    head = AuditHead.objects.filter(pk=1).first()
    return Anchor(head.seq, head.hash) if head else Anchor(0, GENESIS)


@dataclass
class Problem:
    seq: int | None
    message: str


def verify(anchor: Anchor | None = None) -> tuple[int, Problem | None]:
    """Recompute the chain with the audit key: (entries checked, the first problem or None).

    With an anchor, the entry it names must still be there with the same hash: the chain up to
    it is then the one that was anchored, whoever holds the key now.
    """
    prev = GENESIS
    expected_seq = 1
    count = 0
    entries = AuditEntry.objects.order_by("seq")
    try:
        key = audit_key(create=False) if entries.exists() else b""
    except crypto.DecryptionError:
        return 0, Problem(None, "the audit key (data key 'audit') is missing: the log cannot be checked")
    anchored = anchor is None or anchor.seq == 0
    for entry in entries.iterator():
        if entry.seq != expected_seq:
            return count, Problem(entry.seq, f"entry #{expected_seq} is missing (next is #{entry.seq})")
        if entry.prev_hash != prev:
            return count, Problem(entry.seq, f"entry #{entry.seq} does not follow the entry before it")
        if not hmac.compare_digest(entry_hash(prev, entry, key), entry.hash):
            return count, Problem(entry.seq, f"entry #{entry.seq} was changed after it was written")
        if anchor is not None and entry.seq == anchor.seq:
            if entry.hash != anchor.hash:
                return count, Problem(
                    entry.seq, f"entry #{entry.seq} is not the one anchored: the log up to it was rewritten"
                )
            anchored = True
        prev = entry.hash
        expected_seq += 1
        count += 1
    head = AuditHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    if head_seq != count or head_hash != prev:
        return count, Problem(
            count + 1,
            f"the log ends at entry #{count} but entry #{head_seq} was written: entries were removed",
        )
    if not anchored:
        assert anchor is not None
        return count, Problem(
            anchor.seq,
            f"the log ends at entry #{count}, before the anchored entry #{anchor.seq}: entries were removed",
        )
    return count, None
