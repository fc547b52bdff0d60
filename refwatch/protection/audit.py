"""The append-only audit log: who did what to which record, when and from where, chained by hash.

Each entry's hash is SHA-256 of the previous entry's hash and the canonical JSON of the entry,
so changing, removing or reordering any entry breaks every hash after it; `AuditHead` keeps the
newest number and hash, so cutting off the tail shows too. `detail` is passed through redaction
and may hold only plain values: no personal field ever lands in the log.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from refwatch.protection.models import AuditEntry, AuditHead

GENESIS = "0" * 64


def canonical(entry: AuditEntry) -> str:
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


def entry_hash(prev_hash: str, entry: AuditEntry) -> str:
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

    `actor` names who acted when there is no user (e.g. "cli:alice" for a command).
    """
    if target is None:
        target_type, target_id = "", ""
    elif hasattr(target, "_meta"):
        target_type, target_id = target._meta.label_lower, str(target.pk)
    else:
        target_type, target_id = "", str(target)
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


@dataclass
class Problem:
    seq: int | None
    message: str


def verify() -> tuple[int, Problem | None]:
    """Recompute the chain: (entries checked, the first problem or None)."""
    prev = GENESIS
    expected_seq = 1
    count = 0
    for entry in AuditEntry.objects.order_by("seq").iterator():
        if entry.seq != expected_seq:
            return count, Problem(entry.seq, f"entry #{expected_seq} is missing (next is #{entry.seq})")
        if entry.prev_hash != prev:
            return count, Problem(entry.seq, f"entry #{entry.seq} does not follow the entry before it")
        if entry_hash(prev, entry) != entry.hash:
            return count, Problem(entry.seq, f"entry #{entry.seq} was changed after it was written")
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
    return count, None
