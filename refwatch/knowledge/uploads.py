"""Files handed in to be read in the background: kept until a worker takes them, then settled.

    >>> upload = uploads.submit(data, "report.pdf", visibility="internal", meta={}, by=user)
    >>> taken = uploads.take(upload.pk, worker="host:1234:ab")     # None when another worker has it
    >>> uploads.finish(taken, worker="host:1234:ab", status="added", document=doc)

The bytes wait under settings.INCOMING_DIR, written whole (a temporary file renamed into place)
and, for a confidential file, sealed as its original will be: nothing of it lies in clear on
disk. `take` is one conditional UPDATE (queued → processing), so of two workers handed the same
upload only one reads it. A worker killed while it holds an upload leaves it "processing":
`recover` gives it back to the queue once its process is gone (or after `stale` seconds, for
a worker on another machine), and the next worker reads it again. The document's store is one
transaction keyed by its SHA-256, so reading it twice never stores it twice.
"""

from __future__ import annotations

import hashlib
import os
import socket
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from refwatch.knowledge.models import Document, Upload, Visibility
from refwatch.protection import crypto, sealed

Status = Upload.Status
_PART = "upload"


def incoming_path(upload: Upload | int) -> Path:
    pk = upload.pk if isinstance(upload, Upload) else upload
    return Path(settings.INCOMING_DIR) / str(pk)


def submit(
    data: bytes,
    name: str,
    *,
    visibility: str = Visibility.INTERNAL,
    meta: dict[str, Any] | None = None,
    by: Any = None,
) -> Upload:
    """Keep a file for a worker: its row (queued) and its bytes, together or neither."""
    if visibility not in Visibility.values:
        raise ValueError(f"unknown visibility {visibility!r}: use one of {', '.join(Visibility.values)}")
    sha = hashlib.sha256(data).hexdigest()
    blob = data
    if visibility == Visibility.CONFIDENTIAL:
        # The data keys are made before the transaction (as store.add does): one made inside it
        # and rolled back would stay cached in this process.
        for scope in ("person", "name-index", "blind-index"):
            crypto.data_key(scope)
        blob = sealed.seal_bytes(sha, _PART, data)
    with transaction.atomic():
        upload = Upload.objects.create(
            sha256=sha, name=name[:500], size=len(data), visibility=visibility, meta=meta or {}, by=by
        )
        _write(incoming_path(upload), blob)
    return upload


def refused(name: str, reason: str, *, size: int, visibility: str, by: Any = None) -> Upload:
    """A file refused before it was kept (over the size limit): only its outcome is recorded."""
    return Upload.objects.create(
        sha256="",
        name=name[:500],
        size=size,
        visibility=visibility,
        by=by,
        status=Status.REFUSED,
        reason=reason,
        finished_at=timezone.now(),
    )


def take(upload_id: int, worker: str) -> Upload | None:
    """The upload, now held by `worker`; None when it is not queued (another worker has it, or it
    is settled)."""
    claimed = Upload.objects.filter(pk=upload_id, status=Status.QUEUED).update(
        status=Status.PROCESSING, worker=worker[:200], started_at=timezone.now(), attempts=F("attempts") + 1
    )
    return Upload.objects.select_related("by").get(pk=upload_id) if claimed else None


def incoming_bytes(upload: Upload) -> bytes:
    """The bytes handed in, opened when sealed; checked against the hash taken when they came.

    Raises OSError when they are gone and ValueError when they are not the bytes handed in.
    """
    blob = incoming_path(upload).read_bytes()
    data = sealed.open_bytes(upload.sha256, _PART, blob) if upload.confidential else blob
    if hashlib.sha256(data).hexdigest() != upload.sha256:
        raise ValueError("the file kept for this upload is not the one handed in; add it again")
    return data


def finish(
    upload: Upload,
    worker: str,
    status: str,
    *,
    reason: str = "",
    document: Document | None = None,
    facts: dict[str, int] | None = None,
) -> bool:
    """Settle an upload held by `worker`, and drop its bytes. False (nothing changed) when the
    upload was given back to the queue meanwhile and someone else holds it."""
    upload.status, upload.reason, upload.document = status, reason[:2000], document
    upload.facts, upload.finished_at = facts or {}, timezone.now()
    with transaction.atomic():
        # save() through the model, so that a confidential upload's reason is sealed on write.
        mine = Upload.objects.select_for_update().filter(
            pk=upload.pk, status=Status.PROCESSING, worker=worker[:200]
        )
        if not mine.exists():
            return False
        upload.save(update_fields=["status", "reason", "document", "facts", "finished_at"])
    incoming_path(upload).unlink(missing_ok=True)
    return True


def recover(*, stale: float | None = None) -> int:
    """Give back to the queue the uploads held by workers that are gone: a process of this machine
    that no longer runs, or any worker holding one longer than `stale` seconds. How many."""
    stale = stale if stale is not None else stale_seconds()
    cutoff = timezone.now() - timedelta(seconds=stale)
    given_back = 0
    for pk, worker, started in Upload.objects.filter(status=Status.PROCESSING).values_list(
        "pk", "worker", "started_at"
    ):
        if worker_gone(worker) or started is None or started < cutoff:
            given_back += Upload.objects.filter(pk=pk, status=Status.PROCESSING, worker=worker).update(
                status=Status.QUEUED, worker=""
            )
    return given_back


def stale_seconds() -> float:
    # Longer than any file may take: its OCR budget, and the child's time beyond it.
    return float(settings.REFWATCH_OCR_SECONDS_PER_FILE) * 2 + 600


def worker_name() -> str:
    """A name for a worker that says where it runs: host, process id, and a random tail (a
    process may run several worker threads)."""
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{os.urandom(4).hex()}"


def worker_gone(worker: str) -> bool:
    """True when `worker` names a process of this machine that no longer runs."""
    host, _, rest = worker.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname()[:30] or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
