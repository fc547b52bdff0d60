"""Adding documents from the browser: the same path as `refwatch ingest`, one file at a time.

Each file goes in in its own transaction (refwatch.knowledge.store.add): a file that is refused
stores nothing and the others of the same upload still go in. The request is synchronous: a
scanned PDF is bounded by REFWATCH_OCR_SECONDS_PER_FILE, and waitress serves other readers on
its other threads meanwhile.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import InMemoryUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from refwatch.knowledge import store
from refwatch.knowledge.access import ANALYST, PROTECTION_OFFICER, grant, has_role
from refwatch.knowledge.models import Visibility
from refwatch.protection import audit

log = logging.getLogger(__name__)

DOC_TYPES = [
    ("", "read it from the text"),
    *((t, t) for t in ("letter", "news", "report", "statement", "other")),
]


class MemoryOnlyUpload(FileUploadHandler):
    """Every uploaded file kept in memory, up to REFWATCH_MAX_FILE_BYTES; never written to disk.

    Django's default handlers write a file over 2.5 MB to the system's temporary folder, in clear,
    for the length of the request: a confidential file must not touch disk before it is sealed.
    Past the limit the bytes are dropped as they come and the file is handed on empty with its
    real size, which `_add` refuses with the limit in its message.
    """

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()
        self.size = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.size += len(raw_data)
        if self.size <= settings.REFWATCH_MAX_FILE_BYTES:
            self.buffer.write(raw_data)
        elif self.buffer.tell():
            self.buffer = io.BytesIO()  # over the limit: nothing of it is kept
        return None

    def file_complete(self, file_size: int) -> UploadedFile:
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=self.size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name (Django's documented recipe: FileField takes one)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        # An empty file is refused by ingest, with the same message as on the command line.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        one = super().clean
        if isinstance(data, list | tuple) and data:
            return [one(d, initial) for d in data]
        return [one(data or None, initial)]  # none given: the field's "required" error


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="Files",
        help_text="Letters, reports, news: PDF (scanned ones are read with OCR), DOCX, HTML, text or Markdown.",
    )
    visibility = forms.ChoiceField(
        choices=Visibility.choices,
        initial=Visibility.INTERNAL,
        help_text="Confidential: names found in it become protected persons; only protection "
        "officers, and you, see it.",
    )
    published = forms.DateField(
        required=False,
        label="Published on",
        help_text="When the text gives no date; dates such as “last week” are read against it.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    doc_type = forms.ChoiceField(choices=DOC_TYPES, required=False, label="Type")
    title = forms.CharField(required=False, max_length=500, help_text="Applies when one file is added.")


@dataclass
class Outcome:
    name: str
    status: str  # added, skipped, refused
    document: Any = None
    reason: str = ""
    facts: str = ""


def upload(request: HttpRequest) -> HttpResponse:
    if not has_role(request.user, ANALYST):
        raise PermissionDenied
    outcomes: list[Outcome] = []
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            outcomes = [_add(request, f, form.cleaned_data) for f in form.cleaned_data["files"]]
            form = UploadForm(initial={"visibility": form.cleaned_data["visibility"]})
    elif request.method == "GET":
        form = UploadForm()
    else:
        return HttpResponse("Use GET or POST.", status=405, content_type="text/plain")
    return render(
        request,
        "web/upload.html",
        {
            "form": form,
            "outcomes": outcomes,
            "max_mb": settings.REFWATCH_MAX_FILE_BYTES // (1024 * 1024),
        },
    )


def _meta(cleaned: dict[str, Any], single: bool) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    published: date | None = cleaned.get("published")
    if published:
        meta["published"] = published.isoformat()
    if cleaned.get("doc_type"):
        meta["type"] = cleaned["doc_type"]
    if single and cleaned.get("title"):
        meta["title"] = cleaned["title"].strip()
    return meta


def _add(request: HttpRequest, upload: UploadedFile, cleaned: dict[str, Any]) -> Outcome:
    from refwatch.extract import ExtractionError
    from refwatch.ingest import IngestError, read

    name = upload.name or "upload"
    limits = store.limits_from_settings()
    visibility = cleaned["visibility"]
    if upload.size is not None and upload.size > limits.max_bytes:
        # Refused before its bytes are read into memory.
        return Outcome(
            name, "refused", reason=f"{upload.size:,} bytes is over the limit of {limits.max_bytes:,} bytes"
        )
    try:
        ingested = read(upload.read(), name, limits=limits)
        result = store.add(ingested, meta=_meta(cleaned, len(cleaned["files"]) == 1), visibility=visibility)
    except (IngestError, ExtractionError, ValueError, OSError) as error:
        return Outcome(name, "refused", reason=" ".join(str(error).split()) or type(error).__name__)
    except Exception:
        # A bug of ours: logged with its traceback, the other files still go in.
        log.exception("internal error while adding an uploaded file")
        return Outcome(name, "refused", reason="internal error; the administrator can read the log")
    doc = result.document
    if not result.created:
        return Outcome(name, "skipped", document=doc, reason="already stored")
    if visibility == Visibility.CONFIDENTIAL and not has_role(request.user, PROTECTION_OFFICER):
        # Whoever adds a confidential file has it already: they keep seeing it.
        grant(doc, user=request.user)
    audit.record(request.user, "ingest", doc, request, visibility=visibility, via="upload")
    return Outcome(name, "added", document=doc, facts=store.describe_counts(result.counts))
